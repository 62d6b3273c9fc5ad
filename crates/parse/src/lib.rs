//! Chronicler: transition-based dependency parser.
#![deny(missing_docs)]
