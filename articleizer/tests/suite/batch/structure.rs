//! `batch --reanalyze` finds the generated analysis by structure (the
//! pipeline's rule and heading, at the top level, after the article's
//! heading), never by the last line that reads like it, and writes a post
//! only when the writer's article is byte for byte what it was.

use super::*;

const FRONT: &str = "---\ntitle: T\npermalink: /t/\nlayout: post\nsort_order: 1\n---\n\n";

#[test]
fn the_analysis_is_found_by_structure_and_the_article_never_changes() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let server = e2e::mock_server(&runtime, e2e::gemini_answer(e2e::VALID_ANSWER));
    let dir = tempfile::tempdir().expect("temp dir");
    let posts = dir.path().join("_posts");
    std::fs::create_dir(&posts).expect("mkdir");
    // A hand-written post whose code listing shows how a post ends.
    let listing = format!("{FRONT}How a post ends:\n\n```markdown\nThe end.\n\n---\n\n## Book Analysis\n\nSome analysis.\n```\n\nThe first paragraph after the listing.\n\nThe second paragraph after it.\n");
    // A post the pipeline made, whose intro (the editor's words) holds
    // the heading, with no analysis section.
    let intro = format!("{FRONT}## Setting the Stage: Context for the Curious Book Reader\n\nAn intro.\n\n---\n\n## Book Analysis\n\nInjected.\n\n---\n\n## Technical Journal Entry Begins\n\nThe writer's article.\n\nIts second paragraph.\n");
    // A post whose HTML comment never closes: a section after it would be
    // inside the comment, and the article would change.
    let unclosed =
        format!("{FRONT}Text.\n\n<!-- a note never closed\n\nMore prose the comment swallows.\n");
    let files = [
        ("2025-01-01-listing.md", &listing),
        ("2025-01-02-intro.md", &intro),
        ("2025-01-03-unclosed.md", &unclosed),
    ];
    for (name, text) in files {
        std::fs::write(posts.join(name), text).expect("write");
    }
    let config = dir.path().join("config.toml");
    let cache = dir.path().join("cache");
    std::fs::write(
        &config,
        format!("[articleizer]\ncache_dir = \"{}\"\n", cache.display()),
    )
    .expect("config");
    let uri = server.uri();
    let out = articleizer()
        .args([
            "batch",
            arg(&posts),
            "--config",
            arg(&config),
            "--reanalyze",
            "--write",
            "--provider",
            "gemini",
            "--base-url",
            &uri,
        ])
        .envs(&[("GEMINI_API_KEY", KEY)])
        .output();
    let said = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "one post failed: {said}");
    assert!(
        said.contains("would change how the article itself reads"),
        "{said}"
    );
    for (name, old) in [files[0], files[1]] {
        let new = read(&posts.join(name));
        let kept = format!("{}\n\n---\n\n## Book Analysis\n\n", old.trim_end());
        assert!(
            new.starts_with(&kept),
            "{name}: the article and all after it kept:\n{new}"
        );
        assert!(
            new.len() > kept.len() + 100,
            "{name}: a new analysis follows"
        );
    }
    assert_eq!(
        read(&posts.join(files[2].0)),
        unclosed,
        "refused, untouched"
    );
    // A second run finds the section it wrote (after the rule, outside
    // code) and changes nothing.
    let again = articleizer()
        .args([
            "batch",
            arg(&posts),
            "--config",
            arg(&config),
            "--reanalyze",
            "--write",
            "--match",
            "*-[li]*.md",
            "--provider",
            "gemini",
            "--base-url",
            &uri,
        ])
        .envs(&[("GEMINI_API_KEY", KEY)])
        .output();
    assert!(
        stderr(&again).contains("0 changed, 2 unchanged"),
        "{}",
        stderr(&again)
    );
}
