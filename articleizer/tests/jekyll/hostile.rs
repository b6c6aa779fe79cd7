//! A table of hostile answers in every answer field, built by Jekyll.

use super::*;

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
    // Issue 27's findings, each a case of its own.
    texts.extend([
        (
            "a backtick inside a tag re-pairing code spans",
            "x <span title=\"`\">`<img src=x onerror=alert(1)>` y".into(),
        ),
        (
            "an include in a code span (live inside the article)",
            "`{% include secret.html %}`".into(),
        ),
        (
            "a fence whose info string holds a space",
            "```` foo bar\n<img src=x onerror=alert(1)>\n`````\nafter".into(),
        ),
        (
            "a tilde fence whose info string holds a space",
            "~~~ foo bar\n<img src=x onerror=alert(1)>\n~~~~\nafter".into(),
        ),
        (
            "a fence with a spaced info string in a quote",
            "> ```` foo bar\n> <img src=x onerror=alert(1)>\n> `````".into(),
        ),
        (
            "a definition behind a list marker",
            "* [r]: javascript:alert(1)\n\n[click][r]".into(),
        ),
        (
            "a definition behind a quote marker",
            "> [r]: javascript:alert(1)\n\n[click][r]".into(),
        ),
        (
            "a definition behind an ordered marker",
            "1. [r]: javascript:alert(1)\n\n[click][r]".into(),
        ),
        (
            "a definition behind a colon",
            ": [r]: javascript:alert(1)\n\n[click][r]".into(),
        ),
        (
            "a definition behind a footnote label",
            "[^1]: [r]: javascript:alert(1)\n\n[click][r]".into(),
        ),
        (
            "a quote that closes an attribute",
            "x\" autofocus onfocus=\"alert(1)".into(),
        ),
        ("a CDATA end", "a ]]> b".into()),
        // The attacker's review of the re-emitter.
        (
            "a fence on a list marker's line",
            "- ```\n  * <script>alert(1)</script>\n  ```".into(),
        ),
        (
            "an escaped backtick before a code span with a pipe",
            "x \\` `a|<img src=\"x\" onerror=\"alert(1)\">`".into(),
        ),
        (
            "a bang before a kept link",
            "\\![i](https://evil.example/p.png) &#33;[j](//evil.example/q.png)".into(),
        ),
        (
            "references to a surrogate and controls",
            "&#xD800; &#55296; &#x1b; &#1; A &#8; B".into(),
        ),
        ("a deep list", format!("{}x", "- ".repeat(1000))),
        ("a deep quote", format!("{} x", ">".repeat(2000))),
    ]);
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
                Slot::new(&instructions, "2024-06-01".parse().expect("a date"), 1),
            )
            .unwrap_or_else(|e| panic!("{name}: {e}"));
            write(&target.dir.join(&post.file_name), &post.text());
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
