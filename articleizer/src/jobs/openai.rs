//! OpenAI's Batch API: the requests go up as a JSONL file (`POST /files`,
//! purpose `batch`, one `{custom_id, method, url, body}` line each), a
//! batch is made from it (`POST /batches`, 24 h window), `GET
//! /batches/{id}` reports its `status` (`validating`, `in_progress`,
//! `finalizing`, `completed`, `failed`, `expired`, `cancelling`,
//! `cancelled`), and its output and error files (`GET
//! /files/{id}/content`) hold one result line per request.

use super::{count, custom_id, is_plain_id, plain_id, Item, Outcome, Phase, Progress, Results};
use crate::providers::http;
use crate::providers::openai::{classify, read_answer, OpenAi};
use crate::providers::{ProviderError, RetryPolicy};
use reqwest::RequestBuilder;
use serde_json::{json, Value};
use std::collections::HashSet;

const NAME: &str = "openai";

/// Sends what `build` makes, with the key; the answer's text.
async fn send(
    openai: &OpenAi,
    policy: &RetryPolicy,
    build: impl Fn() -> RequestBuilder,
) -> Result<String, ProviderError> {
    let key = openai.key();
    let (text, _) = http::send_limited(
        NAME,
        policy,
        || match key {
            Some(key) => build().bearer_auth(key),
            None => build(),
        },
        classify,
        key,
        http::MAX_RESULTS_BYTES,
    )
    .await?;
    Ok(text)
}

async fn json_call(
    openai: &OpenAi,
    policy: &RetryPolicy,
    build: impl Fn() -> RequestBuilder,
) -> Result<Value, ProviderError> {
    let text = send(openai, policy, build).await?;
    http::json(NAME, &text)
}

fn id_of(value: &Value, what: &str) -> Result<String, ProviderError> {
    value["id"]
        .as_str()
        .filter(|id| is_plain_id(id))
        .map(str::to_string)
        .ok_or_else(|| ProviderError::BadResponse {
            provider: NAME,
            detail: format!("the new {what} has no usable id"),
        })
}

/// Uploads the requests and creates the batch; returns the batch's id.
pub(super) async fn submit(
    openai: &OpenAi,
    items: &[Item],
    label: &str,
    policy: &RetryPolicy,
) -> Result<String, ProviderError> {
    let mut lines = String::new();
    for item in items {
        let line = json!({
            "custom_id": item.id,
            "method": "POST",
            "url": "/v1/chat/completions",
            "body": openai.body(&item.request, openai.json_mode),
        });
        lines.push_str(&line.to_string());
        lines.push('\n');
    }
    let bytes = lines.into_bytes();
    let url = format!("{}/files", openai.base_url);
    let file = json_call(openai, policy, || {
        let part = reqwest::multipart::Part::bytes(bytes.clone())
            .file_name("articleizer-batch.jsonl")
            .mime_str("application/jsonl")
            .unwrap_or_else(|_| reqwest::multipart::Part::bytes(bytes.clone()));
        let form = reqwest::multipart::Form::new()
            .text("purpose", "batch")
            .part("file", part);
        openai.client().post(&url).multipart(form)
    })
    .await?;
    let file_id = id_of(&file, "input file")?;
    let body = json!({
        "input_file_id": file_id,
        "endpoint": "/v1/chat/completions",
        "completion_window": "24h",
        "metadata": { "label": label },
    });
    let url = format!("{}/batches", openai.base_url);
    let batch = json_call(openai, policy, || openai.client().post(&url).json(&body)).await?;
    id_of(&batch, "batch")
}

async fn fetch(openai: &OpenAi, id: &str, policy: &RetryPolicy) -> Result<Value, ProviderError> {
    let url = format!("{}/batches/{}", openai.base_url, plain_id(NAME, id)?);
    json_call(openai, policy, || openai.client().get(&url)).await
}

pub(super) async fn poll(
    openai: &OpenAi,
    id: &str,
    policy: &RetryPolicy,
) -> Result<Progress, ProviderError> {
    Ok(progress(&fetch(openai, id, policy).await?))
}

fn progress(batch: &Value) -> Progress {
    let phase = match batch["status"].as_str().unwrap_or("") {
        "in_progress" | "finalizing" | "cancelling" => Phase::Running,
        "completed" => Phase::Succeeded,
        "failed" => Phase::Failed,
        "expired" => Phase::Expired,
        "cancelled" => Phase::Cancelled,
        _ => Phase::Pending,
    };
    let reason = batch["errors"]["data"].as_array().map(|errors| {
        errors
            .iter()
            .filter_map(|e| e["message"].as_str())
            .collect::<Vec<_>>()
            .join("; ")
    });
    Progress {
        phase,
        done: count(&batch["request_counts"]["completed"]),
        failed: count(&batch["request_counts"]["failed"]),
        reason: reason.filter(|r| !r.is_empty()),
    }
}

pub(super) async fn results(
    openai: &OpenAi,
    id: &str,
    policy: &RetryPolicy,
    wanted: &HashSet<&str>,
) -> Result<Results, ProviderError> {
    let batch = fetch(openai, id, policy).await?;
    let mut results = Results::default();
    for field in ["output_file_id", "error_file_id"] {
        let Some(file) = batch[field].as_str().filter(|f| is_plain_id(f)) else {
            continue;
        };
        let url = format!("{}/files/{file}/content", openai.base_url);
        let key = openai.key();
        crate::providers::lines::lines(
            NAME,
            policy,
            || {
                let get = openai.client().get(&url);
                match key {
                    Some(key) => get.bearer_auth(key),
                    None => get,
                }
            },
            classify,
            key,
            |line| match custom_id(line.raw) {
                Some(id) if wanted.contains(id.as_ref()) => {
                    match read_line(&line.scrubbed(), &openai.model) {
                        Some(outcome) => results.outcomes.push(outcome),
                        None => results.skipped += 1,
                    }
                }
                _ => results.skipped += 1,
            },
        )
        .await?;
    }
    Ok(results)
}

/// The result lines of an output or error file.
#[cfg(test)]
fn read_lines(text: &str, model: &str) -> Vec<Outcome> {
    text.lines()
        .filter_map(|line| read_line(line, model))
        .collect()
}

/// One result line of an output or error file.
fn read_line(line: &str, model: &str) -> Option<Outcome> {
    std::iter::once(line)
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .find_map(|line| {
            let id = line["custom_id"].as_str()?.to_string();
            let response = &line["response"];
            let answer = if let Some(message) = line["error"]["message"].as_str() {
                Err(message.to_string())
            } else if response["status_code"].as_u64() == Some(200) {
                read_answer(&response["body"], model).map_err(|e| e.to_string())
            } else {
                Err(format!(
                    "HTTP {}: {}",
                    response["status_code"],
                    response["body"]["error"]["message"]
                        .as_str()
                        .unwrap_or("no message")
                ))
            };
            Some(Outcome { id, answer })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_to_phases() {
        let phase = |status: &str| progress(&json!({ "status": status })).phase;
        assert_eq!(phase("validating"), Phase::Pending);
        assert_eq!(phase("finalizing"), Phase::Running);
        assert_eq!(phase("completed"), Phase::Succeeded);
        assert_eq!(phase("expired"), Phase::Expired);
        let failed = progress(
            &json!({ "status": "failed", "errors": { "data": [{ "message": "bad line 3" }] } }),
        );
        assert_eq!(failed.reason.as_deref(), Some("bad line 3"));
    }

    #[test]
    fn result_lines_give_answers_and_failures() {
        let text = concat!(
            r#"{"custom_id":"a","response":{"status_code":200,"body":{"model":"m","choices":[{"message":{"content":"{}"}}]}},"error":null}"#,
            "\n",
            r#"{"custom_id":"b","response":{"status_code":400,"body":{"error":{"message":"too long"}}},"error":null}"#,
            "\n",
            r#"{"custom_id":"c","response":null,"error":{"code":"batch_expired","message":"expired"}}"#,
            "\nnot json\n"
        );
        let outcomes = read_lines(text, "m");
        assert_eq!(outcomes.len(), 3);
        assert_eq!(
            outcomes[0].answer.as_ref().map(|c| c.text.as_str()),
            Ok("{}")
        );
        assert_eq!(outcomes[1].answer, Err("HTTP 400: too long".into()));
        assert_eq!(outcomes[2].answer, Err("expired".into()));
    }
}
