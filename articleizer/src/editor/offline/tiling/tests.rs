//! The tests of `tiling.rs`.

use super::*;

/// The climb of TextTiling, one gap at a time (quadratic on a plateau).
fn climbed(cohesion: &[f64], g: usize) -> (f64, f64) {
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
    (left, right)
}

/// The cosine of the two windows' counts, summed afresh.
fn cosine_afresh(terms: &[Vec<u64>], g: usize, window: usize) -> f64 {
    let counts = |blocks: &[Vec<u64>]| {
        let mut c: HashMap<u64, f64> = HashMap::new();
        for t in blocks.iter().flatten() {
            *c.entry(*t).or_default() += 1.0;
        }
        c
    };
    let left = counts(&terms[(g + 1).saturating_sub(window)..=g]);
    let right = counts(&terms[g + 1..(g + 1 + window).min(terms.len())]);
    let dot: f64 = left
        .iter()
        .filter_map(|(k, x)| right.get(k).map(|y| x * y))
        .sum();
    let norm = |m: &HashMap<u64, f64>| m.values().map(|x| x * x).sum::<f64>().sqrt();
    let denominator = norm(&left) * norm(&right);
    if denominator == 0.0 {
        0.0
    } else {
        dot / denominator
    }
}

proptest::proptest! {
    #[test]
    fn the_sliding_windows_cohesion_is_the_windows_cosine(
        terms in proptest::collection::vec(proptest::collection::vec(0u64..6, 0..5), 2..40),
        window in 1usize..6,
    ) {
        let sliding = cohesion(&terms, window);
        proptest::prop_assert_eq!(sliding.len(), terms.len() - 1);
        for (g, &c) in sliding.iter().enumerate() {
            let afresh = cosine_afresh(&terms, g, window);
            proptest::prop_assert!((c - afresh).abs() < 1e-9, "gap {}: {} vs {}", g, c, afresh);
        }
    }

    #[test]
    fn the_peaks_are_those_each_gap_climbs_to(
        // Few distinct values: plateaus, ties and valleys are common.
        steps in proptest::collection::vec(0u8..4, 1..60)
    ) {
        let cohesion: Vec<f64> = steps.iter().map(|&s| f64::from(s) / 4.0).collect();
        let (left, right) = peaks(&cohesion);
        for g in 0..cohesion.len() {
            proptest::prop_assert_eq!((left[g], right[g]), climbed(&cohesion, g));
        }
    }
}

/// The share of new terms at gap `g`, counted afresh.
fn novelty_afresh(terms: &[Vec<u64>], g: usize) -> f64 {
    let before: BTreeSet<u64> = terms[(g + 1).saturating_sub(NOVELTY_WINDOW)..=g]
        .iter()
        .flatten()
        .copied()
        .collect();
    let next: BTreeSet<u64> = terms[g + 1].iter().copied().collect();
    if next.is_empty() {
        return 0.0;
    }
    next.difference(&before).count() as f64 / next.len() as f64
}

proptest::proptest! {
    #[test]
    fn the_sliding_novelty_is_the_share_of_terms_not_seen_just_before(
        terms in proptest::collection::vec(proptest::collection::vec(0u64..30, 0..6), 2..40),
    ) {
        let sliding = novelty(&terms);
        proptest::prop_assert_eq!(sliding.len(), terms.len() - 1);
        for (g, &n) in sliding.iter().enumerate() {
            proptest::prop_assert!((n - novelty_afresh(&terms, g)).abs() < 1e-12, "gap {}", g);
        }
    }
}

#[test]
fn a_thematic_break_between_blocks_is_seen_and_one_in_code_is_not() {
    let article = "First part here.\n\n---\n\nSecond part here.\n\n```\n---\n```\n\nThird part.\n\n* * *\n\nFourth part.\n";
    let speakers = sanitizer::Sanitizer::new(&sanitizer::Options::default()).expect("defaults");
    let blocks = crate::editor::offline::read::parse_blocks(article, &speakers);
    let found: Vec<bool> = (0..blocks.len() - 1)
        .map(|g| rule_between(&blocks, article, g))
        .collect();
    // Blocks: first, second, code, third, fourth.
    assert_eq!(found, [true, false, false, true], "{blocks:?}");
}

#[test]
fn transitions_are_opening_words_only() {
    assert!(opens_with_transition("So the plan changed."));
    assert!(opens_with_transition("Okay, next: the backups."));
    assert!(!opens_with_transition("Sorting is stable."));
    assert!(!opens_with_transition("The plan, so far, holds."));
}

/// Three parts, each of its own words; the middle one about the
/// pipeline's own section titles.
fn three_parts() -> (Vec<Block>, String) {
    let parts = [
        "The backup server rotates its encryption keys each month, and the restic repository keeps every snapshot of the home folders on the NAS. Rotating restic keys means the backup server needs the old key until the next snapshot.",
        "The title option and the book analysis come from the editorial take of the pipeline, which writes a title option per post and a book analysis with its content potential. Each title option gets a filename and a rationale in the book analysis.",
        "Tmux sessions survive a dropped connection, so the Neovim windows inside them keep their buffers and splits. Detach the tmux session before closing the laptop, and attach again from the terminal to find Neovim as it was.",
    ];
    let mut article = String::new();
    for part in parts {
        for n in 0..10 {
            article.push_str(&format!("{part} Paragraph {n} of it.\n\n"));
        }
    }
    let speakers = sanitizer::Sanitizer::new(&sanitizer::Options::default()).expect("defaults");
    let blocks = crate::editor::offline::read::parse_blocks(&article, &speakers);
    (blocks, article)
}

#[test]
fn subheadings_are_one_phrase_never_a_pair_or_the_pipeline_s_words() {
    let (blocks, article) = three_parts();
    let texts: Vec<&str> = blocks.iter().map(|b| &*b.text).collect();
    let everywhere = Index::of(&texts, &BTreeSet::new());
    let headings = boundaries(&blocks, &article, &everywhere, &BTreeSet::new());
    assert!(!headings.is_empty());
    let pipeline: BTreeSet<String> = PIPELINE_WORDS.split(' ').map(stem).collect();
    for b in &headings {
        let lower = b.heading.to_lowercase();
        assert!(!lower.contains(" and "), "{headings:?}");
        assert!(
            !lower.split(' ').all(|w| pipeline.contains(&stem(w))),
            "{headings:?}"
        );
    }
}
