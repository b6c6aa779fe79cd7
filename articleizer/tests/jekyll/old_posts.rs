//! Old-post bodies with hand-placed raw pairs, rendered by Liquid before and after `rewrap`; and any string in front matter.

use super::*;
use crate::bodies::FRAGMENTS;

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
