//! The default pipeline on whole texts: how the passes work together, and
//! that the line passes never touch code.

use sanitizer::{Options, Sanitizer};

fn clean(input: &str) -> String {
    Sanitizer::new(&Options::default())
        .expect("defaults are valid")
        .sanitize(input)
        .text
}

#[test]
fn line_passes_leave_code_alone() {
    let input = "```text\nMe: quoted turn  \nCopy code\nnbsp\u{a0}kept\n\n\n\n\nend\n```\n";
    assert_eq!(clean(input), input);
}

#[test]
fn line_passes_leave_blockquoted_and_indented_code_alone() {
    let input =
        "> ```\n> Me: inside  \n> ```\n\n- item\n\n    ```\n    Claude: inside  \n    ```\n";
    assert_eq!(clean(input), input);
}

#[test]
fn turns_after_a_block_that_quotes_turns_are_still_normalized() {
    // The turn lines inside the block are code; the ones after it are
    // turns (they were skipped once a quoted turn had been passed over).
    let input = "```text\nClaude: quoted\n```\n\nClaude: after\n\nGemini: and this\n";
    assert_eq!(
        clean(input),
        "```text\nClaude: quoted\n```\n\n**Claude**: after\n\n**Gemini**: and this\n"
    );
}

#[test]
fn secrets_are_redacted_inside_code_too() {
    assert_eq!(
        clean("```sh\ncurl http://10.9.8.7/\n```\n"),
        "```sh\ncurl http://[REDACTED_IP]/\n```\n"
    );
}

#[test]
fn hygiene_on_prose() {
    let input = "\u{feff}Title\r\n\r\nline one  \r\nline two   \r\n\r\n\r\n\r\n\r\nnext\u{a0}word\u{200b}\r\n";
    assert_eq!(clean(input), "Title\n\nline one  \nline two\n\nnext word\n");
}

#[test]
fn two_blank_lines_stay_three_collapse() {
    assert_eq!(clean("a\n\n\nb\n\n\n\nc\n"), "a\n\n\nb\n\nc\n");
}

#[test]
fn debris_goes_without_leaving_a_gap() {
    assert_eq!(
        clean("Answer.\n\nCopy code\n\nNext.\n"),
        "Answer.\n\nNext.\n"
    );
    assert_eq!(clean("Answer.\nShow thinking\nNext.\n"), "Answer.\nNext.\n");
}

#[test]
fn speakers_only_at_turn_starts() {
    let input = "Gemini 3.5 Flash: one\nThe Takeaway: two\n  Claude: three\nsaid Claude: four\n";
    assert_eq!(
        clean(input),
        "**Gemini 3.5 Flash**: one\nThe Takeaway: two\n  Claude: three\nsaid Claude: four\n"
    );
}

#[test]
fn published_posts_keep_their_labels_and_debris() {
    let post = "---\ntitle: \"x\"\n---\n\nMe: a turn\nCopy code\n\n```python\nx\n";
    assert_eq!(
        clean(post),
        "---\ntitle: \"x\"\n---\n\nMe: a turn\nCopy code\n\n```python\nx\n```\n"
    );
    let options = Options {
        transcript_passes_in_posts: true,
        ..Options::default()
    };
    let out = Sanitizer::new(&options).expect("valid").sanitize(post).text;
    assert_eq!(
        out,
        "---\ntitle: \"x\"\n---\n\n**Me**: a turn\n\n```python\nx\n```\n"
    );
}

#[test]
fn a_line_that_cleaning_would_turn_into_a_fence_keeps_its_bytes() {
    // Removing the zero-width space would make a fence appear on the next run.
    let input = "text\n\u{200b}```\nmore\n";
    assert_eq!(clean(input), input);
}

#[test]
fn every_pass_can_be_switched_off() {
    let off = Options::none();
    let input =
        "Me: 10.0.0.1 ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R  \r\nCopy code\n\n\n\n```py\nx\n";
    assert_eq!(
        Sanitizer::new(&off).expect("valid").sanitize(input).text,
        input
    );
}

#[test]
fn thousands_of_unclosed_nested_fences_plan_in_bounded_depth() {
    // Each repetition opened one more level: unbounded nesting made the
    // planner quadratic and the block tree deep enough to overflow the
    // stack. Readings now nest at most 8 deep.
    let text = "Me: look\n\n````markdown\n```python\nx = 1\n".repeat(3000);
    let sanitizer = sanitizer::Sanitizer::new(&sanitizer::Options::default()).expect("defaults");
    let once = sanitizer.sanitize(&text).text;
    assert_eq!(sanitizer.sanitize(&once).text, once);
}

#[test]
fn a_secret_cut_to_nothing_does_not_stop_fence_repair() {
    // Redaction that finds a value but has nothing to cut (it starts at a
    // backtick) once made the settle check think every pass changed the
    // text, so fence repair was given up as unstable.
    let input = "TOKEN='`p_Zq7Wm3Rt6Yosu1Io3` set\n\n```python\nprint(1)\n";
    let out = Sanitizer::new(&Options::default())
        .expect("defaults are valid")
        .sanitize(input);
    assert_eq!(
        out.text,
        "TOKEN='`p_Zq7Wm3Rt6Yosu1Io3` set\n\n```python\nprint(1)\n```\n"
    );
    assert_eq!(out.report.summary(), "repaired 1 fence");
}

#[test]
fn what_a_chat_ui_lost_is_recovered_reported_and_switchable() {
    let input = "Claude: Try this:\n\npython\nCopy code\n# the setup\nimport os\n\nIt prints the name of the platform you are on.\n\n• fast\n• small\n";
    let sanitizer = Sanitizer::new(&Options::default()).expect("defaults are valid");
    let out = sanitizer.sanitize(input);
    assert_eq!(
        out.text,
        "**Claude**: Try this:\n\n```python\n# the setup\nimport os\n```\n\nIt prints the name of the platform you are on.\n\n- fast\n- small\n"
    );
    assert_eq!(out.report.recovered.code_blocks, 1);
    assert_eq!(out.report.recovered.bullets, 2);
    assert!(
        out.report
            .summary()
            .contains("recovered 1 code block; made 2 bullets into list items"),
        "{}",
        out.report.summary()
    );
    let off = Options {
        recover: false,
        ..Options::default()
    };
    let kept = Sanitizer::new(&off).expect("valid").sanitize(input);
    assert!(kept.text.contains("• fast") && !kept.text.contains("```"));
    // Indented code keeps its bullets.
    assert!(clean("Code:\n\n    • not a bullet\n").contains("    • not a bullet"));
    // A published post is left as it is.
    let post = format!("---\ntitle: x\n---\n{input}");
    assert!(clean(&post).contains("• fast"));
}

#[test]
fn a_shell_line_shortened_by_redaction_settles_in_one_run() {
    // Over 240 bytes the first line reads as prose; with its token a label
    // it is short enough to be a shell command, and the next run would
    // fence both lines. The first run must already give the fixed point,
    // on stdout as in memory.
    let token = "Zm9vYmFyQmF6UXV4".repeat(14);
    let input = format!(
        "Me: I ran\n\n$ curl -s -H \"Authorization: Bearer {token}\" https://api.example.com/v1/items\n$ ls -la\n\nClaude: fine\n"
    );
    assert!(input.lines().nth(2).expect("line").len() > 240);
    let sanitizer = Sanitizer::new(&Options::default()).expect("defaults are valid");
    let once = sanitizer.sanitize(&input);
    assert_eq!(sanitizer.sanitize(&once.text).text, once.text);
    assert!(!once.text.contains(&token));
    let mut streamed = Vec::new();
    let report = sanitizer
        .sanitize_to(input, &mut streamed)
        .expect("a Vec takes any write");
    assert!(streamed == once.text.as_bytes());
    assert_eq!(report, once.report);
}
