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

mod table;
#[cfg(test)]
mod tests;

use super::{offset, Fnv, Label, Span};
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
pub(crate) use table::Mentions;
use table::{AHEAD, ANCHOR};

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
    let values = spans
        .iter()
        .filter_map(|span| value_of(text, span).map(|value| (value, span.label)));
    if let Some(mentions) = Mentions::new(values, &[(text, spans)]) {
        mentions.find(text, spans);
    }
}

impl Mentions<'_> {
    /// Adds a span for each mention in `text` that stands as a word of
    /// its own where the value begins or ends with a word character.
    /// Mentions are looked for only where one may start (a word's start,
    /// a byte that is no part of a word), leftmost first, and do not
    /// overlap. At a place the longest value that ends as a word does is
    /// the mention; when none does, the longest still takes its bytes.
    ///
    /// `spans` are the detectors' spans of `text`. A mention where one of
    /// them starts is not added: resolution keeps, among spans that start
    /// together, the one listed first (the detector's), and that span
    /// keeps a byte there (a mention never starts at a backtick, where
    /// resolution cuts a detected value). Adding it only made the list
    /// longer and out of order: a text of one value assigned again and
    /// again held twice its spans, and a sort's buffer besides.
    pub(super) fn find(&self, text: &str, spans: &mut Vec<Span>) {
        let bytes = text.as_bytes();
        let detected = Starts::of(spans, bytes.len());
        let skips = self.left_out(text, spans);
        let mut skips = skips.iter().peekable();
        // Only the places the table has values for can start one: the
        // walk goes from one to the next, a stretch of text at a time.
        let mut found = Vec::new();
        let last = (bytes.len() + 1).saturating_sub(ANCHOR);
        let mut at = 0;
        let mut from = 0;
        while from < last {
            let to = (from + AHEAD).min(last);
            self.look_up(bytes, from.max(at)..to, &mut found);
            for &(place, run) in found.iter().chain([&(to, (0, 0))]) {
                // What a value left out of the table takes where it was
                // detected (never a place with values in the table: they
                // would share its anchor).
                while let Some(&(start, end)) = skips.next_if(|&&(start, _)| start < place) {
                    if start >= at {
                        at = end;
                    }
                }
                if place < at || place == to {
                    continue;
                }
                let Some((end, label, clean_end)) = self.value_at(bytes, place, run) else {
                    continue;
                };
                if clean_end && !detected.contains(place) {
                    spans.push(Span {
                        start: offset(place),
                        end: offset(end),
                        label,
                    });
                }
                at = end;
            }
            from = to;
        }
    }

    /// Where the values left out of a reduced table (see [`Mentions::new`])
    /// were detected in `text`, as `spans` list them: the place and the
    /// end of what a full table would take there (its longest value that
    /// ends as a word does, else its longest), in order, for the places
    /// where a mention may start. A value left out has an anchor found at
    /// one place only, so the values a full table would try there are
    /// those of the spans that start there.
    fn left_out(&self, text: &str, spans: &[Span]) -> Vec<(usize, usize)> {
        if !self.reduced {
            return Vec::new();
        }
        let bytes = text.as_bytes();
        let mut left: Vec<(usize, usize, bool)> = spans
            .iter()
            .filter_map(|span| {
                let value = value_of(text, span)?;
                let start = span.start();
                if !table::may_start(bytes, start) || self.run_of(value.as_bytes()).1 > 0 {
                    return None;
                }
                let end = start + value.len();
                Some((start, end, ends_as_word(bytes, end)))
            })
            .collect();
        // By place; at one place the value to take first.
        left.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.2.cmp(&a.2)).then(b.1.cmp(&a.1)));
        left.dedup_by_key(|(start, _, _)| *start);
        left.into_iter()
            .map(|(start, end, _)| (start, end))
            .collect()
    }
}

/// Where spans start: a bit per byte of the text (an eighth of its
/// length), set where a non-empty span starts.
struct Starts(Vec<u64>);

impl Starts {
    fn of(spans: &[Span], length: usize) -> Self {
        if spans.is_empty() {
            return Starts(Vec::new());
        }
        let mut bits = vec![0u64; length / 64 + 1];
        for span in spans.iter().filter(|span| span.start < span.end) {
            let at = span.start();
            bits[at / 64] |= 1 << (at % 64);
        }
        Starts(bits)
    }

    fn contains(&self, at: usize) -> bool {
        self.0
            .get(at / 64)
            .is_some_and(|word| word & (1 << (at % 64)) != 0)
    }
}

/// Whether a mention ending at `end` in `bytes` ends as a word does: its
/// last byte is no part of a word, or the next byte is none.
fn ends_as_word(bytes: &[u8], end: usize) -> bool {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    !word(bytes[end - 1]) || bytes.get(end).is_none_or(|&b| !word(b))
}

/// Where a whole-text run would have met a span: spans are listed detector
/// by detector, each detector's in the order of the text. So: the
/// detector, then the window, then the place in the window's list.
type Met = (u32, u32, u32);

/// The values of a window's `spans` (as the detectors listed them; `ends[d]`
/// is where detector `d`'s spans end), each with where a whole-text run
/// would have met it, the window being the `window_index`th.
fn met_values<'w: 's, 's>(
    window: &'w str,
    spans: &'s [Span],
    ends: &'s [usize],
    window_index: usize,
) -> impl Iterator<Item = (Met, &'w str, Label)> + 's {
    let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    spans.iter().enumerate().filter_map(move |(index, span)| {
        let value = value_of(window, span)?;
        let detector = ends.partition_point(|&end| end <= index);
        let met = (narrow(detector), narrow(window_index), narrow(index));
        Some((met, value, span.label))
    })
}

/// What to look for in the parts of one text held at once (`parts`: each
/// part, its spans and where each detector's spans end, in the order of
/// the text): as [`Gathered`] finds it, the values borrowed rather than
/// copied, and read in the order a whole-text run meets them (detector by
/// detector, part by part) rather than sorted.
pub(super) fn mentions_of<'p>(parts: &[(&'p str, &[Span], &[usize])]) -> Option<Mentions<'p>> {
    let detectors = parts
        .iter()
        .map(|(_, _, ends)| ends.len() + 1)
        .max()
        .unwrap_or(0);
    let values = (0..detectors).flat_map(|detector| {
        parts.iter().flat_map(move |&(part, spans, ends)| {
            let end = ends.get(detector).copied().unwrap_or(spans.len());
            let start = detector
                .checked_sub(1)
                .map_or(0, |before| ends.get(before).copied().unwrap_or(spans.len()));
            spans[start.min(end)..end]
                .iter()
                .filter_map(move |span| value_of(part, span).map(|value| (value, span.label)))
        })
    });
    let texts: Vec<(&str, &[Span])> = parts
        .iter()
        .map(|&(part, spans, _)| (part, spans))
        .collect();
    Mentions::new(values, &texts)
}

/// The values of a text's spans, gathered window by window, each with the
/// label of the span a whole-text run would have met first.
#[derive(Default)]
pub(crate) struct Gathered {
    values: HashMap<Box<str>, (Met, Label), BuildHasherDefault<Fnv>>,
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
        for (met, value, label) in met_values(window, spans, ends, self.windows) {
            match self.values.get_mut(value) {
                Some(first) if met < first.0 => *first = (met, label),
                Some(_) => {}
                None => {
                    self.values.insert(value.into(), (met, label));
                }
            }
        }
        self.windows += 1;
    }

    /// What to look for in every window.
    pub(crate) fn mentions(&self) -> Option<Mentions<'_>> {
        Mentions::new(
            self.values
                .iter()
                .map(|(value, (_, label))| (&**value, *label)),
            &[],
        )
    }
}
