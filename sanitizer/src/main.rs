//! `sanitizer`: clean a raw AI chat transcript. Reads files or stdin, writes
//! stdout (or the files, with `--in-place`), reports on stderr.

use anyhow::{bail, Context, Result};
use clap::{Parser, ValueEnum};
use sanitizer::{load_secrets_files, Options, Sanitizer, DEFAULT_SECRETS_FILES};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use utils::dirs::find_config;
use utils::fs::{write_atomic, write_atomic_with, WriteOptions};
use utils::input::{decode, read_bytes, InputError, StdoutStream};

/// Clean a raw AI chat transcript for publishing.
///
/// Redacts secrets and IP addresses, repairs broken and nested code fences,
/// normalizes speaker labels (`**Claude**: ...`), removes chat-UI debris
/// ("Copy code"), and tidies white space outside code. Reads FILE (or stdin
/// when no FILE or `-`), writes the result to stdout and a one-line summary
/// of the changes to stderr. Running it twice changes nothing the second time.
///
/// Settings come from --config, else $ARTICLEIZER_CONFIG, else ./config.toml,
/// else ~/.config/articleizer/config.toml (table [sanitizer]); flags win.
///
/// Exit status: 0 done; 1 --check found a file that would change;
/// 2 bad usage, unreadable or invalid input, or a bad configuration.
#[derive(Parser, Debug)]
#[command(
    name = "sanitizer",
    version,
    after_help = "Examples:\n  pbpaste | sanitizer | articleizer\n  sanitizer draft.md > clean.md\n  sanitizer --in-place draft.md\n  sanitizer --check posts/*.md      # exit 1 if anything would change"
)]
struct Cli {
    /// Files to read; none or `-` reads stdin.
    files: Vec<PathBuf>,

    /// Rewrite each FILE in place (through a temporary file and a rename;
    /// files that need no change are not touched).
    #[arg(short = 'i', long, conflicts_with_all = ["check", "output"])]
    in_place: bool,

    /// Change nothing; list the files that would change and exit 1 if any would.
    #[arg(long, conflicts_with = "output")]
    check: bool,

    /// Write the result to this file instead of stdout (refuses to replace
    /// an existing file unless --force).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Allow --output to replace an existing file; with --in-place, rewrite
    /// a file that has other hard links (refused without it: only the
    /// name given gets the new text, the other links keep the old).
    #[arg(long)]
    force: bool,

    /// A secrets file whose values are redacted wherever they appear: Nix
    /// (`name = "value";`) or .env (`NAME=value`). Repeatable; adds to the
    /// configuration's `secrets_files`.
    #[arg(long = "secrets", value_name = "FILE")]
    secrets_files: Vec<PathBuf>,

    /// Configuration file (TOML with a [sanitizer] table).
    #[arg(short, long, value_name = "FILE")]
    config: Option<PathBuf>,

    /// The name the author's own turns (`Me:`) are written with.
    #[arg(long, value_name = "NAME")]
    author: Option<String>,

    /// How to print the report of changes on stderr.
    #[arg(long, value_enum, default_value_t = ReportFormat::Summary)]
    report: ReportFormat,

    /// Print no report.
    #[arg(short, long, conflicts_with = "verbose")]
    quiet: bool,

    /// Say which secrets files were read and how many values each gave
    /// (never the values).
    #[arg(short, long)]
    verbose: bool,

    /// Replace invalid UTF-8 with U+FFFD instead of refusing the input.
    #[arg(long)]
    lossy: bool,

    /// Skip text hygiene (line endings, odd spaces, trailing spaces, blank runs).
    #[arg(long)]
    no_hygiene: bool,
    /// Skip speaker-label normalization.
    #[arg(long)]
    no_speakers: bool,
    /// Skip chat-UI debris removal.
    #[arg(long)]
    no_debris: bool,
    /// Skip code-fence repair.
    #[arg(long)]
    no_fences: bool,
    /// Skip recovering what chat UIs lose on copy (code fences from a
    /// language and a "Copy code" line or around a paragraph of code, `•`
    /// bullets).
    #[arg(long)]
    no_recover: bool,
    /// Skip secret redaction (credentials and secrets-file values).
    #[arg(long)]
    no_secrets: bool,
    /// Skip IP address redaction.
    #[arg(long)]
    no_ips: bool,
    /// Also normalize speakers and remove debris in files with Jekyll front matter.
    #[arg(long)]
    speakers_in_posts: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
enum ReportFormat {
    /// One short line of counts by kind.
    Summary,
    /// The full report as JSON (counts and fence repairs with line numbers).
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("sanitizer: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: &Cli) -> Result<ExitCode> {
    let options = options(cli)?;
    let sanitizer = Sanitizer::new(&options)?;
    let stdin_only = cli.files.is_empty() || cli.files.iter().all(|f| f.as_os_str() == "-");
    if !cli.in_place && !cli.check && cli.files.len() > 1 {
        bail!("several files need --in-place or --check (or give one file and redirect stdout)");
    }
    if cli.in_place && stdin_only {
        bail!("--in-place needs at least one FILE");
    }
    if cli.force && cli.output.is_none() && !cli.in_place {
        bail!("--force goes with --output or --in-place");
    }
    if cli.in_place && !cli.force {
        // A rewrite replaces the name given: every other hard link would
        // keep the old text, and with it any secret the run redacts.
        if let Some((path, links)) = cli.files.iter().find_map(|f| shared(f).map(|n| (f, n))) {
            bail!(
                "{} has {links} hard links: --in-place would give only this name the new text and the other {} would keep the old one (with any secret in it); nothing written. Sanitize the other links too, or pass --force to rewrite this name anyway",
                path.display(),
                links - 1
            );
        }
    }
    let mut would_change = false;
    let sources: Vec<Option<&Path>> = if stdin_only {
        vec![None]
    } else {
        cli.files.iter().map(|f| Some(f.as_path())).collect()
    };
    for source in sources {
        let name = source.map_or_else(|| "stdin".to_string(), |p| p.display().to_string());
        let bytes = read_bytes(source).with_context(|| format!("cannot read {name}"))?;
        let text = decode(bytes, cli.lossy)
            .map_err(|err| match err {
                InputError::InvalidUtf8 { .. } => {
                    anyhow::anyhow!("{err} (use --lossy to replace invalid bytes)")
                }
                InputError::Binary { .. } => err.into(),
            })
            .with_context(|| name.clone())?;
        if !cli.check && !cli.in_place {
            // Written as it is made (to stdout, or to --output's temp
            // file): the text is never held whole.
            let report_made = match cli.output.as_deref() {
                Some(path) => write_streamed(&sanitizer, text, path, cli.force)
                    .with_context(|| format!("cannot write {}", path.display()))?,
                None => {
                    let mut stdout = StdoutStream::new();
                    let written = sanitizer
                        .sanitize_to(text, &mut stdout)
                        .and_then(|report| stdout.finish().map(|()| report));
                    written.context("cannot write to stdout")?
                }
            };
            report(cli, "", &report_made);
            continue;
        }
        let result = sanitizer.sanitize(&text);
        let changed = result.text != text;
        if cli.in_place {
            if changed {
                let path = source.context("in-place needs a file")?;
                let links = shared(path);
                write(path, result.text.as_bytes(), true)
                    .with_context(|| format!("cannot write {name}"))?;
                if let Some(links) = links {
                    eprintln!(
                        "sanitizer: warning: {name} had {links} hard links: only this name has the new text; the other {} still hold the old one",
                        links - 1
                    );
                }
            }
            report(cli, &format!("{name}: "), &result.report);
        } else if changed {
            would_change = true;
            report(cli, &format!("{name}: would change: "), &result.report);
        }
    }
    Ok(if would_change {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// How many hard links the file `path` names has, when more than one.
fn shared(path: &Path) -> Option<u64> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path)
            .ok()
            .map(|m| m.nlink())
            .filter(|&n| n > 1)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// The options: configuration file, then flags.
fn options(cli: &Cli) -> Result<Options> {
    let mut options = match find_config(cli.config.as_deref()) {
        Some(path) => {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read config {}", path.display()))?;
            let options = Options::from_config(&text)
                .with_context(|| format!("config {}", path.display()))?;
            // A `config.toml` found in the working directory may be a
            // cloned repository's: it may not redact less unless the user
            // named it or trusted it (the articleizer's trust record).
            let named = cli.config.is_some() || std::env::var_os("ARTICLEIZER_CONFIG").is_some();
            let trusted =
                named || utils::trust::is_users_own(&path) || utils::trust::is_trusted(&path);
            if let (false, Some(what)) = (trusted, options.redacts_less()) {
                anyhow::bail!(
                    "config {}: an untrusted project configuration may not {what}; if the file is yours, trust it with `articleizer config trust {}`, or pass the flag yourself (nothing was read or written)",
                    path.display(),
                    path.display()
                );
            }
            options
        }
        None => Options::default(),
    };
    if let Some(author) = &cli.author {
        options.speaker.author = author.clone();
    }
    options.hygiene &= !cli.no_hygiene;
    options.speakers &= !cli.no_speakers;
    options.debris &= !cli.no_debris;
    options.fences &= !cli.no_fences;
    options.recover &= !cli.no_recover;
    options.secrets &= !cli.no_secrets;
    options.ips &= !cli.no_ips;
    options.transcript_passes_in_posts |= cli.speakers_in_posts;
    // The default secrets files are read when they exist; the ones the
    // configuration or the command line names must exist.
    let named: Vec<PathBuf> = options
        .secrets_files
        .iter()
        .chain(&cli.secrets_files)
        .cloned()
        .collect();
    for loaded in load_secrets_files(DEFAULT_SECRETS_FILES, &named)? {
        let path = loaded.path.display();
        let Some(file) = loaded.file else {
            if cli.verbose {
                eprintln!("sanitizer: secrets file {path}: not there");
            }
            continue;
        };
        for line in &file.skipped {
            eprintln!(
                "sanitizer: warning: secrets file {path} line {line}: not a `name = \"value\";` or `NAME=value` line; skipped"
            );
        }
        if cli.verbose {
            let count = file.secrets.len();
            let plural = if count == 1 { "" } else { "s" };
            eprintln!("sanitizer: secrets file {path}: {count} value{plural}");
        }
        options.known_secrets.extend(file.secrets);
    }
    Ok(options)
}

/// Writes `bytes` to `path` atomically (where a symbolic link points);
/// over an existing file only with `replace`.
fn write(path: &Path, bytes: &[u8], replace: bool) -> Result<()> {
    let written = write_atomic(
        path,
        bytes,
        &WriteOptions::new(".sanitizer-").replace(replace),
    );
    already_exists_says_force(written.map(drop))
}

/// Sanitizes `text` into `path` through a temp file, the output written
/// as it is made; returns the report.
fn write_streamed(
    sanitizer: &Sanitizer,
    text: String,
    path: &Path,
    replace: bool,
) -> Result<sanitizer::Report> {
    let mut made = None;
    let options = WriteOptions::new(".sanitizer-").replace(replace);
    let written = write_atomic_with(path, &options, |file| {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
        made = Some(sanitizer.sanitize_to(text, &mut out)?);
        std::io::Write::flush(&mut out)
    });
    already_exists_says_force(written.map(drop))?;
    made.context("the output was not written")
}

/// An existing file not to be replaced, said as what to do about it.
fn already_exists_says_force(written: std::io::Result<()>) -> Result<()> {
    match written {
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {
            bail!("it already exists (use --force to replace it)")
        }
        other => other.map_err(Into::into),
    }
}

fn report(cli: &Cli, prefix: &str, report: &sanitizer::Report) {
    if cli.quiet {
        return;
    }
    match cli.report {
        ReportFormat::Json => eprintln!("{}", report.to_json()),
        ReportFormat::Summary => {
            let summary = report.summary();
            if std::io::stderr().is_terminal() {
                eprintln!("\x1b[2m{prefix}{summary}\x1b[0m");
            } else {
                eprintln!("{prefix}{summary}");
            }
        }
    }
}
