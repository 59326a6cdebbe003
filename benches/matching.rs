//! Throughput of name matching and of the whole pipeline on news text.
//!
//! Builds a text of at least 4 MB by repeating the two seed articles (blank
//! lines between copies) and measures, in bytes per second:
//! - `claimex::mentions::Matcher::find` over the whole text at once, and
//!   over the same text one article copy at a time;
//! - `claimex::Extractor::extract` over the same bytes split into documents,
//!   one per seed copy (each keeps its `date YYYY-MM-DD` prefix).

use claimex::mentions::Matcher;
use claimex::span::Span;
use claimex::{Document, Extractor, Gazetteer};
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

const SEED_A: &str = include_str!("../seeds/000_cb2bce5e5094902b.txt");
const SEED_B: &str = include_str!("../seeds/003_f2ad27a947f09b65.txt");

/// Smallest size of the benchmark text, in bytes.
const MIN_BYTES: usize = 4 * 1024 * 1024;

/// The seed articles repeated until the copies reach `MIN_BYTES`.
fn copies() -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut len = 0;
    while len < MIN_BYTES {
        for seed in [SEED_A, SEED_B] {
            out.push(seed.trim());
            len += seed.trim().len() + 2;
        }
    }
    out
}

fn bench_find(c: &mut Criterion) {
    let gazetteer = Gazetteer::builtin().expect("built-in gazetteer");
    let matcher = Matcher::new(&gazetteer);
    let text = copies().join("\n\n");
    let whole = Span::new(0, text.len());
    // Only meaningful if the matcher finds names.
    let found = matcher.find(&text, whole).len();
    assert!(found > 10_000, "too few mentions: {found}");

    let mut group = c.benchmark_group("matching");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(10);
    group.bench_function("matcher_find_news", |b| {
        b.iter(|| matcher.find(black_box(&text), black_box(whole)))
    });
    // The same bytes, one call per seed copy: shows whether `find` is
    // linear in the length of its input.
    let ranges: Vec<Span> = {
        let mut at = 0;
        copies()
            .into_iter()
            .map(|t| {
                let r = Span::new(at, at + t.len());
                at += t.len() + 2;
                r
            })
            .collect()
    };
    group.bench_function("matcher_find_per_article", |b| {
        b.iter(|| {
            ranges
                .iter()
                .map(|&r| matcher.find(black_box(&text), r).len())
                .sum::<usize>()
        })
    });
    group.finish();
}

fn bench_extract(c: &mut Criterion) {
    let extractor = Extractor::builtin().expect("built-in extractor");
    let docs: Vec<Document> = copies()
        .into_iter()
        .map(|t| Document::new(None, t.to_string(), None))
        .collect();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let claims: usize = docs.iter().map(|d| extractor.extract(d).claims.len()).sum();
    assert!(claims > docs.len(), "too few claims: {claims}");

    let mut group = c.benchmark_group("pipeline");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("extract_news_documents", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| extractor.extract(black_box(d)).claims.len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench_find, bench_extract);
criterion_main!(benches);
