//! Chronicler: bytes, files, HTML and JSON Lines into Documents.
#![deny(missing_docs)]
