//! Values assigned to secret-looking names, in code, config, `.env`, JSON,
//! YAML and HTTP headers: `password = "hunter2"`, `"api_key": "..."`,
//! `SECRET_KEY=...`, `X-API-Key: ...`, `?token=...&`.
//!
//! The name must end with a secret word (`max_tokens`, `token_count` or
//! `password_hash` do not), be followed by `=`, `:`, `:=` or `=>`, and the
//! value must be a literal: quoted, or an unquoted word that is not an
//! identifier, a call, an attribute path, a type or a placeholder.

use super::{is_placeholder, Span};

/// Keywords that trigger the check (matched without case).
pub(super) const KEYWORDS: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "api_key",
    "api-key",
    "apikey",
    "access_key",
    "access-key",
    "accesskey",
    "private_key",
    "privatekey",
];

/// Name endings (lower-case, separators removed) and the kind they mean.
/// Longer endings first: the first that matches names the kind.
const ENDINGS: &[(&str, &str)] = &[
    ("secretaccesskey", "aws-secret-key"),
    ("clientsecret", "secret"),
    ("secretkey", "secret"),
    ("privatekey", "private-key"),
    ("accesskey", "access-key"),
    ("apikey", "api-key"),
    ("passphrase", "password"),
    ("password", "password"),
    ("passwd", "password"),
    ("secret", "secret"),
    ("token", "token"),
];

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.'
}

/// The kind of secret a name holds, if its ending says so.
fn kind_of(name: &str) -> Option<&'static str> {
    let squashed: String = name
        .bytes()
        .filter(|b| b.is_ascii_alphanumeric())
        .map(|b| b.to_ascii_lowercase() as char)
        .collect();
    ENDINGS
        .iter()
        .find(|(ending, _)| squashed.ends_with(ending))
        .map(|&(_, kind)| kind)
}

/// Checks the name around a keyword found at `at..at + len`. Returns the
/// span of the assigned value and the start of the name (so the caller can
/// skip other keywords of the same name).
pub(super) fn detect(text: &str, at: usize, len: usize) -> Option<(usize, Span)> {
    let bytes = text.as_bytes();
    let mut name_start = at;
    while name_start > 0 && is_name_byte(bytes[name_start - 1]) {
        name_start -= 1;
    }
    let mut name_end = at + len;
    while name_end < bytes.len() && is_name_byte(bytes[name_end]) {
        name_end += 1;
    }
    let name = text[name_start..name_end].trim_end_matches(['.', '-']);
    let name_end = name_start + name.len();
    let kind = kind_of(name)?;
    let mut i = name_end;
    // A quoted name: `"api_key": ...`, `\"token\": ...`, `env["TOKEN"] = ...`.
    while i < bytes.len() && matches!(bytes[i], b'"' | b'\'' | b'\\' | b']') && i < name_end + 3 {
        i += 1;
    }
    while i < bytes.len() && (bytes[i] == b' ' || bytes[i] == b'\t') {
        i += 1;
    }
    let rest = &text[i..];
    let (operator_len, colon) = if rest.starts_with(":=") || rest.starts_with("=>") {
        (2, false)
    } else if rest.starts_with("==") || rest.starts_with("::") {
        return None;
    } else if rest.starts_with('=') {
        (1, false)
    } else if rest.starts_with(':') {
        (1, true)
    } else {
        return None;
    };
    i += operator_len;
    while i < bytes.len() && (bytes[i] == b' ' || bytes[i] == b'\t') {
        i += 1;
    }
    let value = value_at(text, i, colon)?;
    Some((name_start, Span::kind(value.0, value.1, kind)))
}

/// The literal value starting at `at`, if it is one worth redacting.
fn value_at(text: &str, at: usize, after_colon: bool) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut start = at;
    if bytes.get(start) == Some(&b'\\') {
        start += 1;
    }
    match bytes.get(start) {
        Some(&quote @ (b'"' | b'\'' | b'`')) => {
            let open = start + 1;
            let mut end = open;
            while end < bytes.len() && bytes[end] != b'\n' && end - open <= 1024 {
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
            if end >= bytes.len() || end - open > 1024 {
                return None;
            }
            let value = text.get(open..end)?;
            let words = value.split_whitespace().count();
            (value.len() >= 4
                && words <= 3
                && !is_placeholder(value)
                && !is_word_list(value)
                && !is_env_name(value))
            .then_some((open, end))
        }
        _ => {
            let end = start
                + bytes[start..]
                    .iter()
                    .take_while(|&&b| {
                        !b.is_ascii_whitespace()
                            && !b",;)}]\"'<>".contains(&b)
                            && (after_colon || b != b'&')
                    })
                    .count();
            // A sentence may end right after the value.
            let value = text[start..end].trim_end_matches('.');
            let end = start + value.len();
            if after_colon {
                // `Note: the secret: patience is key` is prose: a colon value
                // must end its line (or be followed by a comment or a comma).
                let tail = text[end..].split('\n').next().unwrap_or("").trim_start();
                if !(tail.is_empty()
                    || tail.starts_with('#')
                    || tail.starts_with("//")
                    || tail.starts_with([',', '}']))
                {
                    return None;
                }
            }
            let identifier = value.bytes().all(|b| b.is_ascii_alphabetic() || b == b'_');
            let code = value.contains(['(', '[', '{', '$', '%'])
                || value.starts_with(['<', '.', '/', '~', '-', '!', '*', '@', '&'])
                || (value.contains('.')
                    && value.split('.').all(|part| {
                        !part.is_empty()
                            && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                    })
                    && !value.bytes().any(|b| b.is_ascii_digit()));
            (value.len() >= 6
                && !identifier
                && !code
                && !is_placeholder(value)
                && !is_env_name(value))
            .then_some((start, end))
        }
    }
}

/// Whether a value names an environment variable (`OPENAI_API_KEY`) rather
/// than holding a secret.
fn is_env_name(value: &str) -> bool {
    value
        .bytes()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
        && value.bytes().any(|b| b == b'_')
}

/// Words that are types, keywords or dummies rather than secrets.
fn is_word_list(value: &str) -> bool {
    const WORDS: &[&str] = &[
        "str",
        "string",
        "int",
        "bool",
        "none",
        "null",
        "true",
        "false",
        "undefined",
        "required",
        "optional",
        "password",
        "secret",
        "token",
        "admin",
        "test",
        "hidden",
        "text",
        "env",
    ];
    WORDS.contains(&value.to_ascii_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str) -> Option<(&str, &'static str)> {
        let lower = text.to_ascii_lowercase();
        let hit = KEYWORDS
            .iter()
            .filter_map(|k| lower.find(k).map(|at| (at, k.len())))
            .min()?;
        detect(text, hit.0, hit.1).map(|(_, span)| (&text[span.start..span.end], span.label_kind()))
    }

    #[test]
    fn finds_assigned_secrets() {
        let cases = [
            (r#"password = "hunter2!""#, "hunter2!", "password"),
            (r#"  "api_key": "abc123def456","#, "abc123def456", "api-key"),
            (
                "SECRET_KEY=django-insecure-9x8y7z",
                "django-insecure-9x8y7z",
                "secret",
            ),
            (
                "X-API-Key: 8f14e45fceea167a5a36",
                "8f14e45fceea167a5a36",
                "api-key",
            ),
            (
                "GET /v1?access_token=tok3n-value-99&x=1",
                "tok3n-value-99",
                "token",
            ),
            (
                "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzzzzzzzz",
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzzzzzzzz",
                "aws-secret-key",
            ),
            (r#"{\"token\": \"s3cr3t-t0ken\"}"#, "s3cr3t-t0ken", "token"),
            ("db_password: Tr0ub4dor&3", "Tr0ub4dor&3", "password"),
            ("PASSWORD=P@ssw0rd!", "P@ssw0rd!", "password"),
            (
                r#"os.environ["OPENAI_API_KEY"] = "live-key-12345""#,
                "live-key-12345",
                "api-key",
            ),
            ("clientSecret := 'a1b2c3d4e5'", "a1b2c3d4e5", "secret"),
        ];
        for (text, want, kind) in cases {
            assert_eq!(value(text), Some((want, kind)), "{text}");
        }
    }

    #[test]
    fn leaves_code_prose_and_placeholders_alone() {
        for text in [
            "max_tokens = 4096",
            "token_count: 12",
            "password_hash = bcrypt(pw)",
            "password = input()",
            "token = response.json()",
            "token = next_token",
            "def login(password: str):",
            "token: Optional[str] = None",
            "api_key = os.environ.get('KEY')",
            "The secret: patience is the key",
            r#"api_key = "YOUR_API_KEY""#,
            r#"api_key = "${OPENAI_API_KEY}""#,
            "password: <your password>",
            "if password == \"\":",
            r#"password = "[REDACTED_PASSWORD]""#,
            "secret = self.secret",
            "token: [REDACTED_TOKEN]",
            r#"secret = "The secret to good writing is rewriting""#,
            "TOKEN=$GITHUB_TOKEN",
        ] {
            assert_eq!(value(text), None, "{text}");
        }
    }
}
