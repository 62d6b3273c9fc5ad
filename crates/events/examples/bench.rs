//! Throughput of the event coder alone on an annotated file:
//! `cargo run --release -p chronicler-events --example bench -- FILE [DATE]`.
mod common;

use std::time::Instant;

fn main() {
    let (args, text, pipe) = common::file_from_args("bench FILE [YYYY-MM-DD]");
    let t0 = Instant::now();
    let Ok(doc) = pipe.run(&text, args.get(2).map(String::as_str)) else {
        eprintln!("pipeline failed");
        std::process::exit(1);
    };
    let pipe_s = t0.elapsed().as_secs_f64();
    let words = doc
        .tokens()
        .iter()
        .filter(|t| t.flags.has(chronicler_doc::TokenFlags::ALPHA))
        .count();
    let coder = chronicler_events::EventCoder::new();
    // EVENTS_BENCH_REPS: repetitions of the coder (default 2000; small for
    // instruction counts under callgrind)
    let reps: usize = std::env::var("EVENTS_BENCH_REPS")
        .ok()
        .and_then(|r| r.parse().ok())
        .filter(|&r| r > 0)
        .unwrap_or(2000);
    let t1 = Instant::now();
    let mut n = 0;
    for _ in 0..reps {
        n += coder.annotate(&doc).len();
    }
    let s = t1.elapsed().as_secs_f64();
    println!(
        "{words} words, {} events; event coder {:.0} words/s ({:.1} µs/doc); other stages (one run, cold) {:.1} ms",
        n / reps,
        (words * reps) as f64 / s,
        s / reps as f64 * 1e6,
        pipe_s * 1e3
    );
}
