//! API keys: a named key from the keys file (`--key ALIAS`), else the
//! provider's environment variable, else the keys file's entry named after
//! the provider.
//!
//! The keys file is `~/.config/articleizer/keys.toml` (a `[keys]` table of
//! `alias = "key"`), or the predecessor's `keys.json` (`{"alias": "key"}`).
//! A keys file readable by others gets a warning. Keys are never printed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Why no key could be had.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// `--key ALIAS` names no key.
    #[error("no key named {alias:?} in {file}")]
    UnknownAlias {
        /// The alias asked for.
        alias: String,
        /// Where we looked.
        file: String,
    },
    /// The keys file cannot be read.
    #[error("cannot read the keys file {file}: {reason}")]
    Unreadable {
        /// The file.
        file: String,
        /// Why (never its content).
        reason: String,
    },
}

/// Environment variables that hold a provider's key, in order.
pub fn env_vars(provider: &str) -> &'static [&'static str] {
    match provider {
        "gemini" => &["GEMINI_API_KEY", "GOOGLE_API_KEY"],
        "openai" => &["OPENAI_API_KEY"],
        "anthropic" => &["ANTHROPIC_API_KEY"],
        _ => &[],
    }
}

/// The default keys files, newest format first.
pub fn default_files() -> Vec<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")));
    base.map(|b| {
        vec![
            b.join("articleizer/keys.toml"),
            b.join("articleizer/keys.json"),
        ]
    })
    .unwrap_or_default()
}

/// Reads a keys file (TOML `[keys]` table or predecessor JSON object).
pub fn read_file(path: &Path) -> Result<BTreeMap<String, String>, KeyError> {
    let unreadable = |reason: String| KeyError::Unreadable {
        file: path.display().to_string(),
        reason,
    };
    let text = std::fs::read_to_string(path).map_err(|e| unreadable(e.kind().to_string()))?;
    warn_if_shared(path);
    if path.extension().is_some_and(|e| e == "json") {
        return serde_json::from_str(&text)
            .map_err(|_| unreadable("not a JSON object of names to keys".into()));
    }
    #[derive(serde::Deserialize)]
    struct File {
        #[serde(default)]
        keys: BTreeMap<String, String>,
    }
    toml::from_str::<File>(&text)
        .map(|f| f.keys)
        .map_err(|_| unreadable("not a TOML file with a [keys] table".into()))
}

#[cfg(unix)]
fn warn_if_shared(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.permissions().mode() & 0o077 != 0 {
            eprintln!(
                "articleizer: warning: {} is readable by others; run: chmod 600 {}",
                path.display(),
                path.display()
            );
        }
    }
}

#[cfg(not(unix))]
fn warn_if_shared(_path: &Path) {}

/// The key for `provider`: `alias` from the keys files if given, else the
/// environment, else the keys files' entry named after the provider.
pub fn resolve(
    provider: &str,
    alias: Option<&str>,
    files: &[PathBuf],
) -> Result<Option<String>, KeyError> {
    let existing: Vec<&PathBuf> = files.iter().filter(|f| f.is_file()).collect();
    if let Some(alias) = alias {
        for file in &existing {
            if let Some(key) = read_file(file)?.remove(alias) {
                return Ok(Some(key));
            }
        }
        let file = files
            .first()
            .map_or_else(|| "the keys file".to_string(), |f| f.display().to_string());
        return Err(KeyError::UnknownAlias {
            alias: alias.to_string(),
            file,
        });
    }
    for var in env_vars(provider) {
        if let Ok(key) = std::env::var(var) {
            if !key.trim().is_empty() {
                return Ok(Some(key.trim().to_string()));
            }
        }
    }
    for file in existing {
        if let Some(key) = read_file(file)?.remove(provider) {
            return Ok(Some(key));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_from_toml_and_json() {
        let dir = tempfile::tempdir().expect("temp dir");
        let toml_file = dir.path().join("keys.toml");
        std::fs::write(&toml_file, "[keys]\nwork = \"k-work-123\"\n").expect("write");
        let json_file = dir.path().join("keys.json");
        std::fs::write(
            &json_file,
            "{\"home\": \"k-home-456\", \"gemini\": \"k-gem\"}",
        )
        .expect("write");
        let files = vec![toml_file, json_file];
        assert_eq!(
            resolve("openai", Some("work"), &files)
                .expect("ok")
                .as_deref(),
            Some("k-work-123")
        );
        assert_eq!(
            resolve("openai", Some("home"), &files)
                .expect("ok")
                .as_deref(),
            Some("k-home-456")
        );
        let missing = resolve("openai", Some("nope"), &files).expect_err("unknown");
        assert!(missing.to_string().starts_with("no key named \"nope\""));
        assert!(!missing.to_string().contains("k-work"), "never the keys");
    }
}
