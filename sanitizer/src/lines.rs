//! Line boundaries of a text, computed once and shared by every pass.

/// The start offsets of every line of a text. A line is the text between two
/// `\n` (the `\n` itself is not part of the line). A text that ends with `\n`
/// has no empty last line.
#[derive(Debug)]
pub(crate) struct Lines<'a> {
    text: &'a str,
    lines: Vec<&'a str>,
}

impl<'a> Lines<'a> {
    /// Indexes `text`.
    pub(crate) fn new(text: &'a str) -> Self {
        let mut lines = Vec::with_capacity(text.len() / 48 + 1);
        let mut start = 0;
        for newline in memchr::memchr_iter(b'\n', text.as_bytes()) {
            lines.push(&text[start..newline]);
            start = newline + 1;
        }
        if start < text.len() {
            lines.push(&text[start..]);
        }
        Lines { text, lines }
    }

    /// Number of lines.
    pub(crate) fn len(&self) -> usize {
        self.lines.len()
    }

    /// Line `i` without its newline.
    pub(crate) fn get(&self, i: usize) -> &'a str {
        self.lines[i]
    }

    /// Whether line `i` is empty or only spaces and tabs.
    pub(crate) fn is_blank(&self, i: usize) -> bool {
        is_blank(self.get(i))
    }

    /// Whether the text ends with a newline (so the last line is terminated).
    pub(crate) fn ends_with_newline(&self) -> bool {
        self.text.ends_with('\n')
    }
}

/// Whether `line` is empty or only spaces and tabs.
pub(crate) fn is_blank(line: &str) -> bool {
    line.bytes().all(|b| b == b' ' || b == b'\t')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_lines_with_and_without_final_newline() {
        let lines = Lines::new("a\n\nb\n");
        assert_eq!(lines.len(), 3);
        assert_eq!((lines.get(0), lines.get(1), lines.get(2)), ("a", "", "b"));
        assert!(lines.ends_with_newline());
        let lines = Lines::new("a\nb");
        assert_eq!(lines.len(), 2);
        assert_eq!(lines.get(1), "b");
        assert!(!lines.ends_with_newline());
        assert_eq!(Lines::new("").len(), 0);
        assert_eq!(Lines::new("\n").len(), 1);
    }
}
