//! End-to-end tests of the `sanitizer` binary: what a writer sees.

use e2e::{sanitizer, stderr, stdout};
use std::fs;

const TRANSCRIPT: &str = "Me: my server is at 203.0.113.7, token ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R\n\nClaude Sonnet 4.6: Here:\n\n```python\nprint(1)\n\nMe: thanks\nCopy code\n";

#[test]
fn cleans_stdin_to_stdout_with_a_summary_on_stderr() {
    let out = sanitizer().stdin(TRANSCRIPT.as_bytes()).assert_success();
    assert_eq!(
        stdout(&out),
        "**Me**: my server is at [REDACTED_IP], token [REDACTED_GITHUB_TOKEN]\n\n**Claude Sonnet 4.6**: Here:\n\n```python\nprint(1)\n```\n\n**Me**: thanks\n"
    );
    assert_eq!(
        stderr(&out).trim(),
        "redacted 1 github-token, 1 ip; repaired 1 fence; normalized 3 speaker labels; removed 1 debris line"
    );
}

#[test]
fn output_is_stable_through_a_second_pipe() {
    let once = stdout(
        &sanitizer()
            .args(["-q"])
            .stdin(TRANSCRIPT.as_bytes())
            .output(),
    );
    let twice = sanitizer().stdin(once.as_bytes()).output();
    assert_eq!(stdout(&twice), once);
    assert_eq!(stderr(&twice).trim(), "no changes");
}

#[test]
fn quiet_and_json_reports() {
    let quiet = sanitizer()
        .args(["--quiet"])
        .stdin(TRANSCRIPT.as_bytes())
        .output();
    assert!(stderr(&quiet).is_empty());
    let json = sanitizer()
        .args(["--report", "json"])
        .stdin(TRANSCRIPT.as_bytes())
        .output();
    let report: serde_json::Value =
        serde_json::from_str(stderr(&json).trim()).expect("stderr is JSON");
    assert_eq!(report["redactions"]["ip"], 1);
    assert_eq!(report["fences"][0]["kind"], "closed");
    assert_eq!(report["speaker_labels"], 3);
}

#[test]
fn reports_never_contain_the_secret() {
    let dir = tempfile::tempdir().expect("temp dir");
    let secrets = dir.path().join("secrets.nix");
    fs::write(&secrets, "{\n  wifiPassword = \"purple-elephant-42\";\n}\n").expect("write");
    let input = "the wifi is purple-elephant-42 and password = \"hunter2!x\"\n";
    for report in ["summary", "json"] {
        let out = sanitizer()
            .args([
                "--secrets",
                secrets.to_str().expect("utf-8 path"),
                "--report",
                report,
            ])
            .stdin(input.as_bytes())
            .assert_success();
        assert_eq!(
            stdout(&out),
            "the wifi is [WIFI_PASSWORD] and password = \"[REDACTED_PASSWORD]\"\n"
        );
        for leaked in ["purple-elephant-42", "hunter2!x"] {
            assert!(
                !stderr(&out).contains(leaked),
                "{report} report leaked a secret"
            );
        }
    }
}

#[test]
fn check_exits_1_when_a_file_would_change_and_touches_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let clean = dir.path().join("clean.md");
    let dirty = dir.path().join("dirty.md");
    fs::write(&clean, "# Fine\n\nNothing to do.\n").expect("write");
    fs::write(&dirty, "ip 10.1.2.3   \n").expect("write");
    let out = sanitizer()
        .args(["--check", "clean.md", "dirty.md"])
        .current_dir(dir.path())
        .assert_code(1);
    assert!(
        stderr(&out).contains("dirty.md: would change: redacted 1 ip"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("clean.md"));
    assert_eq!(
        fs::read_to_string(&dirty).expect("read"),
        "ip 10.1.2.3   \n"
    );
    sanitizer()
        .args(["--check", "clean.md"])
        .current_dir(dir.path())
        .assert_code(0);
}

#[test]
fn in_place_rewrites_changed_files_only() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dirty = dir.path().join("draft.md");
    let clean = dir.path().join("clean.md");
    fs::write(&dirty, "Gemini: at 192.168.0.9\n").expect("write");
    fs::write(&clean, "fine\n").expect("write");
    // Dated an hour back, so a rewrite by the run (now) would show in its
    // mtime whatever the file system's clock resolution.
    fs::File::options()
        .write(true)
        .open(&clean)
        .expect("open")
        .set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(3600))
        .expect("set mtime");
    let before = fs::metadata(&clean)
        .expect("meta")
        .modified()
        .expect("mtime");
    sanitizer()
        .args(["-i", "draft.md", "clean.md"])
        .current_dir(dir.path())
        .assert_success();
    assert_eq!(
        fs::read_to_string(&dirty).expect("read"),
        "**Gemini**: at [REDACTED_IP]\n"
    );
    assert_eq!(
        fs::metadata(&clean)
            .expect("meta")
            .modified()
            .expect("mtime"),
        before,
        "unchanged file rewritten"
    );
    let leftovers: Vec<String> = e2e::names(dir.path())
        .into_iter()
        .filter(|name| name.starts_with(".sanitizer-"))
        .collect();
    assert!(leftovers.is_empty(), "temp files left behind");
}

#[test]
fn invalid_utf8_is_refused_with_the_offset_and_no_output() {
    let out = sanitizer().stdin(b"fine text \xff\xfe more").assert_code(2);
    assert!(out.stdout.is_empty());
    assert_eq!(
        stderr(&out).trim(),
        "sanitizer: stdin: invalid UTF-8 at byte offset 10 (use --lossy to replace invalid bytes)"
    );
    let lossy = sanitizer()
        .args(["--lossy", "-q"])
        .stdin(b"fine \xff")
        .output();
    assert_eq!(stdout(&lossy), "fine \u{fffd}");
}

#[test]
fn binary_input_is_refused() {
    let out = sanitizer().stdin(b"\x7fELF\x02\x01\x00\x00").assert_code(2);
    assert!(
        stderr(&out).contains("binary input: NUL byte at offset 6"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn empty_input_gives_empty_output() {
    let out = sanitizer().assert_success();
    assert!(out.stdout.is_empty());
}

#[test]
fn usage_errors_are_one_clear_line() {
    let missing = sanitizer().args(["no-such-file.md"]).assert_code(2);
    assert!(
        stderr(&missing).starts_with("sanitizer: cannot read no-such-file.md:"),
        "{}",
        stderr(&missing)
    );
    assert_eq!(stderr(&missing).lines().count(), 1);
    let several = sanitizer().args(["a.md", "b.md"]).assert_code(2);
    assert!(stderr(&several).contains("several files need --in-place or --check"));
}

#[test]
fn output_file_is_never_overwritten_without_force() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("out.md");
    fs::write(&target, "precious\n").expect("write");
    let refused = sanitizer()
        .args(["-o", "out.md"])
        .stdin(b"new\n")
        .current_dir(dir.path())
        .assert_code(2);
    assert!(
        stderr(&refused).contains("already exists (use --force to replace it)"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(fs::read_to_string(&target).expect("read"), "precious\n");
    sanitizer()
        .args(["-o", "out.md", "--force", "-q"])
        .stdin(b"new\n")
        .current_dir(dir.path())
        .assert_success();
    assert_eq!(fs::read_to_string(&target).expect("read"), "new\n");
}

#[test]
fn configuration_sets_the_author_and_rejects_typos() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(
        dir.path().join("config.toml"),
        "[sanitizer.speaker]\nauthor = \"Ada\"\nauthor_labels = [\"Me\"]\n",
    )
    .expect("write");
    let out = sanitizer()
        .args(["-q"])
        .stdin(b"Me: hello\n")
        .current_dir(dir.path())
        .output();
    assert_eq!(stdout(&out), "**Ada**: hello\n");
    fs::write(
        dir.path().join("config.toml"),
        "[sanitizer]\nhygeine = false\n",
    )
    .expect("write");
    let bad = sanitizer()
        .stdin(b"x\n")
        .current_dir(dir.path())
        .assert_code(2);
    assert!(
        stderr(&bad).contains("unknown field `hygeine`"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn passes_can_be_switched_off() {
    let out = sanitizer()
        .args(["-q", "--no-ips", "--no-speakers"])
        .stdin(b"Me: 10.0.0.1\n")
        .output();
    assert_eq!(stdout(&out), "Me: 10.0.0.1\n");
}

#[test]
fn help_explains_every_flag() {
    let out = sanitizer().args(["--help"]).output();
    let help = stdout(&out);
    for flag in [
        "--in-place",
        "--check",
        "--secrets",
        "--report",
        "--quiet",
        "--lossy",
        "--no-fences",
        "--config",
        "Exit status",
    ] {
        assert!(help.contains(flag), "--help lacks {flag}");
    }
}

#[test]
fn a_new_output_file_gets_the_mode_the_umask_gives_and_a_replaced_one_keeps_its_own() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let output = dir.path().join("clean.md");
    let path = output.to_str().expect("utf-8");
    for (umask, want) in [(0o022, 0o644), (0o077, 0o600)] {
        let _ = fs::remove_file(&output);
        sanitizer()
            .args(["-q", "-o", path])
            .stdin(TRANSCRIPT.as_bytes())
            .umask(umask)
            .assert_success();
        let mode = fs::metadata(&output).expect("written").permissions().mode() & 0o777;
        assert_eq!(mode, want, "umask {umask:03o}");
    }
    fs::set_permissions(&output, fs::Permissions::from_mode(0o640)).expect("chmod");
    sanitizer()
        .args(["-q", "--force", "-o", path])
        .stdin(b"other text\n")
        .umask(0o022)
        .assert_success();
    let mode = fs::metadata(&output).expect("written").permissions().mode() & 0o777;
    assert_eq!(mode, 0o640, "a replaced file keeps its mode");
}

#[test]
fn the_writers_secrets_files_are_read_by_default_and_listed_with_v() {
    let home = tempfile::tempdir().expect("temp dir");
    let config = home.path().join(".config/articleizer");
    fs::create_dir_all(&config).expect("mkdir");
    fs::create_dir_all(home.path().join("repos/nixos")).expect("mkdir");
    fs::write(
        config.join("secrets.nix"),
        "{\n  wifiPassword = \"purple-elephant-42\";\n  hosts = [ \"a\" \"b\" ];\n  services.mail.secretKey = \"dotted-value-77\";\n}\n",
    )
    .expect("write");
    fs::write(
        config.join(".env"),
        "# env\nSTRIPE_TOKEN=envfile-token-99\n",
    )
    .expect("write");
    fs::write(
        home.path().join("repos/nixos/secrets.nix"),
        "{ routerPassword = \"old-location-55\"; }\n",
    )
    .expect("write");
    let input = "wifi purple-elephant-42, mail dotted-value-77, env envfile-token-99, router old-location-55\n";
    let home_path = home.path().to_str().expect("utf-8");
    let out = sanitizer()
        .args(["-v"])
        .stdin(input.as_bytes())
        .envs(&[("HOME", home_path)])
        .assert_success();
    assert_eq!(
        stdout(&out),
        "wifi [WIFI_PASSWORD], mail [SERVICES_MAIL_SECRET_KEY], env [STRIPE_TOKEN], router [ROUTER_PASSWORD]\n"
    );
    let err = stderr(&out);
    assert!(
        err.contains(".config/articleizer/secrets.nix: 2 values"),
        "{err}"
    );
    assert!(err.contains(".config/articleizer/.env: 1 value"), "{err}");
    assert!(err.contains("repos/nixos/secrets.nix: 1 value"), "{err}");
    assert!(err.contains("secrets.nix line 3: not a"), "{err}");
    for value in [
        "purple-elephant",
        "dotted-value",
        "envfile-token",
        "old-location",
    ] {
        assert!(!err.contains(value), "a value leaked: {err}");
    }
    // Without the files, nothing is needed: a missing default is no error.
    sanitizer()
        .args(["-q"])
        .stdin(input.as_bytes())
        .assert_success();
}

#[test]
fn in_place_on_a_symlink_writes_the_file_it_points_to() {
    let dir = tempfile::tempdir().expect("temp dir");
    let real = dir.path().join("notes").join("draft.md");
    fs::create_dir(real.parent().expect("parent")).expect("mkdir");
    fs::write(&real, "the box at 10.20.30.40 answered\n").expect("write");
    let link = dir.path().join("link.md");
    std::os::unix::fs::symlink(&real, &link).expect("symlink");
    sanitizer()
        .args(["-q", "--in-place", link.to_str().expect("utf-8")])
        .assert_success();
    let meta = fs::symlink_metadata(&link).expect("link");
    assert!(meta.file_type().is_symlink(), "the link stays a link");
    assert_eq!(
        fs::read_to_string(&real).expect("read"),
        "the box at [REDACTED_IP] answered\n",
        "the file the link points to is redacted"
    );
}

#[test]
fn an_output_file_gets_what_stdout_gets_even_for_an_outgrown_output() {
    // Over a MiB of short turns under a long author name: the output
    // passes twice the input and is redacted window by window, to stdout
    // and to --output alike.
    let mut input = "Me: hi\n".repeat(160_000);
    input.push_str("password = \"Tr0ub4dor&3x\"\nMe: Tr0ub4dor&3x again\n");
    let args = ["--author", "A Writer With A Long Name", "-q"];
    let piped = sanitizer()
        .args(args)
        .stdin(input.as_bytes())
        .assert_success();
    let dir = tempfile::tempdir().expect("temp dir");
    sanitizer()
        .args([&args[..], &["-o", "clean.md"]].concat())
        .stdin(input.as_bytes())
        .current_dir(dir.path())
        .assert_success();
    let file = fs::read(dir.path().join("clean.md")).expect("written");
    assert!(file == piped.stdout, "the file differs from stdout");
    assert!(file.len() > 2 * input.len());
    assert!(!String::from_utf8_lossy(&file).contains("Tr0ub4dor"));
}

/// A `config.toml` in the working directory (a cloned repository's) may
/// not make the sanitizer redact less until the user trusts it; the
/// user's flags and their trusted files still may.
#[test]
fn an_untrusted_project_config_cannot_turn_redaction_off() {
    let project = tempfile::tempdir().expect("temp dir");
    let user = tempfile::tempdir().expect("temp dir");
    let config = project.path().join("config.toml");
    let env = [("XDG_CONFIG_HOME", user.path().to_str().expect("utf-8"))];
    for text in [
        "[sanitizer]\nsecrets = false\n",
        "[sanitizer]\nips = false\n",
        "[sanitizer]\nip_allowlist = [\"203.0.113.7\"]\n",
    ] {
        fs::write(&config, text).expect("config");
        let out = sanitizer()
            .stdin(TRANSCRIPT.as_bytes())
            .current_dir(project.path())
            .envs(&env)
            .output();
        assert_eq!(out.status.code(), Some(2), "{text}: {}", stderr(&out));
        assert!(out.stdout.is_empty(), "{text}: nothing written");
        assert!(
            stderr(&out).contains("untrusted project configuration may not")
                && stderr(&out).contains("articleizer config trust"),
            "{}",
            stderr(&out)
        );
    }
    // Trusted (as `articleizer config trust` records it), it is obeyed.
    let record = user.path().join("articleizer").join("trusted.toml");
    utils::trust::trust_in(&config, &record).expect("trusted");
    let out = sanitizer()
        .stdin(TRANSCRIPT.as_bytes())
        .current_dir(project.path())
        .envs(&env)
        .assert_success();
    assert!(stdout(&out).contains("203.0.113.7"), "the user's choice");
    // The user's own flag needs no trust.
    fs::write(&config, "[sanitizer]\n").expect("config");
    let out = sanitizer()
        .args(["--no-ips"])
        .stdin(TRANSCRIPT.as_bytes())
        .current_dir(project.path())
        .envs(&env)
        .assert_success();
    assert!(stdout(&out).contains("203.0.113.7"));
}
