//! Chats quoted in blocks that say they hold plain text: however many
//! turns they quote, a closed block is left as written; one left open
//! still ends before the conversation goes on.

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
