//! The secrets catalogue (issue 31): a seeded set of credential forms, each
//! with random values of every class (letters only, mixed, with
//! punctuation, passphrases) in every context it turns up in (prose, a
//! fence, inline code, JSON, YAML, shell, a table, a URL, glued to a chat
//! UI's button text), and decoy kinds that must be kept. It prints recall
//! and decoys kept by form; the target is 100% and 100%.
//! `cargo test -p sanitizer --test suite catalogue -- --nocapture` prints
//! the table.
//!
//! The forms are not the detector's list: the detector works by principle
//! (prefix grammars, secret-named keys in any assigning syntax, secret
//! words near a value, pairs), and this catalogue holds forms written from
//! what people paste, the issue's examples among them.

mod decoys;
mod forms;
mod values;

use forms::{Slot, FREE, TOKENS};
use sanitizer::{Options, Sanitizer};
use values::{url_encode, Gen, CLASSES};

/// Contexts for a free form's line (`{}` is the line).
const LINE_CONTEXTS: &[(&str, &str)] = &[
    (
        "prose",
        "Here is what I used.\n\n{}\n\nIt worked after that.",
    ),
    ("fence", "```bash\n{}\n```"),
    ("inline code", "Run `{}` once."),
    ("list", "- {}"),
    ("table", "| File | Line |\n|---|---|\n| app | {} |"),
    ("glued", "Copy code{}"),
];

/// Contexts for a token.
const TOKEN_CONTEXTS: &[(&str, &str)] = &[
    ("prose", "My key is {} and it works."),
    ("fence", "```\n{}\n```"),
    ("inline code", "Use `{}` for now."),
    (
        "JSON",
        "```json\n{\"upstream\": \"{}\", \"debug\": false}\n```",
    ),
    ("YAML", "settings:\n  upstream: {}\n"),
    ("shell", "echo {} | gh auth login --with-token"),
    ("table", "| Service | Value |\n|---|---|\n| mail | {} |"),
    (
        "URL",
        "See https://api.example.com/v1/items?id={}&page=2 for it.",
    ),
    ("glued", "Copy code{}"),
    ("glued", "content_copy{}"),
];

/// How a form did: planted, and the misses (context and output).
#[derive(Default)]
struct Tally {
    planted: usize,
    missed: Vec<String>,
}

/// Sanitizes `text`, checks a second run changes nothing, and notes
/// whether every planted value is gone.
fn check(sanitizer: &Sanitizer, text: &str, planted: &[String], tally: &mut Tally, context: &str) {
    tally.planted += 1;
    let out = sanitizer.sanitize(text).text;
    let again = sanitizer.sanitize(&out).text;
    if let Some(value) = planted.iter().find(|v| out.contains(v.as_str())) {
        tally
            .missed
            .push(format!("{context}: {value:?} survived in {out:?}"));
    } else if again != out {
        tally.missed.push(format!(
            "{context}: second run changed {out:?} to {again:?}"
        ));
    }
}

/// Whether a line can stand in a one-line context.
fn one_line(context: &str, line: &str) -> bool {
    !line.contains('\n') || matches!(context, "prose" | "fence" | "glued")
}

#[test]
fn catalogue_recall_and_decoys_by_form() {
    let sanitizer = Sanitizer::new(&Options::default()).expect("defaults are valid");
    let seed = std::env::var("CATALOGUE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x31_5ec2e7);
    let mut g = Gen::new(seed);
    let mut rows: Vec<(String, Tally)> = Vec::new();
    for form in FREE {
        let mut tally = Tally::default();
        for class in CLASSES {
            for (context, template) in LINE_CONTEXTS {
                g.planted.clear();
                let joiner = if form.slot == Slot::Spaces { ' ' } else { '-' };
                let mut value = g.value(class, joiner);
                if form.slot == Slot::Url {
                    value = url_encode(&value);
                    g.planted.push(value.clone());
                    g.planted.retain(|v| value.contains(v.as_str()));
                }
                let line = form.template.replace("{v}", &value);
                if !one_line(context, &line) {
                    continue;
                }
                let text = template.replace("{}", &line);
                let label = format!("{class:?} in {context}");
                check(&sanitizer, &text, &g.planted, &mut tally, &label);
            }
        }
        rows.push((form.name.to_string(), tally));
    }
    for form in TOKENS {
        let mut tally = Tally::default();
        for _ in 0..3 {
            for (context, template) in TOKEN_CONTEXTS {
                g.planted.clear();
                let token = (form.make)(&mut g);
                let composite = token.contains([' ', '"']);
                if composite && matches!(*context, "JSON" | "URL" | "shell" | "table") {
                    continue;
                }
                let text = template.replace("{}", &token);
                check(&sanitizer, &text, &g.planted, &mut tally, context);
            }
        }
        rows.push((form.name.to_string(), tally));
    }
    let planted: usize = rows.iter().map(|(_, t)| t.planted).sum();
    let missed: usize = rows.iter().map(|(_, t)| t.missed.len()).sum();
    eprintln!("{:<32} {:>8} {:>8}", "form", "planted", "recall");
    for (name, tally) in &rows {
        let found = tally.planted - tally.missed.len();
        eprintln!(
            "{name:<32} {:>8} {:>7.1}%",
            tally.planted,
            100.0 * found as f64 / tally.planted as f64
        );
    }
    let mut decoys_kept = 0;
    let mut decoy_cases = 0;
    let mut damaged = Vec::new();
    eprintln!("{:<32} {:>8} {:>8}", "decoy kind", "cases", "kept");
    for decoy in decoys::DECOYS {
        let mut kept = 0;
        for case in decoy.cases {
            let out = sanitizer.sanitize(case).text;
            if out.trim_end() == case.trim_end() {
                kept += 1;
            } else {
                damaged.push(format!("{}: {case:?} -> {out:?}", decoy.kind));
            }
        }
        eprintln!("{:<32} {:>8} {:>8}", decoy.kind, decoy.cases.len(), kept);
        decoys_kept += kept;
        decoy_cases += decoy.cases.len();
    }
    eprintln!(
        "{} forms, {planted} planted: {} redacted ({:.1}% recall); {} decoy kinds, {decoys_kept} of {decoy_cases} cases kept ({:.1}%)",
        rows.len(),
        planted - missed,
        100.0 * (planted - missed) as f64 / planted as f64,
        decoys::DECOYS.len(),
        100.0 * decoys_kept as f64 / decoy_cases as f64,
    );
    assert!(rows.len() >= 60, "only {} forms", rows.len());
    assert!(
        decoys::DECOYS.len() >= 30,
        "only {} decoy kinds",
        decoys::DECOYS.len()
    );
    let misses: Vec<&String> = rows.iter().flat_map(|(_, t)| &t.missed).collect();
    assert!(
        misses.is_empty(),
        "{} missed:\n{}",
        misses.len(),
        misses
            .iter()
            .map(|m| m.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(
        damaged.is_empty(),
        "decoys changed:\n{}",
        damaged.join("\n")
    );
}

/// Every example of issue 31, as written there (a `…` filled with a value
/// of the form's shape): the text and what must not survive.
fn issue_examples(g: &mut Gen) -> Vec<(String, Vec<String>)> {
    let letters = |g: &mut Gen, n| g.pick(values::LETTERS, n);
    let alnum = |g: &mut Gen, n| g.pick(values::ALNUM, n);
    let b64 = |g: &mut Gen, n| g.pick(values::B64, n);
    let b64url = |g: &mut Gen, n| g.pick(values::B64URL, n);
    let one = |text: String, value: &str| (text, vec![value.to_string()]);
    let mut out = vec![
        one(
            "password=ZjljENUhJduRHHJEYXqt".into(),
            "ZjljENUhJduRHHJEYXqt",
        ),
        one(
            "DB_PASSWORD=CorrectHorseBatteryStaple".into(),
            "CorrectHorseBatteryStaple",
        ),
        one("dsn := \"app:pw@tcp(db:3306)/shop\"".into(), "app:pw@"),
    ];
    let v = letters(g, 40);
    out.push(one(format!("GITHUB_TOKEN={v}"), &v));
    let v = format!("sk-proj-{}", b64url(g, 120));
    out.push(one(format!("Copy code{v}"), &v));
    let v = format!("AIza{}", b64url(g, 35));
    out.push(one(format!("content_copy{v}"), &v));
    let v = url_encode(&b64(g, 43));
    out.push(one(
        format!("https://acct.blob.core.windows.net/c?sv=2022-11-02&sig={v}%3D"),
        &v,
    ));
    let v = g.value(values::Class::Punctuated, ' ');
    out.push(one(format!("define('DB_PASSWORD', '{v}');"), &v));
    let v = format!("LS0tLS1CRUdJTi{}", b64(g, 80));
    out.push(one(format!("client-key-data: {v}"), &v));
    let v = alnum(g, 32);
    out.push(one(
        format!("curl -H 'X-API-Key: {v}' https://api.example.com"),
        &v,
    ));
    let v = g.value(values::Class::Mixed, ' ');
    out.push(one(format!("setx API_TOKEN \"{v}\""), &v));
    let v = g.value(values::Class::Punctuated, ' ');
    out.push(one(format!("$env:DB_PASSWORD = \"{v}\""), &v));
    let v = g.value(values::Class::Letters, ' ');
    out.push(one(
        format!("ConvertTo-SecureString \"{v}\" -AsPlainText"),
        &v,
    ));
    let v = format!("GOCSPX-{}", b64url(g, 28));
    out.push(one(v.clone(), &v));
    let v = format!("1//0g{}", b64url(g, 60));
    out.push(one(v.clone(), &v));
    let v = format!("AGE-SECRET-KEY-1{}", g.pick(values::BECH32, 58));
    out.push(one(v.clone(), &v));
    let v = format!("{}=", b64(g, 39));
    out.push(one(
        format!("{{\"auths\": {{\"host\": {{\"auth\": \"{v}\"}}}}}}"),
        &v,
    ));
    let v = g.value(values::Class::Mixed, ' ');
    out.push(one(format!("- name: API_KEY\n  value: {v}"), &v));
    let v = format!("{}.atlasv1.{}", alnum(g, 14), alnum(g, 67));
    out.push(one(format!("token = \"{v}\""), &v));
    let v = g.value(values::Class::Mixed, ' ');
    out.push(one(format!("The root password for the box is {v}"), &v));
    let v = format!("django-insecure-{}$#()^&{}", alnum(g, 20), alnum(g, 10));
    out.push(one(format!("SECRET_KEY='{v}'"), &v));
    let v = format!("AIza{}XXX{}", b64url(g, 16), b64url(g, 16));
    out.push(one(format!("key: {v}"), &v));
    let id = format!("AKIA{}", g.pick(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16));
    let secret = b64(g, 40);
    out.push((
        format!("My access key is {id} and the secret is {secret}."),
        vec![id, secret],
    ));
    let words: Vec<String> = (0..5).map(|_| g.pick(values::LOWER, 6)).collect();
    let v = words.join(" ");
    out.push(one(format!("password: \"{v}\""), &v));
    let (twilio, mailgun) = (
        format!("SK{}", g.pick(values::HEX, 32)),
        format!("key-{}", g.pick(values::HEX, 32)),
    );
    out.push((
        format!("The Twilio key {twilio} and the Mailgun key {mailgun} are live."),
        vec![twilio, mailgun],
    ));
    let v = g.value(values::Class::Mixed, ' ');
    out.push(one(format!("db.example.com:5432:shop:app:{v}"), &v));
    out
}

/// The issue's decoys, kept as written; and its BOM case, idempotent.
const ISSUE_DECOYS: &[&str] = &[
    "The OID 2.5.29.17 is subjectAltName.",
    "V8: 13.2.152.41-electron.0",
    "password: ${DB_PASSWORD:?missing}",
    "## 4.18.2.1\n\n- 1.4.2.3: fixed a crash",
];

#[test]
fn every_example_of_issue_31_is_a_case() {
    let sanitizer = Sanitizer::new(&Options::default()).expect("defaults are valid");
    let mut g = Gen::new(31);
    for (text, secrets) in issue_examples(&mut g) {
        let out = sanitizer.sanitize(&text).text;
        for secret in &secrets {
            assert!(!out.contains(secret.as_str()), "{text:?} -> {out:?}");
        }
        assert_eq!(sanitizer.sanitize(&out).text, out, "{text:?}: a second run");
    }
    for decoy in ISSUE_DECOYS {
        assert_eq!(sanitizer.sanitize(decoy).text.trim_end(), *decoy);
    }
    let bom = "Copy code\n\u{feff}Me: hello";
    let once = sanitizer.sanitize(bom).text;
    assert_eq!(sanitizer.sanitize(&once).text, once, "{bom:?}");
}
