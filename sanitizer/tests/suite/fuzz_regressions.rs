//! Inputs found by the cargo-fuzz targets (`fuzz/`), kept as regression
//! tests: each file in `fuzz/regressions/sanitize/` once broke the
//! sanitizer's idempotence or made it panic.

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
        let once = sanitizer.sanitize(&text).text;
        assert_eq!(sanitizer.sanitize(&once).text, once, "{}", path.display());
        checked += 1;
    }
    assert!(checked >= 2, "the committed findings are there");
}
