//! Stage 4a: attribution — who makes each statement.
//!
//! In: the document, its sentences, the mentions of the whole article, and the
//! cues and source phrases of the [`Lexicon`]. Out: [`Attribution`]s, each a
//! region of the input with the [`Source`] that vouches for what it says and
//! the cue that said so. A claim takes the source of the smallest region that
//! holds its trigger; where no region holds it, the article's byline author
//! (first-person columns) or no one (the article's own voice).
//!
//! Regions come from: cues in a sentence ("according to X", "X reported
//! that", "Sources have told X that", "(X)" closing a paragraph); quotations
//! whose speaker is named after them (`'...,' reported O'Connor`), before
//! them (`Jones continued: "..."`), or earlier in a run of quoted paragraphs;
//! and a sentence that only quotes fragments of a report, which keeps the
//! report's source. Phrases that refer back ("the report", "the outlet")
//! resolve to the last outlet or journalist named before them.
//!
//! Two searches take shortcuts that find what the plain search finds (tests
//! hold each to it): role-introduced names are searched only from where a
//! role word meets a capital, and a cue whose pattern guarantees that its
//! source is the first token of every match has that token read off the
//! match instead of a capturing search.

use regex::Regex;
use std::sync::LazyLock;

use crate::clauses::clause_of;
use crate::document::Document;
use crate::gazetteer::{EntityId, Gazetteer, Kind};
use crate::lexicon::{Lexicon, Pattern, PhraseKind, Scope};
use crate::mentions::Mention;
use crate::references::tag;
use crate::shadow::{token_index, Shadow};
use crate::span::Span;

/// What kind of source makes a statement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// A publication or broadcaster.
    Outlet,
    /// A named reporter.
    Journalist,
    /// A named player, coach, agent or official.
    Person,
    /// A club's official statement.
    Club,
    /// Attributed to no one named.
    Anonymous,
}

/// Who vouches for a statement.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Source {
    /// Its kind.
    pub kind: SourceKind,
    /// Canonical name (the text itself for names no gazetteer knows; `None`
    /// for anonymous sources).
    pub name: Option<String>,
    /// The gazetteer entity, when known.
    pub entity: Option<EntityId>,
    /// Where the source is named in the input.
    pub span: Span,
    /// A journalist's outlet.
    pub affiliation: Option<String>,
}

/// A region of the input and its source.
#[derive(Clone, Debug, PartialEq)]
pub struct Attribution {
    /// The text the source covers.
    pub region: Span,
    /// The sources (several for "journalists A and B reporting").
    pub sources: Vec<Source>,
    /// The cue's rule name.
    pub cue: String,
    /// The words of the cue itself.
    pub cue_span: Span,
    /// Quotations outrank cues when regions are equal.
    pub quote: bool,
    /// For a quotation, the club its speaker speaks for ("we", "us",
    /// "our"): the one the words naming him give ("the Real Madrid coach"),
    /// else his current club in the gazetteer.
    pub club: Option<EntityId>,
}

/// Every attribution of one document, plus its byline author.
#[derive(Clone, Debug, Default)]
pub struct Attributions {
    /// Regions with sources.
    pub regions: Vec<Attribution>,
    /// The author of a first-person column ("By Fabrizio Romano").
    pub byline: Option<Source>,
    /// Which regions reach each sentence, for [`Attributions::at`].
    index: RegionIndex,
}

/// The regions over each sentence: `by_sentence[i]` lists (ascending) the
/// regions that reach sentence `i` and no further than [`MAX_SPREAD`]
/// sentences; `long` the rest. Valid while `regions.len() == indexed`.
#[derive(Clone, Debug, Default)]
struct RegionIndex {
    sentences: Vec<Span>,
    by_sentence: Vec<Vec<usize>>,
    long: Vec<usize>,
    indexed: usize,
}

/// Most sentences a region may reach and still be listed per sentence.
const MAX_SPREAD: usize = 64;

impl Attributions {
    /// The attribution for a statement at `span`: the quotation holding it,
    /// else the smallest cue region holding it (the earliest made, of equal
    /// ones). Inside a quotation with a speaker, every claim is the
    /// speaker's, whatever the speaker cites.
    pub fn at(&self, span: Span) -> Option<&Attribution> {
        let holds = |a: &&Attribution| a.region.start <= span.start && span.start < a.region.end;
        let rank = |a: &&Attribution| (!a.quote, a.region.len());
        let ix = &self.index;
        let sentence = crate::sentences::holding(&ix.sentences, span.start)
            .filter(|_| ix.indexed == self.regions.len());
        let Some(here) = sentence.and_then(|i| ix.by_sentence.get(i)) else {
            return self.regions.iter().filter(holds).min_by_key(rank);
        };
        let mut candidates: Vec<usize> = here.iter().chain(&ix.long).copied().collect();
        candidates.sort_unstable();
        candidates
            .into_iter()
            .filter_map(|i| self.regions.get(i))
            .filter(holds)
            .min_by_key(rank)
    }

    /// Lists the regions by the sentences they reach, so that [`at`] looks
    /// at those of one sentence only.
    ///
    /// [`at`]: Attributions::at
    fn index(&mut self, sentences: &[Span]) {
        let mut ix = RegionIndex {
            sentences: sentences.to_vec(),
            by_sentence: vec![Vec::new(); sentences.len()],
            long: Vec::new(),
            indexed: self.regions.len(),
        };
        for (i, a) in self.regions.iter().enumerate() {
            let first = sentences.partition_point(|s| s.end <= a.region.start);
            let past = sentences.partition_point(|s| s.start < a.region.end);
            if past.saturating_sub(first) > MAX_SPREAD {
                ix.long.push(i);
                continue;
            }
            for list in ix.by_sentence.get_mut(first..past).into_iter().flatten() {
                list.push(i);
            }
        }
        self.index = ix;
    }
}

/// The role words that introduce a name in [`ROLE_NAME`]; the `press`
/// group holds those that make the name a journalist.
const NAMING_ROLES: &str = r"(?:(?P<press>[Rr]eporter|[Jj]ournalist|[Cc]orrespondent|[Ii]nsider|[Cc]olumnist)|[Aa]gent|[Cc]oach|[Mm]anager|[Bb]oss|[Dd]irector|[Pp]resident|[Cc]hairman|[Cc]hief executive|CEO|[Oo]wner|[Ss]pokesman|[Aa]dvis[eo]r|[Ff]ather|[Rr]epresentative|[Ee]xecutive|[Cc]hief|[Vv]ice-president|[Cc]aptain)";

/// What follows a role word in [`ROLE_NAME`]: an optional comma, a space
/// and a name of two or three capitalised words.
const ROLE_NAME_REST: &str = r"(?:,)? (?P<name>\p{Lu}[\p{L}'’-]+(?: \p{Lu}[\p{L}'’-]+){1,2})";

/// The words of [`NAMING_ROLES`], lower-cased: a match of [`ROLE_NAME`] begins
/// with one of them (in some case), as a test checks.
const ROLE_WORDS: [&str; 24] = [
    "reporter",
    "journalist",
    "correspondent",
    "insider",
    "columnist",
    "agent",
    "coach",
    "manager",
    "boss",
    "director",
    "president",
    "chairman",
    "chief executive",
    "ceo",
    "owner",
    "spokesman",
    "adviser",
    "advisor",
    "father",
    "representative",
    "executive",
    "chief",
    "vice-president",
    "captain",
];

/// A role word and the name it introduces ("Sky Sports reporter Vinny
/// O'Connor"), searched only from where [`role_starts`] says a match may
/// begin.
static ROLE_NAME: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(&format!(r"(?-u:\b){NAMING_ROLES}{ROLE_NAME_REST}"))
        .unwrap_or_else(|e| panic!("built-in pattern: {e}"))
});

static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*By (?P<name>\p{Lu}[\p{L}'’-]+(?: \p{Lu}[\p{L}'’-]+){1,2})\s*$")
        .unwrap_or_else(|e| panic!("built-in pattern: {e}"))
});

/// A source-capable item of a sentence: a mention or a phrase.
#[derive(Clone, Debug)]
struct Item {
    span: Span,
    tag: char,
    entity: Option<EntityId>,
    kind: Option<Kind>,
    /// The outlet a journalist was introduced with ("Sky Sports reporter X").
    affiliation: Option<EntityId>,
    /// Named by a role that makes an unknown name a journalist.
    journalist: bool,
}

fn named_source(gazetteer: &Gazetteer, item: &Item, text: &str) -> Option<Source> {
    match (item.entity, item.kind) {
        (Some(id), Some(kind)) => {
            let e = gazetteer.get(id)?;
            let kind = match kind {
                Kind::Outlet => SourceKind::Outlet,
                Kind::Journalist => SourceKind::Journalist,
                Kind::Person | Kind::Player => SourceKind::Person,
                Kind::Club => SourceKind::Club,
            };
            let kind = if item.journalist && kind == SourceKind::Person {
                SourceKind::Journalist
            } else {
                kind
            };
            let affiliation = item
                .affiliation
                .or(e.affiliation)
                .and_then(|a| gazetteer.get(a))
                .map(|a| a.name.clone());
            Some(Source {
                kind,
                name: Some(e.name.clone()),
                entity: Some(id),
                span: item.span,
                affiliation,
            })
        }
        _ if item.tag == 's' => Some(Source {
            kind: if item.journalist {
                SourceKind::Journalist
            } else {
                SourceKind::Person
            },
            name: Some(unknown_name(item.span.slice(text))),
            entity: None,
            span: item.span,
            affiliation: item
                .affiliation
                .and_then(|a| gazetteer.get(a))
                .map(|a| a.name.clone()),
        }),
        _ => None,
    }
}

/// Finds the attributions of a document.
pub fn attribute(
    doc: &Document,
    sentences: &[Span],
    mentions: &[Mention],
    lexicon: &Lexicon,
    gazetteer: &Gazetteer,
) -> Attributions {
    let text = doc.text.as_str();
    let mut out = Attributions {
        byline: byline(doc, mentions, gazetteer),
        ..Attributions::default()
    };
    let mut last_named: Option<Source> = None;
    let mut prev_sentence_source: Option<(usize, Vec<Source>, String)> = None;
    // paragraph, speaker, speaker's club
    let mut prev_quote_speaker: Option<(usize, Vec<Source>, Option<EntityId>)> = None;
    let all_quotes: Vec<Span> = doc
        .paragraphs
        .iter()
        .flat_map(|&p| quotes(text, p))
        .collect();
    // The quotations closing in each sentence, in text order.
    let mut closing: Vec<Vec<Span>> = vec![Vec::new(); sentences.len()];
    for &q in &all_quotes {
        let last = q.end.saturating_sub(1).max(q.start);
        if let Some(list) =
            crate::sentences::holding(sentences, last).and_then(|i| closing.get_mut(i))
        {
            list.push(q);
        }
    }
    // Where paragraph-wide regions may reach, in sentences either side of
    // their cue: a bound that only a paragraph of unusual length meets.
    const PARAGRAPH_REACH: usize = 32;
    let mut last_paragraph_region: Option<usize> = None;
    for (si, &sentence) in sentences.iter().enumerate() {
        let first_region = out.regions.len();
        let items = sentence_items(text, sentence, mentions, lexicon);
        let shadow_items: Vec<(Span, char)> = items.iter().map(|i| (i.span, i.tag)).collect();
        let shadow = Shadow::new(text, sentence, &shadow_items);
        // Resolve every item to a source in text order, so that "the report"
        // refers to the last named one before it.
        let mut resolved: Vec<Option<Source>> = Vec::with_capacity(items.len());
        {
            let mut order: Vec<usize> = (0..items.len()).collect();
            order.sort_by_key(|&i| items[i].span.start);
            resolved.resize(items.len(), None);
            for i in order {
                let item = &items[i];
                let src = match item.tag {
                    'a' => Some(Source {
                        kind: SourceKind::Anonymous,
                        name: None,
                        entity: None,
                        span: item.span,
                        affiliation: None,
                    }),
                    'b' => last_named.clone().map(|mut s| {
                        s.span = item.span;
                        s
                    }),
                    'c' => None,
                    _ => named_source(gazetteer, item, text),
                };
                if matches!(item.tag, 'o' | 'j') {
                    if let Some(s) = &src {
                        last_named = Some(s.clone());
                    }
                }
                resolved[i] = src;
            }
        }
        let mut own = false;
        // Every cue names its source by a token: a sentence without items
        // has none to name.
        let cues = if items.is_empty() {
            crate::gate::Scan::default()
        } else {
            lexicon.cue_gate.scan(&shadow.text)
        };
        for candidate in cues.iter() {
            let Some(cue) = lexicon.cues.get(candidate.pattern) else {
                continue;
            };
            if cue.scope == Scope::Speaker {
                continue;
            }
            let Some(regex) = cue.regex() else { continue };
            let found = cue_matches(cue, regex, &shadow.text, candidate.starts, usize::MAX);
            for found in found {
                let whole = found.whole;
                let group = |g: Option<std::ops::Range<usize>>| {
                    g.and_then(|g| shadow.text.get(g.clone()).map(|t| (g, t)))
                };
                let mut sources = Vec::new();
                if let Some((g, g_text)) = group(found.src) {
                    let idx = token_index(g_text);
                    if let Some(Some(s)) = idx.and_then(|i| resolved.get(i)) {
                        sources.push(s.clone());
                        // "A and B": every source token joined to the first.
                        let after_token = shadow.text[g.end..]
                            .find(crate::shadow::CLOSE)
                            .map_or(g.end, |i| g.end + i + crate::shadow::CLOSE.len_utf8());
                        let rest = &shadow.text[after_token..];
                        for s in coordinated(rest) {
                            if let Some(Some(src)) = resolved.get(s) {
                                if !sources.contains(src) {
                                    sources.push(src.clone());
                                }
                            }
                        }
                    }
                } else if let Some((_, g_text)) = group(found.club) {
                    if let Some(item) = token_index(g_text).and_then(|i| items.get(i)) {
                        if let Some(s) = named_source(gazetteer, item, text) {
                            sources.push(s);
                        }
                    }
                }
                if sources.is_empty() {
                    continue;
                }
                let cue_span = shadow.span(whole.start, whole.end);
                let region = match cue.scope {
                    Scope::After => Span::new(cue_span.start, sentence.end),
                    Scope::Clause => clause_of(text, sentence, cue_span),
                    Scope::Sentence => sentence,
                    Scope::Paragraph => {
                        let reach_back = sentences
                            .get(si.saturating_sub(PARAGRAPH_REACH))
                            .map_or(sentence.start, |s| s.start);
                        let reach_on = sentences
                            .get(si + PARAGRAPH_REACH)
                            .map_or(usize::MAX, |s| s.end);
                        doc.paragraph_of(sentence.start)
                            .and_then(|p| doc.paragraphs.get(p).copied())
                            .map_or(sentence, |p| {
                                Span::new(
                                    p.start.max(reach_back),
                                    sentence.end.max(p.end.min(reach_on)),
                                )
                            })
                    }
                    Scope::Speaker => continue,
                };
                own = true;
                if cue.scope == Scope::Paragraph {
                    last_paragraph_region = Some(out.regions.len());
                }
                out.regions.push(Attribution {
                    region,
                    sources,
                    cue: cue.name.clone(),
                    cue_span,
                    quote: false,
                    club: None,
                });
            }
        }
        // Quotations that close in this sentence (they may open earlier in the
        // paragraph).
        let para = doc.paragraph_of(sentence.start);
        let mut quoted_fragment = false;
        for &q in closing.get(si).into_iter().flatten() {
            if !(sentence.start < q.end && q.end <= sentence.end) {
                continue;
            }
            let opening = crate::sentences::holding(sentences, q.start)
                .and_then(|i| sentences.get(i))
                .copied()
                .unwrap_or(sentence);
            let speaker =
                speaker_after(text, q, sentence, mentions, lexicon, gazetteer, &last_named)
                    .or_else(|| {
                        speaker_before(
                            text,
                            q,
                            opening,
                            doc,
                            mentions,
                            lexicon,
                            gazetteer,
                            &last_named,
                        )
                    })
                    .or_else(|| {
                        // A quotation opening a paragraph continues the run of the
                        // paragraph before.
                        let qpara = doc.paragraph_of(q.start);
                        let para_start = qpara.and_then(|p| doc.paragraphs.get(p)).map(|p| p.start);
                        match (&prev_quote_speaker, qpara) {
                            (Some((pp, sp, club)), Some(p))
                                if para_start == Some(q.start) && *pp + 1 == p =>
                            {
                                Some((sp.clone(), *club))
                            }
                            _ => None,
                        }
                    });
            match speaker {
                Some((sources, named_club)) => {
                    let club = named_club.or_else(|| speaker_club(&sources, gazetteer));
                    if let Some(p) = para {
                        prev_quote_speaker = Some((p, sources.clone(), club));
                    }
                    out.regions.push(Attribution {
                        region: q,
                        sources,
                        cue: "quotation".into(),
                        cue_span: Span::new(q.start, q.start),
                        quote: true,
                        club,
                    });
                    own = true;
                }
                None => quoted_fragment = true,
            }
        }
        // A sentence that only quotes fragments keeps the source of the
        // sentence just before it.
        if !own && quoted_fragment {
            if let Some((prev, sources, cue)) = &prev_sentence_source {
                if *prev + 1 == si {
                    out.regions.push(Attribution {
                        region: sentence,
                        sources: sources.clone(),
                        cue: format!("{cue}+quoted"),
                        cue_span: Span::new(sentence.start, sentence.start),
                        quote: false,
                        club: None,
                    });
                    own = true;
                }
            }
        }
        if own {
            // The latest region over this sentence that is not a quotation:
            // one made for it, else a paragraph-wide one from before it
            // (regions of earlier sentences end where those sentences do).
            let made_here = out.regions.get(first_region..).unwrap_or(&[]);
            let latest = made_here
                .iter()
                .rev()
                .find(|a| a.region.overlaps(sentence) && !a.quote)
                .or_else(|| {
                    last_paragraph_region
                        .and_then(|i| out.regions.get(i))
                        .filter(|a| a.region.overlaps(sentence))
                });
            if let Some(a) = latest {
                prev_sentence_source = Some((si, a.sources.clone(), a.cue.clone()));
            }
        }
    }
    out.index(sentences);
    out
}

/// "By Name" alone on the first line of the body: the column's author.
fn byline(doc: &Document, mentions: &[Mention], gazetteer: &Gazetteer) -> Option<Source> {
    let body = doc.body();
    let first_line = body.lines().next()?;
    let caps = BYLINE.captures(first_line)?;
    let name = caps.name("name")?;
    let span = Span::new(doc.body_start + name.start(), doc.body_start + name.end());
    let known = mentions
        .iter()
        .find(|m| m.span.overlaps(span) && matches!(m.kind, Kind::Journalist | Kind::Person));
    match known {
        Some(m) => named_source(
            gazetteer,
            &Item {
                span: m.span,
                tag: tag(m.kind),
                entity: Some(m.entity),
                kind: Some(m.kind),
                affiliation: None,
                journalist: false,
            },
            &doc.text,
        ),
        None => Some(Source {
            kind: SourceKind::Journalist,
            name: Some(name.as_str().to_string()),
            entity: None,
            span,
            affiliation: None,
        }),
    }
}

/// The source-capable items of a sentence: mentions of every kind (clubs
/// and players too, so patterns see them as tokens), unnamed-source and
/// refer-back phrases, and role-introduced names no gazetteer knows.
fn sentence_items(
    text: &str,
    sentence: Span,
    mentions: &[Mention],
    lexicon: &Lexicon,
) -> Vec<Item> {
    let mut items: Vec<Item> = crate::mentions::within(mentions, sentence)
        .map(|m| Item {
            span: m.span,
            tag: tag(m.kind),
            entity: Some(m.entity),
            kind: Some(m.kind),
            affiliation: None,
            journalist: false,
        })
        .collect();
    let s = sentence.slice(text);
    let mut extra = Vec::new();
    for candidate in lexicon.phrase_gate.scan(s).iter() {
        let Some(phrase) = lexicon.phrases.get(candidate.pattern) else {
            continue;
        };
        for m in crate::gate::find_all(&phrase.regex, s, candidate.starts) {
            let span = Span::new(sentence.start + m.start(), sentence.start + m.end());
            let tag = match phrase.kind {
                PhraseKind::Anonymous => 'a',
                PhraseKind::Back => 'b',
            };
            extra.push(Item {
                span,
                tag,
                entity: None,
                kind: None,
                affiliation: None,
                journalist: false,
            });
        }
    }
    for m in role_names(s) {
        let Some((name, press)) = s.get(m.range()).and_then(role_and_name) else {
            continue;
        };
        let span = Span::new(sentence.start + m.start() + name, sentence.start + m.end());
        extra.push(Item {
            span,
            tag: 's',
            entity: None,
            kind: None,
            affiliation: None,
            journalist: press,
        });
    }
    for e in extra {
        if !items.iter().any(|i| i.span.overlaps(e.span)) {
            items.push(e);
        }
    }
    items.sort_by_key(|i| i.span.start);
    merge_appositions(text, items)
}

/// The matches of [`ROLE_NAME`] in `s`, as a search of the whole text
/// finds them (leftmost first, not overlapping), from the offsets of
/// [`role_starts`] alone.
fn role_names(s: &str) -> Vec<regex_automata::Match> {
    let starts = role_starts(s);
    if starts.is_empty() {
        return Vec::new();
    }
    crate::gate::find_all(&ROLE_NAME, s, Some(&starts))
}

/// Where a match of [`ROLE_NAME`] may begin in `s`, ascending and
/// distinct: every match is a role word, an optional comma, a space and a
/// capital letter, so it begins where one of [`ROLE_WORDS`] (in any ASCII
/// case) ends right before a space, or before a comma and a space, that a
/// capital letter follows. A few offsets where no match begins may be
/// among them; the anchored searches from them find none.
fn role_starts(s: &str) -> Vec<usize> {
    /// For each byte, the role words (bits of [`ROLE_WORDS`]) that end
    /// with it, in either ASCII case.
    static BY_LAST: LazyLock<[u32; 256]> = LazyLock::new(|| {
        let mut table = [0u32; 256];
        for (i, w) in ROLE_WORDS.iter().enumerate() {
            if let Some(&last) = w.as_bytes().last() {
                for b in [last.to_ascii_lowercase(), last.to_ascii_uppercase()] {
                    if let Some(t) = table.get_mut(usize::from(b)) {
                        *t |= 1 << i;
                    }
                }
            }
        }
        table
    });
    let bytes = s.as_bytes();
    let mut starts = Vec::new();
    // A space before an ASCII capital or a non-ASCII character: a plain
    // loop over byte pairs, spaces being too common for a byte search.
    let spaces = bytes
        .windows(2)
        .enumerate()
        .filter(|(_, pair)| pair[0] == b' ' && (pair[1].is_ascii_uppercase() || pair[1] >= 0x80))
        .map(|(i, _)| i);
    for space in spaces {
        let capital = bytes.get(space + 1).is_some_and(u8::is_ascii_uppercase)
            || s.get(space + 1..)
                .and_then(|rest| rest.chars().next())
                .is_some_and(char::is_uppercase);
        if !capital {
            continue;
        }
        let comma = space
            .checked_sub(1)
            .filter(|&i| bytes.get(i) == Some(&b','));
        for end in std::iter::once(space).chain(comma) {
            let Some(&last) = end.checked_sub(1).and_then(|i| bytes.get(i)) else {
                continue;
            };
            let mut words = BY_LAST.get(usize::from(last)).copied().unwrap_or(0);
            while words != 0 {
                let i = words.trailing_zeros() as usize;
                words &= words - 1;
                let Some(word) = ROLE_WORDS.get(i) else {
                    continue;
                };
                if let Some(start) = end.checked_sub(word.len()) {
                    if bytes
                        .get(start..end)
                        .is_some_and(|w| w.eq_ignore_ascii_case(word.as_bytes()))
                    {
                        starts.push(start);
                    }
                }
            }
        }
    }
    starts.sort_unstable();
    starts.dedup();
    starts
}

/// Where the name begins in a match of [`ROLE_NAME`], and whether its role
/// word is a press one (the `name` and `press` groups, read without a
/// capturing search): the role words hold no space before a capital, and
/// the name begins with a capital after a space, so the name begins after
/// the first space followed by a capital.
fn role_and_name(found: &str) -> Option<(usize, bool)> {
    let name = found
        .char_indices()
        .zip(found.chars().skip(1))
        .find(|&((_, c), next)| c == ' ' && next.is_uppercase())
        .map(|((i, _), _)| i + 1)?;
    let press = [
        "reporter",
        "journalist",
        "correspondent",
        "insider",
        "columnist",
    ]
    .iter()
    .any(|w| {
        found
            .get(..w.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(w) && head[1..] == w[1..])
    });
    Some((name, press))
}

/// "Sky Sports reporter, Vinny O'Connor", "The Telegraph's Matt Law": an
/// outlet right before a journalist or a name becomes one journalist source
/// with the outlet as affiliation.
fn merge_appositions(text: &str, items: Vec<Item>) -> Vec<Item> {
    static GAP: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:['’]s?)?\s*(?:(?:[\w-]+\s+){0,2}(?:reporter|journalist|correspondent|insider|writer|editor|columnist|expert|presenter|chief|man|woman)\s*,?\s*|,\s*)?$")
            .unwrap_or_else(|e| panic!("built-in pattern: {e}"))
    });
    let mut out: Vec<Item> = Vec::with_capacity(items.len());
    for item in items {
        if let Some(prev) = out.last() {
            let is_person = matches!(item.tag, 'j' | 's');
            if prev.tag == 'o'
                && is_person
                && GAP.is_match(text.get(prev.span.end..item.span.start).unwrap_or("x"))
            {
                let outlet = prev.entity;
                let start = prev.span.start;
                out.pop();
                out.push(Item {
                    span: Span::new(start, item.span.end),
                    tag: 'j',
                    affiliation: outlet,
                    journalist: true,
                    ..item
                });
                continue;
            }
        }
        out.push(item);
    }
    out
}

/// An unknown name as a source name: the words of the name, without the
/// role words an apposition may have brought in.
fn unknown_name(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Token numbers of sources coordinated right after a token: ", B", " and B".
fn coordinated(rest: &str) -> Vec<usize> {
    static COORD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new("^(?:,\\s*|\\s+and\\s+|,\\s*and\\s+)\u{E000}[ojs]([0-9]+)\u{E001}")
            .unwrap_or_else(|e| panic!("built-in pattern: {e}"))
    });
    let mut out = Vec::new();
    let mut rest = rest;
    while let Some(c) = COORD.captures(rest) {
        let (Some(all), Some(n)) = (c.get(0), c.get(1)) else {
            break;
        };
        if let Some(i) = token_index(n.as_str()) {
            out.push(i);
        }
        rest = &rest[all.end()..];
    }
    out
}

fn is_open_quote(c: char) -> bool {
    matches!(c, '‘' | '“' | '\'' | '"' | '«')
}

fn closes(open: char, c: char) -> bool {
    matches!(
        (open, c),
        ('‘', '’')
            | ('“', '”')
            | ('\'', '\'')
            | ('"', '"')
            | ('«', '»')
            | ('‘', '\'')
            | ('\'', '’')
    )
}

/// Quotations inside `range` (a paragraph or a sentence): from an opening
/// mark (at the start or after white space or an opening bracket) to its
/// closing mark (before white space, punctuation or the end); an unclosed one
/// runs to the end of the range. An apostrophe between letters is never a
/// quotation mark.
pub fn quotes(text: &str, sentence: Span) -> Vec<Span> {
    let s = sentence.slice(text);
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut open: Option<(char, usize)> = None;
    // Only quotation marks change the state: `'` and `"`, and the marks
    // whose UTF-8 encodings begin 0xE2 (‘ ’ “ ”) or 0xC2 (« »). Skip to the
    // next such byte, then read the characters around it.
    let mut from = 0;
    let mut marks = MarkSearch::default();
    while let Some(i) = marks.next_from(bytes, from) {
        let Some(c) = s.get(i..).and_then(|r| r.chars().next()) else {
            break;
        };
        from = i + c.len_utf8();
        let prev = s.get(..i).and_then(|r| r.chars().next_back());
        let next = s.get(from..).and_then(|r| r.chars().next());
        if let Some((start, end)) = quote_step(&mut open, prev, (i, c), next) {
            out.push(Span::new(sentence.start + start, sentence.start + end));
        }
    }
    if let Some((_, start)) = open {
        out.push(Span::new(sentence.start + start, sentence.end));
    }
    out
}

/// The search for the bytes that begin quotation marks (`'`, `"`, 0xE2,
/// 0xC2), at ever later offsets: a byte search takes three bytes at most,
/// so 0xC2, the rarest, is searched apart and its next offset kept until
/// the scan passes it.
#[derive(Default)]
struct MarkSearch {
    /// The first 0xC2 at or after the last offset asked for; `Some(None)`
    /// when there is none.
    next_c2: Option<Option<usize>>,
}

impl MarkSearch {
    /// The first offset at or after `from` holding one of the bytes;
    /// `from` may not be less than at the call before.
    fn next_from(&mut self, bytes: &[u8], from: usize) -> Option<usize> {
        let rest = bytes.get(from..)?;
        let c2 = match self.next_c2 {
            Some(Some(c2)) if c2 >= from => Some(c2),
            Some(None) => None,
            _ => memchr::memchr(0xC2, rest).map(|k| from + k),
        };
        self.next_c2 = Some(c2);
        let other = memchr::memchr3(b'\'', b'"', 0xE2, rest).map(|k| from + k);
        match (other, c2) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

/// One character of a quotation scan: `c` at byte `i`, between `prev` and
/// `next`. Opens a quotation (in `open`) or closes the open one, whose byte
/// range it returns.
fn quote_step(
    open: &mut Option<(char, usize)>,
    prev: Option<char>,
    (i, c): (usize, char),
    next: Option<char>,
) -> Option<(usize, usize)> {
    match *open {
        None => {
            let after_gap =
                prev.is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '—' | '–' | ':'));
            if is_open_quote(c) && after_gap && next.is_some_and(|n| !n.is_whitespace()) {
                *open = Some((c, i));
            }
            None
        }
        Some((o, start)) => {
            let before_gap = next.is_none_or(|n| !n.is_alphanumeric());
            let after_text = prev.is_some_and(|p| !p.is_whitespace());
            if closes(o, c) && before_gap && after_text {
                *open = None;
                return Some((start, i + c.len_utf8()));
            }
            None
        }
    }
}

/// A match of a cue in a token text: its byte range and those of its
/// `src` and `club` groups, when they take part.
#[derive(Clone, Debug, PartialEq, Eq)]
struct CueMatch {
    whole: std::ops::Range<usize>,
    src: Option<std::ops::Range<usize>>,
    club: Option<std::ops::Range<usize>>,
}

/// The first `most` matches of `cue` (whose compiled pattern is `regex`)
/// in the token text `text`, searched from `starts` as
/// [`crate::gate::captures_all`] does and giving what it gives. When the
/// cue's [`Cue::token_group`] says where its group lies, the groups are
/// read off each match, without a capturing search.
fn cue_matches(
    cue: &crate::lexicon::Cue,
    regex: &Pattern,
    text: &str,
    starts: Option<&[usize]>,
    most: usize,
) -> Vec<CueMatch> {
    if let Some(name) = cue.token_group() {
        let read: Option<Vec<CueMatch>> = crate::gate::find_all(regex, text, starts)
            .into_iter()
            .take(most)
            .map(|m| {
                let digits = first_token_digits(text, m.range())?;
                let (src, club) = if name == "src" {
                    (Some(digits), None)
                } else {
                    (None, Some(digits))
                };
                Some(CueMatch {
                    whole: m.range(),
                    src,
                    club,
                })
            })
            .collect();
        // A match without a token cannot be: the pattern holds one.
        if let Some(read) = read {
            return read;
        }
    }
    captured_matches(regex, text, starts, most)
}

/// [`cue_matches`] by a capturing search.
fn captured_matches(
    regex: &Pattern,
    text: &str,
    starts: Option<&[usize]>,
    most: usize,
) -> Vec<CueMatch> {
    let found = if most == 1 {
        crate::gate::first_captures(regex, text, starts)
            .into_iter()
            .collect()
    } else {
        crate::gate::captures_all(regex, text, starts)
    };
    found
        .into_iter()
        .take(most)
        .filter_map(|caps| {
            let group = |name: &str| caps.get_group_by_name(name).map(|g| g.range());
            Some(CueMatch {
                whole: caps.get_match()?.range(),
                src: group("src"),
                club: group("club"),
            })
        })
        .collect()
}

/// The digits of the first token in `text[range]`: the number after
/// [`crate::shadow::OPEN`] and the tag.
fn first_token_digits(text: &str, range: std::ops::Range<usize>) -> Option<std::ops::Range<usize>> {
    let open = range.start + text.get(range.clone())?.find(crate::shadow::OPEN)?;
    let after_open = open + crate::shadow::OPEN.len_utf8();
    let tag = text.get(after_open..)?.chars().next()?;
    let from = after_open + tag.len_utf8();
    let len = text
        .get(from..range.end)?
        .bytes()
        .take_while(u8::is_ascii_digit)
        .count();
    (len > 0).then_some(from..from + len)
}

/// Which group of a cue pattern (`src` or `club`) holds the digits of the
/// first token of every match, so that the group can be read off the
/// match: the pattern is a sequence whose parts before the group cannot
/// hold [`crate::shadow::OPEN`] except the one that ends with it, then
/// one tag character, the group of digits (`[0-9]+`) and
/// [`crate::shadow::CLOSE`]; and it has no other group of the two names.
/// `None` when the pattern is not so (its groups are then found by a
/// capturing search).
pub fn token_group(compiled: &str) -> Option<&'static str> {
    use regex_syntax::hir::{Class, HirKind, Repetition};
    let hir = regex_syntax::parse(compiled).ok()?;
    let HirKind::Concat(parts) = hir.kind() else {
        return None;
    };
    let named = |name: &str| {
        let mut count = 0;
        visit_captures(&hir, &mut |c| count += usize::from(c == Some(name)));
        count
    };
    let name = match (named("src"), named("club")) {
        (1, 0) => "src",
        (0, 1) => "club",
        _ => return None,
    };
    let k = parts
        .iter()
        .position(|p| matches!(p.kind(), HirKind::Capture(c) if c.name.as_deref() == Some(name)))?;
    let HirKind::Capture(group) = parts.get(k)?.kind() else {
        return None;
    };
    let digits_only = match group.sub.kind() {
        HirKind::Repetition(Repetition {
            min: 1,
            max: None,
            greedy: true,
            sub,
        }) => matches!(sub.kind(), HirKind::Class(Class::Unicode(u))
            if u.ranges().len() == 1
                && u.ranges().iter().all(|r| r.start() == '0' && r.end() == '9')),
        _ => false,
    };
    let tag_is_one_char = matches!(
        parts.get(k.checked_sub(1)?)?.kind(),
        HirKind::Class(Class::Unicode(_))
    );
    let opens = match parts.get(k.checked_sub(2)?)?.kind() {
        HirKind::Literal(lit) => std::str::from_utf8(&lit.0)
            .ok()
            .and_then(|l| l.strip_suffix(crate::shadow::OPEN))
            .is_some_and(|before| !before.contains(crate::shadow::OPEN)),
        _ => false,
    };
    let closes = match parts.get(k + 1)?.kind() {
        HirKind::Literal(lit) => {
            std::str::from_utf8(&lit.0).is_ok_and(|l| l.starts_with(crate::shadow::CLOSE))
        }
        _ => false,
    };
    let before_clear = parts
        .get(..k - 2)?
        .iter()
        .all(|p| !may_hold(p, crate::shadow::OPEN));
    (digits_only && tag_is_one_char && opens && closes && before_clear).then_some(name)
}

/// Calls `f` with the name of every capture group of `hir`.
fn visit_captures(hir: &regex_syntax::hir::Hir, f: &mut impl FnMut(Option<&str>)) {
    use regex_syntax::hir::HirKind;
    match hir.kind() {
        HirKind::Capture(c) => {
            f(c.name.as_deref());
            visit_captures(&c.sub, f);
        }
        HirKind::Repetition(r) => visit_captures(&r.sub, f),
        HirKind::Concat(hs) | HirKind::Alternation(hs) => {
            for h in hs {
                visit_captures(h, f);
            }
        }
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => {}
    }
}

/// Whether a match of `hir` may contain the character `c` (answering yes
/// where unsure: for byte classes beyond ASCII).
fn may_hold(hir: &regex_syntax::hir::Hir, c: char) -> bool {
    use regex_syntax::hir::{Class, HirKind};
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => false,
        HirKind::Literal(lit) => std::str::from_utf8(&lit.0).map_or(true, |l| l.contains(c)),
        HirKind::Class(Class::Unicode(u)) => {
            u.ranges().iter().any(|r| r.start() <= c && c <= r.end())
        }
        HirKind::Class(Class::Bytes(b)) => b.ranges().iter().any(|r| !r.end().is_ascii()),
        HirKind::Repetition(r) => may_hold(&r.sub, c),
        HirKind::Capture(cap) => may_hold(&cap.sub, c),
        HirKind::Concat(hs) | HirKind::Alternation(hs) => hs.iter().any(|h| may_hold(h, c)),
    }
}

/// The speaker named right after a quotation closes, in the same sentence.
fn speaker_after(
    text: &str,
    quote: Span,
    sentence: Span,
    mentions: &[Mention],
    lexicon: &Lexicon,
    gazetteer: &Gazetteer,
    last_named: &Option<Source>,
) -> Option<(Vec<Source>, Option<EntityId>)> {
    if quote.end >= sentence.end {
        return None;
    }
    let range = Span::new(quote.end, sentence.end);
    speaker_in(text, range, mentions, lexicon, gazetteer, last_named)
        .map(|s| (s, None))
        .or_else(|| role_speaker(text, range, true, mentions, gazetteer))
}

/// The speaker named before a quotation opens ("Jones continued: '...").
#[allow(clippy::too_many_arguments)]
fn speaker_before(
    text: &str,
    quote: Span,
    sentence: Span,
    doc: &Document,
    mentions: &[Mention],
    lexicon: &Lexicon,
    gazetteer: &Gazetteer,
    last_named: &Option<Source>,
) -> Option<(Vec<Source>, Option<EntityId>)> {
    let start = doc
        .paragraph_of(quote.start)
        .and_then(|p| doc.paragraphs.get(p))
        .map_or(sentence.start, |p| p.start.max(sentence.start));
    if quote.start <= start {
        return None;
    }
    let range = Span::new(start, quote.start);
    speaker_in(text, range, mentions, lexicon, gazetteer, last_named)
        .map(|s| (s, None))
        .or_else(|| role_speaker(text, range, false, mentions, gazetteer))
}

/// Words that name a speaker by role: "the Real Madrid coach said", "the
/// Liverpool boss added:". The `after` pattern reads the words after a
/// quotation, the other the words before one.
static ROLE_SPEAKER_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^[\s,.;:]*the (?:[\p{{L}}'’.&-]+ ){{0,3}}?{ROLES} {SPEECH}(?-u:\b)"
    ))
    .unwrap_or_else(|e| panic!("built-in pattern: {e}"))
});
static ROLE_SPEAKER_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)[Tt]he (?:[\p{{L}}'’.&-]+ ){{0,3}}?{ROLES} (?:[\w'’-]+ ){{0,4}}?{SPEECH}\s*[:,]\s*$"
    ))
    .unwrap_or_else(|e| panic!("built-in pattern: {e}"))
});
const ROLES: &str = r"(?:head coach|coach|manager|boss|president|chairman|sporting director|director of football|chief executive)";
const SPEECH: &str =
    r"(?:said|says|added|adds|told|explained|insisted|admitted|continued|stated|warned)";

/// Words one of which every match of [`ROLE_SPEAKER_AFTER`] and
/// [`ROLE_SPEAKER_BEFORE`] holds, as they spell it: each of [`ROLES`]
/// holds one (a test checks). Words without one are not searched.
static ROLE_SPEAKER_WORDS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasick::new([
        "coach",
        "manager",
        "boss",
        "president",
        "chairman",
        "director",
        "chief executive",
    ])
    .unwrap_or_else(|e| panic!("built-in words: {e}"))
});

/// Who "the Real Madrid coach" is: the person named last before the words,
/// in this paragraph or the one before (at most 1,500 bytes back), whose
/// club, when the gazetteer knows it and the words name one, is that club.
fn role_speaker(
    text: &str,
    range: Span,
    after: bool,
    mentions: &[Mention],
    gazetteer: &Gazetteer,
) -> Option<(Vec<Source>, Option<EntityId>)> {
    let words = range.slice(text);
    if !ROLE_SPEAKER_WORDS.is_match(words) {
        return None;
    }
    let m = if after {
        ROLE_SPEAKER_AFTER.find(words)?
    } else {
        ROLE_SPEAKER_BEFORE.find(words)?
    };
    let phrase = Span::new(range.start + m.start(), range.start + m.end());
    let club = crate::mentions::within(mentions, phrase)
        .find(|x| x.kind == Kind::Club)
        .map(|x| x.entity);
    let lookback = phrase.start.saturating_sub(1500);
    // Mentions are sorted by start: those starting in the look-back window.
    let from = mentions.partition_point(|x| x.span.start < lookback);
    let to = mentions.partition_point(|x| x.span.start < phrase.start);
    let person = mentions
        .get(from..to.max(from))
        .unwrap_or(&[])
        .iter()
        .filter(|x| x.kind == Kind::Person && x.span.end <= phrase.start)
        .rev()
        .find(|x| {
            let known = gazetteer.get(x.entity).and_then(|e| e.club);
            match (club, known) {
                (Some(c), Some(k)) => c == k,
                _ => true,
            }
        })?;
    let item = Item {
        span: person.span,
        tag: tag(person.kind),
        entity: Some(person.entity),
        kind: Some(person.kind),
        affiliation: None,
        journalist: false,
    };
    named_source(gazetteer, &item, text).map(|s| (vec![s], club))
}

/// The club a quoted person speaks for, from the gazetteer: his current
/// club, unless his role there is a former one.
fn speaker_club(sources: &[Source], gazetteer: &Gazetteer) -> Option<EntityId> {
    let [one] = sources else { return None };
    if one.kind != SourceKind::Person {
        return None;
    }
    let e = gazetteer.get(one.entity?)?;
    if e.kind != Kind::Person || e.role.as_deref().is_some_and(|r| r.starts_with("former")) {
        return None;
    }
    e.club
}

fn speaker_in(
    text: &str,
    range: Span,
    mentions: &[Mention],
    lexicon: &Lexicon,
    gazetteer: &Gazetteer,
    last_named: &Option<Source>,
) -> Option<Vec<Source>> {
    let items = sentence_items(text, range, mentions, lexicon);
    // Every speaker cue names its speaker by a token.
    if items.is_empty() {
        return None;
    }
    let shadow_items: Vec<(Span, char)> = items.iter().map(|i| (i.span, i.tag)).collect();
    let shadow = Shadow::new(text, range, &shadow_items);
    for candidate in lexicon.cue_gate.scan(&shadow.text).iter() {
        let Some(cue) = lexicon
            .cues
            .get(candidate.pattern)
            .filter(|c| c.scope == Scope::Speaker)
        else {
            continue;
        };
        let Some(regex) = cue.regex() else { continue };
        let Some(found) = cue_matches(cue, regex, &shadow.text, candidate.starts, 1)
            .into_iter()
            .next()
        else {
            continue;
        };
        let Some(item) = found
            .src
            .and_then(|g| shadow.text.get(g))
            .and_then(token_index)
            .and_then(|i| items.get(i))
        else {
            continue;
        };
        let src = match item.tag {
            'b' => last_named.clone(),
            'a' => Some(Source {
                kind: SourceKind::Anonymous,
                name: None,
                entity: None,
                span: item.span,
                affiliation: None,
            }),
            _ => named_source(gazetteer, item, text),
        };
        if let Some(s) = src {
            return Some(vec![s]);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The scan of every character, as `quotes` was first written.
    fn quotes_by_char(text: &str, sentence: Span) -> Vec<Span> {
        let s = sentence.slice(text);
        let mut out = Vec::new();
        let mut open = None;
        let mut prev = None;
        let mut iter = s.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            let next = iter.peek().map(|&(_, n)| n);
            if let Some((a, b)) = quote_step(&mut open, prev, (i, c), next) {
                out.push(Span::new(sentence.start + a, sentence.start + b));
            }
            prev = Some(c);
        }
        if let Some((_, start)) = open {
            out.push(Span::new(sentence.start + start, sentence.end));
        }
        out
    }

    /// [`ROLE_NAME`] as a plain regex, searched over the whole text.
    fn plain_role_name() -> Regex {
        Regex::new(&format!(r"(?-u:\b){NAMING_ROLES}{ROLE_NAME_REST}")).expect("valid")
    }

    proptest::proptest! {
        #[test]
        fn the_role_speaker_guard_passes_every_text_the_patterns_match(
            the in proptest::sample::select(vec!["the", "The", "tHe"]),
            club in proptest::collection::vec(
                proptest::sample::select(vec!["Real", "Madrid", "Spurs’", "A.C.", "x y"]),
                0..4,
            ),
            role in proptest::sample::select(vec![
                "head coach", "Coach", "coach", "boss", "Boss", "sporting director",
                "director of football", "chief executive", "Chief Executive", "president",
                "manager", "chairman", "owner",
            ]),
            gap in proptest::collection::vec(
                proptest::sample::select(vec!["has", "then", "also", "x-y"]),
                0..3,
            ),
            speech in proptest::sample::select(vec!["said", "added", "told", "insisted", "spoke"]),
            end in proptest::sample::select(vec![":", ",", " :", "", "."]),
        ) {
            let middle = [vec![the], club, vec![role], gap, vec![speech]].concat().join(" ");
            for t in [format!("{middle}{end}"), format!(", {middle}{end}")] {
                if ROLE_SPEAKER_BEFORE.is_match(&t) || ROLE_SPEAKER_AFTER.is_match(&t) {
                    proptest::prop_assert!(ROLE_SPEAKER_WORDS.is_match(&t), "{}", t);
                }
            }
        }
    }

    #[test]
    fn every_speaking_role_holds_a_guard_word() {
        use regex_syntax::hir::literal::{ExtractKind, Extractor};
        let hir = regex_syntax::parse(ROLES).expect("valid");
        let seq = Extractor::new().kind(ExtractKind::Prefix).extract(&hir);
        assert!(seq.is_exact(), "the roles are whole literals");
        let literals = seq.literals().expect("a finite set of roles");
        assert!(literals.len() >= 9);
        for l in literals {
            let role = String::from_utf8_lossy(l.as_bytes()).to_string();
            assert!(
                ROLE_SPEAKER_WORDS.is_match(&role),
                "{role} holds no guard word"
            );
        }
        // Both patterns need a role in the case written: no match without.
        for t in ["the Madrid Coach said:", " the Boss said it"] {
            assert!(ROLE_SPEAKER_BEFORE.find(t).is_none() && ROLE_SPEAKER_AFTER.find(t).is_none());
        }
        assert!(ROLE_SPEAKER_BEFORE.is_match("The Real Madrid head coach said:"));
        assert!(ROLE_SPEAKER_AFTER.is_match(", the Liverpool boss added."));
    }

    #[test]
    fn every_role_word_is_listed() {
        use regex_syntax::hir::literal::{ExtractKind, Extractor};
        let hir = regex_syntax::parse(NAMING_ROLES).expect("valid");
        let seq = Extractor::new().kind(ExtractKind::Prefix).extract(&hir);
        let literals = seq.literals().expect("a finite set of words");
        assert!(seq.is_exact(), "the role words are whole literals");
        assert!(literals.len() >= ROLE_WORDS.len());
        for l in literals {
            let word = String::from_utf8_lossy(l.as_bytes()).to_lowercase();
            assert!(ROLE_WORDS.contains(&word.as_str()), "{word} is not listed");
        }
    }

    #[test]
    fn token_groups_are_read_only_where_the_pattern_guarantees_them() {
        let lexicon = Lexicon::builtin().expect("built-in lexicon");
        let read: Vec<&str> = lexicon
            .cues
            .iter()
            .filter(|c| c.token_group().is_some())
            .map(|c| c.name.as_str())
            .collect();
        for name in ["bracket", "according-to", "reports-that", "understands"] {
            assert!(read.contains(&name), "{name} not read: {read:?}");
        }
        // The words before `sources-told`'s source may hold a token.
        assert!(!read.contains(&"sources-told"));
        let src = crate::lexicon::SRC_TOKEN;
        let club = crate::lexicon::CLUB_TOKEN;
        assert_eq!(token_group(&format!("(?i)per {src} said")), Some("src"));
        assert_eq!(
            token_group(&format!("(?i)in a statement,? {club}")),
            Some("club")
        );
        for pattern in [
            format!("(?i){src} said|told"),
            format!("(?i)[^,]{{1,5}}{src}"),
            format!("(?i)(?:{src})? said"),
            format!("(?i)(?:.)+ {src}"),
            format!("(?i){club} {src}"),
            format!("(?i)x\\x{{E000}} {src}"),
            "(?i)\\x{E000}[ojs](?P<src>[0-9]+)x".to_string(),
            "(?i)\\x{E000}[ojs](?P<src>[0-9]*)\\x{E001}".to_string(),
            "(?i)\\x{E000}(?P<src>[0-9]+)\\x{E001}".to_string(),
        ] {
            assert_eq!(token_group(&pattern), None, "{pattern}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]
        #[test]
        fn cue_groups_read_off_matches_as_a_capturing_search_finds_them(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "\u{E000}o0\u{E001}", "\u{E000}j1\u{E001}", "\u{E000}s12\u{E001}",
                    "\u{E000}c3\u{E001}", "\u{E000}p4\u{E001}", "\u{E000}a5\u{E001}",
                    "\u{E000}b6\u{E001}", "(", ")", ",", ".", ":", "-", "according to",
                    "reports", "reported", "said", "told", "sources", "have told", "per",
                    "understands", "in a statement", "confirmed", "that", "the", "Spain",
                    "broke the news", "journalists", "and", "as reported by", "x", "9",
                ]),
                0..14,
            ),
            spaces in proptest::collection::vec(proptest::bool::ANY, 14),
        ) {
            let lexicon = Lexicon::builtin().expect("built-in lexicon");
            let mut text = String::new();
            for (w, space) in words.iter().zip(&spaces) {
                text.push_str(w);
                if *space {
                    text.push(' ');
                }
            }
            for candidate in lexicon.cue_gate.scan(&text).iter() {
                let Some(cue) = lexicon.cues.get(candidate.pattern) else { continue };
                let Some(regex) = cue.regex() else { continue };
                let starts = candidate.starts;
                for most in [1, usize::MAX] {
                    proptest::prop_assert_eq!(
                        cue_matches(cue, regex, &text, starts, most),
                        captured_matches(regex, &text, starts, most),
                        "{} over {:?}", &cue.name, &text
                    );
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn role_names_found_from_starts_as_a_whole_search_would(
            words in proptest::collection::vec(
                (
                    proptest::sample::select(vec![
                        "reporter", "Reporter", "REPORTER", "CEO", "ceo", "Chief executive",
                        "chief", "mischief", "executive", "vice-president", "Vice-president",
                        "advisor", "Adviser", "agent", "coach", "boss", "Tom", "Smith",
                        "Ödegaard", "Éric", "O'Connor", "Pérez-Ríos", "Ⓐbc", "ǅabc", "Δelta",
                        "the", "x", "_", "’", "9",
                    ]),
                    proptest::sample::select(vec![" ", " ", " ", ", ", ",", "-", "", "\n"]),
                ),
                0..12,
            ),
        ) {
            let text: String = words.iter().flat_map(|&(w, sep)| [w, sep]).collect();
            let fast: Vec<_> = role_names(&text).iter().map(|m| m.range()).collect();
            let plain: Vec<_> = plain_role_name().find_iter(&text).map(|m| m.range()).collect();
            proptest::prop_assert_eq!(fast, plain);
        }
    }

    proptest::proptest! {
        #[test]
        fn quotes_skip_to_marks_as_a_full_scan_would(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "'", "\"", "‘", "’", "“", "”", "«", "»", " ", "a", "Z", "9", ",",
                    "(", "[", "—", "–", ":", "é", "\u{a0}", "\n", "Konaté's", "—“",
                ]),
                0..40,
            ),
            skip in 0usize..3,
        ) {
            let text: String = parts.concat();
            // A range that starts inside the text, on a character boundary.
            let start = text.char_indices().nth(skip).map_or(text.len(), |(i, _)| i);
            let range = Span::new(start, text.len());
            proptest::prop_assert_eq!(quotes(&text, range), quotes_by_char(&text, range));
        }
    }

    #[test]
    fn role_names_read_as_the_groups_would() {
        let texts = [
            "Chief executive Tom Smith said so, and Reporter Ana Pérez-Ríos agreed.",
            "chief executive, Tom Smith; Chief Executive Jane Doe Roe",
            "His agent Jorge Mendes and the coach, Hansi Flick, spoke; insider Ekrem Konur too.",
            "CEO Omar Berrada met vice-president Ángel Torres Ruiz and Captain Ödegaard Martin.",
            "The columnist Øyvind Ås wrote; correspondent Şükrü Öz Can replied.",
            "no role here, Just Names Everywhere",
        ];
        let mut found = 0;
        for t in texts {
            let by_groups: Vec<_> = plain_role_name()
                .captures_iter(t)
                .filter_map(|c| {
                    let n = c.name("name")?;
                    Some((n.start(), n.end(), c.name("press").is_some()))
                })
                .collect();
            let by_reading: Vec<_> = role_names(t)
                .into_iter()
                .filter_map(|m| {
                    let (name, press) = role_and_name(t.get(m.range())?)?;
                    Some((m.start() + name, m.end(), press))
                })
                .collect();
            assert_eq!(by_reading, by_groups, "{t}");
            found += by_groups.len();
        }
        assert!(found >= 10, "only {found} role names");
    }

    #[test]
    fn quotes_skip_apostrophes() {
        let text = "‘Konate’s deal runs out,’ reported O’Connor.";
        let q = quotes(text, Span::new(0, text.len()));
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].slice(text), "‘Konate’s deal runs out,’");
    }

    #[test]
    fn unclosed_quote_runs_to_sentence_end() {
        let text = "“They have a limit, though.";
        let q = quotes(text, Span::new(0, text.len()));
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].slice(text), text);
    }
}
