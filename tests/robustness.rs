//! Bad inputs: text as the web produces it. Each test names the behaviour it
//! checks; README.md (`## Robustness`) documents the same behaviours.
//!
//! The default run keeps inputs small (a debug build is slow). The large
//! cases are `#[ignore]`d and meant for a release build:
//!
//! ```sh
//! cargo test --release --test robustness -- --ignored
//! ```

use std::sync::{LazyLock, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use claimex::{output, Document, Extractor};
use serde_json::Value;

static EXTRACTOR: LazyLock<Extractor> =
    LazyLock::new(|| Extractor::builtin().expect("built-in extractor builds"));

/// Timing tests run one at a time, so that they do not slow each other down.
static TIMING: Mutex<()> = Mutex::new(());

fn timing() -> MutexGuard<'static, ()> {
    TIMING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn fixture_bytes(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn fixture(name: &str) -> String {
    String::from_utf8(fixture_bytes(name)).expect("fixture is UTF-8")
}

fn seed(name: &str) -> String {
    let path = format!("{}/seeds/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The document and its SPEC JSON object, with every span checked.
fn extract(text: &str) -> (Document, claimex::Extraction, Value) {
    let doc = Document::new(None, text.to_string(), None);
    let ex = EXTRACTOR.extract(&doc);
    let json = serde_json::to_value(output::document(EXTRACTOR.gazetteer(), &doc, &ex))
        .expect("output serialises");
    assert_spans_exact(&doc, &ex, &json);
    (doc, ex, json)
}

/// Every offset lies on a character boundary inside the input, every
/// reported `text` is exactly `input[start..end]`, and sentences are ordered
/// and do not overlap.
fn assert_spans_exact(doc: &Document, ex: &claimex::Extraction, json: &Value) {
    let text = doc.text.as_str();
    let exact = |what: &str, start: usize, end: usize| {
        assert!(start <= end && end <= text.len(), "{what} {start}..{end}");
        assert!(
            text.is_char_boundary(start) && text.is_char_boundary(end),
            "{what} {start}..{end} not on char boundaries"
        );
    };
    let mut last = doc.body_start;
    for s in &ex.sentences {
        exact("sentence", s.start, s.end);
        assert!(
            s.start >= last && s.start < s.end,
            "sentence {s:?} after {last}"
        );
        last = s.end;
    }
    for m in &ex.mentions {
        exact("mention", m.span.start, m.span.end);
    }
    for c in json["claims"].as_array().expect("claims") {
        for key in ["club", "player", "source", "trigger"] {
            let v = &c[key];
            if v.is_null() {
                continue;
            }
            let (start, end) = (offset(&v["start"]), offset(&v["end"]));
            exact(key, start, end);
            assert_eq!(
                Some(&text[start..end]),
                v["text"].as_str(),
                "{key} text is not input[{start}..{end}]"
            );
        }
        exact(
            "evidence",
            offset(&c["evidence"]["start"]),
            offset(&c["evidence"]["end"]),
        );
    }
}

fn offset(v: &Value) -> usize {
    usize::try_from(v.as_u64().expect("offset")).expect("offset fits")
}

/// (relation, club id, player id, source name) of a claim.
type Key = (String, String, String, Option<String>);

/// The key of every claim.
fn keys(json: &Value) -> Vec<Key> {
    let s = |v: &Value| v.as_str().unwrap_or_default().to_string();
    json["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .map(|c| {
            (
                s(&c["relation"]),
                s(&c["club"]["id"]),
                s(&c["player"]["id"]),
                c["source"]["name"].as_str().map(String::from),
            )
        })
        .collect()
}

/// The claims of the plain LF version of the fixture article.
fn article_keys() -> Vec<Key> {
    let (_, _, json) = extract(&fixture("article_lf.txt"));
    let k = keys(&json);
    assert_eq!(k.len(), 3, "the fixture article has three claims: {k:?}");
    k
}

// ----- encodings --------------------------------------------------------------

#[test]
fn invalid_utf8_decoded_with_replacement_characters_keeps_claims_and_exact_offsets() {
    let bytes = fixture_bytes("invalid_utf8.txt");
    // What the CLI names in its warning: the first bad byte.
    let bad = std::str::from_utf8(&bytes).expect_err("fixture is invalid");
    assert_eq!(bad.valid_up_to(), 16);
    let text = String::from_utf8_lossy(&bytes).into_owned();
    assert!(text.contains('\u{FFFD}'));
    let (doc, ex, json) = extract(&text);
    assert_eq!(
        doc.date.map(|d| d.to_string()).as_deref(),
        Some("2025-10-16")
    );
    assert_eq!(keys(&json), article_keys());
    // Offsets refer to the decoded text: a replacement character is three
    // bytes there, whatever it replaced.
    let arsenal = text.find("Arsenal").expect("club in text");
    assert!(ex.mentions.iter().any(|m| m.span.start == arsenal));
}

#[test]
fn junk_before_the_date_prefix_leaves_the_date_unread() {
    let text = format!("\u{FFFD}{}", fixture("article_lf.txt"));
    let (doc, _, json) = extract(&text);
    assert_eq!(doc.date, None);
    assert_eq!(doc.body_start, 0);
    assert_eq!(keys(&json), article_keys());
}

#[test]
fn byte_order_mark_before_the_date_prefix_is_read_as_the_prefix() {
    let text = fixture("bom_crlf.txt");
    assert!(text.starts_with('\u{FEFF}'));
    let (doc, ex, json) = extract(&text);
    assert_eq!(
        doc.date.map(|d| d.to_string()).as_deref(),
        Some("2025-10-16")
    );
    assert_eq!(
        doc.date_span.map(|s| s.slice(&text)),
        Some("date 2025-10-16")
    );
    assert!(ex
        .sentences
        .iter()
        .all(|s| !s.slice(&text).contains("date")));
    assert_eq!(keys(&json), article_keys());
    // The mark's three bytes count: the first claim's club sits 3 bytes later
    // than in the same article without the mark (first lines are equal).
    let (_, _, plain) = extract(&fixture("article_lf.txt"));
    assert_eq!(
        offset(&json["claims"][0]["club"]["start"]),
        offset(&plain["claims"][0]["club"]["start"]) + 3
    );
}

// ----- line endings and white space --------------------------------------------

#[test]
fn crlf_blank_lines_separate_paragraphs_and_sentences() {
    let lf = fixture("article_lf.txt");
    let crlf = fixture("bom_crlf.txt");
    let (lf_doc, lf_ex, _) = extract(&lf);
    let (crlf_doc, crlf_ex, _) = extract(&crlf);
    assert_eq!(crlf_doc.paragraphs.len(), lf_doc.paragraphs.len());
    assert_eq!(crlf_doc.paragraphs.len(), 3);
    let texts = |doc: &Document, ex: &claimex::Extraction| -> Vec<String> {
        ex.sentences
            .iter()
            .map(|s| s.slice(&doc.text).replace('\r', ""))
            .collect()
    };
    assert_eq!(texts(&crlf_doc, &crlf_ex), texts(&lf_doc, &lf_ex));
    assert!(crlf_ex
        .sentences
        .iter()
        .all(|s| !s.slice(&crlf).ends_with('\r')));
}

#[test]
fn lone_cr_line_endings_read_as_line_breaks() {
    let text = fixture("lone_cr.txt");
    assert!(!text.contains('\n'));
    let (doc, ex, json) = extract(&text);
    assert_eq!(doc.paragraphs.len(), 3);
    assert_eq!(ex.sentences.len(), 3);
    assert_eq!(keys(&json), article_keys());
}

#[test]
fn form_feeds_zero_width_and_non_breaking_spaces_are_text_with_exact_offsets() {
    let text = fixture("whitespace_zoo.txt");
    let (doc, ex, json) = extract(&text);
    assert_eq!(keys(&json), article_keys());
    // A form feed pair and U+2029 end paragraphs; names keep their odd
    // characters in their text.
    assert!(doc.paragraphs.len() >= 3);
    let club = json["claims"][1]["club"]["text"].as_str().unwrap_or("");
    assert_eq!(club, "Real Ma\u{200B}drid");
    let player = json["claims"][2]["player"]["text"].as_str().unwrap_or("");
    assert_eq!(player, "Bukayo\u{2003}Sa\u{2060}ka");
    assert!(ex
        .sentences
        .iter()
        .any(|s| s.slice(&text) == "READ NEXT stuff"));
}

// ----- HTML ---------------------------------------------------------------------

#[test]
fn names_inside_html_tags_are_never_mentions() {
    let text = r#"<a href="/Liverpool" title="Real Madrid">Konate</a>"#;
    let (_, ex, _) = extract(text);
    let tag_end = text.find('>').expect("tag") + 1;
    assert!(ex.mentions.iter().all(|m| m.span.start >= tag_end));
    assert!(!ex
        .mentions
        .iter()
        .any(|m| m.kind == claimex::gazetteer::Kind::Club));
}

#[test]
fn html_fragment_yields_the_claims_of_its_text_only() {
    let text = fixture("html_fragment.txt");
    let (_, ex, json) = extract(&text);
    let k = keys(&json);
    assert_eq!(
        k,
        [
            (
                "interest".into(),
                "brighton-hove-albion".into(),
                "ibrahima-konate".into(),
                Some("Vinny O'Connor".into())
            ),
            (
                "interest".into(),
                "arsenal".into(),
                "bukayo-saka".into(),
                None
            ),
        ],
        "{k:?}"
    );
    // No mention starts inside a tag or a comment.
    let mut inside = Vec::new();
    let mut open = None;
    for (i, c) in text.char_indices() {
        match (c, open) {
            ('<', None) => open = Some(i),
            ('>', Some(o)) => {
                inside.push(o..i + 1);
                open = None;
            }
            _ => {}
        }
    }
    for m in &ex.mentions {
        assert!(
            !inside.iter().any(|r| r.contains(&m.span.start)),
            "mention {:?} inside a tag",
            m.span.slice(&text)
        );
    }
    // Block tags end sentences: the heading is a sentence of its own.
    assert!(ex
        .sentences
        .iter()
        .any(|s| s.slice(&text) == "Transfer news"));
}

#[test]
fn html_entities_are_read_as_their_characters_and_spans_keep_the_raw_text() {
    let (_, _, json) = extract(&fixture("html_fragment.txt"));
    let first = &json["claims"][0];
    assert_eq!(first["club"]["text"], "Brighton &amp; Hove Albion");
    assert_eq!(first["club"]["name"], "Brighton & Hove Albion");
    let source = first["source"]["text"].as_str().unwrap_or("");
    assert!(source.ends_with("Vinny O&#8217;Connor"), "{source}");
}

// ----- binary junk --------------------------------------------------------------

/// A deterministic byte stream (xorshift), mixed with news fragments.
fn junk(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    let pieces: [&[u8]; 6] = [
        b"Liverpool want Konate. ",
        "according to Marca, “".as_bytes(),
        b"<p title=\"Real Madrid\">",
        b"&amp;",
        b"\r\n\r\n",
        b"\0\xff\xfe",
    ];
    let mut out = Vec::with_capacity(len + 32);
    while out.len() < len {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        if x % 5 == 0 {
            out.extend_from_slice(pieces[(x >> 8) as usize % pieces.len()]);
        } else {
            out.extend_from_slice(&x.to_le_bytes()[..(x % 8) as usize]);
        }
    }
    out
}

#[test]
fn binary_junk_with_nul_bytes_extracts_without_panic_and_with_exact_spans() {
    for seed in 1..=4 {
        let text = String::from_utf8_lossy(&junk(40_000, seed)).into_owned();
        extract(&text);
    }
}

// ----- size and time ------------------------------------------------------------

/// The time extraction of `text` takes (best of three runs).
fn time_of(text: &str) -> Duration {
    (0..3)
        .map(|_| {
            let start = Instant::now();
            let doc = Document::new(None, text.to_string(), None);
            let ex = EXTRACTOR.extract(&doc);
            let json = output::document(EXTRACTOR.gazetteer(), &doc, &ex);
            std::hint::black_box(json);
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// `unit` repeated to about `len` bytes.
fn repeat_to(unit: &str, len: usize) -> String {
    unit.repeat(len / unit.len() + 1)
}

/// Ten times the input takes less than thirty times as long: linear time,
/// with room for noise (a quadratic stage would take a hundred times as
/// long). A busy machine can stall one measurement, so a failing ratio is
/// measured again, up to five times in all.
fn assert_linear(what: &str, unit: &str, small: usize) {
    let _one_at_a_time = timing();
    // Warm up the lazily built parts, so the first timing is not inflated.
    time_of(&repeat_to(unit, 1_000));
    let (one, ten) = (repeat_to(unit, small), repeat_to(unit, small * 10));
    let mut tries = Vec::new();
    for _ in 0..5 {
        let (t1, t10) = (time_of(&one), time_of(&ten));
        let ratio = t10.as_secs_f64() / t1.as_secs_f64().max(1e-4);
        eprintln!("{what}: {small} bytes {t1:?}, ten times as many {t10:?} ({ratio:.1}x)");
        if ratio < 30.0 {
            return;
        }
        tries.push(format!("{t1:?} -> {t10:?} ({ratio:.1}x)"));
    }
    panic!(
        "{what}: {small} bytes against ten times as many: {}",
        tries.join(", ")
    );
}

/// The seed articles on one line, without line breaks.
fn one_line_news() -> String {
    let both = format!(
        "{} {}",
        seed("000_cb2bce5e5094902b.txt"),
        seed("003_f2ad27a947f09b65.txt")
    );
    both.replace(['\n', '\r'], " ")
}

#[test]
fn repeated_according_to_takes_linear_time() {
    assert_linear("according to", "according to ", 50_000);
}

#[test]
fn ten_thousand_unclosed_quotation_marks_take_linear_time() {
    for quote in ["\"", "“", "‘", "«"] {
        let text = format!("Liverpool want Konate {}", quote.repeat(10_000));
        let start = Instant::now();
        let (_, _, json) = extract(&text);
        assert!(start.elapsed() < Duration::from_secs(20));
        assert_eq!(keys(&json).len(), 1);
    }
    assert_linear("unclosed quotes", "\" ", 30_000);
    assert_linear("unclosed quotes", "“ ", 30_000);
}

#[test]
fn an_unterminated_run_of_claims_is_cut_into_bounded_sentences() {
    let text = repeat_to("Liverpool want Konate, ", 5_000);
    let (_, ex, json) = extract(&text);
    let longest = ex.sentences.iter().map(|s| s.len()).max().unwrap_or(0);
    assert!(longest <= claimex::sentences::MAX_SENTENCE);
    assert!(!keys(&json).is_empty());
}

#[test]
fn many_angle_brackets_and_ampersands_take_linear_time() {
    assert_linear("unclosed tags", "<p title=\"Liverpool <a ", 20_000);
    assert_linear("bare references", "&#8217&amp &", 20_000);
}

/// Peak resident memory of this process in KiB, where the system says.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Extracts `text` once: the time it took, the claim keys, and the check
/// that every span is exact.
fn timed_keys(text: String) -> (Duration, Vec<Key>) {
    let start = Instant::now();
    let doc = Document::new(None, text, None);
    let ex = EXTRACTOR.extract(&doc);
    let json = serde_json::to_value(output::document(EXTRACTOR.gazetteer(), &doc, &ex))
        .expect("serialises");
    let took = start.elapsed();
    assert_spans_exact(&doc, &ex, &json);
    (took, keys(&json))
}

// cargo test --release --test robustness -- --ignored hundred_megabytes
#[test]
#[ignore = "100 MB input: run in release, see the command above"]
fn hundred_megabytes_without_a_line_break_in_linear_time_and_bounded_memory() {
    let _one_at_a_time = timing();
    let unit = one_line_news();
    let (t10, keys10) = timed_keys(repeat_to(&unit, 10_000_000));
    let (t100, keys100) = timed_keys(repeat_to(&unit, 100_000_000));
    let peak = peak_rss_kib();
    eprintln!(
        "10 MB {t10:?}, 100 MB {t100:?}, {} distinct claims, peak memory {peak:?} KiB",
        keys100.len()
    );
    // The same article repeated states the same claims: none is lost.
    assert!(!keys100.is_empty());
    assert_eq!(keys100, keys10);
    let ratio = t100.as_secs_f64() / t10.as_secs_f64();
    assert!(ratio < 20.0, "10 MB {t10:?}, 100 MB {t100:?} ({ratio:.1}x)");
    if let Some(kib) = peak {
        // Input, folded copy and offset map: a small multiple of the input.
        assert!(kib < 2_500_000, "peak memory {kib} KiB for 100 MB");
    }
}

// cargo test --release --test robustness -- --ignored large
#[test]
#[ignore = "large inputs: run in release, see the command above"]
fn large_a_million_according_to_and_ten_megabyte_lines_take_linear_time() {
    {
        let _one_at_a_time = timing();
        let text = "according to ".repeat(1_000_000);
        let start = Instant::now();
        extract(&text);
        assert!(start.elapsed() < Duration::from_secs(60));
    }
    assert_linear("according to", "according to ", 1_000_000);
    assert_linear("dense claims", "Liverpool want Konate, ", 100_000);
    assert_linear("claims with dashes", "Liverpool – want – Konate ", 100_000);
    assert_linear("unclosed quotes", "“Liverpool want Konate ", 100_000);
    assert_linear("news on one line", &one_line_news(), 1_000_000);
    assert_linear(
        "attributed sentences",
        "According to Marca, Liverpool want Konate. ",
        100_000,
    );
    assert_linear(
        "quoted speakers",
        "“Liverpool want Konate,” said Romano. ",
        100_000,
    );
}

// Documents of many sentences: every stage looks up regions, quotations
// and sentences by position, never by scanning them all.
#[test]
fn news_on_one_line_many_attributed_sentences_and_quoted_speakers_take_linear_time() {
    assert_linear("news on one line", &one_line_news(), 100_000);
    assert_linear(
        "attributed sentences",
        "According to Marca, Liverpool want Konate. ",
        20_000,
    );
    assert_linear(
        "quoted speakers",
        "“Liverpool want Konate,” said Romano. ",
        20_000,
    );
    assert_linear("quoted paragraphs", "“Liverpool want Konate.”\n\n", 20_000);
}
