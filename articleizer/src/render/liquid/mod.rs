//! Protecting text from Liquid, which Jekyll runs over every post before
//! Markdown.
//!
//! The text goes inside one `{% raw %}` ... `{% endraw %}` pair. Inside it,
//! Liquid still cuts tokens (the rules, and the Liquid 5.4 source each one
//! follows, are in [`tokens`]). Two kinds of token would break the pair:
//! one that `raw` reads as its end (the text's own `{% endraw %}`, but also
//! `{% endrawé %}` or `{{ x {% endraw %}`), and an opener that never
//! closes, which would run into our closing `endraw` and swallow it. Those
//! openers are written outside the raw block, each through a one-character
//! raw block of its own (`{% raw %}{%{% endraw %}` renders `{%`), and the
//! raw block resumes right after. Every other token inside the raw block is
//! shown as written. `{%- endraw %}`, which Liquid 5.5 and later also read
//! as an end, is broken up the same way, so the protection holds there too.
//!
//! Old posts are read back ([`unraw`], [`rewrap`]) exactly as Liquid 5.4
//! reads their hand-placed raw pairs, white space control included, so a
//! rewrap never changes what a post shows.

mod excerpt;
mod live;
#[cfg(test)]
mod tests;
mod tokens;

use excerpt::{keep_excerpt_outside, Segment};
use live::{has_live_candidate, Live};
use std::ops::Range;
use tokens::{ends_raw, ends_raw_any_version, is_strippable, tag_name, Kind, Tokenizer};
use utils::parts::push_parts;

/// Wraps `text` so that Liquid renders it byte for byte.
pub fn protect(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    protect_into(&mut out, text);
    out
}

/// [`protect`], appending to `out`.
fn protect_into(out: &mut String, text: &str) {
    out.push_str("{% raw %}");
    escape_into(out, text);
    out.push_str("{% endraw %}");
}

/// The inside of [`protect`]'s raw block, appended to `out`.
fn escape_into(out: &mut String, text: &str) {
    push_parts(out, |put| escape_with(text, put));
}

/// The inside of [`protect`]'s raw block, handed to `put` part by part:
/// `text` with the tokens that would end the block or run into its end
/// broken out of it.
fn escape_with<E>(text: &str, put: &mut dyn FnMut(&str) -> Result<(), E>) -> Result<(), E> {
    let mut tokenizer = Tokenizer::new(text);
    let mut copied = 0;
    let mut at = 0;
    while let Some(token) = tokenizer.next_from(at) {
        let whole = &text[token.start..token.end];
        if token.kind != Kind::BareOpener && !ends_raw_any_version(whole) {
            // A whole, harmless token: shown as written.
            at = token.end;
            continue;
        }
        put(&text[copied..token.start])?;
        if whole.as_bytes()[1] == b'%' {
            put("{% endraw %}{% raw %}{%{% endraw %}{% raw %}")?;
            copied = token.start + 2;
        } else {
            put("{% endraw %}{% raw %}{{% endraw %}{% raw %}")?;
            copied = token.start + 1;
        }
        at = copied;
    }
    put(&text[copied..])
}

/// What Liquid 5.4 shows of `text`'s raw blocks: each `{% raw %}` ...
/// `{% endraw %}` pair is replaced by its content, read the way Liquid's
/// raw tag reads it, with the white space control of the raw tags applied;
/// everything else is kept as written. The inverse of [`protect`]:
/// `unraw(&protect(t)) == t` for every text (a property test).
pub fn unraw(text: &str) -> String {
    candidate_pieces(text, &Live::none(), RawTags::Honored)
        .into_iter()
        .map(|piece| match piece {
            Piece::Literal(literal) => literal.text,
            Piece::Live(tag) => tag.to_string(),
        })
        .collect()
}

/// Whether a raw block opened in `text` is still open at its end (so
/// text appended there would be inside it).
pub fn ends_inside_raw(text: &str) -> bool {
    tokens::all(text).fold(false, |in_raw, token| {
        let whole = &text[token.start..token.end];
        if in_raw {
            ends_raw(whole).is_none()
        } else {
            token.kind == Kind::Tag && tag_name(whole) == "raw"
        }
    })
}

/// Literal text as Liquid shows it, remembering where its first and last
/// text nodes are: white space control strips only text nodes, never a raw
/// block's body or a token shown as written.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Literal {
    text: String,
    /// The leading text node is `text[..lead_end]` (empty: none).
    lead_end: usize,
    /// Nothing but text so far: the leading node still grows.
    lead_open: bool,
    /// The trailing text node is `text[trail_start..]` (empty: none).
    trail_start: usize,
}

impl Default for Literal {
    fn default() -> Self {
        Literal {
            text: String::new(),
            lead_end: 0,
            lead_open: true,
            trail_start: 0,
        }
    }
}

impl Literal {
    /// Appends a text node (the text between two tokens).
    fn push_text(&mut self, text: &str) {
        self.text.push_str(text);
        if self.lead_open {
            self.lead_end = self.text.len();
        }
    }

    /// Appends something that is not a text node (possibly empty: a node
    /// boundary, such as the start of a raw block's body).
    fn push_other(&mut self, text: &str) {
        self.lead_open = false;
        self.text.push_str(text);
        self.trail_start = self.text.len();
    }

    /// Where the white space (and NULs) at the end of the last text node
    /// starts: what a `{%-` after this literal strips.
    fn trailing_space(&self) -> usize {
        let node = &self.text[self.trail_start..];
        self.trail_start + node.trim_end_matches(is_strippable).len()
    }

    /// Strips the end of the last text node, as a raw tag's `{%-` does.
    fn strip_trailing_space(&mut self) {
        let kept = self.trailing_space();
        self.text.truncate(kept);
        self.lead_end = self.lead_end.min(kept);
    }

    /// Where the white space at the start of the first text node ends:
    /// what a `-%}` before this literal strips.
    fn leading_space(&self) -> usize {
        let node = &self.text[..self.lead_end];
        node.len() - node.trim_start_matches(is_strippable).len()
    }

    /// This literal, then a token shown as written, then `next`.
    fn join(mut self, token: &str, next: Literal) -> Literal {
        self.text.push_str(token);
        let trail_start = self.text.len() + next.trail_start;
        self.text.push_str(&next.text);
        Literal {
            text: self.text,
            lead_end: self.lead_end,
            lead_open: false,
            trail_start,
        }
    }
}

/// A piece of text as Jekyll would show it: literal text, or a Liquid tag
/// that is meant to run (`{% include bunny.html %}`).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece<'a> {
    Literal(Literal),
    Live(&'a str),
}

/// How [`pieces`] reads raw tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RawTags {
    /// As Liquid does: a raw block's content is literal, the tags vanish
    /// (an old post's hand-placed pairs).
    Honored,
    /// As text like any other (a new article means what it says).
    Literal,
}

/// Cuts `text` into literal pieces and live tags: a tag is live when
/// `live` allows it, it is outside every raw block and outside Markdown
/// code (a code block or an inline code span shows its text, so a tag
/// there is an example, not an instruction). Everything else is literal.
fn pieces<'a>(text: &'a str, live: &Live<'_>, raw: RawTags) -> Vec<Piece<'a>> {
    let candidates = candidate_pieces(text, live, raw);
    if candidates.len() == 1 {
        return candidates;
    }
    // Code is judged on what Markdown sees: the text after Liquid.
    let mut shown = String::with_capacity(text.len());
    let mut live_at = Vec::new();
    for piece in &candidates {
        match piece {
            Piece::Literal(literal) => shown.push_str(&literal.text),
            Piece::Live(tag) => {
                live_at.push(shown.len());
                shown.push_str(tag);
            }
        }
    }
    let code = code_ranges(&shown, &live_at);
    // Tags and code ranges both come in text order (code ranges do not
    // overlap), so one forward walk finds each tag's range.
    let mut code = code.into_iter().peekable();
    let mut live_at = live_at.into_iter();
    // Literals and live tags alternate, starting and ending with a literal.
    let mut out: Vec<Piece<'a>> = Vec::with_capacity(candidates.len());
    let mut candidates = candidates.into_iter();
    while let Some(piece) = candidates.next() {
        let Piece::Live(tag) = piece else {
            out.push(piece);
            continue;
        };
        let at = live_at.next().unwrap_or(0);
        while code.next_if(|r| r.end <= at).is_some() {}
        if !code.peek().is_some_and(|r| r.contains(&at)) {
            out.push(Piece::Live(tag));
            continue;
        }
        // Inside code: shown as written, between its two literals.
        let next = match candidates.next() {
            Some(Piece::Literal(next)) => next,
            _ => Literal::default(),
        };
        if let Some(Piece::Literal(previous)) = out.pop() {
            out.push(Piece::Literal(previous.join(tag, next)));
        }
    }
    out
}

/// [`pieces`] before the code check: every allowed tag outside raw
/// blocks is a candidate. Literals and candidates alternate.
fn candidate_pieces<'a>(text: &'a str, live: &Live<'_>, raw: RawTags) -> Vec<Piece<'a>> {
    let mut out = Vec::new();
    let mut literal = Literal::default();
    let mut tokenizer = Tokenizer::new(text);
    let mut at = 0;
    let mut in_raw = false;
    // Set by a raw opener's `-%}`: the text token after its block is
    // stripped (Liquid's raw reads its body without resetting the flag).
    let mut strip_next_text = false;
    while let Some(token) = tokenizer.next_from(at) {
        let gap = &text[at..token.start];
        let whole = &text[token.start..token.end];
        at = token.end;
        if in_raw {
            literal.push_other(gap);
            match ends_raw(whole) {
                Some(body) => {
                    literal.push_other(body);
                    in_raw = false;
                }
                None => literal.push_other(whole),
            }
            continue;
        }
        if !gap.is_empty() {
            push_text(&mut literal, gap, strip_next_text);
        }
        let name = match token.kind {
            Kind::Tag => tag_name(whole),
            Kind::Output | Kind::BareOpener => "",
        };
        if raw == RawTags::Honored && token.kind == Kind::Tag && name == "raw" {
            let bytes = whole.as_bytes();
            if bytes[2] == b'-' {
                literal.strip_trailing_space();
            }
            strip_next_text = bytes[bytes.len() - 3] == b'-';
            // The body is a node of its own.
            literal.push_other("");
            in_raw = true;
        } else if token.kind == Kind::Tag
            && !name.is_empty()
            && live.allows(name, token.start..token.end)
        {
            out.push(Piece::Literal(std::mem::take(&mut literal)));
            out.push(Piece::Live(whole));
            strip_next_text = false;
        } else {
            literal.push_other(whole);
            strip_next_text = false;
        }
    }
    let rest = &text[at..];
    if in_raw {
        literal.push_other(rest);
    } else if !rest.is_empty() {
        push_text(&mut literal, rest, strip_next_text);
    }
    out.push(Piece::Literal(literal));
    out
}

/// Appends a text node, stripped at its start when a `-%}` asked.
fn push_text(literal: &mut Literal, text: &str, strip_start: bool) {
    if strip_start {
        literal.push_text(text.trim_start_matches(is_strippable));
    } else {
        literal.push_text(text);
    }
}

/// Byte ranges of Markdown code (blocks and inline spans) in `text`, in
/// the top-level blocks that hold one of the offsets `at` (in order):
/// where else code is does not matter. The blocks are found a chunk at a
/// time ([`top_level_blocks`]) and only those are parsed whole, each
/// alone from its first line's start (a code span never crosses a block,
/// and a top-level block reads alone as it reads in its text): a long
/// article with one live tag is never held as pulldown-cmark's tree of
/// every inline mark in it.
///
/// [`top_level_blocks`]: crate::render::block_view::top_level_blocks
fn code_ranges(text: &str, at: &[usize]) -> Vec<Range<usize>> {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let mut out = Vec::new();
    let mut wanted = at.iter().copied().peekable();
    crate::render::block_view::top_level_blocks(text, Options::ENABLE_TABLES, |block, _| {
        while wanted.next_if(|&p| p < block.start).is_some() {}
        if !wanted.peek().is_some_and(|&p| block.contains(&p)) {
            return;
        }
        let from = text[..block.start].rfind(['\n', '\r']).map_or(0, |n| n + 1);
        let ranges = Parser::new_ext(&text[from..block.end], Options::ENABLE_TABLES)
            .into_offset_iter()
            .filter(|(event, _)| {
                matches!(
                    event,
                    Event::Code(_) | Event::Start(Tag::CodeBlock(_)) | Event::Html(_)
                )
            })
            .map(|(_, range)| range.start + from..range.end + from);
        out.extend(ranges);
    });
    out
}

/// Writes `pieces` back: each literal piece protected, each live tag as
/// written. The last literal piece is cut to one final line end, and the
/// closing tag sits on a line of its own, as the renderer writes it.
///
/// White space that a live tag's `{%-` or `-%}` strips stays outside the
/// raw blocks, in the text node beside the tag, so Liquid strips it as it
/// would have in the original text (inside a raw block it would show).
///
/// With `excerpt`, Jekyll's excerpt separator stays outside every raw
/// block ([`keep_excerpt_outside`]).
fn assemble(mut pieces: Vec<Piece<'_>>, excerpt: bool) -> String {
    if let Some(Piece::Literal(last)) = pieces.last_mut() {
        let kept = last.text.trim_end_matches(['\n', '\r']).len();
        last.text.truncate(kept);
        last.trail_start = last.trail_start.min(kept);
        last.lead_end = last.lead_end.min(kept);
        if !last.text.is_empty() {
            last.push_text("\n");
        }
    }
    let length: usize = pieces
        .iter()
        .map(|piece| match piece {
            Piece::Literal(literal) => literal.text.len() + 32,
            Piece::Live(tag) => tag.len(),
        })
        .sum();
    let mut segments: Vec<Segment<'_>> = Vec::with_capacity(pieces.len() * 3);
    let strips_after = |piece: Option<&Piece<'_>>| matches!(piece, Some(Piece::Live(tag)) if tag.len() >= 5 && tag.as_bytes()[tag.len() - 3] == b'-');
    let strips_before = |piece: Option<&Piece<'_>>| matches!(piece, Some(Piece::Live(tag)) if tag.as_bytes()[2] == b'-');
    for (index, piece) in pieces.iter().enumerate() {
        let literal = match piece {
            Piece::Live(tag) => {
                segments.push(Segment::Plain(tag));
                continue;
            }
            Piece::Literal(literal) => literal,
        };
        let text = &literal.text;
        let lead = if index > 0 && strips_after(pieces.get(index - 1)) {
            literal.leading_space()
        } else {
            0
        };
        let trail = if strips_before(pieces.get(index + 1)) {
            literal.trailing_space().max(lead)
        } else {
            text.len()
        };
        segments.push(Segment::Plain(&text[..lead]));
        if trail > lead {
            segments.push(Segment::Raw(&text[lead..trail]));
        }
        segments.push(Segment::Plain(&text[trail..]));
    }
    if excerpt {
        keep_excerpt_outside(&mut segments);
    }
    let mut out = String::with_capacity(length + 1);
    for segment in segments {
        match segment {
            Segment::Plain(text) => out.push_str(text),
            Segment::Raw(text) => protect_into(&mut out, text),
        }
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// Protects `text` as the renderer does, except the tags named in `live`
/// outside Markdown code, which are left to run. Raw tags in `text` are
/// text like any other (shown as written).
pub fn protect_except(text: &str, live: &[String]) -> String {
    protect_except_within(text, live, 0..text.len())
}

/// [`protect_except`], with the tags named in `live` running only where
/// they start inside `range`: the writer's own article, never the text an
/// editor wrote around it.
pub fn protect_except_within(text: &str, live: &[String], range: Range<usize>) -> String {
    let mut out = String::new();
    push_parts(&mut out, |put| {
        protect_except_within_with(text, live, range, put)
    });
    out
}

/// [`protect_except_within`], handed to `put` part by part: a long text
/// is never held twice (its protection can be ten times its size).
pub fn protect_except_within_with<E>(
    text: &str,
    live: &[String],
    range: Range<usize>,
    put: &mut dyn FnMut(&str) -> Result<(), E>,
) -> Result<(), E> {
    let live = Live { names: live, range };
    if has_live_candidate(text, &live) {
        put(&assemble(pieces(text, &live, RawTags::Literal), false))
    } else {
        protect_all_with(text, put)
    }
}

/// What [`assemble`] makes of a text with no live tag, handed to `put`
/// without cutting the text into pieces (each a copy of it): one raw
/// block, the text cut to one final line end, the closing tag on a line
/// of its own.
fn protect_all_with<E>(text: &str, put: &mut dyn FnMut(&str) -> Result<(), E>) -> Result<(), E> {
    let kept = text.trim_end_matches(['\n', '\r']);
    if kept.is_empty() {
        return Ok(());
    }
    put("{% raw %}")?;
    // A line end closes no token, so escaping it with the text changes
    // nothing: it goes in after.
    escape_with(kept, put)?;
    put("\n{% endraw %}\n")
}

/// Rewraps an old post's body: what Jekyll showed of it (hand-placed raw
/// pairs read as Liquid reads them, so their content stays and the tags
/// go; any other Liquid shown literally, as the writer typed it) protected
/// the way the renderer protects, with the tags named in `live` (outside
/// raw blocks and code) still running. `rewrap(rewrap(b)) == rewrap(b)`.
pub fn rewrap(body: &str, live: &[String]) -> String {
    let live = Live {
        names: live,
        range: 0..body.len(),
    };
    assemble(pieces(body, &live, RawTags::Honored), true)
}

/// Whether `body` needs no rewrap: it is exactly what [`rewrap`] makes.
pub fn is_wrapped(body: &str, live: &[String]) -> bool {
    rewrap(body, live) == body
}
