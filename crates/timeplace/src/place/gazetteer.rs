//! The gazetteer: places of `data/places/` with a name index.

use crate::Error;
use chronicler_doc::{CompactString, PlaceKind};
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

const PLACES: &str = include_str!("../../../../data/places/places.tsv");
const DIVISIONS: &str = include_str!("../../../../data/places/divisions.tsv");
const REGIONS: &str = include_str!("../../../../data/places/regions.tsv");
const STOPLIST: &str = include_str!("../../../../data/places/stoplist.txt");
const ORG_WORDS: &str = include_str!("../../../../data/places/org_words.txt");
const DEMONYMS: &str = include_str!("../../../../data/places/demonyms.tsv");
const ABBREVIATIONS: &str = include_str!("../../../../data/places/abbreviations.tsv");

/// One gazetteer place.
#[derive(Debug, Clone, PartialEq)]
pub struct GazetteerEntry {
    /// Identifier: the GeoNames id (`1814087`), `d:ISO3:slug` for a
    /// hand-written division, `r:slug` for a region.
    pub id: CompactString,
    /// Canonical name (`Dalian`).
    pub name: CompactString,
    /// Country, division, city or region.
    pub kind: PlaceKind,
    /// ISO 3166 alpha-3 country (for a region, its main country, if any).
    pub country: Option<CompactString>,
    /// Countries a region is tied to (`KOR`, `PRK` for the Korean
    /// Peninsula); empty for other places (see [`GazetteerEntry::countries`]).
    pub region_countries: Vec<CompactString>,
    /// GeoNames admin1 code (US: state code), empty when unknown.
    pub admin1: CompactString,
    /// Head noun of a division or region (`province`, `peninsula`), else empty.
    pub type_word: CompactString,
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// Population (0 when unknown).
    pub population: u64,
    /// National capital.
    pub capital: bool,
    /// GeoNames id, for GeoNames places.
    pub geonames_id: Option<u32>,
}

impl GazetteerEntry {
    /// The countries of the place: a region's associated countries, else
    /// its one country.
    pub fn countries(&self) -> &[CompactString] {
        if self.region_countries.is_empty() {
            self.country.as_slice()
        } else {
            &self.region_countries
        }
    }
}

/// A name's candidate: entry index and whether the name is the primary one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cand {
    pub entry: u32,
    pub primary: bool,
}

/// The gazetteer: entries and a lower-case name index.
///
/// Load the embedded data once with [`Gazetteer::embedded`] (built lazily,
/// shared) or build one from other files with [`Gazetteer::from_tsv`].
#[derive(Debug)]
pub struct Gazetteer {
    entries: Vec<GazetteerEntry>,
    index: FxHashMap<CompactString, Vec<Cand>>,
    stop: FxHashMap<CompactString, ()>,
    org_words: FxHashMap<CompactString, ()>,
    demonyms: FxHashMap<CompactString, CompactString>,
    country_of_iso3: FxHashMap<CompactString, u32>,
    /// Most words in one indexed name.
    pub(crate) max_words: usize,
    /// Index of the first region entry (regions come last).
    regions_start: usize,
}

fn bad(file: &str, line: usize, message: String) -> Error {
    Error::Table {
        file: file.to_string(),
        line,
        message,
    }
}

/// Index key: lower case, whitespace runs folded to one space.
pub(crate) fn key_into(s: &str, out: &mut String) {
    out.clear();
    let mut space = false;
    for c in s.trim().chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

struct Rows<'a> {
    file: &'static str,
    lines: std::iter::Enumerate<std::str::Lines<'a>>,
}

/// The cells of one row (at most 12 are kept).
struct Cells<'a> {
    cells: [&'a str; 12],
    n: usize,
}

impl<'a> std::ops::Deref for Cells<'a> {
    type Target = [&'a str];
    fn deref(&self) -> &[&'a str] {
        &self.cells[..self.n]
    }
}

impl<'a> Iterator for Rows<'a> {
    type Item = (usize, Cells<'a>);
    fn next(&mut self) -> Option<Self::Item> {
        for (i, l) in self.lines.by_ref() {
            if i == 0 || l.trim().is_empty() || l.starts_with('#') {
                continue; // header, blank, comment
            }
            let _ = self.file;
            let mut c = Cells {
                cells: [""; 12],
                n: 0,
            };
            for (k, cell) in l.trim_end_matches('\r').split('\t').take(12).enumerate() {
                c.cells[k] = cell;
                c.n = k + 1;
            }
            return Some((i + 1, c));
        }
        None
    }
}

fn rows<'a>(file: &'static str, text: &'a str) -> Rows<'a> {
    Rows {
        file,
        lines: text.lines().enumerate(),
    }
}

fn get<'a>(f: &str, line: usize, c: &[&'a str], i: usize, n: usize) -> Result<&'a str, Error> {
    if c.len() < n {
        return Err(bad(f, line, format!("{} columns, expected {n}", c.len())));
    }
    Ok(c[i].trim())
}

fn float(f: &str, line: usize, s: &str, what: &str) -> Result<f64, Error> {
    s.parse()
        .map_err(|_| bad(f, line, format!("{what} `{s}` is not a number")))
}

impl Gazetteer {
    /// The embedded gazetteer (`data/places/`), built on first use.
    pub fn embedded() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| {
            let mut g = Gazetteer::from_tsv(PLACES, DIVISIONS, REGIONS, STOPLIST)
                .expect("the embedded data/places files parse (tested)");
            g.set_org_words(ORG_WORDS);
            g.set_demonyms(DEMONYMS)
                .expect("the embedded data/places/demonyms.tsv parses (tested)");
            g.add_abbreviations(ABBREVIATIONS)
                .expect("the embedded data/places/abbreviations.tsv parses (tested)");
            g
        })
    }

    /// Builds a gazetteer from the contents of `places.tsv`,
    /// `divisions.tsv`, `regions.tsv` and `stoplist.txt` (formats in
    /// `data/places/README.md`).
    pub fn from_tsv(
        places: &str,
        divisions: &str,
        regions: &str,
        stoplist: &str,
    ) -> Result<Gazetteer, Error> {
        let mut g = Gazetteer {
            entries: Vec::with_capacity(36_000),
            index: FxHashMap::with_capacity_and_hasher(64_000, Default::default()),
            stop: FxHashMap::default(),
            org_words: FxHashMap::default(),
            demonyms: FxHashMap::default(),
            country_of_iso3: FxHashMap::default(),
            max_words: 1,
            regions_start: 0,
        };
        let mut names: Vec<(u32, &str, bool)> = Vec::with_capacity(60_000);
        let f = "places.tsv";
        for (line, c) in rows(f, places) {
            let id = get(f, line, &c, 0, 10)?;
            let gid: u32 = id
                .parse()
                .map_err(|_| bad(f, line, format!("id `{id}` is not a GeoNames number")))?;
            let kind = match c[4] {
                "country" => PlaceKind::Country,
                "division" => PlaceKind::Division,
                "city" => PlaceKind::City,
                "region" => PlaceKind::Region,
                k => {
                    return Err(bad(
                        f,
                        line,
                        format!("kind `{k}`, expected country, division, city or region"),
                    ))
                }
            };
            let n = g.entries.len() as u32;
            names.push((n, c[1], true));
            if !c[2].is_empty() {
                names.push((n, c[2], true));
            }
            for a in c[3].split('|').filter(|a| !a.is_empty()) {
                names.push((n, a, false));
            }
            let country = (!c[5].is_empty()).then(|| CompactString::from(c[5]));
            if kind == PlaceKind::Country {
                g.country_of_iso3.insert(CompactString::from(c[5]), n);
            }
            g.entries.push(GazetteerEntry {
                id: id.into(),
                name: c[1].into(),
                kind,
                region_countries: Vec::new(),
                country,
                admin1: c[6].into(),
                type_word: CompactString::default(),
                lat: float(f, line, c[7], "lat")?,
                lon: float(f, line, c[8], "lon")?,
                population: c[9]
                    .parse()
                    .map_err(|_| bad(f, line, format!("population `{}` is not a number", c[9])))?,
                capital: c.get(10).is_some_and(|s| *s == "1"),
                geonames_id: Some(gid),
            });
        }
        let f = "divisions.tsv";
        for (line, c) in rows(f, divisions) {
            let id = get(f, line, &c, 0, 8)?;
            let n = g.entries.len() as u32;
            names.push((n, c[1], true));
            for a in c[2].split('|').filter(|a| !a.is_empty()) {
                names.push((n, a, false));
            }
            g.entries.push(GazetteerEntry {
                id: id.into(),
                name: c[1].into(),
                kind: PlaceKind::Division,
                country: Some(c[4].into()),
                region_countries: Vec::new(),
                admin1: CompactString::default(),
                type_word: c[3].into(),
                lat: float(f, line, c[5], "lat")?,
                lon: float(f, line, c[6], "lon")?,
                population: c[7]
                    .parse()
                    .map_err(|_| bad(f, line, format!("population `{}` is not a number", c[7])))?,
                capital: false,
                geonames_id: None,
            });
        }
        let f = "regions.tsv";
        g.regions_start = g.entries.len();
        for (line, c) in rows(f, regions) {
            let id = get(f, line, &c, 0, 7)?;
            let n = g.entries.len() as u32;
            names.push((n, c[1], true));
            for a in c[2].split('|').filter(|a| !a.is_empty()) {
                names.push((n, a, false));
            }
            let countries: Vec<CompactString> = c[4]
                .split('|')
                .filter(|s| !s.is_empty())
                .map(CompactString::from)
                .collect();
            g.entries.push(GazetteerEntry {
                id: id.into(),
                name: c[1].into(),
                kind: PlaceKind::Region,
                country: countries.first().cloned(),
                region_countries: countries,
                admin1: CompactString::default(),
                type_word: c[3].into(),
                lat: float(f, line, c[5], "lat")?,
                lon: float(f, line, c[6], "lon")?,
                population: 0,
                capital: false,
                geonames_id: None,
            });
        }
        let mut key = String::new();
        for (n, name, primary) in names {
            g.index_name(n, name, primary, &mut key);
        }
        for l in stoplist.lines() {
            let l = l.trim();
            if !l.is_empty() && !l.starts_with('#') {
                g.stop.insert(l.to_lowercase().into(), ());
            }
        }
        Ok(g)
    }

    /// Sets the words that make a preceding city or division name an
    /// organisation (`org_words.txt`: one lower-case word a line, `#`
    /// comments).
    pub fn set_org_words(&mut self, list: &str) {
        self.org_words.clear();
        for l in list.lines() {
            let l = l.trim();
            if !l.is_empty() && !l.starts_with('#') {
                self.org_words.insert(l.to_lowercase().into(), ());
            }
        }
    }

    /// Sets the nationality words (`demonyms.tsv`: `demonym<TAB>iso3`,
    /// `#` comments) counted as evidence of a document's countries.
    pub fn set_demonyms(&mut self, table: &str) -> Result<(), Error> {
        self.demonyms.clear();
        let mut k = String::new();
        for (i, l) in table.lines().enumerate() {
            if l.trim().is_empty() || l.starts_with('#') {
                continue;
            }
            let mut c = l.split('\t');
            match (c.next(), c.next()) {
                (Some(d), Some(iso)) if !d.trim().is_empty() && iso.trim().len() == 3 => {
                    key_into(d, &mut k);
                    self.demonyms.insert(k.as_str().into(), iso.trim().into());
                }
                _ => {
                    return Err(bad(
                        "demonyms.tsv",
                        i + 1,
                        format!("`{l}`: expected a demonym, a tab and an ISO3 code"),
                    ))
                }
            }
        }
        Ok(())
    }

    /// Indexes abbreviations of first-level divisions (`abbreviations.tsv`:
    /// header, then `iso3<TAB>admin1<TAB>name|name`; format in
    /// `data/places/README.md`) as further names of the division with that
    /// country and admin1 code ("Vt." for Vermont), so that a qualifier such
    /// as "Burlington, Vt." finds its state. A row naming no division is an
    /// error.
    pub fn add_abbreviations(&mut self, table: &str) -> Result<(), Error> {
        let f = "abbreviations.tsv";
        let mut key = String::new();
        for (line, c) in rows(f, table) {
            let (iso3, admin1) = (get(f, line, &c, 0, 3)?, c[1].trim());
            let n = self
                .entries
                .iter()
                .position(|e| {
                    e.kind == PlaceKind::Division
                        && e.country.as_deref() == Some(iso3)
                        && e.admin1 == admin1
                })
                .ok_or_else(|| bad(f, line, format!("no division {iso3} {admin1}")))?
                as u32;
            for name in c[2].split('|') {
                self.index_name(n, name, false, &mut key);
            }
        }
        Ok(())
    }

    /// Indexes `name` (lower case, see [`key_into`]; `key` is a scratch
    /// buffer) as a name of entry `n`; a primary name stays primary.
    fn index_name(&mut self, n: u32, name: &str, primary: bool, key: &mut String) {
        key_into(name, key);
        if key.is_empty() {
            return;
        }
        self.max_words = self.max_words.max(key.split(' ').count());
        let v = self
            .index
            .entry(CompactString::from(key.as_str()))
            .or_default();
        if let Some(c) = v.iter_mut().find(|c| c.entry == n) {
            c.primary |= primary;
        } else {
            v.push(Cand { entry: n, primary });
        }
    }

    /// The country a nationality word points to (`North Korean` → `PRK`).
    pub fn demonym(&self, word: &str) -> Option<&str> {
        let mut k = String::new();
        key_into(word, &mut k);
        self.demonyms.get(k.as_str()).map(|c| c.as_str())
    }

    pub(crate) fn demonym_key(&self, key: &str) -> Option<&CompactString> {
        self.demonyms.get(key)
    }

    pub(crate) fn is_org_word(&self, word: &str) -> bool {
        let mut k = String::new();
        key_into(word, &mut k);
        self.org_words.contains_key(k.as_str())
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the gazetteer holds no place.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Place by index (as returned by [`Gazetteer::lookup`]).
    pub fn entry(&self, i: usize) -> Option<&GazetteerEntry> {
        self.entries.get(i)
    }

    /// All places a name may denote (case-insensitive), as
    /// `(index, entry)`, primary names first.
    pub fn lookup(&self, name: &str) -> Vec<(usize, &GazetteerEntry)> {
        let mut k = String::new();
        key_into(name, &mut k);
        let mut v: Vec<(usize, bool)> = self
            .index
            .get(k.as_str())
            .map(|c| c.iter().map(|c| (c.entry as usize, c.primary)).collect())
            .unwrap_or_default();
        v.sort_by_key(|(_, p)| !p);
        v.into_iter()
            .filter_map(|(i, _)| Some((i, self.entries.get(i)?)))
            .collect()
    }

    /// The country entry of an ISO3 code.
    pub fn country(&self, iso3: &str) -> Option<&GazetteerEntry> {
        self.country_of_iso3
            .get(iso3)
            .and_then(|&i| self.entries.get(i as usize))
    }

    pub(crate) fn cands(&self, key: &str) -> Option<&[Cand]> {
        self.index.get(key).map(Vec::as_slice)
    }

    pub(crate) fn is_stop(&self, key: &str) -> bool {
        self.stop.contains_key(key)
    }

    /// The region entries with their indices.
    pub(crate) fn regions(&self) -> impl Iterator<Item = (usize, &GazetteerEntry)> {
        self.entries.iter().enumerate().skip(self.regions_start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_name_their_division_or_fail() {
        let g = Gazetteer::embedded();
        let vt = g.lookup("Vt.");
        assert_eq!(vt.len(), 1);
        assert_eq!(vt[0].1.name, "Vermont");
        assert_eq!(g.lookup("W. Va.")[0].1.name, "West Virginia");
        let mut g = Gazetteer::from_tsv(PLACES, DIVISIONS, REGIONS, STOPLIST).expect("embedded");
        let err = g.add_abbreviations("iso3\tadmin1\tnames\nUSA\tXX\tXx.\n");
        assert!(
            err.is_err_and(|e| e.to_string() == "abbreviations.tsv:2: no division USA XX"),
            "a row naming no division"
        );
    }

    #[test]
    fn embedded_data_loads() {
        let g = Gazetteer::embedded();
        assert!(g.len() > 34_000, "{} places", g.len());
        let dalian = g.lookup("dalian");
        assert_eq!(dalian[0].1.country.as_deref(), Some("CHN"));
        assert!(g
            .lookup("Liaoning")
            .iter()
            .any(|(_, e)| e.kind == PlaceKind::Division));
        assert!(g
            .lookup("korean peninsula")
            .iter()
            .any(|(_, e)| e.type_word == "peninsula"));
        assert_eq!(
            g.country("PRK").map(|e| e.name.as_str()),
            Some("North Korea")
        );
        assert!(g.lookup("Beijing").iter().any(|(_, e)| e.capital));
        assert!(g.is_stop("most"));
        assert_eq!(g.demonym("North Korean"), Some("PRK"));
        assert!(g.is_org_word("Times"));
    }

    #[test]
    fn bad_rows_are_reported() {
        let e = Gazetteer::from_tsv("h\n12\tX\n", "", "", "").unwrap_err();
        assert!(e.to_string().contains("places.tsv:2"), "{e}");
    }
}
