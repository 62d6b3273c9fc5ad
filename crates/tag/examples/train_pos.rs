//! Trains the POS tagger (what `chronicler train pos` runs).
//!
//! `cargo run --release -p chronicler-tag --example train_pos -- TRAIN DEV OUT [EPOCHS]`

use chronicler_tag::pos::{train, TrainOptions};
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 {
        return Err("usage: train_pos TRAIN DEV OUT [EPOCHS]".into());
    }
    let mut opts = TrainOptions {
        verbose: true,
        ..TrainOptions::default()
    };
    let env = |k: &str| std::env::var(k).ok();
    if let Some(v) = env("POS_PRUNE") {
        opts.prune = v.parse()?;
    }
    if let Some(v) = env("POS_LEXMIN") {
        opts.lexicon_min_count = v.parse()?;
    }
    if let Some(v) = env("POS_DICTMIN") {
        opts.dict_min_count = v.parse()?;
    }
    if let Some(v) = env("POS_NEWS") {
        opts.news = v.split(',').map(Into::into).collect();
    }
    if let Some(v) = env("POS_NEWS_EVERY") {
        opts.news_every = v.parse()?;
    }
    if let Some(v) = env("POS_TWO_PASS") {
        opts.two_pass = v == "1";
    }
    if let Some(v) = env("POS_MINCOUNT") {
        opts.min_feature_count = v.parse()?;
    }
    if let Some(v) = env("POS_NEWS_LEXONLY") {
        opts.news_lexicon_only = v == "1";
    }
    if let Some(v) = env("POS_CLUSTERS") {
        // A folder with `clusters.tsv` and `cluster_groups.tsv`; `none`: no clusters.
        opts.clusters = (v != "none").then(|| v.into());
    }
    if let Some(v) = env("POS_SEED") {
        opts.seed = v.parse()?;
    }
    if let Some(e) = args.get(4) {
        opts.epochs = e.parse()?;
    }
    let (tagger, report) = train(Path::new(&args[1]), Path::new(&args[2]), &opts)?;
    tagger.save(Path::new(&args[3]))?;
    if let Some(t) = env("POS_TEST") {
        eprintln!("test {}", tagger.evaluate(Path::new(&t))?);
    }
    if let Some(t) = env("POS_NEWS_TEST") {
        let (n, acc) = tagger.evaluate_conll2003_xpos(Path::new(&t))?;
        eprintln!("news {n} tokens: XPOS {:.2}%", acc * 100.0);
    }
    eprintln!(
        "best epoch {} dev {}; {} features, {} weights; {:.1}s",
        report.best_epoch, report.dev, report.n_features, report.n_weights, report.seconds
    );
    Ok(())
}
