//! Each provider's request shape, answers, retries and refusals.

use super::*;

// ---- Gemini ----

#[tokio::test]
async fn gemini_request_shape_and_good_answer() {
    let server = MockProvider::new()
        .answer(gemini_ok(ANSWER, "STOP"))
        .path("/models/gemini-test:generateContent")
        .header("x-goog-api-key", KEY)
        .expect(1)
        .start()
        .await;
    let done = gemini(&server)
        .complete(&request(), &quick())
        .await
        .expect("answer");
    assert_eq!(done.text, ANSWER, "thought parts are skipped");
    assert_eq!(
        (
            done.model.as_str(),
            done.input_tokens,
            done.output_tokens,
            done.attempts
        ),
        ("gemini-test-001", Some(120), Some(80), 1)
    );
    let body = body_of_first_request(&server).await;
    assert_eq!(
        body["contents"][0]["parts"][0]["text"],
        "Edit this article."
    );
    assert_eq!(
        body["generationConfig"]["responseMimeType"],
        "application/json"
    );
    assert_eq!(body["generationConfig"]["responseJsonSchema"], schema());
    assert!(body["generationConfig"].get("responseSchema").is_none());
    let requests = server.received_requests().await.expect("recorded");
    assert!(
        !requests[0].url.as_str().contains(KEY),
        "the key is never in the URL"
    );
}

#[tokio::test]
async fn gemini_fenced_and_malformed_answers() {
    let server = MockProvider::new()
        .answer(gemini_ok(&format!("```json\n{ANSWER}\n```"), "STOP"))
        .once()
        .answer(ResponseTemplate::new(200).set_body_string("<html>oops</html>"))
        .start()
        .await;
    let fenced = gemini(&server)
        .complete(&request(), &quick())
        .await
        .expect("answer");
    assert_eq!(
        parse_response(&fenced.text).expect("fenced JSON parses")["editing_instructions"]["note"],
        "a stand-in answer"
    );
    let malformed = gemini(&server)
        .complete(&request(), &quick())
        .await
        .expect_err("not JSON");
    assert!(
        matches!(malformed, ProviderError::BadResponse { .. }),
        "{malformed}"
    );
}

#[tokio::test(start_paused = true)]
async fn gemini_429_honors_the_body_retry_delay() {
    step_the_clock();
    let rate_limited = json!({ "error": { "code": 429, "message": "Resource has been exhausted", "status": "RESOURCE_EXHAUSTED", "details": [
        { "@type": "type.googleapis.com/google.rpc.QuotaFailure", "violations": [{ "quotaId": "GenerateRequestsPerMinutePerProjectPerModel-FreeTier" }] },
        { "@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "0.3s" } ] } });
    let server = MockProvider::new()
        .answer(ResponseTemplate::new(429).set_body_json(rate_limited))
        .once()
        .answer(gemini_ok(ANSWER, "STOP"))
        .start()
        .await;
    let start = tokio::time::Instant::now();
    let done = gemini(&server)
        .complete(&request(), &paced())
        .await
        .expect("answer after a retry");
    assert_eq!(done.attempts, 2);
    assert!(
        start.elapsed() >= Duration::from_millis(300),
        "waited the retryDelay"
    );
}

#[tokio::test]
async fn gemini_daily_quota_stops_at_once() {
    let daily = json!({ "error": { "code": 429, "message": "Quota exceeded", "status": "RESOURCE_EXHAUSTED", "details": [
        { "@type": "type.googleapis.com/google.rpc.QuotaFailure", "violations": [{ "quotaId": "GenerateRequestsPerDayPerProjectPerModel-FreeTier" }] } ] } });
    let server = MockProvider::new()
        .answer(ResponseTemplate::new(429).set_body_json(daily))
        .expect(1)
        .start()
        .await;
    let error = gemini(&server)
        .complete(&request(), &quick())
        .await
        .expect_err("quota");
    assert!(matches!(error, ProviderError::DailyQuota { .. }));
    assert_eq!(error.exit_code(), 75);
    assert_no_key(&error);
}

#[tokio::test]
async fn gemini_gives_up_on_repeated_503() {
    let server = MockProvider::new()
        .answer(
            ResponseTemplate::new(503)
                .set_body_json(json!({ "error": { "message": "The model is overloaded." } })),
        )
        .expect(3)
        .start()
        .await;
    let error = gemini(&server)
        .complete(&request(), &quick())
        .await
        .expect_err("unavailable");
    assert_eq!(
        error.to_string(),
        "gemini: gave up after 3 attempts; last: HTTP 503: The model is overloaded."
    );
    assert_eq!(error.exit_code(), 69);
}

#[tokio::test]
async fn gemini_401_and_truncation() {
    let server = MockProvider::new()
        .answer(ResponseTemplate::new(401).set_body_json(
            json!({ "error": { "message": "API key not valid. Please pass a valid API key." } }),
        ))
        .once()
        .answer(gemini_ok(
            "{\"editing_instructions\": {\"yaml",
            "MAX_TOKENS",
        ))
        .start()
        .await;
    let refused = gemini(&server)
        .complete(&request(), &quick())
        .await
        .expect_err("refused");
    assert!(matches!(refused, ProviderError::Auth { status: 401, .. }));
    assert!(refused.to_string().contains("check GEMINI_API_KEY"));
    assert_no_key(&refused);
    let cut = gemini(&server)
        .complete(&request(), &quick())
        .await
        .expect_err("cut off");
    assert!(matches!(cut, ProviderError::Truncated { .. }), "{cut}");
}

// ---- OpenAI-compatible ----

#[tokio::test]
async fn openai_request_shape_and_good_answer() {
    let server = MockProvider::new()
        .answer(openai_ok(ANSWER, "stop"))
        .path("/chat/completions")
        .header("authorization", format!("Bearer {KEY}").as_str())
        .expect(1)
        .start()
        .await;
    let done = openai(&server)
        .complete(&request(), &quick())
        .await
        .expect("answer");
    assert_eq!(
        (done.text.as_str(), done.model.as_str(), done.output_tokens),
        (ANSWER, "gpt-test-2025", Some(50))
    );
    let body = body_of_first_request(&server).await;
    assert_eq!(body["model"], "gpt-test");
    assert_eq!(body["response_format"]["type"], "json_schema");
    assert_eq!(
        body["response_format"]["json_schema"]["name"],
        "editing_instructions"
    );
    assert_eq!(body["response_format"]["json_schema"]["strict"], true);
    assert_eq!(
        body["response_format"]["json_schema"]["schema"],
        schema(),
        "nested, where llama.cpp looks"
    );
}

#[tokio::test]
async fn openai_local_server_without_key_and_schema_fallback() {
    let server = MockProvider::new()
        .answer(ResponseTemplate::new(400).set_body_json(
            json!({ "error": { "message": "This response_format type is unavailable now" } }),
        ))
        .once()
        .answer(openai_ok(ANSWER, "stop"))
        .start()
        .await;
    let local = Provider::OpenAi(OpenAi::new(&server.uri(), "deepseek-chat", None));
    let done = local
        .complete(&request(), &quick())
        .await
        .expect("answer in JSON mode");
    assert_eq!(done.text, ANSWER);
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(requests.len(), 2);
    assert!(
        requests[0].headers.get("authorization").is_none(),
        "no key, no header"
    );
    let second: Value = serde_json::from_slice(&requests[1].body).expect("json");
    assert_eq!(second["response_format"], json!({ "type": "json_object" }));
}

#[tokio::test(start_paused = true)]
async fn openai_retry_after_then_success() {
    step_the_clock();
    let server = MockProvider::new().answer(ResponseTemplate::new(429).insert_header("retry-after", "0.25").set_body_json(json!({ "error": { "message": "Rate limit reached", "code": "rate_limit_exceeded" } }))).once().answer(openai_ok(ANSWER, "stop")).start().await;
    let start = tokio::time::Instant::now();
    let done = openai(&server)
        .complete(&request(), &paced())
        .await
        .expect("answer");
    assert_eq!(done.attempts, 2);
    assert!(
        start.elapsed() >= Duration::from_millis(250),
        "honored Retry-After"
    );
}

#[tokio::test]
async fn openai_insufficient_quota_is_not_retried() {
    let server = MockProvider::new().answer(ResponseTemplate::new(429).set_body_json(json!({ "error": { "message": "You exceeded your current quota", "type": "insufficient_quota", "code": "insufficient_quota" } }))).expect(1).start().await;
    let error = openai(&server)
        .complete(&request(), &quick())
        .await
        .expect_err("quota");
    assert_eq!(error.exit_code(), 75);
}

#[tokio::test]
async fn openai_truncated_and_refused() {
    let server = MockProvider::new()
        .answer(openai_ok("{\"edit", "length"))
        .once()
        .answer(ResponseTemplate::new(401).set_body_json(
            json!({ "error": { "message": format!("Incorrect API key provided: {KEY}") } }),
        ))
        .start()
        .await;
    let cut = openai(&server)
        .complete(&request(), &quick())
        .await
        .expect_err("cut off");
    assert!(matches!(cut, ProviderError::Truncated { .. }));
    let refused = openai(&server)
        .complete(&request(), &quick())
        .await
        .expect_err("refused");
    assert_eq!(refused.exit_code(), 77);
    assert_eq!(refused.to_string(), "openai: the API refused the key (HTTP 401: Incorrect API key provided: [KEY]); check OPENAI_API_KEY (or --key)");
    assert_no_key(&refused);
}

// ---- Anthropic ----

#[tokio::test]
async fn anthropic_request_shape_and_tool_answer() {
    let server = MockProvider::new()
        .answer(anthropic_ok(
            json!({ "editing_instructions": { "note": "tool input" } }),
            "tool_use",
        ))
        .path("/messages")
        .header("x-api-key", KEY)
        .header("anthropic-version", "2023-06-01")
        .expect(1)
        .start()
        .await;
    let done = anthropic(&server)
        .complete(&request(), &quick())
        .await
        .expect("answer");
    assert_eq!(
        serde_json::from_str::<Value>(&done.text).expect("json")["editing_instructions"]["note"],
        "tool input"
    );
    let body = body_of_first_request(&server).await;
    assert_eq!(
        body["tool_choice"],
        json!({ "type": "tool", "name": "editing_instructions" })
    );
    assert_eq!(body["tools"][0]["input_schema"], schema());
    assert!(body["max_tokens"].as_u64().is_some());
}

#[tokio::test]
async fn anthropic_structured_output_mode_and_overload_retry() {
    let server = MockProvider::new().answer(ResponseTemplate::new(529).set_body_json(json!({ "type": "error", "error": { "type": "overloaded_error", "message": "Overloaded" } }))).once().answer(ResponseTemplate::new(200).set_body_json(json!({ "model": "claude-test-1", "stop_reason": "end_turn", "content": [{ "type": "text", "text": ANSWER }] }))).start().await;
    let mut client = Anthropic::new(&server.uri(), "claude-test", KEY);
    client.structured_output = true;
    let done = Provider::Anthropic(client)
        .complete(&request(), &quick())
        .await
        .expect("answer");
    assert_eq!((done.text.as_str(), done.attempts), (ANSWER, 2));
    let body = body_of_first_request(&server).await;
    assert_eq!(body["output_config"]["format"]["type"], "json_schema");
    assert!(body.get("tools").is_none());
}

#[tokio::test]
async fn anthropic_truncated_and_refused() {
    let server = MockProvider::new().answer(anthropic_ok(json!({}), "max_tokens")).once().answer(ResponseTemplate::new(401).set_body_json(json!({ "type": "error", "error": { "type": "authentication_error", "message": "invalid x-api-key" } }))).start().await;
    let cut = anthropic(&server)
        .complete(&request(), &quick())
        .await
        .expect_err("cut off");
    assert!(matches!(cut, ProviderError::Truncated { .. }));
    let refused = anthropic(&server)
        .complete(&request(), &quick())
        .await
        .expect_err("refused");
    assert_eq!(refused.to_string(), "anthropic: the API refused the key (HTTP 401: invalid x-api-key); check ANTHROPIC_API_KEY (or --key)");
    assert_no_key(&refused);
}

#[tokio::test(start_paused = true)]
async fn a_server_that_hangs_times_out_and_is_retried() {
    step_the_clock();
    let server = MockProvider::new()
        .answer(gemini_ok(ANSWER, "STOP").set_delay(Duration::from_secs(3)))
        .start()
        .await;
    let policy = RetryPolicy {
        attempts: 2,
        timeout: Duration::from_millis(200),
        ..quick()
    };
    let error = gemini(&server)
        .complete(&request(), &policy)
        .await
        .expect_err("timeout");
    assert_eq!(
        error.to_string(),
        "gemini: gave up after 2 attempts; last: no answer within 200ms"
    );
}
