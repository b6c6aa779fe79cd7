//! The most central sentences, as a TextRank graph would rank them, in
//! linear time: sentences are nodes and shared terms edges (weighted by the
//! overlap over the log of the two lengths, as in TextRank), and each
//! sentence is scored by its weighted degree, the sum of its edges'
//! weights, which is what PageRank's scores follow on a graph this dense
//! (LexRank's degree centrality, Erkan and Radev, 2004). The degree comes
//! from each term's sentence count (how many other sentences an edge of
//! that term reaches), with the other end's length taken as the mean: no
//! graph is built, so every sentence takes part, whatever their number.

use super::terms::{is_term, stem, stem_id, stopwords, words};
use std::collections::HashMap;

/// `sentences` ranked, most central first (indices into `sentences`).
pub(super) fn rank(sentences: &[&str]) -> Vec<usize> {
    let stop = stopwords();
    // A sentence's distinct terms, as stem numbers, worked out again in
    // each of the two passes instead of kept for every sentence.
    let mut buffer: Vec<u64> = Vec::new();
    let terms = |s: &str, buffer: &mut Vec<u64>| -> usize {
        buffer.clear();
        buffer.extend(
            words(s)
                .filter(|w| is_term(w, &stop))
                .map(|w| stem_id(&stem(&w))),
        );
        buffer.sort_unstable();
        buffer.dedup();
        buffer.len()
    };
    // A sentence of fewer than two terms has no edges (as in the graph).
    let mut sentence_count: HashMap<u64, usize> = HashMap::new();
    let (mut log_lengths, mut nodes) = (0.0, 0usize);
    for s in sentences {
        let n = terms(s, &mut buffer);
        if n < 2 {
            continue;
        }
        for &term in &buffer {
            *sentence_count.entry(term).or_default() += 1;
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
            let reached: usize = buffer.iter().map(|term| sentence_count[term] - 1).sum();
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
}
