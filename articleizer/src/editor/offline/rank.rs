//! The most central sentences, as TextRank finds them: sentences are nodes,
//! shared terms are edges (weighted by overlap over the log of the lengths),
//! and PageRank over that graph ranks them.

use super::terms::{is_term, stem, stopwords, words};
use std::collections::BTreeSet;

/// At most this many sentences take part (the first ones): the graph is
/// quadratic, and a long entry states its subject early.
const MAX_SENTENCES: usize = 300;

/// `sentences` ranked, most central first (indices into `sentences`).
pub(super) fn rank(sentences: &[&str]) -> Vec<usize> {
    let stop = stopwords();
    let n = sentences.len().min(MAX_SENTENCES);
    let terms: Vec<BTreeSet<String>> = sentences[..n]
        .iter()
        .map(|s| {
            words(s)
                .filter(|w| is_term(w, &stop))
                .map(|w| stem(&w))
                .collect()
        })
        .collect();
    let mut weights = vec![vec![0.0f64; n]; n];
    for i in 0..n {
        for j in i + 1..n {
            let (a, b) = (&terms[i], &terms[j]);
            if a.len() < 2 || b.len() < 2 {
                continue;
            }
            let shared = a.intersection(b).count() as f64;
            if shared > 0.0 {
                let w = shared / ((a.len() as f64).ln() + (b.len() as f64).ln());
                weights[i][j] = w;
                weights[j][i] = w;
            }
        }
    }
    let out_weight: Vec<f64> = weights.iter().map(|row| row.iter().sum()).collect();
    let mut score = vec![1.0f64; n];
    for _ in 0..30 {
        let next: Vec<f64> = (0..n)
            .map(|i| {
                let incoming: f64 = (0..n)
                    .filter(|&j| weights[j][i] > 0.0)
                    .map(|j| weights[j][i] / out_weight[j] * score[j])
                    .sum();
                0.15 + 0.85 * incoming
            })
            .collect();
        score = next;
    }
    let mut order: Vec<usize> = (0..n).collect();
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
}
