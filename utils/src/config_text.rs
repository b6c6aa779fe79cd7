//! Where in a configuration file something is wrong: a TOML error's
//! byte span turned into a line, a column and the table it sits in, so
//! a message can say `line 3, column 1, in [targets.blog]`.

use std::ops::Range;

/// A place in a configuration file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The `[table]` header above the place (`None` at the top level).
    pub table: Option<String>,
}

/// The place of byte `offset` in `text` (clamped to the text).
pub fn place(text: &str, offset: usize) -> Place {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let table = before
        .lines()
        // The line the place is on counts too (its start, up to the place).
        .rev()
        .map(str::trim_start)
        .find(|line| line.starts_with('['))
        .and_then(header_name);
    Place {
        line: before.matches('\n').count() + 1,
        column: before[line_start..].chars().count() + 1,
        table,
    }
}

/// The table a header line names: `[a.b]` → `a.b`, `[[a]]` → `a`.
fn header_name(line: &str) -> Option<String> {
    let inner = line.trim_start_matches('[');
    let end = inner.find(']')?;
    let name = inner[..end].trim();
    (!name.is_empty()).then(|| name.to_string())
}

/// One line for a configuration error: where (line, column, table) and
/// what. `syntax` says the text is not TOML at all, so no table's rules
/// were read; `table` is the table the reader was reading, said when the
/// span is missing.
pub fn describe(
    text: &str,
    span: Option<Range<usize>>,
    message: &str,
    syntax: bool,
    table: &str,
) -> String {
    // One line: TOML's messages can run over several.
    let message: Vec<&str> = message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let message = message.join("; ");
    match span {
        Some(span) if syntax => {
            let at = place(text, span.start);
            format!(
                "line {}, column {}: not valid TOML: {message}",
                at.line, at.column
            )
        }
        Some(span) => {
            let at = place(text, span.start);
            let table = at.table.unwrap_or_else(|| table.to_string());
            format!(
                "line {}, column {}: invalid [{table}] configuration: {message}",
                at.line, at.column
            )
        }
        None if syntax => format!("not valid TOML: {message}"),
        None => format!("invalid [{table}] configuration: {message}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_name_line_column_and_table() {
        let text = "[articleizer]\nsite_url = \"x\"\n\n[targets.blog]\nbad = 1\n";
        let offset = text.find("bad").expect("there");
        assert_eq!(
            place(text, offset),
            Place {
                line: 5,
                column: 1,
                table: Some("targets.blog".into())
            }
        );
        assert_eq!(place(text, 0).table, None);
        // Columns count characters, not bytes: `x` is the fifth.
        assert_eq!(place("a = 1\né = x", 11).column, 5);
    }

    #[test]
    fn descriptions_say_where_and_which_table() {
        let text = "[targets.blog]\nbad = 1\n";
        let line = describe(
            text,
            Some(15..18),
            "unknown field `bad`",
            false,
            "articleizer",
        );
        assert_eq!(
            line,
            "line 2, column 1: invalid [targets.blog] configuration: unknown field `bad`"
        );
        let line = describe(
            "[a\n",
            Some(2..3),
            "invalid table header\nexpected `.`, `]`\n",
            true,
            "x",
        );
        assert_eq!(
            line,
            "line 1, column 3: not valid TOML: invalid table header; expected `.`, `]`"
        );
    }
}
