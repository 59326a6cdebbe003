//! `extract`: prints the attributed transfer claims of football news.
//!
//! A thin layer over the `claimex` library: parse arguments, list the inputs
//! (`claimex::inputs`, `claimex::records`), run the extractor over them on
//! every core with the output in input order (`claimex::batch`), print.
//! Exit status, as grep's: 0 when every input was read, 1 when some
//! `--input jsonl` record was rejected, 2 when an input could not be read or
//! the arguments or gazetteers are wrong; output into a closed pipe ends
//! quietly.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use claimex::batch::{self, Panicked, Sink};
use claimex::inputs::{self, Glob, Input, InputError, Inputs};
use claimex::records::{self, Line, Lines};
use claimex::{output, Document, Extractor, Gazetteer};
use clap::{CommandFactory, Parser, ValueEnum};
use jiff::civil::Date;

/// Many small allocations per document: see Cargo.toml for the figures.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// Reads football transfer news and prints who claims what: which club and
/// which player, which relation (interest, talks, bid, agreement, transfer,
/// extension, contract_expiry, withdrawal, exit), and who says so.
#[derive(Parser, Debug)]
#[command(name = "extract", version, about, long_about = None)]
struct Args {
    /// Input files and, with -r, directories; none, or `-`, reads standard input.
    #[arg(value_name = "FILE")]
    files: Vec<String>,

    /// Print the SPEC document object (an array of them for several inputs).
    #[arg(long, conflicts_with = "jsonl")]
    json: bool,

    /// Print one JSON document object per line.
    #[arg(long)]
    jsonl: bool,

    /// Print sentences instead of claims.
    #[arg(long)]
    sentences: bool,

    /// Add the gazetteer files of DIR to the built-in ones (repeatable).
    #[arg(long = "gazetteer", value_name = "DIR")]
    gazetteers: Vec<PathBuf>,

    /// Publication date for inputs without a `date YYYY-MM-DD` prefix.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    date: Option<Date>,

    /// Show, under each claim, the trigger, the mentions and the rules that made it.
    #[arg(long)]
    explain: bool,

    /// Print how many clubs, players, outlets, journalists and people the gazetteer holds.
    #[arg(long)]
    gazetteer_stats: bool,

    /// Score the extraction of FILEs (all `.txt` files of DIR when none are
    /// given) against DIR's `.gold.json` files, as SPEC.md scores: precision,
    /// recall and F1 per relation and overall, pair and attributed, and fee
    /// accuracy. With --json, the report as JSON.
    #[arg(long, value_name = "DIR")]
    gold: Option<PathBuf>,

    /// With --gold: also list every missed and spurious claim key.
    #[arg(long, requires = "gold")]
    errors: bool,

    /// Read the files under directories given as FILE, in name order, depth
    /// first (only files whose names match --glob).
    #[arg(short = 'r', long)]
    recursive: bool,

    /// With -r: the file names to read, as a shell pattern (`*`, `?`,
    /// `[a-z]`, `{txt,md}`; repeatable). Default `*.txt`, or `*.jsonl` with
    /// --input jsonl.
    #[arg(long = "glob", value_name = "PATTERN", value_parser = parse_glob)]
    globs: Vec<Glob>,

    /// Input format: `text`, one article per file; or `jsonl`, one
    /// {"id", "date", "text", ...} object per line, answered by one output
    /// line per record, in order, with the id and the other fields.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = Format::Text)]
    input: Format,

    /// Threads extracting at once (default: one per core).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
}

/// Input formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// One article per file.
    Text,
    /// One JSON record per line.
    Jsonl,
}

fn parse_date(s: &str) -> Result<Date, String> {
    claimex::document::parse_ymd(s)
        .ok_or_else(|| format!("`{s}` is not a date of the form YYYY-MM-DD"))
}

fn parse_glob(s: &str) -> Result<Glob, String> {
    Glob::new(s).map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    let args = Args::parse();
    if args.input == Format::Jsonl && (args.json || args.gold.is_some()) {
        Args::command()
            .error(
                clap::error::ErrorKind::ArgumentConflict,
                "--input jsonl writes JSON lines: it cannot be used with --json or --gold",
            )
            .exit();
    }
    match run(&args) {
        Ok(code) => code,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("extract: {e}");
            ExitCode::from(2)
        }
    }
}

/// Exit statuses.
const OK: u8 = 0;
const RECORD_FAILED: u8 = 1;
const INPUT_FAILED: u8 = 2;

fn run(args: &Args) -> io::Result<ExitCode> {
    let mut gazetteer = match Gazetteer::builtin() {
        Ok(g) => g,
        Err(e) => {
            eprintln!("extract: {e}");
            return Ok(ExitCode::from(INPUT_FAILED));
        }
    };
    for dir in &args.gazetteers {
        if let Err(e) = gazetteer.load_dir(dir) {
            eprintln!("extract: {e}");
            return Ok(ExitCode::from(INPUT_FAILED));
        }
    }
    // Not locked for the run: the worker that finishes the next document
    // writes it, from its own thread. The buffer takes the lock once a
    // flush.
    let mut out = io::BufWriter::with_capacity(1 << 16, io::stdout());
    if args.gazetteer_stats {
        for (kind, n) in gazetteer.counts() {
            writeln!(out, "{:<12} {n}", format!("{kind}s"))?;
        }
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    // The extractor lives as long as the process: leaking it spares the
    // freeing of its many small allocations on the way out.
    let extractor: &'static Extractor = match Extractor::new(gazetteer) {
        Ok(x) => Box::leak(Box::new(x)),
        Err(e) => {
            eprintln!("extract: {e}");
            return Ok(ExitCode::from(INPUT_FAILED));
        }
    };
    if let Some(dir) = &args.gold {
        return gold(args, dir, extractor, &mut out);
    }
    let threads = args
        .threads
        .map_or_else(batch::available_threads, usize::from);
    let globs = if args.globs.is_empty() {
        let default = match args.input {
            Format::Text => "*.txt",
            Format::Jsonl => "*.jsonl",
        };
        vec![parse_glob(default).map_err(io::Error::other)?]
    } else {
        args.globs.clone()
    };
    let inputs = Inputs::new(args.files.clone(), args.recursive, globs);
    let jobs: Box<dyn Iterator<Item = Job> + Send> = match args.input {
        Format::Text => Box::new(inputs.map(Job::Text)),
        Format::Jsonl => Box::new(Lines::new(inputs).map(Job::Record)),
    };
    let style = Style::of(args);
    let render = Render {
        extractor,
        style,
        date: args.date,
    };
    let progress = Progress::new(io::stderr().is_terminal() && !io::stdout().is_terminal());
    let mut printer = Printer {
        out,
        array: style.is_array(),
        blank_between: matches!(style, Style::Human { .. }),
        first: true,
        status: OK,
        progress,
    };
    if printer.array {
        write!(printer.out, "[")?;
    }
    batch::run(
        jobs,
        batch::Options::with_threads(threads),
        |job| render.job(job),
        &mut printer,
    )?;
    if printer.array {
        writeln!(printer.out, "]")?;
    }
    printer.out.flush()?;
    Ok(ExitCode::from(printer.status))
}

/// How each document is printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    /// Lines for people, a blank line between documents.
    Human { explain: bool },
    /// One pretty JSON object (a single text input).
    JsonPretty,
    /// JSON objects in an array.
    JsonArray,
    /// One JSON object per line.
    Jsonl,
    /// One sentence per line.
    Sentences,
    /// One JSON sentence record per line.
    SentencesJsonl,
    /// One `{"path","sentences"}` object per input, in an array.
    SentencesJsonArray,
    /// `--input jsonl`: one output record per input record.
    Records { sentences: bool },
}

impl Style {
    fn of(args: &Args) -> Style {
        let many = args.files.len() > 1
            || (args.recursive && args.files.iter().any(|f| f != "-" && Path::new(f).is_dir()));
        match (args.input, args.sentences) {
            (Format::Jsonl, sentences) => Style::Records { sentences },
            (Format::Text, true) if args.jsonl => Style::SentencesJsonl,
            (Format::Text, true) if args.json => Style::SentencesJsonArray,
            (Format::Text, true) => Style::Sentences,
            (Format::Text, false) if args.jsonl => Style::Jsonl,
            (Format::Text, false) if args.json && many => Style::JsonArray,
            (Format::Text, false) if args.json => Style::JsonPretty,
            (Format::Text, false) => Style::Human {
                explain: args.explain,
            },
        }
    }

    fn is_array(self) -> bool {
        matches!(self, Style::JsonArray | Style::SentencesJsonArray)
    }
}

/// One unit of work.
enum Job {
    /// A text input: one article.
    Text(Input),
    /// A line of `--input jsonl`, or why the input could not be read.
    Record(Result<Line, InputError>),
}

/// One unit of work, done.
struct Done {
    /// Messages for stderr, without the `extract: ` prefix.
    notes: Vec<String>,
    /// The output, without separators between documents.
    body: Option<Vec<u8>>,
    /// Input bytes.
    bytes: usize,
    /// The exit status it calls for.
    status: u8,
}

impl Done {
    fn failed(note: String, status: u8) -> Done {
        Done {
            notes: vec![note],
            body: None,
            bytes: 0,
            status,
        }
    }
}

/// Room made at once for the output line of a record, per byte of the
/// record: document objects run at about four and a half times their
/// article, so the line seldom has to grow (and be copied) as it is written.
const LINE_PER_RECORD_BYTE: usize = 6;

/// The most room made at once for an output line (a long record with few
/// claims must not reserve six times its size); a longer line grows.
const LINE_ROOM_MAX: usize = 1 << 20;

/// Turns jobs into output; shared by the worker threads.
struct Render<'a> {
    extractor: &'a Extractor,
    style: Style,
    date: Option<Date>,
}

impl Render<'_> {
    fn job(&self, job: Job) -> Done {
        match job {
            Job::Text(input) => self.text(input),
            Job::Record(Ok(line)) => self.record(line),
            Job::Record(Err(e)) => Done::failed(e.to_string(), INPUT_FAILED),
        }
    }

    fn text(&self, input: Input) -> Done {
        let label = input.label().to_string();
        let text = match inputs::read(&input) {
            Ok(t) => t,
            Err(e) => return Done::failed(e.to_string(), INPUT_FAILED),
        };
        let notes: Vec<String> = text.warning().into_iter().collect();
        let bytes = text.bytes;
        let doc = Document::new(text.path, text.text, self.date);
        match batch::catch_panic(|| self.document(&doc)) {
            Ok(Ok(body)) => Done {
                notes,
                body: Some(body),
                bytes,
                status: OK,
            },
            Ok(Err(e)) => Done::failed(format!("{label}: {e}"), INPUT_FAILED),
            Err(p) => Done::failed(internal(&label, &p), INPUT_FAILED),
        }
    }

    /// The output of one text document, in the style asked for.
    fn document(&self, doc: &Document) -> io::Result<Vec<u8>> {
        let x = self.extractor;
        let mut s = Vec::new();
        match self.style {
            Style::Sentences | Style::SentencesJsonl | Style::SentencesJsonArray => {
                let spans = x.sentences(doc);
                let rec = output::sentences(doc, &spans);
                match self.style {
                    Style::SentencesJsonl => {
                        for sentence in &rec.sentences {
                            write_json(&mut s, sentence)?;
                            s.push(b'\n');
                        }
                    }
                    Style::SentencesJsonArray => write_json(&mut s, &rec)?,
                    _ => {
                        for sentence in &rec.sentences {
                            let words: Vec<&str> = sentence.text.split_whitespace().collect();
                            s.extend_from_slice(words.join(" ").as_bytes());
                            s.push(b'\n');
                        }
                    }
                }
            }
            _ => {
                let ex = x.extract(doc);
                let rec = output::document(x.gazetteer(), doc, &ex);
                match self.style {
                    Style::Jsonl => {
                        write_json(&mut s, &rec)?;
                        s.push(b'\n');
                    }
                    Style::JsonArray => write_json(&mut s, &rec)?,
                    Style::JsonPretty => {
                        serde_json::to_writer_pretty(&mut s, &rec).map_err(io::Error::other)?;
                        s.push(b'\n');
                    }
                    _ => {
                        let explain = matches!(self.style, Style::Human { explain: true });
                        s = output::human(&rec, doc, explain).into_bytes();
                    }
                }
            }
        }
        Ok(s)
    }

    fn record(&self, line: Line) -> Done {
        let bytes = line.bytes.len();
        let at = format!("{}:{}", line.source, line.number);
        let rejected = |id: Option<&serde_json::value::RawValue>, error: &records::RecordError| {
            let named = id
                .map(|id| format!(" (id {})", id.get()))
                .unwrap_or_default();
            Done {
                notes: vec![format!("{at}: {error}{named}")],
                body: Some((records::error_line(id, line.number, error) + "\n").into_bytes()),
                bytes,
                status: RECORD_FAILED,
            }
        };
        let record = match records::parse(&line.bytes) {
            Ok(r) => r,
            Err(rej) => return rejected(rej.id.as_deref(), &rej.error),
        };
        let sentences = self.style == Style::Records { sentences: true };
        let envelope = record.envelope;
        let doc = Document::new(record.path, record.text, record.date.or(self.date));
        let object = batch::catch_panic(|| -> io::Result<Vec<u8>> {
            let x = self.extractor;
            let room = bytes
                .saturating_mul(LINE_PER_RECORD_BYTE)
                .saturating_add(256)
                .min(LINE_ROOM_MAX);
            let mut line = Vec::with_capacity(room);
            if sentences {
                let rec = output::sentences(&doc, &x.sentences(&doc));
                envelope.write_wrapped(&rec, &mut line)
            } else {
                let ex = x.extract(&doc);
                envelope.write_wrapped(&output::document(x.gazetteer(), &doc, &ex), &mut line)
            }
            .map_err(io::Error::other)?;
            line.push(b'\n');
            Ok(line)
        });
        match object {
            Ok(Ok(line)) => Done {
                notes: Vec::new(),
                body: Some(line),
                bytes,
                status: OK,
            },
            Ok(Err(e)) => Done::failed(format!("{at}: {e}"), RECORD_FAILED),
            Err(p) => {
                let error = internal(&at, &p);
                let line = records::error_line(envelope.id.as_deref(), line.number, &p) + "\n";
                Done {
                    notes: vec![error],
                    body: Some(line.into_bytes()),
                    bytes,
                    status: RECORD_FAILED,
                }
            }
        }
    }
}

fn internal(label: &str, p: &Panicked) -> String {
    format!("{label}: {p} (a bug: please report it with this input)")
}

/// Writes results in order, with the separators of the style.
struct Printer<W: Write> {
    out: W,
    /// Inside a JSON array: commas between documents.
    array: bool,
    /// A blank line between documents.
    blank_between: bool,
    first: bool,
    status: u8,
    progress: Progress,
}

impl<W: Write> Sink<Done> for Printer<W> {
    type Error = io::Error;

    fn put(&mut self, result: Result<Done, Panicked>) -> io::Result<()> {
        let done = result.unwrap_or_else(|p| Done::failed(p.to_string(), INPUT_FAILED));
        if !done.notes.is_empty() {
            // Keep stdout and stderr in order on a shared terminal.
            self.out.flush()?;
            self.progress.suspend(|| {
                for note in &done.notes {
                    eprintln!("extract: {note}");
                }
            });
        }
        self.status = self.status.max(done.status);
        if let Some(body) = &done.body {
            if !self.first {
                if self.array {
                    self.out.write_all(b",")?;
                } else if self.blank_between {
                    self.out.write_all(b"\n")?;
                }
            }
            self.out.write_all(body)?;
            self.first = false;
        }
        self.progress.add(done.bytes);
        Ok(())
    }

    fn idle(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// The progress bar: shown on stderr when it is a terminal (and stdout is
/// not) once a run has lasted a second.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    start: Instant,
    shown: bool,
    documents: u64,
}

/// How long a run goes before the bar appears.
const PROGRESS_AFTER: Duration = Duration::from_secs(1);

impl Progress {
    fn new(enabled: bool) -> Progress {
        let bar = enabled
            .then(|| {
                indicatif::ProgressStyle::with_template(
                    "{spinner} {msg}, {binary_bytes} ({binary_bytes_per_sec}), {elapsed}",
                )
                .ok()
            })
            .flatten()
            .map(|style| {
                indicatif::ProgressBar::with_draw_target(
                    None,
                    indicatif::ProgressDrawTarget::hidden(),
                )
                .with_style(style)
            });
        Progress {
            bar,
            start: Instant::now(),
            shown: false,
            documents: 0,
        }
    }

    fn add(&mut self, bytes: usize) {
        self.documents += 1;
        let Some(bar) = &self.bar else { return };
        bar.inc(bytes as u64);
        if !self.shown && self.start.elapsed() >= PROGRESS_AFTER {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            bar.enable_steady_tick(Duration::from_millis(200));
            self.shown = true;
        }
        if self.shown {
            bar.set_message(format!("{} documents", self.documents));
        }
    }

    fn suspend(&self, f: impl FnOnce()) {
        match &self.bar {
            Some(bar) if self.shown => bar.suspend(f),
            _ => f(),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    /// A run that ends early (a closed pipe) leaves no bar behind either.
    fn drop(&mut self) {
        self.finish();
    }
}

/// `--gold DIR`: extracts the given files (or DIR's `.txt` files) and scores
/// them against DIR's gold.
fn gold(
    args: &Args,
    dir: &std::path::Path,
    extractor: &Extractor,
    out: &mut impl Write,
) -> io::Result<ExitCode> {
    let gold = match claimex::score::load_gold_dir(dir) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("extract: {e}");
            return Ok(ExitCode::from(INPUT_FAILED));
        }
    };
    let only_given = !args.files.is_empty();
    let files: Vec<String> = if only_given {
        args.files.clone()
    } else {
        let mut found: Vec<String> = match std::fs::read_dir(dir) {
            Ok(entries) => entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "txt"))
                .map(|p| p.to_string_lossy().into_owned())
                .collect(),
            Err(e) => {
                eprintln!("extract: {}: {}", dir.display(), inputs::io_reason(&e));
                return Ok(ExitCode::from(INPUT_FAILED));
            }
        };
        found.sort();
        found
    };
    let mut failed = false;
    let mut docs = Vec::with_capacity(files.len());
    for name in &files {
        let input = if name == "-" {
            Input::Stdin
        } else {
            Input::File {
                path: PathBuf::from(name),
                label: name.clone(),
            }
        };
        match inputs::read(&input) {
            Ok(text) => {
                if let Some(w) = text.warning() {
                    eprintln!("extract: {w}");
                }
                let doc = Document::new(text.path, text.text, args.date);
                let ex = extractor.extract(&doc);
                let rec = output::document(extractor.gazetteer(), &doc, &ex);
                docs.push(serde_json::to_value(&rec).map_err(io::Error::other)?);
            }
            Err(e) => {
                eprintln!("extract: {e}");
                failed = true;
            }
        }
    }
    let predicted = claimex::score::predicted_by_stem(docs.iter());
    let report = claimex::score::score(&gold, &predicted, only_given);
    if args.json {
        writeln!(out, "{}", to_json_pretty(&report)?)?;
    } else {
        if args.errors {
            for miss in &report.errors {
                writeln!(out, "{miss}")?;
            }
        }
        write!(out, "{report}")?;
    }
    out.flush()?;
    Ok(if failed {
        ExitCode::from(INPUT_FAILED)
    } else {
        ExitCode::SUCCESS
    })
}

/// Appends `v` as compact JSON to `out`.
fn write_json<T: serde::Serialize + ?Sized>(out: &mut Vec<u8>, v: &T) -> io::Result<()> {
    serde_json::to_writer(out, v).map_err(io::Error::other)
}

fn to_json_pretty<T: serde::Serialize>(v: &T) -> io::Result<String> {
    serde_json::to_string_pretty(v).map_err(io::Error::other)
}
