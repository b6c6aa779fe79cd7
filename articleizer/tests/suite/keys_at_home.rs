//! Keys stay where they belong: a named key goes only to its own
//! provider; a project's configuration gets no key for its base URL until
//! the user trusts it; every run that sends a key names the host; config
//! and keys files are private whatever the umask.

use e2e::{articleizer, stderr, stdout, MockProvider};
use serde_json::json;
use std::fs;
use std::path::Path;
use wiremock::{MockServer, ResponseTemplate};

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
                let server = MockProvider::new().answer(ResponseTemplate::new(200).set_body_json(json!({ "model": "claude-mock", "stop_reason": "end_turn", "content": [{ "type": "text", "text": e2e::VALID_ANSWER }] }))).path("/messages").answer(ResponseTemplate::new(200).set_body_json(json!({ "model": "served", "choices": [{ "message": { "content": e2e::VALID_ANSWER }, "finish_reason": "stop" }] }))).path("/v1/chat/completions").answer(e2e::gemini_answer(e2e::VALID_ANSWER)).start().await;
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

    let listed = articleizer()
        .args(["keys", "list", "--config", arg(&config)])
        .envs(&env)
        .output();
    assert!(
        stdout(&listed).contains("work\tanthropic"),
        "{}",
        stdout(&listed)
    );

    let out = articleizer()
        .args(base)
        .stdin(EXAMPLE.as_bytes())
        .envs(&env)
        .output();
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
        let conflict = articleizer()
            .args([&base[..], &["--provider", provider, "--no-cache"]].concat())
            .stdin(EXAMPLE.as_bytes())
            .envs(&env)
            .output();
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
        articleizer()
            .args(args)
            .current_dir(project.path())
            .envs(env)
            .output()
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
    articleizer()
        .args([
            "init",
            "--site-url",
            "https://example.org",
            "--author",
            "Me",
            "--posts",
            "/tmp/posts",
        ])
        .umask(0o000)
        .envs(&env)
        .assert_success();
    let folder = config_home.join("articleizer");
    assert_eq!(mode(&config_home), 0o700, "created private too");
    assert_eq!(mode(&folder), 0o700);
    assert_eq!(mode(&folder.join("config.toml")), 0o600);

    fs::remove_dir_all(&config_home).expect("start over");
    let set = articleizer()
        .args(["keys", "set", "work"])
        .stdin(format!("{ANTHROPIC_KEY}\n").as_bytes())
        .umask(0o000)
        .envs(&env)
        .assert_success();
    assert!(!stderr(&set).contains(ANTHROPIC_KEY));
    assert_eq!(mode(&folder), 0o700);
    assert_eq!(mode(&folder.join("keys.toml")), 0o600);

    // The cache a paid answer and the call log go into, too.
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let server = server(&runtime);
    let draft = home.path().join("draft.md");
    fs::write(&draft, EXAMPLE).expect("draft");
    let cache_home = home.path().join("cache");
    let base = format!("{}/v1", server.uri());
    articleizer()
        .args([
            "instructions",
            "--provider",
            "openai",
            "--model",
            "m",
            "--base-url",
            &base,
            arg(&draft),
        ])
        .umask(0o000)
        .envs(&[
            ("XDG_CONFIG_HOME", arg(&config_home)),
            ("XDG_CACHE_HOME", arg(&cache_home)),
            ("OPENAI_API_KEY", OPENAI_KEY),
        ])
        .assert_success();
    let cache = cache_home.join("articleizer");
    assert_eq!(mode(&cache_home), 0o700, "created private too");
    assert_eq!(mode(&cache), 0o700);
    assert_eq!(mode(&cache.join("calls.jsonl")), 0o600);
}

/// An untrusted project's configuration may not name files outside its
/// folder (a template naming the keys file would send the keys to the
/// provider or copy them into a post), nor where keys are kept; a
/// `config.toml` linked into the user's folder is still the project's.
#[test]
fn a_project_config_names_no_file_outside_its_folder_until_trusted() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let server = server(&runtime);
    let project = tempfile::tempdir().expect("temp dir");
    let user = tempfile::tempdir().expect("temp dir");
    let user_config = user.path().join("config");
    let own = user_config.join("articleizer");
    fs::create_dir_all(&own).expect("mkdir");
    let keys = own.join("keys.toml");
    fs::write(&keys, format!("[keys]\nanthropic = \"{ANTHROPIC_KEY}\"\n")).expect("keys");
    fs::write(project.path().join("draft.md"), EXAMPLE).expect("draft");
    fs::write(project.path().join("mine.md"), "{{ article }}\n").expect("template");
    let env = [
        ("OPENAI_API_KEY", OPENAI_KEY),
        ("XDG_CONFIG_HOME", arg(&user_config)),
    ];
    let config = project.path().join("config.toml");
    let base = format!("{}/v1", server.uri());
    let refused = [
        format!("[articleizer]\nprompt_template = \"{}\"\n", keys.display()),
        "[articleizer]\nprompt_template = \"../keys.toml\"\n".to_string(),
        "[articleizer]\npost_template = \"~/.config/articleizer/keys.toml\"\n".to_string(),
        "[articleizer]\nkeys_files = [\"leak/keys.toml\"]\n".to_string(),
        format!("[targets.posts]\npath = \"{}\"\n", own.display()),
    ];
    for text in &refused {
        fs::write(&config, text).expect("config");
        let out = articleizer()
            .args([
                "draft.md",
                "--dry-run",
                "--provider",
                "openai",
                "--model",
                "m",
                "--base-url",
                &base,
            ])
            .current_dir(project.path())
            .envs(&env)
            .output();
        let said = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{text}: {said}");
        assert!(
            said.contains("untrusted project configuration may not set")
                && said.contains("articleizer config trust"),
            "{text}: {said}"
        );
        assert!(!stdout(&out).contains(ANTHROPIC_KEY), "{text}");
    }
    assert!(received(&runtime, &server).is_empty(), "nothing was sent");
    // Inside its folder, a template of the project's own is its business.
    fs::write(&config, "[articleizer]\nprompt_template = \"mine.md\"\n").expect("config");
    articleizer()
        .args(["prompt", "draft.md"])
        .current_dir(project.path())
        .envs(&env)
        .assert_success();
    // A project's config.toml linked to a file in the user's folder is
    // still the project's: its base URL gets no key.
    let planted = own.join("planted.toml");
    fs::write(
        &planted,
        format!("[articleizer]\nprovider = \"openai\"\nmodel = \"m\"\nbase_url = \"{base}\"\n"),
    )
    .expect("planted");
    fs::remove_file(&config).expect("rm");
    std::os::unix::fs::symlink(&planted, &config).expect("symlink");
    let linked = articleizer()
        .args(["instructions", "draft.md", "--no-cache"])
        .current_dir(project.path())
        .envs(&env)
        .assert_code(2);
    assert!(
        stderr(&linked).contains("not trusted"),
        "{}",
        stderr(&linked)
    );
    assert!(received(&runtime, &server).is_empty(), "no key went out");
}

/// A server asked for its models with the key is named before it is
/// asked, even when the run then stops (two models, none chosen).
#[test]
fn the_host_is_named_before_the_model_list_is_asked_for_with_the_key() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let server = runtime.block_on(async {
        let server = MockProvider::new()
            .answer(
                ResponseTemplate::new(200)
                    .set_body_json(json!({ "data": [{ "id": "one" }, { "id": "two" }] })),
            )
            .get()
            .path("/v1/models")
            .start()
            .await;
        server
    });
    let dir = tempfile::tempdir().expect("temp dir");
    let draft = dir.path().join("draft.md");
    fs::write(&draft, EXAMPLE).expect("draft");
    let base = format!("{}/v1", server.uri());
    let out = articleizer()
        .args([
            "instructions",
            "--provider",
            "openai",
            "--base-url",
            &base,
            arg(&draft),
        ])
        .current_dir(dir.path())
        .envs(&[("OPENAI_API_KEY", OPENAI_KEY)])
        .output();
    let said = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert_eq!(
        received(&runtime, &server).len(),
        1,
        "the list was asked for"
    );
    let host = server.uri().trim_start_matches("http://").to_string();
    assert!(
        said.contains(&format!("key: the openai key is sent to {host} only")),
        "{said}"
    );
}

/// A key that goes through a proxy (the usual variables, which the HTTP
/// client obeys) says so; one the proxy is skipped for does not.
#[test]
fn the_proxy_a_key_goes_through_is_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let draft = dir.path().join("draft.md");
    fs::write(&draft, EXAMPLE).expect("draft");
    let args = [
        "instructions",
        "--provider",
        "openai",
        "--model",
        "m",
        "--base-url",
        "http://models.example.test/v1",
        "--no-cache",
        arg(&draft),
    ];
    // Nothing listens on the proxy's port: the run fails after saying.
    let proxied = articleizer()
        .args(args)
        .current_dir(dir.path())
        .envs(&[
            ("OPENAI_API_KEY", OPENAI_KEY),
            ("HTTP_PROXY", "http://127.0.0.1:9"),
            ("NO_PROXY", ""),
        ])
        .output();
    assert!(
        stderr(&proxied).contains(
            "key: the openai key is sent to models.example.test only (through the proxy 127.0.0.1:9)"
        ),
        "{}",
        stderr(&proxied)
    );
    let exempt = articleizer()
        .args(args)
        .current_dir(dir.path())
        .envs(&[
            ("OPENAI_API_KEY", OPENAI_KEY),
            ("HTTP_PROXY", "http://127.0.0.1:9"),
            ("NO_PROXY", "example.test"),
        ])
        .output();
    let said = stderr(&exempt);
    assert!(
        said.contains("key: the openai key is sent to models.example.test only")
            && !said.contains("proxy"),
        "{said}"
    );
}
