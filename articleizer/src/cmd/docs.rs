//! `articleizer completions SHELL` and `articleizer man`: the command line
//! described for shells and `man`, from the same clap types as `--help`.

use crate::cli::Cli;
use anyhow::{Context, Result};
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

/// Prints the man page.
pub fn man() -> Result<ExitCode> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .context("cannot render the man page")?;
    write_stdout(&page).context("cannot write to stdout")?;
    Ok(ExitCode::SUCCESS)
}
