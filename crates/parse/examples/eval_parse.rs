//! Evaluates a parser model on a CoNLL-U file and reports attachment scores
//! and words per second (wall clock and CPU time of the parsing thread).
//!
//! ```text
//! cargo run --release -p chronicler-parse --example eval_parse -- \
//!     --model MODEL.bin --test TEST.conllu [--tags TEST.tags] [--repeat 3] \
//!     [--prune 0.5 [--pruned-out OUT.bin]] [--limit SENTENCES] \
//!     [--beam WIDTH | --branch-margin MARGIN --branches B] [--temperature T]
//! ```
//!
//! `--beam` decodes with a beam of that width, `--branch-margin` and
//! `--branches` with selectional branching (see `Decoding`); the default is
//! the greedy decoder. `--limit` scores only the first sentences (and their
//! tags), e.g. to count instructions under cachegrind.

use chronicler_learn::corpus::read_conllu;
use chronicler_parse::{read_tag_file, Decoding, Parser};
use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut kv: HashMap<&str, &str> = HashMap::new();
    for pair in args.chunks(2) {
        if let [k, v] = pair {
            kv.insert(k.trim_start_matches("--"), v.as_str());
        }
    }
    let (Some(model), Some(test)) = (kv.get("model"), kv.get("test")) else {
        eprintln!(
            "usage: eval_parse --model M --test T [--tags F] [--repeat N] [--prune X [--pruned-out F]] \
             [--limit N] [--beam K | --branch-margin X --branches B]"
        );
        std::process::exit(2);
    };
    let parser = Parser::load(Path::new(model))?;
    let mut test = read_conllu(Path::new(test))?;
    let mut tags = match kv.get("tags") {
        Some(p) => read_tag_file(Path::new(p))?,
        None => Vec::new(),
    };
    if let Some(limit) = kv.get("limit").and_then(|s| s.parse::<usize>().ok()) {
        test.truncate(limit);
        tags.truncate(limit);
    }
    let number = |key: &str| -> Result<Option<f64>, String> {
        kv.get(key)
            .map(|v| {
                v.parse::<f64>()
                    .map_err(|_| format!("--{key}: expected a number, found `{v}`"))
            })
            .transpose()
    };
    let temperature = number("temperature")?.unwrap_or(0.0) as f32;
    let decoding = match (
        number("beam")?,
        number("branch-margin")?,
        number("branches")?,
    ) {
        (None, None, None) => Decoding::Greedy,
        (Some(w), None, None) => Decoding::Beam {
            width: w as usize,
            temperature,
        },
        (None, Some(m), b) => Decoding::Branching {
            margin: m as f32,
            branches: b.unwrap_or(1.0) as usize,
            temperature,
        },
        _ => return Err("give either --beam or --branch-margin [--branches]".into()),
    };
    let repeat: usize = kv.get("repeat").and_then(|s| s.parse().ok()).unwrap_or(1);
    let parser = match kv.get("prune").and_then(|s| s.parse::<f32>().ok()) {
        Some(t) => {
            let p = parser.pruned(t)?;
            if let Some(out) = kv.get("pruned-out") {
                p.save(Path::new(out))?;
            }
            p
        }
        None => parser,
    }
    .with_decoding(decoding);
    println!("decoding: {decoding:?}");
    println!(
        "{} features, {} weights, {} bytes serialised",
        parser.n_features(),
        parser.n_weights(),
        parser.to_bytes().len()
    );
    for _ in 0..repeat {
        let t = Instant::now();
        let c0 = cpu_ns();
        let e = parser.evaluate(&test, &tags);
        let secs = t.elapsed().as_secs_f64();
        let cpu = (cpu_ns() - c0) as f64 / 1e9;
        println!(
            "UAS {:.4} LAS {:.4} full-label LAS {:.4}; {} words in {:.3}s wall = {:.0} words/s; {:.3}s on CPU = {:.0} words/s",
            e.uas,
            e.las,
            e.las_full,
            e.words,
            secs,
            e.words as f64 / secs,
            cpu,
            e.words as f64 / cpu
        );
    }
    Ok(())
}

/// Nanoseconds this thread spent on a CPU (Linux; 0 elsewhere), so that the
/// figure does not depend on other processes sharing the machine.
fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}
