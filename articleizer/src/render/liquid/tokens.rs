//! Liquid's tokenizer and tag readers, as Ruby Liquid 5.4 (Jekyll 4.3)
//! implements them. The rules, with the Liquid source each one follows:
//!
//! - **Tokens** (`Liquid::Tokenizer`, `TemplateParser`): the text is cut at
//!   `{%.*?%}` (a tag, up to the first `%}`, across lines), `{{.*?}}?` (an
//!   output, up to the first `}` and one more `}` if it follows), or, when
//!   neither closes, the bare opener `{%` or `{{` alone. The leftmost match
//!   wins; at a `{` both a tag and an output could start only one way, since
//!   the second character decides.
//! - **Character classes**: Ruby's `\s` is ASCII only (space, `\t`, `\n`,
//!   `\v`, `\f`, `\r`) and `\w` is ASCII only (`[A-Za-z0-9_]`). A
//!   non-breaking space is not white space and `é` is not a word character.
//! - **A tag's name** (`BlockBody::FullToken`): `{%`, an optional `-`, white
//!   space, then `#` or a run of word characters. A tag token without one
//!   (`{%%}`, `{%<NBSP>include x %}`) is a syntax error at the top level.
//! - **The end of a raw block** (`Raw::FullTokenPossiblyInvalid`,
//!   `/\A(.*)\{%\s*(\w+)\s*(.*)?%\}\z/m`): inside `raw`, every token is
//!   body except one that ends with `%}` and whose *last* `{%` followed by
//!   white space and a word character (the greedy `(.*)`) names `endraw`;
//!   the text before that `{%` is body too. No `-` is allowed after the
//!   `{%`, so `{%- endraw -%}` does not end a raw block in 5.4, while
//!   `{% endrawé %}` (the word run stops at `é`) and `{{ x {% endraw %}`
//!   do.
//! - **White space control** (`BlockBody#whitespace_handler`): a tag or an
//!   output whose third character is `-` strips the white space (and NULs)
//!   at the end of the text node just before it; one whose third character
//!   from the end is `-` strips the start of the next token if that token is
//!   text. `raw` reads its body without looking at this, so `{% raw -%}`
//!   strips the text after its `endraw`, and `-` on an `endraw` does
//!   nothing.

/// Ruby's `\s`.
pub(super) fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// Ruby's `\w`.
fn is_word(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// What Ruby's `strip` removes: white space and NUL.
pub(super) fn is_strippable(c: char) -> bool {
    c == '\0' || (c.is_ascii() && is_space(c as u8))
}

/// One Liquid token, `text[start..end]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
}

/// The kinds of token Liquid cuts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// `{% ... %}`.
    Tag,
    /// `{{ ... }` or `{{ ... }}`.
    Output,
    /// `{%` or `{{` with nothing after it that closes it.
    BareOpener,
}

/// Cuts text into tokens as Liquid does, from any position forward. It
/// remembers where it last found a closer, so a text full of openers that
/// never close costs one pass, not one pass per opener.
pub(super) struct Tokenizer<'a> {
    bytes: &'a [u8],
    /// The first `%}` at or after some position, or `None` if none exists
    /// after the position last searched.
    tag_close: Option<Option<usize>>,
    /// The same for `}`.
    brace_close: Option<Option<usize>>,
}

impl<'a> Tokenizer<'a> {
    /// A tokenizer over `text`.
    pub fn new(text: &'a str) -> Self {
        Tokenizer {
            bytes: text.as_bytes(),
            tag_close: None,
            brace_close: None,
        }
    }

    /// The next token that starts at or after `from`.
    pub fn next_from(&mut self, from: usize) -> Option<Token> {
        let start = from + find_opener(&self.bytes[from.min(self.bytes.len())..])?;
        let body = start + 2;
        if self.bytes[start + 1] == b'%' {
            let end = match self.tag_close_from(body) {
                Some(close) => close + 2,
                None => return Some(bare(start)),
            };
            Some(Token {
                start,
                end,
                kind: Kind::Tag,
            })
        } else {
            let close = match self.brace_close_from(body) {
                Some(close) => close,
                None => return Some(bare(start)),
            };
            let end = if self.bytes.get(close + 1) == Some(&b'}') {
                close + 2
            } else {
                close + 1
            };
            Some(Token {
                start,
                end,
                kind: Kind::Output,
            })
        }
    }

    fn tag_close_from(&mut self, from: usize) -> Option<usize> {
        match self.tag_close {
            Some(None) => return None,
            Some(Some(at)) if at >= from => return Some(at),
            _ => {}
        }
        let found = memchr::memmem::find(&self.bytes[from..], b"%}").map(|i| from + i);
        self.tag_close = Some(found);
        found
    }

    fn brace_close_from(&mut self, from: usize) -> Option<usize> {
        match self.brace_close {
            Some(None) => return None,
            Some(Some(at)) if at >= from => return Some(at),
            _ => {}
        }
        let found = memchr::memchr(b'}', &self.bytes[from..]).map(|i| from + i);
        self.brace_close = Some(found);
        found
    }
}

fn bare(start: usize) -> Token {
    Token {
        start,
        end: start + 2,
        kind: Kind::BareOpener,
    }
}

/// Every token of `text`, in order.
pub(super) fn all(text: &str) -> impl Iterator<Item = Token> + '_ {
    let mut tokenizer = Tokenizer::new(text);
    let mut at = 0;
    std::iter::from_fn(move || {
        let token = tokenizer.next_from(at)?;
        at = token.end;
        Some(token)
    })
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

/// The name of a `{% ... %}` tag as Liquid reads it at the top level
/// (`#` or a run of ASCII word characters after `{%`, a `-` and ASCII
/// white space), or `""` when it has none (a syntax error in Liquid).
pub(super) fn tag_name(token: &str) -> &str {
    let bytes = token.as_bytes();
    let mut at = 2;
    if bytes.get(at) == Some(&b'-') {
        at += 1;
    }
    while bytes.get(at).is_some_and(|b| is_space(*b)) {
        at += 1;
    }
    if bytes.get(at) == Some(&b'#') {
        return &token[at..at + 1];
    }
    let start = at;
    while bytes.get(at).is_some_and(|b| is_word(*b)) {
        at += 1;
    }
    &token[start..at]
}

/// How Liquid's `raw` reads a token inside its block: `Some(before)` when
/// the token ends the block (`before` is the token's text ahead of the
/// ending tag, which is body), `None` when the whole token is body.
pub(super) fn ends_raw(token: &str) -> Option<&str> {
    raw_reading(token, false)
}

/// Like [`ends_raw`], and also for `{%- endraw %}`, which ends a raw block
/// in Liquid 5.5 and later: what [`super::protect`] breaks up, so the
/// protection holds on either version.
pub(super) fn ends_raw_any_version(token: &str) -> bool {
    raw_reading(token, false).is_some() || raw_reading(token, true).is_some()
}

fn raw_reading(token: &str, dash: bool) -> Option<&str> {
    let bytes = token.as_bytes();
    if bytes.len() < 4 || !token.ends_with("%}") {
        return None;
    }
    let last_close = bytes.len() - 2;
    // The greedy `(.*)`: the last `{%` that can start the ending tag wins,
    // and only its name is compared with `endraw`.
    for open in (0..last_close).rev() {
        if bytes[open] != b'{' || bytes[open + 1] != b'%' {
            continue;
        }
        let mut at = open + 2;
        if dash && bytes.get(at) == Some(&b'-') {
            at += 1;
        }
        while at < last_close && is_space(bytes[at]) {
            at += 1;
        }
        if at < last_close && is_word(bytes[at]) {
            let name_start = at;
            while at < last_close && is_word(bytes[at]) {
                at += 1;
            }
            return (&token[name_start..at] == "endraw").then_some(&token[..open]);
        }
    }
    None
}
