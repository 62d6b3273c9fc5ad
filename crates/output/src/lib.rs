//! Chronicler: the output contract: JSON, JSON Lines and TSV writers.
#![deny(missing_docs)]
