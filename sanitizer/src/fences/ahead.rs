//! Fence repair on a thread of its own: on a long text the planner reads
//! ahead on one core while the emitter writes on the other.
//!
//! The planner's thread runs the same [`FenceStream`] the emitter would
//! run in place, step by step to the end, and hands on what it decides in
//! batches; the emitter waits only when it catches up with the frontier.
//! A stream decides the same blocks however far ahead it reads (reading
//! ahead is all the emitter's requests ever changed), so the output is the
//! same either way.

use super::decided::Decided;
use super::stream::FenceStream;
use super::RepairLog;
use crate::speakers::Speakers;
use std::sync::mpsc::{Receiver, SyncSender};

/// How many lines the planner scans between two batches.
pub(crate) const BATCH_LINES: usize = 512;

/// How many batches may wait for the emitter: memory stays bounded however
/// far ahead the planner gets.
pub(crate) const BATCHES_AHEAD: usize = 64;

/// What the planner decided since its last batch.
pub(crate) struct Batch {
    decided: Decided,
    /// Lines below this are decided.
    frontier: usize,
    finished: bool,
}

/// Runs `stream` to the end, sending what it decides to `to` every
/// `batch_lines` lines; returns its repairs. Stops early when the emitter
/// has gone.
pub(crate) fn plan_ahead(
    mut stream: FenceStream<'_, '_>,
    to: &SyncSender<Batch>,
    batch_lines: usize,
) -> RepairLog {
    let mut scanned = 0;
    while !stream.finished {
        stream.step();
        scanned += 1;
        if scanned >= batch_lines || stream.finished {
            scanned = 0;
            let batch = Batch {
                decided: Decided {
                    ready: std::mem::take(&mut stream.decided.ready),
                    turns: stream.decided.turns.take(),
                },
                frontier: stream.frontier,
                finished: stream.finished,
            };
            if to.send(batch).is_err() {
                break;
            }
        }
    }
    stream.repairs
}

/// The emitter's side of a planner on another thread.
pub(crate) struct Ahead<'s> {
    from: Receiver<Batch>,
    decided: Decided,
    frontier: usize,
    finished: bool,
    speakers: &'s Speakers,
}

impl<'s> Ahead<'s> {
    /// What the planner sending to `from` decides, from line `line` on.
    pub(crate) fn new(from: Receiver<Batch>, line: usize, speakers: &'s Speakers) -> Self {
        Ahead {
            from,
            decided: Decided {
                turns: super::decided::Turns::from(line),
                ..Decided::default()
            },
            frontier: line,
            finished: false,
            speakers,
        }
    }
}

/// Fence repair as the emitter reads it: planned in place, or ahead on
/// another thread.
pub(crate) enum Fences<'t, 's> {
    InPlace(FenceStream<'t, 's>),
    Ahead(Ahead<'s>),
}

impl Fences<'_, '_> {
    /// Waits until line `line` is decided (or the text ends).
    pub(crate) fn decide(&mut self, line: usize) {
        match self {
            Fences::InPlace(stream) => stream.decide(line),
            Fences::Ahead(ahead) => {
                while !ahead.finished && ahead.frontier <= line {
                    // A planner that has gone without finishing panicked;
                    // its panic is passed on when its thread is joined.
                    let Ok(batch) = ahead.from.recv() else {
                        ahead.finished = true;
                        break;
                    };
                    ahead.decided.extend(batch.decided);
                    ahead.frontier = batch.frontier;
                    ahead.finished = batch.finished;
                }
            }
        }
    }

    /// What is decided and not yet taken, and who speaks.
    fn decided(&mut self) -> (&mut Decided, &Speakers) {
        match self {
            Fences::InPlace(stream) => (&mut stream.decided, stream.speakers),
            Fences::Ahead(ahead) => (&mut ahead.decided, ahead.speakers),
        }
    }

    /// Takes the next closing fence to insert before line `line`.
    pub(crate) fn take_insert(&mut self, line: usize) -> Option<String> {
        self.decided().0.take_insert(line)
    }

    /// Whether line `line` is in a code block, and its replacement when the
    /// repair rewrites it.
    pub(crate) fn code_line(&mut self, line: usize) -> Option<Option<String>> {
        self.decided().0.code_line(line)
    }

    /// Whether line `line` (with text `text`) starts a speaker turn.
    pub(crate) fn is_turn(&mut self, line: usize, text: &str) -> bool {
        let (decided, speakers) = self.decided();
        decided.turns.is_turn(line, text, speakers)
    }
}
