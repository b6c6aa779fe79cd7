//! One JSON schema for every provider, and a checker for it.
//!
//! The schema is the portable subset that Gemini's `responseJsonSchema`,
//! OpenAI's strict `json_schema` and Anthropic's tool `input_schema` all
//! accept: every property required, `additionalProperties: false`, no
//! `$ref`, no length or count keywords. Counts and lengths are checked by
//! [`super::validate`] instead, where the message can be precise.

use super::Problem;
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

/// The schema of the instructions.
pub fn schema() -> Value {
    object(json!({
        "editing_instructions": object(json!({
            "yaml_updates": object(json!({
                "title": string("The post's title"),
                "description": string("Meta description, 100 to 160 characters"),
                "permalink": string("URL path for the post, e.g. /futureproof/short-slug/"),
                "keywords": string("Comma-separated keywords"),
            })),
            "prepend_to_article_body": string("Introduction: context for the curious book reader"),
            "insert_subheadings": {
                "type": "array",
                "description": "4 to 7 subheadings, each after a verbatim snippet of the article",
                "items": object(json!({
                    "subheading": string("Markdown heading starting with ## "),
                    "after_text_snippet": string("A few consecutive words copied exactly from the article"),
                })),
            },
        })),
        "book_analysis_content": object(json!({
            "authors_imprint": string("First-person summary by the author"),
            "title_brainstorm": {
                "type": "array",
                "description": "3 to 5 title options, the preferred first",
                "items": object(json!({
                    "title": string("A title"),
                    "filename": string("slug-for-the-title.md"),
                    "rationale": string("Why this title"),
                })),
            },
            "content_potential_and_polish": object(json!({
                "core_strengths": strings("What works"),
                "suggestions_for_polish": strings("What to improve"),
            })),
            "ai_editorial_take": string("The editor's view of the piece"),
            "next_step_prompts": strings("1 or 2 prompts for the next session"),
            "promotional_tweet": string("At most 280 characters, a naked URL, 2 or 3 hashtags"),
        })),
    }))
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
