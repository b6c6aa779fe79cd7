//! The helpers both tools share, each in one place: writing a file
//! atomically ([`fs`]), where configuration and caches live ([`dirs`]),
//! reading input as text ([`input`]), finding a Jekyll post's front
//! matter ([`front_matter`]) and collecting text made part by part
//! ([`parts`]).

pub mod dirs;
pub mod front_matter;
pub mod fs;
pub mod input;
pub mod parts;
