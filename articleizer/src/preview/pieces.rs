//! The post's Markdown parsed a piece at a time, read as the whole.
//!
//! pulldown-cmark keeps a tree node for every block and inline mark of the
//! text it parses: an article of a million one-line paragraphs took half a
//! gigabyte to preview. The preview parses pieces of at least [`PIECE`]
//! bytes instead, each cut at the line where a top-level block starts (as
//! the renderer's block view finds them,
//! [`crate::render::block_view::top_level_blocks`]): every block before
//! the cut is closed there, and the text after it reads as it does in the
//! whole. What crosses a cut is carried over:
//! - link reference definitions: collected from every piece first (the
//!   first of a label wins, as in one parse); a reference to one in another
//!   piece is resolved by the parser's broken-link callback, and one that a
//!   later definition in its own piece took is given the earlier one;
//! - footnotes: a reference is one only where its definition is known, so a
//!   piece that refers to a footnote defined in another is parsed after a
//!   stand-in definition of it (whose events are dropped); the pieces'
//!   events go to one HTML writer, which numbers footnotes in order of
//!   first use, as for one parse.
//!
//! One difference is left: the parser stops expanding references after as
//! many bytes of targets as the text has (100,000 at least), per piece
//! here; a post past that limit may show more of its references as links.

use pulldown_cmark::{BrokenLink, CowStr, Event, LinkType, OffsetIter, Options, Parser, Tag};
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::rc::Rc;
use unicase::UniCase;

/// How much Markdown is parsed at once, at least (a piece holds whole
/// top-level blocks: one block is parsed whole, however long).
pub(super) const PIECE: usize = 256 * 1024;

/// The pieces of `markdown`, each at least `piece` bytes long (but the last
/// and those of one block), cut at the start of a line where a top-level
/// block starts, unless a line that starts with `[` came since the last
/// blank line: after a link reference definition the line may read as more
/// of the paragraph the definition opened (`2) two` is no list there).
pub(super) fn pieces(markdown: &str, options: Options, piece: usize) -> Vec<Range<usize>> {
    let bytes = markdown.as_bytes();
    let mut out = Vec::new();
    let mut start: usize = 0;
    // How far the lines were looked at, and whether one since the last
    // blank line starts with `[` (each line is looked at once).
    let mut scanned = 0;
    let mut bracket = false;
    crate::render::block_view::top_level_blocks(markdown, options, |block, _| {
        // A top-level block starts its line (after indentation).
        let line = markdown[..block.start]
            .rfind(['\n', '\r'])
            .map_or(0, |n| n + 1);
        while scanned < line {
            let mut end = memchr::memchr2(b'\n', b'\r', &bytes[scanned..line])
                .map_or(line, |n| scanned + n + 1);
            if bytes[end - 1] == b'\r' && bytes.get(end) == Some(&b'\n') {
                end += 1;
            }
            let text = bytes[scanned..end].trim_ascii();
            if text.is_empty() {
                bracket = false;
            } else if text.starts_with(b"[") {
                bracket = true;
            }
            scanned = end;
        }
        if block.start >= start.saturating_add(piece.max(1)) && line > start && !bracket {
            out.push(start..line);
            start = line;
        }
    });
    if start < markdown.len() || out.is_empty() {
        out.push(start..markdown.len());
    }
    out
}

/// A link reference definition, and the piece it is in.
#[derive(Debug)]
pub(super) struct Definition {
    piece: usize,
    dest: String,
    title: String,
}

/// The link reference definitions of a text, by label (as the parser
/// folds them).
pub(super) type Definitions = HashMap<UniCase<String>, Definition>;

/// The link reference definitions of `markdown`, collected piece by piece
/// (the first of a label wins).
pub(super) fn definitions(
    markdown: &str,
    pieces: &[Range<usize>],
    options: Options,
) -> Definitions {
    let mut out = Definitions::new();
    for (n, piece) in pieces.iter().enumerate() {
        let text = &markdown[piece.clone()];
        // Every definition has its label's end and a colon together: a
        // piece without them is not parsed twice.
        if memchr::memmem::find(text.as_bytes(), b"]:").is_none() {
            continue;
        }
        let parser = Parser::new_ext(text, options);
        for (label, def) in parser.reference_definitions().iter() {
            out.entry(UniCase::new(label.to_string()))
                .or_insert_with(|| Definition {
                    piece: n,
                    dest: def.dest.to_string(),
                    title: def.title.as_deref().unwrap_or("").to_string(),
                });
        }
    }
    out
}

/// What closes the stand-in footnote definitions before a piece: a line
/// that ends every block (an HTML comment, closed on its line), so a piece
/// that starts indented is not read as more of the last definition.
const STAND_INS_END: &str = "<!-- -->\n";

/// The text of each piece to parse: the piece itself, or a copy after
/// stand-in definitions of the footnotes it refers to that other pieces
/// define (with how long they are).
pub(super) fn texts(
    markdown: &str,
    pieces: &[Range<usize>],
    options: Options,
) -> Vec<Option<(usize, String)>> {
    let mut defined: HashMap<UniCase<String>, Vec<usize>> = HashMap::new();
    for (n, piece) in pieces.iter().enumerate() {
        let text = &markdown[piece.clone()];
        if memchr::memmem::find(text.as_bytes(), b"[^").is_none() {
            continue;
        }
        for event in Parser::new_ext(text, options) {
            if let Event::Start(Tag::FootnoteDefinition(label)) = event {
                let at = defined.entry(UniCase::new(label.to_string())).or_default();
                if at.last() != Some(&n) {
                    at.push(n);
                }
            }
        }
    }
    pieces
        .iter()
        .enumerate()
        .map(|(n, piece)| {
            let text = &markdown[piece.clone()];
            let mut wanted = HashSet::new();
            let mut stand_ins = String::new();
            for label in footnote_labels(text) {
                let elsewhere = defined.get(&label).is_some_and(|at| !at.contains(&n));
                if elsewhere && wanted.insert(label.clone()) {
                    stand_ins.push_str(&format!("[^{}]: x\n\n", label.as_ref()));
                }
            }
            (!stand_ins.is_empty()).then(|| {
                stand_ins.push_str(STAND_INS_END);
                (stand_ins.len(), stand_ins + text)
            })
        })
        .collect()
}

/// The labels of what may be footnote references in `text` (`[^label]`),
/// folded as the parser folds them.
fn footnote_labels(text: &str) -> impl Iterator<Item = UniCase<String>> + '_ {
    memchr::memmem::find_iter(text.as_bytes(), b"[^").filter_map(move |at| {
        let rest = &text[at + 2..];
        let end = rest.find([']', '['])?;
        if end == 0 || end > 1000 || rest.as_bytes()[end] != b']' {
            return None;
        }
        let label = rest[..end]
            .split_ascii_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        Some(UniCase::new(label))
    })
}

/// The events of `text` (a piece, or one after stand-ins), with their
/// ranges in it; a reference to a definition in another piece resolved.
pub(super) fn parse<'a>(
    text: &'a str,
    options: Options,
    definitions: Rc<Definitions>,
) -> OffsetIter<'a, impl pulldown_cmark::BrokenLinkCallback<'a>> {
    let callback = move |link: BrokenLink<'a>| {
        definitions
            .get(&UniCase::new(link.reference.to_string()))
            .map(|d| (CowStr::from(d.dest.clone()), CowStr::from(d.title.clone())))
    };
    Parser::new_with_broken_link_callback(text, options, Some(callback)).into_offset_iter()
}

/// `event` of piece number `n`, with a reference the piece resolved to its
/// own definition given the one of an earlier piece, which the whole text
/// reads first.
pub(super) fn earliest<'a>(event: Event<'a>, n: usize, definitions: &Definitions) -> Event<'a> {
    if definitions.is_empty() {
        return event;
    }
    let earlier = |id: &str| {
        definitions
            .get(&UniCase::new(id.to_string()))
            .filter(|d| d.piece < n)
    };
    let mut event = event;
    if let Event::Start(
        Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }
        | Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        },
    ) = &mut event
    {
        if is_reference(*link_type) {
            if let Some(d) = earlier(id) {
                *dest_url = d.dest.clone().into();
                *title = d.title.clone().into();
            }
        }
    }
    event
}

/// Whether a link of `link_type` was resolved by a definition of its own
/// piece.
fn is_reference(link_type: LinkType) -> bool {
    matches!(
        link_type,
        LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut
    )
}
