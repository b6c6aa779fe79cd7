//! Removing a provider's key from what the provider sent back.
//!
//! A proxy or a model can quote the key it was sent, plainly or encoded so
//! that a plain search misses it: with JSON escapes (`\u0073k-...`), percent
//! encoding, HTML character references, zero-width characters inside it,
//! in hexadecimal, or in base64 (at any of the three alignments a key can
//! have inside a longer base64 text). What is kept of an answer (the
//! cache, a saved raw answer, the post, a log line, an error) has every
//! such copy replaced by `[KEY]`.

/// What a key becomes.
const MARK: &str = "[KEY]";

/// Shortest encoded form searched for: shorter ones would match by chance.
const MIN_NEEDLE: usize = 12;

/// Finds and removes one key in its plain and encoded forms.
pub(crate) struct Scrubber {
    key: String,
    /// The key's encodings (base64 at each alignment, hexadecimal).
    encoded: Vec<String>,
}

impl Scrubber {
    /// A scrubber for `key`; `None` for an empty key (nothing to hide).
    pub fn new(key: &str) -> Option<Self> {
        if key.is_empty() {
            return None;
        }
        let bytes = key.as_bytes();
        let mut encoded = Vec::new();
        for skip in 0..3.min(bytes.len()) {
            let whole = (bytes.len() - skip) / 3 * 3;
            let part = &bytes[skip..skip + whole];
            encoded.push(base64(part, STANDARD));
            encoded.push(base64(part, URL_SAFE));
        }
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        encoded.push(hex.to_ascii_uppercase());
        encoded.push(hex);
        encoded.retain(|needle| needle.len() >= MIN_NEEDLE && needle != key);
        encoded.sort();
        encoded.dedup();
        Some(Scrubber {
            key: key.to_string(),
            encoded,
        })
    }

    /// `text` with every copy of the key, in any form this module knows,
    /// replaced by `[KEY]`. A text that hides the key behind an encoding
    /// (escapes, percent encoding, character references, invisible
    /// characters) is returned decoded, the key removed.
    pub fn text(&self, text: &str) -> String {
        let mut clean = self.plain(text);
        for decode in [json_escapes, percent_decoded, character_references, visible] {
            if let Some(decoded) = decode(&clean) {
                let scrubbed = self.plain(&decoded);
                if scrubbed != decoded {
                    clean = scrubbed;
                }
            }
        }
        clean
    }

    /// An answer that should be JSON: every string in it (keys included)
    /// scrubbed after decoding, so escapes cannot hide the key; the JSON is
    /// written again only when something was removed. Text that is not
    /// JSON is scrubbed as text.
    pub fn answer(&self, text: &str) -> String {
        let Ok(mut value) = serde_json::from_str::<serde_json::Value>(text) else {
            return self.text(text);
        };
        if self.value(&mut value) {
            serde_json::to_string_pretty(&value).unwrap_or_else(|_| self.text(text))
        } else {
            self.text(text)
        }
    }

    /// Scrubs every string in `value`; whether anything changed.
    fn value(&self, value: &mut serde_json::Value) -> bool {
        use serde_json::Value;
        match value {
            Value::String(s) => {
                let clean = self.text(s);
                let changed = clean != *s;
                *s = clean;
                changed
            }
            Value::Array(items) => items
                .iter_mut()
                .fold(false, |changed, item| self.value(item) | changed),
            Value::Object(map) => {
                let entries = std::mem::take(map);
                let mut changed = false;
                for (key, mut item) in entries {
                    let clean_key = self.text(&key);
                    changed |= clean_key != key;
                    changed |= self.value(&mut item);
                    map.insert(clean_key, item);
                }
                changed
            }
            _ => false,
        }
    }

    /// The plain key and its encodings replaced.
    fn plain(&self, text: &str) -> String {
        let mut clean = text.replace(&self.key, MARK);
        for needle in &self.encoded {
            if clean.contains(needle.as_str()) {
                clean = clean.replace(needle.as_str(), MARK);
            }
        }
        clean
    }
}

/// `\uXXXX` and the other JSON escapes decoded, when `text` has any.
fn json_escapes(text: &str) -> Option<String> {
    if !text.contains('\\') {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    Some(decoded) => out.push(decoded),
                    None => {
                        out.push_str("\\u");
                        out.push_str(&hex);
                    }
                }
            }
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    Some(out)
}

/// Percent encoding decoded, when `text` has any.
fn percent_decoded(text: &str) -> Option<String> {
    if !text.contains('%') {
        return None;
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let hex = bytes
            .get(at + 1..at + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[at], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                at += 3;
            }
            (byte, _) => {
                out.push(byte);
                at += 1;
            }
        }
    }
    Some(String::from_utf8_lossy(&out).into_owned())
}

/// HTML numeric character references (`&#115;`, `&#x73;`) decoded.
fn character_references(text: &str) -> Option<String> {
    if !text.contains("&#") {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("&#") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let (digits, radix) = match after.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16),
            None => (after, 10),
        };
        let length = digits
            .find(|c: char| !c.is_digit(radix))
            .unwrap_or(digits.len());
        let decoded = u32::from_str_radix(&digits[..length], radix)
            .ok()
            .and_then(char::from_u32);
        match decoded {
            Some(c) if length > 0 => {
                out.push(c);
                let consumed = after.len() - digits.len() + length;
                rest = &after[consumed..];
                rest = rest.strip_prefix(';').unwrap_or(rest);
            }
            _ => {
                out.push_str("&#");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Some(out)
}

/// Invisible characters (zero-width spaces and joiners, soft hyphens,
/// other format characters) removed, when `text` has any.
fn visible(text: &str) -> Option<String> {
    let invisible = |c: char| {
        matches!(
            c,
            '\u{ad}' | '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{feff}'
        )
    };
    text.contains(invisible)
        .then(|| text.chars().filter(|c| !invisible(*c)).collect())
}

const STANDARD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_SAFE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Base64 of `bytes`, whose length is a multiple of 3 (so no padding).
fn base64(bytes: &[u8], alphabet: &[u8; 64]) -> String {
    bytes
        .chunks(3)
        .flat_map(|chunk| {
            let n =
                chunk.iter().fold(0u32, |n, b| (n << 8) | u32::from(*b)) << (8 * (3 - chunk.len()));
            (0..4).map(move |i| alphabet[(n >> (18 - 6 * i)) as usize & 63] as char)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "sk-test-0123456789abcdefXYZ";

    fn scrubber() -> Scrubber {
        Scrubber::new(KEY).expect("a key")
    }

    fn encode_any(bytes: &[u8], alphabet: &[u8; 64]) -> String {
        let mut padded = bytes.to_vec();
        while !padded.len().is_multiple_of(3) {
            padded.push(0);
        }
        base64(&padded, alphabet)
    }

    #[test]
    fn base64_is_standard() {
        assert_eq!(base64(b"Man", STANDARD), "TWFu");
        assert_eq!(base64(b"sk-ab?", URL_SAFE), "c2stYWI_");
    }

    #[test]
    fn every_encoding_is_found() {
        let s = scrubber();
        let escaped: String = KEY
            .chars()
            .map(|c| format!("\\u{:04x}", c as u32))
            .collect();
        let percent: String = KEY.bytes().map(|b| format!("%{b:02X}")).collect();
        let references: String = KEY.chars().map(|c| format!("&#{};", c as u32)).collect();
        let zero_width: String = KEY.chars().flat_map(|c| [c, '\u{200b}']).collect();
        let hex: String = KEY.bytes().map(|b| format!("{b:02x}")).collect();
        for text in [
            format!("plain {KEY} text"),
            format!("json \\u0073{} text", &KEY[1..]),
            escaped,
            percent,
            references,
            zero_width,
            hex.clone(),
            hex.to_uppercase(),
        ] {
            let clean = s.text(&text);
            assert!(!clean.contains(KEY), "{text} -> {clean}");
            assert!(clean.contains(MARK), "{text} -> {clean}");
        }
        // Base64 of the key inside longer base64 text, at every alignment,
        // in both alphabets.
        for prefix in ["", "a", "ab", "abc"] {
            for alphabet in [STANDARD, URL_SAFE] {
                let blob = encode_any(format!("{prefix}{KEY}, and more").as_bytes(), alphabet);
                let clean = s.text(&blob);
                assert!(clean.contains(MARK), "{prefix:?}: {blob} -> {clean}");
            }
        }
    }

    #[test]
    fn an_answer_is_scrubbed_after_decoding() {
        let answer = format!(r#"{{"intro": "key \u0073{} here", "n": 1}}"#, &KEY[1..]);
        let clean = scrubber().answer(&answer);
        let value: serde_json::Value = serde_json::from_str(&clean).expect("still JSON");
        assert_eq!(value["intro"], "key [KEY] here");
        assert_eq!(value["n"], 1);
        // Nothing to remove: the answer is kept byte for byte.
        assert_eq!(scrubber().answer("{\"a\": \"b\"}"), "{\"a\": \"b\"}");
    }

    #[test]
    fn ordinary_text_is_untouched() {
        let text = "100% sure & &#x41; fine \\n ok";
        assert_eq!(scrubber().text(text), text);
    }
}
