//! Terms: content words, their stems (so `bunny` and `bunnies` are one
//! term) and key phrases, scored as RAKE does (a word's degree over its
//! frequency, summed over the phrase) and weighted by how often the phrase
//! occurs.

use std::collections::{BTreeSet, HashMap};

/// Words too common to be terms.
const STOPWORDS: &str = "a about above after again against all also am an and any are aren't as at be because been before being below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each even every few for from further get gets got had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him himself his how how's however i i'd i'll i'm i've if in into is isn't it it's its itself just let let's like make makes made many may me might more most much must mustn't my myself need needs no nor not now of off on once one only or other others ought our ours ourselves out over own really same say says said see seems shan't she she'd she'll she's should shouldn't since so some still such than that that's the their theirs them themselves then there there's these they they'd they'll they're they've thing things think this those though through thus to too under until up upon us use used uses using very want wants was wasn't way we we'd we'll we're we've well were weren't what what's when when's where where's whether which while who who's whom why why's will with within without won't would wouldn't yes yet you you'd you'll you're you've your yours yourself yourselves okay ok sure right going know yeah actually something anything everything nothing redacted keep look looks work works take takes give gives first last next back good great lot lots kind new old via etc per two three here's let's got done doing can't isn't thats come comes came goes went put puts set sets try tries tried run runs ran show shows showed call calls called find finds found tell tells told ask asks asked seem seemed mean means meant";

/// The stop word list as a set.
pub(super) fn stopwords() -> BTreeSet<&'static str> {
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
pub(super) fn is_term(word: &str, stop: &BTreeSet<&str>) -> bool {
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

/// A key phrase: its words as written most often, and its stems.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Phrase {
    /// The words, lower-case.
    pub words: Vec<String>,
    /// Their stems.
    pub stems: Vec<String>,
    /// The RAKE score times how often it occurs.
    pub score: f64,
    /// How often it occurs.
    pub count: usize,
}

impl Phrase {
    /// The phrase as text.
    pub fn text(&self) -> String {
        self.words.join(" ")
    }
}

/// Punctuation no phrase runs across.
const PHRASE_BREAKS: [char; 22] = [
    '.', ',', ';', ':', '!', '?', '(', ')', '"', '“', '”', '[', ']', '{', '}', '|', '*', '`', '/',
    '=', '<', '>',
];

/// The spellings of one stem sequence, counted, and how often it occurs.
type Spellings = (HashMap<Vec<String>, usize>, usize);

/// The candidate phrases of `text`: runs of at most three terms between
/// stop words and punctuation.
pub(super) fn candidates(
    text: &str,
    stop: &BTreeSet<&str>,
    excluded: &BTreeSet<String>,
) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for piece in text.split(PHRASE_BREAKS) {
        let mut run: Vec<String> = Vec::new();
        for word in words(piece) {
            if is_term(&word, stop) && !excluded.contains(&word) {
                run.push(word);
                continue;
            }
            flush(&mut run, &mut out);
        }
        flush(&mut run, &mut out);
    }
    out
}

fn flush(run: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    if run.is_empty() {
        return;
    }
    // Long runs are split into phrases of at most three words.
    for chunk in run.chunks(3) {
        out.push(chunk.to_vec());
    }
    run.clear();
}

/// The key phrases of `texts`, best first, at most `n`, none sharing a
/// stem with a better one (so no `bunny` beside `bunnies`).
pub(super) fn key_phrases(texts: &[&str], n: usize, excluded: &BTreeSet<String>) -> Vec<Phrase> {
    let stop = stopwords();
    let mut all: Vec<Vec<String>> = Vec::new();
    for text in texts {
        all.extend(candidates(text, &stop, excluded));
    }
    let mut frequency: HashMap<String, f64> = HashMap::new();
    let mut degree: HashMap<String, f64> = HashMap::new();
    for phrase in &all {
        for word in phrase {
            let s = stem(word);
            *frequency.entry(s.clone()).or_default() += 1.0;
            *degree.entry(s).or_default() += phrase.len() as f64;
        }
    }
    let mut grouped: HashMap<Vec<String>, Spellings> = HashMap::new();
    for phrase in all {
        let stems: Vec<String> = phrase.iter().map(|w| stem(w)).collect();
        let entry = grouped.entry(stems).or_default();
        *entry.0.entry(phrase).or_default() += 1;
        entry.1 += 1;
    }
    let mut phrases: Vec<Phrase> = grouped
        .into_iter()
        .map(|(stems, (spellings, count))| {
            let rake: f64 = stems.iter().map(|s| degree[s] / frequency[s]).sum();
            // The spelling used most (ties: the shortest, then the first
            // in order), so the phrase reads as the writer wrote it.
            let words = spellings
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
                .map(|(w, _)| w)
                .unwrap_or_default();
            Phrase {
                score: rake
                    * (count as f64).ln_1p()
                    * if stems.len() > 1 && count < 2 {
                        0.3
                    } else {
                        1.0
                    },
                words,
                stems,
                count,
            }
        })
        .collect();
    phrases.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| b.count.cmp(&a.count))
            .then_with(|| a.words.cmp(&b.words))
    });
    let mut chosen: Vec<Phrase> = Vec::new();
    let mut used: BTreeSet<String> = BTreeSet::new();
    for phrase in phrases {
        if chosen.len() == n {
            break;
        }
        if phrase.stems.iter().any(|s| used.contains(s)) {
            continue;
        }
        used.extend(phrase.stems.iter().cloned());
        chosen.push(phrase);
    }
    chosen
}

/// The stems of the terms of `text`, counted.
pub(super) fn stem_counts(text: &str, stop: &BTreeSet<&str>) -> HashMap<String, f64> {
    let mut counts = HashMap::new();
    for word in words(text).filter(|w| is_term(w, stop)) {
        *counts.entry(stem(&word)).or_default() += 1.0;
    }
    counts
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

    #[test]
    fn key_phrases_share_no_stem() {
        let text = "The bunny cache. Bunnies love the cache. A bunny cache again. Static sites and static site builders.";
        let phrases = key_phrases(&[text], 5, &BTreeSet::new());
        let mut stems = BTreeSet::new();
        for phrase in &phrases {
            for s in &phrase.stems {
                assert!(stems.insert(s.clone()), "{s} twice in {phrases:?}");
            }
        }
        assert_eq!(phrases[0].text(), "bunny cache");
    }
}
