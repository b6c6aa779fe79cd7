//! Lines that are one assignment, whose value is the rest of the line:
//! `.env` and shell (`NAME=value`, `export NAME=value`), INI and TOML
//! (`name = value`) and YAML (`  name: value`): which lines read so, and
//! the value such a line gives.

use super::value::{is_secret, Shape};
use super::MAX_VALUE;

/// A line that is one assignment, where the value is the rest of the line
/// (spaces and punctuation included): `.env` and shell (`NAME=value`,
/// `export NAME=value`) or YAML (`  name: value`, `- name: value`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LineStyle {
    Env,
    Yaml,
}

pub(super) fn line_style(
    bytes: &[u8],
    name_start: usize,
    name_end: usize,
    operator: usize,
    colon: bool,
) -> Option<LineStyle> {
    // Only a short indentation and prefix can come before the name on its
    // line; looking further back from every operator would be quadratic.
    let window_start = name_start.saturating_sub(64);
    let window = &bytes[window_start..name_start];
    let tick = memchr::memrchr(b'`', window);
    let newline = memchr::memrchr(b'\n', window);
    let (before, indented) = match (tick, newline) {
        // A code span (`` `NAME=value` ``) reads as a line of its own,
        // wherever it stands in its line.
        (Some(tick), newline) if newline.is_none_or(|n| tick > n) => {
            (std::str::from_utf8(&window[tick + 1..]).ok()?, false)
        }
        (_, Some(_)) | (None, None) if newline.is_some() || window_start == 0 => {
            let from = newline.map_or(0, |n| n + 1);
            let whole = std::str::from_utf8(&window[from..]).ok()?;
            // A Markdown table cell reads as a line of its own.
            let (whole, cell) = match whole.rfind('|') {
                Some(bar) if whole.trim_start().starts_with('|') => (&whole[bar + 1..], true),
                _ => (whole, false),
            };
            // The chat UI's button text glued before a line (`Copy codeX=`)
            // is not part of it.
            let glued = CHAT_UI_GLUE
                .iter()
                .find_map(|glue| whole.strip_prefix(glue));
            let (whole, set_apart) = match glued {
                Some(rest) => (rest, true),
                None => (whole, cell),
            };
            let trimmed = whole.trim_start_matches([' ', '\t']);
            // A Markdown quote or list item around the line.
            let unmarked = ["> ", "- ", "* ", "+ ", "$ "]
                .iter()
                .fold(trimmed, |rest, marker| {
                    rest.strip_prefix(marker).unwrap_or(rest)
                });
            (unmarked, !set_apart && trimmed.len() < whole.len())
        }
        _ => return None,
    };
    if colon {
        // Quoted names are JSON or a dict in code: values there are quoted.
        let plain = before.is_empty() || before == "- ";
        let after = bytes.get(operator + 1);
        (plain && matches!(after, Some(b' ' | b'\t'))).then_some(LineStyle::Yaml)
    } else {
        // An indented `name=value` is a keyword argument in code unless it
        // is exported.
        let env = (before.is_empty() && !indented) || ENV_COMMANDS.contains(&before);
        // `name = value` with spaces: INI and TOML (code's `name = value`
        // has a one-word value, judged as code would read it).
        let spaced = before.is_empty()
            && !indented
            && bytes[name_end..operator].iter().all(|&b| b == b' ')
            && bytes.get(operator + 1) == Some(&b' ');
        (env && (name_end == operator || spaced) && bytes[operator] == b'=')
            .then_some(LineStyle::Env)
    }
}

/// What copying from a chat web page glues before a code block's first
/// line: the copy button's text, in the forms the main UIs give it.
pub(in crate::secrets) const CHAT_UI_GLUE: &[&str] = &["Copy code", "content_copy", "Copy"];

/// Commands whose `NAME=value` argument is a shell assignment.
const ENV_COMMANDS: &[&str] = &[
    "export ",
    "set ",
    "declare -x ",
    "ENV ",
    "env ",
    "readonly ",
];

/// The rest of the line from `at` as the value of a whole-line assignment,
/// without a trailing comment, if it is worth redacting.
pub(super) fn whole_line_value(text: &str, at: usize, style: LineStyle) -> Option<(usize, usize)> {
    let window = &text.as_bytes()[at..text.len().min(at + MAX_VALUE + 1)];
    // The value ends at the line's end or at the backtick that closes a
    // code span around it, whichever comes first: found within the window
    // however long the line is (a long line once made the first run skip a
    // value the second run, on the shorter redacted line, then took).
    let line_end = match memchr::memchr2(b'\n', b'`', window) {
        Some(i) => at + i,
        None if at + window.len() == text.len() => text.len(),
        None => return None,
    };
    let mut value = text[at..line_end].trim_end();
    if let Some(cell_end) = value.find(" |") {
        value = value[..cell_end].trim_end();
    }
    if let Some(comment) = value.find(" #") {
        value = value[..comment].trim_end();
    }
    // A code span around the line ends the value.
    if let Some(tick) = value.find('`') {
        value = value[..tick].trim_end();
    }
    let words = value.split_whitespace().count();
    // `a=None, b='x',` is code (keyword arguments, a dict, a JSON member).
    let code_list = value.ends_with(',') || value.contains(", ");
    let starts_badly = code_list
        || match style {
            // Anchors, aliases, block and flow scalars, tags, nested maps.
            LineStyle::Yaml => {
                value.starts_with(['&', '*', '|', '>', '[', '{', '%', '@', '`'])
                    || value.ends_with(':')
                    || (words > 1 && value.ends_with(['.', '?', '!']))
            }
            LineStyle::Env => value.starts_with('`'),
        };
    // A shell or `.env` line's bare word is a literal (`NAME=word`); a
    // YAML or INI value may be a type or a name in code's look-alikes.
    let shape = match style {
        LineStyle::Env if !value.contains(' ') && text.as_bytes()[at - 1] == b'=' => Shape::Literal,
        _ => Shape::Line,
    };
    let secret = !starts_badly && is_secret(value, shape);
    secret.then_some((at, at + value.len()))
}
