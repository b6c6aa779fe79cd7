//! The instructions contract: loading the predecessor's shape unchanged,
//! keeping unknown fields, reporting every problem precisely, and the
//! offline editor passing its own validation.

use articleizer::editor::offline::{edit, OfflineOptions, TooShort};
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
            "book_analysis_content.promotional_tweet is 296 characters, want at most 280",
        ]
    );
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

#[test]
fn the_offline_editor_passes_its_own_validation() {
    let article = sanitized_example();
    let instructions = edit(&article, &OfflineOptions::default()).expect("long enough");
    let problems = instructions.validate(&article, &Rules::default());
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        instructions.editing_instructions.yaml_updates.title,
        "Teaching a Static Site to Explain Itself"
    );
    assert!(instructions
        .editing_instructions
        .prepend_to_article_body
        .starts_with("Offline draft"));
    assert!(instructions
        .book_analysis_content
        .ai_editorial_take
        .contains("No AI editor read this entry"));
    assert_eq!(
        edit(&article, &OfflineOptions::default()).expect("again"),
        instructions,
        "deterministic"
    );
}

#[test]
fn the_offline_editor_works_on_the_raw_transcript_too() {
    let instructions = edit(ARTICLE, &OfflineOptions::default()).expect("long enough");
    assert!(instructions.validate(ARTICLE, &Rules::default()).is_empty());
}

#[test]
fn the_offline_editor_refuses_a_two_line_note() {
    assert!(matches!(
        edit("Title\n\nOne paragraph only.\n", &OfflineOptions::default()),
        Err(TooShort { .. })
    ));
}

#[test]
#[ignore = "needs ../shared/corpus (run by .ci/run)"]
fn the_offline_editor_handles_the_corpus_transcript() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/corpus/transcripts/landlords-relay.txt");
    let article = std::fs::read_to_string(path).expect("corpus transcript");
    let instructions = edit(&article, &OfflineOptions::default()).expect("long enough");
    let problems = instructions.validate(&article, &Rules::default());
    assert!(problems.is_empty(), "{problems:?}");
    for item in &instructions.editing_instructions.insert_subheadings {
        assert!(articleizer::instructions::Words::of(&article).contain(&item.after_text_snippet));
    }
}
