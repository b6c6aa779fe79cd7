//! Decoys: text that looks a little like a secret or an address and must
//! come out as written. Each kind is a few lines, one case each.

/// A kind of decoy and its cases.
pub struct Decoy {
    pub kind: &'static str,
    pub cases: &'static [&'static str],
}

const fn decoy(kind: &'static str, cases: &'static [&'static str]) -> Decoy {
    Decoy { kind, cases }
}

pub const DECOYS: &[Decoy] = &[
    decoy(
        "OID",
        &[
            "The OID 2.5.29.17 is subjectAltName.",
            "OID: 1.3.6.1.4.1.311.21.7 and oid 2.5.4.3",
        ],
    ),
    decoy(
        "version after a product name",
        &[
            "V8: 13.2.152.41-electron.0",
            "Chromium 120.0.6099.109 and Electron 28.1.0.0 ship together.",
            "Node.js 18.19.0.0, Java 17.0.9.1 and Python 3.12.1.0 are installed.",
        ],
    ),
    decoy(
        "changelog four-part numbers",
        &[
            "## 4.18.2.1 (2024-03-02)\n\n- Fixed a crash.",
            "- 1.4.2.3: fixed the login page",
            "Released 2.0.0.1, then 2.0.0.2 a week later.",
        ],
    ),
    decoy(
        "version ranges",
        &[
            "<PackageReference Include=\"X\" Version=\"[1.2.0.0, 2.0.0.0)\" />",
            "Supported: 10.0.17763.0 to 10.0.22621.0",
            "requires >=1.2.3.4,<1.3.0.0",
        ],
    ),
    decoy(
        "ratios",
        &["A mixing ratio of 1.2.1.1 by weight.", "aspect ratio 16:9 and 4:3"],
    ),
    decoy(
        "shell default reference",
        &[
            "password: ${DB_PASSWORD:?missing}",
            "DB_PASSWORD=${DB_PASSWORD:-}",
        ],
    ),
    decoy(
        "references",
        &[
            "password=$DB_PASSWORD",
            "set API_TOKEN=%API_TOKEN%",
            "password: \"{{ .Values.db.password }}\"",
            "token: ${{ secrets.GITHUB_TOKEN }}",
            "$env:API_KEY = $env:OTHER_KEY",
            "api_key=OPENAI_API_KEY",
        ],
    ),
    decoy(
        "placeholders",
        &[
            "api_key = \"YOUR_API_KEY\"",
            "OPENAI_API_KEY=your-key-here",
            "token: <token>",
            "password: changeme",
            "password=xxxxxxxx",
            "export OPENAI_API_KEY=sk-...",
            "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
            "password: ********",
            "GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        ],
    ),
    decoy(
        "numbers and booleans",
        &[
            "token: true",
            "password_required: false",
            "api_key_length = 32",
            "PASSWORD_MIN_LENGTH=12",
        ],
    ),
    decoy(
        "code reading a secret",
        &[
            "password = request.form['password']",
            "token = get_token()",
            "password: str",
            "api_key: Optional[str] = None",
            "login(user, password=password)",
            "self.token = token",
        ],
    ),
    decoy(
        "type annotations",
        &["password: SecretStr", "token: String,", "api_key: &str"],
    ),
    decoy(
        "prose about secrets",
        &[
            "The key insight: patience is key.",
            "The password must be at least 12 characters long.",
            "Rotate the token every 90 days and keep the secret in a vault.",
            "The secret to success is consistency.",
        ],
    ),
    decoy(
        "prose with long words near key",
        &["The key question is internationalization, not performance."],
    ),
    decoy(
        "file paths",
        &[
            "password_file: /run/secrets/db_password",
            "POSTGRES_PASSWORD_FILE=/run/secrets/pw",
            "app --password-file /run/secrets/db",
        ],
    ),
    decoy("commit SHA", &["Commit 3f786850e387550fdab836ed7e6dc881de23001b is the fix."]),
    decoy(
        "digest",
        &["The digest is sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 here."],
    ),
    decoy("UUID", &["Request id 123e4567-e89b-12d3-a456-426614174000 failed."]),
    decoy(
        "subnet masks",
        &["The netmask is 255.255.255.0 and the wider one 255.255.240.0."],
    ),
    decoy("section numbers", &["See section 1.2.3.4 of the spec."]),
    decoy(
        "allowlisted addresses",
        &["Bind to 127.0.0.1 or 0.0.0.0; DNS is 8.8.8.8 or 1.1.1.1."],
    ),
    decoy(
        "dates and times",
        &["On 2024-09-08 at 14:32:07 the build passed."],
    ),
    decoy("ISBN and phone", &["ISBN 978-3-16-148410-0 and phone 555-0100."]),
    decoy("hex colors", &["Use color #ff8800 and #0af for links."]),
    decoy(
        "Liquid",
        &["Jekyll's {{ page.title }} and {% raw %} stay."],
    ),
    decoy(
        "table without secrets",
        &["| Step | Notes |\n|---|---|\n| one | two words here |\n"],
    ),
    decoy(
        "words ending like secrets",
        &["bypass = true", "compass: north", "max_tokens=4096"],
    ),
    decoy("bearer in prose", &["He was the bearer of bad news."]),
    decoy(
        "mysql prompting",
        &["mysql -u root -p mydb", "mysql -u root -p"],
    ),
    decoy(
        "task and disk names",
        &[
            "Run task-runner-2024-build-and-deploy-all for it.",
            "The disk-0123456789abcdefghij volume is full.",
        ],
    ),
    decoy(
        "keyword arguments",
        &["client = Client(api_key=api_key, timeout=30)", "password=None"],
    ),
    decoy(
        "env names as values",
        &["token_env: GITHUB_TOKEN", "secret_name: prod/db/password"],
    ),
    decoy(
        "key words in sentences",
        &["Press the key combination Ctrl+Shift+P to open it."],
    ),
];
