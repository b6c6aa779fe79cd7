//! The command line as clap is given it. `articleizer -q instructions`
//! means the `instructions` command, quietly; but clap, told that the
//! top-level arguments (the article, `--dry-run`...) and the subcommands
//! exclude each other, counts a global option written first as such an
//! argument, and reads `instructions` as the article's file name. Global
//! options written before a subcommand are moved after it, where clap
//! reads them the same way.

use std::ffi::{OsStr, OsString};

/// How many words the global option starting at `word` takes, if it is
/// one: `-q`, `--quiet`, `--config=FILE` and `-cFILE` one; `-c FILE` and
/// `--config FILE` two.
fn global_option(word: &OsStr) -> Option<usize> {
    let word = word.to_str()?;
    match word {
        "-q" | "--quiet" => Some(1),
        "-c" | "--config" => Some(2),
        _ if word.starts_with("--config=") => Some(1),
        _ if word.starts_with("-c") && word.len() > 2 && !word.starts_with("--") => Some(1),
        _ => None,
    }
}

/// `args` (the program first) with the global options that come before a
/// subcommand named in `subcommands` moved right after it; any other
/// command line as it is.
pub fn globals_after_subcommand(args: Vec<OsString>, subcommands: &[String]) -> Vec<OsString> {
    let mut at = 1;
    while let Some(width) = args.get(at).and_then(|word| global_option(word)) {
        at += width;
    }
    let names_subcommand = args
        .get(at)
        .and_then(|word| word.to_str())
        .is_some_and(|word| subcommands.iter().any(|name| name == word));
    if at == 1 || at >= args.len() || !names_subcommand {
        return args;
    }
    let mut moved = Vec::with_capacity(args.len());
    moved.push(args[0].clone());
    moved.push(args[at].clone());
    moved.extend_from_slice(&args[1..at]);
    moved.extend_from_slice(&args[at + 1..]);
    moved
}

#[cfg(test)]
mod tests {
    use super::*;

    fn moved(line: &[&str]) -> Vec<String> {
        let subcommands = ["instructions".to_string(), "batch".to_string()];
        globals_after_subcommand(line.iter().map(OsString::from).collect(), &subcommands)
            .into_iter()
            .map(|w| w.into_string().expect("utf-8"))
            .collect()
    }

    #[test]
    fn globals_before_a_subcommand_go_after_it() {
        assert_eq!(
            moved(&["a", "-q", "instructions", "x.md"]),
            ["a", "instructions", "-q", "x.md"]
        );
        assert_eq!(
            moved(&["a", "-c", "c.toml", "--quiet", "batch", "p", "--rewrap"]),
            ["a", "batch", "-c", "c.toml", "--quiet", "p", "--rewrap"]
        );
        assert_eq!(
            moved(&["a", "--config=c.toml", "-cd.toml", "batch"]),
            ["a", "batch", "--config=c.toml", "-cd.toml"]
        );
    }

    #[test]
    fn anything_else_is_left_as_written() {
        for line in [
            &["a", "-q", "draft.md"][..],
            &["a", "instructions", "-q"],
            &["a", "--dry-run", "instructions"],
            &["a", "-q"],
            &["a", "-c", "instructions"],
            &["a"],
        ] {
            assert_eq!(moved(line), line, "{line:?}");
        }
    }
}
