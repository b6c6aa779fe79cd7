//! Optional checks over the real posts in `../shared/corpus/posts` (run by
//! `.ci/run` when it is there: `cargo test -p articleizer --test
//! suite -- --ignored batch_corpus::`).

use articleizer::batch::{apply_local, fence_repairer, Local};
use articleizer::post::ParsedPost;
use articleizer::render::liquid;

fn corpus() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/posts");
    let mut posts: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read_to_string(e.path()).expect("utf-8 post"),
            )
        })
        .collect();
    posts.sort();
    assert_eq!(posts.len(), 100);
    posts
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn every_post_parses_and_re_emits_byte_for_byte() {
    for (name, text) in corpus() {
        let post = ParsedPost::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(post.emit(), text, "{name}");
        assert!(post.string("title").is_some(), "{name}");
    }
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn rewrap_shows_what_the_writer_meant_and_is_idempotent() {
    let live = vec!["include".to_string()];
    let ops = Local {
        rewrap: true,
        repair_fences: false,
        live_tags: live.clone(),
    };
    let repairer = fence_repairer();
    for (name, text) in corpus() {
        let mut post = ParsedPost::parse(&text).expect("parses");
        let old_body = post.body.clone();
        apply_local(&mut post, &ops, &repairer);
        let once = post.emit();
        // The front matter is untouched, byte for byte.
        assert_eq!(
            once[..text.len() - old_body.len()],
            text[..text.len() - old_body.len()],
            "{name}"
        );
        // What Liquid 5.4 shows of the new body is what it showed of the
        // old one (the include aside); `scripts/batch-corpus-check` checks
        // the same with the real Jekyll.
        let shown = liquid::unraw(&post.body).replace("{% include bunny.html %}", "");
        let meant = liquid::unraw(&old_body).replace("{% include bunny.html %}", "");
        assert_eq!(shown.trim_end(), meant.trim_end(), "{name}");
        let mut again = ParsedPost::parse(&once).expect("parses");
        assert!(
            apply_local(&mut again, &ops, &repairer).is_empty(),
            "{name}"
        );
        assert_eq!(again.emit(), once, "{name}");
    }
}
