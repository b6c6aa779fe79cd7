//! Answers a careful editor would still publish: each soft problem gives a
//! post (exit 0), one warning line, and at most one extra request; what
//! only looked like a problem (a tweet long in characters but not as X
//! counts, a snippet typed with straight quotes) gives none.

use e2e::{articleizer, stderr, stdout};
use serde_json::{json, Value};
use std::path::Path;

const ARTICLE: &str = include_str!("../../../examples/transcript.md");
const KEY: &str = "e2e-soft-problems-key-2291";

/// One soft case: how the valid answer is changed, and the warning wanted
/// (`None`: no warning at all).
struct Case {
    name: &'static str,
    change: fn(&mut Value),
    warning: Option<&'static str>,
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            // The prompt asks a 193-word entry for 0 to 7: an answer with
            // fewer than the house's usual four obeys it.
            name: "one subheading for a short entry",
            change: |v| {
                v["editing_instructions"]["insert_subheadings"]
                    .as_array_mut()
                    .expect("array")
                    .truncate(1);
            },
            warning: None,
        },
        Case {
            // The prompt allows the end of a code block that closes a topic.
            name: "a snippet from the end of a code block",
            change: |v| {
                v["editing_instructions"]["insert_subheadings"][2]["after_text_snippet"] =
                    json!("plugins: - jekyll-explain explain: sidebar: true");
            },
            warning: None,
        },
        Case {
            name: "a snippet across two paragraphs",
            change: |v| {
                v["editing_instructions"]["insert_subheadings"][1]["after_text_snippet"] =
                    json!("Read Raw Markdown Me: I keep pasting chats");
            },
            warning: Some(
                "its snippet \"Read Raw Markdown Me: I keep pasting chats\" runs from one block of the article into the next",
            ),
        },
        Case {
            name: "two snippets ending one paragraph",
            change: |v| {
                v["editing_instructions"]["insert_subheadings"][1]["after_text_snippet"] =
                    json!("Can one of you write me a README template");
            },
            warning: Some(
                "its snippet \"Can one of you write me a README template\" ends the same block as an earlier subheading's snippet: one heading per block",
            ),
        },
        Case {
            name: "an eleven-word snippet",
            change: |v| {
                v["editing_instructions"]["insert_subheadings"][2]["after_text_snippet"] =
                    json!("Keep secrets in your shell profile, never in scripts you paste");
            },
            warning: Some(
                "insert_subheadings[2].after_text_snippet \"Keep secrets in your shell profile, never in scripts you paste\" has 11 words, want 5-10",
            ),
        },
        Case {
            name: "a year in the title",
            change: |v| {
                v["editing_instructions"]["yaml_updates"]["title"] =
                    json!("Teaching a Static Site to Explain Itself in 2025");
            },
            warning: Some("editing_instructions.yaml_updates.title has a date; titles have none"),
        },
        Case {
            name: "an avoided word in the tweet",
            change: |v| {
                v["book_analysis_content"]["promotional_tweet"] =
                    json!("A manifesto for pasted chats: [ARTICLE_URL] #Jekyll #AI");
            },
            warning: Some(
                "book_analysis_content.promotional_tweet uses \"manifesto\", a word the house avoids",
            ),
        },
        Case {
            name: "a 170-character description",
            change: |v| {
                v["editing_instructions"]["yaml_updates"]["description"] = json!("d".repeat(170));
            },
            warning: Some(
                "editing_instructions.yaml_updates.description is 170 characters, want 100-160",
            ),
        },
        Case {
            name: "a 130-character title",
            change: |v| {
                v["editing_instructions"]["yaml_updates"]["title"] = json!("T".repeat(130));
            },
            warning: Some(
                "editing_instructions.yaml_updates.title is 130 characters, want at most 120",
            ),
        },
        Case {
            name: "one hashtag",
            change: |v| {
                v["book_analysis_content"]["promotional_tweet"] =
                    json!("A post about fences: [ARTICLE_URL] #Jekyll");
            },
            warning: Some("book_analysis_content.promotional_tweet has 1 hashtags, want 2-3"),
        },
        Case {
            name: "a snippet that is not in the article",
            change: |v| {
                v["editing_instructions"]["insert_subheadings"][0]["after_text_snippet"] =
                    json!("words the article never had");
            },
            warning: Some(
                "subheading \"## A README Template From the First Assistant\" not placed: its snippet \"words the article never had\" is not in the article",
            ),
        },
        Case {
            name: "no promotional tweet at all",
            change: |v| {
                v["book_analysis_content"]
                    .as_object_mut()
                    .expect("object")
                    .remove("promotional_tweet");
            },
            warning: Some("book_analysis_content.promotional_tweet is empty"),
        },
        Case {
            name: "a tweet of 305 characters that X counts as under 280",
            change: |v| {
                let url = format!("https://example.com/{}", "long-path-segment/".repeat(13));
                let tweet = format!("{} {url} #Jekyll #AI", "w".repeat(50));
                assert!(tweet.chars().count() > 280);
                v["book_analysis_content"]["promotional_tweet"] = json!(tweet);
            },
            warning: None,
        },
        Case {
            name: "a snippet typed with a straight apostrophe",
            change: |v| {
                v["editing_instructions"]["insert_subheadings"][2]["after_text_snippet"] =
                    json!("Version 1.2.3 works; I’ll try");
            },
            warning: None,
        },
    ]
}

fn site(dir: &Path) -> String {
    std::fs::create_dir_all(dir.join("_posts")).expect("mkdir");
    let config = dir.join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[articleizer]\nsite_url = \"https://example.com\"\nattempts = 1\n[targets.site]\npath = \"{}\"\n",
            dir.join("_posts").display()
        ),
    )
    .expect("config");
    config.display().to_string()
}

/// Runs the pipe's articleizer against a mock Gemini that answers `answer`
/// every time; returns the output and how many requests it made.
fn publish(answer: &str, extra: &[&str]) -> (std::process::Output, usize, tempfile::TempDir) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let server = e2e::mock_server(&runtime, e2e::gemini_answer(answer));
    let dir = tempfile::tempdir().expect("temp dir");
    let config = site(dir.path());
    let uri = server.uri();
    let mut args = vec![
        "--config",
        &config,
        "--target",
        "site",
        "--no-cache",
        "--provider",
        "gemini",
        "--base-url",
        &uri,
        "--date",
        "2024-06-01",
    ];
    args.extend_from_slice(extra);
    let out = articleizer()
        .args(&args)
        .stdin(ARTICLE.as_bytes())
        .envs(&[("GEMINI_API_KEY", KEY)])
        .output();
    let requests = runtime
        .block_on(server.received_requests())
        .map_or(0, |r| r.len());
    (out, requests, dir)
}

#[test]
fn soft_problems_publish_with_one_warning_each() {
    for case in cases() {
        let mut answer: Value = serde_json::from_str(e2e::VALID_ANSWER).expect("json");
        (case.change)(&mut answer);
        let (out, requests, dir) = publish(&answer.to_string(), &[]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(0), "{}: {err}", case.name);
        let written = stdout(&out);
        assert!(
            Path::new(written.trim()).starts_with(dir.path().join("_posts")),
            "{}: the post's path, not {written:?}",
            case.name
        );
        let warnings: Vec<&str> = err.lines().filter(|l| l.contains("warning")).collect();
        match case.warning {
            Some(wanted) => {
                assert_eq!(warnings.len(), 1, "{}: {err}", case.name);
                assert!(warnings[0].contains(wanted), "{}: {err}", case.name);
                assert_eq!(requests, 2, "{}: asked once more, no more", case.name);
            }
            None => {
                assert!(warnings.is_empty(), "{}: {err}", case.name);
                assert_eq!(requests, 1, "{}: nothing to fix", case.name);
            }
        }
    }
}

#[test]
fn no_fix_publishes_soft_problems_without_asking_again() {
    let mut answer: Value = serde_json::from_str(e2e::VALID_ANSWER).expect("json");
    let description = cases()
        .into_iter()
        .find(|c| c.name == "a 170-character description")
        .expect("the case");
    (description.change)(&mut answer);
    let (out, requests, _dir) = publish(&answer.to_string(), &["--no-fix"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(requests, 1);
    assert!(stderr(&out).contains("is 170 characters, want 100-160"));
}

#[test]
fn a_missing_section_is_left_out_of_the_post() {
    let mut answer: Value = serde_json::from_str(e2e::VALID_ANSWER).expect("json");
    let book = answer["book_analysis_content"]
        .as_object_mut()
        .expect("object");
    book.remove("promotional_tweet");
    book.remove("next_step_prompts");
    answer["editing_instructions"]["prepend_to_article_body"] = json!("");
    let (out, _, _dir) = publish(&answer.to_string(), &["--dry-run"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let post = stdout(&out);
    assert!(
        !post.contains("Setting the Stage"),
        "no empty intro section"
    );
    assert!(!post.contains("X.com Promo Tweet") && !post.contains("Next Step Prompts"));
    assert!(post.contains("## Book Analysis") && post.contains("### Title Brainstorm"));
}

#[test]
fn the_tweet_links_to_the_post() {
    let (out, _, _dir) = publish(e2e::VALID_ANSWER, &["--dry-run"]);
    let post = stdout(&out);
    let canonical = post
        .lines()
        .find_map(|l| l.strip_prefix("canonical_url: "))
        .expect("canonical URL")
        .trim_matches('"');
    let tweet = post
        .split("### 🐦 X.com Promo Tweet")
        .nth(1)
        .expect("tweet");
    assert!(
        tweet.contains(&format!("review: {canonical} #Jekyll")),
        "{tweet}"
    );
}

#[test]
fn without_a_site_url_the_tweet_goes_out_without_a_link_as_the_prompt_says() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let server = e2e::mock_server(&runtime, e2e::gemini_answer(e2e::VALID_ANSWER));
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[articleizer]\nattempts = 1\n[targets.site]\npath = \"{}\"\n",
            dir.path().join("_posts").display()
        ),
    )
    .expect("config");
    let uri = server.uri();
    let config = config.display().to_string();
    let args = [
        "--config",
        &config,
        "--target",
        "site",
        "--no-cache",
        "--provider",
        "gemini",
        "--base-url",
        &uri,
        "--date",
        "2024-06-01",
        "--dry-run",
    ];
    let out = articleizer()
        .args(args)
        .stdin(ARTICLE.as_bytes())
        .envs(&[("GEMINI_API_KEY", KEY)])
        .assert_code(0);
    let received = runtime
        .block_on(server.received_requests())
        .expect("recorded");
    assert_eq!(
        received.len(),
        1,
        "an answer with the mark obeys the prompt"
    );
    let body = String::from_utf8_lossy(&received[0].body);
    assert!(body.contains("the mark is removed"), "the prompt says so");
    let post = stdout(&out);
    let tweet = post
        .split("### 🐦 X.com Promo Tweet")
        .nth(1)
        .expect("tweet");
    assert!(
        !tweet.contains("[ARTICLE_URL]") && !tweet.contains("http"),
        "{tweet}"
    );
    assert!(tweet.contains("caught in review: #Jekyll #AI"), "{tweet}");
}
