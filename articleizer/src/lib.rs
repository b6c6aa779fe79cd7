//! Turns a sanitized AI-assisted journal entry into editing instructions
//! (and, to come, a Jekyll post).
//!
//! - [`instructions`]: the instructions contract (typed, with a schema,
//!   lenient parsing of LLM responses, and validation that lists every
//!   problem);
//! - [`providers`]: where instructions come from; so far the offline editor,
//!   which needs no key and no network;
//! - [`prompt`]: the editing prompt, rendered from a user-editable template;
//! - [`editor`]: cache, provider call, re-ask on invalid answers;
//! - [`cache`], [`keys`]: paid answers kept, keys found.

pub mod batch;
pub mod cache;
pub mod config;
pub mod editor;
pub mod instructions;
pub mod keys;
pub mod post;
pub mod prompt;
pub mod providers;
pub mod render;
pub mod throttle;
pub mod write;

pub use instructions::{Instructions, Problem, Rules};
