//! Where a subheading goes: after the top-level Markdown block (paragraph,
//! list, blockquote, code block, table) that holds its snippet, matched by
//! words, without case, across line wraps, within one block. The renderer
//! places subheadings with [`Blocks::locate`] and the validator checks
//! snippets with it, so a snippet the validator passes is one the renderer
//! places, and a re-ask says why one is not.

use super::{entry_words, snippet_words, Instructions, Problem, Rules, Words};
use pulldown_cmark::{Event, Options, Parser};
use std::cell::OnceCell;
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
    /// The same heading is in the article already (an earlier run's).
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

/// The top-level blocks of an article, with their words.
pub struct Blocks<'a> {
    article: &'a str,
    ranges: Vec<Range<usize>>,
    words: Vec<Words>,
    /// The whole article's words, made only when a snippet is not in any
    /// one block (to tell a snippet across blocks from a made-up one).
    all: OnceCell<Words>,
}

impl<'a> Blocks<'a> {
    /// The blocks of `article`.
    pub fn of(article: &'a str) -> Self {
        let ranges = top_level_blocks(article);
        let words = ranges
            .iter()
            .map(|b| Words::of(&article[b.clone()]))
            .collect();
        Blocks {
            article,
            ranges,
            words,
            all: OnceCell::new(),
        }
    }

    /// The byte ranges of the blocks, in order.
    pub fn ranges(&self) -> &[Range<usize>] {
        &self.ranges
    }

    /// Whether block `index` is a heading (false past the last block).
    pub fn is_heading(&self, index: usize) -> bool {
        self.ranges.get(index).is_some_and(|b| {
            let text = self.article[b.clone()].trim_start();
            text.starts_with('#') || text.starts_with("<h")
        })
    }

    /// The headings the article has, as written.
    pub fn headings(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.ranges.len())
            .filter(|&i| self.is_heading(i))
            .map(|i| self.article[self.ranges[i].clone()].trim())
    }

    /// The block a subheading with `snippet` goes after: the first that
    /// holds the snippet's words, unless a heading follows it.
    pub fn locate(&self, snippet: &str) -> Result<usize, Miss> {
        match self.words.iter().position(|w| w.contain(snippet)) {
            Some(index) if self.is_heading(index + 1) => Err(Miss::HeadingFollows),
            Some(index) => Ok(index),
            None if self
                .all
                .get_or_init(|| Words::of(self.article))
                .contain(snippet) =>
            {
                Err(Miss::AcrossBlocks)
            }
            None => Err(Miss::NotFound),
        }
    }

    /// Where each subheading goes, in order: [`Blocks::locate`], and a
    /// block taken by an earlier subheading is not taken again.
    pub fn assign<'s>(
        &self,
        snippets: impl IntoIterator<Item = &'s str>,
    ) -> Vec<Result<usize, Miss>> {
        let mut taken = Vec::new();
        snippets
            .into_iter()
            .map(|snippet| {
                let index = self.locate(snippet)?;
                if taken.contains(&index) {
                    return Err(Miss::SameBlock);
                }
                taken.push(index);
                Ok(index)
            })
            .collect()
    }

    /// How many times the snippet's words occur within blocks.
    pub fn occurrences(&self, snippet: &str) -> usize {
        self.words.iter().map(|w| w.count(snippet)).sum()
    }
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
        let blocks = Blocks::of(article);
        let places = blocks.assign(subheadings.iter().map(|s| s.after_text_snippet.as_str()));
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
            match place {
                Err(why) => out.push(Problem {
                    unplaced: true,
                    ..Problem::soft(&path, format!("{quoted} {why}"))
                }),
                Ok(_) => {
                    let times = blocks.occurrences(snippet);
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

/// Byte ranges of the top-level blocks.
fn top_level_blocks(article: &str) -> Vec<Range<usize>> {
    let mut blocks = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    for (event, range) in Parser::new_ext(article, options).into_offset_iter() {
        match event {
            Event::Start(_) => {
                if depth == 0 {
                    start = range.start;
                }
                depth += 1;
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    blocks.push(start..range.end);
                }
            }
            Event::Rule | Event::Html(_) if depth == 0 => blocks.push(range),
            _ => {}
        }
    }
    blocks
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
        assert_eq!(
            blocks.assign(["two starts here", "starts here and ends", "a list item"]),
            [Ok(1), Err(Miss::SameBlock), Ok(2)]
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
        assert_eq!(blocks.headings().collect::<Vec<_>>(), ["## Heading"]);
    }
}
