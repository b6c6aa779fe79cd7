//! The block view and its chunks read as the whole text does.

use super::chunks::{blank_line_alone, chunked, is_cut, BlockKind};
use super::table::table_end;
use super::*;
use pulldown_cmark::{Event, Options, Parser};

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// `lines` (each given its line break) read in the view, and in chunks of
/// `chunk` bytes, as the whole text does, with tables and without.
fn reads_as_the_whole_text(
    lines: &[&str],
    chunk: usize,
) -> Result<(), proptest::test_runner::TestCaseError> {
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let view = block_view(&text);
    for options in [options(), Options::empty()] {
        let whole = ranges(&text, options);
        proptest::prop_assert_eq!(
            &ranges(&view, options),
            &whole,
            "{:?} read as {:?}",
            text,
            view
        );
        let mut got = Vec::new();
        chunked(&text, options, chunk, |range, _| got.push(range));
        proptest::prop_assert_eq!(got, whole, "{:?} in chunks of {}", text, chunk);
    }
    Ok(())
}

/// The top-level block ranges pulldown-cmark finds with `options`.
fn ranges(text: &str, options: Options) -> Vec<std::ops::Range<usize>> {
    blocks_with(text, options)
        .into_iter()
        .map(|(r, _)| r)
        .collect()
}

/// The top-level block ranges pulldown-cmark finds, each with whether it
/// is a container of events (a start tag) rather than a single event.
fn blocks(text: &str) -> Vec<(std::ops::Range<usize>, bool)> {
    blocks_with(text, options())
}

fn blocks_with(text: &str, options: Options) -> Vec<(std::ops::Range<usize>, bool)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(_) => {
                if depth == 0 {
                    out.push((range, true));
                }
                depth += 1;
            }
            Event::End(_) => depth -= 1,
            _ if depth == 0 => out.push((range, false)),
            _ => {}
        }
    }
    out
}

#[test]
fn the_blocks_of_the_view_are_the_blocks_of_the_text() {
    let texts = [
        "A [link](x) and `code` and *em* & <b>bold</b>.\n\nNext ![img](y).\n",
        "- [ ] task\n- *item* `x`\n\n> quote [a]\n> more\n\n1. one\n2) two\n",
        "```python\nx = [1]  # `a`\n```\n\n~~~\n<pre>\n~~~\n",
        "***\n___\n---\nText\n===\n\n| a | b\\|c |\n|---|:-:|\n| [x] | *y* |\n",
        "<pre>\n[a]\n\n*b* </pre> after\n\nParagraph [c].\n",
        "<div class=\"[x]\">\n*a*\n\n<!-- [c]\n\n-->\n<![CDATA[ [x]\n\n]]> y\n\nz\n",
        "[label]: https://example.com \"t [x]\"\n\n[not a label [x]]: y\n",
        "<script>var a = [1];</script>\n\n<textarea>\n\n</TEXTAREA>\nafter\n",
        "    indented *code* [x]\n\ntext\\\nbreak \\* \\[ not\n\n\\# not a heading\n",
        "``` a`b\nnot a fence\n\n`` `\n",
        "a\nb\n    c\nd\n\n    code\n    more\nafter\n\n  x\ny\n",
        "- ```\n  a\nb\n\n- item\n  more\nlazy\n",
        "a\rb\r```\r[x]\r```\r\r# h\r\nc\r\nd\r\n",
        "> a\nb\n\n1. x\n   y\nz\n\nTitle\nline\n===\n",
        "<div>\na\nb\n\nc\n\n<!--\na\nb -->\nc\nd\n",
        "Text\tand\n\tindented\nAnd \u{a0}more\n\u{e9}t\u{e9}\nnext | cell\n-|-\n",
    ];
    let deep = [
        "> ".repeat(100) + "a\nb\n",
        "- ".repeat(100) + "\n\nx\n",
        "1. ".repeat(100) + "a\n\n2. b\n",
        "* ".repeat(100) + "[a](b)\n",
    ];
    let cut = [
        "A\n\n```\nx\n\nopen\n\ncode\n```\n\nB\n\n<pre>\na\n\nb\n</pre>\n\nC\n\n- a\n\n  b\n\nc\n",
        "Para\n\n```\nnever closed\n\nat all\n\nend\n",
        "<!--\n\nno end\n\nat all\n",
        "# a\n# b\npara\n# c\n- x\n# d\n> q\n# e\n    code\n# f\n<div>\n# g\n</div>\n# h\n",
        "```\n```\n```\n# in code\n```\n~~~~\n~~~\n~~~~\n***\n___\n---\n---\npara\n---\n- - -\n",
        "<!-- a -->\n# h\n<!--\n# in\n-->\n# out\n<pre>\n# in\n</pre>\n# out\na | b\n-|-\n# h\n",
        "para\n```\ncode\n```\n# h\n```\nopen\n# in\n",
    ];
    for text in texts
        .iter()
        .copied()
        .chain(deep.iter().map(String::as_str))
        .chain(cut)
    {
        let view = block_view(text);
        assert_eq!(view.len(), text.len());
        let whole = blocks(text);
        assert_eq!(blocks(&view), whole, "{text:?} read as {view:?}");
        for chunk in [1, 2, 5, 16, 1000] {
            let mut got = Vec::new();
            chunked(text, options(), chunk, |range, _| got.push(range));
            let want: Vec<_> = whole.iter().map(|(r, _)| r.clone()).collect();
            assert_eq!(got, want, "{text:?} in chunks of {chunk}");
        }
    }
}

proptest::proptest! {
    #[test]
    fn chunks_read_as_the_whole_text(lines in proptest::collection::vec(0..34usize, 0..40), chunk in 1..40usize) {
        const LINES: [&str; 34] = [
            "", "", "a [b] *c*", "Word `x`", "# h", "- x", "  y", "```", "~~~", "---", "***",
            "<div>", "</div>", "<!--", "-->", "> q", "    code", "a | b", "-|-", "[x]: /u",
            "<pre>", "</pre>", "1. n", "===", "<![CDATA[", "]]>", "- y", "* z", "2) m", "10. q",
            "> <b>w", "_e_", "|x|", "&amp;",
        ];
        let text: String = lines.iter().map(|&n| format!("{}\n", LINES[n])).collect();
        let whole: Vec<_> = blocks(&text).into_iter().map(|(r, _)| r).collect();
        let mut got = Vec::new();
        chunked(&text, options(), chunk, |range, _| got.push(range));
        proptest::prop_assert_eq!(got, whole, "{:?} in chunks of {}", text, chunk);
    }
}

proptest::proptest! {
    /// Tables cut anywhere in their rows read as the whole text does,
    /// whatever comes before, between and after them.
    #[test]
    fn tables_read_as_the_whole_text(
        lines in proptest::collection::vec(proptest::sample::select(vec![
            "", "| a | b |", "| a | b |", "|x|", "| \\| c \\", "| [l](u) *e* |", "|", "||",
            "|---|---|", "|-|", "| :-: | --- |", "---", "-|-", "a | b", "a", "===", "> q", "- i",
            "# h", "```", "    code", "<div>", "| a\r", " | b |", "\t| c", "***", "|a|b|c|d|",
            "<pre>", "| x </pre>", "<!--", "| -->", "   |-|-|", "1. n", "[x]: /u", "a | b |",
            "b", "  | c", "> |-|", "- |-|", "  d |", "\\", "a\\", "| e\\",
        ]), 0..40),
        chunk in 1..40usize,
    ) {
        reads_as_the_whole_text(&lines, chunk)?;
    }
}

proptest::proptest! {
    /// Lists of items of one kind or alternating kinds, their items'
    /// text of any kind, read as the whole text does, in chunks.
    #[test]
    fn lists_read_as_the_whole_text(
        lines in proptest::collection::vec(proptest::sample::select(vec![
            "", "1. Copy code", "-  q", "* [p=", "+ e", "2. f", "1) g", "- [x", "- a | b", "* > q",
            "- <b>", "* * *", "- ", "-", "1.", "  text", "text", "- - -", "---", "-|-", "  - n",
            "* (x)", "- [a]: /u", "1. [b]", "- # h", "- ```", "```", "10. z", "\t- t", "- \\",
            "[x]:", "dest", "'t' u", "[y]: /u",
        ]), 0..40),
        chunk in 1..40usize,
    ) {
        reads_as_the_whole_text(&lines, chunk)?;
    }
}

#[test]
fn rows_and_lines_with_bars_are_one_line_in_the_view() {
    let text = "| h | i |\n|---|---|\n| a | b |\n| c \\| d |\nand e | f\n\nafter\n";
    assert_eq!(
        block_view(text),
        "| h | i |\n|---|---|\n| a | b | x c xx d x and e x f\n\nafter\n"
    );
    // A line with a bar before a possible delimiter row may be a table's
    // header, and such a row may be its delimiter row: each stays a line.
    let text = "| a |\n| b |\n|---|\n| c |\n> | d |\n> |-|\n";
    assert_eq!(block_view(text), text);
}

#[test]
fn a_table_is_followed_to_its_end_a_piece_at_a_time() {
    let head = "Intro.\n\n  | h | i |\n  |---|:-:|\n";
    let rows: String = (0..500).map(|n| format!("| {n} | *{n}* |\n")).collect();
    let text = format!("{head}{rows}\nafter\n");
    let start = head.find('|').expect("the header");
    let want = head.len() + rows.len();
    assert_eq!(blocks(&text)[1].0, start..want);
    for piece in [1, 10, 100, 100_000] {
        assert_eq!(
            table_end(&text, start, head.len(), options(), piece),
            Some(want),
            "pieces of {piece}"
        );
    }
    // Two lines that are no table's start alone: the caller parses on.
    let text = "| h |\n| a |\n| b |\n";
    assert_eq!(table_end(text, 0, 12, options(), 4), None);
}

#[test]
fn a_chunk_restarts_only_after_a_blank_line_alone() {
    let text = "[a]\n\n[b]\n[x]: /u\n\n[c]\n";
    // After "[a]" (ending at 4), a blank line, then "[b]" at 5.
    assert!(blank_line_alone(text, 4, 5));
    // A link reference definition between: "[c]" at 18 after "[b]".
    assert!(!blank_line_alone(text, 9, 18));
    // No blank line at all.
    assert!(!blank_line_alone(text, 9, 9));
    assert!(!blank_line_alone("a\r\nb\r\n", 3, 3));
    assert!(blank_line_alone("a\r\n\r\nb\r\n", 3, 5));
}

#[test]
fn a_long_table_is_one_block_read_in_pieces() {
    let mut text = String::from("Intro.\n\n| h | i |\n|---|:-:|\n");
    for n in 0..2_000 {
        text.push_str(&format!("| {n} | *{n}* |\n"));
    }
    text.push_str("> after\n\n| h |\n|---|\n| a |\n");
    let whole: Vec<_> = blocks(&text).into_iter().map(|(r, _)| r).collect();
    assert_eq!(whole.len(), 4, "{whole:?}");
    for chunk in [1, 7, 64, 1000, 100_000] {
        let mut got = Vec::new();
        chunked(&text, options(), chunk, |range, kind| {
            got.push((range, kind))
        });
        let ranges: Vec<_> = got.iter().map(|(r, _)| r.clone()).collect();
        assert_eq!(ranges, whole, "in chunks of {chunk}");
        assert_eq!(got[1].1, BlockKind::Table);
    }
}

#[test]
fn texts_of_tiny_blocks_are_cut_into_chunks() {
    for unit in [
        "a\n\n",
        "# h\n",
        "```\n```\n",
        "***\n",
        "Para.\n\n- item\n\n",
    ] {
        let text = unit.repeat(1000);
        let cuts = (1..text.len())
            .filter(|&at| text.as_bytes()[at - 1] == b'\n' && is_cut(text.as_bytes(), at))
            .count();
        assert!(cuts >= 999, "{unit:?}: {cuts} cuts");
    }
}

#[test]
fn inline_marks_become_letters() {
    assert_eq!(block_view("[[[[a]("), "[xxxax(");
    assert_eq!(block_view("A [b] <c> & d\\e"), "A xbx xc> x dxe");
    assert_eq!(block_view("No marks."), "No marks.");
}

proptest::proptest! {
    /// Lines that are a paragraph or a heading of their own are read
    /// without the parser, as it reads them, with each set of options
    /// the passes use.
    #[test]
    fn lone_blocks_read_as_the_parser_reads_them(
        lines in proptest::collection::vec(proptest::sample::select(vec![
            "", " ", "\t", "a", "::", "& x", "#", "# h", "## h ##", "#######", "#x", "1. n", "- i",
            "> q", "    code", "```", "~~~", "<div>", "-->", "a | b", "-|-", "===", "---", "***",
            "[x]: /u", ": def", "\u{e9}t\u{e9}", "(p)", "\\", "{% a %}", "a\r", "  b", "| c |",
            "``` a`b", "    # h", "   # h", "  ~~~", "x", "y",
        ]), 0..40),
        chunk in 1..40usize,
    ) {
        let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
        for options in [Options::empty(), options(), Options::ENABLE_TABLES] {
            let whole = ranges(&text, options);
            let mut got = Vec::new();
            chunked(&text, options, chunk, |range, _| got.push(range));
            proptest::prop_assert_eq!(got, whole, "{:?} in chunks of {}", text, chunk);
        }
    }
}
#[test]
fn a_link_reference_definition_keeps_its_lines() {
    for text in [
        "[x]:\ndest\ntext\n",
        "para\n\n[x]:\ndest\ntext\n",
        "[x]:\n/u\n'title' junk\n",
        "[x]: /u\n[y]:\ndest\nmore text\n\nnext\nlines\n",
    ] {
        let view = block_view(text);
        assert_eq!(blocks(&view), blocks(text), "{text:?} as {view:?}");
    }
}
