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

use super::{offset, Fnv, Label, Span};
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

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
    if let Some(mentions) = Mentions::new(values) {
        mentions.find(text, spans);
    }
}

/// How many bytes of a value its anchor holds: [`MIN_VALUE`], so that
/// every value has one.
const ANCHOR: usize = MIN_VALUE;

/// Bits of the anchor filter per anchor (a false hit in one of twenty),
/// and at least: 8 KiB, which a probe at every byte of the text finds in
/// the cache when the values are few.
const FILTER_BITS_PER_ANCHOR: usize = 16;
const MIN_FILTER_BITS: usize = 1 << 16;

/// Values to look for, each with its label.
///
/// Found by hashing, not by an automaton: an Aho-Corasick automaton over
/// every distinct value of a text holds tens of bytes per byte of the
/// values (600 MB for a 16 MB text of one random token per line), and its
/// DFA took a minute to build for one 256 KB value. Here each value is
/// anchored by its first [`ANCHOR`] bytes: a bit filter over the anchors'
/// hashes, then a map from an anchor to the lengths of its values, then a
/// map of the values (borrowed, never copied) checks a candidate. Memory is
/// a few tens of bytes per distinct value.
///
/// Time: one filter probe per byte of the text; at a byte whose anchor is
/// one of a value's, one lookup per distinct length of the values sharing
/// that anchor that ends on the same line, each hashing that many bytes.
/// Values of one shape (the same anchor, many lengths) are what a crafted
/// text would need to make that more than linear; values are redacted
/// tokens, of a few lengths.
pub(crate) struct Mentions<'v> {
    values: HashMap<&'v [u8], Label, BuildHasherDefault<Fnv>>,
    /// For each anchor, the lengths of its values.
    anchors: HashMap<u64, Lengths, BuildHasherDefault<Fnv>>,
    /// The distinct lengths of anchors with several, longest first within
    /// each anchor.
    lengths: Vec<u32>,
    filter: Vec<u64>,
    /// How far to shift a hash for a bit of the filter (its size is a
    /// power of two).
    filter_shift: u32,
}

/// The lengths of the values of one anchor: one (the rule; in the map
/// itself, which spares a lookup), or several, in [`Mentions::lengths`].
#[derive(Clone, Copy)]
enum Lengths {
    One(u32),
    Many { start: u32, count: u32 },
}

/// The anchor of `bytes` (at least [`ANCHOR`] of them), packed.
fn anchor(bytes: &[u8]) -> u64 {
    bytes[..ANCHOR]
        .iter()
        .fold(0u64, |key, &b| (key << 8) | u64::from(b))
}

/// The anchor filter's bit for `key`, `shift` being 64 less the log2 of
/// the filter's size.
fn filter_bit(key: u64, shift: u32) -> usize {
    // Fibonacci hashing: the top bits of the product.
    (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> shift) as usize
}

impl<'v> Mentions<'v> {
    /// Looks for `values`; among equal values the first one's label stays.
    /// `None` when there are none.
    fn new(values: impl Iterator<Item = (&'v str, Label)>) -> Option<Self> {
        // Not sized ahead: the spans outnumber the distinct values (a value
        // found by two detectors, or assigned twice), and a table sized for
        // them was twice what it needed.
        let mut map: HashMap<&'v [u8], Label, BuildHasherDefault<Fnv>> = HashMap::default();
        for (value, label) in values {
            map.entry(value.as_bytes()).or_insert(label);
        }
        if map.is_empty() {
            return None;
        }
        let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let mut anchored: Vec<(u64, u32)> = map
            .keys()
            .map(|bytes| (anchor(bytes), narrow(bytes.len())))
            .collect();
        anchored.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        anchored.dedup();
        let mut anchors: HashMap<u64, Lengths, BuildHasherDefault<Fnv>> =
            HashMap::with_capacity_and_hasher(anchored.len(), BuildHasherDefault::default());
        let bits = (anchored.len() * FILTER_BITS_PER_ANCHOR)
            .next_power_of_two()
            .max(MIN_FILTER_BITS);
        let filter_shift = 64 - bits.trailing_zeros();
        let mut filter = vec![0u64; bits / 64];
        let mut lengths = Vec::new();
        for group in anchored.chunk_by(|a, b| a.0 == b.0) {
            let key = group[0].0;
            let entry = match group {
                [(_, length)] => Lengths::One(*length),
                _ => {
                    let start = u32::try_from(lengths.len()).unwrap_or(u32::MAX);
                    let count = u32::try_from(group.len()).unwrap_or(u32::MAX);
                    lengths.extend(group.iter().map(|&(_, length)| length));
                    Lengths::Many { start, count }
                }
            };
            anchors.insert(key, entry);
            let bit = filter_bit(key, filter_shift);
            filter[bit / 64] |= 1 << (bit % 64);
        }
        Some(Mentions {
            values: map,
            anchors,
            lengths,
            filter,
            filter_shift,
        })
    }

    /// The value at `at` in `bytes`, ending by `line_end`, to take there:
    /// the longest that ends as a word does, else the longest (which takes
    /// its bytes but is no mention). Its end, its label, and whether it
    /// ends as a word does.
    ///
    /// A longer value that runs into a word must not hide a shorter one
    /// that stands as a word: `password: pa` (a value cut short at a
    /// text's end) would otherwise hide every `password:` that starts
    /// like it, and which mentions go would hang on what else the text holds.
    fn value_at(&self, bytes: &[u8], at: usize, line_end: usize) -> Option<(usize, Label, bool)> {
        let key = anchor(&bytes[at..]);
        let bit = filter_bit(key, self.filter_shift);
        if self.filter[bit / 64] & (1 << (bit % 64)) == 0 {
            return None;
        }
        let one;
        let lengths = match *self.anchors.get(&key)? {
            Lengths::One(length) => {
                one = [length];
                &one[..]
            }
            Lengths::Many { start, count } => {
                &self.lengths[start as usize..(start + count) as usize]
            }
        };
        let mut longest = None;
        for &length in lengths {
            let end = at + length as usize;
            if end > line_end {
                continue;
            }
            if let Some(&label) = self.values.get(&bytes[at..end]) {
                if ends_as_word(bytes, end) {
                    return Some((end, label, true));
                }
                longest = longest.or(Some((end, label, false)));
            }
        }
        longest
    }

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
        let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
        let mut at = 0;
        let mut line_end = 0;
        while at + ANCHOR <= bytes.len() {
            if at >= line_end {
                // Values hold no line break: a mention ends by its line's end.
                line_end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
                if line_end - at < ANCHOR {
                    at = line_end + 1;
                    continue;
                }
            }
            if at + ANCHOR > line_end {
                at = line_end + 1;
                continue;
            }
            // A mention starts where a word does, or at a byte that is no
            // part of one: elsewhere it would not stand as a word.
            let may_start = at == 0 || !word(bytes[at - 1]) || !word(bytes[at]);
            let found = if may_start {
                self.value_at(bytes, at, line_end)
            } else {
                None
            };
            let Some((end, label, clean_end)) = found else {
                at += 1;
                continue;
            };
            let start = at;
            if clean_end && !detected.contains(start) {
                spans.push(Span {
                    start: offset(start),
                    end: offset(end),
                    label,
                });
            }
            at = end;
        }
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
    Mentions::new(values)
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
        )
    }
}
