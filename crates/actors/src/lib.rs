//! # chronicler-actors: actor knowledge base, CAMEO actor coding and coreference
//!
//! The actors stage reads a [`Document`](chronicler_doc::Document) (text,
//! metadata date, and — when set — tokens, sentences, tags and entities) and
//! returns the **actors** layer: one [`Actor`](chronicler_doc::Actor) per
//! distinct person, organisation, country/government or group, with the
//! CAMEO code valid on the document date, *all* its dated codes (so the
//! events stage can re-code on an event's own date), a description
//! (apposition or premodifier) and every mention (names, surnames, titles,
//! definite descriptions such as "the North Korean leader", pronouns).
//!
//! ## Knowledge base
//! TSV files under `data/actors/` embedded at build time (`build.rs`
//! embeds every `data/actors/people/*.tsv` present): countries (CAMEO
//! country code, names, short forms, adjectives, capital and seats of
//! government used as government metonyms), organisations (IGOs, NGOs,
//! armed groups, agencies with CAMEO/Phoenix codes), people (one row per
//! dated role) and sector agents (role nouns → sectors). Users add files of
//! the same formats, or PETRARCH/TABARI dictionaries, with
//! [`ActorCoder::with_extra`]. Strings are interned and entities are `u32`
//! indices; all surface forms compile into two Aho-Corasick automata
//! (case-sensitive names; case-insensitive agent terms and multi-word names).
//!
//! ## How a mention is coded
//! - a knowledge-base person gets the code of the role valid on the date
//!   (Kim Jong-il is `PRKGOV` only until 2011-12-17), else the country of
//!   their last role (George W. Bush in 2018 is `USA`);
//! - a person not in the base gets country and sector from a premodifier
//!   ("Chinese analyst X" → `CHNEDU`) or an apposition (", a professor at
//!   ... in Beijing" → `CHNEDU`); "former" drops the sector;
//! - countries are actors unless used as a place ("in northeastern China");
//!   capitals are the government (`PRKGOV`) only as the subject of a verb
//!   ("Pyongyang said") or in "between Washington and Pyongyang"; seats of
//!   government ("the Kremlin") likewise unless after a locative word;
//! - role and group nouns ("protesters", "Chinese analysts") are group
//!   actors; "the Chinese president" links to the role holder on the date;
//! - surnames and titles ("Mr. Kim", "Xi") link to the most salient person
//!   with that name word (living, holding a role, most mentioned), else to
//!   the one base person holding a role on the date; he/she/his/her link to
//!   the latest person mention in the same or previous sentence.
//!
//! ```
//! use chronicler_actors::ActorCoder;
//! use chronicler_doc::{Document, Meta, NaiveDate};
//! let coder = ActorCoder::new();
//! let meta = Meta { id: "d".into(), date: NaiveDate::from_ymd_opt(2019, 3, 1), ..Meta::default() };
//! let doc = Document::new(meta, "Moscow said on Friday that Ukrainian protesters had \
//!     attacked the embassy, according to Russian analyst Ivan Petrovsky.".into());
//! let actors = coder.annotate(&doc);
//! let code = |n: &str| actors.iter().find(|a| a.name.contains(n)).and_then(|a| a.code.clone());
//! assert_eq!(code("Government of Russia").as_deref(), Some("RUSGOV"));
//! assert_eq!(code("protesters").as_deref(), Some("UKRCVL"));
//! assert_eq!(code("Petrovsky").as_deref(), Some("RUSEDU"));
//! let l = coder.lookup("Kremlin", None).unwrap();
//! assert_eq!(l.code.as_deref(), Some("RUSGOV"));
//! ```
#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

mod coder;
mod gender;
mod kb;
mod matcher;
mod petrarch;
mod text;

pub use coder::{ActorCoder, KbStats, Lookup};

pub use kb::{NON_STATE_PREFIXES, SECTORS};
pub use petrarch::{import_petrarch, PetrarchCode, PetrarchEntry, PetrarchKind};

/// The code of `actor` on `date` (for coding an event on its own date):
/// the dated code valid that day (latest start first); for an actor whose
/// codes are all dated and none applies (a former official), the country of
/// the latest one; else the document-date code.
///
/// ```
/// use chronicler_actors::code_on_date;
/// use chronicler_doc::{Actor, ActorKind, DatedCode, NaiveDate};
/// let a = Actor { id: "p".into(), name: "P".into(), code: Some("FRA".into()),
///     country: Some("FRA".into()), sector: None, kind: ActorKind::Person, description: None,
///     codes: vec![DatedCode { code: "FRAGOV".into(), from: Some("2007-05-16".into()), until: Some("2012-05-15".into()) }],
///     mentions: vec![] };
/// assert_eq!(code_on_date(&a, NaiveDate::from_ymd_opt(2010, 1, 1).unwrap()).as_deref(), Some("FRAGOV"));
/// assert_eq!(code_on_date(&a, NaiveDate::from_ymd_opt(2015, 1, 1).unwrap()).as_deref(), Some("FRA"));
/// ```
pub fn code_on_date(
    actor: &chronicler_doc::Actor,
    date: chronicler_doc::NaiveDate,
) -> Option<compact_str::CompactString> {
    let parse = |s: &Option<compact_str::CompactString>| s.as_deref().and_then(kb::parse_date);
    let valid = actor
        .codes
        .iter()
        .filter(|c| {
            !matches!(parse(&c.from), Some(f) if f > date)
                && !matches!(parse(&c.until), Some(u) if date > u)
        })
        .max_by_key(|c| parse(&c.from));
    if let Some(c) = valid {
        return Some(c.code.clone());
    }
    let all_dated = !actor.codes.is_empty()
        && actor
            .codes
            .iter()
            .all(|c| c.from.is_some() || c.until.is_some());
    if all_dated {
        return actor
            .codes
            .iter()
            .max_by_key(|c| parse(&c.from))
            .and_then(|c| c.code.get(0..3))
            .map(compact_str::CompactString::from);
    }
    actor.code.clone()
}

/// Errors of the actors stage (loading knowledge-base files).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A knowledge-base or dictionary file is malformed.
    #[error("{file} line {line}: {message}")]
    Parse {
        /// File name.
        file: String,
        /// 1-based line (0 when the whole file is at fault).
        line: u32,
        /// What was found and what was expected.
        message: String,
    },
    /// A file could not be read.
    #[error("cannot read {path}: {message}")]
    Io {
        /// The path.
        path: String,
        /// The operating system's message.
        message: String,
    },
}
