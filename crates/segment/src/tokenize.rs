//! The token scanner: whitespace chunks, then prefixes, suffixes and infixes
//! of each chunk, in one pass over the bytes.
//!
//! Conventions (close to UD English EWT surface tokens): punctuation is split
//! off words; "U.S.", "Mr.", "e.g." and initials keep their period; numbers
//! keep their inner `.`, `,`, `:` (`5.2bn`, `3,000`, `10:30`); currency signs
//! are tokens of their own (`$` `5.2bn`); a hyphen is its own token except
//! after a word-forming prefix (`e-mail`, `non-profit`), between long digit
//! groups (`713-853-3989`) and in Korean-style given names (`Jong-un`); URLs,
//! e-mail addresses and emoticons are one token; runs of CJK characters and
//! runs of emoji are one token; clitics follow [`Clitics`].

use crate::chars::*;
use crate::lexicon::{AbbrevClass, Lexicon};
use chronicler_doc::{Span, Token, TokenFlags};

/// What to do with clitics such as `'s`, `n't`, `'re`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Clitics {
    /// Keep every clitic inside its word (`don't`, `Kim's`): UD EWT's surface
    /// tokens, where both are multiword tokens.
    Keep,
    /// Split possessive `'s` off nouns (`Kim` `'s`) but keep contractions
    /// whole (`don't`, `it's`, `I'm`).
    SplitPossessive,
    /// Split every clitic as UD words do (`do` `n't`, `Kim` `'s`, `I` `'m`).
    /// The default: the tagger and parser (UD EWT words) and the NER
    /// (CoNLL-2003) were all trained on split clitics, so `it's` whole was
    /// an unknown word to them (tagged AUX, with no subject).
    #[default]
    Split,
}

#[inline]
pub(crate) fn char_at(s: &str, i: usize) -> Option<(char, usize)> {
    let b = *s.as_bytes().get(i)?;
    if b < 0x80 {
        return Some((b as char, 1));
    }
    let c = s.get(i..)?.chars().next()?;
    Some((c, c.len_utf8()))
}

#[inline]
pub(crate) fn char_before(s: &str, i: usize) -> Option<(char, usize)> {
    let b = *s.as_bytes().get(i.checked_sub(1)?)?;
    if b < 0x80 {
        return Some((b as char, 1));
    }
    let c = s.get(..i)?.chars().next_back()?;
    Some((c, c.len_utf8()))
}

/// Byte classes for [`flags_of`]: bit 0 uppercase, 1 lowercase, 2 digit,
/// 3 final punctuation, 4 quote, 5 hyphen, 6 letter.
const CLASS: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        t[c] = if b.is_ascii_uppercase() {
            1 | 64
        } else if b.is_ascii_lowercase() {
            2 | 64
        } else if b.is_ascii_digit() {
            4
        } else if b == b'.' || b == b'!' || b == b'?' {
            8
        } else if b == b'"' || b == b'\'' || b == b'`' {
            16
        } else if b == b'-' {
            32
        } else {
            0
        };
        c += 1;
    }
    t
};

/// Surface flags, with a fast path for ASCII equal to [`TokenFlags::of`].
#[inline]
pub(crate) fn flags_of(s: &str) -> TokenFlags {
    let b = s.as_bytes();
    let n = b.len();
    if n == 0 || !b.is_ascii() {
        return TokenFlags::of(s);
    }
    let (mut any, mut all) = (0u8, 0xffu8);
    for &c in b {
        let k = CLASS[usize::from(c & 0x7f)];
        any |= k;
        all &= k;
    }
    let mut f = 0u16;
    if CLASS[usize::from(b[0] & 0x7f)] & 1 != 0 {
        f |= TokenFlags::TITLE;
    }
    if any & 4 != 0 {
        f |= TokenFlags::DIGIT;
    }
    if all & 64 != 0 {
        f |= TokenFlags::ALPHA;
    }
    if any & (64 | 4) == 0 {
        f |= TokenFlags::PUNCT;
        if all & 8 != 0 {
            f |= TokenFlags::TERMINAL;
        }
    }
    if any & 1 != 0 && any & 2 == 0 {
        f |= TokenFlags::UPPER;
    }
    if any & 2 != 0 && any & 1 == 0 {
        f |= TokenFlags::LOWER;
    }
    if any & 16 != 0 && n <= 2 {
        f |= TokenFlags::QUOTE;
    }
    if any & 32 != 0 && n > 2 && b[1..n - 1].contains(&b'-') {
        f |= TokenFlags::HYPHEN;
    }
    TokenFlags(f)
}

/// Appends tokens for `text` to `tokens`, and for each token the number of
/// line breaks after it (0, 1, or 2 for a blank line or more) to `breaks`.
pub(crate) fn tokenize(
    lex: &Lexicon,
    clitics: Clitics,
    text: &str,
    tokens: &mut Vec<Token>,
    breaks: &mut Vec<u8>,
) {
    let b = text.as_bytes();
    let n = b.len();
    let mut sc = Scanner {
        lex,
        clitics,
        text,
        tokens,
        breaks,
        single_open: None,
    };
    let mut i = 0;
    while i < n {
        // Gap.
        let mut nl: u8 = 0;
        let gap_start = i;
        while i < n {
            let c = b[i];
            if c < 0x80 {
                if c <= b' ' || c == 0x7f {
                    if c == b'\n' || c == 0x0b {
                        nl = nl.saturating_add(1);
                    } else if c == b'\r' {
                        if b.get(i + 1) != Some(&b'\n') {
                            nl = nl.saturating_add(1);
                        }
                    } else if c == 0x0c {
                        nl = nl.saturating_add(2);
                    }
                    i += 1;
                    continue;
                }
                break;
            }
            match char_at(text, i) {
                Some((ch, len)) if is_gap(ch) => {
                    nl = nl.saturating_add(newlines_of(ch));
                    i += len;
                }
                _ => break,
            }
        }
        if i > gap_start {
            if let Some(t) = sc.tokens.last_mut() {
                t.flags.0 |= TokenFlags::SPACE_AFTER;
                if nl > 0 {
                    t.flags.0 |= TokenFlags::NEWLINE_AFTER;
                }
            }
            if let Some(last) = sc.breaks.last_mut() {
                *last = nl.min(2);
            }
            if nl > 0 {
                sc.single_open = None;
            }
        }
        if i >= n {
            break;
        }
        // Chunk.
        let start = i;
        let mut simple = true;
        while i < n {
            let c = b[i];
            if c < 0x80 {
                if c <= b' ' || c == 0x7f {
                    break;
                }
                if !c.is_ascii_alphanumeric() {
                    simple = false;
                }
                i += 1;
                continue;
            }
            simple = false;
            match char_at(text, i) {
                Some((ch, len)) => {
                    if is_gap(ch) {
                        break;
                    }
                    i += len;
                }
                None => {
                    // Not on a boundary (cannot happen on a &str); step a byte.
                    i += 1;
                }
            }
        }
        if simple && !b[start].is_ascii_digit() {
            match fused_split(clitics, &b[start..i]) {
                Some(k) => {
                    sc.push(start, start + k);
                    sc.push(start + k, i);
                }
                None => sc.push(start, i),
            }
        } else {
            // What follows the chunk, for "No. 5" and "etc. The".
            let mut j = i;
            let mut nls = 0;
            while j < n && matches!(b[j], b' ' | b'\t' | b'\n' | b'\r') {
                nls += usize::from(b[j] == b'\n');
                j += 1;
            }
            let mut w = j;
            while w < n && w < j + 12 && b[w].is_ascii_alphabetic() {
                w += 1;
            }
            let next = Next {
                first: b.get(j).copied().unwrap_or(b' '),
                word: (j, w),
                stop: j >= n || nls >= 2,
            };
            sc.chunk(start, i, next);
        }
    }
    if let Some(t) = sc.tokens.last_mut() {
        t.flags.0 |= TokenFlags::SPACE_AFTER;
    }
}

/// What follows a chunk: its first byte, its first ASCII word, and whether
/// the text or the paragraph ends first.
#[derive(Debug, Clone, Copy)]
struct Next {
    first: u8,
    word: (usize, usize),
    stop: bool,
}

struct Scanner<'a> {
    lex: &'a Lexicon,
    clitics: Clitics,
    text: &'a str,
    tokens: &'a mut Vec<Token>,
    breaks: &'a mut Vec<u8>,
    /// A single quote was opened and not yet closed (so a trailing `'` after
    /// `s` closes it rather than marking a plural possessive).
    single_open: Option<usize>,
}

const MAX_SUFFIXES: usize = 12;

/// Pronouns and words after which `'s` is "is"/"has"/"us", not a possessive.
const S_HOSTS: &[&str] = &[
    "it",
    "he",
    "she",
    "that",
    "there",
    "here",
    "what",
    "who",
    "where",
    "how",
    "let",
    "this",
    "when",
    "why",
    "everyone",
    "everybody",
    "someone",
    "somebody",
    "nobody",
    "everything",
    "something",
    "nothing",
];

impl Scanner<'_> {
    #[inline]
    fn push(&mut self, start: usize, end: usize) {
        if start >= end {
            return;
        }
        if let Some(s) = self.text.get(start..end) {
            self.tokens.push(Token {
                span: Span::new(start, end),
                flags: flags_of(s),
            });
            self.breaks.push(0);
        }
    }

    /// End of the character at `i` plus any extending marks after it.
    #[inline]
    fn extend_from(&self, i: usize, hi: usize) -> usize {
        let mut j = match char_at(self.text, i) {
            Some((_, len)) => i + len,
            None => return hi,
        };
        while j < hi {
            match char_at(self.text, j) {
                Some((c, len)) if is_extend(c) => j += len,
                _ => break,
            }
        }
        j.min(hi)
    }

    /// Is `s[lo..dot]` an abbreviation that keeps the period at `dot`?
    fn is_abbrev(&self, lo: usize, dot: usize, next: Next) -> bool {
        let Some(form) = self.text.as_bytes().get(lo..dot) else {
            return false;
        };
        if form.is_empty() || form.len() > 24 {
            return false;
        }
        // A single capital letter: an initial.
        if form.len() == 1 && form[0].is_ascii_uppercase() {
            return true;
        }
        // Letter-period chains: U.S, e.g, a.m, Ph.D
        if form.len() >= 3 && form.contains(&b'.') {
            let mut ok = true;
            let mut run = 0;
            for &c in form {
                if c.is_ascii_alphabetic() {
                    run += 1;
                    if run > 2 {
                        ok = false;
                        break;
                    }
                } else if c == b'.' {
                    if run == 0 {
                        ok = false;
                        break;
                    }
                    run = 0;
                } else {
                    ok = false;
                    break;
                }
            }
            if ok && run > 0 {
                return true;
            }
        }
        match self.lex.abbrev(form) {
            Some(AbbrevClass::Title) => true,
            // At the end of a sentence the period is a token of its own
            // ("etc" "." as in UD EWT).
            Some(AbbrevClass::General) => !(next.stop || self.starter_next(next)),
            Some(AbbrevClass::Number) => next.first.is_ascii_digit() || next.first == b'#',
            None => false,
        }
    }

    /// The next word is a frequent sentence starter (not "A", often a name's initial).
    fn starter_next(&self, next: Next) -> bool {
        self.text
            .get(next.word.0..next.word.1)
            .is_some_and(|w| w != "A" && self.lex.is_starter(w))
    }

    /// Splits the chunk `[lo, hi)` of the text.
    fn chunk(&mut self, mut lo: usize, mut hi: usize, next: Next) {
        let text = self.text;
        // Fast path: a word and one punctuation mark ("said,", "Xinhua.").
        if let Some(w) = text.as_bytes().get(lo..hi) {
            let n = w.len();
            if n >= 2
                && w[0].is_ascii_alphabetic()
                && w[..n - 1].iter().all(u8::is_ascii_alphanumeric)
                && (matches!(w[n - 1], b',' | b';' | b':' | b'?' | b'!' | b')' | b'"')
                    || w[n - 1] == b'.' && !self.is_abbrev(lo, hi - 1, next))
            {
                self.push(lo, hi - 1);
                self.push(hi - 1, hi);
                return;
            }
        }
        if let Some(c) = text.get(lo..hi) {
            if self.lex.is_emoticon(c) {
                self.push(lo, hi);
                return;
            }
            // ":)." — an emoticon before final punctuation.
            let core = c.trim_end_matches(['.', ',', '!', '?']);
            if core.len() < c.len() && self.lex.is_emoticon(core) {
                self.push(lo, lo + core.len());
                let e = self.run_end(lo + core.len(), '.', hi);
                self.push(lo + core.len(), e);
                self.push(e, hi);
                return;
            }
        }
        // Prefixes.
        while lo < hi {
            let Some((c, len)) = char_at(text, lo) else {
                break;
            };
            let after = char_at(text, lo + len).map(|x| x.0);
            let split = match c {
                '\'' | '’' | '‘' | '`' => {
                    // '90s and a lone clitic ('s, 're) stay.
                    match after {
                        Some(d) if d.is_ascii_digit() => false,
                        Some(_) if c != '‘' && c != '`' && self.is_lone_clitic(lo + len, hi) => {
                            false
                        }
                        _ => true,
                    }
                }
                '-' => true,
                '.' => {
                    if after == Some('.') {
                        let mut j = lo;
                        while j < hi && text.as_bytes()[j] == b'.' {
                            j += 1;
                        }
                        self.push(lo, j);
                        lo = j;
                        continue;
                    }
                    !matches!(after, Some(d) if d.is_ascii_digit())
                }
                _ => {
                    is_always_split(c) && c != '!' && c != '?'
                        || is_currency(c)
                        || is_dash(c)
                        || c == '#' && !matches!(after, Some(d) if d.is_alphabetic())
                        || matches!(c, '+' | '=' | '~' | '^' | '_')
                        || c == ':' && !matches!(after, Some('/'))
                        || c == ','
                        || c == '&' && after.is_none()
                        || c == '/'
                }
            };
            if !split {
                break;
            }
            let end = match self.quote_run(lo, hi) {
                Some(e) => e,
                None => self.run_end(lo, c, hi),
            };
            if matches!(c, '\'' | '‘') {
                self.single_open = Some(lo);
            }
            self.push(lo, end);
            lo = end;
        }
        if lo >= hi {
            return;
        }
        // URLs and e-mail addresses: one token, trailing punctuation split.
        if let Some(core) = text.get(lo..hi) {
            if looks_like_url(core) {
                let mut end = hi;
                while end > lo {
                    let Some((c, len)) = char_before(text, end) else {
                        break;
                    };
                    if matches!(
                        c,
                        '.' | ','
                            | ';'
                            | ':'
                            | '!'
                            | '?'
                            | '\''
                            | '"'
                            | '”'
                            | '’'
                            | ')'
                            | ']'
                            | '}'
                            | '>'
                    ) {
                        end -= len;
                    } else {
                        break;
                    }
                }
                self.push(lo, end);
                let mut j = end;
                while j < hi {
                    let e = self.extend_from(j, hi);
                    self.push(j, e);
                    j = e;
                }
                return;
            }
        }
        // Suffixes, collected from the end.
        let mut suf = [(0usize, 0usize); MAX_SUFFIXES];
        let mut ns = 0;
        while lo < hi && ns < MAX_SUFFIXES {
            let Some((c, len)) = char_before(text, hi) else {
                break;
            };
            let start = hi - len;
            let cut = match c {
                '.' | '!' | '?' => {
                    // A run of final punctuation ("...", "?!", ".?") is one token.
                    let mut j = start;
                    while j > lo && matches!(text.as_bytes()[j - 1], b'.' | b'!' | b'?') {
                        j -= 1;
                    }
                    // the word is what follows the last hyphen or slash:
                    // "(R-Fla.)", "(D-N.Y.)" keep the period of "Fla.", "N.Y."
                    let word_lo = text
                        .get(lo..start)
                        .and_then(|w| w.rfind(['-', '/']))
                        .map_or(lo, |k| lo + k + 1);
                    if j == start && c == '.' && self.is_abbrev(word_lo, start, next) {
                        None
                    } else {
                        Some(j)
                    }
                }
                '-' | '+' | '*' | '=' | '~' | '_' | '^' | '<' | '>' | '$' => {
                    let mut j = start;
                    while j > lo && text.as_bytes()[j - 1] == c as u8 {
                        j -= 1;
                    }
                    Some(j)
                }
                '\'' | '’' => {
                    let mut j = start;
                    while j > lo && matches!(char_before(text, j), Some(('\'' | '’' | '‘', _)))
                    {
                        j -= char_before(text, j).map_or(1, |x| x.1);
                    }
                    let before = char_before(text, j).map(|x| x.0);
                    if j < start {
                        Some(j) // "''": one token
                    } else if matches!(before, Some('s' | 'S'))
                        && !matches!(self.single_open, Some(o) if start - o < 200)
                        && start - lo >= 3
                        && self.clitics == Clitics::Keep
                    {
                        None // plural possessive kept whole: "the Tigers' chief"
                    } else {
                        self.single_open = None;
                        Some(start)
                    }
                }
                ',' | ':' | '%' | '/' => Some(start),
                _ if is_extend(c) => None,
                _ if is_always_split(c) || is_dash(c) || is_currency(c) => Some(start),
                _ => None,
            };
            match cut {
                Some(j) if j >= lo && j < hi => {
                    suf[ns] = (j, hi);
                    ns += 1;
                    hi = j;
                }
                _ => {
                    // Clitics.
                    if self.clitics != Clitics::Keep {
                        if let Some(j) = self.clitic_at(lo, hi) {
                            suf[ns] = (j, hi);
                            ns += 1;
                            hi = j;
                        }
                    }
                    break;
                }
            }
        }
        self.infix(lo, hi, next);
        for &(a, b) in suf[..ns].iter().rev() {
            self.push(a, b);
        }
    }

    /// True when `[i, hi)` is exactly a clitic after an apostrophe (`s`, `re`).
    fn is_lone_clitic(&self, i: usize, hi: usize) -> bool {
        let Some(w) = self.text.as_bytes().get(i..hi) else {
            return false;
        };
        let mut buf = [0u8; 2];
        if w.is_empty() || w.len() > 2 {
            return false;
        }
        for (d, &c) in buf.iter_mut().zip(w) {
            *d = c.to_ascii_lowercase();
        }
        matches!(
            &buf[..w.len()],
            b"s" | b"m" | b"d" | b"re" | b"ve" | b"ll" | b"t"
        )
    }

    /// Start of a clitic ending the word `[lo, hi)`, if one is to be split.
    fn clitic_at(&self, lo: usize, hi: usize) -> Option<usize> {
        let w = self.text.as_bytes().get(lo..hi)?;
        let n = w.len();
        let lower = |k: usize| w.get(k).map(u8::to_ascii_lowercase);
        // Apostrophe before the last one or two letters.
        let apos_at = |k: usize| -> Option<usize> {
            // k: index of the first byte after the apostrophe.
            if k >= 1 && w.get(k - 1) == Some(&b'\'') {
                Some(k - 1)
            } else if k >= 3 && w.get(k - 3..k) == Some("’".as_bytes()) {
                Some(k - 3)
            } else {
                None
            }
        };
        let last = lower(n.checked_sub(1)?)?;
        let split_all = self.clitics == Clitics::Split;
        // 's
        if last == b's' {
            if let Some(a) = apos_at(n - 1) {
                if a == 0 {
                    return None;
                }
                let host = self.text.get(lo..lo + a)?;
                let pronoun = S_HOSTS.iter().any(|h| h.eq_ignore_ascii_case(host));
                if split_all || !pronoun {
                    return Some(lo + a);
                }
                return None;
            }
        }
        if !split_all {
            return None;
        }
        // n't
        if last == b't' {
            if let Some(a) = apos_at(n - 1) {
                if a >= 2 && lower(a - 1) == Some(b'n') {
                    return Some(lo + a - 1);
                }
            }
        }
        // 'm 'd
        if matches!(last, b'm' | b'd') {
            if let Some(a) = apos_at(n - 1) {
                if a >= 1 {
                    return Some(lo + a);
                }
            }
        }
        // 're 've 'll
        if n >= 3 {
            let two = (lower(n - 2)?, last);
            if matches!(two, (b'r', b'e') | (b'v', b'e') | (b'l', b'l')) {
                if let Some(a) = apos_at(n - 2) {
                    if a >= 1 {
                        return Some(lo + a);
                    }
                }
            }
        }
        None
    }

    /// Splits the core `[lo, hi)` of a chunk at inner punctuation.
    fn infix(&mut self, lo: usize, hi: usize, next: Next) {
        let text = self.text;
        let b = text.as_bytes();
        // Fast path: only letters, digits and apostrophes inside words.
        if b.get(lo..hi).is_some_and(|w| {
            w.first().is_some_and(|c| !c.is_ascii_digit())
                && w.iter().all(|c| c.is_ascii_alphanumeric())
        }) {
            self.push(lo, hi);
            return;
        }
        let mut start = lo; // start of the current piece
        let mut word = lo; // start of the current alphanumeric run
        let mut i = lo;
        let mut prev: Option<char> = None;
        while i < hi {
            let Some((c, len)) = char_at(text, i) else {
                break;
            };
            let next_c = if i + len < hi {
                char_at(text, i + len).map(|x| x.0)
            } else {
                None
            };
            if c.is_alphanumeric() && !is_cjk(c) || is_extend(c) {
                if c.is_ascii_alphabetic()
                    && prev.is_some_and(|p| p.is_ascii_digit())
                    && self.unit_after_number(word, i, hi)
                {
                    self.push(start, i);
                    start = i;
                    word = i;
                }
                i += len;
                prev = Some(c);
                continue;
            }
            let p_alnum = prev.is_some_and(|p| p.is_alphanumeric());
            let n_alnum = next_c.is_some_and(|n| n.is_alphanumeric());
            let p_digit = prev.is_some_and(|p| p.is_ascii_digit());
            let n_digit = next_c.is_some_and(|n| n.is_ascii_digit());
            let keep = match c {
                '.' => {
                    if prev.is_none() && n_digit {
                        true // ".04"
                    } else if p_alnum && n_alnum {
                        !(self.glued_sentence(word, i, hi))
                    } else if next_c == Some('.') || prev == Some('.') {
                        false
                    } else {
                        // "U.S.-led": keep the period of an abbreviation.
                        self.is_abbrev(start, i, next)
                    }
                }
                ',' | ':' => p_digit && n_digit,
                '/' => {
                    self.single_letters_around(i, hi)
                        || p_digit && n_digit && self.date_chain(i, hi)
                }
                '-' => p_alnum && n_alnum && self.keep_hyphen(word, i, hi),
                '\'' | '’' | '`' | 'ʼ' => {
                    n_alnum && (p_alnum || prev.is_none())
                        // the suffix pass kept a plural possessive ("Tigers'")
                        || next_c.is_none() && matches!(prev, Some('s' | 'S'))
                }
                '+' | '=' | '_' | '~' | '^' | '#' => p_alnum && n_alnum,
                '&' => p_alnum && n_alnum,
                // censored words: "sh*t"
                '*' => {
                    prev.is_some_and(char::is_alphabetic) && next_c.is_some_and(char::is_alphabetic)
                }
                '@' => true,
                _ if is_cjk(c) || is_emoji(c) => false,
                _ if is_currency(c) => prev.is_some_and(char::is_alphabetic),
                _ if is_always_split(c) || is_dash(c) || c == '%' => false,
                _ => true,
            };
            if keep {
                i += len;
                prev = Some(c);
                if !c.is_alphanumeric() {
                    word = i;
                }
                continue;
            }
            // Split: the piece so far, then the separator (or run).
            self.push(start, i);
            let end = if is_cjk(c) {
                let mut j = i;
                while j < hi {
                    match char_at(text, j) {
                        Some((d, l)) if is_cjk(d) || is_extend(d) => j += l,
                        _ => break,
                    }
                }
                j
            } else if is_emoji(c) {
                let mut j = i;
                while j < hi {
                    match char_at(text, j) {
                        Some((d, l)) if is_emoji(d) || is_extend(d) => j += l,
                        _ => break,
                    }
                }
                j
            } else if let Some(e) = self.quote_run(i, hi) {
                e
            } else {
                self.run_end(i, c, hi)
            };
            self.push(i, end);
            i = end;
            start = end;
            word = end;
            prev = None;
        }
        self.push(start, hi);
    }

    /// End of the separator token starting at `i` with char `c`: runs of the
    /// same symbol ("--", "***", "$$$"), of final punctuation ("?!", "..."),
    /// or one character with its extending marks.
    #[inline]
    fn run_end(&self, i: usize, c: char, hi: usize) -> usize {
        let b = self.text.as_bytes();
        let deco = |d: u8| matches!(d, b'-' | b'*' | b'=' | b'~' | b'_' | b'+' | b'#');
        let same = |d: u8| match c {
            '.' | '!' | '?' => matches!(d, b'.' | b'!' | b'?'),
            // "----==", "*~*~*": mixed rule lines
            '-' | '*' | '=' | '~' | '_' | '+' | '#' => deco(d),
            '^' | '<' | '>' | '$' | '/' => d == c as u8,
            _ => false,
        };
        if c.is_ascii() && same(c as u8) {
            let mut j = i + 1;
            while j < hi && same(b[j]) {
                j += 1;
            }
            j
        } else {
            self.extend_from(i, hi)
        }
    }

    /// "08/16/2000": the slash at `i` lies in a chain of three or more
    /// digit groups (dates stay one token, "1/2" is split).
    fn date_chain(&self, i: usize, hi: usize) -> bool {
        let b = self.text.as_bytes();
        let (mut lo, mut end) = (i, i);
        while lo > 0 && i - lo < 16 && (b[lo - 1].is_ascii_digit() || b[lo - 1] == b'/') {
            lo -= 1;
        }
        while end < hi && end - i < 16 && (b[end].is_ascii_digit() || b[end] == b'/') {
            end += 1;
        }
        let groups: Vec<&[u8]> = b[lo..end].split(|&c| c == b'/').collect();
        match groups.as_slice() {
            [_, _, _, ..] => true,
            // "9/11", "12/27" but not "1/2", "3/4"
            [l, r] if l.len() <= 2 && r.len() <= 2 => {
                let num = |w: &[u8]| w.iter().fold(0u32, |a, &d| a * 10 + u32::from(d - b'0'));
                let (l, r) = (num(l), num(r));
                (1..=12).contains(&l) && (1..=31).contains(&r) && !(l < r && r <= 8)
            }
            _ => false,
        }
    }

    /// End of a run of two or more single quotes ("''", "‘’") starting at `i`.
    fn quote_run(&self, i: usize, hi: usize) -> Option<usize> {
        let mut j = i;
        let mut count = 0;
        while j < hi {
            match char_at(self.text, j) {
                Some(('\'' | '’' | '‘', len)) => {
                    j += len;
                    count += 1;
                }
                _ => break,
            }
        }
        (count >= 2).then_some(j)
    }

    /// "b/c", "w/o": one letter on each side of the slash at `i`.
    fn single_letters_around(&self, i: usize, hi: usize) -> bool {
        let b = self.text.as_bytes();
        let alpha = |k: usize| b.get(k).is_some_and(u8::is_ascii_alphabetic);
        let before_ok = i >= 1 && alpha(i - 1) && (i < 2 || !b[i - 2].is_ascii_alphanumeric());
        let after_ok = alpha(i + 1) && (i + 2 >= hi || !b[i + 2].is_ascii_alphanumeric());
        before_ok && after_ok
    }

    /// "8gb", "10pm", "2day": letters right after a number are split off,
    /// except ordinals and decades ("5th", "1990s").
    fn unit_after_number(&self, word: usize, i: usize, hi: usize) -> bool {
        let b = self.text.as_bytes();
        if i - word > 24 {
            return false;
        }
        let Some(num) = b.get(word..i) else {
            return false;
        };
        if !num
            .iter()
            .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b',' | b':'))
        {
            return false;
        }
        let mut r = i;
        while r < hi && b[r].is_ascii_alphabetic() {
            r += 1;
        }
        if r < hi && b[r].is_ascii_digit() {
            return false; // "4x4", "2k3": codes, not units
        }
        let mut buf = [0u8; 3];
        let w = &b[i..r];
        if w.len() > 2 {
            return true;
        }
        for (d, &c) in buf.iter_mut().zip(w) {
            *d = c.to_ascii_lowercase();
        }
        !matches!(&buf[..w.len()], b"th" | b"st" | b"nd" | b"rd" | b"s" | b"d")
    }

    /// "lunch.Then": a period between a lowercase word and a capitalised one.
    fn glued_sentence(&self, word: usize, dot: usize, hi: usize) -> bool {
        let b = self.text.as_bytes();
        let Some(left) = b.get(word..dot) else {
            return false;
        };
        if left.len() < 2
            || !left.iter().all(u8::is_ascii_alphabetic)
            || !left.last().is_some_and(u8::is_ascii_lowercase)
        {
            return false;
        }
        let r0 = b.get(dot + 1).copied().unwrap_or(0);
        let r1 = b.get(dot + 2).copied().unwrap_or(0);
        if !(dot + 2 < hi && r0.is_ascii_uppercase() && r1.is_ascii_lowercase()) {
            return false;
        }
        let mut r = dot + 1;
        while r < hi && b[r].is_ascii_alphabetic() {
            r += 1;
        }
        let right = &b[dot + 1..r];
        !["com", "net", "org", "gov", "edu"]
            .iter()
            .any(|t| t.as_bytes().eq_ignore_ascii_case(right))
    }

    /// Whether the hyphen at `h` stays inside the word that began at `word`.
    fn keep_hyphen(&self, word: usize, h: usize, hi: usize) -> bool {
        let b = self.text.as_bytes();
        let Some(left) = b.get(word..h) else {
            return false;
        };
        let mut r = h + 1;
        while r < hi && b[r].is_ascii_alphanumeric() {
            r += 1;
        }
        let Some(right) = b.get(h + 1..r) else {
            return false;
        };
        if left.is_empty() || right.is_empty() {
            // Non-ASCII letters on a side: keep (names in other scripts).
            return true;
        }
        if left.iter().all(u8::is_ascii_alphabetic) && self.lex.is_prefix(left) {
            return true;
        }
        let digits = |w: &[u8]| w.iter().all(u8::is_ascii_digit);
        if digits(left) && digits(right) {
            // Phone numbers, zip codes, dates: long groups or chains.
            let chained = b.get(r) == Some(&b'-') || (word > 0 && b.get(word - 1) == Some(&b'-'));
            return left.len() >= 3 || right.len() >= 3 || chained;
        }
        // Korean-style given names: "Jong-un", "Jae-in", "Geun-hye".
        left.len() >= 2
            && left.len() <= 6
            && left[0].is_ascii_uppercase()
            && left[1..].iter().all(u8::is_ascii_lowercase)
            && right.len() <= 4
            && right.iter().all(u8::is_ascii_lowercase)
            && (r >= hi || !b[r].is_ascii_alphanumeric())
            && b.get(r) != Some(&b'-')
    }
}

/// With [`Clitics::Split`], where UD splits a fused word without an
/// apostrophe: `cannot` → `can` `not`, `gonna` → `gon` `na`.
#[inline]
fn fused_split(clitics: Clitics, w: &[u8]) -> Option<usize> {
    if clitics != Clitics::Split || !(5..=6).contains(&w.len()) {
        return None;
    }
    let mut buf = [0u8; 6];
    for (d, c) in buf.iter_mut().zip(w) {
        *d = c.to_ascii_lowercase();
    }
    match &buf[..w.len()] {
        b"cannot" => Some(3),
        b"gonna" | b"wanna" | b"gotta" => Some(3),
        _ => None,
    }
}

/// URLs (`http://…`, `www.…`) and e-mail addresses.
fn looks_like_url(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 5 {
        return false;
    }
    if s.contains("://") {
        return true;
    }
    if b.len() > 4 && b[..4].eq_ignore_ascii_case(b"www.") {
        return true;
    }
    // "Get-A-Free-House.com"
    let core = s.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '"', '\'']);
    if core.len() > 4 && core.contains('-') {
        let tail = &core.as_bytes()[core.len() - 4..];
        if [b".com", b".org", b".net", b".edu", b".gov"]
            .iter()
            .any(|t| tail.eq_ignore_ascii_case(*t))
        {
            return true;
        }
    }
    if let Some(at) = s.find('@') {
        let (user, host) = (&b[..at], &b[at + 1..]);
        // "jo@example.org", "presid...@example.gov" (obfuscated)
        return user.first().is_some_and(u8::is_ascii_alphanumeric)
            && user.iter().all(|&c| {
                c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-' | b'+' | b'%')
            })
            && host.first().is_some_and(u8::is_ascii_alphanumeric);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str, clitics: Clitics) -> Vec<&str> {
        let lex = Lexicon::shipped();
        let (mut t, mut b) = (Vec::new(), Vec::new());
        tokenize(&lex, clitics, text, &mut t, &mut b);
        t.iter().map(|t| t.text(text)).collect()
    }

    fn t(text: &str) -> Vec<&str> {
        toks(text, Clitics::SplitPossessive)
    }

    #[test]
    fn abbreviations_keep_their_period() {
        assert_eq!(
            t("Mr. Smith met Dr. Jones in the U.S. on Jan. 5."),
            ["Mr.", "Smith", "met", "Dr.", "Jones", "in", "the", "U.S.", "on", "Jan.", "5", "."]
        );
        assert_eq!(t("George W. Bush"), ["George", "W.", "Bush"]);
        assert_eq!(t("No. 5 said no."), ["No.", "5", "said", "no", "."]);
        assert_eq!(t("U.S.-led talks"), ["U.S.", "-", "led", "talks"]);
        // party-and-state tags keep the state's period
        assert_eq!(t("(R-Fla.) said"), ["(", "R", "-", "Fla.", ")", "said"]);
        assert_eq!(t("(D-N.Y.) said"), ["(", "D", "-", "N.Y.", ")", "said"]);
        assert_eq!(t("well-known."), ["well", "-", "known", "."]);
    }

    #[test]
    fn numbers_and_money() {
        assert_eq!(t("$5.2bn"), ["$", "5.2", "bn"]);
        assert_eq!(
            t("1.2% of 3,000 at 10:30."),
            ["1.2", "%", "of", "3,000", "at", "10:30", "."]
        );
        assert_eq!(t("call 713-853-3989"), ["call", "713-853-3989"]);
        assert_eq!(t("-5 degrees"), ["-", "5", "degrees"]);
        assert_eq!(
            t("at 10pm, 8gb, 5th, 1990s"),
            ["at", "10", "pm", ",", "8", "gb", ",", "5th", ",", "1990s"]
        );
        assert_eq!(
            t("#1 b/c and/or ***"),
            ["#", "1", "b/c", "and", "/", "or", "***"]
        );
        assert_eq!(t("on 08/16/2000 1/2"), ["on", "08/16/2000", "1", "/", "2"]);
    }

    #[test]
    fn hyphens() {
        assert_eq!(t("Kim Jong-un"), ["Kim", "Jong-un"]);
        assert_eq!(t("well-known e-mail"), ["well", "-", "known", "e-mail"]);
        assert_eq!(t("a non-profit"), ["a", "non-profit"]);
        assert_eq!(t("US-North Korea"), ["US", "-", "North", "Korea"]);
        assert_eq!(t("wait -- now"), ["wait", "--", "now"]);
        assert_eq!(t("this—that"), ["this", "—", "that"]);
    }

    #[test]
    fn clitics_follow_the_mode() {
        assert_eq!(t("Kim's don't"), ["Kim", "'s", "don't"]);
        assert_eq!(t("it's"), ["it's"]);
        assert_eq!(toks("Kim's don't", Clitics::Keep), ["Kim's", "don't"]);
        assert_eq!(
            toks("Kim’s don't I'm we'll", Clitics::Split),
            ["Kim", "’s", "do", "n't", "I", "'m", "we", "'ll"]
        );
        assert_eq!(t("the '90s"), ["the", "'90s"]);
        assert_eq!(toks("I cannot", Clitics::Split), ["I", "can", "not"]);
        assert_eq!(t("I cannot"), ["I", "cannot"]);
    }

    #[test]
    fn punctuation_and_quotes() {
        assert_eq!(
            t("\"Never,\" she said."),
            ["\"", "Never", ",", "\"", "she", "said", "."]
        );
        assert_eq!(t("“Why?” he asked"), ["“", "Why", "?", "”", "he", "asked"]);
        assert_eq!(t("Beijing., which"), ["Beijing", ".", ",", "which"]);
        assert_eq!(t("Photo:Xinhua. |"), ["Photo", ":", "Xinhua", ".", "|"]);
        assert_eq!(t("wait... what?!"), ["wait", "...", "what", "?!"]);
        assert_eq!(t("lunch.Then"), ["lunch", ".", "Then"]);
        assert_eq!(t("(see above)"), ["(", "see", "above", ")"]);
        assert_eq!(t("toNYTimes"), ["toNYTimes"]);
    }

    #[test]
    fn urls_emails_emoticons() {
        assert_eq!(
            t("see http://example.com/a-b?x=1. Or mail me@example.org :)"),
            [
                "see",
                "http://example.com/a-b?x=1",
                ".",
                "Or",
                "mail",
                "me@example.org",
                ":)"
            ]
        );
        assert_eq!(t("www.example.com,"), ["www.example.com", ","]);
    }

    #[test]
    fn unicode() {
        assert_eq!(t("在北京。"), ["在北京", "。"]);
        assert_eq!(t("great😀👍🏽 day"), ["great", "😀👍🏽", "day"]);
        assert_eq!(t("café\u{301}s"), ["café\u{301}s"]);
        assert_eq!(t("a\0b"), ["a", "b"]);
        assert_eq!(t("x\r\ny"), ["x", "y"]);
    }

    #[test]
    fn fast_flags_match_the_reference() {
        for s in [
            "Kim", "NATO", "Jong-un", "12.5", "...", "\"", "''", "a-", "'s", "U.S.", "?!",
        ] {
            assert_eq!(flags_of(s), TokenFlags::of(s), "{s}");
        }
    }
}
