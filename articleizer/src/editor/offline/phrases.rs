//! Key phrases, found the way YAKE and RAKE find them (Campos et al.,
//! 2020; Rose et al., 2010), in one pass over the text:
//!
//! - candidates are runs of one to three terms, split at stop words and
//!   punctuation (every run of up to three words inside a longer one);
//! - a word weighs more the more often it occurs (log of its count), the
//!   more of the text's blocks it is spread over, the earlier it first
//!   appears, and the more often it is written capitalized away from the
//!   start of a sentence (names: NixOS, FastHTML, HBM). (YAKE's
//!   relatedness, fewer points for a word beside many different
//!   neighbours, did not help on the corpus and is left out);
//! - a phrase of several words must occur at least twice; it weighs the
//!   mean of its words when it names a subject (titles, headings), its
//!   weakest word when it is a keyword (with counts weighing more: see
//!   [`Weighing`]), times how often its words occur together rather than
//!   apart;
//! - a phrase found mostly inside a longer one gives way to it (no
//!   `python virtual` beside `python virtual environment`);
//! - phrases are deduplicated by stem (no `bunny` beside `bunnies`, no
//!   phrase that adds no new word), and each word is shown as the writer
//!   wrote it most often away from a sentence's start, so acronyms and
//!   product names keep their case.
//!
//! Counting is linear in the text; only the distinct candidates are sorted.

use super::terms::{is_term, lower_into, stem, stem_id, stem_into, stopwords};
use std::collections::{BTreeSet, HashMap};
use tokens::tokens;

/// The longest phrase, in words.
const MAX_WORDS: usize = 3;

/// The most words, and the most candidates, counted at a time: 7/8 of
/// 2^17, the most a hash table of 2^17 slots holds, so neither table ever
/// grows past that (some 9 MB for the words, 5 MB for the candidates). Past
/// it the rarest are forgotten (lossy counting: every entry seen at most
/// `floor` times goes, the floor the least that leaves at most half the
/// bound), so a text of millions of distinct words is counted in bounded
/// memory and time per word. A forgotten entry counts again from zero if
/// it comes back, so its count is short by at most its count when
/// forgotten; a key phrase is frequent, and no post of the corpus comes
/// near the bound (its largest has some tens of thousands of candidates),
/// where nothing is forgotten.
const MAX_COUNTED: usize = (1 << 17) / 8 * 7;

/// Forgets the rarest entries of `map` once it holds
/// [`MAX_COUNTED`] (see there); which go depends on the counts only, not on
/// the map's order, so the result is deterministic.
fn bound<K, V>(map: &mut HashMap<K, V>, count: impl Fn(&V) -> usize) {
    // Pruned on reaching the bound, so a table never holds more (a larger
    // one would double its slots).
    if map.len() < MAX_COUNTED {
        return;
    }
    // The floor: the count below which all but half the bound fall.
    let mut counts: Vec<usize> = map.values().map(&count).collect();
    let cut = counts.len() - MAX_COUNTED / 2;
    let (_, &mut floor, _) = counts.select_nth_unstable(cut);
    map.retain(|_, v| count(v) > floor);
}

/// A key phrase: its words as shown, and their stems.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Phrase {
    /// The words as the writer writes them (lower-case unless a name).
    pub words: Vec<String>,
    /// Their stems.
    pub stems: Vec<String>,
    /// Its weight (higher is better).
    pub score: f64,
    /// How often it occurs.
    pub count: usize,
}

impl Phrase {
    /// The phrase as text.
    pub fn text(&self) -> String {
        self.words.join(" ")
    }
}

/// What is counted of one word (by stem), its spellings borrowed from
/// the text: a new word costs its record, no copy of it.
#[derive(Default)]
struct WordStats<'a> {
    count: u32,
    /// Occurrences not at a sentence's start, and of those, capitalized.
    inner: u32,
    capitalized: u32,
    first_block: u32,
    blocks: u32,
    /// The block it was last seen in, plus one (0: none yet).
    last_block: u32,
    /// Spellings away from a sentence's start, counted (any, when none):
    /// the first, then the others (most words are written one way).
    spelling: (&'a str, u32),
    other_spellings: Vec<(&'a str, u32)>,
}

impl<'a> WordStats<'a> {
    /// Counts one more of `written`.
    fn spelled(&mut self, written: &'a str) {
        if self.spelling.1 == 0 || self.spelling.0 == written {
            self.spelling = (written, self.spelling.1.saturating_add(1));
        } else {
            let others = &mut self.other_spellings;
            match others.iter_mut().find(|o| o.0 == written) {
                Some(other) => other.1 = other.1.saturating_add(1),
                None => others.push((written, 1)),
            }
        }
    }

    fn spellings(&self) -> impl Iterator<Item = &(&'a str, u32)> {
        std::iter::once(&self.spelling)
            .filter(|s| s.1 > 0)
            .chain(&self.other_spellings)
    }

    /// The word's stem, from any of its spellings (all share it).
    fn stem(&self) -> String {
        let mut lower = String::new();
        lower_into(self.spelling.0, &mut lower);
        stem(&lower)
    }
}

/// A candidate: the stem numbers of its one to [`MAX_WORDS`] terms (a key
/// of fixed size: counting one allocates nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Key {
    ids: [u64; MAX_WORDS],
    len: u8,
}

impl Key {
    fn of(stems: &[u64]) -> Self {
        let mut ids = [0; MAX_WORDS];
        ids[..stems.len()].copy_from_slice(stems);
        Key {
            ids,
            len: stems.len() as u8,
        }
    }

    fn stems(&self) -> &[u64] {
        &self.ids[..usize::from(self.len)]
    }
}

impl std::hash::Hash for Key {
    /// Its numbers mixed into one before the table's own (keyed) hash: one
    /// word hashed per lookup, not four. Equal keys mix equally.
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let mixed = self.stems().iter().fold(u64::from(self.len), |h, &id| {
            (h ^ id).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(29)
        });
        state.write_u64(mixed);
    }
}

/// What is counted of one candidate (by stems).
pub(super) struct Candidate {
    count: usize,
}

/// How a phrase is weighed from its words.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Weighing {
    /// As a subject a title or heading names: the mean of its words' weights
    /// (a name may carry a modifier: `Cross-Platform Nix Flake`).
    Subject,
    /// As a term of a keyword list, read word by word: the weight of its
    /// weakest word, with a word's count weighing more (its log to the power
    /// 1.5): every word of a keyword must be a term of the text on its own,
    /// so no common word rides along with a strong one (`existing Python
    /// knowledge`, `NixOS requires`).
    Terms,
}

/// The key phrases of a text, weighed both ways from one count.
pub(super) struct KeyPhrases {
    /// Weighed as subjects ([`Weighing::Subject`]).
    pub subjects: Vec<Phrase>,
    /// Weighed as terms ([`Weighing::Terms`]).
    pub terms: Vec<Phrase>,
    /// The candidates counted: what a section's phrases are weighed
    /// against (counted once for both).
    pub index: Index,
}

/// The key phrases of `texts` (the text's blocks, in order), best first,
/// at most `n` of each weighing. Words in `excluded` (lower-case) are
/// never part of one.
pub(super) fn key_phrases(texts: &[&str], n: usize, excluded: &BTreeSet<String>) -> KeyPhrases {
    let (words, candidates) = count(texts, excluded);
    let weighed = |w| choose(&words, score(&words, &candidates, texts.len(), None, w), n);
    KeyPhrases {
        subjects: weighed(Weighing::Subject),
        terms: weighed(Weighing::Terms),
        index: Index(candidates),
    }
}

/// The candidates of a whole text, counted: what a section's phrases are
/// weighed against.
pub(super) struct Index(HashMap<Key, Candidate>);

impl Index {
    /// The candidates of `texts`, counted.
    #[cfg(test)]
    pub fn of(texts: &[&str], excluded: &BTreeSet<String>) -> Self {
        Index(count(texts, excluded).1)
    }
}

/// The key phrases of `section` (some of the text's blocks), weighed
/// against the whole text (`everywhere`) as well: a phrase most of whose
/// occurrences are in the section is its own.
pub(super) fn section_phrases(
    section: &[&str],
    everywhere: &Index,
    n: usize,
    excluded: &BTreeSet<String>,
) -> Vec<Phrase> {
    let (words, candidates) = count(section, excluded);
    choose(
        &words,
        score(
            &words,
            &candidates,
            section.len(),
            Some(&everywhere.0),
            Weighing::Subject,
        ),
        n,
    )
}

type Counts<'a> = (HashMap<u64, WordStats<'a>>, HashMap<Key, Candidate>);

fn count<'a>(texts: &[&'a str], excluded: &BTreeSet<String>) -> Counts<'a> {
    let stop = stopwords();
    let mut words: HashMap<u64, WordStats<'a>> = HashMap::new();
    let mut candidates: HashMap<Key, Candidate> = HashMap::new();
    // The stems of the terms that end the current run, at most a phrase's
    // length of them: every run of terms ending at a word is counted there,
    // so each run of up to three terms is counted once.
    let mut trailing: Vec<u64> = Vec::with_capacity(MAX_WORDS);
    let mut stemmed = String::new();
    for (block, text) in texts.iter().enumerate() {
        tokens(text, |token, new_run| {
            if new_run {
                trailing.clear();
            }
            // Two capitals are an acronym (AI, UI, VM), not too short to be
            // a term; `IT` and `US` are stop words.
            let acronym = token.written.len() == 2
                && token.written.chars().all(|c| c.is_ascii_uppercase())
                && !stop.contains(token.lower);
            // Many hyphens make a slug or an identifier
            // (`coffee-talk-java-news`), not a word.
            let term = (acronym || is_term(token.lower, stop))
                && token.lower.matches('-').count() <= 2
                && !excluded.contains(token.lower);
            if !term {
                trailing.clear();
                return;
            }
            stem_into(token.lower, &mut stemmed);
            let id = stem_id(&stemmed);
            // Block numbers past u32 (four billion blocks) saturate.
            let block = u32::try_from(block).unwrap_or(u32::MAX - 1);
            let stats = words.entry(id).or_insert_with(|| WordStats {
                first_block: block,
                ..WordStats::default()
            });
            stats.count = stats.count.saturating_add(1);
            if stats.last_block != block + 1 {
                stats.blocks = stats.blocks.saturating_add(1);
                stats.last_block = block + 1;
            }
            if !token.sentence_start {
                stats.inner = stats.inner.saturating_add(1);
                if token.written.chars().any(char::is_uppercase) {
                    stats.capitalized = stats.capitalized.saturating_add(1);
                }
            }
            if !token.sentence_start || stats.spelling.1 == 0 {
                stats.spelled(token.written);
            }
            bound(&mut words, |w| w.count as usize);
            if trailing.len() == MAX_WORDS {
                trailing.remove(0);
            }
            trailing.push(id);
            // Every run of terms ending here, up to three words.
            for start in 0..trailing.len() {
                candidates
                    .entry(Key::of(&trailing[start..]))
                    .or_insert(Candidate { count: 0 })
                    .count += 1;
                bound(&mut candidates, |c| c.count);
            }
        });
    }
    (words, candidates)
}

/// A word's weight: frequency (its log, to the power `frequency_power`),
/// spread, position, capitals.
fn word_weight(stats: &WordStats<'_>, blocks: usize, frequency_power: f64) -> f64 {
    let frequency = (stats.count as f64).ln_1p().powf(frequency_power);
    let spread = stats.blocks as f64 / blocks.max(1) as f64;
    // Tuned on the corpus: the subject is named early, and by name.
    let position = 1.0 + 6.0 / (3.0 + stats.first_block as f64).ln();
    let capitals = if stats.inner == 0 {
        0.0
    } else {
        stats.capitalized as f64 / stats.inner as f64
    };
    frequency * (0.5 + spread) * position * (1.0 + 2.0 * capitals)
}

/// A candidate weighed: what [`choose`] sorts (no text until chosen).
struct Scored {
    key: Key,
    score: f64,
    count: usize,
}

fn score(
    words: &HashMap<u64, WordStats<'_>>,
    candidates: &HashMap<Key, Candidate>,
    blocks: usize,
    everywhere: Option<&HashMap<Key, Candidate>>,
    weighing: Weighing,
) -> Vec<Scored> {
    let frequency_power = match weighing {
        Weighing::Subject => 1.0,
        Weighing::Terms => 1.5,
    };
    let weight = |s: &u64| word_weight(&words[s], blocks, frequency_power);
    // How often each candidate occurs inside a longer one (its best
    // extension by a word on either side): `python virtual` that occurs
    // only in `python virtual environment` is no phrase of its own.
    let mut extended: HashMap<Key, usize> = HashMap::new();
    for (key, c) in candidates {
        let stems = key.stems();
        if stems.len() > 1 && c.count >= 2 {
            for part in [&stems[1..], &stems[..stems.len() - 1]] {
                let best = extended.entry(Key::of(part)).or_default();
                *best = (*best).max(c.count);
            }
        }
    }
    candidates
        .iter()
        // A word forgotten by the bound takes its phrases with it.
        .filter(|(key, _)| key.stems().iter().all(|s| words.contains_key(s)))
        .filter(|(key, c)| key.len == 1 || c.count >= 2)
        .filter(|(key, c)| {
            extended
                .get(key)
                .is_none_or(|&inside| (inside as f64) < 0.8 * c.count as f64)
        })
        .map(|(key, c)| {
            let stems = key.stems();
            let each = stems.iter().map(weight);
            let base = match weighing {
                Weighing::Subject => each.sum::<f64>() / stems.len() as f64,
                Weighing::Terms => each.fold(f64::INFINITY, f64::min),
            };
            let least = stems.iter().map(|s| words[s].count).min().unwrap_or(1) as usize;
            // How often the words occur together rather than apart.
            let together = c.count as f64 / least as f64;
            let length = if stems.len() == 1 {
                1.0
            } else {
                1.0 + together
            };
            let own = everywhere.map_or(1.0, |all| {
                let total = all.get(key).map_or(c.count, |a| a.count.max(c.count));
                c.count as f64 / total as f64
            });
            Scored {
                key: *key,
                score: base * length * own,
                count: c.count,
            }
        })
        .collect()
}

/// A word as shown: its most frequent spelling away from a sentence's
/// start (ties: the lower-case, then the first in order), lower-case
/// unless it is a name or an acronym.
fn shown(stats: &WordStats<'_>) -> String {
    stats
        .spellings()
        .max_by(|a, b| {
            a.1.cmp(&b.1)
                .then_with(|| {
                    b.0.chars()
                        .filter(|c| c.is_uppercase())
                        .count()
                        .cmp(&a.0.chars().filter(|c| c.is_uppercase()).count())
                })
                .then_with(|| b.0.cmp(a.0))
        })
        .map(|(w, _)| w.to_string())
        .unwrap_or_default()
}

/// The best `n` phrases, in order, none that adds no word to the ones
/// before it, none sharing a stem with two chosen ones already. Ties of
/// score and count go by the stems as text: those are worked out for the
/// candidates of each tie the choice reaches, not for every candidate.
fn choose(words: &HashMap<u64, WordStats<'_>>, mut scored: Vec<Scored>, n: usize) -> Vec<Phrase> {
    let tie = |a: &Scored, b: &Scored| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| b.count.cmp(&a.count))
    };
    scored.sort_unstable_by(tie);
    let mut chosen: Vec<Phrase> = Vec::new();
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut rest = scored.as_slice();
    while let Some(first) = rest.first() {
        if chosen.len() == n {
            break;
        }
        let equal = rest.iter().take_while(|s| tie(first, s).is_eq()).count();
        let (group, after) = rest.split_at(equal);
        rest = after;
        let mut group: Vec<(Vec<String>, &Scored)> = group
            .iter()
            .map(|s| (s.key.stems().iter().map(|id| words[id].stem()).collect(), s))
            .collect();
        group.sort_by(|a, b| a.0.cmp(&b.0));
        for (stems, scored) in group {
            if chosen.len() == n {
                break;
            }
            let new = stems.iter().any(|s| !used.contains_key(s));
            let crowded = stems.iter().any(|s| used.get(s).is_some_and(|&k| k >= 2));
            let distinct: BTreeSet<&String> = stems.iter().collect();
            if !new || crowded || distinct.len() < stems.len() {
                continue;
            }
            for s in &stems {
                *used.entry(s.clone()).or_default() += 1;
            }
            chosen.push(Phrase {
                words: scored
                    .key
                    .stems()
                    .iter()
                    .map(|id| shown(&words[id]))
                    .collect(),
                stems,
                score: scored.score,
                count: scored.count,
            });
        }
    }
    chosen
}

#[cfg(test)]
mod tests;
mod tokens;
