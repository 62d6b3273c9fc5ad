//! No input makes extraction fail or lose the document: unbalanced, nested
//! or missing marks, huge runs of marks, quotes with no end.

use chronicler_doc::{Document, Meta};
use chronicler_quotes::QuoteExtractor;
use proptest::prelude::*;

fn segmented(text: &str) -> Document {
    let mut doc = Document::new(Meta::default(), text.to_string());
    let (s, t) = chronicler_segment::Segmenter::new().segment(doc.text());
    doc.set_segmentation(s, t).expect("segmentation");
    doc
}

fn tagged(text: &str) -> Document {
    let mut doc = segmented(text);
    let tags = chronicler_tag::PosTagger::load_default()
        .expect("POS model")
        .annotate(&doc);
    doc.set_tags(tags).expect("tags");
    doc
}

fn check(doc: &Document) {
    let qx = QuoteExtractor::new();
    let quotes = qx.annotate(doc);
    let text = doc.text();
    for q in &quotes {
        assert!(
            q.span.get(text).is_some(),
            "quote span {:?} off the text",
            q.span
        );
        assert!(!q.span.is_empty());
        if let Some(c) = q.cue {
            assert!(c.get(text).is_some());
        }
        if let Some(m) = q.speaker.as_ref().and_then(|s| s.mention) {
            assert!(m.get(text).is_some());
        }
    }
    // Sorted, no duplicates.
    assert!(quotes
        .windows(2)
        .all(|w| (w[0].span.start, w[0].span.end) < (w[1].span.start, w[1].span.end)));
}

#[test]
fn explicit_hostile_inputs() {
    let marks = "\"".repeat(100_000);
    let curly = "“".repeat(50_000);
    let mixed = "“a” \" « » ‘ ’ '' ``".repeat(5_000);
    let no_end = format!("He said: “{}", "words go on and on ".repeat(2_000));
    let cases = [
        "",
        "\"",
        "“",
        "”",
        "He said “",
        "” he said",
        "'' '' ''",
        "«Oui», dit-il. »",
        "said said said that that that",
        "according to",
        "according to ,",
        ", said",
        "\"Yes,\" said",
        "“Nested “twice” here,” she said.",
        marks.as_str(),
        curly.as_str(),
        mixed.as_str(),
        no_end.as_str(),
    ];
    for c in cases {
        check(&Document::new(Meta::default(), c.to_string()));
        check(&segmented(c));
    }
    for c in [
        "“Nested “twice” here,” she said.",
        "He said “",
        "\"Yes,\" said",
        "according to ,",
    ] {
        check(&tagged(c));
    }
}

#[test]
fn run_on_reports_stay_linear() {
    // One 20,000-token "sentence" of nested reports and one of cues only.
    let nested = "Ana Lima said that Bo Chen said that ".repeat(2_500);
    let cues = "said told warned argued according to ".repeat(4_000);
    for text in [nested.as_str(), cues.as_str()] {
        let doc = tagged(text);
        let t = std::time::Instant::now();
        check(&doc);
        eprintln!("{} bytes: {:?}", text.len(), t.elapsed());
    }
}

#[test]
fn a_quote_with_no_end_keeps_the_next_paragraphs() {
    let text = "Ana Costa said “we will never stop\nThe council met on Monday. \"Peace is possible,\" Ana Costa said.";
    let doc = segmented(text);
    let quotes = QuoteExtractor::new().annotate(&doc);
    assert!(quotes
        .iter()
        .any(|q| doc.span_text(q.span) == "Peace is possible,"));
    assert!(quotes
        .iter()
        .all(|q| !doc.span_text(q.span).contains("council")));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn never_panics_on_mark_soup(parts in proptest::collection::vec(
        prop_oneof![
            Just("\"".to_string()), Just("“".to_string()), Just("”".to_string()),
            Just("'".to_string()), Just("’".to_string()), Just("‘".to_string()),
            Just("«".to_string()), Just("»".to_string()), Just("''".to_string()),
            Just(" said ".to_string()), Just(" that ".to_string()), Just(", ".to_string()),
            Just(". ".to_string()), Just("\n".to_string()), Just("\n\n".to_string()),
            Just(" according to ".to_string()), Just(" he ".to_string()),
            "[A-Za-z]{1,8}", "[ -~]{0,6}", "\\PC{0,4}",
        ], 0..60)) {
        let text: String = parts.concat();
        check(&Document::new(Meta::default(), text.clone()));
        check(&segmented(&text));
    }
}
