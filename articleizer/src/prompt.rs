//! The editing prompt: a user-editable template (`templates/editing-prompt.md`)
//! with the article, the rules and the schema filled in.

use crate::instructions::{schema, Rules};
use minijinja::{context, Environment};

/// The template shipped with the tool, used when the user has none.
pub const DEFAULT_TEMPLATE: &str = include_str!("../../templates/editing-prompt.md");

/// What the prompt says besides the article.
#[derive(Debug, Clone)]
pub struct PromptSettings {
    /// The site's base URL, for the tweet's link.
    pub base_url: String,
    /// How permalinks look, e.g. `/:slug/` (the default) or
    /// `/futureproof/:slug/`.
    pub permalink_style: String,
    /// Words the editor must not use.
    pub avoid_words: Vec<String>,
    /// Words the editor should use sparingly.
    pub sparing_words: Vec<String>,
    /// Counts and lengths.
    pub rules: Rules,
}

impl Default for PromptSettings {
    fn default() -> Self {
        PromptSettings {
            // Neutral: no host until the writer names theirs.
            base_url: String::new(),
            permalink_style: "/:slug/".into(),
            avoid_words: vec!["manifesto".into()],
            sparing_words: vec!["sovereign".into()],
            rules: Rules::default(),
        }
    }
}

/// A prompt template that does not render.
#[derive(Debug, thiserror::Error)]
#[error("the prompt template is invalid: {0}")]
pub struct TemplateError(String);

/// Renders `template` for `article`.
pub fn render(
    template: &str,
    article: &str,
    settings: &PromptSettings,
) -> Result<String, TemplateError> {
    let mut env = Environment::new();
    env.set_keep_trailing_newline(true);
    env.add_template("prompt", template)
        .map_err(|e| TemplateError(e.to_string()))?;
    let rules = &settings.rules;
    let schema = serde_json::to_string_pretty(&schema()).unwrap_or_default();
    env.get_template("prompt")
        .and_then(|t| {
            t.render(context! {
                article => article,
                schema => schema,
                base_url => settings.base_url.trim_end_matches('/'),
                permalink_style => settings.permalink_style,
                avoid_words => settings.avoid_words,
                sparing_words => settings.sparing_words,
                rules => context! {
                    max_title_chars => rules.max_title_chars,
                    description_min => rules.description_chars.0,
                    description_max => rules.description_chars.1,
                    subheadings_min => rules.subheadings.0,
                    subheadings_max => rules.subheadings.1,
                    titles_min => rules.title_options.0,
                    titles_max => rules.title_options.1,
                    prompts_min => rules.next_step_prompts.0,
                    prompts_max => rules.next_step_prompts.1,
                    max_tweet_chars => rules.max_tweet_chars,
                    hashtags_min => rules.hashtags.0,
                    hashtags_max => rules.hashtags.1,
                },
            })
        })
        .map_err(|e| TemplateError(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_prompt_has_the_article_rules_and_schema() {
        let article = "My entry with {{ braces }} and {% raw %} inside.";
        let settings = PromptSettings {
            base_url: "https://example.com".into(),
            ..PromptSettings::default()
        };
        let prompt = render(DEFAULT_TEMPLATE, article, &settings).expect("renders");
        assert!(prompt.contains(article), "the article goes in verbatim");
        assert!(prompt.contains("100 to 160\n    characters"));
        assert!(prompt.contains("4 to\n  7 subheadings"));
        assert!(prompt.contains("\"insert_subheadings\""));
        assert!(prompt.contains("Never use these words anywhere in your answer: manifesto."));
        assert!(prompt.contains("https://example.com followed by the"));
        // The rules come again after the article.
        let after = &prompt[prompt
            .find("--- ENTRY ENDS ---")
            .expect("the article's end")..];
        assert!(after.contains("[ARTICLE_URL]") && after.contains("Never use: manifesto."));
    }

    #[test]
    fn a_broken_template_is_a_clear_error() {
        let err = render("{% if %}", "x", &PromptSettings::default()).expect_err("invalid");
        assert!(err
            .to_string()
            .starts_with("the prompt template is invalid"));
    }
}
