//! Putting the labels in: spans resolved into order, and the text written
//! with each span replaced, to a string or straight to the output.

#[cfg(test)]
use super::Kind;
use super::{KnownSecret, Label, Span, MAX_PIECE};
use std::collections::BTreeMap;

/// `text` cut into pieces of at most [`MAX_PIECE`] bytes, at line ends
/// where there are any (a longer line is cut at a character boundary).
/// Texts up to that size, every real one, are a single piece; a secret
/// in a longer text is found within its piece.
pub(super) fn pieces(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut cut = rest.len();
        if cut > MAX_PIECE {
            cut = MAX_PIECE;
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            if let Some(line_end) = memchr::memrchr(b'\n', &rest.as_bytes()[..cut]) {
                cut = line_end + 1;
            }
        }
        let (piece, after) = rest.split_at(cut);
        rest = after;
        Some(piece)
    })
}

/// Puts `spans` (found in any order, possibly overlapping) in text order,
/// keeping the first of spans that overlap and dropping empty ones.
pub(super) fn resolve(text: &str, spans: &mut Vec<Span>) {
    // A detected value stops at a backtick: a backtick fence's info
    // string cannot hold one, so redacting it away could turn a line into
    // a fence opener, and the next run would read the text differently
    // (found by fuzzing: "```TOKEN=x``h"). Values from a secrets file are
    // the writer's own and are redacted whole.
    for span in spans.iter_mut() {
        if matches!(span.label, Label::Kind(_)) {
            if let Some(tick) = memchr::memchr(b'`', &text.as_bytes()[span.start()..span.end()]) {
                span.set_end(span.start() + tick);
            }
        }
    }
    // Stable: among spans starting together, the detector that ran first
    // (the more specific one) wins. Most texts give spans already in
    // order; a stable sort's buffer would be half the spans again.
    if !spans.is_sorted_by_key(|s| s.start) {
        spans.sort_by_key(|s| s.start);
    }
    let mut end = 0;
    spans.retain(|span| {
        let kept = span.start >= end && span.start < span.end;
        if kept {
            end = span.end;
        }
        kept
    });
}

/// The length of `text` with the resolved `spans` replaced.
pub(super) fn length(text: &str, spans: &[Span], known: &[KnownSecret]) -> usize {
    spans.iter().fold(text.len(), |n, span| {
        n - (span.end() - span.start()) + label_length(&span.label, known)
    })
}

fn label_length(label: &Label, known: &[KnownSecret]) -> usize {
    match label {
        Label::Kind(kind) => "[REDACTED_]".len() + kind.name().len(),
        Label::Known(index) => known[*index as usize].label.len() + 2,
    }
}

/// Writes `text` through `put` with the resolved `spans` replaced by their
/// labels, counting each replacement by kind in `counts`.
pub(super) fn write<E>(
    text: &str,
    spans: &[Span],
    known: &[KnownSecret],
    counts: &mut BTreeMap<String, usize>,
    put: &mut dyn FnMut(&str) -> Result<(), E>,
) -> Result<(), E> {
    let mut label = String::new();
    let mut copied = 0;
    for span in spans {
        put(&text[copied..span.start()])?;
        label.clear();
        let kind = match span.label {
            Label::Kind(kind) => {
                let kind = kind.name();
                label.push_str("[REDACTED_");
                label.extend(kind.chars().map(|c| {
                    if c == '-' {
                        '_'
                    } else {
                        c.to_ascii_uppercase()
                    }
                }));
                label.push(']');
                kind
            }
            Label::Known(index) => {
                label.push('[');
                label.push_str(&known[index as usize].label);
                label.push(']');
                "secrets-file"
            }
        };
        put(&label)?;
        match counts.get_mut(kind) {
            Some(n) => *n += 1,
            None => {
                counts.insert(kind.to_string(), 1);
            }
        }
        copied = span.end();
    }
    put(&text[copied..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_span_is_sixteen_bytes() {
        assert_eq!(std::mem::size_of::<Span>(), 16);
    }

    #[test]
    fn a_short_text_is_one_piece() {
        assert_eq!(pieces("a\nb\n").collect::<Vec<_>>(), ["a\nb\n"]);
        assert_eq!(pieces("").count(), 0);
    }

    #[test]
    fn overlapping_spans_keep_the_first_and_come_in_order() {
        let text = "abcdefghij";
        let mut spans = vec![
            Span::kind(5, 8, Kind::Token),
            Span::kind(0, 4, Kind::Password),
            Span::kind(2, 6, Kind::Ip),
            Span::kind(9, 9, Kind::Jwt),
        ];
        resolve(text, &mut spans);
        let kept: Vec<_> = spans.iter().map(|s| (s.start(), s.end())).collect();
        assert_eq!(kept, [(0, 4), (5, 8)]);
        let mut counts = BTreeMap::new();
        let mut out = String::new();
        let written = write(text, &spans, &[], &mut counts, &mut |part: &str| {
            out.push_str(part);
            Ok::<(), ()>(())
        });
        assert_eq!(written, Ok(()));
        assert_eq!(out, "[REDACTED_PASSWORD]e[REDACTED_TOKEN]ij");
        assert_eq!(out.len(), length(text, &spans, &[]));
        assert_eq!(counts.get("password"), Some(&1));
    }
}
