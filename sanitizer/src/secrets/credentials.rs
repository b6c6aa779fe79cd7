//! Credentials found by where they stand rather than by their shape:
//! command-line password flags (`mysql -p'x'`, `--password x`,
//! `curl -u user:pass`, `sshpass -p`, `htpasswd -b`, `docker login -p`,
//! `redis-cli -a`), HTTP `Basic`/`Token` authorization, XML and HTML
//! elements and `key=... value=...` settings named like secrets, `.netrc`
//! lines, Markdown table cells whose row or column names a secret, tokens
//! used as a URL's user, and Telegram bot tokens.

use super::{assign::kind_of, is_placeholder, Span};

/// Runs every detector of this module over `text`. Each line detector
/// visits only the lines that hold its cue, found by a search over the
/// whole text (a pass over every line per detector halved the sanitizer's
/// speed on prose).
pub(super) fn find(text: &str, spans: &mut Vec<Span>) {
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
    let cues = ["uthorization", "UTHORIZATION"];
    each_line(text, positions(bytes, &cues), |line, offset| {
        authorization(line, offset, spans)
    });
    each_line(
        text,
        memchr::memmem::find_iter(bytes, b"</"),
        |line, offset| markup_element(line, offset, spans),
    );
    each_line(
        text,
        positions(bytes, &["ey=\"", "EY=\""]),
        |line, offset| settings_entry(line, offset, spans),
    );
    each_line(
        text,
        positions(bytes, &["passw", "account"]),
        |line, offset| netrc(line, offset, spans),
    );
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
    telegram(text, spans);
    url_user_token(text, spans);
}

/// Where any of `needles` occurs, in order.
fn positions<'a>(bytes: &'a [u8], needles: &[&str]) -> impl Iterator<Item = usize> + 'a {
    let mut all: Vec<usize> = needles
        .iter()
        .flat_map(|needle| memchr::memmem::find_iter(bytes, needle.as_bytes()))
        .collect();
    all.sort_unstable();
    all.into_iter()
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
        visit(text[start..end].trim_end_matches('\r'), start);
        done_until = end + 1;
    }
}

/// A shell word of a line: its byte range, and the range of its value
/// without the quotes around it.
#[derive(Debug, Clone, Copy)]
struct Word {
    start: usize,
    end: usize,
    value_start: usize,
    value_end: usize,
}

/// Whether a byte separates words: white space, and the backticks of a
/// Markdown code span around a command.
fn separates(b: u8) -> bool {
    b.is_ascii_whitespace() || b == b'`'
}

/// The words of a line, split at white space (and backticks) outside quotes. Words whose
/// quotes are mixed with other characters (`-p'x'`) keep their whole range
/// as the value, minus a quote pair that ends the word.
fn words(line: &str) -> Vec<Word> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        while at < bytes.len() && separates(bytes[at]) {
            at += 1;
        }
        if at >= bytes.len() {
            break;
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
        let (mut value_start, mut value_end) = (start, at);
        if at - start >= 2 && matches!(bytes[at - 1], b'"' | b'\'') {
            let q = bytes[at - 1];
            if let Some(open) = line[start..at - 1].find(q as char) {
                // `'x'` or `-p'x'`: the value is inside the quotes.
                value_start = start + open + 1;
                value_end = at - 1;
            }
        }
        out.push(Word {
            start,
            end: at,
            value_start,
            value_end,
        });
    }
    out
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
        spans.push(Span::kind(offset + start, offset + end, "password"));
    }
}

/// Password flags on a command line.
fn command_line(line: &str, offset: usize, spans: &mut Vec<Span>) {
    if !line.contains('-') {
        return;
    }
    let words = words(line);
    let text = |w: &Word| &line[w.start..w.end];
    let dash_p = words
        .iter()
        .any(|w| DASH_P_COMMANDS.contains(&text(w).rsplit('/').next().unwrap_or("")));
    let is_command = |name: &str| words.iter().any(|w| text(w) == name);
    let mut index = 0;
    while index < words.len() {
        let word = words[index];
        let token = text(&word);
        let next = words.get(index + 1);
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
                    index += 1;
                }
            } else if name == "user" && !inline {
                if let Some(next) = next {
                    user_password(line, offset, next, spans);
                }
            }
        } else if let Some(short) = token.strip_prefix('-') {
            let attached = short.len() > 1;
            match short.as_bytes().first() {
                Some(b'p') if dash_p => {
                    if attached {
                        let (start, end) = unquote(line, word.start + 2, word.end);
                        push_value(line, offset, start, end, spans);
                    } else if !is_command("mysql") && !is_command("mysqldump") {
                        // `mysql -p name` prompts; `sshpass -p x`, `login -p x` do not.
                        if let Some(next) = next {
                            push_value(line, offset, next.value_start, next.value_end, spans);
                            index += 1;
                        }
                    }
                }
                Some(b'a') if !attached && is_command("redis-cli") => {
                    if let Some(next) = next {
                        push_value(line, offset, next.value_start, next.value_end, spans);
                        index += 1;
                    }
                }
                Some(b'u') if is_command("curl") || is_command("wget") => {
                    if attached {
                        let value = Word {
                            start: word.start + 2,
                            end: word.end,
                            value_start: word.start + 2,
                            value_end: word.end,
                        };
                        user_password(line, offset, &value, spans);
                    } else if let Some(next) = next {
                        user_password(line, offset, next, spans);
                        index += 1;
                    }
                }
                Some(_) if is_command("htpasswd") && short.contains('b') => {
                    // htpasswd -b[flags] FILE USER PASSWORD (no file with -n).
                    let skip = if short.contains('n') { 1 } else { 2 };
                    let mut rest = words[index + 1..]
                        .iter()
                        .filter(|w| !text(w).starts_with('-'));
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
        index += 1;
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

/// `Authorization: Basic <base64>` and `Authorization: Token <token>`
/// (Bearer is a format of its own).
fn authorization(line: &str, offset: usize, spans: &mut Vec<Span>) {
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
                "authorization",
            ));
        }
    }
}

/// `<password>x</password>`, `<db-password>`, `<apiKey>`...; and
/// `<add key="Password" value="x"/>` (.NET and Java settings).
fn markup_element(line: &str, offset: usize, spans: &mut Vec<Span>) {
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
                "password",
            ));
        }
    }
}

/// `<add key="Password" value="x"/>` (.NET and Java settings).
fn settings_entry(line: &str, offset: usize, spans: &mut Vec<Span>) {
    let lower = line.to_ascii_lowercase();
    if let (Some(key), Some(value_at)) = (lower.find("key=\""), lower.find("value=\"")) {
        let key_start = key + 5;
        let key_name = line[key_start..].split('"').next().unwrap_or("");
        if kind_of(key_name).is_some() {
            let start = value_at + 7;
            if let Some(end) = line[start..].find('"').map(|i| start + i) {
                let value = &line[start..end];
                if value.len() >= 4 && !is_placeholder(value) {
                    spans.push(Span::kind(offset + start, offset + end, "password"));
                }
            }
        }
    }
}

/// `.netrc`: `machine host login me password secret` (also on lines of
/// their own).
fn netrc(line: &str, offset: usize, spans: &mut Vec<Span>) {
    let words = words(line);
    let text = |w: &Word| &line[w.start..w.end];
    // The first word after any Markdown quote or list marker.
    let first = words
        .iter()
        .find(|w| !matches!(text(w), ">" | "-" | "*" | "+" | "$"));
    let machine = words.iter().position(|w| text(w) == "machine");
    let password_after_machine = machine.is_some_and(|m| {
        words[m..]
            .iter()
            .any(|w| matches!(text(w), "password" | "passwd"))
    });
    let netrc_line = password_after_machine
        || first.is_some_and(|w| {
            matches!(
                text(w),
                "machine" | "default" | "login" | "password" | "passwd"
            )
        });
    if !netrc_line {
        return;
    }
    for pair in words.windows(2) {
        if matches!(text(&pair[0]), "password" | "passwd" | "account") {
            push_value(line, offset, pair[1].value_start, pair[1].value_end, spans);
        }
    }
}

/// Cells of a Markdown table row: `| name | value |`.
fn cells(line: &str) -> Option<Vec<(usize, usize)>> {
    let trimmed = line.trim_start();
    if !trimmed.starts_with('|') {
        return None;
    }
    let mut out = Vec::new();
    let mut start = line.len() - trimmed.len() + 1;
    for (i, _) in line.match_indices('|').skip(1) {
        let cell = &line[start..i];
        let lead = cell.len() - cell.trim_start().len();
        out.push((start + lead, start + lead + cell.trim().len()));
        start = i + 1;
    }
    Some(out)
}

/// A cell that names a secret (`DB password`, `API key`, `Token`).
fn names_secret(cell: &str) -> bool {
    let plain: String = cell.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    cell.len() <= 40 && kind_of(&plain).is_some()
}

/// A table row whose first cell names a secret: the cells after it are
/// its values.
fn table_row(line: &str, offset: usize, spans: &mut Vec<Span>) {
    let Some(cells) = cells(line) else {
        return;
    };
    let Some(&(name_start, name_end)) = cells.first() else {
        return;
    };
    if !names_secret(&line[name_start..name_end]) {
        return;
    }
    for &(start, end) in &cells[1..] {
        table_value(line, offset, start, end, spans);
    }
}

fn table_value(line: &str, offset: usize, start: usize, end: usize, spans: &mut Vec<Span>) {
    let value = line[start..end].trim_matches('`');
    let start = start + line[start..end].find(value).unwrap_or(0);
    let separator = value.bytes().all(|b| matches!(b, b'-' | b':' | b' '));
    if value.len() >= 6
        && !separator
        && !value.contains(' ')
        && !is_placeholder(value)
        && !value.bytes().all(|b| b.is_ascii_alphabetic())
    {
        spans.push(Span::kind(
            offset + start,
            offset + start + value.len(),
            "password",
        ));
    }
}

/// Tables whose header names a secret column: that column's cells. Fed
/// the table rows of the text in order; a row that does not follow the
/// previous one starts a new table.
#[derive(Default)]
struct Table {
    /// The secret columns of the current table.
    columns: Vec<usize>,
    /// Where the previous row ended (the next row of the same table starts
    /// right after).
    next_row: usize,
}

impl Table {
    fn row(&mut self, line: &str, offset: usize, spans: &mut Vec<Span>) {
        let Some(cells) = cells(line) else {
            return;
        };
        let continues = offset == self.next_row && offset != 0;
        self.next_row = offset + line.len() + 1;
        if !continues {
            self.columns = cells
                .iter()
                .enumerate()
                .filter(|(_, &(s, e))| names_secret(&line[s..e]))
                .map(|(i, _)| i)
                .collect();
            return;
        }
        for &column in &self.columns {
            if let Some(&(start, end)) = cells.get(column) {
                table_value(line, offset, start, end, spans);
            }
        }
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
        let start = colon - digits;
        if start > 0 && bytes[start - 1].is_ascii_alphanumeric() {
            continue;
        }
        let token = bytes[colon + 1..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
            .count();
        if token == 35 && bytes[colon + 1..].starts_with(b"AA") {
            spans.push(Span::kind(start, colon + 1 + token, "telegram-bot-token"));
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
            spans.push(Span::kind(start, user_end, "token"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        let mut spans = Vec::new();
        find(text, &mut spans);
        spans.iter().map(|s| &text[s.start..s.end]).collect()
    }

    #[test]
    fn command_line_passwords() {
        assert_eq!(
            found("mysql -u root -p'S3cr3tPassw0rd!' -h db"),
            ["S3cr3tPassw0rd!"]
        );
        assert_eq!(found("mysql -uroot -pS3cr3tPassw0rd"), ["S3cr3tPassw0rd"]);
        assert_eq!(found("mysql -u root -p mydb"), Vec::<&str>::new());
        assert_eq!(
            found("curl -u alice:Wond3rl4ndPass https://x/"),
            ["Wond3rl4ndPass"]
        );
        assert_eq!(
            found("docker login -u me -p Dck3rHubP4ssw0rd"),
            ["Dck3rHubP4ssw0rd"]
        );
        assert_eq!(found("sshpass -p 'SshP4ssw0rd!' ssh u@h"), ["SshP4ssw0rd!"]);
        assert_eq!(
            found("htpasswd -b .htpasswd alice Ht9assw0rd"),
            ["Ht9assw0rd"]
        );
        assert_eq!(
            found("app --db-password=Pg5ecret9 --verbose"),
            ["Pg5ecret9"]
        );
        assert_eq!(found("app --token \"abc123def456\""), ["abc123def456"]);
        assert_eq!(found("redis-cli -a R3disPass9 ping"), ["R3disPass9"]);
        assert_eq!(found("app --password $DB_PASSWORD"), Vec::<&str>::new());
        assert_eq!(
            found("app --password-file /run/secrets/db"),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn headers_markup_netrc_tables() {
        assert_eq!(
            found("Authorization: Basic YWxpY2U6c2VjcmV0cGFzcw=="),
            ["YWxpY2U6c2VjcmV0cGFzcw=="]
        );
        assert_eq!(found("<password>Xq9!mZ2#pL7v</password>"), ["Xq9!mZ2#pL7v"]);
        assert_eq!(
            found("<add key=\"DbPassword\" value=\"Pw9secret\" />"),
            ["Pw9secret"]
        );
        assert_eq!(
            found("machine h login me password N3trcPass"),
            ["N3trcPass"]
        );
        assert_eq!(found("| DB password | Xq9!mZ2#pL7v |"), ["Xq9!mZ2#pL7v"]);
        assert_eq!(
            found("| user | password |\n|---|---|\n| bob | Tb7!secret |\n"),
            ["Tb7!secret"]
        );
        assert_eq!(
            found("| Step | Notes |\n|---|---|\n| one | two words |\n"),
            Vec::<&str>::new()
        );
    }
}
