//! A post the pipeline already wrote (`_posts/x.md`), read back for the
//! preview as it is: no editor asked.

use super::Preview;
use crate::generated::ARTICLE_HEADING;
use crate::post::{file_date, ParsedPost};
use crate::render::liquid;
use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

/// The tweet section's heading, as the analysis writes it.
const TWEET_HEADING: &str = "### 🐦 X.com Promo Tweet";

/// The preview of `text` when it is a post the pipeline wrote (front
/// matter, and the article's own heading as a line outside code);
/// `None` for an article. `file_name` gives the date when the front
/// matter has none; `base_url` makes the full URL.
pub fn read(text: &str, file_name: &str, base_url: &str) -> Option<Preview> {
    let post = ParsedPost::parse(text).ok()?;
    let markdown = if post.liquid_enabled() {
        liquid::unraw(&post.body)
    } else {
        post.body.clone()
    };
    if !has_heading_line(&markdown, ARTICLE_HEADING) {
        return None;
    }
    let field = |key: &str| post.string(key).unwrap_or_default();
    let permalink = field("permalink");
    let url = if base_url.trim().is_empty() || permalink.is_empty() {
        field("canonical_url")
    } else {
        format!("{}{permalink}", base_url.trim_end_matches('/'))
    };
    let date = post
        .string("date")
        .or_else(|| file_date(file_name).map(|d| d.to_string()))
        .unwrap_or_default();
    let description = post
        .string("meta_description")
        .unwrap_or_else(|| field("description"));
    let tweet = tweet(&markdown);
    Some(Preview {
        file_name: file_name.to_string(),
        title: field("title"),
        permalink,
        url,
        description,
        keywords: post
            .string("meta_keywords")
            .unwrap_or_else(|| field("keywords")),
        date,
        draft: post.string("published").as_deref() == Some("false"),
        markdown,
        tweet,
        ..Preview::default()
    })
}

/// Whether `heading` is a line of `markdown` outside code.
fn has_heading_line(markdown: &str, heading: &str) -> bool {
    let wanted = heading.trim_start_matches('#').trim();
    let mut in_heading = false;
    let mut text = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                in_heading = true;
                text.clear();
            }
            Event::End(TagEnd::Heading(_)) => {
                if text.trim() == wanted {
                    return true;
                }
                in_heading = false;
            }
            Event::Text(t) | Event::Code(t) if in_heading => text.push_str(&t),
            _ => {}
        }
    }
    false
}

/// The tweet: the code block under the tweet heading.
fn tweet(markdown: &str) -> Option<String> {
    let at = markdown.rfind(TWEET_HEADING)?;
    let mut in_code = false;
    let mut code = String::new();
    for event in Parser::new(&markdown[at..]) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) => in_code = true,
            Event::Text(t) if in_code => code.push_str(&t),
            Event::End(TagEnd::CodeBlock) if in_code => break,
            Event::Start(Tag::Heading { .. }) if !in_code && !code.is_empty() => break,
            _ => {}
        }
    }
    let code = code.trim().to_string();
    (!code.is_empty()).then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_post_is_read_back() {
        let text = "---\ntitle: \"A title\"\npermalink: \"/futureproof/a/\"\nmeta_description: \"What.\"\nmeta_keywords: \"x, y\"\npublished: false\n---\n{% raw %}\n## Technical Journal Entry Begins\n\nText.\n\n---\n\n## Book Analysis\n\n### 🐦 X.com Promo Tweet\n\n```text\nNew post https://example.com/futureproof/a/\n```\n{% endraw %}\n";
        let preview = read(text, "2026-01-15-a.md", "https://example.com").expect("a post");
        assert_eq!(preview.title, "A title");
        assert_eq!(preview.url, "https://example.com/futureproof/a/");
        assert_eq!(preview.date, "2026-01-15");
        assert!(preview.draft);
        assert_eq!(
            preview.tweet.as_deref(),
            Some("New post https://example.com/futureproof/a/")
        );
        assert!(!preview.markdown.contains("{% raw %}"));
    }

    #[test]
    fn an_article_is_not_a_written_post() {
        assert!(read("**Me**: hello\n", "x.md", "").is_none());
        // Front matter alone is not enough; nor the heading inside code.
        assert!(read(
            "---\ntitle: x\n---\n```\n## Technical Journal Entry Begins\n```\n",
            "x.md",
            ""
        )
        .is_none());
    }
}
