//! Code that lost its fences without leaving a chat UI's header: a
//! paragraph whose every line reads as code (`import os`, `def main():`,
//! `$ cargo build`, `let x = 1;`, `# a comment`). As Markdown its lines
//! merge into one paragraph and its `#` comments become headings; fenced
//! again, it shows as written.
//!
//! The signal must be strong, since prose is never to be fenced: every
//! line of the paragraph is code, a comment or a plausible continuation
//! (indented, a closing bracket), at least two lines are unmistakably
//! code, and none is prose (a sentence, a list item, a Markdown heading,
//! a quote, a table row). A paragraph led by an introduction (`Run
//! this:`) keeps the introduction and fences the rest. Code paragraphs
//! separated only by blank lines become one block, the first of which may
//! be a single line (`#include <stdio.h>` above the function). A shell
//! prompt (`$ ls`) with the lines of output under it is a console session.

mod classify;
#[cfg(test)]
mod tests;

use super::ends_code;
use super::header::next_kept;
use super::written::{is_blank_written, visible_core};
use crate::fences::boundary::{self, list_item_text};
use crate::hygiene::cleaned;
use crate::lines::LineCursor;
use crate::speakers::Speakers;
use classify::{classify, Kind};

/// A run of lines to fence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CodeRun {
    /// The first line is an introduction that stays outside the block.
    pub intro: bool,
    /// How many lines the run takes from its first (the introduction
    /// included, blank lines between its paragraphs included).
    pub lines: usize,
    /// The guessed language for the opening fence (empty: none).
    pub language: &'static str,
}

/// At most this many lines are read ahead for one run: a longer paragraph
/// is not recovered (and is not read again line by line).
const MAX_RUN_LINES: usize = 400;

/// Whether a paragraph starting with `first` (then `next`, when
/// `next_is_text`) may be a code run: a cheap look at its first line or
/// two, so that prose paragraphs are not read ahead. A paragraph of one
/// line may start one only if that line is unmistakably code (with the
/// code paragraphs after it).
pub(super) fn may_start<'n>(
    first: &str,
    next_is_text: bool,
    next: impl FnOnce() -> Option<&'n str>,
) -> bool {
    if visible_core(first).ends_with(':') && boundary::is_introduction(&cleaned(first)) {
        let code = |line: &str| !matches!(classify(line), Kind::Prose | Kind::Neutral);
        return next_is_text && next().is_some_and(code);
    }
    // A line of code alone leads with what most code lines start with (a
    // prompt, a directive, a keyword); the paragraphs of prose that are
    // one line, most of a transcript, are turned away at their first byte.
    let may_lead_alone = || {
        matches!(
            visible_core(first).as_bytes().first(),
            Some(b'$' | b'#' | b'a'..=b'z')
        )
    };
    if !next_is_text && !may_lead_alone() {
        return false;
    }
    match classify(first) {
        Kind::Code(_) => true,
        Kind::Comment => next_is_text,
        Kind::Neutral | Kind::Prose => false,
    }
}

/// The code run that starts with `first` (a prose line that starts a
/// paragraph), the lines after it in `rest` (`may_have_headers`: the text
/// has a copy line, so a chat UI's code header may end the run). Lines
/// that `goes` (debris the emitter removes) are taken into the run but
/// read as absent.
pub(super) fn code_run(
    first: &str,
    rest: &LineCursor<'_>,
    speakers: &Speakers,
    goes: &dyn Fn(&str) -> bool,
    may_have_headers: bool,
) -> Option<CodeRun> {
    let stops =
        |text: &str, next: Option<&str>| ends_code(text, || next, speakers, may_have_headers);
    let intro = boundary::is_introduction(&cleaned(first));
    let mut ahead = rest.clone();
    // The first paragraph (after its introduction) must be code...
    let mut run = Tally::default();
    if !intro {
        // A speaker's turn is no code, however it ends (`Claude: {`); it
        // may introduce some (`Claude: Use this:`).
        if speakers.is_turn(first) {
            return None;
        }
        run.add(first)?;
    }
    let mut lines = 1;
    let mut ended_by_blank = false;
    while let Some(line) = ahead.next() {
        if goes(line.text) {
            lines += 1;
            continue;
        }
        if is_blank_written(line.text) {
            ended_by_blank = true;
            break;
        }
        if stops(line.text, next_kept(&ahead, goes)) {
            break;
        }
        run.add(line.text)?;
        lines += 1;
        if lines >= MAX_RUN_LINES {
            return None;
        }
    }
    if !run.may_be_code() {
        return None;
    }
    // ...and each paragraph after blank lines that is code too joins it.
    while ended_by_blank {
        ended_by_blank = false;
        // Blank lines and debris before the paragraph, and debris in it.
        let mut blanks = 1;
        let mut paragraph = Tally::default();
        while let Some(line) = ahead.next() {
            let text = line.text;
            if goes(text) {
                blanks += 1;
                continue;
            }
            if is_blank_written(text) {
                if paragraph.lines > 0 {
                    ended_by_blank = true;
                    break;
                }
                blanks += 1;
                continue;
            }
            if stops(text, next_kept(&ahead, goes)) || paragraph.add(text).is_none() {
                // A paragraph that is not all code ends the run.
                paragraph = Tally::default();
                break;
            }
        }
        if !paragraph.is_code_continued() || lines + blanks + paragraph.lines >= MAX_RUN_LINES {
            break;
        }
        run.absorb(&paragraph);
        lines += blanks + paragraph.lines;
    }
    // Code in no language the lines name that opens with a brace or a
    // bracket is data: JSON, as assistants print it.
    let opening = if intro {
        rest.peek().unwrap_or("")
    } else {
        first
    };
    let language = match run.language() {
        "" if opening.trim_start().starts_with(['{', '[']) => "json",
        language => language,
    };
    run.is_code().then_some(CodeRun {
        intro,
        lines,
        language,
    })
}

/// What a paragraph's lines are.
#[derive(Debug, Clone, Default)]
struct Tally {
    lines: usize,
    code: usize,
    /// Code lines by language, in the order the languages came.
    languages: Vec<(&'static str, usize)>,
    /// A shell prompt (`$ ls -la`) came: the lines after it that read as
    /// no sentence are its output.
    session: bool,
    /// Lines of a prompt's output came.
    output: bool,
}

impl Tally {
    /// Counts a line; `None` if it is prose.
    fn add(&mut self, line: &str) -> Option<()> {
        let kind = match classify(line) {
            Kind::Prose if self.session && is_output(line) => {
                self.output = true;
                Kind::Neutral
            }
            kind => kind,
        };
        match kind {
            Kind::Prose => return None,
            Kind::Code(language) => {
                self.code += 1;
                self.session |= visible_core(line).starts_with("$ ");
                if !language.is_empty() {
                    match self.languages.iter_mut().find(|(l, _)| *l == language) {
                        Some((_, n)) => *n += 1,
                        None => self.languages.push((language, 1)),
                    }
                }
            }
            Kind::Comment | Kind::Neutral => {}
        }
        self.lines += 1;
        Some(())
    }

    fn absorb(&mut self, other: &Tally) {
        self.lines += other.lines;
        self.code += other.code;
        self.output |= other.output;
        for &(language, n) in &other.languages {
            match self.languages.iter_mut().find(|(l, _)| *l == language) {
                Some((_, m)) => *m += n,
                None => self.languages.push((language, n)),
            }
        }
    }

    /// Two lines or more, two of them unmistakably code, or a prompt and
    /// its output.
    fn is_code(&self) -> bool {
        self.lines >= 2 && (self.code >= 2 || self.output)
    }

    /// The first paragraph of a run: one line or more unmistakably code
    /// (the run as a whole needs two lines: a line of code alone is left
    /// alone unless code follows it after blank lines).
    fn may_be_code(&self) -> bool {
        self.code >= 1
    }

    /// A paragraph after code that goes on with it: one line of code is
    /// enough (`main()` after the function).
    fn is_code_continued(&self) -> bool {
        self.code >= 1
    }

    /// The language most code lines are in (the first, on a tie); a
    /// shell session with output is a console's.
    fn language(&self) -> &'static str {
        if self.output {
            return "console";
        }
        let mut best: (&'static str, usize) = ("", 0);
        for &(language, n) in &self.languages {
            if n > best.1 {
                best = (language, n);
            }
        }
        best.0
    }
}

/// A line of a command's output: no sentence (a capital first and a stop
/// last) and not two or more of prose's common words.
fn is_output(line: &str) -> bool {
    let written = cleaned(line);
    let text = written.trim();
    let sentence =
        text.starts_with(|c: char| c.is_uppercase()) && text.ends_with(['.', '?', '!', ':']);
    !sentence
        && !classify::has_prose_words(text)
        && !text.starts_with(['#', '>', '|'])
        && list_item_text(text).is_none()
}
