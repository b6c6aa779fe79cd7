//! The offline editor: deterministic, extractive instructions computed from
//! the text itself, for when no key and no server is configured.
//!
//! It does not pretend to be an LLM: the title is the article's own first
//! line when that reads like a title, the keywords are its most frequent
//! content words, the description and intro quote its opening, subheadings
//! go before the turns of the conversation (or at even paragraph breaks)
//! with snippets copied verbatim from the text, and the analysis states
//! plainly what was computed. Everything it writes says it is offline.
//!
//! [`read`] reads the article; [`front`] makes the title and description,
//! [`subheadings`] the subheadings, [`analysis`] the intro, tweet and book
//! analysis.

mod analysis;
mod front;
mod read;
mod subheadings;
mod words;

use crate::instructions::{EditingInstructions, Instructions, YamlUpdates};
use crate::render::slug::slug;
use read::Block;
use sanitizer::{Options, Sanitizer};
use serde_json::Map;
use std::collections::BTreeSet;

/// Settings of the offline editor.
#[derive(Debug, Clone)]
pub struct OfflineOptions {
    /// The site's base URL, for the promotional tweet (`https://example.com`).
    pub base_url: String,
    /// How many keywords to list.
    pub keywords: usize,
}

impl Default for OfflineOptions {
    fn default() -> Self {
        OfflineOptions {
            base_url: "https://example.com".into(),
            keywords: 8,
        }
    }
}

/// An article too small for the offline editor to place four subheadings.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the article is too short for the offline editor: it has {found} paragraphs or sentences, and 4 subheadings need at least 5")]
pub struct TooShort {
    /// Paragraphs and sentences found.
    pub found: usize,
}

/// What the editor read from the article, shared by what it writes.
struct Reading {
    blocks: Vec<Block>,
    /// The names of the conversation's voices.
    speakers: BTreeSet<String>,
    /// The most frequent content words, most frequent first.
    keywords: Vec<String>,
    /// The first three keywords.
    top: Vec<String>,
    /// Whether the first block is the article's own title.
    first_block_is_title: bool,
}

impl Reading {
    fn of(article: &str, options: &OfflineOptions) -> Self {
        let recognizer =
            Sanitizer::new(&Options::default()).expect("the default options are valid");
        // Read the structure through repaired fences (an unclosed block would
        // hide the rest of the article). Fence repair changes fence lines only,
        // so every snippet taken from it is also, word for word, in `article`.
        let fences_only =
            Sanitizer::new(&Options::none().with_fences(true)).expect("valid options");
        let repaired = fences_only.sanitize(article).text;
        let blocks = read::parse_blocks(&repaired, &recognizer);
        let speakers: BTreeSet<String> = blocks.iter().filter_map(|b| b.speaker.clone()).collect();
        let keywords = read::keywords(&blocks, &speakers, options.keywords.max(3));
        let top: Vec<String> = keywords.iter().take(3).cloned().collect();
        let first = blocks.iter().find_map(|b| b.prose.as_deref()).unwrap_or("");
        let first_block_is_title = blocks
            .first()
            .is_some_and(|b| b.prose.is_some() && b.speaker.is_none())
            && first.chars().count() <= 100
            && !first.ends_with(['.', ':', '?', '!'])
            && !first.is_empty();
        Reading {
            blocks,
            speakers,
            keywords,
            top,
            first_block_is_title,
        }
    }

    /// The first three keywords as a list (`a, b and c`).
    fn top_list(&self) -> String {
        words::list(&self.top)
    }
}

/// Computes instructions for `article`.
pub fn edit(article: &str, options: &OfflineOptions) -> Result<Instructions, TooShort> {
    let reading = Reading::of(article, options);
    let title = front::title(&reading);
    let opening = front::opening(&reading);
    let description = front::description(&reading, &opening);
    let insert_subheadings = subheadings::place(&reading)?;
    let permalink = format!("/{}/", slug(&title));
    let url = format!("{}{}", options.base_url.trim_end_matches('/'), permalink);
    Ok(Instructions {
        editing_instructions: EditingInstructions {
            yaml_updates: YamlUpdates {
                title: title.clone(),
                description,
                permalink,
                keywords: reading.keywords.join(", "),
                extra: Map::new(),
            },
            prepend_to_article_body: analysis::intro(&reading, &opening),
            insert_subheadings,
            extra: Map::new(),
        },
        book_analysis_content: analysis::book_analysis(&reading, &title, &url),
        extra: Map::new(),
    })
}
