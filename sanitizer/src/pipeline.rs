//! The pipeline: [`Sanitizer`] runs the passes before redaction (through
//! [`LinePasses`]), redacts, and settles what fence repair and the recovery
//! of lost code leave to settle, whole or written as it is made.

use crate::debris::DebrisPatternError;
use crate::emit::{LinePasses, Lines, Take};
use crate::fences::{self, FenceRepair, FenceRepairKind};
use crate::hygiene;
use crate::options::Options;
use crate::report::Report;
use crate::secrets;
use crate::sink::{Overflow, Sink};
use crate::threads;
use std::borrow::Cow;

/// The result of sanitizing a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sanitized {
    /// The cleaned text.
    pub text: String,
    /// What changed.
    pub report: Report,
}

/// A configured sanitizer; build it once and sanitize many texts.
#[derive(Debug)]
pub struct Sanitizer {
    /// The passes before redaction (hygiene, speakers, debris, recovery,
    /// fences) and the options they read.
    passes: LinePasses,
    redactor: secrets::Redactor,
}

/// How many times a run is repeated on its own output for fence repair to settle.
pub const MAX_FENCE_ROUNDS: usize = 3;

/// The least window of an output redacted window by window, and the least
/// budget before an output is (see [`Sanitizer::sanitize_to`]).
const WINDOW: usize = 1 << 20;

/// The longest input whose output is checked for what its redactions
/// leave the recovery of lost code to do (see [`Sanitizer::sanitize`]):
/// checking holds the input, the output and its redacted copy at once, and
/// a real transcript is far shorter; longer outputs are written as they
/// are redacted.
const MAX_RECOVERY_RECHECK: usize = 8 << 20;

impl Sanitizer {
    /// Prepares a sanitizer. Fails only on an invalid debris pattern.
    pub fn new(options: &Options) -> Result<Self, DebrisPatternError> {
        Ok(Sanitizer {
            passes: LinePasses::new(options)?,
            redactor: secrets::Redactor::new(options),
        })
    }

    /// This sanitizer with every text's fences planned ahead on other
    /// threads, in batches of `batch_lines` lines, the lines after blank
    /// ones all left to the planner when `defer_after_blank`: the same
    /// result as planning in place, which the fuzz target holds it to. Not
    /// a stable interface.
    #[doc(hidden)]
    pub fn planning_fences_ahead(mut self, batch_lines: usize, defer_after_blank: bool) -> Self {
        self.passes = self.passes.planning_ahead(fences::Pace {
            batch_lines: batch_lines.max(1),
            defer_after_blank,
        });
        self
    }

    /// Sanitizes `input`.
    ///
    /// Fence repair is a choice among readings, and a repaired text must
    /// read the same way the next time (idempotence). When the planner had
    /// anything to say about fences (a repair, or one it could not verify),
    /// the output is run again until a run changes nothing (at most
    /// [`MAX_FENCE_ROUNDS`] times): what is returned is then a fixed point,
    /// so sanitizing it again returns it unchanged. Checking only that the
    /// planner would edit no more fences was not enough: a block whose
    /// repair failed verification keeps the writer's fences, and the next
    /// pass may read its extent differently (found by fuzzing: a debris
    /// line inside it was kept, then removed). A text that never settles
    /// keeps the writer's fences, and that text is settled the same way:
    /// the other passes may have changed a fence line (a redacted info
    /// string), and the next run would repair it (found by fuzzing).
    ///
    /// Redaction can change what the recovery of lost code reads: a shell
    /// line too long to be code may be short enough once its token is a
    /// label, and the next run would fence it (found by fuzzing). A text
    /// whose redactions leave the recovery something to do is settled the
    /// same way.
    pub fn sanitize(&self, input: &str) -> Sanitized {
        let first = self.run_once(input, self.passes.options.fences);
        let recovery_settled = self.recovery_settled(input.len(), &first.report, &first.text);
        if first.report.fences.is_empty() && recovery_settled {
            return first;
        }
        self.settled(input, first)
    }

    /// Whether recovering lost code leaves `text`, a run's output with
    /// `report`, as it is: asked only when the run redacted something, of
    /// inputs (`input_length`) up to [`MAX_RECOVERY_RECHECK`].
    fn recovery_settled(&self, input_length: usize, report: &Report, text: &str) -> bool {
        !self.rechecks_recovery(input_length)
            || report.redactions.is_empty()
            || self.passes.recover(text, &mut Report::default()) == text
    }

    /// Whether the output of an input of `length` bytes is checked for
    /// what its redactions leave the recovery of lost code to do.
    fn rechecks_recovery(&self, length: usize) -> bool {
        self.passes.options.recover && length <= MAX_RECOVERY_RECHECK
    }

    /// [`sanitize`](Self::sanitize), writing the text to `out`: unless
    /// fence repair has something to settle, the redacted text is written
    /// as it is made and never held whole, and the input is let go as soon
    /// as the line passes have made a new text. An output that outgrows
    /// twice its input (short lines whose labels all grow) is not held
    /// either: it is made twice from the input, first to gather the
    /// values every mention of which goes, then redacted window by window
    /// as it is made again, with the same result. Returns the report.
    pub fn sanitize_to(
        &self,
        input: String,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<Report> {
        let budget = input.len().saturating_mul(2).max(WINDOW);
        self.sanitize_to_within(input, out, budget, WINDOW)
    }

    /// [`sanitize_to`](Self::sanitize_to) with the output redacted window
    /// by window once it passes `budget` bytes, in windows of at least
    /// `window` bytes. Public for the tests that hold it to the whole-text
    /// result with small windows; not a stable interface.
    #[doc(hidden)]
    pub fn sanitize_to_within(
        &self,
        input: String,
        out: &mut dyn std::io::Write,
        budget: usize,
        window: usize,
    ) -> std::io::Result<Report> {
        let mut report = Report::default();
        let repair = self.passes.options.fences;
        let mut gathered = secrets::Gathered::default();
        let take = if self.redactor.windowable() {
            let gather = |text: &str| self.redactor.gather(text, &mut gathered);
            let windows = secrets::Windows::new(window, gather);
            Take::Within(Overflow { budget, windows })
        } else {
            Take::Whole
        };
        let lines = self.run_lines_taken(&input, repair, &mut report, take);
        let made = match lines {
            Lines::Windowed if report.fences.is_empty() => {
                // What redaction leaves the recovery of lost code to do is
                // checked (see `sanitize`) where the whole path checks it:
                // the output is then held, and written once checked. A text
                // with nothing redacted (private keys go before the windows)
                // and nothing to redact has nothing to check, and streams.
                let redacts = !report.redactions.is_empty() || gathered.found_any();
                let hold = self.rechecks_recovery(input.len()) && redacts;
                let mut held = Vec::new();
                let target: &mut dyn std::io::Write = if hold { &mut held } else { &mut *out };
                let mentions = gathered.mentions();
                let mut failed = None;
                let redactions = &mut report.redactions;
                let redact = |text: &str| {
                    if failed.is_none() {
                        let written = self.redactor.redact_window(
                            text,
                            mentions.as_ref(),
                            redactions,
                            &mut *target,
                        );
                        failed = written.err();
                    }
                };
                // The same output again, every count but the redactions already made.
                let windows = secrets::Windows::new(window, redact);
                let mut again = Report::default();
                self.run_lines_taken(&input, repair, &mut again, Take::Windows(windows));
                if let Some(failed) = failed {
                    return Err(failed);
                }
                if !hold {
                    return Ok(report);
                }
                let text = String::from_utf8(held)
                    .map_err(|err| std::io::Error::new(std::io::ErrorKind::InvalidData, err))?;
                if self.recovery_settled(input.len(), &report, &text) {
                    out.write_all(text.as_bytes())?;
                    return Ok(report);
                }
                return self.write_settled(&input, Sanitized { text, report }, out);
            }
            // Fences to settle: the whole text, after all.
            Lines::Windowed => {
                report = Report::default();
                Made::New(self.run_lines(&input, repair, &mut report).into_owned())
            }
            Lines::Text(Cow::Owned(made)) => Made::New(made),
            Lines::Text(Cow::Borrowed(part)) => {
                let start = part.as_ptr() as usize - input.as_ptr() as usize;
                Made::Part(start..start + part.len())
            }
        };
        if report.fences.is_empty() && !self.rechecks_recovery(input.len()) {
            let redactions = &mut report.redactions;
            match made {
                Made::New(made) => {
                    drop(input);
                    self.redactor.redact_to(&made, redactions, out)?;
                }
                Made::Part(part) => self.redactor.redact_to(&input[part], redactions, out)?,
            }
            return Ok(report);
        }
        let lines = match made {
            Made::New(made) => Cow::Owned(made),
            Made::Part(part) => Cow::Borrowed(&input[part]),
        };
        let text = if report.fences.is_empty() {
            // Redacted whole (copied only when something is redacted), so
            // that what it leaves the recovery of lost code can be checked.
            let redacted = self.redactor.redact(&lines, &mut report.redactions);
            if self.recovery_settled(input.len(), &report, &redacted) {
                out.write_all(redacted.as_bytes())?;
                return Ok(report);
            }
            redacted.into_owned()
        } else {
            self.redacted(lines, &mut report)
        };
        self.write_settled(&input, Sanitized { text, report }, out)
    }

    /// Writes the fixed point from `first` (see [`settled`](Self::settled))
    /// to `out`; returns its report.
    fn write_settled(
        &self,
        input: &str,
        first: Sanitized,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<Report> {
        let settled = self.settled(input, first);
        out.write_all(settled.text.as_bytes())?;
        Ok(settled.report)
    }

    /// The fixed point from a first run that reported fences (see
    /// [`sanitize`](Self::sanitize)).
    ///
    /// `first` is already one run from the input, so it gets one round
    /// fewer than the writer's fences do: the rounds are counted from the
    /// input either way. Counted from `first`, a text that settled one
    /// round too late kept the writer's fences, and the next run, whose
    /// input those fences were, found the fixed point one round further
    /// (found by fuzzing).
    fn settled(&self, input: &str, first: Sanitized) -> Sanitized {
        let first_text = first.text.clone();
        if let Some(settled) = self.settle(first, MAX_FENCE_ROUNDS - 1) {
            return settled;
        }
        // The writer's fences, with what the other passes make of the
        // text run again until they change nothing: the next run takes this
        // text as its input, and the recovery reads a redacted line
        // otherwise than the raw one (found by fuzzing: a prompt line
        // short enough to be code once its token was a label).
        let mut fallback = self.run_once(input, false);
        for _ in 0..MAX_FENCE_ROUNDS {
            let again = self.run_once(&fallback.text, false);
            if again.text == fallback.text {
                break;
            }
            fallback.report.absorb(again.report);
            fallback.text = again.text;
        }
        fallback.report.fences = vec![FenceRepair {
            line: 1,
            kind: FenceRepairKind::Unstable,
        }];
        // Should that not settle either, the writer's fences as they are.
        self.settle_fallback(fallback, &first_text)
    }

    /// [`settle`](Self::settle) of `fallback` for [`MAX_FENCE_ROUNDS`]
    /// rounds, else `fallback` itself, knowing that the rounds from
    /// `first` (the text the first run made) never settled. When a round
    /// of repair makes `fallback` into `first` again (the other passes had
    /// nothing to change: a text whose fences never settle, issue 32), the
    /// rounds after it are those that already failed, each a planning of
    /// the whole text: the answer is known without them.
    fn settle_fallback(&self, fallback: Sanitized, first: &str) -> Sanitized {
        if self.reproduces(&fallback.text) {
            return fallback;
        }
        let mut current = fallback.clone();
        let again = self.run_once(&current.text, true);
        if again.text == first {
            // The rounds left here, from `first`, are the ones `settled`
            // ran from it (as many), none of which reached a fixed point.
            return fallback;
        }
        current.report.absorb(again.report);
        current.text = again.text;
        self.settle(current, MAX_FENCE_ROUNDS - 1)
            .unwrap_or(fallback)
    }

    /// Runs `current` again until a run reproduces it, at most `rounds`
    /// times: the fixed point, or `None`.
    fn settle(&self, mut current: Sanitized, rounds: usize) -> Option<Sanitized> {
        for _ in 0..rounds {
            if self.reproduces(&current.text) {
                return Some(current);
            }
            let again = self.run_once(&current.text, true);
            current.report.absorb(again.report);
            current.text = again.text;
        }
        self.reproduces(&current.text).then_some(current)
    }

    /// The speaker name a line starts a turn with (`Gemini 3.5 Flash:` or
    /// `**Claude**:`), as this sanitizer would write it.
    pub fn speaker(&self, line: &str) -> Option<String> {
        self.passes.speakers.turn(line).map(|turn| turn.name)
    }

    /// One pass of every enabled line pass, fence repair included when `repair_fences`.
    fn run_once(&self, input: &str, repair_fences: bool) -> Sanitized {
        let mut report = Report::default();
        let lines = self.run_lines(input, repair_fences, &mut report);
        let text = self.redacted(lines, &mut report);
        Sanitized { text, report }
    }

    /// The passes before redaction: the text they make, borrowed when they
    /// changed nothing.
    fn run_lines<'a>(
        &self,
        input: &'a str,
        repair_fences: bool,
        report: &mut Report,
    ) -> Cow<'a, str> {
        match self.run_lines_taken(input, repair_fences, report, Take::Whole) {
            Lines::Text(text) => text,
            Lines::Windowed => unreachable!("an output built whole is never windowed"),
        }
    }

    /// [`run_lines`](Self::run_lines), the output taken as `take` says.
    fn run_lines_taken<'a>(
        &self,
        input: &'a str,
        repair_fences: bool,
        report: &mut Report,
        take: Take<'_>,
    ) -> Lines<'a> {
        match self.before_emit(input, report) {
            Cow::Borrowed(text) => self.passes.emit_taken(text, repair_fences, report, take),
            Cow::Owned(text) => match self.passes.emit_taken(&text, repair_fences, report, take) {
                Lines::Text(made) => Lines::Text(Cow::Owned(made.into_owned())),
                Lines::Windowed => Lines::Windowed,
            },
        }
    }

    /// The passes before the emitter: line endings, private keys, what
    /// chat UIs lost. The intermediate texts live only until the emitter
    /// has run, so they are freed before redaction may copy the output.
    fn before_emit<'a>(&self, input: &'a str, report: &mut Report) -> Cow<'a, str> {
        let text = if self.passes.options.hygiene {
            hygiene::normalize_line_endings(input, &mut report.hygiene)
        } else {
            Cow::Borrowed(input)
        };
        // Private keys span lines: they go before the line passes look at
        // the structure, so that every run sees the same lines.
        let text = after_pass(text, |text| {
            self.redactor
                .redact_private_keys(text, &mut report.redactions)
        });
        after_pass(text, |text| self.passes.recover(text, report))
    }

    /// `lines` redacted, as an owned text.
    fn redacted(&self, lines: Cow<'_, str>, report: &mut Report) -> String {
        match self.redactor.redact(&lines, &mut report.redactions) {
            Cow::Borrowed(_) => lines.into_owned(),
            Cow::Owned(redacted) => redacted,
        }
    }

    /// Whether a run (fence repair included) would return `text` as it is,
    /// found without building the output. The emitter's check and the
    /// other passes' run at once on a long text.
    fn reproduces(&self, text: &str) -> bool {
        if text.len() < threads::TWO_THREADS_FROM {
            return self.other_passes_reproduce(text) && self.emitter_reproduces(text);
        }
        let (emitter, others) = threads::both(
            || self.emitter_reproduces(text),
            || self.other_passes_reproduce(text),
        );
        emitter && others
    }

    /// Whether the emitter (fence repair included) writes `text` as it is.
    fn emitter_reproduces(&self, text: &str) -> bool {
        let mut report = Report::default();
        match self
            .passes
            .emit_into(text, true, &mut report, Sink::compare(text))
        {
            Sink::Compare(comparison) => comparison.matched(),
            Sink::Text(..) | Sink::Reuse(..) | Sink::Windows(_) => false,
        }
    }

    /// Whether every pass but the emitter leaves `text` as it is: the
    /// passes before it, and redaction (were the emitter's output `text`
    /// itself, redaction would see `text`).
    fn other_passes_reproduce(&self, text: &str) -> bool {
        // A pass may hand back an owned copy equal to its input: compare
        // contents, never which kind of Cow came back.
        let unchanged = |pass: Cow<'_, str>| pass == text;
        let mut report = Report::default();
        (!self.passes.options.hygiene
            || unchanged(hygiene::normalize_line_endings(text, &mut report.hygiene)))
            && unchanged(
                self.redactor
                    .redact_private_keys(text, &mut report.redactions),
            )
            && unchanged(self.passes.recover(text, &mut report))
            && unchanged(self.redactor.redact(text, &mut report.redactions))
    }
}

/// What the line passes made of an input [`Sanitizer::sanitize_to`] owns:
/// a new text, or a part of the input (all of it, or less when hygiene
/// dropped a byte order mark), kept as a range so that the input can be
/// let go when a new text was made.
enum Made {
    New(String),
    Part(std::ops::Range<usize>),
}

/// `text` after `pass`, which hands back a borrowed text when it changed
/// nothing: the pass's copy is kept only when there is one.
fn after_pass<'a>(
    text: Cow<'a, str>,
    pass: impl for<'t> FnOnce(&'t str) -> Cow<'t, str>,
) -> Cow<'a, str> {
    let changed = match pass(&text) {
        Cow::Borrowed(_) => None,
        Cow::Owned(changed) => Some(changed),
    };
    changed.map_or(text, Cow::Owned)
}

/// Sanitizes `input` with `options` (a shortcut for one text).
pub fn sanitize(input: &str, options: &Options) -> Result<Sanitized, DebrisPatternError> {
    Ok(Sanitizer::new(options)?.sanitize(input))
}
