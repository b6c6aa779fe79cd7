//! Front matter values from the editor, for layouts that print them as
//! they are.
//!
//! Real layouts print `page.title` and `page.description` raw in HTML
//! text (`<title>`, `<h1>`), in double- and single-quoted attributes
//! (`<meta name="description" content="…">`), through `markdownify` and
//! `jsonify` (JSON-LD in a `<script>`), and in feeds (jekyll-feed puts
//! the description in a CDATA section). A value is safe in all of these
//! when it holds:
//!
//! - no quote that can close an attribute: `"` and `'` become typographic
//!   quotes (“ ” ‘ ’), chosen by what precedes them;
//! - no `<` or `>`: they become `‹` and `›`, so no tag, comment, CDATA end
//!   (`]]>`) or `</script>` can form;
//! - no line break: every run of white space is one space, so markdownify
//!   sees one paragraph (no blocks, no reference definitions);
//! - no inline link or image: `](` becomes `] (`, which neither kramdown
//!   nor CommonMark reads as a link (checked against kramdown);
//! - no Liquid and no kramdown extension or attribute list: a `{` before
//!   `{`, `%`, `:` or `#` gets a space after it;
//! - no character reference: an `&` that starts one (`&#x1b;`,
//!   `&#xD800;`, `&lt;`) is written `&amp;`, since markdownify and
//!   `smartify` decode references, and a control character or a lone
//!   surrogate decoded there breaks the feed's XML or the whole build;
//! - no control character and no bidirectional override (dropped).
//!
//! Titles and descriptions still read naturally.

use super::text::is_unwanted_control;

/// A front matter value from the editor, safe wherever a layout prints it.
pub fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut previous: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if is_unwanted_control(c) && !c.is_whitespace() {
            continue;
        }
        if c.is_whitespace() {
            if previous.is_some_and(|p| p != ' ') {
                out.push(' ');
                previous = Some(' ');
            }
            continue;
        }
        let opening = previous.is_none_or(|p| p == ' ' || "([{‹“‘".contains(p));
        match c {
            '"' => out.push(if opening { '“' } else { '”' }),
            '\'' => out.push(if opening { '‘' } else { '’' }),
            '<' => out.push('‹'),
            '&' if starts_reference(chars.clone()) => out.push_str("&amp;"),
            '>' => out.push('›'),
            ']' if chars.peek() == Some(&'(') => out.push_str("] "),
            '{' if chars
                .peek()
                .is_some_and(|n| matches!(n, '{' | '%' | ':' | '#')) =>
            {
                out.push_str("{ ")
            }
            c => out.push(c),
        }
        previous = Some(c);
    }
    let kept = out.trim_end().len();
    out.truncate(kept);
    out
}

/// Whether the text after an `&` makes it a character reference:
/// `#` and digits, `#x` and hex digits, or a name, then `;`.
fn starts_reference(rest: impl Iterator<Item = char>) -> bool {
    for (n, c) in rest.take(40).enumerate() {
        match c {
            '#' if n == 0 => {}
            ';' => return n > 0,
            c if c.is_ascii_alphanumeric() => {}
            _ => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::plain;

    #[test]
    fn quotes_become_typographic() {
        assert_eq!(
            plain("The \"best\" tool's 'take'"),
            "The “best” tool’s ‘take’"
        );
        assert_eq!(
            plain("x\" autofocus onfocus=\"alert(1)"),
            "x” autofocus onfocus=”alert(1)"
        );
    }

    #[test]
    fn no_tag_cdata_end_or_line_break() {
        assert_eq!(
            plain("</title><script>x</script> ]]> a\nb\u{2028}c"),
            "‹/title›‹script›x‹/script› ]]› a b c"
        );
    }

    #[test]
    fn links_liquid_and_extensions_cannot_form() {
        assert_eq!(
            plain("[x](javascript:alert(1)) ![i](https://t.example/p.png)"),
            "[x] (javascript:alert(1)) ![i] (https://t.example/p.png)"
        );
        assert_eq!(
            plain("{% include x %} {{ site.title }} *a*{: onclick=x} {::nomarkdown}"),
            "{ % include x %} { { site.title }} *a*{ : onclick=x} { ::nomarkdown}"
        );
        assert_eq!(plain("a {b} c"), "a {b} c");
    }

    #[test]
    fn character_references_are_written_as_text() {
        assert_eq!(plain("a &#xD800; b"), "a &amp;#xD800; b");
        assert_eq!(plain("&#x1b;&#1;&lt;"), "&amp;#x1b;&amp;#1;&amp;lt;");
        assert_eq!(plain("AT&T & more; R&D"), "AT&T & more; R&D");
    }

    #[test]
    fn controls_go_and_spaces_fold() {
        assert_eq!(plain("  a\u{1b}[2J\t\tb\u{7} "), "a[2J b");
    }
}
