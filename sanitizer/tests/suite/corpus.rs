//! Optional checks on the real posts in `../shared/corpus/posts/` (present
//! beside the checkout in CI, not for users): `.ci/run` runs them with
//! `cargo test -- --ignored`. Every post's rendered HTML (pulldown-cmark,
//! white space aside) must stay the same after sanitizing, except the posts
//! listed in `corpus-changes.txt` with the reason for each; the posts with
//! broken fences must come out with every block closed.

use pulldown_cmark::{html, Options as MdOptions, Parser};
use sanitizer::{Options, Sanitizer};
use std::collections::BTreeMap;
use std::path::PathBuf;

fn corpus_posts() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/posts");
    let mut posts: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{} is needed for this optional check: {e}", dir.display()))
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(e.path()).expect("corpus posts are UTF-8");
            (name, text)
        })
        .collect();
    posts.sort();
    posts
}

/// The body after the front matter.
fn body(post: &str) -> &str {
    let Some(rest) = post.strip_prefix("---\n") else {
        return post;
    };
    match rest.find("\n---\n") {
        Some(end) => &rest[end + 5..],
        None => post,
    }
}

/// HTML with every run of white space (Unicode spaces and zero-width
/// characters included) made one space.
fn html_of(markdown: &str) -> String {
    let options =
        MdOptions::ENABLE_TABLES | MdOptions::ENABLE_STRIKETHROUGH | MdOptions::ENABLE_TASKLISTS;
    let mut out = String::new();
    html::push_html(&mut out, Parser::new_ext(markdown, options));
    let mut normalized = String::with_capacity(out.len());
    let mut in_space = false;
    for c in out.chars() {
        if matches!(
            c,
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
        ) {
            continue;
        }
        let space = c.is_whitespace();
        if space {
            if !in_space {
                normalized.push(' ');
            }
        } else {
            normalized.push(c);
        }
        in_space = space;
    }
    normalized
}

/// Fence lines at the top level, counted naively (as the corpus README does).
fn fence_lines(markdown: &str) -> usize {
    markdown
        .lines()
        .filter(|l| {
            let t = l.trim_start_matches(' ');
            l.len() - t.len() <= 3 && (t.starts_with("```") || t.starts_with("~~~"))
        })
        .count()
}

fn expected_changes() -> BTreeMap<String, String> {
    include_str!("corpus-changes.txt")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            l.split_once(": ")
                .map(|(name, why)| (name.trim().to_string(), why.trim().to_string()))
        })
        .collect()
}

#[test]
#[ignore = "needs ../shared/corpus (run by .ci/run)"]
fn corpus_html_changes_only_where_listed() {
    let sanitizer = Sanitizer::new(&Options::default()).expect("defaults are valid");
    let mut changed = BTreeMap::new();
    for (name, post) in corpus_posts() {
        let out = sanitizer.sanitize(&post);
        let again = sanitizer.sanitize(&out.text);
        assert_eq!(again.text, out.text, "{name}: not idempotent");
        if html_of(body(&post)) != html_of(body(&out.text)) {
            changed.insert(name, out.report.summary());
        }
    }
    let expected = expected_changes();
    let unexpected: Vec<String> = changed
        .iter()
        .filter(|(name, _)| !expected.contains_key(*name))
        .map(|(name, summary)| format!("{name}: {summary}"))
        .collect();
    assert!(
        unexpected.is_empty(),
        "HTML changed in posts not listed in corpus-changes.txt:\n{}",
        unexpected.join("\n")
    );
    let stale: Vec<&String> = expected
        .keys()
        .filter(|name| !changed.contains_key(*name))
        .collect();
    assert!(
        stale.is_empty(),
        "listed in corpus-changes.txt but unchanged: {stale:?}"
    );
}

#[test]
#[ignore = "needs ../shared/corpus (run by .ci/run)"]
fn corpus_broken_fences_are_repaired() {
    let sanitizer = Sanitizer::new(&Options::default()).expect("defaults are valid");
    let broken: Vec<(String, String)> = corpus_posts()
        .into_iter()
        .filter(|(_, post)| fence_lines(body(post)) % 2 == 1)
        .collect();
    assert_eq!(
        broken.len(),
        3,
        "the corpus README promises three posts with an odd number of fence lines"
    );
    for (name, post) in broken {
        let out = sanitizer.sanitize(&post);
        assert!(
            out.report.fences.iter().any(|f| f.is_applied()),
            "{name}: no fence repair"
        );
        assert_eq!(
            fence_lines(body(&out.text)) % 2,
            0,
            "{name}: still an odd number of fence lines"
        );
        assert!(
            sanitizer.sanitize(&out.text).report.fences.is_empty(),
            "{name}: repair not stable"
        );
    }
}

/// Prints what changes in each post (for writing the issue note):
/// `cargo test -p sanitizer --test suite -- --ignored --nocapture corpus_report`.
#[test]
#[ignore = "needs ../shared/corpus; a report, not a check"]
fn corpus_report() {
    let sanitizer = Sanitizer::new(&Options::default()).expect("defaults are valid");
    for (name, post) in corpus_posts() {
        let out = sanitizer.sanitize(&post);
        let html_changed = html_of(body(&post)) != html_of(body(&out.text));
        if !out.report.is_empty() || html_changed {
            println!(
                "{name}: html_changed={html_changed} {} {:?}",
                out.report.summary(),
                out.report.fences
            );
        }
    }
}
