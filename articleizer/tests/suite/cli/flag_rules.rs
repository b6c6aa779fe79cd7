//! The flag rules clap holds (declared on the argument types, not checked
//! by hand): which flags need which, the provider names, the dates.

use super::*;

/// Runs `articleizer ARGS` in an empty folder, with no configuration.
fn in_empty_folder(args: &[&str]) -> std::process::Output {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::create_dir(dir.path().join("posts")).expect("posts");
    articleizer().args(args).current_dir(dir.path()).output()
}

#[test]
fn batch_engine_flags_need_the_engine_and_a_question() {
    let refused: [(&[&str], &str); 6] = [
        (
            &["batch", "posts", "--rewrap", "--wait"],
            "<--via-batch|--resume>",
        ),
        (
            &["batch", "posts", "--reanalyze", "--poll-secs", "9"],
            "--wait",
        ),
        (
            &["batch", "posts", "--reanalyze", "--wait-max", "1m"],
            "--wait",
        ),
        (
            &["batch", "posts", "--reanalyze", "--estimate"],
            "--via-batch",
        ),
        (
            &["batch", "posts", "--rewrap", "--via-batch"],
            "<--reanalyze|--contextualize>",
        ),
        (
            &["batch", "posts", "--reanalyze", "--contextualize"],
            "cannot be used with",
        ),
    ];
    for (args, says) in refused {
        let out = in_empty_folder(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
    }
    // The defaults of --poll-secs and --wait-max ask for nothing: a dry
    // run of a rewrap over an empty folder is fine.
    let out = in_empty_folder(&["batch", "posts", "--rewrap"]);
    assert!(
        !stderr(&out).contains("required arguments"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn provider_names_and_dates_are_checked_where_they_are_read() {
    let out = in_empty_folder(&["instructions", "--provider", "gemeni"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("[possible values: gemini, openai, anthropic, offline]"),
        "{}",
        stderr(&out)
    );
    let out = in_empty_folder(&["--date", "2026-02-30"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("\"2026-02-30\" is not a date like 2026-01-31"),
        "{}",
        stderr(&out)
    );
    let out = in_empty_folder(&["batch", "posts", "--rewrap", "--since", "last week"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is not a date"), "{}", stderr(&out));

    // A configuration naming no provider is refused with the file's line.
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(
        dir.path().join("config.toml"),
        "[articleizer]\nprovider = \"gemeni\"\n",
    )
    .expect("config");
    let out = articleizer()
        .args(["instructions"])
        .stdin("text")
        .current_dir(dir.path())
        .output();
    assert_eq!(out.status.code(), Some(2));
    let said = stderr(&out);
    assert_eq!(said.lines().count(), 1, "{said}");
    assert!(said.contains("line 2"), "{said}");
    assert!(
        said.contains("expected one of `gemini`, `openai`, `anthropic`, `offline`"),
        "{said}"
    );
}

#[cfg(unix)]
#[test]
fn the_libraries_warnings_reach_stderr_once_and_quiet_silences_them() {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().expect("temp dir");
    let keys = home.path().join("articleizer/keys.toml");
    fs::create_dir_all(keys.parent().expect("dir")).expect("mkdir");
    fs::write(&keys, "[keys]\nwork = \"k-quiet-test-5521\"\n").expect("keys");
    fs::set_permissions(&keys, fs::Permissions::from_mode(0o644)).expect("chmod");
    let env = [("XDG_CONFIG_HOME", home.path().to_str().expect("utf-8"))];
    let ask = |quiet: bool| {
        let mut args = vec![
            "instructions",
            "--provider",
            "gemini",
            "--key",
            "work",
            "--base-url",
            "http://127.0.0.1:9",
            "--no-cache",
        ];
        if quiet {
            args.insert(0, "-q");
        }
        articleizer()
            .args(&args)
            .stdin("Some text.")
            .current_dir(home.path())
            .envs(&env)
            .output()
    };
    let loud = stderr(&ask(false));
    let warnings: Vec<&str> = loud
        .lines()
        .filter(|l| l.contains("is readable by others"))
        .collect();
    assert_eq!(warnings.len(), 1, "{loud}");
    assert!(warnings[0].starts_with("articleizer: warning: "), "{loud}");
    let out = ask(true);
    let quiet = stderr(&out);
    assert!(!quiet.contains("readable by others"), "{quiet}");
    // The error itself still says what went wrong, on one line.
    assert_eq!(out.status.code(), Some(69), "{quiet}");
    assert_eq!(quiet.lines().count(), 1, "{quiet}");
}
