//! Terms: content words and their stems (so `bunny` and `bunnies` are
//! one term). Key phrases built of them are in [`super::phrases`].

use std::collections::HashSet;

/// Words too common to be terms.
const STOPWORDS: &str = "a about above after again against all also am an and any are aren't as at be because been before being below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each even every few for from further get gets got had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him himself his how how's however i i'd i'll i'm i've if in into is isn't it it's its itself just let let's like make makes made many may me might more most much must mustn't my myself need needs no nor not now of off on once one only or other others ought our ours ourselves out over own really same say says said see seems shan't she she'd she'll she's should shouldn't since so some still such than that that's the their theirs them themselves then there there's these they they'd they'll they're they've thing things think this those though through thus to too under until up upon us use used uses using very want wants was wasn't way we we'd we'll we're we've well were weren't what what's when when's where where's whether which while who who's whom why why's will with within without won't would wouldn't yes yet you you'd you'll you're you've your yours yourself yourselves okay ok sure right going know yeah actually something anything everything nothing redacted keep look looks work works take takes give gives first last next back good great lot lots kind new old via etc per two three here's let's got done doing can't isn't thats come comes came goes went put puts set sets try tries tried run runs ran show shows showed call calls called find finds found tell tells told ask asks asked seem seemed mean means meant";

/// The stop word list as a set (hashed: it is asked about every word of
/// the text; only membership is asked, so its order never shows). Built
/// once a process: a short post's edit built it several times, a fifth of
/// its time in `batch --contextualize`.
pub(super) fn stopwords() -> &'static HashSet<&'static str> {
    static SET: std::sync::LazyLock<HashSet<&'static str>> =
        std::sync::LazyLock::new(|| STOPWORDS.split_whitespace().collect());
    &SET
}

/// Whether `c` can be inside a word: letters, digits, apostrophes, hyphens.
fn in_word(c: char) -> bool {
    c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'
}

/// The words of `text`, lower-case: letters, digits and inner apostrophes
/// or hyphens (`don't`, `jekyll-compose`).
pub(super) fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !in_word(c))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(|w| w.replace('’', "'").to_lowercase())
}

/// `word` lower-case (a typographic apostrophe made plain), as [`words`]
/// gives it, written into `out` (cleared first): no copy per word.
pub(super) fn lower_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
    } else {
        // `str::to_lowercase` knows a final sigma, which a character at a
        // time does not: the rare word past ASCII takes the copy.
        out.push_str(&word.replace('’', "'").to_lowercase());
    }
}

/// The words of `text` as [`words`] finds them, each as written and
/// lower-case (a buffer reused for every word: no copy per word).
pub(super) fn for_each_word<'a>(text: &'a str, mut each: impl FnMut(&'a str, &str)) {
    let mut lower = String::new();
    for word in text.split(|c: char| !in_word(c)) {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric());
        if word.is_empty() {
            continue;
        }
        lower_into(word, &mut lower);
        each(word, &lower);
    }
}

/// The longest word that can be a term. Longer runs of word characters
/// are hashes, encoded blobs or scripts written without spaces (one
/// "word" of Japanese can be a whole text): never a phrase of a title.
const MAX_TERM_CHARS: usize = 32;

/// Whether `word` (lower-case) can be a term: not a stop word, three to
/// [`MAX_TERM_CHARS`] characters, not a number.
pub(super) fn is_term(word: &str, stop: &HashSet<&str>) -> bool {
    (3..=MAX_TERM_CHARS).contains(&word.chars().take(MAX_TERM_CHARS + 1).count())
        && word.chars().any(char::is_alphabetic)
        && !stop.contains(word)
        && !word.contains('\'')
}

/// A light English stem (plurals, `-ing`, `-ed`, `-ly`): enough to make
/// `bunny`/`bunnies`, `cache`/`caches`/`caching` one term.
pub(super) fn stem(word: &str) -> String {
    let mut out = String::new();
    stem_into(word, &mut out);
    out
}

/// [`stem`] written into `out` (cleared first): no allocation once `out`
/// has grown to the longest word.
pub(super) fn stem_into(w: &str, out: &mut String) {
    let cut = |suffix: &str| -> Option<&str> {
        let base = w.strip_suffix(suffix)?;
        (base.chars().count() >= 3).then_some(base)
    };
    let plain = || {
        cut("ing")
            .or_else(|| cut("ed"))
            .or_else(|| cut("ly"))
            .or_else(|| {
                cut("es")
                    .filter(|_| w.ends_with("ches") || w.ends_with("shes") || w.ends_with("xes"))
            })
            .or_else(|| {
                cut("s").filter(|_| !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is"))
            })
    };
    let (base, add) = if let Some(base) = cut("ies") {
        (base, "y")
    } else if let Some(base) = cut("sses") {
        (base, "ss")
    } else {
        (plain().unwrap_or(w), "")
    };
    out.clear();
    out.push_str(base);
    out.push_str(add);
    let kept = out.trim_end_matches('e').len();
    out.truncate(kept);
}

/// A stem as a number, for counts that only compare stems: no copy of
/// the stem is kept. (Hashed with fixed keys, so the same in every run; two
/// stems share a number once in some 2^64 pairs.)
pub(super) fn stem_id(stem: &str) -> u64 {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut hasher = DefaultHasher::new();
    stem.hash(&mut hasher);
    hasher.finish()
}

/// Term numbers worked out without a copy per word: the stop words and a
/// stem buffer, kept for every text.
pub(super) struct TermIds {
    stop: &'static HashSet<&'static str>,
    stemmed: String,
}

impl TermIds {
    /// Ready to number terms.
    pub fn new() -> Self {
        TermIds {
            stop: stopwords(),
            stemmed: String::new(),
        }
    }

    /// Calls `each` with the stem number of every term of `text`, in order:
    /// what `words(text).filter(is_term).map(stem).map(stem_id)` gives.
    pub fn each(&mut self, text: &str, mut each: impl FnMut(u64)) {
        let (stop, stemmed) = (&self.stop, &mut self.stemmed);
        for_each_word(text, |_, lower| {
            if is_term(lower, stop) {
                stem_into(lower, stemmed);
                each(stem_id(stemmed));
            }
        });
    }
}

/// `key phrase` -> `Key Phrase`.
pub(super) fn title_case(text: &str) -> String {
    text.split(' ')
        .map(super::words::capitalize)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_term_is_three_to_thirty_two_characters_with_a_letter() {
        let stop = stopwords();
        assert!(is_term("hbm", stop));
        assert!(is_term(&"x".repeat(MAX_TERM_CHARS), stop));
        assert!(!is_term(&"x".repeat(MAX_TERM_CHARS + 1), stop));
        assert!(
            !is_term(&"漢字仮名交じり文".repeat(8), stop),
            "unsegmented script"
        );
        assert!(!is_term("ab", stop));
        assert!(!is_term("2024", stop));
        assert!(!is_term("the", stop));
    }

    #[test]
    fn one_stem_for_plurals_and_forms() {
        assert_eq!(stem("bunnies"), stem("bunny"));
        assert_eq!(stem("caches"), stem("cache"));
        assert_eq!(stem("caching"), stem("cache"));
        assert_eq!(stem("fences"), stem("fence"));
        assert_ne!(stem("class"), stem("clas"));
    }

    /// The stem as first written (a copy per step), to check the one made
    /// in place against.
    fn stem_by_copies(w: &str) -> String {
        let cut = |suffix: &str, add: &str| -> Option<String> {
            let base = w.strip_suffix(suffix)?;
            (base.chars().count() >= 3).then(|| format!("{base}{add}"))
        };
        cut("ies", "y")
            .or_else(|| cut("sses", "ss"))
            .or_else(|| cut("ing", ""))
            .or_else(|| cut("ed", ""))
            .or_else(|| cut("ly", ""))
            .or_else(|| {
                cut("es", "")
                    .filter(|_| w.ends_with("ches") || w.ends_with("shes") || w.ends_with("xes"))
            })
            .or_else(|| {
                cut("s", "")
                    .filter(|_| !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is"))
            })
            .map(|s| s.trim_end_matches('e').to_string())
            .unwrap_or_else(|| w.trim_end_matches('e').to_string())
    }

    proptest::proptest! {
        #[test]
        fn the_stem_in_place_is_the_stem_by_copies(
            w in "[a-zé]{0,6}(ies|sses|ing|ed|ly|ches|shes|xes|es|ss|us|is|s|e|ee)?"
        ) {
            proptest::prop_assert_eq!(stem(&w), stem_by_copies(&w));
        }

        #[test]
        fn term_ids_are_the_numbered_stems_of_the_terms(
            text in "([A-Za-zÉé’'-]{0,9}[ .,;:]){0,30}"
        ) {
            let stop = stopwords();
            let expected: Vec<u64> = words(&text)
                .filter(|w| is_term(w, stop))
                .map(|w| stem_id(&stem(&w)))
                .collect();
            let mut found = Vec::new();
            TermIds::new().each(&text, |id| found.push(id));
            proptest::prop_assert_eq!(found, expected);
        }
    }
}
