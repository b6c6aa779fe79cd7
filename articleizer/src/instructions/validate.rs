//! Checks beyond the schema: counts, lengths, words and dates (the
//! snippets' checks are in [`super::snippets`]). Every problem is reported at once, precisely, so that a
//! re-ask can list them all.
//!
//! A problem is [`Severity::Hard`] when the post cannot be made from the
//! answer (it is not JSON, a required field is missing or mistyped, the
//! title is empty), and [`Severity::Soft`] when a careful editor would
//! still publish: a count or a length off the house rules, a snippet that
//! is not in the article (that subheading is left out). Soft problems are
//! published as warnings.

use super::{Instructions, Rules};

/// How much a problem stands in the way of publishing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The post cannot be made from the answer.
    Hard,
    /// The post can be made; the problem is reported as a warning.
    Soft,
}

/// One thing wrong with a response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where: a path such as `editing_instructions.insert_subheadings[3].after_text_snippet`.
    pub path: String,
    /// What, as the end of a sentence: "is not in the article".
    pub message: String,
    /// Whether the post can still be made.
    pub severity: Severity,
    /// A snippet the renderer finds no place for: it leaves that
    /// subheading out and says why itself.
    pub unplaced: bool,
}

impl Problem {
    /// A problem that stops the post being made.
    pub(crate) fn new(path: &str, message: String) -> Self {
        Problem {
            path: path.to_string(),
            message,
            severity: Severity::Hard,
            unplaced: false,
        }
    }

    /// A problem the post is published with, as a warning.
    pub(crate) fn soft(path: &str, message: String) -> Self {
        Problem {
            severity: Severity::Soft,
            ..Problem::new(path, message)
        }
    }

    /// Whether the post can still be made.
    pub fn is_soft(&self) -> bool {
        self.severity == Severity::Soft
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
        each_word(text, |word| {
            joined.push_str(word);
            joined.push(' ');
        });
        Words(joined)
    }

    /// Whether the words of `snippet` appear here consecutively.
    pub fn contain(&self, snippet: &str) -> bool {
        let needle = Words::of(snippet);
        needle.0.len() > 1 && self.0.contains(&needle.0)
    }

    /// How many times the words of `snippet` appear here consecutively
    /// (occurrences that overlap count once).
    pub fn count(&self, snippet: &str) -> usize {
        let needle = Words::of(snippet);
        if needle.0.len() <= 1 {
            return 0;
        }
        let mut found = 0;
        let mut from = 0;
        while let Some(at) = self.0[from..].find(&needle.0) {
            found += 1;
            // The match's trailing space is the next one's leading space.
            from += at + needle.0.len() - 1;
        }
        found
    }

    /// The words, in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.split(' ').filter(|w| !w.is_empty())
    }
}

/// Hands each word of `text` to `f` as snippets are matched: lower-cased,
/// typographic apostrophes read as the straight one (a snippet typed with
/// `'` matches an article written with `’`), punctuation and Markdown
/// marks dropped. One buffer serves every word.
pub(crate) fn each_word(text: &str, f: impl FnMut(&str)) {
    each_word_in(text, &mut String::new(), f);
}

/// [`each_word`], with `buffer` for each word as it is handed over (a
/// walk over millions of tiny blocks allocates none per block).
pub(crate) fn each_word_in(text: &str, buffer: &mut String, mut f: impl FnMut(&str)) {
    for word in text
        .split(|c: char| !c.is_alphanumeric() && !is_apostrophe(c))
        .map(|w| w.trim_matches(is_apostrophe))
        .filter(|w| !w.is_empty())
    {
        buffer.clear();
        if word.is_ascii() {
            // The common case, without a char at a time.
            buffer.push_str(word);
            buffer.make_ascii_lowercase();
        } else {
            buffer.extend(
                word.chars()
                    .map(|c| if is_apostrophe(c) { '\'' } else { c })
                    .flat_map(char::to_lowercase),
            );
        }
        f(buffer);
    }
}

/// The marks that stand for an apostrophe: straight, typographic (’ ‘),
/// the modifier letter (ʼ) and the prime (′).
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | 'ʼ' | '′')
}

/// How many characters X counts for `text`: every link (or link mark) 23 (as t.co makes
/// it), a character 1 in the Latin, Greek, Cyrillic... ranges and the
/// common punctuation of U+2000-U+2037, 2 elsewhere (CJK, emoji); an emoji
/// sequence (joiners, variation selectors, skin tones) counts once.
pub fn x_length(text: &str) -> usize {
    let mut total = 0;
    for word in text.split_inclusive(char::is_whitespace) {
        let bare = word.trim_end();
        let spaces = word.len() - bare.len();
        if is_link(bare) {
            total += 23 + spaces;
            continue;
        }
        let mut joined = false;
        for c in word.chars() {
            let code = c as u32;
            if matches!(code, 0xFE00..=0xFE0F | 0x1F3FB..=0x1F3FF) || (joined && code > 0x2FFF) {
                // Part of the emoji before it.
                joined = false;
                continue;
            }
            if code == 0x200D {
                joined = true;
                continue;
            }
            joined = false;
            let narrow =
                matches!(code, 0..=0x10FF | 0x2000..=0x200D | 0x2010..=0x201F | 0x2032..=0x2037);
            total += if narrow { 1 } else { 2 };
        }
    }
    total
}

pub(super) fn count(
    path: &str,
    what: &str,
    n: usize,
    (low, high): (usize, usize),
    out: &mut Vec<Problem>,
) {
    if n < low || n > high {
        out.push(Problem::soft(
            path,
            format!("has {n} {what}, want {low}-{high}"),
        ));
    }
}

/// A soft problem when `n` (of `unit`) is over `max`.
fn at_most(path: &str, n: usize, unit: &str, max: usize, out: &mut Vec<Problem>) {
    if n > max {
        out.push(Problem::soft(
            path,
            format!("is {n} {unit}, want at most {max}"),
        ));
    }
}

/// The soft problem of an empty field at `path`.
fn empty(path: &str, out: &mut Vec<Problem>) {
    out.push(Problem::soft(path, "is empty".to_string()));
}

fn non_empty(path: &str, text: &str, out: &mut Vec<Problem>) {
    if text.trim().is_empty() {
        empty(path, out);
    }
}

impl Instructions {
    /// Every problem with these instructions for `article`. Only an empty
    /// title is hard; an empty optional section is one soft problem (its
    /// section is left out), and its finer rules are checked only when it
    /// has content.
    pub fn validate(&self, article: &str, rules: &Rules) -> Vec<Problem> {
        let mut out = Vec::new();
        self.validate_front(rules, &mut out);
        self.validate_subheadings(article, rules, &mut out);
        self.validate_analysis(rules, &mut out);
        self.validate_wording(rules, &mut out);
        out
    }

    fn validate_front(&self, rules: &Rules, out: &mut Vec<Problem>) {
        let edit = &self.editing_instructions;
        let yaml = &edit.yaml_updates;
        let base = "editing_instructions.yaml_updates";
        if yaml.title.trim().is_empty() {
            out.push(Problem::new(
                &format!("{base}.title"),
                "is empty".to_string(),
            ));
        }
        at_most(
            &format!("{base}.title"),
            yaml.title.chars().count(),
            "characters",
            rules.max_title_chars,
            out,
        );
        if yaml.title.contains('\n') {
            out.push(Problem::soft(
                &format!("{base}.title"),
                "has a line break".to_string(),
            ));
        }
        let (low, high) = rules.description_chars;
        let description_chars = yaml.description.trim().chars().count();
        if description_chars == 0 {
            empty(&format!("{base}.description"), out);
        } else if description_chars < low || description_chars > high {
            out.push(Problem::soft(
                &format!("{base}.description"),
                format!("is {description_chars} characters, want {low}-{high}"),
            ));
        }
        non_empty(&format!("{base}.permalink"), &yaml.permalink, out);
        non_empty(&format!("{base}.keywords"), &yaml.keywords, out);
        non_empty(
            "editing_instructions.prepend_to_article_body",
            &edit.prepend_to_article_body,
            out,
        );
    }

    fn validate_analysis(&self, rules: &Rules, out: &mut Vec<Problem>) {
        let book = &self.book_analysis_content;
        let base = "book_analysis_content";
        non_empty(
            &format!("{base}.authors_imprint"),
            &book.authors_imprint,
            out,
        );
        non_empty(
            &format!("{base}.ai_editorial_take"),
            &book.ai_editorial_take,
            out,
        );
        count(
            &format!("{base}.title_brainstorm"),
            "items",
            book.title_brainstorm.len(),
            rules.title_options,
            out,
        );
        for (i, option) in book.title_brainstorm.iter().enumerate() {
            let path = format!("{base}.title_brainstorm[{i}]");
            non_empty(&format!("{path}.title"), &option.title, out);
            if !option.filename.ends_with(".md") || option.filename.contains('/') {
                out.push(Problem::soft(
                    &format!("{path}.filename"),
                    "is not a file name ending in .md".to_string(),
                ));
            }
        }
        let polish = &book.content_potential_and_polish;
        if polish.core_strengths.is_empty() {
            empty(
                &format!("{base}.content_potential_and_polish.core_strengths"),
                out,
            );
        }
        if polish.suggestions_for_polish.is_empty() {
            empty(
                &format!("{base}.content_potential_and_polish.suggestions_for_polish"),
                out,
            );
        }
        count(
            &format!("{base}.next_step_prompts"),
            "items",
            book.next_step_prompts.len(),
            rules.next_step_prompts,
            out,
        );
        let tweet = book.promotional_tweet.trim();
        if tweet.is_empty() {
            empty(&format!("{base}.promotional_tweet"), out);
            return;
        }
        // The post's URL takes the place of the tweet's link (or is added
        // after it), and X counts any link as 23.
        let links = tweet.split_whitespace().filter(|w| is_link(w)).count();
        at_most(
            &format!("{base}.promotional_tweet"),
            x_length(tweet) + if links == 0 { 24 } else { 0 },
            "characters as X counts them (a link is 23)",
            rules.max_tweet_chars,
            out,
        );
        let hashtags = tweet
            .split_whitespace()
            .filter(|w| w.starts_with('#') && w.len() > 1)
            .count();
        count(
            &format!("{base}.promotional_tweet"),
            "hashtags",
            hashtags,
            rules.hashtags,
            out,
        );
    }
}

/// Whether a word of a tweet is its link: a URL, or the `[ARTICLE_URL]`
/// mark the prompt asks for.
pub fn is_link(word: &str) -> bool {
    word.starts_with("http://") || word.starts_with("https://") || word.contains("[ARTICLE_URL]")
}
