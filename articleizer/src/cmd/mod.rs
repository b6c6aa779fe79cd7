//! One module per subcommand. Each takes its parsed arguments and the
//! loaded configuration, builds what it needs through [`crate::setup`],
//! calls the library and prints.

pub mod batch;
pub mod config;
pub mod docs;
pub mod instructions;
pub mod keys;
pub mod logs;
pub mod models;
pub mod post;
pub mod preview;
pub mod prompt;
pub mod publish;
