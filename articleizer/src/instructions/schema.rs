//! One JSON schema for every provider, and a checker for it.
//!
//! The schema is the portable subset that Gemini's `responseJsonSchema`,
//! OpenAI's strict `json_schema` and Anthropic's tool `input_schema` all
//! accept: every property required, `additionalProperties: false`, no
//! `$ref`, no length or count keywords. Counts and lengths are checked by
//! [`super::validate`] instead, where the message can be precise.

use super::{Problem, Rules};
use serde_json::{json, Value};

fn string(description: &str) -> Value {
    json!({ "type": "string", "description": description })
}

fn strings(description: &str) -> Value {
    json!({ "type": "array", "items": { "type": "string" }, "description": description })
}

fn object(properties: Value) -> Value {
    let required: Vec<Value> = properties
        .as_object()
        .map(|p| p.keys().map(|k| Value::String(k.clone())).collect())
        .unwrap_or_default();
    json!({ "type": "object", "properties": properties, "required": required, "additionalProperties": false })
}

/// The schema of the instructions, described with the default rules.
pub fn schema() -> Value {
    schema_for(&Rules::default())
}

/// The schema of the instructions. Providers receive its descriptions
/// too, so they state the same rules as the prompt, from `rules`.
pub fn schema_for(rules: &Rules) -> Value {
    let (least, most) = rules.subheadings;
    let (few, many) = rules.snippet_words;
    let (short, long) = rules.description_chars;
    let (titles_min, titles_max) = rules.title_options;
    let (prompts_min, prompts_max) = rules.next_step_prompts;
    let (tags_min, tags_max) = rules.hashtags;
    object(json!({
        "editing_instructions": object(json!({
            "yaml_updates": object(json!({
                "title": string(&format!("The post's title: one line, at most {} characters, no date", rules.max_title_chars)),
                "description": string(&format!("Meta description, {short} to {long} characters")),
                "permalink": string("The permalink style with the first title option's file name (without .md) as its slug"),
                "keywords": string("Comma-separated keywords"),
            })),
            "prepend_to_article_body": string("Introduction for the curious book reader: prose, no heading"),
            "insert_subheadings": {
                "type": "array",
                "description": format!("{least} to {most} subheadings (a shorter entry: at least one per {} words), each after the block that ends with its snippet", rules.words_per_subheading),
                "items": object(json!({
                    "subheading": string("Markdown heading starting with ## "),
                    "after_text_snippet": string(&format!("{few} to {many} consecutive words copied exactly from the end of one paragraph, list or code block of the entry, occurring once in it")),
                })),
            },
        })),
        "book_analysis_content": object(json!({
            "authors_imprint": string("First-person summary in the author's voice"),
            "title_brainstorm": {
                "type": "array",
                "description": format!("{titles_min} to {titles_max} title options, the preferred first"),
                "items": object(json!({
                    "title": string("A title, no date"),
                    "filename": string("Lower-case words and hyphens ending in .md, no date, no folder"),
                    "rationale": string("Who would search for this title"),
                })),
            },
            "content_potential_and_polish": object(json!({
                "core_strengths": strings("What works"),
                "suggestions_for_polish": strings("What to improve"),
            })),
            "ai_editorial_take": string("The editor's own angle on the entry as a chapter"),
            "next_step_prompts": strings(&format!("{prompts_min} or {prompts_max} prompts for the next session")),
            "promotional_tweet": string(&format!("At most {} characters as X counts them (a link is 23), the mark [ARTICLE_URL] where the post's link goes and no other link, {tags_min} or {tags_max} hashtags", rules.max_tweet_chars)),
        })),
    }))
}

/// The shape of `schema` as a compact example: each string `"..."`, each
/// array one item, a part that fits on a line on one line. What the prompt
/// shows; the provider enforces the shape.
pub fn skeleton(schema: &Value) -> String {
    fn shape(schema: &Value) -> Value {
        match schema["type"].as_str() {
            Some("object") => Value::Object(
                schema["properties"]
                    .as_object()
                    .map(|p| p.iter().map(|(k, v)| (k.clone(), shape(v))).collect())
                    .unwrap_or_default(),
            ),
            Some("array") => Value::Array(vec![shape(&schema["items"])]),
            _ => Value::String("...".into()),
        }
    }
    fn write(value: &Value, indent: usize, out: &mut String) {
        let one_line = value
            .to_string()
            .replace("\":", "\": ")
            .replace(",\"", ", \"");
        let Value::Object(map) = value else {
            out.push_str(&one_line);
            return;
        };
        if indent + one_line.len() <= 76 {
            out.push_str(&one_line);
            return;
        }
        out.push_str("{\n");
        for (i, (key, item)) in map.iter().enumerate() {
            out.push_str(&" ".repeat(indent + 2));
            out.push_str(&format!("{key:?}: "));
            write(item, indent + 2, out);
            out.push_str(if i + 1 < map.len() { ",\n" } else { "\n" });
        }
        out.push_str(&" ".repeat(indent));
        out.push('}');
    }
    let mut out = String::new();
    write(&shape(schema), 0, &mut out);
    out
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Checks `value` against `schema` (types and required properties; extra
/// properties are allowed, they are kept), returning every problem: a
/// missing field is a hard problem only when [`super::REQUIRED`] names it.
pub(crate) fn check(schema: &Value, value: &Value, path: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    let want = schema["type"].as_str().unwrap_or("");
    let here = if path.is_empty() {
        "the response"
    } else {
        path
    };
    match (want, value) {
        ("object", Value::Object(map)) => {
            if let Some(properties) = schema["properties"].as_object() {
                for (key, sub) in properties {
                    match map.get(key) {
                        Some(v) => problems.extend(check(sub, v, &join(path, key))),
                        None => {
                            let at = join(path, key);
                            problems.push(if super::REQUIRED.contains(&at.as_str()) {
                                Problem::new(&at, "is missing".to_string())
                            } else {
                                Problem::soft(&at, "is missing".to_string())
                            });
                        }
                    }
                }
            }
        }
        ("array", Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                problems.extend(check(&schema["items"], item, &format!("{path}[{i}]")));
            }
        }
        ("string", Value::String(_)) => {}
        (want, value) => problems.push(Problem::new(
            here,
            format!("is {}, want {}", type_name(value), article(want)),
        )),
    }
    problems
}

fn article(kind: &str) -> String {
    match kind {
        "object" | "array" => format!("an {kind}"),
        other => format!("a {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_objects_are_strict(schema: &Value) -> bool {
        match schema["type"].as_str() {
            Some("object") => {
                let properties = schema["properties"].as_object().expect("properties");
                let required = schema["required"].as_array().expect("required").len();
                schema["additionalProperties"] == Value::Bool(false)
                    && required == properties.len()
                    && properties.values().all(all_objects_are_strict)
            }
            Some("array") => all_objects_are_strict(&schema["items"]),
            _ => true,
        }
    }

    #[test]
    fn schema_is_the_portable_subset() {
        let schema = schema();
        assert!(all_objects_are_strict(&schema));
        let text = schema.to_string();
        for keyword in [
            "$ref",
            "$defs",
            "minItems",
            "maxItems",
            "minLength",
            "maxLength",
            "pattern",
        ] {
            assert!(!text.contains(keyword), "schema uses {keyword}");
        }
    }

    #[test]
    fn the_skeleton_is_the_schema_shape_and_reads_back() {
        let text = skeleton(&schema());
        let value: Value = serde_json::from_str(&text).expect("JSON");
        assert!(check(&schema(), &value, "").is_empty(), "{text}");
        assert!(text.contains("\"insert_subheadings\": [{\"subheading\": \"...\", \"after_text_snippet\": \"...\"}]"), "{text}");
        assert!(text.lines().all(|l| l.len() <= 100), "{text}");
    }

    #[test]
    fn the_descriptions_state_the_rules_numbers() {
        let rules = Rules {
            max_tweet_chars: 250,
            snippet_words: (4, 9),
            ..Rules::default()
        };
        let text = schema_for(&rules).to_string();
        assert!(text.contains("At most 250 characters as X counts them"));
        assert!(text.contains("4 to 9 consecutive words"));
        assert!(text.contains("the mark [ARTICLE_URL]") && !text.contains("naked URL"));
        assert!(
            !text.contains("/futureproof/"),
            "no permalink style of its own"
        );
    }

    #[test]
    fn reports_every_structural_problem_with_its_path() {
        let value = json!({
            "editing_instructions": { "yaml_updates": { "title": 3 }, "insert_subheadings": [{ "subheading": "## A" }] },
            "book_analysis_content": []
        });
        let problems: Vec<String> = check(&schema(), &value, "")
            .iter()
            .map(ToString::to_string)
            .collect();
        assert!(
            problems.contains(
                &"editing_instructions.yaml_updates.title is a number, want a string".to_string()
            ),
            "{problems:?}"
        );
        assert!(problems
            .contains(&"editing_instructions.yaml_updates.description is missing".to_string()));
        assert!(problems.contains(
            &"editing_instructions.insert_subheadings[0].after_text_snippet is missing".to_string()
        ));
        assert!(problems
            .contains(&"editing_instructions.prepend_to_article_body is missing".to_string()));
        assert!(problems.contains(&"book_analysis_content is an array, want an object".to_string()));
    }
}
