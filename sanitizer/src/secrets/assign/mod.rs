//! Values assigned to secret-looking names, in code, config, `.env`, JSON,
//! YAML and HTTP headers: `password = "hunter2"`, `"api_key": "..."`,
//! `SECRET_KEY=...`, `X-API-Key: ...`, `?token=...&`.
//!
//! The name must end with a secret word (`max_tokens`, `token_count` or
//! `password_hash` do not), be followed by `=`, `:`, `:=` or `=>`, and the
//! value must be a literal: quoted, or an unquoted word that is not an
//! identifier, a call, an attribute path, a type or a placeholder.

mod line;
mod pairs;
pub(super) use pairs::{setter_arguments, Late, LATE_TRIGGERS, SETTER_TRIGGERS};
mod value;

use super::Span;
use crate::secrets::Kind;
pub(super) use line::CHAT_UI_GLUE;
use line::{line_style, whole_line_value};
pub(super) use value::word_shaped;
use value::{is_secret, Shape};

/// Whether a quoted string given as a secret's value is one.
pub(super) fn is_secret_quoted(value: &str) -> bool {
    is_secret(value, Shape::Quoted)
}

/// Name endings (lower-case, separators removed) and the kind they mean.
/// Longer endings first: the first that matches names the kind.
const ENDINGS: &[(&str, Kind)] = &[
    ("secretaccesskey", Kind::AwsSecretKey),
    ("clientkeydata", Kind::PrivateKey),
    ("secretkeybase", Kind::Secret),
    ("clientsecret", Kind::Secret),
    ("privatekeyid", Kind::PrivateKey),
    ("secretkey", Kind::Secret),
    ("privatekey", Kind::PrivateKey),
    ("accountkey", Kind::AccessKey),
    ("accesskey", Kind::AccessKey),
    ("signingkey", Kind::Secret),
    ("encryptionkey", Kind::Secret),
    ("masterkey", Kind::Secret),
    ("apikey", Kind::ApiKey),
    ("appkey", Kind::Secret),
    ("passphrase", Kind::Password),
    ("password", Kind::Password),
    ("passwd", Kind::Password),
    ("secret", Kind::Secret),
    ("token", Kind::Token),
    ("pwd", Kind::Password),
    ("pass", Kind::Password),
    ("auth", Kind::Authorization),
];

/// Endings that are also the end of ordinary words (`bypass`, `compass`):
/// they count only as a whole name or after a separator or a case change
/// (`pass`, `smtp_pass`, `dbPass`, `MYSQL_PWD`).
const WHOLE_WORD_ENDINGS: &[&str] = &["pass", "pwd", "auth"];

/// Longest name considered, in bytes.
const MAX_NAME: usize = 96;

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.'
}

/// The kind of secret a name holds, if its ending (letters and digits
/// only, without case) says so. Allocation-free and cheap to reject: this
/// runs at every `=` and `:` of the text.
pub(super) fn kind_of(name: &str) -> Option<Kind> {
    const KEEP: usize = 16;
    let mut tail = [0u8; KEEP];
    let mut len = 0;
    for b in name.bytes().rev().filter(u8::is_ascii_alphanumeric) {
        if len == 0
            && !matches!(
                b.to_ascii_lowercase(),
                b'y' | b'n' | b't' | b'd' | b'e' | b's' | b'a' | b'h'
            )
        {
            return None;
        }
        tail[KEEP - 1 - len] = b.to_ascii_lowercase();
        len += 1;
        if len == KEEP {
            break;
        }
    }
    let tail = &tail[KEEP - len..];
    let &(ending, kind) = ENDINGS
        .iter()
        .find(|(ending, _)| tail.ends_with(ending.as_bytes()))?;
    if WHOLE_WORD_ENDINGS.contains(&ending) && !starts_a_word(name, ending.len()) {
        return None;
    }
    Some(kind)
}

/// Whether the last `length` letters of `name` start a word of it: the
/// name's start, a separator or a lower-to-upper case change before them.
fn starts_a_word(name: &str, length: usize) -> bool {
    let trimmed = name.trim_end_matches(|c: char| !c.is_ascii_alphanumeric());
    let Some(start) = trimmed.len().checked_sub(length) else {
        return false;
    };
    let bytes = trimmed.as_bytes();
    start == 0
        || !bytes[start - 1].is_ascii_alphanumeric()
        || (bytes[start].is_ascii_uppercase() && bytes[start - 1].is_ascii_lowercase())
}

/// The longest value taken for a secret (quoted or not; in prose too).
pub(in crate::secrets) const MAX_VALUE: usize = 1024;

/// Finds every value assigned to a secret-looking name. Candidates are the
/// operators (`=`, `:`, `:=`, `=>`); the name is read backwards from each.
pub(super) fn find(text: &str, spans: &mut Vec<Span>) {
    operators(text, spans);
}

/// Values after an operator (`=`, `:`, `:=`, `=>`).
fn operators(text: &str, spans: &mut Vec<Span>) {
    let bytes = text.as_bytes();
    let mut pgpass_done = 0;
    for at in memchr::memchr2_iter(b'=', b':', bytes) {
        let previous = at.checked_sub(1).map(|i| bytes[i]);
        let next = bytes.get(at + 1).copied();
        // A `.pgpass` line's port (`host:5432:…`), in the same scan.
        if bytes[at] == b':'
            && at >= pgpass_done
            && next.is_some_and(|b| b.is_ascii_digit() || b == b'*')
        {
            pgpass_done = pairs::pgpass_at(text, at, spans);
        }
        let (operator_len, colon) = match (bytes[at], next) {
            (b':', Some(b':')) => continue,
            (b':', _) if previous == Some(b':') => continue,
            (b':', Some(b'=')) => (2, false),
            (b':', _) => (1, true),
            (_, Some(b'=')) => continue,
            _ if matches!(previous, Some(b':' | b'=' | b'!' | b'<' | b'>')) => continue,
            (_, Some(b'>')) => (2, false),
            _ => (1, false),
        };
        let Some((name_start, name_end)) = name_before(bytes, at) else {
            continue;
        };
        // Our own placeholder (`[REDACTED_TOKEN] = x`) is not a name: taking
        // it for one would redact more on a second run (found by fuzzing).
        if name_start > 0
            && bytes[name_start - 1] == b'['
            && text[name_start..name_end].starts_with("REDACTED_")
        {
            continue;
        }
        // `${DB_PASSWORD:?missing}`, `${TOKEN:-x}`: a reference's default
        // or error, not an assignment.
        if text[..name_start].ends_with("${") {
            continue;
        }
        let Some(kind) = kind_of(&text[name_start..name_end])
            .or_else(|| query_kind(text, name_start, name_end))
            .or_else(|| {
                (bytes[at] == b'=')
                    .then(|| annotated_kind(text, name_start))
                    .flatten()
            })
        else {
            continue;
        };
        let mut value = at + operator_len;
        while value < bytes.len() && (bytes[value] == b' ' || bytes[value] == b'\t') {
            value += 1;
        }
        let style = line_style(bytes, name_start, name_end, at, colon);
        let in_query = name_start > 0 && matches!(bytes[name_start - 1], b'?' | b'&');
        let found = match (style, quoted_name(bytes, name_start, name_end, value)) {
            // `putenv("NAME=value")`, `-H 'X-Api-Key: value'`: the quote
            // that opened before the name closes the value.
            (_, Some(quote)) => inside_quotes(text, value, quote),
            (Some(style), None) if !matches!(bytes.get(value), Some(b'"' | b'\'' | b'\\')) => {
                whole_line_value(text, value, style)
            }
            _ => value_at(text, value, colon, in_query),
        };
        if let Some((start, end)) = found {
            // `auth` names a setting as often as a credential: only a long
            // value (base64 `user:pass`) is one.
            if kind != Kind::Authorization || end - start >= 16 {
                spans.push(Span::kind(start, end, kind));
            }
        }
    }
}

/// The quote that opened right before the name when the value after the
/// operator is not itself quoted (`"NAME=value"`, `'X-Api-Key: value'`).
fn quoted_name(bytes: &[u8], name_start: usize, name_end: usize, value: usize) -> Option<u8> {
    let quote = *bytes.get(name_start.checked_sub(1)?)?;
    let closes_name = bytes[name_end..value].contains(&quote);
    let quoted_value = matches!(bytes.get(value), Some(b'"' | b'\'' | b'\\'));
    (matches!(quote, b'"' | b'\'') && !closes_name && !quoted_value).then_some(quote)
}

/// The value from `at` to the `quote` that closes it on its line.
fn inside_quotes(text: &str, at: usize, quote: u8) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let window = &bytes[at..bytes.len().min(at + MAX_VALUE + 1)];
    let close = memchr::memchr2(quote, b'\n', window)?;
    if window[close] != quote {
        return None;
    }
    let value = text[at..at + close].trim_end();
    is_secret(value, Shape::Quoted).then_some((at, at + value.len()))
}

/// The kind of a URL query parameter that carries a credential under a
/// short name (`?key=…`, `&sig=…`).
fn query_kind(text: &str, name_start: usize, name_end: usize) -> Option<Kind> {
    let in_query = name_start > 0 && matches!(text.as_bytes()[name_start - 1], b'?' | b'&');
    match &text[name_start..name_end] {
        "key" | "apikey" | "api-key" if in_query => Some(Kind::ApiKey),
        "sig" | "signature" | "code" if in_query => Some(Kind::Token),
        _ => None,
    }
}

/// The kind of a name annotated with a type before its `=`
/// (`api_key: str = "…"`, `password: string = '…'`).
fn annotated_kind(text: &str, type_end: usize) -> Option<Kind> {
    let bytes = text.as_bytes();
    let type_start = type_end
        - bytes[..type_end]
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'[' | b']' | b'.'))
            .take(40)
            .count();
    let before = text[..type_start].trim_end_matches([' ', '\t']);
    let colon = before.strip_suffix(':')?;
    let (name_start, name_end) = name_before(bytes, colon.len())?;
    kind_of(&text[name_start..name_end])
}

/// The name that ends before the operator at `operator`: spaces, then up to
/// three closing quotes, backslashes or brackets (`"api_key": `,
/// `\"token\": `, `env["TOKEN"] = `), then name bytes.
fn name_before(bytes: &[u8], operator: usize) -> Option<(usize, usize)> {
    let mut end = operator;
    while end > 0 && (bytes[end - 1] == b' ' || bytes[end - 1] == b'\t') {
        end -= 1;
    }
    let mut closers = 0;
    while end > 0 && closers < 3 && matches!(bytes[end - 1], b'"' | b'\'' | b'\\' | b']') {
        end -= 1;
        closers += 1;
    }
    while end > 0 && matches!(bytes[end - 1], b'.' | b'-') {
        end -= 1;
    }
    let mut start = end;
    while start > 0 && end - start < MAX_NAME && is_name_byte(bytes[start - 1]) {
        start -= 1;
    }
    (start < end).then_some((start, end))
}

/// The literal value starting at `at`, if it is one worth redacting.
fn value_at(text: &str, at: usize, after_colon: bool, in_query: bool) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut start = at;
    if bytes.get(start) == Some(&b'\\') {
        start += 1;
    }
    match bytes.get(start) {
        Some(&quote @ (b'"' | b'\'' | b'`')) => {
            let open = start + 1;
            let mut end = open;
            while end < bytes.len() && bytes[end] != b'\n' && end - open <= MAX_VALUE {
                if bytes[end] == b'\\' {
                    // `\"` closes an escaped-JSON value; other escapes are content.
                    if bytes.get(end + 1) == Some(&quote) && start > at {
                        break;
                    }
                    end += 2;
                    continue;
                }
                if bytes[end] == quote {
                    break;
                }
                end += 1;
            }
            if end >= bytes.len() || end - open > MAX_VALUE {
                return None;
            }
            let value = text.get(open..end)?;
            is_secret(value, Shape::Quoted).then_some((open, end))
        }
        _ => {
            // Read at most one byte past the longest value: a longer run is
            // not a secret, and reading it all from every operator on one
            // long line (`password=password=...`) was quadratic.
            let length = bytes[start..]
                .iter()
                .take(MAX_VALUE + 1)
                .take_while(|&&b| {
                    let query_end = in_query && b == b'&';
                    !b.is_ascii_whitespace() && !b",;\"'<>`|".contains(&b) && !query_end
                })
                .count();
            if length > MAX_VALUE {
                return None;
            }
            let end = start + length;
            // A sentence may end right after the value, and code may close
            // a bracket the value did not open (`f(password=abc123)`).
            let value = without_unopened_closers(text[start..end].trim_end_matches('.'));
            let end = start + value.len();
            if after_colon {
                // `Note: the secret: patience is key` is prose: a colon value
                // must end its line (or be followed by a comment or a comma).
                // Only the tail's start matters: looking at the whole rest
                // of the line from every colon was quadratic.
                let rest = &text[end..];
                let blank = rest.len() - rest.trim_start_matches([' ', '\t']).len();
                let tail = &rest[blank..];
                // A random-looking value is a secret wherever it stands.
                if !(tail.is_empty()
                    || (value.len() >= 16 && super::prose::looks_random(value))
                    || tail.starts_with(['\n', '\r', '`', '\'', '"', '|'])
                    || tail.starts_with('#')
                    || tail.starts_with("//")
                    || tail.starts_with([',', '}']))
                {
                    return None;
                }
            }
            // A URL query's or a connection string's value is a literal:
            // no code stands there (`?key=…`, `;Password=…;`).
            // Looked back to the nearest `;` or line start only, and only
            // for a value that ends at one: from every value, the whole line
            // before it was quadratic on one long line.
            let connection_string = bytes.get(end) == Some(&b';')
                && memchr::memrchr2(b';', b'\n', &bytes[..start]).is_some_and(|i| bytes[i] == b';');
            let literal = in_query || connection_string;
            let shape = if literal { Shape::Literal } else { Shape::Word };
            is_secret(value, shape).then_some((start, end))
        }
    }
}

#[cfg(test)]
mod tests;

/// `value` without the closing brackets at its end that it did not open:
/// they close the code around it.
fn without_unopened_closers(mut value: &str) -> &str {
    loop {
        let Some(last) = value.bytes().last() else {
            return value;
        };
        let open = match last {
            b')' => b'(',
            b']' => b'[',
            b'}' => b'{',
            _ => return value,
        };
        let opened = value.bytes().filter(|&b| b == open).count();
        let closed = value.bytes().filter(|&b| b == last).count();
        if closed <= opened {
            return value;
        }
        value = &value[..value.len() - 1];
    }
}
