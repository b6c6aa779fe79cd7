//! The front matter's words: title and description.

use super::phrases::Phrase;
use super::read::{sentences, Kind};
use super::terms::{for_each_word, stem_id, stem_into, title_case};
use super::words::{cut, list};
use super::Reading;
use std::collections::{HashMap, HashSet};

/// The article's own first line when it reads like a title, else one a
/// person might write from its leading key phrases: the first, then up to
/// three more that share no word with it or each other, within about 70
/// characters (`Nix Flakes: JupyterLab, macOS and Development
/// Environments`), the phrases ranked by where the writer puts them
/// ([`Places`]).
///
/// Why not the lead's thesis sentence compressed to a title: measured on
/// the 100 corpus posts against the published titles (title word recall;
/// these phrases gave 0.251 then), the published title words are 0.30 of
/// the first paragraph's, 0.43 of the first three's and 0.89 of the whole
/// article's; the most central of the first five sentences holds 0.23
/// of them whole (18 content words, no title), 0.30 after the subject
/// phrase; cut to 60 characters at a word 0.18, and its best clause
/// (fillers dropped, 3 to 9 words) 0.15, reading as a fragment (`Nix
/// Flake: still have time for a coffee break`). A writer's chatty lead is
/// not a thesis a title can be cut from without a parser.
///
/// Why not a longer title: the published titles have 4.7 content words
/// (median 4), these 6.45 (median 6) already; a seventh and eighth word
/// would buy recall with precision (0.19 of these titles' words are in
/// the published title, 0.30 of the first phrase's, 0.08 of the fourth's).
pub(super) fn title(reading: &Reading) -> String {
    if reading.first_block_is_title {
        if let Some(first) = reading.blocks.first() {
            return first.text.trim_start_matches('#').trim().to_string();
        }
    }
    // A single word names a subject when the writer writes it as a name
    // (`Amiga`, `NixOS`, `LLM`); a common one (`easy`, `time`, `start`)
    // reads as a stray word in a title.
    let candidates: Vec<&Phrase> = reading
        .phrases
        .iter()
        .filter(|p| p.words.len() > 1 || p.words.iter().any(|w| w.chars().any(char::is_uppercase)))
        .collect();
    let places = Places::of(reading, &candidates);
    // The subject, which the title opens with, is the phrase the writer
    // names early (its score, doubled when the opening holds it): the
    // closing and the writer's share pick the phrases listed after it,
    // and would put a side subject first (`Windows: FastHTML, ...`).
    let subject = candidates.iter().enumerate().fold(None, |best, (i, &p)| {
        let weight = p.score * places.opening(p);
        match best {
            Some((_, top)) if top >= weight => best,
            _ => Some((i, weight)),
        }
    });
    let mut ranked: Vec<(&Phrase, f64)> = candidates
        .iter()
        .enumerate()
        .filter(|(i, _)| subject.is_none_or(|(s, _)| s != *i))
        .map(|(_, &p)| (p, p.score * places.weight(p)))
        .collect();
    // Stable: equal weights keep the phrases' own order.
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mut picked: Vec<&Phrase> = subject.map(|(i, _)| candidates[i]).into_iter().collect();
    let mut length = picked.first().map_or(0, |p| p.text().chars().count() + 2);
    for (phrase, _) in ranked {
        if picked.len() == 4 {
            break;
        }
        let fits = length + phrase.text().chars().count() <= 64;
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

/// Where the title's candidate phrases are written, by stem: in the
/// opening (the first three paragraphs), in the closing (the last two),
/// and how often in the writer's own text rather than a quoted
/// assistant's.
///
/// Measured on the 100 corpus posts, as the share of the 30 leading
/// subject phrases that hold a word of the published title (0.096 of all): 0.15
/// of those the opening names (0.07 of the rest), 0.23 of those the
/// closing names (0.08), 0.11 of those mostly in the writer's turns (0.08
/// mostly in an assistant's); a writer's own headings hardly tell (0.10
/// against 0.09), and names already weigh more in a phrase's score. A
/// writer states the subject at the start and again at the end; an
/// assistant's long answers repeat the words of its own explanations.
/// The weights ([`Places::weight`]) are round numbers, checked on either
/// half of the posts (even and odd places): title word recall 0.251 and
/// 0.268, from 0.250 and 0.253 by the phrase's score and opening alone
/// (precision 0.176 and 0.209, from 0.181 and 0.201). A small gain: no
/// weighing of these places, of the writer's headings or of names gave
/// more than 0.27 at this length (nor did single words ranked by them: the
/// best six of each post hold 0.27 of its title's words).
struct Places {
    opening: HashSet<u64>,
    closing: HashSet<u64>,
    /// Occurrences of each candidate stem in the writer's text, and in
    /// the other voices'.
    writer: HashMap<u64, usize>,
    others: HashMap<u64, usize>,
}

impl Places {
    /// The places of the stems of `candidates` in `reading`: one pass over
    /// the text, counting only those stems.
    fn of(reading: &Reading, candidates: &[&Phrase]) -> Self {
        let wanted: HashSet<u64> = candidates
            .iter()
            .flat_map(|p| p.stems.iter().map(|s| stem_id(s)))
            .collect();
        let mut stemmed = String::new();
        let mut stems_of = |texts: &mut dyn Iterator<Item = &str>| {
            let mut found = HashSet::new();
            for text in texts {
                each_wanted(text, &wanted, &mut stemmed, |id| {
                    found.insert(id);
                });
            }
            found
        };
        let prose: Vec<&str> = reading.blocks.iter().filter_map(|b| b.prose()).collect();
        let opening = stems_of(&mut prose.iter().copied().take(3));
        let closing = stems_of(&mut prose.iter().copied().rev().take(2));
        // The writer's text: before the first turn, and in the turns of
        // the author, whose labels the recognizer writes as this name
        // (`Me` for `User:`, `Human:`...); a turn lasts until the next.
        let author = sanitizer::SpeakerOptions::default().author;
        let (mut writer, mut others) = (HashMap::new(), HashMap::new());
        let mut by_writer = true;
        for block in &reading.blocks {
            if let Some(speaker) = &block.speaker {
                by_writer = **speaker == *author;
            }
            if block.kind == Kind::Reasoning {
                continue;
            }
            let counts = if by_writer { &mut writer } else { &mut others };
            each_wanted(&block.text, &wanted, &mut stemmed, |id| {
                *counts.entry(id).or_insert(0) += 1;
            });
        }
        Places {
            opening,
            closing,
            writer,
            others,
        }
    }

    /// 2 when the opening holds all the words of `phrase`, else 1.
    fn opening(&self, phrase: &Phrase) -> f64 {
        if Self::all_in(phrase, &self.opening) {
            2.0
        } else {
            1.0
        }
    }

    fn all_in(phrase: &Phrase, set: &HashSet<u64>) -> bool {
        phrase.stems.iter().all(|s| set.contains(&stem_id(s)))
    }

    /// What a phrase's score is multiplied by: [`Places::opening`], times 3
    /// when the closing holds all its words, times 1.5 to the power 2s - 1
    /// for the share s of its words' occurrences that are the writer's
    /// (smoothed: (w + 1) / (w + o + 2)), from 1/1.5 for an assistant's
    /// words to 1.5 for the writer's.
    fn weight(&self, phrase: &Phrase) -> f64 {
        let count = |map: &HashMap<u64, usize>| -> f64 {
            phrase
                .stems
                .iter()
                .map(|s| map.get(&stem_id(s)).copied().unwrap_or(0) as f64)
                .sum()
        };
        let (by_writer, by_others) = (count(&self.writer), count(&self.others));
        let share = (by_writer + 1.0) / (by_writer + by_others + 2.0);
        let closing = if Self::all_in(phrase, &self.closing) {
            3.0
        } else {
            1.0
        };
        self.opening(phrase) * closing * 1.5f64.powf(2.0 * share - 1.0)
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

/// Calls `each` with the stem number of every word of `text` that is in
/// `wanted`: every word, not only the terms, since a phrase's word may be
/// a two-letter acronym (`AI`) that is no term elsewhere.
fn each_wanted(text: &str, wanted: &HashSet<u64>, stemmed: &mut String, mut each: impl FnMut(u64)) {
    for_each_word(text, |_, lower| {
        stem_into(lower, stemmed);
        let id = stem_id(stemmed);
        if wanted.contains(&id) {
            each(id);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::super::{OfflineOptions, Reading};
    use super::*;

    fn reading(article: &str) -> Reading {
        Reading::of(article, &OfflineOptions::default())
    }

    fn phrase<'a>(reading: &'a Reading, text: &str) -> &'a Phrase {
        reading
            .phrases
            .iter()
            .find(|p| p.text().eq_ignore_ascii_case(text))
            .unwrap_or_else(|| panic!("no phrase {text:?} in {:?}", reading.phrases))
    }

    fn weights(reading: &Reading, texts: [&str; 2]) -> [f64; 2] {
        let phrases = texts.map(|t| phrase(reading, t));
        let places = Places::of(reading, &phrases);
        phrases.map(|p| places.weight(p))
    }

    #[test]
    fn the_opening_and_the_closing_weigh_a_phrase_and_the_subject_comes_first() {
        let article = "The borrow checker rejected my parser again this morning.\n\n\
            Coffee first, then a walk around the block.\n\n\
            The weather was grey and the streets were quiet.\n\n\
            The memory layout of a struct decides its size; the memory layout of an enum adds a tag.\n\n\
            I read how the memory layout changes with padding, and why the borrow checker cares less.\n\n\
            Reordering the fields shrank the memory layout by a third.\n\n\
            Lunch was late.\n\n\
            In the end the borrow checker was right about my parser.\n";
        let reading = reading(article);
        let [named, middle] = weights(&reading, ["borrow checker", "memory layout"]);
        // 2 for the opening, 3 for the closing; both all the writer's.
        assert!(named > 5.0 * middle, "{named} vs {middle}");
        assert!(
            title(&reading).starts_with("Borrow Checker"),
            "{}",
            title(&reading)
        );
    }

    #[test]
    fn the_writers_words_weigh_more_than_an_assistants() {
        let article = "A quiet start to the day.\n\n\
            Coffee first, then a walk around the block.\n\n\
            The weather was grey and the streets were quiet.\n\n\
            Me: My sourdough starter smells of glue. Is the sourdough starter dead, or is my sourdough starter only hungry?\n\n\
            Claude: A yeast colony that smells of glue is hungry. Feed the yeast colony twice a day, and the yeast colony recovers in a week.\n\n\
            Nothing else to add.\n\n\
            Good luck with the bread.\n";
        let reading = reading(article);
        let [writer, assistant] = weights(&reading, ["sourdough starter", "yeast colony"]);
        assert!(writer > 1.0 && assistant < 1.0, "{writer} vs {assistant}");
    }
}
