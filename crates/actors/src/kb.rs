//! The knowledge base: countries, organisations, people and sector agents,
//! loaded from TSV files into compact tables (interned strings, `u32` ids).

use crate::Error;
use chronicler_doc::NaiveDate;
use rustc_hash::FxHashMap;

/// An interned string id.
pub(crate) type Sym = u32;

/// String interner: every name, alias, code and role is stored once.
#[derive(Debug, Default, Clone)]
pub(crate) struct Interner {
    map: FxHashMap<Box<str>, Sym>,
    strs: Vec<Box<str>>,
}

impl Interner {
    /// Interns `s`, returning its id.
    pub(crate) fn intern(&mut self, s: &str) -> Sym {
        if let Some(&id) = self.map.get(s) {
            return id;
        }
        let id = self.strs.len() as Sym;
        self.strs.push(s.into());
        self.map.insert(s.into(), id);
        id
    }

    /// The string of `id` (empty for an unknown id).
    pub(crate) fn get(&self, id: Sym) -> &str {
        self.strs.get(id as usize).map(|s| &**s).unwrap_or("")
    }

    /// The id of `s` if it was interned.
    pub(crate) fn lookup(&self, s: &str) -> Option<Sym> {
        self.map.get(s).copied()
    }
}

/// Where a knowledge-base row came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Src {
    /// File name (interned).
    pub file: Sym,
    /// 1-based line number.
    pub line: u32,
}

/// One dated code of an entity (a role for people).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Role {
    /// Full CAMEO code (interned).
    pub code: Sym,
    /// Role title ("President"), interned; empty for none.
    pub role: Sym,
    /// First day (inclusive), `None` = open.
    pub from: Option<NaiveDate>,
    /// Last day (inclusive), `None` = open (still in office).
    pub until: Option<NaiveDate>,
    /// Where it was read.
    pub src: Src,
}

impl Role {
    /// True when the role applies on `date`; with no date, only open-ended
    /// (current) roles apply.
    pub(crate) fn valid_on(&self, date: Option<NaiveDate>) -> bool {
        match date {
            Some(d) => {
                !matches!(self.from, Some(f) if f > d) && !matches!(self.until, Some(u) if d > u)
            }
            None => self.until.is_none(),
        }
    }
}

/// What a knowledge-base entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EntKind {
    /// A person (people files, dated PETRARCH entries).
    Person,
    /// An organisation (igos.tsv, undated PETRARCH entries).
    Org,
    /// A country or territory (countries.tsv).
    Country,
}

/// A named entity of the base.
#[derive(Debug, Clone)]
pub(crate) struct Entity {
    /// Unique id (interned slug).
    pub id: Sym,
    /// Usual English name.
    pub name: Sym,
    /// Person, organisation or country.
    pub kind: EntKind,
    /// For organisations: igo, ngo, company, party, armed, agency.
    #[allow(dead_code)]
    pub org_kind: Sym,
    /// Dated codes (roles); countries and organisations have one open code.
    pub roles: Vec<Role>,
    /// Name variants (interned), not including `name`.
    pub aliases: Vec<Sym>,
    /// First row of the entity.
    pub src: Src,
    /// Match names case-insensitively (imported PETRARCH entries).
    pub any_case: bool,
}

/// Country-specific words.
#[derive(Debug, Clone)]
pub(crate) struct CountryInfo {
    /// Three-letter code (interned).
    pub code: Sym,
    /// The entity of the country.
    pub entity: u32,
    /// Adjectives and demonyms.
    pub adjectives: Vec<Sym>,
    /// Capital(s).
    pub capitals: Vec<Sym>,
    /// Seat-of-government words.
    pub seats: Vec<Sym>,
}

/// Whether an agent noun names a person, a group or an institution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AgentKind {
    /// A role noun ("analyst", "president").
    Person,
    /// A collective or plural noun ("protesters", "police").
    Group,
    /// An institution ("ministry", "university").
    Org,
}

/// A sector agent: role noun → sector code.
#[derive(Debug, Clone)]
pub(crate) struct Agent {
    /// Lower-case term (interned).
    pub term: Sym,
    /// Sector code(s) (interned), e.g. `GOV`, `GOVMED`.
    pub sector: Sym,
    /// Person, group or org.
    pub kind: AgentKind,
    /// Where it was read.
    pub src: Src,
}

/// The whole knowledge base.
#[derive(Debug, Default, Clone)]
pub(crate) struct Kb {
    pub strings: Interner,
    pub entities: Vec<Entity>,
    pub by_id: FxHashMap<Sym, u32>,
    pub countries: Vec<CountryInfo>,
    /// Country code (interned) → index into `countries`.
    pub country_by_code: FxHashMap<Sym, u32>,
    pub agents: Vec<Agent>,
    /// Agent term (interned) → index into `agents`.
    pub agent_by_term: FxHashMap<Sym, u32>,
}

/// CAMEO sector codes the base accepts (3 letters each; a code may chain
/// several: `GOVMED`).
pub const SECTORS: &[&str] = &[
    "GOV", "MIL", "COP", "JUD", "LEG", "REB", "OPP", "CVL", "EDU", "MED", "BUS", "PTY", "LAB",
    "AGR", "REL", "HLH", "HRI", "REF", "NGO", "CRM", "SPY", "UAF", "RAD", "ELI", "ENV", "DEV",
    "MUS", "CHR", "JEW", "BUD", "HIN", "MOS", "SEP", "INS", "IGO", "MNC", "NGM", "IMG", "PPL",
    "SHI", "SUN", "CTH", "PRO", "ORT", "ATH", "BAH", "JAN", "SIK", "TAO", "ZRO", "MOD", "AMN",
];

/// Non-country first elements of CAMEO codes: international/transnational
/// types and CAMEO region codes.
pub const NON_STATE_PREFIXES: &[&str] = &[
    "IGO", "NGO", "NGM", "IMG", "MNC", "UIS", "INS", "AFR", "ASA", "BLK", "CAS", "CAU", "CFR",
    "CRB", "EAF", "EEU", "EIN", "EUR", "LAM", "MEA", "MDT", "NAF", "NMR", "PGS", "SAF", "SAM",
    "SAS", "SEA", "SCN", "WAF", "WST", "MOS", "MUS", "CHR", "JEW", "BUD", "HIN", "REL",
];

const PEOPLE_HEADER: &[&str] = &["id", "name", "aliases", "code", "role", "start", "end"];
const COUNTRY_HEADER: &[&str] = &["code", "name", "aliases", "adjectives", "capital", "seats"];
const IGO_HEADER: &[&str] = &["id", "code", "name", "aliases", "kind"];
const AGENT_HEADER: &[&str] = &["term", "sector", "kind"];

/// Data rows: (line number, cells).
type Rows<'a> = Vec<(u32, Vec<&'a str>)>;

/// Rows of a TSV file: `(line number, cells)`, comments and blank lines
/// skipped, after the header (returned first).
fn tsv_rows<'a>(file: &str, text: &'a str) -> Result<(Vec<&'a str>, Rows<'a>), Error> {
    let mut header: Option<Vec<&str>> = None;
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let cells: Vec<&str> = line.split('\t').map(str::trim).collect();
        match &header {
            None => header = Some(cells),
            Some(h) => {
                if cells.len() > h.len() {
                    return Err(Error::Parse {
                        file: file.to_string(),
                        line: i as u32 + 1,
                        message: format!(
                            "found {} tab-separated cells, expected at most {} ({})",
                            cells.len(),
                            h.len(),
                            h.join(", ")
                        ),
                    });
                }
                rows.push((i as u32 + 1, cells));
            }
        }
    }
    Ok((header.unwrap_or_default(), rows))
}

fn cell<'a>(cells: &[&'a str], i: usize) -> &'a str {
    cells.get(i).copied().unwrap_or("")
}

fn multi(s: &str) -> impl Iterator<Item = &str> {
    s.split('|').map(str::trim).filter(|x| !x.is_empty())
}

/// Parses `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (first day of the period).
pub(crate) fn parse_date(s: &str) -> Option<NaiveDate> {
    let mut it = s.split('-');
    let y: i32 = it.next()?.parse().ok()?;
    let m: u32 = match it.next() {
        Some(m) => m.parse().ok()?,
        None => 1,
    };
    let d: u32 = match it.next() {
        Some(d) => d.parse().ok()?,
        None => 1,
    };
    if it.next().is_some() {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d)
}

/// True when `code` is well-formed: upper-case ASCII letters/digits in
/// 3-character chunks.
pub(crate) fn code_shape_ok(code: &str) -> bool {
    !code.is_empty()
        && code.len().is_multiple_of(3)
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

impl Kb {
    fn err(file: &str, line: u32, message: String) -> Error {
        Error::Parse {
            file: file.to_string(),
            line,
            message,
        }
    }

    /// Adds one TSV file; the kind is told by its header row.
    pub(crate) fn add_tsv(&mut self, file: &str, text: &str) -> Result<(), Error> {
        let (header, rows) = tsv_rows(file, text)?;
        let h: Vec<&str> = header.to_vec();
        if h == PEOPLE_HEADER {
            self.add_people(file, rows)
        } else if h == COUNTRY_HEADER {
            self.add_countries(file, rows)
        } else if h == IGO_HEADER {
            self.add_orgs(file, rows)
        } else if h == AGENT_HEADER {
            self.add_agents(file, rows)
        } else {
            Err(Self::err(
                file,
                0,
                format!(
                    "header `{}` is not one of the knowledge-base headers ({}; {}; {}; {})",
                    h.join(" "),
                    PEOPLE_HEADER.join(" "),
                    COUNTRY_HEADER.join(" "),
                    IGO_HEADER.join(" "),
                    AGENT_HEADER.join(" ")
                ),
            ))
        }
    }

    /// Adds an entity; fails on a duplicate id.
    pub(crate) fn push_entity(&mut self, e: Entity) -> Result<u32, Error> {
        if let Some(&old) = self.by_id.get(&e.id) {
            let o = &self.entities[old as usize].src;
            return Err(Self::err(
                self.strings.get(e.src.file),
                e.src.line,
                format!(
                    "duplicate id `{}` (first defined in {} line {}); ids must be unique",
                    self.strings.get(e.id),
                    self.strings.get(o.file),
                    o.line
                ),
            ));
        }
        let idx = self.entities.len() as u32;
        self.by_id.insert(e.id, idx);
        self.entities.push(e);
        Ok(idx)
    }

    fn check_code(&self, file: &str, line: u32, code: &str) -> Result<(), Error> {
        if code_shape_ok(code) {
            Ok(())
        } else {
            Err(Self::err(
                file,
                line,
                format!("code `{code}` is not a CAMEO code (upper-case letters/digits in 3-character chunks, e.g. `PRKGOV`)"),
            ))
        }
    }

    fn add_countries(&mut self, file: &str, rows: Vec<(u32, Vec<&str>)>) -> Result<(), Error> {
        let f = self.strings.intern(file);
        for (line, c) in rows {
            let code = cell(&c, 0);
            if code.len() != 3 || !code_shape_ok(code) {
                return Err(Self::err(
                    file,
                    line,
                    format!("country code `{code}` is not three upper-case letters"),
                ));
            }
            let name = cell(&c, 1);
            if name.is_empty() {
                return Err(Self::err(
                    file,
                    line,
                    format!("country `{code}` has no name"),
                ));
            }
            let src = Src { file: f, line };
            let code_sym = self.strings.intern(code);
            let id = self
                .strings
                .intern(&format!("country-{}", code.to_ascii_lowercase()));
            let e = Entity {
                id,
                name: self.strings.intern(name),
                kind: EntKind::Country,
                org_kind: self.strings.intern(""),
                roles: vec![Role {
                    code: code_sym,
                    role: self.strings.intern("country"),
                    from: None,
                    until: None,
                    src,
                }],
                aliases: multi(cell(&c, 2)).map(|a| self.strings.intern(a)).collect(),
                src,
                any_case: false,
            };
            let entity = self.push_entity(e)?;
            let info = CountryInfo {
                code: code_sym,
                entity,
                adjectives: multi(cell(&c, 3)).map(|a| self.strings.intern(a)).collect(),
                capitals: multi(cell(&c, 4)).map(|a| self.strings.intern(a)).collect(),
                seats: multi(cell(&c, 5)).map(|a| self.strings.intern(a)).collect(),
            };
            self.country_by_code
                .insert(code_sym, self.countries.len() as u32);
            self.countries.push(info);
        }
        Ok(())
    }

    fn add_orgs(&mut self, file: &str, rows: Vec<(u32, Vec<&str>)>) -> Result<(), Error> {
        let f = self.strings.intern(file);
        for (line, c) in rows {
            let (id, code, name, kind) = (cell(&c, 0), cell(&c, 1), cell(&c, 2), cell(&c, 4));
            if id.is_empty() || name.is_empty() {
                return Err(Self::err(
                    file,
                    line,
                    "organisation row needs an id and a name".into(),
                ));
            }
            self.check_code(file, line, code)?;
            if !matches!(
                kind,
                "igo" | "ngo" | "company" | "party" | "armed" | "agency"
            ) {
                return Err(Self::err(
                    file,
                    line,
                    format!("kind `{kind}` is not one of igo, ngo, company, party, armed, agency"),
                ));
            }
            let src = Src { file: f, line };
            let e = Entity {
                id: self.strings.intern(id),
                name: self.strings.intern(name),
                kind: EntKind::Org,
                org_kind: self.strings.intern(kind),
                roles: vec![Role {
                    code: self.strings.intern(code),
                    role: self.strings.intern(kind),
                    from: None,
                    until: None,
                    src,
                }],
                aliases: multi(cell(&c, 3)).map(|a| self.strings.intern(a)).collect(),
                src,
                any_case: false,
            };
            self.push_entity(e)?;
        }
        Ok(())
    }

    fn add_people(&mut self, file: &str, rows: Vec<(u32, Vec<&str>)>) -> Result<(), Error> {
        let f = self.strings.intern(file);
        let mut seen_here: FxHashMap<Sym, u32> = FxHashMap::default();
        for (line, c) in rows {
            let (id, name, code, role) = (cell(&c, 0), cell(&c, 1), cell(&c, 3), cell(&c, 4));
            if id.is_empty() {
                return Err(Self::err(file, line, "person row has no id".into()));
            }
            self.check_code(file, line, code)?;
            let date = |s: &str, what: &str| -> Result<Option<NaiveDate>, Error> {
                if s.is_empty() {
                    Ok(None)
                } else {
                    parse_date(s).map(Some).ok_or_else(|| {
                        Self::err(file, line, format!("{what} date `{s}` is not YYYY-MM-DD"))
                    })
                }
            };
            let from = date(cell(&c, 5), "start")?;
            let until = date(cell(&c, 6), "end")?;
            if let (Some(a), Some(b)) = (from, until) {
                if a > b {
                    return Err(Self::err(file, line, format!("start {a} is after end {b}")));
                }
            }
            let src = Src { file: f, line };
            let r = Role {
                code: self.strings.intern(code),
                role: self.strings.intern(role),
                from,
                until,
                src,
            };
            let id_sym = self.strings.intern(id);
            let aliases: Vec<Sym> = multi(cell(&c, 2)).map(|a| self.strings.intern(a)).collect();
            if let Some(&idx) = seen_here.get(&id_sym) {
                let e = &mut self.entities[idx as usize];
                e.roles.push(r);
                for a in aliases {
                    if !e.aliases.contains(&a) {
                        e.aliases.push(a);
                    }
                }
                continue;
            }
            if name.is_empty() {
                return Err(Self::err(
                    file,
                    line,
                    format!("first row of person `{id}` has no name"),
                ));
            }
            let e = Entity {
                id: id_sym,
                name: self.strings.intern(name),
                kind: EntKind::Person,
                org_kind: self.strings.intern(""),
                roles: vec![r],
                aliases,
                src,
                any_case: false,
            };
            let idx = self.push_entity(e)?;
            seen_here.insert(id_sym, idx);
        }
        Ok(())
    }

    fn add_agents(&mut self, file: &str, rows: Vec<(u32, Vec<&str>)>) -> Result<(), Error> {
        let f = self.strings.intern(file);
        for (line, c) in rows {
            let (term, sector, kind) = (cell(&c, 0), cell(&c, 1), cell(&c, 2));
            if term.is_empty() {
                return Err(Self::err(file, line, "agent row has no term".into()));
            }
            self.check_code(file, line, sector)?;
            let kind = match kind {
                "person" => AgentKind::Person,
                "group" => AgentKind::Group,
                "org" => AgentKind::Org,
                k => {
                    return Err(Self::err(
                        file,
                        line,
                        format!("agent kind `{k}` is not person, group or org"),
                    ))
                }
            };
            self.push_agent(term, sector, kind, Src { file: f, line });
        }
        Ok(())
    }

    /// Adds an agent (a later entry for the same term replaces the earlier).
    pub(crate) fn push_agent(&mut self, term: &str, sector: &str, kind: AgentKind, src: Src) {
        let t = self.strings.intern(&term.to_lowercase());
        let a = Agent {
            term: t,
            sector: self.strings.intern(sector),
            kind,
            src,
        };
        if let Some(&i) = self.agent_by_term.get(&t) {
            self.agents[i as usize] = a;
        } else {
            self.agent_by_term.insert(t, self.agents.len() as u32);
            self.agents.push(a);
        }
    }

    /// The country index of a code's first three letters, if a country.
    pub(crate) fn country_of_code(&self, code: &str) -> Option<u32> {
        let c = code.get(0..3)?;
        let sym = self.strings.lookup(c)?;
        self.country_by_code.get(&sym).copied()
    }

    /// Problems found by checking the whole base (empty when valid): code
    /// shapes and prefixes, sectors, date order, overlapping terms of one
    /// office held by two people.
    pub(crate) fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let s = &self.strings;
        let at = |src: &Src| format!("{} line {}", s.get(src.file), src.line);
        for e in &self.entities {
            for r in &e.roles {
                let code = s.get(r.code);
                if !code_shape_ok(code) {
                    out.push(format!("{}: code `{code}` malformed", at(&r.src)));
                    continue;
                }
                let first = &code[0..3];
                let is_country = s
                    .lookup(first)
                    .is_some_and(|c| self.country_by_code.contains_key(&c));
                if !is_country && !NON_STATE_PREFIXES.contains(&first) {
                    out.push(format!(
                        "{}: code `{code}` starts with `{first}`, which is neither a country code nor a CAMEO international/region code",
                        at(&r.src)
                    ));
                }
                if is_country && code.len() >= 6 && !SECTORS.contains(&&code[3..6]) {
                    out.push(format!(
                        "{}: code `{code}` has sector `{}`, not a known sector",
                        at(&r.src),
                        &code[3..6]
                    ));
                }
                if let (Some(a), Some(b)) = (r.from, r.until) {
                    if a > b {
                        out.push(format!("{}: start {a} after end {b}", at(&r.src)));
                    }
                }
            }
        }
        for a in &self.agents {
            let sec = s.get(a.sector);
            let ok = code_shape_ok(sec)
                && sec
                    .as_bytes()
                    .chunks(3)
                    .all(|ch| std::str::from_utf8(ch).is_ok_and(|c| SECTORS.contains(&c)));
            if !ok {
                out.push(format!("{}: agent sector `{sec}` unknown", at(&a.src)));
            }
        }
        // Overlapping terms: same code + same role held by two people at once.
        let mut offices: FxHashMap<(Sym, Sym), Vec<(u32, &Role)>> = FxHashMap::default();
        for (i, e) in self.entities.iter().enumerate() {
            if e.kind != EntKind::Person {
                continue;
            }
            for r in &e.roles {
                if r.from.is_some() {
                    offices
                        .entry((r.code, r.role))
                        .or_default()
                        .push((i as u32, r));
                }
            }
        }
        let plural_offices = [
            "Minister",
            "Member",
            "Senator",
            "Deputy",
            "Vice",
            "Secretary",
            "Councillor",
            "Commissioner",
            "Judge",
            "Justice",
            "Governor",
            "Ambassador",
            "Envoy",
            "General",
        ];
        for ((code, role), mut terms) in offices {
            let rname = s.get(role);
            // Offices several people hold at once are not checked.
            if plural_offices.iter().any(|p| rname.contains(p)) && !rname.contains("Prime") {
                continue;
            }
            terms.sort_by_key(|(_, r)| r.from);
            for w in terms.windows(2) {
                let ((pa, ra), (pb, rb)) = (w[0], w[1]);
                if pa == pb {
                    continue;
                }
                // Touching at the hand-over day is allowed.
                let overlap = match (ra.until, rb.from) {
                    (None, _) => true,
                    (Some(u), Some(f)) => f < u,
                    (Some(_), None) => true,
                };
                if overlap {
                    out.push(format!(
                        "office `{} {}` held by `{}` ({}) and `{}` ({}) at the same time",
                        s.get(code),
                        rname,
                        s.get(self.entities[pa as usize].id),
                        at(&ra.src),
                        s.get(self.entities[pb as usize].id),
                        at(&rb.src)
                    ));
                }
            }
        }
        out
    }
}

/// An ascii slug of a name: `Kim Jong-un` → `kim-jong-un`.
pub(crate) fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        let c = fold_accent(c);
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') && c != '\'' && c != '’' && c != '.' {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// `name` with its accented Latin letters folded to plain ones (`Erdoğan`
/// → `Erdogan`), borrowed when there is nothing to fold.
pub(crate) fn fold_name(name: &str) -> std::borrow::Cow<'_, str> {
    if name.is_ascii() || name.chars().all(|c| fold_accent(c) == c) {
        std::borrow::Cow::Borrowed(name)
    } else {
        std::borrow::Cow::Owned(name.chars().map(fold_accent).collect())
    }
}

fn fold_accent(c: char) -> char {
    match c {
        'ă' | 'ą' => 'a',
        'Ă' | 'Ą' | 'Ā' => 'A',
        'ę' | 'ě' => 'e',
        'Ę' | 'Ě' | 'Ē' => 'E',
        'ı' | 'ī' => 'i',
        'İ' | 'Ī' => 'I',
        'ő' => 'o',
        'Ő' | 'Ō' => 'O',
        'ű' | 'ů' => 'u',
        'Ű' | 'Ů' | 'Ū' => 'U',
        'ğ' => 'g',
        'Ğ' => 'G',
        'ł' => 'l',
        'Ł' => 'L',
        'ś' | 'š' => 's',
        'Ś' | 'Š' | 'Ş' | 'Ș' => 'S',
        'ź' | 'ż' | 'ž' => 'z',
        'Ź' | 'Ż' | 'Ž' => 'Z',
        'ć' | 'č' => 'c',
        'Ć' | 'Č' => 'C',
        'ń' | 'ň' => 'n',
        'Ń' | 'Ň' => 'N',
        'ř' => 'r',
        'Ř' => 'R',
        'ď' | 'đ' => 'd',
        'Ď' | 'Đ' => 'D',
        'ť' => 't',
        'Ť' | 'Ţ' | 'Ț' => 'T',
        'ý' | 'ÿ' => 'y',
        'Ý' => 'Y',
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' => 'a',
        'Á' | 'À' | 'Â' | 'Ä' | 'Ã' | 'Å' => 'A',
        'é' | 'è' | 'ê' | 'ë' | 'ē' => 'e',
        'É' | 'È' | 'Ê' | 'Ë' => 'E',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'Í' | 'Ì' | 'Î' | 'Ï' => 'I',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' => 'o',
        'Ó' | 'Ò' | 'Ô' | 'Ö' | 'Õ' | 'Ø' => 'O',
        'ú' | 'ù' | 'û' | 'ü' | 'ū' => 'u',
        'Ú' | 'Ù' | 'Û' | 'Ü' => 'U',
        'ç' => 'c',
        'Ç' => 'C',
        'ñ' => 'n',
        'Ñ' => 'N',
        'ş' | 'ș' => 's',
        'ţ' | 'ț' => 't',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_slugs() {
        assert_eq!(
            parse_date("2011-12-17"),
            NaiveDate::from_ymd_opt(2011, 12, 17)
        );
        assert_eq!(parse_date("2011"), NaiveDate::from_ymd_opt(2011, 1, 1));
        assert_eq!(parse_date("2011-13-01"), None);
        assert_eq!(slug("Kim Jong-un"), "kim-jong-un");
        assert_eq!(
            slug("Andrés Manuel López Obrador"),
            "andres-manuel-lopez-obrador"
        );
        assert_eq!(slug("George W. Bush"), "george-w-bush");
    }

    #[test]
    fn tsv_errors_name_file_and_line() {
        let mut kb = Kb::default();
        let bad = "id\tname\taliases\tcode\trole\tstart\tend\nx\tX\t\tUSAGOV\tPresident\t2010-01-01\t2009-01-01\n";
        let e = kb.add_tsv("p.tsv", bad).unwrap_err().to_string();
        assert!(e.contains("p.tsv") && e.contains("line 2"), "{e}");
        let e = kb.add_tsv("q.tsv", "a\tb\n").unwrap_err().to_string();
        assert!(e.contains("header"), "{e}");
    }

    #[test]
    fn overlapping_terms_are_found() {
        let mut kb = Kb::default();
        kb.add_tsv(
            "c.tsv",
            "code\tname\taliases\tadjectives\tcapital\tseats\nUSA\tUnited States\t\t\t\t\n",
        )
        .unwrap();
        let p = "id\tname\taliases\tcode\trole\tstart\tend\n\
                 a\tA B\t\tUSAGOV\tPresident\t2001-01-20\t2009-01-20\n\
                 b\tC D\t\tUSAGOV\tPresident\t2009-01-20\t2017-01-20\n";
        kb.add_tsv("p.tsv", p).unwrap();
        assert!(kb.problems().is_empty(), "{:?}", kb.problems());
        let q = "id\tname\taliases\tcode\trole\tstart\tend\nc\tE F\t\tUSAGOV\tPresident\t2016-01-01\t\n";
        kb.add_tsv("q.tsv", q).unwrap();
        assert_eq!(kb.problems().len(), 1, "{:?}", kb.problems());
    }
}
