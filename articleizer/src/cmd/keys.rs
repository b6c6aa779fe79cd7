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
        KeysCommand::Path => {
            utils::input::write_stdout(format!("{}\n", file.display()).as_bytes())
                .context("cannot write to stdout")?;
        }
        KeysCommand::List => {
            let saved = keys::saved(&files)?;
            if saved.is_empty() {
                let looked: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
                eprintln!(
                    "articleizer: no saved keys (looked in {}); `articleizer keys set NAME` saves one",
                    looked.join(", ")
                );
            }
            let mut out = String::new();
            for (name, provider, path) in saved {
                let provider = provider.map_or("unknown", |kind| kind.name());
                out.push_str(&format!("{name}\t{provider}\t{}\n", path.display()));
            }
            utils::input::write_stdout(out.as_bytes()).context("cannot write to stdout")?;
        }
        KeysCommand::Rm { name } => {
            if !keys::remove(&file, name)? {
                let elsewhere = files.iter().skip(1).filter(|f| f.is_file()).find(|f| {
                    keys::read_file(f).is_ok_and(|keys| keys.contains_key(name.as_str()))
                });
                match elsewhere {
                    Some(other) => bail!(
                        "{name:?} is in {}, which articleizer only reads; remove it there",
                        other.display()
                    ),
                    None => bail!(
                        "no key named {name:?} in {}; nothing removed",
                        file.display()
                    ),
                }
            }
            eprintln!("articleizer: removed {name} from {}", file.display());
        }
        KeysCommand::Set { name } => {
            let key = read_key(name)?;
            keys::save(&file, name, &key)?;
            eprintln!(
                "articleizer: saved {name} ({}) in {}",
                keys::provider_of(name, &key).map_or("unknown", |kind| kind.name()),
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
