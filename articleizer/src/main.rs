//! `articleizer`: the Jekyll post for a sanitized journal entry, made
//! from an editor's instructions; and `batch`, which brings old posts up
//! to date. This file parses the command line and dispatches: the clap
//! types are in [`cli`], flags and configuration become configured
//! objects in [`setup`], and each subcommand is a module of [`cmd`].

mod cli;
mod cmd;
mod duration;
mod setup;

use articleizer::editor::EditorError;
use articleizer::providers::ProviderError;
use clap::{CommandFactory, Parser};
use cli::{Cli, Command};
use std::process::ExitCode;

fn main() -> ExitCode {
    let subcommands: Vec<String> = Cli::command()
        .get_subcommands()
        .flat_map(|c| std::iter::once(c.get_name()).chain(c.get_all_aliases()))
        .map(str::to_string)
        .collect();
    let args = cli::globals_after_subcommand(std::env::args_os().collect(), &subcommands);
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(err) => {
            // `articleizer previwe draft.md`: clap reads the typo as the
            // article and then complains about the file; say what was meant.
            let first_word = std::env::args().skip(1).find(|a| !a.starts_with('-'));
            let informational = matches!(
                err.kind(),
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion
            );
            if let (false, Some(message)) = (
                informational,
                first_word.as_deref().and_then(cli::typo_message),
            ) {
                eprintln!("articleizer: {message}");
                return ExitCode::from(2);
            }
            err.exit()
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            // An editor's failure has a status of its own (sysexits); any
            // other error is bad usage or input.
            let code = err
                .downcast_ref::<EditorError>()
                .map(EditorError::exit_code)
                .or_else(|| {
                    err.downcast_ref::<ProviderError>()
                        .map(ProviderError::exit_code)
                })
                .unwrap_or(2);
            // An error can carry a server's words: shown, never run.
            eprintln!(
                "articleizer: {}",
                utils::terminal::printable(&format!("{err:#}"))
            );
            ExitCode::from(code)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    setup::set_quiet(cli.quiet);
    // A bare word comes only without a subcommand (clap keeps the two apart).
    let bare_word = cli.editor.article.as_ref().and_then(|a| a.to_str());
    if let Some(message) = bare_word.and_then(cli::typo_message) {
        anyhow::bail!(message);
    }
    // Modes that describe the tool or write a first configuration never
    // read one: a broken config.toml must not stop its own repair.
    match &cli.command {
        Some(Command::Completions { shell }) => return cmd::docs::completions(*shell),
        Some(Command::Man { page }) => return cmd::docs::man(page),
        Some(Command::Init(args)) => return cmd::config::init(args),
        Some(Command::Config {
            action: Some(cli::ConfigAction::Trust { file }),
        }) => return cmd::config::trust(file),
        _ => {}
    }
    let loaded = setup::Loaded::read(cli.config.as_deref())?;
    match cli.command {
        None => cmd::post::run(&cli.render, &cli.write, &cli.editor, &loaded),
        Some(Command::Instructions(args)) => cmd::instructions::run(&args, &loaded),
        Some(Command::Preview(args)) => cmd::preview::run(&args, &loaded),
        Some(Command::Prompt(args)) => cmd::prompt::run(args, &loaded),
        Some(Command::Batch(args)) => cmd::batch::run(args, &loaded),
        Some(Command::Keys(command)) => cmd::keys::run(&command, &loaded),
        Some(Command::Config { action: None }) => cmd::config::show(&loaded),
        Some(Command::Logs(args)) => cmd::logs::run(&args, &loaded),
        Some(Command::Models(args)) => cmd::models::run(&args, &loaded),
        Some(Command::Publish(args)) => cmd::publish::run(&args, &loaded),
        Some(
            Command::Completions { .. }
            | Command::Man { .. }
            | Command::Init(_)
            | Command::Config {
                action: Some(cli::ConfigAction::Trust { .. }),
            },
        ) => unreachable!("dispatched before the configuration is read"),
    }
}
