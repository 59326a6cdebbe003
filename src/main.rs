//! `extract`: prints the attributed transfer claims of football news.
//!
//! A thin layer over the `claimex` library: parse arguments, read inputs,
//! call the library, print. Exit status: 0 when every input was read, 2 when
//! any input could not be read or the arguments or gazetteers are wrong (as
//! grep does); output into a closed pipe ends quietly.

use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use claimex::{output, Document, Extractor, Gazetteer};
use clap::Parser;
use jiff::civil::Date;

/// Reads football transfer news and prints who claims what: which club and
/// which player, which relation (interest, talks, bid, agreement, transfer,
/// extension, contract_expiry, withdrawal, exit), and who says so.
#[derive(Parser, Debug)]
#[command(name = "extract", version, about, long_about = None)]
struct Args {
    /// Input files; none, or `-`, reads standard input.
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
}

fn parse_date(s: &str) -> Result<Date, String> {
    claimex::document::parse_ymd(s)
        .ok_or_else(|| format!("`{s}` is not a date of the form YYYY-MM-DD"))
}

/// One input's name and text, or why it could not be read.
fn read_input(name: &str) -> Result<(Option<String>, String), String> {
    let bytes = if name == "-" {
        let mut buf = Vec::new();
        io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| format!("<stdin>: {e}"))?;
        buf
    } else {
        std::fs::read(name).map_err(|e| format!("{name}: {}", io_reason(&e)))?
    };
    let label = if name == "-" { "<stdin>" } else { name };
    if bytes.contains(&0) {
        return Err(format!("{label}: binary file, skipped"));
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            eprintln!("extract: {label}: invalid UTF-8 at byte {at}; decoded with replacement characters (offsets refer to the decoded text)");
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    };
    let path = if name == "-" {
        None
    } else {
        Some(name.to_string())
    };
    Ok((path, text))
}

fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "No such file or directory".into(),
        io::ErrorKind::PermissionDenied => "Permission denied".into(),
        io::ErrorKind::IsADirectory => "Is a directory".into(),
        _ => e.to_string(),
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(code) => code,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("extract: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &Args) -> io::Result<ExitCode> {
    let mut gazetteer = match Gazetteer::builtin() {
        Ok(g) => g,
        Err(e) => {
            eprintln!("extract: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    for dir in &args.gazetteers {
        if let Err(e) = gazetteer.load_dir(dir) {
            eprintln!("extract: {e}");
            return Ok(ExitCode::from(2));
        }
    }
    let extractor = match Extractor::new(gazetteer) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("extract: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    if args.gazetteer_stats {
        for (kind, n) in extractor.counts() {
            writeln!(out, "{:<12} {n}", format!("{kind}s"))?;
        }
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(dir) = &args.gold {
        return gold(args, dir, &extractor, &mut out);
    }
    let files: Vec<String> = if args.files.is_empty() {
        vec!["-".into()]
    } else {
        args.files.clone()
    };
    let mut failed = false;
    let many = files.len() > 1;
    let mut first = true;
    if args.json && (many || args.sentences) {
        write!(out, "[")?;
    }
    for name in &files {
        let (path, text) = match read_input(name) {
            Ok(x) => x,
            Err(msg) => {
                out.flush()?;
                eprintln!("extract: {msg}");
                failed = true;
                continue;
            }
        };
        let doc = Document::new(path, text, args.date);
        let sep = if first { "" } else { "," };
        if args.sentences {
            let spans = extractor.sentences(&doc);
            let rec = output::sentences(&doc, &spans);
            if args.jsonl {
                for s in &rec.sentences {
                    writeln!(out, "{}", to_json(s)?)?;
                }
            } else if args.json {
                write!(out, "{sep}{}", to_json(&rec)?)?;
            } else {
                for s in &rec.sentences {
                    writeln!(
                        out,
                        "{}",
                        s.text.split_whitespace().collect::<Vec<_>>().join(" ")
                    )?;
                }
            }
        } else {
            let ex = extractor.extract(&doc);
            let rec = output::document(extractor.gazetteer(), &doc, &ex);
            if args.jsonl {
                writeln!(out, "{}", to_json(&rec)?)?;
            } else if args.json {
                if many {
                    write!(out, "{sep}{}", to_json(&rec)?)?;
                } else {
                    writeln!(out, "{}", to_json_pretty(&rec)?)?;
                }
            } else {
                if !first {
                    writeln!(out)?;
                }
                write!(out, "{}", output::human(&rec, &doc, args.explain))?;
            }
        }
        first = false;
    }
    if args.json && (many || args.sentences) {
        writeln!(out, "]")?;
    }
    out.flush()?;
    Ok(if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
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
            return Ok(ExitCode::from(2));
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
                eprintln!("extract: {}: {}", dir.display(), io_reason(&e));
                return Ok(ExitCode::from(2));
            }
        };
        found.sort();
        found
    };
    let mut failed = false;
    let mut docs = Vec::with_capacity(files.len());
    for name in &files {
        match read_input(name) {
            Ok((path, text)) => {
                let doc = Document::new(path, text, args.date);
                let ex = extractor.extract(&doc);
                let rec = output::document(extractor.gazetteer(), &doc, &ex);
                docs.push(serde_json::to_value(&rec).map_err(io::Error::other)?);
            }
            Err(msg) => {
                eprintln!("extract: {msg}");
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
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

fn to_json<T: serde::Serialize>(v: &T) -> io::Result<String> {
    serde_json::to_string(v).map_err(io::Error::other)
}

fn to_json_pretty<T: serde::Serialize>(v: &T) -> io::Result<String> {
    serde_json::to_string_pretty(v).map_err(io::Error::other)
}
