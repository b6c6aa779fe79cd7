//! Reading an editor's response: the JSON itself, or JSON inside a
//! ```` ```json ```` block or prose, repaired of the faults LLMs commonly
//! make (trailing commas, smart quotes as string delimiters, raw newlines
//! inside strings).

use serde_json::Value;

/// A response with no JSON object that can be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// The response is empty.
    #[error("the response is empty")]
    Empty,
    /// No JSON object could be found or repaired; `reason` is the JSON
    /// parser's complaint about the best candidate.
    #[error("no JSON object in the response ({reason})")]
    NoJson {
        /// The parser's message for the most plausible candidate.
        reason: String,
    },
}

/// Finds and parses the JSON object in `response`.
pub fn parse_response(response: &str) -> Result<Value, ParseError> {
    let trimmed = response.trim().trim_start_matches('\u{feff}');
    if trimmed.is_empty() {
        return Err(ParseError::Empty);
    }
    let mut candidates: Vec<&str> = vec![trimmed];
    candidates.extend(fenced_json(trimmed));
    if let (Some(start), Some(end)) = (trimmed.find('{'), trimmed.rfind('}')) {
        if start < end {
            candidates.push(&trimmed[start..=end]);
        }
    }
    let mut reason = String::new();
    let mut attempt = |text: &str| match serde_json::from_str::<Value>(text) {
        Ok(value) if value.is_object() => Some(value),
        Ok(_) => {
            reason = "the JSON is not an object".to_string();
            None
        }
        Err(err) if reason.is_empty() || err.is_eof() => {
            reason = err.to_string();
            None
        }
        Err(_) => None,
    };
    for candidate in &candidates {
        // The answer as it is first; a repaired copy only when that fails
        // (an answer can be megabytes long).
        if let Some(value) = attempt(candidate).or_else(|| attempt(&repair(candidate))) {
            return Ok(value);
        }
    }
    Err(ParseError::NoJson { reason })
}

/// The contents of ```` ```json ```` (or bare) fenced blocks.
fn fenced_json(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("```") {
        let after = &rest[open + 3..];
        let Some(line_end) = after.find('\n') else {
            break;
        };
        let info = after[..line_end].trim();
        let body = &after[line_end + 1..];
        let Some(close) = body.find("```") else { break };
        if info.is_empty() || info.eq_ignore_ascii_case("json") {
            found.push(body[..close].trim());
        }
        rest = &body[close + 3..];
    }
    found
}

/// Repairs common LLM JSON faults outside and inside strings, in one pass:
/// smart quotes used as string delimiters become `"`; raw newlines, tabs
/// and other control characters inside strings are escaped; a comma before
/// `}` or `]` is dropped; a `\u` escape of half a surrogate pair (an
/// emoji cut in two) becomes U+FFFD, as a lenient JSON reader (Python's)
/// would keep the string rather than lose the answer.
pub(crate) fn repair(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut in_string = false;
    let mut closing = '"';
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_string {
            match c {
                '\\' if chars.peek() == Some(&'u') => {
                    chars.next();
                    let unit = hex_unit(&chars);
                    let paired = unit.is_some_and(is_high_surrogate) && {
                        let mut after = chars.clone().skip(4);
                        after.next() == Some('\\')
                            && after.next() == Some('u')
                            && hex_unit(&after.peekable()).is_some_and(is_low_surrogate)
                    };
                    if paired {
                        // A whole pair: both escapes as they are.
                        out.push_str("\\u");
                        out.extend(chars.by_ref().take(10));
                    } else if unit.is_some_and(|u| is_high_surrogate(u) || is_low_surrogate(u)) {
                        out.push_str("\\ufffd");
                        chars.nth(3);
                    } else {
                        out.push_str("\\u");
                    }
                }
                '\\' => {
                    out.push(c);
                    if let Some(next) = chars.next() {
                        out.push(next);
                    }
                }
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                c if c == closing || (closing == '”' && c == '"') => {
                    out.push('"');
                    in_string = false;
                }
                '"' => out.push_str("\\\""),
                c => out.push(c),
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                closing = '"';
                out.push('"');
            }
            '“' | '”' => {
                in_string = true;
                closing = '”';
                out.push('"');
            }
            ',' => {
                let mut lookahead = chars.clone();
                while lookahead.peek().is_some_and(|c| c.is_whitespace()) {
                    lookahead.next();
                }
                if !matches!(lookahead.peek(), Some('}') | Some(']')) {
                    out.push(',');
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// The UTF-16 unit of the four hex digits `chars` starts with, if they are.
fn hex_unit(chars: &(impl Iterator<Item = char> + Clone)) -> Option<u16> {
    let digits: String = chars.clone().take(4).collect();
    (digits.len() == 4)
        .then(|| u16::from_str_radix(&digits, 16).ok())
        .flatten()
}

fn is_high_surrogate(unit: u16) -> bool {
    (0xD800..0xDC00).contains(&unit)
}

fn is_low_surrogate(unit: u16) -> bool {
    (0xDC00..0xE000).contains(&unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_plain_fenced_and_embedded_json() {
        assert_eq!(parse_response("{\"a\": 1}").expect("plain")["a"], 1);
        let fenced = "Here you go:\n\n```json\n{\"a\": 2}\n```\nEnjoy!";
        assert_eq!(parse_response(fenced).expect("fenced")["a"], 2);
        let embedded = "Sure! {\"a\": {\"b\": 3}} hope that helps";
        assert_eq!(parse_response(embedded).expect("embedded")["a"]["b"], 3);
    }

    #[test]
    fn repairs_common_faults() {
        let trailing = "{\"a\": [1, 2,], \"b\": {\"c\": 1,},}";
        assert_eq!(
            parse_response(trailing).expect("trailing commas")["a"][1],
            2
        );
        let smart = "{“title”: “A title”, \"x\": \"it’s “fine”\"}";
        let value = parse_response(smart).expect("smart quotes");
        assert_eq!(value["x"], "it’s “fine”");
        let newline = "{\"intro\": \"line one\nline two\"}";
        assert_eq!(
            parse_response(newline).expect("raw newline")["intro"],
            "line one\nline two"
        );
    }

    #[test]
    fn half_a_surrogate_pair_becomes_a_replacement_character() {
        let lone_high = "{\"title\": \"cut \\ud83d here\"}";
        assert_eq!(
            parse_response(lone_high).expect("lone high")["title"],
            "cut \u{fffd} here"
        );
        let lone_low = "{\"title\": \"\\ude00 at the start, \\ud83d\"}";
        assert_eq!(
            parse_response(lone_low).expect("lone low")["title"],
            "\u{fffd} at the start, \u{fffd}"
        );
        let whole = "{\"title\": \"a \\ud83d\\ude00 smile, \\u00e9\", \"x\": [1,]}";
        assert_eq!(
            parse_response(whole).expect("a whole pair")["title"],
            "a \u{1f600} smile, \u{e9}"
        );
        let escaped_backslash = "{\"path\": \"C:\\\\ud800\", \"x\": [1,]}";
        assert_eq!(
            parse_response(escaped_backslash).expect("not an escape")["path"],
            "C:\\ud800"
        );
    }

    #[test]
    fn says_why_nothing_parsed() {
        assert_eq!(parse_response("  "), Err(ParseError::Empty));
        let err = parse_response("{\"a\": [1, 2").expect_err("truncated");
        assert!(err.to_string().contains("EOF"), "{err}");
        assert!(parse_response("I cannot help with that.").is_err());
        assert!(parse_response("[1, 2]").is_err());
    }
}
