//! End-to-end: the pipe writes a post and prints its path; replay, a mock
//! provider, no overwrite, --dry-run, preview.

use e2e::{articleizer, stderr, stdout, MockProvider};
use std::fs;
use std::path::Path;

const EXAMPLE: &str = include_str!("../../../examples/transcript.md");

/// A config with one target, `site`, writing into `dir/_posts`.
pub(super) fn site(dir: &Path) -> String {
    fs::create_dir_all(dir.join("_posts")).expect("mkdir");
    let config = dir.join("config.toml");
    fs::write(
        &config,
        format!(
            "[articleizer]\nsite_url = \"https://example.com\"\npermalink_style = \"/futureproof/:slug/\"\n[targets.site]\npath = \"{}\"\n",
            dir.join("_posts").display()
        ),
    )
    .expect("write");
    config.display().to_string()
}

/// The example transcript as `sanitizer` writes it with no configuration
/// (the library the binary is a thin layer over: only the sanitizer's own
/// tests may run its binary, fresh).
fn sanitized() -> Vec<u8> {
    let options = sanitizer::Options::default();
    sanitizer::sanitize(EXAMPLE, &options)
        .expect("the default options are valid")
        .text
        .into_bytes()
}

fn posts(dir: &Path) -> Vec<String> {
    e2e::names(&dir.join("_posts"))
}

#[test]
fn the_pipe_writes_the_post_and_prints_only_its_path() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = site(dir.path());
    let out = articleizer()
        .args([
            "--config",
            &config,
            "--target",
            "site",
            "--date",
            "2026-03-04",
        ])
        .stdin(sanitized())
        .assert_success();
    let path = dir
        .path()
        .join("_posts/2026-03-04-teaching-a-static-site-to-explain-itself.md");
    assert_eq!(stdout(&out), format!("{}\n", path.display()));
    let post = fs::read_to_string(&path).expect("written");
    assert!(post.starts_with("---\ntitle: \"Teaching a Static Site to Explain Itself\"\n"));
    assert!(post.contains("sort_order: 1\n"));
    assert!(
        post.contains("\n{% raw %}\n## Setting the Stage: Context for the Curious Book Reader\n")
    );
    assert!(post.ends_with("{% endraw %}\n"));
    let second = articleizer()
        .args([
            "--config",
            &config,
            "--target",
            "site",
            "--date",
            "2026-03-04",
            "--post-template",
            "/dev/null",
        ])
        .stdin(sanitized())
        .output();
    assert_eq!(second.status.code(), Some(2), "same name: refused");
    assert!(
        stderr(&second)
            .trim()
            .ends_with("already exists (use --force to replace it)"),
        "{}",
        stderr(&second)
    );
    assert_eq!(fs::read_to_string(&path).expect("read"), post, "untouched");
    assert_eq!(posts(dir.path()).len(), 1, "no temp file left");
}

#[test]
fn a_new_post_gets_the_mode_the_umask_gives() {
    // As `>` would create it: readable by the web server or another user's
    // Jekyll under the usual 022, private under 077.
    use std::os::unix::fs::PermissionsExt;
    for (umask, want) in [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)] {
        let dir = tempfile::tempdir().expect("temp dir");
        let config = site(dir.path());
        let out = articleizer()
            .args(["--config", &config, "--target", "site"])
            .stdin(sanitized())
            .umask(umask)
            .assert_success();
        let path = stdout(&out).trim().to_string();
        let mode = fs::metadata(&path).expect("written").permissions().mode() & 0o777;
        assert_eq!(mode, want, "umask {umask:03o}");
    }
}

#[test]
fn force_replaces_and_sort_order_counts_the_day_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = site(dir.path());
    fs::write(
        dir.path().join("_posts/2026-03-04-other.md"),
        "---\ntitle: \"x\"\nsort_order: 4\n---\n",
    )
    .expect("write");
    let args = [
        "--config",
        config.as_str(),
        "--target",
        "site",
        "--date",
        "2026-03-04",
    ];
    assert!(articleizer()
        .args(args)
        .stdin(sanitized())
        .output()
        .status
        .success());
    articleizer()
        .args([&args[..], &["--force"]].concat())
        .stdin(sanitized())
        .assert_success();
    let post = fs::read_to_string(
        dir.path()
            .join("_posts/2026-03-04-teaching-a-static-site-to-explain-itself.md"),
    )
    .expect("read");
    assert!(
        post.contains("sort_order: 5\n"),
        "one more than the day's highest on the first run, kept when replaced"
    );
}

#[test]
fn dry_run_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = site(dir.path());
    let out = articleizer()
        .args(["--config", &config, "--target", "site", "--dry-run"])
        .stdin(sanitized())
        .assert_success();
    assert!(stdout(&out).starts_with("---\ntitle: "));
    assert!(posts(dir.path()).is_empty());
}

#[test]
fn replaying_instructions_and_previewing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = site(dir.path());
    let article = dir.path().join("article.md");
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/golden/article.md"),
        &article,
    )
    .expect("copy");
    let instructions =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/golden/instructions.json");
    let preview = articleizer()
        .args([
            "preview",
            "--config",
            &config,
            "--target",
            "site",
            "--date",
            "2026-01-15",
            "--instructions",
            instructions.to_str().expect("utf-8"),
            article.to_str().expect("utf-8"),
        ])
        .assert_success();
    let shown = stdout(&preview);
    assert!(
        shown.starts_with(&format!(
            "file: {}\n",
            dir.path()
                .join("_posts/2026-01-15-showing-liquid-in-jekyll.md")
                .display()
        )),
        "{shown}"
    );
    assert!(
        shown.contains("front matter:\n  title: \"Liquid: “Braces”, --- and #hashtags @ yes\"\n")
    );
    assert!(shown.contains("    + ## Where the Braces Go\n"));
    assert!(
        shown.contains("not placed:\n  ## Lost (snippet: \"words that are not in the article\" is not in the article)")
    );
    assert!(
        stderr(&preview).contains("not placed"),
        "reported on stderr too"
    );
    assert!(posts(dir.path()).is_empty(), "preview writes nothing");
    let written = articleizer()
        .args([
            "--config",
            &config,
            "--target",
            "site",
            "--date",
            "2026-01-15",
            "--instructions",
            instructions.to_str().expect("utf-8"),
            article.to_str().expect("utf-8"),
        ])
        .assert_success();
    let expected = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/golden/expected-post.md"),
    )
    .expect("golden");
    let post = fs::read_to_string(stdout(&written).trim()).expect("written");
    assert_eq!(
        post.replace("https://example.com", "X"),
        expected.replace("https://example.com", "X")
    );
}

#[test]
fn a_mock_provider_through_the_whole_pipe() {
    let body = serde_json::json!({ "candidates": [{ "content": { "parts": [{ "text": e2e::VALID_ANSWER }] }, "finishReason": "STOP" }], "modelVersion": "gemini-mock" });
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let server = runtime.block_on(async {
        let server = MockProvider::new()
            .answer(wiremock::ResponseTemplate::new(200).set_body_json(body))
            .expect(1)
            .start()
            .await;
        server
    });
    let dir = tempfile::tempdir().expect("temp dir");
    let config = site(dir.path());
    let uri = server.uri();
    let out = articleizer()
        .args([
            "--config",
            &config,
            "--target",
            "site",
            "--no-cache",
            "--base-url",
            &uri,
        ])
        .stdin(sanitized())
        .envs(&[("GEMINI_API_KEY", "k-mock-1234")])
        .assert_success();
    assert!(stderr(&out).contains("answered by gemini-mock"));
    assert_eq!(posts(dir.path()).len(), 1);
}

#[test]
fn a_missing_target_directory_is_one_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("c.toml");
    fs::write(&config, "[targets.gone]\npath = \"/nonexistent/_posts\"\n").expect("write");
    let out = articleizer()
        .args([
            "--config",
            config.to_str().expect("utf-8"),
            "--target",
            "gone",
        ])
        .stdin(sanitized())
        .assert_code(2);
    assert_eq!(
        stderr(&out)
            .lines()
            .filter(|l| !l.contains("offline editor"))
            .collect::<Vec<_>>(),
        ["articleizer: the target directory /nonexistent/_posts does not exist; create it (mkdir -p /nonexistent/_posts), choose another target with --target NAME, or set one up with `articleizer init`"]
    );
    let unknown = articleizer()
        .args([
            "--config",
            config.to_str().expect("utf-8"),
            "--target",
            "nope",
        ])
        .stdin(sanitized())
        .output();
    assert!(
        stderr(&unknown).contains("no target named \"nope\" (known: gone)"),
        "{}",
        stderr(&unknown)
    );
}

#[test]
fn the_same_permalink_on_another_day_is_refused_unless_forced() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = site(dir.path());
    let args =
        |date: &'static str| vec!["--config", &config, "--target", "site", "--date", date, "-"];
    articleizer()
        .args(args("2024-06-01"))
        .stdin(sanitized())
        .assert_success();
    let again = articleizer()
        .args(args("2024-06-02"))
        .stdin(sanitized())
        .assert_code(2);
    let err = stderr(&again);
    assert!(
        err.contains("the permalink /futureproof/teaching-a-static-site-to-explain-itself/ is "),
        "{err}"
    );
    assert!(
        err.contains("2024-06-01-teaching-a-static-site-to-explain-itself.md's already"),
        "{err}"
    );
    assert_eq!(posts(dir.path()).len(), 1, "nothing written");
    let mut forced = args("2024-06-02");
    forced.insert(0, "--force");
    let out = articleizer()
        .args(&forced)
        .stdin(sanitized())
        .assert_success();
    assert!(stderr(&out).contains("warning: the permalink"));
    assert_eq!(posts(dir.path()).len(), 2);
}

#[test]
fn a_draft_goes_to_drafts_without_a_date_and_is_published_later() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = site(dir.path());
    let opened = dir.path().join("opened.txt");
    let visual = format!("sh -c 'echo \"$0\" > {}'", opened.display());
    let out = articleizer()
        .args([
            "--config", &config, "--target", "site", "--draft", "--open", "-",
        ])
        .stdin(sanitized())
        .envs(&[("VISUAL", visual.as_str())])
        .assert_success();
    let draft = dir
        .path()
        .join("_drafts/teaching-a-static-site-to-explain-itself.md");
    assert_eq!(stdout(&out).trim(), draft.display().to_string());
    assert!(draft.is_file());
    assert!(posts(dir.path()).is_empty(), "nothing in _posts yet");
    assert_eq!(
        fs::read_to_string(&opened).expect("the editor ran").trim(),
        draft.display().to_string()
    );
    assert!(fs::read_to_string(&draft)
        .expect("draft")
        .contains("\npublished: false # an offline draft"));

    let published = articleizer()
        .args([
            "publish",
            draft.to_str().expect("utf-8"),
            "--config",
            &config,
            "--target",
            "site",
            "--date",
            "2024-06-03",
        ])
        .assert_success();
    let post = dir
        .path()
        .join("_posts/2024-06-03-teaching-a-static-site-to-explain-itself.md");
    assert_eq!(stdout(&published).trim(), post.display().to_string());
    assert!(!draft.exists(), "the draft moved");
    let text = fs::read_to_string(&post).expect("post");
    assert!(
        text.contains("\npublished: true\n") && text.contains("\nsort_order: 1\n"),
        "{text}"
    );
}

/// An answer carrying escape sequences in its subheadings, snippets and
/// front matter: `preview`, `--dry-run` and `instructions` show them as
/// text, never as sequences a terminal runs.
#[test]
fn an_answer_s_escape_sequences_never_reach_the_terminal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = site(dir.path());
    let article = dir.path().join("article.md");
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/golden/article.md"),
        &article,
    )
    .expect("copy");
    let mut value: serde_json::Value =
        serde_json::from_str(include_str!("../../../examples/golden/instructions.json"))
            .expect("json");
    let hostile = "x\u{1b}]52;c;aGk=\u{7}\u{9b}2J\u{202e}y";
    value["editing_instructions"]["yaml_updates"]["title"] = serde_json::json!(hostile);
    value["editing_instructions"]["insert_subheadings"][0]["subheading"] =
        serde_json::json!(format!("## {hostile}"));
    value["editing_instructions"]["insert_subheadings"][1]["after_text_snippet"] =
        serde_json::json!(hostile);
    let instructions = dir.path().join("hostile.json");
    fs::write(&instructions, value.to_string()).expect("write");
    let common = [
        "--config",
        &config,
        "--target",
        "site",
        "--date",
        "2026-01-15",
        "--instructions",
        instructions.to_str().expect("utf-8"),
        article.to_str().expect("utf-8"),
    ];
    let replay = [
        "--config",
        &config,
        "--instructions",
        instructions.to_str().expect("utf-8"),
        article.to_str().expect("utf-8"),
    ];
    for command in [&["preview"][..], &["--dry-run"][..], &["instructions"][..]] {
        let rest = if command == ["instructions"] {
            &replay[..]
        } else {
            &common[..]
        };
        let args: Vec<&str> = command.iter().chain(rest.iter()).copied().collect();
        let out = articleizer().args(&args).output();
        assert!(out.status.success(), "{command:?}: {}", stderr(&out));
        for text in [stdout(&out), stderr(&out)] {
            assert!(
                !text.chars().any(utils::terminal::is_unsafe),
                "{command:?} shows a raw escape: {text:?}"
            );
        }
    }
}
