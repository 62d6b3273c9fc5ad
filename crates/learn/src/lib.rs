//! Chronicler: averaged perceptron, feature hashing and the model file format.
#![deny(missing_docs)]
