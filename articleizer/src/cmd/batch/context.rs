//! `batch --contextualize`: each post's context file,
//! `_context/<stem>.json` beside it ([`articleizer::context`]), asked of
//! the editor for the posts whose file is missing or out of date.

use super::ask::{self, Call};
use super::pending::{Contextualize, Pending};
use super::Run;
use crate::cli::BatchArgs;
use anyhow::Result;
use articleizer::batch::ReadPost;
use articleizer::context::{self, Shard, Source};
use articleizer::editor::KeyRing;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

/// Context files asked for, written (or to write), already current, and
/// kept (another tool's).
#[derive(Debug, Default)]
pub struct Counts {
    pub asked: usize,
    pub written: usize,
    pub current: usize,
    pub kept: usize,
}

/// The posts whose context file is to be made. A post whose file is
/// current (made from the same prompt), or was written by another tool
/// (the predecessor's, paid for already), is finished at once, unless
/// `force`.
pub fn needing_calls(
    ready: Vec<(ReadPost, Vec<String>)>,
    force: bool,
    run: &mut Run,
) -> Vec<Pending<Contextualize>> {
    let mut recorded: BTreeMap<PathBuf, BTreeMap<String, String>> = BTreeMap::new();
    let mut needing = Vec::with_capacity(ready.len());
    for (read, notes) in ready {
        let pending = Pending::contextualize(read, notes);
        let source = &pending.question.source;
        let dir = context::dir_of(&pending.read.path);
        let digests = recorded
            .entry(dir.clone())
            .or_insert_with(|| context::digests(&dir));
        if !force && context::is_current(&dir, source, digests) {
            run.contexts.current += 1;
            run.finish(&pending.read, &pending.notes, None);
        } else if !force && context::is_foreign(&dir, source, digests) {
            run.contexts.kept += 1;
            run.line(format!(
                "kept          {} (not written by articleizer; --force replaces it)",
                dir.join(format!("{}.json", source.stem)).display()
            ));
            run.finish(&pending.read, &pending.notes, None);
        } else {
            needing.push(pending);
        }
    }
    needing
}

/// Asks for every post's context, `--jobs` at a time, and writes each
/// file (with `--write`) as its answer comes.
pub fn contextualize(
    pending: Vec<Pending<Contextualize>>,
    args: &BatchArgs,
    ring: Arc<KeyRing>,
    run: &mut Run,
) -> Result<Option<u8>> {
    let offline = ring.editor().is_some_and(|e| e.provider.is_none());
    let (mut posts, questions): (Vec<_>, Vec<_>) = pending
        .into_iter()
        .map(|one| {
            let ((read, notes), question) = one.split();
            let post = Some((read, notes, question.source.clone()));
            (post, (question.source, question.prompt))
        })
        .unzip();
    run.contexts.asked += questions.len();
    let mut written = BTreeSet::new();
    let stopped_by = ask::ask_each(
        questions,
        usize::from(args.jobs),
        |(source, prompt): (Source, String)| -> Call<Shard> {
            let ring = ring.clone();
            Box::pin(async move {
                if offline {
                    return Ok(context::offline(&source));
                }
                let read = |text: &str| context::read_answer(text, &source);
                let (shard, _) = ring.obtain_json(&prompt, context::schema(), read).await?;
                Ok(shard)
            })
        },
        |index, answer| {
            let Some((read, notes, source)) = posts.get_mut(index).and_then(Option::take) else {
                return;
            };
            let shard = match answer {
                None => {
                    return run.fail(
                        &read.path,
                        "not attempted: the provider stopped the run".into(),
                    )
                }
                Some(Err(error)) => return run.fail(&read.path, error.to_string()),
                Some(Ok(shard)) => shard,
            };
            let dir = context::dir_of(&read.path);
            let file = dir.join(format!("{}.json", shard.id));
            if run.write {
                if let Err(error) = context::write(&dir, &shard, &source.digest()) {
                    return run.fail(
                        &read.path,
                        format!("cannot write {}: {error}", file.display()),
                    );
                }
                run.line(format!("wrote         {}", file.display()));
                written.insert(dir);
            } else {
                run.line(format!("would write   {}", file.display()));
            }
            run.contexts.written += 1;
            run.finish(&read, &notes, None);
        },
    )?;
    for dir in written {
        // The record stays right uncompacted (the latest line wins).
        if let Err(error) = context::compact(&dir) {
            eprintln!(
                "articleizer batch: warning: cannot compact the digests in {}: {error}",
                dir.display()
            );
        }
    }
    Ok(stopped_by)
}
