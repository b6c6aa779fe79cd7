//! Speaker turns: recognizing `Gemini 3.5 Flash:` and writing `**Gemini 3.5 Flash**:`.
//!
//! A line starts a turn when it begins (no indentation) with a label and a
//! colon, optionally in bold (`**Claude**:` or `**Claude:**`), where the label
//! is one of the author's labels, an alias from the configuration, or a known
//! assistant name followed only by version and model words ("3.5", "Flash",
//! "Sonnet", "4o"). "The Takeaway: ..." or "Note: ..." are prose: their first
//! word names no speaker.

use crate::options::SpeakerOptions;
use std::collections::HashMap;

/// Longest label considered, in bytes.
const MAX_LABEL: usize = 64;
/// Most words allowed after an assistant's name ("Expert DeepThink Search").
const MAX_MODEL_WORDS: usize = 5;

/// Recognizes and rewrites speaker labels.
#[derive(Debug)]
pub(crate) struct Speakers {
    /// Exact labels (lower-cased) and the names written for them.
    renames: HashMap<String, String>,
    /// Assistant names, lower-cased, longest first.
    assistants: Vec<String>,
    /// Model words, lower-cased.
    model_words: Vec<String>,
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
        let mut renames = HashMap::new();
        for label in &options.author_labels {
            renames.insert(label.to_lowercase(), options.author.clone());
        }
        renames.insert(options.author.to_lowercase(), options.author.clone());
        for (label, name) in &options.aliases {
            renames.insert(label.to_lowercase(), name.clone());
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
        Speakers {
            renames,
            assistants,
            model_words,
        }
    }

    /// Recognizes a turn start at the beginning of `line`.
    pub(crate) fn turn<'a>(&self, line: &'a str) -> Option<Turn<'a>> {
        let head = &line.as_bytes()[..line.len().min(MAX_LABEL + 6)];
        let colon = memchr::memchr(b':', head)?;
        let (label, rest) = split_label(line, colon)?;
        let label = label.trim();
        if label.is_empty() || label.len() > MAX_LABEL {
            return None;
        }
        let lower = label.to_lowercase();
        let name = if let Some(name) = self.renames.get(&lower) {
            name.clone()
        } else if self.is_assistant_label(label) {
            label.split_whitespace().collect::<Vec<_>>().join(" ")
        } else {
            return None;
        };
        Some(Turn {
            name,
            rest: rest.trim_start(),
        })
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
            if label.len() < n || !label.is_char_boundary(n) || label[..n].to_lowercase() != *name {
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
        let mut options = SpeakerOptions::default();
        options.author = "MikeLev.in".into();
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
