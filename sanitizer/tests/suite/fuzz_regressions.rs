//! Inputs found by the cargo-fuzz targets (`fuzz/`), kept as regression
//! tests: each file in `fuzz/regressions/sanitize/` once broke one of
//! the fuzz target's properties (no panic, idempotence, the same result
//! when the output is redacted window by window), checked here as there.

use sanitizer::{decode, Options, Sanitizer};

#[test]
fn fuzz_findings_stay_fixed() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/regressions/sanitize");
    let sanitizer = Sanitizer::new(&Options::default()).expect("defaults");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).expect("the regressions directory") {
        let path = entry.expect("entry").path();
        let bytes = std::fs::read(&path).expect("read");
        let text = decode(bytes, true).expect("lossy decoding never fails");
        let whole = sanitizer.sanitize(&text);
        let once = &whole.text;
        assert_eq!(&sanitizer.sanitize(once).text, once, "{}", path.display());
        let mut windowed = Vec::new();
        let report = sanitizer
            .sanitize_to_within(text, &mut windowed, 0, 1)
            .expect("a Vec takes any write");
        assert!(
            windowed == once.as_bytes(),
            "{}: windows give another text",
            path.display()
        );
        assert_eq!(report, whole.report, "{}: windows", path.display());
        checked += 1;
    }
    assert!(checked >= 2, "the committed findings are there");
}
