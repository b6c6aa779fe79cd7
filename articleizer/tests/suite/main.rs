//! The articleizer's integration tests, in one test binary (one link
//! instead of one per file): the library (instructions, rendering, the
//! editor and providers against loopback mocks) and the `articleizer`
//! binary end to end. The checks over `../shared/corpus` are `--ignored`;
//! `.ci/run` runs them in release. The real-Jekyll checks are the `jekyll`
//! test binary.

mod bad_inputs;
mod batch;
mod batch_corpus;
mod cli;
mod concurrent_runs;
mod cycle;
mod editor;
mod fuzz_regressions;
mod hostile_servers;
mod instructions;
mod keys_at_home;
mod no_lost_work;
mod offline;
mod offline_quality;
mod post;
mod preview_html;
mod prompt;
mod providers;
mod render;
mod segmentation;
mod soft_problems;
mod unplaceable;
