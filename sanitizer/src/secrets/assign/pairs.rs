//! Secret-named keys given their value by something other than an
//! operator: a function's arguments (`define('DB_PASSWORD', 'x')`,
//! `setenv("API_SECRET", "x", 1)`), a command (`setx API_TOKEN "x"`,
//! `ConvertTo-SecureString "x"`, `requirepass x`), an env name/value pair
//! over two lines (`- name: API_KEY` / `value: x`), an XML name/value
//! pair, a `.pgpass` line, and a Go DSN's `user:pass@tcp(…)`.

use super::value::{is_secret, Shape};
use super::{kind_of, Span};
use crate::secrets::Kind;

/// The quoted string that opens at `open`: its range inside the quotes.
fn quoted_after(bytes: &[u8], open: usize) -> Option<(usize, usize)> {
    let quote = *bytes.get(open)?;
    if quote != b'"' && quote != b'\'' {
        return None;
    }
    let window = &bytes[open + 1..bytes.len().min(open + 1 + 1024)];
    let close = memchr::memchr2(quote, b'\n', window)?;
    (window[close] == quote).then_some((open + 1, open + 1 + close))
}

fn skip_blanks(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(|&b| b == b' ' || b == b'\t') {
        at += 1;
    }
    at
}

/// The pairs found in the operator scan: a `.pgpass` line at the colon
/// before its port (see [`pgpass_at`]). The others start at a literal of
/// the shared trigger search ([`LATE_TRIGGERS`], [`SETTER_TRIGGERS`]).
/// What finds a pair at a literal of the shared search.
pub(in crate::secrets) type Late = fn(&str, usize, &mut Vec<Span>);

/// Literals of the shared trigger search, each with the detector that
/// reads the pair there once the assignments are found.
pub(in crate::secrets) const LATE_TRIGGERS: &[(&str, Late)] = &[
    ("setx ", command),
    ("ConvertTo-SecureString ", command),
    ("requirepass ", command),
    ("masterauth ", command),
    ("value", value_pair),
    ("@tcp(", go_dsn),
];

/// Calls whose first two arguments are a name and its value, as the
/// literals that trigger them (few and short: `env(` for `setenv(`,
/// `putenv(`, `getenv(`; the name, lower-cased, is checked whole).
pub(in crate::secrets) const SETTER_TRIGGERS: &[&str] =
    &["define(", "env(", "default(", "Variable(", "set("];

/// The setters' names, lower case.
const SETTERS: &[&str] = &[
    "define",
    "setenv",
    "getenv",
    "setdefault",
    "setenvironmentvariable",
    "putenv",
    "set",
];

/// `("NAME", "value"` after the setter whose name ends at the `(` found
/// from `at` (`define('DB_PASSWORD', '…')`, `setenv("API_SECRET", "…", 1)`).
pub(in crate::secrets) fn setter_arguments(text: &str, at: usize, spans: &mut Vec<Span>) {
    let bytes = text.as_bytes();
    let Some(open) = memchr::memchr(b'(', &bytes[at..bytes.len().min(at + 32)]).map(|i| at + i)
    else {
        return;
    };
    let callee_start = open
        - bytes[at.saturating_sub(32)..open]
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
            .count();
    let callee = text[callee_start..open].to_ascii_lowercase();
    // The chat UI's button text may be glued before it.
    let callee = ["code", "content_copy", "copy"]
        .iter()
        .find_map(|glue| callee.strip_prefix(glue))
        .filter(|rest| SETTERS.contains(rest))
        .unwrap_or(&callee);
    if !SETTERS.contains(&callee) {
        return;
    }
    let Some((name_start, name_end)) = quoted_after(bytes, skip_blanks(bytes, open + 1)) else {
        return;
    };
    let name = &text[name_start..name_end];
    if name.contains(' ') {
        return;
    }
    let Some(kind) = kind_of(name) else { return };
    let comma = skip_blanks(bytes, name_end + 1);
    if bytes.get(comma) != Some(&b',') {
        return;
    }
    if let Some((start, end)) = quoted_after(bytes, skip_blanks(bytes, comma + 1)) {
        if is_secret(&text[start..end], Shape::Quoted) {
            spans.push(Span::kind(start, end, kind));
        }
    }
}

/// A value given to a command as its own word: the command, the name (or
/// none), and the kind.
const COMMANDS: &[(&str, bool)] = &[
    ("setx ", true),
    ("ConvertTo-SecureString ", false),
    ("requirepass ", false),
    ("masterauth ", false),
];

/// The value given to the command at `at` (one of [`COMMANDS`]).
fn command(text: &str, at: usize, spans: &mut Vec<Span>) {
    let bytes = text.as_bytes();
    let Some(&(command, named)) = COMMANDS.iter().find(|(c, _)| text[at..].starts_with(c)) else {
        return;
    };
    let mut value = skip_blanks(bytes, at + command.len());
    let mut kind = Kind::Password;
    if named {
        let name_end = value
            + bytes[value..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
                .count();
        let Some(named_kind) = kind_of(&text[value..name_end]) else {
            return;
        };
        kind = named_kind;
        value = skip_blanks(bytes, name_end);
    }
    let ((start, end), shape) = match quoted_after(bytes, value) {
        Some(range) => (range, Shape::Quoted),
        None => {
            let end = value
                + bytes[value..]
                    .iter()
                    .take_while(|b| !b.is_ascii_whitespace() && **b != b'`')
                    .count();
            ((value, end), Shape::Word)
        }
    };
    if start < end && is_secret(&text[start..end], shape) {
        spans.push(Span::kind(start, end, kind));
    }
}

/// `- name: API_KEY` then `value: x` on the next line (Kubernetes, GitHub
/// Actions, Docker Compose env lists), and `name="db.password"
/// value="x"` attributes.
fn value_pair(text: &str, at: usize, spans: &mut Vec<Span>) {
    let bytes = text.as_bytes();
    {
        // Only indentation and a list marker before `value:` (looked at
        // backwards, so a long line full of `value` stays linear).
        let lead = bytes[..at]
            .iter()
            .rev()
            .take_while(|b| matches!(b, b' ' | b'\t' | b'-'))
            .count();
        let line_start = at - lead;
        let at_line_start = line_start == 0 || bytes[line_start - 1] == b'\n';
        let line_end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
        if let (true, Some(b':')) = (at_line_start, bytes.get(at + 5)) {
            // The name is on the line before.
            let Some(previous_end) = line_start.checked_sub(1) else {
                return;
            };
            let previous_start =
                memchr::memrchr(b'\n', &bytes[..previous_end]).map_or(0, |i| i + 1);
            let previous = text[previous_start..previous_end].trim();
            let previous = super::CHAT_UI_GLUE
                .iter()
                .find_map(|glue| previous.strip_prefix(glue))
                .unwrap_or(previous);
            let previous = previous.trim_start_matches(['-', ' ']);
            let Some(name) = previous.strip_prefix("name:") else {
                return;
            };
            let name = name.trim().trim_matches(['"', '\'']);
            let Some(kind) = kind_of(name) else { return };
            let value_start = skip_blanks(bytes, at + 6);
            let (start, end, shape) = match quoted_after(bytes, value_start) {
                Some((start, end)) => (start, end, Shape::Quoted),
                None => {
                    let raw = text[value_start..line_end].trim_end();
                    (value_start, value_start + raw.len(), Shape::Line)
                }
            };
            if start < end && is_secret(&text[start..end], shape) {
                spans.push(Span::kind(start, end, kind));
            }
        } else if bytes.get(at + 5..at + 7) == Some(b"=\"") {
            // The `name="…"` attribute before, within a short look back.
            let mut from = at.saturating_sub(256);
            while !text.is_char_boundary(from) {
                from += 1;
            }
            let line_start =
                memchr::memrchr(b'\n', &bytes[from..at]).map_or(from, |i| from + i + 1);
            let Some(name_at) = text[line_start..at].rfind("name=\"") else {
                return;
            };
            let name_open = line_start + name_at + 5;
            let Some((name_start, name_end)) = quoted_after(bytes, name_open) else {
                return;
            };
            let Some(kind) = kind_of(&text[name_start..name_end]) else {
                return;
            };
            if let Some((start, end)) = quoted_after(bytes, at + 6) {
                if is_secret(&text[start..end], Shape::Quoted) {
                    spans.push(Span::kind(start, end, kind));
                }
            }
        }
    }
}

/// `.pgpass`: `host:port:database:user:password`, the port a number or
/// `*`; `colon` is the colon before the port. Returns where the scan may
/// go on (past the line).
pub(super) fn pgpass_at(text: &str, colon: usize, spans: &mut Vec<Span>) -> usize {
    let bytes = text.as_bytes();
    let digits = bytes[colon + 1..]
        .iter()
        .take(6)
        .take_while(|b| b.is_ascii_digit())
        .count();
    let width = if (2..=5).contains(&digits) {
        digits
    } else if bytes.get(colon + 1) == Some(&b'*') {
        1
    } else {
        return colon + 1;
    };
    if bytes.get(colon + 1 + width) != Some(&b':') {
        return colon + 1;
    }
    // The word around the port: what stands between white space,
    // backticks and table bars (and a chat UI's glued button text), read
    // within a short reach either way.
    let apart = |b: &u8| b.is_ascii_whitespace() || matches!(b, b'`' | b'|');
    let reach = colon.saturating_sub(256);
    let word_start = colon
        - bytes[reach..colon]
            .iter()
            .rev()
            .take_while(|b| !apart(b))
            .count();
    let far = bytes.len().min(colon + 1024);
    let word_end = colon + bytes[colon..far].iter().take_while(|b| !apart(b)).count();
    let word = &text[word_start..word_end];
    let glue = super::CHAT_UI_GLUE
        .iter()
        .find(|glue| word.starts_with(*glue))
        .map_or(0, |glue| glue.len());
    let body = &word[glue..];
    let fields: Vec<&str> = body.split(':').collect();
    if fields.len() != 5 || fields.iter().any(|f| f.is_empty()) || fields[0].contains('/') {
        return word_end;
    }
    let password = fields[4];
    let start = word_end - password.len();
    if is_secret(password, Shape::Quoted) {
        spans.push(Span::kind(start, word_end, Kind::Password));
    }
    word_end
}

/// Go's MySQL DSN: `user:password@tcp(host:port)/db`; `at` is the `@`.
fn go_dsn(text: &str, at: usize, spans: &mut Vec<Span>) {
    let bytes = text.as_bytes();
    let start = at
        - bytes[at.saturating_sub(256)..at]
            .iter()
            .rev()
            .take_while(|b| !b.is_ascii_whitespace() && !b"\"'`=".contains(b))
            .count();
    let userinfo = &text[start..at];
    if let Some(colon) = userinfo.find(':') {
        // The DSN's shape says what this is: any password counts.
        let password = &userinfo[colon + 1..];
        if !password.is_empty() && !crate::secrets::is_placeholder(password) {
            spans.push(Span::kind(start + colon + 1, at, Kind::UrlPassword));
        }
    }
}
