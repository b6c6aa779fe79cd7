//! Retries, quotas and structured output as the providers' official
//! references and SDKs define them (issue 30). The loopback answers are
//! shaped after those sources, which each test names, not after the
//! clients' own understanding.

use super::*;

/// The official SDKs (openai-python and anthropic-sdk-python,
/// `src/*/_base_client.py`, `_should_retry`) retry 408 Request Timeout,
/// 409 Conflict, 429 and every status from 500 up, after the wait the
/// server asks in `retry-after-ms` (else `retry-after`); the
/// `x-should-retry` header overrides the status either way.
#[tokio::test]
async fn statuses_the_official_sdks_retry_are_retried_here_too() {
    for (status, provider) in [
        (408, "openai"),
        (409, "anthropic"),
        (520, "gemini"),
        (408, "anthropic"),
    ] {
        let server = MockProvider::new()
            .answer(
                ResponseTemplate::new(status)
                    .insert_header("retry-after-ms", "5")
                    .set_body_json(json!({ "error": { "message": "try again" } })),
            )
            .once()
            .start()
            .await;
        mount_ok(&server, provider).await;
        let done = provider_for(provider, &server)
            .complete(&request(), &quick())
            .await
            .unwrap_or_else(|e| panic!("{provider} {status}: {e}"));
        assert_eq!(done.attempts, 2, "{provider} {status}");
    }
}

/// `x-should-retry: false` stops a retryable status at once, and
/// `x-should-retry: true` retries one that is not (same SDK source).
#[tokio::test]
async fn the_server_s_x_should_retry_is_its_word() {
    let server = MockProvider::new()
        .answer(
            ResponseTemplate::new(503)
                .insert_header("x-should-retry", "false")
                .set_body_json(json!({ "error": { "message": "not this one" } })),
        )
        .expect(1)
        .start()
        .await;
    let error = openai(&server)
        .complete(&request(), &quick())
        .await
        .expect_err("no retry");
    assert!(
        error.to_string().contains("x-should-retry: false"),
        "{error}"
    );

    let server = MockProvider::new().answer(ResponseTemplate::new(400)
                .insert_header("x-should-retry", "true")
                .set_body_json(json!({ "type": "error", "error": { "type": "invalid_request_error", "message": "transient" } }))).once().start().await;
    mount_ok(&server, "anthropic").await;
    let done = anthropic(&server)
        .complete(&request(), &quick())
        .await
        .expect("retried");
    assert_eq!(done.attempts, 2);
}

/// Gemini's rate limits (https://ai.google.dev/gemini-api/docs/rate-limits)
/// are per minute (RPM, TPM) and per day (RPD); a 429 is a
/// `google.rpc.Status` whose details hold a `QuotaFailure` listing every
/// violated quota and a `RetryInfo` with the `retryDelay`
/// (https://cloud.google.com/apis/design/errors#error_details). One that
/// lists a per-minute and a per-day quota with a short `retryDelay` is a
/// wait, not the day's quota spent; a per-day quota alone still is.
#[tokio::test]
async fn a_gemini_minute_limit_beside_a_day_limit_is_a_wait() {
    let both = json!({ "error": { "code": 429, "message": "You exceeded your current quota", "status": "RESOURCE_EXHAUSTED", "details": [
        { "@type": "type.googleapis.com/google.rpc.QuotaFailure", "violations": [
            { "quotaMetric": "generativelanguage.googleapis.com/generate_content_free_tier_requests", "quotaId": "GenerateRequestsPerMinutePerProjectPerModel-FreeTier", "quotaValue": "10" },
            { "quotaMetric": "generativelanguage.googleapis.com/generate_content_free_tier_requests", "quotaId": "GenerateRequestsPerDayPerProjectPerModel-FreeTier", "quotaValue": "250" } ] },
        { "@type": "type.googleapis.com/google.rpc.Help", "links": [{ "description": "Learn more about Gemini API quotas", "url": "https://ai.google.dev/gemini-api/docs/rate-limits" }] },
        { "@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "0.01s" } ] } });
    let server = MockProvider::new()
        .answer(ResponseTemplate::new(429).set_body_json(both))
        .once()
        .start()
        .await;
    mount_ok(&server, "gemini").await;
    let done = gemini(&server)
        .complete(&request(), &quick())
        .await
        .expect("a wait, then the answer");
    assert_eq!(done.attempts, 2);

    // No RetryInfo: the day's quota, final (exit 75).
    let day_only = json!({ "error": { "code": 429, "message": "You exceeded your current quota", "status": "RESOURCE_EXHAUSTED", "details": [
        { "@type": "type.googleapis.com/google.rpc.QuotaFailure", "violations": [
            { "quotaId": "GenerateRequestsPerMinutePerProjectPerModel-FreeTier" },
            { "quotaId": "GenerateRequestsPerDayPerProjectPerModel-FreeTier" } ] } ] } });
    let server = MockProvider::new()
        .answer(ResponseTemplate::new(429).set_body_json(day_only))
        .expect(1)
        .start()
        .await;
    let error = gemini(&server)
        .complete(&request(), &quick())
        .await
        .expect_err("the day's quota");
    assert_eq!(error.exit_code(), 75, "{error}");
}

/// OpenAI's structured outputs
/// (https://platform.openai.com/docs/guides/structured-outputs, "Supported
/// schemas"): a schema outside the supported subset is refused with a 400
/// "Invalid schema for response_format ..."; that is the schema's fault
/// and is reported, never answered by dropping strict mode. A server that
/// has no `json_schema` response format at all (an OpenAI-compatible one)
/// gets JSON mode instead, and the run says so.
#[tokio::test]
async fn openai_strict_mode_is_dropped_only_where_the_server_has_none() {
    let invalid = json!({ "error": { "message": "Invalid schema for response_format 'editing_instructions': In context=(), 'additionalProperties' is required to be supplied and to be false.", "type": "invalid_request_error", "param": "response_format", "code": null } });
    let server = MockProvider::new()
        .answer(ResponseTemplate::new(400).set_body_json(invalid))
        .expect(1)
        .start()
        .await;
    let error = openai(&server)
        .complete(&request(), &quick())
        .await
        .expect_err("the schema's fault, reported");
    assert!(error.to_string().contains("Invalid schema"), "{error}");

    let server = MockProvider::new().start().await;
    let unsupported = json!({ "error": { "message": "response_format of type json_schema is not supported by this server", "type": "invalid_request_error" } });
    Mock::given(method("POST"))
        .and(wiremock::matchers::body_partial_json(
            json!({ "response_format": { "type": "json_schema" } }),
        ))
        .respond_with(ResponseTemplate::new(400).set_body_json(unsupported))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(wiremock::matchers::body_partial_json(
            json!({ "response_format": { "type": "json_object" } }),
        ))
        .respond_with(openai_ok(ANSWER, "stop"))
        .expect(1)
        .mount(&server)
        .await;
    openai(&server)
        .complete(&request(), &quick())
        .await
        .expect("JSON mode answered");
}

/// The provider `name` at `server`.
fn provider_for(name: &str, server: &MockServer) -> Provider {
    match name {
        "gemini" => gemini(server),
        "openai" => openai(server),
        _ => anthropic(server),
    }
}

/// The answer each provider gives once it is willing.
async fn mount_ok(server: &MockServer, provider: &str) {
    let ok = match provider {
        "gemini" => gemini_ok(ANSWER, "STOP"),
        "openai" => openai_ok(ANSWER, "stop"),
        _ => anthropic_ok(json!({ "editing_instructions": {} }), "tool_use"),
    };
    MockProvider::new().answer(ok).mount(server).await;
}
