//! Which Liquid tags keep running: the live tags a target names, only
//! where they begin and end inside the writer's own article.

use super::tokens::{self, tag_name, Kind};
use std::ops::Range;

/// Which tags may run: those named in `names`, starting inside `range`.
pub(super) struct Live<'n> {
    pub(super) names: &'n [String],
    pub(super) range: Range<usize>,
}

impl<'n> Live<'n> {
    pub(super) fn none() -> Self {
        Live {
            names: &[],
            range: 0..0,
        }
    }

    /// Whether the tag `name` at `span` may run: a live tag, begun and
    /// ended inside the range. A tag the writer left open must not be
    /// closed by the editor's text after the article.
    pub(super) fn allows(&self, name: &str, span: Range<usize>) -> bool {
        self.range.contains(&span.start)
            && span.end <= self.range.end
            && self.names.iter().any(|n| n == name)
    }
}

/// Whether a tag in `text` may be left to run (before the code check).
pub(super) fn has_live_candidate(text: &str, live: &Live<'_>) -> bool {
    !live.names.is_empty()
        && tokens::all(text).any(|token| {
            let whole = &text[token.start..token.end];
            token.kind == Kind::Tag && live.allows(tag_name(whole), token.start..token.end)
        })
}
