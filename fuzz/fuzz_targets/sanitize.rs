//! The sanitizer on arbitrary bytes: never panics, and is idempotent.
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
    let once = sanitizer.sanitize(&text).text;
    let twice = sanitizer.sanitize(&once).text;
    assert_eq!(once, twice, "not idempotent");
});
