//! A table of bad inputs, each a test: the expected exit code, one clear
//! line that says what went wrong, and no file created, truncated or
//! changed where posts go.

use e2e::{run_with_env, stderr};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

const KEY: &str = "e2e-bad-input-secret-key-4410";
const ARTICLE: &str = include_str!("../../examples/transcript.md");

/// One case of the table.
struct Case {
    name: &'static str,
    binary: &'static str,
    args: Vec<String>,
    stdin: Vec<u8>,
    code: i32,
    message: &'static str,
}

/// The site every case runs against: a posts directory with one post, a
/// config whose target is it, a cache elsewhere.
struct Site {
    root: tempfile::TempDir,
}

impl Site {
    fn new() -> Self {
        let root = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(root.path().join("posts")).expect("mkdir");
        std::fs::write(
            root.path().join("posts/2024-05-05-existing.md"),
            "---\ntitle: Existing\n---\nbody\n",
        )
        .expect("post");
        let site = Site { root };
        site.config("posts", "");
        site
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.root.path().join(relative)
    }

    fn arg(&self, relative: &str) -> String {
        self.path(relative).display().to_string()
    }

    /// Writes `config.toml` with the target at `posts_dir` and `extra`
    /// lines in `[articleizer]`.
    fn config(&self, posts_dir: &str, extra: &str) {
        let posts = if posts_dir.starts_with('/') {
            posts_dir.to_string()
        } else {
            self.arg(posts_dir)
        };
        std::fs::write(
            self.path("config.toml"),
            format!(
                "[articleizer]\ncache_dir = \"{}\"\nattempts = 1\ntimeout_secs = 2\n{extra}\n[targets.site]\npath = \"{posts}\"\n",
                self.arg("cache")
            ),
        )
        .expect("config");
    }

    /// Every file outside the cache, with its bytes.
    fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        let cache = self.root.path().join("cache");
        e2e::files_under(&[self.root.path().to_path_buf()])
            .into_iter()
            .filter(|path| !path.starts_with(&cache))
            .map(|path| {
                let bytes = std::fs::read(&path).unwrap_or_default();
                (path, bytes)
            })
            .collect()
    }
}

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

/// A valid answer for [`ARTICLE`] (the offline editor's), as JSON.
fn valid_answer() -> serde_json::Value {
    let out = e2e::run("articleizer", &["instructions"], ARTICLE.as_bytes(), None);
    serde_json::from_slice(&out.stdout).expect("the offline editor's JSON")
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

/// Mounts a tmpfs of `size` at `dir` (read-only with `ro`); false when this
/// process may not mount (not root, or no capability).
fn mount_tmpfs(dir: &Path, size: &str, ro: bool) -> bool {
    std::fs::create_dir_all(dir).expect("mkdir");
    let options = format!("size={size}{}", if ro { ",ro" } else { "" });
    std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", &options, "tmpfs"])
        .arg(dir)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn unmount(dir: &Path) {
    let _ = std::process::Command::new("umount").arg(dir).status();
}

fn check(site: &Site, case: &Case) {
    let before = site.snapshot();
    let args: Vec<&str> = case.args.iter().map(String::as_str).collect();
    let out = run_with_env(
        case.binary,
        &args,
        &case.stdin,
        None,
        &[("GEMINI_API_KEY", KEY)],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(case.code), "{}: {err}", case.name);
    // Notices and a batch summary's indented detail lines aside.
    let errors: Vec<&str> = err
        .lines()
        .filter(|l| {
            !l.contains("warning:")
                && !l.contains("articleizer: editor:")
                && !l.contains("articleizer batch: editor:")
                && !l.starts_with("  ")
        })
        .collect();
    assert_eq!(errors.len(), 1, "{}: one line, not {err:?}", case.name);
    assert!(
        errors[0].contains(case.message),
        "{}: {err:?} lacks {:?}",
        case.name,
        case.message
    );
    assert!(
        !err.contains("panicked") && !err.contains(KEY),
        "{}: {err}",
        case.name
    );
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains(KEY),
        "{}",
        case.name
    );
    assert_eq!(site.snapshot(), before, "{}: files changed", case.name);
}

fn case(
    name: &'static str,
    binary: &'static str,
    args: Vec<String>,
    stdin: &[u8],
    code: i32,
    message: &'static str,
) -> Case {
    Case {
        name,
        binary,
        args,
        stdin: stdin.to_vec(),
        code,
        message,
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
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
    let with_snippet = {
        let mut value = valid.clone();
        value["editing_instructions"]["insert_subheadings"][0]["after_text_snippet"] =
            serde_json::Value::String("words that appear nowhere in the article".into());
        value.to_string()
    };
    let truncated = valid.to_string()[..400].to_string();
    let render = |url: &str| render_args(&site, url);
    let mut invalid_utf8 = b"Me: hello ".to_vec();
    invalid_utf8.extend_from_slice(&[0xff, 0xfe, 0x80]);
    let binary: Vec<u8> = (0u8..=255).cycle().take(4096).collect();

    let mut cases = vec![
        case(
            "sanitizer: empty stdin",
            "sanitizer",
            vec![],
            b"",
            0,
            "no changes",
        ),
        case(
            "sanitizer: only whitespace",
            "sanitizer",
            vec![],
            b"  \n\n\t\n",
            0,
            "cleaned",
        ),
        case(
            "sanitizer: binary input",
            "sanitizer",
            vec![],
            &binary,
            2,
            "binary input: NUL byte at offset 0",
        ),
        case(
            "sanitizer: invalid UTF-8",
            "sanitizer",
            vec![],
            &invalid_utf8,
            2,
            "invalid UTF-8 at byte offset 10 (use --lossy",
        ),
        case(
            "sanitizer: -o onto an existing file",
            "sanitizer",
            strings(&["-o", &site.arg("posts/2024-05-05-existing.md")]),
            b"text\n",
            2,
            "already exists",
        ),
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
            "invalid UTF-8 at byte offset 10",
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
            "instructions: a 10 000-character title",
            with_title("T".repeat(10_000)),
            1,
            "is 10000 characters",
        ),
        (
            "instructions: newlines and --- in the title",
            with_title("A title\n---\nlayout: evil".into()),
            1,
            "has a line break",
        ),
        (
            "instructions: a snippet not in the article",
            with_snippet,
            1,
            "after_text_snippet is not in the article",
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
        "cannot reach the server",
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
    let first = e2e::run(
        "articleizer",
        &args_of(&offline(&["--dry-run"])),
        ARTICLE.as_bytes(),
        None,
    );
    assert!(first.status.success());
    let name = e2e::run(
        "articleizer",
        &args_of(
            &["preview".to_string()]
                .into_iter()
                .chain(offline(&[]))
                .collect::<Vec<_>>(),
        ),
        ARTICLE.as_bytes(),
        None,
    );
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
    assert!(total >= 27, "{total} cases");
    drop(servers);
}

fn args_of(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
}

/// The peak resident memory of a running process, in KiB, polled from
/// `/proc` until it exits (the high-water mark only grows).
fn peak_kib_until_exit(child: &mut std::process::Child) -> u64 {
    let status = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        if let Ok(text) = std::fs::read_to_string(&status) {
            if let Some(kib) = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            {
                peak = peak.max(kib);
            }
        }
        if child.try_wait().expect("wait").is_some() {
            return peak;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// 50 MB of repeated transcript: once 344 s and a stack overflow (readings
/// nesting without bound, one block swallowing every later answer, every
/// candidate's history kept); now about 3 s in release and 35 s in a debug
/// build, at under 4x the input.
#[test]
fn a_50_mb_transcript_finishes_in_bounded_memory() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("big.txt");
    let mut text = String::with_capacity(51 * 1024 * 1024);
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(ARTICLE);
        text.push_str("\nDeploy with TOKEN=abc123def456ghi789 on 10.1.2.3 please.\n");
    }
    std::fs::write(&input, &text).expect("write");
    let output = dir.path().join("out.txt");
    let mut child = std::process::Command::new(e2e::binary("sanitizer"))
        .arg(&input)
        .arg("-o")
        .arg(&output)
        .arg("--quiet")
        .spawn()
        .expect("starts");
    let peak = peak_kib_until_exit(&mut child);
    assert!(child.wait().expect("exit").success());
    let cleaned = std::fs::read_to_string(&output).expect("output");
    assert!(!cleaned.contains("abc123def456ghi789") && !cleaned.contains("10.1.2.3"));
    let input_kib = text.len() as u64 / 1024;
    eprintln!(
        "50 MB transcript: peak {} MiB for {} MiB of input",
        peak / 1024,
        input_kib / 1024
    );
    assert!(peak > 0, "the peak was read");
    assert!(
        peak < input_kib * 4,
        "peak {peak} KiB for {input_kib} KiB of input"
    );
}
