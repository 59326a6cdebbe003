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
//! Speed: plain ASCII (no `<`, no `&`) is folded 32 bytes at a time, with
//! SSE2 vector instructions on x86_64 (the only `unsafe` code of the crate:
//! intrinsics every x86_64 processor has) and lane by lane elsewhere; any
//! other character goes through the general path, which the fast path must
//! agree with byte for byte (tested, as are the two window folds against
//! each other).
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
        Folder::new(src, base).finish()
    }

    /// The input offset where folded byte `i` came from; `end_of` for ends.
    pub fn start_of(&self, i: usize) -> usize {
        start_of(&self.map, i)
    }

    /// The input offset just past the character (or character reference)
    /// that produced folded byte `i - 1`, given the original input: the end
    /// of a match ending at `i`.
    pub fn end_of(&self, i: usize, original: &str) -> usize {
        end_of(&self.map, i, original)
    }
}

/// [`Folded::start_of`] for the offset map `map`.
pub(crate) fn start_of(map: &[u32], i: usize) -> usize {
    map.get(i).map_or(0, |&o| o as usize)
}

/// [`Folded::end_of`] for the offset map `map`.
pub(crate) fn end_of(map: &[u32], i: usize, original: &str) -> usize {
    if i == 0 {
        return start_of(map, 0);
    }
    let start = start_of(map, i - 1);
    match original.as_bytes().get(start) {
        // An ASCII byte is a character of its own.
        Some(&b) if b.is_ascii() && b != b'&' => return start + 1,
        _ => {}
    }
    let rest = original.get(start..).unwrap_or("");
    let len = match rest.chars().next() {
        Some('&') => reference(rest).map_or(1, |(_, n)| n),
        Some(c) => c.len_utf8(),
        None => 0,
    };
    start + len
}

/// Folds an input a piece at a time, so that the folded text can be read
/// while the input it came from is still at hand: the folded text and its
/// map only grow, and bytes once written never change. Folding it all at
/// once or piece by piece gives the same [`Folded`].
pub(crate) struct Folder<'s> {
    src: &'s str,
    base: usize,
    /// The next input byte to fold.
    next: usize,
    text: Vec<u8>,
    map: Vec<u32>,
    /// The last byte written is a space (or none is written yet).
    last_space: bool,
}

impl<'s> Folder<'s> {
    /// Starts folding `src`, whose first byte is at `base` in the original
    /// input.
    pub(crate) fn new(src: &'s str, base: usize) -> Folder<'s> {
        Folder {
            src,
            base,
            next: 0,
            text: Vec::with_capacity(src.len()),
            map: Vec::with_capacity(src.len()),
            last_space: true,
        }
    }

    /// Folds at least `len` more input bytes (a tag or a character
    /// reference is folded whole), or up to the end of the input; returns
    /// whether the whole input is now folded.
    pub(crate) fn fold_more(&mut self, len: usize) -> bool {
        let mut out = Out {
            text: &mut self.text,
            map: Some(&mut self.map),
            last_space: self.last_space,
        };
        let to = self.next.saturating_add(len).min(self.src.len());
        self.next = fold_span(self.src, self.next, to, self.base, &mut out);
        self.last_space = out.last_space;
        self.next >= self.src.len()
    }

    /// The folded text so far.
    pub(crate) fn text(&self) -> &[u8] {
        &self.text
    }

    /// The offset map so far (see [`Folded::map`]).
    pub(crate) fn map(&self) -> &[u32] {
        &self.map
    }

    /// Folds the rest of the input; the folded text and its map.
    pub(crate) fn finish(mut self) -> Folded {
        self.fold_more(usize::MAX);
        Folded {
            text: ascii_string(self.text),
            map: self.map,
        }
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
/// None of them may be longer than `MAX_TAG` bytes. The scan stops at the
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

/// One in every byte of a `u64`.
pub(crate) const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of every byte of a `u64`.
pub(crate) const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `x` set where `lo <= byte <= hi`, for eight
/// bytes at once. Every byte of `x` must be below 0x80, so no sum carries
/// into the next byte.
pub(crate) const fn within(x: u64, lo: u8, hi: u8) -> u64 {
    let at_least = x.wrapping_add(ONES * (0x80 - lo as u64));
    let above = x.wrapping_add(ONES * (0x7F - hi as u64));
    at_least & !above & HIGHS
}

/// Is `b` plain ASCII: ASCII, and neither `<` nor `&` (which may open a tag
/// or a character reference)?
fn is_plain(b: u8) -> bool {
    b.is_ascii() && b != b'<' && b != b'&'
}

/// Eight bytes that are each 0 or 1, as eight bits (byte `k` to bit `k`).
pub(crate) fn pack8(bytes: &[u8]) -> u64 {
    let mut eight = [0u8; 8];
    if let Some(b) = bytes.get(..8) {
        eight.copy_from_slice(b);
    }
    // Each byte's bit lands, by the multiplication, in bit `56 + k`.
    u64::from_le_bytes(eight).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

/// Input bytes the fast path of [`fold_span`] looks at per step.
const WINDOW: usize = 32;

/// A window of bytes folded at once by [`ASCII_FOLD`]'s rules: the folded
/// bytes, a bit for each byte that became a space, and a bit for each byte
/// that is not plain ASCII (see [`is_plain`]); bytes from the first such one
/// on are not folded meaningfully. Vector instructions where the target has
/// them for sure, [`fold_window_lanes`] elsewhere.
#[cfg(target_arch = "x86_64")]
fn fold_window(x: &[u8; WINDOW]) -> ([u8; WINDOW], u32, u32) {
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_andnot_si128, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8,
        _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8, _mm_storeu_si128, _mm_sub_epi8,
    };
    let mut folded = [0u8; WINDOW];
    let (mut spaces, mut bad) = (0u32, 0u32);
    for (half, (out, input)) in folded
        .chunks_exact_mut(16)
        .zip(x.chunks_exact(16))
        .enumerate()
    {
        // SAFETY: SSE2 is part of every x86_64 target, so these intrinsics
        // are always available. The load reads the sixteen bytes of
        // `input` and the store writes the sixteen bytes of `out` (both
        // exactly sixteen long, from `chunks_exact`); `loadu` and `storeu`
        // need no alignment.
        unsafe {
            let v = _mm_loadu_si128(input.as_ptr().cast::<__m128i>());
            let splat = |b: u8| _mm_set1_epi8(b as i8);
            // `lo <= v <= lo + span`, unsigned: `v - lo` is its own minimum
            // with `span`.
            let within = |lo: u8, span: u8| {
                let d = _mm_sub_epi8(v, splat(lo));
                _mm_cmpeq_epi8(_mm_min_epu8(d, splat(span)), d)
            };
            let space = _mm_or_si128(
                within(b'\t', 4),
                _mm_or_si128(
                    _mm_cmpeq_epi8(v, splat(b' ')),
                    _mm_cmpeq_epi8(v, splat(b'-')),
                ),
            );
            let lower = _mm_or_si128(v, _mm_and_si128(within(b'A', 25), splat(0x20)));
            let f = _mm_or_si128(
                _mm_andnot_si128(space, lower),
                _mm_and_si128(space, splat(b' ')),
            );
            _mm_storeu_si128(out.as_mut_ptr().cast::<__m128i>(), f);
            let special = _mm_or_si128(
                _mm_cmpeq_epi8(v, splat(b'<')),
                _mm_cmpeq_epi8(v, splat(b'&')),
            );
            // The high bit of a byte is set from 0x80 up: not ASCII.
            let not_plain = (_mm_movemask_epi8(special) | _mm_movemask_epi8(v)) as u32 & 0xFFFF;
            spaces |= (_mm_movemask_epi8(space) as u32 & 0xFFFF) << (16 * half);
            bad |= not_plain << (16 * half);
        }
    }
    (folded, spaces, bad)
}

/// [`fold_window`] on targets without it.
#[cfg(not(target_arch = "x86_64"))]
fn fold_window(x: &[u8; WINDOW]) -> ([u8; WINDOW], u32, u32) {
    fold_window_lanes(x)
}

/// [`fold_window`] written lane by lane, for any target (the compiler can
/// still treat the window as a few vectors).
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn fold_window_lanes(x: &[u8; WINDOW]) -> ([u8; WINDOW], u32, u32) {
    let mut folded = [0u8; WINDOW];
    let mut space = [0u8; WINDOW];
    let mut bad = [0u8; WINDOW];
    for (((f, s), b), &c) in folded.iter_mut().zip(&mut space).zip(&mut bad).zip(x) {
        let is_space = (c.wrapping_sub(b'\t') < 5) | (c == b' ') | (c == b'-');
        let lower = c | (u8::from(c.wrapping_sub(b'A') < 26) << 5);
        *f = if is_space { b' ' } else { lower };
        *s = u8::from(is_space);
        *b = u8::from((c >= 0x80) | (c == b'<') | (c == b'&'));
    }
    let bits = |flags: &[u8; WINDOW]| {
        flags
            .chunks_exact(8)
            .enumerate()
            .fold(0u32, |acc, (k, eight)| {
                acc | (pack8(eight) as u32) << (8 * k)
            })
    };
    (folded, bits(&space), bits(&bad))
}

/// The folded form being written: bytes, their input offsets (if wanted),
/// and whether the last byte written is a space (or nothing is written yet:
/// no leading space).
struct Out<'a> {
    text: &'a mut Vec<u8>,
    map: Option<&'a mut Vec<u32>>,
    last_space: bool,
}

impl Out<'_> {
    /// Writes `b`, from input offset `at`: only ASCII is ever written;
    /// anything else becomes a separator.
    fn push(&mut self, b: char, at: usize) {
        self.text
            .push(u8::try_from(b).ok().filter(u8::is_ascii).unwrap_or(b'_'));
        if let Some(map) = self.map.as_deref_mut() {
            map.push(u32::try_from(at).unwrap_or(u32::MAX));
        }
    }

    /// A word boundary: one space, unless one was just written.
    fn space(&mut self, at: usize) {
        if !self.last_space {
            self.push(' ', at);
            self.last_space = true;
        }
    }

    /// Folds the plain ASCII byte `b` at input offset `at` by table: the
    /// same as [`fold_char`] does for it.
    fn plain(&mut self, b: u8, at: usize) {
        let f = ASCII_FOLD[usize::from(b & 0x7F)];
        if f == b' ' {
            self.space(at);
        } else {
            self.push(char::from(f), at);
            self.last_space = false;
        }
    }

    /// Folds the plain ASCII bytes that `x`, from input offset `at`, starts
    /// with, dropping a space that follows a space, up to the first byte
    /// that is not plain or the second such space; returns how many bytes
    /// it took (0: the first byte is not plain).
    fn plain_window(&mut self, x: &[u8; WINDOW], at: usize) -> usize {
        let Some(first) = u32::try_from(at)
            .ok()
            .filter(|&f| f <= u32::MAX - WINDOW as u32)
        else {
            return 0;
        };
        let (folded, spaces, bad) = fold_window(x);
        // Stop at a byte that is not plain, or at a space after a space.
        let repeated = spaces & ((spaces << 1) | u32::from(self.last_space));
        let n = (bad | repeated).trailing_zeros() as usize;
        // A space right after a space is dropped, and taken.
        let dropped = usize::from(x.get(n).is_some_and(|&b| is_plain(b)));
        if n == 0 {
            return dropped;
        }
        // The whole window is written, then the bytes not taken cut off.
        let len = self.text.len();
        self.text.extend_from_slice(&folded);
        self.text.truncate(len + n);
        if let Some(map) = self.map.as_deref_mut() {
            let len = map.len();
            let offsets: [u32; WINDOW] = std::array::from_fn(|k| first + k as u32);
            map.extend_from_slice(&offsets);
            map.truncate(len + n);
        }
        self.last_space = spaces >> (n - 1) & 1 != 0;
        n + dropped
    }
}

/// Is `c`, not ASCII, a letter or digit? The same as
/// [`char::is_alphanumeric`], answered without a table search for Latin-1
/// and for the punctuation, currency and emoji blocks news text is full of.
fn is_alphanumeric(c: char) -> bool {
    match u32::from(c) {
        0x80..=0xFF => matches!(
            c,
            'ª' | '²' | '³' | 'µ' | '¹' | 'º' | '¼'..='¾' | 'À'..='Ö' | 'Ø'..='ö' | 'ø'..='ÿ'
        ),
        0x2000..=0x206F | 0x20A0..=0x20CF | 0x1F300..=0x1FAFF => false,
        _ => c.is_alphanumeric(),
    }
}

/// Folds the character at `src[i..]` (a tag, a character reference, or one
/// character) into `out`; returns the index after it. Handles every
/// character; the plain ASCII fast paths of [`fold_into`] give the same
/// result for theirs.
fn fold_char(src: &str, i: usize, base: usize, out: &mut Out) -> usize {
    let rest = src.get(i..).unwrap_or("");
    let Some(raw) = rest.chars().next() else {
        return src.len();
    };
    let at = base + i;
    let mut c = raw;
    let mut len = raw.len_utf8();
    if raw == '<' {
        if let Some(n) = tag_len(rest) {
            // A tag is a word boundary, and nothing in it is text.
            out.space(at);
            return i + n;
        }
    } else if raw == '&' {
        if let Some((decoded, n)) = reference(rest) {
            c = decoded;
            len = n;
        }
    }
    if c.is_ascii_alphanumeric() {
        out.push(c.to_ascii_lowercase(), at);
        out.last_space = false;
    } else if c.is_whitespace() || is_hyphen(c) {
        out.space(at);
    } else if c.is_ascii() {
        out.push(c, at);
        out.last_space = false;
    } else if is_apostrophe(c) {
        out.push('\'', at);
        out.last_space = false;
    } else if is_zero_width(c) {
    } else if is_alphanumeric(c) {
        let ascii = deunicode::deunicode_char(c).unwrap_or("");
        let mut any = false;
        for a in ascii.chars().filter(char::is_ascii_alphanumeric) {
            out.push(a.to_ascii_lowercase(), at);
            any = true;
        }
        if !any {
            // A letter with no Latin reading still separates words.
            out.push('_', at);
        }
        out.last_space = false;
    } else {
        // Symbols, emoji, dashes and other punctuation: a word boundary.
        out.space(at);
    }
    i + len
}

fn fold_into(src: &str, base: usize, text: &mut Vec<u8>, map: Option<&mut Vec<u32>>) {
    let mut out = Out {
        text,
        map,
        last_space: true,
    };
    fold_span(src, 0, src.len(), base, &mut out);
}

/// Folds `src` from byte `from` (a character boundary) into `out` until at
/// least byte `to`; returns where it stopped (`to`, or past a tag or a
/// character reference that runs over it).
fn fold_span(src: &str, from: usize, to: usize, base: usize, out: &mut Out) -> usize {
    let bytes = src.as_bytes().get(..to).unwrap_or(src.as_bytes());
    let mut i = from;
    while i < bytes.len() {
        // Fast path: plain ASCII, a window at a time; the last few bytes
        // padded with bytes that are not plain.
        let mut padded = [0x80u8; WINDOW];
        let x = match bytes.get(i..).and_then(|r| r.first_chunk::<WINDOW>()) {
            Some(x) => x,
            None => {
                let rest = bytes.get(i..).unwrap_or(&[]);
                padded[..rest.len()].copy_from_slice(rest);
                &padded
            }
        };
        let n = out.plain_window(x, base + i);
        i += n;
        // A byte or character the fast path did not take: not plain ASCII,
        // or (near 4 GiB of input) any.
        match bytes.get(i) {
            Some(&b) if n == 0 && is_plain(b) => {
                out.plain(b, base + i);
                i += 1;
            }
            Some(&b) if !is_plain(b) => i = fold_char(src, i, base, out),
            _ => {}
        }
    }
    i
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
    fn quick_alphanumeric_test_agrees_with_the_standard_one() {
        for c in (0x80..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn window_folds_agree() {
        use proptest::prelude::*;
        let byte = prop_oneof![
            Just(b' '),
            Just(b'-'),
            Just(b'\t'),
            Just(b'<'),
            Just(b'&'),
            b'A'..=b'Z',
            b'a'..=b'z',
            any::<u8>(),
        ];
        let window = proptest::collection::vec(byte, WINDOW);
        let mut runner = proptest::test_runner::TestRunner::default();
        runner
            .run(&window, |bytes| {
                let x: [u8; WINDOW] = bytes.try_into().expect("a window");
                let (fast, spaces, bad) = fold_window(&x);
                let (slow, slow_spaces, slow_bad) = fold_window_lanes(&x);
                prop_assert_eq!(spaces, slow_spaces);
                prop_assert_eq!(bad, slow_bad);
                // Folded bytes only count before the first one not plain.
                let n = bad.trailing_zeros() as usize;
                prop_assert_eq!(&fast[..n], &slow[..n]);
                for (k, &c) in x[..n].iter().enumerate() {
                    prop_assert_eq!(fast[k], ASCII_FOLD[usize::from(c)]);
                    prop_assert_eq!(spaces >> k & 1 == 1, ASCII_FOLD[usize::from(c)] == b' ');
                }
                Ok(())
            })
            .expect("window folds agree");
    }

    /// Folds `src` a character at a time, without the fast paths.
    fn fold_slowly(src: &str, base: usize) -> (Vec<u8>, Vec<u32>) {
        let (mut text, mut map) = (Vec::new(), Vec::new());
        let mut out = Out {
            text: &mut text,
            map: Some(&mut map),
            last_space: true,
        };
        let mut i = 0;
        while i < src.len() {
            i = fold_char(src, i, base, &mut out);
        }
        (text, map)
    }

    /// Pieces of folding input: runs that the fast paths take whole, runs
    /// they split, and characters only the general path handles.
    const PIECES: &[&str] = &[
        "Real Madrid",
        "KONATE",
        "van  der\tSar",
        "Gibbs-White",
        " - ",
        "--",
        "\r\n\r\n",
        "  ",
        " ",
        "\u{b}\u{c}",
        "\u{0}\u{1f}~@[`{",
        "0123456789",
        "O’Connor",
        "Konaté",
        "Ødegaard",
        "ß",
        "–",
        "“quoted”",
        "🔴",
        "\u{200B}",
        "\u{A0}",
        "<p>",
        "</a>",
        "<!-- x -->",
        "< b >",
        "&amp;",
        "&eacute;",
        "&#8217;",
        "AT&T",
        "&",
        "<",
    ];

    #[test]
    fn fast_paths_fold_as_the_general_path_does() {
        use proptest::prelude::*;
        let piece = prop_oneof![
            4 => proptest::sample::select(PIECES).prop_map(String::from),
            1 => "[ -~]{0,12}",
            1 => any::<char>().prop_map(String::from),
        ];
        let input = (proptest::collection::vec(piece, 0..40), 0usize..1000);
        let mut runner = proptest::test_runner::TestRunner::new(proptest::test_runner::Config {
            cases: 2000,
            ..Default::default()
        });
        runner
            .run(&input, |(pieces, base)| {
                let src = pieces.concat();
                let f = Folded::new(&src, base);
                let (text, map) = fold_slowly(&src, base);
                prop_assert_eq!(f.text.as_bytes(), &text[..], "{:?}", src);
                prop_assert_eq!(&f.map, &map, "{:?}", src);
                // Piece by piece, `step` input bytes at a time.
                for step in [1, 3, 16, 17] {
                    let mut folder = Folder::new(&src, base);
                    while !folder.fold_more(step) {
                        prop_assert!(text.starts_with(folder.text()), "{:?}", src);
                        prop_assert!(map.starts_with(folder.map()), "{:?}", src);
                    }
                    let f = folder.finish();
                    prop_assert_eq!(f.text.as_bytes(), &text[..], "{:?} by {}", src, step);
                    prop_assert_eq!(&f.map, &map, "{:?} by {}", src, step);
                }
                Ok(())
            })
            .expect("fast and slow folds agree");
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
