//! One step of the search: the readings a fence line can lead to, and the
//! few that go on.

use super::{
    close_all_at, cost, Candidate, Candidates, Choice, Reading, Tokens, BEAM, MAX_NESTING,
};

/// The candidates reading `reading` (number `parent`) can become at fence
/// line `index`.
pub(super) fn expand(
    reading: &Reading,
    parent: u8,
    index: u32,
    tokens: &Tokens<'_>,
    out: &mut Candidates,
) {
    let token = &tokens[index];
    let fence = &token.fence;
    let mut push = |choice: Choice, extra: u32, keep: usize, opened: Option<u32>| {
        let open = keep > 0 || opened.is_some();
        out.push(Candidate {
            cost: reading.cost + extra,
            parent,
            choice,
            keep: keep as u8,
            opened,
            spans_turn: reading.spans_turn && open && choice != Choice::Reopen,
        });
    };
    let Some(&top_index) = reading.stack.last() else {
        if fence.indent > 3 {
            // Indented code at the top level, not a fence.
            push(Choice::Content, 0, 0, None);
        } else {
            push(Choice::Open, 0, 0, Some(index));
        }
        return;
    };
    let top = &tokens[top_index];
    if fence.ch != top.fence.ch {
        push(Choice::Content, 0, reading.stack.len(), None);
        return;
    }
    if fence.indent > 3 {
        // A bare fence indented four or more: content for CommonMark, but
        // often a closer that was indented with the code above it.
        push(Choice::Content, 0, reading.stack.len(), None);
        if fence.count >= top.fence.count {
            let depth = reading.stack.len();
            push(
                Choice::Close(1),
                cost::OVER_INDENTED_CLOSER,
                depth - 1,
                None,
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
    // A fence right after `Clone the repo:` opens a block: reading it as a
    // closer costs more (the wrapper closed by its first inner block).
    let introduced = if token.after_introduction {
        cost::INTRODUCED_CLOSER
    } else {
        0
    };
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
                push(Choice::Close(levels), extra + introduced, k, None);
            }
        }
        if fence.count < top.fence.count {
            push(
                Choice::Close(1),
                cost::SHORT_CLOSER + empty + introduced,
                depth - 1,
                None,
            );
            if may_nest {
                push(Choice::Nested, 0, reading.stack.len(), Some(index));
            }
        } else if may_nest {
            push(
                Choice::Nested,
                cost::NESTED_BARE,
                reading.stack.len(),
                Some(index),
            );
        }
        if token.after_introduction {
            // The open blocks were left open and this fence opens the next.
            push(
                Choice::Reopen,
                close_all_at(reading, token.content_end, tokens),
                0,
                Some(index),
            );
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
                Choice::Nested,
                nested_cost,
                reading.stack.len(),
                Some(index),
            );
        }
        // The open blocks were never closed and this fence opens the next
        // one: close them before it, then open.
        push(
            Choice::Reopen,
            close_all_at(reading, token.content_end, tokens),
            0,
            Some(index),
        );
        let closer_cost = if token.language.eq_ignore_ascii_case(top.language) {
            cost::INFO_CLOSER_SAME_LANGUAGE
        } else if in_container {
            cost::INFO_CLOSER_IN_CONTAINER
        } else {
            cost::INFO_CLOSER
        };
        // A closer with a language is a slip made right after the code; one
        // a speaker turn away is the next answer's opener.
        let across_turn = if reading.spans_turn {
            cost::INFO_CLOSER_ACROSS_TURN
        } else {
            0
        };
        push(
            Choice::Close(1),
            closer_cost + empty + introduced + across_turn,
            depth - 1,
            None,
        );
    }
}

/// How far apart the costs of one step's candidates may be for them to be
/// ordered by counting: a step adds a few to readings whose costs are
/// close, so nearly every step is.
const COST_SPAN: usize = 32;

/// Fills `order` with the candidates' packed (cost, position) keys in
/// increasing order: by counting when their costs span less than
/// [`COST_SPAN`] (positions taken in order, so equal costs keep theirs),
/// else by sorting. Sorting was a sixth of the search on fence-dense text.
fn order_by_cost(candidates: &[Candidate], order: &mut Vec<u64>) {
    let key = |i: usize, c: &Candidate| (u64::from(c.cost) << 32) | i as u64;
    order.clear();
    let (low, high) = candidates.iter().fold((u32::MAX, 0), |(low, high), c| {
        (low.min(c.cost), high.max(c.cost))
    });
    if candidates.is_empty() {
        return;
    }
    if (high - low) as usize >= COST_SPAN {
        order.extend(candidates.iter().enumerate().map(|(i, c)| key(i, c)));
        order.sort_unstable();
        return;
    }
    let mut starts = [0usize; COST_SPAN + 1];
    for candidate in candidates {
        starts[(candidate.cost - low) as usize + 1] += 1;
    }
    for span in 1..=COST_SPAN {
        starts[span] += starts[span - 1];
    }
    order.resize(candidates.len(), 0);
    for (i, candidate) in candidates.iter().enumerate() {
        let start = &mut starts[(candidate.cost - low) as usize];
        order[*start] = key(i, candidate);
        *start += 1;
    }
}

/// Slots of the table [`prune`] finds the states it kept in: a power of
/// two, well over [`BEAM`], so a look-up rarely probes twice.
const SLOTS: usize = 32;

/// Keeps the cheapest candidate of each distinct state, and at most
/// [`BEAM`] states, cheapest first, handing each to `keep`. Among equal
/// costs the candidate generated first (CommonMark's reading) wins.
/// Candidates are ordered by a packed (cost, position) key, so the sort
/// moves eight bytes each, and told apart by digest: the states kept are
/// found by digest in a small open-addressed table, and only an equal
/// digest compares blocks.
pub(super) fn prune(
    candidates: &[Candidate],
    parents: &[Reading],
    order: &mut Vec<u64>,
    mut keep: impl FnMut(&Candidate),
) {
    order_by_cost(candidates, order);
    let stack_of = |c: &Candidate| &parents[usize::from(c.parent)].stack;
    // Each slot holds a kept state's position in `kept` plus one (0: empty).
    let mut slots = [0u8; SLOTS];
    let mut kept: [(u32, usize); BEAM] = [(0, 0); BEAM];
    let mut count = 0;
    for &key in order.iter() {
        let index = key as u32 as usize;
        let candidate = &candidates[index];
        let (depth, opened) = candidate.shape();
        let digest =
            stack_of(candidate).digest_with(depth, opened) ^ u32::from(candidate.spans_turn);
        let mut slot = digest as usize % SLOTS;
        let seen = loop {
            let Some(at) = usize::from(slots[slot]).checked_sub(1) else {
                break false;
            };
            let (d, other) = kept[at];
            let other = &candidates[other];
            if d == digest
                && other.spans_turn == candidate.spans_turn
                && stack_of(candidate).same_with(candidate.shape(), stack_of(other), other.shape())
            {
                break true;
            }
            slot = (slot + 1) % SLOTS;
        };
        if !seen {
            kept[count] = (digest, index);
            count += 1;
            slots[slot] = count as u8;
            keep(candidate);
            if count == BEAM {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidates(costs: &[u32]) -> Vec<Candidate> {
        costs
            .iter()
            .map(|&cost| Candidate {
                cost,
                parent: 0,
                choice: Choice::Keep,
                keep: 0,
                opened: None,
                spans_turn: false,
            })
            .collect()
    }

    #[test]
    fn counting_orders_as_sorting_does() {
        // Close costs (counted), far ones (sorted), ties, none and one.
        let mut state = 7u32;
        let mut next = |m: u32| {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (state >> 8) % m
        };
        let mut cases: Vec<Vec<u32>> = vec![vec![], vec![5], vec![3, 3, 3], vec![9, 2, 40, 2]];
        for n in 1..80 {
            let base = next(1000);
            let span = [1, 4, 31, 32, 33, 500][n % 6];
            cases.push((0..n).map(|_| base + next(span)).collect());
        }
        let mut order = Vec::new();
        for costs in cases {
            let candidates = candidates(&costs);
            order_by_cost(&candidates, &mut order);
            let mut sorted: Vec<u64> = candidates
                .iter()
                .enumerate()
                .map(|(i, c)| (u64::from(c.cost) << 32) | i as u64)
                .collect();
            sorted.sort_unstable();
            assert_eq!(order, sorted, "costs {costs:?}");
        }
    }
}
