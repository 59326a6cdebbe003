//! End-to-end throughput of `extract` over a corpus of realistic news, on one
//! thread and on all cores, and the per-document extraction speed that bounds
//! it.
//!
//! The corpus (50 MB by default; `CLAIMEX_BENCH_MB` to change) is made at the
//! first run and kept under the target directory: variants of the template
//! articles (every `*.txt` of `../shared/corpus` when that directory exists,
//! else of `seeds/`; `CLAIMEX_BENCH_TEMPLATES=DIR` to choose) in which every
//! club, player, outlet and journalist named is replaced by another of the
//! same kind from `gazetteers/*.tsv`. It is, byte for byte, what
//! `python3 scripts/make_corpus.py --corpus TEMPLATES --mb 50 --out DIR`
//! writes (same algorithm, same seeded generator).
//!
//! Measured, in bytes of input per second:
//! - `throughput/extract_alone`: `Extractor::extract` over the corpus held in
//!   memory, on one thread: the per-document work;
//! - `throughput/end_to_end/1_thread` and `.../N_threads` (N the cores): the
//!   `extract` binary, `extract --jsonl -r DIR --threads N` with the output
//!   discarded, start-up included;
//! - `throughput/pipeline_only/1_thread`: `extract --sentences --jsonl -r DIR
//!   --threads 1`: the same walking, reading, ordering and writing with only
//!   sentence splitting: the cost of the pipeline around extraction;
//! - `throughput/names_alone` and `throughput/output_alone`, in memory on one
//!   thread: sentence splitting and name matching (the gazetteer stage every
//!   claim rests on), and serialising the finished extractions as JSON lines.
//!   With `pipeline_only` they bound the speed of any set of claim rules: the
//!   three together are the work left when the rules cost nothing.
//!
//! Criterion runs each of them at least 11 times. When one run takes
//! minutes, `CLAIMEX_BENCH_ONCE=1 cargo bench --bench throughput` times each
//! once instead and prints, besides wall-clock MB/s, MB per second of CPU
//! time (of the benchmark's thread, or of the `extract` process), which a
//! busy machine does not distort.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use claimex::mentions::Matcher;
use claimex::{Document, Extraction, Extractor, Span};
use criterion::{black_box, criterion_group, Criterion, SamplingMode, Throughput};
use regex::Regex;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Gazetteer files whose names are swapped, with their kind.
const KINDS: [(&str, &str); 4] = [
    ("club", include_str!("../gazetteers/clubs.tsv")),
    ("player", include_str!("../gazetteers/players.tsv")),
    ("outlet", include_str!("../gazetteers/outlets.tsv")),
    ("journalist", include_str!("../gazetteers/journalists.tsv")),
];
/// Kinds whose single-word aliases (surnames) follow the swap.
const PERSONS: [&str; 2] = ["player", "journalist"];
/// Longest name, in words.
const MOST_WORDS: usize = 6;
/// A word: letters and digits, joined by apostrophes, dots or hyphens.
const WORD: &str = r"\w+(?:['\x{2019}.\-]\w+)*";
/// The generator's seed (the script's default).
const SEED: u64 = 1;

/// The splitmix64 generator (the script's).
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn pick<'a>(&mut self, items: &'a [String]) -> &'a str {
        let at = (self.next() % items.len() as u64) as usize;
        &items[at]
    }
}

/// One entity: kind index and row index.
type Key = (usize, usize);

/// A piece of a template: literal text, or a slot for an entity's name
/// (`true`) or the last word of it (`false`).
enum Piece {
    Text(String),
    Slot(Key, bool),
}

struct Generator {
    word: Regex,
    whole_word: Regex,
    /// Per kind, the names in file order.
    pools: Vec<Vec<String>>,
    /// Canonical name to entity (first kind and row win).
    names: HashMap<String, Key>,
    /// Per entity, its surname forms.
    aliases: HashMap<Key, Vec<String>>,
}

fn plain(s: &str) -> String {
    s.nfd().filter(|c| !is_combining_mark(*c)).collect()
}

impl Generator {
    fn new() -> Generator {
        let word = Regex::new(WORD).expect("word pattern");
        let whole_word = Regex::new(&format!("^(?:{WORD})$")).expect("word pattern");
        let mut g = Generator {
            word,
            whole_word,
            pools: Vec::new(),
            names: HashMap::new(),
            aliases: HashMap::new(),
        };
        for (k, (kind, file)) in KINDS.iter().enumerate() {
            let mut header: Option<Vec<&str>> = None;
            let mut pool = Vec::new();
            for line in file.lines() {
                if line.trim().is_empty() || line.starts_with('#') {
                    continue;
                }
                let cols: Vec<&str> = line.split('\t').collect();
                let Some(h) = &header else {
                    header = Some(cols);
                    continue;
                };
                let col = |name: &str| {
                    h.iter()
                        .position(|c| *c == name)
                        .and_then(|i| cols.get(i).copied())
                        .unwrap_or("")
                };
                let name = col("name").to_string();
                let key = (k, pool.len());
                g.names.entry(name.clone()).or_insert(key);
                if PERSONS.contains(kind) {
                    let mut forms: Vec<String> = col("aliases")
                        .split('|')
                        .filter(|a| {
                            !a.is_empty()
                                && g.whole_word.is_match(a)
                                && a.chars().next().is_some_and(char::is_uppercase)
                        })
                        .map(String::from)
                        .collect();
                    let last = g.last_word(&name);
                    let without_accents = plain(&last);
                    forms.push(last);
                    forms.push(without_accents);
                    g.aliases.insert(key, forms);
                }
                pool.push(name);
            }
            g.pools.push(pool);
        }
        g
    }

    fn last_word(&self, name: &str) -> String {
        self.word
            .find_iter(name)
            .last()
            .map_or_else(|| name.to_string(), |m| m.as_str().to_string())
    }

    /// The pieces of an article and its entities in order of appearance.
    fn template(&self, text: &str) -> (Vec<Piece>, Vec<Key>) {
        let words: Vec<(usize, usize)> = self
            .word
            .find_iter(text)
            .map(|m| {
                let (s, mut e) = (m.start(), m.end());
                let token = m.as_str();
                if token.chars().count() > 2 {
                    if token.ends_with("'s") {
                        e -= 2;
                    } else if token.ends_with("\u{2019}s") {
                        e -= 4;
                    }
                }
                (s, e)
            })
            .collect();
        let mut found: Vec<(usize, usize, Key)> = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let mut hit = None;
            for n in (1..=MOST_WORDS.min(words.len() - i)).rev() {
                let (start, end) = (words[i].0, words[i + n - 1].1);
                if let Some(&key) = text.get(start..end).and_then(|k| self.names.get(k)) {
                    hit = Some((start, end, key, n));
                    break;
                }
            }
            match hit {
                Some((s, e, key, n)) => {
                    found.push((s, e, key));
                    i += n;
                }
                None => i += 1,
            }
        }
        let mut named: Vec<Key> = Vec::new();
        for &(_, _, key) in &found {
            if !named.contains(&key) {
                named.push(key);
            }
        }
        let mut alias_slots: HashMap<&str, Key> = HashMap::new();
        for key in &named {
            if PERSONS.contains(&KINDS[key.0].0) {
                for alias in self.aliases.get(key).into_iter().flatten() {
                    alias_slots.entry(alias.as_str()).or_insert(*key);
                }
            }
        }
        let mut slots: Vec<(usize, usize, Key, bool)> =
            found.iter().map(|&(s, e, k)| (s, e, k, true)).collect();
        for &(s, e) in &words {
            if let Some(&key) = alias_slots.get(&text[s..e]) {
                if !found.iter().any(|&(a, b, _)| a <= s && s < b) {
                    slots.push((s, e, key, false));
                }
            }
        }
        slots.sort_by_key(|&(s, ..)| s);
        let mut pieces = Vec::new();
        let mut at = 0;
        for (s, e, key, whole) in slots {
            pieces.push(Piece::Text(text[at..s].to_string()));
            pieces.push(Piece::Slot(key, whole));
            at = e;
        }
        pieces.push(Piece::Text(text[at..].to_string()));
        let mut order: Vec<Key> = Vec::new();
        for p in &pieces {
            if let Piece::Slot(key, _) = p {
                if !order.contains(key) {
                    order.push(*key);
                }
            }
        }
        (pieces, order)
    }

    fn variant(&self, pieces: &[Piece], order: &[Key], rng: &mut SplitMix64) -> String {
        let drawn: HashMap<Key, String> = order
            .iter()
            .map(|&key| (key, rng.pick(&self.pools[key.0]).to_string()))
            .collect();
        let mut out = String::new();
        for p in pieces {
            match p {
                Piece::Text(t) => out.push_str(t),
                Piece::Slot(key, whole) => {
                    let name = drawn.get(key).map_or("", String::as_str);
                    if *whole {
                        out.push_str(name);
                    } else {
                        out.push_str(&self.last_word(name));
                    }
                }
            }
        }
        out
    }
}

/// The template directory.
fn templates_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("CLAIMEX_BENCH_TEMPLATES") {
        return PathBuf::from(dir);
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared/corpus");
    if shared.is_dir() {
        shared
    } else {
        root.join("seeds")
    }
}

/// FNV-1a, to name the corpus after what it is made from.
fn fnv(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Makes the corpus if it is not there yet; returns its directory and size.
fn corpus() -> (PathBuf, u64) {
    let mb: f64 = std::env::var("CLAIMEX_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50.0);
    let target = (mb * 1_000_000.0) as u64;
    let dir = templates_dir();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{}: no .txt articles", dir.display());
    let texts: Vec<String> = files
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("template is UTF-8"))
        .collect();
    let mut hash = 0xcbf2_9ce4_8422_2325;
    for t in &texts {
        hash = fnv(hash, t.as_bytes());
    }
    for (_, file) in KINDS {
        hash = fnv(hash, file.as_bytes());
    }
    let out =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("bench-corpus-{mb}mb-{hash:016x}"));
    let stamp = out.join("complete");
    if let Ok(size) = std::fs::read_to_string(&stamp) {
        if let Ok(size) = size.trim().parse() {
            return (out, size);
        }
    }
    let started = Instant::now();
    let _ = std::fs::remove_dir_all(&out);
    let g = Generator::new();
    let templates: Vec<(Vec<Piece>, Vec<Key>)> = texts.iter().map(|t| g.template(t)).collect();
    let mut rng = SplitMix64(SEED);
    let (mut written, mut count) = (0u64, 0usize);
    while written < target {
        let (pieces, order) = &templates[count % templates.len()];
        let text = g.variant(pieces, order, &mut rng);
        let sub = out.join(format!("{:04}", count / 1000));
        if count % 1000 == 0 {
            std::fs::create_dir_all(&sub).expect("corpus directory");
        }
        std::fs::write(sub.join(format!("{count:07}.txt")), &text).expect("corpus file");
        written += text.len() as u64;
        count += 1;
    }
    std::fs::write(&stamp, written.to_string()).expect("corpus stamp");
    eprintln!(
        "corpus: {count} articles, {:.1} MB from {} templates in {}, made in {:.1?}: {}",
        written as f64 / 1e6,
        texts.len(),
        dir.display(),
        started.elapsed(),
        out.display()
    );
    (out, written)
}

/// Every article of the corpus, in walk order.
fn documents(dir: &Path) -> Vec<Document> {
    let inputs = claimex::inputs::Inputs::new(
        vec![dir.to_string_lossy().into_owned()],
        true,
        vec![claimex::inputs::Glob::new("*.txt").expect("glob")],
    );
    inputs
        .filter_map(|i| claimex::inputs::read(&i).ok())
        .map(|t| Document::new(t.path, t.text, None))
        .collect()
}

/// Runs the `extract` binary once, output discarded.
fn run_extract(args: &[&str]) -> Duration {
    let started = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_extract"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .status()
        .expect("extract runs");
    assert!(status.success(), "extract {args:?}: {status}");
    started.elapsed()
}

fn bench_throughput(c: &mut Criterion) {
    let (dir, bytes) = corpus();
    let root = dir.to_string_lossy().into_owned();
    let cores = claimex::batch::available_threads();
    let mut group = c.benchmark_group("throughput");
    group.throughput(Throughput::Bytes(bytes));
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(1));
    group.measurement_time(Duration::from_secs(1));

    {
        let extractor = Extractor::builtin().expect("built-in extractor");
        let docs = documents(&dir);
        let claims: usize = docs
            .iter()
            .take(50)
            .map(|d| extractor.extract(d).claims.len())
            .sum();
        assert!(claims > 50, "too few claims: {claims}");
        group.bench_function("extract_alone", |b| {
            b.iter(|| {
                docs.iter()
                    .map(|d| extractor.extract(black_box(d)).claims.len())
                    .sum::<usize>()
            })
        });
        let matcher = Matcher::new(extractor.gazetteer());
        group.bench_function("names_alone", |b| {
            b.iter(|| names(&extractor, &matcher, black_box(&docs)))
        });
        let done: Vec<Extraction> = docs.iter().map(|d| extractor.extract(d)).collect();
        let mut out = Vec::new();
        group.bench_function("output_alone", |b| {
            b.iter(|| serialise(&extractor, &docs, black_box(&done), &mut out))
        });
    }
    let mut thread_counts = vec![1];
    if cores > 1 {
        thread_counts.push(cores);
    }
    for n in thread_counts {
        let threads = n.to_string();
        let name = format!("end_to_end/{n}_thread{}", if n == 1 { "" } else { "s" });
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                (0..iters)
                    .map(|_| run_extract(&["--jsonl", "-r", &root, "--threads", &threads]))
                    .sum()
            })
        });
    }
    group.bench_function("pipeline_only/1_thread", |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| run_extract(&["--sentences", "--jsonl", "-r", &root, "--threads", "1"]))
                .sum()
        })
    });
    group.finish();
}

criterion_group!(benches, bench_throughput);

/// Splits every document and matches the gazetteer's names in it; the
/// number of sentences and mentions found.
fn names(extractor: &Extractor, matcher: &Matcher, docs: &[Document]) -> usize {
    docs.iter()
        .map(|d| {
            let sentences = extractor.sentences(d);
            let mentions = matcher.find(&d.text, Span::new(d.body_start, d.text.len()));
            sentences.len() + mentions.len()
        })
        .sum()
}

/// Serialises each document's extraction as one JSON line into `out`
/// (cleared first); the bytes written.
fn serialise(
    extractor: &Extractor,
    docs: &[Document],
    done: &[Extraction],
    out: &mut Vec<u8>,
) -> usize {
    out.clear();
    for (d, ex) in docs.iter().zip(done) {
        let rec = claimex::output::document(extractor.gazetteer(), d, ex);
        serde_json::to_writer(&mut *out, &rec).expect("serialises");
        out.push(b'\n');
    }
    out.len()
}

/// CPU time of the calling thread (Linux), if it can be read.
fn thread_cpu() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = s.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// CPU time (user and system) of the waited-for children (Linux), if it can
/// be read: fields 16 and 17 of /proc/self/stat, in clock ticks of 1/100 s.
fn children_cpu() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses.
    let rest = s.get(s.rfind(')')? + 2..)?;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(13)?.parse::<u64>().ok()? + fields.get(14)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

fn report(name: &str, bytes: u64, wall: Duration, cpu: Option<Duration>) {
    let mb = bytes as f64 / 1e6;
    let cpu = cpu.map_or_else(String::new, |c| {
        format!(
            ", CPU {:.1} s: {:.2} MB per CPU-second",
            c.as_secs_f64(),
            mb / c.as_secs_f64()
        )
    });
    println!(
        "{name}: {mb:.1} MB in {:.1} s: {:.2} MB/s{cpu}",
        wall.as_secs_f64(),
        mb / wall.as_secs_f64()
    );
}

/// Runs `work` once on this thread: its result, the wall-clock time and,
/// if it can be read, the thread's CPU time.
fn on_this_thread<T>(work: impl FnOnce() -> T) -> (T, Duration, Option<Duration>) {
    let (cpu0, start) = (thread_cpu(), Instant::now());
    let out = work();
    let wall = start.elapsed();
    let cpu = thread_cpu().zip(cpu0).map(|(b, a)| b.saturating_sub(a));
    (out, wall, cpu)
}

/// Each measurement once, with CPU times.
fn once() {
    let (dir, bytes) = corpus();
    let root = dir.to_string_lossy().into_owned();
    let cores = claimex::batch::available_threads();
    {
        let extractor = Extractor::builtin().expect("built-in extractor");
        let docs = documents(&dir);
        let (claims, wall, cpu) = on_this_thread(|| -> usize {
            docs.iter().map(|d| extractor.extract(d).claims.len()).sum()
        });
        report("extract_alone (1 thread)", bytes, wall, cpu);
        println!("  {} documents, {claims} claims", docs.len());
        let matcher = Matcher::new(extractor.gazetteer());
        let (found, wall, cpu) = on_this_thread(|| names(&extractor, &matcher, &docs));
        report("names_alone (1 thread)", bytes, wall, cpu);
        println!("  {found} sentences and mentions");
        let done: Vec<Extraction> = docs.iter().map(|d| extractor.extract(d)).collect();
        let mut out = Vec::new();
        let (written, wall, cpu) = on_this_thread(|| serialise(&extractor, &docs, &done, &mut out));
        report("output_alone (1 thread)", bytes, wall, cpu);
        println!("  {:.1} MB of JSON lines", written as f64 / 1e6);
    }
    let mut runs: Vec<(String, Vec<String>)> = vec![(
        "end_to_end/1_thread".into(),
        vec![
            "--jsonl".into(),
            "-r".into(),
            root.clone(),
            "--threads".into(),
            "1".into(),
        ],
    )];
    if cores > 1 {
        runs.push((
            format!("end_to_end/{cores}_threads"),
            vec![
                "--jsonl".into(),
                "-r".into(),
                root.clone(),
                "--threads".into(),
                cores.to_string(),
            ],
        ));
    }
    runs.push((
        "pipeline_only/1_thread".into(),
        vec![
            "--sentences".into(),
            "--jsonl".into(),
            "-r".into(),
            root.clone(),
            "--threads".into(),
            "1".into(),
        ],
    ));
    for (name, args) in runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let cpu0 = children_cpu();
        let wall = run_extract(&args);
        let cpu = children_cpu().zip(cpu0).map(|(b, a)| b.saturating_sub(a));
        report(&name, bytes, wall, cpu);
    }
}

fn main() {
    if std::env::var_os("CLAIMEX_BENCH_ONCE").is_some() {
        once();
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
