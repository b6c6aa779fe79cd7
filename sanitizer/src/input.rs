//! Turning input bytes into text.

/// Input that is not a text transcript.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    /// The bytes are not valid UTF-8.
    #[error("invalid UTF-8 at byte offset {offset} (use --lossy to replace invalid bytes)")]
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
}
