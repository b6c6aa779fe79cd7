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
    // Paragraphs across several chunks, each naming its number.
    let article: String = (0..CHUNK / 10)
        .map(|n| format!("Paragraph n{n} is read here.\n\n"))
        .collect();
    let read = blocks(&article);
    assert_eq!(read.len(), CHUNK / 10);
    for (n, block) in read.iter().enumerate() {
        assert_eq!(&*block.text, format!("Paragraph n{n} is read here."));
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
    let (read, voices) = read(&article, &speakers);
    assert_eq!(read.len(), 1 + WORDLESS_RUN + 1);
    let words: usize = read.iter().map(Block::words).sum();
    assert_eq!(words, 7 + 5000 * 7 + 1 + 8);
    let voices: Vec<&str> = voices.iter().map(String::as_str).collect();
    assert_eq!(voices, ["Claude", "Gemini", "Me"]);
    assert!(read[read.len() - 1].text.starts_with("Outro"));
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
