//! The HTTP exchange every provider shares: send, classify the status,
//! retry what is worth retrying with exponential backoff and jitter,
//! honoring what the server asks (`retry-after-ms`, `Retry-After`,
//! `x-should-retry`, Gemini's `retryDelay`), as the official OpenAI and
//! Anthropic SDKs do (`_base_client.py`: `_should_retry` and
//! `_parse_retry_after_header`).

use super::{ProviderError, RetryPolicy};
use reqwest::{header::HeaderMap, RequestBuilder, StatusCode};
use serde_json::Value;
use std::time::Duration;

/// What a provider makes of a failed HTTP answer.
pub(crate) enum Failure {
    /// Worth another try, after the server's requested delay if it gave one.
    Retry {
        after: Option<Duration>,
        reason: String,
    },
    /// Not worth another try.
    Fatal(ProviderError),
}

/// The HTTP client every provider uses. Redirects are followed only within
/// the origin (scheme, host, port) of the request: a provider's key travels
/// in a header that HTTP clients keep across redirects, so a redirect to
/// another host would hand it (and the article) to that host. Any other
/// redirect comes back as the 3xx answer itself, which [`send`] reports.
pub(crate) fn client() -> reqwest::Client {
    let policy = reqwest::redirect::Policy::custom(|attempt| {
        let within_origin = attempt
            .previous()
            .first()
            .is_some_and(|first| first.origin() == attempt.url().origin());
        if within_origin && attempt.previous().len() < 5 {
            attempt.follow()
        } else {
            attempt.stop()
        }
    });
    reqwest::Client::builder()
        .redirect(policy)
        .build()
        .expect("the HTTP client builds (its TLS backend is compiled in)")
}

/// What a provider's messages suggest when a request fails.
pub(crate) struct Hints {
    /// Where the key comes from (`GEMINI_API_KEY (or --key)`), for a
    /// refused key.
    pub key: &'static str,
    /// What to check when the model is not found.
    pub not_found: &'static str,
}

/// What every provider makes of a failed status once its own special
/// cases are handled: the server's own word first (`x-should-retry`),
/// then a refused key (401, 403), a missing model (404), a status worth
/// retrying (after `retry-after-ms` or `Retry-After` when the server
/// says), or a rejection.
pub(crate) fn classify_status(
    provider: &'static str,
    status: StatusCode,
    headers: &HeaderMap,
    message: String,
    hints: &Hints,
) -> Failure {
    match should_retry(headers) {
        Some(true) => {
            return Failure::Retry {
                after: retry_after(headers),
                reason: format!("HTTP {}: {message}", status.as_u16()),
            }
        }
        Some(false) if retryable(status) => {
            return Failure::Fatal(ProviderError::Rejected {
                provider,
                status: status.as_u16(),
                message,
                hint: "; the server said not to retry (x-should-retry: false)".into(),
            })
        }
        _ => {}
    }
    match status.as_u16() {
        401 | 403 => Failure::Fatal(ProviderError::Auth {
            provider,
            status: status.as_u16(),
            message,
            hint: hints.key.into(),
        }),
        404 => Failure::Fatal(ProviderError::Rejected {
            provider,
            status: 404,
            message,
            hint: hints.not_found.into(),
        }),
        _ if retryable(status) => Failure::Retry {
            after: retry_after(headers),
            reason: format!("HTTP {}: {message}", status.as_u16()),
        },
        code => Failure::Fatal(ProviderError::Rejected {
            provider,
            status: code,
            message,
            hint: String::new(),
        }),
    }
}

/// Statuses that are worth retrying, as the official SDKs retry them: a
/// request timeout (408), a lock conflict (409), rate limits (429) and any
/// server error (5xx, Anthropic's 529 overload included).
pub(crate) fn retryable(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 409 | 429) || status.is_server_error()
}

/// The server's `x-should-retry`: `Some(true)` or `Some(false)` when it
/// says, which overrides the status.
pub(crate) fn should_retry(headers: &HeaderMap) -> Option<bool> {
    match headers.get("x-should-retry")?.to_str().ok()?.trim() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// The wait the server asks for: `retry-after-ms` (milliseconds), else
/// `Retry-After` in seconds (the HTTP-date form is ignored: backoff
/// applies).
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let number = |name: &str| {
        headers
            .get(name)?
            .to_str()
            .ok()?
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite() && *n >= 0.0)
    };
    number("retry-after-ms")
        .map(|ms| Duration::from_secs_f64(ms / 1000.0))
        .or_else(|| number(reqwest::header::RETRY_AFTER.as_str()).map(Duration::from_secs_f64))
}

/// The error message in a JSON error body (`{"error": {"message": ...}}`),
/// or the start of the body.
pub(crate) fn error_message(body: &str) -> String {
    let parsed: Option<Value> = serde_json::from_str(body).ok();
    let message = parsed.as_ref().and_then(|v| {
        v["error"]["message"]
            .as_str()
            .or_else(|| v["message"].as_str())
            .or_else(|| v["error"].as_str())
            .map(str::to_string)
    });
    message.unwrap_or_else(|| {
        body.chars()
            .take(200)
            .collect::<String>()
            .trim()
            .to_string()
    })
}

/// The largest answer read. Instructions take tens of kilobytes; a server
/// sending megabytes is misbehaving, and reading it all would only cost
/// memory.
pub(crate) const MAX_ANSWER_BYTES: usize = 8 * 1024 * 1024;

/// Why an answer's body could not be had.
enum BodyError {
    /// Over [`MAX_ANSWER_BYTES`].
    TooLarge,
    /// The connection broke.
    Broken(reqwest::Error),
}

/// The largest batch input or result file read: a batch job's results
/// hold one answer per post, tens of kilobytes each.
pub(crate) const MAX_RESULTS_BYTES: usize = 1024 * 1024 * 1024;

/// The body as text (invalid UTF-8 replaced), read chunk by chunk up to
/// `limit` bytes.
async fn read_body(mut response: reqwest::Response, limit: usize) -> Result<String, BodyError> {
    if response.content_length().is_some_and(|n| n > limit as u64) {
        return Err(BodyError::TooLarge);
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Broken)? {
        if body.len() + chunk.len() > limit {
            return Err(BodyError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(String::from_utf8_lossy(&body).into_owned())
}

/// Sends the request built by `build` until it succeeds or a failure is
/// final. `classify` turns a non-success answer into a [`Failure`].
/// Returns the success body and the number of attempts.
pub(crate) async fn send(
    provider: &'static str,
    policy: &RetryPolicy,
    build: impl Fn() -> RequestBuilder,
    classify: impl Fn(StatusCode, &HeaderMap, &str) -> Failure,
    secret: Option<&str>,
) -> Result<(String, u32), ProviderError> {
    send_limited(provider, policy, build, classify, secret, MAX_ANSWER_BYTES).await
}

/// [`send`], reading at most `limit` bytes of the answer.
pub(crate) async fn send_limited(
    provider: &'static str,
    policy: &RetryPolicy,
    build: impl Fn() -> RequestBuilder,
    classify: impl Fn(StatusCode, &HeaderMap, &str) -> Failure,
    secret: Option<&str>,
    limit: usize,
) -> Result<(String, u32), ProviderError> {
    match exchange(provider, policy, build, classify, secret, Some(limit)).await? {
        (Got::Text(text), attempts) => Ok((text, attempts)),
        (Got::Stream(_), _) => unreachable!("a limit reads the whole answer"),
    }
}

/// What an exchange got: the whole answer, or the response to stream.
pub(crate) enum Got {
    /// The whole answer, scrubbed.
    Text(String),
    /// The success answer, unread.
    Stream(reqwest::Response),
}

/// The retry loop of [`send_limited`] and [`super::lines::lines`]: a success answer
/// read whole up to `limit` (scrubbed), or, without a limit, handed back
/// unread to be streamed.
pub(crate) async fn exchange(
    provider: &'static str,
    policy: &RetryPolicy,
    build: impl Fn() -> RequestBuilder,
    classify: impl Fn(StatusCode, &HeaderMap, &str) -> Failure,
    secret: Option<&str>,
    limit: Option<usize>,
) -> Result<(Got, u32), ProviderError> {
    let scrubber = secret.and_then(super::scrub::Scrubber::new);
    let scrub = |text: String| match &scrubber {
        Some(scrubber) => scrubber.text(&text),
        None => text,
    };
    let attempts = policy.attempts.max(1);
    let mut last = String::new();
    for attempt in 1..=attempts {
        let (after, reason) = match build().timeout(policy.timeout).send().await {
            Ok(response) => {
                let status = response.status();
                if status.is_redirection() {
                    let location = response
                        .headers()
                        .get(reqwest::header::LOCATION)
                        .and_then(|value| value.to_str().ok())
                        .map(|target| {
                            response
                                .url()
                                .join(target)
                                .map_or_else(|_| target.to_string(), |url| url.to_string())
                        })
                        .unwrap_or_else(|| "an address it did not give".to_string());
                    let error = ProviderError::Redirected {
                        provider,
                        status: status.as_u16(),
                        location,
                    };
                    return Err(error.scrub(scrubber.as_ref()));
                }
                if status.is_success() && limit.is_none() {
                    return Ok((Got::Stream(response), attempt));
                }
                // A failure's body is read (for its message) however the
                // success would have been.
                let limit = limit.unwrap_or(MAX_ANSWER_BYTES);
                let headers = response.headers().clone();
                let body = match read_body(response, limit).await {
                    Ok(body) => Ok(body),
                    Err(BodyError::Broken(err)) => Err(err),
                    Err(BodyError::TooLarge) => {
                        return Err(ProviderError::BadResponse {
                            provider,
                            detail: format!(
                                "the answer is over {} MiB, far more than it should take; refused",
                                limit / (1024 * 1024)
                            ),
                        })
                    }
                };
                match body {
                    // A proxy or a model can echo the key; what is kept of an
                    // answer (cache, saved raw text, post) must not carry it.
                    Ok(body) if status.is_success() => {
                        return Ok((Got::Text(scrub(body)), attempt))
                    }
                    Ok(body) => match classify(status, &headers, &body) {
                        Failure::Fatal(error) => return Err(error.scrub(scrubber.as_ref())),
                        Failure::Retry { after, reason } => (after, reason),
                    },
                    Err(err) => (
                        None,
                        format!(
                            "the connection broke while reading the answer ({})",
                            without_url(&err)
                        ),
                    ),
                }
            }
            Err(err) if err.is_timeout() => {
                (None, format!("no answer within {:?}", policy.timeout))
            }
            Err(err) if err.is_connect() => {
                return Err(unreachable(provider, &err).scrub(scrubber.as_ref()));
            }
            Err(err) => (
                None,
                format!("cannot reach the server ({})", without_url(&err)),
            ),
        };
        last = scrub(reason);
        if attempt < attempts {
            let wait = backoff(policy, attempt, after);
            if policy.verbose {
                log::debug!(
                    "{provider}: attempt {attempt} of {attempts} failed ({last}); again in {:.1} s",
                    wait.as_secs_f64()
                );
            }
            tokio::time::sleep(wait).await;
        }
    }
    Err(ProviderError::GaveUp {
        provider,
        attempts,
        last,
    })
}

/// A success body read as JSON; a body that is not is the provider's
/// fault, said once for every endpoint.
pub(crate) fn json(provider: &'static str, body: &str) -> Result<Value, ProviderError> {
    serde_json::from_str(body).map_err(|e| ProviderError::BadResponse {
        provider,
        detail: format!("not JSON ({e})"),
    })
}

/// The models a provider lists: one GET built by `build`, its JSON read
/// by `ids`, sorted.
pub(crate) async fn list_models(
    provider: &'static str,
    policy: &RetryPolicy,
    build: impl Fn() -> RequestBuilder,
    classify: impl Fn(StatusCode, &HeaderMap, &str) -> Failure,
    secret: Option<&str>,
    ids: impl Fn(&Value) -> Vec<String>,
) -> Result<Vec<String>, ProviderError> {
    let once = RetryPolicy {
        attempts: 1,
        ..policy.clone()
    };
    let (body, _) = send(provider, &once, build, classify, secret).await?;
    let value: Value = serde_json::from_str(&body).map_err(|_| ProviderError::BadResponse {
        provider,
        detail: "the model list is not JSON".into(),
    })?;
    let mut models = ids(&value);
    models.sort();
    Ok(models)
}

/// The wait before attempt `attempt + 1`: the server's delay if it asked,
/// else `base * 2^(attempt-1)` plus up to 25% jitter; never over `max_wait`.
pub(crate) fn backoff(policy: &RetryPolicy, attempt: u32, asked: Option<Duration>) -> Duration {
    let wait = asked.unwrap_or_else(|| {
        let exponential = policy.base_delay.saturating_mul(1 << (attempt - 1).min(16));
        exponential + exponential.mul_f64(fastrand::f64() * 0.25)
    });
    wait.min(policy.max_wait)
}

/// A connection that could not be made: which server, why, and what to
/// check (a refused connection: is it running; anything else: the
/// address).
fn unreachable(provider: &'static str, err: &reqwest::Error) -> ProviderError {
    let origin = err.url().map_or_else(
        || "the server".to_string(),
        |url| url.origin().ascii_serialization(),
    );
    let mut source: Option<&dyn std::error::Error> = Some(err);
    let mut refused = false;
    let mut reason = String::from("no connection");
    while let Some(error) = source {
        if let Some(io) = error.downcast_ref::<std::io::Error>() {
            refused |= io.kind() == std::io::ErrorKind::ConnectionRefused;
        }
        reason = error.to_string();
        source = error.source();
    }
    let hint = if refused {
        "is the server running? (a local server such as Ollama: start it, or check --base-url)"
    } else {
        "is the address right, and is the network up? (check --base-url)"
    };
    ProviderError::Unreachable {
        provider,
        origin,
        reason: if refused {
            "connection refused".to_string()
        } else {
            reason
        },
        hint,
    }
}

/// A reqwest error's description without the URL it carries.
pub(crate) fn without_url(err: &reqwest::Error) -> String {
    let mut text = err.to_string();
    if let Some(url) = err.url() {
        text = text.replace(url.as_str(), "the server");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// openai-python / anthropic-sdk-python `_parse_retry_after_header`:
    /// `retry-after-ms` first, then `retry-after` in seconds.
    #[test]
    fn the_asked_wait_prefers_milliseconds() {
        let mut headers = HeaderMap::new();
        headers.insert("retry-after", "60".parse().expect("a value"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(60)));
        headers.insert("retry-after-ms", "250".parse().expect("a value"));
        assert_eq!(retry_after(&headers), Some(Duration::from_millis(250)));
        headers.insert("retry-after-ms", "soon".parse().expect("a value"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(60)));
        assert_eq!(should_retry(&headers), None);
        headers.insert("x-should-retry", "false".parse().expect("a value"));
        assert_eq!(should_retry(&headers), Some(false));
        assert!(retryable(StatusCode::REQUEST_TIMEOUT) && retryable(StatusCode::CONFLICT));
        assert!(retryable(StatusCode::from_u16(520).expect("a status")));
        assert!(!retryable(StatusCode::BAD_REQUEST));
    }

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        let policy = RetryPolicy {
            base_delay: Duration::from_secs(1),
            max_wait: Duration::from_secs(5),
            ..RetryPolicy::default()
        };
        let first = backoff(&policy, 1, None);
        assert!(first >= Duration::from_secs(1) && first <= Duration::from_millis(1250));
        let third = backoff(&policy, 3, None);
        assert!(third >= Duration::from_secs(4) && third <= Duration::from_secs(5));
        assert_eq!(backoff(&policy, 10, None), Duration::from_secs(5));
        assert_eq!(
            backoff(&policy, 1, Some(Duration::from_secs(2))),
            Duration::from_secs(2)
        );
        assert_eq!(
            backoff(&policy, 1, Some(Duration::from_secs(600))),
            Duration::from_secs(5)
        );
    }

    #[test]
    fn error_messages_from_bodies() {
        assert_eq!(
            error_message(r#"{"error": {"message": "API key not valid"}}"#),
            "API key not valid"
        );
        assert_eq!(
            error_message("upstream connect error"),
            "upstream connect error"
        );
    }
}
