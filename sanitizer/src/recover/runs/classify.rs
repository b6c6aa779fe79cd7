//! How a line reads: code (in which language), a comment, either, or
//! prose.

use super::super::bullet;
use super::super::written::{longer_written, visible_core};
use crate::fences::boundary::list_item_text;
use crate::hygiene::cleaned;

/// How a line reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// Unmistakably code, in this language (empty: unknown).
    Code(&'static str),
    /// A `#` comment (a heading in Markdown).
    Comment,
    /// Could be either: indented, a closing bracket.
    Neutral,
    /// Prose or Markdown.
    Prose,
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

/// How `line` reads, as the emitter writes it (see [`written`]).
pub(super) fn classify(line: &str) -> Kind {
    // Most prose lines are sentences (a capital first, a stop last), told
    // before the line is cleaned: cleaning keeps what is between its ends.
    let core = visible_core(line);
    if core.starts_with(|c: char| c.is_ascii_uppercase()) && core.ends_with(['.', '?', '!']) {
        return Kind::Prose;
    }
    // Cleaning shortens a line by fewer bytes than it has outside ASCII:
    // a line too long even so is told apart before it is cleaned (most
    // lines of a transcript are long paragraphs).
    if longer_written(line, MAX_CODE_LINE) {
        return Kind::Prose;
    }
    let line = &*cleaned(line);
    if line.len() > MAX_CODE_LINE {
        return Kind::Prose;
    }
    let text = line.trim();
    // Before the test for sentences: SQL is written in capitals, with
    // commas (`SELECT name, email`).
    if is_sql(text) {
        return Kind::Code("sql");
    }
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
        || list_item_text(text).is_some()
        || (!text.is_ascii() && bullet(line).is_some())
    {
        return Kind::Prose;
    }
    if text.starts_with("#!") {
        return Kind::Code("bash");
    }
    if let Some(header) = text.strip_prefix("#include") {
        // The C++ library's headers have no `.h`: `<vector>`.
        let cpp = header.trim().starts_with('<') && !header.contains(".h");
        return Kind::Code(if cpp { "cpp" } else { "c" });
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

/// The clauses a line of SQL starts with, written in capitals.
const SQL_CLAUSES: &[&str] = &[
    "SELECT",
    "FROM",
    "WHERE",
    "JOIN",
    "HAVING",
    "LIMIT",
    "VALUES",
    "UNION",
    "UPDATE",
    "SET",
    "ORDER BY",
    "GROUP BY",
    "INSERT INTO",
    "DELETE FROM",
    "CREATE TABLE",
    "CREATE INDEX",
    "CREATE VIEW",
    "ALTER TABLE",
    "DROP TABLE",
    "LEFT JOIN",
    "RIGHT JOIN",
    "INNER JOIN",
    "OUTER JOIN",
    "AND",
    "OR",
    "ON",
];

/// A line of SQL: a clause in capitals, then a space or the end, not
/// ended as a sentence, and not all capitals and spaces (a heading
/// shouted: `WHERE WE ARE NOW`). `AND`, `OR` and `ON` need a comparison.
fn is_sql(text: &str) -> bool {
    // Every clause starts with two capitals: most lines end here.
    if !text
        .as_bytes()
        .get(..2)
        .is_some_and(|two| two.iter().all(u8::is_ascii_uppercase))
    {
        return false;
    }
    let Some(clause) = SQL_CLAUSES.iter().find(|clause| {
        text.strip_prefix(**clause)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
    }) else {
        return false;
    };
    let shouted = text.bytes().all(|b| b.is_ascii_uppercase() || b == b' ');
    let compares =
        text.contains(['=', '<', '>']) || text.contains(" LIKE ") || text.contains(" IN ");
    !shouted
        && !text.ends_with(['.', '?', '!'])
        && (!matches!(*clause, "AND" | "OR" | "ON") || compares)
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
    if text.contains("std::") && text.ends_with(';') {
        return Some("cpp");
    }
    let c_type = [
        "int", "void", "char", "double", "float", "long", "unsigned", "size_t",
    ];
    if (c_type.contains(&first) && text.contains('(') && text.ends_with(['{', ';', ')']))
        || text.starts_with("printf(")
    {
        return Some("c");
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
pub(super) fn has_prose_words(text: &str) -> bool {
    const COMMON: &[&str] = &[
        "the", "a", "an", "and", "or", "is", "are", "to", "of", "in", "that", "this", "it", "you",
        "your", "we", "i", "my", "but", "with", "for", "on", "then", "so",
    ];
    text.split_whitespace()
        .filter(|word| COMMON.contains(&word.to_ascii_lowercase().as_str()))
        .count()
        >= 2
}
