//! Code-fence repair.
//!
//! LLM answers break fenced code in a handful of ways: a three-backtick block
//! nested in a three-backtick ```` ```markdown ```` block (the inner closer
//! closes the outer block), a closer that carries a language
//! (```` ```python ````), a block never closed (it swallows the rest of the
//! article; under Jekyll's kramdown it is not a code block at all and its `#`
//! lines become headings), and multi-word info strings, which kramdown does
//! not accept as fences.
//!
//! The repair works in three steps, as the output is written
//! ([`FenceStream`] reads only as far ahead as it must, or, on a long text,
//! runs ahead on threads of its own, see `ahead`):
//! 1. `plan::Search` reads the top-level fence lines and picks the
//!    structure the writer most plausibly meant (see its table of costs);
//! 2. each block's fence is made wide enough for what it contains (the
//!    outer fence gets one more backtick than any fence inside it),
//!    malformed closers are rewritten, missing ones inserted, info strings
//!    cut to their first word;
//! 3. every block that changed is parsed again with pulldown-cmark, which
//!    must see exactly one fenced block with the intended language and the
//!    original content; a block that fails is left as it was and reported.
//!
//! Only fence lines are ever changed or added: no byte between the fences of
//! a block changes. Fences inside blockquotes and indented contexts (list
//! items) are left alone.

mod ahead;
mod blocks;
pub(crate) mod boundary;
mod decided;
mod plan;
pub(crate) mod scan;
mod scanner;
mod stack;
mod stream;
mod tokens;

pub(crate) use ahead::{plan_ahead, Ahead, Fences, Pace, BATCHES_AHEAD, PACE};
pub(crate) use stream::FenceStream;

use serde::Serialize;

/// One change the fence repair made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FenceRepair {
    /// 1-based line of the input where the fence is (or, for an inserted
    /// closer, the line it was inserted before).
    pub line: usize,
    /// What was done.
    #[serde(flatten)]
    pub kind: FenceRepairKind,
}

/// The kinds of fence repair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum FenceRepairKind {
    /// An opening fence was made longer so that nested fences cannot close it.
    Widened {
        /// Fence length before.
        from: usize,
        /// Fence length after.
        to: usize,
    },
    /// A closing fence that carried an info string or was too short was rewritten.
    FixedCloser,
    /// A closing fence was inserted for a block left open.
    Closed,
    /// An info string of several words was cut to its first word.
    TrimmedInfo,
    /// A repair could not be verified with pulldown-cmark and was not applied.
    Unverified,
    /// Repairs did not settle on a stable reading; the fences were left as written.
    Unstable,
    /// The text has more than [`scan::MAX_FENCE_RUN`] fence lines in a row
    /// (at this line), which no writer means; its fences were left as
    /// written.
    LeftAsWritten {
        /// Fence lines in a row, counted up to the first past the limit.
        run: usize,
    },
}

impl FenceRepair {
    /// Whether the repair changed the text (not a note about one left undone).
    pub fn is_applied(&self) -> bool {
        !matches!(
            self.kind,
            FenceRepairKind::Unverified
                | FenceRepairKind::Unstable
                | FenceRepairKind::LeftAsWritten { .. }
        )
    }
}

/// How many repairs a report lists one by one; past this they are counted
/// (16 MB of fence lines made four million).
pub const MAX_LISTED_REPAIRS: usize = 1000;

/// The repairs of a run: the first [`MAX_LISTED_REPAIRS`] in full, the
/// rest counted.
#[derive(Debug, Default)]
pub(crate) struct RepairLog {
    pub listed: Vec<FenceRepair>,
    pub unlisted: FenceTally,
}

impl RepairLog {
    pub(crate) fn push(&mut self, repair: FenceRepair) {
        list_or_count(&mut self.listed, &mut self.unlisted, repair);
    }
}

/// Lists `repair` while fewer than [`MAX_LISTED_REPAIRS`] are listed, and
/// counts it past that.
pub(crate) fn list_or_count(
    listed: &mut Vec<FenceRepair>,
    unlisted: &mut FenceTally,
    repair: FenceRepair,
) {
    if listed.len() < MAX_LISTED_REPAIRS {
        listed.push(repair);
    } else if repair.is_applied() {
        unlisted.repaired += 1;
    } else {
        unlisted.unverified += 1;
    }
}

/// Fence repairs counted but not listed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct FenceTally {
    /// Repairs made.
    pub repaired: usize,
    /// Repairs left undone (could not be verified, or did not settle).
    pub unverified: usize,
}

impl FenceTally {
    /// Whether nothing was counted.
    pub fn is_zero(&self) -> bool {
        self.repaired == 0 && self.unverified == 0
    }
}
