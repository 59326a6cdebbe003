//! The whole pipeline: bytes in (decoded as the CLI decodes them), claims
//! out, as the JSON document object and the text for people. Beyond "no
//! panic", every span the output reports must slice the input on character
//! boundaries and name exactly its `text`, and sentences must be ordered,
//! non-overlapping and inside the body.

#![no_main]

use std::sync::LazyLock;

use claimex::{output, Document, Extractor};
use libfuzzer_sys::fuzz_target;

static EXTRACTOR: LazyLock<Extractor> =
    LazyLock::new(|| Extractor::builtin().expect("built-in extractor builds"));

fn check_span(text: &str, what: &str, start: usize, end: usize, want: Option<&str>) {
    assert!(
        start <= end && end <= text.len(),
        "{what}: {start}..{end} outside input"
    );
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what}: {start}..{end} not on char boundaries"
    );
    if let Some(want) = want {
        assert_eq!(
            &text[start..end],
            want,
            "{what}: text differs from input[{start}..{end}]"
        );
    }
}

fn check_entity(text: &str, what: &str, v: &serde_json::Value) {
    let start = v["start"].as_u64().expect("start") as usize;
    let end = v["end"].as_u64().expect("end") as usize;
    check_span(text, what, start, end, v["text"].as_str());
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let doc = Document::new(None, text, claimex::document::parse_ymd("2025-10-16"));
    let text = doc.text.as_str();
    assert!(doc.body_start <= text.len() && text.is_char_boundary(doc.body_start));
    let ex = EXTRACTOR.extract(&doc);
    let mut last = doc.body_start;
    for s in &ex.sentences {
        assert!(
            s.start >= last && s.start < s.end,
            "sentence {s:?} out of order or empty"
        );
        check_span(text, "sentence", s.start, s.end, None);
        last = s.end;
    }
    for m in &ex.mentions {
        check_span(text, "mention", m.span.start, m.span.end, None);
    }
    let rec = output::document(EXTRACTOR.gazetteer(), &doc, &ex);
    let json = serde_json::to_value(&rec).expect("serialises");
    for c in json["claims"].as_array().expect("claims array") {
        check_entity(text, "club", &c["club"]);
        check_entity(text, "player", &c["player"]);
        check_entity(text, "trigger", &c["trigger"]);
        if !c["source"].is_null() {
            check_entity(text, "source", &c["source"]);
        }
        if let Some(fee) = c["fee"].as_object() {
            assert!(text.contains(fee["text"].as_str().expect("fee text")));
        }
        let ev = &c["evidence"];
        check_span(
            text,
            "evidence",
            ev["start"].as_u64().expect("start") as usize,
            ev["end"].as_u64().expect("end") as usize,
            None,
        );
    }
    let _ = output::human(&rec, &doc, true);
});
