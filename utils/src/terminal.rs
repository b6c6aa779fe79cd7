//! Text from elsewhere, made safe to show on a terminal.
//!
//! A server's error body, a model's name or a job's status can carry
//! escape sequences: written raw they can set the clipboard (OSC 52),
//! make a link say one thing and go to another (OSC 8), clear the screen
//! or rewrite what was printed before. [`printable`] shows every such
//! character as a visible `\u{…}` instead, so the text reads as it was
//! sent and does nothing.

use std::borrow::Cow;

/// Whether `c` changes a terminal's state or the order text is shown in:
/// C0 controls other than line feed and tab, DEL, C1 controls (U+009B is
/// a one-byte CSI on some terminals), and the bidirectional overrides and
/// isolates (which make text read in another order than it is stored).
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every [`is_unsafe`] character written as `\u{…}`.
pub fn printable(text: &str) -> Cow<'_, str> {
    with_unsafe_as(text, |c, out| {
        out.push_str(&format!("\\u{{{:x}}}", c as u32))
    })
}

/// JSON text with every [`is_unsafe`] character (which can only stand
/// inside its strings) written as a JSON `\uXXXX` escape: the same JSON,
/// safe to show. (Every such character is in the Basic Multilingual
/// Plane, so four hex digits hold it.)
pub fn printable_json(json: &str) -> Cow<'_, str> {
    with_unsafe_as(json, |c, out| out.push_str(&format!("\\u{:04x}", c as u32)))
}

/// `text` with each [`is_unsafe`] character written by `write`; borrowed
/// when there is none.
fn with_unsafe_as(text: &str, write: impl Fn(char, &mut String)) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_unsafe(c) {
            write(c, &mut out);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_shown_not_run() {
        assert_eq!(
            printable("model\u{1b}]52;c;aGk=\u{7}x"),
            "model\\u{1b}]52;c;aGk=\\u{7}x"
        );
        assert_eq!(
            printable("\u{9b}2J \u{202e}gnp.exe"),
            "\\u{9b}2J \\u{202e}gnp.exe"
        );
        assert_eq!(printable("two\nlines\tand é"), "two\nlines\tand é");
        assert!(matches!(printable("plain"), Cow::Borrowed(_)));
        assert_eq!(
            printable_json("{\"m\":\"a\u{9b}b\u{202e}\"}"),
            "{\"m\":\"a\\u009bb\\u202e\"}"
        );
    }
}
