//! `articleizer preview`: what the post would be, without writing it; with
//! `--html`, one page that shows it as readers will.

use crate::cli::PreviewArgs;
use crate::cmd::post::{render_article, Rendered};
use crate::setup::{self, Loaded};
use anyhow::{Context, Result};
use articleizer::preview::{self, Preview};
use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;

/// What a page this command wrote carries, so a later run may replace it
/// (and nothing else).
const GENERATOR: &str = "<meta name=\"generator\" content=\"articleizer preview\">";

/// Runs `articleizer preview`.
pub fn run(args: &PreviewArgs, loaded: &Loaded) -> Result<ExitCode> {
    if let Some(out) = &args.html {
        return html(args, out, loaded);
    }
    let article = setup::read_published(args.editor.article.as_ref())?;
    let rendered = render_article(article, &args.render, None, &args.editor, loaded)?;
    text(&rendered)
}

/// The file name, the front matter, where each subheading lands (with a
/// line of context each side) and what did not.
fn text(rendered: &Rendered) -> Result<ExitCode> {
    use std::fmt::Write;
    let (post, target) = (&rendered.post, &rendered.target);
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

/// Writes the HTML page to `out` (and opens it with `--open`): for a post
/// the pipeline wrote, as it is; for an article, as it would be.
fn html(args: &PreviewArgs, out: &Path, loaded: &Loaded) -> Result<ExitCode> {
    let target = loaded.target(args.render.target.as_deref())?;
    // A file is read as written first: a post the pipeline wrote is shown
    // as it is (reading it as an article would take its parts off).
    let path = args
        .editor
        .article
        .as_deref()
        .filter(|p| !utils::input::is_stdin(Some(p)));
    let written = path.and_then(|path| {
        let text = std::fs::read_to_string(path).ok()?;
        let name = path.file_name()?.to_string_lossy().into_owned();
        preview::written::read(&text, &name, &target.base_url)
    });
    let preview = match written {
        Some(written) => {
            setup::notice(format_args!(
                "preview: a post the pipeline wrote, shown as it is (no editor asked)"
            ));
            written
        }
        None => {
            let article = setup::read_published(args.editor.article.as_ref())?;
            of_rendered(&render_article(
                article,
                &args.render,
                None,
                &args.editor,
                loaded,
            )?)
        }
    };
    // Never over a file this command did not write.
    match is_preview_page(out) {
        Ok(true) => {}
        Ok(false) => anyhow::bail!(
            "{} exists and is not a preview page: choose another file (nothing written)",
            out.display()
        ),
        Err(_) if out.exists() => anyhow::bail!(
            "{} exists and is not a preview page: choose another file (nothing written)",
            out.display()
        ),
        Err(_) => {}
    }
    // Written as it is made: the page can be many times the post.
    let options = utils::fs::WriteOptions::new(".articleizer-preview-").replace(true);
    utils::fs::write_atomic_with(out, &options, |file| {
        let mut file = std::io::BufWriter::new(file);
        preview::write_page(&mut file, &preview, GENERATOR)?;
        file.flush()
    })
    .with_context(|| format!("cannot write {}", out.display()))?;
    utils::input::write_stdout(format!("{}\n", out.display()).as_bytes())
        .context("cannot write to stdout")?;
    if args.open {
        open_in_browser(out)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// How much of an existing file is read to tell a page this command wrote:
/// [`GENERATOR`] is on its first line.
const HEAD: u64 = 1024;

/// Whether the file at `out` starts as a page this command wrote (only its
/// head is read: the file may be large, and need not be ours).
fn is_preview_page(out: &Path) -> std::io::Result<bool> {
    let mut head = Vec::new();
    std::fs::File::open(out)?
        .take(HEAD)
        .read_to_end(&mut head)?;
    Ok(head
        .windows(GENERATOR.len())
        .any(|w| w == GENERATOR.as_bytes()))
}

/// The preview of a post just rendered.
fn of_rendered(rendered: &Rendered) -> Preview {
    let post = &rendered.post;
    let front = |key: &str| {
        articleizer::post::ParsedPost::parse(&format!("---\n{}---\n", post.front_matter))
            .ok()
            .and_then(|p| p.string(key))
            .unwrap_or_default()
    };
    let url = if rendered.target.base_url.trim().is_empty() {
        String::new()
    } else {
        format!(
            "{}{}",
            rendered.target.base_url.trim_end_matches('/'),
            post.permalink
        )
    };
    let tweet = rendered
        .instructions
        .book_analysis_content
        .promotional_tweet
        .trim();
    Preview {
        file_name: post.file_name.clone(),
        title: front("title"),
        permalink: post.permalink.clone(),
        description: front("meta_description"),
        keywords: front("meta_keywords"),
        date: articleizer::post::file_date(&post.file_name)
            .map(|d| d.to_string())
            .unwrap_or_default(),
        draft: front("published") == "false",
        markdown: post.body_markdown().to_string(),
        placed: post
            .placements
            .iter()
            .map(|p| (p.heading.clone(), p.snippet.clone()))
            .collect(),
        unmatched: post
            .unmatched
            .iter()
            .map(|left| {
                (
                    left.item.subheading.clone(),
                    left.item.after_text_snippet.clone(),
                    left.why.to_string(),
                )
            })
            .collect(),
        warnings: rendered.warnings.clone(),
        tweet: (!tweet.is_empty())
            .then(|| articleizer::render::analysis::tweet_with_url(tweet, &url)),
        url,
    }
}

/// Opens `path` in the default browser.
fn open_in_browser(path: &Path) -> Result<()> {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    std::process::Command::new(opener)
        .arg(path)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .with_context(|| {
            format!(
                "cannot start {opener} to open {} (the page is written)",
                path.display()
            )
        })?;
    Ok(())
}
