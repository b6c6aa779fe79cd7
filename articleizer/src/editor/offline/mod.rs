//! The offline editor: deterministic, extractive instructions computed from
//! the text itself, for when no key and no server is configured. Fast (no
//! model; every pass linear in the text, or a sort of what it counted: no
//! window grows with the text, no graph of all pairs), and honest: its
//! intro and editorial take say it is an offline draft, and its posts are
//! drafts (`published: false`, with a comment saying so) unless
//! `--publish`. The draft state is
//! never in the description, which goes live as written.
//!
//! - [`read`]: the article's blocks, with the speakers the sanitizer sees;
//!   copied reasoning (`<think>`, "Show thinking") is read as none;
//! - [`terms`]: content words and stems; [`phrases`]: key phrases
//!   (YAKE/RAKE-style);
//! - [`front`]: the title (the article's own, else its key phrases), the
//!   description (its most central whole sentence: [`rank`], TextRank's
//!   degree centrality);
//! - [`tiling`]: subheadings where the topic shifts (TextTiling-style
//!   lexical cohesion at block boundaries, weighed with the writer's marks
//!   between parts: rules, long paragraphs, words of transition), each
//!   titled by the key phrase of the section it opens; none for a short
//!   article;
//! - [`analysis`]: the intro, the tweet and the book analysis.

mod analysis;
mod front;
mod phrases;
mod rank;
mod read;
mod terms;
mod tiling;
mod words;

use crate::instructions::{EditingInstructions, Instructions, Subheading, YamlUpdates};
use crate::render::slug::slug;
use read::Block;
use sanitizer::{Options, Sanitizer};
use serde_json::Map;
use std::collections::BTreeSet;
use std::sync::LazyLock;

/// Settings of the offline editor.
#[derive(Debug, Clone)]
pub struct OfflineOptions {
    /// How many keywords to list.
    pub keywords: usize,
}

impl Default for OfflineOptions {
    fn default() -> Self {
        OfflineOptions { keywords: 8 }
    }
}

/// What the editor read from the article, shared by what it writes.
struct Reading {
    /// The article as read (fences repaired): what the blocks' spans are in.
    source: String,
    blocks: Vec<Block>,
    /// The names of the conversation's voices.
    speakers: BTreeSet<String>,
    /// The code blocks, and their languages (a bounded few).
    code: Code,
    /// The words of those names, which are never key phrases.
    speaker_words: BTreeSet<String>,
    /// The key phrases weighed as subjects (for the title), best first,
    /// each adding a word.
    phrases: Vec<phrases::Phrase>,
    /// The keywords: the key phrases weighed as terms, as text.
    keywords: Vec<String>,
    /// Whether the first block is the article's own title.
    first_block_is_title: bool,
    /// The candidate phrases of the whole text, counted.
    index: phrases::Index,
}

impl Reading {
    fn of(article: &str, options: &OfflineOptions) -> Self {
        // Built once a process: their patterns took three quarters of the
        // time of a short post (`batch --contextualize` edits thousands).
        static RECOGNIZER: LazyLock<Sanitizer> = LazyLock::new(|| {
            Sanitizer::new(&Options::default()).expect("the default options are valid")
        });
        // Read the structure through repaired fences (an unclosed block would
        // hide the rest of the article). Fence repair changes fence lines only,
        // so every snippet taken from it is also, word for word, in `article`.
        static FENCES_ONLY: LazyLock<Sanitizer> = LazyLock::new(|| {
            Sanitizer::new(&Options::none().with_fences(true)).expect("valid options")
        });
        let (recognizer, fences_only) = (&*RECOGNIZER, &*FENCES_ONLY);
        let repaired = fences_only.sanitize(article).text;
        let read::Structure {
            blocks,
            speakers,
            code_blocks,
            languages,
            more_languages,
        } = read::read(&repaired, recognizer);
        let texts: Vec<&str> = blocks.iter().map(|b| &*b.text).collect();
        let speaker_words = speaker_words(&speakers);
        let wanted = options.keywords.max(3);
        let found = phrases::key_phrases(&texts, wanted.max(12), &speaker_words);
        let keywords = found
            .terms
            .iter()
            .take(wanted)
            .map(phrases::Phrase::text)
            .collect();
        let first_block_is_title = blocks.first().is_some_and(|b| {
            let text = b.text.trim();
            b.speaker.is_none()
                && matches!(b.kind, read::Kind::Heading | read::Kind::Paragraph)
                // Words, not marks: a line of `&` or `---` names nothing.
                && text.chars().any(char::is_alphabetic)
                && text.chars().count() <= 100
                && !text.ends_with(['.', ':', '?', '!'])
        });
        Reading {
            source: repaired,
            blocks,
            speakers,
            code: Code {
                blocks: code_blocks,
                languages,
                more_languages,
            },
            speaker_words,
            phrases: found.subjects,
            index: found.index,
            keywords,
            first_block_is_title,
        }
    }

    /// The first `n` keywords as a list (`a, b and c`); `None` when the
    /// text has no key phrase (no words, or none that can be a term), so
    /// that no sentence is left saying "about ." of nothing.
    fn top_list(&self, n: usize) -> Option<String> {
        let top: Vec<String> = self.keywords.iter().take(n).cloned().collect();
        (!top.is_empty()).then(|| words::list(&top))
    }
}

/// The article's code blocks, counted as they were read (a record may
/// stand for a run of them).
struct Code {
    blocks: usize,
    /// The first of their languages in alphabetical order.
    languages: BTreeSet<Box<str>>,
    /// Whether there were more languages than those.
    more_languages: bool,
}

/// The words of the speakers' names, which are never key phrases.
fn speaker_words(speakers: &BTreeSet<String>) -> BTreeSet<String> {
    speakers
        .iter()
        .flat_map(|s| terms::words(s).collect::<Vec<_>>())
        .collect()
}

/// Computes instructions for `article`.
pub fn edit(article: &str, options: &OfflineOptions) -> Instructions {
    let reading = Reading::of(article, options);
    let title = front::title(&reading);
    let description = front::description(&reading);
    let insert_subheadings = tiling::boundaries(
        &reading.blocks,
        &reading.source,
        &reading.index,
        &reading.speaker_words,
    )
    .into_iter()
    .map(|b| Subheading {
        subheading: format!("## {}", b.heading),
        after_text_snippet: snippet(reading.blocks[b.after].source(&reading.source)),
        extra: Map::new(),
    })
    .collect();
    Instructions {
        editing_instructions: EditingInstructions {
            yaml_updates: YamlUpdates {
                permalink: format!("/{}/", slug(&title)),
                title: title.clone(),
                description,
                keywords: reading.keywords.join(", "),
                extra: Map::new(),
            },
            prepend_to_article_body: analysis::intro(&reading),
            insert_subheadings,
            extra: Map::new(),
        },
        book_analysis_content: analysis::book_analysis(&reading, &title),
        extra: Map::new(),
    }
}

/// The last ten words of a block, as written: where its subheading goes.
fn snippet(source: &str) -> String {
    // From the end: a block of millions of words is not split into a list.
    let mut last: Vec<&str> = source.split_whitespace().rev().take(10).collect();
    last.reverse();
    last.join(" ")
}
