//! Every paid answer, kept: content-addressed by provider, model and
//! prompt, so the same article is never paid for twice. Also where raw
//! answers that could not be read are saved, and the call log.
//!
//! Entries hold the answer and what produced it, never a key.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};
use utils::fs::{write_atomic, WriteOptions};

/// A cache directory.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
}

/// One cached answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Provider name.
    pub provider: String,
    /// The model asked for.
    pub model: String,
    /// The model the API says answered.
    pub answered_by: String,
    /// Seconds since the Unix epoch.
    pub created: u64,
    /// The answer's text.
    pub response: String,
}

/// Hex SHA-256 of `parts`, each length-prefixed so boundaries count.
pub fn digest(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Now, as RFC 3339 in UTC with milliseconds (`2026-11-30T16:40:00.123Z`):
/// the `time` of a `calls.jsonl` record.
pub fn timestamp() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Seconds since the Unix epoch.
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl Cache {
    /// The cache in `dir` (created on first write).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Cache { dir: dir.into() }
    }

    /// The default place: `$XDG_CACHE_HOME/articleizer`, else `~/.cache/articleizer`.
    pub fn default_dir() -> Option<PathBuf> {
        utils::dirs::cache_dir()
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The key of a request.
    pub fn key(provider: &str, model: &str, prompt: &str) -> String {
        digest(&[provider, model, prompt])
    }

    /// The path of an entry.
    pub fn path(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.json"))
    }

    /// `key` when it can name a file here (a plain id: no separator, no
    /// `..`; keys are hex digests, and ids read from job records or sent
    /// back by a server must be too), else an `InvalidInput` error.
    fn checked(key: &str) -> std::io::Result<&str> {
        if crate::jobs::is_plain_id(key) {
            Ok(key)
        } else {
            Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "a cache key that is not a plain id",
            ))
        }
    }

    /// The cached answer for `key`, if any (an unreadable entry is a miss).
    pub fn get(&self, key: &str) -> Option<Entry> {
        let key = Self::checked(key).ok()?;
        let text = std::fs::read_to_string(self.path(key)).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// Stores an answer (temp file + rename: never a half-written entry).
    pub fn put(&self, key: &str, entry: &Entry) -> std::io::Result<PathBuf> {
        let key = Self::checked(key)?;
        let path = self.path(key);
        self.write_atomic(
            &path,
            serde_json::to_string_pretty(entry)
                .unwrap_or_default()
                .as_bytes(),
        )?;
        Ok(path)
    }

    /// Drops an entry (an answer that cannot be used, once its raw text is
    /// saved), so that the next run asks again.
    pub fn remove(&self, key: &str) -> std::io::Result<()> {
        let key = Self::checked(key)?;
        match std::fs::remove_file(self.path(key)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// Saves an answer that could not be read, for the writer to inspect.
    pub fn save_raw(&self, key: &str, text: &str) -> std::io::Result<PathBuf> {
        let key = Self::checked(key)?;
        let path = self.dir.join(format!("{key}.raw.txt"));
        self.write_atomic(&path, text.as_bytes())?;
        Ok(path)
    }

    /// Appends one line to `calls.jsonl`, in one `write` to a file opened
    /// with `O_APPEND`: concurrent runs and `batch --jobs` workers each add
    /// whole lines, and a reader never sees a partial one. (Writing the
    /// record through a formatter took dozens of writes, which interleaved.)
    pub fn log(&self, record: &serde_json::Value) -> std::io::Result<()> {
        utils::fs::create_private_dirs(&self.dir)?;
        let mut line = record.to_string();
        line.push('\n');
        let mut options = std::fs::OpenOptions::new();
        options.create(true).append(true);
        // Private whatever the umask, as every file of the cache.
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(self.dir.join("calls.jsonl"))?;
        file.write_all(line.as_bytes())
    }

    fn write_atomic(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        let options = WriteOptions::new(".cache-")
            .replace(true)
            .private()
            .create_parent();
        write_atomic(path, bytes, &options).map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concurrent_log_records_stay_whole_lines() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = std::sync::Arc::new(Cache::new(dir.path()));
        let workers: Vec<_> = (0..8)
            .map(|worker| {
                let cache = cache.clone();
                std::thread::spawn(move || {
                    for n in 0..100 {
                        let padding = "x".repeat(4000);
                        let record = serde_json::json!({ "worker": worker, "n": n, "padding": padding, "list": [1, 2, 3] });
                        cache.log(&record).expect("appends");
                    }
                })
            })
            .collect();
        for worker in workers {
            worker.join().expect("worker ends");
        }
        let text = std::fs::read_to_string(dir.path().join("calls.jsonl")).expect("log");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 800);
        for line in lines {
            serde_json::from_str::<serde_json::Value>(line)
                .expect("every line is one whole record");
        }
    }

    #[test]
    fn keys_depend_on_every_part() {
        let a = Cache::key("gemini", "m", "prompt");
        assert_eq!(a.len(), 64);
        assert_ne!(a, Cache::key("openai", "m", "prompt"));
        assert_ne!(
            Cache::key("ab", "c", "p"),
            Cache::key("a", "bc", "p"),
            "boundaries count"
        );
    }

    #[test]
    fn round_trip() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = Cache::new(dir.path().join("c"));
        assert!(cache.get("k").is_none());
        let entry = Entry {
            provider: "p".into(),
            model: "m".into(),
            answered_by: "m-1".into(),
            created: 1,
            response: "{}".into(),
        };
        cache.put("k", &entry).expect("written");
        assert_eq!(cache.get("k"), Some(entry));
    }
}
