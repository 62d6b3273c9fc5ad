//! Temporal expressions: finding them in text and resolving them against
//! the publication date.
//!
//! The grammar (which token shapes make a date) is code; every word it
//! knows (months, weekdays, number words, units, seasons, modifiers,
//! relative phrases with their offsets, tense cues, year context nouns) is
//! in the tables of `data/time/`.

mod calendar;
pub(crate) mod lexicon;

use crate::scan::{ascii_lower, sentence_numbers, tokenize, Tok, TokKind};
use crate::Error;
use calendar::{
    add_days, add_months, day_date, duration, month_year, quarter_year, season_year, shift,
    weekday_date, Tense, Val, Which,
};
use chronicler_doc::{CompactString, Document, Span, TimeExpr, TimeModifier};
use chrono::{Datelike, NaiveDate};
use lexicon::{Lexicon, Phrase, Unit, WordInfo};

/// Finds temporal expressions and normalises them (HeidelTime/SUTime style).
///
/// Built once ([`TimeTagger::new`] parses the embedded tables), then shared
/// by reference across threads (`Send + Sync`).
///
/// Resolution rules, in short:
/// - the anchor is the publication date (`doc.meta.date`); without one,
///   only expressions that need no anchor are returned (full dates, years,
///   decades, centuries, durations, sets); relative and year-less ones
///   ("yesterday", "May 7", "last year") are **skipped**;
/// - a month, day or weekday named without a year is placed before the
///   anchor when the nearest tense cue of its sentence is past ("visited",
///   "said", "met"), after it when it is future ("will", "scheduled",
///   "would"), else on the nearest occurrence (weekdays: the past one);
/// - "the previous day", "two days later" count from the last date the
///   text mentioned (else the anchor).
#[derive(Debug)]
pub struct TimeTagger {
    lex: Lexicon,
}

impl TimeTagger {
    /// The tagger with the embedded tables of `data/time/`.
    pub fn new() -> TimeTagger {
        TimeTagger::from_tables(lexicon::EMBEDDED)
            .expect("the embedded data/time tables parse (tested)")
    }

    /// A tagger from tables given as `(file name, contents)` in the order
    /// `words.tsv`, `modifiers.tsv`, `relative.tsv`, `tense.tsv`,
    /// `year_context.tsv` (see `data/time/README.md`).
    pub fn from_tables(files: [(&'static str, &'static str); 5]) -> Result<TimeTagger, Error> {
        Ok(TimeTagger {
            lex: Lexicon::parse(&files)?,
        })
    }

    /// The `times` layer of a document, anchored on `doc.meta.date`. Uses
    /// the document's sentences (for tense cues) when they are set.
    pub fn annotate(&self, doc: &Document) -> Vec<TimeExpr> {
        self.run(doc.text(), doc.meta.date, Some(doc))
    }

    /// Temporal expressions of a plain text, resolved against `anchor`.
    ///
    /// ```
    /// use chronicler_timeplace::TimeTagger;
    /// use chronicler_doc::{Granularity, NaiveDate};
    /// let t = TimeTagger::new();
    /// let anchor = NaiveDate::from_ymd_opt(2021, 9, 15);
    /// let found = t.find("The ministers met on Monday and will meet again in early October.", anchor);
    /// assert_eq!(found[0].value, "2021-09-13");
    /// assert_eq!(found[1].value, "2021-10");
    /// assert_eq!(found[1].granularity, Granularity::Month);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn find(&self, text: &str, anchor: Option<NaiveDate>) -> Vec<TimeExpr> {
        self.run(text, anchor, None)
    }

    fn run(&self, text: &str, anchor: Option<NaiveDate>, doc: Option<&Document>) -> Vec<TimeExpr> {
        let mut toks = Vec::with_capacity(text.len() / 5);
        tokenize(text, &mut toks);
        let mut buf = [0u8; 40];
        let info: Vec<Option<WordInfo>> = toks
            .iter()
            .map(|t| {
                if t.kind != TokKind::Word {
                    return None;
                }
                ascii_lower(t.text(text), &mut buf).and_then(|w| self.lex.words.get(w).copied())
            })
            .collect();
        let sent = sentence_numbers(doc, text, &toks);
        let mut cx = Cx {
            text,
            toks: &toks,
            info: &info,
            sent: &sent,
            anchor,
            last: None,
            lex: &self.lex,
        };
        let mut out = Vec::new();
        let mut i = 0;
        let mut value = String::new();
        while i < toks.len() {
            // Cheap filter: only tokens that can start an expression.
            if !cx.may_start(i) {
                i += 1;
                continue;
            }
            let Some(m) = cx.best_at(i) else {
                i += 1;
                continue;
            };
            let modifier = m.modifier.or_else(|| cx.prefix_modifier(m.start));
            value.clear();
            m.val.write(&mut value);
            if let (Some(a), Some(b)) = (toks.get(m.start), toks.get(m.end - 1)) {
                if let Some(span) = Span::checked_in(text, a.start as usize, b.end as usize) {
                    out.push(TimeExpr {
                        span,
                        value: CompactString::from(value.as_str()),
                        granularity: m.val.granularity(),
                        modifier,
                    });
                }
            }
            if let Some(d) = m.val.first_day() {
                cx.last = Some(d);
            }
            i = m.end;
        }
        out
    }
}

impl Default for TimeTagger {
    fn default() -> Self {
        TimeTagger::new()
    }
}

/// A match: tokens `start..end`, a value and a modifier.
#[derive(Debug)]
struct M {
    start: usize,
    end: usize,
    val: Val,
    modifier: Option<TimeModifier>,
}

/// Per-text state of one scan.
struct Cx<'a> {
    text: &'a str,
    toks: &'a [Tok],
    info: &'a [Option<WordInfo>],
    sent: &'a [u32],
    anchor: Option<NaiveDate>,
    /// First day of the last point in time the text mentioned.
    last: Option<NaiveDate>,
    lex: &'a Lexicon,
}

const PREP_BEFORE_MONTH: &[&str] = &[
    "in",
    "since",
    "until",
    "till",
    "by",
    "from",
    "to",
    "of",
    "during",
    "before",
    "after",
    "through",
    "throughout",
    "early",
    "mid",
    "late",
    "end",
    "last",
    "next",
    "this",
    "between",
    "and",
    "or",
    "-",
    "–",
    "that",
    "every",
    "each",
    "until",
    "on",
    "for",
    "beginning",
    "start",
    "middle",
];

const RANGE_JOINERS: &[&str] = &["or", "and", "to", "through", "until", "till", "-", "–"];

impl<'a> Cx<'a> {
    // ------------------------------------------------------------ tokens --

    #[inline]
    fn t(&self, i: usize) -> Option<&'a Tok> {
        self.toks.get(i)
    }

    #[inline]
    fn s(&self, i: usize) -> &'a str {
        self.toks.get(i).map(|t| t.text(self.text)).unwrap_or("")
    }

    /// Token `i` is the word or punctuation `w` (ASCII case-insensitive).
    #[inline]
    fn is(&self, i: usize, w: &str) -> bool {
        self.s(i).eq_ignore_ascii_case(w)
    }

    #[inline]
    fn is_any(&self, i: usize, ws: &[&str]) -> bool {
        let s = self.s(i);
        !s.is_empty() && ws.iter().any(|w| s.eq_ignore_ascii_case(w))
    }

    #[inline]
    fn w(&self, i: usize) -> WordInfo {
        self.info.get(i).copied().flatten().unwrap_or_default()
    }

    /// Token `i` follows token `i - 1` without a space.
    #[inline]
    fn glued(&self, i: usize) -> bool {
        self.t(i).is_some_and(|t| !t.space_before)
    }

    #[inline]
    fn cap(&self, i: usize) -> bool {
        self.t(i).is_some_and(|t| t.is_cap(self.text))
    }

    /// Value of a digit token of at most 9 digits.
    fn digits(&self, i: usize) -> Option<(u32, usize)> {
        let t = self.t(i)?;
        if t.kind != TokKind::Num || t.end - t.start > 9 {
            return None;
        }
        Some((t.text(self.text).parse().ok()?, (t.end - t.start) as usize))
    }

    fn matches_phrase(&self, i: usize, words: &[&str]) -> bool {
        words.iter().enumerate().all(|(k, w)| {
            self.t(i + k).is_some_and(|t| t.kind == TokKind::Word) && self.is(i + k, w)
        })
    }

    fn phrase<T: Copy>(&self, i: usize, list: &[Phrase<T>]) -> Option<(usize, T)> {
        list.iter()
            .find(|p| self.matches_phrase(i, &p.words))
            .map(|p| (i + p.words.len(), p.what))
    }

    /// Cheap test: can an expression start at token `i`?
    fn may_start(&self, i: usize) -> bool {
        let Some(t) = self.t(i) else { return false };
        match t.kind {
            TokKind::Num => true,
            TokKind::Punct => matches!(t.text(self.text), "'" | "’"),
            TokKind::Word => {
                self.info.get(i).copied().flatten().is_some()
                    || self.is_any(
                        i,
                        &[
                            "the",
                            "a",
                            "an",
                            "last",
                            "next",
                            "this",
                            "mid",
                            "early",
                            "late",
                            "end",
                            "between",
                            "from",
                            "every",
                            "each",
                            "annually",
                            "once",
                            "twice",
                            "several",
                            "few",
                            "many",
                            "q",
                            "fy",
                            "fiscal",
                            "earlier",
                            "later",
                            "that",
                            "beginning",
                            "start",
                            "middle",
                            "around",
                            "about",
                            "approximately",
                            "roughly",
                            "circa",
                            "nearly",
                            "almost",
                            "some",
                            "more",
                            "yesterday",
                            "today",
                            "tonight",
                            "tomorrow",
                            "noon",
                            "midnight",
                        ],
                    )
            }
        }
    }

    // ------------------------------------------------------------- tense --

    fn cue(&self, k: usize) -> Option<i8> {
        let t = self.t(k)?;
        if t.kind != TokKind::Word {
            return None;
        }
        let w = self.w(k);
        if w.tense != 0 && !(w.month > 0 && t.is_cap(self.text)) {
            return Some(w.tense);
        }
        let s = t.text(self.text);
        (s.len() >= 5 && s.ends_with("ed") && s.bytes().all(|b| b.is_ascii_lowercase()))
            .then_some(-1)
    }

    /// Tense of the sentence around tokens `i..end`: the nearest cue wins
    /// (left on ties).
    fn tense(&self, i: usize, end: usize) -> Tense {
        let Some(&s) = self.sent.get(i) else {
            return Tense::Unknown;
        };
        // "since January" looks back.
        if i > 0 && self.is(i - 1, "since") {
            return Tense::Past;
        }
        let mut best: Option<(usize, i8)> = None;
        let mut k = i;
        while k > 0 {
            k -= 1;
            if self.sent.get(k) != Some(&s) {
                break;
            }
            if let Some(c) = self.cue(k) {
                best = Some((i - k, c));
                break;
            }
        }
        let mut k = end;
        while k < self.toks.len() && self.sent.get(k) == Some(&s) {
            if let Some(c) = self.cue(k) {
                let d = k + 1 - end;
                if best.is_none_or(|(bd, _)| d < bd) {
                    best = Some((d, c));
                }
                break;
            }
            k += 1;
        }
        match best {
            Some((_, 1)) => Tense::Future,
            Some((_, -1)) => Tense::Past,
            _ => Tense::Unknown,
        }
    }

    // --------------------------------------------------------- modifiers --

    /// A prefix such as "since" or "until" right before token `start`.
    fn prefix_modifier(&self, start: usize) -> Option<TimeModifier> {
        for back in [2usize, 1] {
            if start < back {
                continue;
            }
            if let Some((end, r)) = self.phrase(start - back, &self.lex.modifiers) {
                if end == start && !r.fuzzy {
                    return Some(r.modifier);
                }
            }
        }
        None
    }

    // -------------------------------------------------------------- best --

    /// The longest expression starting at token `i`.
    fn best_at(&self, i: usize) -> Option<M> {
        let mut best: Option<M> = None;
        let mut consider = |m: Option<M>| {
            if let Some(m) = m {
                if best.as_ref().is_none_or(|b| m.end > b.end) {
                    best = Some(m);
                }
            }
        };
        consider(self.fuzzy_core(i));
        consider(self.wrapped_range(i));
        // "Monday at 5 a.m.", "3 June, at noon".
        if let Some(m) = best.as_mut() {
            if let Val::Day(d) = m.val {
                let k = if self.is(m.end, ",") {
                    m.end + 1
                } else {
                    m.end
                };
                if self.is(k, "at") {
                    if let Some((e, h, mm)) = self.clock(k + 1) {
                        m.end = e;
                        m.val = Val::Time(d, h, mm);
                    }
                }
            }
        }
        best
    }

    /// A time of day at `i`: "5 a.m.", "10:30 pm", "3pm", "noon",
    /// "midnight", "14:00" (24-hour only after "at"): (end, hour, minute).
    fn clock(&self, i: usize) -> Option<(usize, u32, u32)> {
        if self.is(i, "noon") {
            return Some((i + 1, 12, 0));
        }
        if self.is(i, "midnight") {
            return Some((i + 1, 0, 0));
        }
        let (h, hn) = self.digits(i)?;
        if hn > 2 {
            return None;
        }
        let (mut k, mut mm) = (i + 1, 0);
        if self.is(k, ":") && self.glued(k) && self.glued(k + 1) {
            let (m2, n2) = self.digits(k + 1)?;
            if n2 != 2 || m2 > 59 {
                return None;
            }
            mm = m2;
            k += 2;
        }
        // "a.m." / "p.m." / "am" / "pm", glued or not.
        let (pm, end) = if self.is_any(k, &["am", "pm"]) {
            (self.is(k, "pm"), k + 1)
        } else if self.is_any(k, &["a", "p"])
            && self.is(k + 1, ".")
            && self.is(k + 2, "m")
            && self.glued(k + 1)
            && self.glued(k + 2)
        {
            let end = if self.is(k + 3, ".") && self.glued(k + 3) {
                k + 4
            } else {
                k + 3
            };
            (self.is(k, "p"), end)
        } else {
            // "at 14:00": 24-hour clock.
            if k > i + 1 && i > 0 && self.is(i - 1, "at") && h <= 23 {
                return Some((k, h, mm));
            }
            return None;
        };
        if !(1..=12).contains(&h) {
            return None;
        }
        let h24 = match (h, pm) {
            (12, false) => 0,
            (12, true) => 12,
            (h, true) => h + 12,
            (h, false) => h,
        };
        Some((end, h24, mm))
    }

    /// "5 a.m. on Monday", "noon on 3 June".
    fn clock_then_day(&self, i: usize) -> Option<(usize, Val)> {
        let (e, h, mm) = self.clock(i)?;
        if !self.is(e, "on") {
            return None;
        }
        let m = self.core(e + 1)?;
        match m.val {
            Val::Day(d) => Some((m.end, Val::Time(d, h, mm))),
            _ => None,
        }
    }

    /// An optional fuzzy modifier ("late", "the end of", "mid-") then a core.
    fn fuzzy_core(&self, i: usize) -> Option<M> {
        let plain = self.core(i);
        let mut fuzzy = None;
        if let Some((j, r)) = self.phrase(i, &self.lex.modifiers) {
            if r.fuzzy {
                let j = if self.is(j, "-") && self.glued(j) {
                    j + 1
                } else {
                    j
                };
                if let Some(mut m) = self
                    .core(j)
                    .filter(|m| self.approx_fits(r.modifier, j, &m.val))
                {
                    m.start = i;
                    if m.modifier.is_none() {
                        m.modifier = Some(r.modifier);
                    }
                    fuzzy = Some(m);
                }
            }
        }
        match (plain, fuzzy) {
            (Some(p), Some(f)) => Some(if f.end > p.end { f } else { p }),
            (p, f) => p.or(f),
        }
    }

    /// "about", "around", "nearly" modify counts and coarse dates ("about
    /// two years ago", "around 2005"), not a bare day ("talked about
    /// yesterday").
    fn approx_fits(&self, m: TimeModifier, j: usize, v: &Val) -> bool {
        if m != TimeModifier::Approx {
            return true;
        }
        let counted = self.t(j).is_some_and(|t| t.kind == TokKind::Num)
            || self.w(j).number > 0
            || self.is_any(j, &["a", "an", "several", "few", "many"]);
        counted || !matches!(v, Val::Day(_) | Val::Week(_))
    }

    /// "between X and Y", "from X to Y".
    fn wrapped_range(&self, i: usize) -> Option<M> {
        if !self.is_any(i, &["between", "from"]) {
            return None;
        }
        let a = self.fuzzy_core(i + 1)?;
        if !a.val.is_point() {
            return None;
        }
        if matches!(a.val, Val::Range(..)) {
            return Some(M { start: i, ..a });
        }
        let k = a.end;
        if !self.is_any(k, &["and", "to", "until", "through", "till", "-", "–"]) {
            return None;
        }
        let b = self.fuzzy_core(k + 1)?;
        if !b.val.is_point() {
            return None;
        }
        Some(M {
            start: i,
            end: b.end,
            val: Val::range(a.val, b.val),
            modifier: a.modifier,
        })
    }

    /// The longest core expression (no fuzzy prefix) at `i`.
    fn core(&self, i: usize) -> Option<M> {
        let t = self.t(i)?;
        let mut best: Option<(usize, Val)> = None;
        let mut take = |r: Option<(usize, Val)>| {
            if let Some(r) = r {
                if best.as_ref().is_none_or(|b| r.0 > b.0) {
                    best = Some(r);
                }
            }
        };
        match t.kind {
            TokKind::Num => {
                take(self.clock_then_day(i));
                take(self.iso_date(i));
                take(self.slash_date(i));
                take(self.day_month(i));
                take(self.decade(i));
                take(self.century(i));
                take(self.year(i));
                take(self.number_unit(i));
            }
            TokKind::Punct => take(self.decade(i)),
            TokKind::Word => {
                take(self.relative(i));
                take(self.month_first(i));
                take(self.which_month(i));
                take(self.day_month(i));
                take(self.weekday(i));
                take(self.season(i));
                take(self.quarter(i));
                take(self.decade(i));
                take(self.century(i));
                take(self.fiscal(i));
                take(self.number_unit(i));
                take(self.set(i));
                take(self.clock_then_day(i));
            }
        }
        best.map(|(end, val)| M {
            start: i,
            end,
            val,
            modifier: None,
        })
    }

    // ------------------------------------------------------------- rules --

    fn relative(&self, i: usize) -> Option<(usize, Val)> {
        let (end, r) = self.phrase(i, &self.lex.relative)?;
        let base = if r.from_last {
            self.last.or(self.anchor)?
        } else {
            self.anchor?
        };
        Some((end, shift(base, r.unit, r.offset)))
    }

    /// 2018-05-07.
    fn iso_date(&self, i: usize) -> Option<(usize, Val)> {
        let (y, n) = self.digits(i)?;
        if n != 4 || !self.is(i + 1, "-") || !self.glued(i + 1) || !self.glued(i + 2) {
            return None;
        }
        let (m, _) = self.digits(i + 2)?;
        if !self.is(i + 3, "-") || !self.glued(i + 3) || !self.glued(i + 4) {
            return None;
        }
        let (d, dn) = self.digits(i + 4)?;
        if dn > 2 {
            return None;
        }
        let date = NaiveDate::from_ymd_opt(y as i32, m, d)?;
        Some((i + 5, Val::Day(date)))
    }

    /// 05/07/2018 (US order; day first when the first number exceeds 12).
    fn slash_date(&self, i: usize) -> Option<(usize, Val)> {
        let (a, an) = self.digits(i)?;
        if an > 2 || !self.is(i + 1, "/") || !self.glued(i + 1) || !self.glued(i + 2) {
            return None;
        }
        let (b, bn) = self.digits(i + 2)?;
        if bn > 2 || !self.is(i + 3, "/") || !self.glued(i + 3) || !self.glued(i + 4) {
            return None;
        }
        let (y, yn) = self.digits(i + 4)?;
        let y = match yn {
            4 => y as i32,
            2 if y < 50 => 2000 + y as i32,
            2 => 1900 + y as i32,
            _ => return None,
        };
        let (m, d) = if a > 12 { (b, a) } else { (a, b) };
        let date = NaiveDate::from_ymd_opt(y, m, d)?;
        Some((i + 5, Val::Day(date)))
    }

    /// A month name at `i` (full, or abbreviated with an optional glued
    /// full stop): (month, next token, abbreviated?).
    fn month_at(&self, i: usize) -> Option<(u32, usize, bool)> {
        if !self.cap(i) {
            return None;
        }
        let w = self.w(i);
        if w.month > 0 {
            return Some((w.month as u32, i + 1, false));
        }
        if w.month_abbr > 0 {
            let next = if self.is(i + 1, ".") && self.glued(i + 1) {
                i + 2
            } else {
                i + 1
            };
            return Some((w.month_abbr as u32, next, true));
        }
        None
    }

    /// A day number (1–31) with an optional glued st/nd/rd/th.
    fn day_num(&self, i: usize) -> Option<(u32, usize)> {
        let (d, n) = self.digits(i)?;
        if n > 2 || !(1..=31).contains(&d) {
            return None;
        }
        if self.glued(i + 1) && self.is_any(i + 1, &["st", "nd", "rd", "th"]) {
            return Some((d, i + 2));
        }
        Some((d, i + 1))
    }

    /// A 4-digit year 1000–2999 at `i` (no context check: used after a month).
    fn year4(&self, i: usize) -> Option<i32> {
        let (y, n) = self.digits(i)?;
        (n == 4 && (1000..3000).contains(&y)).then_some(y as i32)
    }

    /// "last December", "next June", "this March".
    fn which_month(&self, i: usize) -> Option<(usize, Val)> {
        let which = self.which_at(i)?;
        let (m, j, abbr) = self.month_at(i + 1)?;
        if abbr {
            return None;
        }
        let a = self.anchor?;
        let (ay, am) = (a.year(), a.month());
        let y = match which {
            Which::Last => {
                if m < am {
                    ay
                } else {
                    ay - 1
                }
            }
            Which::Next => {
                if m > am {
                    ay
                } else {
                    ay + 1
                }
            }
            _ => ay,
        };
        Some((j, Val::Month(y, m)))
    }

    /// "May 7", "May 7, 2018", "May 2018", "May", "June or July", "May 7-9".
    fn month_first(&self, i: usize) -> Option<(usize, Val)> {
        let (m, j, abbr) = self.month_at(i)?;
        // Month + day.
        if let Some((d, k)) = self.day_num(j) {
            if !(self.t(k).is_some_and(|t| t.kind == TokKind::Num) && self.glued(k)) {
                let (year, end) = if self.is(k, ",") && self.year4(k + 1).is_some() {
                    (self.year4(k + 1), k + 2)
                } else if let Some(y) = self.year4(k) {
                    (Some(y), k + 1)
                } else {
                    (None, k)
                };
                let date = match year {
                    Some(y) => NaiveDate::from_ymd_opt(y, m, d)?,
                    None => day_date(self.anchor?, m, d, self.tense(i, end))?,
                };
                // "May 7-9".
                if year.is_none() && self.is_any(end, &["-", "–"]) {
                    if let Some((d2, e2)) = self.day_num(end + 1) {
                        if d2 > d {
                            if let Some(b) = NaiveDate::from_ymd_opt(date.year(), m, d2) {
                                return Some((e2, Val::range(Val::Day(date), Val::Day(b))));
                            }
                        }
                    }
                }
                return Some((end, Val::Day(date)));
            }
        }
        // Month + year.
        let (year, end) = if let Some(y) = self.year4(j) {
            (Some(y), j + 1)
        } else if self.is(j, "of") && self.year4(j + 1).is_some() {
            (self.year4(j + 1), j + 2)
        } else {
            (None, j)
        };
        if abbr && year.is_none() {
            return None;
        }
        if year.is_none() && !self.month_alone_ok(i, m, j) {
            return None;
        }
        // "June or July (2018)".
        if self.is_any(end, RANGE_JOINERS) {
            if let Some((m2, j2, _)) = self.month_at(end + 1) {
                if self.w(end + 1).month > 0 {
                    let y2 = self.year4(j2);
                    let e2 = if y2.is_some() { j2 + 1 } else { j2 };
                    let (y1, y2) = match (year, y2) {
                        (Some(a), Some(b)) => (a, b),
                        (None, Some(b)) => (if m2 >= m { b } else { b - 1 }, b),
                        (Some(a), None) => (a, if m2 >= m { a } else { a + 1 }),
                        (None, None) => {
                            let a = month_year(self.anchor?, m, self.tense(i, e2));
                            (a, if m2 >= m { a } else { a + 1 })
                        }
                    };
                    return Some((e2, Val::range(Val::Month(y1, m), Val::Month(y2, m2))));
                }
            }
        }
        let y = match year {
            Some(y) => y,
            None => month_year(self.anchor?, m, self.tense(i, end)),
        };
        Some((end, Val::Month(y, m)))
    }

    /// May a full month name stand alone here (not "May I", "April Smith")?
    fn month_alone_ok(&self, i: usize, m: u32, next: usize) -> bool {
        // "May" and "March" are also a name, a modal and a verb: they need a
        // preposition that only a date takes ("in May", not "told May").
        if m == 3 || m == 5 {
            return i > 0
                && self.is_any(i - 1, PREP_BEFORE_MONTH)
                && !self.is_any(i - 1, &["to", "and", "or", "that", "on", "for", "-", "–"]);
        }
        if i > 0 && self.is_any(i - 1, PREP_BEFORE_MONTH) {
            return true;
        }
        let name_after = self.t(next).is_some_and(|t| t.kind == TokKind::Word) && self.cap(next);
        let name_before = i > 0
            && self.t(i - 1).is_some_and(|t| t.kind == TokKind::Word)
            && self.cap(i - 1)
            && self.sent.get(i - 1) == self.sent.get(i);
        !name_after && !name_before
    }

    /// "7 May 2018", "the 7th of May", "7 May".
    fn day_month(&self, i: usize) -> Option<(usize, Val)> {
        let i0 = i;
        let i = if self.is(i, "the") { i + 1 } else { i };
        let (d, mut k) = self.day_num(i)?;
        if self.is(k, "of") {
            k += 1;
        }
        let (m, j, _) = self.month_at(k)?;
        let (year, end) = if self.is(j, ",") && self.year4(j + 1).is_some() {
            (self.year4(j + 1), j + 2)
        } else if let Some(y) = self.year4(j) {
            (Some(y), j + 1)
        } else {
            (None, j)
        };
        let date = match year {
            Some(y) => NaiveDate::from_ymd_opt(y, m, d)?,
            None => day_date(self.anchor?, m, d, self.tense(i0, end))?,
        };
        Some((end, Val::Day(date)))
    }

    fn which_at(&self, i: usize) -> Option<Which> {
        Some(if self.is(i, "last") {
            Which::Last
        } else if self.is(i, "next") {
            Which::Next
        } else if self.is(i, "this") {
            Which::This
        } else {
            return None;
        })
    }

    /// "Monday", "last Friday", "next Tuesday morning", "Monday, May 7".
    fn weekday(&self, i: usize) -> Option<(usize, Val)> {
        let which = self.which_at(i);
        let k = if which.is_some() { i + 1 } else { i };
        let wd = self.w(k).weekday as u32;
        if wd == 0 || !self.cap(k) {
            return None;
        }
        // "Monday, May 7": the date decides.
        if which.is_none() && self.is(k + 1, ",") {
            if let Some((end, v @ Val::Day(_))) = self.month_first(k + 2) {
                return Some((end, v));
            }
        }
        let mut end = k + 1;
        if self.is_any(end, &["morning", "afternoon", "evening", "night"]) {
            end += 1;
        }
        let which = which.unwrap_or_else(|| Which::Plain(self.tense(i, end)));
        Some((end, Val::Day(weekday_date(self.anchor?, wd, which))))
    }

    /// "last summer", "summer 2017", "the summer of 2017", "in the spring".
    fn season(&self, i: usize) -> Option<(usize, Val)> {
        let which = self.which_at(i);
        let the = which.is_none() && self.is(i, "the");
        let k = if which.is_some() || the { i + 1 } else { i };
        let s = self.w(k).season?;
        // "summer 2017", "the summer of 2017".
        let year = if let Some(y) = self.year4(k + 1) {
            Some((y, k + 2))
        } else if self.is(k + 1, "of") {
            self.year4(k + 2).map(|y| (y, k + 3))
        } else {
            None
        };
        if let Some((y, end)) = year {
            return Some((end, Val::Season(y, s)));
        }
        let anchor = self.anchor?;
        match which {
            Some(w) => Some((k + 1, Val::Season(season_year(anchor, s, w), s))),
            None if the => {
                // Only after a preposition: "in the summer", not "the fall of Saigon".
                let prep = i > 0
                    && self.is_any(
                        i - 1,
                        &[
                            "in",
                            "during",
                            "by",
                            "until",
                            "since",
                            "over",
                            "through",
                            "throughout",
                            "for",
                        ],
                    );
                if !prep || self.is(k + 1, "of") {
                    return None;
                }
                let tense = self.tense(i, k + 1);
                Some((
                    k + 1,
                    Val::Season(season_year(anchor, s, Which::Plain(tense)), s),
                ))
            }
            None => None,
        }
    }

    /// "the second quarter (of 2017)", "Q3 2017", "third-quarter".
    fn quarter(&self, i: usize) -> Option<(usize, Val)> {
        let (q, k) = if self.is(i, "q") && self.cap(i) && self.glued(i + 1) {
            let (q, _) = self.digits(i + 1)?;
            (q, i + 2)
        } else {
            let q = self.w(i).ordinal as u32;
            let k = if self.is(i + 1, "-") && self.glued(i + 1) {
                i + 2
            } else {
                i + 1
            };
            if !self.is(k, "quarter") {
                return None;
            }
            (q, k + 1)
        };
        if !(1..=4).contains(&q) {
            return None;
        }
        if let Some(y) = self.year4(k) {
            return Some((k + 1, Val::Quarter(y, q)));
        }
        if self.is(k, "of") {
            if let Some(y) = self.year4(k + 1) {
                return Some((k + 2, Val::Quarter(y, q)));
            }
            if let (Some(w), true) = (self.which_at(k + 1), self.is(k + 2, "year")) {
                let y = self.anchor?.year()
                    + match w {
                        Which::Last => -1,
                        Which::Next => 1,
                        _ => 0,
                    };
                return Some((k + 3, Val::Quarter(y, q)));
            }
        }
        let anchor = self.anchor?;
        Some((
            k,
            Val::Quarter(quarter_year(anchor, q, self.tense(i, k)), q),
        ))
    }

    /// "1990s", "the '90s", "the nineties".
    fn decade(&self, i: usize) -> Option<(usize, Val)> {
        if let Some((y, 4)) = self.digits(i) {
            if y % 10 == 0 && self.glued(i + 1) && self.is(i + 1, "s") {
                return Some((i + 2, Val::Decade(y as i32 / 10)));
            }
            return None;
        }
        if self.is_any(i, &["'", "’"]) {
            let (y, n) = self.digits(i + 1)?;
            if n == 2
                && y % 10 == 0
                && self.glued(i + 1)
                && self.glued(i + 2)
                && self.is(i + 2, "s")
            {
                let c = if y <= 20 { 200 } else { 190 };
                return Some((i + 3, Val::Decade(c + y as i32 / 10)));
            }
            return None;
        }
        let d = self.w(i).decade_word;
        if d > 0 && i > 0 && self.is(i - 1, "the") {
            return Some((i + 1, Val::Decade(190 + d as i32 / 10)));
        }
        None
    }

    /// "the 20th century", "the nineteenth century", "this century".
    fn century(&self, i: usize) -> Option<(usize, Val)> {
        if let Some(w) = self.which_at(i) {
            if !self.is(i + 1, "century") {
                return None;
            }
            let c = self.anchor?.year() / 100
                + match w {
                    Which::Last => -1,
                    Which::Next => 1,
                    _ => 0,
                };
            return Some((i + 2, Val::Century(c)));
        }
        let (n, k) = if let Some((n, len)) = self.digits(i) {
            if len > 2 || !self.glued(i + 1) || !self.is_any(i + 1, &["st", "nd", "rd", "th"]) {
                return None;
            }
            (n, i + 2)
        } else {
            let o = self.w(i).ordinal as u32;
            if o == 0 {
                return None;
            }
            // "twenty-first".
            if self.is(i, "twenty") && self.is(i + 1, "-") && self.glued(i + 1) {
                (20 + self.w(i + 2).ordinal as u32, i + 3)
            } else {
                (o, i + 1)
            }
        };
        let k = if self.is(k, "-") && self.glued(k) {
            k + 1
        } else {
            k
        };
        if !self.is(k, "century") || !(1..=30).contains(&n) {
            return None;
        }
        Some((k + 1, Val::Century(n as i32 - 1)))
    }

    /// A year in a date-like context: "in 2010", "2010 elections", "2010-2012".
    fn year(&self, i: usize) -> Option<(usize, Val)> {
        let (y, n) = self.digits(i)?;
        if n != 4 || !(1800..=2100).contains(&y) {
            return None;
        }
        // "Resolution 2042", "Flight 1549": a label, not a year.
        if i > 0 && self.w(i - 1).year_context == -2 {
            return None;
        }
        if i > 0 && self.glued(i) {
            if let Some(p) = self.t(i - 1) {
                if p.kind == TokKind::Num
                    || matches!(
                        p.text(self.text),
                        "$" | "€" | "£" | "¥" | "#" | "," | "." | ":" | "/"
                    )
                {
                    return None;
                }
            }
        }
        if let Some(nt) = self.t(i + 1) {
            let s = nt.text(self.text);
            if !nt.space_before {
                match nt.kind {
                    TokKind::Word | TokKind::Num => return None,
                    TokKind::Punct => {
                        if s == "%" {
                            return None;
                        }
                        if matches!(s, "," | "." | ":")
                            && self
                                .t(i + 2)
                                .is_some_and(|t| t.kind == TokKind::Num && !t.space_before)
                        {
                            return None;
                        }
                        // "2010-2012", "2010–12".
                        if matches!(s, "-" | "–") && self.glued(i + 2) {
                            if let Some((y2, n2)) = self.digits(i + 2) {
                                let y2 = match n2 {
                                    4 => y2,
                                    2 => y / 100 * 100 + y2,
                                    _ => 0,
                                };
                                if y2 > y && y2 <= 2100 {
                                    return Some((
                                        i + 3,
                                        Val::range(Val::Year(y as i32), Val::Year(y2 as i32)),
                                    ));
                                }
                            }
                        }
                    }
                }
            } else if nt.kind == TokKind::Word {
                let w = self.w(i + 1);
                if w.year_context < 0 || w.unit.is_some() {
                    return None;
                }
                let round = y % 100 == 0
                    || (y % 10 == 0
                        && !(i > 0
                            && self.is_any(
                                i - 1,
                                &["the", "in", "of", "since", "during", "until", "by", "from"],
                            )));
                if w.year_context == 0
                    && round
                    && nt.is_lower_word(self.text)
                    && s.len() > 3
                    && s.ends_with('s')
                    && !s.ends_with("ss")
                {
                    return None;
                }
            }
        }
        if i > 0
            && self.t(i - 1).is_some_and(|p| {
                p.kind == TokKind::Punct && matches!(p.text(self.text), "$" | "€" | "£")
            })
        {
            return None;
        }
        Some((i + 1, Val::Year(y as i32)))
    }

    /// "fiscal 2018", "fiscal year 2018", "FY2018".
    fn fiscal(&self, i: usize) -> Option<(usize, Val)> {
        if self.is(i, "fy") && self.glued(i + 1) {
            let y = self.year4(i + 1)?;
            return Some((i + 2, Val::Year(y)));
        }
        if self.is(i, "fiscal") {
            let k = if self.is(i + 1, "year") { i + 2 } else { i + 1 };
            let y = self.year4(k)?;
            return Some((k + 1, Val::Year(y)));
        }
        None
    }

    /// A cardinal at `i`: digits (with thousands commas) or a number word
    /// ("twenty-five").
    fn number(&self, i: usize) -> Option<(u32, usize)> {
        if let Some((mut n, len)) = self.digits(i) {
            let mut k = i + 1;
            if len <= 3 {
                while self.is(k, ",") && self.glued(k) && self.glued(k + 1) {
                    match self.digits(k + 1) {
                        Some((g, 3)) => {
                            n = n.saturating_mul(1000).saturating_add(g);
                            k += 2;
                        }
                        _ => break,
                    }
                }
            }
            return Some((n, k));
        }
        let n = self.w(i).number;
        if n == 0 {
            return None;
        }
        if (20..100).contains(&n) && self.is(i + 1, "-") && self.glued(i + 1) && self.glued(i + 2) {
            let u = self.w(i + 2).number;
            if (1..10).contains(&u) {
                return Some((n + u, i + 3));
            }
        }
        Some((n, i + 1))
    }

    /// Durations and offsets: "six weeks", "6-week", "two years ago",
    /// "three days later", "the past two years", "several months".
    fn number_unit(&self, i: usize) -> Option<(usize, Val)> {
        // "the past/last/next/coming N units", "the past week".
        if self.is(i, "the")
            && self.is_any(
                i + 1,
                &["past", "last", "next", "coming", "previous", "first"],
            )
        {
            if let Some((n, k)) = self.number(i + 2) {
                let u = self.w(k).unit?;
                return Some((k + 1, Val::Duration(duration(Some(n), u.unit, u.times))));
            }
            if self.is_any(i + 1, &["past", "previous"]) {
                let u = self.w(i + 2).unit?;
                return Some((i + 3, Val::Duration(duration(Some(1), u.unit, u.times))));
            }
            return None;
        }
        let (n, k) = if self.is_any(i, &["a", "an"]) {
            (Some(1), i + 1)
        } else if self.is_any(i, &["several", "many"])
            || (self.is(i, "few") && i > 0 && self.is(i - 1, "a"))
        {
            (None, i + 1)
        } else {
            let (n, k) = self.number(i)?;
            (Some(n), k)
        };
        // "three-day", "6-week": adjectival duration.
        let (k, hyphen) = if self.is(k, "-") && self.glued(k) && self.glued(k + 1) {
            (k + 1, true)
        } else {
            (k, false)
        };
        let u = self.w(k).unit?;
        if self.t(k).is_some_and(|t| t.kind != TokKind::Word) {
            return None;
        }
        let end = k + 1;
        // "a three-year-old": an age.
        if self.is(end, "-") && self.is(end + 1, "old") || self.is(end, "old") {
            return None;
        }
        if !hyphen {
            if let Some(n) = n {
                let (back, from_last) = if self.is(end, "ago") {
                    (true, false)
                } else if self.is_any(end, &["earlier", "before"]) {
                    (true, true)
                } else if self.is_any(end, &["later", "after"]) {
                    (false, true)
                } else {
                    (false, false)
                };
                if self.is_any(end, &["ago", "earlier", "before", "later", "after"]) {
                    let base = if from_last {
                        self.last.or(self.anchor)?
                    } else {
                        self.anchor?
                    };
                    let n = (n.saturating_mul(u.times)).min(100_000) as i32;
                    let n = if back { -n } else { n };
                    let v = match u.unit {
                        Unit::Second | Unit::Minute | Unit::Hour => Val::Day(base),
                        Unit::Week => Val::Week(add_days(base, 7 * n as i64)),
                        Unit::Month => {
                            let (y, m) = add_months(base.year(), base.month(), n);
                            Val::Month(y, m)
                        }
                        other => shift(base, other, n),
                    };
                    // "before"/"after" only count as offsets at a clause end.
                    if self.is_any(end, &["before", "after"])
                        && self
                            .t(end + 1)
                            .is_some_and(|t| t.kind == TokKind::Word || t.kind == TokKind::Num)
                    {
                        return Some((
                            end,
                            Val::Duration(duration(Some(n.unsigned_abs()), u.unit, 1)),
                        ));
                    }
                    return Some((end + 1, v));
                }
            }
        }
        // "a year" alone is a duration only after a few words ("for a year").
        if self.is_any(i, &["a", "an"]) {
            let prev_ok = i > 0
                && self.is_any(
                    i - 1,
                    &[
                        "for", "over", "within", "nearly", "almost", "about", "than", "half", "in",
                    ],
                );
            if !prev_ok || hyphen {
                return None;
            }
            if i > 0 && self.is_any(i - 1, &["once", "twice"]) {
                return None;
            }
        }
        // Quantities of digits followed by a singular unit word ("1 day") are fine;
        // a bare "second" ordinal is not a unit here.
        if self.is(k, "second") && !hyphen {
            return None;
        }
        Some((end, Val::Duration(duration(n, u.unit, u.times))))
    }

    /// "every Monday", "each year", "annually", "once a week".
    fn set(&self, i: usize) -> Option<(usize, Val)> {
        if self.is(i, "annually") {
            return Some((i + 1, Val::Set("P1Y".into())));
        }
        let k = if self.is_any(i, &["every", "each"]) {
            i + 1
        } else if self.is_any(i, &["once", "twice"])
            && self.is_any(i + 1, &["a", "an", "per", "every"])
        {
            i + 2
        } else {
            return None;
        };
        let w = self.w(k);
        if w.weekday > 0 && self.cap(k) {
            return Some((k + 1, Val::Set(format!("XXXX-WXX-{}", w.weekday))));
        }
        let u = w.unit?;
        if self.s(k).ends_with('s') {
            return None;
        }
        Some((k + 1, Val::Set(duration(Some(1), u.unit, u.times))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chronicler_doc::Granularity;

    fn d(y: i32, m: u32, dd: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, dd)
    }

    #[test]
    fn embedded_tables_parse() {
        let t = TimeTagger::new();
        assert!(t.lex.words.len() > 100);
        assert!(!t.lex.relative.is_empty());
    }

    #[test]
    fn no_anchor_skips_relative() {
        let t = TimeTagger::new();
        let f = t.find(
            "They met yesterday, on 3 March 2015, and in late May.",
            None,
        );
        let v: Vec<&str> = f.iter().map(|x| x.value.as_str()).collect();
        assert_eq!(v, ["2015-03-03"]);
    }

    #[test]
    fn ranges_and_modifiers() {
        let t = TimeTagger::new();
        let f = t.find("Talks could resume in late June or July.", d(2018, 5, 9));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].value, "2018-06/2018-07");
        assert_eq!(f[0].modifier, Some(TimeModifier::Late));
        let f = t.find("Prices have risen since 2011.", d(2018, 5, 9));
        assert_eq!(f[0].value, "2011");
        assert_eq!(f[0].modifier, Some(TimeModifier::Since));
        assert_eq!(f[0].granularity, Granularity::Year);
    }

    #[test]
    fn does_not_panic_on_odd_text() {
        let t = TimeTagger::new();
        for s in [
            "",
            "May",
            "9999999999999 years",
            "’s",
            "the 99th century",
            "Q9",
            "31/31/2018",
            "“May 7”…",
            "FY",
            "2018-",
        ] {
            let _ = t.find(s, d(2018, 5, 9));
        }
    }
}
