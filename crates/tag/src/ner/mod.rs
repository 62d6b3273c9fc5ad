//! Named-entity recognition (CoNLL-2003 labels: PER, ORG, LOC, MISC).
//!
//! Reads the `tokens` and `sentences` layers of a [`Document`] and returns the
//! `entities` layer. POS tags are not needed.
//!
//! The model is a greedy left-to-right averaged perceptron over hashed
//! features (see `features.rs`): word forms, shapes, affixes and a ±2 window,
//! word clusters from static word vectors (`data/ner/clusters.tsv`),
//! gazetteers (`data/ner/*.txt`, `data/places/`, `data/actors/`), the two
//! previous predicted tags, and — in a second pass — what the first pass said
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

mod features;
mod lexicon;
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
use lexicon::{Clusters, Gazetteer};
use rustc_hash::FxHashMap;
use tags::N_CLASSES;

/// Kind tag of NER model files.
pub const MODEL_KIND: &str = "ner.v1";

/// The embedded model (`models/ner.bin`); a file shorter than a model header
/// is a placeholder and yields an untrained tagger.
static DEFAULT_MODEL: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../models/ner.bin"));

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
    pass1: Option<LinearModel>,
    pass2: Option<LinearModel>,
    clusters: Clusters,
    gaz: Gazetteer,
    fs: FeatureSet,
    meta: std::collections::BTreeMap<String, String>,
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
        let clusters = Clusters::from_blob(file.blob("clusters")?)?;
        let gaz = Gazetteer::from_blob(file.blob("gazetteer")?)?;
        let fs = FeatureSet::from_bits(
            file.meta
                .get("features")
                .and_then(|s| s.parse::<u8>().ok())
                .unwrap_or(7),
        );
        let pass1 = file.models.remove("pass1").ok_or_else(|| {
            Error::Data("model file has no `pass1` model".to_string())
        })?;
        let pass2 = file.models.remove("pass2");
        Ok(NerTagger {
            pass1: Some(pass1),
            pass2,
            clusters,
            gaz,
            fs,
            meta: std::mem::take(&mut file.meta),
        })
    }

    fn untrained() -> NerTagger {
        NerTagger {
            pass1: None,
            pass2: None,
            clusters: Clusters::default(),
            gaz: Gazetteer::default(),
            fs: FeatureSet::default(),
            meta: Default::default(),
        }
    }

    /// False when the embedded model was a placeholder.
    pub fn is_trained(&self) -> bool {
        self.pass1.is_some()
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
    /// whole document). Returns entity spans per sentence.
    pub fn tag_document(&self, sentences: &[Vec<&str>]) -> Vec<Vec<TagSpan>> {
        self.tag_document_classes(sentences)
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
        let spans = self.tag_document(&sents);
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

    /// Core: BILOU classes per sentence.
    pub(crate) fn tag_document_classes(&self, sentences: &[Vec<&str>]) -> Vec<Vec<usize>> {
        let Some(pass1) = &self.pass1 else {
            return sentences.iter().map(|s| vec![0; s.len()]).collect();
        };
        decode_document(
            pass1,
            self.pass2.as_ref().filter(|_| self.fs.document),
            &self.clusters,
            &self.gaz,
            self.fs,
            sentences,
        )
    }
}

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
pub(crate) fn doc_counts(infos: &[Vec<TokInfo>], p1: &[Vec<usize>]) -> FxHashMap<u64, [u16; 5]> {
    let mut m: FxHashMap<u64, [u16; 5]> = FxHashMap::default();
    for (inf, cl) in infos.iter().zip(p1) {
        for (t, &c) in inf.iter().zip(cl) {
            if t.doc_key != 0 {
                let e = m.entry(t.doc_key).or_default();
                let k = tags::class_type(c);
                e[k] = e[k].saturating_add(1);
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
                    if i > 0 { tags::class_type(cl[i - 1]) as u8 } else { 5 },
                    cl.get(i + 1).map_or(5, |&c| tags::class_type(c) as u8),
                ],
                ..DocEvidence::default()
            };
            if t.doc_key != 0 {
                if let Some(c) = counts.get(&t.doc_key) {
                    e.counts = *c;
                    e.counts[ty] = e.counts[ty].saturating_sub(1);
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

/// Two-pass decoding of one document.
pub(crate) fn decode_document(
    pass1: &LinearModel,
    pass2: Option<&LinearModel>,
    clusters: &Clusters,
    gaz: &Gazetteer,
    fs: FeatureSet,
    sentences: &[Vec<&str>],
) -> Vec<Vec<usize>> {
    let mut scratch = Scratch::default();
    let mut f = Features::new();
    let mut hist = Features::new();
    let mut infos: Vec<Vec<TokInfo>> = Vec::with_capacity(sentences.len());
    let mut base1: Vec<[f32; N_CLASSES]> = Vec::new();
    let mut base2: Vec<Vec<[f32; N_CLASSES]>> = Vec::with_capacity(sentences.len());
    let mut p1: Vec<Vec<usize>> = Vec::with_capacity(sentences.len());
    for words in sentences {
        let caps = features::is_caps_sentence(words);
        features::sentence_info(words, caps, clusters, gaz, &mut scratch);
        base1.clear();
        let mut b2 = Vec::new();
        for i in 0..words.len() {
            features::static_features(&scratch.info, i, caps, fs, &mut f);
            let mut s = [0f32; N_CLASSES];
            pass1.score(f.as_slice(), &mut s);
            base1.push(s);
            if let Some(m2) = pass2 {
                let mut s2 = [0f32; N_CLASSES];
                m2.score(f.as_slice(), &mut s2);
                b2.push(s2);
            }
        }
        let mut out = Vec::with_capacity(words.len());
        greedy(pass1, &scratch.info, &base1, &mut hist, &mut out);
        p1.push(out);
        infos.push(std::mem::take(&mut scratch.info));
        base2.push(b2);
    }
    let Some(m2) = pass2 else {
        return p1;
    };
    for_each_evidence(&infos, &p1, |si, i, e| {
        features::doc_features(&infos[si][i], e, &mut f);
        m2.score(&f.as_slice()[1..], &mut base2[si][i]);
    });
    let mut res = Vec::with_capacity(sentences.len());
    for (inf, b2) in infos.iter().zip(&base2) {
        let mut out = Vec::with_capacity(inf.len());
        greedy(m2, inf, b2, &mut hist, &mut out);
        res.push(out);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_model_loads() {
        let t = NerTagger::load_default().expect("the embedded model must load");
        let words = ["The", "talks", "in", "Geneva", "ended", "."];
        assert_eq!(t.tag_sentence(&words).len(), words.len());
        assert!(t.tag_sentence(&[]).is_empty());
    }

    #[test]
    fn rejects_garbage_model() {
        assert!(NerTagger::from_bytes(b"not a model at all").is_err());
    }
}
