//! Line boundaries of a text, computed once and shared by every pass.

/// The start offsets of every line of a text. A line is the text between two
/// `\n` (the `\n` itself is not part of the line). A text that ends with `\n`
/// has no empty last line.
#[derive(Debug)]
pub(crate) struct Lines<'a> {
    lines: Vec<&'a str>,
}

impl<'a> Lines<'a> {
    /// Indexes `text`.
    pub(crate) fn new(text: &'a str) -> Self {
        // Counted first (memchr is fast) so the index is allocated once,
        // at its size: grown by doubling it took twice that at its peak.
        let count = memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1;
        let mut lines = Vec::with_capacity(count);
        let mut start = 0;
        for newline in memchr::memchr_iter(b'\n', text.as_bytes()) {
            lines.push(&text[start..newline]);
            start = newline + 1;
        }
        if start < text.len() {
            lines.push(&text[start..]);
        }
        Lines { lines }
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
        let lines = Lines::new("a\nb");
        assert_eq!(lines.len(), 2);
        assert_eq!(lines.get(1), "b");
        assert_eq!(Lines::new("").len(), 0);
        assert_eq!(Lines::new("\n").len(), 1);
    }
}
