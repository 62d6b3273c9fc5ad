//! Measures knowledge-base load time and annotation speed.
//!
//! `cargo run --release -p chronicler-actors --example actors_bench [FILE...]`
//! (default: the seed article under `../shared/examples`, when present).

use chronicler_actors::ActorCoder;
use chronicler_doc::{Document, Meta, NaiveDate};
use std::time::Instant;

fn main() {
    let t = Instant::now();
    let coder = ActorCoder::new();
    let load_ms = t.elapsed().as_secs_f64() * 1000.0;
    println!("load: {load_ms:.1} ms, {:?}", coder.stats());
    let mut files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        files.push(
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../../shared/examples/000_076062065c57b403.txt"
            )
            .into(),
        );
    }
    let texts: Vec<String> = files
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .collect();
    if texts.is_empty() {
        println!("no input text found; give files as arguments");
        return;
    }
    let docs: Vec<Document> = texts
        .iter()
        .map(|t| {
            let meta = Meta {
                id: "bench".into(),
                date: NaiveDate::from_ymd_opt(2018, 5, 9),
                ..Meta::default()
            };
            Document::new(meta, t.clone())
        })
        .collect();
    let words: usize = texts.iter().map(|t| t.split_whitespace().count()).sum();
    let rounds = (200_000 / words.max(1)).max(1);
    let t = Instant::now();
    let mut n = 0usize;
    for _ in 0..rounds {
        for d in &docs {
            n += coder.annotate(d).len();
        }
    }
    let s = t.elapsed().as_secs_f64();
    println!(
        "annotate: {} words x {rounds} rounds in {s:.2} s = {:.0} words/s ({n} actors)",
        words,
        (words * rounds) as f64 / s
    );
}
