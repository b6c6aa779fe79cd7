//! The differential test: generated hostile values in every answer field
//! and in the subheadings, built by the real Jekyll (kramdown GFM, Liquid,
//! jekyll-feed, jekyll-seo-tag), each page read as a browser tokenizes it.
//!
//! The values are drawn, with a fixed seed, from the vocabulary of what
//! starts markup in either Markdown dialect, in HTML, in Liquid and in
//! URLs, mixed at random. The layout prints the front matter as real blogs
//! do: raw in `<title>` and `<h1>`, raw in double- and single-quoted
//! attributes, through `markdownify`, through `jsonify` in JSON-LD, by
//! jekyll-seo-tag, and in jekyll-feed's feed. What must hold on every page:
//!
//! - no element or attribute that Markdown would not make from plain text
//!   (the allowlist below), no `on*` attribute, no `javascript:`, `data:`
//!   or `vbscript:` link, and the layout's own head elements only;
//! - no Liquid from the answer runs (markers for an include, a variable
//!   and a filter never appear anywhere in the site);
//! - every JSON-LD block parses, and the feed is well-formed XML.
//!
//! `DIFFERENTIAL_PAGES` sets the number of pages per site (default 80;
//! two sites, one protected with raw tags, one `render_with_liquid: false`).

use super::browser::{element_counts, problems};
use super::*;

/// A small seeded generator (SplitMix64): the same values on every run.
struct Seeded(u64);

impl Seeded {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// What the values are made of.
const UNITS: &[&str] = &[
    // Code marks.
    "`",
    "``",
    "```",
    "````",
    "~~~",
    "~",
    "    ",
    "\t",
    // Link and image syntax, references, footnotes.
    "[",
    "]",
    "(",
    ")",
    "](",
    "![",
    "[r]: ",
    "[click][r]",
    "[x]",
    "[^1]: ",
    "[^1]",
    // HTML.
    "<",
    ">",
    "</",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "<a href=\"javascript:alert(1)\">a</a>",
    "<svg onload=alert(1)>",
    "<iframe src=x>",
    "<math>",
    "<base href=//evil.example/>",
    "<form action=x>",
    "<object data=x>",
    "<embed src=x>",
    "<meta http-equiv=\"refresh\" content=\"0\">",
    "<style>",
    "<!--",
    "-->",
    "<span title=\"`\">",
    "<b id=\"hostile\">",
    "<http://evil.example>",
    "<div markdown=\"1\">",
    "]]>",
    "<![CDATA[",
    // Quotes and entities.
    "\"",
    "'",
    "&",
    "&lt;",
    "&#106;",
    "&#x3C;",
    "&quot;",
    "&amp;#106;",
    // Liquid.
    "{%",
    "%}",
    "{{",
    "}}",
    "{% include secret.html %}",
    "{{ site.marker }}",
    "{{ 'executed-marker' | upcase }}",
    "{% raw %}",
    "{% endraw %}",
    "{%- include secret.html -%}",
    // kramdown extensions.
    "{: onclick=\"alert(1)\"}",
    "{::nomarkdown}",
    "{:/}",
    "{: .x #y}",
    "$$",
    "^",
    "*[HTML]: ",
    // Block starts.
    "* ",
    "- ",
    "+ ",
    "1. ",
    "2) ",
    "> ",
    ": ",
    "# ",
    "## ",
    "---",
    "===",
    "|",
    "| a | b |",
    "|---|---|",
    // Schemes.
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:x",
    "data:text/html,x",
    "vbscript:x",
    "https://ok.example/a?b=1&c=2",
    "mailto:a@b.example",
    "/notes/#x",
    // Line breaks and spaces.
    "\n",
    "\n\n",
    "  \n",
    " ",
    "\u{a0}",
    "\r\n",
    "\u{2028}",
    // Words.
    "word",
    "Words here.",
    "*",
    "**",
    "_",
    "\\",
    "onerror=",
    "=",
    "1986.",
    // What an attacker found (issue 27's review): a fence on a list
    // marker's line, an escaped backtick before a code span with a pipe,
    // a `!` before a kept link, references kramdown decodes to controls
    // or surrogates, a closer for the writer's open tag, deep nesting.
    "- ```\n  * ",
    "\\`",
    " `a|",
    "&#33;",
    "\\!",
    "[i](https://evil.example/p.png)",
    "&#xD800;",
    "&#x1b;",
    "&#1;",
    "%}",
    "- - - - - - - - ",
    "> > > > > > > > ",
];

/// A hostile value: one to fourteen units, or (one time in three) a
/// fenced block of them inside a list item or a quote, where the two
/// dialects part ways the most.
fn value(rng: &mut Seeded) -> String {
    let units = |rng: &mut Seeded| -> String {
        let count = 1 + rng.below(14);
        (0..count).map(|_| UNITS[rng.below(UNITS.len())]).collect()
    };
    if rng.below(3) > 0 {
        return units(rng);
    }
    const CONTAINERS: [(&str, &str); 5] = [
        ("- ", "  "),
        ("1. ", "   "),
        ("> ", "> "),
        ("> - ", ">   "),
        ("* ", "  "),
    ];
    const FENCES: [&str; 4] = ["```", "~~~", "````", "``` a b"];
    let (first, rest) = CONTAINERS[rng.below(CONTAINERS.len())];
    let fence = FENCES[rng.below(FENCES.len())];
    let body = units(rng).replace('\n', &format!("\n{rest}"));
    format!(
        "{first}{fence}\n{rest}{body}\n{rest}{}\n{}",
        &fence[..3],
        units(rng)
    )
}

/// The writer's article: five paragraphs, the first three of which the
/// subheadings point at; the fourth leaves a Liquid tag open, which no
/// `%}` of the answer may close.
const ARTICLE_TEXT: &str = "**Me**: Alpha bravo charlie delta echo.\n\n\
**Claude**: Foxtrot golf hotel india juliet.\n\n\
**Me**: Kilo lima mike november oscar.\n\n\
**Claude**: Papa quebec romeo sierra tango. Type {% include secret.html and it works.\n\n\
**Me**: Uniform victor whiskey xray yankee.\n";

const SNIPPETS: [&str; 3] = [
    "Alpha bravo charlie delta echo.",
    "Foxtrot golf hotel india juliet.",
    "Kilo lima mike november oscar.",
];

/// Instructions for page `n` with hostile values in every field.
fn hostile_instructions(n: usize, rng: &mut Seeded) -> Value {
    let mut v = || value(rng);
    let slug = format!("diff-{n}");
    let subheadings: Vec<Value> = SNIPPETS
        .iter()
        .map(|snippet| json!({ "subheading": v(), "after_text_snippet": snippet }))
        .collect();
    json!({
        "editing_instructions": {
            "yaml_updates": {
                "title": v(),
                "description": v(),
                "permalink": slug,
                "keywords": v()
            },
            "prepend_to_article_body": v(),
            "insert_subheadings": subheadings
        },
        "book_analysis_content": {
            "authors_imprint": v(),
            "title_brainstorm": [
                { "title": v(), "filename": format!("{slug}.md"), "rationale": v() },
                { "title": v(), "filename": v(), "rationale": v() }
            ],
            "content_potential_and_polish": {
                "core_strengths": [v(), v()],
                "suggestions_for_polish": [v()]
            },
            "ai_editorial_take": v(),
            "next_step_prompts": [v(), v()],
            "promotional_tweet": v(),
            "hostile_extra": { "note": v(), "items": [v(), v()] },
            "hostile_text": v()
        }
    })
}

/// A site whose layout prints front matter the ways real blogs do.
fn blog_site(dir: &Path) {
    for sub in ["_posts", "_layouts", "_includes"] {
        std::fs::create_dir_all(dir.join(sub)).expect("mkdir");
    }
    write(
        &dir.join("_config.yml"),
        "title: A test blog\nmarker: VARIABLE-RAN-MARKER\nurl: https://example.com\n\
         markdown: kramdown\nkramdown:\n  input: GFM\nfuture: true\n\
         plugins:\n  - jekyll-feed\n  - jekyll-seo-tag\n",
    );
    write(
        &dir.join("_layouts/post.html"),
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n\
         <title>{{ page.title }}</title>\n\
         <meta name=\"description\" content=\"{{ page.meta_description | default: page.description }}\">\n\
         <meta name=\"keywords\" content=\"{{ page.meta_keywords }}\">\n\
         <meta property=\"og:title\" content='{{ page.title }}'>\n\
         <script type=\"application/ld+json\">{\"@type\": \"BlogPosting\", \"headline\": {{ page.title | jsonify }}, \
         \"description\": {{ page.description | jsonify }}, \"abstract\": {{ page.meta_description | jsonify }}, \
         \"keywords\": {{ page.meta_keywords | jsonify }}}</script>\n\
         {% seo %}\n</head><body>\n<h1>{{ page.title }}</h1>\n\
         <blockquote class=\"imprint\">{{ page.description | markdownify }}</blockquote>\n\
         <div class=\"summary\">{{ page.meta_description | markdownify }}</div>\n\
         <article>{{ content }}</article>\n</body></html>\n",
    );
    write(&dir.join("_includes/secret.html"), "INCLUDE-RAN-MARKER");
}

#[test]
#[ignore = "needs jekyll (apt-get install jekyll); .ci/run runs it"]
fn generated_hostile_answers_show_nothing_live_in_jekyll() {
    let pages: usize = std::env::var("DIFFERENTIAL_PAGES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(80);
    let temp = tempfile::tempdir().expect("tempdir");
    let mut rng = Seeded(0x5EED_2026);
    let mut values = 0;
    for jekyll4 in [false, true] {
        let dir = temp.path().join(if jekyll4 { "jekyll4" } else { "raw" });
        blog_site(&dir);
        let target = Target {
            name: "check".into(),
            dir: dir.join("_posts"),
            base_url: "https://example.com".into(),
            permalink_style: "/futureproof/:slug/".into(),
            layout: "post".into(),
            jekyll4,
            live_tags: vec!["include".into()],
        };
        // Page 0 is plain: the layout's own elements are counted on it.
        let mut plain = base_instructions();
        plain["editing_instructions"]["yaml_updates"]["permalink"] = json!("diff-0");
        plain["book_analysis_content"]["title_brainstorm"][0]["filename"] = json!("diff-0.md");
        plain["editing_instructions"]["insert_subheadings"] = SNIPPETS
            .iter()
            .enumerate()
            .map(|(n, s)| json!({ "subheading": format!("Plain heading {n}"), "after_text_snippet": s }))
            .collect();
        let mut all = vec![plain];
        for n in 1..=pages {
            all.push(hostile_instructions(n, &mut rng));
            values += 22;
        }
        let mut rendered = Vec::new();
        for (n, value) in all.into_iter().enumerate() {
            let instructions = Instructions::from_value(value.clone()).expect("well formed");
            let post = render(
                ARTICLE_TEXT,
                &instructions,
                &target,
                DEFAULT_TEMPLATE,
                Slot::new(&instructions, "2024-06-01".parse().expect("a date"), 1),
            )
            .unwrap_or_else(|e| panic!("page {n}: {e}"));
            assert_eq!(
                post.placements.len(),
                3,
                "page {n}: every subheading lands inside the article"
            );
            let text = post.text();
            write(&target.dir.join(&post.file_name), &text);
            rendered.push((n, value, text));
        }
        build(&dir);
        for path in walk(&dir.join("_site")) {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            for marker in [
                "INCLUDE-RAN-MARKER",
                "VARIABLE-RAN-MARKER",
                "EXECUTED-MARKER",
            ] {
                assert!(
                    !text.contains(marker),
                    "{marker} in {}: Liquid from the answer ran",
                    path.display()
                );
            }
        }
        let feed = std::fs::read_to_string(dir.join("_site/feed.xml")).expect("jekyll-feed wrote");
        if let Err(e) = roxmltree::Document::parse(&feed) {
            panic!("the feed is not well-formed XML: {e}");
        }
        let page = |n: usize| {
            let path = dir
                .join("_site/futureproof")
                .join(format!("diff-{n}"))
                .join("index.html");
            std::fs::read_to_string(&path)
                .unwrap_or_else(|_| panic!("page {n}: not at its permalink (front matter lost?)"))
        };
        let baseline = element_counts(&page(0));
        let mut failures = Vec::new();
        for (n, value, post) in &rendered {
            let found = problems(&page(*n), &baseline);
            if !found.is_empty() {
                failures.push(format!(
                    "page {n}: {found:#?}\nanswer: {value:#}\npost:\n{post}"
                ));
            }
        }
        assert!(
            failures.is_empty(),
            "{} of {} pages show something live:\n{}",
            failures.len(),
            rendered.len(),
            failures
                .into_iter()
                .take(3)
                .collect::<Vec<_>>()
                .join("\n\n")
        );
    }
    eprintln!(
        "{values} generated hostile values (2 x {pages} pages) built by Jekyll: nothing live"
    );
}
