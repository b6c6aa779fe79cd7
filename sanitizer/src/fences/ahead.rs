//! Fence repair on threads of their own: on a long text the fences are
//! planned ahead while the emitter writes.
//!
//! With fences repaired, three stages run at once: a scanner reads the
//! lines for what the planner needs (turns, fence lines, lines where code
//! may end), the planner runs the search on what it is sent, and the
//! emitter writes what the planner hands on in batches, waiting only when
//! it catches up with the frontier. The planner takes the scanner's lines
//! exactly as a stream planning in place would (`FenceStream::step` is the
//! same two steps, one line at a time), and a stream decides the same
//! blocks however far ahead it reads (reading ahead is all the emitter's
//! requests ever changed), so the output is the same either way.

use super::decided::Decided;
use super::scanner::{AfterBlank, End, LineScanner, Scanned};
use super::stream::{FenceStream, Planned};
use super::RepairLog;
use crate::speakers::Speakers;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, SyncSender};

/// How a planner ahead hands on its work.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pace {
    /// How many lines go in a batch.
    pub batch_lines: usize,
    /// Whether the scanner leaves every line after a blank one for the
    /// planner to classify, instead of classifying those it expects the
    /// planner to want (the tests hold both ways to the same result).
    pub defer_after_blank: bool,
}

/// The pace of a long text: 1024 lines a batch. Each batch is a hand-over
/// between threads (a wake-up when the other side waits): at 512 lines a
/// text of a speaker turn and a fence line repeated spent a sixth of its
/// CPU time handing over (issue 32); at 4096 the batches in flight took an
/// output five times its input past four times its input in memory (the
/// release test `an_output_five_times_its_input_streams_in_bounded_memory`).
pub(crate) const PACE: Pace = Pace {
    batch_lines: 1024,
    defer_after_blank: false,
};

/// How many batches may wait for the emitter: memory stays bounded however
/// far ahead the planner gets (32,768 lines).
pub(crate) const BATCHES_AHEAD: usize = 32;

/// How many runs of scanned lines may wait for the planner: the scanner
/// is the faster, so a few keep the planner busy, and each line it found
/// something on is held whole until planned (64 runs of speaker lines were
/// 4 MB).
const RUNS_AHEAD: usize = 8;

/// What the planner decided since its last batch.
pub(crate) struct Batch {
    decided: Decided,
    /// Lines below this are decided.
    frontier: usize,
    finished: bool,
}

impl Batch {
    /// What `planned` decided since the last batch taken from it.
    fn taken_from(planned: &mut Planned<'_>) -> Self {
        Batch {
            decided: Decided {
                ready: std::mem::take(&mut planned.decided.ready),
                turns: planned.decided.turns.take(),
            },
            frontier: planned.frontier,
            finished: planned.finished,
        }
    }
}

/// What the scanner found in a run of lines.
#[derive(Default)]
struct Lines<'t> {
    /// The lines with something for the planner, in order.
    found: Vec<Scanned<'t>>,
    /// How many lines were scanned, the last of them just before `until`.
    count: usize,
    until: usize,
    /// Where the text ends, with the last run.
    end: Option<End>,
}

/// Runs `stream` to the end, sending what it decides to `to` every
/// `pace.batch_lines` lines; returns its repairs. Stops early when the
/// emitter has gone. With fences repaired, the lines are scanned on a third
/// thread, ahead of the planner: the search is then the only work between
/// the text and the emitter.
pub(crate) fn plan_ahead(
    stream: FenceStream<'_, '_>,
    to: &SyncSender<Batch>,
    pace: Pace,
) -> RepairLog {
    if !stream.planned.repairs_fences() {
        return plan_in_turn(stream, to, pace.batch_lines);
    }
    let (scanner, planned) = stream.into_parts();
    let spare = scanner.clone();
    // Whether the planner may have a block open, as it last said.
    let open = AtomicBool::new(false);
    let open = &open;
    std::thread::scope(|scope| {
        let (lines_to, lines_from) = std::sync::mpsc::sync_channel(RUNS_AHEAD);
        let scanning = std::thread::Builder::new()
            .spawn_scoped(scope, move || scan_ahead(scanner, &lines_to, open, pace));
        let Ok(scanning) = scanning else {
            return plan_in_turn(
                FenceStream::from_parts(spare, planned),
                to,
                pace.batch_lines,
            );
        };
        let repairs = plan_scanned(planned, &lines_from, open, to);
        // The scanner stops once this side has gone.
        drop(lines_from);
        scanning
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        repairs
    })
}

/// [`plan_ahead`] scanning and planning each line in turn.
fn plan_in_turn(
    mut stream: FenceStream<'_, '_>,
    to: &SyncSender<Batch>,
    batch_lines: usize,
) -> RepairLog {
    let mut scanned = 0;
    while !stream.planned.finished {
        stream.step();
        scanned += 1;
        if scanned >= batch_lines || stream.planned.finished {
            scanned = 0;
            if to.send(Batch::taken_from(&mut stream.planned)).is_err() {
                break;
            }
        }
    }
    stream.planned.repairs
}

/// Scans every line for the planner, sending runs of `pace.batch_lines`
/// lines. While the planner last said a block may be `open`, the lines after a
/// blank one are classified here; otherwise the planner classifies them
/// should it need to (a scanner ahead cannot know).
fn scan_ahead<'t>(
    mut scanner: LineScanner<'t, '_>,
    to: &SyncSender<Lines<'t>>,
    open: &AtomicBool,
    pace: Pace,
) {
    let mut run = Lines::default();
    loop {
        let after_blank = || match !pace.defer_after_blank && open.load(Ordering::Relaxed) {
            true => AfterBlank::Classify,
            false => AfterBlank::Defer,
        };
        let Some(scanned) = scanner.next(true, after_blank) else {
            run.end = Some(scanner.end());
            let _ = to.send(run);
            return;
        };
        run.count += 1;
        run.until = scanned.line.number + 1;
        if scanned.is_turn || scanned.event.is_some() {
            run.found.push(scanned);
        }
        if run.count >= pace.batch_lines && to.send(std::mem::take(&mut run)).is_err() {
            return;
        }
    }
}

/// Plans the runs of lines the scanner sends, sending what is decided to
/// `to` after each; returns the repairs.
fn plan_scanned<'t>(
    mut planned: Planned<'t>,
    from: &Receiver<Lines<'t>>,
    open: &AtomicBool,
    to: &SyncSender<Batch>,
) -> RepairLog {
    // A scanner that has gone without the end panicked; its panic is
    // passed on when its thread is joined.
    while let Ok(run) = from.recv() {
        for scanned in run.found {
            let number = scanned.line.number;
            planned.take_event(scanned);
            planned.after_line(number);
        }
        if run.count > 0 {
            planned.decided.turns.complete_until(run.until);
            planned.after_line(run.until - 1);
        }
        if let Some(end) = run.end {
            planned.finish(end);
        }
        open.store(planned.wants_boundary(), Ordering::Relaxed);
        if to.send(Batch::taken_from(&mut planned)).is_err() || planned.finished {
            break;
        }
    }
    planned.repairs
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
            Fences::InPlace(stream) => {
                let speakers = stream.speakers();
                (&mut stream.planned.decided, speakers)
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::SpeakerOptions;

    #[test]
    fn the_frontier_moves_on_through_lines_without_fences() {
        // The emitter writes a line once the frontier has passed it: lines
        // with nothing for the planner must not hold it back until the end.
        let speakers = Speakers::new(&SpeakerOptions::default());
        let text = "A line of prose.\n\nAnother one.\n".repeat(20);
        let stream = FenceStream::new(&text, 0, 0, true, &speakers);
        let (to, from) = std::sync::mpsc::sync_channel(1000);
        let pace = Pace {
            batch_lines: 4,
            defer_after_blank: false,
        };
        plan_ahead(stream, &to, pace);
        let frontiers: Vec<usize> = from.try_iter().map(|batch| batch.frontier).collect();
        assert!(frontiers.len() > 10, "{frontiers:?}");
        assert!(
            frontiers.windows(2).all(|pair| pair[0] < pair[1]),
            "{frontiers:?}"
        );
        assert_eq!(frontiers[0], 4, "{frontiers:?}");
    }
}
