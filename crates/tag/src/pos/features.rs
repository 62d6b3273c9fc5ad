//! Per-word feature pieces (hashed once per token) and the feature
//! templates of the tagger.
//!
//! Every string piece a template needs (form, lowercase, prefixes,
//! suffixes, shape) is hashed once per token into a [`WordInfo`]; the
//! templates then only combine `u64`s with [`Features::add_hashed`], so
//! tagging a sentence allocates nothing per token.

use super::clusters::Clusters;
use chronicler_learn::{hash_str, Features};
use rustc_hash::FxHashMap;

/// Marker bit set on the label value of "no tag yet" (sentence start).
pub(crate) const START: u64 = 0xFFFF_0001;
/// Second start tag (two before the first word).
pub(crate) const START2: u64 = 0xFFFF_0002;

/// Label value past the sentence end (second pass).
pub(crate) const END: u64 = 0xFFFF_0003;

/// No dictionary label.
pub(crate) const NO_DICT: u16 = u16::MAX;

/// Flags packed into [`WordInfo::flags`].
mod flag {
    pub const TITLE: u64 = 1;
    pub const UPPER: u64 = 1 << 1;
    pub const LOWER: u64 = 1 << 2;
    pub const DIGIT: u64 = 1 << 3;
    pub const HYPHEN: u64 = 1 << 4;
    pub const ALPHA: u64 = 1 << 5;
    pub const FIRST: u64 = 1 << 6;
    pub const PUNCT: u64 = 1 << 7;
}

/// The hashed pieces of one word.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct WordInfo {
    /// Normalised cased form.
    pub word: u64,
    /// Lowercase form (digits folded to their shape).
    pub lower: u64,
    /// Lowercase prefixes of 1..=3 chars.
    pub pre: [u64; 3],
    /// Lowercase suffixes of 1..=4 chars.
    pub suf: [u64; 4],
    /// Collapsed word shape.
    pub shape: u64,
    /// Surface flags (`flag::*`).
    pub flags: u64,
    /// Ambiguity class from the lexicon (0 = unknown word).
    pub amb: u64,
    /// Label from the tag dictionary, or [`NO_DICT`].
    pub dict: u16,
    /// Word cluster ids (coarse to fine).
    pub clus: [u64; 3],
}

/// Padding before the sentence.
pub(crate) const PAD_BEFORE: WordInfo = pad(0x5157_0001);
/// Padding after the sentence.
pub(crate) const PAD_AFTER: WordInfo = pad(0x5157_0002);

const fn pad(h: u64) -> WordInfo {
    WordInfo {
        word: h,
        lower: h,
        pre: [h; 3],
        suf: [h; 4],
        shape: h,
        flags: h,
        amb: h,
        dict: NO_DICT,
        clus: [h; 3],
    }
}

/// What the lexicon knows of a word seen in training.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LexEntry {
    /// Ambiguity class id + 1 (0 = none).
    pub amb: u32,
    /// Unambiguous label, or [`NO_DICT`].
    pub dict: u16,
}

/// Word → lexicon entry, keyed by [`hash_str`] of the normalised form.
pub(crate) type Lexicon = FxHashMap<u64, LexEntry>;

/// Reusable string buffers for [`word_info`].
#[derive(Debug, Default)]
pub(crate) struct Bufs {
    norm: String,
    lower: String,
    shape: String,
}

/// Replaces typographic apostrophes inside words by `'` (EWT's spelling);
/// stand-alone quote marks keep their form. Borrows when nothing changes.
pub(crate) fn normalize<'a>(w: &'a str, buf: &'a mut String) -> &'a str {
    if w.len() <= 3 && w.chars().count() == 1 {
        return w;
    }
    if !w.contains(['’', '‘']) {
        return w;
    }
    buf.clear();
    for c in w.chars() {
        buf.push(if c == '’' || c == '‘' { '\'' } else { c });
    }
    buf
}

fn lower_into(w: &str, out: &mut String) {
    out.clear();
    if w.is_ascii() {
        out.push_str(w);
        out.make_ascii_lowercase();
    } else {
        for c in w.chars() {
            out.extend(c.to_lowercase());
        }
    }
}

fn shape_into(w: &str, out: &mut String) {
    out.clear();
    out.extend(chronicler_doc::shape_chars(w, 3));
}

/// Hash of the last `k` chars of `s` (the whole of `s` when shorter).
#[inline]
fn suffix_hash(s: &str, k: usize) -> u64 {
    let start = s
        .char_indices()
        .rev()
        .nth(k - 1)
        .map(|(i, _)| i)
        .unwrap_or(0);
    hash_str(s.get(start..).unwrap_or(s)).wrapping_add(k as u64)
}

/// Hash of the first `k` chars of `s` (the whole of `s` when shorter).
#[inline]
fn prefix_hash(s: &str, k: usize) -> u64 {
    let end = s.char_indices().nth(k).map(|(i, _)| i).unwrap_or(s.len());
    hash_str(s.get(..end).unwrap_or(s)).wrapping_add(k as u64)
}

/// Lexicon key of a normalised form.
#[inline]
pub(crate) fn lex_key(norm: &str) -> u64 {
    hash_str(norm)
}

/// Hashes the pieces of `w` (the `first` word of its sentence or not).
pub(crate) fn word_info(
    w: &str,
    first: bool,
    lex: &Lexicon,
    clusters: &Clusters,
    bufs: &mut Bufs,
) -> WordInfo {
    let Bufs { norm, lower, shape } = bufs;
    let n = normalize(w, norm);
    lower_into(n, lower);
    shape_into(n, shape);
    let mut flags = 0u64;
    let mut has_digit = false;
    let mut all_alpha = true;
    let mut all_punct = true;
    let (mut up, mut lo) = (0usize, 0usize);
    for (i, c) in n.chars().enumerate() {
        if c.is_numeric() {
            has_digit = true;
        }
        if !c.is_alphabetic() {
            all_alpha = false;
        }
        if c.is_alphanumeric() {
            all_punct = false;
        }
        if c.is_uppercase() {
            up += 1;
            if i == 0 {
                flags |= flag::TITLE;
            }
        } else if c.is_lowercase() {
            lo += 1;
        }
        if c == '-' && i > 0 {
            flags |= flag::HYPHEN;
        }
    }
    if up > 0 && lo == 0 {
        flags |= flag::UPPER;
    }
    if lo > 0 && up == 0 {
        flags |= flag::LOWER;
    }
    if has_digit {
        flags |= flag::DIGIT;
    }
    if all_alpha && !n.is_empty() {
        flags |= flag::ALPHA;
    }
    if all_punct && !n.is_empty() {
        flags |= flag::PUNCT;
    }
    if first {
        flags |= flag::FIRST;
    }
    let word = hash_str(n);
    let shape_h = hash_str(shape);
    let lower_h = if has_digit {
        shape_h ^ 0x00d1_6175
    } else {
        hash_str(lower)
    };
    // The dictionary answers only for the exact form; the ambiguity class
    // may come from the lowercase form (`Will` at a sentence start).
    let (amb, dict) = match lex.get(&lex_key(n)) {
        Some(e) => (e.amb as u64, e.dict),
        None if up > 0 => match lex.get(&lex_key(lower)) {
            Some(e) => (e.amb as u64, NO_DICT),
            None => (0, NO_DICT),
        },
        None => (0, NO_DICT),
    };
    let l = lower.as_str();
    WordInfo {
        word: if has_digit { lower_h } else { word },
        lower: lower_h,
        pre: [prefix_hash(l, 1), prefix_hash(l, 2), prefix_hash(l, 3)],
        suf: [
            suffix_hash(l, 1),
            suffix_hash(l, 2),
            suffix_hash(l, 3),
            suffix_hash(l, 4),
        ],
        shape: shape_h,
        flags,
        amb,
        dict,
        clus: if has_digit {
            super::clusters::NO_CLUSTER
        } else {
            clusters.lookup(n, l)
        },
    }
}

/// Fills `f` with the features of word `i` of `ws`, given the labels of the
/// two previous words (`START`/`START2` at the sentence start): the word's
/// own features ([`extract_word`]) and those of its context and history
/// ([`extract_context`]).
#[inline]
pub(crate) fn extract(f: &mut Features, ws: &[WordInfo], i: usize, p1: u64, p2: u64, mode: u64) {
    f.clear();
    if let Some(w) = ws.get(i) {
        extract_word(f, w);
    }
    extract_context(f, ws, i, p1, p2, mode);
}

/// Appends the features that depend on the word alone (the same for every
/// occurrence of the word, so they can be scored once per document).
#[inline]
pub(crate) fn extract_word(f: &mut Features, w: &WordInfo) {
    f.add_hashed(1, w.lower);
    f.add_hashed(2, w.word);
    f.add_hashed(3, w.suf[0]);
    f.add_hashed(4, w.suf[1]);
    f.add_hashed(5, w.suf[2]);
    f.add_hashed(6, w.suf[3]);
    f.add_hashed(7, w.pre[0]);
    f.add_hashed(8, w.pre[1]);
    f.add_hashed(9, w.pre[2]);
    f.add_hashed(10, w.shape);
    f.add_hashed(11, w.flags);
    f.add_hashed(26, w.amb);
    f.add_hashed2(32, w.flags, w.shape);
    f.add_hashed(38, w.clus[0]);
    f.add_hashed(39, w.clus[1]);
    f.add_hashed(40, w.clus[2]);
}

/// Appends the features of word `i` that involve its neighbours, the
/// sentence's casing regime or the previous labels.
#[inline]
pub(crate) fn extract_context(
    f: &mut Features,
    ws: &[WordInfo],
    i: usize,
    p1: u64,
    p2: u64,
    mode: u64,
) {
    let get = |j: isize| -> &WordInfo {
        let k = i as isize + j;
        if k < 0 {
            &PAD_BEFORE
        } else {
            ws.get(k as usize).unwrap_or(&PAD_AFTER)
        }
    };
    let w = get(0);
    let m1 = get(-1);
    let m2 = get(-2);
    let n1 = get(1);
    let n2 = get(2);
    f.add_hashed(12, p1);
    f.add_hashed(13, p2);
    f.add_hashed2(14, p1, p2);
    f.add_hashed2(15, p1, w.lower);
    f.add_hashed(16, m1.lower);
    f.add_hashed(17, m2.lower);
    f.add_hashed(18, n1.lower);
    f.add_hashed(19, n2.lower);
    f.add_hashed(20, m1.suf[2]);
    f.add_hashed(21, n1.suf[2]);
    f.add_hashed2(22, w.lower, n1.lower);
    f.add_hashed2(23, m1.lower, w.lower);
    f.add_hashed(24, n1.shape);
    f.add_hashed(25, m1.shape);
    f.add_hashed(27, n1.amb);
    f.add_hashed(28, n2.amb);
    f.add_hashed2(29, w.amb, n1.amb);
    f.add_hashed2(30, p1, w.suf[2]);
    f.add_hashed2(31, p1, w.amb);
    f.add_hashed(33, n1.suf[1]);
    let case = |w: &WordInfo| w.flags & (flag::TITLE | flag::UPPER | flag::LOWER | flag::FIRST);
    f.add_hashed2(34, mode, case(w));
    f.add_hashed3(35, case(m1), case(w), case(n1));
    f.add_hashed2(36, p1, n1.lower);
    f.add_hashed2(37, mode, w.lower);
    f.add_hashed(41, n1.clus[1]);
    f.add_hashed(42, m1.clus[1]);
    f.add_hashed2(43, p1, w.clus[0]);
}

/// The second pass's features: the first pass's plus the first pass's
/// labels of this word and the two words ahead.
#[inline]
#[allow(clippy::too_many_arguments)]
pub(crate) fn extract2(
    f: &mut Features,
    ws: &[WordInfo],
    i: usize,
    p1: u64,
    p2: u64,
    mode: u64,
    first: &[u16],
) {
    extract(f, ws, i, p1, p2, mode);
    let lab = |j: usize| first.get(j).map_or(END, |&l| l as u64);
    let (c, r1, r2) = (lab(i), lab(i + 1), lab(i + 2));
    let w = &ws[i];
    f.add_hashed(50, c);
    f.add_hashed(51, r1);
    f.add_hashed(52, r2);
    f.add_hashed2(53, r1, r2);
    f.add_hashed2(54, p1, r1);
    f.add_hashed2(55, r1, w.lower);
    f.add_hashed2(56, c, w.lower);
}

/// Casing regime of a sentence: 1 normal, 2 headline-like (most words
/// capitalised), 3 shouting (most words all caps), 4 no capitals at all.
pub(crate) fn sentence_mode(ws: &[WordInfo]) -> u64 {
    let (mut alpha, mut title, mut upper, mut lower) = (0u32, 0u32, 0u32, 0u32);
    for w in ws {
        if w.flags & flag::ALPHA == 0 {
            continue;
        }
        alpha += 1;
        if w.flags & flag::UPPER != 0 && w.flags & flag::TITLE != 0 {
            upper += 1;
        } else if w.flags & flag::TITLE != 0 {
            title += 1;
        } else if w.flags & flag::LOWER != 0 {
            lower += 1;
        }
    }
    if alpha >= 3 && upper * 10 >= alpha * 7 {
        3
    } else if alpha >= 3 && (title + upper) * 10 >= alpha * 6 {
        2
    } else if alpha >= 3 && lower == alpha {
        4
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_ignore_case_where_they_should() {
        let lex = Lexicon::default();
        let cl = Clusters::default();
        let mut b = Bufs::default();
        let a = word_info("Senate", false, &lex, &cl, &mut b);
        let c = word_info("senate", false, &lex, &cl, &mut b);
        assert_eq!(a.lower, c.lower);
        assert_eq!(a.suf, c.suf);
        assert_ne!(a.word, c.word);
        assert_ne!(a.shape, c.shape);
        let x = word_info("1,200", false, &lex, &cl, &mut b);
        let y = word_info("3,400", false, &lex, &cl, &mut b);
        assert_eq!(x.lower, y.lower);
        assert_eq!(a.dict, NO_DICT);
    }

    #[test]
    fn apostrophes_are_normalised() {
        let mut s = String::new();
        assert_eq!(normalize("don’t", &mut s), "don't");
        let mut s = String::new();
        assert_eq!(normalize("’", &mut s), "’");
        let mut s = String::new();
        assert_eq!(normalize("plain", &mut s), "plain");
        assert_eq!(suffix_hash("ab", 4), suffix_hash("ab", 4));
        assert_ne!(suffix_hash("ab", 1), suffix_hash("b", 2));
    }
}
