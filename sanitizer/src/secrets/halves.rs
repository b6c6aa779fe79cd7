//! A long piece redacted on two threads. The piece is cut in two at a line
//! end past its middle where no detector reaches across (the rules of
//! [`super::windows`]; a piece with a private key's BEGIN line is not
//! cut). Both halves' spans are found at once; the values of repeat
//! mentions are merged as a whole-piece run would have met them; each half
//! then gets its mentions and addresses and is resolved, at once again.
//! No span crosses the cut, so the result is the whole piece's.

use super::mentions::mentions_of;
use super::windows::may_end_after;
use super::{formats, Redactor, Span};
use crate::threads::{both, TWO_THREADS_FROM};

/// A piece's parts, in order, each with its resolved spans (offsets from
/// the part's start): where the part ends in the piece, and the spans.
pub(super) type Parts = Vec<(usize, Vec<Span>)>;

impl Redactor {
    /// The resolved spans of `piece`, in two parts found at once when it
    /// is long enough and can be cut, else in one.
    pub(super) fn parts(&self, piece: &str) -> Parts {
        match self.halfway(piece) {
            Some(cut) => self.in_halves(piece, cut),
            None => vec![(piece.len(), self.spans(piece))],
        }
    }

    /// Where to cut `piece` in two, if it is worth it and can be done.
    fn halfway(&self, piece: &str) -> Option<usize> {
        if !self.secrets || piece.len() < TWO_THREADS_FROM || !self.windowable() {
            return None;
        }
        let bytes = piece.as_bytes();
        if memchr::memmem::find(bytes, formats::PEM_TRIGGER.as_bytes()).is_some() {
            return None;
        }
        let middle = bytes.len() / 2;
        memchr::memchr_iter(b'\n', &bytes[middle..])
            .map(|at| middle + at)
            .find(|&newline| may_end_after(bytes, newline) == Some(true))
            .map(|newline| newline + 1)
    }

    fn in_halves(&self, piece: &str, cut: usize) -> Parts {
        let (first, second) = piece.split_at(cut);
        let local = |part: &str| {
            let (mut spans, mut ends) = (Vec::with_capacity(part.len() / 8), Vec::new());
            self.local_spans(part, &mut spans, &mut ends);
            (spans, ends)
        };
        let ((mut first_spans, first_ends), (mut second_spans, second_ends)) =
            both(|| local(first), || local(second));
        let mentions = mentions_of(&[
            (first, &first_spans, &first_ends),
            (second, &second_spans, &second_ends),
        ]);
        let finish = |part: &str, spans: &mut Vec<Span>| {
            if let Some(mentions) = &mentions {
                mentions.find(part, spans);
            }
            self.add_addresses_and_resolve(part, spans);
        };
        both(
            || finish(first, &mut first_spans),
            || finish(second, &mut second_spans),
        );
        vec![(cut, first_spans), (piece.len(), second_spans)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::replace;
    use std::collections::BTreeMap;

    fn written(
        redactor: &Redactor,
        piece: &str,
        parts: Parts,
    ) -> (String, BTreeMap<String, usize>) {
        let (mut out, mut counts, mut start) = (String::new(), BTreeMap::new(), 0);
        for (end, spans) in parts {
            let result: Result<(), ()> = replace::write(
                &piece[start..end],
                &spans,
                &redactor.known,
                &mut counts,
                &mut |s| {
                    out.push_str(s);
                    Ok(())
                },
            );
            result.expect("a String takes any write");
            start = end;
        }
        (out, counts)
    }

    #[test]
    fn every_cut_the_rules_allow_gives_the_whole_result() {
        let hand_made = "Me: keys\n| name | password |\n|---|---|\n| db | Tr0ub4dor&3x |\nexport API_TOKEN=9f8e7d6c5b4a39281706\\\n77aa\nseen 9f8e7d6c5b4a39281706 at 10.1.2.3\nAuthorization: Bearer Zm9vYmFyQmF6UXV4MTIzNDU2\n\nlater Zm9vYmFyQmF6UXV4MTIzNDU2 and password = \"Zm9vYmFyQmF6UXV4MTIzNDU2\"\n";
        let texts = [
            include_str!("../../../examples/transcript.md"),
            include_str!("../../../examples/liquid-transcript.md"),
            hand_made,
        ];
        let redactor = Redactor::new(&crate::Options::default());
        for text in texts {
            let whole = written(&redactor, text, vec![(text.len(), redactor.spans(text))]);
            let bytes = text.as_bytes();
            let cuts = memchr::memchr_iter(b'\n', bytes)
                .filter(|&newline| may_end_after(bytes, newline) == Some(true))
                .map(|newline| newline + 1);
            let mut tried = 0;
            for cut in cuts {
                let halves = written(&redactor, text, redactor.in_halves(text, cut));
                assert_eq!(halves, whole, "cut at byte {cut}");
                tried += 1;
            }
            assert!(tried > 3, "cuts tried: {tried}");
        }
    }
}
