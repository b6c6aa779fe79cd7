//! The fence-repair table: each case is an input, the output we want, and
//! (where it matters) the code blocks pulldown-cmark must see in the output.
//! Cases are grouped by kind: correct input that must stay byte-identical,
//! nested blocks, malformed closers, unclosed blocks, info strings, tildes,
//! and ambiguous inputs with the reading we chose and why.

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
use sanitizer::{FenceRepairKind, Options, Sanitizer};

mod broken;
mod ends;
mod quoted;
mod recovered;
mod wrappers;

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
