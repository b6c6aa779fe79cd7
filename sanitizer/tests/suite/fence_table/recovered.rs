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

// Code that lost its fences with no header left: a paragraph whose every
// line is code is fenced again; prose never is.

/// The output must equal the input: nothing here is code.
fn unchanged(name: &str, input: &str) {
    assert_eq!(recover_and_repair(input), input, "case {name}");
}

#[test]
fn r05_python_with_a_comment_that_would_be_a_heading() {
    check(
        "r05",
        "Claude: Use this:\nimport os\n# list the folder\nfor name in os.listdir(\".\"):\n    print(name)\n\nThat prints every name.\n",
        "Claude: Use this:\n```python\nimport os\n# list the folder\nfor name in os.listdir(\".\"):\n    print(name)\n```\n\nThat prints every name.\n",
        &[("python", "import os\n# list the folder\nfor name in os.listdir(\".\"):\n    print(name)\n")],
    );
}

#[test]
fn r06_shell_prompts_after_prose() {
    check(
        "r06",
        "Build it.\n\n$ cargo build --release\n$ ./target/release/app --help\n",
        "Build it.\n\n```bash\n$ cargo build --release\n$ ./target/release/app --help\n```\n",
        &[(
            "bash",
            "$ cargo build --release\n$ ./target/release/app --help\n",
        )],
    );
}

#[test]
fn r07_two_code_paragraphs_are_one_block() {
    check(
        "r07",
        "def area(r):\n    return 3.14 * r * r\n\nprint(area(2))\n\nIt prints the area of a circle of radius two.\n",
        "```python\ndef area(r):\n    return 3.14 * r * r\n\nprint(area(2))\n```\n\nIt prints the area of a circle of radius two.\n",
        &[("python", "def area(r):\n    return 3.14 * r * r\n\nprint(area(2))\n")],
    );
}

#[test]
fn r08_rust_and_javascript_are_named() {
    check(
        "r08",
        "fn main() {\n    let mut total = 0;\n}\n\nMe: and in js?\n\nClaude: Here:\nconst total = 0;\nconsole.log(total);\n",
        "```rust\nfn main() {\n    let mut total = 0;\n}\n```\n\nMe: and in js?\n\nClaude: Here:\n```javascript\nconst total = 0;\nconsole.log(total);\n```\n",
        &[
            ("rust", "fn main() {\n    let mut total = 0;\n}\n"),
            ("javascript", "const total = 0;\nconsole.log(total);\n"),
        ],
    );
}

#[test]
fn r09_prose_lists_and_headings_are_left_alone() {
    unchanged("r09a", "I use git every day.\nIt keeps my history safe.\n");
    unchanged("r09b", "- pip install x\n- npm install y\n");
    unchanged("r09c", "## Setup\nimport the data first, then clean it.\n");
    unchanged("r09d", "> import os\n> print(1)\n");
    unchanged("r09e", "Run this:\nls\n");
    unchanged("r09f", "```python\nimport os\nprint(1)\n```\n");
    unchanged(
        "r09g",
        "The price = what you pay, and the value is what you get.\nThat is the rule.\n",
    );
}

#[test]
fn r10_code_runs_are_reported_and_switchable() {
    let input = "import os\nprint(os.name)\n";
    let on = Sanitizer::new(&Options {
        recover: true,
        ..Options::none()
    })
    .expect("valid options")
    .sanitize(input);
    assert_eq!(on.report.recovered.code_runs, 1);
    assert!(
        on.report.summary().contains("fenced 1 code paragraph"),
        "{}",
        on.report.summary()
    );
    let off = Sanitizer::new(&Options::none())
        .expect("valid options")
        .sanitize(input);
    assert_eq!(off.text, input);
}

#[test]
fn r11_debris_is_read_as_gone() {
    // "Copy code" goes from prose: the paragraph is read as the output
    // will have it, so the first run fences what the second would (found
    // by the property run).
    let sanitizer = Sanitizer::new(&Options::default()).expect("defaults are valid");
    let settle = |input: &str| {
        let once = sanitizer.sanitize(input);
        assert_eq!(
            sanitizer.sanitize(&once.text).text,
            once.text,
            "a fixed point: {input:?}"
        );
        once
    };
    let above = settle("Copy code\npassword = \"hunter2!\"\npassword = \"hunter2!\"\n");
    assert_eq!(
        code_blocks(&above.text),
        [(
            String::new(),
            "password = \"[REDACTED_PASSWORD]\"\npassword = \"[REDACTED_PASSWORD]\"\n".to_string()
        )]
    );
    let inside = settle("x = 1\nCopy code\ny = 2\n");
    assert_eq!(inside.text, "```\nx = 1\ny = 2\n```\n");
    assert_eq!(inside.report.debris_lines, 1, "{}", inside.report.summary());
}

#[test]
fn r12_recovered_code_ends_before_a_list_and_keeps_its_comments() {
    check(
        "r12",
        "python\nCopy code\nx = 1\n\n# then the total\nprint(x)\n\n- it prints one\n- and stops\n",
        "```python\nx = 1\n\n# then the total\nprint(x)\n```\n\n- it prints one\n- and stops\n",
        &[("python", "x = 1\n\n# then the total\nprint(x)\n")],
    );
}

#[test]
fn r13_geminis_header_names_the_language_above_its_icon() {
    check(
        "r13",
        "Gemini: Use this.\n\nPython\ncontent_copy\ndownload\ndef add(a, b):\n    return a + b\n\nIt adds the two numbers.\n",
        "Gemini: Use this.\n\n```python\ndef add(a, b):\n    return a + b\n```\n\nIt adds the two numbers.\n",
        &[("python", "def add(a, b):\n    return a + b\n")],
    );
    // The icon's name alone, or run on from a word, is no header.
    unchanged("r13 icon", "content_copy\nx = 1\n\nMe: ok\n");
}

#[test]
fn r14_chatgpts_edit_button_is_not_code_and_a_short_sentence_ends_it() {
    check(
        "r14",
        "json\nCopy\nEdit\n{\n  \"port\": 8080\n}\n\nSave it as config.json.\n",
        "```json\n{\n  \"port\": 8080\n}\n```\n\nSave it as config.json.\n",
        &[("json", "{\n  \"port\": 8080\n}\n")],
    );
}

/// The list items pulldown-cmark sees, each with how deeply it is nested
/// (0 for the outer list) and its text.
fn list_items(markdown: &str) -> Vec<(usize, String)> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let (mut depth, mut items) = (0usize, Vec::new());
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::List(_)) => depth += 1,
            Event::End(TagEnd::List(_)) => depth -= 1,
            Event::Start(Tag::Item) => items.push((depth - 1, String::new())),
            Event::Text(text) if depth > 0 => {
                if let Some((_, item)) = items.last_mut() {
                    item.push_str(&text);
                }
            }
            _ => {}
        }
    }
    items
}

#[test]
fn r15_sub_bullets_nest_whether_or_not_their_indentation_was_kept() {
    let want = [
        (0, "Install".to_string()),
        (0, "Migrate".to_string()),
        (1, "check the logs".to_string()),
        (0, "Restart".to_string()),
    ];
    for indent in ["", "  ", "    "] {
        let input = format!("• Install\n• Migrate\n{indent}◦ check the logs\n• Restart\n");
        let out = recover_and_repair(&input);
        assert_eq!(list_items(&out), want, "indented {indent:?}: {out}");
    }
}

#[test]
fn r16_c_with_its_include_above_a_blank_line_is_one_block() {
    check(
        "r16",
        "Compile this:\n\n#include <stdio.h>\n\nint main(void) {\n    printf(\"hi\\n\");\n    return 0;\n}\n\nIt prints a greeting.\n",
        "Compile this:\n\n```c\n#include <stdio.h>\n\nint main(void) {\n    printf(\"hi\\n\");\n    return 0;\n}\n```\n\nIt prints a greeting.\n",
        &[(
            "c",
            "#include <stdio.h>\n\nint main(void) {\n    printf(\"hi\\n\");\n    return 0;\n}\n",
        )],
    );
    // One line of code alone, prose after it, is left as it is.
    unchanged(
        "r16 alone",
        "#include <stdio.h>\n\nThat header declares printf.\n",
    );
}

#[test]
fn r17_sql_in_capitals_is_code_and_a_shouted_heading_is_not() {
    check(
        "r17",
        "The query:\n\nSELECT name, email\nFROM users\nWHERE active = 1\nORDER BY name;\n\nThat lists the active users.\n",
        "The query:\n\n```sql\nSELECT name, email\nFROM users\nWHERE active = 1\nORDER BY name;\n```\n\nThat lists the active users.\n",
        &[(
            "sql",
            "SELECT name, email\nFROM users\nWHERE active = 1\nORDER BY name;\n",
        )],
    );
    unchanged("r17 shouted", "WHERE WE ARE NOW\nFROM THE TEAM\n");
    unchanged(
        "r17 prose",
        "SELECT the plan you like best.\nFROM there, we go on.\n",
    );
}

#[test]
fn r18_a_prompt_and_its_output_are_a_console_session() {
    check(
        "r18",
        "Try:\n\n$ ls\ntotal 8\n-rw-r--r-- 1 me me 12 notes.txt\n\nYou will see the notes file.\n",
        "Try:\n\n```console\n$ ls\ntotal 8\n-rw-r--r-- 1 me me 12 notes.txt\n```\n\nYou will see the notes file.\n",
        &[(
            "console",
            "$ ls\ntotal 8\n-rw-r--r-- 1 me me 12 notes.txt\n",
        )],
    );
    // A sentence after the prompt is the writer's, not the output.
    unchanged(
        "r18 prose",
        "$ make\nThat builds the whole project for you.\n",
    );
}
