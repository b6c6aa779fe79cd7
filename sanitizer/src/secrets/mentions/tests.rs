//! The table's lookups against the rule they implement, read the plain way.

use super::*;
use crate::secrets::Kind;
use proptest::prelude::*;

/// [`Mentions::find`] as its documentation reads, every value tried at
/// every place: no table, no lookups ahead.
fn plainly(text: &str, spans: &mut Vec<Span>) {
    let mut values: Vec<(&[u8], Label)> = Vec::new();
    for span in spans.iter() {
        if let Some(value) = value_of(text, span) {
            if !values.iter().any(|(v, _)| *v == value.as_bytes()) {
                values.push((value.as_bytes(), span.label));
            }
        }
    }
    let bytes = text.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let detected: Vec<usize> = spans
        .iter()
        .filter(|s| s.start < s.end)
        .map(Span::start)
        .collect();
    let mut at = 0;
    while at < bytes.len() {
        let line_end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
        let may_start = at == 0 || !word(bytes[at - 1]) || !word(bytes[at]);
        let mut best: Option<(usize, Label, bool)> = None;
        if may_start {
            for &(value, label) in &values {
                let end = at + value.len();
                if end > line_end || &bytes[at..end] != value {
                    continue;
                }
                let clean = ends_as_word(bytes, end);
                let better = match best {
                    None => true,
                    Some((best_end, _, best_clean)) => {
                        (clean && !best_clean) || (clean == best_clean && end > best_end)
                    }
                };
                if better {
                    best = Some((end, label, clean));
                }
            }
        }
        match best {
            Some((end, label, clean)) => {
                if clean && !detected.contains(&at) {
                    spans.push(Span {
                        start: offset(at),
                        end: offset(end),
                        label,
                    });
                }
                at = end;
            }
            None => at += 1,
        }
    }
}

/// A text of a few short words that often repeat and often share their
/// first six bytes, and spans over some of its words.
fn text_and_spans() -> impl Strategy<Value = (String, Vec<Span>)> {
    let word = prop::sample::select(vec![
        "abcdef", "abcdefg", "abcdefgh", "abcdefgx", "abc", "x_", "-tok-1", "tok-1", "12345678",
    ]);
    let gap = prop::sample::select(vec![" ", "", "\n", "`", "=", "\"", " a"]);
    (
        prop::collection::vec((word, gap), 0..40),
        prop::collection::vec(
            (any::<prop::sample::Index>(), 0..3usize, any::<bool>()),
            0..8,
        ),
    )
        .prop_map(|(pieces, picks)| {
            let mut text = String::new();
            let mut words = Vec::new();
            for (word, gap) in pieces {
                words.push((text.len(), text.len() + word.len()));
                text.push_str(word);
                text.push_str(gap);
            }
            let mut spans = Vec::new();
            if !words.is_empty() {
                for (pick, more, token) in picks {
                    let (start, end) = words[pick.index(words.len())];
                    // Sometimes a span runs on over the next bytes.
                    let end = (end + more).min(text.len());
                    let kind = if token { Kind::Token } else { Kind::Password };
                    spans.push(Span::kind(start, end, kind));
                }
            }
            (text, spans)
        })
}

proptest! {
    #[test]
    fn the_table_finds_what_trying_every_value_everywhere_finds((text, spans) in text_and_spans()) {
        let mut expected = spans.clone();
        plainly(&text, &mut expected);
        let mut got = spans;
        repeat_mentions(&text, &mut got);
        prop_assert_eq!(got, expected);
    }
}

#[test]
fn values_of_one_anchor_and_length_are_told_apart() {
    // Three values of one anchor and one length, and a longer one: each
    // mention keeps its own value's label.
    let text = "abcdef01 abcdef02 abcdef03 abcdef0123 | abcdef02 abcdef0123 abcdef03";
    let mut spans = vec![
        Span::kind(0, 8, Kind::Token),
        Span::kind(9, 17, Kind::Password),
        Span::kind(18, 26, Kind::Jwt),
        Span::kind(27, 37, Kind::Ip),
    ];
    let mut expected = spans.clone();
    plainly(text, &mut expected);
    repeat_mentions(text, &mut spans);
    assert_eq!(spans, expected);
    let labels: Vec<&str> = spans[4..].iter().map(Span::label_kind).collect();
    assert_eq!(labels, ["password", "ip", "jwt"]);
}
