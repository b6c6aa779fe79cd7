//! Broken fences: malformed closers, unclosed blocks, info strings, tildes, and ambiguous inputs with the reading we chose.

use super::*;

// ---- Malformed closers ----

#[test]
fn m01_closer_with_same_language() {
    let input = "```python\nx = 1\n```python\n\nProse after.\n";
    check("m01", input, "```python\nx = 1\n```\n\nProse after.\n");
    assert_eq!(repair(input).1, [FenceRepairKind::FixedCloser]);
}

#[test]
fn m02_closer_with_other_language() {
    check(
        "m02",
        "```js\nf()\n```text\n\nAfter.\n",
        "```js\nf()\n```\n\nAfter.\n",
    );
}

#[test]
fn m03_closer_shorter_than_opener() {
    check(
        "m03",
        "````py\nx\n```\n\nAfter.\n",
        "````py\nx\n````\n\nAfter.\n",
    );
}

#[test]
fn m04_language_closer_then_a_proper_block() {
    let input = "```python\na\n```python\n\nThen:\n\n```bash\nls\n```\n";
    let want = "```python\na\n```\n\nThen:\n\n```bash\nls\n```\n";
    check("m04", input, want);
    blocks("m04", want, &[("python", "a\n"), ("bash", "ls\n")]);
}

#[test]
fn m05_closer_with_trailing_words() {
    check(
        "m05",
        "```sh\nls\n``` end of code\n\nText.\n",
        "```sh\nls\n```\n\nText.\n",
    );
}

// ---- Unclosed blocks ----

#[test]
fn u01_unclosed_at_end_of_file() {
    check(
        "u01",
        "Intro\n\n```python\nx = 1\n",
        "Intro\n\n```python\nx = 1\n```\n",
    );
}

#[test]
fn u02_unclosed_without_final_newline() {
    check("u02", "```python\nx = 1", "```python\nx = 1\n```");
}

#[test]
fn u03_unclosed_before_next_speaker_turn() {
    let input = "Gemini: Here:\n\n```python\nx = 1\n\nMe: Thanks!\n";
    let want = "Gemini: Here:\n\n```python\nx = 1\n```\n\nMe: Thanks!\n";
    check("u03", input, want);
    assert_eq!(repair(input).1, [FenceRepairKind::Closed]);
}

#[test]
fn u04_unclosed_then_next_answer_has_a_proper_block() {
    let input = "Claude: Try:\n```bash\nmake\n\nMe: And then?\n\nClaude: Then:\n```bash\nmake install\n```\n";
    let want = "Claude: Try:\n```bash\nmake\n```\n\nMe: And then?\n\nClaude: Then:\n```bash\nmake install\n```\n";
    check("u04", input, want);
}

#[test]
fn u05_unclosed_nested_and_outer_before_a_turn() {
    let input = "ChatGPT 5.5: File:\n```markdown\n# Doc\n```python\nx\n\nMe: ok\n";
    let want = "ChatGPT 5.5: File:\n````markdown\n# Doc\n```python\nx\n```\n````\n\nMe: ok\n";
    check("u05", input, want);
}

#[test]
fn u06_unclosed_keeps_headings_inside_code() {
    // kramdown would turn these `#` lines into headings if left unclosed.
    let want = "```bash\n# install\napt-get install jekyll\n```\n";
    check("u06", "```bash\n# install\napt-get install jekyll\n", want);
    blocks(
        "u06",
        want,
        &[("bash", "# install\napt-get install jekyll\n")],
    );
}

#[test]
fn u07_unclosed_with_trailing_blank_lines() {
    check("u07", "```py\nx\n\n\n", "```py\nx\n```\n\n\n");
}

#[test]
fn u08_unclosed_indented_fence_keeps_indent() {
    check("u08", "  ```py\n  x\n", "  ```py\n  x\n  ```\n");
}

#[test]
fn u09_stray_closer_at_end() {
    // A lone fence at the end opens a block in every Markdown engine; closing
    // it keeps the rendering CommonMark already gives (an empty block) and
    // makes kramdown agree.
    check("u09", "Text\n```\n", "Text\n```\n```\n");
}

#[test]
fn u10_unclosed_tilde() {
    check("u10", "~~~\ncode\n", "~~~\ncode\n~~~\n");
}

// ---- Info strings (kramdown accepts one word) ----

#[test]
fn i01_title_attribute() {
    let input = "```python title=\"app.py\"\nx\n```\n";
    check("i01", input, "```python\nx\n```\n");
    assert_eq!(repair(input).1, [FenceRepairKind::TrimmedInfo]);
}

#[test]
fn i02_braced_attributes() {
    check("i02", "```js {.line-numbers}\nx\n```\n", "```js\nx\n```\n");
}

#[test]
fn i03_trim_and_widen_together() {
    let input = "```markdown file=README.md\n```sh\nls\n```\n```\n";
    check("i03", input, "````markdown\n```sh\nls\n```\n````\n");
}

#[test]
fn i04_nested_info_trimmed_too() {
    let input = "````md\n```py title=x\ny\n```\n````\n";
    check("i04", input, "````md\n```py\ny\n```\n````\n");
}

// ---- Tildes ----

#[test]
fn t01_tilde_nested_in_tilde() {
    check(
        "t01",
        "~~~markdown\n~~~python\nx\n~~~\n~~~\n",
        "~~~~markdown\n~~~python\nx\n~~~\n~~~~\n",
    );
}

#[test]
fn t02_backtick_nested_in_tilde_unchanged() {
    unchanged("t02", "~~~md\n```py\nx\n```\n~~~\n\nafter\n");
}

// ---- Ambiguous inputs: the reading we chose ----

#[test]
fn a01_two_language_fences_then_bare() {
    // ```python a ```python b ```: a missing closer or a nested block? A
    // second python fence inside python code is rarely nesting; closing the
    // first block before it (3) beats nesting plus a closer at the end (4).
    let input = "```python\na\n```python\nb\n```\n";
    check("a01", input, "```python\na\n```\n```python\nb\n```\n");
}

#[test]
fn a09_missing_closer_before_the_next_block() {
    // The first block was never closed; the next one opens in the same
    // answer. Its closer goes after the last non-blank line before it.
    let input = "```python\nsetup()\n\nwhich leads to:\n\n```python\nrun()\n```\n\nDone.\n";
    let want = "```python\nsetup()\n\nwhich leads to:\n```\n\n```python\nrun()\n```\n\nDone.\n";
    check("a09", input, want);
    blocks(
        "a09",
        want,
        &[
            ("python", "setup()\n\nwhich leads to:\n"),
            ("python", "run()\n"),
        ],
    );
}

#[test]
fn m06_closer_indented_with_the_code() {
    // A closer indented four spaces is content for CommonMark, so the block
    // ran on; the writer meant it as the closer.
    let input = " ```python\n def f():\n     return 1\n     ```\n\nProse.\n\n```bash\nls\n```\n";
    let want = " ```python\n def f():\n     return 1\n ```\n\nProse.\n\n```bash\nls\n```\n";
    check("m06", input, want);
    blocks(
        "m06",
        want,
        &[("python", "def f():\n    return 1\n"), ("bash", "ls\n")],
    );
}

#[test]
fn c16_indented_fence_inside_markdown_block_is_content() {
    unchanged(
        "c16",
        "````markdown\nExample:\n\n    ```\n    indented\n    ```\n````\n",
    );
}

#[test]
fn a02_bare_blocks_with_prose_between_stay_separate() {
    unchanged("a02", "```\na\n```\n\nb\n\n```\nc\n```\n");
}

#[test]
fn a03_language_closer_right_before_eof() {
    // A language fence as the last line: closing with it (cost 2) beats
    // opening a nested block and inserting two closers.
    check("a03", "```py\nx\n```py\n", "```py\nx\n```\n");
}

#[test]
fn a04_markdown_block_left_open_with_nested_closed() {
    let input = "```md\n```js\nf()\n```\ntext\n";
    check("a04", input, "````md\n```js\nf()\n```\ntext\n````\n");
}

#[test]
fn a05_block_crossing_a_turn_and_closed_later() {
    // A transcript quoted in a text block: crossing turns is cheaper than
    // two inserted closers, so the writer's block stays whole.
    unchanged("a05", "```text\nMe: one\nClaude: two\nMe: three\n```\n");
}

#[test]
fn a06_front_matter_is_not_body() {
    unchanged("a06", "---\ntitle: \"```\"\n---\n\n```py\nx\n```\n");
}

#[test]
fn a07_four_backtick_outer_with_unclosed_inner() {
    // CommonMark already renders this as intended: the inner block is
    // content, the outer closer closes. Nothing to do.
    unchanged("a07", "````md\n```py\nx\n````\n");
}

#[test]
fn a08_nested_closers_in_a_row_deep() {
    let input = "```markdown\nA\n```markdown\nB\n```python\nc\n```\n```\n```\n";
    check(
        "a08",
        input,
        "`````markdown\nA\n````markdown\nB\n```python\nc\n```\n````\n`````\n",
    );
}

#[test]
fn a10_block_left_open_early_does_not_swallow_later_answers() {
    // Each round leaves a block open before the next turn. Crossing a turn
    // once cost less than closing, so the first open block used to run to
    // the end of the file, every later answer nested inside it.
    let round =
        "Me: question\n\nGemini: Here:\n\n```markdown\n# t\n\n```bash\nrun\n```\n\nend\n```\n\n\
                 ChatGPT: A fix:\n\n```bash\nexport A=1\n```python\n\nKeep it.\n\n\
                 Claude: Config:\n\n```yaml\na: 1\n\n";
    let (once, _) = repair(round);
    for rounds in [2, 3, 10] {
        let (out, _) = repair(&round.repeat(rounds));
        assert_eq!(
            out,
            once.repeat(rounds),
            "{rounds} rounds repair as {rounds} times one round"
        );
    }
    assert!(once.contains("```yaml\na: 1\n```\n"), "{once}");
}

#[test]
fn a11_chat_log_quoted_with_blank_lines_stays_one_block() {
    // Turns in a quoted log, blank lines between them: crossing them costs
    // less than cutting the block and reopening at its closer.
    unchanged(
        "a11",
        "```text\nMe: one\n\nClaude: two\n\nMe: three\n```\n\nClaude: real\n",
    );
}

#[test]
fn table_has_forty_cases() {
    // Kept honest: count the cases in this file.
    let source = [include_str!("mod.rs"), include_str!("broken.rs")].concat();
    let cases = source.matches("#[test]\nfn ").count() - 1;
    assert!(cases >= 40, "only {cases} cases");
}
