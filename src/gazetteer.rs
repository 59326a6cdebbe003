//! The gazetteer: the clubs, players, outlets, journalists and people
//! `extract` knows by name.
//!
//! In: the tab-separated files described in `gazetteers/README.md` (the
//! built-in ones are compiled into the binary; users add directories with
//! `--gazetteer DIR`). Out: a [`Gazetteer`], a table of [`Entity`] records
//! with their names and facts (a player's club, nationality, position and
//! birth date; a journalist's outlet), addressed by [`EntityId`].
//!
//! Invariants: ids are unique within a kind (a later file with the same id
//! replaces the earlier entry in place, so an [`EntityId`] never dangles);
//! every `club` and `affiliation` reference names an entity that exists.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::document::parse_ymd;

/// What kind of thing an entity is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A football club.
    Club,
    /// A player.
    Player,
    /// A newspaper, broadcaster, agency or website.
    Outlet,
    /// A reporter or transfer insider.
    Journalist,
    /// A coach, director, president or agent who is quoted.
    Person,
}

impl Kind {
    /// All kinds, in the order their files are loaded (referenced kinds first).
    pub const ALL: [Kind; 5] = [
        Kind::Club,
        Kind::Outlet,
        Kind::Player,
        Kind::Journalist,
        Kind::Person,
    ];

    /// The file that holds this kind, e.g. `clubs.tsv`.
    pub fn file_name(self) -> &'static str {
        match self {
            Kind::Club => "clubs.tsv",
            Kind::Player => "players.tsv",
            Kind::Outlet => "outlets.tsv",
            Kind::Journalist => "journalists.tsv",
            Kind::Person => "people.tsv",
        }
    }

    /// The header line the file must have.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Kind::Club => &["id", "name", "country", "league", "aliases"],
            Kind::Player => &[
                "id",
                "name",
                "aliases",
                "nationality",
                "position",
                "born",
                "club",
            ],
            Kind::Outlet => &["id", "name", "country", "language", "aliases"],
            Kind::Journalist => &["id", "name", "affiliation", "aliases"],
            Kind::Person => &["id", "name", "role", "club", "aliases"],
        }
    }

    /// Lower-case name of the kind, as used in output (`club`, `outlet`...).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Club => "club",
            Kind::Player => "player",
            Kind::Outlet => "outlet",
            Kind::Journalist => "journalist",
            Kind::Person => "person",
        }
    }
}

/// Index of an entity in its [`Gazetteer`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityId(pub u32);

/// A player's position as writers name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Position {
    /// Goalkeeper.
    Goalkeeper,
    /// Centre-back.
    CentreBack,
    /// Full-back or wing-back.
    FullBack,
    /// Defender, finer role unknown.
    Defender,
    /// Defensive midfielder.
    DefensiveMidfielder,
    /// Midfielder.
    Midfielder,
    /// Winger.
    Winger,
    /// Forward, finer role unknown.
    Forward,
    /// Striker or centre-forward.
    Striker,
}

impl Position {
    /// Parses the file form (`centre-back`, `winger`...).
    pub fn parse(s: &str) -> Option<Position> {
        Some(match s {
            "goalkeeper" => Position::Goalkeeper,
            "centre-back" => Position::CentreBack,
            "full-back" => Position::FullBack,
            "defender" => Position::Defender,
            "defensive midfielder" => Position::DefensiveMidfielder,
            "midfielder" => Position::Midfielder,
            "winger" => Position::Winger,
            "forward" => Position::Forward,
            "striker" => Position::Striker,
            _ => return None,
        })
    }

    /// The broad line: goalkeeper, defender, midfielder or forward.
    pub fn line(self) -> Position {
        match self {
            Position::Goalkeeper => Position::Goalkeeper,
            Position::CentreBack | Position::FullBack | Position::Defender => Position::Defender,
            Position::DefensiveMidfielder | Position::Midfielder => Position::Midfielder,
            Position::Winger | Position::Forward | Position::Striker => Position::Forward,
        }
    }
}

/// When a player was born: a full date, or only the year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Born {
    /// Year of birth.
    pub year: i16,
    /// The full date, when known.
    pub date: Option<Date>,
}

impl Born {
    /// Age in whole years on `day`; with only a year known, the age is a
    /// range and both ends are returned.
    pub fn age_on(&self, day: Date) -> (i16, i16) {
        match self.date {
            Some(b) => {
                let mut age = day.year() - b.year();
                if (day.month(), day.day()) < (b.month(), b.day()) {
                    age -= 1;
                }
                (age, age)
            }
            None => {
                let age = day.year() - self.year;
                (age - 1, age)
            }
        }
    }
}

/// How the letters of a name must be cased in the text for it to match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseRule {
    /// Every word starting with a capital in the name starts with one in the text.
    Capitals,
    /// The text must equal the name letter for letter (after accent folding).
    Exact,
    /// Any case (the name was written all in lower case).
    Any,
}

/// One name an entity is known by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alias {
    /// The name as written in the gazetteer, without markers.
    pub text: String,
    /// How case must match.
    pub case: CaseRule,
    /// Marked `*`: the default reading of a name several entities share.
    pub default: bool,
}

impl Alias {
    /// Parses an alias with its optional `=` or `*` marker.
    pub fn parse(raw: &str) -> Option<Alias> {
        let raw = raw.trim();
        let (exact, default, text) = if let Some(t) = raw.strip_prefix('=') {
            (true, false, t)
        } else if let Some(t) = raw.strip_prefix('*') {
            (false, true, t)
        } else {
            (false, false, raw)
        };
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let case = if exact {
            CaseRule::Exact
        } else if text.chars().any(char::is_uppercase) {
            CaseRule::Capitals
        } else {
            CaseRule::Any
        };
        Some(Alias {
            text: text.to_string(),
            case,
            default,
        })
    }
}

/// One club, player, outlet, journalist or person.
#[derive(Clone, Debug)]
pub struct Entity {
    /// Stable slug, unique within the kind.
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// What it is.
    pub kind: Kind,
    /// Other names, with the canonical name first.
    pub aliases: Vec<Alias>,
    /// Country (clubs, outlets) or nationality (players).
    pub country: Option<String>,
    /// League (clubs).
    pub league: Option<String>,
    /// Language code (outlets).
    pub language: Option<String>,
    /// Position (players).
    pub position: Option<Position>,
    /// Birth (players).
    pub born: Option<Born>,
    /// Current club (players, people).
    pub club: Option<EntityId>,
    /// Outlet (journalists).
    pub affiliation: Option<EntityId>,
    /// Role (people): `head coach`, `agent`...
    pub role: Option<String>,
}

/// Why a gazetteer file was rejected, with the place to fix it.
#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    /// The file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The reason.
        source: std::io::Error,
    },
    /// A line is malformed.
    #[error("{path}:{line}: {message}")]
    Line {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// All known entities.
#[derive(Clone, Debug, Default)]
pub struct Gazetteer {
    entities: Vec<Entity>,
    index: HashMap<(Kind, String), EntityId>,
}

/// The built-in files, compiled into the binary.
const BUILTIN: [(Kind, &str); 5] = [
    (Kind::Club, include_str!("../gazetteers/clubs.tsv")),
    (Kind::Outlet, include_str!("../gazetteers/outlets.tsv")),
    (Kind::Player, include_str!("../gazetteers/players.tsv")),
    (
        Kind::Journalist,
        include_str!("../gazetteers/journalists.tsv"),
    ),
    (Kind::Person, include_str!("../gazetteers/people.tsv")),
];

impl Gazetteer {
    /// A gazetteer with no entries.
    pub fn empty() -> Gazetteer {
        Gazetteer::default()
    }

    /// The built-in gazetteer.
    pub fn builtin() -> Result<Gazetteer, GazetteerError> {
        let mut g = Gazetteer::empty();
        for (kind, content) in BUILTIN {
            let path = Path::new("gazetteers").join(kind.file_name());
            g.load_str(kind, &path, content)?;
        }
        Ok(g)
    }

    /// Adds the files of `dir` that have a gazetteer file name; at least one
    /// must exist. Entries with an existing id replace the old entry.
    pub fn load_dir(&mut self, dir: &Path) -> Result<usize, GazetteerError> {
        if !dir.is_dir() {
            return Err(GazetteerError::Io {
                path: dir.to_path_buf(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "not a directory"),
            });
        }
        let mut found = 0;
        for kind in Kind::ALL {
            let path = dir.join(kind.file_name());
            if !path.exists() {
                continue;
            }
            let content = std::fs::read_to_string(&path).map_err(|source| GazetteerError::Io {
                path: path.clone(),
                source,
            })?;
            self.load_str(kind, &path, &content)?;
            found += 1;
        }
        if found == 0 {
            return Err(GazetteerError::Io {
                path: dir.to_path_buf(),
                source: std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "no gazetteer file (clubs.tsv, players.tsv, outlets.tsv, journalists.tsv, people.tsv)",
                ),
            });
        }
        Ok(found)
    }

    /// Parses one file's content as `kind`; `path` is used in error messages.
    pub fn load_str(
        &mut self,
        kind: Kind,
        path: &Path,
        content: &str,
    ) -> Result<(), GazetteerError> {
        let err = |line: usize, message: String| GazetteerError::Line {
            path: path.to_path_buf(),
            line,
            message,
        };
        let columns = kind.columns();
        let mut header_seen = false;
        let mut ids_here: HashMap<String, usize> = HashMap::new();
        for (n, line) in content.lines().enumerate() {
            let lineno = n + 1;
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            if !header_seen {
                if fields != columns {
                    return Err(err(
                        lineno,
                        format!(
                            "header must be the columns `{}` separated by tabs, found `{}`",
                            columns.join(" "),
                            fields.join(" ")
                        ),
                    ));
                }
                header_seen = true;
                continue;
            }
            if fields.len() != columns.len() {
                return Err(err(
                    lineno,
                    format!(
                        "expected {} tab-separated fields ({}), found {}",
                        columns.len(),
                        columns.join(", "),
                        fields.len()
                    ),
                ));
            }
            let get = |col: &str| -> &str {
                columns
                    .iter()
                    .position(|c| *c == col)
                    .and_then(|i| fields.get(i))
                    .map_or("", |s| s.trim())
            };
            let opt = |col: &str| -> Option<String> {
                let v = get(col);
                (!v.is_empty()).then(|| v.to_string())
            };
            let id = get("id");
            if !valid_id(id) {
                return Err(err(
                    lineno,
                    format!("id `{id}` must be lower-case letters, digits and hyphens"),
                ));
            }
            if let Some(prev) = ids_here.insert(id.to_string(), lineno) {
                return Err(err(
                    lineno,
                    format!("id `{id}` already used on line {prev}"),
                ));
            }
            let name = get("name");
            if name.is_empty() {
                return Err(err(lineno, "name is empty".into()));
            }
            let mut aliases =
                vec![Alias::parse(name).ok_or_else(|| err(lineno, "name is empty".into()))?];
            // The canonical name never carries a marker of its own.
            if let Some(first) = aliases.first_mut() {
                first.text = name.to_string();
                first.default = false;
                first.case = if name.chars().any(char::is_uppercase) {
                    CaseRule::Capitals
                } else {
                    CaseRule::Any
                };
            }
            for raw in get("aliases").split('|') {
                if raw.trim().is_empty() {
                    continue;
                }
                match Alias::parse(raw) {
                    Some(a) => aliases.push(a),
                    None => {
                        return Err(err(
                            lineno,
                            format!("alias `{}` is empty after its marker", raw.trim()),
                        ))
                    }
                }
            }
            // `=Name` among the aliases makes the canonical name exact-case.
            if let Some(pos) = aliases
                .iter()
                .skip(1)
                .position(|a| a.case == CaseRule::Exact && a.text == name)
            {
                aliases.remove(pos + 1);
                if let Some(first) = aliases.first_mut() {
                    first.case = CaseRule::Exact;
                }
            }
            let position = match get("position") {
                "" => None,
                p => Some(Position::parse(p).ok_or_else(|| {
                    err(
                        lineno,
                        format!("position `{p}` is not one of goalkeeper, centre-back, full-back, defender, defensive midfielder, midfielder, winger, forward, striker"),
                    )
                })?),
            };
            let born =
                match get("born") {
                    "" => None,
                    b => Some(parse_born(b).ok_or_else(|| {
                        err(lineno, format!("born `{b}` is not YYYY-MM-DD or YYYY"))
                    })?),
                };
            let club = match get("club") {
                "" => None,
                c => Some(self.lookup(Kind::Club, c).ok_or_else(|| {
                    err(
                        lineno,
                        format!("club `{c}` is not the id of a club in clubs.tsv"),
                    )
                })?),
            };
            let affiliation = match get("affiliation") {
                "" => None,
                a => Some(self.lookup(Kind::Outlet, a).ok_or_else(|| {
                    err(
                        lineno,
                        format!("affiliation `{a}` is not the id of an outlet in outlets.tsv"),
                    )
                })?),
            };
            let country = if kind == Kind::Player {
                opt("nationality")
            } else {
                opt("country")
            };
            let entity = Entity {
                id: id.to_string(),
                name: name.to_string(),
                kind,
                aliases,
                country,
                league: opt("league"),
                language: opt("language"),
                position,
                born,
                club,
                affiliation,
                role: opt("role"),
            };
            self.insert(entity);
        }
        if !header_seen && !content.trim().is_empty() {
            return Err(err(1, "no header line".into()));
        }
        Ok(())
    }

    /// Adds an entity, or replaces the one of the same kind and id.
    pub fn insert(&mut self, entity: Entity) -> EntityId {
        let key = (entity.kind, entity.id.clone());
        if let Some(&id) = self.index.get(&key) {
            if let Some(slot) = self.entities.get_mut(id.0 as usize) {
                *slot = entity;
            }
            return id;
        }
        let id = EntityId(u32::try_from(self.entities.len()).unwrap_or(u32::MAX));
        self.entities.push(entity);
        self.index.insert(key, id);
        id
    }

    /// The entity of `kind` with stable id `id`.
    pub fn lookup(&self, kind: Kind, id: &str) -> Option<EntityId> {
        self.index.get(&(kind, id.to_string())).copied()
    }

    /// The entity behind an id.
    pub fn get(&self, id: EntityId) -> Option<&Entity> {
        self.entities.get(id.0 as usize)
    }

    /// All entities with their ids.
    pub fn iter(&self) -> impl Iterator<Item = (EntityId, &Entity)> {
        self.entities
            .iter()
            .enumerate()
            .map(|(i, e)| (EntityId(i as u32), e))
    }

    /// How many entities of each kind.
    pub fn counts(&self) -> Vec<(Kind, usize)> {
        Kind::ALL
            .iter()
            .map(|&k| (k, self.entities.iter().filter(|e| e.kind == k).count()))
            .collect()
    }

    /// Number of entities.
    pub fn len(&self) -> usize {
        self.entities.len()
    }

    /// True when there are no entities.
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn parse_born(s: &str) -> Option<Born> {
    if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
        return Some(Born {
            year: s.parse().ok()?,
            date: None,
        });
    }
    let d = parse_ymd(s)?;
    Some(Born {
        year: d.year(),
        date: Some(d),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(kind: Kind, content: &str) -> Result<Gazetteer, GazetteerError> {
        let mut g = Gazetteer::empty();
        g.load_str(
            Kind::Club,
            Path::new("c.tsv"),
            "id\tname\tcountry\tleague\taliases\nliverpool\tLiverpool\tEngland\tPremier League\tthe Reds|=LFC|*Merseyside\n",
        )?;
        g.load_str(kind, Path::new("x.tsv"), content)?;
        Ok(g)
    }

    #[test]
    fn builtin_loads() {
        let g = Gazetteer::builtin().expect("built-in gazetteer is valid");
        assert!(g.lookup(Kind::Club, "liverpool").is_some());
    }

    #[test]
    fn aliases_and_markers() {
        let g = load(
            Kind::Player,
            "id\tname\taliases\tnationality\tposition\tborn\tclub\n",
        )
        .expect("loads");
        let id = g.lookup(Kind::Club, "liverpool").expect("club");
        let e = g.get(id).expect("entity");
        let got: Vec<(&str, CaseRule, bool)> = e
            .aliases
            .iter()
            .map(|a| (a.text.as_str(), a.case, a.default))
            .collect();
        assert_eq!(
            got,
            [
                ("Liverpool", CaseRule::Capitals, false),
                ("the Reds", CaseRule::Capitals, false),
                ("LFC", CaseRule::Exact, false),
                ("Merseyside", CaseRule::Capitals, true),
            ]
        );
    }

    #[test]
    fn player_facts_and_club_reference() {
        let g = load(
            Kind::Player,
            "# comment\nid\tname\taliases\tnationality\tposition\tborn\tclub\nibrahima-konate\tIbrahima Konate\tKonate\tFrance\tcentre-back\t1999-05-25\tliverpool\n",
        )
        .expect("loads");
        let p = g
            .get(g.lookup(Kind::Player, "ibrahima-konate").expect("player"))
            .expect("entity");
        assert_eq!(p.position, Some(Position::CentreBack));
        assert_eq!(p.club, g.lookup(Kind::Club, "liverpool"));
        let born = p.born.expect("born");
        assert_eq!(born.age_on(Date::constant(2025, 10, 16)), (26, 26));
        assert_eq!(born.age_on(Date::constant(2025, 5, 24)), (25, 25));
    }

    #[test]
    fn errors_name_file_and_line() {
        let cases = [
            ("id\tname\n", "1: header must be"),
            ("id\tname\taliases\tnationality\tposition\tborn\tclub\nx\tX\n", "2: expected 7"),
            ("id\tname\taliases\tnationality\tposition\tborn\tclub\nBad Id\tX\t\t\t\t\t\n", "2: id `Bad Id`"),
            ("id\tname\taliases\tnationality\tposition\tborn\tclub\nx\tX\t\t\tkeeper\t\t\n", "2: position `keeper`"),
            ("id\tname\taliases\tnationality\tposition\tborn\tclub\nx\tX\t\t\t\t19x9\t\n", "2: born `19x9`"),
            ("id\tname\taliases\tnationality\tposition\tborn\tclub\nx\tX\t\t\t\t\tnowhere\n", "2: club `nowhere`"),
            ("id\tname\taliases\tnationality\tposition\tborn\tclub\nx\tX\t\t\t\t\t\nx\tY\t\t\t\t\t\n", "3: id `x` already used on line 2"),
            ("id\tname\taliases\tnationality\tposition\tborn\tclub\nx\t\t\t\t\t\t\n", "2: name is empty"),
            ("id\tname\taliases\tnationality\tposition\tborn\tclub\nx\tX\t=\t\t\t\t\n", "2: alias `=`"),
        ];
        for (content, want) in cases {
            let e = load(Kind::Player, content).expect_err(content).to_string();
            assert!(e.starts_with("x.tsv:"), "{e}");
            assert!(e.contains(want), "{e} should contain {want}");
        }
    }

    #[test]
    fn same_id_replaces_entry() {
        let mut g = load(
            Kind::Player,
            "id\tname\taliases\tnationality\tposition\tborn\tclub\n",
        )
        .expect("loads");
        let before = g.len();
        g.load_str(
            Kind::Club,
            Path::new("user/clubs.tsv"),
            "id\tname\tcountry\tleague\taliases\nliverpool\tLiverpool FC\tEngland\t\t\n",
        )
        .expect("loads");
        assert_eq!(g.len(), before);
        let e = g
            .get(g.lookup(Kind::Club, "liverpool").expect("club"))
            .expect("entity");
        assert_eq!(e.name, "Liverpool FC");
    }
}
