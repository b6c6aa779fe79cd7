//! End-to-end tests of the `articleizer` binary, as far as it is built:
//! instructions from the offline editor or a saved file, and the prompt.

use e2e::{articleizer, stderr, stdout, MockProvider};
use std::fs;

mod commands;
mod flag_rules;
mod seams;
mod servers;
mod setup;

const EXAMPLE: &str = include_str!("../../../../examples/transcript.md");

#[test]
fn offline_instructions_for_the_example_are_valid_json() {
    let out = articleizer()
        .args(["instructions"])
        .stdin(EXAMPLE.as_bytes())
        .assert_success();
    assert_eq!(
        stderr(&out).trim(),
        "articleizer: editor: the offline editor (no API key or server configured)"
    );
    let value: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("stdout is JSON");
    assert_eq!(
        value["editing_instructions"]["yaml_updates"]["title"],
        "Teaching a Static Site to Explain Itself"
    );
    // A short entry (about 150 words) gets no subheadings: there is no
    // topic shift to mark.
    let subheadings = value["editing_instructions"]["insert_subheadings"]
        .as_array()
        .expect("array");
    assert!(subheadings.is_empty(), "{subheadings:?}");
}

#[test]
fn a_saved_instructions_file_is_replayed_and_checked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let made = include_str!("../../../../examples/transcript-instructions.json");
    fs::write(dir.path().join("good.json"), made).expect("write");
    let replay = articleizer()
        .args(["instructions", "--instructions", "good.json"])
        .stdin(EXAMPLE.as_bytes())
        .current_dir(dir.path())
        .assert_success();
    let replayed: serde_json::Value = serde_json::from_slice(&replay.stdout).expect("json");
    let value: serde_json::Value = serde_json::from_str(made).expect("json");
    assert_eq!(replayed, value);
    assert!(
        stderr(&replay).is_empty(),
        "no provider was used, nothing to warn"
    );

    // A snippet that is not in the article is a soft problem: a warning.
    let mut soft = value.clone();
    soft["editing_instructions"]["insert_subheadings"][0]["after_text_snippet"] =
        "not anywhere in it at all".into();
    fs::write(dir.path().join("soft.json"), soft.to_string()).expect("write");
    let warned = articleizer()
        .args(["instructions", "--instructions", "soft.json"])
        .stdin(EXAMPLE.as_bytes())
        .current_dir(dir.path())
        .assert_code(0);
    assert_eq!(
        stderr(&warned).trim(),
        "articleizer: warning: editing_instructions.insert_subheadings[0].after_text_snippet \"not anywhere in it at all\" is not in the article"
    );
    // An empty title is a hard one.
    let mut bad = value.clone();
    bad["editing_instructions"]["yaml_updates"]["title"] = " ".into();
    fs::write(dir.path().join("bad.json"), bad.to_string()).expect("write");
    let bad = articleizer()
        .args(["instructions", "--instructions", "bad.json"])
        .stdin(EXAMPLE.as_bytes())
        .current_dir(dir.path())
        .assert_code(1);
    assert_eq!(
        stderr(&bad).trim(),
        "articleizer: the instructions have 1 problem: editing_instructions.yaml_updates.title is empty; the answer is in bad.json"
    );

    fs::write(
        dir.path().join("broken.json"),
        "{\"editing_instructions\": {",
    )
    .expect("write");
    let broken = articleizer()
        .args(["instructions", "--instructions", "broken.json"])
        .stdin(EXAMPLE.as_bytes())
        .current_dir(dir.path())
        .assert_code(2);
    assert!(
        stderr(&broken).starts_with("articleizer: no JSON object in broken.json ("),
        "{}",
        stderr(&broken)
    );
    assert_eq!(stderr(&broken).lines().count(), 1);
}

#[test]
fn prompt_holds_the_article() {
    let out = articleizer()
        .args(["prompt", "--site-url", "https://mikelev.in/"])
        .stdin(EXAMPLE.as_bytes())
        .assert_success();
    let prompt = stdout(&out);
    assert!(prompt.contains(EXAMPLE));
    assert!(prompt.contains("post's own URL (https://mikelev.in and the"));
}

#[test]
fn errors_are_one_line_with_a_non_zero_exit() {
    let empty = articleizer()
        .args(["instructions"])
        .stdin(b"  \n")
        .assert_code(2);
    assert_eq!(stderr(&empty).trim(), "articleizer: the article is empty");
    // A two-line note is edited too (no subheadings), not refused.
    articleizer()
        .args(["instructions"])
        .stdin(b"Title\n\nOne line.\n")
        .assert_code(0);
    let bare = articleizer().assert_code(2);
    assert_eq!(stderr(&bare).trim(), "articleizer: the article is empty");
}

#[test]
fn help_lists_the_commands() {
    let help = stdout(&articleizer().args(["--help"]).output());
    assert!(help.contains("instructions") && help.contains("prompt"));
    let prompt_help = stdout(&articleizer().args(["prompt", "--help"]).output());
    assert!(prompt_help.contains("--template") && prompt_help.contains("--site-url"));
    let instructions_help = stdout(&articleizer().args(["instructions", "--help"]).output());
    for flag in [
        "--provider",
        "--model",
        "--base-url",
        "--key",
        "--no-cache",
        "--no-fix",
        "--instructions",
        "GEMINI_API_KEY",
    ] {
        assert!(
            instructions_help.contains(flag),
            "instructions --help lacks {flag}"
        );
    }
}

/// A loopback Gemini answering with `status` and `body`, for the binary.
fn mock_gemini(
    status: u16,
    body: serde_json::Value,
) -> (tokio::runtime::Runtime, wiremock::MockServer) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let server = e2e::mock_server(
        &runtime,
        wiremock::ResponseTemplate::new(status).set_body_json(body),
    );
    (runtime, server)
}

const KEY: &str = "e2e-secret-key-5521";
