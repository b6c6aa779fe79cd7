//! Every provider against a loopback mock server (wiremock): the exact
//! request, good and bad answers, retries, quotas, refused keys, cut-off
//! answers. No test reaches the network.

use articleizer::instructions::{parse_response, schema};
use articleizer::providers::anthropic::Anthropic;
use articleizer::providers::gemini::Gemini;
use articleizer::providers::openai::OpenAi;
use articleizer::providers::{Provider, ProviderError, Request, RetryPolicy};
use e2e::MockProvider;
use serde_json::{json, Value};
use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod batch;
mod each;
mod every;
mod spec;

const KEY: &str = "test-key-7f3a9c1e5b";
const ANSWER: &str = r#"{"editing_instructions": {"note": "a stand-in answer"}}"#;

fn request() -> Request {
    Request {
        prompt: "Edit this article.".into(),
        schema: schema(),
    }
}

fn quick() -> RetryPolicy {
    RetryPolicy {
        attempts: 3,
        base_delay: Duration::from_millis(5),
        max_wait: Duration::from_millis(500),
        timeout: Duration::from_secs(5),
        verbose: false,
    }
}

/// [`quick`] for a test under paused time (`start_paused`, with
/// [`step_the_clock`]): the same, with an attempt's timeout far beyond
/// any virtual time a loopback exchange can take, so only the waits the
/// test is about ever end on the clock.
fn paced() -> RetryPolicy {
    RetryPolicy {
        timeout: Duration::from_secs(3600),
        ..quick()
    }
}

/// For a test under paused time: makes tokio's clock step by a
/// millisecond whenever the runtime idles, instead of jumping to the next
/// timer. The loopback server runs on a thread of its own, in real time;
/// while a request to it is in flight the next timer is the request's
/// timeout, which a jump would fire before the answer arrives. Stepped,
/// a wait the code under test makes (a backoff, a Retry-After) passes in
/// microseconds, and the virtual clock never shows less than the code
/// waited. It runs until the test's runtime ends.
fn step_the_clock() {
    tokio::spawn(async {
        loop {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    });
}

fn gemini(server: &MockServer) -> Provider {
    Provider::Gemini(Gemini::new(&server.uri(), "gemini-test", KEY))
}

fn openai(server: &MockServer) -> Provider {
    Provider::OpenAi(OpenAi::new(&server.uri(), "gpt-test", Some(KEY)))
}

fn anthropic(server: &MockServer) -> Provider {
    Provider::Anthropic(Anthropic::new(&server.uri(), "claude-test", KEY))
}

fn gemini_ok(text: &str, finish: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "candidates": [{ "content": { "parts": [{ "text": "thinking...", "thought": true }, { "text": text }] }, "finishReason": finish }],
        "usageMetadata": { "promptTokenCount": 120, "candidatesTokenCount": 80 },
        "modelVersion": "gemini-test-001"
    }))
}

fn openai_ok(text: &str, finish: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "model": "gpt-test-2025", "choices": [{ "message": { "role": "assistant", "content": text }, "finish_reason": finish }],
        "usage": { "prompt_tokens": 100, "completion_tokens": 50 }
    }))
}

fn anthropic_ok(input: Value, stop: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "model": "claude-test-1", "stop_reason": stop,
        "content": [{ "type": "tool_use", "name": "editing_instructions", "input": input }],
        "usage": { "input_tokens": 90, "output_tokens": 40 }
    }))
}

async fn body_of_first_request(server: &MockServer) -> Value {
    let requests = server.received_requests().await.expect("recording is on");
    serde_json::from_slice(&requests[0].body).expect("JSON body")
}

fn assert_no_key(error: &ProviderError) {
    assert!(!error.to_string().contains(KEY), "the key leaked: {error}");
    assert!(
        !format!("{error:?}").contains(KEY),
        "the key leaked in Debug"
    );
}
