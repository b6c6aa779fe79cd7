//! Anthropic's Messages API (`x-api-key`, `anthropic-version`).
//!
//! JSON comes from a forced tool call (`tool_choice` names a tool whose
//! `input_schema` is the schema), which every current model supports, or,
//! with `structured_output`, from `output_config.format` (`json_schema`)
//! on models that have it. `stop_reason: max_tokens` means the answer is
//! cut off; 529 (overloaded) is retried.

use super::http::{self, Failure};
use super::{Completion, ProviderError, Request, RetryPolicy};
use crate::keys::ApiKey;
use reqwest::{header::HeaderMap, StatusCode};
use serde_json::{json, Value};

/// The public endpoint.
pub const DEFAULT_BASE_URL: &str = "https://api.anthropic.com/v1";
/// The model used unless configured.
pub const DEFAULT_MODEL: &str = "claude-sonnet-4-5";
/// The API version header value.
pub const API_VERSION: &str = "2023-06-01";
const TOOL: &str = "editing_instructions";

/// A configured client (its `Debug` hides the key).
#[derive(Clone, Debug)]
pub struct Anthropic {
    /// API base, e.g. [`DEFAULT_BASE_URL`].
    pub base_url: String,
    /// Model name.
    pub model: String,
    /// Output token limit.
    pub max_tokens: u32,
    /// Use `output_config.format` instead of a forced tool call.
    pub structured_output: bool,
    key: ApiKey,
    client: reqwest::Client,
}

impl Anthropic {
    /// A client for `model` at `base_url` with `key`.
    pub fn new(base_url: &str, model: &str, key: &str) -> Self {
        Anthropic {
            base_url: base_url.trim_end_matches('/').to_string(),
            model: model.to_string(),
            max_tokens: 16000,
            structured_output: false,
            key: ApiKey::new(key),
            client: http::client(),
        }
    }

    /// The models (`GET /models`).
    pub async fn models(&self, policy: &RetryPolicy) -> Result<Vec<String>, ProviderError> {
        let url = format!("{}/models?limit=1000", self.base_url);
        let build = || {
            self.client
                .get(&url)
                .header("x-api-key", self.key.expose())
                .header("anthropic-version", API_VERSION)
        };
        http::list_models(
            "anthropic",
            policy,
            build,
            classify,
            Some(self.key.expose()),
            |value| super::openai::ids(&value["data"], "id"),
        )
        .await
    }

    /// The request body.
    pub fn body(&self, request: &Request) -> Value {
        let mut body = json!({
            "model": self.model,
            "max_tokens": self.max_tokens,
            "messages": [{ "role": "user", "content": request.prompt }],
        });
        if self.structured_output {
            body["output_config"] =
                json!({ "format": { "type": "json_schema", "schema": request.schema } });
        } else {
            body["tools"] = json!([{ "name": TOOL, "description": "Record the editing instructions for the article.", "input_schema": request.schema }]);
            body["tool_choice"] = json!({ "type": "tool", "name": TOOL });
        }
        body
    }

    /// The key (for scrubbing answers).
    pub(crate) fn key(&self) -> &str {
        self.key.expose()
    }

    pub(crate) async fn complete(
        &self,
        request: &Request,
        policy: &RetryPolicy,
    ) -> Result<Completion, ProviderError> {
        let url = format!("{}/messages", self.base_url);
        let body = self.body(request);
        let (text, attempts) = http::send(
            "anthropic",
            policy,
            || {
                self.client
                    .post(&url)
                    .header("x-api-key", self.key.expose())
                    .header("anthropic-version", API_VERSION)
                    .json(&body)
            },
            classify,
            Some(self.key.expose()),
        )
        .await?;
        let value = http::json("anthropic", &text)?;
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

/// The answer in a Messages API response (`attempts` left at 1): the
/// forced tool call's input, else the text blocks. Batch results hold the
/// same message, one per request.
pub(crate) fn read_answer(value: &Value, model: &str) -> Result<Completion, ProviderError> {
    if value["stop_reason"] == "max_tokens" {
        return Err(ProviderError::Truncated {
            provider: "anthropic",
            reason: "stop_reason: max_tokens".into(),
        });
    }
    let content = value["content"].as_array().cloned().unwrap_or_default();
    let answer = content
        .iter()
        .find(|c| c["type"] == "tool_use" && c["name"] == TOOL)
        .map(|c| c["input"].to_string())
        .or_else(|| {
            let text: String = content
                .iter()
                .filter(|c| c["type"] == "text")
                .filter_map(|c| c["text"].as_str())
                .collect();
            (!text.is_empty()).then_some(text)
        })
        .ok_or_else(|| ProviderError::BadResponse {
            provider: "anthropic",
            detail: "no tool call and no text in the answer".into(),
        })?;
    Ok(Completion {
        text: answer,
        model: value["model"].as_str().unwrap_or(model).to_string(),
        input_tokens: value["usage"]["input_tokens"].as_u64(),
        output_tokens: value["usage"]["output_tokens"].as_u64(),
        attempts: 1,
    })
}

pub(crate) fn classify(status: StatusCode, headers: &HeaderMap, body: &str) -> Failure {
    let message = http::error_message(body);
    match status.as_u16() {
        // A spent account: retrying will not help, like a daily quota.
        400 if message.to_lowercase().contains("credit balance") => {
            Failure::Fatal(ProviderError::DailyQuota {
                provider: "anthropic",
                detail: message,
            })
        }
        _ => http::classify_status(
            "anthropic",
            status,
            headers,
            message,
            &http::Hints {
                key: "ANTHROPIC_API_KEY (or --key)",
                not_found: "; check the model name (--model)",
            },
        ),
    }
}
