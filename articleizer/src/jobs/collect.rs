//! A recorded job brought up to date: polled, and once it ended, its
//! answers put in the cache (where a run finds them as it finds any
//! cached answer) and its failures listed in its record. Also which of a
//! run's requests are answered, waiting for a job, or still to submit.

use super::store::{Failure, Job, Store, StoreError};
use super::{poll, results, Phase, Progress};
use crate::cache::{self, Cache, Entry};
use crate::providers::{Provider, ProviderError, RetryPolicy};
use serde_json::json;

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
    job.provider == provider.name()
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
        let outcomes = if progress.phase.has_results() {
            results(provider, &remote, policy).await?
        } else {
            Vec::new()
        };
        let (mut answered, mut input, mut output) = (0usize, 0u64, 0u64);
        let mut failures = Vec::new();
        for member in &job.members {
            let outcome = outcomes.iter().find(|o| o.id == member.id);
            let reason = match outcome.map(|o| &o.answer) {
                Some(Ok(completion)) => {
                    let entry = Entry {
                        provider: job.provider.clone(),
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
        job.collected = true;
        let record = json!({
            "time": cache::timestamp(), "provider": job.provider, "model": job.model,
            "batch_job": remote, "outcome": format!("batch {}", progress.phase.word()),
            "answered": answered, "failed": job.failures.len(),
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

/// Where the request `id` stands, given the cache and the jobs recorded.
pub fn standing(id: &str, cache: &Cache, jobs: &[Job]) -> Standing {
    if cache.get(id).is_some() {
        return Standing::Answered;
    }
    match jobs.iter().find(|job| !job.collected && job.has(id)) {
        Some(job) => Standing::Waiting(job.name.clone()),
        None => Standing::ToSubmit,
    }
}

/// The latest failure recorded for the request `id`, if any.
pub fn failure<'a>(id: &str, jobs: &'a [Job]) -> Option<&'a Failure> {
    jobs.iter()
        .rev()
        .filter(|job| job.collected)
        .flat_map(|job| &job.failures)
        .find(|failure| failure.id == id)
}
