//! `articleizer publish DRAFT`: a draft moved into the posts folder with
//! its date and its place in the day, published (as jekyll-compose does).

use crate::cli::PublishArgs;
use crate::setup::{self, Loaded};
use anyhow::{Context, Result};
use articleizer::post::ParsedPost;
use articleizer::write::{self, FolderLock};
use std::process::ExitCode;

/// Runs `articleizer publish`.
pub fn run(args: &PublishArgs, loaded: &Loaded) -> Result<ExitCode> {
    let target = loaded.target(args.target.as_deref())?;
    let date = setup::date_or_today(args.date);
    let text = std::fs::read_to_string(&args.draft)
        .with_context(|| format!("cannot read {}", args.draft.display()))?;
    let mut post = ParsedPost::parse(&text)
        .with_context(|| format!("{} is not a post", args.draft.display()))?;
    let name = args
        .draft
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .context("the draft has no file name")?;
    let file_name = format!("{date}-{name}");
    write::check_target(&target.dir)?;
    // The write path's rules: under the folder's lock, no file replaced
    // and no permalink shared unless --force.
    let _lock = FolderLock::acquire(&target.dir, !args.no_wait)?;
    if let Some(permalink) = post.string("permalink") {
        if let Some(taken) =
            write::check_permalink(&target.dir, &permalink, &file_name, args.force)?
        {
            setup::notice(format_args!("warning: {taken}"));
        }
    }
    let sort_order = write::sort_order_for(&target.dir, date, &file_name);
    post.set_entry("sort_order", &format!("sort_order: {sort_order}"))?;
    if post.value("published").is_some() {
        post.set_entry("published", "published: true")?;
    }
    let path = write::write_post(&target.dir, &file_name, &post.emit(), args.force)?;
    std::fs::remove_file(&args.draft)
        .with_context(|| format!("published {}, but cannot remove the draft", path.display()))?;
    utils::input::write_stdout(format!("{}\n", path.display()).as_bytes())
        .context("cannot write to stdout")?;
    Ok(ExitCode::SUCCESS)
}
