//! Answers read line by line as they arrive (batch result files): a
//! line's memory, whatever the file's size.

use super::http::{self, Failure};
use super::{ProviderError, RetryPolicy};
use reqwest::{header::HeaderMap, RequestBuilder, StatusCode};

/// One line of a streamed answer, as it came: read [`Line::raw`] to
/// decide whether it is wanted, and keep only [`Line::scrubbed`].
pub(crate) struct Line<'a> {
    /// The line as sent (not scrubbed: never keep it).
    pub raw: &'a str,
    scrubber: Option<&'a super::scrub::Scrubber>,
}

impl Line<'_> {
    /// The line with every copy of the key removed.
    pub fn scrubbed(&self) -> String {
        match self.scrubber {
            Some(scrubber) => scrubber.text(self.raw),
            None => self.raw.to_string(),
        }
    }
}

/// The longest line of a streamed results file: one answer with its
/// envelope (an answer is refused past [`http::MAX_ANSWER_BYTES`]).
const MAX_LINE_BYTES: usize = 2 * http::MAX_ANSWER_BYTES;

/// Sends the request as [`http::send`] does and hands the success answer to
/// `each` line by line as it arrives, never holding more than a line (a
/// results file of a gigabyte takes a line's memory). Lines past
/// [`MAX_LINE_BYTES`] or an answer past [`http::MAX_RESULTS_BYTES`] are refused.
pub(crate) async fn lines(
    provider: &'static str,
    policy: &RetryPolicy,
    build: impl Fn() -> RequestBuilder,
    classify: impl Fn(StatusCode, &HeaderMap, &str) -> Failure,
    secret: Option<&str>,
    mut each: impl FnMut(Line<'_>),
) -> Result<(), ProviderError> {
    let (http::Got::Stream(mut response), _) =
        http::exchange(provider, policy, build, classify, secret, None).await?
    else {
        unreachable!("no limit streams the answer");
    };
    let scrubber = secret.and_then(super::scrub::Scrubber::new);
    let too_large = |what: &str| ProviderError::BadResponse {
        provider,
        detail: format!("{what}; refused"),
    };
    let mut pending: Vec<u8> = Vec::new();
    let mut total = 0usize;
    let mut hand = |bytes: &[u8]| {
        let text = String::from_utf8_lossy(bytes);
        let raw = text.trim_end_matches('\r');
        if !raw.trim().is_empty() {
            each(Line {
                raw,
                scrubber: scrubber.as_ref(),
            });
        }
    };
    loop {
        let chunk = match response.chunk().await {
            Ok(Some(chunk)) => chunk,
            Ok(None) => break,
            Err(err) => {
                return Err(ProviderError::BadResponse {
                    provider,
                    detail: format!(
                        "the connection broke while reading the results ({})",
                        http::without_url(&err)
                    ),
                })
            }
        };
        total += chunk.len();
        if total > http::MAX_RESULTS_BYTES {
            return Err(too_large("the results are over 1 GiB"));
        }
        let mut rest: &[u8] = &chunk;
        while let Some(end) = memchr::memchr(b'\n', rest) {
            if pending.is_empty() {
                hand(&rest[..end]);
            } else {
                pending.extend_from_slice(&rest[..end]);
                hand(&pending);
                pending.clear();
            }
            rest = &rest[end + 1..];
        }
        pending.extend_from_slice(rest);
        if pending.len() > MAX_LINE_BYTES {
            return Err(too_large("a results line is over 16 MiB"));
        }
    }
    hand(&pending);
    Ok(())
}
