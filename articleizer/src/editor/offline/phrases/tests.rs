//! The tests of `phrases.rs`.

use super::*;

/// The key phrases as keywords.
fn terms(texts: &[&str], n: usize) -> Vec<Phrase> {
    key_phrases(texts, n, &BTreeSet::new()).terms
}

#[test]
fn key_phrases_add_a_new_word_each() {
    let text = "The bunny cache. Bunnies love the cache. A bunny cache again. Static sites and static site builders.";
    let phrases = terms(&[text], 5);
    let mut seen = BTreeSet::new();
    for phrase in &phrases {
        assert!(
            phrase.stems.iter().any(|s| seen.insert(s.clone())),
            "{phrase:?} adds nothing"
        );
    }
    assert_eq!(phrases[0].text(), "bunny cache");
}

#[test]
fn names_and_acronyms_keep_their_case() {
    let text = "We moved the blog to NixOS. Then NixOS ran FastHTML on HBM memory. NixOS and FastHTML again, with HBM.";
    let phrases = terms(&[text, text], 6);
    let shown: Vec<String> = phrases.iter().map(Phrase::text).collect();
    assert!(shown.iter().any(|p| p.contains("NixOS")), "{shown:?}");
    assert!(shown.iter().any(|p| p.contains("FastHTML")), "{shown:?}");
    assert!(shown.iter().any(|p| p.contains("HBM")), "{shown:?}");
}

#[test]
fn a_two_letter_acronym_is_a_term_and_a_pronoun_is_not() {
    let text = "AI writes drafts. We let AI help us. AI again, for us. It is AI.";
    let phrases = terms(&[text], 3);
    assert_eq!(phrases[0].text(), "AI");
    assert!(phrases.iter().all(|p| p.text() != "us"), "{phrases:?}");
}

#[test]
fn a_sentence_start_does_not_make_a_name() {
    let text = "Caching helps. We like caching a lot. Caching again. More caching here.";
    let phrases = terms(&[text], 3);
    assert_eq!(phrases[0].text(), "caching");
}

#[test]
fn the_bound_forgets_the_rarest_and_keeps_the_frequent() {
    let mut map: HashMap<usize, usize> = (0..=MAX_COUNTED).map(|k| (k, k % 7)).collect();
    map.insert(usize::MAX, 1000);
    let before = map.clone();
    bound(&mut map, |&c| c);
    assert!(map.len() <= MAX_COUNTED / 2, "{}", map.len());
    assert_eq!(map.get(&usize::MAX), Some(&1000));
    // Whatever stays is more frequent than whatever went.
    let least_kept = map.values().copied().min().unwrap_or(0);
    let most_gone = before
        .iter()
        .filter(|(k, _)| !map.contains_key(k))
        .map(|(_, &c)| c)
        .max()
        .unwrap_or(0);
    assert!(least_kept > most_gone, "{least_kept} {most_gone}");
}

#[test]
fn a_frequent_phrase_is_found_among_millions_of_distinct_words() {
    let mut text = String::from("The restic backup runs nightly. ");
    for i in 0..(MAX_COUNTED * 2) {
        text.push_str(&format!("w{i:x} "));
        if i % 5000 == 0 {
            text.push_str(". The restic backup runs nightly. ");
        }
    }
    let phrases = terms(&[&text], 3);
    assert!(
        phrases.iter().any(|p| p.text() == "restic backup"),
        "{phrases:?}"
    );
}

#[test]
fn a_phrase_seen_once_is_no_key_phrase() {
    let text = "Rust rust rust. A purple elephant rust. Rust again.";
    let phrases = terms(&[text], 5);
    assert!(phrases.iter().all(|p| p.words.len() == 1), "{phrases:?}");
}
