//! The command line itself: completions and the man page, typos, flags, -q.

use super::*;

#[test]
fn completions_and_a_man_page() {
    let bash = run("articleizer", &["completions", "bash"], b"", None);
    assert!(bash.status.success());
    assert!(stdout(&bash).contains("complete -F") && stdout(&bash).contains("preview"));
    for shell in ["zsh", "fish"] {
        let out = run("articleizer", &["completions", shell], b"", None);
        assert!(
            out.status.success() && stdout(&out).contains("batch"),
            "{shell}"
        );
    }
    let man = run("articleizer", &["man"], b"", None);
    assert!(
        stdout(&man).starts_with(".ie \\n(.g .ds Aq") || stdout(&man).contains(".TH articleizer")
    );
    let bad = run("articleizer", &["completions", "tcsh"], b"", None);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn a_mistyped_command_gets_a_suggestion() {
    for args in [
        &["previwe", "x.md"][..],
        &["previwe"][..],
        &["batc", "posts"][..],
    ] {
        let out = run("articleizer", args, b"", None);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let wanted = if args[0] == "batc" {
            "batch"
        } else {
            "preview"
        };
        assert_eq!(
            stderr(&out).trim(),
            format!("articleizer: no file {} and no command of that name; did you mean `articleizer {wanted}`?", args[0])
        );
    }
}

#[test]
fn flags_mean_the_same_everywhere_and_preview_takes_no_write_flags() {
    let help = stdout(&run("articleizer", &["--help"], b"", None));
    let preview = stdout(&run("articleizer", &["preview", "--help"], b"", None));
    for flag in [
        "--target",
        "--date",
        "--permalink-style",
        "--post-template",
        "--publish",
        "--prompt-template",
    ] {
        assert!(help.contains(flag) && preview.contains(flag), "{flag}");
    }
    for flag in ["--dry-run", "--force", "--draft", "--no-wait"] {
        assert!(help.contains(flag), "{flag}");
        assert!(!preview.contains(flag), "preview has no use for {flag}");
    }
    // Preview's --open opens its HTML page, so it goes only with --html.
    let alone = run("articleizer", &["preview", "--open", "x.md"], b"", None);
    assert_eq!(alone.status.code(), Some(2));
    assert!(stderr(&alone).contains("--html"), "{}", stderr(&alone));
    let refused = run("articleizer", &["preview", "--dry-run", "x.md"], b"", None);
    assert_eq!(refused.status.code(), Some(2));
    let prompt = stdout(&run("articleizer", &["prompt", "--help"], b"", None));
    assert!(prompt.contains("--prompt-template") && prompt.contains("--permalink-style"));
    // --permalink-style changes where the post says it lives.
    let out = run(
        "articleizer",
        &["--dry-run", "--permalink-style", "/notes/:slug/"],
        EXAMPLE.as_bytes(),
        None,
    );
    assert!(
        stdout(&out).contains("permalink: \"/notes/teaching-a-static-site-to-explain-itself/\"")
    );
}

#[test]
fn quiet_prints_no_notices() {
    let quiet = run(
        "articleizer",
        &["-q", "--dry-run", "--date", "2099-01-01"],
        EXAMPLE.as_bytes(),
        None,
    );
    assert!(quiet.status.success());
    assert_eq!(stderr(&quiet), "", "no editor line, no future-date warning");
    let loud = run(
        "articleizer",
        &["--dry-run", "--date", "2099-01-01"],
        EXAMPLE.as_bytes(),
        None,
    );
    assert!(stderr(&loud).contains("editor:") && stderr(&loud).contains("in the future"));
    let instructions = run(
        "articleizer",
        &["instructions", "-q"],
        EXAMPLE.as_bytes(),
        None,
    );
    assert_eq!(stderr(&instructions), "");
}
