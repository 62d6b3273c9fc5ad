//! # chronicler: the pipeline and the command line
//!
//! Glue only: [`Pipeline`] runs the stage crates in order on each
//! [`Document`]; [`run_extract`] streams documents from `chronicler-ingest`
//! through the pipeline on a thread pool and writes them, in input order,
//! with `chronicler-output`.
//!
//! ```
//! use chronicler::standard_pipeline;
//! use chronicler_doc::{Document, Meta};
//! let pipeline = standard_pipeline()?;
//! let mut doc = Document::new(Meta { id: "x".into(), ..Meta::default() },
//!                             "Mr. Smith met Dr. Jones. They talked.".into());
//! pipeline.run(&mut doc)?;
//! assert_eq!(doc.sentences().len(), 2);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

pub mod bench;
pub mod components;
pub mod conll;
pub mod conllu;
pub mod eval;
pub mod pipeline;
pub mod train;

pub use components::{configured_pipeline, standard_pipeline, PipelineConfig};
pub use pipeline::{Component, OrderError, Pipeline, StageError};

use anyhow::Result;
use chronicler_doc::{Document, NaiveDate};
use chronicler_ingest::{IngestOptions, Ingestor};
use chronicler_output::{Format, WriteOptions, Writer};
use rayon::prelude::*;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Options of `chronicler extract`.
#[derive(Debug, Clone)]
pub struct ExtractOptions {
    /// Publication date for documents that carry none.
    pub date: Option<NaiveDate>,
    /// Id for a single document or standard input.
    pub id: Option<String>,
    /// Output format.
    pub format: Format,
    /// Worker threads (`None`: all cores).
    pub threads: Option<usize>,
    /// Write the opt-in `tokens` array.
    pub tokens: bool,
    /// Write each event's `explain`.
    pub explain: bool,
    /// Largest document accepted, in bytes.
    pub max_bytes: usize,
    /// Extra actor dictionaries (knowledge-base TSV or PETRARCH files).
    pub dictionaries: Vec<PathBuf>,
    /// Parser beam width; 0 or 1 is greedy decoding (the default).
    pub parse_beam: usize,
}

impl Default for ExtractOptions {
    fn default() -> Self {
        ExtractOptions {
            date: None,
            id: None,
            format: Format::Jsonl,
            threads: None,
            tokens: false,
            explain: false,
            max_bytes: 10_000_000,
            dictionaries: Vec::new(),
            parse_beam: 1,
        }
    }
}

/// What an extract run did.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    /// Documents written.
    pub ok: usize,
    /// Documents reported as errors.
    pub errors: usize,
    /// Whitespace-separated words processed.
    pub words: usize,
    /// The first error message, if any.
    pub first_error: Option<String>,
}

/// One processed item: a document or an error in its place.
enum Item {
    Doc(Box<Document>),
    Error { id: String, message: String },
}

/// Documents are read and processed in batches of this many per thread, so
/// memory stays bounded however long the input is.
const BATCH_PER_THREAD: usize = 64;

/// Runs `extract` over `paths`, writing to standard output.
pub fn run_extract(paths: &[PathBuf], opts: &ExtractOptions) -> Result<Summary> {
    let stdout = std::io::stdout();
    let out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let (summary, _) = extract_to(paths, opts, out)?;
    Ok(summary)
}

/// Runs `extract` over `paths`, writing to `out`; returns the summary and the
/// writer.
pub fn extract_to<W: Write>(
    paths: &[PathBuf],
    opts: &ExtractOptions,
    out: W,
) -> Result<(Summary, W)> {
    let pipeline = configured_pipeline(&PipelineConfig {
        dictionaries: opts.dictionaries.clone(),
        parse_beam: opts.parse_beam,
    })?;
    let threads = opts
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()?;
    let ingestor = Ingestor::new(IngestOptions {
        max_bytes: opts.max_bytes,
        default_date: opts.date,
        id: opts.id.clone(),
    });
    let mut writer = Writer::new(
        out,
        opts.format,
        WriteOptions {
            tokens: opts.tokens,
            explain: opts.explain,
        },
    );
    let mut summary = Summary::default();
    let mut progress = Progress::new();
    let mut input = ingestor.inputs(paths);
    let batch_size = BATCH_PER_THREAD * threads;
    loop {
        let batch: Vec<_> = input.by_ref().take(batch_size).collect();
        if batch.is_empty() {
            break;
        }
        let items: Vec<Item> = pool.install(|| {
            batch
                .into_par_iter()
                .map(|r| match r.and_then(|raw| ingestor.parse(raw)) {
                    Ok(mut doc) => match pipeline.run(&mut doc) {
                        Ok(()) => Item::Doc(Box::new(doc)),
                        Err(e) => Item::Error {
                            id: doc.meta.id.clone(),
                            message: e.to_string(),
                        },
                    },
                    Err(e) => Item::Error {
                        id: e.id.clone(),
                        message: e.message(),
                    },
                })
                .collect()
        });
        for item in items {
            match item {
                Item::Doc(doc) => {
                    summary.ok += 1;
                    summary.words += doc.text().split_whitespace().count();
                    writer.document(&doc)?;
                }
                Item::Error { id, message } => {
                    summary.errors += 1;
                    if summary.first_error.is_none() {
                        summary.first_error = Some(format!("{id}: {message}"));
                    }
                    writer.error(&id, &message)?;
                    if opts.format == Format::Tsv {
                        eprintln!("chronicler: {id}: {message}");
                    }
                }
            }
        }
        progress.update(&summary);
    }
    progress.finish(&summary);
    let w = writer.finish()?;
    Ok((summary, w))
}

/// A progress line on standard error, shown only when it is a terminal and
/// the run has lasted more than a second.
struct Progress {
    start: Instant,
    bar: Option<indicatif::ProgressBar>,
    enabled: bool,
}

impl Progress {
    fn new() -> Progress {
        Progress {
            start: Instant::now(),
            bar: None,
            enabled: std::io::stderr().is_terminal(),
        }
    }

    fn update(&mut self, s: &Summary) {
        if !self.enabled || self.start.elapsed() < Duration::from_secs(1) {
            return;
        }
        let bar = self.bar.get_or_insert_with(|| {
            let b = indicatif::ProgressBar::new_spinner();
            if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {elapsed} {msg}")
            {
                b.set_style(style);
            }
            b
        });
        let secs = self.start.elapsed().as_secs_f64().max(1e-9);
        bar.set_message(format!(
            "{} documents, {} errors, {:.0} words/s",
            s.ok,
            s.errors,
            s.words as f64 / secs
        ));
        bar.tick();
    }

    fn finish(&self, _s: &Summary) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
