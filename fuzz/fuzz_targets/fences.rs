//! Fence repair on Markdown-shaped input: each byte picks a line from a
//! vocabulary of fences, code, prose and speaker turns. Never panics, is
//! idempotent, and changes only fence lines (never a line of content).
#![no_main]

use libfuzzer_sys::fuzz_target;
use sanitizer::{Options, Sanitizer};
use std::sync::OnceLock;

const LINES: &[&str] = &[
    "```", "````", "```python", "```rust title=\"x\"", "~~~", "~~~~", "  ```", "    ```",
    "```` markdown", "``` ", "> ```", "- ```", "1. ```", "text", "", "    indented",
    "**Me**: question", "ChatGPT: answer", "# Heading", "def f():", "    return 1",
    "```js", "`inline`", "| a | b |", "---", "```text", "```\t", "```bash $ run",
    // Where a block left open visibly ends: lists, quotations, tables,
    // titles, sentences naming code, and the code lines that look alike.
    "- it prints once", "2. Run it:", "> Mind the timeout, it is none.", "| Column | Meaning |",
    "|---|---|", "# Results", "Save it as `config.json` now.", "```yaml", "- name: web",
    "   ```bash", "   pip install demo", "```ts", "| Some x -> x", "> x = 1",
];

fn is_fence_like(line: &str) -> bool {
    let t = line.trim_start_matches([' ', '>', '-', '1', '.']);
    t.starts_with("```") || t.starts_with("~~~")
}

fuzz_target!(|data: &[u8]| {
    static SANITIZER: OnceLock<Sanitizer> = OnceLock::new();
    let sanitizer = SANITIZER
        .get_or_init(|| Sanitizer::new(&Options::none().with_fences(true)).expect("compiles"));
    let text: String = data
        .iter()
        .map(|b| LINES[usize::from(*b) % LINES.len()])
        .collect::<Vec<_>>()
        .join("\n");
    let once = sanitizer.sanitize(&text).text;
    let twice = sanitizer.sanitize(&once).text;
    assert_eq!(once, twice, "not idempotent");
    let content = |t: &str| -> Vec<String> {
        t.lines().filter(|l| !is_fence_like(l)).map(str::to_string).collect()
    };
    assert_eq!(content(&text), content(&once), "a content line changed");
});
