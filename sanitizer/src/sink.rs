//! Where a run writes its output: a new text, a comparison with the text
//! a settled run must reproduce, which copies nothing, the input itself
//! for as long as the output repeats it, or windows handed on as they are
//! written. Checking that a run changes nothing by building its output held
//! a third copy of a large text at the peak; most texts come out of the
//! line passes as they went in.

use crate::secrets::Windows;
use std::borrow::Cow;

/// The emitter's output.
pub(crate) enum Sink<'e> {
    /// The output, built, until it outgrows the overflow's budget.
    Text(String, Option<Overflow<'e>>),
    /// The output compared, as it is written, with `expected`.
    Compare(Comparison<'e>),
    /// The output compared with the input, and built only from the first
    /// difference on (the input up to there copied then).
    Reuse(Comparison<'e>, Option<Overflow<'e>>),
    /// The output handed on in windows, never held whole.
    Windows(Windows<'e>),
}

/// Where an output too long to hold goes: once the text built passes
/// `budget` bytes, it and the rest are handed on in windows.
pub(crate) struct Overflow<'e> {
    pub budget: usize,
    pub windows: Windows<'e>,
}

/// A running comparison with an expected text.
pub(crate) struct Comparison<'e> {
    expected: &'e str,
    /// The emitter ends every line with a newline and takes the last one
    /// back when its input had none: that newline may run one past the end.
    final_newline: bool,
    at: usize,
    same: bool,
}

impl<'e> Sink<'e> {
    /// A sink that checks the output equals `expected`, which is also the
    /// input of the run (so it has a final newline exactly when the output
    /// keeps one).
    pub(crate) fn compare(expected: &'e str) -> Self {
        Sink::Compare(Comparison::with(expected))
    }

    /// A sink that reuses `input` while the output repeats it.
    pub(crate) fn reuse(input: &'e str) -> Self {
        Sink::Reuse(Comparison::with(input), None)
    }

    /// [`reuse`](Self::reuse), the text built going to `overflow` once it
    /// outgrows the budget.
    pub(crate) fn reuse_within(input: &'e str, overflow: Overflow<'e>) -> Self {
        Sink::Reuse(Comparison::with(input), Some(overflow))
    }

    pub(crate) fn push_str(&mut self, piece: &str) {
        match self {
            Sink::Text(out, overflow) => {
                out.push_str(piece);
                if overflow.is_some() {
                    self.overflow_when_over_budget();
                }
            }
            Sink::Compare(c) => c.push(piece.as_bytes()),
            Sink::Reuse(c, overflow) => {
                let before = c.at;
                c.push(piece.as_bytes());
                if !c.same {
                    let mut out = c.prefix(before);
                    out.push_str(piece);
                    let overflow = overflow.take();
                    *self = Sink::Text(out, overflow);
                    self.overflow_when_over_budget();
                }
            }
            Sink::Windows(windows) => windows.push(piece),
        }
    }

    /// Once the text built passes the overflow's budget, hands it on to
    /// the overflow's windows, where the rest will follow.
    fn overflow_when_over_budget(&mut self) {
        let Sink::Text(out, overflow) = self else {
            return;
        };
        if overflow.as_ref().is_none_or(|o| out.len() <= o.budget) {
            return;
        }
        let Some(Overflow { mut windows, .. }) = overflow.take() else {
            return;
        };
        windows.push_owned(std::mem::take(out));
        *self = Sink::Windows(windows);
    }

    /// The output of a [`reuse`](Self::reuse) or text sink given
    /// `input`: the input itself when the output repeated it, else the
    /// text built, without the final newline the emitter gave a text that
    /// had none. `None` for a comparing sink or windows.
    pub(crate) fn into_output<'i>(self, input: &'i str) -> Option<Cow<'i, str>> {
        let mut out = match self {
            Sink::Reuse(c, _) if c.matched() => return Some(Cow::Borrowed(input)),
            // Everything written repeated the input, but stopped short.
            Sink::Reuse(c, _) => c.prefix(c.at),
            Sink::Text(out, _) => out,
            Sink::Compare(_) | Sink::Windows(_) => return None,
        };
        if !input.ends_with('\n') && out.ends_with('\n') {
            out.pop();
        }
        Some(Cow::Owned(out))
    }
}

impl<'e> Comparison<'e> {
    /// A comparison with `expected`, nothing written yet.
    fn with(expected: &'e str) -> Self {
        Comparison {
            expected,
            final_newline: !expected.is_empty() && !expected.ends_with('\n'),
            at: 0,
            same: true,
        }
    }

    /// The first `at` bytes written, all equal to the expected text (a
    /// final newline past its end included), with room for the rest.
    fn prefix(&self, at: usize) -> String {
        let length = self.expected.len();
        let mut out = String::with_capacity(length + length / 8 + 64);
        out.push_str(&self.expected[..at.min(length)]);
        if at > length {
            out.push('\n');
        }
        out
    }

    fn push(&mut self, piece: &[u8]) {
        let length = self.expected.len();
        if !self.same || piece.is_empty() {
            return;
        }
        if self.at > length {
            // Past the final newline: nothing more may come.
            self.same = false;
            return;
        }
        let inside = (self.at + piece.len()).min(length);
        let (head, tail) = piece.split_at(inside - self.at);
        self.same = self.expected.as_bytes()[self.at..inside] == *head
            && (tail.is_empty() || (self.final_newline && tail == b"\n"));
        self.at += piece.len();
    }

    /// Whether everything written equals the expected text.
    pub(crate) fn matched(&self) -> bool {
        self.same && self.at == self.expected.len() + usize::from(self.final_newline)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compare(expected: &str, pieces: &[&str]) -> bool {
        let mut sink = Sink::compare(expected);
        for piece in pieces {
            sink.push_str(piece);
        }
        match sink {
            Sink::Compare(c) => c.matched(),
            _ => unreachable!("a comparing sink"),
        }
    }

    /// What a reusing sink gives for `input` after `pieces`, and whether
    /// that is the input itself (borrowed).
    fn reuse(input: &str, pieces: &[&str]) -> (String, bool) {
        let mut sink = Sink::reuse(input);
        for piece in pieces {
            sink.push_str(piece);
        }
        match sink.into_output(input) {
            Some(Cow::Borrowed(out)) => (out.to_string(), true),
            Some(Cow::Owned(out)) => (out, false),
            None => unreachable!("a reusing sink gives an output"),
        }
    }

    #[test]
    fn a_repeated_input_is_borrowed_not_copied() {
        assert_eq!(reuse("a\nb\n", &["a\n", "b\n"]), ("a\nb\n".into(), true));
        assert_eq!(reuse("a\nb", &["a\n", "b\n"]), ("a\nb".into(), true));
        assert_eq!(reuse("", &[]), (String::new(), true));
    }

    #[test]
    fn the_output_is_built_from_the_first_difference() {
        assert_eq!(
            reuse("a\nb\nc\n", &["a\n", "B\n", "c\n"]),
            ("a\nB\nc\n".into(), false)
        );
        assert_eq!(reuse("ab\n", &["aX", "\n"]), ("aX\n".into(), false));
        // Stopped short: the part written, copied.
        assert_eq!(reuse("a\nb\n", &["a\n"]), ("a\n".into(), false));
        // Longer: the final newline given to a text without one, then more.
        assert_eq!(reuse("a", &["a\n", "b\n"]), ("a\nb".into(), false));
        assert_eq!(reuse("a\n", &["a\n", "\n"]), ("a\n\n".into(), false));
    }

    #[test]
    fn matches_only_the_same_text() {
        assert!(compare("a\nb\n", &["a", "\n", "b", "\n"]));
        assert!(compare("", &[]));
        assert!(!compare("a\nb\n", &["a", "\n"]), "too short");
        assert!(!compare("a\n", &["a", "\n", "\n"]), "too long");
        assert!(!compare("a\nb\n", &["a", "\n", "c", "\n"]));
    }

    #[test]
    fn a_final_newline_taken_back_is_allowed_only_without_one() {
        assert!(compare("a\nb", &["a", "\n", "b", "\n"]));
        assert!(!compare("a\nb", &["a", "\n", "b", "\n", "\n"]));
        assert!(!compare("a\nb", &["a", "\n", "b", "x"]));
        assert!(!compare("a\n", &["a", "\n", "\n"]));
    }
}
