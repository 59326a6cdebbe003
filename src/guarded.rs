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
//! Invariant, the caller's: every match of the regex contains one of the
//! literals, compared ignoring ASCII case. The literals may not hold the
//! letters `k` and `s`: case-insensitive matching takes the Kelvin sign for
//! `k` and the long s `ſ` for `s`, which a literal search ignoring ASCII
//! case would not (building refuses them). Tests hold each guarded regex
//! of the crate against its plain search.

use aho_corasick::AhoCorasick;
use regex::Regex;

/// A regex with the literals that every match of it contains.
#[derive(Clone, Debug)]
pub struct Guarded {
    words: AhoCorasick,
    regex: Regex,
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
    /// No literals, or the literal searcher could not be built.
    #[error("bad literals: {0}")]
    Literals(String),
}

impl Guarded {
    /// Compiles `pattern`, guarded by `words` (see the module's invariant).
    pub fn new(pattern: &str, words: &[&str]) -> Result<Guarded, GuardError> {
        if let Some(w) = words.iter().find(|w| {
            w.bytes()
                .any(|b| matches!(b.to_ascii_lowercase(), b'k' | b's'))
        }) {
            return Err(GuardError::Folded(w.to_string()));
        }
        if words.is_empty() {
            return Err(GuardError::Literals("none given".into()));
        }
        let words = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(words)
            .map_err(|e| GuardError::Literals(e.to_string()))?;
        Ok(Guarded {
            words,
            regex: Regex::new(pattern)?,
        })
    }

    /// Whether the regex matches `text`: false at once when no literal
    /// occurs in it.
    pub fn is_match(&self, text: &str) -> bool {
        self.words.is_match(text) && self.regex.is_match(text)
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
    }

    #[test]
    fn the_folded_letters_the_guard_avoids_do_match_the_regex() {
        // Why `k` and `s` are refused: the regex takes the Kelvin sign and
        // the long s for them.
        let r = Regex::new(r"(?i)ask").expect("valid");
        assert!(r.is_match("a\u{17F}\u{212A}"));
    }
}
