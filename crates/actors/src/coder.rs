//! The actor coder: finds actor mentions, codes them on the document date
//! and links coreferent mentions.

use crate::gender;
use crate::kb::{fold_name, AgentKind, EntKind, Kb, Role, Src, Sym};
use crate::matcher::{Hit, Matcher, Target};
use crate::text::Words;
use crate::{petrarch, Error};
use chronicler_doc::{
    Actor, ActorKind, ActorMention, CompactString, DatedCode, Document, EntityLabel, Layer, Meta,
    NaiveDate, Span,
};
use rustc_hash::{FxHashMap, FxHashSet};
use std::path::Path;

include!(concat!(env!("OUT_DIR"), "/people_files.rs"));

const COUNTRIES_TSV: &str = include_str!("../../../data/actors/countries.tsv");
const IGOS_TSV: &str = include_str!("../../../data/actors/igos.tsv");
const PARTIES_TSV: &str = include_str!("../../../data/actors/parties.tsv");
const AGENTS_TSV: &str = include_str!("../../../data/actors/agents.tsv");

/// Honorifics that mark a following name as a person.
const HONORIFICS: &[&str] = &[
    "Mr",
    "Mr.",
    "Mrs",
    "Mrs.",
    "Ms",
    "Ms.",
    "Dr",
    "Dr.",
    "Prof",
    "Prof.",
    "Sir",
    "Dame",
    "Lord",
    "Lady",
    "Rev.",
    "Sen.",
    "Rep.",
    "Gen.",
    "Gov.",
    "Lt.",
    "Col.",
    "Capt.",
    "Sgt.",
    "Maj.",
    "Adm.",
    "Sheikh",
    "Mullah",
    "Ayatollah",
    "Pope",
    "Prince",
    "Princess",
    "Madam",
    "Mx.",
];

/// Lower-case connectors allowed inside a capitalised name.
const NAME_CONNECTORS: &[&str] = &[
    "bin", "bint", "ibn", "al", "el", "de", "da", "di", "del", "della", "van", "von", "der", "den",
    "la", "le", "du", "dos", "das", "of", "y",
];

/// Capitalised sentence starters and other words that never begin a name.
const NOT_NAME: &[&str] = &[
    "The",
    "A",
    "An",
    "This",
    "That",
    "These",
    "Those",
    "It",
    "Its",
    "He",
    "She",
    "They",
    "We",
    "I",
    "You",
    "His",
    "Her",
    "Their",
    "Our",
    "My",
    "Your",
    "But",
    "And",
    "Or",
    "So",
    "Yet",
    "However",
    "Meanwhile",
    "Now",
    "Then",
    "Still",
    "Also",
    "If",
    "When",
    "While",
    "Although",
    "Though",
    "Because",
    "As",
    "After",
    "Before",
    "Since",
    "Until",
    "In",
    "On",
    "At",
    "For",
    "From",
    "With",
    "Without",
    "By",
    "Of",
    "To",
    "Into",
    "Over",
    "Under",
    "Why",
    "What",
    "Who",
    "How",
    "Where",
    "Which",
    "Some",
    "Many",
    "Most",
    "All",
    "Both",
    "Each",
    "Every",
    "No",
    "Not",
    "Yes",
    "There",
    "Here",
    "Today",
    "Yesterday",
    "Tomorrow",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Photo",
    "Image",
    "Read",
    "More",
    "Analysts",
    "Officials",
    "Such",
    "Other",
    "Another",
    "Even",
    "Only",
    "Just",
    "Last",
    "Next",
    "First",
    "One",
    "Two",
    "Three",
    "According",
    "Under",
    "Despite",
    "During",
    "Following",
    "Thousands",
    "Hundreds",
    "Dozens",
    "Millions",
    "Scores",
    "Asked",
    "Speaking",
    "Earlier",
    "Later",
    "Instead",
    "Reuters",
];

/// Last words that make a capitalised name an organisation.
const ORG_HEADS: &[&str] = &[
    "University",
    "Ministry",
    "Council",
    "Party",
    "Agency",
    "Bank",
    "Company",
    "Corp",
    "Corp.",
    "Corporation",
    "Inc",
    "Inc.",
    "Ltd",
    "Group",
    "Institute",
    "Committee",
    "Commission",
    "Court",
    "Army",
    "Front",
    "Movement",
    "Association",
    "Union",
    "Federation",
    "Organization",
    "Organisation",
    "Foundation",
    "Times",
    "Post",
    "News",
    "Journal",
    "Daily",
    "Network",
    "Center",
    "Centre",
    "Forum",
    "Office",
    "Department",
    "Service",
    "Police",
    "Forces",
    "Force",
    "Guard",
    "Brigade",
    "Brigades",
    "Alliance",
    "League",
    "Church",
    "Academy",
    "College",
    "School",
    "Hospital",
    "Airlines",
    "Bureau",
    "Board",
    "Authority",
    "Assembly",
    "Parliament",
    "Congress",
    "Senate",
    "Cabinet",
    "Fund",
    "Programme",
    "Program",
    "Society",
    "Club",
    "Institution",
    "Tribunal",
    "Watch",
    "International",
    "Telegraph",
    "Herald",
    "Tribune",
    "Press",
    "Radio",
    "Television",
    "TV",
    "Broadcasting",
    "Group",
    "Holdings",
    "Industries",
    "Motors",
    "Systems",
];

/// Words before a country/seat that make it a place, not an actor.
/// Prepositions before the first place of a list that keep the later ones
/// locations ("in Syria and Iraq").
const LIST_LOCATIVE: &[&str] = &[
    "in",
    "across",
    "throughout",
    "inside",
    "within",
    "near",
    "around",
];
const LOCATIVE: &[&str] = &[
    "in",
    "at",
    "near",
    "across",
    "throughout",
    "inside",
    "within",
    "outside",
    "around",
    "into",
    "northern",
    "southern",
    "eastern",
    "western",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "central",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "mainland",
    "rural",
    "coastal",
    "onto",
    "via",
    "toward",
    "towards",
    "visit",
    "visited",
    "visiting",
    "visits",
    "entered",
    "enter",
    "enters",
    "reached",
    "captured",
    "seized",
    "returned",
    "landed",
    "toured",
    "travel",
    "travelled",
    "traveled",
    "arrived",
    "flew",
    "fled",
    "left",
];

/// Words after which a following noun is not part of the agent's phrase.
const FUNCTION_WORDS: &[&str] = &[
    "said",
    "say",
    "says",
    "told",
    "tell",
    "have",
    "has",
    "had",
    "were",
    "was",
    "are",
    "is",
    "be",
    "been",
    "will",
    "would",
    "could",
    "should",
    "may",
    "might",
    "must",
    "can",
    "and",
    "or",
    "but",
    "in",
    "on",
    "at",
    "of",
    "for",
    "to",
    "from",
    "with",
    "who",
    "whom",
    "whose",
    "that",
    "which",
    "also",
    "did",
    "do",
    "does",
    "not",
    "as",
    "by",
    "after",
    "before",
    "during",
    "since",
    "into",
    "over",
    "under",
    "against",
    "about",
    "than",
    "when",
    "where",
    "while",
    "because",
    "if",
    "near",
    "across",
    "throughout",
    "reportedly",
    "still",
    "already",
    "then",
    "there",
    "here",
    "now",
    "today",
    "yesterday",
    "tomorrow",
    "this",
    "these",
    "those",
    "it",
    "they",
    "he",
    "she",
    "we",
    "you",
    "i",
    "his",
    "her",
    "their",
    "its",
    "our",
    "my",
    "your",
    "a",
    "an",
    "the",
    "so",
    "yet",
    "all",
    "both",
    "alike",
    "themselves",
    "itself",
    "never",
    "again",
    "too",
    "say",
    "want",
    "wants",
    "believe",
    "believes",
    "fear",
    "fears",
    "hope",
    "hopes",
    "expect",
    "expects",
    "think",
    "thinks",
    "agree",
    "agrees",
    "argue",
    "argues",
    "warn",
    "warns",
    "urge",
    "urges",
    "speculate",
    "continue",
    "continued",
    "remain",
    "remains",
    "stand",
    "stood",
    "took",
    "take",
    "takes",
    "gave",
    "give",
    "gives",
    "made",
    "make",
    "makes",
    "met",
    "meet",
    "meets",
    "went",
    "go",
    "goes",
    "came",
    "come",
    "comes",
    "got",
    "get",
    "gets",
    "saw",
    "see",
    "sees",
    "began",
    "begin",
    "found",
    "find",
    "kept",
    "keep",
    "held",
    "hold",
    "holds",
    "led",
    "lead",
    "leads",
    "left",
    "sent",
    "send",
    "sends",
    "fought",
    "fight",
    "fights",
    "killed",
    "kill",
    "kills",
    "clashed",
    "marched",
    "rallied",
    "stormed",
    "attacked",
    "arrested",
    "opened",
    "fired",
    "shot",
    "stay",
];

/// Words that may precede a name in a premodifier without naming a
/// country or a role.
const PREMOD_WORDS: &[&str] = &[
    "former",
    "ex",
    "then",
    "late",
    "top",
    "senior",
    "veteran",
    "acting",
    "chief",
    "deputy",
    "vice",
    "outgoing",
    "incoming",
    "new",
    "prominent",
    "leading",
    "retired",
    "exiled",
    "jailed",
    "detained",
    "imprisoned",
    "dissident",
    "independent",
    "well-known",
    "noted",
    "influential",
    "powerful",
    "international",
    "relations",
    "foreign",
    "affairs",
    "policy",
    "political",
    "security",
    "military",
    "defense",
    "defence",
    "economic",
    "trade",
    "nuclear",
    "regional",
    "local",
    "national",
    "state",
    "provincial",
    "federal",
    "special",
    "hardline",
    "moderate",
    "reformist",
    "conservative",
    "liberal",
    "centrist",
    "rebel",
    "longtime",
    "long-time",
];

/// Words that make a capitalised sequence a place or an event, not a person.
const PLACE_WORDS: &[&str] = &[
    "Asia",
    "Africa",
    "Europe",
    "America",
    "Americas",
    "East",
    "West",
    "North",
    "South",
    "Middle",
    "Gulf",
    "Sea",
    "Ocean",
    "River",
    "Lake",
    "Mountains",
    "Island",
    "Islands",
    "Province",
    "Region",
    "Street",
    "Square",
    "Airport",
    "Bridge",
    "Valley",
    "Peninsula",
    "Strait",
    "Bay",
    "City",
    "County",
    "District",
    "Park",
    "Hall",
    "Palace",
    "Stadium",
    "Summit",
    "Conference",
    "Games",
    "Cup",
    "Olympics",
    "War",
    "Day",
    "Week",
    "Year",
    "Festival",
    "Agreement",
    "Treaty",
    "Accord",
    "Act",
    "Plan",
    "Initiative",
    "Road",
    "Avenue",
    "Coast",
    "Desert",
    "Border",
];

/// Quantifiers kept in a group phrase.
const QUANTIFIERS: &[&str] = &[
    "some",
    "many",
    "several",
    "most",
    "few",
    "numerous",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "dozens",
    "hundreds",
    "thousands",
    "other",
    "all",
    "both",
];

const PRONOUNS: &[&str] = &[
    "he", "him", "his", "she", "her", "hers", "He", "Him", "His", "She", "Her",
];

/// Role titles that a definite "the ... leader" can refer to.
const HEAD_ROLES: &[&str] = &[
    "president",
    "supreme leader",
    "prime minister",
    "premier",
    "chancellor",
    "king",
    "queen",
    "emir",
    "sultan",
    "chairman",
    "general secretary",
    "leader",
    "head of state",
    "supreme",
];

/// The actor coder: knowledge base + compiled matcher. Build once, share
/// across threads (`Send + Sync`), call [`ActorCoder::annotate`] per document.
#[derive(Debug, Clone)]
pub struct ActorCoder {
    kb: Kb,
    matcher: Matcher,
    /// Name word (first or last word of a person's name) → person entities.
    surnames: FxHashMap<Box<str>, Vec<u32>>,
}

/// Counts of what the knowledge base holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct KbStats {
    /// Countries and territories.
    pub countries: usize,
    /// Organisations (IGOs, NGOs, parties, armed groups, agencies, imported).
    pub organizations: usize,
    /// People.
    pub people: usize,
    /// Person roles (dated codes).
    pub roles: usize,
    /// Sector agent terms.
    pub agents: usize,
    /// Distinct surface forms compiled into the matcher.
    pub surfaces: usize,
}

/// What [`ActorCoder::lookup`] found for a name.
#[derive(Debug, Clone, PartialEq)]
pub struct Lookup {
    /// Actor id (`kim-jong-un`, `country-prk`, or a slug when not in the base).
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// Person, organisation, country or group.
    pub kind: ActorKind,
    /// Code valid on the date asked for (or currently, without a date).
    pub code: Option<String>,
    /// All dated codes.
    pub codes: Vec<DatedCode>,
    /// Why: which role, file and line gave the code.
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Ent(u32),
    Gov(u32),
    Slug(String),
}

#[derive(Debug, Clone)]
struct Acc {
    key: Key,
    name: String,
    kind: ActorKind,
    ent: Option<u32>,
    /// Country or IGO prefix / full affiliation code for non-KB actors.
    country: Option<String>,
    affil: Option<String>,
    sector: Option<String>,
    description: Option<String>,
    mentions: Vec<Span>,
    late: bool,
    name_words: Vec<String>,
}

/// Context found around a name or a group noun.
#[derive(Debug, Default, Clone)]
struct Ctx {
    country: Option<u32>,
    affil: Option<String>,
    sector: Option<Sym>,
    agent_kind: Option<AgentKind>,
    former: bool,
    late: bool,
    definite: bool,
    desc: Option<(usize, usize)>,
    /// First word of the premodifier.
    first: usize,
}

#[derive(Debug, Clone, Copy)]
struct Run {
    w0: usize,
    w1: usize,
    label: Option<EntityLabel>,
}

impl Default for ActorCoder {
    fn default() -> Self {
        Self::new()
    }
}

impl ActorCoder {
    /// The coder with the embedded knowledge base (countries, organisations,
    /// agents and every `data/actors/people/*.tsv` present at build time).
    ///
    /// # Panics
    /// Never for the shipped data (a test loads it); use
    /// [`ActorCoder::try_new`] to get the error instead.
    pub fn new() -> ActorCoder {
        Self::try_new().expect("the embedded actor knowledge base loads (tested)")
    }

    /// The coder with the embedded knowledge base, or the first error in it.
    pub fn try_new() -> Result<ActorCoder, Error> {
        Self::with_extra(&[])
    }

    /// The embedded base plus user files given as `(file name, contents)`.
    /// `.tsv` files are read by their header (people, countries,
    /// organisations or agents, see `data/actors/README.md`); other files
    /// are read as PETRARCH/TABARI `.actors` / `.agents` dictionaries.
    pub fn with_extra(files: &[(&str, &str)]) -> Result<ActorCoder, Error> {
        let mut kb = Kb::default();
        kb.add_tsv("countries.tsv", COUNTRIES_TSV)?;
        kb.add_tsv("igos.tsv", IGOS_TSV)?;
        kb.add_tsv("parties.tsv", PARTIES_TSV)?;
        kb.add_tsv("agents.tsv", AGENTS_TSV)?;
        for (name, text) in PEOPLE_FILES {
            kb.add_tsv(name, text)?;
        }
        for (name, text) in files {
            if name.ends_with(".tsv") {
                kb.add_tsv(name, text)?;
            } else {
                petrarch::add_to_kb(&mut kb, name, text)?;
            }
        }
        Ok(Self::from_kb(kb))
    }

    /// Like [`ActorCoder::with_extra`], reading the files from disk.
    pub fn with_extra_paths<P: AsRef<Path>>(paths: &[P]) -> Result<ActorCoder, Error> {
        let mut loaded = Vec::new();
        for p in paths {
            let p = p.as_ref();
            let text = std::fs::read_to_string(p).map_err(|e| Error::Io {
                path: p.display().to_string(),
                message: e.to_string(),
            })?;
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| p.display().to_string());
            loaded.push((name, text));
        }
        let refs: Vec<(&str, &str)> = loaded
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        Self::with_extra(&refs)
    }

    fn from_kb(kb: Kb) -> ActorCoder {
        let matcher = Matcher::build(&kb);
        let mut surnames: FxHashMap<Box<str>, Vec<u32>> = FxHashMap::default();
        for (i, e) in kb.entities.iter().enumerate() {
            if e.kind != EntKind::Person {
                continue;
            }
            let name = kb.strings.get(e.name);
            let words: Vec<&str> = name
                .split_whitespace()
                .filter(|w| !matches!(*w, "Jr." | "Sr." | "Jr" | "Sr" | "II" | "III"))
                .collect();
            if words.len() < 2 {
                continue;
            }
            // Keys are folded ("Erdoğan" is found as "Erdogan" too).
            for w in [words[0], words[words.len() - 1]] {
                if w.chars().count() >= 2 && !w.ends_with('.') {
                    let v = surnames.entry(fold_name(w).into()).or_default();
                    if !v.contains(&(i as u32)) {
                        v.push(i as u32);
                    }
                }
            }
        }
        ActorCoder {
            kb,
            matcher,
            surnames,
        }
    }

    /// What the base holds.
    pub fn stats(&self) -> KbStats {
        let mut s = KbStats {
            agents: self.kb.agents.len(),
            surfaces: self.matcher.len(),
            ..KbStats::default()
        };
        for e in &self.kb.entities {
            match e.kind {
                EntKind::Country => s.countries += 1,
                EntKind::Org => s.organizations += 1,
                EntKind::Person => {
                    s.people += 1;
                    s.roles += e.roles.len();
                }
            }
        }
        s
    }

    /// Problems in the loaded base (empty when valid): malformed or unknown
    /// codes and sectors, start after end, one office held by two people at
    /// once, aliases that do not resolve to their entity.
    pub fn problems(&self) -> Vec<String> {
        let mut out = self.kb.problems();
        for (i, e) in self.kb.entities.iter().enumerate() {
            for &a in std::iter::once(&e.name).chain(e.aliases.iter()) {
                let s = self.kb.strings.get(a);
                if !self.matcher.exact(s).contains(&Target::Name(i as u32)) {
                    out.push(format!(
                        "alias `{s}` of `{}` does not resolve to it",
                        self.kb.strings.get(e.id)
                    ));
                }
            }
        }
        out
    }

    // ------------------------------------------------------------ codes --

    fn role_dated(&self, r: &Role) -> DatedCode {
        DatedCode {
            code: self.kb.strings.get(r.code).into(),
            from: r.from.map(|d| d.to_string().into()),
            until: r.until.map(|d| d.to_string().into()),
        }
    }

    /// The role of entity `e` valid on `date`: latest start first, then a
    /// date-restricted role over an open-ended default (PETRARCH's undated
    /// code applies only when no dated one does), then the shorter code.
    fn role_on(&self, e: u32, date: Option<NaiveDate>) -> Option<&Role> {
        let ent = self.kb.entities.get(e as usize)?;
        ent.roles
            .iter()
            .filter(|r| r.valid_on(date))
            .max_by_key(|r| {
                (
                    r.from,
                    r.until.is_some(),
                    std::cmp::Reverse(self.kb.strings.get(r.code).len()),
                )
            })
    }

    /// The country code of a person's last role, for dates with no role.
    fn last_country(&self, e: u32) -> Option<(&str, &Role)> {
        let ent = self.kb.entities.get(e as usize)?;
        ent.roles
            .iter()
            .filter(|r| {
                self.kb
                    .country_of_code(self.kb.strings.get(r.code))
                    .is_some()
            })
            .max_by_key(|r| r.from)
            .and_then(|r| self.kb.strings.get(r.code).get(0..3).map(|c| (c, r)))
    }

    /// Code of entity `e` on `date`, with a reason.
    fn entity_code(&self, e: u32, date: Option<NaiveDate>) -> (Option<String>, String) {
        let s = &self.kb.strings;
        let Some(ent) = self.kb.entities.get(e as usize) else {
            return (None, String::new());
        };
        if let Some(r) = self.role_on(e, date) {
            let when = match (r.from, r.until) {
                (None, None) => String::new(),
                (a, b) => format!(
                    " {}..{}",
                    a.map(|d| d.to_string()).unwrap_or_default(),
                    b.map(|d| d.to_string()).unwrap_or_default()
                ),
            };
            let role = s.get(r.role);
            return (
                Some(s.get(r.code).to_string()),
                format!(
                    "{}{}{} ({} line {})",
                    s.get(r.code),
                    if role.is_empty() {
                        String::new()
                    } else {
                        format!(" as {role}")
                    },
                    when,
                    s.get(r.src.file),
                    r.src.line
                ),
            );
        }
        if ent.kind == EntKind::Person {
            if let Some((c, r)) = self.last_country(e) {
                return (
                    Some(c.to_string()),
                    format!(
                        "no role valid on {}; country of the last role {} {} ({} line {})",
                        date.map(|d| d.to_string())
                            .unwrap_or_else(|| "the current date".into()),
                        s.get(r.code),
                        s.get(r.role),
                        s.get(r.src.file),
                        r.src.line
                    ),
                );
            }
        }
        (None, format!("no code valid on {date:?}"))
    }

    fn country_code(&self, c: u32) -> &str {
        self.kb
            .countries
            .get(c as usize)
            .map(|ci| self.kb.strings.get(ci.code))
            .unwrap_or("")
    }

    fn country_name(&self, c: u32) -> &str {
        self.kb
            .countries
            .get(c as usize)
            .and_then(|ci| self.kb.entities.get(ci.entity as usize))
            .map(|e| self.kb.strings.get(e.name))
            .unwrap_or("")
    }

    // ------------------------------------------------------------ lookup --

    /// Explains how `name` is coded on `date` (or currently): the actor, its
    /// code and why (which role, file and line). Names not in the base are
    /// coded from their own words ("Chinese analyst Cheng Xiaohe").
    pub fn lookup(&self, name: &str, date: Option<NaiveDate>) -> Option<Lookup> {
        let s = &self.kb.strings;
        let targets = self.matcher.exact(name);
        // Prefer persons with a role on the date, then other names.
        let mut best: Option<u32> = None;
        for t in targets {
            if let Target::Name(e) = *t {
                let better = match best {
                    None => true,
                    Some(b) => self.role_on(e, date).is_some() && self.role_on(b, date).is_none(),
                };
                if better {
                    best = Some(e);
                }
            }
        }
        if let Some(e) = best {
            let ent = self.kb.entities.get(e as usize)?;
            let (code, why) = self.entity_code(e, date);
            return Some(Lookup {
                id: s.get(ent.id).to_string(),
                name: s.get(ent.name).to_string(),
                kind: match ent.kind {
                    EntKind::Person => ActorKind::Person,
                    EntKind::Org => ActorKind::Organization,
                    EntKind::Country => ActorKind::Country,
                },
                code,
                codes: ent.roles.iter().map(|r| self.role_dated(r)).collect(),
                why: format!("knowledge base entry `{}`: {why}", s.get(ent.id)),
            });
        }
        for t in targets {
            match *t {
                Target::Capital(c) | Target::Seat(c) => {
                    let code = format!("{}GOV", self.country_code(c));
                    let what = if matches!(t, Target::Capital(_)) {
                        "capital"
                    } else {
                        "seat of government"
                    };
                    return Some(Lookup {
                        id: format!("government-{}", self.country_code(c).to_ascii_lowercase()),
                        name: format!("Government of {}", self.country_name(c)),
                        kind: ActorKind::Country,
                        code: Some(code.clone()),
                        codes: vec![DatedCode { code: code.into(), from: None, until: None }],
                        why: format!(
                            "{what} of {} (countries.tsv); coded as the government when it is the subject of a speech or action verb",
                            self.country_name(c)
                        ),
                    });
                }
                Target::Adjective(c) => {
                    let code = self.country_code(c).to_string();
                    return Some(Lookup {
                        id: format!("country-{}", code.to_ascii_lowercase()),
                        name: self.country_name(c).to_string(),
                        kind: ActorKind::Country,
                        code: Some(code.clone()),
                        codes: vec![DatedCode {
                            code: code.into(),
                            from: None,
                            until: None,
                        }],
                        why: format!(
                            "adjective/demonym of {} (countries.tsv)",
                            self.country_name(c)
                        ),
                    });
                }
                Target::Agent(a, _) => {
                    let ag = self.kb.agents.get(a as usize)?;
                    let sec = s.get(ag.sector).to_string();
                    return Some(Lookup {
                        id: crate::kb::slug(name),
                        name: name.trim().to_string(),
                        kind: ActorKind::Group,
                        code: Some(sec.clone()),
                        codes: vec![DatedCode { code: sec.clone().into(), from: None, until: None }],
                        why: format!(
                            "agent term `{}` → sector {sec} ({} line {}); the country comes from context",
                            s.get(ag.term),
                            s.get(ag.src.file),
                            ag.src.line
                        ),
                    });
                }
                _ => {}
            }
        }
        // Not in the base: code the phrase itself.
        let doc = Document::new(
            Meta {
                id: "lookup".into(),
                date,
                ..Meta::default()
            },
            name.to_string(),
        );
        let actors = self.annotate(&doc);
        let a = actors
            .iter()
            .find(|a| a.kind == ActorKind::Person)
            .or_else(|| actors.first())?;
        Some(Lookup {
            id: a.id.to_string(),
            name: a.name.clone(),
            kind: a.kind,
            code: a.code.as_ref().map(|c| c.to_string()),
            codes: a.codes.clone(),
            why: format!(
                "not in the knowledge base; coded from the phrase's own words ({})",
                a.description
                    .clone()
                    .unwrap_or_else(|| "no description".into())
            ),
        })
    }

    // ---------------------------------------------------------- annotate --

    /// Finds the actors of `doc` and codes each on the document date
    /// (`doc.meta.date`; without a date, current roles apply). Uses the
    /// tokens/sentences, tags and entities layers when set, else built-in
    /// tokenization and capitalisation heuristics. Never panics.
    pub fn annotate(&self, doc: &Document) -> Vec<Actor> {
        let words = Words::of(doc);
        let mut st = State::new(self, doc, words);
        st.run();
        st.finish()
    }
}

/// Per-document working state.
struct State<'a> {
    c: &'a ActorCoder,
    text: &'a str,
    doc: &'a Document,
    date: Option<NaiveDate>,
    w: Words,
    hits: Vec<Hit>,
    /// Hit index covering each word.
    word_hit: Vec<Option<u32>>,
    /// Words used as context of a name (premodifier/apposition) or inside a
    /// name: never a group actor of their own.
    used: Vec<bool>,
    actors: Vec<Acc>,
    index: FxHashMap<Key, usize>,
    /// Short name mentions left for coreference: (w0, w1 of the name word,
    /// mention start word, honorific/title present, context).
    shorts: Vec<(usize, usize, usize, bool, Ctx)>,
}

/// Whether `text` holds `words` as whole words ("the president" holds
/// "president", not "resident").
fn has_words(text: &str, words: &str) -> bool {
    let word_char = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    text.match_indices(words).any(|(i, w)| {
        !word_char(text[..i].chars().next_back()) && !word_char(text[i + w.len()..].chars().next())
    })
}

fn lower_eq(s: &str, list: &[&str]) -> bool {
    list.iter().any(|x| x.eq_ignore_ascii_case(s))
}

fn is_punct(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| !c.is_alphanumeric())
}

impl<'a> State<'a> {
    fn new(c: &'a ActorCoder, doc: &'a Document, w: Words) -> State<'a> {
        let text = doc.text();
        let hits = c.matcher.find(&c.kb, text);
        let mut word_hit = vec![None; w.len()];
        for (i, h) in hits.iter().enumerate() {
            let (a, b) = w.range_of(h.start, h.end);
            for x in word_hit.iter_mut().take(b).skip(a) {
                *x = Some(i as u32);
            }
        }
        let n = w.len();
        State {
            c,
            text,
            doc,
            date: doc.meta.date,
            w,
            hits,
            word_hit,
            used: vec![false; n],
            actors: Vec::new(),
            index: FxHashMap::default(),
            shorts: Vec::new(),
        }
    }

    fn word(&self, i: usize) -> &'a str {
        self.w.text(self.text, i)
    }

    fn hit_at(&self, i: usize) -> Option<(u32, &Hit)> {
        let h = (*self.word_hit.get(i)?)?;
        self.hits.get(h as usize).map(|x| (h, x))
    }

    fn hit_words(&self, h: &Hit) -> (usize, usize) {
        self.w.range_of(h.start, h.end)
    }

    fn country_of_target(&self, t: Target) -> Option<u32> {
        match t {
            Target::Adjective(c) | Target::Capital(c) | Target::Seat(c) => Some(c),
            Target::Name(e) => {
                let ent = self.c.kb.entities.get(e as usize)?;
                match ent.kind {
                    EntKind::Country => {
                        let code = self.c.kb.strings.get(ent.roles.first()?.code);
                        self.c.kb.country_of_code(code)
                    }
                    EntKind::Org => {
                        let code = self.c.kb.strings.get(ent.roles.first()?.code);
                        self.c.kb.country_of_code(code)
                    }
                    EntKind::Person => {
                        let (code, _) = self.c.entity_code(e, self.date);
                        code.and_then(|c| self.c.kb.country_of_code(&c))
                    }
                }
            }
            _ => None,
        }
    }

    fn actor(&mut self, key: Key, make: impl FnOnce() -> Acc) -> usize {
        if let Some(&i) = self.index.get(&key) {
            return i;
        }
        let i = self.actors.len();
        let mut a = make();
        a.key = key.clone();
        self.actors.push(a);
        self.index.insert(key, i);
        i
    }

    fn blank(&self, name: String, kind: ActorKind) -> Acc {
        Acc {
            key: Key::Slug(String::new()),
            name,
            kind,
            ent: None,
            country: None,
            affil: None,
            sector: None,
            description: None,
            mentions: Vec::new(),
            late: false,
            name_words: Vec::new(),
        }
    }

    fn entity_actor(&mut self, e: u32) -> usize {
        let kb = &self.c.kb;
        let Some(ent) = kb.entities.get(e as usize) else {
            return self.actor(Key::Slug("unknown".into()), unreachable_acc);
        };
        let name = kb.strings.get(ent.name).to_string();
        let kind = match ent.kind {
            EntKind::Person => ActorKind::Person,
            EntKind::Org => ActorKind::Organization,
            EntKind::Country => ActorKind::Country,
        };
        let mut acc = self.blank(name.clone(), kind);
        acc.ent = Some(e);
        acc.name_words = name.split_whitespace().map(str::to_string).collect();
        self.actor(Key::Ent(e), move || acc)
    }

    fn span_of_words(&self, a: usize, b: usize) -> Option<Span> {
        let s = self.w.spans.get(a)?;
        let e = self.w.spans.get(b.checked_sub(1)?)?;
        Span::checked(s.start(), e.end())
    }

    fn is_verb_like(&self, i: usize) -> bool {
        if let Some(up) = &self.w.upos {
            if let Some(t) = up.get(i) {
                return matches!(t.as_str(), "VERB" | "AUX");
            }
        }
        let w = self.word(i);
        if w.is_empty()
            || !w.chars().all(|c| c.is_alphabetic())
            || !w.chars().all(char::is_lowercase)
        {
            return false;
        }
        const VERBS: &[&str] = &[
            "said",
            "says",
            "say",
            "told",
            "warned",
            "urged",
            "wants",
            "want",
            "will",
            "would",
            "has",
            "have",
            "had",
            "announced",
            "accused",
            "denied",
            "rejected",
            "agreed",
            "insisted",
            "responded",
            "claimed",
            "called",
            "demanded",
            "threatened",
            "vowed",
            "hopes",
            "fears",
            "may",
            "might",
            "must",
            "should",
            "could",
            "can",
            "did",
            "does",
            "sent",
            "sees",
            "saw",
            "made",
            "gave",
            "took",
            "fired",
            "launched",
            "signed",
            "sought",
            "seeks",
            "wants",
            "plans",
            "refused",
            "refuses",
            "backed",
            "backs",
            "supports",
            "condemned",
            "condemns",
            "welcomed",
            "welcomes",
            "criticized",
            "criticised",
            "met",
            "hit",
            "struck",
            "cut",
            "put",
            "let",
            "set",
            "spent",
            "won",
            "lost",
            "led",
        ];
        if VERBS.contains(&w) {
            return true;
        }
        const NOT: &[&str] = &[
            "is",
            "was",
            "as",
            "has",
            "its",
            "this",
            "thus",
            "us",
            "his",
            "less",
            "unless",
            "across",
            "towards",
            "perhaps",
            "always",
            "red",
            "bed",
            "need",
            "speed",
            "seed",
            "feed",
            "hundred",
            "indeed",
            "was",
            "news",
            "ties",
            "talks",
            "relations",
            "series",
            "forces",
            "affairs",
            "arms",
            "means",
            "sanctions",
            "times",
            "terms",
            "years",
            "months",
            "weeks",
            "days",
            "states",
            "leaders",
            "officials",
            "analysts",
        ];
        if NOT.contains(&w) {
            return false;
        }
        w.len() > 3
            && (w.ends_with("ed") || (w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us")))
    }

    /// The word before `i` skipping one "the".
    fn prev_content(&self, i: usize) -> Option<usize> {
        let s0 = self.w.sent_start(i);
        let mut j = i;
        while j > s0 {
            j -= 1;
            let w = self.word(j);
            if w == "the" || w == "The" {
                continue;
            }
            return Some(j);
        }
        None
    }

    fn locative_before(&self, i: usize) -> bool {
        self.prev_content(i)
            .is_some_and(|j| lower_eq(self.word(j), LOCATIVE))
    }

    /// Like [`State::locative_before`] for a country name, where "at" is
    /// not locative: one is "in" a country but fires, aims, looks or is
    /// angry "at" it ("shells fired at Freedonia").
    /// A place listed after "in"-like words with another ("in Syria and
    /// Iraq") is a place too.
    fn locative_before_country(&self, i: usize) -> bool {
        self.locative_or_listed(i, true)
    }

    /// Whether the words before word `k` make the place there a location:
    /// a locative preposition (any but "at" when `first`, else one of
    /// [`LIST_LOCATIVE`]), or "and"/"or"/"," after another place that
    /// qualifies ("in Syria, Iraq and Jordan").
    fn locative_or_listed(&self, k: usize, first: bool) -> bool {
        let Some(j) = self.prev_content(k) else {
            return false;
        };
        let w = self.word(j);
        if matches!(w, "and" | "or" | ",") && j > 0 {
            return self
                .place_hit_at(j - 1)
                .is_some_and(|p| p < k && self.locative_or_listed(p, false));
        }
        if first {
            !w.eq_ignore_ascii_case("at") && lower_eq(w, LOCATIVE)
        } else {
            lower_eq(w, LIST_LOCATIVE)
        }
    }

    /// First word of the country or capital hit covering word `j`, if any.
    fn place_hit_at(&self, j: usize) -> Option<usize> {
        let (_, h) = self.hit_at(j)?;
        h.targets
            .iter()
            .any(|&t| {
                matches!(t, Target::Name(_) | Target::Capital(_))
                    && self.country_of_target(t).is_some()
            })
            .then(|| self.hit_words(h).0)
    }

    /// Countries coordinated after the place hit covering word `k`
    /// ("in Fornost and Gondor", "in Syria, Iraq and Jordan").
    fn coordinated_places(&self, k: usize) -> Vec<u32> {
        let mut out = Vec::new();
        let mut k = k;
        let end = self.w.sent_end(k);
        while let Some((_, h)) = self.hit_at(k) {
            let (_, e) = self.hit_words(h);
            if e >= end || !matches!(self.word(e), "and" | "or" | ",") {
                break;
            }
            let mut n = e + 1;
            if matches!(self.word(n), "and" | "or") {
                n += 1;
            }
            if matches!(self.word(n), "the") {
                n += 1;
            }
            let Some((_, hh)) = self.hit_at(n) else { break };
            if self.hit_words(hh).0 != n {
                break;
            }
            let Some(c) = hh.targets.iter().find_map(|&t| match t {
                Target::Name(_) | Target::Capital(_) => self.country_of_target(t),
                _ => None,
            }) else {
                break;
            };
            out.push(c);
            k = n;
        }
        out
    }

    // ----------------------------------------------------------- context --

    /// Premodifier context left of word `w0` ("the late North Korean leader").
    fn premod(&self, w0: usize) -> Ctx {
        let mut ctx = Ctx {
            first: w0,
            ..Ctx::default()
        };
        let s0 = self.w.sent_start(w0);
        let mut j = w0;
        let mut meaningful = w0;
        let mut loose = 0;
        while j > s0 {
            let k = j - 1;
            let w = self.word(k);
            if let Some((_, h)) = self.hit_at(k) {
                let (hw0, _) = self.hit_words(h);
                let mut took = false;
                for &t in &h.targets {
                    match t {
                        Target::Adjective(c) => {
                            ctx.country.get_or_insert(c);
                            took = true;
                        }
                        Target::Name(e) => {
                            let ent = self.c.kb.entities.get(e as usize);
                            match ent.map(|x| x.kind) {
                                Some(EntKind::Country) => {
                                    if let Some(c) = self.country_of_target(t) {
                                        ctx.country.get_or_insert(c);
                                        took = true;
                                    }
                                }
                                Some(EntKind::Org) => {
                                    if let Some(code) = crate::matcher::first_code(&self.c.kb, e) {
                                        let code = self.c.kb.strings.get(code);
                                        if let Some(c) = self.c.kb.country_of_code(code) {
                                            ctx.country.get_or_insert(c);
                                        }
                                        // An organisation with its own sector
                                        // ("Taliban" AFGREB) or no country (IGOUNO)
                                        // is the affiliation.
                                        if code.len() > 3
                                            || self.c.kb.country_of_code(code).is_none()
                                        {
                                            ctx.affil.get_or_insert_with(|| code.to_string());
                                        }
                                        took = true;
                                    }
                                }
                                _ => {}
                            }
                        }
                        Target::Agent(a, _) => {
                            if ctx.sector.is_none() {
                                if let Some(ag) = self.c.kb.agents.get(a as usize) {
                                    ctx.sector = Some(ag.sector);
                                    ctx.agent_kind = Some(ag.kind);
                                }
                            }
                            took = true;
                        }
                        _ => {}
                    }
                    if took {
                        break;
                    }
                }
                if !took || hw0 >= j {
                    break;
                }
                j = hw0;
                meaningful = j;
                loose = 0;
                continue;
            }
            if w == "'s" || w == "’s" || w == "-" {
                j = k;
                continue;
            }
            if lower_eq(w, HONORIFICS) {
                j = k;
                meaningful = j;
                continue;
            }
            let lw = w.to_lowercase();
            if lw == "former" || lw == "ex" || lw == "ex-" {
                ctx.former = true;
                j = k;
                meaningful = j;
                continue;
            }
            if lw == "late" {
                ctx.late = true;
                j = k;
                meaningful = j;
                continue;
            }
            if PREMOD_WORDS.contains(&lw.as_str()) && loose < 3 {
                j = k;
                loose += 1;
                continue;
            }
            if lw == "the" {
                ctx.definite = true;
            }
            break;
        }
        if meaningful < w0
            && (ctx.country.is_some()
                || ctx.sector.is_some()
                || ctx.affil.is_some()
                || ctx.late
                || ctx.former)
        {
            if let Some(sp) = self.span_of_words(meaningful, w0) {
                ctx.desc = Some((sp.start(), sp.end()));
            }
            ctx.first = meaningful;
            if meaningful > s0 {
                let w = self.word(meaningful - 1);
                ctx.definite = w == "the" || w == "The";
            }
        } else {
            ctx.first = w0;
        }
        ctx
    }

    /// Apposition context right of word `w1` (", a professor at ... ,").
    fn apposition(&self, w1: usize) -> Option<(Ctx, usize, usize)> {
        if self.word(w1) != "," {
            return None;
        }
        let end = self.w.sent_end(w1);
        let a = w1 + 1;
        let mut b = a;
        while b < end && b < a + 30 {
            let w = self.word(b);
            if matches!(
                w,
                "," | ";" | "—" | "–" | "(" | ")" | "\"" | "“" | "”" | ":" | "."
            ) || matches!(
                w,
                "said" | "says" | "told" | "added" | "who" | "which" | "and"
            ) {
                break;
            }
            b += 1;
        }
        if b == a {
            return None;
        }
        // The phrase must look like a noun phrase, not a clause or a name list.
        let first = self.word(a);
        let first_ok = matches!(
            first.to_lowercase().as_str(),
            "a" | "an" | "the" | "former" | "one"
        ) || self.hit_at(a).is_some()
            || PREMOD_WORDS.contains(&first.to_lowercase().as_str());
        if !first_ok {
            return None;
        }
        let mut ctx = Ctx::default();
        const PREPS: &[&str] = &[
            "at", "of", "for", "on", "in", "under", "with", "from", "to", "by", "since", "during",
            "whose",
        ];
        let mut in_head = true;
        let mut k = a;
        while k < b {
            let w = self.word(k);
            if PREPS.contains(&w) {
                in_head = false;
            }
            if in_head && w.eq_ignore_ascii_case("former") {
                ctx.former = true;
            }
            if let Some((_, h)) = self.hit_at(k) {
                let (_, hw1) = self.hit_words(h);
                for &t in &h.targets {
                    match t {
                        Target::Agent(ai, _) if in_head => {
                            if let Some(ag) = self.c.kb.agents.get(ai as usize) {
                                ctx.sector = Some(ag.sector);
                                ctx.agent_kind = Some(ag.kind);
                            }
                        }
                        Target::Agent(..) => {}
                        _ => {
                            if ctx.country.is_none() && ctx.affil.is_none() {
                                if let Some(c) = self.country_of_target(t) {
                                    ctx.country = Some(c);
                                } else if let Target::Name(e) = t {
                                    if self
                                        .c
                                        .kb
                                        .entities
                                        .get(e as usize)
                                        .is_some_and(|x| x.kind == EntKind::Org)
                                    {
                                        if let Some(code) =
                                            crate::matcher::first_code(&self.c.kb, e)
                                        {
                                            ctx.affil =
                                                Some(self.c.kb.strings.get(code).to_string());
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                k = hw1.max(k + 1);
                continue;
            }
            k += 1;
        }
        if ctx.sector.is_none() && ctx.country.is_none() && ctx.affil.is_none() {
            return None;
        }
        if let Some(sp) = self.span_of_words(a, b) {
            ctx.desc = Some((sp.start(), sp.end()));
        }
        Some((ctx, a, b))
    }

    fn desc_text(&self, d: Option<(usize, usize)>) -> Option<String> {
        let (a, b) = d?;
        self.text
            .get(a..b)
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    }

    /// Both contexts of a name `[w0, w1)`; marks their words used.
    fn name_context(&mut self, w0: usize, w1: usize) -> Ctx {
        let mut pre = self.premod(w0);
        // Reversed apposition: "A Taliban spokesman, Zabihullah Mujahid, said".
        if pre.sector.is_none()
            && pre.country.is_none()
            && pre.affil.is_none()
            && w0 >= 2
            && self.word(w0 - 1) == ","
            && self.w.sent.get(w0 - 1) == self.w.sent.get(w0)
        {
            let p2 = self.premod(w0 - 1);
            if p2.sector.is_some() && p2.agent_kind == Some(AgentKind::Person) {
                let mut first = p2.first;
                if first > 0
                    && matches!(
                        self.word(first - 1),
                        "a" | "an" | "A" | "An" | "the" | "The"
                    )
                {
                    first -= 1;
                }
                for k in first..w0 {
                    if let Some(u) = self.used.get_mut(k) {
                        *u = true;
                    }
                }
                pre = p2;
            }
        }
        for k in pre.first..w0 {
            if let Some(u) = self.used.get_mut(k) {
                *u = true;
            }
        }
        if let Some((ap, a, b)) = self.apposition(w1) {
            for k in a..b {
                if let Some((_, h)) = self.hit_at(k) {
                    if h.targets.iter().any(|t| matches!(t, Target::Agent(..))) {
                        if let Some(u) = self.used.get_mut(k) {
                            *u = true;
                        }
                    }
                }
            }
            if pre.country.is_none() {
                pre.country = ap.country;
            }
            if pre.affil.is_none() {
                pre.affil = ap.affil;
            }
            if pre.sector.is_none() {
                pre.sector = ap.sector;
                pre.agent_kind = ap.agent_kind;
                pre.former |= ap.former;
            }
            if pre.desc.is_none() {
                pre.desc = ap.desc;
            }
        }
        pre
    }

    fn add_mention(&mut self, actor: usize, span: Span) {
        if let Some(a) = self.actors.get_mut(actor) {
            if !a.mentions.contains(&span) {
                a.mentions.push(span);
            }
        }
    }

    fn apply_ctx(&mut self, actor: usize, ctx: &Ctx) {
        let desc = self.desc_text(ctx.desc);
        let country = ctx.country.map(|c| self.c.country_code(c).to_string());
        let sector = if ctx.former {
            None
        } else {
            ctx.sector.map(|s| self.c.kb.strings.get(s).to_string())
        };
        let Some(a) = self.actors.get_mut(actor) else {
            return;
        };
        if ctx.late {
            a.late = true;
        }
        if a.description.is_none() {
            a.description = desc;
        }
        if a.ent.is_none() {
            if a.country.is_none() {
                a.country = country;
            }
            if a.affil.is_none() {
                a.affil = ctx.affil.clone();
            }
            if a.sector.is_none() {
                a.sector = sector;
            }
        } else if a.sector.is_none() {
            // For a base person with no role on the date ("Opposition leader X").
            a.sector = sector;
        }
    }

    // ------------------------------------------------------------- passes --

    fn run(&mut self) {
        self.kb_hits();
        let runs = self.runs();
        for r in runs {
            self.name_run(r);
        }
        self.agent_phrases();
        self.short_names();
        // which words lie inside quotation marks, for both pronoun passes
        let in_quote = if self.has_parse() {
            self.in_quote()
        } else {
            Vec::new()
        };
        // twice: a pronoun whose person was named two sentences back takes
        // the referent of a pronoun in the sentence before ("Kim Yo Jong
        // said ... 'We ...,' she said ... She also criticised ...")
        self.pronouns(&in_quote);
        self.pronouns(&in_quote);
        self.it_speakers(&in_quote);
    }

    /// Whether the document has a parse of its words (pronoun resolution by
    /// salience needs it).
    fn has_parse(&self) -> bool {
        self.doc.has(Layer::Parse) && self.doc.parse().len() == self.w.len()
    }

    fn kb_hits(&mut self) {
        for hi in 0..self.hits.len() {
            let h = self.hits[hi].clone();
            let Some(span) = Span::checked_in(self.text, h.start, h.end) else {
                continue;
            };
            let (w0, w1) = self.hit_words(&h);
            let kb = &self.c.kb;
            let mut persons = Vec::new();
            let mut countries = Vec::new();
            let mut orgs = Vec::new();
            let mut gov = None;
            for &t in &h.targets {
                match t {
                    Target::Name(e) => match kb.entities.get(e as usize).map(|x| x.kind) {
                        Some(EntKind::Person) => persons.push(e),
                        Some(EntKind::Country) => countries.push(e),
                        Some(EntKind::Org) => orgs.push(e),
                        None => {}
                    },
                    Target::Capital(c) if self.capital_is_actor(w0, w1) => gov = Some(c),
                    Target::Seat(c) if !self.locative_before(w0) => gov = Some(c),
                    _ => {}
                }
            }
            if !persons.is_empty() {
                let date = self.date;
                let e = persons
                    .iter()
                    .copied()
                    .find(|&p| self.c.role_on(p, date).is_some())
                    .unwrap_or(persons[0]);
                for k in w0..w1 {
                    if let Some(u) = self.used.get_mut(k) {
                        *u = true;
                    }
                }
                let ctx = self.name_context(w0, w1);
                let a = self.entity_actor(e);
                self.add_mention(a, span);
                self.apply_ctx(a, &ctx);
                // Words of the surface used ("Zelenskiy") also identify the person.
                let surface = span.get(self.text).unwrap_or("");
                if let Some(acc) = self.actors.get_mut(a) {
                    for w in surface.split_whitespace() {
                        if !acc.name_words.iter().any(|x| x == w) {
                            acc.name_words.push(w.to_string());
                        }
                    }
                }
            } else if !orgs.is_empty() {
                for k in w0..w1 {
                    if let Some(u) = self.used.get_mut(k) {
                        *u = true;
                    }
                }
                // The members of one compound dictionary entry ("the Shire"
                // as `[FRO/BIL/SAM]`) are all actors; rival entries are not.
                let src0 = kb.entities.get(orgs[0] as usize).map(|x| x.src);
                let members: Vec<u32> = orgs
                    .iter()
                    .copied()
                    .filter(|&o| kb.entities.get(o as usize).map(|x| x.src) == src0)
                    .collect();
                for o in members {
                    let a = self.entity_actor(o);
                    self.add_mention(a, span);
                }
            } else if !countries.is_empty() {
                if self.locative_before_country(w0) {
                    continue;
                }
                for e in countries {
                    let a = self.entity_actor(e);
                    self.add_mention(a, span);
                }
            } else if let Some(c) = gov {
                let a = self.gov_actor(c);
                self.add_mention(a, span);
            } else if let Some(c) = h.targets.iter().find_map(|t| match t {
                Target::Adjective(c) => Some(*c),
                _ => None,
            }) {
                // A plural demonym used as a noun ("Afghans crowded the airport").
                let surface = span.get(self.text).unwrap_or("");
                let next_is_noun = self.hit_at(w1).is_some_and(|(_, nh)| {
                    nh.targets.iter().any(|t| matches!(t, Target::Agent(..)))
                }) || self.w.upos.as_ref().is_some_and(|u| {
                    u.get(w1)
                        .is_some_and(|t| matches!(t.as_str(), "NOUN" | "PROPN"))
                });
                if surface.ends_with('s') && !surface.ends_with("ss") && !next_is_noun {
                    let code = self.c.country_code(c).to_string();
                    let mut acc = self.blank(surface.to_string(), ActorKind::Group);
                    acc.country = Some(code.clone());
                    let a = self.actor(
                        Key::Slug(format!("{}-people", code.to_ascii_lowercase())),
                        move || acc,
                    );
                    self.add_mention(a, span);
                }
            }
        }
    }

    fn gov_actor(&mut self, c: u32) -> usize {
        let name = format!("Government of {}", self.c.country_name(c));
        let code = self.c.country_code(c).to_string();
        let mut acc = self.blank(name, ActorKind::Country);
        acc.country = Some(code);
        acc.sector = Some("GOV".into());
        self.actor(Key::Gov(c), move || acc)
    }

    fn capital_is_actor(&self, w0: usize, w1: usize) -> bool {
        if self.locative_before(w0) {
            return false;
        }
        // Object of a verb ("thanked Washington", "accused Beijing").
        if w0 > self.w.sent_start(w0)
            && self.is_verb_like(w0 - 1)
            && !matches!(
                self.word(w0 - 1),
                "has"
                    | "have"
                    | "had"
                    | "will"
                    | "would"
                    | "could"
                    | "can"
                    | "may"
                    | "might"
                    | "must"
                    | "should"
                    | "did"
                    | "does"
            )
        {
            return true;
        }
        // "between Washington and Pyongyang"
        let s0 = self.w.sent_start(w0);
        let lo = w0.saturating_sub(4).max(s0);
        if (lo..w0).any(|k| self.word(k) == "between") {
            return true;
        }
        let end = self.w.sent_end(w0);
        let mut k = w1;
        let mut skipped = 0;
        while k < end && skipped < 3 {
            let w = self.word(k);
            if matches!(
                w,
                "also"
                    | "has"
                    | "have"
                    | "had"
                    | "will"
                    | "would"
                    | "could"
                    | "did"
                    | "does"
                    | "not"
                    | "never"
                    | "already"
                    | "reportedly"
                    | "on"
                    | "then"
                    | "now"
            ) || w.ends_with("ly") && w.chars().all(char::is_lowercase)
            {
                if matches!(
                    w,
                    "has" | "have" | "had" | "will" | "would" | "could" | "did" | "does"
                ) {
                    return true;
                }
                k += 1;
                skipped += 1;
                continue;
            }
            return self.is_verb_like(k);
        }
        false
    }

    /// Candidate name runs: the entities layer when set, else capitalised
    /// word sequences.
    fn runs(&self) -> Vec<Run> {
        let mut out = Vec::new();
        if self.doc.has(Layer::Entities) && self.doc.has(Layer::Tokens) {
            for e in self.doc.entities() {
                let (a, b) = (
                    e.tokens.start as usize,
                    (e.tokens.end as usize).min(self.w.len()),
                );
                if a >= b {
                    continue;
                }
                // "Kim Yo Jong" tagged as two names, "Kim" and "Yo Jong": two
                // person names with only a space between are one
                if let Some(last) = out.last_mut().filter(|r: &&mut Run| {
                    r.w1 == a
                        && r.label == Some(EntityLabel::Per)
                        && e.label == EntityLabel::Per
                        && self.space_between(a - 1, a)
                }) {
                    last.w1 = b;
                    continue;
                }
                out.push(Run {
                    w0: a,
                    w1: b,
                    label: Some(e.label),
                });
            }
            return out;
        }
        let n = self.w.len();
        let mut i = 0;
        while i < n {
            if !self.cap_word(i) {
                i += 1;
                continue;
            }
            let start = i;
            let mut j = i + 1;
            while j < n && self.w.sent.get(j) == self.w.sent.get(start) {
                if self.cap_word(j) {
                    j += 1;
                } else if NAME_CONNECTORS.contains(&self.word(j))
                    && j + 1 < n
                    && self.cap_word(j + 1)
                {
                    j += 2;
                } else {
                    break;
                }
            }
            out.push(Run {
                w0: start,
                w1: j,
                label: None,
            });
            i = j;
        }
        out
    }

    /// Whether words `i` and `j` of one sentence have a single space
    /// between them.
    fn space_between(&self, i: usize, j: usize) -> bool {
        match (self.w.spans.get(i), self.w.spans.get(j)) {
            (Some(x), Some(y)) if self.w.sent.get(i) == self.w.sent.get(j) => {
                self.text.get(x.end as usize..y.start as usize) == Some(" ")
            }
            _ => false,
        }
    }

    fn cap_word(&self, i: usize) -> bool {
        let w = self.word(i);
        let Some(first) = w.chars().next() else {
            return false;
        };
        if w.starts_with("al-") || w.starts_with("el-") {
            return w.chars().nth(3).is_some_and(char::is_uppercase);
        }
        first.is_uppercase()
            && w.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'))
    }

    fn name_run(&mut self, r: Run) {
        // NER sometimes types a lone surname LOC ("Bush said" beside "Jeb
        // Bush"): one word, not a name of the knowledge base (countries,
        // cities), that the document also tags as part of a person's name,
        // goes on as a name; other LOC and MISC spans are not actors.
        let loc_surname = r.label == Some(EntityLabel::Loc)
            && r.w1 == r.w0 + 1
            && self.hit_at(r.w0).is_none()
            && self.in_person_entity(self.word(r.w0));
        if matches!(r.label, Some(EntityLabel::Loc) | Some(EntityLabel::Misc)) && !loc_surname {
            return;
        }
        // Split around KB names; strip leading titles and sentence starters.
        let mut w0 = r.w0;
        let mut w1 = r.w1;
        let mut honorific = false;
        let mut title_agent = false;
        // "University of Sydney", "Bank of Korea", "Institute for Fiscal
        // Studies": an organisation head followed by "of" or "for" makes the
        // whole run an organisation.
        let mut s = r.w0;
        while s < r.w1 && NOT_NAME.contains(&self.word(s)) {
            s += 1;
        }
        let org_first = r.label != Some(EntityLabel::Per)
            && s + 2 < r.w1 + 1
            && ORG_HEADS.contains(&self.word(s))
            && matches!(self.word(s + 1), "of" | "for")
            && s + 2 < r.w1;
        if org_first {
            w0 = s;
        }
        while w0 < w1 && !org_first {
            let w = self.word(w0);
            if lower_eq(w, HONORIFICS) {
                honorific = true;
                w0 += 1;
                continue;
            }
            if let Some((_, h)) = self.hit_at(w0) {
                let (_, hw1) = self.hit_words(h);
                let is_agent = h.targets.iter().any(|t| matches!(t, Target::Agent(..)));
                let is_name_like = h.targets.iter().any(|t| !matches!(t, Target::Agent(..)));
                if is_agent || is_name_like {
                    if is_agent {
                        title_agent = true;
                    }
                    w0 = hw1.max(w0 + 1);
                    continue;
                }
            }
            if NOT_NAME.contains(&w) && (self.w.sentence_initial(self.text, w0) || w0 == r.w0) {
                w0 += 1;
                continue;
            }
            break;
        }
        // A KB hit inside the run cuts it (the hit was handled already).
        let mut k = w0;
        while k < w1 && !org_first {
            // a role word inside an organisation's name is part of it
            // ("Central Bank of Kenya", "Supreme Court of India")
            let name_hit = self.hit_at(k).is_some_and(|(_, h)| {
                r.label != Some(EntityLabel::Org)
                    || h.targets.iter().any(|t| !matches!(t, Target::Agent(..)))
            });
            if name_hit {
                let is_org_tail = self.word(w1 - 1);
                // "Washington Post"-like: keep whole when the run ends in an org head.
                if ORG_HEADS.contains(&is_org_tail) && k > w0 {
                    break;
                }
                // "U.S. Embassy in Georgia", "Central Bank of Kenya": a place
                // after a preposition belongs to an organisation's name
                if k > w0 + 1
                    && r.label != Some(EntityLabel::Per)
                    && matches!(self.word(k - 1), "in" | "to" | "at" | "for" | "on" | "of")
                {
                    break;
                }
                w1 = k;
                break;
            }
            k += 1;
        }
        while w1 > w0
            && (is_punct(self.word(w1 - 1)) || NAME_CONNECTORS.contains(&self.word(w1 - 1)))
        {
            w1 -= 1;
        }
        if w0 >= w1 {
            return;
        }
        let nwords = (w0..w1).filter(|&k| !is_punct(self.word(k))).count();
        let last = self.word(w1 - 1);
        // NER often types a lone surname as ORG ("Trump said"): when the
        // document also tags that word as (part of) a person's name, or it
        // is the surname of the one office holder of the base on the date,
        // it is that person, left to surname coreference below.
        let person_surname = nwords == 1 && !org_first && self.is_person_word(self.word(w0));
        let is_org = (r.label == Some(EntityLabel::Org) && !person_surname)
            || org_first
            || (r.label.is_none() && ORG_HEADS.contains(&last) && nwords >= 2);
        let Some(span) = self.span_of_words(w0, w1) else {
            return;
        };
        let name = span.get(self.text).unwrap_or("").to_string();
        if is_org {
            for k in w0..w1 {
                if let Some(u) = self.used.get_mut(k) {
                    *u = true;
                }
            }
            let mut ctx = self.premod(w0);
            // Sector from the head word's agent ("University" → EDU).
            let head = if org_first { w0 } else { w1 - 1 };
            if let Some((_, h)) = self.hit_at(head) {
                for &t in &h.targets {
                    if let Target::Agent(a, _) = t {
                        if let Some(ag) = self.c.kb.agents.get(a as usize) {
                            ctx.sector = Some(ag.sector);
                        }
                    }
                }
            }
            // "Central Bank of Kenya", "Embassy in Georgia": the country
            // and the role word inside the name
            for k in w0..w1 {
                let Some((_, h)) = self.hit_at(k) else {
                    continue;
                };
                for &t in &h.targets {
                    if ctx.country.is_none() {
                        ctx.country = self.country_of_target(t);
                    }
                    if let (None, Target::Agent(a, _)) = (ctx.sector, t) {
                        ctx.sector = self.c.kb.agents.get(a as usize).map(|ag| ag.sector);
                    }
                }
            }
            // "in Beijing" after the name.
            if ctx.country.is_none() && self.word(w1) == "in" {
                if let Some((_, h)) = self.hit_at(w1 + 1) {
                    let ts = h.targets.clone();
                    ctx.country = ts.iter().find_map(|&t| self.country_of_target(t));
                }
            }
            ctx.desc = None;
            let acc = self.blank(name.clone(), ActorKind::Organization);
            let a = self.actor(Key::Slug(crate::kb::slug(&name)), move || acc);
            self.add_mention(a, span);
            self.apply_ctx(a, &ctx);
            return;
        }
        if nwords == 1 {
            // A single name word: coreference only (or a titled new person).
            let ctx = self.premod(w0);
            let start_word = if honorific || title_agent { r.w0 } else { w0 };
            let titled = honorific || title_agent || r.label == Some(EntityLabel::Per);
            self.shorts.push((w0, w1, start_word, titled, ctx));
            return;
        }
        let is_person = r.label == Some(EntityLabel::Per) || {
            honorific || title_agent || self.person_context(w0, w1)
        };
        if !is_person {
            return;
        }
        for k in w0..w1 {
            if let Some(u) = self.used.get_mut(k) {
                *u = true;
            }
        }
        // Same full name seen already?
        let key = Key::Slug(crate::kb::slug(&name));
        let existing = self.index.get(&key).copied().or_else(|| {
            self.actors
                .iter()
                .position(|a| a.kind == ActorKind::Person && a.name == name)
        });
        let ctx = self.name_context(w0, w1);
        let a = match existing {
            Some(a) => {
                // a name the headline's tagger took for an organisation
                // ("North Korea rejects talks, Kim Yo Jong says") is a
                // person once the text names a person by it
                let acc = &mut self.actors[a];
                if acc.kind == ActorKind::Organization && acc.ent.is_none() {
                    acc.kind = ActorKind::Person;
                    acc.name_words = name.split_whitespace().map(str::to_string).collect();
                }
                a
            }
            None => {
                let mut acc = self.blank(name.clone(), ActorKind::Person);
                acc.name_words = name.split_whitespace().map(str::to_string).collect();
                self.actor(key, move || acc)
            }
        };
        let mention = if honorific || title_agent {
            self.span_of_words(r.w0, w1).unwrap_or(span)
        } else {
            span
        };
        self.add_mention(a, mention);
        self.apply_ctx(a, &ctx);
    }

    /// True when a capitalised multi-word run has person context: a role or
    /// country premodifier, an apposition, or a speech verb next to it.
    fn person_context(&self, w0: usize, w1: usize) -> bool {
        let pre = self.premod(w0);
        if pre.sector.is_some() || pre.country.is_some() {
            return true;
        }
        if let Some((ap, _, _)) = self.apposition(w1) {
            if ap.sector.is_some() || ap.country.is_some() || ap.former {
                return true;
            }
        }
        let next = self.word(w1);
        if matches!(
            next,
            "said"
                | "says"
                | "told"
                | "added"
                | "asked"
                | "noted"
                | "argued"
                | "wrote"
                | "commented"
                | "assessed"
        ) {
            return true;
        }
        if w0 >= 1
            && matches!(
                self.word(w0 - 1),
                "said" | "says" | "commented" | "wrote" | "added"
            )
        {
            return true;
        }
        // Two or three name-like words with no organisation head, not after
        // a preposition of place ("in New York").
        if w0 > 0
            && (lower_eq(self.word(w0 - 1), LOCATIVE)
                || matches!(
                    self.word(w0 - 1),
                    "from" | "to" | "of" | "on" | "about" | "over" | "for" | "the"
                ))
        {
            return false;
        }
        if (w0..w1).any(|k| PLACE_WORDS.contains(&self.word(k))) {
            return false;
        }
        let n = w1 - w0;
        (2..=3).contains(&n)
            && (w0..w1).all(|k| {
                let w = self.word(k);
                !w.chars().all(|c| c.is_uppercase() || !c.is_alphabetic())
            })
    }

    fn is_np_head(&self, next: usize, end: usize) -> bool {
        if next >= end {
            return true;
        }
        if let Some(up) = &self.w.upos {
            if let Some(t) = up.get(next) {
                return !matches!(t.as_str(), "NOUN" | "PROPN");
            }
        }
        let w = self.word(next);
        if is_punct(w) || w == "'s" || w == "’s" {
            return true;
        }
        if w.chars().next().is_some_and(char::is_uppercase) {
            return true;
        }
        let lw = w.to_lowercase();
        FUNCTION_WORDS.contains(&lw.as_str())
            || lw.ends_with("ed")
            || lw.ends_with("ly")
            || w.chars().any(|c| c.is_ascii_digit())
    }

    /// Group noun phrases and definite descriptions.
    fn agent_phrases(&mut self) {
        for hi in 0..self.hits.len() {
            let h = self.hits[hi].clone();
            let Some((a, plural)) = h.targets.iter().find_map(|t| match t {
                Target::Agent(a, p) => Some((*a, *p)),
                _ => None,
            }) else {
                continue;
            };
            let (w0, w1) = self.hit_words(&h);
            if (w0..w1).any(|k| self.used.get(k).copied().unwrap_or(true)) {
                continue;
            }
            let end = self.w.sent_end(w0);
            let Some(ag) = self.c.kb.agents.get(a as usize).cloned() else {
                continue;
            };
            // Plural and role nouns head their phrase; institution and
            // collective nouns often modify ("police station", "press conference").
            if !plural && ag.kind != AgentKind::Person && !self.is_np_head(w1, end) {
                continue;
            }
            // A capitalised title before a name was handled with the name.
            if self.w.spans.get(w1).is_some()
                && self.cap_word(w1)
                && !self.w.sentence_initial(self.text, w1)
                && ag.kind == AgentKind::Person
            {
                continue;
            }
            let mut ctx = self.premod(w0);
            // One premodifier for coordinated agents: "Danish media and
            // government" (the government is Danish too).
            if ctx.country.is_none() && ctx.affil.is_none() && w0 >= 2 {
                if let ("and" | "or", Some((_, ph))) = (self.word(w0 - 1), self.hit_at(w0 - 2)) {
                    let (p0, p1) = self.hit_words(ph);
                    if p1 == w0 - 1 && ph.targets.iter().any(|t| matches!(t, Target::Agent(..))) {
                        let pc = self.premod(p0);
                        ctx.country = pc.country;
                        ctx.affil = pc.affil;
                    }
                }
            }
            // More countries for the same agents: "lawmakers in A and B".
            let mut more = Vec::new();
            // "the government of Japan"
            if ctx.country.is_none() && self.word(w1) == "of" {
                let mut k = w1 + 1;
                if matches!(self.word(k), "the") {
                    k += 1;
                }
                if let Some((_, hh)) = self.hit_at(k) {
                    let ts = hh.targets.clone();
                    ctx.country = ts.iter().find_map(|&t| match t {
                        Target::Name(_) | Target::Capital(_) => self.country_of_target(t),
                        _ => None,
                    });
                    if ctx.country.is_some() {
                        more = self.coordinated_places(k);
                    }
                }
            }
            // "lawmakers and officials in Paris": the place of the last
            // coordinated agent is the place of all.
            if ctx.country.is_none() && ctx.affil.is_none() && matches!(self.word(w1), "and" | "or")
            {
                if let Some((_, nh)) = self.hit_at(w1 + 1) {
                    let (n0, n1) = self.hit_words(nh);
                    if n0 == w1 + 1
                        && nh.targets.iter().any(|t| matches!(t, Target::Agent(..)))
                        && matches!(self.word(n1), "in" | "of")
                    {
                        let mut k = n1 + 1;
                        if self.word(k) == "the" {
                            k += 1;
                        }
                        if let Some((_, hh)) = self.hit_at(k) {
                            ctx.country = hh.targets.iter().find_map(|&t| match t {
                                Target::Name(_) | Target::Capital(_) => self.country_of_target(t),
                                _ => None,
                            });
                            if ctx.country.is_some() {
                                more = self.coordinated_places(k);
                            }
                        }
                    }
                }
            }
            // "police in Paris", "protesters in Tehran"
            if ctx.country.is_none() && self.word(w1) == "in" {
                if let Some((_, hh)) = self.hit_at(w1 + 1) {
                    let ts = hh.targets.clone();
                    ctx.country = ts.iter().find_map(|&t| match t {
                        Target::Name(_) | Target::Capital(_) => self.country_of_target(t),
                        _ => None,
                    });
                    if ctx.country.is_some() {
                        more = self.coordinated_places(w1 + 1);
                    }
                }
            }
            let definite = ctx.definite || (w0 > 0 && matches!(self.word(w0 - 1), "the" | "The"));
            let Some(span) = self.span_of_words(w0, w1) else {
                continue;
            };
            let term = self.c.kb.strings.get(ag.term).to_string();
            // Definite description of a role holder.
            if ag.kind == AgentKind::Person && !plural && definite {
                if let Some(e) = self.role_holder(&term, ctx.country) {
                    let mut first = ctx.first.min(w0);
                    if first > 0 && matches!(self.word(first - 1), "the" | "The") {
                        first -= 1;
                    }
                    let full = self.span_of_words(first, w1).unwrap_or(span);
                    let act = self.entity_actor(e);
                    self.add_mention(act, full);
                    continue;
                }
            }
            // "a party to the talks", "a leader like him": not an actor.
            if !plural && ctx.country.is_none() && ctx.affil.is_none() {
                let f = ctx.first.min(w0);
                let s0 = self.w.sent_start(w0);
                let lo = f.saturating_sub(3).max(s0);
                let indefinite = (lo..f)
                    .rev()
                    .any(|k| matches!(self.word(k), "a" | "an" | "A" | "An"))
                    && (lo..f).all(|k| {
                        self.word(k)
                            .chars()
                            .all(|c| c.is_lowercase() || !c.is_alphabetic())
                            || matches!(self.word(k), "A" | "An")
                    });
                if indefinite {
                    continue;
                }
            }
            let sector = self.c.kb.strings.get(ag.sector).to_string();
            let mut phrase_start = ctx.first.min(w0);
            // Quantifiers belong to the group phrase ("some analysts").
            if phrase_start > self.w.sent_start(w0)
                && lower_eq(self.word(phrase_start - 1), QUANTIFIERS)
            {
                phrase_start -= 1;
            }
            let full = self.span_of_words(phrase_start, w1).unwrap_or(span);
            let phrase = full.get(self.text).unwrap_or("").to_string();
            // "the Chinese government" is the government actor.
            if sector == "GOV"
                && matches!(
                    term.as_str(),
                    "government"
                        | "administration"
                        | "regime"
                        | "authorities"
                        | "leadership"
                        | "cabinet"
                )
            {
                if let Some(c) = ctx.country {
                    for c in std::iter::once(c).chain(more) {
                        let act = self.gov_actor(c);
                        self.add_mention(act, full);
                    }
                    continue;
                }
            }
            let plural_term = if ag.kind != AgentKind::Person || term.ends_with('s') {
                term.clone()
            } else {
                crate::matcher::plural(&term)
            };
            for country in std::iter::once(ctx.country).chain(more.into_iter().map(Some)) {
                let country_code = country.map(|c| self.c.country_code(c).to_string());
                let key_str = match (&country_code, &ctx.affil) {
                    (Some(c), _) => format!(
                        "{}-{}",
                        c.to_ascii_lowercase(),
                        crate::kb::slug(&plural_term)
                    ),
                    (None, Some(af)) => format!(
                        "{}-{}",
                        af.to_ascii_lowercase(),
                        crate::kb::slug(&plural_term)
                    ),
                    (None, None) => crate::kb::slug(&plural_term),
                };
                let mut acc = self.blank(phrase.clone(), ActorKind::Group);
                acc.country = country_code;
                acc.affil = ctx.affil.clone();
                // Former officials as a group are elites (CAMEO `ELI`).
                acc.sector = Some(if ctx.former {
                    "ELI".to_string()
                } else {
                    sector.clone()
                });
                let act = self.actor(Key::Slug(key_str), move || acc);
                self.add_mention(act, full);
                if let Some(x) = self.actors.get_mut(act) {
                    if phrase.len() > x.name.len() {
                        x.name = phrase.clone();
                    }
                }
            }
        }
    }

    /// The person holding a role named `term` on the document date, in
    /// `country` when given; actors already in the document come first.
    fn role_holder(&self, term: &str, country: Option<u32>) -> Option<u32> {
        let kb = &self.c.kb;
        let want_code = country.map(|c| format!("{}GOV", self.c.country_code(c)));
        let matches_role = |r: &Role| -> bool {
            let code = kb.strings.get(r.code);
            if let Some(w) = &want_code {
                if code != w {
                    return false;
                }
            }
            let role = kb.strings.get(r.role).to_lowercase();
            if term == "leader" {
                HEAD_ROLES.iter().any(|h| role.contains(h))
            } else {
                has_words(&role, term)
                    && (term.contains("vice") || !role.contains("vice"))
                    && (term.contains("deputy") || !role.contains("deputy"))
            }
        };
        // In the document first.
        let mut in_doc: Vec<u32> = self
            .actors
            .iter()
            .filter_map(|a| a.ent)
            .filter(|&e| {
                kb.entities.get(e as usize).is_some_and(|x| {
                    x.kind == EntKind::Person
                        && x.roles
                            .iter()
                            .any(|r| r.valid_on(self.date) && matches_role(r))
                })
            })
            .collect();
        in_doc.dedup();
        if in_doc.len() == 1 {
            return in_doc.first().copied();
        }
        if !in_doc.is_empty() || want_code.is_none() {
            return None;
        }
        let found: Vec<u32> = kb
            .entities
            .iter()
            .enumerate()
            .filter(|(_, x)| {
                x.kind == EntKind::Person
                    && x.roles
                        .iter()
                        .any(|r| r.valid_on(self.date) && matches_role(r))
            })
            .map(|(i, _)| i as u32)
            .collect();
        if found.len() == 1 {
            found.first().copied()
        } else {
            None
        }
    }

    /// True when `word` is the first or last word of a PER entity of the
    /// document, or the surname of the one person of the base who holds a
    /// role on the document date.
    fn is_person_word(&self, word: &str) -> bool {
        let holder = self.c.surnames.get(&*fold_name(word)).is_some_and(|cands| {
            cands
                .iter()
                .filter(|&&e| self.c.role_on(e, self.date).is_some())
                .count()
                == 1
        });
        holder || self.in_person_entity(word)
    }

    /// Whether `word` is the first or last word of a PER entity of the
    /// document.
    fn in_person_entity(&self, word: &str) -> bool {
        let text = self.doc.text();
        self.doc
            .entities()
            .iter()
            .filter(|e| e.label == EntityLabel::Per)
            .any(|e| {
                let t = e.span.slice(text);
                let mut ws = t.split_whitespace();
                let first = ws.next();
                let last = ws.next_back().or(first);
                first == Some(word) || last == Some(word)
            })
    }

    fn salience(&self, a: &Acc) -> (bool, bool, usize) {
        let has_role = a
            .ent
            .is_some_and(|e| self.c.role_on(e, self.date).is_some());
        (!a.late, has_role, a.mentions.len())
    }

    fn short_names(&mut self) {
        let shorts = std::mem::take(&mut self.shorts);
        for (w0, w1, start_word, titled, ctx) in shorts {
            let word = self.word(w0).trim_end_matches('.').to_string();
            let Some(span) = self.span_of_words(start_word, w1) else {
                continue;
            };
            let pos = span.start;
            // "Mrs. Clinton" is not Bill Clinton: an honorific's sex rules
            // out a person of the other sex (by the base or the first name)
            let mark = self.marked_before(start_word.min(w0));
            let other_sex = |ent: Option<u32>, name: &str| {
                let known = ent
                    .and_then(|e| self.c.kb.entities.get(e as usize))
                    .and_then(|e| gender::of_person(self.c.kb.strings.get(e.id)))
                    .or_else(|| name.split_whitespace().next().and_then(gender::first_name));
                mark.is_some() && known.is_some() && known != mark
            };
            // Candidates in the document: persons with this name word.
            let mut best: Option<(usize, (bool, bool, usize), u32)> = None;
            for (i, a) in self.actors.iter().enumerate() {
                if a.kind != ActorKind::Person
                    || a.name_words.len() < 2
                    || !a.name_words.contains(&word)
                    || other_sex(a.ent, &a.name)
                {
                    continue;
                }
                let sal = self.salience(a);
                // Distance: nearest preceding mention wins ties.
                let near = a
                    .mentions
                    .iter()
                    .filter(|m| m.start <= pos)
                    .map(|m| m.start)
                    .max()
                    .unwrap_or(0);
                let better = match &best {
                    None => true,
                    Some((_, s, n)) => (sal, near) > (*s, *n),
                };
                if better {
                    best = Some((i, sal, near));
                }
            }
            if let Some((i, _, _)) = best {
                self.add_mention(i, span);
                continue;
            }
            // The base: a unique person with a role on the date.
            if let Some(cands) = self.c.surnames.get(&*fold_name(&word)) {
                let date = self.date;
                let valid: Vec<u32> = cands
                    .iter()
                    .copied()
                    .filter(|&e| self.c.role_on(e, date).is_some() && !other_sex(Some(e), ""))
                    .collect();
                if valid.len() == 1 {
                    let a = self.entity_actor(valid[0]);
                    self.add_mention(a, span);
                    continue;
                }
            }
            // A one-word person already named in the document ("Halvorsen
            // met ...", then an untitled "Halvorsen").
            let key = Key::Slug(crate::kb::slug(&word));
            if let Some(&i) = self.index.get(&key) {
                if self.actors[i].kind == ActorKind::Person {
                    self.add_mention(i, span);
                    continue;
                }
            }
            if titled {
                let name = word.clone();
                let mut acc = self.blank(name.clone(), ActorKind::Person);
                acc.name_words = vec![name];
                let a = self.actor(key, move || acc);
                self.add_mention(a, span);
                self.apply_ctx(a, &ctx);
            }
        }
    }

    /// Links "he", "his", "she", "her" to a person named in the same or
    /// the previous sentence, never to one whose sex (`gender`) is the
    /// pronoun's other. Without a parse, the nearest such person before the
    /// pronoun. With a parse, a person named earlier in the same sentence
    /// before one of the previous sentence, and among them the most salient
    /// (after Lappin & Leass 1994): a subject weighs 80, an object 50, an
    /// oblique 40, a mention not inside another noun phrase 80 more (100
    /// for the main clause's subject; a possessor takes its noun's role:
    /// "Trump's applause came when he");
    /// a mention in the pronoun's own reported clause 100 more ("Shi said
    /// the location would help Kim avoid ... if he continued"); nearer wins
    /// a tie. So "Kim will meet Trump because his stance ..." and "Obama met
    /// Putin. He said ..." go to the subject, not to the last name. An
    /// object pronoun never takes the subject of its own verb ("Trump
    /// praised him"), one inside a quote never the person quoted, one
    /// outside never a person named only inside a quote. The sex comes from
    /// [`State::sex_votes`] and from pronouns with a single person in reach.
    fn pronouns(&mut self, in_quote: &[bool]) {
        let parse = self.has_parse();
        let pm = self.mention_index(|k| k == ActorKind::Person, parse);
        let mut votes: Vec<gender::Votes> = self
            .actors
            .iter()
            .map(|a| {
                if a.kind == ActorKind::Person {
                    self.sex_votes(a)
                } else {
                    gender::Votes::default()
                }
            })
            .collect();
        // the pronouns not resolved yet
        let resolved: FxHashSet<u32> = self
            .actors
            .iter()
            .flat_map(|a| a.mentions.iter().map(|m| m.start))
            .collect();
        let pronouns: Vec<usize> = (0..self.w.len())
            .filter(|&k| PRONOUNS.contains(&self.word(k)))
            .filter(|&k| {
                self.w
                    .spans
                    .get(k)
                    .is_some_and(|s| !resolved.contains(&s.start))
            })
            .collect();
        // the persons a pronoun at `k` may stand for, nearest first
        let window = |k: usize, sex: &[Option<gender::Sex>]| {
            let s = self.w.sent.get(k).copied().unwrap_or(0);
            let p = gender::of_pronoun(self.word(k));
            let idx = pm.partition_point(|m| m.0 < k);
            pm[..idx]
                .iter()
                .rev()
                .take_while(|m| m.2 + 1 >= s)
                .filter(|m| sex[m.3].is_none() || p.is_none() || sex[m.3] == p)
                .copied()
                .collect::<Vec<_>>()
        };
        // a pronoun that can stand for one person only tells that person's
        // sex ("Sanders says ... despite his loss")
        let first: Vec<Option<gender::Sex>> = votes.iter().map(|v| v.sex()).collect();
        for &k in &pronouns {
            // every person in reach, not only the nearest sentence's: "Sanders'
            // attacks against her" has Clinton in the sentence before
            let mut cands = window(k, &first).into_iter().map(|m| m.3);
            if let Some(a) = cands.next() {
                if cands.all(|b| b == a) {
                    votes[a].add(gender::of_pronoun(self.word(k)));
                }
            }
        }
        let sex: Vec<Option<gender::Sex>> = votes.iter().map(|v| v.sex()).collect();
        let mut adds = Vec::new();
        for &k in &pronouns {
            let Some(span) = self.w.spans.get(k).copied() else {
                continue;
            };
            let s = self.w.sent.get(k).copied().unwrap_or(0);
            let near = window(k, &sex).into_iter();
            let best = if parse {
                // inside a quote, "he" is not the one quoted ("'He is not
                // comfortable with it,' Giuliani said"), named as a speaker
                // in this sentence or the one before
                let speakers: Vec<usize> = if in_quote.get(k).copied().unwrap_or(false) {
                    pm.iter()
                        .filter(|m| m.2 + 1 >= s && m.2 <= s)
                        .filter(|m| !in_quote.get(m.1).copied().unwrap_or(true))
                        .filter(|m| self.speech_subject(m.1))
                        .map(|m| m.3)
                        .collect()
                } else {
                    Vec::new()
                };
                let home = self.report_clause(k);
                // and outside a quote, not one named inside it ("'We respect
                // the chancellor's decision,' he said": he is no chancellor)
                let quoted = |r: usize| {
                    !in_quote.get(k).copied().unwrap_or(false)
                        && in_quote.get(r).copied().unwrap_or(false)
                };
                near.filter(|m| {
                    !self.bound_subject(k, m.1) && !speakers.contains(&m.3) && !quoted(m.1)
                })
                .map(|m| {
                    let here = if m.2 == s && self.report_clause(m.1) == home {
                        100
                    } else {
                        0
                    };
                    (self.pronoun_salience(m.1, m.2 == s) + here, m.0, m.3)
                })
                .max()
                .map(|(_, _, a)| a)
            } else {
                near.map(|m| m.3).next()
            };
            if let Some(actor) = best {
                adds.push((actor, span));
            }
        }
        for (a, sp) in adds {
            self.add_mention(a, sp);
        }
    }

    /// Links "it" as the subject of a past verb of saying outside quotes
    /// ("the junta expelled the envoy because, it said, ...") to the most
    /// salient organisation or country that is a subject earlier in the
    /// same sentence. Other uses of "it" (expletive, things, "the law
    /// says", "the report ... It said", where the antecedent is no actor)
    /// are left alone. Needs a parse.
    fn it_speakers(&mut self, in_quote: &[bool]) {
        if !self.has_parse() {
            return;
        }
        let om = self.mention_index(
            |k| matches!(k, ActorKind::Organization | ActorKind::Country),
            true,
        );
        let parse = self.doc.parse();
        let mut adds = Vec::new();
        for k in 0..self.w.len() {
            // "it said", "it added": a statement reported in the past, not
            // what a text "says" ("the constitution does say", "it tells
            // you"), nor anything inside a quote
            if !self.word(k).eq_ignore_ascii_case("it")
                || !matches!(
                    self.word(k + 1),
                    "said" | "added" | "told" | "stated" | "announced" | "warned" | "claimed"
                )
                || in_quote.get(k).copied().unwrap_or(true)
                || !self.speech_subject(k)
            {
                continue;
            }
            let s = self.w.sent.get(k).copied().unwrap_or(0);
            let idx = om.partition_point(|m| m.0 < k);
            let best = om[..idx]
                .iter()
                .rev()
                .take_while(|m| m.2 == s)
                .filter(|m| {
                    parse
                        .get(m.1)
                        .is_some_and(|d| d.deprel.starts_with("nsubj"))
                })
                .map(|m| (self.pronoun_salience(m.1, true), m.0, m.3))
                .max();
            if let (Some((_, _, a)), Some(span)) = (best, self.w.spans.get(k).copied()) {
                adds.push((a, span));
            }
        }
        for (a, sp) in adds {
            self.add_mention(a, sp);
        }
    }

    /// (start word, root word, sentence, actor) of the mentions of actors
    /// of the kinds `keep` accepts, in text order; the root word is the
    /// start word without a parse.
    fn mention_index(
        &self,
        keep: impl Fn(ActorKind) -> bool,
        parse: bool,
    ) -> Vec<(usize, usize, u32, usize)> {
        let mut out = Vec::new();
        for (i, a) in self.actors.iter().enumerate().filter(|(_, a)| keep(a.kind)) {
            for m in &a.mentions {
                let (w0, w1) = self.w.range_of(m.start(), m.end());
                let s = self.w.sent.get(w0).copied().unwrap_or(0);
                let root = if parse { self.mention_root(w0, w1) } else { w0 };
                out.push((w0, root, s, i));
            }
        }
        out.sort();
        out
    }

    /// The word of `[w0, w1)` whose head lies outside it (the last word
    /// when the parse gives none).
    fn mention_root(&self, w0: usize, w1: usize) -> usize {
        let parse = self.doc.parse();
        (w0..w1)
            .find(|&i| {
                parse.get(i).is_some_and(|d| {
                    d.head
                        .is_none_or(|h| (h as usize) < w0 || (h as usize) >= w1)
                })
            })
            .unwrap_or(w1.saturating_sub(1))
    }

    /// Salience of a person mention whose root word is `r` (see
    /// [`State::pronouns`]).
    fn pronoun_salience(&self, r: usize, same_sentence: bool) -> u32 {
        let parse = self.doc.parse();
        let rel_of = |i: usize| parse.get(i).map_or("", |d| d.deprel.as_str());
        // a conjunct ("Kim and Moon met") has the role of the first one, a
        // possessor that of its noun, a name inside a longer name ("Sen.
        // Jon Tester" parsed with "Sen." as its head) that of the whole
        let mut x = r;
        for _ in 0..4 {
            match (rel_of(x), parse.get(x).and_then(|d| d.head)) {
                ("conj" | "appos" | "nmod:poss" | "flat" | "compound", Some(h)) => x = h as usize,
                _ => break,
            }
        }
        let rel = rel_of(x).split(':').next().unwrap_or("");
        let role = match rel {
            // a name at the root is a fragment's topic ("GOP front-runner
            // Donald Trump - who said ...")
            "nsubj" | "csubj" | "root" => 80,
            "obj" | "iobj" => 50,
            "obl" => 40,
            _ => 0,
        };
        // the main clause's subject is the sentence's topic ("Erdogan will
        // visit Baghdad for talks with al-Sudani on ...")
        let main = rel == "nsubj"
            && parse
                .get(x)
                .and_then(|d| d.head)
                .and_then(|h| parse.get(h as usize))
                .is_some_and(|d| d.head.is_none());
        let head_np = if main {
            100
        } else if matches!(rel, "nmod" | "compound" | "flat") {
            0
        } else {
            80
        };
        (if same_sentence { 1000 } else { 0 }) + role + head_np
    }

    /// The clause a word is told in: the nearest complement clause
    /// ("said [choosing Dalian would help Kim ... if he continued]") or
    /// parenthetical above it, else the sentence's root.
    fn report_clause(&self, i: usize) -> usize {
        let parse = self.doc.parse();
        let mut x = i;
        for _ in 0..12 {
            match parse.get(x) {
                Some(d) if matches!(d.deprel.as_str(), "ccomp" | "parataxis") => return x,
                Some(d) => match d.head {
                    Some(h) => x = h as usize,
                    None => return x,
                },
                None => return x,
            }
        }
        x
    }

    /// The evidence of the text for a person's sex (see `gender`): the
    /// first word of its name, the honorific or person noun before a
    /// mention, the person noun opening an apposition after one.
    fn sex_votes(&self, a: &Acc) -> gender::Votes {
        let mut votes = gender::Votes::default();
        if let Some(e) = a.ent.and_then(|e| self.c.kb.entities.get(e as usize)) {
            votes.know(gender::of_person(self.c.kb.strings.get(e.id)));
        }
        let first = |t: &str| t.split_whitespace().next().and_then(gender::first_name);
        votes.add(first(&a.name));
        votes.add(a.name.split_whitespace().next().and_then(gender::marked_by));
        for m in &a.mentions {
            let (w0, w1) = self.w.range_of(m.start(), m.end());
            let s = self.w.sent.get(w0).copied();
            let in_sentence = |i: usize| self.w.sent.get(i).copied() == s;
            votes.add(self.marked_before(w0));
            if self.word(w1) == "," && in_sentence(w1 + 1) {
                // "Ann Smith, a spokeswoman for ..."
                let mut i = w1 + 1;
                if matches!(self.word(i).to_lowercase().as_str(), "a" | "an" | "the") {
                    i += 1;
                }
                // a person noun, not the honorific of the next name in a
                // list ("Mr. Obama, Mrs. Clinton and ...")
                let noun = self.word(i);
                if noun.starts_with(|c: char| c.is_lowercase()) {
                    votes.add(gender::marked_by(noun));
                }
            }
        }
        votes
    }

    /// The sex an honorific or a person noun marks at word `w0` or right
    /// before it in the same sentence ("Mr. Kim", "Queen Elizabeth",
    /// "congresswoman Ann Smith").
    fn marked_before(&self, w0: usize) -> Option<gender::Sex> {
        if let Some(s) = gender::marked_by(self.word(w0)) {
            return Some(s);
        }
        let same = |i: usize| self.w.sent.get(i) == self.w.sent.get(w0);
        let mut b = w0.checked_sub(1).filter(|&b| same(b))?;
        if self.word(b) == "." && b > 0 && same(b - 1) {
            b -= 1;
        }
        gender::marked_by(self.word(b))
    }

    /// Whether the mention rooted at `r` is the subject of the verb whose
    /// object (or oblique) is the pronoun at `k`: "him" and "her" as objects
    /// are never their own clause's subject ("Trump praised him"), said or
    /// understood.
    fn bound_subject(&self, k: usize, r: usize) -> bool {
        let parse = self.doc.parse();
        let lower = self.word(k).to_ascii_lowercase();
        let (Some(pk), Some(pr)) = (parse.get(k), parse.get(r)) else {
            return false;
        };
        // "her" before a noun or an adjective is a possessive, whatever
        // the parse says ("Clinton earned her latest win")
        let possessive = lower == "her"
            && self
                .doc
                .tags()
                .get(k + 1)
                .is_some_and(|t| matches!(t.upos.as_str(), "NOUN" | "ADJ" | "PROPN" | "NUM"));
        let object = matches!(lower.as_str(), "him" | "her")
            && !possessive
            && matches!(pk.deprel.split(':').next(), Some("obj" | "iobj" | "obl"));
        if !object || !pr.deprel.starts_with("nsubj") {
            return false;
        }
        // the subject of the pronoun's verb, or the one understood there
        // ("called Morrison to congratulate him", "met Putin, inviting him"):
        // an infinitive's controller is the governor's object when it has
        // one ("asked Obama to help him"), else the governor's subject
        let Some(mut v) = pk.head.map(|h| h as usize) else {
            return false;
        };
        let (a, b) = self
            .w
            .sent
            .get(k)
            .and_then(|&s| self.w.sents.get(s as usize))
            .map_or((0, 0), |&(a, b)| {
                (a as usize, (b as usize).min(parse.len()))
            });
        let child = |v: usize, rels: &[&str]| {
            (a..b).find(|&i| {
                parse[i].head == Some(v as u32) && rels.contains(&parse[i].deprel.as_str())
            })
        };
        for _ in 0..6 {
            if let Some(subj) = child(v, &["nsubj", "nsubj:pass"]) {
                return subj == r;
            }
            let Some(d) = parse.get(v) else { return false };
            let (Some(g), rel) = (d.head, d.deprel.split(':').next()) else {
                return false;
            };
            match rel {
                Some("xcomp") => {
                    v = g as usize;
                    if child(v, &["obj", "iobj"]).is_some() {
                        return false;
                    }
                }
                Some("advcl" | "conj") => v = g as usize,
                _ => return false,
            }
        }
        false
    }

    /// Whether each word lies between quotation marks (curly marks open
    /// and close, a straight one toggles; the marks themselves are
    /// outside). A quote its paragraph leaves open runs to the
    /// paragraph's end or to the comma before its own attribution.
    fn in_quote(&self) -> Vec<bool> {
        let sentences = self.doc.sentences();
        let n = self.w.len();
        let mut out = vec![false; n];
        // the word after the mark that opened the quote still open
        let mut open: Option<usize> = None;
        let mut para = None;
        for i in 0..=n {
            let s = self.w.sent.get(i).copied().unwrap_or(0) as usize;
            let p = (i < n).then(|| sentences.get(s).map(|x| x.paragraph));
            if p != para {
                // a quote the paragraph leaves open runs to its end, unless
                // it runs into its own attribution (`"We won, party
                // spokesman X told reporters`, the closing mark forgotten),
                // which ends it at the comma before, as the quotes stage
                // reads it
                if let Some(o) = open.take() {
                    let attribution = (o..i).find(|&c| {
                        self.word(c) == ","
                            && (c + 1..(c + 8).min(i)).any(|k| self.speech_subject(k))
                    });
                    if let Some(c) = attribution {
                        out[c..i].iter_mut().for_each(|q| *q = false);
                    }
                }
                para = p;
            }
            if i == n {
                break;
            }
            match self.word(i) {
                "\u{201c}" | "\u{ab}" | "``" => open = Some(i + 1),
                "\u{201d}" | "\u{bb}" => open = None,
                // '' closes `` and, in papers that write '' for both, opens
                "\"" | "''" => open = if open.is_some() { None } else { Some(i + 1) },
                _ => out[i] = open.is_some(),
            }
        }
        out
    }

    /// Whether word `r` is the subject of a verb of saying ("Giuliani
    /// said", "she told reporters").
    fn speech_subject(&self, r: usize) -> bool {
        const SAY: &[&str] = &[
            "say", "tell", "add", "ask", "write", "note", "explain", "insist", "argue", "claim",
            "recall", "declare", "warn", "continue", "joke", "tweet", "answer", "reply", "respond",
        ];
        let parse = self.doc.parse();
        let Some(d) = parse.get(r) else { return false };
        d.deprel.starts_with("nsubj")
            && d.head.is_some_and(|h| {
                self.doc
                    .tags()
                    .get(h as usize)
                    .is_some_and(|t| SAY.contains(&t.lemma.as_str()))
            })
    }

    fn entity_index(&self, span: Span) -> Option<u32> {
        if !self.doc.has(Layer::Entities) {
            return None;
        }
        self.doc
            .entities()
            .iter()
            .position(|e| e.span.contains(span) || span.contains(e.span))
            .map(|i| i as u32)
    }

    fn finish(self) -> Vec<Actor> {
        let mut out = Vec::new();
        for a in &self.actors {
            if a.mentions.is_empty() {
                continue;
            }
            let mut mentions = a.mentions.clone();
            mentions.sort();
            mentions.dedup();
            let (id, code, codes, country, sector, description) = match (a.ent, &a.key) {
                (Some(e), _) => {
                    let ent = &self.c.kb.entities[e as usize];
                    let (mut code, _) = self.c.entity_code(e, self.date);
                    // No role on the date: the country plus the sector the
                    // text gives now ("Opposition leader Rahul Gandhi").
                    if ent.kind == EntKind::Person && self.c.role_on(e, self.date).is_none() {
                        // A title the person held before ("President George W.
                        // Bush" in 2018) is history, not a current sector.
                        let held = |sec: &str| {
                            ent.roles
                                .iter()
                                .any(|r| self.c.kb.strings.get(r.code).get(3..6) == Some(sec))
                        };
                        if let (Some(c), Some(sec)) = (&code, &a.sector) {
                            if c.len() == 3 && !held(sec) {
                                code = Some(format!("{c}{sec}"));
                            }
                        }
                    }
                    let codes: Vec<DatedCode> =
                        ent.roles.iter().map(|r| self.c.role_dated(r)).collect();
                    let country = code
                        .as_ref()
                        .and_then(|c| c.get(0..3))
                        .map(CompactString::from);
                    let sector = code
                        .as_ref()
                        .and_then(|c| c.get(3..6))
                        .map(CompactString::from);
                    let desc = a.description.clone().or_else(|| {
                        self.c
                            .role_on(e, self.date)
                            .map(|r| self.c.kb.strings.get(r.role).to_string())
                            .filter(|r| !r.is_empty() && ent.kind == EntKind::Person)
                    });
                    (
                        self.c.kb.strings.get(ent.id).to_string(),
                        code.map(CompactString::from),
                        codes,
                        country,
                        sector,
                        desc,
                    )
                }
                (None, key) => {
                    let id = match key {
                        Key::Gov(c) => format!(
                            "government-{}",
                            self.c.country_code(*c).to_ascii_lowercase()
                        ),
                        Key::Slug(s) => s.clone(),
                        Key::Ent(_) => crate::kb::slug(&a.name),
                    };
                    let code: Option<String> = match (&a.country, &a.affil, &a.sector) {
                        (_, Some(af), _) if af.len() > 3 => Some(af.clone()),
                        (Some(c), _, Some(s)) => Some(format!("{c}{s}")),
                        (Some(c), _, None) => Some(c.clone()),
                        (None, Some(af), Some(s)) if !af.ends_with(s.as_str()) => {
                            Some(format!("{af}{s}"))
                        }
                        (None, Some(af), _) => Some(af.clone()),
                        (None, None, Some(s)) => Some(s.clone()),
                        (None, None, None) => None,
                    };
                    let codes = code
                        .iter()
                        .map(|c| DatedCode {
                            code: c.as_str().into(),
                            from: None,
                            until: None,
                        })
                        .collect();
                    let country = a.country.clone().or_else(|| {
                        a.affil
                            .as_ref()
                            .and_then(|x| x.get(0..3).map(str::to_string))
                    });
                    (
                        id,
                        code.map(CompactString::from),
                        codes,
                        country.map(CompactString::from),
                        a.sector.clone().map(CompactString::from),
                        a.description.clone(),
                    )
                }
            };
            let name = if a.kind == ActorKind::Group || a.ent.is_some() {
                a.name.clone()
            } else {
                // Fullest name seen among mentions.
                mentions
                    .iter()
                    .filter_map(|m| m.get(self.text))
                    .filter(|t| !PRONOUNS.contains(t))
                    .max_by_key(|t| t.len())
                    .map(str::to_string)
                    .unwrap_or_else(|| a.name.clone())
                    .max_len(&a.name)
            };
            out.push(Actor {
                id: id.into(),
                name,
                code,
                country,
                sector,
                kind: a.kind,
                description,
                codes,
                mentions: mentions
                    .iter()
                    .map(|&m| ActorMention {
                        span: m,
                        entity: self.entity_index(m),
                    })
                    .collect(),
            });
        }
        out.sort_by_key(|a| a.mentions.first().map(|m| (m.span.start, m.span.end)));
        out
    }
}

trait MaxLen {
    fn max_len(self, other: &str) -> String;
}

impl MaxLen for String {
    fn max_len(self, other: &str) -> String {
        if other.len() > self.len() {
            other.to_string()
        } else {
            self
        }
    }
}

fn unreachable_acc() -> Acc {
    Acc {
        key: Key::Slug("unknown".into()),
        name: String::new(),
        kind: ActorKind::Group,
        ent: None,
        country: None,
        affil: None,
        sector: None,
        description: None,
        mentions: Vec::new(),
        late: false,
        name_words: Vec::new(),
    }
}

/// Source of a row, for messages (file and line).
#[allow(dead_code)]
pub(crate) fn src_text(kb: &Kb, s: Src) -> String {
    format!("{} line {}", kb.strings.get(s.file), s.line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    /// People rows written for these tests (leaders named in the examples);
    /// rows whose id the shipped base already has are left out.
    const FIXTURE: &str = "id\tname\taliases\tcode\trole\tstart\tend\n\
kim-jong-il\tKim Jong-il\tKim Jong Il\tPRKGOV\tSupreme Leader\t1994-07-08\t2011-12-17\n\
kim-jong-un\tKim Jong-un\tKim Jong Un\tPRKGOV\tSupreme Leader\t2011-12-17\t\n\
xi-jinping\tXi Jinping\t\tCHNGOV\tGeneral Secretary of the Communist Party\t2012-11-15\t\n\
xi-jinping\t\t\tCHNGOV\tVice President\t2008-03-15\t2013-03-14\n\
li-keqiang\tLi Keqiang\t\tCHNGOV\tVice Premier\t2008-03-17\t2013-03-15\n\
li-keqiang\t\t\tCHNGOV\tPremier\t2013-03-15\t2023-03-11\n\
moon-jae-in\tMoon Jae-in\tMoon Jae In\tKORGOV\tPresident\t2017-05-10\t2022-05-10\n\
donald-trump\tDonald Trump\tPresident Trump\tUSAGOV\tPresident\t2017-01-20\t2021-01-20\n\
george-w-bush\tGeorge W. Bush\t\tUSAGOV\tPresident\t2001-01-20\t2009-01-20\n";

    fn fixture_coder() -> ActorCoder {
        let base = ActorCoder::new();
        let mut rows = String::new();
        for (i, line) in FIXTURE.lines().enumerate() {
            let id = line.split('\t').next().unwrap_or("");
            let known = base
                .kb
                .strings
                .lookup(id)
                .is_some_and(|s| base.kb.by_id.contains_key(&s));
            if i == 0 || !known {
                rows.push_str(line);
                rows.push('\n');
            }
        }
        ActorCoder::with_extra(&[("fixture.tsv", &rows)]).unwrap()
    }

    fn doc(text: &str, date: Option<(i32, u32, u32)>) -> Document {
        Document::new(
            Meta {
                id: "t".into(),
                date: date.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
                ..Meta::default()
            },
            text.to_string(),
        )
    }

    fn find<'a>(actors: &'a [Actor], text: &str, surface: &str) -> Option<&'a Actor> {
        actors
            .iter()
            .find(|a| a.mentions.iter().any(|m| m.span.get(text) == Some(surface)))
    }

    fn code_of(actors: &[Actor], text: &str, surface: &str) -> Option<String> {
        find(actors, text, surface).and_then(|a| a.code.as_ref().map(|c| c.to_string()))
    }

    #[test]
    fn roles_match_whole_words() {
        assert!(has_words("president", "president"));
        assert!(has_words("vice president", "president"));
        assert!(!has_words("president", "resident"));
        assert!(!has_words("presidents", "president"));
    }

    #[test]
    fn shipped_base_is_valid_and_loads_fast() {
        let t = Instant::now();
        let c = ActorCoder::new();
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        let s = c.stats();
        println!("knowledge base loaded in {ms:.1} ms: {s:?}");
        assert!(s.countries >= 190, "{s:?}");
        assert!(s.organizations >= 60, "{s:?}");
        assert!(s.agents >= 150, "{s:?}");
        let p = c.problems();
        assert!(
            p.is_empty(),
            "{} problems, first: {:?}",
            p.len(),
            &p[..p.len().min(10)]
        );
    }

    #[test]
    fn roles_follow_the_document_date() {
        let c = fixture_coder();
        let text = "Kim Jong-il met Li Keqiang in Pyongyang. George W. Bush spoke.";
        let a = c.annotate(&doc(text, Some((2010, 5, 1))));
        assert_eq!(code_of(&a, text, "Kim Jong-il").as_deref(), Some("PRKGOV"));
        assert_eq!(code_of(&a, text, "Li Keqiang").as_deref(), Some("CHNGOV"));
        assert_eq!(code_of(&a, text, "George W. Bush").as_deref(), Some("USA"));
        let a = c.annotate(&doc(text, Some((2018, 5, 9))));
        let kji = find(&a, text, "Kim Jong-il").unwrap();
        assert_eq!(kji.code.as_deref(), Some("PRK"));
        assert!(kji
            .codes
            .iter()
            .any(|d| d.code == "PRKGOV" && d.until.as_deref() == Some("2011-12-17")));
        // Pyongyang after "in" is a place, not the government.
        assert!(find(&a, text, "Pyongyang").is_none());
    }

    #[test]
    fn unknown_people_get_context_codes() {
        let c = fixture_coder();
        let text = "Brazilian economist Paula Andrade warned of a slowdown. \
                    Tomas Keller, a senior researcher at a think tank in Berlin, disagreed. \
                    Maria Ostrova, a former minister from Ukraine, said nothing.";
        let a = c.annotate(&doc(text, Some((2020, 1, 1))));
        assert_eq!(
            code_of(&a, text, "Paula Andrade").as_deref(),
            Some("BRAEDU")
        );
        assert_eq!(code_of(&a, text, "Tomas Keller").as_deref(), Some("DEUEDU"));
        assert_eq!(code_of(&a, text, "Maria Ostrova").as_deref(), Some("UKR"));
        let pa = find(&a, text, "Paula Andrade").unwrap();
        assert_eq!(pa.description.as_deref(), Some("Brazilian economist"));
        assert_eq!(pa.id, "paula-andrade");
    }

    #[test]
    fn metonyms_groups_and_places() {
        let c = fixture_coder();
        let text = "Tehran rejected the offer, while the Kremlin said talks would continue. \
                    Hundreds of Iraqi protesters marched in Baghdad. Aid arrived in northern Syria. \
                    Some analysts doubt it.";
        let a = c.annotate(&doc(text, Some((2020, 1, 1))));
        assert_eq!(code_of(&a, text, "Tehran").as_deref(), Some("IRNGOV"));
        assert_eq!(code_of(&a, text, "Kremlin").as_deref(), Some("RUSGOV"));
        assert_eq!(
            code_of(&a, text, "Iraqi protesters").as_deref(),
            Some("IRQCVL")
        );
        assert_eq!(code_of(&a, text, "Some analysts").as_deref(), Some("EDU"));
        assert!(find(&a, text, "Baghdad").is_none());
        assert!(find(&a, text, "Syria").is_none());
        // Coordination: places listed after "in" are places; agents listed
        // after one premodifier or before "in A and B" share it.
        let text = "Fighting spread in Syria and Iraq. Lawmakers in France and Germany \
                    objected, and Danish media and government were silent. \
                    Police and soldiers in Kenya and Uganda waited.";
        let a = c.annotate(&doc(text, Some((2020, 1, 1))));
        assert!(find(&a, text, "Iraq").is_none());
        let codes: Vec<String> = a
            .iter()
            .filter_map(|x| x.code.as_ref().map(|c| c.to_string()))
            .collect();
        for want in [
            "FRALEG", "DEULEG", "DNKMED", "DNKGOV", "KENCOP", "UGACOP", "KENMIL", "UGAMIL",
        ] {
            assert!(codes.iter().any(|x| x == want), "{want} not in {codes:?}");
        }
        assert!(!codes.iter().any(|x| x == "DEU"), "{codes:?}");
        // "at" a country is not a place ("fired at Syria"), "in" it is.
        let text = "Rockets were fired at Syria from boats anchored in Lebanon.";
        let a = c.annotate(&doc(text, Some((2020, 1, 1))));
        assert_eq!(code_of(&a, text, "Syria").as_deref(), Some("SYR"));
        assert!(find(&a, text, "Lebanon").is_none());
    }

    #[test]
    fn surnames_titles_descriptions_and_pronouns_corefer() {
        let c = fixture_coder();
        let text = "South Korean President Moon Jae-in hosted Kim Jong-un on Friday. \
                    Mr. Kim praised the talks. The South Korean president said he was hopeful. \
                    Moon later met reporters.";
        let a = c.annotate(&doc(text, Some((2018, 4, 27))));
        let kju = find(&a, text, "Kim Jong-un").unwrap();
        assert_eq!(kju.id, "kim-jong-un");
        assert!(find(&a, text, "Mr. Kim").is_some_and(|x| x.id == "kim-jong-un"));
        let moon = find(&a, text, "Moon Jae-in").unwrap();
        assert_eq!(moon.code.as_deref(), Some("KORGOV"));
        assert!(find(&a, text, "The South Korean president").is_some_and(|x| x.id == moon.id));
        assert!(find(&a, text, "Moon").is_some_and(|x| x.id == moon.id));
        assert!(find(&a, text, "he").is_some_and(|x| x.id == moon.id));
    }

    /// A lone surname spelt without its accents ("Erdogan") is the office
    /// holder whose name the base spells with them ("Erdoğan").
    #[test]
    fn surnames_match_without_accents() {
        let c = ActorCoder::new();
        let text = "Erdogan criticized the European Union on Monday.";
        let a = c.annotate(&doc(text, Some((2016, 5, 1))));
        let e = find(&a, text, "Erdogan").expect("an actor");
        assert_eq!(e.id, "recep-tayyip-erdogan");
        assert_eq!(e.code.as_deref(), Some("TURGOV"));
        assert_eq!(crate::kb::fold_name("Wałęsa Erdoğan"), "Walesa Erdogan");
    }

    #[test]
    fn salience_beats_recency_for_surnames() {
        let c = fixture_coder();
        let text = "Kim Jong-un flew to China. Kim Jong-un met officials. \
                    The trip echoed one by the late leader Kim Jong-il. Kim returned home.";
        let a = c.annotate(&doc(text, Some((2018, 5, 9))));
        let kim = find(&a, text, "Kim").unwrap();
        assert_eq!(kim.id, "kim-jong-un");
    }

    #[test]
    fn lookup_explains_codes() {
        let c = fixture_coder();
        let l = c
            .lookup("Xi Jinping", NaiveDate::from_ymd_opt(2010, 1, 1))
            .unwrap();
        assert_eq!(l.code.as_deref(), Some("CHNGOV"));
        assert!(l.why.contains("Vice President"), "{}", l.why);
        let l = c.lookup("Pyongyang", None).unwrap();
        assert_eq!(l.code.as_deref(), Some("PRKGOV"));
        let l = c.lookup("Chinese analyst Wu Fang", None).unwrap();
        assert_eq!(l.code.as_deref(), Some("CHNEDU"));
        assert!(c.lookup("", None).is_none());
    }

    /// With tokens and an entities layer (as the pipeline gives), entity
    /// labels decide: PER spans are people even without context, LOC spans
    /// are never actors, and mentions point at their entity.
    #[test]
    fn uses_the_entities_layer() {
        // The NER typing a person's surname ORG, or LOC, elsewhere in the
        // document.
        entities_layer_with_mistyped_surname(EntityLabel::Org);
        entities_layer_with_mistyped_surname(EntityLabel::Loc);
    }

    fn entities_layer_with_mistyped_surname(mistyped: EntityLabel) {
        use chronicler_doc::{Entity, Sentence, SentenceKind, Token, TokenRange};
        let c = fixture_coder();
        let text = "Halvorsen met Kenyan officials in Nakuru on Monday. Kestrel Mining denied it. \
                    Halvorsen disagreed.";
        let w = crate::text::Words::tokenize(text);
        let tokens: Vec<Token> = (0..w.len())
            .map(|i| Token {
                span: w.spans[i],
                flags: chronicler_doc::TokenFlags::of(w.text(text, i)),
            })
            .collect();
        let sentences: Vec<Sentence> = w
            .sents
            .iter()
            .map(|&(a, b)| Sentence {
                span: Span::new(w.spans[a as usize].start(), w.spans[b as usize - 1].end()),
                tokens: TokenRange::new(a as usize, b as usize),
                kind: SentenceKind::Body,
                paragraph: 0,
            })
            .collect();
        let idx = |word: &str| (0..w.len()).find(|&i| w.text(text, i) == word).unwrap();
        let ent = |a: usize, b: usize, label| Entity {
            tokens: TokenRange::new(a, b),
            span: Span::new(w.spans[a].start(), w.spans[b - 1].end()),
            label,
        };
        let mut d = doc(text, Some((2021, 6, 1)));
        d.set_segmentation(sentences, tokens).unwrap();
        let k = idx("Kestrel");
        d.set_entities(vec![
            ent(0, 1, EntityLabel::Per),
            ent(idx("Nakuru"), idx("Nakuru") + 1, EntityLabel::Loc),
            ent(k, k + 2, EntityLabel::Org),
            ent(w.len() - 3, w.len() - 2, mistyped),
        ])
        .unwrap();
        let a = c.annotate(&d);
        let h = find(&a, text, "Halvorsen").expect("PER entity is a person actor");
        assert_eq!(h.kind, ActorKind::Person);
        assert_eq!(h.mentions[0].entity, Some(0));
        assert_eq!(
            h.mentions.len(),
            2,
            "the {mistyped:?}-typed surname joins the person: {a:#?}"
        );
        assert_eq!(a.iter().filter(|x| x.name == "Halvorsen").count(), 1);
        assert!(find(&a, text, "Nakuru").is_none());
        let o = find(&a, text, "Kestrel Mining").expect("ORG entity is an organisation actor");
        assert_eq!(o.kind, ActorKind::Organization);
        assert_eq!(
            code_of(&a, text, "Kenyan officials").as_deref(),
            Some("KENGOV")
        );
    }

    /// A lone surname typed ORG by the NER is the office holder of that
    /// name on the document date, not an organisation.
    #[test]
    fn org_typed_surname_of_an_office_holder_is_the_person() {
        use chronicler_doc::{Entity, Sentence, SentenceKind, Token, TokenRange};
        let c = fixture_coder();
        let text = "Officials said Trump would travel to Ottawa.";
        let w = crate::text::Words::tokenize(text);
        let tokens: Vec<Token> = (0..w.len())
            .map(|i| Token {
                span: w.spans[i],
                flags: chronicler_doc::TokenFlags::of(w.text(text, i)),
            })
            .collect();
        let n = tokens.len();
        let mut d = doc(text, Some((2018, 5, 9)));
        d.set_segmentation(
            vec![Sentence {
                span: Span::new(0, text.len()),
                tokens: TokenRange::new(0, n),
                kind: SentenceKind::Body,
                paragraph: 0,
            }],
            tokens,
        )
        .unwrap();
        let k = (0..w.len()).find(|&i| w.text(text, i) == "Trump").unwrap();
        d.set_entities(vec![Entity {
            tokens: TokenRange::new(k, k + 1),
            span: w.spans[k],
            label: EntityLabel::Org,
        }])
        .unwrap();
        let a = c.annotate(&d);
        assert_eq!(
            code_of(&a, text, "Trump").as_deref(),
            Some("USAGOV"),
            "{a:#?}"
        );
        assert!(
            a.iter().all(|x| x.kind != ActorKind::Organization),
            "{a:#?}"
        );
    }

    #[test]
    fn never_panics_on_odd_text() {
        let c = ActorCoder::new();
        for t in [
            "",
            ",",
            "Mr.",
            "The",
            "“Kim”",
            "北京 said",
            "A, , ,",
            "U.S.-led",
            "Mr. Mr. Mr.",
            "\n\n.",
            "’s",
        ] {
            let _ = c.annotate(&doc(t, None));
            let _ = c.lookup(t, None);
        }
    }

    /// Random word salads (names, titles, punctuation, non-ASCII) never
    /// panic and give mentions inside the text.
    #[test]
    fn random_text_is_safe() {
        let c = fixture_coder();
        let pieces = [
            "Mr.",
            "Kim",
            "Kim Jong-un",
            ",",
            ".",
            "the",
            "late",
            "Chinese",
            "analyst",
            "Xi",
            "said",
            "Pyongyang",
            "in",
            "“",
            "”",
            "'s",
            "北京",
            "é",
            "-",
            "former",
            "President",
            "Trump",
            "protesters",
            "of",
            "University",
            "the Koreas",
            "he",
            "\n",
            "U.S.",
            "Sino-",
            "A",
            "an",
            "Police",
            "Moon Jae-in",
            "Bush",
            "(",
            ")",
            "Ms",
            "professor",
            "at",
            "Beijing",
            "his",
        ];
        let mut seed: u64 = 0x5eed;
        for _ in 0..400 {
            let mut t = String::new();
            let n = (seed % 25) as usize + 1;
            for _ in 0..n {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                t.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
                if seed & 1 == 0 {
                    t.push(' ');
                }
            }
            let d = doc(&t, Some((2018, 5, 9)));
            for a in c.annotate(&d) {
                for m in &a.mentions {
                    assert!(m.span.get(&t).is_some(), "bad span {:?} in {t:?}", m.span);
                }
            }
        }
    }

    fn shared() -> Option<std::path::PathBuf> {
        let p = std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared"));
        if p.is_dir() {
            Some(p)
        } else {
            println!("SKIP: {} not found", p.display());
            None
        }
    }

    #[test]
    fn seed_article() {
        let Some(sh) = shared() else { return };
        let Ok(text) = std::fs::read_to_string(sh.join("examples/000_076062065c57b403.txt")) else {
            println!("SKIP: seed article not found");
            return;
        };
        let c = fixture_coder();
        let d = doc(&text, Some((2018, 5, 9)));
        let t = Instant::now();
        let a = c.annotate(&d);
        println!(
            "seed article: {} actors in {:.2} ms",
            a.len(),
            t.elapsed().as_secs_f64() * 1000.0
        );
        for x in &a {
            let ms: Vec<&str> = x
                .mentions
                .iter()
                .filter_map(|m| m.span.get(&text))
                .collect();
            println!(
                "{:<22} {:<10} {:?} {:?} {:?}",
                x.id,
                x.code.as_deref().unwrap_or("-"),
                x.kind,
                x.description,
                ms
            );
        }
        let by_id = |id: &str| a.iter().find(|x| x.id == id);
        let code = |id: &str| by_id(id).and_then(|x| x.code.as_ref().map(|c| c.to_string()));
        assert_eq!(code("kim-jong-un").as_deref(), Some("PRKGOV"));
        assert_eq!(code("xi-jinping").as_deref(), Some("CHNGOV"));
        assert_eq!(code("moon-jae-in").as_deref(), Some("KORGOV"));
        assert_eq!(code("donald-trump").as_deref(), Some("USAGOV"));
        assert_eq!(code("li-keqiang").as_deref(), Some("CHNGOV"));
        assert_eq!(code("george-w-bush").as_deref(), Some("USA"));
        let kji = by_id("kim-jong-il").expect("Kim Jong-il is an actor");
        let y2010 = NaiveDate::from_ymd_opt(2010, 6, 1).unwrap();
        assert!(kji.codes.iter().any(|d| d.code == "PRKGOV"
            && d.from
                .as_deref()
                .and_then(crate::kb::parse_date)
                .is_some_and(|f| f <= y2010)
            && d.until
                .as_deref()
                .and_then(crate::kb::parse_date)
                .is_some_and(|u| u >= y2010)));
        assert_eq!(code("cheng-xiaohe").as_deref(), Some("CHNEDU"));
        assert_eq!(code("shi-yinhong").as_deref(), Some("CHNEDU"));
        assert_eq!(code("victory-cha").as_deref(), Some("USA"));
        // Every "Mr. Kim", "Mr Kim" and bare "Kim" links to Kim Jong-un.
        let kju = by_id("kim-jong-un").unwrap();
        for (i, _) in text.match_indices("Kim") {
            let rest = &text[i..];
            if rest.starts_with("Kim Jong-il") {
                continue;
            }
            assert!(
                kju.mentions
                    .iter()
                    .any(|m| m.span.start() <= i && i < m.span.end()),
                "mention of Kim at byte {i} not linked to Kim Jong-un: {:?}",
                &text[i.saturating_sub(10)..(i + 12).min(text.len())]
            );
        }
    }
}
