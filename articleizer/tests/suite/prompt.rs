//! The editing prompt as a model reads it: a golden file for the golden
//! article (UPDATE_GOLDEN=1 rewrites it; review the diff), so every change
//! to the house prompt shows in review.

use articleizer::prompt::{render, PromptSettings, DEFAULT_TEMPLATE};

#[test]
fn the_golden_prompt_is_byte_identical() {
    let article = include_str!("../../../examples/golden/article.md");
    let settings = PromptSettings {
        base_url: "https://example.com".into(),
        permalink_style: "/futureproof/:slug/".into(),
        hints: vec!["lean on the relay between the three assistants".into()],
        ..PromptSettings::default()
    };
    let prompt = render(DEFAULT_TEMPLATE, article, &settings).expect("renders");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../examples/golden/expected-prompt.md"
        );
        std::fs::write(path, &prompt).expect("writes the golden prompt");
    }
    assert_eq!(
        prompt,
        include_str!("../../../examples/golden/expected-prompt.md"),
        "the golden prompt (UPDATE_GOLDEN=1 rewrites it; review the diff)"
    );
}
