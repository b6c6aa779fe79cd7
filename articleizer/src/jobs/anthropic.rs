//! Anthropic's Message Batches: `POST /messages/batches` with one
//! `{custom_id, params}` per request, `GET /messages/batches/{id}` reports
//! its `processing_status` (`in_progress`, `canceling`, `ended`) and
//! `request_counts` and, once ended, its `results_url`: one JSON line per
//! request there (`succeeded`, `errored`, `canceled`, `expired`).
//!
//! The results are read at the `results_url` the batch names, as the API
//! reference says to, when it is on the configured server's origin (the
//! key goes to no other address); anywhere else, or when the batch names
//! none, at `{base}/messages/batches/{id}/results` on the configured
//! server.

use super::{count, custom_id, is_plain_id, plain_id, Item, Outcome, Phase, Progress, Results};
use crate::providers::anthropic::{classify, read_answer, Anthropic, API_VERSION};
use crate::providers::http;
use crate::providers::{ProviderError, RetryPolicy};
use serde_json::{json, Value};
use std::collections::HashSet;

const NAME: &str = "anthropic";

async fn send(
    anthropic: &Anthropic,
    policy: &RetryPolicy,
    url: &str,
    body: Option<&Value>,
) -> Result<String, ProviderError> {
    let (text, _) = http::send_limited(
        NAME,
        policy,
        || {
            let builder = match body {
                Some(body) => anthropic.client().post(url).json(body),
                None => anthropic.client().get(url),
            };
            builder
                .header("x-api-key", anthropic.key())
                .header("anthropic-version", API_VERSION)
        },
        classify,
        Some(anthropic.key()),
        http::MAX_RESULTS_BYTES,
    )
    .await?;
    Ok(text)
}

/// Creates the batch; returns its id.
pub(super) async fn submit(
    anthropic: &Anthropic,
    items: &[Item],
    policy: &RetryPolicy,
) -> Result<String, ProviderError> {
    let requests: Vec<Value> = items
        .iter()
        .map(|item| json!({ "custom_id": item.id, "params": anthropic.body(&item.request) }))
        .collect();
    let url = format!("{}/messages/batches", anthropic.base_url);
    let text = send(
        anthropic,
        policy,
        &url,
        Some(&json!({ "requests": requests })),
    )
    .await?;
    let batch: Value = http::json(NAME, &text)?;
    batch["id"]
        .as_str()
        .filter(|id| is_plain_id(id))
        .map(str::to_string)
        .ok_or_else(|| ProviderError::BadResponse {
            provider: NAME,
            detail: "the new batch has no usable id".into(),
        })
}

pub(super) async fn poll(
    anthropic: &Anthropic,
    id: &str,
    policy: &RetryPolicy,
) -> Result<Progress, ProviderError> {
    let url = format!(
        "{}/messages/batches/{}",
        anthropic.base_url,
        plain_id(NAME, id)?
    );
    let text = send(anthropic, policy, &url, None).await?;
    let batch: Value = http::json(NAME, &text)?;
    Ok(progress(&batch))
}

fn progress(batch: &Value) -> Progress {
    let counts = &batch["request_counts"];
    let done = count(&counts["succeeded"]);
    let failed = ["errored", "canceled", "expired"]
        .iter()
        .filter_map(|field| count(&counts[*field]))
        .reduce(|a, b| a + b);
    let phase = match batch["processing_status"].as_str().unwrap_or("") {
        "ended" if count(&counts["expired"]).unwrap_or(0) > 0 => Phase::Expired,
        "ended" if count(&counts["canceled"]).unwrap_or(0) > 0 => Phase::Cancelled,
        "ended" => Phase::Succeeded,
        "in_progress" | "canceling" => Phase::Running,
        _ => Phase::Pending,
    };
    Progress {
        phase,
        done,
        failed,
        reason: None,
    }
}

pub(super) async fn results(
    anthropic: &Anthropic,
    id: &str,
    policy: &RetryPolicy,
    wanted: &HashSet<&str>,
) -> Result<Results, ProviderError> {
    let batch_url = format!(
        "{}/messages/batches/{}",
        anthropic.base_url,
        plain_id(NAME, id)?
    );
    let batch: Value = http::json(NAME, &send(anthropic, policy, &batch_url, None).await?)?;
    let url =
        results_url(&anthropic.base_url, &batch).unwrap_or_else(|| format!("{batch_url}/results"));
    let mut results = Results::default();
    crate::providers::lines::lines(
        NAME,
        policy,
        || {
            anthropic
                .client()
                .get(&url)
                .header("x-api-key", anthropic.key())
                .header("anthropic-version", API_VERSION)
        },
        classify,
        Some(anthropic.key()),
        |line| match custom_id(line.raw) {
            Some(id) if wanted.contains(id.as_ref()) => {
                match read_line(&line.scrubbed(), &anthropic.model) {
                    Some(outcome) => results.outcomes.push(outcome),
                    None => results.skipped += 1,
                }
            }
            _ => results.skipped += 1,
        },
    )
    .await?;
    Ok(results)
}

/// The batch's `results_url`, when it is on the origin (scheme, host,
/// port) of `base_url`: the only place the key may go.
fn results_url(base_url: &str, batch: &Value) -> Option<String> {
    let named = reqwest::Url::parse(batch["results_url"].as_str()?).ok()?;
    let base = reqwest::Url::parse(base_url).ok()?;
    (named.origin() == base.origin()).then(|| named.to_string())
}

/// The result lines.
#[cfg(test)]
fn read_lines(text: &str, model: &str) -> Vec<Outcome> {
    text.lines()
        .filter_map(|line| read_line(line, model))
        .collect()
}

/// One result line.
fn read_line(line: &str, model: &str) -> Option<Outcome> {
    std::iter::once(line)
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .find_map(|line| {
            let id = line["custom_id"].as_str()?.to_string();
            let result = &line["result"];
            let answer = match result["type"].as_str().unwrap_or("") {
                "succeeded" => read_answer(&result["message"], model).map_err(|e| e.to_string()),
                "errored" => Err(result["error"]["error"]["message"]
                    .as_str()
                    .or_else(|| result["error"]["message"].as_str())
                    .unwrap_or("errored")
                    .to_string()),
                other => Err(format!("the request was {}", other.replace('_', " "))),
            };
            Some(Outcome { id, answer })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_results_url_is_used_on_the_configured_origin_only() {
        let base = "https://api.anthropic.com/v1";
        let here =
            json!({ "results_url": "https://api.anthropic.com/v1/messages/batches/b1/results" });
        assert_eq!(
            results_url(base, &here).as_deref(),
            Some("https://api.anthropic.com/v1/messages/batches/b1/results")
        );
        let elsewhere = json!({ "results_url": "https://collector.example/b1/results" });
        assert_eq!(results_url(base, &elsewhere), None);
        assert_eq!(results_url(base, &json!({ "results_url": null })), None);
    }

    #[test]
    fn ended_batches_say_how_they_ended() {
        let ended = |counts: Value| {
            progress(&json!({ "processing_status": "ended", "request_counts": counts })).phase
        };
        assert_eq!(
            ended(json!({ "succeeded": 2, "errored": 1 })),
            Phase::Succeeded
        );
        assert_eq!(
            ended(json!({ "succeeded": 1, "expired": 1 })),
            Phase::Expired
        );
        assert_eq!(
            progress(&json!({ "processing_status": "in_progress" })).phase,
            Phase::Running
        );
    }

    #[test]
    fn result_lines_give_answers_and_failures() {
        let text = concat!(
            r#"{"custom_id":"a","result":{"type":"succeeded","message":{"model":"m","content":[{"type":"text","text":"{}"}]}}}"#,
            "\n",
            r#"{"custom_id":"b","result":{"type":"errored","error":{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long"}}}}"#,
            "\n",
            r#"{"custom_id":"c","result":{"type":"expired"}}"#,
        );
        let outcomes = read_lines(text, "m");
        assert_eq!(
            outcomes[0].answer.as_ref().map(|c| c.text.as_str()),
            Ok("{}")
        );
        assert_eq!(outcomes[1].answer, Err("prompt is too long".into()));
        assert_eq!(outcomes[2].answer, Err("the request was expired".into()));
    }
}
