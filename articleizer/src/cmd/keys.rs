//! `articleizer keys`: save, list and locate API keys, as `llm keys` does.
//! A key is never printed.

use crate::cli::KeysCommand;
use crate::setup::Loaded;
use anyhow::{bail, Context, Result};
use articleizer::keys::{self, ApiKey};
use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

/// Runs `articleizer keys ...`.
pub fn run(command: &KeysCommand, loaded: &Loaded) -> Result<ExitCode> {
    let files = loaded.settings.resolved_keys_files();
    let file = files
        .first()
        .cloned()
        .context("no keys file: set HOME, or keys_files in the configuration")?;
    match command {
        KeysCommand::Path => println!("{}", file.display()),
        KeysCommand::List => {
            for path in files.iter().filter(|p| p.is_file()) {
                for (name, key) in keys::read_file(path)? {
                    println!(
                        "{name}\t{}\t{}",
                        keys::provider_of(&name, &key),
                        path.display()
                    );
                }
            }
        }
        KeysCommand::Set { name } => {
            let key = read_key(name)?;
            keys::save(&file, name, &key)?;
            eprintln!(
                "articleizer: saved {name} ({}) in {}",
                keys::provider_of(name, &key),
                file.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The key: at a hidden prompt on a terminal, else the first line of stdin.
fn read_key(name: &str) -> Result<ApiKey> {
    let text = if std::io::stdin().is_terminal() {
        rpassword::prompt_password(format!("{name} key (hidden): "))
            .context("cannot read the key from the terminal")?
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("cannot read the key from stdin")?;
        line
    };
    let key = ApiKey::new(&text);
    if key.expose().is_empty() {
        bail!("no key given; nothing saved");
    }
    Ok(key)
}
