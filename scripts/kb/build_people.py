#!/usr/bin/env python3
"""Build data/actors/people/<region>.tsv from the compact hand-written sources in scripts/kb/src/.

Source format (one file per region, UTF-8, written by hand from public knowledge):

    # comment                      (kept out of the output)
    @USA                           default code for following rows: USA + GOV
    @PSEREB                        a full code (6+ chars) is used as is
    Name;aliases;role;start;end[;CODE][;id]

* aliases: `|`-separated variants (merged over all rows of the id and emitted on its first row only);
* role: free text, or one of the abbreviations in ROLES (P, AP, IP, VP, PM, APM, DPM, FM, DM, K, Q, E,
  SU, GS, SG, SL, CP, HS, HG, CL, MD, DG);
* start/end: YYYY-MM-DD, or `~YYYY-MM-DD` / `~YYYY-MM` / `~YYYY` (approximate: first day is used and an
  `# approx` comment line is written above the row); empty end = still in office;
* then optionally a code (upper case; overrides the @ default) and/or an id (lower-case slug;
  overrides the slug of the name), in either order.

Every id lives in one output file (the actors loader requires unique ids across files): the first file in
ORDER with a row for that person; that person's rows written in later sources move there, under a
`# from <source>` comment. Aliases of all rows of an id are merged on its first row.

Usage: python3 scripts/kb/build_people.py   (from the repository root)
"""
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "scripts" / "kb" / "src"
OUT = ROOT / "data" / "actors" / "people"

ROLES = {
    "P": "President",
    "AP": "Acting President",
    "IP": "Interim President",
    "VP": "Vice President",
    "PM": "Prime Minister",
    "APM": "Acting Prime Minister",
    "DPM": "Deputy Prime Minister",
    "FM": "Minister of Foreign Affairs",
    "DM": "Minister of Defence",
    "K": "King",
    "Q": "Queen",
    "E": "Emir",
    "SU": "Sultan",
    "GS": "General Secretary of the Communist Party",
    "SG": "Secretary-General",
    "SL": "Supreme Leader",
    "CP": "Chairman of the Presidential Council",
    "HS": "Head of State",
    "HG": "Head of Government",
    "CL": "Leader",
    "MD": "Managing Director",
    "DG": "Director General",
}

HEADER = "id\tname\taliases\tcode\trole\tstart\tend"
DATE = re.compile(r"^(~?)(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def slug(name: str) -> str:
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("ø", "o").replace("Ø", "O").replace("ß", "ss").replace("ı", "i").replace("đ", "d").replace("Đ", "D").replace("ł", "l").replace("Ł", "L").replace("æ", "ae")
    s = re.sub(r"[^A-Za-z0-9]+", "-", s).strip("-").lower()
    return s


def parse_date(raw: str, where: str):
    raw = raw.strip()
    if not raw:
        return "", False
    m = DATE.match(raw)
    if not m:
        sys.exit(f"{where}: bad date {raw!r}, expected YYYY-MM-DD or ~YYYY[-MM]")
    approx, y, mo, d = m.groups()
    if approx or mo is None or d is None:
        return f"{y}-{mo or '01'}-{d or '01'}", True
    return f"{y}-{mo}-{d}", False


ORDER = ["africa", "americas", "asia", "europe", "middle_east", "oceania", "ministers", "igos", "groups"]


def parse(src: Path):
    """Rows of one source file: dicts with id, name, aliases, code, role, start, end, approx."""
    default = None
    rows = []
    for n, line in enumerate(src.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{src.name}:{n}"
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@"):
            c = line[1:].strip()
            default = c if len(c) > 3 else c + "GOV"
            continue
        f = [x.strip() for x in line.split(";")]
        if len(f) < 5 or len(f) > 7:
            sys.exit(f"{where}: expected 5-7 ';' fields, got {len(f)}: {line}")
        name, aliases, role, start, end = f[:5]
        extra = [x for x in f[5:] if x]
        # an optional code (upper case) and an optional id (lower-case slug), in either order
        codes = [x for x in extra if x.isupper()]
        ids = [x for x in extra if not x.isupper()]
        if len(codes) > 1 or len(ids) > 1:
            sys.exit(f"{where}: at most one code and one id after the end date: {extra}")
        code = codes[0] if codes else default
        if not code:
            sys.exit(f"{where}: no code (no @ directive before)")
        if len(code) == 3:
            code += "GOV"
        s, sa = parse_date(start, where)
        e, ea = parse_date(end, where)
        if not s:
            sys.exit(f"{where}: empty start")
        if e and e < s:
            sys.exit(f"{where}: end {e} before start {s}")
        approx = None
        if sa or ea:
            which = "start and end" if sa and ea else ("start" if sa else "end")
            approx = f"# approx: {which} day (or month) not known exactly"
        rows.append(dict(id=ids[0] if ids else slug(name), name=name,
                         aliases=[a for a in aliases.split("|") if a], code=code,
                         role=ROLES.get(role, role), start=s, end=e, approx=approx, src=src.stem))
    return rows


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    stems = [s for s in ORDER if (SRC / f"{s}.txt").exists()]
    stems += sorted(p.stem for p in SRC.glob("*.txt") if p.stem not in stems)
    rows = {stem: parse(SRC / f"{stem}.txt") for stem in stems}
    # The loader wants every id in one file only: a person lives in the first file (in ORDER)
    # that has a row for them, and rows from later files move there.
    home, names, aliases = {}, {}, {}
    for stem in stems:
        for r in rows[stem]:
            home.setdefault(r["id"], stem)
            if names.setdefault(r["id"], r["name"]) != r["name"]:
                sys.exit(f"{stem}: id {r['id']} named {r['name']!r} and {names[r['id']]!r}")
            al = aliases.setdefault(r["id"], [])
            al.extend(a for a in r["aliases"] if a not in al)
    for stem in stems:
        out = [
            "# Generated by scripts/kb/build_people.py from scripts/kb/src/" + stem + ".txt (hand-written).",
            "# Columns: see data/actors/people/README.md. Empty end = in office as of the known-through date.",
            HEADER,
        ]
        own = [r for r in rows[stem] if home[r["id"]] == stem]
        moved = [r for other in stems if other != stem for r in rows[other] if home[r["id"]] == stem]
        seen = set()
        for block, rs in (("", own), ("moved", moved)):
            if block and rs:
                out.append("# Roles written in other files of people whose first role is in this file")
                out.append("# (ids are unique across files): source file named in each comment.")
            for r in rs:
                if block:
                    out.append(f"# from {r['src']}")
                if r["approx"]:
                    out.append(r["approx"])
                al = "" if r["id"] in seen else "|".join(aliases[r["id"]])
                seen.add(r["id"])
                out.append("\t".join([r["id"], r["name"], al, r["code"], r["role"], r["start"], r["end"]]))
        (OUT / f"{stem}.tsv").write_text("\n".join(out) + "\n", encoding="utf-8")
        print(f"{stem}.tsv: {len(own) + len(moved)} rows ({len(moved)} moved in, "
              f"{sum(1 for r in rows[stem] if home[r['id']] != stem)} moved out)")


if __name__ == "__main__":
    main()
