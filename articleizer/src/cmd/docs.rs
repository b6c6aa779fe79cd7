//! `articleizer completions SHELL` and `articleizer man`: the command line
//! described for shells and `man`, from the same clap types as `--help`.

use crate::cli::Cli;
use anyhow::{bail, Context, Result};
use clap::CommandFactory;
use std::process::ExitCode;
use utils::input::write_stdout;

/// Prints the completion script for `shell`.
pub fn completions(shell: clap_complete::Shell) -> Result<ExitCode> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "articleizer", &mut script);
    write_stdout(&script).context("cannot write to stdout")?;
    Ok(ExitCode::SUCCESS)
}

/// Prints the man page, or the page of the subcommand `page` names
/// (`batch`, `keys set`, or the listed name `articleizer-batch`): every
/// page the main one lists prints.
pub fn man(page: &[String]) -> Result<ExitCode> {
    let words: Vec<String> = page
        .iter()
        .flat_map(|word| word.split(['-', ' ']))
        .filter(|word| !word.is_empty())
        .map(str::to_string)
        .collect();
    let words = match words.first().map(String::as_str) {
        Some("articleizer") => &words[1..],
        _ => &words[..],
    };
    let mut command = Cli::command();
    // Built, each subcommand carries the name its page goes by
    // (`articleizer-batch`), as the main page lists it.
    command.build();
    let mut name = "articleizer".to_string();
    for word in words {
        let Some(sub) = command.find_subcommand(word).cloned() else {
            let known: Vec<String> = command
                .get_subcommands()
                .filter(|c| !c.is_hide_set())
                .map(|c| c.get_name().to_string())
                .collect();
            bail!(
                "no man page {}-{word}; the pages below {name}: {}",
                name,
                known.join(", ")
            );
        };
        name = format!("{name}-{}", sub.get_name());
        command = sub;
    }
    let mut page = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut page)
        .context("cannot render the man page")?;
    write_stdout(&page).context("cannot write to stdout")?;
    Ok(ExitCode::SUCCESS)
}
