//! The pattern gate: which of many patterns may match a text, and from
//! where, in one pass.
//!
//! In: regular expressions (their syntax trees) at build time; a text at
//! search time. Out: the patterns that may match the text, in ascending
//! order, each with the offsets where a match of it may begin when its
//! anchors tell them: every pattern that does match is among them, and every
//! match begins at one of its offsets, so running just those patterns from
//! just those offsets ([`find_all`], [`captures_all`]) finds exactly what
//! running all of them over the whole text would. The lexicon gates its
//! relation triggers, attribution cues and source phrases this way.
//!
//! How: each pattern gets anchors, literals that every match of it must
//! begin with and literals it must end with, read from its syntax tree; one
//! Aho-Corasick automaton over all anchors, matching ASCII letters in either
//! case, is walked over the text, and a pattern is left out when its start
//! anchors or its end anchors are absent. Where its start anchors occur is
//! where its matches may begin. A pattern that opens (or closes) with a
//! word boundary `\b` takes no anchor that begins (or ends) between two
//! word bytes. A pattern with no usable anchors (a match may begin and end
//! with almost anything) is always a candidate. Building the gates of the
//! built-in lexicon takes a few milliseconds.
//!
//! Invariant: anchors are read from the patterns as written and compared
//! ignoring ASCII case, as the lexicon's patterns match letters in either
//! case. (Their case-insensitive matching also accepts the two non-ASCII
//! letters that fold to ASCII ones, the long s `ſ` and the Kelvin sign; a
//! word spelt with those is not seen.)

use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::MatchKind;
use fixedbitset::FixedBitSet;
use regex_automata::meta::Regex;
use regex_automata::util::captures::Captures;
use regex_automata::{Anchored, Input, Match};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Hir, HirKind, Look};

/// Shortest anchor worth searching for, in bytes.
const MIN_ANCHOR: usize = 2;

/// Longest anchor kept, in bytes: longer literals are cut to this length
/// (a prefix keeps its first bytes, a suffix its last), which merges the
/// many spellings an alternation spells out into a few anchors.
const MAX_ANCHOR: usize = 6;

/// Most literals read from one pattern before its extraction gives up.
const MAX_LITERALS: usize = 256;

/// Which end of a match an anchor sits at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edge {
    /// Every match begins with one of the anchors: where an anchor occurs
    /// is where a match may begin.
    Start,
    /// Every match ends with one of the anchors.
    End,
}

/// A pattern's anchors: lower-cased literals, at least `MIN_ANCHOR` bytes
/// each, sorted and distinct. At least one of the two sets is known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Anchors {
    /// Every match begins with one of these, when known.
    pub starts: Option<Vec<Vec<u8>>>,
    /// Every match ends with one of these, when known.
    pub ends: Option<Vec<Vec<u8>>>,
    /// Every match begins at a word boundary (the pattern opens with `\b`):
    /// a start anchor occurring inside a word is no start.
    pub word_start: bool,
    /// Every match ends at a word boundary (the pattern closes with `\b`):
    /// an end anchor occurring inside a word is no end.
    pub word_end: bool,
}

/// Which patterns may match a text.
#[derive(Clone, Debug)]
pub struct Gate {
    /// All anchors of all patterns, as one automaton whose match states
    /// list every anchor ending there.
    anchors: Option<DFA>,
    /// For each anchor, the patterns it stands for and at which end.
    owners: Vec<Owners>,
    /// For each pattern, which anchor sets it has: (starts, ends).
    needs: Vec<(bool, bool)>,
    /// The patterns with neither: always candidates.
    always: Vec<usize>,
}

/// The patterns one anchor stands for.
///
/// End anchors say only that a pattern's end occurs, so each anchor keeps
/// its patterns as two sets, joined to the text's set at one go: however
/// many patterns end with a common anchor (a source token's last bytes end
/// most attribution cues), an occurrence costs a few word operations.
#[derive(Clone, Debug, Default)]
struct Owners {
    /// Patterns whose matches may begin where the anchor begins.
    starts: Vec<StartOf>,
    /// Patterns that end with the anchor and at a word boundary.
    ends_at_word: Option<FixedBitSet>,
    /// Patterns that end with the anchor anywhere.
    ends: Option<FixedBitSet>,
}

/// A pattern whose matches may begin where an anchor begins.
#[derive(Clone, Copy, Debug)]
struct StartOf {
    /// The pattern.
    pattern: usize,
    /// Its matches begin at a word boundary.
    at_word: bool,
    /// It has end anchors too, one of which must occur.
    needs_end: bool,
}

impl Owners {
    /// Adds `pattern`'s `edge` (of `patterns` in all), bounded by a word
    /// boundary or not; `needs_end` tells whether the pattern has end
    /// anchors.
    fn add(&mut self, pattern: usize, edge: Edge, at_word: bool, needs_end: bool, patterns: usize) {
        let set = match edge {
            Edge::Start => {
                return self.starts.push(StartOf {
                    pattern,
                    at_word,
                    needs_end,
                })
            }
            Edge::End if at_word => &mut self.ends_at_word,
            Edge::End => &mut self.ends,
        };
        set.get_or_insert_with(|| FixedBitSet::with_capacity(patterns))
            .insert(pattern);
    }
}

/// A pattern that may match a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Candidate<'s> {
    /// The pattern's index, in the order given to [`Gate::new`].
    pub pattern: usize,
    /// Byte offsets where a match may begin, ascending and distinct; `None`
    /// when the gate cannot tell (it may begin anywhere).
    pub starts: Option<&'s [usize]>,
}

/// What one [`Gate::scan`] found: the candidate patterns, ascending, whose
/// starts lie in one shared list (two allocations a scan, not one a
/// candidate).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scan {
    /// Each candidate pattern with the range of its starts in `starts`, or
    /// `None` when it may begin anywhere.
    found: Vec<(usize, Option<std::ops::Range<usize>>)>,
    /// The candidates' starts, one run after another.
    starts: Vec<usize>,
}

impl Scan {
    /// The candidates, in ascending pattern order.
    pub fn iter(&self) -> impl Iterator<Item = Candidate<'_>> + '_ {
        self.found.iter().map(|(pattern, range)| Candidate {
            pattern: *pattern,
            starts: range.clone().and_then(|r| self.starts.get(r)),
        })
    }

    /// How many patterns are candidates.
    pub fn len(&self) -> usize {
        self.found.len()
    }

    /// Whether no pattern is a candidate.
    pub fn is_empty(&self) -> bool {
        self.found.is_empty()
    }
}

/// Working space of [`Gate::scan`], kept per thread so that a scan
/// allocates only what it returns.
#[derive(Default)]
struct Scratch {
    /// Occurrences of anchors that begin some pattern: (anchor, start).
    seen: Vec<(usize, usize)>,
    /// (pattern, start) for the patterns still candidates.
    hits: Vec<(usize, usize)>,
    /// Patterns whose end anchors occur.
    ended: FixedBitSet,
}

thread_local! {
    /// This thread's [`Scratch`].
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// The literals every match of `hir` begins with (`Edge::Start`) or ends
/// with (`Edge::End`), lower-cased; `None` when some match may have fewer
/// than [`MIN_ANCHOR`] known bytes there.
fn literals_at(hir: &Hir, edge: Edge) -> Option<Vec<Vec<u8>>> {
    let kind = match edge {
        Edge::Start => ExtractKind::Prefix,
        Edge::End => ExtractKind::Suffix,
    };
    let mut seq = Extractor::new()
        .kind(kind)
        .limit_total(MAX_LITERALS)
        // Literals are cut to their anchor length as they are built, so
        // that optional words before (or after) a required one multiply
        // into few anchors instead of overflowing the limit.
        .limit_literal_len(MAX_ANCHOR)
        .extract(hir);
    match edge {
        Edge::Start => seq.keep_first_bytes(MAX_ANCHOR),
        Edge::End => seq.keep_last_bytes(MAX_ANCHOR),
    }
    seq.dedup();
    let literals = seq.literals()?;
    if literals.is_empty() || literals.iter().any(|l| l.as_bytes().len() < MIN_ANCHOR) {
        return None;
    }
    let mut out: Vec<Vec<u8>> = literals
        .iter()
        .map(|l| l.as_bytes().to_ascii_lowercase())
        .collect();
    out.sort();
    out.dedup();
    Some(out)
}

/// The anchors of `hir`: the literals every match of it begins with and
/// those it ends with; `None` when neither end is known.
pub fn anchors(hir: &Hir) -> Option<Anchors> {
    let starts = literals_at(hir, Edge::Start);
    let ends = literals_at(hir, Edge::End);
    (starts.is_some() || ends.is_some()).then(|| Anchors {
        starts,
        ends,
        word_start: at_word_boundary(hir, Edge::Start),
        word_end: at_word_boundary(hir, Edge::End),
    })
}

/// Whether every match of `hir` has a word boundary (`\b`, ASCII or
/// Unicode) at its `edge`: the pattern opens (or closes) with one, in every
/// alternative. (Literal extraction reads past such assertions, so the
/// anchors themselves do not tell.)
fn at_word_boundary(hir: &Hir, edge: Edge) -> bool {
    match hir.kind() {
        HirKind::Look(look) => matches!(look, Look::WordAscii | Look::WordUnicode),
        HirKind::Capture(c) => at_word_boundary(&c.sub, edge),
        HirKind::Concat(parts) => {
            let outer = match edge {
                Edge::Start => parts.first(),
                Edge::End => parts.last(),
            };
            outer.is_some_and(|p| at_word_boundary(p, edge))
        }
        HirKind::Alternation(alts) => alts.iter().all(|a| at_word_boundary(a, edge)),
        _ => false,
    }
}

/// An ASCII word byte: a letter, digit or underscore. Both neighbours of a
/// word boundary cannot be word bytes, in the ASCII or the Unicode sense.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Whether offset `at` of `text` lies between two word bytes, where no
/// word boundary can be.
fn inside_word(text: &[u8], at: usize) -> bool {
    let before = at.checked_sub(1).and_then(|i| text.get(i));
    matches!((before, text.get(at)), (Some(&b), Some(&a)) if is_word_byte(b) && is_word_byte(a))
}

impl Gate {
    /// Builds the gate over the patterns' anchors (see [`anchors`]), one
    /// entry per pattern, in pattern order.
    pub fn new(per_pattern: &[Option<Anchors>]) -> Result<Gate, aho_corasick::BuildError> {
        let mut literals: Vec<&[u8]> = Vec::new();
        let mut owners: Vec<Owners> = Vec::new();
        let mut index: rustc_hash::FxHashMap<&[u8], usize> = Default::default();
        let mut needs = Vec::with_capacity(per_pattern.len());
        for (i, anchors) in per_pattern.iter().enumerate() {
            let (starts, ends) = match anchors {
                Some(a) => (a.starts.as_deref(), a.ends.as_deref()),
                None => (None, None),
            };
            needs.push((starts.is_some(), ends.is_some()));
            let (word_start, word_end) = anchors
                .as_ref()
                .map_or((false, false), |a| (a.word_start, a.word_end));
            let sets = [
                (starts, Edge::Start, word_start),
                (ends, Edge::End, word_end),
            ];
            for (set, edge, at_word) in sets {
                for a in set.into_iter().flatten() {
                    let k = *index.entry(&a[..]).or_insert_with(|| {
                        literals.push(a);
                        owners.push(Owners::default());
                        literals.len() - 1
                    });
                    if let Some(o) = owners.get_mut(k) {
                        o.add(i, edge, at_word, ends.is_some(), per_pattern.len());
                    }
                }
            }
        }
        let anchors = if literals.is_empty() {
            None
        } else {
            Some(
                // A few hundred short anchors: a full DFA is the fastest to
                // walk. Standard semantics: each match state holds every
                // anchor that ends there, overlaps included.
                DFA::builder()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::Standard)
                    .prefilter(false)
                    .build(&literals)?,
            )
        };
        let always = needs
            .iter()
            .enumerate()
            .filter_map(|(i, &n)| (n == (false, false)).then_some(i))
            .collect();
        Ok(Gate {
            anchors,
            owners,
            needs,
            always,
        })
    }

    /// The patterns that may match `text`, ascending, with where their
    /// matches may begin: a pattern is a candidate when one of its start
    /// anchors and one of its end anchors occur in `text` (each that it
    /// has), or when it has neither.
    pub fn scan(&self, text: &str) -> Scan {
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => self.scan_with(text, &mut scratch),
            Err(_) => self.scan_with(text, &mut Scratch::default()),
        })
    }

    /// [`Gate::scan`] in the working space `scratch`.
    ///
    /// The walk records the occurrences of anchors that begin patterns and
    /// joins the end sets; only then are the occurrences expanded to
    /// (pattern, start) hits, and only for the patterns whose end anchors
    /// occurred (or that have none), so that a common start anchor of
    /// patterns whose ends are absent costs one record, not one a pattern.
    /// An anchor inside a word is no edge of a match of a pattern that must
    /// begin (or end) at a word boundary.
    fn scan_with(&self, text: &str, scratch: &mut Scratch) -> Scan {
        let Scratch { seen, hits, ended } = scratch;
        seen.clear();
        hits.clear();
        ended.clear();
        ended.grow(self.needs.len());
        let bytes = text.as_bytes();
        // No anchor fits in a text shorter than the shortest one.
        if let Some(dfa) = self.anchors.as_ref().filter(|_| bytes.len() >= MIN_ANCHOR) {
            Self::walk(dfa, bytes, |anchor, start, len| {
                let Some(owners) = self.owners.get(anchor) else {
                    return;
                };
                if !owners.starts.is_empty() {
                    seen.push((anchor, start));
                }
                if let Some(set) = &owners.ends {
                    ended.union_with(set);
                }
                if let Some(set) = &owners.ends_at_word {
                    if !inside_word(bytes, start + len) {
                        ended.union_with(set);
                    }
                }
            });
        }
        for &(anchor, start) in seen.iter() {
            let Some(owners) = self.owners.get(anchor) else {
                continue;
            };
            let in_word = inside_word(bytes, start);
            for s in &owners.starts {
                if (s.needs_end && !ended.contains(s.pattern)) || (s.at_word && in_word) {
                    continue;
                }
                hits.push((s.pattern, start));
            }
        }
        hits.sort_unstable();
        hits.dedup();
        let mut out = Scan {
            found: Vec::new(),
            starts: Vec::with_capacity(hits.len()),
        };
        // Patterns with start anchors: those found whose end anchors are
        // found too (filtered above).
        let mut rest = hits.as_slice();
        while let Some(&(pattern, _)) = rest.first() {
            let n = rest.iter().take_while(|h| h.0 == pattern).count();
            let (group, after) = rest.split_at(n);
            rest = after;
            let from = out.starts.len();
            out.starts.extend(group.iter().map(|h| h.1));
            out.found.push((pattern, Some(from..out.starts.len())));
        }
        // Patterns that may match anywhere: no start anchors, and either
        // no end anchors or end anchors found.
        let anywhere = self.always.iter().copied().chain(
            ended
                .ones()
                .filter(|&i| self.needs.get(i).is_some_and(|n| !n.0)),
        );
        out.found.extend(anywhere.map(|pattern| (pattern, None)));
        out.found.sort_unstable_by_key(|c| c.0);
        out
    }

    /// Walks the automaton over `text` one byte at a time and calls
    /// `found(anchor, start, length)` for every anchor occurrence (overlaps
    /// included): an occurrence ending at byte `i` began its length before
    /// `i + 1`.
    fn walk(dfa: &DFA, text: &[u8], mut found: impl FnMut(usize, usize, usize)) {
        let Ok(mut sid) = dfa.start_state(aho_corasick::Anchored::No) else {
            return;
        };
        let mut at = 0;
        while let Some((i, next)) = Self::next_match(dfa, text, at, sid) {
            sid = next;
            for k in 0..dfa.match_len(sid) {
                let anchor = dfa.match_pattern(sid, k);
                let len = dfa.pattern_len(anchor);
                found(anchor.as_usize(), (i + 1).saturating_sub(len), len);
            }
            at = i + 1;
        }
    }

    /// Walks the automaton from state `sid` over `text` from offset `at` to
    /// the first byte after which it is in a match state: that byte's
    /// offset and the state, or `None` at the end of the text.
    ///
    /// Kept out of line so that the loop over the bytes, where almost all
    /// of the walk's time goes, holds its few values in registers.
    #[inline(never)]
    fn next_match(
        dfa: &DFA,
        text: &[u8],
        at: usize,
        mut sid: aho_corasick::automaton::StateID,
    ) -> Option<(usize, aho_corasick::automaton::StateID)> {
        let rest = text.get(at..)?;
        for (k, &byte) in rest.iter().enumerate() {
            sid = dfa.next_state(aho_corasick::Anchored::No, sid, byte);
            if dfa.is_special(sid) && dfa.is_match(sid) {
                return Some((at + k, sid));
            }
        }
        None
    }

    /// The patterns that may match `text`, ascending.
    pub fn candidates(&self, text: &str) -> Vec<usize> {
        self.scan(text).iter().map(|c| c.pattern).collect()
    }

    /// How many patterns are always candidates (no usable anchors).
    pub fn unanchored(&self) -> usize {
        self.always.len()
    }
}

/// The matches of `regex` in `text`, as `regex.find_iter(text)` gives them
/// (leftmost-first, not overlapping), searched only from `starts` when the
/// candidate has them.
///
/// Invariant: `starts`, when given, holds every offset where a match of
/// `regex` may begin (a [`Candidate`]'s starts for the same pattern). Then
/// the first match at or after an offset begins at the first start from
/// which an anchored search succeeds, and ends where that search ends, so
/// the two ways agree match for match.
pub fn find_all(regex: &Regex, text: &str, starts: Option<&[usize]>) -> Vec<Match> {
    match starts {
        None => regex.find_iter(text).collect(),
        Some(starts) => from_starts(text, starts, usize::MAX, |input| {
            regex.search(input).map(|m| (m, m.end()))
        }),
    }
}

/// Like [`find_all`], with the capture groups of each match.
pub fn captures_all(regex: &Regex, text: &str, starts: Option<&[usize]>) -> Vec<Captures> {
    captures_upto(regex, text, starts, usize::MAX)
}

/// The first match of [`captures_all`], found without searching on.
pub fn first_captures(regex: &Regex, text: &str, starts: Option<&[usize]>) -> Option<Captures> {
    captures_upto(regex, text, starts, 1).pop()
}

/// The first `most` matches of [`captures_all`].
fn captures_upto(
    regex: &Regex,
    text: &str,
    starts: Option<&[usize]>,
    most: usize,
) -> Vec<Captures> {
    let Some(starts) = starts else {
        return regex.captures_iter(text).take(most).collect();
    };
    // One set of slots, replaced only when a search fills it.
    let mut caps = regex.create_captures();
    from_starts(text, starts, most, |input| {
        regex.search_captures(input, &mut caps);
        let end = caps.get_match()?.end();
        Some((std::mem::replace(&mut caps, regex.create_captures()), end))
    })
}

/// Anchored searches from `starts`, ascending, skipping the starts inside a
/// match already found, until `most` are found: `search` returns a match
/// and where it ends.
fn from_starts<T>(
    text: &str,
    starts: &[usize],
    most: usize,
    mut search: impl FnMut(&Input) -> Option<(T, usize)>,
) -> Vec<T> {
    let mut out = Vec::new();
    let mut at = 0;
    for &start in starts {
        if out.len() >= most {
            break;
        }
        if start < at || start > text.len() {
            continue;
        }
        let input = Input::new(text).range(start..).anchored(Anchored::Yes);
        if let Some((found, end)) = search(&input) {
            // An empty match would be followed by a search one byte on.
            at = end.max(start + 1);
            out.push(found);
        }
    }
    out
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
    fn anchors_are_prefixes_and_suffixes() {
        let lits = |l: &[&str]| Some(l.iter().map(|x| x.as_bytes().to_vec()).collect::<Vec<_>>());
        assert_eq!(
            anchors(&hir(r"(?-u:\b)(?:agreed|agrees) (?:a )?fee(?-u:\b)")),
            Some(Anchors {
                starts: lits(&["agreed", "agrees"]),
                ends: lits(&[" a fee", "ed fee", "es fee"]),
                word_start: true,
                word_end: true,
            })
        );
        // Cut to six bytes: "bid fo", "bids f", "offer ", "offers".
        assert_eq!(
            anchors(&hir(r"(?:bid|offer)s? for")).and_then(|a| a.starts.map(|s| s.len())),
            Some(4)
        );
        // Nothing known at the start, a literal at the end.
        assert_eq!(
            anchors(&hir(r"\w+ signing")),
            Some(Anchors {
                starts: None,
                ends: lits(&["igning"]),
                word_start: false,
                word_end: false,
            })
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
    fn anchors_inside_words_are_no_edges_of_word_bounded_patterns() {
        let g = gate(&[r"\b(?:bid|offer) for\b", r"\b(?:talks)\b", r"(?:bid) for"]);
        // "forbid for": the start anchor "bid" inside a word is no start for
        // the bounded pattern; the unbounded one starts there.
        let c = g.scan("They forbid for now a bid for him.");
        let starts = |p: usize| {
            c.iter()
                .find(|x| x.pattern == p)
                .and_then(|x| x.starts.map(<[usize]>::to_vec))
        };
        assert_eq!(starts(0), Some(vec![22]));
        assert_eq!(starts(2), Some(vec![8, 22]));
        // "stalks" ends with the anchor "talks", inside a word.
        assert_eq!(g.candidates("The stalks grew."), Vec::<usize>::new());
        assert_eq!(g.candidates("Talks, then talks."), vec![1]);
        // Both edges are read through groups and alternatives.
        let a = anchors(&hir(r"(?:\bsigns\b|\b(?:joins)\b)")).expect("anchors");
        assert!(a.word_start && a.word_end);
        let a = anchors(&hir(r"\bsigns\b|joins")).expect("anchors");
        assert!(!a.word_start && !a.word_end);
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

#[cfg(test)]
mod fast_path_tests {
    use super::*;
    use proptest::prelude::*;

    /// Patterns with start and end anchors, word-bounded or not, with end
    /// anchors only, and with none.
    const PATTERNS: [&str; 9] = [
        r"\b(?:bid|offer)s? for\b",
        r"talks with",
        r"\w+ signing",
        r"\w+ to \w+",
        r"(?i)\bto (?:join|sign)\b",
        r"is set to",
        r"on loan",
        r"\bthe (?:club|deal)",
        r"fo\w*r",
    ];

    /// Words the texts are made of: anchors of the patterns, words holding
    /// them, and others.
    const WORDS: [&str; 24] = [
        "bid", "bids", "for", "forbid", "offer", "talks", "with", "signing", "to", "join", "sign",
        "is", "set", "on", "loan", "the", "club", "deal", "stalks", "Bid", "TO", "x", "a", "Theo",
    ];

    fn anchors_of(patterns: &[&str]) -> Vec<Option<Anchors>> {
        patterns
            .iter()
            .map(|p| {
                let hir = regex_syntax::ParserBuilder::new()
                    .build()
                    .parse(p)
                    .expect("valid pattern");
                anchors(&hir)
            })
            .collect()
    }

    /// Where `anchor` occurs in `text`, ignoring ASCII case: start offsets.
    fn occurrences(text: &[u8], anchor: &[u8]) -> Vec<usize> {
        (0..text.len())
            .filter(|&i| {
                text.get(i..i + anchor.len())
                    .is_some_and(|w| w.eq_ignore_ascii_case(anchor))
            })
            .collect()
    }

    /// The gate's answer found the plain way: every anchor of every pattern
    /// looked for on its own.
    fn plain_scan(per_pattern: &[Option<Anchors>], text: &str) -> Vec<(usize, Option<Vec<usize>>)> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        for (i, a) in per_pattern.iter().enumerate() {
            let Some(a) = a else {
                out.push((i, None));
                continue;
            };
            if let Some(ends) = &a.ends {
                let seen = ends.iter().any(|e| {
                    occurrences(bytes, e)
                        .iter()
                        .any(|&at| !(a.word_end && inside_word(bytes, at + e.len())))
                });
                if !seen {
                    continue;
                }
            }
            match &a.starts {
                None => out.push((i, None)),
                Some(starts) => {
                    let mut at: Vec<usize> = starts
                        .iter()
                        .flat_map(|s| occurrences(bytes, s))
                        .filter(|&at| !(a.word_start && inside_word(bytes, at)))
                        .collect();
                    at.sort_unstable();
                    at.dedup();
                    if !at.is_empty() {
                        out.push((i, Some(at)));
                    }
                }
            }
        }
        out
    }

    fn fast_scan(gate: &Gate, text: &str) -> Vec<(usize, Option<Vec<usize>>)> {
        gate.scan(text)
            .iter()
            .map(|c| (c.pattern, c.starts.map(<[usize]>::to_vec)))
            .collect()
    }

    #[test]
    fn short_texts_and_absent_ends() {
        let per_pattern = anchors_of(&PATTERNS);
        let gate = Gate::new(&per_pattern).expect("gate");
        // Too short for any anchor: only the unanchored pattern.
        for text in ["", "t", "to", "fo", "Fo", "for"] {
            assert_eq!(fast_scan(&gate, text), plain_scan(&per_pattern, text));
        }
        assert_eq!(gate.candidates("t"), vec![3]);
        // Just as long as the start anchor "fo" of pattern 8.
        assert_eq!(fast_scan(&gate, "Fo"), vec![(3, None), (8, Some(vec![0]))]);
        // "to" begins pattern 4, whose end "join" or "sign" is absent.
        assert_eq!(gate.candidates("to to to"), vec![3]);
        assert_eq!(gate.candidates("to join"), vec![3, 4]);
        assert_eq!(gate.candidates("a bid for"), vec![0, 3, 8]);
    }

    proptest! {
        #[test]
        fn scan_agrees_with_the_plain_search(
            words in prop::collection::vec(
                (prop::sample::select(&WORDS[..]), prop::sample::select(&[" ", "", ", "][..])),
                0..14,
            )
        ) {
            let per_pattern = anchors_of(&PATTERNS);
            let gate = Gate::new(&per_pattern).expect("gate");
            let text: String = words.iter().flat_map(|(w, sep)| [*w, *sep]).collect();
            prop_assert_eq!(fast_scan(&gate, &text), plain_scan(&per_pattern, &text));
            // Searching the candidates from their starts finds what the
            // patterns find over the whole text.
            for c in gate.scan(&text).iter() {
                let regex = Regex::new(PATTERNS[c.pattern]).expect("valid");
                let whole: Vec<Match> = regex.find_iter(&text).collect();
                prop_assert_eq!(find_all(&regex, &text, c.starts), whole);
            }
            for (i, p) in PATTERNS.iter().enumerate() {
                let regex = Regex::new(p).expect("valid");
                if regex.is_match(&text) {
                    prop_assert!(gate.candidates(&text).contains(&i));
                }
            }
        }
    }
}
