//! `articleizer instructions`: the editing instructions for an article, as
//! JSON; and [`obtain`], how every subcommand gets them.

use crate::cli::InstructionsArgs;
use crate::setup::{self, editor, Loaded};
use anyhow::{Context, Result};
use articleizer::editor::{EditorError, KeyRing, Source};
use articleizer::instructions::{parse_response, Instructions, ParseError};
use articleizer::Problem;
use std::io::IsTerminal;
use std::process::ExitCode;

/// Runs `articleizer instructions`.
pub fn run(args: &InstructionsArgs, loaded: &Loaded) -> Result<ExitCode> {
    let article = setup::read_published(args.article.as_ref())?;
    let mut obtained = obtain(&article.text, args, loaded)?;
    warn(&obtained.warnings, false);
    if let Some(curated) = &article.curated {
        curated.keep(&mut obtained.instructions, &args.replace);
    }
    let json = obtained.instructions.to_json() + "\n";
    utils::input::write_stdout(utils::terminal::printable_json(&json).as_bytes())
        .context("cannot write to stdout")?;
    Ok(ExitCode::SUCCESS)
}

/// One line on stderr per soft problem the instructions are used with;
/// with `rendering`, not those of snippets that have no place (the
/// renderer names each subheading it leaves out, and why).
pub fn warn(warnings: &[Problem], rendering: bool) {
    for problem in warnings.iter().filter(|p| !(rendering && p.unplaced)) {
        setup::notice(format_args!("warning: {problem}"));
    }
}

/// Instructions and what is known of them.
pub struct Obtained {
    /// The instructions.
    pub instructions: Instructions,
    /// Their soft problems, each a warning.
    pub warnings: Vec<Problem>,
    /// Whether the offline editor made them (its posts are drafts).
    pub offline: bool,
}

/// The instructions for `article` and their soft problems: replayed
/// from --instructions, or obtained from the editor. Hard problems are an
/// error.
pub fn obtain(article: &str, args: &InstructionsArgs, loaded: &Loaded) -> Result<Obtained> {
    articleizer::curated::Curated::check_fields(&args.replace).map_err(anyhow::Error::msg)?;
    if let Some(path) = &args.instructions {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        // The parser speaks of a model's response; this is the user's file.
        let value = parse_response(&text).map_err(|err| match err {
            ParseError::Empty => anyhow::anyhow!("{} is empty", path.display()),
            ParseError::NoJson { reason } => {
                anyhow::anyhow!("no JSON object in {} ({reason})", path.display())
            }
        })?;
        drop(text);
        let instructions = Instructions::from_value(value)
            .map_err(|problems| problems_error(&path.display().to_string(), &problems))?;
        let rules = loaded.prompt_settings(None, None, &[]).rules;
        let problems = instructions.validate(article, &rules);
        if !problems.iter().all(Problem::is_soft) {
            return Err(EditorError::Invalid {
                problems,
                saved: path.clone(),
            }
            .into());
        }
        return Ok(Obtained {
            instructions,
            warnings: problems,
            offline: false,
        });
    }
    if args.provider.verbose {
        match &loaded.source {
            Some(path) => setup::notice(format_args!("config: {}", path.display())),
            None => setup::notice(format_args!("config: none found (built-in defaults)")),
        }
    }
    let ring = KeyRing::new(editor::editors(&args.provider, loaded)?);
    let Some(first) = ring.editor() else {
        anyhow::bail!("no editor");
    };
    let runtime = crate::setup::runtime()?;
    // A spinner while a provider thinks, on a terminal only.
    let spinner = (first.provider.is_some() && std::io::stderr().is_terminal() && !setup::quiet())
        .then(|| {
            let bar = indicatif::ProgressBar::new_spinner();
            bar.set_message("asking the editor...");
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            bar
        });
    let answer = runtime.block_on(ring.obtain(article));
    if let Some(bar) = spinner {
        bar.finish_and_clear();
    }
    let answer = answer?;
    if let Some(answered) = ring.editor() {
        editor::announce(answered, &answer.source);
    }
    key_notice(&ring);
    Ok(Obtained {
        offline: answer.source == Source::Offline,
        instructions: answer.instructions,
        warnings: answer.warnings,
    })
}

/// Which named key answered, and which ran out, when `--keys` named
/// several.
fn key_notice(ring: &KeyRing) {
    let uses = ring.uses();
    if uses.len() < 2 {
        return;
    }
    let spent: Vec<&str> = uses
        .iter()
        .filter(|u| u.spent)
        .map(|u| u.name.as_str())
        .collect();
    let served = uses
        .iter()
        .find(|u| u.served > 0)
        .map_or("none (the answer was cached)", |u| u.name.as_str());
    let exhausted = if spent.is_empty() {
        String::new()
    } else {
        format!("; daily quota exhausted: {}", spent.join(", "))
    };
    setup::notice(format_args!("key: {served}{exhausted}"));
}

fn problems_error(what: &str, problems: &[Problem]) -> anyhow::Error {
    let listed: Vec<String> = problems.iter().map(ToString::to_string).collect();
    anyhow::anyhow!(
        "the instructions in {what} have {} problem{}: {}",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" },
        listed.join("; ")
    )
}
