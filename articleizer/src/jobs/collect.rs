//! A recorded job brought up to date: polled, and once it ended, its
//! answers put in the cache (where a run finds them as it finds any
//! cached answer) and its failures listed in its record. Also which of a
//! run's requests are answered, waiting for a job, or still to submit.

use super::store::{Failure, Job, Store, StoreError};
use super::{poll, results, Outcome, Phase, Progress};
use crate::cache::{self, Cache, Entry};
use crate::providers::{Provider, ProviderError, RetryPolicy};
use serde_json::json;
use std::collections::HashMap;

/// Why a job could not be brought up to date.
#[derive(Debug, thiserror::Error)]
pub enum CollectError {
    /// The provider failed.
    #[error(transparent)]
    Provider(#[from] ProviderError),
    /// The record cannot be written.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// An answer cannot be cached.
    #[error("cannot write the cache in {}: {reason}", dir.display())]
    Cache {
        /// The cache folder.
        dir: std::path::PathBuf,
        /// Why.
        reason: String,
    },
}

/// Whether `provider` is where `job` lives (same provider, model and
/// server): only there can it be polled.
pub fn belongs(job: &Job, provider: &Provider) -> bool {
    job.provider == provider.kind()
        && job.model == provider.model()
        && job.base_url == provider.base_url()
}

/// Polls `job` (unless its results are in already) and, once it ended,
/// caches its answers and records its failures. Returns the progress seen
/// (`None` when nothing was asked).
pub async fn refresh(
    provider: &Provider,
    store: &Store,
    cache: &Cache,
    job: &mut Job,
    policy: &RetryPolicy,
) -> Result<Option<Progress>, CollectError> {
    let Some(remote) = job.remote.clone().filter(|_| !job.collected) else {
        return Ok(None);
    };
    let progress = poll(provider, &remote, policy).await?;
    job.phase = progress.phase;
    if progress.phase.ended() {
        let wanted: std::collections::HashSet<&str> =
            job.members.iter().map(|m| m.id.as_str()).collect();
        let fetched = if progress.phase.has_results() {
            results(provider, &remote, policy, &wanted).await?
        } else {
            super::Results::default()
        };
        let outcomes = fetched.outcomes;
        // Looked up by id: a job holds up to tens of thousands of requests.
        let by_id: HashMap<&str, &Outcome> = outcomes.iter().map(|o| (o.id.as_str(), o)).collect();
        let (mut answered, mut input, mut output) = (0usize, 0u64, 0u64);
        let mut failures = Vec::new();
        for member in &job.members {
            let reason = match by_id.get(member.id.as_str()).map(|o| &o.answer) {
                Some(Ok(completion)) => {
                    let entry = Entry {
                        provider: job.provider.to_string(),
                        model: job.model.clone(),
                        answered_by: completion.model.clone(),
                        created: cache::now(),
                        response: completion.text.clone(),
                    };
                    cache
                        .put(&member.id, &entry)
                        .map_err(|e| CollectError::Cache {
                            dir: cache.dir().to_path_buf(),
                            reason: e.to_string(),
                        })?;
                    answered += 1;
                    input += completion.input_tokens.unwrap_or(0);
                    output += completion.output_tokens.unwrap_or(0);
                    continue;
                }
                Some(Err(reason)) => reason.clone(),
                None if progress.phase == Phase::Failed => format!(
                    "the job failed{}",
                    progress
                        .reason
                        .as_deref()
                        .map_or_else(String::new, |r| format!(": {r}"))
                ),
                None => format!("no answer: the job ended {}", progress.phase.word()),
            };
            failures.push(Failure {
                id: member.id.clone(),
                post: member.post.clone(),
                reason,
            });
        }
        job.failures = failures;
        job.skipped = fetched.skipped;
        job.collected = true;
        let record = json!({
            "time": cache::timestamp(), "provider": job.provider, "model": job.model,
            "batch_job": remote, "outcome": format!("batch {}", progress.phase.word()),
            "answered": answered, "failed": job.failures.len(), "skipped_lines": job.skipped,
            "input_tokens": input, "output_tokens": output,
        });
        // The log is a record of calls, not needed to resume: a failure to
        // append it is not a failure of the job.
        let _ = cache.log(&record);
    }
    store.save(job)?;
    Ok(Some(progress))
}

/// Where one request of a run stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    /// Its answer is in the cache.
    Answered,
    /// A job that has not ended holds it (the job's name).
    Waiting(String),
    /// Neither: it is to be submitted (again, if a job failed it).
    ToSubmit,
}

/// What the recorded jobs say of a run's requests, indexed once: which
/// unfinished job holds each, and the latest failure of each.
pub struct Ledger<'a> {
    waiting: HashMap<&'a str, &'a str>,
    failures: HashMap<&'a str, &'a Failure>,
}

impl<'a> Ledger<'a> {
    /// The index of `jobs` (oldest first, as [`Store::jobs`] gives them).
    pub fn new(jobs: &'a [Job]) -> Ledger<'a> {
        let mut waiting = HashMap::new();
        let mut failures = HashMap::new();
        for job in jobs {
            if job.collected {
                // A later job's failure replaces an earlier one's.
                for failure in &job.failures {
                    failures.insert(failure.id.as_str(), failure);
                }
            } else {
                for member in &job.members {
                    waiting
                        .entry(member.id.as_str())
                        .or_insert(job.name.as_str());
                }
            }
        }
        Ledger { waiting, failures }
    }

    /// Where the request `id` stands, given the cache.
    pub fn standing(&self, id: &str, cache: &Cache) -> Standing {
        if cache.get(id).is_some() {
            return Standing::Answered;
        }
        match self.waiting.get(id) {
            Some(job) => Standing::Waiting((*job).to_string()),
            None => Standing::ToSubmit,
        }
    }

    /// The latest failure recorded for the request `id`, if any.
    pub fn failure(&self, id: &str) -> Option<&'a Failure> {
        self.failures.get(id).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::store::{Kind, Member};
    use crate::providers::ProviderKind;

    fn job(name: &str, ids: &[&str], collected: bool, failed: &[(&str, &str)]) -> Job {
        Job {
            name: name.into(),
            provider: ProviderKind::Gemini,
            model: "m".into(),
            base_url: "http://127.0.0.1:1".into(),
            kind: Kind::Reanalyze,
            remote: Some(format!("batches/{name}")),
            created: String::new(),
            phase: if collected {
                Phase::Succeeded
            } else {
                Phase::Running
            },
            members: ids
                .iter()
                .map(|id| Member {
                    id: (*id).into(),
                    post: format!("{id}.md").into(),
                })
                .collect(),
            collected,
            skipped: 0,
            failures: failed
                .iter()
                .map(|(id, reason)| Failure {
                    id: (*id).into(),
                    post: format!("{id}.md").into(),
                    reason: (*reason).into(),
                })
                .collect(),
        }
    }

    #[test]
    fn the_ledger_says_where_each_request_stands() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = Cache::new(dir.path());
        let entry = Entry {
            provider: "gemini".into(),
            model: "m".into(),
            answered_by: "m".into(),
            created: 0,
            response: "{}".into(),
        };
        cache.put("answered", &entry).expect("cached");
        let jobs = [
            job("old", &["a", "b"], true, &[("a", "first try")]),
            job("again", &["a"], true, &[("a", "second try")]),
            job("first", &["c"], false, &[]),
            job("second", &["c", "answered"], false, &[]),
        ];
        let ledger = Ledger::new(&jobs);
        assert_eq!(ledger.standing("answered", &cache), Standing::Answered);
        assert_eq!(
            ledger.standing("c", &cache),
            Standing::Waiting("first".into())
        );
        assert_eq!(ledger.standing("a", &cache), Standing::ToSubmit);
        assert_eq!(
            ledger.failure("a").map(|f| f.reason.as_str()),
            Some("second try")
        );
        assert!(ledger.failure("b").is_none());
    }
}
