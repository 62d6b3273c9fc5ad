//! Dump or time the timeplace stages on text files.
//!
//! ```text
//! cargo run --release -p chronicler-timeplace --example timeplace -- dump FILE...
//! cargo run --release -p chronicler-timeplace --example timeplace -- bench DIR_OR_FILE...
//! ```
//! The anchor date is taken from a `YYYY-MM-DD` in the file name, else
//! `2018-05-09`. `bench` reports gazetteer load time and words/s for each
//! stage (words = whitespace-separated chunks).

use chronicler_doc::{Document, Meta, NaiveDate};
use chronicler_timeplace::{Gazetteer, PlaceResolver, TimeTagger};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn date_in(name: &str) -> Option<NaiveDate> {
    let b = name.as_bytes();
    (0..b.len().saturating_sub(9)).find_map(|i| {
        let s = name.get(i..i + 10)?;
        if b[i].is_ascii_digit() && b[i + 4] == b'-' && b[i + 7] == b'-' {
            NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
        } else {
            None
        }
    })
}

fn files(args: &[String]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for a in args {
        let p = Path::new(a);
        if p.is_dir() {
            if let Ok(rd) = std::fs::read_dir(p) {
                let mut v: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
                v.sort();
                out.extend(v.into_iter().filter(|p| p.is_file()));
            }
        } else {
            out.push(p.to_path_buf());
        }
    }
    out
}

fn load(p: &Path) -> Option<Document> {
    let text = std::fs::read_to_string(p).ok()?;
    let name = p.file_name()?.to_string_lossy().to_string();
    let meta = Meta {
        id: name.clone(),
        date: date_in(&name).or(NaiveDate::from_ymd_opt(2018, 5, 9)),
        ..Meta::default()
    };
    Some(Document::new(meta, text))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(mode) = args.first() else {
        eprintln!("usage: timeplace dump|bench PATH...");
        std::process::exit(2);
    };
    let t0 = Instant::now();
    let g = Gazetteer::embedded();
    let load_ms = t0.elapsed().as_secs_f64() * 1e3;
    let tagger = TimeTagger::new();
    let resolver = PlaceResolver::new();
    let docs: Vec<Document> = files(&args[1..]).iter().filter_map(|p| load(p)).collect();
    match mode.as_str() {
        "dump" => {
            for d in &docs {
                println!("== {} (anchor {:?})", d.meta.id, d.meta.date);
                for t in tagger.annotate(d) {
                    println!(
                        "  time  {:?} = {} {:?} {:?}",
                        d.span_text(t.span),
                        t.value,
                        t.granularity,
                        t.modifier
                    );
                }
                for p in resolver.annotate(d) {
                    println!(
                        "  place {:?} = {} {:?} {:?} ({:.2}, {:.2})",
                        d.span_text(p.span),
                        p.name,
                        p.country,
                        p.kind,
                        p.lat,
                        p.lon
                    );
                }
            }
        }
        _ => {
            let words: usize = docs
                .iter()
                .map(|d| d.text().split_whitespace().count())
                .sum();
            let bytes: usize = docs.iter().map(|d| d.text().len()).sum();
            println!(
                "gazetteer: {} places loaded in {load_ms:.1} ms; corpus: {} docs, {words} words, {bytes} bytes",
                g.len(),
                docs.len()
            );
            for round in 0..3 {
                let t = Instant::now();
                let n: usize = docs.iter().map(|d| tagger.annotate(d).len()).sum();
                let ts = t.elapsed().as_secs_f64();
                let t = Instant::now();
                let m: usize = docs.iter().map(|d| resolver.annotate(d).len()).sum();
                let ps = t.elapsed().as_secs_f64();
                println!(
                    "round {round}: times {n} in {:.1} ms ({:.0} words/s); places {m} in {:.1} ms ({:.0} words/s)",
                    ts * 1e3,
                    words as f64 / ts,
                    ps * 1e3,
                    words as f64 / ps
                );
            }
        }
    }
}
