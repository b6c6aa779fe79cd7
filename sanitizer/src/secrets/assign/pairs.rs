//! Secret-named keys given their value by something other than an
//! operator: a function's arguments (`define('DB_PASSWORD', 'x')`,
//! `setenv("API_SECRET", "x", 1)`), a command (`setx API_TOKEN "x"`,
//! `ConvertTo-SecureString "x"`, `requirepass x`), an env name/value pair
//! over two lines (`- name: API_KEY` / `value: x`), an XML name/value
//! pair, a `.pgpass` line, and a Go DSN's `user:pass@tcp(…)`.

use super::value::{is_secret, Shape};
use super::{kind_of, Span};
use crate::secrets::Kind;

/// The quoted string whose closing quote is at `close`: its range inside
/// the quotes.
fn quoted_before(bytes: &[u8], close: usize) -> Option<(usize, usize)> {
    let quote = bytes[close];
    let open = memchr::memrchr(quote, &bytes[close.saturating_sub(100)..close])
        .map(|i| close.saturating_sub(100) + i)?;
    Some((open + 1, close))
}

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

/// Every pair in `text`.
pub(super) fn find(text: &str, spans: &mut Vec<Span>) {
    arguments(text, spans);
    commands(text, spans);
    name_value_lines(text, spans);
    pgpass(text, spans);
    go_dsn(text, spans);
}

/// Calls whose first two arguments are a name and its value.
const SETTERS: &[&str] = &[
    "define",
    "setenv",
    "setdefault",
    "setenvironmentvariable",
    "setitem",
    "set_secret",
    "setsecret",
    "set_password",
    "setpassword",
    "putenv",
    "set",
    "put",
];

/// `"NAME", "value"` in the arguments of a setter.
fn arguments(text: &str, spans: &mut Vec<Span>) {
    let bytes = text.as_bytes();
    for comma in memchr::memchr_iter(b',', bytes) {
        let Some(close) = comma.checked_sub(1) else {
            continue;
        };
        if !matches!(bytes[close], b'"' | b'\'') {
            continue;
        }
        let Some((name_start, name_end)) = quoted_before(bytes, close) else {
            continue;
        };
        // The first argument of a call that sets a value by name:
        // `define(`, `setenv(`, `os.environ.setdefault(`.
        let opens_call = text[..name_start - 1]
            .trim_end()
            .strip_suffix('(')
            .is_some_and(|callee| {
                let callee = callee
                    .rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .next()
                    .unwrap_or("")
                    .to_ascii_lowercase();
                // The chat UI's button text may be glued before it.
                let callee = ["code", "content_copy", "copy"]
                    .iter()
                    .find_map(|glue| callee.strip_prefix(glue))
                    .filter(|rest| SETTERS.contains(rest))
                    .unwrap_or(&callee);
                SETTERS.contains(&callee)
            });
        let name = &text[name_start..name_end];
        if !opens_call || name.contains(' ') {
            continue;
        }
        let Some(kind) = kind_of(name) else { continue };
        let value_open = skip_blanks(bytes, comma + 1);
        if let Some((start, end)) = quoted_after(bytes, value_open) {
            if is_secret(&text[start..end], Shape::Quoted) {
                spans.push(Span::kind(start, end, kind));
            }
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

fn commands(text: &str, spans: &mut Vec<Span>) {
    let bytes = text.as_bytes();
    for &(command, named) in COMMANDS {
        for at in memchr::memmem::find_iter(bytes, command.as_bytes()) {
            let mut value = skip_blanks(bytes, at + command.len());
            let mut kind = Kind::Password;
            if named {
                let name_end = value
                    + bytes[value..]
                        .iter()
                        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
                        .count();
                let Some(named_kind) = kind_of(&text[value..name_end]) else {
                    continue;
                };
                kind = named_kind;
                value = skip_blanks(bytes, name_end);
            }
            let found = quoted_after(bytes, value)
                .map(|r| (r, Shape::Quoted))
                .or_else(|| {
                    let end = value
                        + bytes[value..]
                            .iter()
                            .take_while(|b| !b.is_ascii_whitespace() && **b != b'`')
                            .count();
                    Some(((value, end), Shape::Word))
                });
            if let Some(((start, end), shape)) = found {
                if start < end && is_secret(&text[start..end], shape) {
                    spans.push(Span::kind(start, end, kind));
                }
            }
        }
    }
}

/// `- name: API_KEY` then `value: x` on the next line (Kubernetes, GitHub
/// Actions, Docker Compose env lists), and `name="db.password"
/// value="x"` attributes.
fn name_value_lines(text: &str, spans: &mut Vec<Span>) {
    let bytes = text.as_bytes();
    for at in memchr::memmem::find_iter(bytes, b"value") {
        let line_start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
        let line_end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
        let lead = text[line_start..at].trim_start_matches([' ', '\t', '-']);
        if let (true, Some(b':')) = (lead.is_empty(), bytes.get(at + 5)) {
            // The name is on the line before.
            let Some(previous_end) = line_start.checked_sub(1) else {
                continue;
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
                continue;
            };
            let name = name.trim().trim_matches(['"', '\'']);
            let Some(kind) = kind_of(name) else { continue };
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
            let Some(name_at) = text[line_start..at].rfind("name=\"") else {
                continue;
            };
            let name_open = line_start + name_at + 5;
            let Some((name_start, name_end)) = quoted_after(bytes, name_open) else {
                continue;
            };
            let Some(kind) = kind_of(&text[name_start..name_end]) else {
                continue;
            };
            if let Some((start, end)) = quoted_after(bytes, at + 6) {
                if is_secret(&text[start..end], Shape::Quoted) {
                    spans.push(Span::kind(start, end, kind));
                }
            }
        }
    }
}

/// `.pgpass`: `host:port:database:user:password`, the port a number or `*`.
fn pgpass(text: &str, spans: &mut Vec<Span>) {
    static PORT: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let port = PORT.get_or_init(|| regex::Regex::new(r":(?:\d{2,5}|\*):").expect("valid"));
    let bytes = text.as_bytes();
    let mut done = 0;
    for found in port.find_iter(text) {
        if found.start() < done {
            continue;
        }
        let line_start = memchr::memrchr(b'\n', &bytes[..found.start()]).map_or(0, |i| i + 1);
        let line_end = memchr::memchr(b'\n', &bytes[found.start()..])
            .map_or(bytes.len(), |i| found.start() + i);
        done = line_end;
        // The word around the port: what stands between white space,
        // backticks and table bars (and a chat UI's glued button text).
        let apart = |b: &u8| b.is_ascii_whitespace() || matches!(b, b'`' | b'|');
        let word_start = found.start()
            - bytes[line_start..found.start()]
                .iter()
                .rev()
                .take_while(|b| !apart(b))
                .count();
        let word_end = found.end()
            + bytes[found.end()..line_end]
                .iter()
                .take_while(|b| !apart(b))
                .count();
        let word = &text[word_start..word_end];
        let glue = super::CHAT_UI_GLUE
            .iter()
            .find(|glue| word.starts_with(*glue))
            .map_or(0, |glue| glue.len());
        let (line_start, lead) = (word_start, glue);
        let body = &word[glue..];
        let fields: Vec<&str> = body.split(':').collect();
        let plain = |f: &str| !f.is_empty() && !f.contains(char::is_whitespace);
        if fields.len() != 5 || !fields.iter().all(|f| plain(f)) || fields[0].contains('/') {
            continue;
        }
        let password = fields[4];
        let start = line_start + lead + body.len() - password.len();
        if is_secret(password, Shape::Quoted) {
            spans.push(Span::kind(start, start + password.len(), Kind::Password));
        }
    }
}

/// Go's MySQL DSN: `user:password@tcp(host:port)/db`, `@unix(…)`.
fn go_dsn(text: &str, spans: &mut Vec<Span>) {
    let bytes = text.as_bytes();
    for marker in [&b"@tcp("[..], b"@unix("] {
        for at in memchr::memmem::find_iter(bytes, marker) {
            let start = at
                - bytes[..at]
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
    }
}
