//! Writing the output: one pass over the lines, fences as planned, the
//! line passes (hygiene, speakers, debris) applied to prose only.

use crate::debris::{self, DebrisPatternError};
use crate::fences::{plan_ahead, Ahead, FenceStream, Fences, Pace, BATCHES_AHEAD, PACE};
use crate::hygiene::{self, HygieneCounts};
use crate::lines::{self, Line, LineCursor};
use crate::options::Options;
use crate::report::Report;
use crate::secrets::Windows;
use crate::sink::{Overflow, Sink};
use crate::speakers::Speakers;
use crate::{fences, threads};
use std::borrow::Cow;
use utils::front_matter;

/// How far a front matter block may run before we stop looking for its end.
const MAX_FRONT_MATTER_LINES: usize = 1000;

/// The passes before redaction, configured: recovery of what chat UIs
/// lost, and the emitter (fences, hygiene, speakers, debris). The
/// pipeline holds one and redacts what it makes.
#[derive(Debug)]
pub(crate) struct LinePasses {
    pub(crate) options: Options,
    pub(crate) speakers: Speakers,
    debris: debris::Debris,
    /// Fences planned ahead at this pace whatever the text's length
    /// (tests), instead of for long texts only.
    planned_ahead: Option<Pace>,
}

impl LinePasses {
    /// The passes `options` ask for. Fails only on an invalid debris pattern.
    pub(crate) fn new(options: &Options) -> Result<Self, DebrisPatternError> {
        Ok(LinePasses {
            options: options.clone(),
            speakers: Speakers::new(&options.speaker),
            debris: debris::Debris::new(&options.debris_lines, &options.debris_patterns)?,
            planned_ahead: None,
        })
    }

    /// These passes with every text's fences planned ahead at `pace`.
    pub(crate) fn planning_ahead(mut self, pace: Pace) -> Self {
        self.planned_ahead = Some(pace);
        self
    }

    /// Recovers what chat UIs lost (code fences, bullets) in a transcript's
    /// body, when that pass is on.
    pub(crate) fn recover<'a>(&self, text: &'a str, report: &mut Report) -> Cow<'a, str> {
        if !self.options.recover {
            return Cow::Borrowed(text);
        }
        let body = front_matter_end(text, &self.debris);
        if body.number > 0 && !self.options.transcript_passes_in_posts {
            return Cow::Borrowed(text);
        }
        let goes = |line: &str| self.goes_as_debris(line);
        crate::recover::recover(
            text,
            body.number,
            &self.speakers,
            &goes,
            &mut report.recovered,
            &mut report.debris_lines,
        )
    }

    /// Whether the emitter removes `line`, a prose line of a transcript, as
    /// chat-UI debris (read with its odd spaces cleaned).
    pub(crate) fn goes_as_debris(&self, line: &str) -> bool {
        self.options.debris && self.debris.is_debris(&hygiene::cleaned(line))
    }

    /// Plans the fences and writes the output line by line, taken as
    /// `take` says (a whole text is `text` itself when nothing changed).
    pub(crate) fn emit_taken<'a>(
        &self,
        text: &'a str,
        repair_fences: bool,
        report: &mut Report,
        take: Take<'_>,
    ) -> Lines<'a> {
        let sink = match take {
            Take::Whole => Sink::reuse(text),
            Take::Within(overflow) => Sink::reuse_within(text, overflow),
            Take::Windows(windows) => Sink::Windows(windows),
        };
        match self.emit_into(text, repair_fences, report, sink) {
            Sink::Windows(windows) => {
                windows.finish(!text.ends_with('\n'));
                Lines::Windowed
            }
            sink => match sink.into_output(text) {
                Some(out) => Lines::Text(out),
                None => unreachable!("only a comparing sink gives no output"),
            },
        }
    }

    /// [`emit_taken`](Self::emit_taken) into `sink` (the final newline of a text that
    /// had none is left for the caller to take back). A long text's fences
    /// are planned ahead on threads of their own (see `fences::ahead`).
    pub(crate) fn emit_into<'e>(
        &self,
        text: &str,
        repair_fences: bool,
        report: &mut Report,
        sink: Sink<'e>,
    ) -> Sink<'e> {
        let ahead = self
            .planned_ahead
            .or_else(|| (text.len() >= threads::TWO_THREADS_FROM).then_some(PACE));
        self.emit_planned(text, repair_fences, report, sink, ahead)
    }

    /// [`emit_into`](Self::emit_into), the fences planned ahead on other
    /// threads at the pace `ahead` gives when it is given, else in place.
    fn emit_planned<'e>(
        &self,
        text: &str,
        repair_fences: bool,
        report: &mut Report,
        sink: Sink<'e>,
        ahead: Option<Pace>,
    ) -> Sink<'e> {
        let body = front_matter_end(text, &self.debris);
        let is_post = body.number > 0;
        let transcript = !is_post || self.options.transcript_passes_in_posts;
        let stream = || {
            FenceStream::new(
                text,
                body.number,
                body.offset,
                repair_fences,
                &self.speakers,
            )
        };
        let write = |fences, report: &mut Report, sink| {
            let mut emitter = Emitter {
                passes: self,
                lines: LineCursor::new(text),
                fences,
                transcript,
                out: sink,
                pending_blanks: 0,
                blank_run_had_debris: false,
                previous_blank: true,
                report,
            };
            emitter.run(body.number);
            (emitter.out, emitter.fences)
        };
        let in_place =
            |report: &mut Report, sink| match write(Fences::InPlace(stream()), report, sink) {
                (out, Fences::InPlace(stream)) => (out, stream.into_repairs()),
                (_, Fences::Ahead(_)) => unreachable!("planned in place"),
            };
        let (out, repairs) = match ahead {
            None => in_place(report, sink),
            Some(pace) => std::thread::scope(|scope| {
                let (to, from) = std::sync::mpsc::sync_channel(BATCHES_AHEAD);
                let planner = std::thread::Builder::new()
                    .spawn_scoped(scope, move || plan_ahead(stream(), &to, pace));
                let Ok(planner) = planner else {
                    return in_place(report, sink);
                };
                let ahead = Ahead::new(from, body.number, &self.speakers);
                // The emitter's side goes before the planner is joined: a
                // planner waiting to send then stops.
                let (out, _) = write(Fences::Ahead(ahead), report, sink);
                let repairs = planner
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                (out, repairs)
            }),
        };
        report.fences = repairs.listed;
        report.fences_unlisted = repairs.unlisted;
        out
    }
}

/// How [`LinePasses::emit_taken`] takes the emitter's output.
pub(crate) enum Take<'w> {
    /// Built whole.
    Whole,
    /// Built, and handed on to the overflow's windows if it grows too long.
    Within(Overflow<'w>),
    /// Handed on in windows from the start.
    Windows(Windows<'w>),
}

/// What the line passes made of a text, as [`Take`] took it.
pub(crate) enum Lines<'a> {
    /// The text (the input itself when nothing changed).
    Text(Cow<'a, str>),
    /// The text went out in windows.
    Windowed,
}

/// The line after a Jekyll front matter block (`---` ... `---`), or line 0.
/// Leading debris lines are looked past: were they removed, the text would
/// start with front matter, and the next run must see the same structure.
pub(crate) fn front_matter_end<'a>(text: &'a str, debris: &debris::Debris) -> Line<'a> {
    let start = Line {
        number: 0,
        offset: 0,
        text: "",
    };
    let mut lines = LineCursor::new(text).skip_while(|line| debris.is_debris(line.text));
    let Some(opening) = lines.next() else {
        return start;
    };
    if !front_matter::is_opening(opening.text) {
        return start;
    }
    lines
        .take_while(|line| line.number < opening.number + MAX_FRONT_MATTER_LINES)
        .find(|line| front_matter::is_closing(line.text))
        .map_or(start, |closing| {
            let mut after = LineCursor::at(text, closing.number, closing.offset);
            after.next();
            Line {
                number: after.line_number(),
                offset: after.offset(),
                text: "",
            }
        })
}

/// Writes the output line by line, applying the line passes to prose.
struct Emitter<'s, 't, 'e, 'r> {
    passes: &'s LinePasses,
    lines: LineCursor<'t>,
    fences: Fences<'t, 's>,
    transcript: bool,
    out: Sink<'e>,
    pending_blanks: usize,
    blank_run_had_debris: bool,
    /// Whether the line before the current one was blank.
    previous_blank: bool,
    report: &'r mut Report,
}

impl Emitter<'_, '_, '_, '_> {
    fn run(&mut self, body_start: usize) {
        let mut nested: Option<(String, fences::scan::FenceLine<'static>)> = None;
        while let Some(line) = self.lines.next() {
            let (i, line) = (line.number, line.text);
            let previous_blank = std::mem::replace(&mut self.previous_blank, lines::is_blank(line));
            if i < body_start {
                self.push_line(line);
                continue;
            }
            self.fences.decide(i);
            while let Some(fence) = self.fences.take_insert(i) {
                self.flush_blanks();
                self.push_line(&fence);
            }
            if let Some(rewritten) = self.fences.code_line(i) {
                self.flush_blanks();
                self.push_line(rewritten.as_deref().unwrap_or(line));
                continue;
            }
            // Fenced blocks in containers are found on the line as cleaning
            // would leave it: a non-breaking space in the indentation
            // decides whether a line opens or continues one, and the next
            // run reads the cleaned line (found by fuzzing).
            // The prose pass takes the cleaned line from here, with what
            // cleaning changed, instead of cleaning it again.
            let mut cleaning = HygieneCounts::default();
            let view = if self.passes.options.hygiene {
                hygiene::clean_spaces(line, &mut cleaning)
            } else {
                Cow::Borrowed(line)
            };
            if self.in_nested_code(&view, &mut nested) {
                self.flush_blanks();
                self.push_line(line);
                continue;
            }
            let is_turn = self.fences.is_turn(i, line);
            // Four spaces after a blank line start indented code.
            let indented_code = previous_blank && line.starts_with("    ");
            self.prose_line(line, (view, cleaning), is_turn, indented_code);
        }
        let line_count = self.lines.line_number();
        self.fences.decide(line_count);
        while let Some(fence) = self.fences.take_insert(line_count) {
            self.flush_blanks();
            self.push_line(&fence);
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
                let closes = fences::scan::nested_fence(line)
                    .is_some_and(|f| f.fence.closes(open.ch, open.count));
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

    /// Writes a prose line; `cleaned` is `raw` with odd spaces cleaned
    /// (when hygiene is on) and the counts of what that changed;
    /// `indented_code` when it starts an indented code block (its bullets
    /// stay).
    fn prose_line(
        &mut self,
        raw: &str,
        (cleaned, counts): (Cow<'_, str>, HygieneCounts),
        is_turn: bool,
        indented_code: bool,
    ) {
        let options = &self.passes.options;
        let mut line: Cow<'_, str> = Cow::Borrowed(raw);
        if options.hygiene {
            // A line that cleaning would turn into a fence or a speaker turn
            // stays as it is: every run must see the same structure.
            let changes_structure = matches!(cleaned, Cow::Owned(_))
                && (fences::scan::top_level_fence(&cleaned).is_some()
                    || (!is_turn && self.passes.speakers.is_turn(&cleaned)));
            if !changes_structure {
                self.report.hygiene.odd_spaces += counts.odd_spaces;
                self.report.hygiene.zero_width += counts.zero_width;
                line = cleaned;
            }
            if line.ends_with([' ', '\t']) {
                let next_is_blank = self.next_is_blank();
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
        if self.transcript && options.debris && self.passes.debris.is_debris(&line) {
            self.report.debris_lines += 1;
            self.blank_run_had_debris = true;
            return;
        }
        if self.transcript && options.recover {
            if let Some(item) = crate::recover::bullet(&line).filter(|_| !indented_code) {
                self.report.recovered.bullets += 1;
                line = Cow::Owned(item);
            }
        }
        if self.transcript && options.speakers && is_turn {
            if let Some(normalized) = self.passes.speakers.normalize(&line) {
                if normalized != line {
                    self.report.speaker_labels += 1;
                    line = Cow::Owned(normalized);
                }
            }
        }
        self.flush_blanks();
        self.push_line(&line);
    }

    /// Whether the next line will be blank in the output (blank, only odd
    /// spaces, or debris that goes), which decides whether trailing spaces
    /// on this one are a hard break.
    fn next_is_blank(&self) -> bool {
        let Some(next) = self.lines.peek() else {
            return true;
        };
        hygiene::cleaned(next).trim().is_empty()
            || (self.transcript && self.passes.goes_as_debris(next))
    }

    fn flush_blanks(&mut self) {
        let mut blanks = self.pending_blanks;
        if self.passes.options.hygiene && blanks >= 3 {
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

#[cfg(test)]
mod tests;
