//! # chronicler-timeplace: temporal expressions and places
//!
//! Reads a [`Document`](chronicler_doc::Document)'s text, its publication
//! date (`meta.date`) and, when set, its sentences and entities; adds two
//! layers:
//!
//! - `times` ([`TimeTagger`]): temporal expressions ("May 7", "late
//!   March", "last year", "six weeks", "since 2011") with ISO-like values
//!   resolved against the publication date;
//! - `places` ([`PlaceResolver`]): location mentions geocoded with the
//!   embedded gazetteer ([`Gazetteer`], GeoNames data plus hand-written
//!   divisions and regions under `data/places/`).
//!
//! It also gives the events stage [`governing_time`]: the time expression
//! that dates a sentence or span, else the publication date.
//!
//! Both stages work on raw text: they do not need the segmenter or the NER
//! (they use their layers when present).
//!
//! Invariants: every span lies in `doc.text()` on char boundaries; times
//! come in text order and never overlap; places come in text order. All
//! word lists and rule tables are data (`data/time/`, `data/places/`),
//! embedded in the binary and checked by tests.
//!
//! ```
//! use chronicler_doc::{Document, Meta, NaiveDate, Granularity};
//! use chronicler_timeplace::{PlaceResolver, TimeTagger};
//! let mut meta = Meta::default();
//! meta.date = NaiveDate::from_ymd_opt(2019, 11, 20);
//! let doc = Document::new(meta, "Protesters gathered in Lyon on Saturday, two weeks after the vote.".into());
//! let times = TimeTagger::new().annotate(&doc);
//! assert_eq!(times[0].value, "2019-11-16");
//! assert_eq!(times[1].value, "P2W");
//! assert_eq!(times[1].granularity, Granularity::Duration);
//! let places = PlaceResolver::new().annotate(&doc);
//! assert_eq!(places[0].name, "Lyon");
//! assert_eq!(places[0].country.as_deref(), Some("FRA"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

mod governing;
mod place;
mod scan;
mod time;

pub use governing::{governing_time, EventTime};
pub use place::{Gazetteer, GazetteerEntry, PlaceResolver};
pub use time::TimeTagger;

/// Why a table or gazetteer file could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A line of a data table is malformed.
    #[error("{file}:{line}: {message}")]
    Table {
        /// File name (`words.tsv`, `places.tsv`).
        file: String,
        /// 1-based line number.
        line: usize,
        /// What was found and what was expected.
        message: String,
    },
}
