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
    /// `digests[k]` is the digest of the outermost `k` blocks, kept as
    /// the stack is built: a candidate's digest is then one lookup and at
    /// most one mix, where folding its blocks for every candidate was a
    /// tenth of the search on fence-dense text (issue 32). Four bytes
    /// each keep a stack small to copy; a digest only rules states out,
    /// equal ones are compared block by block.
    digests: [u32; MAX_NESTING + 1],
}

impl Stack {
    pub(super) const EMPTY: Stack = Stack {
        items: [0; MAX_NESTING],
        len: 0,
        digests: [DIGEST_SEED; MAX_NESTING + 1],
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
    /// Becomes its outermost `keep` blocks, then `opened` opened inside
    /// them (the caller keeps the depth within [`MAX_NESTING`]).
    pub(super) fn become_with(&mut self, keep: usize, opened: Option<u32>) {
        let len = keep.min(self.len());
        self.len = len as u32;
        if let Some(token) = opened {
            self.items[len] = token;
            self.digests[len + 1] = mix(self.digests[len], token);
            self.len += 1;
        }
    }

    /// The digest the stack would have after
    /// [`become_with`](Self::become_with)`(keep, opened)`, without changing
    /// it: candidates are told apart by digest, and only the few kept are
    /// built.
    pub(super) fn digest_with(&self, keep: usize, opened: Option<u32>) -> u32 {
        let kept = self.digests[keep.min(self.len())];
        match opened {
            Some(token) => mix(kept, token),
            None => kept,
        }
    }

    /// Whether this stack and `other`, made to
    /// [`become_with`](Self::become_with) `(keep, opened)` and
    /// `(other_keep, other_opened)`, would be equal, without changing either.
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

const DIGEST_SEED: u32 = 0x811c_9dc5;

/// One step of FNV-1a, a whole item at a time.
fn mix(h: u32, item: u32) -> u32 {
    (h ^ item).wrapping_mul(0x0100_0193)
}
