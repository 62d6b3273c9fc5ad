//! Chronicler: actor knowledge base, CAMEO actor coding and coreference.
#![deny(missing_docs)]
