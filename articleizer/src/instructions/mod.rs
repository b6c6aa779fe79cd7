//! The editing instructions an editor (an LLM or the offline editor) returns
//! for an article, in the JSON shape the predecessor's `instructions.json`
//! files already have.
//!
//! Fields this crate does not know are kept (in `extra`) and written back,
//! so a newer or richer response loses nothing. Only the title is required
//! (see [`REQUIRED`]): any other field may be missing (an old saved file, a
//! terse model), reads as empty, and its section is left out of the post.

mod parse;
mod rules;
mod schema;
mod snippet_index;
pub mod snippets;
mod validate;
mod wording;

pub use parse::{parse_response, ParseError};
pub use rules::{entry_words, has_date, snippet_words, Rules};
pub use schema::{schema, schema_for, skeleton};
pub use validate::{is_link, x_length, Problem, Severity, Words};

/// The fields without which no post can be made; every other field is
/// optional in an answer (the schema sent to providers still asks for all).
pub const REQUIRED: &[&str] = &[
    "editing_instructions",
    "editing_instructions.yaml_updates",
    "editing_instructions.yaml_updates.title",
];

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Everything an editor returns for one article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Instructions {
    /// How to edit the article itself.
    pub editing_instructions: EditingInstructions,
    /// The "Book Analysis" appended to the post.
    pub book_analysis_content: BookAnalysis,
    /// Fields not known to this version, kept as they came.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// How to edit the article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EditingInstructions {
    /// Front matter values.
    pub yaml_updates: YamlUpdates,
    /// The "Context for the Curious Book Reader" introduction.
    pub prepend_to_article_body: String,
    /// Subheadings and where each goes.
    pub insert_subheadings: Vec<Subheading>,
    /// Fields not known to this version.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Front matter values chosen by the editor.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct YamlUpdates {
    /// The post's title.
    pub title: String,
    /// The meta description (100-160 characters).
    pub description: String,
    /// The permalink, normalized later to the target's style.
    pub permalink: String,
    /// Comma-separated keywords.
    pub keywords: String,
    /// Fields not known to this version.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A subheading and the verbatim snippet of the article it goes after.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Subheading {
    /// The heading, as Markdown (`## ...`).
    pub subheading: String,
    /// Words of the article; the heading goes after the block holding them.
    pub after_text_snippet: String,
    /// Fields not known to this version.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The analysis appended to the post.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BookAnalysis {
    /// A first-person summary by the author.
    pub authors_imprint: String,
    /// Title options, the preferred first.
    pub title_brainstorm: Vec<TitleOption>,
    /// Strengths and suggestions.
    pub content_potential_and_polish: ContentPotential,
    /// The editor's view of the piece.
    pub ai_editorial_take: String,
    /// Prompts for the next session.
    pub next_step_prompts: Vec<String>,
    /// A post for X.com: at most 280 characters, a naked URL, 2-3 hashtags.
    pub promotional_tweet: String,
    /// Fields not known to this version.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One title option.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TitleOption {
    /// The title.
    pub title: String,
    /// A file name for it (`slug.md`).
    pub filename: String,
    /// Why this title.
    pub rationale: String,
    /// Fields not known to this version.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Strengths and suggestions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContentPotential {
    /// What works.
    pub core_strengths: Vec<String>,
    /// What to improve.
    pub suggestions_for_polish: Vec<String>,
    /// Fields not known to this version.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Instructions {
    /// Reads instructions from a JSON value: the structure is checked
    /// against [`schema`] first, so every missing or mistyped field is
    /// reported at once, with its path.
    ///
    /// Missing optional fields read as empty: [`Instructions::validate`]
    /// reports them (softly), so they are not reported here.
    pub fn from_value(value: Value) -> Result<Self, Vec<Problem>> {
        let problems: Vec<Problem> = schema::check(&schema(), &value, "")
            .into_iter()
            .filter(|p| !p.is_soft())
            .collect();
        if !problems.is_empty() {
            return Err(problems);
        }
        serde_json::from_value(value).map_err(|e| vec![Problem::new("", e.to_string())])
    }

    /// The instructions as pretty JSON, unknown fields included.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}
