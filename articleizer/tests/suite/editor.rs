//! Getting instructions end to end against a loopback mock: the cache, the
//! re-ask with problems, unreadable answers saved, keys kept out of files.

use articleizer::cache::Cache;
use articleizer::editor::{Editor, EditorError, Source};
use articleizer::instructions::Rules;
use articleizer::prompt::{PromptSettings, DEFAULT_TEMPLATE};
use articleizer::providers::gemini::Gemini;
use articleizer::providers::{Provider, RetryPolicy};
use e2e::MockProvider;
use serde_json::{json, Value};
use std::time::Duration;
use wiremock::{MockServer, ResponseTemplate};

const KEY: &str = "test-key-editor-93c1d";

/// The example transcript, sanitized as the pipe hands it on.
pub(crate) fn article() -> String {
    let raw = include_str!("../../../examples/transcript.md");
    sanitizer::Sanitizer::new(&sanitizer::Options::default())
        .expect("defaults")
        .sanitize(raw)
        .text
}

/// A valid answer for the article, as a careful model would give it.
fn valid_answer() -> String {
    include_str!("../../../examples/transcript-instructions.json").to_string()
}

use e2e::gemini_answer as answer;

fn editor(server: &MockServer, cache: &std::path::Path) -> Editor {
    gemini_editor(server, cache, KEY, 2)
}

/// An editor that asks the mock `server` as Gemini with `key`, trying
/// each call `attempts` times with short waits, and caches in `cache`.
pub(crate) fn gemini_editor(
    server: &MockServer,
    cache: &std::path::Path,
    key: &str,
    attempts: u32,
) -> Editor {
    Editor {
        provider: Some(Provider::Gemini(Gemini::new(
            &server.uri(),
            "gemini-test",
            key,
        ))),
        cache: Some(Cache::new(cache)),
        policy: RetryPolicy {
            attempts,
            base_delay: Duration::from_millis(5),
            max_wait: Duration::from_millis(50),
            timeout: Duration::from_secs(5),
            verbose: false,
        },
        rules: Rules::default(),
        prompt: PromptSettings::default(),
        template: DEFAULT_TEMPLATE.to_string(),
        fix: true,
        reask_soft: true,
        verbose: false,
        throttle: None,
        cache_only: false,
    }
}

fn files_contain(dir: &std::path::Path, needle: &str) -> bool {
    std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(Result::ok)
        .any(|e| std::fs::read_to_string(e.path()).is_ok_and(|t| t.contains(needle)))
}

#[tokio::test]
async fn a_cache_hit_makes_no_request() {
    let server = MockProvider::new()
        .answer(answer(&valid_answer()))
        .expect(1)
        .start()
        .await;
    let dir = tempfile::tempdir().expect("temp dir");
    let editor = editor(&server, dir.path());
    let (first, source) = editor
        .obtain(&article())
        .await
        .map(|a| (a.instructions, a.source))
        .expect("valid");
    assert_eq!(
        source,
        Source::Provider {
            model: "gemini-mock".into()
        }
    );
    let (second, source) = editor
        .obtain(&article())
        .await
        .map(|a| (a.instructions, a.source))
        .expect("valid");
    assert!(matches!(source, Source::Cache(_)), "{source:?}");
    assert_eq!(first, second);
    let log = std::fs::read_to_string(dir.path().join("calls.jsonl")).expect("call log");
    let records: Vec<Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["outcome"], "answered");
    assert_eq!(records[0]["answered_by"], "gemini-mock");
    assert_eq!(records[1]["outcome"], "cache hit");
    assert!(
        !files_contain(dir.path(), KEY),
        "the key is in no cache or log file"
    );
}

#[tokio::test]
async fn an_invalid_answer_is_asked_again_with_its_problems() {
    let server = MockProvider::new().start().await;
    let mut invalid: Value = serde_json::from_str(&valid_answer()).expect("json");
    invalid["editing_instructions"]["yaml_updates"]["description"] = json!("Too short.");
    MockProvider::new()
        .answer(answer(&invalid.to_string()))
        .once()
        .answer(answer(&valid_answer()))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().expect("temp dir");
    let (instructions, _) = editor(&server, dir.path())
        .obtain(&article())
        .await
        .map(|a| (a.instructions, a.source))
        .expect("fixed on the second answer");
    assert_ne!(
        instructions.editing_instructions.yaml_updates.description,
        "Too short."
    );
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(requests.len(), 2);
    let second: Value = serde_json::from_slice(&requests[1].body).expect("json");
    let prompt = second["contents"][0]["parts"][0]["text"]
        .as_str()
        .expect("prompt");
    assert!(prompt.contains("It has these problems:\n- editing_instructions.yaml_updates.description is 10 characters, want 100-160"), "{prompt}");
}

#[tokio::test]
async fn no_fix_means_no_second_request() {
    let server = MockProvider::new()
        .answer(answer("{\"editing_instructions\": {}}"))
        .expect(1)
        .start()
        .await;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut editor = editor(&server, dir.path());
    editor.fix = false;
    let error = editor
        .obtain(&article())
        .await
        .map(|a| (a.instructions, a.source))
        .expect_err("invalid");
    assert!(matches!(error, EditorError::Invalid { .. }));
    assert_eq!(error.exit_code(), 1);
    assert!(
        error
            .to_string()
            .contains("editing_instructions.yaml_updates is missing"),
        "{error}"
    );
}

#[tokio::test]
async fn a_cached_answer_that_does_not_pass_is_asked_for_again() {
    let server = MockProvider::new()
        .answer(answer("not JSON at all"))
        .once()
        .start()
        .await;
    let dir = tempfile::tempdir().expect("temp dir");
    let editor = editor(&server, dir.path());
    editor
        .obtain(&article())
        .await
        .map(|a| (a.instructions, a.source))
        .expect_err("unreadable");
    MockProvider::new()
        .answer(answer(&valid_answer()))
        .mount(&server)
        .await;
    let (_, source) = editor
        .obtain(&article())
        .await
        .map(|a| (a.instructions, a.source))
        .expect("asked anew");
    assert!(matches!(source, Source::Provider { .. }), "{source:?}");
    // The unreadable answer, its re-ask (unanswered), and the fresh ask:
    // the cached unreadable answer was not replayed.
    assert_eq!(server.received_requests().await.expect("recorded").len(), 3);
    let (_, source) = editor
        .obtain(&article())
        .await
        .map(|a| (a.instructions, a.source))
        .expect("cached now");
    assert!(matches!(source, Source::Cache(_)), "{source:?}");
}

#[tokio::test]
async fn an_unreadable_answer_is_saved_and_reported() {
    let server = MockProvider::new()
        .answer(answer("I'm sorry, I can't produce JSON today."))
        .expect(2)
        .start()
        .await;
    let dir = tempfile::tempdir().expect("temp dir");
    let error = editor(&server, dir.path())
        .obtain(&article())
        .await
        .map(|a| (a.instructions, a.source))
        .expect_err("unreadable");
    let EditorError::Unreadable { saved, .. } = &error else {
        panic!("{error}")
    };
    assert_eq!(
        std::fs::read_to_string(saved).expect("saved"),
        "I'm sorry, I can't produce JSON today."
    );
    assert_eq!(error.exit_code(), 65);
    assert!(
        error
            .to_string()
            .starts_with("the answer is not readable JSON (no JSON object in the response"),
        "{error}"
    );
}

#[tokio::test]
async fn a_key_echoed_in_an_answer_is_kept_out_of_the_cache_and_the_saved_raw_text() {
    // A proxy or a model quoting the request's key back: what is kept of
    // the answer (cache entry, saved raw answer, call log) must not hold it.
    let dir = tempfile::tempdir().expect("temp dir");
    let mut valid: Value = serde_json::from_str(&valid_answer()).expect("json");
    valid["editing_instructions"]["prepend_to_article_body"] = json!(format!(
        "Posted with key {KEY} by mistake. {}",
        valid["editing_instructions"]["prepend_to_article_body"]
            .as_str()
            .unwrap_or_default()
    ));
    for (text, readable) in [
        (
            format!("I cannot answer; your key {KEY} is fine though."),
            false,
        ),
        (valid.to_string(), true),
    ] {
        let server = MockProvider::new().answer(answer(&text)).start().await;
        let result = editor(&server, dir.path())
            .obtain(&article())
            .await
            .map(|a| (a.instructions, a.source));
        match result {
            Ok((instructions, _)) => {
                assert!(readable);
                assert!(!instructions.to_json().contains(KEY));
                assert!(instructions.to_json().contains("Posted with key [KEY]"));
            }
            Err(error) => {
                assert!(!readable, "{error}");
                assert!(!error.to_string().contains(KEY), "{error}");
                let EditorError::Unreadable { saved, .. } = &error else {
                    panic!("{error}")
                };
                let raw = std::fs::read_to_string(saved).expect("saved");
                assert_eq!(raw, "I cannot answer; your key [KEY] is fine though.");
            }
        }
    }
    let files: Vec<_> = std::fs::read_dir(dir.path())
        .expect("cache")
        .filter_map(Result::ok)
        .collect();
    assert!(files.len() >= 3, "an entry, a raw answer and the log");
    assert!(
        !files_contain(dir.path(), KEY),
        "the key is in a cache file"
    );
}

#[tokio::test]
async fn no_provider_means_the_offline_editor() {
    let server = MockProvider::new().start().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut editor = editor(&server, dir.path());
    editor.provider = None;
    let (instructions, source) = editor
        .obtain(&article())
        .await
        .map(|a| (a.instructions, a.source))
        .expect("offline");
    assert_eq!(source, Source::Offline);
    assert!(instructions
        .validate(&article(), &Rules::default())
        .iter()
        .all(|p| p.is_soft()));
    assert!(server
        .received_requests()
        .await
        .expect("recorded")
        .is_empty());
}

/// A success answer carrying `text` in each provider's shape (Anthropic:
/// the forced tool call's input).
fn answer_for(name: &str, text: &str) -> ResponseTemplate {
    match name {
        "gemini" => answer(text),
        "openai" => ResponseTemplate::new(200).set_body_json(json!({ "model": "gpt-mock", "choices": [{ "message": { "content": text }, "finish_reason": "stop" }] })),
        _ => {
            let input: Value = serde_json::from_str(text).expect("json");
            ResponseTemplate::new(200).set_body_json(json!({ "model": "claude-mock", "stop_reason": "tool_use", "content": [{ "type": "tool_use", "name": "editing_instructions", "input": input }] }))
        }
    }
}

/// The prompt text inside a provider's request body.
fn prompt_of(name: &str, body: &Value) -> String {
    let prompt = match name {
        "gemini" => &body["contents"][0]["parts"][0]["text"],
        _ => &body["messages"][0]["content"],
    };
    prompt.as_str().expect("prompt").to_string()
}

#[tokio::test]
async fn every_provider_is_asked_again_after_a_failed_validation() {
    for name in ["gemini", "openai", "anthropic"] {
        let server = MockProvider::new().start().await;
        let mut invalid: Value = serde_json::from_str(&valid_answer()).expect("json");
        invalid["book_analysis_content"]["next_step_prompts"] = json!([]);
        MockProvider::new()
            .answer(answer_for(name, &invalid.to_string()))
            .once()
            .answer(answer_for(name, &valid_answer()))
            .mount(&server)
            .await;
        let dir = tempfile::tempdir().expect("temp dir");
        let mut editor = editor(&server, dir.path());
        editor.provider = Some(match name {
            "gemini" => Provider::Gemini(Gemini::new(&server.uri(), "m", KEY)),
            "openai" => Provider::OpenAi(articleizer::providers::openai::OpenAi::new(
                &server.uri(),
                "m",
                Some(KEY),
            )),
            _ => Provider::Anthropic(articleizer::providers::anthropic::Anthropic::new(
                &server.uri(),
                "m",
                KEY,
            )),
        });
        editor
            .obtain(&article())
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let requests = server.received_requests().await.expect("recorded");
        assert_eq!(requests.len(), 2, "{name}");
        let second: Value = serde_json::from_slice(&requests[1].body).expect("json");
        assert!(
            prompt_of(name, &second)
                .contains("- book_analysis_content.next_step_prompts has 0 items, want 1-2"),
            "{name}"
        );
    }
}
