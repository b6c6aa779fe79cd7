//! The one question the binary asks on the terminal: a provider's key,
//! typed hidden, and whether to keep it. The library never talks to the
//! terminal; this lives with the other setup of the editor.

use anyhow::Result;
use articleizer::keys::{self, ApiKey};
use articleizer::providers::ProviderKind;
use std::path::Path;

/// Asks for `provider`'s key on the terminal (never stdin, which holds the
/// article), with hidden input, and offers to save it in `file` with mode
/// 0600. Returns `None` without asking when there is no terminal.
pub fn ask_on_terminal(provider: ProviderKind, file: &Path) -> Result<Option<ApiKey>> {
    use std::io::{BufRead, IsTerminal, Write};
    if !std::io::stderr().is_terminal() {
        return Ok(None);
    }
    let Ok(mut tty) = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
    else {
        return Ok(None);
    };
    let io = |e: std::io::Error| anyhow::anyhow!("cannot read the key from the terminal: {e}");
    write!(tty, "{provider} API key (hidden; empty to cancel): ").map_err(io)?;
    tty.flush().map_err(io)?;
    let key = rpassword::read_password().map_err(io)?;
    let key = ApiKey::new(&key);
    if key.expose().is_empty() {
        return Ok(None);
    }
    write!(
        tty,
        "Save it as \"{provider}\" in {} (readable only by you)? [y/N] ",
        file.display()
    )
    .map_err(io)?;
    tty.flush().map_err(io)?;
    let mut answer = String::new();
    std::io::BufReader::new(&tty)
        .read_line(&mut answer)
        .map_err(io)?;
    if answer.trim().eq_ignore_ascii_case("y") || answer.trim().eq_ignore_ascii_case("yes") {
        keys::save(file, provider.name(), &key)?;
        writeln!(tty, "Saved.").map_err(io)?;
    }
    Ok(Some(key))
}
