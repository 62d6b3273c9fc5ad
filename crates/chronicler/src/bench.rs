//! `chronicler bench`: throughput of the whole pipeline and of each stage on
//! a corpus, on one thread, with model load time and peak memory.
//!
//! Stage times are the thread's CPU time where the OS reports it (Linux and
//! other Unix systems), so that figures taken on a shared machine are not
//! inflated by other processes; the whole run is also reported in wall time.

use crate::components::{configured_pipeline_timed, PipelineConfig};
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
    /// Wall time spent in the pipeline, all stages.
    pub total: Duration,
    /// Per stage: name and time (thread CPU time when `cpu_clock`).
    pub stages: Vec<(&'static str, Duration)>,
    /// Whether stage times are thread CPU time (else wall time).
    pub cpu_clock: bool,
    /// Per stage: name and time to load its models and tables.
    pub loads: Vec<(&'static str, Duration)>,
    /// Peak resident memory of the process in MiB, where the OS tells it.
    pub peak_rss_mib: Option<f64>,
}

impl BenchReport {
    /// Words per second over the whole pipeline (wall time).
    pub fn words_per_s(&self) -> f64 {
        self.words as f64 / self.total.as_secs_f64().max(1e-9)
    }

    /// Sum of the stage times (CPU time when [`BenchReport::cpu_clock`]).
    pub fn stage_total(&self) -> Duration {
        self.stages.iter().map(|(_, d)| *d).sum()
    }

    /// A human-readable table.
    pub fn render(&self) -> String {
        let mut s = String::new();
        let wall = self.total.as_secs_f64().max(1e-9);
        let total = self.stage_total().as_secs_f64().max(1e-9);
        let clock = if self.cpu_clock { "CPU" } else { "wall" };
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
            "stages run: {} (1 thread)",
            self.stages
                .iter()
                .map(|(n, _)| *n)
                .collect::<Vec<_>>()
                .join(", ")
        );
        let _ = writeln!(
            s,
            "wall time: {:.2} s, {:.0} words/s, {:.0} tokens/s",
            wall,
            self.words as f64 / wall,
            self.tokens as f64 / wall
        );
        if self.cpu_clock {
            let _ = writeln!(
                s,
                "CPU time:  {:.2} s, {:.0} words/s, {:.0} tokens/s",
                total,
                self.words as f64 / total,
                self.tokens as f64 / total
            );
        }
        let _ = writeln!(
            s,
            "{:<10} {:>9} {:>7} {:>14} {:>9}",
            "stage",
            format!("{clock} s"),
            "share",
            "tokens/s",
            "load ms"
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

/// CPU time used by the calling thread, where the OS reports it.
#[cfg(unix)]
fn thread_cpu_time() -> Option<Duration> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `clock_gettime` writes one `timespec` through a valid pointer.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    (rc == 0).then(|| {
        Duration::new(
            ts.tv_sec.max(0) as u64,
            ts.tv_nsec.clamp(0, 999_999_999) as u32,
        )
    })
}

#[cfg(not(unix))]
fn thread_cpu_time() -> Option<Duration> {
    None
}

fn cpu_clock() -> Duration {
    thread_cpu_time().unwrap_or_default()
}

fn wall_clock() -> Duration {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
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

/// Runs the standard pipeline over `docs` on the current thread; with
/// `upto`, only the stages up to and including the one of that name (for
/// example `ner` to measure tagging alone).
/// `config` changes the pipeline as `extract` would (e.g. the parser's beam).
pub fn bench_pipeline(
    docs: &[Document],
    upto: Option<&str>,
    config: &PipelineConfig,
) -> Result<BenchReport> {
    let t = Instant::now();
    let (mut pipeline, loads) =
        configured_pipeline_timed(config).context("building the pipeline")?;
    let load = t.elapsed();
    if let Some(last) = upto {
        if !pipeline.names().contains(&last) {
            anyhow::bail!(
                "--upto: no stage named `{last}` (stages: {})",
                pipeline.names().join(", ")
            );
        }
        pipeline.truncate_after(last);
    }
    let cpu = thread_cpu_time().is_some();
    let clock = if cpu { cpu_clock } else { wall_clock };
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
        pipeline.run_timed(&mut d, &mut times, clock)?;
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
        cpu_clock: cpu,
        loads,
        peak_rss_mib: peak_rss_mib(),
    })
}
