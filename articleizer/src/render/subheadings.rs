//! Placing subheadings: each goes after the top-level Markdown block
//! (paragraph, list, blockquote, code block, table) that holds its snippet,
//! matched by words, without case, across line wraps, within one block.
//! Never inside a code block or a list, never splitting a paragraph.

use crate::instructions::{Subheading, Words};
use pulldown_cmark::{Event, Options, Parser};
use std::ops::Range;

/// Where a subheading landed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// The heading as inserted.
    pub heading: String,
    /// 1-based line of the article after which it goes.
    pub after_line: usize,
    /// The last line of the block it follows.
    pub before: String,
    /// The first line of the block that follows it (empty at the end).
    pub after: String,
}

/// The article with the headings inserted, where each landed, and the
/// subheadings whose snippet no single block holds (or whose block is
/// followed by a heading already).
pub fn place(
    article: &str,
    subheadings: &[Subheading],
) -> (String, Vec<Placement>, Vec<Subheading>) {
    let blocks = top_level_blocks(article);
    let block_words: Vec<Words> = blocks
        .iter()
        .map(|b| Words::of(&article[b.clone()]))
        .collect();
    // Headings the article has already (from an earlier run, say): the
    // same heading is not added twice.
    let mut present: Vec<String> = blocks
        .iter()
        .filter(|b| is_heading(article, Some(b)))
        .map(|b| article[b.clone()].trim().to_string())
        .collect();
    let mut inserts: Vec<(usize, usize, String)> = Vec::new();
    let mut placements = Vec::new();
    let mut unmatched = Vec::new();
    for (order, item) in subheadings.iter().enumerate() {
        let found = block_words
            .iter()
            .position(|w| w.contain(&item.after_text_snippet));
        // Never a heading right before another (an article that already
        // has its headings, say from an earlier run): stacked headings
        // leave an empty section.
        let heading = normalize_heading(&item.subheading);
        let Some(index) = found
            .filter(|&i| !is_heading(article, blocks.get(i + 1)))
            .filter(|_| !present.contains(&heading))
        else {
            unmatched.push(item.clone());
            continue;
        };
        present.push(heading.clone());
        let end = article[..blocks[index].end]
            .trim_end_matches(['\n', '\r', ' ', '\t'])
            .len();
        let after_line = article[..end].lines().count().max(1);
        let before = article[blocks[index].start..end]
            .lines()
            .last()
            .unwrap_or("")
            .to_string();
        let after = blocks.get(index + 1).map_or_else(String::new, |b| {
            article[b.clone()].lines().next().unwrap_or("").to_string()
        });
        placements.push(Placement {
            heading: heading.clone(),
            after_line,
            before,
            after,
        });
        inserts.push((end, order, heading));
    }
    inserts.sort();
    let mut out = String::with_capacity(article.len() + 256);
    let mut copied = 0;
    for (at, _, heading) in inserts {
        // `at` is the end of the block's last line.
        out.push_str(&article[copied..at]);
        out.push_str("\n\n");
        out.push_str(&heading);
        // A blank line after the heading too (markdownlint MD022), also
        // where the block ran straight into the next (a paragraph into a
        // code fence).
        let rest = &article[at..];
        let next_line = rest
            .strip_prefix("\r\n")
            .or_else(|| rest.strip_prefix('\n'))
            .map(|after| after.split('\n').next().unwrap_or(""));
        if next_line.is_some_and(|line| !line.trim().is_empty()) {
            out.push('\n');
        }
        copied = at;
    }
    out.push_str(&article[copied..]);
    (out, placements, unmatched)
}

/// A heading line from the editor's text: its `#` marks kept when it has
/// them (`### x`), else a `##` heading; the text after them is made safe
/// to publish ([`super::untrusted::heading`]).
fn normalize_heading(text: &str) -> String {
    let text = text.trim();
    let marks = text.bytes().take_while(|b| *b == b'#').count();
    let rest = &text[marks..];
    let (level, rest) =
        if (1..=6).contains(&marks) && (rest.is_empty() || rest.starts_with([' ', '\t'])) {
            (marks, rest)
        } else {
            (2, text)
        };
    format!("{} {}", "#".repeat(level), super::untrusted::heading(rest))
}

/// Whether `block` of `article` is a heading.
fn is_heading(article: &str, block: Option<&Range<usize>>) -> bool {
    block.is_some_and(|b| {
        let text = article[b.clone()].trim_start();
        text.starts_with('#') || text.starts_with("<h")
    })
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
    use serde_json::Map;

    fn sub(heading: &str, snippet: &str) -> Subheading {
        Subheading {
            subheading: heading.into(),
            after_text_snippet: snippet.into(),
            extra: Map::new(),
        }
    }

    #[test]
    fn headings_go_after_whole_blocks() {
        let article = "First paragraph that wraps\nacross two lines.\n\n- a list item\n- another item\n\n```python\nx = 1\n```\n\nLast one.\n";
        let (out, placed, unmatched) = place(
            article,
            &[
                sub("## After the list", "A LIST item"),
                sub("## Wrapped", "wraps across two"),
                sub("Code done", "x = 1"),
            ],
        );
        assert!(unmatched.is_empty());
        assert_eq!(
            out,
            "First paragraph that wraps\nacross two lines.\n\n## Wrapped\n\n- a list item\n- another item\n\n## After the list\n\n```python\nx = 1\n```\n\n## Code done\n\nLast one.\n"
        );
        assert_eq!(placed[0].after_line, 5);
        assert_eq!(placed[0].before, "- another item");
    }

    #[test]
    fn a_heading_always_has_blank_lines_around_it() {
        let article = "Run this:\n```sh\nmake\n```\nDone.\n";
        let (out, _, unmatched) = place(article, &[sub("## Build", "Run this")]);
        assert!(unmatched.is_empty());
        assert_eq!(out, "Run this:\n\n## Build\n\n```sh\nmake\n```\nDone.\n");
        let (out, _, _) = place("One.\n\nTwo.\n", &[sub("## X", "One")]);
        assert_eq!(out, "One.\n\n## X\n\nTwo.\n");
        let (out, _, _) = place("One.", &[sub("## End", "One")]);
        assert_eq!(out, "One.\n\n## End");
    }

    #[test]
    fn typographic_variants_of_a_snippet_match() {
        let article = "It doesn’t “just work”—it’s fine…\n\nNext.\n";
        let (out, _, unmatched) = place(
            article,
            &[sub("## Y", "it doesn't \"just work\" - it's fine...")],
        );
        assert!(unmatched.is_empty(), "{unmatched:?}");
        assert!(out.contains("fine…\n\n## Y\n\nNext."));
    }

    #[test]
    fn a_snippet_across_blocks_is_reported() {
        let (out, _, unmatched) = place("One.\n\nTwo.\n", &[sub("## X", "One. Two.")]);
        assert_eq!(out, "One.\n\nTwo.\n");
        assert_eq!(unmatched.len(), 1);
    }
}
