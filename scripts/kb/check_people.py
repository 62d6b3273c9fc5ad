#!/usr/bin/env python3
"""Validate data/actors/people/*.tsv (and */*.tsv) and cross-check it against REIGN (stdlib only).

Checks:
  1. format: exact header, 7 columns, YYYY-MM-DD dates, start <= end, code shape;
  2. ids: one name per id, all rows of an id in one file (the crate's loader requires it), no duplicate
     rows (same id, code, role, start);
  3. overlaps: for the same code + role, two different people never hold it at the same time
     (except roles held by several people at once: Vice Premier, Member of the Presidency, ...);
  4. coverage: every UN member state (193) has at least one GOV role row;
  5. REIGN (../shared/data/leaders-reign/leaderlist_3_21.csv, skipped when absent): for the first day of
     every month SINCE-01 .. 2021-03 (--since, default 2000), does REIGN's effective leader (matched by name, fuzzily) hold a
     role with code <ISO3>GOV in our files on that date? Prints the agreement rate and the mismatches;
     and does every REIGN leader starting SINCE-01..2021-03 have a matching GOV role of ours starting
     within 31 days of REIGN's start date?

Usage: python3 scripts/kb/check_people.py [--reign PATH] [--since YEAR] [--quiet]
Exit status 1 when a format/id/overlap error is found (REIGN disagreements are reported, not errors).
"""
import argparse
import csv
import datetime as dt
import difflib
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = ROOT / "data" / "actors" / "people"
DEFAULT_REIGN = ROOT.parent / "shared" / "data" / "leaders-reign" / "leaderlist_3_21.csv"
HEADER = ["id", "name", "aliases", "code", "role", "start", "end"]
CODE_RE = re.compile(r"^[A-Z]{3}(?:[A-Z]{3})*$")
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Offices several people hold at once (same rule as the actors crate's loader: a role containing one of
# these words is not checked unless it also contains "Prime").
MULTI_HOLDER = ("Minister", "Member", "Senator", "Deputy", "Vice", "Secretary", "Councillor",
                "Commissioner", "Judge", "Justice", "Governor", "Ambassador", "Envoy", "General")

UN_MEMBERS = """AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRA
BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG COD CRI CIV HRV CUB CYP CZE PRK DNK DJI DMA DOM ECU
EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN
IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL
MRT MUS MEX FSM MDA MCO MNG MNE MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER
PHL POL PRT QAT KOR ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA
SDN SUR SWE CHE SYR TJK TZA THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE GBR USA URY UZB VUT VEN VNM YEM ZMB
ZWE""".split()

# Correlates of War state abbreviations (REIGN) -> ISO 3166-1 alpha-3 (CAMEO country codes).
COW_TO_ISO = {
    "AAB": "ATG", "AFG": "AFG", "ALB": "ALB", "ALG": "DZA", "AND": "AND", "ANG": "AGO", "ARG": "ARG",
    "ARM": "ARM", "AUL": "AUS", "AUS": "AUT", "AZE": "AZE", "BAH": "BHR", "BAR": "BRB", "BEL": "BEL",
    "BEN": "BEN", "BFO": "BFA", "BHM": "BHS", "BHU": "BTN", "BLR": "BLR", "BLZ": "BLZ", "BNG": "BGD",
    "BOL": "BOL", "BOS": "BIH", "BOT": "BWA", "BRA": "BRA", "BRU": "BRN", "BUI": "BDI", "BUL": "BGR",
    "CAM": "KHM", "CAN": "CAN", "CAO": "CMR", "CAP": "CPV", "CDI": "CIV", "CEN": "CAF", "CHA": "TCD",
    "CHL": "CHL", "CHN": "CHN", "COL": "COL", "COM": "COM", "CON": "COG", "COS": "CRI", "CRO": "HRV",
    "CUB": "CUB", "CYP": "CYP", "CZR": "CZE", "DEN": "DNK", "DJI": "DJI", "DMA": "DMA", "DOM": "DOM",
    "DRC": "COD", "ECU": "ECU", "EGY": "EGY", "EQG": "GNQ", "ERI": "ERI", "EST": "EST", "ETH": "ETH",
    "ETM": "TLS", "FIJ": "FJI", "FIN": "FIN", "FRN": "FRA", "FSM": "FSM", "GAB": "GAB", "GAM": "GMB",
    "GMY": "DEU", "GHA": "GHA", "GNB": "GNB", "GRC": "GRC", "GRG": "GEO", "GRN": "GRD", "GUA": "GTM",
    "GUI": "GIN", "GUY": "GUY", "HAI": "HTI", "HON": "HND", "HUN": "HUN", "ICE": "ISL", "IND": "IND",
    "INS": "IDN", "IRE": "IRL", "IRN": "IRN", "IRQ": "IRQ", "ISR": "ISR", "ITA": "ITA", "JAM": "JAM",
    "JOR": "JOR", "JPN": "JPN", "KEN": "KEN", "KIR": "KIR", "KUW": "KWT", "KYR": "KGZ", "KZK": "KAZ",
    "LAO": "LAO", "LAT": "LVA", "LBR": "LBR", "LEB": "LBN", "LES": "LSO", "LIB": "LBY", "LIE": "LIE",
    "LIT": "LTU", "LUX": "LUX", "MAA": "MRT", "MAC": "MKD", "MAD": "MDV", "MAG": "MDG", "MAL": "MYS",
    "MAS": "MUS", "MAW": "MWI", "MEX": "MEX", "MLD": "MDA", "MLI": "MLI", "MLT": "MLT", "MNC": "MCO",
    "MNG": "MNE", "MON": "MNG", "MOR": "MAR", "MSI": "MHL", "MYA": "MMR", "MZM": "MOZ", "NAM": "NAM",
    "NAU": "NRU", "NEP": "NPL", "NEW": "NZL", "NIC": "NIC", "NIG": "NGA", "NIR": "NER", "NOR": "NOR",
    "NTH": "NLD", "OMA": "OMN", "PAK": "PAK", "PAL": "PLW", "PAN": "PAN", "PAR": "PRY", "PER": "PER",
    "PHI": "PHL", "PNG": "PNG", "POL": "POL", "POR": "PRT", "PRK": "PRK", "QAT": "QAT", "ROK": "KOR",
    "ROM": "ROU", "RUS": "RUS", "RWA": "RWA", "SAF": "ZAF", "SAL": "SLV", "SAU": "SAU", "SEN": "SEN",
    "SEY": "SYC", "SIE": "SLE", "SIN": "SGP", "SKN": "KNA", "SLO": "SVK", "SLU": "LCA", "SLV": "SVN",
    "SNM": "SMR", "SOL": "SLB", "SOM": "SOM", "SPN": "ESP", "SRI": "LKA", "SSD": "SSD", "STP": "STP",
    "SUD": "SDN", "SUR": "SUR", "SVG": "VCT", "SWA": "SWZ", "SWD": "SWE", "SWZ": "CHE", "SYR": "SYR",
    "TAJ": "TJK", "TAZ": "TZA", "THI": "THA", "TKM": "TKM", "TOG": "TGO", "TON": "TON", "TRI": "TTO",
    "TUN": "TUN", "TUR": "TUR", "TUV": "TUV", "UAE": "ARE", "UGA": "UGA", "UKG": "GBR", "UKR": "UKR",
    "URU": "URY", "USA": "USA", "UZB": "UZB", "VAN": "VUT", "VEN": "VEN", "WSM": "WSM", "YEM": "YEM",
    "YUG": "SRB", "ZAM": "ZMB", "ZIM": "ZWE", "DRV": "VNM",
}
STOP = {"al", "el", "bin", "ibn", "ben", "de", "da", "do", "dos", "van", "der", "von", "la", "le", "abu",
        "sheikh", "ould", "ben", "the", "jr", "sr", "of", "ii", "iii", "iv", "vi", "y"}


def fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    for a, b in (("ø", "o"), ("ß", "ss"), ("ı", "i"), ("đ", "d"), ("ł", "l"), ("æ", "ae"), ("’", "'")):
        s = s.replace(a, b)
    return s.lower()


def tokens(s: str):
    return [t for t in re.split(r"[^a-z0-9]+", fold(s)) if t and t not in STOP]


def parse_date(s: str):
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        return None


class Row:
    __slots__ = ("file", "line", "id", "name", "aliases", "code", "role", "start", "end", "approx")

    def __init__(self, **kw):
        for k, v in kw.items():
            setattr(self, k, v)


def load(errors):
    rows = []
    for path in sorted(list(PEOPLE.glob("*.tsv")) + list(PEOPLE.glob("*/*.tsv"))):
        header_seen = False
        approx = False
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            where = f"{path.relative_to(PEOPLE)}:{n}"
            if not raw.strip():
                continue
            if raw.startswith("#"):
                approx = approx or raw.lower().startswith("# approx")
                continue
            cols = raw.split("\t")
            if not header_seen:
                if cols != HEADER:
                    errors.append(f"{where}: header {cols} != {HEADER}")
                header_seen = True
                continue
            if len(cols) != 7:
                errors.append(f"{where}: {len(cols)} columns, expected 7")
                approx = False
                continue
            pid, name, aliases, code, role, start, end = cols
            s, e = parse_date(start), parse_date(end) if end else None
            if not ID_RE.match(pid):
                errors.append(f"{where}: bad id {pid!r}")
            if not CODE_RE.match(code):
                errors.append(f"{where}: bad code {code!r}")
            if not role:
                errors.append(f"{where}: empty role")
            if s is None:
                errors.append(f"{where}: bad start {start!r}")
            if end and e is None:
                errors.append(f"{where}: bad end {end!r}")
            if s and e and e < s:
                errors.append(f"{where}: end {end} before start {start}")
            if any(a != a.strip() or not a for a in aliases.split("|")) and aliases:
                errors.append(f"{where}: empty or padded alias in {aliases!r}")
            rows.append(Row(file=str(path.relative_to(PEOPLE)), line=n, id=pid, name=name, aliases=aliases, code=code, role=role,
                            start=s, end=e, approx=approx))
            approx = False
    return rows


def check_ids(rows, errors):
    names = {}
    seen = {}
    home = {}
    for r in rows:
        if home.setdefault(r.id, r.file) != r.file:
            errors.append(f"{r.file}:{r.line}: id {r.id} also in {home[r.id]} (the loader wants one file per id)")
        if r.name:
            prev = names.setdefault(r.id, (r.name, r.file, r.line))
            if prev[0] != r.name:
                errors.append(f"{r.file}:{r.line}: id {r.id} named {r.name!r}, but {prev[0]!r} at {prev[1]}:{prev[2]}")
        key = (r.id, r.code, r.role, r.start)
        if key in seen:
            errors.append(f"{r.file}:{r.line}: duplicate row of {seen[key]}")
        seen[key] = f"{r.file}:{r.line}"
    for r in rows:
        if r.id not in names:
            errors.append(f"{r.file}:{r.line}: id {r.id} has no name anywhere")
    return names


def check_overlaps(rows, errors, warnings):
    by = defaultdict(list)
    for r in rows:
        if r.start and ("Prime" in r.role or not any(m in r.role for m in MULTI_HOLDER)):
            by[(r.code, r.role)].append(r)
    far = dt.date(9999, 12, 31)
    for (code, role), rs in by.items():
        rs.sort(key=lambda r: r.start)
        for i, a in enumerate(rs):
            for b in rs[i + 1:]:
                if b.start >= (a.end or far):
                    break
                if a.id == b.id and a.end == b.start:
                    continue
                # shared boundary day (end of one = start of next) is not an overlap
                days = ((a.end or far) - b.start).days
                if days <= 0:
                    continue
                msg = (f"overlap {code} {role!r}: {a.id} ({a.file}:{a.line} {a.start}..{a.end or ''}) and "
                       f"{b.id} ({b.file}:{b.line} {b.start}..{b.end or ''})")
                (warnings if (a.approx or b.approx) else errors).append(msg)


def check_coverage(rows, warnings):
    have = {r.code[:3] for r in rows if r.code.endswith("GOV") and len(r.code) == 6}
    missing = [c for c in UN_MEMBERS if c not in have]
    if missing:
        warnings.append(f"UN members without a GOV row: {' '.join(missing)}")
    return len(UN_MEMBERS) - len(missing)


def reign_check(rows, path, quiet, since=2000):
    leaders = defaultdict(list)
    with open(path, newline="", encoding="utf-8", errors="replace") as f:
        for rec in csv.DictReader(f):
            iso = COW_TO_ISO.get(rec["stateabb"])
            if not iso:
                continue
            try:
                s = dt.date(int(rec["syear"]), int(rec["smonth"]), int(rec["sdate"]))
                e = (int(rec["eyear"]), int(rec["emonth"])) if rec["eyear"] else None
            except ValueError:
                continue
            leaders[iso].append((s, e, rec["leader"]))
    gov = defaultdict(list)
    for r in rows:
        if len(r.code) == 6 and r.code.endswith("GOV") and r.start:
            toks = set(tokens(r.name)) | {t for a in r.aliases.split("|") if a for t in tokens(a)}
            gov[r.code[:3]].append((r.start, r.end, r.id, toks))
    # aliases are only on a person's first row in a file: spread them to every row of that id
    id_toks = defaultdict(set)
    for iso, lst in gov.items():
        for _, _, pid, toks in lst:
            id_toks[pid] |= toks

    def name_match(reign_name, pid):
        rt = [t for t in tokens(reign_name) if len(t) >= 3] or tokens(reign_name)
        ours = id_toks[pid]
        for t in rt:
            if t in ours:
                return True
            if any(len(o) >= 4 and difflib.SequenceMatcher(None, t, o).ratio() >= 0.8 for o in ours):
                return True
        return False

    total = agree = 0
    mism = defaultdict(list)
    y, m = since, 1
    while (y, m) <= (2021, 3):
        d = dt.date(y, m, 1)
        for iso, lst in leaders.items():
            cands = [x for x in lst if x[0] <= d and (x[1] is None or x[1] >= (y, m))]
            if not cands:
                continue
            s, e, lname = max(cands, key=lambda x: x[0])
            total += 1
            holders = [pid for (a, b, pid, _) in gov.get(iso, []) if a <= d and (b is None or d <= b)]
            if any(name_match(lname, pid) for pid in holders):
                agree += 1
            else:
                mism[(iso, lname)].append((d, tuple(sorted(set(holders)))))
        m += 1
        if m == 13:
            y, m = y + 1, 1
    rate = agree / total if total else 0.0
    print(f"REIGN agreement: {agree}/{total} country-months = {rate:.1%}")
    # Start dates: every REIGN leader who took office SINCE-01..2021-03 should have one of our GOV roles
    # (same country, matching name) starting within 31 days of REIGN's start date.
    starts = near = 0
    far_list = []
    for iso, lst in leaders.items():
        for s_, _, lname in lst:
            if not (dt.date(since, 1, 1) <= s_ <= dt.date(2021, 3, 31)):
                continue
            starts += 1
            ours = sorted({a for (a, b, pid, _) in gov.get(iso, []) if name_match(lname, pid)},
                          key=lambda a: abs((a - s_).days))
            if ours and abs((ours[0] - s_).days) <= 31:
                near += 1
            else:
                far_list.append((iso, lname, s_, ours[0] if ours else None))
    print(f"REIGN start dates matched within 31 days: {near}/{starts} = {near / max(starts, 1):.1%}")
    covered = [x for x in far_list if x[0] in gov]
    n_cov = starts - (len(far_list) - len(covered))
    print(f"  ... in countries we cover (not San Marino): {near}/{n_cov} = {near / max(n_cov, 1):.1%}")
    cm = total - sum(len(v) for (iso, _), v in mism.items() if iso not in gov)
    print(f"REIGN agreement in countries we cover: {agree}/{cm} = {agree / max(cm, 1):.1%}")
    if not quiet:
        for iso, lname, s_, o in sorted(far_list):
            print(f"  start {iso} REIGN={lname!r} {s_} ours nearest={o or '-'}")
    if not quiet:
        print(f"REIGN mismatches ({len(mism)} country/leader groups, months listed as first..last):")
        for (iso, lname), lst in sorted(mism.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            held = sorted({h for _, hs in lst for h in hs})
            print(f"  {iso} REIGN={lname!r} months={len(lst)} {lst[0][0]}..{lst[-1][0]} ours={','.join(held) or '-'}")
    return rate


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reign", default=str(DEFAULT_REIGN))
    ap.add_argument("--quiet", action="store_true", help="print only the summary")
    ap.add_argument("--since", type=int, default=2000, help="first year of the REIGN comparison")
    args = ap.parse_args()
    errors, warnings = [], []
    rows = load(errors)
    names = check_ids(rows, errors)
    check_overlaps(rows, errors, warnings)
    covered = check_coverage(rows, warnings)
    per_file = defaultdict(int)
    for r in rows:
        per_file[r.file] += 1
    for f, c in sorted(per_file.items()):
        print(f"{f}: {c} rows")
    print(f"total: {len(rows)} rows, {len(names)} distinct people, UN members covered: {covered}/{len(UN_MEMBERS)}")
    for w in warnings:
        print("warning:", w)
    for e in errors:
        print("ERROR:", e)
    if Path(args.reign).exists():
        reign_check(rows, args.reign, args.quiet, args.since)
    else:
        print(f"REIGN file {args.reign} not found: cross-check skipped")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
