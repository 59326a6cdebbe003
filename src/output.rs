//! Stage 5: output.
//!
//! In: a [`Document`] and its [`Extraction`]. Out: the SPEC.md document object
//! ([`DocumentOut`], serialisable to JSON), the sentence records of
//! `--sentences`, and the one-line-per-claim text for people.
//!
//! Every `start`/`end` is a byte offset into the input as given, and every
//! `text` equals that slice of the input.
//!
//! The output types borrow their words from the document, the extraction
//! and the gazetteer they are built from (their lifetime `'a`): building them
//! copies only the words made for them (cue words, the ids of players no
//! gazetteer knows). `into_owned` makes a copy that outlives those. Dates are
//! kept as dates and serialised as `YYYY-MM-DD`.

use std::borrow::Cow;
use std::fmt::Write as _;

use jiff::civil::Date;
use serde::Serialize;

use crate::attribution::SourceKind;
use crate::claims::{Arg, Claim};
use crate::dates::iso_date;
use crate::document::Document;
use crate::gazetteer::Gazetteer;
use crate::lexicon::Relation;
use crate::money::Currency;
use crate::unknown::Unknowns;
use crate::{Extraction, Span};

/// A club or player as output.
#[derive(Clone, Debug, Serialize)]
pub struct EntityOut<'a> {
    /// Stable gazetteer id.
    pub id: Cow<'a, str>,
    /// Canonical name.
    pub name: Cow<'a, str>,
    /// The words in the input (empty when implied).
    pub text: Cow<'a, str>,
    /// Start byte.
    pub start: usize,
    /// End byte.
    pub end: usize,
    /// True when the text does not name it and it was inferred from facts
    /// (a player's current club).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub implied: bool,
    /// False for a player no gazetteer knows, found by context ("Brentford
    /// striker Igor Thiago"); its id is then made from the name.
    #[serde(skip_serializing_if = "is_true")]
    pub known: bool,
}

fn is_true(b: &bool) -> bool {
    *b
}

/// A copy of a borrowed string that owns its text.
fn owned(s: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(s.into_owned())
}

impl EntityOut<'_> {
    /// A copy that borrows nothing.
    pub fn into_owned(self) -> EntityOut<'static> {
        EntityOut {
            id: owned(self.id),
            name: owned(self.name),
            text: owned(self.text),
            start: self.start,
            end: self.end,
            implied: self.implied,
            known: self.known,
        }
    }
}

/// A source as output.
#[derive(Clone, Debug, Serialize)]
pub struct SourceOut<'a> {
    /// Gazetteer id, when known.
    pub id: Option<Cow<'a, str>>,
    /// Canonical name; `null` for anonymous sources.
    pub name: Option<Cow<'a, str>>,
    /// outlet, journalist, person, club or anonymous.
    pub kind: SourceKind,
    /// The words naming it.
    pub text: Cow<'a, str>,
    /// Start byte.
    pub start: usize,
    /// End byte.
    pub end: usize,
    /// A journalist's outlet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub affiliation: Option<Cow<'a, str>>,
}

impl SourceOut<'_> {
    /// A copy that borrows nothing.
    pub fn into_owned(self) -> SourceOut<'static> {
        SourceOut {
            id: self.id.map(owned),
            name: self.name.map(owned),
            kind: self.kind,
            text: owned(self.text),
            start: self.start,
            end: self.end,
            affiliation: self.affiliation.map(owned),
        }
    }
}

/// A fee as output.
#[derive(Clone, Debug, Serialize)]
pub struct FeeOut<'a> {
    /// Whole units of the currency.
    pub amount: u64,
    /// EUR, GBP or USD.
    pub currency: Currency,
    /// The figure as written.
    pub text: Cow<'a, str>,
    /// Add-ons on top of the amount.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub add_ons: Option<u64>,
}

impl FeeOut<'_> {
    /// A copy that borrows nothing.
    pub fn into_owned(self) -> FeeOut<'static> {
        FeeOut {
            amount: self.amount,
            currency: self.currency,
            text: owned(self.text),
            add_ons: self.add_ons,
        }
    }
}

/// A time a claim is about.
#[derive(Clone, Debug, Serialize)]
pub struct TimeOut<'a> {
    /// The words ("next summer").
    pub text: Cow<'a, str>,
    /// Start byte.
    pub start: usize,
    /// End byte.
    pub end: usize,
    /// First day of the window; serialised as `YYYY-MM-DD`.
    #[serde(serialize_with = "iso_date")]
    pub from: Date,
    /// Last day of the window; serialised as `YYYY-MM-DD`.
    #[serde(serialize_with = "iso_date")]
    pub to: Date,
}

impl TimeOut<'_> {
    /// A copy that borrows nothing.
    pub fn into_owned(self) -> TimeOut<'static> {
        TimeOut {
            text: owned(self.text),
            start: self.start,
            end: self.end,
            from: self.from,
            to: self.to,
        }
    }
}

/// A byte range.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct RangeOut {
    /// Start byte.
    pub start: usize,
    /// End byte.
    pub end: usize,
}

/// The trigger that produced a claim.
#[derive(Clone, Debug, Serialize)]
pub struct TriggerOut<'a> {
    /// The words.
    pub text: Cow<'a, str>,
    /// Start byte.
    pub start: usize,
    /// End byte.
    pub end: usize,
    /// The lexicon line: `relations.tsv:LINE`.
    pub rule: Cow<'a, str>,
}

impl TriggerOut<'_> {
    /// A copy that borrows nothing.
    pub fn into_owned(self) -> TriggerOut<'static> {
        TriggerOut {
            text: owned(self.text),
            start: self.start,
            end: self.end,
            rule: owned(self.rule),
        }
    }
}

/// One claim as output.
#[derive(Clone, Debug, Serialize)]
pub struct ClaimOut<'a> {
    /// The relation.
    pub relation: Relation,
    /// The club.
    pub club: EntityOut<'a>,
    /// The player.
    pub player: EntityOut<'a>,
    /// Who says it; `null` for the article's own voice.
    pub source: Option<SourceOut<'a>>,
    /// The attribution words ("according to").
    pub cue: Option<Cow<'a, str>>,
    /// The relation is denied.
    pub negated: bool,
    /// It is an expectation or possibility.
    pub hedged: bool,
    /// The fee.
    pub fee: Option<FeeOut<'a>>,
    /// The date the source gave it on; serialised as `YYYY-MM-DD`.
    #[serde(serialize_with = "optional_iso_date")]
    pub reported_on: Option<Date>,
    /// The times the claim is about ("in January"), with resolved windows.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub about: Vec<TimeOut<'a>>,
    /// Sentence index.
    pub sentence: usize,
    /// The sentence.
    pub evidence: RangeOut,
    /// The attribution rule (`cues.tsv` name) or `article-voice`.
    pub rule: Cow<'a, str>,
    /// The relation trigger.
    pub trigger: TriggerOut<'a>,
}

impl ClaimOut<'_> {
    /// A copy that borrows nothing.
    pub fn into_owned(self) -> ClaimOut<'static> {
        ClaimOut {
            relation: self.relation,
            club: self.club.into_owned(),
            player: self.player.into_owned(),
            source: self.source.map(SourceOut::into_owned),
            cue: self.cue.map(owned),
            negated: self.negated,
            hedged: self.hedged,
            fee: self.fee.map(FeeOut::into_owned),
            reported_on: self.reported_on,
            about: self.about.into_iter().map(TimeOut::into_owned).collect(),
            sentence: self.sentence,
            evidence: self.evidence,
            rule: owned(self.rule),
            trigger: self.trigger.into_owned(),
        }
    }
}

/// The document object of SPEC.md.
#[derive(Clone, Debug, Serialize)]
pub struct DocumentOut<'a> {
    /// The input path; `null` for standard input.
    pub path: Option<Cow<'a, str>>,
    /// Publication date; serialised as `YYYY-MM-DD`.
    #[serde(serialize_with = "optional_iso_date")]
    pub date: Option<Date>,
    /// The claims.
    pub claims: Vec<ClaimOut<'a>>,
}

impl DocumentOut<'_> {
    /// A copy that borrows nothing: one that outlives the document, the
    /// extraction and the gazetteer it was built from.
    pub fn into_owned(self) -> DocumentOut<'static> {
        DocumentOut {
            path: self.path.map(owned),
            date: self.date,
            claims: self.claims.into_iter().map(ClaimOut::into_owned).collect(),
        }
    }
}

/// An optional date as `YYYY-MM-DD`, or `null`.
fn optional_iso_date<S: serde::Serializer>(date: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match date {
        Some(d) => iso_date(d, s),
        None => s.serialize_none(),
    }
}
/// One sentence record of `--sentences --jsonl`.
#[derive(Clone, Debug, Serialize)]
pub struct SentenceOut<'a> {
    /// The input path.
    pub path: Option<&'a str>,
    /// Sentence index.
    pub index: usize,
    /// Start byte.
    pub start: usize,
    /// End byte.
    pub end: usize,
    /// The sentence.
    pub text: &'a str,
}

/// The sentences of one input, for `--sentences --json`.
#[derive(Clone, Debug, Serialize)]
pub struct SentencesOut<'a> {
    /// The input path.
    pub path: Option<&'a str>,
    /// Its sentences.
    pub sentences: Vec<SentenceOut<'a>>,
}

fn entity<'a>(g: &'a Gazetteer, unknown: &'a Unknowns, text: &'a str, a: &Arg) -> EntityOut<'a> {
    let implied = a.how.is_none();
    let span = if implied {
        Span::new(a.span.start, a.span.start)
    } else {
        a.span
    };
    let (id, name, known) = match (g.get(a.entity), unknown.name(a.entity)) {
        (Some(e), _) => (Cow::Borrowed(e.id.as_str()), e.name.as_str(), true),
        (None, Some(n)) => (Cow::Owned(slug(n)), n, false),
        (None, None) => (Cow::Borrowed(""), "", false),
    };
    EntityOut {
        id,
        name: Cow::Borrowed(name),
        text: Cow::Borrowed(span.slice(text)),
        start: span.start,
        end: span.end,
        implied,
        known,
    }
}

/// A stable id for a name no gazetteer knows: lower-case ASCII words joined
/// by hyphens.
fn slug(name: &str) -> String {
    crate::fold::fold(name)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// The cue words: up to four words right before the source's name within the
/// cue ("according to", "Sources have told"), else the last four of the cue
/// after it ("reported that"); other names inside the cue are left out.
/// `names` are the spans of the mentions, sorted by start (stably).
fn cue_words<'a>(text: &'a str, claim: &'a Claim, names: &[Span]) -> Option<Cow<'a, str>> {
    const MOST: usize = 4;
    let cue = claim.cue_span?;
    let rule = || claim.cue.as_deref().map(Cow::Borrowed);
    let src = claim.source.as_ref().map(|s| s.span);
    let Some(src) = src.filter(|s| !cue.is_empty() && cue.contains(*s)) else {
        return rule();
    };
    let words_of = |range: Span| -> Vec<&'a str> {
        let mut out = Vec::new();
        let mut pos = range.start;
        // The names inside `range`, by start: they start in it.
        let first = names.partition_point(|n| n.start < range.start);
        let inside = names[first..]
            .iter()
            .take_while(|n| n.start <= range.end)
            .filter(|n| range.contains(**n) && **n != src);
        for n in inside {
            out.extend(Span::new(pos, n.start).slice(text).split_whitespace());
            pos = n.end;
        }
        out.extend(Span::new(pos, range.end).slice(text).split_whitespace());
        out.retain(|w| w.chars().any(char::is_alphanumeric));
        out
    };
    let mut before = words_of(Span::new(cue.start, src.start));
    while before
        .last()
        .is_some_and(|w| matches!(*w, "and" | "or" | "&"))
    {
        before.pop();
    }
    let after;
    let picked = if !before.is_empty() {
        &before[before.len().saturating_sub(MOST)..]
    } else {
        after = words_of(Span::new(src.end, cue.end));
        &after[after.len().saturating_sub(MOST)..]
    };
    Some(trimmed(picked.join(" ")).unwrap_or_else(|| rule().unwrap_or_default()))
}

/// `words` without the marks at either end; `None` when nothing is left.
fn trimmed<'a>(words: String) -> Option<Cow<'a, str>> {
    let kept = words.trim_matches(|c: char| !c.is_alphanumeric());
    if kept.is_empty() {
        None
    } else if kept.len() == words.len() {
        Some(Cow::Owned(words))
    } else {
        Some(Cow::Owned(kept.to_string()))
    }
}

/// Builds the SPEC document object. It borrows its words from `g`, `doc`
/// and `ex`; [`DocumentOut::into_owned`] makes a copy that outlives them.
pub fn document<'a>(g: &'a Gazetteer, doc: &'a Document, ex: &'a Extraction) -> DocumentOut<'a> {
    let text = doc.text.as_str();
    let mut names: Vec<Span> = ex.mentions.iter().map(|m| m.span).collect();
    names.sort_by_key(|n| n.start);
    let claims = ex
        .claims
        .iter()
        .map(|c| ClaimOut {
            relation: c.relation,
            club: entity(g, &ex.unknown, text, &c.club),
            player: entity(g, &ex.unknown, text, &c.player),
            source: c.source.as_ref().map(|s| SourceOut {
                id: s
                    .entity
                    .and_then(|e| g.get(e))
                    .map(|e| Cow::Borrowed(e.id.as_str())),
                name: s.name.as_deref().map(Cow::Borrowed),
                kind: s.kind,
                text: Cow::Borrowed(s.span.slice(text)),
                start: s.span.start,
                end: s.span.end,
                affiliation: s.affiliation.as_deref().map(Cow::Borrowed),
            }),
            cue: cue_words(text, c, &names),
            negated: c.negated,
            hedged: c.hedged,
            fee: c.fee.as_ref().map(|f| FeeOut {
                amount: f.amount,
                currency: f.currency,
                text: Cow::Borrowed(f.span.slice(text)),
                add_ons: f.add_ons,
            }),
            reported_on: c.reported_on,
            about: c
                .about
                .iter()
                .map(|t| TimeOut {
                    text: Cow::Borrowed(t.span.slice(text)),
                    start: t.span.start,
                    end: t.span.end,
                    from: t.start,
                    to: t.end,
                })
                .collect(),
            sentence: c.sentence,
            evidence: RangeOut {
                start: c.evidence.start,
                end: c.evidence.end,
            },
            rule: Cow::Borrowed(c.cue.as_deref().unwrap_or("article-voice")),
            trigger: TriggerOut {
                text: Cow::Borrowed(c.trigger.slice(text)),
                start: c.trigger.start,
                end: c.trigger.end,
                rule: Cow::Borrowed(c.rule.as_str()),
            },
        })
        .collect();
    DocumentOut {
        path: doc.path.as_deref().map(Cow::Borrowed),
        date: doc.date,
        claims,
    }
}

/// The sentence records of a document.
pub fn sentences<'a>(doc: &'a Document, spans: &[Span]) -> SentencesOut<'a> {
    SentencesOut {
        path: doc.path.as_deref(),
        sentences: spans
            .iter()
            .enumerate()
            .map(|(index, s)| SentenceOut {
                path: doc.path.as_deref(),
                index,
                start: s.start,
                end: s.end,
                text: s.slice(&doc.text),
            })
            .collect(),
    }
}

/// Longest evidence shown in the text output, in characters.
const EVIDENCE_CHARS: usize = 100;

/// The text for people: a heading per input, then one line per claim.
pub fn human(out: &DocumentOut, doc: &Document, explain: bool) -> String {
    let mut s = String::new();
    let name = out.path.as_deref().unwrap_or("<stdin>");
    let _ = writeln!(
        s,
        "{name}{}: {} claim{}",
        out.date.map(|d| format!(" ({d})")).unwrap_or_default(),
        out.claims.len(),
        if out.claims.len() == 1 { "" } else { "s" }
    );
    for c in &out.claims {
        let mut rel = c.relation.as_str().to_string();
        if c.negated {
            rel = format!("not {rel}");
        }
        if c.hedged {
            rel.push('?');
        }
        let source = match &c.source {
            None => "(article)".to_string(),
            Some(src) => match (&src.name, src.kind) {
                (_, SourceKind::Anonymous) => "anonymous".to_string(),
                (Some(n), k) => format!("{n} ({})", kind_str(k)),
                (None, k) => kind_str(k).to_string(),
            },
        };
        let fee = c
            .fee
            .as_ref()
            .map(|f| {
                format!(
                    "  {} {}",
                    group_thousands(f.amount),
                    serde_json::to_value(f.currency)
                        .ok()
                        .and_then(|v| v.as_str().map(String::from))
                        .unwrap_or_default()
                )
            })
            .unwrap_or_default();
        let ev = Span::new(c.evidence.start, c.evidence.end).slice(&doc.text);
        let ev: String = ev.split_whitespace().collect::<Vec<_>>().join(" ");
        let ev = if ev.chars().count() > EVIDENCE_CHARS {
            let cut: String = ev.chars().take(EVIDENCE_CHARS - 1).collect();
            format!("{cut}…")
        } else {
            ev
        };
        let _ = writeln!(
            s,
            "  {rel:<17} {} <- {}  [{source}]{fee}  \"{ev}\"",
            c.club.name, c.player.name
        );
        if explain {
            let _ = writeln!(
                s,
                "      trigger \"{}\" ({}); club \"{}\"{}; player \"{}\"{}; source rule {}{}",
                c.trigger.text,
                c.trigger.rule,
                c.club.text,
                if c.club.implied {
                    " (implied: the player's club)"
                } else {
                    ""
                },
                c.player.text,
                if c.player.implied {
                    " (implied: the player of the sentence before)"
                } else {
                    ""
                },
                c.rule,
                c.source
                    .as_ref()
                    .map(|s| format!(" via \"{}\"", s.text))
                    .unwrap_or_default(),
            );
        }
    }
    s
}

fn kind_str(k: SourceKind) -> &'static str {
    match k {
        SourceKind::Outlet => "outlet",
        SourceKind::Journalist => "journalist",
        SourceKind::Person => "person",
        SourceKind::Club => "club",
        SourceKind::Anonymous => "anonymous",
    }
}

fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands() {
        assert_eq!(group_thousands(20_000_000), "20,000,000");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1000), "1,000");
    }

    /// Two claims: a journalist's bid with a fee, a reporting date, a time
    /// and a player no gazetteer knows; an outlet's talks.
    const ARTICLE: &str = "date 2025-03-04\n\nAccording to Fabrizio Romano on Monday, \
        Arsenal are ready to pay €45m for Brentford striker Tomasz Wrzelak next summer.\n\n\
        Chelsea have held talks with Declan Rice, sources have told The Athletic.\n";

    /// The output of [`ARTICLE`], as JSON, and made to own its words.
    fn article_output(x: &crate::Extractor) -> (String, DocumentOut<'static>) {
        let doc = Document::new(Some("a.txt".into()), ARTICLE.to_string(), None);
        let ex = x.extract(&doc);
        let out = document(x.gazetteer(), &doc, &ex);
        let json = serde_json::to_string(&out).expect("serialises");
        (json, out.into_owned())
    }

    #[test]
    fn borrowed_and_owned_output_agree() {
        let x = crate::Extractor::builtin().expect("built-in extractor");
        let (borrowed, owned) = article_output(&x);
        // The owned copy outlives the document and the extraction.
        assert_eq!(serde_json::to_string(&owned).expect("serialises"), borrowed);
        assert!(matches!(owned.path, Some(Cow::Owned(_))));
        let v: serde_json::Value = serde_json::from_str(&borrowed).expect("JSON");
        assert_eq!(v["path"], "a.txt");
        assert_eq!(v["date"], "2025-03-04");
        let bid = &v["claims"][0];
        assert_eq!(bid["relation"], "bid");
        assert_eq!(bid["club"]["id"], "arsenal");
        assert_eq!(bid["player"]["id"], "tomasz-wrzelak");
        assert_eq!(bid["player"]["name"], "Tomasz Wrzelak");
        assert_eq!(bid["player"]["known"], false);
        assert_eq!(bid["source"]["id"], "fabrizio-romano");
        assert_eq!(bid["cue"], "According to");
        assert_eq!(bid["fee"]["text"], "€45m");
        assert_eq!(bid["reported_on"], "2025-03-03");
        assert_eq!(bid["about"][0]["text"], "next summer");
        assert_eq!(bid["about"][0]["from"], "2025-06-01");
        assert_eq!(bid["about"][0]["to"], "2025-08-31");
        assert_eq!(bid["rule"], "according-to");
        assert_eq!(bid["trigger"]["text"], "ready to pay");
        let talks = &v["claims"][1];
        assert_eq!(talks["source"]["id"], "the-athletic");
        assert_eq!(talks["cue"], "sources have told");
        assert_eq!(talks["reported_on"], serde_json::Value::Null);
        assert!(talks.get("about").is_none());
    }

    #[test]
    fn output_borrows_what_it_does_not_make() {
        let x = crate::Extractor::builtin().expect("built-in extractor");
        let doc = Document::new(None, ARTICLE.to_string(), None);
        let ex = x.extract(&doc);
        let out = document(x.gazetteer(), &doc, &ex);
        let bid = &out.claims[0];
        assert!(matches!(bid.club.id, Cow::Borrowed("arsenal")));
        assert!(matches!(bid.club.text, Cow::Borrowed("Arsenal")));
        // The id of a player no gazetteer knows is made from the name.
        assert!(matches!(&bid.player.id, Cow::Owned(id) if id == "tomasz-wrzelak"));
        assert!(matches!(bid.rule, Cow::Borrowed("according-to")));
        assert!(matches!(
            out.claims[1].rule,
            Cow::Borrowed("sources-told-last")
        ));
    }
}
