//! The characters of the editor's text, written so that kramdown (GFM)
//! and CommonMark both read them as text.
//!
//! Every character that can start markup in either dialect is written as
//! a backslash escape that both read the same way (checked against the
//! real kramdown) or, where one of them has no such escape, as an entity:
//!
//! - anywhere: `*` `_` `[` `]` `|` `$` `~` (backslash), `&` `<` `{`
//!   (entity: `{` also keeps Liquid and kramdown's `{: }` and `{::}` from
//!   starting), `` ` `` (entity: kramdown's table check pairs code spans
//!   without reading backslash escapes), `\` (entity: two at the end of a
//!   line are a line break to kramdown), and `}` where Liquid runs;
//! - at the start of a line, where blocks begin: `#` `>` `-` `+` `=` `:`
//!   (backslash), `^` (entity: kramdown's end-of-block mark, which it
//!   cannot escape), and the `.` or `)` after leading digits (an ordered
//!   list).
//!
//! Leading white space is dropped (four spaces would start code), trailing
//! white space too (two spaces would break the line), and control
//! characters and bidirectional overrides become U+FFFD, so nothing the
//! editor wrote can move the cursor of a terminal that shows the post or
//! reorder how it reads.

/// Where the writer is in the current line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineState {
    /// Nothing written on this line yet (after its container prefix).
    Start,
    /// Only digits written so far: a `.` or `)` next would make a list item.
    Digits,
    /// Past the point where a block could begin.
    Inside,
}

/// How the text is being written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escaping {
    /// Markdown text: backslash escapes where both dialects have them.
    Markdown,
    /// Markdown text that lands where Liquid's live tags run (a subheading
    /// inside the writer's article): `}` is an entity too, so the answer
    /// cannot close a tag or an output the writer left open.
    LiveMarkdown,
    /// Inside a `<code>` element the renderer writes: kramdown leaves its
    /// content raw (no backslash escapes) while CommonMark parses it, so
    /// every special character is an entity, which both decode alike.
    Entities,
}

/// The character `c` as it must be written in text, given where it falls.
fn escape_for(c: char, state: LineState, escaping: Escaping) -> Option<&'static str> {
    if escaping == Escaping::Entities {
        return Some(match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '{' => "&#123;",
            '}' => "&#125;",
            '\\' => "&#92;",
            '`' => "&#96;",
            '*' => "&#42;",
            '_' => "&#95;",
            '[' => "&#91;",
            ']' => "&#93;",
            '|' => "&#124;",
            '$' => "&#36;",
            '~' => "&#126;",
            _ => return None,
        });
    }
    let anywhere = match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '{' => Some("&#123;"),
        '}' if escaping == Escaping::LiveMarkdown => Some("&#125;"),
        // An entity: `\\` at the end of a line is a line break to kramdown.
        '\\' => Some("&#92;"),
        // An entity, not `\``: kramdown's table check pairs code spans
        // without reading escapes, so an escaped backtick could pair.
        '`' => Some("&#96;"),
        '*' => Some("\\*"),
        '_' => Some("\\_"),
        '[' => Some("\\["),
        ']' => Some("\\]"),
        '|' => Some("\\|"),
        '$' => Some("\\$"),
        '~' => Some("\\~"),
        _ => None,
    };
    if anywhere.is_some() {
        return anywhere;
    }
    match (state, c) {
        (LineState::Start, '#') => Some("\\#"),
        (LineState::Start, '>') => Some("\\>"),
        (LineState::Start, '-') => Some("\\-"),
        (LineState::Start, '+') => Some("\\+"),
        (LineState::Start, '=') => Some("\\="),
        (LineState::Start, ':') => Some("\\:"),
        (LineState::Start, '^') => Some("&#94;"),
        (LineState::Digits, '.') => Some("\\."),
        (LineState::Digits, ')') => Some("\\)"),
        _ => None,
    }
}

/// Whether `c` must not reach the page or a terminal: a control character
/// (C0 but tab and line feed, DEL, C1), a bidirectional override or
/// isolate ([`utils::terminal::is_unsafe`]), or a noncharacter.
pub fn is_unwanted_control(c: char) -> bool {
    utils::terminal::is_unsafe(c) || c == '\u{FFFE}' || c == '\u{FFFF}'
}

/// Appends `text` (one line's worth, without line breaks) to `out` as
/// text, updating `state`.
pub fn push_text(out: &mut String, text: &str, state: &mut LineState, escaping: Escaping) {
    for c in text.chars() {
        if *state == LineState::Start && (c == ' ' || c == '\t') {
            continue;
        }
        let c = if is_unwanted_control(c) || c == '\n' || c == '\r' {
            if c == '\n' || c == '\r' {
                ' '
            } else {
                '\u{FFFD}'
            }
        } else {
            c
        };
        match escape_for(c, *state, escaping) {
            Some(escaped) => out.push_str(escaped),
            None => out.push(c),
        }
        *state = match (*state, c) {
            (LineState::Start | LineState::Digits, '0'..='9') => LineState::Digits,
            (LineState::Start, ' ' | '\t') => LineState::Start,
            _ => LineState::Inside,
        };
    }
}

/// Removes the white space at the end of `out` (back to `floor`), so a
/// line never ends in two spaces the editor did not mean as a break.
pub fn trim_line_end(out: &mut String, floor: usize) {
    let kept = out[floor..].trim_end_matches([' ', '\t']).len();
    out.truncate(floor + kept);
}

/// The longest run of `mark` in `text`.
pub fn longest_run(text: &str, mark: char) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        if c == mark {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    longest
}

/// `code` as a code span: delimited by a backtick run longer than any
/// inside, and padded with a space on each side when the content starts
/// or ends with a backtick or a space, or the run is long (kramdown reads
/// a padded span only behind two backticks or more, and a long run at the
/// start of a line without a space after it as a fence).
pub fn push_code_span(out: &mut String, code: &str) {
    let code: String = code
        .chars()
        .map(|c| match c {
            '\n' | '\r' | '\t' => ' ',
            c if is_unwanted_control(c) => '\u{FFFD}',
            c => c,
        })
        .collect();
    if code.trim().is_empty() {
        // Nothing to show in code; the spaces as text.
        if !code.is_empty() {
            out.push(' ');
        }
        return;
    }
    let run = longest_run(&code, '`') + 1;
    let needs_pad = run > 1 || code.starts_with(['`', ' ']) || code.ends_with(['`', ' ']);
    let width = if needs_pad { run.max(2) } else { run };
    let delimiter = "`".repeat(width);
    out.push_str(&delimiter);
    if needs_pad {
        out.push(' ');
    }
    out.push_str(&code);
    if needs_pad {
        out.push(' ');
    }
    out.push_str(&delimiter);
}

/// A link target the page may carry: `http`, `https` or `mailto`, or a
/// path, anchor or query on the site itself. Decided on the target as the
/// parser decoded it (entities and escapes resolved), by its first
/// characters, so nothing written after them can change its scheme.
pub fn allowed_url(url: &str) -> bool {
    let lower: String = url.chars().take(8).flat_map(char::to_lowercase).collect();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
        || url.starts_with(['/', '#', '?'])
        || url.starts_with("./")
        || url.starts_with("../")
}

/// `url` percent-encoded where Markdown or HTML could read a character as
/// anything but part of the link target: white space, controls, quotes,
/// brackets, backslash, backtick, braces, `|`, `^`, `<`, `>` and every
/// non-ASCII byte. `%` and the reserved characters stay, so the target
/// means what it meant.
pub fn push_url(out: &mut String, url: &str) {
    use std::fmt::Write;
    for byte in url.bytes() {
        let keep = byte.is_ascii_graphic()
            && !matches!(
                byte,
                b'"' | b'\''
                    | b'('
                    | b')'
                    | b'<'
                    | b'>'
                    | b'['
                    | b']'
                    | b'\\'
                    | b'`'
                    | b'{'
                    | b'}'
                    | b'|'
                    | b'^'
            );
        if keep {
            out.push(byte as char);
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(input: &str) -> String {
        let mut out = String::new();
        push_text(&mut out, input, &mut LineState::Start, Escaping::Markdown);
        out
    }

    #[test]
    fn markup_anywhere_is_escaped() {
        assert_eq!(
            text("a *b* _c_ `d` [e](f) <g> &h; {% i %} | $$ ~~ \\"),
            "a \\*b\\* \\_c\\_ &#96;d&#96; \\[e\\](f) &lt;g> &amp;h; &#123;% i %} \\| \\$\\$ \\~\\~ &#92;"
        );
    }

    #[test]
    fn block_starts_are_escaped_only_at_the_start_of_a_line() {
        assert_eq!(text("# a # b"), "\\# a # b");
        assert_eq!(text("  > q > r"), "\\> q > r");
        assert_eq!(text("- a - b"), "\\- a - b");
        assert_eq!(text("12. x 3. y"), "12\\. x 3. y");
        assert_eq!(text("1) x"), "1\\) x");
        assert_eq!(text("^"), "&#94;");
        assert_eq!(text(": def"), "\\: def");
        assert_eq!(text("2024 was"), "2024 was");
    }

    #[test]
    fn controls_become_replacement_characters() {
        assert_eq!(
            text("a\u{1b}]52;c;x\u{7}b\u{85}"),
            "a\u{FFFD}\\]52;c;x\u{FFFD}b\u{FFFD}"
        );
    }

    #[test]
    fn code_spans_outgrow_their_content() {
        let span = |c: &str| {
            let mut out = String::new();
            push_code_span(&mut out, c);
            out
        };
        assert_eq!(span("x"), "`x`");
        assert_eq!(span("a`b"), "`` a`b ``");
        assert_eq!(span("`a"), "`` `a ``");
        assert_eq!(span("a``b"), "``` a``b ```");
        assert_eq!(span(" x"), "``  x ``");
        assert_eq!(span("{% include x %}"), "`{% include x %}`");
    }

    #[test]
    fn urls_are_judged_by_their_start_and_encoded() {
        assert!(allowed_url("https://example.com/a"));
        assert!(allowed_url("HTTP://x"));
        assert!(allowed_url("mailto:a@b"));
        assert!(allowed_url("/notes/#x"));
        assert!(allowed_url("#top"));
        assert!(!allowed_url("javascript:alert(1)"));
        assert!(!allowed_url("&#106;avascript:alert(1)"));
        assert!(!allowed_url("data:text/html,x"));
        assert!(!allowed_url("notes.html"));
        let mut out = String::new();
        push_url(&mut out, "https://x.org/a b?c=1&d=(2)\"é");
        assert_eq!(out, "https://x.org/a%20b?c=1&d=%282%29%22%C3%A9");
    }
}
