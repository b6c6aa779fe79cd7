//! End-to-end tests of the `articleizer` binary, as far as it is built:
//! instructions from the offline editor or a saved file, and the prompt.

use e2e::{run, stderr, stdout};
use std::fs;

const EXAMPLE: &str = include_str!("../../examples/transcript.md");

#[test]
fn offline_instructions_for_the_example_are_valid_json() {
    let out = run("articleizer", &["instructions"], EXAMPLE.as_bytes(), None);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stderr(&out).trim(),
        "articleizer: using the offline editor (no API key or server configured)"
    );
    let value: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("stdout is JSON");
    assert_eq!(
        value["editing_instructions"]["yaml_updates"]["title"],
        "Teaching a Static Site to Explain Itself"
    );
    let subheadings = value["editing_instructions"]["insert_subheadings"]
        .as_array()
        .expect("array");
    assert!((4..=7).contains(&subheadings.len()));
}

#[test]
fn a_saved_instructions_file_is_replayed_and_checked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let made = run("articleizer", &["instructions"], EXAMPLE.as_bytes(), None);
    fs::write(dir.path().join("good.json"), &made.stdout).expect("write");
    let replay = run(
        "articleizer",
        &["instructions", "--instructions", "good.json"],
        EXAMPLE.as_bytes(),
        Some(dir.path()),
    );
    assert!(replay.status.success(), "{}", stderr(&replay));
    assert_eq!(replay.stdout, made.stdout);
    assert!(stderr(&replay).is_empty(), "no provider was used");

    let mut value: serde_json::Value = serde_json::from_slice(&made.stdout).expect("json");
    value["editing_instructions"]["insert_subheadings"][0]["after_text_snippet"] =
        "not anywhere in it".into();
    fs::write(dir.path().join("bad.json"), value.to_string()).expect("write");
    let bad = run(
        "articleizer",
        &["instructions", "--instructions", "bad.json"],
        EXAMPLE.as_bytes(),
        Some(dir.path()),
    );
    assert_eq!(bad.status.code(), Some(1));
    assert_eq!(
        stderr(&bad).trim(),
        "articleizer: the instructions have 1 problem: editing_instructions.insert_subheadings[0].after_text_snippet is not in the article"
    );

    fs::write(
        dir.path().join("broken.json"),
        "{\"editing_instructions\": {",
    )
    .expect("write");
    let broken = run(
        "articleizer",
        &["instructions", "--instructions", "broken.json"],
        EXAMPLE.as_bytes(),
        Some(dir.path()),
    );
    assert_eq!(broken.status.code(), Some(2));
    assert!(
        stderr(&broken).starts_with("articleizer: broken.json: no JSON object in the response"),
        "{}",
        stderr(&broken)
    );
    assert_eq!(stderr(&broken).lines().count(), 1);
}

#[test]
fn prompt_holds_the_article() {
    let out = run(
        "articleizer",
        &["prompt", "--base-url", "https://mikelev.in/"],
        EXAMPLE.as_bytes(),
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let prompt = stdout(&out);
    assert!(prompt.contains(EXAMPLE));
    assert!(prompt.contains("https://mikelev.in/<permalink>"));
}

#[test]
fn errors_are_one_line_with_a_non_zero_exit() {
    let empty = run("articleizer", &["instructions"], b"  \n", None);
    assert_eq!(empty.status.code(), Some(2));
    assert_eq!(stderr(&empty).trim(), "articleizer: the article is empty");
    let short = run(
        "articleizer",
        &["instructions"],
        b"Title\n\nOne line.\n",
        None,
    );
    assert_eq!(short.status.code(), Some(2));
    assert!(
        stderr(&short).contains("too short for the offline editor"),
        "{}",
        stderr(&short)
    );
    let bare = run("articleizer", &[], b"", None);
    assert_eq!(bare.status.code(), Some(2));
    assert!(stderr(&bare).starts_with("articleizer: rendering posts is not built yet"));
}

#[test]
fn help_lists_the_commands() {
    let help = stdout(&run("articleizer", &["--help"], b"", None));
    assert!(help.contains("instructions") && help.contains("prompt"));
    let prompt_help = stdout(&run("articleizer", &["prompt", "--help"], b"", None));
    assert!(prompt_help.contains("--template") && prompt_help.contains("--base-url"));
}
