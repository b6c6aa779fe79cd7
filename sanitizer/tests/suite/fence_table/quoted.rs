//! Chats quoted in blocks that say they hold plain text: however many
//! turns they quote, a closed block is left as written; one left open
//! still ends before the conversation goes on; an unclosed code block
//! ends where the text shows its code ended.

use super::{blocks, check, unchanged};

/// A chat of `turns` exchanges, a blank line between turns.
fn chat(turns: usize) -> String {
    (0..turns)
        .map(|i| format!("Me: question {i}\n\nClaude: answer {i}\n\n"))
        .collect()
}

#[test]
fn q01_plaintext_block_quoting_a_long_chat() {
    let quoted = chat(8);
    let input = format!("The log:\n\n```plaintext\n{quoted}```\n\nAfter.\n");
    unchanged("q01", &input);
    blocks("q01", &input, &[("plaintext", quoted.as_str())]);
}

#[test]
fn q02_console_block_quoting_a_chat_then_a_real_turn() {
    let quoted = chat(5);
    let input = format!("```console\n{quoted}```\n\nClaude: a real turn.\n");
    unchanged("q02", &input);
    blocks("q02", &input, &[("console", quoted.as_str())]);
}

#[test]
fn q03_unclosed_text_block_still_ends_before_the_next_turn() {
    let input = "Claude: the log\n\n```text\nlog line\n\nMe: next\n\nClaude: answer\n\nMe: more\n\nClaude: code\n\n```\nx = 1\n```\n";
    let want = "Claude: the log\n\n```text\nlog line\n```\n\nMe: next\n\nClaude: answer\n\nMe: more\n\nClaude: code\n\n```\nx = 1\n```\n";
    check("q03", input, want);
    blocks("q03", want, &[("text", "log line\n"), ("", "x = 1\n")]);
}

#[test]
fn q04_python_block_does_not_quote_turns() {
    // Code is not a quote: an unclosed Python block ends at the next turn.
    let input = "Claude: here\n\n```python\nx = 1\n\nMe: and?\n\nClaude: done\n";
    let want = "Claude: here\n\n```python\nx = 1\n```\n\nMe: and?\n\nClaude: done\n";
    check("q04", input, want);
}

// ---- Where an unclosed code block ends ----

#[test]
fn e01_closer_goes_before_the_prose_that_follows_the_code() {
    let input = "```python\nx = 1\n\nAnd then the test runs like this, step by step:\n\n```python\nassert x == 1\n```\n";
    let want = "```python\nx = 1\n```\n\nAnd then the test runs like this, step by step:\n\n```python\nassert x == 1\n```\n";
    check("e01", input, want);
    blocks(
        "e01",
        want,
        &[("python", "x = 1\n"), ("python", "assert x == 1\n")],
    );
}

#[test]
fn e02_closer_goes_before_a_heading() {
    let input = "```bash\nmake\n\n## Next steps\n\nMore text.\n";
    let want = "```bash\nmake\n```\n\n## Next steps\n\nMore text.\n";
    check("e02", input, want);
}

#[test]
fn e03_closer_goes_before_a_thematic_break() {
    let input = "```rust\nfn main() {}\n\n---\n\nClaude: next\n";
    let want = "```rust\nfn main() {}\n```\n\n---\n\nClaude: next\n";
    check("e03", input, want);
}

#[test]
fn e04_a_comment_or_a_statement_after_a_blank_line_is_still_code() {
    let input = "```python\nx = 1\n\n# a comment\nfor item in items and others:\n    pass\n\nClaude: next\n";
    let want = "```python\nx = 1\n\n# a comment\nfor item in items and others:\n    pass\n```\n\nClaude: next\n";
    check("e04", input, want);
}

#[test]
fn e05_markdown_and_yaml_blocks_keep_their_headings_and_breaks() {
    let input = "```markdown\n# Title\n\n## Section\n\nSome prose that goes on for a while here.\n\nMe: thanks\n";
    let want = "```markdown\n# Title\n\n## Section\n\nSome prose that goes on for a while here.\n```\n\nMe: thanks\n";
    check("e05", input, want);
    let input = "```yaml\na: 1\n\n---\nb: 2\n\nMe: thanks\n";
    let want = "```yaml\na: 1\n\n---\nb: 2\n```\n\nMe: thanks\n";
    check("e05 yaml", input, want);
}

#[test]
fn q05_bold_labels_quoted_in_a_text_block() {
    let input = "```text\n**Me**: hi\n\n**Claude**: hello\n\n**Me**: bye\n\n**Claude**: see you\n```\n\nAfter.\n";
    unchanged("q05", input);
    blocks(
        "q05",
        input,
        &[(
            "text",
            "**Me**: hi\n\n**Claude**: hello\n\n**Me**: bye\n\n**Claude**: see you\n",
        )],
    );
}

#[test]
fn q06_packed_turns_quoted_in_a_text_block() {
    let quoted: String = (0..10)
        .map(|i| format!("Me: q{i}\nClaude: a{i}\n"))
        .collect();
    let input = format!("```text\n{quoted}```\n\nAfter.\n");
    unchanged("q06", &input);
    blocks("q06", &input, &[("text", quoted.as_str())]);
}

#[test]
fn q07_two_quoted_chats_around_a_real_turn() {
    let input = "```log\nMe: one\n\nClaude: two\n\nMe: three\n```\n\nClaude: real\n\n```transcript\nMe: four\n\nClaude: five\n\nMe: six\n```\n";
    unchanged("q07", input);
    blocks(
        "q07",
        input,
        &[
            ("log", "Me: one\n\nClaude: two\n\nMe: three\n"),
            ("transcript", "Me: four\n\nClaude: five\n\nMe: six\n"),
        ],
    );
}

#[test]
fn q08_a_quoted_chat_then_an_unclosed_code_block() {
    let input = "```output\nMe: a\n\nClaude: b\n\nMe: c\n```\n\nClaude: now code\n\n```python\nx = 1\n\nMe: thanks\n";
    let want = "```output\nMe: a\n\nClaude: b\n\nMe: c\n```\n\nClaude: now code\n\n```python\nx = 1\n```\n\nMe: thanks\n";
    check("q08", input, want);
    blocks(
        "q08",
        want,
        &[
            ("output", "Me: a\n\nClaude: b\n\nMe: c\n"),
            ("python", "x = 1\n"),
        ],
    );
}

#[test]
fn e06_closer_goes_before_a_third_level_heading() {
    let input = "```js\nlet x = 1;\n\n### Notes\n\nClaude: more\n";
    let want = "```js\nlet x = 1;\n```\n\n### Notes\n\nClaude: more\n";
    check("e06", input, want);
    blocks("e06", want, &[("js", "let x = 1;\n")]);
}

#[test]
fn e07_block_left_open_at_the_end_stops_before_the_closing_prose() {
    let input =
        "Claude: code\n\n```python\nx = 1\n\nThat sets the value that the rest of the program reads.\n";
    let want = "Claude: code\n\n```python\nx = 1\n```\n\nThat sets the value that the rest of the program reads.\n";
    check("e07", input, want);
    blocks("e07", want, &[("python", "x = 1\n")]);
}

#[test]
fn e08_closer_goes_before_a_starred_break() {
    let input = "```sql\nSELECT 1;\n\n***\n\nMe: next\n";
    let want = "```sql\nSELECT 1;\n```\n\n***\n\nMe: next\n";
    check("e08", input, want);
    blocks("e08", want, &[("sql", "SELECT 1;\n")]);
}

#[test]
fn e09_prose_after_the_turn_does_not_move_the_closer() {
    let input =
        "```python\nx = 1\n\nMe: and now?\n\nThat is a sentence that comes after the turn here.\n";
    let want = "```python\nx = 1\n```\n\nMe: and now?\n\nThat is a sentence that comes after the turn here.\n";
    check("e09", input, want);
    blocks("e09", want, &[("python", "x = 1\n")]);
}

#[test]
fn e10_the_next_answers_opener_is_not_the_last_ones_closer() {
    // Two answers each leave a Python block open; the second opener, two
    // turns later, opens the second block instead of closing the first.
    let input = "Claude: one\n\n```python\nx = 1\n\nMe: and?\n\nClaude: two\n\n```python\ny = 2\n\nMe: ok\n";
    let want = "Claude: one\n\n```python\nx = 1\n```\n\nMe: and?\n\nClaude: two\n\n```python\ny = 2\n```\n\nMe: ok\n";
    check("e10", input, want);
    blocks("e10", want, &[("python", "x = 1\n"), ("python", "y = 2\n")]);
}
