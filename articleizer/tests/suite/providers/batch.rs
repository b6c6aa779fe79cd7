//! Each provider's batch engine through the library, against loopback
//! mocks: a job polled through every phase the provider reports, and
//! results where some requests failed.

use super::*;
use articleizer::jobs::{self, Item, Phase};

/// The providers, each at `uri`.
fn providers(uri: &str) -> [Provider; 3] {
    [
        Provider::Gemini(Gemini::new(uri, "gemini-x", KEY)),
        Provider::OpenAi(OpenAi::new(uri, "gpt-x", Some(KEY))),
        Provider::Anthropic(Anthropic::new(uri, "claude-x", KEY)),
    ]
}

/// Where each provider's job `job-1` is polled, and its body in each phase.
fn phase_bodies(provider: &Provider) -> (&'static str, Vec<(Value, Phase)>) {
    match provider {
        Provider::Gemini(_) => {
            let state = |s: &str| json!({ "name": "batches/job-1", "metadata": { "state": format!("BATCH_STATE_{s}") } });
            (
                "/batches/job-1",
                vec![
                    (state("PENDING"), Phase::Pending),
                    (state("RUNNING"), Phase::Running),
                    (state("SUCCEEDED"), Phase::Succeeded),
                    (state("FAILED"), Phase::Failed),
                    (state("EXPIRED"), Phase::Expired),
                ],
            )
        }
        Provider::OpenAi(_) => {
            let status = |s: &str| json!({ "id": "job-1", "status": s });
            (
                "/batches/job-1",
                vec![
                    (status("validating"), Phase::Pending),
                    (status("in_progress"), Phase::Running),
                    (status("completed"), Phase::Succeeded),
                    (status("failed"), Phase::Failed),
                    (status("expired"), Phase::Expired),
                ],
            )
        }
        Provider::Anthropic(_) => {
            let status = |s: &str, counts: Value| json!({ "id": "job-1", "processing_status": s, "request_counts": counts });
            (
                "/messages/batches/job-1",
                vec![
                    (status("created", json!({})), Phase::Pending),
                    (
                        status("in_progress", json!({ "processing": 2 })),
                        Phase::Running,
                    ),
                    (status("ended", json!({ "succeeded": 2 })), Phase::Succeeded),
                    (status("ended", json!({ "errored": 2 })), Phase::Succeeded),
                    (
                        status("ended", json!({ "succeeded": 1, "expired": 1 })),
                        Phase::Expired,
                    ),
                ],
            )
        }
    }
}

#[test]
fn every_provider_reports_each_phase_of_a_job() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let server = MockProvider::new().start().await;
        for provider in providers(&server.uri()) {
            let (route, phases) = phase_bodies(&provider);
            for (body, phase) in phases {
                server.reset().await;
                MockProvider::new()
                    .answer(ResponseTemplate::new(200).set_body_json(body.clone()))
                    .get()
                    .path(route)
                    .mount(&server)
                    .await;
                let remote = if matches!(provider, Provider::Gemini(_)) {
                    "batches/job-1"
                } else {
                    "job-1"
                };
                let seen = jobs::poll(&provider, remote, &quick())
                    .await
                    .expect("polled");
                assert_eq!(seen.phase, phase, "{} {body}", provider.name());
            }
        }
    });
}

#[test]
fn results_with_failures_and_keys_scrubbed_for_every_provider() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
                let echo = format!("{{\"quoted\": \"{KEY}\"}}");
        let gemini_ok = json!({ "candidates": [{ "content": { "parts": [{ "text": echo }] } }] });
        let server = MockProvider::new().answer(ResponseTemplate::new(200).set_body_json(json!({ "done": true, "metadata": { "state": "BATCH_STATE_SUCCEEDED" },
                "response": { "inlinedResponses": { "inlinedResponses": [
                    { "response": gemini_ok, "metadata": { "key": "a" } },
                    { "error": { "message": "blocked" }, "metadata": { "key": "b" } },
                    { "error": { "message": "not ours" }, "metadata": { "key": "zz" } } ] } } }))).get().path("/batches/g").answer(ResponseTemplate::new(200).set_body_json(json!({ "status": "completed", "output_file_id": "out", "error_file_id": "err" }))).get().path("/batches/o").start().await;
        let line = json!({ "custom_id": "a", "response": { "status_code": 200, "body": { "choices": [{ "message": { "content": echo } }] } } });
        MockProvider::new().answer(ResponseTemplate::new(200).set_body_string(format!("{line}\n{{\"custom_id\": \"zz\"}}\n"))).get().path("/files/out/content").mount(&server).await;
        let failed = json!({ "custom_id": "b", "response": { "status_code": 500, "body": { "error": { "message": "server error" } } } });
        MockProvider::new().answer(ResponseTemplate::new(200).set_body_string(format!("{failed}\n"))).get().path("/files/err/content").mount(&server).await;
        let lines = [
            json!({ "custom_id": "a", "result": { "type": "succeeded", "message": { "content": [{ "type": "text", "text": echo }] } } }),
            json!({ "custom_id": "b", "result": { "type": "canceled" } }),
        ];
        // An ended batch names no results_url here: the results are read
        // at the configured server's own path.
        MockProvider::new().answer(ResponseTemplate::new(200).set_body_json(json!({ "id": "n", "processing_status": "ended" }))).get().path("/messages/batches/n").header("x-api-key", KEY).answer(ResponseTemplate::new(200).set_body_string(format!("{}\n{{\"custom_id\": \"zz\", \"result\": {{}}}}\n{}", lines[0], lines[1]))).get().path("/messages/batches/n/results").header("x-api-key", KEY).mount(&server).await;
        for (provider, remote) in providers(&server.uri()).into_iter().zip(["batches/g", "o", "n"]) {
            let wanted = ["a", "b"].into_iter().collect();
            let results = jobs::results(&provider, remote, &quick(), &wanted).await.expect("results");
            assert_eq!(results.skipped, 1, "{}: the line for no request of the job", provider.name());
            let outcomes = results.outcomes;
            assert_eq!(outcomes.len(), 2, "{}", provider.name());
            let answer = outcomes.iter().find(|o| o.id == "a").expect("a");
            let text = &answer.answer.as_ref().expect("answered").text;
            assert!(text.contains("[KEY]") && !text.contains(KEY), "{}: {text}", provider.name());
            assert!(outcomes.iter().find(|o| o.id == "b").expect("b").answer.is_err());
        }
    });
}

#[test]
fn a_submitted_job_carries_each_request_under_its_id() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let server = MockProvider::new()
            .answer(ResponseTemplate::new(200).set_body_json(json!({ "name": "batches/new-1" })))
            .path("/models/gemini-x:batchGenerateContent")
            .header("x-goog-api-key", KEY)
            .answer(ResponseTemplate::new(200).set_body_json(json!({ "id": "file-1" })))
            .path("/files")
            .answer(ResponseTemplate::new(200).set_body_json(json!({ "id": "batch_1" })))
            .path("/batches")
            .header("authorization", format!("Bearer {KEY}").as_str())
            .answer(ResponseTemplate::new(200).set_body_json(json!({ "id": "msgbatch_1" })))
            .path("/messages/batches")
            .header("anthropic-version", "2023-06-01")
            .start()
            .await;
        let items = [
            Item {
                id: "id-1".into(),
                request: request(),
            },
            Item {
                id: "id-2".into(),
                request: request(),
            },
        ];
        let expected = ["batches/new-1", "batch_1", "msgbatch_1"];
        for (provider, remote) in providers(&server.uri()).into_iter().zip(expected) {
            let got = jobs::submit(&provider, &items, "label", &quick())
                .await
                .expect("submitted");
            assert_eq!(got, remote);
        }
        let bodies: Vec<String> = server
            .received_requests()
            .await
            .unwrap_or_default()
            .iter()
            .map(|r| String::from_utf8_lossy(&r.body).into_owned())
            .collect();
        for body in &bodies {
            assert!(!body.contains(KEY), "a key in a request body");
        }
        // Gemini inline, OpenAI's uploaded file, Anthropic's list: both ids each.
        for index in [0, 1, 3] {
            assert!(
                bodies[index].contains("id-1") && bodies[index].contains("id-2"),
                "{}",
                bodies[index]
            );
        }
        // An id that is not a plain id never becomes a URL.
        Mock::given(method("POST"))
            .and(path("/messages/batches"))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(json!({ "id": "../../elsewhere" })),
            )
            .with_priority(1)
            .mount(&server)
            .await;
        let anthropic = &providers(&server.uri())[2];
        assert!(jobs::submit(anthropic, &items, "label", &quick())
            .await
            .is_err());
    });
}
