//! Markdown tables whose row or column names a secret.

use super::super::{assign::kind_of, is_placeholder};
use super::Span;
use crate::secrets::Kind;

/// Cells of a Markdown table row: `| name | value |`.
fn cells(line: &str) -> Option<Vec<(usize, usize)>> {
    let trimmed = line.trim_start();
    if !trimmed.starts_with('|') {
        return None;
    }
    let mut out = Vec::new();
    let mut start = line.len() - trimmed.len() + 1;
    for (i, _) in line.match_indices('|').skip(1) {
        let cell = &line[start..i];
        let lead = cell.len() - cell.trim_start().len();
        out.push((start + lead, start + lead + cell.trim().len()));
        start = i + 1;
    }
    Some(out)
}

/// A cell that names a secret (`DB password`, `API key`, `Token`).
fn names_secret(cell: &str) -> bool {
    let plain: String = cell.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    cell.len() <= 40 && kind_of(&plain).is_some()
}

/// A table row whose first cell names a secret: the cells after it are
/// its values.
pub(super) fn table_row(line: &str, offset: usize, spans: &mut Vec<Span>) {
    let Some(cells) = cells(line) else {
        return;
    };
    let Some(&(name_start, name_end)) = cells.first() else {
        return;
    };
    if !names_secret(&line[name_start..name_end]) {
        return;
    }
    for &(start, end) in &cells[1..] {
        table_value(line, offset, start, end, spans);
    }
}

fn table_value(line: &str, offset: usize, start: usize, end: usize, spans: &mut Vec<Span>) {
    let value = line[start..end].trim_matches('`');
    let start = start + line[start..end].find(value).unwrap_or(0);
    let separator = value.bytes().all(|b| matches!(b, b'-' | b':' | b' '));
    if value.len() >= 6
        && !separator
        && !value.contains(' ')
        && !is_placeholder(value)
        && !value.bytes().all(|b| b.is_ascii_alphabetic())
    {
        spans.push(Span::kind(
            offset + start,
            offset + start + value.len(),
            Kind::Password,
        ));
    }
}

/// Tables whose header names a secret column: that column's cells. Fed
/// the table rows of the text in order; a row that does not follow the
/// previous one starts a new table.
#[derive(Default)]
pub(super) struct Table {
    /// The secret columns of the current table.
    columns: Vec<usize>,
    /// Where the previous row ended (the next row of the same table starts
    /// right after).
    next_row: usize,
}

impl Table {
    pub(super) fn row(&mut self, line: &str, offset: usize, spans: &mut Vec<Span>) {
        let Some(cells) = cells(line) else {
            return;
        };
        let continues = offset == self.next_row && offset != 0;
        self.next_row = offset + line.len() + 1;
        if !continues {
            self.columns = cells
                .iter()
                .enumerate()
                .filter(|(_, &(s, e))| names_secret(&line[s..e]))
                .map(|(i, _)| i)
                .collect();
            return;
        }
        for &column in &self.columns {
            if let Some(&(start, end)) = cells.get(column) {
                table_value(line, offset, start, end, spans);
            }
        }
    }
}
