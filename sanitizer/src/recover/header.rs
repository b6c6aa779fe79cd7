//! A chat UI's code header, as copying leaves it: the language on a line
//! with its copy button on the next (`python` / `Copy code`, Gemini's
//! `Python` / `content_copy`), or run on (`pythonCopy code`), and the
//! header's other buttons after it (`Edit`, `download`).

use super::written::{longer_written, visible_core};
use crate::hygiene::cleaned;
use crate::lines::LineCursor;

/// The copy buttons chat UIs label their code blocks with, on a line of
/// their own (`content_copy` is the name of the icon Gemini draws).
const COPY_LINES: &[&str] = &["copy code", "copy", "copy to clipboard", "content_copy"];

/// The copy buttons as they run on from the language (`pythonCopy code`):
/// written as the UI shows them, so that a word ending in `copy`
/// (`content_copy`) is no language and a button.
const RUN_ON_COPY: &[&str] = &["Copy code", "Copy", "Copy to clipboard"];

/// The other buttons of a code block's header, copied on lines of their
/// own after the copy button (ChatGPT's `Edit`, Gemini's `download`).
const HEADER_BUTTONS: &[&str] = &["edit", "download", "copied!"];

/// The language a chat UI's code header names: `python` on a line and
/// `Copy code` on the next (`next`, looked at only then), or `pythonCopy
/// code` on one. Both lines are read as the emitter writes them.
fn header<'n>(line: &str, next: impl FnOnce() -> Option<&'n str>) -> Option<(String, bool)> {
    // The longest header is a 20-byte language and "copy to clipboard".
    const LONGEST: usize = 40;
    // Asked of every line of prose: most are turned away at a byte or two,
    // without cleaning them. Cleaning keeps every ASCII byte and makes odd
    // spaces (which are not ASCII) spaces or nothing: what the checks
    // below find in the line's visible part, the cleaned line has too.
    let core = visible_core(line);
    let (Some(&first), Some(&last)) = (core.as_bytes().first(), core.as_bytes().last()) else {
        return None;
    };
    if !first.is_ascii_alphabetic() {
        return None;
    }
    // Only a button run on from the language ends as `Copy`, `Copy code`
    // or `Copy to clipboard` do; otherwise the line is a language alone,
    // one word of at most 20 bytes.
    if !matches!(last, b'y' | b'e' | b'd')
        && (core.bytes().any(|b| b == b' ') || longer_written(core, 20))
    {
        return None;
    }
    let mut spaces = 0;
    for &byte in core.as_bytes() {
        if byte == b' ' {
            spaces += 1;
            if spaces > 2 {
                return None;
            }
        } else if byte.is_ascii() && !(byte.is_ascii_alphanumeric() || b"+#-_".contains(&byte)) {
            return None;
        }
    }
    if longer_written(core, LONGEST) {
        return None;
    }
    let written_line = cleaned(line);
    let line = written_line.trim();
    if line.is_empty() || line.len() > LONGEST {
        return None;
    }
    let is_language = |word: &str| {
        (1..=20).contains(&word.len())
            && word.starts_with(|c: char| c.is_ascii_alphabetic())
            && word
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'#' | b'-' | b'_'))
    };
    for copy in RUN_ON_COPY {
        let Some(cut) = line.len().checked_sub(copy.len()) else {
            continue;
        };
        if line.is_char_boundary(cut) && &line[cut..] == *copy {
            let language = line[..cut].trim_end();
            if !language.is_empty() && is_language(language) {
                return Some((language.to_string(), false));
            }
        }
    }
    if !is_language(line) {
        return None;
    }
    is_copy_line(next()?).then(|| (line.to_string(), true))
}

/// A copy button on a line of its own.
pub(super) fn is_copy_line(line: &str) -> bool {
    is_button(line, COPY_LINES)
}

/// Whether `line`, read as the emitter writes it, is one of `labels` (in
/// any case) alone.
fn is_button(line: &str, labels: &[&str]) -> bool {
    let written = cleaned(line);
    let line = written.trim();
    labels.iter().any(|label| line.eq_ignore_ascii_case(label))
}

/// The line after `lines`' position that the next run will read there:
/// debris lines go from the output, so they are read as absent, except a
/// copy line, which is a header's (found by the property run: a header
/// with `Show thinking` between its language and `content_copy` was seen
/// only once the debris had gone).
pub(super) fn next_kept<'a>(
    lines: &LineCursor<'a>,
    goes: &dyn Fn(&str) -> bool,
) -> Option<&'a str> {
    lines
        .clone()
        .map(|line| line.text)
        .find(|text| !goes(text) || is_copy_line(text))
}

/// [`header`], looked for only in a text that has a copy line.
pub(super) fn header_when<'n>(
    may_have_headers: bool,
    line: &str,
    next: impl FnOnce() -> Option<&'n str>,
) -> Option<(String, bool)> {
    if may_have_headers {
        header(line, next)
    } else {
        None
    }
}

/// A button of a code block's header other than the copy button.
pub(super) fn is_header_button(line: &str) -> bool {
    is_button(line, HEADER_BUTTONS)
}
