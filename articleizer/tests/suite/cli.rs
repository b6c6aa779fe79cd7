//! End-to-end tests of the `articleizer` binary, as far as it is built:
//! instructions from the offline editor or a saved file, and the prompt.

use e2e::{run, run_with_env, stderr, stdout};
use std::fs;

const EXAMPLE: &str = include_str!("../../../examples/transcript.md");

#[test]
fn offline_instructions_for_the_example_are_valid_json() {
    let out = run("articleizer", &["instructions"], EXAMPLE.as_bytes(), None);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stderr(&out).trim(),
        "articleizer: editor: the offline editor (no API key or server configured)"
    );
    let value: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("stdout is JSON");
    assert_eq!(
        value["editing_instructions"]["yaml_updates"]["title"],
        "Teaching a Static Site to Explain Itself"
    );
    // A short entry (about 150 words) gets no subheadings: there is no
    // topic shift to mark.
    let subheadings = value["editing_instructions"]["insert_subheadings"]
        .as_array()
        .expect("array");
    assert!(subheadings.is_empty(), "{subheadings:?}");
}

#[test]
fn a_saved_instructions_file_is_replayed_and_checked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let made = include_str!("../../../examples/transcript-instructions.json");
    fs::write(dir.path().join("good.json"), made).expect("write");
    let replay = run(
        "articleizer",
        &["instructions", "--instructions", "good.json"],
        EXAMPLE.as_bytes(),
        Some(dir.path()),
    );
    assert!(replay.status.success(), "{}", stderr(&replay));
    let replayed: serde_json::Value = serde_json::from_slice(&replay.stdout).expect("json");
    let value: serde_json::Value = serde_json::from_str(made).expect("json");
    assert_eq!(replayed, value);
    assert!(
        stderr(&replay).is_empty(),
        "no provider was used, nothing to warn"
    );

    // A snippet that is not in the article is a soft problem: a warning.
    let mut soft = value.clone();
    soft["editing_instructions"]["insert_subheadings"][0]["after_text_snippet"] =
        "not anywhere in it".into();
    fs::write(dir.path().join("soft.json"), soft.to_string()).expect("write");
    let warned = run(
        "articleizer",
        &["instructions", "--instructions", "soft.json"],
        EXAMPLE.as_bytes(),
        Some(dir.path()),
    );
    assert_eq!(warned.status.code(), Some(0));
    assert_eq!(
        stderr(&warned).trim(),
        "articleizer: warning: editing_instructions.insert_subheadings[0].after_text_snippet is not in the article"
    );
    // An empty title is a hard one.
    let mut bad = value.clone();
    bad["editing_instructions"]["yaml_updates"]["title"] = " ".into();
    fs::write(dir.path().join("bad.json"), bad.to_string()).expect("write");
    let bad = run(
        "articleizer",
        &["instructions", "--instructions", "bad.json"],
        EXAMPLE.as_bytes(),
        Some(dir.path()),
    );
    assert_eq!(bad.status.code(), Some(1));
    assert_eq!(
        stderr(&bad).trim(),
        "articleizer: the instructions have 1 problem: editing_instructions.yaml_updates.title is empty; the answer is in bad.json"
    );

    fs::write(
        dir.path().join("broken.json"),
        "{\"editing_instructions\": {",
    )
    .expect("write");
    let broken = run(
        "articleizer",
        &["instructions", "--instructions", "broken.json"],
        EXAMPLE.as_bytes(),
        Some(dir.path()),
    );
    assert_eq!(broken.status.code(), Some(2));
    assert!(
        stderr(&broken).starts_with("articleizer: broken.json: no JSON object in the response"),
        "{}",
        stderr(&broken)
    );
    assert_eq!(stderr(&broken).lines().count(), 1);
}

#[test]
fn prompt_holds_the_article() {
    let out = run(
        "articleizer",
        &["prompt", "--site-url", "https://mikelev.in/"],
        EXAMPLE.as_bytes(),
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let prompt = stdout(&out);
    assert!(prompt.contains(EXAMPLE));
    assert!(prompt.contains("https://mikelev.in followed by the"));
}

#[test]
fn errors_are_one_line_with_a_non_zero_exit() {
    let empty = run("articleizer", &["instructions"], b"  \n", None);
    assert_eq!(empty.status.code(), Some(2));
    assert_eq!(stderr(&empty).trim(), "articleizer: the article is empty");
    // A two-line note is edited too (no subheadings), not refused.
    let short = run(
        "articleizer",
        &["instructions"],
        b"Title\n\nOne line.\n",
        None,
    );
    assert_eq!(short.status.code(), Some(0), "{}", stderr(&short));
    let bare = run("articleizer", &[], b"", None);
    assert_eq!(bare.status.code(), Some(2));
    assert_eq!(stderr(&bare).trim(), "articleizer: the article is empty");
}

/// A loopback OpenAI-compatible server listing `models` (`GET /models`)
/// and answering every POST with the valid answer.
fn local_server(models: &[&str]) -> (tokio::runtime::Runtime, wiremock::MockServer) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let list: Vec<serde_json::Value> = models
        .iter()
        .map(|m| serde_json::json!({ "id": m }))
        .collect();
    let server = runtime.block_on(async {
        let server = wiremock::MockServer::start().await;
        wiremock::Mock::given(wiremock::matchers::method("GET"))
            .and(wiremock::matchers::path("/v1/models"))
            .respond_with(wiremock::ResponseTemplate::new(200).set_body_json(serde_json::json!({ "data": list })))
            .mount(&server)
            .await;
        wiremock::Mock::given(wiremock::matchers::method("POST"))
            .respond_with(wiremock::ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "model": "served", "choices": [{ "message": { "content": e2e::VALID_ANSWER }, "finish_reason": "stop" }]
            })))
            .mount(&server)
            .await;
        server
    });
    (runtime, server)
}

#[test]
fn a_local_server_without_model_is_asked_for_its_models() {
    let (_runtime, one) = local_server(&["llama3.2:3b"]);
    let base = format!("{}/v1", one.uri());
    let out = run(
        "articleizer",
        &[
            "instructions",
            "--provider",
            "openai",
            "--base-url",
            &base,
            "--no-cache",
        ],
        EXAMPLE.as_bytes(),
        None,
    );
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
    let out = run(
        "articleizer",
        &[
            "instructions",
            "--provider",
            "openai",
            "--base-url",
            &base,
            "--no-cache",
        ],
        EXAMPLE.as_bytes(),
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim(),
        format!("articleizer: {base} has several models; pass --model with one of: llama3.2:3b, qwen3:8b")
    );
}

#[test]
fn keys_are_set_listed_and_never_shown() {
    let config = tempfile::tempdir().expect("temp dir");
    let env = [("XDG_CONFIG_HOME", config.path().to_str().expect("utf-8"))];
    let file = config.path().join("articleizer/keys.toml");
    let path = run_with_env("articleizer", &["keys", "path"], b"", None, &env);
    assert_eq!(stdout(&path).trim(), file.display().to_string());
    let key = "sk-ant-api03-e2e-keys-test-7781";
    let set = run_with_env(
        "articleizer",
        &["keys", "set", "work"],
        format!("{key}\n").as_bytes(),
        None,
        &env,
    );
    assert!(set.status.success(), "{}", stderr(&set));
    assert!(stderr(&set).contains("saved work (anthropic)"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&file)
            .expect("the keys file")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    run_with_env(
        "articleizer",
        &["keys", "set", "gemini"],
        b"AIza-e2e-test\n",
        None,
        &env,
    );
    let list = run_with_env("articleizer", &["keys", "list"], b"", None, &env);
    let listed = stdout(&list);
    assert!(
        listed.contains(&format!("gemini\tgemini\t{}", file.display())),
        "{listed}"
    );
    assert!(listed.contains("work\tanthropic\t"), "{listed}");
    for out in [&set, &list] {
        assert!(
            !stdout(out).contains(key) && !stderr(out).contains(key),
            "a key shown"
        );
    }
    let empty = run_with_env("articleizer", &["keys", "set", "none"], b"\n", None, &env);
    assert_eq!(empty.status.code(), Some(2));
    assert_eq!(
        stderr(&empty).trim(),
        "articleizer: no key given; nothing saved"
    );
}

#[test]
fn completions_and_a_man_page() {
    let bash = run("articleizer", &["completions", "bash"], b"", None);
    assert!(bash.status.success());
    assert!(stdout(&bash).contains("complete -F") && stdout(&bash).contains("preview"));
    for shell in ["zsh", "fish"] {
        let out = run("articleizer", &["completions", shell], b"", None);
        assert!(
            out.status.success() && stdout(&out).contains("batch"),
            "{shell}"
        );
    }
    let man = run("articleizer", &["man"], b"", None);
    assert!(
        stdout(&man).starts_with(".ie \\n(.g .ds Aq") || stdout(&man).contains(".TH articleizer")
    );
    let bad = run("articleizer", &["completions", "tcsh"], b"", None);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn init_then_a_run_from_elsewhere_uses_the_configured_site() {
    let home = tempfile::tempdir().expect("temp dir");
    let config_home = home.path().join("config");
    let posts = home.path().join("blog/_posts");
    fs::create_dir_all(&posts).expect("mkdir");
    let env = [("XDG_CONFIG_HOME", config_home.to_str().expect("utf-8"))];
    let init = run_with_env(
        "articleizer",
        &[
            "init",
            "--site-url",
            "https://blog.example.org",
            "--author",
            "Ada",
            "--posts",
            posts.to_str().expect("utf-8"),
        ],
        b"",
        None,
        &env,
    );
    assert!(init.status.success(), "{}", stderr(&init));
    let file = config_home.join("articleizer/config.toml");
    assert_eq!(stdout(&init).trim(), file.display().to_string());
    let text = fs::read_to_string(&file).expect("written");
    assert!(text.starts_with("# articleizer and sanitizer"), "commented");
    let options = sanitizer::Options::from_config(&text).expect("the sanitizer reads it");
    assert_eq!(options.speaker.author, "Ada");
    let again = run_with_env(
        "articleizer",
        &["init", "--site-url", "x", "--author", "y", "--posts", "z"],
        b"",
        None,
        &env,
    );
    assert_eq!(
        again.status.code(),
        Some(2),
        "never over an existing configuration"
    );
    assert!(stderr(&again).contains("exists already"));

    let shown = run_with_env("articleizer", &["config"], b"", Some(home.path()), &env);
    let shown_text = stdout(&shown);
    assert!(
        shown_text.contains(&format!("looked for {}: read", file.display())),
        "{shown_text}"
    );
    assert!(
        shown_text.contains(&format!(
            "blog: {} (base URL https://blog.example.org",
            posts.display()
        )),
        "{shown_text}"
    );

    // From another folder: the post goes to the configured folder, with
    // the configured URLs, and no notice about missing configuration.
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let out = run_with_env(
        "articleizer",
        &["--date", "2024-06-01"],
        EXAMPLE.as_bytes(),
        Some(elsewhere.path()),
        &env,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let written = std::path::PathBuf::from(stdout(&out).trim());
    assert!(written.starts_with(&posts), "{}", written.display());
    let post = fs::read_to_string(&written).expect("the post");
    assert!(
        post.contains(
            "canonical_url: \"https://blog.example.org/teaching-a-static-site-to-explain-itself/\""
        ),
        "{post}"
    );
    assert!(!stderr(&out).contains("no configuration found"));
}

#[test]
fn without_configuration_a_run_says_so_and_a_missing_folder_gets_a_hint() {
    let empty = tempfile::tempdir().expect("temp dir");
    let out = run("articleizer", &[], EXAMPLE.as_bytes(), Some(empty.path()));
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("note: no configuration found (looked for config.toml"),
        "{err}"
    );
    assert!(
        err.contains("the target directory posts does not exist; create it (mkdir -p posts)"),
        "{err}"
    );
    let shown = run("articleizer", &["config"], b"", Some(empty.path()));
    assert!(stdout(&shown).contains("no configuration file: built-in defaults"));
    assert!(stdout(&shown).contains("permalink_style = /:slug/"));
}

#[test]
fn a_relative_target_path_is_read_from_the_configuration_folder() {
    let site = tempfile::tempdir().expect("temp dir");
    fs::create_dir_all(site.path().join("_posts")).expect("mkdir");
    let config = site.path().join("site.toml");
    fs::write(&config, "[targets.site]\npath = \"_posts\"\n").expect("config");
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let out = run(
        "articleizer",
        &[
            "--config",
            config.to_str().expect("utf-8"),
            "--target",
            "site",
            "--date",
            "2024-06-01",
        ],
        EXAMPLE.as_bytes(),
        Some(elsewhere.path()),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::path::Path::new(stdout(&out).trim()).starts_with(site.path().join("_posts")));
}

#[test]
fn a_mistyped_command_gets_a_suggestion() {
    for args in [
        &["previwe", "x.md"][..],
        &["previwe"][..],
        &["batc", "posts"][..],
    ] {
        let out = run("articleizer", args, b"", None);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let wanted = if args[0] == "batc" {
            "batch"
        } else {
            "preview"
        };
        assert_eq!(
            stderr(&out).trim(),
            format!("articleizer: no file {} and no command of that name; did you mean `articleizer {wanted}`?", args[0])
        );
    }
}

#[test]
fn models_are_listed_from_the_server() {
    let (_runtime, server) = local_server(&["qwen3:8b", "llama3.2:3b"]);
    let base = format!("{}/v1", server.uri());
    let out = run(
        "articleizer",
        &[
            "models",
            "--provider",
            "openai",
            "--base-url",
            &base,
            "--model",
            "qwen3:8b",
        ],
        b"",
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "  llama3.2:3b\n* qwen3:8b\n");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let gemini = runtime.block_on(async {
        let server = wiremock::MockServer::start().await;
        wiremock::Mock::given(wiremock::matchers::method("GET"))
            .and(wiremock::matchers::path("/models"))
            .and(wiremock::matchers::header("x-goog-api-key", KEY))
            .respond_with(wiremock::ResponseTemplate::new(200).set_body_json(serde_json::json!({ "models": [
                { "name": "models/gemini-flash-latest", "supportedGenerationMethods": ["generateContent"] },
                { "name": "models/text-embedding-004", "supportedGenerationMethods": ["embedContent"] }
            ] })))
            .mount(&server)
            .await;
        server
    });
    let uri = gemini.uri();
    let out = run_with_env(
        "articleizer",
        &["models", "--provider", "gemini", "--base-url", &uri],
        b"",
        None,
        &[("GEMINI_API_KEY", KEY)],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "  gemini-flash-latest\n",
        "only models that write"
    );
    let offline = run("articleizer", &["models"], b"", None);
    assert_eq!(offline.status.code(), Some(2));
    assert!(stderr(&offline).contains("the offline editor has no models"));
}

#[test]
fn flags_mean_the_same_everywhere_and_preview_takes_no_write_flags() {
    let help = stdout(&run("articleizer", &["--help"], b"", None));
    let preview = stdout(&run("articleizer", &["preview", "--help"], b"", None));
    for flag in [
        "--target",
        "--date",
        "--permalink-style",
        "--post-template",
        "--publish",
        "--prompt-template",
    ] {
        assert!(help.contains(flag) && preview.contains(flag), "{flag}");
    }
    for flag in ["--dry-run", "--force", "--draft", "--open", "--no-wait"] {
        assert!(help.contains(flag), "{flag}");
        assert!(!preview.contains(flag), "preview has no use for {flag}");
    }
    let refused = run("articleizer", &["preview", "--dry-run", "x.md"], b"", None);
    assert_eq!(refused.status.code(), Some(2));
    let prompt = stdout(&run("articleizer", &["prompt", "--help"], b"", None));
    assert!(prompt.contains("--prompt-template") && prompt.contains("--permalink-style"));
    // --permalink-style changes where the post says it lives.
    let out = run(
        "articleizer",
        &["--dry-run", "--permalink-style", "/notes/:slug/"],
        EXAMPLE.as_bytes(),
        None,
    );
    assert!(
        stdout(&out).contains("permalink: \"/notes/teaching-a-static-site-to-explain-itself/\"")
    );
}

#[test]
fn verbose_says_why_each_attempt_is_tried_again() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let server = runtime.block_on(async {
        let server = wiremock::MockServer::start().await;
        wiremock::Mock::given(wiremock::matchers::method("POST"))
            .respond_with(wiremock::ResponseTemplate::new(503).set_body_json(
                serde_json::json!({ "error": { "code": 503, "message": "overloaded" } }),
            ))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        wiremock::Mock::given(wiremock::matchers::method("POST"))
            .respond_with(e2e::gemini_answer(e2e::VALID_ANSWER))
            .mount(&server)
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
    let out = run_with_env(
        "articleizer",
        &args,
        EXAMPLE.as_bytes(),
        None,
        &[("GEMINI_API_KEY", KEY)],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("gemini: attempt 1 of 2 failed (HTTP 503"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains(&format!("config: {}", config.display())));
}

#[test]
fn quiet_prints_no_notices() {
    let quiet = run(
        "articleizer",
        &["-q", "--dry-run", "--date", "2099-01-01"],
        EXAMPLE.as_bytes(),
        None,
    );
    assert!(quiet.status.success());
    assert_eq!(stderr(&quiet), "", "no editor line, no future-date warning");
    let loud = run(
        "articleizer",
        &["--dry-run", "--date", "2099-01-01"],
        EXAMPLE.as_bytes(),
        None,
    );
    assert!(stderr(&loud).contains("editor:") && stderr(&loud).contains("in the future"));
    let instructions = run(
        "articleizer",
        &["instructions", "-q"],
        EXAMPLE.as_bytes(),
        None,
    );
    assert_eq!(stderr(&instructions), "");
}

#[test]
fn help_lists_the_commands() {
    let help = stdout(&run("articleizer", &["--help"], b"", None));
    assert!(help.contains("instructions") && help.contains("prompt"));
    let prompt_help = stdout(&run("articleizer", &["prompt", "--help"], b"", None));
    assert!(prompt_help.contains("--template") && prompt_help.contains("--site-url"));
    let instructions_help = stdout(&run("articleizer", &["instructions", "--help"], b"", None));
    for flag in [
        "--provider",
        "--model",
        "--base-url",
        "--key",
        "--no-cache",
        "--no-fix",
        "--instructions",
        "GEMINI_API_KEY",
    ] {
        assert!(
            instructions_help.contains(flag),
            "instructions --help lacks {flag}"
        );
    }
}

/// A loopback Gemini answering with `status` and `body`, for the binary.
fn mock_gemini(
    status: u16,
    body: serde_json::Value,
) -> (tokio::runtime::Runtime, wiremock::MockServer) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let server = e2e::mock_server(
        &runtime,
        wiremock::ResponseTemplate::new(status).set_body_json(body),
    );
    (runtime, server)
}

const KEY: &str = "e2e-secret-key-5521";

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
    let first = run_with_env("articleizer", &args, EXAMPLE.as_bytes(), None, &env);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stderr(&first).contains("articleizer: config: none found"),
        "-v names the config"
    );
    assert!(
        stderr(&first).contains("answered by gemini-mock-1"),
        "{}",
        stderr(&first)
    );
    let logs = run_with_env("articleizer", &["logs"], b"", None, &env);
    let table = stdout(&logs);
    assert!(table.starts_with("time "), "{table}");
    assert!(
        table.contains("gemini     gemini-test") && table.contains("answered"),
        "{table}"
    );
    let json = run_with_env(
        "articleizer",
        &["logs", "--json", "-n", "1"],
        b"",
        None,
        &env,
    );
    let record: serde_json::Value =
        serde_json::from_str(stdout(&json).trim()).expect("one JSON line");
    assert_eq!(record["outcome"], "answered");
    let second = run_with_env("articleizer", &args, EXAMPLE.as_bytes(), None, &env);
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
    // (run_with_env scanned the cache too; this says so where it matters.)
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
    let out = run_with_env(
        "articleizer",
        &["instructions", "--no-cache", "--base-url", uri.as_str()],
        EXAMPLE.as_bytes(),
        None,
        &[("GEMINI_API_KEY", KEY)],
    );
    assert_eq!(out.status.code(), Some(75));
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("quota is exhausted for the day"));
    assert!(out.stdout.is_empty());
}

#[test]
fn a_missing_key_says_what_to_set() {
    let out = run(
        "articleizer",
        &["instructions", "--provider", "anthropic"],
        EXAMPLE.as_bytes(),
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("articleizer: no key for anthropic: set ANTHROPIC_API_KEY"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_keys_file_readable_by_others_gets_a_warning_and_never_shows_the_key() {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().expect("temp dir");
    let keys = home.path().join("articleizer/keys.toml");
    std::fs::create_dir_all(keys.parent().expect("dir")).expect("mkdir");
    std::fs::write(&keys, "[keys]\nwork = \"k-keysfile-secret-8812\"\n").expect("keys");
    let config = home.path().join("config.toml");
    std::fs::write(&config, "[articleizer]\nattempts = 1\ntimeout_secs = 2\n").expect("config");
    let env = [("XDG_CONFIG_HOME", home.path().to_str().expect("utf-8"))];
    let args = [
        "instructions",
        "--config",
        config.to_str().expect("utf-8"),
        "--provider",
        "gemini",
        "--key",
        "work",
        "--base-url",
        "http://127.0.0.1:9",
        "--no-cache",
    ];
    for (mode, warned) in [(0o644, true), (0o600, false)] {
        std::fs::set_permissions(&keys, std::fs::Permissions::from_mode(mode)).expect("chmod");
        let out = run_with_env("articleizer", &args, EXAMPLE.as_bytes(), None, &env);
        let err = stderr(&out);
        assert_eq!(
            err.contains("is readable by others; run: chmod 600"),
            warned,
            "{mode:o}: {err}"
        );
        assert!(
            !err.contains("k-keysfile-secret-8812")
                && !stdout(&out).contains("k-keysfile-secret-8812")
        );
        assert_eq!(out.status.code(), Some(69), "{err}");
    }
}

#[test]
fn a_named_key_that_does_not_exist_is_an_error_not_the_offline_editor() {
    let dir = tempfile::tempdir().expect("temp dir");
    let keys = dir.path().join("keys.toml");
    fs::write(&keys, "gemini = \"a-real-looking-key-123\"\n").expect("write");
    let config = dir.path().join("config.toml");
    fs::write(
        &config,
        format!("[articleizer]\nkeys_files = [\"{}\"]\n", keys.display()),
    )
    .expect("write");
    let out = run(
        "articleizer",
        &[
            "instructions",
            "--config",
            config.to_str().expect("utf-8"),
            "--key",
            "no-such-key",
        ],
        EXAMPLE.as_bytes(),
        None,
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("no-such-key"), "{err}");
    assert!(!err.contains("offline"), "{err}");
    assert!(stdout(&out).is_empty());
}
