//! Byte spans into the input text.
//!
//! Every offset the library reports is a byte offset into the input exactly as
//! it was given (the `date YYYY-MM-DD` prefix included), so that
//! `&input[span.start..span.end]` is the text the span names.
//!
//! Invariant: `start <= end`, and both lie on `char` boundaries of the text the
//! span was made for.

use serde::Serialize;

/// A half-open byte range `start..end` into the input text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Span {
    /// First byte of the range.
    pub start: usize,
    /// One past the last byte of the range.
    pub end: usize,
}

impl Span {
    /// Makes a span; `start` must not exceed `end`.
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end, "span start {start} after end {end}");
        Span { start, end }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no byte.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The text this span names. Returns `""` when the span does not fit `text`
    /// or does not lie on character boundaries, so a stale span never panics.
    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }

    /// True when `other` lies wholly inside this span.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the two spans share at least one byte.
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The smallest span covering both.
    pub fn cover(&self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slice_returns_named_text() {
        let text = "Konaté joins";
        let span = Span::new(0, "Konaté".len());
        assert_eq!(span.slice(text), "Konaté");
        assert_eq!(span.len(), 7);
    }

    #[test]
    fn slice_off_boundary_is_empty_not_panic() {
        let text = "é";
        assert_eq!(Span::new(0, 1).slice(text), "");
        assert_eq!(Span::new(0, 10).slice(text), "");
    }

    #[test]
    fn overlap_and_cover() {
        let a = Span::new(0, 5);
        let b = Span::new(4, 9);
        assert!(a.overlaps(b));
        assert!(!a.overlaps(Span::new(5, 6)));
        assert_eq!(a.cover(b), Span::new(0, 9));
        assert!(a.cover(b).contains(a));
    }
}
