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

use super::history::{History, NodeId, EMPTY};
use super::scan::FenceLine;

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

/// How many readings the search keeps alive.
pub(crate) const BEAM: usize = 24;

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

/// A fence line of the document, by line number.
#[derive(Debug, Clone)]
pub(crate) struct Token<'a> {
    pub line: usize,
    pub fence: FenceLine<'a>,
}

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
    /// All open blocks are closed by inserted fences; `at_line` is the speaker
    /// turn (or the line count, for the end of the file).
    CloseAll { at_line: usize },
}

/// The open blocks of a reading (token indices, innermost last), kept
/// inline: readings are copied at every fence line, and allocating a
/// vector for each copy was most of the planner's time on fence-dense
/// input.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Stack {
    items: [u32; MAX_NESTING],
    len: u8,
}

impl Stack {
    const EMPTY: Stack = Stack {
        items: [0; MAX_NESTING],
        len: 0,
    };

    /// A stack of one open block.
    fn one(token: u32) -> Stack {
        Stack::EMPTY.pushed(token)
    }

    fn len(&self) -> usize {
        usize::from(self.len)
    }

    fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn last(&self) -> Option<&u32> {
        self.items[..self.len()].last()
    }

    /// This stack with `token` opened inside (the caller keeps the depth
    /// under [`MAX_NESTING`]).
    fn pushed(mut self, token: u32) -> Stack {
        self.items[self.len()] = token;
        self.len += 1;
        self
    }

    /// The outermost `n` blocks.
    fn truncated(mut self, n: usize) -> Stack {
        self.len = n.min(self.len()) as u8;
        self
    }
}

impl std::ops::Index<usize> for Stack {
    type Output = u32;
    fn index(&self, i: usize) -> &u32 {
        &self.items[..self.len()][i]
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
}

/// A line where a speaker turn starts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TurnLine {
    pub line: usize,
    /// Whether a blank line (or nothing) comes before it. Turns packed line
    /// after line are a chat log quoted in a code block more often than a
    /// conversation, so a block crossing them pays only for the first.
    pub starts_paragraph: bool,
}

/// Finds the cheapest reading of `tokens`, given the speaker turns and the
/// number of lines. Returns the decisions in order.
pub(crate) fn choose(tokens: &[Token<'_>], turns: &[TurnLine], line_count: usize) -> Vec<Decision> {
    let mut history = History::new();
    let mut readings = vec![Reading {
        stack: Stack::EMPTY,
        spans_turn: false,
        cost: 0,
        history: EMPTY,
        pending: [None; 2],
    }];
    let mut next_turn = 0;
    for (index, token) in tokens.iter().enumerate() {
        while next_turn < turns.len() && turns[next_turn].line < token.line {
            readings = at_turn(readings, turns[next_turn], &mut history);
            next_turn += 1;
        }
        let mut successors = Vec::with_capacity(readings.len() * 3);
        for reading in &readings {
            expand(reading, index as u32, tokens, &mut successors);
        }
        readings = advance(readings, successors, &mut history);
    }
    while next_turn < turns.len() {
        readings = at_turn(readings, turns[next_turn], &mut history);
        next_turn += 1;
    }
    let best = readings
        .into_iter()
        .map(|mut r| {
            if !r.stack.is_empty() {
                r.cost += cost::close_all(r.stack.len());
                r.pending[0] = Some(Decision::CloseAll {
                    at_line: line_count,
                });
            }
            r
        })
        .min_by_key(|r| r.cost);
    best.map_or_else(Vec::new, |mut r| {
        r.commit(&mut history);
        history.unwind(r.history)
    })
}

/// Keeps the best of `successors` as the readings that go on: their
/// decisions join the history, and the readings they replace let go.
fn advance(
    old: Vec<Reading>,
    successors: Vec<Reading>,
    history: &mut History<Decision>,
) -> Vec<Reading> {
    let mut kept = prune(successors);
    for reading in &mut kept {
        reading.commit(history);
    }
    for reading in old {
        history.release(reading.history);
    }
    kept
}

/// The successors of a reading at a speaker turn: keep the open blocks
/// across it, or close them all just before it.
fn at_turn(
    readings: Vec<Reading>,
    turn: TurnLine,
    history: &mut History<Decision>,
) -> Vec<Reading> {
    if readings.iter().all(|r| r.stack.is_empty()) {
        return readings;
    }
    let mut out = Vec::with_capacity(readings.len() * 2);
    for reading in &readings {
        if reading.stack.is_empty() {
            out.push(Reading::after(reading, &[], reading.cost, Stack::EMPTY));
            continue;
        }
        let mut closed = Reading::after(
            reading,
            &[Decision::CloseAll { at_line: turn.line }],
            reading.cost + cost::close_all(reading.stack.len()),
            Stack::EMPTY,
        );
        closed.spans_turn = false;
        out.push(closed);
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
        out.push(kept);
    }
    advance(readings, out, history)
}

/// The deepest nesting of fenced blocks a reading may open.
const MAX_NESTING: usize = 8;

fn expand(reading: &Reading, index: u32, tokens: &[Token<'_>], out: &mut Vec<Reading>) {
    let token = &tokens[index as usize];
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
    let top = &tokens[top_index as usize];
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
            let opener = &tokens[reading.stack[k] as usize];
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
        let in_container =
            CONTAINER_LANGUAGES.contains(&top.fence.language().to_ascii_lowercase().as_str());
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

/// Keeps the cheapest reading for each distinct open stack, and at most
/// [`BEAM`] of them. The sort is stable, so among equal costs the reading
/// generated first (CommonMark's) survives.
fn prune(mut readings: Vec<Reading>) -> Vec<Reading> {
    readings.sort_by_key(|r| r.cost);
    let mut kept: Vec<Reading> = Vec::with_capacity(BEAM);
    for reading in readings {
        if kept.len() == BEAM {
            break;
        }
        if !kept
            .iter()
            .any(|k| k.stack == reading.stack && k.spans_turn == reading.spans_turn)
        {
            kept.push(reading);
        }
    }
    kept
}
