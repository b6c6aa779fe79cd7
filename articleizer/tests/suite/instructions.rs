//! The instructions contract: loading the predecessor's shape unchanged,
//! keeping unknown fields, reporting every problem precisely, and the
//! offline editor passing its own validation.

use articleizer::instructions::{parse_response, Instructions, Rules};
use serde_json::json;

const ARTICLE: &str = include_str!("../../../examples/transcript.md");

fn sanitized_example() -> String {
    let sanitizer = sanitizer::Sanitizer::new(&sanitizer::Options::default()).expect("defaults");
    sanitizer.sanitize(ARTICLE).text
}

fn predecessor_shaped() -> serde_json::Value {
    json!({
        "editing_instructions": {
            "yaml_updates": {
                "title": "Teaching a Static Site to Explain Itself",
                "description": "A writer asks three assistants for a Jekyll plugin README, and gets a nested template, a leaked token and a missing config fence.",
                "permalink": "/futureproof/static-site-explains-itself/",
                "keywords": "Jekyll, plugins, README, code fences"
            },
            "prepend_to_article_body": "A short relay between three assistants.",
            "insert_subheadings": [
                { "subheading": "## The Template", "after_text_snippet": "write me a README template for a small Jekyll plugin?" },
                { "subheading": "## Private Addresses", "after_text_snippet": "only reachable on your LAN or VPN." },
                { "subheading": "## Secrets in Scripts", "after_text_snippet": "never in scripts you paste." },
                { "subheading": "## Loading the Plugin", "after_text_snippet": "the example tag needs the plugin loaded first." }
            ],
            "a_field_from_a_newer_version": [1, 2]
        },
        "book_analysis_content": {
            "authors_imprint": "I asked three assistants for help and compared their answers.",
            "title_brainstorm": [
                { "title": "Teaching a Static Site to Explain Itself", "filename": "static-site-explains-itself.md", "rationale": "Says what happens." },
                { "title": "Three Assistants, One README", "filename": "three-assistants-one-readme.md", "rationale": "The relay." },
                { "title": "Fences, Tokens and Plugins", "filename": "fences-tokens-plugins.md", "rationale": "The three lessons." }
            ],
            "content_potential_and_polish": { "core_strengths": ["Concrete"], "suggestions_for_polish": ["Shorter"] },
            "ai_editorial_take": "A useful small case study.",
            "next_step_prompts": ["Write the plugin."],
            "promotional_tweet": "Three assistants, one README: https://example.com/futureproof/static-site-explains-itself/ #Jekyll #AI"
        },
        "extra_top_level": "kept"
    })
}

#[test]
fn the_predecessors_shape_loads_and_unknown_fields_survive() {
    let instructions = Instructions::from_value(predecessor_shaped()).expect("loads");
    assert!(instructions
        .validate(&sanitized_example(), &Rules::default())
        .is_empty());
    let round_trip: serde_json::Value =
        serde_json::from_str(&instructions.to_json()).expect("json");
    assert_eq!(
        round_trip,
        predecessor_shaped(),
        "nothing lost, nothing added"
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let mut value = predecessor_shaped();
    value["editing_instructions"]["yaml_updates"]["description"] = json!("x".repeat(212));
    value["editing_instructions"]["insert_subheadings"][3]["after_text_snippet"] =
        json!("words that are nowhere");
    value["book_analysis_content"]["promotional_tweet"] =
        json!(format!("{} https://example.com #a #b", "y".repeat(270)));
    value["book_analysis_content"]["next_step_prompts"] = json!([]);
    let instructions = Instructions::from_value(value).expect("structure is fine");
    let problems: Vec<String> = instructions
        .validate(&sanitized_example(), &Rules::default())
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        problems,
        [
            "editing_instructions.yaml_updates.description is 212 characters, want 100-160",
            "editing_instructions.insert_subheadings[3].after_text_snippet is not in the article",
            "book_analysis_content.next_step_prompts has 0 items, want 1-2",
            "book_analysis_content.promotional_tweet is 300 characters as X counts them (a link is 23), want at most 280",
        ]
    );
}

#[test]
fn counts_lengths_and_snippets_are_soft_an_empty_title_is_hard() {
    let mut value = predecessor_shaped();
    value["editing_instructions"]["insert_subheadings"] = json!([]);
    value["editing_instructions"]["yaml_updates"]["description"] = json!("x".repeat(170));
    let instructions = Instructions::from_value(value.clone()).expect("structure is fine");
    let problems = instructions.validate(&sanitized_example(), &Rules::default());
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems.iter().all(|p| p.is_soft()));
    value["editing_instructions"]["yaml_updates"]["title"] = json!("  ");
    let instructions = Instructions::from_value(value).expect("structure is fine");
    let problems = instructions.validate(&sanitized_example(), &Rules::default());
    assert!(problems
        .iter()
        .any(|p| !p.is_soft() && p.path.ends_with(".title")));
}

#[test]
fn optional_fields_may_be_missing() {
    let mut value = predecessor_shaped();
    let book = value["book_analysis_content"]
        .as_object_mut()
        .expect("object");
    book.remove("promotional_tweet");
    book.remove("next_step_prompts");
    value["editing_instructions"]
        .as_object_mut()
        .expect("object")
        .remove("prepend_to_article_body");
    let instructions = Instructions::from_value(value).expect("loads without them");
    assert_eq!(instructions.book_analysis_content.promotional_tweet, "");
    let problems = instructions.validate(&sanitized_example(), &Rules::default());
    assert!(problems.iter().all(|p| p.is_soft()), "{problems:?}");
    assert_eq!(problems.len(), 3, "one each: {problems:?}");
}

#[test]
fn tweets_are_counted_as_x_counts_them() {
    use articleizer::instructions::x_length;
    assert_eq!(x_length("hello"), 5);
    assert_eq!(
        x_length("see https://example.com/a/very/long/path/that/goes/on/and/on/"),
        4 + 23
    );
    assert_eq!(x_length("see [ARTICLE_URL] now"), 4 + 23 + 4);
    assert_eq!(x_length("日本語"), 6);
    assert_eq!(x_length("👍🏽"), 2, "a skin tone is part of its emoji");
    assert_eq!(x_length("👩‍💻"), 2, "a joined sequence counts once");
    assert_eq!(x_length("“quoted” — dash…"), 17, "an ellipsis is wide");
}

#[test]
fn structural_problems_come_with_paths() {
    let mut value = predecessor_shaped();
    value["editing_instructions"]["yaml_updates"]
        .as_object_mut()
        .expect("object")
        .remove("title");
    value["book_analysis_content"]["title_brainstorm"] = json!("not a list");
    let problems: Vec<String> = Instructions::from_value(value)
        .expect_err("invalid")
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        problems,
        [
            "editing_instructions.yaml_updates.title is missing",
            "book_analysis_content.title_brainstorm is a string, want an array",
        ]
    );
}

#[test]
fn a_fenced_response_with_llm_faults_parses() {
    let json = serde_json::to_string_pretty(&predecessor_shaped()).expect("json");
    let faulty = format!(
        "Here are the instructions:\n\n```json\n{}\n```\n",
        json.replace("\"kept\"", "\"kept\",").replacen('"', "“", 0)
    );
    let value = parse_response(&faulty).expect("repaired");
    assert_eq!(value["extra_top_level"], "kept");
}
