//! The house rules as numbers and words: the one place the prompt, the
//! schema's descriptions and the validator read them from, so that an
//! answer that obeys the prompt is never asked about again.

/// The limits the instructions must respect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    /// Allowed meta description length, in characters.
    pub description_chars: (usize, usize),
    /// Longest title, in characters.
    pub max_title_chars: usize,
    /// Allowed number of subheadings for an entry long enough for all of
    /// them; a shorter one may have fewer ([`Rules::subheadings_for`]).
    pub subheadings: (usize, usize),
    /// A shorter entry needs at least one subheading per this many words
    /// (and no more than the house's least, `subheadings.0`).
    pub words_per_subheading: usize,
    /// How many words (as the writer counts them: separated by spaces) an
    /// `after_text_snippet` has.
    pub snippet_words: (usize, usize),
    /// Allowed number of title options.
    pub title_options: (usize, usize),
    /// Allowed number of next-step prompts.
    pub next_step_prompts: (usize, usize),
    /// Longest promotional tweet, as X counts it ([`super::x_length`]).
    pub max_tweet_chars: usize,
    /// Allowed number of hashtags in the tweet.
    pub hashtags: (usize, usize),
    /// Words the editor must not write anywhere in its answer.
    pub avoid_words: Vec<String>,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            description_chars: (100, 160),
            max_title_chars: 120,
            subheadings: (4, 7),
            words_per_subheading: 500,
            snippet_words: (5, 10),
            title_options: (3, 5),
            next_step_prompts: (1, 2),
            max_tweet_chars: 280,
            hashtags: (2, 3),
            avoid_words: vec!["manifesto".into()],
        }
    }
}

/// How many words an entry has, as the prompt states it and the rules
/// scale with it: runs of characters between spaces.
pub fn entry_words(article: &str) -> usize {
    article.split_whitespace().count()
}

/// How many words a snippet has, counted as [`entry_words`] counts them.
pub fn snippet_words(snippet: &str) -> usize {
    entry_words(snippet)
}

impl Rules {
    /// The allowed number of subheadings for an entry of `words` words:
    /// the house's range, its least lowered for a short entry to one per
    /// [`Rules::words_per_subheading`] words (none for a very short one).
    pub fn subheadings_for(&self, words: usize) -> (usize, usize) {
        let (least, most) = self.subheadings;
        let scaled = words / self.words_per_subheading.max(1);
        (least.min(scaled), most)
    }

    /// The entry length from which the house's full range applies.
    pub fn full_range_words(&self) -> usize {
        self.subheadings.0 * self.words_per_subheading
    }

    /// Whether `text` uses one of the avoided words (a whole word, in any
    /// case, or its plural): the first one found.
    pub fn avoided_word_in(&self, text: &str) -> Option<&str> {
        let words = super::Words::of(text);
        self.avoid_words
            .iter()
            .map(String::as_str)
            .filter(|w| !w.trim().is_empty())
            .find(|avoid| {
                let plural = format!("{}s", avoid.trim());
                words.contain(avoid) || words.contain(&plural)
            })
    }
}

/// Whether `title` carries a date: a year (1900-2099) standing as its own
/// word, or a numeric date such as `2025-01-31` or `31/01/2025`.
pub fn has_date(title: &str) -> bool {
    title.split(|c: char| !c.is_alphanumeric()).any(|word| {
        word.len() == 4
            && word.bytes().all(|b| b.is_ascii_digit())
            && (word.starts_with("19") || word.starts_with("20"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_entries_may_have_fewer_subheadings() {
        let rules = Rules::default();
        assert_eq!(rules.subheadings_for(193), (0, 7));
        assert_eq!(rules.subheadings_for(1_499), (2, 7));
        assert_eq!(rules.subheadings_for(rules.full_range_words()), (4, 7));
        assert_eq!(rules.subheadings_for(6_337), (4, 7));
    }

    #[test]
    fn avoided_words_are_whole_words_in_any_case() {
        let rules = Rules::default();
        assert_eq!(
            rules.avoided_word_in("A Manifesto for Jekyll"),
            Some("manifesto")
        );
        assert_eq!(
            rules.avoided_word_in("three-manifestos-on-fences.md"),
            Some("manifesto")
        );
        assert_eq!(rules.avoided_word_in("Manifestly fine"), None);
    }

    #[test]
    fn dates_are_years_or_numeric_dates() {
        assert!(has_date("Jekyll Plugins in 2025"));
        assert!(has_date("Notes from 2025-01-31"));
        assert!(!has_date("Version 1.2.3 and 10.0.2"));
        assert!(!has_date("A 4096-token context at 1920x1080"));
        assert!(!has_date("Python 3.12 Upgrade"));
    }
}
