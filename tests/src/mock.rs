//! Loopback mock providers (wiremock): one builder for the setups the
//! articleizer's tests repeat, "answer the POSTs with this, then that".

use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A Gemini `generateContent` success carrying `text`, answered by the
/// model `gemini-mock`.
pub fn gemini_answer(text: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(serde_json::json!({
        "candidates": [{ "content": { "parts": [{ "text": text }] }, "finishReason": "STOP" }],
        "modelVersion": "gemini-mock"
    }))
}

/// A loopback server, run by `runtime`, that answers every POST with
/// `response` (the binaries under test reach it by `--base-url`).
pub fn mock_server(runtime: &tokio::runtime::Runtime, response: ResponseTemplate) -> MockServer {
    runtime.block_on(MockProvider::new().answer(response).start())
}

/// One answer of a [`MockProvider`]: what it sends, to which requests,
/// how often.
#[derive(Clone)]
struct Answer {
    response: ResponseTemplate,
    method: &'static str,
    path: Option<String>,
    headers: Vec<(String, String)>,
    times: Option<u64>,
    expect: Option<u64>,
}

/// A mock provider being put together: answers in the order given, each
/// for the requests it matches (POST by default, any path), an answer
/// limited by [`MockProvider::once`] or [`MockProvider::times`] giving way
/// to the next once used up. [`MockProvider::start`] mounts them on a
/// fresh loopback server.
///
/// ```text
/// let server = MockProvider::new()
///     .answer(rate_limited).once()
///     .answer(success)
///     .start()
///     .await;
/// ```
#[derive(Clone, Default)]
pub struct MockProvider {
    answers: Vec<Answer>,
}

impl MockProvider {
    /// A provider with no answers yet (it answers 404 to everything).
    pub fn new() -> Self {
        Self::default()
    }

    /// Answers POST requests with `response` (narrowed by the modifiers
    /// that follow: `once`, `times`, `expect`, `path`, `header`, `get`).
    pub fn answer(mut self, response: ResponseTemplate) -> Self {
        self.answers.push(Answer {
            response,
            method: "POST",
            path: None,
            headers: Vec::new(),
            times: None,
            expect: None,
        });
        self
    }

    fn last(&mut self) -> &mut Answer {
        self.answers
            .last_mut()
            .expect("a modifier follows an answer")
    }

    /// The last answer is given once, then the next one takes over.
    pub fn once(self) -> Self {
        self.times(1)
    }

    /// The last answer is given `n` times, then the next one takes over.
    pub fn times(mut self, n: u64) -> Self {
        self.last().times = Some(n);
        self
    }

    /// The last answer must be asked for exactly `n` times (checked when
    /// the server is dropped).
    pub fn expect(mut self, n: u64) -> Self {
        self.last().expect = Some(n);
        self
    }

    /// The last answer is only for requests to `route`.
    pub fn path(mut self, route: impl Into<String>) -> Self {
        self.last().path = Some(route.into());
        self
    }

    /// The last answer is only for requests carrying header `name` with
    /// `value`.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.last().headers.push((name.into(), value.into()));
        self
    }

    /// The last answer is for GET requests instead of POST.
    pub fn get(self) -> Self {
        self.method("GET")
    }

    /// The last answer is for `verb` requests (`GET`, `POST`) instead of
    /// POST.
    pub fn method(mut self, verb: &str) -> Self {
        self.last().method = match verb {
            "GET" => "GET",
            "POST" => "POST",
            other => panic!("a mock provider answers GET or POST, not {other}"),
        };
        self
    }

    /// Mounts the answers on `server` (one already running, or reset).
    pub async fn mount(&self, server: &MockServer) {
        for answer in &self.answers {
            let mut mock = Mock::given(method(answer.method));
            if let Some(route) = &answer.path {
                mock = mock.and(path(route.as_str()));
            }
            for (name, value) in &answer.headers {
                mock = mock.and(header(name.as_str(), value.as_str()));
            }
            let mut mock = mock.respond_with(answer.response.clone());
            if let Some(n) = answer.times {
                mock = mock.up_to_n_times(n);
            }
            if let Some(n) = answer.expect {
                mock = mock.expect(n);
            }
            mock.mount(server).await;
        }
    }

    /// A fresh loopback server giving these answers, of its own: not
    /// one from wiremock's pool (`MockServer::start`), which hands a
    /// dropped server on to the next test. A request the test's client
    /// abandoned (a timeout, in paused time within a millisecond of real
    /// time) could reach such a server only after that, and use up the
    /// next test's answers; this one is shut down when dropped.
    pub async fn start(&self) -> MockServer {
        let server = MockServer::builder().start().await;
        self.mount(&server).await;
        server
    }

    /// A fresh loopback server giving these answers, with the runtime that
    /// serves it, for a test that is not async (a binary's end-to-end test).
    pub fn serve(&self) -> Served {
        let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
        let server = runtime.block_on(self.start());
        Served { runtime, server }
    }
}

/// A mock provider served for a synchronous test: the server and the
/// runtime it runs on, dropped together.
pub struct Served {
    // Dropped first: the server's checks (`expect`) run while its runtime
    // still exists.
    server: MockServer,
    runtime: tokio::runtime::Runtime,
}

impl Served {
    /// The server's base URL (`--base-url`).
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// The server itself.
    pub fn server(&self) -> &MockServer {
        &self.server
    }

    /// How many requests it has received so far.
    pub fn requests(&self) -> usize {
        self.runtime
            .block_on(self.server.received_requests())
            .map_or(0, |r| r.len())
    }

    /// The requests it has received so far.
    pub fn received(&self) -> Vec<wiremock::Request> {
        self.runtime
            .block_on(self.server.received_requests())
            .unwrap_or_default()
    }
}
