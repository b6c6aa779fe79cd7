//! `articleizer`: the Jekyll post for a sanitized journal entry, made
//! from an editor's instructions; and `batch`, which brings old posts up
//! to date. Parses arguments, reads input, calls the library, writes
//! output, maps errors to exit codes.

use anyhow::{bail, Context, Result};
use articleizer::cache::Cache;
use articleizer::config::{self, Settings};
use articleizer::editor::{Editor, Source};
use articleizer::instructions::{parse_response, Instructions, Rules};
use articleizer::keys;
use articleizer::prompt::{self, PromptSettings};
use articleizer::providers::{anthropic, gemini, openai, Provider, RetryPolicy};
use articleizer::render::{Post, Target};
use clap::{Args, Parser, Subcommand};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

mod cmd;

/// Turn a sanitized AI-assisted journal entry into a Jekyll post.
///
/// Reads the article (a file, or stdin: `pbpaste | sanitizer | articleizer`),
/// gets editing instructions from an LLM provider (Gemini, any
/// OpenAI-compatible server such as OpenAI or a local Ollama, Anthropic), a
/// saved instructions file, or the built-in offline editor when no key or
/// server is configured, renders the Jekyll post, writes it into the target's
/// directory (never over an existing post without --force) and prints its
/// path. Answers are cached, so an article is never paid for twice.
///
/// Settings come from --config, else $ARTICLEIZER_CONFIG, else ./config.toml,
/// else ~/.config/articleizer/config.toml (table [articleizer]); flags win.
///
/// Exit status: 0 done; 1 the instructions are invalid; 2 bad usage or
/// input; 64 the request was rejected; 65 the answer is unusable (cut off or
/// not JSON; it is saved); 69 the service stayed unavailable; 75 the quota
/// is exhausted for the day (switch keys); 77 the key was refused.
#[derive(Parser, Debug)]
#[command(
    name = "articleizer",
    version,
    args_conflicts_with_subcommands = true,
    after_help = "Examples:\n  pbpaste | sanitizer | articleizer                 # write the post, print its path\n  articleizer draft.md --dry-run                     # print the post instead\n  articleizer preview draft.md --instructions i.json # where the subheadings land\n  articleizer instructions draft.md > i.json         # just the instructions"
)]
struct Cli {
    /// Configuration file (TOML with [articleizer] and [targets.NAME] tables).
    #[arg(short, long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(flatten)]
    render: RenderArgs,
    #[command(flatten)]
    editor: InstructionsArgs,
    #[command(subcommand)]
    command: Option<Command>,
}

/// Where and how the post is written.
#[derive(Args, Debug)]
struct RenderArgs {
    /// The target site (a [targets.NAME] table, or the predecessor's
    /// targets.json); default: the configuration's `target`, else `posts`.
    #[arg(long, value_name = "NAME")]
    target: Option<String>,
    /// The post's date, YYYY-MM-DD (default: today, local time).
    #[arg(long, value_name = "DATE")]
    date: Option<String>,
    /// Print the post instead of writing it.
    #[arg(long)]
    dry_run: bool,
    /// Replace an existing post of the same name.
    #[arg(long)]
    force: bool,
    /// When another run is writing to the target, exit at once instead of
    /// waiting for it.
    #[arg(long)]
    no_wait: bool,
    /// A post template of your own (default: templates/post.md's built-in copy).
    #[arg(long, value_name = "FILE")]
    post_template: Option<PathBuf>,
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
    /// Show what the post would be: its file name, front matter, where each
    /// subheading lands (with a line of context) and what did not match.
    /// Writes nothing; with --instructions it makes no LLM call.
    Preview {
        #[command(flatten)]
        render: RenderArgs,
        #[command(flatten)]
        editor: InstructionsArgs,
    },
    /// Reprocess existing posts: rewrap, repair fences, reanalyze (a dry
    /// run unless --write).
    Batch(cmd::batch::BatchArgs),
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
    #[command(flatten)]
    provider: ProviderArgs,
}

/// Which editor answers, and how.
#[derive(Args, Debug, Clone)]
struct ProviderArgs {
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

/// The configuration: `[articleizer]` settings and the targets.
struct Loaded {
    settings: Settings,
    targets: BTreeMap<String, config::TargetSettings>,
}

fn load_config(cli_config: Option<&std::path::Path>) -> Result<Loaded> {
    let mut targets = BTreeMap::new();
    let legacy = keys::default_files()
        .first()
        .and_then(|f| f.parent().map(|d| d.join("targets.json")));
    if let Some(text) = legacy.and_then(|p| std::fs::read_to_string(p).ok()) {
        targets.extend(config::legacy_targets(&text));
    }
    let Some(path) = config::find(cli_config) else {
        return Ok(Loaded {
            settings: Settings::default(),
            targets,
        });
    };
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read config {}", path.display()))?;
    let settings =
        Settings::from_config(&text).with_context(|| format!("config {}", path.display()))?;
    targets.extend(config::targets(&text).with_context(|| format!("config {}", path.display()))?);
    Ok(Loaded { settings, targets })
}

/// The target named `name` (default: the configuration's, else `posts`).
fn target(loaded: &Loaded, name: Option<&str>) -> Result<Target> {
    let name = name
        .map(str::to_string)
        .or_else(|| loaded.settings.target.clone())
        .unwrap_or_else(|| "posts".into());
    let entry = match loaded.targets.get(&name) {
        Some(entry) => entry.clone(),
        None if name == "posts" => config::TargetSettings::default(),
        None => {
            let known: Vec<&str> = loaded.targets.keys().map(String::as_str).collect();
            bail!(
                "no target named {name:?} (known: {})",
                if known.is_empty() {
                    "none; add [targets.NAME] to config.toml".to_string()
                } else {
                    known.join(", ")
                }
            );
        }
    };
    Ok(Target {
        dir: config::expand_home(
            entry
                .path
                .as_deref()
                .unwrap_or(std::path::Path::new("posts")),
        ),
        base_url: entry
            .base_url
            .or_else(|| loaded.settings.site_url.clone())
            .unwrap_or_else(|| "https://example.com".into()),
        permalink_style: entry
            .permalink_style
            .or_else(|| loaded.settings.permalink_style.clone())
            .unwrap_or_else(|| "/futureproof/:slug/".into()),
        layout: entry.layout.unwrap_or_else(|| "post".into()),
        jekyll4: entry.jekyll4,
        live_tags: entry
            .live_tags
            .or_else(|| loaded.settings.live_tags.clone())
            .unwrap_or_else(articleizer::render::default_live_tags),
        name,
    })
}

/// The post's date: `--date`, else today in local time; warns when ahead.
fn post_date(arg: Option<&str>) -> Result<String> {
    let today = chrono::Local::now().date_naive();
    let Some(text) = arg else {
        return Ok(today.format("%Y-%m-%d").to_string());
    };
    let date = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .with_context(|| format!("--date {text:?} is not a date like 2026-01-31"))?;
    if date > today {
        eprintln!("articleizer: warning: {date} is in the future; Jekyll skips future posts unless the site sets `future: true`");
    }
    Ok(date.format("%Y-%m-%d").to_string())
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
fn provider(args: &ProviderArgs, settings: &Settings) -> Result<Option<Provider>> {
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
    // A named key says a real editor was asked for: never the offline one
    // by default. A key named like a provider picks it; another name is
    // looked up for Gemini, the predecessor's provider.
    let chosen = chosen.or_else(|| {
        args.key.as_ref().map(|alias| match alias.as_str() {
            "gemini" | "openai" | "anthropic" => alias.clone(),
            _ => "gemini".to_string(),
        })
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

/// The instructions for `article`: replayed from --instructions (checked;
/// invalid -> an error), or obtained from the editor.
fn obtain(
    article: &str,
    args: &InstructionsArgs,
    loaded: &Loaded,
    strict: bool,
) -> Result<Instructions> {
    if let Some(path) = &args.instructions {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let value = parse_response(&text).with_context(|| format!("{}", path.display()))?;
        let instructions = Instructions::from_value(value)
            .map_err(|problems| problems_error(&path.display().to_string(), &problems))?;
        let problems = instructions.validate(article, &Rules::default());
        if !problems.is_empty() && strict {
            return Err(articleizer::editor::EditorError::Invalid {
                problems,
                saved: path.clone(),
            }
            .into());
        }
        // Rendering a file the writer chose: its problems are warnings; the
        // renderer reports unplaced subheadings itself.
        for problem in problems
            .iter()
            .filter(|p| !p.path.ends_with("after_text_snippet"))
        {
            eprintln!("articleizer: warning: {}: {problem}", path.display());
        }
        return Ok(instructions);
    }
    let editor = editor(&args.provider, loaded)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let (instructions, source) = runtime.block_on(editor.obtain(article))?;
    announce(&editor, &source);
    Ok(instructions)
}

/// Says on stderr which editor made the instructions: a run that asks an
/// editor always names it (provider and model), so a fallback is never
/// silent.
fn announce(editor: &Editor, source: &Source) {
    let asked = editor.provider.as_ref().map_or_else(
        || "the offline editor (no API key or server configured)".to_string(),
        |p| format!("{} ({})", p.name(), p.model()),
    );
    match source {
        Source::Offline => eprintln!("articleizer: editor: {asked}"),
        Source::Cache(path) => eprintln!(
            "articleizer: editor: {asked}, answer from the cache ({})",
            path.display()
        ),
        Source::Provider { model } => {
            eprintln!("articleizer: editor: {asked}, answered by {model}")
        }
    }
}

/// The editor the configuration and flags describe.
fn editor(args: &ProviderArgs, loaded: &Loaded) -> Result<Editor> {
    let settings = &loaded.settings;
    let provider = provider(args, settings)?;
    let cache = if args.no_cache {
        None
    } else {
        settings
            .cache_dir
            .as_deref()
            .map(config::expand_home)
            .or_else(Cache::default_dir)
            .map(Cache::new)
    };
    let defaults = RetryPolicy::default();
    Ok(Editor {
        provider,
        cache,
        policy: RetryPolicy {
            attempts: settings.attempts.unwrap_or(defaults.attempts),
            timeout: settings
                .timeout_secs
                .map_or(defaults.timeout, Duration::from_secs),
            max_wait: settings
                .max_wait_secs
                .map_or(defaults.max_wait, Duration::from_secs),
            ..defaults
        },
        rules: Rules::default(),
        prompt: prompt_settings(settings, args.site_url.clone(), None),
        template: template(settings.prompt_template.as_ref())?,
        fix: !args.no_fix,
        verbose: args.verbose,
        throttle: None,
    })
}

/// The post template: --post-template, else the configuration's, else the built-in one.
fn post_template(path: Option<&PathBuf>, settings: &Settings) -> Result<String> {
    match path.or(settings.post_template.as_ref()) {
        Some(path) => std::fs::read_to_string(config::expand_home(path))
            .with_context(|| format!("cannot read post template {}", path.display())),
        None => Ok(articleizer::render::DEFAULT_TEMPLATE.to_string()),
    }
}

/// Renders the post for the article read by `editor.article`; with
/// `write`, first checks that the target can take it.
fn render_post(
    render: &RenderArgs,
    editor: &InstructionsArgs,
    loaded: &Loaded,
    write: bool,
) -> Result<(Post, Target, String, Option<articleizer::write::FolderLock>)> {
    let target = target(loaded, render.target.as_deref())?;
    let date = post_date(render.date.as_deref())?;
    let article = read_article(editor.article.as_ref())?;
    if write {
        // Found out now, not after paying for the instructions.
        articleizer::write::check_target(&target.dir)?;
    }
    let instructions = obtain(&article, editor, loaded, false)?;
    let post_template = post_template(render.post_template.as_ref(), &loaded.settings)?;
    let file_name = articleizer::render::file_name(&instructions, &date);
    // The post's place in the day is decided and the post written under
    // the target's lock (held by the caller until the write): two runs at
    // once get different sort orders. The paid call above is not held up.
    let lock = write
        .then(|| articleizer::write::FolderLock::acquire(&target.dir, !render.no_wait))
        .transpose()?;
    let sort_order = articleizer::write::sort_order_for(&target.dir, &date, &file_name);
    let post = articleizer::render::render(
        &article,
        &instructions,
        &target,
        &post_template,
        &date,
        sort_order,
    )?;
    for item in &post.unmatched {
        eprintln!("articleizer: warning: subheading {:?} not placed: its snippet {:?} is not within one block of the article", item.subheading, item.after_text_snippet);
    }
    Ok((post, target, date, lock))
}

fn run(cli: Cli) -> Result<ExitCode> {
    let loaded = load_config(cli.config.as_deref())?;
    match cli.command {
        None => {
            let (post, target, _, _lock) =
                render_post(&cli.render, &cli.editor, &loaded, !cli.render.dry_run)?;
            if cli.render.dry_run {
                print!("{}", post.text);
                return Ok(ExitCode::SUCCESS);
            }
            let path = articleizer::write::write_post(
                &target.dir,
                &post.file_name,
                &post.text,
                cli.render.force,
            )?;
            println!("{}", path.display());
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Preview { render, editor }) => {
            let (post, target, _, _) = render_post(&render, &editor, &loaded, false)?;
            println!("file: {}", target.dir.join(&post.file_name).display());
            println!("front matter:");
            for line in post.front_matter.lines() {
                println!("  {line}");
            }
            println!("subheadings:");
            for placed in &post.placements {
                println!("  after line {}:", placed.after_line);
                println!("    | {}", placed.before);
                println!("    + {}", placed.heading);
                if !placed.after.is_empty() {
                    println!("    | {}", placed.after);
                }
            }
            if !post.unmatched.is_empty() {
                println!("not placed:");
                for item in &post.unmatched {
                    println!(
                        "  {} (snippet: {:?})",
                        item.subheading, item.after_text_snippet
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Prompt {
            article,
            template: template_path,
            site_url,
            permalink_style,
        }) => {
            let article = read_article(article.as_ref())?;
            let template = template(
                template_path
                    .as_ref()
                    .or(loaded.settings.prompt_template.as_ref()),
            )?;
            print!(
                "{}",
                prompt::render(
                    &template,
                    &article,
                    &prompt_settings(&loaded.settings, site_url, permalink_style)
                )?
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Batch(args)) => cmd::batch::run(args, &loaded),
        Some(Command::Instructions(args)) => {
            let article = read_article(args.article.as_ref())?;
            match obtain(&article, &args, &loaded, true) {
                Ok(instructions) => {
                    println!("{}", instructions.to_json());
                    Ok(ExitCode::SUCCESS)
                }
                Err(err) => Err(err),
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
