//! The post's Markdown as HTML for the preview page, with the parts the
//! pipeline generated marked.
//!
//! GFM as the site reads it (tables, strikethrough, task lists,
//! footnotes). The page must show nothing live and load nothing: raw HTML
//! (the writer's or anyone's) is shown as text, an image as its text and
//! address, and a link whose target is not `http`, `https`, `mailto` or the
//! site's own is text.

use crate::generated::{ANALYSIS_HEADING, INTRO_HEADING};
use crate::render::untrusted::allowed_url;
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// A part of the post the pipeline wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// The "Setting the Stage" intro, up to its closing rule.
    Intro,
    /// A subheading the editor placed, and the snippet it was placed after.
    Subheading {
        /// The snippet it follows.
        snippet: String,
    },
    /// The "Book Analysis", to the end.
    Analysis,
}

impl Part {
    fn label(&self) -> &'static str {
        match self {
            Part::Intro => "intro",
            Part::Subheading { .. } => "subheading",
            Part::Analysis => "analysis",
        }
    }
}

/// `markdown` as HTML; `placed` are the inserted headings (as written,
/// `## Title`) with their snippets.
pub fn html(markdown: &str, placed: &[(String, String)]) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES;
    let blocks = top_level_blocks(markdown, options);
    let analysis_from = blocks
        .iter()
        .rposition(|b| line_of(markdown, b) == ANALYSIS_HEADING);
    let mut out = String::with_capacity(markdown.len() * 2);
    let mut in_intro = false;
    let mut open: Option<Part> = None;
    let mut placed: Vec<&(String, String)> = placed.iter().collect();
    for (index, block) in blocks.iter().enumerate() {
        let line = line_of(markdown, block);
        let part = if analysis_from.is_some_and(|from| index >= from) {
            Some(Part::Analysis)
        } else if line == INTRO_HEADING || in_intro {
            in_intro = !is_rule(&markdown[block.clone()]) || line == INTRO_HEADING;
            Some(Part::Intro)
        } else if let Some(at) = placed
            .iter()
            .position(|(heading, _)| heading.trim() == line)
        {
            let (_, snippet) = placed.remove(at);
            Some(Part::Subheading {
                snippet: snippet.clone(),
            })
        } else {
            None
        };
        if part != open || matches!(part, Some(Part::Subheading { .. })) {
            if open.is_some() {
                out.push_str("</div>\n");
            }
            if let Some(part) = &part {
                out.push_str(&format!(
                    "<div class=\"gen gen-{0}\"><span class=\"gen-label\">{0}",
                    part.label()
                ));
                if let Part::Subheading { snippet } = part {
                    out.push_str("<br><em>after “");
                    out.push_str(&escape(snippet));
                    out.push_str("”</em>");
                }
                out.push_str("</span>\n");
            }
            open = part;
        }
        let events = Parser::new_ext(&markdown[block.clone()], options);
        pulldown_cmark::html::push_html(&mut out, Inert::new(events));
    }
    if open.is_some() {
        out.push_str("</div>\n");
    }
    out
}

/// The byte ranges of the top-level blocks.
fn top_level_blocks(markdown: &str, options: Options) -> Vec<Range<usize>> {
    let mut blocks = Vec::new();
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        match event {
            Event::Start(_) => {
                if depth == 0 {
                    blocks.push(range);
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ if depth == 0 => blocks.push(range),
            _ => {}
        }
    }
    blocks
}

/// The first line of a block, without its line end.
fn line_of<'a>(markdown: &'a str, block: &Range<usize>) -> &'a str {
    markdown[block.clone()]
        .lines()
        .next()
        .unwrap_or("")
        .trim_end()
}

fn is_rule(block: &str) -> bool {
    let t = block.trim();
    t.len() >= 3 && (t.chars().all(|c| c == '-') || t.chars().all(|c| c == '*'))
}

/// Text for HTML: `&`, `<`, `>` and quotes escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The events with nothing live: HTML as text, images as their text and
/// address, links elsewhere as text.
struct Inert<'a, I: Iterator<Item = Event<'a>>> {
    events: I,
    /// For each open link or image: the text to write at its end, or
    /// `None` where the link is kept.
    closings: Vec<Option<String>>,
}

impl<'a, I: Iterator<Item = Event<'a>>> Inert<'a, I> {
    fn new(events: I) -> Self {
        Inert {
            events,
            closings: Vec::new(),
        }
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for Inert<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        let event = self.events.next()?;
        Some(match event {
            Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
            Event::Start(Tag::Image { dest_url, .. }) => {
                self.closings.push(Some(format!("] ({dest_url})")));
                Event::Text(CowStr::Borrowed("[image: "))
            }
            Event::Start(Tag::Link {
                dest_url,
                link_type,
                title,
                id,
            }) => {
                if allowed_url(&dest_url) {
                    self.closings.push(None);
                    Event::Start(Tag::Link {
                        dest_url,
                        link_type,
                        title,
                        id,
                    })
                } else {
                    self.closings.push(Some(format!("] ({dest_url})")));
                    Event::Text(CowStr::Borrowed("["))
                }
            }
            Event::End(TagEnd::Image | TagEnd::Link) => match self.closings.pop().flatten() {
                Some(text) => Event::Text(text.into()),
                None => Event::End(TagEnd::Link),
            },
            other => other,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_live_is_rendered() {
        let out = html(
            "<script>alert(1)</script>\n\nA <b onclick=x>b</b> ![i](https://t.example/p.png) [x](javascript:y) [ok](https://ok.example/)\n",
            &[],
        );
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains("<b "), "{out}");
        assert!(!out.contains("<img"), "{out}");
        assert!(!out.contains("href=\"javascript"), "{out}");
        assert!(out.contains("&lt;script&gt;"), "{out}");
        assert!(
            out.contains("<a href=\"https://ok.example/\">ok</a>"),
            "{out}"
        );
        assert!(
            out.contains("[image: i] (https://t.example/p.png)"),
            "{out}"
        );
    }

    #[test]
    fn generated_parts_are_marked() {
        let md = format!(
            "{INTRO_HEADING}\n\nThe intro.\n\n---\n\n## Technical Journal Entry Begins\n\nFirst.\n\n## Placed\n\nSecond.\n\n---\n\n{ANALYSIS_HEADING}\n\n### Ai Editorial Take\n\nTake.\n"
        );
        let out = html(&md, &[("## Placed".into(), "First".into())]);
        let intro = out.find("gen-intro").expect("intro marked");
        let placed = out.find("gen-subheading").expect("subheading marked");
        let analysis = out.find("gen-analysis").expect("analysis marked");
        assert!(intro < placed && placed < analysis);
        assert!(out.contains("after “First”"), "{out}");
        // The article's own text is outside every mark.
        let first = out.find("<p>First.</p>").expect("article");
        let closed = out[intro..first].matches("</div>").count();
        assert_eq!(closed, 1, "{out}");
    }
}
