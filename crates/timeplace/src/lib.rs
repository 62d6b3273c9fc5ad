//! Chronicler: temporal expressions and place resolution.
#![deny(missing_docs)]
