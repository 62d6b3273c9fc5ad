//! Sentence boundaries over the token sequence.
//!
//! A sentence ends
//! - at a blank line, and at a single line break unless the text is
//!   hard-wrapped (most of its line breaks fall inside sentences);
//! - after `.`, `!`, `?`, `…` (with the closing quotes and brackets that
//!   follow them) when the next token can open a sentence;
//! - after an abbreviation that may end a sentence ("U.S.", "Inc.") only when
//!   a frequent sentence starter follows ("in the U.S. The next day"); never
//!   after a title ("Mr.", "Gen.") or an initial before a name ("W. Bush").
//!
//! A sentence of punctuation alone (`|`, a stray quote) joins the sentence
//! before it on the same line. A sentence that does not end in final
//! punctuation (a headline, a caption) is a [`SentenceKind::Fragment`].

use crate::chars::*;
use crate::lexicon::{AbbrevClass, Lexicon};
use crate::tokenize::char_at;
use chronicler_doc::{Sentence, SentenceKind, Span, Token, TokenFlags, TokenRange};

/// How a token can end a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    /// Not at all.
    No,
    /// `!`, `?`, `。`: a strong end.
    Strong,
    /// A bare period.
    Period,
    /// An ellipsis (`...`, `…`).
    Ellipsis,
    /// An abbreviation that may end a sentence ("U.S.", "etc.").
    Abbrev,
    /// A capital initial ("W.").
    Initial,
    /// A title or a word before a number ("Mr.", "No."): never ends one.
    Title,
}

/// Whether a single line break ends a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum LineBreaks {
    /// Decide per text: a single line break ends a sentence (and a
    /// paragraph) unless the text looks hard-wrapped, that is, at least a
    /// third of its line breaks (and three or more) fall inside sentences.
    #[default]
    Auto,
    /// Every line break ends a sentence and a paragraph (one paragraph a line).
    Always,
    /// Only blank lines end sentences by themselves (hard-wrapped text).
    BlankOnly,
}

/// Words that often follow a time ("5 p.m. Tuesday", "9 a.m. ET").
fn is_time_word(w: &str) -> bool {
    const WORDS: &[&str] = &[
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
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Sept",
        "Oct",
        "Nov",
        "Dec",
        "ET",
        "EST",
        "EDT",
        "CT",
        "CST",
        "CDT",
        "MT",
        "MST",
        "MDT",
        "PT",
        "PST",
        "PDT",
        "GMT",
        "UTC",
        "BST",
        "CET",
        "CEST",
        "IST",
        "JST",
        "KST",
        "Eastern",
        "Central",
        "Pacific",
        "Mountain",
        "Moscow",
        "Beijing",
        "Tokyo",
        "London",
        "Seoul",
        "local",
    ];
    WORDS.contains(&w)
}

/// Closing quotes and brackets looked through to find final punctuation
/// (bounded, so that a run of thousands of `)` stays linear).
const MAX_CLOSERS: usize = 8;

pub(crate) struct Splitter<'a> {
    pub(crate) lex: &'a Lexicon,
    pub(crate) line_breaks: LineBreaks,
    pub(crate) text: &'a str,
    pub(crate) tokens: &'a [Token],
    pub(crate) breaks: &'a [u8],
}

impl Splitter<'_> {
    #[inline]
    fn tok(&self, k: usize) -> &str {
        self.tokens.get(k).map_or("", |t| t.span.slice(self.text))
    }

    #[inline]
    fn first_char(&self, k: usize) -> Option<char> {
        let t = self.tokens.get(k)?;
        char_at(self.text, t.span.start()).map(|x| x.0)
    }

    #[inline]
    fn is_closer(&self, k: usize) -> bool {
        let s = self.tok(k);
        let mut cs = s.chars();
        match (cs.next(), cs.next()) {
            (Some(c), None) => is_closing(c),
            (Some('\''), Some('\'')) => cs.next().is_none(),
            _ => false,
        }
    }

    fn end_kind(&self, k: usize) -> End {
        let t = match self.tokens.get(k) {
            Some(t) => t,
            None => return End::No,
        };
        let s = t.span.slice(self.text);
        let b = s.as_bytes();
        let Some(&last) = b.last() else {
            return End::No;
        };
        if t.flags.has(TokenFlags::TERMINAL) || s.chars().all(is_terminal) {
            if b.len() >= 2 && b.iter().all(|&c| c == b'.') || s.contains('…') {
                return End::Ellipsis;
            }
            if s.chars().all(|c| c == '.') {
                return End::Period;
            }
            return End::Strong;
        }
        if last == b'.' && b.len() >= 2 {
            let form = &b[..b.len() - 1];
            if form.len() == 1 && form[0].is_ascii_uppercase() {
                return End::Initial;
            }
            return match self.lex.abbrev(form) {
                Some(AbbrevClass::Title) | Some(AbbrevClass::Number) => End::Title,
                _ => End::Abbrev,
            };
        }
        End::No
    }

    /// True when a sentence ends after token `i` (which is not the last)
    /// on punctuation grounds; `start` is the current sentence's first token.
    fn ends_after(&self, start: usize, i: usize) -> bool {
        let t = &self.tokens[i];
        if self.web_ends(start, i) {
            return true;
        }
        // Fast path: a word token ends a sentence only as a URL or emoticon.
        let last = self
            .text
            .as_bytes()
            .get(t.span.end().wrapping_sub(1))
            .copied();
        if last.is_some_and(|b| b.is_ascii_alphanumeric()) {
            return self.url_or_emoticon_ends(i);
        }
        let attached = !t.flags.has(TokenFlags::SPACE_AFTER);
        // A closer glued to the end: absorb it first.
        if attached && self.is_closer(i + 1) {
            let e = self.end_kind(i);
            if e != End::No || self.is_closer(i) {
                return false;
            }
        }
        let (mut k, end_tok) = (i, i);
        while k > start && k + MAX_CLOSERS > end_tok && self.is_closer(k) {
            k -= 1;
        }
        let closed = k < i;
        let end = self.end_kind(k);
        if end == End::No {
            return self.url_or_emoticon_ends(i);
        }
        // A list marker ("1.", "b.") opens the sentence after it, at the
        // start of a sentence or after a colon or an opening quote.
        if end == End::Period && k > start && self.is_list_marker(k - 1) {
            let before = (k - 1 > start).then(|| self.first_char(k - 2)).flatten();
            if k - 1 == start || matches!(before, Some(':' | '"' | '“')) {
                return false;
            }
        }
        // A sentence of punctuation alone ("..." opening a line) goes on.
        if end == End::Title || k == start && end != End::Abbrev {
            return false;
        }
        let Some(c0) = self.first_char(i + 1) else {
            return false;
        };
        let next = self.tok(i + 1);
        // An emoticon, or a lone period after "?)", stays with the sentence.
        if self.lex.is_emoticon(next) || matches!(next, "." | "!" | "?" | "!!" | "??") {
            return false;
        }
        let upper = c0.is_uppercase();
        let opens = is_opening(c0) && !matches!(c0, '\'' | '`') || c0 == '\'' && next.len() == 1;
        match end {
            End::Strong | End::Period => {
                // Caseless scripts (Arabic, Hebrew, Devanagari, Hangul) have
                // no capital to look for.
                let caseless = c0.is_alphabetic() && !c0.is_lowercase() && !upper;
                if upper || caseless || c0.is_ascii_digit() || opens || is_cjk(c0) || is_emoji(c0) {
                    return true;
                }
                if c0.is_lowercase() {
                    // "Why?" she asked. / web text: "really? i think so."
                    return !closed;
                }
                // Other symbols open a sentence ("$5m was raised", "*** ",
                // "- Signature", "... and"); these continue one.
                !c0.is_alphanumeric()
                    && !matches!(
                        c0,
                        ',' | ';'
                            | ':'
                            | ')'
                            | ']'
                            | '}'
                            | '%'
                            | '/'
                            | '?'
                            | '!'
                            | '\''
                            | '’'
                            | '”'
                            | '»'
                            | '"'
                            | '>'
                    )
            }
            End::Ellipsis => upper,
            End::Abbrev | End::Initial => {
                if upper {
                    // The word's letters: "It's" counts as "It".
                    let word = next
                        .split(|c: char| !c.is_alphabetic())
                        .next()
                        .unwrap_or(next);
                    if self.lex.is_starter(word) && word != "A" || closed {
                        return true;
                    }
                    // "at 5 p.m. Officials said" ends; "at 5 p.m. Tuesday" does not.
                    let t = self.tok(k);
                    (t.eq_ignore_ascii_case("a.m.") || t.eq_ignore_ascii_case("p.m."))
                        && !is_time_word(word)
                } else {
                    end == End::Abbrev && matches!(c0, '"' | '“' | '«')
                }
            }
            End::No | End::Title => false,
        }
    }

    /// "1", "12", "b": a list item's number or letter.
    fn is_list_marker(&self, k: usize) -> bool {
        let s = self.tok(k).as_bytes();
        (1..=2).contains(&s.len()) && s.iter().all(u8::is_ascii_digit)
            || s.len() == 1 && s[0].is_ascii_lowercase()
    }

    /// A URL followed by another, or an emoticon before a capital, ends a
    /// sentence (lists of links, chat).
    fn url_or_emoticon_ends(&self, i: usize) -> bool {
        let tok = &self.tokens[i];
        if self.header_ends(i) {
            return true;
        }
        let first = self.text.as_bytes().get(tok.span.start()).copied();
        if matches!(first, Some(b'h' | b'w' | b'H' | b'W')) {
            let url = |w: &str| w.starts_with("http") || w.starts_with("www.");
            if url(self.tok(i)) {
                return url(self.tok(i + 1));
            }
        }
        tok.span.len() <= 4
            && !tok.flags.has(TokenFlags::ALPHA)
            && !first.is_some_and(|b| b.is_ascii_alphanumeric())
            && self.lex.is_emoticon(self.tok(i))
            && self.first_char(i + 1).is_some_and(char::is_uppercase)
    }

    /// Rule lines ("-----"), sign-offs ("Thanks, Ann"), e-mail addresses
    /// before a capital and attachment markers (">>") end sentences in
    /// e-mail and web text.
    fn web_ends(&self, start: usize, i: usize) -> bool {
        let rule = |k: usize| {
            self.tokens.get(k).is_some_and(|t| {
                t.flags.has(TokenFlags::PUNCT)
                    && t.span.len() >= 4
                    && t.span
                        .slice(self.text)
                        .bytes()
                        .all(|c| matches!(c, b'-' | b'=' | b'_' | b'*' | b'~'))
            })
        };
        if rule(i) || rule(i + 1) {
            return true;
        }
        if self.tokens[i].flags.has(TokenFlags::ALPHA) {
            return false;
        }
        let t = self.tok(i);
        let next_title = self
            .tokens
            .get(i + 1)
            .is_some_and(|n| n.flags.has(TokenFlags::TITLE));
        if t == "," && next_title && i >= 1 {
            let w = self.tok(i - 1);
            let first = i - 1 == start
                || i >= 2
                    && i - 2 == start
                    && matches!(self.tok(start), "Best" | "Kind" | "Warm" | "Thank");
            return first
                && matches!(
                    w,
                    "Thanks" | "Regards" | "regards" | "Best" | "Cheers" | "Sincerely" | "you"
                );
        }
        if t == ">>" {
            return true;
        }
        next_title && t.len() > 5 && t.contains('@') && t.contains('.') && !t.ends_with('.')
    }

    /// E-mail header lines: "Ann Lee 08/16/2000 03:14 PM" ends after the
    /// name and after the time.
    fn header_ends(&self, i: usize) -> bool {
        let is_date = |k: usize| {
            let t = self.tok(k).as_bytes();
            t.len() >= 6
                && t.iter().filter(|&&c| c == b'/').count() == 2
                && t.iter().all(|c| c.is_ascii_digit() || *c == b'/')
        };
        let is_time = |k: usize| {
            let t = self.tok(k).as_bytes();
            (4..=8).contains(&t.len())
                && t.contains(&b':')
                && t.iter().all(|c| c.is_ascii_digit() || *c == b':')
        };
        let tok = &self.tokens[i];
        if tok.span.len() == 2 && i >= 2 && matches!(self.tok(i), "AM" | "PM" | "am" | "pm") {
            return is_time(i - 1) && is_date(i - 2);
        }
        tok.flags.has(TokenFlags::TITLE)
            && tok.flags.has(TokenFlags::ALPHA)
            && self
                .tokens
                .get(i + 1)
                .is_some_and(|n| n.flags.has(TokenFlags::DIGIT) && n.span.len() >= 6)
            && is_date(i + 1)
    }

    /// Length in bytes of the longest line.
    fn longest_line(&self) -> usize {
        let mut line_start = self.tokens.first().map_or(0, |t| t.span.start());
        let mut longest = 0;
        for (i, &br) in self.breaks.iter().enumerate() {
            if br > 0 || i + 1 == self.tokens.len() {
                longest = longest.max(self.tokens[i].span.end() - line_start);
                line_start = self.tokens.get(i + 1).map_or(0, |t| t.span.start());
            }
        }
        longest
    }

    /// Hard-wrapped text: most single line breaks fall inside sentences.
    fn wrapped(&self) -> bool {
        let (mut single, mut soft) = (0usize, 0usize);
        for (i, &br) in self.breaks.iter().enumerate() {
            if br != 1 || i + 1 >= self.tokens.len() {
                continue;
            }
            single += 1;
            // A line that stops after a word or a comma and goes on in
            // lowercase ("met on\nTuesday" does not count; CSS or code
            // lines ending in "{" or ";" do not either).
            let last = self.tok(i).chars().next_back();
            let mid = last.is_some_and(|c| c.is_alphanumeric() || c == ',');
            let next = self.tok(i + 1);
            if mid && next.chars().next().is_some_and(char::is_lowercase) && next.len() > 1 {
                soft += 1;
            }
        }
        single >= 3 && soft * 3 >= single
    }

    pub(crate) fn split(&self) -> Vec<Sentence> {
        let n = self.tokens.len();
        let mut out: Vec<Sentence> = Vec::with_capacity(n / 16 + 1);
        if n == 0 {
            return out;
        }
        let line_mode = match self.line_breaks {
            LineBreaks::Auto => !self.wrapped(),
            LineBreaks::Always => true,
            LineBreaks::BlankOnly => false,
        };
        // In hard-wrapped text, a line much shorter than the longest ends
        // its paragraph (a headline, a byline, a paragraph's last line) when
        // the next line opens like a sentence.
        let longest = if line_mode { 0 } else { self.longest_line() };
        let mut line_start = self.tokens[0].span.start();
        let mut start = 0usize;
        let mut para = 0u32;
        // Line breaks before the current sentence's first token.
        let mut break_before = 2u8;
        // The last token of a dateline opening the current sentence's line.
        let mut dateline_end = self.dateline_end(0);
        for i in 0..n {
            let br = self.breaks.get(i).copied().unwrap_or(0);
            let last = i + 1 == n;
            let short_line = br == 1
                && longest >= 40
                && (self.tokens[i].span.end() - line_start) * 10 < longest * 6
                && self.first_char(i + 1).is_some_and(|c| {
                    c.is_uppercase() || c.is_ascii_digit() || is_opening(c) && c != '\''
                });
            if br > 0 {
                line_start = self.tokens.get(i + 1).map_or(0, |t| t.span.start());
            }
            let hard = br >= 2 || (br == 1 && (line_mode || short_line));
            if !(last || hard || dateline_end == Some(i) || self.ends_after(start, i)) {
                continue;
            }
            // Stray closers, bars and final punctuation join the sentence before.
            let punct_only = (start..=i).all(|k| {
                self.is_closer(k) || matches!(self.tok(k), "|" | "||" | "¦") || {
                    // "?", "!!", "." but not an ellipsis ("...", "…")
                    let t = self.tok(k);
                    t.chars().all(is_terminal) && !t.contains('…') && !t.starts_with("..")
                }
            });
            match out.last_mut() {
                Some(prev) if punct_only && break_before == 0 && prev.paragraph == para => {
                    prev.tokens.end = (i + 1) as u32;
                    prev.span.end = self.tokens[i].span.end;
                    prev.kind = self.kind(prev.tokens.start as usize, i);
                }
                _ => out.push(Sentence {
                    span: Span::new(self.tokens[start].span.start(), self.tokens[i].span.end()),
                    tokens: TokenRange::new(start, i + 1),
                    kind: self.kind(start, i),
                    paragraph: para,
                }),
            }
            if hard {
                para += 1;
            }
            break_before = br;
            start = i + 1;
            dateline_end = if br > 0 {
                self.dateline_end(start)
            } else {
                None
            };
        }
        out
    }

    /// The last token of a dateline ("WASHINGTON (AP) —") that opens a line
    /// at token `start` and is followed by more text on that line.
    fn dateline_end(&self, start: usize) -> Option<usize> {
        let first = self.tokens.get(start)?;
        // Datelines open with a capital.
        if !self.first_char(start).is_some_and(|c| c.is_uppercase()) {
            return None;
        }
        let end = crate::dateline::end_at(self.text, first.span.start())?;
        let k = (start..self.tokens.len().min(start + 40))
            .find(|&k| self.tokens[k].span.end() >= end)?;
        let same_line = self.breaks.get(k).is_some_and(|&b| b == 0);
        (self.tokens[k].span.end() == end && k + 1 < self.tokens.len() && same_line).then_some(k)
    }

    fn kind(&self, start: usize, end: usize) -> SentenceKind {
        let (mut k, end_tok) = (end, end);
        while k > start && k + MAX_CLOSERS > end_tok && self.is_closer(k) {
            k -= 1;
        }
        match self.end_kind(k) {
            // A lead-in ending in a colon ("He listed three reasons:") is body text.
            End::No if self.tok(k) != ":" => SentenceKind::Fragment,
            _ => SentenceKind::Body,
        }
    }
}
