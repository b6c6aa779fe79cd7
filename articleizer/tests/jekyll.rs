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

/// Where each hostile text can go in an answer.
const FIELDS: [&str; 15] = [
    "/editing_instructions/yaml_updates/title",
    "/editing_instructions/yaml_updates/description",
    "/editing_instructions/yaml_updates/keywords",
    "/editing_instructions/prepend_to_article_body",
    "/editing_instructions/insert_subheadings/0/subheading",
    "/book_analysis_content/authors_imprint",
    "/book_analysis_content/title_brainstorm/0/title",
    "/book_analysis_content/title_brainstorm/0/filename",
    "/book_analysis_content/title_brainstorm/0/rationale",
    "/book_analysis_content/content_potential_and_polish/core_strengths/0",
    "/book_analysis_content/content_potential_and_polish/suggestions_for_polish/0",
    "/book_analysis_content/ai_editorial_take",
    "/book_analysis_content/next_step_prompts/0",
    "/book_analysis_content/promotional_tweet",
    "/book_analysis_content/extra_field",
];

/// The hostile texts: each goes into every field. Where a text is Liquid,
/// the page must show it as written.
fn hostile_texts() -> Vec<(&'static str, String)> {
    let mut texts: Vec<(&'static str, String)> = vec![
        (
            "include of a private partial",
            "{% include secret.html %}".into(),
        ),
        (
            "include of a missing file",
            "{% include missing-file.html %}".into(),
        ),
        (
            "include with white space control",
            "{%- include secret.html -%}".into(),
        ),
        ("output of a site variable", "{{ site.title }}".into()),
        (
            "filter that would run",
            "{{ \"executed-marker\" | upcase }}".into(),
        ),
        (
            "assign and capture",
            "{% assign x = 1 %}{% capture y %}z{% endcapture %}".into(),
        ),
        ("a raw pair", "{% raw %}{{ x }}{% endraw %}".into()),
        ("a stray endraw", "text {% endraw %} more".into()),
        ("endraw with a Unicode letter", "a {% endrawé %} b".into()),
        (
            "endraw with white space control",
            "a {%- endraw -%} b".into(),
        ),
        (
            "NBSP before a tag name",
            "{%\u{a0}include secret.html %}".into(),
        ),
        (
            "a comment block",
            "{% comment %}hidden{% endcomment %}".into(),
        ),
        ("an inline comment", "{% # note %}".into()),
        ("an unterminated tag", "{% include secret.html".into()),
        ("an unterminated output", "{{ site.title".into()),
        ("script", "<script>alert(1)</script>".into()),
        (
            "meta refresh",
            "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">".into(),
        ),
        ("image with onerror", "<img src=x onerror=alert(1)>".into()),
        ("javascript link", "[click me](javascript:alert(1))".into()),
        (
            "kramdown attribute list",
            "*hi*{: onclick=\"alert(1)\"}".into(),
        ),
        (
            "kramdown nomarkdown",
            "{::nomarkdown}<b id=\"hostile\">x</b>{:/}".into(),
        ),
        (
            "a fence breakout",
            "```\n</code></pre><script>alert(1)</script>".into(),
        ),
        (
            "control characters",
            "bell\u{7} esc\u{1b} del\u{7f} c1\u{85}\u{9c} nul\u{0} end".into(),
        ),
        (
            "line and paragraph separators",
            "one\u{2028}two\u{2029}three\u{feff}four\u{fffe}\u{ffff}".into(),
        ),
        (
            "bidi overrides",
            "\u{202e}txt.exe\u{202c} and \u{2066}isolate\u{2069}".into(),
        ),
    ];
    let big = "{% include missing-file.html %} <script>x</script> {{ site.title }} ".repeat(1500);
    texts.push(("a 100 KB field", big));
    texts
}

fn set(value: &mut Value, pointer: &str, text: &str) {
    if pointer == "/book_analysis_content/extra_field" {
        value["book_analysis_content"]["hostile_extra"] = json!({ "note": text, "items": [text] });
        return;
    }
    *value.pointer_mut(pointer).expect("field exists") = json!(text);
}

#[test]
#[ignore = "needs jekyll (apt-get install jekyll); .ci/run runs it"]
fn hostile_answers_build_and_show_as_text() {
    let _ = NEEDS_JEKYLL;
    let temp = tempfile::tempdir().expect("tempdir");
    for jekyll4 in [false, true] {
        let dir = temp.path().join(if jekyll4 { "jekyll4" } else { "raw" });
        site(&dir);
        let target = Target {
            name: "check".into(),
            dir: dir.join("_posts"),
            base_url: "https://example.com".into(),
            permalink_style: "/futureproof/:slug/".into(),
            layout: "post".into(),
            jekyll4,
            live_tags: vec!["include".into()],
        };
        let mut cases = Vec::new();
        for (number, (name, text)) in hostile_texts().into_iter().enumerate() {
            let mut value = base_instructions();
            for field in FIELDS {
                set(&mut value, field, &text);
            }
            let slug = format!("hostile-{number}");
            value["editing_instructions"]["yaml_updates"]["permalink"] = json!(slug);
            value["book_analysis_content"]["title_brainstorm"][0]["filename"] =
                json!(format!("{slug}.md"));
            let instructions = Instructions::from_value(value.clone()).expect("well formed");
            let post = render(
                ARTICLE,
                &instructions,
                &target,
                DEFAULT_TEMPLATE,
                Slot::new(&instructions, "2024-06-01", 1),
            )
            .unwrap_or_else(|e| panic!("{name}: {e}"));
            write(&target.dir.join(&post.file_name), &post.text);
            cases.push((name, text, slug, instructions));
        }
        build(&dir);
        let all_html: String = walk(&dir.join("_site"))
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap_or_default())
            .collect();
        assert!(!all_html.contains("INCLUDE-RAN-MARKER"), "an include ran");
        assert!(!all_html.contains("EXECUTED-MARKER"), "a filter ran");
        assert!(
            !all_html.contains("<b id=\"hostile\""),
            "kramdown passed raw HTML"
        );
        for (name, text, slug, instructions) in &cases {
            let page = dir.join("_site/futureproof").join(slug).join("index.html");
            let html = std::fs::read_to_string(&page).unwrap_or_else(|_| {
                panic!("{name}: no page at its permalink (front matter lost?)")
            });
            let article = between(&html, "<article>", "</article>");
            for tag in tags(article) {
                assert!(
                    allowed_tag(&tag),
                    "{name}: the tag {tag:?} reached the page"
                );
            }
            assert!(
                !article.contains("SITE-TITLE-MARKER"),
                "{name}: a variable ran"
            );
            // Front matter read back exactly as meant.
            let fm: Value = serde_json::from_str(between(&html, "@@FM@@", "@@/FM@@"))
                .unwrap_or_else(|e| panic!("{name}: front matter JSON: {e}"));
            let yaml = &instructions.editing_instructions.yaml_updates;
            let imprint = &instructions.book_analysis_content.authors_imprint;
            for (key, meant) in [
                ("title", &yaml.title),
                ("meta_description", &yaml.description),
                ("meta_keywords", &yaml.keywords),
                ("description", imprint),
            ] {
                assert_eq!(
                    fm[key].as_str(),
                    Some(untrusted::plain(meant.trim()).as_str()),
                    "{name}: {key}"
                );
            }
            // Liquid in the answer shows as written (where it is printable).
            if text.len() < 200 && text.contains(['{', '%']) && !text.contains('\n') {
                let shown = visible(article);
                let wanted = text.trim();
                assert!(
                    shown.contains(wanted),
                    "{name}: the page does not show {wanted:?}"
                );
            }
        }
        eprintln!(
            "{} hostile answers x {} fields built by Jekyll ({})",
            cases.len(),
            FIELDS.len(),
            if jekyll4 {
                "render_with_liquid: false"
            } else {
                "raw protection"
            }
        );
    }
}

/// Every HTML tag in `html`, as written.
fn tags(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        let after = &rest[at + 1..];
        let end = after.find('>').unwrap_or(after.len());
        out.push(after[..end].to_string());
        rest = &after[end..];
    }
    out
}

/// The tags Markdown makes of our own sections (kramdown and rouge), with
/// no event handler and no script link: nothing else may come from an
/// answer.
fn allowed_tag(tag: &str) -> bool {
    let lower = tag.to_lowercase();
    let name: String = lower
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    const NAMES: &[&str] = &[
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "em",
        "strong",
        "code",
        "pre",
        "ul",
        "ol",
        "li",
        "a",
        "hr",
        "br",
        "div",
        "span",
        "blockquote",
        "del",
        "sup",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    ];
    let attributes = &lower[lower.find(' ').unwrap_or(lower.len())..];
    NAMES.contains(&name.as_str())
        && !attributes.contains(" on")
        && !attributes.contains("javascript:")
        && !attributes.contains("src=")
}

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

/// Pieces adversarial bodies are made of.
const FRAGMENTS: &[&str] = &[
    "{",
    "}",
    "{{",
    "}}",
    "{%",
    "%}",
    "-",
    " ",
    "\n",
    "\t",
    "\u{a0}",
    "\u{3000}",
    "é",
    "x",
    "_",
    "raw",
    "endraw",
    "endrawé",
    "éendraw",
    "{% raw %}",
    "{% endraw %}",
    "{%- endraw -%}",
    "{%endraw%}",
    "{% endraw{% endraw %}",
    "{{ a {% endraw %}",
    "{% endrawé %}",
    "{%\u{a0}endraw %}",
    "{% comment %}",
    "{% endcomment %}",
    "{% # c %}",
    "{{ x }}",
    "{% include secret.html %}",
    "{%- raw -%}",
    "{% raw -%}",
    "{{-",
    "-}}",
    "`",
    "```\n",
    "<b>",
    "&amp;",
    "\u{202e}",
    "\u{0}",
];

/// `count` bodies from a fixed seed (reproducible).
fn generated_bodies(count: usize, seed: u64) -> Vec<String> {
    let mut rng = fastrand::Rng::with_seed(seed);
    (0..count)
        .map(|_| {
            let length = rng.usize(1..30);
            (0..length)
                .map(|_| FRAGMENTS[rng.usize(..FRAGMENTS.len())])
                .collect()
        })
        .collect()
}

/// Hand-written bodies that once broke, or would break, a naive protection.
const HAND_WRITTEN: &[&str] = &[
    "{% endraw %}",
    "{% endrawé %} after",
    "{%- endraw -%} after",
    "{{ x {% endraw %} after",
    "{% raw %}{% raw %}{% endraw %}",
    "{% comment %}{% raw %}{% endcomment %}",
    "{%\u{a0}include secret.html %}",
    "unterminated {% include secret.html",
    "unterminated {{ site.title",
    "{{ a }",
    "}}{{%}{%}%}",
    "{% endraw {% %}",
];

#[test]
#[ignore = "needs jekyll (apt-get install jekyll); .ci/run runs it"]
fn protected_bodies_show_every_character_in_jekyll() {
    let temp = tempfile::tempdir().expect("tempdir");
    let dir = temp.path();
    site(dir);
    let mut bodies: Vec<String> = HAND_WRITTEN.iter().map(|b| b.to_string()).collect();
    bodies.extend(generated_bodies(400, 0x5eed));
    for (number, body) in bodies.iter().enumerate() {
        // An HTML post: Liquid and the layout only, no Markdown, so the
        // page must hold the body byte for byte.
        let post = format!(
            "---\nlayout: bare\npermalink: /gen/{number}/\n---\n{}",
            liquid::protect(body)
        );
        write(
            &dir.join(format!("_posts/2024-06-01-gen-{number}.html")),
            &post,
        );
    }
    build(dir);
    for (number, body) in bodies.iter().enumerate() {
        let page = std::fs::read_to_string(dir.join(format!("_site/gen/{number}/index.html")))
            .unwrap_or_else(|_| panic!("body {number} ({body:?}) made no page"));
        assert_eq!(
            between(&page, "@@BODY@@", "@@/BODY@@"),
            body,
            "body {number}"
        );
    }
    eprintln!(
        "{} protected bodies shown byte for byte by Jekyll",
        bodies.len()
    );
}

/// What Liquid itself (the gem Jekyll uses) makes of a text.
enum Rendered {
    /// Its output, and whether the template is nothing but text and raw
    /// blocks (no other Liquid ran at the top level).
    Ok { output: String, only_raw: bool },
    /// Liquid refused it.
    Err(String),
}

/// Liquid rendering each text.
fn liquid_render(texts: &[String]) -> Vec<Rendered> {
    const SCRIPT: &str = r#"
require "json"
require "liquid"
texts = JSON.parse(STDIN.read)
out = texts.map do |t|
  begin
    template = Liquid::Template.parse(t)
    only_raw = template.root.nodelist.all? { |n| n.is_a?(String) || n.is_a?(Liquid::Raw) }
    { "ok" => template.render({}), "only_raw" => only_raw }
  rescue => e
    { "err" => e.message }
  end
end
print JSON.generate(out)
"#;
    let mut child = Command::new("ruby")
        .args(["-e", SCRIPT])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("ruby runs (it comes with jekyll)");
    let input = serde_json::to_vec(texts).expect("json");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(&input).expect("feeds ruby");
    }
    let output = child.wait_with_output().expect("ruby ends");
    assert!(output.status.success(), "the Liquid script failed");
    let results: Vec<Value> = serde_json::from_slice(&output.stdout).expect("ruby's JSON");
    results
        .into_iter()
        .map(|r| match r["ok"].as_str() {
            Some(ok) => Rendered::Ok {
                output: ok.to_string(),
                only_raw: r["only_raw"].as_bool().unwrap_or(false),
            },
            None => Rendered::Err(r["err"].as_str().unwrap_or("?").to_string()),
        })
        .collect()
}

/// Old-post bodies: text without Liquid outside raw pairs, hostile text
/// inside them, raw tags with and without white space control.
fn old_post_bodies(count: usize, seed: u64) -> Vec<String> {
    const OUTSIDE: &[&str] = &[
        "text", " ", "\n", "\t", "é", "}", "%}", "}}", "-", "`", "\u{a0}", "\u{0}",
    ];
    const OPENERS: &[&str] = &[
        "{% raw %}",
        "{%- raw %}",
        "{% raw -%}",
        "{%- raw -%}",
        "{%raw%}",
    ];
    const CLOSERS: &[&str] = &[
        "{% endraw %}",
        "{% endraw -%}",
        "{%endraw%}",
        "{% endrawé %}",
        "{{ x {% endraw %}",
    ];
    let mut rng = fastrand::Rng::with_seed(seed);
    (0..count)
        .map(|_| {
            let mut body = String::new();
            for _ in 0..rng.usize(1..5) {
                for _ in 0..rng.usize(0..4) {
                    body.push_str(OUTSIDE[rng.usize(..OUTSIDE.len())]);
                }
                body.push_str(OPENERS[rng.usize(..OPENERS.len())]);
                for _ in 0..rng.usize(0..6) {
                    body.push_str(FRAGMENTS[rng.usize(..FRAGMENTS.len())]);
                }
                body.push_str(CLOSERS[rng.usize(..CLOSERS.len())]);
            }
            for _ in 0..rng.usize(0..4) {
                body.push_str(OUTSIDE[rng.usize(..OUTSIDE.len())]);
            }
            body
        })
        .collect()
}

#[test]
#[ignore = "needs jekyll (apt-get install jekyll); .ci/run runs it"]
fn unraw_and_rewrap_read_old_posts_as_liquid_does() {
    let bodies = old_post_bodies(600, 0xbeef);
    let rewrapped: Vec<String> = bodies.iter().map(|b| liquid::rewrap(b, &[])).collect();
    let originals = liquid_render(&bodies);
    let after = liquid_render(&rewrapped);
    let mut compared = 0;
    for (index, body) in bodies.iter().enumerate() {
        let rewrapped_shows = match &after[index] {
            Rendered::Ok { output, .. } => output,
            Rendered::Err(e) => panic!("the rewrap of {body:?} fails in Liquid: {e}"),
        };
        // Compared where Liquid ran nothing but raw blocks: other Liquid
        // at the top level (an early end left `{{ x }}` outside) is shown
        // as typed by design, and a body Liquid refuses has no reading
        // (its rewrap must still render, checked above).
        let Rendered::Ok {
            output: original,
            only_raw: true,
        } = &originals[index]
        else {
            continue;
        };
        compared += 1;
        assert_eq!(&liquid::unraw(body), original, "unraw of {body:?}");
        // `rewrap` ends the body with one line end.
        assert_eq!(
            rewrapped_shows.trim_end_matches('\n'),
            original.trim_end_matches(['\n', '\r']),
            "rewrap of {body:?}"
        );
    }
    assert!(
        compared > bodies.len() / 2,
        "only {compared} bodies compared"
    );
    eprintln!(
        "{compared} of {} old bodies: unraw and rewrap show what Liquid showed",
        bodies.len()
    );
}

/// Arbitrary Unicode strings, weighted toward what YAML and Liquid trip
/// on (controls, separators, quotes, braces, noncharacters).
fn generated_strings(count: usize, seed: u64) -> Vec<String> {
    const AWKWARD: &[char] = &[
        '\u{0}', '\u{7}', '\t', '\n', '\r', '\u{1b}', '\u{7f}', '\u{85}', '\u{9f}', '\u{a0}',
        '\u{2028}', '\u{2029}', '\u{feff}', '\u{fffe}', '\u{ffff}', '\u{202e}', '"', '\'', '\\',
        ':', '#', '-', '{', '}', '%', '&', '*', '@', '|', '>', '<', '`', ' ',
    ];
    let mut rng = fastrand::Rng::with_seed(seed);
    (0..count)
        .map(|_| {
            (0..rng.usize(0..40))
                .map(|_| match rng.u8(..4) {
                    0 => AWKWARD[rng.usize(..AWKWARD.len())],
                    1 => char::from_u32(rng.u32(0x20..0x7f)).unwrap_or('x'),
                    // Any scalar value (surrogates are not chars: retried).
                    _ => std::iter::repeat_with(|| char::from_u32(rng.u32(..0x11_0000)))
                        .flatten()
                        .next()
                        .unwrap_or('x'),
                })
                .collect()
        })
        .collect()
}

#[test]
#[ignore = "needs jekyll (apt-get install jekyll); .ci/run runs it"]
fn any_string_in_front_matter_reads_back_in_jekyll() {
    let temp = tempfile::tempdir().expect("tempdir");
    let dir = temp.path();
    site(dir);
    let strings = generated_strings(300, 0xf00d);
    for (number, text) in strings.iter().enumerate() {
        let post = format!(
            "---\nlayout: post\npermalink: /fm/{number}/\ntitle: {}\ndescription: {}\n---\nbody\n",
            articleizer::render::yaml_string(text),
            articleizer::render::yaml_string(&text.chars().rev().collect::<String>()),
        );
        write(
            &dir.join(format!("_posts/2024-06-01-fm-{number}.html")),
            &post,
        );
    }
    build(dir);
    for (number, text) in strings.iter().enumerate() {
        let page = std::fs::read_to_string(dir.join(format!("_site/fm/{number}/index.html")))
            .unwrap_or_else(|_| panic!("{text:?}: no page at its permalink (front matter lost)"));
        let fm: Value = serde_json::from_str(between(&page, "@@FM@@", "@@/FM@@"))
            .unwrap_or_else(|e| panic!("{text:?}: front matter JSON: {e}"));
        assert_eq!(fm["title"].as_str(), Some(text.as_str()), "title {number}");
        let reversed: String = text.chars().rev().collect();
        assert_eq!(
            fm["description"].as_str(),
            Some(reversed.as_str()),
            "description {number}"
        );
    }
    eprintln!("{} arbitrary strings read back by Jekyll", strings.len());
}
