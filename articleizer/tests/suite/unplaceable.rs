//! "Is the snippet found" has one answer (issue 29): the validator asks
//! the renderer's question ([`Blocks::places`]), so a subheading the
//! renderer would leave out is a problem the editor is asked to fix, and
//! both report it the same way.

use crate::editor::{article, gemini_editor};
use articleizer::editor::Editor;
use articleizer::instructions::snippets::{Blocks, Miss};
use articleizer::instructions::{Instructions, Rules};
use articleizer::render::subheadings::place;
use serde_json::{json, Value};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn valid() -> Value {
    serde_json::from_str(e2e::VALID_ANSWER).expect("json")
}

fn answer(value: &Value) -> ResponseTemplate {
    e2e::gemini_answer(&value.to_string())
}

fn editor(server: &MockServer, cache: &std::path::Path) -> Editor {
    gemini_editor(server, cache, "test-key-unplaceable-5512", 1)
}

/// The first answer (`unplaceable`) leaves subheading 0 out, for `why`;
/// the second is good. The validator and the renderer say the same of the
/// first, the editor asks again saying why, and the second is placed whole.
async fn asked_again_then_placed(article: &str, unplaceable: Value, why: Miss, said: &str) {
    let first = Instructions::from_value(unplaceable.clone()).expect("shape");
    let subheadings = &first.editing_instructions.insert_subheadings;
    let (_, _, left_out) = place(article, subheadings);
    assert_eq!(left_out.len(), 1, "{left_out:?}");
    assert_eq!(left_out[0].why, why);
    assert_eq!(left_out[0].item, subheadings[0]);
    let problems: Vec<_> = first
        .validate(article, &Rules::default())
        .into_iter()
        .filter(|p| p.unplaced)
        .collect();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(
        problems[0].path,
        "editing_instructions.insert_subheadings[0].after_text_snippet"
    );
    assert!(
        problems[0].message.ends_with(&why.to_string()),
        "{problems:?}"
    );
    assert_eq!(
        Blocks::of(article).places(subheadings)[0].block,
        Err(why),
        "one function for both"
    );

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(answer(&unplaceable))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(answer(&valid()))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().expect("temp dir");
    let got = editor(&server, dir.path())
        .obtain(article)
        .await
        .expect("the second answer");
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(requests.len(), 2, "asked again");
    let second: Value = serde_json::from_slice(&requests[1].body).expect("json");
    let prompt = second["contents"][0]["parts"][0]["text"]
        .as_str()
        .expect("prompt");
    assert!(
        prompt.contains(&format!(
            "- editing_instructions.insert_subheadings[0].after_text_snippet {said}"
        )),
        "{prompt}"
    );
    let (out, placed, left_out) = place(
        article,
        &got.instructions.editing_instructions.insert_subheadings,
    );
    assert!(left_out.is_empty(), "{left_out:?}");
    assert_eq!(placed.len(), 3);
    assert!(out.contains("\n\n## A README Template From the First Assistant\n\n"));
}

#[tokio::test]
async fn a_snippet_across_two_blocks_is_asked_again() {
    let mut first = valid();
    first["editing_instructions"]["insert_subheadings"][0]["after_text_snippet"] =
        json!("refuses my deploy key. Gemini 3.5 Flash: Here is");
    asked_again_then_placed(
        &article(),
        first,
        Miss::AcrossBlocks,
        "\"refuses my deploy key. Gemini 3.5 Flash: Here is\" runs from one block of the article into the next",
    )
    .await;
}

#[tokio::test]
async fn a_heading_the_article_has_is_asked_again() {
    // The article has the first subheading's heading already (say, from
    // an earlier run), and the first answer gives it again.
    let article = format!("{}\n## An Earlier Run's Heading\n\nThe end.\n", article());
    let mut first = valid();
    first["editing_instructions"]["insert_subheadings"][0]["subheading"] =
        json!("## An Earlier Run's Heading");
    asked_again_then_placed(
        &article,
        first,
        Miss::HeadingPresent,
        "\"the code blocks come out mangled\" is for a heading the article has already",
    )
    .await;
}
