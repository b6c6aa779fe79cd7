//! Turns a sanitized AI-assisted journal entry into editing instructions
//! and a Jekyll post, and brings old posts up to date.
//!
//! - [`instructions`]: the instructions contract (typed, with a schema,
//!   lenient parsing of LLM responses, and validation that lists every
//!   problem);
//! - [`providers`]: where instructions come from: Gemini, OpenAI-compatible
//!   servers, Anthropic, and the offline editor (no key, no network);
//! - [`prompt`]: the editing prompt, rendered from a user-editable template;
//! - [`editor`]: cache, provider call, re-ask on invalid answers;
//! - [`cache`], [`keys`]: paid answers kept, keys found;
//! - [`render`], [`write`]: the post, and writing it without damage;
//! - [`post`], [`batch`], [`throttle`]: old posts parsed byte-faithfully,
//!   and reprocessed in bulk;
//! - [`jobs`]: the providers' batch engines, for whole blogs at half price;
//! - [`context`]: the per-post context files site scripts read;
//! - [`curated`]: a published post's title, permalink, description and
//!   keywords, kept when it is made again;
//! - [`preview`]: the post as readers will see it, in one HTML page.

// The library never prints: notices go through `log` (articleizer) or
// come back in reports and errors; the binaries decide what the user sees.
#![cfg_attr(not(test), deny(clippy::print_stdout, clippy::print_stderr))]

pub mod batch;
pub mod cache;
pub mod config;
pub mod context;
pub mod curated;
pub mod editor;
pub mod generated;
pub mod instructions;
pub mod jobs;
pub mod keys;
pub mod post;
pub mod preview;
pub mod prompt;
pub mod providers;
pub mod render;
pub mod throttle;
/// Trusted project configurations: shared with the sanitizer, in `utils`.
pub use utils::trust;
pub mod write;

pub use instructions::{Instructions, Problem, Rules};
