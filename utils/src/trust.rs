//! Trusted project configurations, as direnv's `allow` keeps them: a
//! `config.toml` found in the working directory belongs to whoever wrote
//! the repository, not to the user, so the base URL it names gets no API
//! key until the user says the file is theirs to trust
//! (`articleizer config trust FILE`). The trust is recorded in the user's
//! configuration folder (`trusted.toml`, private) as the file's canonical
//! path and the SHA-256 of its bytes: a file changed since is untrusted
//! again.

use crate::fs::{write_atomic, WriteOptions};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The record of trusted files: canonical path -> SHA-256 (hex).
#[derive(Default, Serialize, Deserialize)]
struct Record {
    #[serde(default)]
    trusted: BTreeMap<String, String>,
}

/// Why a file cannot be trusted or the record written.
#[derive(Debug, thiserror::Error)]
pub enum TrustError {
    /// The file to trust cannot be read.
    #[error("cannot read {}: {reason}", file.display())]
    Unreadable {
        /// The file.
        file: PathBuf,
        /// Why.
        reason: String,
    },
    /// No user configuration folder (no home).
    #[error("no configuration folder to record the trust in: set HOME or XDG_CONFIG_HOME")]
    NoFolder,
    /// The record cannot be written.
    #[error("cannot write {}: {reason}", file.display())]
    Unwritable {
        /// The record file.
        file: PathBuf,
        /// Why.
        reason: String,
    },
}

/// Where trusted files are recorded: `trusted.toml` in the user's
/// configuration folder.
pub fn record_file() -> Option<PathBuf> {
    crate::dirs::config_dir().map(|dir| dir.join("trusted.toml"))
}

/// The canonical path of `file` and the SHA-256 of its bytes.
fn fingerprint(file: &Path) -> std::io::Result<(String, String)> {
    let canonical = std::fs::canonicalize(file)?;
    let bytes = std::fs::read(&canonical)?;
    let digest: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok((canonical.display().to_string(), digest))
}

fn read_record(record: &Path) -> Record {
    std::fs::read_to_string(record)
        .ok()
        .and_then(|text| toml::from_str(&text).ok())
        .unwrap_or_default()
}

/// Whether `file`, as it is now, was trusted by the user (recorded in
/// `record`, by default [`record_file`]).
pub fn is_trusted_in(file: &Path, record: &Path) -> bool {
    let Ok((path, digest)) = fingerprint(file) else {
        return false;
    };
    read_record(record).trusted.get(&path) == Some(&digest)
}

/// Whether `file`, as it is now, was trusted by the user.
pub fn is_trusted(file: &Path) -> bool {
    record_file().is_some_and(|record| is_trusted_in(file, &record))
}

/// Whether `file` is in the user's own configuration folder (theirs, so
/// trusted without asking).
/// Decided by where the file was found, not where it leads: a project's
/// `config.toml` that is a symbolic link into the folder is still the
/// project's (and the user's own may be a link to their dotfiles).
pub fn is_users_own(file: &Path) -> bool {
    let parent = crate::fs::parent_of(file);
    let (Some(dir), Ok(parent), Some(name)) = (
        crate::dirs::config_dir(),
        std::fs::canonicalize(parent),
        file.file_name(),
    ) else {
        return false;
    };
    std::fs::canonicalize(dir).is_ok_and(|dir| parent.join(name).starts_with(dir))
}

/// Records `file`, as it is now, as trusted in `record` (private, through
/// a temp file and a rename); returns the canonical path trusted.
pub fn trust_in(file: &Path, record: &Path) -> Result<PathBuf, TrustError> {
    let (path, digest) = fingerprint(file).map_err(|e| TrustError::Unreadable {
        file: file.to_path_buf(),
        reason: e.kind().to_string(),
    })?;
    let mut trusted = read_record(record);
    trusted.trusted.insert(path.clone(), digest);
    let unwritable = |reason: String| TrustError::Unwritable {
        file: record.to_path_buf(),
        reason,
    };
    let table = toml::to_string(&trusted).map_err(|e| unwritable(e.to_string()))?;
    let text = format!(
        "# Project configurations trusted with your API keys (`articleizer config trust FILE`):\n# canonical path = SHA-256 of the file as trusted. A file changed since is untrusted.\n{table}"
    );
    let options = WriteOptions::new(".trusted-")
        .replace(true)
        .private()
        .create_parent();
    write_atomic(record, text.as_bytes(), &options).map_err(|e| unwritable(e.to_string()))?;
    Ok(PathBuf::from(path))
}

/// Records `file` as trusted in [`record_file`].
pub fn trust(file: &Path) -> Result<PathBuf, TrustError> {
    let record = record_file().ok_or(TrustError::NoFolder)?;
    trust_in(file, &record)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trusted_file_is_untrusted_once_changed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("config.toml");
        let record = dir.path().join("user/trusted.toml");
        std::fs::write(&file, "[articleizer]\nbase_url = \"http://a\"\n").expect("write");
        assert!(!is_trusted_in(&file, &record));
        trust_in(&file, &record).expect("trusted");
        assert!(is_trusted_in(&file, &record));
        std::fs::write(&file, "[articleizer]\nbase_url = \"http://b\"\n").expect("write");
        assert!(!is_trusted_in(&file, &record), "changed since");
    }
}
