//! `articleizer preview`: what the post would be, without writing it.

use crate::cli::PreviewArgs;
use crate::cmd::post::render_post;
use crate::setup::Loaded;
use anyhow::Result;
use std::process::ExitCode;

/// Runs `articleizer preview`: the file name, the front matter, where each
/// subheading lands (with a line of context each side) and what did not.
pub fn run(args: &PreviewArgs, loaded: &Loaded) -> Result<ExitCode> {
    let (post, target, _) = render_post(&args.render, None, &args.editor, loaded)?;
    println!("file: {}", target.dir.join(&post.file_name).display());
    println!("front matter:");
    for line in post.front_matter.lines() {
        println!("  {line}");
    }
    println!("subheadings:");
    for placed in &post.placements {
        println!("  after line {}:", placed.after_line);
        println!("    | {}", placed.before);
        println!("    + {}", placed.heading);
        if !placed.after.is_empty() {
            println!("    | {}", placed.after);
        }
    }
    if !post.unmatched.is_empty() {
        println!("not placed:");
        for left in &post.unmatched {
            println!(
                "  {} (snippet: {:?} {})",
                left.item.subheading, left.item.after_text_snippet, left.why
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
