//! Chronicler: PLOVER and CAMEO event coding.
//!
//! Reads a fully annotated [`Document`](chronicler_doc::Document) (sentences,
//! tokens, tags, dependency parse; and, when present, actors, times, places
//! and quotes) and adds the `events` layer: one [`Event`](chronicler_doc::Event)
//! per coded dyadic event with its PLOVER type, mode, most specific CAMEO
//! code, source and target actors (coded on the event's date), location,
//! date, status (asserted, future, hypothetical, negated, reported),
//! PLOVER contexts, trigger span and an explanation.
//!
//! Triggers come from a lexicon shipped as data (`data/events/lexicon.tsv`,
//! verb and noun lemmas with required dependents); arguments from the parse
//! (subject, `by` agent, object, prepositional phrases named by the entry,
//! possessors and modifiers of nouns, light verbs); status from cues in
//! `data/events/cues.tsv` and the quotes layer.
//!
//! ```
//! use chronicler_events::EventCoder;
//! let coder = EventCoder::new();
//! assert!(coder.lexicon_len() > 300);
//! // An unannotated document yields no events rather than an error.
//! let doc = chronicler_doc::Document::new(Default::default(), "Ministers met in Oslo.".into());
//! assert!(coder.annotate(&doc).is_empty());
//! ```
#![deny(missing_docs)]

pub mod agents;
mod coder;
pub mod cues;
pub mod eval;
pub mod lexicon;
pub mod nations;

pub use coder::EventCoder;

/// Errors of the event coder.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A lexicon or cue table line could not be read.
    #[error("{file}:{line}: {message}")]
    Lexicon {
        /// File name.
        file: String,
        /// 1-based line number.
        line: usize,
        /// What was found and what was expected.
        message: String,
    },
    /// An evaluation file could not be read or parsed.
    #[error("evaluation data {path}: {message}")]
    Eval {
        /// File path.
        path: String,
        /// What went wrong.
        message: String,
    },
}
