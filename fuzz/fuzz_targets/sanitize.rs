//! The sanitizer on arbitrary bytes: never panics, is idempotent, and
//! gives the same text and report when its output is redacted window by
//! window (forced here with one-line windows).
#![no_main]

use libfuzzer_sys::fuzz_target;
use sanitizer::{decode, Options, Sanitizer};
use std::sync::OnceLock;

fuzz_target!(|data: &[u8]| {
    static SANITIZER: OnceLock<Sanitizer> = OnceLock::new();
    let sanitizer =
        SANITIZER.get_or_init(|| Sanitizer::new(&Options::default()).expect("defaults compile"));
    let Ok(text) = decode(data.to_vec(), true) else {
        return;
    };
    let whole = sanitizer.sanitize(&text);
    let mut windowed = Vec::new();
    let report = sanitizer
        .sanitize_to_within(text, &mut windowed, 0, 1)
        .expect("a Vec takes any write");
    assert!(windowed == whole.text.as_bytes(), "windows give another text");
    assert_eq!(report, whole.report, "windows give another report");
    let twice = sanitizer.sanitize(&whole.text).text;
    assert_eq!(whole.text, twice, "not idempotent");
});
