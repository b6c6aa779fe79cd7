//! Where the topic shifts, as TextTiling finds it: the lexical cohesion of
//! the blocks on either side of each gap between blocks, and the gaps
//! where it dips deepest. A subheading goes at each chosen gap, titled by
//! the key phrase of the section it opens.

use super::read::{Block, Kind};
use super::terms::{candidates, stem, stem_counts, stopwords, title_case};
use std::collections::{BTreeSet, HashMap};

/// Blocks on each side of a gap compared for cohesion.
const WINDOW: usize = 3;
/// Prose words, at least, between two subheadings (and before the first).
const MIN_SECTION_WORDS: usize = 120;
/// Prose words per subheading an article supports.
const WORDS_PER_SECTION: usize = 300;
/// The most subheadings.
const MAX_SUBHEADINGS: usize = 7;

/// A subheading to insert after block `after`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Boundary {
    /// The block it follows.
    pub after: usize,
    /// The heading's text (without `## `).
    pub heading: String,
}

fn cosine(a: &HashMap<String, f64>, b: &HashMap<String, f64>) -> f64 {
    let dot: f64 = a.iter().filter_map(|(k, x)| b.get(k).map(|y| x * y)).sum();
    let norm = |m: &HashMap<String, f64>| m.values().map(|x| x * x).sum::<f64>().sqrt();
    let denominator = norm(a) * norm(b);
    if denominator == 0.0 {
        0.0
    } else {
        dot / denominator
    }
}

fn sum(counts: &[HashMap<String, f64>]) -> HashMap<String, f64> {
    let mut total = HashMap::new();
    for c in counts {
        for (k, v) in c {
            *total.entry(k.clone()).or_default() += v;
        }
    }
    total
}

/// Whether a subheading may follow block `i`: after a paragraph, list or
/// quote with words to quote, not one that introduces what follows
/// ("like this:"), not right before code or the writer's own heading.
fn eligible(blocks: &[Block], i: usize) -> bool {
    let block = &blocks[i];
    let next = blocks.get(i + 1);
    matches!(block.kind, Kind::Paragraph | Kind::Other)
        && block.source.split_whitespace().count() >= 5
        && !block.text.trim_end().ends_with(':')
        && next.is_some_and(|n| !matches!(n.kind, Kind::Code | Kind::Heading))
}

/// The gaps to put subheadings at, with their headings, in order. A short
/// article gets none.
pub(super) fn boundaries(blocks: &[Block], excluded: &BTreeSet<String>) -> Vec<Boundary> {
    let stop = stopwords();
    let counts: Vec<HashMap<String, f64>> =
        blocks.iter().map(|b| stem_counts(&b.text, &stop)).collect();
    let words: Vec<usize> = blocks.iter().map(Block::words).collect();
    let total: usize = words.iter().sum();
    let wanted = (total / WORDS_PER_SECTION).min(MAX_SUBHEADINGS);
    if wanted == 0 || blocks.len() < 4 {
        return Vec::new();
    }
    let gaps = blocks.len() - 1;
    let cohesion: Vec<f64> = (0..gaps)
        .map(|g| {
            let left = sum(&counts[(g + 1).saturating_sub(WINDOW)..=g]);
            let right = sum(&counts[g + 1..(g + 1 + WINDOW).min(blocks.len())]);
            cosine(&left, &right)
        })
        .collect();
    let depth: Vec<f64> = (0..gaps)
        .map(|g| {
            let mut left = cohesion[g];
            for &c in cohesion[..g].iter().rev() {
                if c < left {
                    break;
                }
                left = c;
            }
            let mut right = cohesion[g];
            for &c in &cohesion[g + 1..] {
                if c < right {
                    break;
                }
                right = c;
            }
            // A new speaker's turn is a natural place for a new part.
            let turn = if blocks[g + 1].speaker.is_some() {
                0.1
            } else {
                0.0
            };
            (left - cohesion[g]) + (right - cohesion[g]) + turn
        })
        .collect();
    let mut order: Vec<usize> = (0..gaps).filter(|&g| eligible(blocks, g)).collect();
    order.sort_by(|&a, &b| depth[b].total_cmp(&depth[a]).then(a.cmp(&b)));
    let words_before: Vec<usize> = words
        .iter()
        .scan(0, |acc, w| {
            *acc += w;
            Some(*acc)
        })
        .collect();
    let mut chosen: Vec<usize> = Vec::new();
    for g in order {
        if chosen.len() == wanted {
            break;
        }
        let at = words_before[g];
        let far_enough = at >= MIN_SECTION_WORDS
            && total - at >= MIN_SECTION_WORDS
            && chosen
                .iter()
                .all(|&c| words_before[c].abs_diff(at) >= MIN_SECTION_WORDS);
        if far_enough {
            chosen.push(g);
        }
    }
    chosen.sort_unstable();
    headings(blocks, &chosen, excluded)
}

/// A heading for each section the chosen gaps open: the phrase most its
/// own (frequent in the section, rare elsewhere; longer phrases preferred),
/// never used twice and never the opening words of the section's first
/// line.
fn headings(blocks: &[Block], gaps: &[usize], excluded: &BTreeSet<String>) -> Vec<Boundary> {
    let stop = stopwords();
    let phrase_counts = |texts: &[&Block]| {
        let mut counts: HashMap<Vec<String>, (usize, Vec<String>)> = HashMap::new();
        for block in texts {
            for phrase in candidates(&block.text, &stop, excluded) {
                // Every run of one to three words inside the phrase.
                for start in 0..phrase.len() {
                    for end in start + 1..=phrase.len() {
                        let words = phrase[start..end].to_vec();
                        let stems: Vec<String> = words.iter().map(|w| stem(w)).collect();
                        let entry = counts.entry(stems).or_insert((0, words));
                        entry.0 += 1;
                    }
                }
            }
        }
        counts
    };
    let mut out = Vec::new();
    let mut used: BTreeSet<Vec<String>> = BTreeSet::new();
    for (k, &g) in gaps.iter().enumerate() {
        let end = gaps.get(k + 1).map_or(blocks.len(), |&next| next + 1);
        let section: Vec<&Block> = blocks[g + 1..end].iter().collect();
        let others: Vec<&Block> = blocks[..g + 1].iter().chain(&blocks[end..]).collect();
        let own = phrase_counts(&section);
        let elsewhere = phrase_counts(&others);
        let first_line = blocks[g + 1].text.to_lowercase();
        let mut ranked: Vec<(f64, Vec<String>, String)> = own
            .into_iter()
            .map(|(stems, (count, words))| {
                let rest = elsewhere.get(&stems).map_or(0, |e| e.0);
                let length = 1.0 + 0.5 * (stems.len() as f64 - 1.0);
                let score = (count * count) as f64 / (1.0 + rest as f64) * length;
                (score, stems, words.join(" "))
            })
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.2.cmp(&b.2)));
        let mut fresh = ranked.into_iter().filter(|(_, stems, text)| {
            !used.contains(stems) && !first_line.starts_with(text.as_str())
        });
        let Some((_, stems, text)) = fresh.next() else {
            continue;
        };
        // One word says little: a second, unrelated phrase joins it
        // ("Service and Timer").
        let heading = match fresh.find(|(_, other, _)| other.iter().all(|s| !stems.contains(s))) {
            Some((_, second, other)) if stems.len() == 1 => {
                used.insert(second);
                format!("{} and {}", title_case(&text), title_case(&other))
            }
            _ => title_case(&text),
        };
        used.insert(stems);
        out.push(Boundary { after: g, heading });
    }
    out
}
