//! Tests of the assignment detector.

use super::*;

fn value(text: &str) -> Option<(&str, &'static str)> {
    let mut spans = Vec::new();
    find(text, &mut spans);
    spans
        .first()
        .map(|span| (&text[span.start()..span.end()], span.label_kind()))
}

#[test]
fn finds_assigned_secrets() {
    let cases = [
        (r#"password = "hunter2!""#, "hunter2!", "password"),
        (r#"  "api_key": "abc123def456","#, "abc123def456", "api-key"),
        (
            "SECRET_KEY=django-insecure-9x8y7z",
            "django-insecure-9x8y7z",
            "secret",
        ),
        (
            "X-API-Key: 8f14e45fceea167a5a36",
            "8f14e45fceea167a5a36",
            "api-key",
        ),
        (
            "GET /v1?access_token=tok3n-value-99&x=1",
            "tok3n-value-99",
            "token",
        ),
        (
            "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzzzzzzzz",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzzzzzzzz",
            "aws-secret-key",
        ),
        (r#"{\"token\": \"s3cr3t-t0ken\"}"#, "s3cr3t-t0ken", "token"),
        ("db_password: Tr0ub4dor&3", "Tr0ub4dor&3", "password"),
        ("PASSWORD=P@ssw0rd!", "P@ssw0rd!", "password"),
        (
            r#"os.environ["OPENAI_API_KEY"] = "live-key-12345""#,
            "live-key-12345",
            "api-key",
        ),
        ("clientSecret := 'a1b2c3d4e5'", "a1b2c3d4e5", "secret"),
    ];
    for (text, want, kind) in cases {
        assert_eq!(value(text), Some((want, kind)), "{text}");
    }
}

#[test]
fn short_endings_count_only_as_words() {
    assert_eq!(
        value("smtp_pass = Xy7kLm9Qr"),
        Some(("Xy7kLm9Qr", "password"))
    );
    assert_eq!(value("dbPass: Xy7kLm9Qr"), Some(("Xy7kLm9Qr", "password")));
    assert_eq!(
        value("MYSQL_PWD=Xy7kLm9Qr"),
        Some(("Xy7kLm9Qr", "password"))
    );
    assert_eq!(value("compass = north-west-12"), None);
    assert_eq!(value("bypass = proxy-7f3a9"), None);
}

#[test]
fn whole_line_values_keep_their_punctuation() {
    assert_eq!(
        value("DB_PASSWORD=Xy7$kLm9Qr"),
        Some(("Xy7$kLm9Qr", "password"))
    );
    assert_eq!(
        value("DB_PASSWORD=!Qaz2wsx#Edc"),
        Some(("!Qaz2wsx#Edc", "password"))
    );
    assert_eq!(
        value("password: Xy7{kLm9}Qr"),
        Some(("Xy7{kLm9}Qr", "password"))
    );
    assert_eq!(
        value("POSTGRES_PASSWORD=correct horse battery staple"),
        Some(("correct horse battery staple", "password"))
    );
    assert_eq!(value("    secret_key=None, cookie='x',"), None);
    assert_eq!(value("password: !ENV ${DB_PASSWORD}"), None);
}

#[test]
fn a_placeholder_is_not_a_name() {
    // Fuzzing found `TOKEN=x =y` redacted once, then once more: the
    // second run read `[REDACTED_TOKEN] =` as an assignment.
    let mut spans = Vec::new();
    find("TOKEN=[REDACTED_TOKEN] =\u{fffd}\u{fffd}", &mut spans);
    assert!(spans.is_empty(), "{spans:?}");
}

#[test]
fn leaves_code_prose_and_placeholders_alone() {
    for text in [
        "max_tokens = 4096",
        "token_count: 12",
        "password_hash = bcrypt(pw)",
        "password = input()",
        "token = response.json()",
        "token = next_token",
        "def login(password: str):",
        "token: Optional[str] = None",
        "api_key = os.environ.get('KEY')",
        "The secret: patience is the key",
        r#"api_key = "YOUR_API_KEY""#,
        r#"api_key = "${OPENAI_API_KEY}""#,
        "password: <your password>",
        "if password == \"\":",
        r#"password = "[REDACTED_PASSWORD]""#,
        "secret = self.secret",
        "token: [REDACTED_TOKEN]",
        r#"secret = "The secret to good writing is rewriting""#,
        "TOKEN=$GITHUB_TOKEN",
        r#"Label("Enter the secret:", Input(type="password", name="secret")),"#,
    ] {
        assert_eq!(value(text), None, "{text}");
    }
}
