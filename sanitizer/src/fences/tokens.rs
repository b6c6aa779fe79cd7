//! The fence lines the search still needs.

use super::scan::FenceLine;

/// Info strings whose blocks commonly carry nested fenced blocks.
const CONTAINER_LANGUAGES: &[&str] = &[
    "",
    "markdown",
    "md",
    "mdx",
    "gfm",
    "commonmark",
    "text",
    "txt",
    "plaintext",
    "plain",
    "rmd",
    "qmd",
    "prompt",
    "output",
    "console",
];

/// Info strings of blocks that quote plain text.
const TEXT_LANGUAGES: &[&str] = &[
    "text",
    "txt",
    "plaintext",
    "plain",
    "log",
    "console",
    "output",
    "chat",
    "transcript",
];

/// A fence line of the document.
#[derive(Debug, Clone)]
pub(crate) struct Token<'a> {
    /// Line number (0-based).
    pub line: usize,
    /// Byte offset where the line starts.
    pub offset: usize,
    /// The line after the last non-blank line before this one: where a
    /// closer inserted before this fence goes.
    pub content_end: usize,
    /// The fence.
    pub fence: FenceLine<'a>,
    /// Its language ([`FenceLine::language`]), found once: the search
    /// compares it for every reading at every fence, and an info string
    /// that is not ASCII (a non-breaking space after `~~~`) is decoded to
    /// find it (a third of the time on a text of such fences).
    pub language: &'a str,
    /// Whether its language is one that commonly holds nested fences.
    pub container: bool,
    /// Whether its language says it quotes plain text (a log, a console,
    /// a chat): speaker turns inside such a block are quoted, not spoken.
    pub quotes_text: bool,
    /// Whether the last non-blank line before it introduces what follows
    /// (`Clone the repo:`): the fence opens a block.
    pub after_introduction: bool,
}

impl<'a> Token<'a> {
    /// The token for `fence`, found on `line` at byte `offset`, right after
    /// an introduction when `after_introduction`.
    pub(crate) fn new(
        line: usize,
        offset: usize,
        content_end: usize,
        fence: FenceLine<'a>,
        after_introduction: bool,
    ) -> Self {
        let language = fence.language();
        let container = CONTAINER_LANGUAGES
            .iter()
            .any(|known| known.eq_ignore_ascii_case(language));
        let quotes_text = TEXT_LANGUAGES
            .iter()
            .any(|known| known.eq_ignore_ascii_case(language));
        Token {
            after_introduction,
            quotes_text,
            line,
            offset,
            content_end,
            fence,
            language,
            container,
        }
    }
}

/// The fence lines still needed, numbered from the first of the text.
///
/// Kept in a vector whose forgotten head is cut off in bulk (once it is at
/// least as long as what is kept): the search reads a fence line for every
/// reading at every event, and a plain index is cheaper there than a ring
/// buffer's.
#[derive(Debug, Default)]
pub(crate) struct Tokens<'a> {
    /// The number of `items[0]`.
    base: u32,
    /// How many of `items` are forgotten.
    forgotten: usize,
    items: Vec<Token<'a>>,
}

impl<'a> Tokens<'a> {
    /// Adds the next fence line and returns its number.
    pub(crate) fn push(&mut self, token: Token<'a>) -> u32 {
        self.items.push(token);
        self.base + self.items.len() as u32 - 1
    }

    /// The number the next fence line will get.
    pub(crate) fn next_index(&self) -> u32 {
        self.base + self.items.len() as u32
    }

    /// The number of the first fence line kept at or after line `line`
    /// (the next number when there is none).
    pub(crate) fn first_at_or_after(&self, line: usize) -> u32 {
        let kept = &self.items[self.forgotten..];
        self.base + (self.forgotten + kept.partition_point(|token| token.line < line)) as u32
    }

    /// Forgets the fence lines numbered below `index`.
    pub(crate) fn forget_before(&mut self, index: u32) {
        let upto = (index.saturating_sub(self.base) as usize).min(self.items.len());
        self.forgotten = self.forgotten.max(upto);
        if self.forgotten > 0 && self.forgotten * 2 >= self.items.len() {
            self.items.drain(..self.forgotten);
            self.base += self.forgotten as u32;
            self.forgotten = 0;
        }
    }
}

impl<'a> std::ops::Index<u32> for Tokens<'a> {
    type Output = Token<'a>;
    fn index(&self, index: u32) -> &Token<'a> {
        debug_assert!(
            index - self.base >= self.forgotten as u32,
            "a forgotten fence line"
        );
        &self.items[(index - self.base) as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fences::scan::top_level_fence;

    fn token(line: usize) -> Token<'static> {
        let fence = top_level_fence("```").expect("a fence line");
        Token::new(line, 0, line, fence, false)
    }

    #[test]
    fn numbers_and_lines_survive_forgetting() {
        let mut tokens = Tokens::default();
        for n in 0..10u32 {
            assert_eq!(tokens.push(token(n as usize * 3)), n);
        }
        tokens.forget_before(2);
        assert_eq!(tokens[2].line, 6);
        assert_eq!(tokens.first_at_or_after(7), 3);
        // Past half forgotten, the head is cut: numbers stay as they were.
        tokens.forget_before(7);
        assert_eq!(tokens[7].line, 21);
        assert_eq!(tokens[9].line, 27);
        assert_eq!(tokens.first_at_or_after(0), 7);
        assert_eq!(tokens.first_at_or_after(22), 8);
        assert_eq!(tokens.push(token(40)), 10);
        assert_eq!(tokens.next_index(), 11);
        tokens.forget_before(11);
        assert_eq!(tokens.next_index(), 11);
        assert_eq!(tokens.first_at_or_after(0), 11);
        assert_eq!(tokens.push(token(50)), 11);
        assert_eq!(tokens[11].line, 50);
    }
}
