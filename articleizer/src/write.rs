//! Writing a post: never over an existing file unless asked, never half a
//! file (temp file in the target directory, `sync`, rename).

use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a post was not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The target directory is missing or not a directory.
    #[error("the target directory {} {}", dir.display(), if dir.exists() { "is not a directory" } else { "does not exist" })]
    NoDirectory {
        /// The directory.
        dir: PathBuf,
    },
    /// A post of that name exists.
    #[error("{} already exists (use --force to replace it)", path.display())]
    Exists {
        /// The existing file.
        path: PathBuf,
    },
    /// The file system refused.
    #[error("cannot write {}: {reason}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
}

/// Writes `text` as `dir/file_name`; replaces an existing file only with `force`.
pub fn write_post(
    dir: &Path,
    file_name: &str,
    text: &str,
    force: bool,
) -> Result<PathBuf, WriteError> {
    if !dir.is_dir() {
        return Err(WriteError::NoDirectory {
            dir: dir.to_path_buf(),
        });
    }
    let path = dir.join(file_name);
    if path.exists() && !force {
        return Err(WriteError::Exists { path });
    }
    let io = |e: std::io::Error| WriteError::Io {
        path: path.clone(),
        reason: e.to_string(),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".articleizer-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io)?;
    temp.write_all(text.as_bytes()).map_err(io)?;
    temp.as_file().sync_all().map_err(io)?;
    let result = if force {
        temp.persist(&path)
    } else {
        temp.persist_noclobber(&path)
    };
    match result {
        Ok(_) => Ok(path),
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(WriteError::Exists { path })
        }
        Err(e) => Err(io(e.error)),
    }
}

/// One more than the highest `sort_order` among `dir`'s posts of `date`
/// (1 for the first).
pub fn next_sort_order(dir: &Path, date: &str) -> u32 {
    let prefix = format!("{date}-");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 1;
    };
    let highest = entries
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with(&prefix) && name.ends_with(".md")
        })
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .filter_map(|text| {
            let front = text.strip_prefix("---\n")?;
            let front = &front[..front.find("\n---")?];
            front.lines().find_map(|l| {
                l.strip_prefix("sort_order:")
                    .and_then(|v| v.trim().trim_matches('"').parse::<u32>().ok())
            })
        })
        .max()
        .unwrap_or(0);
    highest + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_overwrites_without_force() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = write_post(dir.path(), "2026-01-02-a.md", "one", false).expect("written");
        let again = write_post(dir.path(), "2026-01-02-a.md", "two", false).expect_err("exists");
        assert!(again
            .to_string()
            .ends_with("already exists (use --force to replace it)"));
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "one");
        write_post(dir.path(), "2026-01-02-a.md", "two", true).expect("forced");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "two");
        let leftovers = std::fs::read_dir(dir.path()).expect("list").count();
        assert_eq!(leftovers, 1, "no temp file left");
        let missing = write_post(&dir.path().join("nope"), "x.md", "", false).expect_err("no dir");
        assert!(missing.to_string().ends_with("does not exist"));
    }

    #[test]
    fn sort_order_counts_posts_of_the_same_day() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert_eq!(next_sort_order(dir.path(), "2026-01-02"), 1);
        std::fs::write(
            dir.path().join("2026-01-02-a.md"),
            "---\ntitle: a\nsort_order: 2\n---\nx",
        )
        .expect("write");
        std::fs::write(
            dir.path().join("2026-01-03-b.md"),
            "---\nsort_order: 9\n---\nx",
        )
        .expect("write");
        assert_eq!(next_sort_order(dir.path(), "2026-01-02"), 3);
    }
}
