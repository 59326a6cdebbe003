//! A large pattern of many alternatives, matched with its capture groups at
//! the cost of the one alternative that matched.
//!
//! In: at build time, the parts `P₁ … Pₙ` of a pattern written
//! `prefix(?:P₁|…|Pₙ)suffix` (the dates module's patterns, whose parts each
//! carry their own named groups). Out: at search time, its matches with
//! their capture groups ([`Groups`]), exactly as
//! `Regex::new(pattern).captures_iter` gives them.
//!
//! Why: a capture engine costs in proportion to the whole pattern for every
//! match it resolves, even when one small part made the match; here it runs
//! on that part alone.
//!
//! How: one search over the parts as separate patterns (each
//! `prefix(?:Pᵢ)suffix`) finds every match and which part made it; the
//! groups are then read by that part's own pattern, anchored to the match.
//!
//! Invariants, for leftmost-first matching as the regex crate does it:
//! - a search over several patterns finds what their alternation finds:
//!   the leftmost start, and there the first pattern that matches, with its
//!   preferred end;
//! - so part `k` alone, anchored at the match's start and kept within the
//!   match, prefers the same end and fills the same groups (the alternation
//!   prefers every path through `Pₖ` over those through later parts, and no
//!   earlier part matches there).
//!
//! Group names must differ between parts, as in one pattern.

use regex_automata::meta::{BuildError, Config, Regex};
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::util::captures::Captures;
use regex_automata::{Anchored, Input};

/// A pattern `prefix(?:P₁|…|Pₙ)suffix`, searched part by part.
#[derive(Clone, Debug)]
pub struct Alternation {
    /// The pattern as one regex would be written.
    pattern: String,
    /// Every part as its own pattern, in order, in one regex: finds the
    /// matches and which part made each (it keeps no groups).
    find: Regex,
    /// Every part as its own regex, for its groups; searched only anchored
    /// within a match, so it needs no DFA and no prefilter.
    each: Vec<Regex>,
}

/// One match of an [`Alternation`] with its capture groups.
#[derive(Clone, Debug)]
pub struct Groups<'h> {
    /// The text searched.
    hay: &'h str,
    /// The groups of the part that matched.
    caps: Captures,
}

/// A capture group: its text and where it lies in the text searched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Group<'h> {
    start: usize,
    end: usize,
    text: &'h str,
}

impl<'h> Group<'h> {
    /// Byte offset of the group's start in the text searched.
    pub fn start(&self) -> usize {
        self.start
    }

    /// Byte offset just past the group's end in the text searched.
    pub fn end(&self) -> usize {
        self.end
    }

    /// The group's length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the group matched the empty string.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The group's text.
    pub fn as_str(&self) -> &'h str {
        self.text
    }
}

impl<'h> Groups<'h> {
    fn group(&self, span: Option<regex_automata::Span>) -> Option<Group<'h>> {
        let span = span?;
        Some(Group {
            start: span.start,
            end: span.end,
            text: self.hay.get(span.range())?,
        })
    }

    /// Group `index` (0 is the whole match), or `None` when it did not take
    /// part in the match.
    pub fn get(&self, index: usize) -> Option<Group<'h>> {
        self.group(self.caps.get_group(index))
    }

    /// The group called `name`, or `None` when it did not take part in the
    /// match (as when another part matched).
    pub fn name(&self, name: &str) -> Option<Group<'h>> {
        // A part has a few groups: comparing their names costs less than
        // hashing `name`.
        let pattern = self.caps.pattern()?;
        let index = self
            .caps
            .group_info()
            .pattern_names(pattern)
            .position(|n| n == Some(name))?;
        self.get(index)
    }
}

impl Alternation {
    /// The pattern `prefix(?:parts[0]|parts[1]|…)suffix`. Fails when a part
    /// (with the prefix and suffix) is not a valid pattern.
    pub fn new(
        prefix: &str,
        parts: &[String],
        suffix: &str,
    ) -> Result<Alternation, Box<BuildError>> {
        let whole: Vec<String> = parts
            .iter()
            .map(|p| format!("{prefix}(?:{p}){suffix}"))
            .collect();
        let find = Regex::builder()
            .configure(Config::new().which_captures(WhichCaptures::Implicit))
            .build_many(&whole)
            .map_err(Box::new)?;
        let anchored_only = Config::new().hybrid(false).dfa(false).auto_prefilter(false);
        let each = whole
            .iter()
            .map(|p| {
                Regex::builder()
                    .configure(anchored_only.clone())
                    .build(p)
                    .map_err(Box::new)
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Alternation {
            pattern: format!("{prefix}(?:{}){suffix}", parts.join("|")),
            find,
            each,
        })
    }

    /// The pattern as one regex: what [`Alternation::captures_iter`] matches.
    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// The matches in `hay`, in order, not overlapping, with their groups:
    /// those of `Regex::new(self.as_str())?.captures_iter(hay)`.
    pub fn captures_iter<'r, 'h>(&'r self, hay: &'h str) -> impl Iterator<Item = Groups<'h>> + 'r
    where
        'h: 'r,
    {
        self.find.find_iter(hay).filter_map(move |m| {
            let part = self.each.get(m.pattern().as_usize())?;
            let mut caps = part.create_captures();
            let within = Input::new(hay).range(m.range()).anchored(Anchored::Yes);
            part.search_captures(&within, &mut caps);
            caps.is_match().then_some(Groups { hay, caps })
        })
    }
}

/// Every match of an alternation in a text as (span, each named group's
/// span), groups listed by name.
#[cfg(test)]
type Found = Vec<(std::ops::Range<usize>, Vec<Option<std::ops::Range<usize>>>)>;

#[cfg(test)]
fn fast(a: &Alternation, hay: &str, names: &[&str]) -> Found {
    a.captures_iter(hay)
        .map(|g| {
            let whole = g.get(0).map_or(0..0, |m| m.start()..m.end());
            let groups = names
                .iter()
                .map(|n| g.name(n).map(|m| m.start()..m.end()))
                .collect();
            (whole, groups)
        })
        .collect()
}

#[cfg(test)]
fn plain(re: &regex::Regex, hay: &str, names: &[&str]) -> Found {
    re.captures_iter(hay)
        .map(|c| {
            let whole = c.get(0).map_or(0..0, |m| m.range());
            let groups = names.iter().map(|n| c.name(n).map(|m| m.range())).collect();
            (whole, groups)
        })
        .collect()
}

/// Asserts that `alternation` finds in each of `texts` what its one-regex
/// form finds, groups included.
#[cfg(test)]
pub(crate) fn assert_same<'t>(alternation: &Alternation, texts: impl IntoIterator<Item = &'t str>) {
    let re = regex::Regex::new(alternation.as_str()).expect("valid pattern");
    let names: Vec<&str> = re.capture_names().flatten().collect();
    for hay in texts {
        assert_eq!(
            fast(alternation, hay, &names),
            plain(&re, hay, &names),
            "{hay:?}"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(p: &[&str]) -> Vec<String> {
        p.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn first_part_to_match_wins_as_in_one_pattern() {
        // At "next summer" both the second and third parts match; the
        // second is listed first, and its longer match is preferred.
        let a = Alternation::new(
            r"(?i)\b",
            &parts(&[
                r"(?P<a>in)\s+(?P<am>may)",
                r"(?P<b>next)\s+(?P<bw>summer|season)",
                r"(?P<c>next|last)\s+\w+",
                r"(?P<d>next)",
            ]),
            r"\b",
        )
        .expect("valid");
        assert_eq!(
            a.as_str(),
            r"(?i)\b(?:(?P<a>in)\s+(?P<am>may)|(?P<b>next)\s+(?P<bw>summer|season)|(?P<c>next|last)\s+\w+|(?P<d>next))\b"
        );
        let t = "In May, next summer, next week, Next; last x and next";
        let found: Vec<(String, Option<String>)> = a
            .captures_iter(t)
            .map(|g| {
                let whole = g.get(0).map(|m| m.as_str().to_string()).unwrap_or_default();
                let bw = g.name("bw").map(|m| m.as_str().to_string());
                (whole, bw)
            })
            .collect();
        assert_eq!(
            found,
            [
                ("In May".to_string(), None),
                ("next summer".to_string(), Some("summer".to_string())),
                ("next week".to_string(), None),
                ("Next".to_string(), None),
                ("last x".to_string(), None),
                ("next".to_string(), None),
            ]
        );
        assert_same(
            &a,
            [t, "", "next", "in  may next  season", "é next summer é"],
        );
    }

    #[test]
    fn groups_report_their_text_and_place() {
        let a = Alternation::new("", &parts(&[r"(?P<n>[0-9]+)(?P<u>m)?"]), "").expect("valid");
        let t = "é 12m";
        let g = a.captures_iter(t).next().expect("a match");
        let n = g.name("n").expect("number");
        assert_eq!((n.start(), n.end(), n.len(), n.as_str()), (3, 5, 2, "12"));
        assert!(!n.is_empty());
        assert_eq!(g.name("u").map(|u| u.as_str()), Some("m"));
        assert_eq!(g.name("missing"), None);
        assert_eq!(g.get(0).map(|m| m.as_str()), Some("12m"));
    }

    #[test]
    fn invalid_parts_are_errors() {
        assert!(Alternation::new("", &parts(&["(", "x"]), "").is_err());
    }
}
