//! The front matter's words: title and description.

use super::read::{sentences, Kind};
use super::terms::title_case;
use super::words::cut;
use super::Reading;

/// The article's own first line when it reads like a title, else one made
/// of its two leading key phrases.
pub(super) fn title(reading: &Reading) -> String {
    if reading.first_block_is_title {
        if let Some(first) = reading.blocks.first() {
            return first.text.trim_start_matches('#').trim().to_string();
        }
    }
    match reading.keywords.as_slice() {
        [] => "An Untitled Journal Entry".to_string(),
        [one] => title_case(one),
        [one, two, ..] => format!("{}: {}", title_case(one), title_case(two)),
    }
}

/// The most central sentence of the prose (TextRank), with the next most
/// central when it is short; 100 to 160 characters where the text allows.
pub(super) fn description(reading: &Reading) -> String {
    let candidates: Vec<&str> = reading
        .blocks
        .iter()
        .filter(|b| b.kind == Kind::Paragraph)
        .flat_map(|b| sentences(&b.text))
        .filter(|s| {
            let words = s.split_whitespace().count();
            (6..=60).contains(&words) && !s.ends_with(':')
        })
        .collect();
    let ranked = super::rank::rank(&candidates);
    let mut description = String::new();
    for &i in &ranked {
        let sentence = candidates[i];
        let length = sentence.chars().count();
        if description.is_empty() {
            if length <= 160 || ranked.len() == 1 {
                description.push_str(sentence);
            }
        } else if description.chars().count() + 1 + length <= 160 {
            description.push(' ');
            description.push_str(sentence);
        }
        if description.chars().count() >= 100 {
            break;
        }
    }
    if description.is_empty() {
        if let Some(&best) = ranked.first() {
            description = candidates[best].to_string();
        } else {
            description = format!("A technical journal entry on {}.", reading.top_list(3));
        }
    }
    cut(&description, 160)
}
