//! The decisions of the readings the fence search keeps alive.
//!
//! Readings branch from one another, so their decisions form a tree: each
//! node holds one decision and the node before it. Only the live readings
//! matter, so nodes are reference counted and their slots reused once no
//! reading leads through them. Memory then follows the live readings (a
//! shared trunk and short branches), not every reading ever considered: on
//! 50 MB of transcript keeping them all took 700 MB.

/// A node of the history; [`EMPTY`] is the history with no decisions.
pub(super) type NodeId = u32;

/// The empty history.
pub(super) const EMPTY: NodeId = u32::MAX;

struct Node<T> {
    parent: NodeId,
    /// Children plus readings ending here.
    refs: u32,
    item: T,
}

/// A tree of decisions shared by the live readings.
pub(super) struct History<T> {
    nodes: Vec<Node<T>>,
    free: Vec<NodeId>,
}

impl<T: Copy> History<T> {
    pub(super) fn new() -> Self {
        History {
            nodes: Vec::new(),
            free: Vec::new(),
        }
    }

    /// Appends `item` after `parent`. The new node is held by nobody yet:
    /// extend it or [`retain`](Self::retain) it before the next release.
    pub(super) fn push(&mut self, parent: NodeId, item: T) -> NodeId {
        self.retain(parent);
        let node = Node {
            parent,
            refs: 0,
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

    /// The decisions leading to `id`, first to last.
    pub(super) fn unwind(&self, mut id: NodeId) -> Vec<T> {
        let mut out = Vec::new();
        while id != EMPTY {
            let node = &self.nodes[id as usize];
            out.push(node.item);
            id = node.parent;
        }
        out.reverse();
        out
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
        assert_eq!(history.unwind(left), vec!['a', 'b']);
        assert_eq!(history.unwind(right), vec!['a', 'c']);
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
        assert_eq!(history.unwind(reused), vec!['a', 'c', 'd']);
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
        assert_eq!(history.unwind(head).len(), 10_000);
    }
}
