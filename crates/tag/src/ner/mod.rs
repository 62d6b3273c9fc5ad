//! Named-entity recognition (CoNLL-2003 labels: PER, ORG, LOC, MISC).
//!
//! Reads the `tokens` and `sentences` layers of a [`Document`] and returns the
//! `entities` layer. The shipped model needs no POS tags; a model trained
//! with [`FeatureSet::pos`] also reads the `tags` layer (see
//! [`NerTagger::uses_pos`]). [`NerTagger::with_beam`] decodes with a beam
//! instead of greedily.
//!
//! The model is a greedy left-to-right averaged perceptron over hashed
//! features (see `features.rs`): word forms, shapes, affixes and a ±2 window,
//! word clusters from static word vectors (`data/ner/clusters.tsv`), Brown
//! cluster path prefixes (`data/ner/brown.tsv`), gazetteers
//! (`data/ner/*.txt`, `data/places/`, `data/actors/`), the two previous
//! predicted tags, and — in a second pass — what the first pass said
//! about the same word elsewhere in the document. Tags are BILOU internally;
//! the output is BIO ([`Bio`]) or entity spans. The shipped model
//! (`models/ner.bin`) is embedded in the binary.
//!
//! ```
//! use chronicler_tag::ner::{Bio, NerTagger};
//! let tagger = NerTagger::load_default()?;
//! let words = ["Maria", "Lopez", "flew", "from", "Madrid", "to", "Berlin", "on", "Monday", "."];
//! let tags = tagger.tag_sentence(&words);
//! assert_eq!(tags.len(), words.len());
//! if tagger.is_trained() {
//!     assert!(matches!(tags[4], Bio::B(_)));
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod augment;
mod features;
mod lexicon;
mod packed;
mod score;
mod tags;
mod train;

pub use features::FeatureSet;
pub use score::{Counts, Score};
pub use tags::{conll_tags_to_spans, spans_to_bio, Bio, TagSpan};
pub use train::{evaluate, train, train_with_log, NerModel, TrainOptions};

use chronicler_doc::{Document, Entity, Span, TokenRange};
use chronicler_learn::{Features, LinearModel, ModelFile};
use features::{DocEvidence, Scratch, TokInfo};
use lexicon::{Brown, Clusters, Gazetteer};
use packed::{Packed, N_ALL};
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use tags::N_CLASSES;

/// Kind tag of NER model files.
pub const MODEL_KIND: &str = "ner.v1";

/// The embedded model (`models/ner.bin`); a file shorter than a model header
/// is a placeholder and yields an untrained tagger.
static DEFAULT_MODEL: &[u8] =
    include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../models/ner.bin"));

/// Errors of the NER stage.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading a corpus or a model file failed, or the model is malformed.
    #[error(transparent)]
    Learn(#[from] chronicler_learn::Error),
    /// A resource file (clusters, gazetteer) is malformed.
    #[error("NER resource: {0}")]
    Data(String),
    /// A file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// The named-entity tagger: a frozen model plus its clusters and gazetteer.
/// Build once, share between threads (`Send + Sync`).
#[derive(Debug, Clone)]
pub struct NerTagger {
    packed: Packed,
    trained: bool,
    has_pass2: bool,
    clusters: Clusters,
    gaz: Gazetteer,
    fs: FeatureSet,
    meta: std::collections::BTreeMap<String, String>,
    /// Identity of the model for the per-thread word cache.
    id: u64,
    /// The POS tagger whose tags a model with [`FeatureSet::pos`] reads,
    /// loaded on first use when a caller gives no tags (the pipeline gives
    /// the tags layer, so it never loads a second POS model).
    pos: std::sync::Arc<std::sync::OnceLock<Option<crate::PosTagger>>>,
    /// Beam width of decoding (1: greedy with the look-back of [`choose`]).
    beam: usize,
}

/// Source of [`NerTagger`] identities (0 means "no cache").
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// Most distinct words a thread's cache holds before it starts afresh.
const CACHE_WORDS: usize = 8_192;

/// What [`decode_document`] keeps between the documents of one thread for
/// one tagger: word analyses (in the scratch) and word-only feature scores.
#[derive(Default)]
struct WordCache {
    scratch: Scratch,
    index: FxHashMap<u64, u32>,
    scores: Vec<[f32; N_ALL]>,
}

thread_local! {
    /// Per thread: the word cache of the tagger used last.
    static CACHE: RefCell<Option<(u64, WordCache)>> = const { RefCell::new(None) };
}

impl NerTagger {
    /// The tagger with the model embedded in the binary.
    ///
    /// When the embedded file is a placeholder (no model trained yet) the
    /// tagger is untrained: it tags everything `O` and [`NerTagger::is_trained`]
    /// is false.
    pub fn load_default() -> Result<NerTagger, Error> {
        if DEFAULT_MODEL.len() < 16 {
            return Ok(NerTagger::untrained());
        }
        NerTagger::from_bytes(DEFAULT_MODEL)
    }

    /// A tagger from model-file bytes (kind `ner.v1`).
    pub fn from_bytes(b: &[u8]) -> Result<NerTagger, Error> {
        let file = ModelFile::from_bytes(b, Some(MODEL_KIND))?;
        NerTagger::from_model_file(file)
    }

    /// A tagger from a model file on disk.
    pub fn load(path: &std::path::Path) -> Result<NerTagger, Error> {
        let b = std::fs::read(path).map_err(|e| Error::Io {
            path: path.display().to_string(),
            source: e,
        })?;
        NerTagger::from_bytes(&b)
    }

    pub(crate) fn from_model_file(mut file: ModelFile) -> Result<NerTagger, Error> {
        if file.labels.len() != N_CLASSES {
            return Err(Error::Data(format!(
                "model has {} labels, expected {N_CLASSES} (O + BILOU x 4)",
                file.labels.len()
            )));
        }
        let fs = FeatureSet::from_bits(
            file.meta
                .get("features")
                .and_then(|s| s.parse::<u16>().ok())
                .unwrap_or(7),
        );
        let mut clusters = Clusters::from_blob(file.blob("clusters")?)?;
        if fs.brown || fs.freq {
            clusters.brown = Brown::from_blob(file.blob("brown")?)?;
        }
        let gaz = Gazetteer::from_blob(file.blob("gazetteer16")?)?;
        let packed = Packed::from_blob(file.blob("packed")?)?;
        let has_pass2 = file.meta.get("passes").is_some_and(|p| p == "2");
        Ok(NerTagger {
            packed,
            trained: true,
            has_pass2,
            clusters,
            gaz,
            fs,
            meta: std::mem::take(&mut file.meta),
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            pos: Default::default(),
            beam: DEFAULT_BEAM,
        })
    }

    fn untrained() -> NerTagger {
        NerTagger {
            packed: Packed::default(),
            trained: false,
            has_pass2: false,
            clusters: Clusters::default(),
            gaz: Gazetteer::default(),
            fs: FeatureSet::default(),
            meta: Default::default(),
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            pos: Default::default(),
            beam: 1,
        }
    }

    /// False when the embedded model was a placeholder.
    pub fn is_trained(&self) -> bool {
        self.trained
    }

    /// The same tagger decoding with a beam of `k` hypotheses per token
    /// (second-order states, hypotheses with the same last two classes
    /// merged) instead of greedily, in the last pass (the first pass of a
    /// two-pass model stays greedy); `k <= 1` is greedy decoding with the
    /// one-token look-back. The default is [`DEFAULT_BEAM`].
    pub fn with_beam(mut self, k: usize) -> NerTagger {
        self.beam = k.max(1);
        self
    }

    /// True when the model reads part-of-speech tags ([`FeatureSet::pos`]):
    /// [`NerTagger::annotate`] then takes them from the document's tags layer
    /// when it is set, and tags the words itself otherwise.
    pub fn uses_pos(&self) -> bool {
        self.fs.pos
    }

    /// Bytes held by the run-time weight table.
    pub fn weights_bytes(&self) -> usize {
        self.packed.size()
    }

    /// Model metadata (training command, data, scores).
    pub fn meta(&self) -> &std::collections::BTreeMap<String, String> {
        &self.meta
    }

    /// Tags one sentence on its own (no document context; the second pass
    /// sees only this sentence).
    pub fn tag_sentence(&self, words: &[&str]) -> Vec<Bio> {
        let classes = self.tag_document_classes(&[words.to_vec()]);
        let c = classes.into_iter().next().unwrap_or_default();
        spans_to_bio(&tags::classes_to_spans(&c), words.len())
    }

    /// Tags the sentences of one document together (the second pass uses the
    /// whole document). Returns entity spans per sentence. A model that reads
    /// POS tags ([`NerTagger::uses_pos`]) tags the words itself first.
    pub fn tag_document(&self, sentences: &[Vec<&str>]) -> Vec<Vec<TagSpan>> {
        self.tag_document_classes(sentences)
            .iter()
            .map(|c| tags::classes_to_spans(c))
            .collect()
    }

    /// As [`NerTagger::tag_document`], with the Penn (XPOS) tag of every
    /// word from [`PosTagger`](crate::PosTagger) (`xpos[s][i]` for word `i`
    /// of sentence `s`; a missing tag counts as unknown). Models without POS
    /// features ignore the tags.
    pub fn tag_document_with_pos(
        &self,
        sentences: &[Vec<&str>],
        xpos: &[Vec<&str>],
    ) -> Vec<Vec<TagSpan>> {
        let keys = self.fs.pos.then(|| pos_keys(xpos));
        self.classes_with(sentences, keys.as_deref())
            .iter()
            .map(|c| tags::classes_to_spans(c))
            .collect()
    }

    /// The entities of a document (needs tokens; uses sentences when set,
    /// else the whole token sequence as one sentence).
    pub fn annotate(&self, doc: &Document) -> Vec<Entity> {
        let text = doc.text();
        let toks = doc.tokens();
        let mut ranges: Vec<TokenRange> = doc.sentences().iter().map(|s| s.tokens).collect();
        if ranges.is_empty() && !toks.is_empty() {
            ranges.push(TokenRange::new(0, toks.len()));
        }
        let sents: Vec<Vec<&str>> = ranges
            .iter()
            .map(|r| {
                toks.get(r.range())
                    .unwrap_or(&[])
                    .iter()
                    .map(|t| t.text(text))
                    .collect()
            })
            .collect();
        let tag_layer = doc.tags();
        let keys: Option<Vec<Vec<u64>>> =
            (self.fs.pos && tag_layer.len() == toks.len()).then(|| {
                ranges
                    .iter()
                    .map(|r| {
                        tag_layer
                            .get(r.range())
                            .unwrap_or(&[])
                            .iter()
                            .map(|t| features::pos_key(&t.xpos))
                            .collect()
                    })
                    .collect()
            });
        let spans: Vec<Vec<TagSpan>> = self
            .classes_with(&sents, keys.as_deref())
            .iter()
            .map(|c| tags::classes_to_spans(c))
            .collect();
        let mut out = Vec::new();
        for (r, ss) in ranges.iter().zip(spans) {
            for s in ss {
                let (a, b) = (r.start as usize + s.start, r.start as usize + s.end);
                let (Some(ta), Some(tb)) = (toks.get(a), toks.get(b.wrapping_sub(1))) else {
                    continue;
                };
                let Some(span) = Span::checked(ta.span.start(), tb.span.end()) else {
                    continue;
                };
                out.push(Entity {
                    tokens: TokenRange::new(a, b),
                    span,
                    label: s.label,
                });
            }
        }
        out
    }

    /// Core: BILOU classes per sentence (POS tags, when the model reads
    /// them, from the tagger's own POS tagger).
    pub(crate) fn tag_document_classes(&self, sentences: &[Vec<&str>]) -> Vec<Vec<usize>> {
        self.classes_with(sentences, None)
    }

    /// BILOU classes per sentence, given POS keys per sentence (or `None`:
    /// tagged here when the model reads them).
    fn classes_with(&self, sentences: &[Vec<&str>], pos: Option<&[Vec<u64>]>) -> Vec<Vec<usize>> {
        if !self.trained {
            return sentences.iter().map(|s| vec![0; s.len()]).collect();
        }
        let decoder = Decoder {
            packed: &self.packed,
            pass2: self.has_pass2 && self.fs.document,
            repair: true,
            beam: self.beam,
            clusters: &self.clusters,
            gaz: &self.gaz,
            fs: self.fs,
        };
        let own;
        let pos = match pos {
            Some(p) => p,
            None if self.fs.pos => {
                // The embedded POS model always loads (its tests say so);
                // were it not to, the words would go untagged.
                match self
                    .pos
                    .get_or_init(|| crate::PosTagger::load_default().ok())
                {
                    Some(t) => {
                        own = pos_tag_sentences(t, sentences);
                        &own[..]
                    }
                    None => &[],
                }
            }
            None => &[],
        };
        decode_document(&decoder, sentences, pos, self.id)
    }
}

/// POS keys of Penn tags, per sentence.
fn pos_keys(xpos: &[Vec<&str>]) -> Vec<Vec<u64>> {
    xpos.iter()
        .map(|s| s.iter().map(|t| features::pos_key(t)).collect())
        .collect()
}

/// POS keys of the sentences of a document from `tagger`.
pub(crate) fn pos_tag_sentences(
    tagger: &crate::PosTagger,
    sentences: &[Vec<&str>],
) -> Vec<Vec<u64>> {
    sentences
        .iter()
        .map(|s| {
            tagger
                .tag(s)
                .iter()
                .map(|t| features::pos_key(&t.xpos))
                .collect()
        })
        .collect()
}

/// Hypotheses the decoder keeps per token unless told otherwise
/// ([`NerTagger::with_beam`]), in the pass whose labels are written out: 2
/// gained about 0.1 F1 on CoNLL-2003 testb over greedy decoding for about
/// 1% more instructions in the whole pipeline (`data/ner/README.md`).
pub const DEFAULT_BEAM: usize = 2;

/// Something that scores features (the frozen model or the trainer).
pub(crate) trait Scorer {
    fn add_scores(&self, feats: &[u64], out: &mut [f32]);
}

impl Scorer for LinearModel {
    #[inline]
    fn add_scores(&self, feats: &[u64], out: &mut [f32]) {
        self.score(feats, out)
    }
}

impl Scorer for chronicler_learn::Perceptron {
    #[inline]
    fn add_scores(&self, feats: &[u64], out: &mut [f32]) {
        self.score(feats, out)
    }
}

/// Best allowed class for position `i` of `n` after `prev`.
#[inline]
pub(crate) fn best_allowed(scores: &[f32; N_CLASSES], prev: usize, last: bool) -> usize {
    let mut best = 0usize;
    let mut bs = f32::NEG_INFINITY;
    for (c, &s) in scores.iter().enumerate() {
        if s > bs && tags::allowed(prev, c) && (!last || tags::can_end(c)) {
            best = c;
            bs = s;
        }
    }
    best
}

/// The class of a token in greedy decoding, given the previous token's
/// class, and the previous class revised when needed.
///
/// BILOU constraints force a span opened at the previous token (`B`/`I`) to
/// continue. When the token has no capital letter (`weak`: a lowercase
/// word, punctuation, a number) and its best class on its own scores is `O`,
/// the open span is closed at the previous token instead (`B` → `U`,
/// `I` → `L`): a one-token repair of the greedy path, so that a name wrongly
/// opened ("Xi" read as the first word of "Xi Jinping") does not swallow
/// the words after it ("Xi was scheduled", "Xi?").
pub(crate) fn choose(
    scores: &[f32; N_CLASSES],
    prev: usize,
    weak: bool,
    last: bool,
) -> (usize, usize) {
    let c = best_allowed(scores, prev, last);
    if !weak || tags::can_end(prev) {
        return (c, prev);
    }
    // The best class with no constraint from the previous token.
    let mut free = 0usize;
    for (k, &v) in scores.iter().enumerate() {
        if v > scores[free] && (!last || tags::can_end(k)) {
            free = k;
        }
    }
    if free != 0 {
        return (c, prev);
    }
    let closed = tags::close(prev);
    (best_allowed(scores, closed, last), closed)
}

/// Lowercase words that occur inside names ("Bank of England", "Vincent
/// van Gogh", "Osama bin Laden"), which [`choose`] never treats as a
/// name's end.
const CONNECTORS: &[&str] = &[
    "of", "de", "du", "des", "la", "le", "les", "del", "della", "di", "da", "do", "dos", "das",
    "van", "von", "der", "den", "ter", "bin", "ibn", "al", "el", "y", "and", "&", "for", "the",
    "on", "upon", "in", "am", "an", "zu", "-", "'s", "’s", "'", "/", "st", "st.",
];

/// True for a token [`choose`] may refuse as the continuation of a name: no
/// capital letter, not a number, not a [`CONNECTORS`] word.
fn is_weak(t: &features::TokInfo) -> bool {
    static KEYS: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    let keys = KEYS.get_or_init(|| {
        CONNECTORS
            .iter()
            .map(|w| chronicler_learn::hash_str(w))
            .collect()
    });
    t.doc_key == 0 && !t.num && !keys.contains(&t.lower)
}

/// Greedy decoding of one sentence given per-token base scores.
pub(crate) fn greedy<S: Scorer>(
    model: &S,
    info: &[TokInfo],
    base: &[[f32; N_CLASSES]],
    hist: &mut Features,
    out: &mut Vec<usize>,
) {
    out.clear();
    let (mut prev, mut prev2) = (0usize, 0usize);
    let n = info.len();
    for i in 0..n {
        let mut s = base[i];
        features::history_features(&info[i], prev, prev2, hist);
        model.add_scores(&hist.as_slice()[1..], &mut s);
        let c = best_allowed(&s, prev, i + 1 == n);
        out.push(c);
        prev2 = prev;
        prev = c;
    }
}

/// Per-document evidence table: first-pass type counts per word key.
/// Per-document evidence table: first-pass type counts per word key, plus
/// casing counts (lowercase occurrences, capitalised mid-sentence ones).
pub(crate) fn doc_counts(infos: &[Vec<TokInfo>], p1: &[Vec<usize>]) -> FxHashMap<u64, [u16; 7]> {
    let mut m: FxHashMap<u64, [u16; 7]> = FxHashMap::default();
    for (inf, cl) in infos.iter().zip(p1) {
        for (t, &c) in inf.iter().zip(cl) {
            if t.doc_key != 0 {
                let e = m.entry(t.doc_key).or_default();
                let k = tags::class_type(c);
                e[k] = e[k].saturating_add(1);
                if t.cap_mid {
                    e[6] = e[6].saturating_add(1);
                }
            } else if t.lc {
                let e = m.entry(t.lower).or_default();
                e[5] = e[5].saturating_add(1);
            }
        }
    }
    m
}

/// Walks a document in order, calling `f(sentence, token, evidence)`.
pub(crate) fn for_each_evidence(
    infos: &[Vec<TokInfo>],
    p1: &[Vec<usize>],
    mut f: impl FnMut(usize, usize, &DocEvidence),
) {
    let counts = doc_counts(infos, p1);
    let mut last: FxHashMap<u64, u8> = FxHashMap::default();
    for (si, (inf, cl)) in infos.iter().zip(p1).enumerate() {
        for (i, t) in inf.iter().enumerate() {
            let own = cl.get(i).copied().unwrap_or(0);
            let ty = tags::class_type(own);
            let mut e = DocEvidence {
                own,
                nb: [
                    if i > 0 {
                        tags::class_type(cl[i - 1]) as u8
                    } else {
                        5
                    },
                    cl.get(i + 1).map_or(5, |&c| tags::class_type(c) as u8),
                ],
                ..DocEvidence::default()
            };
            if t.doc_key != 0 {
                if let Some(c) = counts.get(&t.doc_key) {
                    e.counts.copy_from_slice(&c[..5]);
                    e.counts[ty] = e.counts[ty].saturating_sub(1);
                    let mid = c[6].saturating_sub(t.cap_mid as u16);
                    e.case = (c[5] > 0) as u8 | ((mid > 0) as u8) << 1;
                }
                e.last = last.get(&t.doc_key).copied();
            }
            f(si, i, &e);
            if t.doc_key != 0 {
                last.insert(t.doc_key, ty as u8);
            }
        }
    }
}

/// Greedy decoding with the merged table; `off` selects the pass (0 or 17).
fn greedy_packed(
    packed: &Packed,
    off: usize,
    repair: bool,
    info: &[TokInfo],
    base: &[[f32; N_CLASSES]],
    hist: &mut Features,
    out: &mut Vec<usize>,
) {
    out.clear();
    let (mut prev, mut prev2) = (0usize, 0usize);
    let n = info.len().min(base.len());
    for i in 0..n {
        let mut all = packed.transition(prev2, prev);
        features::history_token_features(&info[i], prev, hist);
        packed.add(&hist.as_slice()[1..], &mut all);
        let mut s = base[i];
        for (x, y) in s.iter_mut().zip(&all[off..off + N_CLASSES]) {
            *x += *y;
        }
        let c = if repair {
            // Only a token after an open span can need the look-back.
            let weak = !tags::can_end(prev) && is_weak(&info[i]);
            let (c, p) = choose(&s, prev, weak, i + 1 == n);
            if let Some(last) = out.last_mut() {
                *last = p;
            }
            c
        } else {
            best_allowed(&s, prev, i + 1 == n)
        };
        out.push(c);
        prev2 = prev;
        prev = c;
    }
}

/// One hypothesis of [`beam_packed`]: its score, last two classes and
/// its entry in the back-pointer table (while candidates are selected: its
/// parent's entry).
#[derive(Clone, Copy)]
struct Hyp {
    score: f32,
    prev: usize,
    prev2: usize,
    back: u32,
}

/// Scale of the scores before the softmax of [`beam_packed`] (chosen on
/// eng.testa among 0.02, 0.05, 0.1, 0.2, 0.3, 1).
const BEAM_TEMPERATURE: f32 = 0.05;

/// Hypotheses whose log-probability is this far below the best one's are
/// dropped (on eng.testa and eng.testb 2, 4 and 8 decode alike, 1 loses
/// accuracy; 2 is the cheapest of those); with one hypothesis left, a token
/// whose best class leads by this much needs no softmax.
const BEAM_MARGIN: f32 = 2.0;

/// Beam decoding with the merged table (`off` selects the pass): at each
/// token every hypothesis is extended by every class BILOU allows after it,
/// scored by the log-probability of the class (softmax over the allowed
/// classes of the scaled perceptron scores: raw scores of a locally trained
/// model are not comparable between histories); candidates ending in the
/// same two classes are merged (their futures score alike) and the `k` best
/// are kept. Ratinov & Roth (2009) compare greedy, beam and Viterbi decoding
/// for this kind of model.
fn beam_packed(
    packed: &Packed,
    off: usize,
    k: usize,
    info: &[TokInfo],
    base: &[[f32; N_CLASSES]],
    hist: &mut Features,
    out: &mut Vec<usize>,
) {
    out.clear();
    let n = info.len().min(base.len());
    let k = k.max(1);
    let margin = BEAM_MARGIN;
    // Back-pointers: (class, index of the parent entry or u32::MAX).
    let mut backs: Vec<(u8, u32)> = Vec::with_capacity(n * k);
    let mut beam = vec![Hyp {
        score: 0.0,
        prev: 0,
        prev2: 0,
        back: u32::MAX,
    }];
    let mut next: Vec<Hyp> = Vec::with_capacity(k + 1);
    // Token-dependent history scores per previous class, for this token.
    let mut by_prev: Vec<(usize, [f32; N_ALL])> = Vec::with_capacity(k);
    for i in 0..n {
        let last = i + 1 == n;
        next.clear();
        by_prev.clear();
        for hyp in &beam {
            let tok = match by_prev.iter().find(|(p, _)| *p == hyp.prev) {
                Some((_, t)) => *t,
                None => {
                    let mut t = [0f32; N_ALL];
                    features::history_token_features(&info[i], hyp.prev, hist);
                    packed.add(&hist.as_slice()[1..], &mut t);
                    by_prev.push((hyp.prev, t));
                    t
                }
            };
            let trans = packed.transition(hyp.prev2, hyp.prev);
            let mut s = [f32::NEG_INFINITY; N_CLASSES];
            let (mut mx, mut second, mut top) = (f32::NEG_INFINITY, f32::NEG_INFINITY, 0);
            for (c, v) in s.iter_mut().enumerate() {
                if tags::allowed(hyp.prev, c) && (!last || tags::can_end(c)) {
                    *v = (base[i][c] + trans[off + c] + tok[off + c]) * BEAM_TEMPERATURE;
                    if *v > mx {
                        second = mx;
                        mx = *v;
                        top = c;
                    } else if *v > second {
                        second = *v;
                    }
                }
            }
            // A lone hypothesis with a clear best class: every other
            // candidate would be pruned, and only score differences matter.
            if beam.len() == 1 && second < mx - margin {
                next.push(Hyp {
                    score: 0.0,
                    prev: top,
                    prev2: hyp.prev,
                    back: hyp.back,
                });
                continue;
            }
            let z: f32 = s
                .iter()
                .filter(|&&v| v > f32::NEG_INFINITY)
                .map(|&v| (v - mx).exp())
                .sum::<f32>()
                .ln()
                + mx;
            for (c, &v) in s.iter().enumerate() {
                if v == f32::NEG_INFINITY {
                    continue;
                }
                let score = hyp.score + v - z;
                if next.len() == k && next.last().is_some_and(|w| score <= w.score) {
                    continue;
                }
                // Merge with a candidate ending in the same two classes.
                if let Some(j) = next.iter().position(|x| x.prev == c && x.prev2 == hyp.prev) {
                    if next[j].score >= score {
                        continue;
                    }
                    next.remove(j);
                }
                let at = next.partition_point(|x| x.score >= score);
                next.insert(
                    at,
                    Hyp {
                        score,
                        prev: c,
                        prev2: hyp.prev,
                        back: hyp.back,
                    },
                );
                next.truncate(k);
            }
        }
        // Hypotheses far below the best are dropped.
        if let Some(best) = next.first().map(|h| h.score) {
            next.retain(|h| h.score >= best - margin);
        }
        for h in next.iter_mut() {
            backs.push((h.prev as u8, h.back));
            h.back = (backs.len() - 1) as u32;
        }
        std::mem::swap(&mut beam, &mut next);
    }
    let Some(best) = beam.first() else {
        return;
    };
    let mut at = best.back;
    while let Some(&(c, parent)) = backs.get(at as usize) {
        out.push(c as usize);
        at = parent;
    }
    out.reverse();
}

/// What decodes a document: the merged weights and the resources and
/// feature families they were trained with.
pub(crate) struct Decoder<'a> {
    pub packed: &'a Packed,
    /// Run the document-level second pass.
    pub pass2: bool,
    /// Enable the look-back of [`choose`] (run time); training decodes
    /// without it, so that the shipped model's epochs and jackknifed labels
    /// do not depend on it.
    pub repair: bool,
    /// Beam width (1: greedy).
    pub beam: usize,
    pub clusters: &'a Clusters,
    pub gaz: &'a Gazetteer,
    pub fs: FeatureSet,
}

/// Two-pass decoding of one document. `pos` holds the POS keys of each
/// sentence (empty when the model reads none). `cache_id` names the model (a
/// [`NerTagger`]'s identity) whose word analyses and word scores this thread
/// may reuse from earlier documents; 0 uses a cache of this document only.
pub(crate) fn decode_document(
    d: &Decoder<'_>,
    sentences: &[Vec<&str>],
    pos: &[Vec<u64>],
    cache_id: u64,
) -> Vec<Vec<usize>> {
    let mut cache = match cache_id {
        0 => WordCache::default(),
        id => CACHE
            .with(|c| c.try_borrow_mut().ok().and_then(|mut c| c.take()))
            .filter(|(cached, _)| *cached == id)
            .map(|(_, wc)| wc)
            .filter(|wc| wc.scores.len() <= CACHE_WORDS && wc.scratch.words_len() <= CACHE_WORDS)
            .unwrap_or_default(),
    };
    let out = decode_with(d, sentences, pos, &mut cache);
    if cache_id != 0 {
        CACHE.with(|c| {
            if let Ok(mut c) = c.try_borrow_mut() {
                *c = Some((cache_id, cache));
            }
        });
    }
    out
}

fn decode_with(
    d: &Decoder<'_>,
    sentences: &[Vec<&str>],
    pos: &[Vec<u64>],
    cache: &mut WordCache,
) -> Vec<Vec<usize>> {
    let Decoder {
        packed,
        pass2,
        repair,
        beam,
        clusters,
        gaz,
        fs,
    } = *d;
    let WordCache {
        scratch,
        index: word_cache,
        scores: word_scores,
    } = cache;
    let mut f = Features::new();
    let mut hist = Features::new();
    let mut infos: Vec<Vec<TokInfo>> = Vec::with_capacity(sentences.len());
    let mut base1: Vec<[f32; N_CLASSES]> = Vec::new();
    let mut base2: Vec<Vec<[f32; N_CLASSES]>> = Vec::with_capacity(sentences.len());
    let mut p1: Vec<Vec<usize>> = Vec::with_capacity(sentences.len());
    let mut caps_of = Vec::with_capacity(sentences.len());
    for (si, words) in sentences.iter().enumerate() {
        let caps = features::is_caps_sentence(words);
        features::sentence_info(words, caps, clusters, gaz, scratch);
        if let Some(p) = pos.get(si) {
            features::set_pos(&mut scratch.info, p);
        }
        infos.push(std::mem::take(&mut scratch.info));
        caps_of.push(caps);
    }
    // Context aggregation: scored once per repeated capitalised word.
    let agg = if fs.aggregation {
        features::doc_contexts(&infos)
    } else {
        FxHashMap::default()
    };
    let mut agg_scores: FxHashMap<u64, [f32; N_ALL]> = FxHashMap::default();
    let doc_b = features::numeric_bucket(infos.iter().flatten());
    for (inf, &caps) in infos.iter().zip(&caps_of) {
        let sent_b = features::numeric_bucket(inf.iter());
        base1.clear();
        let mut b2 = Vec::with_capacity(if pass2 { inf.len() } else { 0 });
        for (i, t) in inf.iter().enumerate() {
            // Word features are scored once per distinct word in the document.
            let key = features::word_key(t);
            let mut all = match word_cache.get(&key) {
                Some(&k) => word_scores[k as usize],
                None => {
                    f.clear();
                    features::word_features(t, fs, &mut f);
                    let mut w = [0f32; N_ALL];
                    packed.add(&f.as_slice()[1..], &mut w);
                    word_cache.insert(key, word_scores.len() as u32);
                    word_scores.push(w);
                    w
                }
            };
            if t.doc_key != 0 {
                if let Some(ctx) = agg.get(&t.doc_key).filter(|c| c.len() >= 2) {
                    let a = agg_scores.entry(t.doc_key).or_insert_with(|| {
                        f.clear();
                        features::agg_features(ctx, &mut f);
                        let mut w = [0f32; N_ALL];
                        packed.add(&f.as_slice()[1..], &mut w);
                        w
                    });
                    for (x, y) in all.iter_mut().zip(a.iter()) {
                        *x += *y;
                    }
                }
            }
            f.clear();
            features::context_features(inf, i, caps, fs, &mut f);
            if fs.numeric {
                features::numeric_features(t, doc_b, sent_b, &mut f);
            }
            packed.add(f.as_slice(), &mut all);
            let mut s1 = [0f32; N_CLASSES];
            s1.copy_from_slice(&all[..N_CLASSES]);
            base1.push(s1);
            if pass2 {
                let mut s2 = [0f32; N_CLASSES];
                s2.copy_from_slice(&all[N_CLASSES..]);
                b2.push(s2);
            }
        }
        let mut out = Vec::with_capacity(inf.len());
        // The beam decodes the labels written out: pass 2 when there is
        // one (pass 1 then only feeds its document features, greedily, as
        // the jackknifed pass-1 tags of training were made), else pass 1.
        if beam > 1 && !pass2 {
            beam_packed(packed, 0, beam, inf, &base1, &mut hist, &mut out);
        } else {
            greedy_packed(packed, 0, repair, inf, &base1, &mut hist, &mut out);
        }
        p1.push(out);
        base2.push(b2);
    }
    if !pass2 {
        return p1;
    }
    for_each_evidence(&infos, &p1, |si, i, e| {
        features::doc_features(&infos[si][i], e, fs, &mut f);
        let mut all = [0f32; N_ALL];
        packed.add(&f.as_slice()[1..], &mut all);
        if let Some(b) = base2.get_mut(si).and_then(|b| b.get_mut(i)) {
            for (x, y) in b.iter_mut().zip(&all[N_CLASSES..]) {
                *x += *y;
            }
        }
    });
    let mut res = Vec::with_capacity(sentences.len());
    for (inf, b2) in infos.iter().zip(&base2) {
        let mut out = Vec::with_capacity(inf.len());
        if beam > 1 {
            beam_packed(packed, N_CLASSES, beam, inf, b2, &mut hist, &mut out);
        } else {
            greedy_packed(packed, N_CLASSES, repair, inf, b2, &mut hist, &mut out);
        }
        res.push(out);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typographic_quotes_tag_like_straight_ones() {
        let tagger = NerTagger::load_default().expect("embedded model");
        if !tagger.is_trained() {
            return;
        }
        // Without the CoNLL spelling the model took the closing mark into
        // the name: `” Sanders` as one PER span.
        let curly = [
            "“",
            "It",
            "is",
            "a",
            "disgrace",
            ",",
            "”",
            "Sanders",
            "told",
            "reporters",
            ".",
        ];
        let straight = curly.map(|w| match w {
            "“" | "”" => "\"",
            w => w,
        });
        let tags = tagger.tag_sentence(&curly);
        assert_eq!(tags, tagger.tag_sentence(&straight));
        assert_eq!(tags[6], Bio::O);
        assert!(matches!(tags[7], Bio::B(_)));
    }

    #[test]
    fn an_opened_name_is_closed_before_a_weak_token_the_model_calls_o() {
        use chronicler_doc::EntityLabel;
        let b = tags::class(EntityLabel::Per, tags::Pos::B);
        let u = tags::class(EntityLabel::Per, tags::Pos::U);
        let l = tags::class(EntityLabel::Per, tags::Pos::L);
        let mut s = [0f32; N_CLASSES];
        s[0] = 2.0; // O is this token's best class
        s[l] = 1.0;
        // A weak token: the span opened before it is closed there.
        assert_eq!(choose(&s, b, true, false), (0, u));
        // A capitalised token continues the span, as the constraint says.
        assert_eq!(choose(&s, b, false, false), (l, b));
        // When the model prefers the continuation, it is kept.
        s[l] = 3.0;
        assert_eq!(choose(&s, b, true, true), (l, b));
    }

    #[test]
    fn beam_decoding_follows_decisive_scores_and_bilou() {
        use chronicler_doc::EntityLabel;
        let b = tags::class(EntityLabel::Per, tags::Pos::B);
        let l = tags::class(EntityLabel::Per, tags::Pos::L);
        let u = tags::class(EntityLabel::Loc, tags::Pos::U);
        let info = vec![TokInfo::default(); 4];
        let mut base = vec![[0f32; N_CLASSES]; 4];
        base[0][b] = 50.0;
        base[1][l] = 50.0;
        base[2][0] = 50.0;
        base[3][u] = 50.0;
        let packed = Packed::default();
        let mut hist = Features::new();
        let mut out = Vec::new();
        for k in [2, 4] {
            beam_packed(&packed, 0, k, &info, &base, &mut hist, &mut out);
            assert_eq!(out, [b, l, 0, u], "beam {k}");
        }
        // A name can never stay open at the end of the sentence.
        let mut base = vec![[0f32; N_CLASSES]; 2];
        base[0][b] = 50.0;
        base[1][tags::class(EntityLabel::Per, tags::Pos::I)] = 50.0;
        beam_packed(&packed, 0, 3, &info[..2], &base, &mut hist, &mut out);
        assert_eq!(out.len(), 2);
        assert!(
            tags::can_end(out[1]) && tags::allowed(out[0], out[1]),
            "{out:?}"
        );
        beam_packed(&packed, 0, 3, &[], &[], &mut hist, &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn embedded_model_loads() {
        let t = NerTagger::load_default().expect("the embedded model must load");
        let words = ["The", "talks", "in", "Geneva", "ended", "."];
        assert_eq!(t.tag_sentence(&words).len(), words.len());
        assert!(t.tag_sentence(&[]).is_empty());
    }

    #[test]
    fn annotate_maps_tokens_to_byte_spans() {
        use chronicler_doc::{Meta, Sentence, SentenceKind, Token, TokenFlags};
        let text = "Anna Berg visited Oslo.";
        let mut doc = Document::new(Meta::default(), text.to_string());
        let mut toks = Vec::new();
        let mut pos = 0;
        for w in ["Anna", "Berg", "visited", "Oslo", "."] {
            let start = text[pos..].find(w).expect("word in text") + pos;
            toks.push(Token {
                span: Span::new(start, start + w.len()),
                flags: TokenFlags::of(w),
            });
            pos = start + w.len();
        }
        let sents = vec![Sentence {
            span: Span::new(0, text.len()),
            tokens: TokenRange::new(0, toks.len()),
            kind: SentenceKind::Body,
            paragraph: 0,
        }];
        doc.set_segmentation(sents, toks)
            .expect("valid segmentation");
        let t = NerTagger::load_default().expect("model");
        let ents = t.annotate(&doc);
        for e in &ents {
            assert_eq!(Some(e.span), doc.token_span(e.tokens));
        }
        if t.is_trained() {
            let names: Vec<&str> = ents.iter().map(|e| doc.span_text(e.span)).collect();
            assert!(names.contains(&"Oslo"), "{names:?}");
        }
        // No segmentation: nothing to tag, no panic.
        let empty = Document::new(Meta::default(), "x".to_string());
        assert!(t.annotate(&empty).is_empty());
    }

    #[test]
    fn a_model_without_pos_features_ignores_given_tags() {
        let t = NerTagger::load_default().expect("shipped model");
        let doc = vec![vec!["Maria", "Lopez", "flew", "to", "Berlin", "."]];
        let tags = vec![vec!["NNP", "NNP", "VBD", "IN", "NNP", "."]];
        if !t.uses_pos() {
            assert_eq!(t.tag_document_with_pos(&doc, &tags), t.tag_document(&doc));
        }
        // Missing or short tag lists never panic.
        let short = vec![vec!["NNP"]];
        assert_eq!(t.tag_document_with_pos(&doc, &short).len(), 1);
        assert_eq!(t.tag_document_with_pos(&doc, &[]).len(), 1);
    }

    #[test]
    fn rejects_garbage_model() {
        assert!(NerTagger::from_bytes(b"not a model at all").is_err());
    }

    #[test]
    fn the_thread_word_cache_never_changes_labels() {
        let t = NerTagger::load_default().expect("shipped model");
        let doc = vec![
            vec![
                "Maria", "Lopez", "flew", "from", "Madrid", "to", "Berlin", ".",
            ],
            vec!["LOPEZ", "WINS", "IN", "BERLIN"],
        ];
        let cold = t.tag_document(&doc);
        assert_eq!(t.tag_document(&doc), cold, "warm cache");
        let other = NerTagger::load_default().expect("shipped model");
        assert_eq!(other.tag_document(&doc), cold);
        let many: Vec<String> = (0..CACHE_WORDS + 50).map(|i| format!("Zq{i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert_eq!(t.tag_document(&[many]).len(), 1);
        assert_eq!(t.tag_document(&doc), cold, "after a reset");
    }
}

#[cfg(test)]
mod seed_article {
    use super::*;

    /// A plain tokeniser for tests (the product uses `chronicler-segment`):
    /// splits on whitespace, then splits off leading/trailing punctuation and
    /// a final `'s`.
    fn simple_tokens(line: &str) -> Vec<String> {
        let mut out = Vec::new();
        for w in line
            .split(|c: char| c.is_whitespace() || c == ':')
            .filter(|w| !w.is_empty())
        {
            let mut w = w;
            let mut tail = Vec::new();
            while let Some(c) = w.chars().next().filter(|c| "\"“‘'([".contains(*c)) {
                out.push(c.to_string());
                w = &w[c.len_utf8()..];
            }
            loop {
                if let Some(c) = w.chars().last().filter(|c| ".,;:!?\"”’')]|".contains(*c)) {
                    if c == '.' && w.len() <= 3 && w.chars().next().is_some_and(char::is_uppercase)
                    {
                        break; // "Mr." keeps its period
                    }
                    tail.push(c.to_string());
                    w = &w[..w.len() - c.len_utf8()];
                } else if w.len() > 2 && (w.ends_with("'s") || w.ends_with("’s")) {
                    let k = if w.ends_with("'s") { 2 } else { 4 };
                    tail.push(w[w.len() - k..].to_string());
                    w = &w[..w.len() - k];
                } else {
                    break;
                }
            }
            if !w.is_empty() {
                out.push(w.to_string());
            }
            out.extend(tail.into_iter().rev());
        }
        out
    }

    #[test]
    fn seed_article_entities() {
        let p = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/examples/000_076062065c57b403.txt"
        );
        let Ok(text) = std::fs::read_to_string(p) else {
            eprintln!("skipping: seed article not found at {p}");
            return;
        };
        // NER_BEAM=k checks beam decoding instead of greedy decoding;
        // NER_MODEL=file another model than the embedded one.
        let beam = std::env::var("NER_BEAM")
            .ok()
            .and_then(|k| k.parse::<usize>().ok())
            .unwrap_or(1);
        let tagger = match std::env::var("NER_MODEL") {
            Ok(m) => NerTagger::load(std::path::Path::new(&m)).expect("model file"),
            Err(_) => NerTagger::load_default().expect("model"),
        }
        .with_beam(beam);
        if !tagger.is_trained() {
            eprintln!("skipping: no trained model embedded");
            return;
        }
        // One sentence per line, split again after a final `.` token.
        let mut sents: Vec<Vec<String>> = Vec::new();
        for line in text.lines() {
            let mut cur = Vec::new();
            for t in simple_tokens(line) {
                let end = t == "." || t == "?" || t == "!";
                cur.push(t);
                if end {
                    sents.push(std::mem::take(&mut cur));
                }
            }
            if !cur.is_empty() {
                sents.push(cur);
            }
        }
        let refs: Vec<Vec<&str>> = sents
            .iter()
            .map(|s| s.iter().map(String::as_str).collect())
            .collect();
        let spans = tagger.tag_document(&refs);
        let mut found: Vec<(String, &'static str)> = Vec::new();
        for (s, sp) in refs.iter().zip(&spans) {
            for e in sp {
                found.push((s[e.start..e.end].join(" "), e.label.as_str()));
            }
        }
        let has = |name: &str, label: &str| found.iter().any(|(n, l)| n == name && *l == label);
        let expected = [
            ("Xinhua", "ORG"),
            ("Victory Cha", "PER"),
            ("Moon Jae-in", "PER"),
            ("Renmin University", "ORG"),
            ("National Security Council", "ORG"),
            ("Dalian", "LOC"),
            ("Liaoning", "LOC"),
            ("Pyongyang", "LOC"),
        ];
        let missing: Vec<_> = expected.iter().filter(|(n, l)| !has(n, l)).collect();
        eprintln!("entities: {found:?}");
        eprintln!("missing: {missing:?}");
        assert!(
            missing.len() <= 2,
            "too many expected entities missing: {missing:?}"
        );
    }

    #[test]
    fn simple_tokeniser() {
        assert_eq!(
            simple_tokens("Mr. Kim's visit (to Seoul)."),
            ["Mr.", "Kim", "'s", "visit", "(", "to", "Seoul", ")", "."]
        );
        assert_eq!(simple_tokens("Photo:Agency."), ["Photo", "Agency", "."]);
    }
}
