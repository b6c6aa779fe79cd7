//! `articleizer [ARTICLE]`: the post, written into the target's folder (or
//! printed with --dry-run); and [`render_post`], which `preview` shares.

use crate::cli::{InstructionsArgs, RenderArgs, WriteArgs};
use crate::cmd::instructions::{obtain, warn};
use crate::setup::{self, Loaded};
use anyhow::{Context, Result};
use articleizer::render::{self, Post, Slot, Target};
use articleizer::write::{self, FolderLock};
use std::process::ExitCode;

/// Runs `articleizer` without a subcommand.
pub fn run(
    render: &RenderArgs,
    how: &WriteArgs,
    editor: &InstructionsArgs,
    loaded: &Loaded,
) -> Result<ExitCode> {
    let (post, target, _lock) = render_post(render, Some(how), editor, loaded)?;
    if how.dry_run {
        let mut stdout = utils::input::StdoutStream::new();
        post.write_to(&mut stdout)
            .and_then(|()| stdout.finish())
            .context("cannot write to stdout")?;
        return Ok(ExitCode::SUCCESS);
    }
    let path = write::write_rendered(&target.dir, &post, how.force)?;
    utils::input::write_stdout(format!("{}\n", path.display()).as_bytes())
        .context("cannot write to stdout")?;
    if how.open {
        open_in_editor(&path)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Opens `path` in `$VISUAL`, else `$EDITOR`, and waits for it.
fn open_in_editor(path: &std::path::Path) -> Result<()> {
    let editor = std::env::var("VISUAL")
        .or_else(|_| std::env::var("EDITOR"))
        .ok()
        .filter(|e| !e.trim().is_empty())
        .context("--open needs $VISUAL or $EDITOR (the post is written)")?;
    // `$EDITOR` may carry arguments (`code --wait`): the shell splits it.
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(path)
        .status()
        .with_context(|| format!("cannot start {editor}"))?;
    if !status.success() {
        anyhow::bail!("{editor} exited with {status} (the post is written)");
    }
    Ok(())
}

/// Renders the post for the article `editor.article` names. When it is
/// to be written (`how`, without --dry-run), first checks that the target
/// can take it, and returns the target's lock, under which the post's
/// place in the day was decided: hold it until the post is written.
pub fn render_post(
    render: &RenderArgs,
    how: Option<&WriteArgs>,
    editor: &InstructionsArgs,
    loaded: &Loaded,
) -> Result<(Post, Target, Option<FolderLock>)> {
    let article = setup::read_published(editor.article.as_ref())?;
    let rendered = render_article(article, render, how, editor, loaded)?;
    Ok((rendered.post, rendered.target, rendered.lock))
}

/// A post rendered, with what a preview shows beside it.
pub struct Rendered {
    /// The post.
    pub post: Post,
    /// Where it goes.
    pub target: Target,
    /// The target's lock, when the post is to be written.
    pub lock: Option<FolderLock>,
    /// The instructions it was made with.
    pub instructions: articleizer::Instructions,
    /// The warnings about them, as said on stderr.
    pub warnings: Vec<String>,
}

/// [`render_post`] for an article already read.
pub fn render_article(
    article: setup::Article,
    render: &RenderArgs,
    how: Option<&WriteArgs>,
    editor: &InstructionsArgs,
    loaded: &Loaded,
) -> Result<Rendered> {
    let writing = how.is_some_and(|w| !w.dry_run);
    let draft = how.is_some_and(|w| w.draft);
    let mut target = loaded.target(render.target.as_deref())?;
    if let Some(style) = &render.permalink_style {
        target.permalink_style = style.clone();
    }
    if draft {
        // Jekyll's drafts live beside the posts: `_drafts/` next to `_posts/`.
        let site = utils::fs::parent_of(&target.dir);
        let drafts = site.join("_drafts");
        if writing && site.is_dir() {
            std::fs::create_dir_all(&drafts)
                .with_context(|| format!("cannot create {}", drafts.display()))?;
        }
        target.dir = drafts;
    }
    let date = setup::post_date(render);
    loaded.notice_defaults();
    if writing {
        // Found out now, not after paying for the instructions.
        write::check_target(&target.dir)?;
    }
    let setup::Article {
        text: article,
        curated,
    } = article;
    let obtained = obtain(&article, editor, loaded)?;
    warn(&obtained.warnings, true);
    let mut warnings: Vec<String> = obtained
        .warnings
        .iter()
        .filter(|p| !p.path.ends_with("after_text_snippet"))
        .map(ToString::to_string)
        .collect();
    let mut instructions = obtained.instructions;
    // A post made again keeps the fields a person chose for it: its URL
    // above all (the permalink decides the file name too).
    let mut kept_slug = None;
    if let Some(curated) = &curated {
        curated.keep(&mut instructions, &editor.replace);
        if let Some(permalink) = curated.kept_permalink(&editor.replace) {
            target.permalink_style = permalink.to_string();
            kept_slug = Some(render::permalink(permalink, ":slug"));
        }
    }
    let template = loaded.post_template(render.post_template.as_ref())?;
    // Two runs at once get different sort orders: the lock is taken after
    // the paid call, so it does not hold that up.
    let lock = writing
        .then(|| FolderLock::acquire(&target.dir, !how.is_some_and(|w| w.no_wait)))
        .transpose()?;
    let slug = kept_slug
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| render::file_slug(&instructions));
    let file_name = if draft {
        format!("{slug}.md")
    } else {
        format!("{date}-{slug}.md")
    };
    let sort_order = write::sort_order_for(&target.dir, date, &file_name);
    let slot = Slot {
        file_name,
        date,
        sort_order,
        unpublished: obtained.offline && !render.publish,
    };
    let post = render::render(article, &instructions, &target, &template, slot)?;
    if writing && !draft {
        let force = how.is_some_and(|w| w.force);
        if let Some(taken) =
            write::check_permalink(&target.dir, &post.permalink, &post.file_name, force)?
        {
            setup::notice(format_args!("warning: {taken}"));
            warnings.push(taken.to_string());
        }
    }
    for left in &post.unmatched {
        setup::notice(format_args!(
            "warning: subheading {:?} not placed: its snippet {:?} {}",
            left.item.subheading, left.item.after_text_snippet, left.why
        ));
    }
    Ok(Rendered {
        post,
        target,
        lock,
        instructions,
        warnings,
    })
}
