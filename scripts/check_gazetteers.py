#!/usr/bin/env python3
"""Validate the gazetteer files against the format in gazetteers/README.md.

usage: python3 scripts/check_gazetteers.py [DIR] [--strict]

DIR defaults to gazetteers/ in the repository. Checks, per file: the header,
the number of fields, required id and name, id slugs, unique ids, alias
syntax (`|`-separated, optional `=` or `*` marker, no blank alias), at most one
`*` default per name, and the typed columns (language, position, born). Across
files: journalists' `affiliation` must be an outlet id, and the `club` of
players and people a club id. A missing file is reported and skipped.

Errors make the exit status 1. Warnings (printed, not fatal unless --strict):
aliases repeating the name or another alias, and all-lower-case aliases
(which match in any case).
"""
import datetime
import re
import sys
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

COLUMNS = {
    "clubs.tsv": ["id", "name", "country", "league", "aliases"],
    "players.tsv": ["id", "name", "aliases", "nationality", "position", "born", "club"],
    "outlets.tsv": ["id", "name", "country", "language", "aliases"],
    "journalists.tsv": ["id", "name", "affiliation", "aliases"],
    "people.tsv": ["id", "name", "role", "club", "aliases"],
}
POSITIONS = {"goalkeeper", "centre-back", "full-back", "defender", "defensive midfielder",
             "midfielder", "winger", "forward", "striker"}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANG = re.compile(r"^[a-z]{2}$")


def fold(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = s.replace("ø", "o").replace("Ø", "o").replace("ß", "ss").replace("’", "'")
    return " ".join("".join(ch.lower() if ch.isalnum() or ch == "'" else " " for ch in s).split())


def read(path, errors):
    """Return (rows as dicts with line numbers) or None when the file is missing."""
    if not path.exists():
        return None
    rows, header = [], None
    text = path.read_text(encoding="utf-8")
    if text and not text.endswith("\n"):
        errors.append(f"{path.name}: no newline at end of file")
    for n, line in enumerate(text.split("\n"), 1):
        if line.endswith("\r"):
            errors.append(f"{path.name}:{n}: carriage return")
            line = line[:-1]
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if header is None:
            header = fields
            if header != COLUMNS[path.name]:
                errors.append(f"{path.name}:{n}: header {header} != {COLUMNS[path.name]}")
            continue
        if len(fields) != len(COLUMNS[path.name]):
            errors.append(f"{path.name}:{n}: {len(fields)} fields, expected {len(COLUMNS[path.name])}")
            continue
        for f in fields:
            if f != f.strip():
                errors.append(f"{path.name}:{n}: field with leading/trailing space: {f!r}")
        row = dict(zip(COLUMNS[path.name], fields))
        row["_line"] = n
        rows.append(row)
    if header is None:
        errors.append(f"{path.name}: no header")
    return rows


def check_aliases(name, rows, errors, warnings):
    defaults = {}
    for r in rows:
        where = f"{name}:{r['_line']}"
        if not r["aliases"]:
            continue
        seen = {("", fold(r["name"]))}
        for a in r["aliases"].split("|"):
            if not a or a != a.strip():
                errors.append(f"{where}: empty or padded alias in {r['aliases']!r}")
                continue
            marker = a[0] if a[0] in "=*" else ""
            body = a[1:] if marker else a
            if not body or body[0] in "=*|" or "\t" in body:
                errors.append(f"{where}: bad alias {a!r}")
                continue
            key = (marker, body if marker == "=" else fold(body))
            if key in seen or (marker != "=" and ("", key[1]) in seen):
                warnings.append(f"{where}: alias {a!r} repeats the name or another alias")
            seen.add(key)
            if marker == "*":
                defaults.setdefault(fold(body), []).append(r["id"])
            if marker != "=" and body == body.lower() and any(ch.isalpha() for ch in body) \
                    and "." not in body and not body.startswith("the ") and not body.startswith("los ") \
                    and not body.startswith("les ") and not body.startswith("la ") and not body.startswith("el "):
                warnings.append(f"{where}: all-lower-case alias {a!r} matches in any case")
    for key, ids in defaults.items():
        if len(ids) > 1:
            errors.append(f"{name}: '*{key}' is the default on several entries: {ids}")


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    strict = "--strict" in argv
    gdir = Path(args[0]) if args else REPO / "gazetteers"
    errors, warnings, data = [], [], {}
    for name in COLUMNS:
        rows = read(gdir / name, errors)
        if rows is None:
            print(f"note: {name} not found, skipped")
            continue
        data[name] = rows
        ids = set()
        for r in rows:
            where = f"{name}:{r['_line']}"
            if not r["id"] or not r["name"]:
                errors.append(f"{where}: id and name are required")
            if r["id"] and not SLUG.match(r["id"]):
                errors.append(f"{where}: id {r['id']!r} is not a slug")
            if r["id"] in ids:
                errors.append(f"{where}: duplicate id {r['id']!r}")
            ids.add(r["id"])
        check_aliases(name, rows, errors, warnings)

    clubs = {r["id"] for r in data.get("clubs.tsv", [])}
    outlets = {r["id"] for r in data.get("outlets.tsv", [])}
    for r in data.get("outlets.tsv", []):
        if r["language"] and not LANG.match(r["language"]):
            errors.append(f"outlets.tsv:{r['_line']}: language {r['language']!r} is not ISO 639-1")
    for r in data.get("journalists.tsv", []):
        if r["affiliation"] and "outlets.tsv" in data and r["affiliation"] not in outlets:
            errors.append(f"journalists.tsv:{r['_line']}: affiliation {r['affiliation']!r} is not an outlet id")
    for name in ("people.tsv", "players.tsv"):
        for r in data.get(name, []):
            if r["club"] and "clubs.tsv" in data and r["club"] not in clubs:
                errors.append(f"{name}:{r['_line']}: club {r['club']!r} is not a club id")
    for r in data.get("people.tsv", []):
        if r["role"] != r["role"].lower():
            errors.append(f"people.tsv:{r['_line']}: role {r['role']!r} should be lower case")
    for r in data.get("players.tsv", []):
        where = f"players.tsv:{r['_line']}"
        if r["position"] and r["position"] not in POSITIONS:
            errors.append(f"{where}: position {r['position']!r} not one of {sorted(POSITIONS)}")
        born = r["born"]
        if born:
            try:
                if re.fullmatch(r"\d{4}", born):
                    pass
                elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", born):
                    datetime.date.fromisoformat(born)
                else:
                    raise ValueError
            except ValueError:
                errors.append(f"{where}: born {born!r} is not YYYY-MM-DD or YYYY")

    for w in warnings:
        print("warning:", w)
    for e in errors:
        print("error:", e)
    counts = ", ".join(f"{n} {len(r)}" for n, r in data.items())
    print(f"checked: {counts}; {len(errors)} errors, {len(warnings)} warnings")
    return 1 if errors or (strict and warnings) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
