//! `chronicler bench`: throughput of the whole pipeline and of each stage on
//! a corpus, on one thread, with model load time and peak memory.

use crate::components::standard_pipeline_timed;
use anyhow::{Context, Result};
use chronicler_doc::Document;
use chronicler_ingest::{IngestOptions, Ingestor};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// What one benchmark run measured.
#[derive(Debug, Clone)]
pub struct BenchReport {
    /// Documents processed.
    pub documents: usize,
    /// Whitespace-separated words (as `str::split_whitespace` counts them,
    /// the same rule as spaCy's baseline tool).
    pub words: usize,
    /// Tokens made by the segmenter.
    pub tokens: usize,
    /// Time to build the pipeline (load every model and table).
    pub load: Duration,
    /// Time spent in the pipeline, all stages.
    pub total: Duration,
    /// Per stage: name and time.
    pub stages: Vec<(&'static str, Duration)>,
    /// Per stage: name and time to load its models and tables.
    pub loads: Vec<(&'static str, Duration)>,
    /// Peak resident memory of the process in MiB, where the OS tells it.
    pub peak_rss_mib: Option<f64>,
}

impl BenchReport {
    /// Words per second over the whole pipeline.
    pub fn words_per_s(&self) -> f64 {
        self.words as f64 / self.total.as_secs_f64().max(1e-9)
    }

    /// A human-readable table.
    pub fn render(&self) -> String {
        let mut s = String::new();
        let total = self.total.as_secs_f64().max(1e-9);
        let _ = writeln!(
            s,
            "{} documents, {} words, {} tokens; pipeline load {:.0} ms",
            self.documents,
            self.words,
            self.tokens,
            self.load.as_secs_f64() * 1e3
        );
        let _ = writeln!(
            s,
            "whole pipeline: {:.2} s, {:.0} words/s, {:.0} tokens/s (1 thread)",
            total,
            self.words_per_s(),
            self.tokens as f64 / total
        );
        let _ = writeln!(
            s,
            "{:<10} {:>9} {:>7} {:>14} {:>9}",
            "stage", "seconds", "share", "tokens/s", "load ms"
        );
        for (name, d) in &self.stages {
            let secs = d.as_secs_f64();
            let load = self
                .loads
                .iter()
                .find(|(n, _)| n == name)
                .map_or(0.0, |(_, l)| l.as_secs_f64() * 1e3);
            let _ = writeln!(
                s,
                "{:<10} {:>9.3} {:>6.1}% {:>14.0} {:>9.1}",
                name,
                secs,
                100.0 * secs / total,
                self.tokens as f64 / secs.max(1e-9),
                load
            );
        }
        if let Some(m) = self.peak_rss_mib {
            let _ = writeln!(s, "peak RSS: {m:.0} MiB");
        }
        s
    }
}

/// Peak resident set size (Linux `VmHWM`), in MiB.
pub fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Reads the documents of `paths` (first `limit`), skipping unreadable ones.
pub fn load_documents(paths: &[PathBuf], limit: Option<usize>) -> Vec<Document> {
    let ingestor = Ingestor::new(IngestOptions::default());
    ingestor
        .read_paths(paths)
        .filter_map(Result::ok)
        .take(limit.unwrap_or(usize::MAX))
        .collect()
}

/// Runs the standard pipeline over `docs` on the current thread.
pub fn bench_pipeline(docs: &[Document]) -> Result<BenchReport> {
    let t = Instant::now();
    let (pipeline, loads) = standard_pipeline_timed().context("building the pipeline")?;
    let load = t.elapsed();
    let names = pipeline.names();
    let mut times = vec![Duration::ZERO; names.len()];
    let mut words = 0;
    let mut tokens = 0;
    // Warm-up on the first document, as the spaCy baseline does.
    if let Some(d) = docs.first() {
        let mut d = d.clone();
        pipeline.run(&mut d)?;
    }
    let t = Instant::now();
    for d in docs {
        let mut d = d.clone();
        words += d.text().split_whitespace().count();
        pipeline.run_timed(&mut d, &mut times)?;
        tokens += d.tokens().len();
    }
    let total = t.elapsed();
    Ok(BenchReport {
        documents: docs.len(),
        words,
        tokens,
        load,
        total,
        stages: names.into_iter().zip(times).collect(),
        loads,
        peak_rss_mib: peak_rss_mib(),
    })
}
