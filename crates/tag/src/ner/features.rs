//! Feature extraction for the NER tagger.
//!
//! Per token, a [`TokInfo`] is computed once (hashes of the form, lowercase,
//! shapes and affixes; cluster ids; gazetteer BILOU codes); the feature
//! templates then combine pre-hashed values only, so extraction allocates
//! nothing per token beyond one reused lowercase buffer.
//!
//! Three feature groups:
//! - static: the word and its ±2 window (forms, shapes, affixes, clusters,
//!   gazetteers, capitalisation pattern, sentence position, headline flag);
//! - history: the two previous predicted classes (greedy left-to-right);
//! - document (second pass only): the types the first pass gave the same word
//!   elsewhere in the document (Ratinov & Roth's context aggregation and
//!   extended prediction history).

use super::lexicon::{
    BrownInfo, Clusters, Gazetteer, GAZ_CLUB, GAZ_FIRST, GAZ_LOC, GAZ_ORG, GAZ_PER, GAZ_SURNAME,
    NO_CLUSTER, N_GAZ,
};
use chronicler_learn::{hash_str, Features};
use rustc_hash::FxHashMap;

/// Which feature families are on (for ablations; the shipped model uses all).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeatureSet {
    /// Word-cluster features.
    pub clusters: bool,
    /// Gazetteer features.
    pub gazetteers: bool,
    /// Document-level second pass.
    pub document: bool,
    /// Partial gazetteer matches (token inside a multi-token entry).
    pub partial: bool,
    /// Extra document features: context aggregation over the other
    /// occurrences of a word, and entity-sequence evidence.
    pub aggregation: bool,
    /// How numeric the document and the sentence are (results tables,
    /// where place names are usually teams), conjoined with the gazetteer
    /// types of capitalised words.
    pub numeric: bool,
    /// Second pass: the set of types the first pass gave the other
    /// occurrences of the word (not only the majority), alone and with the
    /// token's own first-pass type.
    pub type_set: bool,
    /// Character features: 5-character prefix and suffix, length bucket,
    /// the parts of a hyphenated word.
    pub chars: bool,
    /// Part-of-speech features: the Penn tag (from this crate's
    /// [`PosTagger`](crate::PosTagger), never a corpus column) of the word
    /// and of its ±2 neighbours, and the tag bigrams around the word.
    pub pos: bool,
    /// More cluster granularities in the window: every level for ±1, the
    /// coarse levels for ±2, coarse (64) cluster bigrams and trigram.
    pub cluster_window: bool,
    /// With [`FeatureSet::pos`]: the tag trigram around the word, the
    /// tags of ±1 together, the word's tag with its short shape.
    pub pos_context: bool,
    /// Brown-cluster path prefixes (`data/ner/brown.tsv`) of the word and
    /// of its ±2 neighbours.
    pub brown: bool,
    /// Corpus frequency of the word as written and lowercased
    /// (`data/ner/brown.tsv`), with the short shape.
    pub freq: bool,
    /// With [`FeatureSet::brown`], more of them: the 4- and 10-step
    /// prefixes of ±1, the whole paths of ±2, path bigrams with ±1.
    pub brown_window: bool,
}

impl Default for FeatureSet {
    fn default() -> Self {
        FeatureSet {
            clusters: true,
            gazetteers: true,
            document: true,
            partial: true,
            aggregation: false,
            numeric: false,
            type_set: false,
            chars: false,
            pos: false,
            cluster_window: false,
            pos_context: false,
            brown: true,
            freq: false,
            brown_window: false,
        }
    }
}

impl FeatureSet {
    /// The families as bits (1 clusters, 2 gazetteers, 4 document pass,
    /// 8 partial matches, 16 aggregation, 32 numeric, 64 type sets,
    /// 128 characters, 256 part of speech, 512 cluster window, 1024 POS
    /// context, 2048 Brown clusters, 4096 frequencies, 8192 Brown window),
    /// as stored in model files.
    pub fn to_bits(self) -> u16 {
        self.clusters as u16
            | (self.gazetteers as u16) << 1
            | (self.document as u16) << 2
            | (self.partial as u16) << 3
            | (self.aggregation as u16) << 4
            | (self.numeric as u16) << 5
            | (self.type_set as u16) << 6
            | (self.chars as u16) << 7
            | (self.pos as u16) << 8
            | (self.cluster_window as u16) << 9
            | (self.pos_context as u16) << 10
            | (self.brown as u16) << 11
            | (self.freq as u16) << 12
            | (self.brown_window as u16) << 13
    }

    /// The families of [`FeatureSet::to_bits`]; unknown bits are ignored.
    pub fn from_bits(b: u16) -> FeatureSet {
        FeatureSet {
            clusters: b & 1 != 0,
            gazetteers: b & 2 != 0,
            document: b & 4 != 0,
            partial: b & 8 != 0,
            aggregation: b & 16 != 0,
            numeric: b & 32 != 0,
            type_set: b & 64 != 0,
            chars: b & 128 != 0,
            pos: b & 256 != 0,
            cluster_window: b & 512 != 0,
            pos_context: b & 1024 != 0,
            brown: b & 2048 != 0,
            freq: b & 4096 != 0,
            brown_window: b & 8192 != 0,
        }
    }
}

/// Everything the templates need about one token, computed once.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct TokInfo {
    pub form: u64,
    pub lower: u64,
    pub shape: u64,
    pub sshape: u64,
    pub affix: [u64; 8],
    /// 5-character prefix and suffix (0 when the word is shorter than 6),
    /// first and last part of a hyphenated word (0 when not hyphenated).
    pub affix5: [u64; 4],
    /// Length in characters, bucketed.
    pub len: u8,
    pub cl: [u32; 4],
    pub brown: BrownInfo,
    pub gaz: [u8; N_GAZ],
    /// Partial gazetteer matches of a capitalised token (bits over
    /// `lexicon::PARTIAL_TYPES`).
    pub part: u8,
    /// Key for document-level aggregation (lowercase hash) or 0 when the
    /// token is not a candidate name (no uppercase letter, or no letter).
    pub doc_key: u64,
    /// The token starts with a digit.
    pub num: bool,
    /// The token is written all in lowercase.
    pub lc: bool,
    /// The token is capitalised, not sentence-initial, not in a headline.
    pub cap_mid: bool,
    /// Hash of the token's Penn POS tag ([`pos_key`]), 0 when unknown.
    pub pos: u64,
}

// Template ids.
const T_FORM: u32 = 2;
const T_LOWER: u32 = 3;
const T_SHAPE: u32 = 4;
const T_SSHAPE: u32 = 5;
const T_AFFIX: u32 = 6; // 6..14
const T_LM1: u32 = 14;
const T_LP1: u32 = 15;
const T_LM2: u32 = 16;
const T_LP2: u32 = 17;
const T_SM1: u32 = 18;
const T_SP1: u32 = 19;
const T_SM2: u32 = 20;
const T_SP2: u32 = 21;
const T_BI_L: u32 = 22;
const T_BI_R: u32 = 23;
const T_SH3: u32 = 24;
const T_FIRST: u32 = 25;
const T_CAPSENT: u32 = 26;
const T_CL0: u32 = 27; // 27..31
const T_CLM1: u32 = 31; // 31, 32
const T_CLP1: u32 = 33; // 33, 34
const T_CLM2: u32 = 35;
const T_CLP2: u32 = 36;
const T_GAZ0: u32 = 37;
const T_GAZM1: u32 = 38;
const T_GAZP1: u32 = 39;
const T_LM1_S0: u32 = 40;
const T_S0_LP1: u32 = 41;
const T_CL_SH: u32 = 42;
const T_GAZ_SH: u32 = 43;
const T_PREV: u32 = 50;
const T_PREV2: u32 = 51;
const T_PREV_L0: u32 = 52;
const T_PREV_S0: u32 = 53;
const T_GAZM2: u32 = 55;
const T_GAZP2: u32 = 56;
const T_DOC_MAJ: u32 = 60;
const T_DOC_MAJ_FR: u32 = 61;
const T_DOC_OWN: u32 = 62;
const T_DOC_LAST: u32 = 63;
const T_DOC_OWN_S: u32 = 64;
const T_DOC_NB: u32 = 65;
const T_DOC_CASE: u32 = 66;
const T_DOC_SET: u32 = 67;
const T_DOC_SET_OWN: u32 = 68;
const T_CL_BI_L: u32 = 44;
const T_CL_BI_R: u32 = 45;
const T_SKIP: u32 = 46;
const T_LM3: u32 = 47;
const T_LP3: u32 = 48;
const T_FIRST_L: u32 = 49;
const T_GAZPART: u32 = 70;
const T_AFFIX5: u32 = 80; // 80..84
const T_LEN: u32 = 84;
const T_AGG_L: u32 = 72;
const T_AGG_R: u32 = 73;

const T_CLW_M1: u32 = 100; // 100, 101
const T_CLW_P1: u32 = 102; // 102, 103
const T_CLW_M2: u32 = 104; // 104, 105
const T_CLW_P2: u32 = 106; // 106, 107
const T_CLW_BI_L: u32 = 108;
const T_CLW_BI_R: u32 = 109;
const T_CLW_TRI: u32 = 110;
const T_POS_TRI: u32 = 97;
const T_POS_SKIP: u32 = 98;
const T_POS_SH: u32 = 99;
const T_POS0: u32 = 90;
const T_POSM1: u32 = 91;
const T_POSP1: u32 = 92;
const T_POSM2: u32 = 93;
const T_POSP2: u32 = 94;
const T_POS_BI_L: u32 = 95;
const T_POS_BI_R: u32 = 96;

const T_BR0: u32 = 111; // 111..115
const T_BR_SH: u32 = 115;
const T_BRM1: u32 = 116; // 116, 117
const T_BRP1: u32 = 118; // 118, 119
const T_BRM2: u32 = 120;
const T_BRP2: u32 = 121;
const T_FREQ: u32 = 122;
const T_FREQ_SH: u32 = 123;
const T_BRW: u32 = 124; // 124..132

const T_NUM_DS: u32 = 74;
const T_NUM_GAZ: u32 = 75;
const T_NUM_SH: u32 = 76;

/// Share of number tokens in a span of tokens, bucketed (0..=4).
pub(crate) fn numeric_bucket<'a>(toks: impl Iterator<Item = &'a TokInfo>) -> u8 {
    let (mut n, mut num) = (0usize, 0usize);
    for t in toks {
        n += 1;
        num += t.num as usize;
    }
    if n == 0 {
        return 0;
    }
    match num * 100 / n {
        0..=4 => 0,
        5..=9 => 1,
        10..=19 => 2,
        20..=34 => 3,
        _ => 4,
    }
}

/// Numeric-context features of a capitalised token: the document and
/// sentence buckets ([`numeric_bucket`]), with its gazetteer types and shape.
pub(crate) fn numeric_features(t: &TokInfo, doc_b: u8, sent_b: u8, f: &mut Features) {
    if t.doc_key == 0 {
        return;
    }
    let g = &t.gaz;
    let mask = (g[GAZ_LOC] != 0) as u64
        | ((g[GAZ_ORG] != 0) as u64) << 1
        | ((g[GAZ_CLUB] != 0) as u64) << 2
        | ((g[GAZ_PER] != 0 || g[GAZ_SURNAME] != 0 || g[GAZ_FIRST] != 0) as u64) << 3;
    f.add_num2(T_NUM_DS, doc_b as u64, sent_b as u64);
    f.add_hashed3(T_NUM_GAZ, doc_b as u64, sent_b as u64, mask);
    f.add_hashed3(T_NUM_SH, doc_b as u64, t.sshape, mask);
}

/// Occurrences of a word kept for context aggregation.
pub(crate) const AGG_MAX: usize = 8;

/// Context aggregation (Ratinov & Roth 2009): for every capitalised word of a
/// document (by `doc_key`), the lowercase words left and right of its first
/// [`AGG_MAX`] occurrences.
pub(crate) fn doc_contexts(infos: &[Vec<TokInfo>]) -> rustc_hash::FxHashMap<u64, Vec<(u64, u64)>> {
    let mut m: rustc_hash::FxHashMap<u64, Vec<(u64, u64)>> = Default::default();
    for inf in infos {
        for (i, t) in inf.iter().enumerate() {
            if t.doc_key == 0 {
                continue;
            }
            let v = m.entry(t.doc_key).or_default();
            if v.len() < AGG_MAX {
                let l = if i > 0 { inf[i - 1].lower } else { PAD };
                let r = inf.get(i + 1).map_or(PAD, |x| x.lower);
                v.push((l, r));
            }
        }
    }
    m
}

/// Aggregated context features of a word occurring at least twice
/// (identical for all its occurrences, so they can be scored once).
pub(crate) fn agg_features(ctx: &[(u64, u64)], f: &mut Features) {
    if ctx.len() < 2 {
        return;
    }
    for &(l, r) in ctx {
        f.add_hashed(T_AGG_L, l);
        f.add_hashed(T_AGG_R, r);
    }
}

/// Salt for shape hashes in all-caps sentences (so headlines get their own weights).
const CAPS_SALT: u64 = 0x2545_f491_4f6c_dd1d;
const PAD: u64 = 0x0bad_cafe_dead_beef;
const PAD_SHAPE: u64 = 0x1234_5678_9abc_def1;

/// Short shape: runs of one class collapsed to one character (`Xx`, `X.X.`, `d`).
fn short_shape(s: &str) -> u64 {
    chronicler_doc::shape_chars(s, 1)
        .take(7)
        .fold(0x811c_9dc5, |h, k| super::lexicon::seq_mix(h, k as u64))
        | 1
}

/// Long shape (runs capped at 4), hashed, without allocating.
fn long_shape(s: &str) -> u64 {
    chronicler_doc::shape_chars(s, 4).fold(0xcbf2_9ce4_8422_2325, |h, k| {
        super::lexicon::seq_mix(h, k as u64)
    }) | 1
}

/// True when the sentence is written in capitals (a headline): at least two
/// tokens with letters and at least 80 % of them fully upper-case.
pub(crate) fn is_caps_sentence(words: &[&str]) -> bool {
    let mut cased = 0;
    let mut upper = 0;
    for w in words {
        if w.chars().any(char::is_alphabetic) && w.len() > 1 {
            cased += 1;
            if !w.chars().any(char::is_lowercase) {
                upper += 1;
            }
        }
    }
    cased >= 2 && upper * 5 >= cased * 4
}

/// Reusable buffers for the sentences of a document; the word analyses
/// outlive it (a thread keeps them for the next document of the same
/// tagger, see `ner::WordCache`).
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    pub info: Vec<TokInfo>,
    pub gaz: Vec<[u8; N_GAZ]>,
    lowers: Vec<u64>,
    caps: Vec<bool>,
    buf: String,
    title: String,
    norm: String,
    /// Word-only analyses by form hash and headline flag: a word is analysed
    /// once per scratch.
    words: FxHashMap<u64, WordInfo>,
}

impl Scratch {
    /// Number of words whose analysis is cached.
    pub(crate) fn words_len(&self) -> usize {
        self.words.len()
    }
}

/// What [`sentence_info`] knows of a word without its sentence.
#[derive(Debug, Clone, Copy)]
struct WordInfo {
    form: u64,
    lower: u64,
    shape: u64,
    sshape: u64,
    affix: [u64; 8],
    affix5: [u64; 4],
    len: u8,
    cl: [u32; 4],
    brown: BrownInfo,
    part: u8,
    doc_key: u64,
    num: bool,
    lc: bool,
    has_upper: bool,
    /// Capitalised or starting with a number (gazetteer matching).
    cap: bool,
}

/// The word spelt as CoNLL-2003 (Reuters) spells it: typographic single
/// quotes and apostrophes (`‘ ’ ‚ ‛`) become `'`, typographic double quotes
/// and guillemets (`“ ” „ ‟ « »`) become `"`, dashes (`– — ―`) become `--`,
/// `…` becomes `...`, square and curly brackets become round ones. The
/// training data has only the plain forms, so without this a closing `”` or
/// a `[` before a name looks like no token the model has seen and is often
/// taken into the name. Only the features change; offsets and output text
/// are the document's. Borrows when nothing changes.
pub(crate) fn conll_spelling<'a>(w: &'a str, buf: &'a mut String) -> &'a str {
    fn plain(c: char) -> Option<&'static str> {
        Some(match c {
            '‘' | '’' | '‚' | '‛' => "'",
            '“' | '”' | '„' | '‟' | '«' | '»' => "\"",
            '–' | '—' | '―' => "--",
            '…' => "...",
            '[' | '{' => "(",
            ']' | '}' => ")",
            _ => return None,
        })
    }
    let ascii_plain = |w: &str| !w.bytes().any(|b| matches!(b, b'[' | b']' | b'{' | b'}'));
    if (w.is_ascii() && ascii_plain(w)) || !w.chars().any(|c| plain(c).is_some()) {
        return w;
    }
    buf.clear();
    for c in w.chars() {
        match plain(c) {
            Some(p) => buf.push_str(p),
            None => buf.push(c),
        }
    }
    buf
}

/// Fills `s.info` for a sentence.
pub(crate) fn sentence_info(
    words: &[&str],
    caps_sentence: bool,
    clusters: &Clusters,
    gaz: &Gazetteer,
    s: &mut Scratch,
) {
    s.info.clear();
    s.lowers.clear();
    s.caps.clear();
    for (wi, w) in words.iter().enumerate() {
        let w = conll_spelling(w, &mut s.norm);
        let h = hash_str(w);
        let key = if caps_sentence { h ^ CAPS_SALT } else { h };
        let wd = match s.words.get(&key) {
            Some(wd) => *wd,
            None => {
                let wd = word_info(w, h, caps_sentence, clusters, gaz, &mut s.buf, &mut s.title);
                s.words.insert(key, wd);
                wd
            }
        };
        s.lowers.push(wd.lower);
        s.caps.push(wd.cap);
        s.info.push(TokInfo {
            form: wd.form,
            lower: wd.lower,
            shape: wd.shape,
            sshape: wd.sshape,
            affix: wd.affix,
            affix5: wd.affix5,
            len: wd.len,
            cl: wd.cl,
            brown: wd.brown,
            gaz: [0; N_GAZ],
            part: wd.part,
            doc_key: wd.doc_key,
            num: wd.num,
            lc: wd.lc,
            cap_mid: wd.has_upper && wi > 0 && !caps_sentence,
            pos: 0,
        });
    }
    s.gaz.clear();
    s.gaz.resize(words.len(), [0; N_GAZ]);
    gaz.tag(&s.lowers, &s.caps, &mut s.gaz);
    for (t, g) in s.info.iter_mut().zip(&s.gaz) {
        t.gaz = *g;
    }
}

/// Analyses one word (`h` is [`hash_str`] of it); `buf` and `title` are
/// scratch strings.
fn word_info(
    w: &str,
    h: u64,
    caps_sentence: bool,
    clusters: &Clusters,
    gaz: &Gazetteer,
    buf: &mut String,
    title: &mut String,
) -> WordInfo {
    buf.clear();
    for c in w.chars() {
        buf.extend(c.to_lowercase());
    }
    let buf = buf.as_str();
    let lower = hash_str(buf);
    let form = if caps_sentence { lower } else { h };
    let mut shape = long_shape(w);
    let mut sshape = short_shape(w);
    if caps_sentence {
        shape ^= CAPS_SALT;
        sshape ^= CAPS_SALT;
    }
    let mut affix = [0u64; 8];
    let chars: usize = buf.chars().count();
    if chars >= 2 {
        let mut ends = buf.char_indices().map(|(i, _)| i).skip(1);
        for (k, slot) in affix.iter_mut().take(4).enumerate() {
            if k + 1 >= chars {
                break;
            }
            if let Some(e) = ends.next() {
                *slot = hash_str(buf.get(..e).unwrap_or(""));
            }
        }
        let mut idx = buf.char_indices().rev().map(|(i, _)| i);
        for k in 0..4 {
            if k + 1 >= chars {
                break;
            }
            if let Some(st) = idx.next() {
                affix[4 + k] = hash_str(buf.get(st..).unwrap_or(""));
            }
        }
    }
    let mut affix5 = [0u64; 4];
    if chars > 5 {
        if let Some((e, _)) = buf.char_indices().nth(5) {
            affix5[0] = hash_str(buf.get(..e).unwrap_or(""));
        }
        if let Some((st, _)) = buf.char_indices().rev().nth(4) {
            affix5[1] = hash_str(buf.get(st..).unwrap_or(""));
        }
    }
    if let (Some(a), Some(b)) = (buf.find('-'), buf.rfind('-')) {
        let (first, last) = (buf.get(..a).unwrap_or(""), buf.get(b + 1..).unwrap_or(""));
        if !first.is_empty() && !last.is_empty() {
            affix5[2] = hash_str(first);
            affix5[3] = hash_str(last);
        }
    }
    let len = match chars {
        0..=2 => chars as u8,
        3..=4 => 3,
        5..=7 => 4,
        8..=11 => 5,
        _ => 6,
    };
    // Clusters: as written (title-cased in headlines), then lowercase.
    let first = if caps_sentence {
        title.clear();
        let mut it = buf.chars();
        if let Some(c) = it.next() {
            title.extend(c.to_uppercase());
            title.push_str(it.as_str());
        }
        hash_str(title)
    } else {
        h
    };
    let cl = clusters.lookup(first, lower);
    let brown = clusters.brown.lookup(first, lower);
    let has_upper = w.chars().any(char::is_uppercase);
    let has_alpha = w.chars().any(char::is_alphabetic);
    let doc_key = if has_upper && has_alpha && w.len() > 1 {
        lower
    } else {
        0
    };
    WordInfo {
        form,
        lower,
        shape,
        sshape,
        affix,
        affix5,
        len,
        cl,
        brown,
        part: if has_upper { gaz.partial(lower) } else { 0 },
        doc_key,
        num: w.chars().next().is_some_and(|c| c.is_ascii_digit()),
        lc: !has_upper && has_alpha,
        has_upper,
        cap: has_upper || w.chars().next().is_some_and(|c| c.is_numeric()),
    }
}

#[inline]
fn add_gaz(f: &mut Features, t: u32, g: &[u8; N_GAZ]) {
    for (ty, &code) in g.iter().enumerate() {
        if code != 0 {
            f.add_num2(t, ty as u64, code as u64);
        }
    }
}

/// Static features of token `i` (bias included).
pub(crate) fn static_features(
    info: &[TokInfo],
    i: usize,
    caps_sentence: bool,
    fs: FeatureSet,
    f: &mut Features,
) {
    f.clear();
    word_features(&info[i], fs, f);
    context_features(info, i, caps_sentence, fs, f);
}

/// Key of a token's word features (form and salted shape decide them all).
#[inline]
pub(crate) fn word_key(t: &TokInfo) -> u64 {
    t.form ^ t.shape.rotate_left(17)
}

/// The features of the word itself (cacheable per word): appended to `f`.
#[inline]
pub(crate) fn word_features(t: &TokInfo, fs: FeatureSet, f: &mut Features) {
    f.add_hashed(T_FORM, t.form);
    f.add_hashed(T_LOWER, t.lower);
    f.add_hashed(T_SHAPE, t.shape);
    f.add_hashed(T_SSHAPE, t.sshape);
    for (k, &a) in t.affix.iter().enumerate() {
        if a != 0 {
            f.add_hashed(T_AFFIX + k as u32, a);
        }
    }
    if fs.clusters {
        for k in 0..4 {
            f.add_num(T_CL0 + k as u32, t.cl[k] as u64);
        }
        f.add_num2(T_CL_SH, t.cl[2] as u64, t.sshape);
    }
    if fs.brown {
        for (k, &p) in t.brown.prefix.iter().enumerate() {
            f.add_num(T_BR0 + k as u32, p as u64);
        }
        f.add_num2(T_BR_SH, t.brown.prefix[1] as u64, t.sshape);
    }
    if fs.freq {
        f.add_num2(T_FREQ, t.brown.freq as u64, t.brown.freq_lower as u64);
        f.add_num2(T_FREQ_SH, t.brown.freq as u64, t.sshape);
    }
    if fs.chars {
        for (k, &a) in t.affix5.iter().enumerate() {
            if a != 0 {
                f.add_hashed(T_AFFIX5 + k as u32, a);
            }
        }
        f.add_num2(T_LEN, t.len as u64, t.sshape);
    }
    if fs.partial && t.part != 0 {
        let mut m = t.part;
        while m != 0 {
            let b = m.trailing_zeros();
            f.add_num(T_GAZPART, b as u64);
            m &= m - 1;
        }
        f.add_num(T_GAZPART + 1, t.part as u64);
    }
}

/// The features of token `i` that depend on its neighbours: appended to `f`.
pub(crate) fn context_features(
    info: &[TokInfo],
    i: usize,
    caps_sentence: bool,
    fs: FeatureSet,
    f: &mut Features,
) {
    let t = &info[i];
    let get = |j: isize| -> Option<&TokInfo> {
        let k = i as isize + j;
        if k < 0 {
            None
        } else {
            info.get(k as usize)
        }
    };
    let lower_at = |j: isize| get(j).map_or(PAD, |x| x.lower);
    let shape_at = |j: isize| get(j).map_or(PAD_SHAPE, |x| x.shape);
    let sshape_at = |j: isize| get(j).map_or(PAD_SHAPE, |x| x.sshape);
    f.add_hashed(T_LM1, lower_at(-1));
    f.add_hashed(T_LP1, lower_at(1));
    f.add_hashed(T_LM2, lower_at(-2));
    f.add_hashed(T_LP2, lower_at(2));
    f.add_hashed(T_SM1, shape_at(-1));
    f.add_hashed(T_SP1, shape_at(1));
    f.add_hashed(T_SM2, sshape_at(-2));
    f.add_hashed(T_SP2, sshape_at(2));
    f.add_hashed2(T_BI_L, lower_at(-1), t.lower);
    f.add_hashed2(T_BI_R, t.lower, lower_at(1));
    f.add_hashed3(T_SH3, sshape_at(-1), t.sshape, sshape_at(1));
    f.add_hashed2(T_LM1_S0, lower_at(-1), t.sshape);
    f.add_hashed2(T_S0_LP1, t.sshape, lower_at(1));
    f.add_hashed2(T_SKIP, lower_at(-1), lower_at(1));
    f.add_hashed(T_LM3, lower_at(-3));
    f.add_hashed(T_LP3, lower_at(3));
    if i == 0 {
        f.add_hashed(T_FIRST, t.sshape);
        f.add_hashed(T_FIRST_L, t.lower);
    }
    if caps_sentence {
        f.add_num(T_CAPSENT, 1);
    }
    if fs.clusters {
        let cl = |j: isize, k: usize| get(j).map_or(NO_CLUSTER - 1, |x| x.cl[k]) as u64;
        f.add_num(T_CLM1, cl(-1, 1));
        f.add_num(T_CLM1 + 1, cl(-1, 2));
        f.add_num(T_CLP1, cl(1, 1));
        f.add_num(T_CLP1 + 1, cl(1, 2));
        f.add_num(T_CLM2, cl(-2, 3));
        f.add_num(T_CLP2, cl(2, 3));
        f.add_num2(T_CL_BI_L, cl(-1, 3), t.cl[3] as u64);
        f.add_num2(T_CL_BI_R, t.cl[3] as u64, cl(1, 3));
        if fs.cluster_window {
            // Levels: 0 group, 1 = 64, 2 = 256, 3 = 1024 clusters.
            f.add_num(T_CLW_M1, cl(-1, 0));
            f.add_num(T_CLW_M1 + 1, cl(-1, 3));
            f.add_num(T_CLW_P1, cl(1, 0));
            f.add_num(T_CLW_P1 + 1, cl(1, 3));
            f.add_num(T_CLW_M2, cl(-2, 1));
            f.add_num(T_CLW_M2 + 1, cl(-2, 2));
            f.add_num(T_CLW_P2, cl(2, 1));
            f.add_num(T_CLW_P2 + 1, cl(2, 2));
            f.add_num2(T_CLW_BI_L, cl(-1, 1), t.cl[1] as u64);
            f.add_num2(T_CLW_BI_R, t.cl[1] as u64, cl(1, 1));
            f.add_hashed3(T_CLW_TRI, cl(-1, 1), t.cl[1] as u64, cl(1, 1));
        }
    }
    if fs.brown {
        let br = |j: isize, k: usize| get(j).map_or(NO_CLUSTER - 1, |x| x.brown.prefix[k]) as u64;
        f.add_num(T_BRM1, br(-1, 1));
        f.add_num(T_BRM1 + 1, br(-1, 3));
        f.add_num(T_BRP1, br(1, 1));
        f.add_num(T_BRP1 + 1, br(1, 3));
        f.add_num(T_BRM2, br(-2, 1));
        f.add_num(T_BRP2, br(2, 1));
        if fs.brown_window {
            f.add_num(T_BRW, br(-1, 0));
            f.add_num(T_BRW + 1, br(1, 0));
            f.add_num(T_BRW + 2, br(-1, 2));
            f.add_num(T_BRW + 3, br(1, 2));
            f.add_num(T_BRW + 4, br(-2, 3));
            f.add_num(T_BRW + 5, br(2, 3));
            f.add_num2(T_BRW + 6, br(-1, 3), t.brown.prefix[3] as u64);
            f.add_num2(T_BRW + 7, t.brown.prefix[3] as u64, br(1, 3));
        }
    }
    if fs.gazetteers {
        add_gaz(f, T_GAZ0, &t.gaz);
        if let Some(p) = get(-1) {
            add_gaz(f, T_GAZM1, &p.gaz);
        }
        if let Some(n) = get(1) {
            add_gaz(f, T_GAZP1, &n.gaz);
        }
        if let Some(p) = get(-2) {
            add_gaz(f, T_GAZM2, &p.gaz);
        }
        if let Some(n) = get(2) {
            add_gaz(f, T_GAZP2, &n.gaz);
        }
        for (ty, &code) in t.gaz.iter().enumerate() {
            if code != 0 {
                f.add_hashed3(T_GAZ_SH, ty as u64, code as u64, t.sshape);
            }
        }
    }
    if fs.pos {
        let pos_at = |j: isize| get(j).map_or(PAD, |x| x.pos);
        f.add_hashed(T_POS0, t.pos);
        f.add_hashed(T_POSM1, pos_at(-1));
        f.add_hashed(T_POSP1, pos_at(1));
        f.add_hashed(T_POSM2, pos_at(-2));
        f.add_hashed(T_POSP2, pos_at(2));
        f.add_hashed2(T_POS_BI_L, pos_at(-1), t.pos);
        f.add_hashed2(T_POS_BI_R, t.pos, pos_at(1));
        if fs.pos_context {
            f.add_hashed3(T_POS_TRI, pos_at(-1), t.pos, pos_at(1));
            f.add_hashed2(T_POS_SKIP, pos_at(-1), pos_at(1));
            f.add_hashed2(T_POS_SH, t.pos, t.sshape);
        }
    }
}

/// The key of a POS tag in [`TokInfo::pos`] (never 0).
pub(crate) fn pos_key(tag: &str) -> u64 {
    hash_str(tag) | 1
}

/// Sets [`TokInfo::pos`] from a sentence's tags (missing tags stay 0).
pub(crate) fn set_pos(info: &mut [TokInfo], tags: &[u64]) {
    for (t, &p) in info.iter_mut().zip(tags) {
        t.pos = p;
    }
}

/// History features: the two previous predicted classes (bias included).
/// They are [`transition_features`] plus [`history_token_features`].
#[inline]
pub(crate) fn history_features(t: &TokInfo, prev: usize, prev2: usize, f: &mut Features) {
    f.clear();
    f.add_num(T_PREV, prev as u64);
    f.add_num2(T_PREV2, prev2 as u64, prev as u64);
    f.add_hashed2(T_PREV_L0, prev as u64, t.lower);
    f.add_hashed2(T_PREV_S0, prev as u64, t.sshape);
}

/// The history features that depend on the previous classes only (bias
/// included): their scores can be tabulated once per model.
#[inline]
pub(crate) fn transition_features(prev: usize, prev2: usize, f: &mut Features) {
    f.clear();
    f.add_num(T_PREV, prev as u64);
    f.add_num2(T_PREV2, prev2 as u64, prev as u64);
}

/// The history features that also depend on the token (bias included).
#[inline]
pub(crate) fn history_token_features(t: &TokInfo, prev: usize, f: &mut Features) {
    f.clear();
    f.add_hashed2(T_PREV_L0, prev as u64, t.lower);
    f.add_hashed2(T_PREV_S0, prev as u64, t.sshape);
}

/// What the first pass said about a word elsewhere in the document.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct DocEvidence {
    /// Counts of first-pass types (PER, ORG, LOC, MISC, O) at the other
    /// occurrences of the word in the document.
    pub counts: [u16; 5],
    /// Type at the latest earlier occurrence (4 = O), if any.
    pub last: Option<u8>,
    /// First-pass class of this token.
    pub own: usize,
    /// First-pass types of the previous and next tokens (4 = O).
    pub nb: [u8; 2],
    /// Elsewhere in the document the word occurs (bit 0) in lowercase,
    /// (bit 1) capitalised inside a sentence.
    pub case: u8,
}

/// Document-level features (bias included).
pub(crate) fn doc_features(t: &TokInfo, e: &DocEvidence, fs: FeatureSet, f: &mut Features) {
    f.clear();
    f.add_num(T_DOC_OWN, e.own as u64);
    f.add_num2(T_DOC_OWN_S, e.own as u64, t.sshape);
    f.add_num2(T_DOC_NB, e.nb[0] as u64, e.nb[1] as u64);
    if t.doc_key == 0 {
        return;
    }
    f.add_num2(T_DOC_CASE, e.case as u64, t.sshape);
    if fs.type_set {
        let set = e
            .counts
            .iter()
            .enumerate()
            .fold(0u64, |m, (k, &c)| m | ((c > 0) as u64) << k);
        if set != 0 {
            f.add_num(T_DOC_SET, set);
            f.add_num2(T_DOC_SET_OWN, set, super::tags::class_type(e.own) as u64);
        }
    }
    let ent: u32 = e.counts[..4].iter().map(|&x| x as u32).sum();
    let all = ent + e.counts[4] as u32;
    if ent > 0 {
        let (maj, &mc) = e.counts[..4]
            .iter()
            .enumerate()
            .max_by_key(|(k, &c)| (c, std::cmp::Reverse(*k)))
            .unwrap_or((0, &0));
        f.add_num(T_DOC_MAJ, maj as u64);
        let frac = if mc as u32 == all {
            2
        } else if (mc as u32) * 2 >= all {
            1
        } else {
            0
        };
        f.add_num2(T_DOC_MAJ_FR, maj as u64, frac);
    } else if all > 0 {
        f.add_num(T_DOC_MAJ, 9);
    }
    if let Some(l) = e.last {
        f.add_num(T_DOC_LAST, l as u64);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typographic_quotes_are_spelt_as_in_conll() {
        let mut buf = String::new();
        assert_eq!(conll_spelling("”", &mut buf), "\"");
        assert_eq!(conll_spelling("«", &mut buf), "\"");
        assert_eq!(conll_spelling("O’Neill", &mut buf), "O'Neill");
        assert_eq!(conll_spelling("’s", &mut buf), "'s");
        assert_eq!(conll_spelling("Zürich", &mut buf), "Zürich");
        assert_eq!(conll_spelling("—", &mut buf), "--");
        assert_eq!(conll_spelling("[", &mut buf), "(");
        assert_eq!(conll_spelling("…", &mut buf), "...");
        assert_eq!(conll_spelling("Anna", &mut buf), "Anna");
    }

    #[test]
    fn feature_bits_round_trip() {
        for b in 0..16384u16 {
            assert_eq!(FeatureSet::from_bits(b).to_bits(), b);
        }
        assert!(
            !FeatureSet::default().pos,
            "POS features are off by default"
        );
    }

    #[test]
    fn pos_features_follow_the_tags_only_when_on() {
        let words = ["Anna", "Berg", "sings", "."];
        let mut s = Scratch::default();
        sentence_info(
            &words,
            false,
            &Clusters::default(),
            &Gazetteer::default(),
            &mut s,
        );
        let mut a = s.info.clone();
        let mut b = s.info.clone();
        set_pos(&mut a, &["NNP", "NNP", "VBZ", "."].map(pos_key));
        set_pos(&mut b, &["NNP", "NN", "VBZ", "."].map(pos_key));
        let feats = |info: &[TokInfo], fs: FeatureSet| {
            let mut f = Features::new();
            static_features(info, 0, false, fs, &mut f);
            f.as_slice().to_vec()
        };
        let on = FeatureSet {
            pos: true,
            ..FeatureSet::default()
        };
        let off = FeatureSet::default();
        assert_eq!(feats(&a, off), feats(&b, off));
        assert_ne!(feats(&a, on), feats(&b, on));
        assert_eq!(feats(&a, on).len(), feats(&a, off).len() + 7);
    }
}
