//! The first step of planning fences: reading the lines for what the
//! planner needs (speaker turns, fence lines, the lines where code may
//! end), which no decision of the planner changes. On a long text this
//! runs on a thread of its own, ahead of the planner (see `ahead`).

use super::boundary::{self, Boundary};
use super::plan::{Token, TurnLine};
use super::scan;
use crate::lines::{self, Line, LineCursor};
use crate::speakers::Speakers;

/// Reads the lines of a text for the planner.
#[derive(Clone)]
pub(crate) struct LineScanner<'t, 's> {
    speakers: &'s Speakers,
    cursor: LineCursor<'t>,
    /// The line after the last non-blank line scanned.
    content_end: usize,
    /// The last non-blank line scanned.
    last_content: &'t str,
    previous_blank: bool,
}

/// A line scanned, and what the planner needs of it.
pub(crate) struct Scanned<'t> {
    pub line: Line<'t>,
    pub is_turn: bool,
    pub event: Option<Event<'t>>,
}

/// What a line is to the planner.
pub(crate) enum Event<'t> {
    /// A speaker turn starts.
    Turn(TurnLine),
    /// A fence line at the top level.
    Fence(Token<'t>),
    /// A line after a blank one that shows where code ends, should a
    /// block be open.
    Boundary(Boundary),
    /// A line after a blank one, left for the planner to classify should
    /// it need to (its line after the last non-blank one before).
    AfterBlank { insert_at: usize },
}

/// What to do with a line after a blank one, which may show where code
/// ends: worth knowing only while a block may be open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AfterBlank {
    /// Classify it now.
    Classify,
    /// Leave it to the planner.
    Defer,
    /// Nothing: no block is open.
    Skip,
}

/// Where a scanner stopped at the end of its text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct End {
    pub line_count: usize,
    /// The line after the last non-blank line.
    pub content_end: usize,
}

impl<'t, 's> LineScanner<'t, 's> {
    /// A scanner of `text` from line `from` (at byte `offset`) on.
    pub(crate) fn new(text: &'t str, from: usize, offset: usize, speakers: &'s Speakers) -> Self {
        LineScanner {
            speakers,
            cursor: LineCursor::at(text, from, offset),
            content_end: from,
            last_content: "",
            previous_blank: from == 0,
        }
    }

    /// Who speaks.
    pub(crate) fn speakers(&self) -> &'s Speakers {
        self.speakers
    }

    /// The next line, read for the planner when `for_planner` (else only
    /// the line); `after_blank` says what to do with a line after a blank
    /// one. `None` at the end of the text.
    pub(crate) fn next(
        &mut self,
        for_planner: bool,
        after_blank: impl FnOnce() -> AfterBlank,
    ) -> Option<Scanned<'t>> {
        let line = self.cursor.next()?;
        let mut scanned = Scanned {
            line,
            is_turn: false,
            event: None,
        };
        if for_planner {
            scanned.is_turn = self.speakers.is_turn(line.text);
            scanned.event = self.event(line, scanned.is_turn, after_blank);
        }
        let blank = lines::is_blank(line.text);
        if !blank {
            self.content_end = line.number + 1;
            self.last_content = line.text;
        }
        self.previous_blank = blank;
        Some(scanned)
    }

    fn event(
        &self,
        line: Line<'t>,
        is_turn: bool,
        after_blank: impl FnOnce() -> AfterBlank,
    ) -> Option<Event<'t>> {
        if is_turn {
            return Some(Event::Turn(TurnLine {
                line: line.number,
                starts_paragraph: self.previous_blank,
                content_end: self.content_end,
            }));
        }
        if line.text.trim_start_matches(' ').starts_with(['`', '~']) {
            let fence = scan::top_level_fence(line.text)
                .or_else(|| scan::over_indented_closer(line.text))?;
            let introduced = boundary::is_introduction(self.last_content);
            let token = Token::new(
                line.number,
                line.offset,
                self.content_end,
                fence,
                introduced,
            );
            return Some(Event::Fence(token));
        }
        if !self.previous_blank {
            return None;
        }
        match after_blank() {
            AfterBlank::Classify => boundary::kind(line.text).map(|kind| {
                Event::Boundary(Boundary {
                    line: line.number,
                    insert_at: self.content_end,
                    kind,
                })
            }),
            AfterBlank::Defer => Some(Event::AfterBlank {
                insert_at: self.content_end,
            }),
            AfterBlank::Skip => None,
        }
    }

    /// Where the text ends (once [`next`](Self::next) has given `None`).
    pub(crate) fn end(&self) -> End {
        End {
            line_count: self.cursor.line_number(),
            content_end: self.content_end,
        }
    }
}
