//! Sentences and tokens: the first layers every later stage builds on.

use crate::Span;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::ops::Range;

/// A range of token indices `[start, end)` into the document's token vector.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
pub struct TokenRange {
    /// First token index.
    pub start: u32,
    /// One past the last token index.
    pub end: u32,
}

impl TokenRange {
    /// Builds a range, asserting `start <= end`.
    ///
    /// # Panics
    /// When `start > end` (internal callers only).
    #[inline]
    pub fn new(start: usize, end: usize) -> TokenRange {
        assert!(start <= end, "token range start {start} > end {end}");
        TokenRange {
            start: start as u32,
            end: end as u32,
        }
    }

    /// As a `usize` range, for indexing.
    #[inline]
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Number of tokens.
    #[inline]
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// True when the range holds no token.
    #[inline]
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// True when token index `i` lies in the range.
    #[inline]
    pub fn contains(self, i: usize) -> bool {
        (self.start as usize..self.end as usize).contains(&i)
    }
}

/// What kind of line or block a sentence is, as far as segmentation can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SentenceKind {
    /// An ordinary sentence of running text.
    #[default]
    Body,
    /// A line without final punctuation standing alone: headline, title,
    /// caption, byline or list item. Later stages may treat it with care
    /// (title case, no verb).
    Fragment,
}

/// One sentence: its byte span (trimmed of surrounding whitespace) and the
/// tokens it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// Byte span of the sentence in the document text.
    pub span: Span,
    /// The tokens of the sentence.
    pub tokens: TokenRange,
    /// Body sentence or stand-alone fragment (headline, caption).
    pub kind: SentenceKind,
    /// Index of the paragraph the sentence belongs to (paragraphs are split
    /// on blank lines or, for one-paragraph-per-line text, on line breaks).
    pub paragraph: u32,
}

/// Bit flags describing a token's surface, computed once by the tokenizer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct TokenFlags(pub u16);

impl TokenFlags {
    /// All characters are alphabetic.
    pub const ALPHA: u16 = 1;
    /// Contains at least one digit.
    pub const DIGIT: u16 = 1 << 1;
    /// All characters are punctuation or symbols.
    pub const PUNCT: u16 = 1 << 2;
    /// First character is uppercase.
    pub const TITLE: u16 = 1 << 3;
    /// All cased characters are uppercase (and there is at least one).
    pub const UPPER: u16 = 1 << 4;
    /// All cased characters are lowercase (and there is at least one).
    pub const LOWER: u16 = 1 << 5;
    /// Whitespace (or the end of text) follows the token.
    pub const SPACE_AFTER: u16 = 1 << 6;
    /// A line break lies between this token and the next.
    pub const NEWLINE_AFTER: u16 = 1 << 7;
    /// Contains a hyphen inside (`Jong-un`, `US-North`).
    pub const HYPHEN: u16 = 1 << 8;
    /// Contains a non-ASCII character.
    pub const NON_ASCII: u16 = 1 << 9;
    /// A quotation mark (straight, curly, guillemet).
    pub const QUOTE: u16 = 1 << 10;
    /// Sentence-final punctuation (`.`, `!`, `?`, `…`).
    pub const TERMINAL: u16 = 1 << 11;

    /// True when all bits of `flag` are set.
    #[inline]
    pub fn has(self, flag: u16) -> bool {
        self.0 & flag == flag
    }

    /// Computes the surface flags of `text` (whitespace flags are left unset).
    pub fn of(text: &str) -> TokenFlags {
        let mut f = 0u16;
        let mut all_alpha = true;
        let mut all_punct = true;
        let mut cased = 0usize;
        let mut upper = 0usize;
        let mut lower = 0usize;
        let n = text.chars().count();
        for (i, c) in text.chars().enumerate() {
            if !c.is_alphabetic() {
                all_alpha = false;
            }
            if c.is_ascii_digit() || c.is_numeric() {
                f |= Self::DIGIT;
            }
            if c.is_alphanumeric() || c.is_whitespace() {
                all_punct = false;
            }
            if c.is_uppercase() {
                cased += 1;
                upper += 1;
                if i == 0 {
                    f |= Self::TITLE;
                }
            } else if c.is_lowercase() {
                cased += 1;
                lower += 1;
            }
            if (c == '-' || c == '‐' || c == '‑') && i > 0 && i + 1 < n {
                f |= Self::HYPHEN;
            }
            if !c.is_ascii() {
                f |= Self::NON_ASCII;
            }
            if matches!(
                c,
                '"' | '\'' | '“' | '”' | '‘' | '’' | '«' | '»' | '„' | '‚' | '‹' | '›' | '`'
            ) && n <= 2
            {
                f |= Self::QUOTE;
            }
        }
        if n > 0 && all_alpha {
            f |= Self::ALPHA;
        }
        if n > 0 && all_punct {
            f |= Self::PUNCT;
            if text.chars().all(|c| matches!(c, '.' | '!' | '?' | '…')) {
                f |= Self::TERMINAL;
            }
        }
        if cased > 0 && upper == cased {
            f |= Self::UPPER;
        }
        if cased > 0 && lower == cased {
            f |= Self::LOWER;
        }
        TokenFlags(f)
    }
}

/// One token: a byte span of the text and its surface flags.
///
/// Tokens never overlap, are sorted, and together with the whitespace gaps
/// between them rebuild the text exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    /// Byte span of the token.
    pub span: Span,
    /// Surface features.
    pub flags: TokenFlags,
}

impl Token {
    /// The token's text in `text` (the document text).
    #[inline]
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        self.span.slice(text)
    }

    /// Lowercase form; borrows when the token has no uppercase letter.
    pub fn lower<'a>(&self, text: &'a str) -> Cow<'a, str> {
        lowercase(self.text(text))
    }

    /// Word shape: `Xxxx` for `Kim`, `XX` for `US`, `dd.d` for `12.5`; runs
    /// longer than four of one class are collapsed to four.
    pub fn shape(&self, text: &str) -> String {
        word_shape(self.text(text))
    }
}

/// Lowercases, borrowing when nothing changes.
pub fn lowercase(s: &str) -> Cow<'_, str> {
    if s.chars().any(|c| c.is_uppercase()) {
        Cow::Owned(s.to_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

/// The shape class of one character: `X` uppercase, `x` other letters,
/// `d` digits and other numerals, anything else as itself.
#[inline]
pub fn shape_class(c: char) -> char {
    if c.is_uppercase() {
        'X'
    } else if c.is_lowercase() {
        'x'
    } else if c.is_numeric() {
        'd'
    } else if c.is_alphabetic() {
        'x'
    } else {
        c
    }
}

/// The shape characters of `s`, with runs of one class cut to `max_run`
/// (the word shape of [`word_shape`] is `max_run = 4`). Feature extractors
/// use this to hash or buffer shapes without allocating.
pub fn shape_chars(s: &str, max_run: usize) -> impl Iterator<Item = char> + '_ {
    let mut last = '\0';
    let mut run = 0usize;
    s.chars().filter_map(move |c| {
        let k = shape_class(c);
        if k == last {
            run += 1;
        } else {
            run = 1;
            last = k;
        }
        (run <= max_run).then_some(k)
    })
}

/// Word shape (see [`Token::shape`]).
pub fn word_shape(s: &str) -> String {
    shape_chars(s, 4).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_and_flags() {
        assert_eq!(word_shape("Kim"), "Xxx");
        assert_eq!(word_shape("Jong-un"), "Xxxx-xx");
        assert_eq!(word_shape("12.5"), "dd.d");
        assert_eq!(word_shape("Washington"), "Xxxxx");
        let f = TokenFlags::of("Jong-un");
        assert!(f.has(TokenFlags::HYPHEN) && f.has(TokenFlags::TITLE));
        assert!(!f.has(TokenFlags::ALPHA));
        assert!(TokenFlags::of("NATO").has(TokenFlags::UPPER));
        assert!(TokenFlags::of("...").has(TokenFlags::TERMINAL));
        assert!(TokenFlags::of("”").has(TokenFlags::QUOTE));
        assert_eq!(lowercase("abc"), Cow::Borrowed("abc"));
        assert_eq!(lowercase("ÉCOLE"), "école");
    }
}
