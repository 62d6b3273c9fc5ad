//! A lightweight scanner shared by the time tagger and the place resolver:
//! words, numbers and punctuation with byte offsets, plus sentence numbers.
//!
//! It works on raw text so that both stages run whether or not the
//! segmenter's layers are set; when the document has sentences, they are
//! used for sentence numbers instead of the scanner's own guess.

use chronicler_doc::Document;

/// What a scanned token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokKind {
    /// A run of alphabetic characters.
    Word,
    /// A run of ASCII digits.
    Num,
    /// One other non-space character.
    Punct,
}

/// One scanned token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tok {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// Word, number or punctuation.
    pub kind: TokKind,
    /// Whitespace lies between the previous token and this one.
    pub space_before: bool,
    /// A line break lies between the previous token and this one.
    pub newline_before: bool,
}

impl Tok {
    /// The token's text ("" when the offsets do not fit, which cannot
    /// happen for tokens made by [`tokenize`] on the same text).
    #[inline]
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start as usize..self.end as usize)
            .unwrap_or("")
    }

    /// True when the first character is upper case.
    #[inline]
    pub fn is_cap(&self, text: &str) -> bool {
        self.text(text)
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    }

    /// True when the token is a lower-case word.
    #[inline]
    pub fn is_lower_word(&self, text: &str) -> bool {
        self.kind == TokKind::Word && self.text(text).chars().all(|c| !c.is_uppercase())
    }
}

/// Splits `text` into tokens (appended to `out`).
pub(crate) fn tokenize(text: &str, out: &mut Vec<Tok>) {
    let mut iter = text.char_indices().peekable();
    let mut space = true;
    let mut newline = false;
    while let Some((i, c)) = iter.next() {
        if c.is_whitespace() {
            space = true;
            if c == '\n' || c == '\r' || c == '\u{2029}' {
                newline = true;
            }
            continue;
        }
        let (kind, end) = if c.is_alphabetic() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = iter.peek() {
                if d.is_alphabetic() || d.is_mark() {
                    end = j + d.len_utf8();
                    iter.next();
                } else {
                    break;
                }
            }
            (TokKind::Word, end)
        } else if c.is_ascii_digit() {
            let mut end = i + 1;
            while let Some(&(j, d)) = iter.peek() {
                if d.is_ascii_digit() {
                    end = j + 1;
                    iter.next();
                } else {
                    break;
                }
            }
            (TokKind::Num, end)
        } else {
            (TokKind::Punct, i + c.len_utf8())
        };
        out.push(Tok {
            start: i as u32,
            end: end as u32,
            kind,
            space_before: space,
            newline_before: newline,
        });
        space = false;
        newline = false;
    }
}

trait IsMark {
    fn is_mark(&self) -> bool;
}

impl IsMark for char {
    /// Combining marks (so "é" written as e + U+0301 stays one word).
    fn is_mark(&self) -> bool {
        matches!(*self as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF)
    }
}

/// Abbreviations after which a full stop does not end a sentence.
const ABBREV: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "gen", "sen", "rep", "gov", "lt", "col", "sgt", "capt", "prof",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no",
    "vs", "inc", "corp", "co", "jr", "sr", "mt", "ft", "u", "s", "e", "g", "i",
];

/// Sentence number of every token (parallel to `toks`).
///
/// Uses the document's sentences when set (a token belongs to the last
/// sentence starting at or before it), else a simple rule: a sentence ends
/// at `.`, `!` or `?` followed by an upper-case word, a quote or a line
/// break (not after a known abbreviation or a single letter), and at every
/// line break.
pub(crate) fn sentence_numbers(doc: Option<&Document>, text: &str, toks: &[Tok]) -> Vec<u32> {
    let mut out = Vec::with_capacity(toks.len());
    if let Some(sents) = doc.map(|d| d.sentences()).filter(|s| !s.is_empty()) {
        let mut k = 0usize;
        for t in toks {
            while k + 1 < sents.len() && sents[k + 1].span.start <= t.start {
                k += 1;
            }
            out.push(k as u32);
        }
        return out;
    }
    let mut n = 0u32;
    for (i, t) in toks.iter().enumerate() {
        if i > 0 && t.newline_before {
            n += 1;
        } else if i > 0 && toks[i - 1].kind == TokKind::Punct {
            let p = toks[i - 1].text(text);
            if matches!(p, "." | "!" | "?" | "…") && t.space_before {
                let next_ok = t.is_cap(text)
                    || matches!(t.text(text), "\"" | "“" | "‘" | "'" | "(")
                    || t.kind == TokKind::Num;
                let abbrev = i >= 2 && p == "." && {
                    let w = toks[i - 2];
                    let wt = w.text(text);
                    w.kind == TokKind::Word
                        && (wt.chars().count() == 1
                            || ABBREV.iter().any(|a| a.eq_ignore_ascii_case(wt)))
                };
                if next_ok && !abbrev {
                    n += 1;
                }
            }
        }
        out.push(n);
    }
    out
}

/// Lower-cases an ASCII word into `buf`; `None` for non-ASCII or long words.
#[inline]
pub(crate) fn ascii_lower<'b>(word: &str, buf: &'b mut [u8; 40]) -> Option<&'b str> {
    let b = word.as_bytes();
    if b.len() > buf.len() || !word.is_ascii() {
        return None;
    }
    for (d, s) in buf.iter_mut().zip(b) {
        *d = s.to_ascii_lowercase();
    }
    std::str::from_utf8(&buf[..b.len()]).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_sentences() {
        let text = "Mr. Li left on 3 June. The talks (mid-2019) ended.\nNext line";
        let mut toks = Vec::new();
        tokenize(text, &mut toks);
        let words: Vec<&str> = toks.iter().map(|t| t.text(text)).collect();
        assert_eq!(
            words,
            [
                "Mr", ".", "Li", "left", "on", "3", "June", ".", "The", "talks", "(", "mid", "-",
                "2019", ")", "ended", ".", "Next", "line"
            ]
        );
        assert!(!toks[12].space_before && !toks[13].space_before);
        assert!(toks[17].newline_before);
        let s = sentence_numbers(None, text, &toks);
        assert_eq!(s[2], 0, "no break after Mr.");
        assert_eq!(s[8], 1);
        assert_eq!(s[17], 2);
    }

    #[test]
    fn lowercases_into_buffer() {
        let mut b = [0u8; 40];
        assert_eq!(ascii_lower("MaY", &mut b), Some("may"));
        assert_eq!(ascii_lower("Mäy", &mut b), None);
    }
}
