//! `articleizer`: editing instructions for a sanitized journal entry, and
//! (to come) the Jekyll post made from them.

use anyhow::{bail, Context, Result};
use articleizer::instructions::{parse_response, Instructions, Rules};
use articleizer::prompt::{self, PromptSettings};
use articleizer::providers::offline::{self, OfflineOptions};
use clap::{Parser, Subcommand};
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

/// Turn a sanitized AI-assisted journal entry into a Jekyll post.
///
/// Built so far: the editing instructions (`articleizer instructions`) from
/// the offline editor or a saved instructions file, and the editing prompt
/// (`articleizer prompt`). LLM providers and post rendering come next.
///
/// Exit status: 0 done; 1 the instructions are invalid; 2 bad usage or
/// unreadable input.
#[derive(Parser, Debug)]
#[command(name = "articleizer", version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Print the editing instructions for an article as JSON.
    ///
    /// With no provider configured, the offline editor computes them from
    /// the text (clearly labelled as offline). With --instructions, a saved
    /// instructions file is read, checked against the article and printed.
    Instructions {
        /// The article (Markdown); stdin when absent or `-`.
        article: Option<PathBuf>,
        /// Replay a saved instructions file instead of asking an editor.
        #[arg(long, value_name = "FILE")]
        instructions: Option<PathBuf>,
        /// The site's base URL, for the promotional tweet's link.
        #[arg(long, value_name = "URL", default_value = "https://example.com")]
        base_url: String,
    },
    /// Print the full editing prompt for an article (to paste into a chat UI).
    Prompt {
        /// The article (Markdown); stdin when absent or `-`.
        article: Option<PathBuf>,
        /// A prompt template of your own (Jinja syntax; variables: article,
        /// schema, base_url, permalink_style, avoid_words, sparing_words, rules).
        #[arg(long, value_name = "FILE")]
        template: Option<PathBuf>,
        /// The site's base URL.
        #[arg(long, value_name = "URL", default_value = "https://example.com")]
        base_url: String,
        /// How permalinks look.
        #[arg(long, value_name = "STYLE", default_value = "/futureproof/:slug/")]
        permalink_style: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("articleizer: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn read_article(path: Option<&PathBuf>) -> Result<String> {
    let bytes = match path {
        Some(path) if path.as_os_str() != "-" => {
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?
        }
        _ => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .context("cannot read stdin")?;
            bytes
        }
    };
    let text = sanitizer::decode(bytes, false).context("the article")?;
    if text.trim().is_empty() {
        bail!("the article is empty");
    }
    Ok(text)
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        None => bail!("rendering posts is not built yet; `articleizer instructions` prints the editing instructions, `articleizer prompt` the prompt (see --help)"),
        Some(Command::Prompt { article, template, base_url, permalink_style }) => {
            let article = read_article(article.as_ref())?;
            let template = match template {
                Some(path) => std::fs::read_to_string(&path).with_context(|| format!("cannot read template {}", path.display()))?,
                None => prompt::DEFAULT_TEMPLATE.to_string(),
            };
            let settings = PromptSettings { base_url, permalink_style, ..PromptSettings::default() };
            print!("{}", prompt::render(&template, &article, &settings)?);
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Instructions { article, instructions, base_url }) => {
            let article = read_article(article.as_ref())?;
            let instructions = match instructions {
                Some(path) => {
                    let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
                    let value = parse_response(&text).with_context(|| format!("{}", path.display()))?;
                    Instructions::from_value(value).map_err(|problems| problems_error(&path.display().to_string(), &problems))?
                }
                None => {
                    eprintln!("articleizer: using the offline editor (no API key or server configured)");
                    offline::edit(&article, &OfflineOptions { base_url, ..OfflineOptions::default() })?
                }
            };
            let problems = instructions.validate(&article, &Rules::default());
            println!("{}", instructions.to_json());
            if problems.is_empty() {
                Ok(ExitCode::SUCCESS)
            } else {
                eprintln!("articleizer: {}", problems_error("the instructions", &problems));
                Ok(ExitCode::from(1))
            }
        }
    }
}

fn problems_error(what: &str, problems: &[articleizer::Problem]) -> anyhow::Error {
    let listed: Vec<String> = problems.iter().map(ToString::to_string).collect();
    anyhow::anyhow!(
        "{what} have {} problem{}: {}",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" },
        listed.join("; ")
    )
}
