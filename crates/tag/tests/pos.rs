//! Tests of the POS tagger and lemmatizer through the public API.

use chronicler_doc::{Document, Meta, Sentence, SentenceKind, Span, Token, TokenFlags, TokenRange};
use chronicler_tag::pos::{train, TrainOptions};
use chronicler_tag::PosTagger;
use std::path::{Path, PathBuf};

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared");

fn ewt(split: &str) -> Option<PathBuf> {
    let p = Path::new(SHARED).join(format!("data/ud-english-ewt/en_ewt-ud-{split}.conllu"));
    if p.exists() {
        Some(p)
    } else {
        eprintln!("skipping: {} not found (needs ../shared)", p.display());
        None
    }
}

fn tagger() -> PosTagger {
    PosTagger::load_default().expect("the shipped POS model loads")
}

/// A document segmented on spaces, one sentence per `|`-separated part.
fn doc_of(parts: &[&str]) -> Document {
    let text = parts.join(" ");
    let mut tokens = Vec::new();
    let mut sentences = Vec::new();
    let mut pos = 0;
    for (k, part) in parts.iter().enumerate() {
        let first = tokens.len();
        for w in part.split(' ') {
            let start = text[pos..].find(w).expect("word is in text") + pos;
            tokens.push(Token {
                span: Span::new(start, start + w.len()),
                flags: TokenFlags::of(w),
            });
            pos = start + w.len();
        }
        let s = tokens[first].span.cover(tokens[tokens.len() - 1].span);
        sentences.push(Sentence {
            span: s,
            tokens: TokenRange::new(first, tokens.len()),
            kind: SentenceKind::Body,
            paragraph: k as u32,
        });
    }
    let mut d = Document::new(Meta::default(), text);
    d.set_segmentation(sentences, tokens)
        .expect("valid segmentation");
    d
}

#[test]
fn ewt_test_meets_targets() {
    let Some(p) = ewt("test") else { return };
    let e = tagger().evaluate(&p).expect("EWT test reads");
    eprintln!("EWT test: {e}");
    assert!(e.tokens > 24_000, "{e}");
    assert!(e.upos >= 0.955, "UPOS below target: {e}");
    assert!(e.xpos >= 0.945, "XPOS below target: {e}");
    assert!(e.lemma >= 0.97, "lemma below target: {e}");
}

#[test]
fn annotates_every_token_of_a_document() {
    let t = tagger();
    let d = doc_of(&[
        "Rebels seized the northern town of Kidal on Sunday .",
        "The army said its soldiers had withdrawn .",
    ]);
    let tags = t.annotate(&d);
    assert_eq!(tags.len(), d.tokens().len());
    let at = |w: &str| {
        let i = (0..d.tokens().len())
            .find(|&i| d.token_text(i) == w)
            .expect("word present");
        &tags[i]
    };
    assert_eq!(at("Rebels").upos, "NOUN");
    assert_eq!(at("Rebels").lemma, "rebel");
    assert_eq!(at("seized").upos, "VERB");
    assert_eq!(at("seized").lemma, "seize");
    assert_eq!(at("Kidal").upos, "PROPN");
    assert_eq!(at("soldiers").xpos, "NNS");
    assert_eq!(at("withdrawn").lemma, "withdraw");
    assert_eq!(at("had").upos, "AUX");
    assert_eq!(at(".").upos, "PUNCT");
    // Same result through `tag` on the sentence's words.
    let words: Vec<&str> = (0..10).map(|i| d.token_text(i)).collect();
    assert_eq!(&t.tag(&words)[..], &tags[..10]);
}

#[test]
fn tokens_outside_sentences_and_unsegmented_documents() {
    let t = tagger();
    let mut d = doc_of(&["Talks resumed ."]);
    let d0 = Document::new(Meta::default(), "no tokens yet".into());
    assert!(t.annotate(&d0).is_empty());
    // Drop the sentence layer's coverage of the last token by rebuilding
    // with a shorter sentence.
    let toks = d.tokens().to_vec();
    let s = Sentence {
        span: toks[0].span.cover(toks[1].span),
        tokens: TokenRange::new(0, 2),
        kind: SentenceKind::Fragment,
        paragraph: 0,
    };
    d = Document::new(Meta::default(), d.text().to_string());
    d.set_segmentation(vec![s], toks).expect("valid");
    assert_eq!(t.annotate(&d).len(), 3);
}

#[test]
fn contractions_kept_whole_are_tagged_by_their_parts() {
    let t = tagger();
    let tags = t.tag(&[
        "They", "don't", "think", "it's", "over", ",", "and", "we’re", "not", "sure", ".",
    ]);
    assert_eq!(tags.len(), 11);
    assert_eq!(
        (tags[1].upos.as_str(), tags[1].lemma.as_str()),
        ("AUX", "do")
    );
    assert_eq!(
        (tags[3].upos.as_str(), tags[3].lemma.as_str()),
        ("AUX", "be")
    );
    assert_eq!(
        (tags[7].upos.as_str(), tags[7].lemma.as_str()),
        ("AUX", "be")
    );
}

#[test]
fn odd_input_never_panics() {
    let t = tagger();
    let words = [
        "",
        " ",
        "\u{0}",
        "’",
        "’’",
        "n't",
        "'s",
        "'",
        "👍🏽",
        "北京",
        "e\u{301}",
        "ÉTATS-UNIS",
        "1,000,000",
        "3.5%",
        "--",
        "https://example.org/a?b=c",
        "a'b'c'",
        "x’s",
        "İstanbul",
        "ǅemal",
        "\r\n",
    ];
    for w in words {
        let out = t.tag(&[w]);
        assert_eq!(out.len(), 1, "{w:?}");
        assert!(!out[0].upos.is_empty() && !out[0].xpos.is_empty(), "{w:?}");
    }
    assert_eq!(t.tag(&words).len(), words.len());
    assert!(t.tag(&[]).is_empty());
    let long = "x".repeat(10_000);
    assert_eq!(t.tag(&[long.as_str(), "."]).len(), 2);
}

#[test]
fn model_bytes_roundtrip_and_corruption_is_refused() {
    let t = tagger();
    let bytes = t.to_model_file().to_bytes();
    let back = PosTagger::from_bytes(&bytes).expect("roundtrip");
    let words = ["Voters", "went", "to", "the", "polls", "."];
    assert_eq!(t.tag(&words), back.tag(&words));
    let mut bad = bytes.clone();
    bad[bytes.len() / 2] ^= 0x40;
    assert!(PosTagger::from_bytes(&bad).is_err());
    assert!(PosTagger::from_bytes(b"not a model").is_err());
    let e = PosTagger::load(Path::new("/nonexistent/pos.bin")).unwrap_err();
    assert!(e.to_string().contains("/nonexistent/pos.bin"), "{e}");
}

#[test]
fn conllu_output_keeps_other_columns_and_reports_bad_lines() {
    let t = tagger();
    let input = "# sent_id = a1\n# text = Officials counted the votes.\n\
                 1\tOfficials\tX\tX\tX\tNumber=Plur\t2\tnsubj\t2:nsubj\t_\n\
                 2\tcounted\tX\tX\tX\t_\t0\troot\t0:root\t_\n\
                 3\tthe\tX\tX\tX\t_\t4\tdet\t4:det\t_\n\
                 4\tvotes\tX\tX\tX\t_\t2\tobj\t2:obj\tSpaceAfter=No\n\
                 5\t.\tX\tX\tX\t_\t2\tpunct\t2:punct\t_\n\n";
    let mut out = Vec::new();
    t.write_conllu(input, "mine", &mut out)
        .expect("valid input");
    let out = String::from_utf8(out).expect("utf-8");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "# sent_id = a1");
    assert_eq!(
        lines[2],
        "1\tOfficials\tofficial\tNOUN\tNNS\tNumber=Plur\t2\tnsubj\t2:nsubj\t_"
    );
    assert_eq!(
        lines[3],
        "2\tcounted\tcount\tVERB\tVBD\t_\t0\troot\t0:root\t_"
    );
    assert_eq!(
        lines[5],
        "4\tvotes\tvote\tNOUN\tNNS\t_\t2\tobj\t2:obj\tSpaceAfter=No"
    );
    assert!(out.ends_with("\n\n"));
    let bad = "1\tPrices\t_\t_\n";
    let e = t.write_conllu(bad, "bad.conllu", Vec::new()).unwrap_err();
    assert!(e.to_string().starts_with("bad.conllu:1:"), "{e}");
}

fn row(i: usize, form: &str, lemma: &str, upos: &str, xpos: &str) -> String {
    format!("{i}\t{form}\t{lemma}\t{upos}\t{xpos}\t_\t0\tdep\t_\t_\n")
}

#[test]
fn training_is_deterministic_and_learns_a_toy_corpus() {
    let sents: [&[(&str, &str, &str, &str)]; 3] = [
        &[
            ("Voters", "voter", "NOUN", "NNS"),
            ("chose", "choose", "VERB", "VBD"),
            ("leaders", "leader", "NOUN", "NNS"),
            (".", ".", "PUNCT", "."),
        ],
        &[
            ("Leaders", "leader", "NOUN", "NNS"),
            ("met", "meet", "VERB", "VBD"),
            ("voters", "voter", "NOUN", "NNS"),
            (".", ".", "PUNCT", "."),
        ],
        &[
            ("Mayors", "mayor", "NOUN", "NNS"),
            ("visited", "visit", "VERB", "VBD"),
            ("towns", "town", "NOUN", "NNS"),
            (".", ".", "PUNCT", "."),
        ],
    ];
    let mut text = String::new();
    for s in sents {
        for (i, (f, l, u, x)) in s.iter().enumerate() {
            text.push_str(&row(i + 1, f, l, u, x));
        }
        text.push('\n');
    }
    let dir = std::env::temp_dir().join(format!("chronicler-pos-train-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("toy.conllu");
    std::fs::write(&path, &text).expect("write");
    let opts = TrainOptions {
        epochs: 4,
        clusters: None,
        ..TrainOptions::default()
    };
    let (a, ra) = train(&path, &path, &opts).expect("trains");
    let (b, _) = train(&path, &path, &opts).expect("trains");
    assert_eq!(a.to_model_file().to_bytes(), b.to_model_file().to_bytes());
    assert_eq!(ra.train_tokens, 12);
    assert!(ra.dev.xpos > 0.9, "{:?}", ra.dev);
    let tags = a.tag(&["Mayors", "met", "leaders", "."]);
    assert_eq!(tags[1].xpos, "VBD");
    assert_eq!(tags[2].lemma, "leader");
    let empty = dir.join("empty.conllu");
    std::fs::write(&empty, "").expect("write");
    assert!(train(&empty, &path, &opts).is_err());
    let missing = dir.join("missing.conllu");
    let e = train(&missing, &path, &opts).unwrap_err().to_string();
    assert!(e.contains("missing.conllu"), "{e}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn tagger_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<PosTagger>();
}
