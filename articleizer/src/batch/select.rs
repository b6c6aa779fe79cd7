//! Which posts a batch works on.

use super::BatchError;
use crate::post::file_date;
use chrono::NaiveDate;
use globset::{Glob, GlobMatcher};
use std::path::{Path, PathBuf};

/// Filters on the posts found.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Only posts whose file name's date is on or after this day.
    pub since: Option<NaiveDate>,
    /// Only posts whose file name's date is on or before this day.
    pub until: Option<NaiveDate>,
    /// Only files whose name (or path below the directory given) matches.
    pub pattern: Option<GlobMatcher>,
}

impl Selection {
    /// Compiles a `--match` glob.
    pub fn glob(pattern: &str) -> Result<GlobMatcher, BatchError> {
        Glob::new(pattern)
            .map(|g| g.compile_matcher())
            .map_err(|e| BatchError::Glob {
                pattern: pattern.to_string(),
                reason: e.kind().to_string(),
            })
    }

    fn keeps(&self, path: &Path, below: &Path) -> bool {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        if self.since.is_some() || self.until.is_some() {
            let Some(date) = file_date(&name) else {
                return false;
            };
            if self.since.is_some_and(|s| date < s) || self.until.is_some_and(|u| date > u) {
                return false;
            }
        }
        match &self.pattern {
            None => true,
            Some(glob) => {
                glob.is_match(name.as_ref())
                    || glob.is_match(path.strip_prefix(below).unwrap_or(path))
            }
        }
    }
}

/// Whether a directory entry is a post file: Markdown, not hidden (our
/// own temp files start with a dot).
fn is_post_file(name: &str) -> bool {
    !name.starts_with('.') && (name.ends_with(".md") || name.ends_with(".markdown"))
}

/// The posts under `inputs` (files as given; directories searched
/// recursively, hidden entries skipped), filtered, sorted, each once.
pub fn select(inputs: &[PathBuf], selection: &Selection) -> Result<Vec<PathBuf>, BatchError> {
    let mut found = Vec::new();
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|_| BatchError::NotFound(input.clone()))?;
        if meta.is_dir() {
            walk(input, input, selection, &mut found)?;
        } else if selection.keeps(input, input.parent().unwrap_or(Path::new(""))) {
            found.push(input.clone());
        }
    }
    found.sort();
    found.dedup();
    Ok(found)
}

fn walk(
    dir: &Path,
    below: &Path,
    selection: &Selection,
    found: &mut Vec<PathBuf>,
) -> Result<(), BatchError> {
    let io = |e: std::io::Error| BatchError::Io {
        path: dir.to_path_buf(),
        reason: e.to_string(),
    };
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let kind = entry.file_type().map_err(io)?;
        let path = entry.path();
        // Hidden and Jekyll's own directories (`_site`, `_drafts`,
        // `_includes`) hold no posts to rewrite, except `_posts`.
        let descend = kind.is_dir()
            && (name == "_posts" || !(name.starts_with('.') || name.starts_with('_')));
        if descend {
            walk(&path, below, selection, found)?;
        } else if !kind.is_dir() && is_post_file(&name) && selection.keeps(&path, below) {
            found.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for name in [
            "2024-01-05-a.md",
            "2024-06-01-b.md",
            "sub/2025-02-03-c.markdown",
            ".articleizer-x.tmp",
            ".hidden/2024-01-01-h.md",
            "notes.txt",
            "_drafts/2024-03-03-d.md",
            "site/_posts/2024-04-04-e.md",
        ] {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("dir");
            std::fs::write(path, "---\n---\n").expect("write");
        }
        dir
    }

    fn names(found: &[PathBuf]) -> Vec<String> {
        found
            .iter()
            .map(|p| p.file_name().expect("name").to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn directories_are_searched_recursively() {
        let dir = tree();
        let found = select(&[dir.path().to_path_buf()], &Selection::default()).expect("found");
        assert_eq!(
            names(&found),
            [
                "2024-01-05-a.md",
                "2024-06-01-b.md",
                "2024-04-04-e.md",
                "2025-02-03-c.markdown"
            ]
        );
    }

    #[test]
    fn dates_and_globs_filter() {
        let dir = tree();
        let selection = Selection {
            since: NaiveDate::from_ymd_opt(2024, 2, 1),
            until: NaiveDate::from_ymd_opt(2024, 12, 31),
            pattern: None,
        };
        let found = select(&[dir.path().to_path_buf()], &selection).expect("found");
        assert_eq!(names(&found), ["2024-06-01-b.md", "2024-04-04-e.md"]);
        let selection = Selection {
            pattern: Some(Selection::glob("sub/*").expect("glob")),
            ..Selection::default()
        };
        let found = select(&[dir.path().to_path_buf()], &selection).expect("found");
        assert_eq!(names(&found), ["2025-02-03-c.markdown"]);
        let selection = Selection {
            pattern: Some(Selection::glob("*-a.md").expect("glob")),
            ..Selection::default()
        };
        assert_eq!(
            names(&select(&[dir.path().to_path_buf()], &selection).expect("found")),
            ["2024-01-05-a.md"]
        );
        assert!(Selection::glob("[").is_err());
    }

    #[test]
    fn missing_inputs_are_an_error() {
        let dir = tree();
        let err = select(&[dir.path().join("nope")], &Selection::default()).expect_err("missing");
        assert!(err.to_string().ends_with("does not exist"));
    }
}
