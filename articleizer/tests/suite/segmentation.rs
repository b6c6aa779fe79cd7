//! How close the offline editor's subheadings come to the ones the writer
//! published, on the 100 corpus posts (optional: `../shared/corpus`): each
//! post's generated parts and `##` headings are taken off, the offline
//! editor places its own, and Pk and WindowDiff (Beeferman et al.; Pevzner
//! and Hearst) compare the two segmentations over the article's blocks,
//! beside evenly spaced headings (as many as the editor chose) as a
//! baseline. Lower is better; `--nocapture` prints the figures.

use articleizer::editor::offline::{edit, OfflineOptions};
use articleizer::instructions::Words;
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag};

/// The article's top-level blocks: their text, and whether each is a
/// second-level heading.
pub(crate) fn blocks(article: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let mut heading = false;
    for (event, range) in Parser::new(article).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    start = range.start;
                    heading = matches!(
                        tag,
                        Tag::Heading {
                            level: HeadingLevel::H2,
                            ..
                        }
                    );
                }
                depth += 1;
            }
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    out.push((article[start..range.end].to_string(), heading));
                }
            }
            Event::Rule if depth == 0 => out.push((article[range].to_string(), false)),
            _ => {}
        }
    }
    out
}

/// Boundaries as a 0/1 vector over the gaps between `units` blocks:
/// `gaps[i]` says a new segment starts after block `i`.
pub(crate) fn gaps(units: usize, after: &[usize]) -> Vec<bool> {
    let mut gaps = vec![false; units.saturating_sub(1)];
    for &a in after {
        if a + 1 < units {
            gaps[a] = true;
        }
    }
    gaps
}

/// Pk and WindowDiff of `hypothesis` against `reference` (gap vectors),
/// with a window of half the mean reference segment.
pub(crate) fn scores(reference: &[bool], hypothesis: &[bool]) -> (f64, f64) {
    let units = reference.len() + 1;
    let segments = reference.iter().filter(|&&b| b).count() + 1;
    let k = ((units as f64 / segments as f64) / 2.0).round().max(1.0) as usize;
    if units <= k {
        return (0.0, 0.0);
    }
    let count = |gaps: &[bool], i: usize| gaps[i..i + k].iter().filter(|&&b| b).count();
    let windows = units - k;
    let (mut pk, mut wd) = (0, 0);
    for i in 0..windows {
        let (r, h) = (count(reference, i), count(hypothesis, i));
        pk += usize::from((r == 0) != (h == 0));
        wd += usize::from(r != h);
    }
    (pk as f64 / windows as f64, wd as f64 / windows as f64)
}

#[test]
#[ignore = "needs ../shared/corpus (run by .ci/run)"]
fn offline_subheadings_against_the_published_ones() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/posts");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus posts")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    paths.sort();
    let (mut offline, mut even) = ((0.0, 0.0), (0.0, 0.0));
    let (mut posts, mut published, mut placed) = (0, 0, 0);
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("post");
        let Some(article) = articleizer::generated::strip(&text) else {
            continue;
        };
        // The published headings mark the reference boundaries; the
        // article without them is what the editor sees.
        let all = blocks(&article);
        let mut units: Vec<String> = Vec::new();
        let mut reference = Vec::new();
        for (block, is_heading) in all {
            if is_heading {
                if !units.is_empty() {
                    reference.push(units.len() - 1);
                }
            } else {
                units.push(block);
            }
        }
        if units.len() < 4 || reference.is_empty() {
            continue;
        }
        let clean = units.join("\n\n") + "\n";
        let instructions = edit(&clean, &OfflineOptions::default());
        let words: Vec<Words> = units.iter().map(|u| Words::of(u)).collect();
        let hypothesis: Vec<usize> = instructions
            .editing_instructions
            .insert_subheadings
            .iter()
            .filter_map(|s| words.iter().position(|w| w.contain(&s.after_text_snippet)))
            .collect();
        let n = hypothesis.len();
        let evenly: Vec<usize> = (1..=n).map(|i| i * units.len() / (n + 1) - 1).collect();
        let reference_gaps = gaps(units.len(), &reference);
        let (pk, wd) = scores(&reference_gaps, &gaps(units.len(), &hypothesis));
        let (pk_even, wd_even) = scores(&reference_gaps, &gaps(units.len(), &evenly));
        offline = (offline.0 + pk, offline.1 + wd);
        even = (even.0 + pk_even, even.1 + wd_even);
        posts += 1;
        published += reference.len();
        placed += n;
    }
    assert!(posts >= 50, "only {posts} posts compared");
    let mean = |total: (f64, f64)| (total.0 / posts as f64, total.1 / posts as f64);
    let (pk, wd) = mean(offline);
    let (pk_even, wd_even) = mean(even);
    eprintln!(
        "segmentation over {posts} posts ({published} published subheadings, {placed} placed offline):\n  offline editor: Pk {pk:.3}, WindowDiff {wd:.3}\n  evenly spaced:  Pk {pk_even:.3}, WindowDiff {wd_even:.3}"
    );
    assert!(
        pk <= pk_even + 0.02,
        "topic shifts no worse than even spacing: {pk:.3} vs {pk_even:.3}"
    );
}

#[test]
fn pk_and_windowdiff_are_zero_for_the_same_segmentation_and_grow_with_misses() {
    let reference = gaps(12, &[3, 7]);
    assert_eq!(scores(&reference, &reference), (0.0, 0.0));
    let (pk, wd) = scores(&reference, &gaps(12, &[]));
    assert!(pk > 0.3 && wd > 0.3, "{pk} {wd}");
    let (near, _) = scores(&reference, &gaps(12, &[4, 7]));
    assert!(near < pk, "a near miss costs less than none");
}
