//! Fence repair as the text is written: the emitter asks for the lines it
//! is about to write, and the stream reads ahead only as far as it must to
//! decide them.
//!
//! A scanner reads lines ahead of the emitter and feeds the fence lines and
//! speaker turns to the [`Search`]. Decisions are handed to the block
//! [`Builder`] once they are final: at once when every reading has closed
//! all its blocks (then a single reading is left), otherwise every
//! [`COMMIT_EVERY`] events for the events older than the last
//! [`COMMIT_LAG`], the best reading's choice, the readings that disagree
//! dropped. A top-level block's edits are known when it closes; the lines
//! before the first block still open are then final (the frontier).
//! Memory is the window between the emitter and the scanner, not the text.
//! On a long text the stream runs on a thread of its own, as far ahead as
//! a bounded number of batches (see `ahead`); what it decides is the same.

use super::blocks::{Builder, Region};
use super::boundary::{self, Boundary};
use super::decided::{Decided, Turns};
use super::plan::{Decision, Search, Token, Tokens, TurnLine};
use super::scan::{self, CommonMarkFences, FenceStep};
use super::RepairLog;
use crate::lines::{self, LineCursor};
use crate::speakers::Speakers;
use std::collections::VecDeque;

/// How many events (fence lines and turns) pass between forced commits.
const COMMIT_EVERY: usize = 256;

/// How many of the latest events a forced commit leaves undecided: a
/// reading that has disagreed with the best one for longer is dropped.
const COMMIT_LAG: usize = 512;

/// How many fence lines a block may hold before its repair is given up
/// (its lines so far left as written): past this the text is not a
/// transcript (a real one has a few hundred), and holding the block's
/// fence lines until it closes would make memory grow with the text.
const MAX_BLOCK_FENCES: u32 = 20_000;

/// The fence structure of a text, decided a little ahead of its writer.
pub(crate) struct FenceStream<'t, 's> {
    pub(super) speakers: &'s Speakers,
    scanner: LineCursor<'t>,
    /// The line after the last non-blank line scanned.
    content_end: usize,
    /// The last non-blank line scanned.
    last_content: &'t str,
    previous_blank: bool,
    mode: Mode<'t>,
    /// What is decided and not yet taken by the emitter.
    pub(super) decided: Decided,
    /// Lines below this are decided.
    pub(super) frontier: usize,
    pub(super) finished: bool,
    /// What was repaired.
    pub repairs: RepairLog,
}

enum Mode<'t> {
    /// Blocks as the chosen reading repairs them.
    Repair(Box<Planner<'t>>),
    /// Blocks as CommonMark reads them (repair switched off).
    CommonMark(CommonMarkFences),
}

/// The search and what it has handed out.
struct Planner<'t> {
    text: &'t str,
    search: Search,
    tokens: Tokens<'t>,
    builder: Builder,
    decisions: Vec<Decision>,
    /// Lines of the latest events, at most [`COMMIT_LAG`].
    recent: VecDeque<usize>,
    since_commit: usize,
    /// Lines inside open blocks where code would end, at most
    /// [`MAX_BOUNDARIES`].
    boundaries: VecDeque<Boundary>,
}

/// How many code boundaries the window holds (a block needs only the first
/// after its opener).
const MAX_BOUNDARIES: usize = 4096;

impl<'t, 's> FenceStream<'t, 's> {
    /// The fences of `text` from line `from` (at byte `offset`) on;
    /// repaired when `repair`, as CommonMark reads them otherwise.
    pub(crate) fn new(
        text: &'t str,
        from: usize,
        offset: usize,
        repair: bool,
        speakers: &'s Speakers,
    ) -> Self {
        let mut repairs = RepairLog::default();
        let junk = repair
            .then(|| scan::long_fence_run(&text[offset..]))
            .flatten();
        if let Some((start, run)) = junk {
            let line =
                from + memchr::memchr_iter(b'\n', &text.as_bytes()[offset..offset + start]).count();
            repairs.push(super::FenceRepair {
                line: line + 1,
                kind: super::FenceRepairKind::LeftAsWritten { run },
            });
        }
        let mode = if repair && junk.is_none() {
            Mode::Repair(Box::new(Planner {
                text,
                search: Search::new(),
                tokens: Tokens::default(),
                builder: Builder::default(),
                decisions: Vec::new(),
                recent: VecDeque::with_capacity(COMMIT_LAG),
                since_commit: 0,
                boundaries: VecDeque::new(),
            }))
        } else {
            Mode::CommonMark(CommonMarkFences::default())
        };
        FenceStream {
            speakers,
            scanner: LineCursor::at(text, from, offset),
            content_end: from,
            last_content: "",
            previous_blank: from == 0,
            mode,
            decided: Decided {
                ready: VecDeque::new(),
                turns: Turns::from(from),
            },
            frontier: from,
            finished: false,
            repairs,
        }
    }

    /// Reads ahead until line `line` is decided (or the text ends).
    pub(crate) fn decide(&mut self, line: usize) {
        while !self.finished && self.frontier <= line {
            self.step();
        }
    }

    /// Scans one line (or finishes at the end of the text).
    pub(super) fn step(&mut self) {
        let Some(line) = self.scanner.next() else {
            self.finish();
            return;
        };
        match &mut self.mode {
            Mode::CommonMark(fences) => {
                if let FenceStep::Closed { start } = fences.step(line.number, line.text) {
                    self.decided.ready.push_back(Region {
                        start,
                        end: line.number + 1,
                        ..Region::default()
                    });
                }
                self.frontier = fences.open_since().unwrap_or(line.number + 1);
            }
            Mode::Repair(planner) => {
                let is_turn = self.speakers.is_turn(line.text);
                self.decided.turns.note(line.number, is_turn);
                if is_turn {
                    planner.turn(TurnLine {
                        line: line.number,
                        starts_paragraph: self.previous_blank,
                        content_end: self.content_end,
                    });
                } else if line.text.trim_start_matches(' ').starts_with(['`', '~']) {
                    let fence = scan::top_level_fence(line.text)
                        .or_else(|| scan::over_indented_closer(line.text));
                    if let Some(fence) = fence {
                        let introduced = boundary::is_introduction(self.last_content);
                        let token = Token::new(
                            line.number,
                            line.offset,
                            self.content_end,
                            fence,
                            introduced,
                        );
                        planner.token(token);
                    }
                } else if self.previous_blank
                    && !planner.search.all_closed()
                    && planner.boundaries.len() < MAX_BOUNDARIES
                {
                    if let Some(kind) = boundary::kind(line.text) {
                        planner.boundaries.push_back(Boundary {
                            line: line.number,
                            insert_at: self.content_end,
                            kind,
                        });
                    }
                }
            }
        }
        let blank = lines::is_blank(line.text);
        if !blank {
            self.content_end = line.number + 1;
            self.last_content = line.text;
        }
        self.previous_blank = blank;
        if let Mode::Repair(planner) = &mut self.mode {
            let after = line.number + 1;
            if planner.search.all_closed() {
                self.frontier =
                    planner.commit_before(after, &mut self.decided.ready, &mut self.repairs);
            } else if planner.since_commit >= COMMIT_EVERY {
                let before = planner.recent.front().copied().unwrap_or(after);
                self.frontier =
                    planner.commit_before(before, &mut self.decided.ready, &mut self.repairs);
                if planner.open_too_long() {
                    self.frontier =
                        planner.give_up(after, &mut self.decided.ready, &mut self.repairs);
                }
            }
        }
    }

    /// Decides everything left at the end of the text.
    fn finish(&mut self) {
        let line_count = self.scanner.line_number();
        match &mut self.mode {
            Mode::CommonMark(fences) => {
                if let Some(start) = fences.open_since() {
                    self.decided.ready.push_back(Region {
                        start,
                        end: line_count,
                        ..Region::default()
                    });
                }
            }
            Mode::Repair(planner) => {
                planner.builder.line_count = Some(line_count);
                planner.search.finish(
                    line_count,
                    self.content_end,
                    &planner.tokens,
                    &mut planner.decisions,
                );
                planner.apply_decisions(&mut self.decided.ready, &mut self.repairs);
            }
        }
        self.frontier = usize::MAX;
        self.finished = true;
    }
}

impl<'t> Planner<'t> {
    fn turn(&mut self, turn: TurnLine) {
        if self.search.all_closed() {
            return;
        }
        self.search.turn(turn, &self.tokens);
        self.note_event(turn.line);
    }

    fn token(&mut self, token: Token<'t>) {
        let line = token.line;
        let index = self.tokens.push(token);
        self.search.token(index, &self.tokens);
        self.note_event(line);
    }

    fn note_event(&mut self, line: usize) {
        if self.recent.len() == COMMIT_LAG {
            self.recent.pop_front();
        }
        self.recent.push_back(line);
        self.since_commit += 1;
    }

    /// Commits the decisions made before line `before`, builds the blocks
    /// they finish, forgets the fence lines nothing needs any more, and
    /// returns the new frontier.
    fn commit_before(
        &mut self,
        before: usize,
        ready: &mut VecDeque<Region>,
        repairs: &mut RepairLog,
    ) -> usize {
        self.since_commit = 0;
        self.search
            .commit_before(before, &self.tokens, &mut self.decisions);
        self.apply_decisions(ready, repairs);
        let first_undecided = self.tokens.first_at_or_after(before);
        let keep = [
            self.builder.oldest_open(),
            self.search.oldest_open(),
            Some(first_undecided),
        ]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(first_undecided);
        let frontier = match self.builder.oldest_open() {
            Some(open) => self.tokens[open].line,
            None => before,
        };
        while self.boundaries.front().is_some_and(|b| b.line < frontier) {
            self.boundaries.pop_front();
        }
        self.tokens.forget_before(keep);
        frontier
    }

    /// Whether the outermost open block has run past [`MAX_BLOCK_FENCES`].
    fn open_too_long(&self) -> bool {
        self.builder
            .oldest_open()
            .is_some_and(|open| self.tokens.next_index() - open > MAX_BLOCK_FENCES)
    }

    /// Gives up on the open blocks at line `at_line`: their lines so far
    /// stay as written (and are left alone as code), and the search starts
    /// afresh there. The same text is given up at the same place on every
    /// run, so the output stays a fixed point.
    fn give_up(
        &mut self,
        at_line: usize,
        ready: &mut VecDeque<Region>,
        repairs: &mut RepairLog,
    ) -> usize {
        if let Some(region) = self.builder.give_up(at_line, &self.tokens, repairs) {
            ready.push_back(region);
        }
        self.search = Search::new();
        self.since_commit = 0;
        self.recent.clear();
        self.boundaries.clear();
        self.tokens.forget_before(self.tokens.next_index());
        at_line
    }

    fn apply_decisions(&mut self, ready: &mut VecDeque<Region>, repairs: &mut RepairLog) {
        for decision in self.decisions.drain(..) {
            self.builder.apply(
                decision,
                &self.tokens,
                self.text,
                &self.boundaries,
                ready,
                repairs,
            );
        }
    }
}
