//! Tests of the Liquid protection.

use super::*;

#[test]
fn plain_text_gets_one_raw_pair() {
    assert_eq!(
        protect("hello {{ name }} and {% include x.html %}"),
        "{% raw %}hello {{ name }} and {% include x.html %}{% endraw %}"
    );
}

#[test]
fn the_texts_own_endraw_is_broken_up() {
    assert_eq!(
        protect("a {% endraw %} b"),
        "{% raw %}a {% endraw %}{% raw %}{%{% endraw %}{% raw %} endraw %} b{% endraw %}"
    );
    assert!(protect("x {%- endraw -%} y").contains("{% raw %}{%{% endraw %}{% raw %}- endraw -%}"));
    assert!(protect("{%endraw%}").contains("{% raw %}{%{% endraw %}{% raw %}endraw%}"));
}

#[test]
fn unclosed_openers_cannot_swallow_the_closer() {
    assert_eq!(
        protect("a {{ b"),
        "{% raw %}a {% endraw %}{% raw %}{{% endraw %}{% raw %}{ b{% endraw %}"
    );
    assert_eq!(
        protect("x {% y"),
        "{% raw %}x {% endraw %}{% raw %}{%{% endraw %}{% raw %} y{% endraw %}"
    );
}

#[test]
fn unraw_reads_raw_blocks_like_liquid() {
    assert_eq!(unraw("a {% raw %}{{ x }}{% endraw %} b"), "a {{ x }} b");
    // Liquid 5.4's raw does not read `{%- endraw` as its end.
    assert_eq!(unraw("{%- raw -%}k{%- endraw -%}"), "k{%- endraw -%}");
    assert_eq!(unraw("a {%- raw -%} k {% endraw -%} b"), "a k b");
    assert_eq!(
        unraw("{% include bunny.html %} {{ y }}"),
        "{% include bunny.html %} {{ y }}"
    );
    assert_eq!(unraw("{% raw %}{%{% endraw %}"), "{%");
}

/// The head of `body` that Jekyll takes for the excerpt: its content
/// (leading blank lines eaten by the front matter match, as Jekyll's
/// `YAML_FRONT_MATTER_REGEXP` does) up to the first blank line.
fn jekyll_excerpt_head(body: &str) -> &str {
    let space = body.len()
        - body
            .trim_start_matches([' ', '\t', '\r', '\n', '\u{c}', '\u{b}'])
            .len();
    let start = body[..space].rfind('\n').map_or(0, |i| i + 1);
    let content = &body[start..];
    content.split("\n\n").next().unwrap_or(content)
}

#[test]
fn rewrap_keeps_the_excerpt_separator_outside_raw_blocks() {
    // The blank lines that open the body go before the raw block (Jekyll
    // eats them with the front matter), and the first paragraph is a raw
    // block of its own: the excerpt is that paragraph, with no warning.
    let out = rewrap("\n\nFirst {{ a }}.\n\nSecond.\n", &live());
    assert_eq!(
        out,
        "\n\n{% raw %}First {{ a }}.{% endraw %}\n\n{% raw %}Second.\n{% endraw %}\n"
    );
    assert_eq!(
        jekyll_excerpt_head(&out),
        "{% raw %}First {{ a }}.{% endraw %}"
    );
    // A first paragraph with an unclosed opener still closes its block.
    let out = rewrap("a {{ b\n\nc\n", &live());
    assert!(!ends_inside_raw(jekyll_excerpt_head(&out)), "{out}");
    assert_eq!(unraw(&out).trim_end(), "a {{ b\n\nc");
}

proptest::proptest! {
    /// Whatever the body, the excerpt Jekyll cuts from a rewrapped post
    /// ends outside every raw block: no "Excerpt modified" warning, and
    /// never an empty excerpt made of an open `{% raw %}`.
    #[test]
    fn rewrap_never_cuts_the_excerpt_inside_a_raw_block(parts in proptest::collection::vec(proptest::sample::select(vec![
        "{", "}", "{{", "%}", "{% raw %}", "{% endraw %}", "{%- raw -%}", "x", " ", "\n", "\n\n",
        "{% include a.html %}", "{%- include b.html -%}", "`", "```\n",
    ]), 0..40)) {
        let body: String = parts.concat();
        let once = rewrap(&body, &live());
        proptest::prop_assert!(!ends_inside_raw(jekyll_excerpt_head(&once)), "{:?} -> {:?}", body, once);
    }
}

proptest::proptest! {
    /// A text with no tag left to run is protected without being cut
    /// into pieces, exactly as the pieces would protect it.
    #[test]
    fn protecting_whole_equals_protecting_pieces(parts in proptest::collection::vec(proptest::sample::select(vec![
        "{", "}", "{{", "}}", "{%", "%}", "{% raw %}", "{% endraw %}", "{%- endraw -%}", "{% include a.html %}",
        "{%- include b.html -%}", " ", "\n", "\r\n", "x", "`", "```", "-",
    ]), 0..40), names in proptest::sample::select(vec![vec![], vec!["include".to_string()], vec!["comment".to_string()]])) {
        let text: String = parts.concat();
        let live = Live { names: &names, range: 0..text.len() };
        let by_pieces = assemble(pieces(&text, &live, RawTags::Literal), false);
        proptest::prop_assert_eq!(protect_except(&text, &names), by_pieces);
    }

    /// Whatever the text, Liquid's raw reading of the protected text is
    /// the text itself.
    #[test]
    fn protect_is_lossless(parts in proptest::collection::vec(proptest::sample::select(vec![
        "{", "}", "{{", "}}", "{%", "%}", "{% raw %}", "{% endraw %}", "{%- endraw -%}", "{%endraw%}",
        "raw", "endraw", " ", "-", "\n", "x", "{{ v }}", "{% include a.html %}", "`", "```",
    ]), 0..40)) {
        let text: String = parts.concat();
        proptest::prop_assert_eq!(unraw(&protect(&text)), text);
    }
}

fn live() -> Vec<String> {
    vec!["include".to_string()]
}

/// The tags in `names` live anywhere in `text`.
fn everywhere<'n>(names: &'n [String], text: &str) -> Live<'n> {
    Live {
        names,
        range: 0..text.len(),
    }
}

/// What Liquid shows of `text`: raw pairs honored, `live` tags as
/// written, the white space their `{%-` and `-%}` strip gone.
fn shown(text: &str, names: &[String]) -> String {
    let pieces = pieces(text, &everywhere(names, text), RawTags::Honored);
    let mut out = String::new();
    let mut skip_leading = false;
    for (index, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Live(tag) => {
                out.push_str(tag);
                skip_leading = tag.len() >= 5 && tag.as_bytes()[tag.len() - 3] == b'-';
            }
            Piece::Literal(literal) => {
                let start = if skip_leading {
                    literal.leading_space()
                } else {
                    0
                };
                let end = match pieces.get(index + 1) {
                    Some(Piece::Live(tag)) if tag.as_bytes()[2] == b'-' => {
                        literal.trailing_space().max(start)
                    }
                    _ => literal.text.len(),
                };
                out.push_str(&literal.text[start..end]);
            }
        }
    }
    out
}

#[test]
fn rewrap_unwraps_hand_placed_pairs_and_wraps_once() {
    let body = "\nText {{item_id}}\n\n```python\n{% raw %}f\"{{x}}\"{% endraw %}\n```\n\n";
    assert_eq!(
        rewrap(body, &live()),
        "\n{% raw %}Text {{item_id}}{% endraw %}\n\n{% raw %}```python\nf\"{{x}}\"\n```\n{% endraw %}\n"
    );
}

#[test]
fn rewrap_keeps_allowlisted_tags_running_outside_code() {
    let body = "Intro\n\n{% include bunny.html %}\n\n`{% include x.html %}`\n";
    assert_eq!(
        rewrap(body, &live()),
        "{% raw %}Intro{% endraw %}\n\n{% include bunny.html %}{% raw %}\n\n`{% include x.html %}`\n{% endraw %}\n"
    );
    // Inside a hand-placed raw pair, or not allowlisted: literal.
    assert_eq!(
        rewrap("{% raw %}{% include a.html %}{% endraw %}", &live()),
        "{% raw %}{% include a.html %}\n{% endraw %}\n"
    );
    assert_eq!(
        rewrap("{% include a.html %}", &[]),
        "{% raw %}{% include a.html %}\n{% endraw %}\n"
    );
    assert_eq!(
        rewrap("{% include a.html %}", &live()),
        "{% include a.html %}\n"
    );
}

#[test]
fn each_tag_is_judged_by_the_code_around_it() {
    // Tags before, between, inside and after code spans and blocks.
    let body = "{% include a.html %} `x` {% include b.html %} `{% include c.html %}` y\n\n\
                ```\n{% include d.html %}\n```\n\n{% include e.html %} `z`\n";
    let names = live();
    let running: Vec<&str> = pieces(body, &everywhere(&names, body), RawTags::Literal)
        .into_iter()
        .filter_map(|piece| match piece {
            Piece::Live(tag) => Some(tag),
            Piece::Literal(_) => None,
        })
        .collect();
    assert_eq!(
        running,
        [
            "{% include a.html %}",
            "{% include b.html %}",
            "{% include e.html %}"
        ]
    );
}

#[test]
fn raw_state_at_the_end() {
    assert!(ends_inside_raw("a {% raw %} b"));
    assert!(!ends_inside_raw("a {% raw %} b {% endraw %} c"));
    assert!(!ends_inside_raw("a {{ raw }} {% include x %}"));
    assert!(ends_inside_raw("{%- raw -%}{% if %}"));
}

#[test]
fn protect_except_shows_raw_tags_literally() {
    assert_eq!(
        protect_except("a {% raw %}b{% endraw %}\n", &live()),
        format!("{}\n", protect("a {% raw %}b{% endraw %}\n"))
    );
}

proptest::proptest! {
    /// Rewrapping twice is rewrapping once; what the wrapped body
    /// shows is what the old body showed (live tags aside).
    #[test]
    fn rewrap_is_idempotent(parts in proptest::collection::vec(proptest::sample::select(vec![
        "{", "}", "{{", "}}", "{%", "%}", "{% raw %}", "{% endraw %}", "{%- endraw -%}", "{%endraw%}",
        "raw", " ", "\n", "x", "{{ v }}", "{% include a.html %}", "{%- include b.html -%}", "`", "```\n", "\n\n    ",
    ]), 0..40)) {
        let body: String = parts.concat();
        let once = rewrap(&body, &live());
        let twice = rewrap(&once, &live());
        proptest::prop_assert_eq!(&twice, &once);
        let shown_trimmed = |text: &str| shown(text, &live()).trim_end_matches(['\n', '\r']).to_string();
        proptest::prop_assert_eq!(shown_trimmed(&once), shown_trimmed(&body));
    }
}

#[test]
fn an_output_that_ends_with_endraw_is_broken_up() {
    // `{{ a {% endraw %}` is one token for Liquid (up to the first `}`)
    // and ends with an endraw tag.
    let out = protect("{{ a {% endraw %}");
    assert!(
        out.starts_with("{% raw %}{% endraw %}{% raw %}{{% endraw %}{% raw %}"),
        "{out}"
    );
}

#[test]
fn a_tag_the_writer_left_open_is_not_closed_by_the_text_after_the_article() {
    // The writer's article is `range`; the editor's text after it closes
    // the writer's unclosed include. The tag must not run.
    let article = "Type {% include secret.html and it works.\n";
    let text = format!("{article}\n## Book Analysis\n\nx %}} y\n");
    let out = protect_except_within(&text, &live(), 0..article.len());
    assert!(!out.contains("{% endraw %}{% include"), "{out}");
    assert_eq!(unraw(&out).trim_end(), text.trim_end());
    // Closed inside the article, it still runs.
    let closed = "Use {% include note.html %} here.\n";
    let out = protect_except_within(closed, &live(), 0..closed.len());
    assert!(out.contains("{% endraw %}{% include note.html %}"), "{out}");
}

/// Code ranges as a parse of the whole text finds them: the oracle for
/// the parse of only the blocks that hold a live tag.
fn code_ranges_whole(text: &str) -> Vec<Range<usize>> {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    Parser::new_ext(text, Options::ENABLE_TABLES)
        .into_offset_iter()
        .filter(|(event, _)| {
            matches!(
                event,
                Event::Code(_) | Event::Start(Tag::CodeBlock(_)) | Event::Html(_)
            )
        })
        .map(|(_, range)| range)
        .collect()
}

proptest::proptest! {
    /// Each offset is in code for the blocks parsed alone exactly when it
    /// is for the whole text parsed.
    #[test]
    fn code_is_found_block_by_block_as_in_the_whole_text(
        lines in proptest::collection::vec(proptest::sample::select(vec![
            "", "a `b` c", "`x", "y`", "```", "~~~", "    code", "> q `z`", "- i `w`", "  more",
            "<div>", "</div>", "<!--", "-->", "a | b", "-|-", "[r]: /u `t`", "# h `c`", "===", "\t`t`",
            "1. n", "<pre>", "</pre>", "``", "a\r", "**`s`**", "#######", "``` a`b", "    # h",
        ]), 0..30),
        probes in proptest::collection::vec(0..400usize, 1..8),
    ) {
        let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
        let mut at: Vec<usize> = probes.into_iter().filter(|&p| p < text.len()).collect();
        at.sort_unstable();
        at.dedup();
        let whole = code_ranges_whole(&text);
        let parts = code_ranges(&text, &at);
        for p in at {
            let inside = |ranges: &[Range<usize>]| ranges.iter().any(|r| r.contains(&p));
            proptest::prop_assert_eq!(inside(&parts), inside(&whole), "{:?} at {}", text, p);
        }
    }
}
