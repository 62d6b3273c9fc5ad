//! `chronicler eval events` and `eval quotes`: the figures of the last
//! stages on their gold standards, with documents annotated by the standard
//! pipeline (every stage before the one scored), so the figures are those of
//! the product.

use crate::standard_pipeline;
use anyhow::{Context, Result};
use chronicler_doc::{Document, Meta, NaiveDate};
use chronicler_events::{eval, EventCoder};
use chronicler_quotes::QuoteExtractor;
use std::path::Path;

/// Prints the PLOVER GSR and ConfliBERT figures (`shared` holds
/// `data/eventcoding/dev-gold`); `limit` caps the ConfliBERT sentences;
/// `misses` also lists every country miss, type confusion and class miss.
pub fn events(shared: &Path, limit: usize, misses: bool) -> Result<()> {
    let gold = shared.join("data/eventcoding/dev-gold");
    if !gold.is_dir() {
        anyhow::bail!(
            "{}: not found (give the shared data folder, which holds data/eventcoding/dev-gold)",
            gold.display()
        );
    }
    let run = annotator("quotes")?;
    let annotate = |text: &str, date: Option<&str>| {
        let meta = Meta {
            date: date.and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
            ..Meta::default()
        };
        run(meta, text.to_string())
    };
    let coder = EventCoder::new();
    let gsr = eval::plover_gsr(&gold.join("PLOVER/PLOVER_GSR_CAMEO.txt"), &coder, &annotate)?;
    println!("{gsr}");
    if misses {
        for (g, p, t) in &gsr.source_misses {
            println!("  source {g} -> {p}\t{t}");
        }
        for (g, p, t) in &gsr.target_misses {
            println!("  target {g} -> {p}\t{t}");
        }
        for (g, p, t) in &gsr.confusions {
            println!("  confusion {g} -> {p}\t{t}");
        }
    }
    let cb = gold.join("ConfliBERT-train");
    let confli = eval::conflibert(
        &cb.join("cameo_class_train.tsv"),
        &cb.join("cameo_ner_train.txt"),
        &coder,
        &annotate,
        limit,
    )?;
    println!("{confli}");
    if misses {
        for (g, p, t) in &confli.misses {
            println!("  class {g} -> {p:?}\t{t}");
        }
    }
    Ok(())
}

/// Prints the quote-extraction figures on a PolNeAR folder (every `every`-th
/// article from `offset`).
pub fn quotes(dir: &Path, every: usize, offset: usize) -> Result<()> {
    if !dir.join("text").is_dir() {
        anyhow::bail!(
            "{}: no `text` folder (give a PolNeAR folder with text/ and attributions/)",
            dir.display()
        );
    }
    let run = annotator("actors")?;
    let annotate = |id: &str, text: String| {
        let meta = Meta {
            id: id.into(),
            ..Meta::default()
        };
        run(meta, text)
    };
    let qx = QuoteExtractor::new();
    let report = chronicler_quotes::eval::polnear(dir, every, offset, &qx, &annotate, &mut |_| {})?;
    for why in &report.skipped {
        eprintln!("skipped {why}");
    }
    println!("{report}");
    Ok(())
}

/// Runs the standard pipeline up to and including stage `last` on a new
/// document (`None` when a stage fails on it).
fn annotator(last: &str) -> Result<impl Fn(Meta, String) -> Option<Document>> {
    let mut pipeline = standard_pipeline().context("loading the pipeline")?;
    pipeline.truncate_after(last);
    Ok(move |meta: Meta, text: String| {
        let mut doc = Document::new(meta, text);
        pipeline.run(&mut doc).ok()?;
        Some(doc)
    })
}
