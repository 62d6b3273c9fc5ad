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

Earlier decades (sources in scripts/kb/src/before-2000/<region>.txt, same format) are kept apart because
the NER trainer's gazetteer reads the names and aliases of data/actors/people/*.tsv only (not
subfolders), and models/ner.bin must stay reproducible:

* a row whose id is defined in the main sources goes into that id's top-level file, right after the
  person's last row there, under a `# from before-2000/<region>` comment. It must use the person's main
  name and give no aliases (so the top-level names and aliases do not change), and must not repeat a
  main row (same id, code, role, start);
* the rows of the other ids go to data/actors/people/before-2000/<region>.tsv, built like the main files
  (first region in ORDER with a row for the person, aliases merged on the first row, `# approx`). The
  comment lines at the top of a before-2000 source (before its first other line) are copied into the
  header of its output file.

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


def ordered_stems(src: Path):
    """Stems of the sources in `src`: those of ORDER first (in that order), then the rest by name."""
    stems = [s for s in ORDER if (src / f"{s}.txt").exists()]
    return stems + sorted(p.stem for p in src.glob("*.txt") if p.stem not in stems)


def homes(stems, rows, label=""):
    """Home file, name and merged aliases of every id over the given sources (first source in order wins)."""
    home, names, aliases = {}, {}, {}
    for stem in stems:
        for r in rows[stem]:
            home.setdefault(r["id"], stem)
            if names.setdefault(r["id"], r["name"]) != r["name"]:
                sys.exit(f"{label}{stem}: id {r['id']} named {r['name']!r} and {names[r['id']]!r}")
            al = aliases.setdefault(r["id"], [])
            al.extend(a for a in r["aliases"] if a not in al)
    return home, names, aliases


def row_lines(r, aliases, seen, source=None):
    """The lines of one output row: optional `# from` and `# approx` comments, then the TSV line."""
    out = [f"# from {source}"] if source else []
    if r["approx"]:
        out.append(r["approx"])
    al = "" if r["id"] in seen else "|".join(aliases[r["id"]])
    seen.add(r["id"])
    out.append("\t".join([r["id"], r["name"], al, r["code"], r["role"], r["start"], r["end"]]))
    return out


def file_lines(stem, stems, rows, home, aliases, head, src_prefix=""):
    """Header + rows of the output file `stem`: own rows in source order, then rows moved in."""
    out = head + [HEADER]
    own = [r for r in rows[stem] if home[r["id"]] == stem]
    moved = [r for other in stems if other != stem for r in rows[other] if home[r["id"]] == stem]
    seen = set()
    for r in own:
        out += row_lines(r, aliases, seen)
    if moved:
        out.append("# Roles written in other files of people whose first role is in this file")
        out.append("# (ids are unique across files): source file named in each comment.")
    for r in moved:
        out += row_lines(r, aliases, seen, src_prefix + r["src"])
    return out, len(own), len(moved)


def leading_comments(src: Path):
    """The `#` lines at the top of a source file, before its first other line."""
    out = []
    for line in src.read_text(encoding="utf-8").splitlines():
        if not line.strip().startswith("#"):
            break
        out.append(line.strip())
    return out


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    stems = ordered_stems(SRC)
    rows = {stem: parse(SRC / f"{stem}.txt") for stem in stems}
    # The loader wants every id in one file only: a person lives in the first file (in ORDER)
    # that has a row for them, and rows from later files move there.
    home, names, aliases = homes(stems, rows)

    # Earlier decades: rows of people of the main sources join their top-level file (no aliases, so the
    # NER gazetteer, which reads the top-level files, is unchanged); the others go to before-2000/.
    src_old, out_old = SRC / "before-2000", OUT / "before-2000"
    old_stems = ordered_stems(src_old) if src_old.is_dir() else []
    old_rows = {stem: parse(src_old / f"{stem}.txt") for stem in old_stems}
    main_keys = {(r["id"], r["code"], r["role"], r["start"]) for rs in rows.values() for r in rs}
    extra = {}  # top-level stem -> id -> before-2000 rows, in source order
    new_rows = {}
    for stem in old_stems:
        new_rows[stem] = []
        for r in old_rows[stem]:
            where = f"before-2000/{stem}.txt: {r['id']}"
            if r["id"] not in home:
                new_rows[stem].append(r)
                continue
            if r["name"] != names[r["id"]]:
                sys.exit(f"{where}: named {r['name']!r}, the main sources name it {names[r['id']]!r}")
            if r["aliases"]:
                sys.exit(f"{where}: aliases {r['aliases']} (put the aliases of people of the main "
                         f"sources in the main sources: the NER gazetteer reads the top-level files)")
            if (r["id"], r["code"], r["role"], r["start"]) in main_keys:
                sys.exit(f"{where}: {r['code']} {r['role']} {r['start']} is already a main row")
            extra.setdefault(home[r["id"]], {}).setdefault(r["id"], []).append(r)

    for stem in stems:
        head = [
            "# Generated by scripts/kb/build_people.py from scripts/kb/src/" + stem + ".txt (hand-written).",
            "# Columns: see data/actors/people/README.md. Empty end = in office as of the known-through date.",
        ]
        out, n_own, n_moved = file_lines(stem, stems, rows, home, aliases, head)
        n_old = 0
        for pid, rs in extra.get(stem, {}).items():
            last = max(i for i, ln in enumerate(out) if ln.split("\t", 1)[0] == pid)
            block = [ln for r in rs for ln in row_lines(r, aliases, {pid}, "before-2000/" + r["src"])]
            out[last + 1:last + 1] = block
            n_old += len(rs)
        (OUT / f"{stem}.tsv").write_text("\n".join(out) + "\n", encoding="utf-8")
        print(f"{stem}.tsv: {n_own + n_moved + n_old} rows ({n_moved} moved in, "
              f"{sum(1 for r in rows[stem] if home[r['id']] != stem)} moved out"
              + (f", {n_old} from before-2000" if n_old else "") + ")")

    if old_stems:
        out_old.mkdir(parents=True, exist_ok=True)
    old_home, _, old_aliases = homes(old_stems, new_rows, "before-2000/")
    for stem in old_stems:
        head = ["# Generated by scripts/kb/build_people.py from scripts/kb/src/before-2000/" + stem
                + ".txt (hand-written)."]
        head += leading_comments(src_old / f"{stem}.txt")
        head.append("# People of the main sources have their earlier roles in ../*.tsv, next to their other rows.")
        head.append("# Columns: see data/actors/people/README.md.")
        out, n_own, n_moved = file_lines(stem, old_stems, new_rows, old_home, old_aliases, head, "before-2000/")
        (out_old / f"{stem}.tsv").write_text("\n".join(out) + "\n", encoding="utf-8")
        print(f"before-2000/{stem}.tsv: {n_own + n_moved} rows ({n_moved} moved in, "
              f"{sum(1 for r in new_rows[stem] if old_home[r['id']] != stem)} moved out; "
              f"{len(old_rows[stem]) - len(new_rows[stem])} rows of people of the main sources)")


if __name__ == "__main__":
    main()
