//! The emitter's side of fence repair: the blocks decided and not yet
//! written, and the speaker turns found while deciding them.

use super::blocks::Region;
use crate::speakers::Speakers;
use std::collections::VecDeque;

/// Finished top-level blocks and turns, in order, the emitter's first.
#[derive(Debug, Default)]
pub(crate) struct Decided {
    pub ready: VecDeque<Region>,
    pub turns: Turns,
}

impl Decided {
    /// Takes the next closing fence to insert before line `line`, after
    /// dropping the blocks that end before it.
    pub(crate) fn take_insert(&mut self, line: usize) -> Option<String> {
        loop {
            let front = self.ready.front_mut()?;
            if front.inserts.front().is_some_and(|(at, _)| *at == line) {
                return front.inserts.pop_front().map(|(_, fence)| fence);
            }
            if front.end <= line && front.inserts.front().is_none_or(|(at, _)| *at < line) {
                self.ready.pop_front();
                continue;
            }
            return None;
        }
    }

    /// Whether line `line` is in a code block, and if so its replacement
    /// when the repair rewrites it. Call after [`take_insert`](Self::take_insert).
    pub(crate) fn code_line(&mut self, line: usize) -> Option<Option<String>> {
        let front = self.ready.front_mut()?;
        if front.start > line || front.end <= line {
            return None;
        }
        if front.rewrites.front().is_some_and(|(at, _)| *at == line) {
            return Some(front.rewrites.pop_front().map(|(_, text)| text));
        }
        Some(None)
    }

    /// Takes what `later`, decided after this, holds.
    pub(crate) fn extend(&mut self, later: Decided) {
        self.ready.extend(later.ready);
        self.turns.held.extend(later.turns.held);
        self.turns.until = later.turns.until;
    }
}

/// Speaker turns the scanner found ahead of the emitter, so that the
/// emitter need not look again.
#[derive(Debug, Default)]
pub(crate) struct Turns {
    held: VecDeque<usize>,
    /// The line up to which `held` is complete (it stops growing at
    /// [`MAX_TURNS`] lines held).
    until: usize,
    /// Whether a turn found no room: `until` stays where it was.
    full: bool,
}

/// How many turn lines the stream holds for the emitter.
const MAX_TURNS: usize = 1 << 16;

impl Turns {
    /// No turn held, the lines before `line` looked at.
    pub(crate) fn from(line: usize) -> Self {
        Turns {
            held: VecDeque::new(),
            until: line,
            full: false,
        }
    }

    /// Keeps turn line `line` (after every turn before it), while there is
    /// room: once there is none, the turns from it on are looked up.
    pub(crate) fn note_turn(&mut self, line: usize) {
        if self.full {
            return;
        }
        if self.held.len() < MAX_TURNS {
            self.held.push_back(line);
        } else {
            self.full = true;
            self.until = line;
        }
    }

    /// Every turn before line `end` has been noted.
    pub(crate) fn complete_until(&mut self, end: usize) {
        if !self.full {
            self.until = end;
        }
    }

    /// The turns held, handed on: this keeps none and goes on from where
    /// it was complete.
    pub(crate) fn take(&mut self) -> Turns {
        Turns {
            held: std::mem::take(&mut self.held),
            until: self.until,
            full: false,
        }
    }

    /// Whether line `line` (with text `text`) starts a speaker turn: as the
    /// scanner found it when it did, else looked up with `speakers`.
    pub(crate) fn is_turn(&mut self, line: usize, text: &str, speakers: &Speakers) -> bool {
        if line >= self.until {
            return speakers.is_turn(text);
        }
        while self.held.front().is_some_and(|&turn| turn < line) {
            self.held.pop_front();
        }
        self.held.front() == Some(&line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::SpeakerOptions;

    #[test]
    fn turns_are_held_until_there_is_no_room_then_looked_up() {
        let speakers = Speakers::new(&SpeakerOptions::default());
        let mut turns = Turns::from(0);
        for turn in 0..MAX_TURNS {
            turns.note_turn(2 * turn);
        }
        // No room for this one: from here on the lines are looked up, even
        // once later lines are said to be complete.
        turns.note_turn(2 * MAX_TURNS);
        turns.complete_until(2 * MAX_TURNS + 10);
        assert!(turns.is_turn(0, "held, whatever the text", &speakers));
        assert!(!turns.is_turn(1, "Claude: not held, so not a turn", &speakers));
        assert!(turns.is_turn(2 * MAX_TURNS, "Claude: looked up", &speakers));
        assert!(!turns.is_turn(2 * MAX_TURNS + 2, "looked up, plain", &speakers));
    }
}
