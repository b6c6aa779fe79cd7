//! Credential forms as people paste them: command-line flags, headers,
//! config lines, markup, tables, connection strings, git remotes and the
//! token formats of the main SaaS APIs, each in the contexts it turns up
//! in (prose, inline code, fenced code, JSON, YAML, shell, a Markdown table,
//! a URL, a quote, a list), each followed by a repeat mention of its value in
//! prose and inline code; and decoys that must be kept. Every value is
//! freshly generated from a fixed seed. Target: 100% redacted, 100% kept.
//! `cargo test -p sanitizer --test suite credential_forms -- --nocapture` prints
//! the figures.

use sanitizer::{Options, Sanitizer};

/// A small deterministic generator.
struct Gen(u64);

impl Gen {
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

    /// A password with punctuation, starting with a letter and holding a
    /// digit (the shape of real ones).
    fn password(&mut self) -> String {
        format!(
            "{}{}{}{}",
            self.pick(LETTERS, 1),
            self.pick(PUNCTUATED, 9),
            self.pick(DIGITS, 1),
            self.pick(LETTERS, 1)
        )
    }
}

const LETTERS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const DIGITS: &[u8] = b"0123456789";
const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const HEX: &[u8] = b"0123456789abcdef";
const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const TOKEN: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
/// Letters, digits and the punctuation passwords carry (`!#%^*+=@{}~`).
const PUNCTUATED: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#%^*+=@{}~";

/// A form: its name, the line with the secret in it, the values that must
/// not survive, and the secret as a writer would mention it again.
struct Form {
    name: &'static str,
    line: String,
    values: Vec<String>,
    repeat: String,
    /// Whether the form is a whole line (commands, config) rather than a
    /// token that can stand anywhere.
    line_form: bool,
}

fn line(name: &'static str, line: String, value: &str) -> Form {
    Form {
        name,
        line,
        values: vec![value.to_string()],
        repeat: value.to_string(),
        line_form: true,
    }
}

fn token(name: &'static str, value: String) -> Form {
    Form {
        name,
        line: value.clone(),
        values: vec![value.clone()],
        repeat: value,
        line_form: false,
    }
}

fn forms(g: &mut Gen) -> Vec<Form> {
    let mut out = Vec::new();
    let p = g.password();
    out.push(line(
        "mysql -p'quoted'",
        format!("mysql -u root -p'{p}' -h db"),
        &p,
    ));
    let p = g.pick(ALNUM, 14);
    out.push(line("mysql -pattached", format!("mysql -uroot -p{p}"), &p));
    let p = g.password();
    out.push(line(
        "curl -u user:pass",
        format!("curl -u alice:{p} https://api.example.com/"),
        &p,
    ));
    let p = g.password();
    out.push(line(
        "docker login -p",
        format!("docker login -u me -p {p}"),
        &p,
    ));
    let p = g.password();
    out.push(line(
        "sshpass -p",
        format!("sshpass -p '{p}' ssh deploy@host"),
        &p,
    ));
    let p = g.password();
    out.push(line(
        "htpasswd -b",
        format!("htpasswd -b .htpasswd alice {p}"),
        &p,
    ));
    let p = g.password();
    out.push(line(
        "az login -p",
        format!("az login -u me@example.com -p {p}"),
        &p,
    ));
    let p = g.password();
    out.push(line("redis-cli -a", format!("redis-cli -a {p} ping"), &p));
    let p = g.pick(ALNUM, 16);
    out.push(line(
        "URL password",
        format!("psql \"postgresql://app:{p}@db.example.com/app\""),
        &p,
    ));
    let p = g.password();
    out.push(line(
        "--db-password=",
        format!("app --db-password={p} --verbose"),
        &p,
    ));
    let p = g.password();
    out.push(line(
        "wget --password=",
        format!("wget --user=me --password={p} https://x.example.com/f"),
        &p,
    ));
    let p = g.pick(B64, 28) + "==";
    out.push(line(
        "Authorization: Basic",
        format!("Authorization: Basic {p}"),
        &p,
    ));
    let p = g.pick(ALNUM, 40);
    out.push(line(
        "Authorization: Bearer",
        format!("curl -H \"Authorization: Bearer {p}\" https://x.example.com/"),
        &p,
    ));
    let p = g.pick(ALNUM, 32);
    out.push(line("X-Api-Key header", format!("X-Api-Key: {p}"), &p));
    let p = g.password();
    out.push(line(".env DB_PASSWORD", format!("DB_PASSWORD={p}"), &p));
    let p = g.password();
    out.push(line(
        "export MYSQL_PWD",
        format!("export MYSQL_PWD={p}"),
        &p,
    ));
    let words: Vec<String> = (0..4)
        .map(|_| g.pick(b"abcdefghijklmnopqrstuvwxyz", 6))
        .collect();
    let phrase = words.join(" ");
    out.push(Form {
        name: "passphrase",
        line: format!("POSTGRES_PASSWORD={phrase}"),
        values: words,
        repeat: phrase,
        line_form: true,
    });
    let p = g.password();
    out.push(line("smtp_pass", format!("smtp_pass={p}"), &p));
    let p = g.password();
    out.push(line(
        "dbPassword in code",
        format!("dbPassword = \"{p}\""),
        &p,
    ));
    let p = g.password();
    out.push(line("YAML password", format!("password: {p}"), &p));
    let p = g.pick(HEX, 40);
    out.push(line(
        "private_key_id",
        format!("\"private_key_id\": \"{p}\","),
        &p,
    ));
    let p = format!("django-insecure-{}", g.pick(PUNCTUATED, 40));
    out.push(line("Django SECRET_KEY", format!("SECRET_KEY = '{p}'"), &p));
    let p = g.pick(HEX, 128);
    out.push(line(
        "Rails secret_key_base",
        format!("secret_key_base: {p}"),
        &p,
    ));
    let p = format!("base64:{}=", g.pick(B64, 43));
    out.push(line("Laravel APP_KEY", format!("APP_KEY={p}"), &p));
    let p = g.password();
    out.push(line("XML element", format!("<password>{p}</password>"), &p));
    let p = g.password();
    out.push(line(
        ".NET setting",
        format!("<add key=\"DbPassword\" value=\"{p}\" />"),
        &p,
    ));
    let p = g.password();
    out.push(line(
        "attribute",
        format!("<db user=\"app\" password=\"{p}\" />"),
        &p,
    ));
    let p = g.password();
    out.push(line(
        ".netrc",
        format!("machine api.example.com login me password {p}"),
        &p,
    ));
    let p = format!("npm_{}", g.pick(ALNUM, 36));
    out.push(line(
        ".npmrc _authToken",
        format!("//registry.npmjs.org/:_authToken={p}"),
        &p,
    ));
    let p = format!("ghp_{}", g.pick(ALNUM, 36));
    out.push(line(
        "git remote token",
        format!("git remote add origin https://{p}@github.com/me/repo.git"),
        &p,
    ));
    let p = g.pick(ALNUM, 26);
    out.push(line(
        "git remote user:token",
        format!("git clone https://oauth2:{p}@gitlab.example.com/me/repo.git"),
        &p,
    ));
    let p = g.pick(ALNUM, 30);
    out.push(line(
        "git remote bare token",
        format!("git clone https://{p}@git.example.com/me/repo.git"),
        &p,
    ));
    let p = g.pick(B64, 86) + "==";
    out.push(line(
        "Azure storage AccountKey",
        format!("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={p};EndpointSuffix=core.windows.net"),
        &p,
    ));
    let p = g.password();
    out.push(line(
        "JSON client_secret",
        format!("{{\"client_secret\": \"{p}\", \"debug\": false}}"),
        &p,
    ));
    let (a, b) = (g.pick(ALNUM, 30), g.pick(ALNUM, 30));
    out.push(Form {
        name: "key continued after a backslash",
        line: format!("export OPENAI_API_KEY=sk-proj-{a}\\\n{b}"),
        repeat: format!("sk-proj-{a}{b}"),
        values: vec![a, b],
        line_form: true,
    });
    // Token formats, at home in any context.
    out.push(token(
        "SendGrid",
        format!("SG.{}.{}", g.pick(TOKEN, 22), g.pick(TOKEN, 43)),
    ));
    out.push(token("Twilio", format!("SK{}", g.pick(HEX, 32))));
    out.push(token(
        "Telegram bot",
        format!("{}:AA{}", g.pick(DIGITS, 10), g.pick(TOKEN, 33)),
    ));
    out.push(token(
        "Discord webhook",
        format!(
            "https://discord.com/api/webhooks/{}/{}",
            g.pick(DIGITS, 18),
            g.pick(TOKEN, 68)
        ),
    ));
    out.push(token(
        "Slack webhook",
        format!(
            "https://hooks.slack.com/services/T{}/B{}/{}",
            g.pick(ALNUM, 8),
            g.pick(ALNUM, 8),
            g.pick(ALNUM, 24)
        ),
    ));
    out.push(token("Mailgun", format!("key-{}", g.pick(HEX, 32))));
    out.push(token("npm", format!("npm_{}", g.pick(ALNUM, 36))));
    out.push(token(
        "PyPI",
        format!("pypi-AgEIcHlwaS5vcmc{}", g.pick(TOKEN, 60)),
    ));
    out.push(token("GitLab", format!("glpat-{}", g.pick(TOKEN, 20))));
    out.push(token("DigitalOcean", format!("dop_v1_{}", g.pick(HEX, 64))));
    out.push(token("Shopify", format!("shpat_{}", g.pick(HEX, 32))));
    out.push(token("GitHub", format!("ghp_{}", g.pick(ALNUM, 36))));
    out.push(token("OpenAI", format!("sk-proj-{}", g.pick(ALNUM, 64))));
    out.push(token("Google", format!("AIza{}", g.pick(TOKEN, 35))));
    out.push(token("Stripe", format!("sk_live_{}", g.pick(ALNUM, 24))));
    // Secret-bearing values in the token contexts too: the row names them.
    out
}

/// Contexts for a whole-line form.
const LINE_CONTEXTS: &[(&str, &str)] = &[
    ("line", "{}"),
    ("inline code", "Run `{}` once."),
    ("fenced code", "```bash\n{}\n```"),
    ("quote", "> {}"),
    ("list item", "- {}"),
];

/// Contexts for a token.
const TOKEN_CONTEXTS: &[(&str, &str)] = &[
    ("prose", "My key is {} and it works."),
    ("inline code", "Use `{}` for now."),
    ("fenced code", "```\n{}\n```"),
    ("JSON", "```json\n{\"key\": \"{}\", \"debug\": false}\n```"),
    ("YAML", "settings:\n  token: {}\n"),
    ("shell", "export SERVICE_TOKEN={}"),
    (
        "Markdown table",
        "| Service | Token |\n|---|---|\n| mail | {} |\n",
    ),
    (
        "URL",
        "See https://api.example.com/v1/items?key={}&page=2 for the list.",
    ),
];

/// Text that looks a little like a secret and must be kept as written.
const DECOYS: &[&str] = &[
    "We shipped build 5.1.2.8 on Friday.",
    "Upgrade to v1.2.3.4 first.",
    "Windows version 10.0.19041.1 is fine.",
    "See section 1.2.3.4 of the spec.",
    "The netmask is 255.255.255.0 and the wider one 255.255.240.0.",
    "Part numbers 01.02.03.04 and 0001.0002.0003.0004 are not hosts.",
    "Commit 3f786850e387550fdab836ed7e6dc881de23001b is the fix.",
    "The digest is sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 here.",
    "Request id 123e4567-e89b-12d3-a456-426614174000 failed.",
    "Set api_key = \"YOUR_API_KEY\" first.",
    "export OPENAI_API_KEY=xxxx",
    "password = \"${DB_PASSWORD}\"",
    "DB_PASSWORD=changeme",
    "token: <your-token-here>",
    "password: str",
    "app --password-file /run/secrets/db",
    "mysql -u root -p mydb",
    "The password: it is on the sticky note.",
    "bypass = true",
    "| Step | Notes |\n|---|---|\n| one | two words here |\n",
    "def get_token(self): return self.token",
    "token: Optional[str] = None",
    "Use color #ff8800 and #0af for links.",
    "Bind to 127.0.0.1 or 0.0.0.0; DNS is 8.8.8.8 or 1.1.1.1.",
    "The key insight: patience is key.",
    "ISBN 978-3-16-148410-0 and phone 555-0100.",
    "On 2024-09-08 at 14:32:07 the build passed.",
    "Jekyll's {{ page.title }} and {% raw %} stay.",
];

#[test]
fn every_credential_form_is_redacted_in_every_context_and_decoys_are_kept() {
    let sanitizer =
        Sanitizer::new(&Options::none().with_secrets(true).with_ips(true)).expect("options");
    let mut g = Gen(0x5ec2e75);
    let mut planted = 0;
    let mut missed = Vec::new();
    let all = forms(&mut g);
    for form in &all {
        let contexts = if form.line_form {
            LINE_CONTEXTS
        } else {
            TOKEN_CONTEXTS
        };
        for (context, template) in contexts {
            let mut text = template.replace("{}", &form.line);
            // A repeat mention: once redacted, the value goes everywhere.
            let again = &form.repeat;
            text.push_str(&format!(
                "\n\nLater I pasted {again} again, and `{again}` too.\n"
            ));
            planted += 1;
            let out = sanitizer.sanitize(&text).text;
            // Idempotent: a second run finds nothing more to change.
            let again = sanitizer.sanitize(&out).text;
            assert_eq!(
                again, out,
                "{} in {context}: a second run changed it",
                form.name
            );
            if let Some(value) = form
                .values
                .iter()
                .chain([&form.repeat])
                .find(|v| out.contains(v.as_str()))
            {
                missed.push(format!(
                    "{} in {context}: {value:?} survived in {out:?}",
                    form.name
                ));
            }
        }
    }
    let mut kept = 0;
    let mut damaged = Vec::new();
    for decoy in DECOYS {
        let out = sanitizer.sanitize(decoy).text;
        if out.trim_end() == decoy.trim_end() {
            kept += 1;
        } else {
            damaged.push(format!("{decoy:?} -> {out:?}"));
        }
    }
    eprintln!(
        "{} forms, {planted} planted: {} redacted ({:.1}% recall); {} of {} decoys kept",
        all.len(),
        planted - missed.len(),
        100.0 * (planted - missed.len()) as f64 / planted as f64,
        kept,
        DECOYS.len()
    );
    assert!(all.len() >= 40, "only {} forms", all.len());
    assert!(missed.is_empty(), "missed:\n{}", missed.join("\n"));
    assert!(
        damaged.is_empty(),
        "decoys changed:\n{}",
        damaged.join("\n")
    );
}

#[test]
fn the_report_counts_by_kind_and_never_shows_a_value() {
    let sanitizer =
        Sanitizer::new(&Options::none().with_secrets(true).with_ips(true)).expect("options");
    let mut g = Gen(7);
    let text: String = forms(&mut g)
        .iter()
        .map(|f| format!("{}\n\n", f.line))
        .collect();
    let out = sanitizer.sanitize(&text);
    let summary = out.report.summary();
    let json = out.report.to_json();
    for form in forms(&mut Gen(7)) {
        for value in &form.values {
            assert!(
                !summary.contains(value.as_str()) && !json.contains(value.as_str()),
                "{}",
                form.name
            );
        }
    }
    assert!(summary.contains("password"), "{summary}");
}
