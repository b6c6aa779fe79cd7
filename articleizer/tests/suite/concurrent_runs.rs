//! Runs at the same time on one folder: they take turns under the folder's
//! lock, so none loses the other's work, and `--no-wait` refuses at once.

use e2e::stderr;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const ARTICLE: &str = "../examples/golden/article.md";
const INSTRUCTIONS: &str = include_str!("../../../examples/golden/instructions.json");

/// A site whose `_posts` is the target `t` of the returned config.
fn site() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let posts = dir.path().join("_posts");
    std::fs::create_dir(&posts).expect("mkdir");
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[articleizer]\nsite_url = \"https://example.com\"\n[targets.t]\npath = \"{}\"\n",
            posts.display()
        ),
    )
    .expect("config");
    (dir, posts, config)
}

/// A run of the binary (the tests' clean environment) that the test
/// starts and waits for itself, several at once.
fn articleizer(args: &[&str]) -> Command {
    let mut command = e2e::articleizer()
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .command();
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

fn sort_order(path: &Path) -> u32 {
    let text = std::fs::read_to_string(path).expect("read");
    text.lines()
        .find_map(|l| l.strip_prefix("sort_order: "))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("{} has no sort_order", path.display()))
}

fn posts(dir: &Path) -> Vec<PathBuf> {
    e2e::entries(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect()
}

#[test]
fn ten_runs_at_once_on_one_day_get_sort_orders_one_to_ten() {
    let (dir, posts_dir, config) = site();
    let mut children = Vec::new();
    for n in 0..10 {
        // Each run its own post (another file name, another permalink).
        let mut value: serde_json::Value = serde_json::from_str(INSTRUCTIONS).expect("json");
        value["editing_instructions"]["yaml_updates"]["permalink"] = format!("post-{n}").into();
        value["book_analysis_content"]["title_brainstorm"][0]["filename"] =
            format!("post-{n}.md").into();
        let file = dir.path().join(format!("instructions-{n}.json"));
        std::fs::write(&file, value.to_string()).expect("write");
        children.push(
            articleizer(&[
                "--config",
                config.to_str().expect("utf-8"),
                "--target",
                "t",
                "--date",
                "2024-06-01",
                "--instructions",
                file.to_str().expect("utf-8"),
                ARTICLE,
            ])
            .spawn()
            .expect("starts"),
        );
    }
    for child in children {
        let out: Output = child.wait_with_output().expect("ends");
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let written = posts(&posts_dir);
    assert_eq!(written.len(), 10);
    let mut orders: Vec<u32> = written.iter().map(|p| sort_order(p)).collect();
    orders.sort_unstable();
    assert_eq!(orders, (1..=10).collect::<Vec<u32>>());
}

/// Posts that need both a rewrap (Liquid outside raw) and a fence repair
/// (a block left open at the end).
fn posts_needing_both(dir: &Path, count: usize) {
    for i in 0..count {
        let text = format!(
            "---\ntitle: Post {i}\nlayout: post\n---\n\nThe id was {{{{item_id}}}} here.\n\n{}\n```python\nprint({i})\n",
            "Some prose that takes a while to write.\n\n".repeat(200)
        );
        std::fs::write(dir.join(format!("2024-01-01-post-{i}.md")), text).expect("write");
    }
}

#[test]
fn two_batch_writers_at_once_keep_both_changes() {
    let dir = tempfile::tempdir().expect("temp dir");
    posts_needing_both(dir.path(), 120);
    let path = dir.path().to_str().expect("utf-8");
    let first = articleizer(&["batch", path, "--rewrap", "--write"])
        .spawn()
        .expect("starts");
    let second = articleizer(&["batch", path, "--repair-fences", "--write"])
        .spawn()
        .expect("starts");
    for child in [first, second] {
        let out = child.wait_with_output().expect("ends");
        assert!(out.status.success(), "{}", stderr(&out));
    }
    // Both changes are in every post: doing both again changes nothing.
    let out = articleizer(&["batch", path, "--rewrap", "--repair-fences"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(": 0 would change, 120 unchanged"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn no_wait_refuses_while_another_run_writes_and_waiting_works() {
    let (_dir, posts_dir, config) = site();
    // The lock is `flock` on the folder itself, as another run takes it.
    let lock = std::fs::File::open(&posts_dir).expect("the folder opens");
    lock.lock().expect("the test holds the lock");
    let args = [
        "--config",
        config.to_str().expect("utf-8"),
        "--target",
        "t",
        "--date",
        "2024-06-01",
        "--instructions",
        "../examples/golden/instructions.json",
        ARTICLE,
    ];
    let mut refused = args.to_vec();
    refused.push("--no-wait");
    let out = articleizer(&refused).output().expect("runs");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    let errors: Vec<&str> = err.lines().filter(|l| !l.contains("warning:")).collect();
    assert_eq!(errors.len(), 1, "{err}");
    assert!(
        errors[0].contains("another articleizer run is writing to"),
        "{err}"
    );
    assert!(posts(&posts_dir).is_empty(), "nothing written");
    // Without --no-wait the run waits, says so, and writes once released.
    // Its stderr is read as it comes: the run says it waits once it has
    // found the folder locked, the event the test waits for (not a time).
    let mut waiting = articleizer(&args).spawn().expect("starts");
    let said = std::io::BufReader::new(waiting.stderr.take().expect("piped stderr"));
    let (lines, heard) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in said.lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    let mut err = String::new();
    while !err.contains("waiting for another run") {
        // A hang guard: the run holds no lock the test waits on.
        let line = heard
            .recv_timeout(std::time::Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("the run never said it waits: {err:?}"));
        err.push_str(&line);
        err.push('\n');
    }
    assert!(posts(&posts_dir).is_empty(), "still waiting");
    lock.unlock().expect("released");
    let out = waiting.wait_with_output().expect("ends");
    reader.join().expect("stderr read to the end");
    err.extend(heard.try_iter().map(|line| line + "\n"));
    assert!(out.status.success(), "{err}");
    assert!(err.contains("waiting for another run"), "{err}");
    assert_eq!(posts(&posts_dir).len(), 1);
}
