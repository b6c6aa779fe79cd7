//! Helpers for the end-to-end tests in `tests/`: finding the workspace's
//! binaries and running them.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::Once;

/// The path of a workspace binary, built first if `cargo test` has not
/// built it (it does when the binary's own package has integration tests,
/// but a filtered run may not).
pub fn binary(name: &str) -> PathBuf {
    static BUILD: Once = Once::new();
    let exe = std::env::current_exe().expect("the test binary knows its path");
    // target/<profile>/deps/e2e-<hash> -> target/<profile>/<name>
    let profile_dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("test binary in target/<profile>/deps");
    let path = profile_dir.join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    BUILD.call_once(|| {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let mut build = Command::new(cargo);
        build.args(["build", "--workspace", "--bins"]);
        if profile_dir.ends_with("release") {
            build.arg("--release");
        }
        let status = build.status().expect("cargo runs");
        assert!(status.success(), "building the workspace binaries failed");
    });
    assert!(path.exists(), "{} was not built", path.display());
    path
}

/// Runs `name` with `args`, feeding `stdin`, in `dir` (or the current
/// directory), with a clean configuration environment: no config file, no
/// API keys, no home.
pub fn run(name: &str, args: &[&str], stdin: &[u8], dir: Option<&std::path::Path>) -> Output {
    run_with_env(name, args, stdin, dir, &[])
}

/// Like [`run`], with extra environment variables.
pub fn run_with_env(
    name: &str,
    args: &[&str],
    stdin: &[u8],
    dir: Option<&std::path::Path>,
    env: &[(&str, &str)],
) -> Output {
    let mut command = Command::new(binary(name));
    command
        .args(args)
        .env_remove("ARTICLEIZER_CONFIG")
        .env_remove("GEMINI_API_KEY")
        .env_remove("GOOGLE_API_KEY")
        .env_remove("OPENAI_API_KEY")
        .env_remove("ANTHROPIC_API_KEY")
        .env("HOME", "/nonexistent-home-for-tests")
        .env("XDG_CONFIG_HOME", "/nonexistent-config-for-tests")
        .env("XDG_CACHE_HOME", "/nonexistent-cache-for-tests")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    let mut child = command.spawn().expect("binary starts");
    let mut input = child.stdin.take().expect("piped stdin");
    let stdin = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        // The binary may exit before reading everything (on an error).
        let _ = input.write_all(&stdin);
    });
    let output = child.wait_with_output().expect("binary runs");
    writer.join().expect("stdin writer finishes");
    output
}

/// Stdout as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Stderr as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A Gemini `generateContent` success carrying `text`, answered by the
/// model `gemini-mock`.
pub fn gemini_answer(text: &str) -> wiremock::ResponseTemplate {
    wiremock::ResponseTemplate::new(200).set_body_json(serde_json::json!({
        "candidates": [{ "content": { "parts": [{ "text": text }] }, "finishReason": "STOP" }],
        "modelVersion": "gemini-mock"
    }))
}

/// A loopback server, run by `runtime`, that answers every POST with
/// `response` (the binaries under test reach it by `--base-url`).
pub fn mock_server(
    runtime: &tokio::runtime::Runtime,
    response: wiremock::ResponseTemplate,
) -> wiremock::MockServer {
    runtime.block_on(async {
        let server = wiremock::MockServer::start().await;
        wiremock::Mock::given(wiremock::matchers::method("POST"))
            .respond_with(response)
            .mount(&server)
            .await;
        server
    })
}
