//! Money figures and transfer fees in news text.
//!
//! In: the article text and a byte range of it (usually one sentence).
//! Out: every money figure in that range ([`find_money`]) and the fee
//! expressions built from them ([`find_fees`]), each normalized to a whole
//! amount in one of three currencies, with byte spans into the text as given.
//!
//! Figures recognized:
//! - a currency sign or code before the number: `€20million`, `€20 million`,
//!   `£17.3m`, `$23.3m`, `US$10m`, `EUR 20m`, `€1.5bn`, `£100k`, `£100,000`;
//! - a currency word after it: `60 million euros`, `50m euros`,
//!   `20 million pounds`, `5m sterling`, `10m dollars`;
//! - a range with one multiplier (`€50-60m`) counts as its lower bound, with
//!   the span covering the whole range;
//! - a figure followed by a period (`£10m-a-year`, `£200,000 a week`,
//!   `£150k p/w`, `£5m per season`) or preceded by `weekly wages of` /
//!   `annual salary of` is a wage: [`Money::per`] is set and [`find_fees`]
//!   does not report it.
//!
//! Amounts are computed in integers (no floating point): `£17.3m` is exactly
//! 17 300 000; fractions of a unit are rounded half up. A figure whose amount
//! does not fit in a `u64` is skipped. Signs of other dollars (`A$`, `C$`) are
//! skipped. Nothing here panics, whatever the text or range, and the work is
//! linear in the length of the range.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::span::Span;

/// The currency of a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Currency {
    /// Euro: `€`, `EUR`, `euro(s)`.
    Eur,
    /// Pound sterling: `£`, `GBP`, `pound(s)`, `sterling`.
    Gbp,
    /// US dollar: `$`, `US$`, `USD`, `dollar(s)`.
    Usd,
}

impl Currency {
    /// The ISO 4217 code: `"EUR"`, `"GBP"` or `"USD"` (as serialized).
    pub fn code(self) -> &'static str {
        match self {
            Currency::Eur => "EUR",
            Currency::Gbp => "GBP",
            Currency::Usd => "USD",
        }
    }
}

/// The period a wage figure is paid per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// `a week`, `-a-week`, `per week`, `p/w`, `pw`, `/week`, `weekly`.
    Week,
    /// `a month`, `per month`, `/month`, `monthly`.
    Month,
    /// `a year`, `-a-year`, `per annum`, `p/a`, `a season`, `annually`.
    Year,
}

/// One money figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Money {
    /// The amount in whole units of `currency` (`£17.3m` is 17 300 000).
    /// For a range (`€50-60m`) it is the lower bound.
    pub amount: u64,
    /// The currency.
    pub currency: Currency,
    /// The figure itself (`€20million`, `60 million euros`), without any
    /// period or surrounding words: `text[span]` is the figure text.
    pub span: Span,
    /// `Some` when the figure is a wage paid per this period; `None` for a
    /// lump sum.
    pub per: Option<Period>,
}

impl Money {
    /// True when the figure is a wage rather than a lump sum.
    pub fn is_wage(&self) -> bool {
        self.per.is_some()
    }

    /// The figure's text (`""` if `text` is not the text the span was made for).
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        self.span.slice(text)
    }
}

/// One fee expression: a primary figure with its bracketed conversions and
/// its add-ons.
///
/// `"€20million (£17.3m, $23.3m)"` is one fee of 20 000 000 EUR whose
/// alternatives are £17.3m and $23.3m; `span` covers `€20million` only and
/// `extent` covers the whole expression.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fee {
    /// The primary (first) figure's amount in whole units.
    pub amount: u64,
    /// The primary figure's currency.
    pub currency: Currency,
    /// The add-ons in the primary currency, when quantified: `plus €3m in
    /// add-ons` gives 3 000 000; `rising to £X with add-ons` gives X minus the
    /// primary amount. `None` when absent, unquantified (`plus add-ons`), or
    /// given in another currency.
    pub add_ons: Option<u64>,
    /// True when add-ons are mentioned at all, quantified or not.
    pub with_add_ons: bool,
    /// The primary figure only: `text[span]` is e.g. `€20million`.
    pub span: Span,
    /// The whole expression: primary, bracketed conversions and add-ons.
    pub extent: Span,
    /// The bracketed conversions of the primary figure, in order.
    pub alternatives: Vec<Money>,
}

impl Fee {
    /// The primary figure's text, e.g. `€20million` (`""` if `text` is not the
    /// text the span was made for).
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        self.span.slice(text)
    }
}

/// An ASCII word boundary: never falls inside a multibyte character.
const B: &str = r"(?-u:\b)";
/// A number with thousands separators or a decimal part (ASCII digits only).
const NUM: &str = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?";
/// Multiplier words, longest first.
const MULT: &str = r"(?i:million|mill|mil|mln|mn|m|billion|bn|b|thousand|k)";
/// The second half of a range such as `€50-60m`.
const RANGE: &str = r"\s?(?:-|–|to)\s?[0-9]+(?:\.[0-9]+)?";

static MONEY_RE: LazyLock<Regex> = LazyLock::new(|| {
    let prefix = format!(
        r"(?P<cur>US\$|[A-Z]\$|\$|€|£|{B}(?:EUR|GBP|USD))\s?(?P<num>{NUM})(?:(?P<rng>{RANGE})?\s?(?P<mult>{MULT}){B})?"
    );
    let suffix = format!(
        r"{B}(?P<num2>{NUM})(?:(?P<rng2>{RANGE})?\s?(?P<mult2>{MULT}){B})?\s?(?P<word>(?i:euros?|eur|pounds?(?:\s+sterling)?|sterling|(?:us\s+)?dollars?|usd|gbp)){B}"
    );
    Regex::new(&format!("{prefix}|{suffix}")).expect("money pattern is valid")
});

/// A period right after a figure: `-a-year`, ` a week`, ` per month`, ...
static PERIOD_AFTER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?i:(?:\s{{0,2}}-\s{{0,2}}|\s{{1,3}})(?:a|an|per|each|every)(?:\s{{0,2}}-\s{{0,2}}|\s{{1,3}})(?P<u1>weeks?|wk|years?|yr|annum|months?|seasons?){B}|\s{{0,2}}(?P<pw>p\s?/\s?w|pw|p\.w\.)|\s{{0,2}}(?P<pa>p\s?/\s?a|p\.a\.)|\s{{0,2}}(?P<pa2>pa){B}|\s{{0,2}}/\s{{0,2}}(?P<u2>week|wk|w|year|yr|y|month|mo){B}|\s{{1,3}}(?P<u3>weekly|annually|yearly|monthly){B})"
    ))
    .expect("period pattern is valid")
});

/// Words after `a year` that make it a time span, not a rate (`a year ago`).
static NOT_RATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?i:\s{{1,3}}(?:ago|earlier|later|before|after|on|since|previously){B})"
    ))
    .expect("not-rate pattern is valid")
});

/// Words just before a figure that make it a wage: `weekly wages of`.
static WAGE_BEFORE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i:(?:(?P<w>weekly)|(?P<m>monthly)|(?P<y>annual|yearly))\s+(?:basic\s+)?(?:wages?|salary|pay|earnings|pay\s+packet)\s+(?:of\s+|worth\s+)?(?:(?:around|about|roughly|nearly|almost|up\s+to|close\s+to|more\s+than|over|in\s+excess\s+of)\s+)?)$",
    )
    .expect("wage pattern is valid")
});

/// An opening bracket of conversions right after a figure: ` (`, ` (about `.
static OPEN_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^\s{{0,3}}\(\s{{0,3}}(?:(?i:(?:about|around|approximately|approx|roughly|circa|some){B}\.?|c\.|~)\s{{0,2}})?"
    ))
    .expect("open pattern is valid")
});

/// A separator between conversions inside a bracket.
static SEP_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^\s{{0,3}}(?:[,;/]|(?i:or|and){B})\s{{0,3}}(?:(?i:(?:about|around|approximately|approx|roughly|circa|some){B}\.?|c\.|~)\s{{0,2}})?"
    ))
    .expect("separator pattern is valid")
});

/// The rest of a bracket up to and including its closing `)`.
static CLOSE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[^()]{0,40}?\)").expect("close pattern is valid"));

/// The link from a fee to its add-ons: ` plus `, ` up front and a further `.
static ADDON_LINK_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?i:\s{{0,3}}(?:(?:up[- ]?front|guaranteed|initially|in\s+fixed\s+fees?|fixed){B}\s{{0,3}})?,?\s{{0,3}}(?:plus{B}|\+|and{B}|with{B})\s{{0,3}}(?:(?:a\s+further|another|up\s+to|potentially|a\s+potential|an\s+additional|an\s+extra|additional|extra|further){B}\s{{1,3}}){{0,2}})"
    ))
    .expect("add-on link pattern is valid")
});

/// The word for add-ons, optionally after `in` / `of`: ` in add-ons`.
static ADDON_WORD_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?i:\s{{0,3}}(?:(?:in|of|worth\s+of)\s{{1,3}})?(?:(?:potential|performance[- ]related|variable|further)\s{{1,3}})?(?:add[- ]?ons?|bonuses|variables|incentives)){B}"
    ))
    .expect("add-on word pattern is valid")
});

/// An add-on figure without a currency (`plus 3 million in add-ons`), which
/// takes the fee's currency.
static BARE_ADDON_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?P<num>[0-9]+(?:\.[0-9]+)?)\s?(?P<mult>{MULT}){B}"
    ))
    .expect("bare add-on pattern is valid")
});

/// `rising to`, `which could rise to`, right after a fee.
static RISE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?i:\s{{0,3}},?\s{{0,3}}(?:(?:(?:which|that)\s{{1,3}})?(?:could|would|will|can|may|potentially){B}\s{{1,3}})?(?:rising|rise|rises|going\s+up|increasing)\s{{1,3}}to\s{{1,3}}(?:(?:a\s+potential|as\s+much\s+as|around|about){B}\s{{1,3}})?)"
    ))
    .expect("rise pattern is valid")
});

/// `with add-ons` after the `rising to` figure.
static RISE_TAIL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?i:\s{{1,3}}(?:with|including|in|through|via|after)\s{{1,3}}(?:potential\s{{1,3}})?(?:add[- ]?ons?|bonuses|variables|incentives)){B}"
    ))
    .expect("rise tail pattern is valid")
});

/// `text[range]` when the range fits the text and lies on char boundaries.
fn hay(text: &str, range: Span) -> Option<&str> {
    if range.start > range.end {
        return None;
    }
    text.get(range.start..range.end)
}

/// The amount of `num` (ASCII digits, commas, one dot) times the multiplier
/// word `mult`, rounded half up; `None` on overflow.
fn amount_of(num: &str, mult: Option<&str>) -> Option<u64> {
    let (int, frac) = num.split_once('.').unwrap_or((num, ""));
    let factor: u128 = match mult.map(str::to_ascii_lowercase).as_deref() {
        None => 1,
        Some("k" | "thousand") => 1_000,
        Some("b" | "bn" | "billion") => 1_000_000_000,
        Some(_) => 1_000_000,
    };
    let mut whole: u128 = 0;
    for b in int.bytes().filter(u8::is_ascii_digit) {
        whole = whole.checked_mul(10)?.checked_add(u128::from(b - b'0'))?;
    }
    // At most 18 fractional digits matter; the rest cannot change the result
    // by more than rounding.
    let mut part: u128 = 0;
    let mut scale: u128 = 1;
    for b in frac.bytes().filter(u8::is_ascii_digit).take(18) {
        part = part * 10 + u128::from(b - b'0');
        scale *= 10;
    }
    let total = whole
        .checked_mul(factor)?
        .checked_add((part * factor + scale / 2) / scale)?;
    u64::try_from(total).ok()
}

fn currency_of_sign(sign: &str) -> Option<Currency> {
    match sign.trim() {
        "€" | "EUR" => Some(Currency::Eur),
        "£" | "GBP" => Some(Currency::Gbp),
        "$" | "US$" | "USD" => Some(Currency::Usd),
        _ => None,
    }
}

fn currency_of_word(word: &str) -> Option<Currency> {
    let w = word.to_ascii_lowercase();
    if w.starts_with("eur") {
        Some(Currency::Eur)
    } else if w.starts_with("pound") || w.starts_with("sterling") || w == "gbp" {
        Some(Currency::Gbp)
    } else if w.starts_with("us") || w.starts_with("dollar") {
        Some(Currency::Usd)
    } else {
        None
    }
}

fn period_of(unit: &str) -> Period {
    let u = unit.to_ascii_lowercase();
    if u.starts_with('w') {
        Period::Week
    } else if u.starts_with('m') {
        Period::Month
    } else {
        Period::Year
    }
}

/// The period after a figure ending at `end`, looking no further than `limit`.
fn period_after(text: &str, end: usize, limit: usize) -> Option<Period> {
    let rest = text.get(end..limit)?;
    let caps = PERIOD_AFTER_RE.captures(rest)?;
    if let Some(u) = caps.name("u1") {
        let after = rest.get(u.end()..).unwrap_or("");
        if NOT_RATE_RE.is_match(after) {
            return None;
        }
        return Some(period_of(u.as_str()));
    }
    if caps.name("pw").is_some() {
        return Some(Period::Week);
    }
    if caps.name("pa").is_some() || caps.name("pa2").is_some() {
        return Some(Period::Year);
    }
    let unit = caps.name("u2").or_else(|| caps.name("u3"))?;
    Some(period_of(unit.as_str()))
}

/// The wage period named just before a figure starting at `start`, looking no
/// further back than `floor`.
fn period_before(text: &str, start: usize, floor: usize) -> Option<Period> {
    let mut from = start.saturating_sub(64).max(floor);
    while from < start && !text.is_char_boundary(from) {
        from += 1;
    }
    let before = text.get(from..start)?;
    let caps = WAGE_BEFORE_RE.captures(before)?;
    if caps.name("w").is_some() {
        Some(Period::Week)
    } else if caps.name("m").is_some() {
        Some(Period::Month)
    } else {
        Some(Period::Year)
    }
}

/// All money figures in `text[range]`, in order, with spans into `text`.
///
/// Returns an empty list when `range` does not fit `text` or does not lie on
/// character boundaries. Figures too large for a `u64` and figures in other
/// dollars (`A$`, `C$`) are left out.
pub fn find_money(text: &str, range: Span) -> Vec<Money> {
    let Some(h) = hay(text, range) else {
        return Vec::new();
    };
    // Every figure has a number, which begins with an ASCII digit: a text
    // without one (most sentences) holds no figure.
    if !has_ascii_digit(h.as_bytes()) {
        return Vec::new();
    }
    money_in(text, range, h)
}

/// True when `b` holds an ASCII digit. Reads 32 bytes at a time without
/// branching inside a block, which the compiler turns into vector code.
fn has_ascii_digit(b: &[u8]) -> bool {
    let mut blocks = b.chunks_exact(32);
    let in_blocks = blocks.by_ref().any(|block| {
        block
            .iter()
            .fold(false, |seen, x| seen | x.is_ascii_digit())
    });
    in_blocks || blocks.remainder().iter().any(u8::is_ascii_digit)
}

/// [`find_money`] over `h`, the text of `range`, without the digit check.
fn money_in(text: &str, range: Span, h: &str) -> Vec<Money> {
    let mut out = Vec::new();
    for caps in MONEY_RE.captures_iter(h) {
        let Some(whole) = caps.get(0) else { continue };
        let (currency, num, mult) = if let Some(cur) = caps.name("cur") {
            (
                currency_of_sign(cur.as_str()),
                caps.name("num"),
                caps.name("mult"),
            )
        } else {
            (
                caps.name("word").and_then(|w| currency_of_word(w.as_str())),
                caps.name("num2"),
                caps.name("mult2"),
            )
        };
        let (Some(currency), Some(num)) = (currency, num) else {
            continue;
        };
        let Some(amount) = amount_of(num.as_str(), mult.map(|m| m.as_str())) else {
            continue;
        };
        let span = Span::new(range.start + whole.start(), range.start + whole.end());
        let per = period_after(text, span.end, range.end)
            .or_else(|| period_before(text, span.start, range.start));
        out.push(Money {
            amount,
            currency,
            span,
            per,
        });
    }
    out
}

/// Bracketed conversions right after byte `pos`: the figures of `monies`
/// from index `idx` on that sit in a bracket opening at `pos`. Returns the
/// conversions, the index of the first figure not consumed and the end of
/// what was consumed (`pos` and `idx` unchanged when there is no bracket).
fn conversions(
    text: &str,
    limit: usize,
    monies: &[Money],
    mut idx: usize,
    pos: usize,
) -> (Vec<Money>, usize, usize) {
    let none = (Vec::new(), idx, pos);
    let Some(open) = text.get(pos..limit).and_then(|r| OPEN_RE.find(r)) else {
        return none;
    };
    let mut p = pos + open.end();
    let mut alts = Vec::new();
    while let Some(m) = monies.get(idx).filter(|m| m.span.start == p) {
        alts.push(m.clone());
        p = m.span.end;
        idx += 1;
        let Some(sep) = text.get(p..limit).and_then(|r| SEP_RE.find(r)) else {
            break;
        };
        match monies.get(idx) {
            Some(next) if next.span.start == p + sep.end() => p += sep.end(),
            _ => break,
        }
    }
    if alts.is_empty() {
        return none;
    }
    if let Some(close) = text.get(p..limit).and_then(|r| CLOSE_RE.find(r)) {
        p += close.end();
        // Anything else inside the bracket belongs to it.
        while monies.get(idx).is_some_and(|m| m.span.start < p) {
            idx += 1;
        }
    }
    (alts, idx, p)
}

/// Fee expressions in `text[range]`, in order.
///
/// Each fee is a primary figure plus what hangs on it: bracketed conversions
/// (`€45m (£39m)`), quantified add-ons (`plus €20m in add-ons`, `plus €3m
/// add-ons`, `plus 3 million in add-ons` in the fee's currency), unquantified ones (`plus add-ons`) and a ceiling (`rising to
/// £X with add-ons`, giving X minus the primary as add-ons). Figures consumed
/// as conversions or add-ons are not fees of their own. Wages (see
/// [`Money::per`]) are never fees. Words around the figure such as `a fee in
/// the region of` or `around` do not change it.
///
/// Returns an empty list when `range` does not fit `text` or does not lie on
/// character boundaries.
pub fn find_fees(text: &str, range: Span) -> Vec<Fee> {
    let monies = find_money(text, range);
    let limit = range.end;
    let mut fees = Vec::new();
    let mut i = 0;
    while let Some(primary) = monies.get(i) {
        let (alternatives, mut next, mut end) =
            conversions(text, limit, &monies, i + 1, primary.span.end);
        let mut add_ons = None;
        let mut with_add_ons = false;

        if let Some(link) = text.get(end..limit).and_then(|r| ADDON_LINK_RE.find(r)) {
            let p = end + link.end();
            if let Some(word) = text.get(p..limit).and_then(|r| ADDON_WORD_RE.find(r)) {
                with_add_ons = true;
                end = p + word.end();
            } else if let Some(extra) = monies.get(next).filter(|m| m.span.start == p) {
                let (_, after_idx, after) =
                    conversions(text, limit, &monies, next + 1, extra.span.end);
                if let Some(word) = text.get(after..limit).and_then(|r| ADDON_WORD_RE.find(r)) {
                    with_add_ons = true;
                    if extra.currency == primary.currency && extra.per.is_none() {
                        add_ons = Some(extra.amount);
                    }
                    next = after_idx;
                    end = after + word.end();
                }
            } else if let Some(bare) = text.get(p..limit).and_then(|r| BARE_ADDON_RE.captures(r)) {
                let after = p + bare.get(0).map_or(0, |m| m.end());
                if let Some(word) = text.get(after..limit).and_then(|r| ADDON_WORD_RE.find(r)) {
                    with_add_ons = true;
                    add_ons = bare.name("num").and_then(|num| {
                        amount_of(num.as_str(), bare.name("mult").map(|m| m.as_str()))
                    });
                    end = after + word.end();
                }
            }
        } else if let Some(rise) = text.get(end..limit).and_then(|r| RISE_RE.find(r)) {
            let p = end + rise.end();
            if let Some(top) = monies.get(next).filter(|m| m.span.start == p) {
                let (_, after_idx, mut after) =
                    conversions(text, limit, &monies, next + 1, top.span.end);
                if let Some(tail) = text.get(after..limit).and_then(|r| RISE_TAIL_RE.find(r)) {
                    after += tail.end();
                }
                with_add_ons = true;
                if top.currency == primary.currency {
                    add_ons = top
                        .amount
                        .checked_sub(primary.amount)
                        .filter(|extra| *extra > 0);
                }
                next = after_idx;
                end = after;
            }
        }

        if primary.per.is_none() {
            fees.push(Fee {
                amount: primary.amount,
                currency: primary.currency,
                add_ons,
                with_add_ons,
                span: primary.span,
                extent: Span::new(primary.span.start, end.max(primary.span.end)),
                alternatives,
            });
        }
        i = next.max(i + 1);
    }
    fees
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Span {
        Span::new(0, text.len())
    }

    /// The single figure in `text`: (amount, currency, figure text, period).
    fn one(text: &str) -> (u64, Currency, &str, Option<Period>) {
        let found = find_money(text, all(text));
        assert_eq!(found.len(), 1, "{text:?}: {found:?}");
        let m = &found[0];
        (m.amount, m.currency, m.text(text), m.per)
    }

    /// The single fee in `text`.
    fn fee(text: &str) -> Fee {
        let found = find_fees(text, all(text));
        assert_eq!(found.len(), 1, "{text:?}: {found:?}");
        found[0].clone()
    }

    #[test]
    fn euro_million_joined() {
        let t = "Sevilla will accept €20million for the winger.";
        assert_eq!(one(t), (20_000_000, Currency::Eur, "€20million", None));
    }

    #[test]
    fn euro_million_spaced() {
        let t = "Porto rejected €20 million from Benfica.";
        assert_eq!(one(t), (20_000_000, Currency::Eur, "€20 million", None));
    }

    #[test]
    fn pound_decimal_m() {
        let t = "Villa paid £17.3m for the full-back.";
        assert_eq!(one(t), (17_300_000, Currency::Gbp, "£17.3m", None));
    }

    #[test]
    fn dollar_decimal_m() {
        let t = "The MLS side want $23.3m.";
        assert_eq!(one(t), (23_300_000, Currency::Usd, "$23.3m", None));
    }

    #[test]
    fn pound_whole_m() {
        let t = "Brighton want £60m for their captain.";
        assert_eq!(one(t), (60_000_000, Currency::Gbp, "£60m", None));
    }

    #[test]
    fn euro_billion() {
        let t = "The consortium paid €1.5bn for the club.";
        assert_eq!(one(t), (1_500_000_000, Currency::Eur, "€1.5bn", None));
    }

    #[test]
    fn thousands_k_and_commas() {
        let t = "Wrexham paid £100k for the keeper.";
        assert_eq!(one(t), (100_000, Currency::Gbp, "£100k", None));
        let t = "Wrexham paid £100,000 for the keeper.";
        assert_eq!(one(t), (100_000, Currency::Gbp, "£100,000", None));
        let t = "A fee of £1,250,000.50 was agreed.";
        assert_eq!(one(t), (1_250_001, Currency::Gbp, "£1,250,000.50", None));
    }

    #[test]
    fn million_euros_words() {
        let t = "Napoli have offered 60 million euros for the striker.";
        assert_eq!(
            one(t),
            (60_000_000, Currency::Eur, "60 million euros", None)
        );
    }

    #[test]
    fn m_euros() {
        let t = "Roma bid 50m euros and then 70m euros.";
        let found = find_money(t, all(t));
        let got: Vec<_> = found.iter().map(|m| (m.amount, m.text(t))).collect();
        assert_eq!(
            got,
            vec![(50_000_000, "50m euros"), (70_000_000, "70m euros")]
        );
        assert!(found.iter().all(|m| m.currency == Currency::Eur));
    }

    #[test]
    fn million_pounds_and_sterling() {
        let t = "Everton want 20 million pounds for the midfielder.";
        assert_eq!(
            one(t),
            (20_000_000, Currency::Gbp, "20 million pounds", None)
        );
        let t = "He cost 8m sterling two years ago.";
        assert_eq!(one(t), (8_000_000, Currency::Gbp, "8m sterling", None));
        let t = "Toronto paid 12 million dollars.";
        assert_eq!(
            one(t),
            (12_000_000, Currency::Usd, "12 million dollars", None)
        );
    }

    #[test]
    fn us_dollar_and_codes() {
        let t = "Inter Miami offered US$10m for the forward.";
        assert_eq!(one(t), (10_000_000, Currency::Usd, "US$10m", None));
        let t = "Ajax set a price of EUR 20m on the defender.";
        assert_eq!(one(t), (20_000_000, Currency::Eur, "EUR 20m", None));
        let t = "The bid was GBP30m.";
        assert_eq!(one(t), (30_000_000, Currency::Gbp, "GBP30m", None));
    }

    #[test]
    fn one_million() {
        let t = "Bournemouth paid £1m for the teenager.";
        assert_eq!(one(t), (1_000_000, Currency::Gbp, "£1m", None));
    }

    #[test]
    fn other_dollars_are_skipped() {
        let t = "Sydney FC paid A$2m for him.";
        assert!(find_money(t, all(t)).is_empty());
    }

    #[test]
    fn range_is_lower_bound() {
        let t = "Juventus value him at €50-60m this summer.";
        assert_eq!(one(t), (50_000_000, Currency::Eur, "€50-60m", None));
    }

    #[test]
    fn wages_a_year() {
        let t = "The Serbian’s £10m-a-year wages put Roma off.";
        assert_eq!(
            one(t),
            (10_000_000, Currency::Gbp, "£10m", Some(Period::Year))
        );
        assert!(find_fees(t, all(t)).is_empty());
    }

    #[test]
    fn wages_a_week() {
        for (t, fig) in [
            ("He earns £200,000-a-week at Old Trafford.", "£200,000"),
            ("He earns £200,000 a week at Old Trafford.", "£200,000"),
            ("He earns £200,000 per week at Old Trafford.", "£200,000"),
            ("He earns £200k p/w at Old Trafford.", "£200k"),
            ("He earns £200k/week at Old Trafford.", "£200k"),
            (
                "He is on weekly wages of £200,000 at Old Trafford.",
                "£200,000",
            ),
        ] {
            let (_, cur, text, per) = one(t);
            assert_eq!(
                (cur, text, per),
                (Currency::Gbp, fig, Some(Period::Week)),
                "{t}"
            );
            assert!(find_fees(t, all(t)).is_empty(), "{t}");
        }
    }

    #[test]
    fn a_year_ago_is_not_a_wage() {
        let t = "Chelsea paid £40m a year ago for the winger.";
        assert_eq!(one(t), (40_000_000, Currency::Gbp, "£40m", None));
    }

    #[test]
    fn spec_fee_with_conversions() {
        let t = "Madrid are willing to pay €20million (£17.3m, $23.3m) to the defender.";
        let f = fee(t);
        assert_eq!((f.amount, f.currency), (20_000_000, Currency::Eur));
        assert_eq!(f.text(t), "€20million");
        assert_eq!(f.extent.slice(t), "€20million (£17.3m, $23.3m)");
        let alts: Vec<_> = f
            .alternatives
            .iter()
            .map(|m| (m.amount, m.currency, m.text(t)))
            .collect();
        assert_eq!(
            alts,
            vec![
                (17_300_000, Currency::Gbp, "£17.3m"),
                (23_300_000, Currency::Usd, "$23.3m"),
            ]
        );
        assert_eq!((f.add_ons, f.with_add_ons), (None, false));
        let json = serde_json::to_value(f.currency).unwrap_or_default();
        assert_eq!(json, serde_json::json!("EUR"));
    }

    #[test]
    fn single_conversion() {
        let t = "Lazio will pay €45m (£39m) for the midfielder.";
        let f = fee(t);
        assert_eq!(
            (f.amount, f.currency, f.text(t)),
            (45_000_000, Currency::Eur, "€45m")
        );
        assert_eq!(f.alternatives.len(), 1);
        assert_eq!(f.alternatives[0].amount, 39_000_000);
        assert_eq!(f.alternatives[0].currency, Currency::Gbp);
    }

    #[test]
    fn conversion_words_in_bracket_do_not_split_fee() {
        let t = "Newcastle bid €80m (about £69.5m at current rates) for him.";
        let f = fee(t);
        assert_eq!(f.amount, 80_000_000);
        assert_eq!(f.alternatives[0].amount, 69_500_000);
        assert_eq!(f.extent.slice(t), "€80m (about £69.5m at current rates)");
    }

    #[test]
    fn spec_plus_add_ons_without_in() {
        let t = "Sporting will sell for €10m plus €3m add-ons.";
        let f = fee(t);
        assert_eq!(
            (f.amount, f.add_ons, f.with_add_ons),
            (10_000_000, Some(3_000_000), true)
        );
        assert_eq!(f.extent.slice(t), "€10m plus €3m add-ons");
    }

    #[test]
    fn plus_in_add_ons() {
        let t = "Real have agreed €75m plus €20m in add-ons with the Premier League side.";
        let f = fee(t);
        assert_eq!(
            (f.amount, f.currency, f.add_ons),
            (75_000_000, Currency::Eur, Some(20_000_000))
        );
        let t = "The package is £100m plus £16m in add-ons, and it is done.";
        let f = fee(t);
        assert_eq!(
            (f.amount, f.currency, f.add_ons),
            (100_000_000, Currency::Gbp, Some(16_000_000))
        );
    }

    #[test]
    fn plus_unquantified_add_ons() {
        let t = "Brentford received a bid of £55m plus add-ons from Spurs.";
        let f = fee(t);
        assert_eq!(
            (f.amount, f.add_ons, f.with_add_ons),
            (55_000_000, None, true)
        );
        assert_eq!(f.text(t), "£55m");
        assert_eq!(f.extent.slice(t), "£55m plus add-ons");
    }

    #[test]
    fn conversion_then_add_ons() {
        let t = "Leipzig accepted €76.5m (£66.3m) plus €8.5m (£7.4m) in add-ons for the striker.";
        let f = fee(t);
        assert_eq!((f.amount, f.add_ons), (76_500_000, Some(8_500_000)));
        assert_eq!(f.alternatives.len(), 1);
    }

    #[test]
    fn add_ons_without_currency_take_the_fee_currency() {
        let t = "Benfica accepted 40 million euros plus 4 million in variables for the forward.";
        let f = fee(t);
        assert_eq!(
            (f.amount, f.currency, f.add_ons),
            (40_000_000, Currency::Eur, Some(4_000_000))
        );
        assert_eq!(f.text(t), "40 million euros");
        assert_eq!(
            f.extent.slice(t),
            "40 million euros plus 4 million in variables"
        );
    }

    #[test]
    fn add_ons_in_other_currency_are_mentioned_only() {
        let t = "Fulham bid £30m plus €5m in add-ons for the wing-back.";
        let f = fee(t);
        assert_eq!(
            (f.amount, f.add_ons, f.with_add_ons),
            (30_000_000, None, true)
        );
    }

    #[test]
    fn rising_to_with_add_ons() {
        let t = "Arsenal will pay £50m, rising to £58m with add-ons, for the Spain midfielder.";
        let f = fee(t);
        assert_eq!(
            (f.amount, f.add_ons, f.with_add_ons),
            (50_000_000, Some(8_000_000), true)
        );
        assert_eq!(f.extent.slice(t), "£50m, rising to £58m with add-ons");
    }

    #[test]
    fn region_around_about() {
        let t = "Villa want a fee in the region of £40m for the forward.";
        assert_eq!(fee(t).amount, 40_000_000);
        assert_eq!(fee(t).text(t), "£40m");
        let t = "Milan want around £60m and Forest paid about £59m.";
        let fees = find_fees(t, all(t));
        let got: Vec<_> = fees.iter().map(|f| (f.amount, f.text(t))).collect();
        assert_eq!(got, vec![(60_000_000, "£60m"), (59_000_000, "£59m")]);
    }

    #[test]
    fn two_fees_in_one_sentence() {
        let t = "After a £70m bid was rejected, United offered £80m plus add-ons.";
        let fees = find_fees(t, all(t));
        let got: Vec<_> = fees.iter().map(|f| (f.amount, f.with_add_ons)).collect();
        assert_eq!(got, vec![(70_000_000, false), (80_000_000, true)]);
    }

    #[test]
    fn range_limits_the_search_and_spans_are_absolute() {
        let t = "First £10m. Then €20m.";
        let second = t.find("Then").unwrap_or(0);
        let found = find_money(t, Span::new(second, t.len()));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text(t), "€20m");
        assert_eq!(found[0].span.start, t.find('€').unwrap_or(0));
    }

    #[test]
    fn odd_inputs_never_panic() {
        assert!(find_money("", Span::new(0, 0)).is_empty());
        assert!(find_fees("", Span::new(0, 0)).is_empty());
        let t = "€99999999999999999999bn and £999999999999999999999999999999999999999999m";
        assert!(find_money(t, all(t)).is_empty());
        let t = "£18446744073709551615 but £18446744073709551616";
        let found = find_money(t, all(t));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].amount, u64::MAX);
        let t = "é€5mé £3m£4m ££ €€ € m 5m $ (£ (£1m, plus add-ons";
        for m in find_money(t, all(t)) {
            assert!(t.get(m.span.start..m.span.end).is_some());
        }
        for f in find_fees(t, all(t)) {
            assert!(t.get(f.extent.start..f.extent.end).is_some());
        }
        // Off char boundaries, reversed, or past the end: nothing.
        let t = "€5m";
        assert!(find_money(t, Span { start: 1, end: 3 }).is_empty());
        assert!(find_money(t, Span { start: 3, end: 1 }).is_empty());
        assert!(find_fees(t, Span { start: 0, end: 99 }).is_empty());
        // Unicode digits are not ASCII digits.
        let t = "£٣m and €١٠m";
        assert!(find_money(t, all(t)).is_empty());
        // A long run of figures stays fast and complete.
        let t = "£1m (€1m) plus £1m in add-ons, ".repeat(20_000);
        assert_eq!(find_fees(&t, all(&t)).len(), 20_000);
    }

    #[test]
    fn serializes_money() {
        let t = "£10m-a-year";
        let m = &find_money(t, all(t))[0];
        let v = serde_json::to_value(m).unwrap_or_default();
        assert_eq!(
            v,
            serde_json::json!({"amount": 10_000_000, "currency": "GBP",
                "span": {"start": 0, "end": 5}, "per": "year"})
        );
    }

    #[test]
    fn pseudo_random_inputs_never_panic() {
        let pieces = [
            "€",
            "£",
            "$",
            "US$",
            "EUR ",
            "5",
            "0",
            "9",
            ",",
            ".",
            "000",
            "m",
            "bn",
            "k",
            " ",
            "million",
            " euros",
            " pounds",
            "-a-week",
            " a year",
            " plus ",
            " in add-ons",
            "(",
            ")",
            ", ",
            "rising to ",
            "é",
            "🔴",
            "’",
            "-",
            "–",
            "p/w",
            "add-ons",
            "99999999999",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for _ in 0..3_000 {
            let len = next(24);
            let text: String = (0..len).map(|_| pieces[next(pieces.len())]).collect();
            let a = next(text.len() + 2);
            let b = next(text.len() + 2);
            for range in [all(&text), Span { start: a, end: b }] {
                for m in find_money(&text, range) {
                    assert!(range.contains(m.span), "{text:?}");
                    assert!(text.get(m.span.start..m.span.end).is_some());
                }
                for f in find_fees(&text, range) {
                    assert!(
                        range.contains(f.extent) && f.extent.contains(f.span),
                        "{text:?}"
                    );
                    assert!(text.get(f.extent.start..f.extent.end).is_some());
                }
            }
        }
    }

    #[test]
    fn digit_check_skips_only_texts_without_figures() {
        use proptest::prelude::*;
        // Currency signs, codes and words without a digit, near-digits
        // (other scripts' digits, number words), and a few digits.
        const PIECES: &[&str] = &[
            "€", "£", "$", "US$", "EUR", "GBP", "usd", " ", "m", "bn", "k", "million", " euros",
            " pounds", "sterling", "dollars", " a week", ",", ".", "-", "(", ")", "ten", "١٢",
            "５", "Ⅻ", "²", "é", "0", "7", "12.5",
        ];
        let piece = proptest::sample::select(PIECES);
        let input = proptest::collection::vec(piece, 0..24);
        let mut runner = proptest::test_runner::TestRunner::default();
        let result = runner.run(&input, |pieces| {
            let text: String = pieces.concat();
            let range = all(&text);
            prop_assert_eq!(find_money(&text, range), money_in(&text, range, &text));
            Ok(())
        });
        assert!(result.is_ok(), "{result:?}");
        // Digits in and after the 32-byte blocks, and none at all.
        let long = "x".repeat(70);
        for at in [0, 31, 32, 63, 64, 69] {
            let mut b = long.clone().into_bytes();
            b[at] = b'7';
            assert!(has_ascii_digit(&b), "{at}");
        }
        assert!(!has_ascii_digit(long.as_bytes()));
        assert!(!has_ascii_digit("٣ ５ ² ½".as_bytes()));
        // The plain search finds nothing where there is no ASCII digit.
        let t = "Fees of €ten million, £Ⅻm, $５m or US$١٢m are not figures.";
        assert!(MONEY_RE.find(t).is_none());
        assert_eq!(find_money(t, all(t)), money_in(t, all(t), t));
        let t = "A fee of €5m.";
        assert_eq!(find_money(t, all(t)).len(), 1);
    }
}
