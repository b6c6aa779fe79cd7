//! A table of bad inputs, each a test: the expected exit code, one clear
//! line that says what went wrong, and no file created, truncated or
//! changed where posts go.

use e2e::articleizer;
use e2e::system::{mount_tmpfs, unmount};
use e2e::table::{args_of, case, check, strings, Site};
use std::io::{Read, Write};
use std::time::Duration;
const ARTICLE: &str = include_str!("../../../examples/transcript.md");

/// The arguments of a render through a provider at `url`.
fn render_args(site: &Site, url: &str) -> Vec<String> {
    [
        "--config",
        &site.arg("config.toml"),
        "--target",
        "site",
        "--date",
        "2024-06-01",
        "--provider",
        "gemini",
        "--base-url",
        url,
        "-",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn error(status: u16, message: &str) -> wiremock::ResponseTemplate {
    wiremock::ResponseTemplate::new(status)
        .set_body_json(serde_json::json!({ "error": { "code": status, "message": message } }))
}

/// A valid answer for [`ARTICLE`], as JSON.
fn valid_answer() -> serde_json::Value {
    serde_json::from_str(e2e::VALID_ANSWER).expect("the fixture is JSON")
}

/// A server that accepts, reads the request, sends half a body and hangs up.
fn half_body_server() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut stream = stream;
            let mut buffer = [0u8; 65536];
            let _ = stream.set_read_timeout(Some(Duration::from_millis(300)));
            let _ = stream.read(&mut buffer);
            let _ = stream.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"candidates\": [{\"content\"",
            );
            drop(stream);
        }
    });
    url
}

#[test]
fn bad_inputs_get_one_clear_line_the_documented_code_and_change_nothing() {
    let site = Site::new();
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let valid = valid_answer();
    let with_title = |title: String| {
        let mut value = valid.clone();
        value["editing_instructions"]["yaml_updates"]["title"] = serde_json::Value::String(title);
        value.to_string()
    };
    let truncated = valid.to_string()[..400].to_string();
    let render = |url: &str| render_args(&site, url);
    let mut invalid_utf8 = b"Me: hello ".to_vec();
    invalid_utf8.extend_from_slice(&[0xff, 0xfe, 0x80]);
    let binary: Vec<u8> = (0u8..=255).cycle().take(4096).collect();

    let mut cases = vec![
        case(
            "articleizer: empty stdin",
            "articleizer",
            render("http://127.0.0.1:9"),
            b"",
            2,
            "the article is empty",
        ),
        case(
            "articleizer: only whitespace",
            "articleizer",
            render("http://127.0.0.1:9"),
            b" \n\n ",
            2,
            "the article is empty",
        ),
        case(
            "articleizer: binary input",
            "articleizer",
            render("http://127.0.0.1:9"),
            &binary,
            2,
            "binary input: NUL byte",
        ),
        case(
            "articleizer: invalid UTF-8",
            "articleizer",
            render("http://127.0.0.1:9"),
            &invalid_utf8,
            2,
            "invalid UTF-8 at byte offset 10 (`sanitizer --lossy` replaces invalid bytes",
        ),
    ];
    let answers: Vec<(&'static str, String, i32, &'static str)> = vec![
        (
            "instructions: truncated JSON",
            truncated,
            65,
            "not readable JSON",
        ),
        (
            "instructions: not JSON",
            "Sorry, I can't help with that today.".into(),
            65,
            "not readable JSON",
        ),
        (
            "instructions: JSON of the wrong shape",
            "[1, 2, 3]".into(),
            65,
            "the JSON is not an object",
        ),
        (
            "instructions: missing fields",
            "{\"editing_instructions\": {}}".into(),
            1,
            "is missing",
        ),
        (
            "instructions: an empty title",
            with_title("   ".into()),
            1,
            "title is empty",
        ),
    ];
    let answers = answers
        .into_iter()
        .map(|(name, text, code, message)| (name, e2e::gemini_answer(&text), code, message));
    let statuses: Vec<(&'static str, wiremock::ResponseTemplate, i32, &'static str)> = vec![
        (
            "HTTP 400",
            error(400, "Invalid JSON payload received."),
            64,
            "Invalid JSON payload",
        ),
        (
            "HTTP 401",
            error(401, "Request had invalid authentication credentials."),
            77,
            "invalid authentication",
        ),
        (
            "HTTP 403",
            error(403, "The caller does not have permission."),
            77,
            "does not have permission",
        ),
        (
            "HTTP 404",
            error(404, "models/gemini-nope is not found."),
            64,
            "is not found",
        ),
        (
            "HTTP 429",
            error(429, "Resource has been exhausted (e.g. check quota)."),
            69,
            "429",
        ),
        (
            "HTTP 500",
            error(500, "Internal error encountered."),
            69,
            "500",
        ),
        (
            "HTTP 503",
            error(503, "The model is overloaded."),
            69,
            "503",
        ),
        (
            "a server that hangs",
            e2e::gemini_answer("{}").set_delay(Duration::from_secs(30)),
            69,
            "no answer within 2s",
        ),
        (
            "a 20 MB response",
            e2e::gemini_answer(&"x".repeat(20 * 1024 * 1024)),
            65,
            "over 8 MiB",
        ),
    ];
    let mut servers = Vec::new();
    for (name, response, code, message) in answers.chain(statuses) {
        let server = e2e::mock_server(&runtime, response);
        cases.push(case(
            name,
            "articleizer",
            render(&server.uri()),
            ARTICLE.as_bytes(),
            code,
            message,
        ));
        servers.push(server);
    }
    cases.push(case(
        "a server that closes the connection mid-body",
        "articleizer",
        render(&half_body_server()),
        ARTICLE.as_bytes(),
        69,
        "the connection broke",
    ));
    cases.push(case(
        "DNS failure",
        "articleizer",
        render("http://no-such-host.invalid"),
        ARTICLE.as_bytes(),
        69,
        "cannot reach http://no-such-host.invalid (",
    ));
    cases.push(case(
        "a local server that is not running",
        "articleizer",
        render("http://127.0.0.1:9"),
        ARTICLE.as_bytes(),
        69,
        "cannot reach http://127.0.0.1:9 (connection refused); is the server running?",
    ));
    std::fs::create_dir(site.path("old")).expect("mkdir");
    std::fs::write(
        site.path("old/2024-01-01-broken.md"),
        "---\ntitle: [oops\n---\n{{ x }}\n",
    )
    .expect("post");
    std::fs::write(site.path("old/2024-01-02-bare.md"), "Just text {{ x }}\n").expect("post");
    cases.push(case(
        "batch: a post with broken YAML",
        "articleizer",
        strings(&[
            "batch",
            &site.arg("old/2024-01-01-broken.md"),
            "--rewrap",
            "--write",
        ]),
        b"",
        0,
        "0 changed, 0 unchanged, 1 skipped",
    ));
    cases.push(case(
        "batch: a post without front matter",
        "articleizer",
        strings(&[
            "batch",
            &site.arg("old/2024-01-02-bare.md"),
            "--rewrap",
            "--write",
        ]),
        b"",
        0,
        "0 changed, 0 unchanged, 1 skipped",
    ));
    for case in &cases {
        check(&site, case);
    }

    // Where posts go: the offline editor (no key) renders, the write fails.
    let offline = |extra: &[&str]| {
        let mut args = strings(&[
            "--config",
            &site.arg("config.toml"),
            "--target",
            "site",
            "--date",
            "2024-05-05",
            "--provider",
            "offline",
        ]);
        args.extend(strings(extra));
        args.push("-".into());
        args
    };
    let mut targets = 0;
    site.config("missing", "");
    check(
        &site,
        &case(
            "output directory does not exist",
            "articleizer",
            offline(&[]),
            ARTICLE.as_bytes(),
            2,
            "does not exist",
        ),
    );
    site.config("posts/2024-05-05-existing.md", "");
    check(
        &site,
        &case(
            "output directory is a file",
            "articleizer",
            offline(&[]),
            ARTICLE.as_bytes(),
            2,
            "is not a directory",
        ),
    );
    targets += 2;
    // An existing post of the same name: the one the offline editor names.
    site.config("posts", "");
    articleizer()
        .args(args_of(&offline(&["--dry-run"])))
        .stdin(ARTICLE.as_bytes())
        .assert_success();
    let name = articleizer()
        .args(args_of(
            &["preview".to_string()]
                .into_iter()
                .chain(offline(&[]))
                .collect::<Vec<_>>(),
        ))
        .stdin(ARTICLE.as_bytes())
        .output();
    let file = e2e::stdout(&name)
        .lines()
        .next()
        .unwrap_or("")
        .trim_start_matches("file: ")
        .to_string();
    std::fs::write(&file, "---\ntitle: Mine\n---\nmine\n").expect("an existing post");
    check(
        &site,
        &case(
            "an existing post of the same name",
            "articleizer",
            offline(&[]),
            ARTICLE.as_bytes(),
            2,
            "already exists (use --force",
        ),
    );
    std::fs::remove_file(&file).expect("cleanup");
    targets += 1;

    // Read-only: a read-only tmpfs where this process may mount (root in
    // CI), else a directory without write permission (which binds anyone
    // but root).
    let read_only = site.path("ro");
    let mounted = mount_tmpfs(&read_only, "1m", true);
    let refusal = if mounted {
        Some("Read-only file system")
    } else {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&read_only, std::fs::Permissions::from_mode(0o555))
            .expect("chmod");
        let probe = read_only.join("probe");
        let binds = std::fs::write(&probe, b"").is_err();
        let _ = std::fs::remove_file(&probe);
        binds.then_some("Permission denied")
    };
    if let Some(refusal) = refusal {
        site.config("ro", "");
        check(
            &site,
            &case(
                "a read-only output directory",
                "articleizer",
                offline(&[]),
                ARTICLE.as_bytes(),
                2,
                refusal,
            ),
        );
        targets += 1;
    } else {
        eprintln!("bad_inputs: cannot make a read-only directory here; case skipped");
    }
    if mounted {
        unmount(&read_only);
    }
    let full = site.path("full");
    if mount_tmpfs(&full, "16k", false) {
        std::fs::write(full.join("filler"), vec![b'x'; 12 * 1024]).expect("filler");
        site.config("full", "");
        check(
            &site,
            &case(
                "a disk that fills up mid-write",
                "articleizer",
                offline(&[]),
                ARTICLE.as_bytes(),
                2,
                "No space left on device",
            ),
        );
        let leftovers = e2e::names(&full);
        assert_eq!(leftovers.len(), 1, "no temp file left: {leftovers:?}");
        unmount(&full);
        targets += 1;
    } else {
        eprintln!("bad_inputs: cannot mount a tmpfs here; disk-full case skipped");
    }
    let total = cases.len() + targets;
    eprintln!("bad_inputs: {total} cases checked");
    assert!(total >= 20, "{total} cases");
    drop(servers);
}
