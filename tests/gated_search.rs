//! The gates of the built-in lexicon against plain search: for every
//! trigger, cue and source phrase, on every sentence of the seed articles
//! (as text and as token text) and on variants of them, searching only the
//! gate's candidates from the gate's start offsets finds exactly the matches
//! (and capture groups) that searching the whole text with every pattern
//! finds; and the first of them alone is the first one.

use claimex::gate::{captures_all, find_all, first_captures, Gate};
use claimex::lexicon::Pattern;
use claimex::shadow::Shadow;
use claimex::{references, Document, Extractor, Lexicon};

const SEEDS: [&str; 2] = [
    include_str!("../seeds/000_cb2bce5e5094902b.txt"),
    include_str!("../seeds/003_f2ad27a947f09b65.txt"),
];

/// Sentences of the seeds, their token texts, and variants that move
/// letters' case and join neighbours (so that matches cross what were
/// sentence edges).
fn texts(extractor: &Extractor, lexicon: &Lexicon) -> Vec<String> {
    let mut out = Vec::new();
    for seed in SEEDS {
        let doc = Document::new(None, seed.to_string(), None);
        let ex = extractor.extract(&doc);
        let sentences: Vec<&str> = ex.sentences.iter().map(|s| s.slice(&doc.text)).collect();
        for (i, s) in ex.sentences.iter().enumerate() {
            let items: Vec<_> = claimex::mentions::within(&ex.mentions, *s)
                .map(|m| (m.span, references::tag(m.kind)))
                .collect();
            out.push(Shadow::new(&doc.text, *s, &items).text);
            let plain = sentences[i];
            out.push(plain.to_string());
            out.push(plain.to_uppercase());
            out.push(plain.to_lowercase());
            if let Some(next) = sentences.get(i + 1) {
                out.push(format!("{plain} {next}"));
            }
        }
    }
    for t in &lexicon.triggers {
        out.push(t.example.clone());
        out.push(format!("{} and {}", t.example, t.example.to_uppercase()));
    }
    out
}

fn spans(found: impl IntoIterator<Item = regex_automata::Match>) -> Vec<(usize, usize)> {
    found.into_iter().map(|m| (m.start(), m.end())).collect()
}

/// Checks one family of patterns; returns how many (pattern, text) pairs
/// had matches, so the caller can tell the check was not vacuous.
fn check(name: &str, gate: &Gate, patterns: &[Option<&Pattern>], texts: &[String]) -> usize {
    let mut matched = 0;
    for text in texts {
        let candidates = gate.scan(text);
        for (i, regex) in patterns.iter().enumerate() {
            let Some(regex) = regex else { continue };
            let plain = spans(regex.find_iter(text.as_str()));
            let candidate = candidates.iter().find(|c| c.pattern == i);
            let Some(candidate) = candidate else {
                assert!(
                    plain.is_empty(),
                    "{name} {i} matches {text:?} but is no candidate"
                );
                continue;
            };
            if !plain.is_empty() {
                matched += 1;
            }
            let starts = candidate.starts;
            assert_eq!(
                spans(find_all(regex, text, starts)),
                plain,
                "{name} {i} on {text:?}"
            );
            let groups = |caps: &regex_automata::util::captures::Captures| {
                (0..caps.group_len())
                    .map(|g| caps.get_group(g).map(|s| (s.start, s.end)))
                    .collect::<Vec<_>>()
            };
            let gated: Vec<_> = captures_all(regex, text, starts)
                .iter()
                .map(groups)
                .collect();
            let full: Vec<_> = regex
                .captures_iter(text.as_str())
                .map(|c| groups(&c))
                .collect();
            assert_eq!(gated, full, "{name} {i} groups on {text:?}");
            let first = first_captures(regex, text, starts).map(|c| groups(&c));
            assert_eq!(first.as_ref(), full.first(), "{name} {i} first on {text:?}");
        }
    }
    matched
}

#[test]
fn gated_search_finds_what_full_search_finds() {
    let lexicon = Lexicon::builtin().expect("built-in lexicon");
    let extractor = Extractor::builtin().expect("built-in extractor");
    let texts = texts(&extractor, &lexicon);
    let triggers: Vec<_> = lexicon.triggers.iter().map(|t| t.regex()).collect();
    let cues: Vec<_> = lexicon.cues.iter().map(|c| c.regex()).collect();
    let phrases: Vec<_> = lexicon.phrases.iter().map(|p| Some(&p.regex)).collect();
    let t = check("trigger", &lexicon.trigger_gate, &triggers, &texts);
    let c = check("cue", &lexicon.cue_gate, &cues, &texts);
    let p = check("phrase", &lexicon.phrase_gate, &phrases, &texts);
    assert!(t > 300 && c > 10 && p > 10, "too few matches: {t} {c} {p}");
}
