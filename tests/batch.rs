//! Batch and streaming runs of `extract` as a user runs them: many inputs in
//! parallel with the output in input order, directory trees, `--input jsonl`
//! records with their fields carried through, bad records and bad files among
//! good ones, and the exit statuses.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const SEED: &str = "seeds/000_cb2bce5e5094902b.txt";
const SEED2: &str = "seeds/003_f2ad27a947f09b65.txt";

fn extract(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_extract"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("extract runs");
    if let Some(input) = stdin {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        pipe.write_all(input).expect("stdin accepts the input");
    }
    child.wait_with_output().expect("extract finishes")
}

fn seed(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).expect("seed")
}

fn lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A fresh directory for one test, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(tag: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("claimex-batch-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        Scratch(dir)
    }

    fn write(&self, name: &str, content: &[u8]) -> PathBuf {
        let path = self.0.join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("dirs");
        std::fs::write(&path, content).expect("write");
        path
    }

    fn path(&self) -> &str {
        self.0.to_str().expect("UTF-8 temp path")
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Articles of very different sizes, so that later ones often finish first.
fn articles() -> Vec<String> {
    let (a, b) = (seed(SEED), seed(SEED2));
    (0..48)
        .map(|i| match i % 4 {
            0 => a.clone(),
            1 => format!(
                "date 2025-01-0{} Arsenal are in talks with Chelsea over Cole Palmer.",
                1 + i % 9
            ),
            2 => b.clone(),
            _ => format!("{}\n\n{}\n\n{}", a.trim(), b.trim(), a.trim()),
        })
        .collect()
}

#[test]
fn order_is_input_order_and_output_the_same_for_every_thread_count() {
    let dir = Scratch::new("order");
    let docs = articles();
    for (i, text) in docs.iter().enumerate() {
        dir.write(&format!("d{}/{i:03}.txt", i / 10), text.as_bytes());
    }
    for mode in [
        &["--jsonl"][..],
        &[],
        &["--json"],
        &["--sentences", "--jsonl"],
    ] {
        let run = |threads: &str| {
            let mut args = vec!["-r", dir.path(), "--threads", threads];
            args.extend_from_slice(mode);
            let out = extract(&args, None);
            assert!(out.status.success(), "{}", stderr(&out));
            out.stdout
        };
        let one = run("1");
        for threads in ["2", "3", "8"] {
            assert!(
                one == run(threads),
                "{mode:?}: threads 1 and {threads} differ"
            );
        }
    }
    // In input order: d0/000.txt ... d4/047.txt.
    let out = extract(&["--jsonl", "-r", dir.path(), "--threads", "4"], None);
    let paths: Vec<String> = lines(&out)
        .iter()
        .map(|d| d["path"].as_str().expect("path").to_string())
        .collect();
    let want: Vec<String> = (0..docs.len())
        .map(|i| format!("{}/d{}/{i:03}.txt", dir.path(), i / 10))
        .collect();
    assert_eq!(paths, want);
    // And each document's claims are its own: the same as run alone.
    let alone = extract(&["--jsonl", &want[3]], None);
    assert_eq!(lines(&out)[3], lines(&alone)[0]);
}

#[test]
fn jsonl_records_round_trip_with_their_fields_carried_through() {
    let text = "Arsenal are in talks with Chelsea over a deal for Cole Palmer.";
    let input = format!(
        concat!(
            "{{\"id\": \"a1\", \"date\": \"2025-01-02\", \"text\": {t}, \"feed\": {{\"name\": \"x\", \"rank\": [1, 2.50]}}, \"lang\": \"en\"}}\n",
            "{{\"text\": {t}, \"id\": 2, \"score\": 1.50, \"note\": \"é ✓\"}}\n",
            "\n",
            "{{\"id\": null, \"text\": \"\", \"path\": \"feeds/x.txt\"}}\n"
        ),
        t = serde_json::to_string(text).expect("JSON string")
    );
    for threads in ["1", "2"] {
        let out = extract(
            &["--input", "jsonl", "--threads", threads],
            Some(input.as_bytes()),
        );
        assert!(out.status.success(), "{}", stderr(&out));
        let raw = String::from_utf8_lossy(&out.stdout).into_owned();
        let recs = lines(&out);
        assert_eq!(recs.len(), 3, "one line per record, blank lines skipped");
        assert_eq!(recs[0]["id"], "a1");
        assert_eq!(recs[0]["date"], "2025-01-02");
        assert_eq!(recs[0]["path"], serde_json::Value::Null);
        assert_eq!(recs[0]["lang"], "en");
        assert_eq!(
            recs[0]["feed"],
            serde_json::json!({"name": "x", "rank": [1, 2.5]})
        );
        assert!(recs[0].get("text").is_none(), "the text is not echoed");
        // Carried fields are copied as written (2.50 stays 2.50), in order.
        let first = raw.lines().next().expect("a line");
        assert!(
            first.ends_with(r#""feed":{"name": "x", "rank": [1, 2.50]},"lang":"en"}"#),
            "{first}"
        );
        assert!(raw.contains(r#""score":1.50,"note":"é ✓"}"#), "{raw}");
        assert_eq!(recs[1]["id"], 2);
        assert_eq!(recs[2]["path"], "feeds/x.txt");
        assert_eq!(recs[2]["claims"], serde_json::json!([]));
        // The claims are those of the same text given as a document.
        let alone = extract(&["--jsonl", "--date", "2025-01-02"], Some(text.as_bytes()));
        let alone = &lines(&alone)[0];
        assert_eq!(recs[0]["claims"], alone["claims"]);
        assert_eq!(recs[0]["claims"][0]["relation"], "talks");
        assert_eq!(recs[1]["claims"], alone["claims"]);
    }
    // --sentences gives one line per record too.
    let out = extract(
        &["--input", "jsonl", "--sentences"],
        Some(b"{\"id\":9,\"text\":\"Arsenal want Rice. Chelsea agree.\"}\n"),
    );
    let recs = lines(&out);
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0]["id"], 9);
    assert_eq!(recs[0]["sentences"][1]["text"], "Chelsea agree.");
}

#[test]
fn a_bad_record_among_good_ones_gets_an_error_line_and_status_1() {
    let input = concat!(
        "{\"id\": 1, \"text\": \"Arsenal want Declan Rice.\"}\n",
        "{\"id\": 2, \"text\": \"Chelsea want\n",
        "{\"id\": 3, \"body\": \"no text here\"}\n",
        "{\"id\": 4, \"text\": 42}\n",
        "{\"id\": 5, \"text\": \"x\", \"date\": \"2025-02-30\"}\n",
        "[1, 2]\n",
        "{\"id\": 7, \"text\": \"Madrid want Upamecano.\"}\n",
    );
    for threads in ["1", "2"] {
        let out = extract(
            &["--input", "jsonl", "--threads", threads],
            Some(input.as_bytes()),
        );
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let recs = lines(&out);
        assert_eq!(recs.len(), 7);
        let ids: Vec<serde_json::Value> = recs.iter().map(|r| r["id"].clone()).collect();
        assert_eq!(
            ids,
            serde_json::json!([1, null, 3, 4, 5, null, 7])
                .as_array()
                .cloned()
                .unwrap_or_default()
        );
        for (i, r) in recs.iter().enumerate() {
            let bad = (1..=5).contains(&i);
            assert_eq!(r.get("error").is_some(), bad, "{r}");
            assert_eq!(r.get("claims").is_some(), !bad, "{r}");
            if bad {
                assert_eq!(r["line"], i + 1);
            }
        }
        assert!(recs[1]["error"]
            .as_str()
            .is_some_and(|e| e.starts_with("invalid JSON")));
        assert_eq!(recs[2]["error"], "no `text` field");
        assert_eq!(recs[3]["error"], "`text` is not a string");
        assert_eq!(recs[6]["claims"][0]["relation"], "interest");
        let err = stderr(&out);
        assert!(
            err.contains("extract: <stdin>:3: no `text` field (id 3)"),
            "{err}"
        );
        assert_eq!(err.lines().count(), 5, "{err}");
    }
}

#[test]
fn a_directory_tree() {
    let dir = Scratch::new("tree");
    let (a, b) = (seed(SEED), seed(SEED2));
    dir.write("2025/10/a.txt", a.as_bytes());
    dir.write("2025/11/b.txt", b.as_bytes());
    dir.write("2025/11/notes.md", b"Arsenal want Declan Rice.");
    dir.write("2025/11/b.txt.bak", b"Arsenal want Declan Rice.");
    dir.write("top.txt", b"date 2025-01-02 Arsenal want Declan Rice.");
    std::fs::create_dir_all(dir.0.join("2025/12")).expect("empty directory");
    let root = dir.path();

    let out = extract(&["--jsonl", "-r", root], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let paths: Vec<String> = lines(&out)
        .iter()
        .map(|d| d["path"].as_str().expect("path").to_string())
        .collect();
    assert_eq!(
        paths,
        [
            format!("{root}/2025/10/a.txt"),
            format!("{root}/2025/11/b.txt"),
            format!("{root}/top.txt"),
        ]
    );
    // --glob changes the files taken; --recursive is -r.
    let md = extract(&["--jsonl", "--recursive", root, "--glob", "*.md"], None);
    assert_eq!(lines(&md).len(), 1);
    assert_eq!(lines(&md)[0]["claims"][0]["relation"], "interest");
    let both = extract(&["--jsonl", "-r", root, "--glob", "*.{md,txt}"], None);
    assert_eq!(lines(&both).len(), 4);
    // --json with a directory is an array.
    let json = extract(&["--json", "-r", root], None);
    let docs: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(docs.as_array().map(Vec::len), Some(3));
    // The same claims as the files given one by one.
    let by_name = extract(
        &[
            "--jsonl",
            &format!("{root}/2025/10/a.txt"),
            &format!("{root}/2025/11/b.txt"),
            &format!("{root}/top.txt"),
        ],
        None,
    );
    assert_eq!(out.stdout, by_name.stdout);
    // A directory without -r is an error; the other inputs are processed.
    let flat = extract(&["--jsonl", root, SEED], None);
    assert_eq!(flat.status.code(), Some(2));
    assert!(
        stderr(&flat).contains(&format!("extract: {root}: Is a directory")),
        "{}",
        stderr(&flat)
    );
    assert_eq!(lines(&flat).len(), 1);
    // --input jsonl walks *.jsonl files.
    dir.write(
        "feed/day1.jsonl",
        b"{\"id\":1,\"text\":\"Arsenal want Declan Rice.\"}\n",
    );
    dir.write(
        "feed/day2.jsonl",
        b"{\"id\":2,\"text\":\"Chelsea want Cole Palmer.\"}\n",
    );
    let feed = extract(&["--input", "jsonl", "-r", &format!("{root}/feed")], None);
    let ids: Vec<i64> = lines(&feed)
        .iter()
        .filter_map(|r| r["id"].as_i64())
        .collect();
    assert_eq!(ids, [1, 2]);
}

#[test]
fn unreadable_inputs_are_reported_and_the_rest_processed() {
    let dir = Scratch::new("bad");
    dir.write("a.txt", b"Arsenal want Declan Rice.");
    dir.write("b.txt", b"abc\0def");
    dir.write("c.txt", b"Chelsea want Cole \xffPalmer.");
    dir.write("d.txt", b"Madrid want Upamecano.");
    let fifo = dir.0.join("e.txt");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    let root = dir.path();
    let out = extract(&["--jsonl", "-r", root, "no/such.txt"], None);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("extract: {root}/b.txt: binary file, skipped")),
        "{err}"
    );
    assert!(
        err.contains(&format!("extract: {root}/c.txt: invalid UTF-8 at byte 18")),
        "{err}"
    );
    if made {
        assert!(
            err.contains(&format!(
                "extract: {root}/e.txt: not a regular file, skipped"
            )),
            "{err}"
        );
    }
    assert!(
        err.contains("extract: no/such.txt: No such file or directory"),
        "{err}"
    );
    let paths: Vec<String> = lines(&out)
        .iter()
        .map(|d| d["path"].as_str().expect("path").to_string())
        .collect();
    assert_eq!(
        paths,
        [
            format!("{root}/a.txt"),
            format!("{root}/c.txt"),
            format!("{root}/d.txt")
        ]
    );
    // A bad file and a bad record: the input error decides (2).
    let jsonl = dir.write("r.jsonl", b"{\"id\":1}\n");
    let both = extract(
        &[
            "--input",
            "jsonl",
            jsonl.to_str().expect("UTF-8"),
            "no/such.jsonl",
        ],
        None,
    );
    assert_eq!(both.status.code(), Some(2));
    assert_eq!(lines(&both).len(), 1);
}

#[test]
fn usage_errors_are_status_2() {
    for args in [
        &["--threads", "0"][..],
        &["--input", "xml"],
        &["--input", "jsonl", "--json"],
        &["--glob", "[abc", "-r", "."],
    ] {
        let out = extract(args, Some(b""));
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}

/// Spawns `extract` with piped standard streams.
fn spawn(args: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_extract"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("extract runs")
}

/// Reads one line on another thread, giving up after `secs` seconds.
fn line_within(
    reader: &mpsc::Receiver<String>,
    secs: u64,
) -> Result<String, mpsc::RecvTimeoutError> {
    reader.recv_timeout(Duration::from_secs(secs))
}

#[test]
fn a_live_feed_is_answered_record_by_record() {
    for threads in ["1", "2"] {
        let mut child = spawn(&["--input", "jsonl", "--threads", threads]);
        let mut stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        for id in 0..3 {
            writeln!(
                stdin,
                "{{\"id\":{id},\"text\":\"Arsenal want Declan Rice.\"}}"
            )
            .expect("write a record");
            stdin.flush().expect("flush");
            // The answer comes while standard input is still open.
            let line = line_within(&rx, 30).expect("an answer before the next record");
            let v: serde_json::Value = serde_json::from_str(&line).expect("JSON");
            assert_eq!(v["id"], id);
        }
        drop(stdin);
        let status = child.wait().expect("exits");
        assert!(status.success());
    }
}

#[test]
fn a_closed_output_ends_quietly_even_while_input_is_open() {
    let dir = Scratch::new("pipe");
    let a = seed(SEED);
    for i in 0..40 {
        dir.write(&format!("{i:02}.txt"), a.as_bytes());
    }
    // Files, on two threads.
    let mut child = spawn(&["-r", dir.path(), "--threads", "2"]);
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).expect("some output");
    drop(stdout);
    let out = child.wait_with_output().expect("finishes");
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A record stream whose input stays open: ends at the first failed write.
    let mut child = spawn(&["--input", "jsonl", "--threads", "2"]);
    let mut stdin = child.stdin.take().expect("stdin");
    let stdout = child.stdout.take().expect("stdout");
    drop(stdout);
    writeln!(stdin, "{{\"id\":1,\"text\":\"Arsenal want Declan Rice.\"}}").expect("write");
    stdin.flush().expect("flush");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    let out = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("exits with its input still open")
        .expect("waits");
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    drop(stdin);
}
