//! Prints the layers the quotes stage reads, and the quotes it finds, for one
//! text file: `cargo run -p chronicler-quotes --example dump -- FILE [YYYY-MM-DD]`.

use chronicler_doc::{Document, Meta, NaiveDate};
use chronicler_quotes::QuoteExtractor;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).ok_or("usage: dump FILE [DATE]")?;
    let date = args
        .get(2)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let text = std::fs::read_to_string(path)?;
    let seg = chronicler_segment::Segmenter::new();
    let pos = chronicler_tag::PosTagger::load_default()?;
    let ner = chronicler_tag::ner::NerTagger::load_default()?;
    let parser = chronicler_parse::Parser::load_default()?;
    let coder = chronicler_actors::ActorCoder::new();
    let meta = Meta {
        id: path.clone(),
        date,
        ..Meta::default()
    };
    let mut doc = Document::new(meta, text);
    let (s, t) = seg.segment(doc.text());
    doc.set_segmentation(s, t)?;
    let tags = pos.annotate(&doc);
    doc.set_tags(tags)?;
    let ents = ner.annotate(&doc);
    doc.set_entities(ents)?;
    let deps = parser.annotate(&doc)?;
    doc.set_parse(deps)?;
    let actors = coder.annotate(&doc);
    doc.set_actors(actors)?;
    let verbose = std::env::var("VERBOSE").is_ok();
    if verbose {
        for (si, s) in doc.sentences().iter().enumerate() {
            println!("-- sentence {si} para {}", s.paragraph);
            for i in s.tokens.range() {
                let tg = &doc.tags()[i];
                let d = &doc.parse()[i];
                println!(
                    "{i}\t{}\t{}\t{}\t{}\t{:?}\t{}",
                    doc.token_text(i),
                    tg.upos,
                    tg.xpos,
                    tg.lemma,
                    d.head,
                    d.deprel
                );
            }
        }
        for e in doc.entities() {
            println!("ENT {:?} {}", e.label, doc.span_text(e.span));
        }
        for a in doc.actors() {
            let ms: Vec<&str> = a.mentions.iter().map(|m| doc.span_text(m.span)).collect();
            println!(
                "ACTOR {} [{}] {:?} desc={:?} {:?}",
                a.id, a.name, a.kind, a.description, ms
            );
        }
    }
    let qx = QuoteExtractor::new();
    for q in qx.annotate(&doc) {
        println!("\n{:?}: «{}»", q.kind, doc.span_text(q.span));
        if let Some(c) = q.cue {
            println!("  cue: {}", doc.span_text(c));
        }
        if let Some(sp) = &q.speaker {
            println!(
                "  speaker: {} (actor {:?}; desc {:?}; mention {:?})",
                sp.name,
                sp.actor,
                sp.description,
                sp.mention.map(|m| doc.span_text(m))
            );
        }
    }
    Ok(())
}
