//! Quotes on fully annotated documents (segment, tag, NER, parse, actors),
//! on sentences written for these tests, plus the seed-article check.

use chronicler_doc::{Document, Meta, NaiveDate, Quote, QuoteKind};
use chronicler_quotes::QuoteExtractor;
use std::sync::OnceLock;

struct Stages {
    seg: chronicler_segment::Segmenter,
    pos: chronicler_tag::PosTagger,
    ner: chronicler_tag::ner::NerTagger,
    parser: chronicler_parse::Parser,
    coder: chronicler_actors::ActorCoder,
    qx: QuoteExtractor,
}

fn stages() -> &'static Stages {
    static S: OnceLock<Stages> = OnceLock::new();
    S.get_or_init(|| Stages {
        seg: chronicler_segment::Segmenter::new(),
        pos: chronicler_tag::PosTagger::load_default().expect("POS model"),
        ner: chronicler_tag::ner::NerTagger::load_default().expect("NER model"),
        parser: chronicler_parse::Parser::load_default().expect("parse model"),
        coder: chronicler_actors::ActorCoder::new(),
        qx: QuoteExtractor::new(),
    })
}

fn annotate(text: &str) -> (Document, Vec<Quote>) {
    let meta = Meta {
        id: "test".into(),
        date: NaiveDate::from_ymd_opt(2019, 6, 3),
        ..Meta::default()
    };
    annotate_doc(meta, text.to_string())
}

/// Runs every stage the quotes layer reads, then the quote extractor.
fn annotate_doc(meta: Meta, text: String) -> (Document, Vec<Quote>) {
    let s = stages();
    let mut doc = Document::new(meta, text);
    let (sents, toks) = s.seg.segment(doc.text());
    doc.set_segmentation(sents, toks).expect("segmentation");
    let tags = s.pos.annotate(&doc);
    doc.set_tags(tags).expect("tags");
    let ents = s.ner.annotate(&doc);
    doc.set_entities(ents).expect("entities");
    let deps = s.parser.annotate(&doc).expect("parse");
    doc.set_parse(deps).expect("parse layer");
    let actors = s.coder.annotate(&doc);
    doc.set_actors(actors).expect("actors");
    let quotes = s.qx.annotate(&doc);
    (doc, quotes)
}

fn find<'a>(doc: &Document, quotes: &'a [Quote], starts: &str) -> &'a Quote {
    quotes
        .iter()
        .find(|q| doc.span_text(q.span).starts_with(starts))
        .unwrap_or_else(|| {
            let got: Vec<&str> = quotes.iter().map(|q| doc.span_text(q.span)).collect();
            panic!("no quote starting {starts:?}; got {got:?}")
        })
}

fn speaker(q: &Quote) -> &str {
    q.speaker.as_ref().map_or("", |s| s.name.as_str())
}

#[test]
fn direct_quote_with_speaker_after_and_continuation() {
    let text = "Maria Lindqvist, the mayor of Vasteras, spoke on Tuesday.\n\
                \"The bridge will be rebuilt by winter,\" Lindqvist said. \"We have the money and the engineers.\"";
    let (doc, quotes) = annotate(text);
    let q1 = find(&doc, &quotes, "The bridge will be rebuilt");
    assert_eq!(q1.kind, QuoteKind::Direct);
    assert_eq!(
        doc.span_text(q1.span),
        "The bridge will be rebuilt by winter,"
    );
    assert_eq!(q1.cue.map(|c| doc.span_text(c)), Some("said"));
    assert_eq!(speaker(q1), "Maria Lindqvist");
    let q2 = find(&doc, &quotes, "We have the money");
    assert_eq!(
        speaker(q2),
        "Maria Lindqvist",
        "second sentence continues the speaker"
    );
}

#[test]
fn inverted_cue_and_premodifier_description() {
    let text = "“Prices will keep rising this year,” said Norwegian economist Ole Hansen.";
    let (doc, quotes) = annotate(text);
    let q = find(&doc, &quotes, "Prices will keep rising");
    let sp = q.speaker.as_ref().expect("speaker");
    assert_eq!(sp.name, "Ole Hansen");
    assert_eq!(sp.description.as_deref(), Some("Norwegian economist"));
}

#[test]
fn speaker_before_colon_and_appositive() {
    let text =
        "Tomas Berg, a lawyer for the union, told reporters: “Nobody consulted the workers.”";
    let (doc, quotes) = annotate(text);
    let q = find(&doc, &quotes, "Nobody consulted");
    let sp = q.speaker.as_ref().expect("speaker");
    assert_eq!(sp.name, "Tomas Berg");
    assert_eq!(sp.description.as_deref(), Some("a lawyer for the union"));
    assert_eq!(doc.span_text(q.span), "Nobody consulted the workers.");
}

#[test]
fn speaker_in_the_next_short_sentence() {
    let text = "Hanna Okafor runs the clinic in Lagos.\n\
                “We ran out of vaccines twice this month.” Okafor sighed. “Nobody answered our letters.” Okafor explained.";
    let (doc, quotes) = annotate(text);
    let q = find(&doc, &quotes, "Nobody answered");
    assert_eq!(speaker(q), "Hanna Okafor");
    assert_eq!(q.cue.map(|c| doc.span_text(c)), Some("explained"));
}

#[test]
fn indirect_quotes_with_and_without_that() {
    let text = "Finance Minister Aiko Tanaka said the budget would be cut by five percent. \
                Opposition leaders warned that the cuts would hurt hospitals.";
    let (doc, quotes) = annotate(text);
    let q = find(&doc, &quotes, "the budget would be cut");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(
        doc.span_text(q.span),
        "the budget would be cut by five percent"
    );
    assert_eq!(speaker(q), "Aiko Tanaka");
    let q = find(&doc, &quotes, "the cuts would hurt");
    assert_eq!(
        speaker(q),
        "Opposition leaders",
        "unnamed groups keep their words"
    );
    assert_eq!(q.cue.map(|c| doc.span_text(c)), Some("warned"));
}

#[test]
fn told_reporters_and_according_to() {
    let text =
        "The defence ministry told reporters that two soldiers had been wounded near the border. \
                According to local officials, the shelling lasted three hours.";
    let (doc, quotes) = annotate(text);
    let q = find(&doc, &quotes, "two soldiers had been wounded");
    assert!(
        speaker(q).to_lowercase().contains("ministry"),
        "{:?}",
        q.speaker
    );
    let q = find(&doc, &quotes, "the shelling lasted");
    assert_eq!(q.cue.map(|c| doc.span_text(c)), Some("According to"));
    assert_eq!(speaker(q), "local officials");
}

#[test]
fn according_to_a_phrase_to_the_end_or_in_the_middle() {
    let text = "The ruling party won 61 of the 120 seats, according to a count by the \
                Electoral Commission. At the root of the dispute, according to Amina Tessaro, a \
                lawyer for the farmers, was a survey made in 1987. According to the Institute for \
                Coastal Studies, the river flooded two villages.";
    let (doc, quotes) = annotate(text);
    let q = find(&doc, &quotes, "The ruling party won");
    assert!(
        doc.span_text(q.span).ends_with("120 seats"),
        "{:?}",
        doc.span_text(q.span)
    );
    assert!(
        speaker(q).contains("Electoral Commission"),
        "{:?}",
        q.speaker
    );
    // The report around a source in the middle is the whole sentence.
    let q = find(&doc, &quotes, "At the root of the dispute");
    assert!(doc.span_text(q.span).ends_with("made in 1987"));
    assert_eq!(speaker(q), "Amina Tessaro");
    // An organisation's name runs over "for"; it borrows no other name
    // that ends like it.
    let q = find(&doc, &quotes, "the river flooded");
    assert_eq!(speaker(q), "Institute for Coastal Studies");
}

#[test]
fn that_before_a_gerund_opens_the_report() {
    let text = "The senator told the newspaper that waterboarding is torture.";
    let (doc, quotes) = annotate(text);
    let q = find(&doc, &quotes, "waterboarding is torture");
    assert!(speaker(q).contains("senator"), "{:?}", q.speaker);
}

#[test]
fn told_an_outlet_without_that() {
    let text = "A spokesman for the ministry told Reuters the talks would resume next week.";
    let (doc, quotes) = annotate(text);
    let q = find(&doc, &quotes, "the talks would resume");
    assert_eq!(q.cue.map(|c| doc.span_text(c)), Some("told"));
}

#[test]
fn reported_requests_with_an_infinitive() {
    let text = "Mayor Carla Jimenez urged residents to stay indoors until the storm passes.";
    let (doc, quotes) = annotate(text);
    let q = find(&doc, &quotes, "residents to stay indoors");
    assert_eq!(speaker(q), "Carla Jimenez");
    assert_eq!(q.cue.map(|c| doc.span_text(c)), Some("urged"));
}

#[test]
fn trailing_cue_after_the_clause() {
    let text = "The strike could last until the end of the month, union spokesman Pavel Novak said on Friday.";
    let (doc, quotes) = annotate(text);
    let q = find(&doc, &quotes, "The strike could last");
    assert_eq!(
        doc.span_text(q.span),
        "The strike could last until the end of the month"
    );
    assert_eq!(speaker(q), "Pavel Novak");
}

#[test]
fn mixed_quote_and_scare_quotes() {
    let text = "Senator Ruth Adeyemi said the plan was “a gift to polluters” and would be challenged in court. \
                The so-called “reform” passed anyway.";
    let (doc, quotes) = annotate(text);
    let q = find(&doc, &quotes, "the plan was");
    assert_eq!(q.kind, QuoteKind::Mixed);
    assert_eq!(speaker(q), "Ruth Adeyemi");
    assert!(
        !quotes.iter().any(|q| doc.span_text(q.span) == "reform"),
        "a one-word scare quote is not a quote"
    );
    assert!(
        !quotes
            .iter()
            .any(|q| q.kind == QuoteKind::Direct && doc.span_text(q.span) == "a gift to polluters"),
        "the fragment is part of the mixed quote"
    );
}

#[test]
fn pronoun_speaker_resolves_to_full_name() {
    let text = "Jonas Eriksen, the head of the port authority, met the strikers.\n\
                \"We will not close the port,\" he said.";
    let (doc, quotes) = annotate(text);
    let q = find(&doc, &quotes, "We will not close");
    let sp = q.speaker.as_ref().expect("speaker");
    assert_eq!(sp.name, "Jonas Eriksen");
    assert_eq!(sp.mention.map(|m| doc.span_text(m)), Some("he"));
}

#[test]
fn cue_inside_a_direct_quote_is_not_an_indirect_quote() {
    let text = "\"I think the vote was rigged and I said so,\" Diego Ramos said.";
    let (doc, quotes) = annotate(text);
    assert_eq!(
        quotes.len(),
        1,
        "{:?}",
        quotes
            .iter()
            .map(|q| doc.span_text(q.span))
            .collect::<Vec<_>>()
    );
    assert_eq!(quotes[0].kind, QuoteKind::Direct);
}

#[test]
fn multi_paragraph_quote_keeps_its_speaker() {
    let text = "“The first problem is the water supply,” said engineer Leila Haddad. “The second is the power grid.\n\n\
                “And the third is money.”";
    let (doc, quotes) = annotate(text);
    let q = find(&doc, &quotes, "The second is the power grid.");
    assert_eq!(speaker(q), "Leila Haddad");
    let q = find(&doc, &quotes, "And the third is money.");
    assert_eq!(speaker(q), "Leila Haddad");
}

#[test]
fn stray_marks_lose_nothing() {
    let text =
        "He said “this never ends.\nAnother paragraph: \"Peace is possible,\" Ana Costa said.";
    let (doc, quotes) = annotate(text);
    let q = find(&doc, &quotes, "Peace is possible");
    assert_eq!(speaker(q), "Ana Costa");
    assert!(quotes.iter().all(|q| !doc.span_text(q.span).contains('\n')));
}

#[test]
fn seed_article() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/examples/000_076062065c57b403.txt"
    );
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("seed article not found at {path}: skipped");
        return;
    };
    let meta = Meta {
        id: "seed".into(),
        date: NaiveDate::from_ymd_opt(2018, 5, 9),
        ..Meta::default()
    };
    let (doc, quotes) = annotate_doc(meta, text);
    let expect = [
        ("It is unprecedented in modern times", "Cheng Xiaohe", Some("Chinese analyst")),
        (
            "choosing Dalian as the meeting location",
            "Shi Yinhong",
            Some("an international relations professor at Renmin University in Beijing"),
        ),
        ("Mr. Kim asked Mr. Xi to lift sanctions", "Analysts", None),
        ("Kim Jong-un likely wants more support", "Shi Yinhong", None),
        ("Trump has no reason to like this event", "Shi Yinhong", None),
        ("But I think his main concern", "Shi Yinhong", None),
        ("This second meeting proves", "Cheng Xiaohe", None),
        ("Kim Jong-un will feel more confident", "Cheng Xiaohe", None),
        (
            "China can sit on the sidelines",
            "Victory Cha",
            Some("former director for Asian affairs on the National Security Council under President George W. Bush"),
        ),
        ("the warm image the two leaders portrayed", "some analysts", None),
        ("Kim remains independent of China", "some analysts", None),
        ("North Korea has never been a 'vassal state'", "Shi Yinhong", None),
    ];
    for (start, name, desc) in expect {
        let q = find(&doc, &quotes, start);
        let sp = q
            .speaker
            .as_ref()
            .unwrap_or_else(|| panic!("no speaker for {start:?}"));
        assert_eq!(sp.name, name, "speaker of {start:?}");
        if let Some(d) = desc {
            assert_eq!(
                sp.description.as_deref(),
                Some(d),
                "description of {start:?}"
            );
        }
    }
}

#[test]
fn polnear_walks_a_corpus_and_reports_what_it_skipped() {
    let dir = std::env::temp_dir().join(format!("quotes-polnear-{}", std::process::id()));
    let (text_dir, ann_dir) = (dir.join("text"), dir.join("attributions"));
    std::fs::create_dir_all(&text_dir).expect("temp dir");
    std::fs::create_dir_all(&ann_dir).expect("temp dir");
    let text = "\"Taxes will fall next year,\" the finance minister said on Monday.";
    let ann = "T1\tSource 29 49\tthe finance minister\nT2\tCue 50 54\tsaid\n\
               T3\tContent 1 27\tTaxes will fall next year,\nT4\tAttribution 50 54\tsaid\n\
               E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n";
    let write = |p: std::path::PathBuf, s: &str| std::fs::write(p, s).expect("write");
    write(text_dir.join("a.txt"), text);
    write(ann_dir.join("a_annotator1.ann"), ann);
    write(text_dir.join("b.txt"), text); // no annotation file
    write(text_dir.join("c.txt"), text);
    write(ann_dir.join("c.ann"), "T1\tSource 29\tthe\n"); // malformed
    let qx = QuoteExtractor::new();
    let annotate = |id: &str, text: String| {
        let meta = Meta {
            id: id.into(),
            ..Meta::default()
        };
        Some(annotate_doc(meta, text).0)
    };
    let mut seen = Vec::new();
    let report = chronicler_quotes::eval::polnear(&dir, 1, 0, &qx, &annotate, &mut |a| {
        seen.push(a.id.to_string())
    })
    .expect("the corpus is readable");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(seen, ["a"]);
    assert_eq!(report.articles, 1);
    assert_eq!(
        (report.counts.gold, report.counts.matched),
        (1, 1),
        "{report}"
    );
    assert_eq!(report.counts.speaker_ok, 1, "{report}");
    assert_eq!(report.skipped.len(), 2, "{:?}", report.skipped);
    assert!(report.skipped[0].starts_with("b: no annotation"));
    assert!(report.skipped[1].contains("line 1"), "{:?}", report.skipped);
    assert!(chronicler_quotes::eval::polnear(&dir, 1, 0, &qx, &annotate, &mut |_| {}).is_err());
}
