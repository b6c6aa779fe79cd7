//! Whether a value assigned to a secret-named key is a secret: any literal,
//! whatever its alphabet or punctuation, that is not a placeholder, a
//! reference, a number, a boolean, or code (a variable, a call, a type).

use super::super::{is_number_or_boolean, is_placeholder};

/// How a value stands after its operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    /// Inside quotes: a string literal, whatever it holds.
    Quoted,
    /// The rest of a line that is one assignment (`.env`, YAML): a literal.
    Line,
    /// One unquoted word in code or prose: a literal unless it reads as a
    /// name (a variable, a type).
    Word,
    /// One unquoted word where no code stands (a shell assignment, a URL
    /// query, a connection string): a literal, whatever it reads as.
    Literal,
}

/// Whether `value` is a secret assigned in `shape`.
pub(super) fn is_secret(value: &str, shape: Shape) -> bool {
    let words = value.split_whitespace().count();
    let min = if shape == Shape::Quoted { 4 } else { 6 };
    if value.len() < min
        || is_placeholder(value)
        || is_number_or_boolean(value)
        || is_env_name(value)
        || is_word_list(value)
        || words > 8
    {
        return false;
    }
    match shape {
        Shape::Quoted => {
            // `"Enter the secret:", Input(...)`: the quote after the colon
            // closes a string; what follows is code.
            let code_after = value.starts_with(|c: char| c.is_whitespace() || ",;)}]".contains(c))
                || value.contains(", ");
            let sentence = words > 1 && value.ends_with(['.', '?', '!', ':']);
            let prose = words > 3 && reads_as_a_sentence(value);
            !(code_after || sentence || prose)
        }
        Shape::Line => {
            let type_name = words == 1 && is_type_name(value);
            !looks_like_code(value) && !type_name
        }
        Shape::Word => !looks_like_code(value) && !word_shaped(value),
        Shape::Literal => !looks_like_code(value),
    }
}

/// Whether several words read as a sentence rather than a passphrase:
/// one of them is a short function word.
fn reads_as_a_sentence(value: &str) -> bool {
    const FUNCTION_WORDS: &[&str] = &[
        "the", "is", "to", "a", "an", "of", "and", "for", "your", "with", "this", "in", "be",
    ];
    value
        .split_whitespace()
        .any(|w| FUNCTION_WORDS.iter().any(|f| f.eq_ignore_ascii_case(w)))
}

/// Whether letters (and digits, underscores) read as a name: lower case,
/// upper case, snake case, or camel/Pascal case whose every capital starts
/// a lower-case run of two or more (one acronym allowed). Random letters
/// (`ZjljENUhJduRHHJEYXqt`) are not name-shaped.
pub(in crate::secrets) fn word_shaped(value: &str) -> bool {
    let bytes = value.as_bytes();
    if !bytes
        .iter()
        .all(|b| b.is_ascii_alphanumeric() || *b == b'_')
    {
        return false;
    }
    let letters = value.trim_end_matches(|c: char| c.is_ascii_digit());
    if letters.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    // All one case, or a capitalized word (`Strengths`): a word's shape.
    let inner_capital = letters.bytes().skip(1).any(|b| b.is_ascii_uppercase());
    if !letters.bytes().any(|b| b.is_ascii_lowercase()) || !inner_capital {
        return true;
    }
    if !pronounceable(letters) {
        return false;
    }
    let mut acronyms = 0;
    for part in letters.split('_').filter(|p| !p.is_empty()) {
        let p = part.as_bytes();
        let mut i = 0;
        while i < p.len() {
            if p[i].is_ascii_uppercase() {
                let caps = p[i..].iter().take_while(|b| b.is_ascii_uppercase()).count();
                let lower = p[i + caps..]
                    .iter()
                    .take_while(|b| b.is_ascii_lowercase())
                    .count();
                if caps > 1 {
                    acronyms += 1;
                    if acronyms > 1 || caps > 5 {
                        return false;
                    }
                } else if lower < 2 && i + caps + lower < p.len() {
                    return false;
                }
                i += caps + lower;
            } else {
                i += 1;
            }
        }
    }
    true
}

/// Whether the words of a name (split at capitals and underscores) read as
/// words: at most one of two or more letters without a vowel (`Ctrl`),
/// and no five consonants in a row. Random letters fail this as
/// a rule (`fzyqlKtbHVUiJnuzmRarlk`, `oUkiwGsvDlwQfcMAn`).
fn pronounceable(letters: &str) -> bool {
    let vowel = |b: u8| b"aeiouyAEIOUY".contains(&b);
    let mut humps: Vec<&[u8]> = Vec::new();
    for part in letters.split('_') {
        let p = part.as_bytes();
        let mut start = 0;
        for i in 1..p.len() {
            let lower_to_upper = p[i].is_ascii_uppercase() && p[i - 1].is_ascii_lowercase();
            let acronym_end = p[i].is_ascii_uppercase()
                && p[i - 1].is_ascii_uppercase()
                && p.get(i + 1).is_some_and(u8::is_ascii_lowercase);
            if lower_to_upper || acronym_end {
                humps.push(&p[start..i]);
                start = i;
            }
        }
        humps.push(&p[start..]);
    }
    // Words average more than three letters; random capitals cut letters
    // into shorter humps (`ueaAapExfkYZiA`).
    let worded: Vec<&[u8]> = humps
        .iter()
        .copied()
        .filter(|hump| !hump.iter().all(u8::is_ascii_uppercase))
        .collect();
    let letters_in_humps: usize = worded.iter().map(|hump| hump.len()).sum();
    if worded.len() >= 4 && letters_in_humps * 2 < worded.len() * 7 {
        return false;
    }
    let mut bare = 0;
    for hump in humps {
        if hump.iter().all(u8::is_ascii_uppercase) {
            continue;
        }
        if hump.len() >= 2 && !hump.iter().any(|&b| vowel(b)) {
            bare += 1;
        }
        // `y` counts as a consonant in a run (`fzyql`).
        let mut run = 0;
        for &b in hump {
            run = if vowel(b) && !b.eq_ignore_ascii_case(&b'y') {
                0
            } else {
                run + 1
            };
            if run >= 5 {
                return false;
            }
        }
    }
    bare <= 1
}

/// A name-shaped value that reads as a type (`SecretStr`, `String`) rather
/// than a passphrase: at most three humps.
fn is_type_name(value: &str) -> bool {
    word_shaped(value) && value.bytes().filter(u8::is_ascii_uppercase).count() <= 3
}

/// Whether an unquoted value is code or a reference rather than a literal,
/// judged whole: a variable (`$X`), a call or an index
/// (`get_token()`, `request.form['password']`), a type (`Optional[str]`),
/// an attribute path (`self.token`), a path, an expression. Punctuation
/// inside a value is not enough (`Xy7$kLm9Qr`, `a(b)c9`).
pub(super) fn looks_like_code(value: &str) -> bool {
    let base64_key = value.len() >= 40
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='));
    if base64_key {
        return false;
    }
    let ident = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .next()
                .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b':')
    };
    let call = |open: char, close: char| {
        value.split_once(open).is_some_and(|(head, _)| ident(head))
            && value.trim_end_matches([';', ',']).ends_with(close)
    };
    let dotted_path = value.contains('.')
        && value.split('.').all(|part| {
            !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        })
        && !value.bytes().any(|b| b.is_ascii_digit());
    let negation = value.strip_prefix('!').is_some_and(|rest| {
        !rest.is_empty()
            && rest
                .bytes()
                .all(|b| b.is_ascii_alphabetic() || b == b'_' || b == b'.')
    });
    // `get_key(secret_key`, `Optional[str]=None`: a call or a type opens
    // after a name (of words: `Xk(9` is not one).
    let words_of_a_name = |head: &str| {
        let parts: Vec<&str> = head
            .split(['.', ':', '_'])
            .filter(|p| !p.is_empty())
            .collect();
        parts.iter().all(|p| p.len() >= 2 && word_shaped(p)) && parts.iter().any(|p| p.len() >= 3)
    };
    let opens_after_name = value
        .find(['(', '['])
        .is_some_and(|at| ident(&value[..at]) && words_of_a_name(&value[..at]));
    value.starts_with([
        '$', '<', '.', '/', '~', '-', '*', '@', '&', '[', '{', '%', '(', '!', '|', '>',
    ]) && !negation_is_password(value)
        || opens_after_name
        || call('(', ')')
        || call('[', ']')
        || (value.ends_with('(') || value.ends_with('['))
        || value.contains(" = ")
        || value.contains(" + ")
        || dotted_path
        || negation
}

/// `!Qaz2wsx#Edc`: a value starting with `!` that holds a digit and
/// punctuation is a password, not a negation or a YAML tag.
fn negation_is_password(value: &str) -> bool {
    value.starts_with('!')
        && value.bytes().any(|b| b.is_ascii_digit())
        && value.len() >= 8
        && !value.contains(' ')
}

/// Whether a value names an environment variable (`OPENAI_API_KEY`) rather
/// than holding a secret.
pub(super) fn is_env_name(value: &str) -> bool {
    value
        .bytes()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
        && value.bytes().any(|b| b == b'_')
}

/// Words that are types, keywords or dummies rather than secrets.
pub(super) fn is_word_list(value: &str) -> bool {
    const WORDS: &[&str] = &[
        "str",
        "string",
        "int",
        "bool",
        "bytes",
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
        "secretstr",
        "any",
        "object",
    ];
    let value = value.trim_end_matches(',');
    WORDS.iter().any(|word| word.eq_ignore_ascii_case(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_name_shaped_and_random_letters_are_not() {
        for name in [
            "password",
            "dbPassword",
            "SecretStr",
            "HTTPServer",
            "get_token",
            "API_KEY",
            "x2",
        ] {
            assert!(word_shaped(name), "{name}");
        }
        for value in [
            "ZjljENUhJduRHHJEYXqt",
            "GYhknhXQINsgblmKGt",
            "aBcDeF",
            "Zk8qP2xL",
        ] {
            assert!(!word_shaped(value), "{value}");
        }
    }

    #[test]
    fn literals_are_secrets_and_code_is_not() {
        for (value, shape) in [
            ("ZjljENUhJduRHHJEYXqt", Shape::Word),
            ("CorrectHorseBatteryStaple", Shape::Line),
            ("a$b#c(d)e^f&g1", Shape::Word),
            ("correct horse battery staple jump", Shape::Quoted),
            ("!Qaz2wsx#Edc", Shape::Line),
        ] {
            assert!(is_secret(value, shape), "{value}");
        }
        for (value, shape) in [
            ("get_token()", Shape::Word),
            ("request.form['password']", Shape::Word),
            ("Optional[str]", Shape::Line),
            ("self.token", Shape::Word),
            ("SecretStr", Shape::Line),
            ("password_input", Shape::Word),
            ("${DB_PASSWORD:?missing}", Shape::Line),
            ("4096", Shape::Word),
            ("true", Shape::Quoted),
        ] {
            assert!(!is_secret(value, shape), "{value}");
        }
    }
}
