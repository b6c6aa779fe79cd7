//! Reprocessing existing posts: which files, and what each operation does
//! to one post. Every operation is a function of the post's text; reading
//! and writing files is left to [`select`], [`read_post`] and
//! [`crate::write::replace`].
//!
//! - rewrap: the body protected from Liquid exactly as the renderer
//!   protects it ([`crate::render::liquid::rewrap`]);
//! - repair fences: the sanitizer's fence repair, on the body only;
//! - reanalyze: new instructions give a new "Book Analysis" section and,
//!   for the fields asked for, new front matter values
//!   ([`reanalysis`]).

pub mod reanalysis;
mod select;

pub use select::{select, Selection};

use crate::post::{ParsedPost, PostError};
use crate::render::liquid;
use std::path::{Path, PathBuf};

/// What can go wrong with the batch as a whole (not with one post).
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// A path given does not exist.
    #[error("{} does not exist", .0.display())]
    NotFound(PathBuf),
    /// A directory cannot be read.
    #[error("cannot read {}: {reason}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// `--match` is not a valid glob.
    #[error("--match {pattern:?} is not a valid glob: {reason}")]
    Glob {
        /// The pattern.
        pattern: String,
        /// Why.
        reason: String,
    },
}

/// The operations that need no LLM.
#[derive(Debug, Clone, Default)]
pub struct Local {
    /// Protect the body from Liquid, once, as the renderer does.
    pub rewrap: bool,
    /// Repair the body's code fences.
    pub repair_fences: bool,
    /// Liquid tags that keep running (see [`crate::render::Target::live_tags`]).
    pub live_tags: Vec<String>,
}

/// A post read from disk: its text as read and its parse.
#[derive(Debug, Clone)]
pub struct ReadPost {
    /// The file.
    pub path: PathBuf,
    /// The text as read (to compare before writing).
    pub original: String,
    /// The parse, changed by the operations.
    pub post: ParsedPost,
}

/// Why one post was left alone.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Skip {
    /// The file cannot be read.
    #[error("cannot read: {0}")]
    Unreadable(String),
    /// The file is not UTF-8 text.
    #[error("not UTF-8 text")]
    NotText,
    /// The front matter does not parse.
    #[error(transparent)]
    Post(#[from] PostError),
}

/// Reads and parses one post.
pub fn read_post(path: &Path) -> Result<ReadPost, Skip> {
    let bytes = std::fs::read(path).map_err(|e| Skip::Unreadable(e.to_string()))?;
    let original = String::from_utf8(bytes).map_err(|_| Skip::NotText)?;
    let post = ParsedPost::parse(&original)?;
    Ok(ReadPost {
        path: path.to_path_buf(),
        original,
        post,
    })
}

/// Whether the whole body is one protection as [`liquid::rewrap`] makes
/// it: edits then go to the text it shows, which is wrapped again after.
fn wholly_wrapped(body: &str, live_tags: &[String]) -> bool {
    // Blank lines may come first: the rewrap keeps them out of the block
    // (see `liquid::rewrap`).
    body.trim_start_matches(['\n', '\r', ' ', '\t'])
        .starts_with("{% raw %}")
        && liquid::is_wrapped(body, live_tags)
}

/// Applies `edit` to what the body shows: inside the protection when the
/// body is wholly wrapped (then wrapped again), else to the body as written.
pub(crate) fn edit_shown_body(
    post: &mut ParsedPost,
    live_tags: &[String],
    edit: impl FnOnce(&str) -> String,
) {
    if post.liquid_enabled() && wholly_wrapped(&post.body, live_tags) {
        let shown = liquid::unraw(&post.body);
        post.body = liquid::rewrap(&edit(&shown), live_tags);
    } else {
        post.body = edit(&post.body);
    }
}

/// Applies the local operations to a post; returns what was done, one
/// short note per operation that changed something.
pub fn apply_local(
    post: &mut ParsedPost,
    ops: &Local,
    fence_repair: &sanitizer::Sanitizer,
) -> Vec<String> {
    let mut notes = Vec::new();
    if ops.repair_fences {
        let mut repairs = 0;
        edit_shown_body(post, &ops.live_tags, |body| {
            let repaired = fence_repair.sanitize(body);
            repairs = repaired.report.fences.len();
            repaired.text
        });
        if repairs > 0 {
            notes.push(format!(
                "{repairs} fence repair{}",
                if repairs == 1 { "" } else { "s" }
            ));
        }
    }
    if ops.rewrap && post.liquid_enabled() {
        let wrapped = liquid::rewrap(&post.body, &ops.live_tags);
        if wrapped != post.body {
            post.body = wrapped;
            notes.push("rewrapped".into());
        }
    }
    notes
}

/// The sanitizer configured for fence repair alone.
pub fn fence_repairer() -> sanitizer::Sanitizer {
    // Only built-in options: no user pattern can fail to compile.
    sanitizer::Sanitizer::new(&sanitizer::Options::none().with_fences(true))
        .unwrap_or_else(|_| unreachable!("the built-in options compile"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn live() -> Vec<String> {
        vec!["include".into()]
    }

    fn apply(text: &str, ops: &Local) -> (String, Vec<String>) {
        let mut post = ParsedPost::parse(text).expect("parses");
        let notes = apply_local(&mut post, ops, &fence_repairer());
        (post.emit(), notes)
    }

    #[test]
    fn no_operation_changes_nothing() {
        let text = "---\ntitle: a\n---\n{% raw %}{{ x }}{% endraw %}\n```\nopen";
        assert_eq!(apply(text, &Local::default()), (text.to_string(), vec![]));
    }

    #[test]
    fn rewrap_once_then_never_again() {
        let ops = Local {
            rewrap: true,
            live_tags: live(),
            ..Local::default()
        };
        let text = "---\ntitle: a\n---\n\nSee {{item_id}}.\n\n{% raw %}{{ x }}{% endraw %}\n";
        let (once, notes) = apply(text, &ops);
        assert_eq!(notes, ["rewrapped"]);
        assert_eq!(
            once,
            "---\ntitle: a\n---\n\n{% raw %}See {{item_id}}.{% endraw %}\n\n{% raw %}{{ x }}\n{% endraw %}\n"
        );
        assert_eq!(apply(&once, &ops), (once.clone(), vec![]));
    }

    #[test]
    fn posts_without_liquid_are_not_wrapped() {
        let ops = Local {
            rewrap: true,
            ..Local::default()
        };
        let text = "---\nrender_with_liquid: false\n---\n{{ x }}\n";
        assert_eq!(apply(text, &ops), (text.to_string(), vec![]));
    }

    #[test]
    fn fence_repair_touches_the_body_only_and_inside_the_wrap() {
        let ops = Local {
            repair_fences: true,
            live_tags: live(),
            ..Local::default()
        };
        let text = "---\ntitle: \"```\"\n---\n\nText\n\n```python\nx = 1\n";
        let (out, notes) = apply(text, &ops);
        assert_eq!(notes, ["1 fence repair"]);
        assert_eq!(out, format!("{text}```\n"));
        let wrapped = format!(
            "---\ntitle: a\n---\n{}",
            liquid::rewrap("Text\n\n```python\nx = {{ y }}\n", &live())
        );
        let (out, _) = apply(&wrapped, &ops);
        assert_eq!(
            out,
            format!(
                "---\ntitle: a\n---\n{}",
                liquid::rewrap("Text\n\n```python\nx = {{ y }}\n```\n", &live())
            )
        );
    }
}
