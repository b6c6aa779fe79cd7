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

    /// Adds the counts of a later pass over the same text.
    pub(crate) fn add(&mut self, later: &HygieneCounts) {
        self.line_endings += later.line_endings;
        self.bom += later.bom;
        self.odd_spaces += later.odd_spaces;
        self.zero_width += later.zero_width;
        self.trailing_spaces += later.trailing_spaces;
        self.blank_runs += later.blank_runs;
    }
}

/// Removes a leading BOM, and a BOM that starts any other line (a pasted
/// file's: removing the lines before it, chat-UI debris, would make it the
/// leading one on a second run), and turns CRLF and lone CR into LF.
pub(crate) fn normalize_line_endings<'a>(
    text: &'a str,
    counts: &mut HygieneCounts,
) -> Cow<'a, str> {
    // Every BOM at the start: one left would lead on the next run.
    let rest = text.trim_start_matches('\u{feff}');
    counts.bom += (text.len() - rest.len()) / BOM.len();
    let text = rest;
    // One search for both (a pass over the text each cost a percent of
    // the sanitizer's time): a CR, or a BOM's first byte after a line end.
    let bytes = text.as_bytes();
    let (mut cr, mut line_bom) = (false, false);
    for at in memchr::memchr2_iter(b'\r', 0xEF, bytes) {
        if bytes[at] == b'\r' {
            cr = true;
        } else if at > 0 && matches!(bytes[at - 1], b'\n' | b'\r') && bytes[at..].starts_with(BOM) {
            line_bom = true;
        }
        if cr && line_bom {
            break;
        }
    }
    let text = if cr {
        crs_to_lfs(text, counts)
    } else {
        Cow::Borrowed(text)
    };
    if !line_bom {
        return text;
    }
    match text {
        Cow::Borrowed(text) => without_line_boms(text, counts),
        Cow::Owned(text) => Cow::Owned(without_line_boms(&text, counts).into_owned()),
    }
}

/// The BOM's bytes.
const BOM: &[u8] = "\u{feff}".as_bytes();

/// `text`, which holds a BOM at a line's start, without a BOM at the start
/// of any line but the first.
fn without_line_boms<'a>(text: &'a str, counts: &mut HygieneCounts) -> Cow<'a, str> {
    let line_bom = "\n\u{feff}";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = memchr::memmem::find(rest.as_bytes(), line_bom.as_bytes()) {
        out.push_str(&rest[..=at]);
        counts.bom += 1;
        rest = rest[at + line_bom.len()..].trim_start_matches('\u{feff}');
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// `text`, which holds a CR, with CRLF and lone CR made LF.
fn crs_to_lfs<'a>(text: &'a str, counts: &mut HygieneCounts) -> Cow<'a, str> {
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

/// What to do with a character: replace by a space, or drop.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Odd {
    Space,
    ZeroWidth,
    /// ZWJ and ZWNJ: dropped unless they join two non-ASCII characters
    /// (emoji sequences, Indic and Persian scripts).
    Joiner,
}

/// Finds the next odd character at or after `from`: its offset, its UTF-8
/// length and what it is. Works on bytes, so that prose full of curly
/// quotes and dashes (also `E2 80 ..`) costs a few comparisons per hit:
/// NBSP (C2 A0), U+1680 (E1 9A 80), U+2000-200D (E2 80 80-8D), U+202F
/// (E2 80 AF), U+205F (E2 81 9F), U+2060 (E2 81 A0), U+3000 (E3 80 80),
/// U+FEFF (EF BB BF).
fn next_odd(bytes: &[u8], from: usize) -> Option<(usize, usize, Odd)> {
    let common = next_common_odd(bytes, from);
    // The two rare ones, U+1680 and U+3000, looked for only before the
    // common one (or to the end of the line when there is none).
    let limit = common.map_or(bytes.len(), |(at, _, _)| at);
    let rare = |lead: u8, b1: u8, b2: u8| {
        memchr::memchr_iter(lead, &bytes[from..limit])
            .map(|i| from + i)
            .find(|&i| bytes.get(i + 1) == Some(&b1) && bytes.get(i + 2) == Some(&b2))
    };
    match [rare(0xE1, 0x9A, 0x80), rare(0xE3, 0x80, 0x80)]
        .into_iter()
        .flatten()
        .min()
    {
        Some(at) => Some((at, 3, Odd::Space)),
        None => common,
    }
}

/// Whether `c` is one of the characters [`next_odd`] finds (the test
/// `is_odd_is_what_next_odd_finds` holds the two together).
pub(crate) fn is_odd(c: char) -> bool {
    matches!(
        c,
        '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200D}' | '\u{202F}' | '\u{205F}' | '\u{2060}' | '\u{3000}' | '\u{FEFF}'
    )
}

fn next_common_odd(bytes: &[u8], from: usize) -> Option<(usize, usize, Odd)> {
    let mut at = from;
    while let Some(found) = memchr::memchr3(0xC2, 0xE2, 0xEF, &bytes[at..]).map(|i| at + i) {
        let b1 = bytes.get(found + 1).copied().unwrap_or(0);
        let b2 = bytes.get(found + 2).copied().unwrap_or(0);
        let odd = match (bytes[found], b1, b2) {
            (0xC2, 0xA0, _) => Some((2, Odd::Space)),
            (0xE2, 0x80, 0x80..=0x8A | 0xAF) => Some((3, Odd::Space)),
            (0xE2, 0x80, 0x8B) => Some((3, Odd::ZeroWidth)),
            (0xE2, 0x80, 0x8C | 0x8D) => Some((3, Odd::Joiner)),
            (0xE2, 0x81, 0x9F) => Some((3, Odd::Space)),
            (0xE2, 0x81, 0xA0) => Some((3, Odd::ZeroWidth)),
            (0xEF, 0xBB, 0xBF) => Some((3, Odd::ZeroWidth)),
            _ => None,
        };
        if let Some((len, kind)) = odd {
            return Some((found, len, kind));
        }
        at = found + 1;
    }
    None
}

/// Replaces odd spaces and removes stray zero-width characters in a line of
/// prose. Borrows when there is nothing to change.
pub(crate) fn clean_spaces<'a>(line: &'a str, counts: &mut HygieneCounts) -> Cow<'a, str> {
    let bytes = line.as_bytes();
    if line.is_ascii() {
        return Cow::Borrowed(line);
    }
    let Some(mut odd) = next_odd(bytes, 0) else {
        return Cow::Borrowed(line);
    };
    let mut out = String::with_capacity(line.len());
    let mut copied = 0;
    loop {
        let (at, len, kind) = odd;
        out.push_str(&line[copied..at]);
        match kind {
            Odd::Space => {
                counts.odd_spaces += 1;
                out.push(' ');
            }
            Odd::ZeroWidth => counts.zero_width += 1,
            Odd::Joiner => {
                // A neighbour that is itself odd does not count: it may go
                // (found by fuzzing: of two joiners in a row the first was
                // kept for its neighbour, the second, and a second run then
                // dropped it too).
                let joins = |c: Option<char>| {
                    c.is_some_and(|c| !c.is_ascii() && !c.is_whitespace() && !is_odd(c))
                };
                if joins(line[..at].chars().next_back()) && joins(line[at + len..].chars().next()) {
                    out.push_str(&line[at..at + len]);
                } else {
                    counts.zero_width += 1;
                }
            }
        }
        copied = at + len;
        match next_odd(bytes, copied) {
            Some(next) => odd = next,
            None => break,
        }
    }
    out.push_str(&line[copied..]);
    Cow::Owned(out)
}

/// `line` as [`clean_spaces`] leaves it, for reading it as the output
/// will have it (nothing counted).
pub(crate) fn cleaned(line: &str) -> Cow<'_, str> {
    clean_spaces(line, &mut HygieneCounts::default())
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
    fn is_odd_is_what_next_odd_finds() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let mut buffer = [0; 4];
            let found = next_odd(c.encode_utf8(&mut buffer).as_bytes(), 0).is_some();
            assert_eq!(is_odd(c), found, "{:?}", c);
        }
    }

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
        // Every BOM that leads the text or a line goes, however many.
        let mut c = HygieneCounts::default();
        assert_eq!(
            normalize_line_endings("\u{feff}\u{feff}a\r\n\u{feff}b\n", &mut c),
            "a\nb\n"
        );
        assert_eq!(c.bom, 3);
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
            clean_spaces("ب\u{200c}\u{200c}ب و\u{200b}\u{200c}و", &mut c),
            "بب وو",
            "a joiner beside another odd character goes, so a second run finds none"
        );
        assert_eq!(
            clean_spaces("ب\u{200c}ب", &mut c),
            "ب\u{200c}ب",
            "a lone ZWNJ stays"
        );
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
