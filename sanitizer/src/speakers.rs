//! Speaker turns: recognizing `Gemini 3.5 Flash:` and writing `**Gemini 3.5 Flash**:`.
//!
//! A line starts a turn when it begins (no indentation) with a label and a
//! colon, optionally in bold (`**Claude**:` or `**Claude:**`), where the label
//! is one of the author's labels, an alias from the configuration, or a known
//! assistant name followed only by version and model words ("3.5", "Flash",
//! "Sonnet", "4o"). "The Takeaway: ..." or "Note: ..." are prose: their first
//! word names no speaker.

use crate::options::SpeakerOptions;
use std::collections::HashSet;

/// Whether `label` equals `lower` (already lower-case) without case.
fn same_text(lower: &str, label: &str) -> bool {
    let first = |s: &str| s.as_bytes().first().map(u8::to_ascii_lowercase);
    if first(lower) != first(label) {
        return false;
    }
    if label.is_ascii() {
        lower.eq_ignore_ascii_case(label)
    } else {
        label.to_lowercase() == lower
    }
}

/// Longest label considered, in bytes.
const MAX_LABEL: usize = 64;
/// Most words allowed after an assistant's name ("Expert DeepThink Search").
const MAX_MODEL_WORDS: usize = 5;

/// Recognizes and rewrites speaker labels.
#[derive(Debug)]
pub(crate) struct Speakers {
    /// Exact labels and the names written for them (compared without case).
    renames: Vec<(String, String)>,
    /// Assistant names, lower-cased, longest first.
    assistants: Vec<String>,
    /// Model words, lower-cased.
    model_words: Vec<String>,
    /// The bytes a turn line can start with (lower-cased first bytes of
    /// every label, and `*`): most lines are rejected on their first byte.
    first_bytes: [bool; 256],
    /// The first words of every label, lower-cased (`gemini`, `me`,
    /// `mikelev.in`): a line whose first word is not one of them is not a
    /// turn, which settles most lines without looking for a colon.
    first_words: HashSet<Vec<u8>>,
}

/// Longest first word kept for the quick check.
const MAX_FIRST_WORD: usize = 24;

/// The first word of a label or line, after an optional `**`: the bytes up
/// to a space, colon, asterisk or hyphen, lower-cased.
fn first_word(text: &str, buffer: &mut [u8; MAX_FIRST_WORD]) -> Option<usize> {
    let bytes = text.strip_prefix("**").unwrap_or(text).as_bytes();
    let mut n = 0;
    for &b in bytes {
        if matches!(b, b' ' | b':' | b'*' | b'-' | b'\t') {
            break;
        }
        if n == MAX_FIRST_WORD {
            return None;
        }
        buffer[n] = b.to_ascii_lowercase();
        n += 1;
    }
    (n > 0).then_some(n)
}

/// A recognized turn start.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Turn<'a> {
    /// The name to write.
    pub name: String,
    /// The text after the colon, leading spaces removed.
    pub rest: &'a str,
}

impl Speakers {
    pub(crate) fn new(options: &SpeakerOptions) -> Self {
        // Aliases first: they are the most specific.
        let mut renames: Vec<(String, String)> = options
            .aliases
            .iter()
            .map(|(label, name)| (label.to_lowercase(), name.clone()))
            .collect();
        for label in options
            .author_labels
            .iter()
            .chain(std::iter::once(&options.author))
        {
            renames.push((label.to_lowercase(), options.author.clone()));
        }
        let mut assistants: Vec<String> = options
            .assistants
            .iter()
            .map(|a| a.to_lowercase())
            .collect();
        assistants.sort_by_key(|a| std::cmp::Reverse(a.len()));
        let model_words = options
            .model_words
            .iter()
            .map(|w| w.to_lowercase())
            .collect();
        let mut first_bytes = [false; 256];
        first_bytes[usize::from(b'*')] = true;
        for label in renames.iter().map(|(label, _)| label).chain(&assistants) {
            if let Some(&b) = label.as_bytes().first() {
                first_bytes[usize::from(b.to_ascii_lowercase())] = true;
                first_bytes[usize::from(b.to_ascii_uppercase())] = true;
            }
        }
        let mut first_words = HashSet::new();
        let mut buffer = [0u8; MAX_FIRST_WORD];
        for label in renames.iter().map(|(label, _)| label).chain(&assistants) {
            if let Some(n) = first_word(label, &mut buffer) {
                first_words.insert(buffer[..n].to_vec());
            }
        }
        Speakers {
            renames,
            assistants,
            model_words,
            first_bytes,
            first_words,
        }
    }

    /// Recognizes a turn start at the beginning of `line`.
    pub(crate) fn turn<'a>(&self, line: &'a str) -> Option<Turn<'a>> {
        let (label, rest, rename) = self.label(line)?;
        let name = match rename {
            Some(name) => name.to_string(),
            None => label.split_whitespace().collect::<Vec<_>>().join(" "),
        };
        Some(Turn {
            name,
            rest: rest.trim_start(),
        })
    }

    /// Whether `line` starts a turn ([`turn`](Self::turn) without making
    /// the name: the fence planner asks this of every line).
    pub(crate) fn is_turn(&self, line: &str) -> bool {
        self.label(line).is_some()
    }

    /// The label of the turn `line` starts, what follows its colon, and
    /// the name a rename gives it.
    fn label<'a, 's>(&'s self, line: &'a str) -> Option<(&'a str, &'a str, Option<&'s str>)> {
        if !self.first_bytes[usize::from(*line.as_bytes().first()?)] {
            return None;
        }
        let mut buffer = [0u8; MAX_FIRST_WORD];
        let n = first_word(line, &mut buffer)?;
        if !self.first_words.contains(&buffer[..n]) {
            return None;
        }
        let head = &line.as_bytes()[..line.len().min(MAX_LABEL + 6)];
        let colon = memchr::memchr(b':', head)?;
        let (label, rest) = split_label(line, colon)?;
        let label = label.trim();
        if label.is_empty() || label.len() > MAX_LABEL {
            return None;
        }
        if let Some((_, name)) = self
            .renames
            .iter()
            .find(|(known, _)| same_text(known, label))
        {
            return Some((label, rest, Some(name)));
        }
        self.is_assistant_label(label)
            .then_some((label, rest, None))
    }

    /// Rewrites `line` in the canonical style if it starts a turn. Returns
    /// `None` when the line is not a turn; the result may equal `line`.
    pub(crate) fn normalize(&self, line: &str) -> Option<String> {
        let turn = self.turn(line)?;
        Some(if turn.rest.is_empty() {
            format!("**{}**:", turn.name)
        } else {
            format!("**{}**: {}", turn.name, turn.rest)
        })
    }

    /// Whether what follows an assistant's name is only model words:
    /// versions (`3.5`, `4o`, `-4o`), known model words (`Flash`,
    /// `DeepThink`) or a parenthesized note, at most [`MAX_MODEL_WORDS`].
    fn model_words(&self, after: &str) -> bool {
        let words: Vec<&str> = after.split([' ', '-']).filter(|w| !w.is_empty()).collect();
        words.len() <= MAX_MODEL_WORDS
            && words.iter().all(|word| {
                let versionish = word.bytes().any(|b| b.is_ascii_digit())
                    && word.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.');
                let known = self
                    .model_words
                    .iter()
                    .any(|w| w.eq_ignore_ascii_case(word));
                versionish || known || (word.starts_with('(') && word.ends_with(')'))
            })
    }

    fn is_assistant_label(&self, label: &str) -> bool {
        self.assistants.iter().any(|name| {
            let n = name.len();
            if label.len() < n || !label.is_char_boundary(n) || !same_text(name, &label[..n]) {
                return false;
            }
            let after = &label[n..];
            match after.as_bytes().first() {
                None => true,
                Some(b' ') | Some(b'-') => self.model_words(after),
                Some(_) => false,
            }
        })
    }
}

/// Splits `**Label**: rest`, `**Label:** rest` and `Label: rest` at the colon
/// found at byte `colon`.
fn split_label(line: &str, colon: usize) -> Option<(&str, &str)> {
    if let Some(inner) = line.strip_prefix("**") {
        let colon = colon - 2;
        if inner[..colon].ends_with("**") {
            return Some((&inner[..colon - 2], &inner[colon + 1..]));
        }
        if inner[colon + 1..].starts_with("**") {
            return Some((&inner[..colon], &inner[colon + 3..]));
        }
        return None;
    }
    if line.starts_with([' ', '\t', '*', '#', '>', '-']) {
        return None;
    }
    Some((&line[..colon], &line[colon + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speakers() -> Speakers {
        let mut options = SpeakerOptions {
            author: "MikeLev.in".into(),
            ..SpeakerOptions::default()
        };
        options.author_labels.push("MikeLev.in".into());
        options
            .aliases
            .insert("Claude Opus".into(), "Claude".into());
        Speakers::new(&options)
    }

    #[test]
    fn normalizes_the_labels_of_a_multi_ai_transcript() {
        let s = speakers();
        let cases = [
            ("Me: hello", "**MikeLev.in**: hello"),
            ("MikeLev.in: Okay, so", "**MikeLev.in**: Okay, so"),
            (
                "Gemini 3.5 Flash: Your breakdown",
                "**Gemini 3.5 Flash**: Your breakdown",
            ),
            ("ChatGPT 5.5:", "**ChatGPT 5.5**:"),
            ("Claude Sonnet 4.6: Sure.", "**Claude Sonnet 4.6**: Sure."),
            (
                "DeepSeek Expert DeepThink Search: The Bunny",
                "**DeepSeek Expert DeepThink Search**: The Bunny",
            ),
            ("Grok Fast: yes", "**Grok Fast**: yes"),
            ("**Claude**: already bold", "**Claude**: already bold"),
            ("**Claude:** colon inside", "**Claude**: colon inside"),
            ("GPT-4o: hi", "**GPT-4o**: hi"),
            ("Claude Opus: renamed", "**Claude**: renamed"),
            (
                "Gemini 2.5 Pro (preview):   spaced",
                "**Gemini 2.5 Pro (preview)**: spaced",
            ),
        ];
        for (input, want) in cases {
            assert_eq!(s.normalize(input).as_deref(), Some(want), "{input}");
            assert_eq!(
                s.normalize(want).as_deref(),
                Some(want),
                "idempotent: {want}"
            );
        }
    }

    #[test]
    fn leaves_prose_with_colons_alone() {
        let s = speakers();
        for line in [
            "The Takeaway: your analogy is perfect.",
            "Note: this is prose",
            "Old Way: a startup",
            "Layer 1: the public-cloud landlords.",
            "Claude is great: it writes well",
            "Gemini models: a list",
            "http://example.com: a url",
            "  Me: indented",
            "- Me: a list item",
            "> Claude: quoted",
            "No colon here",
            "Consortium Blueprint: The Stargate Pivot",
            "Gemini Integration: how we did it",
            "Cursor Rules: a file",
        ] {
            assert_eq!(s.normalize(line), None, "{line}");
        }
    }
}
