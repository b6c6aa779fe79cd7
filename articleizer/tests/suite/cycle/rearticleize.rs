//! Re-articleizing a published post keeps the front matter a person
//! curated (title, permalink, description, keywords) unless `--replace`
//! names fields; the offline editor never replaces a title a person wrote;
//! tweets name the post by its own title and link to its own URL.

use e2e::{articleizer, stderr, stdout};
use std::fs;
use std::path::Path;

const EXAMPLE: &str = include_str!("../../../../examples/transcript.md");

/// A site whose configuration gives a base URL; the configuration's path.
fn site(root: &Path) -> String {
    fs::create_dir_all(root.join("_posts")).expect("posts");
    let config = root.join("config.toml");
    fs::write(
        &config,
        format!(
            "[articleizer]\nsite_url = \"https://blog.example.org\"\ntarget = \"site\"\n[targets.site]\npath = \"{}\"\n",
            root.join("_posts").display()
        ),
    )
    .expect("config");
    config.display().to_string()
}

/// Publishes the example with the offline editor, then curates its front
/// matter as a person would; returns the post's text.
fn published_and_curated(root: &Path, config: &str) -> String {
    let out = articleizer()
        .args(["--config", config, "--date", "2024-06-01", "--publish", "-"])
        .stdin(EXAMPLE.as_bytes())
        .assert_success();
    let path = std::path::PathBuf::from(stdout(&out).trim());
    let text = fs::read_to_string(&path).expect("the post");
    fs::remove_file(&path).expect("moved out of the site");
    let mut curated = String::new();
    for line in text.lines() {
        let line = match line.split_once(':').map(|(k, _)| k) {
            Some("title") => "title: \"Fences, Mended by Hand\"".to_string(),
            Some("permalink") => "permalink: /futureproof/fences-mended/".to_string(),
            Some("meta_description") => {
                "meta_description: \"How the fences came back, written by me.\"".to_string()
            }
            Some("meta_keywords") => "meta_keywords: \"fences, jekyll, by hand\"".to_string(),
            _ => line.to_string(),
        };
        curated.push_str(&line);
        curated.push('\n');
    }
    let _ = root;
    curated
}

#[test]
fn a_published_post_made_again_keeps_its_curated_front_matter() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = site(dir.path());
    let old = dir.path().join("old-post.md");
    fs::write(&old, published_and_curated(dir.path(), &config)).expect("old post");
    let out = articleizer()
        .args([
            "--config",
            &config,
            "--date",
            "2024-07-01",
            old.to_str().expect("utf-8"),
        ])
        .assert_success();
    assert!(
        stderr(&out).contains("its title, permalink, description and keywords kept"),
        "{}",
        stderr(&out)
    );
    let written = std::path::PathBuf::from(stdout(&out).trim());
    assert_eq!(
        written.file_name().and_then(|n| n.to_str()),
        Some("2024-07-01-fences-mended.md"),
        "the file name follows the kept permalink"
    );
    let post = fs::read_to_string(&written).expect("the post");
    for line in [
        "title: \"Fences, Mended by Hand\"",
        "permalink: \"/futureproof/fences-mended/\"",
        "canonical_url: \"https://blog.example.org/futureproof/fences-mended/\"",
        "meta_description: \"How the fences came back, written by me.\"",
        "meta_keywords: \"fences, jekyll, by hand\"",
    ] {
        assert!(post.contains(&format!("\n{line}\n")), "{line}\n{post}");
    }
    // The tweet names the post by its title and links to its URL.
    assert!(
        post.contains("Fences, Mended by Hand https://blog.example.org/futureproof/fences-mended/"),
        "{post}"
    );

    // Fields named by --replace are the editor's.
    fs::remove_file(&written).expect("cleared");
    let replaced = articleizer()
        .args([
            "--config",
            &config,
            "--date",
            "2024-07-01",
            "--replace",
            "title,permalink",
            old.to_str().expect("utf-8"),
        ])
        .assert_success();
    let post = fs::read_to_string(stdout(&replaced).trim()).expect("the post");
    assert!(!post.contains("Fences, Mended by Hand"), "{post}");
    assert!(!post.contains("/futureproof/fences-mended/"), "{post}");
    assert!(post.contains("meta_keywords: \"fences, jekyll, by hand\""));

    let unknown = articleizer()
        .args([
            "--config",
            &config,
            "--replace",
            "titel",
            old.to_str().expect("utf-8"),
        ])
        .assert_code(2);
    assert!(stderr(&unknown).contains("--replace titel: not a curated field"));
}

#[test]
fn a_reanalyzed_posts_tweet_uses_the_posts_title_and_url() {
    let dir = tempfile::tempdir().expect("temp dir");
    let posts = dir.path().join("_posts");
    fs::create_dir_all(&posts).expect("posts");
    let config = dir.path().join("config.toml");
    fs::write(
        &config,
        format!(
            "[articleizer]\nsite_url = \"https://blog.example.org\"\ncache_dir = \"{}\"\n",
            dir.path().join("cache").display()
        ),
    )
    .expect("config");
    let post = posts.join("2025-01-01-old.md");
    fs::write(
        &post,
        format!(
            "---\ntitle: \"A Title Chosen by a Person\"\npermalink: /futureproof/chosen/\nlayout: post\n---\n\n{}",
            "Static sites keep their posts as plain files. I mend the code fences by hand.\n\nThe build runs Liquid first, then Markdown, and a stray tag shows up as text.\n\nSo every post gets one protection, and the site shows what I wrote.\n"
                .repeat(4)
        ),
    )
    .expect("post");
    articleizer()
        .args([
            "batch",
            posts.to_str().expect("utf-8"),
            "--config",
            config.to_str().expect("utf-8"),
            "--reanalyze",
            "--provider",
            "offline",
            "--write",
        ])
        .assert_success();
    let text = fs::read_to_string(&post).expect("the post");
    assert!(
        text.contains("A Title Chosen by a Person https://blog.example.org/futureproof/chosen/"),
        "{text}"
    );
    assert!(text.starts_with(
        "---\ntitle: \"A Title Chosen by a Person\"\npermalink: /futureproof/chosen/\n"
    ));
}
