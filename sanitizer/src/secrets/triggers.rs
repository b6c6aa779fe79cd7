//! The shared search for what starts a detector: one pass of two literal
//! alternations over the text finds every credential format's prefix, the
//! literals that start a pair, the cues of the line detectors and the
//! secret words of prose; each match is handed to what it starts.

use super::{assign, credentials, formats, prose, Span};
use regex::Regex;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// What a trigger of the shared search starts.
#[derive(Clone, Copy)]
enum Triggered {
    /// A credential format, checked at once (index into
    /// [`formats::TRIGGERS`]).
    Format(usize),
    /// A pair or a secret word, read once the assignments are found (so
    /// that among spans starting together theirs come later).
    Late(assign::Late),
    /// Where a line detector of [`credentials`] looks.
    Cue,
}

/// What each trigger literal starts, by the literal.
type Index = HashMap<String, Triggered, BuildHasherDefault<Fnv>>;

/// FNV-1a: the trigger index is looked up at every match of the searches,
/// and the standard library's SipHash cost more than the lookups' worth.
#[derive(Default)]
pub(super) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }
}

/// The regexes that match the triggers: one for the format triggers, one
/// for the literals that start a pair, the secret words of prose, and the
/// formats whose first three bytes are common in text (`.at` of
/// `.atlasv1.`). The regex crate runs a literal alternation through its
/// SIMD (Teddy) prefilter, measured here at five times the speed of a
/// plain Aho-Corasick automaton on prose; it takes at most 64 literals, and
/// runs twice as fast with at most 32, hence two searches.
fn triggers() -> &'static (Regex, Regex, Index) {
    static TRIGGERS: OnceLock<(Regex, Regex, Index)> = OnceLock::new();
    TRIGGERS.get_or_init(|| {
        let mut index = Index::default();
        for (i, trigger) in formats::TRIGGERS.iter().enumerate() {
            index.insert(trigger.literal.to_string(), Triggered::Format(i));
        }
        let mut late: Vec<String> = Vec::new();
        // Format triggers added since the first search filled: longer
        // literals, kept out of it (its candidates grew with them).
        for (i, trigger) in formats::TRIGGERS.iter().enumerate() {
            if formats::LATER_FORMATS.contains(&trigger.literal) {
                late.push(trigger.literal.to_string());
                index.insert(trigger.literal.to_string(), Triggered::Format(i));
            }
        }
        for &literal in assign::SETTER_TRIGGERS {
            late.push(literal.to_string());
            index.insert(
                literal.to_string(),
                Triggered::Late(assign::setter_arguments),
            );
        }
        for &literal in credentials::CUE_TRIGGERS {
            late.push(literal.to_string());
            index.insert(literal.to_string(), Triggered::Cue);
        }
        for &(literal, detect) in assign::LATE_TRIGGERS {
            late.push(literal.to_string());
            index.insert(literal.to_string(), Triggered::Late(detect));
        }
        for &literal in prose::SECRET_WORD_TRIGGERS {
            late.push(literal.to_string());
            index.insert(literal.to_string(), Triggered::Late(prose::near_word));
        }
        let alternation = |literals: Vec<String>| {
            let escaped: Vec<String> = literals.iter().map(|t| regex::escape(t)).collect();
            Regex::new(&escaped.join("|")).expect("escaped literals form a valid regex")
        };
        let formats = alternation(
            formats::TRIGGERS
                .iter()
                .map(|t| t.literal)
                .filter(|literal| !formats::LATER_FORMATS.contains(literal))
                .map(str::to_string)
                .collect(),
        );
        debug_assert!(
            late.len() <= 64,
            "{} literals: past Teddy's limit",
            late.len()
        );
        (formats, alternation(late), index)
    })
}

/// The format, assignment and credential detectors, in their order; the
/// end of each detector's spans is added to `ends`.
pub(super) fn find_formats_and_assignments(
    text: &str,
    spans: &mut Vec<Span>,
    ends: &mut Vec<usize>,
) {
    let (formats_regex, late_regex, index) = triggers();
    formats::forget_examined();
    let mut late: Vec<(assign::Late, usize)> = Vec::new();
    let mut cues = credentials::Cues::default();
    for found in formats_regex
        .find_iter(text)
        .chain(late_regex.find_iter(text))
    {
        let triggered = index.get(found.as_str());
        if matches!(triggered, Some(Triggered::Cue)) || found.as_str() == "passw" {
            cues.note(found.as_str(), found.start());
        }
        match triggered {
            Some(&Triggered::Format(trigger)) => {
                if let Some(span) = (formats::TRIGGERS[trigger].detect)(text, found.start()) {
                    spans.push(span);
                }
            }
            Some(&Triggered::Late(detect)) => late.push((detect, found.start())),
            Some(Triggered::Cue) | None => {}
        }
    }
    formats::aws_secret_pairs(text, spans);
    ends.push(spans.len());
    formats::twilio_keys(text, spans);
    ends.push(spans.len());
    assign::find(text, spans);
    ends.push(spans.len());
    for (detect, at) in late {
        detect(text, at, spans);
    }
    ends.push(spans.len());
    credentials::find(text, &cues, spans, ends);
}
