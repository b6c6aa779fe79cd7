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
//! separated only by blank lines become one block.

use super::{bullet, ends_code};
use crate::fences::boundary;
use crate::lines::{self, LineCursor};
use crate::speakers::Speakers;

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

/// How a line reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Unmistakably code, in this language (empty: unknown).
    Code(&'static str),
    /// A `#` comment (a heading in Markdown).
    Comment,
    /// Could be either: indented, a closing bracket.
    Neutral,
    /// Prose or Markdown.
    Prose,
}

/// At most this many lines are read ahead for one run: a longer paragraph
/// is not recovered (and is not read again line by line).
const MAX_RUN_LINES: usize = 400;

/// Whether a paragraph starting with `first` (then `next`) may be a code
/// run: a cheap look at its first line or two, so that prose paragraphs
/// are not read ahead.
pub(super) fn may_start<'n>(first: &str, next: impl FnOnce() -> Option<&'n str>) -> bool {
    let code = |line: &str| !matches!(classify(line), Kind::Prose | Kind::Neutral);
    if first.trim_end().ends_with(':') && boundary::is_introduction(first) {
        return next().is_some_and(code);
    }
    code(first)
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
    let intro = boundary::is_introduction(first);
    let mut ahead = rest.clone();
    // The first paragraph (after its introduction) must be code...
    let mut run = Tally::default();
    if !intro {
        run.add(classify(first))?;
    }
    let mut lines = 1;
    let mut ended_by_blank = false;
    while let Some(line) = ahead.next() {
        if goes(line.text) {
            lines += 1;
            continue;
        }
        if lines::is_blank(line.text) {
            ended_by_blank = true;
            break;
        }
        if stops(line.text, ahead.peek()) {
            break;
        }
        run.add(classify(line.text))?;
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
            if lines::is_blank(text) {
                if paragraph.lines > 0 {
                    ended_by_blank = true;
                    break;
                }
                blanks += 1;
                continue;
            }
            if stops(text, ahead.peek()) || paragraph.add(classify(text)).is_none() {
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
}

impl Tally {
    /// Counts a line; `None` if it is prose.
    fn add(&mut self, kind: Kind) -> Option<()> {
        match kind {
            Kind::Prose => return None,
            Kind::Code(language) => {
                self.code += 1;
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
        for &(language, n) in &other.languages {
            match self.languages.iter_mut().find(|(l, _)| *l == language) {
                Some((_, m)) => *m += n,
                None => self.languages.push((language, n)),
            }
        }
    }

    /// Two lines or more, two of them unmistakably code.
    fn is_code(&self) -> bool {
        self.lines >= 2 && self.code >= 2
    }

    /// The first paragraph of a run: two lines or more, one of them
    /// unmistakably code (the run as a whole needs two).
    fn may_be_code(&self) -> bool {
        self.lines >= 2 && self.code >= 1
    }

    /// A paragraph after code that goes on with it: one line of code is
    /// enough (`main()` after the function).
    fn is_code_continued(&self) -> bool {
        self.code >= 1
    }

    /// The language most code lines are in (the first, on a tie).
    fn language(&self) -> &'static str {
        let mut best: (&'static str, usize) = ("", 0);
        for &(language, n) in &self.languages {
            if n > best.1 {
                best = (language, n);
            }
        }
        best.0
    }
}

/// Commands a shell line starts with.
const SHELL_COMMANDS: &[&str] = &[
    "sudo",
    "apt",
    "apt-get",
    "brew",
    "pip",
    "pip3",
    "npm",
    "npx",
    "yarn",
    "pnpm",
    "cargo",
    "rustup",
    "git",
    "cd",
    "ls",
    "mkdir",
    "rm",
    "cp",
    "mv",
    "chmod",
    "export",
    "curl",
    "wget",
    "docker",
    "kubectl",
    "python",
    "python3",
    "node",
    "nix",
    "make",
    "uv",
    "systemctl",
    "ssh",
];

/// Lines longer than this are read as prose: transcripts hold whole
/// paragraphs on one line, and a line of code that long is rare.
const MAX_CODE_LINE: usize = 240;

fn classify(line: &str) -> Kind {
    if line.len() > MAX_CODE_LINE {
        return Kind::Prose;
    }
    let text = line.trim();
    // Most prose lines are sentences: a capital first, then a stop at the
    // end or a comma or stop inside.
    if text.starts_with(|c: char| c.is_ascii_uppercase())
        && (text.ends_with(['.', '?', '!']) || text.contains(", ") || text.contains(". "))
    {
        return Kind::Prose;
    }
    let indented = line.starts_with("  ") || line.starts_with('\t');
    if text.starts_with("##")
        || text.starts_with('>')
        || text.starts_with('|')
        || is_list_item(text)
        || (!text.is_ascii() && bullet(line).is_some())
    {
        return Kind::Prose;
    }
    if text.starts_with("#!") || text.starts_with("#include") {
        return Kind::Code(if text.starts_with("#!") { "bash" } else { "c" });
    }
    if text.starts_with('#') {
        return Kind::Comment;
    }
    if let Some(language) = strong(text) {
        return Kind::Code(language);
    }
    if indented
        || matches!(
            text,
            "}" | "};"
                | "})"
                | "});"
                | ")"
                | "]"
                | "],"
                | "},"
                | "end"
                | "fi"
                | "done"
                | "else:"
                | "try:"
        )
    {
        return Kind::Neutral;
    }
    Kind::Prose
}

/// `- item`, `* item`, `+ item`, `1. item`.
fn is_list_item(text: &str) -> bool {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &text[digits..];
    (digits == 0 && (rest.starts_with("- ") || rest.starts_with("* ") || rest.starts_with("+ ")))
        || (digits > 0 && (rest.starts_with(". ") || rest.starts_with(") ")))
}

/// The language of a line that is unmistakably code.
fn strong(text: &str) -> Option<&'static str> {
    let first = text.split_whitespace().next().unwrap_or("");
    // Counted only as far as the checks need.
    let words = text.split_whitespace().take(13).count();
    let sentence_end = text.ends_with(['.', '?', '!']);
    if let Some(command) = text.strip_prefix("$ ") {
        return (!command.trim().is_empty()).then_some("bash");
    }
    if SHELL_COMMANDS.contains(&first) && (2..=12).contains(&words) && !sentence_end {
        let second = text.split_whitespace().nth(1).unwrap_or("");
        // `git is great` is a sentence; `git commit -m x` a command.
        let command_like = second.starts_with('-')
            || second.contains(['/', '.', '=', '@', ':'])
            || second
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'-' || b == b'_');
        if command_like && !has_prose_words(text) {
            return Some("bash");
        }
    }
    let python_block = [
        "if", "for", "while", "elif", "with", "except", "async", "finally",
    ];
    if (text.starts_with("def ") && text.contains('(') && text.ends_with(':'))
        || (text.starts_with("class ") && text.ends_with(':'))
        || (text.starts_with("import ") && words <= 5 && !sentence_end && !text.contains(';'))
        || (text.starts_with("from ") && text.contains(" import "))
        || text.starts_with("print(")
        || (python_block.contains(&first) && text.ends_with(':') && words >= 2)
    {
        return Some("python");
    }
    if (text.starts_with("fn ") && text.contains('('))
        || text.starts_with("let mut ")
        || text.starts_with("pub fn ")
        || (text.starts_with("use ") && text.contains("::"))
        || text.starts_with("impl ")
    {
        return Some("rust");
    }
    if text.starts_with("function ") && text.contains('(')
        || text.starts_with("console.log(")
        || (matches!(first, "const" | "let" | "var") && text.contains(" = "))
    {
        return Some("javascript");
    }
    if sentence_end && !text.ends_with("...") {
        return None;
    }
    let assignment = text.split_once(" = ").is_some_and(|(name, value)| {
        !name.is_empty()
            && !value.is_empty()
            && name.bytes().all(|b| {
                b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'[' | b']' | b'"' | b'\'')
            })
    });
    let call = text.ends_with(')')
        && text.find('(').is_some_and(|open| {
            open > 0
                && text[..open]
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b':'))
        });
    let ends_code = (text.ends_with(';') || text.ends_with('{')) && !has_prose_words(text);
    (assignment || call || ends_code).then_some("")
}

/// Whether `text` reads as a sentence: several short common words.
fn has_prose_words(text: &str) -> bool {
    const COMMON: &[&str] = &[
        "the", "a", "an", "and", "or", "is", "are", "to", "of", "in", "that", "this", "it", "you",
        "your", "we", "i", "my", "but", "with", "for", "on", "then", "so",
    ];
    text.split_whitespace()
        .filter(|word| COMMON.contains(&word.to_ascii_lowercase().as_str()))
        .count()
        >= 2
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::SpeakerOptions;

    fn run(text: &str) -> Option<CodeRun> {
        let speakers = Speakers::new(&SpeakerOptions::default());
        let mut cursor = LineCursor::new(text);
        let first = cursor.next()?.text;
        code_run(first, &cursor, &speakers, &|_| false, true)
    }

    #[test]
    fn lines_read_as_code_or_prose() {
        for code in [
            "import os",
            "from pathlib import Path",
            "def main():",
            "$ cargo build --release",
            "git commit -m 'first'",
            "pip install requests",
            "let mut count = 0;",
            "const app = express();",
            "total = price * 2",
            "app.run(debug=True)",
            "int main() {",
        ] {
            assert!(matches!(classify(code), Kind::Code(_)), "{code}");
        }
        for prose in [
            "Git is the tool you want here.",
            "I used the import function of the app and it worked.",
            "- install it",
            "## Setting up",
            "The value = what you pay, and that is fine.",
            "cd into the folder and then run the tests",
            "Then run this:",
        ] {
            assert_eq!(classify(prose), Kind::Prose, "{prose}");
        }
        assert_eq!(classify("# set up the path"), Kind::Comment);
    }

    #[test]
    fn data_that_opens_with_a_brace_is_json() {
        let json = "{\n  \"name\": \"app\",\n  \"scripts\": {\n    \"build\": \"tsc\"\n  }\n}\n";
        assert_eq!(run(json).map(|r| r.language), Some("json"));
        assert_eq!(run("x = {\n  y = 2\n}\n").map(|r| r.language), Some(""));
    }

    #[test]
    fn a_paragraph_of_code_is_a_run_and_prose_is_not() {
        let run_of = |text| run(text).map(|r| (r.intro, r.lines, r.language));
        assert_eq!(
            run_of("import os\n# list it\nprint(os.listdir())\n\nDone.\n"),
            Some((false, 3, "python"))
        );
        assert_eq!(
            run_of("Install it:\n$ pip install x\n$ x --help\n"),
            Some((true, 3, "bash"))
        );
        // Two paragraphs of code are one run; prose after a blank line ends it.
        assert_eq!(
            run_of("x = 1\ny = 2\n\nz = x + y\nprint(z)\n\nThat is all.\n"),
            Some((false, 5, "python"))
        );
        assert_eq!(
            run_of("import os\nThis is the module that reads the system.\n"),
            None
        );
        assert_eq!(
            run_of("Run this:\nls\n"),
            None,
            "one line of code is left alone"
        );
        assert_eq!(run_of("I like Python.\nIt is fun.\n"), None);
        assert_eq!(
            run_of("import os\n\nClaude: next\n"),
            None,
            "one line before a turn"
        );
    }
}
