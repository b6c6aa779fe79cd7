//! Redaction of a text handed over in windows, for an output too large to
//! hold beside its input (an input of short speaker lines comes out nearly
//! three times as long once every label is normalized).
//!
//! Every detector sees one line, with three exceptions: a table's header
//! row names the secret columns of the rows right under it; a value broken
//! by a backslash at a line's end goes on at the next line's start; and a
//! private key's BEGIN line (found by the line passes when cleaning a
//! space uncovers it) reaches on to its END marker, at most [`PEM_REACH`]
//! bytes on, or else over the base64 lines that follow it, up to a blank
//! line. A window therefore ends only at a line end that none of those
//! crosses: not between two table rows, not after a backslash, and, once a
//! BEGIN line has been seen, only past both its reach and a blank line.
//! Each window then gives the spans the whole text gives there. Repeat
//! mentions need every window's values first: a run gathers them over all
//! windows, then redacts each window with all of them
//! ([`super::mentions`]). The result is the whole-text result, byte for
//! byte.

use super::mentions::{Gathered, Mentions};
use super::{formats, replace, Redactor};
use std::collections::BTreeMap;

/// How far past a private key's BEGIN line its span may reach: the END
/// marker is looked for within 256 KiB, and the marker itself is short.
const PEM_REACH: usize = 256 * 1024 + 128;

/// Text written piece by piece, handed on in windows that end where no
/// detector reaches across (see the module documentation).
pub(crate) struct Windows<'e> {
    /// What has been written; `buffer[start..]` has not been handed on.
    buffer: String,
    start: usize,
    /// Where `start` is in the whole text.
    base: usize,
    /// Where after `start` the next line end to weigh as a cut is looked for.
    scanned: usize,
    /// How much after `start` has been searched for BEGIN lines.
    searched: usize,
    /// The latest BEGIN line seen, in the whole text, and the end of the
    /// first blank line after it once seen.
    key: Option<(usize, Option<usize>)>,
    /// The least length of a window.
    min: usize,
    take: Box<dyn FnMut(&str) + 'e>,
}

impl<'e> Windows<'e> {
    /// Windows of at least `min` bytes (when the text allows), each given to `take`.
    pub(crate) fn new(min: usize, take: impl FnMut(&str) + 'e) -> Self {
        Windows {
            buffer: String::new(),
            start: 0,
            base: 0,
            scanned: 0,
            searched: 0,
            key: None,
            min,
            take: Box::new(take),
        }
    }

    /// Adds `piece` to the text, handing on every window it completes.
    pub(crate) fn push(&mut self, piece: &str) {
        self.buffer.push_str(piece);
        if self.buffer.len() - self.start >= self.min {
            while self.cut() {}
        }
    }

    /// [`push`](Self::push) for a text already built: taken as it is, not
    /// copied, when nothing is waiting.
    pub(crate) fn push_owned(&mut self, text: String) {
        if self.buffer.len() == self.start {
            (self.buffer, self.start) = (text, 0);
            (self.scanned, self.searched) = (0, 0);
            while self.cut() {}
        } else {
            self.push(&text);
        }
    }

    /// Hands on the rest, without its final newline when `drop_final_newline`.
    pub(crate) fn finish(mut self, drop_final_newline: bool) {
        while self.cut() {}
        if drop_final_newline && self.buffer.len() > self.start && self.buffer.ends_with('\n') {
            self.buffer.pop();
        }
        if self.buffer.len() > self.start {
            (self.take)(&self.buffer[self.start..]);
        }
    }

    /// Hands on one window if the text so far has a place to end it.
    fn cut(&mut self) -> bool {
        let trigger = formats::PEM_TRIGGER.as_bytes();
        let bytes = &self.buffer.as_bytes()[self.start..];
        let from = self.searched.saturating_sub(trigger.len() - 1);
        if let Some(at) = memchr::memmem::rfind(&bytes[from..], trigger) {
            self.key = Some((self.base + from + at, None));
        }
        self.searched = bytes.len();
        let mut cut = None;
        for newline in memchr::memchr_iter(b'\n', &bytes[self.scanned..]) {
            let newline = self.scanned + newline;
            let end = newline + 1;
            if let Some((key, blank @ None)) = &mut self.key {
                let is_blank = newline > 0 && bytes[newline - 1] == b'\n';
                if is_blank && self.base + newline > *key + 1 {
                    *blank = Some(self.base + end);
                }
            }
            if end < self.min {
                continue;
            }
            // The last byte is never handed on early: the caller may take
            // it back.
            let Some(line_allows) = may_end_after(bytes, newline) else {
                self.scanned = newline;
                return false;
            };
            let clear_of_keys = self.key.is_none_or(|(at, blank)| {
                self.base + end >= at + PEM_REACH && blank.is_some_and(|b| self.base + end >= b)
            });
            if line_allows && clear_of_keys {
                cut = Some(end);
                break;
            }
        }
        let Some(end) = cut else {
            self.scanned = bytes.len();
            return false;
        };
        (self.take)(&self.buffer[self.start..self.start + end]);
        self.start += end;
        self.base += end;
        self.scanned = 0;
        self.searched -= end;
        // What was handed on goes once it is most of the buffer (a text
        // taken whole is let go as soon as its windows are out).
        if self.start * 2 >= self.buffer.len() {
            self.buffer.drain(..self.start);
            self.start = 0;
            if self.buffer.capacity() > 4 * (self.buffer.len() + self.min) {
                self.buffer.shrink_to(2 * (self.buffer.len() + self.min));
            }
        }
        true
    }
}

/// Whether a window may end after the line end at `newline` as far as
/// tables, broken values and name/value pairs go: not between two table
/// rows, not after a backslash, not before a `value:` line (whose name is
/// on the line before). `None` until the next line has begun in `bytes`
/// (whether it is a table row is not known yet).
pub(super) fn may_end_after(bytes: &[u8], newline: usize) -> Option<bool> {
    let end = newline + 1;
    let next = bytes[end..]
        .iter()
        .position(|&b| b != b' ' && b != b'\t' && b != b'-')?;
    let after_backslash = bytes[..newline].ends_with(b"\\") || bytes[..newline].ends_with(b"\\\r");
    let value_line = bytes[end + next..].starts_with(b"value");
    Some(!after_backslash && !value_line && bytes[end + next] != b'|')
}

impl Redactor {
    /// Whether redacting window by window gives what the whole text gives:
    /// not when a secrets file has a value with a line break.
    pub(crate) fn windowable(&self) -> bool {
        !self.known.iter().any(|known| known.value.contains('\n'))
    }

    /// Gathers the values of `window`, the next window of a text, for the
    /// repeat mentions of [`redact_window`](Self::redact_window).
    pub(crate) fn gather(&self, window: &str, gathered: &mut Gathered) {
        for piece in replace::pieces(window) {
            let (mut spans, mut ends) = (Vec::new(), Vec::new());
            if self.secrets {
                self.local_spans(piece, &mut spans, &mut ends);
            }
            if !spans.is_empty() || (!gathered.found_any() && self.has_addresses(piece)) {
                gathered.note_found();
            }
            gathered.add(piece, &spans, &ends);
        }
    }

    /// Writes `window` redacted to `out`, the values of the whole text's
    /// repeat mentions being `mentions`; counts by kind go to `counts`.
    pub(crate) fn redact_window(
        &self,
        window: &str,
        mentions: Option<&Mentions>,
        counts: &mut BTreeMap<String, usize>,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        for piece in replace::pieces(window) {
            let mut spans = Vec::with_capacity(piece.len() / 8);
            if self.secrets {
                self.local_spans(piece, &mut spans, &mut Vec::new());
                if let Some(mentions) = mentions {
                    mentions.find(piece, &mut spans);
                }
            }
            self.add_addresses_and_resolve(piece, &mut spans);
            replace::write(piece, &spans, &self.known, counts, &mut |part: &str| {
                out.write_all(part.as_bytes())
            })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The windows `pieces` make with windows of at least `min` bytes.
    fn windows_of(pieces: &[&str], min: usize, drop_final_newline: bool) -> Vec<String> {
        let mut got = Vec::new();
        let mut windows = Windows::new(min, |window: &str| got.push(window.to_string()));
        for piece in pieces {
            windows.push(piece);
        }
        windows.finish(drop_final_newline);
        got
    }

    #[test]
    fn windows_end_at_line_ends_and_hold_at_least_the_minimum() {
        let text = "one\ntwo\nthree\nfour\nfive\n";
        let pieces: Vec<&str> = text.split_inclusive(|_| true).collect();
        let got = windows_of(&pieces, 6, false);
        assert_eq!(got, ["one\ntwo\n", "three\n", "four\nfive\n"]);
        assert_eq!(windows_of(&[text], 1, true).concat(), text.trim_end());
    }

    #[test]
    fn no_window_ends_inside_a_table_or_after_a_backslash() {
        let got = windows_of(&["a\n| x |\n  | y |\nb \\\nc\nd\n"], 1, false);
        assert_eq!(got, ["a\n| x |\n  | y |\n", "b \\\nc\n", "d\n"]);
    }

    #[test]
    fn after_a_key_a_window_ends_only_past_its_reach_and_a_blank_line() {
        let key = "-----BEGIN PRIVATE KEY-----\nAAAA\n";
        // Base64-like lines only: the key's span could run over all of them.
        let lines = "x\n".repeat(PEM_REACH);
        assert_eq!(windows_of(&[key, &lines], 1, false).len(), 1);
        // A blank line within the reach: the first line end past it ends
        // the first window.
        let short = "x\n".repeat(PEM_REACH / 4);
        let text = format!("{key}{short}\n{lines}");
        let got = windows_of(&[&text], 1, false);
        let first_end = text[PEM_REACH - 1..].find('\n').expect("a line end") + PEM_REACH;
        assert_eq!(got[0].len(), first_end);
    }

    #[test]
    fn a_text_taken_whole_is_cut_the_same_way() {
        let text = "one\ntwo\nthree\nfour\nfive\n";
        let mut got = Vec::new();
        let mut windows = Windows::new(6, |window: &str| got.push(window.to_string()));
        windows.push_owned(text.to_string());
        windows.finish(false);
        assert_eq!(got, ["one\ntwo\n", "three\n", "four\nfive\n"]);
    }
}
