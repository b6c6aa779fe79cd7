//! Redaction of secrets and IP addresses.
//!
//! Detectors each produce spans of the text to replace; overlapping spans
//! are resolved (values from the writer's secrets files first, then
//! recognizable credential formats, then assigned values, then addresses)
//! and the text is rebuilt once. Redaction labels (`[REDACTED_IP]`,
//! `[WIFI_PASSWORD]`) never match a detector, so a second run changes
//! nothing. Counts are kept by kind; a secret's value never leaves this
//! module except replaced.

mod assign;
mod credentials;
mod file;
mod formats;
mod halves;
mod ip;
mod kinds;
mod load;
mod mentions;
mod placeholder;
mod prose;
mod replace;
mod triggers;
mod windows;

pub(crate) use kinds::Kind;
pub(crate) use placeholder::{is_number_or_boolean, is_placeholder};

pub use file::{parse_secrets_file, KnownSecret, SecretsFile};
pub use load::{load_secrets_files, LoadedSecretsFile, SecretsFileError, DEFAULT_SECRETS_FILES};
pub(crate) use mentions::Gathered;
pub(crate) use windows::Windows;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use halves::Parts;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use triggers::{find_formats_and_assignments, Fnv};
use utils::parts::push_parts;

/// A range of the text to replace, and what to put there.
///
/// Sixteen bytes: an adversarial text can hold a span every few bytes
/// (`mysql -p` repeated), and spans are held until the text is rebuilt.
/// Offsets are `u32`: texts longer than that are redacted in pieces
/// ([`MAX_PIECE`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    start: u32,
    end: u32,
    label: Label,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    /// A detected kind: replaced by `[REDACTED_KIND]`.
    Kind(Kind),
    /// A value from a secrets file (index into the known secrets).
    Known(u32),
}

/// The longest text redacted as one piece: span offsets are `u32`.
const MAX_PIECE: usize = 1 << 31;

/// `at` as a span offset: texts are redacted in pieces of at most
/// [`MAX_PIECE`] bytes, so every offset fits.
fn offset(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}

impl Span {
    fn kind(start: usize, end: usize, kind: Kind) -> Self {
        Span {
            start: offset(start),
            end: offset(end),
            label: Label::Kind(kind),
        }
    }

    fn known(start: usize, end: usize, index: usize) -> Self {
        Span {
            start: offset(start),
            end: offset(end),
            label: Label::Known(u32::try_from(index).unwrap_or(u32::MAX)),
        }
    }

    /// Where the replaced range starts.
    pub(crate) fn start(&self) -> usize {
        self.start as usize
    }

    /// Where the replaced range ends.
    pub(crate) fn end(&self) -> usize {
        self.end as usize
    }

    fn set_end(&mut self, end: usize) {
        self.end = offset(end);
    }

    #[cfg(test)]
    fn label_kind(&self) -> &'static str {
        match self.label {
            Label::Kind(kind) => kind.name(),
            Label::Known(_) => "secrets-file",
        }
    }
}

/// Redacts secrets and addresses in whole texts.
#[derive(Debug)]
pub(crate) struct Redactor {
    secrets: bool,
    ips: bool,
    known: Vec<KnownSecret>,
    known_search: Option<AhoCorasick>,
    allow_v4: Vec<Ipv4Addr>,
    allow_v6: Vec<Ipv6Addr>,
}

impl Redactor {
    pub(crate) fn new(options: &crate::options::Options) -> Self {
        let known: Vec<KnownSecret> = options
            .known_secrets
            .iter()
            .filter(|k| k.value.len() > 3)
            .cloned()
            .collect();
        let known_search = (!known.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .build(known.iter().map(|k| k.value.as_str()))
                .expect("plain literals always build")
        });
        let mut allow_v4 = Vec::new();
        let mut allow_v6 = Vec::new();
        for addr in options
            .ip_allowlist
            .iter()
            .filter_map(|a| a.parse::<IpAddr>().ok())
        {
            match addr {
                IpAddr::V4(v4) => allow_v4.push(v4),
                IpAddr::V6(v6) => allow_v6.push(v6),
            }
        }
        Redactor {
            secrets: options.secrets,
            ips: options.ips,
            known,
            known_search,
            allow_v4,
            allow_v6,
        }
    }

    /// Redacts `text`, adding the counts by kind to `counts`.
    pub(crate) fn redact<'a>(
        &self,
        text: &'a str,
        counts: &mut BTreeMap<String, usize>,
    ) -> Cow<'a, str> {
        self.rebuild(text, counts, |piece| self.parts(piece))
    }

    /// [`redact`](Self::redact), writing the result to `out` as it is
    /// made: the redacted text is never held whole (it may be several
    /// times the size of `text` when every few bytes are a secret).
    pub(crate) fn redact_to(
        &self,
        text: &str,
        counts: &mut BTreeMap<String, usize>,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        for piece in replace::pieces(text) {
            let mut start = 0;
            for (end, spans) in self.parts(piece) {
                let part = &piece[start..end];
                replace::write(part, &spans, &self.known, counts, &mut |text: &str| {
                    out.write_all(text.as_bytes())
                })?;
                start = end;
            }
        }
        Ok(())
    }

    /// Every span to replace in `piece`, resolved (see [`replace::resolve`]).
    fn spans(&self, piece: &str) -> Vec<Span> {
        // Room for a span every eight bytes, reserved but not resident
        // until written: growing a long list copies it (both copies held
        // at once), and a text can hold a secret every few bytes.
        let mut spans = Vec::with_capacity(piece.len() / 8);
        if self.secrets {
            self.local_spans(piece, &mut spans, &mut Vec::new());
            mentions::repeat_mentions(piece, &mut spans);
        }
        self.add_addresses_and_resolve(piece, &mut spans);
        spans
    }

    /// The spans of every secret detector but repeat mentions: what each
    /// finds within a line or a few (see [`windows`]). `ends` gets where
    /// each detector's spans end.
    fn local_spans(&self, piece: &str, spans: &mut Vec<Span>, ends: &mut Vec<usize>) {
        self.find_known(piece, spans);
        ends.push(spans.len());
        find_formats_and_assignments(piece, spans, ends);
        continue_past_backslashes(piece, spans);
    }

    /// Whether `piece` holds an address to redact.
    fn has_addresses(&self, piece: &str) -> bool {
        let mut spans = Vec::new();
        self.add_addresses(piece, &mut spans);
        !spans.is_empty()
    }

    /// Adds the addresses to `spans`, when that pass is on.
    fn add_addresses(&self, piece: &str, spans: &mut Vec<Span>) {
        if self.ips {
            ip::ipv4(piece, &self.allow_v4, spans);
            ip::ipv6(piece, &self.allow_v6, spans);
        }
    }

    /// Adds the addresses to `spans` (when that pass is on) and resolves them.
    fn add_addresses_and_resolve(&self, piece: &str, spans: &mut Vec<Span>) {
        self.add_addresses(piece, spans);
        replace::resolve(piece, spans);
    }

    /// `text` with the spans `find` gives for the parts of each of its
    /// pieces replaced: borrowed when there are none.
    fn rebuild<'a>(
        &self,
        text: &'a str,
        counts: &mut BTreeMap<String, usize>,
        find: impl Fn(&str) -> Parts,
    ) -> Cow<'a, str> {
        let mut out: Option<String> = None;
        let mut done = 0;
        for piece in replace::pieces(text) {
            let parts = find(piece);
            if parts.iter().all(|(_, spans)| spans.is_empty()) && out.is_none() {
                done += piece.len();
                continue;
            }
            // Sized exactly: labels are often longer than what they
            // replace, and a doubling String would hold twice the text.
            let out = out.get_or_insert_with(|| {
                let mut start = 0;
                let mut length = text.len() - piece.len();
                for (end, spans) in &parts {
                    length += replace::length(&piece[start..*end], spans, &self.known);
                    start = *end;
                }
                let mut out = String::with_capacity(length);
                out.push_str(&text[..done]);
                out
            });
            let mut start = 0;
            for (end, spans) in parts {
                let part = &piece[start..end];
                push_parts(out, |put| {
                    replace::write(part, &spans, &self.known, counts, put)
                });
                start = end;
            }
        }
        out.map_or(Cow::Borrowed(text), Cow::Owned)
    }

    /// Redacts PEM private keys only: the one kind of secret that spans
    /// lines, redacted before the line passes run.
    pub(crate) fn redact_private_keys<'a>(
        &self,
        text: &'a str,
        counts: &mut BTreeMap<String, usize>,
    ) -> Cow<'a, str> {
        if !self.secrets
            || memchr::memmem::find(text.as_bytes(), formats::PEM_TRIGGER.as_bytes()).is_none()
        {
            return Cow::Borrowed(text);
        }
        self.rebuild(text, counts, |piece| {
            let mut spans: Vec<Span> = Vec::new();
            let ends: Vec<usize> =
                memchr::memmem::find_iter(piece.as_bytes(), formats::PEM_END.as_bytes()).collect();
            for at in memchr::memmem::find_iter(piece.as_bytes(), formats::PEM_TRIGGER.as_bytes()) {
                // A BEGIN inside the key just found is part of it.
                if spans.last().is_some_and(|span| at < span.end()) {
                    continue;
                }
                let next_end = ends.get(ends.partition_point(|&end| end < at)).copied();
                spans.extend(formats::pem(piece, at, next_end));
            }
            replace::resolve(piece, &mut spans);
            vec![(piece.len(), spans)]
        })
    }

    fn find_known(&self, text: &str, spans: &mut Vec<Span>) {
        let Some(search) = &self.known_search else {
            return;
        };
        for found in search.find_iter(text) {
            if !inside_label(text, found.start(), found.end()) {
                spans.push(Span::known(
                    found.start(),
                    found.end(),
                    found.pattern().as_usize(),
                ));
            }
        }
    }
}

/// Whether `start..end` lies inside a redaction label such as `[WIFI_PASSWORD]`.
fn inside_label(text: &str, start: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    let label_byte = |b: u8| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_';
    let mut left = start;
    while left > 0 && start - left < 64 && label_byte(bytes[left - 1]) {
        left -= 1;
    }
    let mut right = end;
    while right < bytes.len() && right - end < 64 && label_byte(bytes[right]) {
        right += 1;
    }
    left > 0
        && bytes[left - 1] == b'['
        && bytes.get(right) == Some(&b']')
        && text[start..end].bytes().all(label_byte)
}

/// A value continued on the next line after a backslash (a shell line
/// continuation inside a word) is redacted across the break.
fn continue_past_backslashes(text: &str, spans: &mut [Span]) {
    let bytes = text.as_bytes();
    let token =
        |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'_' | b'-' | b'.');
    for span in spans.iter_mut() {
        let mut end = span.end();
        if end > span.start() && bytes[end - 1] == b'\\' {
            end -= 1;
        }
        let rest = &bytes[end..];
        let Some(broken) = [&b"\\\n"[..], &b"\\\r\n"[..]]
            .iter()
            .find(|line_break| rest.starts_with(line_break))
            .map(|line_break| line_break.len())
        else {
            continue;
        };
        let more = rest[broken..].iter().take_while(|b| token(b)).count();
        if more > 0 {
            span.set_end(end + broken + more);
        }
    }
}

#[cfg(test)]
mod tests;
