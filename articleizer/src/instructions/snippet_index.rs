//! Every snippet of an answer found in one walk over the article's words.
//!
//! Searching the article once per snippet was quadratic: an answer of
//! thousands of subheadings whose snippets match nothing, against an
//! article of many paragraphs, took 32 s at 2.4 MB. Here the snippets'
//! words make one Aho-Corasick automaton (its alphabet the words the
//! snippets use; any other word of the article sends it back to its root),
//! and one walk over the article's words finds for each snippet the first
//! block that holds it and how often blocks hold it (with a state that
//! starts again at each block), and whether the words are in the article
//! at all, across blocks (with a state that runs on), which tells a
//! snippet across blocks from a made-up one. The walk is linear in the
//! article plus the snippets, whatever they hold: a state's matches are
//! reported once, the first time it is reached, and occurrences are
//! summed along the failure links at the end.

use super::validate::{each_word, each_word_in};
use std::collections::HashMap;
use std::ops::Range;

const ROOT: u32 = 0;
const NONE: u32 = u32::MAX;

/// What the walks found of each snippet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Hits {
    /// The first block that holds the snippet's words, in order.
    pub first_block: Option<usize>,
    /// How many times blocks hold them (overlapping occurrences count
    /// each).
    pub times: usize,
    /// The words are in the article, in order, if across blocks.
    pub anywhere: bool,
}

/// The automaton of a set of snippets, over word ids.
struct Automaton {
    /// The snippets' words, numbered.
    ids: HashMap<String, u32>,
    /// The root's transitions, by word id.
    root: Vec<u32>,
    /// Every other state's transitions: `words[edges[s]..edges[s + 1]]`,
    /// sorted, and the states they lead to in `to`.
    edges: Vec<u32>,
    words: Vec<u32>,
    to: Vec<u32>,
    /// Each state's longest proper suffix that is a state.
    fail: Vec<u32>,
    /// Each state's nearest state along `fail` where a snippet ends.
    output: Vec<u32>,
    /// Whether a snippet ends at the state.
    ends: Vec<bool>,
    /// The states, shallowest first.
    order: Vec<u32>,
    /// Each snippet's state (`None`: it has no words).
    snippet_state: Vec<Option<u32>>,
}

impl Automaton {
    fn new<'s>(snippets: impl IntoIterator<Item = &'s str>) -> Self {
        let mut ids: HashMap<String, u32> = HashMap::new();
        // The trie as it is built: (state, word) to state.
        let mut next: HashMap<(u32, u32), u32> = HashMap::new();
        let mut depth = vec![0u32];
        let mut parent = vec![NONE];
        let mut via = vec![NONE];
        let mut ends = vec![false];
        let mut snippet_state = Vec::new();
        for snippet in snippets {
            let mut state = ROOT;
            each_word(snippet, |word| {
                let fresh = ids.len() as u32;
                let id = match ids.get(word) {
                    Some(&id) => id,
                    None => {
                        ids.insert(word.to_string(), fresh);
                        fresh
                    }
                };
                state = *next.entry((state, id)).or_insert_with(|| {
                    depth.push(depth[state as usize] + 1);
                    parent.push(state);
                    via.push(id);
                    ends.push(false);
                    (depth.len() - 1) as u32
                });
            });
            if state == ROOT {
                snippet_state.push(None);
            } else {
                ends[state as usize] = true;
                snippet_state.push(Some(state));
            }
        }
        drop(next);
        let states = depth.len();
        // The transitions, laid out flat: every state's edges sorted by
        // word, the root's as a table.
        let mut root = vec![NONE; ids.len()];
        let mut by_parent: Vec<u32> = (1..states as u32).collect();
        by_parent.sort_by_key(|&s| (parent[s as usize], via[s as usize]));
        let mut edges = vec![0u32; states + 1];
        for &s in &by_parent {
            edges[parent[s as usize] as usize + 1] += 1;
            if parent[s as usize] == ROOT {
                root[via[s as usize] as usize] = s;
            }
        }
        for n in 1..edges.len() {
            edges[n] += edges[n - 1];
        }
        let words: Vec<u32> = by_parent.iter().map(|&s| via[s as usize]).collect();
        let to = by_parent;
        let mut automaton = Automaton {
            ids,
            root,
            edges,
            words,
            to,
            fail: vec![ROOT; states],
            output: vec![NONE; states],
            ends,
            order: Vec::new(),
            snippet_state,
        };
        // Breadth first: a state's failure is shallower than it.
        let mut order: Vec<u32> = (0..states as u32).collect();
        order.sort_by_key(|&s| depth[s as usize]);
        for &state in order.iter().skip(1) {
            let (up, word) = (parent[state as usize], via[state as usize]);
            let target = if up == ROOT {
                ROOT
            } else {
                automaton.step(automaton.fail[up as usize], word)
            };
            automaton.fail[state as usize] = target;
            automaton.output[state as usize] = if automaton.ends[target as usize] {
                target
            } else {
                automaton.output[target as usize]
            };
        }
        automaton.order = order;
        automaton
    }

    /// The transition from `state` on `word`, if any.
    fn edge(&self, state: u32, word: u32) -> Option<u32> {
        if state == ROOT {
            return self.root.get(word as usize).copied().filter(|&s| s != NONE);
        }
        let range = self.edges[state as usize] as usize..self.edges[state as usize + 1] as usize;
        let words = &self.words[range.clone()];
        let at = if words.len() <= 8 {
            words.iter().position(|&w| w == word)
        } else {
            words.binary_search(&word).ok()
        };
        at.map(|n| self.to[range.start + n])
    }

    /// The state after `word` from `state`.
    fn step(&self, mut state: u32, word: u32) -> u32 {
        loop {
            if let Some(to) = self.edge(state, word) {
                return to;
            }
            if state == ROOT {
                return ROOT;
            }
            state = self.fail[state as usize];
        }
    }

    /// Marks in `seen`, with `mark`, each snippet end that `state` reaches
    /// and that has none yet. Once marked, a state's whole output chain
    /// is marked, so each state is marked once in a walk. True when it
    /// marked one.
    fn mark(&self, state: u32, seen: &mut [u32], mark: u32) -> bool {
        let mut end = if self.ends[state as usize] {
            state
        } else {
            self.output[state as usize]
        };
        let mut marked = false;
        while end != NONE && seen[end as usize] == NONE {
            seen[end as usize] = mark;
            marked = true;
            end = self.output[end as usize];
        }
        marked
    }

    /// Hands the id of each word of `text` to `f` (`None`: a word no
    /// snippet has).
    fn each_id(&self, text: &str, buffer: &mut String, mut f: impl FnMut(Option<u32>)) {
        each_word_in(text, buffer, |word| f(self.ids.get(word).copied()));
    }
}

/// Finds every snippet in the blocks of `article` (`blocks`, in order) and,
/// for those in no one block, in the whole article ([`Finder`] over a
/// list of blocks).
#[cfg(test)]
pub(super) fn find<'s>(
    article: &str,
    blocks: &[Range<usize>],
    snippets: impl IntoIterator<Item = &'s str>,
) -> Vec<Hits> {
    let mut finder = Finder::new(snippets);
    for block in blocks {
        finder.block(article, block.clone());
    }
    finder.finish(article)
}

/// The walk over an article's words, fed its top-level blocks one at a
/// time as they are found (nothing is kept per block): one state that
/// starts again at each block, and one that runs on over all the words.
pub(super) struct Finder {
    automaton: Automaton,
    /// How often a block's words reach each state.
    visits: Vec<u32>,
    /// The first block that reaches each state where a snippet ends.
    first: Vec<u32>,
    /// Whether the words, across blocks, reach each such state.
    anywhere: Vec<u32>,
    /// The state of the walk across blocks.
    across: u32,
    /// Where the last block ended.
    at: usize,
    /// The next block's number.
    index: u32,
    /// Each word as it is read.
    buffer: String,
}

impl Finder {
    /// A walk that finds `snippets`.
    pub(super) fn new<'s>(snippets: impl IntoIterator<Item = &'s str>) -> Self {
        let automaton = Automaton::new(snippets);
        let states = automaton.fail.len();
        Finder {
            automaton,
            visits: vec![0; states],
            first: vec![NONE; states],
            anywhere: vec![NONE; states],
            across: ROOT,
            at: 0,
            index: 0,
            buffer: String::new(),
        }
    }

    /// Walks the words before `block` (outside every block) and those of
    /// `block`, the next top-level block of `article`; true when it is
    /// the first block to hold some snippet.
    pub(super) fn block(&mut self, article: &str, block: Range<usize>) -> bool {
        self.outside(&article[self.at.min(block.start)..block.start]);
        let Finder {
            automaton,
            visits,
            first,
            anywhere,
            across,
            index,
            buffer,
            ..
        } = self;
        let mut within = ROOT;
        let mut found = false;
        automaton.each_id(&article[block.clone()], buffer, |id| {
            let Some(id) = id else {
                within = ROOT;
                *across = ROOT;
                return;
            };
            within = automaton.step(within, id);
            visits[within as usize] = visits[within as usize].saturating_add(1);
            found |= automaton.mark(within, first, *index);
            *across = automaton.step(*across, id);
            automaton.mark(*across, anywhere, 0);
        });
        self.at = self.at.max(block.end);
        self.index += 1;
        found
    }

    /// The words outside every block: only the walk across blocks sees
    /// them.
    fn outside(&mut self, text: &str) {
        let Finder {
            automaton,
            anywhere,
            across,
            buffer,
            ..
        } = self;
        automaton.each_id(text, buffer, |id| {
            *across = id.map_or(ROOT, |id| automaton.step(*across, id));
            automaton.mark(*across, anywhere, 0);
        });
    }

    /// What the walk found of each snippet, in order, after the last
    /// block of `article`.
    pub(super) fn finish(mut self, article: &str) -> Vec<Hits> {
        self.outside(&article[self.at.min(article.len())..]);
        let automaton = &self.automaton;
        // A state's visits count for every state on its failure chain.
        let mut times: Vec<u64> = self.visits.iter().map(|&v| u64::from(v)).collect();
        for &state in automaton.order.iter().skip(1).rev() {
            let target = automaton.fail[state as usize] as usize;
            times[target] += times[state as usize];
        }
        automaton
            .snippet_state
            .iter()
            .map(|state| match state {
                None => Hits {
                    first_block: None,
                    times: 0,
                    anywhere: false,
                },
                Some(s) => {
                    let s = *s as usize;
                    Hits {
                        first_block: (self.first[s] != NONE).then_some(self.first[s] as usize),
                        times: times[s] as usize,
                        anywhere: self.anywhere[s] != NONE,
                    }
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::Words;
    use super::*;
    use proptest::prelude::*;

    /// What a search per snippet and per block finds.
    fn slow(article: &str, blocks: &[Range<usize>], snippet: &str) -> Hits {
        let words: Vec<Words> = blocks
            .iter()
            .map(|b| Words::of(&article[b.clone()]))
            .collect();
        let first_block = words.iter().position(|w| w.contain(snippet));
        let needle: Vec<String> = Words::of(snippet).iter().map(str::to_string).collect();
        let times = words
            .iter()
            .map(|w| {
                let hay: Vec<&str> = w.iter().collect();
                if needle.is_empty() {
                    0
                } else {
                    hay.windows(needle.len())
                        .filter(|win| win.iter().eq(needle.iter()))
                        .count()
                }
            })
            .sum();
        Hits {
            first_block,
            times,
            anywhere: Words::of(article).contain(snippet),
        }
    }

    #[test]
    fn snippets_are_found_as_a_search_per_snippet_finds_them() {
        let article = "One two three. Two three\n\nfour two three two three two\n\nfive";
        let blocks = [0..24, 26..54, 56..60];
        let snippets = [
            "two three",
            "three two",
            "three four",
            "two three two three",
            "",
            "six",
            "ONE  two",
            "two",
        ];
        let found = find(article, &blocks, snippets);
        for (snippet, hits) in snippets.iter().zip(found) {
            assert_eq!(hits, slow(article, &blocks, snippet), "{snippet:?}");
        }
    }

    proptest! {
        #[test]
        fn the_index_agrees_with_the_search(
            words in proptest::collection::vec(0..4usize, 0..40),
            breaks in proptest::collection::vec(any::<bool>(), 40),
            snippets in proptest::collection::vec(proptest::collection::vec(0..4usize, 0..4), 1..6),
        ) {
            let names = ["a", "b", "c", "d"];
            let mut article = String::new();
            let mut blocks = Vec::new();
            let mut start = 0;
            for (n, w) in words.iter().enumerate() {
                article.push_str(names[*w]);
                article.push(' ');
                if breaks[n] {
                    blocks.push(start..article.len());
                    article.push_str("\n\n");
                    start = article.len();
                }
            }
            blocks.push(start..article.len());
            let texts: Vec<String> = snippets
                .iter()
                .map(|s| s.iter().map(|w| names[*w]).collect::<Vec<_>>().join(" "))
                .collect();
            let found = find(&article, &blocks, texts.iter().map(String::as_str));
            for (snippet, hits) in texts.iter().zip(found) {
                prop_assert_eq!(hits, slow(&article, &blocks, snippet), "{:?} in {:?}", snippet, article);
            }
        }
    }
}
