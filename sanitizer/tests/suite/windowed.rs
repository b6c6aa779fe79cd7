//! An output too long to hold beside its input is redacted window by
//! window (`Sanitizer::sanitize_to`): the result must be the whole-text
//! result, byte for byte, report included. Small budgets and windows force
//! that path on ordinary texts; the corpus check is `--ignored`.

use sanitizer::{decode, Options, Report, Sanitizer};
use std::path::{Path, PathBuf};

/// The text and report of `sanitize_to` with the output taken window by
/// window from its first changed byte, in windows of at least `window` bytes.
pub fn windowed(sanitizer: &Sanitizer, text: &str, window: usize) -> (String, Report) {
    let mut out = Vec::new();
    let report = sanitizer
        .sanitize_to_within(text.to_string(), &mut out, 0, window)
        .expect("writing to memory");
    (String::from_utf8(out).expect("UTF-8 out"), report)
}

/// Asserts that windows of several sizes give what the whole text gives.
pub fn assert_same_as_whole(sanitizer: &Sanitizer, text: &str, name: &str) {
    let whole = sanitizer.sanitize(text);
    for window in [1, 64, 4096] {
        let (out, report) = windowed(sanitizer, text, window);
        assert!(
            out == whole.text,
            "{name}: text differs in windows of {window}"
        );
        assert_eq!(
            report, whole.report,
            "{name}: report in windows of {window}"
        );
    }
}

fn files_under(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, found);
        } else {
            found.push(path);
        }
    }
}

fn check_files(dirs: &[PathBuf]) -> usize {
    let sanitizer = Sanitizer::new(&Options::default()).expect("defaults");
    let mut files = Vec::new();
    for dir in dirs {
        files_under(dir, &mut files);
    }
    let mut checked = 0;
    for path in &files {
        // Binary inputs (NUL bytes) are refused before the sanitizer runs.
        if let Ok(text) = decode(std::fs::read(path).expect("read"), true) {
            assert_same_as_whole(&sanitizer, &text, &path.display().to_string());
            checked += 1;
        }
    }
    checked
}

#[test]
fn the_repository_inputs_come_out_the_same_in_windows() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let checked = check_files(&[
        root.join("examples"),
        root.join("fuzz/seeds"),
        root.join("fuzz/regressions"),
    ]);
    assert!(checked > 250, "the examples and fuzz seeds are there");
}

#[test]
#[ignore = "needs ../shared/corpus; run by .ci/run"]
fn corpus_posts_and_transcripts_come_out_the_same_in_windows() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    let checked = check_files(&[corpus.join("posts"), corpus.join("transcripts")]);
    assert!(
        checked > 10,
        "{} is needed for this check",
        corpus.display()
    );
}

#[test]
fn a_repeated_value_keeps_the_label_the_whole_text_gives_it() {
    // The value is found by a credential detector in the first paragraph
    // and by an assignment (a detector that runs earlier) in the last; a
    // whole-text run meets the assignment's span first, so every mention,
    // the one in the middle paragraph included, is labelled as it labels.
    let value = "Zm9vYmFyQmF6UXV4MTIzNDU2";
    let text = format!(
        "Me: first\n\nAuthorization: Bearer {value}\n\nsome prose that mentions {value} again\n\nClaude: then\n\npassword = \"{value}\"\n"
    );
    let sanitizer = Sanitizer::new(&Options::default()).expect("defaults");
    assert_same_as_whole(&sanitizer, &text, "labels");
    let whole = sanitizer.sanitize(&text).text;
    assert!(!whole.contains(value), "{whole}");
}

#[test]
fn code_a_redaction_lets_the_recovery_fence_is_fenced_in_windows_too() {
    // The key's line is too long to be read as code until the key is a
    // label: the whole text is then run again and the paragraph fenced.
    // The windows took the first run's output as final.
    let key: String = "Zq8xK3vP9".repeat(30);
    let text = format!("Claude: hi\n\nx = compute(a)\napi_key = \"{key}\"\n");
    let sanitizer = Sanitizer::new(&Options::default()).expect("defaults");
    assert!(
        sanitizer
            .sanitize(&text)
            .text
            .contains("```\nx = compute(a)"),
        "the whole text fences the paragraph"
    );
    assert_same_as_whole(&sanitizer, &text, "recovered after redaction");
}

#[test]
fn an_output_over_twice_its_input_streams_with_the_same_result() {
    // Over a MiB of short turns: every `Me:` label grows to the author's
    // long name, so the output passes twice the input and goes out in
    // windows.
    let mut text = String::new();
    let mut n = 0;
    while text.len() < (1 << 20) + 4096 {
        n += 1;
        text.push_str("Me: hi\n");
        if n % 5000 == 0 {
            text.push_str("\nexport API_TOKEN=9f8e7d6c5b4a39281706\n\nseen 9f8e7d6c5b4a39281706 at 10.1.2.3\n\n");
        }
    }
    text.push_str("Me: the token 9f8e7d6c5b4a39281706 once more\n");
    let mut options = Options::default();
    options.speaker.author = "A Writer With A Long Name".into();
    let sanitizer = Sanitizer::new(&options).expect("options");
    let whole = sanitizer.sanitize(&text);
    assert!(whole.text.len() > 2 * text.len(), "the shape grows");
    let mut out = Vec::new();
    let report = sanitizer.sanitize_to(text, &mut out).expect("memory");
    assert!(out == whole.text.as_bytes());
    assert_eq!(report, whole.report);
    assert!(!whole.text.contains("9f8e7d6c5b4a39281706"));
}

#[test]
fn a_key_the_line_passes_uncover_is_never_cut_in_two() {
    // The non-breaking space hides the BEGIN line from the first pass over
    // keys; cleaning it in the line passes uncovers it, and the key runs
    // on past a blank line to its END marker. No window may end inside it.
    let text = "Me: the key\n\n-----BEGIN\u{a0}PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0B\n\nAQEFAASCBKcwggSjAgEAAoIB\n-----END PRIVATE KEY-----\n\nClaude: noted\n";
    let sanitizer = Sanitizer::new(&Options::default()).expect("defaults");
    assert_same_as_whole(&sanitizer, text, "uncovered key");
    let whole = sanitizer.sanitize(text).text;
    assert!(!whole.contains("AQEFAASCBKcw"), "{whole}");
}

#[test]
fn a_table_and_a_broken_value_are_never_cut_in_two() {
    // The header names the secret column of the rows under it; a value
    // broken by a backslash goes on at the next line's start.
    let text = "Me: the accounts\n| user | password |\n|---|---|\n| ann | Tr0ub4dor&3x |\n| bob | c0rrectHorse9 |\n\nexport DB_PASSWORD=Zx81yQ7wLm\\\n4PdE2sKv\nClaude: noted\n";
    let sanitizer = Sanitizer::new(&Options::default()).expect("defaults");
    assert_same_as_whole(&sanitizer, text, "table and continuation");
    let whole = sanitizer.sanitize(text).text;
    for secret in ["Tr0ub4dor", "c0rrectHorse9", "4PdE2sKv"] {
        assert!(!whole.contains(secret), "{secret} in {whole}");
    }
}

#[test]
fn every_mention_of_a_repeated_name_value_goes_in_windows_too() {
    // `password: password: ...`, the text cut short inside its last line:
    // that line assigns a longer value (`password: ... pa`) starting like
    // every `password:` above. Which of those went hung on where the text
    // was cut (all of them at 1 MB, one a line at 3.3 MB), in windows and
    // whole alike: every one stands as a mention of the value `password:`.
    let sanitizer = Sanitizer::new(&Options::default()).expect("defaults");
    for (unit, cut) in [("password: ", 2), ("password: ", 7), ("token = ", 5)] {
        let line = format!("{}\n", unit.repeat(10));
        let mut text = line.repeat(20);
        text.truncate(text.len() - line.len() + unit.len() * 8 + cut);
        assert_same_as_whole(&sanitizer, &text, unit.trim());
        if unit.starts_with("password") {
            let whole = sanitizer.sanitize(&text).text;
            assert!(!whole.contains("password:"), "{whole}");
        }
    }
}
