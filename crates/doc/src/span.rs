//! Byte spans, code-point spans and the conversion between them.

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into a document's `text`.
///
/// Invariant (kept by [`Span::checked`]): `start <= end`. Whether both ends
/// lie on char boundaries of a given text is checked by [`Span::checked_in`].
/// Documents are capped far below 4 GiB, so `u32` suffices.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
pub struct Span {
    /// First byte of the span.
    pub start: u32,
    /// One past the last byte of the span.
    pub end: u32,
}

impl Span {
    /// Builds a span, asserting `start <= end`.
    ///
    /// # Panics
    /// When `start > end`. For internal callers whose offsets come from our
    /// own code; offsets from input or models go through [`Span::checked`].
    #[inline]
    pub fn new(start: usize, end: usize) -> Span {
        assert!(start <= end, "span start {start} > end {end}");
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    /// Builds a span when `start <= end` and both fit in `u32`.
    #[inline]
    pub fn checked(start: usize, end: usize) -> Option<Span> {
        if start <= end && end <= u32::MAX as usize {
            Some(Span {
                start: start as u32,
                end: end as u32,
            })
        } else {
            None
        }
    }

    /// Builds a span valid for `text`: ordered, inside it, on char boundaries.
    pub fn checked_in(text: &str, start: usize, end: usize) -> Option<Span> {
        if start <= end && text.is_char_boundary(start) && text.is_char_boundary(end) {
            Span::checked(start, end)
        } else {
            None
        }
    }

    /// Start as `usize`.
    #[inline]
    pub fn start(self) -> usize {
        self.start as usize
    }

    /// End as `usize`.
    #[inline]
    pub fn end(self) -> usize {
        self.end as usize
    }

    /// Length in bytes.
    #[inline]
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// True when the span covers no byte.
    #[inline]
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The text this span covers, or `None` when it does not fit `text`.
    #[inline]
    pub fn get(self, text: &str) -> Option<&str> {
        text.get(self.start()..self.end())
    }

    /// The text this span covers, or `""` when it does not fit `text`.
    #[inline]
    pub fn slice(self, text: &str) -> &str {
        self.get(text).unwrap_or("")
    }

    /// True when `other` lies inside `self`.
    #[inline]
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the two spans share at least one byte.
    #[inline]
    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The smallest span covering both.
    #[inline]
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// A half-open range of Unicode code points `[start, end)`: the offsets of the
/// output contract. Only the `output` edge produces these.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
pub struct CharSpan {
    /// First code point.
    pub start: u32,
    /// One past the last code point.
    pub end: u32,
}

/// Maps byte offsets of one text to code-point offsets and back.
///
/// Built once per document in `O(n)`; each lookup is `O(log k)` where `k` is
/// the number of non-ASCII characters (pure ASCII text costs nothing).
#[derive(Debug, Clone)]
pub struct OffsetMap {
    /// Byte offset of every non-ASCII char, in order.
    wide_bytes: Vec<u32>,
    /// For the i-th non-ASCII char, the extra bytes accumulated after it
    /// (its UTF-8 length minus one, summed over it and all before it).
    extra_after: Vec<u32>,
    text_len: u32,
    char_len: u32,
}

impl OffsetMap {
    /// Builds the map for `text`.
    pub fn new(text: &str) -> OffsetMap {
        let mut wide_bytes = Vec::new();
        let mut extra_after = Vec::new();
        let mut extra = 0u32;
        if !text.is_ascii() {
            for (i, c) in text.char_indices() {
                let l = c.len_utf8() as u32;
                if l > 1 {
                    extra += l - 1;
                    wide_bytes.push(i as u32);
                    extra_after.push(extra);
                }
            }
        }
        OffsetMap {
            wide_bytes,
            extra_after,
            text_len: text.len() as u32,
            char_len: text.len() as u32 - extra,
        }
    }

    /// Number of code points in the text.
    pub fn char_len(&self) -> usize {
        self.char_len as usize
    }

    /// Code-point offset of byte offset `byte` (which should be a char boundary;
    /// an offset inside a char maps to the char's start).
    pub fn to_char(&self, byte: u32) -> u32 {
        let byte = byte.min(self.text_len);
        // Number of wide chars starting strictly before `byte`.
        let k = self.wide_bytes.partition_point(|&b| b < byte);
        if k == 0 {
            byte
        } else {
            let extra = self.extra_after[k - 1];
            // If `byte` lies inside the (k-1)-th wide char, clamp to its start.
            let wb = self.wide_bytes[k - 1];
            let wlen = extra - if k >= 2 { self.extra_after[k - 2] } else { 0 } + 1;
            if byte < wb + wlen {
                wb - (extra - (wlen - 1))
            } else {
                byte - extra
            }
        }
    }

    /// Byte offset of code-point offset `ch`, or `None` past the end.
    pub fn to_byte(&self, ch: u32) -> Option<u32> {
        if ch > self.char_len {
            return None;
        }
        // Find the number of wide chars whose char index is < ch.
        // Char index of i-th wide char = wide_bytes[i] - extra_before(i).
        let (mut lo, mut hi) = (0usize, self.wide_bytes.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            let before = if mid == 0 {
                0
            } else {
                self.extra_after[mid - 1]
            };
            let char_idx = self.wide_bytes[mid] - before;
            if char_idx < ch {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let extra = if lo == 0 { 0 } else { self.extra_after[lo - 1] };
        Some(ch + extra)
    }

    /// Converts a byte span to a code-point span.
    pub fn char_span(&self, span: Span) -> CharSpan {
        CharSpan {
            start: self.to_char(span.start),
            end: self.to_char(span.end),
        }
    }

    /// Converts a code-point span to a byte span, or `None` when out of range.
    pub fn byte_span(&self, span: CharSpan) -> Option<Span> {
        Span::checked(
            self.to_byte(span.start)? as usize,
            self.to_byte(span.end)? as usize,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_roundtrip(text: &str) {
        let m = OffsetMap::new(text);
        assert_eq!(m.char_len(), text.chars().count());
        for (ci, (bi, _)) in text.char_indices().enumerate() {
            assert_eq!(m.to_char(bi as u32), ci as u32, "byte {bi} in {text:?}");
            assert_eq!(m.to_byte(ci as u32), Some(bi as u32));
        }
        let n = text.chars().count() as u32;
        assert_eq!(m.to_char(text.len() as u32), n);
        assert_eq!(m.to_byte(n), Some(text.len() as u32));
        assert_eq!(m.to_byte(n + 1), None);
    }

    #[test]
    fn offsets_roundtrip_on_non_ascii() {
        check_roundtrip("plain ascii");
        check_roundtrip("“Curly” quotes — and accents: café, naïve");
        check_roundtrip("中文 text 北京 mixed");
        check_roundtrip("emoji 🇰🇷 flags 😀 and e\u{301} combining");
        check_roundtrip("");
        check_roundtrip("é");
    }

    #[test]
    fn byte_inside_char_maps_to_char_start() {
        let t = "a€b";
        let m = OffsetMap::new(t);
        assert_eq!(m.to_char(1), 1);
        assert_eq!(m.to_char(2), 1);
        assert_eq!(m.to_char(3), 1);
        assert_eq!(m.to_char(4), 2);
    }

    #[test]
    fn span_helpers() {
        let s = Span::new(2, 5);
        assert_eq!(s.len(), 3);
        assert!(s.contains(Span::new(3, 4)));
        assert!(s.overlaps(Span::new(4, 9)));
        assert!(!s.overlaps(Span::new(5, 9)));
        assert_eq!(Span::checked(5, 2), None);
        assert_eq!(Span::checked_in("é", 0, 1), None);
        assert_eq!(s.get("ab"), None);
    }
}
