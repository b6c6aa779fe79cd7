//! The open blocks of a reading, kept inline.

/// The deepest nesting of fenced blocks a reading may open.
pub(super) const MAX_NESTING: usize = 8;

/// The open blocks of a reading (token indices, innermost last), kept
/// inline: readings are copied at every fence line, and allocating a
/// vector for each copy was most of the planner's time on fence-dense
/// input.
#[derive(Clone, Copy)]
pub(super) struct Stack {
    items: [u32; MAX_NESTING],
    /// As wide as an item: a byte stored and then read back with the
    /// padding beside it as one word stalled the search's hottest loop.
    len: u32,
}

impl Stack {
    pub(super) const EMPTY: Stack = Stack {
        items: [0; MAX_NESTING],
        len: 0,
    };

    pub(super) fn len(&self) -> usize {
        self.len as usize
    }

    pub(super) fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub(super) fn last(&self) -> Option<&u32> {
        self.items[..self.len()].last()
    }

    /// This stack with `token` opened inside (the caller keeps the depth
    /// under [`MAX_NESTING`]).
    pub(super) fn pushed(mut self, token: u32) -> Stack {
        self.items[self.len()] = token;
        self.len += 1;
        self
    }

    /// The outermost `n` blocks.
    pub(super) fn truncated(mut self, n: usize) -> Stack {
        self.len = n.min(self.len()) as u32;
        self
    }
}

impl std::ops::Index<usize> for Stack {
    type Output = u32;
    fn index(&self, i: usize) -> &u32 {
        &self.items[..self.len()][i]
    }
}

impl PartialEq for Stack {
    /// Equal when the open blocks are (slots past the length are stale).
    fn eq(&self, other: &Stack) -> bool {
        self.items[..self.len()] == other.items[..other.len()]
    }
}

impl Eq for Stack {}

impl Stack {
    /// The outermost `keep` blocks, then `opened` opened inside them.
    pub(super) fn with(&self, keep: usize, opened: Option<u32>) -> Stack {
        let kept = self.truncated(keep);
        match opened {
            Some(token) => kept.pushed(token),
            None => kept,
        }
    }

    /// The digest [`with`](Self::with)`(keep, opened)` would have, without
    /// building it: candidates are told apart by digest, and only the few
    /// kept are built.
    pub(super) fn digest_with(&self, keep: usize, opened: Option<u32>) -> u64 {
        let kept = self.items[..keep.min(self.len())]
            .iter()
            .fold(DIGEST_SEED, |h, &item| mix(h, item));
        match opened {
            Some(token) => mix(kept, token),
            None => kept,
        }
    }

    /// Whether `self.with(keep, opened)` equals `other.with(other_keep,
    /// other_opened)`, without building either.
    pub(super) fn same_with(
        &self,
        (keep, opened): (usize, Option<u32>),
        other: &Stack,
        (other_keep, other_opened): (usize, Option<u32>),
    ) -> bool {
        let left = self.items[..keep.min(self.len())]
            .iter()
            .chain(opened.as_ref());
        let right = other.items[..other_keep.min(other.len())]
            .iter()
            .chain(other_opened.as_ref());
        left.eq(right)
    }

    /// The open blocks, outermost first.
    pub(super) fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.items[..self.len()].iter().copied()
    }
}

const DIGEST_SEED: u64 = 0xcbf2_9ce4_8422_2325;

fn mix(h: u64, item: u32) -> u64 {
    (h ^ u64::from(item)).wrapping_mul(0x0100_0000_01b3)
}
