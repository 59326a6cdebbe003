//! Stage 2: sentences (provisional splitter; replaced by the full one).
use crate::span::Span;

/// Splits `text[from..]` into trimmed sentence spans.
pub fn split(text: &str, from: usize) -> Vec<Span> {
    let mut out = Vec::new();
    let Some(body) = text.get(from..) else {
        return out;
    };
    let mut start = from;
    let push = |s: usize, e: usize, out: &mut Vec<Span>| {
        let t = &text[s..e];
        let lead = t.len() - t.trim_start().len();
        let tt = t.trim();
        if !tt.is_empty() {
            out.push(Span::new(s + lead, s + lead + tt.len()));
        }
    };
    let bytes = body.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let end_here = (matches!(b, b'.' | b'!' | b'?')
            && bytes.get(i + 1).is_none_or(|c| c.is_ascii_whitespace()))
            || (b == b'\n');
        if end_here {
            push(start, from + i + 1, &mut out);
            start = from + i + 1;
        }
        i += 1;
    }
    push(start, text.len(), &mut out);
    out
}
