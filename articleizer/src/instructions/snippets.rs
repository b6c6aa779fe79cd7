//! Where a subheading goes: after the top-level Markdown block (paragraph,
//! list, blockquote, code block, table) that holds its snippet, matched by
//! words, without case, across line wraps, within one block. One function,
//! [`Blocks::places`], answers "where does each subheading go, or why
//! not" for the renderer, which places them, and for the validator, which
//! re-asks for those it cannot place: a snippet the validator passes is
//! one the renderer places, and a re-ask says why one is not.

use super::snippet_index;
use super::{entry_words, snippet_words, Instructions, Problem, Rules, Subheading};
use pulldown_cmark::Options;
use std::ops::Range;

/// Why no subheading goes after a snippet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Miss {
    /// The snippet's words are nowhere in the article.
    NotFound,
    /// The words are in the article, but run from one block into the next.
    AcrossBlocks,
    /// The block holding the snippet is followed by a heading already
    /// (stacked headings leave an empty section).
    HeadingFollows,
    /// The same heading is in the article already (an earlier run's), or
    /// an earlier subheading has it.
    HeadingPresent,
    /// An earlier subheading goes after the same block (two headings in a
    /// row leave an empty section).
    SameBlock,
}

impl std::fmt::Display for Miss {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Miss::NotFound => "is not in the article",
            Miss::AcrossBlocks => {
                "runs from one block of the article into the next: take it from the end of one paragraph, list or code block"
            }
            Miss::HeadingFollows => "ends a block that a heading follows already",
            Miss::HeadingPresent => "is for a heading the article has already",
            Miss::SameBlock => {
                "ends the same block as an earlier subheading's snippet: one heading per block"
            }
        })
    }
}

/// Where one subheading goes, and how often its snippet occurs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The block it goes after (its number among the article's top-level
    /// blocks), or why it has none.
    pub block: Result<usize, Miss>,
    /// The byte range of that block (empty when it has none).
    pub range: Range<usize>,
    /// The byte range of the block after it, if any.
    pub next: Option<Range<usize>>,
    /// How many times blocks hold the snippet's words.
    pub occurrences: usize,
    /// The heading as it is inserted ([`heading_line`]).
    pub heading: String,
}

/// The top-level blocks of an article, found as they are needed: one walk
/// over them answers each question, and none is kept (an article of
/// millions of tiny blocks is never held as a list of them).
pub struct Blocks<'a> {
    article: &'a str,
}

/// What one walk keeps of a block that is the first to hold a snippet.
#[derive(Default)]
struct Found {
    range: Range<usize>,
    /// The block after it, and whether it is a heading.
    next: Option<(Range<usize>, bool)>,
}

impl<'a> Blocks<'a> {
    /// The blocks of `article`.
    pub fn of(article: &'a str) -> Self {
        Blocks { article }
    }

    /// Whether the block at `range` is a heading.
    fn is_heading(&self, range: &Range<usize>) -> bool {
        let text = self.article[range.clone()].trim_start();
        text.starts_with('#') || text.starts_with("<h")
    }

    /// The headings the article has, as written.
    pub fn headings(&self) -> Vec<&'a str> {
        let mut out = Vec::new();
        top_level_blocks(self.article, |range| {
            if self.is_heading(&range) {
                out.push(self.article[range].trim());
            }
        });
        out
    }

    /// Where each subheading goes, in order: after the first block that
    /// holds its snippet's words, unless a heading follows that block,
    /// the article (or an earlier subheading) has the same heading, or an
    /// earlier subheading took the block. All snippets are found in one
    /// walk over the article's blocks and words ([`snippet_index`]),
    /// which keeps only the blocks that hold a snippet first.
    pub fn places(&self, subheadings: &[Subheading]) -> Vec<Place> {
        let mut finder =
            snippet_index::Finder::new(subheadings.iter().map(|s| s.after_text_snippet.as_str()));
        // Only the article's headings that a subheading has are kept (an
        // article of a million headings is not copied).
        let wanted: std::collections::HashSet<String> = subheadings
            .iter()
            .map(|s| heading_line(&s.subheading))
            .collect();
        let mut present: std::collections::HashSet<String> = std::collections::HashSet::new();
        let mut found: std::collections::HashMap<usize, Found> = std::collections::HashMap::new();
        let mut index = 0;
        let mut waiting: Option<usize> = None;
        top_level_blocks(self.article, |range| {
            let heading = self.is_heading(&range);
            if let Some(before) = waiting.take().and_then(|n| found.get_mut(&n)) {
                before.next = Some((range.clone(), heading));
            }
            if heading {
                let text = self.article[range.clone()].trim();
                if wanted.contains(text) {
                    present.insert(text.to_string());
                }
            }
            if finder.block(self.article, range.clone()) {
                found.insert(index, Found { range, next: None });
                waiting = Some(index);
            }
            index += 1;
        });
        let hits = finder.finish(self.article);
        let mut taken = std::collections::HashSet::new();
        subheadings
            .iter()
            .zip(hits)
            .map(|(item, hits)| {
                let heading = heading_line(&item.subheading);
                let at = hits.first_block.and_then(|n| Some((n, found.get(&n)?)));
                let block = match at {
                    None if hits.anywhere => Err(Miss::AcrossBlocks),
                    None => Err(Miss::NotFound),
                    Some((_, f)) if f.next.as_ref().is_some_and(|n| n.1) => {
                        Err(Miss::HeadingFollows)
                    }
                    Some(_) if present.contains(&heading) => Err(Miss::HeadingPresent),
                    Some((index, _)) if !taken.insert(index) => Err(Miss::SameBlock),
                    Some((index, _)) => {
                        present.insert(heading.clone());
                        Ok(index)
                    }
                };
                let (range, next) = match (&block, at) {
                    (Ok(_), Some((_, f))) => {
                        (f.range.clone(), f.next.as_ref().map(|n| n.0.clone()))
                    }
                    _ => (0..0, None),
                };
                Place {
                    block,
                    range,
                    next,
                    occurrences: hits.times,
                    heading,
                }
            })
            .collect()
    }

    /// The block a subheading with `snippet` goes after, as
    /// [`Blocks::places`] finds it for a subheading alone.
    pub fn locate(&self, snippet: &str) -> Result<usize, Miss> {
        self.places(&[Subheading {
            after_text_snippet: snippet.to_string(),
            ..Subheading::default()
        }])
        .remove(0)
        .block
    }

    /// How many times blocks hold the snippet's words.
    pub fn occurrences(&self, snippet: &str) -> usize {
        self.places(&[Subheading {
            after_text_snippet: snippet.to_string(),
            ..Subheading::default()
        }])
        .remove(0)
        .occurrences
    }
}

/// A heading line from the editor's text: its `#` marks kept when it has
/// them (`### x`), else a `##` heading; the text after them is made safe
/// to publish ([`crate::render::untrusted::heading`]).
pub fn heading_line(text: &str) -> String {
    let text = text.trim();
    let marks = text.bytes().take_while(|b| *b == b'#').count();
    let rest = &text[marks..];
    let (level, rest) =
        if (1..=6).contains(&marks) && (rest.is_empty() || rest.starts_with([' ', '\t'])) {
            (marks, rest)
        } else {
            (2, text)
        };
    format!(
        "{} {}",
        "#".repeat(level),
        crate::render::untrusted::heading(rest)
    )
}

/// A snippet as a problem quotes it: escaped (it is the editor's text, and
/// may reach a terminal) and cut short.
pub(super) fn quoted(text: &str) -> String {
    const MAX: usize = 80;
    let short: String = text.chars().take(MAX).collect();
    if short.len() < text.len() {
        format!("{:?}...", short)
    } else {
        format!("{short:?}")
    }
}

impl Instructions {
    /// The subheadings' problems: their count for the entry's length, and
    /// each snippet as the renderer will place it.
    pub(super) fn validate_subheadings(
        &self,
        article: &str,
        rules: &Rules,
        out: &mut Vec<Problem>,
    ) {
        let subheadings = &self.editing_instructions.insert_subheadings;
        let words = entry_words(article);
        let (least, most) = rules.subheadings_for(words);
        let n = subheadings.len();
        if n < least || n > most {
            out.push(Problem::soft(
                "editing_instructions.insert_subheadings",
                format!("has {n} items, want {least}-{most} for an entry of {words} words"),
            ));
        }
        let places = Blocks::of(article).places(subheadings);
        let (few, many) = rules.snippet_words;
        for ((i, item), place) in subheadings.iter().enumerate().zip(places) {
            let path = format!("editing_instructions.insert_subheadings[{i}]");
            if !item.subheading.trim_start().starts_with("## ") {
                out.push(Problem::soft(
                    &format!("{path}.subheading"),
                    "does not start with \"## \"".to_string(),
                ));
            }
            let path = format!("{path}.after_text_snippet");
            let snippet = &item.after_text_snippet;
            let quoted = quoted(snippet);
            let length = snippet_words(snippet);
            if length < few || length > many {
                out.push(Problem::soft(
                    &path,
                    format!("{quoted} has {length} words, want {few}-{many}"),
                ));
            }
            match place.block {
                Err(why) => out.push(Problem {
                    unplaced: true,
                    ..Problem::soft(&path, format!("{quoted} {why}"))
                }),
                Ok(_) => {
                    let times = place.occurrences;
                    if times > 1 {
                        out.push(Problem::soft(
                            &path,
                            format!("{quoted} occurs {times} times in the article (the heading goes after the first): take words that occur once"),
                        ));
                    }
                }
            }
        }
    }
}

/// Hands the byte range of each top-level block of `article` to `f`, in
/// order ([`top_level_blocks`]: read a chunk at a time, inline marks
/// aside).
///
/// [`top_level_blocks`]: crate::render::block_view::top_level_blocks
fn top_level_blocks(article: &str, mut f: impl FnMut(Range<usize>)) {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    crate::render::block_view::top_level_blocks(article, options, |range, _| f(range));
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARTICLE: &str = "One paragraph ends here.\n\nTwo starts here and ends.\n\n- a list item\n\n```sh\nmake all\n```\n\n## Heading\n\nOne paragraph ends here.\n";

    #[test]
    fn a_snippet_is_placed_after_its_block_of_any_kind() {
        let blocks = Blocks::of(ARTICLE);
        assert_eq!(blocks.locate("two starts here"), Ok(1));
        assert_eq!(blocks.locate("a LIST item"), Ok(2));
        assert_eq!(blocks.locate("make all"), Err(Miss::HeadingFollows));
        let subheadings: Vec<Subheading> = [
            ("## A", "two starts here"),
            ("## B", "starts here and ends"),
            ("## C", "a list item"),
            ("## A", "one paragraph ends here"),
            ("## Heading", "two starts here"),
        ]
        .into_iter()
        .map(|(heading, snippet)| Subheading {
            subheading: heading.into(),
            after_text_snippet: snippet.into(),
            ..Subheading::default()
        })
        .collect();
        let places: Vec<_> = blocks
            .places(&subheadings)
            .into_iter()
            .map(|p| p.block)
            .collect();
        assert_eq!(
            places,
            [
                Ok(1),
                Err(Miss::SameBlock),
                Ok(2),
                Err(Miss::HeadingPresent),
                Err(Miss::HeadingPresent)
            ]
        );
    }

    #[test]
    fn a_snippet_across_blocks_is_told_from_a_missing_one() {
        let blocks = Blocks::of(ARTICLE);
        assert_eq!(
            blocks.locate("ends here. Two starts"),
            Err(Miss::AcrossBlocks)
        );
        assert_eq!(blocks.locate("words never written"), Err(Miss::NotFound));
    }

    #[test]
    fn occurrences_are_counted_within_blocks() {
        let blocks = Blocks::of(ARTICLE);
        assert_eq!(blocks.occurrences("one paragraph ends here"), 2);
        assert_eq!(blocks.occurrences("two starts here"), 1);
        assert_eq!(blocks.headings(), ["## Heading"]);
    }
}
