//! A tweet counted as X counts it (twitter-text, configuration v3).
//!
//! The text is normalized (NFC); each code point then weighs 1 when it is
//! in the light ranges (U+0000-U+10FF, U+2000-U+200D, U+2010-U+201F,
//! U+2032-U+2037: Latin, Greek, Cyrillic, Hebrew, Arabic and the like,
//! general punctuation) and 2 otherwise (CJK, most emoji); an emoji
//! sequence (with its joiners, variation selectors and skin tones) weighs
//! 2 as a whole; every URL weighs 23, whatever its length, as t.co
//! shortens it. The limit is 280.

use unicode_normalization::UnicodeNormalization;

/// The most a tweet may weigh.
pub const LIMIT: usize = 280;
/// What a URL weighs, shortened.
const URL_WEIGHT: usize = 23;

/// The weighted length of `tweet`, as X counts it.
pub fn weighted_length(tweet: &str) -> usize {
    let text: String = tweet.nfc().collect();
    let mut total = 0;
    for (n, word) in text.split(' ').enumerate() {
        if n > 0 {
            total += 1;
        }
        total += word_weight(word);
    }
    total
}

/// A space-free run of `text`: a URL (with the punctuation that ends a
/// sentence after it weighed apart), or characters.
fn word_weight(word: &str) -> usize {
    let bare = word.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '"', '\'']);
    let start = bare.find("http://").or_else(|| bare.find("https://"));
    if let Some(start) = start {
        return characters_weight(&word[..start])
            + URL_WEIGHT
            + characters_weight(&word[bare.len()..]);
    }
    characters_weight(word)
}

fn characters_weight(text: &str) -> usize {
    let mut total = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if !is_emoji(c) {
            total += if is_light(c) { 1 } else { 2 };
            continue;
        }
        // One emoji with its variation selectors and skin tones, and each
        // emoji joined to it after a zero-width joiner: two in all.
        total += 2;
        loop {
            match chars.peek() {
                Some('\u{FE0E}' | '\u{FE0F}' | '\u{1F3FB}'..='\u{1F3FF}') => {
                    chars.next();
                }
                Some('\u{200D}') => {
                    chars.next();
                    if chars.peek().is_some_and(|n| is_emoji(*n)) {
                        chars.next();
                    }
                }
                _ => break,
            }
        }
    }
    total
}

fn is_light(c: char) -> bool {
    matches!(c as u32, 0..=0x10FF | 0x2000..=0x200D | 0x2010..=0x201F | 0x2032..=0x2037)
}

fn is_emoji(c: char) -> bool {
    matches!(c as u32, 0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_text_counts_one_a_character() {
        assert_eq!(weighted_length("Hello, world"), 12);
        assert_eq!(weighted_length("café"), 4);
        // Decomposed, normalized first: still four.
        assert_eq!(weighted_length("cafe\u{301}"), 4);
    }

    #[test]
    fn urls_count_twenty_three() {
        assert_eq!(
            weighted_length("Read it: https://example.com/futureproof/a-very-long-slug-indeed/"),
            9 + 23
        );
        assert_eq!(weighted_length("(https://example.com/x)."), 1 + 23 + 2);
    }

    #[test]
    fn wide_scripts_and_emoji_count_two() {
        assert_eq!(weighted_length("日本"), 4);
        assert_eq!(weighted_length("🐦"), 2);
        // A family of four joined is one emoji.
        assert_eq!(weighted_length("👨\u{200D}👩\u{200D}👧\u{200D}👦"), 2);
        assert_eq!(weighted_length("👍🏽"), 2);
    }
}
