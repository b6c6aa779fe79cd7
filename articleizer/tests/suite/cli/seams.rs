//! The places between commands (issue 30): a broken configuration never
//! stops the modes that describe or repair it, and its errors say where;
//! `init` takes piped answers; keys are removed, listed when there are
//! none, and used when saved; every man page listed prints; every
//! subcommand ends quietly on a closed stdout; a replayed file's errors
//! speak of the file.

use super::*;
use e2e::articleizer;
use serde_json::json;

/// A folder holding `config.toml` with `text`, for runs started in it.
fn folder_with_config(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("config.toml"), text).expect("config");
    dir
}

#[test]
fn a_broken_configuration_stops_no_special_mode() {
    for broken in ["[articleizer\nprovider = 1\n", "[targets.blog]\nbad = 1\n"] {
        let dir = folder_with_config(broken);
        let config = dir.path().join("config.toml");
        for args in [
            &["completions", "bash"][..],
            &["man"][..],
            &["man", "batch"][..],
        ] {
            let out = articleizer().args(args).current_dir(dir.path()).output();
            assert!(out.status.success(), "{args:?}: {}", stderr(&out));
            assert!(!stdout(&out).is_empty(), "{args:?}");
        }
        let home = tempfile::tempdir().expect("temp dir");
        let env = [("XDG_CONFIG_HOME", home.path().to_str().expect("utf-8"))];
        articleizer()
            .args([
                "init",
                "--site-url",
                "https://x.org",
                "--author",
                "A",
                "--posts",
                "p",
            ])
            .current_dir(dir.path())
            .envs(&env)
            .assert_success();
        articleizer()
            .args(["config", "trust", config.to_str().expect("utf-8")])
            .current_dir(dir.path())
            .envs(&env)
            .assert_success();
        // Everything else reads the configuration, and says what is wrong.
        articleizer()
            .args(["config"])
            .current_dir(dir.path())
            .assert_code(2);
    }
}

#[test]
fn configuration_errors_name_the_file_line_column_and_table() {
    let cases = [
        (
            "[articleizer]\nsite_url = \"https://x.org\"\n\n[targets.blog]\npath = \"p\"\nbad = 1\n",
            "line 6, column 1: invalid [targets.blog] configuration: unknown field `bad`",
        ),
        (
            "[articleizer]\nsite_urll = \"x\"\n",
            "line 2, column 1: invalid [articleizer] configuration: unknown field `site_urll`",
        ),
        (
            "[sanitizer]\n[articleizer\nprovider = \"gemini\"\n",
            // toml 1's parser words it so (toml 0.8's said "invalid
            // table header"); the place is the same.
            "line 2, column 13: not valid TOML: unclosed table, expected `]`",
        ),
    ];
    for (text, said) in cases {
        let dir = folder_with_config(text);
        let out = articleizer()
            .args(["config"])
            .current_dir(dir.path())
            .output();
        assert_eq!(out.status.code(), Some(2), "{text}");
        let err = stderr(&out);
        assert!(
            err.starts_with(&format!("articleizer: config config.toml: {said}")),
            "{err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    // The sanitizer reads the same file: another table's fault is not its
    // own, and a syntax error is told as one.
    assert!(sanitizer::Options::from_config(cases[0].0).is_ok());
    let syntax = sanitizer::Options::from_config(cases[2].0).expect_err("not TOML");
    assert!(
        syntax
            .to_string()
            .starts_with("line 2, column 13: not valid TOML"),
        "{syntax}"
    );
    let own = sanitizer::Options::from_config("[sanitizer]\nips = \"yes\"\n").expect_err("a bool");
    assert!(
        own.to_string()
            .starts_with("line 2, column 7: invalid [sanitizer] configuration"),
        "{own}"
    );
}

#[test]
fn init_reads_its_answers_from_a_pipe() {
    let home = tempfile::tempdir().expect("temp dir");
    let env = [("XDG_CONFIG_HOME", home.path().to_str().expect("utf-8"))];
    articleizer()
        .args(["init", "--author", "Ada"])
        .stdin(b"https://piped.example.org\n~/blog/_posts\n")
        .envs(&env)
        .assert_success();
    let text = fs::read_to_string(home.path().join("articleizer/config.toml")).expect("written");
    assert!(
        text.contains("site_url = \"https://piped.example.org\""),
        "{text}"
    );
    assert!(text.contains("path = \"~/blog/_posts\""), "{text}");
    assert!(text.contains("author = \"Ada\""), "{text}");
    // Too few answers: nothing written, and the flag named.
    let other = tempfile::tempdir().expect("temp dir");
    let env = [("XDG_CONFIG_HOME", other.path().to_str().expect("utf-8"))];
    let short = articleizer()
        .args(["init"])
        .stdin(b"https://x.org\n")
        .envs(&env)
        .assert_code(2);
    assert!(
        stderr(&short).contains("pass --author"),
        "{}",
        stderr(&short)
    );
    assert!(!other.path().join("articleizer/config.toml").exists());
}

#[test]
fn keys_are_removed_and_an_empty_list_says_so() {
    let config = tempfile::tempdir().expect("temp dir");
    let env = [("XDG_CONFIG_HOME", config.path().to_str().expect("utf-8"))];
    let empty = articleizer()
        .args(["keys", "list"])
        .envs(&env)
        .assert_success();
    assert_eq!(stdout(&empty), "");
    assert!(
        stderr(&empty).starts_with("articleizer: no saved keys (looked in "),
        "{}",
        stderr(&empty)
    );
    for (name, key) in [("gemini", "AIza-e2e-rm-1"), ("work", "sk-ant-e2e-rm-2")] {
        articleizer()
            .args(["keys", "set", name])
            .stdin(format!("{key}\n").as_bytes())
            .envs(&env)
            .assert_success();
    }
    let rm = articleizer()
        .args(["keys", "rm", "work"])
        .envs(&env)
        .assert_success();
    assert!(stderr(&rm).starts_with("articleizer: removed work from "));
    let list = stdout(&articleizer().args(["keys", "list"]).envs(&env).output());
    assert!(
        list.starts_with("gemini\tgemini\t") && !list.contains("work"),
        "{list}"
    );
    let again = articleizer()
        .args(["keys", "rm", "work"])
        .envs(&env)
        .assert_code(2);
    assert!(
        stderr(&again).starts_with("articleizer: no key named \"work\" in "),
        "{}",
        stderr(&again)
    );
}

#[test]
fn a_saved_key_is_used_when_the_environment_has_none() {
    const KEY: &str = "AIza-e2e-saved-key-3310";
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let server = runtime.block_on(async {
        let server = MockProvider::new()
            .answer(e2e::gemini_answer(e2e::VALID_ANSWER))
            .header("x-goog-api-key", KEY)
            .start()
            .await;
        server
    });
    let config = tempfile::tempdir().expect("temp dir");
    let keys = config.path().join("articleizer/keys.toml");
    fs::create_dir_all(keys.parent().expect("a folder")).expect("mkdir");
    // Saved under a name of the user's: its shape says Gemini.
    fs::write(&keys, format!("[keys]\nhome = \"{KEY}\"\n")).expect("keys");
    let env = [
        ("XDG_CONFIG_HOME", config.path().to_str().expect("utf-8")),
        ("XDG_CACHE_HOME", config.path().to_str().expect("utf-8")),
    ];
    let uri = server.uri();
    let out = articleizer()
        .args(["instructions", "--base-url", &uri, "--no-cache"])
        .stdin(EXAMPLE.as_bytes())
        .envs(&env)
        .assert_success();
    let said = stderr(&out);
    assert!(
        said.contains("editor: gemini, the one provider with a saved key"),
        "{said}"
    );
    let host = uri.trim_start_matches("http://");
    assert!(
        said.contains(&format!(
            "key: the gemini key \"home\" is sent to {host} only"
        )),
        "{said}"
    );
    assert!(!said.contains("offline editor"), "{said}");
    assert!(!said.contains(KEY) && !stdout(&out).contains(KEY));
    // The configured provider finds its saved key the same way.
    fs::write(
        config.path().join("articleizer/config.toml"),
        "[articleizer]\nprovider = \"gemini\"\n",
    )
    .expect("config");
    let configured = articleizer()
        .args(["instructions", "--base-url", &uri, "--no-cache"])
        .stdin(EXAMPLE.as_bytes())
        .envs(&env)
        .assert_success();
    assert!(stderr(&configured).contains("key: the gemini key \"home\" is sent to"));
    let asked = runtime
        .block_on(server.received_requests())
        .unwrap_or_default();
    assert_eq!(asked.len(), 2, "each run asked the server once");
}

#[test]
fn every_man_page_the_main_page_lists_prints() {
    let main = stdout(&articleizer().args(["man"]).output());
    let mut pending: Vec<String> = vec![main];
    let mut printed = 0;
    while let Some(page) = pending.pop() {
        for line in page.lines() {
            let Some(name) = line.strip_suffix("(1)") else {
                continue;
            };
            let name = name.replace("\\-", "-");
            let out = articleizer().args(["man", &name]).output();
            assert!(out.status.success(), "{name}: {}", stderr(&out));
            let text = stdout(&out);
            assert!(text.contains(&format!(".TH {name} 1")), "{name}");
            printed += 1;
            pending.push(text);
        }
    }
    assert!(printed >= 12, "{printed} pages");
    let unknown = articleizer().args(["man", "nope"]).assert_code(2);
    assert!(stderr(&unknown).contains("the pages below articleizer: instructions"));
}

#[test]
fn a_replayed_file_is_spoken_of_as_a_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("bad.json");
    fs::write(&bad, "no json here").expect("write");
    let article = dir.path().join("a.md");
    fs::write(&article, EXAMPLE).expect("write");
    let args = |file: &std::path::Path| {
        vec![
            "instructions".to_string(),
            article.display().to_string(),
            "--instructions".to_string(),
            file.display().to_string(),
        ]
    };
    let run_args = |file: &std::path::Path| {
        let args = args(file);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        articleizer().args(&args).output()
    };
    let out = run_args(&bad);
    assert_eq!(
        stderr(&out).trim(),
        format!(
            "articleizer: no JSON object in {} (expected ident at line 1 column 2)",
            bad.display()
        )
    );
    fs::write(&bad, json!({ "editing_instructions": {} }).to_string()).expect("write");
    let out = run_args(&bad);
    assert!(
        stderr(&out).starts_with(&format!(
            "articleizer: the instructions in {} have ",
            bad.display()
        )),
        "{}",
        stderr(&out)
    );
    let empty = dir.path().join("empty.json");
    fs::write(&empty, "").expect("write");
    assert_eq!(
        stderr(&run_args(&empty)).trim(),
        format!("articleizer: {} is empty", empty.display())
    );
}

#[test]
fn every_subcommand_ends_quietly_on_a_closed_stdout() {
    let dir = tempfile::tempdir().expect("temp dir");
    let article = dir.path().join("a.md");
    fs::write(&article, EXAMPLE).expect("write");
    let answer = dir.path().join("answer.json");
    fs::write(&answer, e2e::VALID_ANSWER).expect("write");
    let posts = dir.path().join("posts");
    fs::create_dir_all(&posts).expect("mkdir");
    let a = article.to_str().expect("utf-8");
    let p = posts.to_str().expect("utf-8");
    let draft = dir.path().join("draft.md");
    fs::write(
        &draft,
        "---\ntitle: \"Draft\"\npermalink: /draft/\n---\nText.\n",
    )
    .expect("draft");
    let d = draft.to_str().expect("utf-8");
    let cases: Vec<Vec<&str>> = vec![
        vec!["prompt", a],
        vec!["instructions", a],
        vec!["preview", a],
        vec!["preview", a, "--html"],
        vec!["--dry-run", a],
        vec![a, "--date", "2024-01-02"],
        vec!["batch", p],
        vec!["batch", p, "status", "--offline"],
        vec!["keys", "list"],
        vec!["keys", "path"],
        vec!["config"],
        vec!["completions", "bash"],
        vec!["man"],
        vec!["logs"],
        vec!["publish", d],
        vec!["--help"],
    ];
    for args in cases {
        let (status, err) = articleizer()
            .args(&args)
            .current_dir(dir.path())
            .output_to_closed_pipe();
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_ne!(status.code(), Some(101), "{args:?}: {err}");
        assert!(
            status.success() || !err.is_empty(),
            "{args:?}: a failure says why"
        );
    }
}
