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

/// The configuration files looked for, in order: `explicit` alone if
/// given, else `$ARTICLEIZER_CONFIG` alone if set, else `./config.toml`
/// and `config.toml` in [`config_dir`].
pub fn config_candidates(explicit: Option<&Path>) -> Vec<PathBuf> {
    if let Some(path) = explicit {
        return vec![path.to_path_buf()];
    }
    if let Some(path) = std::env::var_os("ARTICLEIZER_CONFIG") {
        return vec![PathBuf::from(path)];
    }
    let mut candidates = vec![PathBuf::from("config.toml")];
    candidates.extend(config_dir().map(|dir| dir.join("config.toml")));
    candidates
}

/// The configuration file to read: `explicit`, else `$ARTICLEIZER_CONFIG`
/// (both must exist: the caller reports them missing), else the first of
/// [`config_candidates`] that exists; `None` when there is none (built-in
/// defaults apply).
pub fn find_config(explicit: Option<&Path>) -> Option<PathBuf> {
    let candidates = config_candidates(explicit);
    if explicit.is_some() || std::env::var_os("ARTICLEIZER_CONFIG").is_some() {
        return candidates.into_iter().next();
    }
    candidates.into_iter().find(|path| path.is_file())
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
