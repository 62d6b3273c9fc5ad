//! Prints the event-coding figures on the development gold standards:
//! `cargo run --release -p chronicler-events --example eval -- [SHARED_DIR] [LIMIT]`
//! (SHARED_DIR defaults to `../shared`).
mod common;

use chronicler_events::{eval, EventCoder};
use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let shared = PathBuf::from(args.get(1).map(String::as_str).unwrap_or("../shared"));
    let limit: usize = args
        .get(2)
        .and_then(|l| l.parse().ok())
        .unwrap_or(usize::MAX);
    let pipe = match common::Pipeline::load() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("cannot load the pipeline: {e}");
            std::process::exit(1);
        }
    };
    let annotate = |text: &str, date: Option<&str>| pipe.run(text, date).ok();
    let coder = EventCoder::new();
    let gold = shared.join("data/eventcoding/dev-gold");
    match eval::plover_gsr(&gold.join("PLOVER/PLOVER_GSR_CAMEO.txt"), &coder, &annotate) {
        Ok(r) => {
            println!("{r}");
            if std::env::var_os("EVENTS_CONFUSIONS").is_some() {
                for (g, p, t) in &r.source_misses {
                    println!("  source {g} -> {p}\t{t}");
                }
                for (g, p, t) in &r.target_misses {
                    println!("  target {g} -> {p}\t{t}");
                }
                for (g, p, t) in &r.confusions {
                    println!("  confusion {g} -> {p}\t{t}");
                }
            }
        }
        Err(e) => eprintln!("{e}"),
    }
    let cb = gold.join("ConfliBERT-train");
    match eval::conflibert(
        &cb.join("cameo_class_train.tsv"),
        &cb.join("cameo_ner_train.txt"),
        &coder,
        &annotate,
        limit,
    ) {
        Ok(r) => {
            println!("{r}");
            if std::env::var_os("EVENTS_CONFUSIONS").is_some() {
                for (g, p, t) in &r.misses {
                    println!("  class {g} -> {p:?}\t{t}");
                }
            }
        }
        Err(e) => eprintln!("{e}"),
    }
}
