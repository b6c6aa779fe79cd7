//! Code blocks a chat UI's copy lost (a language and a "Copy code" line),
//! recovered and then repaired like any other: checked by the blocks
//! pulldown-cmark sees.

use super::code_blocks;
use sanitizer::{Options, Sanitizer};

fn recover_and_repair(input: &str) -> String {
    let options = Options {
        recover: true,
        ..Options::none().with_fences(true)
    };
    let sanitizer = Sanitizer::new(&options).expect("valid options");
    let out = sanitizer.sanitize(input).text;
    assert_eq!(sanitizer.sanitize(&out).text, out, "a fixed point");
    out
}

fn check(name: &str, input: &str, want: &str, want_blocks: &[(&str, &str)]) {
    let out = recover_and_repair(input);
    assert_eq!(out, want, "case {name}: output");
    let blocks: Vec<(String, String)> = want_blocks
        .iter()
        .map(|(l, c)| (l.to_string(), c.to_string()))
        .collect();
    assert_eq!(code_blocks(&out), blocks, "case {name}: code blocks");
}

#[test]
fn r01_header_then_code_then_a_turn() {
    check(
        "r01",
        "Claude: run\n\nbash\nCopy code\n# list files\nls -la\n\nMe: ok\n",
        "Claude: run\n\n```bash\n# list files\nls -la\n```\n\nMe: ok\n",
        &[("bash", "# list files\nls -la\n")],
    );
}

#[test]
fn r02_one_line_header() {
    check(
        "r02",
        "javascriptCopy code\nconsole.log(1);\n",
        "```javascript\nconsole.log(1);\n```\n",
        &[("javascript", "console.log(1);\n")],
    );
}

#[test]
fn r03_two_headers_make_two_blocks() {
    check(
        "r03",
        "python\nCopy code\nx = 1\n\nbash\nCopy code\npython x.py\n",
        "```python\nx = 1\n```\n\n```bash\npython x.py\n```\n",
        &[("python", "x = 1\n"), ("bash", "python x.py\n")],
    );
}

#[test]
fn r04_a_header_inside_a_fenced_block_is_content() {
    let input = "```text\npython\nCopy code\n```\n";
    check("r04", input, input, &[("text", "python\nCopy code\n")]);
}
