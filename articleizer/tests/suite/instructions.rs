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
        json!("these words are found nowhere");
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
            "editing_instructions.insert_subheadings[3].after_text_snippet \"these words are found nowhere\" is not in the article",
            "book_analysis_content.next_step_prompts has 0 items, want 1-2",
            "book_analysis_content.promotional_tweet is 300 characters as X counts them (a link is 23), want at most 280",
        ]
    );
}

#[test]
fn counts_lengths_and_snippets_are_soft_an_empty_title_is_hard() {
    let mut value = predecessor_shaped();
    value["editing_instructions"]["insert_subheadings"][0]["after_text_snippet"] =
        json!("not in the article at all");
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

/// Instructions with these subheadings (heading, snippet) and nothing else.
fn with_subheadings(items: &[(&str, &str)]) -> Instructions {
    let items: Vec<serde_json::Value> = items
        .iter()
        .map(|(h, s)| json!({ "subheading": h, "after_text_snippet": s }))
        .collect();
    let mut value = predecessor_shaped();
    value["editing_instructions"]["insert_subheadings"] = json!(items);
    Instructions::from_value(value).expect("loads")
}

fn subheading_problems(instructions: &Instructions, article: &str) -> Vec<String> {
    instructions
        .validate(article, &Rules::default())
        .iter()
        .filter(|p| {
            p.path
                .starts_with("editing_instructions.insert_subheadings")
        })
        .map(ToString::to_string)
        .collect()
}

#[test]
fn the_subheading_count_scales_with_the_entry_as_the_prompt_says() {
    // The example entry is 193 words: none to seven, as its prompt says.
    let none = with_subheadings(&[]);
    assert!(subheading_problems(&none, &sanitized_example()).is_empty());
    let prompt = articleizer::prompt::render(
        articleizer::prompt::DEFAULT_TEMPLATE,
        &sanitized_example(),
        &articleizer::prompt::PromptSettings::default(),
    )
    .expect("renders");
    assert!(prompt.contains("`insert_subheadings`: 0 to 7 for this entry of 193 words"));
    // A long entry wants the house's four at least.
    let long = format!(
        "{}\n",
        "A paragraph of several plain words.\n\n".repeat(400)
    );
    assert_eq!(
        subheading_problems(&none, &long),
        ["editing_instructions.insert_subheadings has 0 items, want 4-7 for an entry of 2400 words"]
    );
}

#[test]
fn snippets_are_checked_as_the_renderer_places_them() {
    use articleizer::render::subheadings::place;
    let article = "First we set up the build and it works at last.\n\nThen the deploy starts and fails.\n\n```sh\nmake deploy TARGET=staging now please\n```\n\nThe fix was in the config file all along.\n\nThe fix was in the config file all along.\n";
    let cases: [(&str, Option<&str>); 5] = [
        ("and it works at last", None),
        ("make deploy TARGET=staging now please", None),
        (
            "works at last. Then the deploy",
            Some("\"works at last. Then the deploy\" runs from one block of the article into the next: take it from the end of one paragraph, list or code block"),
        ),
        (
            "the fix was in the config",
            Some("\"the fix was in the config\" occurs 2 times in the article (the heading goes after the first): take words that occur once"),
        ),
        (
            "First we set up the build and it works at last",
            Some("\"First we set up the build and it works at last\" has 11 words, want 5-10"),
        ),
    ];
    for (snippet, wanted) in cases {
        let instructions = with_subheadings(&[("## Next", snippet)]);
        let problems = subheading_problems(&instructions, article);
        let path = "editing_instructions.insert_subheadings[0].after_text_snippet";
        match wanted {
            None => assert!(problems.is_empty(), "{snippet}: {problems:?}"),
            Some(message) => assert_eq!(problems, [format!("{path} {message}")], "{snippet}"),
        }
        // The renderer leaves out exactly what the validator says has no place.
        let unplaced = instructions
            .validate(article, &Rules::default())
            .iter()
            .any(|p| p.unplaced);
        let (_, placed, left) = place(
            article,
            &instructions.editing_instructions.insert_subheadings,
        );
        assert_eq!(left.is_empty(), !unplaced, "{snippet}");
        assert_eq!(placed.len(), usize::from(!unplaced), "{snippet}");
    }
    // After a code block that ends a topic, as the prompt allows.
    let after_code = with_subheadings(&[("## Fixing It", "make deploy TARGET=staging now please")]);
    let (out, _, _) = place(article, &after_code.editing_instructions.insert_subheadings);
    assert!(
        out.contains("now please\n```\n\n## Fixing It\n\nThe fix"),
        "{out}"
    );
}

proptest::proptest! {
    /// Whatever the article and the snippets, the validator flags as
    /// having no place exactly the subheadings the renderer leaves out.
    #[test]
    fn the_validator_and_the_renderer_agree_on_every_snippet(
        blocks in proptest::collection::vec(
            (0usize..4, proptest::collection::vec(proptest::sample::select(vec!["alpha", "beta", "gamma", "delta", "echo", "fox"]), 1..12)),
            1..8,
        ),
        picks in proptest::collection::vec((0usize..8, 0usize..12, 1usize..8), 0..6),
    ) {
        let mut article = String::new();
        let mut words: Vec<&str> = Vec::new();
        for (kind, text) in &blocks {
            let line = text.join(" ");
            article.push_str(&match kind {
                0 => format!("{line}\n\n"),
                1 => format!("- {line}\n\n"),
                2 => format!("```\n{line}\n```\n\n"),
                _ => format!("## {line}\n\n"),
            });
            words.extend(text.iter().copied());
        }
        let snippets: Vec<String> = picks
            .iter()
            .map(|&(_, start, len)| {
                let start = start % words.len();
                words[start..(start + len).min(words.len())].join(" ")
            })
            .collect();
        let items: Vec<(String, &str)> = snippets
            .iter()
            .enumerate()
            .map(|(i, s)| (format!("## Heading {i}"), s.as_str()))
            .collect();
        let items: Vec<(&str, &str)> = items.iter().map(|(h, s)| (h.as_str(), *s)).collect();
        let instructions = with_subheadings(&items);
        let problems = instructions.validate(&article, &Rules::default());
        let (_, _, left) = articleizer::render::subheadings::place(
            &article,
            &instructions.editing_instructions.insert_subheadings,
        );
        for (i, item) in instructions.editing_instructions.insert_subheadings.iter().enumerate() {
            let path = format!("editing_instructions.insert_subheadings[{i}].after_text_snippet");
            let flagged = problems.iter().any(|p| p.unplaced && p.path == path);
            let dropped = left.iter().any(|l| l.item.subheading == item.subheading);
            proptest::prop_assert_eq!(flagged, dropped, "{:?} in {:?}", item.after_text_snippet, article);
        }
    }
}
