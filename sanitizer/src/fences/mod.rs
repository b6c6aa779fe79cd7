//! Code-fence repair.
//!
//! LLM answers break fenced code in a handful of ways: a three-backtick block
//! nested in a three-backtick ```` ```markdown ```` block (the inner closer
//! closes the outer block), a closer that carries a language
//! (```` ```python ````), a block never closed (it swallows the rest of the
//! article; under Jekyll's kramdown it is not a code block at all and its `#`
//! lines become headings), and multi-word info strings, which kramdown does
//! not accept as fences.
//!
//! The repair works in three steps:
//! 1. [`plan::choose`] reads the top-level fence lines and picks the
//!    structure the writer most plausibly meant (see its table of costs);
//! 2. each block's fence is made wide enough for what it contains (the
//!    outer fence gets one more backtick than any fence inside it),
//!    malformed closers are rewritten, missing ones inserted, info strings
//!    cut to their first word;
//! 3. every block that changed is parsed again with pulldown-cmark, which
//!    must see exactly one fenced block with the intended language and the
//!    original content; a block that fails is left as it was and reported.
//!
//! Only fence lines are ever changed or added: no byte between the fences of
//! a block changes. Fences inside blockquotes and indented contexts (list
//! items) are left alone.

mod history;
pub(crate) mod plan;
pub(crate) mod scan;

use crate::lines::Lines;
use plan::{Decision, Token};
use serde::Serialize;

/// One change the fence repair made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FenceRepair {
    /// 1-based line of the input where the fence is (or, for an inserted
    /// closer, the line it was inserted before).
    pub line: usize,
    /// What was done.
    #[serde(flatten)]
    pub kind: FenceRepairKind,
}

/// The kinds of fence repair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum FenceRepairKind {
    /// An opening fence was made longer so that nested fences cannot close it.
    Widened {
        /// Fence length before.
        from: usize,
        /// Fence length after.
        to: usize,
    },
    /// A closing fence that carried an info string or was too short was rewritten.
    FixedCloser,
    /// A closing fence was inserted for a block left open.
    Closed,
    /// An info string of several words was cut to its first word.
    TrimmedInfo,
    /// A repair could not be verified with pulldown-cmark and was not applied.
    Unverified,
    /// Repairs did not settle on a stable reading; the fences were left as written.
    Unstable,
}

impl FenceRepair {
    /// Whether the repair changed the text (not a note about one left undone).
    pub fn is_applied(&self) -> bool {
        !matches!(
            self.kind,
            FenceRepairKind::Unverified | FenceRepairKind::Unstable
        )
    }
}

/// The fence edits for a document, applied by the pipeline while it writes
/// the output.
#[derive(Debug, Default)]
pub(crate) struct FencePlan {
    /// Replacement text of fence lines that change, sorted by line.
    pub rewrites: Vec<(usize, String)>,
    /// Closing fences to insert before the given line (the line count means
    /// the end of the text), in order.
    pub inserts: Vec<(usize, String)>,
    /// Line ranges `[start, end)` covered by top-level code blocks, fences
    /// included, sorted. Other passes leave these lines alone.
    pub code: Vec<(usize, usize)>,
    /// What was repaired.
    pub repairs: Vec<FenceRepair>,
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
    /// Inserted before this line.
    Inserted(usize),
    /// Left open inside its parent (content of the parent block).
    None,
}

/// Plans the fence repair of `lines[from..]`, given the lines where speaker
/// turns start (sorted).
pub(crate) fn plan(lines: &Lines<'_>, from: usize, turns: &[usize]) -> FencePlan {
    let tokens: Vec<Token<'_>> = (from..lines.len())
        .filter_map(|line| {
            let text = lines.get(line);
            if !text.trim_start_matches(' ').starts_with(['`', '~']) {
                return None;
            }
            scan::top_level_fence(text)
                .or_else(|| scan::over_indented_closer(text))
                .map(|fence| Token { line, fence })
        })
        .collect();
    if tokens.is_empty() {
        return FencePlan::default();
    }
    let turns: Vec<plan::TurnLine> = turns
        .iter()
        .map(|&line| plan::TurnLine {
            line,
            starts_paragraph: line == 0 || lines.is_blank(line - 1),
        })
        .collect();
    let decisions = plan::choose(&tokens, &turns, lines.len());
    let blocks = build_blocks(&decisions);
    let mut out = FencePlan::default();
    for block in &blocks {
        apply_block(block, &tokens, lines, &mut out);
    }
    out.rewrites.sort_by_key(|(line, _)| *line);
    out.inserts.sort_by_key(|(line, _)| *line);
    out.repairs.sort_by_key(|r| r.line);
    out
}

/// Replays the decisions into a tree of blocks.
fn build_blocks(decisions: &[Decision]) -> Vec<Block> {
    let mut done = Vec::new();
    let mut stack: Vec<Block> = Vec::new();
    let finish =
        |stack: &mut Vec<Block>, done: &mut Vec<Block>, mut block: Block, close: Closer| {
            block.close = close;
            match stack.last_mut() {
                Some(parent) => parent.children.push(block),
                None => done.push(block),
            }
        };
    for decision in decisions {
        match *decision {
            Decision::Open(token) | Decision::Nested(token) => stack.push(Block {
                open: token,
                close: Closer::None,
                children: Vec::new(),
            }),
            Decision::Content(_) => {}
            Decision::Close { token, levels } => {
                for _ in 1..levels {
                    if let Some(inner) = stack.pop() {
                        finish(&mut stack, &mut done, inner, Closer::None);
                    }
                }
                if let Some(block) = stack.pop() {
                    finish(&mut stack, &mut done, block, Closer::Token(token));
                }
            }
            Decision::CloseAll { at_line } => {
                while let Some(block) = stack.pop() {
                    finish(&mut stack, &mut done, block, Closer::Inserted(at_line));
                }
            }
        }
    }
    done
}

/// The fence length a block needs: at least its own, and one more than every
/// same-character fence nested in it (a shorter or equal bare fence inside
/// would close it).
fn width(block: &Block, tokens: &[Token<'_>]) -> usize {
    let own = tokens[block.open as usize].fence.count;
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
fn effective_width(block: &Block, tokens: &[Token<'_>]) -> usize {
    let w = width(block, tokens);
    match block.close {
        Closer::Token(t) if tokens[t as usize].fence.is_bare() => {
            w.max(tokens[t as usize].fence.count)
        }
        _ => w,
    }
}

/// Plans the edits of one top-level block and verifies them.
fn apply_block(block: &Block, tokens: &[Token<'_>], lines: &Lines<'_>, out: &mut FencePlan) {
    let mut rewrites = Vec::new();
    let mut inserts = Vec::new();
    let mut repairs = Vec::new();
    edit_block(
        block,
        tokens,
        lines,
        &mut rewrites,
        &mut inserts,
        &mut repairs,
    );
    let open_line = tokens[block.open as usize].line;
    let end = match block.close {
        Closer::Token(t) => tokens[t as usize].line + 1,
        Closer::Inserted(_) | Closer::None => inserts.last().map_or(lines.len(), |(at, _)| *at),
    };
    out.code.push((open_line, end));
    if rewrites.is_empty() && inserts.is_empty() {
        return;
    }
    if verify(block, tokens, lines, &rewrites, &inserts, end) {
        out.rewrites.extend(rewrites);
        out.inserts.extend(inserts);
        out.repairs.extend(repairs);
    } else {
        out.repairs.push(FenceRepair {
            line: open_line + 1,
            kind: FenceRepairKind::Unverified,
        });
    }
}

fn edit_block(
    block: &Block,
    tokens: &[Token<'_>],
    lines: &Lines<'_>,
    rewrites: &mut Vec<(usize, String)>,
    inserts: &mut Vec<(usize, String)>,
    repairs: &mut Vec<FenceRepair>,
) {
    let open = &tokens[block.open as usize];
    let w = width(block, tokens);
    let fence_chars = String::from_utf8(vec![open.fence.ch; w]).unwrap_or_default();
    let indent = " ".repeat(open.fence.indent);
    let language = open.fence.language();
    if w != open.fence.count || language != open.fence.info {
        rewrites.push((open.line, format!("{indent}{fence_chars}{language}")));
        if w != open.fence.count {
            repairs.push(FenceRepair {
                line: open.line + 1,
                kind: FenceRepairKind::Widened {
                    from: open.fence.count,
                    to: w,
                },
            });
        }
        if language != open.fence.info {
            repairs.push(FenceRepair {
                line: open.line + 1,
                kind: FenceRepairKind::TrimmedInfo,
            });
        }
    }
    for child in &block.children {
        edit_block(child, tokens, lines, rewrites, inserts, repairs);
    }
    match block.close {
        Closer::Token(t) => {
            let closer = &tokens[t as usize];
            let over_indented = closer.fence.indent > 3;
            if !closer.fence.is_bare() || closer.fence.count < w || over_indented {
                let closer_indent = if over_indented {
                    indent.clone()
                } else {
                    " ".repeat(closer.fence.indent)
                };
                rewrites.push((closer.line, format!("{closer_indent}{fence_chars}")));
                repairs.push(FenceRepair {
                    line: closer.line + 1,
                    kind: FenceRepairKind::FixedCloser,
                });
            }
        }
        Closer::Inserted(before) => {
            // Close after the block's last non-blank line, so the blank lines
            // that separated the answer from the next turn stay outside.
            let mut at = before;
            while at > open.line + 1 && lines.is_blank(at - 1) {
                at -= 1;
            }
            inserts.push((at, format!("{indent}{fence_chars}")));
            repairs.push(FenceRepair {
                line: before.min(lines.len().saturating_sub(1)) + 1,
                kind: FenceRepairKind::Closed,
            });
        }
        Closer::None => {}
    }
}

/// Parses the repaired block alone with pulldown-cmark and checks that it is
/// one fenced code block with the intended language whose content is every
/// line between its outer fences: nothing inside closes it early.
fn verify(
    block: &Block,
    tokens: &[Token<'_>],
    lines: &Lines<'_>,
    rewrites: &[(usize, String)],
    inserts: &[(usize, String)],
    end: usize,
) -> bool {
    use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
    let open = &tokens[block.open as usize];
    // One walk over the lines with the edits in line order (a stable sort
    // keeps an inner closer before an outer one inserted at the same line):
    // looking each line up in the edit lists made a block spanning most of
    // a large file quadratic.
    let mut inserts: Vec<&(usize, String)> = inserts.iter().collect();
    inserts.sort_by_key(|(at, _)| *at);
    let mut inserts = inserts.into_iter().peekable();
    let mut rewrites: Vec<&(usize, String)> = rewrites.iter().collect();
    rewrites.sort_by_key(|(at, _)| *at);
    let mut rewrites = rewrites.into_iter().peekable();
    let mut emitted: Vec<&str> = Vec::new();
    for line in open.line..=end {
        while let Some((_, text)) = inserts.next_if(|(at, _)| *at <= line) {
            emitted.push(text);
        }
        if line < end {
            let mut rewritten = None;
            while let Some((_, text)) = rewrites.next_if(|(at, _)| *at <= line) {
                rewritten = rewritten.or(Some(text.as_str()));
            }
            emitted.push(rewritten.unwrap_or_else(|| lines.get(line)));
        }
    }
    let mut markdown = emitted.join("\n");
    markdown.push('\n');
    let mut expected = String::new();
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
    if info.as_ref() != open.fence.language() {
        return false;
    }
    let mut seen = String::new();
    for event in events.by_ref() {
        match event {
            Event::Text(text) => seen.push_str(&text),
            Event::End(TagEnd::CodeBlock) => break,
            _ => return false,
        }
    }
    events.next().is_none() && seen == expected
}

/// The code regions CommonMark itself sees, for when repair is switched off:
/// the line passes still must not touch code.
pub(crate) fn commonmark_regions(lines: &Lines<'_>, from: usize) -> FencePlan {
    let mut plan = FencePlan::default();
    let mut open: Option<(usize, u8, usize)> = None;
    for line in from..lines.len() {
        let Some(fence) = scan::top_level_fence(lines.get(line)) else {
            continue;
        };
        match open {
            None => open = Some((line, fence.ch, fence.count)),
            Some((start, ch, count)) => {
                if fence.ch == ch && fence.count >= count && fence.is_bare() {
                    plan.code.push((start, line + 1));
                    open = None;
                }
            }
        }
    }
    if let Some((start, _, _)) = open {
        plan.code.push((start, lines.len()));
    }
    plan
}
