//! Reading a line as prose or as code: the words code starts lines
//! with, the punctuation that marks it, and the inline code spans prose
//! names code in.

use std::borrow::Cow;

/// Words that start lines of code, not sentences.
const CODE_WORDS: &[&str] = &[
    "if",
    "for",
    "while",
    "def",
    "class",
    "import",
    "from",
    "return",
    "with",
    "try",
    "except",
    "async",
    "await",
    "let",
    "const",
    "var",
    "fn",
    "pub",
    "use",
    "function",
    "export",
    "select",
    "insert",
    "update",
    "delete",
    "create",
    "echo",
    "print",
    "else",
    "elif",
    "case",
    "switch",
    "yield",
    "raise",
    "assert",
    "lambda",
    "match",
    "struct",
    "enum",
    "impl",
    "type",
    "interface",
];

/// `line` with each inline code span (`` `ss -ltnp` ``) read as one word:
/// prose names commands and identifiers in them. An unmatched backtick
/// stays, and marks the line as code.
pub(super) fn without_code_spans(line: &str) -> Cow<'_, str> {
    if !line.contains('`') {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find('`') {
        let ticks = rest[open..].bytes().take_while(|&b| b == b'`').count();
        let after = &rest[open + ticks..];
        let Some(close) = closing_run(after, ticks) else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str("code");
        rest = &after[close + ticks..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Where in `text` the first run of exactly `ticks` backticks starts,
/// after at least one other character (an empty span is no span).
fn closing_run(text: &str, ticks: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(found) = memchr::memchr(b'`', &bytes[at..]) {
        let start = at + found;
        let run = bytes[start..].iter().take_while(|&&b| b == b'`').count();
        if run == ticks && start > 0 {
            return Some(start);
        }
        at = start + run;
    }
    None
}

/// A line that introduces what follows (`Clone the repo:`, `Then run
/// this:`): a capital letter, two or more words of prose, a colon at the
/// end (inline code spans are words: `` Add this to `Cargo.toml`: ``). A
/// fence right after one opens a block; it does not close one.
pub(crate) fn is_introduction(line: &str) -> bool {
    let line = line.trim_end();
    let Some(body) = line.strip_suffix(':') else {
        return false;
    };
    let starts_capital = body.chars().next().is_some_and(char::is_uppercase);
    let first = body.split_whitespace().next().unwrap_or("");
    starts_capital
        && body.split_whitespace().nth(1).is_some()
        && !COLON_CODE_WORDS
            .iter()
            .any(|word| word.eq_ignore_ascii_case(first))
        && has_no_code_marks(&without_code_spans(body))
}

/// Words that start code lines ending in a colon (Python's blocks, `case`
/// labels): `Use it:` introduces, `else:` does not.
const COLON_CODE_WORDS: &[&str] = &[
    "if", "for", "while", "def", "class", "try", "except", "else", "elif", "with", "async", "case",
    "match", "finally", "lambda", "switch", "default",
];

/// Six or more words, or four or more written as a sentence (a capital
/// first, a full stop, question or exclamation mark last: `Save it as
/// config.json.`); the first not a code keyword, and almost nothing but
/// letters and ordinary punctuation.
pub(super) fn is_sentence(line: &str) -> bool {
    let words = line.split_whitespace().count();
    let written_as_sentence =
        line.starts_with(|c: char| c.is_uppercase()) && line.trim_end().ends_with(['.', '?', '!']);
    (words >= 6 || (words >= 4 && written_as_sentence)) && reads_as_prose(line)
}

/// No code punctuation (inline code spans aside), no code keyword
/// first, and almost nothing but letters.
fn reads_as_prose(line: &str) -> bool {
    let first = line.split_whitespace().next().unwrap_or("");
    !is_code_word(first.trim_start_matches('.')) && has_no_code_marks(&without_code_spans(line))
}

/// A keyword as code writes it: lower case (`use`, `match`), or all upper
/// case (SQL's `SELECT`). `Use the new parser...` starts a sentence.
fn is_code_word(word: &str) -> bool {
    CODE_WORDS.contains(&word)
        || (word.len() > 1
            && word.bytes().all(|b| b.is_ascii_uppercase())
            && CODE_WORDS.contains(&word.to_ascii_lowercase().as_str()))
}

/// No code punctuation, and almost nothing but letters.
pub(super) fn has_no_code_marks(line: &str) -> bool {
    if !line.is_ascii() {
        return has_no_code_marks_in_chars(line);
    }
    // Asked of most lines after a blank one while a block may be open: one
    // pass over the bytes.
    let (mut visible, mut letters) = (0, 0);
    for &byte in line.as_bytes() {
        if CODE_MARK[usize::from(byte)] {
            return false;
        }
        visible += usize::from(!crate::lines::is_ascii_white_space(byte));
        letters += usize::from(byte.is_ascii_alphabetic());
    }
    letters * 100 >= visible * 85
}

/// The punctuation that marks a line as code.
const CODE_MARKS: [char; 15] = [
    '=', '(', ')', '{', '}', '[', ']', ';', '<', '>', '$', '#', '`', '"', '|',
];

/// [`CODE_MARKS`] by byte.
const CODE_MARK: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < CODE_MARKS.len() {
        table[CODE_MARKS[i] as usize] = true;
        i += 1;
    }
    table
};

/// [`has_no_code_marks`] of a line that is not all ASCII.
fn has_no_code_marks_in_chars(line: &str) -> bool {
    if line.contains(CODE_MARKS) {
        return false;
    }
    let (mut visible, mut letters) = (0, 0);
    for c in line.chars() {
        visible += usize::from(!c.is_whitespace());
        letters += usize::from(c.is_alphabetic());
    }
    letters * 100 >= visible * 85
}
