//! Structure that chat web UIs lose when their text is copied: a code
//! block's fences become a language name and a "Copy code" line
//! ([`header`]; its `#` comments then render as headings and its lines
//! merge into paragraphs),
//! or vanish with no trace but the code itself ([`runs`]), and `•`
//! bullets merge into one paragraph. [`recover`] puts the fences back,
//! before fence repair reads the text; [`bullet`] makes a prose line's
//! bullet a list item as the output is written (no copy of the text for
//! it). Code and front matter are left alone, what is recovered is
//! reported, and every line is read as the emitter will write it
//! ([`written`]), so that the next run decides the same.

mod header;
mod runs;
mod written;

use crate::fences::{boundary, scan};
use crate::hygiene::cleaned;
use crate::lines::LineCursor;
use crate::speakers::Speakers;
use header::{header_when, is_copy_line, is_header_button, next_kept};
use serde::Serialize;
use std::borrow::Cow;
use written::is_blank_written;

/// What the pass recovered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RecoveredCounts {
    /// Code blocks fenced again from a chat UI's language and copy lines.
    pub code_blocks: usize,
    /// Paragraphs of code that had lost their fences, fenced again.
    pub code_runs: usize,
    /// `•`, `◦` and `▪` bullets made Markdown list items.
    pub bullets: usize,
}

impl RecoveredCounts {
    /// Whether nothing was recovered.
    pub fn is_empty(&self) -> bool {
        self.code_blocks == 0 && self.code_runs == 0 && self.bullets == 0
    }

    pub(crate) fn add(&mut self, other: &RecoveredCounts) {
        self.code_blocks += other.code_blocks;
        self.code_runs += other.code_runs;
        self.bullets += other.bullets;
    }
}

/// The Markdown list item for a prose line that starts with a chat UI's
/// bullet (the caller keeps indented code out).
pub(crate) fn bullet(line: &str) -> Option<String> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    let (marker, depth) = [("• ", 0), ("◦ ", 1), ("▪ ", 2)]
        .into_iter()
        .find(|(marker, _)| rest.starts_with(marker))?;
    // A copied sub-bullet may keep its indentation or not: either way it
    // lands where a Markdown list nests it (adding the depth to a kept
    // indentation made a continuation line of it).
    Some(format!(
        "{}- {}",
        " ".repeat(indent.max(2 * depth)),
        &rest[marker.len()..]
    ))
}

/// Recovers the code blocks of `text` from line `from` (the body, after
/// any front matter) on.
///
/// `goes` tells the chat-UI debris lines the emitter removes from prose:
/// a code paragraph is read as the emitter will leave it, so that the
/// next run reads it the same way (found by the property run: `Copy code`
/// above two lines of code hid them the first time, not the second), and
/// the debris inside a recovered paragraph goes, counted in
/// `debris_lines`, as it would have in prose.
pub(crate) fn recover<'a>(
    text: &'a str,
    from: usize,
    speakers: &Speakers,
    goes: &dyn Fn(&str) -> bool,
    counts: &mut RecoveredCounts,
    debris_lines: &mut usize,
) -> Cow<'a, str> {
    // Every header has a copy line: texts without one are not searched
    // for headers.
    let bytes = text.as_bytes();
    let may_have_headers = memchr::memmem::find(bytes, b"opy").is_some()
        || memchr::memmem::find(bytes, b"OPY").is_some();
    let mut out: Option<String> = None;
    let mut previous_blank = true;
    let mut lines = LineCursor::new(text);
    // The code blocks as CommonMark reads them: left alone.
    let mut fences = scan::CommonMarkFences::default();
    let copy_until = |out: &mut Option<String>, offset: usize| {
        out.get_or_insert_with(|| {
            let mut s = String::with_capacity(text.len() + 64);
            s.push_str(&text[..offset]);
            s
        });
    };
    while let Some(line) = lines.next() {
        if line.number < from {
            previous_blank = is_blank_written(line.text);
            push(&mut out, line.text);
            continue;
        }
        if fences.step(line.number, line.text) != scan::FenceStep::Prose {
            previous_blank = is_blank_written(line.text);
            push(&mut out, line.text);
            continue;
        }
        // A run has two lines or more before any blank line, or starts
        // with a line that is unmistakably code: most prose paragraphs of
        // a transcript are one line, and are not read.
        let next_is_text = match bytes.get(lines.offset()) {
            None | Some(b'\n' | b'\r') => false,
            Some(byte) if byte.is_ascii_graphic() => true,
            Some(_) => lines.peek().is_some_and(|next| !is_blank_written(next)),
        };
        // Debris goes from the output: where paragraphs start is read
        // without it. That matters only for one that would start a
        // paragraph of two lines or more (elsewhere it reads as a line of
        // text either way), so the test runs only there.
        if previous_blank && next_is_text && goes(line.text) {
            push(&mut out, line.text);
            continue;
        }
        let starts_paragraph = std::mem::replace(&mut previous_blank, is_blank_written(line.text));
        let next = || lines.peek();
        let header = header_when(may_have_headers, line.text, || next_kept(&lines, goes));
        let run = (starts_paragraph
            && !previous_blank
            && header.is_none()
            && runs::may_start(line.text, next_is_text, next))
        .then(|| runs::code_run(line.text, &lines, speakers, goes, may_have_headers))
        .flatten();
        if let Some(run) = run {
            copy_until(&mut out, line.offset);
            let out = out.as_mut().expect("started above");
            let mut code_lines = run.lines;
            if run.intro {
                out.push_str(line.text);
                out.push('\n');
                code_lines -= 1;
            }
            out.push_str("```");
            out.push_str(run.language);
            out.push('\n');
            if !run.intro {
                out.push_str(line.text);
                out.push('\n');
                code_lines -= 1;
            }
            for _ in 0..code_lines {
                match lines.next() {
                    Some(code) if goes(code.text) => *debris_lines += 1,
                    Some(code) => {
                        out.push_str(code.text);
                        out.push('\n');
                    }
                    None => {}
                }
            }
            out.push_str("```\n");
            counts.code_runs += 1;
            continue;
        }
        if let Some((language, two_lines)) = header {
            copy_until(&mut out, line.offset);
            if two_lines {
                // Up to the copy line: the debris before it goes.
                for skipped in lines.by_ref() {
                    if is_copy_line(skipped.text) {
                        break;
                    }
                    *debris_lines += 1;
                }
            }
            while lines.peek().is_some_and(is_header_button) {
                lines.next();
                *debris_lines += 1;
            }
            let out = out.as_mut().expect("started above");
            out.push_str("```");
            out.push_str(&language.to_ascii_lowercase());
            out.push('\n');
            // The code runs to where the text shows it ended: a turn, a
            // fence, the next header, or Markdown after a blank line.
            let mut blanks = 0;
            let mut after_blank = false;
            while let Some(text) = lines.peek() {
                let mut rest = lines.clone();
                rest.next();
                let after = next_kept(&rest, goes);
                let seen = cleaned(text);
                let ends = ends_code(text, || after, speakers, may_have_headers)
                    || bullet(&seen).is_some()
                    || (after_blank
                        && boundary::kind(&seen)
                            .is_some_and(|kind| boundary::ends(&language, kind, false, false)));
                if ends {
                    break;
                }
                after_blank = is_blank_written(text);
                if after_blank {
                    blanks += 1;
                } else {
                    for _ in 0..blanks {
                        out.push('\n');
                    }
                    blanks = 0;
                    out.push_str(text);
                    out.push('\n');
                }
                lines.next();
            }
            out.push_str("```\n");
            for _ in 0..blanks {
                out.push('\n');
            }
            counts.code_blocks += 1;
            continue;
        }
        push(&mut out, line.text);
    }
    match out {
        None => Cow::Borrowed(text),
        Some(mut out) => {
            if !text.ends_with('\n') && out.ends_with('\n') {
                out.pop();
            }
            Cow::Owned(out)
        }
    }
}

/// Whether `text` ends code whatever it reads as: a speaker turn, a
/// fence, a chat UI's code header (looked for only when the text has a
/// copy line).
fn ends_code<'n>(
    text: &str,
    next: impl FnOnce() -> Option<&'n str>,
    speakers: &Speakers,
    may_have_headers: bool,
) -> bool {
    speakers.is_turn(text)
        || scan::top_level_fence(text).is_some()
        || header_when(may_have_headers, text, next).is_some()
}

/// Appends a line to the output once it is being built.
fn push(out: &mut Option<String>, line: &str) {
    if let Some(out) = out {
        out.push_str(line);
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::SpeakerOptions;

    fn run(text: &str) -> (String, RecoveredCounts) {
        let speakers = Speakers::new(&SpeakerOptions::default());
        let mut counts = RecoveredCounts::default();
        let out = recover(text, 0, &speakers, &|_| false, &mut counts, &mut 0).into_owned();
        (out, counts)
    }

    #[test]
    fn a_language_and_copy_line_become_a_fenced_block_that_ends_at_the_prose() {
        let input = "Run this:\n\npython\nCopy code\n# set up\nimport os\n\nprint(os.name)\n\nThat prints the name of the system you run on.\n";
        let (out, counts) = run(input);
        assert_eq!(
            out,
            "Run this:\n\n```python\n# set up\nimport os\n\nprint(os.name)\n```\n\nThat prints the name of the system you run on.\n"
        );
        assert_eq!(counts.code_blocks, 1);
        assert_eq!(run(&out).0, out, "idempotent");
    }

    #[test]
    fn one_line_headers_and_the_end_of_an_answer() {
        let (out, _) = run("bashCopy code\nls -la\n\nClaude: next\n");
        assert_eq!(out, "```bash\nls -la\n```\n\nClaude: next\n");
        let (out, _) = run("rust\nCopy\nfn main() {}");
        assert_eq!(out, "```rust\nfn main() {}\n```");
    }

    #[test]
    fn other_chat_uis_headers_and_buttons() {
        let (out, counts) = run("Python\ncontent_copy\ndownload\nx = 1\n");
        assert_eq!(out, "```python\nx = 1\n```\n");
        assert_eq!(counts.code_blocks, 1);
        let mut debris = 0;
        let speakers = Speakers::new(&SpeakerOptions::default());
        let input = "json\nCopy\nEdit\n{\"a\": 1}\n";
        let out = recover(
            input,
            0,
            &speakers,
            &|_| false,
            &mut counts.clone(),
            &mut debris,
        );
        assert_eq!(out, "```json\n{\"a\": 1}\n```\n");
        assert_eq!(debris, 1, "the Edit button is debris");
        let (out, counts) = run("content_copy\nx = 1\n");
        assert_eq!(
            out, "content_copy\nx = 1\n",
            "an icon's name is no language"
        );
        assert!(counts.is_empty());
    }

    #[test]
    fn bullets_become_list_items() {
        assert_eq!(bullet("• fast").as_deref(), Some("- fast"));
        assert_eq!(bullet("◦ really").as_deref(), Some("  - really"));
        assert_eq!(bullet("  ◦ really").as_deref(), Some("  - really"));
        assert_eq!(bullet("    ◦ really").as_deref(), Some("    - really"));
        assert_eq!(bullet("▪ deep").as_deref(), Some("    - deep"));
        assert_eq!(bullet("- already"), None);
        assert_eq!(bullet("•no space"), None);
    }

    #[test]
    fn code_and_ordinary_text_are_left_alone() {
        for text in [
            "```text\npython\nCopy code\n```\n",
            "I like python\nCopy code is a button.\n",
            "python\n\nCopy code\n",
        ] {
            assert_eq!(
                run(text),
                (text.to_string(), RecoveredCounts::default()),
                "{text}"
            );
        }
    }
}
