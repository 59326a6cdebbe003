//! The `extract` command as a user runs it: inputs, formats, errors, exit
//! statuses.

use std::io::Write;
use std::process::{Command, Output, Stdio};

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

/// A fresh directory holding one gazetteer file; removed by the caller.
fn gazetteer_dir(tag: &str, file: &str, content: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("claimex-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join(file), content).expect("write gazetteer file");
    dir
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

#[test]
fn stdin_gives_the_same_claims_as_the_file_with_null_path() {
    let file = extract(&[SEED, "--json"], None);
    assert!(file.status.success());
    let text =
        std::fs::read(format!("{}/{SEED}", env!("CARGO_MANIFEST_DIR"))).expect("seed exists");
    let piped = extract(&["--json"], Some(&text));
    assert!(piped.status.success());
    let (a, b) = (json(&file), json(&piped));
    assert_eq!(a["path"], SEED);
    assert_eq!(b["path"], serde_json::Value::Null);
    assert_eq!(a["claims"], b["claims"]);
    assert!(a["claims"].as_array().is_some_and(|c| !c.is_empty()));
}

#[test]
fn dash_reads_stdin() {
    let out = extract(
        &["-", "--jsonl"],
        Some(b"date 2025-01-02 Arsenal are in talks with Chelsea over a deal for Cole Palmer."),
    );
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON line");
    assert_eq!(doc["date"], "2025-01-02");
}

#[test]
fn offsets_slice_the_input() {
    let out = extract(&[SEED, "--json"], None);
    let text = std::fs::read_to_string(format!("{}/{SEED}", env!("CARGO_MANIFEST_DIR")))
        .expect("seed exists");
    let doc = json(&out);
    let claims = doc["claims"].as_array().expect("claims array");
    for c in claims {
        for key in ["club", "player", "source"] {
            let e = &c[key];
            if e.is_null() {
                continue;
            }
            let (s, t) = (
                e["start"].as_u64().expect("start") as usize,
                e["end"].as_u64().expect("end") as usize,
            );
            assert_eq!(
                &text[s..t],
                e["text"].as_str().expect("text"),
                "{key} of {c}"
            );
        }
        let ev = &c["evidence"];
        let (s, t) = (
            ev["start"].as_u64().expect("start") as usize,
            ev["end"].as_u64().expect("end") as usize,
        );
        assert!(text.is_char_boundary(s) && text.is_char_boundary(t) && s < t);
    }
}

#[test]
fn several_files_json_is_an_array_and_jsonl_one_line_each() {
    let out = extract(&[SEED, SEED2, "--json"], None);
    assert!(out.status.success());
    let docs = json(&out);
    let docs = docs.as_array().expect("array for several inputs");
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[1]["path"], SEED2);
    let out = extract(&[SEED, SEED2, "--jsonl"], None);
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["date"], "2025-10-16");
}

#[test]
fn sentences_in_three_formats() {
    let input = b"date 2025-01-02 Arsenal want Rice. Chelsea agree. \n\nSpurs wait";
    let plain = extract(&["--sentences"], Some(input));
    assert_eq!(
        String::from_utf8_lossy(&plain.stdout),
        "Arsenal want Rice.\nChelsea agree.\nSpurs wait\n"
    );
    let jsonl = extract(&["--sentences", "--jsonl"], Some(input));
    let recs: Vec<serde_json::Value> = String::from_utf8_lossy(&jsonl.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(recs.len(), 3);
    assert_eq!(recs[0]["index"], 0);
    assert_eq!(recs[0]["start"], 16);
    assert_eq!(recs[0]["text"], "Arsenal want Rice.");
    assert_eq!(recs[2]["path"], serde_json::Value::Null);
    let json = extract(&["--sentences", "--json"], Some(input));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(v[0]["sentences"][1]["text"], "Chelsea agree.");
}

#[test]
fn missing_file_is_reported_and_the_rest_processed() {
    let out = extract(&["no/such/file.txt", SEED, "--jsonl"], None);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("extract: no/such/file.txt: No such file or directory"),
        "{err}"
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
}

#[test]
fn empty_input_has_no_claims_and_succeeds() {
    let out = extract(&["--json"], Some(b""));
    assert!(out.status.success());
    let doc = json(&out);
    assert_eq!(doc["claims"], serde_json::json!([]));
}

#[test]
fn date_option_fills_a_missing_prefix() {
    let out = extract(
        &["--json", "--date", "2024-08-09"],
        Some(b"Arsenal want Declan Rice."),
    );
    assert_eq!(json(&out)["date"], "2024-08-09");
    let bad = extract(&["--date", "2024-13-01"], Some(b""));
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("2024-13-01"));
}

#[test]
fn binary_input_is_skipped_with_status_2() {
    let out = extract(&["--jsonl"], Some(b"abc\0def"));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("binary file, skipped"));
}

#[test]
fn bad_gazetteer_names_file_and_line() {
    let dir = gazetteer_dir(
        "bad",
        "clubs.tsv",
        "id\tname\tcountry\tleague\taliases\nBad Id\tX\t\t\t\n",
    );
    let out = extract(
        &["--gazetteer", dir.to_str().expect("utf-8 path")],
        Some(b""),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("clubs.tsv:2: id `Bad Id`"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn user_gazetteer_adds_names() {
    let dir = gazetteer_dir(
        "ok",
        "players.tsv",
        "id\tname\taliases\tnationality\tposition\tborn\tclub\nzed-quorvath\tZed Quorvath\tQuorvath\t\tstriker\t2001\tarsenal\n",
    );
    let input = b"date 2025-01-02 Chelsea are in talks with Quorvath.";
    let without = extract(&["--jsonl"], Some(input));
    assert_eq!(json(&without)["claims"], serde_json::json!([]));
    let with = extract(
        &["--jsonl", "--gazetteer", dir.to_str().expect("utf-8 path")],
        Some(input),
    );
    let doc = json(&with);
    assert_eq!(doc["claims"][0]["player"]["name"], "Zed Quorvath");
    assert_eq!(doc["claims"][0]["relation"], "talks");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn closed_pipe_ends_quietly() {
    // Many inputs, and a reader that closes after the first line.
    let args: Vec<&str> = vec![SEED; 200];
    let mut child = Command::new(env!("CARGO_BIN_EXE_extract"))
        .args(&args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("extract runs");
    let mut stdout = child.stdout.take().expect("piped");
    let mut first = [0u8; 16];
    std::io::Read::read_exact(&mut stdout, &mut first).expect("some output");
    drop(stdout);
    let out = child.wait_with_output().expect("finishes");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.is_empty(), "{err}");
}

#[test]
fn help_and_version() {
    let help = extract(&["--help"], None);
    assert!(help.status.success());
    let text = String::from_utf8_lossy(&help.stdout);
    for flag in [
        "--json",
        "--jsonl",
        "--sentences",
        "--gazetteer",
        "--date",
        "--explain",
    ] {
        assert!(text.contains(flag), "--help lists {flag}");
    }
    let version = extract(&["--version"], None);
    assert!(String::from_utf8_lossy(&version.stdout).starts_with("extract "));
}

#[test]
fn a_player_no_gazetteer_knows_is_found_by_context_and_marked() {
    let input = "date 2025-08-01 Brentford striker Zoltan Kerrigan-Vass is wanted by Arsenal, according to Sky Sports.";
    let doc = json(&extract(&["--json"], Some(input.as_bytes())));
    let player = &doc["claims"][0]["player"];
    assert_eq!(player["name"], "Zoltan Kerrigan-Vass");
    assert_eq!(player["known"], false);
    assert_eq!(player["id"], "zoltan-kerrigan-vass");
    let club = &doc["claims"][0]["club"];
    assert_eq!(club["name"], "Arsenal");
    assert!(
        club.get("known").is_none(),
        "known entities carry no `known` field"
    );
}
