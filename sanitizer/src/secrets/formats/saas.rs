//! The token formats of SaaS APIs (gitleaks' and detect-secrets' rule
//! sets were the checklist): fixed prefixes, and the shapes that need more
//! than a prefix (SendGrid, Twilio, Mailgun, Discord webhooks).

use super::*;

fn hex(b: u8) -> bool {
    b.is_ascii_hexdigit()
}

/// A prefix, the shortest body, the body's allowed bytes, the kind.
type Prefixed = (&'static str, usize, fn(u8) -> bool, Kind);

/// Tokens that are a fixed prefix and a run of token characters, from the
/// SaaS formats gitleaks and detect-secrets list: prefix, shortest body,
/// allowed body bytes, kind.
const PREFIXED: &[Prefixed] = &[
    ("pypi-AgEIcHlwaS5vcmc", 50, alnum_dash, Kind::PypiToken),
    ("glptt-", 20, alnum_dash, Kind::GitlabToken),
    ("gldt-", 20, alnum_dash, Kind::GitlabToken),
    ("glrt-", 20, alnum_dash, Kind::GitlabToken),
    ("glsoat-", 20, alnum_dash, Kind::GitlabToken),
    ("dop_v1_", 64, hex, Kind::DigitaloceanToken),
    ("doo_v1_", 64, hex, Kind::DigitaloceanToken),
    ("dor_v1_", 64, hex, Kind::DigitaloceanToken),
    ("shpat_", 32, hex, Kind::ShopifyToken),
    ("shpca_", 32, hex, Kind::ShopifyToken),
    ("shppa_", 32, hex, Kind::ShopifyToken),
    ("shpss_", 32, hex, Kind::ShopifyToken),
    ("lin_api_", 40, alnum, Kind::LinearKey),
    ("PMAK-", 50, alnum_dash, Kind::PostmanKey),
    ("hvs.", 90, alnum_dash, Kind::VaultToken),
    ("sntrys_", 50, alnum_dash, Kind::SentryToken),
    ("glsa_", 32, alnum_under, Kind::GrafanaToken),
    ("NRAK-", 27, alnum, Kind::NewrelicKey),
    ("sq0atp-", 22, alnum_dash, Kind::SquareToken),
    ("sq0csp-", 40, alnum_dash, Kind::SquareToken),
    ("ATATT3", 100, alnum_dash_eq, Kind::AtlassianToken),
];

fn alnum_dash_eq(b: u8) -> bool {
    alnum_dash(b) || b == b'='
}

/// One of the [`PREFIXED`] tokens at `at`.
pub(super) fn saas(text: &str, at: usize) -> Option<Span> {
    PREFIXED
        .iter()
        .filter(|(prefix, ..)| text[at..].starts_with(prefix))
        .find_map(|&(prefix, min, allowed, kind)| prefixed(text, at, prefix, min, allowed, kind))
}

/// A [`prefixed`] token whose body is exactly `length` bytes and which
/// stands alone (no word character right after it).
fn exact(
    text: &str,
    at: usize,
    prefix: &str,
    length: usize,
    allowed: fn(u8) -> bool,
    kind: Kind,
) -> Option<Span> {
    let span = prefixed(text, at, prefix, length, allowed, kind)?;
    let ends_token = !text.as_bytes().get(span.end()).is_some_and(|&b| is_word(b));
    (span.end() - span.start() == prefix.len() + length && ends_token).then_some(span)
}

/// Twilio API key SIDs: `SK` + 32 lower-case hex digits. Not a trigger of
/// the shared search: a two-byte literal there slows the whole scan; see
/// [`twilio_keys`].
pub(super) fn twilio(text: &str, at: usize) -> Option<Span> {
    exact(
        text,
        at,
        "SK",
        32,
        |b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b),
        Kind::TwilioKey,
    )
}

/// Every Twilio key in `text`, by a search of its own for `SK`.
pub(in crate::secrets) fn twilio_keys(text: &str, spans: &mut Vec<Span>) {
    for at in memchr::memmem::find_iter(text.as_bytes(), b"SK") {
        spans.extend(twilio(text, at));
    }
}

/// Mailgun private keys: `key-` + 32 hex digits.
pub(super) fn mailgun(text: &str, at: usize) -> Option<Span> {
    exact(text, at, "key-", 32, hex, Kind::MailgunKey)
}

/// SendGrid keys: `SG.` + 22 + `.` + 43 token characters.
pub(super) fn sendgrid(text: &str, at: usize) -> Option<Span> {
    if !text[at..].starts_with("SG.") {
        return None;
    }
    let first_end = run(text, at + 3, alnum_dash);
    if first_end - (at + 3) != 22 || text.as_bytes().get(first_end) != Some(&b'.') {
        return None;
    }
    let end = run(text, first_end + 1, alnum_dash);
    (end - (first_end + 1) >= 43).then(|| Span::kind(at, end, Kind::SendgridKey))
}

/// Discord webhooks: the id and token after `/api/webhooks/`.
pub(super) fn discord_webhook(text: &str, at: usize) -> Option<Span> {
    let marker = "/api/webhooks/";
    let start = at + text[at..].find(marker)? + marker.len();
    if start > at + 40 {
        return None;
    }
    let end = run(text, start, |b| alnum_dash(b) || b == b'/');
    (end - start >= 40).then(|| Span::kind(start, end, Kind::DiscordWebhook))
}
