//! The table of values [`Mentions::find`] looks up, and its lookups, made
//! a stretch of text at a time ahead of the walk that takes the values.

use super::{ends_as_word, Starts, MIN_VALUE};
use crate::secrets::{Label, Span};

/// How many bytes of a value its anchor holds: [`MIN_VALUE`], so that
/// every value has one.
pub(super) const ANCHOR: usize = MIN_VALUE;

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
/// the values sharing that anchor. Building it: a stable sort of the
/// values' spans (O(n log n), comparing bytes only within one anchor and
/// length). Values of
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
    /// Whether values found at one place only were left out (see
    /// [`Mentions::new`]).
    pub(super) reduced: bool,
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
    ///
    /// `texts` are the texts the values were found in, each with its
    /// detectors' spans, when the table is for them alone: a long list of
    /// values then keeps only those whose anchors the texts hold at two
    /// places or more (see [`Seen`]); the others are found only where they
    /// were detected, and [`Mentions::find`] takes them there without the
    /// table. Empty when the table is for other texts too (windows).
    pub(super) fn new(
        values: impl Iterator<Item = (&'v str, Label)>,
        texts: &[(&str, &[Span])],
    ) -> Option<Self> {
        // Deduplicated by sorting, not by hashing: a hash set of the
        // values is a cache miss per span once it outgrows the cache, and
        // so took a greater share of a longer text. The sort is stable, so
        // the first of equal values comes first and keeps its label; a
        // value listed again right after itself (one value assigned line
        // after line) is not listed twice.
        //
        // Values are compared by their anchors first: two values of one
        // length (random tokens) would otherwise be compared byte by byte,
        // at a cache miss each when far apart in the text. A value found
        // by two detectors is the same bytes in memory.
        let same = |a: &(u64, &[u8], Label), b: &(u64, &[u8], Label)| {
            a.0 == b.0 && (std::ptr::eq(a.1, b.1) || a.1 == b.1)
        };
        let mut sorted: Vec<(u64, &'v [u8], Label)> = Vec::new();
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
        let reduced = sorted.len() > FEW_VALUES && !texts.is_empty();
        if reduced {
            let mut first_bytes = [0u64; 4];
            for (_, value, _) in &sorted {
                set_bit(&mut first_bytes, usize::from(value[0]));
            }
            let seen = Seen::of(texts, &first_bytes);
            sorted.retain(|(anchor, _, _)| seen.twice(*anchor));
        }
        if sorted.is_empty() {
            return None;
        }
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
            set_bit(&mut first_bytes, usize::from(group[0].1[0]));
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
            reduced,
        })
    }

    /// Whether a mention may start at `at` in `bytes`: where a word
    /// starts, or at a byte that is no part of one (elsewhere it would not
    /// stand as a word), and only with a byte some value starts with.
    pub(super) fn looked_up(&self, bytes: &[u8], at: usize) -> bool {
        may_start(bytes, at) && has_bit(&self.first_bytes, usize::from(bytes[at]))
    }

    /// Where the values whose anchor starts `bytes` (at least [`ANCHOR`]
    /// long) are in [`values`](Self::values), longest first: a start and
    /// a count (zero when there are none).
    pub(super) fn run_of(&self, bytes: &[u8]) -> (u32, u32) {
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

    /// Puts in `found` (emptied first) each place of `places` in `bytes`
    /// that starts values (see [`looked_up`](Self::looked_up)), with where
    /// they are (see [`run_of`](Self::run_of)), in order. `places` end
    /// [`ANCHOR`] bytes before the text does, or sooner.
    ///
    /// A stretch of text at a time ([`AHEAD`] bytes), ahead of the walk
    /// that takes the values: each lookup of a long text's table is a
    /// cache miss, and made one by one as the walk met them each waited
    /// for the last, so that a text of a random token per line spent a
    /// greater share of its time waiting the longer it was (issue 32).
    /// Made in a row, independent of each other, the misses overlap.
    pub(super) fn look_up(
        &self,
        bytes: &[u8],
        places: std::ops::Range<usize>,
        found: &mut Vec<(usize, (u32, u32))>,
    ) {
        found.clear();
        for place in places {
            if self.looked_up(bytes, place) {
                let run = self.run_of(&bytes[place..]);
                if run.1 > 0 {
                    found.push((place, run));
                }
            }
        }
    }

    /// The value at `at` in `bytes` to take there:
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
    pub(super) fn value_at(
        &self,
        bytes: &[u8],
        at: usize,
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
            // A value holds no line break, so one that matches ends by
            // the end of its line.
            if end > bytes.len() {
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
}

/// How many bytes of a text [`Mentions::look_up`] looks up at once
/// (few in tests, so that they cross from one stretch to the next).
pub(super) const AHEAD: usize = if cfg!(test) { 16 } else { 4096 };

/// Past this many distinct values, a table for one text keeps only those
/// its text holds at two places or more (see [`Mentions::new`]): fewer
/// make a table that stays in the cache.
const FEW_VALUES: usize = if cfg!(test) { 0 } else { 1 << 14 };

/// Whether a mention may start at `at` in `bytes`: where a word starts,
/// or at a byte that is no part of one (elsewhere it would not stand as
/// a word).
pub(super) fn may_start(bytes: &[u8], at: usize) -> bool {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    at == 0 || !word(bytes[at - 1]) || !word(bytes[at])
}

fn set_bit(bits: &mut [u64], bit: usize) {
    bits[bit / 64] |= 1 << (bit % 64);
}

fn has_bit(bits: &[u64], bit: usize) -> bool {
    bits[bit / 64] & (1 << (bit % 64)) != 0
}

/// The most bits of each of [`Seen`]'s two sets: 512 KiB each, which stay
/// in the cache whatever the text (issue 32: the tables that grew with a
/// text's distinct values missed it at every probe).
const SEEN_BITS: usize = 1 << 22;

/// Which anchors a text holds at two places or more, of the places where
/// a mention may start or a span starts: a bit set of the anchors seen
/// once and one of those seen again, by hash. A collision may take an
/// anchor seen once for one seen twice (its values are then kept for
/// nothing), never the other way round: no value seen twice is left out.
///
/// A value is a mention only away from where it was detected, so one
/// whose anchor is at one place only (a random token assigned once, the
/// rule in a text of many distinct values) is needed nowhere else.
struct Seen {
    once: Vec<u64>,
    twice: Vec<u64>,
    shift: u32,
}

impl Seen {
    /// The anchors of `texts` (each with its spans) at the places where a
    /// mention may start with a byte of `first_bytes`, and where a span
    /// starts.
    fn of(texts: &[(&str, &[Span])], first_bytes: &[u64; 4]) -> Self {
        let length: usize = texts.iter().map(|(text, _)| text.len()).sum();
        let bits = length.next_power_of_two().clamp(64, SEEN_BITS);
        let mut seen = Seen {
            once: vec![0; bits / 64],
            twice: vec![0; bits / 64],
            shift: 64 - bits.trailing_zeros(),
        };
        for (text, spans) in texts {
            let bytes = text.as_bytes();
            let starts = Starts::of(spans, bytes.len());
            for place in 0..(bytes.len() + 1).saturating_sub(ANCHOR) {
                let candidate =
                    may_start(bytes, place) && has_bit(first_bytes, usize::from(bytes[place]));
                if candidate || starts.contains(place) {
                    seen.add(anchor(&bytes[place..]));
                }
            }
        }
        seen
    }

    fn add(&mut self, anchor: u64) {
        let bit = home(anchor, self.shift);
        if has_bit(&self.once, bit) {
            set_bit(&mut self.twice, bit);
        } else {
            set_bit(&mut self.once, bit);
        }
    }

    fn twice(&self, anchor: u64) -> bool {
        has_bit(&self.twice, home(anchor, self.shift))
    }
}
