//! Throughput of the full default pipeline on the standard input: the
//! shared corpus transcript concatenated 100 times (about 8.6 MB). Also
//! times each pass alone, to show where the time goes. Skips (with a
//! message) when `../shared/corpus` is not beside the checkout.

// criterion's macros generate undocumented functions.
#![allow(missing_docs)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sanitizer::{Options, Sanitizer};
use std::path::Path;

fn standard_input() -> Option<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/corpus/transcripts/landlords-relay.txt");
    let one = std::fs::read_to_string(&path).ok()?;
    Some(one.repeat(100))
}

fn pipeline(c: &mut Criterion) {
    let Some(input) = standard_input() else {
        eprintln!("bench skipped: ../shared/corpus/transcripts/landlords-relay.txt not found");
        return;
    };
    let mut group = c.benchmark_group("sanitize 8.6 MB");
    group.throughput(Throughput::Bytes(input.len() as u64));
    group.sample_size(20);
    let off = Options::none();
    let variants: [(&str, Options); 7] = [
        ("full default pipeline", Options::default()),
        ("no passes (line walk only)", off.clone()),
        (
            "hygiene only",
            Options {
                hygiene: true,
                ..off.clone()
            },
        ),
        (
            "speakers+debris only",
            Options {
                speakers: true,
                debris: true,
                ..off.clone()
            },
        ),
        (
            "fences only",
            Options {
                fences: true,
                ..off.clone()
            },
        ),
        (
            "secrets only",
            Options {
                secrets: true,
                ..off.clone()
            },
        ),
        (
            "ips only",
            Options {
                ips: true,
                ..off.clone()
            },
        ),
    ];
    for (name, options) in variants {
        let sanitizer = Sanitizer::new(&options).expect("valid options");
        group.bench_function(name, |b| b.iter(|| sanitizer.sanitize(&input)));
    }
    group.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
