//! Prints the actors of a text file: `actors_dump FILE [YYYY-MM-DD]`.

use chronicler_actors::ActorCoder;
use chronicler_doc::{Document, Meta, NaiveDate};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: actors_dump FILE [YYYY-MM-DD]");
        return;
    };
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("cannot read {path}");
        return;
    };
    let date = args
        .get(2)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let coder = ActorCoder::new();
    let doc = Document::new(
        Meta {
            id: "dump".into(),
            date,
            ..Meta::default()
        },
        text.clone(),
    );
    for a in coder.annotate(&doc) {
        let ms: Vec<&str> = a
            .mentions
            .iter()
            .filter_map(|m| m.span.get(&text))
            .collect();
        println!(
            "{:<28} {:<10} {:<12?} {:<40} {:?}",
            a.id,
            a.code.as_deref().unwrap_or("-"),
            a.kind,
            a.description.as_deref().unwrap_or(""),
            ms
        );
    }
}
