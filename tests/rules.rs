//! Every relation trigger of `lexicons/relations.tsv` on its own example
//! sentence, through the whole pipeline: where the sentence names a club and
//! a player, a claim must come from that trigger line.

use claimex::{Document, Extractor, Lexicon};

#[test]
fn every_trigger_example_yields_a_claim_from_its_line() {
    let lexicon = Lexicon::builtin().expect("built-in lexicon");
    let extractor = Extractor::builtin().expect("built-in extractor");
    let mut failures = Vec::new();
    let mut checked = 0;
    for t in lexicon.triggers.iter().filter(|t| t.relation.is_some()) {
        let text = format!("date 2025-06-01 {}", t.example);
        let doc = Document::new(None, text, None);
        let ex = extractor.extract(&doc);
        let has = |k: claimex::gazetteer::Kind| ex.mentions.iter().any(|m| m.kind == k);
        if !(has(claimex::gazetteer::Kind::Club) && has(claimex::gazetteer::Kind::Player)) {
            continue;
        }
        checked += 1;
        let rule = format!("relations.tsv:{}", t.line);
        if !ex.claims.iter().any(|c| c.rule == rule) {
            failures.push(format!("{rule}: no claim from `{}`", t.example));
        }
    }
    assert!(
        checked > 100,
        "only {checked} examples name a club and a player"
    );
    assert!(
        failures.is_empty(),
        "{} of {checked} examples:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
