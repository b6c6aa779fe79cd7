//! Secrets files: the writer's own secret values, redacted wherever they
//! appear.
//!
//! Two syntaxes, line by line:
//! - Nix attributes, as the predecessor read them: `name = "value";`, kept
//!   when the name contains `id`, `ip`, `password`, `token` or `secret`;
//! - `.env` lines: `NAME=value`, `export NAME="value"`, kept when the name
//!   looks like it holds a secret (key, token, secret, password, auth,
//!   credential, private, or an `ID`/`IP`/`PASS` part).
//!
//! Values of three characters or fewer are ignored (they would match
//! everywhere). The label is the name in SNAKE_CASE: `wifiPassword` becomes
//! `[WIFI_PASSWORD]`.

use regex::Regex;
use std::sync::OnceLock;

/// A secret value and the label that replaces it.
#[derive(Clone, PartialEq, Eq)]
pub struct KnownSecret {
    /// The label, without brackets (`WIFI_PASSWORD`).
    pub label: String,
    /// The value to redact.
    pub value: String,
}

impl std::fmt::Debug for KnownSecret {
    /// Never prints the value.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KnownSecret")
            .field("label", &self.label)
            .field("value", &"<hidden>")
            .finish()
    }
}

/// What one secrets file gave: its secrets, and the lines it skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SecretsFile {
    /// The secrets, longest value first.
    pub secrets: Vec<KnownSecret>,
    /// 1-based numbers of the lines that look like assignments but could
    /// not be read (a Nix list or attribute set, a multi-line string): they
    /// are skipped, and the caller warns (without the line's content, which
    /// may hold a secret).
    pub skipped: Vec<usize>,
}

fn nix_line() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"^\s*([A-Za-z_][A-Za-z0-9_'.-]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*;\s*(#.*)?$"#)
            .expect("valid regex")
    })
}

/// One `name = "value";` anywhere in a line.
fn nix_attribute() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"([A-Za-z_][A-Za-z0-9_'.-]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*;"#)
            .expect("valid regex")
    })
}

fn env_line() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([^\s#]*))\s*(#.*)?$"#)
            .expect("valid regex")
    })
}

/// `wifiPassword`, `openai-token`, `db.pass` -> `WIFI_PASSWORD`, `OPENAI_TOKEN`, `DB_PASS`.
fn snake_label(name: &str) -> String {
    let mut out = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if c.is_ascii_uppercase() && previous_lower {
            out.push('_');
        }
        previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        out.push(if c.is_ascii_alphanumeric() {
            c.to_ascii_uppercase()
        } else {
            '_'
        });
    }
    out
}

fn nix_name_is_secret(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    ["id", "ip", "password", "token", "secret"]
        .iter()
        .any(|k| lower.contains(k))
}

fn env_name_is_secret(name: &str) -> bool {
    let label = snake_label(name);
    let parts: Vec<&str> = label.split('_').collect();
    [
        "KEY",
        "TOKEN",
        "SECRET",
        "PASSWORD",
        "PASSWD",
        "AUTH",
        "CREDENTIAL",
        "CREDENTIALS",
        "PRIVATE",
    ]
    .iter()
    .any(|k| label.contains(k))
        || parts
            .iter()
            .any(|p| ["ID", "IP", "PASS", "PWD", "DSN"].contains(p))
}

/// Reads the secrets of one file's text. Comments (`#`), blank lines, braces
/// and other Nix structure lines are passed over; a line with an `=` that
/// is neither form is skipped and listed in [`SecretsFile::skipped`].
/// Dotted Nix names (`services.x.secretKey = "...";`) are read whole.
pub fn parse_secrets_file(text: &str) -> SecretsFile {
    let mut secrets = Vec::new();
    let mut skipped = Vec::new();
    let mut in_comment_block = false;
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        // Nix comment blocks: `/* ... */`, possibly over several lines.
        if in_comment_block || trimmed.starts_with("/*") {
            in_comment_block = !trimmed.contains("*/");
            continue;
        }
        if trimmed.is_empty()
            || trimmed.starts_with('#')
            || trimmed.starts_with("//")
            || !trimmed.contains('=')
        {
            continue;
        }
        let attributes: Vec<_> = nix_attribute().captures_iter(line).collect();
        if nix_line().is_match(line) || (trimmed.starts_with('{') && !attributes.is_empty()) {
            // One attribute, or several on one line (`{ a = "x"; b = "y"; }`).
            for c in attributes {
                let value = c[2].replace("\\\"", "\"").replace("\\\\", "\\");
                if nix_name_is_secret(&c[1]) && value.chars().count() > 3 {
                    secrets.push(KnownSecret {
                        label: snake_label(&c[1]),
                        value,
                    });
                }
            }
        } else if let Some(c) = env_line().captures(line) {
            let value = c
                .get(2)
                .or(c.get(3))
                .or(c.get(4))
                .map_or("", |m| m.as_str())
                .to_string();
            if env_name_is_secret(&c[1]) && value.chars().count() > 3 {
                secrets.push(KnownSecret {
                    label: snake_label(&c[1]),
                    value,
                });
            }
        } else if trimmed.ends_with('{')
            || trimmed.starts_with('{')
            || trimmed.starts_with("let ")
            || trimmed.starts_with("in")
        {
            continue;
        } else {
            skipped.push(index + 1);
        }
    }
    // Longest first so that a value containing another is replaced whole.
    secrets.sort_by_key(|s| std::cmp::Reverse(s.value.len()));
    SecretsFile { secrets, skipped }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_nix_and_env_files() {
        let nix = "{\n  wifiPassword = \"correct horse\";\n  openai-token = \"sk-live-123\";\n  hostName = \"laptop\";\n  pin = \"123\";\n  homeIp = \"10.1.2.3\"; # home\n}\n";
        let secrets = parse_secrets_file(nix).secrets;
        let labels: Vec<&str> = secrets.iter().map(|s| s.label.as_str()).collect();
        assert_eq!(labels, ["WIFI_PASSWORD", "OPENAI_TOKEN", "HOME_IP"]);
        let env = "# comment\nexport GITHUB_TOKEN=\"ghp_abc\"\nDEBUG=true\nDB_PASS='p4ss word'\nPORT=8080\nCLIENT_ID=abcd1234 # id\n";
        let secrets = parse_secrets_file(env).secrets;
        let mut labels: Vec<&str> = secrets.iter().map(|s| s.label.as_str()).collect();
        labels.sort();
        assert_eq!(labels, ["CLIENT_ID", "DB_PASS", "GITHUB_TOKEN"]);
        assert!(secrets.iter().any(|s| s.value == "p4ss word"));
    }

    #[test]
    fn lines_it_cannot_read_are_skipped_and_listed() {
        let nix = "{\n  a = \"fine-value\";\n  list = [ \"x\" \"y\" ];\n  set = { b = 1; };\n  /* a comment\n     token = \"not read\";\n  */\n  services.x.secretKey = \"dotted-secret\";\n  token = unterminated \"oops;\n}\n";
        let file = parse_secrets_file(nix);
        assert_eq!(file.skipped, [3, 4, 9]);
        let labels: Vec<&str> = file.secrets.iter().map(|s| s.label.as_str()).collect();
        assert_eq!(labels, ["SERVICES_X_SECRET_KEY"]);
    }

    #[test]
    fn debug_never_shows_values() {
        let secret = KnownSecret {
            label: "X_TOKEN".into(),
            value: "hunter22".into(),
        };
        assert!(!format!("{secret:?}").contains("hunter22"));
    }
}
