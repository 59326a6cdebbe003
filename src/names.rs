//! The name table: where folded names occur in folded text.
//!
//! In: folded names (see [`crate::fold`]) at build time; folded text at
//! search time. Out: the leftmost-longest, non-overlapping occurrences of the
//! names that start at the start of a word and end at the end of one, each
//! with the index of the name it is. A word is a run of ASCII letters and
//! digits; a name may end in punctuation after its last word (`arsenal f.c.`,
//! `canal+`), and then the byte after it must not be a letter or digit.
//!
//! How: every name is cut after each of its words into segments (`paris`,
//! ` st`, ` germain`), and a hash table holds the hash of every such prefix
//! of every name, marked with the name it completes (if any) and whether a
//! longer name goes on from it. A search walks the words of the text; at each
//! word it looks up the hash of that word and, while the table says a longer
//! name may follow, extends the hash over the next segment of the text. A
//! filter of first-word hashes (two bits per word) turns most words away
//! before any table probe. The words are read off a bitmask of the text's
//! word bytes, 64 bytes classified at a time; the hash takes eight bytes at
//! a time, so a word of up to eight bytes costs one load and one multiply.
//! The table is open-addressed, at most half full. Building costs one
//! insertion per word of every name (a few milliseconds for the built-in
//! gazetteer); searching costs one filter test per word of text, plus one
//! probe per word that may begin a name.
//!
//! Invariants: a reported occurrence's bytes equal its name (every hash hit
//! is verified against the name's bytes, so a hash collision can cost time
//! but never produce a wrong match); occurrences are reported in text order
//! and never overlap; a name that does not start with a letter or digit is
//! never found, and [`NameTable::unfindable`] counts such names.

use crate::fold::{pack8, within, HIGHS, ONES};

/// One occurrence of a name in the text searched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NameMatch {
    /// Byte offset of the first byte, in the folded text.
    pub start: usize,
    /// Byte offset just past the last byte.
    pub end: usize,
    /// Index of the name, in the order given to [`NameTable::new`].
    pub name: usize,
}

/// What the table knows of one prefix hash: a slot of the open-addressing
/// table.
#[derive(Clone, Copy, Debug, Default)]
struct Node {
    /// The finished hash of the prefix (0: an empty slot).
    hash: u64,
    /// The name this prefix completes, plus one (0: none).
    name: u32,
    /// Some name goes on with another word after this prefix.
    longer: bool,
    /// Some name goes on with punctuation only after this prefix.
    tail: bool,
}

/// Bits in the first-word filter: 2^18 bits, 32 KiB.
const FILTER_BITS: u32 = 18;

/// Most bytes of trailing punctuation a name may have (`f.c.` has one after
/// its last word, `.`).
const MAX_TAIL: usize = 4;

/// The compiled table of names: build once, search many texts.
#[derive(Clone, Debug)]
pub struct NameTable {
    /// Every name's bytes, one after the other.
    bytes: Vec<u8>,
    /// Where each name starts in `bytes`, and where the next one does.
    starts: Vec<usize>,
    /// The length of the longest name.
    longest: usize,
    /// Open addressing with linear probing; a power of two long, at most
    /// half full.
    nodes: Vec<Node>,
    /// 64 minus the number of bits of a slot index.
    shift: u32,
    /// First-word filter: two bits of one 64-bit word per first word.
    first: Vec<u64>,
    unfindable: usize,
}

/// The hash state at the start of every name.
const SEED: u64 = 0x243F_6A88_85A3_08D3;
/// An odd multiplier with well-spread bits.
const MIX: u64 = 0x9E37_79B9_7F4A_7C15;

/// The hash state after eight more bytes `v` (little-endian).
fn step(state: u64, v: u64) -> u64 {
    (state ^ v).wrapping_mul(MIX).rotate_left(29)
}

/// The `n` (at most eight) bytes of `hay` from `from` as a little-endian
/// number, zero-padded: one unaligned load where eight bytes are there.
fn bytes_at(hay: &[u8], from: usize, n: usize) -> u64 {
    match hay.get(from..).and_then(|r| r.first_chunk::<8>()) {
        Some(&eight) => {
            // The low `n` bytes: all eight from `n = 8` on, none for `n = 0`.
            let keep = u64::MAX.checked_shr(64 - 8 * n.min(8) as u32).unwrap_or(0);
            u64::from_le_bytes(eight) & keep
        }
        None => {
            let mut eight = [0u8; 8];
            let bytes = hay.get(from..).unwrap_or(&[]);
            let n = n.min(bytes.len()).min(8);
            eight[..n].copy_from_slice(&bytes[..n]);
            u64::from_le_bytes(eight)
        }
    }
}

/// The hash state after `hay[from..to]`: eight bytes at a time, the last
/// one to eight zero-padded and marked with the length.
fn absorb(mut state: u64, hay: &[u8], from: usize, to: usize) -> u64 {
    let mut at = from;
    while to - at > 8 {
        state = step(state, bytes_at(hay, at, 8));
        at += 8;
    }
    step(
        state ^ (((to - from) as u64) << 58),
        bytes_at(hay, at, to - at),
    )
}

/// `absorb(SEED, hay, from, to)`, with a shortcut for the usual case of
/// a word of one to eight bytes with eight bytes of `hay` from its start:
/// one load, one mask, one step.
#[inline]
fn first_state(hay: &[u8], from: usize, to: usize) -> u64 {
    let len = to.wrapping_sub(from);
    match hay.get(from..).and_then(|r| r.first_chunk::<8>()) {
        Some(eight) if (1..=8).contains(&len) => {
            let keep = u64::MAX >> (64 - 8 * len);
            step(
                SEED ^ ((len as u64) << 58),
                u64::from_le_bytes(*eight) & keep,
            )
        }
        _ => absorb(SEED, hay, from, to),
    }
}

/// The table key of a hash state: well mixed, never 0.
fn finish(state: u64) -> u64 {
    let h = (state ^ (state >> 32)).wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    (h ^ (h >> 29)).max(1)
}

/// Which bytes are part of a word: ASCII letters and digits.
const WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// Is `b` part of a word?
fn is_word(b: u8) -> bool {
    WORD[usize::from(b)]
}

/// The word bytes among eight bytes (little-endian): bit `k` set if byte `k`
/// is an ASCII letter or digit.
fn word_bits8(x: u64) -> u64 {
    // Below 0x80 every byte, so that `within` cannot carry; bytes at or
    // above 0x80 are not word bytes.
    let low = x & !HIGHS;
    let letters = within(low | (ONES * 0x20), b'a', b'z');
    let digits = within(low, b'0', b'9');
    let words = (letters | digits) & !x & HIGHS;
    (words >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

/// The word bytes among the 64 bytes of `block`: bit `k` for byte `k`.
/// Classified lane by lane (a form the compiler turns into vector
/// instructions), then packed eight flags at a time.
fn word_bits64(block: &[u8; 64]) -> u64 {
    let mut flags = [0u8; 64];
    for (f, &c) in flags.iter_mut().zip(block) {
        // `c | 0x20` is a lower-case letter exactly when `c` is a letter;
        // bytes from 0x80 up are neither letters nor digits this way.
        *f = u8::from((c | 0x20).wrapping_sub(b'a') < 26) | u8::from(c.wrapping_sub(b'0') < 10);
    }
    let mut bits = 0;
    for (k, eight) in flags.chunks_exact(8).enumerate() {
        bits |= pack8(eight) << (8 * k);
    }
    bits
}

/// Every word of `hay`: its start and end, in order.
pub fn words(hay: &[u8]) -> Words<'_> {
    Words {
        hay,
        next: 0,
        base: 0,
        edges: 0,
        carry: 0,
        start: None,
    }
}

/// The words of `hay`, as [`words`] gives them, added to two lists:
/// word `i` is `starts[i]..ends[i]`, offsets counted from `base`. Both lists
/// must come in with the same length.
pub fn word_bounds(hay: &[u8], base: usize, starts: &mut Vec<usize>, ends: &mut Vec<usize>) {
    let mut carry = 0;
    let mut at = 0;
    while at < hay.len() {
        let bits = match hay.get(at..).and_then(|r| r.first_chunk::<64>()) {
            Some(block) => word_bits64(block),
            None => {
                let mut block = [0u8; 64];
                let rest = hay.get(at..).unwrap_or(&[]);
                block[..rest.len()].copy_from_slice(rest);
                word_bits64(&block)
            }
        };
        let before = (bits << 1) | carry;
        let (mut begin, mut end) = (bits & !before, !bits & before);
        while begin != 0 {
            starts.push(base + at + begin.trailing_zeros() as usize);
            begin &= begin - 1;
        }
        while end != 0 {
            ends.push(base + at + end.trailing_zeros() as usize);
            end &= end - 1;
        }
        carry = bits >> 63;
        at += 64;
    }
    if ends.len() < starts.len() {
        // A word that runs to the end of the text.
        ends.push(base + hay.len());
    }
}

/// The iterator of [`words`]: 64 bytes are classified at a time, and the
/// words read off the bits where the class changes.
#[derive(Clone, Debug)]
pub struct Words<'h> {
    hay: &'h [u8],
    /// Start of the next block to classify.
    next: usize,
    /// Start of the block `edges` is for.
    base: usize,
    /// Bit `k`: byte `base + k` starts or ends a word (ends: the first byte
    /// after it); read off from the lowest.
    edges: u64,
    /// 1 if the last byte classified is a word byte.
    carry: u64,
    /// Start of the word under way.
    start: Option<usize>,
}

impl Iterator for Words<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        loop {
            while self.edges == 0 {
                if self.next >= self.hay.len() {
                    // A word that runs to the end of the text.
                    return self.start.take().map(|s| (s, self.hay.len()));
                }
                let bits = match self
                    .hay
                    .get(self.next..)
                    .and_then(|r| r.first_chunk::<64>())
                {
                    Some(block) => word_bits64(block),
                    None => {
                        let mut block = [0u8; 64];
                        let rest = self.hay.get(self.next..).unwrap_or(&[]);
                        block[..rest.len()].copy_from_slice(rest);
                        word_bits64(&block)
                    }
                };
                self.edges = bits ^ ((bits << 1) | self.carry);
                self.carry = bits >> 63;
                self.base = self.next;
                self.next += 64;
            }
            let at = self.base + self.edges.trailing_zeros() as usize;
            self.edges &= self.edges - 1;
            match self.start.take() {
                Some(start) => return Some((start, at.min(self.hay.len()))),
                None => self.start = Some(at),
            }
        }
    }
}

/// The next word at or after `from`: its start and end. Eight bytes are
/// classified at a time (bytes past the end of `hay` count as zeros, which
/// are not word bytes).
fn next_word(hay: &[u8], from: usize) -> Option<(usize, usize)> {
    let mut at = from;
    let start = loop {
        if at >= hay.len() {
            return None;
        }
        let words = word_bits8(bytes_at(hay, at, 8));
        if words != 0 {
            break at + words.trailing_zeros() as usize;
        }
        at += 8;
    };
    let mut at = start;
    loop {
        let others = !word_bits8(bytes_at(hay, at, 8)) & 0xFF;
        if others != 0 {
            return Some((
                start,
                (at + others.trailing_zeros() as usize).min(hay.len()),
            ));
        }
        at += 8;
    }
}

impl NameTable {
    /// Compiles the names. Empty names, and names not starting with a
    /// letter or digit, are kept in the numbering but never found.
    pub fn new<S: AsRef<[u8]>>(names: &[S]) -> NameTable {
        // Every prefix of every name: its hash, what ends there, what goes on.
        let mut prefixes: Vec<Node> = Vec::new();
        let mut firsts: Vec<u64> = Vec::new();
        let mut unfindable = 0;
        for (index, name) in names.iter().enumerate() {
            let name = name.as_ref();
            if !name.first().copied().is_some_and(is_word) {
                unfindable += 1;
                continue;
            }
            let id = u32::try_from(index + 1).unwrap_or(u32::MAX);
            let mut state = SEED;
            let mut at = 0;
            let mut words = 0;
            let mark = |state: u64, f: &dyn Fn(&mut Node)| {
                let mut node = Node {
                    hash: finish(state),
                    ..Node::default()
                };
                f(&mut node);
                node
            };
            while let Some((_, end)) = next_word(name, at) {
                if words > 0 {
                    // The previous prefix goes on with this word.
                    prefixes.push(mark(state, &|n| n.longer = true));
                }
                state = absorb(state, name, at, end);
                if words == 0 {
                    firsts.push(state);
                }
                words += 1;
                at = end;
            }
            if at < name.len() {
                // Punctuation after the last word: a tail.
                prefixes.push(mark(state, &|n| n.tail = true));
                state = absorb(state, name, at, name.len());
            }
            prefixes.push(mark(state, &|n| n.name = id));
        }
        let bits = (prefixes.len() * 2)
            .next_power_of_two()
            .max(16)
            .trailing_zeros();
        let mut table = NameTable {
            bytes: Vec::new(),
            starts: vec![0],
            longest: names.iter().map(|n| n.as_ref().len()).max().unwrap_or(0),
            nodes: vec![Node::default(); 1 << bits],
            shift: 64 - bits,
            first: vec![0; 1 << (FILTER_BITS - 6)],
            unfindable,
        };
        for name in names {
            table.bytes.extend_from_slice(name.as_ref());
            table.starts.push(table.bytes.len());
        }
        for p in prefixes {
            let node = table.node(p.hash);
            node.longer |= p.longer;
            node.tail |= p.tail;
            if node.name == 0 {
                node.name = p.name;
            }
        }
        for state in firsts {
            let (word, mask) = NameTable::filter_slot(state);
            if let Some(w) = table.first.get_mut(word) {
                *w |= mask;
            }
        }
        table
    }

    /// The slot of `hash`, made if new.
    fn node(&mut self, hash: u64) -> &mut Node {
        let mask = self.nodes.len() - 1;
        let mut i = (hash >> self.shift) as usize;
        while self.nodes[i].hash != 0 && self.nodes[i].hash != hash {
            i = (i + 1) & mask;
        }
        let node = &mut self.nodes[i];
        node.hash = hash;
        node
    }

    /// The node of `hash`, if any.
    fn get(&self, hash: u64) -> Option<&Node> {
        let mask = self.nodes.len() - 1;
        let mut i = (hash >> self.shift) as usize;
        loop {
            let node = self.nodes.get(i)?;
            if node.hash == hash {
                return Some(node);
            }
            if node.hash == 0 {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    /// Where a first word with the hash state `state` sits in the filter: a
    /// word and two bits. The state's low 29 bits are the high bits of its
    /// last multiplication (see [`step`]), well mixed without [`finish`].
    fn filter_slot(state: u64) -> (usize, u64) {
        let word = (state as usize) & ((1 << (FILTER_BITS - 6)) - 1);
        let bits = (1u64 << ((state >> 12) & 63)) | (1u64 << ((state >> 18) & 63));
        (word, bits)
    }

    /// May a name start with a word of hash state `state`?
    fn may_start(&self, state: u64) -> bool {
        let (word, mask) = NameTable::filter_slot(state);
        self.first.get(word).is_some_and(|w| w & mask == mask)
    }

    /// How many names can never be found (empty, or starting with
    /// punctuation).
    pub fn unfindable(&self) -> usize {
        self.unfindable
    }

    /// The length of the longest name, in bytes: no occurrence is longer.
    pub fn longest(&self) -> usize {
        self.longest
    }

    /// The name that `hay[start..end]` is, if the node says one ends here.
    fn verified(&self, node: &Node, hay: &[u8], start: usize, end: usize) -> Option<usize> {
        let index = usize::try_from(node.name).ok()?.checked_sub(1)?;
        let name = self
            .bytes
            .get(*self.starts.get(index)?..*self.starts.get(index + 1)?)?;
        (hay.get(start..end)? == name).then_some(index)
    }

    /// The longest name that starts with the word `hay[start..end]` (a
    /// word as [`words`] gives it), if any.
    #[inline]
    pub fn longest_at(&self, hay: &[u8], start: usize, end: usize) -> Option<NameMatch> {
        let state = absorb(SEED, hay, start, end);
        if !self.may_start(state) {
            return None;
        }
        self.longest_from(hay, start, end, state, |at| next_word(hay, at))
    }

    /// Adds to `out` each word of `hay` (word `k` is `starts[k]..ends[k]`)
    /// that passes the first-word filter, as its index and its hash state:
    /// only those may begin a name (see [`NameTable::longest_in`]).
    pub fn first_words(
        &self,
        hay: &[u8],
        starts: &[usize],
        ends: &[usize],
        out: &mut Vec<(usize, u64)>,
    ) {
        for (i, (&start, &end)) in starts.iter().zip(ends).enumerate() {
            let state = first_state(hay, start, end);
            if self.may_start(state) {
                out.push((i, state));
            }
        }
    }

    /// The longest name that starts with word `i` of `hay`, if any, where
    /// word `k` is `starts[k]..ends[k]` (the words of `hay` in order, as
    /// [`word_bounds`] gives them) and `(i, state)` is what
    /// [`NameTable::first_words`] gave for word `i` (a word it did not give
    /// cannot begin a name): the same as [`NameTable::longest_at`] for that
    /// word, the words after it taken from the lists rather than looked for.
    /// (The lists may stop early, or their last word may be cut short by the
    /// end of what is folded so far, as long as that is farther from word `i`
    /// than [`NameTable::longest`] plus eight bytes.)
    #[inline]
    pub fn longest_in(
        &self,
        hay: &[u8],
        starts: &[usize],
        ends: &[usize],
        (i, state): (usize, u64),
    ) -> Option<NameMatch> {
        let (&start, &end) = (starts.get(i)?, ends.get(i)?);
        let mut next = i + 1;
        self.longest_from(hay, start, end, state, |_| {
            let word = Some((*starts.get(next)?, *ends.get(next)?));
            next += 1;
            word
        })
    }

    /// The longest name that starts with the word `hay[start..end]`, which
    /// passed the first-word filter with the hash state `state`;
    /// `next_word(at)` gives the next word after the word ending at `at`.
    #[inline]
    fn longest_from(
        &self,
        hay: &[u8],
        start: usize,
        end: usize,
        mut state: u64,
        mut next_word: impl FnMut(usize) -> Option<(usize, usize)>,
    ) -> Option<NameMatch> {
        let mut hash = finish(state);
        let mut best = None;
        let mut at = end;
        while let Some(node) = self.get(hash) {
            if let Some(name) = self.verified(node, hay, start, at) {
                best = Some(NameMatch {
                    start,
                    end: at,
                    name,
                });
            }
            if node.tail {
                for len in 1..=MAX_TAIL {
                    let stop = at + len;
                    let Some(tail) = hay.get(at..stop) else { break };
                    if tail.iter().any(|&b| is_word(b) || b == b' ') {
                        break;
                    }
                    if hay.get(stop).is_some_and(|&b| is_word(b)) {
                        continue;
                    }
                    let tailed = absorb(state, hay, at, stop);
                    if let Some(n) = self.get(finish(tailed)) {
                        if let Some(name) = self.verified(n, hay, start, stop) {
                            best = Some(NameMatch {
                                start,
                                end: stop,
                                name,
                            });
                        }
                    }
                }
            }
            if !node.longer {
                break;
            }
            let Some((_, next_end)) = next_word(at) else {
                break;
            };
            state = absorb(state, hay, at, next_end);
            hash = finish(state);
            at = next_end;
        }
        best
    }

    /// Every occurrence in `hay`, leftmost-longest, in order.
    pub fn find_iter<'t>(&'t self, hay: &'t [u8]) -> impl Iterator<Item = NameMatch> + 't {
        // A match ends at the end of a word, or after punctuation that no
        // word byte follows: the words inside a match are the ones that
        // start before its end.
        let mut pos = 0;
        words(hay).filter_map(move |(start, end)| {
            if start < pos {
                return None;
            }
            let m = self.longest_at(hay, start, end)?;
            pos = m.end;
            Some(m)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_state_is_the_hash_of_the_word() {
        let hay = b"a bc def ghij klmno pqrstu vwxyzab cdefghij klmnopqrs tuvwxyz0123 x yz";
        for (start, end) in words(hay) {
            assert_eq!(
                first_state(hay, start, end),
                absorb(SEED, hay, start, end),
                "{start}..{end}"
            );
        }
        for from in 0..hay.len() {
            for to in from..=hay.len() {
                assert_eq!(first_state(hay, from, to), absorb(SEED, hay, from, to));
            }
        }
    }

    #[test]
    fn bytes_at_keeps_the_bytes_asked_for() {
        let hay = b"abcdefghijkl";
        for from in 0..hay.len() {
            for n in 0..=9 {
                let mut eight = [0u8; 8];
                for (k, b) in hay[from..].iter().take(n.min(8)).enumerate() {
                    eight[k] = *b;
                }
                assert_eq!(
                    bytes_at(hay, from, n),
                    u64::from_le_bytes(eight),
                    "{from} {n}"
                );
            }
        }
    }

    fn found<'a>(names: &[&'a str], hay: &str) -> Vec<(&'a str, &'static str)> {
        let table = NameTable::new(names);
        let hay: &'static str = Box::leak(hay.to_string().into_boxed_str());
        table
            .find_iter(hay.as_bytes())
            .map(|m| (names[m.name], &hay[m.start..m.end]))
            .collect()
    }

    #[test]
    fn whole_words_only() {
        let names = ["inter", "real"];
        assert_eq!(found(&names, "international realism"), vec![]);
        assert_eq!(
            found(&names, "inter and real."),
            vec![("inter", "inter"), ("real", "real")]
        );
    }

    #[test]
    fn longest_name_wins_and_shorter_ones_still_count() {
        let names = ["real", "real madrid", "madrid", "real madrid castilla"];
        assert_eq!(
            found(&names, "real madrid want him; real madness; madrid"),
            vec![
                ("real madrid", "real madrid"),
                ("real", "real"),
                ("madrid", "madrid")
            ]
        );
    }

    #[test]
    fn separators_are_part_of_a_name() {
        let names = ["o'connor", "1. fc koln", "paris st germain"];
        assert_eq!(
            found(&names, "o'connor of 1. fc koln; paris st germain"),
            vec![
                ("o'connor", "o'connor"),
                ("1. fc koln", "1. fc koln"),
                ("paris st germain", "paris st germain")
            ]
        );
        assert_eq!(found(&names, "o connor, 1 fc koln"), vec![]);
    }

    #[test]
    fn trailing_punctuation_needs_a_boundary_after_it() {
        let names = ["arsenal f.c.", "arsenal", "canal+"];
        assert_eq!(
            found(&names, "arsenal f.c. and canal+, arsenal f.c.x"),
            vec![
                ("arsenal f.c.", "arsenal f.c."),
                ("canal+", "canal+"),
                ("arsenal", "arsenal")
            ]
        );
    }

    #[test]
    fn word_scanning_agrees_with_a_byte_at_a_time() {
        // The words of `hay`, found a byte at a time.
        fn slow(hay: &[u8]) -> Vec<(usize, usize)> {
            let mut out = Vec::new();
            let mut i = 0;
            while i < hay.len() {
                let start = i;
                while i < hay.len() && is_word(hay[i]) {
                    i += 1;
                }
                if i > start {
                    out.push((start, i));
                }
                i += 1;
            }
            out
        }
        let text = "Paris St-Germain, 1. FC Köln's 'o'connor'; AZ ALKMAAR\t~@[`{ \u{7f}zz9";
        let hay = text.as_bytes();
        for from in 0..hay.len() {
            let tail = &hay[from..];
            assert_eq!(words(tail).collect::<Vec<_>>(), slow(tail), "from {from}");
        }
    }

    #[test]
    fn word_scanning_agrees_with_a_byte_at_a_time_on_generated_text() {
        use proptest::prelude::*;
        let bytes = proptest::collection::vec(
            prop_oneof![
                Just(b'a'),
                Just(b'Z'),
                Just(b'7'),
                Just(b' '),
                Just(b'.'),
                Just(0x80u8),
                Just(0xFFu8),
                any::<u8>(),
            ],
            0..300,
        );
        // Lengths around multiples of 64 too, where a word may run to the
        // very end of a block.
        let bytes = prop_oneof![
            bytes,
            proptest::collection::vec(prop_oneof![Just(b'a'), Just(b' ')], 63..=65),
            proptest::collection::vec(prop_oneof![Just(b'a'), Just(b' ')], 127..=129),
        ];
        let mut runner = proptest::test_runner::TestRunner::default();
        runner
            .run(&bytes, |hay| {
                let slow: Vec<(usize, usize)> = {
                    let mut out = Vec::new();
                    let mut i = 0;
                    while i < hay.len() {
                        if is_word(hay[i]) {
                            let start = i;
                            while i < hay.len() && is_word(hay[i]) {
                                i += 1;
                            }
                            out.push((start, i));
                        } else {
                            i += 1;
                        }
                    }
                    out
                };
                prop_assert_eq!(words(&hay).collect::<Vec<_>>(), slow.clone());
                let (mut starts, mut ends) = (Vec::new(), Vec::new());
                word_bounds(&hay, 5, &mut starts, &mut ends);
                let bounds: Vec<(usize, usize)> = starts
                    .iter()
                    .zip(&ends)
                    .map(|(&s, &e)| (s - 5, e - 5))
                    .collect();
                prop_assert_eq!(starts.len(), ends.len());
                prop_assert_eq!(bounds, slow);
                for from in [0, 1, 7, 8, 63, 64, 65] {
                    let want = words(hay.get(from..).unwrap_or(&[]))
                        .next()
                        .map(|(s, e)| (s + from, e + from));
                    prop_assert_eq!(next_word(&hay, from), want);
                }
                Ok(())
            })
            .expect("word scanners agree");
    }

    /// Leftmost-longest matches found by trying every name at every word
    /// start: the table's contract, spelt out.
    fn brute_force(names: &[String], hay: &[u8]) -> Vec<NameMatch> {
        let fits = |name: &[u8], start: usize| {
            let end = start + name.len();
            let last_word = name.iter().rposition(|&b| is_word(b)).map_or(0, |p| p + 1);
            let tail = &name[last_word..];
            !name.is_empty()
                && is_word(name[0])
                && hay.get(start..end) == Some(name)
                && !hay.get(end).is_some_and(|&b| is_word(b))
                && tail.len() <= MAX_TAIL
                && !tail.contains(&b' ')
        };
        let mut out = Vec::new();
        let mut pos = 0;
        for (start, _) in words(hay) {
            if start < pos {
                continue;
            }
            let best = names
                .iter()
                .enumerate()
                .filter(|(_, n)| fits(n.as_bytes(), start))
                .max_by_key(|(i, n)| (n.len(), std::cmp::Reverse(*i)));
            if let Some((name, n)) = best {
                pos = start + n.len();
                out.push(NameMatch {
                    start,
                    end: pos,
                    name,
                });
            }
        }
        out
    }

    #[test]
    fn table_agrees_with_trying_every_name() {
        use proptest::prelude::*;
        const PIECES: &[&str] = &[
            "a", "b", "ab", "fc", "1", "real", "madrid", " ", " ", ". ", "'", ".", "+", "..", "-",
            "x.y",
        ];
        let text = || {
            proptest::collection::vec(proptest::sample::select(PIECES), 1..8)
                .prop_map(|p| p.concat())
        };
        let case = (
            proptest::collection::vec(text(), 1..12),
            proptest::collection::vec(text(), 0..12),
        );
        let mut runner = proptest::test_runner::TestRunner::default();
        runner
            .run(&case, |(names, hay)| {
                let hay = hay.join(" ");
                let table = NameTable::new(&names);
                let found: Vec<NameMatch> = table.find_iter(hay.as_bytes()).collect();
                prop_assert_eq!(
                    found,
                    brute_force(&names, hay.as_bytes()),
                    "{:?} in {:?}",
                    names,
                    hay
                );
                Ok(())
            })
            .expect("table and brute force agree");
    }

    #[test]
    fn names_that_cannot_start_a_word_are_counted() {
        let table = NameTable::new(&["(sun)", "", "sun"]);
        assert_eq!(table.unfindable(), 2);
        let hits: Vec<usize> = table.find_iter(b"(sun)").map(|m| m.name).collect();
        assert_eq!(hits, vec![2]);
    }

    #[test]
    fn a_prefix_that_leads_nowhere_falls_back() {
        let names = ["manchester united", "manchester"];
        assert_eq!(
            found(&names, "manchester city"),
            vec![("manchester", "manchester")]
        );
    }
}
