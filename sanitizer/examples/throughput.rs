//! In-process throughput of the full default pipeline: loads a file once,
//! sanitizes it RUNS times and prints the median time in milliseconds.
//! Used by `scripts/bench-sanitizer`; `cargo bench -p benches` gives the
//! same figure per pass with criterion.
//!
//! Usage: `throughput PATH [RUNS]`

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: throughput PATH [RUNS]")?;
    let runs: usize = args.next().map_or(Ok(20), |n| n.parse())?;
    let text = std::fs::read_to_string(path)?;
    let sanitizer = sanitizer::Sanitizer::new(&sanitizer::Options::default())?;
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        let out = sanitizer.sanitize(&text);
        times.push(start.elapsed().as_secs_f64());
        std::hint::black_box(out);
    }
    times.sort_by(f64::total_cmp);
    println!("{:.3}", times[times.len() / 2] * 1e3);
    Ok(())
}
