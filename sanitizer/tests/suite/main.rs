//! The sanitizer's integration tests, in one test binary (one link instead
//! of one per file): the library on whole texts and the `sanitizer` binary
//! end to end. The checks over `../shared/corpus` and the 50 MB input are
//! `--ignored`; `.ci/run` runs them in release.

mod bad_inputs;
mod catalogue;
mod cli;
mod corpus;
mod credential_forms;
mod fence_stream;
mod fence_table;
mod fuzz_regressions;
mod hard_links;
mod key_scan;
mod pipeline;
mod properties;
mod redaction_coverage;
mod windowed;
