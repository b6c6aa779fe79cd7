//! Fence repair as the text is written: the emitter asks for the lines it
//! is about to write, and the stream reads ahead only as far as it must to
//! decide them.
//!
//! A [`LineScanner`] reads lines ahead of the emitter and feeds the fence
//! lines, speaker turns and lines where code may end to the [`Search`]. Decisions are handed to the block
//! [`Builder`] once they are final: at once when every reading has closed
//! all its blocks (then a single reading is left), otherwise every
//! [`COMMIT_EVERY`] events for the events older than the last
//! [`COMMIT_LAG`], the best reading's choice, the readings that disagree
//! dropped. A top-level block's edits are known when it closes; the lines
//! before the first block still open are then final (the frontier).
//! Memory is the window between the emitter and the scanner, not the text.
//! On a long text the scanner and the planner run on threads of their own,
//! as far ahead as a bounded number of batches (see `ahead`); what they
//! decide is the same.

use super::blocks::{Builder, Region};
use super::boundary::{self, Boundary};
use super::decided::{Decided, Turns};
use super::plan::{Decision, Search, Token, Tokens, TurnLine};
use super::scan::{self, CommonMarkFences, FenceStep};
use super::scanner::{AfterBlank, End, Event, LineScanner, Scanned};
use super::RepairLog;
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
    scanner: LineScanner<'t, 's>,
    pub(super) planned: Planned<'t>,
}

/// What the planner has made of the lines scanned so far.
pub(crate) struct Planned<'t> {
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
            scanner: LineScanner::new(text, from, offset, speakers),
            planned: Planned {
                mode,
                decided: Decided {
                    ready: VecDeque::new(),
                    turns: Turns::from(from),
                },
                frontier: from,
                finished: false,
                repairs,
            },
        }
    }

    /// The stream's two halves: the scanner, and the planner it feeds.
    pub(super) fn into_parts(self) -> (LineScanner<'t, 's>, Planned<'t>) {
        (self.scanner, self.planned)
    }

    /// A stream of the two halves [`into_parts`](Self::into_parts) gave.
    pub(super) fn from_parts(scanner: LineScanner<'t, 's>, planned: Planned<'t>) -> Self {
        FenceStream { scanner, planned }
    }

    /// What was repaired.
    pub(crate) fn into_repairs(self) -> RepairLog {
        self.planned.repairs
    }

    /// Who speaks.
    pub(super) fn speakers(&self) -> &'s Speakers {
        self.scanner.speakers()
    }

    /// Reads ahead until line `line` is decided (or the text ends).
    pub(crate) fn decide(&mut self, line: usize) {
        while !self.planned.finished && self.planned.frontier <= line {
            self.step();
        }
    }

    /// Scans one line and plans it (or finishes at the end of the text).
    pub(super) fn step(&mut self) {
        let for_planner = self.planned.repairs_fences();
        let planned = &self.planned;
        let after_blank = || match planned.wants_boundary() {
            true => AfterBlank::Classify,
            false => AfterBlank::Skip,
        };
        match self.scanner.next(for_planner, after_blank) {
            Some(scanned) => self.planned.take_line(scanned),
            None => self.planned.finish(self.scanner.end()),
        }
    }
}

impl<'t> Planned<'t> {
    /// Whether fences are repaired (else read as CommonMark reads them).
    pub(super) fn repairs_fences(&self) -> bool {
        matches!(self.mode, Mode::Repair(_))
    }

    /// Whether a line where code may end is worth noting: a block may be
    /// open, and the window has room.
    pub(super) fn wants_boundary(&self) -> bool {
        match &self.mode {
            Mode::Repair(planner) => planner.wants_boundary(),
            Mode::CommonMark(_) => false,
        }
    }

    /// Plans the next line, `scanned`.
    fn take_line(&mut self, scanned: Scanned<'t>) {
        let line = scanned.line;
        if let Mode::CommonMark(fences) = &mut self.mode {
            if let FenceStep::Closed { start } = fences.step(line.number, line.text) {
                self.decided.ready.push_back(Region {
                    start,
                    end: line.number + 1,
                    ..Region::default()
                });
            }
            self.frontier = fences.open_since().unwrap_or(line.number + 1);
            return;
        }
        self.take_event(scanned);
        self.decided.turns.complete_until(line.number + 1);
        self.after_line(line.number);
    }

    /// Plans what the scanner found on a line (with fences repaired):
    /// every line a scanner that runs ahead gives the planner.
    pub(super) fn take_event(&mut self, scanned: Scanned<'t>) {
        let Mode::Repair(planner) = &mut self.mode else {
            return;
        };
        if scanned.is_turn {
            self.decided.turns.note_turn(scanned.line.number);
        }
        match scanned.event {
            Some(Event::Turn(turn)) => planner.turn(turn),
            Some(Event::Fence(token)) => planner.token(token),
            Some(Event::Boundary(boundary)) if planner.wants_boundary() => {
                planner.boundaries.push_back(boundary);
            }
            Some(Event::AfterBlank { insert_at }) if planner.wants_boundary() => {
                if let Some(kind) = boundary::kind(scanned.line.text) {
                    planner.boundaries.push_back(Boundary {
                        line: scanned.line.number,
                        insert_at,
                        kind,
                    });
                }
            }
            Some(Event::Boundary(_) | Event::AfterBlank { .. }) => {}
            None => {}
        }
    }

    /// Commits what the lines up to line `number` decided. Nothing but
    /// events changes the search, so this is the same after each line as
    /// after each event and at the end of a run of lines.
    pub(super) fn after_line(&mut self, number: usize) {
        let Mode::Repair(planner) = &mut self.mode else {
            return;
        };
        let after = number + 1;
        if planner.search.all_closed() {
            self.frontier =
                planner.commit_before(after, &mut self.decided.ready, &mut self.repairs);
        } else if planner.since_commit >= COMMIT_EVERY {
            let before = planner.recent.front().copied().unwrap_or(after);
            self.frontier =
                planner.commit_before(before, &mut self.decided.ready, &mut self.repairs);
            if planner.open_too_long() {
                self.frontier = planner.give_up(after, &mut self.decided.ready, &mut self.repairs);
            }
        }
    }

    /// Decides everything left at the end of the text.
    pub(super) fn finish(&mut self, end: End) {
        match &mut self.mode {
            Mode::CommonMark(fences) => {
                if let Some(start) = fences.open_since() {
                    self.decided.ready.push_back(Region {
                        start,
                        end: end.line_count,
                        ..Region::default()
                    });
                }
            }
            Mode::Repair(planner) => {
                planner.builder.line_count = Some(end.line_count);
                planner.search.finish(
                    end.line_count,
                    end.content_end,
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
    /// Whether a block may be open and the window of boundaries has room.
    fn wants_boundary(&self) -> bool {
        !self.search.all_closed() && self.boundaries.len() < MAX_BOUNDARIES
    }

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
