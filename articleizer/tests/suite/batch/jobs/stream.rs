//! Batch results are read as a stream: a results file far larger than
//! the job's answers, its lines for other ids, is read in a line's memory,
//! those lines skipped and counted, the job's own answer applied.

use super::*;

#[test]
fn a_huge_results_file_of_other_ids_is_streamed_skipped_and_counted() {
    let server = Server::start();
    let (site, posts, config) = reanalysis_site(1);
    let uri = server.uri();
    let base = args(&posts, &config, "openai", &uri);
    let env = [("OPENAI_API_KEY", KEY)];
    server.answer("POST", "/files", ok(json!({ "id": "file-in" })));
    server.answer(
        "POST",
        "/batches",
        ok(json!({ "id": "batch_1", "status": "validating" })),
    );
    articleizer()
        .args(with(
            &base,
            &["--model", "gpt-4.1-mini", "--reanalyze", "--via-batch"],
        ))
        .envs(&env)
        .assert_success();
    let ids = ids(&records(site.path())[0]);
    server.answer(
        "GET",
        "/batches/batch_1",
        ok(json!({ "id": "batch_1", "status": "completed", "output_file_id": "file-out" })),
    );
    // 64 MiB of result lines for requests that are not the job's, the
    // job's own line in the middle.
    let filler = "x".repeat(1000);
    let other = |n: usize| {
        json!({ "custom_id": format!("other-{n:06}"), "response": { "status_code": 200, "body": { "model": "m", "choices": [{ "message": { "content": filler } }] } } }).to_string()
    };
    let own = json!({ "custom_id": ids[0].1, "response": { "status_code": 200, "body": { "model": "gpt-mock", "choices": [{ "message": { "content": ANSWER }, "finish_reason": "stop" }] } } });
    let mut file = String::with_capacity(66 << 20);
    let mut count = 0;
    while file.len() < 64 << 20 {
        if count == 30_000 {
            file.push_str(&own.to_string());
            file.push('\n');
        }
        file.push_str(&other(count));
        file.push('\n');
        count += 1;
    }
    let size_kib = (file.len() / 1024) as u64;
    server.answer(
        "GET",
        "/files/file-out/content",
        ResponseTemplate::new(200).set_body_string(file),
    );
    let mut child = articleizer()
        .args(with(
            &base,
            &[
                "--model",
                "gpt-4.1-mini",
                "--reanalyze",
                "--resume",
                "--write",
            ],
        ))
        .env("OPENAI_API_KEY", KEY)
        .command()
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("starts");
    let stderr_pipe = child.stderr.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut { stderr_pipe }, &mut text).expect("stderr");
        text
    });
    let peak_kib = e2e::system::peak_kib_until_exit(&mut child);
    let status = child.wait().expect("ended");
    let said = reader.join().expect("stderr read");
    eprintln!("results file {size_kib} KiB, {count} lines for other ids; peak {peak_kib} KiB");
    assert!(status.success(), "{said}");
    assert!(!said.contains(KEY));
    assert!(
        said.contains(&format!(
            "1 answered, 0 failed, {count} result lines for no request of the job skipped"
        )),
        "{said}"
    );
    assert!(has_new_analysis(&posts.join(&ids[0].0)));
    assert!(
        peak_kib < size_kib / 2,
        "peak {peak_kib} KiB for a {size_kib} KiB file: held, not streamed"
    );
}
