//! The binary against loopback providers: a local server and its models, retries, the cache, quotas.

use super::*;

/// A loopback OpenAI-compatible server listing `models` (`GET /models`)
/// and answering every POST with the valid answer.
pub(super) fn local_server(models: &[&str]) -> (tokio::runtime::Runtime, wiremock::MockServer) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let list: Vec<serde_json::Value> = models
        .iter()
        .map(|m| serde_json::json!({ "id": m }))
        .collect();
    let server = runtime.block_on(async {
                let server = MockProvider::new().answer(wiremock::ResponseTemplate::new(200).set_body_json(serde_json::json!({ "data": list }))).get().path("/v1/models").answer(wiremock::ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "model": "served", "choices": [{ "message": { "content": e2e::VALID_ANSWER }, "finish_reason": "stop" }]
            }))).start().await;
        server
    });
    (runtime, server)
}

#[test]
fn a_local_server_without_model_is_asked_for_its_models() {
    // Instructions from the OpenAI-compatible server at `base`, no model named.
    let ask = |base: &str| {
        articleizer()
            .args([
                "instructions",
                "--provider",
                "openai",
                "--base-url",
                base,
                "--no-cache",
            ])
            .stdin(EXAMPLE.as_bytes())
            .output()
    };
    let (_runtime, one) = local_server(&["llama3.2:3b"]);
    let out = ask(&format!("{}/v1", one.uri()));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("model: llama3.2:3b, the only one"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("openai (llama3.2:3b)"),
        "{}",
        stderr(&out)
    );
    let (_runtime, two) = local_server(&["qwen3:8b", "llama3.2:3b"]);
    let base = format!("{}/v1", two.uri());
    let out = ask(&base);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim(),
        format!("articleizer: {base} has several models; pass --model with one of: llama3.2:3b, qwen3:8b")
    );
}

#[test]
fn models_are_listed_from_the_server() {
    let (_runtime, server) = local_server(&["qwen3:8b", "llama3.2:3b"]);
    let base = format!("{}/v1", server.uri());
    let out = articleizer()
        .args([
            "models",
            "--provider",
            "openai",
            "--base-url",
            &base,
            "--model",
            "qwen3:8b",
        ])
        .assert_success();
    assert_eq!(stdout(&out), "  llama3.2:3b\n* qwen3:8b\n");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let gemini = runtime.block_on(async {
                let server = MockProvider::new().answer(wiremock::ResponseTemplate::new(200).set_body_json(serde_json::json!({ "models": [
                { "name": "models/gemini-flash-latest", "supportedGenerationMethods": ["generateContent"] },
                { "name": "models/text-embedding-004", "supportedGenerationMethods": ["embedContent"] }
            ] }))).get().path("/models").header("x-goog-api-key", KEY).start().await;
        server
    });
    let uri = gemini.uri();
    let out = articleizer()
        .args(["models", "--provider", "gemini", "--base-url", &uri])
        .envs(&[("GEMINI_API_KEY", KEY)])
        .assert_success();
    assert_eq!(
        stdout(&out),
        "  gemini-flash-latest\n",
        "only models that write"
    );
    let offline = articleizer().args(["models"]).assert_code(2);
    assert!(stderr(&offline).contains("the offline editor has no models"));
}

#[test]
fn verbose_says_why_each_attempt_is_tried_again() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let server = runtime.block_on(async {
        let server = MockProvider::new()
            .answer(wiremock::ResponseTemplate::new(503).set_body_json(
                serde_json::json!({ "error": { "code": 503, "message": "overloaded" } }),
            ))
            .once()
            .answer(e2e::gemini_answer(e2e::VALID_ANSWER))
            .start()
            .await;
        server
    });
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("c.toml");
    fs::write(&config, "[articleizer]\nattempts = 2\nmax_wait_secs = 0\n").expect("config");
    let uri = server.uri();
    let args = [
        "instructions",
        "--config",
        config.to_str().expect("utf-8"),
        "--provider",
        "gemini",
        "--base-url",
        &uri,
        "--no-cache",
        "-v",
    ];
    let out = articleizer()
        .args(args)
        .stdin(EXAMPLE.as_bytes())
        .envs(&[("GEMINI_API_KEY", KEY)])
        .assert_success();
    assert!(
        stderr(&out).contains("gemini: attempt 1 of 2 failed (HTTP 503"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains(&format!("config: {}", config.display())));
}

#[test]
fn gemini_through_the_binary_is_cached_and_keeps_the_key_out() {
    let answer = e2e::VALID_ANSWER;
    let body = serde_json::json!({ "candidates": [{ "content": { "parts": [{ "text": answer }] }, "finishReason": "STOP" }], "modelVersion": "gemini-mock-1" });
    let (runtime, server) = mock_gemini(200, body);
    let cache = tempfile::tempdir().expect("temp dir");
    let env = [
        ("GEMINI_API_KEY", KEY),
        ("XDG_CACHE_HOME", cache.path().to_str().expect("utf-8")),
    ];
    let uri = server.uri();
    let args = [
        "instructions",
        "--base-url",
        uri.as_str(),
        "--model",
        "gemini-test",
        "-v",
    ];
    let first = articleizer()
        .args(args)
        .stdin(EXAMPLE.as_bytes())
        .envs(&env)
        .assert_success();
    assert!(
        stderr(&first).contains("articleizer: config: none found"),
        "-v names the config"
    );
    assert!(
        stderr(&first).contains("answered by gemini-mock-1"),
        "{}",
        stderr(&first)
    );
    let logs = articleizer().args(["logs"]).envs(&env).output();
    let table = stdout(&logs);
    assert!(table.starts_with("time "), "{table}");
    assert!(
        table.contains("gemini     gemini-test") && table.contains("answered"),
        "{table}"
    );
    let json = articleizer()
        .args(["logs", "--json", "-n", "1"])
        .envs(&env)
        .output();
    let record: serde_json::Value =
        serde_json::from_str(stdout(&json).trim()).expect("one JSON line");
    assert_eq!(record["outcome"], "answered");
    let second = articleizer()
        .args(args)
        .stdin(EXAMPLE.as_bytes())
        .envs(&env)
        .output();
    assert!(
        stderr(&second).contains("from the cache"),
        "{}",
        stderr(&second)
    );
    assert_eq!(first.stdout, second.stdout);
    assert_eq!(
        runtime
            .block_on(server.received_requests())
            .expect("recorded")
            .len(),
        1,
        "the cache hit made no request"
    );
    for output in [&first, &second] {
        assert!(!stdout(output).contains(KEY) && !stderr(output).contains(KEY));
    }
    // (the run scanned the cache too; this says so where it matters.)
    let cache_files = e2e::files_under(&[cache.path().to_path_buf()]);
    assert!(
        cache_files.len() >= 2,
        "an entry and the log: {cache_files:?}"
    );
    assert_eq!(
        e2e::file_with_key(&[cache.path().to_path_buf()], &[KEY]),
        None
    );
}

#[test]
fn a_daily_quota_exits_75_with_one_line() {
    let body = serde_json::json!({ "error": { "code": 429, "message": "Quota exceeded", "details": [
        { "@type": "type.googleapis.com/google.rpc.QuotaFailure", "violations": [{ "quotaId": "GenerateRequestsPerDayPerProjectPerModel-FreeTier" }] } ] } });
    let (_runtime, server) = mock_gemini(429, body);
    let uri = server.uri();
    let out = articleizer()
        .args(["instructions", "--no-cache", "--base-url", uri.as_str()])
        .stdin(EXAMPLE.as_bytes())
        .envs(&[("GEMINI_API_KEY", KEY)])
        .assert_code(75);
    // One line of error, after the one saying where the key went.
    let said = stderr(&out);
    let lines: Vec<&str> = said.lines().collect();
    assert_eq!(lines.len(), 2, "{said}");
    assert!(
        lines[0].starts_with("articleizer: key: the gemini key is sent to 127.0.0.1:"),
        "{said}"
    );
    assert!(stderr(&out).contains("quota is exhausted for the day"));
    assert!(out.stdout.is_empty());
}

/// Escape sequences a hostile server puts in what the tool prints: an
/// OSC 52 clipboard write, an OSC 8 hyperlink, a screen clear, a C1 CSI,
/// a right-to-left override.
const ESCAPES: [&str; 5] = [
    "\u{1b}]52;c;cm0gLXJmIH4=\u{7}",
    "\u{1b}]8;;https://evil.example\u{1b}\\",
    "\u{1b}[2J",
    "\u{9b}2J",
    "\u{202e}",
];

#[test]
fn server_text_reaches_the_terminal_shown_not_run() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let hostile = ESCAPES.concat();
    let server = runtime.block_on(async {
                let server = MockProvider::new().answer(wiremock::ResponseTemplate::new(200).set_body_json(
                serde_json::json!({ "data": [{ "id": format!("model{hostile}") }, { "id": "other" }] }),
            )).get().answer(wiremock::ResponseTemplate::new(400)
                    .set_body_json(serde_json::json!({ "error": { "message": format!("bad{hostile}request") } }))).start().await;
        server
    });
    let base = format!("{}/v1", server.uri());
    // The model list (stdout), a model chosen from it that the server
    // names in its error (stderr), and the verbose retry notices.
    let listed = articleizer()
        .args(["models", "--provider", "openai", "--base-url", &base])
        .output();
    let asked = articleizer()
        .args([
            "instructions",
            "--provider",
            "openai",
            "--base-url",
            &base,
            "--model",
            &format!("m{hostile}"),
            "--no-cache",
            "-v",
        ])
        .stdin(EXAMPLE.as_bytes())
        .output();
    assert!(listed.status.success(), "{}", stderr(&listed));
    assert!(!asked.status.success());
    for (what, text) in [
        ("models stdout", stdout(&listed)),
        ("models stderr", stderr(&listed)),
        ("instructions stderr", stderr(&asked)),
    ] {
        assert!(
            !text.chars().any(utils::terminal::is_unsafe),
            "{what} carries a raw escape: {text:?}"
        );
    }
    assert!(
        stdout(&listed).contains("model\\u{1b}]52;c;"),
        "{}",
        stdout(&listed)
    );
    assert!(stderr(&asked).contains("bad\\u{1b}"), "{}", stderr(&asked));
}

/// The prompt text of each request a mock Gemini received.
fn prompts_received(
    runtime: &tokio::runtime::Runtime,
    server: &wiremock::MockServer,
) -> Vec<String> {
    runtime
        .block_on(server.received_requests())
        .expect("recorded")
        .iter()
        .map(|r| {
            let body: serde_json::Value = serde_json::from_slice(&r.body).expect("JSON body");
            body["contents"][0]["parts"][0]["text"]
                .as_str()
                .expect("the prompt")
                .to_string()
        })
        .collect()
}

#[test]
fn a_hint_follows_the_entry_is_cached_apart_and_logged() {
    let body = serde_json::json!({ "candidates": [{ "content": { "parts": [{ "text": e2e::VALID_ANSWER }] }, "finishReason": "STOP" }], "modelVersion": "gemini-mock-1" });
    let (runtime, server) = mock_gemini(200, body);
    let cache = tempfile::tempdir().expect("temp dir");
    let env = [
        ("GEMINI_API_KEY", KEY),
        ("XDG_CACHE_HOME", cache.path().to_str().expect("utf-8")),
    ];
    let uri = server.uri();
    let hint = "lean on the bunny/coyote frame";
    let ask = |hints: &[&str]| {
        let mut args = vec![
            "instructions",
            "--base-url",
            uri.as_str(),
            "--model",
            "gemini-test",
        ];
        for hint in hints {
            args.extend(["--hint", hint]);
        }
        let out = articleizer()
            .args(&args)
            .stdin(EXAMPLE.as_bytes())
            .envs(&env)
            .assert_success();
        out
    };
    ask(&[]);
    ask(&[hint, "a slug in the ai-datacenter-landlords family"]);
    let again = ask(&[hint, "a slug in the ai-datacenter-landlords family"]);
    assert!(
        stderr(&again).contains("from the cache"),
        "{}",
        stderr(&again)
    );
    let prompts = prompts_received(&runtime, &server);
    assert_eq!(prompts.len(), 2, "unhinted and hinted asked once each");
    assert!(!prompts[0].contains(hint));
    let after = &prompts[1][prompts[1].rfind(" ENDS ---").expect("end")..];
    assert!(
        after.contains(&format!(
            "- {hint}\n- a slug in the ai-datacenter-landlords family\n"
        )),
        "{after}"
    );
    let logs = articleizer()
        .args(["logs", "--json", "-n", "3"])
        .envs(&env)
        .output();
    let records: Vec<serde_json::Value> = stdout(&logs)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(records.len(), 3);
    assert!(records[0].get("hints").is_none(), "{:?}", records[0]);
    for record in &records[1..] {
        assert_eq!(record["hints"][0], hint, "{record}");
    }
    // The same hints shape `articleizer prompt`, for a chat UI.
    let printed = articleizer()
        .args(["prompt", "--hint", hint])
        .stdin(EXAMPLE.as_bytes())
        .envs(&env)
        .output();
    let printed = stdout(&printed);
    assert!(printed[printed.rfind(" ENDS ---").expect("end")..].contains(&format!("- {hint}\n")));
}

#[test]
fn batch_takes_hints_for_every_post() {
    let body = serde_json::json!({ "candidates": [{ "content": { "parts": [{ "text": e2e::VALID_ANSWER }] }, "finishReason": "STOP" }], "modelVersion": "gemini-mock-1" });
    let (runtime, server) = mock_gemini(200, body);
    let dir = tempfile::tempdir().expect("temp dir");
    let posts = dir.path().join("_posts");
    std::fs::create_dir(&posts).expect("mkdir");
    // The transcript as the sanitizer leaves it: raw, its stray fence would
    // take in the new analysis, which the reanalysis rightly refuses.
    let article = sanitizer::sanitize(EXAMPLE, &sanitizer::Options::default())
        .expect("the default options are valid")
        .text;
    std::fs::write(
        posts.join("2025-01-02-post.md"),
        format!("---\ntitle: Post\npermalink: /post/\n---\n\n{article}"),
    )
    .expect("write");
    let uri = server.uri();
    articleizer()
        .args([
            "batch",
            posts.to_str().expect("utf-8"),
            "--reanalyze",
            "--no-cache",
            "--base-url",
            uri.as_str(),
            "--hint",
            "name the three assistants",
        ])
        .envs(&[("GEMINI_API_KEY", KEY)])
        .assert_success();
    let prompts = prompts_received(&runtime, &server);
    assert_eq!(prompts.len(), 1);
    assert!(prompts[0].contains("- name the three assistants\n"));
}
