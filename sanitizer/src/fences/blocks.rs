//! From decisions to edits: the chosen reading's blocks, each made wide
//! enough for what it holds, with its closers fixed or inserted, checked
//! with pulldown-cmark before it is used.

use super::boundary::{self, Boundary, BoundaryKind};
use super::plan::{Decision, Tokens};
use super::{FenceRepair, FenceRepairKind, RepairLog};
use std::collections::VecDeque;

/// A top-level code block of the output, fences included, with the edits
/// to its fence lines.
#[derive(Debug, Default)]
pub(crate) struct Region {
    /// The line of its opening fence.
    pub start: usize,
    /// The line after it: after its closer, or where its closer is inserted.
    pub end: usize,
    /// Replacement text of fence lines that change, by line.
    pub rewrites: VecDeque<(usize, String)>,
    /// Closing fences to insert before the given line, in order.
    pub inserts: VecDeque<(usize, String)>,
}

/// A block as the chosen reading sees it.
#[derive(Debug)]
struct Block {
    open: u32,
    close: Closer,
    children: Vec<Block>,
}

#[derive(Debug, Clone, Copy)]
enum Closer {
    Token(u32),
    /// Closed by a fence inserted at `insert_at` for a block still open at
    /// `at_line`.
    Inserted {
        at_line: usize,
        insert_at: usize,
    },
    /// Left open inside its parent (content of the parent block).
    None,
}

/// Replays decisions into blocks; each finished top-level block becomes a
/// verified [`Region`].
#[derive(Debug, Default)]
pub(crate) struct Builder {
    open: Vec<Block>,
    /// The number of lines, once the end is reached (an inserted closer at
    /// the end is reported on the last line).
    pub line_count: Option<usize>,
}

impl Builder {
    /// The opening fence of the outermost block still open.
    pub(crate) fn oldest_open(&self) -> Option<u32> {
        self.open.first().map(|block| block.open)
    }

    /// Applies one decision; a top-level block it finishes joins `ready`.
    /// A code block closed by an inserted fence is closed before the first
    /// of `boundaries` inside it, where the text shows its code ended.
    pub(crate) fn apply(
        &mut self,
        decision: Decision,
        tokens: &Tokens<'_>,
        text: &str,
        boundaries: &VecDeque<Boundary>,
        ready: &mut VecDeque<Region>,
        repairs: &mut RepairLog,
    ) {
        let mut finished = Vec::new();
        match decision {
            Decision::Open(token) | Decision::Nested(token) => self.open.push(Block {
                open: token,
                close: Closer::None,
                children: Vec::new(),
            }),
            Decision::Content(_) => {}
            Decision::Close { token, levels } => {
                for _ in 1..levels {
                    self.finish_top(Closer::None, &mut finished);
                }
                self.finish_top(Closer::Token(token), &mut finished);
            }
            Decision::CloseAll {
                mut at_line,
                mut insert_at,
            } => {
                if let [block] = self.open.as_slice() {
                    if let Some(end) = code_end(&tokens[block.open], at_line, boundaries) {
                        (at_line, insert_at) = (end.line, end.insert_at);
                    }
                }
                while !self.open.is_empty() {
                    self.finish_top(Closer::Inserted { at_line, insert_at }, &mut finished);
                }
            }
        }
        let line_count = self.line_count.unwrap_or(usize::MAX);
        for block in finished {
            ready.push_back(region(&block, tokens, text, line_count, repairs));
        }
    }

    /// Drops the open blocks, unrepaired: their lines up to `at_line` are
    /// one region left as written.
    pub(crate) fn give_up(
        &mut self,
        at_line: usize,
        tokens: &Tokens<'_>,
        repairs: &mut RepairLog,
    ) -> Option<Region> {
        let outermost = self.open.first()?;
        let start = tokens[outermost.open].line;
        self.open.clear();
        repairs.push(FenceRepair {
            line: start + 1,
            kind: FenceRepairKind::Unverified,
        });
        Some(Region {
            start,
            end: at_line,
            ..Region::default()
        })
    }

    fn finish_top(&mut self, close: Closer, finished: &mut Vec<Block>) {
        let Some(mut block) = self.open.pop() else {
            return;
        };
        block.close = close;
        match self.open.last_mut() {
            Some(parent) => parent.children.push(block),
            None => finished.push(block),
        }
    }
}

/// The first boundary after the opener `open` and before `at_line` where
/// its code ends, if its language is code. A break the language keeps
/// (YAML's `---`) that is the code's last line, a blank line before that
/// boundary, is the writer's break between the code and what follows:
/// the code ends before it.
fn code_end(
    open: &super::tokens::Token<'_>,
    at_line: usize,
    boundaries: &VecDeque<Boundary>,
) -> Option<Boundary> {
    let language = open.language;
    let first = boundaries.partition_point(|b| b.line <= open.line + 1);
    let ends = |b: &Boundary| boundary::ends(language, b.kind, open.container, open.quotes_text);
    let found = first
        + boundaries
            .range(first..)
            .take_while(|b| b.line < at_line)
            .position(ends)?;
    let end = boundaries[found];
    let break_before = found
        .checked_sub(1)
        .filter(|&before| before >= first)
        .map(|before| boundaries[before])
        .filter(|b| b.kind == BoundaryKind::Break && b.line + 2 == end.line);
    Some(break_before.unwrap_or(end))
}

/// The fence length a block needs: at least its own, and one more than every
/// same-character fence nested in it (a shorter or equal bare fence inside
/// would close it).
fn width(block: &Block, tokens: &Tokens<'_>) -> usize {
    let own = tokens[block.open].fence.count;
    let nested = block
        .children
        .iter()
        .map(|child| effective_width(child, tokens) + 1)
        .max()
        .unwrap_or(0);
    own.max(nested)
}

/// The longest fence a block will show once repaired (its closer may be
/// longer than its opener and is kept when it is a valid closer).
fn effective_width(block: &Block, tokens: &Tokens<'_>) -> usize {
    let w = width(block, tokens);
    match block.close {
        Closer::Token(t) if tokens[t].fence.is_bare() => w.max(tokens[t].fence.count),
        _ => w,
    }
}

/// The edits of one top-level block, verified: a block whose edits do not
/// verify keeps its fences as written.
fn region(
    block: &Block,
    tokens: &Tokens<'_>,
    text: &str,
    line_count: usize,
    repairs: &mut RepairLog,
) -> Region {
    let mut edits = Edits::default();
    edit_block(block, tokens, line_count, &mut edits);
    let open = &tokens[block.open];
    let end = match block.close {
        Closer::Token(t) => tokens[t].line + 1,
        Closer::Inserted { .. } | Closer::None => {
            edits.inserts.last().map_or(line_count, |(at, _)| *at)
        }
    };
    let mut region = Region {
        start: open.line,
        end,
        ..Region::default()
    };
    if edits.rewrites.is_empty() && edits.inserts.is_empty() {
        return region;
    }
    // Edits are made parent first; the emitter wants them in line order (a
    // stable sort keeps an inner closer before an outer one inserted at the
    // same line).
    edits.rewrites.sort_by_key(|(line, _)| *line);
    edits.inserts.sort_by_key(|(line, _)| *line);
    if verify(block, tokens, text, &edits, end) {
        region.rewrites = edits.rewrites.into();
        region.inserts = edits.inserts.into();
        edits.repairs.sort_by_key(|r| r.line);
        for repair in edits.repairs {
            repairs.push(repair);
        }
    } else {
        repairs.push(FenceRepair {
            line: open.line + 1,
            kind: FenceRepairKind::Unverified,
        });
    }
    region
}

/// The edits of a block and the repairs they make.
#[derive(Default)]
struct Edits {
    rewrites: Vec<(usize, String)>,
    inserts: Vec<(usize, String)>,
    repairs: Vec<FenceRepair>,
}

fn edit_block(block: &Block, tokens: &Tokens<'_>, line_count: usize, edits: &mut Edits) {
    let open = &tokens[block.open];
    let w = width(block, tokens);
    let fence_chars = String::from_utf8(vec![open.fence.ch; w]).unwrap_or_default();
    let indent = " ".repeat(open.fence.indent);
    let language = open.language;
    if w != open.fence.count || language != open.fence.info {
        edits
            .rewrites
            .push((open.line, format!("{indent}{fence_chars}{language}")));
        if w != open.fence.count {
            edits.repairs.push(FenceRepair {
                line: open.line + 1,
                kind: FenceRepairKind::Widened {
                    from: open.fence.count,
                    to: w,
                },
            });
        }
        if language != open.fence.info {
            edits.repairs.push(FenceRepair {
                line: open.line + 1,
                kind: FenceRepairKind::TrimmedInfo,
            });
        }
    }
    for child in &block.children {
        edit_block(child, tokens, line_count, edits);
    }
    match block.close {
        Closer::Token(t) => {
            let closer = &tokens[t];
            let over_indented = closer.fence.indent > 3;
            if !closer.fence.is_bare() || closer.fence.count < w || over_indented {
                let closer_indent = if over_indented {
                    indent.clone()
                } else {
                    " ".repeat(closer.fence.indent)
                };
                edits
                    .rewrites
                    .push((closer.line, format!("{closer_indent}{fence_chars}")));
                edits.repairs.push(FenceRepair {
                    line: closer.line + 1,
                    kind: FenceRepairKind::FixedCloser,
                });
            }
        }
        Closer::Inserted { at_line, insert_at } => {
            // After the block's last non-blank line, so the blank lines that
            // separated the answer from the next turn stay outside.
            let at = insert_at.max(open.line + 1);
            edits.inserts.push((at, format!("{indent}{fence_chars}")));
            edits.repairs.push(FenceRepair {
                line: at_line.min(line_count.saturating_sub(1)) + 1,
                kind: FenceRepairKind::Closed,
            });
        }
        Closer::None => {}
    }
}

/// Parses the repaired block alone with pulldown-cmark and checks that it is
/// one fenced code block with the intended language whose content is every
/// line between its outer fences: nothing inside closes it early.
fn verify(block: &Block, tokens: &Tokens<'_>, text: &str, edits: &Edits, end: usize) -> bool {
    use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
    let open = &tokens[block.open];
    // One walk over the lines with the edits in line order: looking each
    // line up in the edit lists made a block spanning most of a large file
    // quadratic.
    let mut inserts = edits.inserts.iter().peekable();
    let mut rewrites = edits.rewrites.iter().peekable();
    let mut lines = text[open.offset..].split('\n');
    let mut emitted: Vec<&str> = Vec::with_capacity(end + 1 - open.line + edits.inserts.len());
    for line in open.line..=end {
        while let Some((_, text)) = inserts.next_if(|(at, _)| *at <= line) {
            emitted.push(text);
        }
        if line < end {
            let original = lines.next().unwrap_or("");
            let mut rewritten = None;
            while let Some((_, text)) = rewrites.next_if(|(at, _)| *at <= line) {
                rewritten = rewritten.or(Some(text.as_str()));
            }
            emitted.push(rewritten.unwrap_or(original));
        }
    }
    let mut markdown = emitted.join("\n");
    markdown.push('\n');
    // Sized once, and the parser's text compared piece by piece instead of
    // gathered: growing these was a twentieth of planning a repaired text.
    let mut expected = String::with_capacity(markdown.len());
    for line in emitted.iter().skip(1).take(emitted.len().saturating_sub(2)) {
        let strip = line
            .bytes()
            .take(open.fence.indent)
            .take_while(|&b| b == b' ')
            .count();
        expected.push_str(&line[strip..]);
        expected.push('\n');
    }
    let mut events = Parser::new(&markdown);
    let Some(Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))) = events.next() else {
        return false;
    };
    if info.as_ref() != open.language {
        return false;
    }
    let mut seen = 0;
    for event in events.by_ref() {
        match event {
            Event::Text(text) if expected[seen..].starts_with(text.as_ref()) => seen += text.len(),
            Event::End(TagEnd::CodeBlock) => break,
            _ => return false,
        }
    }
    events.next().is_none() && seen == expected.len()
}
