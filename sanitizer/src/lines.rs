//! Walking the lines of a text. A line is the text between two `\n` (the
//! `\n` itself is not part of the line); a text that ends with `\n` has no
//! empty last line.
//!
//! There is no index of every line: the passes walk forward, each with its
//! own cursor, so memory does not grow with the number of lines (an index
//! of 16 MB of blank lines was four times the text).

/// A line of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Line<'a> {
    /// 0-based line number.
    pub number: usize,
    /// Byte offset where the line starts.
    pub offset: usize,
    /// The line, without its newline.
    pub text: &'a str,
}

/// A forward walk over the lines of a text.
#[derive(Debug, Clone)]
pub(crate) struct LineCursor<'a> {
    text: &'a str,
    offset: usize,
    number: usize,
}

impl<'a> LineCursor<'a> {
    /// A cursor at the first line of `text`.
    pub(crate) fn new(text: &'a str) -> Self {
        Self::at(text, 0, 0)
    }

    /// A cursor at line `number`, which starts at byte `offset`.
    pub(crate) fn at(text: &'a str, number: usize, offset: usize) -> Self {
        LineCursor {
            text,
            offset,
            number,
        }
    }

    /// The number of the line [`next`](Iterator::next) returns: past the
    /// end, the number of lines.
    pub(crate) fn line_number(&self) -> usize {
        self.number
    }

    /// The byte offset of the next line.
    pub(crate) fn offset(&self) -> usize {
        self.offset
    }

    /// The next line, without moving.
    pub(crate) fn peek(&self) -> Option<&'a str> {
        self.clone().next().map(|line| line.text)
    }
}

impl<'a> Iterator for LineCursor<'a> {
    type Item = Line<'a>;

    fn next(&mut self) -> Option<Line<'a>> {
        if self.offset >= self.text.len() {
            return None;
        }
        let rest = &self.text[self.offset..];
        let (text, advance) = match memchr::memchr(b'\n', rest.as_bytes()) {
            Some(at) => (&rest[..at], at + 1),
            None => (rest, rest.len()),
        };
        let line = Line {
            number: self.number,
            offset: self.offset,
            text,
        };
        self.offset += advance;
        self.number += 1;
        Some(line)
    }
}

/// Whether `byte` is white space as [`char::is_whitespace`] has it in
/// ASCII (tab, line feed, vertical tab, form feed, carriage return,
/// space; `u8::is_ascii_whitespace` leaves out the vertical tab).
pub(crate) fn is_ascii_white_space(byte: u8) -> bool {
    matches!(byte, b'\t'..=b'\r' | b' ')
}

/// Whether `line` is empty or only spaces and tabs.
pub(crate) fn is_blank(line: &str) -> bool {
    line.bytes().all(|b| b == b' ' || b == b'\t')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        LineCursor::new(text).map(|line| line.text).collect()
    }

    #[test]
    fn ascii_white_space_is_what_char_says_it_is() {
        for byte in 0..128u8 {
            assert_eq!(
                is_ascii_white_space(byte),
                char::from(byte).is_whitespace(),
                "{byte:#x}"
            );
        }
    }

    #[test]
    fn splits_lines_with_and_without_final_newline() {
        assert_eq!(texts("a\n\nb\n"), ["a", "", "b"]);
        assert_eq!(texts("a\nb"), ["a", "b"]);
        assert!(texts("").is_empty());
        assert_eq!(texts("\n"), [""]);
        let mut cursor = LineCursor::new("a\nbc\n");
        cursor.next();
        assert_eq!((cursor.line_number(), cursor.offset()), (1, 2));
        assert_eq!(cursor.peek(), Some("bc"));
        assert_eq!(cursor.next().map(|l| (l.number, l.offset)), Some((1, 2)));
        assert_eq!((cursor.next(), cursor.line_number()), (None, 2));
    }
}
