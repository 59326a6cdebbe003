//! Times the construction stages of the extractor:
//! `cargo run --release --example startup`.
use std::time::Instant;

fn main() {
    let t = Instant::now();
    let g = claimex::Gazetteer::builtin();
    let t1 = t.elapsed();
    let lex = claimex::Lexicon::builtin();
    let t2 = t.elapsed();
    let Ok(g) = g else { return };
    let _matcher = claimex::mentions::Matcher::new(&g);
    let t3 = t.elapsed();
    let x = claimex::Extractor::new(g.clone());
    let t4 = t.elapsed();
    println!(
        "gazetteer {t1:?} lexicon {:?} matcher {:?} extractor(all) {:?} ok={} {}",
        t2 - t1,
        t3 - t2,
        t4 - t3,
        lex.is_ok(),
        x.is_ok()
    );
}
