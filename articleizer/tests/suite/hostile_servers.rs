//! Servers as an attacker would run them (loopback mocks, no network): a
//! redirect to another host must not carry the key or the article there,
//! and a key quoted back in any encoding must not survive into the answer.

use articleizer::instructions::schema;
use articleizer::providers::anthropic::Anthropic;
use articleizer::providers::gemini::Gemini;
use articleizer::providers::openai::OpenAi;
use articleizer::providers::{Provider, ProviderError, Request, RetryPolicy};
use e2e::MockProvider;
use serde_json::json;
use std::time::Duration;
use wiremock::matchers::any;
use wiremock::{Mock, ResponseTemplate};

const KEY: &str = "hostile-test-key-4d2c8e6a1b";
const ARTICLE: &str = "A private draft about the migration.";

fn request() -> Request {
    Request {
        prompt: format!("Edit this article.\n\n{ARTICLE}"),
        schema: schema(),
    }
}

fn quick() -> RetryPolicy {
    RetryPolicy {
        attempts: 2,
        base_delay: Duration::from_millis(5),
        max_wait: Duration::from_millis(50),
        timeout: Duration::from_secs(5),
        verbose: false,
    }
}

fn provider(name: &str, base_url: &str) -> Provider {
    match name {
        "gemini" => Provider::Gemini(Gemini::new(base_url, "gemini-test", KEY)),
        "openai" => Provider::OpenAi(OpenAi::new(base_url, "gpt-test", Some(KEY))),
        _ => Provider::Anthropic(Anthropic::new(base_url, "claude-test", KEY)),
    }
}

/// A success answer carrying `text` in each provider's envelope.
fn answer(name: &str, text: &str) -> ResponseTemplate {
    let body = match name {
        "gemini" => {
            json!({ "candidates": [{ "content": { "parts": [{ "text": text }] }, "finishReason": "STOP" }] })
        }
        "openai" => {
            json!({ "model": "gpt-test", "choices": [{ "message": { "content": text }, "finish_reason": "stop" }] })
        }
        _ => {
            json!({ "model": "claude-test", "stop_reason": "end_turn", "content": [{ "type": "text", "text": text }] })
        }
    };
    ResponseTemplate::new(200).set_body_json(body)
}

const PROVIDERS: [&str; 3] = ["gemini", "openai", "anthropic"];

#[tokio::test]
async fn a_redirect_to_another_origin_is_not_followed() {
    for name in PROVIDERS {
        for status in [301, 302, 303, 307, 308] {
            let elsewhere = MockProvider::new().start().await;
            Mock::given(any())
                .respond_with(answer(name, "{}"))
                .mount(&elsewhere)
                .await;
            let first = MockProvider::new().start().await;
            let target = format!("{}/stolen?key={KEY}", elsewhere.uri());
            Mock::given(any())
                .respond_with(
                    ResponseTemplate::new(status).insert_header("location", target.as_str()),
                )
                .mount(&first)
                .await;
            let result = provider(name, &first.uri())
                .complete(&request(), &quick())
                .await;
            let error = result.expect_err("a redirect elsewhere is an error");
            assert!(
                matches!(error, ProviderError::Redirected { status: s, .. } if s == status),
                "{name} {status}: {error}"
            );
            let message = error.to_string();
            assert!(message.contains(&elsewhere.uri()), "{message}");
            assert!(!message.contains(KEY), "{message}");
            assert_eq!(error.exit_code(), 64);
            let seen = elsewhere.received_requests().await.expect("recording");
            assert!(
                seen.is_empty(),
                "{name} {status}: the other host received {} request(s)",
                seen.len()
            );
            // Not retried either: one request reached the first server.
            let asked = first.received_requests().await.expect("recording");
            assert_eq!(asked.len(), 1, "{name} {status}");
        }
    }
}

#[tokio::test]
async fn a_redirect_within_the_origin_is_followed() {
    for name in PROVIDERS {
        let server = MockProvider::new().start().await;
        Mock::given(wiremock::matchers::path_regex("^/moved/"))
            .respond_with(answer(name, r#"{"ok": true}"#))
            .mount(&server)
            .await;
        Mock::given(wiremock::matchers::path_regex("^/api/"))
            .respond_with(
                ResponseTemplate::new(307)
                    .insert_header("location", format!("{}/moved/x", server.uri()).as_str()),
            )
            .mount(&server)
            .await;
        let completion = provider(name, &format!("{}/api", server.uri()))
            .complete(&request(), &quick())
            .await
            .expect("a same-origin redirect is followed");
        assert!(
            completion.text.contains("\"ok\""),
            "{name}: {}",
            completion.text
        );
    }
}

#[tokio::test]
async fn a_key_quoted_back_in_any_encoding_is_removed_from_the_answer() {
    // `\u0073...` in the JSON answer (decoded by JSON), and `\\u0073...`
    // (a string that still holds escapes once decoded).
    let escaped_once: String = KEY
        .chars()
        .map(|c| format!("\\u{:04x}", c as u32))
        .collect();
    let escaped: String = KEY
        .chars()
        .map(|c| format!("\\\\u{:04x}", c as u32))
        .collect();
    let percent: String = KEY.bytes().map(|b| format!("%{b:02X}")).collect();
    let hex: String = KEY.bytes().map(|b| format!("{b:02x}")).collect();
    let base64 = "aG9zdGlsZS10ZXN0LWtleS00ZDJjOGU2YTFi"; // base64 of KEY
    let forms = [
        format!("plain {KEY}"),
        format!("escaped {escaped_once}"),
        format!("escaped twice {escaped}"),
        format!("percent {percent}"),
        format!("hex {hex}"),
        format!("base64 {base64}"),
    ];
    for name in PROVIDERS {
        for form in &forms {
            let server = MockProvider::new().start().await;
            // The answer is JSON whose string holds the key in one form.
            let text = format!(r#"{{"intro": "{form}"}}"#);
            Mock::given(any())
                .respond_with(answer(name, &text))
                .mount(&server)
                .await;
            let completion = provider(name, &server.uri())
                .complete(&request(), &quick())
                .await
                .expect("answers");
            let value: serde_json::Value =
                serde_json::from_str(&completion.text).expect("still JSON");
            let intro = value["intro"].as_str().expect("intro");
            assert!(!intro.contains(KEY), "{name}: {form} -> {intro}");
            assert!(intro.contains("[KEY]"), "{name}: {form} -> {intro}");
        }
    }
}
