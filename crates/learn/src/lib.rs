//! # chronicler-learn: the learning core shared by the statistical stages
//!
//! - [`Features`]: hashed features (`u64`) built from templates and strings
//!   without allocating.
//! - [`Perceptron`]: averaged-perceptron training with lazy averaging;
//!   [`LinearModel`]: the frozen, compact model it yields (one table probe per
//!   feature at prediction time).
//! - [`ModelFile`]: the versioned, checksummed file format every shipped
//!   model uses (grammar in the [`model`] module docs).
//! - [`table::WeightTable`]: the cache-friendly run-time layout of a
//!   [`LinearModel`] that the taggers and the parser score with.
//! - [`corpus`]: CoNLL-U and CoNLL-2003 readers with line-numbered errors.
//!
//! Stages (`tag`, `parse`) build their own feature templates and decoders on
//! top of these pieces.
//!
//! ```
//! use chronicler_learn::{Features, ModelFile, Perceptron};
//! let mut p = Perceptron::new(2);
//! let mut f = Features::new();
//! for _ in 0..3 {
//!     for (word, gold) in [("Paris", 1usize), ("ran", 0)] {
//!         f.clear();
//!         f.add(0, word);
//!         let mut s = [0f32; 2];
//!         p.score(f.as_slice(), &mut s);
//!         p.update(f.as_slice(), gold, chronicler_learn::argmax(&s));
//!         p.tick();
//!     }
//! }
//! let mut file = ModelFile::new("demo.v1");
//! file.labels = vec!["O".into(), "LOC".into()];
//! file.models.insert("main".into(), p.average(0.0));
//! let back = ModelFile::from_bytes(&file.to_bytes(), Some("demo.v1"))?;
//! f.clear();
//! f.add(0, "Paris");
//! assert_eq!(back.model("main")?.predict(f.as_slice()), 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod clusters;
pub mod corpus;
mod features;
pub mod model;
mod perceptron;
pub mod table;

pub use features::{hash_str, Features, BIAS};
pub use model::ModelFile;
pub use perceptron::{argmax, LinearModel, Perceptron};

/// Errors of the learning core.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A training or evaluation file is malformed.
    #[error("{source_name}:{line}: {message}")]
    Format {
        /// File name (or other source name).
        source_name: String,
        /// 1-based line number.
        line: usize,
        /// What was wrong.
        message: String,
    },
    /// A model file is malformed or of the wrong kind or version.
    #[error("model: {0}")]
    Model(String),
}

/// Deterministic pseudo-random numbers for shuffling training data
/// (xorshift64*; fixed seeds make training reproducible).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed (0 is replaced by a fixed constant).
    pub fn new(seed: u64) -> Rng {
        Rng(if seed == 0 {
            0x9e37_79b9_7f4a_7c15
        } else {
            seed
        })
    }

    /// The next number.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Shuffles a slice in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}
