//! Recognizing fence lines the way CommonMark does.

/// A line that can open or close a fenced code block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FenceLine<'a> {
    /// Spaces before the fence (0 to 3 at the top level).
    pub indent: usize,
    /// `` ` `` or `~`.
    pub ch: u8,
    /// Length of the run of fence characters (3 or more).
    pub count: usize,
    /// The info string, trimmed (empty on a closing fence).
    pub info: &'a str,
}

impl<'a> FenceLine<'a> {
    /// Whether the line has no info string, so it can close a block.
    pub fn is_bare(&self) -> bool {
        self.info.is_empty()
    }

    /// Whether this fence closes a block opened by a fence of `ch` repeated
    /// `count` times: the same character, at least as long, bare.
    pub fn closes(&self, ch: u8, count: usize) -> bool {
        self.ch == ch && self.count >= count && self.is_bare()
    }

    /// The first word of the info string: the language, for kramdown.
    pub fn language(&self) -> &'a str {
        // Called for every candidate reading at every fence: an ASCII info
        // string is cut at its first white space without decoding it.
        if self.info.is_ascii() {
            let space = crate::lines::is_ascii_white_space;
            let info = &self.info[self.info.bytes().take_while(|&b| space(b)).count()..];
            let end = info.bytes().position(space).unwrap_or(info.len());
            return &info[..end];
        }
        self.info.split_whitespace().next().unwrap_or("")
    }
}

/// Parses a top-level fence line: at most three spaces of indentation, three
/// or more backticks or tildes, then an info string. A backtick fence whose
/// info string contains a backtick is inline code in prose, not a fence.
pub(crate) fn top_level_fence(line: &str) -> Option<FenceLine<'_>> {
    let bytes = line.as_bytes();
    let indent = bytes.iter().take_while(|&&b| b == b' ').count();
    if indent > 3 {
        return None;
    }
    fence_at(line, indent)
}

/// Parses a bare fence indented four or more spaces (not in a blockquote):
/// never a fence for CommonMark, but a closer that the planner may accept.
pub(crate) fn over_indented_closer(line: &str) -> Option<FenceLine<'_>> {
    let indent = line.bytes().take_while(|&b| b == b' ').count();
    if indent < 4 {
        return None;
    }
    fence_at(line, indent).filter(FenceLine::is_bare)
}

/// Parses a fence that starts at byte `at` of `line`.
fn fence_at(line: &str, at: usize) -> Option<FenceLine<'_>> {
    let bytes = line.as_bytes();
    let ch = *bytes.get(at)?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let count = bytes[at..].iter().take_while(|&&b| b == ch).count();
    if count < 3 {
        return None;
    }
    let info = line[at + count..].trim_matches(|c| c == ' ' || c == '\t');
    if ch == b'`' && info.contains('`') {
        return None;
    }
    Some(FenceLine {
        indent: at,
        ch,
        count,
        info,
    })
}

/// The most fence lines in a row, with no other line between them, that
/// a text may have and still have its fences repaired. A transcript's
/// blocks have content; a longer run reads no way a writer meant (it was
/// made by a generator), and weighing every reading of it is the planner's
/// slowest case.
pub(crate) const MAX_FENCE_RUN: usize = 32;

/// A run of more than [`MAX_FENCE_RUN`] fence lines in a row in `text`
/// (top-level fences and over-indented closers, as the planner reads
/// them): the byte where it starts and the length it reached (counted up
/// to the first line past the limit).
pub(crate) fn long_fence_run(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let backticks = memchr::memmem::Finder::new("```");
    let tildes = memchr::memmem::Finder::new("~~~");
    let (mut next_backticks, mut next_tildes) = (backticks.find(bytes), tildes.find(bytes));
    let mut at = 0;
    let (mut run_start, mut run, mut previous_end) = (0, 0, usize::MAX);
    loop {
        // The next hit of each finder at or after `at`, searched again only
        // when the one found lies behind.
        for (next, finder) in [
            (&mut next_backticks, &backticks),
            (&mut next_tildes, &tildes),
        ] {
            if next.is_some_and(|hit| hit < at) {
                *next = bytes
                    .get(at..)
                    .and_then(|rest| finder.find(rest))
                    .map(|i| at + i);
            }
        }
        let hit = match (next_backticks, next_tildes) {
            (Some(b), Some(t)) => b.min(t),
            (Some(hit), None) | (None, Some(hit)) => hit,
            (None, None) => return None,
        };
        // Only spaces may stand before a fence on its line.
        let mut start = hit;
        while start > 0 && bytes[start - 1] == b' ' {
            start -= 1;
        }
        let end = memchr::memchr(b'\n', &bytes[hit..]).map_or(bytes.len(), |i| hit + i);
        at = end + 1;
        if start > 0 && bytes[start - 1] != b'\n' {
            continue;
        }
        let line = &text[start..end];
        if top_level_fence(line)
            .or_else(|| over_indented_closer(line))
            .is_none()
        {
            continue;
        }
        if start == previous_end.wrapping_add(1) {
            run += 1;
        } else {
            (run_start, run) = (start, 1);
        }
        if run > MAX_FENCE_RUN {
            return Some((run_start, run));
        }
        previous_end = end;
    }
}

/// The top-level fenced block CommonMark has open, followed line by line
/// (for passes that must leave code alone without repairing it).
#[derive(Debug, Default)]
pub(crate) struct CommonMarkFences {
    /// The open block's first line, fence character and fence length.
    open: Option<(usize, u8, usize)>,
}

/// What a line is to [`CommonMarkFences`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FenceStep {
    /// Outside any block.
    Prose,
    /// Opens a block, or is inside one.
    Code,
    /// Closes the block that opened on line `start`.
    Closed { start: usize },
}

impl CommonMarkFences {
    /// Reads line `line`, whose text is `text`.
    pub(crate) fn step(&mut self, line: usize, text: &str) -> FenceStep {
        let fence = top_level_fence(text);
        match (self.open, fence) {
            (None, None) => FenceStep::Prose,
            (None, Some(fence)) => {
                self.open = Some((line, fence.ch, fence.count));
                FenceStep::Code
            }
            (Some((start, ch, count)), Some(fence)) if fence.closes(ch, count) => {
                self.open = None;
                FenceStep::Closed { start }
            }
            (Some(_), _) => FenceStep::Code,
        }
    }

    /// The first line of the open block, if one is open.
    pub(crate) fn open_since(&self) -> Option<usize> {
        self.open.map(|(start, _, _)| start)
    }
}

/// A fence inside a container the repair does not touch: a blockquote
/// (`> ```) or a list item or other indented context (four or more columns).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NestedFence<'a> {
    /// Everything before the fence characters (`> `, spaces...).
    pub prefix: &'a str,
    /// The fence itself.
    pub fence: FenceLine<'a>,
}

/// Parses a fence that sits inside a blockquote or is indented four or more
/// columns. Returns `None` for top-level fences and for non-fences.
pub(crate) fn nested_fence(line: &str) -> Option<NestedFence<'_>> {
    let bytes = line.as_bytes();
    let prefix_len = bytes
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t' || b == b'>')
        .count();
    let prefix = &line[..prefix_len];
    let quoted = prefix.contains('>');
    let columns: usize = prefix.bytes().map(|b| if b == b'\t' { 4 } else { 1 }).sum();
    if !quoted && columns <= 3 {
        return None;
    }
    let fence = fence_at(line, prefix_len)?;
    Some(NestedFence { prefix, fence })
}

/// Whether `line` still belongs to the container that `prefix` opened: a
/// blockquote continues while lines keep its `>` markers; an indented
/// context continues while lines are blank or indented at least as deep.
pub(crate) fn continues_container(line: &str, prefix: &str) -> bool {
    if prefix.contains('>') {
        let depth = prefix.bytes().filter(|&b| b == b'>').count();
        let line_prefix: String = line
            .chars()
            .take_while(|&c| c == ' ' || c == '>' || c == '\t')
            .collect();
        return line_prefix.bytes().filter(|&b| b == b'>').count() >= depth;
    }
    if crate::lines::is_blank(line) {
        return true;
    }
    let indent = line
        .bytes()
        .take_while(|&b| b == b' ' || b == b'\t')
        .map(|b| if b == b'\t' { 4 } else { 1 })
        .sum::<usize>();
    indent >= prefix.len()
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_runs_of_fence_lines_are_found_and_short_ones_are_not() {
        let run = |n: usize, line: &str| line.repeat(n);
        assert_eq!(long_fence_run(&run(MAX_FENCE_RUN, "```\n")), None);
        assert_eq!(
            long_fence_run(&format!("Text\n\n{}", run(MAX_FENCE_RUN + 1, "```\n"))),
            Some((6, MAX_FENCE_RUN + 1))
        );
        // Mixed characters, indents up to an over-indented closer, no final newline.
        let mixed = format!("{}~~~", run(MAX_FENCE_RUN / 2, "  ```python\n      ```\n"));
        assert_eq!(long_fence_run(&mixed), Some((0, MAX_FENCE_RUN + 1)));
        // A blank line, a content line or inline code breaks a run.
        let broken = format!("{}\n{}", run(30, "```\n"), run(30, "```\n"));
        assert_eq!(long_fence_run(&broken), None);
        let inline = run(100, "```\nsee ``` here\n");
        assert_eq!(long_fence_run(&inline), None);
        assert_eq!(long_fence_run(&run(100, "```a`b\n")), None);
        assert_eq!(long_fence_run(""), None);
    }
    use super::*;

    #[test]
    fn recognizes_openers_and_closers() {
        let f = top_level_fence("```python title=\"x\"").expect("fence");
        assert_eq!((f.ch, f.count, f.language()), (b'`', 3, "python"));
        assert!(top_level_fence("   ~~~~").expect("fence").is_bare());
        assert_eq!(top_level_fence("````").expect("fence").count, 4);
    }

    #[test]
    fn the_language_is_the_first_word_of_the_info_string() {
        for info in [
            "python",
            "python title=\"x\"",
            "rust\tedition",
            "\u{b}sh\u{b}x",
            " js",
            "",
            "   ",
            "py\u{a0}thon x",
            "\u{2003}go run",
        ] {
            let fence = FenceLine {
                indent: 0,
                ch: b'`',
                count: 3,
                info,
            };
            let expected = info.split_whitespace().next().unwrap_or("");
            assert_eq!(fence.language(), expected, "{info:?}");
        }
    }

    #[test]
    fn rejects_non_fences() {
        assert!(top_level_fence("``").is_none());
        assert!(top_level_fence("    ```").is_none(), "indented code");
        assert!(top_level_fence("```rust``` is inline").is_none());
        assert!(top_level_fence("text ```").is_none());
        assert!(top_level_fence("~~~ has `ticks` fine").is_some());
    }

    #[test]
    fn nested_fences_in_quotes_and_lists() {
        let n = nested_fence("> ```python").expect("quoted");
        assert_eq!(n.prefix, "> ");
        assert!(nested_fence("    ```").is_some());
        assert!(nested_fence("```").is_none());
        assert!(continues_container("> code", "> "));
        assert!(!continues_container("prose", "> "));
        assert!(continues_container("      x", "    "));
        assert!(!continues_container("  x", "    "));
    }
}
