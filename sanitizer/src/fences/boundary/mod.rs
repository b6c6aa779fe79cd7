//! Where code visibly ends. A block left open runs, for CommonMark, to the
//! end of the text; the writer's code ended earlier, and the Markdown after
//! it shows where: a heading, a thematic break, a paragraph of prose, a
//! list, a quotation, a table. A closer inserted for a code block goes
//! before the first of these.

mod prose;
#[cfg(test)]
mod tests;

pub(crate) use prose::is_introduction;
use prose::{has_no_code_marks, is_sentence, without_code_spans};

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
    /// `# Title`: a heading where `#` starts no comment (JavaScript, Rust).
    Title,
    /// A quotation of prose: `> Mind the timeout.`
    Quote,
    /// A table row: `| Column | Meaning |`.
    Table,
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

/// What ends the code on `line`, read as the first line after a blank one.
pub(crate) fn kind(line: &str) -> Option<BoundaryKind> {
    if line.starts_with([' ', '\t']) {
        return None;
    }
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') && line.len() > hashes + 1 {
        return Some(if hashes == 1 {
            BoundaryKind::Title
        } else {
            BoundaryKind::Heading
        });
    }
    let trimmed = line.trim_end();
    if let Some(quoted) = trimmed.strip_prefix("> ") {
        return kind(quoted)
            .filter(|kind| *kind != BoundaryKind::Title)
            .map(|_| BoundaryKind::Quote);
    }
    if is_table_row(trimmed) {
        return Some(BoundaryKind::Table);
    }
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
    // An item that introduces what follows (`2. Run it:`) is prose too:
    // its colon is no code mark, and in a short item it weighs.
    let item = item.strip_suffix(':').unwrap_or(item);
    item.split_whitespace().nth(1).is_some()
        && !yaml_key
        && has_no_code_marks(&without_code_spans(item))
}

/// A Markdown table row: `|` first and last, two or more cells, words in
/// them and no assignment, statement or block punctuation (the code that
/// starts lines with `|`, OCaml's match arms or a closure, does not end
/// with one).
fn is_table_row(line: &str) -> bool {
    let Some(cells) = line
        .strip_prefix('|')
        .and_then(|rest| rest.strip_suffix('|'))
    else {
        return false;
    };
    let cells = without_code_spans(cells);
    cells.contains('|')
        && cells.bytes().any(|b| b.is_ascii_alphabetic())
        && !cells.contains(['=', ';', '{', '}', '<', '>'])
}

/// The text of a list item line after its marker and one space.
pub(crate) fn list_item_text(line: &str) -> Option<&str> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let rest = match digits {
        0 => line.strip_prefix(['-', '*', '+'])?,
        1..=3 => line[digits..].strip_prefix(['.', ')'])?,
        _ => return None,
    };
    rest.strip_prefix(' ')
}

/// Whether a block of `language` is code whose end the text shows: not a
/// block of Markdown or quoted text (where headings and prose are content),
/// and not one where a thematic break is code (YAML, diffs), nor, for a
/// `# Title`, one whose language may write `#` comments.
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
        BoundaryKind::Title => NO_HASH_COMMENTS.contains(&language.as_str()),
        BoundaryKind::Heading
        | BoundaryKind::Prose
        | BoundaryKind::Introduction
        | BoundaryKind::Quote
        | BoundaryKind::Table => true,
    }
}

/// Languages where a line `# words` is no comment, nor anything else of
/// the language (C's `# include` is, and so is C#'s `#region`).
const NO_HASH_COMMENTS: &[&str] = &[
    "js",
    "javascript",
    "jsx",
    "mjs",
    "ts",
    "typescript",
    "tsx",
    "rust",
    "rs",
    "go",
    "golang",
    "java",
    "kotlin",
    "kt",
    "swift",
    "scala",
    "dart",
    "css",
    "scss",
    "less",
    "html",
    "xml",
    "svg",
    "json",
    "jsonc",
    "lua",
    "haskell",
    "hs",
    "vue",
    "svelte",
];
