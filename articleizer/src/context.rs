//! Per-post context files, as the predecessor's site-index and navigation
//! scripts read them: `_context/<post file stem>.json` beside the posts,
//! compact JSON `{"id", "d", "t", "s", "sub", "kw"}` (the stem, the date,
//! the title, a one or two sentence thesis, three to five sub-topics,
//! three to five keywords), about 200 tokens, made from the first 15 000
//! characters of the body.
//!
//! The id, date and title come from the post itself; only the thesis,
//! sub-topics and keywords are asked of the editor. Whether a file is
//! current is decided by a digest of the prompt that made it, kept in
//! `_context/.articleizer-sources` (one `stem digest` line per post), so
//! the context files themselves keep exactly the predecessor's shape.

use crate::editor::offline::{self, OfflineOptions};
use crate::instructions::parse_response;
use crate::post::{file_date, ParsedPost};
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use utils::fs::{write_atomic, WriteOptions};

/// How much of the body the editor reads.
pub const EXCERPT_CHARS: usize = 15_000;
/// The folder of context files, beside the posts.
pub const DIR: &str = "_context";
/// The digests of the prompts that made the context files.
const SOURCES: &str = ".articleizer-sources";
/// Answer tokens of a context record, for estimates.
pub const ANSWER_TOKENS: u64 = 250;

/// What a context file is made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The post file's stem (`2025-01-31-some-title`).
    pub stem: String,
    /// Its date, `YYYY-MM-DD` (front matter, else the file name).
    pub date: String,
    /// Its title.
    pub title: String,
    /// The body's first [`EXCERPT_CHARS`] characters (without its analysis).
    pub excerpt: String,
}

impl Source {
    /// The source of the post at `path`.
    pub fn of(path: &Path, post: &ParsedPost) -> Source {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let date = post
            .string("date")
            .and_then(|d| {
                let day = d.get(..10)?;
                chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
            })
            .or_else(|| file_date(&stem))
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default();
        let article = crate::generated::article_of(post);
        let excerpt = match article.char_indices().nth(EXCERPT_CHARS) {
            Some((end, _)) => article[..end].to_string(),
            None => article,
        };
        Source {
            stem,
            date,
            title: post.string("title").unwrap_or_default(),
            excerpt,
        }
    }

    /// The prompt that asks for this post's context.
    pub fn prompt(&self) -> String {
        format!(
            "Summarize a technical journal post as a compact context record for a site index.\n\n\
             Post: {}\nTitle: {}\nDate: {}\n\n\
             Answer with one JSON object and nothing else:\n\
             - \"s\": the post's thesis, in one or two sentences;\n\
             - \"sub\": three to five specific sub-topics it covers (named tools, techniques, findings; not broad themes);\n\
             - \"kw\": three to five technical keywords a reader would search for.\n\
             Keep the whole record near 200 tokens.\n\n\
             The post (its first {EXCERPT_CHARS} characters):\n---\n{}\n",
            self.stem, self.title, self.date, self.excerpt
        )
    }

    /// The digest that says whether a context file is current.
    pub fn digest(&self) -> String {
        crate::cache::digest(&["context-v1", &self.prompt()])
    }
}

/// The schema of the editor's answer.
pub fn schema() -> Value {
    let list = json!({ "type": "array", "items": { "type": "string" } });
    json!({
        "type": "object",
        "properties": { "s": { "type": "string" }, "sub": list, "kw": list },
        "required": ["s", "sub", "kw"],
        "additionalProperties": false,
    })
}

/// A context record, its fields in the predecessor's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shard {
    /// The post file's stem.
    pub id: String,
    /// Its date.
    pub d: String,
    /// Its title.
    pub t: String,
    /// Its thesis.
    pub s: String,
    /// Its sub-topics.
    pub sub: Vec<String>,
    /// Its keywords.
    pub kw: Vec<String>,
}

impl Shard {
    /// The file's text: compact JSON, as the predecessor wrote it.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// One line of text from an answer: control characters gone, white space
/// runs made one space.
fn clean(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The record an answer gives for `source`, or why it gives none. Lists
/// keep their first five entries; a list with none is refused.
pub fn read_answer(text: &str, source: &Source) -> Result<Shard, String> {
    let value = parse_response(text).map_err(|e| e.to_string())?;
    let s = value["s"]
        .as_str()
        .map(clean)
        .filter(|s| !s.is_empty())
        .ok_or("the answer has no thesis (\"s\")")?;
    let list = |field: &str| -> Result<Vec<String>, String> {
        let items: Vec<String> = value[field]
            .as_array()
            .ok_or(format!("the answer has no list {field:?}"))?
            .iter()
            .filter_map(Value::as_str)
            .map(clean)
            .filter(|item| !item.is_empty())
            .take(5)
            .collect();
        if items.is_empty() {
            return Err(format!("the answer's list {field:?} is empty"));
        }
        Ok(items)
    };
    Ok(Shard {
        id: source.stem.clone(),
        d: source.date.clone(),
        t: source.title.clone(),
        s,
        sub: list("sub")?,
        kw: list("kw")?,
    })
}

/// The offline editor's record: its description, subheadings and keywords.
pub fn offline(source: &Source) -> Shard {
    let draft = offline::edit(&source.excerpt, &OfflineOptions::default());
    let edits = &draft.editing_instructions;
    let mut sub: Vec<String> = edits
        .insert_subheadings
        .iter()
        .map(|h| clean(h.subheading.trim_start_matches('#')))
        .filter(|h| !h.is_empty())
        .take(5)
        .collect();
    let kw: Vec<String> = edits
        .yaml_updates
        .keywords
        .split(',')
        .map(clean)
        .filter(|k| !k.is_empty())
        .take(5)
        .collect();
    // Three to five phrases: the subheadings, then key phrases not among
    // them (a short entry has no subheadings).
    for keyword in &kw {
        if sub.len() >= 3 {
            break;
        }
        if !sub.iter().any(|s| s.eq_ignore_ascii_case(keyword)) {
            sub.push(keyword.clone());
        }
    }
    Shard {
        id: source.stem.clone(),
        d: source.date.clone(),
        t: source.title.clone(),
        s: clean(&edits.yaml_updates.description),
        sub,
        kw,
    }
}

/// The context folder of the post at `post`.
pub fn dir_of(post: &Path) -> PathBuf {
    utils::fs::parent_of(post).join(DIR)
}

/// The digests recorded in a context folder, by stem.
pub fn digests(dir: &Path) -> BTreeMap<String, String> {
    let mut recorded = BTreeMap::new();
    for (stem, digest) in std::fs::read_to_string(dir.join(SOURCES))
        .unwrap_or_default()
        .lines()
        .filter_map(|line| line.split_once(' '))
    {
        // Appended lines: the latest for a stem wins.
        recorded.insert(stem.to_string(), digest.to_string());
    }
    recorded
}

/// Whether the context file of `source` in `dir` exists and was made
/// from the same prompt.
pub fn is_current(dir: &Path, source: &Source, recorded: &BTreeMap<String, String>) -> bool {
    dir.join(format!("{}.json", source.stem)).is_file()
        && recorded.get(&source.stem) == Some(&source.digest())
}

/// Whether the context file of `source` in `dir` exists and this tool did
/// not write it (no digest recorded): another tool's (the predecessor's
/// contextualizer, paid for already), kept unless the user forces.
pub fn is_foreign(dir: &Path, source: &Source, recorded: &BTreeMap<String, String>) -> bool {
    dir.join(format!("{}.json", source.stem)).is_file() && !recorded.contains_key(&source.stem)
}

/// Writes a context file (through a temp file and a rename) and records
/// its digest: one line appended in one `write`, so a blog's worth of
/// files is not a rewrite of the whole record each (the latest line for a
/// stem wins; [`compact`] drops the older ones). The caller holds the posts
/// folder's lock.
pub fn write(dir: &Path, shard: &Shard, digest: &str) -> std::io::Result<PathBuf> {
    let options = WriteOptions::new(".articleizer-")
        .replace(true)
        .create_parent();
    let path = dir.join(format!("{}.json", shard.id));
    write_atomic(&path, shard.to_json().as_bytes(), &options)?;
    let mut record = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join(SOURCES))?;
    record.write_all(format!("{} {digest}\n", shard.id).as_bytes())?;
    Ok(path)
}

/// Rewrites the digest record of `dir` with one line per post, when
/// appends left older lines (once per run, after its writes).
pub fn compact(dir: &Path) -> std::io::Result<()> {
    let file = dir.join(SOURCES);
    let lines = std::fs::read_to_string(&file).map_or(0, |text| text.lines().count());
    let recorded = digests(dir);
    if lines <= recorded.len() {
        return Ok(());
    }
    let text: String = recorded
        .iter()
        .map(|(stem, digest)| format!("{stem} {digest}\n"))
        .collect();
    let options = WriteOptions::new(".articleizer-").replace(true);
    write_atomic(&file, text.as_bytes(), &options).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source() -> Source {
        let post = ParsedPost::parse(
            "---\ntitle: \"Fences, repaired\"\ndate: 2025-03-04 10:00\n---\nBody text about fences.\n\n---\n\n## Book Analysis\n\nOld.\n",
        )
        .expect("parses");
        Source::of(Path::new("/blog/_posts/2025-03-04-fences.md"), &post)
    }

    #[test]
    fn the_source_comes_from_the_post() {
        let source = source();
        assert_eq!(source.stem, "2025-03-04-fences");
        assert_eq!(source.date, "2025-03-04");
        assert_eq!(source.title, "Fences, repaired");
        assert_eq!(source.excerpt, "Body text about fences.\n");
        assert!(source.prompt().contains("Title: Fences, repaired"));
        let long = ParsedPost::parse(&format!("---\ntitle: a\n---\n{}", "é".repeat(20_000)))
            .expect("parses");
        let cut = Source::of(Path::new("2024-01-01-a.md"), &long);
        assert_eq!(cut.excerpt.chars().count(), EXCERPT_CHARS);
        assert_eq!(cut.date, "2024-01-01");
    }

    #[test]
    fn answers_become_compact_records_in_the_predecessors_shape() {
        let answer = r#"Here: {"s": "Fences\nget repaired.", "sub": ["a", "", "b", "c", "d", "e", "f"], "kw": ["rust"]}"#;
        let shard = read_answer(answer, &source()).expect("read");
        assert_eq!(
            shard.to_json(),
            r#"{"id":"2025-03-04-fences","d":"2025-03-04","t":"Fences, repaired","s":"Fences get repaired.","sub":["a","b","c","d","e"],"kw":["rust"]}"#
        );
        assert!(read_answer(r#"{"s": "x", "sub": [], "kw": ["a"]}"#, &source()).is_err());
        assert!(read_answer(r#"{"sub": ["a"], "kw": ["a"]}"#, &source()).is_err());
        assert!(read_answer("no json", &source()).is_err());
    }

    #[test]
    fn an_offline_record_has_three_to_five_sub_entries_of_phrases() {
        let excerpt = "Static sites rebuild fast. The static site builder reads Markdown files. \
            Markdown files hold front matter, and the builder checks the front matter first. \
            A broken front matter stops the static site build.\n";
        let shard = offline(&Source {
            excerpt: excerpt.into(),
            ..source()
        });
        assert!((3..=5).contains(&shard.sub.len()), "{shard:?}");
        assert!(shard.sub.iter().all(|s| !s.contains(" and ")), "{shard:?}");
    }

    #[test]
    fn a_file_is_current_while_its_prompt_is_the_same() {
        let dir = tempfile::tempdir().expect("temp dir");
        let source = source();
        let shard = offline(&source);
        assert!(!shard.s.is_empty() && !shard.kw.is_empty(), "{shard:?}");
        assert!(!is_current(dir.path(), &source, &digests(dir.path())));
        write(dir.path(), &shard, &source.digest()).expect("written");
        assert!(is_current(dir.path(), &source, &digests(dir.path())));
        let changed = Source {
            excerpt: "Other text.\n".into(),
            ..source.clone()
        };
        assert!(!is_current(dir.path(), &changed, &digests(dir.path())));
        // A second write of the same post: the latest digest counts, and
        // compacting leaves one line per post.
        write(dir.path(), &shard, &changed.digest()).expect("written again");
        assert!(is_current(dir.path(), &changed, &digests(dir.path())));
        compact(dir.path()).expect("compacted");
        let record = std::fs::read_to_string(dir.path().join(SOURCES)).expect("record");
        assert_eq!(record, format!("{} {}\n", shard.id, changed.digest()));
        assert!(is_current(dir.path(), &changed, &digests(dir.path())));
    }
}
