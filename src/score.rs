//! Scoring of predicted claims against gold claims, as SPEC.md's "Scoring"
//! section defines it.
//!
//! What goes in:
//! - the gold: for every article stem (`NAME` of `NAME.txt`), the claims listed
//!   in `NAME.gold.json`, read by [`load_gold_dir`] or [`parse_gold`];
//! - the predictions: for every article stem, the `claims` of the `extract`
//!   document for that article, as plain JSON values. [`predicted_by_stem`]
//!   groups whole documents by stem, [`parse_jsonl`] reads `extract --jsonl`
//!   output. The values are read leniently: a missing or mistyped field counts
//!   as absent, and nothing in them can make scoring fail.
//!
//! What comes out: a [`Report`] from [`score`], with micro-averaged precision,
//! recall and F1 at the attributed level (the whole [`Key`], source included)
//! and at the pair level (the key without its source), the same figures per
//! relation at both levels, fee accuracy over matched bids, and the list of
//! missed and spurious keys. Its `Display` is a readable table; its
//! `Serialize` form rounds the figures as SPEC.md's scoring reports them
//! (totals to 4 decimals, relations to 3).
//!
//! Names are compared after [`canon`]: [`fold`] (lower case, accents and
//! punctuation removed), club affixes stripped and common aliases mapped, both
//! from the [`AFFIXES`] and [`ALIASES`] tables.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use unicode_normalization::char::{canonical_combining_class, is_combining_mark};
use unicode_normalization::UnicodeNormalization;

/// The file name ending that marks a gold file: `NAME.gold.json`.
pub const GOLD_SUFFIX: &str = ".gold.json";

/// Club affixes that [`canon`] drops from the start and the end of a folded
/// name (never the last remaining word).
pub const AFFIXES: &[&str] = &[
    "ac", "afc", "as", "bsc", "calcio", "cd", "cf", "club", "de", "fc", "futbol", "ogc", "rc",
    "sc", "sl", "ssc", "sv", "vfb", "vfl",
];

/// Common aliases that [`canon`] maps to one name, as `(folded alias,
/// canonical name)`, sorted by alias.
pub const ALIASES: &[(&str, &str)] = &[
    ("athletic club", "athletic bilbao"),
    ("atleti", "atletico madrid"),
    ("atletico", "atletico madrid"),
    ("atletico de madrid", "atletico madrid"),
    ("barca", "barcelona"),
    ("bayern", "bayern munich"),
    ("bayern munchen", "bayern munich"),
    ("benfica", "sl benfica"),
    ("betis", "real betis"),
    ("bild", "bild"),
    ("brighton", "brighton hove albion"),
    ("brighton and hove albion", "brighton hove albion"),
    ("bvb", "borussia dortmund"),
    ("corriere dello sport", "corriere dello sport"),
    ("daily telegraph", "the telegraph"),
    ("dortmund", "borussia dortmund"),
    ("express", "daily express"),
    ("fc barcelona", "barcelona"),
    ("fc bayern", "bayern munich"),
    ("fc internazionale milano", "inter milan"),
    ("forest", "nottingham forest"),
    ("frankfurt", "eintracht frankfurt"),
    ("gazzetta", "gazzetta dello sport"),
    ("gladbach", "borussia monchengladbach"),
    ("guardian", "the guardian"),
    ("heung min son", "son heung min"),
    ("inter", "inter milan"),
    ("internazionale", "inter milan"),
    ("juve", "juventus"),
    ("la gazzetta dello sport", "gazzetta dello sport"),
    ("leipzig", "rb leipzig"),
    ("lequipe", "l equipe"),
    ("leverkusen", "bayer leverkusen"),
    ("losc", "lille"),
    ("losc lille", "lille"),
    ("mail", "daily mail"),
    ("mail sport", "daily mail"),
    ("man city", "manchester city"),
    ("man united", "manchester united"),
    ("man utd", "manchester united"),
    ("milan", "ac milan"),
    ("mirror", "daily mirror"),
    ("monaco", "as monaco"),
    ("monchengladbach", "borussia monchengladbach"),
    ("napoli", "napoli"),
    ("newcastle", "newcastle united"),
    ("olympique de marseille", "marseille"),
    ("olympique lyonnais", "lyon"),
    ("olympique marseille", "marseille"),
    ("paris sg", "paris saint germain"),
    ("porto", "fc porto"),
    ("psg", "paris saint germain"),
    ("psv", "psv eindhoven"),
    ("rodrigo hernandez", "rodri"),
    ("rodrigo hernandez cascante", "rodri"),
    ("roma", "as roma"),
    ("sky", "sky sports"),
    ("sky deutschland", "sky sport germany"),
    ("sky germany", "sky sport germany"),
    ("sky sport de", "sky sport germany"),
    ("sky sports news", "sky sports"),
    ("sociedad", "real sociedad"),
    ("sporting", "sporting cp"),
    ("sporting lisbon", "sporting cp"),
    ("spurs", "tottenham hotspur"),
    ("ssc napoli", "napoli"),
    ("star", "daily star"),
    ("sun", "the sun"),
    ("telegraph", "the telegraph"),
    ("the mail", "daily mail"),
    ("the mirror", "daily mirror"),
    ("times", "the times"),
    ("tottenham", "tottenham hotspur"),
    ("united", "manchester united"),
    ("villa", "aston villa"),
    ("vini jr", "vinicius junior"),
    ("vinicius jr", "vinicius junior"),
    ("west ham", "west ham united"),
    ("wolverhampton", "wolverhampton wanderers"),
    ("wolves", "wolverhampton wanderers"),
];

/// What can go wrong reading gold or predictions.
#[derive(Debug, thiserror::Error)]
pub enum ScoreError {
    /// The gold directory cannot be listed.
    #[error("cannot read gold directory {}: {source}", path.display())]
    ReadDir {
        /// The directory.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A gold file cannot be read (missing, a directory, not UTF-8, ...).
    #[error("cannot read gold file {}: {source}", path.display())]
    ReadFile {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A gold file name ending in `.gold.json` is not valid UTF-8, so it has
    /// no usable stem.
    #[error("gold file name is not valid UTF-8: {}", path.display())]
    FileName {
        /// The file.
        path: PathBuf,
    },
    /// A gold file is not `{"claims": [...]}` with well-formed claims.
    #[error("invalid gold file {}: {source}", path.display())]
    Gold {
        /// The file.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// The parser's message (which repeats line and column).
        source: serde_json::Error,
    },
    /// A line of JSONL predictions is not valid JSON.
    #[error("invalid prediction on line {line}: {source}")]
    Predicted {
        /// 1-based line number.
        line: usize,
        /// The parser's message.
        source: serde_json::Error,
    },
    /// A line of JSONL predictions is valid JSON but not an object.
    #[error("prediction on line {line} is not a JSON object")]
    PredictedNotObject {
        /// 1-based line number.
        line: usize,
    },
}

/// A gold claim, one element of `claims` in `NAME.gold.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldClaim {
    /// One of the nine relations.
    pub relation: String,
    /// The club's name.
    pub club: String,
    /// The player's name.
    pub player: String,
    /// The source's name, `"anonymous"`, or `None` for the article's own voice.
    #[serde(default)]
    pub source: Option<String>,
    /// Whether the relation is denied (`null` or absent means false).
    #[serde(default, deserialize_with = "null_as_false")]
    pub negated: bool,
    /// The fee, for claims that state one (`null` or `{}` means none).
    #[serde(default, deserialize_with = "gold_fee")]
    pub fee: Option<GoldFee>,
    /// The supporting text, for people; not scored.
    #[serde(default)]
    pub evidence: Option<String>,
}

/// A gold fee.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldFee {
    /// The amount in units of the currency (0 if absent).
    #[serde(default)]
    pub amount: f64,
    /// The currency code, such as `EUR` (empty if absent).
    #[serde(default)]
    pub currency: String,
}

/// A gold `fee`: `null` and `{}` mean none.
fn gold_fee<'de, D: Deserializer<'de>>(d: D) -> Result<Option<GoldFee>, D::Error> {
    let fee = Option::<serde_json::Map<String, Value>>::deserialize(d)?;
    match fee {
        Some(fee) if !fee.is_empty() => GoldFee::deserialize(Value::Object(fee))
            .map(Some)
            .map_err(serde::de::Error::custom),
        _ => Ok(None),
    }
}

#[derive(Deserialize)]
struct GoldFile {
    claims: Vec<GoldClaim>,
}

fn null_as_false<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(Option::<bool>::deserialize(d)?.unwrap_or(false))
}

/// Parses the text of one gold file, `{"claims": [...]}`.
pub fn parse_gold(text: &str) -> Result<Vec<GoldClaim>, serde_json::Error> {
    Ok(serde_json::from_str::<GoldFile>(text)?.claims)
}

/// Reads every `DIR/NAME.gold.json` into a map from `NAME` to its claims.
///
/// Other files are ignored. Errors name the file, and for bad JSON the line
/// and column.
pub fn load_gold_dir(dir: &Path) -> Result<BTreeMap<String, Vec<GoldClaim>>, ScoreError> {
    let read_dir_error = |source| ScoreError::ReadDir {
        path: dir.to_path_buf(),
        source,
    };
    let mut gold = BTreeMap::new();
    for entry in fs::read_dir(dir).map_err(read_dir_error)? {
        let entry = entry.map_err(read_dir_error)?;
        let path = entry.path();
        let name = entry.file_name();
        if !name.as_encoded_bytes().ends_with(GOLD_SUFFIX.as_bytes()) {
            continue;
        }
        let Some(stem) = name.to_str().and_then(|n| n.strip_suffix(GOLD_SUFFIX)) else {
            return Err(ScoreError::FileName { path });
        };
        let text = match fs::read_to_string(&path) {
            Ok(text) => text,
            Err(source) => return Err(ScoreError::ReadFile { path, source }),
        };
        match parse_gold(&text) {
            Ok(claims) => {
                gold.insert(stem.to_string(), claims);
            }
            Err(source) => {
                return Err(ScoreError::Gold {
                    path,
                    line: source.line(),
                    column: source.column(),
                    source,
                })
            }
        }
    }
    Ok(gold)
}

/// Parses `extract --jsonl` output: one document object per line, blank
/// lines skipped.
pub fn parse_jsonl(text: &str) -> Result<Vec<Value>, ScoreError> {
    let mut docs = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let doc: Value = serde_json::from_str(line).map_err(|source| ScoreError::Predicted {
            line: i + 1,
            source,
        })?;
        if !doc.is_object() {
            return Err(ScoreError::PredictedNotObject { line: i + 1 });
        }
        docs.push(doc);
    }
    Ok(docs)
}

/// The stem that matches a document to its gold: the file name of its
/// `path` without the last extension (`seeds/000_x.txt` gives `000_x`).
/// A missing path gives the empty stem.
pub fn stem_of(path: Option<&str>) -> String {
    let name = path
        .unwrap_or("")
        .split('/')
        .rfind(|part| !part.is_empty() && *part != ".")
        .unwrap_or("");
    match name.rfind('.') {
        Some(dot) => name[..dot].to_string(),
        None => name.to_string(),
    }
}

/// Groups `extract` documents by [`stem_of`] their `path`, keeping their
/// `claims` (absent or not an array counts as none). A later document with
/// the same stem replaces an earlier one; values that are not objects are
/// ignored.
pub fn predicted_by_stem<'a, I>(docs: I) -> BTreeMap<String, Vec<Value>>
where
    I: IntoIterator<Item = &'a Value>,
{
    let mut out = BTreeMap::new();
    for doc in docs {
        let Some(obj) = doc.as_object() else {
            continue;
        };
        let stem = stem_of(obj.get("path").and_then(Value::as_str));
        let claims = match obj.get("claims") {
            Some(Value::Array(claims)) => claims.clone(),
            _ => Vec::new(),
        };
        out.insert(stem, claims);
    }
    out
}

/// Folds a name for comparison: compatibility decomposition, combining marks
/// dropped, `ø`/`Ø` to `o`, `ß` to `ss`, `æ` to `ae`, `đ` to `d`, `ł` to `l`,
/// every other character that is not a letter or digit to a space, letters
/// lower-cased, runs of spaces collapsed and trimmed.
///
/// `"Martin Ødegaard"` and `"martin odegaard"` fold alike, so do
/// `"Paris Saint-Germain"` and `"paris saint germain"`.
pub fn fold(name: &str) -> String {
    let mut s = String::with_capacity(name.len());
    for ch in name.nfkd() {
        if canonical_combining_class(ch) != 0 {
            continue;
        }
        match ch {
            'ø' | 'Ø' => s.push('o'),
            'ß' => s.push_str("ss"),
            'æ' => s.push_str("ae"),
            'đ' => s.push('d'),
            'ł' => s.push('l'),
            c if is_letter_or_digit(c) => s.extend(c.to_lowercase()),
            _ => s.push(' '),
        }
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a character is a letter (general category L*) or has a numeric
/// value (N*). `char::is_alphanumeric` also accepts the characters with the
/// `Other_Alphabetic` property, which are combining marks and a few symbol
/// letters (negative circled and squared Latin letters); those are excluded.
fn is_letter_or_digit(c: char) -> bool {
    c.is_alphanumeric() && !is_combining_mark(c) && !('\u{1F130}'..='\u{1F189}').contains(&c)
}

fn alias(folded: &str) -> Option<&'static str> {
    ALIASES
        .binary_search_by(|(from, _)| (*from).cmp(folded))
        .ok()
        .map(|i| ALIASES[i].1)
}

/// The canonical form of a name for matching: [`fold`], then an alias of the
/// whole name (also after a leading "the") is mapped, else leading and
/// trailing club affixes (FC, CF, AFC, ...) are dropped and the rest is
/// mapped if it is an alias.
///
/// `"Man Utd"` gives `manchester united`, `"the Spurs"` gives
/// `tottenham hotspur`, `"Real Madrid CF"` gives `real madrid`, while
/// `"The Athletic"` keeps its "the": `the athletic`.
pub fn canon(name: &str) -> String {
    let s = fold(name);
    if s.is_empty() {
        return s;
    }
    if let Some(to) = alias(&s) {
        return to.to_string();
    }
    if let Some(to) = s.strip_prefix("the ").and_then(alias) {
        return to.to_string();
    }
    let mut words: &[&str] = &s.split(' ').collect::<Vec<_>>();
    while let [first, rest @ ..] = words {
        if rest.is_empty() || !AFFIXES.contains(first) {
            break;
        }
        words = rest;
    }
    while let [rest @ .., last] = words {
        if rest.is_empty() || !AFFIXES.contains(last) {
            break;
        }
        words = rest;
    }
    let s = words.join(" ");
    match alias(&s) {
        Some(to) => to.to_string(),
        None => s,
    }
}

/// The key a claim is scored by.
///
/// Names are [`canon`]ical; `None` stands for an absent name (a predicted
/// claim without it), which never equals an empty name. An `interest` with
/// `negated` true becomes a `withdrawal` with `negated` false. At the pair
/// level every key has `source: None` (see [`Key::pair`]).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Key {
    /// The relation (`None` if a predicted claim has no string `relation`).
    pub relation: Option<String>,
    /// The canonical club name.
    pub club: Option<String>,
    /// The canonical player name.
    pub player: Option<String>,
    /// Whether the relation is denied.
    pub negated: bool,
    /// The canonical source name, `anonymous`, or `None` for the article's
    /// own voice.
    pub source: Option<String>,
}

impl Key {
    fn new(
        relation: Option<&str>,
        club: Option<&str>,
        player: Option<&str>,
        negated: bool,
        source: Option<String>,
    ) -> Key {
        let (relation, negated) = match (relation, negated) {
            (Some("interest"), true) => (Some("withdrawal"), false),
            other => other,
        };
        Key {
            relation: relation.map(str::to_string),
            club: club.map(canon),
            player: player.map(canon),
            negated,
            source,
        }
    }

    /// The key of a gold claim.
    pub fn from_gold(claim: &GoldClaim) -> Key {
        Key::new(
            Some(&claim.relation),
            Some(&claim.club),
            Some(&claim.player),
            claim.negated,
            claim.source.as_deref().map(source_name_key),
        )
    }

    /// The key of a predicted claim (an object of a document's `claims`);
    /// `None` if the value is not an object.
    ///
    /// `club` and `player` may be objects with a `name` or plain strings;
    /// `source` may be `null`, an object (kind `anonymous` gives
    /// `anonymous`, otherwise its `name`; without a name it counts as
    /// `None`) or a string; `negated` counts as true when it is a true-like
    /// value (`true`, a non-zero number, a non-empty string, array or
    /// object).
    pub fn from_predicted(claim: &Value) -> Option<Key> {
        let obj = claim.as_object()?;
        let source = match obj.get("source") {
            Some(Value::String(s)) => Some(source_name_key(s)),
            Some(Value::Object(src)) => {
                if src.get("kind").and_then(Value::as_str) == Some("anonymous") {
                    Some("anonymous".to_string())
                } else {
                    src.get("name").and_then(Value::as_str).map(canon)
                }
            }
            _ => None,
        };
        Some(Key::new(
            obj.get("relation").and_then(Value::as_str),
            entity_name(obj.get("club")),
            entity_name(obj.get("player")),
            truthy(obj.get("negated")),
            source,
        ))
    }

    /// The same key without its source: the pair-level key.
    pub fn pair(&self) -> Key {
        Key {
            source: None,
            ..self.clone()
        }
    }

    fn relation_name(&self) -> String {
        self.relation.clone().unwrap_or_else(|| "null".to_string())
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn opt(v: &Option<String>) -> String {
            v.as_ref()
                .map_or_else(|| "None".to_string(), |s| format!("'{s}'"))
        }
        let negated = if self.negated { "True" } else { "False" };
        write!(
            f,
            "({}, {}, {}, {}, {})",
            opt(&self.relation),
            opt(&self.club),
            opt(&self.player),
            negated,
            opt(&self.source)
        )
    }
}

fn source_name_key(name: &str) -> String {
    if name.to_lowercase() == "anonymous" {
        "anonymous".to_string()
    } else {
        canon(name)
    }
}

fn entity_name(v: Option<&Value>) -> Option<&str> {
    match v? {
        Value::String(s) => Some(s),
        Value::Object(obj) => obj.get("name").and_then(Value::as_str),
        _ => None,
    }
}

/// Truth value of a JSON value: false for absent, `null`, `false`, zero and
/// empty strings, arrays and objects; true otherwise.
fn truthy(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64() != Some(0.0),
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Object(o)) => !o.is_empty(),
    }
}

/// A fee as compared: the amount rounded to a whole number (halves to even)
/// and the currency in upper case.
#[derive(Debug, Clone, PartialEq)]
struct Fee {
    amount: f64,
    currency: String,
}

impl Fee {
    fn new(amount: f64, currency: &str) -> Option<Fee> {
        amount.is_finite().then(|| Fee {
            amount: amount.round_ties_even(),
            currency: currency.to_uppercase(),
        })
    }

    fn from_gold(fee: &GoldFee) -> Option<Fee> {
        Fee::new(fee.amount, &fee.currency)
    }

    /// A predicted `fee`: absent, `null` or empty means none; an object's
    /// `amount` defaults to 0 and may be a number, a numeric string or a
    /// boolean, its `currency` defaults to the empty string.
    fn from_predicted(fee: Option<&Value>) -> Option<Fee> {
        if !truthy(fee) {
            return None;
        }
        let obj = fee?.as_object()?;
        let amount = match obj.get("amount") {
            None => 0.0,
            Some(Value::Number(n)) => n.as_f64()?,
            Some(Value::Bool(b)) => f64::from(u8::from(*b)),
            Some(Value::String(s)) => parse_float(s)?,
            Some(_) => return None,
        };
        let currency = match obj.get("currency") {
            None => String::new(),
            Some(v) => value_text(v),
        };
        Fee::new(amount, &currency)
    }
}

/// A number written as text: surrounding white space allowed, and
/// underscores between digits.
fn parse_float(s: &str) -> Option<f64> {
    let s = s.trim();
    let chars: Vec<char> = s.chars().collect();
    let mut clean = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == '_' {
            let digit_before = i > 0 && chars[i - 1].is_ascii_digit();
            let digit_after = chars.get(i + 1).is_some_and(char::is_ascii_digit);
            if !(digit_before && digit_after) {
                return None;
            }
        } else {
            clean.push(c);
        }
    }
    clean.parse().ok()
}

/// The text a currency value is compared by, for values that are not strings
/// (`null` as `None`, `true` as `True`, `5.0` as `5.0`).
fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "None".to_string(),
        Value::Bool(true) => "True".to_string(),
        Value::Bool(false) => "False".to_string(),
        Value::Number(n) if n.is_i64() || n.is_u64() => n.to_string(),
        Value::Number(n) => n.as_f64().map_or_else(|| n.to_string(), float_text),
        other => other.to_string(),
    }
}

/// The shortest text that reads back as `x`, positional for exponents from
/// -4 to 15, otherwise in exponent form with a signed two-digit exponent.
fn float_text(x: f64) -> String {
    if x.is_nan() {
        return "nan".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    let sci = format!("{:e}", x.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if (-4..16).contains(&exp) {
        if exp < 0 {
            let zeros = "0".repeat((-exp - 1) as usize);
            format!("{sign}0.{zeros}{digits}")
        } else {
            let int_len = exp as usize + 1;
            if digits.len() <= int_len {
                let zeros = "0".repeat(int_len - digits.len());
                format!("{sign}{digits}{zeros}.0")
            } else {
                format!("{sign}{}.{}", &digits[..int_len], &digits[int_len..])
            }
        }
    } else {
        let (first, rest) = digits.split_at(1);
        let dot = if rest.is_empty() { "" } else { "." };
        let exp_sign = if exp < 0 { '-' } else { '+' };
        format!("{sign}{first}{dot}{rest}e{exp_sign}{:02}", exp.abs())
    }
}

/// A claim reduced to what scoring needs.
struct Scored {
    key: Key,
    pair: Key,
    bid: bool,
    fee: Option<Fee>,
}

impl Scored {
    fn from_gold(claim: &GoldClaim) -> Scored {
        let key = Key::from_gold(claim);
        Scored {
            pair: key.pair(),
            key,
            bid: claim.relation == "bid",
            fee: claim.fee.as_ref().and_then(Fee::from_gold),
        }
    }

    fn from_predicted(claim: &Value) -> Option<Scored> {
        let key = Key::from_predicted(claim)?;
        Some(Scored {
            pair: key.pair(),
            key,
            bid: claim.get("relation").and_then(Value::as_str) == Some("bid"),
            fee: Fee::from_predicted(claim.get("fee")),
        })
    }
}

/// Precision, recall and F1 with the counts they come from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    /// tp / (tp + fp), 0 when nothing was predicted.
    #[serde(serialize_with = "round4")]
    pub precision: f64,
    /// tp / (tp + fn), 0 when there is no gold.
    #[serde(serialize_with = "round4")]
    pub recall: f64,
    /// Harmonic mean of precision and recall, 0 when both are 0.
    #[serde(serialize_with = "round4")]
    pub f1: f64,
    /// Keys both predicted and in the gold.
    pub tp: usize,
    /// Keys predicted but not in the gold.
    pub fp: usize,
    /// Keys in the gold but not predicted.
    #[serde(rename = "fn")]
    pub fn_: usize,
}

impl Prf {
    /// The figures for these counts.
    pub fn new(tp: usize, fp: usize, fn_: usize) -> Prf {
        let ratio = |a: usize, b: usize| if b > 0 { a as f64 / b as f64 } else { 0.0 };
        let precision = ratio(tp, tp + fp);
        let recall = ratio(tp, tp + fn_);
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Prf {
            precision,
            recall,
            f1,
            tp,
            fp,
            fn_,
        }
    }
}

/// The figures of one relation at one level.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct RelationScore {
    /// Precision.
    #[serde(serialize_with = "round3")]
    pub precision: f64,
    /// Recall.
    #[serde(serialize_with = "round3")]
    pub recall: f64,
    /// F1.
    #[serde(serialize_with = "round3")]
    pub f1: f64,
    /// Gold keys of this relation (tp + fn).
    pub gold: usize,
    /// Matched keys.
    pub tp: usize,
    /// Spurious keys.
    pub fp: usize,
    /// Missed keys.
    #[serde(rename = "fn")]
    pub fn_: usize,
}

impl From<Prf> for RelationScore {
    fn from(p: Prf) -> RelationScore {
        RelationScore {
            precision: p.precision,
            recall: p.recall,
            f1: p.f1,
            gold: p.tp + p.fn_,
            tp: p.tp,
            fp: p.fp,
            fn_: p.fn_,
        }
    }
}

/// Whether a key was missed or spurious.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MissKind {
    /// In the gold, not predicted.
    Missed,
    /// Predicted, not in the gold.
    Spurious,
}

/// One attributed-level error: a gold key not predicted or a predicted key
/// not in the gold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Miss {
    /// The article's stem.
    pub stem: String,
    /// Missed or spurious.
    pub kind: MissKind,
    /// The key.
    pub key: Key,
}

impl fmt::Display for Miss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            MissKind::Missed => "missed",
            MissKind::Spurious => "spurious",
        };
        write!(f, "{}\t{}\t{}", self.stem, kind, self.key)
    }
}

/// The result of [`score`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    /// Over whole keys, source included: the headline figure.
    pub attributed: Prf,
    /// Over keys without their source.
    pub pair: Prf,
    /// Per relation (after negated `interest` became `withdrawal`), at the
    /// attributed level. A key without a relation counts under `null`.
    pub relations: BTreeMap<String, RelationScore>,
    /// Per relation at the pair level.
    pub relations_pair: BTreeMap<String, RelationScore>,
    /// `fee_correct / fee_matched`, `None` when no bid was matched.
    #[serde(serialize_with = "round4_opt")]
    pub fee_accuracy: Option<f64>,
    /// Gold `bid` claims with a fee whose pair key was predicted (each gold
    /// claim counts, even when several share a pair key).
    pub fee_matched: usize,
    /// Of those, the ones where the first predicted `bid` with a fee and the
    /// same pair key has the same amount and currency.
    pub fee_correct: usize,
    /// Articles scored.
    pub articles: usize,
    /// Stems of scored articles that have no prediction, sorted.
    pub articles_without_prediction: Vec<String>,
    /// Missed and spurious attributed keys, by article, missed first.
    pub errors: Vec<Miss>,
    /// Predicted claims that were not JSON objects and were skipped, as
    /// `(stem, index in claims)`.
    pub skipped: Vec<(String, usize)>,
}

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn prf(self) -> Prf {
        Prf::new(self.tp, self.fp, self.fn_)
    }
}

/// Compares one article's gold and predicted keys, adding to the totals and
/// per-relation counts; returns the missed and the spurious keys.
fn compare<'k>(
    gold: &'k BTreeSet<Key>,
    predicted: &'k BTreeSet<Key>,
    total: &mut Counts,
    by_relation: &mut BTreeMap<String, Counts>,
) -> (Vec<&'k Key>, Vec<&'k Key>) {
    let mut missed = Vec::new();
    let mut spurious = Vec::new();
    for k in gold {
        let counts = by_relation.entry(k.relation_name()).or_default();
        if predicted.contains(k) {
            total.tp += 1;
            counts.tp += 1;
        } else {
            total.fn_ += 1;
            counts.fn_ += 1;
            missed.push(k);
        }
    }
    for k in predicted.difference(gold) {
        total.fp += 1;
        by_relation.entry(k.relation_name()).or_default().fp += 1;
        spurious.push(k);
    }
    (missed, spurious)
}

/// Scores predicted claims against gold claims, both by article stem.
///
/// Every gold article counts, an article without prediction with zero
/// recall, unless `only_predicted` limits scoring to the gold articles that
/// `predicted` has. Predicted articles without gold are ignored. Within an
/// article each distinct key counts once, on either side.
pub fn score(
    gold: &BTreeMap<String, Vec<GoldClaim>>,
    predicted: &BTreeMap<String, Vec<Value>>,
    only_predicted: bool,
) -> Report {
    let mut report = Report::default();
    let (mut attributed, mut pair) = (Counts::default(), Counts::default());
    let mut by_rel = BTreeMap::new();
    let mut by_rel_pair = BTreeMap::new();
    let no_claims = Vec::new();
    for (stem, gold_claims) in gold {
        if only_predicted && !predicted.contains_key(stem) {
            continue;
        }
        report.articles += 1;
        let predicted_claims = match predicted.get(stem) {
            Some(claims) => claims,
            None => {
                report.articles_without_prediction.push(stem.clone());
                &no_claims
            }
        };
        let g: Vec<Scored> = gold_claims.iter().map(Scored::from_gold).collect();
        let mut p = Vec::with_capacity(predicted_claims.len());
        for (i, claim) in predicted_claims.iter().enumerate() {
            match Scored::from_predicted(claim) {
                Some(s) => p.push(s),
                None => report.skipped.push((stem.clone(), i)),
            }
        }

        let g_keys: BTreeSet<Key> = g.iter().map(|c| c.key.clone()).collect();
        let p_keys: BTreeSet<Key> = p.iter().map(|c| c.key.clone()).collect();
        let (missed, spurious) = compare(&g_keys, &p_keys, &mut attributed, &mut by_rel);
        for (kind, keys) in [(MissKind::Missed, missed), (MissKind::Spurious, spurious)] {
            report.errors.extend(keys.into_iter().map(|k| Miss {
                stem: stem.clone(),
                kind,
                key: k.clone(),
            }));
        }
        let g_pairs: BTreeSet<Key> = g.iter().map(|c| c.pair.clone()).collect();
        let p_pairs: BTreeSet<Key> = p.iter().map(|c| c.pair.clone()).collect();
        compare(&g_pairs, &p_pairs, &mut pair, &mut by_rel_pair);

        // The first predicted bid with a fee decides the fee of its pair key.
        let mut predicted_fees: BTreeMap<&Key, &Fee> = BTreeMap::new();
        for c in p.iter().filter(|c| c.bid) {
            if let Some(fee) = &c.fee {
                predicted_fees.entry(&c.pair).or_insert(fee);
            }
        }
        for c in g.iter().filter(|c| c.bid) {
            if let Some(fee) = &c.fee {
                if p_pairs.contains(&c.pair) {
                    report.fee_matched += 1;
                    if predicted_fees.get(&c.pair) == Some(&fee) {
                        report.fee_correct += 1;
                    }
                }
            }
        }
    }
    report.attributed = attributed.prf();
    report.pair = pair.prf();
    report.relations = by_rel
        .into_iter()
        .map(|(r, c)| (r, c.prf().into()))
        .collect();
    report.relations_pair = by_rel_pair
        .into_iter()
        .map(|(r, c)| (r, c.prf().into()))
        .collect();
    report.fee_accuracy =
        (report.fee_matched > 0).then(|| report.fee_correct as f64 / report.fee_matched as f64);
    report
}

/// `x` rounded to `digits` decimals, halves to even on its exact value.
fn round_to(x: f64, digits: usize) -> f64 {
    format!("{x:.digits$}").parse().unwrap_or(x)
}

fn round4<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(round_to(*x, 4))
}

fn round3<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(round_to(*x, 3))
}

fn round4_opt<S: Serializer>(x: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match x {
        Some(x) => s.serialize_some(&round_to(*x, 4)),
        None => s.serialize_none(),
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn cells(r: Option<&RelationScore>) -> String {
            match r {
                Some(r) => format!(
                    "{:.3}  {:.3}  {:.3}  {:>4}",
                    round_to(r.precision, 3),
                    round_to(r.recall, 3),
                    round_to(r.f1, 3),
                    r.gold
                ),
                None => format!("{:>5}  {:>5}  {:>5}  {:>4}", "-", "-", "-", "-"),
            }
        }
        writeln!(f, "{:16}  {:<25}  pair", "", "attributed")?;
        writeln!(
            f,
            "{:16}  P      R      F1     gold  P      R      F1     gold",
            "relation"
        )?;
        let names: BTreeSet<&String> = self
            .relations
            .keys()
            .chain(self.relations_pair.keys())
            .collect();
        for name in names {
            writeln!(
                f,
                "{name:16}  {}  {}",
                cells(self.relations.get(name)),
                cells(self.relations_pair.get(name))
            )?;
        }
        match self.fee_accuracy {
            Some(acc) => writeln!(
                f,
                "fee accuracy: {:.4} ({} of {} matched bids with a gold fee)",
                round_to(acc, 4),
                self.fee_correct,
                self.fee_matched
            )?,
            None => writeln!(f, "fee accuracy: none (no matched bid with a gold fee)")?,
        }
        for (level, v) in [("pair", &self.pair), ("attributed", &self.attributed)] {
            writeln!(
                f,
                "{level} F1 {:.4}  P {:.4}  R {:.4}  (tp {} fp {} fn {})",
                round_to(v.f1, 4),
                round_to(v.precision, 4),
                round_to(v.recall, 4),
                v.tp,
                v.fp,
                v.fn_
            )?;
        }
        write!(f, "articles: {}", self.articles)?;
        if !self.articles_without_prediction.is_empty() {
            write!(
                f,
                " ({} without prediction: {})",
                self.articles_without_prediction.len(),
                self.articles_without_prediction.join(", ")
            )?;
        }
        if !self.skipped.is_empty() {
            write!(
                f,
                "\nskipped {} predicted claims that are not JSON objects",
                self.skipped.len()
            )?;
        }
        writeln!(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn gold(relation: &str, club: &str, player: &str, source: Option<&str>) -> GoldClaim {
        GoldClaim {
            relation: relation.to_string(),
            club: club.to_string(),
            player: player.to_string(),
            source: source.map(str::to_string),
            negated: false,
            fee: None,
            evidence: None,
        }
    }

    fn with_fee(mut claim: GoldClaim, amount: f64, currency: &str) -> GoldClaim {
        claim.fee = Some(GoldFee {
            amount,
            currency: currency.to_string(),
        });
        claim
    }

    fn one_article(
        gold: Vec<GoldClaim>,
        predicted: Vec<Value>,
    ) -> (
        BTreeMap<String, Vec<GoldClaim>>,
        BTreeMap<String, Vec<Value>>,
    ) {
        (
            BTreeMap::from([("a".to_string(), gold)]),
            BTreeMap::from([("a".to_string(), predicted)]),
        )
    }

    #[test]
    fn fold_removes_accents_and_punctuation() {
        assert_eq!(fold("Ibrahima Konaté"), "ibrahima konate");
        assert_eq!(fold("N'Golo Kanté"), "n golo kante");
        assert_eq!(fold("Paris Saint-Germain"), "paris saint germain");
        assert_eq!(fold("Wojciech Szczęsny"), "wojciech szczesny");
        assert_eq!(fold("  Çalhanoğlu!!  "), "calhanoglu");
        assert_eq!(fold("A.F.C. Bournemouth"), "a f c bournemouth");
        assert_eq!(fold("Semenyo’s"), "semenyo s");
        assert_eq!(fold(""), "");
        assert_eq!(fold("–"), "");
    }

    #[test]
    fn fold_replaces_the_listed_letters_only() {
        assert_eq!(fold("Martin Ødegaard"), "martin odegaard");
        assert_eq!(fold("Rasmus Højlund"), "rasmus hojlund");
        assert_eq!(fold("Weißenfels"), "weissenfels");
        assert_eq!(fold("Kjærgaard"), "kjaergaard");
        assert_eq!(fold("Đorđe"), "đorde");
        assert_eq!(fold("Łukasz Fabiański"), "łukasz fabianski");
        assert_eq!(fold("Ærø"), "æro");
        // Dotless i and eth have no decomposition and are kept.
        assert_eq!(fold("Yıldız"), "yıldız");
        assert_eq!(fold("Guðmundsson"), "guðmundsson");
        // Compatibility forms decompose: superscript two, ligature fi.
        assert_eq!(fold("x²"), "x2");
        assert_eq!(fold("ﬁnal"), "final");
    }

    #[test]
    fn canon_maps_aliases_and_drops_affixes() {
        assert_eq!(canon("Man Utd"), "manchester united");
        assert_eq!(canon("MAN UNITED"), "manchester united");
        assert_eq!(canon("PSG"), "paris saint germain");
        assert_eq!(canon("Paris Saint-Germain"), "paris saint germain");
        assert_eq!(canon("the Spurs"), "tottenham hotspur");
        assert_eq!(canon("Bayern München"), "bayern munich");
        assert_eq!(canon("Real Madrid CF"), "real madrid");
        assert_eq!(canon("AFC Bournemouth"), "bournemouth");
        assert_eq!(canon("AC Milan"), "ac milan");
        assert_eq!(canon("Porto"), "fc porto");
        assert_eq!(canon("FC Porto"), "fc porto");
        assert_eq!(canon("Olympique de Marseille"), "marseille");
        assert_eq!(canon("Club Atlético de Madrid"), "atletico madrid");
        assert_eq!(canon("Sky Sports News"), "sky sports");
    }

    #[test]
    fn canon_keeps_what_is_not_listed() {
        // "the" is only dropped for an alias lookup.
        assert_eq!(canon("The Athletic"), "the athletic");
        assert_eq!(canon("the Reds"), "the reds");
        // The last word is never dropped as an affix.
        assert_eq!(canon("FC"), "fc");
        assert_eq!(canon("FC Club"), "club");
        assert_eq!(canon(""), "");
        assert_eq!(canon("!!"), "");
    }

    #[test]
    fn tables_are_sorted_and_folded() {
        assert!(ALIASES.windows(2).all(|w| w[0].0 < w[1].0));
        for (from, to) in ALIASES {
            assert_eq!(fold(from), *from);
            assert_eq!(fold(to), *to);
        }
        for affix in AFFIXES {
            assert_eq!(fold(affix), *affix);
        }
    }

    #[test]
    fn negated_interest_is_withdrawal() {
        let claim = json!({"relation": "interest", "club": {"name": "Arsenal"},
            "player": {"name": "Bukayo Saka"}, "source": null, "negated": true});
        let key = Key::from_predicted(&claim);
        assert_eq!(
            key,
            Some(Key {
                relation: Some("withdrawal".to_string()),
                club: Some("arsenal".to_string()),
                player: Some("bukayo saka".to_string()),
                negated: false,
                source: None,
            })
        );
        let mut g = gold("withdrawal", "Arsenal", "Bukayo Saka", None);
        assert_eq!(Some(Key::from_gold(&g)), key);
        g.relation = "interest".to_string();
        g.negated = true;
        assert_eq!(Some(Key::from_gold(&g)), key);
        // Other negated relations stay as they are.
        let talks =
            json!({"relation": "talks", "club": "Arsenal", "player": "Saka", "negated": true});
        let key = Key::from_predicted(&talks).map(|k| (k.relation, k.negated));
        assert_eq!(key, Some((Some("talks".to_string()), true)));
    }

    #[test]
    fn source_keys() {
        let source_of = |source: Value| {
            Key::from_predicted(
                &json!({"relation": "bid", "club": "A", "player": "B", "source": source}),
            )
            .and_then(|k| k.source)
        };
        assert_eq!(source_of(Value::Null), None);
        assert_eq!(
            source_of(json!({"name": "two sources in Germany", "kind": "anonymous"})),
            Some("anonymous".to_string())
        );
        assert_eq!(
            source_of(json!({"kind": "anonymous"})),
            Some("anonymous".to_string())
        );
        assert_eq!(source_of(json!("ANONYMOUS")), Some("anonymous".to_string()));
        assert_eq!(
            source_of(json!({"name": "Sky Sports News", "kind": "outlet"})),
            Some("sky sports".to_string())
        );
        assert_eq!(
            source_of(json!({"name": "Fabrizio Romano", "kind": "journalist", "affiliation": "X"})),
            Some("fabrizio romano".to_string())
        );
        // An object without a name counts as no source.
        assert_eq!(source_of(json!({"kind": "outlet"})), None);
        let g = gold("bid", "A", "B", Some("Anonymous"));
        assert_eq!(Key::from_gold(&g).source, Some("anonymous".to_string()));
        assert_eq!(Key::from_gold(&gold("bid", "A", "B", None)).source, None);
    }

    #[test]
    fn malformed_predictions_do_not_fail() {
        assert_eq!(Key::from_predicted(&json!(5)), None);
        let empty = Key::from_predicted(&json!({})).map(|k| (k.relation, k.club, k.negated));
        assert_eq!(empty, Some((None, None, false)));
        let odd = json!({"relation": 3, "club": 4, "player": {"name": 5}, "source": [1],
            "negated": "yes", "fee": "£20m"});
        let key = Key::from_predicted(&odd);
        assert_eq!(
            key.map(|k| (k.relation, k.club, k.player, k.negated, k.source)),
            Some((None, None, None, true, None))
        );
        let (g, p) = one_article(
            vec![gold("bid", "A", "B", None)],
            vec![json!(null), odd, json!({})],
        );
        let report = score(&g, &p, false);
        assert_eq!(report.skipped, vec![("a".to_string(), 0)]);
        assert_eq!(
            (
                report.attributed.tp,
                report.attributed.fp,
                report.attributed.fn_
            ),
            (0, 2, 1)
        );
        assert!(report.relations.contains_key("null"));
    }

    #[test]
    fn counts_and_figures_on_a_small_article() {
        let g = vec![
            gold("bid", "Real Madrid", "Dayot Upamecano", Some("Cadena SER")),
            gold("interest", "Liverpool", "Marc Guehi", None),
            gold(
                "talks",
                "Manchester United",
                "Kobbie Mainoo",
                Some("Sky Sports"),
            ),
            gold(
                "talks",
                "Manchester United",
                "Kobbie Mainoo",
                Some("The Athletic"),
            ),
        ];
        let p = vec![
            // tp at both levels, named through aliases and objects.
            json!({"relation": "bid", "club": {"name": "Madrid CF"}, "player": {"name": "Upamecano"},
                "source": {"name": "Cadena SER", "kind": "outlet"}, "negated": false}),
            json!({"relation": "bid", "club": {"name": "Real Madrid"}, "player": {"name": "Dayot Upamecano"},
                "source": {"name": "cadena ser", "kind": "outlet"}, "negated": false}),
            // right pair, wrong source: fp and fn attributed, tp at pair level.
            json!({"relation": "interest", "club": "Liverpool FC", "player": "Marc Guéhi",
                "source": {"name": "Marca", "kind": "outlet"}}),
            // one source found twice under two names, the other missed.
            json!({"relation": "talks", "club": "Man Utd", "player": "Kobbie Mainoo", "source": "Sky Sports News"}),
            json!({"relation": "talks", "club": "Man Utd", "player": "Kobbie Mainoo", "source": "Sky"}),
            // spurious.
            json!({"relation": "exit", "club": "Chelsea", "player": "Cole Palmer"}),
        ];
        let (g, p) = one_article(g, p);
        let r = score(&g, &p, false);
        // "Madrid CF" is "madrid", not "real madrid": a spurious key of its own.
        assert_eq!(
            (r.attributed.tp, r.attributed.fp, r.attributed.fn_),
            (2, 3, 2)
        );
        assert_eq!((r.pair.tp, r.pair.fp, r.pair.fn_), (3, 2, 0));
        assert_eq!(r.attributed.precision, 0.4);
        assert_eq!(r.attributed.recall, 0.5);
        assert!((r.attributed.f1 - 4.0 / 9.0).abs() < 1e-12);
        assert_eq!(r.relations["talks"].gold, 2);
        assert!((r.relations["talks"].f1 - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(r.relations_pair["talks"].gold, 1);
        assert_eq!(r.relations_pair["talks"].f1, 1.0);
        assert_eq!(r.relations["exit"].gold, 0);
        assert_eq!(
            r.errors
                .iter()
                .filter(|m| m.kind == MissKind::Missed)
                .count(),
            2
        );
        assert_eq!(r.articles, 1);
        assert!(r.articles_without_prediction.is_empty());
    }

    #[test]
    fn articles_without_prediction_and_only_predicted() {
        let g = BTreeMap::from([
            (
                "a".to_string(),
                vec![gold("transfer", "Arsenal", "Eberechi Eze", None)],
            ),
            (
                "b".to_string(),
                vec![gold("exit", "Chelsea", "Raheem Sterling", None)],
            ),
        ]);
        let docs = [json!({"path": "seeds/a.txt", "claims": [
            {"relation": "transfer", "club": "Arsenal", "player": "Eberechi Eze", "source": null}]})];
        let p = predicted_by_stem(&docs);
        let all = score(&g, &p, false);
        assert_eq!(
            (all.attributed.tp, all.attributed.fn_, all.articles),
            (1, 1, 2)
        );
        assert_eq!(all.articles_without_prediction, vec!["b".to_string()]);
        let only = score(&g, &p, true);
        assert_eq!(
            (only.attributed.tp, only.attributed.fn_, only.articles),
            (1, 0, 1)
        );
        assert!(only.articles_without_prediction.is_empty());
        assert_eq!(only.attributed.f1, 1.0);
    }

    #[test]
    fn fee_accuracy_takes_the_first_predicted_fee_of_a_pair() {
        let g = vec![
            with_fee(
                gold("bid", "Liverpool", "Alexander Isak", Some("BBC")),
                110e6,
                "GBP",
            ),
            with_fee(
                gold("bid", "Liverpool", "Alexander Isak", Some("Sky Sports")),
                110e6,
                "GBP",
            ),
            with_fee(gold("bid", "Arsenal", "Eberechi Eze", None), 60e6, "GBP"),
            with_fee(gold("bid", "Chelsea", "Xavi Simons", None), 50e6, "EUR"),
            with_fee(
                gold("transfer", "Chelsea", "Xavi Simons", None),
                50e6,
                "EUR",
            ),
        ];
        let p = vec![
            json!({"relation": "bid", "club": "Liverpool", "player": "Alexander Isak", "source": null}),
            json!({"relation": "bid", "club": "Liverpool", "player": "Isak",
                "fee": {"amount": 1, "currency": "GBP"}}),
            json!({"relation": "bid", "club": "Liverpool", "player": "Alexander Isak",
                "fee": {"amount": 110000000, "currency": "GBP"}}),
            json!({"relation": "bid", "club": "Arsenal", "player": "Eberechi Eze",
                "fee": {"amount": "60000000.5", "currency": "gbp"}}),
            // Chelsea bid not predicted: not counted.
            json!({"relation": "transfer", "club": "Chelsea", "player": "Xavi Simons",
                "fee": {"amount": 1, "currency": "EUR"}}),
        ];
        let (g, p) = one_article(g, p);
        let r = score(&g, &p, false);
        // Both Isak gold bids match the pair and take the first fee (110e6 GBP); Eze rounds half to even.
        assert_eq!((r.fee_correct, r.fee_matched), (3, 3));
        assert_eq!(r.fee_accuracy, Some(1.0));

        let (g, p) = one_article(
            vec![with_fee(gold("bid", "A", "B", None), 10e6, "EUR")],
            vec![json!({"relation": "bid", "club": "A", "player": "B", "fee": {"amount": 10e6}})],
        );
        let r = score(&g, &p, false);
        assert_eq!(
            (r.fee_correct, r.fee_matched, r.fee_accuracy),
            (0, 1, Some(0.0))
        );
        let (g, p) = one_article(vec![gold("bid", "A", "B", None)], vec![]);
        assert_eq!(score(&g, &p, false).fee_accuracy, None);
    }

    #[test]
    fn predicted_fee_forms() {
        let fee = |v: Value| Fee::from_predicted(Some(&v)).map(|f| (f.amount, f.currency));
        assert_eq!(
            fee(json!({"amount": 20000000, "currency": "EUR"})),
            Some((2e7, "EUR".into()))
        );
        assert_eq!(
            fee(json!({"amount": 2.5, "currency": "eur"})),
            Some((2.0, "EUR".into()))
        );
        assert_eq!(fee(json!({"amount": 3.5})), Some((4.0, String::new())));
        assert_eq!(
            fee(json!({"amount": " 1_000 ", "currency": null})),
            Some((1000.0, "NONE".into()))
        );
        assert_eq!(
            fee(json!({"amount": true, "currency": 2.0})),
            Some((1.0, "2.0".into()))
        );
        assert_eq!(fee(json!({"currency": 1e20})), Some((0.0, "1E+20".into())));
        assert_eq!(fee(json!({})), None);
        assert_eq!(fee(json!(null)), None);
        assert_eq!(fee(json!({"amount": "1__0"})), None);
        assert_eq!(fee(json!({"amount": "inf"})), None);
    }

    #[test]
    fn float_text_forms() {
        assert_eq!(float_text(5.0), "5.0");
        assert_eq!(float_text(-0.0), "-0.0");
        assert_eq!(float_text(0.0001), "0.0001");
        assert_eq!(float_text(0.00001), "1e-05");
        assert_eq!(float_text(123.456), "123.456");
        assert_eq!(float_text(1e16), "1e+16");
        assert_eq!(float_text(1.5e300), "1.5e+300");
        assert_eq!(float_text(999999999999999.9), "999999999999999.9");
    }

    #[test]
    fn stems() {
        assert_eq!(
            stem_of(Some("seeds/000_cb2bce5e5094902b.txt")),
            "000_cb2bce5e5094902b"
        );
        assert_eq!(stem_of(Some("/a/b/dev01.x.txt")), "dev01.x");
        assert_eq!(stem_of(Some("dev01")), "dev01");
        assert_eq!(stem_of(Some("dir/dev01.txt/")), "dev01");
        assert_eq!(stem_of(Some("dev01.txt/.")), "dev01");
        assert_eq!(stem_of(Some(".hidden")), "");
        assert_eq!(stem_of(Some("")), "");
        assert_eq!(stem_of(None), "");
    }

    #[test]
    fn later_document_with_the_same_stem_wins() {
        let docs = parse_jsonl(
            "{\"path\": \"a.txt\", \"claims\": [{\"relation\": \"bid\"}]}\n\n{\"path\": \"x/a.txt\", \"claims\": null}\r\n",
        );
        let p = docs.map(|d| predicted_by_stem(&d));
        assert_eq!(p.ok(), Some(BTreeMap::from([("a".to_string(), vec![])])));
        assert!(matches!(
            parse_jsonl("{}\n[1]\n"),
            Err(ScoreError::PredictedNotObject { line: 2 })
        ));
        assert!(matches!(
            parse_jsonl("{}\n{\"path\": \n"),
            Err(ScoreError::Predicted { line: 2, .. })
        ));
    }

    #[test]
    fn gold_files_load_with_errors_naming_the_file() {
        let dir = std::env::temp_dir().join(format!("claimex-score-test-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        assert!(fs::create_dir_all(&dir).is_ok());
        let good = r#"{"claims": [{"relation": "bid", "club": "Real Madrid", "player": "Dayot Upamecano",
            "source": "Cadena SER", "negated": null, "fee": {"amount": 20000000, "currency": "EUR"},
            "evidence": "..."}, {"relation": "exit", "club": "A", "player": "B", "source": null}]}"#;
        assert!(fs::write(dir.join("x.gold.json"), good).is_ok());
        assert!(fs::write(dir.join("x.txt"), "text").is_ok());
        let loaded = load_gold_dir(&dir);
        let claims = loaded.as_ref().ok().and_then(|g| g.get("x"));
        assert_eq!(claims.map(Vec::len), Some(2));
        assert_eq!(
            claims.map(|c| (c[0].negated, c[0].fee.clone())),
            Some((
                false,
                Some(GoldFee {
                    amount: 2e7,
                    currency: "EUR".into()
                })
            ))
        );

        let odd_fees = r#"{"claims": [{"relation": "bid", "club": "A", "player": "B", "fee": {}},
            {"relation": "bid", "club": "A", "player": "B", "fee": {"currency": "EUR"}}]}"#;
        let fees = parse_gold(odd_fees).map(|c| c.into_iter().map(|c| c.fee).collect::<Vec<_>>());
        assert_eq!(
            fees.ok(),
            Some(vec![
                None,
                Some(GoldFee {
                    amount: 0.0,
                    currency: "EUR".into()
                })
            ])
        );
        assert!(parse_gold(r#"{"claims": [{"relation": "bid", "club": "A", "player": "B", "fee": {"amount": "x"}}]}"#).is_err());

        assert!(fs::write(
            dir.join("y.gold.json"),
            "{\"claims\": [\n  {\"relation\": 1}]}"
        )
        .is_ok());
        match load_gold_dir(&dir) {
            Err(ScoreError::Gold { path, line, .. }) => {
                assert!(path.ends_with("y.gold.json"));
                assert_eq!(line, 2);
            }
            other => panic!("expected a gold error, got {other:?}"),
        }
        assert!(fs::write(dir.join("y.gold.json"), "{}").is_ok());
        let err = load_gold_dir(&dir)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.contains("y.gold.json") && err.contains("claims"),
            "{err}"
        );
        let _ = fs::remove_dir_all(&dir);
        assert!(matches!(
            load_gold_dir(&dir),
            Err(ScoreError::ReadDir { .. })
        ));
    }

    #[test]
    fn report_serializes_rounded_and_displays_a_table() {
        let g = BTreeMap::from([(
            "a".to_string(),
            (0..3)
                .map(|i| gold("talks", "A", &format!("P{i}"), None))
                .collect(),
        )]);
        let p = BTreeMap::from([(
            "a".to_string(),
            vec![json!({"relation": "talks", "club": "A", "player": "P0"})],
        )]);
        let r = score(&g, &p, false);
        let v = serde_json::to_value(&r).unwrap_or_default();
        assert_eq!(v["attributed"]["recall"], json!(0.3333));
        assert_eq!(v["attributed"]["fn"], json!(2));
        assert_eq!(v["relations"]["talks"]["f1"], json!(0.5));
        assert_eq!(v["relations"]["talks"]["recall"], json!(0.333));
        assert_eq!(v["fee_accuracy"], Value::Null);
        let text = r.to_string();
        assert!(
            text.contains("talks             1.000  0.333  0.500     3"),
            "{text}"
        );
        assert!(
            text.contains("attributed F1 0.5000  P 1.0000  R 0.3333  (tp 1 fp 0 fn 2)"),
            "{text}"
        );
        assert_eq!(
            r.errors[0].to_string(),
            "a\tmissed\t('talks', 'a', 'p1', False, None)"
        );
    }

    #[test]
    fn rounding_is_half_even_on_the_exact_value() {
        assert_eq!(round_to(0.03125, 4), 0.0312);
        assert_eq!(round_to(0.46875, 4), 0.4688);
        assert_eq!(round_to(2.0 / 3.0, 4), 0.6667);
        assert_eq!(round_to(0.0, 3), 0.0);
    }
}
