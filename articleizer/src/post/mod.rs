//! An existing post, parsed so that it can be re-emitted byte for byte.
//!
//! The front matter is checked with yaml-rust2 (a post whose front matter
//! does not parse is never rewritten) and kept as its original text, cut
//! into one entry per top-level key: an entry is the key's line and every
//! line that belongs to it (indented continuations, block scalars,
//! comments and blank lines that follow). Changing a field replaces that
//! entry's text only, so key order and every untouched value stay exactly
//! as they were written.

mod bounded;

use utils::front_matter;
use yaml_rust2::{Yaml, YamlLoader};

/// A post that cannot be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PostError {
    /// The text does not start with a `---` line.
    #[error("no front matter (the file does not start with a `---` line)")]
    NoFrontMatter,
    /// The front matter's closing `---` line is missing.
    #[error("the front matter is not closed (no second `---` line)")]
    Unclosed,
    /// yaml-rust2 rejects the front matter.
    #[error("the front matter is not valid YAML: {0}")]
    Yaml(String),
    /// The front matter is YAML that would cost too much to load: nesting
    /// or aliases past the limits checked before loading.
    #[error("the front matter is refused: {0}")]
    Refused(String),
    /// The front matter is YAML, but not a mapping of keys to values.
    #[error("the front matter is not a mapping of keys to values")]
    NotAMapping,
    /// A field cannot be changed, because the front matter's layout is not
    /// one top-level key per line.
    #[error("the front matter's layout is too unusual to change {0:?} safely (one top-level `key: value` per line is needed)")]
    NotEditable(String),
}

/// One top-level front matter key and its original text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    /// The key (empty for the lines before the first key).
    key: String,
    /// Every line of the entry, with their line ends.
    text: String,
}

/// A parsed post: front matter entries and the body, both as written.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedPost {
    opening: String,
    entries: Vec<Entry>,
    closing: String,
    /// Everything after the front matter's closing line.
    pub body: String,
    values: Vec<(String, Yaml)>,
    editable: bool,
}

/// The text's lines, each with its line end.
fn lines_with_ends(text: &str) -> impl Iterator<Item = &str> {
    text.split_inclusive('\n')
}

/// The key a top-level line starts, if it starts one: not indented, not a
/// comment, not a sequence item, and with a `:` after the key.
fn key_of(line: &str) -> Option<String> {
    let first = line.chars().next()?;
    if first.is_whitespace() || matches!(first, '#' | '-' | '{' | '[') {
        return None;
    }
    let line = line.trim_end_matches(['\n', '\r']);
    let key = if let Some(quote @ ('"' | '\'')) = line.chars().next() {
        let rest = &line[1..];
        let end = rest.find(quote)?;
        rest[..end].to_string()
    } else {
        let end = line
            .find(": ")
            .or_else(|| line.ends_with(':').then(|| line.len() - 1))?;
        line[..end].trim_end().to_string()
    };
    Some(key)
}

/// A scalar's text: strings, numbers, booleans.
fn scalar_text(value: &Yaml) -> Option<String> {
    match value {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

impl ParsedPost {
    /// Parses a post: `---`, front matter, `---` (or `...`), body.
    pub fn parse(text: &str) -> Result<Self, PostError> {
        let split = front_matter::split(text).map_err(|e| match e {
            front_matter::SplitError::Missing => PostError::NoFrontMatter,
            front_matter::SplitError::Unclosed => PostError::Unclosed,
        })?;
        let mut entries = vec![Entry {
            key: String::new(),
            text: String::new(),
        }];
        for line in lines_with_ends(split.front) {
            if let Some(key) = key_of(line) {
                entries.push(Entry {
                    key,
                    text: String::new(),
                });
            }
            if let Some(last) = entries.last_mut() {
                last.text.push_str(line);
            }
        }
        let front: String = entries.iter().map(|e| e.text.as_str()).collect();
        let values = Self::values_of(&front)?;
        // The line cut is trusted for edits only when it finds exactly the
        // keys the YAML parser finds, in the same order.
        let cut_keys: Vec<&str> = entries.iter().skip(1).map(|e| e.key.as_str()).collect();
        let yaml_keys: Vec<&str> = values.iter().map(|(k, _)| k.as_str()).collect();
        let editable = cut_keys == yaml_keys;
        Ok(ParsedPost {
            opening: split.opening.to_string(),
            entries,
            closing: split.closing.to_string(),
            body: split.body.to_string(),
            values,
            editable,
        })
    }

    fn values_of(front: &str) -> Result<Vec<(String, Yaml)>, PostError> {
        bounded::check(front).map_err(|refused| match refused {
            bounded::Refused::Invalid(why) => PostError::Yaml(why),
            other => PostError::Refused(other.to_string()),
        })?;
        let docs = YamlLoader::load_from_str(front).map_err(|e| PostError::Yaml(e.to_string()))?;
        match docs.into_iter().next() {
            None => Ok(Vec::new()),
            Some(Yaml::Hash(hash)) => {
                Ok(hash.into_iter().map(|(k, v)| (yaml_key(&k), v)).collect())
            }
            Some(Yaml::Null) => Ok(Vec::new()),
            Some(_) => Err(PostError::NotAMapping),
        }
    }

    /// The post's text: byte-identical to what was parsed, plus any change.
    pub fn emit(&self) -> String {
        let mut out = String::with_capacity(self.body.len() + 1024);
        out.push_str(&self.opening);
        for entry in &self.entries {
            out.push_str(&entry.text);
        }
        out.push_str(&self.closing);
        out.push_str(&self.body);
        out
    }

    /// The front matter's keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.values.iter().map(|(k, _)| k.as_str())
    }

    /// The value of a top-level key.
    pub fn value(&self, key: &str) -> Option<&Yaml> {
        self.values.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// A top-level key's value as a string (strings, numbers, booleans).
    pub fn string(&self, key: &str) -> Option<String> {
        scalar_text(self.value(key)?)
    }

    /// A top-level key's value in the front matter of the post `text`, as
    /// [`ParsedPost::string`] reads it (comments, quotes, folded and block
    /// scalars as YAML means them), without keeping the post: what the
    /// write path asks of every post in a folder.
    pub fn front_string(text: &str, key: &str) -> Option<String> {
        let front = front_matter::split(text).ok()?.front;
        let values = Self::values_of(front).ok()?;
        values
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, v)| scalar_text(v))
    }

    /// Whether Jekyll runs Liquid over this post (it does unless the front
    /// matter says `render_with_liquid: false`).
    pub fn liquid_enabled(&self) -> bool {
        !matches!(self.value("render_with_liquid"), Some(Yaml::Boolean(false)))
    }

    /// The original text of `key`'s entry (its line and continuations).
    pub fn entry_text(&self, key: &str) -> Option<&str> {
        self.entries
            .iter()
            .skip(1)
            .find(|e| e.key == key)
            .map(|e| e.text.as_str())
    }

    /// Sets `key`'s entry to `text` (a whole `key: value` line or lines):
    /// replaced in place when the key exists, appended otherwise. Other
    /// entries are untouched. Returns whether anything changed.
    pub fn set_entry(&mut self, key: &str, text: &str) -> Result<bool, PostError> {
        if !self.editable {
            return Err(PostError::NotEditable(key.to_string()));
        }
        let mut text = text.to_string();
        if !text.ends_with('\n') {
            text.push('\n');
        }
        let new_values = Self::values_of(&text)?;
        let Some((new_key, new_value)) = new_values.into_iter().next() else {
            return Err(PostError::NotAMapping);
        };
        if new_key != key {
            return Err(PostError::NotEditable(key.to_string()));
        }
        let mut entries = self.entries.clone();
        if let Some(entry) = entries.iter_mut().skip(1).find(|e| e.key == key) {
            if entry.text == text {
                return Ok(false);
            }
            entry.text = text;
        } else {
            // Appended after the last entry; a last entry without a line
            // end gets one first.
            if let Some(last) = entries.last_mut() {
                if !last.text.is_empty() && !last.text.ends_with('\n') {
                    last.text.push('\n');
                }
            }
            entries.push(Entry {
                key: key.to_string(),
                text,
            });
        }
        // The edit stands only if the YAML parser reads it back: the new
        // value under the key, every other key as it was (a stray control
        // character or an odd comment could hide the new line; found by
        // fuzzing).
        let mut expected = self.values.clone();
        match expected.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = new_value,
            None => expected.push((key.to_string(), new_value)),
        }
        let front: String = entries.iter().map(|e| e.text.as_str()).collect();
        if Self::values_of(&front).ok().as_ref() != Some(&expected) {
            return Err(PostError::NotEditable(key.to_string()));
        }
        self.entries = entries;
        self.values = expected;
        Ok(true)
    }
}

/// A YAML key as text (non-string keys in their plain form).
fn yaml_key(key: &Yaml) -> String {
    match key {
        Yaml::String(s) | Yaml::Real(s) => s.clone(),
        Yaml::Integer(i) => i.to_string(),
        Yaml::Boolean(b) => b.to_string(),
        Yaml::Null => "null".into(),
        other => format!("{other:?}"),
    }
}

/// The date a post's file name starts with (`2024-09-08-slug.md`).
pub fn file_date(file_name: &str) -> Option<chrono::NaiveDate> {
    let prefix = file_name.get(..10)?;
    if file_name.as_bytes().get(10) != Some(&b'-') {
        return None;
    }
    chrono::NaiveDate::parse_from_str(prefix, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const POST: &str = "---\n# a comment\ntitle: \"Hello: world\"\npermalink: /futureproof/hello/\ndescription: >\n  folded\n  text\n\nlayout: post\nsort_order: 3\n---\n\nBody {{ x }}\n";

    #[test]
    fn parse_then_emit_is_byte_identical() {
        let post = ParsedPost::parse(POST).expect("parses");
        assert_eq!(post.emit(), POST);
        assert_eq!(
            post.keys().collect::<Vec<_>>(),
            ["title", "permalink", "description", "layout", "sort_order"]
        );
        assert_eq!(post.string("title").as_deref(), Some("Hello: world"));
        assert_eq!(post.string("description").as_deref(), Some("folded text\n"));
        assert_eq!(post.string("sort_order").as_deref(), Some("3"));
        assert_eq!(post.body, "\nBody {{ x }}\n");
        assert!(post.liquid_enabled());
    }

    #[test]
    fn setting_a_field_touches_only_its_entry() {
        let mut post = ParsedPost::parse(POST).expect("parses");
        assert!(post
            .set_entry("description", "description: \"new\"")
            .expect("set"));
        let text = post.emit();
        assert_eq!(
            text,
            POST.replace(
                "description: >\n  folded\n  text\n\n",
                "description: \"new\"\n"
            )
        );
        assert!(!post
            .set_entry("description", "description: \"new\"\n")
            .expect("same"));
        assert!(post
            .set_entry("excerpt", "excerpt: \"e\"\n")
            .expect("added"));
        assert!(post.emit().contains("sort_order: 3\nexcerpt: \"e\"\n---\n"));
        assert_eq!(post.string("excerpt").as_deref(), Some("e"));
    }

    #[test]
    fn bad_front_matter_is_an_error() {
        assert_eq!(
            ParsedPost::parse("no front matter\n"),
            Err(PostError::NoFrontMatter)
        );
        assert_eq!(
            ParsedPost::parse("---\ntitle: x\n"),
            Err(PostError::Unclosed)
        );
        assert!(matches!(
            ParsedPost::parse("---\ntitle: [unclosed\n---\nbody"),
            Err(PostError::Yaml(_))
        ));
        assert_eq!(
            ParsedPost::parse("---\n- a\n- b\n---\nbody"),
            Err(PostError::NotAMapping)
        );
    }

    #[test]
    fn crlf_and_empty_front_matter_round_trip() {
        for text in [
            "---\r\ntitle: a\r\n---\r\nbody\r\n",
            "---\n---\nbody",
            "---\n...\n",
        ] {
            let post = ParsedPost::parse(text).expect("parses");
            assert_eq!(post.emit(), text);
        }
        let post = ParsedPost::parse("---\r\ntitle: a\r\n---\r\nbody\r\n").expect("parses");
        assert_eq!(post.string("title").as_deref(), Some("a"));
    }

    #[test]
    fn render_with_liquid_false_is_seen() {
        let post =
            ParsedPost::parse("---\nrender_with_liquid: false\n---\n{{ x }}").expect("parses");
        assert!(!post.liquid_enabled());
    }

    #[test]
    fn an_unusual_layout_is_read_but_not_edited() {
        let mut post =
            ParsedPost::parse("---\n{title: a, layout: post}\n---\nbody").expect("parses");
        assert_eq!(post.string("title").as_deref(), Some("a"));
        assert!(matches!(
            post.set_entry("title", "title: b"),
            Err(PostError::NotEditable(_))
        ));
    }

    #[test]
    fn an_edit_the_yaml_parser_would_not_read_back_is_refused() {
        // Found by fuzzing: after a comment holding a NUL, yaml-rust2 reads
        // no further, so an appended key would be silently lost.
        let text = "---\ntitlm: a\n# \u{1}\0\0\0 y {%x\n---\nbody";
        let mut post = ParsedPost::parse(text).expect("parses");
        assert!(matches!(
            post.set_entry("title", "title: \"A: b\""),
            Err(PostError::NotEditable(_))
        ));
        assert_eq!(post.emit(), text, "nothing changed");
    }

    #[test]
    fn dates_come_from_file_names() {
        assert_eq!(
            file_date("2024-09-08-future.md"),
            chrono::NaiveDate::from_ymd_opt(2024, 9, 8)
        );
        assert_eq!(file_date("2024-13-08-x.md"), None);
        assert_eq!(file_date("notes.md"), None);
    }
}
