//! Folded text: the form names are matched in.
//!
//! In: a slice of the input. Out: [`Folded`], an ASCII string in which letters
//! are lower-cased and stripped of accents (`Konaté` → `konate`, `Ødegaard` →
//! `odegaard`, `ß` → `ss`), hyphens and white-space runs become one space,
//! curly apostrophes become `'`, and zero-width characters vanish; plus a map
//! from every folded byte back to the input byte it came from.
//!
//! Web text is folded as a reader sees it, never rewritten: an HTML tag
//! (`<a href="/Liverpool" title="Real Madrid">`, `</p>`, `<!-- ... -->`)
//! folds to a word boundary, so nothing inside a tag is ever matched as a
//! name; a character reference (`&amp;`, `&#8217;`, `&#x2019;`, `&eacute;`)
//! folds as the character it stands for, so `Brighton &amp; Hove Albion`
//! and `O&#8217;Connor` match their names. Offsets still point into the
//! input as given: a decoded character maps to its reference's `&`, and a
//! match ending in one ends after its `;`.
//!
//! Invariant: `map.len() == folded.len()`, every entry is the offset (into the
//! original text) of the start of the character that produced that byte, and
//! the entries never decrease.

/// Folds one name or phrase to its matching form, without an offset map.
pub fn fold(s: &str) -> String {
    let mut out = Vec::with_capacity(s.len());
    fold_into(s, 0, &mut out, None);
    ascii_string(out).trim_end().to_string()
}

/// The folded bytes as a string: they are ASCII by construction.
fn ascii_string(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
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
        let mut text = Vec::with_capacity(src.len());
        let mut map = Vec::with_capacity(src.len());
        fold_into(src, base, &mut text, Some(&mut map));
        Folded {
            text: ascii_string(text),
            map,
        }
    }

    /// The input offset where folded byte `i` came from; `end_of` for ends.
    pub fn start_of(&self, i: usize) -> usize {
        self.map.get(i).map_or(0, |&o| o as usize)
    }

    /// The input offset just past the character (or character reference)
    /// that produced folded byte `i - 1`, given the original input: the end
    /// of a match ending at `i`.
    pub fn end_of(&self, i: usize, original: &str) -> usize {
        if i == 0 {
            return self.start_of(0);
        }
        let start = self.start_of(i - 1);
        let rest = original.get(start..).unwrap_or("");
        let len = match rest.chars().next() {
            Some('&') => reference(rest).map_or(1, |(_, n)| n),
            Some(c) => c.len_utf8(),
            None => 0,
        };
        start + len
    }
}

/// How each ASCII byte folds: letters to lower case, white space and the
/// hyphen to a space, everything else to itself.
const ASCII_FOLD: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = match c {
            b'A'..=b'Z' => c + 32,
            b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' | b'-' => b' ',
            _ => c,
        };
        b += 1;
    }
    table
};

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

/// Longest HTML tag recognised, in bytes; a longer `<...` is text.
const MAX_TAG: usize = 4096;

/// HTML elements whose tags are recognised (custom elements, with a hyphen
/// in their name, are recognised too).
const ELEMENTS: &str =
    "a abbr article aside audio b base blockquote body br button caption center cite code \
    col dd del details div dl dt em embed figcaption figure font footer form h1 h2 h3 h4 \
    h5 h6 head header hr html i iframe img input ins label li link main mark meta nav \
    noscript ol option p path picture pre q s script section select small source span \
    strong style sub summary sup svg table tbody td tfoot th thead time title tr u ul \
    video wbr";

/// The length of the HTML tag, comment or declaration that `s` starts with.
///
/// A tag is `<` or `</`, a known element name (any case), then white space,
/// `/` or `>`, and runs to the first `>` with no `<` before it; a comment
/// `<!-- ... -->` runs to `-->`; `<!DOCTYPE ...>` and `<?xml ...?>` to `>`.
/// None of them may be longer than [`MAX_TAG`] bytes. The scan stops at the
/// next `<`, so folding stays linear however many `<` the text holds.
pub fn tag_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if b.first() != Some(&b'<') {
        return None;
    }
    let window = &b[..b.len().min(MAX_TAG)];
    if window.starts_with(b"<!--") {
        // To the first `-->`, unless another comment opens first.
        let mut i = 4;
        while i < window.len() {
            let rest = &window[i..];
            if rest.starts_with(b"-->") {
                return Some(i + 3);
            }
            if rest.starts_with(b"<!--") {
                return None;
            }
            i += 1;
        }
        return None;
    }
    let name_at = match b.get(1) {
        Some(b'/') => 2,
        Some(b'!' | b'?') => {
            if !b.get(2).is_some_and(u8::is_ascii_alphabetic) {
                return None;
            }
            return close_of(window);
        }
        _ => 1,
    };
    let name_len = window
        .get(name_at..)?
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
        .count();
    let name = s.get(name_at..name_at + name_len)?;
    let known = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && (name.contains('-') || ELEMENTS.split(' ').any(|e| e.eq_ignore_ascii_case(name)));
    if !known {
        return None;
    }
    match b.get(name_at + name_len) {
        Some(b'>' | b'/') => {}
        Some(c) if c.is_ascii_whitespace() => {}
        _ => return None,
    }
    close_of(window)
}

/// Length up to and including the first `>`, unless a `<` comes first.
fn close_of(window: &[u8]) -> Option<usize> {
    let i = memchr::memchr2(b'>', b'<', window.get(1..)?)? + 1;
    (window[i] == b'>').then_some(i + 1)
}

/// Named character references recognised besides the accented letters
/// (`&eacute;`, `&Ouml;`...), which [`reference`] reads by their shape.
const NAMED: &[(&str, char)] = &[
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", '\u{A0}'),
    ("ensp", '\u{2002}'),
    ("emsp", '\u{2003}'),
    ("thinsp", '\u{2009}'),
    ("shy", '\u{AD}'),
    ("zwsp", '\u{200B}'),
    ("zwnj", '\u{200C}'),
    ("zwj", '\u{200D}'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("sbquo", '‚'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("bdquo", '„'),
    ("laquo", '«'),
    ("raquo", '»'),
    ("ndash", '–'),
    ("mdash", '—'),
    ("hellip", '…'),
    ("euro", '€'),
    ("pound", '£'),
    ("dollar", '$'),
    ("middot", '·'),
    ("bull", '•'),
    ("szlig", 'ß'),
    ("aelig", 'æ'),
    ("AElig", 'Æ'),
    ("oelig", 'œ'),
    ("OElig", 'Œ'),
    ("eth", 'ð'),
    ("ETH", 'Ð'),
    ("thorn", 'þ'),
    ("THORN", 'Þ'),
];

/// The character reference `s` starts with (`&amp;`, `&#8217;`, `&#x2019;`,
/// `&eacute;`): the character it stands for and its length in bytes. The
/// closing `;` is required; unknown names and code points that are not
/// characters (or NUL) are not references.
pub fn reference(s: &str) -> Option<(char, usize)> {
    let b = s.as_bytes();
    if b.first() != Some(&b'&') {
        return None;
    }
    let semi = b.iter().take(12).position(|&c| c == b';')?;
    let body = s.get(1..semi)?;
    let c = if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) if !hex.is_empty() && hex.bytes().all(|c| c.is_ascii_hexdigit()) => {
                u32::from_str_radix(hex, 16).ok()?
            }
            _ if !num.is_empty() && num.bytes().all(|c| c.is_ascii_digit()) => num.parse().ok()?,
            _ => return None,
        };
        char::from_u32(code).filter(|&c| c != '\0')?
    } else if let Some(&(_, c)) = NAMED.iter().find(|(n, _)| *n == body) {
        c
    } else {
        accented(body)?
    };
    Some((c, semi + 1))
}

/// `eacute`, `Ouml`, `ntilde`...: the letter with its mark.
fn accented(name: &str) -> Option<char> {
    let mut chars = name.chars();
    let letter = chars.next().filter(char::is_ascii_alphabetic)?;
    let mark = chars.as_str();
    let with = |marks: &str, lower: &str, upper: &str| -> Option<char> {
        if mark != marks {
            return None;
        }
        let (set, l) = if letter.is_ascii_lowercase() {
            (lower, letter)
        } else {
            (upper, letter.to_ascii_lowercase())
        };
        let i = "aeiouy".find(l)?;
        set.chars().nth(i).filter(|&c| c != '-')
    };
    match mark {
        "acute" => with("acute", "áéíóúý", "ÁÉÍÓÚÝ"),
        "grave" => with("grave", "àèìòù-", "ÀÈÌÒÙ-"),
        "circ" => with("circ", "âêîôû-", "ÂÊÎÔÛ-"),
        "uml" => with("uml", "äëïöüÿ", "ÄËÏÖÜŸ"),
        "tilde" => match letter {
            'a' => Some('ã'),
            'A' => Some('Ã'),
            'n' => Some('ñ'),
            'N' => Some('Ñ'),
            'o' => Some('õ'),
            'O' => Some('Õ'),
            _ => None,
        },
        "ring" => match letter {
            'a' => Some('å'),
            'A' => Some('Å'),
            _ => None,
        },
        "cedil" => match letter {
            'c' => Some('ç'),
            'C' => Some('Ç'),
            _ => None,
        },
        "slash" => match letter {
            'o' => Some('ø'),
            'O' => Some('Ø'),
            _ => None,
        },
        _ => None,
    }
}

/// Finds two spaces in a row.
static DOUBLE_SPACE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"  "));

/// Length of the prefix of `bytes` that is ASCII without `<` or `&`,
/// eight bytes at a time.
fn plain_ascii_len(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // A byte of `x` is zero: the classic has-zero-byte test.
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS != 0;
    let mut done = 0;
    for chunk in bytes.chunks_exact(8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        if x & HIGHS != 0
            || has_zero(x ^ (ONES * u64::from(b'<')))
            || has_zero(x ^ (ONES * u64::from(b'&')))
        {
            break;
        }
        done += 8;
    }
    done + bytes[done..]
        .iter()
        .position(|&b| !b.is_ascii() || b == b'<' || b == b'&')
        .unwrap_or(bytes.len() - done)
}

/// Folds `run`, plain ASCII without `<` or `&`, whose first byte is at input
/// offset `first`: each byte by [`ASCII_FOLD`], then repeated spaces (and a
/// space after the one `last_space` says was written) dropped.
fn fold_ascii(
    run: &[u8],
    first: u32,
    last_space: &mut bool,
    out: &mut Vec<u8>,
    mut map: Option<&mut Vec<u32>>,
) {
    let old = out.len();
    out.extend(run.iter().map(|&b| ASCII_FOLD[usize::from(b & 0x7F)]));
    let old_map = map.as_deref().map_or(0, Vec::len);
    if let Some(map) = map.as_deref_mut() {
        let len = u32::try_from(run.len()).unwrap_or(u32::MAX);
        map.extend((0..len).map(|k| first.saturating_add(k)));
    }
    // Keep out[r..stop], drop the spaces after it; `w` is where kept bytes go.
    let spaces_at = |from: usize, out: &[u8]| {
        out.get(from..)
            .map_or(0, |t| t.iter().take_while(|&&b| b == b' ').count())
    };
    let mut r = old;
    if *last_space {
        r += spaces_at(old, out);
    }
    let mut w = old;
    loop {
        let next = out
            .get(r..)
            .and_then(|t| DOUBLE_SPACE.find(t))
            .map(|p| r + p + 1);
        let stop = next.unwrap_or(out.len());
        if w != r {
            out.copy_within(r..stop, w);
            if let Some(map) = map.as_deref_mut() {
                map.copy_within(
                    old_map + (r - old)..old_map + (stop - old),
                    old_map + (w - old),
                );
            }
        }
        w += stop - r;
        let Some(dropped) = next else { break };
        r = dropped + spaces_at(dropped, out);
    }
    out.truncate(w);
    if let Some(map) = map {
        map.truncate(old_map + (w - old));
    }
    if w > old {
        *last_space = out.get(w - 1) == Some(&b' ');
    }
}

fn fold_into(src: &str, base: usize, out: &mut Vec<u8>, mut map: Option<&mut Vec<u32>>) {
    let push = |out: &mut Vec<u8>, map: &mut Option<&mut Vec<u32>>, b: char, at: usize| {
        // Only ASCII is ever pushed; anything else becomes a separator.
        out.push(u8::try_from(b).ok().filter(u8::is_ascii).unwrap_or(b'_'));
        if let Some(map) = map.as_deref_mut() {
            map.push(u32::try_from(at).unwrap_or(u32::MAX));
        }
    };
    let bytes = src.as_bytes();
    let mut last_space = true; // no leading space
    let mut i = 0;
    loop {
        // Fast path: a run of plain ASCII, folded by table (the same result
        // as the general path below gives a byte at a time).
        let rest = bytes.get(i..).unwrap_or(&[]);
        let run = plain_ascii_len(rest);
        if run > 0 {
            let first = u32::try_from(base + i).unwrap_or(u32::MAX);
            fold_ascii(
                &rest[..run],
                first,
                &mut last_space,
                out,
                map.as_deref_mut(),
            );
            i += run;
        }
        let Some(raw) = src.get(i..).and_then(|r| r.chars().next()) else {
            break;
        };
        let at = base + i;
        let mut c = raw;
        let mut len = raw.len_utf8();
        if raw == '<' {
            if let Some(n) = src.get(i..).and_then(tag_len) {
                // A tag is a word boundary, and nothing in it is text.
                if !last_space {
                    push(out, &mut map, ' ', at);
                    last_space = true;
                }
                i += n;
                continue;
            }
        } else if raw == '&' {
            if let Some((decoded, n)) = src.get(i..).and_then(reference) {
                c = decoded;
                len = n;
            }
        }
        i += len;
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

    #[test]
    fn html_tags_fold_to_a_word_boundary() {
        let text = r#"<p>Arsenal<a href="/Liverpool" title="Real Madrid">the Reds</a></p><!-- Chelsea -->x<BR/>y"#;
        assert_eq!(fold(text), "arsenal the reds x y");
        let f = Folded::new(text, 0);
        assert!(!f.text.contains("liverpool") && !f.text.contains("madrid"));
        assert!(f.map.iter().all(|&o| text.is_char_boundary(o as usize)));
    }

    #[test]
    fn text_that_only_looks_like_a_tag_is_text() {
        assert_eq!(fold("Liverpool <3 Salah"), "liverpool <3 salah");
        assert_eq!(fold("a < b > c"), "a < b > c");
        assert_eq!(fold("<Liverpool want Konate>"), "<liverpool want konate>");
        assert_eq!(fold("<p unclosed <b>x"), "<p unclosed x");
        let long = format!("<p title=\"{}\">Salah", "x".repeat(MAX_TAG));
        assert!(fold(&long).ends_with("salah") && fold(&long).contains("xxx"));
    }

    #[test]
    fn character_references_fold_as_their_character() {
        assert_eq!(
            fold("Brighton &amp; Hove Albion"),
            fold("Brighton & Hove Albion")
        );
        assert_eq!(fold("O&#8217;Connor"), "o'connor");
        assert_eq!(fold("O&#x2019;Connor"), "o'connor");
        assert_eq!(fold("Konat&eacute;"), "konate");
        assert_eq!(fold("&Oslash;degaard"), "odegaard");
        assert_eq!(fold("Real&nbsp;Madrid"), "real madrid");
        assert_eq!(fold("&lt;p&gt;Salah"), "<p>salah");
        // Not references: no `;`, unknown names, NUL, beyond Unicode.
        assert_eq!(fold("AT&T"), "at&t");
        assert_eq!(fold("&bogus; &#0; &#x110000;"), "&bogus; &#0; &#x110000;");
    }

    #[test]
    fn match_ending_in_a_reference_ends_after_its_semicolon() {
        let text = "Konat&eacute; joins";
        let f = Folded::new(text, 0);
        let at = f.text.find("konate").expect("folded name");
        let end = f.end_of(at + "konate".len(), text);
        assert_eq!(&text[f.start_of(at)..end], "Konat&eacute;");
    }

    #[test]
    fn many_unclosed_angle_brackets_and_comments_fold_in_linear_time() {
        // Each scan stops at the next `<`: 100,000 of them take a moment.
        for unit in ["<a ", "<!--", "<p title=\"", "&#"] {
            let text = unit.repeat(100_000);
            let start = std::time::Instant::now();
            let f = Folded::new(&text, 0);
            assert_eq!(f.map.len(), f.text.len());
            assert!(
                start.elapsed().as_secs() < 10,
                "{unit}: {:?}",
                start.elapsed()
            );
        }
    }
}
