//! Builds fully annotated documents with the other stage crates (dev only).
#![allow(dead_code)]

use chronicler_doc::{Document, Meta};

/// All stages before event coding.
pub struct Pipeline {
    seg: chronicler_segment::Segmenter,
    pos: chronicler_tag::PosTagger,
    ner: chronicler_tag::ner::NerTagger,
    parse: chronicler_parse::Parser,
    actors: chronicler_actors::ActorCoder,
    times: chronicler_timeplace::TimeTagger,
    places: chronicler_timeplace::PlaceResolver,
    quotes: chronicler_quotes::QuoteExtractor,
}

impl Pipeline {
    /// Loads every stage, or says which one failed.
    pub fn load() -> Result<Pipeline, String> {
        Ok(Pipeline {
            seg: chronicler_segment::Segmenter::new(),
            pos: chronicler_tag::PosTagger::load_default().map_err(|e| format!("pos: {e}"))?,
            ner: chronicler_tag::ner::NerTagger::load_default().map_err(|e| format!("ner: {e}"))?,
            parse: chronicler_parse::Parser::load_default().map_err(|e| format!("parse: {e}"))?,
            actors: chronicler_actors::ActorCoder::try_new().map_err(|e| format!("actors: {e}"))?,
            times: chronicler_timeplace::TimeTagger::new(),
            places: chronicler_timeplace::PlaceResolver::new(),
            quotes: chronicler_quotes::QuoteExtractor::new(),
        })
    }

    /// Annotates `text` published on `date` (`YYYY-MM-DD`).
    pub fn run(&self, text: &str, date: Option<&str>) -> Result<Document, String> {
        let meta = Meta {
            date: date.and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
            ..Meta::default()
        };
        let mut doc = Document::new(meta, text.to_string());
        let (s, t) = self.seg.segment(doc.text());
        doc.set_segmentation(s, t).map_err(|e| e.to_string())?;
        let tags = self.pos.annotate(&doc);
        doc.set_tags(tags).map_err(|e| e.to_string())?;
        let ents = self.ner.annotate(&doc);
        doc.set_entities(ents).map_err(|e| e.to_string())?;
        let deps = self.parse.annotate(&doc).map_err(|e| e.to_string())?;
        doc.set_parse(deps).map_err(|e| e.to_string())?;
        let actors = self.actors.annotate(&doc);
        doc.set_actors(actors).map_err(|e| e.to_string())?;
        let times = self.times.annotate(&doc);
        doc.set_times(times).map_err(|e| e.to_string())?;
        let places = self.places.annotate(&doc);
        doc.set_places(places).map_err(|e| e.to_string())?;
        let quotes = self.quotes.annotate(&doc);
        doc.set_quotes(quotes).map_err(|e| e.to_string())?;
        Ok(doc)
    }
}

/// The start of the `FILE [YYYY-MM-DD]` examples: the command-line
/// arguments, the file's text and the loaded stages. Exits with a message
/// (status 2 for a missing argument, 1 otherwise) when one of them fails.
pub fn file_from_args(usage: &str) -> (Vec<String>, String, Pipeline) {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: {usage}");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("cannot read {path}: {e}");
            std::process::exit(1);
        }
    };
    let pipe = match Pipeline::load() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    (args, text, pipe)
}
