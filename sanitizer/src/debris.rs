//! Chat-UI debris: lines like "Copy code" or "Show thinking" that copying
//! from a chat interface leaves behind.

use regex::Regex;
use std::collections::HashSet;

/// Lines longer than this are never debris (cheap early exit).
const MAX_DEBRIS_LEN: usize = 120;

/// Recognizes debris lines.
#[derive(Debug)]
pub(crate) struct Debris {
    exact: HashSet<String>,
    /// Byte lengths of the exact lines: a cheap test before lower-casing.
    lengths: [bool; MAX_DEBRIS_LEN + 1],
    /// All patterns as one anchored alternation.
    patterns: Option<Regex>,
}

/// A debris pattern from the configuration that is not a valid regex.
#[derive(Debug, thiserror::Error)]
#[error("invalid debris pattern {pattern:?}: {reason}")]
pub struct DebrisPatternError {
    /// The pattern as configured.
    pub pattern: String,
    /// Why the regex engine rejected it.
    pub reason: String,
}

impl Debris {
    pub(crate) fn new(lines: &[String], patterns: &[String]) -> Result<Self, DebrisPatternError> {
        let exact: HashSet<String> = lines.iter().map(|l| l.trim().to_lowercase()).collect();
        let mut lengths = [false; MAX_DEBRIS_LEN + 1];
        for line in exact.iter().filter(|l| l.len() <= MAX_DEBRIS_LEN) {
            lengths[line.len()] = true;
        }
        for p in patterns {
            Regex::new(p).map_err(|e| DebrisPatternError {
                pattern: p.clone(),
                reason: e.to_string(),
            })?;
        }
        let patterns = if patterns.is_empty() {
            None
        } else {
            let alternation: Vec<String> = patterns.iter().map(|p| format!("(?:{p})")).collect();
            let combined = format!("^(?:{})$", alternation.join("|"));
            Some(Regex::new(&combined).map_err(|e| DebrisPatternError {
                pattern: combined,
                reason: e.to_string(),
            })?)
        };
        Ok(Debris {
            exact,
            lengths,
            patterns,
        })
    }

    /// Whether `line` (a whole line of prose) is debris.
    pub(crate) fn is_debris(&self, line: &str) -> bool {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.len() > MAX_DEBRIS_LEN {
            return false;
        }
        (self.lengths[trimmed.len()] && self.exact.contains(&trimmed.to_lowercase()))
            || self.patterns.iter().any(|p| p.is_match(trimmed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::Options;

    #[test]
    fn recognizes_default_debris_and_spares_prose() {
        let o = Options::default();
        let d = Debris::new(&o.debris_lines, &o.debris_patterns).expect("valid defaults");
        for line in [
            "Copy code",
            "  show thinking ",
            "👍",
            "Thought for 12s",
            "Thought for 1.5 minutes",
            "2 / 2",
            "🤖 Read Raw Markdown",
            "Edit",
            "Use code with caution.",
        ] {
            assert!(d.is_debris(line), "{line}");
        }
        for line in [
            "Copy code from here to there.",
            "Edit the file",
            "1.5 / 2.5 ratio",
            "",
            "Thought for a while",
        ] {
            assert!(!d.is_debris(line), "{line}");
        }
    }

    #[test]
    fn rejects_bad_patterns_with_a_clear_error() {
        let err = Debris::new(&[], &["(".into()]).expect_err("invalid");
        assert!(err.to_string().contains("invalid debris pattern \"(\""));
    }
}
