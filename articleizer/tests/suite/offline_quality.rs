//! How the offline editor's words compare with the ones a model wrote for
//! the same 100 corpus posts (optional: `../shared/corpus`), as recall of
//! content words: its keywords against the published `meta_keywords`
//! (beside a baseline of the article's most frequent words, one per
//! keyword; one per keyword word is printed too), its title against the published title, and its
//! subheadings' places (Pk) against evenly spaced ones. Each post's
//! generated parts and `##` headings are taken off first, so the editor
//! sees the writer's text only. `--nocapture` prints the figures and the
//! time per post.
//!
//! The words are compared through a stop list and a crude stem of this
//! file's own, not the editor's, so the measure does not bend to it.

use super::segmentation::{blocks, gaps, scores};
use articleizer::editor::offline::{edit, OfflineOptions};
use articleizer::instructions::Words;
use articleizer::post::ParsedPost;
use std::collections::{BTreeSet, HashMap};

const STOP: &str = "a an and are as at be but by for from has have how i in into is it its my of on or that the this to was we what when which who why will with you your vs not no can do does our their about more most new using use via all one just so than then there these they";

/// Content words of `text`, lower-case and crudely stemmed (a plural `s`).
fn content_words(text: &str) -> Vec<String> {
    let stop: BTreeSet<&str> = STOP.split_whitespace().collect();
    text.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 2 && !stop.contains(w.as_str()))
        .filter(|w| w.chars().any(char::is_alphabetic))
        .map(|w| {
            if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") {
                w[..w.len() - 1].to_string()
            } else {
                w
            }
        })
        .collect()
}

/// The share of `reference`'s words that `found` holds.
fn recall(reference: &BTreeSet<String>, found: &BTreeSet<String>) -> f64 {
    if reference.is_empty() {
        return 0.0;
    }
    reference.intersection(found).count() as f64 / reference.len() as f64
}

/// The article's `n` most frequent content words (ties: first seen).
fn most_frequent(article: &str, n: usize) -> BTreeSet<String> {
    let mut counts: HashMap<String, (usize, usize)> = HashMap::new();
    for (at, w) in content_words(article).into_iter().enumerate() {
        counts.entry(w).or_insert((0, at)).0 += 1;
    }
    let mut ranked: Vec<(String, (usize, usize))> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.1 .1.cmp(&b.1 .1)));
    ranked.into_iter().take(n).map(|(w, _)| w).collect()
}

/// Sums over one half of the posts.
#[derive(Default)]
struct Half {
    posts: usize,
    titles: f64,
    /// Title word precision: the share of the offline title's words that
    /// are in the published title.
    precision: f64,
    pk: f64,
    pk_even: f64,
    segmented: usize,
}

#[test]
#[ignore = "needs ../shared/corpus (run by .ci/run)"]
fn offline_words_against_the_published_ones() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/posts");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus posts")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    paths.sort();
    let (mut keywords, mut baseline, mut same_words, mut titles) = (0.0, 0.0, 0.0, 0.0);
    // Title word precision, and the titles' lengths in content words
    // (published, offline): a longer title buys recall with precision.
    let (mut precision, mut published_words, mut offline_words) = (0.0, 0, 0);
    let (mut pk_total, mut pk_even_total, mut segmented) = (0.0, 0.0, 0);
    // The same figures on each half of the posts (even and odd places in
    // name order): a method that only fits some posts shows on one half.
    let mut halves = [Half::default(), Half::default()];
    let mut posts = 0;
    let mut elapsed = std::time::Duration::ZERO;
    let mut bytes = 0;
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("post");
        let Ok(post) = ParsedPost::parse(&text) else {
            continue;
        };
        let (Some(title), Some(published)) = (post.string("title"), post.string("meta_keywords"))
        else {
            continue;
        };
        let Some(article) = articleizer::generated::strip(&text) else {
            continue;
        };
        let mut units: Vec<String> = Vec::new();
        let mut reference = Vec::new();
        for (block, is_heading) in blocks(&article) {
            if is_heading {
                if !units.is_empty() {
                    reference.push(units.len() - 1);
                }
            } else {
                units.push(block);
            }
        }
        if units.is_empty() {
            continue;
        }
        let clean = units.join("\n\n") + "\n";
        let started = std::time::Instant::now();
        let instructions = edit(&clean, &OfflineOptions::default());
        elapsed += started.elapsed();
        bytes += clean.len();
        let yaml = &instructions.editing_instructions.yaml_updates;
        let wanted: BTreeSet<String> = content_words(&published).into_iter().collect();
        let offered: BTreeSet<String> = content_words(&yaml.keywords).into_iter().collect();
        let entries = yaml
            .keywords
            .split(',')
            .filter(|k| !k.trim().is_empty())
            .count();
        keywords += recall(&wanted, &offered);
        baseline += recall(&wanted, &most_frequent(&clean, entries));
        same_words += recall(&wanted, &most_frequent(&clean, offered.len()));
        let title_words: BTreeSet<String> = content_words(&title).into_iter().collect();
        let offline_title: BTreeSet<String> = content_words(&yaml.title).into_iter().collect();
        titles += recall(&title_words, &offline_title);
        let title_precision = recall(&offline_title, &title_words);
        precision += title_precision;
        published_words += title_words.len();
        offline_words += offline_title.len();
        let half = &mut halves[posts % 2];
        half.posts += 1;
        half.titles += recall(&title_words, &offline_title);
        half.precision += title_precision;
        // OFFLINE_QUALITY_POSTS=1 prints each post's words beside the
        // published ones (and its subheadings).
        if std::env::var_os("OFFLINE_QUALITY_POSTS").is_some() {
            eprintln!(
                "# {}\n  T {title}\n  t {}\n  K {published}\n  k {}\n  h {}\n  kw {:.2} base {:.2}",
                path.display(),
                yaml.title,
                yaml.keywords,
                instructions
                    .editing_instructions
                    .insert_subheadings
                    .iter()
                    .map(|s| s.subheading.trim_start_matches("## "))
                    .collect::<Vec<_>>()
                    .join(" | "),
                recall(&wanted, &offered),
                recall(&wanted, &most_frequent(&clean, offered.len()))
            );
        }
        posts += 1;
        if units.len() >= 4 && !reference.is_empty() {
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
            let pk = scores(&reference_gaps, &gaps(units.len(), &hypothesis)).0;
            let pk_even = scores(&reference_gaps, &gaps(units.len(), &evenly)).0;
            pk_total += pk;
            pk_even_total += pk_even;
            half.pk += pk;
            half.pk_even += pk_even;
            half.segmented += 1;
            segmented += 1;
        }
    }
    assert!(posts >= 50, "only {posts} posts compared");
    let mean = |total: f64, n: usize| total / n as f64;
    let (keywords, baseline, same_words, titles) = (
        mean(keywords, posts),
        mean(baseline, posts),
        mean(same_words, posts),
        mean(titles, posts),
    );
    let (pk, pk_even) = (mean(pk_total, segmented), mean(pk_even_total, segmented));
    eprintln!(
        "offline editor over {posts} posts ({:.1} KB on average, {:.1} ms per post):\n  keyword recall {keywords:.3} (as many most frequent words as keywords: {baseline:.3}, ratio {:.2}; as many as their words: {same_words:.3})\n  title word recall {titles:.3}, precision {:.3} (content words per title: published {:.2}, offline {:.2})\n  subheadings over {segmented} posts: Pk {pk:.3} (evenly spaced: {pk_even:.3}, ratio {:.2})",
        bytes as f64 / posts as f64 / 1024.0,
        elapsed.as_secs_f64() * 1000.0 / posts as f64,
        keywords / baseline,
        precision / posts as f64,
        published_words as f64 / posts as f64,
        offline_words as f64 / posts as f64,
        pk / pk_even,
    );
    for (name, half) in ["even", "odd"].iter().zip(&halves) {
        eprintln!(
            "  {name} half ({} posts, {} segmented): title word recall {:.3} (precision {:.3}), Pk ratio {:.3}",
            half.posts,
            half.segmented,
            mean(half.titles, half.posts),
            mean(half.precision, half.posts),
            half.pk / half.pk_even,
        );
    }
    // Guards at the level reached, the keyword and Pk ones at the targets
    // of issue 33 (keyword recall 1.5 times the frequency baseline, Pk 0.75
    // times even spacing), the title one below its (title word recall
    // 0.30), which the figures printed above are measured against. Before that work: keyword recall 0.179 (1.50 of
    // the one-word-per-keyword baseline, 0.78 of the word-for-word one),
    // title 0.064, Pk ratio 0.88; after it: 0.210 (1.77 and 1.31), title
    // 0.255, Pk ratio 0.85. Keywords weighed by their weakest word: 0.209
    // (1.76 and 1.54), title and Pk unchanged. Sections by evidence (the
    // writer's marks beside cohesion, a threshold instead of a quota): Pk
    // ratio 0.73 (even half 0.737, odd half 0.722), at the target. Title
    // phrases ranked by where the writer puts them (opening, closing, own
    // turns; the subject still the one the opening names): title word
    // recall 0.260 (halves 0.251 and 0.268, from 0.250 and 0.253),
    // precision 0.193 (from 0.191), 6.45 content words per title against
    // the published 4.66; 0.30 was not reached with a title of this length.
    assert!(
        keywords >= 1.5 * same_words && keywords >= 1.5 * baseline,
        "keyword recall {keywords:.3} vs {same_words:.3} and {baseline:.3}"
    );
    assert!(titles >= 0.2, "title word recall {titles:.3}");
    assert!(pk <= 0.75 * pk_even, "Pk {pk:.3} vs {pk_even:.3}");
}
