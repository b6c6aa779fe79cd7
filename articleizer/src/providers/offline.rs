//! The offline editor: deterministic, extractive instructions computed from
//! the text itself, for when no key and no server is configured.
//!
//! It does not pretend to be an LLM: the title is the article's own first
//! line when that reads like a title, the keywords are its most frequent
//! content words, the description and intro quote its opening, subheadings
//! go before the turns of the conversation (or at even paragraph breaks)
//! with snippets copied verbatim from the text, and the analysis states
//! plainly what was computed. Everything it writes says it is offline.

use crate::instructions::{
    BookAnalysis, ContentPotential, EditingInstructions, Instructions, Subheading, TitleOption,
    Words, YamlUpdates,
};
use pulldown_cmark::{Event, Options as MdOptions, Parser, Tag, TagEnd};
use sanitizer::{Options, Sanitizer};
use serde_json::Map;
use std::collections::{BTreeSet, HashMap};

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

/// A top-level block of the article.
#[derive(Debug)]
struct Block {
    /// Source text of the block.
    source: String,
    /// Plain text of a paragraph (None for code, lists, tables...).
    prose: Option<String>,
    /// The speaker when the paragraph starts a turn.
    speaker: Option<String>,
    is_code: bool,
    language: Option<String>,
}

const STOPWORDS: &str = "a about above after again against all also am an and any are aren't as at be because been before being below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each even every few for from further get gets got had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him himself his how how's however i i'd i'll i'm i've if in into is isn't it it's its itself just let's like make makes made many may me might more most much must mustn't my myself need no nor not now of off on once one only or other ought our ours ourselves out over own really same say says said see seems shan't she she'd she'll she's should shouldn't since so some still such than that that's the their theirs them themselves then there there's these they they'd they'll they're they've thing things think this those though through thus to too under until up upon us use used using very want was wasn't way we we'd we'll we're we've well were weren't what what's when when's where where's whether which while who who's whom why why's will with within without won't would wouldn't yes yet you you'd you'll you're you've your yours yourself yourselves okay sure right going know yeah also actually something anything everything nothing redacted keep look looks work works take takes give gives first last next still back good great lot lots kind";

fn parse_blocks(article: &str, speakers: &Sanitizer) -> Vec<Block> {
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
fn snippet_source(block: &Block) -> String {
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
fn without_label<'a>(text: &'a str, speaker: Option<&str>) -> &'a str {
    match (speaker, text.find(':')) {
        (Some(_), Some(colon)) if colon < 80 => text[colon + 1..].trim_start(),
        _ => text,
    }
}

fn sentences(text: &str) -> Vec<&str> {
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

/// Cuts `text` to at most `max` characters at a word boundary, with "…".
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    for word in text.split_whitespace() {
        if out.chars().count() + word.chars().count() + 2 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.trim_end_matches([',', ';', ':', '.', '-']).to_string() + "…"
}

/// A URL slug: lower-case words joined by hyphens, at most 60 characters.
pub fn slug(text: &str) -> String {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut out = String::new();
    for word in words {
        if out.len() + word.len() + 1 > 60 {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word);
    }
    if out.is_empty() {
        "untitled".to_string()
    } else {
        out
    }
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().collect::<String>() + chars.as_str()
    })
}

fn keywords(blocks: &[Block], speakers: &BTreeSet<String>, n: usize) -> Vec<String> {
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

fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Computes instructions for `article`.
pub fn edit(article: &str, options: &OfflineOptions) -> Result<Instructions, TooShort> {
    let recognizer = Sanitizer::new(&Options::default()).expect("the default options are valid");
    // Read the structure through repaired fences (an unclosed block would
    // hide the rest of the article). Fence repair changes fence lines only,
    // so every snippet taken from it is also, word for word, in `article`.
    let fences_only = Sanitizer::new(&Options::only(false, true, false)).expect("valid options");
    let repaired = fences_only.sanitize(article).text;
    let blocks = parse_blocks(&repaired, &recognizer);
    let speakers: BTreeSet<String> = blocks.iter().filter_map(|b| b.speaker.clone()).collect();
    let keywords = keywords(&blocks, &speakers, options.keywords.max(3));
    let top: Vec<String> = keywords.iter().take(3).cloned().collect();
    let top_list = list(&top);

    // Title: the first block when it reads like one, else the top terms.
    let first = blocks.iter().find_map(|b| b.prose.as_deref()).unwrap_or("");
    let first_block_is_title = blocks
        .first()
        .is_some_and(|b| b.prose.is_some() && b.speaker.is_none())
        && first.chars().count() <= 100
        && !first.ends_with(['.', ':', '?', '!'])
        && !first.is_empty();
    let title = if first_block_is_title {
        first.trim_start_matches('#').trim().to_string()
    } else {
        format!(
            "Notes on {}",
            list(&top.iter().map(|w| capitalize(w)).collect::<Vec<_>>())
        )
    };

    // Description: the opening prose, 100 to 160 characters.
    let opening: Vec<&str> = blocks
        .iter()
        .skip(usize::from(first_block_is_title))
        .filter_map(|b| {
            b.prose
                .as_deref()
                .map(|p| without_label(p, b.speaker.as_deref()))
        })
        // Real sentences, not leftover headings or chat-UI lines.
        .filter(|p| p.split_whitespace().count() >= 8)
        .flat_map(sentences)
        .take(6)
        .collect();
    let mut description = String::new();
    for sentence in &opening {
        if description.chars().count() >= 100 {
            break;
        }
        if !description.is_empty() {
            description.push(' ');
        }
        description.push_str(sentence);
    }
    if description.chars().count() < 100 {
        description = format!(
            "{description} A technical journal entry on {top_list}, drafted by the offline editor."
        )
        .trim()
        .to_string();
    }
    while description.chars().count() < 100 {
        description.push_str(" Written as a working session.");
    }
    let description = cut(&description, 160);

    // Subheadings: before turns of the conversation, else at paragraph breaks.
    let paragraphs: Vec<usize> = (0..blocks.len())
        .filter(|&i| blocks[i].prose.is_some())
        .collect();
    // The block before each turn (a heading there opens the next turn);
    // then, if that is not enough, paragraph breaks, except after a
    // paragraph that introduces what follows ("looks like this:") or right
    // before code.
    let title_blocks = usize::from(first_block_is_title);
    let mut anchors: Vec<usize> = (1..blocks.len())
        .filter(|&i| {
            blocks[i].speaker.is_some()
                && i > title_blocks
                && !blocks[i - 1].source.trim().is_empty()
        })
        .map(|i| i - 1)
        .collect();
    if anchors.len() < 4 {
        anchors.extend(
            paragraphs
                .iter()
                .copied()
                .filter(|&i| i >= title_blocks && i + 1 < blocks.len() && !blocks[i + 1].is_code)
                .filter(|&i| {
                    !blocks[i]
                        .prose
                        .as_deref()
                        .unwrap_or("")
                        .trim_end()
                        .ends_with(':')
                }),
        );
        anchors.sort_unstable();
        anchors.dedup();
    }
    if anchors.len() < 4 {
        return Err(TooShort {
            found: anchors.len() + 1,
        });
    }
    let wanted = anchors.len().clamp(4, 7);
    let chosen: Vec<usize> = (0..wanted)
        .map(|k| anchors[k * anchors.len() / wanted])
        .collect();
    let insert_subheadings = chosen
        .iter()
        .map(|&i| {
            let source = snippet_source(&blocks[i]);
            let words: Vec<&str> = source.split_whitespace().collect();
            let snippet = words[words.len().saturating_sub(12)..].join(" ");
            let next = &blocks[i + 1..];
            // The first block after the anchor with words of its own (a turn
            // label alone on its line has none).
            let following = next.iter().find(|b| {
                b.prose
                    .as_deref()
                    .is_some_and(|p| !without_label(p, b.speaker.as_deref()).trim().is_empty())
            });
            let heading = following.map_or_else(
                || "Continued".to_string(),
                |b| {
                    let text =
                        without_label(b.prose.as_deref().unwrap_or(""), b.speaker.as_deref());
                    let first_sentence = sentences(text).into_iter().next().unwrap_or("Continued");
                    let short: Vec<&str> = first_sentence.split_whitespace().take(8).collect();
                    let short = short
                        .join(" ")
                        .trim_end_matches(['.', ',', ':', ';', '!', '?'])
                        .to_string();
                    match next.first().and_then(|b| b.speaker.as_ref()) {
                        Some(name) => format!("{name}: {short}"),
                        None => short,
                    }
                },
            );
            Subheading {
                subheading: format!("## {heading}"),
                after_text_snippet: snippet,
                extra: Map::new(),
            }
        })
        .collect();

    let slug = slug(&title);
    let permalink = format!("/{slug}/");
    let word_count = blocks
        .iter()
        .filter_map(|b| b.prose.as_deref())
        .map(|p| p.split_whitespace().count())
        .sum::<usize>();
    let code_blocks = blocks.iter().filter(|b| b.is_code).count();
    let languages: BTreeSet<&str> = blocks
        .iter()
        .filter_map(|b| b.language.as_deref())
        .collect();
    let voices = speakers.iter().cloned().collect::<Vec<_>>();
    let shape = if voices.is_empty() {
        "a journal entry".to_string()
    } else {
        format!("a conversation between {}", list(&voices))
    };
    let opening_line = opening
        .first()
        .map_or_else(String::new, |s| format!(" It opens: “{}”", cut(s, 200)));
    let intro = format!(
        "Offline draft, made without an AI editor: this is {shape}, about {word_count} words{}. Its most frequent terms are {}.{opening_line}",
        if code_blocks > 0 { format!(" with {code_blocks} code blocks") } else { String::new() },
        list(&keywords.iter().take(5).cloned().collect::<Vec<_>>()),
    );
    let url = format!("{}{}", options.base_url.trim_end_matches('/'), permalink);
    let hashtags: Vec<String> = top
        .iter()
        .take(2)
        .map(|w| format!("#{}", capitalize(w)))
        .collect();
    let tweet_room =
        280usize.saturating_sub(url.chars().count() + hashtags.join(" ").chars().count() + 2);
    let promotional_tweet = format!("{} {url} {}", cut(&title, tweet_room), hashtags.join(" "));
    let mut options_titles = vec![
        (
            title.clone(),
            if first_block_is_title {
                "The entry's own first line."
            } else {
                "Built from the entry's most frequent terms."
            },
        ),
        (
            format!(
                "{}: {}",
                list(
                    &top.iter()
                        .take(2)
                        .map(|w| capitalize(w))
                        .collect::<Vec<_>>()
                ),
                capitalize(&shape)
            ),
            "Names the two terms the entry returns to most.",
        ),
        (
            format!("Working Notes on {}", capitalize(&top_list)),
            "A plain, searchable title from the leading terms.",
        ),
    ];
    options_titles.dedup_by(|a, b| a.0 == b.0);
    let title_brainstorm = options_titles
        .into_iter()
        .map(|(t, why)| TitleOption {
            filename: format!("{}.md", self::slug(&t)),
            title: t,
            rationale: why.to_string(),
            extra: Map::new(),
        })
        .collect();
    let mut strengths = vec![format!(
        "About {word_count} words of prose{}.",
        if voices.is_empty() {
            String::new()
        } else {
            format!(" across {} voices", voices.len())
        }
    )];
    if code_blocks > 0 {
        strengths.push(format!(
            "{code_blocks} code blocks{}.",
            if languages.is_empty() {
                String::new()
            } else {
                format!(
                    " ({})",
                    languages.iter().copied().collect::<Vec<_>>().join(", ")
                )
            }
        ));
    }
    strengths.push(format!("A clear focus: {top_list} recur throughout."));
    let mut suggestions = vec![
        "Replace the offline subheadings and intro with your own words before publishing."
            .to_string(),
    ];
    if code_blocks > 0 {
        suggestions.push("Check that every code block runs as shown.".to_string());
    }
    suggestions
        .push("End with a short paragraph that states what was decided or learned.".to_string());

    Ok(Instructions {
        editing_instructions: EditingInstructions {
            yaml_updates: YamlUpdates { title: title.clone(), description, permalink, keywords: keywords.join(", "), extra: Map::new() },
            prepend_to_article_body: intro,
            insert_subheadings,
            extra: Map::new(),
        },
        book_analysis_content: BookAnalysis {
            authors_imprint: format!("I wrote this entry as {shape}. It keeps coming back to {top_list}. (Drafted by the offline editor from the text itself: rewrite it in your own voice.)"),
            title_brainstorm,
            content_potential_and_polish: ContentPotential { core_strengths: strengths, suggestions_for_polish: suggestions, extra: Map::new() },
            ai_editorial_take: "No AI editor read this entry: the offline editor computed these instructions from term counts and the turns of the text. Set GEMINI_API_KEY (or configure another provider) for a real editorial take.".to_string(),
            next_step_prompts: vec![
                format!("Summarize the open questions at the end of this entry on {top_list} and propose the next experiment."),
                "Suggest five subheadings for this entry, each with the exact sentence it should follow.".to_string(),
            ],
            promotional_tweet,
            extra: Map::new(),
        },
        extra: Map::new(),
    })
}
