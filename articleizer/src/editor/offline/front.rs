//! The front matter's words: title and description.

use super::read::{sentences, without_label};
use super::words::{capitalize, cut, list};
use super::Reading;

/// The first block when it reads like a title, else one from the top terms.
pub(super) fn title(reading: &Reading) -> String {
    if reading.first_block_is_title {
        let first = reading
            .blocks
            .iter()
            .find_map(|b| b.prose.as_deref())
            .unwrap_or("");
        first.trim_start_matches('#').trim().to_string()
    } else {
        let top: Vec<String> = reading.top.iter().map(|w| capitalize(w)).collect();
        format!("Notes on {}", list(&top))
    }
}

/// The article's first real sentences (at most six), past the title.
pub(super) fn opening(reading: &Reading) -> Vec<&str> {
    reading
        .blocks
        .iter()
        .skip(usize::from(reading.first_block_is_title))
        .filter_map(|b| {
            b.prose
                .as_deref()
                .map(|p| without_label(p, b.speaker.as_deref()))
        })
        // Real sentences, not leftover headings or chat-UI lines.
        .filter(|p| p.split_whitespace().count() >= 8)
        .flat_map(sentences)
        .take(6)
        .collect()
}

/// The opening prose, 100 to 160 characters.
pub(super) fn description(reading: &Reading, opening: &[&str]) -> String {
    let mut description = String::new();
    for sentence in opening {
        if description.chars().count() >= 100 {
            break;
        }
        if !description.is_empty() {
            description.push(' ');
        }
        description.push_str(sentence);
    }
    if description.chars().count() < 100 {
        description = format!(
            "{description} A technical journal entry on {}, drafted by the offline editor.",
            reading.top_list()
        )
        .trim()
        .to_string();
    }
    while description.chars().count() < 100 {
        description.push_str(" Written as a working session.");
    }
    cut(&description, 160)
}
