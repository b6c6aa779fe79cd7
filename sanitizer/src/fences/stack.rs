//! The open blocks of a reading, kept inline.

/// The deepest nesting of fenced blocks a reading may open.
pub(super) const MAX_NESTING: usize = 8;

/// The open blocks of a reading (token indices, innermost last), kept
/// inline: readings are copied at every fence line, and allocating a
/// vector for each copy was most of the planner's time on fence-dense
/// input.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) struct Stack {
    items: [u32; MAX_NESTING],
    len: u8,
}

impl Stack {
    pub(super) const EMPTY: Stack = Stack {
        items: [0; MAX_NESTING],
        len: 0,
    };

    /// A stack of one open block.
    pub(super) fn one(token: u32) -> Stack {
        Stack::EMPTY.pushed(token)
    }

    pub(super) fn len(&self) -> usize {
        usize::from(self.len)
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

impl Stack {
    /// A digest of the open blocks, for telling states apart quickly.
    pub(super) fn digest(&self) -> u64 {
        self.items[..self.len()]
            .iter()
            .fold(u64::from(self.len), |h, &item| {
                (h ^ u64::from(item)).wrapping_mul(0x0100_0000_01b3)
            })
    }

    /// The open blocks, outermost first.
    pub(super) fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.items[..self.len()].iter().copied()
    }
}
