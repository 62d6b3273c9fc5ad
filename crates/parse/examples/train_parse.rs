//! Trains the parser and evaluates it (development runner; the product CLI is
//! `chronicler train parse`).
//!
//! ```text
//! cargo run --release -p chronicler-parse --example train_parse -- \
//!     --train TRAIN.conllu --dev DEV.conllu --test TEST.conllu --out OUT.bin \
//!     [--epochs 18] [--prune 1.5] [--tag-noise 0] [--clusters DIR|default|none] [--ambiguity 0|1] [--punct 0|1] [--heads 0|1] [--seed 7] [--ensemble 1] [--train-tags F --dev-tags F --test-tags F]
//! ```

use chronicler_learn::corpus::read_conllu;
use chronicler_parse::{read_tag_file, train, Parser, TrainOptions};
use std::collections::HashMap;
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut kv: HashMap<&str, &str> = HashMap::new();
    for pair in args.chunks(2) {
        if let [k, v] = pair {
            kv.insert(k.trim_start_matches("--"), v.as_str());
        }
    }
    let need = |k: &str| -> Result<&str, String> {
        kv.get(k).copied().ok_or_else(|| format!("missing --{k}"))
    };
    let tags = |k: &str| kv.get(k).map(|p| read_tag_file(Path::new(p))).transpose();
    let opts = TrainOptions {
        epochs: kv.get("epochs").and_then(|s| s.parse().ok()).unwrap_or(18),
        prune: kv.get("prune").and_then(|s| s.parse().ok()).unwrap_or(1.5),
        tag_noise: kv
            .get("tag-noise")
            .and_then(|s| s.parse().ok())
            .unwrap_or(0.0),
        explore_prob: kv
            .get("explore")
            .and_then(|s| s.parse().ok())
            .unwrap_or(0.9),
        train_tags: tags("train-tags")?,
        dev_tags: tags("dev-tags")?,
        clusters: match kv.get("clusters") {
            Some(&"none") | None => None,
            Some(&"default") => Some(chronicler_parse::default_clusters_dir()),
            Some(p) => Some(p.into()),
        },
        ambiguity: kv.get("ambiguity") == Some(&"1"),
        punct_between: kv.get("punct") == Some(&"1"),
        head_pairs: kv.get("heads") == Some(&"1"),
        seed: kv.get("seed").and_then(|s| s.parse().ok()).unwrap_or(7),
        ensemble: kv.get("ensemble").and_then(|s| s.parse().ok()).unwrap_or(1),
        verbose: true,
        ..TrainOptions::default()
    };
    let out = need("out")?;
    let (parser, report) = train(Path::new(need("train")?), Path::new(need("dev")?), &opts)?;
    parser.save(Path::new(out))?;
    let size = std::fs::metadata(out)?.len();
    eprintln!(
        "best epoch {} dev UAS {:.4} LAS {:.4} full {:.4}; {:.0}s; {} features; {} bytes",
        report.best_epoch,
        report.dev.uas,
        report.dev.las,
        report.dev.las_full,
        report.seconds,
        parser.n_features(),
        size
    );
    let parser = Parser::load(Path::new(out))?;
    if let Ok(test) = need("test") {
        let test = read_conllu(Path::new(test))?;
        let e = parser.evaluate_gold_tags(&test);
        eprintln!(
            "test (gold tags): UAS {:.4} LAS {:.4} full {:.4}",
            e.uas, e.las, e.las_full
        );
        if let Some(t) = tags("test-tags")? {
            let e = parser.evaluate(&test, &t);
            eprintln!(
                "test (predicted tags): UAS {:.4} LAS {:.4} full {:.4}",
                e.uas, e.las, e.las_full
            );
        }
    }
    Ok(())
}
