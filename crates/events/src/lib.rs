//! Chronicler: PLOVER and CAMEO event coding.
#![deny(missing_docs)]
