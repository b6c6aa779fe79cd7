//! `articleizer`: turns a sanitized transcript into a Jekyll post.
//!
//! Not built yet: the providers (issue 3) and the renderer (issue 4) come
//! next. Until then this binary says so plainly instead of pretending.

use std::process::ExitCode;

fn main() -> ExitCode {
    eprintln!("articleizer: not built yet; for now run `sanitizer` (see README.md)");
    ExitCode::from(2)
}
