//! `articleizer models`: what the provider offers, from its own list.

use crate::cli::ModelsArgs;
use crate::setup::{editor, Loaded};
use anyhow::{Context, Result};
use articleizer::providers::RetryPolicy;
use std::process::ExitCode;

/// Runs `articleizer models`.
pub fn run(args: &ModelsArgs, loaded: &Loaded) -> Result<ExitCode> {
    let mut provider_args = args.provider.clone();
    let chosen = provider_args
        .model
        .clone()
        .or_else(|| loaded.settings.model.clone());
    // Listing needs no model; a local server is not asked to pick one.
    provider_args.model.get_or_insert_with(|| "-".to_string());
    let provider = editor::provider(&provider_args, loaded)?.context(
        "the offline editor has no models: choose a provider (--provider gemini, openai or anthropic) with a key",
    )?;
    let runtime = crate::setup::runtime()?;
    let models = runtime.block_on(provider.models(&RetryPolicy::default()))?;
    let mut out = String::new();
    for model in &models {
        let mark = if chosen.as_deref() == Some(model.as_str()) {
            "*"
        } else {
            " "
        };
        out.push_str(&format!("{mark} {}\n", utils::terminal::printable(model)));
    }
    utils::input::write_stdout(out.as_bytes()).context("cannot write to stdout")?;
    Ok(ExitCode::SUCCESS)
}
