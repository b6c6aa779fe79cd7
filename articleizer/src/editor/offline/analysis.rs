//! The offline editor's intro, promotional tweet and book analysis: plain
//! statements of what was counted, each saying it is an offline draft.

use super::words::{capitalize, count_of, cut, list};
use super::Reading;
use crate::instructions::{BookAnalysis, ContentPotential, TitleOption};
use crate::render::slug::slug;
use serde_json::Map;

/// What the entry is, in a few counted facts.
struct Shape {
    /// `a journal entry`, or `a conversation between A and B`.
    kind: String,
    voices: Vec<String>,
    word_count: usize,
    code_blocks: usize,
    languages: Vec<String>,
}

impl Shape {
    fn of(reading: &Reading) -> Self {
        let blocks = &reading.blocks;
        let voices: Vec<String> = reading.speakers.iter().cloned().collect();
        let mut languages: Vec<String> = reading
            .code
            .languages
            .iter()
            .map(|l| l.to_string())
            .collect();
        if reading.code.more_languages {
            languages.push("others".to_string());
        }
        Shape {
            kind: if voices.is_empty() {
                "a journal entry".to_string()
            } else {
                format!("a conversation between {}", list(&voices))
            },
            word_count: blocks.iter().map(|b| b.words()).sum(),
            code_blocks: reading.code.blocks,
            languages,
            voices,
        }
    }
}

/// The intro: what the entry is, its terms, and its opening line.
pub(super) fn intro(reading: &Reading) -> String {
    let shape = Shape::of(reading);
    let opening = reading
        .blocks
        .iter()
        .skip(usize::from(reading.first_block_is_title))
        .filter_map(|b| b.prose())
        .flat_map(super::read::sentences)
        .find(|s| s.split_whitespace().count() >= 8);
    let opening_line =
        opening.map_or_else(String::new, |s| format!(" It opens: “{}”", cut(s, 200)));
    let terms = reading.top_list(5).map_or_else(String::new, |top| {
        format!(" Its most frequent terms are {top}.")
    });
    let code = match shape.code_blocks {
        0 => String::new(),
        n => format!(" with {}", count_of(n, "code block")),
    };
    format!(
        "Offline draft, made without an AI editor: this is {}, about {}{code}.{terms}{opening_line}",
        shape.kind,
        count_of(shape.word_count, "word"),
    )
}

/// The book analysis.
pub(super) fn book_analysis(reading: &Reading, title: &str) -> BookAnalysis {
    let shape = Shape::of(reading);
    let top_list = reading.top_list(3);
    let coming_back = top_list.as_ref().map_or_else(String::new, |top| {
        format!(" It keeps coming back to {top}.")
    });
    let on_topic = top_list.map_or_else(String::new, |top| format!(" on {top}"));
    BookAnalysis {
        authors_imprint: format!("I wrote this entry as {}.{coming_back}", shape.kind),
        title_brainstorm: title_options(reading, title, &shape),
        content_potential_and_polish: ContentPotential {
            core_strengths: strengths(reading, &shape),
            suggestions_for_polish: suggestions(&shape),
            extra: Map::new(),
        },
        ai_editorial_take: "No AI editor read this entry: the offline editor computed these instructions from term counts and the turns of the text. Set GEMINI_API_KEY (or configure another provider) for a real editorial take.".to_string(),
        next_step_prompts: vec![
            format!("Summarize the open questions at the end of this entry{on_topic} and propose the next experiment."),
            "Suggest five subheadings for this entry, each with the exact sentence it should follow.".to_string(),
        ],
        promotional_tweet: tweet(reading, title),
        extra: Map::new(),
    }
}

/// The title, the post's link (the renderer puts the post's own URL in
/// place of the mark) and two hashtags, within 280 characters as X counts
/// them.
fn tweet(reading: &Reading, title: &str) -> String {
    let hashtags: Vec<String> = reading
        .keywords
        .iter()
        .take(2)
        .map(|k| {
            // A hashtag ends at the first character that is not a letter
            // or digit: `S3-compatible` would link `#S3` alone.
            let tag: String = k.split(' ').map(capitalize).collect();
            format!("#{}", tag.replace(|c: char| !c.is_alphanumeric(), ""))
        })
        .collect();
    let room = 280usize.saturating_sub(23 + hashtags.join(" ").chars().count() + 2);
    format!("{} [ARTICLE_URL] {}", cut(title, room), hashtags.join(" "))
        .trim_end()
        .to_string()
}

/// The chosen title and two built from the leading terms.
fn title_options(reading: &Reading, title: &str, shape: &Shape) -> Vec<TitleOption> {
    let two: Vec<String> = reading
        .keywords
        .iter()
        .take(2)
        .map(|k| super::terms::title_case(k))
        .collect();
    let mut options = vec![(
        title.to_string(),
        if reading.first_block_is_title {
            "The entry's own first line."
        } else if two.is_empty() {
            "A placeholder: no term recurs enough to name the entry."
        } else {
            "Built from the entry's most frequent terms."
        },
    )];
    if !two.is_empty() {
        options.extend([
            (
                format!("{}: {}", list(&two), capitalize(&shape.kind)),
                "Names the two terms the entry returns to most.",
            ),
            (
                format!(
                    "Working Notes on {}",
                    list(
                        &reading
                            .keywords
                            .iter()
                            .take(3)
                            .map(|k| super::terms::title_case(k))
                            .collect::<Vec<_>>()
                    )
                ),
                "A plain, searchable title from the leading terms.",
            ),
        ]);
    }
    options.dedup_by(|a, b| a.0 == b.0);
    options
        .into_iter()
        .map(|(t, why)| TitleOption {
            filename: format!("{}.md", slug(&t)),
            title: t,
            rationale: why.to_string(),
            extra: Map::new(),
        })
        .collect()
}

fn strengths(reading: &Reading, shape: &Shape) -> Vec<String> {
    let mut strengths = vec![format!(
        "About {} of prose{}.",
        count_of(shape.word_count, "word"),
        if shape.voices.is_empty() {
            String::new()
        } else {
            format!(" across {} voices", shape.voices.len())
        }
    )];
    if shape.code_blocks > 0 {
        strengths.push(format!(
            "{} code block{}{}.",
            shape.code_blocks,
            if shape.code_blocks == 1 { "" } else { "s" },
            if shape.languages.is_empty() {
                String::new()
            } else {
                format!(" ({})", shape.languages.join(", "))
            }
        ));
    }
    if let Some(top) = reading.top_list(3) {
        strengths.push(format!("A clear focus: {top} recur throughout."));
    }
    strengths
}

fn suggestions(shape: &Shape) -> Vec<String> {
    let mut suggestions = vec![
        "Replace the offline subheadings and intro with your own words before publishing."
            .to_string(),
    ];
    if shape.code_blocks > 0 {
        suggestions.push("Check that every code block runs as shown.".to_string());
    }
    suggestions
        .push("End with a short paragraph that states what was decided or learned.".to_string());
    suggestions
}
