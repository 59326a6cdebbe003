//! Throughput of the sentence splitter on news text.
//!
//! Builds a text of at least 4 MB by repeating the two seed articles (blank
//! lines between copies) and measures `claimex::sentences::split` over it in
//! bytes per second.

use claimex::sentences::split;
use claimex::span::Span;
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

const SEED_A: &str = include_str!("../seeds/000_cb2bce5e5094902b.txt");
const SEED_B: &str = include_str!("../seeds/003_f2ad27a947f09b65.txt");

/// Smallest size of the benchmark text, in bytes.
const MIN_BYTES: usize = 4 * 1024 * 1024;

/// The seed articles repeated, each copy a paragraph of its own.
fn news_text() -> String {
    let mut text = String::with_capacity(MIN_BYTES + SEED_A.len() + SEED_B.len() + 4);
    while text.len() < MIN_BYTES {
        text.push_str(SEED_A.trim());
        text.push_str("\n\n");
        text.push_str(SEED_B.trim());
        text.push_str("\n\n");
    }
    text
}

fn bench_split(c: &mut Criterion) {
    let text = news_text();
    // The benchmark is only meaningful if the splitter finds sentences.
    let spans: Vec<Span> = split(&text, 0);
    assert!(spans.len() > 1000, "too few sentences: {}", spans.len());

    let mut group = c.benchmark_group("sentences");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(20);
    group.bench_function("split_news", |b| {
        b.iter(|| split(black_box(&text), black_box(0)))
    });
    group.finish();
}

criterion_group!(benches, bench_split);
criterion_main!(benches);
