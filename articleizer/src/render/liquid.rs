//! Protecting text from Liquid, which Jekyll runs over every post before
//! Markdown.
//!
//! The text goes inside one `{% raw %}` ... `{% endraw %}` pair. Inside it,
//! Liquid still tokenizes: a token runs from `{%` to the first `%}`, or
//! from `{{` to the first `}`, across lines. Two kinds of token would break
//! the pair: one that ends in an `endraw` tag (the text's own
//! `{% endraw %}`, `{%- endraw -%}`), and one left open, which would run
//! into our closing `endraw` and swallow it. Those openers are written
//! outside the raw block, each through a one-character raw block of its
//! own (`{% raw %}{%{% endraw %}` renders `{%`), and the raw block resumes
//! right after. Every other token inside the raw block is shown as written.

/// Wraps `text` so that Liquid renders it byte for byte.
pub fn protect(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    out.push_str("{% raw %}");
    let bytes = text.as_bytes();
    let mut copied = 0;
    let mut at = 0;
    while let Some(offset) = find_opener(&bytes[at..]) {
        let start = at + offset;
        let is_tag = bytes[start + 1] == b'%';
        match token_end(text, start, is_tag) {
            Some(end) if !ends_with_endraw(&text[start..end]) => {
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
    out
}

/// What Jekyll shows of `text` as far as raw blocks go: each
/// `{% raw %}` ... `{% endraw %}` pair is replaced by its content, read the
/// way Liquid's raw tag reads it (token by token, up to the first token
/// that ends in an `endraw` tag); everything else is kept as written. The
/// inverse of [`protect`]: `unraw(&protect(t)) == t` for every text (a
/// property test), and the way to recover what an old post's writer
/// meant from hand-placed raw pairs.
pub fn unraw(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut copied = 0;
    let mut at = 0;
    let mut in_raw = false;
    while let Some(offset) = find_opener(&bytes[at..]) {
        let start = at + offset;
        let is_tag = bytes[start + 1] == b'%';
        let Some(end) = token_end(text, start, is_tag) else {
            break;
        };
        let token = &text[start..end];
        if in_raw {
            if ends_with_endraw(token) {
                let last = token.rfind("{%").unwrap_or(0);
                out.push_str(&text[copied..start + last]);
                copied = end;
                in_raw = false;
            }
        } else if is_tag && tag_name(token) == "raw" {
            out.push_str(&text[copied..start]);
            copied = end;
            in_raw = true;
        }
        at = end;
    }
    out.push_str(&text[copied..]);
    out
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

/// Whether Liquid's raw tag would read `token` as its end: the token's last
/// `{%` starts an `endraw` tag that closes the token.
fn ends_with_endraw(token: &str) -> bool {
    let Some(last) = token.rfind("{%") else {
        return false;
    };
    let inner = token[last + 2..]
        .trim_end_matches("%}")
        .trim_start_matches('-')
        .trim_start();
    let name: String = inner
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    name == "endraw" && token.ends_with("%}")
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
