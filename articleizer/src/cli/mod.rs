//! Every command-line type of `articleizer`: the flags, their help, and
//! the subcommands. Nothing here reads a file or the configuration; that is
//! [`crate::setup`]'s work.

mod argv;
mod batch;

pub use argv::globals_after_subcommand;
use articleizer::providers::ProviderKind;
pub use batch::{BatchAction, BatchArgs, StatusArgs};
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

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
pub struct Cli {
    /// Configuration file (TOML with [articleizer] and [targets.NAME] tables).
    #[arg(short, long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Print no notices or warnings on stderr (errors still are).
    #[arg(short, long, global = true)]
    pub quiet: bool,
    #[command(flatten)]
    pub render: RenderArgs,
    #[command(flatten)]
    pub write: WriteArgs,
    #[command(flatten)]
    pub editor: InstructionsArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// How the post is made: for its own run and for `preview`.
#[derive(Args, Debug)]
pub struct RenderArgs {
    /// The target site (a [targets.NAME] table, or the predecessor's
    /// targets.json); default: the configuration's `target`, else `posts`.
    #[arg(long, value_name = "NAME")]
    pub target: Option<String>,
    /// The post's date, YYYY-MM-DD (default: today, local time).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub date: Option<NaiveDate>,
    /// How permalinks look, e.g. `/:slug/` (default: the target's).
    #[arg(long, value_name = "STYLE")]
    pub permalink_style: Option<String>,
    /// A post template of your own (default: templates/post.md's built-in copy).
    #[arg(long, value_name = "FILE")]
    pub post_template: Option<PathBuf>,
    /// Publish a post the offline editor made (by default its posts are
    /// drafts: `published: false` in the front matter).
    #[arg(long)]
    pub publish: bool,
}

/// How the post is written (not for `preview`, which writes nothing).
#[derive(Args, Debug)]
pub struct WriteArgs {
    /// Print the post instead of writing it.
    #[arg(long)]
    pub dry_run: bool,
    /// Replace an existing post of the same name (or one at the same
    /// permalink).
    #[arg(long)]
    pub force: bool,
    /// Write into the site's `_drafts/` folder (beside the posts folder),
    /// without a date; `articleizer publish` moves it into the posts later.
    #[arg(long, conflicts_with = "dry_run")]
    pub draft: bool,
    /// Open the written post in $VISUAL or $EDITOR.
    #[arg(long, conflicts_with = "dry_run")]
    pub open: bool,
    /// When another run is writing to the target, exit at once instead of
    /// waiting for it.
    #[arg(long)]
    pub no_wait: bool,
}

#[derive(Subcommand, Debug)]
pub enum Command {
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
    Preview(PreviewArgs),
    /// Reprocess existing posts: rewrap, repair fences, reanalyze, write
    /// context files, through batch jobs if asked (a dry run unless --write).
    Batch(BatchArgs),
    /// Print the full editing prompt for an article (to paste into a chat UI).
    Prompt(PromptArgs),
    /// Manage API keys: `keys set NAME`, `keys list`, `keys path`.
    ///
    /// The keys file is TOML, mode 0600: a `[keys]` table of `NAME =
    /// "key"`. A key named like a provider (gemini, openai, anthropic) is
    /// that provider's default; any other name is used with `--key NAME`.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Print a shell completion script: bash, zsh, fish, elvish or
    /// powershell (e.g. `articleizer completions bash >
    /// ~/.local/share/bash-completion/completions/articleizer`).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print a man page (roff), e.g. `articleizer man > articleizer.1`;
    /// `articleizer man batch` prints articleizer-batch(1), one of the
    /// pages the main one lists.
    Man {
        /// A subcommand (`batch`, `keys set`...) or a page's name
        /// (`articleizer-batch`); default: the main page.
        #[arg(value_name = "PAGE", num_args = 0..)]
        page: Vec<String>,
    },
    /// Show the configuration: the files looked for and read, the settings
    /// in effect and every target; `config trust FILE` trusts a project's
    /// configuration with your keys.
    Config {
        /// `trust`: trust a project's configuration.
        #[command(subcommand)]
        action: Option<ConfigAction>,
    },
    /// List the models the provider offers (its list endpoint); the one
    /// that would be asked is marked with `*`.
    Models(ModelsArgs),
    /// Show the recent calls to providers (from the cache's calls.jsonl):
    /// time, provider, model, tokens, duration and outcome.
    Logs(LogsArgs),
    /// Move a draft (from `--draft`) into the target's posts folder with
    /// today's date (or --date), published.
    Publish(PublishArgs),
    /// Write a commented user configuration
    /// (~/.config/articleizer/config.toml): site URL, author and posts
    /// folder from the flags, or asked for on a terminal.
    Init(InitArgs),
}

/// `articleizer config ...`.
#[derive(Subcommand, Debug)]
pub enum ConfigAction {
    /// Trust a project's configuration (a `config.toml` found in the
    /// working directory) with your API keys, as it is now: its base_url
    /// then gets your key. The file's path and SHA-256 are recorded in
    /// ~/.config/articleizer/trusted.toml; a change to the file undoes it.
    Trust {
        /// The file (default: ./config.toml).
        #[arg(value_name = "FILE", default_value = "config.toml")]
        file: PathBuf,
    },
}

/// `articleizer models`: which provider.
#[derive(Args, Debug)]
pub struct ModelsArgs {
    #[command(flatten)]
    pub provider: ProviderArgs,
}

/// `articleizer logs`: how many calls, in which form.
#[derive(Args, Debug)]
pub struct LogsArgs {
    /// How many of the latest calls.
    #[arg(short = 'n', long, default_value_t = 20)]
    pub count: usize,
    /// The records as JSON lines, for scripts.
    #[arg(long)]
    pub json: bool,
}

/// `articleizer publish`: which draft, where, when.
#[derive(Args, Debug)]
pub struct PublishArgs {
    /// The draft (a file in the site's `_drafts/`).
    pub draft: PathBuf,
    /// The target site (default: the configuration's, else `posts`).
    #[arg(long, value_name = "NAME")]
    pub target: Option<String>,
    /// The post's date, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub date: Option<NaiveDate>,
    /// When another run is writing to the target, exit at once.
    #[arg(long)]
    pub no_wait: bool,
    /// Replace a post of the same file name, and publish even when another
    /// post has the draft's permalink (Jekyll then keeps one of the two),
    /// as the write path's --force does.
    #[arg(long)]
    pub force: bool,
}

/// `articleizer init`: what the new configuration says.
#[derive(Args, Debug)]
pub struct InitArgs {
    /// The site's base URL (`https://example.org`).
    #[arg(long, value_name = "URL")]
    pub site_url: Option<String>,
    /// Your name in transcripts (your own turns are written as it).
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,
    /// The site's posts folder (`~/blog/_posts`).
    #[arg(long, value_name = "DIR")]
    pub posts: Option<PathBuf>,
    /// How permalinks look (default `/:slug/`).
    #[arg(long, value_name = "STYLE")]
    pub permalink_style: Option<String>,
    /// Replace an existing user configuration.
    #[arg(long)]
    pub force: bool,
}

/// `articleizer keys ...`.
#[derive(Subcommand, Debug)]
pub enum KeysCommand {
    /// Save a key as NAME: typed at a hidden prompt on a terminal, else
    /// read from stdin (one line).
    Set {
        /// The key's name (`gemini`, `openai`, `anthropic`, or your own).
        name: String,
    },
    /// List the saved keys: names and providers, never the keys.
    List,
    /// Remove the saved key NAME from the keys file.
    Rm {
        /// The key's name, as `keys list` shows it.
        name: String,
    },
    /// Print the keys file's path.
    Path,
}

#[derive(Args, Debug)]
pub struct InstructionsArgs {
    /// The article (Markdown); stdin when absent or `-`.
    pub article: Option<PathBuf>,
    /// Replay a saved instructions file instead of asking an editor.
    #[arg(long, value_name = "FILE")]
    pub instructions: Option<PathBuf>,
    /// For an article that was published already: the fields of its front
    /// matter to take from the editor (title, permalink, description,
    /// keywords; comma-separated). The others keep the post's values.
    #[arg(long, value_delimiter = ',', value_name = "FIELDS")]
    pub replace: Vec<String>,
    #[command(flatten)]
    pub provider: ProviderArgs,
}

/// Which editor answers, and how.
#[derive(Args, Debug, Clone)]
pub struct ProviderArgs {
    /// gemini, openai (any OpenAI-compatible server), anthropic or offline.
    #[arg(long, value_name = "NAME", value_enum)]
    pub provider: Option<ProviderKind>,
    /// The model to ask (default per provider).
    #[arg(long, value_name = "NAME")]
    pub model: Option<String>,
    /// The API base URL (e.g. http://localhost:11434/v1 for Ollama).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Use the key with this name from the keys file
    /// (~/.config/articleizer/keys.toml, or the older keys.json), with the
    /// provider it is for (`keys list`); a --provider saying otherwise is
    /// an error.
    #[arg(long, value_name = "ALIAS")]
    pub key: Option<String>,
    /// Named keys of one provider, used in turn: when one's daily quota
    /// runs out, the next (names from the keys file, comma-separated).
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "NAMES",
        conflicts_with = "key"
    )]
    pub keys: Vec<String>,
    /// A prompt template of your own (Jinja syntax; see `articleizer
    /// prompt --help`); default: the configuration's, else the built-in one.
    #[arg(long, value_name = "FILE")]
    pub prompt_template: Option<PathBuf>,
    /// Neither read nor write the cache of answers.
    #[arg(long)]
    pub no_cache: bool,
    /// Do not ask again when an answer fails validation.
    #[arg(long)]
    pub no_fix: bool,
    /// The site's base URL, for the tweet's link.
    #[arg(long, value_name = "URL")]
    pub site_url: Option<String>,
    /// Guidance for the editor, placed after the entry beside the house
    /// rules ("a slug in the ai-datacenter-landlords family"); repeatable.
    /// A hinted answer is cached apart from an unhinted one.
    #[arg(long = "hint", value_name = "TEXT")]
    pub hints: Vec<String>,
    /// Print each call's log record on stderr.
    #[arg(short, long)]
    pub verbose: bool,
}

/// `articleizer preview`: the post to show.
#[derive(Args, Debug)]
pub struct PreviewArgs {
    /// Write the preview as one self-contained HTML page to FILE: the post
    /// as the site shows it with the generated parts marked, the front
    /// matter, a search result and an X card. The article may also be a
    /// post the pipeline wrote (`_posts/x.md`), shown as it is.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Open the HTML page in the default browser (with --html).
    #[arg(long, requires = "html")]
    pub open: bool,
    #[command(flatten)]
    pub render: RenderArgs,
    #[command(flatten)]
    pub editor: InstructionsArgs,
}

/// `articleizer prompt`: what to build the editing prompt from.
#[derive(Args, Debug)]
pub struct PromptArgs {
    /// The article (Markdown); stdin when absent or `-`.
    pub article: Option<PathBuf>,
    /// A prompt template of your own (Jinja syntax; variables: article,
    /// skeleton, schema, base_url, permalink_style, avoid_words,
    /// sparing_words, hints, rules).
    #[arg(long, visible_alias = "prompt-template", value_name = "FILE")]
    pub template: Option<PathBuf>,
    /// Guidance for the editor, placed after the entry; repeatable.
    #[arg(long = "hint", value_name = "TEXT")]
    pub hints: Vec<String>,
    /// The site's base URL, for the tweet's link.
    #[arg(long, value_name = "URL")]
    pub site_url: Option<String>,
    /// How permalinks look, e.g. `/futureproof/:slug/`.
    #[arg(long, value_name = "STYLE")]
    pub permalink_style: Option<String>,
}

/// The subcommand `word` is probably a typo of, when it is no file: clap
/// cannot suggest one itself, since a bare word is read as the article.
pub fn mistyped_command(word: &std::path::Path) -> Option<String> {
    use clap::CommandFactory;
    if word.exists() || word.as_os_str() == "-" {
        return None;
    }
    let word = word.to_str()?;
    Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .map(|name| (distance(word, &name), name))
        .filter(|(d, _)| (1..=2).contains(d))
        .min()
        .map(|(_, name)| name)
}

/// The line for `word` when it is a mistyped command.
pub fn typo_message(word: &str) -> Option<String> {
    let command = mistyped_command(std::path::Path::new(word))?;
    Some(format!(
        "no file {word} and no command of that name; did you mean `articleizer {command}`?"
    ))
}

/// The edit distance between two words (insertions, deletions,
/// substitutions and swaps of neighbours).
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

/// A day as the date flags take it: `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("{text:?} is not a date like 2026-01-31"))
}
