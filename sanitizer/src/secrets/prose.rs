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

use super::assign::{is_secret_quoted, word_shaped, MAX_VALUE};
use super::{is_number_or_boolean, is_placeholder, Kind, Span};

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Words that may stand between a secret word and a quoted value.
const COPULAS: &[&str] = &[
    "is", "was", "are", "be", "to", "as", "=", ":", "reads", "set",
];

/// How many words after the secret word a value is looked for.
const WINDOW: usize = 8;

/// The secret words, each in the cases prose writes them (`key`, `Key`,
/// `KEY`).
const SECRET_WORDS: &[&str] = &[
    "password",
    "Password",
    "PASSWORD",
    "passphrase",
    "Passphrase",
    "PASSPHRASE",
    "passwd",
    "Passwd",
    "PASSWD",
    "token",
    "Token",
    "TOKEN",
    "secret",
    "Secret",
    "SECRET",
    "key",
    "Key",
    "KEY",
];

/// The literals of the shared trigger search that start a secret word:
/// as few as cover [`SECRET_WORDS`] (`passw` for `password` and `passwd`),
/// so that the search stays in its fastest form, and none shorter than
/// four bytes (`key` is followed by what prose puts after it). Capitalized
/// `Passphrase`, and upper-case `PASSPHRASE`, `TOKEN` and `SECRET` (names
/// rather than prose), are left to the assignment detector.
pub(in crate::secrets) const SECRET_WORD_TRIGGERS: &[&str] = &[
    "passw",
    "Passw",
    "PASSW",
    "passphrase",
    "token",
    "Token",
    "secret",
    "Secret",
    "key ",
    "key:",
    "Key ",
    "Key:",
    "KEY ",
    "KEY:",
];

/// The value near the secret word at `start` (one of [`SECRET_WORDS`]).
pub(in crate::secrets) fn near_word(text: &str, start: usize, spans: &mut Vec<Span>) {
    let bytes = text.as_bytes();
    let Some(word) = SECRET_WORDS.iter().find(|w| text[start..].starts_with(*w)) else {
        return;
    };
    let end = start + word.len();
    // A word of its own: not part of another (`monkey`, `tokens`).
    if start > 0 && is_word(bytes[start - 1]) {
        return;
    }
    let kind = if word.eq_ignore_ascii_case("token") {
        Kind::Token
    } else if word.eq_ignore_ascii_case("secret") {
        Kind::Secret
    } else if word.eq_ignore_ascii_case("key") {
        Kind::ApiKey
    } else {
        Kind::Password
    };
    // Prose: the secret word is a word of a sentence (`is`, `:` after
    // it), not part of a name or an assignment.
    if !matches!(bytes.get(end), Some(b' ' | b'\t' | b':')) {
        return;
    }
    // The line's end is found as the words are read, never searched for:
    // from every secret word of a long line, that search was quadratic.
    // A word or a quoted value is read for at most MAX_VALUE bytes.
    let line_end = bytes.len();
    let mut at = end + usize::from(bytes[end] == b':');
    // Whether only copulas stand between the secret word and here.
    let mut direct = true;
    let mut copula = false;
    for _ in 0..WINDOW {
        while at < line_end && bytes[at].is_ascii_whitespace() && bytes[at] != b'\n' {
            at += 1;
        }
        if at >= line_end || bytes[at] == b'\n' {
            return;
        }
        if bytes[at] == b'"' {
            // `the passphrase is "…"`: a quoted value right after the
            // secret word or its copula, random or several words.
            let reach = line_end.min(at + 2 + MAX_VALUE);
            let close = memchr::memchr2(b'"', b'\n', &bytes[at + 1..reach])
                .map(|i| at + 1 + i)
                .filter(|&close| bytes[close] == b'"');
            if let Some(close) = close {
                let quoted = &text[at + 1..close];
                // After a copula (`is "…"`) the quotes mark a literal.
                let phrase =
                    copula || quoted.split_whitespace().count() >= 3 || looks_random(quoted);
                if direct && phrase && is_secret_quoted(quoted) {
                    spans.push(Span::kind(at + 1, close, kind));
                }
            }
            return;
        }
        let reach = line_end.min(at + MAX_VALUE + 1);
        let word_end = at
            + bytes[at..reach]
                .iter()
                .take_while(|b| !b.is_ascii_whitespace())
                .count();
        if word_end - at > MAX_VALUE {
            return;
        }
        let word = &text[at..word_end];
        let value = word.trim_end_matches(['.', ',', ';', '!', '?', ':', ')']);
        let value_start = at + usize::from(value.starts_with(['`', '\'', '(']));
        let value = value
            .trim_start_matches(['`', '\'', '('])
            .trim_end_matches(['`', '\'']);
        if looks_random(value) {
            spans.push(Span::kind(value_start, value_start + value.len(), kind));
            return;
        }
        let is_copula = COPULAS.iter().any(|c| c.eq_ignore_ascii_case(value));
        direct &= is_copula;
        copula |= is_copula;
        // A sentence ends the window.
        if word.ends_with(['.', '!', '?']) && value.len() + 1 == word.len() {
            return;
        }
        at = word_end;
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
        for (at, _) in text.char_indices() {
            near_word(text, at, &mut spans);
        }
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
