//! Terms: content words and their stems (so `bunny` and `bunnies` are
//! one term). Key phrases built of them are in [`super::phrases`].

use std::collections::HashSet;

/// Words too common to be terms.
const STOPWORDS: &str = "a about above after again against all also am an and any are aren't as at be because been before being below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each even every few for from further get gets got had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him himself his how how's however i i'd i'll i'm i've if in into is isn't it it's its itself just let let's like make makes made many may me might more most much must mustn't my myself need needs no nor not now of off on once one only or other others ought our ours ourselves out over own really same say says said see seems shan't she she'd she'll she's should shouldn't since so some still such than that that's the their theirs them themselves then there there's these they they'd they'll they're they've thing things think this those though through thus to too under until up upon us use used uses using very want wants was wasn't way we we'd we'll we're we've well were weren't what what's when when's where where's whether which while who who's whom why why's will with within without won't would wouldn't yes yet you you'd you'll you're you've your yours yourself yourselves okay ok sure right going know yeah actually something anything everything nothing redacted keep look looks work works take takes give gives first last next back good great lot lots kind new old via etc per two three here's let's got done doing can't isn't thats come comes came goes went put puts set sets try tries tried run runs ran show shows showed call calls called find finds found tell tells told ask asks asked seem seemed mean means meant";

/// The stop word list as a set (hashed: it is asked about every word of
/// the text; only membership is asked, so its order never shows).
pub(super) fn stopwords() -> HashSet<&'static str> {
    STOPWORDS.split_whitespace().collect()
}

/// The words of `text`, lower-case: letters, digits and inner apostrophes
/// or hyphens (`don't`, `jekyll-compose`).
pub(super) fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(|w| w.replace('’', "'").to_lowercase())
}

/// Whether `word` (lower-case) can be a term: not a stop word, at least
/// three characters, not a number.
pub(super) fn is_term(word: &str, stop: &HashSet<&str>) -> bool {
    word.chars().count() >= 3
        && word.chars().any(char::is_alphabetic)
        && !stop.contains(word)
        && !word.contains('\'')
}

/// A light English stem (plurals, `-ing`, `-ed`, `-ly`): enough to make
/// `bunny`/`bunnies`, `cache`/`caches`/`caching` one term.
pub(super) fn stem(word: &str) -> String {
    let w = word;
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
            cut("s", "").filter(|_| !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is"))
        })
        .map(|s| s.trim_end_matches('e').to_string())
        .unwrap_or_else(|| w.trim_end_matches('e').to_string())
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
    fn one_stem_for_plurals_and_forms() {
        assert_eq!(stem("bunnies"), stem("bunny"));
        assert_eq!(stem("caches"), stem("cache"));
        assert_eq!(stem("caching"), stem("cache"));
        assert_eq!(stem("fences"), stem("fence"));
        assert_ne!(stem("class"), stem("clas"));
    }
}
