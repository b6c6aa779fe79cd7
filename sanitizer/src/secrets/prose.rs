//! Secrets given in prose: a random-looking word, or a quoted string, a
//! few words after "password", "passphrase", "token", "secret" or "key"
//! in the same sentence ("The root password for the box is Zk8qP2xL",
//! "the passphrase is \"correct horse battery staple\"").
//!
//! Random-looking is judged whole: eight or more characters, not a
//! placeholder, number, path or URL, and holding a run of letters and
//! digits that does not read as a name (digits inside letters, or capitals
//! at random: `ZjljENUhJduRHHJEYXqt`), or four or more words joined by
//! dashes. Words, names, versions and `base64-encoded` are not.

use super::assign::{is_secret_quoted, word_shaped};
use super::{is_number_or_boolean, is_placeholder, Kind, Span};
use regex::Regex;
use std::sync::OnceLock;

/// Words that may stand between a secret word and a quoted value.
const COPULAS: &[&str] = &[
    "is", "was", "are", "be", "to", "as", "=", ":", "reads", "set",
];

/// How many words after the secret word a value is looked for.
const WINDOW: usize = 8;

fn secret_words() -> &'static Regex {
    static WORDS: OnceLock<Regex> = OnceLock::new();
    WORDS.get_or_init(|| {
        Regex::new(r"(?i)\b(?:password|passphrase|passwd|token|secret|key)\b")
            .expect("a valid regex")
    })
}

/// Adds a span for each value found near a secret word.
pub(super) fn find(text: &str, spans: &mut Vec<Span>) {
    let bytes = text.as_bytes();
    for found in secret_words().find_iter(text) {
        let kind = match found.as_str().to_ascii_lowercase().as_str() {
            "token" => Kind::Token,
            "secret" => Kind::Secret,
            "key" => Kind::ApiKey,
            _ => Kind::Password,
        };
        let line_end =
            memchr::memchr(b'\n', &bytes[found.end()..]).map_or(bytes.len(), |i| found.end() + i);
        // Prose: the secret word is a word of a sentence (`is`, `:` after
        // it), not part of a name or an assignment.
        if !matches!(bytes.get(found.end()), Some(b' ' | b'\t' | b':')) {
            continue;
        }
        let mut at = found.end() + usize::from(bytes[found.end()] == b':');
        // Whether only a copula stands between the secret word and here.
        let mut direct = true;
        let mut copula = false;
        for _ in 0..WINDOW {
            while at < line_end && bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            if at >= line_end {
                break;
            }
            if bytes[at] == b'"' {
                // `the passphrase is "…"`: a quoted value right after the
                // secret word or its copula, random or several words.
                let close = memchr::memchr(b'"', &bytes[at + 1..line_end]).map(|i| at + 1 + i);
                if let Some(close) = close {
                    let quoted = &text[at + 1..close];
                    // After a copula (`is "…"`) the quotes mark a literal.
                    let phrase =
                        copula || quoted.split_whitespace().count() >= 3 || looks_random(quoted);
                    if direct && phrase && is_secret_quoted(quoted) {
                        spans.push(Span::kind(at + 1, close, kind));
                    }
                }
                break;
            }
            let end = at
                + bytes[at..line_end]
                    .iter()
                    .take_while(|b| !b.is_ascii_whitespace())
                    .count();
            let word = &text[at..end];
            let value = word.trim_end_matches(['.', ',', ';', '!', '?', ':', ')']);
            let value_start = at + usize::from(value.starts_with(['`', '\'', '(']));
            let value = value
                .trim_start_matches(['`', '\'', '('])
                .trim_end_matches(['`', '\'']);
            if looks_random(value) {
                spans.push(Span::kind(value_start, value_start + value.len(), kind));
                break;
            }
            let is_copula = COPULAS.contains(&value.to_ascii_lowercase().as_str());
            direct &= is_copula;
            copula |= is_copula;
            // A sentence ends the window.
            if word.ends_with(['.', '!', '?']) && value.len() + 1 == word.len() {
                break;
            }
            at = end;
        }
    }
}

/// Whether a word reads as a generated secret (see the module docs).
pub(in crate::secrets) fn looks_random(value: &str) -> bool {
    if value.len() < 8
        || is_placeholder(value)
        || is_number_or_boolean(value)
        || value.contains("://")
        || value.starts_with(['/', '~', '$', '%', '<', '[', '{', '#', '@', '-'])
        || value.contains('\\')
    {
        return false;
    }
    // A path (`src/main.rs`) has words between its slashes.
    if value.contains('/')
        && value
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|run| !run.is_empty())
            .all(word_shaped)
    {
        return false;
    }
    let dashed: Vec<&str> = value.split('-').collect();
    if dashed.len() >= 4
        && dashed
            .iter()
            .all(|w| w.len() >= 3 && w.bytes().all(|b| b.is_ascii_lowercase()))
    {
        return true;
    }
    value
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|run| !run.is_empty())
        .any(|run| !word_shaped(run))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        let mut spans = Vec::new();
        find(text, &mut spans);
        spans.iter().map(|s| &text[s.start()..s.end()]).collect()
    }

    #[test]
    fn values_near_secret_words() {
        assert_eq!(
            found("The root password for the box is Zk8qP2xL7mN4vB9c"),
            ["Zk8qP2xL7mN4vB9c"]
        );
        assert_eq!(
            found("My API token is ZjljENUhJduRHHJEYXqt."),
            ["ZjljENUhJduRHHJEYXqt"]
        );
        assert_eq!(
            found("The passphrase is \"correct horse battery staple jump\"."),
            ["correct horse battery staple jump"]
        );
        assert_eq!(
            found("the password is correct-horse-battery-staple"),
            ["correct-horse-battery-staple"]
        );
    }

    #[test]
    fn prose_about_secrets_is_kept() {
        for text in [
            "The password must be at least 12 characters long.",
            "The key question is internationalization, not performance.",
            "The key is base64-encoded and stored in Vault.",
            "Press the key combination Ctrl+Shift+P to open it.",
            "Rotate the token every 90 days.",
            "The secret is stored at /run/secrets/db_password.",
            "Set the token to YOUR_API_TOKEN first.",
            "The key was state-of-the-art.",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }
}
