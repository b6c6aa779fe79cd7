//! Planted secrets of every kind, in varied contexts, and decoys that must survive.

use super::*;
use crate::Options;

fn redact(text: &str) -> (String, BTreeMap<String, usize>) {
    let options = Options {
        known_secrets: vec![KnownSecret {
            label: "WIFI_PASSWORD".into(),
            value: "correct horse battery".into(),
        }],
        ..Options::default()
    };
    let mut counts = BTreeMap::new();
    let out = Redactor::new(&options)
        .redact(text, &mut counts)
        .into_owned();
    (out, counts)
}

/// Fake credentials shaped like the real thing (never real keys).
fn planted() -> Vec<(&'static str, String)> {
    vec![
        ("google-api-key", format!("AIza{}", "Sy0123456789abcdefghijABCDEFGHIJ_-x")),
        ("openai-key", format!("sk-proj-{}", "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0")),
        ("anthropic-key", format!("sk-ant-api03-{}", "Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe-AbCd_EfGh")),
        ("github-token", format!("ghp_{}", "1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R")),
        ("github-token", format!("github_pat_{}", "11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWX")),
        ("aws-access-key-id", "AKIA2OGYBAH6STMJOQ5N".to_string()),
        ("slack-token", format!("xoxb-{}", "123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx")),
        ("stripe-key", format!("sk_live_{}", "51H8sdf8SDF8sdf8SDF8sdf8SDF8sdf8")),
        ("jwt", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U".to_string()),
        ("huggingface-token", format!("hf_{}", "aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789")),
    ]
}

#[test]
fn every_planted_credential_goes_whole_in_every_context() {
    let contexts: [fn(&str) -> String; 9] = [
        |s| format!("prose mentions {s} in passing."),
        |s| format!("```bash\nexport KEY={s}\n```"),
        |s| format!("use `{s}` inline"),
        |s| format!("https://api.example.com/v1?key={s}&q=1"),
        |s| format!("{{\"credential\": \"{s}\"}}"),
        |s| format!("Authorization: {s}"),
        |s| format!("key: '{s}'"),
        |s| format!("({s})"),
        |s| s.to_string(),
    ];
    for (kind, secret) in planted() {
        for context in contexts {
            let text = context(&secret);
            let (out, counts) = redact(&text);
            assert!(
                !out.contains(&secret[secret.len() - 12..]),
                "{kind} leaked in {text:?}: {out:?}"
            );
            assert!(
                counts.values().sum::<usize>() >= 1,
                "{kind} not counted in {text:?}"
            );
            assert!(out.contains("[REDACTED_"), "{text:?} -> {out:?}");
        }
    }
}

#[test]
fn structured_secrets() {
    let cases = [
        ("postgres://admin:s3cr3t-Pa55@db.internal:5432/app", "postgres://admin:[REDACTED_URL_PASSWORD]@db.internal:5432/app"),
        ("curl -H 'Authorization: Bearer Zm9vYmFyQmF6UXV4MTIz' x", "curl -H 'Authorization: Bearer [REDACTED_BEARER_TOKEN]' x"),
        ("wifi is correct horse battery ok", "wifi is [WIFI_PASSWORD] ok"),
        ("-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA7\nabc+/=\n-----END RSA PRIVATE KEY-----\nafter", "[REDACTED_PRIVATE_KEY]\nafter"),
        ("key: |\n  -----BEGIN OPENSSH PRIVATE KEY-----\n  b3BlbnNzaC1rZXktdjEAAAAA\n  -----END OPENSSH PRIVATE KEY-----\n", "key: |\n  [REDACTED_PRIVATE_KEY]\n"),
        (r#"{"pk": "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----\n"}"#, r#"{"pk": "[REDACTED_PRIVATE_KEY]\n"}"#),
        ("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0B\nAQEFAASCBKcwggSjAgEAAoIBAQ\n\nTruncated paste.", "[REDACTED_PRIVATE_KEY]\n\nTruncated paste."),
        ("password = \"hunter2!\"", "password = \"[REDACTED_PASSWORD]\""),
        ("ssh root@192.168.10.4 -p 22", "ssh root@[REDACTED_IP] -p 22"),
        ("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCY9q8w7e6r5t", "aws_secret_access_key = [REDACTED_AWS_SECRET_KEY]"),
    ];
    for (input, want) in cases {
        assert_eq!(redact(input).0, want, "{input}");
    }
}

#[test]
fn decoys_survive() {
    let decoys = [
        "commit 3f786850e387550fdab836ed7e6dc881de23001b fixed it",
        "id 550e8400-e29b-41d4-a716-446655440000",
        "/nix/store/0c0rkgqrxq8vbrbxyhwqvbkxyv8x6z7c-python3-3.11.7",
        "version 1.2.3 and 10.0.2 and v2.4.6.8",
        "dates 2024-01-02 and 12:30:45",
        "color #ff8800 and #abc",
        "api_key = \"YOUR_API_KEY\"",
        "OPENAI_API_KEY=sk-...",
        "export OPENAI_API_KEY=${OPENAI_API_KEY}",
        "token = os.environ['TOKEN']",
        "localhost is 127.0.0.1, dns 8.8.8.8 and 1.1.1.1, bind 0.0.0.0, v6 ::1",
        "AKIAIOSFODNN7EXAMPLE is the documented example key",
        "the task-force and risk-averse people",
        "Bearer tokens are a kind of credential",
        "max_tokens: 4096",
        "https://user@example.com/path and https://example.com:8080/",
        "[REDACTED_IP] and [REDACTED_PASSWORD] and [WIFI_PASSWORD]",
        "sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "The secret: patience.",
    ];
    for decoy in decoys {
        assert_eq!(redact(decoy).0, decoy, "decoy changed");
    }
}

#[test]
fn redaction_is_idempotent_and_counts_by_kind() {
    let text = "ip 10.0.0.1 and 10.0.0.2, token ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R\n";
    let (once, counts) = redact(text);
    assert_eq!(counts.get("ip"), Some(&2));
    assert_eq!(counts.get("github-token"), Some(&1));
    let (twice, counts) = redact(&once);
    assert_eq!(once, twice);
    assert!(counts.is_empty());
}

#[test]
fn a_redaction_never_swallows_a_backtick() {
    // Found by fuzzing: redacting `x``h` away made the line a fence opener,
    // so a second run closed a block the first run had not seen.
    let sanitizer = crate::Sanitizer::new(&crate::Options::default()).expect("defaults");
    let once = sanitizer.sanitize("```TOKEN=\u{fffd}``h").text;
    assert!(once.contains("``h"), "{once}");
    assert_eq!(sanitizer.sanitize(&once).text, once);
}

#[test]
fn a_value_cut_to_nothing_leaves_the_text_borrowed() {
    // The value of TOKEN starts at a backtick, so it is cut to nothing:
    // nothing changes, and the redactor must say so by borrowing (an owned
    // copy read as "changed" made the settle check give up on fence repair
    // for a quarter of the fuzz corpus).
    let text = "TOKEN='`p_Zq7Wm3Rt6Yosu1Io3` and more\n";
    let mut counts = BTreeMap::new();
    let out = Redactor::new(&Options::default()).redact(text, &mut counts);
    assert!(matches!(out, Cow::Borrowed(_)), "{out:?}");
    assert!(counts.is_empty(), "{counts:?}");
}

#[test]
fn a_value_continued_after_a_backslash_goes_across_the_break_and_no_further() {
    let key = "sk-proj-abcdefghijklmnopqrstuvwxyz012345";
    // The continuation is redacted up to where the token ends...
    let (out, _) = redact(&format!("export OPENAI_API_KEY={key}\\\nZ9tail rest\n"));
    assert_eq!(out, "export OPENAI_API_KEY=[REDACTED_OPENAI_KEY] rest\n");
    // ...a one-character continuation too, and a next line that starts
    // with white space is not part of the value.
    let (out, _) = redact(&format!("export OPENAI_API_KEY={key}\\\nZ\n"));
    assert_eq!(out, "export OPENAI_API_KEY=[REDACTED_OPENAI_KEY]\n");
    let (out, _) = redact(&format!("curl -H 'x: {key}'\\\n  --next word\n"));
    assert!(out.contains("\\\n  --next word"), "{out}");
}

#[test]
fn a_key_after_repeated_prefixes_in_one_run_is_still_found() {
    // The detectors look at a run of repeated prefixes once (linear time):
    // a key whose body fits only from a later prefix is still found, and a
    // run that holds no key is left alone.
    let google = format!("AIza{}", "Sy0123456789abcdefghijABCDEFGHIJ_-x");
    let (out, counts) = redact(&format!("see AIzaAIza{} here\n", &google[4..]));
    assert!(!out.contains(&google[4..]), "{out}");
    assert_eq!(counts.get("google-api-key"), Some(&1), "{counts:?}");

    let openai = "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0";
    let (out, _) = redact(&format!("key sk-proj-sk-proj-{openai} end\n"));
    assert!(!out.contains(openai), "{out}");

    let words = "sk-proj-".repeat(64);
    let (out, counts) = redact(&format!("{words}\n{}", "AIza".repeat(64)));
    assert_eq!(out, format!("{words}\n{}", "AIza".repeat(64)));
    assert!(counts.is_empty(), "{counts:?}");
}

#[test]
fn a_jwt_after_repeated_headers_in_one_run_is_still_found() {
    // Glued `eyJ` headers are read once as one run (linear time): a token
    // after them, glued or apart, is still found, and a run of headers
    // alone is left alone.
    let jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
    let signature = &jwt[jwt.len() - 20..];
    for glue in ["eyJ", "eyJa"] {
        let run = glue.repeat(64);
        for text in [format!("{run}{jwt}\n"), format!("{run} {jwt}\n")] {
            let (out, counts) = redact(&text);
            assert!(!out.contains(signature), "{out}");
            assert_eq!(counts.get("jwt"), Some(&1), "{counts:?}");
        }
        let (out, counts) = redact(&format!("{run}\n{run}"));
        assert_eq!(out, format!("{run}\n{run}"));
        assert!(counts.is_empty(), "{counts:?}");
    }
}

#[test]
fn a_longer_value_running_into_a_word_hides_no_mention_of_a_shorter_one() {
    // The last line, cut short, assigns `password: password: pa`, which
    // starts like every `password:` of the lines above but runs into the
    // next word there: each of them still stands as a mention of the value
    // `password:`, whatever other values start the same way.
    let text = "password: password: password:\npassword: password: pa";
    let mut spans = vec![
        Span::kind(20, 29, Kind::Password),
        Span::kind(40, 52, Kind::Password),
    ];
    mentions::repeat_mentions(text, &mut spans);
    replace::resolve(text, &mut spans);
    let found: Vec<&str> = spans.iter().map(|s| &text[s.start()..s.end()]).collect();
    assert_eq!(
        found,
        [
            "password:",
            "password:",
            "password:",
            "password:",
            "password: pa"
        ]
    );
    let (out, _) = redact(&format!("{}\n", "password: ".repeat(10)).repeat(3));
    assert!(!out.contains("password"), "{out}");
}

#[test]
fn a_mention_where_a_detected_span_starts_is_not_listed_again() {
    // `x9Kq2mZ7` is detected twice (as two assignments) and mentioned
    // once in prose: only the mention adds a span, so the list stays in
    // text order and no longer than the spans that go.
    let text = "a=x9Kq2mZ7 b=x9Kq2mZ7 see x9Kq2mZ7";
    let mut spans = vec![
        Span::kind(2, 10, Kind::Token),
        Span::kind(13, 21, Kind::Password),
    ];
    mentions::repeat_mentions(text, &mut spans);
    let listed: Vec<(usize, usize)> = spans.iter().map(|s| (s.start(), s.end())).collect();
    assert_eq!(listed, [(2, 10), (13, 21), (26, 34)]);
    // The mention keeps the label of the first span that redacted the value.
    assert_eq!(spans[2].label_kind(), "token");
    let (out, counts) = redact("token = \"x9Kq2mZ7\"\ntoken = \"x9Kq2mZ7\" and x9Kq2mZ7\n");
    assert_eq!(
        out,
        "token = \"[REDACTED_TOKEN]\"\ntoken = \"[REDACTED_TOKEN]\" and [REDACTED_TOKEN]\n"
    );
    assert_eq!(counts.get("token"), Some(&3), "{counts:?}");
}
