//! Text hygiene: line endings, BOM, odd spaces, zero-width characters and
//! trailing spaces.

use serde::Serialize;
use std::borrow::Cow;

/// What the hygiene pass changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct HygieneCounts {
    /// CRLF or lone CR line endings turned into LF.
    pub line_endings: usize,
    /// Byte-order marks removed.
    pub bom: usize,
    /// NBSP and other odd spaces turned into plain spaces.
    pub odd_spaces: usize,
    /// Zero-width characters removed.
    pub zero_width: usize,
    /// Lines whose trailing spaces were removed.
    pub trailing_spaces: usize,
    /// Runs of three or more blank lines collapsed to one.
    pub blank_runs: usize,
}

impl HygieneCounts {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        *self == HygieneCounts::default()
    }
}

/// Removes a leading BOM and turns CRLF and lone CR into LF.
pub(crate) fn normalize_line_endings<'a>(
    text: &'a str,
    counts: &mut HygieneCounts,
) -> Cow<'a, str> {
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => {
            counts.bom += 1;
            rest
        }
        None => text,
    };
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('\r') {
        out.push_str(&rest[..at]);
        out.push('\n');
        counts.line_endings += 1;
        rest = &rest[at + 1..];
        if let Some(after) = rest.strip_prefix('\n') {
            rest = after;
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Bytes that can start an odd space or a zero-width character in UTF-8.
fn may_start_odd(b: u8) -> bool {
    matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF)
}

/// What to do with a character: keep, replace by a space, or drop.
enum Odd {
    Space,
    ZeroWidth,
    /// ZWJ and ZWNJ: dropped unless they join two non-ASCII characters
    /// (emoji sequences, Indic and Persian scripts).
    Joiner,
}

fn classify(c: char) -> Option<Odd> {
    match c {
        '\u{00A0}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200A}'
        | '\u{202F}'
        | '\u{205F}'
        | '\u{3000}' => Some(Odd::Space),
        '\u{200B}' | '\u{2060}' | '\u{FEFF}' => Some(Odd::ZeroWidth),
        '\u{200C}' | '\u{200D}' => Some(Odd::Joiner),
        _ => None,
    }
}

/// Replaces odd spaces and removes stray zero-width characters in a line of
/// prose. Borrows when there is nothing to change.
pub(crate) fn clean_spaces<'a>(line: &'a str, counts: &mut HygieneCounts) -> Cow<'a, str> {
    if line.is_ascii() || !line.bytes().any(may_start_odd) {
        return Cow::Borrowed(line);
    }
    if !line.chars().any(|c| classify(c).is_some()) {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    let mut previous: Option<char> = None;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match classify(c) {
            None => out.push(c),
            Some(Odd::Space) => {
                counts.odd_spaces += 1;
                out.push(' ');
            }
            Some(Odd::ZeroWidth) => counts.zero_width += 1,
            Some(Odd::Joiner) => {
                let joins =
                    |x: Option<char>| x.is_some_and(|x| !x.is_ascii() && !x.is_whitespace());
                if joins(previous) && joins(chars.peek().copied()) {
                    out.push(c);
                } else {
                    counts.zero_width += 1;
                }
            }
        }
        previous = Some(c);
    }
    Cow::Owned(out)
}

/// Removes trailing spaces and tabs, except a Markdown hard break (two or
/// more spaces before a line that continues the paragraph), which is kept
/// as it is. Lines indented like code keep their trailing spaces.
pub(crate) fn trim_trailing<'a>(
    line: &'a str,
    next_is_blank: bool,
    counts: &mut HygieneCounts,
) -> &'a str {
    let trimmed = line.trim_end_matches([' ', '\t']);
    if trimmed.len() == line.len() {
        return line;
    }
    if trimmed.is_empty() {
        counts.trailing_spaces += 1;
        return trimmed;
    }
    let tail = &line[trimmed.len()..];
    let hard_break = !next_is_blank && tail.len() >= 2 && tail.bytes().all(|b| b == b' ');
    let code_like = line.starts_with("    ") || line.starts_with('\t');
    if hard_break || code_like {
        return line;
    }
    counts.trailing_spaces += 1;
    trimmed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_endings_and_bom() {
        let mut c = HygieneCounts::default();
        assert_eq!(
            normalize_line_endings("\u{feff}a\r\nb\rc\n", &mut c),
            "a\nb\nc\n"
        );
        assert_eq!((c.bom, c.line_endings), (1, 2));
        assert!(matches!(
            normalize_line_endings("plain\n", &mut c),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn odd_spaces_and_zero_width() {
        let mut c = HygieneCounts::default();
        assert_eq!(
            clean_spaces("a\u{a0}b\u{200b}c\u{2009}d\u{2060}", &mut c),
            "a bc d"
        );
        assert_eq!((c.odd_spaces, c.zero_width), (2, 2));
        let family = "👨\u{200d}👩\u{200d}👧 family";
        assert_eq!(
            clean_spaces(family, &mut c),
            family,
            "emoji ZWJ sequence kept"
        );
        assert_eq!(clean_spaces("word\u{200d} next", &mut c), "word next");
        assert_eq!(
            clean_spaces("curly “quotes” — dash", &mut c),
            "curly “quotes” — dash"
        );
    }

    #[test]
    fn trailing_spaces_keep_hard_breaks() {
        let mut c = HygieneCounts::default();
        assert_eq!(trim_trailing("text   ", true, &mut c), "text");
        assert_eq!(trim_trailing("break  ", false, &mut c), "break  ");
        assert_eq!(trim_trailing("tabs\t", false, &mut c), "tabs");
        assert_eq!(trim_trailing("   ", false, &mut c), "");
        assert_eq!(trim_trailing("    code  ", true, &mut c), "    code  ");
        assert_eq!(c.trailing_spaces, 3);
    }
}
