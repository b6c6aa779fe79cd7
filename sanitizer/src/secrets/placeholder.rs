//! What a value is when it is not a secret: a placeholder, a reference to
//! one held elsewhere, a number or a boolean. Always judged by the whole
//! value, never by a substring: a real key may hold `XXX` or `here`.

/// Words that make a value a placeholder when one of them is a whole word
/// of it (split at anything but letters and digits).
const PLACEHOLDER_WORDS: &[&str] = &[
    "example",
    "placeholder",
    "changeme",
    "change",
    "dummy",
    "redacted",
    "replace",
    "insert",
    "sample",
    "fake",
    "todo",
    "tbd",
    "secret_value",
    "mysecret",
    "mypassword",
    "yourpassword",
    "password123",
];

/// Whether a value is a placeholder rather than a secret: all masks
/// (`xxxx`, `****`, `<token>`), cut short (`sk-...`), addressed to the
/// reader (`YOUR_API_KEY`, `your-key-here`), a word such as `example` or
/// `changeme`, AWS's documentation keys (`…EXAMPLE`), or a reference
/// ([`is_reference`]).
pub(crate) fn is_placeholder(value: &str) -> bool {
    let value = value.trim_matches(|c: char| c == '"' || c == '\'' || c.is_whitespace());
    if value.is_empty() || is_reference(value) {
        return true;
    }
    let mask = |c: char| matches!(c, 'x' | 'X' | '*' | '.' | '…' | '#' | '•' | '0' | '-' | '_');
    let first = value.chars().next();
    if value.chars().all(mask) || value.chars().all(|c| Some(c) == first) {
        return true;
    }
    // Cut short: a value shown with an ellipsis at its end or start, or
    // with only its last few characters after one (`sk-...4f2a`), is not
    // the value; a password may hold dots.
    for ellipsis in ["...", "…"] {
        if let Some(at) = value.find(ellipsis) {
            if at == 0 || value.len() - at - ellipsis.len() <= 6 {
                return true;
            }
        }
    }
    // A word of masks that is most of the value (`ghp_xxxxxxxx…`, `sk-****`).
    let longest_mask = value
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '*')
        .filter(|word| word.len() >= 4 && word.chars().all(mask))
        .map(str::len)
        .max()
        .unwrap_or(0);
    if longest_mask * 2 >= value.len() {
        return true;
    }
    // Compared without case, never lowered into a copy: this runs for
    // every candidate value.
    let bytes = value.as_bytes();
    let starts = |prefix: &str| {
        bytes
            .get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
    };
    let ends = |suffix: &str| {
        bytes.len() >= suffix.len()
            && bytes[bytes.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
    };
    if starts("your")
        || ends("here")
        || value.ends_with("EXAMPLE")
        || value.ends_with("EXAMPLEKEY")
        || starts("[redacted")
    {
        return true;
    }
    value
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .flat_map(|word| std::iter::once(word).chain(word.split('_')))
        .any(|word| {
            PLACEHOLDER_WORDS
                .iter()
                .any(|p| p.eq_ignore_ascii_case(word))
        })
}

/// Whether a value refers to a secret held elsewhere rather than holding
/// one, judged whole: `$X`, `${X}`, `${X:?missing}`, `$(cmd)`, `$env:X`,
/// `%X%`, `<…>`, `{{ … }}`, `${{ … }}`.
pub(crate) fn is_reference(value: &str) -> bool {
    let name = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b':' || b == b'.')
    };
    if let Some(rest) = value.strip_prefix('$') {
        return name(rest)
            || (rest.starts_with('{') && rest.ends_with('}'))
            || (rest.starts_with('(') && rest.ends_with(')'));
    }
    (value.len() > 2
        && value.starts_with('%')
        && value.ends_with('%')
        && name(&value[1..value.len() - 1]))
        || (value.starts_with('<') && value.ends_with('>'))
        || (value.starts_with("{{") && value.ends_with("}}"))
}

/// Whether a value is a number, a boolean or a null: a setting, not a
/// secret.
pub(crate) fn is_number_or_boolean(value: &str) -> bool {
    [
        "true",
        "false",
        "yes",
        "no",
        "on",
        "off",
        "null",
        "nil",
        "none",
        "undefined",
    ]
    .iter()
    .any(|word| word.eq_ignore_ascii_case(value))
        || (!value.is_empty()
            && value
                .bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'_' | b'e')))
            && value.bytes().any(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_judged_whole() {
        for value in [
            "YOUR_API_KEY",
            "your-key-here",
            "xxxxxxxx",
            "********",
            "sk-...",
            "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "AKIAIOSFODNN7EXAMPLE",
            "changeme",
            "<token>",
            "${DB_PASSWORD:?missing}",
            "%API_TOKEN%",
            "{{ .Values.password }}",
            "insert_token_here",
            "sk-...4f2a",
            "…",
        ] {
            assert!(is_placeholder(value), "{value}");
        }
        for value in [
            "AIzaSyA1b2C3XXXd4E5f6G7h8I9j0K1l2M3n4O5",
            "Zk8qP2xL7mN4vB9here1",
            "hereIsMyRealPassword9",
            "ZjljENUhJduRHHJEYXqt",
            "h...j9_^A(610Ya3Z",
        ] {
            assert!(!is_placeholder(value), "{value}");
        }
    }

    #[test]
    fn numbers_and_booleans() {
        for value in ["12", "true", "None", "4096", "1.5"] {
            assert!(is_number_or_boolean(value), "{value}");
        }
        for value in ["hunter2", "e", "Zk8q"] {
            assert!(!is_number_or_boolean(value), "{value}");
        }
    }
}
