//! The parts the pipeline writes around an article (front matter, the
//! "Setting the Stage" intro, the "Technical Journal Entry Begins" heading,
//! the "Book Analysis"), and taking them off again: an article that was
//! already published is edited as the writer wrote it, so a second run
//! replaces those parts instead of nesting a second intro and analysis.

use crate::post::ParsedPost;
use crate::render::liquid;

/// The intro's heading, as the built-in post template writes it.
pub const INTRO_HEADING: &str = "## Setting the Stage: Context for the Curious Book Reader";
/// The heading the article itself starts under.
pub const ARTICLE_HEADING: &str = "## Technical Journal Entry Begins";
/// The analysis section's heading.
pub const ANALYSIS_HEADING: &str = "## Book Analysis";

/// `text` without the parts the pipeline generated, or `None` when it has
/// none (a fresh article). Published bodies are read as Liquid shows them
/// (hand-placed and generated raw pairs undone).
pub fn strip(text: &str) -> Option<String> {
    let post = ParsedPost::parse(text).ok();
    let body = match &post {
        Some(post) if post.liquid_enabled() => liquid::unraw(&post.body),
        Some(post) => post.body.clone(),
        None => text.to_string(),
    };
    let blocks = Block::top_level(&body);
    let start = article_start(&body, &blocks);
    let end = analysis_after(&body, &blocks, start)
        .unwrap_or(body.len())
        .max(start);
    if post.is_none() && start == 0 && end == body.len() {
        return None;
    }
    let article = body[start..end].trim();
    let article = article.strip_suffix("---").unwrap_or(article).trim_end();
    Some(format!("{article}\n"))
}

/// Where the analysis section starts in `text`, found by structure: the
/// first "Book Analysis" heading that stands at the top level (never in
/// code, a quotation or a list), right after a thematic break (as the
/// pipeline writes it), and after the article's own heading when there is
/// one (so an intro cannot hold it). Never the last line that reads so.
pub(crate) fn analysis_start(text: &str) -> Option<usize> {
    let blocks = Block::top_level(text);
    analysis_after(text, &blocks, article_start(text, &blocks))
}

/// A block at the top level of a Markdown text: where it is, and whether
/// it is a thematic break.
struct Block {
    range: std::ops::Range<usize>,
    rule: bool,
}

impl Block {
    /// The top-level blocks of `text`, as CommonMark reads them, except
    /// that a code fence never closed is a line of text, as Jekyll's
    /// kramdown reads it (CommonMark would make the rest of the post code).
    fn top_level(text: &str) -> Vec<Block> {
        Self::top_level_from(text, 0)
    }

    fn top_level_from(text: &str, from: usize) -> Vec<Block> {
        use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};
        let mut blocks = Vec::new();
        let mut depth = 0usize;
        for (event, range) in Parser::new(&text[from..]).into_offset_iter() {
            let range = range.start + from..range.end + from;
            match event {
                Event::Start(tag) => {
                    if depth == 0 {
                        let fenced = matches!(tag, Tag::CodeBlock(CodeBlockKind::Fenced(_)));
                        if fenced && !closed(&text[range.clone()]) {
                            // The opening line is text; the rest is read anew.
                            let line_end = text[range.start..]
                                .find('\n')
                                .map_or(text.len(), |at| range.start + at + 1);
                            blocks.push(Block {
                                range: range.start..line_end,
                                rule: false,
                            });
                            blocks.extend(Self::top_level_from(text, line_end));
                            return blocks;
                        }
                        blocks.push(Block { range, rule: false });
                    }
                    depth += 1;
                }
                Event::End(_) => depth = depth.saturating_sub(1),
                Event::Rule if depth == 0 => blocks.push(Block { range, rule: true }),
                _ if depth == 0 => blocks.push(Block { range, rule: false }),
                _ => {}
            }
        }
        blocks
    }

    /// Whether this block is the heading line `heading`.
    fn is(&self, text: &str, heading: &str) -> bool {
        !self.rule
            && text
                .get(self.range.clone())
                .is_some_and(|t| t.trim() == heading)
    }
}

/// Whether the fenced code block `block` (its source, opening line first)
/// has its closing fence.
fn closed(block: &str) -> bool {
    let opener = block.trim_start();
    let mark = opener.chars().next().unwrap_or('`');
    let width = opener.chars().take_while(|&c| c == mark).count();
    let mut lines = block.trim_end().lines();
    lines.next();
    lines.next_back().is_some_and(|last| {
        let last = last.trim();
        last.len() >= width && last.chars().all(|c| c == mark)
    })
}

/// Where the writer's article starts: after the article's heading, else
/// after the intro's closing rule, else at the start.
fn article_start(text: &str, blocks: &[Block]) -> usize {
    if let Some(block) = blocks.iter().find(|b| b.is(text, ARTICLE_HEADING)) {
        return block.range.end;
    }
    match blocks.iter().position(|b| b.is(text, INTRO_HEADING)) {
        Some(at) => blocks[at..]
            .iter()
            .find(|b| b.rule)
            .map_or(blocks[at].range.start, |rule| rule.range.end),
        None => 0,
    }
}

/// The first analysis heading after `from` that follows a rule.
fn analysis_after(text: &str, blocks: &[Block], from: usize) -> Option<usize> {
    blocks
        .windows(2)
        .find(|pair| {
            pair[0].rule && pair[1].range.start >= from && pair[1].is(text, ANALYSIS_HEADING)
        })
        .map(|pair| pair[1].range.start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fresh_article_is_left_alone() {
        assert_eq!(strip("**Me**: hello\n\nSome text.\n"), None);
    }

    #[test]
    fn a_published_post_gives_back_the_article() {
        let post = format!(
            "---\ntitle: \"A\"\n---\n\n{INTRO_HEADING}\n\nThe intro.\n\n---\n\n{ARTICLE_HEADING}\n\n{{% raw %}}**Me**: see {{{{ x }}}}.\n\n## A heading we inserted\n\nMore.{{% endraw %}}\n\n---\n\n{ANALYSIS_HEADING}\n\n### Ai Editorial Take\n\nOld take.\n"
        );
        assert_eq!(
            strip(&post).as_deref(),
            Some("**Me**: see {{ x }}.\n\n## A heading we inserted\n\nMore.\n")
        );
    }

    #[test]
    fn the_analysis_is_found_by_structure_not_by_its_last_line() {
        let listing =
            format!("Text.\n\n```markdown\n---\n\n{ANALYSIS_HEADING}\n```\n\nAfter the listing.\n");
        assert_eq!(analysis_start(&listing), None, "a heading in code is code");
        let post = format!("{listing}\n---\n\n{ANALYSIS_HEADING}\n\nOld.\n\n---\n\n{ANALYSIS_HEADING}\n\nQuoted.\n");
        assert_eq!(
            analysis_start(&post),
            Some(listing.len() + "\n---\n\n".len()),
            "the first one after a rule"
        );
        let intro = format!("{INTRO_HEADING}\n\n---\n\n{ANALYSIS_HEADING}\n\n---\n\n{ARTICLE_HEADING}\n\nThe article.\n");
        assert_eq!(analysis_start(&intro), None, "an intro holds no analysis");
        assert_eq!(
            analysis_start(&format!("A.\n\n{ANALYSIS_HEADING}\n\nB.\n")),
            None,
            "no rule before it"
        );
        let unclosed = "Text.\n\n```python\nprint(1)\n\nProse.\n";
        assert_eq!(
            analysis_start(&format!("{unclosed}\n---\n\n{ANALYSIS_HEADING}\n\nOld.\n")),
            Some(unclosed.len() + "\n---\n\n".len()),
            "a fence never closed is text, as kramdown reads it"
        );
    }

    #[test]
    fn parts_without_front_matter_are_taken_off_too() {
        let text = format!("{INTRO_HEADING}\n\nIntro.\n\n---\n\nThe article.\n\n---\n\n{ANALYSIS_HEADING}\n\nOld.\n");
        assert_eq!(strip(&text).as_deref(), Some("The article.\n"));
    }
}
