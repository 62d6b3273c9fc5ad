//! # chronicler-tag: part-of-speech tags, lemmas and named entities
//!
//! This stage reads the sentences and tokens of a [`Document`] and adds
//!
//! - the **tags layer** ([`TokenTags`]: Universal POS, Penn Treebank tag and
//!   lemma for every token) with [`PosTagger`], and
//! - the **entities layer** with the [`ner`] module.
//!
//! [`PosTagger`] is a greedy left-to-right averaged perceptron trained on UD
//! English EWT (combined UPOS+XPOS labels, a tag dictionary for frequent
//! unambiguous words, lexicon ambiguity classes for the words ahead, word
//! clusters) plus a lemmatizer of learned exceptions and suffix rules. The model ships inside
//! the binary (`models/pos.bin`); [`pos::train`] rebuilds it.
//!
//! Invariants: [`PosTagger::annotate`] returns exactly one [`TokenTags`] per
//! token of the document, in token order; the same input gives the same
//! output; no input panics. Contractions kept whole by the tokenizer
//! (`don't`, `it's`) are tagged by their parts and merged back.
//!
//! ```
//! use chronicler_tag::PosTagger;
//! let tagger = PosTagger::load_default()?;
//! let words = ["The", "ministers", "said", "on", "Friday", "that", "they", "had", "resigned", "."];
//! let tags = tagger.tag(&words);
//! assert_eq!(tags.len(), words.len());
//! assert_eq!((tags[1].upos.as_str(), tags[1].xpos.as_str()), ("NOUN", "NNS"));
//! assert_eq!(tags[1].lemma, "minister");
//! assert_eq!((tags[2].xpos.as_str(), tags[2].lemma.as_str()), ("VBD", "say"));
//! assert_eq!(tags[4].upos, "PROPN");
//! assert_eq!((tags[7].upos.as_str(), tags[7].lemma.as_str()), ("AUX", "have"));
//! assert_eq!((tags[8].xpos.as_str(), tags[8].lemma.as_str()), ("VBN", "resign"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [`Document`]: chronicler_doc::Document
//! [`TokenTags`]: chronicler_doc::TokenTags
#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod ner;
pub mod pos;

pub use pos::{PosEval, PosTagger, TrainOptions, TrainReport};

/// Errors of the tagging stage.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading a corpus or a model file failed (I/O, format, checksum).
    #[error(transparent)]
    Learn(#[from] chronicler_learn::Error),
    /// A model file was read but its content is not what the tagger expects.
    #[error("model: {0}")]
    Model(String),
    /// Input text in a tabular format is malformed.
    #[error("{source_name}:{line}: {message}")]
    Format {
        /// Name of the input.
        source_name: String,
        /// 1-based line number.
        line: usize,
        /// What was found and what was expected.
        message: String,
    },
    /// Writing output failed.
    #[error("writing output: {0}")]
    Io(#[from] std::io::Error),
    /// Training data cannot be used (empty, no labels).
    #[error("training data: {0}")]
    Data(String),
}
