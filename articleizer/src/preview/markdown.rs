//! The post's Markdown as HTML for the preview page, with the parts the
//! pipeline generated marked.
//!
//! GFM as the site reads it (tables, strikethrough, task lists,
//! footnotes). The page must show nothing live and load nothing: raw HTML
//! (the writer's or anyone's) is shown as text, an image as its text and
//! address, and a link whose target is not `http`, `https`, `mailto` or the
//! site's own is text.

use crate::generated::{analysis_start, INTRO_HEADING};
use crate::render::untrusted::allowed_url;
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use std::collections::{HashMap, VecDeque};
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
/// `## Title`) with their snippets. One parse of the whole text (so
/// references and footnotes resolve as the site resolves them), the marks
/// written between its top-level blocks.
pub fn html(markdown: &str, placed: &[(String, String)]) -> String {
    let mut out = String::with_capacity(markdown.len() * 2);
    pulldown_cmark::html::push_html(&mut out, events(markdown, placed));
    out
}

/// [`html`], written to `out` as it is made: neither the parser's events
/// nor the HTML are held whole (the HTML of a line of `>` is a dozen times
/// its length). Buffer `out`.
pub fn write_html(
    out: impl std::io::Write,
    markdown: &str,
    placed: &[(String, String)],
) -> std::io::Result<()> {
    pulldown_cmark::html::write_html_io(out, events(markdown, placed))
}

/// The events of `markdown` made inert, with the marks of the generated
/// parts between them, one at a time.
fn events<'a>(
    markdown: &'a str,
    placed: &'a [(String, String)],
) -> impl Iterator<Item = Event<'a>> + 'a {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES;
    let mut marks = Marks::new(markdown, placed);
    let mut inert = Inert::default();
    let mut parser = Parser::new_ext(markdown, options).into_offset_iter();
    let mut queued: Option<Event<'a>> = None;
    let mut ended = false;
    std::iter::from_fn(move || {
        if let Some(event) = queued.take() {
            return Some(event);
        }
        let Some((event, range)) = parser.next() else {
            if ended {
                return None;
            }
            ended = true;
            return marks.open.take().map(|_| Event::Html("</div>\n".into()));
        };
        let mark = marks.before(&event, range);
        let event = inert.pass(event);
        match mark {
            Some(mark) => {
                queued = Some(event);
                Some(Event::Html(mark.into()))
            }
            None => Some(event),
        }
    })
}

/// Which generated part each top-level block is in.
struct Marks<'a> {
    markdown: &'a str,
    /// Where the analysis starts, found as the pipeline finds it.
    analysis_from: Option<usize>,
    /// The snippets of the placed headings not met yet, by heading, in
    /// order (one look-up a block, however many were placed).
    placed: HashMap<&'a str, VecDeque<&'a str>>,
    depth: usize,
    in_intro: bool,
    /// The part whose mark is open.
    open: Option<Part>,
}

impl<'a> Marks<'a> {
    fn new(markdown: &'a str, placed: &'a [(String, String)]) -> Self {
        let mut by_heading: HashMap<&str, VecDeque<&str>> = HashMap::new();
        for (heading, snippet) in placed {
            by_heading
                .entry(heading.trim())
                .or_default()
                .push_back(snippet);
        }
        Marks {
            markdown,
            analysis_from: analysis_start(markdown),
            placed: by_heading,
            depth: 0,
            in_intro: false,
            open: None,
        }
    }

    /// The HTML to write before `event` (at `range`): the open mark's end,
    /// a new mark, or both.
    fn before(&mut self, event: &Event<'_>, range: Range<usize>) -> Option<String> {
        let starts_block = self.depth == 0 && !matches!(event, Event::End(_));
        match event {
            Event::Start(_) => self.depth += 1,
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        if !starts_block {
            return None;
        }
        let markdown = self.markdown;
        let line = line_of(markdown, &range);
        let part = if self.analysis_from.is_some_and(|from| range.start >= from) {
            Some(Part::Analysis)
        } else if line == INTRO_HEADING || self.in_intro {
            self.in_intro = !is_rule(&markdown[range]) || line == INTRO_HEADING;
            Some(Part::Intro)
        } else {
            self.placed
                .get_mut(line)
                .and_then(VecDeque::pop_front)
                .map(|snippet| Part::Subheading {
                    snippet: snippet.to_string(),
                })
        };
        if part == self.open && !matches!(part, Some(Part::Subheading { .. })) {
            return None;
        }
        let mut mark = String::new();
        if self.open.is_some() {
            mark.push_str("</div>\n");
        }
        if let Some(part) = &part {
            mark.push_str(&opening(part));
        }
        self.open = part;
        (!mark.is_empty()).then_some(mark)
    }
}

/// The margin mark that opens `part`.
fn opening(part: &Part) -> String {
    let mut out = format!(
        "<div class=\"gen gen-{0}\"><span class=\"gen-label\">{0}",
        part.label()
    );
    if let Part::Subheading { snippet } = part {
        out.push_str("<br><em>after “");
        out.push_str(&escape(snippet));
        out.push_str("”</em>");
    }
    out.push_str("</span>\n");
    out
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
#[derive(Default)]
struct Inert {
    /// For each open link or image: the text to write at its end, or
    /// `None` where the link is kept.
    closings: Vec<Option<String>>,
}

impl Inert {
    /// `event`, made inert.
    fn pass<'a>(&mut self, event: Event<'a>) -> Event<'a> {
        match event {
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
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generated::ANALYSIS_HEADING;

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
    fn references_resolve_across_blocks_as_on_the_site() {
        let out = html("See [the docs][d].\n\n[d]: https://ok.example/docs\n", &[]);
        assert!(
            out.contains("<a href=\"https://ok.example/docs\">the docs</a>"),
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
