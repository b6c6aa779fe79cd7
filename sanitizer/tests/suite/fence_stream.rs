//! Fence repair on texts far longer than a transcript: it is decided as the
//! output is written, with a bounded window, and must still give a fixed
//! point that changes only fence lines.

use sanitizer::fences::MAX_LISTED_REPAIRS;
use sanitizer::{FenceRepairKind, Options, Sanitized, Sanitizer};

fn fences_only() -> Sanitizer {
    Sanitizer::new(&Options::none().with_fences(true)).expect("valid options")
}

fn non_fence_lines(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|line| !line.trim_start().starts_with(['`', '~']))
        .collect()
}

/// Repairs `input`, checking that the output is a fixed point and that no
/// line but a fence line changed.
fn settled_changing_only_fences(input: &str) -> Sanitized {
    let sanitizer = fences_only();
    let out = sanitizer.sanitize(input);
    assert_eq!(
        sanitizer.sanitize(&out.text).text,
        out.text,
        "a fixed point"
    );
    assert_eq!(non_fence_lines(&out.text), non_fence_lines(input));
    out
}

#[test]
fn a_long_run_of_bare_fences_settles_and_changes_only_fences() {
    let input = "```\nx\n".repeat(60_000);
    settled_changing_only_fences(&input);
}

#[test]
fn thousands_of_nested_examples_are_each_repaired() {
    // Far more fence lines than the search keeps undecided: every block is
    // decided by forced commits, and each must still be widened.
    let example = "Claude: For example:\n\n```markdown\n# Notes\n```python\nx = 1\n```\n```\n\n";
    let input = example.repeat(3_000);
    let sanitizer = fences_only();
    let out = sanitizer.sanitize(&input);
    // Each example: the outer opener widened, its closer widened to match.
    let listed_widened = out
        .report
        .fences
        .iter()
        .filter(|f| matches!(f.kind, FenceRepairKind::Widened { from: 3, to: 4 }))
        .count();
    assert_eq!(listed_widened, MAX_LISTED_REPAIRS / 2);
    assert_eq!(
        out.report.fences_unlisted.repaired,
        6_000 - MAX_LISTED_REPAIRS
    );
    assert_eq!(
        out.text,
        input
            .replace("```markdown", "````markdown")
            .replace("```\n```\n", "```\n````\n")
    );
    assert_eq!(
        out.report.fences.len(),
        MAX_LISTED_REPAIRS,
        "the list is capped"
    );
    assert!(
        out.report.summary().contains("repaired 6000 fences"),
        "{}",
        out.report.summary()
    );
}

#[test]
fn a_block_holding_more_fences_than_any_transcript_is_left_as_written() {
    let input = format!(
        "```markdown\n{}",
        "```python\nx = 1\n```\n\n".repeat(15_000)
    );
    let out = settled_changing_only_fences(&input);
    assert!(
        out.report
            .fences
            .iter()
            .any(|f| f.kind == FenceRepairKind::Unverified || f.kind == FenceRepairKind::Unstable),
        "giving up is reported"
    );
}

#[test]
fn turns_past_what_the_stream_holds_are_still_found() {
    // More quoted turns than the stream keeps for the emitter, inside one
    // closed block: the turns after it are normalized all the same.
    let quoted = "Me: hi\nClaude: hello\n".repeat(40_000);
    let input = format!("```text\n{quoted}```\n\nClaude: after\n\nMe: thanks\n");
    let sanitizer = Sanitizer::new(&Options::default()).expect("defaults are valid");
    let out = sanitizer.sanitize(&input).text;
    assert!(
        out.starts_with("```text\nMe: hi\nClaude: hello\n"),
        "the quote is code"
    );
    assert!(out.ends_with("```\n\n**Claude**: after\n\n**Me**: thanks\n"));
}

#[test]
fn fence_lines_by_the_thousand_in_a_row_leave_the_fences_as_written() {
    // A generator's output, not a writer's: weighing its readings was the
    // planner's slowest case (16 MB took seconds), and none is meant.
    let broken = "Claude: Run this:\n\n```python\nprint(1)\n\nMe: thanks\n\n";
    let input = format!("{broken}{}{broken}", "```\n".repeat(100_000));
    let sanitizer = fences_only();
    let out = sanitizer.sanitize(&input);
    assert_eq!(out.text, input, "nothing repaired, not even elsewhere");
    assert_eq!(
        out.report.fences.first().map(|f| (f.line, &f.kind)),
        Some((8, &FenceRepairKind::LeftAsWritten { run: 33 }))
    );
    assert!(
        out.report
            .summary()
            .contains("left the fences as written (33 fence lines in a row at line 8"),
        "{}",
        out.report.summary()
    );
    assert_eq!(sanitizer.sanitize(&out.text).text, out.text);

    // Up to the limit, a run is read as usual (the unclosed block closed).
    let short = format!("{broken}{}", "```\n".repeat(32));
    let repaired = settled_changing_only_fences(&short);
    assert!(repaired.report.fences.iter().all(|f| f.is_applied()));
    assert_ne!(repaired.text, short);
}
