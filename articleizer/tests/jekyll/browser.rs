//! A built page read as a browser tokenizes it (html5gum, a WHATWG
//! tokenizer: attribute values decoded as a browser decodes them), and
//! what it may hold: elements and attributes Markdown makes from text, the
//! layout's own head elements, JSON-LD that parses.

use html5gum::{emitters::default::DefaultEmitter, Token, Tokenizer};
use serde_json::Value;
use std::collections::BTreeMap;

/// The elements Markdown makes from text (kramdown and rouge), with the
/// attributes each may carry; and the layout's own.
pub fn allowed(tag: &str, attribute: &str) -> bool {
    match tag {
        // `del`: GFM's strikethrough, which markdownify makes of `~~`.
        "p" | "em" | "strong" | "del" | "ul" | "li" | "hr" | "br" | "blockquote" | "article"
        | "body" | "head" | "title" => {
            attribute.is_empty() || (tag == "blockquote" && attribute == "class")
        }
        "html" => attribute.is_empty() || attribute == "lang",
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => attribute.is_empty() || attribute == "id",
        "ol" => attribute.is_empty() || attribute == "start",
        "div" | "span" | "pre" | "code" => attribute.is_empty() || attribute == "class",
        // kramdown makes a table of any line with a pipe that markdownify
        // reads (a title such as `Rust | Tools`): markup, nothing live.
        "table" | "thead" | "tbody" | "tr" => attribute.is_empty(),
        "td" | "th" => attribute.is_empty() || attribute == "style",
        "a" => matches!(attribute, "" | "href"),
        "meta" => matches!(attribute, "" | "charset" | "name" | "content" | "property"),
        "link" => matches!(attribute, "" | "rel" | "href" | "type" | "title"),
        "script" => matches!(attribute, "" | "type"),
        _ => false,
    }
}

/// What is wrong with one built page, read as a browser tokenizes it.
pub fn problems(html: &str, baseline: &BTreeMap<String, usize>) -> Vec<String> {
    let mut found = Vec::new();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut emitter = DefaultEmitter::default();
    emitter.naively_switch_states(true);
    let mut in_json_ld = false;
    for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_lowercase();
                *counts.entry(name.clone()).or_default() += 1;
                if !allowed(&name, "") {
                    found.push(format!("element <{name}>"));
                }
                for (key, value) in &tag.attributes {
                    let key = String::from_utf8_lossy(key).to_lowercase();
                    let value = String::from_utf8_lossy(value);
                    if key.starts_with("on") || !allowed(&name, &key) {
                        found.push(format!("attribute {key} on <{name}>"));
                    }
                    let squeezed: String = value
                        .chars()
                        .filter(|c| !c.is_whitespace() && !c.is_control())
                        .flat_map(char::to_lowercase)
                        .collect();
                    let is_url = matches!(key.as_str(), "href" | "src" | "action" | "formaction");
                    if is_url
                        && ["javascript:", "data:", "vbscript:"]
                            .iter()
                            .any(|s| squeezed.starts_with(s))
                    {
                        found.push(format!("{key}={value:?} on <{name}>"));
                    }
                    let alignment = [
                        "text-align: left",
                        "text-align: right",
                        "text-align: center",
                    ];
                    if key == "style" && !alignment.contains(&value.as_ref()) {
                        found.push(format!("style={value:?} on <{name}>"));
                    }
                    if name == "script" && (key != "type" || value != "application/ld+json") {
                        found.push(format!("script {key}={value:?}"));
                    }
                }
                in_json_ld = name == "script";
            }
            Token::String(text) if in_json_ld => {
                let text = String::from_utf8_lossy(&text);
                if let Err(e) = serde_json::from_str::<Value>(&text) {
                    found.push(format!("JSON-LD does not parse ({e}): {text}"));
                }
                in_json_ld = false;
            }
            Token::EndTag(_) => in_json_ld = false,
            _ => {}
        }
    }
    // The head's elements come from the layout and jekyll-seo-tag alone
    // (which leaves some out for an empty value, never adds one).
    for head in ["title", "meta", "script", "link", "article", "body"] {
        let (got, most) = (counts.get(head), baseline.get(head));
        if got > most {
            found.push(format!("{got:?} <{head}> where the layout has {most:?}"));
        }
    }
    found
}

/// The count of each element on a page.
pub fn element_counts(html: &str) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    let mut emitter = DefaultEmitter::default();
    emitter.naively_switch_states(true);
    for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
        if let Token::StartTag(tag) = token {
            *counts
                .entry(String::from_utf8_lossy(&tag.name).to_lowercase())
                .or_default() += 1;
        }
    }
    counts
}
