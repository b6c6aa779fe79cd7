//! One step of the search: the readings a fence line can lead to, and the
//! few that go on.

use super::{
    cost, cost::close_all_at, Candidate, Candidates, Choice, Reading, Tokens, BEAM, MAX_NESTING,
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

/// Up to how many candidates [`order_by_cost`] sorts by insertion.
const INSERTION: usize = 32;

/// Fills `order` with the candidates' packed (cost, position) keys in
/// increasing order: equal costs keep the order the candidates were made
/// in. The readings are kept cheapest first and each adds a little, so
/// the keys come nearly in order, and a step's few (up to [`INSERTION`])
/// are sorted by insertion, in about one pass; more by the standard sort.
/// Counting them into buckets by cost chained every step through the
/// counters in memory, and was the slower by a tenth on fence-dense text
/// (issue 32).
fn order_by_cost(candidates: &[Candidate], order: &mut Vec<u64>) {
    order.clear();
    order.extend(
        candidates
            .iter()
            .enumerate()
            .map(|(i, c)| (u64::from(c.cost) << 32) | i as u64),
    );
    if order.len() > INSERTION {
        order.sort_unstable();
        return;
    }
    for i in 1..order.len() {
        let key = order[i];
        let mut at = i;
        while at > 0 && order[at - 1] > key {
            order[at] = order[at - 1];
            at -= 1;
        }
        order[at] = key;
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
        // A nested candidate's state is new: its stack ends with the
        // event's fence under its parent's blocks, and the parents are
        // distinct states (a stack shared by two differs in `spans_turn`,
        // which nesting keeps); no other candidate's stack ends with that
        // fence but the one that opens it alone. It is not looked up.
        if candidate.choice != Choice::Nested {
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
                    && stack_of(candidate).same_with(
                        candidate.shape(),
                        stack_of(other),
                        other.shape(),
                    )
                {
                    break true;
                }
                slot = (slot + 1) % SLOTS;
            };
            if seen {
                continue;
            }
            kept[count] = (digest, index);
            slots[slot] = count as u8 + 1;
        }
        count += 1;
        keep(candidate);
        if count == BEAM {
            break;
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
    fn candidates_are_ordered_by_cost_then_as_made() {
        let made = candidates(&[5, 3, 5, 3, 40, 0, 3]);
        let mut order = Vec::new();
        order_by_cost(&made, &mut order);
        let positions: Vec<u32> = order.iter().map(|&key| key as u32).collect();
        assert_eq!(positions, [5, 1, 3, 6, 0, 2, 4]);
        let costs: Vec<u32> = order.iter().map(|&key| (key >> 32) as u32).collect();
        assert_eq!(costs, [0, 3, 3, 3, 5, 5, 40]);
        // Past the few sorted by insertion, the same order.
        let mut state = 7u32;
        for n in [INSERTION - 1, INSERTION, INSERTION + 1, 3 * INSERTION] {
            let costs: Vec<u32> = (0..n)
                .map(|_| {
                    state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    (state >> 8) % 9
                })
                .collect();
            order_by_cost(&candidates(&costs), &mut order);
            let keys: Vec<(u32, u32)> = order
                .iter()
                .map(|&k| ((k >> 32) as u32, k as u32))
                .collect();
            assert!(keys.windows(2).all(|w| w[0] < w[1]), "{costs:?}");
            assert!(keys.iter().all(|&(cost, at)| costs[at as usize] == cost));
            assert_eq!(keys.len(), n);
        }
    }

    #[test]
    fn an_outer_candidate_no_cheaper_than_one_before_is_not_made() {
        let outer = |cost, opened| Candidate {
            cost,
            parent: 0,
            choice: Choice::CloseAll,
            keep: 0,
            opened,
            spans_turn: false,
        };
        let inner = Candidate {
            keep: 1,
            ..outer(1, None)
        };
        let mut made = Candidates::default();
        made.clear();
        for candidate in [
            outer(4, None),
            inner,
            outer(4, None),
            outer(6, Some(9)),
            outer(2, None),
            outer(6, Some(9)),
            outer(5, Some(9)),
            inner,
        ] {
            made.push(candidate);
        }
        let kept: Vec<(u32, u8, bool)> = made
            .list
            .iter()
            .map(|c| (c.cost, c.keep, c.opened.is_some()))
            .collect();
        assert_eq!(
            kept,
            [
                (4, 0, false),
                (1, 1, false),
                (6, 0, true),
                (2, 0, false),
                (5, 0, true),
                (1, 1, false)
            ]
        );
        // A fresh step starts again.
        made.clear();
        made.push(outer(9, None));
        assert_eq!(made.list.len(), 1);
    }
}
