//! The state files of batch jobs: one JSON file per job in `jobs/` beside
//! the cache's entries, written (private, through a temp file and a
//! rename) before the job is submitted and after every change, so that a
//! run killed at any point leaves a job that the next run resumes.

use super::Phase;
use crate::providers::ProviderKind;
use crate::write::{FolderLock, WriteError};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use utils::fs::{write_atomic, WriteOptions};

/// What a job's answers are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Editing instructions (`--reanalyze`).
    Reanalyze,
    /// Context files (`--contextualize`).
    Contextualize,
}

impl Kind {
    /// The flag that makes such jobs.
    pub fn flag(self) -> &'static str {
        match self {
            Kind::Reanalyze => "--reanalyze",
            Kind::Contextualize => "--contextualize",
        }
    }
}

/// One post of a job: the request's id (its cache key) and the post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// The request's id, the cache key of its answer.
    pub id: String,
    /// The post the answer is for.
    pub post: PathBuf,
}

/// A post whose request got no usable answer from the job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    /// The request's id.
    pub id: String,
    /// The post.
    pub post: PathBuf,
    /// Why (the provider's words, never a key).
    pub reason: String,
}

/// A recorded job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Job {
    /// The local name (also the state file's name).
    pub name: String,
    /// The provider (`gemini`, `openai`, `anthropic`).
    pub provider: ProviderKind,
    /// The model asked.
    pub model: String,
    /// The API base URL the job lives at.
    pub base_url: String,
    /// What the answers are for.
    pub kind: Kind,
    /// The provider's id of the job; `None` while it is being submitted
    /// (a run killed then left no job behind, or one it never heard of).
    pub remote: Option<String>,
    /// When it was submitted (RFC 3339).
    pub created: String,
    /// The phase last seen.
    pub phase: Phase,
    /// Its posts.
    pub members: Vec<Member>,
    /// Whether its results are in the cache (nothing more to fetch).
    pub collected: bool,
    /// Its posts that got no usable answer, once collected.
    #[serde(default)]
    pub failures: Vec<Failure>,
    /// Result lines that named no request of the job (skipped), once
    /// collected.
    #[serde(default)]
    pub skipped: u64,
}

impl Job {
    /// Why this record cannot be used, if it cannot: its name and ids
    /// become file names and URLs, so each must be a plain id (its name
    /// also the file's own); its provider one of the three; no text in it
    /// may hold a control character (it is shown on the terminal).
    pub fn check(&self, file_stem: &str) -> Result<(), String> {
        if !super::is_plain_id(&self.name) || self.name != file_stem {
            return Err(format!("its name is not {file_stem:?}"));
        }
        if !ProviderKind::REMOTE.contains(&self.provider) {
            return Err("its provider is none of gemini, openai, anthropic".into());
        }
        let ids = self.members.iter().map(|m| m.id.as_str());
        if let Some(id) = ids
            .chain(self.failures.iter().map(|f| f.id.as_str()))
            .find(|id| !super::is_plain_id(id))
        {
            return Err(format!(
                "the request id {:?} is not a plain id",
                id.escape_debug().to_string()
            ));
        }
        if let Some(remote) = &self.remote {
            let plain = remote.strip_prefix("batches/").unwrap_or(remote);
            if !super::is_plain_id(plain) {
                return Err("its provider id is not a plain id".into());
            }
        }
        let texts = [&self.model, &self.base_url, &self.created]
            .into_iter()
            .map(String::as_str)
            .chain(self.failures.iter().map(|f| f.reason.as_str()));
        let paths = self
            .members
            .iter()
            .map(|m| &m.post)
            .chain(self.failures.iter().map(|f| &f.post))
            .map(|p| p.to_str().unwrap_or("\u{0}"));
        if texts.chain(paths).any(|t| t.chars().any(char::is_control)) {
            return Err("it holds a control character".into());
        }
        Ok(())
    }
}

/// Why the job records cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The folder cannot be read or written.
    #[error("cannot use the batch job records in {}: {reason}", dir.display())]
    Io {
        /// The folder.
        dir: PathBuf,
        /// Why.
        reason: String,
    },
    /// Another run holds the records.
    #[error(transparent)]
    Locked(#[from] WriteError),
    /// A name that is no plain id: no path is made of it.
    #[error("{0:?} is not a job name (letters, digits, - and _ only)")]
    BadName(String),
}

/// A record that cannot be used: its file and why.
pub type Unusable = (PathBuf, String);

/// The folder of job records.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
}

impl Store {
    /// The records kept beside the cache in `cache_dir`.
    pub fn beside(cache_dir: &Path) -> Store {
        Store {
            dir: cache_dir.join("jobs"),
        }
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn io(&self, error: impl std::fmt::Display) -> StoreError {
        StoreError::Io {
            dir: self.dir.clone(),
            reason: error.to_string(),
        }
    }

    /// Takes the records' lock (created if need be): a run that reads
    /// them, decides and submits holds it, so two runs never submit the
    /// same posts twice.
    pub fn lock(&self, wait: bool) -> Result<FolderLock, StoreError> {
        utils::fs::create_private_dirs(&self.dir).map_err(|e| self.io(e))?;
        Ok(FolderLock::acquire(&self.dir, wait)?)
    }

    /// Every recorded job, oldest first. A record that does not parse or
    /// does not pass [`Job::check`] is left alone and skipped.
    pub fn jobs(&self) -> Result<Vec<Job>, StoreError> {
        Ok(self.read_all()?.0)
    }

    /// The records that are skipped, each with why: `(file, reason)`.
    pub fn unusable(&self) -> Result<Vec<Unusable>, StoreError> {
        Ok(self.read_all()?.1)
    }

    fn read_all(&self) -> Result<(Vec<Job>, Vec<Unusable>), StoreError> {
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok((Vec::new(), Vec::new()))
            }
            Err(e) => return Err(self.io(e)),
        };
        let mut jobs = Vec::new();
        let mut unusable = Vec::new();
        let paths = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|e| e == "json"));
        for path in paths {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            match serde_json::from_str::<Job>(&text) {
                Ok(job) => match job.check(&stem) {
                    Ok(()) => jobs.push(job),
                    Err(reason) => unusable.push((path, reason)),
                },
                Err(_) => unusable.push((path, "not a job record".into())),
            }
        }
        jobs.sort_by(|a, b| (&a.created, &a.name).cmp(&(&b.created, &b.name)));
        Ok((jobs, unusable))
    }

    /// The record's path; an error for a name that is not a plain id, so
    /// no path leaves the folder.
    pub fn path(&self, name: &str) -> Result<PathBuf, StoreError> {
        if !super::is_plain_id(name) {
            return Err(StoreError::BadName(name.escape_debug().to_string()));
        }
        Ok(self.dir.join(format!("{name}.json")))
    }

    /// Writes a record (private, whole or not at all).
    pub fn save(&self, job: &Job) -> Result<PathBuf, StoreError> {
        let text = serde_json::to_string_pretty(job).map_err(|e| self.io(e))?;
        let options = WriteOptions::new(".articleizer-")
            .replace(true)
            .private()
            .create_parent();
        write_atomic(&self.path(&job.name)?, text.as_bytes(), &options).map_err(|e| self.io(e))
    }

    /// Removes a record.
    pub fn remove(&self, name: &str) -> Result<(), StoreError> {
        match std::fs::remove_file(self.path(name)?) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(self.io(e)),
            _ => Ok(()),
        }
    }

    /// A name no record has: the time, the provider and a number.
    pub fn new_name(&self, provider: ProviderKind) -> String {
        let stamp = chrono::Utc::now().format("%Y%m%d-%H%M%S");
        (1..)
            .map(|n| format!("{stamp}-{provider}-{n}"))
            .find(|name| self.path(name).is_ok_and(|path| !path.exists()))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(store: &Store, created: &str) -> Job {
        Job {
            name: store.new_name(ProviderKind::Gemini),
            provider: ProviderKind::Gemini,
            model: "m".into(),
            base_url: "http://127.0.0.1:1".into(),
            kind: Kind::Reanalyze,
            remote: Some("batches/1".into()),
            created: created.into(),
            phase: Phase::Pending,
            members: vec![Member {
                id: "k".into(),
                post: "a.md".into(),
            }],
            collected: false,
            failures: Vec::new(),
            skipped: 0,
        }
    }

    #[test]
    fn records_round_trip_oldest_first_and_skip_junk() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::beside(dir.path());
        assert!(store.jobs().expect("none yet").is_empty());
        let late = job(&store, "2026-02-01T00:00:00Z");
        store.save(&late).expect("saved");
        let early = job(&store, "2026-01-01T00:00:00Z");
        assert_ne!(early.name, late.name);
        store.save(&early).expect("saved");
        std::fs::write(store.dir().join("junk.json"), "{").expect("junk");
        assert_eq!(store.jobs().expect("read"), [early.clone(), late]);
        store.remove(&early.name).expect("removed");
        assert_eq!(store.jobs().expect("read").len(), 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(
                store
                    .path(&early.name)
                    .expect("a plain name")
                    .with_file_name(format!("{}.json", store.jobs().expect("read")[0].name)),
            )
            .expect("meta")
            .permissions()
            .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
