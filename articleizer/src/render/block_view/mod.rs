//! A text to parse for its block structure only.
//!
//! CommonMark reads a text in two phases: blocks first (decided by each
//! line's start, by a few whole lines, and by HTML blocks' end markers),
//! then the inlines of each block. pulldown-cmark's first pass does both at
//! once, and keeps a tree node of some fifty bytes for every inline mark it
//! meets (`[`, `]`, `<`, `&`, `*`...): an article of sixteen million `[`
//! took a gigabyte to find its paragraphs. The passes that need only the
//! blocks (where subheadings go, where an old post's generated parts are)
//! parse [`block_view`] instead: the same text, byte for byte at the same
//! offsets, with the inline marks that cannot change the block structure
//! written as a plain letter, and the line break between two lines of
//! plain text written as a space (the parser keeps two nodes per line: a
//! text of a million short lines took 400 MB).

use std::borrow::Cow;
use text_lines::{after_markers, may_be_delimiter_row, plain_indent, plain_item, text_indent};

/// The bytes pulldown-cmark makes inline nodes of (with tables and
/// strikethrough on; `|` is left alone, as a table's cells are counted by
/// it in the first phase).
fn is_inline_mark(byte: u8) -> bool {
    matches!(
        byte,
        b'[' | b']' | b'!' | b'<' | b'&' | b'\\' | b'`' | b'*' | b'_' | b'~'
    )
}

/// What stands in for an inline mark: a letter, which starts no block and
/// ends none.
const PLAIN: u8 = b'x';

/// `text` with every inline mark that cannot decide its block structure
/// written as [`PLAIN`]. Kept as written: each line's container markers
/// and indentation and the first character after them (a block's
/// opener); whole lines that can be a fence, a thematic break, a setext
/// underline or a table's delimiter row; an HTML block's opening tag and
/// the end marker that closes it; a link reference definition's label; a
/// backslash before `|` (a table cell's escaped pipe) or at a line's end.
///
/// Two lines of plain text (each starting with a letter after its
/// indentation, without container markers, `|` or `>`), the second
/// indented at least as much as the first, are one line: the second
/// continues whatever block the first is in (a paragraph, code, an HTML
/// block), and nothing on either can start or end a block.
///
/// Containers nested past [`MAX_NESTING`] on one line are read as text:
/// the top-level block is the same, and a line of a million `> ` is not
/// a million nested quotations.
pub(crate) fn block_view(text: &str) -> Cow<'_, str> {
    let mut out = text.as_bytes().to_vec();
    // Whether an HTML block of the kinds that run past blank lines and end
    // at a marker with an inline mark in it may be open: a raw tag's
    // (`<pre>`...), a CDATA section's.
    let mut html_end = [false; 2];
    let mut at = 0;
    // The indentation and the line break of the line before, when it was
    // text the next line may join ([`text_indent`]).
    let mut text_before: Option<(usize, usize)> = None;
    // The kind of list item the line before was, and its text's column,
    // when it was one of text at no indentation.
    let mut item_before: Option<(u8, usize)> = None;
    let mut blank_before = true;
    let mut maybe_definition = false;
    let mut lines = lines(text).peekable();
    while let Some(line) = lines.next() {
        let bytes = line.as_bytes();
        let ending = bytes.len() - trim_line_end(bytes).len();
        let mut plain = plain_indent(bytes);
        item_before = match plain_item(bytes) {
            // The next item of a tight list of plain items reads as more
            // text of the first: the list, a top-level block, ends where
            // it did, and a list of a million items is not a million
            // items in the parser's tree.
            // (Of the same column: a line after the list belongs to the
            // last item by its indentation.)
            Some((kind, marker, column)) if item_before == Some((kind, column)) => {
                out[at..at + marker].fill(b' ');
                plain = Some(column);
                Some((kind, column))
            }
            // A list starts here for certain: after a blank line, or with
            // a bullet or a 1 (which interrupt a paragraph).
            Some((kind, marker, column))
                if blank_before || marker == 1 || bytes[0] == b'1' && marker == 2 =>
            {
                Some((kind, column))
            }
            _ => None,
        };
        blank_before = trim_line_end(bytes).trim_ascii().is_empty();
        // A link reference definition may start here and run over the
        // next lines (its destination, its title), which joining would
        // change: no line joins another until a blank line.
        let label = bytes.trim_ascii_start().first() == Some(&b'[');
        maybe_definition = (maybe_definition || label) && !blank_before;
        let text_here = match plain {
            _ if maybe_definition => None,
            Some(indent) => Some(indent),
            None => text_indent(bytes),
        };
        // A line before a possible delimiter row may be a table's header
        // (or make one of the line it would join): it stays a line.
        let mut may_head = || {
            lines
                .peek()
                .is_some_and(|next| may_be_delimiter_row(after_markers(next.as_bytes())))
        };
        let mut joined = false;
        if let (Some((before, gap)), Some(indent)) = (text_before, text_here) {
            if indent >= before && !may_head() {
                out[at - gap..at].fill(b' ');
                joined = true;
            }
        }
        text_before = text_here.map(|indent| (indent, ending));
        let here = &mut out[at..at + bytes.len()];
        at += line.len();
        if blank_before {
            // Nothing to keep or to write as a letter.
            continue;
        }
        // A line of plain text is no structure, has no container marker,
        // no HTML opener and no link label: only its marks are read.
        if plain.is_none() && whole_line_is_structure(bytes) {
            continue;
        }
        let lead = lead_len(bytes, here);
        let content = &bytes[lead..];
        let mut keep = KeepRange::none();
        // The first end marker of each kind an opener left waiting (which
        // may have been in code: keeping a marker more costs a node).
        for (slot, end) in html_end.iter_mut().zip([HtmlEnd::RawTag, HtmlEnd::Cdata]) {
            if *slot {
                if let Some(found) = end.find(bytes) {
                    keep.add(found);
                    *slot = false;
                }
            }
        }
        if plain.is_none() {
            if whole_line_is_structure(content) {
                continue;
            }
            // The opener (`<div`, `<!--`, `<![CDATA[`...) of an HTML block.
            let opener = html_opener(content);
            keep.add(lead..lead + opener.len.max(1));
            if let Some(end) = opener.end {
                let from = lead + opener.len;
                match end.find(&bytes[from..]) {
                    Some(found) => keep.add(found.start + from..found.end + from),
                    None => html_end[usize::from(end == HtmlEnd::Cdata)] = true,
                }
            }
            if let Some(label_end) = link_label_end(content) {
                keep.add(lead + label_end..lead + label_end + 1);
            }
        }
        for (n, byte) in bytes.iter().enumerate().skip(lead) {
            // A joined line's `|` count no cells: a table row's cells are
            // those of the line it continues.
            let joined_bar = joined && matches!(byte, b'|' | b'\\');
            // A backslash before a cell's `|` or at a line's end (a table
            // row's, which reads otherwise without it) is kept.
            let kept_backslash =
                *byte == b'\\' && matches!(bytes.get(n + 1), Some(b'|' | b'\n' | b'\r'));
            if joined_bar || is_inline_mark(*byte) && !keep.contains(n) && !kept_backslash {
                here[n] = PLAIN;
            }
        }
    }
    if out == text.as_bytes() {
        return Cow::Borrowed(text);
    }
    // Only ASCII bytes were replaced by ASCII.
    Cow::Owned(String::from_utf8(out).unwrap_or_else(|_| text.to_string()))
}

/// How deep containers (quotations, list items) may nest on one line
/// before the rest of its markers are read as text.
pub(crate) const MAX_NESTING: usize = 64;

/// The lines of `text` as CommonMark cuts them (after `\n`, `\r\n` or a
/// lone `\r`), each with its line break.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= bytes.len() {
            return None;
        }
        let start = at;
        let end = memchr::memchr2(b'\n', b'\r', &bytes[at..]).map_or(bytes.len(), |n| {
            let n = at + n;
            if bytes[n] == b'\r' && bytes.get(n + 1) == Some(&b'\n') {
                n + 2
            } else {
                n + 1
            }
        });
        at = end;
        Some(&text[start..end])
    })
}

/// `line` without its line break.
fn trim_line_end(line: &[u8]) -> &[u8] {
    let mut end = line.len();
    while end > 0 && matches!(line[end - 1], b'\n' | b'\r') {
        end -= 1;
    }
    &line[..end]
}

/// A few byte ranges of a line kept as written.
struct KeepRange {
    ranges: [std::ops::Range<usize>; 5],
    used: usize,
}

impl KeepRange {
    fn none() -> Self {
        KeepRange {
            ranges: [0..0, 0..0, 0..0, 0..0, 0..0],
            used: 0,
        }
    }

    fn add(&mut self, range: std::ops::Range<usize>) {
        if self.used < self.ranges.len() {
            self.ranges[self.used] = range;
            self.used += 1;
        }
    }

    fn contains(&self, at: usize) -> bool {
        self.ranges[..self.used].iter().any(|r| r.contains(&at))
    }
}

/// The length of a line's container markers and indentation: spaces and
/// tabs, `>`, bullet markers and ordered list markers followed by white
/// space, as often as they come. Markers past [`MAX_NESTING`] are written
/// as [`PLAIN`] in `out` (the line's bytes in the view).
fn lead_len(line: &[u8], out: &mut [u8]) -> usize {
    let mut at = 0;
    let mut markers = 0;
    loop {
        while matches!(line.get(at), Some(b' ' | b'\t')) {
            at += 1;
        }
        let spaced = |n: usize| matches!(line.get(n), None | Some(b' ' | b'\t' | b'\n' | b'\r'));
        let mark = match line.get(at) {
            Some(b'>') => at,
            Some(b'-' | b'*' | b'+') if spaced(at + 1) => at,
            Some(b'0'..=b'9') => {
                let digits = line[at..].iter().take_while(|b| b.is_ascii_digit()).count();
                let mark = at + digits;
                if digits <= 9 && matches!(line.get(mark), Some(b'.' | b')')) && spaced(mark + 1) {
                    mark
                } else {
                    return at;
                }
            }
            _ => return at,
        };
        markers += 1;
        if markers > MAX_NESTING {
            out[mark] = PLAIN;
        }
        at = mark + 1;
    }
}

/// Whether a line (after its lead) is decided whole by the block phase:
/// a code fence's opening or closing line, or a line of only `*`, only
/// `_`, only `-`, only `=` (breaks and underlines) or only `|`, `-` and
/// `:` (a table's delimiter row), white space aside.
fn whole_line_is_structure(content: &[u8]) -> bool {
    let text = content.trim_ascii();
    if text.is_empty() {
        return false;
    }
    let first = text[0];
    if first == b'`' || first == b'~' {
        let run = text.iter().take_while(|&&b| b == first).count();
        // A backtick fence's info string has no backtick.
        return run >= 3 && (first == b'~' || !text[run..].contains(&b'`'));
    }
    let marks = text.iter().filter(|b| !matches!(b, b' ' | b'\t'));
    let only = |set: &[u8]| marks.clone().all(|b| set.contains(b));
    only(b"*") || only(b"_") || only(b"-") || only(b"=") || only(b"|-:")
}

/// An HTML block's end marker that holds an inline mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HtmlEnd {
    /// `</script>`, `</pre>`, `</style>` or `</textarea>`, any case.
    RawTag,
    /// `]]>`.
    Cdata,
}

impl HtmlEnd {
    /// Where the first end marker's inline marks are in `line`.
    fn find(self, line: &[u8]) -> Option<std::ops::Range<usize>> {
        match self {
            HtmlEnd::Cdata => line.windows(3).position(|w| w == b"]]>").map(|n| n..n + 2),
            HtmlEnd::RawTag => (0..line.len())
                .filter(|&n| line[n] == b'<' && line.get(n + 1) == Some(&b'/'))
                .find(|&n| {
                    raw_tag_name(&line[n + 2..])
                        .is_some_and(|len| line.get(n + 2 + len) == Some(&b'>'))
                })
                .map(|n| n..n + 1),
        }
    }
}

/// The length of `script`, `pre`, `style` or `textarea` (any case) at the
/// start of `text`.
fn raw_tag_name(text: &[u8]) -> Option<usize> {
    ["script", "pre", "style", "textarea"]
        .into_iter()
        .find(|name| {
            text.len() >= name.len() && text[..name.len()].eq_ignore_ascii_case(name.as_bytes())
        })
        .map(str::len)
}

/// An HTML block's opener at the start of a line's content: how many
/// bytes to keep, and the end marker to wait for.
struct Opener {
    len: usize,
    end: Option<HtmlEnd>,
}

fn html_opener(content: &[u8]) -> Opener {
    let none = Opener { len: 0, end: None };
    if content.first() != Some(&b'<') {
        return none;
    }
    if content.starts_with(b"<![CDATA[") {
        return Opener {
            len: 9,
            end: Some(HtmlEnd::Cdata),
        };
    }
    if content.starts_with(b"<!--") || content.starts_with(b"<?") {
        return Opener { len: 2, end: None };
    }
    if content.starts_with(b"<!") && content.get(2).is_some_and(u8::is_ascii_alphabetic) {
        return Opener { len: 2, end: None };
    }
    let slash = usize::from(content.get(1) == Some(&b'/'));
    let name = content[1 + slash..]
        .iter()
        .enumerate()
        .take_while(|(n, b)| {
            b.is_ascii_alphabetic() || (*n > 0 && (b.is_ascii_digit() || **b == b'-'))
        })
        .count();
    let raw = slash == 0
        && raw_tag_name(&content[1..]).is_some_and(|len| {
            len == name
                && matches!(
                    content.get(1 + len),
                    None | Some(b' ' | b'\t' | b'>' | b'\n' | b'\r')
                )
        });
    Opener {
        len: 1 + slash + name,
        end: raw.then_some(HtmlEnd::RawTag),
    }
}

/// Where a link reference definition's label ends (`[label]:`) in a line
/// that starts with one: the `]` is kept, so the definition stays one.
fn link_label_end(content: &[u8]) -> Option<usize> {
    if content.first() != Some(&b'[') {
        return None;
    }
    let close = content[1..].iter().position(|&b| b == b'[' || b == b']')? + 1;
    (content[close] == b']' && content.get(close + 1) == Some(&b':')).then_some(close)
}

mod chunks;
mod table;
#[cfg(test)]
mod tests;
mod text_lines;

pub(crate) use chunks::{top_level_blocks, BlockKind};
