//! PolNeAR evaluation: runs the full annotation pipeline (segment, tag, NER,
//! parse, actors) and the quotes stage on the PolNeAR train articles and
//! scores them with [`chronicler_quotes::eval`].
//!
//! `cargo run --release -p chronicler-quotes --example polnear -- [DIR] [--every N] [--errors FILE]`
//!
//! DIR defaults to `../shared/data/polnear-train` from the repository root.
//! `--every N` keeps one article in N (the tuning subset); `--errors FILE`
//! writes missed and spurious quotes for inspection.

use chronicler_doc::{Document, Meta};
use chronicler_quotes::eval::{gold_filter, polnear, speaker_ok, Outcome, ScoredArticle};
use chronicler_quotes::QuoteExtractor;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/polnear-train"
    ));
    let mut every = 1usize;
    let mut offset = 0usize;
    let mut errors: Option<std::fs::File> = None;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--every" => {
                every = args.get(i + 1).and_then(|s| s.parse().ok()).unwrap_or(1);
                i += 1;
            }
            "--offset" => {
                offset = args.get(i + 1).and_then(|s| s.parse().ok()).unwrap_or(0);
                i += 1;
            }
            "--errors" => {
                errors = Some(std::fs::File::create(
                    args.get(i + 1).ok_or("--errors FILE")?,
                )?);
                i += 1;
            }
            d => dir = PathBuf::from(d),
        }
        i += 1;
    }
    if !dir.join("text").is_dir() {
        eprintln!(
            "PolNeAR not found at {} — nothing to evaluate",
            dir.display()
        );
        return Ok(());
    }
    let seg = chronicler_segment::Segmenter::new();
    let pos = chronicler_tag::PosTagger::load_default()?;
    let ner = chronicler_tag::ner::NerTagger::load_default()?;
    let parser = chronicler_parse::Parser::load_default()?;
    let coder = chronicler_actors::ActorCoder::new();
    let qx = QuoteExtractor::new();
    let pipe_time = std::cell::Cell::new(0f64);
    let annotate = |id: &str, text: String| -> Option<Document> {
        let t0 = Instant::now();
        let meta = Meta {
            id: id.into(),
            ..Meta::default()
        };
        let mut doc = Document::new(meta, text);
        let (s, t) = seg.segment(doc.text());
        doc.set_segmentation(s, t).ok()?;
        let tags = pos.annotate(&doc);
        doc.set_tags(tags).ok()?;
        let ents = ner.annotate(&doc);
        doc.set_entities(ents).ok()?;
        let deps = parser.annotate(&doc).ok()?;
        doc.set_parse(deps).ok()?;
        let actors = coder.annotate(&doc);
        doc.set_actors(actors).ok()?;
        pipe_time.set(pipe_time.get() + t0.elapsed().as_secs_f64());
        Some(doc)
    };
    let mut write_errors = |a: &ScoredArticle<'_>| {
        if let Some(f) = errors.as_mut() {
            if let Err(e) = list_errors(f, &qx, a) {
                eprintln!("cannot write the error listing: {e}");
            }
        }
    };
    let report = polnear(&dir, every, offset, &qx, &annotate, &mut write_errors)?;
    for why in &report.skipped {
        eprintln!("skipped {why}");
    }
    println!("{report}");
    println!(
        "time: pipeline before quotes {:.2}s, quotes {:.3}s ({:.1}% of total)",
        pipe_time.get(),
        report.quote_seconds,
        100.0 * report.quote_seconds / (pipe_time.get() + report.quote_seconds).max(1e-9),
    );
    Ok(())
}

/// Writes the missed, matched and spurious quotes of one article.
fn list_errors(
    f: &mut std::fs::File,
    qx: &QuoteExtractor,
    a: &ScoredArticle<'_>,
) -> std::io::Result<()> {
    let (doc, gold, pred, outcomes) = (a.doc, a.gold, a.predicted, a.outcomes);
    writeln!(f, "=== {} {:?}", a.id, a.counts)?;
    let txt = doc.text();
    for (gi, g) in gold
        .iter()
        .enumerate()
        .filter(|(_, g)| gold_filter(qx, txt, g))
    {
        let cs = g.content_cover().map(|s| doc.span_text(s)).unwrap_or("");
        let src: Vec<&str> = g.source.iter().map(|s| doc.span_text(*s)).collect();
        match outcomes.iter().position(|o| *o == Outcome::Matched(gi)) {
            Some(k) => {
                let q = &pred[k];
                writeln!(
                    f,
                    "{} src={:?} spk={:?} | gold «{}» | ours «{}»",
                    if speaker_ok(doc, q, g) {
                        "HIT "
                    } else {
                        "SPKX"
                    },
                    src,
                    q.speaker
                        .as_ref()
                        .map(|s| (&s.name, s.mention.map(|m| doc.span_text(m)))),
                    cs,
                    doc.span_text(q.span)
                )?
            }
            None => writeln!(
                f,
                "MISS src={:?} cue={:?} «{}»",
                src,
                g.cue.iter().map(|s| doc.span_text(*s)).collect::<Vec<_>>(),
                cs
            )?,
        }
    }
    for (q, o) in pred.iter().zip(outcomes) {
        if let Outcome::Wrong(best) = o {
            writeln!(
                f,
                "FP   {:?} best={:.2} cue={:?} spk={:?} «{}»",
                q.kind,
                best,
                q.cue.map(|c| doc.span_text(c)),
                q.speaker.as_ref().map(|s| &s.name),
                doc.span_text(q.span)
            )?;
        }
    }
    Ok(())
}
