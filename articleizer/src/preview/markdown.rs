//! The post's Markdown as HTML for the preview page, with the parts the
//! pipeline generated marked.
//!
//! GFM as the site reads it (tables, strikethrough, task lists,
//! footnotes). The page must show nothing live and load nothing: raw HTML
//! (the writer's or anyone's) is shown as text, an image as its text and
//! address, and a link whose target is not `http`, `https`, `mailto` or the
//! site's own is text.

use super::pieces;
use crate::generated::{analysis_start, INTRO_HEADING};
use crate::render::untrusted::allowed_url;
use pulldown_cmark::{CowStr, Event, Options, Tag, TagEnd};
use std::collections::{HashMap, VecDeque};
use std::ops::Range;
use std::rc::Rc;

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
/// `## Title`) with their snippets. Read as one parse of the whole text
/// reads it (references and footnotes resolve as the site resolves them),
/// a piece at a time ([`super::pieces`]); the marks written between its
/// top-level blocks.
pub fn html(markdown: &str, placed: &[(String, String)]) -> String {
    let prepared = Prepared::new(markdown, pieces::PIECE);
    let mut out = String::with_capacity(markdown.len() * 2);
    pulldown_cmark::html::push_html(&mut out, events(&prepared, placed));
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
    let prepared = Prepared::new(markdown, pieces::PIECE);
    pulldown_cmark::html::write_html_io(out, events(&prepared, placed))
}

/// The options the site's Markdown is read with (GFM).
const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_FOOTNOTES);

/// The events of `markdown` made inert, with the marks of the generated
/// parts between them, one at a time: the text parsed a piece at a time
/// ([`pieces`]), read as the whole. (`Prepared` holds the texts the
/// events borrow.)
fn events<'a>(
    prepared: &'a Prepared<'a>,
    placed: &'a [(String, String)],
) -> impl Iterator<Item = Event<'a>> + 'a {
    let markdown = prepared.markdown;
    let definitions = Rc::clone(&prepared.definitions);
    let mut marks = Marks::new(markdown, placed);
    let mut inert = Inert::default();
    let mut cuts = prepared.cuts.iter().zip(&prepared.texts).enumerate();
    // The piece being read: its number, where it starts in `markdown`,
    // how long its stand-ins are, and its events.
    let mut parser = None;
    let mut queued: Option<Event<'a>> = None;
    let mut ended = false;
    std::iter::from_fn(move || loop {
        if let Some(event) = queued.take() {
            return Some(event);
        }
        if ended {
            return None;
        }
        let Some((n, from, skip, events)) = parser.as_mut() else {
            match cuts.next() {
                Some((n, (cut, text))) => {
                    let (skip, text) = match text {
                        Some((skip, text)) => (*skip, text.as_str()),
                        None => (0, &markdown[cut.clone()]),
                    };
                    let events = pieces::parse(text, OPTIONS, Rc::clone(&definitions));
                    parser = Some((n, cut.start, skip, events));
                }
                None => {
                    ended = true;
                    queued = marks.open.take().map(|_| Event::Html("</div>\n".into()));
                }
            }
            continue;
        };
        let Some((event, range)) = events.next() else {
            parser = None;
            continue;
        };
        if range.start < *skip {
            // A stand-in's.
            continue;
        }
        let range = range.start - *skip + *from..range.end - *skip + *from;
        let event = pieces::earliest(event, *n, &definitions);
        let mark = marks.before(&event, range);
        let event = inert.pass(event);
        match mark {
            Some(mark) => {
                queued = Some(event);
                return Some(Event::Html(mark.into()));
            }
            None => return Some(event),
        }
    })
}

/// A text cut in pieces, with what reading them as the whole needs.
struct Prepared<'a> {
    markdown: &'a str,
    cuts: Vec<Range<usize>>,
    /// For each piece, the text to parse when not the piece itself.
    texts: Vec<Option<(usize, String)>>,
    definitions: Rc<pieces::Definitions>,
}

impl<'a> Prepared<'a> {
    /// `markdown` in pieces of at least `piece` bytes.
    fn new(markdown: &'a str, piece: usize) -> Self {
        let cuts = pieces::pieces(markdown, OPTIONS, piece);
        Prepared {
            markdown,
            texts: pieces::texts(markdown, &cuts, OPTIONS),
            definitions: Rc::new(pieces::definitions(markdown, &cuts, OPTIONS)),
            cuts,
        }
    }
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

    /// Lines of every kind of block and of what crosses blocks
    /// (references, footnotes, generated parts).
    const LINES: &[&str] = &[
        "",
        "",
        "a b",
        "Text with [l] and [x][L] and ![i][l] and [^1] and [^n].",
        "# h",
        "## Placed",
        "Setting the Stage: Context for the Curious Book Reader",
        "Book Analysis",
        "---",
        "***",
        "===",
        "- item",
        "  - nested",
        "1. one",
        "2) two",
        "> quote",
        "> [l]: /quoted",
        "```",
        "~~~",
        "    code",
        "|a|b|",
        "|-|-|",
        "a|b",
        "[l]: /first",
        "[L]: /second 'title'",
        "[x]:",
        "  /later",
        "[^1]: a note",
        "[^n]: another",
        "    more of it",
        "<div>",
        "</div>",
        "<!-- c",
        "-->",
        "<pre>",
        "</pre>",
        "- [ ] task",
        "\\[l]",
        "*em* **b** ~~s~~ `c` <https://ok.example>",
    ];

    proptest::proptest! {
        /// Parsed in pieces, the text reads as one parse reads it.
        #[test]
        fn pieces_render_as_the_whole(
            lines in proptest::collection::vec(proptest::sample::select(LINES), 0..60),
            piece in 1usize..64,
            crlf in proptest::bool::ANY,
        ) {
            let ending = if crlf { "\r\n" } else { "\n" };
            let markdown = lines.join(ending);
            let placed = vec![("## Placed".to_string(), "a b".to_string())];
            let mut whole = String::new();
            let prepared = Prepared::new(&markdown, usize::MAX);
            pulldown_cmark::html::push_html(&mut whole, events(&prepared, &placed));
            let mut cut = String::new();
            let prepared = Prepared::new(&markdown, piece);
            pulldown_cmark::html::push_html(&mut cut, events(&prepared, &placed));
            proptest::prop_assert_eq!(cut, whole, "{:?}", markdown);
        }
    }

    #[test]
    fn a_whole_parse_is_one_piece() {
        let markdown = "a\n\nb\n\n# c\n";
        let whole = pieces::pieces(markdown, OPTIONS, usize::MAX);
        assert_eq!(whole.len(), 1);
        assert_eq!(whole[0], 0..markdown.len());
        assert_eq!(
            pieces::pieces(markdown, OPTIONS, 1),
            [0..3, 3..6, 6..markdown.len()]
        );
    }

    #[test]
    fn references_and_footnotes_cross_pieces() {
        let markdown =
            "See [d] and [e][d] and [^n].\n\n[d]: /one\n\n[d]: /two\n\nAgain [d].\n\n[^n]: Note.\n";
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, events(&Prepared::new(markdown, 1), &[]));
        assert_eq!(out.matches("href=\"/one\"").count(), 3, "{out}");
        assert!(!out.contains("/two"), "{out}");
        assert!(out.contains("footnote-definition-label\">1<"), "{out}");
    }
}
