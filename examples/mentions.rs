//! Prints the mentions (names and resolved references) of a text read from
//! standard input: `cargo run --release --example mentions < article.txt`.
use std::io::Read;

fn main() {
    let mut text = String::new();
    if std::io::stdin().read_to_string(&mut text).is_err() {
        return;
    }
    let Ok(x) = claimex::Extractor::builtin() else {
        return;
    };
    let doc = claimex::Document::new(None, text, None);
    let ex = x.extract(&doc);
    for m in &ex.mentions {
        let name = x
            .gazetteer()
            .get(m.entity)
            .map(|e| e.name.clone())
            .unwrap_or_default();
        println!(
            "{:?} {:?} {:?} -> {}",
            m.kind,
            m.how,
            m.span.slice(&doc.text),
            name
        );
    }
}
