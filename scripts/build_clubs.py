#!/usr/bin/env python3
"""Build gazetteers/clubs.tsv from public data plus the curated club file.

usage: python3 scripts/build_clubs.py [DATA_DIR] [--curated FILE] [--out FILE] [--report]

DATA_DIR defaults to ../shared/data relative to the repository root (the
parent of this script's folder). It must hold:

  openfootball-clubs/clubs.tsv                      names, alt names, countries
  openfootball-football-json/league_clubs_2024-2026.tsv   league membership
  reep-wikidata/teams.tsv                           English (Wikidata) labels
  faker-football-teams/teams_nicknames.tsv          nickname seeds (noisy)

gazetteers/curated/clubs.tsv (hand-written) selects extra clubs, sets the
canonical English names, countries and leagues, adds nicknames and metonyms,
and removes unwanted aliases; it always wins over the data. See the comment at
the top of that file for its format.

The output is deterministic: running the script twice gives the same bytes.
--report prints, on stderr, aliases shared by several clubs with no `*`
default, for review.
"""
import csv
import re
import sys
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# Leagues whose members are all included, as (season, code).
SELECTED = [
    ("2025-26", "en.1"), ("2025-26", "en.2"), ("2025-26", "es.1"), ("2025-26", "it.1"),
    ("2025-26", "de.1"), ("2025-26", "fr.1"), ("2025-26", "pt.1"), ("2025-26", "nl.1"),
    ("2025-26", "sco.1"), ("2025-26", "tr.1"), ("2025-26", "be.1"), ("2025-26", "at.1"),
    ("2025-26", "gr.1"), ("2025", "mls"), ("2025", "br.1"), ("2025", "ar.1"),
    # relegated from the big five in 2024-25, and the 2024-25 Champions League
    ("2024-25", "en.1"), ("2024-25", "es.1"), ("2024-25", "it.1"), ("2024-25", "de.1"),
    ("2024-25", "fr.1"), ("2024-25", "uefa.cl"),
]

# Usual English names of the leagues (openfootball codes).
LEAGUE_NAMES = {
    "en.1": "Premier League", "en.2": "Championship", "en.3": "League One", "en.4": "League Two",
    "es.1": "La Liga", "es.2": "Segunda Division", "it.1": "Serie A", "it.2": "Serie B",
    "de.1": "Bundesliga", "de.2": "2. Bundesliga", "fr.1": "Ligue 1", "fr.2": "Ligue 2",
    "pt.1": "Primeira Liga", "nl.1": "Eredivisie", "sco.1": "Scottish Premiership",
    "tr.1": "Super Lig", "be.1": "Belgian Pro League", "at.1": "Austrian Bundesliga",
    "at.2": "Austrian 2. Liga", "gr.1": "Greek Super League", "mls": "Major League Soccer",
    "br.1": "Brasileiro Serie A", "br.2": "Brasileiro Serie B", "ar.1": "Argentine Primera Division",
    "mx.1": "Liga MX", "jp.1": "J1 League", "cn.1": "Chinese Super League", "co.1": "Colombian Primera A",
    "au.1": "A-League", "eg.1": "Egyptian Premier League", "ma.1": "Botola Pro", "dz.1": "Algerian Ligue 1",
}
# Season preference when a club appears in several leagues.
SEASON_ORDER = ["2025-26", "2025", "2024-25"]
# Output order of leagues (others follow, alphabetically).
LEAGUE_ORDER = [
    "Premier League", "Championship", "La Liga", "Serie A", "Bundesliga", "Ligue 1",
    "Primeira Liga", "Eredivisie", "Scottish Premiership", "Super Lig", "Belgian Pro League",
    "Saudi Pro League", "Major League Soccer", "Brasileiro Serie A", "Argentine Primera Division",
]

COUNTRY_FIX = {"United States": "USA", "Congo DR": "DR Congo", "Czech Republic": "Czech Republic"}
REEP_COUNTRY = {"England": "United Kingdom", "Scotland": "United Kingdom", "Wales": "United Kingdom",
                "USA": "United States"}

# Single-word alternative names from the data that are ordinary words,
# countries, cities shared by several clubs, or generic club words; they are
# never taken from the data (the curated file may still add them, with markers).
DENY = {
    "austria", "paris", "standard", "union", "real", "sporting", "athletic", "racing", "club",
    "royal", "national", "nacional", "albion", "wanderers", "rovers", "town", "county", "city",
    "united", "inter", "milan", "madrid", "olympique", "dynamo", "dinamo", "sport", "atletico",
    "america", "deportivo", "internacional", "academy", "football", "victoria", "sigma", "rapid",
    "fortuna", "borussia", "eintracht", "hellas", "central", "river", "boca", "universidad",
    "universitario", "alianza", "olimpia", "hearts", "saints", "santander", "tsv", "sportclub",
}
# Data aliases that are not wanted even though they are not single words.
DENY_PHRASES = {"red star", "red bull", "the wednesday", "north end", "real sporting", "real club",
                "stade", "racing club", "sporting club", "club atletico", "real racing club"}

ABBREV_WORD = re.compile(r"^[^\W\d_]+\.$")


def fold(s):
    """Lower case, accents and punctuation folded, spaces collapsed."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = s.replace("ø", "o").replace("Ø", "o").replace("ß", "ss").replace("æ", "ae").replace("ı", "i")
    s = s.replace("đ", "d").replace("ł", "l").replace("Ł", "l").replace("’", "'")
    s = "".join(ch.lower() if ch.isalnum() else " " for ch in s)
    return " ".join(s.split())


AFFIXES = {"fc", "cf", "afc", "sc", "ac", "ssc", "cd", "sv", "vfl", "vfb", "bsc", "rc", "ogc", "as",
           "sl", "club", "de", "futbol", "calcio", "sk", "fk", "kv"}


def core(s):
    """Folded name without club-type affixes (FC, AFC, SC, ...)."""
    s = re.sub(r"\b([A-Z])\.([A-Z])\.(?:([A-Z])\.)?", lambda m: "".join(g or "" for g in m.groups()), s)
    words = fold(s).split()
    while len(words) > 1 and words[0] in AFFIXES:
        words = words[1:]
    while len(words) > 1 and words[-1] in AFFIXES:
        words = words[:-1]
    return " ".join(words)


def alias_key(a):
    return fold(a.lstrip("=*-"))


def read_tsv(path):
    with open(path, encoding="utf-8", newline="") as f:
        lines = [ln for ln in f if ln.strip() and not ln.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return [{k: (v or "").strip() for k, v in row.items()} for row in reader]


def clean_data_alias(a):
    """Return the alias in gazetteer form, or None when it should not be used."""
    a = " ".join(a.replace("’", "'").split()).strip(" ,")
    if not a or "$" in a or "(" in a or ")" in a:
        return None
    if not any(ch.isupper() for ch in a):  # all lower case would match in any case
        return None
    words = a.split()
    if any(ABBREV_WORD.match(w) and w not in ("St.",) for w in words):
        return None
    if len(words) > 6:  # long official names: never written in news text
        return None
    f = fold(a)
    if f in DENY or f in DENY_PHRASES or len(f) < 2:
        return None
    if a.isupper() and len(a.replace(" ", "")) <= 4:
        return "=" + a  # short abbreviation: exact case
    return a


def nickname_parts(nick):
    parts = re.split(r",|/|\(|\)|\bor\b|\.", nick)
    out = []
    for p in parts:
        p = " ".join(p.split())
        if not p:
            continue
        if p.startswith("The "):
            p = "the " + p[4:]
        out.append(p)
    return out


def main(argv):
    args = list(argv[1:])
    report = "--report" in args
    if report:
        args.remove("--report")
    curated_path = REPO / "gazetteers" / "curated" / "clubs.tsv"
    out_path = REPO / "gazetteers" / "clubs.tsv"
    data_dir = REPO.parent / "shared" / "data"
    i = 0
    while i < len(args):
        if args[i] == "--curated":
            curated_path = Path(args[i + 1]); i += 2
        elif args[i] == "--out":
            out_path = Path(args[i + 1]); i += 2
        else:
            data_dir = Path(args[i]); i += 1

    of_clubs = {r["id"]: r for r in read_tsv(data_dir / "openfootball-clubs" / "clubs.tsv")}
    membership = {}
    for r in read_tsv(data_dir / "openfootball-football-json" / "league_clubs_2024-2026.tsv"):
        if r["club_id"]:
            membership.setdefault(r["club_id"], set()).add((r["season"], r["league_code"]))

    selected = sorted(cid for cid, ms in membership.items() if ms & set(SELECTED))
    curated = read_tsv(curated_path)

    # reep: English labels of professional clubs (rows with a Transfermarkt id)
    reep_by_core = {}
    for r in read_tsv(data_dir / "reep-wikidata" / "teams.tsv"):
        if not r["key_transfermarkt"] or re.fullmatch(r"Q\d+", r["name"]):
            continue
        reep_by_core.setdefault((core(r["name"]), r["country"]), []).append(r["name"])

    faker = {}
    for r in read_tsv(data_dir / "faker-football-teams" / "teams_nicknames.tsv"):
        if r["nickname"]:
            for key in {core(r["name"]), core(r["short_name"])}:
                faker.setdefault(key, []).append(r["nickname"])

    def league_of(cid):
        ms = membership.get(cid, set())
        for season in SEASON_ORDER:
            for s, code in sorted(ms):
                if s == season and code in LEAGUE_NAMES and not code.startswith("uefa"):
                    return LEAGUE_NAMES[code]
        return ""

    clubs = {}  # output id -> record
    by_source = {}

    def data_record(cid):
        r = of_clubs[cid]
        country = COUNTRY_FIX.get(r["country"], r["country"])
        aliases = []
        names = [r["name"]] + [a for a in r["alt_names"].split(" | ") if a]
        for a in names:
            c = clean_data_alias(a)
            if c:
                aliases.append(c)
        # reep English label, when it identifies one club unambiguously
        rc = REEP_COUNTRY.get(country, country)
        labels = set()
        for n in names[:1] + [a for a in names[1:] if len(core(a).split()) > 1]:
            labels.update(reep_by_core.get((core(n), rc), []))
        if len(labels) == 1:
            c = clean_data_alias(labels.pop())
            if c:
                aliases.append(c)
        # faker nicknames (noisy seed: single words and "the X" forms only survive)
        for n in names[:1]:
            for nick in faker.get(core(n), []):
                for p in nickname_parts(nick):
                    words = p.split()
                    if (words[0] == "the" and 2 <= len(words) <= 3
                            and all(w[:1].isupper() for w in words[1:])):
                        c = clean_data_alias(p)
                        if c:
                            aliases.append(c)
        return {"id": "", "name": r["name"], "country": country, "league": league_of(cid),
                "data_aliases": aliases, "source": cid}

    for cid in selected:
        by_source[cid] = data_record(cid)

    out = []
    seen_ids = set()
    for row in curated:
        src = row.get("source", "")
        if src:
            if src not in of_clubs:
                sys.exit(f"curated source id not in data: {src}")
            rec = by_source.pop(src, None) or data_record(src)
        else:
            rec = {"id": "", "name": "", "country": "", "league": "", "data_aliases": [], "source": ""}
        for field in ("id", "name", "country", "league"):
            if row.get(field):
                rec[field] = row[field]
        rec["curated_aliases"] = [a.strip() for a in row.get("aliases", "").split("|") if a.strip()]
        out.append(rec)
    for cid in sorted(by_source):
        rec = by_source[cid]
        rec["curated_aliases"] = []
        out.append(rec)

    lines = []
    for rec in out:
        if not rec["name"]:
            sys.exit(f"club without a name: {rec}")
        if not rec["id"]:
            base = core(rec["name"]) or fold(rec["name"])
            rec["id"] = re.sub(r"[^a-z0-9]+", "-", base).strip("-")
        if rec["id"] in seen_ids:
            sys.exit(f"duplicate club id: {rec['id']} ({rec['name']})")
        seen_ids.add(rec["id"])
        removed = {alias_key(a) for a in rec["curated_aliases"] if a.startswith("-")}
        keys = {fold(rec["name"])}
        aliases = []
        for a in [a for a in rec["curated_aliases"] if not a.startswith("-")] + rec["data_aliases"]:
            k = alias_key(a)
            if not k or k in keys or k in removed:
                continue
            keys.add(k)
            aliases.append(a)
        rec["aliases"] = aliases

    # Data aliases equal to another club's canonical name are dropped (the name wins).
    canon = {fold(r["name"]): r["id"] for r in out}
    for rec in out:
        curated_keys = {alias_key(a) for a in rec["curated_aliases"]}
        rec["aliases"] = [a for a in rec["aliases"]
                          if alias_key(a) in curated_keys or canon.get(alias_key(a), rec["id"]) == rec["id"]]

    if report:
        owners = {}
        for rec in out:
            for a in rec["aliases"]:
                owners.setdefault(alias_key(a), []).append((rec["id"], a))
        for k, lst in sorted(owners.items()):
            if len(lst) > 1 and not any(a.startswith("*") for _, a in lst):
                print(f"shared without default: {k}: {lst}", file=sys.stderr)
            stars = [i for i, a in lst if a.startswith("*")]
            if len(stars) > 1:
                print(f"several defaults: {k}: {stars}", file=sys.stderr)

    order = {name: i for i, name in enumerate(LEAGUE_ORDER)}
    out.sort(key=lambda r: (order.get(r["league"], len(order)), r["league"] == "", r["league"],
                            r["country"], fold(r["name"]), r["id"]))
    text = [
        "# Clubs. Generated by scripts/build_clubs.py from gazetteers/curated/clubs.tsv (hand-curated)",
        "# and public data (openfootball clubs and football.json, Wikidata labels via reep, faker",
        "# nickname seeds); see gazetteers/README.md. Do not edit by hand: edit the curated file.",
        "id\tname\tcountry\tleague\taliases",
    ]
    for rec in out:
        text.append("\t".join([rec["id"], rec["name"], rec["country"], rec["league"], "|".join(rec["aliases"])]))
    out_path.write_text("\n".join(text) + "\n", encoding="utf-8")
    print(f"wrote {len(out)} clubs to {out_path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
