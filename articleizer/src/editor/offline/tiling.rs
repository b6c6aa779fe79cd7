//! Where the topic shifts, as TextTiling finds it: the lexical cohesion of
//! the blocks on either side of each gap between blocks, and the gaps
//! where it dips deepest. A subheading goes at each chosen gap, titled by
//! the key phrase of the section it opens.

use super::phrases::{section_phrases, Index, Phrase};
use super::read::{Block, Kind};
use super::terms::{stem, stem_counts, stopwords, title_case};
use std::collections::{BTreeSet, HashMap};

/// Blocks on each side of a gap compared for cohesion, at least and at
/// most: one twelfth of the article's blocks in between. (Tried on the
/// corpus, whose posts run to some 190 blocks: 2 to 14 blocks; the wider
/// windows follow published subheadings better, and a short article's
/// shifts need the narrow one.)
const WINDOW: (usize, usize) = (3, 10);
/// What a new speaker's turn adds to a gap's depth.
const TURN_CUE: f64 = 0.1;
/// What a paragraph of 15 words or more after the gap adds.
const PARAGRAPH_CUE: f64 = 0.1;
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
    let window = (blocks.len() / 12).clamp(WINDOW.0, WINDOW.1);
    if wanted == 0 || blocks.len() < 4 {
        return Vec::new();
    }
    let gaps = blocks.len() - 1;
    let cohesion: Vec<f64> = (0..gaps)
        .map(|g| {
            let left = sum(&counts[(g + 1).saturating_sub(window)..=g]);
            let right = sum(&counts[g + 1..(g + 1 + window).min(blocks.len())]);
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
            // Weaker cues: a new speaker's turn is a natural place for a
            // new part, and so is a paragraph of some length (where the
            // corpus's published subheadings go: before one in 59% of
            // cases, against 39% of all blocks; a list or a short line
            // rarely opens a part).
            let turn = if blocks[g + 1].speaker.is_some() {
                TURN_CUE
            } else {
                0.0
            };
            let paragraph = if blocks[g + 1].kind == Kind::Paragraph && blocks[g + 1].words() >= 15
            {
                PARAGRAPH_CUE
            } else {
                0.0
            };
            (left - cohesion[g]) + (right - cohesion[g]) + turn + paragraph
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

/// The words of the pipeline's own section titles and labels ("Title
/// Option", "Book Analysis", "Ai Editorial Take"): a heading made only of
/// them would read as the pipeline's text, not the writer's.
const PIPELINE_WORDS: &str = "title option filename rationale brainstorm book analysis editorial take promo tweet content potential polish core strengths suggestions next step prompts technical journal entry begins setting stage context curious reader author's imprint";

/// A heading for each section the chosen gaps open: the section's own key
/// phrase (frequent in it, rare elsewhere; a phrase of several words
/// before a single word that scores little more), sharing no word with an
/// earlier heading, never
/// the opening words of the section's first line, never made only of the
/// pipeline's own words. A section with no such phrase gets no heading.
fn headings(blocks: &[Block], gaps: &[usize], excluded: &BTreeSet<String>) -> Vec<Boundary> {
    let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
    let everywhere = Index::of(&texts, excluded);
    let pipeline: BTreeSet<String> = PIPELINE_WORDS.split(' ').map(stem).collect();
    let mut out = Vec::new();
    let mut used: BTreeSet<String> = BTreeSet::new();
    for (k, &g) in gaps.iter().enumerate() {
        let end = gaps.get(k + 1).map_or(blocks.len(), |&next| next + 1);
        let first_line = blocks[g + 1].text.to_lowercase();
        let ranked = section_phrases(&texts[g + 1..end], &everywhere, 12, excluded);
        let fresh: Vec<&Phrase> = ranked
            .iter()
            .filter(|p| {
                p.stems.iter().all(|s| !used.contains(s))
                    && !first_line.starts_with(&p.text().to_lowercase())
                    && !p.stems.iter().all(|s| pipeline.contains(s))
            })
            .collect();
        // A single word reads as a heading when it is a name (`NixOS`,
        // `OnFailure`), not when it is a common word (`Start`), a bare
        // acronym (`URL`) or an identifier with digits (`Lf3DYRvCPFo`).
        let readable = |p: &&&Phrase| {
            p.words.len() > 1
                || !p.words[0].chars().any(|c| c.is_ascii_digit())
                    && p.words[0]
                        .chars()
                        .zip(p.words[0].chars().skip(1))
                        .any(|(a, b)| a.is_lowercase() && b.is_uppercase())
        };
        let Some(&best) = fresh.iter().find(readable) else {
            continue;
        };
        let chosen = match fresh.iter().find(|p| p.words.len() > 1) {
            Some(longer) if best.words.len() == 1 && longer.score >= 0.5 * best.score => *longer,
            _ => best,
        };
        used.extend(chosen.stems.iter().cloned());
        out.push(Boundary {
            after: g,
            heading: title_case(&chosen.text()),
        });
    }
    out
}
