//! API keys: a named key from the keys file (`--key ALIAS`), else the
//! provider's environment variable, else the keys file's entry named after
//! the provider.
//!
//! The keys file is `~/.config/articleizer/keys.toml` (a `[keys]` table of
//! `alias = "key"`), or the predecessor's `keys.json` (`{"alias": "key"}`).
//! A keys file readable by others gets a warning. Keys are never printed.

use crate::providers::ProviderKind;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use utils::fs::{write_atomic, WriteOptions};

/// An API key. Its `Debug` never shows it; [`ApiKey::expose`] is the one
/// way to the text, for the request header and the scrubber.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wraps `key` (white space around it dropped).
    pub fn new(key: &str) -> Self {
        ApiKey(key.trim().to_string())
    }

    /// The key's text.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ApiKey(<hidden>)")
    }
}

/// A keys file: `[keys]` with `alias = "key"` entries.
#[derive(Default, Serialize, Deserialize)]
struct KeysFile {
    #[serde(default)]
    keys: BTreeMap<String, ApiKey>,
}

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

/// The provider a saved key is for: its name when that names a provider
/// reached over the network, else what the key's shape says
/// ([`ProviderKind::of_key_shape`]).
pub fn provider_of(name: &str, key: &ApiKey) -> Option<ProviderKind> {
    ProviderKind::from_name(name)
        .filter(|kind| ProviderKind::REMOTE.contains(kind))
        .or_else(|| ProviderKind::of_key_shape(key.expose()))
}

/// The provider the saved key `alias` is for ([`provider_of`]), `None`
/// when neither its name nor its shape says; an error when no keys file
/// has it.
pub fn alias_provider(alias: &str, files: &[PathBuf]) -> Result<Option<ProviderKind>, KeyError> {
    Ok(named(alias, files)?.and_then(|key| provider_of(alias, &key)))
}

/// The default keys files, newest format first.
pub fn default_files() -> Vec<PathBuf> {
    utils::dirs::config_dir()
        .map(|dir| vec![dir.join("keys.toml"), dir.join("keys.json")])
        .unwrap_or_default()
}

/// Reads a keys file (TOML `[keys]` table or predecessor JSON object).
pub fn read_file(path: &Path) -> Result<BTreeMap<String, ApiKey>, KeyError> {
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
    toml::from_str::<KeysFile>(&text)
        .map(|f| f.keys)
        .map_err(|_| unreadable("not a TOML file with a [keys] table".into()))
}

/// Warns (once per file and process: a run reads its keys files more
/// than once) when a keys file is readable by others.
#[cfg(unix)]
fn warn_if_shared(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    static WARNED: std::sync::Mutex<std::collections::BTreeSet<PathBuf>> =
        std::sync::Mutex::new(std::collections::BTreeSet::new());
    if let Ok(meta) = std::fs::metadata(path) {
        let first_time = || {
            WARNED
                .lock()
                .map_or(true, |mut warned| warned.insert(path.to_path_buf()))
        };
        if meta.permissions().mode() & 0o077 != 0 && first_time() {
            log::warn!(
                "{} is readable by others; run: chmod 600 {}",
                path.display(),
                path.display()
            );
        }
    }
}

#[cfg(not(unix))]
fn warn_if_shared(_path: &Path) {}

/// The key saved as `alias` in the first keys file that has it; an error
/// when none has it.
fn named(alias: &str, files: &[PathBuf]) -> Result<Option<ApiKey>, KeyError> {
    for file in files.iter().filter(|f| f.is_file()) {
        if let Some(key) = read_file(file)?.remove(alias) {
            return Ok(Some(key));
        }
    }
    let file = files
        .first()
        .map_or_else(|| "the keys file".to_string(), |f| f.display().to_string());
    Err(KeyError::UnknownAlias {
        alias: alias.to_string(),
        file,
    })
}

/// The key for `provider`: `alias` from the keys files if given, else the
/// environment, else the keys files' entry named after the provider.
pub fn resolve(
    provider: ProviderKind,
    alias: Option<&str>,
    files: &[PathBuf],
) -> Result<Option<ApiKey>, KeyError> {
    if let Some(alias) = alias {
        return named(alias, files);
    }
    let existing: Vec<&PathBuf> = files.iter().filter(|f| f.is_file()).collect();
    for var in provider.env_vars() {
        if let Ok(key) = std::env::var(var) {
            if !key.trim().is_empty() {
                return Ok(Some(ApiKey::new(&key)));
            }
        }
    }
    for file in existing {
        if let Some(key) = read_file(file)?.remove(provider.name()) {
            return Ok(Some(key));
        }
    }
    Ok(None)
}

/// Adds or replaces `alias` in a TOML keys file, keeping its other keys;
/// the file is written through a temporary file with mode 0600.
pub fn save(file: &Path, alias: &str, key: &ApiKey) -> Result<(), KeyError> {
    let mut keys = if file.is_file() {
        read_file(file)?
    } else {
        BTreeMap::new()
    };
    keys.insert(alias.to_string(), key.clone());
    write_keys(file, keys)
}

/// Removes `alias` from a TOML keys file, keeping its other keys; `false`
/// when the file has no such key (nothing is written then).
pub fn remove(file: &Path, alias: &str) -> Result<bool, KeyError> {
    if !file.is_file() {
        return Ok(false);
    }
    let mut keys = read_file(file)?;
    if keys.remove(alias).is_none() {
        return Ok(false);
    }
    write_keys(file, keys)?;
    Ok(true)
}

/// Writes `keys` as the TOML keys file `file`, through a temporary file
/// with mode 0600.
fn write_keys(file: &Path, keys: BTreeMap<String, ApiKey>) -> Result<(), KeyError> {
    let fail = |reason: String| KeyError::Unreadable {
        file: file.display().to_string(),
        reason,
    };
    let table = toml::to_string(&KeysFile { keys }).map_err(|e| fail(e.to_string()))?;
    let text = format!(
        "# API keys for articleizer: alias = \"key\". Keep this file private (chmod 600).\n{table}"
    );
    let options = WriteOptions::new(".keys-")
        .replace(true)
        .private()
        .create_parent();
    write_atomic(file, text.as_bytes(), &options).map_err(|e| fail(e.to_string()))?;
    Ok(())
}

/// A saved key's alias, the provider it is for (`None` when neither its
/// name nor its shape says), and the file it is in.
pub type SavedKey = (String, Option<ProviderKind>, PathBuf);

/// Every saved key's alias and provider ([`provider_of`]), with the file
/// it is in; the first file wins for an alias in two.
pub fn saved(files: &[PathBuf]) -> Result<Vec<SavedKey>, KeyError> {
    let mut out: Vec<SavedKey> = Vec::new();
    for file in files.iter().filter(|f| f.is_file()) {
        for (alias, key) in read_file(file)? {
            if !out.iter().any(|(a, _, _)| *a == alias) {
                let provider = provider_of(&alias, &key);
                out.push((alias, provider, file.clone()));
            }
        }
    }
    Ok(out)
}

/// The saved key to use for `provider` when the environment has none: the
/// one named after it, else its only one; `None` when it has none, or
/// several and none named after it.
pub fn saved_alias_for(
    provider: ProviderKind,
    files: &[PathBuf],
) -> Result<Option<String>, KeyError> {
    let theirs: Vec<String> = saved(files)?
        .into_iter()
        .filter(|(_, p, _)| *p == Some(provider))
        .map(|(alias, _, _)| alias)
        .collect();
    Ok(match theirs.as_slice() {
        [only] => Some(only.clone()),
        many => many.iter().find(|a| *a == provider.name()).cloned(),
    })
}

/// The one provider the keys files hold keys for (keys of unknown shape
/// aside); `None` with none or several.
pub fn single_saved_provider(files: &[PathBuf]) -> Result<Option<ProviderKind>, KeyError> {
    let mut providers: Vec<ProviderKind> = saved(files)?
        .into_iter()
        .filter_map(|(_, p, _)| p)
        .collect();
    providers.sort_unstable();
    providers.dedup();
    Ok(match providers.as_slice() {
        [only] => Some(*only),
        _ => None,
    })
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
            resolve(ProviderKind::OpenAi, Some("work"), &files)
                .expect("ok")
                .as_ref()
                .map(ApiKey::expose),
            Some("k-work-123")
        );
        assert_eq!(
            resolve(ProviderKind::OpenAi, Some("home"), &files)
                .expect("ok")
                .as_ref()
                .map(ApiKey::expose),
            Some("k-home-456")
        );
        let missing = resolve(ProviderKind::OpenAi, Some("nope"), &files).expect_err("unknown");
        assert!(missing.to_string().starts_with("no key named \"nope\""));
        assert!(!missing.to_string().contains("k-work"), "never the keys");
    }

    #[cfg(unix)]
    #[test]
    fn saved_keys_are_private_and_merged() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("conf/keys.toml");
        save(&file, "gemini", &ApiKey::new("k-one")).expect("saved");
        save(&file, "work \"x\"", &ApiKey::new("k-\"two\"")).expect("saved again");
        assert_eq!(
            std::fs::metadata(&file).expect("meta").permissions().mode() & 0o777,
            0o600
        );
        let keys = read_file(&file).expect("readable");
        assert_eq!(keys.get("gemini").map(ApiKey::expose), Some("k-one"));
        assert_eq!(
            keys.get("work \"x\"").map(ApiKey::expose),
            Some("k-\"two\"")
        );
    }

    #[test]
    fn saved_keys_pick_their_provider() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("keys.toml");
        let files = vec![file.clone()];
        assert_eq!(single_saved_provider(&files).expect("ok"), None);
        save(&file, "work", &ApiKey::new("AIza-one")).expect("saved");
        assert_eq!(
            single_saved_provider(&files).expect("ok"),
            Some(ProviderKind::Gemini)
        );
        assert_eq!(
            saved_alias_for(ProviderKind::Gemini, &files)
                .expect("ok")
                .as_deref(),
            Some("work")
        );
        save(&file, "gemini", &ApiKey::new("k-two")).expect("saved");
        assert_eq!(
            saved_alias_for(ProviderKind::Gemini, &files)
                .expect("ok")
                .as_deref(),
            Some("gemini")
        );
        save(&file, "claude", &ApiKey::new("sk-ant-x")).expect("saved");
        assert_eq!(
            single_saved_provider(&files).expect("ok"),
            None,
            "two providers"
        );
        assert!(remove(&file, "claude").expect("removed"));
        assert!(!remove(&file, "claude").expect("gone already"));
        assert_eq!(
            single_saved_provider(&files).expect("ok"),
            Some(ProviderKind::Gemini)
        );
    }

    #[test]
    fn debug_never_shows_a_key() {
        let key = ApiKey::new("k-secret-123");
        assert_eq!(format!("{key:?}"), "ApiKey(<hidden>)");
        let client = crate::providers::gemini::Gemini::new("http://127.0.0.1:9", "m", key.expose());
        assert!(!format!("{client:?}").contains("k-secret-123"));
    }
}
