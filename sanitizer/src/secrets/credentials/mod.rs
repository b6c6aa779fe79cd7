//! Credentials found by where they stand rather than by their shape:
//! command-line password flags (`mysql -p'x'`, `--password x`,
//! `curl -u user:pass`, `sshpass -p`, `htpasswd -b`, `docker login -p`,
//! `redis-cli -a`), HTTP `Basic`/`Token` authorization, XML and HTML
//! elements and `key=... value=...` settings named like secrets, `.netrc`
//! lines, Markdown table cells whose row or column names a secret, tokens
//! used as a URL's user, and Telegram bot tokens.

mod command_line;
mod markup;
mod tables;
#[cfg(test)]
mod tests;

use super::assign::CHAT_UI_GLUE;
use super::{is_placeholder, Span};
use crate::secrets::Kind;
use command_line::{command_line, netrc, separates};
use markup::{authorization, markup_element, settings_entry};
use tables::{table_row, Table};

/// Runs every detector of this module over `text`, adding to `ends` where
/// each one's spans end. Each line detector visits only the lines that hold
/// its cue, found by a search over the whole text (a pass over every line
/// per detector halved the sanitizer's speed on prose).
pub(super) fn find(text: &str, cues: &Cues, spans: &mut Vec<Span>, ends: &mut Vec<usize>) {
    let bytes = text.as_bytes();
    // A `-` that starts a word and is followed by a letter or another `-`
    // (a flag; a list item's `- ` is not one).
    let flags = memchr::memchr_iter(b'-', bytes).filter(|&at| {
        (at == 0 || separates(bytes[at - 1]))
            && bytes
                .get(at + 1)
                .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'-')
    });
    each_line(text, flags, |line, offset| {
        command_line(line, offset, spans)
    });
    ends.push(spans.len());
    each_line(text, cues.authorization.iter().copied(), |line, offset| {
        authorization(line, offset, spans)
    });
    ends.push(spans.len());
    each_line(
        text,
        memchr::memmem::find_iter(bytes, b"</"),
        |line, offset| markup_element(line, offset, spans),
    );
    ends.push(spans.len());
    each_line(text, cues.settings.iter().copied(), |line, offset| {
        settings_entry(line, offset, spans)
    });
    ends.push(spans.len());
    each_line(text, cues.netrc.iter().copied(), |line, offset| {
        netrc(line, offset, spans)
    });
    ends.push(spans.len());
    // A `|` with only indentation before it on its line.
    let rows = memchr::memchr_iter(b'|', bytes).filter(|&at| {
        let mut start = at;
        while start > 0 && matches!(bytes[start - 1], b' ' | b'\t') {
            start -= 1;
        }
        start == 0 || bytes[start - 1] == b'\n'
    });
    let mut table = Table::default();
    each_line(text, rows, |line, offset| {
        table_row(line, offset, spans);
        table.row(line, offset, spans);
    });
    ends.push(spans.len());
    telegram(text, spans);
    ends.push(spans.len());
    url_user_token(text, spans);
    ends.push(spans.len());
}

/// Where the line detectors' cues occur, in order, as the shared trigger
/// search found them (a search of their own for each cue cost more than
/// the detectors).
#[derive(Debug, Default)]
pub(super) struct Cues {
    /// `uthorization`, `UTHORIZATION`: HTTP authorization headers.
    pub(super) authorization: Vec<usize>,
    /// `ey="`, `EY="`: `key="..." value="..."` settings.
    pub(super) settings: Vec<usize>,
    /// `passw`, `account`: `.netrc` lines.
    pub(super) netrc: Vec<usize>,
}

/// The cue literals of the shared trigger search (besides `passw`, which
/// is a secret word's too).
pub(super) const CUE_TRIGGERS: &[&str] =
    &["uthorization", "UTHORIZATION", "ey=\"", "EY=\"", "account"];

impl Cues {
    /// The cues of `text`, found by a search of their own (for the tests
    /// of this module's detectors alone).
    #[cfg(test)]
    pub(super) fn of(text: &str) -> Self {
        let mut found: Vec<(usize, &str)> = CUE_TRIGGERS
            .iter()
            .chain(&["passw"])
            .flat_map(|cue| {
                memchr::memmem::find_iter(text.as_bytes(), cue.as_bytes()).map(move |at| (at, *cue))
            })
            .collect();
        found.sort_unstable();
        let mut cues = Cues::default();
        for (at, cue) in found {
            cues.note(cue, at);
        }
        cues
    }

    /// Notes the cue `literal` found at `at` (any other literal is none).
    pub(super) fn note(&mut self, literal: &str, at: usize) {
        match literal {
            "uthorization" | "UTHORIZATION" => self.authorization.push(at),
            "ey=\"" | "EY=\"" => self.settings.push(at),
            "passw" | "account" => self.netrc.push(at),
            _ => {}
        }
    }
}

/// Calls `visit` once for each line (without its line end, with its byte
/// offset) that holds one of `positions` (ascending).
fn each_line(
    text: &str,
    positions: impl Iterator<Item = usize>,
    mut visit: impl FnMut(&str, usize),
) {
    let bytes = text.as_bytes();
    let mut done_until = 0;
    for at in positions {
        if at < done_until {
            continue;
        }
        let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
        let line = text[start..end].trim_end_matches('\r');
        // The chat UI's button text glued before a command is not part of it.
        let glue = CHAT_UI_GLUE
            .iter()
            .find(|glue| line.starts_with(*glue))
            .map_or(0, |glue| glue.len());
        visit(&line[glue..], start + glue);
        done_until = end + 1;
    }
}

/// Telegram bot tokens: `123456789:AA` + 33 more token characters.
fn telegram(text: &str, spans: &mut Vec<Span>) {
    let bytes = text.as_bytes();
    for colon in memchr::memchr_iter(b':', bytes) {
        let digits = bytes[..colon]
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if !(8..=10).contains(&digits) {
            continue;
        }
        // Glued to a word before it (a chat UI's button text) it still
        // starts here: the digits and the 35 after the colon are exact.
        let start = colon - digits;
        let token = bytes[colon + 1..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
            .count();
        if token == 35 && bytes[colon + 1..].starts_with(b"AA") {
            spans.push(Span::kind(start, colon + 1 + token, Kind::TelegramBotToken));
        }
    }
}

/// A token used as a URL's user (`https://<token>@github.com/...`): 20 or
/// more token characters with letters and digits both.
fn url_user_token(text: &str, spans: &mut Vec<Span>) {
    for found in memchr::memmem::find_iter(text.as_bytes(), b"://") {
        let start = found + 3;
        let user_end = text[start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-')))
            .map_or(text.len(), |i| start + i);
        if text.as_bytes().get(user_end) != Some(&b'@') {
            continue;
        }
        let user = &text[start..user_end];
        let mixed = user.bytes().any(|b| b.is_ascii_digit())
            && user.bytes().any(|b| b.is_ascii_alphabetic());
        if user.len() >= 20 && mixed && !is_placeholder(user) {
            spans.push(Span::kind(start, user_end, Kind::Token));
        }
    }
}
