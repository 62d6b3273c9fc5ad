//! Throughput of the event coder alone on an annotated file:
//! `cargo run --release -p chronicler-events --example bench -- FILE [DATE]`.
mod common;

use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: bench FILE [YYYY-MM-DD]");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("cannot read {path}: {e}");
            std::process::exit(1);
        }
    };
    let pipe = match common::Pipeline::load() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
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
    let reps = 2000;
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
