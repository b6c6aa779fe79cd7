//! What the sanitizer does, and how it reads that from `config.toml`.

use serde::Deserialize;
use std::collections::BTreeMap;

/// Every setting of the sanitizer. `Options::default()` is what runs when no
/// configuration says otherwise; the `[sanitizer]` table of `config.toml`
/// overrides any field (see the repository's `config.toml` for a commented
/// copy of the defaults).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Options {
    /// Text hygiene: line endings, BOM, odd spaces, zero-width characters,
    /// trailing spaces, runs of blank lines. Default: on.
    pub hygiene: bool,
    /// Speaker-label normalization. Default: on.
    pub speakers: bool,
    /// Chat-UI debris removal. Default: on.
    pub debris: bool,
    /// Recovery of what chat UIs lose on copy: code fences (from a language
    /// and a "Copy code" line, or around a paragraph that is all code) and
    /// `•` bullets. Default: on (transcripts only).
    pub recover: bool,
    /// Code-fence repair. Default: on.
    pub fences: bool,
    /// Redaction of credentials and of values from secrets files. Default: on.
    pub secrets: bool,
    /// Redaction of IPv4 and IPv6 addresses. Default: on.
    pub ips: bool,
    /// Apply the transcript passes (speakers, debris) to files that start
    /// with Jekyll front matter too. Published posts keep the labels their
    /// writer chose unless this is set. Default: off.
    pub transcript_passes_in_posts: bool,
    /// Speaker-label settings.
    pub speaker: SpeakerOptions,
    /// Lines that chat UIs leave behind, removed when they stand alone on a
    /// line outside code (compared without case and surrounding spaces).
    pub debris_lines: Vec<String>,
    /// Regular expressions for debris lines that vary ("Thought for 12s").
    /// Each must match the whole trimmed line.
    pub debris_patterns: Vec<String>,
    /// Addresses never redacted.
    pub ip_allowlist: Vec<String>,
    /// Files of secret values to redact wherever they appear (Nix
    /// `name = "value";` or `.env` `NAME=value`).
    pub secrets_files: Vec<std::path::PathBuf>,
    /// Secret values loaded from the secrets files (filled by the caller;
    /// not read from the configuration).
    #[serde(skip)]
    pub known_secrets: Vec<crate::secrets::KnownSecret>,
}

/// How speaker turns are recognized and written.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SpeakerOptions {
    /// The name the author's own turns get. Default: `Me`.
    pub author: String,
    /// Labels that mean the author (`Me`, your handle...), all written as
    /// `author`. Default: `Me`, `User`, `Human`, `You`.
    pub author_labels: Vec<String>,
    /// Assistant names recognized at the start of a turn, optionally followed
    /// by a version and model words (`Gemini 3.5 Flash`, `Claude Sonnet 4.6`).
    pub assistants: Vec<String>,
    /// Words allowed after an assistant's name besides versions (`Flash`,
    /// `Sonnet`...), compared without case.
    pub model_words: Vec<String>,
    /// Renames: a label (any case) to the name written for it.
    pub aliases: BTreeMap<String, String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            hygiene: true,
            speakers: true,
            debris: true,
            recover: true,
            fences: true,
            secrets: true,
            ips: true,
            transcript_passes_in_posts: false,
            speaker: SpeakerOptions::default(),
            debris_lines: DEFAULT_DEBRIS.iter().map(|s| s.to_string()).collect(),
            debris_patterns: DEFAULT_DEBRIS_PATTERNS
                .iter()
                .map(|s| s.to_string())
                .collect(),
            ip_allowlist: ["127.0.0.1", "0.0.0.0", "8.8.8.8", "1.1.1.1", "::1"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            secrets_files: Vec::new(),
            known_secrets: Vec::new(),
        }
    }
}

impl Default for SpeakerOptions {
    fn default() -> Self {
        SpeakerOptions {
            author: "Me".into(),
            author_labels: ["Me", "User", "Human", "You"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            assistants: DEFAULT_ASSISTANTS.iter().map(|s| s.to_string()).collect(),
            model_words: DEFAULT_MODEL_WORDS.iter().map(|s| s.to_string()).collect(),
            aliases: BTreeMap::new(),
        }
    }
}

impl Options {
    /// How these options redact less than the defaults, if they do: what
    /// a configuration the user has not trusted may not decide.
    pub fn redacts_less(&self) -> Option<&'static str> {
        let defaults = Options::default();
        if !self.secrets {
            Some("turn off secret redaction (secrets = false)")
        } else if !self.ips {
            Some("turn off address redaction (ips = false)")
        } else if self
            .ip_allowlist
            .iter()
            .any(|ip| !defaults.ip_allowlist.contains(ip))
        {
            Some("let addresses through (ip_allowlist)")
        } else {
            None
        }
    }

    /// Options with every pass off, to turn on the ones wanted:
    /// `Options::none().with_fences(true)` repairs fences and nothing else
    /// (as for already published posts).
    pub fn none() -> Self {
        Options {
            hygiene: false,
            speakers: false,
            debris: false,
            recover: false,
            fences: false,
            secrets: false,
            ips: false,
            ..Options::default()
        }
    }

    /// With text hygiene on or off.
    pub fn with_hygiene(mut self, on: bool) -> Self {
        self.hygiene = on;
        self
    }

    /// With code-fence repair on or off.
    pub fn with_fences(mut self, on: bool) -> Self {
        self.fences = on;
        self
    }

    /// With redaction of credentials and known secrets on or off.
    pub fn with_secrets(mut self, on: bool) -> Self {
        self.secrets = on;
        self
    }

    /// With redaction of IP addresses on or off.
    pub fn with_ips(mut self, on: bool) -> Self {
        self.ips = on;
        self
    }

    /// Reads the `[sanitizer]` table of a configuration file's text. Fields
    /// not given keep their defaults; other tables are ignored.
    pub fn from_config(toml_text: &str) -> Result<Self, ConfigError> {
        // Read from the text itself (not through a `toml::Value`), so an
        // error keeps its place in the file.
        #[derive(Deserialize)]
        struct File {
            #[serde(default)]
            sanitizer: Option<Options>,
        }
        let file: File = toml::from_str(toml_text).map_err(|e| {
            // A syntax error is told as one, not as the sanitizer's.
            let syntax = toml::from_str::<toml::Table>(toml_text).is_err();
            ConfigError(utils::config_text::describe(
                toml_text,
                e.span(),
                e.message(),
                syntax,
                "sanitizer",
            ))
        })?;
        Ok(file.sanitizer.unwrap_or_default())
    }
}

/// A configuration file that cannot be read as options: where (line,
/// column, table) and what.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(String);

/// Assistant names recognized out of the box.
pub const DEFAULT_ASSISTANTS: &[&str] = &[
    "ChatGPT",
    "GPT",
    "Gemini",
    "Gemma",
    "Bard",
    "Claude",
    "DeepSeek",
    "Grok",
    "Copilot",
    "Microsoft Copilot",
    "GitHub Copilot",
    "Perplexity",
    "Llama",
    "Meta AI",
    "Mistral",
    "Le Chat",
    "Qwen",
    "Kimi",
    "Cursor",
    "Cursor AI",
    "Codex",
    "Phind",
    "Assistant",
    "o1",
    "o3",
    "o4",
    "Ollama",
    "Jules",
    "Manus",
    "Command R",
];

/// Words that may follow an assistant's name in a label, besides versions.
pub const DEFAULT_MODEL_WORDS: &[&str] = &[
    "Flash",
    "Pro",
    "Ultra",
    "Nano",
    "Sonnet",
    "Opus",
    "Haiku",
    "Fast",
    "Expert",
    "DeepThink",
    "Search",
    "Thinking",
    "Think",
    "Mini",
    "Turbo",
    "Plus",
    "Max",
    "Heavy",
    "Instant",
    "Lite",
    "Advanced",
    "Deep",
    "Research",
    "Coder",
    "Chat",
    "Code",
    "Reasoner",
    "Reasoning",
    "Preview",
    "Experimental",
    "Exp",
    "Auto",
    "Agent",
    "Canvas",
    "Beta",
    "Omni",
    "Vision",
    "Large",
    "Medium",
    "Small",
    "High",
    "Low",
    "Live",
    "Web",
    "CLI",
    "Chrome",
    "Studio",
    "Workspace",
    "Enterprise",
    "Team",
    "Free",
    "Premium",
    "Online",
];

/// Debris lines removed out of the box.
pub const DEFAULT_DEBRIS: &[&str] = &[
    "Copy code",
    "Copy",
    "Copied!",
    "Copy to clipboard",
    "Show thinking",
    "Hide thinking",
    "Show more",
    "Show less",
    "Show drafts",
    "Edit",
    "Retry",
    "Regenerate",
    "More actions",
    "Good response",
    "Bad response",
    "👍",
    "👎",
    "👍 👎",
    "👍👎",
    "Read Raw Markdown",
    "🤖 Read Raw Markdown",
    "Thinking...",
    "Thinking…",
    "Open in Canvas",
    "Edit in Canvas",
    "Run code",
    "Try again",
    "Stop generating",
    "ChatGPT can make mistakes. Check important info.",
    "Gemini can make mistakes, so double-check it",
    "Use code with caution.",
    "Use code with caution",
    "Claude can make mistakes. Please double-check responses.",
];

/// Debris line patterns out of the box.
pub const DEFAULT_DEBRIS_PATTERNS: &[&str] = &[
    r"(?i)thought for \d+(\.\d+)?\s*(s|sec|secs|seconds?|m|min|minutes?)",
    r"(?i)searched \d+ (sites?|sources?|web pages?)",
    r"\d{1,2} / \d{1,2}",
];
