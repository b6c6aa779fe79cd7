//! Gemini Batch Mode, with inline requests: `models/{model}:batchGenerateContent`
//! creates a batch (an operation named `batches/{id}`), `GET batches/{id}`
//! reports its `state` (`BATCH_STATE_PENDING`, `_RUNNING`, `_SUCCEEDED`,
//! `_FAILED`, `_CANCELLED`, `_EXPIRED`) and, once done, holds the
//! responses inline, each with the `metadata.key` it was sent with, or
//! names a `responsesFile` (JSON lines, each with its `key`), downloaded
//! from `download/v1beta/{file}:download?alt=media` beside the API. A
//! batch that ended with neither (expired, cancelled) has no answers:
//! its requests are to submit again, never an error for ever.

use super::gemini_results::{take, Read};
use super::{count, is_plain_id, Item, Phase, Progress, Results};
use crate::providers::gemini::{classify, Gemini};
use crate::providers::http;
use crate::providers::{ProviderError, RetryPolicy};
use serde_json::{json, Value};
use std::collections::HashSet;

const NAME: &str = "gemini";

/// One GET or POST of the batch API, with the key in its header.
async fn call(
    gemini: &Gemini,
    policy: &RetryPolicy,
    url: &str,
    body: Option<&Value>,
) -> Result<Value, ProviderError> {
    let (text, _) = http::send_limited(
        NAME,
        policy,
        || {
            let builder = match body {
                Some(body) => gemini.client().post(url).json(body),
                None => gemini.client().get(url),
            };
            builder.header("x-goog-api-key", gemini.key())
        },
        classify,
        Some(gemini.key()),
        http::MAX_RESULTS_BYTES,
    )
    .await?;
    http::json(NAME, &text)
}

/// Creates the batch; returns its name (`batches/...`).
pub(super) async fn submit(
    gemini: &Gemini,
    items: &[Item],
    label: &str,
    policy: &RetryPolicy,
) -> Result<String, ProviderError> {
    let requests: Vec<Value> = items
        .iter()
        .map(|item| json!({ "request": Gemini::body(&item.request), "metadata": { "key": item.id } }))
        .collect();
    let body = json!({ "batch": {
        "displayName": label,
        "inputConfig": { "requests": { "requests": requests } },
    }});
    let url = format!(
        "{}/models/{}:batchGenerateContent",
        gemini.base_url, gemini.model
    );
    let answer = call(gemini, policy, &url, Some(&body)).await?;
    answer["name"]
        .as_str()
        .filter(|name| is_batch_name(name))
        .map(str::to_string)
        .ok_or_else(|| ProviderError::BadResponse {
            provider: NAME,
            detail: "the new batch has no name".into(),
        })
}

/// Whether `name` is a batch's name (`batches/` and a plain id): it goes
/// into a URL, so nothing else is accepted.
fn is_batch_name(name: &str) -> bool {
    name.strip_prefix("batches/").is_some_and(is_plain_id)
}

/// The batch (the operation's `metadata`, or the batch itself).
fn batch_of(operation: &Value) -> &Value {
    if operation["metadata"].is_object() {
        &operation["metadata"]
    } else {
        operation
    }
}

async fn fetch(gemini: &Gemini, name: &str, policy: &RetryPolicy) -> Result<Value, ProviderError> {
    if !is_batch_name(name) {
        return Err(ProviderError::BadResponse {
            provider: NAME,
            detail: format!("{name:?} is not a batch name"),
        });
    }
    call(gemini, policy, &format!("{}/{name}", gemini.base_url), None).await
}

pub(super) async fn poll(
    gemini: &Gemini,
    name: &str,
    policy: &RetryPolicy,
) -> Result<Progress, ProviderError> {
    Ok(progress(&fetch(gemini, name, policy).await?))
}

fn progress(operation: &Value) -> Progress {
    let batch = batch_of(operation);
    let state = batch["state"].as_str().unwrap_or("");
    let phase = match state.trim_start_matches("BATCH_STATE_") {
        "SUCCEEDED" => Phase::Succeeded,
        "FAILED" => Phase::Failed,
        "CANCELLED" => Phase::Cancelled,
        "EXPIRED" => Phase::Expired,
        "RUNNING" => Phase::Running,
        // An operation marked done with an error failed, whatever its state.
        _ if operation["done"] == true && operation["error"].is_object() => Phase::Failed,
        _ => Phase::Pending,
    };
    let stats = &batch["batchStats"];
    Progress {
        phase,
        done: count(&stats["successfulRequestCount"]),
        failed: count(&stats["failedRequestCount"]),
        reason: operation["error"]["message"].as_str().map(str::to_string),
    }
}

/// The results of a done batch: inline, in the batch's one JSON document,
/// walked entry by entry ([`super::gemini_results`]: no tree of it built,
/// entries for other ids counted and dropped as they are met); or in the
/// results file it names, read a line at a time; or none (an expired or
/// cancelled batch: every request unanswered, to submit again).
pub(super) async fn results(
    gemini: &Gemini,
    name: &str,
    policy: &RetryPolicy,
    wanted: &HashSet<&str>,
) -> Result<Results, ProviderError> {
    if !is_batch_name(name) {
        return Err(ProviderError::BadResponse {
            provider: NAME,
            detail: format!("{name:?} is not a batch name"),
        });
    }
    let get = |url: String| async move {
        http::send_limited(
            NAME,
            policy,
            || {
                gemini
                    .client()
                    .get(&url)
                    .header("x-goog-api-key", gemini.key())
            },
            classify,
            Some(gemini.key()),
            http::MAX_RESULTS_BYTES,
        )
        .await
        .map(|(text, _)| text)
    };
    let text = get(format!("{}/{name}", gemini.base_url)).await?;
    let read = super::gemini_results::read(&text, &gemini.model, wanted).map_err(|detail| {
        ProviderError::BadResponse {
            provider: NAME,
            detail,
        }
    })?;
    drop(text);
    match read {
        Read::Inline(results) => Ok(results),
        Read::Nothing => Ok(Results::default()),
        Read::File(file) => {
            let text = get(download_url(&gemini.base_url, &file)?).await?;
            let mut results = Results::default();
            for line in text.lines().filter(|line| !line.trim().is_empty()) {
                match serde_json::from_str::<Value>(line) {
                    Ok(entry) => take(&entry, &gemini.model, wanted, &mut results),
                    Err(_) => results.skipped += 1,
                }
            }
            Ok(results)
        }
    }
}

/// Where the results file `file` is downloaded: the API's origin, then
/// `download`, then the API's path (`/download/v1beta/files/x:download`).
/// Only a plain `files/` name goes into it, and only to the configured
/// server (which the key may go to).
fn download_url(base_url: &str, file: &str) -> Result<String, ProviderError> {
    let bad = |detail: String| ProviderError::BadResponse {
        provider: NAME,
        detail,
    };
    if !file.strip_prefix("files/").is_some_and(is_plain_id) {
        return Err(bad(format!("{file:?} is not a results file name")));
    }
    let base = reqwest::Url::parse(base_url).map_err(|e| bad(format!("the base URL: {e}")))?;
    let origin = base.origin().ascii_serialization();
    let path = base.path().trim_end_matches('/');
    Ok(format!("{origin}/download{path}/{file}:download?alt=media"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_and_counts_are_read() {
        let running = json!({ "name": "batches/x", "metadata": { "state": "BATCH_STATE_RUNNING", "batchStats": { "requestCount": "3", "successfulRequestCount": "1" } } });
        assert_eq!(
            progress(&running),
            Progress {
                phase: Phase::Running,
                done: Some(1),
                failed: None,
                reason: None
            }
        );
        let failed =
            json!({ "done": true, "error": { "code": 3, "message": "bad input" }, "metadata": {} });
        assert_eq!(progress(&failed).phase, Phase::Failed);
        assert_eq!(progress(&failed).reason.as_deref(), Some("bad input"));
        assert_eq!(
            progress(&json!({ "state": "BATCH_STATE_EXPIRED" })).phase,
            Phase::Expired
        );
    }

    #[test]
    fn results_files_are_downloaded_beside_the_api() {
        assert_eq!(
            download_url("https://generativelanguage.googleapis.com/v1beta", "files/abc-1")
                .expect("a URL"),
            "https://generativelanguage.googleapis.com/download/v1beta/files/abc-1:download?alt=media"
        );
        assert!(download_url("http://127.0.0.1:9", "files/../x").is_err());
        assert!(download_url("http://127.0.0.1:9", "https://elsewhere/files/x").is_err());
    }

    #[test]
    fn only_plain_batch_names_go_into_urls() {
        assert!(is_batch_name("batches/abc-123_x"));
        assert!(!is_batch_name("batches/../models"));
        assert!(!is_batch_name("https://elsewhere.example/batches/1"));
        assert!(!is_batch_name("batches/"));
    }
}
