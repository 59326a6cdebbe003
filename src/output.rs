//! Stage 5: output.
//!
//! In: a [`Document`] and its [`Extraction`]. Out: the SPEC.md document object
//! ([`DocumentOut`], serialisable to JSON), the sentence records of
//! `--sentences`, and the one-line-per-claim text for people.
//!
//! Every `start`/`end` is a byte offset into the input as given, and every
//! `text` equals that slice of the input.

use std::fmt::Write as _;

use serde::Serialize;

use crate::attribution::SourceKind;
use crate::claims::{Arg, Claim};
use crate::document::Document;
use crate::gazetteer::Gazetteer;
use crate::lexicon::Relation;
use crate::money::Currency;
use crate::unknown::Unknowns;
use crate::{Extraction, Span};

/// A club or player as output.
#[derive(Clone, Debug, Serialize)]
pub struct EntityOut {
    /// Stable gazetteer id.
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// The words in the input (empty when implied).
    pub text: String,
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

/// A source as output.
#[derive(Clone, Debug, Serialize)]
pub struct SourceOut {
    /// Gazetteer id, when known.
    pub id: Option<String>,
    /// Canonical name; `null` for anonymous sources.
    pub name: Option<String>,
    /// outlet, journalist, person, club or anonymous.
    pub kind: SourceKind,
    /// The words naming it.
    pub text: String,
    /// Start byte.
    pub start: usize,
    /// End byte.
    pub end: usize,
    /// A journalist's outlet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub affiliation: Option<String>,
}

/// A fee as output.
#[derive(Clone, Debug, Serialize)]
pub struct FeeOut {
    /// Whole units of the currency.
    pub amount: u64,
    /// EUR, GBP or USD.
    pub currency: Currency,
    /// The figure as written.
    pub text: String,
    /// Add-ons on top of the amount.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub add_ons: Option<u64>,
}

/// A time a claim is about.
#[derive(Clone, Debug, Serialize)]
pub struct TimeOut {
    /// The words ("next summer").
    pub text: String,
    /// Start byte.
    pub start: usize,
    /// End byte.
    pub end: usize,
    /// First day of the window, `YYYY-MM-DD`.
    pub from: String,
    /// Last day of the window, `YYYY-MM-DD`.
    pub to: String,
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
pub struct TriggerOut {
    /// The words.
    pub text: String,
    /// Start byte.
    pub start: usize,
    /// End byte.
    pub end: usize,
    /// The lexicon line: `relations.tsv:LINE`.
    pub rule: String,
}

/// One claim as output.
#[derive(Clone, Debug, Serialize)]
pub struct ClaimOut {
    /// The relation.
    pub relation: Relation,
    /// The club.
    pub club: EntityOut,
    /// The player.
    pub player: EntityOut,
    /// Who says it; `null` for the article's own voice.
    pub source: Option<SourceOut>,
    /// The attribution words ("according to").
    pub cue: Option<String>,
    /// The relation is denied.
    pub negated: bool,
    /// It is an expectation or possibility.
    pub hedged: bool,
    /// The fee.
    pub fee: Option<FeeOut>,
    /// The date the source gave it on.
    pub reported_on: Option<String>,
    /// The times the claim is about ("in January"), with resolved windows.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub about: Vec<TimeOut>,
    /// Sentence index.
    pub sentence: usize,
    /// The sentence.
    pub evidence: RangeOut,
    /// The attribution rule (`cues.tsv` name) or `article-voice`.
    pub rule: String,
    /// The relation trigger.
    pub trigger: TriggerOut,
}

/// The document object of SPEC.md.
#[derive(Clone, Debug, Serialize)]
pub struct DocumentOut {
    /// The input path; `null` for standard input.
    pub path: Option<String>,
    /// Publication date.
    pub date: Option<String>,
    /// The claims.
    pub claims: Vec<ClaimOut>,
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

fn entity(g: &Gazetteer, unknown: &Unknowns, text: &str, a: &Arg) -> EntityOut {
    let implied = a.how.is_none();
    let span = if implied {
        Span::new(a.span.start, a.span.start)
    } else {
        a.span
    };
    let (id, name, known) = match (g.get(a.entity), unknown.name(a.entity)) {
        (Some(e), _) => (e.id.clone(), e.name.clone(), true),
        (None, Some(n)) => (slug(n), n.to_string(), false),
        (None, None) => (String::new(), String::new(), false),
    };
    EntityOut {
        id,
        name,
        text: span.slice(text).to_string(),
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
fn cue_words(text: &str, claim: &Claim, names: &[Span]) -> Option<String> {
    const MOST: usize = 4;
    let cue = claim.cue_span?;
    let src = claim.source.as_ref().map(|s| s.span);
    let Some(src) = src.filter(|s| !cue.is_empty() && cue.contains(*s)) else {
        return claim.cue.clone();
    };
    let words_of = |range: Span| -> Vec<String> {
        let mut out = Vec::new();
        let mut pos = range.start;
        let mut inside: Vec<Span> = names
            .iter()
            .copied()
            .filter(|n| range.contains(*n) && *n != src)
            .collect();
        inside.sort_by_key(|n| n.start);
        for n in inside {
            out.extend(
                Span::new(pos, n.start)
                    .slice(text)
                    .split_whitespace()
                    .map(String::from),
            );
            pos = n.end;
        }
        out.extend(
            Span::new(pos, range.end)
                .slice(text)
                .split_whitespace()
                .map(String::from),
        );
        out.retain(|w| w.chars().any(char::is_alphanumeric));
        out
    };
    let mut before = words_of(Span::new(cue.start, src.start));
    while before
        .last()
        .is_some_and(|w| matches!(w.as_str(), "and" | "or" | "&"))
    {
        before.pop();
    }
    let after = words_of(Span::new(src.end, cue.end));
    let picked: Vec<String> = if !before.is_empty() {
        before[before.len().saturating_sub(MOST)..].to_vec()
    } else {
        after[after.len().saturating_sub(MOST)..].to_vec()
    };
    let joined = picked.join(" ");
    let trimmed = joined.trim_matches(|c: char| !c.is_alphanumeric());
    Some(if trimmed.is_empty() {
        claim.cue.clone().unwrap_or_default()
    } else {
        trimmed.to_string()
    })
}

/// Builds the SPEC document object.
pub fn document(g: &Gazetteer, doc: &Document, ex: &Extraction) -> DocumentOut {
    let text = doc.text.as_str();
    let names: Vec<Span> = ex.mentions.iter().map(|m| m.span).collect();
    let claims = ex
        .claims
        .iter()
        .map(|c| ClaimOut {
            relation: c.relation,
            club: entity(g, &ex.unknown, text, &c.club),
            player: entity(g, &ex.unknown, text, &c.player),
            source: c.source.as_ref().map(|s| SourceOut {
                id: s.entity.and_then(|e| g.get(e)).map(|e| e.id.clone()),
                name: s.name.clone(),
                kind: s.kind,
                text: s.span.slice(text).to_string(),
                start: s.span.start,
                end: s.span.end,
                affiliation: s.affiliation.clone(),
            }),
            cue: cue_words(text, c, &names),
            negated: c.negated,
            hedged: c.hedged,
            fee: c.fee.as_ref().map(|f| FeeOut {
                amount: f.amount,
                currency: f.currency,
                text: f.span.slice(text).to_string(),
                add_ons: f.add_ons,
            }),
            reported_on: c.reported_on.map(|d| d.to_string()),
            about: c
                .about
                .iter()
                .map(|t| TimeOut {
                    text: t.span.slice(text).to_string(),
                    start: t.span.start,
                    end: t.span.end,
                    from: t.start.to_string(),
                    to: t.end.to_string(),
                })
                .collect(),
            sentence: c.sentence,
            evidence: RangeOut {
                start: c.evidence.start,
                end: c.evidence.end,
            },
            rule: c.cue.clone().unwrap_or_else(|| "article-voice".into()),
            trigger: TriggerOut {
                text: c.trigger.slice(text).to_string(),
                start: c.trigger.start,
                end: c.trigger.end,
                rule: c.rule.clone(),
            },
        })
        .collect();
    DocumentOut {
        path: doc.path.clone(),
        date: doc.date.map(|d| d.to_string()),
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
        out.date
            .as_deref()
            .map(|d| format!(" ({d})"))
            .unwrap_or_default(),
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
}
