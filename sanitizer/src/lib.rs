//! Cleans raw AI chat transcripts before they are published.
//!
//! A writer pastes a multi-AI conversation; [`Sanitizer::sanitize`] returns
//! the cleaned text and a [`Report`] of what changed. The passes, each
//! switchable in [`Options`]:
//!
//! 1. **hygiene**: LF line endings, no BOM, plain spaces for NBSP and
//!    friends, no stray zero-width characters, no trailing spaces (hard
//!    breaks kept), runs of three or more blank lines collapsed to one;
//! 2. **speakers**: `Gemini 3.5 Flash:` becomes `**Gemini 3.5 Flash**:`;
//! 3. **debris**: "Copy code", "Show thinking" and other chat-UI lines go;
//! 4. **fences**: broken code fences are repaired (see [`fences`]);
//! 5. **secrets** and **ips**: credentials, secrets-file values and IP
//!    addresses are replaced by labels such as `[REDACTED_IP]`.
//!
//! Hygiene, speakers and debris never touch code blocks; fence repair only
//! changes fence lines; redaction applies everywhere. The whole is
//! idempotent: sanitizing the output again changes nothing.
//!
//! ```
//! use sanitizer::{Options, Sanitizer};
//! let sanitizer = Sanitizer::new(&Options::default()).unwrap();
//! let out = sanitizer.sanitize("Claude: the server is at 10.1.2.3\n");
//! assert_eq!(out.text, "**Claude**: the server is at [REDACTED_IP]\n");
//! assert_eq!(out.report.summary(), "redacted 1 ip; normalized 1 speaker label");
//! ```

// The library never prints: notices go through `log` (articleizer) or
// come back in reports and errors; the binaries decide what the user sees.
#![cfg_attr(not(test), deny(clippy::print_stdout, clippy::print_stderr))]

mod debris;
mod emit;
pub mod fences;
mod hygiene;
mod lines;
mod options;
mod pipeline;
mod recover;
mod report;
pub mod secrets;
mod sink;
mod speakers;
mod threads;

pub use debris::DebrisPatternError;
pub use fences::{FenceRepair, FenceRepairKind, FenceTally};
pub use hygiene::HygieneCounts;
pub use options::{ConfigError, Options, SpeakerOptions};
pub use recover::RecoveredCounts;
pub use report::Report;
pub use secrets::{load_secrets_files, LoadedSecretsFile, SecretsFileError, DEFAULT_SECRETS_FILES};
pub use utils::input::{decode, InputError};

pub use pipeline::{sanitize, Sanitized, Sanitizer, MAX_FENCE_ROUNDS};
