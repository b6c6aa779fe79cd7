//! The fence-repair table: each case is an input, the output we want, and
//! (where it matters) the code blocks pulldown-cmark must see in the output.
//! Cases are grouped by kind: correct input that must stay byte-identical,
//! nested blocks, malformed closers, unclosed blocks, info strings, tildes,
//! and ambiguous inputs with the reading we chose and why.

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
use sanitizer::{FenceRepairKind, Options, Sanitizer};

/// Only the fence pass, so each case shows fence repair alone.
fn repair(input: &str) -> (String, Vec<FenceRepairKind>) {
    let sanitizer = Sanitizer::new(&Options::none().with_fences(true)).expect("valid options");
    let out = sanitizer.sanitize(input);
    (
        out.text,
        out.report.fences.into_iter().map(|f| f.kind).collect(),
    )
}

/// The fenced code blocks pulldown-cmark sees: (language, content).
fn code_blocks(markdown: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(String, String)> = None;
    let mut depth = 0;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                depth += 1;
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => "(indented)".to_string(),
                };
                current = Some((lang, String::new()));
            }
            Event::Text(text) if depth > 0 => {
                if let Some((_, content)) = current.as_mut() {
                    content.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                depth -= 1;
                blocks.extend(current.take());
            }
            _ => {}
        }
    }
    blocks
}

/// Asserts the repair of `input` is `want`, that repairing again changes
/// nothing, and that no line outside fence lines changed.
fn check(name: &str, input: &str, want: &str) {
    let (out, _) = repair(input);
    assert_eq!(out, want, "case {name}: output");
    let (again, repairs) = repair(&out);
    assert_eq!(again, out, "case {name}: second run changed the output");
    assert!(
        repairs.is_empty(),
        "case {name}: second run repaired {repairs:?}"
    );
    let is_fence = |l: &str| {
        let t = l.trim_start_matches(' ');
        t.starts_with("```") || t.starts_with("~~~")
    };
    let kept_in: Vec<&str> = input.lines().filter(|l| !is_fence(l)).collect();
    let kept_out: Vec<&str> = out.lines().filter(|l| !is_fence(l)).collect();
    assert_eq!(kept_in, kept_out, "case {name}: a non-fence line changed");
}

fn unchanged(name: &str, input: &str) {
    check(name, input, input);
    assert!(repair(input).1.is_empty(), "case {name}: reported a repair");
}

fn blocks(name: &str, markdown: &str, want: &[(&str, &str)]) {
    let got = code_blocks(markdown);
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(l, c)| (l.to_string(), c.to_string()))
        .collect();
    assert_eq!(got, want, "case {name}: code blocks pulldown-cmark sees");
}

// ---- Correct input stays byte-identical ----

#[test]
fn c01_simple_block() {
    unchanged("c01", "Text\n\n```python\nprint(1)\n```\n\nMore\n");
}

#[test]
fn c02_two_blocks_with_prose_between() {
    unchanged("c02", "```bash\nls\n```\n\nthen\n\n```js\nx()\n```\n");
}

#[test]
fn c03_correct_four_backtick_outer() {
    let input = "````markdown\n# Title\n```python\nx = 1\n```\n````\n";
    unchanged("c03", input);
    blocks(
        "c03",
        input,
        &[("markdown", "# Title\n```python\nx = 1\n```\n")],
    );
}

#[test]
fn c04_tilde_outer_with_backticks_inside() {
    unchanged("c04", "~~~markdown\n```python\nx\n```\n~~~\n");
}

#[test]
fn c05_backtick_block_with_tilde_lines_inside() {
    unchanged("c05", "```text\n~~~\nnot a fence here\n~~~\n```\n");
}

#[test]
fn c06_fence_in_list_item_three_spaces() {
    unchanged("c06", "1. Run it:\n   ```bash\n   make\n   ```\n2. Done\n");
}

#[test]
fn c07_fence_in_nested_list_item() {
    unchanged(
        "c07",
        "- outer\n  - inner:\n    ```sh\n    echo hi\n    ```\n",
    );
}

#[test]
fn c08_fence_inside_blockquote() {
    unchanged("c08", "> Quoted code:\n> ```python\n> x = 1\n> ```\n");
}

#[test]
fn c09_inline_triple_backticks_in_prose() {
    unchanged(
        "c09",
        "Use ```rust``` for inline code, or ```` `` ```` sometimes.\n",
    );
}

#[test]
fn c10_empty_block() {
    unchanged("c10", "```\n```\n");
}

#[test]
fn c11_bare_block() {
    unchanged("c11", "```\nplain\n```\n");
}

#[test]
fn c12_longer_closer_is_valid() {
    unchanged("c12", "```py\nx\n`````\n");
}

#[test]
fn c13_indented_code_with_fence_lines() {
    unchanged(
        "c13",
        "Example:\n\n    ```\n    shown literally\n    ```\n\nEnd\n",
    );
}

#[test]
fn c14_transcript_inside_a_closed_block() {
    unchanged(
        "c14",
        "```text\nMe: hi\nClaude: hello\n```\n\nClaude: real turn\n",
    );
}

#[test]
fn c15_single_word_info_with_space_before() {
    unchanged("c15", "``` js\nx\n```\n");
}

// ---- Nested blocks: widen the outer fence ----

#[test]
fn n01_markdown_with_nested_python() {
    let input = "```markdown\n# Guide\n```python\nx = 1\n```\nMore text\n```\n";
    let want = "````markdown\n# Guide\n```python\nx = 1\n```\nMore text\n````\n";
    check("n01", input, want);
    blocks(
        "n01",
        want,
        &[("markdown", "# Guide\n```python\nx = 1\n```\nMore text\n")],
    );
    assert_eq!(
        repair(input).1,
        [
            FenceRepairKind::Widened { from: 3, to: 4 },
            FenceRepairKind::FixedCloser
        ]
    );
}

#[test]
fn n02_markdown_with_two_nested_blocks() {
    let input = "```md\n```bash\nls\n```\ntext\n```js\nf()\n```\n```\n";
    let want = "````md\n```bash\nls\n```\ntext\n```js\nf()\n```\n````\n";
    check("n02", input, want);
}

#[test]
fn n03_markdown_with_nested_bare_block() {
    let input = "```markdown\n# README\n```\nnpm install\n```\n```\n";
    let want = "````markdown\n# README\n```\nnpm install\n```\n````\n";
    check("n03", input, want);
}

#[test]
fn n04_three_levels() {
    let input = "```md\n```md\n```py\nx\n```\n```\n```\n";
    let want = "`````md\n````md\n```py\nx\n```\n````\n`````\n";
    check("n04", input, want);
    blocks("n04", want, &[("md", "````md\n```py\nx\n```\n````\n")]);
}

#[test]
fn n05_outer_too_short_for_inner_four() {
    let input = "````md\n````py\nx\n````\n````\n";
    let want = "`````md\n````py\nx\n````\n`````\n";
    check("n05", input, want);
}

#[test]
fn n06_nested_in_text_block() {
    let input = "```text\nExample output:\n```json\n{}\n```\n```\n";
    check(
        "n06",
        input,
        "````text\nExample output:\n```json\n{}\n```\n````\n",
    );
}

#[test]
fn n07_python_string_holding_a_fence() {
    // A code block whose code builds Markdown: nesting inside code costs a
    // little more, but is still the only balanced reading.
    let input = "```python\nprompt = \"\"\"\n```python\nprint(1)\n```\n\"\"\"\n```\n";
    let want = "````python\nprompt = \"\"\"\n```python\nprint(1)\n```\n\"\"\"\n````\n";
    check("n07", input, want);
}

#[test]
fn n08_nested_then_prose_then_another_block() {
    let input = "```markdown\n```sh\nrun\n```\n```\n\nProse.\n\n```py\ny\n```\n";
    let want = "````markdown\n```sh\nrun\n```\n````\n\nProse.\n\n```py\ny\n```\n";
    check("n08", input, want);
    blocks(
        "n08",
        want,
        &[("markdown", "```sh\nrun\n```\n"), ("py", "y\n")],
    );
}

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
    let source = include_str!("fence_table.rs");
    let cases = source.matches("#[test]\nfn ").count() - 1;
    assert!(cases >= 40, "only {cases} cases");
}
