//! Regular expressions guarded by the words every match holds.
//!
//! In: a case-insensitive regular expression and a few literals, one of
//! which every match of it contains. Out: [`Guarded::is_match`], the
//! regex's own answer, found by a literal search alone when none of the
//! literals occurs in the text, which for word lists such as the negations
//! before a trigger is most texts. (A regex that must match at the end of
//! the text, or that spells its words in either case, gets no such
//! shortcut from the regex engine itself.)
//!
//! A regex that ends with a tail that must reach the end of the text ("a
//! negation, then at most five words, then the end") may be given in two
//! parts, [`Guarded::ending`]: its head is searched forward, and the tail
//! is tried only from where a head match ends. A search backwards from the
//! end, which is what the regex engine does with such a pattern, builds
//! automaton states for every new text; the head's forward search does not.
//!
//! Invariant, the caller's: every match of the regex contains one of the
//! literals, compared ignoring ASCII case. For a regex given in two parts,
//! also: from any position, the head matches in at most one way that the
//! tail can follow (its alternatives cannot both match at one place, as
//! whole words ending at a word boundary cannot). The literals may not hold the
//! letters `k` and `s`: case-insensitive matching takes the Kelvin sign for
//! `k` and the long s `ſ` for `s`, which a literal search ignoring ASCII
//! case would not (building refuses them). Tests hold each guarded regex
//! of the crate against its plain search.

use aho_corasick::AhoCorasick;
use regex::Regex;
use regex_automata::{Anchored, Input};

/// A regex with the literals that every match of it contains.
#[derive(Clone, Debug)]
pub struct Guarded {
    words: AhoCorasick,
    regex: Regex,
    /// The regex in two parts, when given so.
    parts: Option<Parts>,
}

/// A regex ending at the end of the text, as a head and a tail.
#[derive(Clone, Debug)]
struct Parts {
    /// The head, searched forward.
    head: Regex,
    /// The tail followed by the end of the text, tried anchored where a
    /// head match ends.
    tail: regex_automata::meta::Regex,
}

/// Why a guarded regex could not be built.
#[derive(Debug, thiserror::Error)]
pub enum GuardError {
    /// The pattern does not compile.
    #[error("bad pattern: {0}")]
    Pattern(#[from] regex::Error),
    /// A literal holds a letter case folding reaches from outside ASCII.
    #[error(
        "literal {0:?} holds `k` or `s`, which case folding also reaches from `K` (Kelvin) or `ſ`"
    )]
    Folded(String),
    /// The tail of a regex given in two parts does not compile.
    #[error("bad tail pattern: {0}")]
    Tail(String),
    /// No literals, or the literal searcher could not be built.
    #[error("bad literals: {0}")]
    Literals(String),
}

impl Guarded {
    /// Compiles `pattern`, guarded by `words` (see the module's invariant).
    pub fn new(pattern: &str, words: &[&str]) -> Result<Guarded, GuardError> {
        Ok(Guarded {
            words: Self::literals(words)?,
            regex: Regex::new(pattern)?,
            parts: None,
        })
    }

    /// Compiles the regex `(?:head)(?:tail)$`, guarded by `words`, and
    /// searched as its two parts (see the module's invariant). Flags set in
    /// one part do not reach the other.
    pub fn ending(head: &str, tail: &str, words: &[&str]) -> Result<Guarded, GuardError> {
        let tail_regex = regex_automata::meta::Regex::new(&format!("(?:{tail})$"))
            .map_err(|e| GuardError::Tail(e.to_string()))?;
        Ok(Guarded {
            words: Self::literals(words)?,
            regex: Regex::new(&format!("(?:{head})(?:{tail})$"))?,
            parts: Some(Parts {
                head: Regex::new(head)?,
                tail: tail_regex,
            }),
        })
    }

    /// The literal searcher over `words`.
    fn literals(words: &[&str]) -> Result<AhoCorasick, GuardError> {
        if let Some(w) = words.iter().find(|w| {
            w.bytes()
                .any(|b| matches!(b.to_ascii_lowercase(), b'k' | b's'))
        }) {
            return Err(GuardError::Folded(w.to_string()));
        }
        if words.is_empty() {
            return Err(GuardError::Literals("none given".into()));
        }
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(words)
            .map_err(|e| GuardError::Literals(e.to_string()))
    }

    /// Whether the regex matches `text`: false at once when no literal
    /// occurs in it.
    pub fn is_match(&self, text: &str) -> bool {
        if !self.words.is_match(text) {
            return false;
        }
        let Some(parts) = &self.parts else {
            return self.regex.is_match(text);
        };
        // Every place the head matches, each tried for the tail.
        let mut at = 0;
        while let Some(m) = parts.head.find_at(text, at) {
            let rest = Input::new(text).range(m.end()..).anchored(Anchored::Yes);
            if parts.tail.is_match(rest) {
                return true;
            }
            let step = text
                .get(m.start()..)
                .and_then(|r| r.chars().next())
                .map_or(1, char::len_utf8);
            at = m.start() + step;
            if at > text.len() {
                break;
            }
        }
        false
    }

    /// The regex itself.
    pub fn regex(&self) -> &Regex {
        &self.regex
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guard_decides_only_when_no_literal_occurs() {
        let g = Guarded::new(r"(?i)\b(?:deny|denies|denied)\b", &["den"]).expect("builds");
        assert!(g.is_match("The club DENIED it."));
        // "den" occurs, the regex decides: no whole word.
        assert!(!g.is_match("A hidden clause."));
        assert!(!g.is_match("Nothing to see."));
    }

    #[test]
    fn a_regex_in_two_parts_tries_every_head_match_for_the_tail() {
        let g = Guarded::ending(r"(?i)\bno\b", r"(?:\s+\w+){0,1}\s*", &["no"]).expect("builds");
        // The first "no" has three words after it, the second one.
        assert!(g.is_match("No way, no more"));
        assert!(g.is_match("no "));
        assert!(!g.is_match("no way back"));
        // A head match inside a word is none: "now", "piano".
        assert!(!g.is_match("now or piano"));
        for text in [
            "No way, no more",
            "no ",
            "no way back",
            "now or piano",
            "no, then",
        ] {
            assert_eq!(g.is_match(text), g.regex().is_match(text), "{text:?}");
        }
    }

    #[test]
    fn the_tail_sees_the_text_before_it() {
        // The tail's word boundary looks at the head's last byte.
        let g = Guarded::ending(r"(?i)no", r"\b\s*", &["no"]).expect("builds");
        assert!(!g.is_match("nox"));
        assert!(g.is_match("no"));
        assert!(!g.is_match("noo"));
        assert!(g.is_match("snoo no"));
    }

    #[test]
    fn literals_case_folding_reaches_are_refused() {
        assert!(matches!(
            Guarded::new(r"(?i)ask", &["ask"]),
            Err(GuardError::Folded(_))
        ));
        assert!(matches!(
            Guarded::new(r"(?i)SIGN", &["SIGN"]),
            Err(GuardError::Folded(_))
        ));
        assert!(matches!(
            Guarded::new(r"(?i)x", &[]),
            Err(GuardError::Literals(_))
        ));
        assert!(matches!(
            Guarded::new(r"(?i)(", &["x"]),
            Err(GuardError::Pattern(_))
        ));
        assert!(matches!(
            Guarded::ending(r"(?i)x", r"(", &["x"]),
            Err(GuardError::Tail(_))
        ));
    }

    #[test]
    fn the_folded_letters_the_guard_avoids_do_match_the_regex() {
        // Why `k` and `s` are refused: the regex takes the Kelvin sign and
        // the long s for them.
        let r = Regex::new(r"(?i)ask").expect("valid");
        assert!(r.is_match("a\u{17F}\u{212A}"));
    }
}
