//! `preview --html`: one self-contained page, from saved instructions, the
//! offline editor, or a post already written; an answer shown, never run.

use super::post::site;
use e2e::{articleizer, stderr, stdout};
use html5gum::{emitters::default::DefaultEmitter, Token, Tokenizer};
use std::fs;
use std::path::Path;

const EXAMPLE: &str = include_str!("../../../examples/transcript.md");

fn golden(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/golden")
        .join(name)
        .display()
        .to_string()
}

/// The elements and attributes of `html`, as a browser tokenizes it.
fn elements(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut emitter = DefaultEmitter::default();
    emitter.naively_switch_states(true);
    Tokenizer::new_with_emitter(html, emitter)
        .flatten()
        .filter_map(|token| match token {
            Token::StartTag(tag) => Some((
                String::from_utf8_lossy(&tag.name).to_lowercase(),
                tag.attributes
                    .iter()
                    .map(|(k, v)| {
                        (
                            String::from_utf8_lossy(k).to_lowercase(),
                            String::from_utf8_lossy(v).to_string(),
                        )
                    })
                    .collect(),
            )),
            _ => None,
        })
        .collect()
}

/// What the preview page may hold: its own layout and what Markdown makes
/// from text; no script, no handler, no load from anywhere.
fn assert_inert(html: &str) {
    for (name, attributes) in elements(html) {
        assert!(
            matches!(
                name.as_str(),
                "html"
                    | "head"
                    | "meta"
                    | "title"
                    | "style"
                    | "body"
                    | "h1"
                    | "h2"
                    | "h3"
                    | "h4"
                    | "h5"
                    | "h6"
                    | "header"
                    | "section"
                    | "main"
                    | "article"
                    | "div"
                    | "span"
                    | "dl"
                    | "dt"
                    | "dd"
                    | "ul"
                    | "ol"
                    | "li"
                    | "p"
                    | "em"
                    | "strong"
                    | "code"
                    | "pre"
                    | "a"
                    | "hr"
                    | "br"
                    | "blockquote"
                    | "table"
                    | "thead"
                    | "tbody"
                    | "tr"
                    | "td"
                    | "th"
                    | "del"
                    | "input"
                    | "sup"
            ),
            "element <{name}> in the page"
        );
        for (key, value) in attributes {
            assert!(!key.starts_with("on"), "{key} on <{name}>");
            assert!(
                !matches!(key.as_str(), "src" | "srcset" | "action" | "formaction"),
                "{key}={value:?} on <{name}>"
            );
            let v = value.to_lowercase();
            assert!(
                !(key == "href"
                    && (v.starts_with("javascript:")
                        || v.starts_with("data:")
                        || v.starts_with("vbscript:"))),
                "{key}={value:?}"
            );
        }
    }
    assert!(html.contains("default-src 'none'"), "the page's policy");
}

#[test]
fn the_page_from_saved_instructions_shows_every_part() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = site(dir.path());
    let out = dir.path().join("preview.html");
    let ran = articleizer()
        .args([
            "preview",
            "--html",
            out.to_str().expect("utf-8"),
            "--config",
            &config,
            "--target",
            "site",
            "--date",
            "2026-01-15",
            "--instructions",
            &golden("instructions.json"),
            &golden("article.md"),
        ])
        .assert_success();
    assert_eq!(stdout(&ran).trim(), out.display().to_string());
    let page = fs::read_to_string(&out).expect("the page");
    assert_inert(&page);
    for part in [
        // The card.
        "<dt>title</dt><dd>Liquid: “Braces”, --- and #hashtags @ yes</dd>",
        "<dt>URL</dt><dd>https://example.com/futureproof/showing-liquid-in-jekyll/</dd>",
        "<dt>state</dt><dd>published</dd>",
        "<dt>date</dt><dd>2026-01-15</dd>",
        // The search result and the X card.
        "example.com › futureproof › showing-liquid-in-jekyll",
        "title 370 of 580 px",
        "/ 280",
        // The marks: intro, each placed subheading with its snippet, the analysis.
        "gen-intro",
        "gen-subheading",
        "gen-analysis",
        "<h2>Where the Braces Go</h2>",
        // What did not land.
        "not placed: <code>## Lost</code>",
    ] {
        assert!(page.contains(part), "{part}");
    }
    assert_eq!(page.matches("class=\"gen gen-subheading\"").count(), 4);
    // The writer's braces show as typed.
    assert!(page.contains("{{ page.title }}"));
}

#[test]
fn a_hostile_answer_shows_nothing_live_in_the_page() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = site(dir.path());
    let mut value: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(golden("instructions.json")).expect("read"))
            .expect("json");
    let hostile = "x <span title=\"`\">`<img src=x onerror=alert(1)>` <script>alert(1)</script> [c](javascript:alert(1)) ![i](https://t.example/p.png) \" onmouseover=\"alert(1)";
    for pointer in [
        "/editing_instructions/yaml_updates/title",
        "/editing_instructions/yaml_updates/description",
        "/editing_instructions/yaml_updates/keywords",
        "/editing_instructions/prepend_to_article_body",
        "/editing_instructions/insert_subheadings/0/subheading",
        "/book_analysis_content/ai_editorial_take",
        "/book_analysis_content/promotional_tweet",
    ] {
        *value.pointer_mut(pointer).expect("field") = serde_json::json!(hostile);
    }
    value["editing_instructions"]["insert_subheadings"][1]["after_text_snippet"] =
        serde_json::json!("</em><script>alert(1)</script>");
    let instructions = dir.path().join("hostile.json");
    fs::write(&instructions, value.to_string()).expect("write");
    let out = dir.path().join("preview.html");
    articleizer()
        .args([
            "preview",
            "--html",
            out.to_str().expect("utf-8"),
            "--config",
            &config,
            "--target",
            "site",
            "--instructions",
            instructions.to_str().expect("utf-8"),
            &golden("article.md"),
        ])
        .assert_success();
    let page = fs::read_to_string(&out).expect("the page");
    assert_inert(&page);
    assert!(!page.contains("<script"), "a script tag");
    assert!(!page.contains("<img"), "an image");
}

#[test]
fn the_offline_editor_s_draft_is_previewed_and_a_written_post_as_it_is() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = site(dir.path());
    let out = dir.path().join("draft.html");
    let article = dir.path().join("article.md");
    fs::write(&article, EXAMPLE).expect("write");
    articleizer()
        .args([
            "preview",
            "--html",
            out.to_str().expect("utf-8"),
            "--config",
            &config,
            "--target",
            "site",
            article.to_str().expect("utf-8"),
        ])
        .assert_success();
    let draft = fs::read_to_string(&out).expect("the page");
    assert_inert(&draft);
    assert!(
        draft.contains("draft (published: false)"),
        "the offline editor's posts are drafts"
    );
    // Written, then previewed from the file: no editor asked.
    let wrote = articleizer()
        .args([
            "--config",
            &config,
            "--target",
            "site",
            "--date",
            "2026-01-15",
            "--instructions",
            &golden("instructions.json"),
            &golden("article.md"),
        ])
        .assert_success();
    let post = stdout(&wrote).trim().to_string();
    let again = articleizer()
        .args([
            "preview",
            "--html",
            out.to_str().expect("utf-8"),
            "--config",
            &config,
            "--target",
            "site",
            "--provider",
            "gemini",
            &post,
        ])
        .assert_success();
    assert!(
        stderr(&again).contains("shown as it is"),
        "{}",
        stderr(&again)
    );
    let page = fs::read_to_string(&out).expect("the page replaced");
    assert_inert(&page);
    for part in [
        "gen-intro",
        "gen-analysis",
        "<dt>date</dt><dd>2026-01-15</dd>",
        "/ 280",
    ] {
        assert!(page.contains(part), "{part}");
    }
}

#[test]
fn a_file_that_is_not_a_preview_is_never_replaced() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = site(dir.path());
    let out = dir.path().join("notes.html");
    // Notes, and notes that quote a preview's generator line far down:
    // only the head of a file is read, where a preview has that line.
    let quoting = format!(
        "<p>my notes</p>{}<meta name=\"generator\" content=\"articleizer preview\">\n",
        "<p>more notes</p>\n".repeat(200)
    );
    for notes in ["<p>my notes</p>".to_string(), quoting] {
        fs::write(&out, &notes).expect("write");
        let ran = articleizer()
            .args([
                "preview",
                "--html",
                out.to_str().expect("utf-8"),
                "--config",
                &config,
                "--instructions",
                &golden("instructions.json"),
                &golden("article.md"),
            ])
            .assert_code(2);
        assert!(
            stderr(&ran).contains("is not a preview page"),
            "{}",
            stderr(&ran)
        );
        assert_eq!(fs::read_to_string(&out).expect("read"), notes);
    }
}

/// A paid answer is cached: the preview of the same article after the
/// server has gone comes from the cache, with no request.
#[test]
fn the_page_comes_from_the_cache_when_the_server_is_gone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = site(dir.path());
    let cache = dir.path().join("cache");
    let article = dir.path().join("article.md");
    fs::write(&article, EXAMPLE).expect("write");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let body = serde_json::json!({ "candidates": [{ "content": { "parts": [{ "text": e2e::VALID_ANSWER }] }, "finishReason": "STOP" }] });
    let server = e2e::mock_server(
        &runtime,
        wiremock::ResponseTemplate::new(200).set_body_json(body),
    );
    let uri = server.uri();
    let env = [
        ("GEMINI_API_KEY", "preview-test-key-3391"),
        ("XDG_CACHE_HOME", cache.to_str().expect("utf-8")),
    ];
    let out = dir.path().join("cached.html");
    let args = [
        "preview",
        "--html",
        out.to_str().expect("utf-8"),
        "--config",
        &config,
        "--target",
        "site",
        "--provider",
        "gemini",
        "--base-url",
        &uri,
        article.to_str().expect("utf-8"),
    ];
    articleizer().args(args).envs(&env).assert_success();
    drop(server);
    drop(runtime);
    fs::remove_file(&out).expect("remove");
    articleizer().args(args).envs(&env).assert_success();
    let page = fs::read_to_string(&out).expect("the page");
    assert_inert(&page);
    assert!(page.contains("gen-intro"), "the editor's intro is marked");
    assert!(page.contains("<dt>state</dt><dd>published</dd>"));
}

/// `--open` hands the page to the desktop's opener (`xdg-open`; here a
/// stand-in that records what it was given).
#[test]
fn open_hands_the_page_to_the_browser() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let config = site(dir.path());
    let bin = dir.path().join("bin");
    fs::create_dir(&bin).expect("mkdir");
    let opened = dir.path().join("opened.txt");
    let opener = bin.join("xdg-open");
    fs::write(
        &opener,
        format!("#!/bin/sh\nprintf '%s' \"$1\" > '{}'\n", opened.display()),
    )
    .expect("opener");
    fs::set_permissions(&opener, fs::Permissions::from_mode(0o755)).expect("chmod");
    let out = dir.path().join("page.html");
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    articleizer()
        .args([
            "preview",
            "--html",
            out.to_str().expect("utf-8"),
            "--open",
            "--config",
            &config,
            "--instructions",
            &golden("instructions.json"),
            &golden("article.md"),
        ])
        .envs(&[("PATH", path.as_str())])
        .assert_success();
    // The opener runs on its own: its record appears once it has.
    let mut seen = String::new();
    e2e::wait_for(
        "the opener's record",
        std::time::Duration::from_secs(5),
        || {
            seen = fs::read_to_string(&opened).unwrap_or_default();
            !seen.is_empty()
        },
    );
    assert_eq!(seen, out.display().to_string());
}
