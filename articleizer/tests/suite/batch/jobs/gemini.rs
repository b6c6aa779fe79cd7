//! Gemini Batch Mode: estimate, submit, a run killed while it waits,
//! resume, failed and expired jobs, resubmission of the failures.

use super::*;

#[test]
fn gemini_estimate_submit_kill_resume_and_resubmit_the_failures() {
    let server = Server::start();
    let (site, posts, config) = reanalysis_site(3);
    let uri = server.uri();
    let base = args(&posts, &config, "gemini", &uri);
    let env = [("GEMINI_API_KEY", KEY)];
    let create = "/models/gemini-flash-latest:batchGenerateContent";
    server.answer(
        "POST",
        create,
        ok(json!({ "name": "batches/job-1", "metadata": { "state": "BATCH_STATE_PENDING" } })),
    );
    server.answer("GET", "/batches/job-1", ok(json!({ "name": "batches/job-1", "metadata": { "state": "BATCH_STATE_RUNNING", "batchStats": { "requestCount": "3", "pendingRequestCount": "3" } } })));

    // The estimate submits nothing.
    let estimate = articleizer()
        .args(with(&base, &["--reanalyze", "--via-batch", "--estimate"]))
        .envs(&env)
        .assert_success();
    let said = stderr(&estimate);
    assert!(
        said.contains("estimate for gemini (gemini-flash-latest): 3 requests to submit, about "),
        "{said}"
    );
    assert!(
        said.contains("as a batch ($") && said.contains(" interactive, $"),
        "{said}"
    );
    assert_eq!(stdout(&estimate).matches("would submit  ").count(), 3);
    assert!(server.received().is_empty(), "an estimate calls nobody");

    // Submitted with --wait, then killed while the job runs.
    let mut child = articleizer()
        .args(with(
            &base,
            &[
                "--reanalyze",
                "--via-batch",
                "--wait",
                "--poll-secs",
                "1",
                "--write",
            ],
        ))
        .env("GEMINI_API_KEY", KEY)
        // The floor between polls is 5 s; this test polls every second.
        .env("ARTICLEIZER_POLL_FLOOR_MS", "1000")
        .command()
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("starts");
    e2e::wait_for("two polls", Duration::from_secs(30), || {
        server
            .received()
            .iter()
            .filter(|(m, _, _)| m == "GET")
            .count()
            >= 2
    });
    child.kill().expect("killed");
    child.wait().expect("ended");
    let submitted: Vec<_> = server
        .received()
        .into_iter()
        .filter(|(m, _, _)| m == "POST")
        .collect();
    assert_eq!(submitted.len(), 1, "one job for three posts");
    let body: Value = serde_json::from_slice(&submitted[0].2).expect("JSON body");
    let requests = &body["batch"]["inputConfig"]["requests"]["requests"];
    assert_eq!(requests.as_array().map(Vec::len), Some(3));
    assert!(requests[0]["request"]["generationConfig"]["responseJsonSchema"].is_object());
    let record = records(site.path()).pop().expect("the job is recorded");
    assert_eq!(record["remote"], "batches/job-1");
    assert_eq!(record["phase"], "running");
    for i in 0..3 {
        let post = posts.join(format!("2025-01-{:02}-post-{i}.md", i + 1));
        assert!(
            !has_new_analysis(&post),
            "nothing applied before the job ends"
        );
    }

    // Done: two answers and one failure.
    let ids = ids(&record);
    server.reset();
    let results = json!({ "name": "batches/job-1", "done": true,
        "metadata": { "state": "BATCH_STATE_SUCCEEDED" },
        "response": { "inlinedResponses": { "inlinedResponses": [
            gemini_result(&ids[0].1),
            { "error": { "code": 13, "message": "internal error on the batch worker" }, "metadata": { "key": ids[1].1 } },
            gemini_result(&ids[2].1),
        ] } } });
    server.answer("GET", "/batches/job-1", ok(results));
    let resumed = articleizer()
        .args(with(&base, &["--reanalyze", "--resume", "--write"]))
        .envs(&env)
        .output();
    let said = stderr(&resumed);
    assert_eq!(resumed.status.code(), Some(1), "{said}");
    assert!(said.contains("succeeded, 2 answered, 1 failed"), "{said}");
    assert!(
        said.contains("3 posts: 2 changed, 0 unchanged, 0 skipped, 1 failed"),
        "{said}"
    );
    assert!(
        said.contains("internal error on the batch worker (--via-batch submits it again)"),
        "{said}"
    );
    assert!(has_new_analysis(&posts.join(&ids[0].0)));
    assert!(!has_new_analysis(&posts.join(&ids[1].0)));
    assert!(has_new_analysis(&posts.join(&ids[2].0)));
    assert!(
        server.received().iter().all(|(m, _, _)| m == "GET"),
        "resume submits nothing"
    );

    // Status lists the job and its failed post, without calling anyone.
    let status = articleizer()
        .args(["batch", "status", "--offline", "--config", arg(&config)])
        .envs(&env)
        .assert_success();
    let listed = stdout(&status);
    assert!(
        listed.contains(
            "gemini (gemini-flash-latest)  --reanalyze  3 posts  succeeded, 2 answered, 1 failed"
        ),
        "{listed}"
    );
    assert!(
        listed.contains(&format!("failed  {}", posts.join(&ids[1].0).display())),
        "{listed}"
    );

    // Submitting again sends only the post that failed.
    server.reset();
    server.answer("POST", create, ok(json!({ "name": "batches/job-2" })));
    let again = articleizer()
        .args(with(&base, &["--reanalyze", "--via-batch"]))
        .envs(&env)
        .assert_success();
    assert!(
        stderr(&again).contains("1 request to submit"),
        "{}",
        stderr(&again)
    );
    let sent: Vec<_> = server.received();
    let body: Value = serde_json::from_slice(&sent[0].2).expect("JSON body");
    let keys: Vec<&str> = body["batch"]["inputConfig"]["requests"]["requests"]
        .as_array()
        .expect("requests")
        .iter()
        .filter_map(|r| r["metadata"]["key"].as_str())
        .collect();
    assert_eq!(keys, [ids[1].1.as_str()]);
    assert!(
        stderr(&again).contains("1 post waiting for batch jobs"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn gemini_failed_and_expired_jobs_list_their_posts() {
    let server = Server::start();
    let (site, posts, config) = reanalysis_site(2);
    let uri = server.uri();
    let base = args(&posts, &config, "gemini", &uri);
    let env = [("GEMINI_API_KEY", KEY)];
    server.answer(
        "POST",
        "/models/gemini-flash-latest:batchGenerateContent",
        ok(json!({ "name": "batches/f" })),
    );
    server.answer(
        "GET",
        "/batches/f",
        ok(json!({ "name": "batches/f", "metadata": { "state": "BATCH_STATE_PENDING" } })),
    );
    articleizer()
        .args(with(&base, &["--reanalyze", "--via-batch"]))
        .envs(&env)
        .assert_success();
    let pending = articleizer()
        .args(with(&base, &["--reanalyze", "--resume"]))
        .envs(&env)
        .assert_success();
    assert!(
        stderr(&pending).contains("job ") && stderr(&pending).contains(": pending"),
        "{}",
        stderr(&pending)
    );
    assert!(
        stderr(&pending).contains("2 posts waiting for batch jobs"),
        "{}",
        stderr(&pending)
    );

    server.reset();
    server.answer("GET", "/batches/f", ok(json!({ "name": "batches/f", "done": true, "error": { "code": 8, "message": "batch quota exceeded" }, "metadata": { "state": "BATCH_STATE_FAILED" } })));
    let failed = articleizer()
        .args(with(&base, &["--reanalyze", "--resume"]))
        .envs(&env)
        .output();
    let said = stderr(&failed);
    assert_eq!(failed.status.code(), Some(1), "{said}");
    assert_eq!(
        said.matches("the job failed: batch quota exceeded").count(),
        2,
        "{said}"
    );
    assert_eq!(records(site.path())[0]["collected"], true);

    // An expired job: the answered post is applied, the other listed.
    server.reset();
    server.answer(
        "POST",
        "/models/gemini-flash-latest:batchGenerateContent",
        ok(json!({ "name": "batches/e" })),
    );
    let submit = articleizer()
        .args(with(&base, &["--reanalyze", "--via-batch"]))
        .envs(&env)
        .output();
    assert!(
        stderr(&submit).contains("2 requests to submit"),
        "{}",
        stderr(&submit)
    );
    let ids = ids(&records(site.path())[1]);
    server.answer("GET", "/batches/e", ok(json!({ "name": "batches/e", "done": true, "metadata": { "state": "BATCH_STATE_EXPIRED" }, "response": { "inlinedResponses": { "inlinedResponses": [gemini_result(&ids[0].1)] } } })));
    let expired = articleizer()
        .args(with(&base, &["--reanalyze", "--resume", "--write"]))
        .envs(&env)
        .output();
    let said = stderr(&expired);
    assert!(said.contains("expired, 1 answered, 1 failed"), "{said}");
    assert!(said.contains("no answer: the job ended expired"), "{said}");
    assert!(has_new_analysis(&posts.join(&ids[0].0)));
}

#[test]
fn an_unusable_batch_answer_is_reported_saved_and_asked_for_again() {
    let server = Server::start();
    let (site, posts, config) = reanalysis_site(1);
    let uri = server.uri();
    let base = args(&posts, &config, "gemini", &uri);
    let env = [("GEMINI_API_KEY", KEY)];
    let create = "/models/gemini-flash-latest:batchGenerateContent";
    server.answer("POST", create, ok(json!({ "name": "batches/u" })));
    articleizer()
        .args(with(&base, &["--reanalyze", "--via-batch"]))
        .envs(&env)
        .assert_success();
    let ids = ids(&records(site.path())[0]);
    let junk = json!({ "response": { "candidates": [{ "content": { "parts": [{ "text": "Sorry, I cannot help with that." }] } }] }, "metadata": { "key": ids[0].1 } });
    server.answer("GET", "/batches/u", ok(json!({ "done": true, "metadata": { "state": "BATCH_STATE_SUCCEEDED" }, "response": { "inlinedResponses": { "inlinedResponses": [junk] } } })));
    let resumed = articleizer()
        .args(with(&base, &["--reanalyze", "--resume", "--write"]))
        .envs(&env)
        .output();
    let said = stderr(&resumed);
    assert_eq!(resumed.status.code(), Some(1), "{said}");
    assert!(
        said.contains("not readable JSON") && said.contains(".raw.txt"),
        "{said}"
    );
    assert!(!has_new_analysis(&posts.join(&ids[0].0)));
    let again = articleizer()
        .args(with(&base, &["--reanalyze", "--via-batch", "--estimate"]))
        .envs(&env)
        .output();
    assert!(
        stderr(&again).contains("1 request to submit"),
        "{}",
        stderr(&again)
    );
}
