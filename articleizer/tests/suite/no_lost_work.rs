//! No lost work: killing the tools at any moment leaves every post either
//! old or new, and no temp file behind once the next run has been.

use e2e::{articleizer, binary};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// `count` old posts, each long enough that writing them all takes a while.
fn write_posts(dir: &Path, count: usize) {
    let paragraph =
        "Some text with {{ braces }} and a {% raw %}{{ hand-placed }}{% endraw %} pair.\n\n";
    for i in 0..count {
        let text = format!(
            "---\ntitle: Post {i}\nlayout: post\n---\n\n{}\nThe end of post {i}.\n",
            paragraph.repeat(200)
        );
        std::fs::write(dir.join(format!("2024-01-01-post-{i}.md")), text).expect("write");
    }
}

fn contents(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    e2e::entries(dir)
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).expect("read");
            (path, bytes)
        })
        .collect()
}

fn rewrap(dir: &Path) -> Command {
    let mut command = Command::new(binary("articleizer"));
    command
        .args(["batch", dir.to_str().expect("utf-8"), "--rewrap", "--write"])
        .env("HOME", "/nonexistent-home-for-tests")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

#[test]
fn sigkill_at_random_moments_never_leaves_half_a_post() {
    const POSTS: usize = 150;
    // The new contents, from a run that finishes.
    let finished = tempfile::tempdir().expect("temp dir");
    write_posts(finished.path(), POSTS);
    let old = contents(finished.path());
    // The binary is built (if need be) before the run is timed.
    binary("articleizer");
    let started = Instant::now();
    assert!(rewrap(finished.path()).status().expect("runs").success());
    // The shortest full run seen: under load (other tests running) the
    // first can take several times longer, and kills timed by it would
    // mostly come after the end.
    let mut full_run = started.elapsed();
    let new = contents(finished.path());
    assert!(
        old.iter().zip(&new).all(|(o, n)| o.1 != n.1),
        "every post changes"
    );

    let mut rng = fastrand::Rng::with_seed(0x5eed);
    let mut interrupted = 0;
    for round in 0..20 {
        let dir = tempfile::tempdir().expect("temp dir");
        write_posts(dir.path(), POSTS);
        let mut child = rewrap(dir.path()).spawn().expect("starts");
        let delay = full_run.mul_f64(rng.f64() * 0.8);
        std::thread::sleep(delay);
        child.kill().expect("SIGKILL");
        let status = child.wait().expect("reaped");
        interrupted += usize::from(!status.success());
        let now = contents(dir.path());
        let posts: Vec<_> = now.iter().filter(|(p, _)| !is_temp(p)).collect();
        assert_eq!(posts.len(), POSTS, "round {round}: a post went missing");
        for ((path, bytes), (i, _)) in posts.iter().zip(old.iter().enumerate()) {
            assert!(
                *bytes == old[i].1 || *bytes == new[i].1,
                "round {round} (killed after {delay:?}): {} is neither old nor new",
                path.display()
            );
        }
        // The next run finishes the work and leaves no temp file.
        let resumed = Instant::now();
        assert!(rewrap(dir.path()).status().expect("runs").success());
        full_run = full_run.min(resumed.elapsed().max(Duration::from_millis(20)));
        let after = contents(dir.path());
        assert!(
            after.iter().all(|(p, _)| !is_temp(p)),
            "round {round}: temp file left"
        );
        let after: Vec<_> = after.into_iter().map(|(_, b)| b).collect();
        let expected: Vec<_> = new.iter().map(|(_, b)| b.clone()).collect();
        assert_eq!(after, expected, "round {round}: the resumed run's result");
    }
    assert!(
        interrupted >= 10,
        "most runs were killed mid-way ({interrupted} of 20)"
    );
}

fn is_temp(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with(".articleizer-"))
}

#[test]
fn a_killed_single_run_leaves_nothing_and_a_stale_temp_file_is_cleaned() {
    let target = tempfile::tempdir().expect("temp dir");
    // What a run killed between its temp file and the rename leaves.
    let stale = target.path().join(".articleizer-99999999-x1y2z3.tmp");
    std::fs::write(&stale, "half a post").expect("write");
    let config = target.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[targets.t]\npath = \"{}\"\n",
            target.path().join("posts").display()
        ),
    )
    .expect("config");
    std::fs::create_dir(target.path().join("posts")).expect("mkdir");
    let posts = target.path().join("posts");
    std::fs::rename(&stale, posts.join(".articleizer-99999999-x1y2z3.tmp")).expect("move");
    let article = include_str!("../../../examples/transcript.md");
    articleizer()
        .args([
            "--config",
            config.to_str().expect("utf-8"),
            "--target",
            "t",
            "--date",
            "2024-05-05",
            "-",
        ])
        .stdin(article.as_bytes())
        .assert_success();
    let names = e2e::names(&posts);
    assert_eq!(names.len(), 1, "only the post: {names:?}");
    assert!(names[0].starts_with("2024-05-05-") && names[0].ends_with(".md"));

    // Killed while it waits for the editor: no post, no temp file.
    let server = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", server.local_addr().expect("addr"));
    let mut child = Command::new(binary("articleizer"))
        .args([
            "--config",
            config.to_str().expect("utf-8"),
            "--target",
            "t",
            "--date",
            "2024-05-06",
            "--provider",
            "openai",
            "--model",
            "m",
            "--base-url",
            &url,
            "--no-cache",
            "-",
        ])
        .env("HOME", "/nonexistent-home-for-tests")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin
            .write_all(article.as_bytes())
            .expect("article written");
    }
    // The request arrives (and is never answered); then the kill.
    let (_connection, _) = server.accept().expect("the request arrives");
    std::thread::sleep(Duration::from_millis(50));
    child.kill().expect("SIGKILL");
    child.wait().expect("reaped");
    let after = std::fs::read_dir(&posts).expect("list").count();
    assert_eq!(after, 1, "nothing new in the target");
}
