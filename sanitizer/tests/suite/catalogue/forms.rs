//! The credential forms of the catalogue: free values in every syntax that
//! assigns one to a secret-named key (or says so in prose), and tokens with
//! a fixed grammar. Every form of issue 31 is here.

use super::values::*;

/// How a free form's slot holds its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// Unquoted, up to white space: a passphrase is joined with `-`.
    Word,
    /// Quoted, or the whole rest of a line: a passphrase keeps its spaces.
    Spaces,
    /// Inside a URL (a query or a DSN's userinfo): percent-encoded.
    Url,
}

/// A form with a free value: its template (`{v}` is the value) and slot.
pub struct Free {
    pub name: &'static str,
    pub template: &'static str,
    pub slot: Slot,
}

const fn free(name: &'static str, template: &'static str, slot: Slot) -> Free {
    Free {
        name,
        template,
        slot,
    }
}

use Slot::{Spaces, Url, Word};

/// Free forms: a secret-named key in each syntax that assigns, prose that
/// says what a value is, and the pairs that make a value a secret.
pub const FREE: &[Free] = &[
    free(".env password", "password={v}", Spaces),
    free(".env DB_PASSWORD", "DB_PASSWORD={v}", Spaces),
    free("export GITHUB_TOKEN", "export GITHUB_TOKEN={v}", Spaces),
    free("cmd set", "set DB_PASSWORD={v}", Spaces),
    free("setx", "setx API_TOKEN \"{v}\"", Spaces),
    free("PowerShell $env:", "$env:DB_PASSWORD = \"{v}\"", Spaces),
    free(
        "ConvertTo-SecureString",
        "$pw = ConvertTo-SecureString \"{v}\" -AsPlainText -Force",
        Spaces,
    ),
    free("PHP define", "define('DB_PASSWORD', '{v}');", Spaces),
    free("PHP array =>", "'password' => '{v}',", Spaces),
    free("Ruby hash rocket", ":api_key => \"{v}\",", Spaces),
    free("C setenv", "setenv(\"API_SECRET\", \"{v}\", 1);", Spaces),
    free("putenv", "putenv(\"DB_PASSWORD={v}\");", Spaces),
    free(
        "os.environ[...]",
        "os.environ[\"OPENAI_API_KEY\"] = \"{v}\"",
        Spaces,
    ),
    free(
        "os.environ.setdefault",
        "os.environ.setdefault(\"API_TOKEN\", \"{v}\")",
        Spaces,
    ),
    free("process.env", "process.env.SLACK_TOKEN = '{v}';", Spaces),
    free("Ruby ENV[]", "ENV['SECRET_KEY'] = '{v}'", Spaces),
    free(
        "kwarg",
        "conn = connect(user=\"app\", password=\"{v}\")",
        Spaces,
    ),
    free(
        "JSON",
        "{\"client_secret\": \"{v}\", \"debug\": false}",
        Spaces,
    ),
    free("YAML plain", "password: {v}", Spaces),
    free("YAML quoted", "api_key: \"{v}\"", Spaces),
    free("TOML", "token = \"{v}\"", Spaces),
    free("INI section", "[database]\npassword = {v}", Spaces),
    free("properties", "spring.datasource.password={v}", Spaces),
    free("XML element", "<password>{v}</password>", Spaces),
    free(
        ".NET appSettings",
        "<add key=\"DbPassword\" value=\"{v}\" />",
        Spaces,
    ),
    free(
        "XML name/value",
        "<property name=\"db.password\" value=\"{v}\"/>",
        Spaces,
    ),
    free("k8s env pair", "- name: API_KEY\n  value: {v}", Spaces),
    free(
        "k8s env pair quoted",
        "env:\n  - name: DB_PASSWORD\n    value: \"{v}\"",
        Spaces,
    ),
    free(
        "curl -H header",
        "curl -H 'X-API-Key: {v}' https://api.example.com/v1",
        Spaces,
    ),
    free("header line", "X-Auth-Token: {v}", Word),
    free("--password flag", "app --password {v} --verbose", Word),
    free("--api-token= flag", "deploy --api-token={v}", Word),
    free("mysql -p", "mysql -u root -p'{v}' -h db", Spaces),
    free(
        "docker run -e",
        "docker run -e POSTGRES_PASSWORD={v} postgres",
        Word,
    ),
    free(
        "kubectl --from-literal",
        "kubectl create secret generic db --from-literal=password={v}",
        Word,
    ),
    free("requirepass", "requirepass {v}", Word),
    free(
        ".netrc",
        "machine api.example.com login me password {v}",
        Word,
    ),
    free(".pgpass", "db.example.com:5432:shop:app:{v}", Word),
    free(
        "Django SECRET_KEY",
        "SECRET_KEY = 'django-insecure-{v}'",
        Spaces,
    ),
    free("Rails secret_key_base", "secret_key_base: {v}", Spaces),
    free(
        "connection string",
        "Server=db;Database=shop;User Id=app;Password={v};",
        Word,
    ),
    free(
        "URL DSN",
        "DATABASE_URL=postgres://app:{v}@db:5432/shop",
        Url,
    ),
    free("Go DSN", "dsn := \"app:{v}@tcp(db:3306)/shop\"", Url),
    free(
        "URL ?token=",
        "https://api.example.com/v1/items?token={v}&page=2",
        Url,
    ),
    free(
        "URL &password=",
        "https://example.com/login?user=me&password={v}",
        Url,
    ),
    free("URL ?key=", "https://maps.example.com/api/js?key={v}", Url),
    free(
        "prose: password is",
        "The root password for the box is {v}",
        Word,
    ),
    free(
        "prose: token is",
        "My API token is {v} if you need it.",
        Word,
    ),
    free(
        "prose: passphrase quoted",
        "The passphrase is \"{v}\".",
        Spaces,
    ),
    free(
        "prose: use the key",
        "Use the secret {v} for the staging bot.",
        Word,
    ),
    free("Pydantic default", "api_key: str = \"{v}\"", Spaces),
    free("TS const", "const apiKey = \"{v}\";", Spaces),
    free("Go const", "const dbPassword = \"{v}\"", Spaces),
    free("shell quoted", "export DB_PASS='{v}'", Spaces),
];

/// A form with a fixed grammar, generated whole.
pub struct Token {
    pub name: &'static str,
    pub make: fn(&mut Gen) -> String,
}

const fn token(name: &'static str, make: fn(&mut Gen) -> String) -> Token {
    Token { name, make }
}

/// Tokens by prefix and grammar, and the pairs that need no name.
pub const TOKENS: &[Token] = &[
    token("OpenAI project", |g| {
        format!(
            "sk-proj-{}T3BlbkFJ{}",
            g.pick(B64URL, 74),
            g.pick(B64URL, 74)
        )
    }),
    token("OpenAI legacy", |g| {
        format!("sk-{}T3BlbkFJ{}", g.pick(ALNUM, 20), g.pick(ALNUM, 20))
    }),
    token("Anthropic", |g| {
        format!("sk-ant-api03-{}AA", g.pick(B64URL, 93))
    }),
    token("Google API key", |g| format!("AIza{}", g.pick(B64URL, 35))),
    token("Google key with XXX", |g| {
        format!("AIza{}XXX{}", g.pick(B64URL, 16), g.pick(B64URL, 16))
    }),
    token("Google OAuth secret", |g| {
        format!("GOCSPX-{}", g.pick(B64URL, 28))
    }),
    token("Google refresh token", |g| {
        format!("1//0{}", g.pick(B64URL, 99))
    }),
    token("Google access token", |g| {
        format!("ya29.{}", g.pick(B64URL, 120))
    }),
    token("GitHub ghp_", |g| format!("ghp_{}", g.pick(ALNUM, 36))),
    token("GitHub gho_", |g| format!("gho_{}", g.pick(ALNUM, 36))),
    token("GitHub fine-grained", |g| {
        format!("github_pat_{}_{}", g.pick(ALNUM, 22), g.pick(ALNUM, 59))
    }),
    token("GitLab", |g| format!("glpat-{}", g.pick(B64URL, 20))),
    token("Slack bot", |g| {
        format!(
            "xoxb-{}-{}-{}",
            g.pick(DIGITS, 12),
            g.pick(DIGITS, 13),
            g.pick(ALNUM, 24)
        )
    }),
    token("AWS key id", |g| {
        format!("AKIA{}", g.pick(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16))
    }),
    token("Stripe", |g| format!("sk_live_{}", g.pick(ALNUM, 24))),
    token("Hugging Face", |g| format!("hf_{}", g.pick(LETTERS, 34))),
    token("npm", |g| format!("npm_{}", g.pick(ALNUM, 36))),
    token("SendGrid", |g| {
        format!("SG.{}.{}", g.pick(B64URL, 22), g.pick(B64URL, 43))
    }),
    token("Twilio", |g| format!("SK{}", g.pick(HEX, 32))),
    token("Mailgun", |g| format!("key-{}", g.pick(HEX, 32))),
    token("age secret key", |g| {
        format!("AGE-SECRET-KEY-1{}", g.pick(BECH32, 58))
    }),
    token("Terraform Cloud", |g| {
        format!("{}.atlasv1.{}", g.pick(ALNUM, 14), g.pick(ALNUM, 67))
    }),
    token("DigitalOcean", |g| format!("dop_v1_{}", g.pick(HEX, 64))),
    token("Shopify", |g| format!("shpat_{}", g.pick(HEX, 32))),
    token("xAI", |g| format!("xai-{}", g.pick(ALNUM, 80))),
    token("Groq", |g| format!("gsk_{}", g.pick(ALNUM, 52))),
    token("JWT", |g| {
        format!(
            "eyJ{}.eyJ{}.{}",
            g.pick(B64URL, 30),
            g.pick(B64URL, 60),
            g.pick(B64URL, 43)
        )
    }),
    token("PyPI", |g| {
        format!("pypi-AgEIcHlwaS5vcmc{}", g.pick(B64URL, 60))
    }),
    token("Telegram bot", |g| {
        format!("{}:AA{}", g.pick(DIGITS, 10), g.pick(B64URL, 33))
    }),
    token("Azure SAS sig", |g| {
        format!(
            "https://acct.blob.core.windows.net/c/f.txt?sv=2022-11-02&ss=b&sp=r&se=2025-01-01&sig={}%3D",
            url_encode(&g.pick(B64, 43))
        )
    }),
    token("docker auths", |g| {
        format!(
            "{{\"auths\": {{\"registry.example.com\": {{\"auth\": \"{}=\"}}}}}}",
            g.pick(B64, 39)
        )
    }),
    token("kubeconfig client-key-data", |g| {
        format!("client-key-data: LS0tLS1CRUdJTi{}", g.pick(B64, 120))
    }),
    token("AWS pair in prose", |g| {
        format!(
            "the access key AKIA{} with secret {}",
            g.pick(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
            g.pick(B64, 40)
        )
    }),
    token("AWS secret assigned", |g| {
        format!("aws_secret_access_key = {}", g.pick(B64, 40))
    }),
    token("Laravel APP_KEY", |g| {
        format!("APP_KEY=base64:{}=", g.pick(B64, 43))
    }),
];
