//! Credentials with a recognizable shape: provider key prefixes, JWTs, PEM
//! private keys, passwords in URLs and bearer tokens.
//!
//! Each format starts with a literal (its trigger); one Aho-Corasick pass
//! finds every trigger and the detector below checks the shape in place.
//! A detector returns the span of the secret itself, the whole of it.

mod pem;
mod saas;
mod triggers;

use super::{is_placeholder, Span};
use crate::secrets::Kind;
use pem::pem_in_line;
pub(super) use pem::{pem, PEM_END, PEM_TRIGGER};
pub(super) use saas::twilio_keys;

/// How far after an AWS key id its secret is looked for.
const AWS_PAIR_REACH: usize = 200;

/// The pairing rule: an AWS secret access key (40 characters of base64,
/// mixing classes) on the line of an access key id, after it: in prose
/// (`key AKIA… with secret …`) it has no name to give it away.
pub(super) fn aws_secret_pairs(text: &str, spans: &mut Vec<Span>) {
    let b64 = |b: u8| b.is_ascii_alphanumeric() || b == b'+' || b == b'/';
    let bytes = text.as_bytes();
    let ids: Vec<usize> = spans
        .iter()
        .filter(|s| s.label == super::Label::Kind(Kind::AwsAccessKeyId))
        .map(Span::end)
        .collect();
    for id_end in ids {
        let reach = text.len().min(id_end + AWS_PAIR_REACH);
        let line_end = memchr::memchr(b'\n', &bytes[id_end..reach]).map_or(reach, |i| id_end + i);
        let mut at = id_end;
        while at < line_end {
            if !b64(bytes[at]) {
                at += 1;
                continue;
            }
            let end = run(text, at, b64);
            let token = &text[at..end];
            let bounded = !bytes.get(end).is_some_and(|&b| b == b'=' || is_word(b));
            if token.len() == 40 && bounded && mixes_classes(token) && !is_placeholder(token) {
                spans.push(Span::kind(at, end, Kind::AwsSecretKey));
                break;
            }
            at = end;
        }
    }
}
pub(super) use triggers::TRIGGERS;

/// Triggers searched with the pairs and the secret words rather than with
/// the other formats: added to that search, they slowed it by a fifth
/// (its SIMD prefilter matches the first three bytes of each, and `.at`
/// and `AGE` are common in text).
pub(super) const LATER_FORMATS: &[&str] =
    &["GOCSPX-", "1//0", "ya29.", "AGE-SECRET-KEY-1", ".atlasv1."];

/// A literal that starts a credential and the detector that checks it.
pub(super) struct Trigger {
    pub literal: &'static str,
    pub detect: fn(&str, usize) -> Option<Span>,
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Whether the byte before `at` lets a token start there.
fn starts_token(text: &str, at: usize) -> bool {
    at == 0 || !(is_word(text.as_bytes()[at - 1]) || text.as_bytes()[at - 1] == b'-')
}

/// End of the run of bytes accepted by `allowed` from `from`.
fn run(text: &str, from: usize, allowed: fn(u8) -> bool) -> usize {
    let bytes = text.as_bytes();
    let mut end = from;
    while end < bytes.len() && allowed(bytes[end]) {
        end += 1;
    }
    end
}

fn alnum(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}
fn alnum_dash(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}
fn alnum_under(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// A token of `prefix` + at least `min_body` bytes of `allowed`, exact case,
/// not a placeholder, with at least one digit in its body.
fn prefixed(
    text: &str,
    at: usize,
    prefix: &str,
    min_body: usize,
    allowed: fn(u8) -> bool,
    kind: Kind,
) -> Option<Span> {
    prefixed_within(text, at, prefix, min_body..=usize::MAX, allowed, kind)
}

/// What a detector last made of a run of token bytes (see [`prefixed_within`]).
#[derive(Clone, Copy)]
struct Examined {
    /// The text, the prefix and the token bytes, as addresses.
    key: (usize, usize, usize, usize),
    /// Where the examined body started, and where the run ends.
    body_start: usize,
    end: usize,
    /// Whether it was taken, or refused for a reason every later body of
    /// the run (a part of it) shares: too short, not random, not mixing
    /// classes when glued. A placeholder's part may be none: not settled.
    settled: bool,
}

/// How many detectors' last runs are remembered (by their prefix).
const EXAMINED_SLOTS: usize = 64;

thread_local! {
    static EXAMINED: std::cell::Cell<[Option<Examined>; EXAMINED_SLOTS]> =
        const { std::cell::Cell::new([None; EXAMINED_SLOTS]) };
}

/// Forgets the runs examined: called before the detectors look at a text,
/// since another text may later stand at the same address.
pub(super) fn forget_examined() {
    EXAMINED.set([None; EXAMINED_SLOTS]);
    JWT_RUN.set(None);
}

/// [`prefixed`] with a body length in `lengths`.
///
/// Linear on a run of repeated prefixes (`sk-proj-sk-proj-…`, `AIzaAIza…`
/// over megabytes): a prefix inside a run this detector already examined
/// has the same end, and its body is a part of the examined one. When that
/// one was taken, this one lies inside its span; when it was refused for a
/// reason its parts share, so is this one. Only the run's end and the body
/// length are then looked at, where reading the run again from every
/// prefix was quadratic.
fn prefixed_within(
    text: &str,
    at: usize,
    prefix: &str,
    lengths: std::ops::RangeInclusive<usize>,
    allowed: fn(u8) -> bool,
    kind: Kind,
) -> Option<Span> {
    if !text[at..].starts_with(prefix) {
        return None;
    }
    let body_start = at + prefix.len();
    let key = (
        text.as_ptr() as usize,
        text.len(),
        prefix.as_ptr() as usize,
        allowed as usize,
    );
    let slot = (key.2 ^ (key.2 >> 7) ^ key.3) % EXAMINED_SLOTS;
    let mut examined = EXAMINED.get();
    let earlier =
        examined[slot].filter(|e| e.key == key && e.body_start <= at && body_start <= e.end);
    let end = earlier.map_or_else(|| run(text, body_start, allowed), |e| e.end);
    if !lengths.contains(&(end - body_start)) {
        // The length is checked before anything else. Too short, every
        // part is; too long for an exact length, a part may fit.
        if earlier.is_none() {
            let settled = end - body_start < *lengths.start();
            examined[slot] = Some(Examined {
                key,
                body_start,
                end,
                settled,
            });
            EXAMINED.set(examined);
        }
        return None;
    }
    if earlier.is_some_and(|e| e.settled) {
        return None;
    }
    let body = &text[body_start..end];
    let (span, settled) = if !random_body(body) {
        (None, true)
    } else if is_placeholder(body) {
        (None, false)
    } else if !starts_token(text, at) && !mixes_classes(body) {
        // Glued to the word before it (`Copy codesk-proj-…`, what copying
        // from a chat page gives): taken when the body is random, mixing
        // classes.
        (None, true)
    } else {
        (Some(Span::kind(at, end, kind)), true)
    };
    examined[slot] = Some(Examined {
        key,
        body_start,
        end,
        settled,
    });
    EXAMINED.set(examined);
    span
}

/// Whether a token's body reads as random rather than as words: a digit,
/// or both cases over twenty characters.
fn random_body(body: &str) -> bool {
    body.bytes().any(|b| b.is_ascii_digit()) || (body.len() >= 20 && mixes_classes(body))
}

/// Whether `body` holds at least two of upper case, lower case and digits.
fn mixes_classes(body: &str) -> bool {
    let upper = body.bytes().any(|b| b.is_ascii_uppercase());
    let lower = body.bytes().any(|b| b.is_ascii_lowercase());
    let digit = body.bytes().any(|b| b.is_ascii_digit());
    u8::from(upper) + u8::from(lower) + u8::from(digit) >= 2
}

/// [`prefixed`] with a body of exactly `length` bytes.
fn prefixed_exact(
    text: &str,
    at: usize,
    prefix: &str,
    length: usize,
    allowed: fn(u8) -> bool,
    kind: Kind,
) -> Option<Span> {
    prefixed_within(text, at, prefix, length..=length, allowed, kind)
}

fn google(text: &str, at: usize) -> Option<Span> {
    prefixed_exact(text, at, "AIza", 35, alnum_dash, Kind::GoogleApiKey)
}

/// Google's OAuth client secrets (`GOCSPX-` + 28), refresh tokens
/// (`1//0` + 40 or more) and access tokens (`ya29.` + 20 or more).
fn google_oauth(text: &str, at: usize) -> Option<Span> {
    prefixed_exact(text, at, "GOCSPX-", 28, alnum_dash, Kind::GoogleApiKey)
        .or_else(|| prefixed(text, at, "1//0", 40, alnum_dash, Kind::Token))
        .or_else(|| prefixed(text, at, "ya29.", 20, alnum_dash, Kind::Token))
}

/// age's secret keys: `AGE-SECRET-KEY-1` + 58 characters of upper-case
/// Bech32.
fn age(text: &str, at: usize) -> Option<Span> {
    let bech32 = |b: u8| b"QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L".contains(&b);
    let span = prefixed_exact(text, at, "AGE-SECRET-KEY-1", 58, bech32, Kind::PrivateKey)?;
    (!text.as_bytes().get(span.end()).is_some_and(|&b| is_word(b))).then_some(span)
}

/// Terraform Cloud tokens: 14 letters and digits, `.atlasv1.`, then 60 to
/// 70 token characters. The trigger is the middle part.
fn atlas(text: &str, at: usize) -> Option<Span> {
    let bytes = text.as_bytes();
    let mut start = at;
    while start > 0 && at - start < 14 && bytes[start - 1].is_ascii_alphanumeric() {
        start -= 1;
    }
    if at - start != 14 {
        return None;
    }
    let body = at + ".atlasv1.".len();
    let end = run(text, body, |b| alnum_dash(b) || b == b'=');
    (60..=70)
        .contains(&(end - body))
        .then(|| Span::kind(start, end, Kind::Token))
}

/// `sk-...`: OpenAI (and the many servers that copied its key shape),
/// Anthropic (`sk-ant-`) and OpenRouter (`sk-or-`).
fn sk_dash(text: &str, at: usize) -> Option<Span> {
    let rest = &text[at..];
    // Glued to a word (`task-…`), only the shapes OpenAI and Anthropic
    // give their keys count.
    let distinct = [
        "sk-proj-",
        "sk-ant-",
        "sk-svcacct-",
        "sk-admin-",
        "sk-or-v1-",
    ]
    .iter()
    .any(|p| rest.starts_with(p))
        || rest.get(..60).unwrap_or(rest).contains("T3BlbkFJ");
    if !distinct && !starts_token(text, at) {
        return None;
    }
    let kind = if rest.starts_with("sk-ant-") {
        Kind::AnthropicKey
    } else if rest.starts_with("sk-or-") {
        Kind::OpenrouterKey
    } else {
        Kind::OpenaiKey
    };
    prefixed(text, at, "sk-", 20, alnum_dash, kind)
}

fn github(text: &str, at: usize) -> Option<Span> {
    for prefix in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"] {
        if let Some(span) = prefixed_exact(text, at, prefix, 36, alnum, Kind::GithubToken) {
            return Some(span);
        }
    }
    None
}

fn github_pat(text: &str, at: usize) -> Option<Span> {
    prefixed(text, at, "github_pat_", 30, alnum_under, Kind::GithubToken)
}

fn aws_key_id(text: &str, at: usize) -> Option<Span> {
    let rest = &text[at..];
    // Glued to a lower-case word (`keyAKIA…`) it still starts here.
    let glued = at > 0 && text.as_bytes()[at - 1].is_ascii_lowercase();
    if !(rest.starts_with("AKIA") || rest.starts_with("ASIA")) || !(glued || starts_token(text, at))
    {
        return None;
    }
    let end = run(text, at, |b| b.is_ascii_uppercase() || b.is_ascii_digit());
    let token = &text[at..end];
    if token.len() != 20
        || text.as_bytes().get(end).is_some_and(|&b| is_word(b))
        || is_placeholder(token)
    {
        return None;
    }
    Some(Span::kind(at, end, Kind::AwsAccessKeyId))
}

fn slack(text: &str, at: usize) -> Option<Span> {
    let rest = &text.as_bytes()[at..];
    let is_xox = rest.len() > 4
        && rest.starts_with(b"xox")
        && b"baprse".contains(&rest[3])
        && rest[4] == b'-';
    // A prefix of its own (not the text's bytes): the run examined last
    // is remembered by its prefix (see `prefixed_within`).
    let prefix = match rest.get(3) {
        Some(b'b') if is_xox => "xoxb-",
        Some(b'a') if is_xox => "xoxa-",
        Some(b'p') if is_xox => "xoxp-",
        Some(b'r') if is_xox => "xoxr-",
        Some(b's') if is_xox => "xoxs-",
        Some(b'e') if is_xox => "xoxe-",
        _ => "xapp-",
    };
    prefixed(text, at, prefix, 10, alnum_dash, Kind::SlackToken)
}

fn slack_webhook(text: &str, at: usize) -> Option<Span> {
    let prefix = "hooks.slack.com/services/";
    if !text[at..].starts_with(prefix) {
        return None;
    }
    let start = at + prefix.len();
    let end = run(text, start, |b| b.is_ascii_alphanumeric() || b == b'/');
    (end - start >= 20 && !is_placeholder(&text[start..end]))
        .then(|| Span::kind(start, end, Kind::SlackWebhook))
}

fn stripe(text: &str, at: usize) -> Option<Span> {
    for prefix in ["sk_live_", "sk_test_", "rk_live_", "rk_test_", "whsec_"] {
        if let Some(span) = prefixed(text, at, prefix, 16, alnum, Kind::StripeKey) {
            return Some(span);
        }
    }
    None
}

fn huggingface(text: &str, at: usize) -> Option<Span> {
    prefixed(text, at, "hf_", 30, alnum, Kind::HuggingfaceToken)
}
fn gitlab(text: &str, at: usize) -> Option<Span> {
    prefixed(text, at, "glpat-", 20, alnum_dash, Kind::GitlabToken)
}
fn npm(text: &str, at: usize) -> Option<Span> {
    prefixed(text, at, "npm_", 30, alnum, Kind::NpmToken)
}
fn xai(text: &str, at: usize) -> Option<Span> {
    prefixed(text, at, "xai-", 40, alnum, Kind::XaiKey)
}
fn groq(text: &str, at: usize) -> Option<Span> {
    prefixed(text, at, "gsk_", 40, alnum, Kind::GroqKey)
}
fn perplexity(text: &str, at: usize) -> Option<Span> {
    prefixed(text, at, "pplx-", 40, alnum, Kind::PerplexityKey)
}

/// The run of base64url bytes [`jwt`] read last: the text (as an address),
/// the `eyJ` it was read from, and where it ends.
#[derive(Clone, Copy)]
struct JwtRun {
    text: (usize, usize),
    from: usize,
    end: usize,
}

thread_local! {
    static JWT_RUN: std::cell::Cell<Option<JwtRun>> = const { std::cell::Cell::new(None) };
}

/// A JSON Web Token: three base64url parts, the first two starting `eyJ`
/// (the encoding of `{"`).
///
/// Linear on a run of glued headers (`eyJaeyJa…` over megabytes): an `eyJ`
/// inside the run read last has the same end, so the same payload and
/// signature after it. Taken from the earlier `eyJ`, the run's token holds
/// this one; refused, it was for what this one shares (no payload or
/// signature) or has worse (a header too short). Reading the run again
/// from every `eyJ` was quadratic.
fn jwt(text: &str, at: usize) -> Option<Span> {
    if !text[at..].starts_with("eyJ") {
        return None;
    }
    let key = (text.as_ptr() as usize, text.len());
    if JWT_RUN
        .get()
        .is_some_and(|r| r.text == key && r.from < at && at < r.end)
    {
        return None;
    }
    let b64 = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
    let header_end = run(text, at, b64);
    JWT_RUN.set(Some(JwtRun {
        text: key,
        from: at,
        end: header_end,
    }));
    if header_end - at < 10 || text.as_bytes().get(header_end) != Some(&b'.') {
        return None;
    }
    let payload_end = run(text, header_end + 1, b64);
    if payload_end - header_end - 1 < 10 || text.as_bytes().get(payload_end) != Some(&b'.') {
        return None;
    }
    let signature_end = run(text, payload_end + 1, b64);
    (signature_end - payload_end > 8).then(|| Span::kind(at, signature_end, Kind::Jwt))
}

/// `scheme://user:password@host`: the password goes, the user and host stay.
fn url_password(text: &str, at: usize) -> Option<Span> {
    let bytes = text.as_bytes();
    let mut scheme_start = at;
    while scheme_start > 0
        && (bytes[scheme_start - 1].is_ascii_alphanumeric()
            || b"+.-".contains(&bytes[scheme_start - 1]))
    {
        scheme_start -= 1;
    }
    if at - scheme_start < 2 || !bytes[scheme_start].is_ascii_alphabetic() {
        return None;
    }
    let authority = at + 3;
    let end = run(text, authority, |b| {
        !b.is_ascii_whitespace() && !b"/?#@\"'<>`".contains(&b)
    });
    if bytes.get(end) != Some(&b'@') {
        return None;
    }
    let userinfo = &text[authority..end];
    let colon = userinfo.find(':')?;
    let password = &userinfo[colon + 1..];
    if password.is_empty()
        || is_placeholder(password)
        || ["pass", "password", "pwd", "passwd"].contains(&password.to_ascii_lowercase().as_str())
    {
        return None;
    }
    Some(Span::kind(authority + colon + 1, end, Kind::UrlPassword))
}

/// `Bearer <token>`, as in an `Authorization` header: the token goes.
fn bearer(text: &str, at: usize) -> Option<Span> {
    if !starts_token(text, at) {
        return None;
    }
    let bytes = text.as_bytes();
    let mut start = at + 6;
    if !bytes.get(start).is_some_and(|&b| b == b' ' || b == b'\t') {
        return None;
    }
    while bytes.get(start).is_some_and(|&b| b == b' ' || b == b'\t') {
        start += 1;
    }
    let end = run(text, start, |b| {
        b.is_ascii_alphanumeric() || b"._~+/=-".contains(&b)
    });
    let token = &text[start..end];
    let varied = token.bytes().any(|b| b.is_ascii_digit())
        || (token.bytes().any(|b| b.is_ascii_uppercase())
            && token.bytes().any(|b| b.is_ascii_lowercase()));
    (token.len() >= 16 && varied && !is_placeholder(token))
        .then(|| Span::kind(start, end, Kind::BearerToken))
}
