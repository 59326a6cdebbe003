//! claimex: who claims what in football transfer news.
//!
//! The library reads an article and returns its attributed transfer claims:
//! which club and which player stand in which of nine relations (interest,
//! talks, bid, agreement, transfer, extension, contract expiry, withdrawal,
//! exit), who says so, and with what fee. The stages, each a module with one
//! job:
//!
//! 1. [`document`]: the raw text → a [`Document`] (date prefix, body, paragraphs);
//! 2. [`sentences`]: the body → sentence spans;
//! 3. [`mentions`] and [`references`]: sentences → mentions of clubs, players,
//!    outlets, journalists and people, names and references alike;
//! 4. [`attribution`] and [`claims`]: mentions → sources and [`Claim`]s;
//! 5. [`output`]: claims → the JSON document object of SPEC.md, or lines for people.
//!
//! [`Extractor`] runs them in order. Build it once; it is `Sync` and can be
//! shared across threads.
//!
//! Around it, for archives and feeds: [`inputs`] (files and directory trees
//! to a lazy, ordered stream of inputs), [`records`] (the `--input jsonl`
//! record format) and [`batch`] (an ordered parallel map in bounded memory).

pub mod alternation;
pub mod attribution;
pub mod batch;
pub mod claims;
pub mod clauses;
pub mod dates;
pub mod document;
pub mod fold;
pub mod gate;
pub mod gazetteer;
pub mod guarded;
pub mod inputs;
pub mod lexicon;
pub mod mentions;
pub mod money;
pub mod names;
pub mod output;
pub mod records;
pub mod references;
pub mod score;
pub mod sentences;
pub mod shadow;
pub mod span;
pub mod unknown;

use rustc_hash::FxHashMap as HashMap;

use regex::Regex;

pub use attribution::{Source, SourceKind};
pub use claims::Claim;
pub use document::Document;
pub use gazetteer::{Gazetteer, GazetteerError};
pub use lexicon::{Lexicon, Relation};
pub use mentions::Mention;
pub use span::Span;

use gazetteer::Kind;
use mentions::Matcher;
use references::References;

/// Why an extractor could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// A gazetteer file is invalid.
    #[error(transparent)]
    Gazetteer(#[from] GazetteerError),
    /// A lexicon file is invalid.
    #[error(transparent)]
    Lexicon(#[from] lexicon::LexiconError),
    /// A built-in pattern does not compile.
    #[error("pattern: {0}")]
    Pattern(#[from] regex::Error),
    /// The thread building the name table stopped unexpectedly.
    #[error("building the name table failed")]
    Thread,
}

/// Everything one article yields.
#[derive(Clone, Debug)]
pub struct Extraction {
    /// Sentence spans of the body.
    pub sentences: Vec<Span>,
    /// Mentions: names, then resolved references, in text order.
    pub mentions: Vec<Mention>,
    /// The claims.
    pub claims: Vec<Claim>,
    /// Players no gazetteer knows, found by context.
    pub unknown: unknown::Unknowns,
}

/// The whole pipeline, compiled once.
#[derive(Clone, Debug)]
pub struct Extractor {
    gazetteer: Gazetteer,
    lexicon: Lexicon,
    matcher: Matcher,
    references: References,
    attributive: Regex,
}

impl Extractor {
    /// Builds the pipeline over a gazetteer, with the built-in lexicon.
    pub fn new(gazetteer: Gazetteer) -> Result<Extractor, BuildError> {
        // The name table and the rule patterns are independent: build
        // them on two threads.
        let (matcher, rules) = std::thread::scope(|scope| {
            let names = scope.spawn(|| Matcher::new(&gazetteer));
            let rules = Lexicon::builtin()
                .map_err(BuildError::from)
                .and_then(|lexicon| {
                    let references = References::new(&lexicon, &gazetteer)?;
                    let attributive = claims::attributive_pattern(&lexicon)?;
                    Ok((lexicon, references, attributive))
                });
            (names.join(), rules)
        });
        let matcher = match matcher {
            Ok(m) => m,
            Err(_) => return Err(BuildError::Thread),
        };
        let (lexicon, references, attributive) = rules?;
        Ok(Extractor {
            gazetteer,
            lexicon,
            matcher,
            references,
            attributive,
        })
    }

    /// Builds the pipeline with the built-in gazetteer.
    pub fn builtin() -> Result<Extractor, BuildError> {
        Extractor::new(Gazetteer::builtin()?)
    }

    /// The gazetteer in use.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// Sentence spans of a document's body.
    pub fn sentences(&self, doc: &Document) -> Vec<Span> {
        sentences::split(&doc.text, doc.body_start)
    }

    /// Runs every stage on one document.
    pub fn extract(&self, doc: &Document) -> Extraction {
        let text = doc.text.as_str();
        let sentences = self.sentences(doc);
        let mut named = self
            .matcher
            .find(text, Span::new(doc.body_start, text.len()));
        // "the Cameroon midfielder": a country is no misspelt surname.
        named.retain(|m| {
            m.how != mentions::How::Fuzzy || !self.references.nation_word(m.span.slice(text))
        });
        let base = u32::try_from(self.gazetteer.len()).unwrap_or(u32::MAX);
        let unknown = unknown::find(text, &sentences, &named, base);
        if !unknown.mentions.is_empty() {
            named.extend(unknown.mentions.iter().copied());
            named.sort_by_key(|m| m.span.start);
        }
        // Clubs the article gives its players, and club names that only
        // qualify a player.
        let mut article_clubs: HashMap<gazetteer::EntityId, gazetteer::EntityId> =
            HashMap::default();
        let mut attributive = Vec::new();
        for &s in &sentences {
            let facts = claims::club_facts_in(text, s, &named, &self.attributive);
            for (player, club) in facts.clubs {
                article_clubs.entry(player).or_insert(club);
            }
            attributive.extend(facts.attributive);
        }
        let club_of = |p| claims::club_facts(&self.gazetteer, &article_clubs, p);
        let mut mentions: Vec<Mention> = Vec::with_capacity(named.len());
        for &s in &sentences {
            let here: Vec<Mention> = mentions::within(&named, s).copied().collect();
            let refs = self.references.find(
                text,
                s,
                &here,
                &mentions,
                &self.gazetteer,
                doc.date,
                &club_of,
            );
            // A club inside a player reference ("the Liverpool star") only
            // qualifies the player.
            for r in refs.iter().filter(|r| r.kind == Kind::Player) {
                attributive.extend(
                    here.iter()
                        .filter(|m| m.kind == Kind::Club && r.span.contains(m.span))
                        .map(|m| m.span),
                );
            }
            let mut all: Vec<Mention> = here;
            all.extend(refs);
            all.sort_by_key(|m| m.span.start);
            mentions.extend(all);
        }
        // Sentences that name no player but speak of an unnamed one: they
        // are not about the player of the sentence before.
        let unnamed: Vec<Span> = sentences
            .iter()
            .filter(|&&s| {
                !mentions::within(&mentions, s).any(|m| m.kind == Kind::Player)
                    && self.references.unnamed_player(s.slice(text))
            })
            .copied()
            .collect();
        let attributions =
            attribution::attribute(doc, &sentences, &mentions, &self.lexicon, &self.gazetteer);
        let claims = claims::extract(
            doc,
            &sentences,
            &mentions,
            &attributive,
            &unnamed,
            &attributions,
            &self.lexicon,
            &club_of,
            &|p| article_clubs.get(&p).copied(),
        );
        Extraction {
            sentences,
            mentions,
            claims,
            unknown,
        }
    }

    /// Counts of the gazetteer's entities by kind.
    pub fn counts(&self) -> Vec<(Kind, usize)> {
        self.gazetteer.counts()
    }
}
