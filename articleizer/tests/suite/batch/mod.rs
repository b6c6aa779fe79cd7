//! End-to-end tests of `articleizer batch`.

use e2e::{articleizer, stderr, stdout};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

mod context;
mod jobs;
mod reanalyze;
mod structure;

use reanalyze::reanalysis_site;

const EXAMPLE: &str = include_str!("../../../../examples/transcript.md");
const KEY: &str = "e2e-batch-secret-key-7734";

/// An old post as the predecessor wrote them: plain front matter, a
/// hand-placed raw pair, Liquid that was lost when it was published.
fn old_post(title: &str) -> String {
    format!(
        "---\ntitle: {title}\npermalink: /futureproof/{}/\nlayout: post\nsort_order: 1\n---\n\n## Intro\n\nThe id was {{{{item_id}}}} here.\n\n```python\n{{% raw %}}f\"{{{{x}}}}\"{{% endraw %}}\n```\n\n{{% include bunny.html %}}\n",
        title.to_lowercase().replace(' ', "-")
    )
}

fn posts_dir(posts: &[(&str, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in posts {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    dir
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("read")
}

fn arg(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

#[test]
fn rewrap_is_a_dry_run_until_write_and_then_idempotent() {
    let dir = posts_dir(&[
        ("2024-01-01-one.md", old_post("One")),
        ("2024-02-01-two.md", old_post("Two")),
    ]);
    let one = dir.path().join("2024-01-01-one.md");
    let before = read(&one);
    let dry = articleizer()
        .args(["batch", arg(dir.path()), "--rewrap"])
        .assert_success();
    assert!(stdout(&dry).contains("would change  "), "{}", stdout(&dry));
    assert!(
        stderr(&dry).contains("2 posts: 2 would change, 0 unchanged, 0 skipped, 0 failed (dry run"),
        "{}",
        stderr(&dry)
    );
    assert_eq!(read(&one), before, "a dry run writes nothing");

    let diff = articleizer()
        .args(["batch", arg(&one), "--rewrap", "--diff"])
        .output();
    let shown = stdout(&diff);
    assert!(
        shown.contains("--- ") && shown.contains("+++ ") && shown.contains("@@ "),
        "{shown}"
    );
    assert!(
        shown.contains("+{% endraw %}{% include bunny.html %}\n"),
        "{shown}"
    );
    // Stdout is the patch alone, with a/ and b/ headers: `git apply` takes
    // it as it is (run where the paths are relative).
    assert!(
        !shown.contains("would change"),
        "status lines go to stderr: {shown}"
    );
    assert!(stderr(&diff).contains("would change"));
    let relative = articleizer()
        .args(["batch", "2024-01-01-one.md", "--rewrap", "--diff"])
        .current_dir(one.parent().expect("its folder"))
        .output();
    let patch = stdout(&relative);
    assert!(
        patch.starts_with("--- a/2024-01-01-one.md\n+++ b/2024-01-01-one.md\n"),
        "{patch}"
    );
    let git = |args: &[&str], input: &str| {
        let mut child = std::process::Command::new("git")
            .args(args)
            .current_dir(one.parent().expect("its folder"))
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("git runs");
        use std::io::Write;
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes())
            .expect("patch");
        child.wait_with_output().expect("git")
    };
    let applied = git(&["apply", "--check", "-"], &patch);
    assert!(
        applied.status.success(),
        "{}",
        String::from_utf8_lossy(&applied.stderr)
    );

    let write = articleizer()
        .args(["batch", arg(dir.path()), "--rewrap", "--write"])
        .assert_success();
    assert!(stderr(&write).contains("2 changed"), "{}", stderr(&write));
    let after = read(&one);
    assert_eq!(
        after,
        "---\ntitle: One\npermalink: /futureproof/one/\nlayout: post\nsort_order: 1\n---\n\n{% raw %}## Intro{% endraw %}\n\n{% raw %}The id was {{item_id}} here.\n\n```python\nf\"{{x}}\"\n```\n\n{% endraw %}{% include bunny.html %}\n"
    );
    let again = articleizer()
        .args(["batch", arg(dir.path()), "--rewrap", "--write"])
        .output();
    assert!(
        stderr(&again).contains("0 changed, 2 unchanged"),
        "{}",
        stderr(&again)
    );
    assert_eq!(read(&one), after);
    let leftovers: Vec<String> = e2e::names(dir.path())
        .into_iter()
        .filter(|name| name.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "no temp files left");
}

#[test]
fn broken_posts_are_reported_and_skipped_never_rewritten() {
    let broken = "---\ntitle: [unclosed\n---\n{{ x }}\n";
    let dir = posts_dir(&[
        ("2024-01-01-broken.md", broken.to_string()),
        ("2024-01-02-bare.md", "no front matter {{ x }}\n".into()),
        ("2024-01-03-fine.md", old_post("Fine")),
    ]);
    let out = articleizer()
        .args(["batch", arg(dir.path()), "--rewrap", "--write"])
        .output();
    assert!(
        out.status.success(),
        "skips are not failures: {}",
        stderr(&out)
    );
    let err = stderr(&out);
    assert!(
        err.contains("1 changed, 0 unchanged, 2 skipped, 0 failed"),
        "{err}"
    );
    assert!(
        err.contains("2024-01-01-broken.md: the front matter is not valid YAML"),
        "{err}"
    );
    assert!(err.contains("2024-01-02-bare.md: no front matter"), "{err}");
    assert_eq!(read(&dir.path().join("2024-01-01-broken.md")), broken);
}

/// Front matter that would cost the YAML loader without bound (aliases
/// that repeat each other: 2^30 values from 1 KB; lists nested 40,000
/// deep: a stack overflow) is refused in one line, post by post: the run
/// goes on and reports the rest.
#[test]
fn front_matter_that_expands_or_nests_without_bound_is_skipped_not_a_crash() {
    let mut bomb = String::from("---\ntitle: Bomb\na0: &a0 [x, x, x, x, x, x, x, x]\n");
    for level in 1..=30 {
        bomb.push_str(&format!("a{level}: &a{level} [*a{0}, *a{0}]\n", level - 1));
    }
    bomb.push_str("---\nbody\n");
    let deep = format!(
        "---\ntitle: Deep\na:\n{}x\n---\nbody\n",
        "- ".repeat(40_000)
    );
    let dir = posts_dir(&[
        ("2024-01-01-bomb.md", bomb.clone()),
        ("2024-01-02-deep.md", deep),
        ("2024-01-03-fine.md", old_post("Fine")),
    ]);
    let out = articleizer()
        .args(["batch", arg(dir.path()), "--rewrap", "--write"])
        .assert_success();
    let err = stderr(&out);
    assert!(
        err.contains("1 changed, 0 unchanged, 2 skipped, 0 failed"),
        "{err}"
    );
    assert!(
        err.contains("2024-01-01-bomb.md: the front matter is refused: its aliases expand it"),
        "{err}"
    );
    assert!(
        err.contains(
            "2024-01-02-deep.md: the front matter is refused: it nests deeper than 64 levels"
        ),
        "{err}"
    );
    assert_eq!(read(&dir.path().join("2024-01-01-bomb.md")), bomb);
}

#[test]
fn no_operation_rewrites_nothing() {
    let dir = posts_dir(&[("2024-01-01-one.md", old_post("One"))]);
    let out = articleizer()
        .args(["batch", arg(dir.path()), "--write"])
        .assert_success();
    assert!(
        stderr(&out).contains("0 changed, 1 unchanged"),
        "{}",
        stderr(&out)
    );
    assert_eq!(read(&dir.path().join("2024-01-01-one.md")), old_post("One"));
}

#[test]
fn selection_by_date_and_glob() {
    let dir = posts_dir(&[
        ("2024-01-01-one.md", old_post("One")),
        ("2025-03-01-two.md", old_post("Two")),
        ("2025-06-01-three.md", old_post("Three")),
    ]);
    let out = articleizer()
        .args([
            "batch",
            arg(dir.path()),
            "--rewrap",
            "--since",
            "2025-01-01",
            "--until",
            "2025-04-30",
        ])
        .output();
    assert!(
        stdout(&out).contains("2025-03-01-two.md"),
        "{}",
        stdout(&out)
    );
    assert!(
        stderr(&out).contains("1 post: 1 would change"),
        "{}",
        stderr(&out)
    );
    let out = articleizer()
        .args(["batch", arg(dir.path()), "--rewrap", "--match", "*-th*"])
        .output();
    assert!(
        stderr(&out).contains("1 post: 1 would change"),
        "{}",
        stderr(&out)
    );
    let bad = articleizer()
        .args(["batch", arg(dir.path()), "--since", "March"])
        .assert_code(2);
    assert!(
        stderr(&bad)
            .contains("invalid value 'March' for '--since <DATE>': \"March\" is not a date"),
        "{}",
        stderr(&bad)
    );
    let none = articleizer()
        .args(["batch", arg(dir.path()), "--match", "*.txt"])
        .assert_code(2);
    assert!(
        stderr(&none).contains("no posts found"),
        "{}",
        stderr(&none)
    );
}

#[test]
fn fence_repair_changes_only_the_body() {
    let text = "---\ntitle: \"```\"\n---\n\nText\n\n```python\nx = 1\n";
    let dir = posts_dir(&[("2024-01-01-open.md", text.to_string())]);
    let out = articleizer()
        .args(["batch", arg(dir.path()), "--repair-fences", "--write"])
        .output();
    assert!(
        stdout(&out).contains("(1 fence repair)"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        read(&dir.path().join("2024-01-01-open.md")),
        format!("{text}```\n")
    );
}

#[test]
fn permalinks_change_only_when_allowed() {
    let dir = posts_dir(&[("2024-01-01-one.md", old_post("One"))]);
    let out = articleizer()
        .args([
            "batch",
            arg(dir.path()),
            "--reanalyze",
            "--provider",
            "offline",
            "--frontmatter",
            "title,permalink",
        ])
        .assert_code(2);
    assert!(
        stderr(&out).contains("--allow-permalink-change"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_allowed_permalink_change_renames_the_post() {
    let (_site, posts, config) = reanalysis_site(1);
    let old = posts.join("2025-01-01-post-0.md");
    // No key: the offline editor answers, asked for by name.
    let out = articleizer()
        .args([
            "batch",
            arg(&posts),
            "--config",
            arg(&config),
            "--reanalyze",
            "--provider",
            "offline",
            "--frontmatter",
            "permalink",
            "--allow-permalink-change",
            "--write",
        ])
        .assert_success();
    let moved = e2e::entries(&posts);
    assert_eq!(moved.len(), 1, "{moved:?}");
    assert!(!old.exists());
    let name = moved[0]
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    let text = read(&moved[0]);
    let slug = name
        .trim_start_matches("2025-01-01-")
        .trim_end_matches(".md");
    assert!(
        text.contains(&format!("permalink: \"/{slug}/\"\n")),
        "{name}\n{text}"
    );
    assert!(stdout(&out).contains(" -> "), "{}", stdout(&out));
}
