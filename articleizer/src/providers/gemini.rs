//! Google Gemini, through the REST `generateContent` API.
//!
//! The key goes in the `x-goog-api-key` header, never in the URL (where it
//! would end up in logs). Structured output uses `responseMimeType` and
//! `responseJsonSchema` (the older `responseSchema` rejects `title` and
//! `additionalProperties`). Parts marked `thought` are skipped.
//! `finishReason: MAX_TOKENS` means the JSON is cut off. A 429 carries no
//! `Retry-After` header but a `RetryInfo.retryDelay` ("38.9s") in its body,
//! and a `QuotaFailure` whose quota id says when the limit is per day.

use super::http::{self, Failure};
use super::{Completion, ProviderError, Request, RetryPolicy};
use crate::keys::ApiKey;
use reqwest::{header::HeaderMap, StatusCode};
use serde_json::{json, Value};
use std::time::Duration;

/// The public endpoint.
pub const DEFAULT_BASE_URL: &str = "https://generativelanguage.googleapis.com/v1beta";
/// The model used unless configured: Google's alias for its current Flash
/// model, so the default moves with Google's releases (`--model` or the
/// configuration's `model` pins one).
pub const DEFAULT_MODEL: &str = "gemini-flash-latest";

/// A configured Gemini client (its `Debug` hides the key).
#[derive(Clone, Debug)]
pub struct Gemini {
    /// API base, e.g. [`DEFAULT_BASE_URL`].
    pub base_url: String,
    /// Model name, e.g. [`DEFAULT_MODEL`].
    pub model: String,
    key: ApiKey,
    client: reqwest::Client,
}

impl Gemini {
    /// A client for `model` at `base_url` with `key`.
    pub fn new(base_url: &str, model: &str, key: &str) -> Self {
        Gemini {
            base_url: base_url.trim_end_matches('/').to_string(),
            model: model.to_string(),
            key: ApiKey::new(key),
            client: http::client(),
        }
    }

    /// The key (for scrubbing answers).
    pub(crate) fn key(&self) -> &str {
        self.key.expose()
    }

    /// The models that make content (`GET /models`), without `models/`.
    pub async fn models(&self, policy: &RetryPolicy) -> Result<Vec<String>, ProviderError> {
        let url = format!("{}/models?pageSize=1000", self.base_url);
        let build = || {
            self.client
                .get(&url)
                .header("x-goog-api-key", self.key.expose())
        };
        http::list_models(
            "gemini",
            policy,
            build,
            classify,
            Some(self.key.expose()),
            |value| {
                value["models"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|m| {
                        m["supportedGenerationMethods"]
                            .as_array()
                            .is_some_and(|methods| methods.iter().any(|x| x == "generateContent"))
                    })
                    .filter_map(|m| m["name"].as_str())
                    .map(|name| name.trim_start_matches("models/").to_string())
                    .collect()
            },
        )
        .await
    }

    /// The request body for `request`.
    pub fn body(request: &Request) -> Value {
        json!({
            "contents": [{ "role": "user", "parts": [{ "text": request.prompt }] }],
            "generationConfig": {
                "responseMimeType": "application/json",
                "responseJsonSchema": request.schema,
            },
        })
    }

    pub(crate) async fn complete(
        &self,
        request: &Request,
        policy: &RetryPolicy,
    ) -> Result<Completion, ProviderError> {
        let url = format!("{}/models/{}:generateContent", self.base_url, self.model);
        let body = Self::body(request);
        let (text, attempts) = http::send(
            "gemini",
            policy,
            || {
                self.client
                    .post(&url)
                    .header("x-goog-api-key", self.key.expose())
                    .json(&body)
            },
            classify,
            Some(self.key.expose()),
        )
        .await?;
        let value = http::json("gemini", &text)?;
        Ok(Completion {
            attempts,
            ..read_answer(&value, &self.model)?
        })
    }

    /// The HTTP client (shared with batch jobs).
    pub(crate) fn client(&self) -> &reqwest::Client {
        &self.client
    }
}

/// The answer in a `generateContent` response (`attempts` left at 1): the
/// text of its first candidate's parts that are not thoughts. Batch
/// results hold the same response, one per request.
pub(crate) fn read_answer(value: &Value, model: &str) -> Result<Completion, ProviderError> {
    let candidate = &value["candidates"][0];
    if candidate["finishReason"] == "MAX_TOKENS" {
        return Err(ProviderError::Truncated {
            provider: "gemini",
            reason: "MAX_TOKENS".into(),
        });
    }
    let parts = candidate["content"]["parts"].as_array().ok_or_else(|| {
        let reason = candidate["finishReason"]
            .as_str()
            .or_else(|| value["promptFeedback"]["blockReason"].as_str())
            .unwrap_or("no candidates");
        ProviderError::BadResponse {
            provider: "gemini",
            detail: format!("no answer text ({reason})"),
        }
    })?;
    let answer: String = parts
        .iter()
        .filter(|part| part["thought"] != Value::Bool(true))
        .filter_map(|part| part["text"].as_str())
        .collect();
    Ok(Completion {
        text: answer,
        model: value["modelVersion"].as_str().unwrap_or(model).to_string(),
        input_tokens: value["usageMetadata"]["promptTokenCount"].as_u64(),
        // Thinking is billed as output: the answer's tokens and the
        // thoughts' (`thoughtsTokenCount`) together.
        output_tokens: output_tokens(&value["usageMetadata"]),
        attempts: 1,
    })
}

/// Output tokens as billed: `candidatesTokenCount` plus
/// `thoughtsTokenCount` (the model's thinking, billed as output; see
/// `UsageMetadata` in the Gemini API reference).
fn output_tokens(usage: &Value) -> Option<u64> {
    let answer = usage["candidatesTokenCount"].as_u64();
    let thoughts = usage["thoughtsTokenCount"].as_u64();
    match (answer, thoughts) {
        (None, None) => None,
        (a, t) => Some(a.unwrap_or(0) + t.unwrap_or(0)),
    }
}

/// "38.9s" -> 38.9 seconds.
fn parse_delay(text: &str) -> Option<Duration> {
    text.strip_suffix('s')?
        .parse::<f64>()
        .ok()
        .filter(|s| *s >= 0.0)
        .map(Duration::from_secs_f64)
}

pub(crate) fn classify(status: StatusCode, headers: &HeaderMap, body: &str) -> Failure {
    let value: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    let message = http::error_message(body);
    let details = value["error"]["details"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let of_type = |suffix: &str| {
        details
            .iter()
            .find(|d| d["@type"].as_str().is_some_and(|t| t.ends_with(suffix)))
            .cloned()
    };
    match status.as_u16() {
        429 => {
            let retry_info =
                of_type("RetryInfo").and_then(|r| r["retryDelay"].as_str().and_then(parse_delay));
            if let Some(quota) = of_type("QuotaFailure") {
                let ids: Vec<&str> = quota["violations"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|v| v["quotaId"].as_str())
                    .collect();
                // A per-day violation listed beside a shorter one (per
                // minute) with a RetryInfo is the shorter one's wait: the
                // day's quota is spent only when it stands alone or no
                // wait is offered.
                let shorter = ids.iter().any(|id| !id.contains("PerDay"));
                if let Some(daily) = ids.iter().find(|id| id.contains("PerDay")) {
                    if !(shorter && retry_info.is_some()) {
                        return Failure::Fatal(ProviderError::DailyQuota {
                            provider: "gemini",
                            detail: (*daily).to_string(),
                        });
                    }
                }
            }
            let after = retry_info.or_else(|| http::retry_after(headers));
            Failure::Retry {
                after,
                reason: format!("HTTP 429: {message}"),
            }
        }
        400 if message.contains("API key") => Failure::Fatal(ProviderError::Auth {
            provider: "gemini",
            status: 400,
            message,
            hint: "GEMINI_API_KEY (or GOOGLE_API_KEY, or --key)".into(),
        }),
        _ => http::classify_status(
            "gemini",
            status,
            headers,
            message,
            &http::Hints {
                key: "GEMINI_API_KEY (or GOOGLE_API_KEY, or --key)",
                not_found: "; check the model name (--model)",
            },
        ),
    }
}
