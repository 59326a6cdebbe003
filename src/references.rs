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

use std::collections::HashMap;

use jiff::civil::Date;
use regex::Regex;

use crate::clauses::parentheticals;
use crate::gazetteer::{Entity, EntityId, Gazetteer, Kind, Position};
use crate::lexicon::Lexicon;
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

/// The compiled reference patterns.
#[derive(Clone, Debug)]
pub struct References {
    epithet: Regex,
    coach_side: Regex,
    indefinite: Regex,
    pronoun: Regex,
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
        let mut leagues = HashMap::new();
        for (_, e) in gazetteer.iter() {
            if let Some(l) = &e.league {
                leagues.insert(l.to_lowercase(), l.clone());
            }
        }
        let nouns: HashMap<String, (bool, Option<Position>)> = lexicon
            .nouns
            .iter()
            .map(|n| (n.word.to_lowercase(), (n.club, n.position)))
            .collect();
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
        let pattern = format!(
            r"(?-u:\b)[Tt]he (?:(?P<mods>(?:{mods} )*)(?:(?P<nat>{nat})(?: and [A-Z][a-z]+)? |\x{{E000}}c(?P<club>[0-9]+)\x{{E001}} |(?P<league>{lea}) )?(?:(?:central|attacking|defensive|left|right|centre|wide) )?(?P<noun>(?i:{noun}))(?-u:\b)|(?P<age>[0-9]{{1,2}})-year-old(?-u:\b)|(?P<dem>{dem})(?-u:\b))|(?-u:\b)[Hh]is (?:current |parent )?club(?-u:\b)"
        );
        let epithet = Regex::new(&pattern)?;
        let coach_side = Regex::new(
            r"\x{E000}s(?P<person>[0-9]+)\x{E001}['’]s? (?:side|team|men|charges|outfit|club|squad)(?-u:\b)",
        )?;
        let player_nouns = alternation(
            lexicon
                .nouns
                .iter()
                .filter(|n| !n.club)
                .map(|n| n.word.clone()),
        );
        let indefinite = Regex::new(&format!(
            r"(?-u:\b)(?:[Aa]n?|[Aa]nother)\s+(?:\S+\s+){{0,4}}?(?:{player_nouns}|gem|target|signing|talent)s?(?-u:\b)"
        ))?;
        let pronoun =
            Regex::new(r"(?-u:\b)(?:[Hh]e|[Hh]im|[Hh]is|[Tt]hey|[Tt]hem|[Tt]heir)(?-u:\b)")?;
        Ok(References {
            epithet,
            coach_side,
            indefinite,
            pronoun,
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
        self.indefinite.is_match(s)
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
        for caps in self.epithet.captures_iter(&shadow.text) {
            let Some(whole) = caps.get(0) else { continue };
            let mut c = Constraint::default();
            let words = whole.as_str();
            if words.starts_with("his") || words.starts_with("His") {
                c.club_ref = true;
                c.own_club_of_player = true;
            }
            if let Some(mods) = caps.name("mods") {
                if let Some(age) = mods
                    .as_str()
                    .split_whitespace()
                    .find_map(|w| w.strip_suffix("-year-old"))
                {
                    c.age = age.parse().ok();
                }
            }
            if let Some(a) = caps.name("age") {
                c.age = a.as_str().parse().ok();
            }
            if let Some(n) = caps.name("nat") {
                c.country = self.adjectives.get(&n.as_str().to_lowercase()).cloned();
            }
            if let Some(d) = caps.name("dem") {
                c.country = self.demonyms.get(&d.as_str().to_lowercase()).cloned();
            }
            if let Some(l) = caps.name("league") {
                c.league = self.leagues.get(&l.as_str().to_lowercase()).cloned();
            }
            if let Some(k) = caps.name("club") {
                c.club = k
                    .as_str()
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| named.get(i))
                    .map(|m| m.entity);
            }
            if let Some(n) = caps.name("noun") {
                if let Some((is_club, pos)) = self.nouns.get(&n.as_str().to_lowercase()) {
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
        let mut direct: Vec<Mention> = Vec::new();
        for caps in self.coach_side.captures_iter(&shadow.text) {
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
        for whole in self.pronoun.find_iter(&shadow.text) {
            let span = shadow.span(whole.start(), whole.end());
            if found.iter().any(|(s, _, _)| s.overlaps(span)) {
                continue;
            }
            // "they", "them", "their" (the only pronouns in `t`) speak of a
            // club.
            let c = Constraint {
                club_ref: whole.as_str().starts_with(['T', 't']),
                ..Constraint::default()
            };
            found.push((span, c, How::Pronoun));
        }
        found.sort_by_key(|(s, _, _)| s.start);
        // After "an English gem" or "a top Dortmund star", a player reference
        // in the same sentence means that unnamed player.
        let unnamed_from = self
            .indefinite
            .find(&shadow.text)
            .map(|m| shadow.to_input(m.end()));
        let parens = parentheticals(text, sentence);
        let mut out: Vec<Mention> = Vec::new();
        for (span, c, how) in found {
            let about_player = !c.club_ref || c.own_club_of_player;
            if about_player && unnamed_from.is_some_and(|at| span.start >= at) {
                continue;
            }
            // Entities named later in this sentence are never the referent.
            let later: Vec<EntityId> = named
                .iter()
                .filter(|m| m.span.start > span.start)
                .map(|m| m.entity)
                .collect();
            // Most recent first: this sentence's names and references before
            // the reference, then the article's history, at most
            // `LOOKBACK` mentions back.
            let mut here: Vec<&Mention> = named
                .iter()
                .chain(out.iter())
                .filter(|m| m.span.start < span.start)
                .collect();
            here.sort_by_key(|m| std::cmp::Reverse(m.span.start));
            let candidates = here.into_iter().chain(history.iter().rev().take(LOOKBACK));
            let candidates: Vec<&Mention> = candidates.collect();
            let mut best: Option<(usize, EntityId)> = None;
            for (ci, m) in candidates.iter().copied().enumerate() {
                if later.contains(&m.entity) || m.span.start >= span.start {
                    continue;
                }
                // A pronoun's antecedent is not inside an insertion of its own
                // sentence ("The 26-year-old, who plays with Konate, ... him").
                if how == How::Pronoun
                    && sentence.contains(m.span)
                    && parens
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
                        let rest = candidates.get(ci + 1..).unwrap_or(&[]);
                        if let Some(o) = rest.iter().find(|o| {
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
