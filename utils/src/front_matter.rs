//! A Jekyll post's front matter: a first line `---`, YAML lines, and a
//! closing `---` (or YAML's `...`). Every tool that looks for it (the
//! sanitizer, which leaves it alone; the renderer; batch, which edits it)
//! reads the same lines as one.

/// The parts of a text with front matter, each as written (line ends kept).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    /// The opening `---` line.
    pub opening: &'a str,
    /// The YAML lines between the delimiters.
    pub front: &'a str,
    /// The closing `---` or `...` line.
    pub closing: &'a str,
    /// Everything after the closing line.
    pub body: &'a str,
}

/// Why a text has no usable front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SplitError {
    /// The first line is not `---`.
    #[error("no front matter (the first line is not ---)")]
    Missing,
    /// No closing line follows.
    #[error("the front matter is never closed (no --- line after it)")]
    Unclosed,
}

/// Whether `line` (with or without its line end) opens front matter.
pub fn is_opening(line: &str) -> bool {
    line.trim_end() == "---"
}

/// Whether `line` (with or without its line end) closes front matter.
pub fn is_closing(line: &str) -> bool {
    matches!(line.trim_end(), "---" | "...")
}

/// Splits `text` at its front matter.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let mut lines = text.split_inclusive('\n');
    let opening = lines
        .next()
        .filter(|l| is_opening(l))
        .ok_or(SplitError::Missing)?;
    let mut at = opening.len();
    for line in lines {
        if is_closing(line) {
            let end = at + line.len();
            return Ok(Split {
                opening,
                front: &text[opening.len()..at],
                closing: &text[at..end],
                body: &text[end..],
            });
        }
        at += line.len();
    }
    Err(SplitError::Unclosed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_the_text_as_written() {
        let text = "---\r\ntitle: a\nlist:\n  - x\n...\nbody\n---\n";
        let split = split(text).expect("front matter");
        assert_eq!(split.opening, "---\r\n");
        assert_eq!(split.front, "title: a\nlist:\n  - x\n");
        assert_eq!(split.closing, "...\n");
        assert_eq!(split.body, "body\n---\n");
        let whole = [split.opening, split.front, split.closing, split.body].concat();
        assert_eq!(whole, text);
    }

    #[test]
    fn empty_missing_and_unclosed() {
        assert_eq!(split("---\n---\n").map(|s| s.front), Ok(""));
        assert_eq!(split("title: a\n"), Err(SplitError::Missing));
        assert_eq!(split("---\ntitle: a\n"), Err(SplitError::Unclosed));
        assert_eq!(split("--- x\n---\n"), Err(SplitError::Missing));
    }
}
