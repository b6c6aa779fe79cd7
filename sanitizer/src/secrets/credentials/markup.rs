//! Authorization headers, and markup that names a secret: XML/HTML
//! elements and `key="..." value="..."` settings.

use super::super::{assign::kind_of, is_placeholder};
use super::Span;
use crate::secrets::Kind;

/// `Authorization: Basic <base64>` and `Authorization: Token <token>`
/// (Bearer is a format of its own).
pub(super) fn authorization(line: &str, offset: usize, spans: &mut Vec<Span>) {
    let lower = line.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find("authorization:") {
        let at = from + found + "authorization:".len();
        from = at;
        let rest = &line[at..];
        let scheme_start = at + (rest.len() - rest.trim_start().len());
        let scheme_end = line[scheme_start..]
            .find(|c: char| c.is_whitespace())
            .map_or(line.len(), |i| scheme_start + i);
        let scheme = line[scheme_start..scheme_end].to_ascii_lowercase();
        if !matches!(scheme.as_str(), "basic" | "token" | "digest" | "apikey") {
            continue;
        }
        let value_start =
            scheme_end + line[scheme_end..].len() - line[scheme_end..].trim_start().len();
        let value_end = line[value_start..]
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '`' | ','))
            .map_or(line.len(), |i| value_start + i);
        let value = &line[value_start..value_end];
        if value.len() >= 8 && !is_placeholder(value) {
            spans.push(Span::kind(
                offset + value_start,
                offset + value_end,
                Kind::Authorization,
            ));
        }
    }
}

/// `<password>x</password>`, `<db-password>`, `<apiKey>`...; and
/// `<add key="Password" value="x"/>` (.NET and Java settings).
pub(super) fn markup_element(line: &str, offset: usize, spans: &mut Vec<Span>) {
    // Closing tags are the cue: far fewer than `<`s in code and HTML.
    for close in memchr::memmem::find_iter(line.as_bytes(), b"</") {
        let name_start = close + 2;
        let name_end = line[name_start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.')))
            .map_or(line.len(), |i| name_start + i);
        let name = &line[name_start..name_end];
        if name.is_empty()
            || line.as_bytes().get(name_end) != Some(&b'>')
            || kind_of(name).is_none()
        {
            continue;
        }
        // Values are short: the opening tag is looked for nearby only.
        let mut window_start = close.saturating_sub(1024);
        while !line.is_char_boundary(window_start) {
            window_start += 1;
        }
        let open_tag = format!("<{name}>");
        let Some(open) = line[window_start..close]
            .rfind(&open_tag)
            .map(|i| window_start + i)
        else {
            continue;
        };
        let value_start = open + open_tag.len();
        let raw = &line[value_start..close];
        let value = raw.trim();
        if value.len() >= 4 && !is_placeholder(value) && !value.contains('<') {
            let start = value_start + (raw.len() - raw.trim_start().len());
            spans.push(Span::kind(
                offset + start,
                offset + start + value.len(),
                Kind::Password,
            ));
        }
    }
}

/// `<add key="Password" value="x"/>` (.NET and Java settings).
pub(super) fn settings_entry(line: &str, offset: usize, spans: &mut Vec<Span>) {
    let lower = line.to_ascii_lowercase();
    if let (Some(key), Some(value_at)) = (lower.find("key=\""), lower.find("value=\"")) {
        let key_start = key + 5;
        let key_name = line[key_start..].split('"').next().unwrap_or("");
        if kind_of(key_name).is_some() {
            let start = value_at + 7;
            if let Some(end) = line[start..].find('"').map(|i| start + i) {
                let value = &line[start..end];
                if value.len() >= 4 && !is_placeholder(value) {
                    spans.push(Span::kind(offset + start, offset + end, Kind::Password));
                }
            }
        }
    }
}
