//! Writing files so that work is never lost: through a temp file in the
//! same folder, `sync` and a rename, so a file is at every moment either its
//! old or its new content; never over an existing file unless asked; and
//! through symbolic links to the file they name, so a link stays a link.

use std::io::Write;
use std::path::{Path, PathBuf};

/// The ending of every temp file written here (see [`remove_temp_files`]).
pub const TEMP_SUFFIX: &str = ".tmp";

/// How [`write_atomic`] writes: over an existing file or not, with which
/// mode, and how its temp file is named.
#[derive(Debug, Clone, Copy)]
pub struct WriteOptions {
    replace: bool,
    private: bool,
    create_parent: bool,
    temp_prefix: &'static str,
}

impl WriteOptions {
    /// Never over an existing file; a new file gets mode 0666 less the
    /// umask (as `>` would give it); temp files are named
    /// `<temp_prefix><pid>-<random>.tmp`.
    pub fn new(temp_prefix: &'static str) -> Self {
        WriteOptions {
            replace: false,
            private: false,
            create_parent: false,
            temp_prefix,
        }
    }

    /// Replaces an existing file (keeping its mode) when `yes`.
    pub fn replace(mut self, yes: bool) -> Self {
        self.replace = yes;
        self
    }

    /// Mode 0600 whatever was there: for files holding keys.
    pub fn private(mut self) -> Self {
        self.private = true;
        self
    }

    /// Creates the parent folder first when it is missing (with
    /// [`WriteOptions::private`], mode 0700 whatever the umask).
    pub fn create_parent(mut self) -> Self {
        self.create_parent = true;
        self
    }
}

/// Writes `bytes` to `path` as `options` say; returns the path written (the
/// file a symbolic link names, when `path` is one). Without
/// [`WriteOptions::replace`], an existing file is an `AlreadyExists` error.
pub fn write_atomic(path: &Path, bytes: &[u8], options: &WriteOptions) -> std::io::Result<PathBuf> {
    write_atomic_with(path, options, |file| file.write_all(bytes))
}

/// [`write_atomic`], the content written by `fill` into the temp file (a
/// long text need not be held whole; buffer small writes).
pub fn write_atomic_with(
    path: &Path,
    options: &WriteOptions,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<PathBuf> {
    let path = link_target(path)?;
    let dir = parent_of(&path);
    if options.create_parent {
        create_dirs(dir, options.private)?;
    }
    if !options.replace && path.exists() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            "the file already exists",
        ));
    }
    let mut temp = temp_file_in(dir, options)?;
    fill(&mut temp)?;
    if !options.private {
        if let Ok(metadata) = std::fs::metadata(&path) {
            temp.as_file().set_permissions(metadata.permissions())?;
        }
    }
    temp.as_file().sync_all()?;
    let persisted = if options.replace {
        temp.persist(&path)
    } else {
        temp.persist_noclobber(&path)
    };
    persisted.map_err(|e| e.error)?;
    Ok(path)
}

/// Creates `dir` and its missing parents, each mode 0700 whatever the
/// umask: for folders of answers, job records and logs.
pub fn create_private_dirs(dir: &Path) -> std::io::Result<()> {
    create_dirs(dir, true)
}

/// Creates `dir` and its missing parents; a private file's folders get
/// mode 0700 (the umask only ever removes bits, so none leaks through).
fn create_dirs(dir: &Path, private: bool) -> std::io::Result<()> {
    #[cfg(unix)]
    if private {
        use std::os::unix::fs::DirBuilderExt;
        return std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir);
    }
    let _ = private;
    std::fs::create_dir_all(dir)
}

/// Checks that `dir` takes a new file (made and removed at once).
pub fn probe_writable(dir: &Path, temp_prefix: &'static str) -> std::io::Result<()> {
    temp_file_in(dir, &WriteOptions::new(temp_prefix)).map(drop)
}

/// Removes the temp files named with `temp_prefix` in `dir`; returns how
/// many. Call it only where no live writer can hold one (under a lock
/// every writer takes).
pub fn remove_temp_files(dir: &Path, temp_prefix: &str) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .filter(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            name.starts_with(temp_prefix) && name.ends_with(TEMP_SUFFIX)
        })
        .filter(|entry| std::fs::remove_file(entry.path()).is_ok())
        .count()
}

/// A temp file in `dir`. Public files are created with mode 0666 less the
/// umask: tempfile's private 0600 would survive the rename, and a post the
/// web server or another user's Jekyll cannot read is not published.
fn temp_file_in(dir: &Path, options: &WriteOptions) -> std::io::Result<tempfile::NamedTempFile> {
    let prefix = format!("{}{}-", options.temp_prefix, std::process::id());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = if options.private { 0o600 } else { 0o666 };
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    builder.tempfile_in(dir)
}

/// The folder `path` is in (`.` for a bare file name).
pub fn parent_of(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Whether `path` is a symbolic link.
pub fn is_symlink(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// The file `path` names: itself, or where its symbolic links lead (a
/// dangling link is written as itself).
pub fn link_target(path: &Path) -> std::io::Result<PathBuf> {
    if is_symlink(path) && path.exists() {
        std::fs::canonicalize(path)
    } else {
        Ok(path.to_path_buf())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_over_a_file_unless_asked_and_keeps_its_mode() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.md");
        let options = WriteOptions::new(".test-");
        write_atomic(&path, b"one", &options).expect("new file");
        let err = write_atomic(&path, b"two", &options).expect_err("exists");
        assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&path).expect("read"), b"one");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
            write_atomic(&path, b"two", &options.replace(true)).expect("replaced");
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o640);
        }
        assert_eq!(std::fs::read(&path).expect("read"), b"two");
        assert_eq!(
            remove_temp_files(dir.path(), ".test-"),
            0,
            "no temp file left"
        );
    }

    #[cfg(unix)]
    #[test]
    fn private_files_are_0600_and_links_stay_links() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let real = dir.path().join("sub/keys.toml");
        let options = WriteOptions::new(".keys-").private().create_parent();
        write_atomic(&real, b"k", &options).expect("written");
        let mode = std::fs::metadata(&real).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let folder = std::fs::metadata(dir.path().join("sub")).expect("meta");
        assert_eq!(folder.permissions().mode() & 0o777, 0o700);
        let link = dir.path().join("link.toml");
        std::os::unix::fs::symlink(&real, &link).expect("symlink");
        let written =
            write_atomic(&link, b"new", &options.replace(true)).expect("through the link");
        assert!(is_symlink(&link));
        assert_eq!(written, std::fs::canonicalize(&real).expect("real path"));
        assert_eq!(std::fs::read(&real).expect("read"), b"new");
    }
}
