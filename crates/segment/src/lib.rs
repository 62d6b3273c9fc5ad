//! Chronicler: sentence segmentation and tokenization for news text.
#![deny(missing_docs)]
