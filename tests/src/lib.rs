//! End-to-end tests live in `tests/`; this library only helps them find the binaries.
