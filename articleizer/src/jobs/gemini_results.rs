//! Gemini's inline batch results, read entry by entry.
//!
//! A done batch holds its responses inline, in the one JSON document the
//! server sends (`response.inlinedResponses.inlinedResponses[]`, or the
//! batch's `output` in its metadata). The document is walked with serde
//! rather than built as a tree: each entry is read alone, kept when its
//! `metadata.key` is a request of the job and dropped at once (counted)
//! when it is not, and every other part of the document is skipped without
//! being kept. A hostile or broken server's gigabyte of entries for other
//! ids costs its text and one entry at a time, never a tree four times it.

use super::{Outcome, Results};
use crate::providers::gemini::read_answer;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::collections::HashSet;
use std::fmt;

/// What a done batch's document holds.
#[derive(Debug)]
pub(super) enum Read {
    /// Inline results: the job's, and how many were for other ids.
    Inline(Results),
    /// The name of a results file (`files/...`) to download.
    File(String),
    /// Neither (an expired or cancelled batch): nothing answered.
    Nothing,
}

/// What the walk gathers.
struct Gathered<'w> {
    wanted: &'w HashSet<&'w str>,
    model: &'w str,
    results: Results,
    /// An inline list was found.
    found: bool,
    /// The results file the document names.
    file: Option<String>,
}

/// What the batch document `text` holds for the `wanted` ids.
pub(super) fn read(text: &str, model: &str, wanted: &HashSet<&str>) -> Result<Read, String> {
    let mut gathered = Gathered {
        wanted,
        model,
        results: Results::default(),
        found: false,
        file: None,
    };
    let mut de = serde_json::Deserializer::from_str(text);
    Level {
        gathered: &mut gathered,
        depth: 0,
    }
    .deserialize(&mut de)
    .map_err(|e| format!("the batch is no JSON: {e}"))?;
    Ok(match (gathered.found, gathered.file) {
        (true, _) => Read::Inline(gathered.results),
        (false, Some(file)) => Read::File(file),
        (false, None) => Read::Nothing,
    })
}

/// One result, from an inline entry (`metadata.key`) or a results file's
/// line (`key`): kept in `results` if it is for one of the `wanted` ids,
/// else counted there as skipped.
pub(super) fn take(entry: &Value, model: &str, wanted: &HashSet<&str>, results: &mut Results) {
    let id = entry["metadata"]["key"]
        .as_str()
        .or_else(|| entry["key"].as_str());
    let Some(id) = id.filter(|id| wanted.contains(id)) else {
        results.skipped += 1;
        return;
    };
    let answer = if entry["response"].is_object() {
        read_answer(&entry["response"], model).map_err(|e| e.to_string())
    } else {
        Err(entry["error"]["message"]
            .as_str()
            .unwrap_or("no response and no error")
            .to_string())
    };
    results.outcomes.push(Outcome {
        id: id.to_string(),
        answer,
    });
}

/// An object on the way to the list: the operation, its `response` or
/// `metadata`, the batch's `output`, an `inlinedResponses` object.
struct Level<'g, 'w> {
    gathered: &'g mut Gathered<'w>,
    depth: u8,
}

impl<'de> DeserializeSeed<'de> for Level<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Level<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a batch operation")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match key.as_ref() {
                "response" | "metadata" | "output" if self.depth < 4 => {
                    map.next_value_seed(Level {
                        gathered: self.gathered,
                        depth: self.depth + 1,
                    })?;
                }
                "inlinedResponses" if self.depth < 6 => {
                    map.next_value_seed(Level {
                        gathered: self.gathered,
                        depth: self.depth + 1,
                    })?;
                }
                "responsesFile" => {
                    let file = map.next_value::<Value>()?;
                    self.gathered.file = file.as_str().map(str::to_string);
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }

    /// The list itself: each entry read alone.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.gathered.found = true;
        while let Some(entry) = seq.next_element::<Value>()? {
            let gathered = &mut *self.gathered;
            take(
                &entry,
                gathered.model,
                gathered.wanted,
                &mut gathered.results,
            );
        }
        Ok(())
    }

    // Scalars where an object was expected: nothing to gather.
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str) -> String {
        format!(
            r#"{{"metadata":{{"key":"{id}"}},"response":{{"candidates":[{{"content":{{"parts":[{{"text":"{{}}"}}]}},"finishReason":"STOP"}}]}}}}"#
        )
    }

    #[test]
    fn wanted_entries_are_kept_and_others_counted() {
        let wanted: HashSet<&str> = ["a", "c"].into_iter().collect();
        for wrap in [
            |list: String| {
                format!(
                    r#"{{"name":"batches/x","done":true,"response":{{"@type":"x","inlinedResponses":{{"inlinedResponses":[{list}]}}}}}}"#
                )
            },
            |list: String| {
                format!(
                    r#"{{"metadata":{{"output":{{"inlinedResponses":[{list}]}}}},"done":true}}"#
                )
            },
        ] {
            let list = [
                entry("a"),
                entry("b"),
                entry("c"),
                entry("zz"),
                "{}".to_string(),
            ]
            .join(",");
            let Ok(Read::Inline(results)) = read(&wrap(list), "gemini-test", &wanted) else {
                panic!("inline results");
            };
            let ids: Vec<&str> = results.outcomes.iter().map(|o| o.id.as_str()).collect();
            assert_eq!(ids, ["a", "c"]);
            assert_eq!(results.skipped, 3);
        }
    }

    #[test]
    fn a_file_or_nothing_is_said() {
        let wanted = HashSet::new();
        let file = r#"{"response":{"responsesFile":"files/x"}}"#;
        assert!(matches!(read(file, "m", &wanted), Ok(Read::File(f)) if f == "files/x"));
        assert!(matches!(
            read(r#"{"done":true}"#, "m", &wanted),
            Ok(Read::Nothing)
        ));
        assert!(read("not json", "m", &wanted).is_err());
    }
}
