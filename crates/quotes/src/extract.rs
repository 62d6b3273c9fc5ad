//! The extraction proper: direct quotes from the paired marks, indirect
//! quotes from cue verbs with a complement clause, mixed quotes, and the
//! speaker of each.

use crate::cues::{CueKind, CueLexicon};
use crate::marks::{find_marked, word_count, Marked};
use chronicler_doc::{
    Actor, ActorKind, Align, Dependency, Document, EntityLabel, Quote, QuoteKind, Span, Speaker,
    Token, TokenTags,
};
use std::borrow::Cow;

/// Longest noun phrase taken as a speaker, in tokens.
const MAX_NP: usize = 12;
/// Most tokens looked at on either side of a cue or quote mark.
const MAX_WINDOW: usize = 150;
/// Longest appositive between commas, in tokens.
const MAX_APPOS: usize = 30;

const PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "i", "you"];
/// Titles that are part of a name, never a description.
const HONORIFICS: &[&str] = &[
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "dame", "madam", "mme", "m.",
    "prof", "prof.",
];
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "some", "many", "several", "most", "other", "these", "those", "this", "that",
    "his", "her", "their", "its", "our", "two", "three", "few", "both", "all", "one",
];
/// Speech acts reported with an infinitive ("urged X to", "vowed to").
const INFINITIVE_CUES: &[&str] = &[
    "urge", "ask", "tell", "vow", "promise", "pledge", "warn", "remind",
];
/// Verbs taking an addressee object before the reported clause.
const ADDRESSEE_CUES: &[&str] = &[
    "tell", "inform", "assure", "remind", "warn", "ask", "urge", "promise",
];

/// A speaker noun phrase found in the text.
#[derive(Debug, Clone, Copy)]
struct Np {
    /// Tokens of the whole phrase (premodifiers included, appositive excluded).
    start: usize,
    end: usize,
    /// Appositive tokens, if any.
    appos: Option<(usize, usize)>,
    /// A relative pronoun standing for the phrase ("who said"): the mention.
    rel: Option<usize>,
}

/// Where a quote's speaker was found.
#[derive(Debug, Clone)]
struct Attribution {
    cue: Option<usize>,
    speaker: Option<Speaker>,
}

/// Per-document view of the layers.
pub(crate) struct Ctx<'a> {
    doc: &'a Document,
    text: &'a str,
    toks: &'a [Token],
    tags: Option<&'a [TokenTags]>,
    deps: Option<&'a [Dependency]>,
    lex: &'a CueLexicon,
    /// Actor mentions `(span, actor index)` sorted by start.
    mentions: Vec<(Span, usize)>,
    /// Sentence index per token.
    sent_of: Vec<u32>,
    /// Token index → (cue kind, lemma) for cue verbs.
    cues: Vec<Option<(CueKind, &'a str)>>,
    /// Paragraph start offsets (sorted).
    para_starts: Vec<usize>,
    /// Token lies in a PER or ORG entity, or is a capitalised word the
    /// tagger did not know what to do with.
    name_tok: Vec<bool>,
}

const FUNCTION_WORDS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "it", "he", "she", "they", "we", "i",
    "you", "in", "on", "at", "for", "but", "and", "or", "so", "if", "when", "while", "as", "after",
    "before", "then", "there", "here", "what", "who", "why", "how", "of", "to", "by", "with",
    "from", "his", "her", "their", "our", "its", "my", "your", "not", "no", "yes", "still", "now",
];

impl<'a> Ctx<'a> {
    pub(crate) fn new(doc: &'a Document, lex: &'a CueLexicon) -> Ctx<'a> {
        let toks = doc.tokens();
        let tags = (doc.tags().len() == toks.len() && !toks.is_empty()).then(|| doc.tags());
        let deps = (doc.parse().len() == toks.len() && !toks.is_empty()).then(|| doc.parse());
        let mut mentions: Vec<(Span, usize)> = doc
            .actors()
            .iter()
            .enumerate()
            .flat_map(|(i, a)| a.mentions.iter().map(move |m| (m.span, i)))
            .collect();
        mentions.sort_by_key(|m| (m.0.start, m.0.end));
        let mut sent_of = vec![u32::MAX; toks.len()];
        for (si, s) in doc.sentences().iter().enumerate() {
            for i in s.tokens.range() {
                if let Some(x) = sent_of.get_mut(i) {
                    *x = si as u32;
                }
            }
        }
        let para_starts = crate::marks::paragraphs(doc.text())
            .iter()
            .map(|p| p.0)
            .collect();
        let mut ctx = Ctx {
            doc,
            text: doc.text(),
            toks,
            tags,
            deps,
            lex,
            mentions,
            sent_of,
            cues: Vec::new(),
            para_starts,
            name_tok: vec![false; toks.len()],
        };
        for e in doc.entities() {
            if matches!(e.label, EntityLabel::Per | EntityLabel::Org) {
                for i in e.tokens.range() {
                    if let Some(x) = ctx.name_tok.get_mut(i) {
                        *x = true;
                    }
                }
            }
        }
        for i in 0..toks.len() {
            let odd_tag = ctx
                .upos(i)
                .is_some_and(|u| matches!(u, "ADP" | "X" | "INTJ" | "SYM"));
            if odd_tag
                && ctx.is_title(i)
                && !FUNCTION_WORDS.contains(&ctx.lower(i).as_ref())
                && ctx.tok(i).chars().all(|c| c.is_alphabetic() || c == '-')
            {
                ctx.name_tok[i] = true;
            }
        }
        ctx.cues = (0..toks.len()).map(|i| ctx.cue_at(i)).collect();
        ctx
    }

    fn tok(&self, i: usize) -> &'a str {
        self.toks
            .get(i)
            .and_then(|t| t.span.get(self.text))
            .unwrap_or("")
    }

    fn lower(&self, i: usize) -> Cow<'a, str> {
        chronicler_doc::lowercase(self.tok(i))
    }

    fn is(&self, i: usize, w: &str) -> bool {
        self.tok(i).eq_ignore_ascii_case(w)
    }

    fn upos(&self, i: usize) -> Option<&'a str> {
        self.tags.and_then(|t| t.get(i)).map(|t| t.upos.as_str())
    }

    fn xpos(&self, i: usize) -> Option<&'a str> {
        self.tags.and_then(|t| t.get(i)).map(|t| t.xpos.as_str())
    }

    fn is_punct(&self, i: usize) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| t.flags.has(chronicler_doc::TokenFlags::PUNCT))
    }

    /// A double quotation mark token (single quotes and apostrophes are not).
    fn is_quote_mark(&self, i: usize) -> bool {
        let w = self.tok(i);
        !w.is_empty()
            && w.chars()
                .all(|c| matches!(c, '"' | '“' | '”' | '«' | '»' | '„' | '`'))
            || w == "''"
    }

    fn is_title(&self, i: usize) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| t.flags.has(chronicler_doc::TokenFlags::TITLE))
    }

    /// A verb form (finite or not). Without tags: unknown, so `false`.
    fn is_verb(&self, i: usize) -> bool {
        match self.upos(i) {
            Some(u) => u == "VERB" || u == "AUX",
            None => self.cues.get(i).is_some_and(Option::is_some),
        }
    }

    fn is_finite_verb(&self, i: usize) -> bool {
        match self.xpos(i) {
            Some(x) => matches!(x, "VBD" | "VBZ" | "VBP" | "MD"),
            None => false,
        }
    }

    fn cue_at(&self, i: usize) -> Option<(CueKind, &'a str)> {
        let lower = self.lower(i);
        if let Some(tags) = self.tags {
            let t = tags.get(i)?;
            let verbal = t.upos == "VERB" || t.xpos.starts_with("VB");
            if !verbal {
                // The tagger sometimes reads "predicts", "says" as nouns: take
                // an inflected cue form followed by "that" or a subject
                // pronoun, or right after a comma or a closing mark.
                let e = self.lex.by_form(&lower)?;
                if lower.as_ref() == e.lemma.as_str()
                    || !matches!(t.upos.as_str(), "NOUN" | "PROPN" | "ADJ")
                {
                    return None;
                }
                let next = self.lower(i + 1);
                let prev = if i > 0 { self.tok(i - 1) } else { "" };
                let ok = matches!(next.as_ref(), "he" | "she" | "they" | "it" | "we" | "i")
                    || prev == ","
                    || (matches!(prev, "and" | "but") && next.as_ref() == "that")
                    || (i > 0 && self.is_quote_mark(i - 1));
                return ok.then_some((e.kind, e.lemma.as_str()));
            }
            let e = self
                .lex
                .by_lemma(&chronicler_doc::lowercase(&t.lemma))
                .or_else(|| self.lex.by_form(&lower))?;
            return Some((e.kind, e.lemma.as_str()));
        }
        self.lex.by_form(&lower).map(|e| (e.kind, e.lemma.as_str()))
    }

    /// The sentence holding token `i`, capped to `MAX_WINDOW` tokens on
    /// either side (run-on "sentences" must not make extraction quadratic).
    fn sentence_bounds(&self, i: usize) -> (usize, usize) {
        let (a, b) = self.sentence_bounds_raw(i);
        (
            a.max(i.saturating_sub(MAX_WINDOW)),
            b.min(i + MAX_WINDOW).max(a),
        )
    }

    fn sentence_bounds_raw(&self, i: usize) -> (usize, usize) {
        match self.sent_of.get(i).copied() {
            Some(s) if s != u32::MAX => self
                .doc
                .sentences()
                .get(s as usize)
                .map_or((i, i + 1), |s| {
                    (s.tokens.start as usize, s.tokens.end as usize)
                }),
            _ => (i, i + 1),
        }
    }

    fn paragraph_of(&self, byte: usize) -> usize {
        self.para_starts
            .partition_point(|&p| p <= byte)
            .saturating_sub(1)
    }

    fn span_of(&self, a: usize, b: usize) -> Option<Span> {
        if a >= b || b > self.toks.len() {
            return None;
        }
        Some(self.toks[a].span.cover(self.toks[b - 1].span))
    }

    /// First token starting at or after byte `pos`.
    fn tok_at_or_after(&self, pos: usize) -> usize {
        self.toks.partition_point(|t| (t.span.start as usize) < pos)
    }

    // ------------------------------------------------------ noun phrases --

    fn is_pronoun(&self, i: usize) -> bool {
        PRONOUNS.contains(&self.lower(i).as_ref())
    }

    /// Can token `i` be part of a speaker noun phrase?
    /// `b` moved back over the punctuation before it (quote marks stay),
    /// not below `lo`.
    fn trim_punct(&self, lo: usize, mut b: usize) -> usize {
        while b > lo && self.is_punct(b - 1) && !self.is_quote_mark(b - 1) {
            b -= 1;
        }
        b
    }

    /// Whether the words `[a, b)` (at most three) can describe the name
    /// that follows them ("party spokesman", "former senator"): noun-phrase
    /// words, or content words the tagger took for verbs ("party").
    fn describes(&self, a: usize, b: usize) -> bool {
        b >= a
            && b - a <= 3
            && (a..b).all(|x| {
                self.np_word(x)
                    || (self.tok(x).chars().all(char::is_lowercase)
                        && self.cues.get(x).is_some_and(Option::is_none)
                        && matches!(self.upos(x), Some("VERB" | "NOUN" | "ADJ")))
            })
    }

    fn np_word(&self, i: usize) -> bool {
        let w = self.tok(i);
        if w.is_empty() {
            return false;
        }
        if self.name_tok.get(i).copied().unwrap_or(false) {
            return true;
        }
        match self.upos(i) {
            Some(u) => {
                matches!(u, "PROPN" | "NOUN" | "ADJ" | "NUM" | "DET")
                    || self.xpos(i) == Some("POS")
                    || self.xpos(i) == Some("PRP$")
                    || (u == "PUNCT" && (w == "-" || w == "."))
            }
            None => {
                self.is_title(i)
                    || DETERMINERS.contains(&self.lower(i).as_ref())
                    || (w.chars().all(char::is_alphabetic)
                        && self.cues.get(i).is_some_and(Option::is_none))
            }
        }
    }

    /// Noun phrase ending just before token `end`, not reaching before `lo`.
    fn np_left(&self, end: usize, lo: usize) -> Option<Np> {
        if end <= lo || end == 0 {
            return None;
        }
        let last = end - 1;
        if self.is_pronoun(last) {
            return Some(Np {
                start: last,
                end,
                appos: None,
                rel: None,
            });
        }
        let mut a = end;
        while a > lo && end - a < MAX_NP {
            let j = a - 1;
            if self.np_word(j) || (self.is(j, "of") && a < end) {
                a = j;
            } else {
                break;
            }
        }
        // Do not start on "of" or a possessive.
        while a < end && (self.is(a, "of") || self.xpos(a) == Some("POS")) {
            a += 1;
        }
        if a >= end || !self.has_nominal(a, end) || self.is_temporal(end - 1) {
            return None;
        }
        Some(Np {
            start: a,
            end,
            appos: None,
            rel: None,
        })
    }

    /// Noun phrase starting at token `start`, not reaching `hi`.
    fn np_right(&self, start: usize, hi: usize) -> Option<Np> {
        if start >= hi {
            return None;
        }
        if self.is_pronoun(start) {
            let l = self.lower(start);
            if l == "it" || l == "that" {
                return None;
            }
            return Some(Np {
                start,
                end: start + 1,
                appos: None,
                rel: None,
            });
        }
        let mut b = start;
        while b < hi && b - start < MAX_NP && (self.np_word(b) || (self.is(b, "of") && b > start)) {
            // a determiner after a noun starts another phrase ("told
            // Reuters the talks would resume")
            if b > start
                && self.upos(b) == Some("DET")
                && matches!(self.upos(b - 1), Some("NOUN" | "PROPN" | "NUM"))
            {
                break;
            }
            b += 1;
        }
        while b > start && (self.is(b - 1, "of") || self.is_punct(b - 1)) {
            b -= 1;
        }
        if b <= start || !self.has_nominal(start, b) || self.is_temporal(b - 1) {
            return None;
        }
        let mut np = Np {
            start,
            end: b,
            appos: None,
            rel: None,
        };
        // ", a professor at X," after a name.
        if self.is(b, ",") && self.has_name(start, b) {
            if let Some((x, y)) = self.appositive_after(b + 1, hi) {
                np.appos = Some((x, y));
            }
        }
        Some(np)
    }

    /// A day, month or other time word: never a speaker.
    fn is_temporal(&self, i: usize) -> bool {
        matches!(
            self.lower(i).as_ref(),
            "monday"
                | "tuesday"
                | "wednesday"
                | "thursday"
                | "friday"
                | "saturday"
                | "sunday"
                | "today"
                | "yesterday"
                | "tonight"
                | "tomorrow"
                | "week"
                | "weekend"
                | "month"
                | "year"
                | "morning"
                | "afternoon"
                | "evening"
                | "night"
                | "january"
                | "february"
                | "march"
                | "april"
                | "may"
                | "june"
                | "july"
                | "august"
                | "september"
                | "october"
                | "november"
                | "december"
                | "earlier"
                | "later"
        )
    }

    fn has_nominal(&self, a: usize, b: usize) -> bool {
        (a..b).any(|i| self.name_tok.get(i).copied().unwrap_or(false))
            || (a..b).any(|i| match self.upos(i) {
                Some(u) => matches!(u, "PROPN" | "NOUN" | "PRON" | "NUM"),
                None => self.tok(i).chars().any(char::is_alphabetic),
            })
    }

    fn has_name(&self, a: usize, b: usize) -> bool {
        (a..b).any(|i| self.name_tok.get(i).copied().unwrap_or(false))
            || (a..b).any(|i| match self.upos(i) {
                Some(u) => u == "PROPN",
                None => self.is_title(i),
            })
    }

    /// An appositive starting at `a`: runs to the next comma (or the end of
    /// the clause) without a finite verb.
    fn appositive_after(&self, a: usize, hi: usize) -> Option<(usize, usize)> {
        let mut j = a;
        while j < hi && j - a < MAX_APPOS {
            let w = self.tok(j);
            if w == "," || w == "." || w == ";" || w == ":" || self.is_quote_mark(j) {
                break;
            }
            if self.is_finite_verb(j) || self.cues.get(j).is_some_and(Option::is_some) {
                return None;
            }
            j += 1;
        }
        if j == a || j - a >= MAX_APPOS {
            return None;
        }
        // An appositive opens with a determiner, adjective or noun.
        let first = self.lower(a);
        let ok = match self.upos(a) {
            Some(u) => matches!(u, "DET" | "ADJ" | "NOUN" | "PROPN" | "NUM") || first == "former",
            None => true,
        };
        ok.then_some((a, j))
    }

    /// The subject of cue `c`: the noun phrase before it (skipping adverbs
    /// and auxiliaries), with an appositive between commas if there is one.
    fn subject_before(&self, c: usize, lo: usize) -> Option<Np> {
        let mut end = c;
        let mut skipped = 0;
        while end > lo && skipped < 3 {
            let j = end - 1;
            let skip = match (self.upos(j), self.xpos(j)) {
                (Some("ADV"), _) | (Some("AUX"), _) | (_, Some("MD")) | (Some("PART"), _) => {
                    !self.is(j, "'s")
                }
                (None, None) => matches!(
                    self.lower(j).as_ref(),
                    "also"
                        | "later"
                        | "then"
                        | "has"
                        | "had"
                        | "have"
                        | "would"
                        | "will"
                        | "did"
                        | "does"
                        | "not"
                ),
                _ => false,
            };
            if !skip {
                break;
            }
            end = j;
            skipped += 1;
        }
        if end <= lo {
            return None;
        }
        if self.is(end - 1, ",") {
            // Name, appositive, cue. The appositive may hold commas of its
            // own ("a salesman from Sumter, South Carolina,"): try each
            // earlier comma until the phrase before it starts a clause.
            let close = end - 1;
            let mut k = close;
            let mut commas = 0;
            while k > lo && close - k < MAX_APPOS && commas < 4 {
                k -= 1;
                if self.is_finite_verb(k) || self.is_quote_mark(k) {
                    return None;
                }
                if !self.is(k, ",") || k + 1 >= close {
                    continue;
                }
                commas += 1;
                let Some(np) = self.np_left(k, lo) else {
                    continue;
                };
                let starts_clause = np.start == lo
                    || matches!(
                        self.tok(np.start - 1),
                        "," | ":" | ";" | "—" | "–" | "and" | "but" | "And" | "But"
                    )
                    || self.is_quote_mark(np.start - 1);
                if starts_clause && (self.has_name(np.start, np.end) || self.is_pronoun(np.start)) {
                    return Some(Np {
                        appos: Some((k + 1, close)),
                        ..np
                    });
                }
            }
            return None;
        }
        let np = self.np_left(end, lo)?;
        // "an official who requested anonymity to discuss the case said":
        // a noun phrase right after a verb or "to" is that verb's object,
        // inside a clause describing the subject; the parse knows the
        // subject
        if np.start > lo
            && matches!(
                self.xpos(np.start - 1),
                Some("VB" | "VBD" | "VBZ" | "VBP" | "TO")
            )
        {
            if let Some(p) = self.subject_from_parse(c).filter(|p| p.start < np.start) {
                // the subject without its describing clause
                let end = (p.start + 1..np.start)
                    .find(|&k| {
                        self.is_finite_verb(k)
                            || matches!(self.lower(k).as_ref(), "who" | "that" | "which" | ",")
                    })
                    .unwrap_or(np.end);
                return Some(Np {
                    end,
                    appos: None,
                    ..p
                });
            }
            // without the parse's help: the person a "who" clause before
            // it describes ("a spokesman who was not authorized to speak to
            // reporters said")
            if let Some(w) = (lo + 1..np.start).rev().find(|&k| self.is(k, "who")) {
                let e = if self.is(w - 1, ",") { w - 1 } else { w };
                if let Some(p) = self.np_left(e, lo).filter(|p| p.start == lo) {
                    return Some(p);
                }
            }
        }
        Some(np)
    }

    /// The subject of cue `c` from the parse (`nsubj` child); a relative
    /// pronoun ("voters who say") gives way to its antecedent.
    fn subject_from_parse(&self, c: usize) -> Option<Np> {
        let np = self.subject_from_parse_raw(c)?;
        if np.end - np.start == 1
            && matches!(self.lower(np.start).as_ref(), "who" | "which" | "that")
        {
            let (s0, _) = self.sentence_bounds(c);
            let mut e = np.start;
            if e > s0 && self.is(e - 1, ",") {
                e -= 1;
            }
            return self.np_left(e, s0).map(|n| Np {
                rel: Some(np.start),
                ..n
            });
        }
        Some(np)
    }

    fn subject_from_parse_raw(&self, c: usize) -> Option<Np> {
        let deps = self.deps?;
        let (s0, s1) = self.sentence_bounds(c);
        let h = (s0..s1).find(|&i| {
            deps.get(i)
                .is_some_and(|d| d.head == Some(c as u32) && d.deprel.starts_with("nsubj"))
        })?;
        // Subtree of h, minus an appositive child.
        let mut lo = h;
        let mut hi = h + 1;
        let mut appos = None;
        for i in s0..s1 {
            if self.dominated_by(i, h, s0, s1) {
                lo = lo.min(i);
                hi = hi.max(i + 1);
            }
        }
        for (i, d) in deps.iter().enumerate().take(s1).skip(s0) {
            if d.head == Some(h as u32) && d.deprel == "appos" {
                let (mut a, mut b) = (i, i + 1);
                for j in s0..s1 {
                    if self.dominated_by(j, i, s0, s1) {
                        a = a.min(j);
                        b = b.max(j + 1);
                    }
                }
                if a > h {
                    appos = Some((a, b));
                    hi = hi.min(a);
                }
            }
        }
        while hi > lo + 1 && self.is_punct(hi - 1) {
            hi -= 1;
        }
        if hi > c || hi - lo > MAX_NP + MAX_APPOS {
            return None;
        }
        Some(Np {
            start: lo,
            end: hi,
            appos,
            rel: None,
        })
    }

    /// The subject of the clause governing cue `c` ("He ducked, saying
    /// that ..."; "X called on Y and said ..."): up the parse through
    /// conjuncts and adverbial clauses to a verb with a subject; without a
    /// parse, the noun phrase opening the sentence when a verb follows it.
    fn governing_subject(&self, c: usize) -> Option<Np> {
        let (s0, _) = self.sentence_bounds(c);
        if let Some(deps) = self.deps {
            let mut cur = c;
            for _ in 0..4 {
                let d = deps.get(cur)?;
                let rel = d.deprel.as_str();
                if !(rel.starts_with("conj")
                    || rel.starts_with("advcl")
                    || rel == "xcomp"
                    || rel == "dep")
                {
                    return None;
                }
                let h = d.head? as usize;
                if h < s0 || h >= c {
                    return None;
                }
                if let Some(np) = self.subject_from_parse(h) {
                    return Some(np);
                }
                cur = h;
            }
            return None;
        }
        let np = self.np_left_from(s0, c)?;
        (np.end < c && self.is_verb(np.end)).then_some(np)
    }

    /// The last actor mention (not a country or place) between the sentence
    /// start and cue `c`: the speaker when no subject could be found
    /// ("Mr. Rubio, who ..., later said").
    fn nearest_mention_before(&self, c: usize, s0: usize) -> Option<Np> {
        let lo = self.toks.get(s0)?.span.start;
        let hi = self.toks.get(c)?.span.start;
        let actors = self.doc.actors();
        let k = self.mentions.partition_point(|m| m.0.start < lo);
        let (span, _) = self.mentions[k..]
            .iter()
            .take_while(|m| m.0.end <= hi)
            .filter(|m| actors[m.1].kind != ActorKind::Country)
            .last()?;
        let r = self.doc.tokens_in(*span, Align::Contract)?;
        Some(Np {
            start: r.start as usize,
            end: r.end as usize,
            appos: None,
            rel: None,
        })
    }

    /// Noun phrase starting at `a` (a capitalised run, a pronoun, or a
    /// determiner with nouns), for parse-less fallbacks.
    fn np_left_from(&self, a: usize, hi: usize) -> Option<Np> {
        self.np_right(a, hi)
    }

    fn dominated_by(&self, mut i: usize, h: usize, s0: usize, s1: usize) -> bool {
        let Some(deps) = self.deps else { return false };
        for _ in 0..32 {
            if i == h {
                return true;
            }
            match deps.get(i).and_then(|d| d.head) {
                Some(x) if (x as usize) >= s0 && (x as usize) < s1 => i = x as usize,
                _ => return false,
            }
        }
        false
    }

    // ---------------------------------------------------------- speakers --

    fn actor_in(&self, span: Span) -> Option<(Span, &'a Actor)> {
        let actors = self.doc.actors();
        let k = self.mentions.partition_point(|m| m.0.end <= span.start);
        let mut best: Option<(Span, usize, u8)> = None;
        for &(ms, ai) in &self.mentions[k..] {
            if ms.start >= span.end {
                break;
            }
            if !ms.overlaps(span) {
                continue;
            }
            let rank = match actors[ai].kind {
                ActorKind::Person => 3,
                ActorKind::Organization => 2,
                ActorKind::Group => 1,
                ActorKind::Country => 0,
            };
            let better = match best {
                None => true,
                Some((bs, _, br)) => rank > br || (rank == br && ms.end >= bs.end),
            };
            if better {
                best = Some((ms, ai, rank));
            }
        }
        let (s, ai, _) = best?;
        let a = &actors[ai];
        // A lone surname coded as something else than the person who bears
        // it ("Okafor" taken for an organisation): the person.
        if a.kind != ActorKind::Person && !a.name.contains(' ') {
            let suffix = format!(" {}", a.name);
            if let Some(p) = actors
                .iter()
                .find(|p| p.kind == ActorKind::Person && p.name.ends_with(&suffix))
            {
                return Some((s, p));
            }
        }
        Some((s, a))
    }

    fn text_of(&self, a: usize, b: usize) -> Option<&'a str> {
        self.span_of(a, b).and_then(|s| s.get(self.text))
    }

    /// Longest PER entity (earlier ones first) containing the word `w`.
    fn fullest_person_name(&self, w: &str, before: usize) -> Option<String> {
        let mut best: Option<&str> = None;
        for pass in 0..2 {
            for e in self.doc.entities() {
                if e.label != EntityLabel::Per || (pass == 0 && e.span.start() > before) {
                    continue;
                }
                let t = e.span.get(self.text).unwrap_or("");
                if t.split_whitespace().any(|x| x == w) && best.is_none_or(|b| t.len() > b.len()) {
                    best = Some(t);
                }
            }
            if best.is_some() {
                break;
            }
        }
        {
            // An earlier capitalised run ending in the word
            // ("Hanna Okafor" ... "Okafor").
            let end_tok = self.tok_at_or_after(before).min(self.toks.len());
            for i in end_tok.saturating_sub(4000)..end_tok {
                if self.tok(i) != w {
                    continue;
                }
                let mut a = i;
                while a > 0
                    && self.is_title(a - 1)
                    && !FUNCTION_WORDS.contains(&self.lower(a - 1).as_ref())
                    && self
                        .tok(a - 1)
                        .chars()
                        .all(|c| c.is_alphabetic() || c == '-' || c == '.')
                    && self.sent_of.get(a - 1) == self.sent_of.get(i)
                {
                    a -= 1;
                }
                if a < i {
                    if let Some(t) = self.text_of(a, i + 1) {
                        if best.is_none_or(|b| t.len() > b.len()) {
                            best = Some(t);
                        }
                    }
                }
            }
        }
        best.map(str::to_string)
    }

    /// The actor's name, widened to an earlier fuller name when the actors
    /// layer kept a lone surname.
    fn actor_name(&self, actor: &Actor, before: usize) -> String {
        if actor.kind == ActorKind::Person && !actor.name.contains(' ') {
            if let Some(full) = self.fullest_person_name(&actor.name, before) {
                if full.len() > actor.name.len() {
                    return full;
                }
            }
        }
        actor.name.clone()
    }

    /// Builds the speaker of a noun phrase.
    fn speaker_of(&self, np: Np, prev: Option<&Speaker>) -> Option<Speaker> {
        let rel = np.rel.and_then(|r| self.span_of(r, r + 1));
        let mut sp = self.speaker_of_np(np, prev)?;
        if rel.is_some() {
            sp.mention = rel;
        }
        Some(sp)
    }

    fn speaker_of_np(&self, np: Np, prev: Option<&Speaker>) -> Option<Speaker> {
        let span = self.span_of(np.start, np.end)?;
        let appos = np
            .appos
            .and_then(|(a, b)| self.text_of(a, b))
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty());
        if np.end - np.start == 1 && self.is_pronoun(np.start) {
            let l = self.lower(np.start);
            if let Some((_, actor)) = self.actor_in(span) {
                return Some(Speaker {
                    name: self.actor_name(actor, span.start()),
                    actor: Some(actor.id.clone()),
                    description: appos.or_else(|| actor.description.clone()),
                    mention: Some(span),
                });
            }
            // "he" and "she" stand for a person, never for an organisation
            // quoted before them.
            let fits = |p: &Speaker| {
                l == "they"
                    || p.actor.as_ref().is_none_or(|id| {
                        self.doc
                            .actors()
                            .iter()
                            .find(|a| a.id == *id)
                            .is_none_or(|a| {
                                !matches!(a.kind, ActorKind::Organization | ActorKind::Country)
                            })
                    })
            };
            if matches!(l.as_ref(), "he" | "she" | "they") {
                if let Some(p) = prev.filter(|p| fits(p)) {
                    return Some(Speaker {
                        mention: Some(span),
                        ..p.clone()
                    });
                }
            }
            return Some(Speaker {
                name: self.tok(np.start).to_string(),
                actor: None,
                description: appos,
                mention: Some(span),
            });
        }
        if let Some((ms, actor)) = self.actor_in(span) {
            let mention = ms.start.max(span.start)..ms.end.min(span.end);
            let mention = Span::new(mention.start as usize, mention.end as usize);
            let premod = self
                .text_of(np.start, self.tok_at_or_after(mention.start()))
                .map(|s| s.trim().trim_end_matches(',').trim())
                .filter(|s| {
                    let l = s.to_lowercase();
                    !s.is_empty()
                        && !DETERMINERS.contains(&l.as_str())
                        && !HONORIFICS.contains(&l.as_str())
                })
                .map(|s| {
                    let l = s.to_lowercase();
                    let s = if l.starts_with("the ") { &s[4..] } else { s };
                    s.to_string()
                });
            // "Bernie Sanders' campaign", "aides to Clinton": the phrase, not
            // the person named inside it, is the speaker.
            let head_common = self.upos(np.end - 1) == Some("NOUN");
            if actor.kind == ActorKind::Group || (head_common && mention.end < span.end) {
                return Some(Speaker {
                    name: span.get(self.text).unwrap_or("").to_string(),
                    actor: (actor.kind == ActorKind::Group).then(|| actor.id.clone()),
                    description: appos,
                    mention: Some(span),
                });
            }
            return Some(Speaker {
                name: self.actor_name(actor, span.start()),
                actor: Some(actor.id.clone()),
                description: appos.or(premod).or_else(|| actor.description.clone()),
                mention: Some(mention),
            });
        }
        // No actor: the trailing proper name, widened to the fullest name.
        let name_word = |i: usize| {
            self.upos(i) == Some("PROPN")
                || self.name_tok.get(i).copied().unwrap_or(false)
                || (self.tags.is_none() && self.is_title(i))
        };
        let mut name_start = np.end;
        while name_start > np.start {
            if name_word(name_start - 1) {
                name_start -= 1;
            } else if name_start < np.end
                && name_start >= np.start + 2
                && matches!(self.lower(name_start - 1).as_ref(), "of" | "for")
                && name_word(name_start - 2)
            {
                // "the Center for Responsive Politics".
                name_start -= 2;
            } else {
                break;
            }
        }
        if name_start < np.end {
            let name_span = self.span_of(name_start, np.end)?;
            let given = name_span.get(self.text).unwrap_or("");
            let last = given.split_whitespace().last().unwrap_or(given);
            // A fuller name must hold every word of the given one ("Ross" ->
            // "Dennis Ross"), never just share its last word ("Responsive
            // Politics" is not "Real Clear Politics").
            let full = self
                .fullest_person_name(last, span.start())
                .filter(|f| {
                    f.len() >= given.len()
                        && given.split_whitespace().all(|g| {
                            HONORIFICS.contains(&g.to_lowercase().as_str())
                                || f.split_whitespace().any(|w| w == g)
                        })
                })
                .unwrap_or_else(|| given.to_string());
            let premod = self
                .text_of(np.start, name_start)
                .map(str::trim)
                .filter(|s| {
                    let l = s.to_lowercase();
                    !s.is_empty()
                        && !DETERMINERS.contains(&l.as_str())
                        && !HONORIFICS.contains(&l.as_str())
                })
                .map(str::to_string);
            return Some(Speaker {
                name: full,
                actor: None,
                description: appos.or(premod),
                mention: Some(name_span),
            });
        }
        Some(Speaker {
            name: span.get(self.text).unwrap_or("").to_string(),
            actor: None,
            description: appos,
            mention: Some(span),
        })
    }
}

/// A direct-quote candidate with its token positions.
struct Direct {
    marked: Marked,
    /// Token index of the opening mark.
    open_tok: usize,
    /// Token index just after the closing mark (or after the content).
    after_tok: usize,
    scare: bool,
}

/// Runs the whole extraction on one document.
pub(crate) fn extract(doc: &Document, lex: &CueLexicon) -> Vec<Quote> {
    let marked = find_marked(doc.text());
    if doc.tokens().is_empty() {
        // Without tokens: direct quotes only, no speakers.
        return marked
            .iter()
            .filter(|m| !is_scare_text(doc.text(), m))
            .map(|m| Quote {
                kind: QuoteKind::Direct,
                span: m.inner,
                cue: None,
                speaker: None,
            })
            .collect();
    }
    let cx = Ctx::new(doc, lex);
    let marked: Vec<Marked> = marked
        .iter()
        .map(|m| close_at_attribution(&cx, m).unwrap_or(*m))
        .collect();
    let directs: Vec<Direct> = marked
        .iter()
        .map(|m| {
            let open_tok = cx.tok_at_or_after(m.open.start());
            let after_tok = match m.close {
                Some(c) => cx.tok_at_or_after(c.end()),
                None => cx.tok_at_or_after(m.inner.end()),
            };
            Direct {
                marked: *m,
                open_tok,
                after_tok,
                scare: is_scare_text(doc.text(), m),
            }
        })
        .collect();

    // Token → inside a (non-scare) direct quote.
    let mut inside = vec![false; cx.toks.len()];
    for d in directs.iter().filter(|d| !d.scare) {
        if let Some(r) = doc.tokens_in(d.marked.inner, Align::Expand) {
            for i in r.range() {
                inside[i] = true;
            }
        }
    }
    let mut used_cue = vec![false; cx.toks.len()];
    let mut quotes: Vec<Quote> = Vec::new();
    let mut last: Option<(Speaker, usize)> = None; // speaker, paragraph

    for (qi, d) in directs.iter().enumerate() {
        if d.scare {
            continue;
        }
        let para = d.marked.paragraph as usize;
        let prev_sp = last.as_ref().map(|l| &l.0);
        let next_open = directs.get(qi + 1).map_or(cx.toks.len(), |n| n.open_tok);
        let prev_close = if qi > 0 { directs[qi - 1].after_tok } else { 0 };
        let ends_with_comma = d
            .marked
            .inner
            .get(doc.text())
            .is_some_and(|s| s.ends_with(',') || s.ends_with('—'));
        let after = attribution_after(&cx, d, next_open, prev_sp);
        let before = || attribution_before(&cx, d, prev_close, prev_sp);
        let mut att = if ends_with_comma {
            after.or_else(before)
        } else {
            before().or(after)
        };
        if att.is_none() {
            att = attribution_next_sentence(&cx, d, prev_sp);
        }
        if att.is_none() {
            // A floating quote continues the previous speaker: same
            // paragraph, or the paragraph before when this one opens with it.
            if let Some((sp, p)) = &last {
                let opens_para = cx.para_starts.get(para).is_some_and(|&ps| {
                    doc.text()
                        .get(ps..d.marked.open.start())
                        .is_some_and(|s| s.trim().is_empty())
                });
                if *p == para || (*p + 1 == para && opens_para) {
                    att = Some(Attribution {
                        cue: None,
                        speaker: Some(sp.clone()),
                    });
                }
            }
        }
        if let Some(a) = &att {
            // `said that "we need more time" before the vote`: the quoted
            // words open a reported clause that runs on past the closing
            // mark, so the cue stays free for that (mixed) report.
            let opens_clause = a.cue.is_some_and(|c| {
                let (_, s1) = cx.sentence_bounds(c);
                (d.open_tok == c + 1 || (d.open_tok == c + 2 && cx.is(c + 1, "that")))
                    && d.after_tok < s1
                    && !cx.is_punct(d.after_tok)
                    && !cx.is_quote_mark(d.after_tok)
            });
            if let Some(c) = a.cue.filter(|_| !opens_clause) {
                if let Some(u) = used_cue.get_mut(c) {
                    *u = true;
                }
            }
            if let Some(sp) = &a.speaker {
                last = Some((sp.clone(), para));
            }
        } else if word_count(d.marked.inner.slice(doc.text())) < 6 {
            // Short, unattributed: a title or a phrase, not a statement.
            continue;
        }
        let (cue, speaker) = match att {
            Some(a) => (a.cue.and_then(|c| cx.span_of(c, c + 1)), a.speaker),
            None => (None, None),
        };
        quotes.push(Quote {
            kind: QuoteKind::Direct,
            span: d.marked.inner,
            cue,
            speaker,
        });
    }

    // Indirect quotes.
    let mut indirect: Vec<Quote> = Vec::new();
    let mut sent_speaker: Option<(usize, Speaker)> = None;
    for c in 0..cx.toks.len() {
        if inside[c] || used_cue[c] {
            continue;
        }
        let found = if cx.is(c, "according") && cx.is(c + 1, "to") {
            according_to(&cx, c, &inside)
        } else if let Some((kind, lemma)) = cx.cues[c] {
            let s = cx.sent_of.get(c).copied().unwrap_or(u32::MAX) as usize;
            let prev_same_sentence = sent_speaker
                .as_ref()
                .filter(|(ps, _)| *ps == s)
                .map(|x| &x.1);
            let prev_any = prev_same_sentence.or(last.as_ref().map(|l| &l.0));
            cue_then_clause(&cx, c, kind, lemma, &inside, prev_same_sentence, prev_any)
                .or_else(|| clause_then_cue(&cx, c, &inside, prev_any))
        } else {
            None
        };
        if let Some(q) = found {
            if let Some(sp) = &q.speaker {
                let s = cx.sent_of.get(c).copied().unwrap_or(u32::MAX) as usize;
                sent_speaker = Some((s, sp.clone()));
                let para = cx.paragraph_of(q.span.start());
                if sp.actor.is_some() || sp.name.chars().next().is_some_and(char::is_uppercase) {
                    last = Some((sp.clone(), para));
                }
            }
            indirect.push(q);
        }
    }

    // A report nested in another report ("analysts speculate that Kim
    // asked Xi to ...") is part of it, not a statement of its own.
    // (All lookups below are windowed or binary searches: linear overall.)
    let mut outer: Vec<Span> = indirect.iter().map(|q| q.span).collect();
    outer.sort_by_key(|s| (s.start, s.end));
    indirect.retain(|q| {
        q.cue
            .is_none_or(|c| !spans_containing(&outer, c).any(|o| o != q.span))
    });
    // Mixed: a reported clause holding quoted words. Direct stretches are
    // sorted by start and disjoint.
    for q in &mut indirect {
        let k = directs.partition_point(|d| d.marked.inner.start < q.span.start);
        if directs[k..]
            .iter()
            .take_while(|d| d.marked.inner.start < q.span.end)
            .any(|d| q.span.contains(d.marked.inner))
        {
            q.kind = QuoteKind::Mixed;
        }
    }
    // Drop direct quotes inside a mixed one, and indirect ones that overlap
    // a direct quote without holding it.
    let mut mixed: Vec<Span> = indirect
        .iter()
        .filter(|q| q.kind == QuoteKind::Mixed)
        .map(|q| q.span)
        .collect();
    mixed.sort_by_key(|s| (s.start, s.end));
    quotes.retain(|d| spans_containing(&mixed, d.span).next().is_none());
    let direct_spans: Vec<Span> = quotes.iter().map(|q| q.span).collect();
    indirect.retain(|q| {
        if q.kind == QuoteKind::Mixed {
            return true;
        }
        let k = direct_spans.partition_point(|d| d.end <= q.span.start);
        !direct_spans.get(k).is_some_and(|d| d.overlaps(q.span))
    });
    quotes.extend(indirect);
    quotes.sort_by_key(|q| (q.span.start, q.span.end));
    quotes.dedup_by(|a, b| a.span == b.span);
    // A direct quote still without a speaker continues the speaker of the
    // report just before it, in its paragraph or (when it opens its
    // paragraph) the paragraph before.
    for i in 1..quotes.len() {
        if quotes[i].kind != QuoteKind::Direct || quotes[i].speaker.is_some() {
            continue;
        }
        let start = quotes[i].span.start();
        let para = cx.paragraph_of(start);
        let opens_para = cx.para_starts.get(para).is_some_and(|&ps| {
            doc.text().get(ps..start).is_some_and(|s| {
                s.trim_matches(|c: char| c.is_whitespace() || "\"“«„'".contains(c))
                    .is_empty()
            })
        });
        let prev = &quotes[i - 1];
        let pp = cx.paragraph_of(prev.span.start());
        if prev.speaker.is_some() && (pp == para || (pp + 1 == para && opens_para)) {
            quotes[i].speaker = prev.speaker.clone();
        }
    }
    quotes
}

/// Spans of `sorted` (by start) containing `x`, looking back at most 8 KB:
/// reports never run longer than a (capped) sentence.
fn spans_containing(sorted: &[Span], x: Span) -> impl Iterator<Item = Span> + '_ {
    let k = sorted.partition_point(|s| s.start <= x.start);
    sorted[..k]
        .iter()
        .rev()
        .take_while(move |s| x.start - s.start <= 8192)
        .filter(move |s| s.contains(x))
        .copied()
}

/// An unclosed quote that runs into its own attribution (`"The vote was
/// stolen, party spokesman Kamran Baig told reporters ...`, the closing mark
/// forgotten) ends at the comma before it, as if the mark were there: the
/// quoted words keep their speaker and the attribution is not quoted.
fn close_at_attribution(cx: &Ctx, m: &Marked) -> Option<Marked> {
    if m.close.is_some() || m.continues {
        return None;
    }
    let r = cx.doc.tokens_in(m.inner, Align::Expand)?;
    for j in r.range() {
        if !cx.is(j, ",") || j == r.start as usize {
            continue;
        }
        let (_, s_end) = cx.sentence_bounds(j);
        if frame_at(cx, j + 1, s_end, false).is_some() {
            let comma = cx.toks[j].span;
            return Some(Marked {
                inner: Span::new(m.inner.start(), comma.end()),
                close: Some(Span::new(comma.end(), comma.end())),
                ..*m
            });
        }
    }
    None
}

/// Scare quotes: one to three words, no closing punctuation inside, closed.
fn is_scare_text(text: &str, m: &Marked) -> bool {
    let Some(inner) = m.inner.get(text) else {
        return true;
    };
    if !inner.chars().any(char::is_alphanumeric) {
        return true;
    }
    if m.close.is_none() {
        return false;
    }
    let ends_punct = inner.ends_with(['.', ',', '!', '?', '…', ';', '—']);
    let before = text.get(..m.open.start()).map(str::trim_end).unwrap_or("");
    let after_colon = before.ends_with(':');
    // A short phrase ending in a comma mid-sentence is a title or a
    // scare phrase (on ABC's "This Week," he said); at the start of a
    // sentence it is a short statement ("Judge," he said, "...").
    let sentence_start = before.is_empty() || before.ends_with(['.', '!', '?', '\n', '"', '”']);
    word_count(inner) <= 3
        && (!ends_punct || (inner.ends_with(',') && !sentence_start))
        && !after_colon
}

/// `"...," Shi said` / `"...," said Shi` / `"...," Shi, a professor, said`.
fn attribution_after(
    cx: &Ctx,
    d: &Direct,
    next_open: usize,
    prev: Option<&Speaker>,
) -> Option<Attribution> {
    let start = d.after_tok;
    if start >= cx.toks.len() || d.marked.close.is_none() {
        return None;
    }
    // Same paragraph only.
    if cx.paragraph_of(cx.toks[start].span.start()) != d.marked.paragraph as usize {
        return None;
    }
    // A quote closed by a full stop ends its sentence: what follows is a new
    // sentence, taken only in the short "Smith said." form (see
    // `attribution_next_sentence`).
    if d.marked
        .inner
        .get(cx.text)
        .is_some_and(|s| s.ends_with('.') && !s.ends_with("..."))
    {
        return None;
    }
    let (_, s_end) = cx.sentence_bounds(start);
    // The frame ends at the sentence end or the next quote, whichever first.
    let hi = s_end.min(next_open).max(start);
    let mut a = start;
    while a < hi && matches!(cx.tok(a), "," | "—" | "–" | "-") {
        a += 1;
    }
    // If the quote ended its sentence ("...end." he said), the segmenter may
    // have started a new sentence: allow a lower-case continuation.
    let (c, np) = frame_at(cx, a, hi, true)?;
    Some(Attribution {
        cue: Some(c),
        speaker: cx.speaker_of(np, prev),
    })
}

/// The attribution frame that starts at token `a` and ends by `hi`: a
/// speech cue and its speaker, inverted ("said Shi", "said the minister")
/// or before it, perhaps after words describing it ("party spokesman Kamran
/// Baig told"), with no full stop or quotation mark between. With
/// `parse_subject`, a subject only the parse finds counts too.
fn frame_at(cx: &Ctx, a: usize, hi: usize, parse_subject: bool) -> Option<(usize, Np)> {
    let limit = (a + MAX_NP + MAX_APPOS + 2).min(hi);
    let c = (a..limit).find(|&i| {
        cx.cues
            .get(i)
            .copied()
            .flatten()
            .is_some_and(|(k, _)| k == CueKind::Speech)
    })?;
    if (a..c).any(|i| cx.is(i, ".") || cx.is_quote_mark(i)) {
        return None;
    }
    if c == a {
        return cx.np_right(c + 1, hi).map(|np| (c, np));
    }
    let np = cx.subject_before(c, a).or_else(|| {
        parse_subject
            .then(|| cx.subject_from_parse(c).filter(|n| n.start >= a))
            .flatten()
    })?;
    cx.describes(a, np.start).then_some((c, np))
}

/// `Shi said: "..."` / `Shi told reporters, "..."`.
fn attribution_before(
    cx: &Ctx,
    d: &Direct,
    prev_close: usize,
    prev: Option<&Speaker>,
) -> Option<Attribution> {
    let o = d.open_tok;
    if o == 0 || o > cx.toks.len() {
        return None;
    }
    let (s0, _) = cx.sentence_bounds(o);
    let lo = s0.max(prev_close);
    if lo >= o {
        // The quote opens its sentence: look at a previous sentence ending
        // in a colon ("He put it bluntly:").
        if o > 0 && cx.is(o - 1, ":") {
            let (p0, _) = cx.sentence_bounds(o - 1);
            let lo2 = p0.max(prev_close);
            return cue_before_mark(cx, o - 1, lo2, prev)
                .or_else(|| colon_speaker(cx, o - 1, lo2, prev));
        }
        return None;
    }
    cue_before_mark(cx, o, lo, prev).or_else(|| {
        // "Krebs put it this way: ..." — no speech verb, but a colon right
        // before the quote: the subject of the lead-in.
        let mut k = o;
        while k > lo && (cx.is_quote_mark(k - 1) || cx.is(k - 1, ",")) {
            k -= 1;
        }
        (k > lo && cx.is(k - 1, ":")).then_some(())?;
        colon_speaker(cx, k - 1, lo, prev)
    })
}

/// The speaker of a quote after a colon without a speech verb: the first
/// actor mention of the lead-in, else its subject.
fn colon_speaker(cx: &Ctx, colon: usize, lo: usize, prev: Option<&Speaker>) -> Option<Attribution> {
    let np = cx
        .subject_from_parse(colon.saturating_sub(1))
        .filter(|n| n.start >= lo)
        .or_else(|| cx.nearest_mention_before(colon, lo))?;
    Some(Attribution {
        cue: None,
        speaker: cx.speaker_of(np, prev),
    })
}

fn cue_before_mark(cx: &Ctx, o: usize, lo: usize, prev: Option<&Speaker>) -> Option<Attribution> {
    // The cue is at most eight tokens before the mark, with no verb between.
    let mut c = None;
    let mut j = o;
    while j > lo && o - j < 9 {
        j -= 1;
        if cx.cues[j].is_some_and(|(k, _)| k == CueKind::Speech) {
            c = Some(j);
            break;
        }
        if cx.is_verb(j) || cx.is_quote_mark(j) || cx.is(j, ".") {
            return None;
        }
    }
    let c = c?;
    let np = cx
        .subject_before(c, lo)
        .or_else(|| cx.subject_from_parse(c).filter(|n| n.start >= lo))
        .or_else(|| {
            // Inverted: said Shi: "..."
            cx.np_right(c + 1, o)
        });
    let speaker = match np {
        Some(np) => cx.speaker_of(np, prev),
        None => return None,
    };
    Some(Attribution {
        cue: Some(c),
        speaker,
    })
}

/// A quote whose attribution is the next, short sentence ("Cheng assessed.").
fn attribution_next_sentence(cx: &Ctx, d: &Direct, prev: Option<&Speaker>) -> Option<Attribution> {
    let start = d.after_tok;
    if start >= cx.toks.len() {
        return None;
    }
    if cx.paragraph_of(cx.toks[start].span.start()) != d.marked.paragraph as usize {
        return None;
    }
    let (s0, s1) = cx.sentence_bounds(start);
    let a = start.max(s0);
    if s1 - a > 10 {
        return None;
    }
    let c = (a..s1).find(|&i| cx.cues[i].is_some_and(|(k, _)| k == CueKind::Speech))?;
    // Nothing after the cue but an adverbial and the full stop.
    if (c + 1..s1).any(|i| cx.is_verb(i) || cx.is_quote_mark(i)) {
        return None;
    }
    let np = cx.subject_before(c, a).or_else(|| cx.np_right(c + 1, s1))?;
    Some(Attribution {
        cue: Some(c),
        speaker: cx.speaker_of(np, prev),
    })
}

/// End of a reported clause: the sentence end, before trailing punctuation,
/// ", according to ..." and ", adding/saying ..." tails.
fn clause_end(cx: &Ctx, a: usize, s1: usize) -> usize {
    let mut b = s1;
    for i in a + 1..s1 {
        // "... but argues that ...": a coordinated cue starts a new report
        // (by form: the tagger may read "argues" as a noun here).
        if i > a + 2
            && cx
                .lex
                .by_form(&cx.lower(i))
                .is_some_and(|e| e.kind == CueKind::Speech)
            && matches!(cx.lower(i - 1).as_ref(), "and" | "but")
        {
            b = i - 1;
            break;
        }
        if cx.is(i, ",") || cx.is(i, ";") {
            let n = i + 1;
            // ", Reid said ...", ", while other voters said ...": another
            // report starts after the comma.
            let n2 = if matches!(
                cx.lower(n).as_ref(),
                "but" | "while" | "and" | "although" | "though" | "whereas"
            ) {
                n + 1
            } else {
                n
            };
            if let Some(k) = (n2..(n2 + 6).min(s1)).find(|&k| {
                cx.cues
                    .get(k)
                    .is_some_and(|c| c.is_some_and(|(kd, _)| kd == CueKind::Speech))
            }) {
                if k > n2 && (n2..k).all(|x| cx.np_word(x) || cx.is_pronoun(x)) {
                    b = i;
                    break;
                }
            }
            // ", and he reiterated ...": a new clause about the speaker.
            if matches!(cx.lower(n).as_ref(), "and" | "but")
                && matches!(cx.lower(n + 1).as_ref(), "he" | "she" | "they")
                && cx.is_finite_verb(n + 2)
            {
                b = i;
                break;
            }
            if cx.is(n, "according")
                || (cx.tok(n).ends_with("ing") && cx.cues.get(n).is_some_and(Option::is_some))
            {
                b = i;
                break;
            }
        }
    }
    cx.trim_punct(a, b)
}

fn clause_ok(cx: &Ctx, a: usize, b: usize, inside: &[bool]) -> bool {
    if b <= a || b - a < 3 {
        return false;
    }
    if inside[a] {
        return false;
    }
    cx.tags.is_none() || (a..b).any(|i| cx.is_verb(i))
}

/// `Shi said (that) Kim wants ...`, `analysts speculate that ...`,
/// `X told reporters (that) ...`.
fn cue_then_clause(
    cx: &Ctx,
    c: usize,
    kind: CueKind,
    lemma: &str,
    inside: &[bool],
    prev_same_sentence: Option<&Speaker>,
    prev_any: Option<&Speaker>,
) -> Option<Quote> {
    let (s0, s1) = cx.sentence_bounds(c);
    let mut j = c + 1;
    if j >= s1 {
        return None;
    }
    let mut object = None;
    if ADDRESSEE_CUES.contains(&lemma) {
        if let Some(np) = cx.np_right(j, s1) {
            if np.end - np.start <= 5 && !cx.is(np.start, "that") {
                object = Some(np.start);
                j = np.end;
            }
        }
    }
    // "urged the council to act", "vowed to fight on": a reported request
    // or promise, the addressee included.
    if INFINITIVE_CUES.contains(&lemma)
        && cx.is(j, "to")
        && cx.upos(j + 1).is_none_or(|u| u == "VERB" || u == "AUX")
    {
        let a = object.unwrap_or(j);
        let b = clause_end(cx, a, s1);
        if b > a + 2 && !inside[a] {
            let np = cx
                .subject_before(c, s0)
                .or_else(|| cx.subject_from_parse(c))
                .or_else(|| cx.governing_subject(c));
            if let Some(np) = np {
                return Some(Quote {
                    kind: QuoteKind::Indirect,
                    span: cx.span_of(a, b)?,
                    cue: cx.span_of(c, c + 1),
                    speaker: cx.speaker_of(np, prev_any),
                });
            }
        }
        return None;
    }
    let mut start = None;
    let mut k = j;
    while k < s1 && k - j < 12 {
        // "that" before a verb is a relative pronoun ("the group that
        // opposed it"), unless the verb is a gerund ("that waterboarding is").
        if cx.is(k, "that") && !(k + 1 < s1 && cx.is_verb(k + 1) && cx.xpos(k + 1) != Some("VBG")) {
            start = Some(k + 1);
            break;
        }
        if cx.is_verb(k)
            || cx.cues[k].is_some()
            || cx.is_quote_mark(k)
            || matches!(cx.tok(k), "." | ";" | ":" | "(")
        {
            break;
        }
        k += 1;
    }
    let that = start.is_some();
    if kind == CueKind::Cognition && cx.xpos(c) == Some("VBN") {
        return None;
    }
    if start.is_none() {
        if kind != CueKind::Speech {
            return None;
        }
        let w = cx.lower(j);
        let question = lemma == "ask"
            && matches!(
                w.as_ref(),
                "whether" | "if" | "how" | "what" | "why" | "when" | "who" | "where"
            );
        let bad_start = !question
            && (cx.is_punct(j)
                || cx.is_quote_mark(j)
                || matches!(
                    w.as_ref(),
                    "to" | "of"
                        | "about"
                        | "for"
                        | "by"
                        | "with"
                        | "in"
                        | "on"
                        | "at"
                        | "so"
                        | "as"
                        | "from"
                        | "into"
                        | "out"
                        | "up"
                        | "and"
                        | "or"
                        | "but"
                        | "if"
                        | "whether"
                        | "what"
                        | "how"
                        | "why"
                        | "when"
                        | "this"
                        | "nothing"
                        | "something"
                        | "anything"
                )
                || (cx.upos(j).is_some_and(|u| {
                    matches!(
                        u,
                        "ADP" | "VERB" | "AUX" | "PART" | "ADV" | "CCONJ" | "SCONJ"
                    )
                }) && cx.xpos(j) != Some("VBG")
                    && !has_clitic(cx.tok(j))));
        if bad_start {
            return None;
        }
        start = Some(j);
    }
    let a = start?;
    let b = clause_end(cx, a, s1);
    if !clause_ok(cx, a, b, inside) {
        return None;
    }
    let question = lemma == "ask"
        && cx
            .upos(a)
            .is_some_and(|u| u == "SCONJ" || u == "ADV" || u == "PRON");
    // "claimed responsibility for the attack, but militants ...", "claimed
    // victory": a claim of a deed, the cue's object in the parse, is an act
    // and no report (PolNeAR counts other nominal objects, "announced a
    // plan", as attributions, so only these are left out)
    if lemma == "claim" {
        if let Some(deps) = cx.deps {
            let deed = (a..b).any(|i| {
                deps.get(i).is_some_and(|d| {
                    d.head == Some(c as u32)
                        && d.deprel == "obj"
                        && matches!(
                            cx.lower(i).as_ref(),
                            "responsibility" | "credit" | "victory" | "blame"
                        )
                })
            });
            if deed {
                return None;
            }
        }
    }
    if !that
        && !question
        && cx.tags.is_some()
        && !(a..b)
            .take(16)
            .any(|i| (cx.is_verb(i) && cx.xpos(i) != Some("VBG")) || has_clitic(cx.tok(i)))
    {
        return None;
    }
    // Speaker: subject before the cue; for "..., arguing that" the subject of
    // the earlier cue in the sentence.
    let gerund = (cx.tok(c).ends_with("ing") && c > s0 && cx.is(c - 1, ","))
        || (c > s0
            && matches!(cx.lower(c - 1).as_ref(), "and" | "but")
            && prev_same_sentence.is_some());
    let speaker = if gerund {
        prev_same_sentence.cloned().or_else(|| {
            cx.governing_subject(c)
                .and_then(|np| cx.speaker_of(np, prev_any))
        })
    } else {
        let np = cx
            .subject_before(c, s0)
            .or_else(|| cx.subject_from_parse(c))
            .or_else(|| cx.governing_subject(c))
            .or_else(|| cx.nearest_mention_before(c, s0));
        match np {
            Some(np) => {
                if kind == CueKind::Cognition
                    && np.end - np.start == 1
                    && matches!(cx.lower(np.start).as_ref(), "i" | "we" | "you")
                {
                    return None;
                }
                cx.speaker_of(np, prev_any)
            }
            None => None,
        }
    };
    if speaker.is_none() && kind != CueKind::Speech {
        return None;
    }
    Some(Quote {
        kind: QuoteKind::Indirect,
        span: cx.span_of(a, b)?,
        cue: cx.span_of(c, c + 1),
        speaker,
    })
}

/// `It is unprecedented ..., commented analyst X` / `..., X said.`
fn clause_then_cue(cx: &Ctx, c: usize, inside: &[bool], prev: Option<&Speaker>) -> Option<Quote> {
    if cx.cues[c].is_none_or(|(k, _)| k != CueKind::Speech) {
        return None;
    }
    let (s0, s1) = cx.sentence_bounds(c);
    let tail_ok = |e: usize| -> bool {
        e >= s1 || matches!(cx.tok(e), "." | "," | ";" | "!" | "?") || cx.is_quote_mark(e)
    };
    let (np, comma) = if c > s0 && cx.is(c - 1, ",") {
        let np = cx.np_right(c + 1, s1)?;
        let e = np.appos.map_or(np.end, |(_, b)| b);
        if !tail_ok(e) {
            return None;
        }
        // the one speaking after the cue ("..., said a spokesman") is
        // someone: "X, which Turkey blames for it, denied any involvement"
        // has its object there
        let span = cx.span_of(np.start, np.end)?;
        if !(cx.has_name(np.start, e)
            || cx.actor_in(span).is_some()
            || cx.is_pronoun(np.start)
            || cx.xpos(np.end - 1) == Some("NNS"))
        {
            return None;
        }
        (np, c - 1)
    } else {
        let mut np = cx.subject_before(c, s0)?;
        // "..., local officials and a security source said."
        if np.start > s0 && matches!(cx.tok(np.start - 1), "and" | "or") {
            if let Some(first) = cx.np_left(np.start - 1, s0) {
                np = Np {
                    start: first.start,
                    ..np
                };
            }
        }
        if np.start == 0 || !cx.is(np.start - 1, ",") {
            return None;
        }
        // Only adverbials may follow the cue.
        let mut e = c + 1;
        while e < s1 && !tail_ok(e) {
            if cx.is_verb(e) || cx.is(e, "that") {
                return None;
            }
            e += 1;
        }
        // A parenthetical cue ("In Miami, Mr. Regalado said, Mr. Trump is
        // seen as ..."): the whole sentence is the report.
        if cx.is(e, ",")
            && e + 3 < s1
            && (e + 1..s1).any(|i| cx.is_finite_verb(i) || has_clitic(cx.tok(i)))
        {
            let b = clause_end(cx, e + 1, s1);
            if (s0..b).any(|i| inside[i]) {
                return None;
            }
            return Some(Quote {
                kind: QuoteKind::Indirect,
                span: cx.span_of(s0, b)?,
                cue: cx.span_of(c, c + 1),
                speaker: cx.speaker_of(np, prev),
            });
        }
        (np, np.start - 1)
    };
    let b = cx.trim_punct(s0, comma);
    if !clause_ok(cx, s0, b, inside)
        || (s0..b).any(|i| inside[i])
        || (s0..b).any(|i| cx.is_quote_mark(i))
    {
        return None;
    }
    Some(Quote {
        kind: QuoteKind::Indirect,
        span: cx.span_of(s0, b)?,
        cue: cx.span_of(c, c + 1),
        speaker: cx.speaker_of(np, prev),
    })
}

/// `According to X, ...` / `..., according to X.`
fn according_to(cx: &Ctx, c: usize, inside: &[bool]) -> Option<Quote> {
    let (s0, s1) = cx.sentence_bounds(c);
    let mut np = cx.np_right(c + 2, s1)?;
    let mut np_end = np.appos.map_or(np.end, |(_, b)| b);
    let mut phrase = None;
    // "..., according to a resident who asked not to be named.": the
    // clause describing the source runs to the comma or the sentence end
    if np_end < s1 && cx.lower(np_end) == "who" {
        let stop = (np_end..s1).find(|&i| cx.is(i, ",") || cx.is_quote_mark(i));
        match stop {
            Some(i) if cx.is(i, ",") => np_end = i,
            Some(_) => {}
            None => np_end = cx.trim_punct(np_end, s1),
        }
    }
    // "according to an analysis by the Pew Research Center, ..." and
    // "..., according to a count by The Associated Press.": the source
    // phrase runs on to the comma or to the end of the sentence.
    if np_end < s1 && !cx.is(np_end, ",") && !cx.is_punct(np_end) {
        let last = cx.trim_punct(np_end, s1);
        // (the tail holds no finite verb or quote mark: it is no clause)
        let stop = (np_end..s1.min(np_end + 15))
            .find(|&i| cx.is_finite_verb(i) || cx.is_quote_mark(i) || cx.is(i, ",") || i == last);
        let end = match stop {
            Some(i) if cx.is(i, ",") || i == last => Some(i),
            Some(_) => None,
            None => (last == s1 && s1 <= np_end + 15).then_some(s1),
        };
        if let Some(e) = end {
            np_end = e;
            if np.appos.is_none() && cx.has_name(np.end, e) {
                if cx.upos(np.end - 1) == Some("NOUN") {
                    // "a count by The Associated Press", "early results of
                    // exit polls conducted for ABC": the whole phrase is the
                    // source, not the organisation named in it.
                    let span = cx.span_of(np.start, e)?;
                    phrase = Some(Speaker {
                        name: span.get(cx.text).unwrap_or("").to_string(),
                        actor: None,
                        description: None,
                        mention: Some(span),
                    });
                } else {
                    // A name running on ("the Center for Responsive
                    // Politics").
                    np.end = e;
                }
            }
        }
    }
    // The source must look like one: a name, an actor, or a people noun.
    let span = cx.span_of(np.start, np.end)?;
    let named =
        cx.has_name(np.start, np.end) || cx.actor_in(span).is_some() || cx.is_pronoun(np.start);
    let demonstrative = matches!(
        cx.lower(np.start).as_ref(),
        "that" | "this" | "these" | "those"
    );
    if !named && demonstrative {
        return None;
    }
    let first = c == s0 || (c == s0 + 1 && cx.upos(s0).is_some_and(|u| u == "CCONJ"));
    let mid_start = c > s0 && matches!(cx.lower(c - 1).as_ref(), "but" | "and" | "yet" | "however");
    let (a, b) = if (first || mid_start) && cx.is(np_end, ",") {
        (np_end + 1, clause_end(cx, np_end + 1, s1))
    } else if c > s0 && cx.is(c - 1, ",") && (np_end >= s1 || cx.is_punct(np_end)) {
        if cx.is(np_end, ",") && np_end + 1 < s1 && !cx.is_quote_mark(np_end + 1) {
            // "At the heart of it, according to X, was a decision ...": the
            // report is the whole sentence around the source.
            (s0, clause_end(cx, np_end + 1, s1))
        } else {
            (s0, cx.trim_punct(s0, c - 1))
        }
    } else {
        return None;
    };
    if !clause_ok(cx, a, b, inside) {
        return None;
    }
    Some(Quote {
        kind: QuoteKind::Indirect,
        span: cx.span_of(a, b)?,
        cue: cx.span_of(c, c + 2),
        speaker: phrase.or_else(|| cx.speaker_of(np, None)),
    })
}

/// A word with a verb clitic ("he's", "they’re", "we'll").
fn has_clitic(w: &str) -> bool {
    w.rfind(['\'', '’']).is_some_and(|p| {
        let tail = w.get(p..).unwrap_or("").trim_start_matches(['\'', '’']);
        p > 0 && matches!(tail, "s" | "re" | "ll" | "ve" | "d" | "m")
    })
}
