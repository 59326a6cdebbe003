//! Stage 1: the document.
//!
//! In: the raw input text of one article and, optionally, its path and a
//! fallback publication date. Out: a [`Document`] that knows where the body
//! starts (after an optional `date YYYY-MM-DD` metadata prefix), the
//! publication date, and the paragraphs of the body as byte spans.
//!
//! Offsets are never rebased: every span is a byte range of the input exactly
//! as given, so later stages report offsets a user can slice the file with.
//!
//! Text from the web is taken as it comes: a UTF-8 byte-order mark at the
//! start is skipped (it is neither prefix nor body), and lines may end with
//! `\n`, `\r\n`, a lone `\r`, a vertical tab or a form feed, or U+2028; a
//! blank line or U+2029 (paragraph separator) ends a paragraph.

use jiff::civil::Date;

use crate::span::Span;

/// One input article.
#[derive(Clone, Debug)]
pub struct Document {
    /// Where the text came from; `None` for standard input.
    pub path: Option<String>,
    /// The input exactly as given.
    pub text: String,
    /// Byte offset where the article body starts (after the date prefix, or
    /// after a byte-order mark when there is no prefix).
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
    /// after a byte-order mark and white space, followed by white space or the
    /// end of the text. A
    /// prefix whose date is not a real calendar date is treated as body text.
    /// `fallback_date` is used when there is no prefix.
    pub fn new(path: Option<String>, text: String, fallback_date: Option<Date>) -> Document {
        let (date_span, date, body_start) = match parse_prefix(&text) {
            Some((span, date, body)) => (Some(span), Some(date), body),
            None => (None, fallback_date, bom_len(&text)),
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
    let bom = bom_len(text);
    let lead = text.len() - text[bom..].trim_start().len();
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

/// Length of the UTF-8 byte-order mark at the start of `text` (0 or 3).
fn bom_len(text: &str) -> usize {
    if text.starts_with('\u{FEFF}') {
        '\u{FEFF}'.len_utf8()
    } else {
        0
    }
}

/// A line break at the start of `rest`: its length in bytes and whether it
/// also ends the paragraph. `\r\n` is one break; a lone `\r` is one too.
fn line_break(rest: &str) -> Option<(usize, bool)> {
    let c = rest.chars().next()?;
    match c {
        '\n' | '\u{0B}' | '\u{0C}' | '\u{2028}' => Some((c.len_utf8(), false)),
        '\r' => Some((
            if rest.as_bytes().get(1) == Some(&b'\n') {
                2
            } else {
                1
            },
            false,
        )),
        '\u{2029}' => Some((c.len_utf8(), true)),
        _ => None,
    }
}

/// Splits `text[from..]` into paragraphs at blank lines (a line holding only
/// white space counts as blank) and paragraph separators. Each span is
/// trimmed and non-empty.
fn paragraphs(text: &str, from: usize) -> Vec<Span> {
    let mut out = Vec::new();
    let mut para_start: Option<usize> = None;
    let mut para_end = from;
    let body = text.get(from..).unwrap_or("");
    let mut line_start = 0;
    let mut i = 0;
    let bytes = body.as_bytes();
    while i <= body.len() {
        // Line breaks are ASCII or start with 0xE2 (U+2028, U+2029).
        let brk = match bytes.get(i) {
            None => Some((0, false)),
            Some(b'\n' | b'\r' | 0x0B | 0x0C | 0xE2) => body.get(i..).and_then(line_break),
            Some(_) => None,
        };
        let Some((len, ends_paragraph)) = brk else {
            i += 1;
            continue;
        };
        let line = body.get(line_start..i).unwrap_or("");
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if let Some(s) = para_start.take() {
                out.push(Span::new(s, para_end));
            }
        } else {
            let lead = line.len() - line.trim_start().len();
            let s = from + line_start + lead;
            if para_start.is_none() {
                para_start = Some(s);
            }
            para_end = s + trimmed.len();
            if ends_paragraph {
                if let Some(s) = para_start.take() {
                    out.push(Span::new(s, para_end));
                }
            }
        }
        if len == 0 {
            break;
        }
        i += len;
        line_start = i;
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

    #[test]
    fn byte_order_mark_before_the_prefix_is_skipped() {
        let text = "\u{FEFF}date 2025-10-16 Arsenal want Rice.";
        let doc = Document::new(None, text.into(), None);
        assert_eq!(doc.date, parse_ymd("2025-10-16"));
        assert_eq!(doc.body(), "Arsenal want Rice.");
        let span = doc.date_span.expect("prefix found after the mark");
        assert_eq!(span.slice(text), "date 2025-10-16");
        assert_eq!(span.start, 3);
    }

    #[test]
    fn byte_order_mark_without_prefix_is_not_body() {
        let text = "\u{FEFF}Arsenal want Rice.";
        let doc = Document::new(None, text.into(), None);
        assert_eq!(doc.body_start, 3);
        assert_eq!(doc.body(), "Arsenal want Rice.");
        assert_eq!(doc.paragraphs[0].slice(text), "Arsenal want Rice.");
    }

    #[test]
    fn crlf_blank_lines_separate_paragraphs() {
        let text = "date 2025-01-01 One.\r\nStill one.\r\n\r\nTwo.\r\n \r\nThree\r\n";
        let doc = Document::new(None, text.into(), None);
        let got: Vec<&str> = doc.paragraphs.iter().map(|p| p.slice(text)).collect();
        assert_eq!(got, ["One.\r\nStill one.", "Two.", "Three"]);
    }

    #[test]
    fn lone_cr_form_feed_and_separators_are_line_breaks() {
        let text = "One.\rStill one.\r\rTwo.\u{0C}\u{0C}Three.\u{2029}Four.\u{2028}Still four.";
        let doc = Document::new(None, text.into(), None);
        let got: Vec<&str> = doc.paragraphs.iter().map(|p| p.slice(text)).collect();
        assert_eq!(
            got,
            [
                "One.\rStill one.",
                "Two.",
                "Three.",
                "Four.\u{2028}Still four."
            ]
        );
    }
}
