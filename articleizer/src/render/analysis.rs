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

/// The analysis section's body (below its "## Book Analysis" heading),
/// with `url` as the tweet's link; a section the editor left empty is left
/// out, and an empty analysis is empty.
pub fn markdown(book: &BookAnalysis, url: &str) -> String {
    let mut out = Vec::new();
    let take = book.ai_editorial_take.trim();
    if !take.is_empty() {
        out.push(format!(
            "### Ai Editorial Take\n\n{}",
            untrusted::block(take)
        ));
    }
    let tweet = book.promotional_tweet.trim();
    if !tweet.is_empty() {
        out.push(format!(
            "### 🐦 X.com Promo Tweet\n\n{}",
            untrusted::fenced(&tweet_with_url(tweet, url), "text")
        ));
    }
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
    if !titles.is_empty() {
        out.push(format!("### Title Brainstorm\n\n{}", titles.join("\n")));
    }
    let polish = &book.content_potential_and_polish;
    let mut parts = Vec::new();
    if !polish.core_strengths.is_empty() {
        parts.push(format!(
            "- **Core Strengths:**\n{}",
            indent(&bullets(&polish.core_strengths))
        ));
    }
    if !polish.suggestions_for_polish.is_empty() {
        parts.push(format!(
            "- **Suggestions For Polish:**\n{}",
            indent(&bullets(&polish.suggestions_for_polish))
        ));
    }
    if !parts.is_empty() {
        out.push(format!(
            "### Content Potential And Polish\n\n{}",
            parts.join("\n")
        ));
    }
    if !book.next_step_prompts.is_empty() {
        out.push(format!(
            "### Next Step Prompts\n\n{}",
            bullets(&book.next_step_prompts)
        ));
    }
    for (key, value) in &book.extra {
        out.push(format!(
            "### {}\n\n{}",
            untrusted::inline(&title_case(key)),
            generic(value)
        ));
    }
    out.join("\n\n")
}

/// The tweet with the post's `url` as its one link: in place of the
/// `[ARTICLE_URL]` mark or the first link the editor wrote (a guessed URL
/// is often a 404), or after the text when it has none. No `url` (a target
/// without a base URL): the tweet as written, less the mark.
pub fn tweet_with_url(tweet: &str, url: &str) -> String {
    let mut out = String::with_capacity(tweet.len() + url.len() + 2);
    let mut placed = false;
    for piece in tweet.split_inclusive(char::is_whitespace) {
        let word = piece.trim_end();
        if !placed && crate::instructions::is_link(word) {
            placed = true;
            if url.is_empty() && word == "[ARTICLE_URL]" {
                // No link to give: the mark goes with its space.
                continue;
            }
            let (before, after) = word.split_once("[ARTICLE_URL]").unwrap_or_else(|| {
                // A URL's closing punctuation belongs to the sentence.
                let bare = word.trim_end_matches(['.', ',', ';', ':', '!', '?', ')']);
                ("", &word[bare.len()..])
            });
            out.push_str(before);
            out.push_str(url);
            out.push_str(after);
            out.push_str(&piece[word.len()..]);
        } else {
            out.push_str(piece);
        }
    }
    if !placed && !url.is_empty() {
        out.push_str("\n\n");
        out.push_str(url);
    }
    out.trim().to_string()
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

#[cfg(test)]
mod tests {
    use super::tweet_with_url;

    #[test]
    fn the_mark_becomes_the_url_or_leaves_with_its_space() {
        let tweet = "Fences, fixed: [ARTICLE_URL] #Jekyll #AI";
        assert_eq!(
            tweet_with_url(tweet, "https://example.com/fences/"),
            "Fences, fixed: https://example.com/fences/ #Jekyll #AI"
        );
        assert_eq!(tweet_with_url(tweet, ""), "Fences, fixed: #Jekyll #AI");
        assert_eq!(
            tweet_with_url("Read it ([ARTICLE_URL]) now", ""),
            "Read it () now",
            "a mark inside punctuation goes alone"
        );
    }
}
