//! `--via-batch` and `--resume`: the run's editor calls made as batch jobs
//! ([`articleizer::jobs`]). Jobs recorded for these posts are polled and,
//! once ended, their answers cached; posts not answered and in no running
//! job are submitted (after the estimate; never with --resume); the posts
//! whose answers are in the cache go on to be applied as any cached
//! answer is.

use super::pending::{Pending, Question};
use super::Run;
use crate::cli::BatchArgs;
use anyhow::{anyhow, Context, Result};
use articleizer::cache::Cache;
use articleizer::context;
use articleizer::editor::{Editor, KeyRing};
use articleizer::jobs::collect::{self, Ledger, Standing};
use articleizer::jobs::estimate::{self, Estimate};
use articleizer::jobs::store::{Job, Kind, Member, Store};
use articleizer::jobs::{self, Item, Phase};
use articleizer::providers::{Provider, Request, RetryPolicy};
use std::collections::{BTreeMap, HashSet};
use std::time::Duration;

/// Answer tokens of one post's editing instructions, for estimates.
const INSTRUCTIONS_TOKENS: u64 = 2_500;

/// What the run does next.
pub enum Prepared<Q> {
    /// Apply the answers of these posts (all in the cache).
    Apply(Vec<Pending<Q>>),
    /// Stop here (`--estimate`), with this exit status.
    Stop(Option<u8>),
}

/// The shortest wait between polls: a provider's job takes minutes to
/// hours, and faster polling only spends requests (and rate limit).
const POLL_FLOOR: Duration = Duration::from_secs(5);

/// The floor between polls: [`POLL_FLOOR`], or the milliseconds in
/// `ARTICLEIZER_POLL_FLOOR_MS` (for the tests, which cannot wait 5 s a
/// poll; documented in SECURITY.md).
fn poll_floor() -> Duration {
    std::env::var("ARTICLEIZER_POLL_FLOOR_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map_or(POLL_FLOOR, Duration::from_millis)
}

/// The wait between polls: `--poll-secs`, raised to the floor.
fn poll_interval(args: &BatchArgs) -> Duration {
    let asked = Duration::from_secs(args.poll_secs);
    let floor = poll_floor();
    if args.wait && asked < floor {
        say(format_args!(
            "--poll-secs {} is below the floor of {:?}; polling every {:?}",
            args.poll_secs, floor, floor
        ));
    }
    asked.max(floor)
}

/// One post's request.
struct Wanted {
    item: Item,
    post: std::path::PathBuf,
}

fn say(text: std::fmt::Arguments<'_>) {
    if !crate::setup::quiet() {
        eprintln!(
            "articleizer batch: {}",
            utils::terminal::printable(&text.to_string())
        );
    }
}

/// Polls the jobs, submits what is missing, and sorts the posts.
pub fn prepare<Q: Question>(
    ready: Vec<Pending<Q>>,
    args: &BatchArgs,
    ring: &KeyRing,
    prices: Option<&BTreeMap<String, estimate::Price>>,
    run: &mut Run,
) -> Result<Prepared<Q>> {
    let kind = Q::KIND;
    let editor = ring.editor().context("no editor")?;
    let provider = editor
        .provider
        .clone()
        .ok_or_else(|| anyhow!("--via-batch needs a provider"))?;
    let cache = editor
        .cache
        .clone()
        .ok_or_else(|| anyhow!("batch jobs keep their answers in the cache: drop --no-cache"))?;
    let store = Store::beside(cache.dir());
    let mut wanted = Vec::with_capacity(ready.len());
    for one in &ready {
        let prompt = one.question.prompt().to_string();
        wanted.push(Wanted {
            item: Item {
                id: Editor::answer_id(&provider, &prompt),
                request: Request {
                    prompt,
                    schema: one.question.schema(),
                },
            },
            post: one.read.path.clone(),
        });
    }
    let runtime = crate::setup::runtime()?;
    let mut submitted = false;
    let interval = poll_interval(args);
    let deadline = std::time::Instant::now() + args.wait_max;
    let mut gave_up = false;
    let standings = loop {
        // Jobs just submitted are pending: polled only when waiting.
        let jobs = if submitted && !args.wait {
            store.jobs()?
        } else {
            // A poll the server never answers (or answers a byte at a
            // time) is cut at the deadline too, not only the sleeps.
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            let polled = runtime.block_on(async {
                tokio::time::timeout(
                    left,
                    refresh(&provider, &store, &cache, &wanted, &editor.policy),
                )
                .await
            });
            match polled {
                Ok(jobs) => jobs?,
                Err(_) => {
                    say(format_args!(
                        "stopped waiting after {:?} (--wait-max): the server had not answered a poll; the jobs go on at the provider: `articleizer batch status`, then --resume",
                        args.wait_max
                    ));
                    gave_up = true;
                    store.jobs()?
                }
            }
        };
        let ledger = Ledger::new(&jobs);
        let standings: Vec<Standing> = wanted
            .iter()
            .map(|w| ledger.standing(&w.item.id, &cache))
            .collect();
        let missing: Vec<&Wanted> = wanted
            .iter()
            .zip(&standings)
            .filter(|(_, s)| **s == Standing::ToSubmit)
            .map(|(w, _)| w)
            .collect();
        if args.via_batch && !submitted && !missing.is_empty() && !gave_up {
            let price = estimate::price(provider.model(), prices);
            let answer_tokens = match kind {
                Kind::Reanalyze => INSTRUCTIONS_TOKENS,
                Kind::Contextualize => context::ANSWER_TOKENS,
            };
            let estimate = Estimate::new(
                provider.model(),
                missing.iter().map(|w| w.item.request.prompt.as_str()),
                answer_tokens,
                price,
            )
            .with_thinking(
                estimate::thinking_tokens(provider.kind(), provider.model()),
                price,
            );
            say(format_args!(
                "estimate for {} ({}): {estimate}",
                provider.name(),
                provider.model()
            ));
            if args.estimate {
                for w in &missing {
                    run.line(format!("would submit  {}", w.post.display()));
                }
                return Ok(Prepared::Stop(None));
            }
            runtime.block_on(submit(&provider, &store, kind, &missing, args, editor))?;
            submitted = true;
            continue;
        }
        let waiting = standings.iter().any(|s| matches!(s, Standing::Waiting(_)));
        if args.wait && waiting && !gave_up {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                say(format_args!(
                    "stopped waiting after {:?} (--wait-max); the jobs go on at the provider: `articleizer batch status`, then --resume",
                    args.wait_max
                ));
                gave_up = true;
            } else {
                std::thread::sleep(interval.min(left));
                continue;
            }
        }
        break (standings, jobs);
    };
    let (standings, jobs) = standings;
    let ledger = Ledger::new(&jobs);
    let mut answered = Vec::new();
    for ((one, want), standing) in ready.into_iter().zip(&wanted).zip(standings) {
        let read = &one.read;
        match standing {
            Standing::Answered => answered.push(one),
            Standing::Waiting(name) => {
                let phase = jobs
                    .iter()
                    .find(|j| j.name == name)
                    .map_or("pending", |j| j.phase.word());
                if gave_up {
                    run.fail(
                        &read.path,
                        format!("job {name} ({phase}) had not ended by the --wait-max deadline"),
                    );
                } else {
                    run.wait_for(&read.path, format!("job {name} ({phase})"));
                }
            }
            Standing::ToSubmit => match ledger.failure(&want.item.id) {
                Some(failure) => run.fail(
                    &read.path,
                    format!(
                        "no answer from the batch job: {} (--via-batch submits it again)",
                        failure.reason
                    ),
                ),
                None => run.skip(
                    &read.path,
                    "in no batch job (--via-batch submits it)".into(),
                ),
            },
        }
    }
    Ok(Prepared::Apply(answered))
}

/// Brings the jobs that hold these requests up to date (under the
/// records' lock, released before any wait); returns every record.
async fn refresh(
    provider: &Provider,
    store: &Store,
    cache: &Cache,
    wanted: &[Wanted],
    policy: &RetryPolicy,
) -> Result<Vec<Job>> {
    let ids: HashSet<&str> = wanted.iter().map(|w| w.item.id.as_str()).collect();
    let _lock = store.lock(true)?;
    let mut jobs = store.jobs()?;
    let mut kept = Vec::with_capacity(jobs.len());
    for mut job in jobs.drain(..) {
        if job.remote.is_none() {
            // Every run submits under this lock: a record without a remote
            // id is one a killed run left between recording and submitting.
            say(format_args!(
                "job {} was being submitted when its run stopped; if the provider's console shows it, cancel it there (its posts are submitted again)",
                job.name
            ));
            store.remove(&job.name)?;
            continue;
        }
        let ours = job.members.iter().any(|m| ids.contains(m.id.as_str()));
        if ours && !job.collected && collect::belongs(&job, provider) {
            let progress = collect::refresh(provider, store, cache, &mut job, policy).await?;
            if let Some(progress) = progress {
                say(format_args!(
                    "job {}: {}{}",
                    job.name,
                    progress.phase.word(),
                    if job.collected {
                        format!(
                            ", {} answered, {} failed{}",
                            job.members.len() - job.failures.len(),
                            job.failures.len(),
                            skipped(&job)
                        )
                    } else {
                        so_far(&progress)
                    }
                ));
            }
        }
        kept.push(job);
    }
    Ok(kept)
}

/// `, N result lines for other requests skipped` when there were any.
pub(super) fn skipped(job: &Job) -> String {
    match job.skipped {
        0 => String::new(),
        n => format!(
            ", {n} result line{} for no request of the job skipped",
            if n == 1 { "" } else { "s" }
        ),
    }
}

/// What a running job has done so far, as the provider counts it
/// (`, 12 done, 1 failed so far`), or nothing when it does not say.
fn so_far(progress: &jobs::Progress) -> String {
    match (progress.done, progress.failed.filter(|&n| n > 0)) {
        (Some(done), Some(failed)) => format!(", {done} done, {failed} failed so far"),
        (Some(done), None) => format!(", {done} done so far"),
        (None, Some(failed)) => format!(", {failed} failed so far"),
        (None, None) => String::new(),
    }
}

/// Submits the missing requests as jobs within the provider's limits,
/// each recorded before it is sent and again with its id.
async fn submit(
    provider: &Provider,
    store: &Store,
    kind: Kind,
    missing: &[&Wanted],
    args: &BatchArgs,
    editor: &Editor,
) -> Result<()> {
    let _lock = store.lock(true)?;
    let items: Vec<Item> = missing.iter().map(|w| w.item.clone()).collect();
    let posts: std::collections::HashMap<&str, &std::path::Path> = missing
        .iter()
        .map(|w| (w.item.id.as_str(), w.post.as_path()))
        .collect();
    let policy = RetryPolicy {
        verbose: args.provider.verbose,
        ..editor.policy.clone()
    };
    for chunk in jobs::split(provider, items) {
        let mut job = Job {
            name: store.new_name(provider.kind()),
            provider: provider.kind(),
            model: provider.model().into(),
            base_url: provider.base_url().into(),
            kind,
            remote: None,
            created: articleizer::cache::timestamp(),
            phase: Phase::Pending,
            members: chunk
                .iter()
                .map(|item| Member {
                    id: item.id.clone(),
                    post: posts
                        .get(item.id.as_str())
                        .map(|p| p.to_path_buf())
                        .unwrap_or_default(),
                })
                .collect(),
            collected: false,
            failures: Vec::new(),
            skipped: 0,
        };
        store.save(&job)?;
        let label = format!("articleizer {} ({})", kind.flag(), job.name);
        match jobs::submit(provider, &chunk, &label, &policy).await {
            Ok(remote) => {
                job.remote = Some(remote.clone());
                let path = store.save(&job)?;
                say(format_args!(
                    "submitted job {} ({remote}): {} request{}; recorded in {}",
                    job.name,
                    chunk.len(),
                    if chunk.len() == 1 { "" } else { "s" },
                    path.display()
                ));
            }
            Err(error) => {
                store.remove(&job.name)?;
                return Err(error.into());
            }
        }
    }
    Ok(())
}
