//! Reading the article as the offline editor sees it: its top-level
//! blocks (with the speaker of each turn), sentences and frequent words.

use crate::instructions::Words;
use pulldown_cmark::{Event, Options as MdOptions, Parser, Tag, TagEnd};
use sanitizer::Sanitizer;
use std::collections::{BTreeSet, HashMap};

/// A top-level block of the article.
#[derive(Debug)]
pub(super) struct Block {
    /// Source text of the block.
    pub source: String,
    /// Plain text of a paragraph (None for code, lists, tables...).
    pub prose: Option<String>,
    /// The speaker when the paragraph starts a turn.
    pub speaker: Option<String>,
    pub is_code: bool,
    pub language: Option<String>,
}

/// Words too common to be keywords.
const STOPWORDS: &str = "a about above after again against all also am an and any are aren't as at be because been before being below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each even every few for from further get gets got had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him himself his how how's however i i'd i'll i'm i've if in into is isn't it it's its itself just let's like make makes made many may me might more most much must mustn't my myself need no nor not now of off on once one only or other ought our ours ourselves out over own really same say says said see seems shan't she she'd she'll she's should shouldn't since so some still such than that that's the their theirs them themselves then there there's these they they'd they'll they're they've thing things think this those though through thus to too under until up upon us use used using very want was wasn't way we we'd we'll we're we've well were weren't what what's when when's where where's whether which while who who's whom why why's will with within without won't would wouldn't yes yet you you'd you'll you're you've your yours yourself yourselves okay sure right going know yeah also actually something anything everything nothing redacted keep look looks work works take takes give gives first last next still back good great lot lots kind";

/// The article's top-level blocks, each with its speaker when it starts a
/// turn (recognized as `speakers` recognizes labels).
pub(super) fn parse_blocks(article: &str, speakers: &Sanitizer) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut depth = 0usize;
    let mut start = 0usize;
    let mut prose = String::new();
    let mut kind_is_paragraph = false;
    let mut is_code = false;
    let mut language = None;
    for (event, range) in Parser::new_ext(article, MdOptions::ENABLE_TABLES).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    start = range.start;
                    prose.clear();
                    kind_is_paragraph = matches!(tag, Tag::Paragraph);
                    is_code = matches!(tag, Tag::CodeBlock(_));
                    language = match &tag {
                        Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(info))
                            if !info.is_empty() =>
                        {
                            Some(info.to_string())
                        }
                        _ => None,
                    };
                }
                depth += 1;
            }
            Event::End(tag) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    let source = article[start..range.end].to_string();
                    let first_line = source.lines().next().unwrap_or("");
                    let speaker = if kind_is_paragraph {
                        canonical_speaker(first_line).or_else(|| speakers.speaker(first_line))
                    } else {
                        None
                    };
                    let is_paragraph = matches!(tag, TagEnd::Paragraph);
                    blocks.push(Block {
                        prose: is_paragraph.then(|| prose.trim().to_string()),
                        source,
                        speaker,
                        is_code,
                        language: language.take(),
                    });
                }
            }
            Event::Text(text) | Event::Code(text) if depth > 0 => prose.push_str(&text),
            Event::SoftBreak | Event::HardBreak if depth > 0 => prose.push(' '),
            _ => {}
        }
    }
    blocks
}

/// The text a snippet is taken from: a code block's content without its
/// fence lines, any other block's source.
pub(super) fn snippet_source(block: &Block) -> String {
    if !block.is_code {
        return block.source.clone();
    }
    let lines: Vec<&str> = block.source.lines().collect();
    let is_fence = |l: &&str| {
        let t = l.trim_start();
        t.starts_with("```") || t.starts_with("~~~")
    };
    lines
        .iter()
        .filter(|l| !is_fence(l))
        .copied()
        .collect::<Vec<_>>()
        .join("\n")
}

/// The name in a canonical turn start, `**Name**: text`, as the sanitizer
/// writes it (any name: the writer's own labels come from their config).
fn canonical_speaker(line: &str) -> Option<String> {
    let inner = line.strip_prefix("**")?;
    let end = inner.find("**:")?;
    let name = &inner[..end];
    (!name.is_empty() && name.len() <= 60 && !name.contains('*')).then(|| name.trim().to_string())
}

/// Text after a speaker label (`**Claude**: text` -> `text`).
pub(super) fn without_label<'a>(text: &'a str, speaker: Option<&str>) -> &'a str {
    match (speaker, text.find(':')) {
        (Some(_), Some(colon)) if colon < 80 => text[colon + 1..].trim_start(),
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

/// The `n` most frequent content words of the prose: four letters or
/// more, not a stop word, not a speaker's name.
pub(super) fn keywords(blocks: &[Block], speakers: &BTreeSet<String>, n: usize) -> Vec<String> {
    let stop: BTreeSet<&str> = STOPWORDS.split_whitespace().collect();
    let speaker_words: BTreeSet<String> = speakers
        .iter()
        .flat_map(|s| Words::of(s).iter().map(str::to_string).collect::<Vec<_>>())
        .collect();
    let mut counts: HashMap<String, usize> = HashMap::new();
    for prose in blocks.iter().filter_map(|b| b.prose.as_deref()) {
        for word in Words::of(prose).iter() {
            if word.chars().count() >= 4
                && word.chars().all(char::is_alphabetic)
                && !stop.contains(word)
                && !speaker_words.contains(word)
            {
                *counts.entry(word.to_string()).or_default() += 1;
            }
        }
    }
    let mut ranked: Vec<(String, usize)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked.into_iter().take(n).map(|(w, _)| w).collect()
}
