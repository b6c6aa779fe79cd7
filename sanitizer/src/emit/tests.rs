//! Fences planned ahead on another thread give what fences planned in
//! place give: the output, the comparison and the report, on every
//! repository input and on those inputs joined into longer texts, in
//! batches small enough that every text spans many.

use super::LinePasses;
use crate::fences::Pace;
use crate::options::Options;
use crate::report::Report;
use crate::sink::Sink;
use std::path::{Path, PathBuf};

/// The output (`None` for a comparison that failed, the text itself for
/// one that held) and the report of the emitter on `text`.
fn emitted(
    sanitizer: &LinePasses,
    text: &str,
    compare: bool,
    ahead: Option<Pace>,
) -> (Option<String>, Report) {
    let mut report = Report::default();
    let sink = if compare {
        Sink::compare(text)
    } else {
        Sink::reuse(text)
    };
    let out = match sanitizer.emit_planned(text, true, &mut report, sink, ahead) {
        Sink::Compare(comparison) => comparison.matched().then(|| text.to_string()),
        sink => sink.into_output(text).map(|out| out.into_owned()),
    };
    (out, report)
}

/// Every file of the repository's examples, fuzz seeds and regressions.
fn repository_inputs() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files: Vec<PathBuf> = Vec::new();
    for dir in [
        "examples",
        "fuzz/seeds/sanitize",
        "fuzz/seeds/fences",
        "fuzz/regressions/sanitize",
    ] {
        let mut found: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .into_iter()
            .flatten()
            .flatten()
            .map(|entry| entry.path())
            .filter(|path| path.is_file())
            .collect();
        found.sort();
        files.extend(found);
    }
    files
        .into_iter()
        .filter_map(|path| {
            let bytes = std::fs::read(&path).ok()?;
            Some((
                path.display().to_string(),
                String::from_utf8_lossy(&bytes).into_owned(),
            ))
        })
        .collect()
}

fn assert_planned_ahead_as_in_place(sanitizer: &LinePasses, text: &str, name: &str) {
    let output = emitted(sanitizer, text, false, None).0.unwrap_or_default();
    for (text, compare) in [(text, false), (text, true), (output.as_str(), true)] {
        let in_place = emitted(sanitizer, text, compare, None);
        for batch_lines in [1, 3, 64] {
            for defer_after_blank in [false, true] {
                let pace = Pace {
                    batch_lines,
                    defer_after_blank,
                };
                assert_eq!(
                    emitted(sanitizer, text, compare, Some(pace)),
                    in_place,
                    "{name}: {pace:?} ({}comparing)",
                    if compare { "" } else { "not " }
                );
            }
        }
    }
}

#[test]
fn fences_planned_ahead_give_what_fences_planned_in_place_give() {
    let sanitizer = LinePasses::new(&Options::default()).expect("the default options are valid");
    let inputs = repository_inputs();
    assert!(inputs.len() > 250, "the examples and fuzz seeds are there");
    for (name, text) in &inputs {
        assert_planned_ahead_as_in_place(&sanitizer, text, name);
    }
    for (i, text) in BOUNDARIES.iter().enumerate() {
        assert_planned_ahead_as_in_place(&sanitizer, text, &format!("boundaries {i}"));
    }
    // Joined, the inputs make texts with blocks open across what were
    // their ends, and front matter in the middle.
    for group in inputs.chunks(16) {
        let joined: Vec<&str> = group.iter().map(|(_, text)| text.as_str()).collect();
        assert_planned_ahead_as_in_place(&sanitizer, &joined.join("\n"), "joined inputs");
    }
}

/// Blocks left open where the text shows code ended: the closer goes
/// before the heading, the break, the sentence or the introduction after
/// a blank line, which the planner reads while a block may be open.
const BOUNDARIES: &[&str] = &[
    "Me: a test?\n\nClaude: Here:\n\n```python\ndef f():\n    return 1\n\n## Running it\n\nCall it twice.\n",
    "Gemini: first\n\n```bash\nmake\n\n---\n\nThat was the build step and it should pass on the first try.\n",
    "ChatGPT: code\n\n```rust\nfn main() {}\n\nAnd the test for it comes next:\n\n```rust\n#[test]\nfn t() {}\n```\n\nThen run the whole suite again from the top level.\n",
    "Me: q\n\n```\nx = 1\n\nThis sentence explains what the assignment above really does here.\n\n```js\nlet y;\n```\n",
];

/// A closer inserted right after its opener makes an empty block, which
/// the next run prices like any other: the planner prices it the same way,
/// so one run of the emitter already gives the text it leaves unchanged
/// (issue 32: these took the pipeline four plannings to settle).
#[test]
fn a_repair_that_inserts_a_closer_settles_in_one_run() {
    let sanitizer = LinePasses::new(&Options::none().with_fences(true)).expect("valid options");
    for text in [
        "```\nx\n```\n\n```\n",
        &"```\nx\n```\n\n".repeat(50),
        &format!("{}```\n", "```\nx\n```\n\n".repeat(50)),
        &format!("{}~~~\n", "~~~\n```\nx\n~~~\n\n".repeat(20)),
        &format!("{}Me: hi\n```\n", "Me: hi\n```\n".repeat(20)),
        "Me: q\n\n```\nx\n```\n\n```\n\nClaude: a\n",
    ] {
        let once = emitted(&sanitizer, text, false, None)
            .0
            .expect("the emitter writes a text");
        let again = emitted(&sanitizer, &once, true, None).0;
        assert_eq!(again.as_deref(), Some(once.as_str()), "{text:?}");
    }
}
