//! PEM private key blocks: whole, indented (YAML), inside a JSON string
//! with escaped line ends, or cut off before their END line.

use super::{Kind, Span};

/// The literal that starts a PEM block.
pub(in crate::secrets) const PEM_TRIGGER: &str = "-----BEGIN ";
/// What starts the line that ends a PEM block.
pub(in crate::secrets) const PEM_END: &str = "-----END ";

/// A PEM private key block, from `-----BEGIN ... PRIVATE KEY-----` to its
/// `-----END` line, whether on separate lines (also indented, in YAML) or
/// with escaped `\n` inside a JSON string. A block cut off before its END
/// line is redacted through its last base64 line.
///
/// `next_end` is where the first `-----END ` after `at` starts, found once
/// for the whole text: searching from every BEGIN was quadratic on text
/// full of BEGIN lines. PEM blocks do not nest, so only that END can close
/// this block.
pub(in crate::secrets) fn pem(text: &str, at: usize, next_end: Option<usize>) -> Option<Span> {
    let rest = &text[at..];
    let label = private_key_label(rest)?;
    let label_end = label.len();
    let end_marker = format!("-----END {label}-----");
    let found = next_end
        .map(|end| end - at)
        .filter(|&found| found <= 256 * 1024 && rest[found..].starts_with(&end_marker));
    if let Some(found) = found {
        // Between the markers a key has only base64 lines (and the headers
        // of encrypted PEM); anything else means these are not the markers
        // of one key, and a span over it would swallow prose or fences.
        let body = &rest[("-----BEGIN ".len() + label_end + 5).min(found)..found];
        if body
            .split('\n')
            .flat_map(|line| line.split("\\n"))
            .all(is_pem_body_line)
        {
            return Some(Span::kind(
                at,
                at + found + end_marker.len(),
                Kind::PrivateKey,
            ));
        }
    }
    let bytes = text.as_bytes();
    let mut end = at + "-----BEGIN ".len() + label_end + 5;
    while let Some(newline) = memchr::memchr(b'\n', &bytes[end..]).map(|i| end + i) {
        let line_end =
            memchr::memchr(b'\n', &bytes[newline + 1..]).map_or(bytes.len(), |i| newline + 1 + i);
        let line = text[newline + 1..line_end].trim();
        let base64 = !line.is_empty()
            && line
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+/=\"'".contains(&b));
        if !base64 {
            break;
        }
        end = line_end;
    }
    Some(Span::kind(at, end, Kind::PrivateKey))
}

/// The label of a private key's BEGIN line at the start of `rest`
/// (`RSA PRIVATE KEY`), or `None` for anything else (a certificate).
fn private_key_label(rest: &str) -> Option<&str> {
    let header = rest.strip_prefix(PEM_TRIGGER)?;
    // Labels are short: looking further on a long line would be quadratic.
    let window = &header.as_bytes()[..header.len().min(64)];
    let label_end = memchr::memmem::find(window, b"-----")?;
    let label = &header[..label_end];
    ((label.ends_with("PRIVATE KEY") || label.ends_with("PRIVATE KEY BLOCK"))
        && !label.contains('\n'))
    .then_some(label)
}

/// [`pem`] from the line passes. Keys are redacted from the whole text
/// before they run, so a BEGIN met here is rarely a private key's; the END
/// is looked for within the same 256 KiB as in [`pem`].
pub(super) fn pem_in_line(text: &str, at: usize) -> Option<Span> {
    private_key_label(&text[at..])?;
    let window = &text.as_bytes()[at..text.len().min(at + 256 * 1024)];
    let next_end = memchr::memmem::find(window, PEM_END.as_bytes()).map(|i| at + i);
    pem(text, at, next_end)
}

/// Whether a line between PEM markers belongs to a key: base64, blank, or
/// an encrypted-PEM header, once indentation, quotes and JSON escapes go.
fn is_pem_body_line(line: &str) -> bool {
    let line =
        line.trim_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | ',' | '+' | '>'));
    let header = ["Proc-Type:", "DEK-Info:", "Comment:"]
        .iter()
        .any(|h| line.starts_with(h));
    header
        || line
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
}
