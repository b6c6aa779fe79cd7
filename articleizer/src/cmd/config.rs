//! `articleizer config` and `articleizer init`: the configuration shown as
//! it is in effect, and a first one written for a new user.

use crate::cli::InitArgs;
use crate::setup::Loaded;
use anyhow::{bail, Context, Result};
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use utils::fs::{write_atomic, WriteOptions};

/// Runs `articleizer config`.
pub fn show(loaded: &Loaded) -> Result<ExitCode> {
    let mut out = String::new();
    for path in &loaded.looked_for {
        let state = match &loaded.source {
            Some(read) if read == path => "read",
            _ if path.is_file() => "found, not read",
            _ => "not there",
        };
        out.push_str(&format!("looked for {}: {state}\n", path.display()));
    }
    if loaded.source.is_none() {
        out.push_str("no configuration file: built-in defaults (`articleizer init` writes one)\n");
    }
    if let (Some(path), crate::setup::Origin::Project { trusted }) = (&loaded.source, loaded.origin)
    {
        out.push_str(&if trusted {
            format!("{}: a project configuration you trusted\n", path.display())
        } else {
            format!(
                "{}: a project configuration, not trusted: a base_url it names gets no key (`articleizer config trust {}`)\n",
                path.display(),
                path.display()
            )
        });
    }
    let s = &loaded.settings;
    let or = |value: Option<String>, default: &str| value.unwrap_or_else(|| default.to_string());
    out.push_str("\n[articleizer] in effect\n");
    let rows = [
        (
            "provider",
            or(
                s.provider.map(|kind| kind.to_string()),
                "the first with a key in the environment, else offline",
            ),
        ),
        ("model", or(s.model.clone(), "the provider's default")),
        ("base_url", or(s.base_url.clone(), "the provider's")),
        (
            "site_url",
            or(s.site_url.clone(), "none (no canonical URL)"),
        ),
        ("permalink_style", or(s.permalink_style.clone(), "/:slug/")),
        ("target", or(s.target.clone(), "posts")),
        (
            "cache_dir",
            or(
                s.resolved_cache_dir().map(|p| p.display().to_string()),
                "none",
            ),
        ),
        ("reask_soft", s.reask_soft.unwrap_or(true).to_string()),
        (
            "post_template",
            or(
                s.post_template.as_ref().map(|p| p.display().to_string()),
                "built in",
            ),
        ),
        (
            "prompt_template",
            or(
                s.prompt_template.as_ref().map(|p| p.display().to_string()),
                "built in",
            ),
        ),
    ];
    for (name, value) in rows {
        out.push_str(&format!("  {name} = {value}\n"));
    }
    out.push_str("\ntargets\n");
    let mut names: Vec<String> = loaded.targets.keys().cloned().collect();
    if !names.iter().any(|n| n == "posts") {
        names.push("posts".into());
    }
    for name in names {
        let target = loaded.target(Some(&name))?;
        out.push_str(&format!(
            "  {name}: {} (base URL {}, permalinks {}, layout {}{})\n",
            target.dir.display(),
            if target.base_url.is_empty() {
                "none"
            } else {
                &target.base_url
            },
            target.permalink_style,
            target.layout,
            if target.jekyll4 { ", Jekyll 4" } else { "" },
        ));
    }
    utils::input::write_stdout(out.as_bytes()).context("cannot write to stdout")?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `articleizer config trust FILE`.
pub fn trust(file: &std::path::Path) -> Result<ExitCode> {
    if !file.is_file() {
        bail!("{} is not a file; nothing trusted", file.display());
    }
    let trusted = articleizer::trust::trust(file)?;
    eprintln!(
        "articleizer: trusted {} as it is now (a change to it undoes this); its base_url gets your keys",
        trusted.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Runs `articleizer init`.
pub fn init(args: &InitArgs) -> Result<ExitCode> {
    let file = utils::dirs::config_dir()
        .map(|dir| dir.join("config.toml"))
        .context("no configuration folder: set HOME or XDG_CONFIG_HOME")?;
    if file.exists() && !args.force {
        bail!(
            "{} exists already; edit it, or pass --force to write a new one",
            file.display()
        );
    }
    // One reader for every question: answers piped in come line by line.
    let mut stdin = std::io::stdin().lock();
    let site_url = value(
        &mut stdin,
        args.site_url.clone(),
        "Site URL (e.g. https://example.org)",
        "--site-url",
    )?;
    let author = value(
        &mut stdin,
        args.author.clone(),
        "Your name in transcripts (e.g. Me)",
        "--author",
    )?;
    let posts = value(
        &mut stdin,
        args.posts.as_ref().map(|p| p.display().to_string()),
        "Posts folder (e.g. ~/blog/_posts)",
        "--posts",
    )?;
    let posts = PathBuf::from(&posts);
    let posts_dir = utils::dirs::expand_home(&posts);
    let permalink_style = args
        .permalink_style
        .clone()
        .unwrap_or_else(|| "/:slug/".into());
    let text = format!(
        "# articleizer and sanitizer: your settings. `articleizer config` shows what\n\
         # is in effect; the project README lists every setting.\n\
         \n\
         [sanitizer.speaker]\n\
         # The name your own turns are written as (`{author}:`).\n\
         author = {author_toml}\n\
         \n\
         [articleizer]\n\
         # The site's base URL: canonical URLs and the tweet's link.\n\
         site_url = {site_toml}\n\
         # How permalinks look; :slug is the post's slug.\n\
         permalink_style = {style_toml}\n\
         # Where posts go unless --target says otherwise.\n\
         target = \"blog\"\n\
         # provider = \"gemini\"           # or openai, anthropic, offline\n\
         # model = \"gemini-flash-latest\"\n\
         \n\
         [targets.blog]\n\
         # The site's posts folder (relative paths are read from this file's folder).\n\
         path = {path_toml}\n",
        author_toml = toml_string(&author),
        site_toml = toml_string(&site_url),
        style_toml = toml_string(&permalink_style),
        path_toml = toml_string(&posts.display().to_string()),
    );
    // Private whatever the umask: the configuration names key files and
    // the folder holds the keys file.
    let options = WriteOptions::new(".config-")
        .replace(args.force)
        .private()
        .create_parent();
    write_atomic(&file, text.as_bytes(), &options)
        .with_context(|| format!("cannot write {}", file.display()))?;
    utils::input::write_stdout(format!("{}\n", file.display()).as_bytes())
        .context("cannot write to stdout")?;
    if !posts_dir.is_dir() {
        eprintln!(
            "articleizer: note: {} does not exist yet; create it (mkdir -p {}) before the first post",
            posts_dir.display(),
            posts_dir.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `given`, else the answer to `question`: typed on a terminal, or the
/// next line of stdin when answers are piped in (in the order asked); an
/// error naming the flag without one.
fn value(
    input: &mut impl BufRead,
    given: Option<String>,
    question: &str,
    flag: &str,
) -> Result<String> {
    if let Some(value) = given.filter(|v| !v.trim().is_empty()) {
        return Ok(value.trim().to_string());
    }
    let terminal = std::io::stdin().is_terminal();
    if terminal {
        eprint!("{question}: ");
        std::io::stderr().flush().ok();
    }
    let mut line = String::new();
    input
        .read_line(&mut line)
        .with_context(|| format!("{question}: cannot read an answer"))?;
    let line = line.trim().to_string();
    if line.is_empty() {
        if terminal {
            bail!("{question}: no answer; nothing written");
        }
        bail!("{question}: not given; pass {flag}, or one answer a line on stdin (site URL, name, posts folder); nothing written");
    }
    Ok(line)
}

/// `text` as a TOML string.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}
