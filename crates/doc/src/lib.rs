//! # chronicler-doc: the document model
//!
//! Every Chronicler stage reads a [`Document`] and returns one annotation
//! layer; the pipeline attaches it. This crate holds the document, its
//! metadata, the types of every layer, and the byte ↔ code-point offset
//! conversion used at the output edge.
//!
//! Invariants:
//! - [`Document::text`] is fixed when the document is made; every layer
//!   points into it by byte [`Span`] (half-open, on char boundaries) or by
//!   token index / [`TokenRange`].
//! - A layer is attached once (`set_*` refuses to overwrite) and only after
//!   the layers it needs.
//! - Code-point offsets ([`CharSpan`]) exist only at the output edge, made by
//!   an [`OffsetMap`] built once per document.
//!
//! ```
//! use chronicler_doc::{OffsetMap, Span};
//! let text = "“Kim” met Xi in 北京.";
//! let map = OffsetMap::new(text);
//! let byte_span = Span::new(text.find("北京").unwrap(), text.find('.').unwrap());
//! let cs = map.char_span(byte_span);
//! assert_eq!((cs.start, cs.end), (16, 18));
//! assert_eq!(map.byte_span(cs), Some(byte_span));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

mod document;
pub mod layers;
mod span;
mod token;

pub use chrono::NaiveDate;
pub use compact_str::CompactString;
pub use document::{Align, DateSource, Document, Layer, LayerError, Meta};
pub use layers::*;
pub use span::{CharSpan, OffsetMap, Span};
pub use token::{
    lowercase, shape_chars, shape_class, word_shape, Sentence, SentenceKind, Token, TokenFlags,
    TokenRange,
};
