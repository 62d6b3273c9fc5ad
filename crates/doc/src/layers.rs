//! The annotation layers later stages add. Every layer is stand-off: it points
//! into the document text by byte [`Span`] or into the token vector by
//! [`TokenRange`] / token index, and never copies or edits the text.
//!
//! Field names follow the output contract's words (`entities`, `times`,
//! `cue`, `speaker`, ...); the `output` crate turns them into the contract's
//! JSON with code-point offsets.

use crate::{Span, TokenRange};
use compact_str::CompactString;
use serde::{Deserialize, Serialize};

// ---------------------------------------------------------------- tags ----

/// Part of speech, lemma and morphology of one token (parallel to tokens).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TokenTags {
    /// Universal POS tag (`NOUN`, `PROPN`, `VERB`, ...).
    pub upos: CompactString,
    /// Penn Treebank tag (`NN`, `NNP`, `VBD`, ...).
    pub xpos: CompactString,
    /// Lemma (dictionary form).
    pub lemma: CompactString,
}

// --------------------------------------------------------------- parse ----

/// Dependency arc of one token (parallel to tokens).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Dependency {
    /// Document-level token index of the head, or `None` for the root.
    pub head: Option<u32>,
    /// Universal Dependencies relation, with subtype (`nsubj`, `obl:tmod`).
    pub deprel: CompactString,
}

// ------------------------------------------------------------ entities ----

/// Named-entity type (CoNLL-2003 labels).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EntityLabel {
    /// Person.
    #[serde(rename = "PER")]
    Per,
    /// Organisation.
    #[serde(rename = "ORG")]
    Org,
    /// Location.
    #[serde(rename = "LOC")]
    Loc,
    /// Miscellaneous (nationalities, events, works, ...).
    #[serde(rename = "MISC")]
    Misc,
}

impl EntityLabel {
    /// All labels in a fixed order.
    pub const ALL: [EntityLabel; 4] = [
        EntityLabel::Per,
        EntityLabel::Org,
        EntityLabel::Loc,
        EntityLabel::Misc,
    ];

    /// The contract's spelling (`PER`, `ORG`, `LOC`, `MISC`).
    pub fn as_str(self) -> &'static str {
        match self {
            EntityLabel::Per => "PER",
            EntityLabel::Org => "ORG",
            EntityLabel::Loc => "LOC",
            EntityLabel::Misc => "MISC",
        }
    }

    /// Parses `PER`, `ORG`, `LOC`, `MISC` (also `PERSON`, `LOCATION`, ...).
    pub fn parse(s: &str) -> Option<EntityLabel> {
        match s {
            "PER" | "PERSON" => Some(EntityLabel::Per),
            "ORG" | "ORGANIZATION" | "ORGANISATION" => Some(EntityLabel::Org),
            "LOC" | "LOCATION" | "GPE" => Some(EntityLabel::Loc),
            "MISC" => Some(EntityLabel::Misc),
            _ => None,
        }
    }
}

/// A named-entity mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    /// Tokens of the mention.
    pub tokens: TokenRange,
    /// Byte span (derived from the tokens, kept for convenience).
    pub span: Span,
    /// Type.
    pub label: EntityLabel,
}

// -------------------------------------------------------------- actors ----

/// What an actor is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActorKind {
    /// A named person.
    Person,
    /// A named organisation (IGO, NGO, party, company, armed group).
    Organization,
    /// A country or its government as a whole.
    Country,
    /// An unnamed group or role ("protesters", "Chinese analysts").
    Group,
}

/// A CAMEO actor code valid over a date range (inclusive, ISO `YYYY-MM-DD`;
/// `None` = open).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatedCode {
    /// The CAMEO code (`PRKGOV`).
    pub code: CompactString,
    /// First day the code applies.
    pub from: Option<CompactString>,
    /// Last day the code applies.
    pub until: Option<CompactString>,
}

/// One mention of an actor in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorMention {
    /// Byte span of the mention.
    pub span: Span,
    /// Index into the entities layer, when the mention is an entity.
    pub entity: Option<u32>,
}

/// A distinct actor of the document with all its mentions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    /// Canonical id (`kim-jong-un`): a knowledge-base id, or a slug of the
    /// fullest name for actors not in the base.
    pub id: CompactString,
    /// Fullest name the document or the base gives.
    pub name: String,
    /// CAMEO code valid on the document date (`PRKGOV`), if any.
    pub code: Option<CompactString>,
    /// ISO 3166 alpha-3 country (or `IGO`-like prefix), if known.
    pub country: Option<CompactString>,
    /// CAMEO sector (`GOV`, `MIL`, `EDU`, ...), if known.
    pub sector: Option<CompactString>,
    /// Person, organisation, country or group.
    pub kind: ActorKind,
    /// A short description (role, apposition) or `None`.
    pub description: Option<String>,
    /// All codes with their validity, so later stages can code the actor on
    /// an event's own date.
    pub codes: Vec<DatedCode>,
    /// Mentions in text order.
    pub mentions: Vec<ActorMention>,
}

// --------------------------------------------------------------- times ----

/// Precision of a normalised time value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    /// A day (`2018-05-07`).
    Day,
    /// A week (`2018-W19`).
    Week,
    /// A month (`2018-05`).
    Month,
    /// A season (`2018-SU`).
    Season,
    /// A quarter (`2018-Q2`).
    Quarter,
    /// A year (`2018`).
    Year,
    /// A decade (`201X`).
    Decade,
    /// A century (`20XX`).
    Century,
    /// A time of day or finer.
    Time,
    /// A duration (`P6W`), not a point in time.
    Duration,
    /// A set / recurrence (`every Monday`).
    Set,
    /// The document's publication date used as a fallback.
    Document,
}

/// Fuzzy modifier of a time value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TimeModifier {
    /// "early March".
    Early,
    /// "mid-June".
    Mid,
    /// "late April".
    Late,
    /// "around 2010", "about two years ago".
    Approx,
    /// "since 2011": from the value onwards.
    Since,
    /// "until 2020", "before May".
    Until,
}

/// A temporal expression with its normalised value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeExpr {
    /// Byte span of the expression.
    pub span: Span,
    /// ISO-like value (`2018-05-07`, `2018-03`, `P6W`, `2018-06/2018-07`).
    pub value: CompactString,
    /// Precision of `value`.
    pub granularity: Granularity,
    /// Fuzzy modifier, if any.
    pub modifier: Option<TimeModifier>,
}

// -------------------------------------------------------------- places ----

/// What kind of place a gazetteer entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceKind {
    /// A country or territory.
    Country,
    /// A first-level division (province, state).
    Division,
    /// A city or town.
    City,
    /// A region, sea, peninsula or other named area.
    Region,
}

/// A location mention resolved to a gazetteer place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// Byte span of the mention.
    pub span: Span,
    /// Canonical place name (`Dalian`).
    pub name: String,
    /// ISO 3166 alpha-3 country of the place.
    pub country: Option<CompactString>,
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// Country, division, city or region.
    pub kind: PlaceKind,
    /// GeoNames id where the place comes from GeoNames data.
    pub geonames_id: Option<u32>,
}

// -------------------------------------------------------------- quotes ----

/// How a quote is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// Words inside quotation marks.
    Direct,
    /// A reported clause ("Shi said Kim wants ...").
    Indirect,
    /// A reported clause with a quoted fragment.
    Mixed,
}

/// Who said a quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    /// Fullest name the document gives (or the phrase, "some analysts").
    pub name: String,
    /// Actor id in the actors layer, if linked.
    pub actor: Option<CompactString>,
    /// Appositive or premodifier description, if any.
    pub description: Option<String>,
    /// The mention the speaker was found at (may be a pronoun or surname).
    pub mention: Option<Span>,
}

/// A direct, indirect or mixed quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// Direct, indirect or mixed.
    pub kind: QuoteKind,
    /// Byte span of the content (inside the marks; without a leading "that").
    pub span: Span,
    /// The cue ("said", "according to"), if any.
    pub cue: Option<Span>,
    /// The speaker, if found.
    pub speaker: Option<Speaker>,
}

// -------------------------------------------------------------- events ----

/// PLOVER 2.0 event types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
#[allow(missing_docs)]
pub enum PloverEvent {
    Agree,
    Consult,
    Support,
    Concede,
    Cooperate,
    Aid,
    Retreat,
    Request,
    Accuse,
    Reject,
    Threaten,
    Protest,
    Sanction,
    Mobilize,
    Coerce,
    Assault,
}

impl PloverEvent {
    /// All sixteen types in codebook order.
    pub const ALL: [PloverEvent; 16] = [
        PloverEvent::Agree,
        PloverEvent::Consult,
        PloverEvent::Support,
        PloverEvent::Concede,
        PloverEvent::Cooperate,
        PloverEvent::Aid,
        PloverEvent::Retreat,
        PloverEvent::Request,
        PloverEvent::Accuse,
        PloverEvent::Reject,
        PloverEvent::Threaten,
        PloverEvent::Protest,
        PloverEvent::Sanction,
        PloverEvent::Mobilize,
        PloverEvent::Coerce,
        PloverEvent::Assault,
    ];

    /// Upper-case name (`CONSULT`).
    pub fn as_str(self) -> &'static str {
        match self {
            PloverEvent::Agree => "AGREE",
            PloverEvent::Consult => "CONSULT",
            PloverEvent::Support => "SUPPORT",
            PloverEvent::Concede => "CONCEDE",
            PloverEvent::Cooperate => "COOPERATE",
            PloverEvent::Aid => "AID",
            PloverEvent::Retreat => "RETREAT",
            PloverEvent::Request => "REQUEST",
            PloverEvent::Accuse => "ACCUSE",
            PloverEvent::Reject => "REJECT",
            PloverEvent::Threaten => "THREATEN",
            PloverEvent::Protest => "PROTEST",
            PloverEvent::Sanction => "SANCTION",
            PloverEvent::Mobilize => "MOBILIZE",
            PloverEvent::Coerce => "COERCE",
            PloverEvent::Assault => "ASSAULT",
        }
    }

    /// Parses an upper- or lower-case name.
    pub fn parse(s: &str) -> Option<PloverEvent> {
        let u = s.trim().to_ascii_uppercase();
        PloverEvent::ALL.into_iter().find(|e| e.as_str() == u)
    }
}

/// Whether the text reports an event as having happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EventStatus {
    /// Reported as having happened.
    Asserted,
    /// Planned, scheduled, intended.
    Future,
    /// Conditional or speculative.
    Hypothetical,
    /// Said not to have happened.
    Negated,
    /// A claim attributed to someone that the text does not endorse.
    Reported,
}

/// An event argument (source or target).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventArg {
    /// Actor id in the actors layer, if linked.
    pub actor: Option<CompactString>,
    /// Name as given by the actor (fullest) or the text.
    pub name: String,
    /// CAMEO actor code valid on the event's date.
    pub code: Option<CompactString>,
    /// Byte span of the argument's mention.
    pub span: Span,
}

/// Where an event happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventLocation {
    /// Place name.
    pub name: String,
    /// ISO 3166 alpha-3 country.
    pub country: Option<CompactString>,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Byte span of the mention.
    pub span: Span,
}

/// One coded event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// PLOVER type.
    pub event: PloverEvent,
    /// PLOVER mode (`visit`, `phone`), if any.
    pub mode: Option<CompactString>,
    /// Most specific CAMEO event code (`042`), if any.
    pub cameo: Option<CompactString>,
    /// Who acted.
    pub source: Option<EventArg>,
    /// Who was acted upon.
    pub target: Option<EventArg>,
    /// Where.
    pub location: Option<EventLocation>,
    /// ISO-like date value.
    pub date: Option<CompactString>,
    /// Precision of `date`.
    pub date_granularity: Option<Granularity>,
    /// Asserted, future, hypothetical, negated or reported.
    pub status: EventStatus,
    /// PLOVER contexts (`diplomatic`, `military`, ...).
    pub context: Vec<CompactString>,
    /// The trigger word or phrase.
    pub trigger: Span,
    /// Index of the sentence the event was coded from.
    pub sentence: u32,
    /// Further mentions of the same event (merged duplicates): trigger spans.
    pub mentions: Vec<Span>,
    /// Why the event was coded (lexicon entry, parse path); filled on request.
    pub explain: Option<String>,
}
