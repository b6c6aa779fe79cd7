//! The offline editor: deterministic, no key, no network; a title of the
//! article's own words, subheadings where the topic shifts, titled by what
//! the section is about, and a tweet that links to the post.

use articleizer::editor::offline::{edit, OfflineOptions};
use articleizer::instructions::{Rules, Words};
use articleizer::render::{render, Slot, Target, DEFAULT_TEMPLATE};
use e2e::articleizer;

const TRANSCRIPT: &str = include_str!("../../../examples/transcript.md");
const CONVERSATION: &str = include_str!("../../../examples/offline/conversation.md");

fn target() -> Target {
    Target {
        name: "t".into(),
        dir: "posts".into(),
        base_url: "https://blog.example.org".into(),
        permalink_style: "/notes/:slug/".into(),
        layout: "post".into(),
        jekyll4: false,
        live_tags: articleizer::render::default_live_tags(),
    }
}

/// The block of `article` right after the one holding `snippet`: its first
/// line.
fn line_after(article: &str, snippet: &str) -> String {
    let blocks: Vec<&str> = article.split("\n\n").collect();
    let at = blocks
        .iter()
        .position(|b| Words::of(b).contain(snippet))
        .expect("the snippet is in a block");
    blocks
        .get(at + 1)
        .and_then(|b| b.lines().next())
        .unwrap_or("")
        .to_string()
}

#[test]
fn the_offline_editor_is_deterministic_and_its_snippets_are_in_the_article() {
    let sanitizer = sanitizer::Sanitizer::new(&sanitizer::Options::default()).expect("defaults");
    for article in [sanitizer.sanitize(TRANSCRIPT).text, TRANSCRIPT.to_string()] {
        let instructions = edit(&article, &OfflineOptions::default());
        assert_eq!(
            instructions,
            edit(&article, &OfflineOptions::default()),
            "deterministic"
        );
        let problems = instructions.validate(&article, &Rules::default());
        assert!(problems.iter().all(|p| p.is_soft()), "{problems:?}");
        assert!(
            !problems
                .iter()
                .any(|p| p.path.ends_with("after_text_snippet")),
            "{problems:?}"
        );
        assert_eq!(
            instructions.editing_instructions.yaml_updates.title,
            "Teaching a Static Site to Explain Itself",
            "the article's own first line"
        );
    }
}

#[test]
fn a_short_note_gets_no_subheadings_and_no_error() {
    let instructions = edit("Title\n\nOne paragraph only.\n", &OfflineOptions::default());
    assert!(instructions
        .editing_instructions
        .insert_subheadings
        .is_empty());
    assert_eq!(
        instructions.editing_instructions.yaml_updates.title,
        "Title"
    );
}

#[test]
fn a_first_line_of_marks_is_no_title() {
    for article in [
        "&\n\n&\n\n&\n",
        "&&\n\nThe backup runs nightly with restic.\n",
    ] {
        let title = edit(article, &OfflineOptions::default())
            .editing_instructions
            .yaml_updates
            .title;
        assert!(title.chars().any(char::is_alphabetic), "{title:?}");
    }
}

/// An article with no word that can be a term (marks only; a script
/// written without spaces, one 32,000-character "word") still reads as
/// whole sentences: no "on ." of nothing, no title of one colon, and no
/// field made of the article's one long word.
#[test]
fn an_article_without_terms_reads_as_whole_sentences() {
    for article in ["&\n\n&\n\n&\n".to_string(), "漢字仮名交じり文".repeat(4000)] {
        let instructions = edit(&article, &OfflineOptions::default());
        let json = serde_json::to_value(&instructions).expect("json");
        let mut texts = Vec::new();
        collect_strings(&json, &mut texts);
        for text in texts {
            assert!(text.chars().count() <= 300, "a bounded field: {text:.80}");
            for dangling in [" .", " :", "  ", "on .", "to ."] {
                assert!(!text.contains(dangling), "{dangling:?} in {text:?}");
            }
            assert!(!text.starts_with(':'), "{text:?}");
            assert!(!text.contains("1 words"), "{text:?}");
        }
    }
}

fn collect_strings<'a>(value: &'a serde_json::Value, out: &mut Vec<&'a str>) {
    match value {
        serde_json::Value::String(text) => out.push(text),
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_strings(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| collect_strings(v, out)),
        _ => {}
    }
}

#[test]
fn a_multi_turn_article_gets_topic_subheadings_and_a_linked_tweet() {
    let instructions = edit(CONVERSATION, &OfflineOptions::default());
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../examples/offline/expected-instructions.json"
        );
        std::fs::write(path, instructions.to_json() + "\n").expect("writes the golden answer");
    }
    assert_eq!(
        instructions.to_json() + "\n",
        include_str!("../../../examples/offline/expected-instructions.json"),
        "the golden answer (UPDATE_GOLDEN=1 rewrites it; review the diff)"
    );
    let edit = &instructions.editing_instructions;
    assert!(!edit.yaml_updates.title.starts_with("Notes on"));
    let subheadings = &edit.insert_subheadings;
    assert!(subheadings.len() >= 2, "{subheadings:?}");
    for item in subheadings {
        let heading = item.subheading.trim_start_matches("## ").to_lowercase();
        let next = line_after(CONVERSATION, &item.after_text_snippet).to_lowercase();
        let next = next
            .split_once("**: ")
            .map_or(next.as_str(), |(_, text)| text);
        assert!(!next.starts_with(&heading), "{heading:?} copies {next:?}");
        assert!(heading.split_whitespace().count() <= 7, "{heading:?}");
        assert!(!heading.contains(':'), "no speaker label in {heading:?}");
    }
    let keywords: Vec<&str> = edit.yaml_updates.keywords.split(", ").collect();
    let stems: std::collections::BTreeSet<String> = keywords
        .iter()
        .map(|k| k.trim_end_matches('s').to_string())
        .collect();
    assert_eq!(
        stems.len(),
        keywords.len(),
        "no keyword twice: {keywords:?}"
    );
    // The tweet links to the post, as the target builds its URL.
    let post = render(
        CONVERSATION,
        &instructions,
        &target(),
        DEFAULT_TEMPLATE,
        Slot::new(&instructions, "2026-02-01".parse().expect("a date"), 1),
    )
    .expect("renders");
    let canonical = post
        .front_matter
        .lines()
        .find_map(|l| l.strip_prefix("canonical_url: "))
        .expect("a canonical URL")
        .trim_matches('"')
        .to_string();
    assert!(canonical.starts_with("https://blog.example.org/notes/"));
    let text = post.text();
    let tweet_block = text
        .split("### 🐦 X.com Promo Tweet")
        .nth(1)
        .expect("a tweet");
    assert!(tweet_block.contains(&canonical), "{tweet_block}");
    assert!(!tweet_block.contains("[ARTICLE_URL]"));
}

#[test]
#[ignore = "needs ../shared/corpus (run by .ci/run)"]
fn the_offline_editor_handles_the_corpus_transcript() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/corpus/transcripts/landlords-relay.txt");
    let article = std::fs::read_to_string(path).expect("corpus transcript");
    let article = articleizer::generated::strip(&article).unwrap_or(article);
    let instructions = edit(&article, &OfflineOptions::default());
    let problems = instructions.validate(&article, &Rules::default());
    assert!(problems.iter().all(|p| p.is_soft()), "{problems:?}");
    let subheadings = &instructions.editing_instructions.insert_subheadings;
    assert!(subheadings.len() >= 4, "a long article: {subheadings:?}");
    for item in subheadings {
        assert!(Words::of(&article).contain(&item.after_text_snippet));
    }
    // About 1 MB (the transcript twelve times): counting is linear and the
    // sentence ranking takes a bounded number of sentences, so the time
    // grows with the size, not its square (printed, not asserted).
    let big = article.repeat(12);
    for text in [&article, &big] {
        let started = std::time::Instant::now();
        let instructions = edit(text, &OfflineOptions::default());
        eprintln!(
            "offline editor: {} KB in {:.0} ms",
            text.len() / 1024,
            started.elapsed().as_secs_f64() * 1000.0
        );
        assert!(!instructions
            .editing_instructions
            .yaml_updates
            .keywords
            .is_empty());
    }
}

#[test]
fn offline_posts_are_drafts_unless_published() {
    let draft = articleizer()
        .args(["--dry-run", "--date", "2024-06-01"])
        .stdin(CONVERSATION.as_bytes())
        .assert_success();
    assert!(e2e::stdout(&draft).contains("\npublished: false # an offline draft"));
    let published = articleizer()
        .args(["--dry-run", "--publish", "--date", "2024-06-01"])
        .stdin(CONVERSATION.as_bytes())
        .output();
    assert!(!e2e::stdout(&published).contains("published:"));
    // The draft state is in the front matter, not in the words that go
    // live: the description says nothing of the offline editor.
    for out in [&draft, &published] {
        let text = e2e::stdout(out);
        let description = text
            .lines()
            .find(|l| l.starts_with("description: "))
            .expect("a description");
        assert!(
            !description.to_lowercase().contains("offline"),
            "{description}"
        );
    }
}

#[test]
fn copied_reasoning_is_never_quoted_and_the_description_is_whole_sentences() {
    let article = format!(
        "**Me**: How should I rotate the backup keys on the home server each month?\n\n**Gemini**: <think>\nZebrafish pondering about zebrafish matters.\n\nZebrafish again, at length, zebrafish.\n</think>\n\n{}\n\n**Claude**: Show thinking\n\n**Weighing quokka options**\n\nQuokka reasoning about quokka keys.\n\n{}\n\nAnd the last words stop mid-senten",
        "Rotate the keys with a monthly timer, and keep the old key until the next backup has run through.",
        "Keep the backup keys in the password manager, and test a restore after every rotation of them.",
    );
    let instructions = edit(&article, &OfflineOptions::default());
    let json = instructions.to_json().to_lowercase();
    assert!(!json.contains("zebrafish"), "{json}");
    assert!(!json.contains("quokka"), "{json}");
    let description = &instructions.editing_instructions.yaml_updates.description;
    assert!(description.ends_with('.'), "{description}");
    assert!(!description.contains("senten"), "{description}");
}

#[test]
fn a_published_post_fed_back_in_is_not_nested() {
    let first = articleizer()
        .args(["--dry-run", "--date", "2024-06-01"])
        .stdin(CONVERSATION.as_bytes())
        .output();
    let post = e2e::stdout(&first);
    let again = articleizer()
        .args(["--dry-run", "--date", "2024-06-01"])
        .stdin(post.as_bytes())
        .assert_success();
    assert!(e2e::stderr(&again).contains("was published already"));
    let second = e2e::stdout(&again);
    for part in [
        "## Setting the Stage",
        "## Technical Journal Entry Begins",
        "## Book Analysis",
        "\ntitle: ",
    ] {
        assert_eq!(second.matches(part).count(), 1, "{part} once");
    }
    let headings: Vec<&str> = second.lines().filter(|l| l.starts_with("## ")).collect();
    for pair in headings.windows(2) {
        assert_ne!(pair[0], pair[1], "a heading twice: {headings:?}");
    }
    assert!(
        !second.contains("\n\n## Service and Timer\n\n## "),
        "no stacked headings"
    );
}
