//! Reading the article as the offline editor sees it: its top-level
//! blocks (with the speaker of each turn, as the sanitizer recognizes
//! them) and their sentences.

use pulldown_cmark::{Event, Options as MdOptions, Parser, Tag, TagEnd};
use sanitizer::Sanitizer;
use std::collections::BTreeSet;
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
    /// code). A String, so that a run of short blocks grows one record.
    pub text: String,
    /// What it is.
    pub kind: Kind,
    /// The speaker when the paragraph starts a turn.
    pub speaker: Option<Box<str>>,
}

/// What a chunk's parse hands on, in order: a block with its code's
/// language, or a thematic break (`---`), which is no block but a place
/// where the parser starts afresh, so a chunk may end there.
enum Piece {
    Block(Block, Option<Box<str>>),
    Rule(usize),
}

impl Piece {
    /// Where it starts (where the next chunk starts when it is the last of
    /// one: it is read again whole).
    fn start(&self) -> usize {
        match self {
            Piece::Block(block, _) => block.span.start,
            Piece::Rule(start) => *start,
        }
    }
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

    /// Whether it is wordless, or a paragraph of a few words (a one-line
    /// chat turn): what a long run joins into one record.
    fn short(&self, article: &str) -> bool {
        self.wordless(article)
            || self.kind == Kind::Paragraph
                && self.text.split_whitespace().nth(SHORT_WORDS - 1).is_none()
                && self.span.len() < 200
    }
}

/// The bytes of the article the Markdown parser reads at a time (its tree
/// is some ten times the text it holds, and some seventy times a text of
/// one-character paragraphs, so it is never built for the whole article).
/// Larger than any post of the corpus (the largest is under 300 KB), so a
/// post is read in one piece.
const CHUNK: usize = 1 << 19;
/// The bytes of a long line read at a time (see [`chunk_end`]); longer
/// than the lines of real posts.
const LINE_PIECE: usize = 1 << 16;
/// Short blocks in a row (without a letter or digit, or paragraphs of
/// fewer than [`SHORT_WORDS`] words) kept as records of their own; the rest
/// of the run joins the last of them, its words appended (a run of
/// millions of `::` paragraphs or one-line chat turns is a few records, and
/// no topic shift is placed inside it). No post of the corpus has such a
/// run.
const WORDLESS_RUN: usize = 8;
/// A paragraph of fewer words than this is short (see [`WORDLESS_RUN`]).
const SHORT_WORDS: usize = 5;
/// The article's bytes per record, at least, past the first
/// [`FREE_RECORDS`]: a block read where the records are already as many
/// joins the last record (its words appended), whatever its kind. This
/// bounds the records (and everything kept per record) by the article's
/// size, whatever its blocks: a run of a million code blocks, headings or
/// quotes of a few bytes each is some thousands of records, each standing
/// for a run. The corpus's posts have several hundred bytes per block and
/// never come near it.
const RECORD_BYTES: usize = 128;
/// The records kept whatever the density (a short article of one-line
/// blocks is read block by block).
const FREE_RECORDS: usize = 1024;
/// The code blocks' languages named, at most: the first in alphabetical
/// order (the corpus's posts have 15 at most).
const LANGUAGES: usize = 16;

/// The article's top-level blocks, each with its speaker when it starts a
/// turn (only a label `speakers` recognizes: a bold `**Phase 1**:` is not
/// a voice).
///
/// The article is parsed a chunk of about [`CHUNK`] bytes at a time, cut
/// after a line: every block that ends before the chunk's last block (or
/// thematic break) starts is kept, and the next chunk starts where that
/// last one does (so a block cut by the chunk's end is read again whole;
/// a chunk grows until it holds two; a block longer than a chunk, fenced
/// code aside, is cut at a chunk's last line). A top-level block's start
/// is a place the parser starts afresh, except for link reference
/// definitions, which then only apply within their chunk.
#[cfg(test)]
pub(super) fn parse_blocks(article: &str, speakers: &Sanitizer) -> Vec<Block> {
    read(article, speakers).blocks
}

/// The blocks of the article, the voices of its turns and its code
/// blocks, counted as they were read (before any was joined to a record).
#[derive(Default)]
pub(super) struct Structure {
    /// The records: a block each, or a run of blocks (see
    /// [`WORDLESS_RUN`] and [`RECORD_BYTES`]).
    pub blocks: Vec<Block>,
    /// The names of every speaker whose turn starts a block (also of the
    /// turns joined into a record).
    pub speakers: BTreeSet<String>,
    /// The code blocks (copied reasoning aside), each counted once.
    pub code_blocks: usize,
    /// Their languages: the first [`LANGUAGES`] in alphabetical order.
    pub languages: BTreeSet<Box<str>>,
    /// Whether more languages than those were seen.
    pub more_languages: bool,
}

/// [`parse_blocks`], with the speakers, and the code blocks counted.
pub(super) fn read(article: &str, speakers: &Sanitizer) -> Structure {
    let mut reader = Reader::default();
    let mut base = 0;
    let mut size = CHUNK;
    while base < article.len() {
        let (end, in_line) = chunk_end(article, base, base + size);
        // Each piece is handed on as the next one is read, so the last one
        // read is held back: no list of a chunk's blocks is built.
        let (mut read, mut last) = (0usize, None::<Piece>);
        parse_chunk(article, base, end, speakers, |piece| {
            read += 1;
            if let Some(before) = last.replace(piece) {
                reader.take(before, article);
            }
        });
        if end < article.len() && read < 2 {
            // A block of more than a chunk is read a chunk at a time, as
            // the blocks its lines make there (the parser's tree of a
            // paragraph, list, quote or table is some ten to thirty times
            // its size), and so is any block whose line is longer than a
            // chunk. A fenced code block is read whole (its lines would
            // read as Markdown; the parser keeps its text in few nodes).
            match last.take() {
                Some(Piece::Block(block, language)) => {
                    let rest = &article[block.span.end..end];
                    if in_line || rest.trim().is_empty() && !fenced(&block, article) {
                        reader.push(block, language, article);
                        base = end;
                        continue;
                    }
                }
                // Blank lines before a long line, or a piece of one that
                // reads as a thematic break (`* * * …`).
                Some(Piece::Rule(_)) | None if in_line => {
                    base = end;
                    continue;
                }
                _ => {}
            }
            size *= 2;
            continue;
        }
        let next = if end < article.len() {
            last.map_or(end, |last| last.start())
        } else {
            if let Some(last) = last {
                reader.take(last, article);
            }
            end
        };
        base = next;
        size = CHUNK;
    }
    reader.read
}

/// Whether `block` is a fenced code block (the only kind that cannot be
/// read a piece at a time).
fn fenced(block: &Block, article: &str) -> bool {
    block.kind == Kind::Code && block.source(article).trim_start().starts_with(['`', '~'])
}

/// The blocks read so far, and what is carried from one to the next.
#[derive(Default)]
struct Reader {
    read: Structure,
    /// Short blocks read in a row.
    run: usize,
    reasoning: Reasoning,
}

impl Reader {
    /// Hands a piece on: a block is added, a rule is the gap between two.
    fn take(&mut self, piece: Piece, article: &str) {
        if let Piece::Block(block, language) = piece {
            self.push(block, language, article);
        }
    }

    /// Adds `block` (its reasoning marked, its speaker and code counted),
    /// or joins it to the last record when it continues a long run of
    /// short blocks ([`WORDLESS_RUN`]) or the records are already as many
    /// as the article's bytes allow ([`RECORD_BYTES`]); each block's text
    /// is looked at once, as it is read.
    fn push(&mut self, mut block: Block, language: Option<Box<str>>, article: &str) {
        self.reasoning.mark(&mut block, article);
        let read = &mut self.read;
        if let Some(speaker) = &block.speaker {
            if !read.speakers.contains(&**speaker) {
                read.speakers.insert(speaker.to_string());
            }
        }
        if block.kind == Kind::Code {
            read.code_blocks += 1;
            if let Some(language) = language {
                read.languages.insert(language);
                if read.languages.len() > LANGUAGES {
                    read.languages.pop_last();
                    read.more_languages = true;
                }
            }
        }
        if block.short(article) {
            self.run += 1;
        } else {
            self.run = 0;
        }
        let dense = read.blocks.len() >= FREE_RECORDS + block.span.start / RECORD_BYTES;
        match read.blocks.last_mut() {
            Some(last) if self.run > WORDLESS_RUN || dense => {
                last.span.end = block.span.end;
                if !block.text.is_empty() {
                    if !last.text.is_empty() {
                        last.text.push(' ');
                    }
                    last.text.push_str(&block.text);
                }
            }
            _ => read.blocks.push(block),
        }
    }
}

/// Where a chunk from `base` that should end near `at` ends: after the
/// line `at` is on, or before the first line longer than [`LINE_PIECE`],
/// and when the chunk starts with such a line, [`LINE_PIECE`] bytes into
/// it at most, after its last space there (else at that length). `true`
/// says the chunk was cut short so (its blocks are kept as read). A line
/// of megabytes, `[[[[…` or `> > > …`, is never given to the parser
/// whole: its tree would be tens of times its size. Each line is looked at
/// once, and a long one for a piece's length only.
fn chunk_end(article: &str, base: usize, at: usize) -> (usize, bool) {
    let bytes = article.as_bytes();
    let mut start = base;
    loop {
        let limit = article.len().min(start + LINE_PIECE + 1);
        match bytes[start..limit].iter().position(|&b| b == b'\n') {
            Some(newline) => {
                let end = start + newline + 1;
                if end >= at || end >= article.len() {
                    return (end, false);
                }
                start = end;
            }
            None if limit == article.len() => return (article.len(), false),
            None if start > base => return (start, true),
            None => {
                let piece = start + LINE_PIECE;
                let mut cut = bytes[start..piece]
                    .iter()
                    .rposition(|&b| b == b' ')
                    .map_or(piece, |space| start + space + 1);
                while !article.is_char_boundary(cut) {
                    cut += 1;
                }
                return (cut, true);
            }
        }
    }
}

/// The top-level blocks and thematic breaks of `article[base..end]`, their
/// places in `article`.
fn parse_chunk(
    article: &str,
    base: usize,
    end: usize,
    speakers: &Sanitizer,
    mut each: impl FnMut(Piece),
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
                    let block = Block {
                        text: if kind == Kind::Code {
                            String::new()
                        } else {
                            String::from(shown)
                        },
                        span: base + start..base + range.end,
                        kind,
                        speaker: speaker.map(String::into_boxed_str),
                    };
                    each(Piece::Block(block, language.take()));
                }
            }
            Event::Rule if depth == 0 => each(Piece::Rule(base + range.start)),
            Event::Text(piece) | Event::Code(piece) if depth > 0 => text.push_str(&piece),
            Event::SoftBreak | Event::HardBreak if depth > 0 => text.push(' '),
            _ => {}
        }
    }
}

/// Marks the blocks of copied reasoning as [`Kind::Reasoning`] and drops
/// their words, a block at a time in order: from a block holding `<think>`
/// to the one holding `</think>` (or to the next speaker's turn, when it is
/// never closed), and a "Show thinking" line with the trace after it, read
/// as chat interfaces copy it: bold step titles each followed by one
/// paragraph, up to the first block that is neither (the answer) or a new
/// turn.
#[derive(Default)]
struct Reasoning {
    think: bool,
    /// In a trace: whether a paragraph is expected.
    trace: Option<bool>,
}

impl Reasoning {
    fn mark(&mut self, block: &mut Block, article: &str) {
        let line = block.text.trim().trim_matches('*').trim();
        let source = block.source(article);
        let opens = holds(source, "<think>");
        let closes = holds(source, "</think>");
        if block.speaker.is_some() && !opens {
            self.think = false;
            self.trace = None;
        }
        let reasoning = if opens || self.think {
            self.think = !closes;
            true
        } else if line.eq_ignore_ascii_case("show thinking") {
            self.trace = Some(false);
            true
        } else if let Some(expecting) = self.trace {
            let title = block.kind == Kind::Paragraph
                && source.trim().starts_with("**")
                && source.trim().ends_with("**");
            if title {
                self.trace = Some(true);
                true
            } else if expecting && block.kind == Kind::Paragraph {
                self.trace = Some(false);
                true
            } else {
                self.trace = None;
                false
            }
        } else {
            false
        };
        if reasoning {
            block.kind = Kind::Reasoning;
            block.text = String::new();
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
mod tests;
