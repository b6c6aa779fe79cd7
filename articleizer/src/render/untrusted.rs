//! Text the editor wrote is data, not markup.
//!
//! An answer comes from a model that read an article which may carry a
//! prompt injection, through servers that may be hostile. Whatever it
//! writes (intro, subheadings, analysis, title options, tweet, front
//! matter) is shown, never run: no raw HTML, no kramdown extension or
//! attribute list, no link or image that runs script or loads from
//! elsewhere, and (by [`super::render`] keeping the answer outside the
//! range where live tags may run, inside Liquid protection) no Liquid.
//! Markdown emphasis, code spans and ordinary links keep working.
//!
//! What each function makes of the text:
//! - [`block`]: Markdown text for a section. Outside code, `&` and `<`
//!   become `&amp;` and `&lt;` (shown as typed, never a tag or an entity),
//!   `{` becomes `&#123;` (no Liquid tag can start, wherever the text
//!   lands, and no kramdown `{: attribute list}` or `{::extension}`),
//!   `![` becomes `\![` (an image would load from the answer's choice of
//!   host), and a link whose target has a scheme other than `http`,
//!   `https` or `mailto` (`javascript:`, `data:`, even with white space or
//!   control characters inside the scheme, which browsers drop) is written
//!   as text. A fenced code block left open is closed at the end of the
//!   text, so it cannot swallow the post after it.
//! - [`inline`]: the same on one line (line breaks become spaces), for
//!   headings and list items.
//! - [`plain`]: a front matter value, which a layout may print without
//!   escaping: a `<` that would start a tag becomes `‹`.
//! - [`code`]: text for the inside of a code span the renderer writes
//!   (a file name): no backticks, no line breaks.
//! - [`fenced`]: a fenced block whose fence is longer than any backtick
//!   run inside it.

use pulldown_cmark::{Event, Options, Parser, Tag};
use std::ops::Range;

/// Markdown block text from the editor, made safe to publish.
pub fn block(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    block_into(&mut out, text);
    out
}

/// [`block`], appended to `out` (a long text is not held twice).
pub fn block_into(out: &mut String, text: &str) {
    let start = out.len();
    escape_into(text, &code_ranges(text), out);
    close_open_fence(out, start);
}

/// `text` escaped outside the `code` ranges, appended to `out`.
fn escape_into(text: &str, code: &[Range<usize>], out: &mut String) {
    let mut at = 0;
    for range in code {
        escape_prose(&text[at..range.start], out);
        out.push_str(&text[range.clone()]);
        at = range.end;
    }
    escape_prose(&text[at..], out);
}

/// `text` escaped outside the `code` ranges.
fn escaped(text: &str, code: &[Range<usize>]) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    escape_into(text, code, &mut out);
    out
}

/// One line of Markdown from the editor (a heading, a list item), made
/// safe to publish.
pub fn inline(text: &str) -> String {
    let line: String = text
        .split(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}'])
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    // The line will follow other text (`## `, `* **Title:** `): read alone
    // it could open a block (a fence, an HTML block) whose content is not
    // escaped. Behind a letter, only code spans are code.
    let behind_a_letter = format!("a{line}");
    let code: Vec<Range<usize>> = code_ranges(&behind_a_letter)
        .into_iter()
        .filter(|r| r.start > 0)
        .map(|r| r.start - 1..r.end - 1)
        .collect();
    escaped(&line, &code)
}

/// A front matter value from the editor: layouts often print
/// `{{ page.title }}` unescaped, so a `<` that would open a tag, a comment
/// or a processing instruction becomes `‹`.
pub fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let opens_tag = c == '<'
            && chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?'));
        out.push(if opens_tag { '‹' } else { c });
    }
    out
}

/// Text for the inside of a one-backtick code span: backticks and line
/// breaks would end it or break the line, so they go.
pub fn code(text: &str) -> String {
    text.chars()
        .filter(|c| *c != '`')
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

/// `text` in a fenced code block with info string `info`, fenced with more
/// backticks than any run inside it, so no line of it can close the block.
pub fn fenced(text: &str, info: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}{info}\n{}\n{fence}", text.trim_end())
}

/// Byte ranges of code (spans and blocks), where text shows as typed.
fn code_ranges(text: &str) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = Vec::new();
    if !may_hold_code(text) {
        return ranges;
    }
    for (event, range) in Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter() {
        if matches!(event, Event::Code(_) | Event::Start(Tag::CodeBlock(_))) {
            // Nested events come in order; keep the ranges disjoint.
            if ranges.last().is_some_and(|last| last.end > range.start) {
                continue;
            }
            ranges.push(range);
        }
    }
    ranges
}

/// Appends `prose` (text outside code) with markup that could run made
/// into text.
fn escape_prose(prose: &str, out: &mut String) {
    let bytes = prose.as_bytes();
    let mut copied = 0;
    // Only spaces since the line began (a definition may be indented).
    let mut line_start = true;
    for (at, &byte) in bytes.iter().enumerate() {
        let replacement = match byte {
            b'&' => Some("&amp;"),
            b'<' => Some("&lt;"),
            b'{' => Some("&#123;"),
            b'!' if bytes.get(at + 1) == Some(&b'[') => Some("\\!"),
            b'(' if at > 0 && bytes[at - 1] == b']' && !safe_target(&prose[at + 1..]) => {
                Some("\\(")
            }
            b'[' if line_start && is_unsafe_definition(&prose[at..]) => Some("\\["),
            _ => None,
        };
        line_start = byte == b'\n' || (line_start && byte == b' ');
        if let Some(replacement) = replacement {
            out.push_str(&prose[copied..at]);
            out.push_str(replacement);
            copied = at + 1;
        }
    }
    out.push_str(&prose[copied..]);
}

/// Whether a line starting at `[` is a link reference definition
/// (`[name]: target`) with a target that is not safe.
fn is_unsafe_definition(line: &str) -> bool {
    let line = line.lines().next().unwrap_or("");
    let Some(close) = line.find("]:") else {
        return false;
    };
    !safe_target(&line[close + 2..])
}

/// Whether a link target (the text after `](` or `]:`) is safe: no scheme
/// (a relative link, an anchor) or `http`, `https`, `mailto`. White space
/// and control characters are dropped first, as browsers drop them.
fn safe_target(rest: &str) -> bool {
    let target: String = rest
        .chars()
        .skip_while(|c| c.is_whitespace() || *c == '<')
        .take_while(|c| !matches!(c, ')' | '>' | '"' | '\''))
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(64)
        .collect();
    let Some(colon) = target.find(':') else {
        return true;
    };
    let scheme = &target[..colon];
    if scheme.contains(['/', '?', '#']) {
        return true;
    }
    let is_scheme = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    !is_scheme
        || matches!(
            scheme.to_ascii_lowercase().as_str(),
            "http" | "https" | "mailto"
        )
}

/// Whether `text` may hold code at all: a code span or fence needs a
/// backtick or `~~~`, an indented block a line indented four columns.
/// Texts without any skip the Markdown parse, whose tree on a long
/// paragraph of markup (megabytes of `{%` in an answer) was thirty times
/// the text.
fn may_hold_code(text: &str) -> bool {
    memchr::memchr(b'`', text.as_bytes()).is_some()
        || memchr::memmem::find(text.as_bytes(), b"~~~").is_some()
        || text
            .lines()
            .any(|line| line.starts_with("    ") || line.starts_with('\t'))
}

/// Closes a fenced code block that `out[start..]` leaves open.
fn close_open_fence(out: &mut String, start: usize) {
    let text = &out[start..];
    if memchr::memmem::find(text.as_bytes(), b"```").is_none()
        && memchr::memmem::find(text.as_bytes(), b"~~~").is_none()
    {
        return;
    }
    let mut open: Option<(u8, usize)> = None;
    let mut blocks = Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter();
    let end = text.trim_end().len();
    for (event, range) in blocks.by_ref() {
        if let Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(_))) = event {
            if range.end >= end {
                let first = text[range.clone()].trim_start();
                let fence_char = first.as_bytes().first().copied().unwrap_or(b'`');
                let width = first.bytes().take_while(|b| *b == fence_char).count();
                let last = text[range].lines().last().unwrap_or("").trim();
                let closed = text[..end].lines().count() > 1
                    && last.len() >= width
                    && last.bytes().all(|b| b == fence_char);
                if !closed {
                    open = Some((fence_char, width));
                }
            }
        }
    }
    if let Some((fence_char, width)) = open {
        let trimmed = start + text.trim_end().len();
        out.truncate(trimmed);
        out.push('\n');
        out.extend(std::iter::repeat_n(fence_char as char, width));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_is_found_by_each_of_its_marks_and_prose_without_any_is_escaped() {
        assert_eq!(block("para\n\n    <b>x</b>\n"), "para\n\n    <b>x</b>\n");
        assert_eq!(block("para\n\n\t<b>x</b>\n"), "para\n\n\t<b>x</b>\n");
        assert_eq!(block("~~~\n<b>\n~~~"), "~~~\n<b>\n~~~");
        assert_eq!(block("`<b>`"), "`<b>`");
        assert_eq!(block(&"{% a ".repeat(3)), "&#123;% a &#123;% a &#123;% a ");
    }

    #[test]
    fn html_is_shown_as_text() {
        assert_eq!(
            block("<script>alert(1)</script> & <meta http-equiv=\"refresh\">"),
            "&lt;script>alert(1)&lt;/script> &amp; &lt;meta http-equiv=\"refresh\">"
        );
        assert_eq!(block("`<b>` stays code"), "`<b>` stays code");
        assert_eq!(
            block("```html\n<script>x</script>\n```"),
            "```html\n<script>x</script>\n```"
        );
    }

    #[test]
    fn emphasis_and_safe_links_keep_working() {
        let text =
            "*Bold* move: read [the docs](https://example.com/a?b=1) and [notes](/notes/#x).";
        assert_eq!(
            block(text),
            "*Bold* move: read [the docs](https://example.com/a?b=1) and [notes](/notes/#x)."
        );
    }

    #[test]
    fn script_links_images_and_kramdown_extensions_are_text() {
        assert_eq!(
            block("[x](javascript:alert(1))"),
            "[x]\\(javascript:alert(1))"
        );
        assert_eq!(
            block("[x](java\tscript:alert(1))"),
            "[x]\\(java\tscript:alert(1))"
        );
        assert_eq!(
            block("[x]( DATA:text/html,hi)"),
            "[x]\\( DATA:text/html,hi)"
        );
        assert_eq!(
            block("![t](https://evil.example/p.png)"),
            "\\![t](https://evil.example/p.png)"
        );
        assert_eq!(block("*a*{: onclick=\"x\"}"), "*a*&#123;: onclick=\"x\"}");
        assert_eq!(
            block("[r]: javascript:alert(1)\n\n[r]"),
            "\\[r]: javascript:alert(1)\n\n[r]"
        );
        assert_eq!(
            block("[r]: https://ok.example\n"),
            "[r]: https://ok.example\n"
        );
    }

    #[test]
    fn an_open_fence_is_closed() {
        assert_eq!(block("Look:\n\n```\ncode"), "Look:\n\n```\ncode\n```");
        assert_eq!(block("~~~~\ncode\n"), "~~~~\ncode\n~~~~");
        assert_eq!(block("```\ncode\n```"), "```\ncode\n```");
    }

    #[test]
    fn inline_is_one_line() {
        assert_eq!(inline("Two\nlines\u{2028}<b>"), "Two lines &lt;b>");
        // Alone, this line opens a fenced block; after `## ` it is text.
        assert_eq!(
            inline("```\n</pre><script>x</script>"),
            "``` &lt;/pre>&lt;script>x&lt;/script>"
        );
        assert_eq!(inline("use `<b>` here"), "use `<b>` here");
    }

    #[test]
    fn plain_values_open_no_tag() {
        assert_eq!(
            plain("<script>x</script> a < b <!-- c"),
            "‹script>x‹/script> a < b ‹!-- c"
        );
    }

    #[test]
    fn fences_outgrow_the_text() {
        assert_eq!(fenced("a ``` b", "text"), "````text\na ``` b\n````");
        assert_eq!(fenced("plain", "text"), "```text\nplain\n```");
        assert_eq!(code("a`b\nc"), "ab c");
    }
}
