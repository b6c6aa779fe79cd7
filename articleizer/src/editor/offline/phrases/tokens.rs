//! The words of a text as key phrases read them: runs split at
//! punctuation, each word with its lower-case form and whether it starts
//! a sentence.

use super::super::terms::lower_into;

/// Punctuation no phrase runs across.
const PHRASE_BREAKS: [char; 22] = [
    '.', ',', ';', ':', '!', '?', '(', ')', '"', '“', '”', '[', ']', '{', '}', '|', '*', '`', '/',
    '=', '<', '>',
];

/// A word of the text: as written, lower-case, and whether it starts a
/// sentence (its capital says nothing then).
pub(super) struct Token<'a, 'b> {
    pub(super) written: &'a str,
    pub(super) lower: &'b str,
    pub(super) sentence_start: bool,
}

/// The tokens of `text`, in order, each with whether it starts a new run
/// (the stretches no phrase crosses: split at punctuation). Stop words stay
/// in the runs (they split candidates there). One token at a time, its
/// lower-case form in a buffer used for all: no copy of the text's words.
pub(super) fn tokens<'a>(text: &'a str, mut each: impl FnMut(Token<'a, '_>, bool)) {
    let mut sentence_start = true;
    let mut ended = false;
    let mut lower = String::new();
    for piece in text.split_inclusive(PHRASE_BREAKS) {
        // A sentence ends at `.`, `!`, `?` or `:` before white space (not
        // inside `file.txt`).
        if ended && piece.starts_with(char::is_whitespace) {
            sentence_start = true;
        }
        ended = piece.ends_with(['.', '!', '?', ':']);
        let mut new_run = true;
        for word in piece.split(|c: char| !(c.is_alphanumeric() || matches!(c, '\'' | '’' | '-')))
        {
            let word = word.trim_matches(|c: char| !c.is_alphanumeric());
            if word.is_empty() {
                continue;
            }
            lower_into(word, &mut lower);
            let token = Token {
                written: word,
                lower: &lower,
                sentence_start,
            };
            each(token, new_run);
            new_run = false;
            sentence_start = false;
        }
    }
}
