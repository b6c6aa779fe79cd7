//! Any OpenAI-compatible Chat Completions server: OpenAI itself, and with a
//! base URL a local Ollama (`http://localhost:11434/v1`, no key), llama.cpp
//! server, vLLM, OpenRouter, Groq, DeepSeek.
//!
//! Structured output uses `response_format: {type: json_schema,
//! json_schema: {name, strict, schema}}`, the nested form (llama.cpp
//! silently ignores a schema placed elsewhere). A server that rejects
//! schemas (DeepSeek only has `json_object`) is asked again in JSON mode,
//! once; `json_mode` starts there. `finish_reason: length` means the JSON
//! is cut off; `insufficient_quota` is a spent account, not a rate limit.

use super::http::{self, Failure};
use super::{Completion, ProviderError, Request, RetryPolicy};
use crate::keys::ApiKey;
use reqwest::{header::HeaderMap, StatusCode};
use serde_json::{json, Value};

/// The public endpoint.
pub const DEFAULT_BASE_URL: &str = "https://api.openai.com/v1";
/// The model used unless configured.
pub const DEFAULT_MODEL: &str = "gpt-4.1-mini";

/// A configured client (its `Debug` hides the key).
#[derive(Clone, Debug)]
pub struct OpenAi {
    /// API base, e.g. [`DEFAULT_BASE_URL`] or `http://localhost:11434/v1`.
    pub base_url: String,
    /// Model name.
    pub model: String,
    /// Start in `json_object` mode (for servers without schemas).
    pub json_mode: bool,
    key: Option<ApiKey>,
    client: reqwest::Client,
}

impl OpenAi {
    /// A client for `model` at `base_url`; `key` is optional (local servers).
    pub fn new(base_url: &str, model: &str, key: Option<&str>) -> Self {
        OpenAi {
            base_url: base_url.trim_end_matches('/').to_string(),
            model: model.to_string(),
            json_mode: false,
            key: key.map(ApiKey::new),
            client: http::client(),
        }
    }

    /// The models the server offers (`GET /models`, which Ollama,
    /// llama.cpp and vLLM answer too), sorted.
    pub async fn models(&self, policy: &RetryPolicy) -> Result<Vec<String>, ProviderError> {
        let url = format!("{}/models", self.base_url);
        let key = self.key.as_ref().map(ApiKey::expose);
        let build = || {
            let builder = self.client.get(&url);
            match key {
                Some(key) => builder.bearer_auth(key),
                None => builder,
            }
        };
        http::list_models("openai", policy, build, classify, key, |value| {
            ids(&value["data"], "id")
        })
        .await
    }

    /// The request body, with a schema or in JSON mode.
    pub fn body(&self, request: &Request, json_mode: bool) -> Value {
        let response_format = if json_mode {
            json!({ "type": "json_object" })
        } else {
            json!({ "type": "json_schema", "json_schema": { "name": "editing_instructions", "strict": true, "schema": request.schema } })
        };
        json!({
            "model": self.model,
            "messages": [{ "role": "user", "content": request.prompt }],
            "response_format": response_format,
        })
    }

    /// The key, if any (for scrubbing answers).
    pub(crate) fn key(&self) -> Option<&str> {
        self.key.as_ref().map(ApiKey::expose)
    }

    pub(crate) async fn complete(
        &self,
        request: &Request,
        policy: &RetryPolicy,
    ) -> Result<Completion, ProviderError> {
        match self.exchange(request, policy, self.json_mode).await {
            Err(ProviderError::Rejected {
                status: 400,
                message,
                ..
            }) if !self.json_mode && rejects_schema(&message) => {
                // Never silent: the answer is then held to no schema.
                log::warn!(
                    "openai: {} does not take a JSON schema ({message}); asked again in JSON mode, with no schema enforced (json_mode = true in the configuration skips the first try)",
                    self.base_url,
                );
                self.exchange(request, policy, true).await
            }
            other => other,
        }
    }

    async fn exchange(
        &self,
        request: &Request,
        policy: &RetryPolicy,
        json_mode: bool,
    ) -> Result<Completion, ProviderError> {
        let url = format!("{}/chat/completions", self.base_url);
        let body = self.body(request, json_mode);
        let (text, attempts) = http::send(
            "openai",
            policy,
            || {
                let builder = self.client.post(&url).json(&body);
                match &self.key {
                    Some(key) => builder.bearer_auth(key.expose()),
                    None => builder,
                }
            },
            classify,
            self.key.as_ref().map(ApiKey::expose),
        )
        .await?;
        let value = http::json("openai", &text)?;
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

/// The answer in a chat completion (`attempts` left at 1): the first
/// choice's message. Batch results hold the same object, one per request.
pub(crate) fn read_answer(value: &Value, model: &str) -> Result<Completion, ProviderError> {
    let choice = &value["choices"][0];
    if choice["finish_reason"] == "length" {
        return Err(ProviderError::Truncated {
            provider: "openai",
            reason: "finish_reason: length".into(),
        });
    }
    let content = choice["message"]["content"].as_str().ok_or_else(|| {
        let refusal = choice["message"]["refusal"]
            .as_str()
            .unwrap_or("no message content");
        ProviderError::BadResponse {
            provider: "openai",
            detail: refusal.to_string(),
        }
    })?;
    Ok(Completion {
        text: content.to_string(),
        model: value["model"].as_str().unwrap_or(model).to_string(),
        input_tokens: value["usage"]["prompt_tokens"].as_u64(),
        output_tokens: value["usage"]["completion_tokens"].as_u64(),
        attempts: 1,
    })
}

/// Whether a 400 message says the server does not do JSON schemas (a
/// server without structured outputs), as opposed to finding fault with
/// the schema itself ("Invalid schema for response_format ...", which
/// OpenAI's structured outputs answer for a schema outside the supported
/// subset): that one is an error to see, not a reason to drop strict mode.
fn rejects_schema(message: &str) -> bool {
    let lower = message.to_lowercase();
    let names_it = lower.contains("response_format") || lower.contains("json_schema");
    let unsupported = [
        "not supported",
        "unsupported",
        "does not support",
        "unavailable",
        "not available",
        "unknown",
        "unrecognized",
        "not allowed",
    ]
    .iter()
    .any(|word| lower.contains(word));
    names_it && unsupported && !lower.contains("invalid schema")
}

pub(crate) fn classify(status: StatusCode, headers: &HeaderMap, body: &str) -> Failure {
    let value: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    let message = http::error_message(body);
    let code = value["error"]["code"]
        .as_str()
        .or_else(|| value["error"]["type"].as_str())
        .unwrap_or("");
    match status.as_u16() {
        429 if code == "insufficient_quota" => Failure::Fatal(ProviderError::DailyQuota {
            provider: "openai",
            detail: message,
        }),
        _ => http::classify_status(
            "openai",
            status,
            headers,
            message,
            &http::Hints {
                key: "OPENAI_API_KEY (or --key)",
                not_found: "; check the model name (--model) and the base URL",
            },
        ),
    }
}

/// The `field` of every object in the JSON array `items`.
pub(crate) fn ids(items: &Value, field: &str) -> Vec<String> {
    items
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|m| m[field].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}
