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
use chronicler_quotes::eval::{gold_filter, parse_brat, score_detail, speaker_ok, Counts, Outcome};
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
    let mut names: Vec<_> = std::fs::read_dir(dir.join("text"))?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    let mut total = Counts::default();
    let mut words = 0usize;
    let mut quote_time = 0f64;
    let mut pipe_time = 0f64;
    let ann_dir = dir.join("attributions");
    for (k, path) in names.iter().enumerate() {
        if k % every != offset % every {
            continue;
        }
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string();
        // One annotator per article: the file named like the text, else the first.
        let ann_path = {
            let p = ann_dir.join(format!("{stem}.ann"));
            if p.exists() {
                p
            } else {
                match std::fs::read_dir(&ann_dir)?
                    .filter_map(|e| e.ok())
                    .map(|e| e.path())
                    .filter(|p| {
                        p.file_name()
                            .and_then(|n| n.to_str())
                            .is_some_and(|n| n.starts_with(&stem))
                    })
                    .min()
                {
                    Some(p) => p,
                    None => continue,
                }
            }
        };
        let text = std::fs::read_to_string(path)?;
        let ann = std::fs::read_to_string(&ann_path)?;
        let gold = match parse_brat(&ann_path.display().to_string(), &ann, &text) {
            Ok(g) => g,
            Err(e) => {
                eprintln!("skip: {e}");
                continue;
            }
        };
        let t0 = Instant::now();
        let mut doc = Document::new(
            Meta {
                id: stem.clone(),
                ..Meta::default()
            },
            text,
        );
        let (s, t) = seg.segment(doc.text());
        words += t.len();
        doc.set_segmentation(s, t)?;
        let tags = pos.annotate(&doc);
        doc.set_tags(tags)?;
        let ents = ner.annotate(&doc);
        doc.set_entities(ents)?;
        let deps = parser.annotate(&doc)?;
        doc.set_parse(deps)?;
        let actors = coder.annotate(&doc);
        doc.set_actors(actors)?;
        let t1 = Instant::now();
        let pred = qx.annotate(&doc);
        let t2 = Instant::now();
        pipe_time += (t1 - t0).as_secs_f64();
        quote_time += (t2 - t1).as_secs_f64();
        let (c, outcomes) = score_detail(&qx, &doc, &pred, &gold);
        total.add(c);
        if let Some(f) = errors.as_mut() {
            writeln!(f, "=== {stem} {c:?}")?;
            let txt = doc.text();
            for (gi, g) in gold
                .iter()
                .enumerate()
                .filter(|(_, g)| gold_filter(&qx, txt, g))
            {
                let cs = g.content_cover().map(|s| doc.span_text(s)).unwrap_or("");
                let src: Vec<&str> = g.source.iter().map(|s| doc.span_text(*s)).collect();
                match outcomes.iter().position(|o| *o == Outcome::Matched(gi)) {
                    Some(k) => {
                        let q = &pred[k];
                        writeln!(
                            f,
                            "{} src={:?} spk={:?} | gold «{}» | ours «{}»",
                            if speaker_ok(&doc, q, g) {
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
            for (q, o) in pred.iter().zip(&outcomes) {
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
        }
    }
    println!(
        "PolNeAR ({}): gold {} predicted {} matched {} | P {:.3} R {:.3} F1 {:.3} | speaker accuracy {:.3} ({}/{})",
        dir.display(),
        total.gold,
        total.predicted,
        total.matched,
        total.precision(),
        total.recall(),
        total.f1(),
        total.speaker_accuracy(),
        total.speaker_ok,
        total.matched
    );
    println!(
        "time: pipeline before quotes {:.2}s, quotes {:.3}s ({:.1}% of total), {} tokens, quotes alone {:.0} tokens/s",
        pipe_time,
        quote_time,
        100.0 * quote_time / (pipe_time + quote_time).max(1e-9),
        words,
        words as f64 / quote_time.max(1e-9)
    );
    Ok(())
}
