//! # chronicler-segment: sentences and tokens for news text
//!
//! The first analysis stage. It reads a document's text and adds the two
//! layers every later stage builds on: [`Token`]s (byte spans with surface
//! [`TokenFlags`], including `SPACE_AFTER` and `NEWLINE_AFTER`) and
//! [`Sentence`]s (byte span, token range, [`SentenceKind`], paragraph index).
//!
//! It is a hand-written byte scanner (no regular expressions) driven by small
//! word lists embedded from `crates/segment/data/`: abbreviations with their
//! behaviour, frequent sentence starters, hyphen-keeping prefixes and
//! emoticons. Tokenization follows UD English EWT's surface tokens closely
//! (see [`Clitics`] for the one choice left to the caller).
//!
//! Steps, in order (one pass each):
//! 1. **Scan** the bytes into whitespace-separated chunks, counting line
//!    breaks in each gap (`\r\n` is one; NUL and other controls are gaps).
//! 2. **Split each chunk** (`tokenize`): whole-chunk URLs, e-mails and
//!    emoticons; then prefixes (opening quotes, brackets, currency), suffixes
//!    (closing punctuation, abbreviation periods, clitics per [`Clitics`]) and
//!    infixes (hyphens, slashes, glued sentences, units after numbers).
//! 3. **Find sentence ends** (`sentence`) from final punctuation, closing
//!    quotes, abbreviation classes, sentence starters and line breaks
//!    ([`LineBreaks`]); a [`dateline`] opening a line ("WASHINGTON (AP) —")
//!    is a sentence of its own; mark headlines, captions and datelines as
//!    [`SentenceKind::Fragment`]; number paragraphs.
//!
//! [`eval`] scores a segmenter against a CoNLL-U treebank with the same
//! rules as the project's spaCy baseline; [`bench()`] measures words/s.
//!
//! Invariants, for any input (NUL, lone `\r`, CJK, emoji, combining marks):
//! - tokens are sorted, disjoint, non-empty, on char boundaries, and never
//!   contain whitespace; tokens plus the gaps between them rebuild the text
//!   (gaps hold only whitespace, control characters and invisible marks);
//! - every token belongs to exactly one sentence; sentences are in order,
//!   their spans run from their first token's start to their last token's end;
//! - `paragraph` indices never decrease; a blank line always starts a new
//!   paragraph, and so does a single line break unless the text is
//!   hard-wrapped.
//!
//! ```
//! use chronicler_segment::Segmenter;
//! use chronicler_doc::SentenceKind;
//! let seg = Segmenter::new();
//! let text = "Talks resume\nMr. Lee met Gen. Park in the U.S. on Jan. 5. \"Never,\" she said. \"Not again.\"";
//! let (sentences, tokens) = seg.segment(text);
//! let said: Vec<&str> = sentences.iter().map(|s| s.span.slice(text)).collect();
//! assert_eq!(said, [
//!     "Talks resume",
//!     "Mr. Lee met Gen. Park in the U.S. on Jan. 5.",
//!     "\"Never,\" she said.",
//!     "\"Not again.\"",
//! ]);
//! assert_eq!(sentences[0].kind, SentenceKind::Fragment);
//! assert_eq!(sentences[1].paragraph, 1);
//! assert_eq!(tokens[2].text(text), "Mr.");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

mod chars;
pub mod dateline;
pub mod eval;
mod lexicon;
mod sentence;
mod tokenize;

pub use chronicler_doc::{Sentence, SentenceKind, Token, TokenFlags, TokenRange};
pub use sentence::LineBreaks;
pub use tokenize::Clitics;

use lexicon::Lexicon;
use std::path::PathBuf;

/// Errors of this crate (reading evaluation data).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A CoNLL-U file is malformed.
    #[error("{path}:{line}: {message}")]
    Conllu {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What was found and what was expected.
        message: String,
    },
}

/// Builds a [`Segmenter`] with non-default settings.
///
/// ```
/// use chronicler_segment::{Clitics, SegmenterBuilder};
/// let seg = SegmenterBuilder::new().clitics(Clitics::Keep).build();
/// let (_, tokens) = seg.segment("Kim's visit");
/// assert_eq!(tokens[0].text("Kim's visit"), "Kim's");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct SegmenterBuilder {
    clitics: Clitics,
    line_breaks: LineBreaks,
}

impl SegmenterBuilder {
    /// Default settings (every clitic split: `it` `'s`, `did` `n't`).
    pub fn new() -> SegmenterBuilder {
        SegmenterBuilder::default()
    }

    /// How clitics (`'s`, `n't`, `'m`) are tokenized.
    pub fn clitics(mut self, clitics: Clitics) -> SegmenterBuilder {
        self.clitics = clitics;
        self
    }

    /// Whether single line breaks end sentences (default: decided per text).
    pub fn line_breaks(mut self, line_breaks: LineBreaks) -> SegmenterBuilder {
        self.line_breaks = line_breaks;
        self
    }

    /// The frozen segmenter.
    pub fn build(self) -> Segmenter {
        Segmenter {
            lex: Lexicon::shipped(),
            clitics: self.clitics,
            line_breaks: self.line_breaks,
        }
    }
}

/// Splits text into sentences and tokens. Built once; `Send + Sync`.
#[derive(Debug, Clone)]
pub struct Segmenter {
    lex: Lexicon,
    clitics: Clitics,
    line_breaks: LineBreaks,
}

impl Default for Segmenter {
    fn default() -> Segmenter {
        Segmenter::new()
    }
}

impl Segmenter {
    /// The segmenter with default settings and the shipped word lists.
    pub fn new() -> Segmenter {
        SegmenterBuilder::new().build()
    }

    /// The clitic setting in force.
    pub fn clitics(&self) -> Clitics {
        self.clitics
    }

    /// Sentences and tokens of `text`. Never panics.
    pub fn segment(&self, text: &str) -> (Vec<Sentence>, Vec<Token>) {
        let mut tokens = Vec::with_capacity(text.len() / 5 + 1);
        let mut breaks = Vec::with_capacity(text.len() / 5 + 1);
        tokenize::tokenize(&self.lex, self.clitics, text, &mut tokens, &mut breaks);
        let sentences = sentence::Splitter {
            lex: &self.lex,
            line_breaks: self.line_breaks,
            text,
            tokens: &tokens,
            breaks: &breaks,
        }
        .split();
        (sentences, tokens)
    }

    /// Tokens of `text` only (no sentence split).
    pub fn tokenize(&self, text: &str) -> Vec<Token> {
        let mut tokens = Vec::with_capacity(text.len() / 5 + 1);
        let mut breaks = Vec::with_capacity(text.len() / 5 + 1);
        tokenize::tokenize(&self.lex, self.clitics, text, &mut tokens, &mut breaks);
        tokens
    }
}

/// Throughput of [`Segmenter::segment`] over some texts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BenchReport {
    /// Number of texts.
    pub texts: usize,
    /// Whitespace-separated words (as Python's `str.split()` counts them).
    pub words: usize,
    /// UTF-8 bytes.
    pub bytes: usize,
    /// Tokens made.
    pub tokens: usize,
    /// Sentences made.
    pub sentences: usize,
    /// Wall-clock seconds for all rounds.
    pub seconds: f64,
    /// Words per second.
    pub words_per_s: f64,
}

/// Segments every text `rounds` times on this thread (after one warm-up
/// pass) and reports the throughput.
pub fn bench(seg: &Segmenter, texts: &[String], rounds: usize) -> BenchReport {
    let rounds = rounds.max(1);
    let words: usize = texts.iter().map(|t| t.split_whitespace().count()).sum();
    let bytes: usize = texts.iter().map(String::len).sum();
    let (mut tokens, mut sentences) = (0, 0);
    for t in texts {
        let (s, k) = seg.segment(t);
        tokens += k.len();
        sentences += s.len();
    }
    let clock = std::time::Instant::now();
    let mut sink = 0usize;
    for _ in 0..rounds {
        for t in texts {
            let (s, k) = seg.segment(std::hint::black_box(t));
            sink += s.len() + k.len();
        }
    }
    std::hint::black_box(sink);
    let seconds = clock.elapsed().as_secs_f64();
    let total_words = (words * rounds) as f64;
    BenchReport {
        texts: texts.len(),
        words,
        bytes,
        tokens,
        sentences,
        seconds,
        words_per_s: if seconds > 0.0 {
            total_words / seconds
        } else {
            0.0
        },
    }
}

#[cfg(test)]
mod tests;
