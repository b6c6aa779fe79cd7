//! A line as the emitter writes it in prose, its odd spaces cleaned:
//! what the recovery reads, so that the next run, which reads the written
//! line, decides the same (found by fuzzing: a shell prompt behind a
//! zero-width no-break space was read as prose, and as code once the
//! space had gone). The checks asked of every line answer from the
//! line's visible ASCII bytes, which cleaning keeps, and clean only the
//! few lines they cannot tell.

use crate::hygiene;

/// Whether `line` is blank as the emitter writes it: spaces, tabs and
/// odd spaces (which cleaning makes spaces or drops). Asked of every
/// line: most answer at their first visible byte.
pub(crate) fn is_blank_written(line: &str) -> bool {
    match line.bytes().position(|b| b != b' ' && b != b'\t') {
        None => true,
        Some(at) if line.as_bytes()[at].is_ascii() => false,
        Some(at) => line[at..]
            .chars()
            .all(|c| c == ' ' || c == '\t' || hygiene::is_odd(c)),
    }
}

/// `line` without the white space and odd spaces at its ends: what is
/// left between them is what cleaning and trimming leave between them.
pub(crate) fn visible_core(line: &str) -> &str {
    let bytes = line.as_bytes();
    let visible_ascii = |b: &u8| b.is_ascii_graphic();
    if bytes.first().is_some_and(visible_ascii) && bytes.last().is_some_and(visible_ascii) {
        return line;
    }
    line.trim_matches(|c: char| c.is_whitespace() || (!c.is_ascii() && hygiene::is_odd(c)))
}

/// A line that is too long for `longest` bytes once cleaned, told without
/// cleaning it: cleaning shortens a line by fewer bytes than it has
/// outside ASCII.
pub(crate) fn longer_written(line: &str, longest: usize) -> bool {
    line.len() > longest
        && (line.is_ascii()
            || line.len() - line.bytes().filter(|b| !b.is_ascii()).count() > longest)
}
