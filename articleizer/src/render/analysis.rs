//! The "Book Analysis" section, in Markdown. Every value is the editor's
//! text, written through [`super::untrusted`].

use super::untrusted;
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
        .map(|i| format!("* {}", untrusted::inline(i)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Any JSON value as Markdown blocks (for fields this version does not
/// know): a string as text, a list or an object as a list whose items are
/// one line each, so no item's text is read in another context than the
/// one it was made safe for.
fn generic(value: &Value) -> String {
    match value {
        Value::String(s) => untrusted::block(s.trim()),
        Value::Array(items) => items
            .iter()
            .map(|i| format!("* {}", inline(i)))
            .collect::<Vec<_>>()
            .join("\n"),
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| format!("* **{}:** {}", untrusted::inline(&title_case(k)), inline(v)))
            .collect::<Vec<_>>()
            .join("\n"),
        other => untrusted::inline(&other.to_string()),
    }
}

/// The analysis section's body (below its "## Book Analysis" heading).
pub fn markdown(book: &BookAnalysis) -> String {
    let mut out = Vec::new();
    out.push(format!(
        "### Ai Editorial Take\n\n{}",
        untrusted::block(book.ai_editorial_take.trim())
    ));
    out.push(format!(
        "### 🐦 X.com Promo Tweet\n\n{}",
        untrusted::fenced(book.promotional_tweet.trim(), "text")
    ));
    let titles: Vec<String> = book
        .title_brainstorm
        .iter()
        .map(|t| {
            format!(
                "* **Title Option:** {}\n  * **Filename:** `{}`\n  * **Rationale:** {}",
                untrusted::inline(&t.title),
                untrusted::code(&t.filename),
                untrusted::inline(&t.rationale)
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
        .map(|(i, p)| format!("{}. {}", i + 1, untrusted::inline(p)))
        .collect();
    out.push(format!("### Next Step Prompts\n\n{}", prompts.join("\n")));
    for (key, value) in &book.extra {
        out.push(format!(
            "### {}\n\n{}",
            untrusted::inline(&title_case(key)),
            generic(value)
        ));
    }
    out.join("\n\n")
}

/// A value on one line: a string as one line of text, lists of plain
/// values joined with commas, anything else as compact JSON.
fn inline(value: &Value) -> String {
    match value {
        Value::String(s) => untrusted::inline(s),
        Value::Array(items) if items.iter().all(|i| !i.is_object() && !i.is_array()) => {
            items.iter().map(inline).collect::<Vec<_>>().join(", ")
        }
        other => untrusted::inline(&other.to_string()),
    }
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
