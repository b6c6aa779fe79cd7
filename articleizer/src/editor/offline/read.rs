//! Reading the article as the offline editor sees it: its top-level
//! blocks (with the speaker of each turn, as the sanitizer recognizes
//! them) and their sentences.

use pulldown_cmark::{Event, Options as MdOptions, Parser, Tag, TagEnd};
use sanitizer::Sanitizer;

/// What a top-level block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A paragraph.
    Paragraph,
    /// A heading the writer wrote.
    Heading,
    /// A code block.
    Code,
    /// A list, a quote, a table, HTML.
    Other,
    /// A model's reasoning copied with its answer (`<think>…</think>`, a
    /// "Show thinking" trace): never quoted, never counted.
    Reasoning,
}

/// A top-level block of the article.
#[derive(Debug)]
pub(super) struct Block {
    /// Source text of the block.
    pub source: String,
    /// Its words as a reader sees them (a turn's label left out; none for
    /// code).
    pub text: String,
    /// What it is.
    pub kind: Kind,
    /// The speaker when the paragraph starts a turn.
    pub speaker: Option<String>,
    /// A code block's language.
    pub language: Option<String>,
}

impl Block {
    /// The paragraph's text, if it is one.
    pub fn prose(&self) -> Option<&str> {
        (self.kind == Kind::Paragraph).then_some(self.text.as_str())
    }

    /// How many words a reader sees.
    pub fn words(&self) -> usize {
        self.text.split_whitespace().count()
    }
}

/// The article's top-level blocks, each with its speaker when it starts a
/// turn (only a label `speakers` recognizes: a bold `**Phase 1**:` is not
/// a voice).
pub(super) fn parse_blocks(article: &str, speakers: &Sanitizer) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut depth = 0usize;
    let mut start = 0usize;
    let mut text = String::new();
    let mut kind = Kind::Other;
    let mut language = None;
    for (event, range) in Parser::new_ext(article, MdOptions::ENABLE_TABLES).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    start = range.start;
                    text.clear();
                    kind = match &tag {
                        Tag::Paragraph => Kind::Paragraph,
                        Tag::Heading { .. } => Kind::Heading,
                        Tag::CodeBlock(_) => Kind::Code,
                        _ => Kind::Other,
                    };
                    language = match &tag {
                        Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(info))
                            if !info.is_empty() =>
                        {
                            info.split_whitespace().next().map(str::to_string)
                        }
                        _ => None,
                    };
                }
                depth += 1;
            }
            Event::End(tag) => {
                depth = depth.saturating_sub(1);
                if depth > 0 && matches!(tag, TagEnd::Item | TagEnd::TableCell) {
                    text.push(' ');
                }
                if depth == 0 {
                    let source = article[start..range.end].to_string();
                    let first_line = source.lines().next().unwrap_or("");
                    let speaker = (matches!(tag, TagEnd::Paragraph))
                        .then(|| speakers.speaker(first_line))
                        .flatten();
                    let shown = text.trim();
                    let shown = match &speaker {
                        Some(_) => without_label(shown),
                        None => shown,
                    };
                    blocks.push(Block {
                        text: if kind == Kind::Code {
                            String::new()
                        } else {
                            shown.to_string()
                        },
                        source,
                        kind,
                        speaker,
                        language: language.take(),
                    });
                }
            }
            Event::Text(piece) | Event::Code(piece) if depth > 0 => text.push_str(&piece),
            Event::SoftBreak | Event::HardBreak if depth > 0 => text.push(' '),
            _ => {}
        }
    }
    mark_reasoning(&mut blocks);
    blocks
}

/// Marks the blocks of copied reasoning as [`Kind::Reasoning`] and drops
/// their words: from a block holding `<think>` to the one holding
/// `</think>` (or to the next speaker's turn, when it is never closed),
/// and a "Show thinking" line with the trace after it, read as chat
/// interfaces copy it: bold step titles each followed by one paragraph,
/// up to the first block that is neither (the answer) or a new turn.
fn mark_reasoning(blocks: &mut [Block]) {
    let mut think = false;
    let mut trace: Option<bool> = None; // Some(expecting a paragraph)
    for block in blocks.iter_mut() {
        let line = block.text.trim().trim_matches('*').trim();
        let opens = holds(&block.source, "<think>");
        let closes = holds(&block.source, "</think>");
        if block.speaker.is_some() && !opens {
            think = false;
            trace = None;
        }
        let reasoning = if opens || think {
            think = !closes;
            true
        } else if line.eq_ignore_ascii_case("show thinking") {
            trace = Some(false);
            true
        } else if let Some(expecting) = trace {
            let title = block.kind == Kind::Paragraph
                && block.source.trim().starts_with("**")
                && block.source.trim().ends_with("**");
            if title {
                trace = Some(true);
                true
            } else if expecting && block.kind == Kind::Paragraph {
                trace = Some(false);
                true
            } else {
                trace = None;
                false
            }
        } else {
            false
        };
        if reasoning {
            block.kind = Kind::Reasoning;
            block.text.clear();
        }
    }
}

/// Whether `text` holds `tag` (ASCII, lower-case) in any case, without a
/// lower-case copy of the block.
fn holds(text: &str, tag: &str) -> bool {
    text.match_indices('<').any(|(at, _)| {
        text.as_bytes()
            .get(at..at + tag.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(tag.as_bytes()))
    })
}

/// Text after a speaker label (`Claude: text` -> `text`).
fn without_label(text: &str) -> &str {
    match text.find(':') {
        Some(colon) if colon < 80 => text[colon + 1..].trim_start(),
        _ => text,
    }
}

/// The sentences of `text`, split after `.`, `!` or `?` before white space.
pub(super) fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if matches!(b, b'.' | b'!' | b'?')
            && bytes.get(i + 1).is_none_or(|n| n.is_ascii_whitespace())
        {
            let sentence = text[start..=i].trim();
            if !sentence.is_empty() {
                out.push(sentence);
            }
            start = i + 1;
        }
    }
    let tail = text[start..].trim();
    if !tail.is_empty() {
        out.push(tail);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(article: &str) -> Vec<Kind> {
        let speakers = Sanitizer::new(&sanitizer::Options::default()).expect("defaults");
        parse_blocks(article, &speakers)
            .iter()
            .map(|b| b.kind)
            .collect()
    }

    #[test]
    fn think_blocks_are_reasoning_up_to_their_close() {
        let article =
            "Question here.\n\n<think>\nPondering.\n\nMore pondering.\n</think>\n\nThe answer.\n";
        assert_eq!(
            kinds(article),
            [
                Kind::Paragraph,
                Kind::Reasoning,
                Kind::Reasoning,
                Kind::Paragraph
            ]
        );
    }

    #[test]
    fn a_show_thinking_trace_ends_where_the_answer_starts() {
        let article = "Show thinking\n\n**Weighing the options**\n\nI am weighing them.\n\n**Settling**\n\nI settle.\n\nHere is the answer.\n\nAnd more of it.\n";
        assert_eq!(
            kinds(article),
            [
                Kind::Reasoning,
                Kind::Reasoning,
                Kind::Reasoning,
                Kind::Reasoning,
                Kind::Reasoning,
                Kind::Paragraph,
                Kind::Paragraph
            ]
        );
    }
}
