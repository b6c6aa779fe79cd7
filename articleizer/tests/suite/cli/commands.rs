//! The command line itself: completions and the man page, typos, flags, -q.

use super::*;

#[test]
fn completions_and_a_man_page() {
    let bash = articleizer().args(["completions", "bash"]).assert_success();
    assert!(stdout(&bash).contains("complete -F") && stdout(&bash).contains("preview"));
    for shell in ["zsh", "fish"] {
        let out = articleizer().args(["completions", shell]).output();
        assert!(
            out.status.success() && stdout(&out).contains("batch"),
            "{shell}"
        );
    }
    let man = articleizer().args(["man"]).output();
    assert!(
        stdout(&man).starts_with(".ie \\n(.g .ds Aq") || stdout(&man).contains(".TH articleizer")
    );
    articleizer().args(["completions", "tcsh"]).assert_code(2);
}

#[test]
fn a_mistyped_command_gets_a_suggestion() {
    for args in [
        &["previwe", "x.md"][..],
        &["previwe"][..],
        &["batc", "posts"][..],
    ] {
        let out = articleizer().args(args).output();
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
    let help = stdout(&articleizer().args(["--help"]).output());
    let preview = stdout(&articleizer().args(["preview", "--help"]).output());
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
    let alone = articleizer()
        .args(["preview", "--open", "x.md"])
        .assert_code(2);
    assert!(stderr(&alone).contains("--html"), "{}", stderr(&alone));
    articleizer()
        .args(["preview", "--dry-run", "x.md"])
        .assert_code(2);
    let prompt = stdout(&articleizer().args(["prompt", "--help"]).output());
    assert!(prompt.contains("--prompt-template") && prompt.contains("--permalink-style"));
    // --permalink-style changes where the post says it lives.
    let out = articleizer()
        .args(["--dry-run", "--permalink-style", "/notes/:slug/"])
        .stdin(EXAMPLE.as_bytes())
        .output();
    assert!(
        stdout(&out).contains("permalink: \"/notes/teaching-a-static-site-to-explain-itself/\"")
    );
}

#[test]
fn quiet_prints_no_notices() {
    let quiet = articleizer()
        .args(["-q", "--dry-run", "--date", "2099-01-01"])
        .stdin(EXAMPLE.as_bytes())
        .assert_success();
    assert_eq!(stderr(&quiet), "", "no editor line, no future-date warning");
    let loud = articleizer()
        .args(["--dry-run", "--date", "2099-01-01"])
        .stdin(EXAMPLE.as_bytes())
        .output();
    assert!(stderr(&loud).contains("editor:") && stderr(&loud).contains("in the future"));
    let instructions = articleizer()
        .args(["instructions", "-q"])
        .stdin(EXAMPLE.as_bytes())
        .output();
    assert_eq!(stderr(&instructions), "");
}
