//! Stage 1: the document.
//!
//! In: the raw input text of one article and, optionally, its path and a
//! fallback publication date. Out: a [`Document`] that knows where the body
//! starts (after an optional `date YYYY-MM-DD` metadata prefix), the
//! publication date, and the paragraphs of the body as byte spans.
//!
//! Offsets are never rebased: every span is a byte range of the input exactly
//! as given, so later stages report offsets a user can slice the file with.

use jiff::civil::Date;

use crate::span::Span;

/// One input article.
#[derive(Clone, Debug)]
pub struct Document {
    /// Where the text came from; `None` for standard input.
    pub path: Option<String>,
    /// The input exactly as given.
    pub text: String,
    /// Byte offset where the article body starts (after the date prefix).
    pub body_start: usize,
    /// The publication date: the `date` prefix, else the fallback given.
    pub date: Option<Date>,
    /// The span of the `date YYYY-MM-DD` prefix, when there is one.
    pub date_span: Option<Span>,
    /// Paragraphs of the body: runs of text separated by blank lines.
    pub paragraphs: Vec<Span>,
}

impl Document {
    /// Reads the metadata prefix and the paragraphs of `text`.
    ///
    /// The prefix is `date YYYY-MM-DD` at the very start of the text, possibly
    /// after white space, followed by white space or the end of the text. A
    /// prefix whose date is not a real calendar date is treated as body text.
    /// `fallback_date` is used when there is no prefix.
    pub fn new(path: Option<String>, text: String, fallback_date: Option<Date>) -> Document {
        let (date_span, date, body_start) = match parse_prefix(&text) {
            Some((span, date, body)) => (Some(span), Some(date), body),
            None => (None, fallback_date, 0),
        };
        let paragraphs = paragraphs(&text, body_start);
        Document {
            path,
            text,
            body_start,
            date,
            date_span,
            paragraphs,
        }
    }

    /// The article body: the text after the date prefix.
    pub fn body(&self) -> &str {
        self.text.get(self.body_start..).unwrap_or("")
    }

    /// Index of the paragraph that holds byte `offset`, if any.
    pub fn paragraph_of(&self, offset: usize) -> Option<usize> {
        let i = self.paragraphs.partition_point(|p| p.end <= offset);
        self.paragraphs
            .get(i)
            .filter(|p| p.start <= offset)
            .map(|_| i)
    }
}

/// Finds `date YYYY-MM-DD` at the start of `text`: its span, the date, and the
/// offset where the body begins.
fn parse_prefix(text: &str) -> Option<(Span, Date, usize)> {
    let lead = text.len() - text.trim_start().len();
    let rest = &text[lead..];
    let after_kw = rest.strip_prefix("date")?;
    let ws = after_kw.len() - after_kw.trim_start_matches([' ', '\t']).len();
    if ws == 0 {
        return None;
    }
    let date_str = after_kw.get(ws..ws + 10)?;
    let date: Date = parse_ymd(date_str)?;
    let end = lead + 4 + ws + 10;
    // The date must be followed by white space or the end of the text.
    let tail = &text[end..];
    if tail.chars().next().is_some_and(|c| !c.is_whitespace()) {
        return None;
    }
    let body = end + (tail.len() - tail.trim_start().len());
    Some((Span::new(lead, end), date, body))
}

/// Parses exactly `YYYY-MM-DD` into a valid calendar date.
pub fn parse_ymd(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<i32> {
        let part = s.get(r)?;
        if !part.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        part.parse().ok()
    };
    let y = i16::try_from(digits(0..4)?).ok()?;
    let m = i8::try_from(digits(5..7)?).ok()?;
    let d = i8::try_from(digits(8..10)?).ok()?;
    Date::new(y, m, d).ok()
}

/// Splits `text[from..]` into paragraphs at blank lines (a line holding only
/// white space counts as blank). Each span is trimmed and non-empty.
fn paragraphs(text: &str, from: usize) -> Vec<Span> {
    let mut out = Vec::new();
    let mut para_start: Option<usize> = None;
    let mut para_end = from;
    let mut line_start = from;
    let body = text.get(from..).unwrap_or("");
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if let Some(s) = para_start.take() {
                out.push(Span::new(s, para_end));
            }
        } else {
            let lead = line.len() - line.trim_start().len();
            let s = line_start + lead;
            if para_start.is_none() {
                para_start = Some(s);
            }
            para_end = s + trimmed.len();
        }
        line_start += line.len();
    }
    if let Some(s) = para_start {
        out.push(Span::new(s, para_end));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_with_and_without_leading_space() {
        for text in ["date 2025-10-16 Body here.", " date 2025-10-16 Body here."] {
            let doc = Document::new(None, text.to_string(), None);
            assert_eq!(doc.date, parse_ymd("2025-10-16"));
            assert_eq!(doc.body(), "Body here.");
            let span = doc.date_span.expect("prefix found");
            assert_eq!(span.slice(text), "date 2025-10-16");
        }
    }

    #[test]
    fn no_prefix_uses_fallback() {
        let fallback = parse_ymd("2024-01-02");
        let doc = Document::new(None, "Arsenal want Rice.".into(), fallback);
        assert_eq!(doc.body_start, 0);
        assert_eq!(doc.date, fallback);
        assert!(doc.date_span.is_none());
    }

    #[test]
    fn impossible_date_is_body_text() {
        let doc = Document::new(None, "date 2025-02-30 text".into(), None);
        assert_eq!(doc.body_start, 0);
        assert_eq!(doc.date, None);
        let doc = Document::new(None, "date 2025-02-01x text".into(), None);
        assert_eq!(doc.body_start, 0);
        let doc = Document::new(None, "dated 2025-02-01 text".into(), None);
        assert_eq!(doc.body_start, 0);
    }

    #[test]
    fn paragraphs_split_at_blank_lines() {
        let text = "date 2025-01-01 One.\nStill one.\n\n  Two. \n \nThree";
        let doc = Document::new(None, text.into(), None);
        let got: Vec<&str> = doc.paragraphs.iter().map(|p| p.slice(text)).collect();
        assert_eq!(got, ["One.\nStill one.", "Two.", "Three"]);
        let two = text.find("Two").unwrap_or(0);
        assert_eq!(doc.paragraph_of(two), Some(1));
        assert_eq!(doc.paragraph_of(text.len() + 5), None);
    }

    #[test]
    fn empty_and_whitespace_inputs() {
        for text in ["", "   ", "date", "date 2025-01-01", "\n\n"] {
            let doc = Document::new(None, text.into(), None);
            assert!(doc.body_start <= text.len());
            assert!(doc.paragraphs.iter().all(|p| !p.is_empty()));
        }
        let doc = Document::new(None, "date 2025-01-01".into(), None);
        assert_eq!(doc.body(), "");
        assert!(doc.date.is_some());
    }
}
