//! Where the tools' files live: the shared `config.toml`, the user's
//! configuration folder (keys, secrets files) and the cache. The platform
//! rules (XDG on Linux) come from the `dirs` crate.

use std::path::{Path, PathBuf};

/// The folder name the tools use under the configuration and cache folders.
const APP: &str = "articleizer";

/// The user's configuration folder for the tools:
/// `$XDG_CONFIG_HOME/articleizer`, else `~/.config/articleizer`.
pub fn config_dir() -> Option<PathBuf> {
    ::dirs::config_dir().map(|base| base.join(APP))
}

/// The tools' cache folder: `$XDG_CACHE_HOME/articleizer`, else
/// `~/.cache/articleizer`.
pub fn cache_dir() -> Option<PathBuf> {
    ::dirs::cache_dir().map(|base| base.join(APP))
}

/// The configuration file to read: `explicit`, else `$ARTICLEIZER_CONFIG`,
/// else `./config.toml`, else `config.toml` in [`config_dir`]; `None` when
/// there is none (built-in defaults apply).
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
    let user = config_dir()?.join("config.toml");
    user.is_file().then_some(user)
}

/// `~/x` -> the home folder joined with `x`; other paths unchanged.
pub fn expand_home(path: &Path) -> PathBuf {
    match (path.strip_prefix("~"), ::dirs::home_dir()) {
        (Ok(rest), Some(home)) => home.join(rest),
        _ => path.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_leading_tilde_is_the_home_folder() {
        let home = ::dirs::home_dir().expect("a home folder in tests");
        assert_eq!(expand_home(Path::new("~/a/b")), home.join("a/b"));
        assert_eq!(expand_home(Path::new("a/~/b")), PathBuf::from("a/~/b"));
        assert_eq!(expand_home(Path::new("/x")), PathBuf::from("/x"));
    }
}
