//! `--wait` ends: a job that never ends is polled at most every 5 s (a
//! lower `--poll-secs` is raised, with a notice) and given up at the
//! `--wait-max` deadline, its posts failed (exit 1).

use super::*;

#[test]
fn a_job_that_never_ends_is_polled_at_the_floor_and_given_up_at_the_deadline() {
    let server = Server::start();
    let (site, posts, config) = reanalysis_site(1);
    let uri = server.uri();
    let base = args(&posts, &config, "openai", &uri);
    server.answer("POST", "/files", ok(json!({ "id": "file-in" })));
    server.answer(
        "POST",
        "/batches",
        ok(json!({ "id": "batch_1", "status": "validating" })),
    );
    server.answer(
        "GET",
        "/batches/batch_1",
        ok(json!({ "id": "batch_1", "status": "in_progress" })),
    );
    let out = articleizer()
        .args(with(
            &base,
            &[
                "--model",
                "gpt-4.1-mini",
                "--reanalyze",
                "--via-batch",
                "--wait",
                "--poll-secs",
                "0",
                "--wait-max",
                "2s",
                "--write",
            ],
        ))
        .envs(&[("OPENAI_API_KEY", KEY)])
        .output();
    let said = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("below the floor of 5s"), "{said}");
    assert!(said.contains("stopped waiting after 2s"), "{said}");
    assert!(
        said.contains("had not ended by the --wait-max deadline"),
        "{said}"
    );
    let polls = server
        .received()
        .iter()
        .filter(|(verb, route, _)| verb == "GET" && route == "/batches/batch_1")
        .count();
    // A poll after submitting, then one when the deadline (2 s, under
    // the 5 s floor) comes.
    assert!((1..=2).contains(&polls), "{polls} polls");
    assert!(!read(&posts.join("2025-01-01-post-0.md")).contains("Ai Editorial"));
    drop(site);
}

/// A poll the server never answers within the deadline is cut there too:
/// the run ends (exit 1, the post failed) instead of waiting out the
/// request timeout and its retries.
#[test]
fn a_poll_the_server_holds_is_cut_at_the_deadline() {
    let server = Server::start();
    let (site, posts, config) = reanalysis_site(1);
    let uri = server.uri();
    let base = args(&posts, &config, "openai", &uri);
    server.answer("POST", "/files", ok(json!({ "id": "file-in" })));
    server.answer(
        "POST",
        "/batches",
        ok(json!({ "id": "batch_1", "status": "validating" })),
    );
    // Held for ten minutes: far past the deadline and the request timeout.
    server.answer(
        "GET",
        "/batches/batch_1",
        ok(json!({ "id": "batch_1", "status": "in_progress" }))
            .set_delay(std::time::Duration::from_secs(600)),
    );
    let out = articleizer()
        .args(with(
            &base,
            &[
                "--model",
                "gpt-4.1-mini",
                "--reanalyze",
                "--via-batch",
                "--wait",
                "--wait-max",
                "2s",
                "--write",
            ],
        ))
        .envs(&[("OPENAI_API_KEY", KEY)])
        .output();
    let said = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("had not answered a poll"), "{said}");
    assert!(
        said.contains("had not ended by the --wait-max deadline"),
        "{said}"
    );
    assert!(!read(&posts.join("2025-01-01-post-0.md")).contains("Ai Editorial"));
    drop(site);
}
