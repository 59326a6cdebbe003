//! The rule data: relation triggers, attribution cues, source phrases and
//! reference words, read from the files in `lexicons/` (compiled into the
//! binary).
//!
//! In: the text of those files. Out: a [`Lexicon`] of compiled patterns.
//! Each file documents its own format in its header comment.

use std::path::{Path, PathBuf};

use std::sync::OnceLock;

/// A compiled trigger or cue pattern: a regex that can also be searched from
/// a given offset only (see [`crate::gate::find_all`]).
pub use regex_automata::meta::Regex as Pattern;

use crate::gate::{self, Anchors, Gate};
use crate::gazetteer::Position;

/// One of SPEC.md's nine transfer relations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// The club wants the player (or the player wants the club).
    Interest,
    /// The club negotiates with the player or his club.
    Talks,
    /// The club made, prepares or will make an offer.
    Bid,
    /// Terms or a fee are agreed, or nearly.
    Agreement,
    /// The player joins, joined or will certainly join the club.
    Transfer,
    /// A new contract with his current club.
    Extension,
    /// His contract with the club ends.
    ContractExpiry,
    /// The club is not, or no longer, pursuing him.
    Withdrawal,
    /// He wants to leave, or the club will let him go.
    Exit,
}

impl Relation {
    /// Every relation.
    pub const ALL: [Relation; 9] = [
        Relation::Interest,
        Relation::Talks,
        Relation::Bid,
        Relation::Agreement,
        Relation::Transfer,
        Relation::Extension,
        Relation::ContractExpiry,
        Relation::Withdrawal,
        Relation::Exit,
    ];

    /// The SPEC name (`contract_expiry`).
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Interest => "interest",
            Relation::Talks => "talks",
            Relation::Bid => "bid",
            Relation::Agreement => "agreement",
            Relation::Transfer => "transfer",
            Relation::Extension => "extension",
            Relation::ContractExpiry => "contract_expiry",
            Relation::Withdrawal => "withdrawal",
            Relation::Exit => "exit",
        }
    }

    /// Parses the SPEC name.
    pub fn parse(s: &str) -> Option<Relation> {
        Relation::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// Where a trigger's argument usually stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// Nearest before the trigger, else nearest after.
    Before,
    /// Nearest after the trigger, else nearest before.
    After,
    /// The player's current club.
    Own,
}

/// A relation trigger from `lexicons/relations.tsv`.
#[derive(Clone, Debug)]
pub struct Trigger {
    /// Its relation; `None` for a stop phrase, which only keeps shorter
    /// triggers inside it from firing ("negotiating hand").
    pub relation: Option<Relation>,
    /// A second relation the same words state (an accepted offer is a bid
    /// as well as an agreement).
    pub also: Option<Relation>,
    /// Where the club stands.
    pub club: Side,
    /// Where the player stands.
    pub player: Side,
    /// The trigger denies the relation.
    pub negated: bool,
    /// The trigger states a possibility.
    pub hedged: bool,
    /// Negation words are part of the pattern; do not look for more.
    pub fixed: bool,
    /// The pattern as compiled (validated when the lexicon is loaded).
    pub compiled: String,
    /// The compiled regex, built the first time a sentence needs it.
    regex: OnceLock<Option<Pattern>>,
    /// The pattern as written, for --explain.
    pub pattern: String,
    /// A sentence the pattern matches (the lexicon's own test case).
    pub example: String,
    /// 1-based line in the file.
    pub line: usize,
}

impl Trigger {
    /// The compiled pattern; `None` only if it exceeds the regex size limit,
    /// which the lexicon's validation rules out for built-in patterns.
    pub fn regex(&self) -> Option<&Pattern> {
        self.regex
            .get_or_init(|| Pattern::new(&self.compiled).ok())
            .as_ref()
    }
}

/// What part of the text a cue's source covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// The clause around the cue.
    Clause,
    /// From the cue to the end of the sentence.
    After,
    /// The whole sentence.
    Sentence,
    /// Every sentence of the paragraph.
    Paragraph,
    /// Names the speaker of a quotation.
    Speaker,
}

/// An attribution cue from `lexicons/cues.tsv`.
#[derive(Clone, Debug)]
pub struct Cue {
    /// Rule name.
    pub name: String,
    /// What it covers.
    pub scope: Scope,
    /// The pattern as compiled, over the sentence's token text (see
    /// `attribution`).
    pub compiled: String,
    regex: OnceLock<Option<Pattern>>,
    /// The group naming the source, when a match shows where it is without
    /// a capturing search (see [`crate::attribution::token_group`]).
    group: OnceLock<Option<&'static str>>,
}

impl Cue {
    /// The compiled pattern, built the first time a sentence needs it.
    pub fn regex(&self) -> Option<&Pattern> {
        self.regex
            .get_or_init(|| Pattern::new(&self.compiled).ok())
            .as_ref()
    }

    /// The group (`src` or `club`) whose digits are those of the first
    /// token in every match, when the pattern guarantees it; read the first
    /// time a sentence needs it.
    pub fn token_group(&self) -> Option<&'static str> {
        *self
            .group
            .get_or_init(|| crate::attribution::token_group(&self.compiled))
    }
}

/// Kind of a source phrase from `lexicons/sources.tsv`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhraseKind {
    /// A source nobody names.
    Anonymous,
    /// Refers back to the last named source.
    Back,
}

/// A source phrase that is not a name.
#[derive(Clone, Debug)]
pub struct SourcePhrase {
    /// Anonymous or refer-back.
    pub kind: PhraseKind,
    /// The compiled pattern.
    pub regex: Pattern,
}

/// Nationality words of one country.
#[derive(Clone, Debug)]
pub struct Nation {
    /// Country name as in the gazetteers.
    pub country: String,
    /// Nouns for a person ("Frenchman").
    pub nouns: Vec<String>,
    /// The adjective ("French").
    pub adjective: String,
}

/// A noun that refers back to a player or a club.
#[derive(Clone, Debug)]
pub struct RefNoun {
    /// The noun ("centre-back", "giants").
    pub word: String,
    /// For players, the position it implies, if any.
    pub position: Option<Position>,
    /// True for club nouns.
    pub club: bool,
}

/// All rule data.
#[derive(Clone, Debug)]
pub struct Lexicon {
    /// Relation triggers.
    pub triggers: Vec<Trigger>,
    /// Which triggers may occur in a sentence, in one pass.
    pub trigger_gate: Gate,
    /// Attribution cues, in priority order.
    pub cues: Vec<Cue>,
    /// Which cues may occur in a sentence's token text, in one pass.
    pub cue_gate: Gate,
    /// Unnamed and refer-back source phrases.
    pub phrases: Vec<SourcePhrase>,
    /// Which source phrases may occur in a sentence, in one pass.
    pub phrase_gate: Gate,
    /// Nationality words.
    pub nations: Vec<Nation>,
    /// Reference nouns.
    pub nouns: Vec<RefNoun>,
}

/// A lexicon file line that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{path}:{line}: {message}")]
pub struct LexiconError {
    /// The file.
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// The placeholder a source token takes in cue patterns.
/// Source tags in cue patterns: outlet, journalist, person, unnamed, refer-back.
pub const SRC_TOKEN: &str = "\u{E000}(?:[ojsab])(?P<src>[0-9]+)\u{E001}";

/// The source placeholder in speaker patterns: a quoted player speaks too.
pub const SPEAKER_TOKEN: &str = "\u{E000}(?:[ojsabp])(?P<src>[0-9]+)\u{E001}";

/// The placeholder a club token takes in cue patterns (club statements).
pub const CLUB_TOKEN: &str = "\u{E000}c(?P<club>[0-9]+)\u{E001}";

/// Rewrites a lexicon pattern so that `\b`, `\w` and `\s` use their ASCII
/// forms: lexicon words are English, and ASCII classes compile an order of
/// magnitude faster than Unicode ones.
fn ascii_classes(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(k @ ('b' | 'w' | 's' | 'd')) if !in_class => {
                    out.push_str("(?-u:\\");
                    out.push(k);
                    out.push(')');
                }
                Some(k) => {
                    out.push('\\');
                    out.push(k);
                }
                None => out.push('\\'),
            },
            '[' => {
                in_class = true;
                out.push(c);
            }
            ']' => {
                in_class = false;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

fn rows<'a>(content: &'a str) -> impl Iterator<Item = (usize, Vec<&'a str>)> + 'a {
    content.lines().enumerate().filter_map(|(i, l)| {
        let l = l.strip_suffix('\r').unwrap_or(l);
        if l.trim().is_empty() || l.starts_with('#') {
            None
        } else {
            Some((i + 1, l.split('\t').collect()))
        }
    })
}

impl Lexicon {
    /// The built-in lexicon.
    pub fn builtin() -> Result<Lexicon, LexiconError> {
        Lexicon::parse(
            include_str!("../lexicons/relations.tsv"),
            include_str!("../lexicons/cues.tsv"),
            include_str!("../lexicons/sources.tsv"),
            include_str!("../lexicons/nations.tsv"),
            include_str!("../lexicons/references.tsv"),
        )
    }

    /// Parses the five files' contents.
    pub fn parse(
        relations: &str,
        cues: &str,
        sources: &str,
        nations: &str,
        references: &str,
    ) -> Result<Lexicon, LexiconError> {
        let err = |file: &str, line: usize, message: String| LexiconError {
            path: Path::new("lexicons").join(file),
            line,
            message,
        };
        let mut triggers = Vec::new();
        let mut trigger_anchors = Vec::new();
        for (line, f) in rows(relations) {
            let [rel, club, player, flags, pattern, example] = f.as_slice() else {
                return Err(err(
                    "relations.tsv",
                    line,
                    format!("expected 6 tab-separated fields, found {}", f.len()),
                ));
            };
            let parse_rel = |r: &str| {
                Relation::parse(r)
                    .ok_or_else(|| err("relations.tsv", line, format!("unknown relation `{r}`")))
            };
            let (relation, also) = match rel.split_once('+') {
                _ if *rel == "none" => (None, None),
                Some((a, b)) => (Some(parse_rel(a)?), Some(parse_rel(b)?)),
                None => (Some(parse_rel(rel)?), None),
            };
            let side = |s: &str| match s {
                "before" => Ok(Side::Before),
                "after" => Ok(Side::After),
                "own" => Ok(Side::Own),
                _ => Err(err(
                    "relations.tsv",
                    line,
                    format!("side `{s}` is not before, after or own"),
                )),
            };
            let flags: Vec<&str> = flags
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty() && *s != "-")
                .collect();
            if let Some(bad) = flags
                .iter()
                .find(|f| !matches!(**f, "negated" | "hedged" | "fixed"))
            {
                return Err(err("relations.tsv", line, format!("unknown flag `{bad}`")));
            }
            let compiled = ascii_classes(&format!(r"(?i)\b(?:{pattern})\b"));
            // Syntax only: each trigger compiles the first time a sentence
            // may hold it. Its anchors for the gate come from the pattern
            // as written (letters match either case anyway), between the
            // word boundaries it is compiled with.
            let anchor_hir = regex_syntax::ParserBuilder::new()
                .build()
                .parse(&ascii_classes(&format!(r"\b(?:{pattern})\b")))
                .map_err(|e| err("relations.tsv", line, format!("bad pattern: {e}")))?;
            trigger_anchors.push(gate::anchors(&anchor_hir));
            triggers.push(Trigger {
                relation,
                also,
                club: side(club)?,
                player: side(player)?,
                negated: flags.contains(&"negated"),
                hedged: flags.contains(&"hedged"),
                fixed: flags.contains(&"fixed"),
                compiled,
                regex: OnceLock::new(),
                pattern: pattern.to_string(),
                example: example.to_string(),
                line,
            });
        }
        let mut cue_list = Vec::new();
        let mut cue_anchors = Vec::new();
        for (line, f) in rows(cues) {
            let [name, scope, pattern] = f.as_slice() else {
                return Err(err(
                    "cues.tsv",
                    line,
                    format!("expected 3 tab-separated fields, found {}", f.len()),
                ));
            };
            let scope = match *scope {
                "clause" => Scope::Clause,
                "after" => Scope::After,
                "sentence" => Scope::Sentence,
                "paragraph" => Scope::Paragraph,
                "speaker" => Scope::Speaker,
                s => {
                    return Err(err(
                        "cues.tsv",
                        line,
                        format!("scope `{s}` is not clause, after, sentence, paragraph or speaker"),
                    ))
                }
            };
            if !pattern.contains("{SRC}") && !pattern.contains("{CLUB}") {
                return Err(err(
                    "cues.tsv",
                    line,
                    "pattern has no {SRC} or {CLUB}".into(),
                ));
            }
            // Only the first {SRC} names the group; later ones are plain tokens.
            let token = if scope == Scope::Speaker {
                SPEAKER_TOKEN
            } else {
                SRC_TOKEN
            };
            let mut expanded = pattern.replacen("{SRC}", token, 1);
            expanded = expanded.replace("{SRC}", "\u{E000}[ojsabp][0-9]+\u{E001}");
            expanded = expanded.replacen("{CLUB}", CLUB_TOKEN, 1);
            let compiled = ascii_classes(&format!("(?i){expanded}"));
            let anchor_hir = regex_syntax::ParserBuilder::new()
                .build()
                .parse(&ascii_classes(&expanded))
                .map_err(|e| err("cues.tsv", line, format!("bad pattern: {e}")))?;
            cue_anchors.push(gate::anchors(&anchor_hir));
            cue_list.push(Cue {
                name: name.to_string(),
                scope,
                compiled,
                regex: OnceLock::new(),
                group: OnceLock::new(),
            });
        }
        let mut phrases = Vec::new();
        let mut phrase_anchors = Vec::new();
        for (line, f) in rows(sources) {
            let [kind, pattern] = f.as_slice() else {
                return Err(err(
                    "sources.tsv",
                    line,
                    format!("expected 2 tab-separated fields, found {}", f.len()),
                ));
            };
            let kind = match *kind {
                "anonymous" => PhraseKind::Anonymous,
                "back" => PhraseKind::Back,
                k => {
                    return Err(err(
                        "sources.tsv",
                        line,
                        format!("kind `{k}` is not anonymous or back"),
                    ))
                }
            };
            // Case-insensitive except where the pattern asks for capitals.
            let compiled = ascii_classes(&format!(r"\b(?:{})\b", case_fold_lower(pattern)));
            let regex = Pattern::new(&compiled)
                .map_err(|e| err("sources.tsv", line, format!("bad pattern: {e}")))?;
            // Anchors from the pattern as written, between its word
            // boundaries: the gate matches letters in either case anyway.
            let hir = regex_syntax::ParserBuilder::new()
                .build()
                .parse(&ascii_classes(&format!(r"\b(?:{pattern})\b")))
                .map_err(|e| err("sources.tsv", line, format!("bad pattern: {e}")))?;
            phrase_anchors.push(gate::anchors(&hir));
            phrases.push(SourcePhrase { kind, regex });
        }
        let mut nation_list = Vec::new();
        for (line, f) in rows(nations) {
            let [country, nouns, adjective] = f.as_slice() else {
                return Err(err(
                    "nations.tsv",
                    line,
                    format!("expected 3 tab-separated fields, found {}", f.len()),
                ));
            };
            nation_list.push(Nation {
                country: country.to_string(),
                nouns: nouns
                    .split('|')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect(),
                adjective: adjective.to_string(),
            });
        }
        let mut nouns = Vec::new();
        for (line, f) in rows(references) {
            let [kind, word, pos] = f.as_slice() else {
                return Err(err(
                    "references.tsv",
                    line,
                    format!("expected 3 tab-separated fields, found {}", f.len()),
                ));
            };
            let position = match *pos {
                "any" => None,
                p => Some(Position::parse(p).ok_or_else(|| {
                    err("references.tsv", line, format!("unknown position `{p}`"))
                })?),
            };
            let club = match *kind {
                "position" | "player" => false,
                "club" => true,
                k => {
                    return Err(err(
                        "references.tsv",
                        line,
                        format!("kind `{k}` is not position, player or club"),
                    ))
                }
            };
            nouns.push(RefNoun {
                word: word.to_string(),
                position,
                club,
            });
        }
        let gate_of = |file: &str, anchors: &[Option<Anchors>]| {
            Gate::new(anchors).map_err(|e| {
                err(
                    file,
                    0,
                    format!("pattern anchors too large to compile: {e}"),
                )
            })
        };
        let trigger_gate = gate_of("relations.tsv", &trigger_anchors)?;
        let cue_gate = gate_of("cues.tsv", &cue_anchors)?;
        let phrase_gate = gate_of("sources.tsv", &phrase_anchors)?;
        Ok(Lexicon {
            triggers,
            trigger_gate,
            cues: cue_list,
            cue_gate,
            phrases,
            phrase_gate,
            nations: nation_list,
            nouns,
        })
    }
}

/// Makes lower-case letters of a pattern match either case, leaving
/// upper-case ones (and escapes, classes) as they are, so `[A-Z]` still
/// demands a capital while `sources` matches "Sources".
fn case_fold_lower(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() * 2);
    let mut in_class = false;
    let mut escaped = false;
    let mut in_braces = false;
    for c in pattern.chars() {
        if escaped {
            out.push(c);
            escaped = false;
            continue;
        }
        match c {
            '\\' => {
                escaped = true;
                out.push(c);
            }
            '[' => {
                in_class = true;
                out.push(c);
            }
            ']' => {
                in_class = false;
                out.push(c);
            }
            '{' => {
                in_braces = true;
                out.push(c);
            }
            '}' => {
                in_braces = false;
                out.push(c);
            }
            '?' if out.ends_with('(') => {
                out.push(c);
                escaped = true; // `(?:`, `(?=` etc.: the next char is syntax
            }
            c if c.is_ascii_lowercase() && !in_class && !in_braces => {
                out.push('[');
                out.push(c);
                out.push(c.to_ascii_uppercase());
                out.push(']');
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    #[test]
    fn builtin_parses() {
        let lex = Lexicon::builtin().expect("built-in lexicon is valid");
        assert!(lex.triggers.len() > 50);
        for r in Relation::ALL {
            assert!(
                lex.triggers.iter().any(|t| t.relation == Some(r)),
                "no trigger for {r:?}"
            );
        }
        assert!(!lex.cues.is_empty() && !lex.phrases.is_empty());
    }

    #[test]
    fn every_trigger_matches_its_example() {
        let lex = Lexicon::builtin().expect("built-in lexicon is valid");
        for t in &lex.triggers {
            let re = t.regex().expect("pattern compiles");
            assert!(
                re.is_match(&t.example),
                "relations.tsv:{}: `{}` does not match its example `{}`",
                t.line,
                t.pattern,
                t.example
            );
        }
    }

    #[test]
    fn case_fold_keeps_capital_classes() {
        let re = Regex::new(&case_fold_lower("reports in [A-Z][a-z]+")).expect("valid");
        assert!(re.is_match("Reports in Italy"));
        assert!(re.is_match("reports in Spain"));
        assert!(!re.is_match("reports in general"));
        let re = Regex::new(&case_fold_lower("(?:a )?club")).expect("valid");
        assert!(re.is_match("A Club"));
    }

    #[test]
    fn errors_name_the_line() {
        let bad = Lexicon::parse(
            "# c\ninterest\tbefore\tafter\t-\t(unclosed\tx\n",
            "",
            "",
            "",
            "",
        )
        .expect_err("bad regex");
        assert!(
            bad.to_string()
                .starts_with("lexicons/relations.tsv:2: bad pattern"),
            "{bad}"
        );
        let bad =
            Lexicon::parse("hope\tbefore\tafter\t-\tx\tx\n", "", "", "", "").expect_err("relation");
        assert!(
            bad.to_string().contains(":1: unknown relation `hope`"),
            "{bad}"
        );
        let bad = Lexicon::parse("", "x\tclause\tno source here\n", "", "", "").expect_err("cue");
        assert!(
            bad.to_string()
                .contains("cues.tsv:1: pattern has no {SRC} or {CLUB}"),
            "{bad}"
        );
    }
}
