//! Rendering a Jekyll post from an article and its editing instructions.
//!
//! The template (`templates/post.md`, minijinja with `[[ ]]`/`[% %]`
//! delimiters) lays the post out; this module supplies the values: the
//! front matter strings quoted so Jekyll's YAML 1.1 reads them back exactly,
//! the permalink in the target's style, the article with its subheadings
//! placed, the analysis, and everything after the front matter protected
//! from Liquid (or `render_with_liquid: false` for Jekyll 4 targets).

pub mod analysis;
pub(crate) mod block_view;
pub mod liquid;
pub mod slug;
pub mod subheadings;
pub mod untrusted;

pub use subheadings::{Placement, Unplaced};

use crate::instructions::Instructions;
use chrono::NaiveDate;
use minijinja::{syntax::SyntaxConfig, Environment, Value as TemplateValue};
use slug::slug;
use std::borrow::Cow;
use utils::front_matter;

/// The template shipped with the tool.
pub const DEFAULT_TEMPLATE: &str = include_str!("../../../templates/post.md");

/// Where and how a site's posts are written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The target's name (`posts`).
    pub name: String,
    /// The `_posts` directory.
    pub dir: std::path::PathBuf,
    /// The site's base URL (`https://mikelev.in`).
    pub base_url: String,
    /// Permalink style with `:slug` (`/futureproof/:slug/`).
    pub permalink_style: String,
    /// The layout (`post`).
    pub layout: String,
    /// The site runs Jekyll 4: `render_with_liquid: false`, no raw tags.
    pub jekyll4: bool,
    /// Liquid tags that keep running in a post (outside code), such as
    /// `include`; every other tag is shown as written.
    pub live_tags: Vec<String>,
}

/// The Liquid tags a target keeps running unless configured otherwise.
pub fn default_live_tags() -> Vec<String> {
    vec!["include".to_string()]
}

/// Where a post goes: its file name, its date and its place in the day.
/// The file name is decided once (the sort order depends on it) and the
/// rendered [`Post`] keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    /// `YYYY-MM-DD-slug.md`, from [`file_name`].
    pub file_name: String,
    /// The post's day (`YYYY-MM-DD` in its file name and front matter).
    pub date: NaiveDate,
    /// The post's `sort_order` among the day's posts.
    pub sort_order: u32,
    /// Not published yet (`published: false`): the offline editor's
    /// posts, unless the writer says `--publish`. (Not `--draft`, which
    /// is where the file goes.)
    pub unpublished: bool,
}

impl Slot {
    /// The slot of the post `instructions` describe, on `date`.
    pub fn new(instructions: &Instructions, date: NaiveDate, sort_order: u32) -> Self {
        Slot {
            file_name: file_name(instructions, date),
            date,
            sort_order,
            unpublished: false,
        }
    }
}

/// A rendered post. Its file is made as it is written ([`Post::write_with`]):
/// protecting a text from Liquid can make it ten times longer, and that
/// is never held whole.
#[derive(Debug, Clone, PartialEq)]
pub struct Post {
    /// `YYYY-MM-DD-slug.md`.
    pub file_name: String,
    /// The permalink, in the target's style.
    pub permalink: String,
    /// The front matter, without its `---` lines.
    pub front_matter: String,
    /// Where each subheading landed.
    pub placements: Vec<Placement>,
    /// Subheadings left out, and why (the post is still written).
    pub unmatched: Vec<Unplaced>,
    /// The template's output: the file before Liquid protection.
    rendered: String,
    /// Where the file starts in `rendered` (leading white space dropped).
    start: usize,
    /// Where protection starts in `rendered`, if anywhere (Jekyll 4
    /// targets turn Liquid off instead).
    protect_from: Option<usize>,
    /// The tags that keep running, and where they may start (relative to
    /// `protect_from`): the writer's own article.
    live_tags: Vec<String>,
    live_range: std::ops::Range<usize>,
}

impl Post {
    /// Hands the file to `put`, part by part.
    pub fn write_with<E>(&self, put: &mut dyn FnMut(&str) -> Result<(), E>) -> Result<(), E> {
        let Some(from) = self.protect_from else {
            return put(&self.rendered[self.start..]);
        };
        put(&self.rendered[self.start..from])?;
        liquid::protect_except_within_with(
            &self.rendered[from..],
            &self.live_tags,
            self.live_range.clone(),
            put,
        )
    }

    /// Writes the file to `out` (buffer it: the parts can be small).
    pub fn write_to(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        self.write_with(&mut |part: &str| out.write_all(part.as_bytes()))
    }

    /// The Markdown after the front matter, as readers will see it: before
    /// the Liquid protection, which only keeps its braces showing.
    pub fn body_markdown(&self) -> &str {
        let source = &self.rendered[self.start..];
        front_matter::split(source).map_or(source, |split| split.body)
    }

    /// The whole file, built.
    pub fn text(&self) -> String {
        let mut text = String::with_capacity(self.rendered.len() + 64);
        utils::parts::push_parts(&mut text, |put| self.write_with(put));
        text
    }
}

/// A post template that does not render.
#[derive(Debug, thiserror::Error)]
#[error("the post template is invalid: {0}")]
pub struct TemplateError(String);

/// A string as a YAML double-quoted scalar that any YAML 1.1 or 1.2 reader
/// (Jekyll's Psych, yaml-rust2) reads back as exactly `text`: immune to
/// `:`, `#`, `---`, `yes`, a leading `@`... Escaped: `"` and `\\`, and
/// every character YAML does not allow in a document (C0 and C1 controls,
/// DEL, U+FFFE, U+FFFF) or reads as a line break or a byte order mark
/// (tab, LF, CR, NEL, LS, PS, U+FEFF): Psych refuses a document with the
/// first kind, folds the second, and Jekyll then drops the whole front
/// matter with only a warning.
pub fn yaml_string(text: &str) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if yaml_printable(c) => out.push(c),
            c => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
        }
    }
    out.push('"');
    out
}

/// Whether YAML 1.1 takes `c` as itself inside a double-quoted scalar: its
/// printable set, less the line breaks and the byte order mark.
fn yaml_printable(c: char) -> bool {
    matches!(c, ' '..='~' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
        && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}')
}

/// The permalink in the target's style, from whatever the editor returned
/// (`/Futureproof/My_Post/`, `my post`, a full URL): its last path segment,
/// slugged, in place of `:slug`.
pub fn permalink(raw: &str, style: &str) -> String {
    style.replace(":slug", &slug(permalink_segment(raw)))
}

/// The last path segment of a permalink or URL, without `.html` or `.md`.
fn permalink_segment(raw: &str) -> &str {
    let path = raw.split("://").last().unwrap_or(raw);
    let path = if raw.contains("://") {
        path.split_once('/').map_or("", |(_, p)| p)
    } else {
        path
    };
    path.trim_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("")
        .trim_end_matches(".html")
        .trim_end_matches(".md")
}

/// The post's file name: `YYYY-MM-DD-slug.md`.
pub fn file_name(instructions: &Instructions, date: NaiveDate) -> String {
    format!("{date}-{}.md", file_slug(instructions))
}

/// The post's slug, for its file name and its permalink alike: the
/// preferred title option's file name, else the permalink's last segment,
/// else the title's.
pub fn file_slug(instructions: &Instructions) -> String {
    let from_option = instructions
        .book_analysis_content
        .title_brainstorm
        .first()
        .map(|t| t.filename.trim().trim_end_matches(".md"))
        .filter(|f| !f.is_empty());
    let yaml = &instructions.editing_instructions.yaml_updates;
    let from_permalink = Some(permalink_segment(&yaml.permalink)).filter(|s| !s.is_empty());
    slug(from_option.or(from_permalink).unwrap_or(&yaml.title))
}

/// Stands in for the article while the template renders (see [`render`]).
const ARTICLE_MARK: &str = "\u{1}articleizer:article\u{1}";

/// Stands in for the intro while the template renders.
const INTRO_MARK: &str = "\u{1}articleizer:intro\u{1}";

/// `around` (the template rendered with [`ARTICLE_MARK`], and
/// [`INTRO_MARK`] when there is an intro) with `body` and the escaped
/// `intro` in place of the marks, and where the body landed; `None` unless
/// each mark is there exactly once.
fn splice(around: &str, body: &str, intro: &str) -> Option<(String, std::ops::Range<usize>)> {
    let once = |mark: &str| around.matches(mark).count() == 1;
    if !once(ARTICLE_MARK) || (!intro.is_empty() && !once(INTRO_MARK)) {
        return None;
    }
    let (before, after) = around.split_once(ARTICLE_MARK)?;
    let mut whole = String::with_capacity(around.len() + body.len() + 2 * intro.len());
    let with_intro = |whole: &mut String, part: &str| match part.split_once(INTRO_MARK) {
        Some((head, tail)) if !intro.is_empty() => {
            whole.push_str(head);
            untrusted::block_into(whole, intro);
            whole.push_str(tail);
        }
        _ => whole.push_str(part),
    };
    with_intro(&mut whole, before);
    let start = whole.len();
    whole.push_str(body);
    let end = whole.len();
    with_intro(&mut whole, after);
    Some((whole, start..end))
}

fn environment(template: &str) -> Result<Environment<'_>, TemplateError> {
    let mut env = Environment::new();
    let syntax = SyntaxConfig::builder()
        .block_delimiters("[%", "%]")
        .variable_delimiters("[[", "]]")
        .comment_delimiters("[#", "#]")
        .build()
        .map_err(|e| TemplateError(e.to_string()))?;
    env.set_syntax(syntax);
    env.set_keep_trailing_newline(true);
    env.set_trim_blocks(true);
    env.add_filter("yaml", |value: TemplateValue| -> String {
        match value.as_str() {
            Some(text) => yaml_string(text),
            None => value.to_string(),
        }
    });
    env.add_template("post", template)
        .map_err(|e| TemplateError(e.to_string()))?;
    Ok(env)
}

/// The intro's prose: the template owns its heading, so headings an editor
/// put at its start are dropped.
fn intro_text(text: &str) -> &str {
    let mut rest = text.trim();
    // Only a heading line (`## Intro`): `#Jekyll tips` is the intro's text.
    let is_heading = |line: &str| {
        let marks = line.bytes().take_while(|b| *b == b'#').count();
        (1..=6).contains(&marks) && line[marks..].chars().next().is_none_or(char::is_whitespace)
    };
    while is_heading(rest) {
        rest = rest
            .split_once('\n')
            .map_or("", |(_, after)| after)
            .trim_start();
    }
    rest.trim_end()
}

/// Renders the post for `article` with `instructions` into `target`. An
/// article given by value is let go once its subheadings are placed.
pub fn render<'a>(
    article: impl Into<Cow<'a, str>>,
    instructions: &Instructions,
    target: &Target,
    template: &str,
    slot: Slot,
) -> Result<Post, TemplateError> {
    let edit = &instructions.editing_instructions;
    let yaml = &edit.yaml_updates;
    // The permalink and the file name are made from one slug, so they
    // always agree (the editor's permalink counts only when no title
    // option names a file).
    let permalink = target
        .permalink_style
        .replace(":slug", &file_slug(instructions));
    let article = article.into();
    let (body, placements, unmatched) =
        subheadings::place(article.trim_end(), &edit.insert_subheadings);
    drop(article);
    let env = environment(template)?;
    // No base URL, no canonical URL (a relative one would be wrong).
    let canonical_url = if target.base_url.trim().is_empty() {
        String::new()
    } else {
        format!("{}{}", target.base_url.trim_end_matches('/'), permalink)
    };
    let intro = intro_text(&edit.prepend_to_article_body);
    let render_with = |article: &str, intro: &str| {
        env.get_template("post")
            .and_then(|t| {
                t.render(minijinja::context! {
                    title => untrusted::plain(yaml.title.trim()),
                    permalink => permalink,
                    canonical_url => canonical_url,
                    description => untrusted::plain(yaml.description.trim()),
                    authors_imprint => untrusted::plain(instructions.book_analysis_content.authors_imprint.trim()),
                    keywords => untrusted::plain(yaml.keywords.trim()),
                    layout => target.layout,
                    sort_order => slot.sort_order,
                    unpublished => slot.unpublished,
                    date => slot.date.format("%Y-%m-%d").to_string(),
                    jekyll4 => target.jekyll4,
                    intro => intro,
                    article => article,
                    analysis => analysis::markdown(&instructions.book_analysis_content, &canonical_url),
                })
            })
            .map_err(|e| TemplateError(e.to_string()))
    };
    // The article and the intro go in after the template has rendered
    // around marks, in one copy each: through the engine's growing output
    // a long text was held two more times at the peak. A template that
    // does anything but place each once (a filter, a repeat) gets the
    // texts themselves.
    //
    // Live tags run only inside the article, the writer's own text: the
    // editor's text around it is data. Where a template places the article
    // in some other way, nothing runs.
    let intro_mark = if intro.is_empty() { "" } else { INTRO_MARK };
    let around = render_with(ARTICLE_MARK, intro_mark)?;
    let (rendered, article_at) = match splice(&around, &body, intro) {
        Some(spliced) => spliced,
        None => (render_with(&body, &untrusted::block(intro))?, 0..0),
    };
    drop(body);
    let source = rendered.trim_start();
    let start = rendered.len() - source.len();
    let split = front_matter::split(source).ok();
    let front_matter = split.map_or_else(String::new, |s| s.front.to_string());
    let protect_from = match (split, target.jekyll4) {
        (_, true) => None,
        // The closing tag goes on a line of its own, after the last line.
        (Some(split), false) => Some(rendered.len() - split.body.len()),
        // A template without front matter: protect everything.
        (None, false) => Some(start),
    };
    let live_range = protect_from.map_or(0..0, |from| {
        article_at.start.saturating_sub(from)..article_at.end.saturating_sub(from)
    });
    Ok(Post {
        file_name: slot.file_name,
        permalink: permalink.clone(),
        front_matter,
        placements,
        unmatched,
        rendered,
        start,
        protect_from,
        live_tags: target.live_tags.clone(),
        live_range,
    })
}
