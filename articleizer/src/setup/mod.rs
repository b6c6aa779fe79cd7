//! Flags and configuration, turned into the configured objects the
//! subcommands use: the configuration ([`Loaded`]), the target site, the
//! post's date, templates, the article, and (in [`editor`]) the editor.

pub mod editor;
mod key_prompt;

use crate::cli::RenderArgs;
use anyhow::{bail, Context, Result};
use articleizer::config::{self, Settings};
use articleizer::instructions::Rules;
use articleizer::prompt::{self, PromptSettings};
use articleizer::render::Target;
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use utils::dirs::expand_home;

/// Whether `-q` was given.
static QUIET: AtomicBool = AtomicBool::new(false);

/// Makes [`notice`] and the libraries' notices silent (`-q`), and sends
/// what the libraries report through `log` to stderr.
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
    // A second call (tests run `run` more than once) keeps the first logger.
    if log::set_logger(&STDERR_LOG).is_ok() {
        log::set_max_level(log::LevelFilter::Debug);
    }
}

/// Where our libraries' `log` records go: stderr, `articleizer: ` first,
/// shown as text (a record can carry a server's words). Notices (`info`)
/// and warnings not with `-q`; `debug` records are the traces the
/// libraries write only when `--verbose` asked for them.
struct StderrLog;

static STDERR_LOG: StderrLog = StderrLog;

impl log::Log for StderrLog {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        // Only our own crates speak to the user: the HTTP stack's records
        // (connections, pools) are not notices.
        let ours = ["articleizer", "utils", "sanitizer"]
            .iter()
            .any(|name| metadata.target().split("::").next() == Some(name));
        // -q silences notices and warnings (as the README says); errors
        // and the traces --verbose asked for stay.
        let silenced = matches!(metadata.level(), log::Level::Info | log::Level::Warn) && quiet();
        ours && !silenced
    }

    fn log(&self, record: &log::Record<'_>) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let message = record.args().to_string();
        let text = utils::terminal::printable(&message);
        match record.level() {
            log::Level::Error => eprintln!("articleizer: error: {text}"),
            log::Level::Warn => eprintln!("articleizer: warning: {text}"),
            _ => eprintln!("articleizer: {text}"),
        }
    }

    fn flush(&self) {}
}

/// Whether `-q` was given.
pub fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// The async runtime every command that talks to a server runs on. Two
/// workers: `batch` asks for several posts at once, and the answers are
/// parsed and checked while other requests wait on the network.
pub fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

/// A notice or warning on stderr, `articleizer: ` first; nothing with `-q`.
pub fn notice(message: std::fmt::Arguments<'_>) {
    // The same road as the libraries' notices: one place formats, filters
    // and silences what reaches stderr.
    log::info!("{message}");
}

/// The configuration: `[articleizer]` settings and the targets.
pub struct Loaded {
    /// The configuration file read, if any.
    pub source: Option<PathBuf>,
    /// The files looked for, in order.
    pub looked_for: Vec<PathBuf>,
    /// The `[articleizer]` table (defaults where there is no file).
    pub settings: Settings,
    /// The `[targets.NAME]` tables, and the predecessor's `targets.json`.
    pub targets: BTreeMap<String, config::TargetSettings>,
    /// Where the file came from: whether its `base_url` may get a key.
    pub origin: Origin,
}

/// Where the configuration file came from, which decides whether the base
/// URL it names may be sent an API key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// No file: built-in defaults.
    Defaults,
    /// Named by `--config` or `$ARTICLEIZER_CONFIG`: the user's choice.
    Named,
    /// The user's own, in their configuration folder.
    User,
    /// Found in the working directory (a project's, maybe a cloned
    /// repository's): trusted only when `articleizer config trust`
    /// recorded it as it is now.
    Project {
        /// Whether the user trusted it.
        trusted: bool,
    },
}

impl Origin {
    /// The origin of the configuration file `path`, read because
    /// `cli_config` (or the environment, or the search) named it.
    fn of(path: &Path, cli_config: Option<&Path>) -> Origin {
        if cli_config.is_some() || std::env::var_os("ARTICLEIZER_CONFIG").is_some() {
            Origin::Named
        } else if articleizer::trust::is_users_own(path) {
            Origin::User
        } else {
            Origin::Project {
                trusted: articleizer::trust::is_trusted(path),
            }
        }
    }
}

/// Refuses what an untrusted project configuration (a cloned
/// repository's) may not decide: where keys are kept and the cache, and
/// any file it reads or writes outside its own folder (a template naming
/// the keys file would send it to the provider or copy it into a post).
/// Inside its folder, its templates and targets are the project's own.
fn confine(
    path: &Path,
    base: &Path,
    settings: &Settings,
    targets: &BTreeMap<String, config::TargetSettings>,
) -> Result<()> {
    let refuse = |what: String| {
        anyhow::anyhow!(
            "config {}: an untrusted project configuration may not set {what}; if the file is yours, trust it with `articleizer config trust {}`",
            path.display(),
            path.display()
        )
    };
    if settings.keys_files.is_some() {
        return Err(refuse("keys_files (where keys are kept)".into()));
    }
    let named = [
        ("cache_dir", settings.cache_dir.as_ref()),
        ("prompt_template", settings.prompt_template.as_ref()),
        ("post_template", settings.post_template.as_ref()),
    ]
    .into_iter()
    .filter_map(|(key, value)| value.map(|v| (key.to_string(), v.clone())))
    .chain(targets.iter().filter_map(|(name, target)| {
        target
            .path
            .clone()
            .map(|p| (format!("[targets.{name}] path"), p))
    }));
    for (key, value) in named {
        if !within(base, &value) {
            return Err(refuse(format!(
                "{key} = {:?} (outside its folder)",
                value.display().to_string()
            )));
        }
    }
    Ok(())
}

/// Whether `value`, a path a configuration in `base` names, stays inside
/// `base`: no `~`, no `..`, under `base` when absolute, and (where it
/// exists already) not leading out through a symbolic link.
fn within(base: &Path, value: &Path) -> bool {
    use std::path::Component;
    if value.starts_with("~") || value.components().any(|c| c == Component::ParentDir) {
        return false;
    }
    let Ok(base) = std::fs::canonicalize(base) else {
        return false;
    };
    let full = if value.is_absolute() {
        value.to_path_buf()
    } else {
        base.join(value)
    };
    match std::fs::canonicalize(&full) {
        Ok(real) => real.starts_with(&base),
        // Not there yet (a target folder to create): the path decides.
        Err(_) => full.starts_with(&base),
    }
}

impl Loaded {
    /// Reads the configuration file `--config` names, else the one
    /// [`utils::dirs::find_config`] finds; built-in defaults without one.
    pub fn read(cli_config: Option<&Path>) -> Result<Loaded> {
        let mut targets = BTreeMap::new();
        let legacy = utils::dirs::config_dir().map(|dir| dir.join("targets.json"));
        if let Some(text) = legacy.and_then(|p| std::fs::read_to_string(p).ok()) {
            targets.extend(config::legacy_targets(&text));
        }
        let looked_for = utils::dirs::config_candidates(cli_config);
        let Some(path) = utils::dirs::find_config(cli_config) else {
            return Ok(Loaded {
                source: None,
                looked_for,
                settings: Settings::default(),
                targets,
                origin: Origin::Defaults,
            });
        };
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read config {}", path.display()))?;
        let settings =
            Settings::from_config(&text).with_context(|| format!("config {}", path.display()))?;
        // A target's relative path is the config file's neighbour, wherever
        // the tool runs from.
        let base = utils::fs::parent_of(&path).to_path_buf();
        let own = config::targets(&text).with_context(|| format!("config {}", path.display()))?;
        let origin = Origin::of(&path, cli_config);
        if origin == (Origin::Project { trusted: false }) {
            confine(&path, &base, &settings, &own)?;
        }
        targets.extend(own.into_iter().map(|(name, mut target)| {
            if let Some(dir) = &target.path {
                let dir = expand_home(dir);
                if dir.is_relative() && base != Path::new(".") {
                    target.path = Some(base.join(dir));
                }
            }
            (name, target)
        }));
        Ok(Loaded {
            origin,
            source: Some(path),
            looked_for,
            settings,
            targets,
        })
    }

    /// A notice that no configuration was found, naming where it looked.
    pub fn notice_defaults(&self) {
        if self.source.is_none() {
            let looked: Vec<String> = self
                .looked_for
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            notice(format_args!(
                "note: no configuration found (looked for {}); built-in defaults apply: posts go to ./posts, permalinks /:slug/, no site URL. `articleizer init` writes one; `articleizer config` shows what is in effect",
                looked.join(", ")
            ));
        }
    }

    /// The target named `name` (default: the configuration's, else `posts`).
    pub fn target(&self, name: Option<&str>) -> Result<Target> {
        let name = name
            .map(str::to_string)
            .or_else(|| self.settings.target.clone())
            .unwrap_or_else(|| "posts".into());
        let entry = match self.targets.get(&name) {
            Some(entry) => entry.clone(),
            None if name == "posts" => config::TargetSettings::default(),
            None => {
                let known: Vec<&str> = self.targets.keys().map(String::as_str).collect();
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
        let settings = &self.settings;
        Ok(Target {
            dir: expand_home(entry.path.as_deref().unwrap_or(Path::new("posts"))),
            base_url: entry
                .base_url
                .or_else(|| settings.site_url.clone())
                .unwrap_or_default(),
            permalink_style: entry
                .permalink_style
                .or_else(|| settings.permalink_style.clone())
                .unwrap_or_else(|| "/:slug/".into()),
            layout: entry.layout.unwrap_or_else(|| "post".into()),
            jekyll4: entry.jekyll4,
            live_tags: entry
                .live_tags
                .or_else(|| settings.live_tags.clone())
                .unwrap_or_else(articleizer::render::default_live_tags),
            name,
        })
    }

    /// The prompt's settings: the flags', else the configuration's, else
    /// the built-in ones; `hints` are the writer's `--hint`s.
    pub fn prompt_settings(
        &self,
        site_url: Option<String>,
        permalink_style: Option<String>,
        hints: &[String],
    ) -> PromptSettings {
        let settings = &self.settings;
        let defaults = PromptSettings::default();
        PromptSettings {
            base_url: site_url
                .or_else(|| settings.site_url.clone())
                .unwrap_or(defaults.base_url),
            permalink_style: permalink_style
                .or_else(|| settings.permalink_style.clone())
                .unwrap_or(defaults.permalink_style),
            sparing_words: settings
                .sparing_words
                .clone()
                .unwrap_or(defaults.sparing_words),
            rules: Rules {
                avoid_words: settings
                    .avoid_words
                    .clone()
                    .unwrap_or(defaults.rules.avoid_words),
                ..defaults.rules
            },
            hints: hints.to_vec(),
        }
    }

    /// The prompt template: `flag`, else the configuration's, else the
    /// built-in one.
    pub fn prompt_template(&self, flag: Option<&PathBuf>) -> Result<String> {
        match flag.or(self.settings.prompt_template.as_ref()) {
            Some(path) => {
                let path = expand_home(path);
                std::fs::read_to_string(&path)
                    .with_context(|| format!("cannot read template {}", path.display()))
            }
            None => Ok(prompt::DEFAULT_TEMPLATE.to_string()),
        }
    }

    /// The post template: `flag`, else the configuration's, else the
    /// built-in one.
    pub fn post_template(&self, flag: Option<&PathBuf>) -> Result<String> {
        match flag.or(self.settings.post_template.as_ref()) {
            Some(path) => std::fs::read_to_string(expand_home(path))
                .with_context(|| format!("cannot read post template {}", path.display())),
            None => Ok(articleizer::render::DEFAULT_TEMPLATE.to_string()),
        }
    }
}

/// The post's date: `--date`, else today in local time; warns when ahead.
pub fn post_date(render: &RenderArgs) -> NaiveDate {
    date_or_today(render.date)
}

/// The date given (`--date`), else today in local time; warns when ahead.
pub fn date_or_today(given: Option<NaiveDate>) -> NaiveDate {
    let today = chrono::Local::now().date_naive();
    let Some(date) = given else {
        return today;
    };
    if date > today {
        notice(format_args!("warning: {date} is in the future; Jekyll skips future posts unless the site sets `future: true`"));
    }
    date
}

/// An article, and the curated front matter of the post it came from when
/// it was published already.
pub struct Article {
    /// The writer's text.
    pub text: String,
    /// The published post's title, permalink, description and keywords.
    pub curated: Option<articleizer::curated::Curated>,
}

/// The article: the file, or stdin for `-` or none; never empty.
pub fn read_article(path: Option<&PathBuf>) -> Result<String> {
    read_published(path).map(|article| article.text)
}

/// [`read_article`], with the curated front matter of a published post.
pub fn read_published(path: Option<&PathBuf>) -> Result<Article> {
    let source = path.map(PathBuf::as_path);
    let name = match source {
        Some(path) if !utils::input::is_stdin(source) => path.display().to_string(),
        _ => "stdin".to_string(),
    };
    let bytes = utils::input::read_bytes(source).with_context(|| format!("cannot read {name}"))?;
    let text = utils::input::decode(bytes, false)
        .map_err(|err| match err {
            utils::input::InputError::InvalidUtf8 { .. } => anyhow::anyhow!(
                "{err} (`sanitizer --lossy` replaces invalid bytes: pipe the article through it)"
            ),
            utils::input::InputError::Binary { .. } => err.into(),
        })
        .context("the article")?;
    // An article that was published already: its generated parts are
    // replaced, not nested.
    let (text, curated) = match articleizer::generated::strip(&text) {
        Some(article) => {
            let curated = articleizer::curated::Curated::of_text(&text);
            notice(format_args!("note: {name} was published already; its intro and analysis are left out and made anew{}", if curated.is_some() { ", its title, permalink, description and keywords kept (--replace FIELDS takes the editor's)" } else { "" }));
            (article, curated)
        }
        None => (text, None),
    };
    if text.trim().is_empty() {
        bail!("the article is empty");
    }
    Ok(Article { text, curated })
}
