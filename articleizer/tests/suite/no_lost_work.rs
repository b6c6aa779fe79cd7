//! No lost work: killing the tools at any moment leaves every post either
//! old or new, and no temp file behind once the next run has been.

use e2e::articleizer;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

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
    let mut command = articleizer()
        .args(["batch", dir.to_str().expect("utf-8"), "--rewrap", "--write"])
        .command();
    command.stdout(Stdio::null()).stderr(Stdio::null());
    command
}

#[test]
fn sigkill_at_random_moments_never_leaves_half_a_post() {
    const POSTS: usize = 150;
    // The new contents, from a run that finishes.
    let finished = tempfile::tempdir().expect("temp dir");
    write_posts(finished.path(), POSTS);
    let old = contents(finished.path());
    assert!(rewrap(finished.path()).status().expect("runs").success());
    let new = contents(finished.path());
    assert!(
        old.iter().zip(&new).all(|(o, n)| o.1 != n.1),
        "every post changes"
    );
    // A post's new length differs from its old one: how the test sees,
    // without reading it, that a run has put the new post in place.
    assert!(
        old.iter().zip(&new).all(|(o, n)| o.1.len() != n.1.len()),
        "every post changes length"
    );
    let new_lengths: Vec<u64> = new.iter().map(|(_, b)| b.len() as u64).collect();

    let mut rng = fastrand::Rng::with_seed(0x5eed);
    let mut interrupted = 0;
    for round in 0..20 {
        let dir = tempfile::tempdir().expect("temp dir");
        write_posts(dir.path(), POSTS);
        let mut child = rewrap(dir.path()).spawn().expect("starts");
        // Killed once a random number of posts (none to four fifths) are
        // in place: a moment in the run's work, not on the clock, so a
        // loaded machine moves it no nearer the end.
        let written = rng.usize(0..=POSTS * 4 / 5);
        e2e::wait_for(
            &format!("round {round}: {written} posts rewritten"),
            Duration::from_secs(120),
            || in_place(dir.path(), &new_lengths) >= written || child_ended(&mut child),
        );
        child.kill().expect("SIGKILL");
        let status = child.wait().expect("reaped");
        interrupted += usize::from(!status.success());
        let now = contents(dir.path());
        let posts: Vec<_> = now.iter().filter(|(p, _)| !is_temp(p)).collect();
        assert_eq!(posts.len(), POSTS, "round {round}: a post went missing");
        for ((path, bytes), (i, _)) in posts.iter().zip(old.iter().enumerate()) {
            assert!(
                *bytes == old[i].1 || *bytes == new[i].1,
                "round {round} (killed after {written} posts): {} is neither old nor new",
                path.display()
            );
        }
        // The next run finishes the work and leaves no temp file.
        assert!(rewrap(dir.path()).status().expect("runs").success());
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

/// How many posts in `dir` have their new length (`lengths`, in file
/// order): written whole by rename, so in place.
fn in_place(dir: &Path, lengths: &[u64]) -> usize {
    e2e::entries(dir)
        .iter()
        .filter(|path| !is_temp(path))
        .zip(lengths)
        .filter(|(path, &length)| std::fs::metadata(path).is_ok_and(|m| m.len() == length))
        .count()
}

/// Whether `child` has exited (it then is not waited for any longer).
fn child_ended(child: &mut std::process::Child) -> bool {
    child.try_wait().expect("the run's status").is_some()
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
    let mut child = articleizer()
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
        .command()
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
    // The request arrives, whole (and is never answered); then the kill.
    let (mut connection, _) = server.accept().expect("the request arrives");
    let mut request = Vec::new();
    let mut buffer = [0u8; 4096];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        use std::io::Read;
        let n = connection.read(&mut buffer).expect("the request is read");
        assert!(n > 0, "the connection closed before the request was sent");
        request.extend_from_slice(&buffer[..n]);
    }
    child.kill().expect("SIGKILL");
    child.wait().expect("reaped");
    let after = std::fs::read_dir(&posts).expect("list").count();
    assert_eq!(after, 1, "nothing new in the target");
}
