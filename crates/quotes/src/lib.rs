//! Chronicler: direct, indirect and mixed quotes with speakers.
#![deny(missing_docs)]
