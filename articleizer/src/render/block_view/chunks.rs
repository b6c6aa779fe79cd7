//! The top-level blocks of a text, read a chunk at a time.

use super::table::table_end;
use super::{block_view, html_opener, lines, raw_tag_name, trim_line_end, whole_line_is_structure};

/// What a top-level block is, as far as the passes over blocks ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BlockKind {
    /// A thematic break.
    Rule,
    /// A fenced code block.
    Fence,
    /// An HTML block.
    Html,
    /// A table.
    Table,
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
/// (run to it, not closed) starts the next chunk, or when it is the
/// chunk's only block makes the chunk twice as long and parsed again; in
/// all, each byte is parsed a few times at most.
///
/// Where no cut comes within a chunk's length of the chunk's end (short
/// paragraphs that are indented or start with `[`, setext headings, a
/// table's rows), the chunk ends at a line's end all the same. A table
/// that runs to it is followed to its end a piece at a time
/// ([`table_end`]: the parser keeps a node per cell). Else, when a blank
/// line is all that stands between the last block and the one before,
/// the blocks before it are final and the next chunk starts at its line;
/// else the chunk is parsed again to the next cut.
pub(crate) fn top_level_blocks(
    text: &str,
    options: pulldown_cmark::Options,
    f: impl FnMut(std::ops::Range<usize>, BlockKind),
) {
    chunked(text, options, CHUNK, f);
}

/// [`top_level_blocks`], with chunks of at least `chunk` bytes.
pub(super) fn chunked(
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
    // Whether the chunk must end at a cut: a chunk ended at a line's end
    // that was not a cut, and no table ran to it.
    let mut to_a_cut = false;
    while start < view.len() {
        start = lone_blocks(view, start, options, &mut f);
        if start >= view.len() {
            break;
        }
        let (end, at_a_cut) = if to_a_cut {
            (cut_after(view, start + want), true)
        } else {
            cut_near(view, start + want, chunk)
        };
        to_a_cut = false;
        blocks.clear();
        chunk_blocks(&view[start..end], options, &mut blocks);
        if !at_a_cut {
            // Only the last block may read otherwise than in the whole
            // text (the lines after the cut could continue it). A table's
            // rest can be read alone. Else, when a blank line stands alone
            // between the last block and the one before, the blocks before
            // it are final and the next chunk starts at its line, where
            // nothing is open (a blank line closes every block but a list,
            // and a list would have held the last block). Else the chunk is
            // parsed again to the next cut.
            let Some((last, kind)) = blocks.pop() else {
                to_a_cut = true;
                continue;
            };
            let table = match kind {
                BlockKind::Table if last.end >= end - start => {
                    table_end(view, start + last.start, end, options, chunk)
                }
                _ => None,
            };
            let line = view[..start + last.start]
                .rfind(['\n', '\r'])
                .map_or(0, |n| n + 1);
            let before_end = blocks.last().map_or(start, |(range, _)| start + range.end);
            let restart =
                table.is_none() && line > start && blank_line_alone(view, before_end, line);
            if table.is_none() && !restart {
                to_a_cut = true;
                continue;
            }
            for (range, kind) in blocks.drain(..) {
                f(range.start + start..range.end + start, kind);
            }
            start = match table {
                Some(table_end) => {
                    f(start + last.start..table_end, BlockKind::Table);
                    table_end
                }
                None => line,
            };
            want = chunk;
            continue;
        }
        let open_at_cut = blocks.last().is_some_and(|(range, kind)| {
            range.end >= end - start
                && matches!(kind, BlockKind::Fence | BlockKind::Html)
                && !closed(&view[start + range.start..start + range.end], *kind)
        });
        let mut next = end;
        if end < view.len() && open_at_cut {
            // The blocks before it are whole: the next chunk starts at
            // the open block's line, where nothing else is open (it is a
            // top-level block). Doubling the chunk instead could double
            // it to the end: a text of fence lines cut between the two
            // lines of each pair every time was parsed whole.
            let last = blocks
                .last()
                .map_or(start, |(range, _)| start + range.start);
            let before = blocks
                .len()
                .checked_sub(2)
                .map_or(end, |n| start + blocks[n].0.end);
            next = view[..last].rfind(['\n', '\r']).map_or(0, |n| n + 1);
            if next <= start || next < before {
                want = (end - start) * 2;
                continue;
            }
            blocks.pop();
        }
        for (range, kind) in blocks.drain(..) {
            f(range.start + start..range.end + start, kind);
        }
        start = next;
        want = chunk;
    }
}

/// Hands to `f` the blocks at `at` (where nothing is open) that a line
/// decides alone, and returns where they end: a line at no indentation
/// that starts with a byte that starts no block ([`starts_no_block`]),
/// before a blank line (a paragraph of its own), and an ATX heading;
/// blank lines between them are skipped.
/// pulldown-cmark reads them so (the chunks' tests check it), with a few
/// tree nodes each: an article of millions of one-line paragraphs or
/// headings took most of its time in the parser.
fn lone_blocks(
    view: &str,
    mut at: usize,
    options: pulldown_cmark::Options,
    f: &mut impl FnMut(std::ops::Range<usize>, BlockKind),
) -> usize {
    let bytes = view.as_bytes();
    let blank = |line: &[u8]| line.iter().all(|&b| b == b' ' || b == b'\t');
    while let Some(n) = memchr::memchr(b'\n', &bytes[at..]) {
        let line = &bytes[at..at + n];
        let next = at + n + 1;
        if memchr::memchr(b'\r', line).is_some() {
            break;
        }
        if blank(line) {
            at = next;
            continue;
        }
        let alone = match line[0] {
            b'#' => is_atx_heading(line),
            b if starts_no_block(b, options) => {
                memchr::memchr(b'\n', &bytes[next..]).is_some_and(|m| blank(&bytes[next..next + m]))
            }
            _ => false,
        };
        if !alone {
            break;
        }
        f(at..next, BlockKind::Other);
        at = next;
    }
    at
}

/// Whether a line that starts with `byte` (at no indentation) can only be
/// a paragraph's: a letter, a non-ASCII byte, or punctuation that opens
/// no block (not a container, heading, break, fence, HTML, table,
/// footnote or math marker; `:` unless definition lists are on).
pub(super) fn starts_no_block(byte: u8, options: pulldown_cmark::Options) -> bool {
    let definitions = options.contains(pulldown_cmark::Options::ENABLE_DEFINITION_LIST);
    (byte == b':' && !definitions)
        || byte.is_ascii_alphabetic()
        || byte >= 0x80
        || matches!(
            byte,
            b'&' | b'!'
                | b'"'
                | b'\''
                | b'('
                | b')'
                | b','
                | b'.'
                | b';'
                | b'?'
                | b'@'
                | b'%'
                | b'/'
                | b'{'
                | b'}'
                | b'\\'
        )
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
                        Tag::Table(_) => BlockKind::Table,
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
    cut_near(text, at, usize::MAX).0
}

/// Whether the text between a block's end (`from`) and the line of the
/// next block (`line`) is one or more blank lines, and the line before
/// `line` is blank: no link reference definition (which shows no block)
/// and no text that a block's range left out stands between them.
pub(super) fn blank_line_alone(view: &str, from: usize, line: usize) -> bool {
    let between = view.get(from..line).unwrap_or("x");
    let blank = |text: &str| {
        text.bytes()
            .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
    };
    // The line before `line`, without its one line break.
    let before = view[..line]
        .strip_suffix("\r\n")
        .or_else(|| view[..line].strip_suffix(['\n', '\r']))
        .unwrap_or(&view[..line]);
    let line_before = before.rfind(['\n', '\r']).map_or(0, |n| n + 1);
    !between.is_empty() && blank(between) && blank(&before[line_before..])
}

/// The first place at or after `at` where a chunk may end ([`is_cut`]),
/// when one comes within `reach` bytes (true); else the start of the first
/// line after `at` (false), where a block may be cut in two.
fn cut_near(text: &str, at: usize, reach: usize) -> (usize, bool) {
    if at >= text.len() {
        return (text.len(), true);
    }
    let bytes = text.as_bytes();
    let mut first = None;
    let mut from = at;
    while let Some(n) = memchr::memchr(b'\n', &bytes[from..]) {
        let line = from + n + 1;
        if is_cut(bytes, line) {
            return (line, true);
        }
        let first = *first.get_or_insert(line);
        if line - at > reach && first < text.len() {
            return (first, false);
        }
        from = line;
    }
    (text.len(), true)
}

/// Whether the line at `at` (not indented) closes every container,
/// paragraph, indented code block and table before it: a line that starts
/// with anything but a list marker after a blank line, an ATX heading, a
/// code fence line,
/// or a thematic break that cannot be a setext underline (of `*` or `_`,
/// or of `-` after a blank line, a break, a heading or a fence line).
/// Fenced code and HTML blocks may run on past such a line:
/// [`top_level_blocks`] checks those.
pub(super) fn is_cut(bytes: &[u8], at: usize) -> bool {
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
        b'#' => is_atx_heading(line),
        b'`' | b'~' => whole_line_is_structure(line) && line.starts_with(&[first; 3]),
        b'*' | b'_' | b'-' if is_break(line) => {
            first != b'-' || blank_before || {
                let b = before.trim_ascii_start();
                let fence = b.starts_with(b"```") || b.starts_with(b"~~~");
                is_break(before)
                    || (before.len() - b.len() <= 3
                        && (is_atx_heading(b) || fence && whole_line_is_structure(b)))
            }
        }
        // A list item that starts a list for certain, after one that did
        // of another kind: the list before it is closed.
        b'-' | b'*' | b'+' | b'1'
            if starts_a_list(line)
                .is_some_and(|kind| starts_a_list(before).is_some_and(|before| before != kind)) =>
        {
            true
        }
        // A list item may continue a loose list past a blank line (and
        // a link reference definition, which shows nothing, may end up
        // inside the block before it).
        b' ' | b'\t' | b'\r' | b'\n' | b'-' | b'*' | b'+' | b'0'..=b'9' | b'[' => false,
        // After a blank line, any other line at no indentation closes
        // every container.
        _ => blank_before,
    }
}

/// The kind of list (its bullet, or `.` or `)`) whose item `line` (not
/// indented) starts whatever comes before it: a bullet or a `1.` or `1)`,
/// then white space and text (such an item interrupts a paragraph, and at
/// no indentation continues no other container), and no thematic break.
fn starts_a_list(line: &[u8]) -> Option<u8> {
    let (kind, rest) = match line {
        [b @ (b'-' | b'*' | b'+'), rest @ ..] => (*b, rest),
        [b'1', b @ (b'.' | b')'), rest @ ..] => (*b, rest),
        _ => return None,
    };
    let spaced = matches!(rest.first(), Some(b' ' | b'\t'));
    (spaced && !rest.trim_ascii().is_empty() && !is_break(line)).then_some(kind)
}

/// Whether `line` (not indented) is an ATX heading: one to six `#`, then
/// white space or nothing. (Seven are a paragraph's text, which a `---`
/// after makes a setext heading.)
fn is_atx_heading(line: &[u8]) -> bool {
    let marks = line.iter().take_while(|&&b| b == b'#').count();
    (1..=6).contains(&marks) && matches!(line.get(marks), None | Some(b' ' | b'\t'))
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
