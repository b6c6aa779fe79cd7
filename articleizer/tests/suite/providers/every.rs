//! The same situations for every provider.

use super::*;

// ---- The same situations for every provider ----

/// A provider's success answer carrying `text` (for Anthropic, as text
/// output, the form structured output and fenced answers take).
fn ok_with_text(name: &str, text: &str) -> ResponseTemplate {
    match name {
        "gemini" => gemini_ok(text, "STOP"),
        "openai" => openai_ok(text, "stop"),
        _ => ResponseTemplate::new(200).set_body_json(json!({ "model": "claude-test-1", "stop_reason": "end_turn", "content": [{ "type": "text", "text": text }] })),
    }
}

async fn each_provider() -> Vec<(&'static str, MockServer)> {
    let mut out = Vec::new();
    for name in ["gemini", "openai", "anthropic"] {
        out.push((name, MockProvider::new().start().await));
    }
    out
}

fn provider_for(name: &str, server: &MockServer) -> Provider {
    match name {
        "gemini" => gemini(server),
        "openai" => openai(server),
        _ => anthropic(server),
    }
}

#[tokio::test]
async fn every_provider_fenced_then_malformed() {
    for (name, server) in each_provider().await {
        MockProvider::new()
            .answer(ok_with_text(
                name,
                &format!("Here:\n```json\n{ANSWER}\n```"),
            ))
            .once()
            .answer(ResponseTemplate::new(200).set_body_string("{\"truncated"))
            .mount(&server)
            .await;
        let provider = provider_for(name, &server);
        let fenced = provider
            .complete(&request(), &quick())
            .await
            .expect("answer");
        assert!(
            parse_response(&fenced.text).is_ok(),
            "{name}: fenced JSON parses"
        );
        let malformed = provider
            .complete(&request(), &quick())
            .await
            .expect_err("malformed");
        assert!(
            matches!(malformed, ProviderError::BadResponse { .. }),
            "{name}: {malformed}"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn every_provider_retries_429_with_retry_after() {
    step_the_clock();
    for (name, server) in each_provider().await {
        MockProvider::new()
            .answer(
                ResponseTemplate::new(429)
                    .insert_header("retry-after", "0.2")
                    .set_body_json(json!({ "error": { "message": "slow down" } })),
            )
            .once()
            .answer(ok_with_text(name, ANSWER))
            .mount(&server)
            .await;
        let start = tokio::time::Instant::now();
        let done = provider_for(name, &server)
            .complete(&request(), &paced())
            .await
            .expect("answer");
        assert_eq!(done.attempts, 2, "{name}");
        assert!(
            start.elapsed() >= Duration::from_millis(200),
            "{name}: honored Retry-After"
        );
    }
}

#[tokio::test]
async fn every_provider_gives_up_on_repeated_503_and_stops_on_401() {
    for (name, server) in each_provider().await {
        MockProvider::new()
            .answer(
                ResponseTemplate::new(503)
                    .set_body_json(json!({ "error": { "message": "unavailable" } })),
            )
            .times(3)
            .answer(
                ResponseTemplate::new(401)
                    .set_body_json(json!({ "error": { "message": "bad key" } })),
            )
            .mount(&server)
            .await;
        let provider = provider_for(name, &server);
        let gave_up = provider
            .complete(&request(), &quick())
            .await
            .expect_err("unavailable");
        assert_eq!(gave_up.exit_code(), 69, "{name}: {gave_up}");
        let refused = provider
            .complete(&request(), &quick())
            .await
            .expect_err("refused");
        assert_eq!(refused.exit_code(), 77, "{name}: {refused}");
        assert_eq!(
            server.received_requests().await.expect("recorded").len(),
            4,
            "{name}: 3 attempts, then one for the 401 (not retried)"
        );
    }
}

#[tokio::test]
async fn every_provider_stops_on_a_spent_quota() {
    let gemini_daily = json!({ "error": { "code": 429, "message": "Quota exceeded", "details": [
        { "@type": "type.googleapis.com/google.rpc.QuotaFailure", "violations": [{ "quotaId": "GenerateRequestsPerDayPerProjectPerModel" }] } ] } });
    let cases = [
        ("gemini", 429, gemini_daily),
        (
            "openai",
            429,
            json!({ "error": { "message": "You exceeded your current quota", "code": "insufficient_quota" } }),
        ),
        (
            "anthropic",
            400,
            json!({ "type": "error", "error": { "type": "invalid_request_error", "message": "Your credit balance is too low to access the Anthropic API." } }),
        ),
    ];
    for (name, status, body) in cases {
        let server = MockProvider::new()
            .answer(ResponseTemplate::new(status).set_body_json(body))
            .expect(1)
            .start()
            .await;
        let error = provider_for(name, &server)
            .complete(&request(), &quick())
            .await
            .expect_err("quota");
        assert_eq!(error.exit_code(), 75, "{name}: {error}");
    }
}

#[test]
fn debug_output_never_shows_a_key() {
    for provider in [
        Provider::Gemini(Gemini::new("http://127.0.0.1:9", "m", KEY)),
        Provider::OpenAi(OpenAi::new("http://127.0.0.1:9", "m", Some(KEY))),
        Provider::Anthropic(Anthropic::new("http://127.0.0.1:9", "m", KEY)),
    ] {
        let shown = format!("{provider:?}");
        assert!(
            !shown.contains(KEY) && shown.contains("<hidden>"),
            "{shown}"
        );
    }
}
