//! The sanitizer on arbitrary bytes: never panics, is idempotent, and
//! gives the same text and report when its output is redacted window by
//! window (forced here with one-line windows) and when its fences are
//! planned ahead on other threads (forced here in small batches).
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
    static AHEAD: OnceLock<[Sanitizer; 2]> = OnceLock::new();
    let ahead = AHEAD.get_or_init(|| {
        let new = || Sanitizer::new(&Options::default()).expect("defaults compile");
        [
            new().planning_fences_ahead(1, true),
            new().planning_fences_ahead(3, false),
        ]
    });
    let planned_ahead = ahead[data.len() % 2].sanitize(&text);
    assert_eq!(planned_ahead, whole, "fences planned ahead give another result");
    let mut windowed = Vec::new();
    let report = sanitizer
        .sanitize_to_within(text, &mut windowed, 0, 1)
        .expect("a Vec takes any write");
    assert!(windowed == whole.text.as_bytes(), "windows give another text");
    assert_eq!(report, whole.report, "windows give another report");
    let twice = sanitizer.sanitize(&whole.text).text;
    assert_eq!(whole.text, twice, "not idempotent");
});
