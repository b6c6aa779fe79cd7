//! Where the topic shifts: the lexical cohesion of the blocks on either
//! side of each gap between blocks (TextTiling's depth), weighed with the
//! marks a writer leaves where a part ends and the next begins, and the
//! gaps where the evidence is strongest. A subheading goes at each chosen
//! gap, titled by the key phrase of the section it opens.
//!
//! The marks, measured on the corpus's published subheadings (how much
//! more often a heading stands at a gap with the mark than at a gap taken
//! at random; the same on either half of the corpus):
//!
//! - a thematic break (`---`) the writer put between the blocks: some 4.5
//!   times as often (the heading goes before the rule: a snippet cannot
//!   name a rule, which has no words);
//! - a paragraph of some length after the gap, and one before it (a part
//!   opens and closes in prose): 3 times as often before a paragraph of
//!   40 words or more, a third as often after a line of a few words;
//! - a paragraph that opens with a word of transition (`So`, `Okay`,
//!   `Now`, `But`, `And`: the writer turning to the next thing): 2.5 to 4
//!   times as often;
//! - new words: the share of the next block's terms not in the blocks just
//!   before (a new topic brings its own vocabulary);
//! - not before an answer (another voice's turn than the one that opens
//!   the conversation, the writer's: a third as often as at random, for
//!   a question and its answer are one part; before the writer's own
//!   turn, as often as at random), not after a line that introduces what
//!   follows (`like this:`), never right before code or a heading.
//!
//! A gap opens a section only when its evidence reaches [`EVIDENCE`]:
//! the count follows the article's shifts, not a quota, up to one per
//! [`WORDS_PER_SECTION`] prose words and [`MAX_SUBHEADINGS`].

use super::phrases::{section_phrases, Index, Phrase};
use super::read::{Block, Kind};
use super::terms::{stem, title_case, words, TermIds};
use std::collections::{BTreeSet, HashMap};

/// Blocks on each side of a gap compared for cohesion, at least and at
/// most: one twelfth of the article's blocks in between. (Tried on the
/// corpus, whose posts run to some 190 blocks: 2 to 14 blocks; the wider
/// windows follow published subheadings better, and a short article's
/// shifts need the narrow one.)
const WINDOW: (usize, usize) = (3, 10);
/// What a thematic break between the blocks adds to a gap's evidence.
const RULE_CUE: f64 = 1.0;
/// What a paragraph after the gap adds, at most (in proportion to its
/// words, up to [`LONG_PARAGRAPH`]).
const NEXT_PARAGRAPH_CUE: f64 = 0.6;
/// What the block before the gap adds, at most (likewise).
const PREVIOUS_BLOCK_CUE: f64 = 0.4;
/// The words of a paragraph that count fully as a long one.
const LONG_PARAGRAPH: usize = 80;
/// What a paragraph opening with a word of transition adds.
const TRANSITION_CUE: f64 = 0.4;
/// Words of transition that open a new part.
const TRANSITIONS: [&str; 14] = [
    "so", "okay", "ok", "alright", "now", "anyhow", "anyway", "anyways", "but", "and", "well",
    "hmm", "hmmm", "next",
];
/// What new words add, at most: times the share of the next block's terms
/// not in the [`NOVELTY_WINDOW`] blocks before the gap.
const NOVELTY_CUE: f64 = 0.4;
/// The blocks before a gap whose terms are not new.
const NOVELTY_WINDOW: usize = 10;
/// The evidence a gap needs to open a section: a cohesion dip and a cue
/// or two together (a thematic break alone reaches it; a long paragraph
/// after a long one, 1.0, with a few new words or a dip). Tried on the
/// corpus: 0.8 to 1.1 are within 0.02 of each other in Pk.
const EVIDENCE: f64 = 0.9;
/// Prose words, at least, between two subheadings (and before the first).
const MIN_SECTION_WORDS: usize = 120;
/// Prose words per subheading an article supports.
const WORDS_PER_SECTION: usize = 300;
/// The most subheadings.
const MAX_SUBHEADINGS: usize = 12;

/// A subheading to insert after block `after`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Boundary {
    /// The block it follows.
    pub after: usize,
    /// The heading's text (without `## `).
    pub heading: String,
}

/// Term counts of a window of blocks, with the sums a cosine needs kept
/// up to date as blocks enter and leave: sliding both windows one gap on
/// costs the terms of the blocks that move, never the window's size.
#[derive(Default)]
struct Window {
    counts: HashMap<u64, f64>,
    /// The sum of the squared counts.
    squares: f64,
}

impl Window {
    /// Adds (`sign` 1) or removes (-1) a block's terms; `other` is the
    /// window on the other side of the gap, whose dot product with this one
    /// is `dot`.
    fn shift(&mut self, terms: &[u64], sign: f64, other: &Window, dot: &mut f64) {
        for &t in terms {
            let count = self.counts.entry(t).or_default();
            // (c ± 1)² - c² = ±2c + 1
            self.squares += 2.0 * sign * *count + 1.0;
            *dot += sign * other.counts.get(&t).copied().unwrap_or(0.0);
            *count += sign;
            // A term that left the window leaves the table: it holds the
            // window's terms, not every term the slide has passed.
            if *count == 0.0 {
                self.counts.remove(&t);
            }
        }
    }
}

/// The cosine of the term counts of the `window` blocks before and after
/// each gap (fewer at the ends), in one pass: each block enters the right
/// window, crosses to the left one and leaves it once.
fn cohesion(terms: &[Vec<u64>], window: usize) -> Vec<f64> {
    let gaps = terms.len().saturating_sub(1);
    let (mut left, mut right) = (Window::default(), Window::default());
    let mut dot = 0.0;
    for t in terms.iter().skip(1).take(window) {
        right.shift(t, 1.0, &left, &mut dot);
    }
    let mut out = Vec::with_capacity(gaps);
    for g in 0..gaps {
        // Block g joins the left window, block g - window leaves it; block
        // g + 1 is already on the right, and block g + window joins it.
        if g > 0 {
            right.shift(&terms[g], -1.0, &left, &mut dot);
        }
        left.shift(&terms[g], 1.0, &right, &mut dot);
        if let Some(leaving) = g.checked_sub(window) {
            left.shift(&terms[leaving], -1.0, &right, &mut dot);
        }
        if g > 0 {
            if let Some(entering) = terms.get(g + window) {
                right.shift(entering, 1.0, &left, &mut dot);
            }
        }
        let denominator = left.squares.sqrt() * right.squares.sqrt();
        out.push(if denominator > 0.0 {
            dot / denominator
        } else {
            0.0
        });
    }
    out
}

/// Each block's terms as stem numbers (one per occurrence; no table of
/// the stems themselves).
fn block_terms(blocks: &[Block]) -> Vec<Vec<u64>> {
    let mut ids = TermIds::new();
    blocks
        .iter()
        .map(|b| {
            let mut terms = Vec::new();
            ids.each(&b.text, |id| terms.push(id));
            terms
        })
        .collect()
}

/// The peak each gap's cohesion climbs to on its left and on its right
/// (TextTiling's depth score: from the gap, outward while the cohesion
/// does not fall). The climb from gap `g` that reaches gap `g - 1` goes on
/// exactly as the climb from `g - 1` does, so each peak comes from its
/// neighbour's: two linear sweeps, even where the cohesion is flat for
/// thousands of gaps (where a climb per gap would be quadratic).
fn peaks(cohesion: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let mut left: Vec<f64> = Vec::with_capacity(cohesion.len());
    for (g, &c) in cohesion.iter().enumerate() {
        let peak = match g.checked_sub(1) {
            Some(before) if cohesion[before] >= c => left[before],
            _ => c,
        };
        left.push(peak);
    }
    let mut right = vec![0.0; cohesion.len()];
    for g in (0..cohesion.len()).rev() {
        right[g] = match cohesion.get(g + 1) {
            Some(&after) if after >= cohesion[g] => right[g + 1],
            _ => cohesion[g],
        };
    }
    (left, right)
}

/// Whether a subheading may follow block `i`: after a paragraph, list or
/// quote with words to quote, not one that introduces what follows
/// ("like this:"), not right before code or the writer's own heading.
fn eligible(blocks: &[Block], article: &str, i: usize) -> bool {
    let block = &blocks[i];
    let next = blocks.get(i + 1);
    matches!(block.kind, Kind::Paragraph | Kind::Other)
        && block.source(article).split_whitespace().count() >= 5
        && !block.text.trim_end().ends_with(':')
        && next.is_some_and(|n| !matches!(n.kind, Kind::Code | Kind::Heading))
}

/// Whether the writer put a thematic break (`---`, `***`, `___`) between
/// blocks `g` and `g + 1` (the blocks hold no rule: it is in the text
/// between them).
fn rule_between(blocks: &[Block], article: &str, g: usize) -> bool {
    let between = article
        .get(blocks[g].span.end..blocks[g + 1].span.start)
        .unwrap_or("");
    between.lines().any(|line| {
        let marks: String = line.chars().filter(|c| !c.is_whitespace()).collect();
        marks.len() >= 3
            && ['-', '*', '_']
                .iter()
                .any(|&m| marks.chars().all(|c| c == m))
    })
}

/// Whether a paragraph opens with a word of transition ([`TRANSITIONS`]).
fn opens_with_transition(text: &str) -> bool {
    words(text)
        .next()
        .is_some_and(|w| TRANSITIONS.contains(&w.as_str()))
}

/// Each gap's share of new terms: of the distinct terms of the block
/// after it, those not in the [`NOVELTY_WINDOW`] blocks before it (one
/// sliding count of the window's terms: linear).
fn novelty(terms: &[Vec<u64>]) -> Vec<f64> {
    let mut window: HashMap<u64, usize> = HashMap::new();
    let mut out = Vec::with_capacity(terms.len().saturating_sub(1));
    for g in 0..terms.len().saturating_sub(1) {
        for &t in &terms[g] {
            *window.entry(t).or_default() += 1;
        }
        if let Some(leaving) = g.checked_sub(NOVELTY_WINDOW) {
            for t in &terms[leaving] {
                if let Some(n) = window.get_mut(t) {
                    *n -= 1;
                    if *n == 0 {
                        window.remove(t);
                    }
                }
            }
        }
        let next: BTreeSet<u64> = terms[g + 1].iter().copied().collect();
        out.push(if next.is_empty() {
            0.0
        } else {
            next.iter().filter(|t| !window.contains_key(t)).count() as f64 / next.len() as f64
        });
    }
    out
}

/// The evidence that a part ends at each gap: TextTiling's depth and the
/// writer's marks (see the module's notes).
fn evidence(blocks: &[Block], article: &str, terms: &[Vec<u64>], window: usize) -> Vec<f64> {
    let cohesion = cohesion(terms, window);
    let (left_peaks, right_peaks) = peaks(&cohesion);
    let novelty = novelty(terms);
    let share = |words: usize| words.min(LONG_PARAGRAPH) as f64 / LONG_PARAGRAPH as f64;
    // The voice that opens a conversation is the writer's: a part may
    // open with the writer's turn, not with an answer to it.
    let writer = blocks.iter().find_map(|b| b.speaker.as_deref());
    (0..cohesion.len())
        .map(|g| {
            let depth = (left_peaks[g] - cohesion[g]) + (right_peaks[g] - cohesion[g]);
            let (before, after) = (&blocks[g], &blocks[g + 1]);
            let mut cues = PREVIOUS_BLOCK_CUE * share(before.words()) + NOVELTY_CUE * novelty[g];
            if rule_between(blocks, article, g) {
                cues += RULE_CUE;
            }
            let answer = after.speaker.is_some() && after.speaker.as_deref() != writer;
            if after.kind == Kind::Paragraph && !answer {
                cues += NEXT_PARAGRAPH_CUE * share(after.words());
                if opens_with_transition(&after.text) {
                    cues += TRANSITION_CUE;
                }
            }
            depth + cues
        })
        .collect()
}

/// The gaps to put subheadings at, with their headings, in order: the
/// gaps of most evidence, each at least [`MIN_SECTION_WORDS`] from the
/// others and the ends, while their evidence reaches [`EVIDENCE`]. A short
/// article gets none.
pub(super) fn boundaries(
    blocks: &[Block],
    article: &str,
    everywhere: &Index,
    excluded: &BTreeSet<String>,
) -> Vec<Boundary> {
    let terms = block_terms(blocks);
    let words: Vec<usize> = blocks.iter().map(Block::words).collect();
    let total: usize = words.iter().sum();
    let wanted = (total / WORDS_PER_SECTION).min(MAX_SUBHEADINGS);
    let window = (blocks.len() / 12).clamp(WINDOW.0, WINDOW.1);
    if wanted == 0 || blocks.len() < 4 {
        return Vec::new();
    }
    let evidence = evidence(blocks, article, &terms, window);
    let mut order: Vec<usize> = (0..evidence.len())
        .filter(|&g| evidence[g] >= EVIDENCE && eligible(blocks, article, g))
        .collect();
    order.sort_by(|&a, &b| evidence[b].total_cmp(&evidence[a]).then(a.cmp(&b)));
    let words_before: Vec<usize> = words
        .iter()
        .scan(0, |acc, w| {
            *acc += w;
            Some(*acc)
        })
        .collect();
    // The chosen gaps' places, sorted: whether a new one is far enough
    // from them is two look-ups (no scan of all chosen ones per gap).
    let mut chosen: BTreeSet<(usize, usize)> = BTreeSet::new();
    for g in order {
        if chosen.len() == wanted {
            break;
        }
        let at = words_before[g];
        let near = |(place, _): &(usize, usize)| place.abs_diff(at) < MIN_SECTION_WORDS;
        let far_enough = at >= MIN_SECTION_WORDS
            && total - at >= MIN_SECTION_WORDS
            && !chosen.range(..(at, 0)).next_back().is_some_and(near)
            && !chosen.range((at, 0)..).next().is_some_and(near);
        if far_enough {
            chosen.insert((at, g));
        }
    }
    let chosen: Vec<usize> = chosen.into_iter().map(|(_, g)| g).collect();
    headings(blocks, &chosen, everywhere, excluded)
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
/// (`everywhere`: the whole text's candidates, counted.)
fn headings(
    blocks: &[Block],
    gaps: &[usize],
    everywhere: &Index,
    excluded: &BTreeSet<String>,
) -> Vec<Boundary> {
    let texts: Vec<&str> = blocks.iter().map(|b| &*b.text).collect();
    let pipeline: BTreeSet<String> = PIPELINE_WORDS.split(' ').map(stem).collect();
    let mut out = Vec::new();
    let mut used: BTreeSet<String> = BTreeSet::new();
    for (k, &g) in gaps.iter().enumerate() {
        let end = gaps.get(k + 1).map_or(blocks.len(), |&next| next + 1);
        let first_line = blocks[g + 1].text.to_lowercase();
        let ranked = section_phrases(&texts[g + 1..end], everywhere, 12, excluded);
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

#[cfg(test)]
mod tests;
