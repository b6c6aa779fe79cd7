//! Redaction coverage: a generated set of planted secrets of every
//! supported kind, each in varied contexts (prose, inline code, a code
//! block, a URL, JSON, an HTTP header, YAML, a shell export), and decoys
//! that must survive (versions, dates, SHAs, UUIDs, hex colors,
//! placeholders, the allowlisted IPs). Target: every secret redacted,
//! every decoy kept. `cargo test -p sanitizer --test suite redaction_coverage --
//! --nocapture` prints the figures.

use sanitizer::{Options, Sanitizer};

/// A small deterministic generator, so the set is the same on every run.
struct Chars(u64);

impl Chars {
    fn pick(&mut self, alphabet: &[u8], len: usize) -> String {
        (0..len)
            .map(|_| {
                self.0 = self
                    .0
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                alphabet[(self.0 >> 33) as usize % alphabet.len()] as char
            })
            .collect()
    }
}

const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const UPPER: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const B64URL: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// One token of each shape the sanitizer knows, freshly generated.
fn tokens(g: &mut Chars) -> Vec<(&'static str, String)> {
    vec![
        ("google-api-key", format!("AIza{}", g.pick(ALNUM, 35))),
        ("openai-key", format!("sk-{}", g.pick(ALNUM, 48))),
        (
            "openai-project-key",
            format!("sk-proj-{}", g.pick(ALNUM, 64)),
        ),
        (
            "anthropic-key",
            format!("sk-ant-api03-{}", g.pick(ALNUM, 90)),
        ),
        ("github-token", format!("ghp_{}", g.pick(ALNUM, 36))),
        ("github-oauth", format!("gho_{}", g.pick(ALNUM, 36))),
        ("github-app", format!("ghs_{}", g.pick(ALNUM, 36))),
        (
            "github-pat",
            format!("github_pat_{}_{}", g.pick(ALNUM, 22), g.pick(ALNUM, 59)),
        ),
        ("aws-key-id", format!("AKIA{}", g.pick(UPPER, 16))),
        ("aws-session-key-id", format!("ASIA{}", g.pick(UPPER, 16))),
        (
            "slack-bot",
            format!(
                "xoxb-{}-{}-{}",
                g.pick(b"0123456789", 12),
                g.pick(b"0123456789", 13),
                g.pick(ALNUM, 24)
            ),
        ),
        (
            "slack-app",
            format!(
                "xapp-1-A{}-{}-{}",
                g.pick(UPPER, 10),
                g.pick(b"0123456789", 13),
                g.pick(b"abcdef0123456789", 64)
            ),
        ),
        ("stripe-live", format!("sk_live_{}", g.pick(ALNUM, 24))),
        (
            "stripe-restricted",
            format!("rk_test_{}", g.pick(ALNUM, 24)),
        ),
        ("stripe-webhook", format!("whsec_{}", g.pick(ALNUM, 32))),
        ("huggingface", format!("hf_{}", g.pick(ALNUM, 34))),
        ("gitlab", format!("glpat-{}", g.pick(ALNUM, 20))),
        ("npm", format!("npm_{}", g.pick(ALNUM, 36))),
        ("xai", format!("xai-{}", g.pick(ALNUM, 80))),
        ("groq", format!("gsk_{}", g.pick(ALNUM, 52))),
        ("perplexity", format!("pplx-{}", g.pick(ALNUM, 48))),
        (
            "jwt",
            format!(
                "eyJhbGciOiJIUzI1NiJ9.eyJ{}.{}",
                g.pick(B64URL, 40),
                g.pick(B64URL, 43)
            ),
        ),
    ]
}

/// The contexts a token is planted in; `{}` is the token.
const CONTEXTS: &[&str] = &[
    "My key is {} and it works.",
    "Run it with `{}` set.",
    "```bash\ncurl -H 'x-goog-api-key: {}' https://example.com\n```",
    "See https://api.example.com/v1/items?key={}&page=2 for the list.",
    "```json\n{\"api_key\": \"{}\", \"debug\": false}\n```",
    "Authorization: Bearer {}",
    "X-Api-Key: {}",
    "settings:\n  token: {}\n",
    "export SERVICE_TOKEN={}",
    "(key: {})",
];

/// Secrets that are not bare tokens: found by their surroundings.
fn shaped(g: &mut Chars) -> Vec<(&'static str, String, String)> {
    let password = g.pick(ALNUM, 14);
    let aws_secret = g.pick(ALNUM, 40);
    let assigned = g.pick(ALNUM, 24);
    let bearer = g.pick(ALNUM, 32);
    let pem_body = g.pick(ALNUM, 64);
    let hook = format!(
        "T{}/B{}/{}",
        g.pick(UPPER, 8),
        g.pick(UPPER, 8),
        g.pick(ALNUM, 24)
    );
    vec![
        ("url-password", format!("postgres://admin:{password}@db.internal.example.com:5432/app"), password.clone()),
        ("url-password-in-code", format!("```python\nengine = create_engine(\"mysql://root:{password}@localhost/db\")\n```"), password),
        ("aws-secret", format!("aws_secret_access_key = {aws_secret}"), aws_secret.clone()),
        ("aws-secret-json", format!("{{\"AWS_SECRET_ACCESS_KEY\": \"{aws_secret}\"}}"), aws_secret),
        ("password-assignment", format!("password = \"{assigned}\""), assigned.clone()),
        ("client-secret-yaml", format!("client_secret: {assigned}"), assigned.clone()),
        ("api-key-env", format!("OPENAI_API_KEY={assigned}"), assigned),
        ("bearer-header", format!("curl -H \"Authorization: Bearer {bearer}\" https://x.example.com"), bearer),
        ("pem", format!("-----BEGIN RSA PRIVATE KEY-----\nMIIE{pem_body}\n{pem_body}\n-----END RSA PRIVATE KEY-----"), pem_body),
        ("slack-webhook", format!("POST to https://hooks.slack.com/services/{hook}"), hook),
        ("ipv4-private", "The box at 192.168.17.42 refused.".into(), "192.168.17.42".into()),
        ("ipv4-in-code", "```\nssh deploy@10.20.30.40\n```".into(), "10.20.30.40".into()),
        ("ipv4-url", "Open http://172.16.5.9:8080/admin now.".into(), "172.16.5.9".into()),
        ("ipv6", "Its address is 2001:db8:85a3::8a2e:370:7334 today.".into(), "2001:db8:85a3::8a2e:370:7334".into()),
    ]
}

/// Text that looks a little like a secret and must be kept as written.
const DECOYS: &[&str] = &[
    "Version 2.14.3 fixed it; 2.15.0-rc.1 broke it again.",
    "On 2024-09-08 at 14:32:07 the build passed.",
    "Commit 3f786850e387550fdab836ed7e6dc881de23001b is the fix.",
    "The digest is sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 here.",
    "Request id 123e4567-e89b-12d3-a456-426614174000 failed.",
    "Use color #ff8800 and #0af for links.",
    "Set api_key = \"YOUR_API_KEY\" first.",
    "export OPENAI_API_KEY=sk-...",
    "token: <your-token-here>",
    "password = \"${DB_PASSWORD}\"",
    "Bind to 127.0.0.1 or 0.0.0.0; DNS is 8.8.8.8 or 1.1.1.1; loopback ::1.",
    "The key insight: patience is key.",
    "def get_token(self): return self.token",
    "Jekyll's {{ page.title }} and {% raw %} stay.",
    "https://example.com/blog/2024/09/08/post.html?page=2#top",
    "The function returns `Ok(())` in 0.25 ms.",
    "ISBN 978-3-16-148410-0 and phone 555-0100.",
    "Base64 of hello is aGVsbG8=.",
    "The class is AKIAPath in our code? No: it is AwsKeyPath.",
    "Run `git log --oneline -5` and `npm install`.",
];

#[test]
fn every_planted_secret_is_redacted_and_every_decoy_kept() {
    let sanitizer = Sanitizer::new(&Options::default()).expect("defaults");
    let mut g = Chars(0xC0FFEE);
    let mut planted = 0;
    let mut missed = Vec::new();
    for round in 0..3 {
        for (kind, token) in tokens(&mut g) {
            for context in CONTEXTS {
                let text = format!(
                    "Intro line.\n\n{}\n\nOutro.\n",
                    context.replace("{}", &token)
                );
                planted += 1;
                let out = sanitizer.sanitize(&text).text;
                if out.contains(&token) || !out.contains("[REDACTED") {
                    missed.push(format!("round {round} {kind} in {context:?}"));
                }
            }
        }
        for (kind, text, secret) in shaped(&mut g) {
            planted += 1;
            let out = sanitizer
                .sanitize(&format!("Before.\n\n{text}\n\nAfter.\n"))
                .text;
            if out.contains(&secret) {
                missed.push(format!("round {round} {kind}: {out}"));
            }
        }
    }
    let mut changed = Vec::new();
    for decoy in DECOYS {
        let text = format!("{decoy}\n");
        if sanitizer.sanitize(&text).text != text {
            changed.push(*decoy);
        }
    }
    println!(
        "redaction coverage: {} of {planted} planted secrets redacted ({:.1}% recall); {} of {} decoys kept",
        planted - missed.len(),
        100.0 * (planted - missed.len()) as f64 / planted as f64,
        DECOYS.len() - changed.len(),
        DECOYS.len()
    );
    assert!(missed.is_empty(), "missed {}: {missed:#?}", missed.len());
    assert!(changed.is_empty(), "decoys changed: {changed:#?}");
}
