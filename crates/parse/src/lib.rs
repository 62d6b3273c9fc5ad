//! # chronicler-parse: labelled dependency parsing
//!
//! Reads the `tokens`, `sentences` and `tags` layers of a
//! [`Document`] and adds the `parse` layer: one [`Dependency`] per token
//! (document-level head index, `None` for the sentence root, and a Universal
//! Dependencies relation with its subtype: `nsubj:pass`, `obl:tmod`,
//! `compound:prt`).
//!
//! The parser is a greedy **arc-hybrid** transition parser with an averaged
//! perceptron over rich hashed feature templates (after Zhang & Nivre 2011:
//! stack and buffer words and tags, leftmost/rightmost children and their
//! labels, distance, valency, third-order and label-set features), trained
//! with the **dynamic oracle** of Goldberg & Nivre (2013) and error
//! exploration after the first epoch. Non-projective training trees are
//! lifted to projective ones (Nivre & Nilsson 2005, without label encoding);
//! the parser therefore only outputs projective trees.
//!
//! Decoding is greedy by default; [`Parser::set_decoding`] switches to beam
//! search or selectional branching over the same model ([`Decoding`]): more
//! accurate, several times slower.
//!
//! Invariants of every parse: each word gets a head, there is exactly one
//! root per sentence (labelled `root`) and the arcs form a tree.
//!
//! The parser takes POS tags as input (it does not depend on the tagger):
//! pass the tagger's `UPOS` and `XPOS` per word. The default model
//! (`models/parse.bin`, trained on UD English EWT) is embedded in the crate.
//!
//! ```
//! use chronicler_parse::Parser;
//! let parser = Parser::load_default()?;
//! let words = ["The", "committee", "approved", "the", "new", "budget", "on", "Tuesday", "."];
//! let upos = ["DET", "NOUN", "VERB", "DET", "ADJ", "NOUN", "ADP", "PROPN", "PUNCT"];
//! let xpos = ["DT", "NN", "VBD", "DT", "JJ", "NN", "IN", "NNP", "."];
//! let arcs = parser.parse_sentence(&words, &upos, &xpos);
//! assert_eq!(arcs.len(), words.len());
//! assert_eq!(arcs[2], (None, "root".into()));          // approved
//! assert_eq!(arcs[1], (Some(2), "nsubj".into()));      // committee <- approved
//! assert_eq!(arcs[5], (Some(2), "obj".into()));        // budget <- approved
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

mod ambiguity;
mod clusters;
mod conllu;
mod search;
mod system;
mod train;

use ambiguity::Ambiguity;
use chronicler_doc::{CompactString, Dependency, Document, Layer, TokenRange};
use chronicler_learn::corpus::ConlluSentence;
use chronicler_learn::model::{read_strings, write_strings};
use chronicler_learn::table::{Scores, WeightTable};
use chronicler_learn::{Features, LinearModel, ModelFile};
use clusters::Clusters;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::Path;
use system::{Class, Move, State};

pub use conllu::TagFn;
pub use search::{Decoding, BEAM_TEMPERATURE};
pub use train::{default_clusters_dir, read_tag_file, TrainOptions, TrainReport};

/// Kind tag of parser model files.
pub const MODEL_KIND: &str = "parse.v1";

/// The default model, trained on UD English EWT (see `models/README.md`).
static DEFAULT_MODEL: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../models/parse.bin"
));

/// Errors of the parser.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading a corpus or model file failed, or a model file is malformed.
    #[error(transparent)]
    Learn(#[from] chronicler_learn::Error),
    /// A layer the parser needs is not set on the document.
    #[error("parse: document `{doc}` has no `{missing}` layer; run the tagger before the parser")]
    MissingLayer {
        /// Document id.
        doc: String,
        /// The missing layer.
        missing: Layer,
    },
    /// A malformed CoNLL-U line.
    #[error("{source_name}:{line}: {message}")]
    Format {
        /// Input name.
        source_name: String,
        /// 1-based line number.
        line: usize,
        /// What was found and what was expected.
        message: String,
    },
    /// A model file that reads but does not describe a parser.
    #[error("parse model: {0}")]
    Model(String),
    /// Inconsistent inputs (tag lists of the wrong length, empty corpus).
    #[error("parse: {0}")]
    Input(String),
}

/// Attachment scores of a parser against gold trees (punctuation included).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ParseEval {
    /// Sentences scored.
    pub sentences: usize,
    /// Words scored.
    pub words: usize,
    /// Words with the right head.
    pub head_correct: usize,
    /// Words with the right head and the right universal relation (`nsubj`
    /// for `nsubj:pass`), as in the CoNLL 2018 shared task.
    pub label_correct: usize,
    /// Words with the right head and the exact relation with its subtype.
    pub full_label_correct: usize,
    /// Unlabelled attachment score.
    pub uas: f64,
    /// Labelled attachment score on universal relations.
    pub las: f64,
    /// Labelled attachment score on full relations (with subtypes).
    pub las_full: f64,
}

/// Per-thread scratch space, so parsing allocates nothing per transition.
#[derive(Default)]
struct Scratch {
    state: State,
    feats: Features,
    scores: Vec<f32>,
    /// Score sums of the current transition (made on first use).
    acc: Option<Scores>,
    /// Sums of the buffer-only features at the current buffer position.
    acc_buffer: Option<Scores>,
    /// Buffers of the search decoders (left empty by the greedy one).
    search: search::SearchScratch,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// A trained dependency parser (immutable, `Send + Sync`).
#[derive(Debug, Clone)]
pub struct Parser {
    model: LinearModel,
    table: WeightTable,
    labels: Vec<CompactString>,
    classes: Vec<Class>,
    clusters: Clusters,
    ambiguity: Ambiguity,
    /// Feature flags (`system::FEAT_*`), stored as the meta entry
    /// `feature_flags`.
    flags: u32,
    meta: BTreeMap<String, String>,
    /// How sentences are decoded (not stored in the model file).
    decoding: Decoding,
}

impl Parser {
    pub(crate) fn from_parts(
        model: LinearModel,
        labels: Vec<CompactString>,
        classes: Vec<Class>,
        clusters: Clusters,
        ambiguity: Ambiguity,
        flags: u32,
    ) -> Result<Parser, Error> {
        let table = WeightTable::from_model(&model)?;
        Ok(Parser {
            model,
            table,
            labels,
            classes,
            clusters,
            ambiguity,
            flags,
            meta: BTreeMap::from([("feature_flags".to_string(), flags.to_string())]),
            decoding: Decoding::Greedy,
        })
    }

    /// The model embedded in the crate (UD English EWT).
    pub fn load_default() -> Result<Parser, Error> {
        Parser::from_bytes(DEFAULT_MODEL)
    }

    /// Reads a model file written by [`Parser::save`].
    pub fn load(path: &Path) -> Result<Parser, Error> {
        let mf = ModelFile::load(path, Some(MODEL_KIND))?;
        Parser::from_model_file(mf)
    }

    /// Reads a model from bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Parser, Error> {
        let mf = ModelFile::from_bytes(bytes, Some(MODEL_KIND))?;
        Parser::from_model_file(mf)
    }

    fn from_model_file(mut mf: ModelFile) -> Result<Parser, Error> {
        let labels: Vec<CompactString> = mf.labels.iter().map(CompactString::from).collect();
        if labels.first().map(|l| l.as_str()) != Some("root") {
            return Err(Error::Model(
                "the first label must be `root`, found another or none".into(),
            ));
        }
        let names = read_strings(mf.blob("classes")?)?;
        let mut classes = Vec::with_capacity(names.len());
        for name in &names {
            let c = if name == "S" {
                Class {
                    mv: Move::Shift,
                    label: 0,
                }
            } else {
                let (mv, l) = match (name.strip_prefix("L:"), name.strip_prefix("R:")) {
                    (Some(l), _) => (Move::Left, l),
                    (_, Some(l)) => (Move::Right, l),
                    _ => {
                        return Err(Error::Model(format!(
                            "bad transition `{name}`: expected `S`, `L:label` or `R:label`"
                        )))
                    }
                };
                let label = labels.iter().position(|x| x == l).ok_or_else(|| {
                    Error::Model(format!("transition `{name}` names an unknown label"))
                })?;
                Class {
                    mv,
                    label: label as u16,
                }
            };
            classes.push(c);
        }
        let model = mf
            .models
            .remove("main")
            .ok_or_else(|| Error::Model("model file has no model named `main`".into()))?;
        if model.n_classes() != classes.len() {
            return Err(Error::Model(format!(
                "model has {} classes but {} transitions are listed",
                model.n_classes(),
                classes.len()
            )));
        }
        if classes.first().map(|c| c.mv) != Some(Move::Shift) {
            return Err(Error::Model("the first transition must be `S`".into()));
        }
        let clusters = match mf.blobs.get("clusters") {
            Some(b) => Clusters::from_blob(b)?,
            None => Clusters::default(),
        };
        let ambiguity = match mf.blobs.get("ambiguity") {
            Some(b) => Ambiguity::from_blob(b)?,
            None => Ambiguity::default(),
        };
        let flags = match mf.meta.get("feature_flags") {
            None => 0,
            Some(v) => v
                .parse::<u32>()
                .ok()
                .filter(|f| f & !system::FEAT_ALL == 0)
                .ok_or_else(|| {
                    Error::Model(format!(
                        "feature_flags `{v}`: expected a number made of known flags (at most {})",
                        system::FEAT_PUNCT
                    ))
                })?,
        };
        let table = WeightTable::from_model(&model)?;
        Ok(Parser {
            model,
            table,
            labels,
            classes,
            clusters,
            ambiguity,
            flags,
            meta: mf.meta,
            decoding: Decoding::Greedy,
        })
    }

    /// The model as a [`ModelFile`].
    pub fn to_model_file(&self) -> ModelFile {
        let mut mf = ModelFile::new(MODEL_KIND);
        mf.labels = self.labels.iter().map(|l| l.to_string()).collect();
        let names: Vec<String> = self
            .classes
            .iter()
            .map(|c| match c.mv {
                Move::Shift => "S".to_string(),
                Move::Left => format!("L:{}", self.labels[c.label as usize]),
                Move::Right => format!("R:{}", self.labels[c.label as usize]),
            })
            .collect();
        mf.blobs.insert(
            "classes".into(),
            write_strings(names.iter().map(|s| s.as_str())),
        );
        if !self.clusters.is_empty() {
            mf.blobs.insert("clusters".into(), self.clusters.to_blob());
        }
        if !self.ambiguity.is_empty() {
            mf.blobs
                .insert("ambiguity".into(), self.ambiguity.to_blob());
        }
        mf.models.insert("main".into(), self.model.clone());
        mf.meta = self.meta.clone();
        mf
    }

    /// Serialises the model.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.to_model_file().to_bytes()
    }

    /// Writes the model file.
    pub fn save(&self, path: &Path) -> Result<(), Error> {
        Ok(self.to_model_file().save(path)?)
    }

    /// Free-form metadata stored with the model (training data, options,
    /// dev scores).
    pub fn meta(&self) -> &BTreeMap<String, String> {
        &self.meta
    }

    /// Sets how sentences are decoded ([`Decoding::Greedy`] by default; the
    /// setting is not saved with the model).
    pub fn set_decoding(&mut self, decoding: Decoding) {
        self.decoding = decoding;
    }

    /// The parser with another decoding (see [`Parser::set_decoding`]).
    pub fn with_decoding(mut self, decoding: Decoding) -> Parser {
        self.decoding = decoding;
        self
    }

    /// How sentences are decoded.
    pub fn decoding(&self) -> Decoding {
        self.decoding
    }

    /// The dependency relations the model can predict.
    pub fn labels(&self) -> &[CompactString] {
        &self.labels
    }

    /// A copy of the parser without the weights whose absolute value is at
    /// or below `min_abs_weight` (features left without weights are
    /// dropped): a smaller, faster model at some cost in accuracy.
    pub fn pruned(&self, min_abs_weight: f32) -> Result<Parser, Error> {
        let mut rows: Vec<(u64, Vec<(u16, f32)>)> = self
            .model
            .rows()
            .filter_map(|(k, cs, ws)| {
                let row: Vec<(u16, f32)> = cs
                    .iter()
                    .zip(ws)
                    .filter(|(_, w)| w.abs() > min_abs_weight)
                    .map(|(&c, &w)| (c, w))
                    .collect();
                (!row.is_empty()).then_some((k, row))
            })
            .collect();
        rows.sort_unstable_by_key(|r| r.0);
        let model = LinearModel::from_rows(self.model.n_classes(), rows);
        let mut p = Parser::from_parts(
            model,
            self.labels.clone(),
            self.classes.clone(),
            self.clusters.clone(),
            self.ambiguity.clone(),
            self.flags,
        )?;
        p.meta = self.meta.clone();
        p.decoding = self.decoding;
        p.meta
            .insert("pruned".into(), format!("|w| <= {min_abs_weight} dropped"));
        Ok(p)
    }

    /// Number of stored weights.
    pub fn n_weights(&self) -> usize {
        self.model.n_weights()
    }

    /// Number of features with weights in the model.
    pub fn n_features(&self) -> usize {
        self.model.n_features()
    }

    /// Parses one sentence given its words and their `UPOS` and `XPOS` tags.
    ///
    /// Returns one `(head, relation)` per word; `head` is the 0-based index of
    /// the head word within the sentence, `None` for the root. Missing tags
    /// (slices shorter than `words`) read as `_`.
    pub fn parse_sentence(
        &self,
        words: &[&str],
        upos: &[&str],
        xpos: &[&str],
    ) -> Vec<(Option<u32>, CompactString)> {
        let mut out = Vec::with_capacity(words.len());
        self.parse_into(words, upos, xpos, |_, h, l| out.push((h, l.clone())));
        out
    }

    /// [`Parser::parse_sentence`] with the search score of the parse.
    #[cfg(test)]
    fn parse_scored(
        &self,
        words: &[&str],
        upos: &[&str],
        xpos: &[&str],
    ) -> (Vec<(Option<u32>, CompactString)>, f64) {
        let mut out = Vec::with_capacity(words.len());
        let total = self.parse_into(words, upos, xpos, |_, h, l| out.push((h, l.clone())));
        (out, total)
    }

    /// Parses and calls `emit(word, head, label)` for each word in order;
    /// returns the search score (see [`Parser::decode`]).
    ///
    /// Bracketed party tags and names after a noun ("Sen. Ted Cruz
    /// (R-Texas)", "the alliance (NATO)") are lifted out before parsing (see
    /// [`asides`]) and
    /// attached afterwards as an apposition of the word before them: in news
    /// they are frequent and say nothing about the sentence's structure,
    /// while the parser, trained on few of them, lets them break the tree.
    fn parse_into(
        &self,
        words: &[&str],
        upos: &[&str],
        xpos: &[&str],
        emit: impl FnMut(usize, Option<u32>, &CompactString),
    ) -> f64 {
        if let Some(close) = leading_quote(words, upos) {
            return self.parse_quote_frame(words, upos, xpos, close, emit);
        }
        self.parse_lifted(words, upos, xpos, emit)
    }

    /// [`Parser::parse_into`] for a sentence without a leading quotation:
    /// bracketed asides lifted out, the rest parsed.
    fn parse_lifted(
        &self,
        words: &[&str],
        upos: &[&str],
        xpos: &[&str],
        mut emit: impl FnMut(usize, Option<u32>, &CompactString),
    ) -> f64 {
        let lifted = asides(words, upos);
        if lifted.is_empty() {
            return self.parse_plain(words, upos, xpos, emit);
        }
        // the words left, and where each one was
        let mut keep: Vec<usize> = Vec::with_capacity(words.len());
        let mut k = 0;
        for &(open, close) in &lifted {
            keep.extend(k..open);
            k = close + 1;
        }
        keep.extend(k..words.len());
        let w: Vec<&str> = keep.iter().map(|&i| pick(words, i)).collect();
        let u: Vec<&str> = keep.iter().map(|&i| pick(upos, i)).collect();
        let x: Vec<&str> = keep.iter().map(|&i| pick(xpos, i)).collect();
        let mut arcs: Vec<(Option<u32>, CompactString)> =
            vec![(None, CompactString::const_new("punct")); words.len()];
        let total = self.parse_plain(&w, &u, &x, |i, h, l| {
            if let Some(&full) = keep.get(i) {
                arcs[full] = (
                    h.and_then(|h| keep.get(h as usize)).map(|&h| h as u32),
                    l.clone(),
                );
            }
        });
        for &(open, close) in &lifted {
            let first = open + 1;
            arcs[first] = (Some(open as u32 - 1), CompactString::const_new("appos"));
            for (i, arc) in arcs.iter_mut().enumerate().take(close).skip(first + 1) {
                let label = if pick(upos, i) == "PUNCT" {
                    "punct"
                } else {
                    "flat"
                };
                *arc = (Some(first as u32), CompactString::const_new(label));
            }
            arcs[open] = (Some(first as u32), CompactString::const_new("punct"));
            arcs[close] = (Some(first as u32), CompactString::const_new("punct"));
        }
        for (i, (h, l)) in arcs.iter().enumerate() {
            emit(i, *h, l);
        }
        total
    }

    /// A sentence that opens with a quotation and goes on with its frame
    /// (`"We will win," Sen. Ted Cruz told reporters, adding ...`): the
    /// quoted words and the frame are parsed apart and joined as UD EWT
    /// does, the frame's root heading the sentence and the quotation's root
    /// its `ccomp`, the marks `punct` of the quotation. The parser, trained
    /// on web text with few of them, often broke such sentences at the
    /// closing mark (the speaker's name as the root, the speech verb a
    /// `flat` of it), and the speaker and the events of the frame were lost.
    fn parse_quote_frame(
        &self,
        words: &[&str],
        upos: &[&str],
        xpos: &[&str],
        close: usize,
        mut emit: impl FnMut(usize, Option<u32>, &CompactString),
    ) -> f64 {
        let n = words.len();
        let mut arcs: Vec<(Option<u32>, CompactString)> =
            vec![(None, CompactString::const_new("punct")); n];
        let mut total = 0.0;
        let mut roots = [0usize; 2];
        for (k, r) in [(1..close), (close + 1..n)].into_iter().enumerate() {
            let off = r.start;
            let w: Vec<&str> = r.clone().map(|i| pick(words, i)).collect();
            let u: Vec<&str> = r.clone().map(|i| pick(upos, i)).collect();
            let x: Vec<&str> = r.map(|i| pick(xpos, i)).collect();
            total += self.parse_lifted(&w, &u, &x, |i, h, l| {
                arcs[off + i] = (h.map(|h| h + off as u32), l.clone());
                if h.is_none() {
                    roots[k] = off + i;
                }
            });
        }
        let [quote, frame] = roots;
        // `"...," said Farhana Khera`: parsed alone, a frame that opens with
        // its verb takes the speaker for an object or an oblique; after a
        // quotation it is the inverted subject (the first nominal after the
        // verb with no preposition of its own)
        let of_frame = |i: usize| arcs[i].0 == Some(frame as u32);
        if !(close + 1..n).any(|i| of_frame(i) && arcs[i].1.starts_with("nsubj")) {
            let inverted = (frame + 1..n).find(|&i| {
                of_frame(i)
                    && matches!(arcs[i].1.as_str(), "obj" | "iobj" | "obl" | "nmod")
                    && !(close + 1..n).any(|c| arcs[c].0 == Some(i as u32) && arcs[c].1 == "case")
            });
            if let Some(o) = inverted {
                arcs[o].1 = CompactString::const_new("nsubj");
            }
        }
        arcs[quote] = (Some(frame as u32), CompactString::const_new("ccomp"));
        arcs[0] = (Some(quote as u32), CompactString::const_new("punct"));
        arcs[close] = (Some(quote as u32), CompactString::const_new("punct"));
        for (i, (h, l)) in arcs.iter().enumerate() {
            emit(i, *h, l);
        }
        total
    }

    /// [`Parser::parse_into`] without lifting asides.
    fn parse_plain(
        &self,
        words: &[&str],
        upos: &[&str],
        xpos: &[&str],
        mut emit: impl FnMut(usize, Option<u32>, &CompactString),
    ) -> f64 {
        if words.is_empty() {
            return 0.0;
        }
        SCRATCH.with(|cell| {
            let mut guard = cell.borrow_mut();
            let sc = &mut *guard;
            sc.state.reset(
                words,
                |i| {
                    (
                        upos.get(i).copied().unwrap_or("_"),
                        xpos.get(i).copied().unwrap_or("_"),
                    )
                },
                &self.clusters,
                &self.ambiguity,
                self.flags,
            );
            let total = self.decode(sc);
            let n = words.len() as u32;
            for i in 0..words.len() {
                let h = sc.state.head[i];
                let label = self
                    .labels
                    .get(sc.state.label[i] as usize)
                    .unwrap_or(&self.labels[0]);
                emit(i, if h >= n { None } else { Some(h) }, label);
            }
            total
        })
    }

    /// Decodes the sentence just loaded into `sc.state` with the parser's
    /// [`Decoding`], leaving the final configuration there; returns the
    /// search score of the chosen sequence (0 for the greedy decoder).
    fn decode(&self, sc: &mut Scratch) -> f64 {
        match self.decoding {
            Decoding::Greedy => {
                self.run(sc);
                0.0
            }
            Decoding::Beam { width, temperature } => {
                self.run_beam(&mut sc.state, &mut sc.search, width, temperature)
            }
            Decoding::Branching {
                margin,
                branches,
                temperature,
            } => self.run_branching(&mut sc.state, &mut sc.search, margin, branches, temperature),
        }
    }

    /// Runs the greedy decoder to the final state.
    ///
    /// The features that depend only on the buffer front (see
    /// [`State::buffer_features`]) are scored once per buffer position and
    /// their sums reused until the next `SHIFT`.
    fn run(&self, sc: &mut Scratch) {
        let Scratch {
            state: st,
            feats,
            scores,
            acc,
            acc_buffer,
            ..
        } = sc;
        let acc = acc.get_or_insert_with(|| Scores::new(&self.table));
        let acc_buffer = acc_buffer.get_or_insert_with(|| Scores::new(&self.table));
        acc.reset(&self.table);
        acc_buffer.reset(&self.table);
        let nc = self.classes.len().max(self.model.n_classes());
        scores.clear();
        scores.resize(nc, 0.0);
        let mut buffer_at = u32::MAX;
        while !st.is_final() {
            if st.b != buffer_at {
                buffer_at = st.b;
                st.buffer_features(feats);
                acc_buffer.clear();
                self.table.add(feats.as_slice(), acc_buffer);
            }
            acc.set_raw(acc_buffer.raw_scores());
            st.stack_features(feats);
            // Both lists start with the bias feature: count it once.
            self.table
                .add(feats.as_slice().get(1..).unwrap_or_default(), acc);
            acc.write(&self.table, scores);
            let mut best = usize::MAX;
            let mut best_score = f32::NEG_INFINITY;
            for (ci, &c) in self.classes.iter().enumerate() {
                if (scores[ci] > best_score || best == usize::MAX) && st.valid(c, 0) {
                    best = ci;
                    best_score = scores[ci];
                }
            }
            match self.classes.get(best) {
                Some(&c) => st.apply(c),
                // No valid transition among the model's classes (a model
                // without some move): fall back to the structural moves.
                None => match self.fallback_move(st) {
                    Some(c) => st.apply(c),
                    None => break,
                },
            }
        }
    }

    fn fallback_label(&self) -> u16 {
        self.labels
            .iter()
            .position(|l| l == "dep")
            .unwrap_or(self.labels.len().saturating_sub(1).max(1)) as u16
    }

    /// Parses every sentence of a document.
    ///
    /// Needs the `tokens`, `sentences` and `tags` layers; returns one
    /// [`Dependency`] per token with document-level head indices. Tokens that
    /// no sentence covers are parsed as sentences of their own.
    pub fn annotate(&self, doc: &Document) -> Result<Vec<Dependency>, Error> {
        if !doc.has(Layer::Tags) {
            return Err(Error::MissingLayer {
                doc: doc.meta.id.clone(),
                missing: Layer::Tags,
            });
        }
        let n_tokens = doc.tokens().len();
        let tags = doc.tags();
        let mut out = vec![Dependency::default(); n_tokens];
        let mut words: Vec<&str> = Vec::new();
        let mut upos: Vec<&str> = Vec::new();
        let mut xpos: Vec<&str> = Vec::new();
        for r in sentence_ranges(doc) {
            words.clear();
            upos.clear();
            xpos.clear();
            for i in r.range() {
                words.push(doc.token_text(i));
                let t = tags.get(i);
                upos.push(t.map(|t| t.upos.as_str()).unwrap_or("_"));
                xpos.push(t.map(|t| t.xpos.as_str()).unwrap_or("_"));
            }
            let start = r.start;
            self.parse_into(&words, &upos, &xpos, |i, h, l| {
                if let Some(d) = out.get_mut(start as usize + i) {
                    *d = Dependency {
                        head: h.map(|h| h + start),
                        deprel: l.clone(),
                    };
                }
            });
        }
        Ok(out)
    }

    /// Scores the parser on gold trees, parsing with the given `(UPOS, XPOS)`
    /// tags (one list per sentence, e.g. from the POS tagger). A sentence
    /// whose tag list is missing or of the wrong length is parsed with its
    /// gold tags.
    pub fn evaluate(&self, gold: &[ConlluSentence], tags: &[Vec<(String, String)>]) -> ParseEval {
        let mut eval = ParseEval::default();
        for (si, s) in gold.iter().enumerate() {
            let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            let (upos, xpos): (Vec<&str>, Vec<&str>) = match tags.get(si) {
                Some(t) if t.len() == words.len() => {
                    t.iter().map(|(u, x)| (u.as_str(), x.as_str())).unzip()
                }
                _ => s
                    .words
                    .iter()
                    .map(|w| (w.upos.as_str(), w.xpos.as_str()))
                    .unzip(),
            };
            let pred = self.parse_sentence(&words, &upos, &xpos);
            train::score_sentence(&mut eval, s, &pred);
        }
        eval.finish();
        eval
    }

    /// Scores the parser on gold trees with their gold tags.
    pub fn evaluate_gold_tags(&self, gold: &[ConlluSentence]) -> ParseEval {
        self.evaluate(gold, &[])
    }
}

/// Word `i` of `v`, or `_` (a missing tag) past its end.
fn pick<'a>(v: &[&'a str], i: usize) -> &'a str {
    v.get(i).copied().unwrap_or("_")
}

/// The closing mark of a quotation that opens the sentence and is
/// followed by its frame: at least two quoted words, then a frame of at least
/// two words holding a verb and no further quotation mark (see
/// [`Parser::parse_quote_frame`]).
fn leading_quote(words: &[&str], upos: &[&str]) -> Option<usize> {
    let opening = |w: &str| matches!(w, "\"" | "\u{201c}" | "``");
    let closing = |w: &str| matches!(w, "\"" | "\u{201d}" | "''");
    if !words.first().is_some_and(|w| opening(w)) {
        return None;
    }
    let close = (1..words.len()).find(|&i| closing(words[i]))?;
    let frame = close + 1..words.len();
    let verb = frame
        .clone()
        .any(|i| upos.get(i).is_some_and(|&u| u == "VERB"));
    let marks = frame
        .clone()
        .any(|i| opening(words[i]) || closing(words[i]));
    (close >= 3 && frame.len() >= 2 && verb && !marks).then_some(close)
}

/// Longest bracketed aside lifted out before parsing, in words.
const MAX_ASIDE: usize = 5;

/// Bracketed asides to lift out before parsing: `(` right after a noun or
/// proper noun, then a party-and-state tag (`R-Texas`, `D-N.Y.`, `I-Vt.`)
/// or one capitalised name or acronym (`AP`, `NATO`), then `)`: "Sen. Ted
/// Cruz (R-Texas) said", "the alliance (NATO)". Returns `(open, close)` word
/// indices, in order.
fn asides(words: &[&str], upos: &[&str]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let tag = |i: usize| upos.get(i).copied().unwrap_or("_");
    let capitalised = |w: &str| {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().all(|c| c.is_alphabetic() || c == '.')
    };
    let mut i = 1;
    while i + 2 < words.len() {
        if words[i] != "(" || !matches!(tag(i - 1), "NOUN" | "PROPN") {
            i += 1;
            continue;
        }
        let close = (i + 2..words.len().min(i + 2 + MAX_ASIDE)).find(|&k| words[k] == ")");
        let shaped = close.is_some_and(|c| {
            let inner = &words[i + 1..c];
            match inner {
                [name] => capitalised(name) && name.len() > 1,
                [party, "-", state @ ..] => {
                    matches!(*party, "R" | "D" | "I")
                        && !state.is_empty()
                        && state.iter().all(|w| capitalised(w) || *w == ".")
                }
                _ => false,
            }
        });
        match close.filter(|_| shaped) {
            Some(c) => {
                out.push((i, c));
                i = c + 1;
            }
            None => i += 1,
        }
    }
    out
}

/// Sentence token ranges, plus ranges for tokens no sentence covers.
fn sentence_ranges(doc: &Document) -> Vec<TokenRange> {
    let n = doc.tokens().len();
    let mut out = Vec::with_capacity(doc.sentences().len() + 1);
    let mut next = 0usize;
    for s in doc.sentences() {
        let r = s.tokens;
        let (a, b) = (r.start as usize, (r.end as usize).min(n));
        if a < next || a >= b {
            continue; // overlapping or empty: skip
        }
        if a > next {
            out.push(TokenRange::new(next, a));
        }
        out.push(TokenRange::new(a, b));
        next = b;
    }
    if next < n {
        out.push(TokenRange::new(next, n));
    }
    out
}

/// Trains a parser on a CoNLL-U file, choosing the epoch by LAS on `dev`.
///
/// This is what `chronicler train parse --train FILE --dev FILE --out
/// models/parse.bin` runs; save the result with [`Parser::save`].
pub fn train(
    train: &Path,
    dev: &Path,
    opts: &TrainOptions,
) -> Result<(Parser, TrainReport), Error> {
    train::train(train, dev, opts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chronicler_doc::{Meta, Sentence, SentenceKind, Span, Token, TokenFlags, TokenTags};
    use chronicler_learn::corpus::parse_conllu;
    use proptest::prelude::*;

    /// Our own sentences, hand-annotated in UD style.
    const FIXTURE: &str = "# text = The minister signed the treaty in Geneva.
1	The	the	DET	DT	_	2	det	_	_
2	minister	minister	NOUN	NN	_	3	nsubj	_	_
3	signed	sign	VERB	VBD	_	0	root	_	_
4	the	the	DET	DT	_	5	det	_	_
5	treaty	treaty	NOUN	NN	_	3	obj	_	_
6	in	in	ADP	IN	_	7	case	_	_
7	Geneva	Geneva	PROPN	NNP	_	3	obl	_	SpaceAfter=No
8	.	.	PUNCT	.	_	3	punct	_	_

# text = Protesters were arrested by the police.
1	Protesters	protester	NOUN	NNS	_	3	nsubj:pass	_	_
2	were	be	AUX	VBD	_	3	aux:pass	_	_
3	arrested	arrest	VERB	VBN	_	0	root	_	_
4	by	by	ADP	IN	_	6	case	_	_
5	the	the	DET	DT	_	6	det	_	_
6	police	police	NOUN	NN	_	3	obl:agent	_	SpaceAfter=No
7	.	.	PUNCT	.	_	3	punct	_	_

# text = She said talks would resume.
1	She	she	PRON	PRP	_	2	nsubj	_	_
2	said	say	VERB	VBD	_	0	root	_	_
3	talks	talk	NOUN	NNS	_	5	nsubj	_	_
4	would	would	AUX	MD	_	5	aux	_	_
5	resume	resume	VERB	VB	_	2	ccomp	_	SpaceAfter=No
6	.	.	PUNCT	.	_	2	punct	_	_

";

    fn parser() -> &'static Parser {
        static P: std::sync::OnceLock<Parser> = std::sync::OnceLock::new();
        P.get_or_init(|| Parser::load_default().expect("the shipped model loads"))
    }

    /// The shipped model with a search decoder: one copy for beam search
    /// and one for branching, made on first use with the first `d` of each
    /// kind (the property test always passes the same ones).
    fn searching(d: Decoding) -> &'static Parser {
        static BEAM: std::sync::OnceLock<Parser> = std::sync::OnceLock::new();
        static BRANCHING: std::sync::OnceLock<Parser> = std::sync::OnceLock::new();
        let cell = match d {
            Decoding::Beam { .. } => &BEAM,
            _ => &BRANCHING,
        };
        cell.get_or_init(|| parser().clone().with_decoding(d))
    }

    /// Every word has a head in range, exactly one root, no cycle.
    fn assert_tree(arcs: &[(Option<u32>, CompactString)]) {
        let n = arcs.len();
        if n == 0 {
            return;
        }
        let roots = arcs.iter().filter(|a| a.0.is_none()).count();
        assert_eq!(roots, 1, "{arcs:?}");
        for (i, (h, l)) in arcs.iter().enumerate() {
            assert!(!l.is_empty());
            assert_eq!(h.is_none(), l == "root", "word {i}: {arcs:?}");
            let mut x = i;
            let mut steps = 0;
            while let Some(h) = arcs[x].0 {
                assert!((h as usize) < n && h as usize != x, "{arcs:?}");
                x = h as usize;
                steps += 1;
                assert!(steps <= n, "cycle through word {i}: {arcs:?}");
            }
        }
    }

    #[test]
    fn parser_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Parser>();
    }

    #[test]
    fn default_model_loads_and_round_trips() {
        let p = parser();
        assert!(p.labels().iter().any(|l| l == "nsubj:pass"));
        let back = Parser::from_bytes(&p.to_bytes()).expect("round trip");
        let w = ["Rebels", "attacked", "the", "town", "."];
        let u = ["NOUN", "VERB", "DET", "NOUN", "PUNCT"];
        let x = ["NNS", "VBD", "DT", "NN", "."];
        assert_eq!(
            p.parse_sentence(&w, &u, &x),
            back.parse_sentence(&w, &u, &x)
        );
        assert!(Parser::from_bytes(b"not a model").is_err());
    }

    #[test]
    fn parses_our_sentences() {
        let p = parser();
        let gold = parse_conllu(FIXTURE, "fixture").expect("fixture parses");
        let e = p.evaluate_gold_tags(&gold);
        assert_eq!(e.words, 21);
        // A parser trained on news-like English gets nearly all of these.
        assert!(e.uas >= 0.85, "{e:?}");
        assert!(e.las >= 0.8, "{e:?}");
        let s = &gold[1];
        let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        let u: Vec<&str> = s.words.iter().map(|w| w.upos.as_str()).collect();
        let x: Vec<&str> = s.words.iter().map(|w| w.xpos.as_str()).collect();
        let arcs = p.parse_sentence(&words, &u, &x);
        assert_tree(&arcs);
        assert_eq!(arcs[2], (None, "root".into()));
        assert_eq!(arcs[0], (Some(2), "nsubj:pass".into()));
    }

    #[test]
    fn split_scoring_matches_the_model() {
        // The decoder scores buffer-only features once per buffer position;
        // the sum must equal the model's score over all features, as in
        // training.
        let p = parser();
        let gold = parse_conllu(FIXTURE, "fixture").expect("fixture parses");
        for s in &gold {
            let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            let mut st = State::default();
            st.reset(
                &words,
                |i| (s.words[i].upos.as_str(), s.words[i].xpos.as_str()),
                &p.clusters,
                &p.ambiguity,
                p.flags,
            );
            let nc = p.model.n_classes();
            let mut f = Features::new();
            let mut want = vec![0f32; nc];
            let mut acc = Scores::new(&p.table);
            let mut got = vec![0f32; nc];
            let mut steps = 0;
            while !st.is_final() && steps < 4 * words.len() {
                st.features(&mut f);
                want.iter_mut().for_each(|x| *x = 0.0);
                p.model.score(f.as_slice(), &mut want);
                acc.clear();
                st.buffer_features(&mut f);
                p.table.add(f.as_slice(), &mut acc);
                st.stack_features(&mut f);
                p.table.add(&f.as_slice()[1..], &mut acc);
                acc.write(&p.table, &mut got);
                for (a, b) in want.iter().zip(&got) {
                    assert!((a - b).abs() < 1e-2, "{a} vs {b}");
                }
                let best = (0..nc)
                    .filter(|&c| st.valid(p.classes[c], 0))
                    .max_by(|&a, &b| want[a].total_cmp(&want[b]))
                    .expect("a valid move");
                st.apply(p.classes[best]);
                steps += 1;
            }
            assert!(st.is_final());
        }
    }

    #[test]
    fn one_word_and_empty_sentences() {
        let p = parser();
        assert_eq!(
            p.parse_sentence(&["Yes"], &["INTJ"], &["UH"]),
            vec![(None, CompactString::from("root"))]
        );
        assert!(p.parse_sentence(&[], &[], &[]).is_empty());
        // Missing tags read as `_`.
        let arcs = p.parse_sentence(&["Hello", "world"], &[], &[]);
        assert_tree(&arcs);
    }

    #[test]
    fn long_sentence_gets_a_tree() {
        let p = parser();
        let pattern = [
            ("officials", "NOUN", "NNS"),
            ("said", "VERB", "VBD"),
            ("that", "SCONJ", "IN"),
            ("the", "DET", "DT"),
            ("army", "NOUN", "NN"),
            ("and", "CCONJ", "CC"),
            ("police", "NOUN", "NN"),
            ("fired", "VERB", "VBD"),
            ("on", "ADP", "IN"),
            ("crowds", "NOUN", "NNS"),
            (",", "PUNCT", ","),
        ];
        let mut w = Vec::new();
        let mut u = Vec::new();
        let mut x = Vec::new();
        for i in 0..250 {
            let (a, b, c) = pattern[i % pattern.len()];
            w.push(a);
            u.push(b);
            x.push(c);
        }
        let arcs = p.parse_sentence(&w, &u, &x);
        assert_eq!(arcs.len(), 250);
        assert_tree(&arcs);
    }

    #[test]
    fn conllu_in_conllu_out() {
        let p = parser();
        let input = FIXTURE.replace("\t3\tnsubj\t", "\t_\t_\t");
        let out = p.parse_conllu(&input, "fixture", None).expect("parses");
        let back = parse_conllu(&out, "out").expect("output is CoNLL-U");
        assert_eq!(back.len(), 3);
        assert_eq!(back[0].words[6].misc, "SpaceAfter=No");
        assert_eq!(
            back[0].text.as_deref(),
            Some("The minister signed the treaty in Geneva.")
        );
        assert!(back
            .iter()
            .all(|s| s.words.iter().filter(|w| w.head == Some(0)).count() == 1));
        // With a tagger callback, its tags are used and written.
        let mut tagger = |ws: &[&str]| -> Vec<(String, String)> {
            ws.iter()
                .map(|_| ("X".to_string(), "FW".to_string()))
                .collect()
        };
        let out = p
            .parse_conllu(&input, "fixture", Some(&mut tagger))
            .expect("parses");
        assert!(out.contains("1\tThe\tthe\tX\tFW\t"));
        let mut bad_tagger = |_: &[&str]| Vec::new();
        assert!(p.parse_conllu(&input, "f", Some(&mut bad_tagger)).is_err());
    }

    #[test]
    fn malformed_conllu_names_the_line() {
        let p = parser();
        let bad = "# text = A b\n1\tA\ta\tDET\tDT\t_\t2\tdet\t_\t_\n2\tb\tb\tNOUN\n";
        let e = p
            .parse_conllu(bad, "bad.conllu", None)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("bad.conllu:3") && e.contains("10 tab-separated"),
            "{e}"
        );
        let bad = "1\tA\ta\tDET\tDT\t_\t2\tdet\t_\t_\n3\tb\tb\tNOUN\tNN\t_\t0\troot\t_\t_\n";
        let e = p.parse_conllu(bad, "seq", None).unwrap_err().to_string();
        assert!(e.contains("seq:2") && e.contains("out of sequence"), "{e}");
        let bad = "x\tA\ta\tDET\tDT\t_\t2\tdet\t_\t_\n";
        let e = p.parse_conllu(bad, "id", None).unwrap_err().to_string();
        assert!(e.contains("id:1") && e.contains("`x`"), "{e}");
    }

    fn doc_of(words: &[&str], sentences: &[(usize, usize)]) -> Document {
        let text = words.join(" ");
        let mut toks = Vec::new();
        let mut pos = 0;
        for w in words {
            toks.push(Token {
                span: Span::new(pos, pos + w.len()),
                flags: TokenFlags::of(w),
            });
            pos += w.len() + 1;
        }
        let sents = sentences
            .iter()
            .map(|&(a, b)| Sentence {
                span: toks[a].span.cover(toks[b - 1].span),
                tokens: TokenRange::new(a, b),
                kind: SentenceKind::Body,
                paragraph: 0,
            })
            .collect();
        let mut doc = Document::new(
            Meta {
                id: "t1".into(),
                ..Meta::default()
            },
            text,
        );
        doc.set_segmentation(sents, toks)
            .expect("valid segmentation");
        doc
    }

    #[test]
    fn a_leading_quotation_is_the_complement_of_its_frame() {
        let words = [
            "\u{201c}", "We", "will", "win", ",", "\u{201d}", "said", "Anna", "Kowalski", ".",
        ];
        let upos = [
            "PUNCT", "PRON", "AUX", "VERB", "PUNCT", "PUNCT", "VERB", "PROPN", "PROPN", "PUNCT",
        ];
        let xpos = ["``", "PRP", "MD", "VB", ",", "''", "VBD", "NNP", "NNP", "."];
        assert_eq!(leading_quote(&words, &upos), Some(5));
        let arcs = parser().parse_sentence(&words, &upos, &xpos);
        assert_eq!(arcs[6].0, None, "{arcs:?}");
        assert_eq!(arcs[3], (Some(6), "ccomp".into()), "{arcs:?}");
        let subject = |i: usize| arcs[i] == (Some(6), "nsubj".into());
        assert!(subject(7) || subject(8), "{arcs:?}");
        assert_eq!(arcs[0], (Some(3), "punct".into()));
        assert_eq!(arcs[5], (Some(3), "punct".into()));
        // no frame, a frame without a verb, or a second quotation: parsed whole
        assert_eq!(leading_quote(&words[..6], &upos[..6]), None);
        assert_eq!(
            leading_quote(
                &["\"", "Yes", "sir", "\"", "she", "."],
                &["PUNCT", "INTJ", "NOUN", "PUNCT", "PRON", "PUNCT"]
            ),
            None
        );
        assert_eq!(
            leading_quote(
                &["\"", "Go", "now", ",", "\"", "he", "said", ",", "\"", "go", "\""],
                &[
                    "PUNCT", "VERB", "ADV", "PUNCT", "PUNCT", "PRON", "VERB", "PUNCT", "PUNCT",
                    "VERB", "PUNCT"
                ]
            ),
            None
        );
    }

    #[test]
    fn party_tags_and_acronyms_in_brackets_are_lifted_out() {
        let words = [
            "Sen.", "Lee", "(", "R", "-", "Utah", ")", "met", "the", "union", "(", "AFL", ")", ".",
        ];
        let upos = [
            "PROPN", "PROPN", "PUNCT", "X", "PUNCT", "PROPN", "PUNCT", "VERB", "DET", "NOUN",
            "PUNCT", "PROPN", "PUNCT", "PUNCT",
        ];
        assert_eq!(asides(&words, &upos), [(2, 6), (10, 12)]);
        // not after a verb, not a clause, not a lowercase word
        assert!(asides(
            &["met", "(", "AP", ")"],
            &["VERB", "PUNCT", "PROPN", "PUNCT"]
        )
        .is_empty());
        assert!(asides(
            &["union", "(", "see", ")"],
            &["NOUN", "PUNCT", "VERB", "PUNCT"]
        )
        .is_empty());
        let xpos = [
            "NNP", "NNP", "-LRB-", "FW", "HYPH", "NNP", "-RRB-", "VBD", "DT", "NN", "-LRB-", "NNP",
            "-RRB-", ".",
        ];
        let arcs = parser().parse_sentence(&words, &upos, &xpos);
        assert_eq!(arcs[3], (Some(1), "appos".into()));
        assert_eq!(arcs[5].0, Some(3));
        assert_eq!(arcs[2], (Some(3), "punct".into()));
        assert_eq!(arcs[11], (Some(9), "appos".into()));
        // the rest is parsed without them: "Lee met the union"
        assert_eq!(arcs[7].0, None);
        assert_eq!(arcs[9].0, Some(7));
    }

    #[test]
    fn annotate_needs_tags_and_uses_document_indices() {
        let p = parser();
        let words = ["Troops", "left", ".", "Talks", "began", "."];
        let mut doc = doc_of(&words, &[(0, 3), (3, 6)]);
        let e = p.annotate(&doc).unwrap_err().to_string();
        assert!(e.contains("tags") && e.contains("t1"), "{e}");
        let tags = [
            ("NOUN", "NNS"),
            ("VERB", "VBD"),
            ("PUNCT", "."),
            ("NOUN", "NNS"),
            ("VERB", "VBD"),
            ("PUNCT", "."),
        ];
        doc.set_tags(
            tags.iter()
                .map(|(u, x)| TokenTags {
                    upos: (*u).into(),
                    xpos: (*x).into(),
                    lemma: "".into(),
                })
                .collect(),
        )
        .expect("tags fit");
        let deps = p.annotate(&doc).expect("parses");
        assert_eq!(deps.len(), 6);
        assert_eq!(deps[1].head, None);
        assert_eq!(deps[0].head, Some(1));
        assert_eq!(deps[4].head, None);
        assert_eq!(deps[3].head, Some(4));
        assert_eq!(deps[5].head, Some(4));
        assert_eq!(deps[3].deprel, "nsubj");
    }

    #[test]
    fn tokens_outside_sentences_are_parsed_too() {
        let p = parser();
        let words = ["Hello", "there", "friend"];
        let mut doc = doc_of(&words, &[(1, 2)]);
        doc.set_tags(vec![TokenTags::default(); 3])
            .expect("tags fit");
        let deps = p.annotate(&doc).expect("parses");
        assert_eq!(deps.len(), 3);
        assert_eq!(deps[1].head, None);
        assert_eq!(deps[0].head, None);
        assert_eq!(deps[2].head, None);
    }

    #[test]
    fn training_on_a_tiny_treebank_learns_it() {
        let dir = std::env::temp_dir().join(format!("chronicler-parse-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("tiny.conllu");
        std::fs::write(&path, FIXTURE).expect("write fixture");
        let opts = TrainOptions {
            epochs: 8,
            prune: 0.0,
            ..TrainOptions::default()
        };
        let (p, report) = train(&path, &path, &opts).expect("trains");
        assert_eq!(report.train_words, 21);
        assert!(report.dev.las > 0.9, "{report:?}");
        let tags = read_tag_file(&path);
        assert!(tags.is_err(), "a CoNLL-U file is not a tag file");
        let gold = parse_conllu(FIXTURE, "f").expect("fixture");
        assert_eq!(p.evaluate_gold_tags(&gold).las, report.dev.las);
        let back = Parser::from_bytes(&p.to_bytes()).expect("round trip");
        assert_eq!(back.evaluate_gold_tags(&gold), report.dev);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn training_with_clusters_and_ambiguity_classes() {
        let dir = std::env::temp_dir().join(format!("chronicler-parse-cl-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("tiny.conllu");
        std::fs::write(&path, FIXTURE).expect("write fixture");
        std::fs::write(dir.join("cluster_groups.tsv"), "0\t0\t0\t0\n1\t1\t1\t1\n").expect("write");
        std::fs::write(
            dir.join("clusters.tsv"),
            "minister\t0\ntreaty\t0\nsigned\t1\n",
        )
        .expect("write");
        let opts = TrainOptions {
            epochs: 8,
            prune: 0.0,
            clusters: Some(dir.clone()),
            ambiguity: true,
            punct_between: true,
            head_pairs: true,
            ..TrainOptions::default()
        };
        let (p, report) = train(&path, &path, &opts).expect("trains");
        std::fs::remove_dir_all(&dir).ok();
        assert!(report.dev.las > 0.9, "{report:?}");
        assert_eq!(p.clusters.len(), 3);
        let bytes = p.to_bytes();
        let back = Parser::from_bytes(&bytes).expect("round trip");
        assert_eq!(back.clusters.len(), 3);
        assert_eq!(back.flags, system::FEAT_PUNCT | system::FEAT_HEADS);
        let mut mf = p.to_model_file();
        mf.meta.insert("feature_flags".into(), "64".into());
        let e = Parser::from_bytes(&mf.to_bytes()).expect_err("unknown flag");
        assert!(e.to_string().contains("feature_flags"), "{e}");
        assert_eq!(back.ambiguity.len(), p.ambiguity.len());
        let gold = parse_conllu(FIXTURE, "f").expect("fixture");
        assert_eq!(back.evaluate_gold_tags(&gold), report.dev);
        // The clusters travel in the model file, not in a side file.
        assert!(Parser::from_bytes(&bytes[..bytes.len() / 2]).is_err());
    }

    #[test]
    fn ewt_dev_scores_when_available() {
        let path = Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/ud-english-ewt/en_ewt-ud-dev.conllu"
        ));
        if !path.exists() {
            eprintln!("skipping: {} is absent", path.display());
            return;
        }
        let gold = chronicler_learn::corpus::read_conllu(path).expect("EWT dev reads");
        let e = parser().evaluate_gold_tags(&gold);
        assert!(e.uas > 0.87 && e.las > 0.85, "{e:?}");
    }

    /// Sentences of ours with attachment ambiguities, as (words, UPOS, XPOS).
    fn search_cases() -> Vec<(Vec<&'static str>, Vec<&'static str>, Vec<&'static str>)> {
        let sentences: [&[(&str, &str, &str)]; 3] = [
            &[
                ("Rebels", "NOUN", "NNS"),
                ("attacked", "VERB", "VBD"),
                ("the", "DET", "DT"),
                ("convoy", "NOUN", "NN"),
                ("with", "ADP", "IN"),
                ("rockets", "NOUN", "NNS"),
                ("near", "ADP", "IN"),
                ("the", "DET", "DT"),
                ("border", "NOUN", "NN"),
                ("on", "ADP", "IN"),
                ("Friday", "PROPN", "NNP"),
                (".", "PUNCT", "."),
            ],
            &[
                ("The", "DET", "DT"),
                ("minister", "NOUN", "NN"),
                ("who", "PRON", "WP"),
                ("resigned", "VERB", "VBD"),
                ("said", "VERB", "VBD"),
                ("talks", "NOUN", "NNS"),
                ("with", "ADP", "IN"),
                ("the", "DET", "DT"),
                ("unions", "NOUN", "NNS"),
                ("would", "AUX", "MD"),
                ("resume", "VERB", "VB"),
                ("soon", "ADV", "RB"),
                (",", "PUNCT", ","),
                ("officials", "NOUN", "NNS"),
                ("reported", "VERB", "VBD"),
                (".", "PUNCT", "."),
            ],
            &[
                ("Troops", "NOUN", "NNS"),
                ("withdrew", "VERB", "VBD"),
                (".", "PUNCT", "."),
            ],
        ];
        sentences
            .iter()
            .map(|s| {
                (
                    s.iter().map(|t| t.0).collect(),
                    s.iter().map(|t| t.1).collect(),
                    s.iter().map(|t| t.2).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn beam_of_width_one_and_branching_without_branches_are_greedy() {
        let greedy = parser();
        assert_eq!(greedy.decoding(), Decoding::Greedy);
        let mut p = greedy.clone();
        for d in [
            Decoding::Beam {
                width: 1,
                temperature: 0.0,
            },
            Decoding::Beam {
                width: 0,
                temperature: 25.0,
            },
            Decoding::Branching {
                margin: 5.0,
                branches: 0,
                temperature: 25.0,
            },
            Decoding::Branching {
                margin: 0.0,
                branches: 4,
                temperature: 0.0,
            },
        ] {
            p.set_decoding(d);
            for (w, u, x) in search_cases() {
                assert_eq!(
                    p.parse_sentence(&w, &u, &x),
                    greedy.parse_sentence(&w, &u, &x),
                    "{d:?} on {w:?}"
                );
            }
        }
        assert_eq!(p.pruned(0.0).expect("prunes").decoding(), p.decoding());
    }

    #[test]
    fn searches_find_sequences_scoring_at_least_the_greedy_one() {
        let t = 25.0;
        let base = parser().clone();
        let total = |d: Decoding, w: &[&str], u: &[&str], x: &[&str]| {
            let p = base.clone().with_decoding(d);
            let (arcs, total) = p.parse_scored(w, u, x);
            assert_tree(&arcs);
            total
        };
        for (w, u, x) in search_cases() {
            let greedy = total(
                Decoding::Branching {
                    margin: 0.0,
                    branches: 0,
                    temperature: t,
                },
                &w,
                &u,
                &x,
            );
            assert!(greedy < 0.0, "log-probabilities sum below 0: {greedy}");
            let branching = total(
                Decoding::Branching {
                    margin: 3.0,
                    branches: 8,
                    temperature: t,
                },
                &w,
                &u,
                &x,
            );
            assert!(branching >= greedy, "{branching} < {greedy} on {w:?}");
            if w.len() <= 3 {
                // A beam this wide keeps every sequence of a 3-word
                // sentence: exact search.
                let exact = total(
                    Decoding::Beam {
                        width: 50_000,
                        temperature: t,
                    },
                    &w,
                    &u,
                    &x,
                );
                assert!(exact >= branching - 1e-6, "{exact} < {branching}");
                let beam = total(
                    Decoding::Beam {
                        width: 4,
                        temperature: t,
                    },
                    &w,
                    &u,
                    &x,
                );
                assert!(beam <= exact + 1e-6, "{beam} > {exact}");
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn arbitrary_words_give_a_tree(
            words in proptest::collection::vec("\\PC{0,12}", 0..40),
            tags in proptest::collection::vec("[A-Z_]{0,5}", 0..40),
        ) {
            let p = parser();
            let w: Vec<&str> = words.iter().map(|s| s.as_str()).collect();
            let t: Vec<&str> = tags.iter().map(|s| s.as_str()).collect();
            let arcs = p.parse_sentence(&w, &t, &t);
            prop_assert_eq!(arcs.len(), w.len());
            assert_tree(&arcs);
            for d in [
                Decoding::Beam { width: 3, temperature: 25.0 },
                Decoding::Branching { margin: 2.0, branches: 2, temperature: 25.0 },
            ] {
                let arcs = searching(d).parse_sentence(&w, &t, &t);
                prop_assert_eq!(arcs.len(), w.len());
                assert_tree(&arcs);
            }
        }
    }
}
