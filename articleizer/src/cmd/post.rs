//! `articleizer [ARTICLE]`: the post, written into the target's folder (or
//! printed with --dry-run); and [`render_post`], which `preview` shares.

use crate::cli::{InstructionsArgs, RenderArgs};
use crate::cmd::instructions::{obtain, warn};
use crate::setup::{self, Loaded};
use anyhow::Result;
use articleizer::render::{self, Post, Slot, Target};
use articleizer::write::{self, FolderLock};
use std::process::ExitCode;

/// Runs `articleizer` without a subcommand.
pub fn run(render: &RenderArgs, editor: &InstructionsArgs, loaded: &Loaded) -> Result<ExitCode> {
    let writing = !render.dry_run;
    let (post, target, _lock) = render_post(render, editor, loaded, writing)?;
    if !writing {
        print!("{}", post.text);
        return Ok(ExitCode::SUCCESS);
    }
    let path = write::write_post(&target.dir, &post.file_name, &post.text, render.force)?;
    println!("{}", path.display());
    Ok(ExitCode::SUCCESS)
}

/// Renders the post for the article `editor.article` names. With
/// `writing`, first checks that the target can take it, and returns the
/// target's lock, under which the post's place in the day was decided:
/// hold it until the post is written.
pub fn render_post(
    render: &RenderArgs,
    editor: &InstructionsArgs,
    loaded: &Loaded,
    writing: bool,
) -> Result<(Post, Target, Option<FolderLock>)> {
    let target = loaded.target(render.target.as_deref())?;
    let date = setup::post_date(render)?;
    let article = setup::read_article(editor.article.as_ref())?;
    loaded.notice_defaults();
    if writing {
        // Found out now, not after paying for the instructions.
        write::check_target(&target.dir)?;
    }
    let obtained = obtain(&article, editor, loaded)?;
    warn(&obtained.warnings, true);
    let instructions = obtained.instructions;
    let template = loaded.post_template(render.post_template.as_ref())?;
    // Two runs at once get different sort orders: the lock is taken after
    // the paid call, so it does not hold that up.
    let lock = writing
        .then(|| FolderLock::acquire(&target.dir, !render.no_wait))
        .transpose()?;
    let file_name = render::file_name(&instructions, &date);
    let sort_order = write::sort_order_for(&target.dir, &date, &file_name);
    let slot = Slot {
        file_name,
        date,
        sort_order,
        draft: obtained.offline && !render.publish,
    };
    let post = render::render(&article, &instructions, &target, &template, slot)?;
    if writing {
        if let Some(owner) = write::permalink_owner(&target.dir, &post.permalink, &post.file_name) {
            let taken = write::WriteError::PermalinkTaken {
                permalink: post.permalink.clone(),
                owner,
            };
            if !render.force {
                return Err(taken.into());
            }
            setup::notice(format_args!("warning: {taken}"));
        }
    }
    for item in &post.unmatched {
        setup::notice(format_args!("warning: subheading {:?} not placed: its snippet {:?} is not within one block of the article, or a heading follows that block already", item.subheading, item.after_text_snippet));
    }
    Ok((post, target, lock))
}
