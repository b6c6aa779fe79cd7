//! The decisions of the readings the fence search keeps alive.
//!
//! Readings branch from one another, so their decisions form a tree: each
//! node holds one decision and the node before it. Only the live readings
//! matter, so nodes are reference counted and their slots reused once no
//! reading leads through them. Memory then follows the live readings (a
//! shared trunk and short branches), not every reading ever considered: on
//! 50 MB of transcript keeping them all took 700 MB.
//!
//! Decisions every live reading shares are handed out
//! ([`History::take_through`]) and their nodes freed: the node handed out
//! last becomes the root, and the history holds only what the readings
//! still disagree about.

/// A node of the history; [`EMPTY`] is the history with no decisions.
pub(super) type NodeId = u32;

/// The empty history.
pub(super) const EMPTY: NodeId = u32::MAX;

struct Node<T> {
    parent: NodeId,
    /// Children plus readings ending here.
    refs: u32,
    /// How many decisions lead here, this one included.
    depth: u64,
    item: T,
}

/// A tree of decisions shared by the live readings.
pub(super) struct History<T> {
    nodes: Vec<Node<T>>,
    free: Vec<NodeId>,
    /// The last node handed out (its decision and those before it are no
    /// longer part of the history), or [`EMPTY`].
    root: NodeId,
}

impl<T: Copy> History<T> {
    pub(super) fn new() -> Self {
        History {
            nodes: Vec::new(),
            free: Vec::new(),
            root: EMPTY,
        }
    }

    /// Appends `item` after `parent`. The new node is held by nobody yet:
    /// extend it or [`retain`](Self::retain) it before the next release.
    pub(super) fn push(&mut self, parent: NodeId, item: T) -> NodeId {
        self.retain(parent);
        let node = Node {
            parent,
            refs: 0,
            depth: self.depth(parent) + 1,
            item,
        };
        match self.free.pop() {
            Some(id) => {
                self.nodes[id as usize] = node;
                id
            }
            None => {
                self.nodes.push(node);
                (self.nodes.len() - 1) as NodeId
            }
        }
    }

    /// Notes one more reading ending at `id`.
    pub(super) fn retain(&mut self, id: NodeId) {
        if id != EMPTY {
            self.nodes[id as usize].refs += 1;
        }
    }

    /// Notes one reading fewer ending at `id`, freeing the nodes that no
    /// live reading leads through any more.
    pub(super) fn release(&mut self, mut id: NodeId) {
        while id != EMPTY {
            let node = &mut self.nodes[id as usize];
            node.refs -= 1;
            if node.refs > 0 {
                return;
            }
            self.free.push(id);
            id = node.parent;
        }
    }

    fn depth(&self, id: NodeId) -> u64 {
        if id == EMPTY {
            0
        } else {
            self.nodes[id as usize].depth
        }
    }

    /// Whether `id` is the root: the last node handed out.
    pub(super) fn is_root(&self, id: NodeId) -> bool {
        id == self.root
    }

    /// The nearest node at or above `id` (the root included) whose item
    /// satisfies `keep`, or [`EMPTY`].
    pub(super) fn ancestor_where(&self, mut id: NodeId, keep: impl Fn(&T) -> bool) -> NodeId {
        while id != EMPTY {
            let node = &self.nodes[id as usize];
            if id == self.root || keep(&node.item) {
                return id;
            }
            id = node.parent;
        }
        EMPTY
    }

    /// Whether the path to `id` goes through `ancestor`.
    pub(super) fn descends_from(&self, mut id: NodeId, ancestor: NodeId) -> bool {
        let depth = self.depth(ancestor);
        while id != EMPTY && self.depth(id) > depth {
            id = self.nodes[id as usize].parent;
        }
        id == ancestor
    }

    /// Appends the items from the root (excluded) to `id` (included) to
    /// `out`, first to last, and makes `id` the root. Every live reading
    /// must lead through `id`: the nodes above it are freed.
    pub(super) fn take_through(&mut self, id: NodeId, out: &mut Vec<T>) {
        let start = out.len();
        let mut at = id;
        while at != EMPTY && at != self.root {
            let node = &self.nodes[at as usize];
            out.push(node.item);
            at = node.parent;
        }
        out[start..].reverse();
        if id == EMPTY {
            return;
        }
        // The history holds the root itself, so that its slot is not
        // reused while it marks where the handed-out decisions end.
        self.retain(id);
        let mut above = self.nodes[id as usize].parent;
        while above != EMPTY {
            let next = self.nodes[above as usize].parent;
            self.free.push(above);
            above = next;
        }
        self.nodes[id as usize].parent = EMPTY;
        self.root = id;
    }

    /// How many nodes are in use.
    #[cfg(test)]
    pub(super) fn live(&self) -> usize {
        self.nodes.len() - self.free.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn branches_share_their_trunk_and_a_dropped_branch_is_freed() {
        let mut history = History::new();
        let trunk = history.push(EMPTY, 'a');
        let left = history.push(trunk, 'b');
        history.retain(left);
        let right = history.push(trunk, 'c');
        history.retain(right);
        assert_eq!(unwind(&history, left), vec!['a', 'b']);
        assert_eq!(unwind(&history, right), vec!['a', 'c']);
        assert_eq!(history.live(), 3);

        history.release(left);
        assert_eq!(
            history.live(),
            2,
            "the dropped branch is freed, the trunk kept"
        );
        let reused = history.push(right, 'd');
        history.retain(reused);
        history.release(right);
        assert_eq!(unwind(&history, reused), vec!['a', 'c', 'd']);
        assert_eq!(history.live(), 3, "a freed slot is reused");

        history.release(reused);
        assert_eq!(history.live(), 0);
    }

    #[test]
    fn a_long_run_of_single_survivors_keeps_only_its_own_path() {
        let mut history = History::new();
        let mut head = EMPTY;
        for step in 0..10_000u32 {
            // Three candidates; one survives, the others are never kept.
            let survivor = history.push(head, step);
            history.retain(survivor);
            let rejected = history.push(head, u32::MAX);
            history.retain(rejected);
            history.release(rejected);
            history.release(head);
            head = survivor;
        }
        assert_eq!(history.live(), 10_000);
        assert_eq!(unwind(&history, head).len(), 10_000);
    }

    /// The items leading to `id` from the root, without handing them out.
    fn unwind<T: Copy>(history: &History<T>, mut id: NodeId) -> Vec<T> {
        let mut out = Vec::new();
        while id != EMPTY && !history.is_root(id) {
            out.push(history.nodes[id as usize].item);
            id = history.nodes[id as usize].parent;
        }
        out.reverse();
        out
    }

    #[test]
    fn taking_a_shared_trunk_frees_it_and_keeps_the_branches() {
        let mut history = History::new();
        let a = history.push(EMPTY, 'a');
        let b = history.push(a, 'b');
        let left = history.push(b, 'c');
        history.retain(left);
        let right = history.push(b, 'd');
        history.retain(right);
        assert!(history.descends_from(left, b) && history.descends_from(right, b));
        assert!(!history.descends_from(left, right));
        let mut out = Vec::new();
        history.take_through(b, &mut out);
        assert_eq!(out, vec!['a', 'b']);
        assert!(history.is_root(b));
        assert_eq!(history.live(), 3, "a is freed; b stays as the root");
        assert_eq!(unwind(&history, left), vec!['c']);
        history.release(right);
        out.clear();
        history.take_through(left, &mut out);
        assert_eq!(out, vec!['c'], "only what came after the root");
        assert_eq!(history.ancestor_where(left, |_| false), left, "the root");
    }
}
