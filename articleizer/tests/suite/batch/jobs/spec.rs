//! Batch jobs read as the providers' official references describe them
//! (issue 30). The loopback answers here are shaped after those
//! references, not after the clients: each test names its source.

use super::*;

/// Gemini Batch Mode (https://ai.google.dev/gemini-api/docs/batch-mode,
/// "Retrieving results"): a batch ends `BATCH_STATE_EXPIRED` or
/// `_CANCELLED` with no `dest` output at all, and a batch's results can
/// be a `responsesFile` (`dest.fileName`), downloaded from
/// `/download/v1beta/{file}:download?alt=media`, one JSON line a request
/// with its `key`. A batch without results never blocks later resumes:
/// its posts are listed and submitted again.
#[test]
fn a_gemini_batch_without_inline_results_never_blocks_a_resume() {
    let server = Server::start();
    let (site, posts, config) = reanalysis_site(2);
    let uri = server.uri();
    let base = args(&posts, &config, "gemini", &uri);
    let env = [("GEMINI_API_KEY", KEY)];
    let create = "/models/gemini-flash-latest:batchGenerateContent";
    server.answer("POST", create, ok(json!({ "name": "batches/x1" })));
    articleizer()
        .args(with(&base, &["--reanalyze", "--via-batch"]))
        .envs(&env)
        .assert_success();
    // Expired, and nothing to read: no `response`, no `output`.
    server.answer("GET", "/batches/x1", ok(json!({ "name": "batches/x1", "done": true, "metadata": { "state": "BATCH_STATE_EXPIRED" } })));
    let expired = articleizer()
        .args(with(&base, &["--reanalyze", "--resume", "--write"]))
        .envs(&env)
        .output();
    let said = stderr(&expired);
    assert!(!said.contains("the batch has no results"), "{said}");
    assert!(said.contains("expired, 0 answered, 2 failed"), "{said}");
    assert_eq!(records(site.path())[0]["collected"], true, "{said}");

    // The next run submits them again, and their results come in a file.
    server.reset();
    server.answer("POST", create, ok(json!({ "name": "batches/x2" })));
    let again = articleizer()
        .args(with(&base, &["--reanalyze", "--via-batch"]))
        .envs(&env)
        .output();
    assert!(
        stderr(&again).contains("2 requests to submit"),
        "{}",
        stderr(&again)
    );
    let ids = ids(&records(site.path())[1]);
    server.answer("GET", "/batches/x2", ok(json!({ "name": "batches/x2", "done": true, "metadata": { "state": "BATCH_STATE_SUCCEEDED" }, "response": { "@type": "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatchOutput", "responsesFile": "files/batch-results-x2" } })));
    let line = |id: &str| {
        let mut entry = gemini_result(id);
        let object = entry.as_object_mut().expect("an object");
        object.remove("metadata");
        object.insert("key".into(), json!(id));
        entry.to_string()
    };
    server.answer(
        "GET",
        "/download/files/batch-results-x2:download",
        ResponseTemplate::new(200).set_body_string(format!(
            "{}\n{}\n",
            line(&ids[0].1),
            line(&ids[1].1)
        )),
    );
    let resumed = articleizer()
        .args(with(&base, &["--reanalyze", "--resume", "--write"]))
        .envs(&env)
        .output();
    let said = stderr(&resumed);
    assert!(resumed.status.success(), "{said}");
    assert!(said.contains("succeeded, 2 answered, 0 failed"), "{said}");
    for (post, _) in &ids {
        assert!(has_new_analysis(&posts.join(post)), "{post}");
    }
    let download = server
        .received()
        .into_iter()
        .find(|(_, route, _)| route.starts_with("/download/"))
        .expect("the file was downloaded");
    assert_eq!(download.1, "/download/files/batch-results-x2:download");
}

/// Anthropic Message Batches (https://docs.anthropic.com/en/api/retrieving-message-batch-results
/// and the `results_url` field of
/// https://docs.anthropic.com/en/api/retrieving-message-batches): results
/// are fetched from the batch's `results_url`, "Results ... should be
/// retrieved via the results_url", not from a path built by the client.
/// Here the server names a results path of its own, on its own origin.
#[test]
fn anthropic_results_are_read_at_the_batch_s_results_url() {
    let server = Server::start();
    let (_site, posts, config) = reanalysis_site(1);
    let uri = server.uri();
    let base = args(&posts, &config, "anthropic", &uri);
    let env = [("ANTHROPIC_API_KEY", KEY)];
    server.answer(
        "POST",
        "/messages/batches",
        ok(json!({ "id": "msgbatch_r1", "type": "message_batch", "processing_status": "in_progress" })),
    );
    articleizer()
        .args(with(&base, &["--reanalyze", "--via-batch"]))
        .envs(&env)
        .assert_success();
    let ids = ids(&records(_site.path())[0]);
    let results_url = format!("{uri}/v1/results-store/msgbatch_r1.jsonl");
    server.answer("GET", "/messages/batches/msgbatch_r1", ok(json!({ "id": "msgbatch_r1", "type": "message_batch", "processing_status": "ended", "request_counts": { "processing": 0, "succeeded": 1, "errored": 0, "canceled": 0, "expired": 0 }, "results_url": results_url })));
    let line = json!({ "custom_id": ids[0].1, "result": { "type": "succeeded", "message": { "id": "msg_1", "type": "message", "role": "assistant", "model": "claude-mock", "stop_reason": "end_turn", "content": [{ "type": "text", "text": ANSWER }], "usage": { "input_tokens": 10, "output_tokens": 20 } } } });
    server.answer(
        "GET",
        "/v1/results-store/msgbatch_r1.jsonl",
        ResponseTemplate::new(200).set_body_string(format!("{line}\n")),
    );
    let resumed = articleizer()
        .args(with(&base, &["--reanalyze", "--resume", "--write"]))
        .envs(&env)
        .output();
    let said = stderr(&resumed);
    assert!(resumed.status.success(), "{said}");
    assert!(said.contains("succeeded, 1 answered, 0 failed"), "{said}");
    assert!(has_new_analysis(&posts.join(&ids[0].0)));
    assert!(!server
        .received()
        .iter()
        .any(|(_, route, _)| route.ends_with("/msgbatch_r1/results")));
}

/// Gemini's `UsageMetadata` (https://ai.google.dev/api/generate-content#UsageMetadata):
/// `thoughtsTokenCount` counts the thinking tokens, which the pricing page
/// (https://ai.google.dev/gemini-api/docs/pricing, "output price
/// (including thinking tokens)") bills as output. The estimate counts
/// them, and so does the call log.
#[test]
fn gemini_thinking_counts_as_output_in_estimates_and_logs() {
    let server = Server::start();
    let (site, posts, config) = reanalysis_site(2);
    let uri = server.uri();
    let base = args(&posts, &config, "gemini", &uri);
    let env = [("GEMINI_API_KEY", KEY)];
    let estimate = articleizer()
        .args(with(&base, &["--reanalyze", "--via-batch", "--estimate"]))
        .envs(&env)
        .output();
    let said = stderr(&estimate);
    assert!(
        said.contains("(4000 of them thinking, billed as output)"),
        "{said}"
    );
    server.answer("POST", "/models/gemini-flash-latest:generateContent", ok(json!({
        "candidates": [{ "content": { "parts": [{ "text": "considering...", "thought": true }, { "text": ANSWER }] }, "finishReason": "STOP" }],
        "usageMetadata": { "promptTokenCount": 100, "candidatesTokenCount": 40, "thoughtsTokenCount": 300, "totalTokenCount": 440 },
        "modelVersion": "gemini-mock" })));
    articleizer()
        .args(with(&base, &["--reanalyze", "--match", "*post-0*"]))
        .envs(&env)
        .assert_success();
    let log = std::fs::read_to_string(site.path().join("cache/calls.jsonl")).expect("the call log");
    let call: Value = log
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .find(|c: &Value| c["provider"] == "gemini")
        .expect("the call is logged");
    assert_eq!(call["output_tokens"], 340, "{call}");
}
