//! Properties over generated transcripts: the whole run is idempotent, fence
//! repair and redaction change nothing but fence lines and redacted spans,
//! and no input, however odd, makes the sanitizer panic.

use proptest::prelude::*;
use sanitizer::{decode, Options, Sanitizer};

/// Lines that exercise every pass, including the awkward ones.
const VOCABULARY: &[&str] = &[
    "```",
    "```python",
    "````markdown",
    "~~~",
    "```` ",
    "```js title=\"x\"",
    "```text",
    "  ```bash",
    "> ```",
    "> code",
    "    ```",
    "    indented code  ",
    "- item",
    "   ```",
    "```rust```",
    "Me: a question",
    "Claude Sonnet 4.6: an answer",
    "**Gemini**: bold",
    "**ChatGPT 5.5:** x",
    "Gemini 3.5 Flash:",
    "Note: prose with a colon",
    "The Takeaway: more prose",
    "",
    "",
    "",
    "   ",
    "\t",
    "text with trailing spaces   ",
    "hard break  ",
    "plain prose line",
    "nbsp\u{a0}here",
    "zero\u{200b}width",
    "\u{200b}```",
    "\u{a0}Me: hidden turn",
    "👨\u{200d}👩\u{200d}👧",
    "Copy code",
    "Show thinking",
    "👍",
    "Thought for 8s",
    "2 / 2",
    "ip 192.168.1.7 and 10.0.0.1.",
    "v6 2001:db8::1 here",
    "version 1.2.3",
    "::1 and 127.0.0.1",
    "token ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R",
    "password = \"hunter2!\"",
    "X-API-Key: 8f14e45fceea167a5a36",
    "postgres://u:s3cret99@db/x",
    "Authorization: Bearer Zm9vYmFyQmF6UXV4MTIz",
    "-----BEGIN PRIVATE KEY-----",
    "MIIEvQIBADANBgkqhkiG9w0B",
    "-----END PRIVATE KEY-----",
    "---",
    "title: x",
    "# Heading",
    "| a | b |",
    // Lost structure the recovery puts back, and where code ends.
    "python",
    "Python",
    "content_copy",
    "Copy",
    "Edit",
    "$ ls -la",
    "\u{feff}$ make",
    "\u{feff}Me: hello",
    "\u{feff}",
    "total 8",
    "SELECT name, email",
    "FROM users",
    "#include <stdio.h>",
    "int main(void) {",
    "}",
    "import os",
    "print(os.name)",
    "• a bullet",
    "    ◦ a sub-bullet",
    "- it prints once",
    "2. Run it:",
    "> Mind the timeout, it is none.",
    "| Column | Meaning |",
    "|---|---|",
    "Save it as `config.json` now.",
    "```yaml",
    "- name: web",
    "```ts",
];

fn transcript() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(prop::sample::select(VOCABULARY), 0..40),
        any::<bool>(),
        any::<bool>(),
        prop::bool::weighted(0.1),
    )
        .prop_map(|(lines, crlf, final_newline, bom)| {
            let mut text = lines.join(if crlf { "\r\n" } else { "\n" });
            if final_newline && !text.is_empty() {
                text.push('\n');
            }
            if bom {
                text.insert(0, '\u{feff}');
            }
            text
        })
}

/// Names, assignments and a value glued in any order, cut anywhere: the
/// values assigned (a name, a name and what follows, cut short) start like
/// one another's mentions.
fn assignments() -> impl Strategy<Value = String> {
    const UNITS: &[&str] = &["password: ", "token = ", "Zq8xK3vP9a2 ", "\n"];
    (
        prop::collection::vec(prop::sample::select(UNITS), 0..60),
        0usize..12,
    )
        .prop_map(|(units, cut)| {
            let mut text = units.concat();
            text.truncate(text.len().saturating_sub(cut));
            text
        })
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(300)
}

fn is_fence_line(line: &str) -> bool {
    let t = line.trim_start_matches(' ');
    t.starts_with("```") || t.starts_with("~~~")
}

fn non_fence_lines(text: &str) -> Vec<&str> {
    text.lines().filter(|l| !is_fence_line(l)).collect()
}

proptest! {
    // 300 cases in `cargo test`; `.ci/run` asks for more with PROPTEST_CASES.
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn writing_as_made_gives_the_same_text_and_report(text in transcript()) {
        let sanitizer = Sanitizer::new(&Options::default()).expect("defaults are valid");
        let whole = sanitizer.sanitize(&text);
        let mut written = Vec::new();
        let report = sanitizer.sanitize_to(text.clone(), &mut written).expect("a Vec takes any write");
        prop_assert_eq!(String::from_utf8(written).expect("UTF-8 out"), whole.text);
        prop_assert_eq!(report, whole.report);
    }

    #[test]
    fn redacting_in_windows_gives_the_same_text_and_report(text in transcript(), window in 1usize..200) {
        let sanitizer = Sanitizer::new(&Options::default()).expect("defaults are valid");
        let whole = sanitizer.sanitize(&text);
        let (out, report) = crate::windowed::windowed(&sanitizer, &text, window);
        prop_assert_eq!(out, whole.text);
        prop_assert_eq!(report, whole.report);
    }

    #[test]
    fn names_and_values_repeated_give_the_same_text_in_windows(
        text in assignments(),
        window in 1usize..200,
    ) {
        let sanitizer = Sanitizer::new(&Options::default()).expect("defaults are valid");
        let whole = sanitizer.sanitize(&text);
        let (out, report) = crate::windowed::windowed(&sanitizer, &text, window);
        prop_assert_eq!(out, whole.text);
        prop_assert_eq!(report, whole.report);
    }

    #[test]
    fn fences_planned_ahead_give_the_same_text_and_report(
        text in transcript(),
        batch_lines in 1usize..40,
        defer_after_blank in any::<bool>(),
    ) {
        let in_place = Sanitizer::new(&Options::default()).expect("defaults are valid");
        let ahead = Sanitizer::new(&Options::default())
            .expect("defaults are valid")
            .planning_fences_ahead(batch_lines, defer_after_blank);
        prop_assert_eq!(ahead.sanitize(&text), in_place.sanitize(&text));
    }

    #[test]
    fn sanitizing_twice_equals_once(text in transcript()) {
        let sanitizer = Sanitizer::new(&Options::default()).expect("defaults are valid");
        let once = sanitizer.sanitize(&text).text;
        let twice = sanitizer.sanitize(&once);
        prop_assert_eq!(&twice.text, &once);
        prop_assert!(twice.report.is_empty(), "second run reported {}", twice.report.summary());
    }

    #[test]
    fn fences_and_redaction_change_only_fence_lines_and_secrets(text in transcript()) {
        let text = text.replace('\r', "");
        let redact_only = Sanitizer::new(&Options::none().with_secrets(true).with_ips(true)).expect("valid");
        let fences_and_redact = Sanitizer::new(&Options::none().with_fences(true).with_secrets(true).with_ips(true)).expect("valid");
        let redacted = redact_only.sanitize(&text).text;
        let repaired = fences_and_redact.sanitize(&text).text;
        prop_assert_eq!(non_fence_lines(&redacted), non_fence_lines(&repaired));
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let sanitizer = Sanitizer::new(&Options::default()).expect("defaults are valid");
        if let Ok(text) = decode(bytes, true) {
            let once = sanitizer.sanitize(&text).text;
            prop_assert_eq!(sanitizer.sanitize(&once).text, once);
        }
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in "\\PC{0,300}") {
        let sanitizer = Sanitizer::new(&Options::default()).expect("defaults are valid");
        let once = sanitizer.sanitize(&text).text;
        prop_assert_eq!(sanitizer.sanitize(&once).text, once);
    }
}
