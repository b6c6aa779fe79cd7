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
/// backslash before `|` (a table cell's escaped pipe).
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
    // plain text.
    let mut plain_before: Option<(usize, usize)> = None;
    for line in lines(text) {
        let bytes = line.as_bytes();
        let ending = bytes.len() - trim_line_end(bytes).len();
        let plain = plain_indent(bytes);
        if let (Some((before, gap)), Some(indent)) = (plain_before, plain) {
            if indent >= before {
                out[at - gap..at].fill(b' ');
            }
        }
        plain_before = plain.map(|indent| (indent, ending));
        let here = &mut out[at..at + bytes.len()];
        at += line.len();
        if whole_line_is_structure(bytes) {
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
        for (n, byte) in bytes.iter().enumerate().skip(lead) {
            if is_inline_mark(*byte)
                && !keep.contains(n)
                && !(*byte == b'\\' && bytes.get(n + 1) == Some(&b'|'))
            {
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

/// The indentation (in columns) of a line of plain text: one that starts
/// with a letter (or any non-ASCII character) after spaces and tabs, and
/// has no `|` (a table row) or `>` (an HTML block's end).
fn plain_indent(line: &[u8]) -> Option<usize> {
    let mut columns = 0;
    for (n, &byte) in line.iter().enumerate() {
        match byte {
            b' ' => columns += 1,
            b'\t' => columns += 4 - columns % 4,
            b if b.is_ascii_alphabetic() || b >= 0x80 => {
                let rest = &line[n..];
                return (!rest.contains(&b'|') && !rest.contains(&b'>')).then_some(columns);
            }
            _ => return None,
        }
    }
    None
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

/// What a top-level block is, as far as the passes over blocks ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BlockKind {
    /// A thematic break.
    Rule,
    /// A fenced code block.
    Fence,
    /// An HTML block.
    Html,
    /// Anything else.
    Other,
}

/// How much of a text is parsed at once, at least: the parser's tree
/// holds some fifty bytes a node, and a text of tiny blocks has a node
/// every byte or two.
const CHUNK: usize = 256 * 1024;

/// Hands each top-level block of `text` (its range, its kind) to `f`, in
/// order, as pulldown-cmark with `options` reads them, inline marks aside
/// ([`block_view`]). The text is parsed a chunk at a time, each cut
/// before a line that closes every container, paragraph, indented code
/// block and table ([`is_cut`]), so the chunk after it reads as the whole
/// text does. A fenced code block or an HTML block still open at the cut
/// (run to it, not closed) makes the chunk twice as long and parsed
/// again; in all, each byte is parsed a few times at most.
pub(crate) fn top_level_blocks(
    text: &str,
    options: pulldown_cmark::Options,
    f: impl FnMut(std::ops::Range<usize>, BlockKind),
) {
    chunked(text, options, CHUNK, f);
}

/// [`top_level_blocks`], with chunks of at least `chunk` bytes.
fn chunked(
    text: &str,
    options: pulldown_cmark::Options,
    chunk: usize,
    mut f: impl FnMut(std::ops::Range<usize>, BlockKind),
) {
    let view = block_view(text);
    let view = view.as_ref();
    let mut start = 0;
    let mut want = chunk;
    let mut blocks = Vec::new();
    while start < view.len() {
        let end = cut_after(view, start + want);
        blocks.clear();
        chunk_blocks(&view[start..end], options, &mut blocks);
        let open_at_cut = blocks.last().is_some_and(|(range, kind)| {
            range.end >= end - start
                && matches!(kind, BlockKind::Fence | BlockKind::Html)
                && !closed(&view[start + range.start..start + range.end], *kind)
        });
        if end < view.len() && open_at_cut {
            want = (end - start) * 2;
            continue;
        }
        for (range, kind) in blocks.drain(..) {
            f(range.start + start..range.end + start, kind);
        }
        start = end;
        want = chunk;
    }
}

/// The top-level blocks of one chunk.
fn chunk_blocks(
    chunk: &str,
    options: pulldown_cmark::Options,
    out: &mut Vec<(std::ops::Range<usize>, BlockKind)>,
) {
    use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(chunk, options).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    let kind = match tag {
                        Tag::CodeBlock(CodeBlockKind::Fenced(_)) => BlockKind::Fence,
                        Tag::HtmlBlock => BlockKind::Html,
                        _ => BlockKind::Other,
                    };
                    out.push((range, kind));
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Rule if depth == 0 => out.push((range, BlockKind::Rule)),
            _ if depth == 0 => out.push((range, BlockKind::Other)),
            _ => {}
        }
    }
}

/// The first place at or after `at` (and after a line break) where a
/// chunk may end ([`is_cut`]); else the end of `text`.
fn cut_after(text: &str, at: usize) -> usize {
    if at >= text.len() {
        return text.len();
    }
    let bytes = text.as_bytes();
    let mut from = at;
    while let Some(n) = memchr::memchr(b'\n', &bytes[from..]) {
        let line = from + n + 1;
        if is_cut(bytes, line) {
            return line;
        }
        from = line;
    }
    text.len()
}

/// Whether the line at `at` (not indented) closes every container,
/// paragraph, indented code block and table before it: a line that starts
/// with a letter after a blank line, an ATX heading, a code fence line,
/// or a thematic break that cannot be a setext underline (of `*` or `_`,
/// or of `-` after a blank line, a break, a heading or a fence line).
/// Fenced code and HTML blocks may run on past such a line:
/// [`top_level_blocks`] checks those.
fn is_cut(bytes: &[u8], at: usize) -> bool {
    let Some(&first) = bytes.get(at) else {
        return false;
    };
    let line = trim_line_end(
        &bytes[at..at + memchr::memchr(b'\n', &bytes[at..]).unwrap_or(bytes.len() - at)],
    );
    // The line before, without its one line break.
    let mut end = at;
    if end > 0 && bytes[end - 1] == b'\n' {
        end -= 1;
    }
    if end > 0 && bytes[end - 1] == b'\r' {
        end -= 1;
    }
    let before = &bytes[..end];
    let before = &before[before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |n| n + 1)..];
    let blank_before = at > 0 && before.trim_ascii().is_empty();
    match first {
        b'a'..=b'z' | b'A'..=b'Z' => blank_before,
        b'#' => {
            let marks = line.iter().take_while(|&&b| b == b'#').count();
            marks <= 6 && matches!(line.get(marks), None | Some(b' ' | b'\t'))
        }
        b'`' | b'~' => whole_line_is_structure(line) && line.starts_with(&[first; 3]),
        b'*' | b'_' | b'-' if is_break(line) => {
            first != b'-' || blank_before || {
                let b = before.trim_ascii_start();
                is_break(before)
                    || b.starts_with(b"#")
                    || b.starts_with(b"```")
                    || b.starts_with(b"~~~")
            }
        }
        _ => false,
    }
}

/// Whether `line` is a thematic break: three or more of one of `*`, `-`,
/// `_`, and white space.
fn is_break(line: &[u8]) -> bool {
    let marks: Vec<&u8> = line.iter().filter(|b| !matches!(b, b' ' | b'\t')).collect();
    marks.len() >= 3
        && matches!(marks[0], b'*' | b'-' | b'_')
        && marks.iter().all(|&&b| b == *marks[0])
        && line.first().is_some_and(|b| !matches!(b, b' ' | b'\t'))
}

/// Whether a fenced code block or an HTML block (`block`, as the view
/// has it) was closed before its end, rather than run to the end of its
/// chunk: a fence by a line of its marks at least as long, an HTML block
/// of the kinds that end at a marker by that marker. (An HTML block of the
/// other kinds ends only at a blank line, which a chunk's end never
/// follows.)
fn closed(block: &str, kind: BlockKind) -> bool {
    let mut lines = lines(block).map(|l| trim_line_end(l.as_bytes()));
    let Some(first) = lines.next() else {
        return false;
    };
    let Some(last) = lines.last() else {
        // A one-line HTML block of an end-marker kind can close itself.
        return kind == BlockKind::Html && html_closes(first, first);
    };
    match kind {
        BlockKind::Fence => {
            let open = first.trim_ascii_start();
            let mark = open.first().copied().unwrap_or(b'`');
            let width = open.iter().take_while(|&&b| b == mark).count();
            let close = last.trim_ascii();
            close.len() >= width.max(3) && close.iter().all(|&b| b == mark)
        }
        BlockKind::Html => html_closes(first, last),
        _ => true,
    }
}

/// Whether an HTML block opened by `first` (a line) ends at `last`.
fn html_closes(first: &[u8], last: &[u8]) -> bool {
    let content = first.trim_ascii_start();
    let contains = |marker: &[u8]| last.windows(marker.len()).any(|w| w == marker);
    if content.starts_with(b"<!--") {
        contains(b"-->")
    } else if content.starts_with(b"<?") {
        contains(b"?>")
    } else if content.starts_with(b"<![CDATA[") {
        contains(b"]]>")
    } else if content.starts_with(b"<!") {
        contains(b">")
    } else if html_opener(content).end.is_some() {
        // The view keeps only the end tag's `<` of the first one on a
        // line, which is all the parser needs.
        (0..last.len()).any(|n| {
            last[n] == b'<'
                && last.get(n + 1) == Some(&b'/')
                && raw_tag_name(&last[n + 2..]).is_some()
        })
    } else {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Event, Options, Parser};

    fn options() -> Options {
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
    }

    /// The top-level block ranges pulldown-cmark finds.
    fn blocks(text: &str) -> Vec<(std::ops::Range<usize>, bool)> {
        let mut out = Vec::new();
        let mut depth = 0usize;
        for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
            match event {
                Event::Start(_) => {
                    if depth == 0 {
                        out.push((range, true));
                    }
                    depth += 1;
                }
                Event::End(_) => depth -= 1,
                _ if depth == 0 => out.push((range, false)),
                _ => {}
            }
        }
        out
    }

    #[test]
    fn the_blocks_of_the_view_are_the_blocks_of_the_text() {
        let texts = [
            "A [link](x) and `code` and *em* & <b>bold</b>.\n\nNext ![img](y).\n",
            "- [ ] task\n- *item* `x`\n\n> quote [a]\n> more\n\n1. one\n2) two\n",
            "```python\nx = [1]  # `a`\n```\n\n~~~\n<pre>\n~~~\n",
            "***\n___\n---\nText\n===\n\n| a | b\\|c |\n|---|:-:|\n| [x] | *y* |\n",
            "<pre>\n[a]\n\n*b* </pre> after\n\nParagraph [c].\n",
            "<div class=\"[x]\">\n*a*\n\n<!-- [c]\n\n-->\n<![CDATA[ [x]\n\n]]> y\n\nz\n",
            "[label]: https://example.com \"t [x]\"\n\n[not a label [x]]: y\n",
            "<script>var a = [1];</script>\n\n<textarea>\n\n</TEXTAREA>\nafter\n",
            "    indented *code* [x]\n\ntext\\\nbreak \\* \\[ not\n\n\\# not a heading\n",
            "``` a`b\nnot a fence\n\n`` `\n",
            "a\nb\n    c\nd\n\n    code\n    more\nafter\n\n  x\ny\n",
            "- ```\n  a\nb\n\n- item\n  more\nlazy\n",
            "a\rb\r```\r[x]\r```\r\r# h\r\nc\r\nd\r\n",
            "> a\nb\n\n1. x\n   y\nz\n\nTitle\nline\n===\n",
            "<div>\na\nb\n\nc\n\n<!--\na\nb -->\nc\nd\n",
            "Text\tand\n\tindented\nAnd \u{a0}more\n\u{e9}t\u{e9}\nnext | cell\n-|-\n",
        ];
        let deep = [
            "> ".repeat(100) + "a\nb\n",
            "- ".repeat(100) + "\n\nx\n",
            "1. ".repeat(100) + "a\n\n2. b\n",
            "* ".repeat(100) + "[a](b)\n",
        ];
        let cut = [
            "A\n\n```\nx\n\nopen\n\ncode\n```\n\nB\n\n<pre>\na\n\nb\n</pre>\n\nC\n\n- a\n\n  b\n\nc\n",
            "Para\n\n```\nnever closed\n\nat all\n\nend\n",
            "<!--\n\nno end\n\nat all\n",
            "# a\n# b\npara\n# c\n- x\n# d\n> q\n# e\n    code\n# f\n<div>\n# g\n</div>\n# h\n",
            "```\n```\n```\n# in code\n```\n~~~~\n~~~\n~~~~\n***\n___\n---\n---\npara\n---\n- - -\n",
            "<!-- a -->\n# h\n<!--\n# in\n-->\n# out\n<pre>\n# in\n</pre>\n# out\na | b\n-|-\n# h\n",
            "para\n```\ncode\n```\n# h\n```\nopen\n# in\n",
        ];
        for text in texts
            .iter()
            .copied()
            .chain(deep.iter().map(String::as_str))
            .chain(cut)
        {
            let view = block_view(text);
            assert_eq!(view.len(), text.len());
            let whole = blocks(text);
            assert_eq!(blocks(&view), whole, "{text:?} read as {view:?}");
            for chunk in [1, 2, 5, 16, 1000] {
                let mut got = Vec::new();
                chunked(text, options(), chunk, |range, _| got.push(range));
                let want: Vec<_> = whole.iter().map(|(r, _)| r.clone()).collect();
                assert_eq!(got, want, "{text:?} in chunks of {chunk}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn chunks_read_as_the_whole_text(lines in proptest::collection::vec(0..26usize, 0..40), chunk in 1..40usize) {
            const LINES: [&str; 26] = [
                "", "", "a [b] *c*", "Word `x`", "# h", "- x", "  y", "```", "~~~", "---", "***",
                "<div>", "</div>", "<!--", "-->", "> q", "    code", "a | b", "-|-", "[x]: /u",
                "<pre>", "</pre>", "1. n", "===", "<![CDATA[", "]]>",
            ];
            let text: String = lines.iter().map(|&n| format!("{}\n", LINES[n])).collect();
            let whole: Vec<_> = blocks(&text).into_iter().map(|(r, _)| r).collect();
            let mut got = Vec::new();
            chunked(&text, options(), chunk, |range, _| got.push(range));
            proptest::prop_assert_eq!(got, whole, "{:?} in chunks of {}", text, chunk);
        }
    }

    #[test]
    fn texts_of_tiny_blocks_are_cut_into_chunks() {
        for unit in [
            "a\n\n",
            "# h\n",
            "```\n```\n",
            "***\n",
            "Para.\n\n- item\n\n",
        ] {
            let text = unit.repeat(1000);
            let cuts = (1..text.len())
                .filter(|&at| text.as_bytes()[at - 1] == b'\n' && is_cut(text.as_bytes(), at))
                .count();
            assert!(cuts >= 999, "{unit:?}: {cuts} cuts");
        }
    }

    #[test]
    fn inline_marks_become_letters() {
        assert_eq!(block_view("[[[[a]("), "[xxxax(");
        assert_eq!(block_view("A [b] <c> & d\\e"), "A xbx xc> x dxe");
        assert_eq!(block_view("No marks."), "No marks.");
    }
}
