//! `batch --via-batch` / `--resume` / `batch status` against loopback
//! batch endpoints of each provider: create, poll in every phase, results
//! with failures, and a run killed between submitting and downloading.

use super::*;
use e2e::MockProvider;
use serde_json::{json, Value};
use wiremock::{MockServer, ResponseTemplate};

mod deadline;
mod gemini;
mod others;
mod records;
mod spec;
mod stream;

pub(super) const ANSWER: &str = e2e::VALID_ANSWER;

pub(super) struct Server {
    pub(super) runtime: tokio::runtime::Runtime,
    pub(super) server: MockServer,
}

impl Server {
    pub(super) fn start() -> Server {
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        let server = runtime.block_on(MockProvider::new().start());
        Server { runtime, server }
    }

    pub(super) fn uri(&self) -> String {
        self.server.uri()
    }

    /// Answers `verb path` with `response` (of two answers to the same
    /// request, the one mounted first is given).
    pub(super) fn answer(&self, verb: &str, route: &str, response: ResponseTemplate) {
        self.runtime.block_on(
            MockProvider::new()
                .answer(response)
                .method(verb)
                .path(route)
                .mount(&self.server),
        );
    }

    pub(super) fn reset(&self) {
        self.runtime.block_on(self.server.reset());
    }

    /// The requests received, as (method, path, body).
    pub(super) fn received(&self) -> Vec<(String, String, Vec<u8>)> {
        self.runtime
            .block_on(self.server.received_requests())
            .unwrap_or_default()
            .into_iter()
            .map(|r| (r.method.to_string(), r.url.path().to_string(), r.body))
            .collect()
    }
}

pub(super) fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// The job records in the site's cache.
pub(super) fn records(site: &Path) -> Vec<Value> {
    let dir = site.join("cache/jobs");
    let mut records: Vec<Value> = e2e::entries(&dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| serde_json::from_str(&read(&p)).expect("a record is JSON"))
        .collect();
    records.sort_by_key(|r| r["created"].as_str().unwrap_or("").to_string());
    records
}

/// Request ids by post file name, from a record.
pub(super) fn ids(record: &Value) -> Vec<(String, String)> {
    let mut ids: Vec<(String, String)> = record["members"]
        .as_array()
        .expect("members")
        .iter()
        .map(|m| {
            let post = PathBuf::from(m["post"].as_str().expect("post"));
            let name = post
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            (name, m["id"].as_str().expect("id").to_string())
        })
        .collect();
    ids.sort();
    ids
}

pub(super) fn args<'a>(
    posts: &'a Path,
    config: &'a Path,
    provider: &'a str,
    uri: &'a str,
) -> Vec<&'a str> {
    vec![
        "batch",
        arg(posts),
        "--config",
        arg(config),
        "--provider",
        provider,
        "--base-url",
        uri,
    ]
}

pub(super) fn with<'a>(base: &[&'a str], more: &[&'a str]) -> Vec<&'a str> {
    base.iter().chain(more).copied().collect()
}

pub(super) fn has_new_analysis(post: &Path) -> bool {
    let text = read(post);
    !text.contains("The old analysis.") && text.contains("## Book Analysis")
}

pub(super) fn gemini_result(id: &str) -> Value {
    json!({ "response": { "candidates": [{ "content": { "parts": [{ "text": ANSWER }] }, "finishReason": "STOP" }], "modelVersion": "gemini-mock" }, "metadata": { "key": id } })
}
