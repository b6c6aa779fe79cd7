//! Cleans raw AI chat transcripts before they are published.
//!
//! A writer pastes a multi-AI conversation; [`Sanitizer::sanitize`] returns
//! the cleaned text and a [`Report`] of what changed. The passes, each
//! switchable in [`Options`]:
//!
//! 1. **hygiene**: LF line endings, no BOM, plain spaces for NBSP and
//!    friends, no stray zero-width characters, no trailing spaces (hard
//!    breaks kept), runs of three or more blank lines collapsed to one;
//! 2. **speakers**: `Gemini 3.5 Flash:` becomes `**Gemini 3.5 Flash**:`;
//! 3. **debris**: "Copy code", "Show thinking" and other chat-UI lines go;
//! 4. **fences**: broken code fences are repaired (see [`fences`]);
//! 5. **secrets** and **ips**: credentials, secrets-file values and IP
//!    addresses are replaced by labels such as `[REDACTED_IP]`.
//!
//! Hygiene, speakers and debris never touch code blocks; fence repair only
//! changes fence lines; redaction applies everywhere. The whole is
//! idempotent: sanitizing the output again changes nothing.
//!
//! ```
//! use sanitizer::{Options, Sanitizer};
//! let sanitizer = Sanitizer::new(&Options::default()).unwrap();
//! let out = sanitizer.sanitize("Claude: the server is at 10.1.2.3\n");
//! assert_eq!(out.text, "**Claude**: the server is at [REDACTED_IP]\n");
//! assert_eq!(out.report.summary(), "redacted 1 ip; normalized 1 speaker label");
//! ```

mod debris;
pub mod fences;
mod hygiene;
mod lines;
mod options;
mod report;
pub mod secrets;
mod sink;
mod speakers;

pub use debris::DebrisPatternError;
pub use fences::{FenceRepair, FenceRepairKind};
pub use hygiene::HygieneCounts;
pub use options::{ConfigError, Options, SpeakerOptions};
pub use report::Report;
pub use utils::input::{decode, InputError};

use lines::Lines;
use sink::Sink;
use std::borrow::Cow;
use utils::front_matter;

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
    options: Options,
    speakers: speakers::Speakers,
    debris: debris::Debris,
    redactor: secrets::Redactor,
}

/// How many times a run is repeated on its own output for fence repair to settle.
pub const MAX_FENCE_ROUNDS: usize = 3;

/// How far a front matter block may run before we stop looking for its end.
const MAX_FRONT_MATTER_LINES: usize = 1000;

impl Sanitizer {
    /// Prepares a sanitizer. Fails only on an invalid debris pattern.
    pub fn new(options: &Options) -> Result<Self, DebrisPatternError> {
        Ok(Sanitizer {
            options: options.clone(),
            speakers: speakers::Speakers::new(&options.speaker),
            debris: debris::Debris::new(&options.debris_lines, &options.debris_patterns)?,
            redactor: secrets::Redactor::new(options),
        })
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
    pub fn sanitize(&self, input: &str) -> Sanitized {
        let first = self.run_once(input, self.options.fences);
        if first.report.fences.is_empty() {
            return first;
        }
        if let Some(settled) = self.settle(first) {
            return settled;
        }
        let mut fallback = self.run_once(input, false);
        fallback.report.fences = vec![FenceRepair {
            line: 1,
            kind: FenceRepairKind::Unstable,
        }];
        // Should that not settle either, the writer's fences as they are.
        self.settle(fallback.clone()).unwrap_or(fallback)
    }

    /// Runs `current` again until a run reproduces it, at most
    /// [`MAX_FENCE_ROUNDS`] times: the fixed point, or `None`.
    fn settle(&self, mut current: Sanitized) -> Option<Sanitized> {
        for _ in 0..MAX_FENCE_ROUNDS {
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
        self.speakers.turn(line).map(|turn| turn.name)
    }

    /// The lines from `from` on that start a speaker turn.
    fn turn_lines(&self, lines: &Lines<'_>, from: usize) -> Vec<usize> {
        (from..lines.len())
            .filter(|&i| self.speakers.turn(lines.get(i)).is_some())
            .collect()
    }

    /// One pass of every enabled line pass, fence repair included when `repair_fences`.
    fn run_once(&self, input: &str, repair_fences: bool) -> Sanitized {
        let mut report = Report::default();
        // The intermediate texts live only in this block, so they are freed
        // before redaction may copy the output: peak memory stays at three
        // buffers the size of the input.
        let out = {
            let text = if self.options.hygiene {
                hygiene::normalize_line_endings(input, &mut report.hygiene)
            } else {
                Cow::Borrowed(input)
            };
            // Private keys span lines: they go before the line passes look
            // at the structure, so that every run sees the same lines.
            let text = match self
                .redactor
                .redact_private_keys(&text, &mut report.redactions)
            {
                Cow::Borrowed(_) => text,
                Cow::Owned(redacted) => Cow::Owned(redacted),
            };
            self.emit(&text, repair_fences, &mut report)
        };
        let text = match self.redactor.redact(&out, &mut report.redactions) {
            Cow::Borrowed(_) => out,
            Cow::Owned(redacted) => redacted,
        };
        Sanitized { text, report }
    }

    /// Whether a run (fence repair included) would return `text` as it is,
    /// found without building the output.
    fn reproduces(&self, text: &str) -> bool {
        // A pass may hand back an owned copy equal to its input: compare
        // contents, never which kind of Cow came back.
        let unchanged = |pass: Cow<'_, str>| pass == text;
        let mut report = Report::default();
        if self.options.hygiene
            && !unchanged(hygiene::normalize_line_endings(text, &mut report.hygiene))
        {
            return false;
        }
        if !unchanged(
            self.redactor
                .redact_private_keys(text, &mut report.redactions),
        ) {
            return false;
        }
        let matched = match self.emit_into(text, true, &mut report, Sink::compare(text)) {
            Sink::Compare(comparison) => comparison.matched(),
            Sink::Text(_) => false,
        };
        // The output is `text` itself, so redaction must leave it as it is.
        matched && unchanged(self.redactor.redact(text, &mut report.redactions))
    }

    /// Plans the fences and writes the output line by line.
    fn emit(&self, text: &str, repair_fences: bool, report: &mut Report) -> String {
        let sink = Sink::Text(String::with_capacity(text.len() + 64));
        let Sink::Text(mut out) = self.emit_into(text, repair_fences, report, sink) else {
            unreachable!("a text sink stays one");
        };
        if !text.ends_with('\n') && out.ends_with('\n') {
            out.pop();
        }
        out
    }

    /// [`emit`](Self::emit) into `sink` (the final newline of a text that
    /// had none is left for the caller to take back).
    fn emit_into<'e>(
        &self,
        text: &str,
        repair_fences: bool,
        report: &mut Report,
        sink: Sink<'e>,
    ) -> Sink<'e> {
        let lines = Lines::new(text);
        let body_start = front_matter_end(&lines, &self.debris);
        let is_post = body_start > 0;
        let transcript = !is_post || self.options.transcript_passes_in_posts;
        let turns = self.turn_lines(&lines, body_start);
        let plan = if repair_fences {
            fences::plan(&lines, body_start, &turns)
        } else {
            fences::commonmark_regions(&lines, body_start)
        };
        report.fences = plan.repairs.clone();
        let mut emitter = Emitter {
            sanitizer: self,
            lines: &lines,
            transcript,
            out: sink,
            pending_blanks: 0,
            blank_run_had_debris: false,
            report,
        };
        emitter.run(body_start, &plan, &turns);
        emitter.out
    }
}

/// Sanitizes `input` with `options` (a shortcut for one text).
pub fn sanitize(input: &str, options: &Options) -> Result<Sanitized, DebrisPatternError> {
    Ok(Sanitizer::new(options)?.sanitize(input))
}

/// The line after a Jekyll front matter block (`---` ... `---`), or 0.
/// Leading debris lines are looked past: were they removed, the text would
/// start with front matter, and the next run must see the same structure.
fn front_matter_end(lines: &Lines<'_>, debris: &debris::Debris) -> usize {
    let start = (0..lines.len())
        .find(|&i| !debris.is_debris(lines.get(i)))
        .unwrap_or(0);
    if lines.len() < start + 2 || !front_matter::is_opening(lines.get(start)) {
        return 0;
    }
    (start + 1..lines.len().min(start + MAX_FRONT_MATTER_LINES))
        .find(|&i| front_matter::is_closing(lines.get(i)))
        .map_or(0, |i| i + 1)
}

/// Writes the output line by line, applying the line passes to prose.
struct Emitter<'s, 'l, 'e> {
    sanitizer: &'s Sanitizer,
    lines: &'l Lines<'l>,
    transcript: bool,
    out: Sink<'e>,
    pending_blanks: usize,
    blank_run_had_debris: bool,
    report: &'l mut Report,
}

impl Emitter<'_, '_, '_> {
    fn run(&mut self, body_start: usize, plan: &fences::FencePlan, turns: &[usize]) {
        for i in 0..body_start {
            self.push_line(self.lines.get(i));
        }
        let mut inserts = plan.inserts.iter().peekable();
        let mut rewrites = plan.rewrites.iter().peekable();
        let mut regions = plan.code.iter().peekable();
        let mut turns = turns.iter().peekable();
        let mut nested: Option<(String, fences::scan::FenceLine<'static>)> = None;
        for i in body_start..self.lines.len() {
            while let Some((_, fence)) = inserts.next_if(|(at, _)| *at == i) {
                self.flush_blanks();
                self.push_line(fence);
            }
            while regions.next_if(|(_, end)| *end <= i).is_some() {}
            let line = self.lines.get(i);
            if regions.peek().is_some_and(|(start, _)| *start <= i) {
                self.flush_blanks();
                match rewrites.next_if(|(at, _)| *at == i) {
                    Some((_, rewritten)) => self.push_line(rewritten),
                    None => self.push_line(line),
                }
                continue;
            }
            // Fenced blocks in containers are found on the line as cleaning
            // would leave it: a non-breaking space in the indentation
            // decides whether a line opens or continues one, and the next
            // run reads the cleaned line (found by fuzzing).
            // The prose pass takes the cleaned line from here, with what
            // cleaning changed, instead of cleaning it again.
            let mut cleaning = HygieneCounts::default();
            let view = if self.sanitizer.options.hygiene {
                hygiene::clean_spaces(line, &mut cleaning)
            } else {
                Cow::Borrowed(line)
            };
            if self.in_nested_code(&view, &mut nested) {
                self.flush_blanks();
                self.push_line(line);
                continue;
            }
            let is_turn = turns.next_if(|&&t| t == i).is_some();
            self.prose_line(i, line, (view, cleaning), is_turn);
        }
        for (_, fence) in inserts {
            self.flush_blanks();
            self.push_line(fence);
        }
        self.flush_blanks();
    }

    /// Tracks fenced blocks inside blockquotes and indented contexts, which
    /// the repair leaves alone but the line passes must not touch.
    fn in_nested_code(
        &self,
        line: &str,
        nested: &mut Option<(String, fences::scan::FenceLine<'static>)>,
    ) -> bool {
        if let Some((prefix, open)) = nested.as_ref() {
            if fences::scan::continues_container(line, prefix) {
                let closes = fences::scan::nested_fence(line).is_some_and(|f| {
                    f.fence.ch == open.ch && f.fence.count >= open.count && f.fence.is_bare()
                });
                if closes {
                    *nested = None;
                }
                return true;
            }
            *nested = None;
        }
        if let Some(found) = fences::scan::nested_fence(line) {
            let fence = fences::scan::FenceLine {
                info: "",
                ..found.fence
            };
            *nested = Some((found.prefix.to_string(), fence));
            return true;
        }
        false
    }

    /// Writes prose line `i`; `cleaned` is `raw` with odd spaces cleaned
    /// (when hygiene is on) and the counts of what that changed.
    fn prose_line(
        &mut self,
        i: usize,
        raw: &str,
        (cleaned, counts): (Cow<'_, str>, HygieneCounts),
        is_turn: bool,
    ) {
        let options = &self.sanitizer.options;
        let mut line: Cow<'_, str> = Cow::Borrowed(raw);
        if options.hygiene {
            // A line that cleaning would turn into a fence or a speaker turn
            // stays as it is: every run must see the same structure.
            let changes_structure = matches!(cleaned, Cow::Owned(_))
                && (fences::scan::top_level_fence(&cleaned).is_some()
                    || (!is_turn && self.sanitizer.speakers.turn(&cleaned).is_some()));
            if !changes_structure {
                self.report.hygiene.odd_spaces += counts.odd_spaces;
                self.report.hygiene.zero_width += counts.zero_width;
                line = cleaned;
            }
            if line.ends_with([' ', '\t']) {
                let next_is_blank = self.next_is_blank(i);
                let kept =
                    hygiene::trim_trailing(&line, next_is_blank, &mut self.report.hygiene).len();
                line = match line {
                    Cow::Borrowed(borrowed) => Cow::Borrowed(&borrowed[..kept]),
                    Cow::Owned(mut owned) => {
                        owned.truncate(kept);
                        Cow::Owned(owned)
                    }
                };
            }
        }
        if lines::is_blank(&line) {
            if options.hygiene {
                self.pending_blanks += 1;
            } else {
                // Without hygiene, blank lines keep their bytes.
                self.flush_blanks();
                self.push_line(&line);
            }
            return;
        }
        if self.transcript && options.debris && self.sanitizer.debris.is_debris(&line) {
            self.report.debris_lines += 1;
            self.blank_run_had_debris = true;
            return;
        }
        if self.transcript && options.speakers && is_turn {
            if let Some(normalized) = self.sanitizer.speakers.normalize(&line) {
                if normalized != line {
                    self.report.speaker_labels += 1;
                    line = Cow::Owned(normalized);
                }
            }
        }
        self.flush_blanks();
        self.push_line(&line);
    }

    /// Whether the line after `i` will be blank in the output (blank, only
    /// odd spaces, or debris that goes), which decides whether trailing
    /// spaces on line `i` are a hard break.
    fn next_is_blank(&self, i: usize) -> bool {
        if i + 1 >= self.lines.len() {
            return true;
        }
        let next = self.lines.get(i + 1);
        let mut scratch = HygieneCounts::default();
        let cleaned = hygiene::clean_spaces(next, &mut scratch);
        cleaned.trim().is_empty()
            || (self.transcript
                && self.sanitizer.options.debris
                && self.sanitizer.debris.is_debris(&cleaned))
    }

    fn flush_blanks(&mut self) {
        let mut blanks = self.pending_blanks;
        if self.sanitizer.options.hygiene && blanks >= 3 {
            self.report.hygiene.blank_runs += 1;
            blanks = 1;
        }
        if self.blank_run_had_debris && blanks >= 2 {
            blanks = 1;
        }
        for _ in 0..blanks {
            self.out.push_str("\n");
        }
        self.pending_blanks = 0;
        self.blank_run_had_debris = false;
    }

    fn push_line(&mut self, line: &str) {
        self.out.push_str(line);
        self.out.push_str("\n");
    }
}
