//! Where editing instructions come from.
//!
//! So far: [`offline`], the embedded default that needs no key and no
//! network. The LLM providers (Gemini, OpenAI-compatible servers,
//! Anthropic) come next, behind one trait, each tested against a loopback
//! mock server.

pub mod offline;
