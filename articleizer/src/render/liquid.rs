//! Protecting text from Liquid, which Jekyll runs over every post before
//! Markdown.
//!
//! The text goes inside one `{% raw %}` ... `{% endraw %}` pair. Inside it,
//! Liquid still tokenizes: a token runs from `{%` to the first `%}`, or
//! from `{{` to the first `}`, across lines. Two kinds of token would break
//! the pair: one that ends in an `endraw` tag (the text's own
//! `{% endraw %}`, `{%- endraw -%}`), and one left open, which would run
//! into our closing `endraw` and swallow it. Tokens that end in a `raw`
//! tag are harmless to Liquid but would read as a writer's marker to
//! [`rewrap`], so they are treated the same way. Those openers are written
//! outside the raw block, each through a one-character raw block of its
//! own (`{% raw %}{%{% endraw %}` renders `{%`), and the raw block resumes
//! right after. Every other token inside the raw block is shown as written.

/// Wraps `text` so that Liquid renders it byte for byte.
pub fn protect(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    protect_into(&mut out, text);
    out
}

/// [`protect`], appending to `out`.
fn protect_into(out: &mut String, text: &str) {
    out.push_str("{% raw %}");
    let bytes = text.as_bytes();
    let mut copied = 0;
    let mut at = 0;
    while let Some(offset) = find_opener(&bytes[at..]) {
        let start = at + offset;
        let is_tag = bytes[start + 1] == b'%';
        match token_end(text, start, is_tag) {
            Some(end) if !ends_with_raw_tag(&text[start..end]) => {
                // A whole, harmless token: shown as written.
                at = end;
            }
            _ => {
                out.push_str(&text[copied..start]);
                if is_tag {
                    out.push_str("{% endraw %}{% raw %}{%{% endraw %}{% raw %}");
                    copied = start + 2;
                } else {
                    out.push_str("{% endraw %}{% raw %}{{% endraw %}{% raw %}");
                    copied = start + 1;
                }
                at = copied;
            }
        }
    }
    out.push_str(&text[copied..]);
    out.push_str("{% endraw %}");
}

/// What the writer of `text` meant by its raw blocks: each
/// `{% raw %}` ... `{% endraw %}` pair is replaced by its content, read the
/// way Liquid's raw tag reads it (token by token, up to the first token
/// that ends in an `endraw` tag), except that a `raw` tag inside a block,
/// which Liquid would show, is taken for the marker it was meant to be
/// (a forgotten `endraw` before it); everything else is kept as written. The
/// inverse of [`protect`]: `unraw(&protect(t)) == t` for every text (a
/// property test), and the way to recover what an old post's writer
/// meant from hand-placed raw pairs.
pub fn unraw(text: &str) -> String {
    candidate_pieces(text, &[], RawTags::Honored)
        .into_iter()
        .map(|piece| match piece {
            Piece::Literal(text) => text,
            Piece::Live(tag) => tag.to_string(),
        })
        .collect()
}

/// Whether a raw block opened in `text` is still open at its end (so
/// text appended there would be inside it).
pub fn ends_inside_raw(text: &str) -> bool {
    whole_tokens(text).fold(false, |in_raw, token| {
        let token_text = &text[token.start..token.end];
        if in_raw {
            !ends_with_endraw(token_text)
        } else {
            token.is_tag && tag_name(token_text) == "raw"
        }
    })
}

/// One whole Liquid token, `text[start..end]`: a tag (`{%`) or an output
/// (`{{`).
struct Token {
    start: usize,
    end: usize,
    is_tag: bool,
}

/// The whole tokens of `text`, in order, as Liquid's tokenizer cuts them;
/// the walk stops at an opener the text never closes.
fn whole_tokens(text: &str) -> impl Iterator<Item = Token> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = at + find_opener(&bytes[at..])?;
        let is_tag = bytes[start + 1] == b'%';
        let end = token_end(text, start, is_tag)?;
        at = end;
        Some(Token { start, end, is_tag })
    })
}

/// A piece of text as Jekyll would show it: literal text, or a Liquid tag
/// that is meant to run (`{% include bunny.html %}`).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece<'a> {
    Literal(String),
    Live(&'a str),
}

/// How [`pieces`] reads raw tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RawTags {
    /// As Liquid does: a raw block's content is literal, the tags vanish
    /// (an old post's hand-placed pairs).
    Honored,
    /// As text like any other (a new article means what it says).
    Literal,
}

/// Cuts `text` into literal pieces and live tags: a tag is live when its
/// name is in `live`, it is outside every raw block and outside Markdown
/// code (a code block or an inline code span shows its text, so a tag
/// there is an example, not an instruction). Everything else is literal.
fn pieces<'a>(text: &'a str, live: &[String], raw: RawTags) -> Vec<Piece<'a>> {
    let candidates = candidate_pieces(text, live, raw);
    if candidates.len() == 1 {
        return candidates;
    }
    // Code is judged on what Markdown sees: the text after Liquid.
    let mut shown = String::with_capacity(text.len());
    let mut live_at = Vec::new();
    for piece in &candidates {
        match piece {
            Piece::Literal(t) => shown.push_str(t),
            Piece::Live(t) => {
                live_at.push(shown.len());
                shown.push_str(t);
            }
        }
    }
    let code = code_ranges(&shown);
    // Tags and code ranges both come in text order (code ranges do not
    // overlap), so one forward walk finds each tag's range: asking every
    // range for every tag was quadratic on long posts full of both.
    let mut code = code.into_iter().peekable();
    let mut live_at = live_at.into_iter();
    let mut out: Vec<Piece<'a>> = Vec::with_capacity(candidates.len());
    for piece in candidates {
        let piece = match piece {
            Piece::Live(tag) => {
                let at = live_at.next().unwrap_or(0);
                while code.next_if(|r| r.end <= at).is_some() {}
                if code.peek().is_some_and(|r| r.contains(&at)) {
                    Piece::Literal(tag.to_string())
                } else {
                    Piece::Live(tag)
                }
            }
            literal => literal,
        };
        match (out.last_mut(), piece) {
            (Some(Piece::Literal(previous)), Piece::Literal(next)) => previous.push_str(&next),
            (_, piece) => out.push(piece),
        }
    }
    out
}

/// [`pieces`] before the code check: every allowlisted tag outside raw
/// blocks is a candidate.
fn candidate_pieces<'a>(text: &'a str, live: &[String], raw: RawTags) -> Vec<Piece<'a>> {
    let mut out = Vec::new();
    let mut literal = String::with_capacity(text.len());
    let mut copied = 0;
    let mut in_raw = false;
    for Token { start, end, is_tag } in whole_tokens(text) {
        let token = &text[start..end];
        if in_raw {
            if ends_with_raw_tag(token) {
                // The endraw ends the block; a raw tag inside the block
                // (shown by Liquid, after a writer forgot an endraw) is a
                // marker all the same, and goes too.
                let last = token.rfind("{%").unwrap_or(0);
                literal.push_str(&text[copied..start + last]);
                copied = end;
                in_raw = !ends_with_endraw(token);
            }
        } else if is_tag {
            let name = tag_name(token);
            if raw == RawTags::Honored && name == "raw" {
                literal.push_str(&text[copied..start]);
                copied = end;
                in_raw = true;
            } else if live.contains(&name) {
                literal.push_str(&text[copied..start]);
                out.push(Piece::Literal(std::mem::take(&mut literal)));
                out.push(Piece::Live(token));
                copied = end;
            }
        }
    }
    literal.push_str(&text[copied..]);
    out.push(Piece::Literal(literal));
    out
}

/// Byte ranges of Markdown code (blocks and inline spans) in `text`.
fn code_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
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

/// Writes `pieces` back: each literal piece protected, each live tag as
/// written. The last literal piece is cut to one final line end, and the
/// closing tag sits on a line of its own, as the renderer writes it.
fn assemble(mut pieces: Vec<Piece<'_>>) -> String {
    if let Some(Piece::Literal(last)) = pieces.last_mut() {
        let kept = last.trim_end_matches(['\n', '\r']).len();
        last.truncate(kept);
        if !last.is_empty() {
            last.push('\n');
        }
    }
    let length: usize = pieces
        .iter()
        .map(|piece| match piece {
            Piece::Literal(text) => text.len() + 32,
            Piece::Live(tag) => tag.len(),
        })
        .sum();
    let mut out = String::with_capacity(length + 1);
    for piece in &pieces {
        match piece {
            Piece::Literal(text) if text.is_empty() => {}
            Piece::Literal(text) => protect_into(&mut out, text),
            Piece::Live(tag) => out.push_str(tag),
        }
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// Protects `text` as the renderer does, except the tags named in `live`
/// outside Markdown code, which are left to run. Raw tags in `text` are
/// text like any other (shown as written).
pub fn protect_except(text: &str, live: &[String]) -> String {
    assemble(pieces(text, live, RawTags::Literal))
}

/// Rewraps an old post's body: what Jekyll showed of it (hand-placed raw
/// pairs read as Liquid reads them, so their content stays and the tags
/// go; any other Liquid shown literally, as the writer typed it) protected
/// the way the renderer protects, with the tags named in `live` (outside
/// raw blocks and code) still running. `rewrap(rewrap(b)) == rewrap(b)`.
pub fn rewrap(body: &str, live: &[String]) -> String {
    assemble(pieces(body, live, RawTags::Honored))
}

/// Whether `body` needs no rewrap: it is exactly what [`rewrap`] makes.
pub fn is_wrapped(body: &str, live: &[String]) -> bool {
    rewrap(body, live) == body
}

/// The name of the tag a `{% ... %}` token starts with.
fn tag_name(token: &str) -> String {
    let inner = token
        .trim_start_matches("{%")
        .trim_start_matches('-')
        .trim_start();
    inner
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// The next `{{` or `{%`.
fn find_opener(bytes: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = memchr::memchr(b'{', &bytes[from..]).map(|i| from + i) {
        if matches!(bytes.get(i + 1), Some(b'{') | Some(b'%')) {
            return Some(i);
        }
        from = i + 1;
    }
    None
}

/// Where Liquid's tokenizer ends a token that starts at `start`: after the
/// first `%}` for a tag, after the first `}` (and one more `}` if there)
/// for an output; `None` when the text ends first.
fn token_end(text: &str, start: usize, is_tag: bool) -> Option<usize> {
    let rest = &text[start + 2..];
    if is_tag {
        rest.find("%}").map(|i| start + 2 + i + 2)
    } else {
        let close = rest.find('}')?;
        let end = start + 2 + close + 1;
        Some(if text.as_bytes().get(end) == Some(&b'}') {
            end + 1
        } else {
            end
        })
    }
}

/// The name of the tag that ends `token`: its last `{%` starts a tag that
/// closes the token.
fn last_tag_name(token: &str) -> Option<String> {
    let last = token.rfind("{%")?;
    if !token.ends_with("%}") {
        return None;
    }
    Some(tag_name(&token[last..]))
}

/// Whether Liquid's raw tag would read `token` as its end.
fn ends_with_endraw(token: &str) -> bool {
    last_tag_name(token).is_some_and(|name| name == "endraw")
}

/// Whether `token` ends in a `raw` or `endraw` tag: inside a raw block the
/// first ends it, and the second is read as a writer's marker by
/// [`rewrap`]; [`protect`] breaks both up so neither is ever read so.
fn ends_with_raw_tag(token: &str) -> bool {
    last_tag_name(token).is_some_and(|name| name == "raw" || name == "endraw")
}

#[cfg(test)]
mod tests {
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
        assert!(
            protect("x {%- endraw -%} y").contains("{% raw %}{%{% endraw %}{% raw %}- endraw -%}")
        );
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
        assert_eq!(unraw("{%- raw -%}k{%- endraw -%}"), "k");
        assert_eq!(
            unraw("{% include bunny.html %} {{ y }}"),
            "{% include bunny.html %} {{ y }}"
        );
        assert_eq!(unraw("{% raw %}{%{% endraw %}"), "{%");
    }

    proptest::proptest! {
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

    #[test]
    fn rewrap_unwraps_hand_placed_pairs_and_wraps_once() {
        let body = "\nText {{item_id}}\n\n```python\n{% raw %}f\"{{x}}\"{% endraw %}\n```\n\n";
        assert_eq!(
            rewrap(body, &live()),
            "{% raw %}\nText {{item_id}}\n\n```python\nf\"{{x}}\"\n```\n{% endraw %}\n"
        );
    }

    #[test]
    fn rewrap_keeps_allowlisted_tags_running_outside_code() {
        let body = "Intro\n\n{% include bunny.html %}\n\n`{% include x.html %}`\n";
        assert_eq!(
            rewrap(body, &live()),
            "{% raw %}Intro\n\n{% endraw %}{% include bunny.html %}{% raw %}\n\n`{% include x.html %}`\n{% endraw %}\n"
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
        let running: Vec<&str> = pieces(body, &live(), RawTags::Literal)
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
            let shown = |text: &str| -> String {
                pieces(text, &live(), RawTags::Honored).iter().map(|p| match p {
                    Piece::Literal(t) => t.clone(),
                    Piece::Live(t) => t.to_string(),
                }).collect::<String>().trim_end_matches(['\n', '\r']).to_string()
            };
            proptest::prop_assert_eq!(shown(&once), shown(&body));
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
}
