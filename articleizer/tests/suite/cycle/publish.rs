//! `publish` shares the write path's rules: the permalink clash check,
//! the folder lock, and `--force`.

use e2e::{articleizer, stderr, stdout};
use std::fs;
use std::path::Path;

/// A site with `_posts/` and a `config.toml` naming it; the path of the
/// configuration.
fn site(root: &Path) -> String {
    fs::create_dir_all(root.join("_posts")).expect("posts");
    fs::create_dir_all(root.join("_drafts")).expect("drafts");
    let config = root.join("config.toml");
    fs::write(
        &config,
        format!(
            "[targets.site]\npath = \"{}\"\n",
            root.join("_posts").display()
        ),
    )
    .expect("config");
    config.display().to_string()
}

fn draft(root: &Path, name: &str, permalink: &str) -> String {
    let path = root.join("_drafts").join(name);
    fs::write(
        &path,
        format!("---\ntitle: \"A Draft\"\npermalink: {permalink}\nlayout: post\n---\nThe text.\n"),
    )
    .expect("draft");
    path.display().to_string()
}

fn publish(config: &str, draft: &str, date: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "publish", draft, "--config", config, "--target", "site", "--date", date,
    ];
    args.extend_from_slice(extra);
    articleizer().args(&args).output()
}

#[test]
fn a_second_draft_at_a_taken_permalink_is_refused_unless_forced() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = site(dir.path());
    let first = draft(dir.path(), "one-article.md", "/one-article/");
    let out = publish(&config, &first, "2024-06-01", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let published = dir.path().join("_posts/2024-06-01-one-article.md");
    assert_eq!(stdout(&out).trim(), published.display().to_string());

    // The same article drafted again, published on another day.
    let second = draft(dir.path(), "one-article.md", "/one-article/");
    let refused = publish(&config, &second, "2024-06-09", &[]);
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(
        stderr(&refused).trim(),
        format!(
            "articleizer: the permalink /one-article/ is {}'s already; choose another title (or permalink), or pass --force to write it anyway (Jekyll keeps one of the two)",
            published.display()
        )
    );
    assert!(Path::new(&second).is_file(), "the draft stays");
    assert!(!dir.path().join("_posts/2024-06-09-one-article.md").exists());

    let forced = publish(&config, &second, "2024-06-09", &["--force"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert!(stderr(&forced).contains("warning: the permalink /one-article/ is "));
    assert!(dir
        .path()
        .join("_posts/2024-06-09-one-article.md")
        .is_file());
    assert!(!Path::new(&second).exists(), "the draft moved");
}

#[test]
fn a_post_of_the_same_name_is_replaced_only_with_force() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = site(dir.path());
    let first = draft(dir.path(), "same.md", "/same/");
    assert!(publish(&config, &first, "2024-06-01", &[]).status.success());
    let again = draft(dir.path(), "same.md", "/same/");
    let refused = publish(&config, &again, "2024-06-01", &[]);
    assert_eq!(refused.status.code(), Some(2));
    let post = dir.path().join("_posts/2024-06-01-same.md");
    assert_eq!(
        stderr(&refused).trim(),
        format!(
            "articleizer: {} already exists (use --force to replace it)",
            post.display()
        )
    );
    let forced = publish(&config, &again, "2024-06-01", &["--force"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    // Its own permalink is no clash, and it keeps its place in the day.
    assert!(!stderr(&forced).contains("warning"), "{}", stderr(&forced));
    assert!(fs::read_to_string(&post)
        .expect("post")
        .contains("\nsort_order: 1\n"));
}

#[test]
fn publish_takes_the_folder_lock() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = site(dir.path());
    let posts = dir.path().join("_posts");
    let lock = fs::File::open(&posts).expect("the folder opens");
    lock.lock().expect("the test holds the lock");
    let held = draft(dir.path(), "locked.md", "/locked/");
    let out = publish(&config, &held, "2024-06-01", &["--no-wait"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("another articleizer run is writing to"),
        "{}",
        stderr(&out)
    );
    assert!(Path::new(&held).is_file());
    lock.unlock().expect("released");
    assert!(publish(&config, &held, "2024-06-01", &["--no-wait"])
        .status
        .success());
}
