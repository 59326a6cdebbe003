//! Folded text: the form names are matched in.
//!
//! In: a slice of the input. Out: [`Folded`], an ASCII string in which letters
//! are lower-cased and stripped of accents (`Konaté` → `konate`, `Ødegaard` →
//! `odegaard`, `ß` → `ss`), hyphens and white-space runs become one space,
//! curly apostrophes become `'`, and zero-width characters vanish; plus a map
//! from every folded byte back to the input byte it came from.
//!
//! Invariant: `map.len() == folded.len()`, every entry is the offset (into the
//! original text) of the start of the character that produced that byte, and
//! the entries never decrease.

/// Folds one name or phrase to its matching form, without an offset map.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, 0, &mut out, None);
    out.trim_end().to_string()
}

/// A folded copy of (part of) the input, with its offset map.
#[derive(Clone, Debug, Default)]
pub struct Folded {
    /// The folded text: ASCII only.
    pub text: String,
    /// For each byte of `text`, the input offset of the character it came from.
    pub map: Vec<u32>,
}

impl Folded {
    /// Folds `src`, whose first byte is at `base` in the original input.
    ///
    /// Offsets are stored as `u32`: inputs beyond 4 GiB are not supported by
    /// the matcher (the caller splits such input into documents first).
    pub fn new(src: &str, base: usize) -> Folded {
        let mut text = String::with_capacity(src.len());
        let mut map = Vec::with_capacity(src.len());
        fold_into(src, base, &mut text, Some(&mut map));
        Folded { text, map }
    }

    /// The input offset where folded byte `i` came from; `end_of` for ends.
    pub fn start_of(&self, i: usize) -> usize {
        self.map.get(i).map_or(0, |&o| o as usize)
    }

    /// The input offset just past the character that produced folded byte
    /// `i - 1`, given the original input: the end of a match ending at `i`.
    pub fn end_of(&self, i: usize, original: &str) -> usize {
        if i == 0 {
            return self.start_of(0);
        }
        let start = self.start_of(i - 1);
        let len = original
            .get(start..)
            .and_then(|s| s.chars().next())
            .map_or(0, char::len_utf8);
        start + len
    }
}

/// Is `c` an apostrophe of any form?
pub fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{00B4}' | '`'
    )
}

fn is_zero_width(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

fn fold_into(src: &str, base: usize, out: &mut String, mut map: Option<&mut Vec<u32>>) {
    let push = |out: &mut String, map: &mut Option<&mut Vec<u32>>, b: char, at: usize| {
        out.push(b);
        if let Some(map) = map.as_deref_mut() {
            map.push(u32::try_from(at).unwrap_or(u32::MAX));
        }
    };
    let mut last_space = true; // no leading space
    for (i, c) in src.char_indices() {
        let at = base + i;
        if c.is_ascii_alphanumeric() {
            push(out, &mut map, c.to_ascii_lowercase(), at);
            last_space = false;
        } else if c.is_whitespace() || is_hyphen(c) {
            if !last_space {
                push(out, &mut map, ' ', at);
                last_space = true;
            }
        } else if c.is_ascii() {
            push(out, &mut map, c, at);
            last_space = false;
        } else if is_apostrophe(c) {
            push(out, &mut map, '\'', at);
            last_space = false;
        } else if is_zero_width(c) {
        } else if c.is_alphanumeric() {
            let ascii = deunicode::deunicode_char(c).unwrap_or("");
            let mut any = false;
            for a in ascii.chars().filter(char::is_ascii_alphanumeric) {
                push(out, &mut map, a.to_ascii_lowercase(), at);
                any = true;
            }
            if !any {
                // A letter with no Latin reading still separates words.
                push(out, &mut map, '_', at);
            }
            last_space = false;
        } else {
            // Symbols, emoji, dashes and other punctuation: a word boundary.
            if !last_space {
                push(out, &mut map, ' ', at);
                last_space = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_and_letter_variants() {
        assert_eq!(fold("Konaté"), "konate");
        assert_eq!(fold("Ødegaard"), "odegaard");
        assert_eq!(fold("Šeško"), "sesko");
        assert_eq!(fold("Müller-Weiß"), "muller weiss");
        assert_eq!(fold("Gibbs-White"), fold("Gibbs White"));
        assert_eq!(fold("O’Connor"), "o'connor");
        assert_eq!(fold("Real\n  Madrid"), "real madrid");
    }

    #[test]
    fn map_points_back_to_input() {
        let text = "Le Konaté’s deal";
        let f = Folded::new(text, 0);
        assert_eq!(f.map.len(), f.text.len());
        let at = f.text.find("konate's").expect("folded name");
        let start = f.start_of(at);
        let end = f.end_of(at + "konate".len(), text);
        assert_eq!(&text[start..end], "Konaté");
        let end_s = f.end_of(at + "konate's".len(), text);
        assert_eq!(&text[start..end_s], "Konaté’s");
    }

    #[test]
    fn base_offset_is_added() {
        let text = "xx Ødegaard";
        let f = Folded::new(&text[3..], 3);
        assert_eq!(f.text, "odegaard");
        assert_eq!(f.start_of(0), 3);
        assert_eq!(f.end_of(f.text.len(), text), text.len());
    }

    #[test]
    fn emoji_and_zero_width_do_not_join_words() {
        assert_eq!(fold("READ NEXT 🔴 Real"), "read next real");
        assert_eq!(fold("Sa\u{200B}ka"), "saka");
        assert_eq!(fold("a—b"), "a b");
    }

    #[test]
    fn map_never_decreases() {
        let text = "Çalhanoğlu – “Inter” 🔴 ﬁne ß";
        let f = Folded::new(text, 0);
        assert!(f.map.windows(2).all(|w| w[0] <= w[1]));
        assert!(f.map.iter().all(|&o| text.is_char_boundary(o as usize)));
    }
}
