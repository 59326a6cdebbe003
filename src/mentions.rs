//! Stage 3: mentions of known entities.
//!
//! In: the document and the [`Gazetteer`]. Out: every [`Mention`] of a club,
//! player, outlet, journalist or person in the body, in text order, each with
//! the input span it covers and the entity it names.
//!
//! How a name matches is documented in `gazetteers/README.md`: accent, hyphen
//! and apostrophe folding ([`crate::fold`]), whole words, case rules, a
//! possessive `'s`. A name several entities share resolves to the one the
//! article named most recently, else to the entity that marks the name as its
//! default, else it is dropped. A capitalised word that misses a long player
//! surname by one edit (`Upamacano`) is matched too.
//!
//! Speed: one pass over the text folds it a block at a time and, while the
//! block is still in cache, finds the names in it, checks their case and
//! picks out the words that may be near misses (those sharing their first
//! or last three letters with a long surname); resolving shared names and
//! the near-miss search then read only what that pass kept.
//!
//! Invariant: mentions do not overlap and are sorted by start.

use std::collections::HashMap;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::fold::{end_of, fold, start_of, Folder};
use crate::gazetteer::{Alias, CaseRule, EntityId, Gazetteer, Kind};
use crate::names::NameTable;
use crate::span::Span;

/// How a mention was recognised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum How {
    /// The canonical name or an alias only this entity has.
    Name,
    /// A shared name, resolved to the entity the article named last.
    Context,
    /// A shared name, resolved to the entity marking it as default.
    Default,
    /// A near-miss spelling of a long name.
    Fuzzy,
    /// A phrase that refers back to a named entity ("the Frenchman").
    Reference,
    /// A pronoun resolved to the last compatible entity.
    Pronoun,
    /// A player no gazetteer knows, found by a player context.
    Unknown,
}

/// One recognised name in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mention {
    /// Where it is in the input.
    pub span: Span,
    /// What it names.
    pub entity: EntityId,
    /// The entity's kind.
    pub kind: Kind,
    /// How it was recognised.
    pub how: How,
}

/// The mentions of `sorted` (sorted by start) that lie inside `range`,
/// found by binary search.
pub fn within(sorted: &[Mention], range: Span) -> impl Iterator<Item = &Mention> {
    let first = sorted.partition_point(|m| m.span.start < range.start);
    let last = sorted.partition_point(|m| m.span.start < range.end);
    sorted
        .get(first..last.max(first))
        .unwrap_or(&[])
        .iter()
        .filter(move |m| range.contains(m.span))
}

#[derive(Clone, Debug)]
struct Reading {
    entity: EntityId,
    kind: Kind,
    alias: Alias,
    canonical: bool,
    /// A player's (or person's) current club.
    club: Option<EntityId>,
    /// How often news names this entity's league: lower is more.
    rank: u8,
    /// A first name: it names the entity only once the article has named
    /// that entity in full ("Florian Wirtz ... Florian informed Leverkusen").
    context_only: bool,
    /// The capitals the alias asks for, under [`CaseRule::Capitals`].
    capitals: Initials,
    /// The alias's letters and digits (see [`letters`]), under
    /// [`CaseRule::Exact`].
    exact: Box<str>,
}

/// Leagues in the order transfer news names their clubs most.
const LEAGUE_RANK: [&str; 5] = [
    "Premier League",
    "La Liga",
    "Serie A",
    "Bundesliga",
    "Ligue 1",
];

/// The compiled matcher for a gazetteer: build once, use for every document.
#[derive(Clone, Debug)]
pub struct Matcher {
    table: NameTable,
    /// For each pattern, every entity that has this folded name.
    readings: Vec<Vec<Reading>>,
    /// Long player surnames (folded) eligible for near-miss matching.
    surnames: Vec<(EntityId, String)>,
    /// One-deletion variants of those surnames, built on first need.
    near: std::sync::OnceLock<FxHashMap<String, Vec<(EntityId, String)>>>,
    /// The first and last three bytes of those surnames: a word misses a
    /// surname by one edit only if it shares one of the two with it.
    near_ends: NearEnds,
    /// For each pattern: does any of its readings follow
    /// [`CaseRule::Capitals`] (and so need the text's initials)?
    capitals: Vec<bool>,
}

/// Sets of three-byte strings, as bits indexed by a hash: a member is
/// always found, a non-member sometimes.
#[derive(Clone, Debug)]
struct NearEnds {
    firsts: Vec<u64>,
    lasts: Vec<u64>,
}

/// Bits in each set of [`NearEnds`].
const NEAR_ENDS_BITS: u32 = 16;

impl NearEnds {
    fn new(surnames: &[(EntityId, String)]) -> NearEnds {
        let mut ends = NearEnds {
            firsts: vec![0; 1 << (NEAR_ENDS_BITS - 6)],
            lasts: vec![0; 1 << (NEAR_ENDS_BITS - 6)],
        };
        for (_, surname) in surnames {
            let b = surname.as_bytes();
            if let (Some(first), Some(last)) = (b.first_chunk::<3>(), b.last_chunk::<3>()) {
                let (w, bit) = NearEnds::slot(first);
                ends.firsts[w] |= bit;
                let (w, bit) = NearEnds::slot(last);
                ends.lasts[w] |= bit;
            }
        }
        ends
    }

    fn slot(three: &[u8; 3]) -> (usize, u64) {
        let v = u32::from(three[0]) | u32::from(three[1]) << 8 | u32::from(three[2]) << 16;
        let h = (v.wrapping_mul(0x9E37_79B1) >> (32 - NEAR_ENDS_BITS)) as usize;
        (h / 64, 1 << (h % 64))
    }

    /// May `word` (of three bytes or more) be one edit from a surname of
    /// seven bytes or more? Only if its first or last three bytes are
    /// those of a surname: an edit leaves one of the two ends alone.
    fn may_match(&self, word: &[u8]) -> bool {
        let has = |set: &[u64], three: Option<&[u8; 3]>| {
            three.is_some_and(|t| {
                let (w, bit) = NearEnds::slot(t);
                set.get(w).is_some_and(|x| x & bit != 0)
            })
        };
        has(&self.firsts, word.first_chunk::<3>()) || has(&self.lasts, word.last_chunk::<3>())
    }
}

/// Shortest surname that near-miss matching considers.
const NEAR_MIN_LEN: usize = 7;

/// Input bytes folded and searched at a time.
const BLOCK: usize = 16 * 1024;

/// The span of the folded word `start..end` if it begins with a capital in
/// the input (`map` as in [`crate::fold::Folded::map`]): a word that may be a near miss.
fn near_candidate(text: &str, map: &[u32], start: usize, end: usize) -> Option<Span> {
    let from = start_of(map, start);
    let capitalised = match text.as_bytes().get(from) {
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        _ => text
            .get(from..)
            .and_then(|t| t.chars().next())
            .is_some_and(char::is_uppercase),
    };
    capitalised.then(|| Span::new(from, end_of(map, end, text)))
}

impl Matcher {
    /// Compiles every name of every entity.
    pub fn new(gazetteer: &Gazetteer) -> Matcher {
        let mut by_folded: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut readings: Vec<Vec<Reading>> = Vec::new();
        let mut surnames: Vec<(EntityId, String)> = Vec::new();
        for (id, entity) in gazetteer.iter() {
            for (i, alias) in entity.aliases.iter().enumerate() {
                let folded = fold(&alias.text);
                if folded.is_empty() {
                    continue;
                }
                let slot = *by_folded.entry(folded.clone()).or_insert_with(|| {
                    patterns.push(folded.clone());
                    readings.push(Vec::new());
                    patterns.len() - 1
                });
                if let Some(list) = readings.get_mut(slot) {
                    let known = list.iter().any(|r| {
                        r.entity == id && r.alias.text == alias.text && r.alias.case == alias.case
                    });
                    if !known {
                        let league = match entity.kind {
                            Kind::Club => entity.league.as_deref(),
                            _ => entity
                                .club
                                .and_then(|c| gazetteer.get(c))
                                .and_then(|c| c.league.as_deref()),
                        };
                        let rank = league
                            .and_then(|l| LEAGUE_RANK.iter().position(|x| *x == l))
                            .map_or(LEAGUE_RANK.len() as u8, |p| p as u8);
                        list.push(Reading {
                            entity: id,
                            kind: entity.kind,
                            capitals: Initials::wanted(&alias.text),
                            exact: letters(&alias.text).collect(),
                            alias: alias.clone(),
                            canonical: i == 0,
                            club: entity.club,
                            rank,
                            context_only: false,
                        });
                    }
                }
                if entity.kind == Kind::Player
                    && i > 0
                    && !folded.contains(' ')
                    && folded.len() >= NEAR_MIN_LEN
                    && !surnames.iter().any(|(e, f)| *e == id && *f == folded)
                {
                    surnames.push((id, folded.clone()));
                }
            }
        }
        // First names of players and people, usable once the article has
        // named the entity in full.
        for (id, entity) in gazetteer.iter() {
            if !matches!(entity.kind, Kind::Player | Kind::Person | Kind::Journalist) {
                continue;
            }
            let mut words = entity.name.split_whitespace();
            let (Some(first), Some(_)) = (words.next(), words.next()) else {
                continue;
            };
            let folded = fold(first);
            if folded.len() < 3 || !first.chars().next().is_some_and(char::is_uppercase) {
                continue;
            }
            let slot = *by_folded.entry(folded.clone()).or_insert_with(|| {
                patterns.push(folded.clone());
                readings.push(Vec::new());
                patterns.len() - 1
            });
            if let Some(list) = readings.get_mut(slot) {
                if !list.iter().any(|r| r.entity == id) {
                    list.push(Reading {
                        entity: id,
                        kind: entity.kind,
                        capitals: Initials::wanted(first),
                        exact: letters(first).collect(),
                        alias: Alias {
                            text: first.to_string(),
                            case: CaseRule::Capitals,
                            default: false,
                        },
                        canonical: false,
                        club: entity.club,
                        rank: u8::MAX,
                        context_only: true,
                    });
                }
            }
        }
        let capitals = readings
            .iter()
            .map(|rs| rs.iter().any(|r| r.alias.case == CaseRule::Capitals))
            .collect();
        Matcher {
            table: NameTable::new(&patterns),
            near_ends: NearEnds::new(&surnames),
            readings,
            surnames,
            near: std::sync::OnceLock::new(),
            capitals,
        }
    }

    /// All mentions in `text[range]`, resolved, in order.
    pub fn find(&self, text: &str, range: Span) -> Vec<Mention> {
        self.find_by_blocks(text, range, BLOCK)
    }

    /// [`Matcher::find`], folding and searching `block` input bytes at a
    /// time: the same mentions whatever the block size.
    fn find_by_blocks(&self, text: &str, range: Span, block: usize) -> Vec<Mention> {
        let Some(src) = text.get(range.start..range.end) else {
            return Vec::new();
        };
        // Every name found, with the readings that fit the text's casing:
        // `fitting[m.0..m.1]` for the match `m`. And, in the same pass over
        // the words, those that may be near misses of a surname.
        // Room for as many as news text usually has (a name every 50 bytes or
        // so, a word every 6), so that the lists seldom grow.
        let mut found: Vec<(Span, usize, usize)> = Vec::with_capacity(src.len() / 32 + 8);
        let mut fitting: Vec<&Reading> = Vec::with_capacity(src.len() / 32 + 8);
        let mut near: Vec<(Span, usize, usize)> = Vec::with_capacity(src.len() / 64 + 8);
        // The text is folded and searched a block at a time, so that the
        // input and the folded text are still in cache when a match is
        // looked at. A word is searched once the folded text runs far enough
        // past it for any name starting there to be seen whole.
        let mut folder = Folder::new(src, range.start);
        let margin = self.table.longest() + 16;
        // Where the words not yet searched start, in the folded text; the
        // words that start before `pos` are inside the last match.
        let mut scanned = 0;
        let mut pos = 0;
        let words = src.len().min(block.saturating_add(margin)) / 4 + 64;
        let (mut starts, mut ends) = (Vec::with_capacity(words), Vec::with_capacity(words));
        // The words that may begin a name, by index.
        let mut firsts: Vec<(usize, u64)> = Vec::with_capacity(words / 2);
        loop {
            let done = folder.fold_more(block);
            let (hay, map) = (folder.text(), folder.map());
            let limit = hay.len().saturating_sub(margin);
            starts.clear();
            ends.clear();
            crate::names::word_bounds(&hay[scanned..], scanned, &mut starts, &mut ends);
            // The words searched now: all of them once the text is folded
            // to its end.
            let count = if done {
                starts.len()
            } else {
                // The first word that starts at `limit` or later, or that
                // the end of the folded text may cut short: both lists
                // increase, so each is found by binary search.
                let reach = starts.partition_point(|&start| start < limit);
                reach.min(ends.partition_point(|&end| end < hay.len()))
            };
            firsts.clear();
            self.table
                .first_words(hay, &starts[..count], &ends[..count], &mut firsts);
            for &(i, state) in &firsts {
                if starts[i] < pos {
                    continue;
                }
                // A name may run on over the words after the ones searched
                // now.
                if let Some(m) = self.table.longest_in(hay, &starts, &ends, (i, state)) {
                    pos = m.end;
                    let span = Span::new(start_of(map, m.start), end_of(map, m.end, text));
                    let original = span.slice(text);
                    let from = fitting.len();
                    if let Some(rs) = self.readings.get(m.name) {
                        let got = if self.capitals.get(m.name).copied().unwrap_or(true) {
                            Initials::of(original)
                        } else {
                            Initials::default()
                        };
                        fitting.extend(rs.iter().filter(|r| r.case_fits(original, got)));
                    }
                    found.push((span, from, fitting.len()));
                }
            }
            for (&start, &end) in starts[..count].iter().zip(&ends[..count]) {
                if end - start >= NEAR_MIN_LEN
                    && hay[start].is_ascii_alphabetic()
                    && self.near_ends.may_match(&hay[start..end])
                {
                    if let Some(span) = near_candidate(text, map, start, end) {
                        near.push((span, start, end));
                    }
                }
            }
            if let Some(&end) = count.checked_sub(1).and_then(|last| ends.get(last)) {
                scanned = end;
            }
            if done {
                break;
            }
        }
        // Clubs the article names unambiguously anywhere: context for shared
        // player names ("Konate" in an article about Liverpool); gathered
        // when first needed.
        let mut article_clubs: Option<FxHashSet<EntityId>> = None;
        let clubs = || -> FxHashSet<EntityId> {
            found
                .iter()
                .filter_map(|&(_, from, to)| match fitting.get(from..to) {
                    Some([one]) if one.kind == Kind::Club => Some(one.entity),
                    _ => None,
                })
                .collect()
        };
        let mut out = Vec::with_capacity(found.len());
        let mut last_seen: FxHashMap<EntityId, usize> = FxHashMap::default();
        let mut named_before: Vec<&Reading> = Vec::new();
        for &(span, from, to) in &found {
            // First names count only for an entity already named in full;
            // several forms of one entity's name (`Sport`, `=SPORT`) are one
            // reading.
            let chosen = match fitting.get(from..to).unwrap_or(&[]) {
                [] => None,
                [one] if !one.context_only => Some((one.entity, one.kind, How::Name)),
                [one] if last_seen.contains_key(&one.entity) => {
                    Some((one.entity, one.kind, How::Context))
                }
                [_] => None,
                several => {
                    named_before.clear();
                    for r in several {
                        let named = !r.context_only || last_seen.contains_key(&r.entity);
                        if named && !named_before.iter().any(|n| n.entity == r.entity) {
                            named_before.push(r);
                        }
                    }
                    match named_before.as_slice() {
                        [] => None,
                        [one] if !one.context_only => Some((one.entity, one.kind, How::Name)),
                        [one] => Some((one.entity, one.kind, How::Context)),
                        many => {
                            let clubs = article_clubs.get_or_insert_with(clubs);
                            choose(many, &last_seen, clubs)
                        }
                    }
                }
            };
            if let Some((entity, kind, how)) = chosen {
                last_seen.insert(entity, span.start);
                out.push(Mention {
                    span,
                    entity,
                    kind,
                    how,
                });
            }
        }
        if !self.surnames.is_empty() && !near.is_empty() {
            self.near_misses(folder.text(), &near, &mut out);
        }
        out
    }

    /// Capitalised words of `NEAR_MIN_LEN`+ letters, outside any mention,
    /// that are one edit away from a known player surname.
    ///
    /// `words` are the capitalised words of the folded text `hay` (in order,
    /// see [`near_candidate`]) that may be such: the others cannot be.
    fn near_misses(&self, hay: &[u8], words: &[(Span, usize, usize)], out: &mut Vec<Mention>) {
        let mut found = Vec::new();
        let mut key = String::new();
        let mut after = 0;
        for &(span, start, i) in words {
            // `out` is sorted by start and does not overlap itself, and the
            // words come in order: the first mention not before this word
            // only moves forward.
            while out.get(after).is_some_and(|m| m.span.end <= span.start) {
                after += 1;
            }
            if out.get(after).is_some_and(|m| m.span.overlaps(span)) {
                continue;
            }
            let Some(word) = hay.get(start..i).and_then(|w| std::str::from_utf8(w).ok()) else {
                continue;
            };
            let mut hits: Vec<EntityId> = Vec::new();
            let near = self.near.get_or_init(|| {
                let mut near: FxHashMap<String, Vec<(EntityId, String)>> = FxHashMap::default();
                for (id, surname) in &self.surnames {
                    for variant in std::iter::once(surname.clone()).chain(deletions(surname)) {
                        let list = near.entry(variant).or_default();
                        if !list.iter().any(|(e, _)| e == id) {
                            list.push((*id, surname.clone()));
                        }
                    }
                }
                near
            });
            // The word itself, then the word without its byte `skip`.
            for skip in (0..=word.len()).rev() {
                key.clear();
                key.push_str(word.get(..skip).unwrap_or(word));
                key.push_str(word.get(skip + 1..).unwrap_or(""));
                if let Some(list) = near.get(key.as_str()) {
                    for (id, surname) in list {
                        if !hits.contains(id) && strsim::damerau_levenshtein(word, surname) <= 1 {
                            hits.push(*id);
                        }
                    }
                }
            }
            if let [one] = hits.as_slice() {
                found.push(Mention {
                    span,
                    entity: *one,
                    kind: Kind::Player,
                    how: How::Fuzzy,
                });
            }
        }
        if !found.is_empty() {
            out.extend(found);
            out.sort_by_key(|m| m.span.start);
        }
    }
}

/// Picks among several entities sharing a name: the default reading if the
/// article has named it; else the most recently mentioned;
/// else the only canonical name among them; else the one whose club the
/// article names; else the default reading; else, for players, the one in
/// the league news names most, when that is a single entity; else none.
fn choose(
    readings: &[&Reading],
    last_seen: &FxHashMap<EntityId, usize>,
    article_clubs: &FxHashSet<EntityId>,
) -> Option<(EntityId, Kind, How)> {
    // The default reading wins whenever the article has named it: with both
    // Manchester United and Newcastle United in play, "United" is the former.
    if let Some(r) = readings
        .iter()
        .find(|r| r.alias.default && last_seen.contains_key(&r.entity))
    {
        return Some((r.entity, r.kind, How::Context));
    }
    if let Some(r) = readings
        .iter()
        .filter_map(|r| last_seen.get(&r.entity).map(|at| (at, r)))
        .max_by_key(|(at, _)| **at)
        .map(|(_, r)| r)
    {
        return Some((r.entity, r.kind, How::Context));
    }
    let only = |list: Vec<&&Reading>, how: How| match list.as_slice() {
        [one] => Some((one.entity, one.kind, how)),
        _ => None,
    };
    only(readings.iter().filter(|r| r.canonical).collect(), How::Name)
        .or_else(|| {
            only(
                readings
                    .iter()
                    .filter(|r| r.club.is_some_and(|c| article_clubs.contains(&c)))
                    .collect(),
                How::Context,
            )
        })
        .or_else(|| {
            only(
                readings.iter().filter(|r| r.alias.default).collect(),
                How::Default,
            )
        })
        .or_else(|| {
            let players: Vec<&&Reading> =
                readings.iter().filter(|r| r.kind == Kind::Player).collect();
            if players.len() != readings.len() {
                return None;
            }
            let best = players.iter().map(|r| r.rank).min()?;
            if usize::from(best) >= LEAGUE_RANK.len() {
                return None;
            }
            only(
                players.into_iter().filter(|r| r.rank == best).collect(),
                How::Default,
            )
        })
}

/// What a byte is to [`Initials::of`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum InitialClass {
    /// Punctuation and the like: neither starts nor ends a word.
    Other,
    /// White space or a hyphen: ends a word.
    Separator,
    /// A lower-case letter or a digit.
    Lower,
    /// An upper-case letter.
    Upper,
    /// Not ASCII: the bytes are read as characters instead.
    NotAscii,
}

/// [`InitialClass`] of every byte.
const INITIAL_CLASS: [InitialClass; 256] = {
    let mut table = [InitialClass::NotAscii; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_whitespace() || c == 0x0B || c == b'-' {
            InitialClass::Separator
        } else if c.is_ascii_uppercase() {
            InitialClass::Upper
        } else if c.is_ascii_alphanumeric() {
            InitialClass::Lower
        } else {
            InitialClass::Other
        };
        b += 1;
    }
    table
};

/// Which words of a name begin with a capital: bit `i` for word `i` (words
/// past the 64th are counted but not recorded).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Initials {
    capitals: u64,
    words: u32,
}

impl Initials {
    /// The initials of `s`'s words (see [`word_initials`]).
    fn of(s: &str) -> Initials {
        let mut out = Initials::default();
        // The same as `word_initials`, a byte at a time, for ASCII text.
        let b = s.as_bytes();
        let b = b.strip_suffix(b"'s").unwrap_or(b);
        let mut seen = false;
        let mut ascii = true;
        for &c in b {
            match INITIAL_CLASS[usize::from(c)] {
                InitialClass::Other => {}
                InitialClass::Separator => seen = false,
                InitialClass::Lower if !seen => {
                    out.words = out.words.saturating_add(1);
                    seen = true;
                }
                InitialClass::Upper if !seen => {
                    if out.words < 64 {
                        out.capitals |= 1 << out.words;
                    }
                    out.words = out.words.saturating_add(1);
                    seen = true;
                }
                InitialClass::Lower | InitialClass::Upper => {}
                InitialClass::NotAscii => {
                    ascii = false;
                    break;
                }
            }
        }
        if ascii {
            return out;
        }
        out = Initials::default();
        for (i, capital) in word_initials(s).enumerate() {
            if capital && i < 64 {
                out.capitals |= 1 << i;
            }
            out.words = out.words.saturating_add(1);
        }
        out
    }

    /// The capitals an alias asks for: its initials, except that a leading
    /// article is written either way ("the Sun", "The Sun").
    fn wanted(alias: &str) -> Initials {
        let mut out = Initials::of(alias);
        let leading_article = alias
            .split_whitespace()
            .next()
            .is_some_and(|w| w.eq_ignore_ascii_case("the"));
        if leading_article {
            out.capitals &= !1;
        }
        out
    }

    fn first(self) -> bool {
        self.capitals & 1 != 0
    }
}

impl Reading {
    /// Does the text's casing satisfy the alias's case rule? `got` is
    /// `Initials::of(original)`.
    fn case_fits(&self, original: &str, got: Initials) -> bool {
        match self.alias.case {
            CaseRule::Any => true,
            CaseRule::Exact => letters(original).eq(self.exact.chars()),
            CaseRule::Capitals => {
                let want = self.capitals;
                if want.words != got.words {
                    // Word counts differ only through folding (e.g. "ß" vs
                    // "ss", a joined hyphen); require the first capital at
                    // least.
                    return got.first() || !want.first();
                }
                want.capitals & !got.capitals == 0
            }
        }
    }
}

/// Letters and digits of `s`, transliterated to ASCII, case kept.
fn letters(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars()
        .flat_map(|c| {
            // An ASCII character stands for itself; any other for its
            // transliteration.
            let (own, other) = if c.is_ascii() {
                (Some(c), "")
            } else {
                (None, deunicode::deunicode_char(c).unwrap_or(""))
            };
            own.into_iter().chain(other.chars())
        })
        .filter(char::is_ascii_alphanumeric)
}

/// For each word (split at white space, hyphens, apostrophes), whether its
/// first letter is upper case. A possessive `'s` is not a word.
fn word_initials(s: &str) -> impl Iterator<Item = bool> + Clone + '_ {
    let trimmed = s
        .strip_suffix("'s")
        .or_else(|| s.strip_suffix("’s"))
        .unwrap_or(s);
    trimmed
        .split(|c: char| c.is_whitespace() || c == '-' || c == '‐')
        .filter_map(|w| w.chars().find(|c| c.is_alphanumeric()))
        .map(char::is_uppercase)
}

/// Every string made by deleting one byte of an ASCII word.
fn deletions(word: &str) -> impl Iterator<Item = String> + '_ {
    (0..word.len()).filter_map(move |i| {
        let mut s = String::with_capacity(word.len());
        s.push_str(word.get(..i)?);
        s.push_str(word.get(i + 1..)?);
        Some(s)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fold::Folded;
    use std::path::Path;

    #[test]
    fn initials_byte_path_agrees_with_the_general_one() {
        let general = |s: &str| {
            let mut out = Initials::default();
            for (i, capital) in word_initials(s).enumerate() {
                if capital {
                    out.capitals |= 1 << i;
                }
                out.words += 1;
            }
            out
        };
        for s in [
            "Real Madrid",
            "the Sun",
            "Gibbs-White's",
            "  PSG ",
            "1. FC Union",
            "de Jong",
            "O'Connor",
            "van  der\tSar",
            "- -",
            "",
            "Konaté",
            "Ødegaard's",
            "Real Madrid’s",
            "São Paulo",
            "N'Golo Kanté",
        ] {
            assert_eq!(Initials::of(s), general(s), "{s:?}");
        }
    }

    /// `Matcher::find` as it was first written: every name found by the
    /// table's own iterator, the readings filtered with freshly computed
    /// initials and letters, the clubs gathered up front, and every word of
    /// the text tried as a near miss. The fast paths must agree with it.
    fn find_reference(m: &Matcher, text: &str, range: Span) -> Vec<Mention> {
        let fits = |r: &Reading, original: &str, got: Initials| match r.alias.case {
            CaseRule::Exact => {
                let letters = |s: &str| -> Vec<char> {
                    s.chars()
                        .flat_map(|c| {
                            if c.is_ascii() {
                                vec![c]
                            } else {
                                deunicode::deunicode_char(c).unwrap_or("").chars().collect()
                            }
                        })
                        .filter(char::is_ascii_alphanumeric)
                        .collect()
                };
                letters(original) == letters(&r.alias.text)
            }
            _ => r.case_fits(original, got),
        };
        let Some(src) = text.get(range.start..range.end) else {
            return Vec::new();
        };
        let folded = Folded::new(src, range.start);
        let hay = folded.text.as_bytes();
        let mut found: Vec<(Span, Vec<&Reading>)> = Vec::new();
        for n in m.table.find_iter(hay) {
            let span = Span::new(folded.start_of(n.start), folded.end_of(n.end, text));
            let original = span.slice(text);
            let got = Initials::of(original);
            let rs = m.readings[n.name].iter().filter(|r| fits(r, original, got));
            found.push((span, rs.collect()));
        }
        let article_clubs: FxHashSet<EntityId> = found
            .iter()
            .filter_map(|(_, rs)| match rs.as_slice() {
                [one] if one.kind == Kind::Club => Some(one.entity),
                _ => None,
            })
            .collect();
        let mut out = Vec::new();
        let mut last_seen: FxHashMap<EntityId, usize> = FxHashMap::default();
        for (span, rs) in &found {
            let mut named_before: Vec<&Reading> = Vec::new();
            for r in rs {
                let named = !r.context_only || last_seen.contains_key(&r.entity);
                if named && !named_before.iter().any(|n| n.entity == r.entity) {
                    named_before.push(r);
                }
            }
            let chosen = match named_before.as_slice() {
                [] => None,
                [one] if !one.context_only => Some((one.entity, one.kind, How::Name)),
                [one] => Some((one.entity, one.kind, How::Context)),
                many => choose(many, &last_seen, &article_clubs),
            };
            if let Some((entity, kind, how)) = chosen {
                last_seen.insert(entity, span.start);
                out.push(Mention {
                    span: *span,
                    entity,
                    kind,
                    how,
                });
            }
        }
        let every_word: Vec<(Span, usize, usize)> = crate::names::words(hay)
            .filter(|&(s, e)| e - s >= NEAR_MIN_LEN && hay[s].is_ascii_alphabetic())
            .filter_map(|(s, e)| Some((near_candidate(text, &folded.map, s, e)?, s, e)))
            .collect();
        m.near_misses(hay, &every_word, &mut out);
        out.sort_by_key(|x| x.span.start);
        out
    }

    #[test]
    fn find_agrees_with_the_reference_on_news_like_text() {
        use proptest::prelude::*;
        static BUILT: std::sync::LazyLock<(Gazetteer, Matcher, Vec<String>)> =
            std::sync::LazyLock::new(|| {
                let g = Gazetteer::builtin().expect("built-in gazetteer");
                let m = Matcher::new(&g);
                let names = g
                    .iter()
                    .flat_map(|(_, e)| e.aliases.iter().map(|a| a.text.clone()))
                    .collect();
                (g, m, names)
            });
        let (_, m, names) = &*BUILT;
        const GLUE: &[&str] = &[
            " ", " ", " ", ", ", ". ", "'s ", "’s ", "-", " the ", " The ", "\n\n", "  ",
            " &amp; ", "<p>", "</a> ", " é ", "“", "” ", " – ", "🔴 ", "O’", " want ", ": ",
        ];
        // A name as written, in lower or upper case, or with one letter
        // dropped, doubled or swapped (a near miss).
        let name =
            (0..names.len(), 0u8..8, any::<prop::sample::Index>()).prop_map(|(i, how, at)| {
                let n = &names[i];
                let mut chars: Vec<char> = n.chars().collect();
                let k = at.index(chars.len().max(1));
                match how {
                    0 => n.to_lowercase(),
                    1 => n.to_uppercase(),
                    2 if chars.len() > 1 => {
                        chars.remove(k);
                        chars.into_iter().collect()
                    }
                    3 if !chars.is_empty() => {
                        chars.insert(k, chars[k]);
                        chars.into_iter().collect()
                    }
                    4 if k + 1 < chars.len() => {
                        chars.swap(k, k + 1);
                        chars.into_iter().collect()
                    }
                    _ => n.clone(),
                }
            });
        let piece = prop_oneof![
            3 => name,
            2 => proptest::sample::select(GLUE).prop_map(String::from),
            1 => "[A-Za-z]{1,9}",
            // Longer than any name, so that some words run past the end of
            // a block.
            1 => "[a-z]{90,200}",
        ];
        let input = proptest::collection::vec(piece, 0..80);
        let mut runner = proptest::test_runner::TestRunner::new(proptest::test_runner::Config {
            cases: 1000,
            ..Default::default()
        });
        runner
            .run(&input, |pieces| {
                let text = pieces.concat();
                for start in [0, text.len() / 3] {
                    let start = (start..=text.len())
                        .find(|&i| text.is_char_boundary(i))
                        .unwrap_or(text.len());
                    let range = Span::new(start, text.len());
                    let want = find_reference(m, &text, range);
                    prop_assert_eq!(&m.find(&text, range), &want);
                    for block in [1, 7, 100] {
                        prop_assert_eq!(&m.find_by_blocks(&text, range, block), &want);
                    }
                }
                Ok(())
            })
            .expect("find and its reference agree");
    }

    #[test]
    fn find_agrees_with_the_reference_on_the_seed_articles() {
        let g = Gazetteer::builtin().expect("built-in gazetteer");
        let m = Matcher::new(&g);
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let mut checked = 0;
        for entry in std::fs::read_dir(dir).expect("seeds") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|x| x == "txt") {
                let text = std::fs::read_to_string(&path).expect("seed");
                let range = Span::new(0, text.len());
                let got = m.find(&text, range);
                assert!(!got.is_empty());
                assert_eq!(got, find_reference(&m, &text, range), "{path:?}");
                checked += 1;
            }
        }
        assert!(checked > 0);
    }

    #[test]
    fn every_built_in_name_is_found_in_its_own_text() {
        let g = Gazetteer::builtin().expect("built-in gazetteer");
        let m = Matcher::new(&g);
        assert_eq!(m.table.unfindable(), 0);
        let mut checked = 0;
        for (_, entity) in g.iter() {
            for alias in &entity.aliases {
                let folded = fold(&alias.text);
                if folded.is_empty() {
                    continue;
                }
                let hay = format!("( {folded} )");
                let whole: Vec<_> = m
                    .table
                    .find_iter(hay.as_bytes())
                    .filter(|n| n.start == 2 && n.end == 2 + folded.len())
                    .collect();
                assert_eq!(whole.len(), 1, "{:?} not found whole", alias.text);
                checked += 1;
            }
        }
        assert!(checked > 10_000, "{checked}");
    }

    fn gazetteer() -> Gazetteer {
        let mut g = Gazetteer::empty();
        let clubs = "id\tname\tcountry\tleague\taliases\n\
            manchester-united\tManchester United\tEngland\t\t*United|Man Utd\n\
            newcastle-united\tNewcastle United\tEngland\t\tNewcastle|United\n\
            real-madrid\tReal Madrid\tSpain\t\t*Madrid|Los Blancos|the Bernabeu\n\
            atletico-madrid\tAtletico Madrid\tSpain\t\tAtletico|Madrid\n\
            liverpool\tLiverpool\tEngland\t\tthe Reds\n";
        g.load_str(Kind::Club, Path::new("clubs.tsv"), clubs)
            .expect("clubs");
        let outlets = "id\tname\tcountry\tlanguage\taliases\nas\tAS\tSpain\tes\t=AS\nsport\tSport\tSpain\tes\t=Sport\n";
        g.load_str(Kind::Outlet, Path::new("outlets.tsv"), outlets)
            .expect("outlets");
        let players = "id\tname\taliases\tnationality\tposition\tborn\tclub\n\
            ibrahima-konate\tIbrahima Konaté\tKonaté\tFrance\t\t\tliverpool\n\
            dayot-upamecano\tDayot Upamecano\tUpamecano\tFrance\t\t\t\n\
            martin-odegaard\tMartin Ødegaard\tØdegaard\tNorway\t\t\t\n\
            morgan-gibbs-white\tMorgan Gibbs-White\tGibbs-White\tEngland\t\t\t\n";
        g.load_str(Kind::Player, Path::new("players.tsv"), players)
            .expect("players");
        g
    }

    fn names(text: &str) -> Vec<(String, String)> {
        let g = gazetteer();
        let m = Matcher::new(&g);
        m.find(text, Span::new(0, text.len()))
            .into_iter()
            .map(|x| {
                let e = g.get(x.entity).map(|e| e.name.clone()).unwrap_or_default();
                (x.span.slice(text).to_string(), e)
            })
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn accents_hyphens_apostrophes_possessive() {
        assert_eq!(
            names("Konate’s agent met Odegaard and Gibbs White's camp."),
            pairs(&[
                ("Konate", "Ibrahima Konaté"),
                ("Odegaard", "Martin Ødegaard"),
                ("Gibbs White", "Morgan Gibbs-White")
            ])
        );
    }

    #[test]
    fn whole_words_and_longest_name() {
        assert_eq!(
            names("Real Madrid want Konaté; Liverpoolian fans"),
            pairs(&[
                ("Real Madrid", "Real Madrid"),
                ("Konaté", "Ibrahima Konaté")
            ])
        );
    }

    #[test]
    fn case_rules() {
        assert!(names("as well as the sport").is_empty());
        assert!(names("the reds are out").is_empty());
        assert_eq!(
            names("The Reds, per AS and Sport."),
            pairs(&[("The Reds", "Liverpool"), ("AS", "AS"), ("Sport", "Sport")])
        );
    }

    #[test]
    fn shared_names_follow_context_then_default() {
        assert_eq!(
            names("United want him."),
            pairs(&[("United", "Manchester United")])
        );
        assert_eq!(
            names("Newcastle United lead. United want him."),
            pairs(&[
                ("Newcastle United", "Newcastle United"),
                ("United", "Newcastle United")
            ])
        );
        assert_eq!(
            names("Atletico Madrid lead, but Madrid wait."),
            pairs(&[
                ("Atletico Madrid", "Atletico Madrid"),
                ("Madrid", "Atletico Madrid")
            ])
        );
        assert_eq!(names("Madrid wait."), pairs(&[("Madrid", "Real Madrid")]));
    }

    #[test]
    fn first_name_only_after_full_name() {
        assert!(names("Martin signed.").is_empty());
        assert_eq!(
            names("Martin Ødegaard is happy. Martin signed."),
            pairs(&[
                ("Martin Ødegaard", "Martin Ødegaard"),
                ("Martin", "Martin Ødegaard")
            ])
        );
    }

    #[test]
    fn near_miss_of_long_surname() {
        assert_eq!(
            names("re-signing Upamacano is a priority"),
            pairs(&[("Upamacano", "Dayot Upamecano")])
        );
        assert!(names("re-signing Upamxxano is a priority").is_empty());
        assert!(names("upamacano in lower case").is_empty());
    }

    #[test]
    fn spans_slice_the_input() {
        let text = "date 2025-01-01 🔴 Konaté – Real Madrid’s target";
        let g = gazetteer();
        let m = Matcher::new(&g);
        for x in m.find(text, Span::new(16, text.len())) {
            assert!(text.is_char_boundary(x.span.start) && text.is_char_boundary(x.span.end));
            assert!(!x.span.slice(text).is_empty());
        }
    }
}
