//! Jekyll's excerpt kept whole through a rewrap: the excerpt separator
//! (the first blank line of a post's content) stays outside every raw
//! block, so Jekyll cuts the excerpt where it cut it before and has no
//! "Excerpt modified" warning to give.

/// A part of [`super::assemble`]'s output: written as it is, or protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Segment<'a> {
    /// White space and live tags, outside any raw block.
    Plain(&'a str),
    /// Text shown as written, through `protect_into`.
    Raw(&'a str),
}

/// Keeps Jekyll's excerpt separator (the first blank line, `"\n\n"`, of
/// the post's content) outside every raw block. Jekyll cuts the excerpt
/// there before Liquid runs: a separator inside a raw block leaves the
/// excerpt an open `{% raw %}`, which Jekyll closes with a warning
/// ("Excerpt modified"), and where the block starts with the blank lines
/// that open the body the excerpt is empty.
///
/// Two moves, neither changing what the post shows: the body's leading
/// blank lines go before the first raw block (Jekyll's front matter match
/// eats them, as it did in the original), and the raw block holding the
/// first blank line is cut in two around it. A raw block's output holds
/// a blank line exactly where its text does (the escapes add no line
/// ends), so the search is on the text.
pub(super) fn keep_excerpt_outside(segments: &mut Vec<Segment<'_>>) {
    let is_space = |c: char| matches!(c, ' ' | '\t' | '\r' | '\n' | '\u{c}' | '\u{b}');
    // The leading white space of the body, wherever it sits.
    let mut first = 0;
    while matches!(segments.get(first), Some(Segment::Plain(text)) if text.chars().all(is_space)) {
        first += 1;
    }
    if let Some(&Segment::Raw(text)) = segments.get(first) {
        let space = text.len() - text.trim_start_matches(is_space).len();
        if let Some(newline) = text[..space].rfind('\n') {
            let (lines, rest) = text.split_at(newline + 1);
            segments.splice(first..=first, [Segment::Plain(lines), Segment::Raw(rest)]);
            first += 1;
        }
    }
    // The first blank line after the content's start: in plain text it is
    // outside already; in a raw block, the block is cut around it.
    let mut previous_newline = false;
    for index in first..segments.len() {
        match segments[index] {
            Segment::Plain(text) => {
                if (previous_newline && text.starts_with('\n')) || text.contains("\n\n") {
                    return;
                }
                if !text.is_empty() {
                    previous_newline = text.ends_with('\n');
                }
            }
            Segment::Raw(text) => {
                if let Some(at) = text.find("\n\n") {
                    let (head, tail) = (&text[..at], &text[at + 2..]);
                    // A blank line next to a live tag's `-%}` or `{%-`
                    // (white space between them aside) would be stripped
                    // with it: an empty raw block keeps the two apart (it
                    // shows nothing).
                    let blank = |s: &&Segment<'_>| matches!(s, Segment::Plain(t) if t.chars().all(is_space));
                    let neighbour = |segment: Option<&Segment<'_>>, tag: fn(&str) -> bool| matches!(segment, Some(Segment::Plain(t)) if tag(t));
                    let before = segments[..index].iter().rev().find(|s| !blank(s));
                    let after = segments[index + 1..].iter().find(|s| !blank(s));
                    let keep_head = !head.is_empty() || neighbour(before, |t| t.ends_with("-%}"));
                    let keep_tail = !tail.is_empty() || neighbour(after, |t| t.starts_with("{%-"));
                    let mut parts = Vec::with_capacity(3);
                    if keep_head {
                        parts.push(Segment::Raw(head));
                    }
                    parts.push(Segment::Plain("\n\n"));
                    if keep_tail {
                        parts.push(Segment::Raw(tail));
                    }
                    segments.splice(index..=index, parts);
                    return;
                }
                previous_newline = false;
            }
        }
    }
}
