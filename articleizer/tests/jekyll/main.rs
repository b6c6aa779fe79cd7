//! What the real Jekyll (Debian's `jekyll`: Jekyll 4.3, Liquid 5.4,
//! kramdown with GFM input) makes of what we write. Ignored by default
//! (they need `jekyll`); `.ci/run` installs it and runs them with
//! `cargo test -p articleizer --test jekyll -- --ignored`.
//!
//! - A table of hostile answers: Liquid of every kind, HTML and script,
//!   control and bidi characters, 100 KB fields, in every answer field. The
//!   site builds, no include runs, no tag executes, no HTML from the answer
//!   reaches `_site/`, and the front matter reads back as meant.
//! - Generated adversarial bodies (Unicode around tag names, white space
//!   control, nested raw, comments, unterminated tags), protected and built
//!   as pages: each page shows its body byte for byte.
//! - Generated old-post bodies with hand-placed raw pairs, rendered by
//!   Liquid itself before and after `rewrap`: the same output.

use articleizer::instructions::Instructions;
use articleizer::render::{liquid, render, untrusted, Slot, Target, DEFAULT_TEMPLATE};
use serde_json::{json, Value};
use std::path::Path;
use std::process::{Command, Stdio};

mod bodies;
mod browser;
mod differential;
mod hostile;
mod old_posts;

const NEEDS_JEKYLL: &str = "needs jekyll (apt-get install jekyll); .ci/run runs it";

/// A throwaway site: kramdown GFM, a layout that shows the page and dumps
/// its front matter as JSON between markers, an include that must never
/// run, and a site title that must never show.
fn site(dir: &Path) {
    for sub in ["_posts", "_layouts", "_includes"] {
        std::fs::create_dir_all(dir.join(sub)).expect("mkdir");
    }
    write(
        &dir.join("_config.yml"),
        "title: SITE-TITLE-MARKER\nmarkdown: kramdown\nkramdown:\n  input: GFM\nfuture: true\n",
    );
    write(
        &dir.join("_layouts/post.html"),
        "<!doctype html><html><body><h1 class=\"t\">{{ page.title }}</h1>\
         <article>{{ content }}</article>\
         @@FM@@{\"title\": {{ page.title | jsonify }}, \"description\": {{ page.description | jsonify }}, \
         \"meta_description\": {{ page.meta_description | jsonify }}, \"meta_keywords\": {{ page.meta_keywords | jsonify }}, \
         \"permalink\": {{ page.permalink | jsonify }}}@@/FM@@</body></html>\n",
    );
    write(
        &dir.join("_layouts/bare.html"),
        "@@BODY@@{{ content }}@@/BODY@@",
    );
    write(&dir.join("_includes/secret.html"), "INCLUDE-RAN-MARKER");
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// Runs `jekyll build`; the build must succeed without an error line.
fn build(dir: &Path) {
    let output = Command::new("jekyll")
        .args(["build", "--quiet", "-s"])
        .arg(dir)
        .arg("-d")
        .arg(dir.join("_site"))
        .output()
        .expect("jekyll runs (apt-get install jekyll)");
    let log = String::from_utf8_lossy(&output.stderr).to_string()
        + &String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "jekyll build failed:\n{log}");
    assert!(
        !log.to_lowercase().contains("error"),
        "jekyll reported errors:\n{log}"
    );
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text
        .find(start)
        .map(|i| i + start.len())
        .expect("start marker");
    let to = text[from..]
        .find(end)
        .map(|i| from + i)
        .expect("end marker");
    &text[from..to]
}

/// The page's text as a reader sees it: tags dropped, entities decoded,
/// kramdown's typography undone.
fn visible(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#123;", "{")
        .replace("&#125;", "}");
    let text = text.replace("&amp;", "&");
    text.replace(['“', '”'], "\"")
        .replace(['‘', '’'], "'")
        .replace('–', "--")
        .replace('—', "---")
        .replace('…', "...")
        .replace('«', "<<")
        .replace('»', ">>")
}

/// The writer's article: plain prose the subheading snippets point at.
const ARTICLE: &str = "**Me**: The first paragraph talks about the build.\n\n\
**Claude**: The second paragraph answers with a plan.\n\n\
**Me**: The third paragraph closes the loop.\n";

fn base_instructions() -> Value {
    json!({
        "editing_instructions": {
            "yaml_updates": {
                "title": "A plain title",
                "description": "A plain description.",
                "permalink": "/futureproof/plain/",
                "keywords": "one, two"
            },
            "prepend_to_article_body": "A plain intro.",
            "insert_subheadings": [
                { "subheading": "## The Plan", "after_text_snippet": "answers with a plan" }
            ]
        },
        "book_analysis_content": {
            "authors_imprint": "A plain imprint.",
            "title_brainstorm": [
                { "title": "Plain", "filename": "plain.md", "rationale": "Plain." }
            ],
            "content_potential_and_polish": {
                "core_strengths": ["Plain strength"],
                "suggestions_for_polish": ["Plain suggestion"]
            },
            "ai_editorial_take": "A plain take.",
            "next_step_prompts": ["A plain prompt."],
            "promotional_tweet": "A plain tweet https://example.com/futureproof/plain/"
        }
    })
}

/// Every file under `dir`.
fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
