//! Properties that hold for any input: no panic; every offset lies on a
//! character boundary inside the input and names exactly its `text`;
//! sentences are ordered, do not overlap and stay within the cap; the output
//! is the same on every run and for every thread count.
//!
//! Inputs mix football-news fragments (names from the seed articles, cues,
//! triggers, quotation marks, dashes, emoji, fees, brackets, HTML, odd white
//! space and line endings) with arbitrary Unicode, so that some of them yield
//! claims and the span checks have something to check.

use std::sync::LazyLock;

use claimex::fold::Folded;
use claimex::sentences::MAX_SENTENCE;
use claimex::{output, Document, Extractor};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use serde_json::Value;

static EXTRACTOR: LazyLock<Extractor> =
    LazyLock::new(|| Extractor::builtin().expect("built-in extractor builds"));

const FRAGMENTS: &[&str] = &[
    // Names from the seed articles.
    "Liverpool",
    "Real Madrid",
    "Madrid",
    "Los Blancos",
    "the Reds",
    "Anfield",
    "Ibrahima Konate",
    "Konate",
    "Konaté",
    "Dayot Upamecano",
    "Upamecano",
    "Marc Guehi",
    "Crystal Palace",
    "Arsenal",
    "Bayern Munich",
    "Cadena SER",
    "Marca",
    "Fabrizio Romano",
    "David Ornstein",
    "TEAMtalk",
    "Sky Sports reporter Vinny O’Connor",
    "Arteta",
    // References.
    "the 26-year-old",
    "the Frenchman",
    "the France international",
    "the club",
    "he",
    "his agent",
    // Triggers and cues.
    " want ",
    " are keen on ",
    " are in talks with ",
    " have made a bid for ",
    " are willing to pay ",
    " have agreed personal terms with ",
    " signed for ",
    " is out of contract at ",
    " will not pursue ",
    " could leave ",
    " has not signed a new deal with ",
    "here we go",
    "according to ",
    "According to ",
    " reports ",
    " said",
    " told TEAMtalk",
    "Sources have told TEAMtalk that ",
    "two strong sources in Germany",
    " confirmed in a statement",
    " on October 13",
    " on Friday",
    // Money.
    "€20million (£17.3m, $23.3m)",
    "£60m",
    "60 million euros",
    "€10m plus €3m add-ons",
    // Punctuation, quotes, dashes, brackets, emoji.
    ". ",
    ", ",
    "; ",
    "? ",
    "! ",
    "...",
    "…",
    "“",
    "”",
    "‘",
    "’",
    "\"",
    "'",
    " – ",
    " — ",
    "-",
    "(",
    ")",
    "(Mirror)",
    "[",
    "]",
    "🔴",
    "💫",
    "1. ",
    "• ",
    "READ NEXT ",
    "Mr. ",
    "U.S. ",
    // Line endings and white space.
    "\n",
    "\n\n",
    "\r\n",
    "\r\n\r\n",
    "\r",
    "\u{0C}",
    "\u{0B}",
    "\t",
    " ",
    "\u{A0}",
    "\u{200B}",
    "\u{FEFF}",
    "\u{2028}",
    "\u{2029}",
    "\u{FFFD}",
    // HTML.
    "<p>",
    "</p>",
    "<br>",
    "<a href=\"/Liverpool\" title=\"Real Madrid\">",
    "</a>",
    "<!-- Chelsea -->",
    "&amp;",
    "&#8217;",
    "&eacute;",
    "&",
    "<",
    ">",
];

/// One piece of an input: a news fragment, an arbitrary character, or a
/// short arbitrary string.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => proptest::sample::select(FRAGMENTS).prop_map(String::from),
        2 => any::<char>().prop_map(String::from),
        1 => "\\PC{0,6}",
        1 => any::<String>().prop_map(|s| s.chars().take(6).collect()),
    ]
}

/// An input: up to 60 pieces, sometimes after a date prefix (with or
/// without a byte-order mark).
fn input() -> impl Strategy<Value = String> {
    let prefix = prop_oneof![
        2 => Just(""),
        2 => Just("date 2025-10-16 "),
        1 => Just("\u{FEFF}date 2025-10-16\r\n"),
        1 => Just(" date 2025-02-30 "),
    ];
    (prefix, proptest::collection::vec(piece(), 0..60))
        .prop_map(|(p, pieces)| format!("{p}{}", pieces.concat()))
}

fn offset(v: &Value) -> usize {
    usize::try_from(v.as_u64().expect("offset")).expect("offset fits")
}

/// The JSON document object of `text`.
fn run(text: &str) -> (Document, claimex::Extraction, Value) {
    let doc = Document::new(None, text.to_string(), None);
    let ex = EXTRACTOR.extract(&doc);
    let json = serde_json::to_value(output::document(EXTRACTOR.gazetteer(), &doc, &ex))
        .expect("output serialises");
    (doc, ex, json)
}

fn check_span(text: &str, what: &str, start: usize, end: usize) -> Result<(), TestCaseError> {
    prop_assert!(
        start <= end && end <= text.len(),
        "{} {}..{} outside the input",
        what,
        start,
        end
    );
    prop_assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{} {}..{} not on char boundaries",
        what,
        start,
        end
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 384, ..ProptestConfig::default() })]

    #[test]
    fn every_span_lies_on_char_boundaries_and_names_its_text(text in input()) {
        let (doc, ex, json) = run(&text);
        prop_assert!(doc.body_start <= text.len() && text.is_char_boundary(doc.body_start));
        for m in &ex.mentions {
            check_span(&text, "mention", m.span.start, m.span.end)?;
        }
        for c in json["claims"].as_array().expect("claims") {
            for key in ["club", "player", "source", "trigger"] {
                let v = &c[key];
                if v.is_null() {
                    continue;
                }
                let (start, end) = (offset(&v["start"]), offset(&v["end"]));
                check_span(&text, key, start, end)?;
                prop_assert_eq!(Some(&text[start..end]), v["text"].as_str(), "{} text", key);
            }
            check_span(&text, "evidence", offset(&c["evidence"]["start"]), offset(&c["evidence"]["end"]))?;
            let sentence = ex.sentences.get(offset(&c["sentence"]));
            prop_assert!(sentence.is_some(), "claim sentence index out of range");
        }
    }

    #[test]
    fn sentences_are_ordered_disjoint_trimmed_and_capped(text in input()) {
        let (doc, ex, _) = run(&text);
        let mut last = doc.body_start;
        for s in &ex.sentences {
            check_span(&text, "sentence", s.start, s.end)?;
            prop_assert!(s.start >= last, "sentence {:?} overlaps the one before (ends {})", s, last);
            prop_assert!(s.start < s.end, "empty sentence {:?}", s);
            prop_assert!(s.len() <= MAX_SENTENCE);
            let t = s.slice(&text);
            prop_assert_eq!(t, t.trim());
            last = s.end;
        }
        let mut last = doc.body_start;
        for p in &doc.paragraphs {
            check_span(&text, "paragraph", p.start, p.end)?;
            prop_assert!(p.start >= last && p.start < p.end);
            last = p.end;
        }
    }

    #[test]
    fn sentences_cover_every_non_space_character_of_the_body(text in input()) {
        // Tags between sentences are left out by design; without `<` no
        // character of the body may be dropped.
        let text = text.replace('<', "‹");
        let doc = Document::new(None, text.clone(), None);
        let spans = EXTRACTOR.sentences(&doc);
        let strip = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        let covered: String = spans.iter().map(|s| strip(s.slice(&text))).collect();
        prop_assert_eq!(covered, strip(doc.body()));
    }

    #[test]
    fn output_is_the_same_on_every_run(text in input()) {
        let (_, _, first) = run(&text);
        let (_, _, second) = run(&text);
        prop_assert_eq!(first, second);
    }

    #[test]
    fn folded_offsets_map_back_onto_char_boundaries_in_order(text in input()) {
        let folded = Folded::new(&text, 0);
        prop_assert_eq!(folded.map.len(), folded.text.len());
        prop_assert!(folded.text.is_ascii());
        prop_assert!(folded.map.windows(2).all(|w| w[0] <= w[1]));
        for i in 0..=folded.text.len() {
            let end = folded.end_of(i, &text);
            prop_assert!(end <= text.len() && text.is_char_boundary(end));
        }
        prop_assert!(folded.map.iter().all(|&o| text.is_char_boundary(o as usize)));
    }

    #[test]
    fn arbitrary_bytes_decoded_as_the_cli_does_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let (_, ex, json) = run(&text);
        for s in &ex.sentences {
            check_span(&text, "sentence", s.start, s.end)?;
        }
        prop_assert!(json["claims"].is_array());
    }
}

/// Documents for the thread test: the seeds, the robustness fixtures, and
/// generated inputs.
fn documents() -> Vec<String> {
    let dir = env!("CARGO_MANIFEST_DIR");
    let mut texts = Vec::new();
    for sub in ["seeds", "tests/fixtures"] {
        let mut paths: Vec<_> = std::fs::read_dir(format!("{dir}/{sub}"))
            .expect("directory")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        paths.sort();
        for p in paths {
            let bytes = std::fs::read(&p).expect("readable");
            texts.push(String::from_utf8_lossy(&bytes).into_owned());
        }
    }
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = input();
    for _ in 0..40 {
        let tree = strategy.new_tree(&mut runner).expect("generates");
        texts.push(tree.current());
    }
    texts
}

fn json_of(text: &str) -> String {
    let (_, _, json) = run(text);
    json.to_string()
}

#[test]
fn output_is_the_same_for_one_and_two_threads_sharing_one_extractor() {
    let texts = documents();
    let one: Vec<String> = texts.iter().map(|t| json_of(t)).collect();
    assert!(
        one.iter().any(|j| j.contains("\"relation\"")),
        "some documents yield claims"
    );
    let two: Vec<String> = std::thread::scope(|scope| {
        let (even, odd): (Vec<_>, Vec<_>) = texts.iter().enumerate().partition(|(i, _)| i % 2 == 0);
        let a = scope.spawn(move || {
            even.into_iter()
                .map(|(i, t)| (i, json_of(t)))
                .collect::<Vec<_>>()
        });
        let b = scope.spawn(move || {
            odd.into_iter()
                .map(|(i, t)| (i, json_of(t)))
                .collect::<Vec<_>>()
        });
        let mut all = a.join().expect("thread a");
        all.extend(b.join().expect("thread b"));
        all.sort_by_key(|(i, _)| *i);
        all.into_iter().map(|(_, j)| j).collect()
    });
    assert_eq!(one, two);
}

#[test]
fn generated_inputs_yield_claims_often_enough_to_check_their_spans() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = input();
    let total = 200;
    let with_claims = (0..total)
        .filter(|_| {
            let text = strategy.new_tree(&mut runner).expect("generates").current();
            let (_, _, json) = run(&text);
            json["claims"].as_array().is_some_and(|c| !c.is_empty())
        })
        .count();
    eprintln!("{with_claims} of {total} generated inputs yield claims");
    assert!(with_claims * 20 >= total, "only {with_claims} of {total}");
}
