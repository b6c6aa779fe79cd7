//! `articleizer batch status`: the batch jobs recorded beside the cache,
//! those not done polled (and, once ended, their answers fetched into the
//! cache, so that `--resume` applies them without another call).

use crate::cli::{ProviderArgs, StatusArgs};
use crate::setup::{editor::provider, Loaded};
use anyhow::{Context, Result};
use articleizer::cache::Cache;
use articleizer::jobs::collect;
use articleizer::jobs::store::{Job, Store};
use articleizer::providers::RetryPolicy;
use std::io::Write;
use std::process::ExitCode;

/// The flags that reach the job's provider: its provider and model from
/// the record, the base URL and key from the user (flags, environment,
/// configuration), never from the record: a record only says where the
/// job lives, and the job is polled only when that is where the key goes.
fn job_provider_args(job: &Job, args: &StatusArgs) -> ProviderArgs {
    ProviderArgs {
        provider: Some(job.provider),
        model: Some(job.model.clone()),
        base_url: args.base_url.clone(),
        key: args.key.clone(),
        keys: Vec::new(),
        prompt_template: None,
        no_cache: false,
        no_fix: false,
        site_url: None,
        hints: Vec::new(),
        verbose: false,
    }
}

/// Runs `articleizer batch status`.
pub fn run(args: &StatusArgs, loaded: &Loaded) -> Result<ExitCode> {
    let dir = loaded
        .settings
        .resolved_cache_dir()
        .context("no cache folder (no home directory): set cache_dir in the configuration")?;
    let store = Store::beside(&dir);
    let cache = Cache::new(&dir);
    let jobs = store.jobs()?;
    for (file, reason) in store.unusable()? {
        crate::setup::notice(format_args!(
            "warning: job record {} skipped: {reason}",
            file.display().to_string().escape_debug()
        ));
    }
    if jobs.is_empty() {
        let line = format!("no batch jobs recorded in {}\n", store.dir().display());
        utils::input::write_stdout(line.as_bytes()).context("cannot write to stdout")?;
        return Ok(ExitCode::SUCCESS);
    }
    let runtime = crate::setup::runtime()?;
    let mut status = ExitCode::SUCCESS;
    // A reader that has gone (`| head`) ends the listing quietly.
    let mut out = utils::input::StdoutStream::new();
    for mut job in jobs {
        let mut note = String::new();
        if !job.collected && job.remote.is_some() && !args.offline {
            let polled =
                provider(&job_provider_args(&job, args), loaded)
                    .and_then(|p| p.context("the job's provider is offline"))
                    .and_then(|p| {
                        if !collect::belongs(&job, &p) {
                            anyhow::bail!(
                                "its record says it lives at {}, and the {} key goes only to {} (pass --base-url if that server is yours)",
                                job.base_url,
                                p.name(),
                                p.base_url()
                            );
                        }
                        let _lock = store.lock(true)?;
                        let policy = RetryPolicy::default();
                        Ok(runtime
                            .block_on(collect::refresh(&p, &store, &cache, &mut job, &policy))?)
                    });
            if let Err(error) = polled {
                note = format!(" (cannot poll: {error:#})");
                status = ExitCode::from(1);
            }
        }
        let outcome = if job.collected {
            format!(
                ", {} answered, {} failed{}",
                job.members.len() - job.failures.len(),
                job.failures.len(),
                super::via_batch::skipped(&job)
            )
        } else {
            String::new()
        };
        writeln!(
            out,
            "{}  {} ({})  {}  {} post{}  {}{outcome}  submitted {}  {}{note}",
            job.name,
            job.provider,
            job.model,
            job.kind.flag(),
            job.members.len(),
            if job.members.len() == 1 { "" } else { "s" },
            job.phase.word(),
            job.created,
            job.remote.as_deref().unwrap_or("(never submitted)"),
        )
        .context("cannot write to stdout")?;
        for failure in &job.failures {
            writeln!(
                out,
                "  failed  {}: {}",
                failure.post.display(),
                failure.reason
            )
            .context("cannot write to stdout")?;
        }
    }
    out.finish().context("cannot write to stdout")?;
    Ok(status)
}
