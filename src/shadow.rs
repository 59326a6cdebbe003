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

use crate::span::Span;

/// Opens a token.
pub const OPEN: char = '\u{E000}';
/// Closes a token.
pub const CLOSE: char = '\u{E001}';

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
        // Items by start, ties in the order given: the given order itself
        // when it is already so (the usual case), without sorting.
        if items.is_sorted_by_key(|item| item.0.start) {
            Shadow::build(text, range, items, 0..items.len())
        } else {
            let mut order: Vec<usize> = (0..items.len()).collect();
            order.sort_by_key(|&i| items.get(i).map_or(0, |item| item.0.start));
            Shadow::build(text, range, items, order)
        }
    }

    /// [`Shadow::new`] with the items taken in `order` (indices into
    /// `items`, by start).
    fn build(
        text: &str,
        range: Span,
        items: &[(Span, char)],
        order: impl IntoIterator<Item = usize>,
    ) -> Shadow {
        let mut out = Shadow {
            // Tokens are rarely longer than the names they replace.
            text: String::with_capacity(range.len() + 8 * items.len()),
            segs: Vec::with_capacity(2 * items.len() + 1),
        };
        let mut pos = range.start;
        for i in order {
            if let Some(&item) = items.get(i) {
                out.token(text, range, &mut pos, i, item);
            }
        }
        out.plain(text, pos, range.end);
        out
    }

    /// Appends the plain text from `*pos` and then the token of item `i`
    /// (`item` is `items[i]`), and moves `*pos` past it; an item that
    /// starts before `*pos`, ends past `range` or is empty adds nothing.
    fn token(&mut self, text: &str, range: Span, pos: &mut usize, i: usize, item: (Span, char)) {
        let (span, tag) = item;
        if span.start < *pos || span.end > range.end || span.is_empty() {
            return;
        }
        self.plain(text, *pos, span.start);
        self.segs.push(Seg {
            shadow: self.text.len(),
            orig: span,
            token: true,
        });
        self.text.push(OPEN);
        self.text.push(tag);
        push_decimal(&mut self.text, i);
        self.text.push(CLOSE);
        *pos = span.end;
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

/// Appends `n` in decimal (ASCII digits, no sign or padding), as
/// `write!(out, "{n}")` would.
fn push_decimal(out: &mut String, n: usize) {
    // usize::MAX has 20 digits.
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            // `rest % 10` is below 10, so the cast keeps it.
            *d = b'0' + (rest % 10) as u8;
        }
        rest /= 10;
        if rest == 0 || at == 0 {
            break;
        }
    }
    for &d in digits.get(at..).unwrap_or(&[]) {
        out.push(char::from(d));
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
        // Given in another order, items are still taken by start, and
        // numbered as given.
        let sh = Shadow::new(
            text,
            Span::new(0, text.len()),
            &[items[2], items[0], items[1]],
        );
        assert_eq!(
            sh.text,
            "Per \u{E000}o1\u{E001}, \u{E000}c2\u{E001} want \u{E000}p0\u{E001}."
        );
    }

    #[test]
    fn numbers_are_written_in_decimal() {
        for n in [0, 7, 9, 10, 42, 99, 100, 1234, 1_000_000, usize::MAX] {
            let mut s = String::from("x");
            push_decimal(&mut s, n);
            assert_eq!(s, format!("x{n}"));
        }
    }

    /// The token text as first written: items sorted by start, numbers
    /// formatted; (text, segments).
    fn plain_shadow(text: &str, range: Span, items: &[(Span, char)]) -> (String, Vec<Seg>) {
        let mut order: Vec<usize> = (0..items.len()).collect();
        order.sort_by_key(|&i| items[i].0.start);
        let mut out = String::new();
        let mut segs = Vec::new();
        let plain = |out: &mut String, segs: &mut Vec<Seg>, from: usize, to: usize| {
            if let Some(piece) = text.get(from..to).filter(|p| !p.is_empty()) {
                segs.push(Seg {
                    shadow: out.len(),
                    orig: Span::new(from, to),
                    token: false,
                });
                out.push_str(piece);
            }
        };
        let mut pos = range.start;
        for i in order {
            let (span, tag) = items[i];
            if span.start < pos || span.end > range.end || span.is_empty() {
                continue;
            }
            plain(&mut out, &mut segs, pos, span.start);
            segs.push(Seg {
                shadow: out.len(),
                orig: span,
                token: true,
            });
            out.push_str(&format!("{OPEN}{tag}{i}{CLOSE}"));
            pos = span.end;
        }
        plain(&mut out, &mut segs, pos, range.end);
        (out, segs)
    }

    proptest::proptest! {
        /// Items in any order, sorted or not, overlapping or not, give the
        /// token text of the plain construction.
        #[test]
        fn same_as_the_plain_construction(
            text in "[a-z ]{36,40}",
            raw in proptest::collection::vec((0usize..36, 0usize..6, 0usize..5), 0..14),
            sort in proptest::bool::ANY,
        ) {
            let tags = ['c', 'p', 'o', 'j', 's'];
            let mut items: Vec<(Span, char)> = raw
                .iter()
                .map(|&(start, len, t)| (Span::new(start, start + len), tags[t]))
                .collect();
            if sort {
                items.sort_by_key(|item| item.0.start);
            }
            let range = Span::new(text.len().min(3), text.len());
            let sh = Shadow::new(&text, range, &items);
            let (want_text, want_segs) = plain_shadow(&text, range, &items);
            proptest::prop_assert_eq!(&sh.text, &want_text);
            proptest::prop_assert_eq!(&sh.segs, &want_segs);
        }
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
