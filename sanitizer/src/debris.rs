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
    patterns: Vec<Regex>,
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
        let exact = lines.iter().map(|l| l.trim().to_lowercase()).collect();
        let patterns = patterns
            .iter()
            .map(|p| {
                Regex::new(&format!("^(?:{p})$")).map_err(|e| DebrisPatternError {
                    pattern: p.clone(),
                    reason: e.to_string(),
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(Debris { exact, patterns })
    }

    /// Whether `line` (a whole line of prose) is debris.
    pub(crate) fn is_debris(&self, line: &str) -> bool {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.len() > MAX_DEBRIS_LEN {
            return false;
        }
        self.exact.contains(&trimmed.to_lowercase())
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
