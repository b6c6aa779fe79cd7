//! Inputs found by the cargo-fuzz targets (`fuzz/`), kept as regression
//! tests: each file in `fuzz/regressions/front_matter/` once broke one of
//! the post parser's promises, checked here as the fuzz target checks them.

use articleizer::post::ParsedPost;
use articleizer::render::liquid;

#[test]
fn front_matter_findings_stay_fixed() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/regressions/front_matter");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).expect("the regressions directory") {
        let path = entry.expect("entry").path();
        let text = String::from_utf8(std::fs::read(&path).expect("read")).expect("utf-8");
        checked += 1;
        let Ok(mut post) = ParsedPost::parse(&text) else {
            continue;
        };
        assert_eq!(post.emit(), text, "{}", path.display());
        let live = vec!["include".to_string()];
        let once = liquid::rewrap(&post.body, &live);
        assert_eq!(liquid::rewrap(&once, &live), once, "{}", path.display());
        if post.set_entry("title", "title: \"A: b\"").is_ok() {
            let again = ParsedPost::parse(&post.emit()).expect("an edited post parses");
            assert_eq!(
                again.string("title").as_deref(),
                Some("A: b"),
                "{}",
                path.display()
            );
        }
    }
    assert!(checked >= 1, "the committed findings are there");
}
