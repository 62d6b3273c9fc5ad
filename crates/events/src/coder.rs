//! The event coder: triggers from the lexicon, arguments from the
//! dependency parse, status, date, place and actor codes from the other layers.

use crate::agents::AgentNouns;
use crate::cues::{CueKind, CueWhere, Cues};
use crate::lexicon::{Entry, Lexicon, TriggerPos};
use crate::nations::Nations;
use crate::Error;
use chronicler_doc::{
    Align, Document, Event, EventArg, EventLocation, EventStatus, Granularity, PloverEvent, Span,
};
use compact_str::CompactString;
use rustc_hash::FxHashSet;

const NONE: u32 = u32::MAX;
/// Verbs whose object noun carries the event ("held talks", "paid a visit").
const LIGHT: &[&str] = &[
    "hold",
    "have",
    "conduct",
    "make",
    "pay",
    "stage",
    "launch",
    "carry",
    "begin",
    "start",
    "continue",
    "mount",
    "give",
    "undertake",
    "resume",
    "open",
    "attend",
    "join",
    "host",
    "announce",
    "go",
    "plan",
    "schedule",
    "organize",
    "organise",
    "call",
    "lead",
    "impose",
    "issue",
    "complete",
];
/// Verbs whose object is the subject of their `xcomp` ("urged X to leave").
const OBJECT_CONTROL: &[&str] = &[
    "urge",
    "ask",
    "tell",
    "invite",
    "request",
    "order",
    "force",
    "press",
    "call",
    "persuade",
    "encourage",
    "allow",
    "help",
    "push",
    "pressure",
    "implore",
    "beg",
    "advise",
    "warn",
    "want",
];
/// Verbs whose object is the doer of the act in their complement
/// ("accused the army of killing civilians", "blamed rebels for the attack",
/// "charged two men with killing a journalist", "praised X for helping").
const ACT_OF_OBJECT: &[&str] = &[
    "accuse",
    "blame",
    "charge",
    "suspect",
    "convict",
    "indict",
    "condemn",
    "criticize",
    "criticise",
    "fault",
    "sentence",
    "punish",
    "sue",
    "praise",
    "thank",
    "credit",
    "commend",
];

/// The verb of [`ACT_OF_OBJECT`] whose object did trigger `t` (the trigger
/// sits in that verb's `of`/`for`/`with` complement or, misparsed, inside
/// its object phrase), with that object.
fn act_of_object(ctx: &Ctx, t: usize) -> Option<(usize, usize)> {
    let doc = ctx.doc;
    let mut cur = t;
    for _ in 0..4 {
        let h = head(doc, cur)?;
        if ACT_OF_OBJECT.contains(&ctx.lemma[h].as_str())
            && doc.tags().get(h).is_some_and(|g| g.upos == "VERB")
        {
            // the one accused: the object, or the subject of a passive
            // ("X was accused of ..."; "individuals accused of ...")
            let obj = children_rel(ctx, h, &["obj", "nsubj:pass"])
                .next()
                .or_else(|| reduced_relative(ctx, h, true))?;
            // "Ali Hassan, whom the government accuses of funding the
            // rebels": a relative pronoun stands for the noun described
            let obj =
                if RELATIVE.contains(&ctx.lemma[obj].as_str()) && deprel(doc, h) == "acl:relcl" {
                    head(doc, h)?
                } else {
                    obj
                };
            let complement = cur != t && cur == obj
                || (matches!(base_rel(deprel(doc, cur)), "advcl" | "obl" | "nmod" | "acl")
                    && children_rel(ctx, cur, &["mark", "case"])
                        .any(|m| matches!(ctx.lemma[m].as_str(), "of" | "for" | "with")));
            return complement.then_some((h, obj));
        }
        if doc
            .tags()
            .get(h)
            .is_some_and(|g| g.upos == "VERB" || g.upos == "AUX")
        {
            return None;
        }
        cur = h;
    }
    None
}

const REPORTING: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "added",
    "stated",
    "announced",
    "claimed",
    "reported",
];
const RELATIVE: &[&str] = &["who", "that", "which", "whom"];
/// Irregular past forms of event verbs and their base form, for a past
/// form the tagger took for a base form (and so did not lemmatise).
const IRREGULAR_PAST: &[(&str, &str)] = &[
    ("struck", "strike"),
    ("shot", "shoot"),
    ("fought", "fight"),
    ("sought", "seek"),
    ("sent", "send"),
    ("held", "hold"),
    ("met", "meet"),
    ("led", "lead"),
    ("took", "take"),
    ("began", "begin"),
    ("begun", "begin"),
    ("broke", "break"),
    ("broken", "break"),
    ("froze", "freeze"),
    ("frozen", "freeze"),
    ("threw", "throw"),
    ("thrown", "throw"),
    ("drove", "drive"),
    ("driven", "drive"),
    ("gave", "give"),
    ("given", "give"),
    ("brought", "bring"),
    ("caught", "catch"),
    ("bound", "bind"),
    ("withdrew", "withdraw"),
    ("withdrawn", "withdraw"),
    ("overthrew", "overthrow"),
    ("overthrown", "overthrow"),
    ("stole", "steal"),
    ("stolen", "steal"),
    ("slew", "slay"),
    ("slain", "slay"),
    ("fled", "flee"),
    ("spoke", "speak"),
    ("spoken", "speak"),
    ("told", "tell"),
    ("forbade", "forbid"),
    ("forbidden", "forbid"),
    ("undertook", "undertake"),
    ("beaten", "beat"),
];

/// Verbs of saying or knowing, whose complement clause the parser may
/// lose (its subject becomes their object).
const SAYING: &[&str] = &[
    "say", "tell", "claim", "report", "announce", "allege", "believe", "think", "know", "suggest",
    "find", "show", "argue", "insist", "deny", "warn", "add", "state", "fear",
];

/// Nouns of a relation whose `with` phrase names the partner ("relations
/// with X", "air links with X").
const RELATION_NOUNS: &[&str] = &[
    "relation",
    "relations",
    "tie",
    "ties",
    "link",
    "links",
    "contact",
    "contacts",
    "connection",
    "connections",
    "dealings",
];
const PRONOUN_SKIP: &[&str] = &[
    "it", "this", "that", "they", "we", "i", "you", "there", "these", "those", "which", "what",
];
const CLAUSE_RELS: &[&str] = &[
    "acl",
    "acl:relcl",
    "advcl",
    "advcl:relcl",
    "ccomp",
    "xcomp",
    "csubj",
    "parataxis",
    "conj",
    "list",
];

/// Codes PLOVER/CAMEO events from annotated documents. Build once (`new`),
/// share across threads.
#[derive(Debug, Clone)]
pub struct EventCoder {
    lex: Lexicon,
    cues: Cues,
    nations: Nations,
    agents: AgentNouns,
    /// The rule entry for "X said Y must do Z" when Z is no trigger.
    must_entry: Entry,
    horizon_years: i32,
    explain: bool,
}

/// Per-document indexes, built once per `annotate` call.
struct Ctx<'d> {
    doc: &'d Document,
    lex: &'d Lexicon,
    nations: &'d Nations,
    lemma: Vec<CompactString>,
    children: Vec<Vec<u32>>,
    tok_actor: Vec<u32>,
    tok_actor_named: Vec<u32>,
    tok_place: Vec<u32>,
    tok_time: Vec<u32>,
    tok_entity: Vec<u32>,
    cues: &'d Cues,
    /// Nouns naming people (`agent_nouns.txt`).
    agents: &'d AgentNouns,
    /// The only country of each sentence (by first token), once computed.
    sole_country: std::cell::RefCell<rustc_hash::FxHashMap<usize, Option<CompactString>>>,
}

/// A resolved argument.
#[derive(Debug, Clone)]
struct Arg {
    actor: Option<u32>,
    code: Option<CompactString>,
    name: String,
    span: Span,
    tok: u32,
}

/// Trigger match before argument resolution.
struct Match<'l> {
    tok: usize,
    entry: &'l Entry,
    extra_toks: Vec<usize>,
}

impl Default for EventCoder {
    fn default() -> Self {
        Self::new()
    }
}

fn deprel(doc: &Document, i: usize) -> &str {
    doc.parse().get(i).map(|d| d.deprel.as_str()).unwrap_or("")
}

fn head(doc: &Document, i: usize) -> Option<usize> {
    doc.parse()
        .get(i)
        .and_then(|d| d.head)
        .map(|h| h as usize)
        .filter(|&h| h < doc.tokens().len() && h != i)
}

fn base_rel(r: &str) -> &str {
    r.split(':').next().unwrap_or(r)
}

impl EventCoder {
    /// Loads the embedded lexicon and cue tables.
    pub fn new() -> EventCoder {
        let lex = Lexicon::parse(crate::lexicon::EMBEDDED, crate::lexicon::EMBEDDED_NAME)
            .expect("embedded lexicon parses (tested)");
        let cues = Cues::parse(crate::cues::EMBEDDED, "data/events/cues.tsv")
            .expect("embedded cue table parses (tested)");
        let nations = Nations::parse(crate::nations::EMBEDDED, "data/events/demonyms.tsv")
            .expect("embedded demonym table parses (tested)");
        let must_entry = Entry {
            head: "must".into(),
            extra: Vec::new(),
            pos: TriggerPos::Verb,
            event: PloverEvent::Request,
            mode: None,
            cameo: "100".into(),
            targets: Vec::new(),
            context: None,
            needs_target: false,
            origin: "rule: 'X said Y must do Z'".into(),
        };
        EventCoder {
            lex,
            cues,
            nations,
            agents: AgentNouns::embedded(),
            must_entry,
            horizon_years: 20,
            explain: true,
        }
    }

    /// Adds or overrides lexicon entries from user TSV text (same format as
    /// `data/events/lexicon.tsv`).
    pub fn with_user_lexicon(mut self, text: &str, name: &str) -> Result<EventCoder, Error> {
        self.lex.add(text, name)?;
        Ok(self)
    }

    /// Events dated more than `years` before the document date are dropped
    /// as historical retrospectives (default 20).
    pub fn with_horizon_years(mut self, years: i32) -> EventCoder {
        self.horizon_years = years;
        self
    }

    /// Whether to fill `Event::explain` (default true).
    pub fn with_explain(mut self, on: bool) -> EventCoder {
        self.explain = on;
        self
    }

    /// Number of lexicon entries.
    pub fn lexicon_len(&self) -> usize {
        self.lex.len()
    }

    /// Codes the events of `doc`. Needs sentences, tokens, tags and parse;
    /// uses actors, times, places and quotes when present.
    pub fn annotate(&self, doc: &Document) -> Vec<Event> {
        let n = doc.tokens().len();
        if n == 0 || doc.tags().len() != n || doc.parse().len() != n {
            return Vec::new();
        }
        let ctx = Ctx::new(doc, &self.lex, &self.nations, &self.cues, &self.agents);
        let mut out: Vec<Event> = Vec::new();
        for (si, s) in doc.sentences().iter().enumerate() {
            let range = s.tokens.range();
            if range.end > n {
                continue;
            }
            if range.clone().any(|i| {
                matches!(
                    self.cues.get(CueWhere::Word, &ctx.lemma[i]),
                    Some(CueKind::Discard)
                )
            }) {
                continue;
            }
            let mut matches: Vec<Match> = Vec::new();
            let title_case = title_case(&ctx, range.clone());
            for i in range.clone() {
                if let Some(m) = self.match_trigger(&ctx, i, title_case) {
                    matches.push(m);
                }
            }
            let trig: FxHashSet<usize> = matches.iter().map(|m| m.tok).collect();
            // verbs first: a noun a coded verb consumed ("imposed sanctions") is not
            // coded again; one whose verb found no arguments still is
            let mut consumed: FxHashSet<usize> = FxHashSet::default();
            let mut coded: FxHashSet<usize> = FxHashSet::default();
            for pass in [TriggerPos::Verb, TriggerPos::Noun] {
                for m in matches.iter().filter(|m| m.entry.pos == pass) {
                    if consumed.contains(&m.tok) {
                        continue;
                    }
                    // "declined to comment" is no rejection
                    if m.entry.event == PloverEvent::Reject
                        && ctx.children[m.tok].iter().any(|&c| {
                            matches!(deprel(doc, c as usize), "xcomp" | "obj")
                                // a parenthetical "..., an official said" is no complement
                                && children_rel(&ctx, c as usize, &["nsubj"]).next().is_none()
                                && matches!(
                                    ctx.lemma[c as usize].as_str(),
                                    "comment"
                                        | "elaborate"
                                        | "speculate"
                                        | "confirm"
                                        | "say"
                                        | "disclose"
                                        | "identify"
                                        | "name"
                                )
                        })
                    {
                        continue;
                    }
                    // a participle describing a noun ("pledged delegates", "a proposed
                    // ban", "well-funded groups") is no act, unless it names its
                    // agent ("C.I.A.-backed rebels"); violence it describes
                    // happened ("a besieged neighborhood")
                    if m.entry.pos == TriggerPos::Verb
                        && !matches!(m.entry.event, PloverEvent::Assault | PloverEvent::Coerce)
                        && descriptive_participle(&ctx, m.tok)
                    {
                        continue;
                    }
                    // a complement of a request/agreement/threat refines it instead
                    if embedded_under(&ctx, m.tok, &matches).is_some() {
                        continue;
                    }
                    // sanctions lifted, eased or suspended are not imposed
                    // ("agreed to lift Venezuela sanctions")
                    if m.entry.pos == TriggerPos::Noun
                        && m.entry.event == PloverEvent::Sanction
                        && deprel(doc, m.tok) == "obj"
                        && head(doc, m.tok).is_some_and(|h| {
                            matches!(
                                ctx.lemma[h].as_str(),
                                "lift" | "ease" | "remove" | "end" | "scrap" | "suspend" | "relax"
                            )
                        })
                    {
                        continue;
                    }
                    if m.entry.pos == TriggerPos::Noun && deprel(doc, m.tok) == "obj" {
                        if let Some(h) = head(doc, m.tok) {
                            // violence condemned or protested is an event of its own
                            // ("condemned the attack on the embassy")
                            let judged = matches!(m.entry.event, PloverEvent::Assault)
                                && matches.iter().any(|o| {
                                    o.tok == h
                                        && matches!(
                                            o.entry.event,
                                            PloverEvent::Accuse | PloverEvent::Protest
                                        )
                                });
                            if coded.contains(&h) && !judged {
                                continue;
                            }
                        }
                    }
                    let embedded = matches.iter().find(|o| {
                        o.tok != m.tok
                            && head(doc, o.tok) == Some(m.tok)
                            && is_complement(&ctx, o.tok)
                    });
                    let before = out.len();
                    self.code(&ctx, si, m, embedded, &trig, &mut out);
                    if out.len() > before {
                        consumed.extend(m.extra_toks.iter().copied());
                        coded.insert(m.tok);
                    }
                }
            }
            // "X declared that Y must drop barriers": a demand even when the
            // demanded act is in no lexicon entry
            for v in range.clone() {
                let own_must = children_rel(&ctx, v, &["aux"])
                    .any(|c| matches!(ctx.lemma[c].as_str(), "must" | "should"));
                if !own_must || trig.contains(&v) || must_clause(&ctx, v).is_none() {
                    continue;
                }
                let m = Match {
                    tok: v,
                    entry: &self.must_entry,
                    extra_toks: Vec::new(),
                };
                self.code(&ctx, si, &m, None, &trig, &mut out);
            }
        }
        merge_duplicates(out)
    }

    /// The lexicon entry triggered at token `i`; `title_case`: the sentence
    /// capitalises its words, as headlines do.
    fn match_trigger<'l>(&'l self, ctx: &Ctx, i: usize, title_case: bool) -> Option<Match<'l>> {
        let doc = ctx.doc;
        // a capitalised word inside a longer name is part of the name:
        // "Rapid Support Forces", "Organization for Security and
        // Co-operation in Europe" do not support or cooperate (in a
        // headline, "GOP Candidates Reject The Idea", every word is)
        let span = doc.tokens()[i].span;
        if !title_case
            && doc.span_text(span).starts_with(|c: char| c.is_uppercase())
            && ctx
                .tok_entity
                .get(i)
                .and_then(|&e| doc.entities().get(e as usize))
                .is_some_and(|e| e.span != span)
        {
            return None;
        }
        let upos = doc.tags()[i].upos.as_str();
        let pos = match upos {
            "VERB" => TriggerPos::Verb,
            "NOUN" => TriggerPos::Noun,
            "PROPN" if doc.tags()[i].xpos.starts_with("NN") => TriggerPos::Noun,
            _ => return None,
        };
        let lemma = ctx.lemma[i].as_str();
        let mut key: std::borrow::Cow<str> = lemma.into();
        if self.lex.candidates(lemma).next().is_none() {
            // the tagger's lemma may be off ("blamed" -> "blam"): try simple stems of the word
            let w = doc.tokens()[i].lower(doc.text());
            let mut stems: Vec<String> = Vec::new();
            for suf in ["ies", "ied", "ed", "es", "s", "ing", "d"] {
                if let Some(st) = w.strip_suffix(suf) {
                    if st.len() > 2 {
                        let y = if suf.starts_with("ie") {
                            format!("{st}y")
                        } else {
                            st.to_string()
                        };
                        stems.push(format!("{y}e"));
                        stems.push(y);
                    }
                }
            }
            // an irregular past form tagged as a base form ("said it struck
            // targets" with "struck" as VB keeps "struck" as its lemma)
            if doc.tags()[i].xpos == "VB" {
                if let Some((_, base)) = IRREGULAR_PAST.iter().find(|(past, _)| *past == w) {
                    stems.push((*base).to_string());
                }
            }
            stems.push(w.into_owned());
            match stems
                .into_iter()
                .find(|k| self.lex.candidates(k).any(|e| e.pos == pos))
            {
                Some(k) => key = k.into(),
                None => return None,
            }
        }
        let mut best: Option<Match> = None;
        for e in self.lex.candidates(&key) {
            if e.pos != pos {
                continue;
            }
            let mut toks = Vec::new();
            let mut ok = true;
            for w in &e.extra {
                match find_extra(ctx, i, w) {
                    Some(t) => toks.push(t),
                    None => {
                        ok = false;
                        break;
                    }
                }
            }
            if ok
                && best
                    .as_ref()
                    .is_none_or(|b| b.entry.extra.len() < e.extra.len())
            {
                best = Some(Match {
                    tok: i,
                    entry: e,
                    extra_toks: toks,
                });
            }
        }
        best
    }

    fn code(
        &self,
        ctx: &Ctx,
        si: usize,
        m: &Match,
        embedded: Option<&Match>,
        triggers: &FxHashSet<usize>,
        out: &mut Vec<Event>,
    ) {
        let doc = ctx.doc;
        let t = m.tok;
        let e = m.entry;
        let mut path: Vec<String> = Vec::new();
        let (sources, targets) = match e.pos {
            TriggerPos::Verb => verb_args(ctx, m, &mut path),
            TriggerPos::Noun => noun_args(ctx, m, triggers, &mut path),
        };
        let mut targets = targets;
        let mut sources = sources;
        if e.needs_target && targets.is_empty() {
            return;
        }
        // a source is someone: "the meeting location would help Kim" has none
        // (violence keeps its instruments, "Russian aircraft killed ...", when
        // it has a victim or the sentence shows force: "fireworks shooting
        // over the lake" does not)
        let violence = matches!(e.event, PloverEvent::Assault | PloverEvent::Coerce);
        if !violence || targets.is_empty() && !self.sentence_sense(ctx, si, &[t]).0 {
            let named = sources.len();
            sources.retain(|a| self.agentive(ctx, a));
            if sources.len() < named {
                path.push("source: not a person or a group, left out".into());
            }
        }
        // and so is a target, but for violence, which also strikes things
        if !violence {
            let named = targets.len();
            targets.retain(|a| self.agentive(ctx, a));
            if targets.len() < named {
                path.push("target: not a person or a group, left out".into());
                if targets.is_empty() && e.needs_target {
                    return;
                }
            }
        }
        // a visit is paid by officials and leaders, not by attackers or
        // crowds ("the attackers arrived on motorbikes"); troops arriving
        // abroad are deployed ("British troops have arrived in Mali")
        let mut deployed = false;
        if e.event == PloverEvent::Consult && e.mode.as_deref() == Some("visit") {
            // the sector codes after the country (`RUSMIL` → `MIL`)
            let sectors = |a: &Arg| {
                let code = self.to_arg(ctx, a, None).code.unwrap_or_default();
                split_code(ctx, Some(code.as_str())).1.to_string()
            };
            let named = sources.len();
            sources.retain(|a| {
                !sectors(a)
                    .as_bytes()
                    .chunks(3)
                    .any(|s| matches!(s, b"CVL" | b"REB" | b"CRM" | b"INS" | b"UAF" | b"REF"))
            });
            if sources.len() < named {
                if sources.is_empty() {
                    return;
                }
                path.push("source: not one who pays visits, left out".into());
            }
            deployed = sources
                .iter()
                .all(|a| sectors(a).as_bytes().chunks(3).any(|s| s == b"MIL"));
        }
        if sources.is_empty() {
            // violence is coded with an unknown perpetrator when the victim is known
            // and so is a release or demobilisation ("prisoners were freed")
            let released = e.event == PloverEvent::Retreat && e.pos == TriggerPos::Verb;
            if targets.is_empty()
                || !(released || matches!(e.event, PloverEvent::Assault | PloverEvent::Coerce))
            {
                return;
            }
            sources.push(Arg {
                actor: None,
                code: None,
                name: String::new(),
                span: Span::default(),
                tok: u32::MAX,
            });
        }
        // "X said Y must do Z": X demands of Y
        let mut demand: Option<&'static str> = None;
        if let Some(h) = must_clause(ctx, t).filter(|_| sources.iter().all(|a| a.tok != u32::MAX)) {
            let mut p2 = Vec::new();
            let mut sayer: Vec<Arg> = children_rel(ctx, h, &["nsubj"])
                .flat_map(|s| resolve_group(ctx, s))
                .collect();
            if sayer.is_empty() {
                sayer = inherited_subject(ctx, h, &mut p2);
            }
            if !sayer.is_empty() {
                path.push(format!(
                    "demand: '{}' clause of '{}'",
                    "must",
                    doc.token_text(h)
                ));
                targets = std::mem::replace(&mut sources, sayer);
                demand = Some(refine(PloverEvent::Request, e).unwrap_or("100"));
            }
        }
        // status
        let (status, cue) = self.status(ctx, t);
        let mut event = e.event;
        let mut cameo = e.cameo.clone();
        let mut mode = e.mode.clone();
        let mut status = status;
        if deployed {
            // peacekeepers are aid (CAMEO 074), other troops a deployment
            let peace = doc.sentences().get(si).is_some_and(|s| {
                s.tokens
                    .range()
                    .any(|i| ctx.lemma[i].starts_with("peacekeep"))
            });
            (event, cameo, mode) = if peace {
                (PloverEvent::Aid, "074".into(), None)
            } else {
                (PloverEvent::Mobilize, "154".into(), Some("troops".into()))
            };
            path.push(format!("troops arriving: {event:?}"));
        }
        // what the trigger's head may also mean (cues.tsv, position `trigger`)
        let trigger_cue = self.cues.get(CueWhere::Trigger, &e.head);
        // "called the idea a mistake", "a group called X": naming;
        // "released a statement", "released a poll": a publication
        // (entries that name more words, "called off the strike", "share
        // information", are acts)
        let no_act = e.extra.is_empty()
            && match trigger_cue {
                Some(CueKind::Naming) => names(ctx, t),
                Some(CueKind::Publication) => self.published_text(ctx, t),
                Some(CueKind::Intransitive) => {
                    children_rel(ctx, t, &["obj", "ccomp"]).next().is_some()
                }
                _ => false,
            };
        // "requested anonymity to discuss ...": neither a request nor talks
        let anonymous = match e.event {
            PloverEvent::Request => anonymity(ctx, t),
            PloverEvent::Consult => {
                head(doc, t).is_some_and(|h| ctx.lemma[h] == "anonymity" || anonymity(ctx, h))
            }
            _ => false,
        };
        if no_act || anonymous {
            return;
        }
        // figurative force: "attacked Trump in the debate" is criticism, and
        // "would beat Trump" in a poll is no event at all
        let mut figurative = false;
        if event == PloverEvent::Assault && demand.is_none() {
            // a named person: a person actor or a PER name
            let person = |a: &Arg| {
                let doc = ctx.doc;
                a.actor.is_some_and(|x| {
                    doc.actors()
                        .get(x as usize)
                        .is_some_and(|x| x.kind == chronicler_doc::ActorKind::Person)
                }) || ctx
                    .tok_entity
                    .get(a.tok as usize)
                    .and_then(|&x| doc.entities().get(x as usize))
                    .is_some_and(|x| x.label == chronicler_doc::EntityLabel::Per)
            };
            let people =
                sources.iter().any(person) && !targets.is_empty() && targets.iter().all(person);
            match self.figurative_sense(ctx, si, t, trigger_cue, people) {
                // an attack by no one known that is itself condemned or blamed is
                // no criticism ("condemned the attack on the embassy"; "criticized
                // Trump's attacks on the judge" stays words)
                Some(CueKind::Criticism)
                    if !targets.is_empty()
                        && (sources.iter().any(|a| a.tok != u32::MAX) || !self.accused(ctx, t)) =>
                {
                    figurative = true;
                    event = PloverEvent::Accuse;
                    cameo = "111".into();
                    mode = Some("disapprove".into());
                    path.push("figurative: an attack in words (cues.tsv)".into());
                }
                Some(CueKind::Figurative) => return,
                _ => {}
            }
        }
        if let Some(c) = demand {
            event = PloverEvent::Request;
            cameo = c.into();
            mode = None;
            if matches!(
                status,
                EventStatus::Hypothetical | EventStatus::Reported | EventStatus::Future
            ) {
                status = EventStatus::Asserted;
            }
        }
        if let Some(em) = embedded {
            if let Some(c) = refine(e.event, em.entry) {
                // appeals (02x) mirror demands (10x) in CAMEO
                cameo = match (e.cameo.starts_with("02"), c.strip_prefix("10")) {
                    (true, Some(rest)) => format!("02{rest}").into(),
                    _ => CompactString::from(c),
                };
                if targets.is_empty() {
                    let mut p = Vec::new();
                    let (_, t2) = verb_args(ctx, em, &mut p);
                    targets = t2;
                }
                path.push(format!("complement '{}'", doc.token_text(em.tok)));
            }
        }
        // location and date
        let location = find_location(ctx, t);
        let (date, gran) = find_date(ctx, t);
        // the place an act lands on: with no explicit target, the country where
        // it happens is the recipient ("imposed a curfew in Cizre", "riots in
        // Kirkuk", "agreed to set up a centre in Tokyo", "threatened to
        // impose a curfew in Algiers"), as in CAMEO/PLOVER dictionary coding;
        // but where words, agreements or support are given is only their
        // scene ("signed a deal in Washington", "agreed in Tokyo",
        // "campaigned in Minnesota"); meetings have their own CONSULT rules
        let act_place = event_place(ctx, t, embedded.map(|m| m.tok));
        // "staged a hunger strike to protest President X's failure", "blocked
        // streets in defiance of the authorities": a protest is aimed at the
        // party its purpose clause or its "in protest at" phrase names
        if targets.is_empty() && e.event == PloverEvent::Protest {
            if let Some(g) = purpose_target(ctx, t, &sources) {
                path.push("target = party of the protest's purpose".into());
                targets = g;
            }
        }
        // (a protest's recipient is the authorities, found below, not the
        // city it marches in)
        let territorial = matches!(
            event,
            PloverEvent::Assault
                | PloverEvent::Coerce
                | PloverEvent::Mobilize
                | PloverEvent::Sanction
                | PloverEvent::Aid
                | PloverEvent::Retreat
        );
        // "Israel and Hamas agreed to a truce", "US and Korean troops held
        // joint drills", "Russian and Ukrainian forces clashed": an act two
        // or more parties do with each other, coded between every pair
        let mutual = targets.is_empty()
            && sources.len() > 1
            && match event {
                PloverEvent::Consult => true,
                // an agreement, not a pledge each makes ("vowed to bring back
                // jobs") nor an opinion ("agree it will be difficult")
                PloverEvent::Agree => {
                    ctx.lemma[t] == "agree" && children_rel(ctx, t, &["ccomp"]).next().is_none()
                }
                PloverEvent::Support => ctx.lemma[t] == "sign",
                // joint exercises and cooperation, not trade or investment
                PloverEvent::Cooperate => !matches!(
                    ctx.lemma[t].as_str(),
                    "trade" | "invest" | "investment" | "share"
                ),
                PloverEvent::Assault => {
                    matches!(
                        ctx.lemma[t].as_str(),
                        "clash" | "fight" | "battle" | "skirmish" | "exchange"
                    )
                }
                _ => false,
            };
        let scene =
            |p: usize| head(doc, p) == Some(t) && matches!(case_of(ctx, p), Some("in" | "at"));
        if targets.is_empty() && event != PloverEvent::Consult && !mutual {
            if let Some((pt, pl)) = act_place
                .as_ref()
                .filter(|(p, _)| event != PloverEvent::Protest && (territorial || !scene(*p)))
            {
                if let Some(c) = pl.country.clone() {
                    if !sources.iter().any(|a| a.tok as usize == *pt) {
                        path.push(format!("target = country of the place '{}'", pl.name));
                        targets.push(Arg {
                            actor: None,
                            code: Some(c),
                            name: pl.name.clone(),
                            span: pl.span,
                            tok: *pt as u32,
                        });
                    }
                }
            }
        }
        // a warning with no one warned is a threat only when the speaker's
        // own side is to act ("warned that police will no longer tolerate
        // rallies", "we will respond"), not a warning of a danger ("warned
        // that the economy could falter")
        if targets.is_empty()
            && event == PloverEvent::Threaten
            && matches!(ctx.lemma[t].as_str(), "warn" | "warning")
        {
            let own_side = children_rel(ctx, t, &["ccomp"]).any(|c| {
                children_rel(ctx, c, &["nsubj"]).any(|x| {
                    // (a personal pronoun no actor stands for, with a modal,
                    // is the warner's: "the Saudis have warned they could
                    // sell off U.S. assets")
                    let pronoun = matches!(ctx.lemma[x].as_str(), "he" | "she" | "it" | "they")
                        && ctx.tok_actor[x] == NONE
                        && children_rel(ctx, c, &["aux"]).any(|m| {
                            matches!(
                                ctx.lemma[m].as_str(),
                                "will" | "would" | "could" | "might" | "may" | "shall"
                            )
                        });
                    matches!(ctx.lemma[x].as_str(), "we" | "i")
                        || pronoun
                        || resolve(ctx, x).is_some_and(|a| {
                            sources.iter().any(|s| same_actor(s, &a))
                                || self.to_arg(ctx, &a, None).code.is_some_and(|c| {
                                    sources.iter().any(|s| {
                                        self.to_arg(ctx, s, None)
                                            .code
                                            .is_some_and(|d| c.get(..3) == d.get(..3))
                                    })
                                })
                        })
                })
            });
            if !own_side {
                return;
            }
        }
        // a protest with no recipient in the text is against the authorities of
        // the protesters' country ("Egyptian demonstrators rioted" -> EGYGOV);
        // the recipient is implicit: named "government", empty span at the trigger
        // ("Thousands rallied in Tbilisi": the authorities where it happens;
        // a state protests to another, never to itself: "Pakistan summoned
        // the Afghan envoy to protest")
        let state_source = sources.iter().any(|a| {
            let country_actor = a.actor.is_some_and(|x| {
                doc.actors()
                    .get(x as usize)
                    .is_some_and(|x| x.kind == chronicler_doc::ActorKind::Country)
            });
            let code = self.to_arg(ctx, a, None).code.unwrap_or_default();
            let (country, rest) = split_code(ctx, Some(code.as_str()));
            country_actor || country.is_some() && rest.starts_with("GOV")
        });
        if targets.is_empty() && e.event == PloverEvent::Protest && !state_source {
            // (an ethnic group's country is where it lives, not its name's)
            // (the country where it happens first: "Palestinian prisoners
            // rioted at a jail in northern Israel" is against Israel's)
            let home = act_place
                .as_ref()
                .and_then(|(_, p)| p.country.clone())
                .or_else(|| {
                    sources
                        .iter()
                        .filter(|a| a.tok != u32::MAX && !is_ethnic(ctx, a))
                        .find_map(|a| state_of(ctx, self.to_arg(ctx, a, None).code.as_deref()))
                });
            if let Some(c) = home {
                path.push(format!("target = implicit, the government of {c}"));
                let at = doc.tokens()[t].span.start as usize;
                let mut code = c;
                code.push_str("GOV");
                targets.push(Arg {
                    actor: None,
                    code: Some(code),
                    name: "government".into(),
                    span: Span::new(at, at),
                    tok: u32::MAX - 1,
                });
            }
        }
        // unnamed domestic groups (protesters, police, victims) of protests and
        // violence belong to the country where it happens
        let local_country = matches!(
            e.event,
            PloverEvent::Protest | PloverEvent::Coerce | PloverEvent::Assault
        )
        .then(|| act_place.as_ref().and_then(|(_, p)| p.country.clone()))
        .flatten();
        if let (Some(d), Some(dd)) = (date.as_deref(), doc.meta.date) {
            let y: i32 = d.get(..4).and_then(|y| y.parse().ok()).unwrap_or(i32::MAX);
            let dy: i32 = dd.format("%Y").to_string().parse().unwrap_or(0);
            if y != i32::MAX && y < dy - self.horizon_years {
                return;
            }
        }
        // contexts
        let mut context: Vec<CompactString> = Vec::new();
        if let Some(c) = e.context.as_ref().filter(|_| !figurative) {
            context.push(c.clone());
        }
        if let Some(s) = doc.sentences().get(si) {
            for i in s.tokens.range() {
                if let Some(CueKind::Context(c)) = self.cues.get(CueWhere::Word, &ctx.lemma[i]) {
                    if !context.contains(c) {
                        context.push(c.clone());
                    }
                }
            }
        }
        let trigger = doc.tokens()[t].span;
        let tgt_list: Vec<Option<&Arg>> = if targets.is_empty() {
            vec![None]
        } else {
            targets.iter().map(Some).collect()
        };
        let mut pairs: Vec<(&Arg, Option<&Arg>)> = Vec::new();
        for s in &sources {
            for tg in &tgt_list {
                if let Some(tg) = tg {
                    if same_actor(s, tg) {
                        continue;
                    }
                }
                pairs.push((s, *tg));
            }
        }
        // "Israel and Hamas agreed to a truce": each with the other; "talks
        // between A, B and C": every pair once
        if mutual {
            pairs.clear();
            let both_ways = sources.len() == 2;
            for a in 0..sources.len() {
                for b in 0..sources.len() {
                    if (a < b || both_ways && a != b) && !same_actor(&sources[a], &sources[b]) {
                        pairs.push((&sources[a], Some(&sources[b])));
                    }
                }
            }
        }
        // the one country the sentence names, computed when first needed
        let mut sole: Option<Option<CompactString>> = None;
        for (s, tg) in pairs.into_iter().take(6) {
            let date_key = date.clone();
            let mut src = (s.tok != u32::MAX).then(|| self.to_arg(ctx, s, date_key.as_deref()));
            // an unnamed perpetrator of violence is coded with the country where
            // it happened ("a roadside bomb near Samarra killed ..."), as
            // "unidentified" with an empty span at the trigger
            if src.is_none() && matches!(e.event, PloverEvent::Assault | PloverEvent::Coerce) {
                if let Some(lc) = &local_country {
                    src = Some(EventArg {
                        actor: None,
                        name: "unidentified".into(),
                        code: Some(lc.clone()),
                        span: Span::new(trigger.start as usize, trigger.start as usize),
                    });
                }
            }
            let mut tgt = tg.map(|a| self.to_arg(ctx, a, date_key.as_deref()));
            if let Some(lc) = &local_country {
                for (arg, raw) in [(&mut src, Some(s)), (&mut tgt, tg)] {
                    let (Some(arg), Some(raw)) = (arg.as_mut(), raw) else {
                        continue;
                    };
                    let unnamed = raw.actor.is_none_or(|ai| {
                        ctx.doc.actors()[ai as usize].kind == chronicler_doc::ActorKind::Group
                    });
                    if unnamed
                        && !arg
                            .code
                            .as_deref()
                            .is_some_and(|c| ctx.nations.has_country(c))
                    {
                        let mut code = lc.clone();
                        if let Some(sector) = arg.code.as_deref() {
                            code.push_str(sector);
                        }
                        arg.code = Some(code);
                    }
                }
            }
            // ethnic groups, "Bosnian Serbs", and actors known only by role
            let place_country = act_place.as_ref().and_then(|(_, p)| p.country.as_deref());
            // a country as a whole among the arguments (for `settle_country`)
            let whole_country = |arg: &Option<EventArg>, raw: Option<&Arg>| {
                let country = raw.and_then(|r| r.actor).is_some_and(|ai| {
                    ctx.doc.actors()[ai as usize].kind == chronicler_doc::ActorKind::Country
                });
                arg.as_ref()
                    .and_then(|a| a.code.clone())
                    .filter(|c| country && ctx.nations.has_country(c))
            };
            let (src_whole, tgt_whole) = (whole_country(&src, Some(s)), whole_country(&tgt, tg));
            for (arg, raw, other) in [
                (&mut src, Some(s), tgt_whole.as_deref()),
                (&mut tgt, tg, src_whole.as_deref()),
            ] {
                let (Some(arg), Some(raw)) = (arg.as_mut(), raw) else {
                    continue;
                };
                if let Some(note) = settle_country(ctx, arg, raw, other, place_country, &mut sole) {
                    if !path.contains(&note) {
                        path.push(note);
                    }
                }
            }
            let mut ev_type = event;
            let mut ev_cameo = cameo.clone();
            let mut ev_mode = mode.clone();
            // CONSULT: a meeting in the target's country is a visit
            if ev_type == PloverEvent::Consult && ev_cameo == "040" {
                if let (Some(loc), Some(ta)) = (&location, tg) {
                    let lc = loc.country.as_deref();
                    let tc = actor_country(ctx, ta);
                    let sc = actor_country(ctx, s);
                    if lc.is_some() && lc == tc.as_deref() && sc.is_some() && sc != tc {
                        ev_cameo = "042".into();
                        ev_mode = Some("visit".into());
                    } else if lc.is_some()
                        && sc.is_some()
                        && tc.is_some()
                        && lc != sc.as_deref()
                        && lc != tc.as_deref()
                    {
                        ev_cameo = "044".into();
                        ev_mode = Some("third-party".into());
                    }
                }
            }
            // troops arriving somewhere make no diplomatic visit: peacekeepers
            // provide peacekeeping (074), other armed forces are deployed (154)
            let mut ev_context = context.clone();
            if ev_type == PloverEvent::Consult && ev_cameo == "042" && s.tok != u32::MAX {
                let mut name = s.name.to_lowercase();
                if let Some(kids) = ctx.children.get(s.tok as usize) {
                    for &k in kids {
                        name.push(' ');
                        name.push_str(&ctx.lemma[k as usize]);
                    }
                }
                let code = src.as_ref().and_then(|a| a.code.as_deref()).unwrap_or("");
                if name.contains("peacekeep") || name.contains("peace-keep") || code.contains("PKO")
                {
                    ev_type = PloverEvent::Aid;
                    ev_cameo = "074".into();
                    ev_mode = None;
                    ev_context.retain(|c| c != "diplomatic");
                    ev_context.insert(0, "peacekeeping".into());
                } else if ["troop", "soldier", "forces", "army", "marines"]
                    .iter()
                    .any(|w| name.contains(w))
                {
                    ev_type = PloverEvent::Mobilize;
                    ev_cameo = "154".into();
                    ev_mode = Some("troops".into());
                    ev_context.retain(|c| c != "diplomatic" && c != "military");
                    ev_context.insert(0, "military".into());
                }
            }
            // "the group protested that ...", "protested to the embassy": a
            // spoken or diplomatic protest is ACCUSE disapprove (PLOVER manual)
            if ev_type == PloverEvent::Protest
                && ctx.lemma[t] == "protest"
                && doc.tags()[t].upos == "VERB"
                && (ctx.children[t].iter().any(|&c| {
                    let c = c as usize;
                    deprel(doc, c) == "ccomp"
                        || (base_rel(deprel(doc, c)) == "obl" && case_of(ctx, c) == Some("to"))
                }) || parenthetical_report(ctx, t))
            {
                ev_type = PloverEvent::Accuse;
                ev_cameo = "111".into();
                ev_mode = Some("disapprove".into());
                // "X is failing to ..., a rights group protested": what it
                // protests is X's conduct, the subject of the clause it closes
                if tgt.is_none() && parenthetical_report(ctx, t) {
                    let mut r = t;
                    for _ in 0..8 {
                        match head(doc, r) {
                            Some(h) => r = h,
                            None => break,
                        }
                    }
                    let said = children_rel(ctx, r, &["nsubj", "nsubj:pass"])
                        .filter(|&x| x < t)
                        .flat_map(|x| resolve_group(ctx, x))
                        .find(|a| (a.actor.is_some() || a.code.is_some()) && !same_actor(a, s));
                    if let Some(a) = said {
                        path.push("target = subject of the clause the protest closes".into());
                        tgt = Some(self.to_arg(ctx, &a, date_key.as_deref()));
                    }
                }
            }
            let mut ev_status = status;
            // PLOVER codes a planned meeting as intent to meet
            if ev_type == PloverEvent::Consult && ev_status == EventStatus::Future {
                ev_type = PloverEvent::Agree;
                ev_cameo = "036".into();
                ev_mode = None;
            }
            if ev_status == EventStatus::Negated && e.event == PloverEvent::Reject {
                ev_status = EventStatus::Asserted;
            }
            // a refused agreement is a rejection
            if ev_status == EventStatus::Negated && ev_type == PloverEvent::Agree {
                ev_type = PloverEvent::Reject;
                ev_cameo = "120".into();
                ev_status = EventStatus::Asserted;
            }
            // "will not accept refugees": a declared refusal to cooperate is a rejection
            if ev_status == EventStatus::Negated
                && matches!(
                    ev_type,
                    PloverEvent::Consult
                        | PloverEvent::Support
                        | PloverEvent::Cooperate
                        | PloverEvent::Aid
                        | PloverEvent::Concede
                        | PloverEvent::Retreat
                )
                && children_rel(ctx, t, &["aux"])
                    .any(|c| matches!(ctx.lemma[c].as_str(), "will" | "would" | "shall"))
            {
                ev_type = PloverEvent::Reject;
                ev_cameo = refine(PloverEvent::Reject, e).unwrap_or("120").into();
                ev_mode = None;
                ev_status = EventStatus::Asserted;
            }
            // conditional conflict ("would impose sanctions if ...") is a
            // threat, and "unless" makes any stated act one ("will withdraw
            // its force unless ...": the condition is what the act presses for)
            let mark = condition_mark(ctx, t);
            let unless = mark == Some("unless") || cue.as_deref() == Some("unless");
            // "If attacked, Poland will respond": a bare participle is the
            // condition itself, not an act threatened on one
            let is_condition = doc.tags()[t].xpos == "VBN"
                && children_rel(ctx, t, &["nsubj", "nsubj:pass"])
                    .next()
                    .is_none()
                && children_rel(ctx, t, &["mark", "advmod"]).any(|c| ctx.lemma[c] == "if");
            let conditional =
                !is_condition && (unless || mark.is_some() || cue.as_deref() == Some("if"));
            if conditional && matches!(ev_status, EventStatus::Hypothetical | EventStatus::Future) {
                let threat = match intent(ev_type) {
                    Some((PloverEvent::Threaten, c)) => Some(c),
                    _ if unless && ev_type != PloverEvent::Threaten => Some("130"),
                    _ => None,
                };
                if let Some(c) = threat {
                    path.push("conditional act: a threat".into());
                    ev_type = PloverEvent::Threaten;
                    ev_cameo = c.into();
                    ev_mode = None;
                    ev_status = EventStatus::Asserted;
                }
            }
            // stated intentions: cooperative ones are AGREE, conflictual ones THREATEN
            if ev_status == EventStatus::Future && ev_type != PloverEvent::Agree {
                if let Some((ty, c)) = intent(ev_type) {
                    ev_type = ty;
                    ev_cameo = c.into();
                    ev_mode = None;
                }
            }
            let explain = self.explain.then(|| {
                format!(
                    "lexicon {} ('{}{}{}', {}); trigger '{}' ({}); {}; status {:?}{}",
                    e.origin,
                    e.head,
                    if e.extra.is_empty() { "" } else { " " },
                    e.extra.join(" "),
                    e.event.as_str(),
                    doc.token_text(t),
                    deprel(doc, t),
                    path.join("; "),
                    ev_status,
                    cue.as_deref()
                        .map(|c| format!(" ({c})"))
                        .unwrap_or_default()
                )
            });
            out.push(Event {
                event: ev_type,
                mode: ev_mode,
                cameo: Some(ev_cameo),
                source: src,
                target: tgt,
                location: location.clone(),
                date: date.clone(),
                date_granularity: gran,
                status: ev_status,
                context: ev_context,
                trigger,
                sentence: si as u32,
                mentions: Vec::new(),
                explain,
            });
        }
    }

    /// The sense of a violence trigger at token `t` of sentence `si` whose
    /// head has a common figurative sense (`trigger_cue`, cues.tsv
    /// `criticism`, `figurative`): `None` when the trigger has none, when the sentence shows force (a weapon, a
    /// casualty, an armed group) or when it shows neither an exchange of
    /// words (a debate, an ad, a speech) nor an election or a poll (an attack
    /// of one named person on another, `people`, counts as words); else the
    /// trigger's kind: `Criticism` ("attacked his rival in the debate")
    /// or `Figurative` ("would beat Trump in the primary": no event).
    fn figurative_sense(
        &self,
        ctx: &Ctx,
        si: usize,
        t: usize,
        trigger_cue: Option<&CueKind>,
        people: bool,
    ) -> Option<CueKind> {
        let kind = match trigger_cue {
            Some(k @ (CueKind::Criticism | CueKind::Figurative)) => k.clone(),
            _ => return None,
        };
        // the trigger itself is no evidence ("fired back at"), nor the
        // accusation that the attack is the content of ("accused Somalia of
        // attacking the border post")
        let accusation = act_of_object(ctx, t).map_or(t, |(h, _)| h);
        let (force, talk) = self.sentence_sense(ctx, si, &[t, accusation]);
        (!force && (talk || people)).then_some(kind)
    }

    /// Whether token `t` is the object of an accusation ("condemned the
    /// attack", "blamed X for the attack"): a verb whose lexicon entries are
    /// ACCUSE governs it directly or through a prepositional phrase.
    fn accused(&self, ctx: &Ctx, t: usize) -> bool {
        let Some(h) = head(ctx.doc, t) else {
            return false;
        };
        matches!(base_rel(deprel(ctx.doc, t)), "obj" | "obl" | "nmod")
            && ctx.doc.tags()[h].upos == "VERB"
            && self
                .lex
                .candidates(&ctx.lemma[h])
                .any(|e| e.pos == TriggerPos::Verb && e.event == PloverEvent::Accuse)
    }

    /// Whether sentence `si`, tokens `skip` left out, has a word of force and
    /// whether it has a word of talk or of a contest (cues.tsv `force`,
    /// `words`, `contest`).
    fn sentence_sense(&self, ctx: &Ctx, si: usize, skip: &[usize]) -> (bool, bool) {
        let (mut force, mut talk) = (false, false);
        let Some(s) = ctx.doc.sentences().get(si) else {
            return (force, talk);
        };
        for i in s
            .tokens
            .range()
            .filter(|&i| !skip.contains(&i) && i < ctx.lemma.len())
        {
            // the lemma, or the word when the tagger's lemma missed a plural
            // (a name-like "Airstrikes")
            let lemma = &ctx.lemma[i];
            let cue = self.cues.get(CueWhere::Sense, lemma).or_else(|| {
                let w = ctx.doc.tokens().get(i)?.lower(ctx.doc.text());
                let w = w.strip_suffix('s').unwrap_or(&w);
                (w != lemma.as_str())
                    .then(|| self.cues.get(CueWhere::Sense, w))
                    .flatten()
            });
            match cue {
                Some(CueKind::Force) => force = true,
                Some(CueKind::Words | CueKind::Contest) => talk = true,
                _ => {}
            }
        }
        (force, talk)
    }

    /// Whether an argument can act: an actor, a coded or named phrase, a
    /// pronoun or proper noun, or a noun naming people (`agent_nouns.txt`),
    /// also behind a number ("hundreds of prisoners"), or a crowd counted by
    /// a plural quantity ("thousands protested").
    fn agentive(&self, ctx: &Ctx, a: &Arg) -> bool {
        let t = a.tok as usize;
        if a.actor.is_some() || a.code.is_some() || t >= ctx.lemma.len() {
            return true;
        }
        let doc = ctx.doc;
        // a name anywhere in the phrase ("watchdog Amnesty International")
        let named = |i: usize| {
            ctx.tok_entity.get(i).is_some_and(|&x| x != NONE)
                || matches!(doc.tags()[i].upos.as_str(), "PROPN" | "PRON" | "X")
        };
        let inside = doc.tokens_in(a.span, Align::Expand);
        if named(t) || inside.is_some_and(|r| r.range().any(|i| i < ctx.lemma.len() && named(i))) {
            return true;
        }
        // or the people a number counts ("hundreds of prisoners")
        let quantity = |i: usize| {
            matches!(
                ctx.lemma[i].as_str(),
                "hundred" | "thousand" | "million" | "dozen" | "score" | "ten"
            )
        };
        let number = doc.tags()[t].upos == "NUM" || quantity(t);
        let of_phrase = ctx.children[t]
            .iter()
            .map(|&c| c as usize)
            .find(|&c| base_rel(deprel(doc, c)) == "nmod" && case_of(ctx, c) == Some("of"));
        // a bare plural quantity is people ("Thousands protested",
        // "tens of thousands rallied"; not "thousands of dollars")
        let crowd = quantity(t)
            && doc.tags()[t].xpos == "NNS"
            && of_phrase.is_none_or(|c| quantity(c) && doc.tags()[c].xpos == "NNS");
        ctx.is_person_noun(t) || crowd || number && of_phrase.is_some_and(|c| ctx.is_person_noun(c))
    }

    /// Whether what trigger `t` acts on (its object, its passive subject, or
    /// the noun it describes: "a statement released by the campaign") is a
    /// text or a poll (cues.tsv `text`, `words`, `contest`).
    fn published_text(&self, ctx: &Ctx, t: usize) -> bool {
        let doc = ctx.doc;
        let mut things: Vec<usize> = ctx.children[t]
            .iter()
            .map(|&c| c as usize)
            .filter(|&c| matches!(deprel(doc, c), "obj" | "nsubj:pass" | "obl:unmarked"))
            .collect();
        if deprel(doc, t).starts_with("acl") || deprel(doc, t) == "amod" {
            things.extend(head(doc, t));
        }
        // "released a statement Thursday night", parsed as a compound of "night"
        let compounds: Vec<usize> = things
            .iter()
            .flat_map(|&x| ctx.children[x].iter().map(|&c| c as usize))
            .filter(|&c| deprel(doc, c) == "compound")
            .collect();
        things.extend(compounds);
        things.into_iter().any(|x| {
            matches!(
                ctx.lemma
                    .get(x)
                    .and_then(|l| self.cues.get(CueWhere::Sense, l)),
                Some(CueKind::Text | CueKind::Words | CueKind::Contest)
            )
        })
    }

    fn to_arg(&self, ctx: &Ctx, a: &Arg, date: Option<&str>) -> EventArg {
        let mut arg = self.to_arg_coded(ctx, a, date);
        // "Palestinian youths", "Nigerian minister X", "rebels in Ivory Coast":
        // the nationality or country in the phrase, when the code has none
        if !arg
            .code
            .as_deref()
            .is_some_and(|c| ctx.nations.has_country(c))
        {
            if let Some(c) = phrase_country(ctx, a.tok as usize) {
                let mut code = c;
                if let Some(sector) = arg.code.as_deref() {
                    code.push_str(sector);
                }
                arg.code = Some(code);
            }
        }
        arg
    }

    fn to_arg_coded(&self, ctx: &Ctx, a: &Arg, date: Option<&str>) -> EventArg {
        let Some(ai) = a.actor else {
            return EventArg {
                actor: None,
                name: a.name.clone(),
                code: a.code.clone(),
                span: a.span,
            };
        };
        let actor = &ctx.doc.actors()[ai as usize];
        let day = date.map(pad_date);
        let code = day
            .as_deref()
            .and_then(|d| {
                actor.codes.iter().find(|c| {
                    c.from.as_deref().is_none_or(|f| f <= d)
                        && c.until.as_deref().is_none_or(|u| d <= u)
                })
            })
            .map(|c| c.code.clone())
            .or_else(|| actor.code.clone());
        EventArg {
            actor: Some(actor.id.clone()),
            name: actor.name.clone(),
            code,
            span: a.span,
        }
    }

    /// Status of the event at trigger `t` and the cue that decided it.
    fn status(&self, ctx: &Ctx, t: usize) -> (EventStatus, Option<String>) {
        let doc = ctx.doc;
        let (mut fut0, mut fut, mut hyp, mut hyp_if, mut neg, mut rep, mut until) =
            (false, false, false, false, false, false, false);
        let mut presupposed = false;
        let mut would0 = false;
        let mut rep_gov = false;
        let mut cue: Option<String> = None;
        let note = |c: &mut Option<String>, s: &str| {
            if c.is_none() {
                *c = Some(s.to_string());
            }
        };
        let mut cur = t;
        // negation counts on the trigger and its xcomp governor
        let mut core_level = true;
        // set once the walk has left a subordinate clause told in the past:
        // the governor's future or modal no longer reaches the trigger
        let mut settled = false;
        // "nobody is prosecuted", "no group has claimed it", "killed no
        // civilians": a subject or object that is no one negates its verb
        // (not "no fewer than 20 people")
        let none = |c: usize| {
            matches!(ctx.lemma[c].as_str(), "nobody" | "none" | "noone")
                || ctx.children[c].iter().any(|&d| {
                    let d = d as usize;
                    deprel(doc, d) == "det"
                        && ctx.lemma[d] == "no"
                        && !ctx.lemma.get(d + 1).is_some_and(|n| {
                            matches!(
                                n.as_str(),
                                "few" | "fewer" | "less" | "little" | "more" | "much" | "many"
                            )
                        })
                })
        };
        if children_rel(ctx, t, &["nsubj", "nsubj:pass", "obj"]).any(none) {
            neg = true;
            note(&mut cue, "no one");
        }
        for level in 0..7 {
            for &c in &ctx.children[cur] {
                let c = c as usize;
                let rel = deprel(doc, c);
                let lem = ctx.lemma[c].as_str();
                if lem == "until" {
                    until = true;
                }
                if level == 0
                    && ctx.children[c]
                        .iter()
                        .any(|&g| ctx.lemma[g as usize] == "until")
                {
                    until = true;
                }
                let w = match base_rel(rel) {
                    "aux" => CueWhere::Aux,
                    "mark" => CueWhere::Mark,
                    "advmod" | "det" | "amod" | "case" | "neg" => CueWhere::Adv,
                    _ => continue,
                };
                let Some(k) = self.cues.get(w, lem) else {
                    continue;
                };
                // "ahead of the summit, Xi met Moon": "ahead of X" dates the
                // trigger before X, it does not put it in the future (the
                // talks "ahead", with no complement, are still to come)
                let ahead_of =
                    lem == "ahead" && ctx.lemma.get(c + 1).is_some_and(|n| n.as_str() == "of");
                match k {
                    CueKind::Future | CueKind::Hypothetical if settled => {}
                    CueKind::Future if ahead_of => {}
                    CueKind::Future if level == 0 || w == CueWhere::Aux => {
                        fut = true;
                        fut0 |= level == 0;
                        note(&mut cue, lem);
                    }
                    CueKind::Hypothetical => {
                        if level == 0 && lem == "would" {
                            would0 = true;
                        }
                        hyp = true;
                        if w == CueWhere::Mark && !hyp_if {
                            // a condition ("may halt ... if") outranks the modal as the cue
                            hyp_if = true;
                            cue = Some(lem.to_string());
                        } else {
                            note(&mut cue, lem);
                        }
                    }
                    CueKind::Negated if core_level && rel != "case" => {
                        neg = true;
                        note(&mut cue, lem);
                    }
                    CueKind::Reported => {
                        rep = true;
                        note(&mut cue, lem);
                    }
                    _ => {}
                }
            }
            let full = deprel(doc, cur).to_string();
            let rel = base_rel(&full).to_string();
            let Some(h) = head(doc, cur) else { break };
            // "ahead of his meeting with Trump": a future adverb whose
            // complement is the trigger ("ahead" is often tagged NOUN)
            // ... unless the clause it belongs to is told in the past ("polled
            // members ahead of the endorsement")
            if level == 0
                && matches!(rel.as_str(), "obl" | "nmod")
                && (ctx.lemma[h] == "ahead" || doc.tags().get(h).is_some_and(|g| g.upos == "ADV"))
                && self.cues.get(CueWhere::Adv, &ctx.lemma[h]) == Some(&CueKind::Future)
                && !clause_verb(ctx, h).is_some_and(|v| {
                    doc.tags()
                        .get(v)
                        .is_some_and(|g| matches!(g.xpos.as_str(), "VBD" | "VBN"))
                })
            {
                fut = true;
                fut0 = true;
                note(&mut cue, &ctx.lemma[h]);
            }
            if level == 0 && antecedent(ctx, cur).is_some() {
                presupposed = true;
                break;
            }
            // "its plans to impose restrictions": an infinitive completing a
            // planning noun is a stated intention, not a relative clause
            if rel == "acl"
                && matches!(
                    self.cues.get(CueWhere::Gov, &ctx.lemma[h]),
                    Some(CueKind::Future)
                )
                && children_rel(ctx, cur, &["mark"]).any(|m| ctx.lemma[m] == "to")
            {
                fut = true;
                note(&mut cue, &ctx.lemma[h]);
                break;
            }
            if rel == "acl" || rel == "conj" || full == "advcl:relcl" {
                // relative clauses are presupposed; conjuncts have their own status
                presupposed = rel == "acl" || full == "advcl:relcl";
                break;
            }
            if !matches!(
                rel.as_str(),
                "xcomp" | "obj" | "nsubj" | "obl" | "nmod" | "ccomp" | "advcl"
            ) {
                break;
            }
            core_level = level == 0 && matches!(rel.as_str(), "xcomp" | "obj");
            // "will feel confident because his stance has been supported by
            // China": the support is told as past, whatever the main clause says
            if rel == "advcl" && told_in_past(ctx, cur) {
                settled = true;
            }
            if matches!(rel.as_str(), "xcomp" | "ccomp") {
                match self.cues.get(CueWhere::Gov, &ctx.lemma[h]) {
                    Some(CueKind::Future | CueKind::Hypothetical) if settled => {}
                    Some(CueKind::Future) => {
                        fut = true;
                        note(&mut cue, &ctx.lemma[h]);
                    }
                    Some(CueKind::Hypothetical) => {
                        hyp = true;
                        note(&mut cue, &ctx.lemma[h]);
                    }
                    Some(CueKind::Negated) if rel == "xcomp" && core_level => {
                        neg = true;
                        note(&mut cue, &ctx.lemma[h]);
                    }
                    Some(CueKind::Reported) if rel == "ccomp" => {
                        rep = true;
                        rep_gov = true;
                        note(&mut cue, &ctx.lemma[h]);
                    }
                    _ => {}
                }
            }
            cur = h;
        }
        // "accused the army of killing civilians": an allegation
        if let Some((h, _)) = act_of_object(ctx, t) {
            if !matches!(
                ctx.lemma[h].as_str(),
                "praise" | "thank" | "credit" | "commend"
            ) {
                rep = true;
                note(&mut cue, &ctx.lemma[h]);
            }
        }
        // quotes
        let span = doc.tokens()[t].span;
        for q in doc.quotes() {
            if q.span.contains(span) {
                rep = true;
                if let (Some(c), false) = (q.cue, presupposed) {
                    let txt = doc.span_text(c).to_lowercase();
                    if [
                        "speculat", "believ", "think", "thought", "suggest", "suspect", "predict",
                        "guess",
                    ]
                    .iter()
                    .any(|s| txt.starts_with(s))
                    {
                        hyp = true;
                        note(&mut cue, &txt);
                    }
                }
                note(&mut cue, "quote");
                break;
            }
        }
        // "they said they would boycott": future in the past
        if would0 && rep_gov && !hyp_if {
            fut0 = true;
        }
        let st = if hyp_if {
            EventStatus::Hypothetical
        } else if neg && until {
            EventStatus::Future
        } else if neg {
            EventStatus::Negated
        } else if fut0 || (fut && until) {
            EventStatus::Future
        } else if hyp {
            EventStatus::Hypothetical
        } else if fut {
            EventStatus::Future
        } else if rep {
            EventStatus::Reported
        } else {
            EventStatus::Asserted
        };
        (st, cue)
    }
}

/// Whether the tokens `range` are written in title case, as headlines are:
/// at least half of the words of four letters or more capitalised after the
/// first word, counting words outside names when there are two or more
/// ("The Asian Infrastructure Investment Bank approved a loan" is not; "St.
/// Paul Votes To Condemn Trump's Ban", tagged as names throughout, is).
fn title_case(ctx: &Ctx, range: std::ops::Range<usize>) -> bool {
    let doc = ctx.doc;
    // (long words, capitalised) outside names and in all
    let (mut out, mut all) = ((0, 0), (0, 0));
    for i in range.skip(1) {
        let w = doc.span_text(doc.tokens()[i].span);
        if w.chars().count() >= 4 && w.chars().all(char::is_alphabetic) {
            let upper = usize::from(w.starts_with(|c: char| c.is_uppercase()));
            all = (all.0 + 1, all.1 + upper);
            if ctx.tok_entity.get(i).is_none_or(|&e| e == NONE) {
                out = (out.0 + 1, out.1 + upper);
            }
        }
    }
    let (long, upper) = if out.0 >= 2 { out } else { all };
    long >= 2 && 2 * upper >= long
}

/// Whether the verb `v` is told in the past on its own: a past-tense verb
/// ("attacked"), a perfect ("has been supported", "had fled") or a past
/// passive ("was arrested"), with no modal of its own ("will have left").
fn told_in_past(ctx: &Ctx, v: usize) -> bool {
    let tags = ctx.doc.tags();
    let xpos = |i: usize| tags.get(i).map_or("", |g| g.xpos.as_str());
    let mut past = xpos(v) == "VBD";
    for a in children_rel(ctx, v, &["aux", "aux:pass"]) {
        match (ctx.lemma[a].as_str(), xpos(a)) {
            (_, "MD") | ("will" | "would" | "shall" | "to", _) => return false,
            ("have", "VBD" | "VBZ" | "VBP") | ("be", "VBD") => past = true,
            _ => {}
        }
    }
    past
}

/// The verb of the clause a word belongs to: the word itself or the first
/// verb above it (at most four steps up).
fn clause_verb(ctx: &Ctx, i: usize) -> Option<usize> {
    let doc = ctx.doc;
    let mut cur = i;
    for _ in 0..5 {
        if doc
            .tags()
            .get(cur)
            .is_some_and(|g| matches!(g.upos.as_str(), "VERB" | "AUX"))
        {
            return Some(cur);
        }
        cur = head(doc, cur)?;
    }
    None
}

/// The reporting verb of a "must"/"should" clause ("Russia said Sudan must
/// return the helicopter").
fn must_clause(ctx: &Ctx, t: usize) -> Option<usize> {
    let doc = ctx.doc;
    let mut cur = t;
    for _ in 0..2 {
        let has_must = ctx.children[cur].iter().any(|&c| {
            matches!(ctx.lemma[c as usize].as_str(), "must" | "should")
                && deprel(doc, c as usize) == "aux"
        });
        let rel = base_rel(deprel(doc, cur));
        let h = head(doc, cur)?;
        if has_must && rel == "ccomp" {
            let l = ctx.lemma[h].as_str();
            if matches!(
                l,
                "say"
                    | "declare"
                    | "insist"
                    | "tell"
                    | "conclude"
                    | "reiterate"
                    | "state"
                    | "stress"
                    | "demand"
                    | "urge"
                    | "remind"
                    | "announce"
            ) {
                return Some(h);
            }
        }
        if rel != "xcomp" {
            return None;
        }
        cur = h;
    }
    None
}

/// The PLOVER type and CAMEO code of a stated intention to carry out an
/// event of type `t`.
fn intent(t: PloverEvent) -> Option<(PloverEvent, &'static str)> {
    use PloverEvent::*;
    Some(match t {
        Consult => (Agree, "036"),
        Support => (Agree, "032"),
        Cooperate => (Agree, "031"),
        Aid => (Agree, "033"),
        Concede | Retreat => (Agree, "035"),
        Sanction => (Threaten, "1312"),
        Coerce => (Threaten, "132"),
        Assault | Mobilize => (Threaten, "138"),
        Protest => (Threaten, "133"),
        _ => return None,
    })
}

/// For a complement or purpose clause (xcomp/ccomp/"to" advcl) of a
/// REQUEST/AGREE/THREATEN/REJECT/PROTEST
/// trigger, the governing match.
fn embedded_under<'a, 'l>(ctx: &Ctx, t: usize, matches: &'a [Match<'l>]) -> Option<&'a Match<'l>> {
    if !is_complement(ctx, t) {
        return None;
    }
    let h = head(ctx.doc, t)?;
    matches.iter().find(|m| {
        m.tok == h
            && matches!(
                m.entry.event,
                PloverEvent::Request
                    | PloverEvent::Agree
                    | PloverEvent::Threaten
                    | PloverEvent::Reject
                    | PloverEvent::Protest
            )
    })
}

fn is_complement(ctx: &Ctx, t: usize) -> bool {
    match base_rel(deprel(ctx.doc, t)) {
        "xcomp" | "ccomp" => true,
        "advcl" => ctx.children[t]
            .iter()
            .any(|&c| ctx.lemma[c as usize] == "to" && deprel(ctx.doc, c as usize) == "mark"),
        _ => false,
    }
}

/// The CAMEO code of a request/agreement/threat/rejection refined by the
/// event it is about.
fn refine(gov: PloverEvent, inner: &Entry) -> Option<&'static str> {
    use PloverEvent::*;
    let c = inner.cameo.as_str();
    Some(match (gov, inner.event) {
        (Request, Retreat) if c.starts_with("085") => "1054",
        (Request, Retreat) if c.starts_with("084") => "1053",
        (Request, Retreat) => "1056",
        (Request, Consult) => "106",
        (Request, Aid) => "103",
        (Request, Cooperate) => "101",
        (Request, Concede) => "105",
        (Agree, Consult) => "036",
        (Agree, Aid) => "033",
        (Agree, Cooperate) => "031",
        (Agree, Retreat) | (Agree, Concede) => "035",
        (Threaten, Assault) => "138",
        (Threaten, Sanction) => "1312",
        (Threaten, Coerce) => "132",
        (Reject, Consult) => "125",
        (Reject, Aid) => "122",
        (Reject, Cooperate) => "121",
        _ => return None,
    })
}

fn pad_date(d: &str) -> String {
    let d = d.split('/').next().unwrap_or(d);
    match d.len() {
        4 => format!("{d}-06-30"),
        7 => format!("{d}-15"),
        _ => d.chars().take(10).collect(),
    }
}

/// The country part (first three letters) of a code when it has one, and
/// the rest (sector).
fn split_code<'a>(ctx: &Ctx, code: Option<&'a str>) -> (Option<&'a str>, &'a str) {
    match code {
        Some(c) if ctx.nations.has_country(c) => (c.get(..3), c.get(3..).unwrap_or("")),
        Some(c) => (None, c),
        None => (None, ""),
    }
}

/// Whether a resolved argument carries a country (its own code or its
/// actor's).
fn arg_has_country(ctx: &Ctx, a: &Arg) -> bool {
    let actor_code = a
        .actor
        .and_then(|i| ctx.doc.actors().get(i as usize))
        .and_then(|ac| ac.code.as_deref().or(ac.country.as_deref()));
    a.code
        .as_deref()
        .or(actor_code)
        .is_some_and(|c| ctx.nations.has_country(c))
}

/// A country (not an international organisation) for an actor code.
fn state_of(ctx: &Ctx, code: Option<&str>) -> Option<CompactString> {
    let p = code?.get(..3)?;
    (ctx.nations.has_country(p) && !crate::nations::is_non_state(p)).then(|| p.into())
}

/// The only country a sentence names (actors, places, nationality words),
/// if it names exactly one.
fn sentence_country(ctx: &Ctx, t: usize) -> Option<CompactString> {
    let range = sentence_of(ctx, t)?;
    if let Some(c) = ctx.sole_country.borrow().get(&range.start) {
        return c.clone();
    }
    let start = range.start;
    let c = sentence_country_of(ctx, range);
    ctx.sole_country.borrow_mut().insert(start, c.clone());
    c
}

fn sentence_country_of(ctx: &Ctx, range: std::ops::Range<usize>) -> Option<CompactString> {
    let doc = ctx.doc;
    let mut found: Option<CompactString> = None;
    let (mut last_actor, mut last_place) = (NONE, NONE);
    for i in range {
        if i >= ctx.lemma.len() {
            break;
        }
        let mut cs: [Option<CompactString>; 3] = [None, None, None];
        let upos = doc.tags()[i].upos.as_str();
        let nat = (matches!(upos, "ADJ" | "PROPN" | "NOUN")
            && doc.token_text(i).starts_with(|c: char| c.is_uppercase()))
        .then(|| nation_at(ctx, i))
        .flatten();
        // an ethnic group names no state: "ethnic Albanians", the "Serbs" of
        // "Bosnian Serbs"
        let ethnic = ctx.lemma[i] == "ethnic"
            || (i > 0
                && (ctx.lemma[i - 1] == "ethnic"
                    || (upos != "ADJ"
                        && nat.is_some()
                        && nation_at(ctx, i - 1).is_some_and(|p| Some(p) != nat))));
        let a = ctx.tok_actor[i];
        if a != NONE && !ethnic && a != last_actor {
            last_actor = a;
            let ac = &doc.actors()[a as usize];
            cs[0] =
                state_of(ctx, ac.country.as_deref()).or_else(|| state_of(ctx, ac.code.as_deref()));
        }
        let p = ctx.tok_place[i];
        if p != NONE && p != last_place {
            last_place = p;
            cs[1] = state_of(ctx, doc.places()[p as usize].country.as_deref());
        }
        if !ethnic {
            cs[2] = nat.and_then(|c| state_of(ctx, Some(c)));
        }
        for c in cs.into_iter().flatten() {
            match &found {
                None => found = Some(c),
                Some(f) if *f == c => {}
                Some(_) => return None,
            }
        }
    }
    found
}

/// Whether the country of an argument comes only from an "anti-X" /
/// "pro-X" word in its phrase ("an anti-Syria journalist", "pro-Russian
/// separatists" are no nationals of X).
fn stance_country(ctx: &Ctx, a: &Arg, country: Option<&str>) -> bool {
    let doc = ctx.doc;
    let Some(country) = country else {
        return false;
    };
    let Some(r) = doc.tokens_in(a.span, Align::Expand) else {
        return false;
    };
    let mut stance = false;
    for i in r.range() {
        if i >= ctx.lemma.len() {
            break;
        }
        let w = doc.token_text(i);
        let prefixed = |p: &str| w.get(..p.len()).is_some_and(|x| x.eq_ignore_ascii_case(p));
        let rest = if prefixed("anti-") {
            w.get(5..)
        } else if prefixed("pro-") {
            w.get(4..)
        } else {
            None
        };
        match rest {
            Some(x) => {
                let c = ctx.nations.country_of(x).map(|c| c.as_str()).or_else(|| {
                    let p = ctx.tok_place[i];
                    (p != NONE)
                        .then(|| doc.places()[p as usize].country.as_deref())
                        .flatten()
                });
                // a name after the hyphen ("anti-Syria") that no table resolves
                // is taken as the source of the country as well
                if c == Some(country)
                    || (c.is_none() && x.starts_with(|ch: char| ch.is_uppercase()))
                {
                    stance = true;
                }
            }
            None => {
                // another word of the phrase names the same country
                if nation_at(ctx, i) == Some(&CompactString::from(country)) {
                    return false;
                }
            }
        }
    }
    stance
}

/// Whether an argument names an ethnic group ("ethnic Albanians", "the
/// ethnic Albanian guerrillas"): the word "ethnic" in its phrase or just
/// before it.
fn is_ethnic(ctx: &Ctx, a: &Arg) -> bool {
    let doc = ctx.doc;
    let Some(r) = doc.tokens_in(a.span, Align::Expand) else {
        return false;
    };
    let r = r.range();
    let from = r.start.saturating_sub(1);
    (from..r.end.min(ctx.lemma.len())).any(|i| ctx.lemma[i] == "ethnic")
        || ctx
            .children
            .get(a.tok as usize)
            .is_some_and(|k| k.iter().any(|&c| ctx.lemma[c as usize] == "ethnic"))
}

/// Where the members of a group live, from its own phrase: a place in an
/// in/of/from phrase or in a clause on it ("Albanians in south Serbia",
/// "guerrillas operating in Macedonia").
fn residence(ctx: &Ctx, tok: usize) -> Option<CompactString> {
    let doc = ctx.doc;
    let mut h = tok;
    for _ in 0..3 {
        match head(doc, h) {
            Some(p)
                if matches!(deprel(doc, h), "amod" | "compound" | "flat" | "flat:name")
                    && matches!(doc.tags()[p].upos.as_str(), "NOUN" | "PROPN") =>
            {
                h = p
            }
            _ => break,
        }
    }
    for &c in &ctx.children[h] {
        let c = c as usize;
        let r = deprel(doc, c);
        if r == "nmod" && matches!(case_of(ctx, c), Some("in" | "of" | "from")) {
            if let Some(l) = place_at(ctx, c).and_then(|l| l.country) {
                return Some(l);
            }
        }
        if r.starts_with("acl") {
            for &g in &ctx.children[c] {
                let g = g as usize;
                if base_rel(deprel(doc, g)) == "obl"
                    && matches!(case_of(ctx, g), Some("in" | "from"))
                {
                    if let Some(l) = place_at(ctx, g).and_then(|l| l.country) {
                        return Some(l);
                    }
                }
            }
        }
    }
    None
}

/// Country corrections on a coded argument, in order:
///
/// - an ethnic group ("ethnic Albanians") is coded with the country it lives
///   in (CAMEO / PLOVER code ethnicity apart from the state): its own
///   in/of phrase, else the place of the act; with neither, no country;
/// - a demonym noun with a nationality adjective ("Bosnian Serbs",
///   "Iraqi Kurds") takes the adjective's country: the noun is the
///   ethnicity, the adjective the state;
/// - an argument still without a country (a person or group the actors
///   layer knows only by role: "opposition leader X", "Judge X", an unknown
///   party) takes the country of its sentence when the sentence names
///   exactly one, unless the other argument is that country as a whole.
///
/// Returns a note for `explain` when it changed the code.
fn settle_country(
    ctx: &Ctx,
    arg: &mut EventArg,
    raw: &Arg,
    other_country: Option<&str>,
    place_country: Option<&str>,
    sole: &mut Option<Option<CompactString>>,
) -> Option<String> {
    let doc = ctx.doc;
    let tok = raw.tok as usize;
    if tok >= ctx.lemma.len() {
        return None;
    }
    let (country, sector) = split_code(ctx, arg.code.as_deref());
    let sector = CompactString::from(sector);
    let with = |c: Option<&str>| -> Option<CompactString> {
        let mut code = CompactString::from(c.unwrap_or(""));
        code.push_str(&sector);
        (!code.is_empty()).then_some(code)
    };
    if country.is_some() && stance_country(ctx, raw, country) {
        // "an anti-Syria journalist" is no Syrian: the country of the place
        let home = residence(ctx, tok).or_else(|| place_country.map(CompactString::from));
        arg.code = with(home.as_deref());
        return Some(format!(
            "'anti-/pro-' names no nationality: country {}",
            home.as_deref().unwrap_or("unknown")
        ));
    }
    if country.is_some() && is_ethnic(ctx, raw) {
        let home = residence(ctx, tok).or_else(|| place_country.map(CompactString::from));
        if home.as_deref() != country {
            arg.code = with(home.as_deref());
            return Some(format!(
                "ethnic group: country {}",
                home.as_deref().unwrap_or("unknown")
            ));
        }
        return None;
    }
    if let Some(x) = country.filter(|_| nation_at(ctx, tok).is_some()) {
        let outer = ctx.children[tok].iter().map(|&c| c as usize).find_map(|c| {
            (c < tok && matches!(deprel(doc, c), "amod" | "compound"))
                .then(|| nation_at(ctx, c))
                .flatten()
                .filter(|y| y.as_str() != x)
        });
        if let Some(y) = outer {
            let y = y.clone();
            arg.code = with(Some(&y));
            return Some(format!("'{}' names the state: {y}", doc.token_text(tok)));
        }
    }
    // a body named as international or regional ("European Community",
    // "Association of African Jurists", "World Water Forum") is no national one
    let international = arg.name.split(|c: char| !c.is_alphanumeric()).any(|w| {
        matches!(
            w,
            "International"
                | "World"
                | "Global"
                | "European"
                | "African"
                | "Asian"
                | "Arab"
                | "Pacific"
                | "Atlantic"
                | "Regional"
                | "Nations"
                | "Community"
        )
    });
    // "the government", "the authorities": the country named just before
    if country.is_none()
        && matches!(
            ctx.lemma[tok].as_str(),
            "government" | "authority" | "authorities" | "regime" | "country" | "nation"
        )
    {
        let c = nearest_country_before(ctx, tok).and_then(|a| {
            let ac = &doc.actors()[a.actor? as usize];
            state_of(ctx, ac.country.as_deref()).or_else(|| state_of(ctx, ac.code.as_deref()))
        });
        if let Some(c) = c {
            arg.code = with(Some(&c));
            return Some(format!("'the {}' of {c} named before", ctx.lemma[tok]));
        }
    }
    if country.is_none() && !international {
        let sc = sole
            .get_or_insert_with(|| sentence_country(ctx, tok))
            .clone();
        // ... unless that country, as a whole, is the other argument: in
        // "the Trump administration criticized China", China names no
        // nationality of its critic ("the Mozambique government accepted
        // demands from rebels" still makes the rebels Mozambican).
        if let Some(c) = sc.filter(|c| other_country != Some(c.as_str())) {
            arg.code = with(Some(&c));
            return Some(format!("only country of the sentence: {c}"));
        }
    }
    None
}

fn same_actor(a: &Arg, b: &Arg) -> bool {
    match (a.actor, b.actor) {
        (Some(x), Some(y)) => x == y,
        _ => a.tok == b.tok,
    }
}

fn actor_country(ctx: &Ctx, a: &Arg) -> Option<CompactString> {
    let ac = &ctx.doc.actors()[a.actor? as usize];
    ac.country
        .clone()
        .or_else(|| ac.code.as_ref().map(|c| c.chars().take(3).collect()))
}

/// The required dependent of a lexicon phrase that stands for an infinitival
/// complement ("decline to+verb": "declined to meet").
const TO_VERB: &str = "to+verb";

/// A token matching a required dependent word of an entry: a child of the
/// trigger, a grandchild (preposition of an oblique; for [`TO_VERB`], the
/// infinitive marker of a clausal complement), or the head noun of a
/// relative clause trigger.
fn find_extra(ctx: &Ctx, t: usize, w: &str) -> Option<usize> {
    for &c in &ctx.children[t] {
        let c = c as usize;
        // the infinitive marker of the trigger itself ("to protest") is no particle
        if ctx.lemma[c] == w && !matches!(base_rel(deprel(ctx.doc, c)), "mark" | "aux" | "punct") {
            return Some(c);
        }
        let c_obj = deprel(ctx.doc, c) == "obj";
        // the preposition of a time phrase is no particle ("called on Tuesday")
        if ctx.tok_time.get(c).is_some_and(|&x| x != NONE) {
            continue;
        }
        // `to+verb`: an infinitival complement ("declined to meet the
        // envoy"; the parser often labels it advcl).
        let to_verb = w == TO_VERB && matches!(deprel(ctx.doc, c), "xcomp" | "advcl");
        for &g in &ctx.children[c] {
            let g = g as usize;
            if to_verb && ctx.lemma[g] == "to" && deprel(ctx.doc, g) == "mark" {
                return Some(g);
            }
            // "asked supporters to run", the infinitive parsed as a modifier
            // of the object
            if w == TO_VERB && c_obj && deprel(ctx.doc, g) == "acl" {
                if let Some(&m) = ctx.children[g].iter().find(|&&m| {
                    ctx.lemma[m as usize] == "to" && deprel(ctx.doc, m as usize) == "mark"
                }) {
                    return Some(m as usize);
                }
            }
            if ctx.lemma[g] == w
                && (matches!(
                    deprel(ctx.doc, g),
                    "case" | "fixed" | "compound:prt" | "compound"
                ) || (c_obj && matches!(deprel(ctx.doc, g), "amod" | "nmod:desc"))
                    || (c_obj && deprel(ctx.doc, g) == "nmod" && case_of(ctx, g) == Some("of")))
            {
                // "gave ten million dollars of aid", "lifted a state of emergency"
                return Some(g);
            }
        }
    }
    let rel = deprel(ctx.doc, t);
    if rel.starts_with("acl") {
        let h = head(ctx.doc, t)?;
        if ctx.lemma[h] == w {
            return Some(h);
        }
    }
    if let Some(a) = antecedent(ctx, t) {
        if ctx.lemma[a] == w {
            return Some(a);
        }
    }
    // "a phone call", "war games": the trigger is a compound of the phrase's head
    if matches!(rel, "compound" | "amod") {
        let h = head(ctx.doc, t)?;
        if ctx.lemma[h] == w {
            return Some(h);
        }
    }
    None
}

/// The noun a relative clause headed by `t` refers to: the token before its
/// relativizer ("sanctions that Beijing imposed").
fn antecedent(ctx: &Ctx, t: usize) -> Option<usize> {
    let r = ctx.children[t].iter().map(|&c| c as usize).find(|&c| {
        RELATIVE.contains(&ctx.lemma[c].as_str())
            && matches!(base_rel(deprel(ctx.doc, c)), "obj" | "mark" | "nsubj")
    })?;
    let a = r.checked_sub(1)?;
    (r < t && matches!(ctx.doc.tags()[a].upos.as_str(), "NOUN" | "PROPN")).then_some(a)
}

fn case_of<'a>(ctx: &'a Ctx, n: usize) -> Option<&'a str> {
    let direct = |x: usize| {
        ctx.children[x]
            .iter()
            .map(|&c| c as usize)
            .find(|&c| matches!(deprel(ctx.doc, c), "case"))
    };
    direct(n)
        .or_else(|| {
            if !matches!(ctx.doc.tags()[n].upos.as_str(), "PROPN" | "NOUN") {
                return None;
            }
            // "with President Obama" parsed with the preposition on the title:
            // the case of the phrase's first word, a left modifier of the head
            ctx.children[n]
                .iter()
                .map(|&c| c as usize)
                .filter(|&c| {
                    c < n
                        && matches!(
                            deprel(ctx.doc, c),
                            "nmod:desc" | "compound" | "flat" | "flat:name" | "amod"
                        )
                })
                .min()
                .and_then(direct)
        })
        .map(|c| ctx.lemma[c].as_str())
}

/// The dependents of `h` that may carry its prepositional arguments: its
/// children, and the phrases the parser hung on a time expression among
/// them ("welcomed on Thursday [to] X", "mediation on Saturday [between]
/// A and B": a date takes no prepositional argument of its own).
fn arg_children(ctx: &Ctx, h: usize) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::with_capacity(ctx.children[h].len() + 2);
    for &c in &ctx.children[h] {
        let c = c as usize;
        out.push(c);
        if ctx.tok_time[c] != NONE && matches!(base_rel(deprel(ctx.doc, c)), "obl" | "nmod") {
            for &g in &ctx.children[c] {
                let g = g as usize;
                if g > c
                    && ctx.tok_time[g] == NONE
                    && matches!(base_rel(deprel(ctx.doc, g)), "obl" | "nmod")
                    && !matches!(case_of(ctx, g), None | Some("of" | "'s"))
                {
                    out.push(g);
                }
            }
        }
    }
    out
}

/// A source asking not to be named ("who requested anonymity", "asked not
/// to be identified", "spoke on condition of anonymity"): no request
/// between parties.
fn anonymity(ctx: &Ctx, t: usize) -> bool {
    children_rel(ctx, t, &["obj", "obl"]).any(|c| ctx.lemma[c] == "anonymity")
        || children_rel(ctx, t, &["xcomp", "ccomp", "advcl"]).any(|c| {
            matches!(ctx.lemma[c].as_str(), "name" | "identify" | "quote")
                && ctx.children[c]
                    .iter()
                    .any(|&k| matches!(ctx.lemma[k as usize].as_str(), "not" | "n't"))
        })
}

fn children_rel<'a>(
    ctx: &'a Ctx,
    t: usize,
    rels: &'a [&'a str],
) -> impl Iterator<Item = usize> + 'a {
    ctx.children[t]
        .iter()
        .map(|&c| c as usize)
        .filter(move |&c| rels.contains(&deprel(ctx.doc, c)))
}

/// Sources of a verb trigger when it has no subject of its own: the
/// controller of an xcomp, the subject of the clause it hangs from.
fn inherited_subject(ctx: &Ctx, t: usize, path: &mut Vec<String>) -> Vec<Arg> {
    let doc = ctx.doc;
    if let Some((h, obj)) = act_of_object(ctx, t) {
        let g = resolve_group(ctx, obj);
        if !g.is_empty() {
            path.push(format!("source = object of '{}'", doc.token_text(h)));
            return g;
        }
    }
    let mut cur = t;
    for _ in 0..6 {
        let rel = deprel(doc, cur).to_string();
        let Some(h) = head(doc, cur) else { break };
        // "said it struck targets" parsed with "it" as the object of "said"
        // and "struck" as its xcomp: the pronoun is the lost clause's
        // subject, standing for the speaker
        if base_rel(&rel) == "xcomp"
            && SAYING.contains(&ctx.lemma[h].as_str())
            && children_rel(ctx, h, &["obj"]).any(|o| {
                o < cur && matches!(ctx.lemma[o].as_str(), "it" | "they" | "he" | "she" | "we")
            })
        {
            path.push("pronoun subject".into());
            if let Some(s) = children_rel(ctx, h, &["nsubj"]).next() {
                let g = resolve_subject(ctx, s);
                if !g.is_empty() {
                    path.push(format!("source = subject of '{}'", doc.token_text(h)));
                    return g;
                }
            }
        }
        if base_rel(&rel) == "xcomp" && OBJECT_CONTROL.contains(&ctx.lemma[h].as_str()) {
            if let Some(o) = children_rel(ctx, h, &["obj", "iobj"]).next() {
                let g = resolve_group(ctx, o);
                if !g.is_empty() {
                    path.push(format!("source = object of '{}'", doc.token_text(h)));
                    return g;
                }
            }
        }
        // "X was guilty of violating ...": a predicate with a copula hands
        // the clause on to its subject, found below
        let predicate = children_rel(ctx, h, &["cop"]).next().is_some();
        // "issued a statement condemning ...", "a resolution criticizing ...":
        // a text speaks for its author, named by "by" or found further up
        if rel.starts_with("acl") && ctx.is_text_noun(h) {
            if let Some(b) =
                children_rel(ctx, h, &["nmod"]).find(|&o| case_of(ctx, o) == Some("by"))
            {
                let g = resolve_group(ctx, b);
                if !g.is_empty() {
                    path.push(format!("source = author of '{}'", doc.token_text(h)));
                    return g;
                }
            }
            path.push(format!("'{}' speaks for its author", doc.token_text(h)));
            cur = h;
            continue;
        }
        if rel.starts_with("acl") && !predicate {
            let g = resolve_group(ctx, h);
            // "fired tear gas to disperse protesters": an infinitive on a
            // thing is done by the clause's subject, not by the thing
            let infinitive = children_rel(ctx, cur, &["mark"]).any(|m| ctx.lemma[m] == "to");
            let thing = !ctx.is_person_noun(h) && g.iter().all(|a| a.actor.is_none());
            if !(g.is_empty() || (infinitive && thing)) {
                path.push("source = head noun".into());
                return g;
            }
            if infinitive {
                cur = h;
                continue;
            }
        }
        let subj =
            children_rel(ctx, h, &["nsubj", "nsubj:pass", "nsubj:outer"]).find(|&s| s != cur);
        if let Some(s) = subj {
            let g = if RELATIVE.contains(&ctx.lemma[s].as_str()) {
                relative_antecedent(ctx, s)
            } else {
                resolve_subject(ctx, s)
            };
            if !g.is_empty() {
                path.push(format!("source = subject of '{}'", doc.token_text(h)));
                return g;
            }
            if doc.tags()[s].upos == "PRON" && !RELATIVE.contains(&ctx.lemma[s].as_str()) {
                // an uncoded pronoun: look further up ("Syria says it is willing to withdraw")
                path.push("pronoun subject".into());
                cur = h;
                continue;
            }
            // the governing clause has a subject: it is the controller, coded or not
            return g;
        }
        if matches!(base_rel(&rel), "advcl" | "acl") {
            if let Some(f) =
                children_rel(ctx, h, &["obl"]).find(|&o| case_of(ctx, o) == Some("for"))
            {
                let g = resolve_group(ctx, f);
                if !g.is_empty() {
                    path.push("source = 'for' phrase".into());
                    return g;
                }
            }
        }
        cur = h;
    }
    Vec::new()
}

/// The actor a relative pronoun stands for: the nearest actor to its left
/// ("Moon Jae-in in late April, who was willing to help").
fn relative_antecedent(ctx: &Ctx, r: usize) -> Vec<Arg> {
    let lo = r.saturating_sub(8);
    for i in (lo..r).rev() {
        if ctx.tok_actor[i] != NONE {
            return resolve_group(ctx, i);
        }
        if ctx.doc.tags()[i].upos == "VERB" {
            break;
        }
    }
    Vec::new()
}

fn verb_args(ctx: &Ctx, m: &Match, path: &mut Vec<String>) -> (Vec<Arg>, Vec<Arg>) {
    let doc = ctx.doc;
    let t = m.tok;
    let e = m.entry;
    let passive = children_rel(ctx, t, &["nsubj:pass", "aux:pass"])
        .next()
        .is_some();
    // "five individuals accused of helping the rebels", "soldiers captured
    // by rebels": a participle describing the noun before it is passive,
    // the noun is acted on (not when that noun is the sentence's root:
    // "Russian forces clashed near ..." is a main verb the parser missed)
    let reduced = reduced_relative(ctx, t, e.targets.iter().any(|x| x == "obj"));
    let mut sources = Vec::new();
    let mut targets = Vec::new();
    if passive || reduced.is_some() {
        if let Some(a) = ctx.children[t].iter().map(|&c| c as usize).find(|&c| {
            deprel(doc, c) == "obl:agent"
                || (deprel(doc, c).starts_with("obl") && case_of(ctx, c) == Some("by"))
        }) {
            path.push("source = by-agent".into());
            sources = resolve_group(ctx, a);
        }
        // "Israel is opposed to the plan": an adjectival passive whose entry names
        // its preposition has the passive subject as its source
        let adjectival = sources.is_empty()
            && m.extra_toks.iter().any(|&x| {
                deprel(doc, x) == "case"
                    && head(doc, x).is_some_and(|o| {
                        head(doc, o) == Some(t) && base_rel(deprel(doc, o)) == "obl"
                    })
            });
        if adjectival {
            if let Some(s) = children_rel(ctx, t, &["nsubj:pass"]).next() {
                path.push("source = subject of an adjectival passive".into());
                sources = resolve_subject(ctx, s);
            }
        } else if let Some(s) = children_rel(ctx, t, &["nsubj:pass"]).next() {
            if !RELATIVE.contains(&ctx.lemma[s].as_str()) {
                path.push("target = passive subject".into());
                targets = resolve_group(ctx, s);
            } else if let Some(h) = head(doc, t) {
                targets = resolve_group(ctx, h);
            }
        } else if let Some(h) = reduced {
            path.push("target = noun a passive participle describes".into());
            targets = resolve_group(ctx, h);
        }
    } else {
        // (of two subjects, the one naming an actor comes first: `Ctx::new`)
        let subj = children_rel(ctx, t, &["nsubj"]).next();
        if let Some(s) = subj {
            if RELATIVE.contains(&ctx.lemma[s].as_str()) && deprel(doc, t).starts_with("acl") {
                if let Some(h) = head(doc, t) {
                    path.push("source = relative head".into());
                    sources = resolve_group(ctx, h);
                }
            } else {
                path.push("source = nsubj".into());
                sources = resolve_subject(ctx, s);
            }
        }
        let own = children_rel(ctx, t, &["nsubj", "csubj"]).next();
        let pronoun = own.is_some_and(|s| doc.tags()[s].upos == "PRON");
        let misparsed = misparsed_finite(ctx, t);
        if let (true, Some((subj, obj))) = (sources.is_empty() && own.is_none(), misparsed) {
            // "Zambia extradited X" parsed as one noun phrase: the noun before
            // the verb is its subject, the noun it modifies its object
            let g = resolve_subject(ctx, subj);
            if !g.is_empty() {
                path.push("source = noun before a verb parsed as a modifier".into());
                sources = g;
                if e.targets.iter().any(|x| x == "obj") && !m.extra_toks.contains(&obj) {
                    let mut tg = resolve_group(ctx, obj);
                    tg.retain(|a| target_ok(ctx, e, a));
                    if !tg.is_empty() {
                        path.push("target = noun the verb modifies".into());
                        targets = tg;
                    }
                }
            }
        }
        // "Pakistan today threatened ...", the subject attached elsewhere: a
        // finite main verb without a subject takes the noun phrase before it
        if sources.is_empty()
            && own.is_none()
            && deprel(doc, t) == "root"
            && matches!(doc.tags()[t].xpos.as_str(), "VBD" | "VBZ" | "VBP")
            && children_rel(ctx, t, &["expl", "nsubj:pass"])
                .next()
                .is_none()
        {
            if let Some(x) = left_subject(ctx, t) {
                let g = resolve_subject(ctx, x);
                if !g.is_empty() {
                    path.push("source = noun phrase before a subject-less verb".into());
                    sources = g;
                }
            }
        }
        // "faces six years in prison if convicted": a bare participle in a
        // condition or time clause is passive, its understood subject the
        // one acted on
        let bare_passive = own.is_none()
            && sources.is_empty()
            && doc.tags()[t].xpos == "VBN"
            && deprel(doc, t) == "advcl"
            && children_rel(ctx, t, &["aux", "aux:pass", "obj"])
                .next()
                .is_none()
            && children_rel(ctx, t, &["mark", "advmod"]).any(|c| {
                matches!(
                    ctx.lemma[c].as_str(),
                    "if" | "when" | "once" | "unless" | "until" | "after" | "before" | "though"
                )
            });
        // "fighting between the army and rebels": the parties of a verb with
        // no subject of its own are in its between-phrase
        let between = if own.is_none() && sources.is_empty() {
            children_rel(ctx, t, &["obl"])
                .find(|&c| case_of(ctx, c) == Some("between"))
                .map(|c| resolve_between(ctx, c))
                .filter(|g| g.len() > 1)
        } else {
            None
        };
        if let Some(g) = between {
            path.push("parties = 'between' phrase".into());
            sources = g;
        } else if bare_passive {
            let patient = inherited_subject(ctx, t, path);
            if !patient.is_empty() {
                path.push("target = understood subject of a bare participle".into());
                targets = patient;
            }
        } else if sources.is_empty() && (own.is_none() || pronoun) {
            sources = inherited_subject(ctx, t, path);
            // only a pronoun subject is taken from a reporting verb's subject
            // ("Hungary said it will support"); otherwise the speaker is not the agent
            let via_pronoun = path.iter().any(|p| p == "pronoun subject");
            if !pronoun
                && !via_pronoun
                && !sources.is_empty()
                && path
                    .last()
                    .is_some_and(|p| REPORTING.iter().any(|r| p.ends_with(&format!("'{r}'"))))
            {
                sources.clear();
            }
        }
        let want_obj = e.targets.iter().any(|x| x == "obj" || x == "iobj");
        if want_obj {
            for o in children_rel(ctx, t, &["obj", "iobj"]) {
                // "offered its troops to Lebanon": the object is what is offered
                // when the entry names only the indirect object as target
                if RELATIVE.contains(&ctx.lemma[o].as_str())
                    || (deprel(doc, o) == "obj" && !e.targets.iter().any(|x| x == "obj"))
                {
                    continue;
                }
                let phrase_word = m.extra_toks.contains(&o);
                targets = resolve_group(ctx, o);
                // the object named by the entry ("reject proposal") gives only its author
                targets.retain(|a| {
                    target_ok(ctx, e, a)
                        && (!phrase_word
                            || a.tok as usize != o && (a.actor.is_some() || a.code.is_some())
                            // "expelled two Russian diplomats": the word's nationality
                            || arg_has_country(ctx, a))
                });
                if !targets.is_empty() {
                    path.push(format!("target = {}", deprel(doc, o)));
                    break;
                }
            }
            // "the TTP, which it blames for the attack", "the preacher whom
            // Erdogan accuses": a relative object ("that" is too often a
            // complementizer the parser took for one) stands for the noun
            // its clause describes
            let relative_obj = children_rel(ctx, t, &["obj"])
                .any(|o| matches!(ctx.lemma[o].as_str(), "which" | "who" | "whom"));
            if targets.is_empty() && relative_obj && deprel(doc, t) == "acl:relcl" {
                if let Some(h) = head(doc, t) {
                    let mut g = resolve_group(ctx, h);
                    g.retain(|a| target_ok(ctx, e, a));
                    if !g.is_empty() {
                        path.push("target = antecedent of a relative object".into());
                        targets = g;
                    }
                }
            }
        }
    }
    if targets.is_empty() {
        let mut heads: Vec<usize> = vec![t];
        heads.extend(m.extra_toks.iter().copied());
        // "Zambia extradited X to Britain" parsed as a noun phrase
        heads.extend(misparsed_finite(ctx, t).map(|(_, o)| o));
        // the entry's prepositions in its order ("complain about X to Y": the
        // one complained about first)
        'outer: for want in &e.targets {
            for &h in &heads {
                for c in arg_children(ctx, h) {
                    let r = base_rel(deprel(doc, c));
                    if !matches!(r, "obl" | "nmod" | "advcl") {
                        continue;
                    }
                    if let Some(p) = case_of(ctx, c) {
                        if p == want.as_str() && !m.extra_toks.contains(&c) {
                            let g = resolve_group(ctx, c);
                            if !g.is_empty() {
                                path.push(format!("target = '{p}' phrase"));
                                targets = g;
                                break 'outer;
                            }
                        }
                    }
                }
            }
        }
    }
    // "tighten Iran sanctions", "lift Russia sanctions": the one country
    // before the entry's own sanctions noun is the one they hit
    if targets.is_empty() {
        for &x in &m.extra_toks {
            if !ctx.lemma[x].starts_with("sanction") {
                continue;
            }
            let mods: Vec<Arg> = children_rel(ctx, x, &["compound", "amod"])
                .filter(|&c| c < x)
                .flat_map(|c| resolve_group(ctx, c))
                .filter(|a| arg_has_country(ctx, a))
                .collect();
            if mods.len() == 1 {
                path.push("target = country before the sanctions noun".into());
                targets = mods;
                break;
            }
        }
    }
    if targets.is_empty() && !passive {
        // "received a mission of observers from the OSCE": an actor in a
        // from-phrase right after the object is the party it comes from
        if let Some(o) = children_rel(ctx, t, &["obj"]).next() {
            let from = children_rel(ctx, t, &["obl"]).find(|&b| {
                b > o
                    && case_of(ctx, b) == Some("from")
                    && subtree_start(ctx, b) == subtree_end(ctx, o) + 1
            });
            if let Some(b) = from {
                let g: Vec<Arg> = resolve_group(ctx, b)
                    .into_iter()
                    .filter(|a| a.actor.is_some())
                    .collect();
                if !g.is_empty() {
                    path.push("target = from-phrase after the object".into());
                    targets = g;
                }
            }
        }
    }
    if targets.is_empty() {
        // any actor in a to/for/with/against/on phrase of the trigger or its object
        let mut heads: Vec<usize> = vec![t];
        // the object phrase: its conjuncts and of-phrases ("providing photographs
        // and intelligence to X", "suspended part of a program for X")
        let mut objs: Vec<usize> = children_rel(ctx, t, &["obj"]).collect();
        let mut k = 0;
        while k < objs.len() && objs.len() < 8 {
            let o = objs[k];
            for &c in &ctx.children[o] {
                let c = c as usize;
                if deprel(doc, c) == "conj"
                    || (deprel(doc, c) == "nmod" && case_of(ctx, c) == Some("of"))
                {
                    objs.push(c);
                }
            }
            k += 1;
        }
        heads.extend(objs);
        heads.extend(m.extra_toks.iter().copied());
        'fallback: for h in heads {
            for c in arg_children(ctx, h) {
                if !matches!(base_rel(deprel(doc, c)), "obl" | "nmod") || m.extra_toks.contains(&c)
                {
                    continue;
                }
                if let Some(
                    "to" | "for" | "with" | "against" | "on" | "into" | "toward" | "towards",
                ) = case_of(ctx, c)
                {
                    let g: Vec<Arg> = resolve_group(ctx, c)
                        .into_iter()
                        .filter(|a| a.actor.is_some() || a.code.is_some())
                        .collect();
                    if !g.is_empty() {
                        path.push("target = prepositional actor".into());
                        targets = g;
                        break 'fallback;
                    }
                }
            }
        }
    }
    if targets.is_empty() && matches!(e.event, PloverEvent::Request | PloverEvent::Accuse) {
        // "demanded that Hamas renounce ...": the subject of the demanded clause
        for c in children_rel(ctx, t, &["ccomp", "xcomp"]) {
            if let Some(s) = children_rel(ctx, c, &["nsubj", "nsubj:pass"]).next() {
                let g = resolve_group(ctx, s);
                if !g.is_empty() {
                    path.push("target = subject of the demanded clause".into());
                    targets = g;
                    break;
                }
            }
        }
    }
    if targets.is_empty() && !passive {
        // "rejected recent calls by Belarus's rulers", the by-phrase hung on the
        // active verb: it names the author of the object
        if let Some(o) = children_rel(ctx, t, &["obj"]).next() {
            let by = children_rel(ctx, t, &["obl"]).find(|&b| {
                b > o
                    && case_of(ctx, b) == Some("by")
                    && subtree_start(ctx, b) == subtree_end(ctx, o) + 1
            });
            if let Some(b) = by {
                let g: Vec<Arg> = resolve_group(ctx, b)
                    .into_iter()
                    .filter(|a| a.actor.is_some() || a.code.is_some())
                    .collect();
                if !g.is_empty() {
                    path.push("target = by-phrase of the object".into());
                    targets = g;
                }
            }
        }
    }
    if targets.is_empty() && e.event == PloverEvent::Request {
        // the same when the parser lost the clause ("demanded that the US
        // cancel", "cancel" tagged as a noun): the first actor after "that"
        if let Some(g) = that_clause_subject(ctx, t) {
            path.push("target = first actor of the 'that' clause".into());
            targets = g;
        }
    }
    if targets.is_empty() && e.event == PloverEvent::Threaten {
        // "threatened to launch an offensive unless Baghdad accepted ...": the
        // party that must meet the condition
        if let Some(g) = condition_subject(ctx, t, &sources) {
            path.push("target = subject of the condition".into());
            targets = g;
        }
    }
    if targets.is_empty() {
        // "agreed to re-open its borders to UN peacekeepers", "refused to allow
        // UN planes to land": the recipient of the act the trigger commits to
        if let Some(g) = complement_recipient(ctx, t, &sources, e.event == PloverEvent::Threaten) {
            path.push("target = recipient in the complement".into());
            targets = g;
        }
    }
    (sources, targets)
}

/// Nouns of a stance whose phrase names what a protest is against ("in
/// defiance of X", "in protest against X").
const STANCE_NOUNS: &[&str] = &[
    "protest",
    "defiance",
    "opposition",
    "outrage",
    "anger",
    "disapproval",
    "displeasure",
    "discontent",
    "dissatisfaction",
];

/// The party a protest is aimed at, from its purpose: an actor (or a phrase
/// with a country) as the object or in an against/at/on/with/to phrase of a
/// "to ..." clause on the trigger or on the verb whose object or oblique
/// the trigger is ("staged demonstrations to demand reforms by X's
/// government"), or in the phrase of a stance noun ("in defiance of X").
fn purpose_target(ctx: &Ctx, t: usize, sources: &[Arg]) -> Option<Vec<Arg>> {
    let doc = ctx.doc;
    let mut heads = vec![t];
    if doc.tags()[t].upos == "NOUN" && matches!(base_rel(deprel(doc, t)), "obj" | "obl") {
        heads.extend(head(doc, t).filter(|&h| doc.tags()[h].upos == "VERB"));
    }
    // "blocked a road to show ...": the purpose clause hung on the object
    if doc.tags()[t].upos == "VERB" {
        heads.extend(children_rel(ctx, t, &["obj"]));
    }
    let keep = |x: usize| -> Option<Vec<Arg>> {
        let g: Vec<Arg> = resolve_group(ctx, x)
            .into_iter()
            .filter(|a| {
                (a.actor.is_some() || a.code.is_some()) && !sources.iter().any(|s| same_actor(s, a))
            })
            .collect();
        (!g.is_empty()).then_some(g)
    };
    let pp = |x: usize, cases: &[&str]| {
        base_rel(deprel(doc, x)) == "obl" || base_rel(deprel(doc, x)) == "nmod"
    } && case_of(ctx, x).is_some_and(|c| cases.contains(&c));
    for &h in &heads {
        for &c in &ctx.children[h] {
            let c = c as usize;
            let r = base_rel(deprel(doc, c));
            if matches!(r, "advcl" | "xcomp" | "acl")
                && doc.tags()[c].upos == "VERB"
                && ctx.children[c]
                    .iter()
                    .any(|&m| ctx.lemma[m as usize] == "to")
            {
                // "to show their disapproval for X": the stance's phrase hung
                // on the clause
                let stance = children_rel(ctx, c, &["obj"])
                    .any(|o| STANCE_NOUNS.contains(&ctx.lemma[o].as_str()));
                let cases: &[&str] = if stance {
                    &["against", "at", "on", "with", "to", "over", "by", "for"]
                } else {
                    &["against", "at", "on", "with", "to", "over", "by"]
                };
                for x in arg_children(ctx, c) {
                    if deprel(doc, x) == "obj" || pp(x, cases) {
                        if let Some(g) = keep(x) {
                            return Some(g);
                        }
                    }
                    // "to show their disapproval for X"
                    if deprel(doc, x) == "obj" && STANCE_NOUNS.contains(&ctx.lemma[x].as_str()) {
                        for &y in &ctx.children[x] {
                            let y = y as usize;
                            if pp(y, &["against", "at", "of", "to", "over", "for", "with"]) {
                                if let Some(g) = keep(y) {
                                    return Some(g);
                                }
                            }
                        }
                    }
                }
            }
            let protest_noun = matches!(r, "obl" | "nmod")
                && c != t
                && ctx
                    .lex
                    .candidates(&ctx.lemma[c])
                    .any(|e| e.pos == TriggerPos::Noun && e.event == PloverEvent::Protest);
            if protest_noun {
                // "threw stones during demonstrations against X"
                for &x in &ctx.children[c] {
                    let x = x as usize;
                    if pp(x, &["against", "at", "over"]) {
                        if let Some(g) = keep(x) {
                            return Some(g);
                        }
                    }
                }
            }
            if matches!(r, "obl" | "nmod") && STANCE_NOUNS.contains(&ctx.lemma[c].as_str()) {
                for &x in &ctx.children[c] {
                    let x = x as usize;
                    if pp(x, &["against", "at", "of", "to", "over"]) {
                        if let Some(g) = keep(x) {
                            return Some(g);
                        }
                    }
                }
            }
        }
    }
    None
}

/// "if" or "unless" when an adverbial clause of the trigger opens with it,
/// or one of the verb the trigger complements ("announced that it will
/// withdraw unless ...", where parsers often hang the condition on
/// "announced").
fn condition_mark(ctx: &Ctx, t: usize) -> Option<&'static str> {
    let mut verbs = vec![t];
    if matches!(base_rel(deprel(ctx.doc, t)), "ccomp" | "xcomp") {
        verbs.extend(head(ctx.doc, t));
    }
    let clauses = verbs
        .into_iter()
        .flat_map(|v| children_rel(ctx, v, &["advcl"]).collect::<Vec<_>>());
    clauses.into_iter().find_map(|c| {
        ctx.children[c].iter().find_map(|&m| {
            (deprel(ctx.doc, m as usize) == "mark")
                .then(|| match ctx.lemma[m as usize].as_str() {
                    "if" => Some("if"),
                    "unless" => Some("unless"),
                    _ => None,
                })
                .flatten()
        })
    })
}

/// The subject of an "if"/"unless" clause on a threat or on the act it
/// threatens (its complement): the party the threat is aimed at.
fn condition_subject(ctx: &Ctx, t: usize, sources: &[Arg]) -> Option<Vec<Arg>> {
    let doc = ctx.doc;
    // the trigger, its complement and the phrases within it ("threatened to
    // stop negotiations to reduce weapons if the US goes ahead")
    let mut heads = vec![t];
    let mut k = 0;
    while k < heads.len() && heads.len() < 12 {
        let h = heads[k];
        if k < 6 {
            heads.extend(children_rel(ctx, h, &["xcomp", "ccomp", "obj", "acl"]));
        }
        k += 1;
    }
    for h in heads {
        for c in children_rel(ctx, h, &["advcl"]) {
            let conditional = ctx.children[c].iter().any(|&m| {
                deprel(doc, m as usize) == "mark"
                    && matches!(ctx.lemma[m as usize].as_str(), "if" | "unless")
            });
            if !conditional {
                continue;
            }
            if let Some(s) = children_rel(ctx, c, &["nsubj", "nsubj:pass"]).next() {
                let g: Vec<Arg> = resolve_subject(ctx, s)
                    .into_iter()
                    .filter(|a| {
                        (a.actor.is_some() || a.code.is_some())
                            && !sources.iter().any(|x| same_actor(x, a))
                    })
                    .collect();
                if !g.is_empty() {
                    return Some(g);
                }
            }
        }
    }
    None
}

/// "demanded that the US cancel ...": the first actor (or phrase with a
/// country) among the few words after a "that" following the trigger, up
/// to the next verb.
fn that_clause_subject(ctx: &Ctx, t: usize) -> Option<Vec<Arg>> {
    let doc = ctx.doc;
    let end = sentence_end(ctx, t);
    let mut i = t + 1;
    while i < end && doc.tags()[i].upos == "ADV" {
        i += 1;
    }
    if i >= end || ctx.lemma[i] != "that" {
        return None;
    }
    for x in i + 1..end.min(i + 7) {
        let up = doc.tags()[x].upos.as_str();
        if matches!(up, "VERB" | "AUX" | "PUNCT") || RELATIVE.contains(&ctx.lemma[x].as_str()) {
            break;
        }
        if up == "ADJ" {
            // "that the Turkish government provide ...", the noun phrase lost
            // by the parser: the nationality and the noun after it
            if let (Some(code), true) = (
                nation_at(ctx, x),
                x + 1 < end && doc.tags()[x + 1].upos == "NOUN",
            ) {
                let span = doc.tokens()[x].span.cover(doc.tokens()[x + 1].span);
                return Some(vec![Arg {
                    actor: ctx.tok_actor[x + 1]
                        .ne(&NONE)
                        .then_some(ctx.tok_actor[x + 1]),
                    code: Some(code.clone()),
                    name: doc.span_text(span).to_string(),
                    span,
                    tok: (x + 1) as u32,
                }]);
            }
            continue;
        }
        if !matches!(up, "NOUN" | "PROPN") {
            continue;
        }
        if ctx.tok_actor[x] == NONE && nation_at(ctx, x).is_none() && ctx.tok_place[x] == NONE {
            continue;
        }
        // the head of the noun phrase the word belongs to
        let mut h = x;
        while let Some(p) = head(doc, h).filter(|&p| p > h && p < end.min(i + 8)) {
            if !matches!(
                deprel(doc, h),
                "compound" | "amod" | "flat" | "flat:name" | "nmod:desc"
            ) {
                break;
            }
            h = p;
        }
        let g: Vec<Arg> = resolve_group(ctx, h)
            .into_iter()
            .filter(|a| a.actor.is_some() || a.code.is_some())
            .collect();
        if !g.is_empty() {
            return Some(g);
        }
    }
    None
}

fn sentence_end(ctx: &Ctx, t: usize) -> usize {
    sentence_of(ctx, t)
        .map(|r| r.end)
        .unwrap_or(t + 1)
        .min(ctx.doc.tokens().len())
}

/// The token range of the sentence holding token `t` (binary search).
fn sentence_of(ctx: &Ctx, t: usize) -> Option<std::ops::Range<usize>> {
    let sents = ctx.doc.sentences();
    let k = sents.partition_point(|s| s.tokens.range().end <= t);
    sents
        .get(k)
        .map(|s| s.tokens.range())
        .filter(|r| r.contains(&t))
}

/// The recipient of the act a verb trigger commits to, states or refuses
/// ("agreed to re-open its borders to X", "promised to give X ...",
/// "said it will return weapons to X"): in an `xcomp` complement (or a
/// `ccomp` whose subject is a pronoun, the trigger's subject again), an
/// object actor or an actor in a to/with/against/toward/on phrase. The
/// complement's own subject (a demanded party) is handled elsewhere.
fn complement_recipient(ctx: &Ctx, t: usize, sources: &[Arg], threat: bool) -> Option<Vec<Arg>> {
    let doc = ctx.doc;
    // a warning's complement says what the source's side will do to whom
    // ("warned that police will not tolerate rallies by X"), whoever its subject
    let mut frontier: Vec<usize> = children_rel(ctx, t, &["xcomp", "ccomp"])
        .filter(|&c| {
            deprel(doc, c) == "xcomp"
                || threat
                || children_rel(ctx, c, &["nsubj"])
                    .next()
                    .is_some_and(|s| doc.tags()[s].upos == "PRON")
        })
        .collect();
    for _ in 0..2 {
        let mut next = Vec::new();
        for &c in &frontier {
            if doc.tags()[c].upos != "VERB" {
                continue;
            }
            // (phrase head, is an object)
            let mut cands: Vec<(usize, bool)> = Vec::new();
            for x in arg_children(ctx, c) {
                let r = base_rel(deprel(doc, x));
                if matches!(r, "obj" | "iobj") {
                    cands.push((x, true));
                    // "re-open its borders to X": the object's own phrase
                    for &g in &ctx.children[x] {
                        let g = g as usize;
                        if deprel(doc, g) == "nmod"
                            && matches!(case_of(ctx, g), Some("to" | "with" | "against"))
                        {
                            cands.push((g, false));
                        }
                    }
                } else if matches!(r, "obl" | "nmod")
                    && matches!(
                        case_of(ctx, x),
                        Some("to" | "with" | "against" | "toward" | "towards" | "on" | "into")
                    )
                {
                    cands.push((x, false));
                } else if r == "xcomp" {
                    next.push(x);
                }
            }
            for (x, is_obj) in cands {
                let g: Vec<Arg> = resolve_group(ctx, x)
                    .into_iter()
                    .filter(|a| {
                        // an object is a recipient only when it names an actor, as
                        // its head or a name on it ("allow UN planes"), not a thing
                        // an adjective qualifies ("resume terrorist activities")
                        let named_obj = a.actor.is_some()
                            && (a.tok as usize == x
                                || (doc
                                    .tags()
                                    .get(a.tok as usize)
                                    .is_some_and(|t| t.upos == "PROPN")
                                    && matches!(
                                        deprel(doc, a.tok as usize),
                                        "compound" | "flat" | "flat:name" | "appos"
                                    ))
                                // the author of the object ("rallies by X", "X's plan")
                                || deprel(doc, a.tok as usize) == "nmod:poss"
                                || (deprel(doc, a.tok as usize) == "nmod"
                                    && matches!(case_of(ctx, a.tok as usize), Some("by" | "from"))));
                        (if is_obj {
                            named_obj
                        } else {
                            a.actor.is_some() || a.code.is_some()
                        }) && !sources.iter().any(|s| same_actor(s, a))
                    })
                    .collect();
                if !g.is_empty() {
                    return Some(g);
                }
            }
        }
        if next.is_empty() {
            break;
        }
        frontier = next;
    }
    None
}

/// Whether an argument can be the target of an event of this entry: a
/// plain noun phrase ("dollars", "weapons") is a target only of violence.
/// The head of the noun phrase that ends just before token `t` (times,
/// adverbs, punctuation and `on` skipped), when it is a bare noun phrase (no
/// preposition, no determiner-only phrase): the subject a misparsed verb
/// lost.
fn left_subject(ctx: &Ctx, t: usize) -> Option<usize> {
    let doc = ctx.doc;
    let sent_start = sentence_of(ctx, t)?.start;
    let mut x = t.checked_sub(1)?;
    loop {
        if x < sent_start {
            return None;
        }
        let tg = &doc.tags()[x];
        let skip = ctx.tok_time[x] != NONE
            || matches!(tg.upos.as_str(), "ADV" | "PUNCT")
            || (tg.upos == "ADP" && ctx.lemma[x] == "on");
        if !skip {
            break;
        }
        x = x.checked_sub(1)?;
    }
    if !matches!(doc.tags()[x].upos.as_str(), "NOUN" | "PROPN") || ctx.tok_time[x] != NONE {
        return None;
    }
    // climb to the head of the noun phrase that ends at x (not into a time)
    for _ in 0..4 {
        let r = deprel(doc, x);
        match head(doc, x) {
            Some(h)
                if h < t
                    && ctx.tok_time[h] == NONE
                    && matches!(r, "compound" | "flat" | "flat:name" | "conj") =>
            {
                x = h
            }
            _ => break,
        }
    }
    // "police in Jericho", "thousands of people": a prepositional phrase on a
    // noun before it belongs to that noun; "In Paris, officials ...": a
    // prepositional phrase on the clause is no subject
    for _ in 0..3 {
        if case_of(ctx, x).is_none() {
            return Some(x);
        }
        match head(doc, x) {
            Some(h)
                if h < x
                    && deprel(doc, x) == "nmod"
                    && matches!(doc.tags()[h].upos.as_str(), "NOUN" | "PROPN" | "NUM") =>
            {
                x = h
            }
            _ => return None,
        }
    }
    None
}

/// A finite verb the parser attached as an adjective to the noun after it
/// ("Zambia extradited suspected militant X", "helicopters shelled
/// positions"): a past-tense verb, `amod` of a noun to its right, with a noun
/// phrase ending just before it (times, adverbs and `on` skipped; a
/// determiner there means a real participle, "the extradited suspect").
/// Returns (subject head, object head).
/// The noun a past participle describes as a reduced relative clause
/// ("individuals accused of ...", "soldiers captured by rebels"): the
/// participle is an `acl` of a noun before it, with no subject, object or
/// auxiliary of its own. News parses often hang a main verb the tagger
/// took for a participle on its subject the same way ("the parliament
/// threatened on Monday to ...", "troops arrived in ..."), so without a
/// `by` agent the verb must take an object (`transitive`: a participle of
/// "arrive" or "protest" is no passive) and the noun must not be a subject
/// in the parse, nor the sentence's root.
fn reduced_relative(ctx: &Ctx, t: usize, transitive: bool) -> Option<usize> {
    let doc = ctx.doc;
    if deprel(doc, t) != "acl" || doc.tags()[t].xpos != "VBN" {
        return None;
    }
    let h = head(doc, t).filter(|&h| h < t)?;
    if !matches!(doc.tags()[h].upos.as_str(), "NOUN" | "PROPN" | "PRON")
        || children_rel(ctx, t, &["nsubj", "obj", "ccomp", "aux"])
            .next()
            .is_some()
    {
        return None;
    }
    let agent = ctx.children[t].iter().any(|&c| {
        let c = c as usize;
        deprel(doc, c) == "obl:agent"
            || deprel(doc, c).starts_with("obl") && case_of(ctx, c) == Some("by")
    });
    let subject = matches!(base_rel(deprel(doc, h)), "nsubj" | "csubj" | "root");
    // "said Russian intelligence services hacked into ...": the object of a
    // verb of saying or knowing is the subject of its lost complement
    let reported = deprel(doc, h) == "obj"
        && head(doc, h).is_some_and(|v| SAYING.contains(&ctx.lemma[v].as_str()));
    (agent || transitive && !subject && !reported && head(doc, h).is_some()).then_some(h)
}

fn misparsed_finite(ctx: &Ctx, t: usize) -> Option<(usize, usize)> {
    let doc = ctx.doc;
    if deprel(doc, t) != "amod" || !matches!(doc.tags()[t].xpos.as_str(), "VBD" | "VBN") {
        return None;
    }
    let obj = head(doc, t).filter(|&h| h > t)?;
    let x = left_subject(ctx, t)?;
    Some((x, obj))
}

/// "..., a rights group protested on Monday.": a verb closing the sentence
/// after a comma, with its subject, parsed as a clause on that subject
/// (`acl`), without an object: the clause before the comma is what it says.
fn parenthetical_report(ctx: &Ctx, t: usize) -> bool {
    let doc = ctx.doc;
    if deprel(doc, t) != "acl" || children_rel(ctx, t, &["obj"]).next().is_some() {
        return false;
    }
    let Some(h) = head(doc, t).filter(|&h| h < t) else {
        return false;
    };
    let start = ctx.children[h]
        .iter()
        .map(|&c| c as usize)
        .filter(|&c| c < h)
        .min()
        .unwrap_or(h);
    start
        .checked_sub(1)
        .is_some_and(|p| doc.token_text(p) == ",")
}

fn target_ok(ctx: &Ctx, e: &Entry, a: &Arg) -> bool {
    a.actor.is_some()
        || a.code.is_some()
        || ctx
            .tok_entity
            .get(a.tok as usize)
            .is_some_and(|&x| x != NONE)
        || matches!(e.event, PloverEvent::Assault | PloverEvent::Coerce)
}

fn noun_args(
    ctx: &Ctx,
    m: &Match,
    triggers: &FxHashSet<usize>,
    path: &mut Vec<String>,
) -> (Vec<Arg>, Vec<Arg>) {
    let doc = ctx.doc;
    let t = m.tok;
    let e = m.entry;
    let mut sources: Vec<Arg> = Vec::new();
    let mut targets: Vec<Arg> = Vec::new();
    let mut between: Vec<Arg> = Vec::new();
    let mut modifiers: Vec<Arg> = Vec::new();
    for &c in &ctx.children[t] {
        let c = c as usize;
        let rel = deprel(doc, c);
        match base_rel(rel) {
            "nmod" if rel == "nmod:poss" && sources.is_empty() => {
                path.push("source = possessor".into());
                sources = resolve_group(ctx, c);
            }
            "nmod" if rel == "nmod:poss" => {}
            "nmod" | "obl" => match case_of(ctx, c) {
                Some("by") if sources.is_empty() => {
                    path.push("source = by-phrase".into());
                    sources = resolve_group(ctx, c);
                }
                Some("between") | Some("among") => {
                    between = resolve_between(ctx, c);
                }
                Some("of") if !e.targets.iter().any(|x| x == "of") && sources.is_empty() => {
                    path.push("source = of-phrase".into());
                    sources = resolve_group(ctx, c);
                }
                Some(p) if e.targets.iter().any(|x| x == p) && targets.is_empty() => {
                    // a phrase naming no actor ("suspension of air links [with X]")
                    // leaves the next one its chance
                    let mut g = resolve_group(ctx, c);
                    g.retain(|a| target_ok(ctx, e, a));
                    if !g.is_empty() {
                        path.push(format!("target = '{p}' phrase"));
                        targets = g;
                    }
                }
                _ => {}
            },
            "compound" | "amod" if c < t => {
                for a in resolve_group(ctx, c) {
                    if a.actor.is_some() {
                        modifiers.push(a);
                    }
                }
                // "Palestinian riots", "an Indian proposal"
                if let Some(code) = nation_at(ctx, c) {
                    if ctx.tok_actor[c] == NONE {
                        modifiers.push(Arg {
                            actor: None,
                            code: Some(code.clone()),
                            name: doc.token_text(c).to_string(),
                            span: doc.tokens()[c].span,
                            tok: c as u32,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    let mut left = t;
    let mut stack = vec![t];
    while let Some(x) = stack.pop() {
        for &c in &ctx.children[x] {
            let c = c as usize;
            if c < t
                && !matches!(deprel(doc, c), "case" | "det" | "punct")
                && !CLAUSE_RELS.contains(&deprel(doc, c))
            {
                left = left.min(c);
                stack.push(c);
            }
        }
    }
    for i in left..t {
        let a = ctx.tok_actor[i];
        if a != NONE
            && !modifiers.iter().any(|m| m.actor == Some(a))
            && deprel(doc, i) != "nmod:poss"
        {
            if let Some(arg) = resolve(ctx, i) {
                modifiers.push(arg);
            }
        }
    }
    // a target phrase the parser attached to the noun's head instead ("his
    // meeting with Trump" with "with Trump" on the verb)
    if targets.is_empty() {
        if let Some(h) = head(doc, t) {
            let end = subtree_end(ctx, t);
            for c in arg_children(ctx, h) {
                if c <= t || !matches!(base_rel(deprel(doc, c)), "obl" | "nmod") {
                    continue;
                }
                let first = (end + 1..c).all(|k| {
                    matches!(
                        doc.tags()[k].upos.as_str(),
                        "ADP" | "DET" | "PROPN" | "ADJ" | "NOUN"
                    )
                });
                if let (true, Some(p)) = (first, case_of(ctx, c)) {
                    if e.targets.iter().any(|x| x == p) {
                        let g = resolve_group(ctx, c);
                        if !g.is_empty() {
                            path.push(format!("target = '{p}' phrase after the noun"));
                            targets = g;
                            break;
                        }
                    }
                }
            }
        }
    }
    modifiers.sort_by_key(|a| a.tok);
    modifiers.dedup_by(|a, b| same_actor(a, b));
    // "could reimpose Venezuela sanctions", "to tighten Iran sanctions": the
    // country before a sanctions noun that is a verb's object is the one
    // they hit, and the verb's subject imposes them
    if e.event == PloverEvent::Sanction
        && sources.is_empty()
        && targets.is_empty()
        && modifiers.len() == 1
        && deprel(doc, t) == "obj"
    {
        if let Some(h) = head(doc, t) {
            let mut by = children_rel(ctx, h, &["nsubj"])
                .flat_map(|s| resolve_subject(ctx, s))
                .collect::<Vec<_>>();
            if by.is_empty() {
                by = inherited_subject(ctx, h, path);
            }
            by.retain(|a| !same_actor(a, &modifiers[0]));
            if !by.is_empty() {
                path.push(
                    "target = country before a sanctions noun; source = the verb's subject".into(),
                );
                targets.push(modifiers.remove(0));
                sources = by;
            }
        }
    }
    if sources.is_empty() && !modifiers.is_empty() {
        path.push("source = modifier".into());
        sources.push(modifiers.remove(0));
    }
    if targets.is_empty() && !modifiers.is_empty() {
        path.push("target = modifier".into());
        targets.push(modifiers.remove(0));
    }
    if !between.is_empty() {
        if sources.is_empty() {
            path.push("parties = 'between' phrase".into());
            sources = between;
        } else if targets.is_empty() {
            targets = between;
        }
    }
    // light verb ("held talks with"), or the clause governing a meeting noun
    if sources.is_empty() {
        if let Some(h) = head(doc, t) {
            let rel = base_rel(deprel(doc, t));
            let hl = ctx.lemma[h].as_str();
            let is_light = matches!(rel, "obj" | "nsubj")
                && LIGHT.contains(&hl)
                && doc.tags()[h].upos == "VERB";
            let gov_consult = e.event == PloverEvent::Consult
                && matches!(rel, "obl" | "obj")
                && doc.tags()[h].upos == "VERB"
                && !triggers.contains(&h);
            let direct_subj = children_rel(ctx, h, &["nsubj"]).next();
            if is_light || (gov_consult && direct_subj.is_some()) {
                let pseudo = Match {
                    tok: h,
                    entry: m.entry,
                    extra_toks: vec![t],
                };
                let mut p2 = Vec::new();
                let (s, tg) = verb_args(ctx, &pseudo, &mut p2);
                if !s.is_empty() {
                    path.push(format!("source = subject of '{}'", doc.token_text(h)));
                    sources = s;
                    if targets.is_empty() {
                        targets = tg;
                    }
                }
            }
        }
    }
    if let Some(h) = head(doc, t) {
        {
            // "at the urging of X": target is the clause subject
            if e.event == PloverEvent::Request
                && matches!(case_of(ctx, t), Some("at") | Some("on") | Some("upon"))
                && targets.is_empty()
            {
                let mut p2 = Vec::new();
                let mut subj: Vec<Arg> = children_rel(ctx, h, &["nsubj"])
                    .flat_map(|s| resolve_group(ctx, s))
                    .collect();
                if subj.is_empty() {
                    subj = inherited_subject(ctx, h, &mut p2);
                }
                if !subj.is_empty() {
                    path.push(format!("target = subject of '{}'", doc.token_text(h)));
                    targets = subj;
                }
            }
        }
    }
    targets.retain(|a| target_ok(ctx, e, a));
    (sources, targets)
}

/// First token of the subtree of `t`.
fn subtree_start(ctx: &Ctx, t: usize) -> usize {
    let mut start = t;
    let mut stack = vec![t];
    let mut steps = 0;
    while let Some(x) = stack.pop() {
        steps += 1;
        if steps > 200 {
            break;
        }
        for &c in &ctx.children[x] {
            let c = c as usize;
            start = start.min(c);
            stack.push(c);
        }
    }
    start
}

/// Last token of the subtree of `t`.
fn subtree_end(ctx: &Ctx, t: usize) -> usize {
    let mut end = t;
    let mut stack = vec![t];
    let mut steps = 0;
    while let Some(x) = stack.pop() {
        steps += 1;
        if steps > 200 {
            break;
        }
        for &c in &ctx.children[x] {
            let c = c as usize;
            if c > end {
                end = c;
            }
            stack.push(c);
        }
    }
    end
}

/// "between A and B and between C and D": the first group's parties (the
/// conjuncts before the second "between"; the parser hangs D on A too). A
/// mention that names two actors ("the two Koreas") gives both.
fn resolve_between(ctx: &Ctx, c: usize) -> Vec<Arg> {
    let mut out = Vec::new();
    let mut heads = vec![c];
    let mut conjs: Vec<usize> = ctx.children[c]
        .iter()
        .map(|&k| k as usize)
        .filter(|&k| deprel(ctx.doc, k) == "conj")
        .collect();
    conjs.sort_unstable();
    for k in conjs {
        if case_of(ctx, k) == Some("between") {
            break;
        }
        heads.push(k);
    }
    for h in heads {
        if let Some(a) = resolve(ctx, h) {
            let shared: Vec<Arg> = ctx
                .doc
                .actors()
                .iter()
                .enumerate()
                .filter(|(i, x)| {
                    a.actor != Some(*i as u32) && x.mentions.iter().any(|m| m.span == a.span)
                })
                .map(|(i, x)| Arg {
                    actor: Some(i as u32),
                    code: None,
                    name: x.name.clone(),
                    span: a.span,
                    tok: a.tok,
                })
                .collect();
            for a in std::iter::once(a).chain(shared) {
                if !out.iter().any(|o: &Arg| same_actor(o, &a)) {
                    out.push(a);
                }
            }
        }
    }
    if out.len() < 2 {
        out.clear();
    }
    out
}

/// A subject phrase: as [`resolve_group`], and a capital or city named as
/// the one who acts stands for its country's government ("Washington
/// demanded").
fn resolve_subject(ctx: &Ctx, h: usize) -> Vec<Arg> {
    let g = resolve_group(ctx, h);
    if !g.is_empty() {
        return g;
    }
    let p = ctx.tok_place[h];
    if p == NONE {
        return g;
    }
    let pl = &ctx.doc.places()[p as usize];
    if matches!(
        pl.kind,
        chronicler_doc::PlaceKind::City | chronicler_doc::PlaceKind::Country
    ) && pl.country.is_some()
    {
        return vec![Arg {
            actor: None,
            code: pl.country.clone(),
            name: pl.name.clone(),
            span: pl.span,
            tok: h as u32,
        }];
    }
    g
}

/// An argument phrase and its conjuncts ("Hungarian and Romanian officials").
fn resolve_group(ctx: &Ctx, h: usize) -> Vec<Arg> {
    let Some(first) = resolve(ctx, h) else {
        return Vec::new();
    };
    let anchor = first.tok as usize;
    let mut out = vec![first];
    let conj_root = if ctx.children[h]
        .iter()
        .any(|&c| deprel(ctx.doc, c as usize) == "conj")
    {
        h
    } else {
        anchor
    };
    // the conjuncts, also when the parser hung them on a part of the first
    // name ("Sen. Ted Cruz (R-Texas) and Sen. Chuck Schumer met": a conjunct
    // of "Cruz", itself an apposition of "Sen.")
    let mut roots = vec![conj_root];
    roots.extend(
        ctx.children[h]
            .iter()
            .map(|&c| c as usize)
            .filter(|&c| matches!(deprel(ctx.doc, c), "flat" | "appos")),
    );
    for r in roots {
        for &c in &ctx.children[r] {
            let c = c as usize;
            if deprel(ctx.doc, c) == "conj" {
                if let Some(a) = resolve(ctx, c) {
                    if !out.iter().any(|o| same_actor(o, &a)) {
                        out.push(a);
                    }
                }
            }
        }
    }
    if out.len() == 1 {
        out.extend(coordinated_nationalities(ctx, h, &out[0]));
    }
    out
}

/// "Russian and Ukrainian troops", "Hungarian and Romanian officials": one
/// noun with coordinated nationality words stands for one group per
/// nation. `first` is the group the phrase was resolved to (one of them);
/// the others, returned, take its sector with their own country, each
/// anchored at its nationality word.
fn coordinated_nationalities(ctx: &Ctx, h: usize, first: &Arg) -> Vec<Arg> {
    let doc = ctx.doc;
    let Some(adj) = ctx.children[h].iter().map(|&c| c as usize).find(|&c| {
        matches!(deprel(doc, c), "amod" | "compound")
            && nation_at(ctx, c).is_some()
            && ctx.children[c]
                .iter()
                .any(|&k| deprel(doc, k as usize) == "conj")
    }) else {
        return Vec::new();
    };
    let code = first.code.clone().or_else(|| {
        first
            .actor
            .and_then(|a| doc.actors().get(a as usize))
            .and_then(|a| a.code.clone())
    });
    let Some(code) = code else {
        return Vec::new();
    };
    let adjs = std::iter::once(adj).chain(
        ctx.children[adj]
            .iter()
            .map(|&k| k as usize)
            .filter(|&k| deprel(doc, k) == "conj"),
    );
    let countries: Vec<(usize, &CompactString)> = adjs
        .filter_map(|a| nation_at(ctx, a).map(|c| (a, c)))
        .collect();
    // the sector is what the first group's code adds to its country
    let Some(sector) = countries
        .iter()
        .find_map(|(_, c)| code.strip_prefix(c.as_str()))
    else {
        return Vec::new();
    };
    let head = doc.token_text(h);
    countries
        .into_iter()
        .filter(|(_, c)| !code.starts_with(c.as_str()))
        .map(|(a, c)| Arg {
            actor: None,
            code: Some(format!("{c}{sector}").into()),
            name: format!("{} {head}", doc.token_text(a)),
            span: doc.tokens()[a].span,
            tok: a as u32,
        })
        .collect()
}

/// The actor (or entity, or noun phrase) an argument head stands for.
fn resolve(ctx: &Ctx, h: usize) -> Option<Arg> {
    let doc = ctx.doc;
    // a stretch of time is no party ("after days of heavy fighting")
    if matches!(
        ctx.lemma.get(h).map(|l| l.as_str()),
        Some(
            "day" | "week" | "month" | "year" | "hour" | "minute" | "decade" | "night" | "weekend"
        )
    ) {
        return None;
    }
    // an adjective is no argument head: "met Russian President Vladimir
    // Putin" parsed with "Russian" as the object and the name under it
    if doc.tags().get(h).is_some_and(|g| g.upos == "ADJ") {
        if let Some(c) = ctx.children[h]
            .iter()
            .map(|&c| c as usize)
            .find(|&c| c > h && ctx.tok_actor_named.get(c).is_some_and(|&a| a != NONE))
        {
            return resolve(ctx, c);
        }
    }
    // "broke off relations with X", "suspension of air links with X",
    // "boycott contacts with X": a relation noun stands for its partner
    if RELATION_NOUNS.contains(&ctx.lemma[h].as_str()) {
        for &c in &ctx.children[h] {
            let c = c as usize;
            if matches!(base_rel(deprel(doc, c)), "nmod" | "obl") && case_of(ctx, c) == Some("with")
            {
                if let Some(a) = resolve(ctx, c).filter(|a| a.actor.is_some() || a.code.is_some()) {
                    return Some(a);
                }
            }
        }
    }
    for (pass, map) in [&ctx.tok_actor_named, &ctx.tok_actor]
        .into_iter()
        .enumerate()
    {
        // breadth-first over the phrase, not into clauses
        let mut frontier = vec![h];
        for _depth in 0..3 {
            let mut next = Vec::new();
            for &x in &frontier {
                let a = map[x];
                if a == NONE && pass == 1 {
                    // "the country's weapons program": the country named before
                    if let Some(arg) = country_antecedent(ctx, x) {
                        return Some(arg);
                    }
                }
                if a != NONE {
                    let actor = &doc.actors()[a as usize];
                    let tspan = doc.tokens()[x].span;
                    let span = actor
                        .mentions
                        .iter()
                        .map(|m| m.span)
                        .find(|s| s.overlaps(tspan))
                        .or_else(|| {
                            doc.places()
                                .iter()
                                .map(|p| p.span)
                                .find(|s| s.overlaps(tspan))
                        })
                        .or_else(|| {
                            doc.entities()
                                .iter()
                                .map(|e| e.span)
                                .find(|s| s.overlaps(tspan))
                        })
                        .unwrap_or(tspan);
                    return Some(Arg {
                        actor: Some(a),
                        code: None,
                        name: actor.name.clone(),
                        span,
                        tok: x as u32,
                    });
                }
                for &c in &ctx.children[x] {
                    let c = c as usize;
                    let rel_c = deprel(doc, c);
                    // "an admission by Moscow", "a ban by General X", "an offer
                    // from Kabul": a common noun stands for its author
                    let author = rel_c == "nmod"
                        && doc.tags()[x].upos == "NOUN"
                        && matches!(case_of(ctx, c), Some("by" | "from"));
                    // "crimes committed by Croat forces": the agent of a
                    // participle on the noun (not on people, who are acted
                    // on: "people evacuated by the U.S.")
                    if rel_c == "acl"
                        && doc.tags()[x].upos == "NOUN"
                        && doc.tags()[c].xpos == "VBN"
                        && !ctx.is_person_noun(x)
                    {
                        next.extend(ctx.children[c].iter().map(|&g| g as usize).filter(|&g| {
                            deprel(doc, g) == "obl:agent"
                                || (base_rel(deprel(doc, g)) == "obl"
                                    && case_of(ctx, g) == Some("by"))
                        }));
                        continue;
                    }
                    if deprel(doc, c) == "nmod"
                        && !author
                        && !matches!(case_of(ctx, c), None | Some("of") | Some("'s"))
                    {
                        continue;
                    }
                    if matches!(
                        deprel(doc, c),
                        "compound"
                            | "flat"
                            | "flat:name"
                            | "appos"
                            | "nmod"
                            | "nmod:poss"
                            | "amod"
                            | "nmod:desc"
                    ) {
                        next.push(c);
                    }
                }
            }
            frontier = next;
            if frontier.is_empty() {
                break;
            }
        }
    }
    if ctx.tok_time[h] != NONE {
        return None;
    }
    // "rejected a U.S. request", "North Korea's demand": the country that authored
    // an event noun stands for its government
    let tag = &doc.tags()[h];
    let event_noun = ctx
        .lex
        .candidates(&ctx.lemma[h])
        .any(|e| e.pos == TriggerPos::Noun);
    if event_noun || tag.upos == "NOUN" {
        for &c in &ctx.children[h] {
            let c = c as usize;
            let by = deprel(doc, c) == "nmod" && matches!(case_of(ctx, c), Some("by" | "from"));
            // any common noun has an author in a by/from phrase; only event
            // nouns stand for the country of their modifiers ("a U.S. request")
            if !(by || (event_noun && matches!(deprel(doc, c), "compound" | "amod" | "nmod:poss")))
            {
                continue;
            }
            let p = ctx.tok_place[c];
            if p == NONE {
                // "an Indian proposal", "calls by Belarus's rulers"
                if let Some(code) = nation_at(ctx, c) {
                    return Some(Arg {
                        actor: None,
                        code: Some(code.clone()),
                        name: doc.token_text(c).to_string(),
                        span: doc.tokens()[c].span,
                        tok: c as u32,
                    });
                }
                if by || deprel(doc, c) == "nmod:poss" {
                    if let Some(a) = resolve(ctx, c) {
                        // an actor, or a phrase with a country ("calls by
                        // Belarus's rulers")
                        if a.actor.is_some() || a.code.is_some() {
                            return Some(a);
                        }
                    }
                }
                continue;
            }
            let pl = &doc.places()[p as usize];
            // "an admission by Moscow": a city as the author acts for its government
            let agent_city = by && pl.kind == chronicler_doc::PlaceKind::City;
            if (agent_city || pl.kind == chronicler_doc::PlaceKind::Country) && pl.country.is_some()
            {
                return Some(Arg {
                    actor: None,
                    code: pl.country.clone(),
                    name: pl.name.clone(),
                    span: pl.span,
                    tok: c as u32,
                });
            }
        }
    }
    let allow_nominal = tag.upos == "PROPN"
        || tag.xpos == "NNS"
        || tag.xpos == "NNPS"
        || (tag.upos == "NOUN"
            && !ctx
                .lex
                .candidates(&ctx.lemma[h])
                .any(|e| e.pos == TriggerPos::Noun));
    if ctx.tok_place[h] != NONE {
        // a country named as a participant stands for its government
        let pl = &doc.places()[ctx.tok_place[h] as usize];
        if pl.kind == chronicler_doc::PlaceKind::Country {
            return Some(Arg {
                actor: None,
                code: pl.country.clone(),
                name: pl.name.clone(),
                span: pl.span,
                tok: h as u32,
            });
        }
        return None;
    }
    if ctx.tok_entity[h] != NONE {
        // a LOC entity the place layer does not know is most often a person or
        // group the recogniser mislabelled ("Putin offered ..."): kept as a name
        let ent = &doc.entities()[ctx.tok_entity[h] as usize];
        return Some(Arg {
            actor: None,
            code: None,
            name: doc.span_text(ent.span).to_string(),
            span: ent.span,
            tok: h as u32,
        });
    }
    if allow_nominal
        && (tag.upos == "NOUN" || tag.upos == "PROPN")
        && !PRONOUN_SKIP.contains(&ctx.lemma[h].as_str())
    {
        // noun phrase: the head with its left modifiers
        let mut start = h;
        for &c in &ctx.children[h] {
            let c = c as usize;
            if c < start && matches!(deprel(doc, c), "compound" | "amod" | "flat" | "nmod:desc") {
                start = c;
            }
        }
        let span = doc.tokens()[start].span.cover(doc.tokens()[h].span);
        return Some(Arg {
            actor: None,
            // "the Azerbaijani region", "Palestinian youths"
            code: phrase_country(ctx, h),
            name: doc.span_text(span).to_string(),
            span,
            tok: h as u32,
        });
    }
    None
}

/// "the country" / "the nation" standing for a country named before it in
/// the sentence or the one before: the nearest country actor that is not a
/// subject in the same sentence ("Beijing backed sanctions against the
/// country's program" is no sanction on China).
fn country_antecedent(ctx: &Ctx, x: usize) -> Option<Arg> {
    if !matches!(ctx.lemma[x].as_str(), "country" | "nation") {
        return None;
    }
    nearest_country_before(ctx, x)
}

/// The nearest country actor named before a definite phrase at `x` ("the
/// country", "the government") in its sentence or the one before, not a
/// subject of the same sentence.
fn nearest_country_before(ctx: &Ctx, x: usize) -> Option<Arg> {
    let doc = ctx.doc;
    if !ctx.children[x]
        .iter()
        .any(|&d| deprel(doc, d as usize) == "det" && ctx.lemma[d as usize] == "the")
    {
        return None;
    }
    let sent = sentence_of(ctx, x)?;
    let from = sent
        .start
        .checked_sub(1)
        .and_then(|p| sentence_of(ctx, p))
        .map(|r| r.start)
        .unwrap_or(sent.start);
    for i in (from..x).rev() {
        let a = ctx.tok_actor[i];
        if a == NONE {
            continue;
        }
        let ac = &doc.actors()[a as usize];
        if ac.kind != chronicler_doc::ActorKind::Country {
            continue;
        }
        // a subject in the same sentence most often acts on "the country"
        // (and a misattached phrase hides whose clause it is): not taken
        if i >= sent.start && deprel(doc, i).starts_with("nsubj") {
            continue;
        }
        let span = doc.tokens()[x].span;
        let start = ctx.children[x]
            .iter()
            .map(|&c| c as usize)
            .filter(|&c| c < x && deprel(doc, c) == "det")
            .min()
            .map(|c| doc.tokens()[c].span)
            .unwrap_or(span);
        return Some(Arg {
            actor: Some(a),
            code: None,
            name: ac.name.clone(),
            span: start.cover(span),
            tok: x as u32,
        });
    }
    None
}

fn place_at(ctx: &Ctx, x: usize) -> Option<EventLocation> {
    let p = ctx.tok_place[x];
    if p == NONE {
        return None;
    }
    let pl = &ctx.doc.places()[p as usize];
    Some(EventLocation {
        name: pl.name.clone(),
        country: pl.country.clone(),
        lat: pl.lat,
        lon: pl.lon,
        span: pl.span,
    })
}

fn find_location(ctx: &Ctx, t: usize) -> Option<EventLocation> {
    let doc = ctx.doc;
    let mut cur = t;
    for level in 0..6 {
        for &c in &ctx.children[cur] {
            let c = c as usize;
            let r = base_rel(deprel(doc, c));
            if matches!(r, "obl" | "nmod") {
                if let Some("in" | "at" | "to" | "near" | "inside") = case_of(ctx, c) {
                    if let Some(l) = place_at(ctx, c) {
                        return Some(l);
                    }
                }
            }
            if matches!(r, "obj" | "iobj") && ctx.is_person_noun(c) {
                // "told reporters in Berlin", the place parsed under the
                // people addressed: where they were told
                for &g in &ctx.children[c] {
                    let g = g as usize;
                    if base_rel(deprel(doc, g)) == "nmod"
                        && matches!(case_of(ctx, g), Some("in" | "at"))
                    {
                        if let Some(l) = place_at(ctx, g) {
                            return Some(l);
                        }
                    }
                }
            }
            if level == 0 && r == "obj" && doc.tags()[t].upos == "VERB" {
                // "visited Beijing": the destination
                if let Some(l) = place_at(ctx, c) {
                    if ctx.lemma[t] == "visit" || ctx.lemma[t] == "tour" {
                        return Some(l);
                    }
                }
            }
            if r == "advmod" && ctx.lemma[c] == "where" {
                if let Some(l) = where_place(ctx, c) {
                    return Some(l);
                }
            }
        }
        let rel = base_rel(deprel(doc, cur));
        let Some(h) = head(doc, cur) else { break };
        if ctx.lemma[h] == "where" {
            if let Some(l) = where_place(ctx, h) {
                return Some(l);
            }
        }
        if !matches!(
            rel,
            "xcomp" | "advcl" | "conj" | "obj" | "obl" | "nmod" | "nsubj" | "appos" | "acl"
        ) {
            break;
        }
        cur = h;
    }
    None
}

/// Whether verb `t` is a participle that only describes the noun after it
/// (`amod`), with no name or actor among its dependents to act.
fn descriptive_participle(ctx: &Ctx, t: usize) -> bool {
    let doc = ctx.doc;
    // before its noun, and not a finite verb the parser took for a modifier
    // ("people blocked streets": a subject stands before it)
    deprel(doc, t) == "amod"
        && head(doc, t).is_some_and(|h| h > t)
        && matches!(doc.tags()[t].xpos.as_str(), "VBN" | "VBG" | "JJ")
        && misparsed_finite(ctx, t).is_none()
        && !ctx.children[t].iter().any(|&c| {
            let c = c as usize;
            ctx.tok_actor.get(c).is_some_and(|&a| a != NONE)
                || ctx.tok_entity.get(c).is_some_and(|&x| x != NONE)
                || doc.tags()[c].upos == "PROPN"
        })
}

/// Whether a naming verb at `t` names rather than acts: it has a predicate
/// complement ("called the idea a mistake"), two objects (one of them the
/// antecedent of its relative clause: "what he called a vision"), or
/// describes a noun as a participle ("a group called X", "so-called").
fn names(ctx: &Ctx, t: usize) -> bool {
    let doc = ctx.doc;
    let rel = deprel(doc, t);
    let objects = ctx.children[t]
        .iter()
        .filter(|&&c| deprel(doc, c as usize) == "obj")
        .count();
    // "what he called a vision": in a relative clause whose subject is its
    // own, the antecedent is a first object beside the object
    let gap_object = rel.ends_with("relcl")
        && objects == 1
        && ctx.children[t].iter().any(|&c| {
            deprel(doc, c as usize).starts_with("nsubj")
                && !matches!(ctx.lemma[c as usize].as_str(), "who" | "which" | "that")
        });
    rel.starts_with("acl") && !rel.ends_with("relcl")
        || rel == "amod"
        || objects > 1
        || gap_object
        || ctx.children[t].iter().any(|&c| {
            // a predicate ("called him a liar"), not an infinitive ("called
            // Erdogan to apologize", "called for him to drop out")
            deprel(doc, c as usize) == "xcomp"
                && !ctx.children[c as usize]
                    .iter()
                    .any(|&g| ctx.lemma[g as usize] == "to" && deprel(doc, g as usize) == "mark")
        })
}

/// The country a nationality word at token `i` names, reading two-word
/// demonyms with the word before or after ("North Korean" is PRK, not the
/// KOR of "Korean"; "Sri Lankan").
fn nation_at<'a>(ctx: &'a Ctx, i: usize) -> Option<&'a CompactString> {
    let doc = ctx.doc;
    let w = doc.token_text(i);
    // every demonym of the table is capitalised: most words are answered here
    let upper = |x: &str| x.chars().next().is_some_and(char::is_uppercase);
    if !upper(w) {
        return None;
    }
    // two words separated by one space are looked up as the text itself,
    // without building a string
    let pair = |a: usize, b: usize| -> std::borrow::Cow<'_, str> {
        let (sa, sb) = (doc.tokens()[a].span, doc.tokens()[b].span);
        if sb.start == sa.end + 1 {
            if let Some(t) = doc
                .text()
                .get(sa.start as usize..sb.end as usize)
                .filter(|t| t.as_bytes().get((sa.end - sa.start) as usize) == Some(&b' '))
            {
                return t.into();
            }
        }
        let mut s = String::with_capacity(24);
        s.push_str(doc.token_text(a));
        s.push(' ');
        s.push_str(doc.token_text(b));
        s.into()
    };
    if i > 0 && upper(doc.token_text(i - 1)) {
        if let Some(c) = ctx.nations.country_of(&pair(i - 1, i)) {
            return Some(c);
        }
    }
    if i + 1 < doc.tokens().len() && upper(doc.token_text(i + 1)) {
        if let Some(c) = ctx.nations.country_of(&pair(i, i + 1)) {
            return Some(c);
        }
    }
    ctx.nations.country_of(w)
}

/// The country named in an argument phrase: a nationality word or a
/// country place among the modifiers of its head (amod, compound, flat,
/// possessor, `in`/`of`/`from` phrases, apposition), nearest first.
fn phrase_country(ctx: &Ctx, tok: usize) -> Option<CompactString> {
    let doc = ctx.doc;
    if tok >= ctx.lemma.len() {
        return None;
    }
    // climb from a name part to the phrase head ("Nigerian minister Dubem Oniya")
    let mut h = tok;
    for _ in 0..3 {
        if !matches!(
            deprel(doc, h),
            "flat" | "flat:name" | "compound" | "appos" | "nmod:poss"
        ) {
            break;
        }
        match head(doc, h) {
            Some(p) if matches!(doc.tags()[p].upos.as_str(), "NOUN" | "PROPN") => h = p,
            _ => break,
        }
    }
    let mut frontier = vec![h];
    for depth in 0..3 {
        let mut next = Vec::new();
        for &x in &frontier {
            if let Some(c) = nation_at(ctx, x) {
                return Some(c.clone());
            }
            if depth > 0 || x != h {
                // an organisation or country actor modifying the phrase
                // ("European Community foreign ministers", "NATO troops")
                let a = ctx.tok_actor[x];
                if a != NONE {
                    let ac = &doc.actors()[a as usize];
                    let prefix = ac
                        .code
                        .as_deref()
                        .and_then(|c| c.get(..3))
                        .or(ac.country.as_deref().and_then(|c| c.get(..3)));
                    if let Some(p) = prefix.filter(|p| ctx.nations.has_country(p)) {
                        return Some(p.into());
                    }
                }
                let p = ctx.tok_place[x];
                if p != NONE {
                    // a bare name modifier must be a country or region
                    // ("Bush administration" is no town); in/from/of phrases
                    // and possessors may be any place ("Cairo's police chief")
                    let pl = &doc.places()[p as usize];
                    // "the southern regional capital Juba": an apposed place is the phrase
                    let loose = matches!(deprel(doc, x), "nmod:poss" | "appos")
                        || (deprel(doc, x) == "nmod"
                            && matches!(case_of(ctx, x), Some("in" | "from" | "of")));
                    if loose
                        || matches!(
                            pl.kind,
                            chronicler_doc::PlaceKind::Country
                                | chronicler_doc::PlaceKind::Division
                                | chronicler_doc::PlaceKind::Region
                        )
                    {
                        if let Some(c) = pl.country.clone() {
                            return Some(c);
                        }
                    }
                }
            }
            for &c in &ctx.children[x] {
                let c = c as usize;
                let ok = match deprel(doc, c) {
                    "amod" | "compound" | "flat" | "flat:name" | "nmod:poss" | "appos"
                    | "nmod:desc" => true,
                    "nmod" => matches!(case_of(ctx, c), Some("in" | "of" | "from")),
                    _ => false,
                };
                if ok {
                    next.push(c);
                }
            }
        }
        if next.is_empty() {
            break;
        }
        frontier = next;
    }
    None
}

/// The place an act is done in, to, from or against: the nearest place in a
/// locative phrase (`in`, `at`, `to`, `near`, `from`, `outside`, ...) of the
/// trigger (or of its object, its complement and their phrases; "near the
/// town of Samarra"), or a city or country object ("shelled Juba"). Subjects are not searched. Returns the place's
/// token and the place.
fn event_place(ctx: &Ctx, t: usize, inner: Option<usize>) -> Option<(usize, EventLocation)> {
    let doc = ctx.doc;
    // (token, reached through a locative phrase: "near the town of Samarra")
    let mut frontier: Vec<(usize, bool)> = vec![(t, false)];
    frontier.extend(inner.map(|i| (i, false)));
    let mut seen: FxHashSet<usize> = frontier.iter().map(|f| f.0).collect();
    for _depth in 0..4 {
        let mut next = Vec::new();
        for &(x, loc) in &frontier {
            for &c in &ctx.children[x] {
                let c = c as usize;
                let r = base_rel(deprel(doc, c));
                let case = case_of(ctx, c);
                let locative = matches!(r, "obl" | "nmod")
                    && matches!(
                        case,
                        Some(
                            "in" | "at"
                                | "to"
                                | "into"
                                | "on"
                                | "against"
                                | "near"
                                | "inside"
                                | "outside"
                                | "from"
                                | "across"
                                | "throughout"
                                | "around"
                                | "within"
                        )
                    );
                let place_edge = locative
                    || (loc && r == "nmod" && case == Some("of"))
                    || (r == "obj" && (x == t || Some(x) == inner));
                if place_edge {
                    if let Some(l) = place_at(ctx, c) {
                        if l.country.is_some() {
                            return Some((c, l));
                        }
                    }
                    // "from the besieged Bosnian town of X", "the north Lebanese port"
                    if locative && matches!(doc.tags()[c].upos.as_str(), "NOUN") {
                        let nat = ctx.children[c].iter().find_map(|&m| {
                            let m = m as usize;
                            matches!(deprel(doc, m), "amod" | "compound")
                                .then(|| nation_at(ctx, m))
                                .flatten()
                        });
                        if let Some(code) = nat {
                            let span = doc.tokens()[c].span;
                            return Some((
                                c,
                                EventLocation {
                                    name: doc.span_text(span).to_string(),
                                    country: Some(code.clone()),
                                    lat: 0.0,
                                    lon: 0.0,
                                    span,
                                },
                            ));
                        }
                    }
                }
                if matches!(r, "obl" | "nmod" | "obj" | "xcomp" | "compound" | "acl")
                    && seen.insert(c)
                {
                    next.push((c, locative || (loc && case == Some("of"))));
                }
            }
        }
        if next.is_empty() {
            break;
        }
        frontier = next;
    }
    None
}

fn where_place(ctx: &Ctx, w: usize) -> Option<EventLocation> {
    for &c in &ctx.children[w] {
        if let Some(l) = place_at(ctx, c as usize) {
            return Some(l);
        }
    }
    // the clause "where" hangs from, then the one above it ("Dalian, located
    // near the border, is where ...")
    let mut h = head(ctx.doc, w)?;
    for _ in 0..2 {
        if let Some(l) = place_at(ctx, h) {
            return Some(l);
        }
        if let Some(l) = ctx.children[h]
            .iter()
            .filter(|&&c| !matches!(deprel(ctx.doc, c as usize), "obl" | "nmod"))
            .find_map(|&c| place_at(ctx, c as usize))
        {
            return Some(l);
        }
        h = head(ctx.doc, h)?;
    }
    None
}

fn time_ok(ctx: &Ctx, x: usize) -> Option<(CompactString, Granularity)> {
    let ti = ctx.tok_time[x];
    if ti == NONE {
        return None;
    }
    let te = &ctx.doc.times()[ti as usize];
    if matches!(te.granularity, Granularity::Duration | Granularity::Set) {
        return None;
    }
    Some((te.value.clone(), te.granularity))
}

fn find_date(ctx: &Ctx, t: usize) -> (Option<CompactString>, Option<Granularity>) {
    let doc = ctx.doc;
    let mut cur = t;
    let mut skip = NONE as usize;
    for _ in 0..4 {
        if let Some(v) = time_ok(ctx, cur) {
            return (Some(v.0), Some(v.1));
        }
        let mut frontier: Vec<usize> = vec![cur];
        for _ in 0..3 {
            let mut next = Vec::new();
            for &x in &frontier {
                for &c in &ctx.children[x] {
                    let c = c as usize;
                    if c == skip || CLAUSE_RELS.contains(&deprel(doc, c)) {
                        continue;
                    }
                    if let Some(v) = time_ok(ctx, c) {
                        return (Some(v.0), Some(v.1));
                    }
                    next.push(c);
                }
            }
            frontier = next;
        }
        let rel = base_rel(deprel(doc, cur));
        let Some(h) = head(doc, cur) else { break };
        if !matches!(
            rel,
            "xcomp" | "advcl" | "conj" | "obj" | "obl" | "nmod" | "nsubj" | "acl"
        ) {
            break;
        }
        skip = cur;
        cur = h;
    }
    match doc.meta.date {
        Some(d) => (
            Some(CompactString::from(d.format("%Y-%m-%d").to_string())),
            Some(Granularity::Document),
        ),
        None => (None, None),
    }
}

impl<'d> Ctx<'d> {
    fn new(
        doc: &'d Document,
        lex: &'d Lexicon,
        nations: &'d Nations,
        cues: &'d Cues,
        agents: &'d AgentNouns,
    ) -> Ctx<'d> {
        let n = doc.tokens().len();
        let lemma: Vec<CompactString> = doc
            .tags()
            .iter()
            .map(|t| {
                if t.lemma.bytes().any(|b| b.is_ascii_uppercase()) {
                    t.lemma.to_lowercase()
                } else {
                    t.lemma.clone()
                }
            })
            .collect();
        let mut children: Vec<Vec<u32>> = vec![Vec::new(); n];
        for (i, d) in doc.parse().iter().enumerate() {
            if let Some(h) = d.head {
                if (h as usize) < n && h as usize != i {
                    children[h as usize].push(i as u32);
                }
            }
        }
        let mut tok_actor = vec![NONE; n];
        let mut tok_actor_named = vec![NONE; n];
        let actors = doc.actors();
        // actors with a code first, so a coded actor wins a shared mention
        let mut order: Vec<usize> = (0..actors.len()).collect();
        order.sort_by_key(|&a| actors[a].code.is_none());
        let mut by_text: rustc_hash::FxHashMap<&str, u32> = rustc_hash::FxHashMap::default();
        for &ai in &order {
            let a = &actors[ai];
            for m in &a.mentions {
                if a.kind == chronicler_doc::ActorKind::Country {
                    by_text.entry(doc.span_text(m.span)).or_insert(ai as u32);
                }
                if let Some(r) = doc.tokens_in(m.span, Align::Expand) {
                    for i in r.range() {
                        if i < n {
                            if tok_actor[i] == NONE {
                                tok_actor[i] = ai as u32;
                            }
                            if m.entity.is_some() && tok_actor_named[i] == NONE {
                                tok_actor_named[i] = ai as u32;
                            }
                        }
                    }
                }
            }
        }
        // other mentions of a name the actors layer took as a government
        let mut extra_spans: Vec<Span> = doc.places().iter().map(|p| p.span).collect();
        extra_spans.extend(doc.entities().iter().map(|e| e.span));
        for sp in extra_spans {
            let Some(&ai) = by_text.get(doc.span_text(sp)) else {
                continue;
            };
            if let Some(r) = doc.tokens_in(sp, Align::Expand) {
                if r.range().all(|i| i < n && tok_actor[i] == NONE) {
                    for i in r.range() {
                        tok_actor[i] = ai;
                        tok_actor_named[i] = ai;
                    }
                }
            }
        }
        // Two subjects of one verb are a parse error on an appositive ("the
        // late leader Kim Jong-il met ..." read as two subjects): the one that
        // names an actor goes first, so every rule taking "the subject" takes it.
        let subj = |c: u32| deprel(doc, c as usize) == "nsubj";
        let named = |c: u32| tok_actor_named[c as usize] != NONE;
        for kids in children.iter_mut() {
            let Some(first) = kids.iter().position(|&c| subj(c)) else {
                continue;
            };
            if named(kids[first]) {
                continue;
            }
            if let Some(k) = (first + 1..kids.len()).find(|&k| subj(kids[k]) && named(kids[k])) {
                kids.swap(first, k);
            }
        }
        let mut tok_place = vec![NONE; n];
        for (pi, p) in doc.places().iter().enumerate() {
            if let Some(r) = doc.tokens_in(p.span, Align::Expand) {
                for i in r.range() {
                    if i < n {
                        tok_place[i] = pi as u32;
                    }
                }
            }
        }
        let mut tok_time = vec![NONE; n];
        for (ti, x) in doc.times().iter().enumerate() {
            if let Some(r) = doc.tokens_in(x.span, Align::Expand) {
                for i in r.range() {
                    if i < n {
                        tok_time[i] = ti as u32;
                    }
                }
            }
        }
        let mut tok_entity = vec![NONE; n];
        for (ei, e) in doc.entities().iter().enumerate() {
            for i in e.tokens.range() {
                if i < n {
                    tok_entity[i] = ei as u32;
                }
            }
        }
        Ctx {
            doc,
            lex,
            nations,
            lemma,
            children,
            tok_actor,
            tok_actor_named,
            tok_place,
            tok_time,
            tok_entity,
            cues,
            sole_country: Default::default(),
            agents,
        }
    }

    /// Whether token `i` is a noun naming people (`agent_nouns.txt`), by
    /// lemma or by the word as written.
    fn is_person_noun(&self, i: usize) -> bool {
        self.lemma.get(i).is_some_and(|l| self.agents.contains(l))
            || self
                .doc
                .tokens()
                .get(i)
                .is_some_and(|t| self.agents.contains(&t.lower(self.doc.text())))
    }

    /// Whether token `i` is a noun of a text or of talk (cues.tsv `text`,
    /// `words`: "statement", "resolution", "ad"), whose author speaks
    /// through it.
    fn is_text_noun(&self, i: usize) -> bool {
        self.doc.tags().get(i).is_some_and(|t| t.upos == "NOUN")
            && matches!(
                self.lemma
                    .get(i)
                    .and_then(|l| self.cues.get(CueWhere::Sense, l)),
                Some(CueKind::Text | CueKind::Words)
            )
    }
}

fn arg_key(a: &Option<EventArg>) -> Option<&str> {
    a.as_ref()
        .map(|x| x.actor.as_deref().unwrap_or(x.name.as_str()))
}

fn dates_compatible(a: &Event, b: &Event) -> bool {
    a.date_granularity == Some(Granularity::Document)
        || b.date_granularity == Some(Granularity::Document)
        || a.date == b.date
}

/// Merges mentions of one event (same type, source, target, compatible date).
fn merge_duplicates(mut events: Vec<Event>) -> Vec<Event> {
    // within a sentence, events with both parties absorb the vaguer ones
    events.sort_by_key(|e| (e.sentence, e.target.is_none(), e.trigger.start));
    let mut out: Vec<Event> = Vec::new();
    let mut sents: Vec<Vec<u32>> = Vec::new();
    for ev in events {
        let same = |o: &Event| {
            o.event == ev.event
                && arg_key(&o.source) == arg_key(&ev.source)
                && dates_compatible(o, &ev)
                && (o.status == ev.status
                    || matches!(
                        (o.status, ev.status),
                        (EventStatus::Asserted, EventStatus::Reported)
                            | (EventStatus::Reported, EventStatus::Asserted)
                    ))
        };
        let vague = |o: &Event| {
            (o.target.is_none() || ev.target.is_none())
                && (o.date == ev.date
                    || o.date_granularity == Some(Granularity::Document)
                    || ev.date_granularity == Some(Granularity::Document))
        };
        let found = out
            .iter()
            .position(|o| same(o) && arg_key(&o.target) == arg_key(&ev.target))
            .or_else(|| {
                out.iter()
                    .zip(&sents)
                    .position(|(o, ss)| same(o) && ss.contains(&ev.sentence) && vague(o))
            })
            .or_else(|| {
                out.iter().position(|o| {
                    same(o)
                        && vague(o)
                        && o.status == EventStatus::Asserted
                        && ev.status == EventStatus::Asserted
                        && (o.target.is_none() && o.date_granularity == Some(Granularity::Document)
                            || ev.target.is_none()
                                && ev.date_granularity == Some(Granularity::Document))
                })
            });
        match found {
            Some(i) => {
                sents[i].push(ev.sentence);
                let o = &mut out[i];
                if o.trigger != ev.trigger && !o.mentions.contains(&ev.trigger) {
                    o.mentions.push(ev.trigger);
                }
                let same_target = arg_key(&o.target) == arg_key(&ev.target);
                if o.target.is_none() && ev.target.is_some() {
                    o.target = ev.target.clone();
                    o.cameo = ev.cameo.clone();
                    o.mode = ev.mode.clone();
                }
                if o.date_granularity == Some(Granularity::Document)
                    && ev.date_granularity != Some(Granularity::Document)
                {
                    o.date = ev.date;
                    o.date_granularity = ev.date_granularity;
                }
                if o.location.is_none() {
                    o.location = ev.location;
                }
                if ev.status == EventStatus::Asserted {
                    o.status = EventStatus::Asserted;
                }
                if o.cameo.as_deref() == Some("040")
                    && ev.cameo.as_deref() != Some("040")
                    && same_target
                {
                    o.cameo = ev.cameo;
                    o.mode = ev.mode;
                }
                for c in ev.context {
                    if !o.context.contains(&c) {
                        o.context.push(c);
                    }
                }
            }
            None => {
                sents.push(vec![ev.sentence]);
                out.push(ev);
            }
        }
    }
    out.sort_by_key(|e| (e.sentence, e.trigger.start));
    // PLOVER: a meeting in the target's country is a visit by the source
    for e in &mut out {
        if e.event != PloverEvent::Consult || e.cameo.as_deref() != Some("040") {
            continue;
        }
        let cc = |a: &Option<EventArg>| -> Option<String> {
            a.as_ref()
                .and_then(|a| a.code.as_deref())
                .map(|c| c.chars().take(3).collect())
        };
        let (sc, tc) = (cc(&e.source), cc(&e.target));
        let lc = e
            .location
            .as_ref()
            .and_then(|l| l.country.as_deref())
            .map(str::to_string);
        if lc.is_some() && lc == tc && sc.is_some() && sc != tc {
            e.cameo = Some("042".into());
            e.mode = Some("visit".into());
        }
    }
    // PLOVER: the host of a visit is its target, and of a planned visit or
    // meeting abroad ("will visit Baghdad next week", AGREE 036)
    for e in &mut out {
        let planned = e.event == PloverEvent::Agree && e.cameo.as_deref() == Some("036");
        if e.target.is_some() || (e.mode.as_deref() != Some("visit") && !planned) {
            continue;
        }
        let Some(loc) = &e.location else { continue };
        let Some(lc) = loc.country.clone() else {
            continue;
        };
        let sc: Option<String> = e
            .source
            .as_ref()
            .and_then(|a| a.code.as_deref())
            .map(|c| c.chars().take(3).collect());
        if sc.as_deref().is_some_and(|s| s != lc.as_str()) {
            e.target = Some(EventArg {
                actor: None,
                name: loc.name.clone(),
                code: Some(lc),
                span: loc.span,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refine_codes_complements() {
        let lex = Lexicon::parse(crate::lexicon::EMBEDDED, "lex").expect("parses");
        let ask = lex
            .candidates("ask")
            .find(|e| e.extra.len() == 1 && e.extra[0] == TO_VERB)
            .expect("ask to+verb");
        let lift = lex
            .candidates("lift")
            .find(|e| e.extra.len() == 1 && e.extra[0] == "sanction")
            .expect("lift sanction");
        assert_eq!(refine(ask.event, lift), Some("1054"));
    }

    #[test]
    fn malformed_layers_do_not_panic() {
        use chronicler_doc::{
            Dependency, Meta, Sentence, SentenceKind, Token, TokenFlags, TokenRange, TokenTags,
        };
        let text = "Police arrested them";
        let mut doc = Document::new(Meta::default(), text.to_string());
        let spans = [(0, 6), (7, 15), (16, 20)];
        let toks: Vec<Token> = spans
            .iter()
            .map(|&(a, b)| Token {
                span: Span::new(a, b),
                flags: TokenFlags::default(),
            })
            .collect();
        let sent = Sentence {
            span: Span::new(0, 20),
            tokens: TokenRange::new(0, 3),
            kind: SentenceKind::Body,
            paragraph: 0,
        };
        doc.set_segmentation(vec![sent], toks)
            .expect("valid segmentation");
        let tag = |u: &str, l: &str| TokenTags {
            upos: u.into(),
            xpos: "".into(),
            lemma: l.into(),
        };
        doc.set_tags(vec![
            tag("NOUN", "police"),
            tag("VERB", "arrest"),
            tag("PRON", "they"),
        ])
        .expect("tags");
        // heads out of range and a cycle
        let dep = |h: Option<u32>, r: &str| Dependency {
            head: h,
            deprel: r.into(),
        };
        doc.set_parse(vec![
            dep(Some(1), "nsubj"),
            dep(Some(99), "root"),
            dep(Some(2), "obj"),
        ])
        .expect("parse");
        let coder = EventCoder::new();
        let _ = coder.annotate(&doc);
    }

    /// A one-sentence document from (word, upos, xpos, lemma, head, deprel)
    /// rows; words are separated by single spaces.
    /// (word, upos, xpos, lemma, head, deprel)
    type Row<'a> = (&'a str, &'a str, &'a str, &'a str, Option<u32>, &'a str);

    fn hand_doc(rows: &[Row]) -> Document {
        use chronicler_doc::{
            Dependency, Meta, Sentence, SentenceKind, Token, TokenFlags, TokenRange, TokenTags,
        };
        let mut text = String::new();
        let mut toks = Vec::new();
        for (w, ..) in rows {
            if !text.is_empty() {
                text.push(' ');
            }
            toks.push(Token {
                span: Span::new(text.len(), text.len() + w.len()),
                flags: TokenFlags::default(),
            });
            text.push_str(w);
        }
        let n = text.len();
        let mut doc = Document::new(Meta::default(), text);
        let sent = Sentence {
            span: Span::new(0, n),
            tokens: TokenRange::new(0, rows.len()),
            kind: SentenceKind::Body,
            paragraph: 0,
        };
        doc.set_segmentation(vec![sent], toks)
            .expect("valid segmentation");
        doc.set_tags(
            rows.iter()
                .map(|r| TokenTags {
                    upos: r.1.into(),
                    xpos: r.2.into(),
                    lemma: r.3.into(),
                })
                .collect(),
        )
        .expect("tags");
        doc.set_parse(
            rows.iter()
                .map(|r| Dependency {
                    head: r.4,
                    deprel: r.5.into(),
                })
                .collect(),
        )
        .expect("parse");
        doc
    }

    #[test]
    fn nationality_words_give_the_country() {
        // "Indian police arrested students ."
        let doc = hand_doc(&[
            ("Indian", "ADJ", "JJ", "Indian", Some(1), "amod"),
            ("police", "NOUN", "NN", "police", Some(2), "nsubj"),
            ("arrested", "VERB", "VBD", "arrest", None, "root"),
            ("Kenyan", "ADJ", "JJ", "Kenyan", Some(4), "amod"),
            ("students", "NOUN", "NNS", "student", Some(2), "obj"),
            (".", "PUNCT", ".", ".", Some(2), "punct"),
        ]);
        let evs = EventCoder::new().annotate(&doc);
        let e = evs.first().expect("an arrest");
        assert_eq!(e.event, PloverEvent::Coerce);
        let code = |a: &Option<EventArg>| a.as_ref().and_then(|a| a.code.clone());
        assert_eq!(code(&e.source).as_deref(), Some("IND"));
        assert_eq!(code(&e.target).as_deref(), Some("KEN"));
    }

    #[test]
    fn two_word_demonyms() {
        // "North Korean troops fired shells ."
        let doc = hand_doc(&[
            ("North", "PROPN", "NNP", "North", Some(1), "compound"),
            ("Korean", "ADJ", "JJ", "Korean", Some(2), "amod"),
            ("troops", "NOUN", "NNS", "troop", Some(3), "nsubj"),
            ("fired", "VERB", "VBD", "fire", None, "root"),
            ("shells", "NOUN", "NNS", "shell", Some(3), "obj"),
        ]);
        let coder = EventCoder::new();
        let ctx = Ctx::new(&doc, &coder.lex, &coder.nations, &coder.cues, &coder.agents);
        assert_eq!(nation_at(&ctx, 1).map(|c| c.as_str()), Some("PRK"));
        assert_eq!(nation_at(&ctx, 0).map(|c| c.as_str()), Some("PRK"));
        assert_eq!(phrase_country(&ctx, 2).as_deref(), Some("PRK"));
    }

    #[test]
    fn finite_verb_parsed_as_modifier_keeps_its_subject() {
        // "the extradited suspect": a real participle modifier
        let doc = hand_doc(&[
            ("the", "DET", "DT", "the", Some(2), "det"),
            ("extradited", "VERB", "VBN", "extradite", Some(2), "amod"),
            ("suspect", "NOUN", "NN", "suspect", None, "root"),
        ]);
        let coder = EventCoder::new();
        assert_eq!(
            misparsed_finite(
                &Ctx::new(&doc, &coder.lex, &coder.nations, &coder.cues, &coder.agents),
                1
            ),
            None
        );
        // with the subject outside the phrase it modifies
        let doc = hand_doc(&[
            ("Norway", "PROPN", "NNP", "Norway", Some(3), "nsubj"),
            ("extradited", "VERB", "VBD", "extradite", Some(2), "amod"),
            ("suspect", "NOUN", "NN", "suspect", None, "root"),
            ("to", "ADP", "IN", "to", Some(4), "case"),
            ("Chile", "PROPN", "NNP", "Chile", Some(2), "nmod"),
        ]);
        let evs = coder.annotate(&doc);
        let e = evs.first().expect("an extradition");
        assert_eq!(e.event, PloverEvent::Cooperate);
        assert_eq!(e.source.as_ref().map(|a| a.name.as_str()), Some("Norway"));
    }

    #[test]
    fn subjectless_verb_takes_the_noun_phrase_before_it() {
        // "Police in Lagos arrested students", the subject misattached
        let doc = hand_doc(&[
            ("Police", "NOUN", "NNS", "police", Some(3), "obl:unmarked"),
            ("in", "ADP", "IN", "in", Some(2), "case"),
            ("Lagos", "PROPN", "NNP", "Lagos", Some(0), "nmod"),
            ("arrested", "VERB", "VBD", "arrest", None, "root"),
            ("students", "NOUN", "NNS", "student", Some(3), "obj"),
        ]);
        let coder = EventCoder::new();
        let ctx = Ctx::new(&doc, &coder.lex, &coder.nations, &coder.cues, &coder.agents);
        assert_eq!(left_subject(&ctx, 3), Some(0));
        let evs = coder.annotate(&doc);
        let e = evs.first().expect("an arrest");
        assert_eq!(e.event, PloverEvent::Coerce);
        assert_eq!(e.source.as_ref().map(|a| a.name.as_str()), Some("Police"));
    }

    #[test]
    fn must_clause_is_a_demand() {
        // "Officials said China must drop barriers ."
        let doc = hand_doc(&[
            ("Officials", "NOUN", "NNS", "official", Some(1), "nsubj"),
            ("said", "VERB", "VBD", "say", None, "root"),
            ("China", "PROPN", "NNP", "China", Some(4), "nsubj"),
            ("must", "AUX", "MD", "must", Some(4), "aux"),
            ("drop", "VERB", "VB", "drop", Some(1), "ccomp"),
            ("barriers", "NOUN", "NNS", "barrier", Some(4), "obj"),
            (".", "PUNCT", ".", ".", Some(1), "punct"),
        ]);
        let evs = EventCoder::new().annotate(&doc);
        let e = evs.first().expect("a demand");
        assert_eq!(e.event, PloverEvent::Request);
        assert_eq!(
            e.source.as_ref().map(|a| a.name.as_str()),
            Some("Officials")
        );
        assert_eq!(e.target.as_ref().map(|a| a.name.as_str()), Some("China"));
    }

    #[test]
    fn a_predicate_hands_its_clause_to_its_subject() {
        // "Rebels were guilty of attacking villagers ." (guilty parsed as a noun)
        let doc = hand_doc(&[
            ("Rebels", "NOUN", "NNS", "rebel", Some(2), "nsubj"),
            ("were", "AUX", "VBD", "be", Some(2), "cop"),
            ("guilty", "NOUN", "NN", "guilty", None, "root"),
            ("of", "SCONJ", "IN", "of", Some(4), "mark"),
            ("attacking", "VERB", "VBG", "attack", Some(2), "acl"),
            ("villagers", "NOUN", "NNS", "villager", Some(4), "obj"),
            (".", "PUNCT", ".", ".", Some(2), "punct"),
        ]);
        let evs = EventCoder::new().annotate(&doc);
        assert_eq!(evs.len(), 1, "{evs:?}");
        let src = evs[0].source.as_ref().map(|a| a.name.as_str());
        assert_eq!(src, Some("Rebels"));
    }

    #[test]
    fn a_participle_describing_a_noun_is_no_act() {
        // "Lee won more pledged delegates ."
        let doc = hand_doc(&[
            ("Lee", "PROPN", "NNP", "Lee", Some(1), "nsubj"),
            ("won", "VERB", "VBD", "win", None, "root"),
            ("more", "ADJ", "JJR", "more", Some(4), "amod"),
            ("pledged", "VERB", "VBN", "pledge", Some(4), "amod"),
            ("delegates", "NOUN", "NNS", "delegate", Some(1), "obj"),
            (".", "PUNCT", ".", ".", Some(1), "punct"),
        ]);
        let evs = EventCoder::new().annotate(&doc);
        assert!(
            !evs.iter().any(|e| e.event == PloverEvent::Agree),
            "{evs:?}"
        );
    }

    #[test]
    fn a_conjunct_hung_on_a_name_part_is_a_source() {
        // "Lee Ann and Kim criticized senators ." with "Kim" a conjunct of the
        // name part "Ann"
        let doc = hand_doc(&[
            ("Lee", "PROPN", "NNP", "Lee", Some(4), "nsubj"),
            ("Ann", "PROPN", "NNP", "Ann", Some(0), "flat"),
            ("and", "CCONJ", "CC", "and", Some(3), "cc"),
            ("Kim", "PROPN", "NNP", "Kim", Some(1), "conj"),
            ("criticized", "VERB", "VBD", "criticize", None, "root"),
            ("senators", "NOUN", "NNS", "senator", Some(4), "obj"),
            (".", "PUNCT", ".", ".", Some(4), "punct"),
        ]);
        let evs = EventCoder::new().annotate(&doc);
        let sources: Vec<&str> = evs
            .iter()
            .filter_map(|e| e.source.as_ref().map(|a| a.name.as_str()))
            .collect();
        assert!(sources.contains(&"Kim"), "{evs:?}");
    }

    #[test]
    fn a_text_speaks_for_its_author_and_a_condemned_attack_is_an_attack() {
        // "Senators approved a resolution criticizing governors ."
        let doc = hand_doc(&[
            ("Senators", "NOUN", "NNS", "senator", Some(1), "nsubj"),
            ("approved", "VERB", "VBD", "approve", None, "root"),
            ("a", "DET", "DT", "a", Some(3), "det"),
            ("resolution", "NOUN", "NN", "resolution", Some(1), "obj"),
            ("criticizing", "VERB", "VBG", "criticize", Some(3), "acl"),
            ("governors", "NOUN", "NNS", "governor", Some(4), "obj"),
            (".", "PUNCT", ".", ".", Some(1), "punct"),
        ]);
        let evs = EventCoder::new().annotate(&doc);
        let accuse = first_of(&evs, PloverEvent::Accuse);
        assert_eq!(
            accuse.source.as_ref().map(|a| a.name.as_str()),
            Some("Senators")
        );
        // "Senators blamed rebels for the attack on governors in a statement ."
        let doc = hand_doc(&[
            ("Senators", "NOUN", "NNS", "senator", Some(1), "nsubj"),
            ("blamed", "VERB", "VBD", "blame", None, "root"),
            ("rebels", "NOUN", "NNS", "rebel", Some(1), "obj"),
            ("for", "ADP", "IN", "for", Some(5), "case"),
            ("the", "DET", "DT", "the", Some(5), "det"),
            ("attack", "NOUN", "NN", "attack", Some(1), "obl"),
            ("on", "ADP", "IN", "on", Some(7), "case"),
            ("governors", "NOUN", "NNS", "governor", Some(5), "nmod"),
            ("in", "ADP", "IN", "in", Some(10), "case"),
            ("a", "DET", "DT", "a", Some(10), "det"),
            ("statement", "NOUN", "NN", "statement", Some(1), "obl"),
            (".", "PUNCT", ".", ".", Some(1), "punct"),
        ]);
        let evs = EventCoder::new().annotate(&doc);
        assert!(
            evs.iter().any(|e| e.event == PloverEvent::Assault),
            "{evs:?}"
        );
    }

    #[test]
    fn condemned_violence_is_an_event_of_its_own() {
        // "Senators condemned the attack on villagers ."
        let doc = hand_doc(&[
            ("Senators", "NOUN", "NNS", "senator", Some(1), "nsubj"),
            ("condemned", "VERB", "VBD", "condemn", None, "root"),
            ("the", "DET", "DT", "the", Some(3), "det"),
            ("attack", "NOUN", "NN", "attack", Some(1), "obj"),
            ("on", "ADP", "IN", "on", Some(5), "case"),
            ("villagers", "NOUN", "NNS", "villager", Some(3), "nmod"),
            (".", "PUNCT", ".", ".", Some(1), "punct"),
        ]);
        let types: Vec<PloverEvent> = EventCoder::new()
            .annotate(&doc)
            .iter()
            .map(|e| e.event)
            .collect();
        assert!(types.contains(&PloverEvent::Accuse), "{types:?}");
        assert!(types.contains(&PloverEvent::Assault), "{types:?}");
    }

    #[test]
    fn a_source_is_someone() {
        let criticized = |subj: &'static str, lemma: &'static str| {
            hand_doc(&[
                ("The", "DET", "DT", "the", Some(1), "det"),
                (subj, "NOUN", "NNS", lemma, Some(2), "nsubj"),
                ("criticized", "VERB", "VBD", "criticize", None, "root"),
                ("farmers", "NOUN", "NNS", "farmer", Some(2), "obj"),
                (".", "PUNCT", ".", ".", Some(2), "punct"),
            ])
        };
        let coder = EventCoder::new();
        let types = |d: &Document| -> Vec<PloverEvent> {
            coder.annotate(d).iter().map(|e| e.event).collect()
        };
        assert_eq!(types(&criticized("donors", "donor")), [PloverEvent::Accuse]);
        assert_eq!(types(&criticized("plans", "plan")), []);
    }

    #[test]
    fn a_released_text_is_no_release_and_a_call_needs_someone_called() {
        let released = |obj: &'static str, lemma: &'static str| {
            hand_doc(&[
                ("Rebels", "NOUN", "NNS", "rebel", Some(1), "nsubj"),
                ("released", "VERB", "VBD", "release", None, "root"),
                ("a", "DET", "DT", "a", Some(3), "det"),
                (obj, "NOUN", "NN", lemma, Some(1), "obj"),
                (".", "PUNCT", ".", ".", Some(1), "punct"),
            ])
        };
        let coder = EventCoder::new();
        let types = |d: &Document| -> Vec<PloverEvent> {
            coder.annotate(d).iter().map(|e| e.event).collect()
        };
        assert_eq!(types(&released("statement", "statement")), []);
        assert_eq!(types(&released("video", "video")), []);
        assert_eq!(
            types(&released("prisoner", "prisoner")),
            [PloverEvent::Retreat]
        );
        // "Senators called the idea a mistake ." names; it calls nobody
        let named = hand_doc(&[
            ("Senators", "NOUN", "NNS", "senator", Some(1), "nsubj"),
            ("called", "VERB", "VBD", "call", None, "root"),
            ("the", "DET", "DT", "the", Some(3), "det"),
            ("idea", "NOUN", "NN", "idea", Some(1), "obj"),
            ("a", "DET", "DT", "a", Some(5), "det"),
            ("mistake", "NOUN", "NN", "mistake", Some(1), "xcomp"),
            (".", "PUNCT", ".", ".", Some(1), "punct"),
        ]);
        assert_eq!(types(&named), []);
    }

    #[test]
    fn figurative_attacks_are_criticism_and_figurative_wins_no_event() {
        // "Senators attacked governors in the debate ."
        let row = |w, u, x, l, h, r| (w, u, x, l, h, r);
        let attack = |noun: &'static str, lemma: &'static str| {
            hand_doc(&[
                row("Senators", "NOUN", "NNS", "senator", Some(1), "nsubj"),
                row("attacked", "VERB", "VBD", "attack", None, "root"),
                row("governors", "NOUN", "NNS", "governor", Some(1), "obj"),
                row("in", "ADP", "IN", "in", Some(5), "case"),
                row("the", "DET", "DT", "the", Some(5), "det"),
                row(noun, "NOUN", "NN", lemma, Some(1), "obl"),
                row(".", "PUNCT", ".", ".", Some(1), "punct"),
            ])
        };
        let coder = EventCoder::new();
        let types = |d: &Document| -> Vec<PloverEvent> {
            coder.annotate(d).iter().map(|e| e.event).collect()
        };
        // words and no force: criticism
        assert_eq!(types(&attack("debate", "debate")), [PloverEvent::Accuse]);
        let evs = coder.annotate(&attack("debate", "debate"));
        assert_eq!(evs[0].cameo.as_deref(), Some("111"));
        assert!(evs[0].context.is_empty(), "{:?}", evs[0].context);
        // force: an attack
        assert_eq!(
            types(&attack("airstrikes", "airstrike")),
            [PloverEvent::Assault]
        );
        // neither: as the lexicon says
        assert_eq!(types(&attack("valley", "valley")), [PloverEvent::Assault]);
        // "Senators beat governors in the primary ." is no event
        let beat = hand_doc(&[
            row("Senators", "NOUN", "NNS", "senator", Some(1), "nsubj"),
            row("beat", "VERB", "VBD", "beat", None, "root"),
            row("governors", "NOUN", "NNS", "governor", Some(1), "obj"),
            row("in", "ADP", "IN", "in", Some(5), "case"),
            row("the", "DET", "DT", "the", Some(5), "det"),
            row("primary", "NOUN", "NN", "primary", Some(1), "obl"),
            row(".", "PUNCT", ".", ".", Some(1), "punct"),
        ]);
        assert_eq!(types(&beat), []);
    }

    #[test]
    fn spoken_protest_is_an_accusation() {
        // "Lawyers protested that police beat prisoners ."
        let doc = hand_doc(&[
            ("Lawyers", "NOUN", "NNS", "lawyer", Some(1), "nsubj"),
            ("protested", "VERB", "VBD", "protest", None, "root"),
            ("that", "SCONJ", "IN", "that", Some(4), "mark"),
            ("police", "NOUN", "NN", "police", Some(4), "nsubj"),
            ("beat", "VERB", "VBD", "beat", Some(1), "ccomp"),
            ("prisoners", "NOUN", "NNS", "prisoner", Some(4), "obj"),
            (".", "PUNCT", ".", ".", Some(1), "punct"),
        ]);
        let evs = EventCoder::new().annotate(&doc);
        assert!(evs
            .iter()
            .any(|e| e.event == PloverEvent::Accuse && e.trigger.start == 8));
        assert!(!evs.iter().any(|e| e.event == PloverEvent::Protest));
    }

    #[test]
    fn protest_without_recipient_targets_home_government() {
        // "Egyptian students demonstrated ."
        let doc = hand_doc(&[
            ("Egyptian", "ADJ", "JJ", "Egyptian", Some(1), "amod"),
            ("students", "NOUN", "NNS", "student", Some(2), "nsubj"),
            ("demonstrated", "VERB", "VBD", "demonstrate", None, "root"),
            (".", "PUNCT", ".", ".", Some(2), "punct"),
        ]);
        let evs = EventCoder::new().annotate(&doc);
        let e = evs.first().expect("a demonstration");
        assert_eq!(e.event, PloverEvent::Protest);
        let t = e.target.as_ref().expect("implicit recipient");
        assert_eq!(t.code.as_deref(), Some("EGYGOV"));
        assert!(t.span.is_empty());
    }

    #[test]
    fn dates_pad_to_days() {
        assert_eq!(pad_date("2018"), "2018-06-30");
        assert_eq!(pad_date("2018-03"), "2018-03-15");
        assert_eq!(pad_date("2018-06/2018-07"), "2018-06-15");
    }

    fn code_of(a: &Option<EventArg>) -> Option<String> {
        a.as_ref()
            .and_then(|a| a.code.as_deref().map(str::to_string))
    }

    fn first_of(evs: &[Event], t: PloverEvent) -> &Event {
        evs.iter()
            .find(|e| e.event == t)
            .unwrap_or_else(|| panic!("no {t:?} event in {evs:?}"))
    }

    #[test]
    fn recipient_in_the_complement() {
        // "Chilean officials agreed to reopen the border to Peruvian traders ."
        let doc = hand_doc(&[
            ("Chilean", "ADJ", "JJ", "Chilean", Some(1), "amod"),
            ("officials", "NOUN", "NNS", "official", Some(2), "nsubj"),
            ("agreed", "VERB", "VBD", "agree", None, "root"),
            ("to", "PART", "TO", "to", Some(4), "mark"),
            ("reopen", "VERB", "VB", "reopen", Some(2), "xcomp"),
            ("the", "DET", "DT", "the", Some(6), "det"),
            ("border", "NOUN", "NN", "border", Some(4), "obj"),
            ("to", "ADP", "IN", "to", Some(9), "case"),
            ("Peruvian", "ADJ", "JJ", "Peruvian", Some(9), "amod"),
            ("traders", "NOUN", "NNS", "trader", Some(4), "obl"),
            (".", "PUNCT", ".", ".", Some(2), "punct"),
        ]);
        let evs = EventCoder::new().annotate(&doc);
        let e = first_of(&evs, PloverEvent::Agree);
        assert_eq!(code_of(&e.source).as_deref(), Some("CHL"));
        assert_eq!(code_of(&e.target).as_deref(), Some("PER"));
    }

    #[test]
    fn that_clause_subject_when_the_parse_lost_the_clause() {
        // "Kenyan students demanded that the Ugandan government release
        // prisoners .", "release" tagged a noun and the clause flattened
        let doc = hand_doc(&[
            ("Kenyan", "ADJ", "JJ", "Kenyan", Some(1), "amod"),
            ("students", "NOUN", "NNS", "student", Some(2), "nsubj"),
            ("demanded", "VERB", "VBD", "demand", None, "root"),
            ("that", "SCONJ", "IN", "that", Some(2), "obj"),
            ("the", "DET", "DT", "the", Some(8), "det"),
            ("Ugandan", "ADJ", "JJ", "Ugandan", Some(8), "amod"),
            (
                "government",
                "NOUN",
                "NN",
                "government",
                Some(7),
                "compound",
            ),
            ("release", "NOUN", "NN", "release", Some(8), "compound"),
            ("prisoners", "NOUN", "NNS", "prisoner", Some(3), "obj"),
            (".", "PUNCT", ".", ".", Some(2), "punct"),
        ]);
        let evs = EventCoder::new().annotate(&doc);
        let e = first_of(&evs, PloverEvent::Request);
        assert_eq!(code_of(&e.source).as_deref(), Some("KEN"));
        assert_eq!(code_of(&e.target).as_deref(), Some("UGA"));
    }

    #[test]
    fn ethnic_groups_take_the_country_they_live_in() {
        // "Serbian police arrested ethnic Albanians in Macedonia ."
        let mut doc = hand_doc(&[
            ("Serbian", "ADJ", "JJ", "Serbian", Some(1), "amod"),
            ("police", "NOUN", "NN", "police", Some(2), "nsubj"),
            ("arrested", "VERB", "VBD", "arrest", None, "root"),
            ("ethnic", "ADJ", "JJ", "ethnic", Some(4), "amod"),
            ("Albanians", "PROPN", "NNPS", "Albanian", Some(2), "obj"),
            ("in", "ADP", "IN", "in", Some(6), "case"),
            ("Macedonia", "PROPN", "NNP", "Macedonia", Some(4), "nmod"),
            (".", "PUNCT", ".", ".", Some(2), "punct"),
        ]);
        let span = doc.tokens()[6].span;
        doc.set_places(vec![chronicler_doc::Place {
            span,
            name: "North Macedonia".into(),
            country: Some("MKD".into()),
            lat: 41.6,
            lon: 21.7,
            kind: chronicler_doc::PlaceKind::Country,
            geonames_id: None,
        }])
        .expect("places");
        let evs = EventCoder::new().annotate(&doc);
        let e = first_of(&evs, PloverEvent::Coerce);
        assert_eq!(code_of(&e.source).as_deref(), Some("SRB"));
        assert_eq!(code_of(&e.target).as_deref(), Some("MKD"));
    }

    #[test]
    fn nationality_adjective_on_a_demonym_names_the_state() {
        // "Bosnian Serbs attacked villages ."
        let doc = hand_doc(&[
            ("Bosnian", "ADJ", "JJ", "Bosnian", Some(1), "amod"),
            ("Serbs", "PROPN", "NNPS", "Serb", Some(2), "nsubj"),
            ("attacked", "VERB", "VBD", "attack", None, "root"),
            ("villages", "NOUN", "NNS", "village", Some(2), "obj"),
            (".", "PUNCT", ".", ".", Some(2), "punct"),
        ]);
        let evs = EventCoder::new().annotate(&doc);
        let e = first_of(&evs, PloverEvent::Assault);
        assert_eq!(code_of(&e.source).as_deref(), Some("BIH"));
    }

    #[test]
    fn role_only_actor_takes_the_sentence_country() {
        // "Judge Okello accused Ugandan officials of fraud ."
        let doc = hand_doc(&[
            ("Judge", "PROPN", "NNP", "Judge", Some(1), "nmod:desc"),
            ("Okello", "PROPN", "NNP", "Okello", Some(2), "nsubj"),
            ("accused", "VERB", "VBD", "accuse", None, "root"),
            ("Ugandan", "ADJ", "JJ", "Ugandan", Some(4), "amod"),
            ("officials", "NOUN", "NNS", "official", Some(2), "obj"),
            ("of", "ADP", "IN", "of", Some(6), "case"),
            ("fraud", "NOUN", "NN", "fraud", Some(2), "obl"),
            (".", "PUNCT", ".", ".", Some(2), "punct"),
        ]);
        let evs = EventCoder::new().annotate(&doc);
        let e = first_of(&evs, PloverEvent::Accuse);
        assert_eq!(code_of(&e.source).as_deref(), Some("UGA"));
        assert_eq!(code_of(&e.target).as_deref(), Some("UGA"));
        // two countries named: no guess
        let doc = hand_doc(&[
            ("Judge", "PROPN", "NNP", "Judge", Some(1), "nmod:desc"),
            ("Okello", "PROPN", "NNP", "Okello", Some(2), "nsubj"),
            ("accused", "VERB", "VBD", "accuse", None, "root"),
            ("Ugandan", "ADJ", "JJ", "Ugandan", Some(6), "amod"),
            ("and", "CCONJ", "CC", "and", Some(5), "cc"),
            ("Kenyan", "ADJ", "JJ", "Kenyan", Some(3), "conj"),
            ("officials", "NOUN", "NNS", "official", Some(2), "obj"),
            (".", "PUNCT", ".", ".", Some(2), "punct"),
        ]);
        let evs = EventCoder::new().annotate(&doc);
        let e = first_of(&evs, PloverEvent::Accuse);
        assert_eq!(code_of(&e.source), None);
    }

    #[test]
    fn relation_noun_stands_for_its_partner() {
        // "Ghana suspended its ties with Togolese authorities ."
        let doc = hand_doc(&[
            ("Ghana", "PROPN", "NNP", "Ghana", Some(1), "nsubj"),
            ("suspended", "VERB", "VBD", "suspend", None, "root"),
            ("its", "PRON", "PRP$", "its", Some(3), "nmod:poss"),
            ("ties", "NOUN", "NNS", "tie", Some(1), "obj"),
            ("with", "ADP", "IN", "with", Some(6), "case"),
            ("Togolese", "ADJ", "JJ", "Togolese", Some(6), "amod"),
            ("authorities", "NOUN", "NNS", "authority", Some(3), "nmod"),
            (".", "PUNCT", ".", ".", Some(1), "punct"),
        ]);
        let evs = EventCoder::new().annotate(&doc);
        let e = first_of(&evs, PloverEvent::Sanction);
        assert_eq!(code_of(&e.target).as_deref(), Some("TGO"));
    }

    #[test]
    fn protest_aims_at_the_party_of_its_purpose() {
        // "Workers staged a strike to protest the Kenyan government 's plan ."
        let doc = hand_doc(&[
            ("Workers", "NOUN", "NNS", "worker", Some(1), "nsubj"),
            ("staged", "VERB", "VBD", "stage", None, "root"),
            ("a", "DET", "DT", "a", Some(3), "det"),
            ("strike", "NOUN", "NN", "strike", Some(1), "obj"),
            ("to", "PART", "TO", "to", Some(5), "mark"),
            ("protest", "VERB", "VB", "protest", Some(1), "advcl"),
            ("the", "DET", "DT", "the", Some(8), "det"),
            ("Kenyan", "ADJ", "JJ", "Kenyan", Some(8), "amod"),
            (
                "government",
                "NOUN",
                "NN",
                "government",
                Some(10),
                "nmod:poss",
            ),
            ("'s", "PART", "POS", "'s", Some(8), "case"),
            ("plan", "NOUN", "NN", "plan", Some(5), "obj"),
            (".", "PUNCT", ".", ".", Some(1), "punct"),
        ]);
        let evs = EventCoder::new().annotate(&doc);
        let e = first_of(&evs, PloverEvent::Protest);
        assert_eq!(code_of(&e.target).as_deref(), Some("KEN"));
    }

    #[test]
    fn by_phrase_after_the_object_names_its_author() {
        // "Chad rejected calls by Libyan leaders for talks ."
        let doc = hand_doc(&[
            ("Chad", "PROPN", "NNP", "Chad", Some(1), "nsubj"),
            ("rejected", "VERB", "VBD", "reject", None, "root"),
            ("calls", "NOUN", "NNS", "call", Some(1), "obj"),
            ("by", "ADP", "IN", "by", Some(5), "case"),
            ("Libyan", "ADJ", "JJ", "Libyan", Some(5), "amod"),
            ("leaders", "NOUN", "NNS", "leader", Some(1), "obl"),
            ("for", "ADP", "IN", "for", Some(7), "case"),
            ("talks", "NOUN", "NNS", "talk", Some(5), "nmod"),
            (".", "PUNCT", ".", ".", Some(1), "punct"),
        ]);
        let evs = EventCoder::new().annotate(&doc);
        let e = first_of(&evs, PloverEvent::Reject);
        assert_eq!(code_of(&e.target).as_deref(), Some("LBY"));
    }

    #[test]
    fn conditional_threat_aims_at_the_condition_subject() {
        // "Iran threatened to close the border unless Iraqi leaders agree ."
        let doc = hand_doc(&[
            ("Iran", "PROPN", "NNP", "Iran", Some(1), "nsubj"),
            ("threatened", "VERB", "VBD", "threaten", None, "root"),
            ("to", "PART", "TO", "to", Some(3), "mark"),
            ("close", "VERB", "VB", "close", Some(1), "xcomp"),
            ("the", "DET", "DT", "the", Some(5), "det"),
            ("border", "NOUN", "NN", "border", Some(3), "obj"),
            ("unless", "SCONJ", "IN", "unless", Some(9), "mark"),
            ("Iraqi", "ADJ", "JJ", "Iraqi", Some(8), "amod"),
            ("leaders", "NOUN", "NNS", "leader", Some(9), "nsubj"),
            ("agree", "VERB", "VBP", "agree", Some(3), "advcl"),
            (".", "PUNCT", ".", ".", Some(1), "punct"),
        ]);
        let evs = EventCoder::new().annotate(&doc);
        let e = first_of(&evs, PloverEvent::Threaten);
        assert_eq!(code_of(&e.target).as_deref(), Some("IRQ"));
    }

    #[test]
    fn unless_makes_a_stated_act_a_threat_and_if_does_not() {
        // "Ghana said it will withdraw its troops unless Togo holds elections ."
        // (the condition hung on "said", as parsers often do)
        let doc = hand_doc(&[
            ("Ghana", "PROPN", "NNP", "Ghana", Some(1), "nsubj"),
            ("said", "VERB", "VBD", "say", None, "root"),
            ("it", "PRON", "PRP", "it", Some(4), "nsubj"),
            ("will", "AUX", "MD", "will", Some(4), "aux"),
            ("withdraw", "VERB", "VB", "withdraw", Some(1), "ccomp"),
            ("its", "PRON", "PRP$", "its", Some(6), "nmod:poss"),
            ("troops", "NOUN", "NNS", "troop", Some(4), "obj"),
            ("unless", "SCONJ", "IN", "unless", Some(9), "mark"),
            ("Togo", "PROPN", "NNP", "Togo", Some(9), "nsubj"),
            ("holds", "VERB", "VBZ", "hold", Some(1), "advcl"),
            ("elections", "NOUN", "NNS", "election", Some(9), "obj"),
            (".", "PUNCT", ".", ".", Some(1), "punct"),
        ]);
        let evs = EventCoder::new().annotate(&doc);
        let e = first_of(&evs, PloverEvent::Threaten);
        assert_eq!(e.cameo.as_deref(), Some("130"));
        assert_eq!(e.status, EventStatus::Asserted);
        // "Ghana will withdraw its troops if Togo holds elections ." is a
        // conditional promise: no threat
        let doc = hand_doc(&[
            ("Ghana", "PROPN", "NNP", "Ghana", Some(2), "nsubj"),
            ("will", "AUX", "MD", "will", Some(2), "aux"),
            ("withdraw", "VERB", "VB", "withdraw", None, "root"),
            ("its", "PRON", "PRP$", "its", Some(4), "nmod:poss"),
            ("troops", "NOUN", "NNS", "troop", Some(2), "obj"),
            ("if", "SCONJ", "IN", "if", Some(7), "mark"),
            ("Togo", "PROPN", "NNP", "Togo", Some(7), "nsubj"),
            ("holds", "VERB", "VBZ", "hold", Some(2), "advcl"),
            ("elections", "NOUN", "NNS", "election", Some(7), "obj"),
            (".", "PUNCT", ".", ".", Some(2), "punct"),
        ]);
        let evs = EventCoder::new().annotate(&doc);
        assert!(
            !evs.iter().any(|e| e.event == PloverEvent::Threaten),
            "{evs:?}"
        );
        assert!(!evs.is_empty());
    }

    #[test]
    fn of_two_subjects_the_named_actor_is_the_subject() {
        // "The minister Kim Soo came to meet the envoy ." with the appositive
        // split into two subjects of "came", as parsers sometimes do
        let mut doc = hand_doc(&[
            ("The", "DET", "DT", "the", Some(1), "det"),
            ("minister", "NOUN", "NN", "minister", Some(4), "nsubj"),
            ("Kim", "PROPN", "NNP", "Kim", Some(4), "nsubj"),
            ("Soo", "PROPN", "NNP", "Soo", Some(2), "flat"),
            ("came", "VERB", "VBD", "come", None, "root"),
            ("to", "PART", "TO", "to", Some(6), "mark"),
            ("meet", "VERB", "VB", "meet", Some(4), "xcomp"),
            ("the", "DET", "DT", "the", Some(8), "det"),
            ("envoy", "NOUN", "NN", "envoy", Some(6), "obj"),
            (".", "PUNCT", ".", ".", Some(4), "punct"),
        ]);
        let name = Span {
            start: doc.tokens()[2].span.start,
            end: doc.tokens()[3].span.end,
        };
        doc.set_entities(vec![chronicler_doc::Entity {
            tokens: chronicler_doc::TokenRange::new(2, 4),
            span: name,
            label: chronicler_doc::EntityLabel::Per,
        }])
        .expect("entities");
        let kim = chronicler_doc::Actor {
            id: "kim-soo".into(),
            name: "Kim Soo".into(),
            code: Some("KORGOV".into()),
            country: Some("KOR".into()),
            sector: None,
            kind: chronicler_doc::ActorKind::Person,
            description: None,
            codes: Vec::new(),
            mentions: vec![chronicler_doc::ActorMention {
                span: name,
                entity: Some(0),
            }],
        };
        doc.set_actors(vec![kim]).expect("actors");
        let evs = EventCoder::new().annotate(&doc);
        let e = first_of(&evs, PloverEvent::Consult);
        assert_eq!(
            e.source.as_ref().and_then(|a| a.actor.as_deref()),
            Some("kim-soo"),
            "{evs:?}"
        );
    }

    #[test]
    fn the_country_stands_for_the_country_named_before() {
        // "After talks with Togo , Ghana criticised the country 's army ."
        let mut doc = hand_doc(&[
            ("After", "ADP", "IN", "after", Some(1), "case"),
            ("talks", "NOUN", "NNS", "talk", Some(6), "obl"),
            ("with", "ADP", "IN", "with", Some(3), "case"),
            ("Togo", "PROPN", "NNP", "Togo", Some(1), "nmod"),
            (",", "PUNCT", ",", ",", Some(6), "punct"),
            ("Ghana", "PROPN", "NNP", "Ghana", Some(6), "nsubj"),
            ("criticised", "VERB", "VBD", "criticise", None, "root"),
            ("the", "DET", "DT", "the", Some(8), "det"),
            ("country", "NOUN", "NN", "country", Some(10), "nmod:poss"),
            ("'s", "PART", "POS", "'s", Some(8), "case"),
            ("army", "NOUN", "NN", "army", Some(6), "obj"),
            (".", "PUNCT", ".", ".", Some(6), "punct"),
        ]);
        let country = |doc: &Document, i: usize, code: &str| chronicler_doc::Actor {
            id: format!("country-{}", code.to_lowercase()).into(),
            name: doc.token_text(i).to_string(),
            code: Some(code.into()),
            country: Some(code.into()),
            sector: None,
            kind: chronicler_doc::ActorKind::Country,
            description: None,
            codes: Vec::new(),
            mentions: vec![chronicler_doc::ActorMention {
                span: doc.tokens()[i].span,
                entity: None,
            }],
        };
        let actors = vec![country(&doc, 3, "TGO"), country(&doc, 5, "GHA")];
        doc.set_actors(actors).expect("actors");
        let evs = EventCoder::new().annotate(&doc);
        let e = first_of(&evs, PloverEvent::Accuse);
        assert_eq!(code_of(&e.source).as_deref(), Some("GHA"));
        assert_eq!(code_of(&e.target).as_deref(), Some("TGO"));
        assert_eq!(
            e.target.as_ref().map(|a| doc.span_text(a.span)),
            Some("the country")
        );
    }

    #[test]
    fn the_government_is_the_one_of_the_country_named_before() {
        // "Rebels in Mali attacked a base and the government ordered a curfew ."
        let mut doc = hand_doc(&[
            ("Rebels", "NOUN", "NNS", "rebel", Some(3), "nsubj"),
            ("in", "ADP", "IN", "in", Some(2), "case"),
            ("Mali", "PROPN", "NNP", "Mali", Some(0), "nmod"),
            ("attacked", "VERB", "VBD", "attack", None, "root"),
            ("a", "DET", "DT", "a", Some(5), "det"),
            ("base", "NOUN", "NN", "base", Some(3), "obj"),
            ("and", "CCONJ", "CC", "and", Some(9), "cc"),
            ("the", "DET", "DT", "the", Some(8), "det"),
            ("government", "NOUN", "NN", "government", Some(9), "nsubj"),
            ("condemned", "VERB", "VBD", "condemn", Some(3), "conj"),
            ("Ghanaian", "ADJ", "JJ", "Ghanaian", Some(11), "amod"),
            ("smugglers", "NOUN", "NNS", "smuggler", Some(9), "obj"),
            (".", "PUNCT", ".", ".", Some(3), "punct"),
        ]);
        let gov = chronicler_doc::Actor {
            id: "government".into(),
            name: "government".into(),
            code: Some("GOV".into()),
            country: None,
            sector: Some("GOV".into()),
            kind: chronicler_doc::ActorKind::Group,
            description: None,
            codes: Vec::new(),
            mentions: vec![chronicler_doc::ActorMention {
                span: doc.tokens()[8].span,
                entity: None,
            }],
        };
        let mali = chronicler_doc::Actor {
            id: "country-mli".into(),
            name: "Mali".into(),
            code: Some("MLI".into()),
            country: Some("MLI".into()),
            sector: None,
            kind: chronicler_doc::ActorKind::Country,
            description: None,
            codes: Vec::new(),
            mentions: vec![chronicler_doc::ActorMention {
                span: doc.tokens()[2].span,
                entity: None,
            }],
        };
        doc.set_actors(vec![mali, gov]).expect("actors");
        let evs = EventCoder::new().annotate(&doc);
        let e = first_of(&evs, PloverEvent::Accuse);
        assert_eq!(code_of(&e.source).as_deref(), Some("MLIGOV"));
        assert_eq!(code_of(&e.target).as_deref(), Some("GHA"));
    }
}
