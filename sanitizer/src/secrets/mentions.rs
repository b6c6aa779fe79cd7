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

/// Set in every occupied slot's key: an anchor packs six bytes into the
/// low 48 bits, so a key is never zero and zero marks an empty slot.
const OCCUPIED: u64 = 1 << 63;

/// Values to look for, each with its label.
///
/// Found by hashing, not by an automaton: an Aho-Corasick automaton over
/// every distinct value of a text holds tens of bytes per byte of the
/// values (600 MB for a 16 MB text of one random token per line), and its
/// DFA took a minute to build for one 256 KB value. Each value is anchored
/// by its first [`ANCHOR`] bytes, packed exactly into a `u64`; one
/// open-addressing table of 16-byte slots maps an anchor to its run of
/// values in [`Mentions::values`] (sorted by anchor, longest first, then
/// by their bytes). A place is looked at only when its byte starts some
/// value (a 256-bit set, always in the cache: no value starts with a
/// space, a quote or `=` in most texts), and then costs one probe of the
/// table; a value met where it was found (the same bytes in memory, the
/// rule when every value occurs once) is taken without comparing it.
///
/// This replaced three tables that each grew with the distinct values (a
/// bit filter, a map of anchors to lengths and a map of the values), each
/// a cache miss per probe: a text of one random token per line took 6.0
/// times as long at 16 MB as at 4 MB (issue 32).
///
/// Time: at a byte that starts a value and a word, one probe; when its
/// anchor is one of a value's, one binary search per distinct length of
/// the values sharing that anchor that ends on the same line. Values of
/// one shape (the same anchor, many lengths) are what a crafted text
/// would need to make that more than linear; values are redacted tokens,
/// of a few lengths.
pub(crate) struct Mentions<'v> {
    /// The distinct values and their labels, sorted by anchor, then
    /// longest first, then by their bytes.
    values: Vec<(&'v [u8], Label)>,
    /// The anchor table: a power of two of slots, probed linearly.
    slots: Vec<Slot>,
    /// How far to shift a hash for a slot (64 less the log2 of the slots).
    shift: u32,
    /// The first bytes of the values, a bit each.
    first_bytes: [u64; 4],
}

/// One slot of the anchor table: the anchor with [`OCCUPIED`] set (zero
/// when empty), and its values' run in [`Mentions::values`].
#[derive(Clone, Copy, Default)]
struct Slot {
    key: u64,
    start: u32,
    count: u32,
}

/// The anchor of `bytes` (at least [`ANCHOR`] of them), packed.
fn anchor(bytes: &[u8]) -> u64 {
    bytes[..ANCHOR]
        .iter()
        .fold(0u64, |key, &b| (key << 8) | u64::from(b))
}

/// The first slot to probe for `key`, `shift` being 64 less the log2 of
/// the table's size.
fn home(key: u64, shift: u32) -> usize {
    // Fibonacci hashing: the top bits of the product.
    (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> shift) as usize
}

impl<'v> Mentions<'v> {
    /// Looks for `values`; among equal values the first one's label stays.
    /// `None` when there are none.
    fn new(values: impl Iterator<Item = (&'v str, Label)>) -> Option<Self> {
        // Deduplicated by sorting, not by hashing: a hash set of the
        // values is a cache miss per span once it outgrows the cache, and
        // so took a greater share of a longer text. The sort is stable, so
        // the first of equal values comes first and keeps its label; a
        // value listed again right after itself (one value assigned line
        // after line) is not listed twice.
        let mut sorted: Vec<(u64, &'v [u8], Label)> = Vec::new();
        // Values are compared by their anchors first: two values of one
        // length (random tokens) would otherwise be compared byte by byte,
        // at a cache miss each when far apart in the text.
        // A value found by two detectors is the same bytes in memory.
        let same = |a: &(u64, &[u8], Label), b: &(u64, &[u8], Label)| {
            a.0 == b.0 && (std::ptr::eq(a.1, b.1) || a.1 == b.1)
        };
        for (value, label) in values {
            let bytes = value.as_bytes();
            let entry = (anchor(bytes), bytes, label);
            if sorted.last().is_none_or(|last| !same(last, &entry)) {
                sorted.push(entry);
            }
        }
        if sorted.is_empty() {
            return None;
        }
        // The bytes are compared only between values of one anchor and
        // length: reading them elsewhere is a cache miss per comparison.
        sorted.sort_by(|a, b| {
            (a.0.cmp(&b.0))
                .then_with(|| b.1.len().cmp(&a.1.len()))
                .then_with(|| {
                    if std::ptr::eq(a.1, b.1) {
                        std::cmp::Ordering::Equal
                    } else {
                        a.1.cmp(b.1)
                    }
                })
        });
        sorted.dedup_by(|later, earlier| same(later, earlier));
        let groups = sorted.chunk_by(|a, b| a.0 == b.0).count();
        // At most two thirds full: a probe for an absent anchor (most
        // probes) stops within a few slots.
        let size = (groups * 3 / 2).next_power_of_two().max(16);
        let shift = 64 - size.trailing_zeros();
        let mut slots = vec![Slot::default(); size];
        let mut first_bytes = [0u64; 4];
        let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let mut start = 0;
        for group in sorted.chunk_by(|a, b| a.0 == b.0) {
            let key = group[0].0 | OCCUPIED;
            let mut at = home(key, shift);
            while slots[at].key != 0 {
                at = (at + 1) & (size - 1);
            }
            slots[at] = Slot {
                key,
                start: narrow(start),
                count: narrow(group.len()),
            };
            let first = group[0].1[0];
            first_bytes[usize::from(first / 64)] |= 1 << (first % 64);
            start += group.len();
        }
        let values = sorted
            .into_iter()
            .map(|(_, bytes, label)| (bytes, label))
            .collect();
        Some(Mentions {
            values,
            slots,
            shift,
            first_bytes,
        })
    }

    /// Whether a mention may start at `at` in `bytes`: where a word
    /// starts, or at a byte that is no part of one (elsewhere it would not
    /// stand as a word), and only with a byte some value starts with.
    fn looked_up(&self, bytes: &[u8], at: usize) -> bool {
        let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
        let byte = bytes[at];
        (at == 0 || !word(bytes[at - 1]) || !word(byte))
            && self.first_bytes[usize::from(byte / 64)] & (1 << (byte % 64)) != 0
    }

    /// Where the values whose anchor starts `bytes` (at least [`ANCHOR`]
    /// long) are in [`values`](Self::values), longest first: a start and
    /// a count (zero when there are none).
    fn run_of(&self, bytes: &[u8]) -> (u32, u32) {
        let key = anchor(bytes) | OCCUPIED;
        let mask = self.slots.len() - 1;
        let mut at = home(key, self.shift);
        loop {
            let slot = self.slots[at];
            if slot.key == key {
                return (slot.start, slot.count);
            }
            if slot.key == 0 {
                return (0, 0);
            }
            at = (at + 1) & mask;
        }
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
    ///
    /// `run` is where the values of the anchor at `at` are (see
    /// [`run_of`](Self::run_of)).
    fn value_at(
        &self,
        bytes: &[u8],
        at: usize,
        line_end: usize,
        (start, count): (u32, u32),
    ) -> Option<(usize, Label, bool)> {
        let here = &bytes[at..];
        let mut rest = &self.values[start as usize..(start + count) as usize];
        let mut longest = None;
        // One run of values per length, longest first; within a run at
        // most one value can be the bytes here (the values are distinct).
        while let Some(&(value, _)) = rest.first() {
            let length = value.len();
            let run = rest.partition_point(|(v, _)| v.len() == length);
            let (same_length, after) = rest.split_at(run);
            rest = after;
            let end = at + length;
            if end > line_end {
                continue;
            }
            let candidate = &here[..length];
            let found = match same_length {
                // The value met where it was found: nothing to compare.
                [(only, label)] if only.as_ptr() == candidate.as_ptr() || *only == candidate => {
                    Some(*label)
                }
                [_] => None,
                _ => same_length
                    .binary_search_by(|(v, _)| (*v).cmp(candidate))
                    .ok()
                    .map(|index| same_length[index].1),
            };
            if let Some(label) = found {
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
        let mut ahead = Ahead::default();
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
            let found = if self.looked_up(bytes, at) {
                self.value_at(bytes, at, line_end, ahead.run(self, bytes, at))
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

/// How many bytes of a text [`Ahead`] looks up at once.
const AHEAD: usize = 4096;

/// The anchor lookups of [`Mentions::find`], made ahead of its walk for a
/// stretch of text at a time. Each lookup of a long text's table is a
/// cache miss; made one by one as the walk meets them, each waited for
/// the last, and a text of a random token per line spent a greater
/// share of its time waiting the longer it was (issue 32). Made in a
/// row, independent of each other, the misses overlap. The places looked
/// up depend only on the bytes (see [`Mentions::looked_up`]), never on
/// where the walk jumps, so the walk finds every one it asks for.
#[derive(Default)]
struct Ahead {
    /// The places with values, in order, and their runs.
    found: Vec<(usize, (u32, u32))>,
    /// The first of `found` not passed yet.
    next: usize,
    /// Places before this have been looked up.
    done: usize,
}

impl Ahead {
    /// The run of values at `at` (see [`Mentions::run_of`]), a place
    /// [`Mentions::looked_up`] holds, no nearer the end than [`ANCHOR`].
    fn run(&mut self, mentions: &Mentions, bytes: &[u8], at: usize) -> (u32, u32) {
        if at >= self.done {
            self.found.clear();
            self.next = 0;
            self.done = (at + AHEAD).min(bytes.len() + 1 - ANCHOR);
            for place in at..self.done {
                if mentions.looked_up(bytes, place) {
                    let run = mentions.run_of(&bytes[place..]);
                    if run.1 > 0 {
                        self.found.push((place, run));
                    }
                }
            }
        }
        while self
            .found
            .get(self.next)
            .is_some_and(|&(place, _)| place < at)
        {
            self.next += 1;
        }
        match self.found.get(self.next) {
            Some(&(place, run)) if place == at => run,
            _ => (0, 0),
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
