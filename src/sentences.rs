//! Sentence splitting for news text.
//!
//! **In:** the article text and the byte offset where its body starts (after
//! the optional `date YYYY-MM-DD ` prefix, which is not part of any sentence).
//!
//! **Out:** the sentences of `text[from..]` as byte [`Span`]s into `text`, in
//! order, non-overlapping, never empty, each trimmed of surrounding Unicode
//! white space, each starting and ending on a `char` boundary.
//!
//! How it decides: the text is scanned once for candidate bytes (`.` `!` `?`
//! `…`, line breaks, `)` and the lead byte of a few three-byte characters), and
//! each candidate is judged by looking a bounded distance around it: the word
//! before a full stop (abbreviation, title, initial, number marker), the run of
//! terminal punctuation and closing quotes, and the first word after it. No
//! decision looks further than a fixed window, except to skip the white space
//! that follows, and every byte is skipped at most a fixed number of times, so
//! the running time is linear in the input length.
//!
//! Rules, in short:
//! - `.` `!` `?` and ellipses end a sentence when the next word starts with a
//!   capital, a digit or a symbol, not when it starts with a lower-case letter
//!   (`'This is great.' she said.` stays whole).
//! - A closing quotation followed by a capitalised name and a reporting verb
//!   (`“Why not?” Jones asked.`) stays with its attribution.
//! - Titles (`Mr.`, `Dr.`, `St.`), number prefixes (`No. 9`), initials
//!   (`N. Kante`), dotted abbreviations (`U.S.`, `a.m.`) and single letters do
//!   not end a sentence unless the next word is one that usually starts one.
//! - Full stops inside a token (`£17.3m`, `Jane.Doe@example.com`, URLs) do not
//!   split; a full stop glued between two words (`world.Today`) does, unless
//!   both are capitalised (`Football.London` is a name).
//! - A blank line always ends a sentence. A single line break ends one when the
//!   line has no final punctuation and the next line starts with a capital, a
//!   list marker or a symbol (headings, boilerplate lines), or when a
//!   lower-case list of lines is being read; otherwise the line is wrapped text.
//! - List items (`1.`, `2)`, `3.)`, `a.`, `•`, `⁃`, `- `) start sentences, and
//!   the next marker of a running list ends the item before it.
//! - A source in brackets after a full stop (`... Marmoush, 25. (Times)`) stays
//!   with the sentence before it.
//! - Line breaks are `\n`, `\r\n`, a lone `\r`, a vertical tab, a form feed
//!   and U+2028; U+2029 (paragraph separator) counts as a blank line.
//! - HTML is read as a browser lays it out: a block-level tag (`<p>`, `</p>`,
//!   `<br>`, `<div>`, `<li>`, `<h2>`...) ends a sentence like a line break,
//!   other tags (`</a>`, `</strong>`) after a full stop close the sentence
//!   like a closing quote, and no full stop inside a tag (`href="a.com"`) is
//!   judged (tags as `fold::tag_len` reads them).
//! - No sentence is longer than [`MAX_SENTENCE`] bytes: text that runs on
//!   without an end (a megabyte line of web junk, a list with no punctuation)
//!   is cut at the last white space before the limit, or at the last
//!   character boundary when there is none. Real sentences are far shorter;
//!   the cap bounds the work every later stage does per sentence, so the
//!   whole pipeline stays linear in the input length.

use crate::fold::tag_len;
use crate::span::Span;
use memchr::{memchr, memchr3, memmem};

/// The index of the sentence of `sentences` (as [`split`] returns them:
/// ordered, non-overlapping, never empty) that holds byte `offset`, found by
/// binary search.
pub fn holding(sentences: &[Span], offset: usize) -> Option<usize> {
    let i = sentences.partition_point(|s| s.end <= offset);
    sentences.get(i).filter(|s| s.start <= offset).map(|_| i)
}

/// Splits `text[from..]` into sentences.
///
/// `from` is the byte offset where the article body starts. When it lies past
/// the end of `text` or not on a `char` boundary the result is empty.
///
/// Returns byte spans into `text` (not relative to `from`), in order,
/// non-overlapping, never empty and trimmed of surrounding Unicode white space:
/// `&text[span.start..span.end]` is the sentence. Runs in time linear in
/// `text.len() - from`.
pub fn split(text: &str, from: usize) -> Vec<Span> {
    if from > text.len() || !text.is_char_boundary(from) {
        return Vec::new();
    }
    Splitter::new(text).run(from)
}

/// Longest sentence, in bytes; longer runs are cut (see the module docs).
pub const MAX_SENTENCE: usize = 1_000;

/// Longest word looked at before a full stop, in bytes.
const WORD_WINDOW: usize = 64;
/// Longest bracketed source kept with the sentence before it, in bytes.
const PAREN_WINDOW: usize = 100;

/// The list being read, if any: what marks its next item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ListNext {
    /// A number followed by `suffix` (`2.`, `2)`, `2.)`).
    Number(u32, Suffix),
    /// A letter followed by `suffix` (`b.`, `b)`).
    Letter(u8, Suffix),
    /// The same bullet character again (`•`, `⁃`).
    Bullet(char),
}

/// The number or letter of a list marker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Head {
    /// `12`
    Number(u32),
    /// `a`
    Letter(u8),
}

/// What follows the number or letter of a list marker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Suffix {
    /// `1.`
    Dot,
    /// `1)`
    Paren,
    /// `1.)`
    DotParen,
}

/// A run of terminal punctuation with the closing quotes and brackets after it.
#[derive(Clone, Copy, Debug, Default)]
struct Cluster {
    /// First byte after the run and its closers.
    end: usize,
    /// Number of `.` in the run.
    dots: usize,
    /// The run holds `!` or `?`.
    strong: bool,
    /// The run holds `…`.
    ellipsis_char: bool,
    /// The dots are spaced (`. . .`).
    spaced: bool,
    /// The run is glued to the word before it.
    attached: bool,
    /// A closing quotation mark follows the run.
    quote_close: bool,
    /// The first closer after the run.
    first_closer: Option<char>,
    /// Number of closers after the run.
    closers: usize,
}

impl Cluster {
    fn is_ellipsis(&self) -> bool {
        !self.strong && (self.dots >= 2 || self.ellipsis_char)
    }
}

/// What to do at a candidate.
enum Action {
    /// No sentence end here; go on scanning from this byte.
    Continue(usize),
    /// The sentence ends at `end`; the next one starts at or after `next`.
    /// `line` says a line break lies between them.
    Split { end: usize, next: usize, line: bool },
}

/// How the word before a full stop reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Word {
    /// Ordinary word or number: the full stop ends a sentence.
    Plain,
    /// Title or prefix that always precedes what follows (`Mr`, `St`, `vs`).
    Prefix,
    /// Prefix only before a number (`No`, `Oct`).
    NumberPrefix,
    /// One lower-case letter (`p`, `v`).
    LowerLetter,
    /// The pronoun `I`.
    PronounI,
    /// One capital letter: an initial (`N`).
    Initial,
    /// Dotted time abbreviation (`a.m`, `P.M`).
    Time,
    /// `i.e`, `e.g`.
    Latin,
    /// Other dotted abbreviation (`U.S`, `E.U`).
    Dotted,
}

struct Splitter<'t> {
    text: &'t str,
    bytes: &'t [u8],
    out: Vec<Span>,
    /// Start of the current sentence.
    start: usize,
    /// The running list, if any.
    list: Option<ListNext>,
    /// Cached next `.` `!` `?` at or after the last query (`len` = none).
    next_stop: Option<usize>,
    /// Cached next `\n` `)` or 0xE2 lead byte (`len` = none).
    next_other: Option<usize>,
    /// Cached next `\r`, vertical tab or form feed (`len` = none).
    next_rare: Option<usize>,
    /// Cached next `<` (`len` = none).
    next_tag: Option<usize>,
}

impl<'t> Splitter<'t> {
    fn new(text: &'t str) -> Self {
        Splitter {
            text,
            bytes: text.as_bytes(),
            out: Vec::new(),
            start: 0,
            list: None,
            next_stop: None,
            next_other: None,
            next_rare: None,
            next_tag: None,
        }
    }

    fn run(mut self, from: usize) -> Vec<Span> {
        let len = self.bytes.len();
        let mut pos = self.begin_sentence(from, true);
        while let Some(c) = self.next_candidate(pos) {
            let action = match self.bytes.get(c) {
                Some(b'.' | b'!' | b'?') => self.at_stop(c),
                Some(b'\n' | 0x0B | 0x0C) => self.at_newline(c),
                Some(b'\r') if self.bytes.get(c + 1) == Some(&b'\n') => Action::Continue(c + 1),
                Some(b'\r') => self.at_newline(c),
                Some(b'<') => self.at_tag(c),
                Some(b')') => self.at_paren(c),
                Some(0xE2) => self.at_e2(c),
                _ => Action::Continue(c + 1),
            };
            let step = c + self.char_at(c).map_or(1, char::len_utf8);
            pos = match action {
                Action::Continue(p) => p.max(step),
                Action::Split { end, next, line } => {
                    self.push(self.start, end);
                    self.begin_sentence(next, line).max(step)
                }
            };
        }
        self.push(self.start, len);
        self.out
    }

    // ----- scanning -------------------------------------------------------

    /// Next candidate byte at or after `pos`, merging two memchr streams.
    fn next_candidate(&mut self, pos: usize) -> Option<usize> {
        let len = self.bytes.len();
        if pos >= len {
            return None;
        }
        let rest = self.bytes.get(pos..).unwrap_or(&[]);
        let stop = match self.next_stop {
            Some(p) if p >= pos => p,
            _ => memchr3(b'.', b'!', b'?', rest).map_or(len, |i| i + pos),
        };
        let other = match self.next_other {
            Some(p) if p >= pos => p,
            _ => memchr3(b'\n', b')', 0xE2, rest).map_or(len, |i| i + pos),
        };
        let rare = match self.next_rare {
            Some(p) if p >= pos => p,
            _ => memchr3(b'\r', 0x0B, 0x0C, rest).map_or(len, |i| i + pos),
        };
        self.next_stop = Some(stop);
        self.next_other = Some(other);
        let tag = match self.next_tag {
            Some(p) if p >= pos => p,
            _ => memchr(b'<', rest).map_or(len, |i| i + pos),
        };
        self.next_rare = Some(rare);
        self.next_tag = Some(tag);
        let c = stop.min(other).min(rare).min(tag);
        (c < len).then_some(c)
    }

    /// Records `start..end` trimmed, unless it is empty; a sentence longer
    /// than [`MAX_SENTENCE`] is recorded in pieces.
    fn push(&mut self, start: usize, end: usize) {
        let Some(s) = self.text.get(start..end) else {
            return;
        };
        let lead = s.len() - s.trim_start().len();
        let trimmed = s.trim();
        if trimmed.is_empty() {
            return;
        }
        let mut a = start + lead;
        let e = a + trimmed.len();
        while e - a > MAX_SENTENCE {
            let cut = self.cut_before(a, a + MAX_SENTENCE);
            let piece = self.text.get(a..cut).unwrap_or("").trim_end();
            self.out.push(Span::new(a, a + piece.len()));
            a = self.skip_space(cut).0;
        }
        self.out.push(Span::new(a, e));
    }

    /// Where to cut an over-long sentence that starts at `a` (not white
    /// space) so that the piece ends at or before `limit`: at the last white
    /// space in the second half of the window, else at the last character
    /// boundary. Always after `a`.
    fn cut_before(&self, a: usize, limit: usize) -> usize {
        let floor = a + (limit - a) / 2;
        let mut j = limit;
        while !self.text.is_char_boundary(j) {
            j -= 1;
        }
        let boundary = j;
        while j > floor {
            match self.char_before(j) {
                Some(ch) if ch.is_whitespace() => return j - ch.len_utf8(),
                Some(ch) => j -= ch.len_utf8(),
                None => break,
            }
        }
        if boundary > a {
            boundary
        } else {
            // Not reached for limit - a >= 4: a char is at most 4 bytes.
            a + self.char_at(a).map_or(1, char::len_utf8)
        }
    }

    /// Starts a sentence at the first non-space byte at or after `i`; returns
    /// where scanning goes on (past a list marker, if the sentence has one).
    fn begin_sentence(&mut self, i: usize, line: bool) -> usize {
        let (s, _) = self.skip_space(i);
        self.start = s;
        if line {
            self.list = None;
        }
        match self.marker_at(s) {
            Some((end, next)) => {
                self.list = next;
                end
            }
            None => s,
        }
    }

    // ----- candidates -----------------------------------------------------

    /// At `.` `!` `?` or `…`.
    fn at_stop(&mut self, c: usize) -> Action {
        let cl = self.cluster(c);
        let len = self.bytes.len();
        let Some(after) = self.char_at(cl.end) else {
            return Action::Split {
                end: cl.end,
                next: len,
                line: false,
            };
        };
        if !after.is_whitespace() {
            if self.glued_split(c, &cl) {
                return Action::Split {
                    end: cl.end,
                    next: cl.end,
                    line: false,
                };
            }
            return Action::Continue(cl.end);
        }
        let (ns, newlines) = self.skip_space(cl.end);
        let line = newlines > 0;
        if ns >= len || newlines >= 2 || (line && self.marker_at(ns).is_some()) {
            return Action::Split {
                end: cl.end,
                next: ns,
                line: true,
            };
        }
        if let Some(item) = self.list_item_before(c, &cl) {
            return Action::Split {
                end: item,
                next: item,
                line: false,
            };
        }
        let (first, first_at) = self.first_content(ns);
        if first.is_lowercase() {
            return Action::Continue(ns);
        }
        if cl.first_closer == Some(']') && self.char_before(c) == Some('[') {
            // `[...]`: an editorial omission, never an end.
            return Action::Continue(ns);
        }
        if cl.is_ellipsis() {
            if !cl.attached && (cl.dots == 3 || (cl.ellipsis_char && cl.dots == 0)) {
                // ` . . . ` or ` … ` standing apart: an omission inside the sentence.
                return Action::Continue(ns);
            }
            if cl.attached && cl.spaced && cl.dots >= 4 && cl.closers == 0 {
                // `word. . . . Next`: the full stop ends the sentence and the
                // ellipsis opens the next one.
                return Action::Split {
                    end: c + 1,
                    next: c + 1,
                    line: false,
                };
            }
            return self.split_or_attribution(&cl, ns, line);
        }
        if cl.strong || cl.dots != 1 {
            return self.split_or_attribution(&cl, ns, line);
        }
        let (w_start, word) = self.word_before(c);
        let upper = first.is_uppercase();
        let digit = first.is_ascii_digit();
        let starter = || upper && is_starter(self.word_at(first_at));
        let class = classify(word);
        if line
            && matches!(
                class,
                Word::Initial | Word::Dotted | Word::Time | Word::PronounI
            )
        {
            // A line break after `U.S.` or `6 p.m.` ends the sentence.
            return self.split_or_attribution(&cl, ns, line);
        }
        let keep = match class {
            Word::Plain => false,
            Word::Prefix | Word::LowerLetter | Word::Latin => true,
            Word::NumberPrefix => digit,
            Word::Initial | Word::Dotted => !starter(),
            Word::PronounI => !starter() && self.name_before(w_start),
            Word::Time => upper && self.words_between(self.start, w_start) <= 3,
        };
        if keep {
            return Action::Continue(ns);
        }
        self.split_or_attribution(&cl, ns, line)
    }

    /// At a line break that no full stop before it has already judged.
    fn at_newline(&mut self, c: usize) -> Action {
        let (ns, newlines) = self.skip_space(c);
        if ns >= self.bytes.len() || newlines >= 2 || self.marker_at(ns).is_some() {
            return Action::Split {
                end: c,
                next: ns,
                line: true,
            };
        }
        if self.line_continues(c) {
            return Action::Continue(ns);
        }
        let (first, _) = self.first_content(ns);
        if first.is_lowercase() && !self.char_at(self.start).is_some_and(char::is_lowercase) {
            // Wrapped text: the sentence goes on on the next line.
            return Action::Continue(ns);
        }
        Action::Split {
            end: c,
            next: ns,
            line: true,
        }
    }

    /// At `)`: the end of a `2)` marker in a running list.
    fn at_paren(&mut self, c: usize) -> Action {
        let Some(list @ (ListNext::Number(_, Suffix::Paren) | ListNext::Letter(_, Suffix::Paren))) =
            self.list
        else {
            return Action::Continue(c + 1);
        };
        let (w_start, word) = self.word_before(c);
        let wanted = match list {
            ListNext::Number(n, _) => word.parse::<u32>().ok() == Some(n),
            ListNext::Letter(l, _) => word.as_bytes() == [l],
            ListNext::Bullet(_) => false,
        };
        let spaced = self.char_at(c + 1).is_none_or(char::is_whitespace);
        if wanted && spaced && self.item_can_start(w_start) {
            return Action::Split {
                end: w_start,
                next: w_start,
                line: false,
            };
        }
        Action::Continue(c + 1)
    }

    /// At `<`: a block-level HTML tag ends the sentence; any other tag is
    /// skipped whole.
    fn at_tag(&mut self, c: usize) -> Action {
        let Some(tag) = self.text.get(c..).and_then(|r| r.get(..tag_len(r)?)) else {
            return Action::Continue(c + 1);
        };
        if is_block_tag(tag) {
            return Action::Split {
                end: c,
                next: c + tag.len(),
                line: true,
            };
        }
        Action::Continue(c + tag.len())
    }

    /// At the lead byte 0xE2: `…`, or a bullet of the running list.
    fn at_e2(&mut self, c: usize) -> Action {
        match self.char_at(c) {
            Some('…') => self.at_stop(c),
            Some('\u{2028}' | '\u{2029}') => self.at_newline(c),
            Some(ch) if self.list == Some(ListNext::Bullet(ch)) && self.item_can_start(c) => {
                Action::Split {
                    end: c,
                    next: c,
                    line: false,
                }
            }
            Some(ch) => Action::Continue(c + ch.len_utf8()),
            None => Action::Continue(c + 1),
        }
    }

    // ----- judging --------------------------------------------------------

    /// Ends the sentence after the cluster, unless an attribution follows a
    /// closing quotation; keeps a bracketed source (`(Mirror)`) with it.
    fn split_or_attribution(&self, cl: &Cluster, ns: usize, line: bool) -> Action {
        if cl.quote_close && !line && self.attribution_at(ns) {
            return Action::Continue(ns);
        }
        if !line {
            if let Some(end) = self.trailing_symbols(ns) {
                return Action::Split {
                    end,
                    next: end,
                    line: false,
                };
            }
        }
        if !line && self.bytes.get(ns) == Some(&b'(') {
            if let Some(end) = self.source_paren(ns) {
                return Action::Split {
                    end,
                    next: end,
                    line: false,
                };
            }
        }
        Action::Split {
            end: cl.end,
            next: ns,
            line,
        }
    }

    /// The run of terminal punctuation starting at `c`, with its closers.
    fn cluster(&self, c: usize) -> Cluster {
        let mut cl = Cluster {
            attached: c > self.start && self.char_before(c).is_some_and(|ch| !ch.is_whitespace()),
            ..Cluster::default()
        };
        let b = self.bytes;
        let mut i = c;
        let mut last_dot = false;
        loop {
            match b.get(i) {
                Some(b'.') => {
                    cl.dots += 1;
                    last_dot = true;
                    i += 1;
                }
                Some(b'!' | b'?') => {
                    cl.strong = true;
                    last_dot = false;
                    i += 1;
                }
                Some(0xE2) if b.get(i..i + 3) == Some("…".as_bytes()) => {
                    cl.ellipsis_char = true;
                    last_dot = false;
                    i += 3;
                }
                Some(b' ') if last_dot && self.spaced_dot_at(i + 1) => {
                    cl.spaced = true;
                    last_dot = false;
                    i += 1;
                }
                _ => break,
            }
        }
        loop {
            if let Some(ch) = self.char_at(i).filter(|&ch| is_closer(ch)) {
                if cl.first_closer.is_none() {
                    cl.first_closer = Some(ch);
                }
                cl.quote_close |= is_quote(ch);
                cl.closers += 1;
                i += ch.len_utf8();
                continue;
            }
            // Inline tags (`</a>`, `</strong>`) close like brackets.
            match self.text.get(i..).and_then(|r| r.get(..tag_len(r)?)) {
                Some(tag) if !is_block_tag(tag) => i += tag.len(),
                _ => break,
            }
        }
        cl.end = i;
        cl
    }

    /// A dot at `i` that continues a spaced ellipsis (`. . .`): followed by
    /// white space, another dot, a closer or the end.
    fn spaced_dot_at(&self, i: usize) -> bool {
        self.bytes.get(i) == Some(&b'.')
            && match self.char_at(i + 1) {
                None => true,
                Some(ch) => ch == '.' || ch.is_whitespace() || is_closer(ch),
            }
    }

    /// Whether a run glued to the next word (`world.Today`) ends a sentence.
    fn glued_split(&self, c: usize, cl: &Cluster) -> bool {
        if cl.dots > 1 || cl.ellipsis_char {
            return false;
        }
        let mut next = self.text.get(cl.end..).unwrap_or("").chars();
        let (Some(a), Some(b)) = (next.next(), next.next()) else {
            return false;
        };
        if !(a.is_uppercase() && b.is_lowercase()) {
            return false;
        }
        if !self
            .char_before(c)
            .is_some_and(|ch| ch.is_alphanumeric() || is_closer(ch))
        {
            return false;
        }
        let (_, word) = self.word_before(c);
        if word.chars().count() < 2 || classify(word) != Word::Plain {
            return false;
        }
        // Two capitalised words joined by a full stop are a name
        // (`Football.London`), not two sentences, unless the second is an
        // abbreviation that opens the next sentence (`Tuesday.Mr. Smith`).
        if word.chars().next().is_some_and(char::is_uppercase) {
            let after_word = self
                .text
                .get(cl.end..)
                .unwrap_or("")
                .chars()
                .take(WORD_WINDOW)
                .find(|ch| !ch.is_alphanumeric());
            if after_word != Some('.') {
                return false;
            }
        }
        if word.contains('@') || word.contains("://") || word.starts_with("www") {
            return false;
        }
        // An e-mail address or a web address goes on after the full stop.
        let ahead = self.bytes.get(cl.end..).unwrap_or(&[]);
        let token_len = ahead
            .iter()
            .take(WORD_WINDOW)
            .take_while(|b| !b.is_ascii_whitespace())
            .count();
        let token = ahead.get(..token_len).unwrap_or(&[]);
        !(token.contains(&b'@') || memmem::find(token, b"://").is_some())
    }

    /// If the running list's next marker is the word before this full stop
    /// (`... item 2. The`), the byte where that marker starts.
    fn list_item_before(&self, c: usize, cl: &Cluster) -> Option<usize> {
        let suffix = match (
            cl.dots,
            cl.strong || cl.ellipsis_char,
            cl.closers,
            cl.first_closer,
        ) {
            (1, false, 0, _) => Suffix::Dot,
            (1, false, 1, Some(')')) => Suffix::DotParen,
            _ => return None,
        };
        let (w_start, word) = self.word_before(c);
        let wanted = match self.list? {
            ListNext::Number(n, s) => s == suffix && word.parse::<u32>().ok() == Some(n),
            ListNext::Letter(l, s) => s == suffix && word.as_bytes() == [l],
            ListNext::Bullet(_) => false,
        };
        (wanted && self.item_can_start(w_start)).then_some(w_start)
    }

    /// A list item may start at `i`: inside the sentence, after white space.
    fn item_can_start(&self, i: usize) -> bool {
        i > self.start && self.char_before(i).is_some_and(char::is_whitespace)
    }

    /// A list marker at `i`: where it ends, and what marks the next item.
    fn marker_at(&self, i: usize) -> Option<(usize, Option<ListNext>)> {
        let first = self.char_at(i)?;
        let mut j = i;
        let mut bullet = None;
        if is_bullet(first) {
            bullet = Some(first);
            j += first.len_utf8();
            j = self.skip_blanks(j);
        } else if matches!(first, '-' | '*' | '–' | '—')
            && self.bytes.get(i + first.len_utf8()) == Some(&b' ')
        {
            j = self.skip_blanks(i + first.len_utf8());
            // Dashed items have no inline next marker: a dash inside the
            // line is punctuation.
            return Some((self.numbered_marker(j).map_or(j, |(end, _)| end), None));
        }
        let numbered = self.numbered_marker(j);
        match (bullet, numbered) {
            (Some(b), Some((end, _))) => Some((end, Some(ListNext::Bullet(b)))),
            (Some(b), None) => Some((j, Some(ListNext::Bullet(b)))),
            (None, Some((end, next))) => Some((end, Some(next))),
            (None, None) => None,
        }
    }

    /// `12.` `12)` `12.)` `a.` `a)` `A)` at `i`, followed by white space.
    fn numbered_marker(&self, i: usize) -> Option<(usize, ListNext)> {
        let b = self.bytes;
        let digits = b
            .get(i..)?
            .iter()
            .take(4)
            .take_while(|b| b.is_ascii_digit())
            .count();
        let (value, j) = if (1..=3).contains(&digits) {
            let n: u32 = self.text.get(i..i + digits)?.parse().ok()?;
            (Head::Number(n), i + digits)
        } else {
            let l = *b.get(i)?;
            if !l.is_ascii_alphabetic() || b.get(i + 1).is_some_and(u8::is_ascii_alphanumeric) {
                return None;
            }
            (Head::Letter(l), i + 1)
        };
        let (suffix, end) = match (b.get(j), b.get(j + 1)) {
            (Some(b'.'), Some(b')')) => (Suffix::DotParen, j + 2),
            (Some(b'.'), _) => (Suffix::Dot, j + 1),
            (Some(b')'), _) => (Suffix::Paren, j + 1),
            _ => return None,
        };
        if !self.char_at(end).is_none_or(char::is_whitespace) {
            return None;
        }
        let next = match value {
            Head::Number(n) => ListNext::Number(n + 1, suffix),
            // Capital letters with a full stop are initials, not markers.
            Head::Letter(l) if l.is_ascii_uppercase() && suffix == Suffix::Dot => return None,
            Head::Letter(l) => ListNext::Letter(l.wrapping_add(1), suffix),
        };
        Some((end, next))
    }

    /// The word right before byte `c` (not before the sentence start, at most
    /// [`WORD_WINDOW`] bytes), without opening brackets or quotes.
    fn word_before(&self, c: usize) -> (usize, &'t str) {
        let floor = self.start.max(c.saturating_sub(WORD_WINDOW));
        let mut j = c;
        while j > floor {
            match self.char_before(j) {
                Some(ch) if !ch.is_whitespace() => j -= ch.len_utf8(),
                _ => break,
            }
        }
        while let Some(ch) = self.char_at(j).filter(|&ch| j < c && is_opener(ch)) {
            j += ch.len_utf8();
        }
        (j, self.text.get(j..c).unwrap_or(""))
    }

    /// The letters of the word starting at `i` (at most 24 bytes).
    fn word_at(&self, i: usize) -> &'t str {
        let rest = self.text.get(i..).unwrap_or("");
        let mut end = 0;
        for (k, ch) in rest.char_indices() {
            if k >= 24 || !(ch.is_alphabetic() || ch == '\'' || ch == '’' || ch == '-') {
                break;
            }
            end = k + ch.len_utf8();
        }
        rest.get(..end).unwrap_or("")
    }

    /// A capitalised name stands right before the word at `w_start`
    /// (`Albert I.`), as opposed to `you and I.`.
    fn name_before(&self, w_start: usize) -> bool {
        if self.char_before(w_start) != Some(' ') {
            return false;
        }
        let j = w_start - 1;
        let floor = self.start.max(j.saturating_sub(24));
        let mut k = j;
        while k > floor {
            match self.char_before(k) {
                Some(ch) if ch.is_alphabetic() => k -= ch.len_utf8(),
                _ => break,
            }
        }
        let word = self.text.get(k..j).unwrap_or("");
        word.chars().next().is_some_and(char::is_uppercase) && !is_starter(word)
    }

    /// Words between `a` and `b`, counting at most to 8.
    fn words_between(&self, a: usize, b: usize) -> usize {
        if b.saturating_sub(a) > 80 {
            return 8;
        }
        self.text
            .get(a..b)
            .map_or(8, |s| s.split_whitespace().count())
    }

    /// A capitalised name and a reporting verb start at `i` (`Jones said`,
    /// `Dean Jones told`).
    fn attribution_at(&self, i: usize) -> bool {
        let mut j = i;
        for k in 0..3 {
            let word = self.word_at(j);
            if word.is_empty() {
                return false;
            }
            if k > 0 && is_reporting_verb(word) {
                return true;
            }
            if !word.chars().next().is_some_and(char::is_uppercase) {
                return false;
            }
            j += word.len();
            if self.bytes.get(j) != Some(&b' ') {
                return false;
            }
            j += 1;
        }
        false
    }

    /// Symbols alone at the end of a line (`Here we go! 🔴`) belong to the
    /// sentence before them: where they end, if the rest of the line (at most
    /// [`WORD_WINDOW`] bytes) has no letter, digit or opening bracket.
    fn trailing_symbols(&self, i: usize) -> Option<usize> {
        let rest = self.text.get(i..)?;
        for (k, ch) in rest.char_indices() {
            if k > WORD_WINDOW || ch.is_alphanumeric() || is_opener(ch) || is_bullet(ch) {
                return None;
            }
            if is_break(ch) {
                return Some(i + k);
            }
        }
        Some(self.bytes.len())
    }

    /// A bracketed source at `i` (`(Mirror)`, `(Times - subscription
    /// required)`) that closes the sentence before it: where it ends.
    fn source_paren(&self, i: usize) -> Option<usize> {
        let rest = self.text.get(i + 1..)?;
        if !rest.chars().next()?.is_uppercase() {
            return None;
        }
        let mut close = None;
        for (k, ch) in rest.char_indices() {
            if k > PAREN_WINDOW {
                return None;
            }
            match ch {
                ')' => {
                    close = Some(i + 1 + k);
                    break;
                }
                '(' | '.' | '!' | '?' | '…' => return None,
                ch if is_break(ch) => return None,
                _ => {}
            }
        }
        let mut end = close? + 1;
        if self.bytes.get(end) == Some(&b'.') {
            end += 1;
        }
        let k = self.skip_blanks(end);
        match self.char_at(k) {
            None => Some(end),
            Some(ch) if is_break(ch) => Some(end),
            Some(ch) if k > end && (ch.is_uppercase() || is_opener(ch)) => Some(end),
            _ => None,
        }
    }

    /// The line ending at the line break `c` asks to go on: it ends with a
    /// comma, colon, dash or a word such as `the`, `of`, `that`.
    fn line_continues(&self, c: usize) -> bool {
        let mut j = c;
        while j > self.start {
            match self.char_before(j) {
                // `\r` before `\n` is part of the line break at `c`.
                Some('\r') if j == c && self.bytes.get(c) == Some(&b'\n') => j -= 1,
                Some(ch) if ch.is_whitespace() && !is_break(ch) => j -= ch.len_utf8(),
                _ => break,
            }
        }
        match self.char_before(j) {
            Some(',' | ';' | ':' | '-' | '–' | '—' | '(' | '&' | '/' | '+') => true,
            Some(ch) if ch.is_lowercase() => {
                let floor = self.start.max(j.saturating_sub(12));
                let mut k = j;
                while k > floor {
                    match self.char_before(k) {
                        Some(ch) if ch.is_alphabetic() => k -= ch.len_utf8(),
                        _ => break,
                    }
                }
                self.text.get(k..j).is_some_and(is_continuation)
            }
            _ => false,
        }
    }

    /// The first character at `i` after opening quotes and brackets, and
    /// where it is.
    fn first_content(&self, i: usize) -> (char, usize) {
        let mut j = i;
        for _ in 0..4 {
            match self.char_at(j) {
                Some(ch) if is_opener(ch) => j += ch.len_utf8(),
                _ => break,
            }
        }
        (self.char_at(j).unwrap_or(' '), j)
    }

    // ----- characters -----------------------------------------------------

    fn char_at(&self, i: usize) -> Option<char> {
        self.text.get(i..)?.chars().next()
    }

    fn char_before(&self, i: usize) -> Option<char> {
        self.text.get(..i)?.chars().next_back()
    }

    /// Skips white space from `i`: the first other byte and the number of
    /// line breaks passed.
    fn skip_space(&self, i: usize) -> (usize, usize) {
        let mut j = i;
        let mut newlines = 0;
        while let Some(&b) = self.bytes.get(j) {
            if b == b'\n' || b == 0x0B || b == 0x0C {
                newlines += 1;
                j += 1;
            } else if b == b'\r' {
                // `\r\n` counts once, at its `\n`.
                if self.bytes.get(j + 1) != Some(&b'\n') {
                    newlines += 1;
                }
                j += 1;
            } else if b.is_ascii_whitespace() {
                j += 1;
            } else if b < 0x80 {
                break;
            } else {
                match self.char_at(j) {
                    Some('\u{2028}') => {
                        newlines += 1;
                        j += 3;
                    }
                    Some('\u{2029}') => {
                        newlines += 2;
                        j += 3;
                    }
                    Some(ch) if ch.is_whitespace() => j += ch.len_utf8(),
                    _ => break,
                }
            }
        }
        (j.min(self.bytes.len()), newlines)
    }

    /// Skips spaces and tabs from `i`.
    fn skip_blanks(&self, i: usize) -> usize {
        let mut j = i;
        while matches!(self.bytes.get(j), Some(b' ' | b'\t')) {
            j += 1;
        }
        j
    }
}

/// How the word before a full stop reads.
fn classify(word: &str) -> Word {
    match word {
        "Mr" | "Mrs" | "Ms" | "Mx" | "Dr" | "Prof" | "St" | "Ste" | "Mt" | "Ft" | "Capt"
        | "Cpt" | "Gen" | "Col" | "Lt" | "Cmdr" | "Sgt" | "Maj" | "Adm" | "Rev" | "Revd" | "Fr"
        | "Hon" | "Gov" | "Sen" | "Rep" | "Pres" | "Supt" | "Insp" | "Det" | "Cllr" | "Messrs"
        | "Mme" | "Mlle" | "Sra" | "vs" | "Vs" | "cf" | "viz" | "approx" | "ca" | "Fig" | "fig"
        | "Figs" | "pp" | "Ch" | "ch" => Word::Prefix,
        "No" | "no" | "Nos" | "nos" | "Nr" | "nr" | "N°" | "n°" | "Nº" | "nº" | "Art" | "art"
        | "Sec" | "sec" | "Vol" | "vol" | "Ref" | "ref" | "Tel" | "tel" | "Pt" | "pt" | "Jan"
        | "Feb" | "Mar" | "Apr" | "Jun" | "Jul" | "Aug" | "Sep" | "Sept" | "Oct" | "Nov"
        | "Dec" => Word::NumberPrefix,
        "I" => Word::PronounI,
        _ => classify_shape(word),
    }
}

/// Classifies words by their shape: single letters and dotted abbreviations.
fn classify_shape(word: &str) -> Word {
    let b = word.as_bytes();
    match b {
        [l] if l.is_ascii_lowercase() => return Word::LowerLetter,
        [l] if l.is_ascii_uppercase() => return Word::Initial,
        _ => {}
    }
    // Letters and full stops alternating: `U.S`, `a.m`, `U.S.A`.
    if b.len() >= 3
        && b.len() % 2 == 1
        && b.iter().enumerate().all(|(k, c)| {
            if k % 2 == 0 {
                c.is_ascii_alphabetic()
            } else {
                *c == b'.'
            }
        })
    {
        return match word.to_ascii_lowercase().as_str() {
            "a.m" | "p.m" => Word::Time,
            "i.e" | "e.g" => Word::Latin,
            _ => Word::Dotted,
        };
    }
    Word::Plain
}

/// Words that usually start a sentence, capitalised.
fn is_starter(word: &str) -> bool {
    matches!(
        word,
        "The"
            | "A"
            | "An"
            | "This"
            | "That"
            | "These"
            | "Those"
            | "There"
            | "Here"
            | "It"
            | "Its"
            | "It’s"
            | "It's"
            | "He"
            | "She"
            | "They"
            | "We"
            | "I"
            | "You"
            | "His"
            | "Her"
            | "Their"
            | "Our"
            | "My"
            | "Your"
            | "But"
            | "And"
            | "Or"
            | "So"
            | "Yet"
            | "However"
            | "Meanwhile"
            | "Although"
            | "Though"
            | "If"
            | "When"
            | "While"
            | "Where"
            | "What"
            | "Why"
            | "How"
            | "Who"
            | "Which"
            | "After"
            | "Before"
            | "As"
            | "At"
            | "In"
            | "On"
            | "For"
            | "With"
            | "By"
            | "From"
            | "To"
            | "Of"
            | "Since"
            | "Despite"
            | "According"
            | "Did"
            | "Does"
            | "Do"
            | "Is"
            | "Are"
            | "Was"
            | "Were"
            | "Will"
            | "Would"
            | "Can"
            | "Could"
            | "Should"
            | "Has"
            | "Have"
            | "Had"
            | "Not"
            | "No"
            | "Yes"
            | "Now"
            | "Then"
            | "Still"
            | "Also"
            | "Even"
            | "Such"
            | "Some"
            | "Many"
            | "Most"
            | "All"
            | "Both"
            | "Each"
            | "Every"
            | "One"
            | "Two"
            | "Sources"
            | "Another"
            | "Instead"
            | "Indeed"
            | "Later"
            | "Earlier"
            | "Today"
            | "Yesterday"
    )
}

/// Reporting verbs that attach a name to the quotation before it.
const REPORTING_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "tells",
    "added",
    "adds",
    "asked",
    "asks",
    "insisted",
    "insists",
    "explained",
    "explains",
    "continued",
    "continues",
    "claimed",
    "claims",
    "revealed",
    "reveals",
    "admitted",
    "admits",
    "reported",
    "noted",
    "notes",
    "wrote",
    "writes",
    "stated",
    "confirmed",
    "confirms",
    "declared",
    "replied",
    "replies",
    "joked",
    "warned",
    "warns",
    "suggested",
    "concluded",
    "tweeted",
    "posted",
    "responded",
    "recalled",
    "laughed",
    "commented",
    "remarked",
    "argued",
];

/// Lower-case words after which a line break does not end the sentence.
const CONTINUATIONS: &[&str] = &[
    "the", "a", "an", "of", "to", "and", "or", "nor", "for", "with", "that", "by", "from", "in",
    "on", "at", "as", "is", "are", "was", "were", "be", "been", "has", "have", "had", "will",
    "would", "could", "should", "can", "not", "but", "his", "her", "their", "its", "our", "this",
    "these", "those", "into", "than", "about", "after", "before", "over", "under", "between",
    "who", "which", "whose", "if", "when", "while", "because", "so", "very", "more", "most",
    "also", "said", "told", "says", "my", "your", "we", "they", "he", "she", "it",
];

/// A reporting verb (`said`, `told`).
fn is_reporting_verb(word: &str) -> bool {
    REPORTING_VERBS.contains(&word)
}

/// A word after which a line break does not end the sentence (`the`, `of`).
fn is_continuation(word: &str) -> bool {
    CONTINUATIONS.contains(&word)
}

/// A line break: `\n`, `\r`, vertical tab, form feed, U+2028, U+2029.
fn is_break(ch: char) -> bool {
    matches!(
        ch,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{2028}' | '\u{2029}'
    )
}

/// HTML elements laid out as blocks: their tags end a sentence.
const BLOCK_TAGS: &str =
    "address article aside blockquote body br dd div dl dt figcaption figure footer form h1 \
    h2 h3 h4 h5 h6 head header hr html li main nav ol p pre section table tbody td tfoot \
    th thead title tr ul";

/// A tag (as `tag_len` reads them) of a block-level element.
fn is_block_tag(tag: &str) -> bool {
    let name = tag
        .trim_start_matches(['<', '/'])
        .split(|c: char| !c.is_ascii_alphanumeric())
        .next()
        .unwrap_or("");
    BLOCK_TAGS.split(' ').any(|b| b.eq_ignore_ascii_case(name))
}

/// Opening quotes and brackets.
fn is_opener(ch: char) -> bool {
    matches!(
        ch,
        '(' | '[' | '{' | '“' | '‘' | '"' | '\'' | '«' | '„' | '‚' | '‹'
    )
}

/// Closing quotes and brackets that may follow a sentence's last full stop.
fn is_closer(ch: char) -> bool {
    matches!(ch, ')' | ']' | '}' | '”' | '’' | '"' | '\'' | '»' | '›')
}

/// Quotation marks among the closers.
fn is_quote(ch: char) -> bool {
    matches!(ch, '”' | '’' | '"' | '\'' | '»' | '›')
}

/// Bullet characters that may also mark the next item inside a line.
fn is_bullet(ch: char) -> bool {
    matches!(ch, '•' | '⁃' | '◦' | '▪' | '‣' | '●' | '►' | '▸')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sentence texts of `text` split from byte 0, invariants checked.
    fn sents(text: &str) -> Vec<&str> {
        sents_from(text, 0)
    }

    /// The sentence texts of `text` split from `from`, invariants checked.
    fn sents_from(text: &str, from: usize) -> Vec<&str> {
        let spans = split(text, from);
        assert_invariants(text, from, &spans);
        spans.iter().map(|s| &text[s.start..s.end]).collect()
    }

    /// Ordered, non-overlapping, inside `text[from..]`, on char boundaries,
    /// non-empty and trimmed.
    fn assert_invariants(text: &str, from: usize, spans: &[Span]) {
        let mut last = from;
        for s in spans {
            assert!(s.start >= last, "span {s:?} before {last} in {text:?}");
            assert!(s.start < s.end, "empty span {s:?} in {text:?}");
            assert!(s.end <= text.len(), "span {s:?} past end of {text:?}");
            assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            let t = &text[s.start..s.end];
            assert_eq!(t, t.trim(), "untrimmed span {s:?} in {text:?}");
            last = s.end;
        }
    }

    // ----- terminators ----------------------------------------------------

    #[test]
    fn full_stop_question_and_exclamation_end_sentences() {
        assert_eq!(
            sents("Salah scored twice. Did Liverpool win? They did! The fans sang."),
            [
                "Salah scored twice.",
                "Did Liverpool win?",
                "They did!",
                "The fans sang."
            ]
        );
    }

    #[test]
    fn repeated_and_mixed_terminators_stay_together() {
        assert_eq!(
            sents("What a goal!! Who scored?? Was it Saka?! It was!? Yes."),
            [
                "What a goal!!",
                "Who scored??",
                "Was it Saka?!",
                "It was!?",
                "Yes."
            ]
        );
    }

    #[test]
    fn terminator_before_lower_case_word_does_not_split() {
        assert_eq!(
            sents("He moved to Yahoo! in the summer and later joined Chelsea."),
            ["He moved to Yahoo! in the summer and later joined Chelsea."]
        );
    }

    #[test]
    fn dotted_names_are_not_split() {
        assert_eq!(
            sents("According to Football.London, Spurs want a striker. They have money."),
            [
                "According to Football.London, Spurs want a striker.",
                "They have money."
            ]
        );
    }

    #[test]
    fn glued_sentences_split_between_words() {
        assert_eq!(
            sents("Arsenal won.Spurs lost.Mr. Levy paid 1,000.That was all."),
            [
                "Arsenal won.",
                "Spurs lost.",
                "Mr. Levy paid 1,000.",
                "That was all."
            ]
        );
    }

    // ----- abbreviations --------------------------------------------------

    #[test]
    fn titles_do_not_end_sentences() {
        assert_eq!(
            sents(
                "Mr. Amorim met Dr. Cohen at St. James' Park. Sir Alex Ferguson watched. \
                 Prof. Smith and Mrs. Jones agreed."
            ),
            [
                "Mr. Amorim met Dr. Cohen at St. James' Park.",
                "Sir Alex Ferguson watched.",
                "Prof. Smith and Mrs. Jones agreed."
            ]
        );
    }

    #[test]
    fn number_prefixes_do_not_end_sentences() {
        assert_eq!(
            sents("He wears the No. 9 shirt, see p. 12 and Oct. 13 for details. No. They refused."),
            [
                "He wears the No. 9 shirt, see p. 12 and Oct. 13 for details.",
                "No.",
                "They refused."
            ]
        );
    }

    #[test]
    fn trailing_abbreviations_end_sentences_before_capitals_only() {
        assert_eq!(
            sents(
                "Fans of Man Utd. are angry. They blame Glazer Co. It is a mess. \
                 Ask Sammy Jr. and co. at the ground."
            ),
            [
                "Fans of Man Utd. are angry.",
                "They blame Glazer Co.",
                "It is a mess.",
                "Ask Sammy Jr. and co. at the ground."
            ]
        );
    }

    #[test]
    fn possessive_after_abbreviation_stays() {
        assert_eq!(
            sents("That is Davis Jr.'s boot."),
            ["That is Davis Jr.'s boot."]
        );
    }

    #[test]
    fn versus_abbreviations_do_not_end_sentences() {
        assert_eq!(
            sents("Liverpool vs. Arsenal kicks off soon. Chelsea v. Spurs follows."),
            [
                "Liverpool vs. Arsenal kicks off soon.",
                "Chelsea v. Spurs follows."
            ]
        );
    }

    #[test]
    fn dotted_abbreviations_split_only_before_sentence_starters() {
        assert_eq!(
            sents(
                "He played in the U.S. for two years. He joined the U.S. Soccer setup. \
                 Pulisic left the U.S. What next? Ties to the E.U. How odd."
            ),
            [
                "He played in the U.S. for two years.",
                "He joined the U.S. Soccer setup.",
                "Pulisic left the U.S.",
                "What next?",
                "Ties to the E.U.",
                "How odd."
            ]
        );
    }

    #[test]
    fn line_break_after_dotted_abbreviation_ends_sentence() {
        assert_eq!(
            sents(
                "He spent a year in the U.S.\nLiverpool signed him at 6 p.m.\nMr.\nSmith agreed."
            ),
            [
                "He spent a year in the U.S.",
                "Liverpool signed him at 6 p.m.",
                "Mr.\nSmith agreed."
            ]
        );
    }

    #[test]
    fn latin_abbreviations_do_not_end_sentences() {
        assert_eq!(
            sents("Big clubs, e.g. Barcelona, want him. The fee, i.e. £50m, is high."),
            [
                "Big clubs, e.g. Barcelona, want him.",
                "The fee, i.e. £50m, is high."
            ]
        );
    }

    #[test]
    fn times_of_day() {
        assert_eq!(
            sents(
                "At 9 a.m. Mr. Slot arrived. The medical ended at 5 P.M. Mr. Isak then signed. \
                 Kick-off is at 3.30pm. The gates open at 14:32 GMT."
            ),
            [
                "At 9 a.m. Mr. Slot arrived.",
                "The medical ended at 5 P.M.",
                "Mr. Isak then signed.",
                "Kick-off is at 3.30pm.",
                "The gates open at 14:32 GMT."
            ]
        );
    }

    // ----- initials -------------------------------------------------------

    #[test]
    fn initials_do_not_end_sentences() {
        assert_eq!(
            sents("N. Kante joined from Leicester. Chelsea sold Ruben E. Loftus-Cheek."),
            [
                "N. Kante joined from Leicester.",
                "Chelsea sold Ruben E. Loftus-Cheek."
            ]
        );
    }

    #[test]
    fn initial_before_sentence_starter_ends_sentence() {
        assert_eq!(
            sents("Liverpool topped Group B. They face Inter next."),
            ["Liverpool topped Group B.", "They face Inter next."]
        );
    }

    #[test]
    fn pronoun_i_versus_initial_i() {
        assert_eq!(
            sents("The gaffer trusts him and I. Did you see Kevin I. Jones score?"),
            [
                "The gaffer trusts him and I.",
                "Did you see Kevin I. Jones score?"
            ]
        );
    }

    // ----- numbers --------------------------------------------------------

    #[test]
    fn decimals_and_money_do_not_split() {
        assert_eq!(
            sents(
                "Madrid will pay €1.5bn (£17.3m, $23.3m) over 2.5 years. \
                 The fee is $100.00. It rises to £62.5m later."
            ),
            [
                "Madrid will pay €1.5bn (£17.3m, $23.3m) over 2.5 years.",
                "The fee is $100.00.",
                "It rises to £62.5m later."
            ]
        );
    }

    #[test]
    fn scores_and_years_end_sentences() {
        assert_eq!(
            sents("City won 2-1. 40,000 fans watched. He joined in 2021. The deal ran out."),
            [
                "City won 2-1.",
                "40,000 fans watched.",
                "He joined in 2021.",
                "The deal ran out."
            ]
        );
    }

    #[test]
    fn dotted_numbers_stay_whole() {
        assert_eq!(
            sents("The ground sits at No. 1026.253.553. Nobody goes there."),
            ["The ground sits at No. 1026.253.553.", "Nobody goes there."]
        );
    }

    // ----- ellipses -------------------------------------------------------

    #[test]
    fn ellipsis_before_capital_ends_sentence() {
        assert_eq!(
            sents("We wanted him.... He chose Arsenal. Watch this space… Spurs lead."),
            [
                "We wanted him....",
                "He chose Arsenal.",
                "Watch this space…",
                "Spurs lead."
            ]
        );
    }

    #[test]
    fn ellipsis_before_lower_case_does_not_split() {
        assert_eq!(
            sents("I wasn’t ... well, I mean...look . . . the thing is … I didn’t sign."),
            ["I wasn’t ... well, I mean...look . . . the thing is … I didn’t sign."]
        );
    }

    #[test]
    fn spaced_omission_is_not_an_end() {
        assert_eq!(
            sents("He said the club . . . It was over. Then he left."),
            ["He said the club . . . It was over.", "Then he left."]
        );
    }

    #[test]
    fn four_dot_ellipsis() {
        assert_eq!(
            sents("The deal collapsed. . . . The club moved on. Fans waited . . . . Nothing came."),
            [
                "The deal collapsed.",
                ". . . The club moved on.",
                "Fans waited . . . .",
                "Nothing came."
            ]
        );
    }

    #[test]
    fn bracketed_ellipsis_is_not_an_end() {
        assert_eq!(
            sents("\"Salah [...] remains our key man [...]\" (Club statement). Done."),
            [
                "\"Salah [...] remains our key man [...]\" (Club statement).",
                "Done."
            ]
        );
    }

    // ----- quotations -----------------------------------------------------

    #[test]
    fn quotation_then_lower_case_attribution_stays() {
        assert_eq!(
            sents(
                "'The fee is too high,' noted the report. \"We are calm.\" he said. \
                 ‘He will stay.’ said Slot."
            ),
            [
                "'The fee is too high,' noted the report.",
                "\"We are calm.\" he said.",
                "‘He will stay.’ said Slot."
            ]
        );
    }

    #[test]
    fn quotation_with_comma_then_named_attribution_stays() {
        assert_eq!(
            sents(
                "“Konate is our man,” Jones told TEAMtalk. ‘Terms are close,’ reported O’Connor."
            ),
            [
                "“Konate is our man,” Jones told TEAMtalk.",
                "‘Terms are close,’ reported O’Connor."
            ]
        );
    }

    #[test]
    fn question_in_quotation_then_named_attribution_stays() {
        assert_eq!(
            sents("“Why would he leave?” Dean Jones asked. “He won’t!” Slot insisted."),
            [
                "“Why would he leave?” Dean Jones asked.",
                "“He won’t!” Slot insisted."
            ]
        );
    }

    #[test]
    fn quotation_then_new_sentence_splits() {
        assert_eq!(
            sents("He told me, \"This is a great club.\" He then signed the forms."),
            [
                "He told me, \"This is a great club.\"",
                "He then signed the forms."
            ]
        );
    }

    #[test]
    fn multi_sentence_quotation_keeps_last_sentence_with_attribution() {
        assert_eq!(
            sents(
                "‘Konate wants to go. Madrid are keen. Liverpool will listen,’ reported O’Connor."
            ),
            [
                "‘Konate wants to go.",
                "Madrid are keen.",
                "Liverpool will listen,’ reported O’Connor."
            ]
        );
    }

    #[test]
    fn full_stop_after_closing_quotation() {
        assert_eq!(
            sents("Romano gave it his “here we go”. Arsenal moved on."),
            ["Romano gave it his “here we go”.", "Arsenal moved on."]
        );
    }

    // ----- parentheses ----------------------------------------------------

    #[test]
    fn parenthetical_inside_sentence_stays() {
        assert_eq!(
            sents("Isak (He scored 27 goals last season.) is the target. Newcastle refuse."),
            [
                "Isak (He scored 27 goals last season.) is the target.",
                "Newcastle refuse."
            ]
        );
    }

    #[test]
    fn bracketed_source_stays_with_its_sentence() {
        assert_eq!(
            sents(
                "Chelsea want Osimhen, 25. (Mirror)\n\nArsenal are keen on Vlahovic, 24. \
                 (Gazzetta dello Sport - in Italian) Spurs are not."
            ),
            [
                "Chelsea want Osimhen, 25. (Mirror)",
                "Arsenal are keen on Vlahovic, 24. (Gazzetta dello Sport - in Italian)",
                "Spurs are not."
            ]
        );
    }

    #[test]
    fn parenthesised_sentence_after_full_stop_splits() {
        assert_eq!(
            sents("He left in July. (He returned a year later.) Fans cheered."),
            [
                "He left in July.",
                "(He returned a year later.)",
                "Fans cheered."
            ]
        );
    }

    // ----- lists ----------------------------------------------------------

    #[test]
    fn numbered_list_with_dots() {
        assert_eq!(
            sents("1. Liverpool sign Wirtz 2. Arsenal sign Eze 3. City sign Cherki"),
            [
                "1. Liverpool sign Wirtz",
                "2. Arsenal sign Eze",
                "3. City sign Cherki"
            ]
        );
        assert_eq!(
            sents("1. Liverpool sign Wirtz. 2. Arsenal sign Eze."),
            ["1. Liverpool sign Wirtz.", "2. Arsenal sign Eze."]
        );
    }

    #[test]
    fn numbered_list_with_parentheses() {
        assert_eq!(
            sents("1) Saka stays 2) Rice stays"),
            ["1) Saka stays", "2) Rice stays"]
        );
        assert_eq!(
            sents("1.) Saka stays. 2.) Rice stays 3.) Odegaard stays"),
            ["1.) Saka stays.", "2.) Rice stays", "3.) Odegaard stays"]
        );
    }

    #[test]
    fn lettered_list() {
        assert_eq!(
            sents("a. The bid b. The medical c. The signing"),
            ["a. The bid", "b. The medical", "c. The signing"]
        );
    }

    #[test]
    fn bulleted_list_inline() {
        assert_eq!(
            sents("• 1. Salah renews • 2. Van Dijk renews"),
            ["• 1. Salah renews", "• 2. Van Dijk renews"]
        );
        assert_eq!(
            sents("⁃7. Mount leaves ⁃8. Casemiro leaves"),
            ["⁃7. Mount leaves", "⁃8. Casemiro leaves"]
        );
    }

    #[test]
    fn dashed_list_lines() {
        assert_eq!(
            sents(
                "Paper Talk\n\n- Liverpool are keen on Guehi. Palace want £65m.\n- Spurs eye Semenyo\n\
                 - Chelsea – as expected – sell Sterling."
            ),
            [
                "Paper Talk",
                "- Liverpool are keen on Guehi.",
                "Palace want £65m.",
                "- Spurs eye Semenyo",
                "- Chelsea – as expected – sell Sterling."
            ]
        );
    }

    #[test]
    fn numbered_lines_are_items() {
        assert_eq!(
            sents("Top targets:\n1. Guehi\n2. Konate\n3. Upamecano"),
            ["Top targets:", "1. Guehi", "2. Konate", "3. Upamecano"]
        );
    }

    // ----- addresses ------------------------------------------------------

    #[test]
    fn email_address() {
        assert_eq!(
            sents("Write to Press.Office@liverpoolfc.com. They reply fast."),
            ["Write to Press.Office@liverpoolfc.com.", "They reply fast."]
        );
    }

    #[test]
    fn web_address() {
        assert_eq!(
            sents("Read it at https://www.example.co.uk/News/Transfer_Latest.html. It is free."),
            [
                "Read it at https://www.example.co.uk/News/Transfer_Latest.html.",
                "It is free."
            ]
        );
    }

    // ----- lines ----------------------------------------------------------

    #[test]
    fn heading_and_boilerplate_lines_are_sentences() {
        assert_eq!(
            sents(
                "Latest Liverpool news: PSG competition, Marc Guehi update\n\
                 TEAMtalk expects Konate to extend at Anfield\n\
                 READ NEXT 🔴 Man Utd ‘make contact’ over £80m midfielder\n\
                 Our insider has been told he WILL sign."
            ),
            [
                "Latest Liverpool news: PSG competition, Marc Guehi update",
                "TEAMtalk expects Konate to extend at Anfield",
                "READ NEXT 🔴 Man Utd ‘make contact’ over £80m midfielder",
                "Our insider has been told he WILL sign."
            ]
        );
    }

    #[test]
    fn blank_line_always_ends_sentence() {
        assert_eq!(
            sents("He spoke to Mr.\n\nSmith agreed\n \t\nthe terms, said Dr.\r\n\r\nOk"),
            [
                "He spoke to Mr.",
                "Smith agreed",
                "the terms, said Dr.",
                "Ok"
            ]
        );
    }

    #[test]
    fn wrapped_lines_join() {
        assert_eq!(
            sents("Liverpool have been told that\nMo Salah will stay, and the club\nare happy.\n"),
            ["Liverpool have been told that\nMo Salah will stay, and the club\nare happy."]
        );
        assert_eq!(
            sents("It was a cold \nnight at Anfield."),
            ["It was a cold \nnight at Anfield."]
        );
    }

    #[test]
    fn lower_case_lines_are_a_list() {
        assert_eq!(
            sents("fixtures\nresults\ntables, stats\n"),
            ["fixtures", "results", "tables, stats"]
        );
    }

    // ----- characters -----------------------------------------------------

    #[test]
    fn emoji_and_curly_quotes() {
        assert_eq!(
            sents("HAVE YOU SIGNED UP? 💫 Get the news first. ‘Konate’ is 🔴 hot!"),
            [
                "HAVE YOU SIGNED UP?",
                "💫 Get the news first.",
                "‘Konate’ is 🔴 hot!"
            ]
        );
    }

    #[test]
    fn emoji_at_line_end_stays_with_sentence() {
        assert_eq!(
            sents("Wirtz to Liverpool, here we go! 🔴🔥\nDone deal. ✅ Medical booked. 🩺"),
            [
                "Wirtz to Liverpool, here we go! 🔴🔥",
                "Done deal.",
                "✅ Medical booked. 🩺"
            ]
        );
    }

    // ----- offsets --------------------------------------------------------

    #[test]
    fn offsets_are_bytes_into_the_whole_text() {
        let text = " date 2025-11-30 Konaté stays. Madrid 🔴 moved on.";
        let from = " date 2025-11-30 ".len();
        let spans = split(text, from);
        assert_eq!(
            spans,
            [
                Span::new(from, from + "Konaté stays.".len()),
                Span::new(32, text.len())
            ]
        );
        assert_eq!(spans[1].slice(text), "Madrid 🔴 moved on.");
    }

    #[test]
    fn date_prefix_is_not_part_of_a_sentence() {
        let text =
            "date 2024-08-09 TOP STORY: The latest on Julian Alvarez\n\nAtletico agree a fee.";
        assert_eq!(
            sents_from(text, "date 2024-08-09 ".len()),
            [
                "TOP STORY: The latest on Julian Alvarez",
                "Atletico agree a fee."
            ]
        );
    }

    #[test]
    fn invalid_offsets_give_no_sentences() {
        assert!(split("Salah stays.", 13).is_empty());
        assert!(split("Salah stays.", usize::MAX).is_empty());
        // Inside the two-byte `é`.
        assert!(split("Konaté stays.", 6).is_empty());
        assert!(split("", 1).is_empty());
        assert_eq!(sents_from("Salah stays.", 12), Vec::<&str>::new());
        assert_eq!(sents_from("Salah stays. Nunez goes.", 12), ["Nunez goes."]);
    }

    // ----- invariants -----------------------------------------------------

    #[test]
    fn degenerate_inputs() {
        assert_eq!(sents(""), Vec::<&str>::new());
        assert_eq!(sents(" \n\t\r\n \u{a0}\u{2003} "), Vec::<&str>::new());
        assert_eq!(sents("..."), ["..."]);
        assert_eq!(sents("?!.…"), ["?!.…"]);
        assert_eq!(sents("🔴"), ["🔴"]);
        assert_eq!(sents("🔴. 💫!"), ["🔴. 💫!"]);
        assert_eq!(sents("🔴. Salah!"), ["🔴.", "Salah!"]);
        assert_eq!(sents("  Salah.  "), ["Salah."]);
    }

    #[test]
    fn invariants_hold_on_tricky_inputs() {
        // Pieces separated by `|`.
        let tricky: Vec<&str> = concat!(
            ".|!|?|…|\n|)|(|“|’|'|\"|•|⁃|- |1.|1)|a.|a)|A)|1.)|. . . .|[...]|Mr.|U.S.|a.m.|I.|",
            "N°.|(Mirror)|x.y@z.com|http://a.b/c.|é|🔴|\u{a0}|\u{2028}|\r\n|\n\n| . |”.|.’ |.)|",
            "?” Jones said|— |* |9|b. |2. "
        )
        .split('|')
        .collect();
        for &a in &tricky {
            for &b in &tricky {
                for &c in &tricky {
                    let text = format!("{a}{b}{c}");
                    let _ = sents(&text);
                    let text = format!("{a} Xy {b}\nzz {c} Q");
                    let _ = sents(&text);
                }
            }
        }
    }

    #[test]
    fn invariants_hold_on_pseudo_random_inputs() {
        // Pieces separated by `|`.
        let pieces: Vec<&str> = concat!(
            "Liverpool|sign|Konaté|.|!|?|…| | |\n|\n\n|“|”|‘|’|'|\"|(|)|[|]|•|⁃|- |1.|2)|a.|b.|",
            "Mr.|U.S.|p.m.|I|N.|£17.3m|🔴|@|://|\u{a0}|,|said|Jones|e.g.|. . .|x|\u{301}|",
            "\u{200b}|\u{2029}|\u{0}|\u{feff}|。|ǅ|ß|\t|\r"
        )
        .split('|')
        .collect();
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..(seed % 40) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            for from in 0..=text.len() + 1 {
                if text.is_char_boundary(from) {
                    let _ = sents_from(&text, from);
                } else {
                    assert!(split(&text, from).is_empty());
                }
            }
        }
    }

    #[test]
    fn sentences_cover_all_non_space_text() {
        let text =
            "Arsenal won.Spurs lost. (Mirror) “Why?” he asked…\n\nfine\nok\n• a • b 1) x 2) y";
        let spans = split(text, 0);
        let mut covered = String::new();
        for s in &spans {
            covered.push_str(s.slice(text));
        }
        let strip = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        assert_eq!(strip(&covered), strip(text));
    }

    // ----- large inputs (linear time) ---------------------------------------

    /// Text that never ends a sentence comes out in pieces of at most
    /// `MAX_SENTENCE` bytes, each more than half of it but the last.
    fn assert_capped_run(text: &str) {
        let got = sents(text);
        assert!(got.iter().all(|s| s.len() <= MAX_SENTENCE));
        assert!(got
            .iter()
            .rev()
            .skip(1)
            .all(|s| s.len() > MAX_SENTENCE / 2 - 4));
        assert!(got.len() >= text.trim().len() / MAX_SENTENCE);
    }

    #[test]
    fn large_degenerate_inputs_finish() {
        assert_capped_run(&"Liverpool want Guehi ".repeat(100_000));
        assert_capped_run(&".".repeat(1_000_000));
        assert_capped_run(&"“Salah ".repeat(100_000));
        assert_capped_run(&"'a. ".repeat(100_000));
        assert_capped_run(&"Mr. ".repeat(200_000));
        assert_capped_run(&")".repeat(500_000));
        // `1.` opens each sentence as a marker; the next `1.` ends it.
        assert_eq!(sents(&"1. ".repeat(200_000)).len(), 100_000);
        assert_eq!(sents(&"ab.Cd ".repeat(100_000)).len(), 100_001);
        let spaced = format!("x{}\ny", " ".repeat(1_000_000));
        assert_eq!(sents(&spaced).len(), 2);
    }

    // ----- robustness ---------------------------------------------------------

    #[test]
    fn over_long_run_is_cut_at_white_space_before_the_cap() {
        let text = "Liverpool want Guehi ".repeat(200);
        let got = sents(&text);
        assert!(got.len() >= 2);
        assert!(got.iter().all(|s| s.len() <= MAX_SENTENCE));
        // Cut between words, never inside one.
        let words = ["Liverpool", "want", "Guehi"];
        assert!(got.iter().all(|s| s.split(' ').all(|w| words.contains(&w))));
    }

    #[test]
    fn over_long_run_without_space_is_cut_on_char_boundaries() {
        let text = "é🔴".repeat(2_000);
        let got = sents(&text);
        assert!(got.len() >= 4);
        assert_eq!(got.concat(), text);
    }

    #[test]
    fn sentences_of_normal_length_are_not_cut() {
        let long = format!("Liverpool want {} Guehi.", "very ".repeat(190));
        assert!(long.len() < MAX_SENTENCE);
        assert_eq!(sents(&long), [long.as_str()]);
    }

    #[test]
    fn lone_cr_is_a_line_break() {
        assert_eq!(
            sents("Liverpool want Konate\r\rArsenal are keen on Saka\rREAD NEXT stuff\r"),
            [
                "Liverpool want Konate",
                "Arsenal are keen on Saka",
                "READ NEXT stuff"
            ]
        );
        // Wrapped text goes on across a single lone CR as across `\n`.
        assert_eq!(
            sents("Konate is out of contract at\rLiverpool. Next."),
            ["Konate is out of contract at\rLiverpool.", "Next."]
        );
    }

    #[test]
    fn crlf_lines_split_as_lf_lines_do() {
        let lf = "Liverpool want Konate\n\nArsenal keen on\nSaka.\nREAD NEXT stuff\n";
        let crlf = lf.replace('\n', "\r\n");
        let strip = |v: Vec<&str>| v.iter().map(|s| s.replace('\r', "")).collect::<Vec<_>>();
        assert_eq!(strip(sents(&crlf)), strip(sents(lf)));
        assert_eq!(sents(&crlf).len(), 3);
    }

    #[test]
    fn form_feed_and_unicode_separators_are_line_breaks() {
        assert_eq!(
            sents("Liverpool want Konate\u{0C}\u{0C}Arsenal keen on Saka.\u{0C}READ NEXT stuff"),
            [
                "Liverpool want Konate",
                "Arsenal keen on Saka.",
                "READ NEXT stuff"
            ]
        );
        assert_eq!(
            sents("Liverpool want Konate\u{2029}Arsenal keen\u{2028}on Saka"),
            ["Liverpool want Konate", "Arsenal keen\u{2028}on Saka"]
        );
    }

    #[test]
    fn block_level_html_tags_end_sentences() {
        assert_eq!(
            sents("<p>Arsenal want Saka</p><p>Liverpool want Konate</p>"),
            ["Arsenal want Saka", "Liverpool want Konate"]
        );
        assert_eq!(
            sents("<h2>Liverpool want Konate</h2>\n<p>Reds keen.</p> <div class=\"x\">Next one"),
            ["Liverpool want Konate", "Reds keen.", "Next one"]
        );
        assert_eq!(
            sents("One line<br>another line<BR/>third"),
            ["One line", "another line", "third"]
        );
    }

    #[test]
    fn inline_tags_after_a_full_stop_close_the_sentence() {
        assert_eq!(
            sents("Liverpool want <a href=\"/x\">Konate.</a> Arsenal want <b>Saka</b>."),
            [
                "Liverpool want <a href=\"/x\">Konate.</a>",
                "Arsenal want <b>Saka</b>."
            ]
        );
    }

    #[test]
    fn full_stops_inside_tags_are_not_judged() {
        assert_eq!(
            sents("Read <a href=\"https://a.com/B. C? D!\" title=\"Mr. X. Y\">this</a> now."),
            ["Read <a href=\"https://a.com/B. C? D!\" title=\"Mr. X. Y\">this</a> now."]
        );
    }
}
