//! Gazetteer loading: up to five files separated by NUL bytes, read in the
//! order clubs, outlets, players, journalists, people (the order the loader
//! needs for club and affiliation references). Any content must either load
//! or be rejected with an error naming a line; a gazetteer that loads must
//! build the parts of the extractor made from it (the name automaton and the
//! reference patterns), and the automaton must find names in text made of
//! the gazetteer's own content with spans that slice that text.

#![no_main]

use std::collections::HashSet;
use std::path::Path;
use std::sync::{LazyLock, Mutex};

use claimex::gazetteer::Kind;
use claimex::mentions::Matcher;
use claimex::references::References;
use claimex::{Gazetteer, GazetteerError, Lexicon, Span};
use libfuzzer_sys::fuzz_target;

static LEXICON: LazyLock<Lexicon> =
    LazyLock::new(|| Lexicon::builtin().expect("built-in lexicon parses"));

/// League-name sets whose reference patterns have been compiled.
static SEEN_LEAGUES: LazyLock<Mutex<HashSet<String>>> = LazyLock::new(Mutex::default);

fuzz_target!(|data: &[u8]| {
    let content = String::from_utf8_lossy(data);
    let mut g = Gazetteer::empty();
    for (kind, part) in Kind::ALL.iter().zip(content.split('\0')) {
        let path = Path::new("fuzz").join(kind.file_name());
        match g.load_str(*kind, &path, part) {
            Ok(()) => {}
            Err(GazetteerError::Line { line, .. }) => {
                assert!(line >= 1 && line <= part.lines().count().max(1));
                return;
            }
            Err(e) => panic!("load_str returned an I/O error: {e}"),
        }
    }
    for (_, e) in g.iter() {
        assert!(!e.id.is_empty() && !e.name.is_empty());
        assert!(e
            .club
            .is_none_or(|c| g.get(c).is_some_and(|c| c.kind == Kind::Club)));
        assert!(e
            .affiliation
            .is_none_or(|a| g.get(a).is_some_and(|a| a.kind == Kind::Outlet)));
    }
    // Too large an automaton or pattern is an error, never a panic. The
    // reference patterns depend on the gazetteer only through its league
    // names: compile them once per set of league names.
    let mut leagues: Vec<&str> = g.iter().filter_map(|(_, e)| e.league.as_deref()).collect();
    leagues.sort_unstable();
    leagues.dedup();
    let key = leagues.join("\n");
    let fresh = SEEN_LEAGUES
        .lock()
        .map(|mut seen| seen.len() < 100_000 && seen.insert(key))
        .unwrap_or(true);
    if fresh {
        let _ = References::new(&LEXICON, &g);
    }
    let matcher = Matcher::new(&g);
    let body = content.replace(['\0', '\t', '|'], " ");
    for m in matcher.find(&body, Span::new(0, body.len())) {
        assert!(body.get(m.span.start..m.span.end).is_some());
        assert!(g.get(m.entity).is_some());
    }
});
