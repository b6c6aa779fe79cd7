//! Text the editor wrote is data, not markup.
//!
//! An answer comes from a model that read an article which may carry a
//! prompt injection, through servers that may be hostile. Whatever it
//! writes (intro, subheadings, analysis, title options, tweet, front
//! matter) is shown, never run: no raw HTML, no kramdown extension or
//! attribute list, no link or image that runs script or loads from
//! elsewhere, and no Liquid.
//!
//! The guarantee is by construction, as ammonia sanitizes HTML: each
//! field is parsed (pulldown-cmark), kept to an allowlist and written
//! again ([`emit`]) in forms that kramdown (GFM, what Jekyll renders) and
//! CommonMark read the same way, with every character of its text that
//! could start markup in either dialect escaped ([`text`]). Nothing of
//! the answer is copied through as markup; the only markup in the output
//! is what the re-emitter writes. Front matter values, which layouts print
//! raw, in attributes, through `markdownify` and in feeds, have their own
//! rules ([`front`]).
//!
//! What each function makes of the text:
//! - [`block`]: Markdown blocks for a section (the intro, the editorial
//!   take).
//! - [`inline`]: one line, for list items and headings the renderer
//!   writes outside the article.
//! - [`heading`]: one line for a subheading, which lands inside the
//!   writer's article where Liquid's live tags still run: its code spans
//!   are `<code>` elements with escaped content.
//! - [`plain`]: a front matter value.
//! - [`code`]: text for the inside of a code span the renderer writes
//!   (a file name): no backticks, no line breaks.
//! - [`fenced`]: a fenced block whose fence is longer than any backtick
//!   run inside it.

mod emit;
mod front;
mod text;

use emit::{CodeSpans, Shape};
pub use front::plain;
pub use text::allowed_url;

/// Markdown block text from the editor, made safe to publish.
pub fn block(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    block_into(&mut out, text);
    out
}

/// [`block`], appended to `out` (a long text is not held twice).
pub fn block_into(out: &mut String, text: &str) {
    emit::emit(out, text, Shape::Blocks, CodeSpans::Backticks);
}

/// One line of Markdown from the editor (a list item, a heading outside
/// the article), made safe to publish. Line breaks become spaces, and the
/// line's start is escaped as a line's start, since it follows `* ` or
/// `### ` where a block could begin.
pub fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    emit::emit(&mut out, text, Shape::Line, CodeSpans::Backticks);
    out
}

/// A subheading's text: [`inline`], with code spans written as `<code>`
/// elements whose content is escaped, since a subheading sits inside the
/// writer's article, where Liquid's live tags run even in code.
pub fn heading(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    emit::emit(&mut out, text, Shape::Line, CodeSpans::Html);
    out
}

/// Text for the inside of a one-backtick code span: backticks and line
/// breaks would end it or break the line, so they go; control characters
/// become spaces.
pub fn code(text: &str) -> String {
    text.chars()
        .filter(|c| *c != '`')
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

/// `text` in a fenced code block with info string `info`, fenced with more
/// backticks than any run inside it, so no line of it can close the block.
/// Control characters other than tab and line feed become U+FFFD.
pub fn fenced(text: &str, info: &str) -> String {
    let text: String = text
        .chars()
        .filter(|c| *c != '\r')
        .map(|c| {
            if text::is_unwanted_control(c) {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect();
    let fence = "`".repeat(text::longest_run(&text, '`').max(2) + 1);
    format!("{fence}{info}\n{}\n{fence}", text.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Event, LinkType, Parser, Tag};

    /// What CommonMark reads in `markdown` that is not plain text or the
    /// allowlist: HTML, images, links elsewhere or by reference.
    fn live(markdown: &str) -> Vec<String> {
        let mut found = Vec::new();
        for event in Parser::new(markdown) {
            match event {
                Event::Html(h) | Event::InlineHtml(h)
                    if !matches!(h.as_ref(), "<code>" | "</code>") =>
                {
                    found.push(format!("html {h}"))
                }
                Event::Start(Tag::Image { dest_url, .. }) => {
                    found.push(format!("image {dest_url}"))
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    ..
                }) if link_type != LinkType::Inline || !text::allowed_url(&dest_url) => {
                    found.push(format!("link {dest_url}"))
                }
                _ => {}
            }
        }
        found
    }

    #[test]
    fn html_is_shown_as_text() {
        assert_eq!(
            block("<script>alert(1)</script> & <meta http-equiv=\"refresh\">"),
            "&lt;script>alert(1)&lt;/script> &amp; &lt;meta http-equiv=\"refresh\">"
        );
        assert_eq!(
            block("<div>\n<b>x</b>\n</div>"),
            "&lt;div>\n&lt;b>x&lt;/b>\n&lt;/div>"
        );
        assert_eq!(block("`<b>` stays code"), "`<b>` stays code");
        assert_eq!(
            block("```html\n<script>x</script>\n```"),
            "```html\n<script>x</script>\n```"
        );
    }

    #[test]
    fn a_backtick_inside_a_tag_cannot_re_pair_code_spans() {
        // Read by the answer's own parse, the backticks pair across the
        // tag; once the tag is text, they would pair differently.
        let hostile = "x <span title=\"`\">`<img src=x onerror=alert(1)>` y";
        for out in [block(hostile), inline(hostile), heading(hostile)] {
            assert!(live(&out).is_empty(), "{out}");
            assert!(!out.contains("<span"), "{out}");
            // The image tag is code, as the answer's own parse read it.
            let code: String = Parser::new(&out)
                .filter_map(|e| match e {
                    Event::Code(c) => Some(c.to_string()),
                    _ => None,
                })
                .collect();
            assert!(
                code.contains("<img") || out.contains("<code>&lt;img"),
                "{out}"
            );
        }
    }

    #[test]
    fn fences_are_rewritten_with_one_word_of_info() {
        // kramdown reads a fence whose info string holds a space as text.
        assert_eq!(
            block("```` foo bar\n<b>x</b>\n````"),
            "```foo\n<b>x</b>\n```"
        );
        assert_eq!(block("~~~\n<b>\n~~~"), "```\n<b>\n```");
        assert_eq!(block("> ~~~ a b\n> <i>\n> ~~~"), "> ```a\n> <i>\n> ```");
        assert_eq!(
            block("para\n\n    <b>x</b>\n"),
            "para\n\n```\n<b>x</b>\n```"
        );
        assert_eq!(
            block("a ``` b\n\n```\nx ``` y\n```"),
            "a &#96;&#96;&#96; b\n\n````\nx ``` y\n````"
        );
    }

    #[test]
    fn an_open_fence_is_closed() {
        assert_eq!(block("Look:\n\n```\ncode"), "Look:\n\n```\ncode\n```");
        assert_eq!(block("~~~~\ncode\n"), "```\ncode\n```");
    }

    #[test]
    fn emphasis_code_lists_quotes_and_safe_links_keep_working() {
        let text =
            "*Bold* move: read [the docs](https://example.com/a?b=1) and [notes](/notes/#x).";
        assert_eq!(block(text), text);
        assert_eq!(block("**a** `b` _c_"), "**a** `b` *c*");
        assert_eq!(
            block("- one\n- two\n  - nested"),
            "- one\n- two\n  - nested"
        );
        assert_eq!(block("3. a\n4. b"), "3. a\n4. b");
        assert_eq!(block("> quoted\n>\n> more"), "> quoted\n>\n> more");
        assert_eq!(
            block("para one\nline two\n\npara two"),
            "para one\nline two\n\npara two"
        );
    }

    #[test]
    fn script_links_images_references_and_kramdown_extensions_are_text() {
        assert_eq!(
            block("[x](javascript:alert(1))"),
            "\\[x\\](javascript:alert(1))"
        );
        assert_eq!(
            block("[x](&#106;avascript:alert(1))"),
            "\\[x\\](javascript:alert(1))"
        );
        assert_eq!(
            block("![t](https://evil.example/p.png)"),
            "!\\[t\\](https://evil.example/p.png)"
        );
        assert_eq!(block("*a*{: onclick=\"x\"}"), "*a*&#123;: onclick=\"x\"}");
        assert_eq!(block("<https://x.example>"), "&lt;https://x.example>");
        for hostile in [
            "[r]: javascript:alert(1)\n\n[click][r]",
            "* [r]: javascript:alert(1)\n\n[click][r]",
            "> [r]: javascript:alert(1)\n\n[click][r]",
            "1. [r]: javascript:alert(1)\n\n[click][r]",
            ": [r]: javascript:alert(1)\n\n[click][r]",
            "[^1]: [r]: javascript:alert(1)\n\n[click][r]",
        ] {
            let out = block(hostile);
            assert!(live(&out).is_empty(), "{hostile:?} -> {out:?}");
            assert!(out.contains("\\[click\\]\\[r\\]"), "{hostile:?} -> {out:?}");
            assert!(out.contains("javascript:alert(1)"), "shown: {out:?}");
        }
    }

    #[test]
    fn headings_in_a_field_become_strong_text() {
        assert_eq!(
            block("## Book Analysis\n\ntext"),
            "**Book Analysis**\n\ntext"
        );
        assert_eq!(block("#\n\ntext"), "text");
    }

    #[test]
    fn inline_is_one_line_and_its_start_opens_no_block() {
        assert_eq!(inline("Two\nlines\u{2028}<b>"), "Two lines &lt;b>");
        assert_eq!(
            inline("```\n</pre><script>x</script>"),
            "&#96;&#96;&#96; &lt;/pre>&lt;script>x&lt;/script>"
        );
        assert_eq!(inline("use `<b>` here"), "use `<b>` here");
        assert_eq!(inline("1. first"), "1\\. first");
        assert_eq!(inline("# not a heading"), "\\# not a heading");
        assert_eq!(inline("_a_ b"), "*a* b");
    }

    #[test]
    fn headings_put_code_in_escaped_elements() {
        assert_eq!(
            heading("Use `{% include x.html %}` *now*"),
            "Use <code>&#123;% include x.html %&#125;</code> *now*"
        );
        // `}` too: the answer cannot close a tag the writer left open.
        assert_eq!(
            heading("{% include x.html %}"),
            "&#123;% include x.html %&#125;"
        );
    }

    #[test]
    fn fences_outgrow_the_text() {
        assert_eq!(fenced("a ``` b", "text"), "````text\na ``` b\n````");
        assert_eq!(fenced("plain", "text"), "```text\nplain\n```");
        assert_eq!(fenced("bell\u{7}", "text"), "```text\nbell\u{FFFD}\n```");
        assert_eq!(code("a`b\nc"), "ab c");
    }

    #[test]
    fn what_an_attacker_found_against_kramdown_is_text() {
        // A fence on a list marker's line: kramdown reads its code as
        // Markdown, so the item opens with a line of its own.
        let out = block("- ```\n  * <script>alert(1)</script>\n  ```");
        assert!(out.starts_with("- &nbsp;\n\n  ```"), "{out}");
        // An escaped backtick before a code span holding `|`: kramdown's
        // table check would pair the backticks otherwise.
        let out = block("x \\` `a|<img src=\"x\" onerror=\"alert(1)\">`");
        assert!(out.starts_with("x &#96; `"), "{out}");
        // A `!` before a kept link would make it an image.
        for hostile in [
            "\\![i](https://evil.example/p.png)",
            "See &#33;[i](https://evil.example/p.png)",
        ] {
            let out = block(hostile);
            assert!(out.contains("\\![i](https://evil.example/p.png)"), "{out}");
            assert!(live(&out).is_empty(), "{out}");
        }
        // A backslash at the end of a line stays a backslash.
        assert_eq!(block("a\\\\\nb"), "a&#92;\nb");
    }

    #[test]
    fn nesting_stops_where_kramdown_would_overflow() {
        let depth = |markdown: &str| {
            let mut open = 0usize;
            let mut most = 0;
            for event in Parser::new(markdown) {
                match event {
                    Event::Start(Tag::List(_) | Tag::BlockQuote(_)) => {
                        open += 1;
                        most = most.max(open);
                    }
                    Event::End(
                        pulldown_cmark::TagEnd::List(_) | pulldown_cmark::TagEnd::BlockQuote(_),
                    ) => open -= 1,
                    _ => {}
                }
            }
            most
        };
        for deep in ["- ".repeat(1000) + "x", ">".repeat(2000) + " x"] {
            let out = block(&deep);
            assert!(depth(&out) <= 16, "{}", depth(&out));
            assert!(out.ends_with('x'), "the text is kept");
        }
    }

    /// Pieces of what starts markup in either dialect.
    const UNITS: &[&str] = &[
        "`",
        "``",
        "```",
        "~~~",
        "    ",
        "[",
        "]",
        "(",
        ")",
        "](",
        "![",
        "[r]: ",
        "[r]",
        "<",
        ">",
        "<b>",
        "<img src=x onerror=y>",
        "\"",
        "'",
        "&",
        "&lt;",
        "&#106;",
        "{%",
        "{{",
        "{:",
        "* ",
        "- ",
        "1. ",
        "> ",
        ": ",
        "# ",
        "|",
        "$$",
        "^",
        "javascript:x",
        "https://ok.example/",
        "/p",
        "\n",
        "\n\n",
        " ",
        "word",
        "*",
        "**",
        "_",
        "\\",
        "=",
        "\t",
        "\u{1b}",
    ];

    fn hostile() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        proptest::collection::vec(proptest::sample::select(UNITS), 0..24)
            .prop_map(|units| units.concat())
    }

    /// Whether writing `text` again with `emit` reaches a fixed point
    /// within three more passes.
    fn settles(emit: fn(&str) -> String, text: &str) -> bool {
        let mut settled = text.to_string();
        for _ in 0..4 {
            let next = emit(&settled);
            if next == settled {
                return true;
            }
            settled = next;
        }
        false
    }

    #[test]
    fn emphasis_flanked_by_an_escape_settles() {
        // Found by the property below: the second pass loses an emphasis
        // the first kept, the third writes what the second did.
        let text = "**[r]: **`*\t``**```";
        assert!(settles(inline, &inline(text)));
        assert!(live(&inline(text)).is_empty());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        #[test]
        fn nothing_live_and_the_output_reads_back_as_written(text in hostile()) {
            let once = block(&text);
            proptest::prop_assert!(live(&once).is_empty(), "{:?} -> {:?}", text, once);
            proptest::prop_assert!(!once.contains('\u{1b}'), "an escape passed");
            // Written again and again, the output settles: CommonMark
            // reads what was written with the structure it was written
            // with, but for emphasis whose delimiters an escape or entity
            // flanks differently than the character it stands for (which
            // only loses the emphasis, never makes markup).
            proptest::prop_assert!(settles(block, &once), "never settles from {:?}", text);
            for line in [inline(&text), heading(&text)] {
                proptest::prop_assert!(live(&line).is_empty(), "{:?} -> {:?}", text, line);
                proptest::prop_assert!(!line.contains('\n'));
            }
            proptest::prop_assert!(settles(inline, &inline(&text)), "never settles from {:?}", text);
        }
    }
}
