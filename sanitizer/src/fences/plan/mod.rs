//! Choosing the structure the writer meant.
//!
//! A transcript's fence lines are read as a sequence of tokens. Each token can
//! play one of a few roles: open a block, open a block nested inside the one
//! that is open, close an open block, or be plain content (a `~~~` line inside
//! a backtick block). CommonMark picks the roles mechanically, which is how a
//! ```` ```markdown ```` answer with a nested ```` ```python ```` block ends
//! up closed by the inner closer. Here every consistent reading is scored by
//! how much breakage it assumes, and the cheapest wins:
//!
//! | assumption                                              | cost |
//! |---------------------------------------------------------|------|
//! | an info fence opens a block nested in Markdown or text  | 0    |
//! | an info fence opens a block nested in code              | 1    |
//! | a bare fence opens a nested block instead of closing    | 1    |
//! | a bare fence closes an outer block past a narrower one  | 1 per skipped level |
//! | an info fence (```` ```python ````) is really a closer  | 2 same language, 3 other, 5 in Markdown/text |
//! | a bare fence shorter than the opener is its closer      | 2    |
//! | a bare fence indented 4+ spaces is the open block's closer | 1 |
//! | a fence right after an introduction (`Clone the repo:`) is a closer | 3 more |
//! | an info fence closes a block across a speaker turn      | 3 more |
//! | a block opens and closes on adjacent lines (empty), an inserted closer included | 2 |
//! | a block runs across a speaker turn                      | 2, +1 per further turn that starts a paragraph (none in a block of quoted text: `plaintext`, `log`, `console`...) |
//! | blocks are left open: we insert closers (before the next speaker turn, before an info fence or an introduced fence that opens the next block, or at the end) | 3, +1 per further level |
//!
//! Unclosed blocks are closed before the next speaker turn (the end of the
//! answer that opened them) or at the end of the file, after their last
//! non-blank line. The search is a beam search over readings (at most
//! [`BEAM`] alive at once), linear in the number of fence lines; readings
//! with equal cost keep CommonMark's choice, so correct input stays as it is.
//!
//! The search runs as the text is read ([`Search`]): decisions every live
//! reading shares are handed out as soon as they are made, and a reading
//! that has disagreed with the best one for [`super::stream`]'s window of
//! fence lines is dropped, so memory stays bounded however long the text.

mod cost;
mod expand;

use super::stack::{Stack, MAX_NESTING};
pub(crate) use super::tokens::{Token, Tokens};
use cost::close_all_at;
use expand::{expand, prune};
use std::collections::VecDeque;

/// How many readings the search keeps alive. Twelve give the same output
/// as 24 on the corpus, its transcripts and the examples, in half the time
/// on fence-dense text; eight changed a corpus post's repair for the worse.
pub(crate) const BEAM: usize = 12;

/// What a reading decided, in document order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Token opens a top-level block.
    Open(u32),
    /// Token opens a block nested in the open one.
    Nested(u32),
    /// Token closes the block `levels` deep from the top of the stack (1 =
    /// the innermost); blocks above it stay unclosed inside it.
    Close { token: u32, levels: u8 },
    /// Token is a content line of the open block.
    Content(u32),
    /// All open blocks are closed by fences inserted at `insert_at`, after
    /// the last non-blank line before `at_line` (a speaker turn, the fence
    /// that opens the next block, or the line count for the end).
    CloseAll { at_line: usize, insert_at: usize },
}

/// What a reading made of one event, relative to it (the event says which
/// fence line or turn).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Choice {
    Open,
    Nested,
    Close(u8),
    Content,
    /// Close every open block before this fence, then open it.
    Reopen,
    /// Close every open block before this turn.
    CloseAll,
    /// Nothing to decide (a turn kept open, or crossed with nothing open).
    Keep,
}

/// Something the search reads: a fence line or a speaker turn.
#[derive(Debug, Clone, Copy)]
enum Event {
    Token(u32),
    Turn(TurnLine),
}

impl Event {
    fn line(&self, tokens: &Tokens<'_>) -> usize {
        match *self {
            Event::Token(t) => tokens[t].line,
            Event::Turn(turn) => turn.line,
        }
    }

    /// The decisions `choice` makes on this event.
    fn decide(&self, choice: Choice, tokens: &Tokens<'_>, out: &mut Vec<Decision>) {
        match (*self, choice) {
            (_, Choice::Keep) => {}
            (Event::Token(t), Choice::Open) => out.push(Decision::Open(t)),
            (Event::Token(t), Choice::Nested) => out.push(Decision::Nested(t)),
            (Event::Token(t), Choice::Close(levels)) => {
                out.push(Decision::Close { token: t, levels })
            }
            (Event::Token(t), Choice::Content) => out.push(Decision::Content(t)),
            (Event::Token(t), Choice::Reopen) => {
                out.push(Decision::CloseAll {
                    at_line: tokens[t].line,
                    insert_at: tokens[t].content_end,
                });
                out.push(Decision::Open(t));
            }
            (Event::Turn(turn), Choice::CloseAll) => out.push(Decision::CloseAll {
                at_line: turn.line,
                insert_at: turn.content_end,
            }),
            (event, choice) => unreachable!("{choice:?} is not made on {event:?}"),
        }
    }
}

/// One way of reading the fence lines so far: its state and its cost.
#[derive(Clone, Copy)]
struct Reading {
    stack: Stack,
    spans_turn: bool,
    cost: u32,
}

/// A reading after an event, described by the reading it follows: that
/// reading's outermost `keep` blocks, then `opened` opened inside them.
/// Most candidates are pruned, so their stacks are never built.
#[derive(Clone, Copy)]
struct Candidate {
    cost: u32,
    /// The reading it follows, in the previous step.
    parent: u8,
    choice: Choice,
    keep: u8,
    opened: Option<u32>,
    spans_turn: bool,
}

impl Candidate {
    fn shape(&self) -> (usize, Option<u32>) {
        (usize::from(self.keep), self.opened)
    }
}

/// A step's candidates, in the order they are made (which breaks ties).
///
/// Every candidate that closes all its blocks reaches the same state, and
/// so does every one that closes them and opens the event's fence (a
/// `CloseAll` at a turn from each reading, a `Reopen` at an info fence
/// from each): of those only the first of the cheapest can be kept, so a
/// candidate of either kind that costs no less than one made before it is
/// dropped as it is made. The prune would drop it (a state seen at a lower
/// cost, or earlier at the same), so the readings kept are the same, and
/// the search handles about half the candidates at a speaker turn
/// (issue 32: twelve readings each made one there).
#[derive(Default)]
struct Candidates {
    list: Vec<Candidate>,
    /// The least cost of a candidate made so far with nothing open (0),
    /// and with only the event's fence open (1).
    cheapest_outer: [u32; 2],
}

impl Candidates {
    fn clear(&mut self) {
        self.list.clear();
        self.cheapest_outer = [u32::MAX; 2];
    }

    /// Adds `candidate`, unless it is an outer one (see the type) no
    /// cheaper than one made before it. An outer candidate's `opened` is
    /// the event's fence, and it spans no turn: its state is its kind.
    fn push(&mut self, candidate: Candidate) {
        if candidate.keep == 0 && !candidate.spans_turn {
            let cheapest = &mut self.cheapest_outer[usize::from(candidate.opened.is_some())];
            if candidate.cost >= *cheapest {
                return;
            }
            *cheapest = candidate.cost;
        }
        self.list.push(candidate);
    }
}

/// The readings kept after an event: for each, the reading it follows in
/// the step before and what it made of the event. Tracing these back gives
/// a reading's decisions (a Viterbi back-pointer table, one row an event).
struct Step {
    event: Event,
    links: [(u8, Choice); BEAM],
    len: u8,
}

/// A line where a speaker turn starts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TurnLine {
    pub line: usize,
    /// Whether a blank line (or nothing) comes before it. Turns packed line
    /// after line are a chat log quoted in a code block more often than a
    /// conversation, so a block crossing them pays only for the first.
    pub starts_paragraph: bool,
    /// The line after the last non-blank line before it.
    pub content_end: usize,
}

/// The search for the cheapest reading, fed the fence lines and speaker
/// turns in document order.
pub(crate) struct Search {
    /// The live readings, cheapest first.
    readings: Vec<Reading>,
    /// The events not yet handed out, oldest first; the readings of the
    /// last are `readings`.
    steps: VecDeque<Step>,
    /// Scratch space for a step's candidates and their order.
    candidates: Candidates,
    order: Vec<u64>,
    /// The previous step's readings, kept for their allocation.
    spare: Vec<Reading>,
}

impl Search {
    /// A search before the first fence line.
    pub(crate) fn new() -> Self {
        Search {
            readings: vec![Reading {
                stack: Stack::EMPTY,
                spans_turn: false,
                cost: 0,
            }],
            steps: VecDeque::new(),
            candidates: Candidates::default(),
            order: Vec::new(),
            spare: Vec::new(),
        }
    }

    /// Whether every live reading has all its blocks closed.
    pub(crate) fn all_closed(&self) -> bool {
        self.readings.iter().all(|r| r.stack.is_empty())
    }

    /// The first fence line a live reading still has open, if any.
    pub(crate) fn oldest_open(&self) -> Option<u32> {
        self.readings.iter().flat_map(|r| r.stack.iter()).min()
    }

    /// A speaker turn: keep the open blocks across it, or close them all
    /// just before it.
    pub(crate) fn turn(&mut self, turn: TurnLine, tokens: &Tokens<'_>) {
        if self.all_closed() {
            return;
        }
        self.candidates.clear();
        for (parent, reading) in self.readings.iter().enumerate() {
            let parent = parent as u8;
            let candidate = |choice, cost, keep: usize, spans_turn| Candidate {
                cost,
                parent,
                choice,
                keep: keep as u8,
                opened: None,
                spans_turn,
            };
            if reading.stack.is_empty() {
                self.candidates
                    .push(candidate(Choice::Keep, reading.cost, 0, false));
                continue;
            }
            let depth = reading.stack.len();
            self.candidates.push(candidate(
                Choice::CloseAll,
                reading.cost + close_all_at(reading, turn.content_end, tokens),
                0,
                false,
            ));
            // Every turn crossed costs: were the first the only one, a block
            // left open early in a long transcript would swallow all the rest
            // for less than closing it once per answer. A block that says
            // it quotes text (```` ```plaintext ````) pays only for the
            // first: a chat quoted in it has as many turns as it likes.
            let quoting = reading
                .stack
                .last()
                .is_some_and(|&open| tokens[open].quotes_text);
            let crossing = if !reading.spans_turn {
                cost::SPANS_TURN
            } else if turn.starts_paragraph && !quoting {
                cost::SPANS_FURTHER_TURN
            } else {
                0
            };
            self.candidates.push(candidate(
                Choice::Keep,
                reading.cost + crossing,
                depth,
                true,
            ));
        }
        self.advance(Event::Turn(turn));
    }

    /// The fence line numbered `index`.
    pub(crate) fn token(&mut self, index: u32, tokens: &Tokens<'_>) {
        self.candidates.clear();
        for (parent, reading) in self.readings.iter().enumerate() {
            expand(reading, parent as u8, index, tokens, &mut self.candidates);
        }
        self.advance(Event::Token(index));
    }

    /// Keeps the best candidates as the readings that go on, and records
    /// where each came from.
    fn advance(&mut self, event: Event) {
        let mut step = Step {
            event,
            links: [(0, Choice::Keep); BEAM],
            len: 0,
        };
        // The readings of the step before become the spare allocation,
        // and the spare one takes the new readings: no allocation per event.
        let mut previous = std::mem::take(&mut self.spare);
        std::mem::swap(&mut previous, &mut self.readings);
        self.readings.clear();
        prune(
            &self.candidates.list,
            &previous,
            &mut self.order,
            |candidate| {
                let parent = &previous[usize::from(candidate.parent)];
                // The parent's stack copied whole, then changed where it lies:
                // changed in a copy first, the copy's wide reads of the narrow
                // writes just made stalled the search (issue 32).
                self.readings.push(Reading {
                    stack: parent.stack,
                    spans_turn: candidate.spans_turn,
                    cost: candidate.cost,
                });
                if let Some(reading) = self.readings.last_mut() {
                    reading
                        .stack
                        .become_with(usize::from(candidate.keep), candidate.opened);
                }
                step.links[usize::from(step.len)] = (candidate.parent, candidate.choice);
                step.len += 1;
            },
        );
        self.spare = previous;
        self.steps.push_back(step);
    }

    /// Follows reading `reading` of the last step back through the steps
    /// from `from` on: the reading it follows just before step `from`.
    fn ancestor(&self, mut reading: u8, from: usize) -> u8 {
        for step in self.steps.range(from..).rev() {
            reading = step.links[usize::from(reading)].0;
        }
        reading
    }

    /// Hands out reading `reading`'s decisions on the steps before `until`,
    /// and forgets those steps.
    fn take_decisions(
        &mut self,
        reading: u8,
        until: usize,
        tokens: &Tokens<'_>,
        out: &mut Vec<Decision>,
    ) {
        let mut choices = Vec::with_capacity(until);
        let mut at = self.ancestor(reading, until);
        for step in self.steps.range(..until).rev() {
            let (parent, choice) = step.links[usize::from(at)];
            choices.push((step.event, choice));
            at = parent;
        }
        for (event, choice) in choices.into_iter().rev() {
            event.decide(choice, tokens, out);
        }
        self.steps.drain(..until);
    }

    /// Hands out the decisions made before `line` by the best reading, and
    /// drops the readings that decided otherwise: from here on the search
    /// only looks ahead.
    pub(crate) fn commit_before(
        &mut self,
        line: usize,
        tokens: &Tokens<'_>,
        out: &mut Vec<Decision>,
    ) {
        let until = self
            .steps
            .partition_point(|step| step.event.line(tokens) < line);
        if until == 0 {
            return;
        }
        // The best reading is the first (the readings are kept cheapest
        // first); its ancestor before step `until` is the one that stays.
        // Walked back together, the live readings soon go back to one
        // reading (a commit traced all of them through every step, a
        // twentieth of the time on fence-dense text): from there they
        // share their ancestor before `until`, and none is dropped.
        let live = self.readings.len();
        let mut roots = [0u8; BEAM];
        for (i, root) in roots[..live].iter_mut().enumerate() {
            *root = i as u8;
        }
        let mut shared = false;
        for (walked, step) in self.steps.range(until..).rev().enumerate() {
            for root in roots[..live].iter_mut() {
                *root = step.links[usize::from(*root)].0;
            }
            if walked % 8 == 7 && roots[..live].iter().all(|&root| root == roots[0]) {
                shared = true;
                break;
            }
        }
        if !shared {
            let root = roots[0];
            if roots[..live].iter().any(|&r| r != root) {
                self.keep_only(|i| roots[i] == root);
            }
        }
        self.take_decisions(0, until, tokens, out);
    }

    /// Drops the live readings for which `keep` (given their position) is
    /// false, with their links in the last step.
    fn keep_only(&mut self, keep: impl Fn(usize) -> bool) {
        let Some(last) = self.steps.back_mut() else {
            return;
        };
        let mut position = 0;
        self.readings.retain(|_| {
            position += 1;
            keep(position - 1)
        });
        let mut kept = 0;
        for position in 0..usize::from(last.len) {
            if keep(position) {
                last.links[kept] = last.links[position];
                kept += 1;
            }
        }
        last.len = kept as u8;
    }

    /// Ends the search at the end of the text (`line_count` lines, the last
    /// non-blank one ending at `content_end`): closes what the best reading
    /// left open and hands out its remaining decisions.
    pub(crate) fn finish(
        &mut self,
        line_count: usize,
        content_end: usize,
        tokens: &Tokens<'_>,
        out: &mut Vec<Decision>,
    ) {
        let best = self
            .readings
            .iter()
            .enumerate()
            .map(|(i, r)| (r.cost + close_all_at(r, content_end, tokens), i))
            .min()
            .map(|(_, i)| i as u8);
        let Some(best) = best else { return };
        let open = !self.readings[usize::from(best)].stack.is_empty();
        self.take_decisions(best, self.steps.len(), tokens, out);
        if open {
            out.push(Decision::CloseAll {
                at_line: line_count,
                insert_at: content_end,
            });
        }
        *self = Search::new();
    }
}
