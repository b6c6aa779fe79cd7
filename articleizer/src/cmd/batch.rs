//! `articleizer batch`: the command line over [`articleizer::batch`].

use crate::cli::BatchArgs;
use crate::setup::{editor::editor, Loaded};
use anyhow::{bail, Context, Result};
use articleizer::batch::reanalysis::{self, Reanalysis};
use articleizer::batch::{self, Local, ReadPost, Selection};
use articleizer::editor::EditorError;
use articleizer::instructions::Instructions;
use articleizer::throttle::Throttle;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

fn date(arg: Option<&str>, flag: &str) -> Result<Option<chrono::NaiveDate>> {
    arg.map(|text| {
        chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .with_context(|| format!("{flag} {text:?} is not a date like 2025-01-31"))
    })
    .transpose()
}

/// Counts, reasons and output of one batch run.
struct Run {
    write: bool,
    diff: bool,
    verbose: bool,
    bar: ProgressBar,
    changed: usize,
    unchanged: usize,
    skipped: Vec<(PathBuf, String)>,
    failed: Vec<(PathBuf, String)>,
}

impl Run {
    /// Writes to stdout; a reader that went away (`| head`) must not stop
    /// the run half-way, so write errors are ignored.
    fn out(&self, text: &str) {
        use std::io::Write;
        self.bar.suspend(|| {
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
        });
    }

    /// A status line: on stdout, or with `--diff` on stderr, so that
    /// stdout is a patch `git apply` takes as it is.
    fn line(&self, text: String) {
        if self.diff {
            self.bar.suspend(|| eprintln!("{text}"));
        } else {
            self.out(&format!("{text}\n"));
        }
    }

    fn skip(&mut self, path: &Path, reason: String) {
        self.skipped.push((path.to_path_buf(), reason));
        self.bar.inc(1);
    }

    fn fail(&mut self, path: &Path, reason: String) {
        self.failed.push((path.to_path_buf(), reason));
        self.bar.inc(1);
    }

    /// Reports, and with --write applies, one post's new text.
    fn finish(&mut self, read: &ReadPost, notes: &[String], rename: Option<String>) {
        let text = read.post.emit();
        let path = &read.path;
        self.bar.set_message(
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        );
        if text == read.original && rename.is_none() {
            self.unchanged += 1;
            if self.verbose {
                self.line(format!("unchanged     {}", path.display()));
            }
            self.bar.inc(1);
            return;
        }
        let new_path = rename
            .as_ref()
            .map(|name| path.with_file_name(name))
            .unwrap_or_else(|| path.clone());
        if self.diff {
            let diff = similar::TextDiff::from_lines(&read.original, &text);
            let patch = diff
                .unified_diff()
                .context_radius(3)
                .header(
                    &format!("a/{}", path.display()),
                    &format!("b/{}", new_path.display()),
                )
                .to_string();
            self.out(&patch);
        }
        let what = if notes.is_empty() {
            String::new()
        } else {
            format!(" ({})", notes.join(", "))
        };
        let moved = if new_path == *path {
            String::new()
        } else {
            format!(" -> {}", new_path.display())
        };
        if !self.write {
            self.line(format!("would change  {}{moved}{what}", path.display()));
            self.changed += 1;
            self.bar.inc(1);
            return;
        }
        let result = match &rename {
            Some(name) => {
                articleizer::write::rename_post(path, name, &read.original, &text).map(|_| ())
            }
            None => articleizer::write::replace(path, &read.original, &text),
        };
        match result {
            Ok(()) => {
                self.changed += 1;
                self.line(format!("changed       {}{moved}{what}", path.display()));
                self.bar.inc(1);
            }
            Err(err) => self.fail(path, err.to_string()),
        }
    }

    /// The summary on stderr, and the exit status.
    fn summary(&self, total: usize, stopped_by: Option<u8>) -> ExitCode {
        self.bar.finish_and_clear();
        let changed = if self.write {
            "changed"
        } else {
            "would change"
        };
        eprintln!(
            "articleizer batch: {total} post{}: {} {changed}, {} unchanged, {} skipped, {} failed{}",
            if total == 1 { "" } else { "s" },
            self.changed,
            self.unchanged,
            self.skipped.len(),
            self.failed.len(),
            if self.write || self.changed == 0 {
                ""
            } else {
                " (dry run: nothing written; --write applies)"
            }
        );
        for (path, reason) in &self.skipped {
            eprintln!("  skipped {}: {reason}", path.display());
        }
        for (path, reason) in &self.failed {
            eprintln!("  failed  {}: {reason}", path.display());
        }
        match (stopped_by, self.failed.is_empty()) {
            (Some(code), _) => ExitCode::from(code),
            (None, true) => ExitCode::SUCCESS,
            (None, false) => ExitCode::from(1),
        }
    }
}

/// Runs `articleizer batch`.
pub fn run(args: BatchArgs, loaded: &Loaded) -> Result<ExitCode> {
    let chosen = args.rewrap || args.repair_fences || args.reanalyze;
    if !chosen && !crate::setup::quiet() {
        eprintln!("articleizer batch: no operation chosen (--rewrap, --repair-fences, --reanalyze): checking that every post parses and re-emits unchanged");
    }
    Reanalysis::check_fields(&args.frontmatter, args.allow_permalink_change)
        .map_err(anyhow::Error::msg)?;
    let selection = Selection {
        since: date(args.since.as_deref(), "--since")?,
        until: date(args.until.as_deref(), "--until")?,
        pattern: args.pattern.as_deref().map(Selection::glob).transpose()?,
    };
    let paths = batch::select(&args.paths, &selection)?;
    if paths.is_empty() {
        bail!(
            "no posts found (Markdown files under the paths given, after --since/--until/--match)"
        );
    }
    let target = loaded.target(args.target.as_deref())?;
    let local = Local {
        rewrap: args.rewrap,
        repair_fences: args.repair_fences,
        live_tags: target.live_tags.clone(),
    };
    let bar = if std::io::stderr().is_terminal() {
        ProgressBar::with_draw_target(Some(paths.len() as u64), ProgressDrawTarget::stderr())
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} {elapsed} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let mut run = Run {
        write: args.write,
        diff: args.diff,
        verbose: args.provider.verbose,
        bar,
        changed: 0,
        unchanged: 0,
        skipped: Vec::new(),
        failed: Vec::new(),
    };
    // A writing run holds the lock of every folder it writes to, from
    // before it reads the posts until it is done: a second run waits and
    // then reads what the first wrote, so both changes are kept. Taking the
    // lock also clears temp files a killed run left.
    let mut _locks = Vec::new();
    if args.write {
        let mut dirs: Vec<&Path> = paths.iter().filter_map(|p| p.parent()).collect();
        dirs.sort();
        dirs.dedup();
        for dir in dirs {
            _locks.push(articleizer::write::FolderLock::acquire(dir, !args.no_wait)?);
        }
    }
    let repairer = batch::fence_repairer();
    let mut ready = Vec::with_capacity(paths.len());
    for path in &paths {
        match batch::read_post(path) {
            Ok(mut read) => {
                let notes = batch::apply_local(&mut read.post, &local, &repairer);
                ready.push((read, notes));
            }
            Err(skip) => run.skip(path, skip.to_string()),
        }
    }
    let mut stopped_by = None;
    if args.reanalyze {
        let how = Reanalysis {
            fields: args.frontmatter.clone(),
            allow_permalink_change: args.allow_permalink_change,
            template: loaded.post_template(args.post_template.as_ref())?,
            target,
        };
        stopped_by = reanalyze(ready, &args, loaded, &how, &mut run)?;
    } else {
        for (read, notes) in ready {
            run.finish(&read, &notes, None);
        }
    }
    Ok(run.summary(paths.len(), stopped_by))
}

/// Asks for every post's instructions, `--jobs` at a time, and finishes
/// each post as its answer comes. A refused key or an exhausted quota
/// stops the calls not yet made; returns that error's exit status.
fn reanalyze(
    ready: Vec<(ReadPost, Vec<String>)>,
    args: &BatchArgs,
    loaded: &Loaded,
    how: &Reanalysis,
    run: &mut Run,
) -> Result<Option<u8>> {
    let mut editor = editor(&args.provider, loaded)?;
    // Reanalysis replaces curated titles, descriptions and analyses: the
    // offline editor does it only when asked for by name.
    let offline_asked = args.provider.provider.as_deref() == Some("offline")
        || loaded.settings.provider.as_deref() == Some("offline");
    match &editor.provider {
        None if !offline_asked => anyhow::bail!(
            "batch --reanalyze needs an editor: set GEMINI_API_KEY (or OPENAI_API_KEY, ANTHROPIC_API_KEY), use --key NAME, or say --provider offline to replace the posts' analyses with offline drafts"
        ),
        _ if crate::setup::quiet() => {}
        None => eprintln!("articleizer batch: editor: the offline editor (--provider offline)"),
        Some(provider) => eprintln!(
            "articleizer batch: editor: {} ({})",
            provider.name(),
            provider.model()
        ),
    }
    editor.verbose = false;
    editor.throttle = Some(Arc::new(Throttle::new(usize::from(args.jobs), args.rpm)));
    let editor = Arc::new(editor);
    let slots = Arc::new(tokio::sync::Semaphore::new(usize::from(args.jobs)));
    let stop = Arc::new(AtomicBool::new(false));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let mut posts: Vec<Option<(ReadPost, Vec<String>)>> = Vec::with_capacity(ready.len());
    let mut stopped_by = None;
    runtime.block_on(async {
        let mut tasks = tokio::task::JoinSet::new();
        for (index, (read, notes)) in ready.into_iter().enumerate() {
            let article = reanalysis::article(&read.post);
            posts.push(Some((read, notes)));
            let (editor, slots, stop) = (editor.clone(), slots.clone(), stop.clone());
            tasks.spawn(async move {
                let _slot = slots.acquire_owned().await.ok();
                if stop.load(Ordering::SeqCst) {
                    return (index, None);
                }
                let answer = editor.obtain(&article).await;
                if answer.as_ref().err().and_then(stops_the_run).is_some() {
                    stop.store(true, Ordering::SeqCst);
                }
                (index, Some(answer.map(|answer| answer.instructions)))
            });
        }
        while let Some(joined) = tasks.join_next().await {
            let Ok((index, answer)) = joined else {
                continue;
            };
            let Some((mut read, mut notes)) = posts.get_mut(index).and_then(Option::take) else {
                continue;
            };
            match answer {
                None => run.fail(
                    &read.path,
                    "not attempted: the provider stopped the run".into(),
                ),
                Some(Err(error)) => {
                    stopped_by = stopped_by.or(stops_the_run(&error));
                    run.fail(&read.path, error.to_string());
                }
                Some(Ok(instructions)) => {
                    apply_answer(&mut read, &mut notes, &instructions, how, run);
                }
            }
        }
    });
    Ok(stopped_by)
}

/// The exit status of an error that no later call can escape (a refused
/// key, 77; a quota exhausted for the day, 75), which stops the run.
fn stops_the_run(error: &EditorError) -> Option<u8> {
    match error {
        EditorError::Provider(error) => Some(error.exit_code()).filter(|c| matches!(c, 75 | 77)),
        _ => None,
    }
}

fn apply_answer(
    read: &mut ReadPost,
    notes: &mut Vec<String>,
    instructions: &Instructions,
    how: &Reanalysis,
    run: &mut Run,
) {
    let file_name = read
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match reanalysis::apply(&mut read.post, &file_name, instructions, how) {
        Ok(rename) => {
            notes.push("reanalyzed".into());
            let rename = rename.filter(|name| *name != file_name);
            run.finish(read, notes, rename);
        }
        Err(err) => run.fail(&read.path, err.to_string()),
    }
}
