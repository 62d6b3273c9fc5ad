//! Throughput of the segmenter over the PolNeAR news texts.
//!
//! `cargo bench -p chronicler-segment` (release build, one thread). Reads
//! every `*.txt` in `../shared/data/polnear-train/text/` beside the project
//! (skipped with a message when absent) and prints words/s, counting words
//! as whitespace-separated words like the spaCy baseline tool.
//! A plain `harness = false` benchmark: it needs no benchmarking crate.

use chronicler_segment::{bench, Segmenter};
use std::path::Path;

fn main() {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/polnear-train/text"
    ));
    let Ok(entries) = std::fs::read_dir(dir) else {
        println!("skipped: {} is absent", dir.display());
        return;
    };
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let texts: Vec<String> = paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    let seg = Segmenter::new();
    let rounds = std::env::var("SEGMENT_BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(10);
    let cpu0 = cpu_seconds();
    let r = bench(&seg, &texts, rounds);
    let cpu = cpu_seconds().zip(cpu0).map(|(b, a)| b - a);
    println!(
        "segment: {} texts, {} words, {} bytes, {} tokens, {} sentences; {} rounds in {:.3} s",
        r.texts, r.words, r.bytes, r.tokens, r.sentences, rounds, r.seconds
    );
    println!(
        "segment: {:.0} words/s, {:.1} MB/s (one thread)",
        r.words_per_s,
        r.words_per_s / r.words.max(1) as f64 * r.bytes as f64 / 1e6
    );
    // CPU time is steadier than wall time on a shared machine (it includes
    // the warm-up pass, so it slightly understates the rate).
    if let Some(cpu) = cpu.filter(|&c| c > 0.0) {
        let words = (r.words * (rounds + 1)) as f64;
        println!("segment: {:.0} words per CPU second", words / cpu);
    }
}

/// User + system CPU seconds of this process (Linux `/proc/self/stat`).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = stat.get(stat.rfind(')')? + 2..)?;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}
