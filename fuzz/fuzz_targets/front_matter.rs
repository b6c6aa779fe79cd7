//! The post parser on arbitrary posts: never panics; what parses re-emits
//! byte for byte; a field set reads back; rewrap is idempotent.
#![no_main]

use articleizer::post::ParsedPost;
use articleizer::render::liquid;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(mut post) = ParsedPost::parse(text) else {
        return;
    };
    assert_eq!(post.emit(), text, "not byte-faithful");
    let live = vec!["include".to_string()];
    let once = liquid::rewrap(&post.body, &live);
    assert_eq!(liquid::rewrap(&once, &live), once, "rewrap not idempotent");
    if post.set_entry("title", "title: \"A: b\"").is_ok() {
        let again = ParsedPost::parse(&post.emit()).expect("an edited post parses");
        assert_eq!(again.string("title").as_deref(), Some("A: b"));
    }
});
