//! Job records are untrusted files: a name or id that would climb out of
//! its folder is refused before any path is made of it, and a record's
//! base URL never receives a key the rules would not send there.

use super::*;

fn record(name: &str, base_url: &str, remote: Option<&str>, id: &str, post: &Path) -> String {
    json!({
        "name": name, "provider": "gemini", "model": "gemini-flash-latest",
        "base_url": base_url, "kind": "reanalyze", "remote": remote,
        "created": "2026-01-01T00:00:00Z", "phase": "running",
        "members": [{ "id": id, "post": post }], "collected": false,
    })
    .to_string()
}

#[test]
fn records_that_climb_out_or_point_elsewhere_are_refused() {
    let server = Server::start();
    let elsewhere = Server::start();
    let (site, posts, config) = reanalysis_site(1);
    let uri = server.uri();
    let post = posts.join("2025-01-01-post-0.md");
    let jobs = site.path().join("cache/jobs");
    fs_write(
        &jobs.join("climb.json"),
        &record(
            "../../escaped",
            &uri,
            Some("batches/x"),
            &"a".repeat(64),
            &post,
        ),
    );
    fs_write(
        &jobs.join("victim-rec.json"),
        &record("../victim", &uri, None, &"b".repeat(64), &post),
    );
    let victim = site.path().join("cache/victim.json");
    fs_write(&victim, "{}");
    fs_write(
        &jobs.join("badid.json"),
        &record(
            "badid",
            &uri,
            Some("batches/y"),
            "../../../outside-id",
            &post,
        ),
    );
    let remote_uri = elsewhere.uri();
    fs_write(
        &jobs.join("elsewhere.json"),
        &record(
            "elsewhere",
            &remote_uri,
            Some("batches/z"),
            &"c".repeat(64),
            &post,
        ),
    );
    for route in ["/batches/x", "/batches/y", "/batches/z"] {
        let done = json!({ "name": route.trim_start_matches('/'), "done": true, "metadata": { "state": "BATCH_STATE_SUCCEEDED" }, "response": { "inlinedResponses": { "inlinedResponses": [gemini_result("../../../outside-id")] } } });
        server.answer("GET", route, ok(done.clone()));
        elsewhere.answer("GET", route, ok(done));
    }
    let env = [("GEMINI_API_KEY", KEY)];
    let status = articleizer()
        .args(["batch", "status", "--config", arg(&config)])
        .envs(&env)
        .output();
    let said = format!("{}{}", stdout(&status), stderr(&status));
    for file in ["climb.json", "victim-rec.json", "badid.json"] {
        assert!(
            said.contains(&format!("job record {}", jobs.join(file).display()))
                && said.contains("skipped"),
            "{file}: {said}"
        );
    }
    assert!(
        said.contains("cannot poll: its record says it lives at"),
        "{said}"
    );
    assert!(
        elsewhere.received().is_empty(),
        "the record's host got nothing: {:?}",
        elsewhere.received()
    );
    assert!(server.received().is_empty(), "no skipped record was polled");
    articleizer()
        .args(with(
            &args(&posts, &config, "gemini", &uri),
            &["--reanalyze", "--resume"],
        ))
        .envs(&env)
        .assert_success();
    assert!(victim.exists(), "a record named ../victim removed nothing");
    assert!(!site.path().join("escaped.json").exists());
    assert!(!site.path().join("outside-id.json").exists());
    assert!(elsewhere.received().is_empty());
}

fn fs_write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("a folder")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}
