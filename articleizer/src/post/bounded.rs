//! The front matter's size as YAML means it, checked before it is loaded.
//!
//! A YAML document can describe far more than it spells out: an alias
//! repeats its anchor's whole value, so a few lines of anchors that each
//! name the one before twice stand for billions of values, and the loader
//! copies every one of them. Nesting costs the loader (and the tree's
//! drop) a stack frame per level. Both come from text we do not trust (a
//! post anyone could have written), so the event stream is read first and
//! the document is refused when its expanded size grows past a bound linear
//! in its own length, or it nests deeper than any front matter needs. Both
//! checks stop at the first event past the bound, so the check itself is
//! linear.

use std::collections::HashMap;
use yaml_rust2::parser::{Event, Parser};

/// Deeper nesting than this is refused: a post's front matter needs a few
/// levels (a list of tags, a mapping of images), never dozens.
pub const MAX_DEPTH: usize = 64;

/// Values an alias-free document may add through aliases, beyond its own:
/// a front matter that reuses an anchor a few times stays far below it.
const ALIAS_ALLOWANCE: u64 = 10_000;

/// Why a front matter is refused before it is loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    /// It nests past [`MAX_DEPTH`].
    #[error("it nests deeper than {MAX_DEPTH} levels")]
    TooDeep,
    /// Its aliases repeat more values than the text holds (a "billion
    /// laughs" document).
    #[error("its aliases expand it to over {0} values (anchors that repeat each other)")]
    Expands(u64),
    /// The YAML parser's complaint.
    #[error("{0}")]
    Invalid(String),
}

/// Reads `front`'s events and refuses it when it nests past [`MAX_DEPTH`]
/// or its aliases make it stand for more than four values per event plus
/// [`ALIAS_ALLOWANCE`].
pub fn check(front: &str) -> Result<(), Refused> {
    let mut parser = Parser::new_from_str(front);
    // Each open collection: its anchor and the values counted before it.
    let mut open: Vec<(usize, u64)> = Vec::new();
    // The expanded size of each anchored value.
    let mut anchored: HashMap<usize, u64> = HashMap::new();
    let mut events: u64 = 0;
    let mut values: u64 = 0;
    loop {
        let (event, _) = parser
            .next_token()
            .map_err(|e| Refused::Invalid(e.to_string()))?;
        events += 1;
        match event {
            Event::StreamEnd => return Ok(()),
            Event::Scalar(_, _, anchor, _) => {
                values += 1;
                if anchor > 0 {
                    anchored.insert(anchor, 1);
                }
            }
            Event::Alias(anchor) => {
                values = values.saturating_add(anchored.get(&anchor).copied().unwrap_or(1));
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if open.len() >= MAX_DEPTH {
                    return Err(Refused::TooDeep);
                }
                open.push((anchor, values));
                values += 1;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((anchor, before)) = open.pop() {
                    if anchor > 0 {
                        anchored.insert(anchor, values - before);
                    }
                }
            }
            _ => {}
        }
        let bound = events.saturating_mul(4).saturating_add(ALIAS_ALLOWANCE);
        if values > bound {
            return Err(Refused::Expands(bound));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `levels` anchors, each a list naming the one before twice: the
    /// last stands for 2^levels values in a few dozen bytes per level.
    fn laughs(levels: usize) -> String {
        let mut text = String::from("title: T\na0: &a0 [x, x, x, x, x, x, x, x]\n");
        for level in 1..=levels {
            text.push_str(&format!(
                "a{level}: &a{level} [*a{}, *a{}]\n",
                level - 1,
                level - 1
            ));
        }
        text
    }

    #[test]
    fn ordinary_front_matter_passes() {
        let front = "title: \"A title\"\ntags: [rust, yaml]\nimage:\n  path: /a.png\n  alt: An image\nlist:\n  - a\n  - b: c\n";
        assert_eq!(check(front), Ok(()));
    }

    #[test]
    fn a_few_reused_anchors_pass() {
        let front = "base: &base {layout: post, author: me}\none: *base\ntwo: *base\nthree: [*base, *base]\n";
        assert_eq!(check(front), Ok(()));
        assert_eq!(
            check(&laughs(8)),
            Ok(()),
            "2^8 * 8 values: within the allowance"
        );
    }

    #[test]
    fn aliases_that_multiply_are_refused_at_once() {
        assert!(matches!(check(&laughs(22)), Err(Refused::Expands(_))));
        // A check that expanded the aliases would never return here.
        assert!(matches!(check(&laughs(200)), Err(Refused::Expands(_))));
    }

    #[test]
    fn deep_nesting_is_refused_before_the_parser_goes_deep() {
        let block = format!("a:\n{}x\n", "- ".repeat(40_000));
        assert_eq!(check(&block), Err(Refused::TooDeep));
        let keys = format!("{}x\n", "? ".repeat(20_000));
        assert_eq!(check(&keys), Err(Refused::TooDeep));
        // Flow nesting the scanner refuses itself, past its own limit.
        let flow = format!("a: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
        assert!(check(&flow).is_err());
        let mut indented = String::new();
        for level in 0..2_000 {
            indented.push_str(&" ".repeat(level));
            indented.push_str("a:\n");
        }
        assert_eq!(check(&indented), Err(Refused::TooDeep));
        let fine = format!(
            "a: {}{}\n",
            "[".repeat(MAX_DEPTH - 1),
            "]".repeat(MAX_DEPTH - 1)
        );
        assert_eq!(check(&fine), Ok(()));
    }

    #[test]
    fn invalid_yaml_says_why() {
        assert!(matches!(check("a: [unclosed\n"), Err(Refused::Invalid(_))));
    }
}
