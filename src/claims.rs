//! Stage 4b: claims.
//!
//! In: the document, its sentences, its mentions (names and resolved
//! references), its attributions and the lexicon's relation triggers. Out:
//! the [`Claim`]s of the article: for each trigger, the club and player it
//! relates, the source that says it, whether it is denied or hedged, and the
//! fee stated with it; one claim per (relation, club, player, source,
//! negation) in the article.
//!
//! Arguments are chosen within the trigger's clause first (the sentence cut
//! at semicolons, dashes and conjunctions), then the sentence: the nearest
//! club or player on the side the trigger names. A club that only qualifies
//! a player ("Liverpool defender Ibrahima Konate") is used only when no other
//! club is in reach. Relations about a player's own contract take his current
//! club: the one the article gives him, else the gazetteer's.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::LazyLock;

use regex::Regex;

use crate::attribution::{Attribution, Attributions, Source};
use crate::clauses::{clause_within, parentheticals};
use crate::document::Document;
use crate::gazetteer::{EntityId, Gazetteer, Kind};
use crate::guarded::Guarded;
use crate::lexicon::{Lexicon, Relation, Side, Trigger};
use crate::mentions::{within, How, Mention};
use crate::money::{self, Fee};
use crate::span::Span;

/// One side of a claim: the club or the player, as found in the text.
#[derive(Clone, Debug, PartialEq)]
pub struct Arg {
    /// The gazetteer entity.
    pub entity: EntityId,
    /// Where it is named (for implied clubs: where the player is).
    pub span: Span,
    /// How it was recognised; `None` when implied from facts.
    pub how: Option<How>,
}

/// An attributed transfer claim.
#[derive(Clone, Debug)]
pub struct Claim {
    /// The relation.
    pub relation: Relation,
    /// The club.
    pub club: Arg,
    /// The player.
    pub player: Arg,
    /// Who says it; `None` for the article's own voice.
    pub source: Option<Source>,
    /// The attribution cue's rule name.
    pub cue: Option<String>,
    /// The words of the cue.
    pub cue_span: Option<Span>,
    /// The relation is denied.
    pub negated: bool,
    /// The statement is a possibility or expectation.
    pub hedged: bool,
    /// The fee stated with it.
    pub fee: Option<Fee>,
    /// The date the source gave it on, resolved against the article date.
    pub reported_on: Option<jiff::civil::Date>,
    /// The times the claim is about, stated in its clause ("in January",
    /// "next summer"), each with its resolved window.
    pub about: Vec<crate::dates::TimeRef>,
    /// Index of the sentence.
    pub sentence: usize,
    /// The sentence's span.
    pub evidence: Span,
    /// The trigger's span.
    pub trigger: Span,
    /// The clause the trigger stands in.
    pub clause: Span,
    /// The trigger rule: `relations.tsv:LINE`.
    pub rule: String,
}

/// A negation within the five words before a trigger. Every match holds
/// one of the guard's literals: "no" (not, no), "nev", "yet", "unli",
/// "refu", "rath", "tead" (instead), "witho", "den" (deny, denied...),
/// "giv", "gav" and "n't". Its head is the negation, a whole word; its tail
/// the words after it, up to the end of the text.
static NEGATION: LazyLock<Guarded> = LazyLock::new(|| {
    Guarded::ending(
        r"(?i)(?:(?-u:\b)(?:not|never|no|yet to|unlikely to|refused to|refuses to|rather than|instead of|without|denied|denies|deny|denying|(?:given|give|gave|giving) up (?:hope|hopes) of)|n['’]t)(?-u:\b)",
        r"(?:\s+[\w'’-]+){0,5}\s*",
        &["no", "nev", "yet", "unli", "refu", "rath", "tead", "witho", "den", "giv", "gav", "n't", "n’t"],
    )
    .unwrap_or_else(|e| panic!("built-in pattern: {e}"))
});

/// Words that make talks, offers or agreements about a player's contract.
/// Every match holds one of the guard's literals: "new" (renew too), "fre"
/// (fresh), "improved", "long-term", "contract", "exten" (extend,
/// extension) and "re-" (re-sign).
static CONTRACT_WORDS: LazyLock<Guarded> = LazyLock::new(|| {
    Guarded::new(
        r"(?i)(?-u:\b)(?:new|fresh|improved|long-term) (?:deal|contract|terms)|(?-u:\b)contract|(?-u:\b)extend|(?-u:\b)extension|(?-u:\b)renew|(?-u:\b)re-sign",
        &["new", "fre", "improved", "long-term", "contract", "exten", "re-"],
    )
    .unwrap_or_else(|e| panic!("built-in pattern: {e}"))
});

static HEDGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:could|may|might|would|expected to|set to|close to|closing in|potential(?:ly)?|likely|possible|possibly|hope|hoping|hopes|considering|consider|if|plan|plans|planning|prepared to|ready to|poised to|on the verge|weighing|unless)(?-u:\b)")
        .unwrap_or_else(|e| panic!("built-in pattern: {e}"))
});

/// `find()`'s value for `key`, found once: later calls with the same key
/// take it from `found`.
fn once_per<T: Clone>(found: &mut Vec<(Span, T)>, key: Span, find: impl FnOnce() -> T) -> T {
    if let Some((_, v)) = found.iter().find(|(k, _)| *k == key) {
        return v.clone();
    }
    let v = find();
    found.push((key, v.clone()));
    v
}

/// Finds the claims of a document.
#[allow(clippy::too_many_arguments)]
pub fn extract(
    doc: &Document,
    sentences: &[Span],
    mentions: &[Mention],
    attributive: &[Span],
    unnamed: &[Span],
    attributions: &Attributions,
    lexicon: &Lexicon,
    club_of: &dyn Fn(EntityId) -> Option<EntityId>,
    article_club_of: &dyn Fn(EntityId) -> Option<EntityId>,
) -> Vec<Claim> {
    let text = doc.text.as_str();
    let mut claims: Vec<Claim> = Vec::new();
    let mut seen: HashMap<ClaimKey, usize> = HashMap::default();
    // (player, club) pairs whose contract the article has spoken of: a later
    // agreement or talks between them is about that contract.
    // The club each player's exit or contract claims have tied him to.
    let mut learned: HashMap<EntityId, EntityId> = HashMap::default();
    let mut contracts: HashSet<(EntityId, EntityId)> = HashSet::default();
    // The reporting date of each cue sentence, as found.
    let mut reported: HashMap<Span, Option<jiff::civil::Date>> = HashMap::default();
    for (si, &sentence) in sentences.iter().enumerate() {
        if boilerplate(sentence.slice(text)) {
            continue;
        }
        let ours = first_person_clubs(text, sentence, attributions);
        let mut in_sentence: Vec<&Mention> = within(mentions, sentence).collect();
        if !ours.is_empty() {
            in_sentence.extend(ours.iter());
            in_sentence.sort_by_key(|m| m.span.start);
        }
        // A sentence that names no player may still be about the one the
        // sentence before it is about ("Florian Wirtz to Liverpool, here we
        // go! The agreement between the clubs is done for £100m.").
        let implied = if in_sentence.iter().any(|m| m.kind == Kind::Player) {
            None
        } else if unnamed.contains(&sentence) || !ends_statement(sentence.slice(text)) {
            continue;
        } else {
            match implied_player(doc, sentences, si, mentions) {
                Some(m) => Some(m),
                None => continue,
            }
        };
        let s = sentence.slice(text);
        let triggers = triggers_in(lexicon, s, sentence, &in_sentence);
        if triggers.is_empty() {
            continue;
        }
        // The sentence's fees, found when a claim can take one.
        let mut fees: Option<Vec<money::Fee>> = None;
        let parens = parentheticals(text, sentence);
        // The time references of each clause of the sentence, and whether
        // it speaks of a contract, as found.
        let mut times: Vec<(Span, Vec<crate::dates::TimeRef>)> = Vec::new();
        let mut contract_talk: Vec<(Span, bool)> = Vec::new();
        let mut speaks_of_contract = |clause: Span| {
            once_per(&mut contract_talk, clause, || {
                CONTRACT_WORDS.is_match(clause.slice(text))
            })
        };
        let first_claim = claims.len();
        for (trigger, tspan) in triggers {
            let Some(trigger_relation) = trigger.relation else {
                continue;
            };
            let clause = clause_within(text, sentence, &parens, tspan);
            let reach = Reach {
                text,
                trigger: tspan,
                clause,
                sentence,
                parens: &parens,
                avoid: &[],
                not_from: false,
            };
            let players = match implied {
                None => pick(&in_sentence, Kind::Player, trigger.player, &reach),
                Some(m)
                    if trigger.club == Side::Own
                        || (MOVES.contains(&trigger_relation)
                            && in_sentence.iter().any(|x| x.kind == Kind::Club)) =>
                {
                    vec![Arg {
                        entity: m.entity,
                        span: m.span,
                        how: None,
                    }]
                }
                Some(_) => Vec::new(),
            };
            if players.is_empty() {
                continue;
            }
            let mut negated = trigger.negated;
            if !trigger.fixed {
                let before = text.get(clause.start..tspan.start).unwrap_or("");
                if NEGATION.is_match(before) {
                    negated = !negated;
                }
            }
            // Triggers of one clause share its times.
            let about = match doc.date {
                Some(d) => once_per(&mut times, clause, || {
                    crate::dates::time_refs(text, clause, d)
                }),
                None => Vec::new(),
            };
            let hedged =
                trigger.hedged || HEDGE.is_match(text.get(clause.start..tspan.start).unwrap_or(""));
            let attribution: Option<&Attribution> = attributions.at(tspan);
            // The date the source gave, stated in the sentence of its cue.
            let reported_on = attribution.zip(doc.date).and_then(|(a, date)| {
                let cue_sentence = crate::sentences::holding(sentences, a.cue_span.start)
                    .and_then(|i| sentences.get(i))
                    .copied()
                    .unwrap_or(sentence);
                *reported.entry(cue_sentence).or_insert_with(|| {
                    crate::dates::reported_on(text, cue_sentence, date).map(|r| r.date)
                })
            });
            let sources: Vec<Option<Source>> = match attribution {
                Some(a) => a.sources.iter().cloned().map(Some).collect(),
                None => vec![attributions.byline.clone()],
            };
            for player in &players {
                let clubs: Vec<Arg> = if trigger.club == Side::Own {
                    own_club(
                        &in_sentence,
                        player,
                        tspan,
                        clause,
                        text,
                        attributive,
                        &|p| {
                            article_club_of(p)
                                .or_else(|| learned.get(&p).copied())
                                .or_else(|| club_of(p))
                        },
                    )
                    .into_iter()
                    .collect()
                } else {
                    let not_from = trigger_relation == Relation::Transfer;
                    let strict = Reach {
                        avoid: attributive,
                        not_from,
                        ..reach
                    };
                    let mut cs = pick(&in_sentence, Kind::Club, trigger.club, &strict);
                    // A club that only qualifies the player is his own: it
                    // neither wants him nor gives up on him.
                    if cs.is_empty()
                        && !matches!(trigger_relation, Relation::Interest | Relation::Withdrawal)
                    {
                        let loose = Reach { not_from, ..reach };
                        cs = pick(&in_sentence, Kind::Club, trigger.club, &loose);
                    }
                    let about_contract = speaks_of_contract(clause);
                    if !about_contract {
                        if let Some(seller) = counterpart(
                            text,
                            clause,
                            tspan,
                            trigger_relation,
                            &cs,
                            &in_sentence,
                            attributive,
                            player.entity,
                            &claims,
                        ) {
                            learned.entry(player.entity).or_insert(seller);
                        }
                        cs = between_known(text, cs, player.entity, &claims);
                    }
                    let cs = selling_club_to_buyer(
                        cs,
                        trigger_relation,
                        player,
                        &in_sentence,
                        attributive,
                        tspan,
                        about_contract,
                        &|p| article_club_of(p).or_else(|| learned.get(&p).copied()),
                    );
                    known_buyer(
                        cs,
                        trigger_relation,
                        player,
                        clause,
                        &in_sentence,
                        &claims,
                        si,
                    )
                };
                let relations: Vec<Relation> = std::iter::once(trigger_relation)
                    .chain(trigger.also)
                    .collect();
                for (club, base_relation) in clubs
                    .iter()
                    .flat_map(|c| relations.iter().map(move |r| (c.clone(), *r)))
                {
                    let mut relation = base_relation;
                    let mut neg = negated;
                    // Negotiating or offering with his own club is about his
                    // contract (not with a buyer the article implies).
                    if matches!(
                        relation,
                        Relation::Talks | Relation::Bid | Relation::Agreement
                    ) && club.how.is_some()
                        && club_of(player.entity) == Some(club.entity)
                        && (speaks_of_contract(clause)
                            || contracts.contains(&(player.entity, club.entity)))
                    {
                        relation = Relation::Extension;
                    }
                    // A club that is not interested has withdrawn; one that has
                    // not given up is still interested.
                    if relation == Relation::Interest && neg {
                        relation = Relation::Withdrawal;
                        neg = false;
                    } else if relation == Relation::Withdrawal && neg {
                        relation = Relation::Interest;
                        neg = false;
                    }
                    let fee = if matches!(
                        relation,
                        Relation::Bid | Relation::Agreement | Relation::Transfer
                    ) {
                        fees.get_or_insert_with(|| money::find_fees(text, sentence))
                            .first()
                            .cloned()
                    } else {
                        None
                    };
                    for source in &sources {
                        let claim = Claim {
                            relation,
                            club: club.clone(),
                            player: player.clone(),
                            source: source.clone(),
                            cue: attribution
                                .map(|a| a.cue.clone())
                                .or_else(|| source.as_ref().map(|_| "byline".to_string())),
                            cue_span: attribution.map(|a| a.cue_span),
                            negated: neg,
                            hedged,
                            fee: fee.clone(),
                            reported_on,
                            about: about.clone(),
                            sentence: si,
                            evidence: sentence,
                            trigger: tspan,
                            clause,
                            rule: format!("relations.tsv:{}", trigger.line),
                        };
                        // Only a contract whose club the text names: a club
                        // implied from the gazetteer may be a later one.
                        if matches!(
                            claim.relation,
                            Relation::Extension | Relation::ContractExpiry
                        ) && claim.club.how.is_some()
                        {
                            contracts.insert((claim.player.entity, claim.club.entity));
                        }
                        // His exit or contract names his own club.
                        if matches!(
                            claim.relation,
                            Relation::Extension | Relation::ContractExpiry | Relation::Exit
                        ) {
                            learned
                                .entry(claim.player.entity)
                                .or_insert(claim.club.entity);
                        }
                        let key = ClaimKey::of(&claim);
                        match seen.get(&key) {
                            Some(&i) => {
                                if let Some(prev) = claims.get_mut(i) {
                                    if prev.fee.is_none() && claim.fee.is_some() {
                                        prev.fee = claim.fee.clone();
                                    }
                                }
                            }
                            None => {
                                seen.insert(key, claims.len());
                                claims.push(claim);
                            }
                        }
                    }
                }
            }
        }
        drop_withdrawn_interest(&mut claims, first_claim, &mut seen);
        withdrawal_after_signing(&mut claims, first_claim, &mut seen);
    }
    claims
}

/// "The player has agreed personal terms", "the medical is booked": a
/// transfer or agreement whose clause names no club is with the club the
/// article has already shown buying him (an agreement, transfer or bid of
/// an earlier sentence, or of this one, `si`, with its club in its own
/// clause), not with a club of another clause ("Bayern tried until the
/// end, but the medical is booked").
fn known_buyer(
    clubs: Vec<Arg>,
    relation: Relation,
    player: &Arg,
    clause: Span,
    mentions: &[&Mention],
    claims: &[Claim],
    si: usize,
) -> Vec<Arg> {
    if !matches!(relation, Relation::Transfer | Relation::Agreement)
        || clubs.iter().any(|c| clause.contains(c.span))
    {
        return clubs;
    }
    let Some(buyer) = claims
        .iter()
        .rev()
        .find(|k| {
            k.player.entity == player.entity
                && !k.negated
                && (k.sentence < si || k.clause.contains(k.club.span))
                && matches!(
                    k.relation,
                    Relation::Agreement | Relation::Transfer | Relation::Bid
                )
        })
        .map(|k| k.club.entity)
    else {
        return clubs;
    };
    match mentions
        .iter()
        .find(|m| m.kind == Kind::Club && m.entity == buyer)
    {
        Some(m) => vec![arg(m)],
        None => vec![Arg {
            entity: buyer,
            span: player.span,
            how: None,
        }],
    }
}

/// "We", "us" and "our" inside a quotation whose speaker speaks for a club
/// ("'We are not negotiating for him,' the Real Madrid coach said"): that
/// club, as a pronoun mention.
fn first_person_clubs(text: &str, sentence: Span, attributions: &Attributions) -> Vec<Mention> {
    static WE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?-u:\b)(?:[Ww]e|[Uu]s|[Oo]ur)(?-u:\b)")
            .unwrap_or_else(|e| panic!("built-in pattern: {e}"))
    });
    let mut out = Vec::new();
    for a in attributions
        .regions
        .iter()
        .filter(|a| a.quote && a.region.overlaps(sentence))
    {
        let Some(club) = a.club else { continue };
        let part = Span::new(
            a.region.start.max(sentence.start),
            a.region.end.min(sentence.end),
        );
        for m in WE.find_iter(part.slice(text)) {
            out.push(Mention {
                span: Span::new(part.start + m.start(), part.start + m.end()),
                entity: club,
                kind: Kind::Club,
                how: How::Pronoun,
            });
        }
    }
    out
}

/// "Arsenal, who held talks over the striker, moved on once they had signed
/// Viktor Gyokeres": a club does not give up on the player it signs in the
/// same sentence; the one it gave up on is the other player the sentence ties
/// it to (talks, interest, a bid), and without one there is no withdrawal.
fn withdrawal_after_signing(
    claims: &mut Vec<Claim>,
    from: usize,
    seen: &mut HashMap<ClaimKey, usize>,
) {
    let signed = |c: &Claim, all: &[Claim]| {
        all.iter().any(|t| {
            matches!(t.relation, Relation::Transfer | Relation::Agreement)
                && t.club.entity == c.club.entity
                && t.player.entity == c.player.entity
        })
    };
    let here = claims.get(from..).unwrap_or(&[]);
    if !here
        .iter()
        .any(|c| c.relation == Relation::Withdrawal && signed(c, here))
    {
        return;
    }
    let mut kept: Vec<Claim> = claims.get(..from).unwrap_or(&[]).to_vec();
    let here: Vec<Claim> = claims.get(from..).unwrap_or(&[]).to_vec();
    for c in &here {
        if c.relation != Relation::Withdrawal || !signed(c, &here) {
            kept.push(c.clone());
            continue;
        }
        let pursued = here.iter().find(|o| {
            matches!(
                o.relation,
                Relation::Talks | Relation::Interest | Relation::Bid
            ) && o.club.entity == c.club.entity
                && o.player.entity != c.player.entity
        });
        if let Some(o) = pursued {
            let mut w = c.clone();
            w.player = o.player.clone();
            if !kept.iter().any(|k| ClaimKey::of(k) == ClaimKey::of(&w)) {
                kept.push(w);
            }
        }
    }
    *claims = kept;
    seen.clear();
    for (i, c) in claims.iter().enumerate() {
        seen.insert(ClaimKey::of(c), i);
    }
}

/// The selling club of a move with two clubs: in "Arsenal are in talks with
/// Sporting", "made a proposal to Brentford", "agreed a fee with Palace", the
/// club after "with" or "to" is the one selling the player, when the club
/// found for the trigger stands before it; unless the article has already
/// shown that club moving for him ("X is on Newcastle's list, though
/// Brentford refuse to enter talks with the Magpies"), when the seller is
/// the one before.
#[allow(clippy::too_many_arguments)]
fn counterpart(
    text: &str,
    clause: Span,
    trigger: Span,
    relation: Relation,
    clubs: &[Arg],
    mentions: &[&Mention],
    attributive: &[Span],
    player: EntityId,
    claims: &[Claim],
) -> Option<EntityId> {
    static WITH: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?-u:\b)(?:with|to)\s+(?:the\s+)?$")
            .unwrap_or_else(|e| panic!("built-in pattern: {e}"))
    });
    if !matches!(
        relation,
        Relation::Talks | Relation::Bid | Relation::Agreement
    ) {
        return None;
    }
    let subject = clubs.iter().find(|c| c.span.end <= trigger.start)?;
    let m = mentions.iter().find(|m| {
        m.kind == Kind::Club
            && m.how != How::Pronoun
            && clause.contains(m.span)
            && m.span.start >= trigger.end
            && !attributive.contains(&m.span)
    })?;
    let gap = text.get(trigger.end..m.span.start)?;
    if m.entity == subject.entity || gap.len() > 60 || !WITH.is_match(gap) {
        return None;
    }
    let buying = claims.iter().any(|k| {
        k.player.entity == player
            && k.club.entity == m.entity
            && !matches!(
                k.relation,
                Relation::Exit | Relation::ContractExpiry | Relation::Extension
            )
    });
    Some(if buying { subject.entity } else { m.entity })
}

/// "The agreement between Liverpool and Leverkusen": of two clubs joined
/// after "between", the one moving for the player is the one the article
/// has already tied him to; the other is selling.
fn between_known(text: &str, clubs: Vec<Arg>, player: EntityId, claims: &[Claim]) -> Vec<Arg> {
    static BETWEEN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?-u:\b)between\s+(?:the\s+)?$")
            .unwrap_or_else(|e| panic!("built-in pattern: {e}"))
    });
    let Some(first) = clubs.first() else {
        return clubs;
    };
    if clubs.len() < 2 || !BETWEEN.is_match(text.get(..first.span.start).unwrap_or("")) {
        return clubs;
    }
    let known: Vec<Arg> = clubs
        .iter()
        .filter(|c| {
            claims.iter().any(|k| {
                k.player.entity == player
                    && k.club.entity == c.entity
                    && !matches!(k.relation, Relation::Exit | Relation::ContractExpiry)
            })
        })
        .cloned()
        .collect();
    if known.is_empty() {
        clubs
    } else {
        known
    }
}

/// Relations that a sentence naming a club but no player can state about
/// the player of the sentence before: the steps of a move. (Relations
/// about his own contract need no club named.)
const MOVES: [Relation; 4] = [
    Relation::Talks,
    Relation::Bid,
    Relation::Agreement,
    Relation::Transfer,
];

/// Headings and boilerplate lines, which carry no claims: a line opening
/// with capitals and a colon or symbol ("POLL: ...", "READ NEXT 🔴 ...",
/// "HAVE YOU SIGNED UP? ..."), or a line that does not end as a statement
/// and is labelled by a colon ("Latest Tottenham news: ...").
fn boilerplate(s: &str) -> bool {
    static CAPS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"^\s*\p{Lu}{3,}(?:\s+\p{Lu}{2,})*[?!]?\s*(?::|[^\p{L}\p{N}\s'‘’"“”(\[])"#)
            .unwrap_or_else(|e| panic!("built-in pattern: {e}"))
    });
    CAPS.is_match(s) || (!ends_statement(s) && s.contains(": "))
}

/// A sentence that ends as a statement does (a full stop, question or
/// exclamation mark, or a quotation closing after one), unlike headings and
/// boilerplate lines.
fn ends_statement(s: &str) -> bool {
    let t = s.trim_end().trim_end_matches(['”', '’', '"', '\'', ')']);
    t.ends_with(['.', '!', '?'])
}

/// The player a sentence without one is about: the one player (names and
/// references alike) of the nearest sentence before it in its paragraph
/// that names any; when no sentence of the paragraph so far names one, the
/// last sentence of the paragraph before (a paragraph that goes on with the
/// story of the one before).
fn implied_player<'m>(
    doc: &Document,
    sentences: &[Span],
    si: usize,
    mentions: &'m [Mention],
) -> Option<&'m Mention> {
    let here = *sentences.get(si)?;
    let para = doc.paragraph_of(here.start)?;
    let mut i = si;
    let mut crossed = false;
    while i > 0 {
        i -= 1;
        let prev = *sentences.get(i)?;
        if doc.paragraph_of(prev.start) != Some(para) {
            if crossed || doc.paragraph_of(prev.start)?.checked_add(1) != Some(para) {
                return None;
            }
            crossed = true;
        }
        let mut players = within(mentions, prev).filter(|m| m.kind == Kind::Player);
        let Some(first) = players.next() else {
            if crossed {
                return None;
            }
            continue;
        };
        return players.all(|m| m.entity == first.entity).then_some(first);
    }
    None
}

/// Drops an `interest` that another claim of the same sentence, club,
/// player and source supersedes: a `withdrawal` whose clause holds it ("the
/// option, which was being considered at Madrid, is starting to collapse"),
/// or an `extension` (a club wanting to keep its own player is renewing him).
fn drop_withdrawn_interest(
    claims: &mut Vec<Claim>,
    from: usize,
    seen: &mut HashMap<ClaimKey, usize>,
) {
    let superseding: Vec<(Relation, EntityId, EntityId, Option<Source>, Span)> = claims[from..]
        .iter()
        .filter(|c| matches!(c.relation, Relation::Withdrawal | Relation::Extension))
        .map(|c| {
            (
                c.relation,
                c.club.entity,
                c.player.entity,
                c.source.clone(),
                c.clause,
            )
        })
        .collect();
    if superseding.is_empty() {
        return;
    }
    let before = claims.len();
    let mut i = from;
    while i < claims.len() {
        let c = &claims[i];
        let hit = c.relation == Relation::Interest
            && superseding.iter().any(|(rel, k, p, s, clause)| {
                *k == c.club.entity
                    && *p == c.player.entity
                    && *s == c.source
                    && (*rel == Relation::Extension || clause.contains(c.trigger))
            });
        if hit {
            claims.remove(i);
        } else {
            i += 1;
        }
    }
    if claims.len() != before {
        seen.clear();
        for (i, c) in claims.iter().enumerate() {
            seen.insert(ClaimKey::of(c), i);
        }
    }
}

/// A move's club is the buyer. When the club found for a bid, agreement or
/// talks is the club the article gives the player ("Bayer Leverkusen
/// defender Piero Hincapie ... Leverkusen have rejected a proposal") and the
/// sentence names another club, that other club (the nearest to the trigger)
/// is the one moving for him; a withdrawal from him is the other club's, or
/// no one's. Contract talks with his own club are left alone, and so are
/// transfers (the article's club may be his new one).
#[allow(clippy::too_many_arguments)]
fn selling_club_to_buyer(
    clubs: Vec<Arg>,
    relation: Relation,
    player: &Arg,
    mentions: &[&Mention],
    attributive: &[Span],
    trigger: Span,
    about_contract: bool,
    club_of: &dyn Fn(EntityId) -> Option<EntityId>,
) -> Vec<Arg> {
    let moving = matches!(
        relation,
        Relation::Bid | Relation::Agreement | Relation::Talks | Relation::Withdrawal
    );
    let Some(own) = club_of(player.entity) else {
        return clubs;
    };
    if !moving || about_contract || !clubs.iter().any(|c| c.entity == own) {
        return clubs;
    }
    // A club does not give up on its own player: a move for him that
    // collapsed names the buyer, or no one.
    let giving_up = relation == Relation::Withdrawal;
    let distance = |m: &Mention| {
        if m.span.end <= trigger.start {
            trigger.start - m.span.end
        } else {
            m.span.start.saturating_sub(trigger.end)
        }
    };
    let other = mentions
        .iter()
        .filter(|m| m.kind == Kind::Club && m.entity != own && !attributive.contains(&m.span))
        .min_by_key(|m| distance(m));
    match other {
        Some(m) => {
            let mut out: Vec<Arg> = clubs.into_iter().filter(|c| c.entity != own).collect();
            if !out.iter().any(|c| c.entity == m.entity) {
                out.push(arg(m));
            }
            out
        }
        None if giving_up => Vec::new(),
        None => clubs,
    }
}

/// What makes two claims the same claim.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct ClaimKey {
    relation: Relation,
    club: EntityId,
    player: EntityId,
    source: Option<(
        Option<EntityId>,
        Option<String>,
        crate::attribution::SourceKind,
    )>,
    negated: bool,
}

impl ClaimKey {
    fn of(c: &Claim) -> ClaimKey {
        ClaimKey {
            relation: c.relation,
            club: c.club.entity,
            player: c.player.entity,
            source: c
                .source
                .as_ref()
                .map(|s| (s.entity, s.name.clone(), s.kind)),
            negated: c.negated,
        }
    }
}

/// The triggers in a sentence, longest first where they overlap, skipping
/// any that overlap a name.
fn triggers_in<'l>(
    lexicon: &'l Lexicon,
    s: &str,
    sentence: Span,
    mentions: &[&Mention],
) -> Vec<(&'l Trigger, Span)> {
    let mut found: Vec<(&Trigger, Span)> = Vec::new();
    for candidate in lexicon.trigger_gate.scan(s).iter() {
        let Some(t) = lexicon.triggers.get(candidate.pattern) else {
            continue;
        };
        let Some(regex) = t.regex() else { continue };
        for m in crate::gate::find_all(regex, s, candidate.starts) {
            let span = Span::new(sentence.start + m.start(), sentence.start + m.end());
            if span.is_empty()
                || mentions.iter().any(|x| {
                    x.span.overlaps(span)
                        && !span.contains(x.span)
                        && x.how != How::Pronoun
                        && x.how != How::Reference
                })
            {
                continue;
            }
            found.push((t, span));
        }
    }
    // Longest first, then earliest, then file order.
    found.sort_by_key(|(t, s)| (std::cmp::Reverse(s.len()), s.start, t.line));
    let mut kept: Vec<(&Trigger, Span)> = Vec::new();
    for (t, s) in found {
        if !kept.iter().any(|(_, k)| k.overlaps(s)) {
            kept.push((t, s));
        }
    }
    kept.sort_by_key(|(_, s)| s.start);
    kept
}

/// Where argument search may look, and what it must skip.
struct Reach<'a> {
    text: &'a str,
    trigger: Span,
    clause: Span,
    sentence: Span,
    parens: &'a [Span],
    avoid: &'a [Span],
    /// Skip clubs introduced by "from" (the selling club of a move).
    not_from: bool,
}

/// The argument(s) of `kind` for a trigger: the nearest on the preferred side
/// within the clause (names in a parenthetical that does not hold the trigger
/// are skipped), else the other side, else the same in the whole sentence;
/// with every mention coordinated to it ("Real Madrid and Bayern Munich").
fn pick(mentions: &[&Mention], kind: Kind, side: Side, r: &Reach) -> Vec<Arg> {
    static FROM: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?-u:\b)from\s+$").unwrap_or_else(|e| panic!("built-in pattern: {e}"))
    });
    let in_other_paren = |m: &Mention| {
        r.parens
            .iter()
            .any(|p| p.contains(m.span) && !(p.start <= r.trigger.start && r.trigger.end <= p.end))
    };
    let from = |m: &Mention| {
        r.not_from && FROM.is_match(r.text.get(r.sentence.start..m.span.start).unwrap_or(""))
    };
    static REPLACED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?-u:\b)(?:replace|replacing|replacement for|successor to|instead of|alongside|partner|cover for)\s+$")
            .unwrap_or_else(|e| panic!("built-in pattern: {e}"))
    });
    static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r",\s*(?:who|which|whose)\s+$")
            .unwrap_or_else(|e| panic!("built-in pattern: {e}"))
    });
    // A name or reference inside the trigger itself ("on Newcastle's list")
    // is its argument.
    if let Some(m) = mentions.iter().find(|m| {
        m.kind == kind
            && r.trigger.contains(m.span)
            && m.how != How::Pronoun
            && !r.avoid.contains(&m.span)
    }) {
        return with_coordinated(r.text, mentions, m, r.clause);
    }
    let replaced =
        |m: &Mention| REPLACED.is_match(r.text.get(r.sentence.start..m.span.start).unwrap_or(""));
    // In a relative clause ("..., who are in talks"), the name it hangs on is
    // the subject.
    let lead = r.text.get(r.sentence.start..r.clause.start).unwrap_or("");
    if let (Side::Before | Side::Own, Some(rel)) = (side, RELATIVE.find(lead)) {
        let comma = r.sentence.start + rel.start();
        let antecedent = mentions
            .iter()
            .rfind(|m| m.kind == kind && m.span.end <= comma && comma - m.span.end <= 3);
        let inside_before = mentions
            .iter()
            .any(|m| m.kind == kind && r.clause.contains(m.span) && m.span.end <= r.trigger.start);
        if let (Some(m), false) = (antecedent, inside_before) {
            return with_coordinated(r.text, mentions, m, r.sentence);
        }
    }
    // Whether a mention follows "from" or "replacing": the same in every
    // round below, so each is searched for at most once.
    let mut follows_other: Vec<Option<bool>> = vec![None; mentions.len()];
    for (within, skip_parens) in [(r.clause, true), (r.sentence, true), (r.sentence, false)] {
        let mut before: Vec<&&Mention> = Vec::new();
        let mut after: Vec<&&Mention> = Vec::new();
        for (m, follows) in mentions.iter().zip(follows_other.iter_mut()) {
            let side = if m.span.end <= r.trigger.start {
                &mut before
            } else if m.span.start >= r.trigger.end {
                &mut after
            } else {
                continue;
            };
            let usable = m.kind == kind
                && within.contains(m.span)
                && !r.avoid.contains(&m.span)
                && (!skip_parens || !in_other_paren(m))
                && !*follows.get_or_insert_with(|| from(m) || replaced(m));
            if usable {
                side.push(m);
            }
        }
        // Named mentions beat pronouns.
        let best_before = before
            .iter()
            .rev()
            .find(|m| m.how != How::Pronoun)
            .or_else(|| before.last());
        let best_after = after
            .iter()
            .find(|m| m.how != How::Pronoun)
            .or_else(|| after.first());
        let choice = match side {
            Side::Before | Side::Own => best_before.or(best_after),
            Side::After => best_after.or(best_before),
        };
        if let Some(m) = choice {
            let bounds = if within == r.clause {
                r.clause
            } else {
                clause_within(r.text, r.sentence, r.parens, m.span)
            };
            return with_coordinated(r.text, mentions, m, bounds);
        }
    }
    // Last, a pronoun inside the trigger: "happy to let him go".
    if let Some(m) = mentions
        .iter()
        .find(|m| m.kind == kind && r.trigger.contains(m.span))
    {
        return vec![arg(m)];
    }
    Vec::new()
}

/// A mention plus those joined to it by "and", "or", "&" or commas, within
/// `bounds` (a coordination does not cross a clause boundary: "join United,
/// and Leipzig then accepted" names one club).
fn with_coordinated(text: &str, mentions: &[&Mention], m: &Mention, bounds: Span) -> Vec<Arg> {
    static JOIN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:['’]s)?(?:\s*,\s*|\s+(?:and|or|&)\s+|\s*,\s*(?:and|or)\s+)(?:(?:also|even|both)\s+)?$")
            .unwrap_or_else(|e| panic!("built-in pattern: {e}"))
    });
    let same: Vec<&&Mention> = mentions
        .iter()
        .filter(|x| x.kind == m.kind && (bounds.contains(x.span) || x.span == m.span))
        .collect();
    let Some(pos) = same.iter().position(|x| x.span == m.span) else {
        return vec![arg(m)];
    };
    let mut out = vec![arg(m)];
    let joined =
        |a: &Mention, b: &Mention| JOIN.is_match(text.get(a.span.end..b.span.start).unwrap_or("x"));
    let mut i = pos;
    while i > 0 && joined(same[i - 1], same[i]) {
        i -= 1;
        out.insert(0, arg(same[i]));
    }
    let mut j = pos;
    while j + 1 < same.len() && joined(same[j], same[j + 1]) {
        j += 1;
        out.push(arg(same[j]));
    }
    let mut seen = Vec::new();
    out.retain(|a| {
        if seen.contains(&a.entity) {
            false
        } else {
            seen.push(a.entity);
            true
        }
    });
    out
}

fn arg(m: &Mention) -> Arg {
    Arg {
        entity: m.entity,
        span: m.span,
        how: Some(m.how),
    }
}

/// The player's own club for a contract relation: a club named right after
/// the trigger ("out of contract at Liverpool", "new deal with Arsenal"),
/// else his current club.
fn own_club(
    mentions: &[&Mention],
    player: &Arg,
    trigger: Span,
    clause: Span,
    text: &str,
    attributive: &[Span],
    club_of: &dyn Fn(EntityId) -> Option<EntityId>,
) -> Option<Arg> {
    static AT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:\s+[\w'’-]+){0,3}?\s+(?:at|with|by|for)\s+(?:the\s+)?$")
            .unwrap_or_else(|e| panic!("built-in pattern: {e}"))
    });
    let clubs_in_clause = || {
        mentions.iter().filter(|m| {
            m.kind == Kind::Club && clause.contains(m.span) && !attributive.contains(&m.span)
        })
    };
    // "out of contract at Liverpool", "a new deal with Arsenal".
    for m in clubs_in_clause().filter(|m| m.span.start >= trigger.end) {
        let gap = text.get(trigger.end..m.span.start).unwrap_or("");
        if gap.len() < 40 && AT.is_match(gap) {
            return Some(arg(m));
        }
    }
    // The clause's own club before the trigger: "Newcastle are adamant he is
    // not for sale", "his contract at the club expires".
    if let Some(m) = clubs_in_clause().rfind(|m| m.span.end <= trigger.start) {
        return Some(arg(m));
    }
    // "wants to leave Liverpool".
    if let Some(m) = clubs_in_clause().find(|m| {
        m.span.start >= trigger.end
            && text
                .get(trigger.end..m.span.start)
                .is_some_and(|g| g.trim().is_empty())
    }) {
        return Some(arg(m));
    }
    let club = club_of(player.entity)?;
    // Prefer a mention of that club in the clause, for a real span.
    if let Some(m) = mentions
        .iter()
        .find(|m| m.entity == club && clause.contains(m.span))
    {
        return Some(arg(m));
    }
    Some(Arg {
        entity: club,
        span: player.span,
        how: None,
    })
}

/// What a sentence says about which club a player belongs to.
#[derive(Clone, Debug, Default)]
pub struct ClubFacts {
    /// Club mentions that only qualify a player ("Liverpool defender
    /// Ibrahima Konate", "Liverpool's Trent Alexander-Arnold").
    pub attributive: Vec<Span>,
    /// (player, club) pairs: the club the article gives the player.
    pub clubs: Vec<(EntityId, EntityId)>,
}

/// Reads a sentence for the clubs its players belong to: a club right before
/// a position noun and a player ("Juventus striker Dusan Vlahovic"), a
/// possessive ("Liverpool's Trent Alexander-Arnold"), and a player followed
/// by "contract at", "deal with", "on loan from" and a club. `nouns` is
/// [`attributive_pattern`].
pub fn club_facts_in(text: &str, sentence: Span, mentions: &[Mention], nouns: &Regex) -> ClubFacts {
    static POSSESSIVE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^['’]s?\s+(?:(?:\d+-year-old|young|teenage|teenager|star|new|former|in-form|top|highly-rated)\s+)?$")
            .unwrap_or_else(|e| panic!("built-in pattern: {e}"))
    });
    static BELONGS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:(?-u:\b)(?:contract|deal|stay|spell|career|time|future)\s+(?:at|with)|(?-u:\b)on loan from|(?-u:\b)out of contract at|(?-u:\b)the books of|(?-u:\b)remain at|(?-u:\b)stay at)\s+(?:the\s+)?$")
            .unwrap_or_else(|e| panic!("built-in pattern: {e}"))
    });
    let ms: Vec<&Mention> = within(mentions, sentence)
        .filter(|m| m.how != How::Pronoun)
        .collect();
    let mut out = ClubFacts::default();
    for w in ms.windows(2) {
        let (a, b) = (w[0], w[1]);
        let gap = text.get(a.span.end..b.span.start).unwrap_or("");
        if gap.len() > 60 {
            continue;
        }
        if a.kind == Kind::Club
            && b.kind == Kind::Player
            && (nouns.is_match(gap) || POSSESSIVE.is_match(gap))
        {
            out.attributive.push(a.span);
            out.clubs.push((b.entity, a.entity));
        } else if a.kind == Kind::Player && b.kind == Kind::Club && BELONGS.is_match(gap) {
            out.clubs.push((a.entity, b.entity));
        }
    }
    out
}

/// The pattern of words between a club and a player it qualifies.
pub fn attributive_pattern(lexicon: &Lexicon) -> Result<Regex, regex::Error> {
    let mut words: Vec<String> = lexicon
        .nouns
        .iter()
        .filter(|n| !n.club)
        .map(|n| regex::escape(&n.word))
        .collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    Regex::new(&format!(
        r"^(?:['’]s?)?\s+(?:[\w-]+\s+){{0,2}}?(?:{})s?,?\s+$",
        words.join("|")
    ))
}

/// A player's current club: what the article says, else the gazetteer.
pub fn club_facts(
    gazetteer: &Gazetteer,
    article: &HashMap<EntityId, EntityId>,
    player: EntityId,
) -> Option<EntityId> {
    article
        .get(&player)
        .copied()
        .or_else(|| gazetteer.get(player).and_then(|e| e.club))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Document, Extractor};

    proptest::proptest! {
        #[test]
        fn guarded_word_lists_answer_as_their_regexes(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "NOT", "never", "No", "yet to", "unlikely to", "refuſed to", "REFUSES TO",
                    "rather than", "inſtead of", "without", "denied", "Deny", "giving up hopes of",
                    "gave up hope of", "isn't", "won’t", "new deal", "Fresh terms",
                    "improved contract", "long-term deal", "contract", "exten", "extension",
                    "renew", "re-sign", "re-\u{17F}ign", "\u{212A}een", "snow", "Ødegaard", "Bayern",
                    "said", "want", "to sign", "him", " ", " ", ", ", "-", "'", "’", "é", "\n",
                ]),
                0..14,
            ),
        ) {
            let text: String = parts.concat();
            for guarded in [&*NEGATION, &*CONTRACT_WORDS] {
                proptest::prop_assert_eq!(
                    guarded.is_match(&text),
                    guarded.regex().is_match(&text),
                    "{:?} on {:?}", guarded.regex().as_str(), text
                );
            }
        }
    }

    /// (relation, club, player, negated) of every claim of `body`.
    fn claims_of(body: &str) -> Vec<(String, String, String, bool)> {
        let extractor = Extractor::builtin().expect("built-in extractor");
        let doc = Document::new(None, format!("date 2025-06-01 {body}"), None);
        let g = extractor.gazetteer();
        let name = |a: &Arg| g.get(a.entity).map(|e| e.name.clone()).unwrap_or_default();
        extractor
            .extract(&doc)
            .claims
            .iter()
            .map(|c| {
                (
                    c.relation.as_str().to_string(),
                    name(&c.club),
                    name(&c.player),
                    c.negated,
                )
            })
            .collect()
    }

    fn has(claims: &[(String, String, String, bool)], rel: &str, club: &str, neg: bool) -> bool {
        claims
            .iter()
            .any(|(r, c, _, n)| r == rel && c == club && *n == neg)
    }

    #[test]
    fn a_move_goes_to_the_club_it_is_not_from() {
        for body in [
            "Jonathan David has completed a move from Lille to Napoli.",
            "Jonathan David will join from Lille to Napoli.",
        ] {
            let c = claims_of(body);
            assert!(has(&c, "transfer", "Napoli", false), "{body}: {c:?}");
            assert!(!has(&c, "transfer", "Lille", false), "{body}: {c:?}");
        }
    }

    #[test]
    fn the_player_to_be_replaced_is_not_the_target() {
        for body in [
            "Chelsea want a successor to Victor Osimhen in Jonathan David.",
            "Chelsea are keen on signing a replacement for Victor Osimhen, with Jonathan David top of their list.",
        ] {
            let c = claims_of(body);
            assert!(
                c.iter().any(|(_, _, p, _)| p == "Jonathan David"),
                "{body}: {c:?}"
            );
            assert!(
                !c.iter().any(|(_, _, p, _)| p == "Victor Osimhen"),
                "{body}: {c:?}"
            );
        }
    }

    #[test]
    fn a_sentence_without_a_player_continues_the_one_before() {
        let c = claims_of(
            "Aston Villa want Jarrad Branthwaite. Villa have already opened talks with Everton.",
        );
        assert!(
            c.iter().any(|(r, k, p, _)| r == "talks"
                && k == "Aston Villa"
                && p == "Jarrad Branthwaite"),
            "{c:?}"
        );
        assert!(!has(&c, "talks", "Everton", false), "{c:?}");
    }

    #[test]
    fn an_unnamed_player_is_not_the_one_before() {
        let c = claims_of(
            "Fulham want Ollie Watkins. Fulham are also in talks with Porto for a Portuguese talent.",
        );
        assert!(!c.iter().any(|(r, ..)| r == "talks"), "{c:?}");
    }

    #[test]
    fn headings_and_boilerplate_carry_no_claims() {
        assert!(boilerplate(
            "READ NEXT 🔴 Chelsea agree fee for Ollie Watkins"
        ));
        assert!(boilerplate("POLL: Should Fulham sign Ollie Watkins?"));
        assert!(boilerplate(
            "Latest Fulham news: Watkins bid, Robinson exit"
        ));
        assert!(!boilerplate("PSG have agreed a fee for Ollie Watkins."));
        assert!(!boilerplate("Fulham want one thing: Ollie Watkins."));
        assert!(ends_statement("He said: “We want him.”"));
        assert!(!ends_statement("Fulham agree fee for Watkins"));
    }

    #[test]
    fn the_club_talks_are_held_with_is_selling_unless_it_is_the_buyer() {
        let c = claims_of(
            "Jarrad Branthwaite is on Tottenham's list, but Everton have refused to enter talks with Spurs.",
        );
        assert!(has(&c, "talks", "Tottenham Hotspur", true), "{c:?}");
        assert!(
            !c.iter().any(|(r, k, ..)| r == "talks" && k == "Everton"),
            "{c:?}"
        );
    }

    #[test]
    fn of_two_clubs_between_the_buyer_is_the_one_already_tied_to_him() {
        let c = claims_of(
            "Chelsea have agreed a deal for Ollie Watkins. The agreement between Chelsea and Aston Villa is worth £60m.",
        );
        assert!(has(&c, "agreement", "Chelsea", false), "{c:?}");
        assert!(!has(&c, "agreement", "Aston Villa", false), "{c:?}");
    }

    #[test]
    fn a_club_qualifying_the_player_does_not_want_him() {
        let c = claims_of("Interest in Everton's Jarrad Branthwaite has cooled.");
        assert!(!c.iter().any(|(_, k, ..)| k == "Everton"), "{c:?}");
    }

    #[test]
    fn denials_negate() {
        let c = claims_of("Arsenal denied that they had made a bid for Ollie Watkins.");
        assert!(has(&c, "bid", "Arsenal", true), "{c:?}");
        let c = claims_of("Fulham have given up hope of renewing Antonee Robinson's contract.");
        assert!(has(&c, "extension", "Fulham", true), "{c:?}");
    }

    /// The source names of the claims of `body`.
    fn sources_of(body: &str) -> Vec<Option<String>> {
        let extractor = Extractor::builtin().expect("built-in extractor");
        let doc = Document::new(None, format!("date 2025-06-01 {body}"), None);
        extractor
            .extract(&doc)
            .claims
            .iter()
            .map(|c| c.source.as_ref().and_then(|s| s.name.clone()))
            .collect()
    }

    #[test]
    fn sources_named_after_the_claim_or_by_role() {
        let s = sources_of("Chelsea have agreed a fee with Aston Villa for Ollie Watkins, sources have told Sky Sports.");
        assert_eq!(s, vec![Some("Sky Sports".to_string())]);
        let s = sources_of(
            "Fulham have opened talks with Ollie Watkins, Sky Sports reports, and a deal is close.",
        );
        assert!(s.contains(&Some("Sky Sports".to_string())), "{s:?}");
        let s = sources_of(
            "Fulham are keen on Ollie Watkins, according to Italian journalist Gianluca Di Marzio.",
        );
        assert_eq!(s, vec![Some("Gianluca Di Marzio".to_string())]);
    }

    #[test]
    fn their_is_not_the_club_that_qualifies_the_player() {
        let c = claims_of(
            "Chelsea need a centre-back this summer. Everton's Jarrad Branthwaite remains on their shortlist.",
        );
        assert!(has(&c, "interest", "Chelsea", false), "{c:?}");
        assert!(!has(&c, "interest", "Everton", false), "{c:?}");
    }

    #[test]
    fn a_club_does_not_give_up_on_its_own_player() {
        let c = claims_of(
            "A move for Everton's Jarrad Branthwaite fell apart and collapsed in June, after which Everton handed the defender a new deal.",
        );
        assert!(!has(&c, "withdrawal", "Everton", false), "{c:?}");
        assert!(has(&c, "extension", "Everton", false), "{c:?}");
    }

    #[test]
    fn the_player_signed_instead_is_not_the_one_given_up_on() {
        let c = claims_of(
            "Fulham held talks over Ollie Watkins in May but moved on once they had signed Dominic Calvert-Lewin.",
        );
        assert!(
            c.iter()
                .any(|(r, k, p, _)| r == "withdrawal" && k == "Fulham" && p == "Ollie Watkins"),
            "{c:?}"
        );
        assert!(
            !c.iter()
                .any(|(r, _, p, _)| r == "withdrawal" && p == "Dominic Calvert-Lewin"),
            "{c:?}"
        );
        assert!(has(&c, "transfer", "Fulham", false), "{c:?}");
    }

    #[test]
    fn a_country_is_not_a_misspelt_surname() {
        let c = claims_of(
            "Brentford's Bryan Mbeumo is wanted by Tottenham. Tottenham consider Brentford's valuation of the Cameroon forward too high and will not pursue a deal for him.",
        );
        assert!(!c.iter().any(|(_, _, p, _)| p == "Lyall Cameron"), "{c:?}");
        assert!(
            c.iter().any(|(r, k, p, _)| r == "withdrawal"
                && k == "Tottenham Hotspur"
                && p == "Bryan Mbeumo"),
            "{c:?}"
        );
    }

    #[test]
    fn the_club_is_the_buyer_not_the_club_he_came_from() {
        let c = claims_of(
            "Chelsea completed the signing of Ollie Watkins from Aston Villa on Monday. In a statement, the club said the striker had signed a five-year contract.",
        );
        assert!(!c.iter().any(|(_, k, ..)| k == "Aston Villa"), "{c:?}");
        let s = sources_of(
            "Chelsea completed the signing of Ollie Watkins from Aston Villa on Monday. In a statement, the club said the striker had signed a five-year contract.",
        );
        assert!(s.contains(&Some("Chelsea".to_string())), "{s:?}");
    }

    #[test]
    fn a_speaker_named_by_role_speaks_for_his_club() {
        let body = "In Madrid, Carlo Ancelotti was asked about Ollie Watkins. “We are not negotiating for Watkins,” the Real Madrid coach said.";
        let c = claims_of(body);
        assert!(has(&c, "talks", "Real Madrid", true), "{c:?}");
        let s = sources_of(body);
        assert_eq!(s, vec![Some("Carlo Ancelotti".to_string())]);
    }

    #[test]
    fn a_denial_is_the_denier_s() {
        let body = "Mikel Arteta denied that Arsenal had made a bid for Ollie Watkins.";
        assert!(has(&claims_of(body), "bid", "Arsenal", true));
        assert_eq!(sources_of(body), vec![Some("Mikel Arteta".to_string())]);
    }

    #[test]
    fn terms_and_medicals_without_a_club_are_with_the_known_buyer() {
        let c = claims_of(
            "Chelsea have agreed a fee with Aston Villa for Ollie Watkins. Arsenal tried until the end, but the striker has agreed personal terms and the medical is booked.",
        );
        assert!(has(&c, "transfer", "Chelsea", false), "{c:?}");
        assert!(
            !c.iter()
                .any(|(r, k, ..)| r == "transfer" && (k == "Arsenal" || k == "Aston Villa")),
            "{c:?}"
        );
        assert!(!c.iter().any(|(r, ..)| r == "extension"), "{c:?}");
    }
}
