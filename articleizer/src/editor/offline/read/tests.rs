//! The tests of `read.rs`.

use super::*;

fn kinds(article: &str) -> Vec<Kind> {
    let speakers = Sanitizer::new(&sanitizer::Options::default()).expect("defaults");
    parse_blocks(article, &speakers)
        .iter()
        .map(|b| b.kind)
        .collect()
}

fn blocks(article: &str) -> Vec<Block> {
    let speakers = Sanitizer::new(&sanitizer::Options::default()).expect("defaults");
    parse_blocks(article, &speakers)
}

#[test]
fn chunks_read_every_block_once_in_order() {
    // Paragraphs across several chunks, each naming its number (and long
    // enough to be a record each: see `RECORD_BYTES`).
    let words = "a paragraph of a sentence long enough to stand for the paragraphs of a post, which run to hundreds of bytes";
    let count = 3 * CHUNK / (words.len() + 20);
    let article: String = (0..count)
        .map(|n| format!("Paragraph n{n} is {words}.\n\n"))
        .collect();
    let read = blocks(&article);
    assert_eq!(read.len(), count);
    for (n, block) in read.iter().enumerate() {
        assert_eq!(&*block.text, format!("Paragraph n{n} is {words}."));
        assert_eq!(block.source(&article).trim(), &*block.text);
    }
}

#[test]
fn a_paragraph_past_a_chunk_keeps_all_its_words() {
    let lines = CHUNK / 4;
    let article = "word\n".repeat(lines);
    let read = blocks(&article);
    assert!(read.len() > 1 && read.len() < 10, "{}", read.len());
    assert_eq!(read.iter().map(Block::words).sum::<usize>(), lines);
}

#[test]
fn a_line_longer_than_a_chunk_is_read_a_chunk_at_a_time() {
    let line = "[é ".repeat(CHUNK);
    let article =
        format!("Opening words of the article.\n\n{line}\n\nClosing words of the article.\n");
    let read = blocks(&article);
    let pieces = 4 * CHUNK / LINE_PIECE;
    assert!(
        read.len() > pieces && read.len() < 2 * pieces,
        "{}",
        read.len()
    );
    // Every byte is in one block, in order.
    for pair in read.windows(2) {
        assert!(pair[0].span.end <= pair[1].span.start);
    }
    assert_eq!(read.iter().map(Block::words).sum::<usize>(), 5 + CHUNK + 5);
    assert_eq!(&*read[read.len() - 1].text, "Closing words of the article.");
}

#[test]
fn a_line_of_rule_marks_longer_than_a_chunk_is_read_a_piece_at_a_time() {
    // Each piece of the line reads as a thematic break: no block, and the
    // chunk must still move on.
    for marks in ["* ", "- ", "_ "] {
        let line = marks.repeat(CHUNK);
        let article = format!("Opening words here.\n\n{line}\n\nClosing words.\n");
        let texts: Vec<String> = blocks(&article).into_iter().map(|b| b.text).collect();
        assert_eq!(
            texts,
            ["Opening words here.", "Closing words."],
            "{marks:?}"
        );
    }
}

#[test]
fn a_long_run_of_wordless_blocks_is_a_few_records() {
    let article = format!(
        "Intro words of a longer paragraph.\n\n{}Outro words of a longer paragraph.\n",
        "::\n\n".repeat(10_000)
    );
    let read = blocks(&article);
    assert_eq!(read.len(), 1 + WORDLESS_RUN + 1);
    assert_eq!(
        &*read[read.len() - 1].text,
        "Outro words of a longer paragraph."
    );
    // The last wordless record spans the rest of the run.
    let run_end = read[read.len() - 2].span.end;
    assert!(article[run_end..].trim_start().starts_with("Outro"));
}

#[test]
fn a_long_run_of_short_turns_is_a_few_records_with_every_word_and_voice() {
    let turns = "Me: hi there, what now?\n\nClaude: We tile it.\n\n".repeat(5000);
    let article = format!("Intro words of a longer opening paragraph.\n\n{turns}Gemini: late.\n\nOutro words of a longer closing paragraph here.\n");
    let speakers = Sanitizer::new(&sanitizer::Options::default()).expect("defaults");
    let Structure {
        blocks: read,
        speakers: voices,
        ..
    } = read(&article, &speakers);
    assert_eq!(read.len(), 1 + WORDLESS_RUN + 1);
    let words: usize = read.iter().map(Block::words).sum();
    assert_eq!(words, 7 + 5000 * 7 + 1 + 8);
    let voices: Vec<&str> = voices.iter().map(String::as_str).collect();
    assert_eq!(voices, ["Claude", "Gemini", "Me"]);
    assert!(read[read.len() - 1].text.starts_with("Outro"));
}

/// Blocks of every kind, a few bytes each, and the records they make.
fn dense_blocks() -> (String, Structure) {
    let units = [
        "```\n```\n",
        "# a b\n",
        "> quoted words\n\n",
        "<b>\n\n",
        "~~~rust\n~~~\n",
        "Me: one two three four five\n\n",
    ];
    let article: String = (0..60_000).map(|n| units[n % units.len()]).collect();
    let speakers = Sanitizer::new(&sanitizer::Options::default()).expect("defaults");
    let read = read(&article, &speakers);
    (article, read)
}

#[test]
fn dense_blocks_of_any_kind_make_a_record_per_record_bytes() {
    let (article, read) = dense_blocks();
    let records = read.blocks.len();
    assert!(
        records <= FREE_RECORDS + article.len() / RECORD_BYTES + 1,
        "{records}"
    );
    // Each record stands for the blocks up to the next one: in order, and
    // every word a reader sees is in one of them.
    for pair in read.blocks.windows(2) {
        assert!(pair[0].span.end <= pair[1].span.start);
    }
    let words: usize = read.blocks.iter().map(Block::words).sum();
    assert_eq!(words, 10_000 * (2 + 2 + 5));
    // The code blocks are counted as read, not as records.
    assert_eq!(read.code_blocks, 20_000);
    let languages: Vec<&str> = read.languages.iter().map(|l| &**l).collect();
    assert_eq!(languages, ["rust"]);
    assert!(!read.more_languages);
    assert_eq!(
        read.speakers.iter().map(String::as_str).collect::<Vec<_>>(),
        ["Me"]
    );
}

#[test]
fn the_first_records_are_a_block_each_however_dense() {
    let (_, read) = dense_blocks();
    let kinds: Vec<Kind> = read.blocks.iter().take(12).map(|b| b.kind).collect();
    use Kind::{Code, Heading, Other, Paragraph};
    let six = [Code, Heading, Other, Other, Code, Paragraph];
    assert_eq!(kinds, [six, six].concat());
}

#[test]
fn languages_past_the_bound_are_the_first_in_order_and_a_mark() {
    let article: String = (0..LANGUAGES + 4)
        .rev()
        .map(|n| format!("```l{n:02}\ncode\n```\n\n"))
        .collect();
    let speakers = Sanitizer::new(&sanitizer::Options::default()).expect("defaults");
    let read = read(&article, &speakers);
    assert_eq!(read.code_blocks, LANGUAGES + 4);
    let languages: Vec<String> = read.languages.iter().map(|l| l.to_string()).collect();
    let first: Vec<String> = (0..LANGUAGES).map(|n| format!("l{n:02}")).collect();
    assert_eq!(languages, first);
    assert!(read.more_languages);
}

#[test]
fn thematic_breaks_end_chunks_and_are_never_blocks() {
    // More rules than a chunk holds, between paragraphs.
    let rules = "---\n\n".repeat(CHUNK / 3);
    let article =
        format!("Opening words here.\n\n{rules}Middle words here.\n\n{rules}Closing words.\n");
    let read = blocks(&article);
    let texts: Vec<&str> = read.iter().map(|b| &*b.text).collect();
    assert_eq!(
        texts,
        [
            "Opening words here.",
            "Middle words here.",
            "Closing words."
        ]
    );
}

#[test]
fn a_list_or_quote_past_a_chunk_is_read_a_chunk_at_a_time() {
    for item in ["- item word\n", "> quoted word\n", "| a | b |\n"] {
        let lines = 2 * CHUNK / item.len();
        let article = format!("| a | b |\n|---|---|\n{}", item.repeat(lines));
        let read = blocks(&article);
        assert!(read.len() < 10, "{item:?}: {}", read.len());
        // No block of more than a chunk (and its last line) was parsed.
        let longest = read.iter().map(|b| b.span.len()).max().unwrap_or(0);
        assert!(longest <= CHUNK + item.len(), "{item:?}: {longest}");
        for pair in read.windows(2) {
            assert!(pair[0].span.end <= pair[1].span.start);
        }
        let words: usize = read.iter().map(Block::words).sum();
        assert!(words >= 2 * lines, "{item:?}: {words} of {lines} lines");
    }
}

#[test]
fn a_fenced_block_past_a_chunk_is_read_whole() {
    let code = "# not a heading\n".repeat(CHUNK / 8);
    let article = format!("Before the code.\n\n```\n{code}```\n\nAfter the code.\n");
    let read = blocks(&article);
    let kinds: Vec<Kind> = read.iter().map(|b| b.kind).collect();
    assert_eq!(kinds, [Kind::Paragraph, Kind::Code, Kind::Paragraph]);
}

#[test]
fn think_blocks_are_reasoning_up_to_their_close() {
    let article =
        "Question here.\n\n<think>\nPondering.\n\nMore pondering.\n</think>\n\nThe answer.\n";
    assert_eq!(
        kinds(article),
        [
            Kind::Paragraph,
            Kind::Reasoning,
            Kind::Reasoning,
            Kind::Paragraph
        ]
    );
}

#[test]
fn a_show_thinking_trace_ends_where_the_answer_starts() {
    let article = "Show thinking\n\n**Weighing the options**\n\nI am weighing them.\n\n**Settling**\n\nI settle.\n\nHere is the answer.\n\nAnd more of it.\n";
    assert_eq!(
        kinds(article),
        [
            Kind::Reasoning,
            Kind::Reasoning,
            Kind::Reasoning,
            Kind::Reasoning,
            Kind::Reasoning,
            Kind::Paragraph,
            Kind::Paragraph
        ]
    );
}
