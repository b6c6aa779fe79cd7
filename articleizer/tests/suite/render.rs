//! The rendered post: a golden file, front matter that YAML reads back
//! exactly, permalinks in the target's style.

use articleizer::instructions::{parse_response, Instructions};
use articleizer::render::{permalink, render, yaml_string, Slot, Target, DEFAULT_TEMPLATE};
use proptest::prelude::*;
use yaml_rust2::YamlLoader;

fn target(jekyll4: bool) -> Target {
    Target {
        name: "posts".into(),
        dir: "posts".into(),
        base_url: "https://example.com".into(),
        permalink_style: "/futureproof/:slug/".into(),
        layout: "post".into(),
        jekyll4,
        live_tags: articleizer::render::default_live_tags(),
    }
}

fn golden_instructions() -> Instructions {
    let value =
        parse_response(include_str!("../../../examples/golden/instructions.json")).expect("json");
    Instructions::from_value(value).expect("well formed")
}

#[test]
fn the_golden_post_is_byte_identical() {
    let article = include_str!("../../../examples/golden/article.md");
    let post = render(
        article,
        &golden_instructions(),
        &target(false),
        DEFAULT_TEMPLATE,
        Slot::new(
            &golden_instructions(),
            "2026-01-15".parse().expect("a date"),
            1,
        ),
    )
    .expect("renders");
    assert_eq!(post.file_name, "2026-01-15-showing-liquid-in-jekyll.md");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        // Review the change with `git diff` before committing it.
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../examples/golden/expected-post.md"
        );
        std::fs::write(path, post.text()).expect("writes the golden post");
    }
    assert_eq!(
        post.text(),
        include_str!("../../../examples/golden/expected-post.md")
    );
    assert_eq!(
        post.unmatched.len(),
        1,
        "the snippet that is not in the article is reported"
    );
    assert_eq!(post.placements.len(), 4);
}

#[test]
fn front_matter_reads_back_exactly() {
    let article = include_str!("../../../examples/golden/article.md");
    let post = render(
        article,
        &golden_instructions(),
        &target(true),
        DEFAULT_TEMPLATE,
        Slot::new(
            &golden_instructions(),
            "2026-01-15".parse().expect("a date"),
            3,
        ),
    )
    .expect("renders");
    let docs = YamlLoader::load_from_str(&post.front_matter).expect("valid YAML");
    let front = &docs[0];
    assert_eq!(
        front["title"].as_str(),
        Some("Liquid: “Braces”, --- and #hashtags @ yes")
    );
    assert_eq!(
        front["permalink"].as_str(),
        Some("/futureproof/showing-liquid-in-jekyll/")
    );
    assert_eq!(
        front["canonical_url"].as_str(),
        Some("https://example.com/futureproof/showing-liquid-in-jekyll/")
    );
    assert_eq!(front["sort_order"].as_i64(), Some(3));
    assert_eq!(front["render_with_liquid"].as_bool(), Some(false));
    assert!(
        post.text()
            .contains("render_with_liquid: false\n---\n\n## Setting the Stage"),
        "Jekyll 4 targets get no raw tags"
    );
    assert!(
        !post.text().contains("{% endraw %}{% raw %}"),
        "nor escapes"
    );
    let keys: Vec<&str> = front
        .as_hash()
        .expect("map")
        .keys()
        .filter_map(|k| k.as_str())
        .collect();
    assert_eq!(
        keys,
        [
            "title",
            "permalink",
            "canonical_url",
            "description",
            "meta_description",
            "excerpt",
            "meta_keywords",
            "layout",
            "sort_order",
            "render_with_liquid"
        ]
    );
}

#[test]
fn permalinks_take_the_targets_style() {
    for (raw, want) in [
        ("/futureproof/my-post/", "/futureproof/my-post/"),
        ("my post", "/futureproof/my-post/"),
        ("/Blog/My_Great Post.html", "/futureproof/my-great-post/"),
        (
            "https://mikelev.in/futureproof/Already-There/",
            "/futureproof/already-there/",
        ),
    ] {
        assert_eq!(permalink(raw, "/futureproof/:slug/"), want, "{raw}");
    }
}

#[test]
fn the_permalink_and_the_file_name_share_one_slug() {
    let mut instructions = golden_instructions();
    instructions.editing_instructions.yaml_updates.permalink =
        "/futureproof/some-other-slug/".into();
    let slot = Slot::new(&instructions, "2026-01-15".parse().expect("a date"), 1);
    assert_eq!(slot.file_name, "2026-01-15-showing-liquid-in-jekyll.md");
    let post = render(
        "Body.\n",
        &instructions,
        &target(false),
        DEFAULT_TEMPLATE,
        slot,
    )
    .expect("renders");
    assert_eq!(post.permalink, "/futureproof/showing-liquid-in-jekyll/");
    // With no title option, both come from the editor's permalink.
    instructions.book_analysis_content.title_brainstorm.clear();
    let slot = Slot::new(&instructions, "2026-01-15".parse().expect("a date"), 1);
    assert_eq!(slot.file_name, "2026-01-15-some-other-slug.md");
    let post = render(
        "Body.\n",
        &instructions,
        &target(false),
        DEFAULT_TEMPLATE,
        slot,
    )
    .expect("renders");
    assert_eq!(post.permalink, "/futureproof/some-other-slug/");
}

proptest! {
    #[test]
    fn any_string_survives_front_matter(text in "\\PC{0,60}") {
        let yaml = format!("value: {}\n", yaml_string(&text));
        let docs = YamlLoader::load_from_str(&yaml).expect("valid YAML");
        prop_assert_eq!(docs[0]["value"].as_str(), Some(text.as_str()));
    }

    /// Any Unicode at all, control characters, line and paragraph
    /// separators, NEL, U+FFFE/U+FFFF and byte order marks included.
    #[test]
    fn any_unicode_survives_front_matter(text in proptest::collection::vec(prop_oneof![
        any::<char>(),
        prop::sample::select(vec!['\u{0}', '\u{7}', '\t', '\n', '\r', '\u{1b}', '\u{7f}', '\u{85}', '\u{9f}',
            '\u{a0}', '\u{2028}', '\u{2029}', '\u{feff}', '\u{fffe}', '\u{ffff}', '"', '\\', '\'', ':', '#']),
    ], 0..40).prop_map(|chars| chars.into_iter().collect::<String>())) {
        let yaml = format!("value: {}\n", yaml_string(&text));
        let docs = YamlLoader::load_from_str(&yaml).expect("valid YAML");
        prop_assert_eq!(docs[0]["value"].as_str(), Some(text.as_str()));
        prop_assert!(yaml.chars().all(|c| c == '\n' || !c.is_control()), "{:?}", yaml);
    }

    #[test]
    fn awkward_values_survive_front_matter(text in prop::sample::select(vec!["yes", "no", "2024-01-02", "@handle", "*bold*", "&anchor", "---", "a: b", "# not a comment", "null", "~", "1e3", "0x1F", "'quoted'", "line\nbreak"])) {
        let yaml = format!("value: {}\n", yaml_string(text));
        let docs = YamlLoader::load_from_str(&yaml).expect("valid YAML");
        prop_assert_eq!(docs[0]["value"].as_str(), Some(text));
    }
}

/// A definition in one field and its use in another: each field is
/// parsed alone, and neither the definition nor the reference is markup.
#[test]
fn a_reference_defined_in_one_field_is_text_in_another() {
    let mut value =
        parse_response(include_str!("../../../examples/golden/instructions.json")).expect("json");
    value["editing_instructions"]["prepend_to_article_body"] =
        serde_json::json!("* [r]: javascript:alert(1)");
    value["book_analysis_content"]["ai_editorial_take"] = serde_json::json!("[click][r]");
    value["book_analysis_content"]["next_step_prompts"] = serde_json::json!(["[click][r] too"]);
    let instructions = Instructions::from_value(value).expect("well formed");
    let post = render(
        "A short article.\n",
        &instructions,
        &target(true),
        DEFAULT_TEMPLATE,
        Slot::new(&instructions, "2026-01-15".parse().expect("a date"), 1),
    )
    .expect("renders");
    let text = post.text();
    for event in pulldown_cmark::Parser::new(&text) {
        if let pulldown_cmark::Event::Start(pulldown_cmark::Tag::Link { dest_url, .. }) = event {
            assert!(
                !dest_url.to_lowercase().contains("javascript"),
                "a live link to {dest_url}:\n{text}"
            );
        }
    }
    assert!(text.contains("\\[click\\]\\[r\\]"), "{text}");
    assert!(
        text.contains("javascript:alert(1)"),
        "shown as text: {text}"
    );
}
