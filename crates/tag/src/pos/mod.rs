//! Part-of-speech tagging and lemmatization.
//!
//! [`PosTagger`] predicts one combined `UPOS`+`XPOS` label per word with a
//! greedy left-to-right averaged perceptron (features after Collins 2002 and
//! Honnibal's tagger: word, lowercase, prefixes, suffixes, shape, ±2 words,
//! two previous labels, lexicon ambiguity classes of the current and next
//! words), skips the model for frequent unambiguous words (tag dictionary),
//! then lemmatizes from the predicted Penn tag.
//!
//! Model file (`pos.v1`, see [`chronicler_learn::model`]): labels are
//! `UPOS\tXPOS`; model `main`; blobs `lexicon` (form, ambiguity class id,
//! dictionary label or `-`), `lemma.rules` (xpos, suffix, strip, append) and
//! `lemma.exceptions` (xpos, base, lemma), all string tables.

mod clusters;
mod features;
mod lemma;
mod train;

pub use train::{train, EpochScore, TrainOptions, TrainReport, DEFAULT_CLUSTERS_DIR};

use crate::Error;
use chronicler_doc::{CompactString, Document, TokenTags};
use chronicler_learn::model::{read_strings, write_strings};
use chronicler_learn::table::{Scores, WeightTable};
use chronicler_learn::{hash_str, Features, LinearModel, ModelFile};
use clusters::Clusters;
use features::{
    extract, extract2, extract_context, extract_word, sentence_mode, word_info, Bufs, LexEntry,
    Lexicon, WordInfo, NO_DICT, START, START2,
};
use lemma::Lemmatizer;
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;
use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// Kind tag of POS model files.
pub const MODEL_KIND: &str = "pos.v1";

/// The shipped model.
static DEFAULT_MODEL: &[u8] =
    include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../models/pos.bin"));

/// One output label.
#[derive(Debug, Clone)]
struct Label {
    upos: CompactString,
    xpos: CompactString,
    xpos_h: u64,
}

/// Part-of-speech tagger and lemmatizer (immutable, `Send + Sync`).
#[derive(Debug, Clone)]
pub struct PosTagger {
    model: LinearModel,
    weights: WeightTable,
    /// Second pass (sees the first pass's labels of the words ahead).
    second: Option<(LinearModel, WeightTable)>,
    labels: Vec<Label>,
    lex: Lexicon,
    lex_blob: Vec<u8>,
    lemmatizer: Lemmatizer,
    clusters: Clusters,
    meta: BTreeMap<String, String>,
    /// Identity of the model for the per-thread word cache (a fresh number
    /// whenever the weights are built or changed).
    id: u64,
}

/// Source of [`PosTagger::id`].
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// Most distinct words a thread's cache holds before it starts afresh
/// (each costs about 0.5 kB: its analysis and its word-only scores).
const CACHE_WORDS: usize = 8_192;

thread_local! {
    /// Per thread: the scratch of the tagger used last, whose word cache
    /// (analyses and word-only scores of the words seen) outlives the call,
    /// so a word is analysed once per thread rather than once per document.
    static SCRATCH: RefCell<Option<(u64, Scratch)>> = const { RefCell::new(None) };
}

/// Accuracy of a tagger on a CoNLL-U file with gold tokens.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PosEval {
    /// Sentences read.
    pub sentences: usize,
    /// Words scored.
    pub tokens: usize,
    /// UPOS accuracy (0..=1).
    pub upos: f64,
    /// XPOS accuracy (0..=1).
    pub xpos: f64,
    /// Lemma accuracy (0..=1, exact string match).
    pub lemma: f64,
}

impl fmt::Display for PosEval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} tokens: UPOS {:.2}%, XPOS {:.2}%, lemma {:.2}%",
            self.tokens,
            self.upos * 100.0,
            self.xpos * 100.0,
            self.lemma * 100.0
        )
    }
}

/// Scratch buffers of one thread for one tagger; its word cache (`seen`,
/// `words`, `word_scores`) lives on from call to call (see `SCRATCH`).
struct Scratch {
    infos: Vec<WordInfo>,
    bufs: Bufs,
    feats: Features,
    scores: Vec<f32>,
    acc: Scores,
    /// Accumulator for scoring cached feature groups.
    tmp: Scores,
    /// Per word of the current sentence: its index in `words`.
    slots: Vec<u32>,
    labels: Vec<u16>,
    first: Vec<u16>,
    /// Words seen: key ([`word_key`]) → index into `words`.
    seen: FxHashMap<u64, u32>,
    /// Per seen word: its pieces and, once needed, the offset in
    /// `word_scores` of the scores of its word-only features (`u32::MAX` =
    /// not yet scored).
    words: Vec<(WordInfo, u32)>,
    /// Integer scores of the word-only features of seen words, `n_labels`
    /// each.
    word_scores: Vec<i32>,
}

impl Scratch {
    fn new(n_labels: usize, table: &WeightTable) -> Scratch {
        Scratch {
            infos: Vec::new(),
            bufs: Bufs::default(),
            feats: Features::new(),
            scores: vec![0.0; n_labels],
            acc: Scores::new(table),
            tmp: Scores::new(table),
            slots: Vec::new(),
            labels: Vec::new(),
            first: Vec::new(),
            seen: FxHashMap::default(),
            words: Vec::new(),
            word_scores: Vec::new(),
        }
    }

    /// Empties the word cache.
    fn forget_words(&mut self) {
        self.seen.clear();
        self.words.clear();
        self.word_scores.clear();
    }
}

/// Cache key of a word: its hash, and whether it opens its sentence (which
/// changes its flags).
#[inline]
fn word_key(w: &str, first: bool) -> u64 {
    hash_str(w) ^ (first as u64)
}

/// How a surface word was split before tagging.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Split {
    /// Tagged as is.
    Whole,
    /// `do|n't`: the merged word takes the host's tags and lemma.
    Negation,
    /// `it|'s`, `I|'m`: the merged word takes the clitic's tags and lemma
    /// (unless the clitic is a possessive).
    Clitic,
}

/// Splits an unknown contraction into host and clitic, EWT style
/// (`don't` → `do` `n't`, `can't` → `ca` `n't`, `it's` → `it` `'s`).
fn split_contraction(w: &str) -> Option<(usize, Split)> {
    if w.len() < 3 || !w.contains(['\'', '’']) {
        return None;
    }
    let lower = w.to_ascii_lowercase();
    for neg in ["n't", "n’t"] {
        if let Some(host) = lower.strip_suffix(neg) {
            if !host.is_empty() && host.chars().all(|c| c.is_alphabetic()) {
                return Some((host.len(), Split::Negation));
            }
        }
    }
    let cut = lower.rfind(['\'', '’'])?;
    let (host, clitic) = (lower.get(..cut)?, lower.get(cut..)?);
    let rest = clitic.trim_start_matches(['\'', '’']);
    if !host.is_empty()
        && host.chars().all(|c| c.is_alphabetic())
        && matches!(rest, "s" | "re" | "ve" | "ll" | "d" | "m")
    {
        return Some((cut, Split::Clitic));
    }
    None
}

impl PosTagger {
    /// The model shipped with Chronicler (UD English EWT).
    pub fn load_default() -> Result<PosTagger, Error> {
        PosTagger::from_bytes(DEFAULT_MODEL)
    }

    /// Loads a model file.
    pub fn load(path: &Path) -> Result<PosTagger, Error> {
        let f = ModelFile::load(path, Some(MODEL_KIND))?;
        PosTagger::from_model_file(f)
    }

    /// Reads a model from bytes (a `pos.v1` model file).
    pub fn from_bytes(b: &[u8]) -> Result<PosTagger, Error> {
        let f = ModelFile::from_bytes(b, Some(MODEL_KIND))?;
        PosTagger::from_model_file(f)
    }

    /// Builds the tagger from a parsed model file.
    pub fn from_model_file(mut f: ModelFile) -> Result<PosTagger, Error> {
        let labels = parse_labels(&f.labels)?;
        let model = f
            .models
            .remove("main")
            .ok_or_else(|| Error::Model("POS model file has no model named `main`".into()))?;
        if model.n_classes() != labels.len() {
            return Err(Error::Model(format!(
                "POS model has {} classes but the file lists {} labels",
                model.n_classes(),
                labels.len()
            )));
        }
        let second = match f.models.remove("second") {
            Some(m) if m.n_classes() == labels.len() => Some((WeightTable::from_model(&m)?, m)),
            Some(m) => {
                return Err(Error::Model(format!(
                    "POS second-pass model has {} classes, expected {}",
                    m.n_classes(),
                    labels.len()
                )))
            }
            None => None,
        }
        .map(|(w, m)| (m, w));
        let lex_blob = f.blob("lexicon")?.to_vec();
        let lex = parse_lexicon(&lex_blob, labels.len())?;
        let lemmatizer =
            Lemmatizer::from_blobs(f.blob("lemma.rules")?, f.blob("lemma.exceptions")?)?;
        let clusters = match (f.blobs.get("clusters"), f.blobs.get("cluster_groups")) {
            (Some(a), Some(b)) => Clusters::from_blobs(a, b)?,
            _ => Clusters::default(),
        };
        Ok(PosTagger {
            weights: WeightTable::from_model(&model)?,
            model,
            second,
            labels,
            lex,
            lex_blob,
            lemmatizer,
            clusters,
            meta: f.meta,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        })
    }

    pub(crate) fn from_parts(
        model: LinearModel,
        label_strings: &[String],
        lex_blob: Vec<u8>,
        lemmatizer: Lemmatizer,
        clusters: Clusters,
        meta: BTreeMap<String, String>,
    ) -> Result<PosTagger, Error> {
        let labels = parse_labels(label_strings)?;
        let lex = parse_lexicon(&lex_blob, labels.len())?;
        Ok(PosTagger {
            weights: WeightTable::from_model(&model)?,
            model,
            second: None,
            labels,
            lex,
            lex_blob,
            lemmatizer,
            clusters,
            meta,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        })
    }

    /// The model as a model file (what [`PosTagger::save`] writes).
    pub fn to_model_file(&self) -> ModelFile {
        let mut f = ModelFile::new(MODEL_KIND);
        f.meta = self.meta.clone();
        f.labels = self
            .labels
            .iter()
            .map(|l| format!("{}\t{}", l.upos, l.xpos))
            .collect();
        f.blobs.insert("lexicon".into(), self.lex_blob.clone());
        let (r, e) = self.lemmatizer.blobs();
        f.blobs.insert("lemma.rules".into(), r.to_vec());
        f.blobs.insert("lemma.exceptions".into(), e.to_vec());
        if !self.clusters.is_empty() {
            let (c, g) = self.clusters.blobs();
            f.blobs.insert("clusters".into(), c.to_vec());
            f.blobs.insert("cluster_groups".into(), g.to_vec());
        }
        f.models.insert("main".into(), self.model.clone());
        if let Some((m, _)) = &self.second {
            f.models.insert("second".into(), m.clone());
        }
        f
    }

    /// Writes the model file.
    pub fn save(&self, path: &Path) -> Result<(), Error> {
        Ok(self.to_model_file().save(path)?)
    }

    /// Metadata stored with the model (training data, options, scores).
    pub fn meta(&self) -> &BTreeMap<String, String> {
        &self.meta
    }

    /// Number of `(labels, features, weights, lexicon words, lemma rules, lemma exceptions)`.
    pub fn sizes(&self) -> (usize, usize, usize, usize, usize, usize) {
        let (r, e) = self.lemmatizer.sizes();
        (
            self.labels.len(),
            self.model.n_features(),
            self.model.n_weights(),
            self.lex.len(),
            r,
            e,
        )
    }

    /// Predicts label ids for one sentence of words into `sc.labels`.
    ///
    /// Each distinct word of the call is analysed once ([`word_info`]) and
    /// its word-only features are scored once, as an integer vector; a token
    /// then costs one vector addition and its context features.
    fn predict(&self, words: &[&str], sc: &mut Scratch) {
        sc.infos.clear();
        sc.slots.clear();
        for (i, w) in words.iter().enumerate() {
            let key = word_key(w, i == 0);
            let k = match sc.seen.get(&key) {
                Some(&k) => k,
                None => {
                    let info = word_info(w, i == 0, &self.lex, &self.clusters, &mut sc.bufs);
                    let k = sc.words.len() as u32;
                    sc.words.push((info, u32::MAX));
                    sc.seen.insert(key, k);
                    k
                }
            };
            sc.slots.push(k);
            sc.infos.push(sc.words[k as usize].0);
        }
        sc.labels.clear();
        let mode = sentence_mode(&sc.infos);
        let n = sc.infos.len();
        let (mut p1, mut p2) = (START, START2);
        for i in 0..n {
            let d = sc.infos[i].dict;
            let l = if d != NO_DICT {
                d
            } else {
                sc.acc.clear();
                self.add_word_scores(sc, i);
                sc.feats.clear();
                extract_context(&mut sc.feats, &sc.infos, i, p1, p2, mode);
                self.weights.add(sc.feats.as_slice(), &mut sc.acc);
                sc.acc.argmax() as u16
            };
            sc.labels.push(l);
            p2 = p1;
            p1 = l as u64;
        }
        if let Some((_, w2)) = &self.second {
            std::mem::swap(&mut sc.first, &mut sc.labels);
            sc.labels.clear();
            let (mut p1, mut p2) = (START, START2);
            for i in 0..sc.infos.len() {
                let d = sc.infos[i].dict;
                let l = if d != NO_DICT {
                    d
                } else {
                    extract2(&mut sc.feats, &sc.infos, i, p1, p2, mode, &sc.first);
                    sc.acc.clear();
                    w2.add(sc.feats.as_slice(), &mut sc.acc);
                    sc.acc.argmax() as u16
                };
                sc.labels.push(l);
                p2 = p1;
                p1 = l as u64;
            }
        }
    }

    /// Adds to `sc.acc` the scores of the word-only features of the word
    /// at position `i` of the current sentence, scoring them the first time
    /// the word is seen in the call.
    #[inline]
    fn add_word_scores(&self, sc: &mut Scratch, i: usize) {
        let (Some(&k), Some(info)) = (sc.slots.get(i), sc.infos.get(i)) else {
            return;
        };
        let k = k as usize;
        let n = self.labels.len();
        let mut off = sc.words[k].1;
        if off == u32::MAX {
            sc.feats.clear();
            extract_word(&mut sc.feats, info);
            sc.tmp.clear();
            self.weights.add(&sc.feats.as_slice()[1..], &mut sc.tmp);
            off = sc.word_scores.len() as u32;
            sc.word_scores.extend_from_slice(sc.tmp.raw_scores());
            sc.words[k].1 = off;
        }
        let o = off as usize;
        if let Some(v) = sc.word_scores.get(o..o + n) {
            sc.acc.add_raw(v);
        }
    }

    /// Sets the second-pass model (training).
    pub(crate) fn set_second(&mut self, m: Option<LinearModel>) {
        self.second = m.and_then(|m| {
            let w = WeightTable::from_model(&m).ok()?;
            Some((m, w))
        });
        self.id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    }

    /// Runs `f` with this thread's scratch for this tagger (its word cache
    /// kept from earlier calls), or a fresh one when it is already in use.
    fn with_scratch<R>(&self, f: impl FnOnce(&mut Scratch) -> R) -> R {
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut slot) => {
                if slot.as_ref().is_some_and(|(id, _)| *id != self.id) {
                    *slot = None;
                }
                let (_, sc) = slot.get_or_insert_with(|| {
                    (self.id, Scratch::new(self.labels.len(), &self.weights))
                });
                if sc.words.len() > CACHE_WORDS {
                    sc.forget_words();
                }
                f(sc)
            }
            Err(_) => f(&mut Scratch::new(self.labels.len(), &self.weights)),
        })
    }

    /// Greedy decoding restricted to the labels whose XPOS passes
    /// `allowed(word index, xpos)`; `None` when a word allows no label.
    pub(crate) fn predict_constrained(
        &self,
        words: &[&str],
        allowed: impl Fn(usize, &str) -> bool,
    ) -> Option<Vec<u16>> {
        let mut sc = Scratch::new(self.labels.len(), &self.weights);
        for (i, w) in words.iter().enumerate() {
            sc.infos.push(word_info(
                w,
                i == 0,
                &self.lex,
                &self.clusters,
                &mut sc.bufs,
            ));
        }
        let mode = sentence_mode(&sc.infos);
        let (mut p1, mut p2) = (START, START2);
        let mut out = Vec::with_capacity(words.len());
        for i in 0..sc.infos.len() {
            extract(&mut sc.feats, &sc.infos, i, p1, p2, mode);
            self.weights
                .score(sc.feats.as_slice(), &mut sc.acc, &mut sc.scores);
            let d = sc.infos[i].dict;
            let mut best: Option<(u16, f32)> = None;
            for (l, (lab, &sv)) in self.labels.iter().zip(&sc.scores).enumerate() {
                if !allowed(i, &lab.xpos) {
                    continue;
                }
                let sv = if l as u16 == d { f32::INFINITY } else { sv };
                if best.is_none_or(|b| sv > b.1) {
                    best = Some((l as u16, sv));
                }
            }
            let l = best?.0;
            out.push(l);
            p2 = p1;
            p1 = l as u64;
        }
        Some(out)
    }

    /// The (UPOS, XPOS) strings of a label id.
    pub(crate) fn label_strings(&self, l: u16) -> Option<(&str, &str)> {
        self.labels
            .get(l as usize)
            .map(|x| (x.upos.as_str(), x.xpos.as_str()))
    }

    /// XPOS accuracy on a CoNLL-2003 file (news; the POS column there was
    /// assigned by a tagger, so this is a rough news-domain check): `(`/`)`
    /// count as `-LRB-`/`-RRB-`, `"` as either quote tag.
    pub fn evaluate_conll2003_xpos(&self, path: &Path) -> Result<(usize, f64), Error> {
        let docs = chronicler_learn::corpus::read_conll(path)?;
        let (mut n, mut ok) = (0usize, 0usize);
        let mut sc = Scratch::new(self.labels.len(), &self.weights);
        let mut out = Vec::new();
        for s in docs.iter().flatten() {
            let words: Vec<&str> = s.iter().map(|t| t.word.as_str()).collect();
            out.clear();
            self.tag_into(&words, &mut sc, &mut out);
            for (t, p) in s.iter().zip(&out) {
                let g = t.cols.first().map_or("", |c| c.as_str());
                n += 1;
                ok += conll2003_xpos_matches(g, &p.xpos) as usize;
            }
        }
        Ok((n, ok as f64 / n.max(1) as f64))
    }

    fn make_tags(&self, form: &str, label: u16) -> TokenTags {
        match self.labels.get(label as usize) {
            Some(l) => TokenTags {
                upos: l.upos.clone(),
                xpos: l.xpos.clone(),
                lemma: self.lemmatizer.lemma(form, &l.xpos, l.xpos_h),
            },
            None => TokenTags {
                upos: "X".into(),
                xpos: "XX".into(),
                lemma: form.into(),
            },
        }
    }

    /// Tags one sentence, appending one [`TokenTags`] per word to `out`.
    fn tag_into(&self, words: &[&str], sc: &mut Scratch, out: &mut Vec<TokenTags>) {
        let mut splits: Vec<(usize, Split)> = Vec::new();
        let mut parts: Vec<&str> = Vec::with_capacity(words.len() + 4);
        for w in words {
            let sp = if w.contains(['\'', '’']) {
                split_contraction(w)
            } else {
                None
            };
            match sp {
                Some((cut, kind)) => match (w.get(..cut), w.get(cut..)) {
                    (Some(a), Some(b)) => {
                        splits.push((parts.len(), kind));
                        parts.push(a);
                        parts.push(b);
                    }
                    _ => {
                        splits.push((parts.len(), Split::Whole));
                        parts.push(w);
                    }
                },
                None => {
                    splits.push((parts.len(), Split::Whole));
                    parts.push(w);
                }
            }
        }
        self.predict(&parts, sc);
        for &(k, kind) in &splits {
            let lab = |j: usize| sc.labels.get(j).copied().unwrap_or(u16::MAX);
            let form = |j: usize| parts.get(j).copied().unwrap_or("");
            let t = match kind {
                Split::Whole => self.make_tags(form(k), lab(k)),
                Split::Negation => self.make_tags(form(k), lab(k)),
                Split::Clitic => {
                    let second = self.make_tags(form(k + 1), lab(k + 1));
                    if second.xpos == "POS" {
                        self.make_tags(form(k), lab(k))
                    } else {
                        second
                    }
                }
            };
            out.push(t);
        }
    }

    /// Tags and lemmatizes one sentence of words (gold tokens).
    ///
    /// ```
    /// let t = chronicler_tag::PosTagger::load_default()?;
    /// let tags = t.tag(&["They", "don't", "agree", "."]);
    /// assert_eq!(tags.len(), 4);
    /// assert_eq!(tags[1].lemma, "do");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn tag(&self, words: &[&str]) -> Vec<TokenTags> {
        let mut out = Vec::with_capacity(words.len());
        self.with_scratch(|sc| self.tag_into(words, sc, &mut out));
        out
    }

    /// The tags layer of a document: one [`TokenTags`] per token of
    /// `doc.tokens()`, tagged sentence by sentence (tokens outside every
    /// sentence are tagged as runs of their own). Empty when the document is
    /// not segmented.
    pub fn annotate(&self, doc: &Document) -> Vec<TokenTags> {
        let text = doc.text();
        let toks = doc.tokens();
        let n = toks.len();
        let mut out = Vec::with_capacity(n);
        self.with_scratch(|sc| {
            let mut words: Vec<&str> = Vec::new();
            let mut run = |a: usize, b: usize, out: &mut Vec<TokenTags>| {
                if let Some(ts) = toks.get(a..b) {
                    words.clear();
                    words.extend(ts.iter().map(|t| t.span.get(text).unwrap_or("")));
                    self.tag_into(&words, sc, out);
                }
            };
            let mut pos = 0usize;
            for s in doc.sentences() {
                let r = s.tokens.range();
                let (a, b) = (r.start.max(pos).min(n), r.end.min(n));
                if a > pos {
                    run(pos, a, &mut out);
                    pos = a;
                }
                if a < b {
                    run(a, b, &mut out);
                    pos = b;
                }
            }
            if pos < n {
                run(pos, n, &mut out);
            }
        });
        debug_assert_eq!(out.len(), n);
        out
    }

    /// Scores the tagger on a CoNLL-U file, tagging its gold words.
    pub fn evaluate(&self, path: &Path) -> Result<PosEval, Error> {
        let sents = chronicler_learn::corpus::read_conllu(path)?;
        Ok(self.evaluate_sentences(&sents))
    }

    pub(crate) fn evaluate_sentences(
        &self,
        sents: &[chronicler_learn::corpus::ConlluSentence],
    ) -> PosEval {
        let mut e = PosEval {
            sentences: sents.len(),
            ..PosEval::default()
        };
        let (mut u, mut x, mut l) = (0usize, 0usize, 0usize);
        let mut sc = Scratch::new(self.labels.len(), &self.weights);
        let mut out = Vec::new();
        for s in sents {
            let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            out.clear();
            self.tag_into(&forms, &mut sc, &mut out);
            for (w, t) in s.words.iter().zip(&out) {
                e.tokens += 1;
                u += (w.upos == t.upos) as usize;
                x += (w.xpos == t.xpos) as usize;
                l += (w.lemma == t.lemma) as usize;
            }
        }
        let n = e.tokens.max(1) as f64;
        e.upos = u as f64 / n;
        e.xpos = x as f64 / n;
        e.lemma = l as f64 / n;
        e
    }

    /// Retags CoNLL-U text: the LEMMA, UPOS and XPOS columns of every word
    /// line are replaced by predictions; every other line and column is kept.
    /// `source` names the input in error messages.
    ///
    /// ```
    /// let t = chronicler_tag::PosTagger::load_default()?;
    /// let input = "# text = Votes were counted.\n1\tVotes\t_\t_\t_\t_\t3\tnsubj\t_\t_\n\
    ///              2\twere\t_\t_\t_\t_\t3\taux\t_\t_\n3\tcounted\t_\t_\t_\t_\t0\troot\t_\tSpaceAfter=No\n\
    ///              4\t.\t_\t_\t_\t_\t3\tpunct\t_\t_\n\n";
    /// let mut out = Vec::new();
    /// t.write_conllu(input, "example", &mut out)?;
    /// let out = String::from_utf8(out)?;
    /// assert!(out.contains("1\tVotes\tvote\tNOUN\tNNS\t_\t3\tnsubj\t_\t_\n"));
    /// assert!(out.starts_with("# text = Votes were counted.\n"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_conllu<W: Write>(
        &self,
        input: &str,
        source: &str,
        mut out: W,
    ) -> Result<(), Error> {
        let mut buf = String::new();
        for (line, block) in conllu_blocks(input) {
            buf.clear();
            self.tag_conllu_block(block, source, line, &mut buf)?;
            out.write_all(buf.as_bytes())?;
        }
        out.flush()?;
        Ok(())
    }

    /// Retags one CoNLL-U sentence block (from [`conllu_blocks`]; `line`
    /// is its first line number in `source`), appending it and the blank
    /// line that ends it to `out`. Blocks are independent, so callers may
    /// tag them in parallel and write them in order.
    pub fn tag_conllu_block(
        &self,
        block: &str,
        source: &str,
        line: usize,
        out: &mut String,
    ) -> Result<(), Error> {
        let lines: Vec<&str> = block.lines().collect();
        let mut word_lines: Vec<(usize, Vec<&str>)> = Vec::new();
        for (i, l) in lines.iter().enumerate() {
            let l = l.trim_end_matches('\r');
            if l.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = l.split('\t').collect();
            if cols.len() != 10 {
                return Err(Error::Format {
                    source_name: source.to_string(),
                    line: line + i,
                    message: format!("expected 10 tab-separated columns, found {}", cols.len()),
                });
            }
            if cols[0].bytes().all(|b| b.is_ascii_digit()) && !cols[0].is_empty() {
                word_lines.push((i, cols));
            }
        }
        let forms: Vec<&str> = word_lines.iter().map(|(_, c)| c[1]).collect();
        let tags = self.tag(&forms);
        let mut k = 0;
        for (i, l) in lines.iter().enumerate() {
            let l = l.trim_end_matches('\r');
            match (word_lines.get(k), tags.get(k)) {
                (Some((j, cols)), Some(t)) if *j == i => {
                    for (c, col) in cols.iter().enumerate() {
                        if c > 0 {
                            out.push('\t');
                        }
                        match c {
                            2 => out.push_str(&t.lemma),
                            3 => out.push_str(&t.upos),
                            4 => out.push_str(&t.xpos),
                            _ => out.push_str(col),
                        }
                    }
                    k += 1;
                }
                _ => out.push_str(l),
            }
            out.push('\n');
        }
        out.push('\n');
        Ok(())
    }
}

/// True when a CoNLL-2003 POS tag `gold` agrees with a predicted XPOS.
pub(crate) fn conll2003_xpos_matches(gold: &str, xpos: &str) -> bool {
    match gold {
        "(" => xpos == "-LRB-",
        ")" => xpos == "-RRB-",
        "\"" => xpos == "``" || xpos == "''",
        "NN|SYM" => xpos == "NN",
        g => g == xpos,
    }
}

/// Splits CoNLL-U text into sentence blocks (runs of non-blank lines), each
/// with the 1-based number of its first line.
pub fn conllu_blocks(input: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start: Option<(usize, usize)> = None; // (line, byte)
    let mut pos = 0usize;
    for (i, l) in input.split_inclusive('\n').enumerate() {
        let blank = l.trim().is_empty();
        match (blank, start) {
            (false, None) => start = Some((i + 1, pos)),
            (true, Some((ln, b))) => {
                if let Some(s) = input.get(b..pos) {
                    out.push((ln, s));
                }
                start = None;
            }
            _ => {}
        }
        pos += l.len();
    }
    if let Some((ln, b)) = start {
        if let Some(s) = input.get(b..) {
            out.push((ln, s));
        }
    }
    out
}

fn parse_labels(strings: &[String]) -> Result<Vec<Label>, Error> {
    if strings.is_empty() || strings.len() >= NO_DICT as usize {
        return Err(Error::Model(format!(
            "POS model lists {} labels, expected 1 to {}",
            strings.len(),
            NO_DICT - 1
        )));
    }
    strings
        .iter()
        .map(|s| match s.split_once('\t') {
            Some((u, x)) => Ok(Label {
                upos: u.into(),
                xpos: x.into(),
                xpos_h: hash_str(x),
            }),
            None => Err(Error::Model(format!(
                "POS label `{s}` is not of the form UPOS<TAB>XPOS"
            ))),
        })
        .collect()
}

/// Writes the lexicon blob: rows of (form, ambiguity class id, dict label or `-`).
pub(crate) fn lexicon_blob(rows: &[(String, u32, Option<u16>)]) -> Vec<u8> {
    let strs: Vec<String> = rows
        .iter()
        .flat_map(|(f, a, d)| {
            [
                f.clone(),
                a.to_string(),
                d.map_or_else(|| "-".to_string(), |d| d.to_string()),
            ]
        })
        .collect();
    write_strings(strs.iter().map(|s| s.as_str()))
}

fn parse_lexicon(blob: &[u8], n_labels: usize) -> Result<Lexicon, Error> {
    let v = read_strings(blob)?;
    if v.len() % 3 != 0 {
        return Err(Error::Model(format!(
            "POS lexicon blob holds {} strings, expected a multiple of 3",
            v.len()
        )));
    }
    let mut lex = Lexicon::default();
    lex.reserve(v.len() / 3);
    for r in v.chunks_exact(3) {
        let amb: u32 = r[1]
            .parse()
            .map_err(|_| Error::Model(format!("POS lexicon class `{}` is not a number", r[1])))?;
        let dict = if r[2] == "-" {
            NO_DICT
        } else {
            match r[2].parse::<u16>() {
                Ok(d) if (d as usize) < n_labels => d,
                _ => {
                    return Err(Error::Model(format!(
                        "POS lexicon label `{}` for `{}` is not a label id below {n_labels}",
                        r[2], r[0]
                    )))
                }
            }
        };
        lex.insert(features::lex_key(&r[0]), LexEntry { amb, dict });
    }
    Ok(lex)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_thread_word_cache_never_changes_tags() {
        let t = PosTagger::load_default().expect("shipped model");
        let words = ["The", "ferry", "left", "Oslo", "late", "on", "Friday", "."];
        let cold = t.tag(&words);
        assert_eq!(t.tag(&words), cold, "warm cache");
        // another tagger in the same thread starts from its own cache
        let other = PosTagger::load_default().expect("shipped model");
        assert_eq!(other.tag(&words), cold);
        // more distinct words than the cache holds: it starts afresh
        let many: Vec<String> = (0..CACHE_WORDS + 50).map(|i| format!("zq{i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert_eq!(t.tag(&many).len(), many.len());
        assert_eq!(t.tag(&words), cold, "after a reset");
    }

    #[test]
    fn contractions_split_like_ewt() {
        assert_eq!(split_contraction("don't"), Some((2, Split::Negation)));
        assert_eq!(split_contraction("can’t"), Some((2, Split::Negation)));
        assert_eq!(split_contraction("It's"), Some((2, Split::Clitic)));
        assert_eq!(split_contraction("they’re"), Some((4, Split::Clitic)));
        assert_eq!(split_contraction("n't"), None);
        assert_eq!(split_contraction("'s"), None);
        assert_eq!(split_contraction("rock'n'roll"), None);
        assert_eq!(split_contraction("O'Brien"), None);
    }

    #[test]
    fn blocks_keep_line_numbers() {
        let b = conllu_blocks("# a\n1\tx\n\n\n# b\n1\ty\n");
        assert_eq!(b, vec![(1, "# a\n1\tx\n"), (5, "# b\n1\ty\n")]);
        assert!(conllu_blocks("").is_empty());
    }
}
