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
