//! Generated adversarial bodies, protected and built as pages.

use super::*;

/// Pieces adversarial bodies are made of.
pub(crate) const FRAGMENTS: &[&str] = &[
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
