//! Where code visibly ends. A block left open runs, for CommonMark, to the
//! end of the text; the writer's code ended earlier, and the Markdown after
//! it shows where: a heading, a thematic break, a paragraph of prose. A
//! closer inserted for a code block goes before the first of these.

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
    is_sentence(trimmed).then_some(BoundaryKind::Prose)
}

/// A line that introduces what follows (`Clone the repo:`, `Then run
/// this:`): a capital letter, two or more words of prose, a colon at the
/// end. A fence right after one opens a block; it does not close one.
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
        && has_no_code_marks(body)
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

/// No code punctuation, no code keyword first, and almost nothing but
/// letters.
fn reads_as_prose(line: &str) -> bool {
    let first = line.split_whitespace().next().unwrap_or("");
    !is_code_word(first.trim_start_matches('.')) && has_no_code_marks(line)
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
        BoundaryKind::Break => !matches!(language.as_str(), "yaml" | "yml" | "diff" | "patch"),
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
}
