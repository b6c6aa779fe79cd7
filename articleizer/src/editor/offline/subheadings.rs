//! Where the offline editor puts subheadings: before the turns of the
//! conversation, else at paragraph breaks; each after a verbatim snippet.

use super::read::{sentences, snippet_source, without_label, Block};
use super::{Reading, TooShort};
use crate::instructions::Subheading;
use serde_json::Map;

/// Four to seven subheadings spread evenly over the places one may go.
pub(super) fn place(reading: &Reading) -> Result<Vec<Subheading>, TooShort> {
    let anchors = anchors(reading);
    if anchors.len() < 4 {
        return Err(TooShort {
            found: anchors.len() + 1,
        });
    }
    let wanted = anchors.len().clamp(4, 7);
    Ok((0..wanted)
        .map(|k| anchors[k * anchors.len() / wanted])
        .map(|i| subheading(&reading.blocks, i))
        .collect())
}

/// The blocks a subheading may follow: the block before each turn (a
/// heading there opens the next turn); then, if that is not enough,
/// paragraph breaks, except after a paragraph that introduces what
/// follows ("looks like this:") or right before code.
fn anchors(reading: &Reading) -> Vec<usize> {
    let blocks = &reading.blocks;
    let title_blocks = usize::from(reading.first_block_is_title);
    let mut anchors: Vec<usize> = (1..blocks.len())
        .filter(|&i| {
            blocks[i].speaker.is_some()
                && i > title_blocks
                && !blocks[i - 1].source.trim().is_empty()
        })
        .map(|i| i - 1)
        .collect();
    if anchors.len() < 4 {
        let paragraphs = (0..blocks.len()).filter(|&i| blocks[i].prose.is_some());
        anchors.extend(
            paragraphs
                .filter(|&i| i >= title_blocks && i + 1 < blocks.len() && !blocks[i + 1].is_code)
                .filter(|&i| {
                    !blocks[i]
                        .prose
                        .as_deref()
                        .unwrap_or("")
                        .trim_end()
                        .ends_with(':')
                }),
        );
        anchors.sort_unstable();
        anchors.dedup();
    }
    anchors
}

/// The subheading after block `i`: its last twelve words as the snippet,
/// the next block's first words as the heading.
fn subheading(blocks: &[Block], i: usize) -> Subheading {
    let source = snippet_source(&blocks[i]);
    let words: Vec<&str> = source.split_whitespace().collect();
    let snippet = words[words.len().saturating_sub(12)..].join(" ");
    let next = &blocks[i + 1..];
    // The first block after the anchor with words of its own (a turn
    // label alone on its line has none).
    let following = next.iter().find(|b| {
        b.prose
            .as_deref()
            .is_some_and(|p| !without_label(p, b.speaker.as_deref()).trim().is_empty())
    });
    let heading = following.map_or_else(
        || "Continued".to_string(),
        |b| {
            let text = without_label(b.prose.as_deref().unwrap_or(""), b.speaker.as_deref());
            let first_sentence = sentences(text).into_iter().next().unwrap_or("Continued");
            let short: Vec<&str> = first_sentence.split_whitespace().take(8).collect();
            let short = short
                .join(" ")
                .trim_end_matches(['.', ',', ':', ';', '!', '?'])
                .to_string();
            match next.first().and_then(|b| b.speaker.as_ref()) {
                Some(name) => format!("{name}: {short}"),
                None => short,
            }
        },
    );
    Subheading {
        subheading: format!("## {heading}"),
        after_text_snippet: snippet,
        extra: Map::new(),
    }
}
