//! The table of bad inputs both binaries are checked against: a site to
//! run in, the cases, and the check that each gets its exit code, one clear
//! line and no change to any file where posts go.

use crate::{stderr, TestCommand};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The key every case runs with: it must never show.
pub const KEY: &str = "e2e-bad-input-secret-key-4410";

/// One case of the table.
pub struct Case {
    /// What the case is, for messages.
    pub name: &'static str,
    /// `sanitizer` or `articleizer`.
    pub binary: &'static str,
    /// The arguments.
    pub args: Vec<String>,
    /// What stdin holds.
    pub stdin: Vec<u8>,
    /// The exit code wanted.
    pub code: i32,
    /// Part of the one line wanted on stderr.
    pub message: &'static str,
}

/// The site every case runs against: a posts directory with one post, a
/// config whose target is it, a cache elsewhere.
pub struct Site {
    root: tempfile::TempDir,
}

impl Default for Site {
    fn default() -> Self {
        Site::new()
    }
}

impl Site {
    /// A fresh site in a temporary folder.
    pub fn new() -> Self {
        let root = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(root.path().join("posts")).expect("mkdir");
        std::fs::write(
            root.path().join("posts/2024-05-05-existing.md"),
            "---\ntitle: Existing\n---\nbody\n",
        )
        .expect("post");
        let site = Site { root };
        site.config("posts", "");
        site
    }

    /// A path inside the site.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.root.path().join(relative)
    }

    /// [`Site::path`] as an argument.
    pub fn arg(&self, relative: &str) -> String {
        self.path(relative).display().to_string()
    }

    /// Writes `config.toml` with the target at `posts_dir` and `extra`
    /// lines in `[articleizer]`.
    pub fn config(&self, posts_dir: &str, extra: &str) {
        let posts = if posts_dir.starts_with('/') {
            posts_dir.to_string()
        } else {
            self.arg(posts_dir)
        };
        std::fs::write(
            self.path("config.toml"),
            format!(
                "[articleizer]\ncache_dir = \"{}\"\nattempts = 1\ntimeout_secs = 2\n{extra}\n[targets.site]\npath = \"{posts}\"\n",
                self.arg("cache")
            ),
        )
        .expect("config");
    }

    /// Every file outside the cache, with its bytes.
    pub fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        let cache = self.root.path().join("cache");
        crate::files_under(&[self.root.path().to_path_buf()])
            .into_iter()
            .filter(|path| !path.starts_with(&cache))
            .map(|path| {
                let bytes = std::fs::read(&path).unwrap_or_default();
                (path, bytes)
            })
            .collect()
    }
}

/// Runs `case` against `site` (with [`KEY`] as the Gemini key): the exit
/// code, exactly one line naming the problem, no panic, no key, and no file
/// of the site changed.
pub fn check(site: &Site, case: &Case) {
    let before = site.snapshot();
    let out = TestCommand::new(case.binary)
        .args(&case.args)
        .stdin(&case.stdin)
        .env("GEMINI_API_KEY", KEY)
        .output();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(case.code), "{}: {err}", case.name);
    // Notices and a batch summary's indented detail lines aside.
    let errors: Vec<&str> = err
        .lines()
        .filter(|l| {
            !l.contains("warning:")
                && !l.contains("articleizer: editor:")
                && !l.contains("articleizer: key: ")
                && !l.contains("articleizer batch: editor:")
                && !l.starts_with("  ")
        })
        .collect();
    assert_eq!(errors.len(), 1, "{}: one line, not {err:?}", case.name);
    assert!(
        errors[0].contains(case.message),
        "{}: {err:?} lacks {:?}",
        case.name,
        case.message
    );
    assert!(
        !err.contains("panicked") && !err.contains(KEY),
        "{}: {err}",
        case.name
    );
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains(KEY),
        "{}",
        case.name
    );
    assert_eq!(site.snapshot(), before, "{}: files changed", case.name);
}

/// A case of the table.
pub fn case(
    name: &'static str,
    binary: &'static str,
    args: Vec<String>,
    stdin: &[u8],
    code: i32,
    message: &'static str,
) -> Case {
    Case {
        name,
        binary,
        args,
        stdin: stdin.to_vec(),
        code,
        message,
    }
}

/// Owned strings, for arguments.
pub fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// Borrowed arguments.
pub fn args_of(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
}
