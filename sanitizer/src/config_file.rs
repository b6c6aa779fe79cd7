//! Where the tools' shared `config.toml` is, so both binaries find the same one.

use std::path::{Path, PathBuf};

/// The configuration file to read: `explicit`, else `$ARTICLEIZER_CONFIG`,
/// else `./config.toml`, else `$XDG_CONFIG_HOME/articleizer/config.toml`
/// (`~/.config/...`); `None` when there is none (built-in defaults apply).
pub fn find_config(explicit: Option<&Path>) -> Option<PathBuf> {
    if let Some(path) = explicit {
        return Some(path.to_path_buf());
    }
    if let Some(path) = std::env::var_os("ARTICLEIZER_CONFIG") {
        return Some(PathBuf::from(path));
    }
    let local = PathBuf::from("config.toml");
    if local.is_file() {
        return Some(local);
    }
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    let user = base.join("articleizer").join("config.toml");
    user.is_file().then_some(user)
}

/// `~/x` -> `$HOME/x`; other paths unchanged.
pub fn expand_home(path: &Path) -> PathBuf {
    match (path.strip_prefix("~"), std::env::var_os("HOME")) {
        (Ok(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => path.to_path_buf(),
    }
}
