//! The "Book Analysis" section, in Markdown.

use crate::instructions::BookAnalysis;
use serde_json::Value;

/// `ai_editorial_take` -> `Ai Editorial Take`.
pub fn title_case(key: &str) -> String {
    key.split('_')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or_else(String::new, |c| {
                c.to_uppercase().collect::<String>() + chars.as_str()
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn bullets(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("* {}", i.trim()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Any JSON value as Markdown (for fields this version does not know).
fn generic(value: &Value) -> String {
    match value {
        Value::String(s) => s.trim().to_string(),
        Value::Array(items) => items
            .iter()
            .map(|i| format!("* {}", generic(i).replace('\n', "\n  ")))
            .collect::<Vec<_>>()
            .join("\n"),
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| format!("* **{}:** {}", title_case(k), inline(v)))
            .collect::<Vec<_>>()
            .join("\n"),
        other => other.to_string(),
    }
}

/// The analysis section's body (below its "## Book Analysis" heading).
pub fn markdown(book: &BookAnalysis) -> String {
    let mut out = Vec::new();
    out.push(format!(
        "### Ai Editorial Take\n\n{}",
        book.ai_editorial_take.trim()
    ));
    out.push(format!(
        "### 🐦 X.com Promo Tweet\n\n```text\n{}\n```",
        book.promotional_tweet.trim()
    ));
    let titles: Vec<String> = book
        .title_brainstorm
        .iter()
        .map(|t| {
            format!(
                "* **Title Option:** {}\n  * **Filename:** `{}`\n  * **Rationale:** {}",
                t.title.trim(),
                t.filename.trim(),
                t.rationale.trim()
            )
        })
        .collect();
    out.push(format!("### Title Brainstorm\n\n{}", titles.join("\n")));
    let polish = &book.content_potential_and_polish;
    out.push(format!(
        "### Content Potential And Polish\n\n- **Core Strengths:**\n{}\n- **Suggestions For Polish:**\n{}",
        indent(&bullets(&polish.core_strengths)),
        indent(&bullets(&polish.suggestions_for_polish))
    ));
    let prompts: Vec<String> = book
        .next_step_prompts
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{}. {}", i + 1, p.trim()))
        .collect();
    out.push(format!("### Next Step Prompts\n\n{}", prompts.join("\n")));
    for (key, value) in &book.extra {
        out.push(format!("### {}\n\n{}", title_case(key), generic(value)));
    }
    out.join("\n\n")
}

/// A value on one line: lists of plain values joined with commas.
fn inline(value: &Value) -> String {
    match value {
        Value::Array(items) if items.iter().all(|i| !i.is_object() && !i.is_array()) => {
            items.iter().map(generic).collect::<Vec<_>>().join(", ")
        }
        other => generic(other).replace('\n', "\n  "),
    }
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
