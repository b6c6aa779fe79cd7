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
//! | a block opens and closes on adjacent lines (empty)      | 2    |
//! | a block runs across a speaker turn                      | 2, +1 per further turn that starts a paragraph |
//! | blocks are left open: we insert closers (before the next speaker turn, before an info fence that opens the next block, or at the end) | 3, +1 per further level |
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

use super::history::{History, NodeId, EMPTY};
use super::stack::{Stack, MAX_NESTING};
pub(crate) use super::tokens::{Token, Tokens};

/// Costs of the assumptions a reading makes; see the module documentation.
mod cost {
    pub const NESTED_IN_CODE: u32 = 1;
    pub const NESTED_BARE: u32 = 1;
    pub const SKIPPED_LEVEL: u32 = 1;
    pub const INFO_CLOSER_SAME_LANGUAGE: u32 = 2;
    pub const INFO_CLOSER: u32 = 3;
    pub const INFO_CLOSER_IN_CONTAINER: u32 = 5;
    pub const SHORT_CLOSER: u32 = 2;
    pub const OVER_INDENTED_CLOSER: u32 = 1;
    pub const EMPTY_BLOCK: u32 = 2;
    pub const SPANS_TURN: u32 = 2;
    pub const SPANS_FURTHER_TURN: u32 = 1;
    pub const INSERTED_CLOSER: u32 = 3;
    pub const FURTHER_INSERTED_CLOSER: u32 = 1;

    /// Closing `open` blocks at once: one truncation, however deep.
    pub fn close_all(open: usize) -> u32 {
        if open == 0 {
            0
        } else {
            INSERTED_CLOSER + (open as u32 - 1) * FURTHER_INSERTED_CLOSER
        }
    }
}

/// How many readings the search keeps alive. Eight distinct states hold
/// every reading the fence table, the corpus and the fuzz corpus need (24
/// changed nothing on them but the time: three times as long on
/// fence-dense text).
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

impl Decision {
    /// The line the decision was made at.
    fn line(&self, tokens: &Tokens<'_>) -> usize {
        match *self {
            Decision::Open(t)
            | Decision::Nested(t)
            | Decision::Content(t)
            | Decision::Close { token: t, .. } => tokens[t].line,
            Decision::CloseAll { at_line, .. } => at_line,
        }
    }
}

/// One way of reading the fence lines so far.
#[derive(Clone)]
struct Reading {
    stack: Stack,
    spans_turn: bool,
    cost: u32,
    /// The decisions committed so far (held in the shared history).
    history: NodeId,
    /// The decisions of this step, committed only if the reading survives
    /// pruning: most candidates do not, and never touch the history.
    pending: [Option<Decision>; 2],
}

impl Reading {
    /// A candidate following `parent` with this step's `decisions`.
    fn after(parent: &Reading, decisions: &[Decision], cost: u32, stack: Stack) -> Self {
        let mut pending = [None; 2];
        for (slot, &decision) in pending.iter_mut().zip(decisions) {
            *slot = Some(decision);
        }
        Reading {
            stack,
            spans_turn: parent.spans_turn,
            cost,
            history: parent.history,
            pending,
        }
    }

    /// Moves the pending decisions into `history` and holds the result.
    fn commit(&mut self, history: &mut History<Decision>) {
        for decision in self.pending.iter_mut().filter_map(Option::take) {
            self.history = history.push(self.history, decision);
        }
        history.retain(self.history);
    }

    /// Whether two readings are in the same state (the same future).
    fn same_state(&self, other: &Reading) -> bool {
        self.stack == other.stack && self.spans_turn == other.spans_turn
    }

    fn digest(&self) -> u64 {
        self.stack.digest() ^ u64::from(self.spans_turn)
    }
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
    /// Scratch space for a step's candidates and their order.
    candidates: Vec<Reading>,
    order: Vec<u64>,
    history: History<Decision>,
}

impl Search {
    /// A search before the first fence line.
    pub(crate) fn new() -> Self {
        Search {
            readings: vec![Reading {
                stack: Stack::EMPTY,
                spans_turn: false,
                cost: 0,
                history: EMPTY,
                pending: [None; 2],
            }],
            candidates: Vec::new(),
            order: Vec::new(),
            history: History::new(),
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
    pub(crate) fn turn(&mut self, turn: TurnLine) {
        if self.all_closed() {
            return;
        }

        self.candidates.clear();
        for reading in &self.readings {
            if reading.stack.is_empty() {
                self.candidates
                    .push(Reading::after(reading, &[], reading.cost, Stack::EMPTY));
                continue;
            }
            let mut closed = Reading::after(
                reading,
                &[Decision::CloseAll {
                    at_line: turn.line,
                    insert_at: turn.content_end,
                }],
                reading.cost + cost::close_all(reading.stack.len()),
                Stack::EMPTY,
            );
            closed.spans_turn = false;
            self.candidates.push(closed);
            // Every turn crossed costs: were the first the only one, a block
            // left open early in a long transcript would swallow all the rest
            // for less than closing it once per answer.
            let crossing = if !reading.spans_turn {
                cost::SPANS_TURN
            } else if turn.starts_paragraph {
                cost::SPANS_FURTHER_TURN
            } else {
                0
            };
            let mut kept = Reading::after(reading, &[], reading.cost + crossing, reading.stack);
            kept.spans_turn = true;
            self.candidates.push(kept);
        }
        self.advance();
    }

    /// The fence line numbered `index`.
    pub(crate) fn token(&mut self, index: u32, tokens: &Tokens<'_>) {
        self.candidates.clear();
        for reading in &self.readings {
            expand(reading, index, tokens, &mut self.candidates);
        }
        self.advance();
    }

    /// Keeps the best candidates as the readings that go on: their
    /// decisions join the history, and the readings they replace let go.
    fn advance(&mut self) {
        let old = std::mem::take(&mut self.readings);
        let mut kept = old;
        let released: Vec<NodeId> = kept.iter().map(|r| r.history).collect();
        kept.clear();
        prune(&self.candidates, &mut self.order, &mut kept);
        for reading in &mut kept {
            reading.commit(&mut self.history);
        }
        for id in released {
            self.history.release(id);
        }
        self.readings = kept;
    }

    /// Hands out the decisions made before `line` by the best reading, and
    /// drops the readings that decided otherwise: from here on the search
    /// only looks ahead. Returns whether anything was handed out.
    pub(crate) fn commit_before(
        &mut self,
        line: usize,
        tokens: &Tokens<'_>,
        out: &mut Vec<Decision>,
    ) -> bool {
        let best = self.readings[0].history;
        let cut = self.history.ancestor_where(best, |d| d.line(tokens) < line);
        if cut == EMPTY || self.history.is_root(cut) {
            return false;
        }
        let history = &mut self.history;
        self.readings.retain(|r| {
            let agrees = history.descends_from(r.history, cut);
            if !agrees {
                history.release(r.history);
            }
            agrees
        });
        self.history.take_through(cut, out);
        true
    }

    /// Ends the search at the end of the text (`line_count` lines, the last
    /// non-blank one ending at `content_end`): closes what the best reading
    /// left open and hands out its remaining decisions.
    pub(crate) fn finish(
        &mut self,
        line_count: usize,
        content_end: usize,
        out: &mut Vec<Decision>,
    ) {
        let best = self
            .readings
            .iter()
            .enumerate()
            .map(|(i, r)| (r.cost + cost::close_all(r.stack.len()), i))
            .min()
            .map(|(_, i)| i);
        let Some(best) = best else { return };

        let mut reading = self.readings.swap_remove(best);
        if !reading.stack.is_empty() {
            reading.pending[0] = Some(Decision::CloseAll {
                at_line: line_count,
                insert_at: content_end,
            });
        }
        reading.commit(&mut self.history);
        self.history.take_through(reading.history, out);
        self.readings.clear();
    }
}

fn expand(reading: &Reading, index: u32, tokens: &Tokens<'_>, out: &mut Vec<Reading>) {
    let token = &tokens[index];
    let fence = &token.fence;
    let mut push = |decisions: &[Decision], extra: u32, stack: Stack| {
        let fresh = matches!(decisions.first(), Some(Decision::CloseAll { .. }));
        let mut next = Reading::after(reading, decisions, reading.cost + extra, stack);
        next.spans_turn = reading.spans_turn && !next.stack.is_empty() && !fresh;
        out.push(next);
    };
    let Some(&top_index) = reading.stack.last() else {
        if fence.indent > 3 {
            // Indented code at the top level, not a fence.
            push(&[Decision::Content(index)], 0, Stack::EMPTY);
        } else {
            push(&[Decision::Open(index)], 0, Stack::one(index));
        }
        return;
    };
    let top = &tokens[top_index];
    if fence.ch != top.fence.ch {
        push(&[Decision::Content(index)], 0, reading.stack);
        return;
    }
    if fence.indent > 3 {
        // A bare fence indented four or more: content for CommonMark, but
        // often a closer that was indented with the code above it.
        push(&[Decision::Content(index)], 0, reading.stack);
        if fence.count >= top.fence.count {
            let depth = reading.stack.len();
            push(
                &[Decision::Close {
                    token: index,
                    levels: 1,
                }],
                cost::OVER_INDENTED_CLOSER,
                reading.stack.truncated(depth - 1),
            );
        }
        return;
    }
    let empty = if token.line == top.line + 1 {
        cost::EMPTY_BLOCK
    } else {
        0
    };
    let depth = reading.stack.len();
    // Past MAX_NESTING open blocks a fence only closes: a text that seems
    // to nest deeper is broken, and unbounded stacks made planning
    // quadratic (and the block tree deep enough to overflow the stack) on
    // 50 MB of repeated transcript. Closing stays possible at every depth.
    let may_nest = depth < MAX_NESTING;
    if fence.is_bare() {
        let mut widest_inner = 0;
        for k in (0..depth).rev() {
            let opener = &tokens[reading.stack[k]];
            // Closing an outer block past open inner ones is CommonMark's
            // reading only when the writer made the outer fence wider.
            let skips_ok = k == depth - 1 || opener.fence.count > widest_inner;
            widest_inner = widest_inner.max(opener.fence.count);
            if skips_ok && fence.count >= opener.fence.count {
                let skipped = (depth - 1 - k) as u32;
                let extra = skipped * cost::SKIPPED_LEVEL + if skipped == 0 { empty } else { 0 };
                let levels = (depth - k) as u8;
                push(
                    &[Decision::Close {
                        token: index,
                        levels,
                    }],
                    extra,
                    reading.stack.truncated(k),
                );
            }
        }
        if fence.count < top.fence.count {
            push(
                &[Decision::Close {
                    token: index,
                    levels: 1,
                }],
                cost::SHORT_CLOSER + empty,
                reading.stack.truncated(depth - 1),
            );
            if may_nest {
                push(&[Decision::Nested(index)], 0, reading.stack.pushed(index));
            }
        } else {
            if may_nest {
                push(
                    &[Decision::Nested(index)],
                    cost::NESTED_BARE,
                    reading.stack.pushed(index),
                );
            }
        }
    } else {
        let in_container = top.container;
        let nested_cost = if fence.count < top.fence.count || in_container {
            0
        } else {
            cost::NESTED_IN_CODE
        };
        if may_nest {
            push(
                &[Decision::Nested(index)],
                nested_cost,
                reading.stack.pushed(index),
            );
        }
        // The open blocks were never closed and this fence opens the next
        // one: close them before it, then open.
        push(
            &[
                Decision::CloseAll {
                    at_line: token.line,
                    insert_at: token.content_end,
                },
                Decision::Open(index),
            ],
            cost::close_all(depth),
            Stack::one(index),
        );
        let closer_cost = if fence.language().eq_ignore_ascii_case(top.fence.language()) {
            cost::INFO_CLOSER_SAME_LANGUAGE
        } else if in_container {
            cost::INFO_CLOSER_IN_CONTAINER
        } else {
            cost::INFO_CLOSER
        };
        push(
            &[Decision::Close {
                token: index,
                levels: 1,
            }],
            closer_cost + empty,
            reading.stack.truncated(depth - 1),
        );
    }
}

/// Keeps the cheapest candidate of each distinct state, and at most
/// [`BEAM`] states, cheapest first. Among equal costs the candidate
/// generated first (CommonMark's reading) wins. Candidates are ordered by
/// a packed (cost, position) key, so the sort moves eight bytes each.
fn prune(candidates: &[Reading], order: &mut Vec<u64>, kept: &mut Vec<Reading>) {
    order.clear();
    order.extend(
        candidates
            .iter()
            .enumerate()
            .map(|(i, r)| (u64::from(r.cost) << 32) | i as u64),
    );
    order.sort_unstable();
    let mut digests = [0u64; BEAM];
    for &key in order.iter() {
        if kept.len() == BEAM {
            break;
        }
        let candidate = &candidates[key as u32 as usize];
        let digest = candidate.digest();
        let seen = digests[..kept.len()]
            .iter()
            .zip(kept.iter())
            .any(|(&d, k)| d == digest && k.same_state(candidate));
        if !seen {
            digests[kept.len()] = digest;
            kept.push(candidate.clone());
        }
    }
}
