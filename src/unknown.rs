//! Stage 3c: players no gazetteer knows.
//!
//! In: the input, the sentence spans, and the mentions of known names
//! (sorted by start). Out: [`Unknowns`]: players introduced by a player
//! context — a club, nationality or age followed by a position word
//! ("Brentford striker Igor Thiago", "the 19-year-old Ethan Nwaneri",
//! "Argentine midfielder Valentin Barco") — with a mention for that
//! introduction and for every later use of the full name or the surname in
//! the article. Their ids lie past the gazetteer's, from
//! [`Unknowns::base`], so claims about new names are not lost; output marks
//! them `"known": false`.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use memchr::memmem::Finder;
use regex::Regex;

use crate::gazetteer::{EntityId, Kind};
use crate::mentions::{How, Mention};
use crate::shadow::Shadow;
use crate::span::Span;

/// Players found by context, and their mentions.
#[derive(Clone, Debug, Default)]
pub struct Unknowns {
    /// The first id given to an unknown player (the gazetteer's size).
    pub base: u32,
    /// Names, indexed by `id - base`.
    pub names: Vec<String>,
    /// Their mentions, sorted by start.
    pub mentions: Vec<Mention>,
}

impl Unknowns {
    /// The name of an unknown player's id, if it is one.
    pub fn name(&self, id: EntityId) -> Option<&str> {
        let i = id.0.checked_sub(self.base)? as usize;
        self.names.get(i).map(String::as_str)
    }
}

/// The introduction: a player context right before a capitalised name.
/// The nouns that introduce a player in [`INTRO`].
const PLAYER_NOUNS: [&str; 20] = [
    "striker",
    "forward",
    "winger",
    "midfielder",
    "defender",
    "centre-back",
    "center-back",
    "full-back",
    "right-back",
    "left-back",
    "wing-back",
    "goalkeeper",
    "keeper",
    "playmaker",
    "attacker",
    "youngster",
    "teenager",
    "wonderkid",
    "prospect",
    "international",
];

static INTRO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        "{}{}{}(?:{}){}",
        r"(?:(?:\x{E000}c[0-9]+\x{E001}['’]?s?|(?-u:\b)[A-Z][a-z]+(?:ian|ine|ese|ish|ch|an|ic)|(?-u:\b)[Tt]he (?:[0-9]{1,2}-year-old )?(?:[A-Z][a-z]+ )?)\s*",
        r"(?:(?:[0-9]{1,2}-year-old|young|teenage|highly[- ]rated|talented|veteran|new) )?",
        r"|(?-u:\b)(?:[0-9]{1,2}-year-old|young|teenage|highly[- ]rated|talented|veteran) )",
        PLAYER_NOUNS.join("|"),
        r"\s+(?P<name>\p{Lu}[\p{L}'’-]*\p{L}(?:\s+(?:de |da |van |von |dos |di )?\p{Lu}[\p{L}'’-]*\p{L}){1,2})",
    ))
    .unwrap_or_else(|e| panic!("built-in pattern: {e}"))
});

/// Finds any of [`PLAYER_NOUNS`]: a sentence without one cannot match
/// [`INTRO`], and is not searched with it. (Leftmost-first only for the
/// faster search: whether any word occurs does not depend on it.)
static ANY_PLAYER_NOUN: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostFirst)
        .build(PLAYER_NOUNS)
        .unwrap_or_else(|e| panic!("built-in words: {e}"))
});

/// The literal every match of [`INTRO_AGE`] holds.
const AGE: &str = "-year-old";

/// Finds [`AGE`].
static AGE_FINDER: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(AGE));

/// The introduction by age alone: "the 19-year-old Ethan Nwaneri".
static INTRO_AGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)[Tt]he [0-9]{1,2}-year-old\s+(?P<name>\p{Lu}[\p{L}'’-]*\p{L}(?:\s+(?:de |da |van |von |dos |di )?\p{Lu}[\p{L}'’-]*\p{L}){1,2})")
        .unwrap_or_else(|e| panic!("built-in pattern: {e}"))
});

/// Capitalised words that start a clause rather than a name.
const NOT_NAMES: [&str; 12] = [
    "The", "He", "His", "But", "And", "After", "While", "With", "However", "It", "In", "This",
];

/// Finds unknown players in `text` over `sentences`; `known` are the named
/// mentions (sorted), whose spans an unknown never overlaps; `base` is the
/// gazetteer's size.
pub fn find(text: &str, sentences: &[Span], known: &[Mention], base: u32) -> Unknowns {
    let mut out = Unknowns {
        base,
        ..Unknowns::default()
    };
    let overlaps_known = |span: Span| {
        let i = known.partition_point(|m| m.span.end <= span.start);
        known.get(i).is_some_and(|m| m.span.overlaps(span))
    };
    for &s in sentences {
        let sentence = s.slice(text);
        if !sentence.contains(|c: char| c.is_uppercase()) {
            continue;
        }
        // The token text differs from the sentence only inside names, so a
        // literal absent from the sentence is absent from it too.
        let (intro, age) = (
            ANY_PLAYER_NOUN.is_match(sentence),
            AGE_FINDER.find(sentence.as_bytes()).is_some(),
        );
        if !intro && !age {
            continue;
        }
        let first = known.partition_point(|m| m.span.start < s.start);
        let last = known.partition_point(|m| m.span.start < s.end);
        let items: Vec<(Span, char)> = known
            .get(first..last)
            .unwrap_or(&[])
            .iter()
            .filter(|m| s.contains(m.span))
            .map(|m| (m.span, crate::references::tag(m.kind)))
            .collect();
        let shadow = Shadow::new(text, s, &items);
        let by_noun = intro.then(|| INTRO.captures_iter(&shadow.text));
        let by_age = age.then(|| INTRO_AGE.captures_iter(&shadow.text));
        for caps in by_noun
            .into_iter()
            .flatten()
            .chain(by_age.into_iter().flatten())
        {
            let Some(n) = caps.name("name") else { continue };
            if n.as_str().contains('\u{E000}') {
                continue;
            }
            let span = shadow.span(n.start(), n.end());
            let name = span
                .slice(text)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if overlaps_known(span) || NOT_NAMES.iter().any(|w| name.starts_with(&format!("{w} ")))
            {
                continue;
            }
            if !out.names.contains(&name) {
                out.names.push(name);
            }
        }
    }
    if out.names.is_empty() {
        return out;
    }
    // Every use of a full name, then of a surname, outside known names.
    for (i, name) in out.names.iter().enumerate() {
        let id = EntityId(base.saturating_add(i as u32));
        let surname = name.rsplit(' ').next().unwrap_or(name);
        for form in [name.as_str(), surname] {
            if form.chars().count() < 3 {
                continue;
            }
            let mut from = 0;
            while let Some(at) = text.get(from..).and_then(|t| t.find(form)) {
                let start = from + at;
                let end = start + form.len();
                from = end;
                let before_ok = text[..start]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric());
                let after_ok = text[end..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric());
                let span = Span::new(start, end);
                if before_ok
                    && after_ok
                    && !overlaps_known(span)
                    && !out.mentions.iter().any(|m: &Mention| m.span.overlaps(span))
                {
                    out.mentions.push(Mention {
                        span,
                        entity: id,
                        kind: Kind::Player,
                        how: How::Unknown,
                    });
                }
            }
        }
    }
    out.mentions.sort_by_key(|m| m.span.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        let sentences = vec![Span::new(0, text.len())];
        find(text, &sentences, &[], 100).names
    }

    #[test]
    fn player_contexts_introduce_names() {
        assert_eq!(
            names("Leeds want Argentine midfielder Valentin Barco now."),
            ["Valentin Barco"]
        );
        assert_eq!(
            names("Spurs watched the 19-year-old Ethan Nwaneri closely."),
            ["Ethan Nwaneri"]
        );
        assert_eq!(
            names("They signed teenage striker Kian Marlowe-Quinn."),
            ["Kian Marlowe-Quinn"]
        );
    }

    #[test]
    fn what_the_patterns_match_passes_the_checks() {
        for w in PLAYER_NOUNS {
            let text = format!("Dutch {w} Jan de Vries, the 20-year-old Piet Jansen.");
            assert!(INTRO.is_match(&text), "{text}");
            assert!(ANY_PLAYER_NOUN.is_match(&text), "{text}");
            assert!(INTRO_AGE.is_match(&text), "{text}");
            assert!(AGE_FINDER.find(text.as_bytes()).is_some(), "{text}");
        }
        let text = "The 20-year old Piet Jansen, a Striker and Keeper, scored.";
        assert!(!ANY_PLAYER_NOUN.is_match(text) && !INTRO.is_match(text));
        assert!(AGE_FINDER.find(text.as_bytes()).is_none() && !INTRO_AGE.is_match(text));
    }

    #[test]
    fn no_context_no_name() {
        assert!(names("Valentin Barco played well.").is_empty());
        assert!(names("the striker The Club said").is_empty());
    }

    #[test]
    fn later_surnames_are_mentions() {
        let text = "Leeds want Argentine midfielder Valentin Barco. Barco is keen.";
        let u = find(text, &[Span::new(0, 46), Span::new(47, text.len())], &[], 7);
        let got: Vec<&str> = u.mentions.iter().map(|m| m.span.slice(text)).collect();
        assert_eq!(got, ["Valentin Barco", "Barco"]);
        assert_eq!(u.name(EntityId(7)), Some("Valentin Barco"));
        assert_eq!(u.name(EntityId(6)), None);
    }
}
