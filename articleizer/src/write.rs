//! Writing a post: never over an existing file unless asked, never half a
//! file (temp file in the target directory, `sync`, rename).
//!
//! Temp files are named `.articleizer-<pid>-<random>.tmp`: a run killed
//! between creating one and renaming it leaves it behind, and the next run
//! that takes the folder's [`FolderLock`] removes it.

use std::io::Write;
use std::path::{Path, PathBuf};
use utils::fs::{write_atomic, write_atomic_with, WriteOptions};

pub use utils::fs::{is_symlink, link_target};

/// Why a post was not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The target directory is missing or not a directory.
    #[error("the target directory {} {}; create it (mkdir -p {}), choose another target with --target NAME, or set one up with `articleizer init`", dir.display(), if dir.exists() { "is not a directory" } else { "does not exist" }, dir.display())]
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
    /// The file changed on disk after it was read.
    #[error("{} changed while the batch ran; left alone", path.display())]
    Changed {
        /// The file.
        path: PathBuf,
    },
    /// Another post has the same permalink.
    #[error("the permalink {permalink} is {}'s already; choose another title (or permalink), or pass --force to write it anyway (Jekyll keeps one of the two)", owner.display())]
    PermalinkTaken {
        /// The permalink.
        permalink: String,
        /// The post that has it.
        owner: PathBuf,
    },
    /// Another run holds the folder's lock and `--no-wait` was given.
    #[error("another articleizer run is writing to {}; try again when it is done, or leave out --no-wait to wait for it", dir.display())]
    Locked {
        /// The folder.
        dir: PathBuf,
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

/// How this tool's temp files begin (see [`FolderLock::acquire`]).
const TEMP_PREFIX: &str = ".articleizer-";

/// How posts are written: public mode, never over a post unless `force`.
fn post_options(force: bool) -> WriteOptions {
    WriteOptions::new(TEMP_PREFIX).replace(force)
}

/// An advisory lock on a folder of posts, held by whoever reads, decides
/// and writes there (a new post's `sort_order` and file, a batch's
/// rewrites): two runs at once take turns instead of losing each other's
/// changes. The lock is taken on the folder itself (`flock` on its
/// descriptor: no lock file is left among the posts) and is released when
/// the value is dropped, or when the process ends however it ends.
#[derive(Debug)]
pub struct FolderLock {
    _file: std::fs::File,
}

impl FolderLock {
    /// Takes the lock on `dir`. When another run holds it: waits (saying
    /// so on stderr) if `wait`, else fails with [`WriteError::Locked`].
    /// Once held, temp files left in `dir` are removed: every writer holds
    /// this lock, so they belong to no live run (whatever its process id
    /// or namespace).
    pub fn acquire(dir: &Path, wait: bool) -> Result<FolderLock, WriteError> {
        let io = |e: std::io::Error| WriteError::Io {
            path: dir.to_path_buf(),
            reason: e.to_string(),
        };
        let file = std::fs::File::open(dir).map_err(io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) if wait => {
                log::info!("waiting for another run writing to {} ...", dir.display());
                file.lock().map_err(io)?;
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(WriteError::Locked {
                    dir: dir.to_path_buf(),
                })
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(io(e)),
        }
        utils::fs::remove_temp_files(dir, TEMP_PREFIX);
        Ok(FolderLock { _file: file })
    }
}

/// Checks, before anything is paid for, that posts can be written into
/// `dir`: it exists, is a directory, and takes a (removed) temp file.
pub fn check_target(dir: &Path) -> Result<(), WriteError> {
    if !dir.is_dir() {
        return Err(WriteError::NoDirectory {
            dir: dir.to_path_buf(),
        });
    }
    utils::fs::probe_writable(dir, TEMP_PREFIX).map_err(|e| WriteError::Io {
        path: dir.to_path_buf(),
        reason: e.to_string(),
    })
}

/// Writes `text` as `dir/file_name`; replaces an existing file only with `force`.
pub fn write_post(
    dir: &Path,
    file_name: &str,
    text: &str,
    force: bool,
) -> Result<PathBuf, WriteError> {
    write_post_with(dir, file_name, force, |file| {
        file.write_all(text.as_bytes())
    })
}

/// Writes the rendered `post` as `dir/post.file_name`, made as it is
/// written; replaces an existing file only with `force`.
pub fn write_rendered(
    dir: &Path,
    post: &crate::render::Post,
    force: bool,
) -> Result<PathBuf, WriteError> {
    write_post_with(dir, &post.file_name, force, |file| {
        let mut file = std::io::BufWriter::with_capacity(1 << 16, file);
        post.write_to(&mut file)?;
        file.flush()
    })
}

/// [`write_post`], the content written by `fill`.
fn write_post_with(
    dir: &Path,
    file_name: &str,
    force: bool,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
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
    match write_atomic_with(&path, &post_options(force), fill) {
        Ok(_) => Ok(path),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(WriteError::Exists { path }),
        Err(e) => Err(WriteError::Io {
            path,
            reason: e.to_string(),
        }),
    }
}

/// Replaces the post at `path` with `text`, provided it still holds
/// `expected` (what was read and changed): through a temp file beside it,
/// `sync` and rename, so the post is at every moment either old or new.
/// The file's permissions are kept.
///
/// A post that is a symbolic link is replaced where the link points (in
/// that file's directory): the link stays a link, and the file it names
/// gets the new text.
pub fn replace(path: &Path, expected: &str, text: &str) -> Result<(), WriteError> {
    let io = |e: std::io::Error| WriteError::Io {
        path: path.to_path_buf(),
        reason: e.to_string(),
    };
    let resolved = link_target(path).map_err(io)?;
    still_holds(&resolved, expected)?;
    write_atomic(&resolved, text.as_bytes(), &post_options(true)).map_err(io)?;
    Ok(())
}

/// Moves the post at `path` to `new_name` in the same directory with
/// `text` as its content (a changed permalink): the new file is written
/// (never over another post) before the old one is removed.
pub fn rename_post(
    path: &Path,
    new_name: &str,
    expected: &str,
    text: &str,
) -> Result<PathBuf, WriteError> {
    if is_symlink(path) {
        return Err(WriteError::Io {
            path: path.to_path_buf(),
            reason: "it is a symbolic link, so its permalink change is not applied: rename the file it points to by hand".into(),
        });
    }
    let dir = still_holds(path, expected)?;
    let written = write_post(dir, new_name, text, false)?;
    std::fs::remove_file(path).map_err(|e| WriteError::Io {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    Ok(written)
}

/// Checks that the post at `path` still holds `expected` (nobody changed
/// it since it was read); returns its directory.
fn still_holds<'a>(path: &'a Path, expected: &str) -> Result<&'a Path, WriteError> {
    let current = std::fs::read(path).map_err(|e| WriteError::Io {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    if current != expected.as_bytes() {
        return Err(WriteError::Changed {
            path: path.to_path_buf(),
        });
    }
    Ok(utils::fs::parent_of(path))
}

/// The `sort_order` for the post `file_name` of `date` in `dir`: the one
/// it has if it is there already (a replaced post keeps its place in the
/// day), else one more than the highest among the day's other posts (1
/// for the first).
pub fn sort_order_for(dir: &Path, date: chrono::NaiveDate, file_name: &str) -> u32 {
    if let Some(own) = read_sort_order(&dir.join(file_name)) {
        return own;
    }
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
        .filter_map(|e| read_sort_order(&e.path()))
        .max()
        .unwrap_or(0);
    highest + 1
}

/// The `sort_order` in the front matter of the post at `path`, if any.
fn read_sort_order(path: &Path) -> Option<u32> {
    front_value(path, "sort_order")?.parse().ok()
}

/// A front matter value of the post at `path`, as YAML reads it.
fn front_value(path: &Path, key: &str) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    crate::post::ParsedPost::front_string(&text, key)
}

/// The post in `dir`, other than `file_name`, whose permalink is
/// `permalink` (compared without case or slashes at the ends): two posts
/// at one URL make Jekyll keep only one.
pub fn permalink_owner(dir: &Path, permalink: &str, file_name: &str) -> Option<PathBuf> {
    let wanted = permalink.trim_matches('/').to_lowercase();
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.ends_with(".md") && name != file_name
        })
        .map(|e| e.path())
        .find(|path| {
            front_value(path, "permalink")
                .is_some_and(|p| p.trim_matches('/').to_lowercase() == wanted)
        })
}

/// The write path's permalink rule, for every command that puts a post in
/// `dir` as `file_name`: a permalink another post has is refused, unless
/// `force`, when it is returned as a warning to say (Jekyll then keeps
/// one of the two).
pub fn check_permalink(
    dir: &Path,
    permalink: &str,
    file_name: &str,
    force: bool,
) -> Result<Option<WriteError>, WriteError> {
    let Some(owner) = permalink_owner(dir, permalink, file_name) else {
        return Ok(None);
    };
    let taken = WriteError::PermalinkTaken {
        permalink: permalink.to_string(),
        owner,
    };
    if force {
        Ok(Some(taken))
    } else {
        Err(taken)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> chrono::NaiveDate {
        text.parse().expect("a date")
    }

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
        assert!(missing
            .to_string()
            .contains("does not exist; create it (mkdir -p "));
    }

    #[test]
    #[cfg(unix)]
    fn a_symlinked_post_is_replaced_where_the_link_points() {
        let dir = tempfile::tempdir().expect("temp dir");
        let real_dir = dir.path().join("drafts");
        std::fs::create_dir(&real_dir).expect("mkdir");
        let real = real_dir.join("real.md");
        std::fs::write(&real, "old").expect("write");
        let link = dir.path().join("2024-01-01-post.md");
        std::os::unix::fs::symlink(&real, &link).expect("symlink");
        replace(&link, "old", "new").expect("replaced");
        assert!(is_symlink(&link), "the link stays a link");
        assert_eq!(std::fs::read_to_string(&real).expect("read"), "new");
        assert!(rename_post(&link, "2024-01-01-other.md", "new", "newer").is_err());
        assert_eq!(std::fs::read_to_string(&real).expect("read"), "new");
    }

    #[test]
    fn replace_is_atomic_and_checks_the_old_content() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("2024-01-01-a.md");
        std::fs::write(&path, "old").expect("write");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        replace(&path, "old", "new").expect("replaced");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "new");
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o644);
        let err = replace(&path, "old", "newer").expect_err("changed");
        assert!(err
            .to_string()
            .ends_with("changed while the batch ran; left alone"));
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "new");
        let moved = rename_post(&path, "2024-01-01-b.md", "new", "moved").expect("moved");
        assert!(!path.exists());
        assert_eq!(std::fs::read_to_string(moved).expect("read"), "moved");
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 1);
    }

    #[test]
    fn the_lock_makes_a_second_writer_wait_or_refuse_and_clears_temp_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        // A temp file of a run that died, whatever its process id.
        let left = dir
            .path()
            .join(format!(".articleizer-{}-abc.tmp", std::process::id()));
        std::fs::write(&left, "half").expect("write");
        let held = FolderLock::acquire(dir.path(), false).expect("free");
        assert!(!left.exists(), "cleared under the lock");
        assert!(matches!(
            FolderLock::acquire(dir.path(), false),
            Err(WriteError::Locked { .. })
        ));
        let path = dir.path().to_path_buf();
        let waiter = std::thread::spawn(move || FolderLock::acquire(&path, true).map(drop));
        std::thread::sleep(std::time::Duration::from_millis(100));
        assert!(!waiter.is_finished(), "the second writer waits");
        drop(held);
        waiter
            .join()
            .expect("joins")
            .expect("gets the lock once released");
    }

    #[test]
    fn front_matter_is_read_as_yaml_reads_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        // A comment after the value, and a folded scalar: a line-prefix
        // reading took "/x/ # moved" and ">-" for the permalinks.
        std::fs::write(
            dir.path().join("2026-01-01-a.md"),
            "---\ntitle: A\npermalink: /x/ # moved in 2025\nsort_order: 4 # kept\n---\nbody\n",
        )
        .expect("a");
        std::fs::write(
            dir.path().join("2026-01-01-b.md"),
            "---\ntitle: B\npermalink: >-\n  /folded/\n---\nbody\n",
        )
        .expect("b");
        assert_eq!(
            permalink_owner(dir.path(), "/x/", "new.md"),
            Some(dir.path().join("2026-01-01-a.md"))
        );
        assert_eq!(
            permalink_owner(dir.path(), "/folded/", "new.md"),
            Some(dir.path().join("2026-01-01-b.md"))
        );
        assert_eq!(
            sort_order_for(dir.path(), day("2026-01-01"), "2026-01-01-new.md"),
            5
        );
    }

    #[test]
    fn sort_order_counts_posts_of_the_same_day_and_a_replaced_post_keeps_its_own() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert_eq!(
            sort_order_for(dir.path(), day("2026-01-02"), "2026-01-02-new.md"),
            1
        );
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
        assert_eq!(
            sort_order_for(dir.path(), day("2026-01-02"), "2026-01-02-new.md"),
            3
        );
        assert_eq!(
            sort_order_for(dir.path(), day("2026-01-02"), "2026-01-02-a.md"),
            2,
            "replacing a post keeps its place in the day"
        );
    }
}
