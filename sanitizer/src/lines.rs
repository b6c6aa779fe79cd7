//! Line boundaries of a text, computed once and shared by every pass.

/// The start offsets of every line of a text. A line is the text between two
/// `\n` (the `\n` itself is not part of the line). A text that ends with `\n`
/// has no empty last line.
///
/// Offsets are kept as `u32` where the text allows (under 4 GiB): a quarter
/// of a slice's 16 bytes a line, which on 16 MB of blank lines was 256 MB
/// of index for 16 MB of text.
#[derive(Debug)]
pub(crate) struct Lines<'a> {
    text: &'a str,
    starts: Starts,
}

/// Line start offsets, as small as the text allows.
#[derive(Debug)]
enum Starts {
    Small(Vec<u32>),
    Large(Vec<usize>),
}

impl<'a> Lines<'a> {
    /// Indexes `text`.
    pub(crate) fn new(text: &'a str) -> Self {
        // Counted first (memchr is fast) so the index is allocated once,
        // at its size: grown by doubling it took twice that at its peak.
        let newlines = memchr::memchr_iter(b'\n', text.as_bytes()).count();
        let count = newlines + usize::from(!text.is_empty() && !text.ends_with('\n'));
        let starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|at| at + 1))
            .take(count);
        let starts = match u32::try_from(text.len()) {
            Ok(_) => {
                let mut small = Vec::with_capacity(count);
                small.extend(starts.map(|at| at as u32));
                Starts::Small(small)
            }
            Err(_) => {
                let mut large = Vec::with_capacity(count);
                large.extend(starts);
                Starts::Large(large)
            }
        };
        Lines { text, starts }
    }

    /// Number of lines.
    pub(crate) fn len(&self) -> usize {
        match &self.starts {
            Starts::Small(starts) => starts.len(),
            Starts::Large(starts) => starts.len(),
        }
    }

    /// Where line `i` starts.
    fn start(&self, i: usize) -> usize {
        match &self.starts {
            Starts::Small(starts) => starts[i] as usize,
            Starts::Large(starts) => starts[i],
        }
    }

    /// Line `i` without its newline.
    pub(crate) fn get(&self, i: usize) -> &'a str {
        let start = self.start(i);
        let end = if i + 1 < self.len() {
            self.start(i + 1) - 1
        } else if self.text.ends_with('\n') {
            self.text.len() - 1
        } else {
            self.text.len()
        };
        &self.text[start..end]
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
