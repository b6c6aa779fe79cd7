//! Repeat mentions: once a value is redacted somewhere, every other
//! mention of it goes too (in prose, inline code, another block), under the
//! label of the first span that redacted it.
//!
//! A whole text finds its values and their mentions in one go
//! ([`repeat_mentions`]). A text redacted window by window (see
//! [`super::windows`]) gathers the values of every window first
//! ([`Gathered`]), then looks for all of them in each window: the same
//! values and labels, because each value keeps the label of the span a
//! whole-text run would have met first.

use super::{offset, Label, Span};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::collections::HashMap;

/// Values shorter than this are not looked for elsewhere: they would
/// match ordinary words.
const MIN_VALUE: usize = 6;

/// The value `span` redacts, as its mentions are matched (cut where the
/// replacement will be cut, at a backtick), if it is one to look for.
fn value_of<'t>(text: &'t str, span: &Span) -> Option<&'t str> {
    let value = &text[span.start()..span.end()];
    let value = value.split('`').next().unwrap_or(value);
    (value.len() >= MIN_VALUE && !value.contains('\n')).then_some(value)
}

/// Every other mention of the values the `spans` found in `text` become
/// spans too.
pub(super) fn repeat_mentions(text: &str, spans: &mut Vec<Span>) {
    let mut values: Vec<(&str, Label)> = spans
        .iter()
        .filter_map(|span| value_of(text, span).map(|value| (value, span.label)))
        .collect();
    // Stable: among equal values, the first span's label stays.
    values.sort_by(|a, b| a.0.cmp(b.0));
    values.dedup_by(|a, b| a.0 == b.0);
    if let Some(mentions) = Mentions::new(values) {
        mentions.find(text, spans);
    }
}

/// Values to look for, each with its label.
pub(crate) struct Mentions {
    labels: Vec<Label>,
    search: AhoCorasick,
}

impl Mentions {
    /// Looks for `values` (distinct); `None` when there are none.
    fn new<'v>(values: impl IntoIterator<Item = (&'v str, Label)>) -> Option<Self> {
        let (patterns, labels): (Vec<&str>, Vec<Label>) = values.into_iter().unzip();
        if patterns.is_empty() {
            return None;
        }
        let search = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(patterns)
            .ok()?;
        Some(Mentions { labels, search })
    }

    /// Adds a span for each mention in `text` that stands as a word of
    /// its own where the value begins or ends with a word character.
    pub(super) fn find(&self, text: &str, spans: &mut Vec<Span>) {
        let bytes = text.as_bytes();
        let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
        for found in self.search.find_iter(text) {
            let (start, end) = (found.start(), found.end());
            let clean_start = !word(bytes[start]) || start == 0 || !word(bytes[start - 1]);
            let clean_end = !word(bytes[end - 1]) || bytes.get(end).is_none_or(|&b| !word(b));
            if clean_start && clean_end {
                spans.push(Span {
                    start: offset(start),
                    end: offset(end),
                    label: self.labels[found.pattern().as_usize()],
                });
            }
        }
    }
}

/// Where a whole-text run would have met a span: spans are listed detector
/// by detector, each detector's in the order of the text. So: the
/// detector, then the window, then the place in the window's list.
type Met = (usize, usize, usize);

/// The values of a text's spans, gathered window by window, each with the
/// label of the span a whole-text run would have met first.
#[derive(Default)]
pub(crate) struct Gathered {
    values: HashMap<Box<str>, (Met, Label)>,
    windows: usize,
    /// A window held something to redact: a secret or an address.
    found: bool,
}

impl Gathered {
    /// Whether redacting the windows may change them: false only when no
    /// window held a secret or an address (nor, then, a repeat mention).
    pub(crate) fn found_any(&self) -> bool {
        self.found
    }

    /// Notes that a window held something to redact.
    pub(super) fn note_found(&mut self) {
        self.found = true;
    }

    /// Adds the values of the next window's `spans` (as the detectors
    /// listed them); `ends[d]` is where detector `d`'s spans end.
    pub(super) fn add(&mut self, window: &str, spans: &[Span], ends: &[usize]) {
        for (index, span) in spans.iter().enumerate() {
            let Some(value) = value_of(window, span) else {
                continue;
            };
            let met = (
                ends.partition_point(|&end| end <= index),
                self.windows,
                index,
            );
            match self.values.get_mut(value) {
                Some(first) if met < first.0 => *first = (met, span.label),
                Some(_) => {}
                None => {
                    self.values.insert(value.into(), (met, span.label));
                }
            }
        }
        self.windows += 1;
    }

    /// What to look for in every window.
    pub(crate) fn into_mentions(self) -> Option<Mentions> {
        Mentions::new(
            self.values
                .iter()
                .map(|(value, (_, label))| (&**value, *label)),
        )
    }
}
