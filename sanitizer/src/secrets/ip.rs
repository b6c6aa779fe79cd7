//! IPv4 and IPv6 addresses.
//!
//! Hand-written scanners rather than regexes: candidates are found by a
//! `memchr` for `.` or `:` and checked in place, which keeps this pass at
//! memory speed on prose, where dots and colons are common but addresses rare.

use super::Span;
use crate::secrets::Kind;
use std::net::{Ipv4Addr, Ipv6Addr};

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Finds IPv4 addresses not in `allow`. Four dot-separated decimal octets
/// (0-255), not glued to letters or digits. `1.2.3` or `10.0.2` have three
/// parts and are versions; `v1.2.3.4`, five-part numbers and numbers after
/// a word such as `version`, `build` or `section` are versions too; subnet
/// masks (`255.255.255.0`) are not addresses; zero-padded octets count only
/// when every octet has three digits (`010.001.002.003`), not in
/// `01.02.03.04`.
pub(super) fn ipv4(text: &str, allow: &[Ipv4Addr], out: &mut Vec<Span>) {
    let bytes = text.as_bytes();
    let mut resume = 0;
    let mut last_version: Option<usize> = None;
    for dot in memchr::memchr_iter(b'.', bytes) {
        if dot < resume || dot == 0 || dot + 1 >= bytes.len() {
            continue;
        }
        if !bytes[dot - 1].is_ascii_digit() || !bytes[dot + 1].is_ascii_digit() {
            continue;
        }
        let mut start = dot;
        while start > 0 && (bytes[start - 1].is_ascii_digit() || bytes[start - 1] == b'.') {
            start -= 1;
        }
        let mut end = dot;
        while end < bytes.len() && (bytes[end].is_ascii_digit() || bytes[end] == b'.') {
            end += 1;
        }
        resume = end;
        // A sentence may end right after the address.
        let mut candidate_end = end;
        while candidate_end > start && bytes[candidate_end - 1] == b'.' {
            candidate_end -= 1;
        }
        if start < bytes.len() && bytes[start] == b'.' {
            continue;
        }
        if start > 0 && (is_word(bytes[start - 1]) || bytes[start - 1] == b'-') {
            continue;
        }
        if candidate_end < bytes.len() && is_word(bytes[candidate_end]) {
            continue;
        }
        let candidate = &text[start..candidate_end];
        let Some(addr) = address(candidate) else {
            continue;
        };
        // A range or list goes on as it began (`[1.2.0.0, 2.0.0.0)`,
        // `2.0.0.1, then 2.0.0.2`): after a version on the line, close by.
        let after_version = last_version
            .is_some_and(|end| start - end <= 24 && !bytes[end..start].contains(&b'\n'));
        if after_version || is_version(text, start, candidate_end) {
            last_version = Some(candidate_end);
            continue;
        }
        if !allow.contains(&addr) && !is_mask(addr) {
            out.push(Span::kind(start, candidate_end, Kind::Ip));
        }
    }
}

/// Four octets as an address: 1 to 3 digits each, up to 255, and either
/// no zero padding or all of them three digits long.
fn address(candidate: &str) -> Option<Ipv4Addr> {
    // At most five parts are read: a run of dotted numbers (`1.1.1.…` over
    // megabytes) is no address, and collecting its parts held sixteen
    // bytes per two of the text.
    let mut split = candidate.split('.');
    let mut octets = [""; 4];
    for octet in &mut octets {
        *octet = split.next()?;
    }
    if split.next().is_some() || octets.iter().any(|o| o.is_empty() || o.len() > 3) {
        return None;
    }
    let padded = octets.iter().any(|o| o.len() > 1 && o.starts_with('0'));
    if padded && octets.iter().any(|o| o.len() != 3) {
        return None;
    }
    let mut parts = [0u8; 4];
    for (part, octet) in parts.iter_mut().zip(&octets) {
        *part = octet.parse().ok()?;
    }
    Some(Ipv4Addr::from(parts))
}

/// A subnet mask: ones, then zeros (`255.255.255.0`, `255.255.240.0`).
fn is_mask(addr: Ipv4Addr) -> bool {
    let bits = u32::from(addr);
    addr.octets()[0] == 255 && bits.leading_ones() + bits.trailing_zeros() == 32
}

/// What stands before `start` on its line, trimmed, when it is only a run
/// of `#` or a single `-` or `*` (a heading's or a list item's marker), or
/// nothing: `None` otherwise. Read backwards over those bytes only, never
/// to the line's start: from every candidate of a long line of addresses,
/// that was quadratic.
fn line_lead(bytes: &[u8], start: usize) -> Option<&[u8]> {
    let blank = |b: &u8| matches!(b, b' ' | b'\t' | b'\r');
    let before = &bytes[..start];
    let trimmed_end = before.len() - before.iter().rev().take_while(|b| blank(b)).count();
    let marker = &before[..trimmed_end];
    let hashes = marker.iter().rev().take_while(|&&b| b == b'#').count();
    let marker_len = if hashes > 0 {
        hashes
    } else {
        usize::from(matches!(marker.last(), Some(b'-' | b'*')))
    };
    let marker_start = trimmed_end - marker_len;
    let rest = &before[..marker_start];
    let line_start = rest.len() - rest.iter().rev().take_while(|b| blank(b)).count();
    (line_start == 0 || before[line_start - 1] == b'\n').then(|| &before[marker_start..trimmed_end])
}

/// Whether the four-part number at `start..end` is a version: after a
/// version word or a product name, in a version range (`>=1.2.3.4`,
/// `[1.2.0.0, …)`), with a pre-release or build suffix
/// (`13.2.152.41-electron.0`), or heading a changelog entry (`## 4.18.2.1`,
/// `- 1.4.2.3: fixed …`).
fn is_version(text: &str, start: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    let suffixed = matches!(bytes.get(end), Some(b'-' | b'+'))
        && bytes.get(end + 1).is_some_and(u8::is_ascii_alphabetic);
    let before = &bytes[start.saturating_sub(2)..start];
    let ranged = [&b">="[..], b"<=", b"==", b"~>", b"^", b"~"]
        .iter()
        .any(|op| before.ends_with(op))
        || (before.ends_with(b"[") && bytes.get(end) == Some(&b','));
    let lead = line_lead(bytes, start);
    let after = bytes.get(end).copied();
    let heading = (lead.is_some_and(|lead| !lead.is_empty() && lead.iter().all(|&b| b == b'#'))
        && after.is_none_or(|b| b.is_ascii_whitespace()))
        || (matches!(lead, Some(b"-" | b"*"))
            && after == Some(b':')
            && bytes.get(end + 1) == Some(&b' '));
    suffixed || ranged || heading || after_version_word(text, start)
}

/// Whether the number at `start` follows a word that makes it a version
/// or a section number (`version 1.2.3.4`, `build: 5.1.2.8`, `§ 1.2.3.4`).
fn after_version_word(text: &str, start: usize) -> bool {
    const WORDS: &[&str] = &[
        "version",
        "ver",
        "v",
        "build",
        "release",
        "revision",
        "rev",
        "firmware",
        "section",
        "sec",
        "§",
        "chapter",
        "clause",
        "step",
        "rule",
        "item",
        "patch",
        "update",
        "kb",
        "edition",
        "driver",
        "os",
        "windows",
        "android",
        "ios",
        "chrome",
        "firefox",
        "released",
        "oid",
        "v8",
        "node",
        "js",
        "electron",
        "chromium",
        "edge",
        "safari",
        "java",
        "jdk",
        "python",
        "ruby",
        "php",
        "perl",
        "net",
        "dotnet",
        "kernel",
        "nginx",
        "apache",
        "ratio",
        "ratios",
        "version=",
        "assembly",
        "fileversion",
        "productversion",
    ];
    // A short look back: scanning to the line's start from every candidate
    // would be quadratic on one long line of addresses.
    let mut from = start.saturating_sub(40);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let window = &text[from..start];
    let window = window.rsplit('\n').next().unwrap_or(window);
    let mut before =
        window.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '#' | '(' | '='));
    // `ratio of 1.2.1.1`, `version is 1.2.3.4`.
    for filler in [" of", " is", " to"] {
        if before.to_ascii_lowercase().ends_with(filler) {
            before = before[..before.len() - filler.len()].trim_end();
        }
    }
    let word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '§')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    WORDS.contains(&word.to_lowercase().as_str())
}

/// The longest text of an IPv6 address: six groups of four, an IPv4 tail.
const MAX_IPV6_TEXT: usize = 45;

/// Finds IPv6 addresses not in `allow`. A candidate is a run of hex digits,
/// colons and dots around a colon, not glued to other word characters, that
/// parses as an address, has at least two colons and one digit, and has
/// three groups or a group of three or more digits: so `std::io`, `a::b`,
/// `12:30:45` and Python's `x[1::2]` are left alone.
pub(super) fn ipv6(text: &str, allow: &[Ipv6Addr], out: &mut Vec<Span>) {
    let bytes = text.as_bytes();
    let is_part = |b: u8| b.is_ascii_hexdigit() || b == b':' || b == b'.';
    let mut resume = 0;
    for colon in memchr::memchr_iter(b':', bytes) {
        if colon < resume {
            continue;
        }
        let before = colon.checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(colon + 1).copied();
        let hexish = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_hexdigit() || b == b':');
        if !hexish(before) && !hexish(after) {
            continue;
        }
        let mut start = colon;
        while start > 0 && is_part(bytes[start - 1]) {
            start -= 1;
        }
        let mut end = colon + 1;
        while end < bytes.len() && is_part(bytes[end]) {
            end += 1;
        }
        resume = end;
        while end > colon + 1 && bytes[end - 1] == b'.' {
            end -= 1;
        }
        if start > 0 && is_word(bytes[start - 1]) || end < bytes.len() && is_word(bytes[end]) {
            continue;
        }
        let candidate = &text[start..end];
        // No address is longer (eight groups, or six and an IPv4 tail): a
        // longer run is none, and its groups are not collected.
        if candidate.len() > MAX_IPV6_TEXT {
            continue;
        }
        if candidate.bytes().filter(|&b| b == b':').count() < 2
            || !candidate.bytes().any(|b| b.is_ascii_digit())
        {
            continue;
        }
        let groups: Vec<&str> = candidate.split(':').filter(|g| !g.is_empty()).collect();
        if groups.len() < 3 && !groups.iter().any(|g| g.len() >= 3) {
            continue;
        }
        let Ok(addr) = candidate.parse::<Ipv6Addr>() else {
            continue;
        };
        if !allow.contains(&addr) {
            out.push(Span::kind(start, end, Kind::Ip));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        let mut spans = Vec::new();
        ipv4(text, &[Ipv4Addr::new(127, 0, 0, 1)], &mut spans);
        ipv6(text, &[Ipv6Addr::LOCALHOST], &mut spans);
        spans.iter().map(|s| &text[s.start()..s.end()]).collect()
    }

    #[test]
    fn finds_addresses() {
        assert_eq!(found("ssh 192.168.1.20."), ["192.168.1.20"]);
        assert_eq!(found("host=10.0.0.5:8080/x"), ["10.0.0.5"]);
        assert_eq!(found("(203.0.113.9)"), ["203.0.113.9"]);
        assert_eq!(
            found("addr 2001:db8::8a2e:370:7334 up"),
            ["2001:db8::8a2e:370:7334"]
        );
        assert_eq!(found("[fe80::1]:22"), ["fe80::1"]);
        assert!(found("::ffff:192.0.2.1").contains(&"::ffff:192.0.2.1"));
    }

    #[test]
    fn versions_masks_and_padded_numbers_are_not_addresses() {
        for text in [
            "build 5.1.2.8",
            "v1.2.3.4",
            "version 10.0.19041.1",
            "Version: 2.0.1.4",
            "see section 1.2.3.4",
            "§ 4.1.2.3",
            "netmask 255.255.255.0",
            "mask 255.255.240.0",
            "part 01.02.03.04",
            "serial 0001.0002.0003.0004",
        ] {
            assert!(found(text).is_empty(), "{text}");
        }
        // A zero-padded address is still one, and so is a non-mask 255.
        assert_eq!(found("host 010.001.002.003"), ["010.001.002.003"]);
        assert_eq!(found("to 255.255.255.7"), ["255.255.255.7"]);
        assert_eq!(found("the build server is at 10.1.2.3"), ["10.1.2.3"]);
        // Versions: after a product name, in an OID, a range, a changelog.
        for text in [
            "The OID 2.5.29.17 is subjectAltName.",
            "V8: 13.2.152.41-electron.0",
            "## 4.18.2.1",
            "- 1.4.2.3: fixed a crash",
            "requires >=1.2.3.4,<1.3.0.0",
            "Version=\"[1.2.0.0, 2.0.0.0)\"",
            "a mixing ratio of 1.2.1.1",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
        // An address keeps being one at a line's start, with a port, in a list.
        assert_eq!(found("10.0.0.1: connection refused"), ["10.0.0.1"]);
        assert_eq!(found("- 10.0.0.2:8080 is up"), ["10.0.0.2"]);
    }

    #[test]
    fn leaves_versions_times_and_code_alone() {
        for text in [
            "version 1.2.3",
            "10.0.2",
            "v1.2.3.4",
            "1.2.3.4.5",
            "127.0.0.1",
            "::1",
            "std::io::Error",
            "a::b",
            "12:30:45",
            "x[1::2]",
            "256.1.1.1",
            "01.02.03.04",
            "build-1.2.3.4",
            "de:ad:be:ef:00:11",
            "Note: hi",
            "https://example.com",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }
}
