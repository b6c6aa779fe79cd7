//! `articleizer batch`'s flags: what to reprocess, how, and through which
//! provider's batch engine.

use super::ProviderArgs;
use clap::{ArgGroup, Args};
use std::path::PathBuf;

/// Reprocess existing posts: rewrap, repair fences, reanalyze, write
/// context files; through the providers' batch engines with --via-batch.
///
/// A dry run unless --write: it lists what would change (with --diff, as
/// unified diffs) and touches nothing. With --write each changed post is
/// replaced through a temp file and a rename, so an interrupted run leaves
/// every post old or new, never half-written. Posts whose front matter does
/// not parse are reported and skipped. Front matter is re-emitted only
/// where a field changes; everything else stays byte for byte.
///
/// Exit status: 0 done (even with skipped posts); 1 a post failed; 2 bad
/// usage; a provider's status (75, 77) when it stopped the run.
#[derive(Args, Debug)]
#[command(
    // The flag rules, declared: clap says which one is missing.
    group(ArgGroup::new("asking").args(["reanalyze", "contextualize"])),
    group(ArgGroup::new("engine").args(["via_batch", "resume"])),
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true,
    after_help = "Examples:\n  articleizer batch _posts/ --rewrap                  # what would change\n  articleizer batch _posts/ --rewrap --diff           # as unified diffs\n  articleizer batch _posts/ --rewrap --write          # apply\n  articleizer batch _posts/ --repair-fences --write\n  articleizer batch _posts/ --reanalyze --since 2025-01-01 --jobs 8 --write\n  articleizer batch _posts/ --reanalyze --frontmatter title,meta_description --write\n  articleizer batch _posts/ --contextualize --write   # _posts/_context/*.json\n  articleizer batch _posts/ --reanalyze --via-batch --estimate\n  articleizer batch _posts/ --reanalyze --via-batch   # submit a batch job\n  articleizer batch status                            # where the jobs are\n  articleizer batch _posts/ --reanalyze --resume --write"
)]
pub struct BatchArgs {
    /// `status`: the batch jobs recorded, polled.
    #[command(subcommand)]
    pub action: Option<BatchAction>,
    /// Posts: directories (searched recursively; `_site`, `_drafts` and
    /// hidden directories skipped) or files.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Protect each body from Liquid exactly once, as new posts are:
    /// hand-placed raw pairs unwrapped, everything shown as written, the
    /// configured live tags (default: include) still running.
    #[arg(long)]
    pub rewrap: bool,
    /// Repair broken and nested code fences in bodies (the sanitizer's repair).
    #[arg(long)]
    pub repair_fences: bool,
    /// Ask the editor for new instructions and replace the Book Analysis
    /// section (and the --frontmatter fields). A dry run asks too (answers
    /// are cached, so a later --write pays nothing).
    #[arg(long, conflicts_with = "contextualize")]
    pub reanalyze: bool,
    /// With --reanalyze: front matter fields to regenerate, comma-separated
    /// (e.g. title,meta_description), as the post template renders them.
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "FIELDS",
        requires = "reanalyze"
    )]
    pub frontmatter: Vec<String>,
    /// Write each post's context file, `_context/<file stem>.json` beside
    /// the posts (compact JSON: id, d, t, s, sub, kw, from the first 15 000
    /// characters of the body), skipping posts whose file is current.
    #[arg(long)]
    pub contextualize: bool,
    /// With --contextualize: remake context files that are current too.
    #[arg(long, requires = "contextualize")]
    pub force: bool,
    /// Ask through the provider's batch engine (about half the price, far
    /// higher limits, answers within 24 hours): submit a job for every post
    /// not answered yet, recorded beside the cache; rerun (or --resume)
    /// to apply its answers once it is done.
    #[arg(long, requires = "asking")]
    pub via_batch: bool,
    /// Apply the answers of batch jobs submitted before (polling them and
    /// fetching their results), submitting nothing new.
    #[arg(long, conflicts_with = "via_batch", requires = "asking")]
    pub resume: bool,
    /// With --via-batch or --resume: poll until the jobs end, then apply.
    #[arg(long, requires = "engine")]
    pub wait: bool,
    /// Seconds between polls with --wait (at least 5: a lower value is
    /// raised to 5, with a notice).
    #[arg(long, value_name = "SECS", default_value_t = 60, requires = "wait")]
    pub poll_secs: u64,
    /// With --wait: stop waiting after this long (`90s`, `30m`, `25h`; the
    /// default is past the providers' 24 h window); posts whose job has
    /// not ended by then are listed as failed and the run exits 1.
    #[arg(
        long,
        value_name = "DURATION",
        default_value = "25h",
        value_parser = crate::duration::parse,
        requires = "wait"
    )]
    pub wait_max: std::time::Duration,
    /// With --via-batch: print what the job would cost (posts, tokens,
    /// batch and interactive price) and submit nothing.
    #[arg(long, requires = "via_batch")]
    pub estimate: bool,
    /// Let --frontmatter change the permalink (a published URL); the file
    /// is renamed to match.
    #[arg(long)]
    pub allow_permalink_change: bool,
    /// Apply the changes (default: a dry run).
    #[arg(long)]
    pub write: bool,
    /// With --write: when another run is writing to the same folder, exit
    /// at once instead of waiting for it.
    #[arg(long, requires = "write")]
    pub no_wait: bool,
    /// Print a unified diff of each change.
    #[arg(long)]
    pub diff: bool,
    /// Only posts dated (by file name) on or after this day, YYYY-MM-DD.
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    pub since: Option<chrono::NaiveDate>,
    /// Only posts dated (by file name) on or before this day, YYYY-MM-DD.
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    pub until: Option<chrono::NaiveDate>,
    /// Only files whose name (or path below a directory given) matches GLOB.
    #[arg(long = "match", value_name = "GLOB")]
    pub pattern: Option<String>,
    /// Editor calls in flight at once.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub jobs: u16,
    /// At most this many editor calls started per minute.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub rpm: Option<u32>,
    /// The site the posts belong to (permalink style, live Liquid tags).
    #[arg(long, value_name = "NAME")]
    pub target: Option<String>,
    /// The post template that defines the --frontmatter fields.
    #[arg(long, value_name = "FILE")]
    pub post_template: Option<PathBuf>,
    #[command(flatten)]
    pub provider: ProviderArgs,
}

/// `articleizer batch status`.
#[derive(clap::Subcommand, Debug)]
pub enum BatchAction {
    /// List the batch jobs recorded beside the cache, poll those not done,
    /// and fetch the results of those that ended (into the cache).
    Status(StatusArgs),
}

/// `articleizer batch status`: which key.
#[derive(Args, Debug)]
pub struct StatusArgs {
    /// Only list the records: no call to any provider.
    #[arg(long)]
    pub offline: bool,
    /// Use the key with this name from the keys file.
    #[arg(long, value_name = "ALIAS")]
    pub key: Option<String>,
    /// The API base URL the jobs were submitted to, when it is not the
    /// provider's own or the configuration's: a job is polled only at the
    /// base URL the key may go to, never at the one its record names.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}
