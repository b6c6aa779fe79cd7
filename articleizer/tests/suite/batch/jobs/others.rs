//! OpenAI's Batch API and Anthropic's Message Batches.

use super::*;

#[test]
fn openai_uploads_a_jsonl_file_and_reads_output_and_error_files() {
    let server = Server::start();
    let (site, posts, config) = reanalysis_site(2);
    let uri = server.uri();
    let base = args(&posts, &config, "openai", &uri);
    let env = [("OPENAI_API_KEY", KEY)];
    server.answer(
        "POST",
        "/files",
        ok(json!({ "id": "file-in", "purpose": "batch" })),
    );
    server.answer(
        "POST",
        "/batches",
        ok(json!({ "id": "batch_1", "status": "validating" })),
    );
    articleizer()
        .args(with(
            &base,
            &["--model", "gpt-4.1-mini", "--reanalyze", "--via-batch"],
        ))
        .envs(&env)
        .assert_success();
    let sent = server.received();
    let upload = String::from_utf8_lossy(&sent[0].2).into_owned();
    assert!(
        upload.contains("name=\"purpose\"") && upload.contains("batch"),
        "{upload}"
    );
    assert_eq!(
        upload.matches("\"url\":\"/v1/chat/completions\"").count(),
        2,
        "{upload}"
    );
    let create: Value = serde_json::from_slice(&sent[1].2).expect("JSON");
    assert_eq!(create["input_file_id"], "file-in");
    assert_eq!(create["completion_window"], "24h");
    let ids = ids(&records(site.path())[0]);

    server.answer("GET", "/batches/batch_1", ok(json!({ "id": "batch_1", "status": "expired", "output_file_id": "file-out", "error_file_id": "file-err", "request_counts": { "total": 2, "completed": 1, "failed": 1 } })));
    let output = json!({ "custom_id": ids[0].1, "response": { "status_code": 200, "body": { "model": "gpt-mock", "choices": [{ "message": { "content": ANSWER }, "finish_reason": "stop" }] } }, "error": null });
    let errors = json!({ "custom_id": ids[1].1, "response": null, "error": { "code": "batch_expired", "message": "This request could not be executed before the completion window expired." } });
    server.answer(
        "GET",
        "/files/file-out/content",
        ResponseTemplate::new(200).set_body_string(format!("{output}\n")),
    );
    server.answer(
        "GET",
        "/files/file-err/content",
        ResponseTemplate::new(200).set_body_string(format!("{errors}\n")),
    );
    let resumed = articleizer()
        .args(with(
            &base,
            &[
                "--model",
                "gpt-4.1-mini",
                "--reanalyze",
                "--resume",
                "--write",
            ],
        ))
        .envs(&env)
        .output();
    let said = stderr(&resumed);
    assert!(said.contains("expired, 1 answered, 1 failed"), "{said}");
    assert!(said.contains("completion window expired"), "{said}");
    assert!(has_new_analysis(&posts.join(&ids[0].0)));
    assert!(!has_new_analysis(&posts.join(&ids[1].0)));
}

#[test]
fn anthropic_contextualizes_through_a_batch_and_reads_results_only_at_its_base_url() {
    let server = Server::start();
    let (_site, posts, config) = reanalysis_site(2);
    let uri = server.uri();
    let base = args(&posts, &config, "anthropic", &uri);
    let env = [("ANTHROPIC_API_KEY", KEY)];
    server.answer(
        "POST",
        "/messages/batches",
        ok(json!({ "id": "msgbatch_1", "processing_status": "in_progress" })),
    );
    articleizer()
        .args(with(&base, &["--contextualize", "--via-batch"]))
        .envs(&env)
        .assert_success();
    let sent = server.received();
    let body: Value = serde_json::from_slice(&sent[0].2).expect("JSON");
    let requests = body["requests"].as_array().expect("requests");
    assert_eq!(requests.len(), 2);
    assert!(requests[0]["params"]["messages"][0]["content"]
        .as_str()
        .is_some_and(|p| p.contains("\"sub\"")));
    let ids = ids(&records(_site.path())[0]);

    // The API names another host for the results: it is not followed.
    server.runtime.block_on(
        MockProvider::new()
            .answer(ok(json!({ "id": "msgbatch_1", "processing_status": "ended", "request_counts": { "processing": 0, "succeeded": 1, "errored": 1, "canceled": 0, "expired": 0 }, "results_url": "http://127.0.0.1:9/elsewhere" })))
            .get()
            .path("/messages/batches/msgbatch_1")
            .header("x-api-key", KEY)
            .mount(&server.server),
    );
    let context = json!({ "s": "A post about fences.", "sub": ["fence repair", "nesting", "recovery"], "kw": ["rust", "markdown", "fences"] });
    let lines = [
        json!({ "custom_id": ids[0].1, "result": { "type": "succeeded", "message": { "model": "claude-mock", "stop_reason": "tool_use", "content": [{ "type": "tool_use", "name": "editing_instructions", "input": context }] } } }),
        json!({ "custom_id": ids[1].1, "result": { "type": "errored", "error": { "type": "error", "error": { "type": "overloaded_error", "message": "Overloaded" } } } }),
    ];
    server.answer(
        "GET",
        "/messages/batches/msgbatch_1/results",
        ResponseTemplate::new(200).set_body_string(format!("{}\n{}\n", lines[0], lines[1])),
    );
    let resumed = articleizer()
        .args(with(&base, &["--contextualize", "--resume", "--write"]))
        .envs(&env)
        .output();
    let said = stderr(&resumed);
    assert!(said.contains("succeeded, 1 answered, 1 failed"), "{said}");
    assert!(said.contains("Overloaded"), "{said}");
    let stem = ids[0].0.trim_end_matches(".md");
    let written = read(&posts.join(format!("_context/{stem}.json")));
    let shard: Value = serde_json::from_str(&written).expect("JSON");
    assert_eq!(shard["id"], stem);
    assert_eq!(shard["s"], "A post about fences.");
    assert!(
        written.starts_with(&format!("{{\"id\":\"{stem}\",\"d\":\"2025-01-")),
        "{written}"
    );
    assert!(!posts
        .join("_context")
        .join(format!("{}.json", ids[1].0.trim_end_matches(".md")))
        .exists());
}
