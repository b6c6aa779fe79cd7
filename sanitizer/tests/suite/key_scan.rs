//! The key scan that every end-to-end run performs (see
//! [`e2e::TestCommand::output`]) must itself be able to fail: a canary key that a
//! binary does print or write is caught in each place the scan looks.

use e2e::sanitizer;
use std::panic::{catch_unwind, AssertUnwindSafe};

const CANARY: &str = "canary-key-0c9e71";

/// The panic message of `f`, if it panicked.
fn panic_message(f: impl FnOnce()) -> Option<String> {
    let payload = catch_unwind(AssertUnwindSafe(f)).err()?;
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
}

#[test]
fn a_key_on_stdout_is_caught() {
    // The sanitizer passes an ordinary word through: here, the canary.
    let message = panic_message(|| {
        sanitizer()
            .args(["-q"])
            .stdin(format!("plain words {CANARY}\n").as_bytes())
            .envs(&[("CANARY_KEY", CANARY)])
            .output();
    });
    let message = message.expect("the scan failed the run");
    assert!(message.contains("a test key is in its stdout"), "{message}");
}

#[test]
fn a_key_in_a_written_file_is_caught_wherever_it_lands() {
    let dir = tempfile::tempdir().expect("temp dir");
    let nested = dir.path().join("cache").join("deep");
    std::fs::create_dir_all(&nested).expect("dirs");
    let output = nested.join("out.txt");
    let message = panic_message(|| {
        sanitizer()
            .args(["-q", "-o", output.to_str().expect("utf-8")])
            .stdin(format!("plain words {CANARY}\n").as_bytes())
            .current_dir(dir.path())
            .envs(&[("CANARY_KEY", CANARY)])
            .output();
    });
    let message = message.expect("the scan failed the run");
    assert!(
        message.contains("a test key is in") && message.contains("out.txt"),
        "{message}"
    );
}

#[test]
fn a_run_without_the_key_in_its_output_passes() {
    sanitizer()
        .args(["-q"])
        .stdin(b"plain words\n")
        .envs(&[("CANARY_KEY", CANARY)])
        .assert_success();
}
