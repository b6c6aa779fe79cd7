//! The fence lines the search still needs.

use super::scan::FenceLine;
use std::collections::VecDeque;

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
#[derive(Debug, Default)]
pub(crate) struct Tokens<'a> {
    first: u32,
    items: VecDeque<Token<'a>>,
}

impl<'a> Tokens<'a> {
    /// Adds the next fence line and returns its number.
    pub(crate) fn push(&mut self, token: Token<'a>) -> u32 {
        self.items.push_back(token);
        self.first + self.items.len() as u32 - 1
    }

    /// The number the next fence line will get.
    pub(crate) fn next_index(&self) -> u32 {
        self.first + self.items.len() as u32
    }

    /// The number of the first fence line kept at or after line `line`
    /// (the next number when there is none).
    pub(crate) fn first_at_or_after(&self, line: usize) -> u32 {
        self.first + self.items.partition_point(|token| token.line < line) as u32
    }

    /// Forgets the fence lines numbered below `index`.
    pub(crate) fn forget_before(&mut self, index: u32) {
        while self.first < index && self.items.pop_front().is_some() {
            self.first += 1;
        }
    }
}

impl<'a> std::ops::Index<u32> for Tokens<'a> {
    type Output = Token<'a>;
    fn index(&self, index: u32) -> &Token<'a> {
        &self.items[(index - self.first) as usize]
    }
}
