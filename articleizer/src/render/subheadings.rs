//! Placing subheadings: each goes after the top-level Markdown block
//! (paragraph, list, blockquote, code block, table) that holds its snippet,
//! found as [`Blocks::locate`] finds it (the validator checks snippets
//! with the same search). Never inside a block, never splitting a
//! paragraph.

use crate::instructions::snippets::{Blocks, Miss};
use crate::instructions::Subheading;

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
    /// The snippet it was placed after.
    pub snippet: String,
}

/// A subheading left out of the post, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Unplaced {
    /// The subheading as the editor gave it.
    pub item: Subheading,
    /// Why it has no place.
    pub why: Miss,
}

/// The article with the headings inserted, where each landed, and the
/// subheadings left out (no single block holds the snippet, a heading
/// follows that block already, or the article has the heading).
pub fn place(article: &str, subheadings: &[Subheading]) -> (String, Vec<Placement>, Vec<Unplaced>) {
    let mut inserts: Vec<(usize, usize, String)> = Vec::new();
    let mut placements = Vec::new();
    let mut unmatched = Vec::new();
    for ((order, item), place) in subheadings
        .iter()
        .enumerate()
        .zip(Blocks::of(article).places(subheadings))
    {
        if let Err(why) = place.block {
            unmatched.push(Unplaced {
                item: item.clone(),
                why,
            });
            continue;
        }
        let heading = place.heading;
        let end = article[..place.range.end]
            .trim_end_matches(['\n', '\r', ' ', '\t'])
            .len();
        let before = article[place.range.start..end]
            .lines()
            .last()
            .unwrap_or("")
            .to_string();
        let after = place.next.map_or_else(String::new, |b| {
            article[b].lines().next().unwrap_or("").to_string()
        });
        placements.push(Placement {
            heading: heading.clone(),
            // Counted below, in one walk for all.
            after_line: end,
            before,
            after,
            snippet: item.after_text_snippet.clone(),
        });
        inserts.push((end, order, heading));
    }
    // Each placement's line, from its end offset: the line ends before it
    // are counted once for all, in text order (a count from the start for
    // each was quadratic in the number of subheadings).
    let mut by_end: Vec<usize> = (0..placements.len()).collect();
    by_end.sort_by_key(|&n| placements[n].after_line);
    let (mut counted, mut lines) = (0, 1);
    for n in by_end {
        let end = placements[n].after_line;
        lines += article.as_bytes()[counted..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        counted = end;
        placements[n].after_line = lines;
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
        assert_eq!(unmatched[0].why, Miss::AcrossBlocks);
    }
}
