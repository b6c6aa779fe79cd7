//! `articleizer prompt`: the whole editing prompt for an article, to paste
//! into a chat UI.

use crate::cli::PromptArgs;
use crate::setup::{self, Loaded};
use anyhow::{Context, Result};
use articleizer::prompt;
use std::process::ExitCode;

/// Runs `articleizer prompt`.
pub fn run(args: PromptArgs, loaded: &Loaded) -> Result<ExitCode> {
    let article = setup::read_article(args.article.as_ref())?;
    let template = loaded.prompt_template(args.template.as_ref())?;
    let settings = loaded.prompt_settings(args.site_url, args.permalink_style, &args.hints);
    let text = prompt::render(&template, &article, &settings)?;
    utils::input::write_stdout(text.as_bytes()).context("cannot write to stdout")?;
    Ok(ExitCode::SUCCESS)
}
