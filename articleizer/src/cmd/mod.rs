//! The subcommands that need more than a few lines.

pub mod batch;
