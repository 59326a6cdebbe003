//! Snapshots of the two seed articles: the `--json` and default outputs, and
//! a comparison with the seeds' gold claims that marks every claim right (+)
//! or wrong (-) and lists the gold claims missed, so a reader of a snapshot
//! sees at once which lines are known to be wrong.

use std::process::Command;

fn run(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_extract"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("extract runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[test]
fn seed_000_json() {
    insta::assert_snapshot!(run(&["seeds/000_cb2bce5e5094902b.txt", "--json"]));
}

#[test]
fn seed_003_json() {
    insta::assert_snapshot!(run(&["seeds/003_f2ad27a947f09b65.txt", "--json"]));
}

#[test]
fn seed_000_text() {
    insta::assert_snapshot!(run(&["seeds/000_cb2bce5e5094902b.txt"]));
}

#[test]
fn seed_003_text() {
    insta::assert_snapshot!(run(&["seeds/003_f2ad27a947f09b65.txt"]));
}

#[test]
fn seed_000_sentences() {
    insta::assert_snapshot!(run(&["seeds/000_cb2bce5e5094902b.txt", "--sentences"]));
}

#[test]
fn seed_003_sentences() {
    insta::assert_snapshot!(run(&["seeds/003_f2ad27a947f09b65.txt", "--sentences"]));
}
