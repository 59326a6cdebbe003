//! Clauses and parentheticals inside a sentence.
//!
//! In: a sentence span of the input. Out: the clause around a position (the
//! sentence cut at semicolons, dashes and the conjunctions that open a new
//! statement), and the parenthetical insertions of the sentence (", who
//! ...,", "– ... –", "(...)") whose names are not the main clause's
//! arguments.

use std::sync::LazyLock;

use memchr::{memchr, memmem};
use regex::Regex;

use crate::span::Span;

fn re(p: &str) -> Regex {
    Regex::new(p).unwrap_or_else(|e| panic!("built-in pattern {p}: {e}"))
}

/// Clause boundaries inside a sentence.
static CLAUSE_BREAK: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\s*;\s*|\s+[–—]\s+|,?\s+but\s+|,\s+(?:while|whilst|although|though|with|and|as|who|which|whose|after|before|since|so|yet|where)\s+|\s+(?:while|whilst|although)\s+",
    )
});

/// Parenthetical insertions.
static PARENTHETICAL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r",\s+(?:who|which|whose|where)(?-u:\b)[^,;–—()]*,|\s[–—]\s[^–—;]{1,120}?\s[–—]\s|\([^()]*\)",
    )
});

/// The relative pronouns the first form of [`PARENTHETICAL`] needs (`whose`
/// holds `who`), as byte searchers.
static RELATIVE: LazyLock<[memmem::Finder<'static>; 3]> = LazyLock::new(|| {
    [
        memmem::Finder::new("who"),
        memmem::Finder::new("which"),
        memmem::Finder::new("where"),
    ]
});

/// False only when `s` cannot hold a match of [`PARENTHETICAL`]: each form
/// needs a comma and a relative pronoun, two dashes, or both brackets.
fn may_hold_parenthetical(s: &[u8]) -> bool {
    let relative = memchr(b',', s).is_some() && RELATIVE.iter().any(|f| f.find(s).is_some());
    // En and em dashes are E2 80 93 and E2 80 94 in UTF-8.
    let dashes = || {
        memchr::memchr_iter(0xE2, s)
            .filter(|&i| s.get(i + 1) == Some(&0x80) && matches!(s.get(i + 2), Some(0x93 | 0x94)))
            .nth(1)
            .is_some()
    };
    let brackets = || memchr(b'(', s).is_some() && memchr(b')', s).is_some();
    relative || dashes() || brackets()
}

/// The parenthetical insertions of `sentence`, as input spans.
pub fn parentheticals(text: &str, sentence: Span) -> Vec<Span> {
    let s = sentence.slice(text);
    if !may_hold_parenthetical(s.as_bytes()) {
        return Vec::new();
    }
    PARENTHETICAL
        .find_iter(s)
        .map(|m| Span::new(sentence.start + m.start(), sentence.start + m.end()))
        .collect()
}

/// The clause of `sentence` that holds `at`. A parenthetical that does not
/// hold `at` is read through, so "The 26-year-old, who plays for France, is
/// out of contract" keeps its subject.
pub fn clause_of(text: &str, sentence: Span, at: Span) -> Span {
    clause_within(text, sentence, &parentheticals(text, sentence), at)
}

/// [`clause_of`] with the sentence's parentheticals already found.
pub fn clause_within(text: &str, sentence: Span, parens: &[Span], at: Span) -> Span {
    if let Some(p) = parens
        .iter()
        .find(|p| p.start <= at.start && at.end <= p.end)
    {
        return *p;
    }
    let s = sentence.slice(text);
    let mut start = sentence.start;
    for m in CLAUSE_BREAK.find_iter(s) {
        let (bs, be) = (sentence.start + m.start(), sentence.start + m.end());
        if parens.iter().any(|p| p.start <= bs && be <= p.end) {
            continue;
        }
        if bs >= at.end {
            return Span::new(start, bs);
        }
        if be <= at.start {
            start = be;
        }
    }
    Span::new(start, sentence.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clause(text: &str, word: &str) -> String {
        let at = text
            .find(word)
            .map(|i| Span::new(i, i + word.len()))
            .expect("word in text");
        clause_of(text, Span::new(0, text.len()), at)
            .slice(text)
            .to_string()
    }

    #[test]
    fn cuts_at_conjunctions() {
        let t = "Arsenal want Rice, but Chelsea are in talks with Palmer.";
        assert_eq!(clause(t, "talks"), "Chelsea are in talks with Palmer.");
        assert_eq!(clause(t, "want"), "Arsenal want Rice");
        let t = "Saka is out of contract in 2027, with Madrid keen on him.";
        assert_eq!(clause(t, "keen"), "Madrid keen on him.");
    }

    #[test]
    fn reads_through_relative_clauses() {
        let t = "The 24-year-old, who plays with Saka for England, is out of contract at Arsenal.";
        assert_eq!(clause(t, "out of contract"), t);
        assert_eq!(clause(t, "plays"), ", who plays with Saka for England,");
        let p = parentheticals(t, Span::new(0, t.len()));
        assert_eq!(p.len(), 1);
    }

    #[test]
    fn dash_pairs_and_brackets_are_parentheticals() {
        let t = "Their top priority – as of now – is still Wirtz (Bild).";
        let p: Vec<&str> = parentheticals(t, Span::new(0, t.len()))
            .iter()
            .map(|s| s.slice(t))
            .collect();
        assert_eq!(p, [" – as of now – ", "(Bild)"]);
        // Em dashes too, one of each kind, and a single dash is no pair.
        for t in [
            "Their top priority — as of now — is Wirtz.",
            "Their top priority – as of now — is Wirtz.",
        ] {
            let p = parentheticals(t, Span::new(0, t.len()));
            assert_eq!(p.len(), 1, "{t}");
        }
        let t = "Their top priority – as of now, is Wirtz.";
        assert!(parentheticals(t, Span::new(0, t.len())).is_empty());
    }

    #[test]
    fn pre_check_skips_only_sentences_without_parentheticals() {
        use proptest::prelude::*;
        const PIECES: &[&str] = &[
            ",",
            " ",
            "who",
            "whose",
            "which",
            "where",
            "Who",
            "wh",
            "o",
            "–",
            "—",
            "-",
            "(",
            ")",
            "[",
            ";",
            "é",
            "’",
            "\u{2013}\u{2014}",
            "Saka",
            "plays",
        ];
        let piece = proptest::sample::select(PIECES);
        let input = proptest::collection::vec(piece, 0..20);
        let mut runner = proptest::test_runner::TestRunner::default();
        let result = runner.run(&input, |pieces| {
            let s: String = pieces.concat();
            if !may_hold_parenthetical(s.as_bytes()) {
                prop_assert!(PARENTHETICAL.find(&s).is_none(), "{:?}", s);
            }
            Ok(())
        });
        assert!(result.is_ok(), "{result:?}");
        for (s, may) in [
            ("Saka, whose deal runs out, stays.", true),
            ("Saka – for now – stays.", true),
            ("Saka (Arsenal) stays.", true),
            ("Saka, Who plays, stays; (or not.", false),
            ("Saka – for now, stays.", false),
        ] {
            assert_eq!(may_hold_parenthetical(s.as_bytes()), may, "{s}");
        }
    }
}
