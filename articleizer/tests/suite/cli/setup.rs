//! Configuration and keys: init, config, keys, relative paths, missing configuration and keys.

use super::*;

#[test]
fn keys_are_set_listed_and_never_shown() {
    let config = tempfile::tempdir().expect("temp dir");
    let env = [("XDG_CONFIG_HOME", config.path().to_str().expect("utf-8"))];
    let file = config.path().join("articleizer/keys.toml");
    let path = articleizer().args(["keys", "path"]).envs(&env).output();
    assert_eq!(stdout(&path).trim(), file.display().to_string());
    let key = "sk-ant-api03-e2e-keys-test-7781";
    let set = articleizer()
        .args(["keys", "set", "work"])
        .stdin(format!("{key}\n").as_bytes())
        .envs(&env)
        .assert_success();
    assert!(stderr(&set).contains("saved work (anthropic)"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&file)
            .expect("the keys file")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    articleizer()
        .args(["keys", "set", "gemini"])
        .stdin(b"AIza-e2e-test\n")
        .envs(&env)
        .output();
    let list = articleizer().args(["keys", "list"]).envs(&env).output();
    let listed = stdout(&list);
    assert!(
        listed.contains(&format!("gemini\tgemini\t{}", file.display())),
        "{listed}"
    );
    assert!(listed.contains("work\tanthropic\t"), "{listed}");
    for out in [&set, &list] {
        assert!(
            !stdout(out).contains(key) && !stderr(out).contains(key),
            "a key shown"
        );
    }
    let empty = articleizer()
        .args(["keys", "set", "none"])
        .stdin(b"\n")
        .envs(&env)
        .assert_code(2);
    assert_eq!(
        stderr(&empty).trim(),
        "articleizer: no key given; nothing saved"
    );
}

#[test]
fn init_then_a_run_from_elsewhere_uses_the_configured_site() {
    let home = tempfile::tempdir().expect("temp dir");
    let config_home = home.path().join("config");
    let posts = home.path().join("blog/_posts");
    fs::create_dir_all(&posts).expect("mkdir");
    let env = [("XDG_CONFIG_HOME", config_home.to_str().expect("utf-8"))];
    let init = articleizer()
        .args([
            "init",
            "--site-url",
            "https://blog.example.org",
            "--author",
            "Ada",
            "--posts",
            posts.to_str().expect("utf-8"),
        ])
        .envs(&env)
        .assert_success();
    let file = config_home.join("articleizer/config.toml");
    assert_eq!(stdout(&init).trim(), file.display().to_string());
    let text = fs::read_to_string(&file).expect("written");
    assert!(text.starts_with("# articleizer and sanitizer"), "commented");
    let options = sanitizer::Options::from_config(&text).expect("the sanitizer reads it");
    assert_eq!(options.speaker.author, "Ada");
    let again = articleizer()
        .args(["init", "--site-url", "x", "--author", "y", "--posts", "z"])
        .envs(&env)
        .output();
    assert_eq!(
        again.status.code(),
        Some(2),
        "never over an existing configuration"
    );
    assert!(stderr(&again).contains("exists already"));

    let shown = articleizer()
        .args(["config"])
        .current_dir(home.path())
        .envs(&env)
        .output();
    let shown_text = stdout(&shown);
    assert!(
        shown_text.contains(&format!("looked for {}: read", file.display())),
        "{shown_text}"
    );
    assert!(
        shown_text.contains(&format!(
            "blog: {} (base URL https://blog.example.org",
            posts.display()
        )),
        "{shown_text}"
    );

    // From another folder: the post goes to the configured folder, with
    // the configured URLs, and no notice about missing configuration.
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let out = articleizer()
        .args(["--date", "2024-06-01"])
        .stdin(EXAMPLE.as_bytes())
        .current_dir(elsewhere.path())
        .envs(&env)
        .assert_success();
    let written = std::path::PathBuf::from(stdout(&out).trim());
    assert!(written.starts_with(&posts), "{}", written.display());
    let post = fs::read_to_string(&written).expect("the post");
    assert!(
        post.contains(
            "canonical_url: \"https://blog.example.org/teaching-a-static-site-to-explain-itself/\""
        ),
        "{post}"
    );
    assert!(!stderr(&out).contains("no configuration found"));
}

#[test]
fn without_configuration_a_run_says_so_and_a_missing_folder_gets_a_hint() {
    let empty = tempfile::tempdir().expect("temp dir");
    let out = articleizer()
        .stdin(EXAMPLE.as_bytes())
        .current_dir(empty.path())
        .assert_code(2);
    let err = stderr(&out);
    assert!(
        err.contains("note: no configuration found (looked for config.toml"),
        "{err}"
    );
    assert!(
        err.contains("the target directory posts does not exist; create it (mkdir -p posts)"),
        "{err}"
    );
    let shown = articleizer()
        .args(["config"])
        .current_dir(empty.path())
        .output();
    assert!(stdout(&shown).contains("no configuration file: built-in defaults"));
    assert!(stdout(&shown).contains("permalink_style = /:slug/"));
}

#[test]
fn a_relative_target_path_is_read_from_the_configuration_folder() {
    let site = tempfile::tempdir().expect("temp dir");
    fs::create_dir_all(site.path().join("_posts")).expect("mkdir");
    let config = site.path().join("site.toml");
    fs::write(&config, "[targets.site]\npath = \"_posts\"\n").expect("config");
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let out = articleizer()
        .args([
            "--config",
            config.to_str().expect("utf-8"),
            "--target",
            "site",
            "--date",
            "2024-06-01",
        ])
        .stdin(EXAMPLE.as_bytes())
        .current_dir(elsewhere.path())
        .assert_success();
    assert!(std::path::Path::new(stdout(&out).trim()).starts_with(site.path().join("_posts")));
}

#[test]
fn a_missing_key_says_what_to_set() {
    let out = articleizer()
        .args(["instructions", "--provider", "anthropic"])
        .stdin(EXAMPLE.as_bytes())
        .assert_code(2);
    assert!(
        stderr(&out).starts_with("articleizer: no key for anthropic: set ANTHROPIC_API_KEY"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_keys_file_readable_by_others_gets_a_warning_and_never_shows_the_key() {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().expect("temp dir");
    let keys = home.path().join("articleizer/keys.toml");
    std::fs::create_dir_all(keys.parent().expect("dir")).expect("mkdir");
    std::fs::write(&keys, "[keys]\nwork = \"k-keysfile-secret-8812\"\n").expect("keys");
    let config = home.path().join("config.toml");
    std::fs::write(&config, "[articleizer]\nattempts = 1\ntimeout_secs = 2\n").expect("config");
    let env = [("XDG_CONFIG_HOME", home.path().to_str().expect("utf-8"))];
    let args = [
        "instructions",
        "--config",
        config.to_str().expect("utf-8"),
        "--provider",
        "gemini",
        "--key",
        "work",
        "--base-url",
        "http://127.0.0.1:9",
        "--no-cache",
    ];
    for (mode, warned) in [(0o644, true), (0o600, false)] {
        std::fs::set_permissions(&keys, std::fs::Permissions::from_mode(mode)).expect("chmod");
        let out = articleizer()
            .args(args)
            .stdin(EXAMPLE.as_bytes())
            .envs(&env)
            .output();
        let err = stderr(&out);
        assert_eq!(
            err.contains("is readable by others; run: chmod 600"),
            warned,
            "{mode:o}: {err}"
        );
        assert!(
            !err.contains("k-keysfile-secret-8812")
                && !stdout(&out).contains("k-keysfile-secret-8812")
        );
        assert_eq!(out.status.code(), Some(69), "{err}");
    }
}

#[test]
fn a_named_key_that_does_not_exist_is_an_error_not_the_offline_editor() {
    let dir = tempfile::tempdir().expect("temp dir");
    let keys = dir.path().join("keys.toml");
    fs::write(&keys, "gemini = \"a-real-looking-key-123\"\n").expect("write");
    let config = dir.path().join("config.toml");
    fs::write(
        &config,
        format!("[articleizer]\nkeys_files = [\"{}\"]\n", keys.display()),
    )
    .expect("write");
    let out = articleizer()
        .args([
            "instructions",
            "--config",
            config.to_str().expect("utf-8"),
            "--key",
            "no-such-key",
        ])
        .stdin(EXAMPLE.as_bytes())
        .assert_code(2);
    let err = stderr(&out);
    assert!(err.contains("no-such-key"), "{err}");
    assert!(!err.contains("offline"), "{err}");
    assert!(stdout(&out).is_empty());
}
