//! `articleizer logs`: the latest calls from `calls.jsonl` in the cache,
//! as a table or as JSON lines. Records never hold a key.

use crate::cli::LogsArgs;
use crate::setup::Loaded;
use anyhow::{Context, Result};
use serde_json::Value;
use std::process::ExitCode;

/// Runs `articleizer logs`.
pub fn run(args: &LogsArgs, loaded: &Loaded) -> Result<ExitCode> {
    let dir = loaded
        .settings
        .resolved_cache_dir()
        .context("no cache folder: set HOME, or cache_dir in the configuration")?;
    let file = dir.join("calls.jsonl");
    let text = match std::fs::read_to_string(&file) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            eprintln!(
                "articleizer: no calls logged yet ({} is not there)",
                file.display()
            );
            return Ok(ExitCode::SUCCESS);
        }
        Err(err) => return Err(err).with_context(|| format!("cannot read {}", file.display())),
    };
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let latest = &lines[lines.len().saturating_sub(args.count)..];
    let mut out = String::new();
    if args.json {
        for line in latest {
            out.push_str(&utils::terminal::printable(line));
            out.push('\n');
        }
    } else {
        out.push_str("time                      provider   model                      in      out     ms       outcome\n");
        for line in latest {
            let Ok(record) = serde_json::from_str::<Value>(line) else {
                continue;
            };
            let field = |key: &str| match &record[key] {
                Value::Null => "-".to_string(),
                Value::String(s) => utils::terminal::printable(s).into_owned(),
                other => other.to_string(),
            };
            out.push_str(&format!(
                "{:<25} {:<10} {:<26} {:>7} {:>7} {:>8} {}\n",
                field("time"),
                field("provider"),
                field("model"),
                field("input_tokens"),
                field("output_tokens"),
                field("latency_ms"),
                field("outcome"),
            ));
        }
    }
    utils::input::write_stdout(out.as_bytes()).context("cannot write to stdout")?;
    Ok(ExitCode::SUCCESS)
}
