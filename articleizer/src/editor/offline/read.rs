//! Reading the article as the offline editor sees it: its top-level
//! blocks (with the speaker of each turn, as the sanitizer recognizes
//! them) and their sentences.

use pulldown_cmark::{Event, Options as MdOptions, Parser, Tag, TagEnd};
use sanitizer::Sanitizer;
use std::ops::Range;

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
    /// Where its source text is in the article read (a byte range: no copy).
    pub span: Range<usize>,
    /// Its words as a reader sees them (a turn's label left out; none for
    /// code).
    pub text: Box<str>,
    /// What it is.
    pub kind: Kind,
    /// The speaker when the paragraph starts a turn.
    pub speaker: Option<Box<str>>,
    /// A code block's language.
    pub language: Option<Box<str>>,
}

impl Block {
    /// The paragraph's text, if it is one.
    pub fn prose(&self) -> Option<&str> {
        (self.kind == Kind::Paragraph).then_some(&*self.text)
    }

    /// How many words a reader sees.
    pub fn words(&self) -> usize {
        self.text.split_whitespace().count()
    }

    /// Its source text in `article` (the text the blocks were read from).
    pub fn source<'a>(&self, article: &'a str) -> &'a str {
        &article[self.span.clone()]
    }

    /// Whether it has no letter or digit at all (`::`, `---`, `&`).
    fn wordless(&self, article: &str) -> bool {
        matches!(self.kind, Kind::Paragraph | Kind::Other)
            && self.speaker.is_none()
            && !self.source(article).chars().any(char::is_alphanumeric)
    }
}

/// The bytes of the article the Markdown parser reads at a time (its tree
/// is some ten times the text it holds, so it is never built for the whole
/// article). Larger than any real post, so a post is read in one piece.
const CHUNK: usize = 1 << 20;
/// Wordless blocks in a row kept as records of their own; the rest of the
/// run joins the last of them (a run of millions of `::` paragraphs is a
/// few records, and no topic shifts inside it).
const WORDLESS_RUN: usize = 8;

/// The article's top-level blocks, each with its speaker when it starts a
/// turn (only a label `speakers` recognizes: a bold `**Phase 1**:` is not
/// a voice).
///
/// The article is parsed a chunk of about [`CHUNK`] bytes at a time, cut
/// after a line: every block that ends before the chunk's last block
/// starts is kept, and the next chunk starts where that last block does
/// (so a block cut by the chunk's end is read again whole; a chunk grows
/// until it holds two blocks; a paragraph longer than a chunk is cut at a
/// chunk's last line). A top-level block's start is a place the
/// parser starts afresh, except for link reference definitions, which
/// then only apply within their chunk.
pub(super) fn parse_blocks(article: &str, speakers: &Sanitizer) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut base = 0;
    let mut size = CHUNK;
    let mut run = 0;
    while base < article.len() {
        let end = line_end(article, base + size);
        let mut read = Vec::new();
        parse_chunk(article, base, end, speakers, &mut read);
        if end < article.len() && read.len() < 2 {
            // A paragraph of more than a chunk is read a chunk at a time,
            // as paragraphs of its lines (the parser's tree of one would be
            // some ten times its size); anything else is read whole.
            if let [paragraph] = read.as_slice() {
                let rest = &article[paragraph.span.end..end];
                if paragraph.kind == Kind::Paragraph && rest.trim().is_empty() {
                    push(&mut blocks, read.remove(0), article, &mut run);
                    base = end;
                    continue;
                }
            }
            size *= 2;
            continue;
        }
        let next = if end < article.len() {
            read.pop().map_or(end, |last| last.span.start)
        } else {
            end
        };
        for block in read {
            push(&mut blocks, block, article, &mut run);
        }
        base = next;
        size = CHUNK;
    }
    mark_reasoning(&mut blocks, article);
    blocks
}

/// The end of the line `at` is on (or the article's end).
fn line_end(article: &str, at: usize) -> usize {
    if at >= article.len() {
        return article.len();
    }
    article.as_bytes()[at..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(article.len(), |p| at + p + 1)
}

/// Adds `block`, or joins it to the last one when it continues a long run
/// of wordless blocks ([`WORDLESS_RUN`]); `run` counts the wordless blocks
/// read in a row (each block's text is looked at once, as it is read).
fn push(blocks: &mut Vec<Block>, block: Block, article: &str, run: &mut usize) {
    if block.wordless(article) {
        *run += 1;
    } else {
        *run = 0;
    }
    match blocks.last_mut() {
        Some(last) if *run > WORDLESS_RUN => last.span.end = block.span.end,
        _ => blocks.push(block),
    }
}

/// The top-level blocks of `article[base..end]`, their spans in `article`.
fn parse_chunk(
    article: &str,
    base: usize,
    end: usize,
    speakers: &Sanitizer,
    blocks: &mut Vec<Block>,
) {
    let chunk = &article[base..end];
    let mut depth = 0usize;
    let mut start = 0usize;
    let mut text = String::new();
    let mut kind = Kind::Other;
    let mut language = None;
    for (event, range) in Parser::new_ext(chunk, MdOptions::ENABLE_TABLES).into_offset_iter() {
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
                            info.split_whitespace().next().map(Box::from)
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
                    let source = &chunk[start..range.end];
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
                            Box::default()
                        } else {
                            Box::from(shown)
                        },
                        span: base + start..base + range.end,
                        kind,
                        speaker: speaker.map(String::into_boxed_str),
                        language: language.take(),
                    });
                }
            }
            Event::Text(piece) | Event::Code(piece) if depth > 0 => text.push_str(&piece),
            Event::SoftBreak | Event::HardBreak if depth > 0 => text.push(' '),
            _ => {}
        }
    }
}

/// Marks the blocks of copied reasoning as [`Kind::Reasoning`] and drops
/// their words: from a block holding `<think>` to the one holding
/// `</think>` (or to the next speaker's turn, when it is never closed),
/// and a "Show thinking" line with the trace after it, read as chat
/// interfaces copy it: bold step titles each followed by one paragraph,
/// up to the first block that is neither (the answer) or a new turn.
fn mark_reasoning(blocks: &mut [Block], article: &str) {
    let mut think = false;
    let mut trace: Option<bool> = None; // Some(expecting a paragraph)
    for block in blocks.iter_mut() {
        let line = block.text.trim().trim_matches('*').trim();
        let source = block.source(article);
        let opens = holds(source, "<think>");
        let closes = holds(source, "</think>");
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
                && source.trim().starts_with("**")
                && source.trim().ends_with("**");
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
            block.text = Box::default();
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

    fn blocks(article: &str) -> Vec<Block> {
        let speakers = Sanitizer::new(&sanitizer::Options::default()).expect("defaults");
        parse_blocks(article, &speakers)
    }

    #[test]
    fn chunks_read_every_block_once_in_order() {
        // Paragraphs across several chunks, each naming its number.
        let article: String = (0..CHUNK / 10)
            .map(|n| format!("Paragraph n{n} here.\n\n"))
            .collect();
        let read = blocks(&article);
        assert_eq!(read.len(), CHUNK / 10);
        for (n, block) in read.iter().enumerate() {
            assert_eq!(&*block.text, format!("Paragraph n{n} here."));
            assert_eq!(block.source(&article).trim(), &*block.text);
        }
    }

    #[test]
    fn a_paragraph_past_a_chunk_keeps_all_its_words() {
        let lines = CHUNK / 4;
        let article = "word\n".repeat(lines);
        let read = blocks(&article);
        assert!(read.len() > 1 && read.len() < 10, "{}", read.len());
        assert_eq!(read.iter().map(Block::words).sum::<usize>(), lines);
    }

    #[test]
    fn a_long_run_of_wordless_blocks_is_a_few_records() {
        let article = format!("Intro words.\n\n{}Outro words.\n", "::\n\n".repeat(10_000));
        let read = blocks(&article);
        assert_eq!(read.len(), 1 + WORDLESS_RUN + 1);
        assert_eq!(&*read[read.len() - 1].text, "Outro words.");
        // The last wordless record spans the rest of the run.
        let run_end = read[read.len() - 2].span.end;
        assert!(article[run_end..].trim_start().starts_with("Outro"));
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
