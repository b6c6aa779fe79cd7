//! Costs of the assumptions a reading makes; see the planner's module
//! documentation.

use super::{Reading, Tokens};

pub const NESTED_IN_CODE: u32 = 1;
pub const NESTED_BARE: u32 = 1;
pub const SKIPPED_LEVEL: u32 = 1;
pub const INFO_CLOSER_SAME_LANGUAGE: u32 = 2;
pub const INFO_CLOSER: u32 = 3;
pub const INFO_CLOSER_IN_CONTAINER: u32 = 5;
pub const SHORT_CLOSER: u32 = 2;
pub const OVER_INDENTED_CLOSER: u32 = 1;
pub const INTRODUCED_CLOSER: u32 = 3;
pub const INFO_CLOSER_ACROSS_TURN: u32 = 3;
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

/// The cost of closing every block `reading` has open with fences
/// inserted at line `insert_at`: [`close_all`], and
/// [`EMPTY_BLOCK`] when the innermost block's opener is the last
/// non-blank line before them. The repaired text then has an empty block,
/// which the next run pays for like any other: priced the same way here,
/// the reading chosen is the one the next run keeps, so a text whose
/// repair inserts a closer settles in one run instead of three (issue 32:
/// fence-heavy text with one unclosed fence at its end, planned four
/// times).
pub(super) fn close_all_at(reading: &Reading, insert_at: usize, tokens: &Tokens<'_>) -> u32 {
    let empty = reading
        .stack
        .last()
        .is_some_and(|&open| insert_at <= tokens[open].line + 1);
    close_all(reading.stack.len()) + if empty { EMPTY_BLOCK } else { 0 }
}
