//! # chronicler-quotes: direct, indirect and mixed quotes with speakers
//!
//! The quotes stage reads a [`Document`] — its text and, when set, the
//! sentences/tokens, tags, parse, entities and actors layers — and returns
//! the **quotes** layer: one [`Quote`] per statement, typed
//! [`QuoteKind::Direct`] (words inside quotation marks), [`QuoteKind::Indirect`]
//! (a reported clause after a cue: "X said Kim wants ...", "according to X,
//! ...") or [`QuoteKind::Mixed`] (a reported clause holding quoted words),
//! with its cue and [`Speaker`].
//!
//! How it works:
//! - **Quotation marks** (`" “ ” „ « »`) are paired on the raw text, one
//!   paragraph at a time, in one linear pass: a stray mark never swallows
//!   the rest of the document; an unclosed quote whose next paragraph opens
//!   with a mark goes on there (multi-paragraph convention), and one that
//!   runs into its own attribution (`"We won, party spokesman X told
//!   reporters`) ends at the comma before it. Single quotes
//!   are never paired (nested quotes, apostrophes). One to three quoted
//!   words without closing punctuation are scare quotes, not statements.
//! - **Cues** come from `data/quotes/cues.tsv` (speech verbs, cognition
//!   verbs, "according to"), matched on the tagger's lemma of a verb, or on
//!   the inflected form when there are no tags.
//! - **Direct quotes** take the cue and speaker from the same sentence
//!   (`"...," Shi said.` / `"...," said Shi` / `Shi said: "..."`), else from
//!   a short next sentence (`"..." Cheng assessed.`), else they continue the
//!   previous speaker of the paragraph (or of the paragraph before, when the
//!   quote opens its paragraph).
//! - **Indirect quotes**: a cue verb with a complement clause (with or without
//!   "that", after an addressee: "told reporters"), a clause followed by
//!   ", X said" / ", said X", or "according to X".
//! - **Speakers** are noun phrases: the actor whose mention covers the phrase
//!   gives the fullest name and the id (pronouns too, through the actors
//!   layer's coreference); without an actor, a surname widens to the longest
//!   person entity sharing it; unnamed groups keep their words ("some
//!   analysts"). The description is the appositive (", a professor at ...,"),
//!   else the premodifier ("Chinese analyst"), else the actor's.
//!
//! Evaluation against PolNeAR-style brat attributions is in [`eval`]; the
//! runner with the full pipeline is `examples/polnear.rs` (see README.md).
//!
//! Every layer but the text is optional: with no tokens, only direct quotes
//! (without speakers) come out; with no tags or parse, token patterns do the
//! work. Extraction never panics and is linear in the document.
//!
//! ```
//! use chronicler_doc::{Document, Meta, QuoteKind};
//! use chronicler_quotes::QuoteExtractor;
//!
//! let text = "“We will not give up the port,” Mayor Ana Duarte said on Monday. \
//!             She added that the council would vote again.";
//! let doc = Document::new(Meta::default(), text.to_string());
//! // Without a tokens layer only the direct quote is found.
//! let quotes = QuoteExtractor::new().annotate(&doc);
//! assert_eq!(quotes.len(), 1);
//! assert_eq!(quotes[0].kind, QuoteKind::Direct);
//! assert_eq!(doc.span_text(quotes[0].span), "We will not give up the port,");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

mod cues;
pub mod eval;
mod extract;
mod marks;

pub use chronicler_doc::{Quote, QuoteKind, Speaker};
pub use cues::CueKind;

use chronicler_doc::Document;

/// Errors of the quotes stage.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A row of the cue lexicon is malformed.
    #[error("cue lexicon line {line}: {message}")]
    Lexicon {
        /// 1-based line number.
        line: usize,
        /// What was found and what was expected.
        message: String,
    },
    /// A gold annotation file is malformed.
    #[error("{file} line {line}: {message}")]
    Gold {
        /// File name.
        file: String,
        /// 1-based line number.
        line: usize,
        /// What was found and what was expected.
        message: String,
    },
    /// An evaluation corpus could not be read.
    #[error("{path}: {message}")]
    Io {
        /// The file or folder.
        path: String,
        /// The operating system's message.
        message: String,
    },
}

/// The quotes stage: built once with its cue lexicon, then used on any
/// number of documents (it is `Send + Sync`).
#[derive(Debug, Clone)]
pub struct QuoteExtractor {
    lex: cues::CueLexicon,
}

impl Default for QuoteExtractor {
    fn default() -> Self {
        Self::new()
    }
}

impl QuoteExtractor {
    /// The extractor with the embedded cue lexicon (`data/quotes/cues.tsv`).
    ///
    /// # Panics
    /// Never for the shipped lexicon (a test loads it); use
    /// [`QuoteExtractor::with_cues`] for a user file.
    pub fn new() -> QuoteExtractor {
        Self::with_cues(cues::CUES_TSV).expect("the embedded cue lexicon parses (tested)")
    }

    /// The extractor with a cue lexicon in the `cues.tsv` format
    /// (`lemma<TAB>kind<TAB>forms<TAB>notes`).
    pub fn with_cues(tsv: &str) -> Result<QuoteExtractor, Error> {
        Ok(QuoteExtractor {
            lex: cues::CueLexicon::parse(tsv)?,
        })
    }

    /// The kind of cue a word form is ("said" → speech), if it is one.
    pub fn cue_kind(&self, word: &str) -> Option<CueKind> {
        let lower = word.to_lowercase();
        if lower == "according" {
            return Some(CueKind::AccordingTo);
        }
        self.lex.by_form(&lower).map(|e| e.kind)
    }

    /// Finds the quotes of `doc`, in text order. Never panics.
    pub fn annotate(&self, doc: &Document) -> Vec<Quote> {
        extract::extract(doc, &self.lex)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extractor_is_send_sync_and_loads() {
        fn check<T: Send + Sync>() {}
        check::<QuoteExtractor>();
        let q = QuoteExtractor::new();
        assert_eq!(q.cue_kind("Said"), Some(CueKind::Speech));
        assert_eq!(q.cue_kind("thinks"), Some(CueKind::Cognition));
        assert_eq!(q.cue_kind("table"), None);
    }
}
