//! Places: finding location mentions and geocoding them with the gazetteer.
//!
//! Mentions come from the entities layer (label `LOC`) when it is set, else
//! from a scan of capitalised word sequences that match gazetteer names.
//! Each mention's candidates are scored by population, kind (countries and
//! capitals first), the countries the document talks about, a following
//! head noun ("Liaoning province") and a qualifier ("Paris, Texas"); one
//! name keeps one sense through the document. "the peninsula", "the strip",
//! "the island" resolve to the one region of that type tied to the
//! document's dominant countries.

mod gazetteer;

pub use gazetteer::{Gazetteer, GazetteerEntry};

use crate::scan::{sentence_numbers, tokenize, Tok, TokKind};
use chronicler_doc::{CompactString, Document, EntityLabel, Layer, Place, PlaceKind, Span};
use gazetteer::{key_into, Cand};
use rustc_hash::{FxHashMap, FxHashSet};

/// Words between capitalised words of one name ("Strait of Hormuz").
const CONNECTORS: &[&str] = &[
    "of", "and", "the", "de", "del", "la", "el", "al", "d", "upon", "da", "du", "es",
];

/// Head nouns after a division name.
const DIVISION_WORDS: &[&str] = &[
    "province",
    "state",
    "region",
    "oblast",
    "governorate",
    "prefecture",
    "county",
    "district",
    "krai",
    "territory",
    "department",
    "autonomous",
];

/// Words before a capitalised word that make it a person, not a place.
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "dr",
    "president",
    "premier",
    "minister",
    "chairman",
    "prince",
    "king",
    "queen",
    "sen",
    "senator",
    "gen",
    "general",
    "rep",
    "governor",
    "gov",
    "lord",
    "sir",
    "pope",
    "professor",
    "prof",
    "judge",
    "justice",
    "secretary",
    "ambassador",
    "leader",
    "chancellor",
];

/// Region head nouns that "the <noun>" may refer back to.
const GENERIC: &[&str] = &[
    "peninsula",
    "strip",
    "island",
    "islands",
    "gulf",
    "strait",
    "sea",
];

/// Geocodes location mentions (`places` layer). Cheap per document: one scan
/// of the text and hash lookups on capitalised words.
#[derive(Debug, Clone, Copy)]
pub struct PlaceResolver {
    gaz: &'static Gazetteer,
}

impl Default for PlaceResolver {
    fn default() -> Self {
        PlaceResolver::new()
    }
}

/// One mention before resolution.
#[derive(Debug)]
struct Mention {
    /// Tokens of the name.
    start: usize,
    /// One past the last token of the whole mention (with a head noun).
    span_end: usize,
    key: String,
    cands: Vec<Cand>,
    /// A following head noun asks for a division or a city.
    hint: Option<PlaceKind>,
    /// "Paris, Texas": places the qualifier may denote (country, admin1).
    qual: Vec<(CompactString, CompactString)>,
    /// Found by the capitalisation scan (not the NER).
    scanned: bool,
    /// "the peninsula": a region type word instead of candidates.
    generic: Option<&'static str>,
    /// One word that is also a word of a person's name in the document
    /// ("Bush" after "Jeb Bush").
    person_word: bool,
}

impl PlaceResolver {
    /// A resolver over the embedded gazetteer (loaded once per process).
    pub fn new() -> PlaceResolver {
        PlaceResolver {
            gaz: Gazetteer::embedded(),
        }
    }

    /// A resolver over another gazetteer (kept for the program's life, e.g.
    /// in a `static` or `Box::leak`ed).
    pub fn with_gazetteer(gaz: &'static Gazetteer) -> PlaceResolver {
        PlaceResolver { gaz }
    }

    /// The gazetteer in use.
    pub fn gazetteer(&self) -> &'static Gazetteer {
        self.gaz
    }

    /// The `places` layer of a document: LOC entities when the entities
    /// layer is set, else capitalised names found in the text.
    pub fn annotate(&self, doc: &Document) -> Vec<Place> {
        self.run(doc.text(), Some(doc))
    }

    /// Places named in a plain text (capitalisation scan).
    ///
    /// ```
    /// use chronicler_timeplace::PlaceResolver;
    /// let p = PlaceResolver::new().find("Floods hit Paris, Texas, after storms in Mexico.");
    /// assert_eq!(p[0].name, "Paris");
    /// assert_eq!(p[0].country.as_deref(), Some("USA"));
    /// assert_eq!(p[2].name, "Mexico");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn find(&self, text: &str) -> Vec<Place> {
        self.run(text, None)
    }

    fn run(&self, text: &str, doc: Option<&Document>) -> Vec<Place> {
        let mut toks = Vec::with_capacity(text.len() / 5);
        tokenize(text, &mut toks);
        let sent = sentence_numbers(doc, text, &toks);
        let cx = Cx {
            text,
            toks: &toks,
            sent: &sent,
            gaz: self.gaz,
        };
        let mut mentions = match doc {
            Some(d) if d.has(Layer::Entities) => cx.entity_mentions(d),
            _ => cx.scan_mentions(),
        };
        cx.generic_mentions(&mut mentions);
        mentions.sort_by_key(|m| m.start);
        cx.resolve(&mentions)
    }
}

struct Cx<'a> {
    text: &'a str,
    toks: &'a [Tok],
    sent: &'a [u32],
    gaz: &'static Gazetteer,
}

impl<'a> Cx<'a> {
    fn s(&self, i: usize) -> &'a str {
        self.toks.get(i).map(|t| t.text(self.text)).unwrap_or("")
    }

    fn is_any(&self, i: usize, ws: &[&str]) -> bool {
        let s = self.s(i);
        !s.is_empty() && ws.iter().any(|w| s.eq_ignore_ascii_case(w))
    }

    fn cap_word(&self, i: usize) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| t.kind == TokKind::Word && t.is_cap(self.text))
    }

    fn key_of(&self, a: usize, b: usize, key: &mut String) -> bool {
        let (Some(x), Some(y)) = (self.toks.get(a), self.toks.get(b.wrapping_sub(1))) else {
            return false;
        };
        match self.text.get(x.start as usize..y.end as usize) {
            Some(s) => {
                key_into(s, key);
                true
            }
            None => false,
        }
    }

    /// Longest gazetteer name starting at token `i`: (end token, key).
    fn longest_at(&self, i: usize, limit: usize) -> Option<(usize, String)> {
        if !self.cap_word(i) {
            return None;
        }
        let mut best = None;
        let mut key = String::new();
        let mut words = 0;
        let mut e = i;
        while e < limit.min(self.toks.len()) {
            let t = self.toks[e];
            if e > i && t.newline_before {
                break;
            }
            let mut may_end = false;
            match t.kind {
                TokKind::Word => {
                    words += 1;
                    if words > self.gaz.max_words + 1 {
                        break;
                    }
                    if t.is_cap(self.text) {
                        may_end = true;
                    } else if !(e > i && self.is_any(e, CONNECTORS)) {
                        break;
                    }
                }
                TokKind::Punct => {
                    let s = t.text(self.text);
                    // Glued "-", "." and "'" stay inside a name (Guinea-Bissau, U.S.).
                    if !(e > i && !t.space_before && matches!(s, "-" | "." | "'" | "’")) {
                        break;
                    }
                    may_end = s == ".";
                }
                TokKind::Num => break,
            }
            if may_end && self.key_of(i, e + 1, &mut key) && self.gaz.cands(&key).is_some() {
                best = Some((e + 1, key.clone()));
            }
            e += 1;
        }
        best
    }

    fn title_before(&self, i: usize) -> bool {
        let mut k = i;
        if k > 0 && self.s(k - 1) == "." {
            k -= 1;
        }
        k > 0 && self.is_any(k - 1, TITLES)
    }

    fn sentence_start(&self, i: usize) -> bool {
        i == 0 || self.sent.get(i - 1) != self.sent.get(i)
    }

    fn make(&self, start: usize, end: usize, key: String, scanned: bool) -> Option<Mention> {
        let cands = self.gaz.cands(&key)?.to_vec();
        let mut m = Mention {
            start,
            span_end: end,
            key,
            cands,
            hint: None,
            qual: Vec::new(),
            scanned,
            generic: None,
            person_word: false,
        };
        // "Liaoning province", "Quebec City".
        if self.is_any(end, DIVISION_WORDS) {
            m.hint = Some(PlaceKind::Division);
            m.span_end = end + 1;
        } else if self.is_any(end, &["city"]) {
            m.hint = Some(PlaceKind::City);
            m.span_end = end + 1;
        }
        // "Paris, Texas".
        if self.s(m.span_end) == "," {
            if let Some((_, k2)) =
                self.longest_at(m.span_end + 1, m.span_end + 1 + 2 * self.gaz.max_words + 2)
            {
                if let Some(cs) = self.gaz.cands(&k2) {
                    for c in cs {
                        if let Some(e) = self.gaz.entry(c.entry as usize) {
                            if matches!(e.kind, PlaceKind::Country | PlaceKind::Division) {
                                if let Some(cc) = &e.country {
                                    m.qual.push((cc.clone(), e.admin1.clone()));
                                }
                            }
                        }
                    }
                }
            }
        }
        Some(m)
    }

    /// Capitalised names that match the gazetteer. Names seen inside a
    /// longer capitalised name ("Marco Rubio") are dropped everywhere in
    /// the document.
    fn scan_mentions(&self) -> Vec<Mention> {
        let mut out = Vec::new();
        let mut person_like: Vec<String> = Vec::new();
        let mut i = 0;
        while i < self.toks.len() {
            let Some((end, key)) = self.longest_at(i, usize::MAX) else {
                i += 1;
                continue;
            };
            if self.title_before(i) {
                // "Judge Garland": a person, here and elsewhere in the text.
                if end == i + 1 {
                    person_like.push(key);
                }
                i = end;
                continue;
            }
            let single = end == i + 1;
            let surface = self.s(i);
            if single
                && self.gaz.is_stop(&key)
                && !(surface.len() <= 3 && surface.bytes().all(|b| b.is_ascii_uppercase()))
            {
                i = end;
                continue;
            }
            if let Some(m) = self.make(i, end, key, true) {
                // A lone city name inside a longer capitalised name
                // ("Victor Cha", "Paris Hilton") is a person or an
                // organisation.
                let any_country = m.cands.iter().any(|c| {
                    self.gaz
                        .entry(c.entry as usize)
                        .is_some_and(|e| e.kind != PlaceKind::City)
                });
                let name_after = m.hint.is_none()
                    && self.cap_word(end)
                    && self
                        .toks
                        .get(end)
                        .is_some_and(|t| t.space_before && !t.newline_before);
                let name_before = i > 0 && self.cap_word(i - 1) && !self.sentence_start(i - 1);
                let is_country = m.cands.iter().any(|c| {
                    self.gaz
                        .entry(c.entry as usize)
                        .is_some_and(|e| e.kind == PlaceKind::Country)
                });
                let org = !is_country
                    && name_after
                    && self
                        .toks
                        .get(end)
                        .is_some_and(|t| self.gaz.is_org_word(t.text(self.text)));
                if org {
                    i = end;
                    continue;
                }
                if single && !any_country && (name_after || name_before) {
                    person_like.push(m.key);
                    i = end;
                    continue;
                }
                i = m.span_end;
                out.push(m);
            } else {
                i = end;
            }
        }
        out.retain(|m| {
            let country = m.cands.iter().any(|c| {
                self.gaz
                    .entry(c.entry as usize)
                    .is_some_and(|e| e.kind == PlaceKind::Country)
            });
            country || !(m.span_end == m.start + 1 && person_like.contains(&m.key))
        });
        out
    }

    /// Index of the first token starting at or after byte `b`.
    fn tok_at(&self, b: u32) -> usize {
        self.toks.partition_point(|t| t.start < b)
    }

    /// LOC entities of the NER, looked up whole, then without a head noun,
    /// then scanned inside.
    fn entity_mentions(&self, doc: &Document) -> Vec<Mention> {
        let mut out = Vec::new();
        let mut key = String::new();
        for e in doc
            .entities()
            .iter()
            .filter(|e| e.label == EntityLabel::Loc)
        {
            let a = self.tok_at(e.span.start);
            let b = self.tok_at(e.span.end);
            if a >= b {
                continue;
            }
            let a = if self.is_any(a, &["the"]) && b > a + 1 {
                a + 1
            } else {
                a
            };
            // Drop a possessive "'s".
            let mut b2 = b;
            if b2 >= a + 3 && self.is_any(b2 - 1, &["s"]) && matches!(self.s(b2 - 2), "'" | "’") {
                b2 -= 2;
            }
            if self.key_of(a, b2, &mut key) && self.gaz.cands(&key).is_some() {
                if let Some(m) = self.make(a, b2, key.clone(), false) {
                    out.push(m);
                    continue;
                }
            }
            if b2 > a + 1 && self.is_any(b2 - 1, DIVISION_WORDS) && self.key_of(a, b2 - 1, &mut key)
            {
                if let Some(mut m) = self.make(a, b2 - 1, key.clone(), false) {
                    m.hint = Some(PlaceKind::Division);
                    m.span_end = b2;
                    out.push(m);
                    continue;
                }
            }
            let mut i = a;
            while i < b2 {
                match self.longest_at(i, b2) {
                    Some((end, k)) => {
                        if let Some(m) = self.make(i, end, k, false) {
                            out.push(m);
                        }
                        i = end;
                    }
                    None => i += 1,
                }
            }
        }
        // Words of the document's person names ("Jeb Bush"): a lone LOC
        // entity with one of them is likely the person.
        let person: FxHashSet<String> = doc
            .entities()
            .iter()
            .filter(|e| e.label == EntityLabel::Per)
            .flat_map(|e| {
                self.text
                    .get(e.span.start()..e.span.end())
                    .unwrap_or("")
                    .split_whitespace()
                    .filter(|w| w.chars().count() >= 2)
                    .map(str::to_lowercase)
            })
            .collect();
        for m in &mut out {
            m.person_word =
                m.span_end == m.start + 1 && person.contains(&self.s(m.start).to_lowercase());
        }
        out
    }

    /// "the peninsula", "the strip", ... (lower case, not "the strip of").
    fn generic_mentions(&self, out: &mut Vec<Mention>) {
        for i in 0..self.toks.len().saturating_sub(1) {
            if !self.s(i).eq_ignore_ascii_case("the") {
                continue;
            }
            let w = self.s(i + 1);
            let Some(g) = GENERIC.iter().find(|g| **g == w) else {
                continue;
            };
            if self.is_any(i + 2, &["of"])
                || out.iter().any(|m| m.start <= i + 1 && i + 1 < m.span_end)
            {
                continue;
            }
            out.push(Mention {
                start: i,
                span_end: i + 2,
                key: String::new(),
                cands: Vec::new(),
                hint: None,
                qual: Vec::new(),
                scanned: true,
                generic: Some(g),
                person_word: false,
            });
        }
    }

    fn base_score(&self, c: Cand) -> Option<f64> {
        let e = self.gaz.entry(c.entry as usize)?;
        let pop = if e.kind == PlaceKind::Region {
            1_000_000
        } else {
            e.population.max(1)
        };
        let kind = match e.kind {
            PlaceKind::Country => 4.0,
            PlaceKind::Region => 2.0,
            PlaceKind::Division => -1.0,
            PlaceKind::City if e.population >= 1_000_000 => 1.0,
            PlaceKind::City => 0.0,
        };
        Some(
            (pop as f64).ln()
                + kind
                + if c.primary { 0.0 } else { -1.5 }
                + if e.capital { 2.0 } else { 0.0 },
        )
    }

    fn resolve(&self, mentions: &[Mention]) -> Vec<Place> {
        // 1. The document's countries, from each mention's context-free pick.
        let mut weight: FxHashMap<CompactString, f64> = FxHashMap::default();
        let mut admin: FxHashMap<(CompactString, CompactString), f64> = FxHashMap::default();
        // Divisions named per country: a text listing US states reads
        // "Georgia" as the state.
        let mut divisions: FxHashMap<CompactString, f64> = FxHashMap::default();
        // Cities per sentence by (country, admin1): "In Georgia, voters in
        // Atlanta ..." reads Georgia as the state of Atlanta.
        let mut city_admin: FxHashSet<(u32, CompactString, CompactString)> = FxHashSet::default();
        for m in mentions.iter().filter(|m| m.generic.is_none()) {
            let best = m
                .cands
                .iter()
                .filter_map(|&c| Some((c, self.base_score(c)?)))
                .max_by(|a, b| a.1.total_cmp(&b.1));
            if let Some(e) = best.and_then(|(c, _)| self.gaz.entry(c.entry as usize)) {
                let w = if e.kind == PlaceKind::Country {
                    2.0
                } else {
                    1.0
                };
                for cc in e.countries() {
                    *weight.entry(cc.clone()).or_default() += w;
                }
                if e.kind == PlaceKind::Division {
                    if let Some(cc) = &e.country {
                        *divisions.entry(cc.clone()).or_default() += 1.0;
                    }
                }
                if let Some(cc) = &e.country {
                    if !e.admin1.is_empty() {
                        *admin.entry((cc.clone(), e.admin1.clone())).or_default() += 1.0;
                        if e.kind == PlaceKind::City {
                            let sent = self.sent.get(m.start).copied().unwrap_or(u32::MAX);
                            city_admin.insert((sent, cc.clone(), e.admin1.clone()));
                        }
                    }
                }
            }
        }
        self.demonym_weights(&mut weight);
        // 2. Score each mention's candidates in context.
        let mut chosen: Vec<Option<(usize, f64)>> = Vec::with_capacity(mentions.len());
        for m in mentions {
            if let Some(g) = m.generic {
                chosen.push(self.generic_pick(g, &weight, mentions, &chosen));
                continue;
            }
            let big_city = m.cands.iter().any(|c| {
                self.gaz
                    .entry(c.entry as usize)
                    .is_some_and(|e| e.kind == PlaceKind::City && e.population >= 1_000_000)
            });
            let mut best: Option<(usize, f64)> = None;
            for &c in &m.cands {
                let (Some(e), Some(base)) = (self.gaz.entry(c.entry as usize), self.base_score(c))
                else {
                    continue;
                };
                let mut s = base;
                if e.countries()
                    .iter()
                    .any(|cc| weight.get(cc).is_some_and(|w| *w > 0.0))
                {
                    s += 3.0;
                }
                if let Some(cc) = &e.country {
                    if !e.admin1.is_empty() && admin.contains_key(&(cc.clone(), e.admin1.clone())) {
                        s += 1.0;
                    }
                    let sent = self.sent.get(m.start).copied().unwrap_or(u32::MAX);
                    if e.kind == PlaceKind::Division
                        && !e.admin1.is_empty()
                        && city_admin.contains(&(sent, cc.clone(), e.admin1.clone()))
                    {
                        s += 6.0;
                    }
                }
                if e.kind == PlaceKind::Division {
                    if !big_city {
                        if let Some(n) = e.country.as_ref().and_then(|cc| divisions.get(cc)) {
                            s += 2.0 * n.min(3.0);
                        }
                    } else if m.hint != Some(PlaceKind::Division) {
                        // A bare name shared by a division and a city of a
                        // million people means the city ("flew to New
                        // York"); "New York state" says otherwise.
                        s -= 3.0;
                    }
                }
                if m.hint == Some(e.kind) {
                    s += 10.0;
                }
                if !m.qual.is_empty()
                    && m.qual.iter().any(|(cc, a1)| {
                        e.country.as_ref() == Some(cc) && (a1.is_empty() || *a1 == e.admin1)
                    })
                {
                    s += 20.0;
                }
                if best.is_none_or(|(_, bs)| s > bs) {
                    best = Some((c.entry as usize, s));
                }
            }
            chosen.push(best);
        }
        // 3. One sense per name: a qualified or hinted mention decides for
        //    the others; else the best-scoring mention does.
        let mut by_key: FxHashMap<&str, (usize, f64)> = FxHashMap::default();
        let mut qualified: FxHashMap<&str, ()> = FxHashMap::default();
        for (m, c) in mentions.iter().zip(&chosen) {
            if let (Some((e, s)), false) = (c, m.key.is_empty()) {
                let s = if !m.qual.is_empty() || m.hint.is_some() {
                    qualified.insert(m.key.as_str(), ());
                    s + 100.0
                } else {
                    *s
                };
                let slot = by_key.entry(m.key.as_str()).or_insert((*e, s));
                if s > slot.1 {
                    *slot = (*e, s);
                }
            }
        }
        let mut out = Vec::new();
        for (m, c) in mentions.iter().zip(&chosen) {
            let Some((mut idx, _)) = *c else { continue };
            if m.qual.is_empty() && m.hint.is_none() {
                if let Some(&(e, _)) = by_key.get(m.key.as_str()) {
                    idx = e;
                }
            }
            let Some(e) = self.gaz.entry(idx) else {
                continue;
            };
            // A town (not a capital, under a million people) named by a word
            // of a person's name in the document is that person ("Bush").
            if m.person_word
                && e.kind == PlaceKind::City
                && !e.capital
                && e.population < 1_000_000
                && m.qual.is_empty()
                && m.hint.is_none()
            {
                continue;
            }
            // A small town found only by capitalisation, in a country the
            // document does not otherwise name, is more likely a name.
            if m.scanned
                && m.generic.is_none()
                && e.kind == PlaceKind::City
                && e.population < 50_000
                && m.qual.is_empty()
                && !qualified.contains_key(m.key.as_str())
                && !e
                    .countries()
                    .iter()
                    .any(|cc| weight.get(cc).is_some_and(|w| *w > 1.0))
            {
                continue;
            }
            let (Some(a), Some(b)) = (self.toks.get(m.start), self.toks.get(m.span_end - 1)) else {
                continue;
            };
            let Some(span) = Span::checked_in(self.text, a.start as usize, b.end as usize) else {
                continue;
            };
            out.push(Place {
                span,
                name: e.name.to_string(),
                country: e.country.clone(),
                lat: e.lat,
                lon: e.lon,
                kind: e.kind,
                geonames_id: e.geonames_id,
            });
        }
        out
    }

    /// Adds one to a country's weight for each nationality word
    /// ("Chinese", "North Korean") in the text.
    fn demonym_weights(&self, weight: &mut FxHashMap<CompactString, f64>) {
        let mut key = String::new();
        let mut i = 0;
        while i < self.toks.len() {
            if !self.cap_word(i) {
                i += 1;
                continue;
            }
            let two = self.cap_word(i + 1) && self.key_of(i, i + 2, &mut key);
            if two {
                if let Some(cc) = self.gaz.demonym_key(&key) {
                    *weight.entry(cc.clone()).or_default() += 1.0;
                    i += 2;
                    continue;
                }
            }
            if self.key_of(i, i + 1, &mut key) {
                if let Some(cc) = self.gaz.demonym_key(&key) {
                    *weight.entry(cc.clone()).or_default() += 1.0;
                }
            }
            i += 1;
        }
    }

    /// The region of type `g` the document is about: one named earlier, else
    /// the one whose countries weigh most in the document.
    fn generic_pick(
        &self,
        g: &str,
        weight: &FxHashMap<CompactString, f64>,
        mentions: &[Mention],
        chosen: &[Option<(usize, f64)>],
    ) -> Option<(usize, f64)> {
        for (m, c) in mentions.iter().zip(chosen).rev() {
            if let (None, Some((e, s))) = (m.generic, c) {
                if self.gaz.entry(*e).is_some_and(|x| x.type_word == g) {
                    return Some((*e, *s));
                }
            }
        }
        // Else the region whose countries weigh most, if they make at least
        // a third of the document's country weight.
        let total: f64 = weight.values().sum();
        let mut best: Option<(usize, f64)> = None;
        for (i, e) in self.gaz.regions() {
            if e.type_word != g {
                continue;
            }
            let w: f64 = e.countries().iter().filter_map(|cc| weight.get(cc)).sum();
            if w > 0.0 && w * 3.0 >= total && best.is_none_or(|(_, bw)| w > bw) {
                best = Some((i, w));
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<(String, String, Option<String>)> {
        PlaceResolver::new()
            .find(text)
            .into_iter()
            .map(|p| {
                (
                    p.span.slice(text).to_string(),
                    p.name,
                    p.country.map(|c| c.to_string()),
                )
            })
            .collect()
    }

    #[test]
    fn countries_cities_divisions() {
        let r = names("Officials in Shenyang, Liaoning province, met envoys from South Korea and the U.S. on Friday.");
        assert_eq!(
            r[0],
            ("Shenyang".into(), "Shenyang".into(), Some("CHN".into()))
        );
        assert_eq!(r[1].0, "Liaoning province");
        assert_eq!(r[1].2.as_deref(), Some("CHN"));
        assert_eq!(r[2].1, "South Korea");
        assert_eq!(r[3].1, "United States");
    }

    #[test]
    fn qualifier_and_default_sense() {
        let r = names("A storm reached Paris, Texas. Later, Paris was calm.");
        assert_eq!(r[0].2.as_deref(), Some("USA"));
        assert_eq!(r[2].2.as_deref(), Some("USA"), "one sense per name: {r:?}");
        let r = names("The summit opened in Paris on Monday.");
        assert_eq!(r[0].2.as_deref(), Some("FRA"));
    }

    #[test]
    fn a_state_abbreviation_qualifies_its_city() {
        // Without the abbreviations: the largest Burlington (Ontario) and
        // the largest Springfield (Missouri).
        let r = PlaceResolver::new().find("He spoke in Burlington, Vt., then in Springfield, Ill.");
        let at = |name: &str| {
            r.iter()
                .find(|p| p.name == name)
                .map(|p| (p.country.as_ref().map(|c| c.to_string()), p.lat.round()))
        };
        assert_eq!(
            at("Burlington"),
            Some((Some("USA".to_string()), 44.0)),
            "{r:?}"
        );
        assert_eq!(
            at("Springfield"),
            Some((Some("USA".to_string()), 40.0)),
            "{r:?}"
        );
        assert!(r.iter().any(|p| p.name == "Vermont"), "{r:?}");
    }

    #[test]
    fn a_lone_word_of_a_persons_name_is_not_a_town() {
        use chronicler_doc::{Entity, Meta, Sentence, SentenceKind, Token, TokenFlags, TokenRange};
        let text = "Jeb Bush spoke in Carson . Later Bush flew to Houston .";
        let mut at = 0;
        let tokens: Vec<Token> = text
            .split(' ')
            .map(|w| {
                let span = Span::checked(at, at + w.len()).expect("span");
                at += w.len() + 1;
                Token {
                    span,
                    flags: TokenFlags::default(),
                }
            })
            .collect();
        let sentence = Sentence {
            span: Span::checked(0, text.len()).expect("span"),
            tokens: TokenRange::new(0, tokens.len()),
            kind: SentenceKind::Body,
            paragraph: 0,
        };
        let ent = |a: usize, b: usize, label| Entity {
            tokens: TokenRange::new(a, b),
            span: Span::checked(tokens[a].span.start(), tokens[b - 1].span.end()).expect("span"),
            label,
        };
        let entities = vec![
            ent(0, 2, EntityLabel::Per),
            ent(4, 5, EntityLabel::Loc),
            ent(7, 8, EntityLabel::Loc),
            ent(10, 11, EntityLabel::Loc),
        ];
        let mut doc = Document::new(Meta::default(), text.to_string());
        doc.set_segmentation(vec![sentence], tokens)
            .expect("tokens");
        doc.set_entities(entities).expect("entities");
        let got: Vec<String> = PlaceResolver::new()
            .annotate(&doc)
            .into_iter()
            .map(|p| p.span.slice(text).to_string())
            .collect();
        assert_eq!(got, ["Carson", "Houston"]);
    }

    #[test]
    fn a_city_of_the_state_in_the_sentence_makes_it_the_state() {
        let r = names("In Georgia, voters in Atlanta lined up early.");
        assert_eq!(r[0].2.as_deref(), Some("USA"), "{r:?}");
        let r = names("Georgia and Armenia signed a border deal.");
        assert_eq!(r[0].2.as_deref(), Some("GEO"), "{r:?}");
    }

    #[test]
    fn big_city_before_same_named_division() {
        let r = names("The envoy flew to New York on Monday.");
        assert_eq!(r[0].1, "New York City", "{r:?}");
        let r = names("Farmers in New York state and Vermont protested.");
        assert_eq!(r[0].0, "New York state", "{r:?}");
        assert_ne!(r[0].1, "New York City", "{r:?}");
    }

    #[test]
    fn persons_are_not_places() {
        let r = names("Mr. Jordan spoke to Paris Hilton and Victor Cha.");
        assert!(r.is_empty(), "{r:?}");
        let r = names("Judge Garland ruled on Monday. Garland said Jordan agreed.");
        let got: Vec<&str> = r.iter().map(|x| x.1.as_str()).collect();
        assert_eq!(got, ["Jordan"]);
    }

    #[test]
    fn demonyms_give_context() {
        let r = names("Seoul and Pyongyang traded fire; North Korean guns shelled an island. The peninsula is tense.");
        assert_eq!(
            r.last().map(|x| x.1.as_str()),
            Some("Korean Peninsula"),
            "{r:?}"
        );
    }

    #[test]
    fn generic_region() {
        let r = names("Talks between North Korea and South Korea aim at peace on the peninsula.");
        assert_eq!(r.last().map(|x| x.1.as_str()), Some("Korean Peninsula"));
        let r = names("Israel said rockets were fired from Gaza. Fighting in the strip went on.");
        assert_eq!(r.last().map(|x| x.1.as_str()), Some("Gaza Strip"));
    }
}
