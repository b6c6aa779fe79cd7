//! The front matter's words: title and description.

use super::phrases::Phrase;
use super::read::{sentences, Kind};
use super::terms::title_case;
use super::words::{cut, list};
use super::Reading;

/// The article's own first line when it reads like a title, else one a
/// person might write from its leading key phrases, those the opening
/// names first: the first, then up to three more that share no word with
/// it or each other, within about 70 characters (`Nix Flakes: JupyterLab,
/// macOS and Development Environments`).
///
/// Why not the lead's thesis sentence compressed to a title: measured on
/// the 100 corpus posts against the published titles (title word recall;
/// these phrases give 0.251), the published title words are 0.30 of the
/// first paragraph's, 0.43 of the first three's and 0.89 of the whole
/// article's; the most central of the first five sentences holds 0.23
/// of them whole (18 content words, no title), 0.30 after the subject
/// phrase; cut to 60 characters at a word 0.18, and its best clause
/// (fillers dropped, 3 to 9 words) 0.15, reading as a fragment (`Nix
/// Flake: still have time for a coffee break`). A writer's chatty lead is
/// not a thesis a title can be cut from without a parser.
pub(super) fn title(reading: &Reading) -> String {
    if reading.first_block_is_title {
        if let Some(first) = reading.blocks.first() {
            return first.text.trim_start_matches('#').trim().to_string();
        }
    }
    // The phrases the opening states first: a writer names the subject
    // early.
    let opening: String = reading
        .blocks
        .iter()
        .filter_map(|b| b.prose())
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    // A single word names a subject when the writer writes it as a name
    // (`Amiga`, `NixOS`, `LLM`); a common one (`easy`, `time`, `start`)
    // reads as a stray word in a title.
    let mut ranked: Vec<&Phrase> = reading
        .phrases
        .iter()
        .filter(|p| p.words.len() > 1 || p.words.iter().any(|w| w.chars().any(char::is_uppercase)))
        .collect();
    let weight = |p: &Phrase| {
        let opens = p.words.iter().all(|w| opening.contains(&w.to_lowercase()));
        p.score * if opens { 2.0 } else { 1.0 }
    };
    ranked.sort_by(|a, b| weight(b).total_cmp(&weight(a)));
    let mut picked: Vec<&Phrase> = Vec::new();
    let mut length = 0;
    for phrase in ranked {
        if picked.len() == 4 {
            break;
        }
        let fits = picked.is_empty() || length + phrase.text().chars().count() <= 64;
        if fits
            && picked
                .iter()
                .all(|p| p.stems.iter().all(|s| !phrase.stems.contains(s)))
        {
            length += phrase.text().chars().count() + 2;
            picked.push(phrase);
        }
    }
    let shown: Vec<String> = picked.iter().map(|p| title_case(&p.text())).collect();
    match shown.as_slice() {
        [] => "An Untitled Journal Entry".to_string(),
        [one] => one.clone(),
        [one, two] => format!("{one} and {two}"),
        [one, rest @ ..] => format!("{one}: {}", list(rest)),
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
            // Whole sentences only: the text may end mid-sentence (a
            // context file's excerpt is cut at a length).
            (6..=60).contains(&words)
                && s.trim_end_matches(['"', '”', '’', ')', '*'])
                    .ends_with(['.', '!', '?'])
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
            description = match reading.top_list(3) {
                Some(top) => format!("A technical journal entry on {top}."),
                None => "A technical journal entry.".to_string(),
            };
        }
    }
    cut(&description, 160)
}
