//! Prints what ingest makes of each input: `cargo run -p chronicler-ingest
//! --example dump -- [--date YYYY-MM-DD] PATH...` (`-` = standard input).
use chronicler_ingest::{IngestOptions, Ingestor, NaiveDate};
use std::path::PathBuf;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut options = IngestOptions::default();
    if args.first().map(String::as_str) == Some("--date") && args.len() > 1 {
        options.default_date = NaiveDate::parse_from_str(&args[1], "%Y-%m-%d").ok();
        args.drain(..2);
    }
    let paths: Vec<PathBuf> = args.into_iter().map(PathBuf::from).collect();
    let ingest = Ingestor::new(options);
    let mut docs = ingest.read_paths(&paths);
    for item in docs.by_ref() {
        match item {
            Ok(doc) => {
                let m = &doc.meta;
                println!(
                    "== {} | title {:?} | date {:?} ({:?}) | url {:?} | source {:?} | {} bytes",
                    m.id,
                    m.title,
                    m.date,
                    m.date_source,
                    m.url,
                    m.source,
                    doc.text().len()
                );
                let head: String = doc.text().chars().take(700).collect();
                println!("{head}\n");
            }
            Err(e) => println!("!! {e}\n"),
        }
    }
    eprintln!(
        "{} documents, {} errors",
        docs.ok_count(),
        docs.error_count()
    );
}
