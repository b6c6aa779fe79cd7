//! Checks beyond the schema: counts, lengths, and that every snippet is in
//! the article. Every problem is reported at once, precisely, so that a
//! re-ask can list them all.

use super::Instructions;

/// One thing wrong with a response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where: a path such as `editing_instructions.insert_subheadings[3].after_text_snippet`.
    pub path: String,
    /// What, as the end of a sentence: "is not in the article".
    pub message: String,
}

impl Problem {
    pub(crate) fn new(path: &str, message: String) -> Self {
        Problem {
            path: path.to_string(),
            message,
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{} {}", self.path, self.message)
        }
    }
}

/// The limits the instructions must respect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    /// Allowed meta description length, in characters.
    pub description_chars: (usize, usize),
    /// Longest title, in characters.
    pub max_title_chars: usize,
    /// Allowed number of subheadings.
    pub subheadings: (usize, usize),
    /// Allowed number of title options.
    pub title_options: (usize, usize),
    /// Allowed number of next-step prompts.
    pub next_step_prompts: (usize, usize),
    /// Longest promotional tweet, in characters.
    pub max_tweet_chars: usize,
    /// Allowed number of hashtags in the tweet.
    pub hashtags: (usize, usize),
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            description_chars: (100, 160),
            max_title_chars: 120,
            subheadings: (4, 7),
            title_options: (3, 5),
            next_step_prompts: (1, 2),
            max_tweet_chars: 280,
            hashtags: (2, 3),
        }
    }
}

/// The words of a text, lower-cased, without punctuation or Markdown
/// marks: how snippets are matched (by words, without case, across line
/// wraps). Kept as one string, each word followed by a space and the first
/// preceded by one, so a snippet is found by a substring search that can
/// only match whole words; a list of separate strings took 377 MB for the
/// 9 million words of a 50 MB article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words(String);

impl Words {
    /// The words of `text`.
    pub fn of(text: &str) -> Self {
        let mut joined = String::with_capacity(text.len() + 1);
        joined.push(' ');
        for word in text
            .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
            .map(|w| w.trim_matches(|c| c == '\'' || c == '’'))
            .filter(|w| !w.is_empty())
        {
            joined.extend(word.chars().flat_map(char::to_lowercase));
            joined.push(' ');
        }
        Words(joined)
    }

    /// Whether the words of `snippet` appear here consecutively.
    pub fn contain(&self, snippet: &str) -> bool {
        let needle = Words::of(snippet);
        needle.0.len() > 1 && self.0.contains(&needle.0)
    }

    /// The words, in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.split(' ').filter(|w| !w.is_empty())
    }
}

fn count(path: &str, what: &str, n: usize, (low, high): (usize, usize), out: &mut Vec<Problem>) {
    if n < low || n > high {
        out.push(Problem::new(
            path,
            format!("has {n} {what}, want {low}-{high}"),
        ));
    }
}

fn non_empty(path: &str, text: &str, out: &mut Vec<Problem>) {
    if text.trim().is_empty() {
        out.push(Problem::new(path, "is empty".to_string()));
    }
}

impl Instructions {
    /// Every problem with these instructions for `article`.
    pub fn validate(&self, article: &str, rules: &Rules) -> Vec<Problem> {
        let mut out = Vec::new();
        let edit = &self.editing_instructions;
        let yaml = &edit.yaml_updates;
        let base = "editing_instructions.yaml_updates";
        non_empty(&format!("{base}.title"), &yaml.title, &mut out);
        let title_chars = yaml.title.chars().count();
        if title_chars > rules.max_title_chars {
            out.push(Problem::new(
                &format!("{base}.title"),
                format!(
                    "is {title_chars} characters, want at most {}",
                    rules.max_title_chars
                ),
            ));
        }
        if yaml.title.contains('\n') {
            out.push(Problem::new(
                &format!("{base}.title"),
                "has a line break".to_string(),
            ));
        }
        let (low, high) = rules.description_chars;
        let description_chars = yaml.description.chars().count();
        if description_chars < low || description_chars > high {
            out.push(Problem::new(
                &format!("{base}.description"),
                format!("is {description_chars} characters, want {low}-{high}"),
            ));
        }
        non_empty(&format!("{base}.permalink"), &yaml.permalink, &mut out);
        non_empty(&format!("{base}.keywords"), &yaml.keywords, &mut out);
        non_empty(
            "editing_instructions.prepend_to_article_body",
            &edit.prepend_to_article_body,
            &mut out,
        );
        count(
            "editing_instructions.insert_subheadings",
            "items",
            edit.insert_subheadings.len(),
            rules.subheadings,
            &mut out,
        );
        let article_words = Words::of(article);
        for (i, item) in edit.insert_subheadings.iter().enumerate() {
            let path = format!("editing_instructions.insert_subheadings[{i}]");
            if !item.subheading.trim_start().starts_with("## ") {
                out.push(Problem::new(
                    &format!("{path}.subheading"),
                    "does not start with \"## \"".to_string(),
                ));
            }
            if !article_words.contain(&item.after_text_snippet) {
                out.push(Problem::new(
                    &format!("{path}.after_text_snippet"),
                    "is not in the article".to_string(),
                ));
            }
        }
        let book = &self.book_analysis_content;
        let base = "book_analysis_content";
        non_empty(
            &format!("{base}.authors_imprint"),
            &book.authors_imprint,
            &mut out,
        );
        non_empty(
            &format!("{base}.ai_editorial_take"),
            &book.ai_editorial_take,
            &mut out,
        );
        count(
            &format!("{base}.title_brainstorm"),
            "items",
            book.title_brainstorm.len(),
            rules.title_options,
            &mut out,
        );
        for (i, option) in book.title_brainstorm.iter().enumerate() {
            let path = format!("{base}.title_brainstorm[{i}]");
            non_empty(&format!("{path}.title"), &option.title, &mut out);
            if !option.filename.ends_with(".md") || option.filename.contains('/') {
                out.push(Problem::new(
                    &format!("{path}.filename"),
                    "is not a file name ending in .md".to_string(),
                ));
            }
        }
        let polish = &book.content_potential_and_polish;
        if polish.core_strengths.is_empty() {
            out.push(Problem::new(
                &format!("{base}.content_potential_and_polish.core_strengths"),
                "is empty".to_string(),
            ));
        }
        if polish.suggestions_for_polish.is_empty() {
            out.push(Problem::new(
                &format!("{base}.content_potential_and_polish.suggestions_for_polish"),
                "is empty".to_string(),
            ));
        }
        count(
            &format!("{base}.next_step_prompts"),
            "items",
            book.next_step_prompts.len(),
            rules.next_step_prompts,
            &mut out,
        );
        let tweet = &book.promotional_tweet;
        let tweet_chars = tweet.chars().count();
        if tweet_chars > rules.max_tweet_chars {
            out.push(Problem::new(
                &format!("{base}.promotional_tweet"),
                format!(
                    "is {tweet_chars} characters, want at most {}",
                    rules.max_tweet_chars
                ),
            ));
        }
        if !tweet
            .split_whitespace()
            .any(|w| w.starts_with("http://") || w.starts_with("https://"))
        {
            out.push(Problem::new(
                &format!("{base}.promotional_tweet"),
                "has no URL".to_string(),
            ));
        }
        let hashtags = tweet
            .split_whitespace()
            .filter(|w| w.starts_with('#') && w.len() > 1)
            .count();
        count(
            &format!("{base}.promotional_tweet"),
            "hashtags",
            hashtags,
            rules.hashtags,
            &mut out,
        );
        out
    }
}
