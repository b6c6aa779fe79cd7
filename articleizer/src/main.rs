//! `articleizer`: editing instructions for a sanitized journal entry, and
//! (to come) the Jekyll post made from them.

use anyhow::{bail, Context, Result};
use articleizer::cache::Cache;
use articleizer::config::{self, Settings};
use articleizer::editor::{Editor, Source};
use articleizer::instructions::{parse_response, Instructions, Rules};
use articleizer::keys;
use articleizer::prompt::{self, PromptSettings};
use articleizer::providers::{anthropic, gemini, openai, Provider, RetryPolicy};
use clap::{Args, Parser, Subcommand};
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// Turn a sanitized AI-assisted journal entry into a Jekyll post.
///
/// Built so far: the editing instructions (`articleizer instructions`), from
/// an LLM provider (Gemini, any OpenAI-compatible server such as OpenAI or a
/// local Ollama, Anthropic), a saved instructions file, or the offline
/// editor when no key or server is configured; and the editing prompt
/// (`articleizer prompt`). Post rendering comes next.
///
/// Settings come from --config, else $ARTICLEIZER_CONFIG, else ./config.toml,
/// else ~/.config/articleizer/config.toml (table [articleizer]); flags win.
///
/// Exit status: 0 done; 1 the instructions are invalid; 2 bad usage or
/// input; 64 the request was rejected; 65 the answer is unusable (cut off or
/// not JSON; it is saved); 69 the service stayed unavailable; 75 the quota
/// is exhausted for the day (switch keys); 77 the key was refused.
#[derive(Parser, Debug)]
#[command(name = "articleizer", version)]
struct Cli {
    /// Configuration file (TOML with an [articleizer] table).
    #[arg(short, long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Print the editing instructions for an article as JSON.
    ///
    /// The provider is --provider, else the configuration's, else the first
    /// with a key in the environment (GEMINI_API_KEY or GOOGLE_API_KEY,
    /// OPENAI_API_KEY, ANTHROPIC_API_KEY), else the offline editor. Answers
    /// are cached, so the same article is never paid for twice.
    Instructions(InstructionsArgs),
    /// Print the full editing prompt for an article (to paste into a chat UI).
    Prompt {
        /// The article (Markdown); stdin when absent or `-`.
        article: Option<PathBuf>,
        /// A prompt template of your own (Jinja syntax; variables: article,
        /// schema, base_url, permalink_style, avoid_words, sparing_words, rules).
        #[arg(long, value_name = "FILE")]
        template: Option<PathBuf>,
        /// The site's base URL, for the tweet's link.
        #[arg(long, value_name = "URL")]
        site_url: Option<String>,
        /// How permalinks look, e.g. `/futureproof/:slug/`.
        #[arg(long, value_name = "STYLE")]
        permalink_style: Option<String>,
    },
}

#[derive(Args, Debug)]
struct InstructionsArgs {
    /// The article (Markdown); stdin when absent or `-`.
    article: Option<PathBuf>,
    /// Replay a saved instructions file instead of asking an editor.
    #[arg(long, value_name = "FILE")]
    instructions: Option<PathBuf>,
    /// gemini, openai (any OpenAI-compatible server), anthropic or offline.
    #[arg(long, value_name = "NAME")]
    provider: Option<String>,
    /// The model to ask (default per provider).
    #[arg(long, value_name = "NAME")]
    model: Option<String>,
    /// The API base URL (e.g. http://localhost:11434/v1 for Ollama).
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Use the key with this name from the keys file
    /// (~/.config/articleizer/keys.toml, or the older keys.json).
    #[arg(long, value_name = "ALIAS")]
    key: Option<String>,
    /// Neither read nor write the cache of answers.
    #[arg(long)]
    no_cache: bool,
    /// Do not ask again when an answer fails validation.
    #[arg(long)]
    no_fix: bool,
    /// The site's base URL, for the tweet's link.
    #[arg(long, value_name = "URL")]
    site_url: Option<String>,
    /// Print each call's log record on stderr.
    #[arg(short, long)]
    verbose: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            let code = err
                .downcast_ref::<articleizer::editor::EditorError>()
                .map_or(2, articleizer::editor::EditorError::exit_code);
            eprintln!("articleizer: {err:#}");
            ExitCode::from(code)
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

fn settings(cli_config: Option<&std::path::Path>) -> Result<Settings> {
    match config::find(cli_config) {
        Some(path) => {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read config {}", path.display()))?;
            Settings::from_config(&text).with_context(|| format!("config {}", path.display()))
        }
        None => Ok(Settings::default()),
    }
}

fn prompt_settings(
    settings: &Settings,
    site_url: Option<String>,
    permalink_style: Option<String>,
) -> PromptSettings {
    let defaults = PromptSettings::default();
    PromptSettings {
        base_url: site_url
            .or_else(|| settings.site_url.clone())
            .unwrap_or(defaults.base_url),
        permalink_style: permalink_style
            .or_else(|| settings.permalink_style.clone())
            .unwrap_or(defaults.permalink_style),
        avoid_words: settings.avoid_words.clone().unwrap_or(defaults.avoid_words),
        sparing_words: settings
            .sparing_words
            .clone()
            .unwrap_or(defaults.sparing_words),
        rules: Rules::default(),
    }
}

fn template(path: Option<&PathBuf>) -> Result<String> {
    match path {
        Some(path) => {
            let path = config::expand_home(path);
            std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read template {}", path.display()))
        }
        None => Ok(prompt::DEFAULT_TEMPLATE.to_string()),
    }
}

/// The configured provider, or `None` for the offline editor.
fn provider(args: &InstructionsArgs, settings: &Settings) -> Result<Option<Provider>> {
    let files = settings
        .keys_files
        .clone()
        .map(|f| f.iter().map(|p| config::expand_home(p)).collect())
        .unwrap_or_else(keys::default_files);
    let chosen = args
        .provider
        .clone()
        .or_else(|| settings.provider.clone())
        .or_else(|| {
            ["gemini", "openai", "anthropic"]
                .into_iter()
                .find(|p| {
                    keys::env_vars(p)
                        .iter()
                        .any(|v| std::env::var(v).is_ok_and(|k| !k.trim().is_empty()))
                })
                .map(str::to_string)
        });
    let Some(name) = chosen else { return Ok(None) };
    let model = args.model.clone().or_else(|| settings.model.clone());
    let base_url = args.base_url.clone().or_else(|| settings.base_url.clone());
    let mut key = keys::resolve(&name, args.key.as_deref(), &files)?;
    let needs_key = name != "offline" && !(name == "openai" && base_url.is_some());
    if key.is_none() && needs_key {
        if let Some(file) = files.first() {
            key = keys::ask_on_terminal(&name, file)?;
        }
    }
    let missing = |vars: &str| {
        anyhow::anyhow!(
            "no key for {name}: set {vars}, or put one in {} and use --key",
            files
                .first()
                .map_or_else(|| "a keys file".into(), |f| f.display().to_string())
        )
    };
    Ok(Some(match name.as_str() {
        "offline" => return Ok(None),
        "gemini" => {
            let key = key.ok_or_else(|| missing("GEMINI_API_KEY or GOOGLE_API_KEY"))?;
            Provider::Gemini(gemini::Gemini::new(
                base_url.as_deref().unwrap_or(gemini::DEFAULT_BASE_URL),
                model.as_deref().unwrap_or(gemini::DEFAULT_MODEL),
                &key,
            ))
        }
        "openai" => {
            let base = base_url.as_deref().unwrap_or(openai::DEFAULT_BASE_URL);
            if key.is_none() && base == openai::DEFAULT_BASE_URL {
                return Err(missing(
                    "OPENAI_API_KEY (a local server needs --base-url and no key)",
                ));
            }
            let mut client = openai::OpenAi::new(
                base,
                model.as_deref().unwrap_or(openai::DEFAULT_MODEL),
                key.as_deref(),
            );
            client.json_mode = settings.json_mode;
            Provider::OpenAi(client)
        }
        "anthropic" => {
            let key = key.ok_or_else(|| missing("ANTHROPIC_API_KEY"))?;
            let mut client = anthropic::Anthropic::new(
                base_url.as_deref().unwrap_or(anthropic::DEFAULT_BASE_URL),
                model.as_deref().unwrap_or(anthropic::DEFAULT_MODEL),
                &key,
            );
            client.structured_output = settings.structured_output;
            if let Some(max) = settings.max_tokens {
                client.max_tokens = max;
            }
            Provider::Anthropic(client)
        }
        other => bail!("unknown provider {other:?}: use gemini, openai, anthropic or offline"),
    }))
}

fn run(cli: Cli) -> Result<ExitCode> {
    let settings = settings(cli.config.as_deref())?;
    match cli.command {
        None => bail!("rendering posts is not built yet; `articleizer instructions` prints the editing instructions, `articleizer prompt` the prompt (see --help)"),
        Some(Command::Prompt { article, template: template_path, site_url, permalink_style }) => {
            let article = read_article(article.as_ref())?;
            let template = template(template_path.as_ref().or(settings.prompt_template.as_ref()))?;
            print!("{}", prompt::render(&template, &article, &prompt_settings(&settings, site_url, permalink_style))?);
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Instructions(args)) => {
            let article = read_article(args.article.as_ref())?;
            let instructions = match &args.instructions {
                Some(path) => {
                    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
                    let value = parse_response(&text).with_context(|| format!("{}", path.display()))?;
                    let instructions = Instructions::from_value(value).map_err(|problems| problems_error(&path.display().to_string(), &problems))?;
                    let problems = instructions.validate(&article, &Rules::default());
                    println!("{}", instructions.to_json());
                    if !problems.is_empty() {
                        eprintln!("articleizer: {}", problems_error("the instructions", &problems));
                        return Ok(ExitCode::from(1));
                    }
                    return Ok(ExitCode::SUCCESS);
                }
                None => {
                    let provider = provider(&args, &settings)?;
                    let cache = if args.no_cache { None } else { settings.cache_dir.as_deref().map(config::expand_home).or_else(Cache::default_dir).map(Cache::new) };
                    let defaults = RetryPolicy::default();
                    let editor = Editor {
                        provider,
                        cache,
                        policy: RetryPolicy {
                            attempts: settings.attempts.unwrap_or(defaults.attempts),
                            timeout: settings.timeout_secs.map_or(defaults.timeout, Duration::from_secs),
                            max_wait: settings.max_wait_secs.map_or(defaults.max_wait, Duration::from_secs),
                            ..defaults
                        },
                        rules: Rules::default(),
                        prompt: prompt_settings(&settings, args.site_url.clone(), None),
                        template: template(settings.prompt_template.as_ref())?,
                        fix: !args.no_fix,
                        verbose: args.verbose,
                    };
                    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().context("cannot start the async runtime")?;
                    let (instructions, source) = runtime.block_on(editor.obtain(&article))?;
                    match source {
                        Source::Offline => eprintln!("articleizer: using the offline editor (no API key or server configured)"),
                        Source::Cache(path) => eprintln!("articleizer: from the cache ({})", path.display()),
                        Source::Provider { model } => eprintln!("articleizer: answered by {model}"),
                    }
                    instructions
                }
            };
            println!("{}", instructions.to_json());
            Ok(ExitCode::SUCCESS)
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
