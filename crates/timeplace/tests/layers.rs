//! The stages with segmenter and NER layers set.

use chronicler_doc::{
    Document, Entity, EntityLabel, Granularity, Meta, NaiveDate, Sentence, SentenceKind, Span,
    Token, TokenFlags, TokenRange,
};
use chronicler_timeplace::{governing_time, PlaceResolver, TimeTagger};

/// A document tokenised on spaces and full stops, one sentence per ". ".
fn doc(text: &str, date: Option<NaiveDate>) -> Document {
    let mut toks = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let boundary = c == ' ' || c == '.' || c == ',';
        if boundary {
            if let Some(s) = start.take() {
                toks.push(Token {
                    span: Span::new(s, i),
                    flags: TokenFlags::of(&text[s..i]),
                });
            }
            if c != ' ' {
                toks.push(Token {
                    span: Span::new(i, i + 1),
                    flags: TokenFlags::of(&text[i..i + 1]),
                });
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    let mut sents = Vec::new();
    let mut first = 0;
    for (k, t) in toks.iter().enumerate() {
        if &text[t.span.start()..t.span.end()] == "." {
            sents.push(Sentence {
                span: toks[first].span.cover(t.span),
                tokens: TokenRange::new(first, k + 1),
                kind: SentenceKind::Body,
                paragraph: 0,
            });
            first = k + 1;
        }
    }
    let meta = Meta {
        date,
        ..Meta::default()
    };
    let mut d = Document::new(meta, text.to_string());
    d.set_segmentation(sents, toks).expect("valid segmentation");
    d
}

#[test]
fn entities_drive_places() {
    let text = "Envoys flew from Georgia to Atlanta. They met in Tbilisi later.";
    let mut d = doc(text, NaiveDate::from_ymd_opt(2019, 3, 1));
    // The NER says only "Tbilisi" is a location.
    let at = text.find("Tbilisi").expect("in text");
    let r = d
        .tokens_in(Span::new(at, at + 7), chronicler_doc::Align::Strict)
        .expect("token");
    d.set_entities(vec![Entity {
        tokens: r,
        span: Span::new(at, at + 7),
        label: EntityLabel::Loc,
    }])
    .expect("entities");
    let p = PlaceResolver::new().annotate(&d);
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].name, "Tbilisi");
    assert_eq!(p[0].country.as_deref(), Some("GEO"));
}

#[test]
fn sentences_bound_tense_and_governing_time() {
    let text = "Troops left in March. Elections will follow in November.";
    let d = doc(text, NaiveDate::from_ymd_opt(2019, 6, 1));
    let times = TimeTagger::new().annotate(&d);
    let v: Vec<&str> = times.iter().map(|t| t.value.as_str()).collect();
    assert_eq!(v, ["2019-03", "2019-11"]);
    let follow = text.find("follow").expect("in text");
    let g = governing_time(&d, &times, Span::new(follow, follow + 6)).expect("a time");
    assert_eq!(g.value, "2019-11");
    assert_eq!(g.granularity, Granularity::Month);
}

#[test]
fn stages_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<TimeTagger>();
    check::<PlaceResolver>();
    check::<chronicler_timeplace::Gazetteer>();
}
