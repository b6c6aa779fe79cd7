//! Reading what a tool is given (a file, or stdin for `-` or no file, as
//! UTF-8 text), and writing what it prints.

use std::io::Read;
use std::path::Path;

/// Input that is not a text transcript.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    /// The bytes are not valid UTF-8.
    // Each tool says what to do about it: only the sanitizer has --lossy.
    #[error("invalid UTF-8 at byte offset {offset}")]
    InvalidUtf8 {
        /// Offset of the first invalid byte.
        offset: usize,
    },
    /// The bytes contain NUL, so this is a binary file, not a transcript.
    #[error("binary input: NUL byte at offset {offset}")]
    Binary {
        /// Offset of the first NUL byte.
        offset: usize,
    },
}

/// Writes `bytes` to stdout. A closed pipe (`tool | head`) is the
/// reader's choice, not an error.
pub fn write_stdout(bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut stdout = StdoutStream::new();
    stdout.write_all(bytes)?;
    stdout.finish()
}

/// Standard output for text written piece by piece: buffered, and quiet
/// once the reader has gone (a closed pipe, as in `tool | head`), whose
/// choice that is: the rest is dropped without an error.
pub struct StdoutStream {
    out: std::io::BufWriter<std::io::StdoutLock<'static>>,
    closed: bool,
}

impl StdoutStream {
    /// Locks stdout for this stream.
    pub fn new() -> Self {
        StdoutStream {
            out: std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock()),
            closed: false,
        }
    }

    /// Flushes what is buffered.
    pub fn finish(mut self) -> std::io::Result<()> {
        std::io::Write::flush(&mut self)
    }

    fn quiet_if_closed<T>(&mut self, result: std::io::Result<T>, closed: T) -> std::io::Result<T> {
        match result {
            Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(closed)
            }
            other => other,
        }
    }
}

impl Default for StdoutStream {
    fn default() -> Self {
        Self::new()
    }
}

impl std::io::Write for StdoutStream {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        let written = self.out.write(buf);
        self.quiet_if_closed(written, buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let flushed = self.out.flush();
        self.quiet_if_closed(flushed, ())
    }
}

/// Whether `source` means stdin: none, or `-`.
pub fn is_stdin(source: Option<&Path>) -> bool {
    source.is_none_or(|path| path.as_os_str() == "-")
}

/// The bytes of `source`: the file, or stdin when [`is_stdin`].
pub fn read_bytes(source: Option<&Path>) -> std::io::Result<Vec<u8>> {
    match source {
        Some(path) if !is_stdin(source) => std::fs::read(path),
        _ => {
            let mut bytes = Vec::with_capacity(stdin_size_hint());
            std::io::stdin().lock().read_to_end(&mut bytes)?;
            Ok(bytes)
        }
    }
}

/// The size of stdin when it is a file (`sanitizer < draft.md`), so the
/// buffer is sized once: no regrowth copies, no doubled peak memory.
#[cfg(unix)]
fn stdin_size_hint() -> usize {
    use std::os::fd::AsFd;
    std::io::stdin()
        .as_fd()
        .try_clone_to_owned()
        .ok()
        .and_then(|fd| std::fs::File::from(fd).metadata().ok())
        .filter(std::fs::Metadata::is_file)
        .map_or(0, |m| m.len() as usize + 1)
}

#[cfg(not(unix))]
fn stdin_size_hint() -> usize {
    0
}

/// Decodes `bytes` as UTF-8 without copying. With `lossy`, invalid
/// sequences become U+FFFD instead of an error. NUL bytes are refused either
/// way: a transcript never has them.
pub fn decode(bytes: Vec<u8>, lossy: bool) -> Result<String, InputError> {
    if let Some(offset) = memchr::memchr(0, &bytes) {
        return Err(InputError::Binary { offset });
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(err) if lossy => Ok(String::from_utf8_lossy(err.as_bytes()).into_owned()),
        Err(err) => Err(InputError::InvalidUtf8 {
            offset: err.utf8_error().valid_up_to(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_offset_of_bad_bytes() {
        assert_eq!(
            decode(b"ok \xff no".to_vec(), false),
            Err(InputError::InvalidUtf8 { offset: 3 })
        );
        assert_eq!(
            decode(b"ok \xff".to_vec(), true).as_deref(),
            Ok("ok \u{fffd}")
        );
        assert_eq!(
            decode(b"a\0b".to_vec(), true),
            Err(InputError::Binary { offset: 1 })
        );
        assert_eq!(
            decode("héllo".as_bytes().to_vec(), false).as_deref(),
            Ok("héllo")
        );
    }

    #[test]
    fn a_dash_or_nothing_is_stdin() {
        assert!(is_stdin(None));
        assert!(is_stdin(Some(Path::new("-"))));
        assert!(!is_stdin(Some(Path::new("draft.md"))));
    }
}
