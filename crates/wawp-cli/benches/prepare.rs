//! Preparing a big `--from-file` list: bounded read, checks, validation of
//! every id and de-duplication. The goal: 1 000 000 lines in under a
//! second. A measurement (`cargo bench -p wawp-cli --bench prepare`, run
//! by `cargo xtask bench`), never a timed test.

#![allow(missing_docs, dead_code, unreachable_pub)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

// The binary's own modules, compiled here as they are (they depend on
// wawp-core and std only).
#[path = "../src/ids.rs"]
mod ids;
#[path = "../src/list.rs"]
mod list;

/// `n` lines like a real list: distinct 12-character ids, every tenth line
/// a duplicate, a comment and a blank line now and then.
fn lines(n: usize) -> String {
    let mut text = String::with_capacity(n * 14);
    for i in 0..n {
        match i % 100 {
            0 => text.push_str("# production\n"),
            50 => text.push('\n'),
            k if k % 10 == 9 => text.push_str(&format!("{:012X}\n", i / 2)),
            _ => text.push_str(&format!("{:012X}\n", i)),
        }
    }
    text
}

fn prepare(c: &mut Criterion) {
    let mut group = c.benchmark_group("prepare");
    group.sample_size(10);
    for n in [100_000usize, 1_000_000] {
        let text = lines(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_function(format!("{n} lines"), |b| {
            b.iter(|| {
                let read = list::read(text.as_bytes(), "ids.txt").unwrap();
                let ids = ids::collect(&[], Some(("ids.txt", &read))).unwrap();
                black_box((ids.list.len(), ids.duplicates))
            })
        });
    }
    // The two halves of a million lines, to see where the time goes.
    let text = lines(1_000_000);
    group.bench_function("1000000 lines: read and check", |b| {
        b.iter(|| black_box(list::read(text.as_bytes(), "ids.txt").unwrap().len()))
    });
    group.bench_function("1000000 lines: validate and de-duplicate", |b| {
        b.iter(|| {
            black_box(
                ids::collect(&[], Some(("ids.txt", &text)))
                    .unwrap()
                    .list
                    .len(),
            )
        })
    });
    group.finish();
}

criterion_group!(benches, prepare);
criterion_main!(benches);
