//! The `[articleizer]` table of `config.toml`.

use serde::Deserialize;
use std::path::PathBuf;

/// Settings of the articleizer; every field optional in the file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// `gemini`, `openai`, `anthropic` or `offline`. Default: the first
    /// provider whose key is in the environment, else offline.
    pub provider: Option<crate::providers::ProviderKind>,
    /// The model (default per provider).
    pub model: Option<String>,
    /// The API base URL (e.g. `http://localhost:11434/v1` for Ollama).
    pub base_url: Option<String>,
    /// The site's base URL, for the canonical URL and the tweet's link
    /// (default: none, and posts carry no canonical URL).
    pub site_url: Option<String>,
    /// How permalinks look (default `/:slug/`).
    pub permalink_style: Option<String>,
    /// Words the editor must not use (default: manifesto).
    pub avoid_words: Option<Vec<String>>,
    /// Words to use sparingly (default: sovereign).
    pub sparing_words: Option<Vec<String>>,
    /// The cache directory (default `~/.cache/articleizer`).
    pub cache_dir: Option<PathBuf>,
    /// The prompt template file (default: the built-in one).
    pub prompt_template: Option<PathBuf>,
    /// HTTP attempts in all (default 5).
    pub attempts: Option<u32>,
    /// Seconds before one attempt times out (default 180).
    pub timeout_secs: Option<u64>,
    /// Longest wait between attempts, in seconds (default 90).
    pub max_wait_secs: Option<u64>,
    /// Ask the editor once more when its answer has only soft problems (a
    /// count or a length off the rules); the post is published either way
    /// (default true; `--no-fix` asks nothing twice).
    pub reask_soft: Option<bool>,
    /// OpenAI-compatible servers without `json_schema` support (DeepSeek).
    pub json_mode: bool,
    /// Anthropic: `output_config.format` instead of a forced tool call.
    pub structured_output: bool,
    /// Anthropic: output token limit (default 16000).
    pub max_tokens: Option<u32>,
    /// Keys files to read (default `~/.config/articleizer/keys.toml` and `keys.json`).
    pub keys_files: Option<Vec<PathBuf>>,
    /// The default target's name (default `posts`).
    pub target: Option<String>,
    /// The post template file (default: the built-in one).
    pub post_template: Option<PathBuf>,
    /// Liquid tags that keep running in posts, outside code (default
    /// `["include"]`); every other tag is shown as written.
    pub live_tags: Option<Vec<String>>,
    /// Model prices for batch estimates, in US dollars per million tokens
    /// (`[articleizer.prices]`, `"model" = { input = 0.3, output = 2.5 }`).
    pub prices: Option<std::collections::BTreeMap<String, crate::jobs::estimate::Price>>,
}

/// A configuration that cannot be read: where (line, column, table) and
/// what.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(String);

impl ConfigError {
    /// The error `err` made reading `text`, where `table` was being read.
    /// The text is parsed as TOML first, so a syntax error is told as one
    /// and not as some table's rule.
    fn new(text: &str, err: &toml::de::Error, table: &str) -> Self {
        let syntax = toml::from_str::<toml::Table>(text).is_err();
        ConfigError(utils::config_text::describe(
            text,
            err.span(),
            err.message(),
            syntax,
            table,
        ))
    }
}

impl Settings {
    /// The keys files to read: `keys_files` (`~` expanded), else
    /// [`crate::keys::default_files`].
    pub fn resolved_keys_files(&self) -> Vec<PathBuf> {
        self.keys_files
            .as_ref()
            .map(|files| files.iter().map(|p| utils::dirs::expand_home(p)).collect())
            .unwrap_or_else(crate::keys::default_files)
    }

    /// The cache folder: `cache_dir` (`~` expanded), else
    /// [`crate::cache::Cache::default_dir`]; `None` without a home.
    pub fn resolved_cache_dir(&self) -> Option<PathBuf> {
        self.cache_dir
            .as_deref()
            .map(utils::dirs::expand_home)
            .or_else(crate::cache::Cache::default_dir)
    }

    /// Reads the `[articleizer]` table of a configuration file's text.
    pub fn from_config(text: &str) -> Result<Self, ConfigError> {
        // Read from the text itself (not through a `toml::Value`), so an
        // error keeps its place in the file.
        #[derive(Deserialize)]
        struct File {
            #[serde(default)]
            articleizer: Option<Settings>,
        }
        let file: File =
            toml::from_str(text).map_err(|e| ConfigError::new(text, &e, "articleizer"))?;
        Ok(file.articleizer.unwrap_or_default())
    }
}

/// One `[targets.NAME]` table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TargetSettings {
    /// The `_posts` directory (`~` allowed).
    pub path: Option<PathBuf>,
    /// The site's base URL.
    pub base_url: Option<String>,
    /// Permalink style with `:slug`.
    pub permalink_style: Option<String>,
    /// The layout (default `post`).
    pub layout: Option<String>,
    /// The site runs Jekyll 4: `render_with_liquid: false`, no raw tags.
    pub jekyll4: bool,
    /// Liquid tags that keep running in posts (default: the
    /// `[articleizer]` setting, else `include`).
    pub live_tags: Option<Vec<String>>,
}

/// The `[targets]` tables of a configuration file's text.
pub fn targets(
    text: &str,
) -> Result<std::collections::BTreeMap<String, TargetSettings>, ConfigError> {
    #[derive(Deserialize)]
    struct File {
        #[serde(default)]
        targets: std::collections::BTreeMap<String, TargetSettings>,
    }
    toml::from_str::<File>(text)
        .map(|f| f.targets)
        .map_err(|e| ConfigError::new(text, &e, "targets"))
}

/// Targets from the predecessor's `targets.json`: an object of entries with
/// a `path` (and maybe a `name`), found by key or by name.
pub fn legacy_targets(text: &str) -> std::collections::BTreeMap<String, TargetSettings> {
    let mut out = std::collections::BTreeMap::new();
    let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(text) else {
        return out;
    };
    for (key, entry) in map {
        let Some(path) = entry["path"].as_str() else {
            continue;
        };
        let settings = TargetSettings {
            path: Some(PathBuf::from(path)),
            base_url: entry["url"]
                .as_str()
                .or_else(|| entry["base_url"].as_str())
                .map(str::to_string),
            ..TargetSettings::default()
        };
        if let Some(name) = entry["name"].as_str() {
            out.insert(name.to_string(), settings.clone());
        }
        out.insert(key, settings);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_are_read_and_checked() {
        let settings = Settings::from_config(
            "[articleizer.prices]\n\"m\" = { input = 1.0, output = 2.0, batch_input = 0.4 }\n",
        )
        .expect("reads");
        let price = settings.prices.expect("a table")["m"];
        assert_eq!((price.input, price.batch_input), (1.0, Some(0.4)));
        assert!(Settings::from_config(
            "[articleizer.prices]\n\"m\" = { input = 1.0, outptu = 2.0 }\n"
        )
        .is_err());
    }

    #[test]
    fn errors_name_the_line_column_and_table() {
        let text =
            "[articleizer]\nsite_url = \"https://x\"\n[targets.blog]\npath = \"p\"\nbad = 1\n";
        assert!(
            Settings::from_config(text).is_ok(),
            "targets are not [articleizer]'s"
        );
        let err = targets(text).expect_err("unknown field").to_string();
        assert!(
            err.starts_with(
                "line 5, column 1: invalid [targets.blog] configuration: unknown field `bad`"
            ),
            "{err}"
        );
        let err = Settings::from_config("[articleizer\nx = 1\n").expect_err("syntax");
        assert!(
            err.to_string()
                .starts_with("line 1, column 13: not valid TOML"),
            "{err}"
        );
        let err = Settings::from_config("[articleizer.prices]\nm = 3\n").expect_err("a price");
        assert!(err.to_string().contains("[articleizer.prices]"), "{err}");
    }
}
