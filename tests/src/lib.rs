//! What the end-to-end tests of both binaries share (each package's
//! `tests/suite`): a command builder that runs a binary with a clean
//! environment while scanning everything it wrote for test keys
//! ([`command`]), loopback mock providers ([`mock`], feature `mock`), the
//! table of bad inputs ([`table`]) and machine helpers ([`system`]).

pub mod command;
#[cfg(feature = "mock")]
pub mod mock;
pub mod system;
pub mod table;

pub use command::{articleizer, binary, sanitizer, wait_for, TestCommand};
#[cfg(feature = "mock")]
pub use mock::{gemini_answer, mock_server, MockProvider, Served};

/// A valid answer for `examples/transcript.md` (raw or sanitized), as a
/// careful model would give it: no problem, hard or soft, so a mock
/// provider answering it is asked exactly once.
pub const VALID_ANSWER: &str = include_str!("../../examples/transcript-instructions.json");

use std::path::PathBuf;
use std::process::Output;

/// The entries of `dir` (not recursive), sorted.
pub fn entries(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("a directory to list")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .collect();
    paths.sort();
    paths
}

/// The file names in `dir` (not recursive), sorted.
pub fn names(dir: &std::path::Path) -> Vec<String> {
    entries(dir)
        .iter()
        .filter_map(|path| path.file_name())
        .map(|name| name.to_string_lossy().into_owned())
        .collect()
}

/// Every file under `roots`, recursively (symbolic links not followed).
pub fn files_under(roots: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending: Vec<PathBuf> = roots.to_vec();
    while let Some(path) = pending.pop() {
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            if let Ok(entries) = std::fs::read_dir(&path) {
                pending.extend(entries.filter_map(Result::ok).map(|e| e.path()));
            }
        } else if meta.is_file() {
            files.push(path);
        }
    }
    files.sort();
    files.dedup();
    files
}

/// The first file under `roots` holding any of `keys`: caches, call
/// logs, saved raw answers, posts and temporary files alike.
pub fn file_with_key(roots: &[PathBuf], keys: &[&str]) -> Option<PathBuf> {
    if keys.is_empty() {
        return None;
    }
    files_under(roots).into_iter().find(|file| {
        std::fs::read(file).is_ok_and(|bytes| {
            let text = String::from_utf8_lossy(&bytes);
            keys.iter().any(|key| text.contains(key))
        })
    })
}
/// Stdout as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Stderr as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
