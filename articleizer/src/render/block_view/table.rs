//! A long table read a piece at a time: no line inside a table closes
//! it, so the chunks of [`top_level_blocks`](super::top_level_blocks)
//! cannot cut one, and the parser keeps a node per cell.

use super::lines;

/// Where the top-level table that starts at `start` in `view` ends, read
/// from `from` (a line's start after its delimiter row) a piece of about
/// `piece` bytes at a time: each piece after the table's header and
/// delimiter row, which make it a table of as many columns, whose rows
/// end where they end in the whole text (a row ends a table only by what
/// it is: blank, or the start of another block). None when the two lines
/// do not read as a table's start alone (then the caller parses on).
///
/// (pulldown-cmark also ends a table once it has filled 262,144 missing
/// cells of short rows, which a piece never reaches: the table then reads
/// as one block where the parser sees two, and nothing goes between them.)
pub(super) fn table_end(
    view: &str,
    start: usize,
    from: usize,
    options: pulldown_cmark::Options,
    piece: usize,
) -> Option<usize> {
    use pulldown_cmark::{Event, Parser, Tag};
    let line_start = view[..start].rfind(['\n', '\r']).map_or(0, |n| n + 1);
    let next_line = |at: usize| lines(&view[at..]).next().map_or(at, |line| at + line.len());
    let head_end = next_line(next_line(start));
    if head_end > from {
        return None;
    }
    let head = &view[line_start..head_end];
    let mut text = String::with_capacity(head.len() + piece * 2);
    let mut at = from;
    while at < view.len() {
        let to = memchr::memchr(b'\n', &view.as_bytes()[(at + piece).min(view.len())..])
            .map_or(view.len(), |n| (at + piece).min(view.len()) + n + 1);
        text.clear();
        text.push_str(head);
        text.push_str(&view[at..to]);
        let (event, range) = Parser::new_ext(&text, options).into_offset_iter().next()?;
        if !matches!(event, Event::Start(Tag::Table(_))) || range.start != start - line_start {
            return None;
        }
        let end = range.end.checked_sub(head.len())?;
        if range.end < text.len() {
            return Some(at + end);
        }
        at = to;
    }
    Some(view.len())
}
