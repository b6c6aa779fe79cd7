//! Keys stay where they belong: a named key goes only to its own
//! provider; a project's configuration gets no key for its base URL until
//! the user trusts it; every run that sends a key names the host; config
//! and keys files are private whatever the umask.

use e2e::{run_with_env, run_with_umask_env, stderr, stdout};
use serde_json::json;
use std::fs;
use std::path::Path;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const EXAMPLE: &str = include_str!("../../../examples/transcript.md");
/// An Anthropic-shaped key, saved in a keys file (where the runs' key
/// scan would find it: its outputs are checked here instead).
const ANTHROPIC_KEY: &str = "sk-ant-e2e-home-key-5521";
const OPENAI_KEY: &str = "sk-e2e-project-key-7781";

fn arg(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// A loopback server answering Anthropic's and OpenAI's chat calls, and
/// Gemini's, each with the valid answer.
fn server(runtime: &tokio::runtime::Runtime) -> MockServer {
    runtime.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/messages"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "model": "claude-mock", "stop_reason": "end_turn", "content": [{ "type": "text", "text": e2e::VALID_ANSWER }] })))
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path("/v1/chat/completions"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "model": "served", "choices": [{ "message": { "content": e2e::VALID_ANSWER }, "finish_reason": "stop" }] })))
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .respond_with(e2e::gemini_answer(e2e::VALID_ANSWER))
            .mount(&server)
            .await;
        server
    })
}

fn received(runtime: &tokio::runtime::Runtime, server: &MockServer) -> Vec<wiremock::Request> {
    runtime
        .block_on(server.received_requests())
        .unwrap_or_default()
}

#[test]
fn a_named_key_goes_to_its_own_provider_and_a_conflict_names_both() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let server = server(&runtime);
    let dir = tempfile::tempdir().expect("temp dir");
    let keys = dir.path().join("keys.toml");
    fs::write(&keys, format!("[keys]\nwork = \"{ANTHROPIC_KEY}\"\n")).expect("keys");
    let config = dir.path().join("config.toml");
    fs::write(
        &config,
        format!(
            "[articleizer]\nkeys_files = [\"{}\"]\ncache_dir = \"{}\"\n",
            keys.display(),
            dir.path().join("cache").display()
        ),
    )
    .expect("config");
    let uri = server.uri();
    let env = [];
    let base = [
        "instructions",
        "--config",
        arg(&config),
        "--key",
        "work",
        "--base-url",
        &uri,
    ];

    let listed = run_with_env(
        "articleizer",
        &["keys", "list", "--config", arg(&config)],
        b"",
        None,
        &env,
    );
    assert!(
        stdout(&listed).contains("work\tanthropic"),
        "{}",
        stdout(&listed)
    );

    let out = run_with_env("articleizer", &base, EXAMPLE.as_bytes(), None, &env);
    let said = stderr(&out);
    assert!(!said.contains(ANTHROPIC_KEY) && !stdout(&out).contains(ANTHROPIC_KEY));
    assert!(out.status.success(), "{said}");
    let host = uri.trim_start_matches("http://");
    assert!(
        said.contains(&format!(
            "key: the anthropic key \"work\" is sent to {host} only"
        )),
        "{said}"
    );
    let requests = received(&runtime, &server);
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].url.path(), "/messages", "Anthropic's protocol");
    assert_eq!(
        requests[0]
            .headers
            .get("x-api-key")
            .and_then(|v| v.to_str().ok()),
        Some(ANTHROPIC_KEY)
    );

    for provider in ["gemini", "openai"] {
        let conflict = run_with_env(
            "articleizer",
            &[&base[..], &["--provider", provider, "--no-cache"]].concat(),
            EXAMPLE.as_bytes(),
            None,
            &env,
        );
        let said = stderr(&conflict);
        assert_eq!(conflict.status.code(), Some(2), "{said}");
        assert!(
            said.contains("--key work is a key for anthropic")
                && said.contains(&format!("--provider says {provider}")),
            "{said}"
        );
    }
    assert_eq!(
        received(&runtime, &server).len(),
        1,
        "nothing sent on a conflict"
    );
}

#[test]
fn a_project_config_gets_no_key_for_its_base_url_until_trusted() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let server = server(&runtime);
    let project = tempfile::tempdir().expect("temp dir");
    let user = tempfile::tempdir().expect("temp dir");
    let user_config = user.path().join("config");
    let config = project.path().join("config.toml");
    let text = format!(
        "[articleizer]\nprovider = \"openai\"\nmodel = \"m\"\nbase_url = \"{}/v1\"\ncache_dir = \"{}\"\n",
        server.uri(),
        project.path().join("cache").display()
    );
    fs::write(&config, &text).expect("config");
    fs::write(project.path().join("draft.md"), EXAMPLE).expect("draft");
    let env = [
        ("OPENAI_API_KEY", OPENAI_KEY),
        ("XDG_CONFIG_HOME", arg(&user_config)),
    ];
    let run = |args: &[&str], env: &[(&str, &str)]| {
        run_with_env("articleizer", args, b"", Some(project.path()), env)
    };
    let draft = ["instructions", "draft.md", "--no-cache"];

    let refused = run(&draft, &env);
    let said = stderr(&refused);
    assert_eq!(refused.status.code(), Some(2), "{said}");
    assert_eq!(said.lines().count(), 1, "one line: {said}");
    assert!(
        said.contains("not trusted") && said.contains("articleizer config trust config.toml"),
        "{said}"
    );
    assert!(received(&runtime, &server).is_empty(), "no request at all");

    // A keyless local server (Ollama) gets the article without trust.
    let keyless = run(&draft, &[("XDG_CONFIG_HOME", arg(&user_config))]);
    assert!(keyless.status.success(), "{}", stderr(&keyless));
    let requests = received(&runtime, &server);
    assert_eq!(requests.len(), 1);
    assert!(requests[0].headers.get("authorization").is_none(), "no key");

    let trusted = run(&["config", "trust"], &env);
    assert!(trusted.status.success(), "{}", stderr(&trusted));
    let record = user_config.join("articleizer/trusted.toml");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| fs::metadata(p).expect("exists").permissions().mode() & 0o777;
        assert_eq!(mode(&record), 0o600);
        assert_eq!(mode(&user_config.join("articleizer")), 0o700);
    }
    let sent = run(&draft, &env);
    let said = stderr(&sent);
    assert!(sent.status.success(), "{said}");
    let host = server.uri().trim_start_matches("http://").to_string();
    assert!(
        said.contains(&format!("key: the openai key is sent to {host} only")),
        "{said}"
    );
    let requests = received(&runtime, &server);
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[1]
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok()),
        Some(format!("Bearer {OPENAI_KEY}").as_str())
    );

    // Changed since it was trusted: untrusted again.
    fs::write(&config, format!("{text}# edited\n")).expect("edit");
    let changed = run(&draft, &env);
    assert_eq!(changed.status.code(), Some(2), "{}", stderr(&changed));
    assert_eq!(received(&runtime, &server).len(), 2);

    // The same file named by --config is the user's choice.
    let named = run(&[&draft[..], &["--config", "config.toml"]].concat(), &env);
    assert!(named.status.success(), "{}", stderr(&named));
}

#[cfg(unix)]
#[test]
fn config_and_keys_files_are_private_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().expect("temp dir");
    let config_home = home.path().join("xdg");
    let env = [("XDG_CONFIG_HOME", arg(&config_home))];
    let mode = |p: &Path| fs::metadata(p).expect("exists").permissions().mode() & 0o777;
    let init = run_with_umask_env(
        "articleizer",
        &[
            "init",
            "--site-url",
            "https://example.org",
            "--author",
            "Me",
            "--posts",
            "/tmp/posts",
        ],
        b"",
        0o000,
        &env,
    );
    assert!(init.status.success(), "{}", stderr(&init));
    let folder = config_home.join("articleizer");
    assert_eq!(mode(&config_home), 0o700, "created private too");
    assert_eq!(mode(&folder), 0o700);
    assert_eq!(mode(&folder.join("config.toml")), 0o600);

    fs::remove_dir_all(&config_home).expect("start over");
    let set = run_with_umask_env(
        "articleizer",
        &["keys", "set", "work"],
        format!("{ANTHROPIC_KEY}\n").as_bytes(),
        0o000,
        &env,
    );
    assert!(set.status.success(), "{}", stderr(&set));
    assert!(!stderr(&set).contains(ANTHROPIC_KEY));
    assert_eq!(mode(&folder), 0o700);
    assert_eq!(mode(&folder.join("keys.toml")), 0o600);
}
