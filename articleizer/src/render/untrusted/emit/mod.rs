//! The re-emitter: the editor's Markdown parsed (pulldown-cmark,
//! CommonMark without extensions), kept to an allowlist and written again
//! in forms kramdown (GFM) and CommonMark read the same way.
//!
//! Kept as markup: paragraphs, emphasis, strong emphasis, code spans,
//! lists, block quotes, code blocks (written fenced), line breaks, rules,
//! and inline links to `http`, `https`, `mailto` or the site's own paths.
//! Headings become strong paragraphs (the template owns the post's
//! headings). Everything else is written as the text it was typed as:
//! raw HTML, images, reference links and their definitions, autolinks and
//! links anywhere else. Text goes through [`super::text`], so no character
//! of it can start markup; the only markup in the output is what this
//! module writes.

mod layout;

use super::text::{self, Escaping, LineState};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Parser, Tag, TagEnd};

/// How code spans are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeSpans {
    /// Backtick runs longer than any inside.
    Backticks,
    /// `<code>` with entity-escaped content: for text that lands where
    /// Liquid still runs (a subheading inside the writer's article), since
    /// Liquid reads a code span's content as it reads any other text.
    Html,
}

/// What the output is: blocks, or one line (a heading, a list item).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Markdown blocks.
    Blocks,
    /// One line of inline Markdown, its start read as a line's start.
    Line,
}

/// How deep containers may nest: kramdown recurses once per level and
/// overflows its stack near a thousand (a list of `- - - … x`), which
/// stops the whole site's build. Deeper containers are written as their
/// content at this depth.
const MAX_DEPTH: usize = 16;

/// A container the current line is inside of.
#[derive(Debug)]
enum Container {
    Quote,
    /// A list item: its content's indent and, until its first line is
    /// written, its marker.
    Item {
        indent: usize,
        marker: Option<String>,
    },
}

/// What the last block written inside a container was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Last {
    Nothing,
    /// The text of a tight list item: a nested list may follow directly.
    TightText,
    Block,
}

/// What ends a link or an image.
enum Closing {
    /// A link kept: its target, encoded.
    Link(String),
    /// A link or image written as text: what follows its text.
    Text(String),
}

/// Appends the safe form of `markdown` to `out`.
pub fn emit(out: &mut String, markdown: &str, shape: Shape, code: CodeSpans) {
    // Control characters are replaced before the parse, so the parse sees
    // the characters the output will hold (U+FFFD is punctuation to
    // CommonMark, which decides where emphasis may open and close).
    let cleaned: String;
    let markdown = if markdown
        .chars()
        .any(|c| text::is_unwanted_control(c) && c != '\r')
    {
        cleaned = markdown
            .chars()
            .map(|c| {
                if text::is_unwanted_control(c) && c != '\r' {
                    '\u{FFFD}'
                } else {
                    c
                }
            })
            .collect();
        &cleaned
    } else {
        markdown
    };
    let mut emitter = Emitter {
        base: out.len(),
        out,
        shape,
        code,
        containers: Vec::new(),
        last: vec![Last::Nothing],
        lists: Vec::new(),
        state: LineState::Start,
        in_text: false,
        heading_at: None,
        closings: Vec::new(),
        code_block: None,
        strip_lead: false,
        flattened: 0,
        escaping: match code {
            CodeSpans::Backticks => Escaping::Markdown,
            CodeSpans::Html => Escaping::LiveMarkdown,
        },
    };
    match shape {
        Shape::Blocks => {
            let parser = Parser::new_ext(markdown, pulldown_cmark::Options::empty());
            let mut definitions: Vec<(usize, String)> = parser
                .reference_definitions()
                .iter()
                .map(|(label, def)| {
                    let mut written = format!("[{label}]: {}", def.dest);
                    if let Some(title) = &def.title {
                        written.push_str(&format!(" \"{title}\""));
                    }
                    (def.span.start, written)
                })
                .collect();
            // Last first, so the next one is popped.
            definitions.sort_by_key(|d| std::cmp::Reverse(d.0));
            for (event, range) in parser.into_offset_iter() {
                while definitions.last().is_some_and(|(at, _)| *at < range.start) {
                    if let Some((_, definition)) = definitions.pop() {
                        emitter.shown_as_text_block(&definition);
                    }
                }
                emitter.event(event);
            }
            while let Some((_, definition)) = definitions.pop() {
                emitter.shown_as_text_block(&definition);
            }
        }
        Shape::Line => {
            // Behind a character that starts nothing, the whole text is one
            // paragraph's inline content: no block construct can begin.
            // The lead is dropped from the first text event.
            let line: String = markdown
                .split(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}'])
                .map(str::trim)
                .filter(|part| !part.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            let led = format!(".{line}");
            emitter.strip_lead = true;
            for event in Parser::new_ext(&led, pulldown_cmark::Options::empty()) {
                emitter.event(event);
            }
        }
    }
    emitter.finish();
}

struct Emitter<'o> {
    out: &'o mut String,
    /// Where this emitter's output starts in `out`.
    base: usize,
    shape: Shape,
    code: CodeSpans,
    containers: Vec<Container>,
    /// One entry for the top level and one per container.
    last: Vec<Last>,
    /// The next number of each open list (`None`: a bullet list).
    lists: Vec<Option<u64>>,
    state: LineState,
    /// Inline content is being written (a paragraph, a heading, the text
    /// of a tight list item).
    in_text: bool,
    /// Where the output stood before a heading began (and what the last
    /// block was then), and where its strong mark was written.
    heading_at: Option<((usize, Option<Last>), usize)>,
    closings: Vec<Closing>,
    /// A code block being gathered: its language and its text.
    code_block: Option<(String, String)>,
    /// The lead character of [`Shape::Line`] is still to be dropped.
    strip_lead: bool,
    /// Containers past [`MAX_DEPTH`] left unwritten, still open.
    flattened: usize,
    /// How text is escaped.
    escaping: Escaping,
}

impl Emitter<'_> {
    fn event(&mut self, event: Event<'_>) {
        if let Some((_, code)) = &mut self.code_block {
            match event {
                Event::Text(t) => code.push_str(&t),
                Event::End(TagEnd::CodeBlock) => self.end_code_block(),
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => {
                let t: &str = &t;
                let t = if std::mem::take(&mut self.strip_lead) {
                    t.get(1..).unwrap_or("")
                } else {
                    t
                };
                self.text(t);
            }
            Event::Code(code) => {
                self.ensure_text();
                match self.code {
                    CodeSpans::Backticks => text::push_code_span(self.out, &code),
                    CodeSpans::Html => {
                        self.out.push_str("<code>");
                        let mut state = LineState::Inside;
                        text::push_text(self.out, &code, &mut state, Escaping::Entities);
                        self.out.push_str("</code>");
                    }
                }
                self.state = LineState::Inside;
            }
            Event::Html(html) => self.html_lines(&html),
            Event::InlineHtml(html) => self.text(&html),
            Event::SoftBreak => self.line_break(false),
            Event::HardBreak => self.line_break(true),
            Event::Rule => {
                self.end_implicit_text();
                if self.shape == Shape::Blocks {
                    self.start_block(false);
                    self.out.push_str("* * *");
                    self.state = LineState::Inside;
                }
            }
            Event::FootnoteReference(label) => self.text(&format!("[^{label}]")),
            Event::TaskListMarker(done) => self.text(if done { "[x] " } else { "[ ] " }),
            Event::InlineMath(math) => self.text(&format!("${math}$")),
            Event::DisplayMath(math) => self.text(&format!("$${math}$$")),
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => {
                self.end_implicit_text();
                self.start_block(false);
                self.in_text = true;
            }
            Tag::Heading { .. } => {
                self.end_implicit_text();
                let before = (self.out.len(), self.last.last().copied());
                self.start_block(false);
                self.in_text = true;
                if self.shape == Shape::Blocks {
                    self.heading_at = Some((before, self.out.len()));
                    self.out.push_str("**");
                    self.state = LineState::Inside;
                }
            }
            Tag::BlockQuote(_) => {
                self.end_implicit_text();
                self.open_container(Container::Quote);
            }
            Tag::CodeBlock(kind) => {
                self.end_implicit_text();
                let info = match kind {
                    CodeBlockKind::Fenced(info) => language(&info),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code_block = Some((info, String::new()));
            }
            Tag::HtmlBlock => {
                self.end_implicit_text();
                self.start_block(false);
                self.in_text = true;
            }
            Tag::List(start) => {
                self.end_implicit_text();
                if self.shape == Shape::Blocks {
                    self.separate(true);
                }
                self.lists.push(start);
            }
            Tag::Item => {
                self.end_implicit_text();
                let marker = match self.lists.last_mut() {
                    Some(Some(number)) => {
                        let marker = format!("{number}. ");
                        *number += 1;
                        marker
                    }
                    _ => "- ".to_string(),
                };
                if self.shape == Shape::Blocks {
                    self.open_container(Container::Item {
                        indent: marker.len(),
                        marker: Some(marker),
                    });
                } else {
                    self.text(marker.trim_end());
                }
            }
            Tag::Emphasis => self.mark("*"),
            Tag::Strong => self.mark("**"),
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            } => {
                self.ensure_text();
                if link_type == LinkType::Inline && text::allowed_url(&dest_url) {
                    let mut target = String::new();
                    text::push_url(&mut target, &dest_url);
                    // A `!` of the text just before would make the link an
                    // image (kramdown and CommonMark alike).
                    if self.out.ends_with('!') && !self.out.ends_with("\\!") {
                        self.out.pop();
                        self.out.push_str("\\!");
                    }
                    self.out.push('[');
                    self.state = LineState::Inside;
                    self.closings.push(Closing::Link(target));
                } else {
                    let (open, close) = as_typed(link_type, &dest_url, &title, &id);
                    self.text(open);
                    self.closings.push(Closing::Text(close));
                }
            }
            Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            } => {
                let (open, close) = as_typed(link_type, &dest_url, &title, &id);
                self.text(&format!("!{open}"));
                self.closings.push(Closing::Text(close));
            }
            // Not parsed without their extensions; their text still comes
            // as events of the kinds above.
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::HtmlBlock => self.in_text = false,
            TagEnd::Heading(_) => {
                if let Some(((before, last), at)) = self.heading_at.take() {
                    text::trim_line_end(self.out, at);
                    if self.out.len() == at + 2 {
                        // An empty heading (`****` would be a rule) is
                        // left out, with the line that was begun for it.
                        self.out.truncate(before);
                        if let (Some(slot), Some(last)) = (self.last.last_mut(), last) {
                            *slot = last;
                        }
                    } else {
                        self.out.push_str("**");
                    }
                }
                self.in_text = false;
            }
            TagEnd::BlockQuote(_) => self.close_container(),
            TagEnd::List(_) => {
                self.end_implicit_text();
                self.lists.pop();
            }
            TagEnd::Item => {
                self.end_implicit_text();
                if self.shape == Shape::Blocks {
                    let pending = matches!(
                        self.containers.last(),
                        Some(Container::Item {
                            marker: Some(_),
                            ..
                        })
                    );
                    if pending && self.flattened == 0 {
                        // An empty item still shows its marker.
                        self.begin_line(true);
                    }
                    self.close_container();
                } else {
                    self.out.push(' ');
                }
            }
            TagEnd::Emphasis => self.out.push('*'),
            TagEnd::Strong => self.out.push_str("**"),
            TagEnd::Link | TagEnd::Image => match self.closings.pop() {
                Some(Closing::Link(target)) => {
                    self.out.push_str("](");
                    self.out.push_str(&target);
                    self.out.push(')');
                }
                Some(Closing::Text(close)) => self.text(&close),
                None => {}
            },
            TagEnd::CodeBlock => self.end_code_block(),
            _ => {}
        }
    }

    /// Writes `t` as text, in the current inline content.
    fn text(&mut self, t: &str) {
        if t.is_empty() {
            return;
        }
        self.ensure_text();
        text::push_text(self.out, t, &mut self.state, self.escaping);
    }

    /// An HTML block's lines, each written as a line of text.
    fn html_lines(&mut self, html: &str) {
        for (n, line) in html
            .split('\n')
            .filter(|l| !l.trim().is_empty())
            .enumerate()
        {
            if n > 0 || self.state != LineState::Start {
                self.line_break(false);
            }
            self.text(line);
        }
    }

    /// A definition or other block the editor wrote that is shown as the
    /// text it was typed as.
    fn shown_as_text_block(&mut self, typed: &str) {
        self.end_implicit_text();
        self.start_block(false);
        self.in_text = true;
        text::push_text(self.out, typed, &mut self.state, self.escaping);
        self.in_text = false;
    }

    /// An emphasis mark the editor's Markdown had.
    fn mark(&mut self, mark: &str) {
        self.ensure_text();
        self.out.push_str(mark);
        self.state = LineState::Inside;
    }
}

/// A fence's language: its first word, of characters that name a
/// language (`rust`, `c++`, `objective-c`, `c#`), at most 32.
fn language(info: &str) -> String {
    info.split_whitespace()
        .next()
        .unwrap_or("")
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '#' | '.'))
        .take(32)
        .collect()
}

/// How a link or image the page does not keep was typed: what comes
/// before its text and what after.
fn as_typed(
    link_type: LinkType,
    dest: &CowStr<'_>,
    title: &CowStr<'_>,
    id: &CowStr<'_>,
) -> (&'static str, String) {
    match link_type {
        LinkType::Autolink | LinkType::Email => ("<", ">".to_string()),
        LinkType::Reference | LinkType::ReferenceUnknown => ("[", format!("][{id}]")),
        LinkType::Collapsed | LinkType::CollapsedUnknown => ("[", "][]".to_string()),
        LinkType::Shortcut | LinkType::ShortcutUnknown => ("[", "]".to_string()),
        _ if title.is_empty() => ("[", format!("]({dest})")),
        _ => ("[", format!("]({dest} \"{title}\")")),
    }
}
