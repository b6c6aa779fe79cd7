//! Where code visibly ends. A block left open runs, for CommonMark, to the
//! end of the text; the writer's code ended earlier, and the Markdown after
//! it shows where: a heading, a thematic break, a paragraph of prose, a
//! list. A closer inserted for a code block goes before the first of these.

use std::borrow::Cow;

/// What ends the code on a line that follows a blank line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BoundaryKind {
    /// `## Title` (two to six `#`: a single `#` is a comment in many
    /// languages).
    Heading,
    /// `---`, `***` or `___` alone.
    Break,
    /// A sentence: six or more words of prose, no code punctuation.
    Prose,
    /// An introduction to what follows: `Clone the repo:`.
    Introduction,
    /// A list item of prose: `- it prints once`, `2. Read the journal.`
    List,
}

/// A line after a blank line where code would end.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Boundary {
    pub line: usize,
    /// The line after the last non-blank line before it: where the closer
    /// goes.
    pub insert_at: usize,
    pub kind: BoundaryKind,
}

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

/// What ends the code on `line`, read as the first line after a blank one.
pub(crate) fn kind(line: &str) -> Option<BoundaryKind> {
    if line.starts_with([' ', '\t']) {
        return None;
    }
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    if (2..=6).contains(&hashes) && line[hashes..].starts_with(' ') && line.len() > hashes + 1 {
        return Some(BoundaryKind::Heading);
    }
    let trimmed = line.trim_end();
    let mark = trimmed.as_bytes().first().copied().unwrap_or(b' ');
    if trimmed.len() >= 3
        && matches!(mark, b'-' | b'*' | b'_')
        && trimmed.bytes().all(|b| b == mark)
    {
        return Some(BoundaryKind::Break);
    }
    if is_introduction(trimmed) {
        return Some(BoundaryKind::Introduction);
    }
    if is_list_item(trimmed) {
        return Some(BoundaryKind::List);
    }
    is_sentence(trimmed).then_some(BoundaryKind::Prose)
}

/// A Markdown list item (`-`, `*` or `+`, or `1.` or `1)`, then a space)
/// whose text is two or more words of prose. Not a YAML sequence entry
/// (`- name: web`), whose first word is a lower-case key.
fn is_list_item(line: &str) -> bool {
    let Some(item) = list_item_text(line) else {
        return false;
    };
    let item = item
        .strip_prefix("[ ] ")
        .or_else(|| item.strip_prefix("[x] "))
        .unwrap_or(item);
    let first = item.split_whitespace().next().unwrap_or("");
    let yaml_key = first.ends_with(':') && first.starts_with(|c: char| c.is_lowercase());
    item.split_whitespace().nth(1).is_some()
        && !yaml_key
        && has_no_code_marks(&without_code_spans(item))
}

/// The text of a list item line after its marker and one space.
fn list_item_text(line: &str) -> Option<&str> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let rest = match digits {
        0 => line.strip_prefix(['-', '*', '+'])?,
        1..=3 => line[digits..].strip_prefix(['.', ')'])?,
        _ => return None,
    };
    rest.strip_prefix(' ')
}

/// `line` with each inline code span (`` `ss -ltnp` ``) read as one word:
/// prose names commands and identifiers in them. An unmatched backtick
/// stays, and marks the line as code.
fn without_code_spans(line: &str) -> Cow<'_, str> {
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

/// Six or more words, the first not a code keyword, and almost nothing but
/// letters and ordinary punctuation.
fn is_sentence(line: &str) -> bool {
    line.split_whitespace().nth(5).is_some() && reads_as_prose(line)
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
fn has_no_code_marks(line: &str) -> bool {
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

/// Whether a block of `language` is code whose end the text shows: not a
/// block of Markdown or quoted text (where headings and prose are content),
/// and not one where a thematic break is code (YAML, diffs).
pub(crate) fn ends(language: &str, kind: BoundaryKind, container: bool, quotes_text: bool) -> bool {
    if container || quotes_text {
        return false;
    }
    let language = language.to_ascii_lowercase();
    match kind {
        // A YAML sequence or a diff's removed line reads like a list item.
        BoundaryKind::Break | BoundaryKind::List => {
            !matches!(language.as_str(), "yaml" | "yml" | "diff" | "patch")
        }
        BoundaryKind::Heading | BoundaryKind::Prose | BoundaryKind::Introduction => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_headings_and_breaks_end_code() {
        assert_eq!(kind("## Next step"), Some(BoundaryKind::Heading));
        assert_eq!(kind("---"), Some(BoundaryKind::Break));
        assert_eq!(kind("* * *"), None, "only one mark, repeated");
        assert_eq!(
            kind("...which create the table objects directly, so you"),
            Some(BoundaryKind::Prose)
        );
        assert_eq!(
            kind("And then we test it like this, step by step."),
            Some(BoundaryKind::Prose)
        );
        assert_eq!(
            kind("And then we test it like this:"),
            Some(BoundaryKind::Introduction)
        );
        // A capitalized keyword starts a sentence, not a line of code.
        for sentence in [
            "Use the new parser for every file you read",
            "Match the version in the lock file with the one you ship",
            "Type the name of the folder and press enter again",
        ] {
            assert_eq!(kind(sentence), Some(BoundaryKind::Prose), "{sentence}");
        }
        assert!(is_introduction("Then run:"));
        assert!(
            is_introduction("Add this to `Cargo.toml`:"),
            "a code span is a word"
        );
        assert!(
            !is_introduction("Add this to `Cargo.toml:"),
            "an unmatched backtick"
        );
        assert!(!is_introduction("else:"), "code");
        assert!(!is_introduction("Returns:"), "one word");
        assert!(!is_introduction("For x in y:"), "a keyword first");
        assert!(is_introduction("Use it:"), "not a colon keyword");
        assert!(!is_introduction("Config (default):"), "code punctuation");
    }

    #[test]
    fn code_does_not() {
        for line in [
            "# a comment",
            "for item in items and other things:",
            "x = compute(a, b)",
            "    Indented text that reads like a sentence here.",
            "print the values of all of them",
            "SELECT name FROM users WHERE id > 1",
            "UPDATE users SET active TRUE WHERE admin",
            "use the parser for every file you read",
            "--",
            "short words only",
        ] {
            assert_eq!(kind(line), None, "{line}");
        }
    }

    #[test]
    fn prose_names_code_in_spans() {
        assert_eq!(
            kind("Now the server picks up the change, as `nodemon` does for you."),
            Some(BoundaryKind::Prose)
        );
        assert_eq!(
            kind("Then check the port with ``ss -ltnp | grep `80` `` again, twice."),
            Some(BoundaryKind::Prose),
            "a longer run of backticks holds single ones"
        );
        for code in [
            "echo the date is `date` and the user is `whoami` now",
            "Now `unclosed and then the rest of the line here",
            "const message = `hello ${name}` + rest + more + words;",
            "Empty spans `` are not spans of code at all here",
        ] {
            assert_eq!(kind(code), None, "{code}");
        }
        assert_eq!(without_code_spans("a `b` c ``d`e`` f"), "a code c code f");
        assert_eq!(without_code_spans("a ` b"), "a ` b");
    }

    #[test]
    fn prose_list_items_end_code() {
        for item in [
            "- it prints once",
            "* the function has no arguments",
            "+ both halves",
            "1. Check the status first.",
            "12) Then read the journal with `journalctl -u nginx`.",
            "- [ ] write the tests",
            "- Note: the port is fixed",
        ] {
            assert_eq!(kind(item), Some(BoundaryKind::List), "{item}");
        }
        for code in [
            "- name: web",
            "-rw-r--r-- 1 root root",
            "- x = 1",
            "* p = next(q);",
            "- one",
            "1.5 times the width",
            "1234. Too many digits for a list",
            "-- a comment in SQL or Lua",
            "*args, **kwargs",
        ] {
            assert_ne!(kind(code), Some(BoundaryKind::List), "{code}");
        }
        assert!(
            !ends("yaml", BoundaryKind::List, false, false),
            "a sequence"
        );
        assert!(
            !ends("diff", BoundaryKind::List, false, false),
            "a removed line"
        );
        assert!(ends("bash", BoundaryKind::List, false, false));
    }
}
