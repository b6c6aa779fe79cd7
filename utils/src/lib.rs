//! The helpers both tools share, each in one place: writing a file
//! atomically ([`fs`]), where configuration and caches live ([`dirs`]),
//! reading input as text ([`input`]), finding a Jekyll post's front
//! matter ([`front_matter`]) collecting text made part by part
//! ([`parts`]), saying where a configuration file is wrong
//! ([`config_text`]), showing text from elsewhere on a terminal
//! ([`terminal`]) and which project configurations the user trusts
//! ([`trust`]).

// The library never prints: notices go through `log` (articleizer) or
// come back in reports and errors; the binaries decide what the user sees.
#![cfg_attr(not(test), deny(clippy::print_stdout, clippy::print_stderr))]

pub mod config_text;
pub mod dirs;
pub mod front_matter;
pub mod fs;
pub mod input;
pub mod parts;
pub mod terminal;
pub mod trust;
