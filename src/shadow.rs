//! Token text: a sentence with its mentions replaced by placeholder tokens.
//!
//! In: a range of the input and the spans of the things found in it, each
//! with a one-letter tag. Out: a [`Shadow`] whose text has every such span
//! replaced by `\u{E000}` + tag + index + `\u{E001}`, so that rule patterns
//! can say "a source here" (`{SRC}`) without knowing names; plus the map back
//! to input offsets.
//!
//! Tags: `c` club, `p` player, `o` outlet, `j` journalist, `s` person,
//! `a` unnamed source, `b` refer-back source phrase.

use std::fmt::Write;

use crate::span::Span;

/// Opens a token.
pub const OPEN: char = '\u{E000}';
/// Closes a token.
pub const CLOSE: char = '\u{E001}';

#[derive(Clone, Copy, Debug)]
struct Seg {
    shadow: usize,
    orig: Span,
    token: bool,
}

/// Token text of one range of the input.
#[derive(Clone, Debug, Default)]
pub struct Shadow {
    /// The text with tokens in place of the tagged spans.
    pub text: String,
    segs: Vec<Seg>,
}

impl Shadow {
    /// Builds the token text of `text[range]`. `items` are (span, tag) pairs;
    /// those that overlap an earlier one or fall outside the range are
    /// skipped. A token's number is the item's index in `items`.
    pub fn new(text: &str, range: Span, items: &[(Span, char)]) -> Shadow {
        let mut order: Vec<usize> = (0..items.len()).collect();
        order.sort_by_key(|&i| items[i].0.start);
        let mut out = Shadow {
            // Tokens are rarely longer than the names they replace.
            text: String::with_capacity(range.len() + 8 * items.len()),
            segs: Vec::with_capacity(2 * items.len() + 1),
        };
        let mut pos = range.start;
        for i in order {
            let (span, tag) = items[i];
            if span.start < pos || span.end > range.end || span.is_empty() {
                continue;
            }
            out.plain(text, pos, span.start);
            out.segs.push(Seg {
                shadow: out.text.len(),
                orig: span,
                token: true,
            });
            out.text.push(OPEN);
            out.text.push(tag);
            // The index in decimal, without a temporary string (writing
            // to a String cannot fail).
            let _ = write!(out.text, "{i}");
            out.text.push(CLOSE);
            pos = span.end;
        }
        out.plain(text, pos, range.end);
        out
    }

    fn plain(&mut self, text: &str, from: usize, to: usize) {
        if let Some(piece) = text.get(from..to) {
            if !piece.is_empty() {
                self.segs.push(Seg {
                    shadow: self.text.len(),
                    orig: Span::new(from, to),
                    token: false,
                });
                self.text.push_str(piece);
            }
        }
    }

    /// The input offset of shadow offset `pos`. Inside a token, its start
    /// maps to the token's start and any later offset to its end.
    pub fn to_input(&self, pos: usize) -> usize {
        let i = self.segs.partition_point(|s| s.shadow <= pos);
        let Some(seg) = i.checked_sub(1).and_then(|i| self.segs.get(i)) else {
            return self.segs.first().map_or(0, |s| s.orig.start);
        };
        if seg.token {
            if pos == seg.shadow {
                seg.orig.start
            } else {
                seg.orig.end
            }
        } else {
            (seg.orig.start + (pos - seg.shadow)).min(seg.orig.end)
        }
    }

    /// The input span of shadow range `start..end`.
    pub fn span(&self, start: usize, end: usize) -> Span {
        let s = self.to_input(start);
        let e = self.to_input(end).max(s);
        Span::new(s, e)
    }
}

/// Parses a token's number from the digits a pattern captured.
pub fn token_index(digits: &str) -> Option<usize> {
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_replace_spans_and_map_back() {
        let text = "Per Marca, Real Madrid want Konaté.";
        let items = [
            (Span::new(4, 9), 'o'),
            (Span::new(11, 22), 'c'),
            (Span::new(28, 35), 'p'),
        ];
        let sh = Shadow::new(text, Span::new(0, text.len()), &items);
        assert_eq!(
            sh.text,
            "Per \u{E000}o0\u{E001}, \u{E000}c1\u{E001} want \u{E000}p2\u{E001}."
        );
        let want = sh.text.find("want").expect("plain text kept");
        assert_eq!(sh.to_input(want), text.find("want").expect("in input"));
        let tok = sh.text.find('\u{E000}').expect("token");
        assert_eq!(sh.span(tok, tok + 5), Span::new(4, 9));
        assert_eq!(sh.to_input(sh.text.len()), text.len());
    }

    #[test]
    fn overlapping_and_outside_items_are_skipped() {
        let text = "abc def";
        let items = [
            (Span::new(0, 3), 'c'),
            (Span::new(1, 5), 'p'),
            (Span::new(5, 99), 'o'),
        ];
        let sh = Shadow::new(text, Span::new(0, text.len()), &items);
        assert_eq!(sh.text, "\u{E000}c0\u{E001} def");
    }
}
