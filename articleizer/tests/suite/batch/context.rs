//! `batch --contextualize` with interactive calls: the files, their
//! shape, skipping current ones; and `--keys`, moving to the next key when
//! one's daily quota runs out.

use super::*;
use e2e::MockProvider;
use serde_json::{json, Value};
use wiremock::{MockServer, ResponseTemplate};

const CONTEXT: &str = r#"{"s": "How fences get repaired.", "sub": ["nesting", "recovery", "planning"], "kw": ["rust", "markdown", "fences"]}"#;
const KEY_A: &str = "e2e-first-key-secret-5521";
const KEY_B: &str = "e2e-second-key-secret-9034";

/// A loopback Gemini answering `KEY_A` with a daily quota error and any
/// other key with the context answer.
fn gemini(runtime: &tokio::runtime::Runtime) -> MockServer {
    gemini_answering(runtime, CONTEXT)
}

/// A loopback Gemini answering `KEY_A` with a daily quota error and any
/// other key with `answer`.
fn gemini_answering(runtime: &tokio::runtime::Runtime, answer: &str) -> MockServer {
    let daily = json!({ "error": { "code": 429, "message": "Quota exceeded", "status": "RESOURCE_EXHAUSTED", "details": [
        { "@type": "type.googleapis.com/google.rpc.QuotaFailure", "violations": [{ "quotaId": "GenerateRequestsPerDayPerProjectPerModel-FreeTier" }] } ] } });
    runtime.block_on(
        MockProvider::new()
            // Given first, so it wins for KEY_A over the answer to any key.
            .answer(ResponseTemplate::new(429).set_body_json(daily))
            .header("x-goog-api-key", KEY_A)
            .answer(e2e::gemini_answer(answer))
            .start(),
    )
}

/// A keys file naming `KEY_A` "first" and `KEY_B` "second", read by
/// `config`. It lives apart (the returned folder): the run's own folders
/// are scanned for keys.
fn two_keys(config: &Path) -> tempfile::TempDir {
    let apart = tempfile::tempdir().expect("temp dir");
    let keys = apart.path().join("keys.toml");
    std::fs::write(
        &keys,
        format!("[keys]\nfirst = \"{KEY_A}\"\nsecond = \"{KEY_B}\"\n"),
    )
    .expect("keys");
    let mut text = read(config);
    text.push_str(&format!("keys_files = [\"{}\"]\n", keys.display()));
    std::fs::write(config, text).expect("config");
    apart
}

fn gemini_posts(runtime: &tokio::runtime::Runtime, server: &MockServer) -> usize {
    runtime
        .block_on(server.received_requests())
        .map_or(0, |r| r.len())
}

#[test]
fn context_files_in_the_predecessors_shape_made_once_until_the_post_changes() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let server = gemini(&runtime);
    let (_site, posts, config) = reanalysis_site(3);
    let uri = server.uri();
    let base = [
        "batch",
        arg(&posts),
        "--config",
        arg(&config),
        "--contextualize",
        "--provider",
        "gemini",
        "--base-url",
        uri.as_str(),
    ];
    let env = [("GEMINI_API_KEY", KEY_B)];
    let dry = articleizer().args(base).envs(&env).assert_success();
    assert_eq!(stdout(&dry).matches("would write   ").count(), 3);
    assert!(!posts.join("_context").exists(), "a dry run writes nothing");

    let wrote = articleizer()
        .args([&base[..], &["--write"]].concat())
        .envs(&env)
        .assert_success();
    assert!(
        stderr(&wrote).contains("context files: 3 written, 0 current"),
        "{}",
        stderr(&wrote)
    );
    let file = posts.join("_context/2025-01-01-post-0.json");
    let text = read(&file);
    assert_eq!(
        text,
        r#"{"id":"2025-01-01-post-0","d":"2025-01-01","t":"Post 0","s":"How fences get repaired.","sub":["nesting","recovery","planning"],"kw":["rust","markdown","fences"]}"#
    );
    let _: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(
        gemini_posts(&runtime, &server),
        3,
        "dry run answers came from the cache"
    );

    // Current files are left alone; a changed post gets a new one.
    let post = posts.join("2025-01-02-post-1.md");
    std::fs::write(
        &post,
        read(&post).replace("This is post number 1.", "Post one, edited."),
    )
    .expect("edit");
    let again = articleizer()
        .args([&base[..], &["--write"]].concat())
        .envs(&env)
        .output();
    assert!(
        stderr(&again).contains("context files: 1 written, 2 current"),
        "{}",
        stderr(&again)
    );
    assert_eq!(gemini_posts(&runtime, &server), 4);

    // Offline drafts only when asked for by name.
    let refused = articleizer()
        .args([
            "batch",
            arg(&posts),
            "--config",
            arg(&config),
            "--contextualize",
            "--force",
        ])
        .assert_code(2);
    assert!(
        stderr(&refused).contains("batch --contextualize needs an editor"),
        "{}",
        stderr(&refused)
    );
    articleizer()
        .args([
            "batch",
            arg(&posts),
            "--config",
            arg(&config),
            "--contextualize",
            "--force",
            "--provider",
            "offline",
            "--write",
        ])
        .assert_success();
    let shard: Value = serde_json::from_str(&read(&file)).expect("JSON");
    assert_eq!(shard["t"], "Post 0");
    assert!(
        shard["kw"].as_array().is_some_and(|k| !k.is_empty()),
        "{shard}"
    );
}

#[test]
fn keys_in_turn_when_a_daily_quota_runs_out_and_each_keys_count_is_said() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let server = gemini(&runtime);
    let (_site, posts, config) = reanalysis_site(3);
    let _keys = two_keys(&config);
    let uri = server.uri();
    let out = articleizer()
        .args([
            "batch",
            arg(&posts),
            "--config",
            arg(&config),
            "--contextualize",
            "--provider",
            "gemini",
            "--base-url",
            uri.as_str(),
            "--keys",
            "first,second",
            "--jobs",
            "1",
            "--write",
        ])
        .envs(&[("UNUSED_A_KEY", KEY_A), ("UNUSED_B_KEY", KEY_B)])
        .output();
    let said = stderr(&out);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("keys in turn: first, second"), "{said}");
    assert!(
        said.contains("keys: first served 0 (daily quota exhausted), second served 3"),
        "{said}"
    );
    assert_eq!(
        e2e::names(&posts.join("_context"))
            .iter()
            .filter(|n| n.ends_with(".json"))
            .count(),
        3
    );

    // A name not in the keys file is an error before any call.
    let unknown = articleizer()
        .args([
            "batch",
            arg(&posts),
            "--config",
            arg(&config),
            "--contextualize",
            "--provider",
            "gemini",
            "--base-url",
            uri.as_str(),
            "--keys",
            "first,third",
        ])
        .assert_code(2);
    assert!(
        stderr(&unknown).contains("no key named \"third\""),
        "{}",
        stderr(&unknown)
    );
}

#[test]
fn a_single_post_moves_to_the_next_key_too() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let server = gemini_answering(&runtime, e2e::VALID_ANSWER);
    let (_site, _posts, config) = reanalysis_site(0);
    let _keys = two_keys(&config);
    let uri = server.uri();
    let out = articleizer()
        .args([
            "--config",
            arg(&config),
            "--provider",
            "gemini",
            "--base-url",
            uri.as_str(),
            "--keys",
            "first,second",
            "--dry-run",
        ])
        .stdin(EXAMPLE.as_bytes())
        .envs(&[("UNUSED_A_KEY", KEY_A), ("UNUSED_B_KEY", KEY_B)])
        .output();
    let said = stderr(&out);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("key: second; daily quota exhausted: first"),
        "{said}"
    );
    assert!(stdout(&out).starts_with("---\n"), "{}", stdout(&out));
}

/// Context files another tool wrote (the predecessor's contextualizer,
/// paid for already) are kept and said to be; `--force` replaces them.
#[test]
fn context_files_another_tool_wrote_are_kept_unless_forced() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let server = gemini(&runtime);
    let (_site, posts, config) = reanalysis_site(2);
    let folder = posts.join("_context");
    std::fs::create_dir_all(&folder).expect("mkdir");
    let theirs = folder.join("2025-01-01-post-0.json");
    let shard = r#"{"id":"2025-01-01-post-0","d":"2025-01-01","t":"Post 0","s":"Written by the predecessor.","sub":["a"],"kw":["b"]}"#;
    std::fs::write(&theirs, shard).expect("theirs");
    let uri = server.uri();
    let base = [
        "batch",
        arg(&posts),
        "--config",
        arg(&config),
        "--contextualize",
        "--provider",
        "gemini",
        "--base-url",
        uri.as_str(),
        "--write",
    ];
    let env = [("GEMINI_API_KEY", KEY_B)];
    let out = articleizer().args(base).envs(&env).assert_success();
    assert!(
        stderr(&out).contains(
            "context files: 1 written, 0 current, 1 kept (another tool's; --force replaces them)"
        ),
        "{}",
        stderr(&out)
    );
    assert!(
        stdout(&out).contains(&format!(
            "kept          {} (not written by articleizer; --force replaces it)",
            theirs.display()
        )),
        "{}",
        stdout(&out)
    );
    assert_eq!(read(&theirs), shard, "their file as it was");
    assert_eq!(
        gemini_posts(&runtime, &server),
        1,
        "nothing paid for theirs"
    );

    // A second run: ours is current, theirs still kept.
    let again = articleizer().args(base).envs(&env).output();
    assert!(
        stderr(&again).contains("context files: 0 written, 1 current, 1 kept"),
        "{}",
        stderr(&again)
    );
    assert_eq!(gemini_posts(&runtime, &server), 1);

    articleizer()
        .args([&base[..], &["--force"]].concat())
        .envs(&env)
        .assert_success();
    assert!(read(&theirs).contains("How fences get repaired."));
}
