//! The LLM providers, over HTTP: [`gemini`], [`openai`], [`anthropic`],
//! each a module that knows its request and response shapes, sharing the
//! retry policy and error classification in [`http`]. (The offline editor,
//! which needs no provider, is [`crate::editor::offline`].)
//!
//! Every base URL can be changed, which is also how the tests point the
//! providers at a loopback mock server.

pub mod anthropic;
pub mod gemini;
pub(crate) mod http;
mod kind;
pub(crate) mod lines;
pub mod openai;
pub(crate) mod scrub;

pub use kind::ProviderKind;
use serde_json::Value;
use std::time::Duration;

/// What is asked of a provider.
#[derive(Debug, Clone)]
pub struct Request {
    /// The full prompt, article included.
    pub prompt: String,
    /// The JSON schema of the answer.
    pub schema: Value,
}

/// A provider's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Completion {
    /// The answer's text (JSON, if all went well).
    pub text: String,
    /// The model the API says answered.
    pub model: String,
    /// Prompt tokens, when the API says.
    pub input_tokens: Option<u64>,
    /// Answer tokens, when the API says.
    pub output_tokens: Option<u64>,
    /// HTTP attempts it took.
    pub attempts: u32,
}

/// How hard to try.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub attempts: u32,
    /// First backoff wait; doubles each retry (plus jitter).
    pub base_delay: Duration,
    /// No single wait is longer, whatever the server asks.
    pub max_wait: Duration,
    /// Timeout of one HTTP attempt.
    pub timeout: Duration,
    /// Say on stderr why each failed attempt is tried again, and when.
    pub verbose: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 5,
            base_delay: Duration::from_secs(2),
            max_wait: Duration::from_secs(90),
            timeout: Duration::from_secs(180),
            verbose: false,
        }
    }
}

/// Why a provider gave no answer. Messages never contain the key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    /// The quota is exhausted for the day: retrying will not help today.
    #[error("{provider}: the quota is exhausted for the day ({detail}); use another key or wait until it resets")]
    DailyQuota {
        /// Provider name.
        provider: &'static str,
        /// What the API said.
        detail: String,
    },
    /// The key is missing, wrong or not allowed (401/403).
    #[error("{provider}: the API refused the key (HTTP {status}: {message}); check {hint}")]
    Auth {
        /// Provider name.
        provider: &'static str,
        /// HTTP status.
        status: u16,
        /// What the API said.
        message: String,
        /// Where the key comes from.
        hint: String,
    },
    /// The request itself is wrong (400, 404...): fix it, do not retry.
    #[error("{provider}: HTTP {status}: {message}{hint}")]
    Rejected {
        /// Provider name.
        provider: &'static str,
        /// HTTP status.
        status: u16,
        /// What the API said.
        message: String,
        /// What to change, if known (starts with "; ").
        hint: String,
    },
    /// No connection could be made (refused, no such host): final at
    /// once, since waiting does not start a server.
    #[error("{provider}: cannot reach {origin} ({reason}); {hint}")]
    Unreachable {
        /// Provider name.
        provider: &'static str,
        /// Scheme, host and port of the server (never a path or query).
        origin: String,
        /// Why.
        reason: String,
        /// What to check.
        hint: &'static str,
    },
    /// Still failing after every attempt.
    #[error("{provider}: gave up after {attempts} attempts; last: {last}")]
    GaveUp {
        /// Provider name.
        provider: &'static str,
        /// Attempts made.
        attempts: u32,
        /// The last failure.
        last: String,
    },
    /// The answer was cut off by the output token limit.
    #[error("{provider}: the answer was cut off at the output token limit ({reason}), so its JSON is incomplete; raise max_tokens or shorten the article")]
    Truncated {
        /// Provider name.
        provider: &'static str,
        /// The finish reason the API gave.
        reason: String,
    },
    /// The server answered with a redirect to another origin, which is not
    /// followed: the key and the article go only to the configured base URL.
    #[error("{provider}: the server redirected the request to {location} (HTTP {status}); keys and articles are sent only to the configured base URL, so it was not followed: set base_url to the API's own address")]
    Redirected {
        /// Provider name.
        provider: &'static str,
        /// HTTP status.
        status: u16,
        /// Where the server pointed (any copy of the key removed).
        location: String,
    },
    /// The API answered with something this tool cannot read.
    #[error("{provider}: unexpected response: {detail}")]
    BadResponse {
        /// Provider name.
        provider: &'static str,
        /// What was wrong.
        detail: String,
    },
}

impl ProviderError {
    /// The same error with every copy of the key `scrubber` hides (plain
    /// or encoded) replaced by `[KEY]`: servers sometimes quote the key they
    /// refused. Without a key (`None`), the error as it is.
    pub(crate) fn scrub(self, scrubber: Option<&scrub::Scrubber>) -> Self {
        let Some(scrubber) = scrubber else {
            return self;
        };
        let clean = |text: String| scrubber.text(&text);
        match self {
            ProviderError::DailyQuota { provider, detail } => ProviderError::DailyQuota {
                provider,
                detail: clean(detail),
            },
            ProviderError::Auth {
                provider,
                status,
                message,
                hint,
            } => ProviderError::Auth {
                provider,
                status,
                message: clean(message),
                hint,
            },
            ProviderError::Rejected {
                provider,
                status,
                message,
                hint,
            } => ProviderError::Rejected {
                provider,
                status,
                message: clean(message),
                hint,
            },
            ProviderError::GaveUp {
                provider,
                attempts,
                last,
            } => ProviderError::GaveUp {
                provider,
                attempts,
                last: clean(last),
            },
            ProviderError::Unreachable {
                provider,
                origin,
                reason,
                hint,
            } => ProviderError::Unreachable {
                provider,
                origin: clean(origin),
                reason: clean(reason),
                hint,
            },
            ProviderError::Truncated { provider, reason } => ProviderError::Truncated {
                provider,
                reason: clean(reason),
            },
            ProviderError::BadResponse { provider, detail } => ProviderError::BadResponse {
                provider,
                detail: clean(detail),
            },
            ProviderError::Redirected {
                provider,
                status,
                location,
            } => ProviderError::Redirected {
                provider,
                status,
                location: clean(location),
            },
        }
    }

    /// The process exit code for this error: 75 (EX_TEMPFAIL) for a daily
    /// quota, so a script can switch keys; 77 for a refused key; 69 when the
    /// service stayed unavailable; 65 for an unusable answer; 64 for a
    /// rejected or redirected request.
    pub fn exit_code(&self) -> u8 {
        match self {
            ProviderError::DailyQuota { .. } => 75,
            ProviderError::Auth { .. } => 77,
            ProviderError::GaveUp { .. } | ProviderError::Unreachable { .. } => 69,
            ProviderError::Truncated { .. } | ProviderError::BadResponse { .. } => 65,
            ProviderError::Rejected { .. } | ProviderError::Redirected { .. } => 64,
        }
    }
}

/// An LLM provider, configured.
#[derive(Debug, Clone)]
pub enum Provider {
    /// Google Gemini.
    Gemini(gemini::Gemini),
    /// An OpenAI-compatible Chat Completions server.
    OpenAi(openai::OpenAi),
    /// Anthropic's Messages API.
    Anthropic(anthropic::Anthropic),
}

impl Provider {
    /// Which provider this is.
    pub fn kind(&self) -> ProviderKind {
        match self {
            Provider::Gemini(_) => ProviderKind::Gemini,
            Provider::OpenAi(_) => ProviderKind::OpenAi,
            Provider::Anthropic(_) => ProviderKind::Anthropic,
        }
    }

    /// The provider's name (`gemini`, `openai`, `anthropic`).
    pub fn name(&self) -> &'static str {
        self.kind().name()
    }

    /// The model asked for.
    pub fn model(&self) -> &str {
        match self {
            Provider::Gemini(p) => &p.model,
            Provider::OpenAi(p) => &p.model,
            Provider::Anthropic(p) => &p.model,
        }
    }

    /// The API base URL.
    pub fn base_url(&self) -> &str {
        match self {
            Provider::Gemini(p) => &p.base_url,
            Provider::OpenAi(p) => &p.base_url,
            Provider::Anthropic(p) => &p.base_url,
        }
    }

    /// The models the provider offers (its list endpoint), sorted.
    pub async fn models(&self, policy: &RetryPolicy) -> Result<Vec<String>, ProviderError> {
        match self {
            Provider::Gemini(p) => p.models(policy).await,
            Provider::OpenAi(p) => p.models(policy).await,
            Provider::Anthropic(p) => p.models(policy).await,
        }
    }

    /// Asks for an answer, with retries.
    pub async fn complete(
        &self,
        request: &Request,
        policy: &RetryPolicy,
    ) -> Result<Completion, ProviderError> {
        let result = match self {
            Provider::Gemini(p) => p.complete(request, policy).await,
            Provider::OpenAi(p) => p.complete(request, policy).await,
            Provider::Anthropic(p) => p.complete(request, policy).await,
        };
        result.map(|mut completion| {
            completion.text = self.scrub_answer(&completion.text);
            completion
        })
    }

    /// The key, if the provider has one.
    fn key(&self) -> Option<&str> {
        match self {
            Provider::Gemini(p) => Some(p.key()),
            Provider::OpenAi(p) => p.key(),
            Provider::Anthropic(p) => Some(p.key()),
        }
    }

    /// An answer's text with every copy of the key removed. Answers are
    /// scrubbed again once decoded from the provider's envelope: escapes
    /// there cannot hide the key any more.
    pub(crate) fn scrub_answer(&self, text: &str) -> String {
        match self.key().and_then(scrub::Scrubber::new) {
            Some(scrubber) => scrubber.answer(text),
            None => text.to_string(),
        }
    }
}
