//! `articleizer batch`: the command line over [`articleizer::batch`].

mod ask;
mod context;
mod editors;
mod pending;
mod status;
mod via_batch;

use crate::cli::{BatchAction, BatchArgs};
use crate::setup::Loaded;
use anyhow::{bail, Context, Result};
use articleizer::batch::reanalysis::{self, Reanalysis};
use articleizer::batch::{self, Local, ReadPost, Selection};
use articleizer::editor::KeyRing;
use articleizer::instructions::Instructions;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use pending::{Pending, Question, Reanalyze};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

/// How long `--diff` looks for the smallest patch of one post. Myers'
/// search costs time in the lines times the changes: a post whose every
/// line changed took minutes at 1 MB. Past this it approximates: the
/// patch stays exact (`git apply` takes it), only its hunks are coarser.
const DIFF_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(1);

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
    /// Posts whose answer a batch job has not given yet, and the job.
    waiting: Vec<(PathBuf, String)>,
    contexts: context::Counts,
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

    fn wait_for(&mut self, path: &Path, job: String) {
        self.waiting.push((path.to_path_buf(), job));
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
            let diff = similar::TextDiff::configure()
                .timeout(DIFF_TIMEOUT)
                .diff_lines(&read.original, &text);
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
        let contexts = &self.contexts;
        if contexts.asked + contexts.current + contexts.kept > 0 {
            let verb = if self.write { "written" } else { "to write" };
            let kept = if contexts.kept > 0 {
                format!(
                    ", {} kept (another tool's; --force replaces them)",
                    contexts.kept
                )
            } else {
                String::new()
            };
            eprintln!(
                "articleizer batch: context files: {} {verb}, {} current{kept}",
                contexts.written, contexts.current
            );
        }
        if !self.waiting.is_empty() {
            eprintln!(
                "articleizer batch: {} post{} waiting for batch jobs; `articleizer batch status` shows them, and the same command with --resume applies their answers once they are done",
                self.waiting.len(),
                if self.waiting.len() == 1 { "" } else { "s" }
            );
        }
        for (path, job) in &self.waiting {
            eprintln!(
                "  waiting {}: {}",
                path.display(),
                utils::terminal::printable(job)
            );
        }
        for (path, reason) in &self.skipped {
            eprintln!(
                "  skipped {}: {}",
                path.display(),
                utils::terminal::printable(reason)
            );
        }
        for (path, reason) in &self.failed {
            eprintln!(
                "  failed  {}: {}",
                path.display(),
                utils::terminal::printable(reason)
            );
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
    if let Some(BatchAction::Status(status)) = &args.action {
        return status::run(status, loaded);
    }
    let asks = args.reanalyze || args.contextualize;
    let chosen = args.rewrap || args.repair_fences || asks;
    if !chosen && !crate::setup::quiet() {
        eprintln!("articleizer batch: no operation chosen (--rewrap, --repair-fences, --reanalyze, --contextualize): checking that every post parses and re-emits unchanged");
    }
    Reanalysis::check_fields(&args.frontmatter, args.allow_permalink_change)
        .map_err(anyhow::Error::msg)?;
    let selection = Selection {
        since: args.since,
        until: args.until,
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
        waiting: Vec::new(),
        contexts: context::Counts::default(),
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
    let mut ready = Vec::with_capacity(if asks { paths.len() } else { 0 });
    for path in &paths {
        match batch::read_post(path) {
            Ok(mut read) => {
                let notes = batch::apply_local(&mut read.post, &local, &repairer);
                if asks {
                    ready.push((read, notes));
                } else {
                    // Done with at once: a blog's posts are never all held.
                    run.finish(&read, &notes, None);
                }
            }
            Err(skip) => run.skip(path, skip.to_string()),
        }
    }
    if !asks {
        return Ok(run.summary(paths.len(), None));
    }
    let ring = editors::ring(&args, loaded)?;
    let (stopped_by, ring) = if args.contextualize {
        let pending = context::needing_calls(ready, args.force, &mut run);
        let (pending, ring) = match through_jobs(pending, &args, ring, loaded, &mut run)? {
            Next::Ask(pending, ring) => (pending, ring),
            Next::Stop(code) => return Ok(run.summary(paths.len(), code)),
        };
        (
            context::contextualize(pending, &args, ring.clone(), &mut run)?,
            ring,
        )
    } else {
        let editor = ring.editor().context("no editor")?;
        let pending = ready
            .into_iter()
            .map(|(read, notes)| Pending::reanalyze(read, notes, editor))
            .collect::<Result<Vec<_>>>()?;
        let (pending, ring) = match through_jobs(pending, &args, ring, loaded, &mut run)? {
            Next::Ask(pending, ring) => (pending, ring),
            Next::Stop(code) => return Ok(run.summary(paths.len(), code)),
        };
        let how = Reanalysis {
            fields: args.frontmatter.clone(),
            allow_permalink_change: args.allow_permalink_change,
            template: loaded.post_template(args.post_template.as_ref())?,
            target,
        };
        (
            reanalyze(pending, &args, ring.clone(), &how, &mut run)?,
            ring,
        )
    };
    editors::report_keys(&ring);
    Ok(run.summary(paths.len(), stopped_by))
}

/// With `--via-batch` or `--resume`, the posts' questions go through the
/// provider's batch jobs first: what the jobs answered is in the cache,
/// so the run goes on with a cache-only key ring and the answered posts.
fn through_jobs<Q: Question>(
    pending: Vec<Pending<Q>>,
    args: &BatchArgs,
    ring: KeyRing,
    loaded: &Loaded,
    run: &mut Run,
) -> Result<Next<Q>> {
    if !(args.via_batch || args.resume) {
        return Ok(Next::Ask(pending, Arc::new(ring)));
    }
    let prices = loaded.settings.prices.as_ref();
    Ok(
        match via_batch::prepare(pending, args, &ring, prices, run)? {
            via_batch::Prepared::Apply(answered) => {
                Next::Ask(answered, Arc::new(editors::cache_only(ring)))
            }
            via_batch::Prepared::Stop(code) => Next::Stop(code),
        },
    )
}

/// What a run does after [`through_jobs`].
enum Next<Q> {
    /// Ask (or take from the cache) these posts' answers with this ring.
    Ask(Vec<Pending<Q>>, Arc<KeyRing>),
    /// Stop with this exit status (`--estimate`, jobs still running).
    Stop(Option<u8>),
}

/// Asks for every post's instructions, `--jobs` at a time, and finishes
/// each post as its answer comes. A refused key or an exhausted quota
/// stops the calls not yet made; returns that error's exit status.
fn reanalyze(
    pending: Vec<Pending<Reanalyze>>,
    args: &BatchArgs,
    ring: Arc<KeyRing>,
    how: &Reanalysis,
    run: &mut Run,
) -> Result<Option<u8>> {
    let (mut posts, questions): (Vec<_>, Vec<_>) = pending
        .into_iter()
        .map(|one| {
            let (post, question) = one.split();
            (Some(post), question)
        })
        .unzip();
    ask::ask_each(
        questions,
        usize::from(args.jobs),
        |Reanalyze { article, prompt }| -> ask::Call<Instructions> {
            let ring = ring.clone();
            Box::pin(async move {
                ring.obtain_prompted(&article, &prompt)
                    .await
                    .map(|a| a.instructions)
            })
        },
        |index, answer| {
            let Some((mut read, mut notes)) = posts.get_mut(index).and_then(Option::take) else {
                return;
            };
            match answer {
                None => run.fail(
                    &read.path,
                    "not attempted: the provider stopped the run".into(),
                ),
                Some(Err(error)) => run.fail(&read.path, error.to_string()),
                Some(Ok(instructions)) => {
                    apply_answer(&mut read, &mut notes, &instructions, how, run);
                }
            }
        },
    )
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
