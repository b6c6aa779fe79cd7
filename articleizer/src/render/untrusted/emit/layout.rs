//! Where the re-emitter's lines go: blocks separated by blank lines,
//! each line begun with its containers' marks (a quote's `> `, a list
//! item's marker on its first line and its indent after), containers
//! nested no deeper than kramdown can read, and code blocks fenced.

use super::{Container, Emitter, Last, Shape, MAX_DEPTH};
use crate::render::untrusted::text::{self, LineState};

impl Emitter<'_> {
    /// A line break of the editor's paragraph: a new line with the
    /// containers' marks (two spaces before it when the break is hard); a
    /// space in one line.
    pub(super) fn line_break(&mut self, hard: bool) {
        if self.shape == Shape::Line {
            self.out.push(' ');
            return;
        }
        if hard {
            text::trim_line_end(self.out, self.base);
            self.out.push_str("  ");
            self.begin_line(false);
        } else {
            self.begin_line(true);
        }
    }

    /// Inline content outside a paragraph (a tight list item's text)
    /// starts a block of its own.
    pub(super) fn ensure_text(&mut self) {
        if !self.in_text {
            self.start_block(false);
            self.in_text = true;
            if let Some(last) = self.last.last_mut() {
                if self.shape == Shape::Blocks
                    && matches!(self.containers.last(), Some(Container::Item { .. }))
                {
                    *last = Last::TightText;
                }
            }
        }
    }

    /// Ends the inline content being written, if any.
    pub(super) fn end_implicit_text(&mut self) {
        self.in_text = false;
    }

    /// Starts a block in the current container: separated from the one
    /// before, on a new line.
    pub(super) fn start_block(&mut self, is_list: bool) {
        if self.shape == Shape::Line {
            if self.out.len() > self.base && !self.out.ends_with(' ') {
                self.out.push(' ');
            }
            self.state = if self.out.len() == self.base {
                LineState::Start
            } else {
                LineState::Inside
            };
            return;
        }
        self.separate(is_list);
        self.begin_line(true);
    }

    /// The blank line between the block before and a new one in the
    /// current container (a list may follow a tight item's text directly).
    pub(super) fn separate(&mut self, is_list: bool) {
        let last = self.last.last().copied().unwrap_or(Last::Nothing);
        if last == Last::Block || (last == Last::TightText && !is_list) {
            self.blank_line();
        }
        if let Some(last) = self.last.last_mut() {
            *last = Last::Block;
        }
    }

    pub(super) fn open_container(&mut self, container: Container) {
        if self.shape == Shape::Line {
            return;
        }
        if self.containers.len() >= MAX_DEPTH || self.flattened > 0 {
            self.flattened += 1;
            return;
        }
        if !matches!(container, Container::Item { .. }) {
            self.separate(false);
        }
        self.containers.push(container);
        self.last.push(Last::Nothing);
    }

    pub(super) fn close_container(&mut self) {
        if self.shape == Shape::Line {
            return;
        }
        self.end_implicit_text();
        if self.flattened > 0 {
            self.flattened -= 1;
            return;
        }
        self.containers.pop();
        self.last.pop();
    }

    /// Ends the current line (its trailing white space dropped, unless
    /// `trim` is false) and starts the next with the containers' prefixes.
    pub(super) fn begin_line(&mut self, trim: bool) {
        if self.out.len() > self.base {
            if trim {
                text::trim_line_end(self.out, self.base);
            }
            self.out.push('\n');
        }
        for container in &mut self.containers {
            match container {
                Container::Quote => self.out.push_str("> "),
                Container::Item { indent, marker } => match marker.take() {
                    Some(marker) => self.out.push_str(&marker),
                    None => self.out.extend(std::iter::repeat_n(' ', *indent)),
                },
            }
        }
        self.state = LineState::Start;
    }

    /// A line with only the containers' marks, between two blocks.
    pub(super) fn blank_line(&mut self) {
        if self.out.len() == self.base {
            // Nothing before (an empty quote): no line to separate from.
            return;
        }
        text::trim_line_end(self.out, self.base);
        self.out.push('\n');
        let mut prefix = String::new();
        for container in &self.containers {
            match container {
                Container::Quote => prefix.push_str("> "),
                Container::Item { indent, .. } => prefix.extend(std::iter::repeat_n(' ', *indent)),
            }
        }
        self.out.push_str(prefix.trim_end());
    }

    /// Writes the gathered code block, fenced with more backticks than any
    /// run inside it and a one-word language.
    pub(super) fn end_code_block(&mut self) {
        let Some((info, code)) = self.code_block.take() else {
            return;
        };
        let code: String = code
            .chars()
            .map(|c| {
                if text::is_unwanted_control(c) && c != '\r' {
                    '\u{FFFD}'
                } else {
                    c
                }
            })
            .filter(|c| *c != '\r')
            .collect();
        let fence = "`".repeat(text::longest_run(&code, '`').max(2) + 1);
        if self.shape == Shape::Line {
            let mut span = String::new();
            text::push_code_span(&mut span, &code);
            self.ensure_text();
            self.out.push_str(&span);
            self.state = LineState::Inside;
            return;
        }
        if let Some(Container::Item {
            marker: Some(_), ..
        }) = self.containers.last()
        {
            // kramdown reads a fence on a list marker's line as text and
            // its code as Markdown: the item opens with an empty line of
            // its own.
            self.start_block(false);
            self.out.push_str("&nbsp;");
        }
        self.start_block(false);
        self.out.push_str(&fence);
        self.out.push_str(&info);
        if !code.is_empty() {
            for line in code.strip_suffix('\n').unwrap_or(&code).split('\n') {
                self.begin_line(false);
                self.out.push_str(line);
            }
        }
        self.begin_line(false);
        self.out.push_str(&fence);
        self.state = LineState::Inside;
    }

    /// Drops the white space at the end (an empty container at the end
    /// leaves the blank line that was to separate it).
    pub(super) fn finish(&mut self) {
        let kept = self.out[self.base..].trim_end().len();
        self.out.truncate(self.base + kept);
    }
}
