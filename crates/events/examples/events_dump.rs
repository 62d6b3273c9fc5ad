//! Prints the layers the event coder reads, for a file: `cargo run -p chronicler-events --example events_dump -- FILE [DATE]`.
mod common;

fn main() {
    let (args, text, pipe) = common::file_from_args("dump FILE [YYYY-MM-DD]");
    let doc = match pipe.run(&text, args.get(2).map(String::as_str)) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let t = doc.text();
    let layers = args.iter().any(|a| a == "--layers");
    let coder = chronicler_events::EventCoder::new();
    for e in coder.annotate(&doc) {
        println!(
            "EVENT s{} {} {:?} {:?} {:?} -> {:?} [{:?}] {:?} {:?} {:?} @{:?} ctx={:?} '{}' +{}\n    {}",
            e.sentence,
            e.event.as_str(),
            e.cameo,
            e.mode,
            e.source.as_ref().map(|a| (a.name.as_str(), a.code.as_deref())),
            e.target.as_ref().map(|a| (a.name.as_str(), a.code.as_deref())),
            e.status,
            e.date,
            e.date_granularity,
            e.location.as_ref().map(|l| l.name.as_str()),
            e.trigger.start,
            e.context,
            doc.span_text(e.trigger),
            e.mentions.len(),
            e.explain.unwrap_or_default()
        );
    }
    if !layers {
        return;
    }
    for (si, s) in doc.sentences().iter().enumerate() {
        println!("# sentence {si}");
        for i in s.tokens.range() {
            let tg = &doc.tags()[i];
            let d = &doc.parse()[i];
            println!(
                "{i}\t{}\t{}\t{}\t{}\t{}",
                doc.token_text(i),
                tg.upos,
                tg.lemma,
                d.head.map(|h| h as i64).unwrap_or(-1),
                d.deprel
            );
        }
    }
    for a in doc.actors() {
        let ms: Vec<&str> = a.mentions.iter().map(|m| doc.span_text(m.span)).collect();
        println!(
            "ACTOR {} {:?} {:?} {:?} {:?} {:?}",
            a.id, a.code, a.kind, a.codes, ms, a.country
        );
    }
    for x in doc.times() {
        println!(
            "TIME {:?} {} {:?} {:?}",
            x.span.get(t),
            x.value,
            x.granularity,
            x.modifier
        );
    }
    for p in doc.places() {
        println!(
            "PLACE {:?} {} {:?} {:?}",
            p.span.get(t),
            p.name,
            p.country,
            p.kind
        );
    }
    for q in doc.quotes() {
        println!(
            "QUOTE {:?} {:?} {:?}",
            q.kind,
            q.span.get(t),
            q.speaker.as_ref().map(|s| &s.name)
        );
    }
}
