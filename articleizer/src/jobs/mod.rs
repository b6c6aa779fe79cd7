//! Batch jobs: many requests run on a provider's own batch engine (Gemini
//! Batch Mode, OpenAI's Batch API, Anthropic's Message Batches), at about
//! half the price of interactive calls and far above their quotas.
//!
//! A job's requests are exactly the interactive ones (same prompt, same
//! schema), and each carries the cache key of that interactive call as its
//! id: a job's answers go into the cache, and a run applies them as it
//! would apply interactive answers read from the cache. The job itself is
//! recorded in a state file ([`store`]) before anything waits on it, so a
//! run killed at any point is resumed from the file.
//!
//! - [`submit`], [`poll`], [`results`]: the three calls, per provider;
//! - [`collect`]: a recorded job polled and, once it ended, its answers
//!   cached and its failures listed;
//! - [`estimate`]: tokens and prices, before anything is submitted.

mod anthropic;
pub mod collect;
pub mod estimate;
mod gemini;
mod gemini_results;
mod openai;
pub mod store;

use crate::providers::{Completion, Provider, ProviderError, Request, RetryPolicy};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// One request of a job.
#[derive(Debug, Clone)]
pub struct Item {
    /// The id the answer comes back with: the cache key of the same
    /// interactive call (64 hex digits, which every provider accepts).
    pub id: String,
    /// What is asked.
    pub request: Request,
}

/// Where a job is, in the provider's life cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Accepted, not started (also: being validated).
    Pending,
    /// Running (also: finalizing).
    Running,
    /// Ended; its results can be read (some requests may have failed).
    Succeeded,
    /// Ended without results.
    Failed,
    /// Ended by the provider's time limit; finished requests have results.
    Expired,
    /// Cancelled; finished requests have results.
    Cancelled,
}

impl Phase {
    /// Whether the job is over (nothing more will change).
    pub fn ended(self) -> bool {
        !matches!(self, Phase::Pending | Phase::Running)
    }

    /// Whether an ended job has results to read.
    pub fn has_results(self) -> bool {
        matches!(self, Phase::Succeeded | Phase::Expired | Phase::Cancelled)
    }

    /// The phase as a word (`pending`, `running`...).
    pub fn word(self) -> &'static str {
        match self {
            Phase::Pending => "pending",
            Phase::Running => "running",
            Phase::Succeeded => "succeeded",
            Phase::Failed => "failed",
            Phase::Expired => "expired",
            Phase::Cancelled => "cancelled",
        }
    }
}

/// A job's state, as the provider reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// The phase.
    pub phase: Phase,
    /// Requests answered so far, when the provider says.
    pub done: Option<u64>,
    /// Requests failed so far, when the provider says.
    pub failed: Option<u64>,
    /// Why the job failed, when it did and the provider says.
    pub reason: Option<String>,
}

/// The outcome of one request of a job.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The request's id ([`Item::id`]).
    pub id: String,
    /// The answer, or why there is none.
    pub answer: Result<Completion, String>,
}

/// The outcomes of an ended job for the requests it holds, and how many
/// result lines named another id (skipped as they were read, never kept).
#[derive(Debug, Default)]
pub struct Results {
    /// One outcome per request of the job that has one.
    pub outcomes: Vec<Outcome>,
    /// Result lines whose id is no request of the job (or that are no
    /// result at all).
    pub skipped: u64,
}

/// The id a result line names (`custom_id`), read without keeping the
/// rest of the line; `None` for a line that is no JSON object with one.
fn custom_id(line: &str) -> Option<std::borrow::Cow<'_, str>> {
    #[derive(Deserialize)]
    struct Id<'a> {
        #[serde(borrow)]
        custom_id: Option<std::borrow::Cow<'a, str>>,
    }
    serde_json::from_str::<Id<'_>>(line).ok()?.custom_id
}

/// How many requests, and how many bytes of them, one job may take: the
/// providers' own limits, with room to spare (Gemini takes 20 MB of
/// inline requests, OpenAI a 200 MB file of 50 000, Anthropic 256 MB or
/// 100 000). Larger runs are split into several jobs.
pub fn limits(provider: &Provider) -> (usize, usize) {
    match provider {
        Provider::Gemini(_) => (10_000, 16 * 1024 * 1024),
        Provider::OpenAi(_) => (50_000, 180 * 1024 * 1024),
        Provider::Anthropic(_) => (100_000, 230 * 1024 * 1024),
    }
}

/// Splits `items` into jobs within the provider's [`limits`].
pub fn split(provider: &Provider, items: Vec<Item>) -> Vec<Vec<Item>> {
    let (most, bytes) = limits(provider);
    let mut jobs: Vec<Vec<Item>> = Vec::new();
    let mut size = 0;
    for item in items {
        // The prompt dominates a request; the schema and envelope are
        // counted with a margin.
        let cost = item.request.prompt.len() + item.request.schema.to_string().len() + 512;
        let full = jobs
            .last()
            .is_none_or(|job| job.len() >= most || size + cost > bytes);
        if full {
            jobs.push(Vec::new());
            size = 0;
        }
        size += cost;
        if let Some(job) = jobs.last_mut() {
            job.push(item);
        }
    }
    jobs
}

/// Submits `items` as one job named `label`; returns the provider's id of
/// the job.
pub async fn submit(
    provider: &Provider,
    items: &[Item],
    label: &str,
    policy: &RetryPolicy,
) -> Result<String, ProviderError> {
    match provider {
        Provider::Gemini(p) => gemini::submit(p, items, label, policy).await,
        Provider::OpenAi(p) => openai::submit(p, items, label, policy).await,
        Provider::Anthropic(p) => anthropic::submit(p, items, policy).await,
    }
}

/// Where the job `remote` is.
pub async fn poll(
    provider: &Provider,
    remote: &str,
    policy: &RetryPolicy,
) -> Result<Progress, ProviderError> {
    match provider {
        Provider::Gemini(p) => gemini::poll(p, remote, policy).await,
        Provider::OpenAi(p) => openai::poll(p, remote, policy).await,
        Provider::Anthropic(p) => anthropic::poll(p, remote, policy).await,
    }
}

/// The outcomes of the ended job `remote` for the requests in `wanted`,
/// one per request it answered or failed, each answer with every copy of
/// the key removed. Result files are read line by line as they arrive;
/// lines for other ids are counted and dropped at once.
pub async fn results(
    provider: &Provider,
    remote: &str,
    policy: &RetryPolicy,
    wanted: &HashSet<&str>,
) -> Result<Results, ProviderError> {
    let mut results = match provider {
        Provider::Gemini(p) => gemini::results(p, remote, policy, wanted).await?,
        Provider::OpenAi(p) => openai::results(p, remote, policy, wanted).await?,
        Provider::Anthropic(p) => anthropic::results(p, remote, policy, wanted).await?,
    };
    for outcome in &mut results.outcomes {
        if let Ok(completion) = &mut outcome.answer {
            completion.text = provider.scrub_answer(&completion.text);
        }
    }
    Ok(results)
}

/// Whether `id` is a plain id (letters, digits, `-`, `_`, at most 200):
/// ids from the API and from job records go into URLs and file names, so
/// nothing else (`../`, a separator, a whole URL) is accepted.
pub fn is_plain_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 200
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// `id` when it is a plain id, else the error that says it is not.
fn plain_id<'a>(provider: &'static str, id: &'a str) -> Result<&'a str, ProviderError> {
    if is_plain_id(id) {
        Ok(id)
    } else {
        Err(ProviderError::BadResponse {
            provider,
            detail: format!("{id:?} is not a batch id"),
        })
    }
}

/// A count the provider writes as a number or as a string of digits.
fn count(value: &serde_json::Value) -> Option<u64> {
    value
        .as_u64()
        .or_else(|| value.as_str().and_then(|s| s.parse().ok()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::gemini::Gemini;
    use serde_json::json;

    fn item(id: &str, size: usize) -> Item {
        Item {
            id: id.into(),
            request: Request {
                prompt: "x".repeat(size),
                schema: json!({}),
            },
        }
    }

    #[test]
    fn large_runs_are_split_within_the_limits() {
        let gemini = Provider::Gemini(Gemini::new("http://127.0.0.1:9", "m", "k"));
        let items: Vec<Item> = (0..5).map(|i| item(&i.to_string(), 6_000_000)).collect();
        let jobs = split(&gemini, items);
        assert_eq!(jobs.iter().map(Vec::len).collect::<Vec<_>>(), [2, 2, 1]);
        assert!(split(&gemini, Vec::new()).is_empty());
        let small: Vec<Item> = (0..3).map(|i| item(&i.to_string(), 10)).collect();
        assert_eq!(split(&gemini, small).len(), 1);
    }

    #[test]
    fn only_plain_ids_go_into_urls() {
        assert!(is_plain_id("msgbatch_01-aB"));
        assert!(!is_plain_id("../../elsewhere"));
        assert!(!is_plain_id("https://elsewhere.example/1"));
        assert!(!is_plain_id(""));
        assert!(plain_id("openai", "a/b").is_err());
    }

    #[test]
    fn phases_that_end() {
        assert!(!Phase::Pending.ended() && !Phase::Running.ended());
        assert!(Phase::Expired.ended() && Phase::Expired.has_results());
        assert!(Phase::Failed.ended() && !Phase::Failed.has_results());
    }
}
