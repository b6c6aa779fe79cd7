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

/// A secrets file that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum SecretsFileError {
    /// The file has lines that look like assignments but cannot be read.
    #[error("line {line}: not a `name = \"value\";` or `NAME=value` line")]
    Syntax {
        /// 1-based line number (the line's content is not repeated: it may hold a secret).
        line: usize,
    },
}

fn nix_line() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"^\s*([A-Za-z_][A-Za-z0-9_'-]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*;\s*(#.*)?$"#)
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
/// and other Nix structure lines are skipped.
pub fn parse_secrets_file(text: &str) -> Result<Vec<KnownSecret>, SecretsFileError> {
    let mut secrets = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty()
            || trimmed.starts_with('#')
            || trimmed.starts_with("//")
            || !trimmed.contains('=')
        {
            continue;
        }
        if let Some(c) = nix_line().captures(line) {
            let value = c[2].replace("\\\"", "\"").replace("\\\\", "\\");
            if nix_name_is_secret(&c[1]) && value.chars().count() > 3 {
                secrets.push(KnownSecret {
                    label: snake_label(&c[1]),
                    value,
                });
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
            return Err(SecretsFileError::Syntax { line: index + 1 });
        }
    }
    // Longest first so that a value containing another is replaced whole.
    secrets.sort_by_key(|s| std::cmp::Reverse(s.value.len()));
    Ok(secrets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_nix_and_env_files() {
        let nix = "{\n  wifiPassword = \"correct horse\";\n  openai-token = \"sk-live-123\";\n  hostName = \"laptop\";\n  pin = \"123\";\n  homeIp = \"10.1.2.3\"; # home\n}\n";
        let secrets = parse_secrets_file(nix).expect("parses");
        let labels: Vec<&str> = secrets.iter().map(|s| s.label.as_str()).collect();
        assert_eq!(labels, ["WIFI_PASSWORD", "OPENAI_TOKEN", "HOME_IP"]);
        let env = "# comment\nexport GITHUB_TOKEN=\"ghp_abc\"\nDEBUG=true\nDB_PASS='p4ss word'\nPORT=8080\nCLIENT_ID=abcd1234 # id\n";
        let secrets = parse_secrets_file(env).expect("parses");
        let mut labels: Vec<&str> = secrets.iter().map(|s| s.label.as_str()).collect();
        labels.sort();
        assert_eq!(labels, ["CLIENT_ID", "DB_PASS", "GITHUB_TOKEN"]);
        assert!(secrets.iter().any(|s| s.value == "p4ss word"));
    }

    #[test]
    fn syntax_errors_name_the_line_not_the_value() {
        let err = parse_secrets_file("a = \"fine\";\ntoken = unterminated \"oops;\n")
            .expect_err("bad line");
        let message = err.to_string();
        assert!(message.contains("line 2"));
        assert!(!message.contains("oops"));
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
