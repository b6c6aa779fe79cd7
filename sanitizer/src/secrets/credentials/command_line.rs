//! Password flags on command lines, and `.netrc` lines: both read as
//! shell words.

use super::super::is_placeholder;
use super::Span;
use crate::secrets::Kind;

/// A shell word of a line: its byte range, and the range of its value
/// without the quotes around it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Word {
    start: usize,
    end: usize,
    value_start: usize,
    value_end: usize,
}

/// Whether a byte separates words: white space, and the backticks of a
/// Markdown code span around a command.
pub(super) fn separates(b: u8) -> bool {
    b.is_ascii_whitespace() || b == b'`'
}

/// The words of a line, split at white space (and backticks) outside quotes. Words whose
/// quotes are mixed with other characters (`-p'x'`) keep their whole range
/// as the value, minus a quote pair that ends the word. An iterator, not a
/// list: a 16 MB line of flags made a list eight times its size.
pub(super) fn words(line: &str) -> Words<'_> {
    Words { line, at: 0 }
}

/// The words of a line, in order.
#[derive(Clone)]
pub(super) struct Words<'a> {
    line: &'a str,
    at: usize,
}

impl Iterator for Words<'_> {
    type Item = Word;

    fn next(&mut self) -> Option<Word> {
        let (line, bytes) = (self.line, self.line.as_bytes());
        let mut at = self.at;
        while at < bytes.len() && separates(bytes[at]) {
            at += 1;
        }
        if at >= bytes.len() {
            self.at = at;
            return None;
        }
        let start = at;
        let mut quote: Option<u8> = None;
        while at < bytes.len() {
            match (quote, bytes[at]) {
                (None, b'"' | b'\'') => quote = Some(bytes[at]),
                (Some(q), b) if b == q => quote = None,
                (None, b) if separates(b) => break,
                _ => {}
            }
            at += 1;
        }
        self.at = at;
        let (mut value_start, mut value_end) = (start, at);
        if at - start >= 2 && matches!(bytes[at - 1], b'"' | b'\'') {
            let q = bytes[at - 1];
            if let Some(open) = line[start..at - 1].find(q as char) {
                // `'x'` or `-p'x'`: the value is inside the quotes.
                value_start = start + open + 1;
                value_end = at - 1;
            }
        }
        Some(Word {
            start,
            end: at,
            value_start,
            value_end,
        })
    }
}

/// Commands whose `-p` takes a password.
const DASH_P_COMMANDS: &[&str] = &[
    "mysql",
    "mysqldump",
    "mysqladmin",
    "mariadb",
    "mariadb-dump",
    "mysqlimport",
    "mysqlsh",
    "sshpass",
    "mongo",
    "mongosh",
    "mongodump",
    "mongorestore",
    "login", // docker login, podman login, az login
];

/// Long flags whose value is a secret: the name (without `--`) ends with
/// one of these.
fn secret_flag(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [
        "password",
        "passwd",
        "pass",
        "pwd",
        "token",
        "secret",
        "api-key",
        "apikey",
        "access-key",
        "secret-key",
        "private-key",
        "auth",
    ]
    .iter()
    .any(|ending| lower == *ending || lower.ends_with(&format!("-{ending}")))
        && !lower.ends_with("-file")
}

fn push_value(line: &str, offset: usize, start: usize, end: usize, spans: &mut Vec<Span>) {
    let value = &line[start..end];
    if value.len() >= 4
        && !is_placeholder(value)
        && !value.starts_with(['$', '-', '<', '%'])
        && !value.contains("$(")
    {
        spans.push(Span::kind(offset + start, offset + end, Kind::Password));
    }
}

/// Password flags on a command line.
pub(super) fn command_line(line: &str, offset: usize, spans: &mut Vec<Span>) {
    if !line.contains('-') {
        return;
    }
    let text = |w: &Word| &line[w.start..w.end];
    // The commands the line runs, found once (asking for each flag walked
    // the line again).
    let mut commands = Commands::default();
    for word in words(line) {
        commands.note(text(&word));
    }
    let mut words = words(line).peekable();
    while let Some(word) = words.next() {
        let token = text(&word);
        let next = words.peek().copied();
        if let Some(flag) = token.strip_prefix("--") {
            let (name, inline) = match flag.split_once('=') {
                Some((name, _)) => (name, true),
                None => (flag, false),
            };
            if secret_flag(name) {
                if inline {
                    let eq = word.start + 2 + name.len() + 1;
                    let (start, end) = unquote(line, eq, word.end);
                    push_value(line, offset, start, end, spans);
                } else if let Some(next) = next {
                    push_value(line, offset, next.value_start, next.value_end, spans);
                    words.next();
                }
            } else if name == "user" && !inline {
                if let Some(next) = next {
                    user_password(line, offset, &next, spans);
                }
            }
        } else if let Some(short) = token.strip_prefix('-') {
            let attached = short.len() > 1;
            match short.as_bytes().first() {
                Some(b'p') if commands.dash_p => {
                    if attached {
                        let (start, end) = unquote(line, word.start + 2, word.end);
                        push_value(line, offset, start, end, spans);
                    } else if !commands.mysql {
                        // `mysql -p name` prompts; `sshpass -p x`, `login -p x` do not.
                        if let Some(next) = next {
                            push_value(line, offset, next.value_start, next.value_end, spans);
                            words.next();
                        }
                    }
                }
                Some(b'a') if !attached && commands.redis_cli => {
                    if let Some(next) = next {
                        push_value(line, offset, next.value_start, next.value_end, spans);
                        words.next();
                    }
                }
                Some(b'u') if commands.curl_or_wget => {
                    if attached {
                        let value = Word {
                            start: word.start + 2,
                            end: word.end,
                            value_start: word.start + 2,
                            value_end: word.end,
                        };
                        user_password(line, offset, &value, spans);
                    } else if let Some(next) = next {
                        user_password(line, offset, &next, spans);
                        words.next();
                    }
                }
                Some(_) if commands.htpasswd && short.contains('b') => {
                    // htpasswd -b[flags] FILE USER PASSWORD (no file with -n).
                    let skip = if short.contains('n') { 1 } else { 2 };
                    let mut rest = words.clone().filter(|w| !text(w).starts_with('-'));
                    if let Some(password) = rest.nth(skip) {
                        push_value(
                            line,
                            offset,
                            password.value_start,
                            password.value_end,
                            spans,
                        );
                    }
                }
                _ => {}
            }
        }
    }
}

/// The commands on a line that decide how its flags read.
#[derive(Default)]
struct Commands {
    /// A command whose `-p` takes a password.
    dash_p: bool,
    /// `mysql` or `mysqldump`, whose bare `-p` prompts.
    mysql: bool,
    redis_cli: bool,
    curl_or_wget: bool,
    htpasswd: bool,
}

impl Commands {
    fn note(&mut self, word: &str) {
        self.dash_p |= DASH_P_COMMANDS.contains(&word.rsplit('/').next().unwrap_or(""));
        self.mysql |= word == "mysql" || word == "mysqldump";
        self.redis_cli |= word == "redis-cli";
        self.curl_or_wget |= word == "curl" || word == "wget";
        self.htpasswd |= word == "htpasswd";
    }
}

/// `start..end` without one pair of quotes around it.
fn unquote(line: &str, start: usize, end: usize) -> (usize, usize) {
    let value = &line[start..end];
    match value.as_bytes() {
        [q @ (b'"' | b'\''), .., last] if last == q && value.len() >= 2 => (start + 1, end - 1),
        _ => (start, end),
    }
}

/// `user:password`: the password goes.
fn user_password(line: &str, offset: usize, word: &Word, spans: &mut Vec<Span>) {
    let value = &line[word.value_start..word.value_end];
    if let Some(colon) = value.find(':') {
        let start = word.value_start + colon + 1;
        push_value(line, offset, start, word.value_end, spans);
    }
}

/// `.netrc`: `machine host login me password secret` (also on lines of
/// their own).
pub(super) fn netrc(line: &str, offset: usize, spans: &mut Vec<Span>) {
    let text = |w: &Word| &line[w.start..w.end];
    // The first word after any Markdown quote or list marker.
    let first = words(line).find(|w| !matches!(text(w), ">" | "-" | "*" | "+" | "$"));
    let mut after_machine = words(line).skip_while(|w| text(w) != "machine");
    let password_after_machine = after_machine.any(|w| matches!(text(&w), "password" | "passwd"));
    let netrc_line = password_after_machine
        || first.is_some_and(|w| {
            matches!(
                text(&w),
                "machine" | "default" | "login" | "password" | "passwd"
            )
        });
    if !netrc_line {
        return;
    }
    let mut previous: Option<Word> = None;
    for word in words(line) {
        if let Some(previous) = previous {
            if matches!(text(&previous), "password" | "passwd" | "account") {
                push_value(line, offset, word.value_start, word.value_end, spans);
            }
        }
        previous = Some(word);
    }
}
