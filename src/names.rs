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
//! bitset of first-word hashes turns most words away before any table probe.
//! Building costs one insertion per word of every name (two milliseconds or so
//! for the built-in gazetteer); searching costs one bitset test per word of
//! text, plus one probe per word that may begin a name.
//!
//! Invariants: a reported occurrence's bytes equal its name (every hash hit
//! is verified against the name's bytes, so a hash collision can cost time
//! but never produce a wrong match); occurrences are reported in text order
//! and never overlap; a name that does not start with a letter or digit is
//! never found, and [`NameTable::unfindable`] counts such names.

use std::hash::Hasher;

use rustc_hash::{FxHashMap, FxHasher};

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

/// What the table knows of one prefix hash.
#[derive(Clone, Copy, Debug, Default)]
struct Node {
    /// The name this prefix completes, plus one (0: none).
    name: u32,
    /// Some name goes on with another word after this prefix.
    longer: bool,
    /// Some name goes on with punctuation only after this prefix.
    tail: bool,
}

/// Bits in the first-word filter: 2^17 bits, 16 KiB.
const FILTER_BITS: u32 = 17;

/// Most bytes of trailing punctuation a name may have (`f.c.` has one after
/// its last word, `.`).
const MAX_TAIL: usize = 4;

/// The compiled table of names: build once, search many texts.
#[derive(Clone, Debug)]
pub struct NameTable {
    names: Vec<Box<[u8]>>,
    nodes: FxHashMap<u64, Node>,
    first: Vec<u64>,
    unfindable: usize,
}

/// The hasher state after feeding `bytes` to `state`.
fn feed(mut state: FxHasher, bytes: &[u8]) -> FxHasher {
    state.write(bytes);
    state
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

/// Every word of `hay`: its start and end, in order.
pub fn words(hay: &[u8]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let (start, end) = next_word(hay, at)?;
        at = end;
        Some((start, end))
    })
}

/// The next word at or after `from`: its start and end.
fn next_word(hay: &[u8], from: usize) -> Option<(usize, usize)> {
    let start = from + first_where(hay.get(from..)?, true)?;
    let end = first_where(&hay[start..], false).map_or(hay.len(), |n| start + n);
    Some((start, end))
}

/// The first byte of `bytes` that is (`word`) or is not (`!word`) a word
/// byte. Eight ASCII bytes are classified at a time; other bytes one by one.
fn first_where(bytes: &[u8], word: bool) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // High bit of each byte set where `lo <= byte <= hi` (bytes below 0x80).
    let within = |x: u64, lo: u8, hi: u8| {
        let at_least = x.wrapping_add(ONES * u64::from(0x80 - lo));
        let above = x.wrapping_add(ONES * u64::from(0x7F - hi));
        at_least & !above & HIGHS
    };
    let mut done = 0;
    for chunk in bytes.chunks_exact(8) {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(chunk);
        let x = u64::from_le_bytes(eight);
        if x & HIGHS != 0 {
            break;
        }
        let words = within(x, b'a', b'z') | within(x, b'0', b'9') | within(x, b'A', b'Z');
        let wanted = if word { words } else { !words & HIGHS };
        if wanted != 0 {
            return Some(done + wanted.trailing_zeros() as usize / 8);
        }
        done += 8;
    }
    bytes[done..]
        .iter()
        .position(|&b| is_word(b) == word)
        .map(|n| done + n)
}

impl NameTable {
    /// Compiles the names. Empty names, and names not starting with a
    /// letter or digit, are kept in the numbering but never found.
    pub fn new<S: AsRef<[u8]>>(names: &[S]) -> NameTable {
        let mut table = NameTable {
            names: names.iter().map(|n| n.as_ref().into()).collect(),
            nodes: FxHashMap::default(),
            first: vec![0; 1 << (FILTER_BITS - 6)],
            unfindable: 0,
        };
        for (index, name) in names.iter().enumerate() {
            let name = name.as_ref();
            if !name.first().copied().is_some_and(is_word) {
                table.unfindable += 1;
                continue;
            }
            let id = u32::try_from(index + 1).unwrap_or(u32::MAX);
            let mut state = FxHasher::default();
            let mut at = 0;
            let mut words = 0;
            while let Some((_, end)) = next_word(name, at) {
                if words > 0 {
                    // The previous prefix goes on with this word.
                    table.node(state.finish()).longer = true;
                }
                state = feed(state, &name[at..end]);
                if words == 0 {
                    table.set_first(state.finish());
                }
                words += 1;
                at = end;
            }
            if at < name.len() {
                // Punctuation after the last word: a tail.
                table.node(state.finish()).tail = true;
                state = feed(state, &name[at..]);
            }
            let node = table.node(state.finish());
            if node.name == 0 {
                node.name = id;
            }
        }
        table
    }

    fn node(&mut self, hash: u64) -> &mut Node {
        self.nodes.entry(hash).or_default()
    }

    fn filter_slot(hash: u64) -> (usize, u64) {
        let bit = (hash >> (64 - FILTER_BITS)) as usize;
        (bit / 64, 1u64 << (bit % 64))
    }

    fn set_first(&mut self, hash: u64) {
        let (word, mask) = NameTable::filter_slot(hash);
        if let Some(w) = self.first.get_mut(word) {
            *w |= mask;
        }
    }

    fn may_start(&self, hash: u64) -> bool {
        let (word, mask) = NameTable::filter_slot(hash);
        self.first.get(word).is_some_and(|w| w & mask != 0)
    }

    /// How many names can never be found (empty, or starting with
    /// punctuation).
    pub fn unfindable(&self) -> usize {
        self.unfindable
    }

    /// The name that `hay[start..end]` is, if the node says one ends here.
    fn verified(&self, node: &Node, hay: &[u8], start: usize, end: usize) -> Option<usize> {
        let index = usize::try_from(node.name).ok()?.checked_sub(1)?;
        let name = self.names.get(index)?;
        (hay.get(start..end)? == &name[..]).then_some(index)
    }

    /// The longest name starting with the word `hay[start..end]`.
    fn longest_at(&self, hay: &[u8], start: usize, end: usize) -> Option<NameMatch> {
        let mut state = feed(FxHasher::default(), &hay[start..end]);
        let mut hash = state.finish();
        if !self.may_start(hash) {
            return None;
        }
        let mut best = None;
        let mut at = end;
        while let Some(node) = self.nodes.get(&hash) {
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
                    let tailed = feed(state.clone(), tail);
                    if let Some(n) = self.nodes.get(&tailed.finish()) {
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
            let Some((_, next_end)) = next_word(hay, at) else {
                break;
            };
            state = feed(state, &hay[at..next_end]);
            hash = state.finish();
            at = next_end;
        }
        best
    }

    /// Every occurrence in `hay`, leftmost-longest, in order.
    pub fn find_iter<'t>(&'t self, hay: &'t [u8]) -> impl Iterator<Item = NameMatch> + 't {
        let mut pos = 0;
        std::iter::from_fn(move || {
            while let Some((start, end)) = next_word(hay, pos) {
                match self.longest_at(hay, start, end) {
                    Some(m) => {
                        pos = m.end;
                        return Some(m);
                    }
                    None => pos = end,
                }
            }
            None
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
