//! Measures tagging speed over the words of a CoNLL-U file.
//!
//! `cargo run --release -p chronicler-tag --example speed_pos -- MODEL FILE`

use chronicler_tag::PosTagger;
use std::path::Path;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        return Err("usage: speed_pos MODEL FILE".into());
    }
    let t = Instant::now();
    let tagger = PosTagger::load(Path::new(&args[1]))?;
    eprintln!("load {:.1} ms", t.elapsed().as_secs_f64() * 1000.0);
    let sents = chronicler_learn::corpus::read_conllu(Path::new(&args[2]))?;
    let words: Vec<Vec<&str>> = sents.iter().map(|s| s.forms()).collect();
    let n: usize = words.iter().map(|w| w.len()).sum();
    let mut best = f64::MAX;
    for _ in 0..5 {
        let t = Instant::now();
        let mut k = 0;
        for w in &words {
            k += tagger.tag(w).len();
        }
        assert_eq!(k, n);
        best = best.min(t.elapsed().as_secs_f64());
    }
    eprintln!("{n} tokens, {:.0} tokens/s", n as f64 / best);
    Ok(())
}
