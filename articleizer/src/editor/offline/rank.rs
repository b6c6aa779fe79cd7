//! The most central sentences, as a TextRank graph would rank them, in
//! linear time: sentences are nodes and shared terms edges (weighted by the
//! overlap over the log of the two lengths, as in TextRank), and each
//! sentence is scored by its weighted degree, the sum of its edges'
//! weights, which is what PageRank's scores follow on a graph this dense
//! (LexRank's degree centrality, Erkan and Radev, 2004). The degree comes
//! from each term's sentence count (how many other sentences an edge of
//! that term reaches), with the other end's length taken as the mean: no
//! graph is built, so every sentence takes part, whatever their number.

use super::terms::TermIds;
use std::collections::HashMap;

/// Distinct terms whose sentence counts are kept exactly. Past it (no post
/// of the corpus comes near: its largest has a few thousand), the counts go
/// to a sketch of fixed size instead ([`Counts`]), so a text of millions
/// of distinct words is ranked in bounded memory.
const EXACT_TERMS: usize = 1 << 16;
/// The sketch's rows and counters per row (4 MiB of counters in all).
const SKETCH: (usize, usize) = (2, 1 << 19);

/// How many sentences hold each term: exact while the terms are few, then
/// a count-min sketch (each term a counter in each row, chosen by its
/// number; the least of them is its count, which a collision can only
/// raise: by at most the sentences / counters per row on average). The
/// same text gives the same counts in every run.
enum Counts {
    Exact(HashMap<u64, u32>),
    Sketch(Vec<u32>),
}

impl Counts {
    /// The counters of `term`, one per row, in the sketch.
    fn cells(term: u64) -> impl Iterator<Item = usize> {
        (0..SKETCH.0).map(move |row| {
            // Each row takes its own bits of the term's (already hashed)
            // number, mixed so that rows do not collide together.
            let mixed = (term ^ (row as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15))
                .wrapping_mul(0xBF58_476D_1CE4_E5B9);
            row * SKETCH.1 + (mixed >> 40) as usize % SKETCH.1
        })
    }

    fn add(&mut self, term: u64) {
        match self {
            Counts::Exact(map) => {
                *map.entry(term).or_default() += 1;
                if map.len() > EXACT_TERMS {
                    let mut sketch = vec![0u32; SKETCH.0 * SKETCH.1];
                    for (&term, &n) in map.iter() {
                        for cell in Self::cells(term) {
                            sketch[cell] = sketch[cell].saturating_add(n);
                        }
                    }
                    *self = Counts::Sketch(sketch);
                }
            }
            Counts::Sketch(sketch) => {
                for cell in Self::cells(term) {
                    sketch[cell] = sketch[cell].saturating_add(1);
                }
            }
        }
    }

    fn get(&self, term: u64) -> u32 {
        match self {
            Counts::Exact(map) => map.get(&term).copied().unwrap_or(0),
            Counts::Sketch(sketch) => Self::cells(term)
                .map(|cell| sketch[cell])
                .min()
                .unwrap_or(0),
        }
    }
}

/// `sentences` ranked, most central first (indices into `sentences`).
pub(super) fn rank(sentences: &[&str]) -> Vec<usize> {
    let mut ids = TermIds::new();
    // A sentence's distinct terms, as stem numbers, worked out again in
    // each of the two passes instead of kept for every sentence.
    let mut buffer: Vec<u64> = Vec::new();
    let mut terms = |s: &str, buffer: &mut Vec<u64>| -> usize {
        buffer.clear();
        ids.each(s, |id| buffer.push(id));
        buffer.sort_unstable();
        buffer.dedup();
        buffer.len()
    };
    // A sentence of fewer than two terms has no edges (as in the graph).
    let mut sentence_count = Counts::Exact(HashMap::new());
    let (mut log_lengths, mut nodes) = (0.0, 0usize);
    for s in sentences {
        let n = terms(s, &mut buffer);
        if n < 2 {
            continue;
        }
        for &term in &buffer {
            sentence_count.add(term);
        }
        log_lengths += (n as f64).ln();
        nodes += 1;
    }
    let mean_log = if nodes == 0 {
        0.0
    } else {
        log_lengths / nodes as f64
    };
    let score: Vec<f64> = sentences
        .iter()
        .map(|s| {
            let n = terms(s, &mut buffer);
            if n < 2 {
                return 0.0;
            }
            let reached: u64 = buffer
                .iter()
                .map(|&term| u64::from(sentence_count.get(term).saturating_sub(1)))
                .sum();
            reached as f64 / ((n as f64).ln() + mean_log)
        })
        .collect();
    let mut order: Vec<usize> = (0..sentences.len()).collect();
    // Ties go to the earlier sentence.
    order.sort_by(|&a, &b| score[b].total_cmp(&score[a]).then(a.cmp(&b)));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sentence_sharing_most_terms_ranks_first() {
        let sentences = [
            "The weather was pleasant on the walk home.",
            "Jekyll renders Liquid tags inside code blocks of the blog.",
            "Liquid tags in code blocks break the Jekyll blog build.",
            "Escaping Liquid tags keeps Jekyll code blocks literal on the blog.",
            "Lunch was late.",
        ];
        let order = rank(&sentences);
        assert_ne!(order[0], 0);
        assert_ne!(order[0], 4);
        assert_eq!(*order.last().expect("ranked"), 4);
    }

    #[test]
    fn every_sentence_takes_part_however_many() {
        // Thousands of sentences of words of their own, then the central
        // ones.
        let letters = |mut n: usize| {
            let mut word = String::from("q");
            while n > 0 {
                word.push(char::from(b'a' + (n % 26) as u8));
                n /= 26;
            }
            word
        };
        let fillers: Vec<String> = (1..5000)
            .map(|n| {
                format!(
                    "{} {} {}.",
                    letters(n),
                    letters(n + 5000),
                    letters(n + 10_000)
                )
            })
            .collect();
        let mut sentences: Vec<&str> = fillers.iter().map(String::as_str).collect();
        sentences.extend([
            "Jekyll renders Liquid tags in the blog.",
            "Jekyll builds the blog.",
            "Liquid tags break Jekyll.",
        ]);
        let order = rank(&sentences);
        assert_eq!(order.len(), sentences.len());
        assert_eq!(order[0], fillers.len(), "{:?}", &order[..3]);
    }

    #[test]
    fn the_sketch_never_counts_less_and_is_exact_while_few() {
        let mut counts = Counts::Exact(HashMap::new());
        let mut exact: HashMap<u64, u32> = HashMap::new();
        for n in 0..(EXACT_TERMS as u64 * 3) {
            // Terms 0..99 often, the rest once.
            let term =
                super::super::terms::stem_id(&format!("t{}", if n % 3 == 0 { n % 100 } else { n }));
            counts.add(term);
            *exact.entry(term).or_default() += 1;
            if n == EXACT_TERMS as u64 / 2 {
                assert!(matches!(counts, Counts::Exact(_)));
                assert!(exact.iter().all(|(&t, &c)| counts.get(t) == c));
            }
        }
        assert!(matches!(counts, Counts::Sketch(_)));
        assert!(exact.iter().all(|(&t, &c)| counts.get(t) >= c));
        // The frequent terms stay near their counts.
        let frequent = super::super::terms::stem_id("t7");
        let true_count = exact[&frequent];
        assert!(
            counts.get(frequent) <= true_count + 20,
            "{} vs {true_count}",
            counts.get(frequent)
        );
    }
}
