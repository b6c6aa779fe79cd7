//! Where a run writes its output: a new text, or a comparison with the text
//! a settled run must reproduce, which copies nothing. Checking that a run
//! changes nothing by building its output held a third copy of a large
//! text at the peak.

/// The emitter's output.
pub(crate) enum Sink<'e> {
    /// The output, built.
    Text(String),
    /// The output compared, as it is written, with `expected`.
    Compare(Comparison<'e>),
}

/// A running comparison with an expected text.
pub(crate) struct Comparison<'e> {
    expected: &'e [u8],
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
        Sink::Compare(Comparison {
            expected: expected.as_bytes(),
            final_newline: !expected.is_empty() && !expected.ends_with('\n'),
            at: 0,
            same: true,
        })
    }

    pub(crate) fn push_str(&mut self, piece: &str) {
        match self {
            Sink::Text(out) => out.push_str(piece),
            Sink::Compare(c) => c.push(piece.as_bytes()),
        }
    }
}

impl Comparison<'_> {
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
        self.same = self.expected[self.at..inside] == *head
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
            Sink::Text(_) => unreachable!("a comparing sink"),
        }
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
