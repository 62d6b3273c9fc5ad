//! Chronicler: part-of-speech tagging, lemmatization and named-entity recognition.
#![deny(missing_docs)]

pub mod ner;
