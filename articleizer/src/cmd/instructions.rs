//! `articleizer instructions`: the editing instructions for an article, as
//! JSON; and [`obtain`], how every subcommand gets them.

use crate::cli::InstructionsArgs;
use crate::setup::{self, editor, Loaded};
use anyhow::{Context, Result};
use articleizer::editor::EditorError;
use articleizer::instructions::{parse_response, Instructions, Rules};
use articleizer::Problem;
use std::process::ExitCode;

/// Runs `articleizer instructions`.
pub fn run(args: &InstructionsArgs, loaded: &Loaded) -> Result<ExitCode> {
    let article = setup::read_article(args.article.as_ref())?;
    let instructions = obtain(&article, args, loaded, true)?;
    println!("{}", instructions.to_json());
    Ok(ExitCode::SUCCESS)
}

/// The instructions for `article`: replayed from --instructions (checked;
/// with `strict`, problems are an error), or obtained from the editor.
pub fn obtain(
    article: &str,
    args: &InstructionsArgs,
    loaded: &Loaded,
    strict: bool,
) -> Result<Instructions> {
    if let Some(path) = &args.instructions {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let value = parse_response(&text).with_context(|| format!("{}", path.display()))?;
        let instructions = Instructions::from_value(value)
            .map_err(|problems| problems_error(&path.display().to_string(), &problems))?;
        let problems = instructions.validate(article, &Rules::default());
        if !problems.is_empty() && strict {
            return Err(EditorError::Invalid {
                problems,
                saved: path.clone(),
            }
            .into());
        }
        // Rendering a file the writer chose: its problems are warnings; the
        // renderer reports unplaced subheadings itself.
        for problem in problems
            .iter()
            .filter(|p| !p.path.ends_with("after_text_snippet"))
        {
            eprintln!("articleizer: warning: {}: {problem}", path.display());
        }
        return Ok(instructions);
    }
    let editor = editor::editor(&args.provider, loaded)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let (instructions, source) = runtime.block_on(editor.obtain(article))?;
    editor::announce(&editor, &source);
    Ok(instructions)
}

fn problems_error(what: &str, problems: &[Problem]) -> anyhow::Error {
    let listed: Vec<String> = problems.iter().map(ToString::to_string).collect();
    anyhow::anyhow!(
        "{what} have {} problem{}: {}",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" },
        listed.join("; ")
    )
}
