//! The trigger gate: which of many patterns may match a text, in one pass.
//!
//! In: regular expressions (their syntax trees) at build time; a text at
//! search time. Out: the indices of the patterns that may match the text, in
//! ascending order: every pattern that does match is among them, so running
//! just those patterns finds exactly what running all of them would.
//!
//! How: each pattern gets anchors, literals that every match of it must
//! begin (or else end) with, read from its syntax tree; one Aho-Corasick
//! automaton over all anchors, matching ASCII letters in either case, finds
//! the anchors in the text, and a pattern whose anchors are absent is left
//! out. A pattern with no usable anchors (a match may begin and end with
//! almost anything) is always a candidate. Building the gates of the built-in
//! triggers and cues takes a few milliseconds, where compiling all their
//! patterns as sets took tens of milliseconds and searched at under a
//! megabyte per second.
//!
//! Invariant: the patterns are matched case-insensitively for ASCII letters
//! only (as the lexicon compiles them), so anchors are compared that way.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::Hir;

/// Shortest anchor worth searching for, in bytes.
const MIN_ANCHOR: usize = 2;

/// Longest anchor kept, in bytes: longer literals are cut to this length
/// (a prefix keeps its first bytes, a suffix its last), which merges the
/// many spellings an alternation spells out into a few anchors.
const MAX_ANCHOR: usize = 6;

/// Most literals read from one pattern before its extraction gives up.
const MAX_LITERALS: usize = 64;

/// Which patterns may match a text.
#[derive(Clone, Debug)]
pub struct Gate {
    anchors: Option<AhoCorasick>,
    /// For each anchor, the patterns it stands for.
    owners: Vec<Vec<usize>>,
    /// Patterns without anchors: always candidates.
    always: Vec<usize>,
    patterns: usize,
}

/// Literals that every match of `hir` begins with (or, failing that, ends
/// with), lower-cased; `None` when some match may begin and end with fewer
/// than [`MIN_ANCHOR`] known bytes.
pub fn anchors(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    for kind in [ExtractKind::Prefix, ExtractKind::Suffix] {
        let mut seq = Extractor::new()
            .kind(kind.clone())
            .limit_total(MAX_LITERALS)
            .extract(hir);
        match kind {
            ExtractKind::Suffix => seq.keep_last_bytes(MAX_ANCHOR),
            _ => seq.keep_first_bytes(MAX_ANCHOR),
        }
        seq.dedup();
        let Some(literals) = seq.literals() else {
            continue;
        };
        if literals.is_empty() || literals.iter().any(|l| l.as_bytes().len() < MIN_ANCHOR) {
            continue;
        }
        let mut out: Vec<Vec<u8>> = literals
            .iter()
            .map(|l| l.as_bytes().to_ascii_lowercase())
            .collect();
        out.sort();
        out.dedup();
        return Some(out);
    }
    None
}

impl Gate {
    /// Builds the gate over the patterns' anchors (see [`anchors`]), one
    /// entry per pattern, in pattern order.
    pub fn new(per_pattern: &[Option<Vec<Vec<u8>>>]) -> Result<Gate, aho_corasick::BuildError> {
        let mut literals: Vec<&[u8]> = Vec::new();
        let mut owners: Vec<Vec<usize>> = Vec::new();
        let mut index: rustc_hash::FxHashMap<&[u8], usize> = Default::default();
        let mut always = Vec::new();
        for (i, anchors) in per_pattern.iter().enumerate() {
            let Some(anchors) = anchors else {
                always.push(i);
                continue;
            };
            for a in anchors {
                let k = *index.entry(&a[..]).or_insert_with(|| {
                    literals.push(a);
                    owners.push(Vec::new());
                    literals.len() - 1
                });
                if let Some(o) = owners.get_mut(k) {
                    o.push(i);
                }
            }
        }
        let anchors = if literals.is_empty() {
            None
        } else {
            Some(
                AhoCorasickBuilder::new()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::Standard)
                    // A few hundred short anchors: a full DFA is small and
                    // the fastest to search.
                    .kind(Some(AhoCorasickKind::DFA))
                    .build(&literals)?,
            )
        };
        Ok(Gate {
            anchors,
            owners,
            always,
            patterns: per_pattern.len(),
        })
    }

    /// The patterns that may match `text`, ascending.
    pub fn candidates(&self, text: &str) -> Vec<usize> {
        let mut seen = vec![false; self.patterns];
        for &i in &self.always {
            if let Some(s) = seen.get_mut(i) {
                *s = true;
            }
        }
        if let Some(ac) = &self.anchors {
            for m in ac.find_overlapping_iter(text) {
                for &i in self
                    .owners
                    .get(m.pattern().as_usize())
                    .into_iter()
                    .flatten()
                {
                    if let Some(s) = seen.get_mut(i) {
                        *s = true;
                    }
                }
            }
        }
        seen.iter()
            .enumerate()
            .filter_map(|(i, &s)| s.then_some(i))
            .collect()
    }

    /// How many patterns are always candidates (no usable anchors).
    pub fn unanchored(&self) -> usize {
        self.always.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hir(pattern: &str) -> Hir {
        regex_syntax::ParserBuilder::new()
            .build()
            .parse(pattern)
            .expect("valid pattern")
    }

    fn gate(patterns: &[&str]) -> Gate {
        let anchors: Vec<_> = patterns.iter().map(|p| anchors(&hir(p))).collect();
        Gate::new(&anchors).expect("gate")
    }

    #[test]
    fn anchors_are_prefixes_or_suffixes() {
        assert_eq!(
            anchors(&hir(r"(?-u:\b)(?:agreed|agrees) (?:a )?fee(?-u:\b)")),
            Some(vec![b"agreed".to_vec(), b"agrees".to_vec()])
        );
        // Cut to six bytes: "bid fo", "bids f", "offer ", "offers".
        assert_eq!(
            anchors(&hir(r"(?:bid|offer)s? for")).map(|a| a.len()),
            Some(4)
        );
        // Nothing known at the start, a literal at the end.
        assert_eq!(
            anchors(&hir(r"\w+ signing")),
            Some(vec![b"igning".to_vec()])
        );
        // Nothing known at either end.
        assert_eq!(anchors(&hir(r"\w+ to \w+")), None);
        assert_eq!(anchors(&hir(r"a|bid")), None);
    }

    #[test]
    fn only_patterns_that_may_match_are_candidates() {
        let g = gate(&[
            "talks with",
            "(?:made|make) contact",
            r"\w+ to \w+",
            "bid for",
        ]);
        assert_eq!(g.unanchored(), 1);
        assert_eq!(g.candidates("Everton opened TALKS WITH Spurs."), vec![0, 2]);
        assert_eq!(
            g.candidates("They made contact, then a bid for him."),
            vec![1, 2, 3]
        );
        assert_eq!(g.candidates("Nothing here."), vec![2]);
    }

    #[test]
    fn every_matching_pattern_is_a_candidate() {
        let patterns = [
            r"(?i)(?:opened|open|opens) (?:formal |initial )?talks",
            r"(?i)(?:bid|offer)s? (?:of|worth) ",
            r"(?i)(?:here we go)",
            r"(?i)(?:keen|eager) on",
        ];
        let g = gate(&patterns);
        let regexes: Vec<regex::Regex> = patterns
            .iter()
            .map(|p| regex::Regex::new(p).expect("valid"))
            .collect();
        for text in [
            "Chelsea have OPENED initial talks.",
            "A bid worth £40m and offers of more.",
            "Here We Go!",
            "Fulham are Keen On him; Spurs are eager on nobody.",
            "",
        ] {
            let candidates = g.candidates(text);
            for (i, r) in regexes.iter().enumerate() {
                if r.is_match(text) {
                    assert!(candidates.contains(&i), "{text:?}: pattern {i} missing");
                }
            }
        }
    }
}
