#!/usr/bin/env python3
"""Makes a large corpus of realistic transfer news for benchmarks and load tests.

Takes the articles of a corpus directory (every *.txt; default ../shared/corpus,
else seeds/) as templates and writes variants of them, round robin, until the
output reaches the size asked for. In each variant every club, player, outlet
and journalist named in the template (by its canonical name in gazetteers/*.tsv)
is replaced by another of the same kind drawn from the gazetteer, the same one
everywhere in the article; a player's or journalist's single-word aliases
and the last word of their names ("Upamecano" for Dayot Upamecano, "Konate"
for Ibrahima Konaté) become the last word of the new name. The
draws come from a fixed-seed generator (splitmix64), so the same arguments give
the same corpus byte for byte; benches/throughput.rs makes the same corpus in
Rust.

Output, either:
  --out DIR     one article per file, DIR/0000/0000000.txt, 1000 per directory,
                each starting with its `date YYYY-MM-DD` prefix;
  --jsonl FILE  one record per line ('-' for standard output):
                {"id": "0000000", "date": "YYYY-MM-DD", "text": ..., "template": ...}
                with the date prefix moved out of the text into "date".

Examples (corpus* in the repository root is ignored by git):
  python3 scripts/make_corpus.py --mb 50 --out corpus50
  python3 scripts/make_corpus.py --mb 1000 --jsonl /tmp/corpus.jsonl

Standard library only.
"""

import argparse
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

#: Gazetteer files whose names are swapped, with their kind.
KINDS = [("club", "clubs.tsv"), ("player", "players.tsv"),
         ("outlet", "outlets.tsv"), ("journalist", "journalists.tsv")]
#: Kinds whose single-word aliases (surnames) follow the swap.
PERSONS = {"player", "journalist"}
#: Longest name, in words.
MOST_WORDS = 6
#: A word: letters and digits, joined by apostrophes, dots or hyphens.
WORD = re.compile(r"\w+(?:['\u2019.\-]\w+)*")
DATE_PREFIX = re.compile(r"\s*date (\d{4}-\d{2}-\d{2})(?:\s+|$)")
MASK = (1 << 64) - 1


class SplitMix64:
    """The splitmix64 generator (same numbers as the Rust benchmark's)."""

    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def pick(self, items):
        return items[self.next() % len(items)]


def load_gazetteer(directory):
    """Per kind, the entities in file order: (id, name, aliases)."""
    out = {}
    for kind, file_name in KINDS:
        rows = []
        header = None
        with open(os.path.join(directory, file_name), encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if not line.strip() or line.startswith("#"):
                    continue
                cols = line.split("\t")
                if header is None:
                    header = cols
                    continue
                row = dict(zip(header, cols))
                aliases = [a for a in row.get("aliases", "").split("|") if a]
                rows.append((row["id"], row["name"], aliases))
        out[kind] = rows
    return out


def plain(s):
    """s without accents (Konaté to Konate)."""
    return "".join(c for c in unicodedata.normalize("NFD", s)
                   if unicodedata.category(c) != "Mn")


def last_word(name):
    words = WORD.findall(name)
    return words[-1] if words else name


def template(text, names, aliases_of):
    """Splits an article into literal text and (kind, entity, form) slots.

    form is "name" for a canonical name, "alias" for a single-word alias of a
    person named in full somewhere in the article.
    """
    words = []
    for m in WORD.finditer(text):
        s, e = m.start(), m.end()
        # A possessive is the name and its 's.
        if e - s > 2 and text[e - 2] in "'\u2019" and text[e - 1] == "s":
            e -= 2
        words.append((s, e))
    found = []  # (start, end, kind, entity)
    i = 0
    while i < len(words):
        hit = None
        for n in range(min(MOST_WORDS, len(words) - i), 0, -1):
            start, end = words[i][0], words[i + n - 1][1]
            key = text[start:end]
            if key in names:
                hit = (start, end, n) + names[key]
                break
        if hit:
            found.append(hit)
            i += hit[2]
        else:
            i += 1
    named = []  # distinct, in order of first appearance
    for _, _, _, kind, entity in found:
        if (kind, entity) not in named:
            named.append((kind, entity))
    # Single-word aliases of the persons named in full.
    alias_slots = {}
    for kind, entity in named:
        if kind in PERSONS:
            for alias in aliases_of.get((kind, entity), []):
                alias_slots.setdefault(alias, (kind, entity))
    slots = []
    taken = [(s, e) for s, e, _, _, _ in found]
    for s, e, _, kind, entity in found:
        slots.append((s, e, kind, entity, "name"))
    for s, e in words:
        w = text[s:e]
        if w in alias_slots and not any(a <= s < b for a, b in taken):
            kind, entity = alias_slots[w]
            slots.append((s, e, kind, entity, "alias"))
    slots.sort()
    pieces = []
    at = 0
    for s, e, kind, entity, form in slots:
        pieces.append(text[at:s])
        pieces.append((kind, entity, form))
        at = e
    pieces.append(text[at:])
    order = []
    for p in pieces:
        if isinstance(p, tuple) and (p[0], p[1]) not in order:
            order.append((p[0], p[1]))
    return pieces, order


def variant(pieces, order, pools, rng):
    """One article: every slot filled with the entity drawn for it."""
    drawn = {}
    for kind, entity in order:
        drawn[(kind, entity)] = rng.pick(pools[kind])
    out = []
    for p in pieces:
        if isinstance(p, str):
            out.append(p)
        else:
            kind, entity, form = p
            name = drawn[(kind, entity)]
            out.append(name if form == "name" else last_word(name))
    return "".join(out)


def build(corpus, gazetteers):
    gaz = load_gazetteer(gazetteers)
    names = {}
    aliases_of = {}
    pools = {}
    for kind, rows in gaz.items():
        pools[kind] = [name for _, name, _ in rows]
        for entity, name, aliases in rows:
            names.setdefault(name, (kind, entity))
            # Surnames: single-word aliases, and the last word of the name
            # with and without accents.
            single = [a for a in aliases if WORD.fullmatch(a) and a[:1].isupper()]
            last = last_word(name)
            aliases_of[(kind, entity)] = single + [last, plain(last)]
    files = sorted(f for f in os.listdir(corpus) if f.endswith(".txt"))
    if not files:
        sys.exit(f"make_corpus: {corpus}: no .txt articles")
    templates = []
    for f in files:
        with open(os.path.join(corpus, f), encoding="utf-8") as fh:
            text = fh.read()
        pieces, order = template(text, names, aliases_of)
        templates.append((f[:-4], pieces, order))
    return templates, pools


def main():
    default_corpus = os.path.normpath(os.path.join(ROOT, "..", "shared", "corpus"))
    if not os.path.isdir(default_corpus):
        default_corpus = os.path.join(ROOT, "seeds")
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=50.0,
                    help="size to write, in MB of 10^6 bytes (default 50)")
    ap.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    ap.add_argument("--corpus", default=default_corpus,
                    help="directory of template articles (default %(default)s)")
    ap.add_argument("--gazetteers", default=os.path.join(ROOT, "gazetteers"),
                    help="directory of gazetteer files (default %(default)s)")
    where = ap.add_mutually_exclusive_group(required=True)
    where.add_argument("--out", help="directory to write one .txt article per file to")
    where.add_argument("--jsonl", help="file to write one JSON record per line to ('-': stdout)")
    args = ap.parse_args()

    for directory in (args.corpus, args.gazetteers):
        if not os.path.isdir(directory):
            sys.exit(f"make_corpus: {directory}: no such directory")
    if args.mb <= 0:
        sys.exit("make_corpus: --mb must be positive")
    templates, pools = build(args.corpus, args.gazetteers)
    rng = SplitMix64(args.seed)
    target = int(args.mb * 1_000_000)
    written = 0
    count = 0
    sink = None
    if args.jsonl:
        sink = sys.stdout if args.jsonl == "-" else open(args.jsonl, "w", encoding="utf-8")
    while written < target:
        name, pieces, order = templates[count % len(templates)]
        text = variant(pieces, order, pools, rng)
        ident = f"{count:07d}"
        if args.out:
            sub = os.path.join(args.out, f"{count // 1000:04d}")
            if count % 1000 == 0:
                os.makedirs(sub, exist_ok=True)
            data = text.encode("utf-8")
            with open(os.path.join(sub, ident + ".txt"), "wb") as fh:
                fh.write(data)
            written += len(data)
        else:
            m = DATE_PREFIX.match(text)
            date, body = (m.group(1), text[m.end():]) if m else (None, text)
            line = json.dumps({"id": ident, "date": date, "text": body, "template": name},
                              ensure_ascii=False) + "\n"
            sink.write(line)
            written += len(line.encode("utf-8"))
        count += 1
    if sink is not None and sink is not sys.stdout:
        sink.close()
    print(f"make_corpus: {count} articles, {written / 1e6:.1f} MB from {len(templates)} templates",
          file=sys.stderr)


if __name__ == "__main__":
    main()
