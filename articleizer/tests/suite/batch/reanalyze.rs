//! `batch --reanalyze` against a loopback Gemini: speed, the cache, interruptions, refusals; and symlinked posts.

use super::*;

/// A loopback Gemini that answers every request with `answer` after `delay`.
fn mock_gemini(answer: &str, delay: Duration) -> e2e::Served {
    e2e::MockProvider::new()
        .answer(e2e::gemini_answer(answer).set_delay(delay))
        .serve()
}

/// `count` posts, each the example article with a line of its own (so
/// each is a different prompt), and a config whose cache is `cache`.
pub(super) fn reanalysis_site(count: usize) -> (tempfile::TempDir, PathBuf, PathBuf) {
    // A published post went through the sanitizer: its fences are
    // balanced (a reanalysis refuses a post whose open fence would take
    // the new section in).
    let options = sanitizer::Options {
        secrets: false,
        ips: false,
        ..sanitizer::Options::default()
    };
    let article = sanitizer::Sanitizer::new(&options)
        .expect("the default sanitizer")
        .sanitize(EXAMPLE)
        .text;
    let dir = tempfile::tempdir().expect("temp dir");
    let posts = dir.path().join("_posts");
    std::fs::create_dir(&posts).expect("mkdir");
    for i in 0..count {
        let text = format!(
            "---\ntitle: Post {i}\npermalink: /futureproof/post-{i}/\nlayout: post\nsort_order: 1\n---\n\n{article}\nThis is post number {i}.\n\n---\n\n## Book Analysis\n\nThe old analysis.\n"
        );
        std::fs::write(
            posts.join(format!("2025-01-{:02}-post-{i}.md", i % 28 + 1)),
            text,
        )
        .expect("write");
    }
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[articleizer]\ncache_dir = \"{}\"\nattempts = 2\n",
            dir.path().join("cache").display()
        ),
    )
    .expect("config");
    (dir, posts, config)
}

fn valid_answer() -> String {
    e2e::VALID_ANSWER.to_string()
}

#[test]
fn reanalyze_100_posts_with_8_jobs_never_pays_twice() {
    let server = mock_gemini(&valid_answer(), Duration::from_millis(200));
    let (site, posts, config) = reanalysis_site(100);
    let uri = server.uri();
    let args = [
        "batch",
        arg(&posts),
        "--config",
        arg(&config),
        "--reanalyze",
        "--frontmatter",
        "title",
        "--jobs",
        "8",
        "--write",
        "--provider",
        "gemini",
        "--base-url",
        uri.as_str(),
    ];
    let env = [("GEMINI_API_KEY", KEY)];
    let started = Instant::now();
    let out = articleizer().args(args).envs(&env).output();
    let took = started.elapsed();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("100 posts: 100 changed"),
        "{}",
        stderr(&out)
    );
    // The figure is printed, not asserted: a wall-clock limit fails on a
    // loaded machine (scripts/bench-batch measures batch throughput).
    eprintln!("reanalyze: 100 posts, --jobs 8, 200 ms latency: {took:?}");
    assert_eq!(server.requests(), 100);
    let one = read(&posts.join("2025-01-01-post-0.md"));
    assert!(
        one.contains("## Book Analysis\n\n### Ai Editorial Take"),
        "{one}"
    );
    assert!(!one.contains("The old analysis."));
    assert!(
        one.contains("permalink: /futureproof/post-0/\n"),
        "the permalink stays"
    );
    assert!(
        !one.contains("title: Post 0\n"),
        "the title was regenerated"
    );
    for output in [&out.stdout, &out.stderr] {
        assert!(!String::from_utf8_lossy(output).contains(KEY));
    }
    // A second run is answered from the cache and changes nothing.
    let again = articleizer().args(args).envs(&env).output();
    assert!(
        stderr(&again).contains("0 changed, 100 unchanged"),
        "{}",
        stderr(&again)
    );
    assert_eq!(server.requests(), 100, "nothing paid twice");
    drop(site);
}

#[test]
fn an_interrupted_reanalysis_resumes_from_the_cache_and_leaves_no_half_post() {
    let answer = valid_answer();
    let server = mock_gemini(&answer, Duration::from_millis(150));
    let (site, posts, config) = reanalysis_site(40);
    let before: Vec<(PathBuf, String)> = e2e::entries(&posts)
        .into_iter()
        .map(|path| {
            let text = read(&path);
            (path, text)
        })
        .collect();
    let uri = server.uri();
    let args = [
        "batch",
        arg(&posts),
        "--config",
        arg(&config),
        "--reanalyze",
        "--jobs",
        "4",
        "--write",
        "--provider",
        "gemini",
        "--base-url",
        uri.as_str(),
    ];
    let mut child = articleizer()
        .args(args)
        .env("GEMINI_API_KEY", KEY)
        .command()
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("starts");
    e2e::wait_for("12 requests", Duration::from_secs(30), || {
        server.requests() >= 12
    });
    child.kill().expect("killed");
    child.wait().expect("reaped");
    let first = server.requests();
    assert!(first < 40, "killed before the end ({first} requests)");
    // Answers kept: one `<sha256>.json` entry each (written whole, by rename).
    let answered = std::fs::read_dir(site.path().join("cache"))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    name.len() == 64 + 5 && name.ends_with(".json")
                })
                .count()
        })
        .unwrap_or(0);
    let middle: Vec<String> = before.iter().map(|(path, _)| read(path)).collect();
    let resumed = articleizer()
        .args(args)
        .envs(&[("GEMINI_API_KEY", KEY)])
        .assert_success();
    let second = server.requests() - first;
    assert_eq!(second, 40 - answered, "answered posts are not asked again");
    assert!(
        stderr(&resumed).contains("0 failed"),
        "{}",
        stderr(&resumed)
    );
    // Every post was whole at the kill: its old text, or its complete new
    // text (what the finished run leaves).
    let mut rewritten = 0;
    for ((path, old), mid) in before.iter().zip(&middle) {
        let last = read(path);
        assert_ne!(&last, old, "{} was reanalyzed", path.display());
        assert!(
            mid == old || *mid == last,
            "{} was half-written",
            path.display()
        );
        rewritten += usize::from(mid != old);
    }
    assert!(
        rewritten <= answered,
        "{rewritten} written, {answered} answered"
    );
}

#[test]
fn reanalyze_without_an_editor_is_refused_and_changes_nothing() {
    let (_site, posts, config) = reanalysis_site(3);
    let before: Vec<String> = e2e::entries(&posts).iter().map(|p| read(p)).collect();
    let out = articleizer()
        .args([
            "batch",
            arg(&posts),
            "--config",
            arg(&config),
            "--reanalyze",
            "--frontmatter",
            "title,meta_description",
            "--write",
        ])
        .assert_code(2);
    let err = stderr(&out);
    assert!(err.contains("--provider offline"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    let after: Vec<String> = e2e::entries(&posts).iter().map(|p| read(p)).collect();
    assert_eq!(before, after, "no post was touched");
    // Asked for by name, the offline editor runs, and says so.
    let out = articleizer()
        .args([
            "batch",
            arg(&posts),
            "--config",
            arg(&config),
            "--reanalyze",
            "--provider",
            "offline",
        ])
        .assert_success();
    assert!(
        stderr(&out).contains("articleizer batch: editor: the offline editor"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn batch_write_on_a_symlinked_post_rewrites_the_file_it_points_to() {
    let dir = posts_dir(&[]);
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let real = elsewhere.path().join("kept-elsewhere.md");
    std::fs::write(&real, old_post("Linked")).expect("write");
    let link = dir.path().join("2024-01-01-linked.md");
    std::os::unix::fs::symlink(&real, &link).expect("symlink");
    articleizer()
        .args(["batch", arg(dir.path()), "--rewrap", "--write"])
        .assert_success();
    let meta = std::fs::symlink_metadata(&link).expect("link");
    assert!(meta.file_type().is_symlink(), "the link stays a link");
    let text = read(&real);
    assert_ne!(
        text,
        old_post("Linked"),
        "the file the link points to changed"
    );
    assert!(text.contains("{% raw %}"), "{text}");
}

/// Issue 15: every record of `calls.jsonl` is one whole line, written in
/// one `write` to a file opened for appending, however many workers log
/// at once.
#[test]
fn calls_jsonl_stays_valid_after_a_jobs_8_run_of_300_posts() {
    let server = mock_gemini(&valid_answer(), Duration::from_millis(5));
    let (site, posts, config) = reanalysis_site(300);
    let uri = server.uri();
    let args = [
        "batch",
        arg(&posts),
        "--config",
        arg(&config),
        "--reanalyze",
        "--jobs",
        "8",
        "--provider",
        "gemini",
        "--base-url",
        uri.as_str(),
    ];
    articleizer()
        .args(args)
        .envs(&[("GEMINI_API_KEY", KEY)])
        .assert_success();
    let log = std::fs::read_to_string(site.path().join("cache/calls.jsonl")).expect("the call log");
    assert!(log.ends_with('\n'));
    let records: Vec<serde_json::Value> = log
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line:?}")))
        .collect();
    assert_eq!(records.len(), 300, "one record per call");
    assert!(records.iter().all(|r| r["outcome"] == "answered"));
    // Times are RFC 3339.
    for record in &records {
        let time = record["time"].as_str().expect("a time string");
        assert!(chrono::DateTime::parse_from_rfc3339(time).is_ok(), "{time}");
    }
}
