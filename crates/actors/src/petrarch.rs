//! Import of PETRARCH/TABARI dictionaries (`.actors` and `.agents` files).
//!
//! Syntax read (as in the open-event-data dictionaries):
//! - `#` starts a comment; lines starting with `<` (`<!-- ... -->`) are skipped;
//! - an actor entry is a line at column 0: `NAME_WITH_UNDERSCORES [CODE]`,
//!   followed by `+SYNONYM` lines and indented `[CODE DATES]` lines;
//!   several codes may share a line;
//! - date restrictions: `[CHNGOV >20121115]` (from), `[CODE <YYMMDD]` (until),
//!   `[USAGOV 20090120-20170120]` (range); six-digit dates are `YYMMDD` with
//!   years up to 30 read as 20YY; `[---]` is no code;
//! - agents: `TERM [~SECTOR]`, `{PLURAL}` alternatives (`{}` = none),
//!   `!SUBST! = A, B, C` substitution sets used as `CATTLE!PERSON!`;
//! - a trailing `_` on a name (exact-match marker) is dropped, other `_` are spaces.

use crate::kb::{AgentKind, EntKind, Entity, Kb, Role, Src};
use crate::Error;
use chronicler_doc::NaiveDate;
use rustc_hash::FxHashMap;

/// Whether an entry came from an actors or an agents dictionary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PetrarchKind {
    /// A named actor (`[CODE]`).
    Actor,
    /// A sector agent (`[~CODE]`).
    Agent,
}

/// One code of an entry, with its date restriction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PetrarchCode {
    /// The code without `~` (`CHNGOV`, `GOV`).
    pub code: String,
    /// First day (inclusive), if restricted.
    pub from: Option<NaiveDate>,
    /// Last day (inclusive), if restricted.
    pub until: Option<NaiveDate>,
}

/// One dictionary entry: its names (primary first, then synonyms and
/// expanded forms) and codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PetrarchEntry {
    /// Actor or agent.
    pub kind: PetrarchKind,
    /// Names with `_` turned into spaces, in the dictionary's case.
    pub names: Vec<String>,
    /// Codes with their dates (empty for `[---]`).
    pub codes: Vec<PetrarchCode>,
    /// 1-based line of the primary name.
    pub line: u32,
    /// The codes came from a `[A/B/C]` bracket: the name stands for
    /// several actors at once (PETRARCH compound actors, "the Shire" for
    /// three hobbits), each coded with one of the codes.
    pub compound: bool,
}

fn strip_comment(line: &str) -> &str {
    match line.find('#') {
        Some(i) => &line[..i],
        None => line,
    }
}

/// `YYMMDD` (years ≤ 30 → 20YY) or `YYYYMMDD`.
fn petr_date(s: &str) -> Option<NaiveDate> {
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (y, rest) = match s.len() {
        6 => {
            let yy: i32 = s.get(0..2)?.parse().ok()?;
            (if yy <= 30 { 2000 + yy } else { 1900 + yy }, s.get(2..)?)
        }
        8 => (s.get(0..4)?.parse().ok()?, s.get(4..)?),
        _ => return None,
    };
    let m: u32 = rest.get(0..2)?.parse().ok()?;
    let d: u32 = rest.get(2..4)?.parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Parses one bracket's content: `CODE`, `CODE >D`, `CODE <D`, `CODE D-D`.
/// `None` for `---`, empty or malformed content.
fn parse_code(inner: &str) -> Option<PetrarchCode> {
    let mut parts = inner.split_whitespace();
    let code = parts.next()?.trim_start_matches('~').to_ascii_uppercase();
    if code.is_empty() || code.starts_with('-') || !code.bytes().all(|b| b.is_ascii_alphanumeric())
    {
        return None;
    }
    let mut c = PetrarchCode {
        code,
        from: None,
        until: None,
    };
    // Dates may be spaced out (`< 950601`, `19950601 - 19990815`).
    let d: String = parts.collect();
    if !d.is_empty() {
        let d = d.as_str();
        if let Some(x) = d.strip_prefix('>') {
            c.from = Some(petr_date(x)?);
        } else if let Some(x) = d.strip_prefix('<') {
            c.until = Some(petr_date(x)?);
        } else if let Some((a, b)) = d.split_once('-') {
            c.from = Some(petr_date(a)?);
            c.until = Some(petr_date(b)?);
        } else {
            return None;
        }
    }
    Some(c)
}

/// Parses one bracket, `[A/B/C DATES]` giving one code per member.
/// Returns the codes and whether there were several members.
fn parse_codes(inner: &str) -> (Vec<PetrarchCode>, bool) {
    let t = inner.trim_start();
    let (head, rest) = t.split_at(t.find(char::is_whitespace).unwrap_or(t.len()));
    if !head.contains('/') {
        return (parse_code(inner).into_iter().collect(), false);
    }
    let codes: Vec<PetrarchCode> = head
        .split('/')
        .filter_map(|c| parse_code(&format!("{c}{rest}")))
        .collect();
    let several = codes.len() > 1;
    (codes, several)
}

/// Splits a line into its name part and its bracketed codes.
fn split_codes(line: &str) -> (&str, Vec<&str>, bool) {
    let mut codes = Vec::new();
    let name_end = line.find('[').unwrap_or(line.len());
    let mut rest = &line[name_end..];
    let mut balanced = true;
    while let Some(a) = rest.find('[') {
        match rest[a..].find(']') {
            Some(b) => {
                codes.push(&rest[a + 1..a + b]);
                rest = &rest[a + b + 1..];
            }
            None => {
                balanced = false;
                break;
            }
        }
    }
    (&line[..name_end], codes, balanced)
}

fn clean_name(raw: &str) -> String {
    let s = raw.trim().trim_start_matches('+').trim();
    let s = s.trim_end_matches('_');
    s.replace('_', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads a PETRARCH/TABARI `.actors` or `.agents` dictionary. Malformed
/// lines (unbalanced brackets, impossible dates) are skipped; the error is
/// returned only when non-comment text yields no entry at all.
pub fn import_petrarch(text: &str) -> Result<Vec<PetrarchEntry>, Error> {
    let mut subst: FxHashMap<String, Vec<String>> = FxHashMap::default();
    let mut out: Vec<PetrarchEntry> = Vec::new();
    let mut in_xml_comment = false;
    let mut content_lines = 0usize;
    let mut bracketed: Vec<bool> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line_no = i as u32 + 1;
        let trimmed = raw.trim();
        if in_xml_comment {
            if trimmed.contains("-->") {
                in_xml_comment = false;
            }
            continue;
        }
        if trimmed.starts_with('<') {
            if trimmed.starts_with("<!--") && !trimmed.contains("-->") {
                in_xml_comment = true;
            }
            continue;
        }
        let line = strip_comment(raw);
        if line.trim().is_empty() {
            continue;
        }
        content_lines += 1;
        // Substitution set.
        if line.starts_with('!') {
            if let Some((k, v)) = line.split_once('=') {
                if !k.contains('[') {
                    let vals = v
                        .split(',')
                        .map(|x| x.trim().to_string())
                        .filter(|x| !x.is_empty())
                        .collect();
                    subst.insert(k.trim().to_string(), vals);
                    continue;
                }
            }
        }
        let (name_part, codes_raw, balanced) = split_codes(line);
        if !balanced {
            continue;
        }
        let mut codes: Vec<PetrarchCode> = Vec::new();
        let mut compound = false;
        for c in &codes_raw {
            let (cs, several) = parse_codes(c);
            codes.extend(cs);
            compound |= several;
        }
        let is_agent = codes_raw.iter().any(|c| c.trim_start().starts_with('~'));
        let starts_indented = raw.starts_with(char::is_whitespace);
        let name_trim = name_part.trim();
        if name_trim.starts_with('+') {
            // Synonym of the current entry.
            if let Some(e) = out.last_mut() {
                let n = clean_name(name_trim);
                if !n.is_empty() {
                    e.names.push(n);
                }
                e.codes.extend(codes);
                e.compound |= compound;
                if let Some(b) = bracketed.last_mut() {
                    *b |= !codes_raw.is_empty();
                }
            }
            continue;
        }
        if starts_indented && name_trim.is_empty() {
            // Codes of the current entry.
            if let Some(e) = out.last_mut() {
                e.codes.extend(codes);
                e.compound |= compound;
                if let Some(b) = bracketed.last_mut() {
                    *b |= !codes_raw.is_empty();
                }
            }
            continue;
        }
        if name_trim.is_empty() {
            continue;
        }
        // Primary name, with {PLURAL} forms and !SUBST! expansion.
        let mut names = Vec::new();
        let (base, plurals) = match name_trim.find('{') {
            Some(a) => {
                let b = name_trim[a..]
                    .find('}')
                    .map(|b| a + b)
                    .unwrap_or(name_trim.len());
                let inner = name_trim.get(a + 1..b).unwrap_or("");
                (
                    name_trim[..a].trim(),
                    inner
                        .split(',')
                        .map(str::trim)
                        .filter(|x| !x.is_empty())
                        .collect::<Vec<_>>(),
                )
            }
            None => (name_trim, Vec::new()),
        };
        for form in std::iter::once(base).chain(plurals) {
            expand(form, &subst, &mut names);
        }
        names.retain(|n| !n.is_empty());
        if names.is_empty() {
            continue;
        }
        bracketed.push(!codes_raw.is_empty());
        out.push(PetrarchEntry {
            kind: if is_agent {
                PetrarchKind::Agent
            } else {
                PetrarchKind::Actor
            },
            names,
            codes,
            line: line_no,
            compound,
        });
    }
    let mut keep = bracketed.into_iter();
    out.retain(|_| keep.next().unwrap_or(false));
    if out.is_empty() && content_lines > 0 {
        return Err(Error::Parse {
            file: "PETRARCH dictionary".into(),
            line: 0,
            message: format!("{content_lines} non-comment lines but no `NAME [CODE]` entry"),
        });
    }
    Ok(out)
}

/// The country whose name or alias is `name` (ASCII case-insensitive).
fn country_named(kb: &Kb, name: &str) -> Option<usize> {
    kb.countries.iter().position(|c| {
        kb.entities.get(c.entity as usize).is_some_and(|en| {
            std::iter::once(en.name)
                .chain(en.aliases.iter().copied())
                .any(|s| kb.strings.get(s).eq_ignore_ascii_case(name))
        })
    })
}

fn expand(form: &str, subst: &FxHashMap<String, Vec<String>>, out: &mut Vec<String>) {
    if let Some(a) = form.find('!') {
        if let Some(b) = form[a + 1..].find('!').map(|b| a + 1 + b) {
            let key = &form[a..=b];
            if let Some(vals) = subst.get(key) {
                for v in vals {
                    let f = format!("{}{}{}", &form[..a], v, &form[b + 1..]);
                    expand(&f, subst, out);
                }
                return;
            }
        }
    }
    out.push(clean_name(form));
}

fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let lw = w.to_lowercase();
            let mut cs = lw.chars();
            match cs.next() {
                Some(f)
                    if w.chars().filter(|c| c.is_alphabetic()).count() > 3 || !w.contains('.') =>
                {
                    f.to_uppercase().chain(cs).collect()
                }
                _ => w.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Adds a dictionary to the base: agents become sector agents; actors whose
/// only code is a bare country code add their names to that country;
/// other actors become people (any dated code) or organisations.
pub(crate) fn add_to_kb(kb: &mut Kb, file: &str, text: &str) -> Result<(), Error> {
    let entries = import_petrarch(text)?;
    let f = kb.strings.intern(file);
    let mut n = 0usize;
    for e in entries {
        let src = Src {
            file: f,
            line: e.line,
        };
        if e.kind == PetrarchKind::Agent {
            let Some(c) = e.codes.first() else { continue };
            for name in &e.names {
                kb.push_agent(&name.to_lowercase(), &c.code, AgentKind::Person, src);
            }
            continue;
        }
        if e.codes.is_empty() {
            continue;
        }
        if e.compound {
            // One entity per member, all from the same line, so the coder
            // can tell the members of one compound from rival entries.
            let names: Vec<String> = e.names.iter().map(|x| title_case(x)).collect();
            let base = format!(
                "{}-{}",
                crate::kb::slug(file.split('.').next().unwrap_or("petrarch")),
                crate::kb::slug(&e.names[0])
            );
            let mut seen = Vec::new();
            for c in &e.codes {
                if seen.contains(&c.code) {
                    continue;
                }
                seen.push(c.code.clone());
                n += 1;
                let id = format!("{base}-{}-{n}", c.code.to_ascii_lowercase());
                let ent = Entity {
                    id: kb.strings.intern(&id),
                    name: kb.strings.intern(&names[0]),
                    kind: EntKind::Org,
                    org_kind: kb.strings.intern(""),
                    roles: vec![Role {
                        code: kb.strings.intern(&c.code),
                        role: kb.strings.intern(""),
                        from: c.from,
                        until: c.until,
                        src,
                    }],
                    aliases: names[1..].iter().map(|x| kb.strings.intern(x)).collect(),
                    src,
                    any_case: true,
                };
                kb.push_entity(ent)?;
            }
            continue;
        }
        if e.codes.len() == 1 && e.codes[0].from.is_none() && e.codes[0].until.is_none() {
            if let Some(ci) = kb
                .country_of_code(&e.codes[0].code)
                .filter(|_| e.codes[0].code.len() == 3)
            {
                let ent = kb.countries[ci as usize].entity as usize;
                for name in &e.names {
                    let s = kb.strings.intern(&title_case(name));
                    let en = &mut kb.entities[ent];
                    if !en.aliases.contains(&s) && en.name != s {
                        en.aliases.push(s);
                    }
                }
                continue;
            }
        }
        // A bare three-letter code the base does not know is a new country
        // (dictionaries may define their own states).
        let c0 = e.codes[0].code.clone();
        if e.codes.len() == 1
            && e.codes[0].from.is_none()
            && e.codes[0].until.is_none()
            && c0.len() == 3
            && c0.bytes().all(|b| b.is_ascii_uppercase())
        {
            let names: Vec<String> = e.names.iter().map(|x| title_case(x)).collect();
            let code = kb.strings.intern(&c0);
            // A country the base knows under another code ("KUWAIT [KUW]"
            // where the base says KWT): the dictionary's code wins, for the
            // country and its government, and the old code still resolves.
            if let Some(ci) = country_named(kb, &names[0]) {
                let ent = kb.countries[ci].entity as usize;
                let old = kb.countries[ci].code;
                kb.countries[ci].code = code;
                kb.country_by_code.insert(code, ci as u32);
                for r in &mut kb.entities[ent].roles {
                    if r.code == old {
                        r.code = code;
                    }
                }
                for name in &names[1..] {
                    let s = kb.strings.intern(name);
                    let en = &mut kb.entities[ent];
                    if !en.aliases.contains(&s) && en.name != s {
                        en.aliases.push(s);
                    }
                }
                continue;
            }
            let id = kb
                .strings
                .intern(&format!("country-{}", c0.to_ascii_lowercase()));
            let name = kb.strings.intern(&names[0]);
            let aliases: Vec<_> = names[1..].iter().map(|x| kb.strings.intern(x)).collect();
            if let Some(&old) = kb.by_id.get(&id) {
                // The same code again: more names for that country.
                if let Some(x) = kb.entities.get_mut(old as usize) {
                    for a in std::iter::once(name).chain(aliases) {
                        if !x.aliases.contains(&a) && x.name != a {
                            x.aliases.push(a);
                        }
                    }
                }
                continue;
            }
            let ent = Entity {
                id,
                name,
                kind: EntKind::Country,
                org_kind: kb.strings.intern(""),
                roles: vec![Role {
                    code,
                    role: kb.strings.intern("country"),
                    from: None,
                    until: None,
                    src,
                }],
                aliases,
                src,
                any_case: true,
            };
            let entity = kb.push_entity(ent)?;
            kb.country_by_code.insert(code, kb.countries.len() as u32);
            kb.countries.push(crate::kb::CountryInfo {
                code,
                entity,
                adjectives: Vec::new(),
                capitals: Vec::new(),
                seats: Vec::new(),
            });
            continue;
        }
        n += 1;
        let person = e
            .codes
            .iter()
            .any(|c| c.from.is_some() || c.until.is_some());
        let id = format!(
            "{}-{}",
            crate::kb::slug(file.split('.').next().unwrap_or("petrarch")),
            crate::kb::slug(&e.names[0])
        );
        let id = if kb
            .strings
            .lookup(&id)
            .is_some_and(|s| kb.by_id.contains_key(&s))
        {
            format!("{id}-{n}")
        } else {
            id
        };
        let roles = e
            .codes
            .iter()
            .map(|c| Role {
                code: kb.strings.intern(&c.code),
                role: kb.strings.intern(""),
                from: c.from,
                until: c.until,
                src,
            })
            .collect();
        let names: Vec<String> = e.names.iter().map(|x| title_case(x)).collect();
        let ent = Entity {
            id: kb.strings.intern(&id),
            name: kb.strings.intern(&names[0]),
            kind: if person {
                EntKind::Person
            } else {
                EntKind::Org
            },
            org_kind: kb.strings.intern(""),
            roles,
            aliases: names[1..].iter().map(|x| kb.strings.intern(x)).collect(),
            src,
            any_case: true,
        };
        kb.push_entity(ent)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# test dictionary written for this test\n\
<!-- a comment -->\n\
FREEDONIA_  [FRD]\n\
+FREEDONIAN_\n\
\n\
RUFUS_T._FIREFLY_ # leader\n\
+PRESIDENT_FIREFLY\n\
\t[FRDGOV 330101-351231]\n\
\t[FRDELI >20100101]\n\
AMBASSADOR_TRENTINO [SYLGOV <991231] [---]\n\
GRAND_FENWICK\n\
\t[GFK < 590101]\n\
\t[GFKGOV 19590101 - 19990101]\n\
\t[GFKREB > 990102]\n";

    #[test]
    fn reads_actor_entries_with_dates() {
        let e = import_petrarch(SAMPLE).unwrap();
        assert_eq!(e.len(), 4);
        assert_eq!(e[0].names, vec!["FREEDONIA", "FREEDONIAN"]);
        assert_eq!(e[1].names, vec!["RUFUS T. FIREFLY", "PRESIDENT FIREFLY"]);
        assert_eq!(e[1].codes.len(), 2);
        assert_eq!(e[1].codes[0].from, NaiveDate::from_ymd_opt(1933, 1, 1));
        assert_eq!(e[1].codes[1].from, NaiveDate::from_ymd_opt(2010, 1, 1));
        assert_eq!(e[2].codes.len(), 1);
        assert_eq!(e[2].codes[0].until, NaiveDate::from_ymd_opt(1999, 12, 31));
        // Spaced date restrictions.
        let g = &e[3].codes;
        assert_eq!(g.len(), 3);
        assert_eq!(g[0].until, NaiveDate::from_ymd_opt(1959, 1, 1));
        assert_eq!(g[1].from, NaiveDate::from_ymd_opt(1959, 1, 1));
        assert_eq!(g[1].until, NaiveDate::from_ymd_opt(1999, 1, 1));
        assert_eq!(g[2].from, NaiveDate::from_ymd_opt(1999, 1, 2));
    }

    #[test]
    fn reads_agents_with_substitutions_and_plurals() {
        let t = "!PERSON! = MAN, WOMAN\nCATTLE!PERSON! [~AGR]\nLAWMAN {LAWMEN} [~COP]\nCOURT {} [~JUD]\n";
        let e = import_petrarch(t).unwrap();
        assert_eq!(e[0].names, vec!["CATTLEMAN", "CATTLEWOMAN"]);
        assert_eq!(e[0].kind, PetrarchKind::Agent);
        assert_eq!(e[0].codes[0].code, "AGR");
        assert_eq!(e[1].names, vec!["LAWMAN", "LAWMEN"]);
        assert_eq!(e[2].names, vec!["COURT"]);
    }

    #[test]
    fn dictionary_code_of_a_known_country_wins() {
        let c =
            crate::ActorCoder::with_extra(&[("old.actors.txt", "FRANCE_ [FRN]\n+GAUL\n")]).unwrap();
        let text = "The France government protested, and Gaul said so too.";
        let doc = chronicler_doc::Document::new(chronicler_doc::Meta::default(), text.to_string());
        let codes: Vec<String> = c
            .annotate(&doc)
            .iter()
            .filter_map(|a| a.code.as_ref().map(|x| x.to_string()))
            .collect();
        assert!(codes.iter().any(|x| x == "FRNGOV"), "{codes:?}");
        assert!(codes.iter().any(|x| x == "FRN"), "{codes:?}");
        assert!(!codes.iter().any(|x| x.starts_with("FRA")), "{codes:?}");
        assert!(c.problems().is_empty(), "{:?}", c.problems());
    }

    #[test]
    fn compound_codes_give_one_actor_per_member() {
        let dict = "THE_MARX_BROTHERS [GRO/HRP/CHI]\nTRENTINO [SYL]\n";
        let e = import_petrarch(dict).unwrap();
        assert!(e[0].compound && !e[1].compound);
        assert_eq!(e[0].codes.len(), 3);
        let c = crate::ActorCoder::with_extra(&[("m.actors.txt", dict)]).unwrap();
        let text = "The Marx Brothers thanked Trentino.";
        let doc = chronicler_doc::Document::new(chronicler_doc::Meta::default(), text.to_string());
        let mut codes: Vec<String> = c
            .annotate(&doc)
            .iter()
            .filter_map(|a| a.code.as_ref().map(|x| x.to_string()))
            .collect();
        codes.sort();
        assert_eq!(codes, ["CHI", "GRO", "HRP", "SYL"]);
    }

    #[test]
    fn rejects_text_without_entries() {
        assert!(import_petrarch("just words\nmore words\n").is_err());
        assert!(import_petrarch("# only a comment\n").unwrap().is_empty());
    }
}

#[cfg(test)]
mod shared_tests {
    use super::*;
    use crate::ActorCoder;
    use std::time::Instant;

    /// Loads every PETRARCH dictionary in the shared data folder and reports
    /// entry counts (skips when the folder is absent).
    #[test]
    fn imports_all_shared_dictionaries() {
        let dir = std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/eventcoding/dictionaries/openeventdata-petrarch2"
        ));
        let Ok(rd) = std::fs::read_dir(&dir) else {
            println!("SKIP: {} not found", dir.display());
            return;
        };
        let mut paths: Vec<_> = rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                let n = p
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                n.ends_with(".actors.txt") || n.ends_with(".agents.txt")
            })
            .collect();
        paths.sort();
        assert!(!paths.is_empty());
        for p in &paths {
            let bytes = std::fs::read(p).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            let t = Instant::now();
            let e = import_petrarch(&text).unwrap();
            let names: usize = e.iter().map(|x| x.names.len()).sum();
            let codes: usize = e.iter().map(|x| x.codes.len()).sum();
            let dated = e
                .iter()
                .flat_map(|x| x.codes.iter())
                .filter(|c| c.from.is_some() || c.until.is_some())
                .count();
            println!(
                "{}: {} entries, {} names, {} codes ({} dated) in {:.1} ms",
                p.file_name().unwrap().to_string_lossy(),
                e.len(),
                names,
                codes,
                dated,
                t.elapsed().as_secs_f64() * 1000.0
            );
            assert!(!e.is_empty());
        }
        // The Phoenix dictionaries load into a coder and code a sentence.
        let texts: Vec<(String, String)> = paths
            .iter()
            .filter(|p| p.to_string_lossy().contains("Phoenix"))
            .map(|p| {
                let n = p.file_name().unwrap().to_string_lossy().into_owned();
                (
                    n,
                    String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned(),
                )
            })
            .collect();
        let refs: Vec<(&str, &str)> = texts
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let t = Instant::now();
        let c = ActorCoder::with_extra(&refs).unwrap();
        println!(
            "coder with Phoenix dictionaries built in {:.0} ms: {:?}",
            t.elapsed().as_secs_f64() * 1000.0,
            c.stats()
        );
        let l = c.lookup("Boko Haram", None).unwrap();
        assert_eq!(l.code.as_deref(), Some("NGAREB"));
    }
}

#[cfg(test)]
mod unit_records {
    use crate::ActorCoder;
    use chronicler_doc::{Document, Meta, NaiveDate};

    fn attr<'a>(s: &'a str, name: &str) -> Option<&'a str> {
        let key = format!("{name}=\"");
        let a = s.find(&key)? + key.len();
        let b = s[a..].find('"')? + a;
        s.get(a..b)
    }

    /// Codes the actor categories (ACTOR, AGENT, AGENTS, DATE, COMPOUND) of
    /// the PETRARCH unit-test records with the validation dictionaries and
    /// reports how many expected source/target codes appear among the
    /// actors, printing every miss (skips without the shared folder).
    #[test]
    fn petrarch_unit_test_actor_records() {
        let base = std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/eventcoding"
        ));
        let rec = base.join("dev-gold/petrarch2/PETR.UnitTest.records.xml");
        let dict = base.join("dictionaries/openeventdata-petrarch2");
        let (Ok(xml), Ok(actors), Ok(agents)) = (
            std::fs::read(&rec),
            std::fs::read(dict.join("PETR.Validate.actors.txt")),
            std::fs::read(dict.join("PETR.Validate.agents.txt")),
        ) else {
            println!(
                "SKIP: PETRARCH unit-test records or dictionaries not found under {}",
                base.display()
            );
            return;
        };
        let xml = String::from_utf8_lossy(&xml);
        let actors = String::from_utf8_lossy(&actors);
        let agents = String::from_utf8_lossy(&agents);
        let coder = ActorCoder::with_extra(&[
            ("PETR.Validate.actors.txt", &actors),
            ("PETR.Validate.agents.txt", &agents),
        ])
        .unwrap();
        let (mut want, mut got, mut records) = (0usize, 0usize, 0usize);
        // The same tallies for the COMPOUND category alone.
        let (mut c_want, mut c_got) = (0usize, 0usize);
        let mut misses = Vec::new();
        for chunk in xml.split("<Sentence ").skip(1) {
            let head = chunk.split('>').next().unwrap_or("");
            let cat = attr(head, "category").unwrap_or("");
            if !matches!(cat, "ACTOR" | "AGENT" | "AGENTS" | "DATE" | "COMPOUND") {
                continue;
            }
            let date = attr(head, "date").and_then(|d| NaiveDate::parse_from_str(d, "%Y%m%d").ok());
            let Some(text) = chunk
                .split("<Text>")
                .nth(1)
                .and_then(|t| t.split("</Text>").next())
                .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
            else {
                continue;
            };
            records += 1;
            let doc = Document::new(
                Meta {
                    id: attr(head, "id").unwrap_or("").into(),
                    date,
                    ..Meta::default()
                },
                text.clone(),
            );
            let codes: Vec<String> = coder
                .annotate(&doc)
                .iter()
                .filter_map(|a| a.code.as_ref().map(|c| c.to_string()))
                .collect();
            for ev in chunk.split("<EventCoding ").skip(1) {
                for key in ["sourcecode", "targetcode"] {
                    let Some(c) = attr(ev, key) else { continue };
                    if c.starts_with('-') || c.is_empty() {
                        continue;
                    }
                    want += 1;
                    c_want += usize::from(cat == "COMPOUND");
                    if codes.iter().any(|x| x == c) {
                        got += 1;
                        c_got += usize::from(cat == "COMPOUND");
                    } else {
                        misses.push(format!(
                            "{} {key} {c} not in {codes:?}: {text}",
                            attr(head, "id").unwrap_or("")
                        ));
                    }
                }
            }
        }
        let (s_got, s_want) = (got - c_got, want - c_want);
        println!(
            "PETRARCH unit-test actor records: {records} records, {got}/{want} expected actor codes found \
             (ACTOR/AGENT/AGENTS/DATE {s_got}/{s_want}, COMPOUND {c_got}/{c_want})"
        );
        for m in misses.iter() {
            println!("  miss: {m}");
        }
        assert!(records > 0 && want > 0);
        // On 2026-11-29: 110/124 (88.7%) without COMPOUND, 315/343 (91.8%)
        // with it. The misses left are places after "in" (deliberately not
        // actors), prefix agents (`[NGO~]`), records whose gold follows a
        // parse differing from their text, multi-agent codes (`USAGOVELI`),
        // agents shared across a coordination ("Lawmakers in A and B"), and
        // `Dol_Amroth`-style underscores in the text.
        assert!(
            s_got * 100 >= s_want * 88,
            "fewer than 88% of the ACTOR/AGENT/AGENTS/DATE codes found: {s_got}/{s_want}"
        );
        assert!(
            got * 100 >= want * 91,
            "fewer than 91% of the expected actor codes found: {got}/{want}"
        );
    }
}
