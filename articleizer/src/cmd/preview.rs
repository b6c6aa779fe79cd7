//! `articleizer preview`: what the post would be, without writing it.

use crate::cli::PreviewArgs;
use crate::cmd::post::render_post;
use crate::setup::Loaded;
use anyhow::{Context, Result};
use std::process::ExitCode;

/// Runs `articleizer preview`: the file name, the front matter, where each
/// subheading lands (with a line of context each side) and what did not.
pub fn run(args: &PreviewArgs, loaded: &Loaded) -> Result<ExitCode> {
    use std::fmt::Write;
    let (post, target, _) = render_post(&args.render, None, &args.editor, loaded)?;
    let mut out = String::new();
    let _ = writeln!(out, "file: {}", target.dir.join(&post.file_name).display());
    out.push_str("front matter:\n");
    for line in post.front_matter.lines() {
        let _ = writeln!(out, "  {line}");
    }
    out.push_str("subheadings:\n");
    for placed in &post.placements {
        let _ = writeln!(out, "  after line {}:", placed.after_line);
        let _ = writeln!(out, "    | {}", placed.before);
        let _ = writeln!(out, "    + {}", placed.heading);
        if !placed.after.is_empty() {
            let _ = writeln!(out, "    | {}", placed.after);
        }
    }
    if !post.unmatched.is_empty() {
        out.push_str("not placed:\n");
        for left in &post.unmatched {
            let _ = writeln!(
                out,
                "  {} (snippet: {:?} {})",
                left.item.subheading, left.item.after_text_snippet, left.why
            );
        }
    }
    // The answer's words, shown: never an escape sequence run.
    utils::input::write_stdout(utils::terminal::printable(&out).as_bytes())
        .context("cannot write to stdout")?;
    Ok(ExitCode::SUCCESS)
}
