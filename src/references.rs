//! Stage 3b: references to named players and clubs.
//!
//! In: one sentence, the mentions found so far in the article (its
//! "history"), the gazetteer facts and the article date. Out: extra
//! [`Mention`]s for phrases that refer back to a named entity: epithets ("the
//! 26-year-old", "the Frenchman", "the France international", "the
//! centre-back", "the Liverpool star", "the Spanish giants", "the defending
//! Bundesliga champions", "the club", "his club") and pronouns (he, him, his
//! for players; they, them, their for clubs).
//!
//! A reference resolves to the most recent entity before it that fits every
//! fact it states (age on the article date, nationality, position, club,
//! country, league). Entities named later in the same sentence are never its
//! referent, and nothing resolves across documents: the history is one
//! article's.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use aho_corasick::{AhoCorasick, MatchKind};
use jiff::civil::Date;
use memchr::memmem::Finder;
use regex::Regex;
use regex_automata::{Anchored, Input, Match};
use rustc_hash::FxHashMap;

use crate::clauses::parentheticals;
use crate::gate;
use crate::gazetteer::{Entity, EntityId, Gazetteer, Kind, Position};
use crate::lexicon::{Lexicon, Pattern};
use crate::mentions::{How, Mention};
use crate::shadow::Shadow;
use crate::span::Span;

/// How many earlier mentions a reference looks back through: a reader does
/// not resolve "the Frenchman" to a name pages back.
const LOOKBACK: usize = 400;

/// What a reference says about its referent.
#[derive(Clone, Debug, Default, PartialEq)]
struct Constraint {
    club_ref: bool,
    age: Option<i16>,
    country: Option<String>,
    position: Option<Position>,
    club: Option<EntityId>,
    league: Option<String>,
    own_club_of_player: bool,
}

/// The compiled reference patterns, with what tells where they may match.
///
/// Invariants: every match of `epithet` begins at a whole word "the",
/// "The", "his" or "His" followed by a space; every match of `coach_side`
/// begins with a person token's opening (`PERSON`); every match of
/// `indefinite` begins at a whole word "a", "an" or "another" (either
/// case first) and holds one of its nouns (`indefinite_nouns`). So each
/// is searched for only in texts, and from the offsets, where those occur.
#[derive(Clone, Debug)]
pub struct References {
    epithet: Pattern,
    /// The parts of the epithet match texts seen so far, by match text
    /// (at most [`MEMO`] of them); shared by clones, whose patterns are
    /// the same.
    epithet_parts: Arc<Mutex<FxHashMap<Box<str>, Parts>>>,
    coach_side: Regex,
    person: Finder<'static>,
    indefinite: Pattern,
    indefinite_nouns: AhoCorasick,
    nouns: HashMap<String, (bool, Option<Position>)>,
    adjectives: HashMap<String, String>,
    demonyms: HashMap<String, String>,
    leagues: HashMap<String, String>,
}

fn alternation(words: impl Iterator<Item = String>) -> String {
    let mut words: Vec<String> = words.filter(|w| !w.is_empty()).collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    words.dedup();
    words
        .iter()
        .map(|w| regex::escape(w))
        .collect::<Vec<_>>()
        .join("|")
}

/// The epithet pattern: "the" or "his" and what follows, over the
/// lexicon's nations and nouns and the gazetteer's leagues (lower-cased
/// name to name).
fn epithet_pattern(lexicon: &Lexicon, leagues: &HashMap<String, String>) -> String {
    let nat = alternation(
        lexicon
            .nations
            .iter()
            .flat_map(|n| [n.adjective.clone(), n.country.clone()]),
    );
    let dem = alternation(lexicon.nations.iter().flat_map(|n| n.nouns.clone()));
    let lea = alternation(leagues.values().cloned());
    let noun = alternation(lexicon.nouns.iter().map(|n| n.word.clone()));
    let mods = r"(?:defending|reigning|current|former|new|in-form|highly[- ]rated|talented|young|experienced|towering|versatile|prolific|out-of-favour|unsettled|\d{1,2}-year-old|European|top|big|wantaway)";
    format!(
        r"(?-u:\b)[Tt]he (?:(?P<mods>(?:{mods} )*)(?:(?P<nat>{nat})(?: and [A-Z][a-z]+)? |\x{{E000}}c(?P<club>[0-9]+)\x{{E001}} |(?P<league>{lea}) )?(?:(?:central|attacking|defensive|left|right|centre|wide) )?(?P<noun>(?i:{noun}))(?-u:\b)|(?P<age>[0-9]{{1,2}})-year-old(?-u:\b)|(?P<dem>{dem})(?-u:\b))|(?-u:\b)[Hh]is (?:current |parent )?club(?-u:\b)"
    )
}

/// The capture groups of the epithet pattern that [`References::find`]
/// reads, in the order of [`Parts`].
const PARTS: [&str; 7] = ["mods", "nat", "club", "league", "noun", "age", "dem"];

/// The most epithet match texts whose parts are kept.
const MEMO: usize = 1 << 14;

/// Where each of [`PARTS`] lies in an epithet's match text: byte offsets
/// from its start, `None` for a group that took no part in the match.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Parts([Option<(usize, usize)>; PARTS.len()]);

impl Parts {
    /// The text of part `name` in `words` (the match text these parts
    /// were read from).
    fn get<'t>(&self, words: &'t str, name: &str) -> Option<&'t str> {
        let i = PARTS.iter().position(|p| *p == name)?;
        let (start, end) = (*self.0.get(i)?)?;
        words.get(start..end)
    }
}

/// The opening of a person token: every match of [`COACH_SIDE`] begins
/// with it.
const PERSON: &str = "\u{E000}s";

/// A named person's side: "Eddie Howe's side".
const COACH_SIDE: &str = r"\x{E000}s(?P<person>[0-9]+)\x{E001}['’]s? (?:side|team|men|charges|outfit|club|squad)(?-u:\b)";

/// The words after which the unnamed-player pattern ends, besides the
/// lexicon's player nouns.
const UNNAMED: [&str; 4] = ["gem", "target", "signing", "talent"];

/// The lexicon's player nouns (not club nouns).
fn player_nouns(lexicon: &Lexicon) -> impl Iterator<Item = String> + '_ {
    lexicon
        .nouns
        .iter()
        .filter(|n| !n.club)
        .map(|n| n.word.clone())
}

/// The unnamed-player pattern ("an English gem", "a top Dortmund star"):
/// an indefinite article, up to four words and a player noun or one of
/// [`UNNAMED`], so every match holds one of those words.
fn indefinite_pattern(lexicon: &Lexicon) -> String {
    let player_nouns = alternation(player_nouns(lexicon));
    let unnamed = UNNAMED.join("|");
    format!(
        r"(?-u:\b)(?:[Aa]n?|[Aa]nother)\s+(?:\S+\s+){{0,4}}?(?:{player_nouns}|{unnamed})s?(?-u:\b)"
    )
}

/// The gazetteer's league names, lower-cased to as written.
fn leagues(gazetteer: &Gazetteer) -> HashMap<String, String> {
    let mut leagues = HashMap::new();
    for (_, e) in gazetteer.iter() {
        if let Some(l) = &e.league {
            leagues.insert(l.to_lowercase(), l.clone());
        }
    }
    leagues
}

/// Compiles `p` as the `regex` crate would, with its errors.
fn pattern(p: &str) -> Result<Pattern, regex::Error> {
    Pattern::new(p).map_err(|e| {
        e.size_limit().map_or_else(
            || regex::Error::Syntax(e.to_string()),
            regex::Error::CompiledTooBig,
        )
    })
}

impl References {
    /// Compiles the patterns from the lexicon's nouns and nations and the
    /// gazetteer's league names.
    pub fn new(lexicon: &Lexicon, gazetteer: &Gazetteer) -> Result<References, regex::Error> {
        let mut adjectives = HashMap::new();
        let mut demonyms = HashMap::new();
        for n in &lexicon.nations {
            adjectives.insert(n.adjective.to_lowercase(), n.country.clone());
            adjectives.insert(n.country.to_lowercase(), n.country.clone());
            for noun in &n.nouns {
                demonyms.insert(noun.to_lowercase(), n.country.clone());
            }
        }
        let leagues = leagues(gazetteer);
        let nouns: HashMap<String, (bool, Option<Position>)> = lexicon
            .nouns
            .iter()
            .map(|n| (n.word.to_lowercase(), (n.club, n.position)))
            .collect();
        let epithet = pattern(&epithet_pattern(lexicon, &leagues))?;
        let coach_side = Regex::new(COACH_SIDE)?;
        let indefinite = pattern(&indefinite_pattern(lexicon))?;
        let unnamed: Vec<String> = player_nouns(lexicon)
            .chain(UNNAMED.map(String::from))
            .filter(|w| !w.is_empty())
            .collect();
        // Leftmost-first only for the faster search: whether any noun
        // occurs does not depend on it.
        let indefinite_nouns = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(&unnamed)
            .map_err(|e| regex::Error::Syntax(format!("reference nouns: {e}")))?;
        Ok(References {
            epithet,
            epithet_parts: Arc::default(),
            coach_side,
            person: Finder::new(PERSON.as_bytes()).into_owned(),
            indefinite,
            indefinite_nouns,
            nouns,
            adjectives,
            demonyms,
            leagues,
        })
    }

    /// Whether `word` is a country or nationality word ("Cameroon",
    /// "Spanish", "Frenchman"): never a near-miss spelling of a name.
    pub fn nation_word(&self, word: &str) -> bool {
        let w = word.to_lowercase();
        self.adjectives.contains_key(&w) || self.demonyms.contains_key(&w)
    }

    /// Whether `s` speaks of a player it does not name ("an English gem", "a
    /// top Dortmund star").
    pub fn unnamed_player(&self, s: &str) -> bool {
        self.unnamed_end(s).is_some()
    }

    /// Where the first unnamed player of `s` ends ("an English gem"), as
    /// `find` of the unnamed-player pattern gives it. A text without any
    /// of the pattern's nouns is not searched, and the rest are searched
    /// only from their articles ([`articles`]), in order: the first from
    /// which the pattern matches is where its first match begins.
    fn unnamed_end(&self, s: &str) -> Option<usize> {
        if !self.indefinite_nouns.is_match(s) {
            return None;
        }
        articles(s).into_iter().find_map(|start| {
            let input = Input::new(s).range(start..).anchored(Anchored::Yes);
            self.indefinite.search(&input).map(|m| m.end())
        })
    }

    /// The epithets of `text`: each match of the epithet pattern, as
    /// `captures_iter` gives them, with its parts. Matches are searched for
    /// only from `starts` (ascending, holding every offset where a match
    /// may begin: [`Openings::epithets`]), and the parts of a match text
    /// already seen are not searched for again.
    ///
    /// Why a match text's parts can be reused: they are those of the
    /// pattern's first-priority way of matching from its start. All of the
    /// pattern's ways begin with a word boundary before "the" or "his" and
    /// test the text only inside the match, apart from the boundaries at
    /// their two ends; so where the same text matches, with boundaries at
    /// both ends, the same ways match it and the first of them is the same.
    fn epithets(&self, text: &str, starts: &[usize]) -> Vec<(Match, Parts)> {
        if starts.is_empty() {
            return Vec::new();
        }
        let matches = gate::find_all(&self.epithet, text, Some(starts));
        let mut out = Vec::with_capacity(matches.len());
        for m in matches {
            let Some(words) = text.get(m.range()) else {
                continue;
            };
            let seen = self
                .epithet_parts
                .lock()
                .ok()
                .and_then(|memo| memo.get(words).copied());
            let parts = match seen {
                Some(parts) => parts,
                None => {
                    let parts = self.parts_of(text, m);
                    if let Ok(mut memo) = self.epithet_parts.lock() {
                        if memo.len() < MEMO {
                            memo.insert(words.into(), parts);
                        }
                    }
                    parts
                }
            };
            out.push((m, parts));
        }
        out
    }

    /// The parts of epithet match `m` of `text`, searched for with the
    /// pattern's capture groups.
    fn parts_of(&self, text: &str, m: Match) -> Parts {
        let mut caps = self.epithet.create_captures();
        let input = Input::new(text).range(m.start()..).anchored(Anchored::Yes);
        self.epithet.search_captures(&input, &mut caps);
        let mut parts = Parts::default();
        for (part, name) in parts.0.iter_mut().zip(PARTS) {
            *part = caps.get_group_by_name(name).and_then(|g| {
                Some((
                    g.start.checked_sub(m.start())?,
                    g.end.checked_sub(m.start())?,
                ))
            });
        }
        parts
    }

    /// References in `sentence`, resolved against `history` (the article's
    /// mentions before this sentence, in order) and `named` (the mentions of
    /// this sentence). `club_of` gives a player's current club.
    #[allow(clippy::too_many_arguments)]
    pub fn find(
        &self,
        text: &str,
        sentence: Span,
        named: &[Mention],
        history: &[Mention],
        gazetteer: &Gazetteer,
        date: Option<Date>,
        club_of: &dyn Fn(EntityId) -> Option<EntityId>,
    ) -> Vec<Mention> {
        let items: Vec<(Span, char)> = named.iter().map(|m| (m.span, tag(m.kind))).collect();
        let shadow = Shadow::new(text, sentence, &items);
        let mut found: Vec<(Span, Constraint, How)> = Vec::new();
        let openings = openings(&shadow.text);
        for (whole, parts) in self.epithets(&shadow.text, &openings.epithets) {
            let words = shadow.text.get(whole.range()).unwrap_or_default();
            let group = |name: &str| parts.get(words, name);
            let mut c = Constraint::default();
            if words.starts_with("his") || words.starts_with("His") {
                c.club_ref = true;
                c.own_club_of_player = true;
            }
            if let Some(mods) = group("mods") {
                if let Some(age) = mods
                    .split_whitespace()
                    .find_map(|w| w.strip_suffix("-year-old"))
                {
                    c.age = age.parse().ok();
                }
            }
            if let Some(a) = group("age") {
                c.age = a.parse().ok();
            }
            if let Some(n) = group("nat") {
                c.country = self.adjectives.get(&n.to_lowercase()).cloned();
            }
            if let Some(d) = group("dem") {
                c.country = self.demonyms.get(&d.to_lowercase()).cloned();
            }
            if let Some(l) = group("league") {
                c.league = self.leagues.get(&l.to_lowercase()).cloned();
            }
            if let Some(k) = group("club") {
                c.club = k
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| named.get(i))
                    .map(|m| m.entity);
            }
            if let Some(n) = group("noun") {
                if let Some((is_club, pos)) = self.nouns.get(&n.to_lowercase()) {
                    c.club_ref = *is_club;
                    c.position = *pos;
                }
            }
            // "the Liverpool star" names a player by his club; "the Liverpool
            // hierarchy" is the club itself.
            if c.club_ref && c.club.is_some() {
                continue;
            }
            let span = shadow.span(whole.start(), whole.end());
            found.push((span, c, How::Reference));
        }
        // "Eddie Howe's side": the club a named coach or official works for.
        // Only a text with a person token can say it.
        let mut direct: Vec<Mention> = Vec::new();
        let coach_sides = self
            .person
            .find(shadow.text.as_bytes())
            .map(|_| self.coach_side.captures_iter(&shadow.text));
        for caps in coach_sides.into_iter().flatten() {
            let (Some(whole), Some(p)) = (caps.get(0), caps.name("person")) else {
                continue;
            };
            let club = p
                .as_str()
                .parse::<usize>()
                .ok()
                .and_then(|i| named.get(i))
                .and_then(|m| gazetteer.get(m.entity))
                .and_then(|e| e.club);
            if let Some(club) = club {
                direct.push(Mention {
                    span: shadow.span(whole.start(), whole.end()),
                    entity: club,
                    kind: Kind::Club,
                    how: How::Reference,
                });
            }
        }
        found.retain(|(s, _, _)| !direct.iter().any(|d| d.span.overlaps(*s)));
        for &(start, end) in &openings.pronouns {
            let span = shadow.span(start, end);
            if found.iter().any(|(s, _, _)| s.overlaps(span)) {
                continue;
            }
            // "they", "them", "their" (the only pronouns in `t`) speak of a
            // club.
            let c = Constraint {
                club_ref: shadow
                    .text
                    .as_bytes()
                    .get(start)
                    .is_some_and(|b| matches!(b, b'T' | b't')),
                ..Constraint::default()
            };
            found.push((span, c, How::Pronoun));
        }
        found.sort_by_key(|(s, _, _)| s.start);
        // After "an English gem" or "a top Dortmund star", a player reference
        // in the same sentence means that unnamed player. Both this and the
        // sentence's parentheticals are found when first needed.
        let unnamed_from: OnceCell<Option<usize>> = OnceCell::new();
        let unnamed_from = || {
            *unnamed_from.get_or_init(|| {
                self.unnamed_end(&shadow.text)
                    .map(|end| shadow.to_input(end))
            })
        };
        let parens: OnceCell<Vec<Span>> = OnceCell::new();
        let parens = || parens.get_or_init(|| parentheticals(text, sentence));
        let mut out: Vec<Mention> = Vec::new();
        for (span, c, how) in found {
            let about_player = !c.club_ref || c.own_club_of_player;
            if about_player && unnamed_from().is_some_and(|at| span.start >= at) {
                continue;
            }
            // Entities named later in this sentence are never the referent.
            let later = |entity: EntityId| {
                named
                    .iter()
                    .any(|m| m.span.start > span.start && m.entity == entity)
            };
            // Most recent first: this sentence's names and references before
            // the reference, then the article's history, at most
            // `LOOKBACK` mentions back.
            let mut here: Vec<&Mention> = named
                .iter()
                .chain(out.iter())
                .filter(|m| m.span.start < span.start)
                .collect();
            here.sort_by_key(|m| std::cmp::Reverse(m.span.start));
            let candidates = || {
                here.iter()
                    .copied()
                    .chain(history.iter().rev().take(LOOKBACK))
            };
            let mut best: Option<(usize, EntityId)> = None;
            for (ci, m) in candidates().enumerate() {
                if later(m.entity) || m.span.start >= span.start {
                    continue;
                }
                // A pronoun's antecedent is not inside an insertion of its own
                // sentence ("The 26-year-old, who plays with Konate, ... him").
                if how == How::Pronoun
                    && sentence.contains(m.span)
                    && parens()
                        .iter()
                        .any(|p| p.contains(m.span) && !p.contains(span))
                {
                    continue;
                }
                // "Brighton's Carlos Baleba remains on their shortlist": a
                // club that only qualifies a player of this sentence is not
                // what "they" refers to.
                if how == How::Pronoun
                    && c.club_ref
                    && m.kind == Kind::Club
                    && sentence.contains(m.span)
                    && qualifies_player(text, m, named)
                {
                    continue;
                }
                let ok = if c.own_club_of_player {
                    m.kind == Kind::Player && club_of(m.entity).is_some()
                } else {
                    let Some(e) = gazetteer.get(m.entity) else {
                        continue;
                    };
                    fits(e, m.entity, &c, gazetteer, date, club_of)
                };
                if ok {
                    best = Some((m.span.start, m.entity));
                    // "X signed him from Y. The club said...": the club a
                    // player came from (or the one talks were held with) is
                    // not what "the club" means when the same sentence
                    // names the one he went to.
                    if c.club_ref && !c.own_club_of_player && after_from(text, m.span) {
                        if let Some(o) = candidates().skip(ci + 1).find(|o| {
                            o.kind == Kind::Club
                                && o.entity != m.entity
                                && o.span.end <= m.span.start
                                && !after_from(text, o.span)
                                && text
                                    .get(o.span.end..m.span.start)
                                    .is_some_and(|g| g.len() < 200 && !g.contains(['.', '!', '?']))
                                && gazetteer.get(o.entity).is_some_and(|e| {
                                    fits(e, o.entity, &c, gazetteer, date, club_of)
                                })
                        }) {
                            best = Some((o.span.start, o.entity));
                        }
                    }
                    break;
                }
            }
            let Some((_, mut entity)) = best else {
                continue;
            };
            let kind = if c.club_ref { Kind::Club } else { Kind::Player };
            if c.own_club_of_player {
                match club_of(entity) {
                    Some(club) => entity = club,
                    None => continue,
                }
            }
            out.push(Mention {
                span,
                entity,
                kind,
                how,
            });
        }
        out.extend(direct);
        out.sort_by_key(|m| m.span.start);
        out
    }
}

/// The pronouns a reference may be: he, him, his (a player's) and they,
/// them, their (a club's), capitalised or not.
const PRONOUNS: [&[u8]; 12] = [
    b"he", b"He", b"him", b"Him", b"his", b"His", b"they", b"They", b"them", b"Them", b"their",
    b"Their",
];

/// The words that open an epithet, when a space follows.
const EPITHET_OPENINGS: [&[u8]; 4] = [b"the", b"The", b"his", b"His"];

/// The words that open an unnamed player.
const ARTICLES: [&[u8]; 6] = [b"a", b"A", b"an", b"An", b"another", b"Another"];

/// Whether byte `i` of `b` is an ASCII word byte (letter, digit or `_`);
/// false past the end.
fn ascii_word(b: &[u8], i: usize) -> bool {
    b.get(i)
        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
}

/// The end of the whole ASCII word (a run of ASCII letters, digits and
/// `_`) that begins at `start` of `b`; `None` when none begins there (the
/// byte there is no word byte, or the one before it is).
fn word_from(b: &[u8], start: usize) -> Option<usize> {
    if !ascii_word(b, start) || start.checked_sub(1).is_some_and(|p| ascii_word(b, p)) {
        return None;
    }
    let mut end = start + 1;
    while ascii_word(b, end) {
        end += 1;
    }
    Some(end)
}

/// Where epithets and pronouns may be in a text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Openings {
    /// Where a whole word of [`EPITHET_OPENINGS`] followed by a space
    /// begins, ascending: every match of the epithet pattern begins at one
    /// of them, since it begins with an ASCII word boundary and one of
    /// those words and a space.
    epithets: Vec<usize>,
    /// The pronouns (start and end offsets, ascending): the whole words
    /// that are one of [`PRONOUNS`], as the search for
    /// `\b(?:[Hh]e|[Hh]im|[Hh]is|[Tt]hey|[Tt]hem|[Tt]heir)\b` with ASCII
    /// word boundaries finds them.
    pronouns: Vec<(usize, usize)>,
}

/// The epithet openings and pronouns of `text`.
///
/// How: all those words begin with `h` or `H`, or with `t` or `T` and a
/// lower-case `h`; so only the words that begin at an `h` or `H`, or one
/// byte before an `h`, are read, each at most once.
fn openings(text: &str) -> Openings {
    let b = text.as_bytes();
    let mut out = Openings::default();
    for i in memchr::memchr2_iter(b'h', b'H', b) {
        let after_t = i
            .checked_sub(1)
            .filter(|&t| b.get(i) == Some(&b'h') && matches!(b.get(t), Some(b't' | b'T')));
        let start = after_t.unwrap_or(i);
        let Some(word) = word_from(b, start).and_then(|end| b.get(start..end)) else {
            continue;
        };
        let end = start + word.len();
        if PRONOUNS.contains(&word) {
            out.pronouns.push((start, end));
        }
        if EPITHET_OPENINGS.contains(&word) && b.get(end) == Some(&b' ') {
            out.epithets.push(start);
        }
    }
    out
}

/// Where a whole word of [`ARTICLES`] begins in `text`, ascending: every
/// match of the unnamed-player pattern begins at one of them, since it
/// begins with an ASCII word boundary and one of those words, then
/// whitespace (never an ASCII word byte).
fn articles(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    memchr::memchr2_iter(b'a', b'A', b)
        .filter(|&i| {
            word_from(b, i)
                .and_then(|end| b.get(i..end))
                .is_some_and(|w| ARTICLES.contains(&w))
        })
        .collect()
}

/// A name right after "from" or "with" ("signed from Slavia Prague", "held
/// talks with RB Leipzig"): the other party, not the sentence's subject.
fn after_from(text: &str, span: Span) -> bool {
    text.get(..span.start).is_some_and(|b| {
        let b = b.trim_end().as_bytes();
        let last = b.get(b.len().saturating_sub(5)..).unwrap_or(&[]);
        last.eq_ignore_ascii_case(b" from") || last.eq_ignore_ascii_case(b" with")
    })
}

/// A club name in the possessive right before a player's name ("Brighton's
/// Carlos Baleba").
fn qualifies_player(text: &str, club: &Mention, named: &[Mention]) -> bool {
    let Some(next) = named.iter().find(|n| n.span.start >= club.span.end) else {
        return false;
    };
    next.kind == Kind::Player
        && text
            .get(club.span.end..next.span.start)
            .is_some_and(|g| matches!(g, "’s " | "'s "))
}

/// The shadow tag of an entity kind.
pub fn tag(kind: Kind) -> char {
    match kind {
        Kind::Club => 'c',
        Kind::Player => 'p',
        Kind::Outlet => 'o',
        Kind::Journalist => 'j',
        Kind::Person => 's',
    }
}

fn fits(
    e: &Entity,
    id: EntityId,
    c: &Constraint,
    gazetteer: &Gazetteer,
    date: Option<Date>,
    club_of: &dyn Fn(EntityId) -> Option<EntityId>,
) -> bool {
    if c.club_ref {
        if e.kind != Kind::Club {
            return false;
        }
        if let Some(country) = &c.country {
            if e.country.as_deref() != Some(country.as_str()) {
                return false;
            }
        }
        if let Some(league) = &c.league {
            if e.league.as_deref() != Some(league.as_str()) {
                return false;
            }
        }
        return true;
    }
    if e.kind != Kind::Player {
        return false;
    }
    if let Some(age) = c.age {
        match (e.born, date) {
            (Some(b), Some(d)) => {
                let (lo, hi) = b.age_on(d);
                if age < lo || age > hi {
                    return false;
                }
            }
            _ => return false,
        }
    }
    if let Some(country) = &c.country {
        if e.country.as_deref() != Some(country.as_str()) {
            return false;
        }
    }
    if let Some(want) = c.position {
        if let Some(have) = e.position {
            let same_line = want.line() == have.line();
            let coarse = matches!(
                want,
                Position::Defender | Position::Midfielder | Position::Forward
            ) || matches!(
                have,
                Position::Defender | Position::Midfielder | Position::Forward
            );
            if !(want == have
                || (same_line && coarse)
                || (want == Position::Striker && have == Position::Forward))
            {
                return false;
            }
        }
    }
    if let Some(club) = c.club {
        if club_of(id) != Some(club) {
            return false;
        }
    }
    if let Some(league) = &c.league {
        let in_league = club_of(id)
            .and_then(|k| gazetteer.get(k))
            .and_then(|k| k.league.as_deref())
            == Some(league.as_str());
        if !in_league {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use regex_syntax::hir::literal::{ExtractKind, Extractor};

    use super::*;

    /// The built-in references, with the plain searches the fast paths
    /// stand in for: the epithet, unnamed-player, coach's-side and pronoun
    /// patterns as `regex` compiles them.
    struct Fixture {
        refs: References,
        epithet: Regex,
        indefinite: Regex,
        coach_side: Regex,
        pronoun: Regex,
    }

    static FIXTURE: LazyLock<Fixture> = LazyLock::new(|| {
        let lexicon = Lexicon::builtin().expect("built-in lexicon is valid");
        let gazetteer = Gazetteer::builtin().expect("built-in gazetteer is valid");
        let re = |p: &str| Regex::new(p).expect("pattern compiles");
        Fixture {
            refs: References::new(&lexicon, &gazetteer).expect("patterns compile"),
            epithet: re(&epithet_pattern(&lexicon, &leagues(&gazetteer))),
            indefinite: re(&indefinite_pattern(&lexicon)),
            coach_side: re(COACH_SIDE),
            pronoun: re(r"(?-u:\b)(?:[Hh]e|[Hh]im|[Hh]is|[Tt]hey|[Tt]hem|[Tt]heir)(?-u:\b)"),
        }
    });

    /// A match and its parts, as offsets into the text searched.
    type Found = ((usize, usize), [Option<(usize, usize)>; PARTS.len()]);

    /// The epithets of `text` by the fast path.
    fn fast_epithets(text: &str) -> Vec<Found> {
        let refs = &FIXTURE.refs;
        refs.epithets(text, &openings(text).epithets)
            .into_iter()
            .map(|(m, parts)| {
                let at = |p: Option<(usize, usize)>| p.map(|(s, e)| (m.start() + s, m.start() + e));
                ((m.start(), m.end()), parts.0.map(at))
            })
            .collect()
    }

    /// The epithets of `text` by a plain search with capture groups.
    fn plain_epithets(text: &str) -> Vec<Found> {
        FIXTURE
            .epithet
            .captures_iter(text)
            .filter_map(|caps| {
                let whole = caps.get(0)?;
                let parts = PARTS.map(|name| caps.name(name).map(|g| (g.start(), g.end())));
                Some(((whole.start(), whole.end()), parts))
            })
            .collect()
    }

    /// Checks every fast path against its plain search on `text`.
    fn check(text: &str) {
        let f = &*FIXTURE;
        assert_eq!(
            fast_epithets(text),
            plain_epithets(text),
            "epithets of {text:?}"
        );
        let plain: Vec<(usize, usize)> = f
            .pronoun
            .find_iter(text)
            .map(|m| (m.start(), m.end()))
            .collect();
        assert_eq!(openings(text).pronouns, plain, "pronouns of {text:?}");
        assert_eq!(
            f.refs.unnamed_end(text),
            f.indefinite.find(text).map(|m| m.end()),
            "unnamed player in {text:?}"
        );
        assert_eq!(f.refs.unnamed_player(text), f.indefinite.is_match(text));
        if f.coach_side.is_match(text) {
            assert!(f.refs.person.find(text.as_bytes()).is_some(), "{text:?}");
        }
    }

    #[test]
    fn fast_paths_agree_with_plain_searches() {
        for text in [
            "The Frenchman joined his current club, and the club say he is happy.",
            "They want the 24-year-old; their bid for the Spain and Portugal international failed.",
            "the defending Bundesliga champions met the \u{E000}c0\u{E001} star",
            "Theirs is the big wantaway centre-back, not THE player. Hisclub. thehe",
            "Without him, an English gem or a top Dortmund target could leave.",
            "Another highly rated young central defender is on the radar of \u{E000}s2\u{E001}'s side.",
            "\u{E000}s0\u{E001}’s men want a signing; an ace, a prodigy and a wide man.",
            "Germany's manager said a man-marking plan is in place for the 19-year-old.",
            "Heé said: the Théo deal, the_club and the club_ are off; He, Him, His!",
            "A\u{a0}striker is wanted, as is a new left-back and an attacking midfielder.",
            "",
        ] {
            check(text);
        }
    }

    #[test]
    fn epithet_parts_are_read() {
        let text = "The experienced 26-year-old French midfielder signed, his club said.";
        let found = fast_epithets(text);
        assert_eq!(found.len(), 2);
        let part = |i: usize, name: &str| {
            let p = PARTS.iter().position(|p| *p == name).expect("part");
            found[i].1[p].map(|(s, e)| &text[s..e])
        };
        assert_eq!(part(0, "mods"), Some("experienced 26-year-old "));
        assert_eq!(part(0, "nat"), Some("French"));
        assert_eq!(part(0, "noun"), Some("midfielder"));
        assert_eq!(part(0, "age"), None);
        assert_eq!(&text[found[1].0 .0..found[1].0 .1], "his club");
    }

    #[test]
    fn seen_epithets_keep_their_parts_elsewhere() {
        // The same match texts in other company, read first and again.
        for text in [
            "So the Frenchman left; the Frenchman's agent stayed.",
            "the French midfielder, the Frenchman, the France international, the Frenchmen",
            "(the 21-year-old) - the 21-year-old_ - the 21-year-old.",
            "his parent club.his parent club; his parent clubs",
        ] {
            check(text);
            check(text);
            check(&format!("x {text} y"));
        }
    }

    #[test]
    fn openings_are_the_epithet_prefixes() {
        // Every match of the epithet pattern begins with one of these four
        // bytes (after a word boundary), and every match of the coach's-side
        // pattern with a person token's opening.
        let prefixes = |pattern: &str, len: usize| {
            let hir = regex_syntax::ParserBuilder::new()
                .build()
                .parse(pattern)
                .expect("pattern parses");
            let mut seq = Extractor::new()
                .kind(ExtractKind::Prefix)
                .limit_literal_len(len)
                .extract(&hir);
            seq.keep_first_bytes(len);
            seq.dedup();
            let mut out: Vec<Vec<u8>> = seq
                .literals()
                .expect("finite prefixes")
                .iter()
                .map(|l| l.as_bytes().to_vec())
                .collect();
            out.sort();
            out.dedup();
            out
        };
        let lexicon = Lexicon::builtin().expect("built-in lexicon is valid");
        let gazetteer = Gazetteer::builtin().expect("built-in gazetteer is valid");
        let mut want: Vec<Vec<u8>> = EPITHET_OPENINGS
            .iter()
            .map(|w| [*w, b" "].concat())
            .collect();
        want.sort();
        assert_eq!(
            prefixes(&epithet_pattern(&lexicon, &leagues(&gazetteer)), 4),
            want
        );
        assert_eq!(
            prefixes(COACH_SIDE, PERSON.len()),
            vec![PERSON.as_bytes().to_vec()]
        );
    }

    proptest::proptest! {
        #[test]
        fn fast_paths_agree_on_any_mix(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    // Whole references and unnamed players, so that many
                    // texts hold several, some the same and some alike.
                    "the Frenchman", "the French midfielder", "the France international",
                    "the 26-year-old", "The 26-year-old French star", "the young striker",
                    "his club", "His current club", "the \u{E000}c0\u{E001} star",
                    "the Premier League champions", "the defending Bundesliga champions",
                    "the Spain and Portugal international", "the big side", "the Spaniard",
                    "an English gem", "a top target", "another signing", "a wide man",
                    "an attacking midfielder", "\u{E000}s1\u{E001}'s side",
                    "\u{E000}s1\u{E001}’s men",
                    // Their words, and others, one by one.
                    "the", "The", "THE", "his", "His", "HIS", "he", "He", "him", "Him",
                    "they", "They", "them", "Them", "their", "Their", "theirs", "this",
                    "then", "a", "A", "an", "An", "another", "Another", "club", "clubs",
                    "current", "parent", "side", "men", "star", "striker", "gem", "target",
                    "signing", "signings", "talent", "man", "Germany", "French", "France",
                    "Frenchman", "Spanish", "Spain", "and", "Brazil", "26-year-old",
                    "19-year-old", "defending", "young", "Premier League", "Bundesliga",
                    "champions", "centre-back", "central", "defender", "wide",
                    "international", "\u{E000}c0\u{E001}", "\u{E000}s1\u{E001}",
                    "\u{E000}p2\u{E001}", "'s", "é", "_", "x", "7", ",", ".", "–", "(",
                    ")",
                ]),
                0..24,
            ),
            gaps in proptest::collection::vec(
                proptest::sample::select(vec![" ", " ", " ", "", "  ", "\n", "-", "\u{a0}"]),
                24,
            ),
        ) {
            let mut text = String::new();
            for (w, g) in words.iter().zip(&gaps) {
                text.push_str(w);
                text.push_str(g);
            }
            check(&text);
        }
    }
}
