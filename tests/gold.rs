//! Accuracy regression: `extract --gold` over the project's own gold
//! articles (the two seeds in `seeds/`, and the articles written for the
//! project in `tests/articles/`) must not fall below the floors set from the
//! figures measured when they were added.

use std::process::Command;

fn gold_report(dir: &str) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_extract"))
        .args(["--gold", dir, "--json"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("extract runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("--gold --json prints a JSON report")
}

fn f1(report: &serde_json::Value, level: &str) -> f64 {
    report[level]["f1"].as_f64().expect("an F1 figure")
}

#[test]
fn seeds_stay_above_their_floor() {
    let report = gold_report("seeds");
    assert_eq!(report["articles"], 2);
    // Measured 0.963 attributed and 0.939 pair when the floor was set;
    // 0.975 and 0.979 since.
    assert!(
        f1(&report, "attributed") >= 0.94,
        "attributed F1 fell: {}",
        report["attributed"]
    );
    assert!(
        f1(&report, "pair") >= 0.92,
        "pair F1 fell: {}",
        report["pair"]
    );
}

#[test]
fn own_articles_stay_above_their_floor() {
    let report = gold_report("tests/articles");
    assert_eq!(report["articles"], 3);
    // Measured 1.0 at both levels once the rules they exposed were added
    // (0.533 attributed before); the floor leaves room for one or two keys.
    assert!(
        f1(&report, "attributed") >= 0.85,
        "attributed F1 fell: {}",
        report["attributed"]
    );
    assert!(
        f1(&report, "pair") >= 0.85,
        "pair F1 fell: {}",
        report["pair"]
    );
    assert_eq!(report["fee_accuracy"], 1.0);
}
