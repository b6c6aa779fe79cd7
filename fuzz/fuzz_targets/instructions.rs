//! The instructions parser and repairer on arbitrary text; what parses is
//! validated and rendered, and the rendered post's front matter reads back
//! (title and description as given, trimmed).
#![no_main]

use articleizer::instructions::{parse_response, Instructions, Rules};
use articleizer::post::ParsedPost;
use articleizer::render::{self, Target};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(value) = parse_response(&text) else {
        return;
    };
    let Ok(instructions) = Instructions::from_value(value) else {
        return;
    };
    let _ = instructions.validate(&text, &Rules::default());
    let target = Target {
        name: "fuzz".into(),
        dir: "posts".into(),
        base_url: "https://example.com".into(),
        permalink_style: "/futureproof/:slug/".into(),
        layout: "post".into(),
        jekyll4: false,
        live_tags: render::default_live_tags(),
    };
    let post = render::render(
        "An article {{ x }} with text.\n",
        &instructions,
        &target,
        render::DEFAULT_TEMPLATE,
        render::Slot::new(&instructions, "2026-01-02", 1),
    )
    .expect("the built-in template renders");
    let parsed = ParsedPost::parse(&post.text).expect("a rendered post parses");
    let yaml = &instructions.editing_instructions.yaml_updates;
    assert_eq!(parsed.string("title").as_deref(), Some(yaml.title.trim()));
    assert_eq!(
        parsed.string("meta_description").as_deref(),
        Some(yaml.description.trim())
    );
});
