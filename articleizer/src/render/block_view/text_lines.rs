//! Which lines of a text read as more text of the line before: the
//! lines [`block_view`](super::block_view) writes as one, so that the
//! parser keeps a node or two for a run of them instead of for each.

use super::trim_line_end;

/// A list item at no indentation whose text reads as a paragraph's
/// ([`continues_as_text`]): its kind (the bullet, or an ordered list's
/// delimiter), the length of its marker and its text's column.
pub(super) fn plain_item(line: &[u8]) -> Option<(u8, usize, usize)> {
    let digits = line.iter().take_while(|b| b.is_ascii_digit()).count();
    let (kind, marker) = match line.first()? {
        b @ (b'-' | b'*' | b'+') => (*b, 1),
        _ if (1..=9).contains(&digits) && matches!(line.get(digits), Some(b'.' | b')')) => {
            (line[digits], digits + 1)
        }
        _ => return None,
    };
    // The text's column: after one to four columns of white space (more
    // would make it indented code).
    let column = text_column(&line[marker..], marker);
    let spaced = (marker + 1..=marker + 4).contains(&column);
    (spaced && continues_as_text(&line[marker..])).then_some((kind, marker, column))
}

/// Whether an item's text (after its marker) would be more text of a
/// paragraph were the marker spaces: it starts with a letter, a non-ASCII
/// character or punctuation that starts no block on a paragraph's next
/// line (`[` among them: a link reference definition cannot interrupt a
/// paragraph), and holds no `|` (a table's row) or `>` (an HTML block's
/// end).
fn continues_as_text(text: &[u8]) -> bool {
    let text = trim_line_end(text);
    let content = text.trim_ascii_start();
    // `:` aside: with definition lists, a line that starts with it may
    // be a definition.
    content.first().is_some_and(|&b| {
        b == b'['
            || b != b':' && super::chunks::starts_no_block(b, pulldown_cmark::Options::empty())
    }) && !text.contains(&b'|')
        && !text.contains(&b'>')
}

/// The column where the text of `line` starts after its white space,
/// `line` starting at column `start`.
fn text_column(line: &[u8], start: usize) -> usize {
    line.iter()
        .take_while(|b| matches!(b, b' ' | b'\t'))
        .fold(start, |columns, &b| match b {
            b'\t' => columns + 4 - columns % 4,
            _ => columns + 1,
        })
}

/// The indentation (in columns) of a line of plain text: one that starts
/// with a letter (or any non-ASCII character) after spaces and tabs, and
/// has no `|` (a table row) or `>` (an HTML block's end).
pub(super) fn plain_indent(line: &[u8]) -> Option<usize> {
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

/// The indentation (in columns) of a line that the next one may join as
/// more of its text, when it is not plain ([`plain_indent`]): one that
/// starts with `|` or a letter after its indentation, holds a `|` (a
/// table's row, or text that looks like one) and no `>` (an HTML block's
/// end), and is no possible delimiter row. A row continues its table
/// whatever its cells, and a line that starts so interrupts nothing.
pub(super) fn text_indent(line: &[u8]) -> Option<usize> {
    let content = trim_line_end(line);
    let text = content.trim_ascii_start();
    let starts = text
        .first()
        .is_some_and(|&b| b == b'|' || b.is_ascii_alphabetic() || b >= 0x80);
    if !starts || content.contains(&b'>') || may_be_delimiter_row(content) {
        return None;
    }
    let indent = &content[..content.len() - text.len()];
    Some(indent.iter().fold(0, |columns, &b| match b {
        b'\t' => columns + 4 - columns % 4,
        _ => columns + 1,
    }))
}

/// Whether `line` could be a table's delimiter row: only `|`, `-` and
/// `:` besides white space.
pub(super) fn may_be_delimiter_row(line: &[u8]) -> bool {
    let text = line.trim_ascii();
    !text.is_empty()
        && text
            .iter()
            .all(|b| matches!(b, b'|' | b'-' | b':' | b' ' | b'\t'))
}

/// `line` without its line break and any leading container marker (`>`,
/// a list item's marker) or white space: what could be a delimiter row in
/// a container.
pub(super) fn after_markers(line: &[u8]) -> &[u8] {
    let line = trim_line_end(line);
    let start = line
        .iter()
        .position(|b| {
            !matches!(
                b,
                b' ' | b'\t' | b'>' | b'-' | b'*' | b'+' | b'.' | b')' | b'0'..=b'9'
            )
        })
        .unwrap_or(line.len());
    // A `-` may be the row's own: keep the one before it.
    let start = if start > 0 && line[start - 1] == b'-' {
        start - 1
    } else {
        start
    };
    &line[start..]
}
