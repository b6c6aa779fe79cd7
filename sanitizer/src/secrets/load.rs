//! Reading secrets files from disk: the default files when they exist, the
//! named ones always. The library reads and parses; what to tell the user
//! (a missing default, a skipped line, how many values) is the caller's,
//! from what [`load_secrets_files`] returns.

use super::file::{parse_secrets_file, SecretsFile};
use std::path::{Path, PathBuf};
use utils::dirs::expand_home;

/// Secrets files read without configuration when they exist (`~` is the
/// home folder): the tool's own, a Nix file and a `.env` file, and the
/// predecessor's Nix file (`~/repos/nixos/secrets.nix`, where its author
/// kept his), so that a writer coming from it is covered without
/// configuring anything.
pub const DEFAULT_SECRETS_FILES: &[&str] = &[
    "~/.config/articleizer/secrets.nix",
    "~/.config/articleizer/.env",
    "~/repos/nixos/secrets.nix",
];

/// A secrets file that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("cannot read secrets file {}", path.display())]
pub struct SecretsFileError {
    /// The file.
    pub path: PathBuf,
    /// Why (never the file's content).
    #[source]
    pub source: std::io::Error,
}

/// One secrets file looked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadedSecretsFile {
    /// Its path, `~` expanded.
    pub path: PathBuf,
    /// What it gave; `None` for a default file that is not there.
    pub file: Option<SecretsFile>,
}

/// Reads `defaults` (when they exist) and then `named` (which must), each
/// path once, a leading `~` expanded to the home folder, in that order.
/// Fails on the first file that exists but cannot be read, or a named one
/// that does not exist.
pub fn load_secrets_files(
    defaults: &[&str],
    named: &[PathBuf],
) -> Result<Vec<LoadedSecretsFile>, SecretsFileError> {
    let defaults = defaults.iter().map(|p| (expand_home(Path::new(p)), false));
    let named = named.iter().map(|p| (expand_home(p), true));
    let mut loaded: Vec<LoadedSecretsFile> = Vec::new();
    for (path, required) in defaults.chain(named) {
        if loaded.iter().any(|seen| seen.path == path) {
            continue;
        }
        let file = match std::fs::read_to_string(&path) {
            Ok(text) => Some(parse_secrets_file(&text)),
            Err(err) if !required && err.kind() == std::io::ErrorKind::NotFound => None,
            Err(source) => return Err(SecretsFileError { path, source }),
        };
        loaded.push(LoadedSecretsFile { path, file });
    }
    Ok(loaded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_may_be_missing_named_files_may_not_and_each_is_read_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let env = dir.path().join(".env");
        std::fs::write(&env, "API_TOKEN=abcdef123456\n").expect("write");
        let missing = dir.path().join("missing.nix");
        let missing_default = missing.to_str().expect("utf-8 path");
        let loaded = load_secrets_files(&[missing_default], &[env.clone(), env.clone()])
            .expect("a missing default is fine");
        assert_eq!(loaded.len(), 2);
        assert_eq!(loaded[0].file, None);
        let file = loaded[1].file.as_ref().expect("the named file was read");
        assert_eq!(file.secrets.len(), 1);
        assert_eq!(file.secrets[0].label, "API_TOKEN");

        let err = load_secrets_files(&[], std::slice::from_ref(&missing))
            .expect_err("a named file must exist");
        assert_eq!(err.path, missing);
        assert!(
            err.to_string().starts_with("cannot read secrets file "),
            "{err}"
        );
    }
}
