//! Parser throughput in words (tokens) per second, with gold tags.
//!
//! Uses UD English EWT dev from `../shared` when present, otherwise a few
//! sentences of our own repeated.
//!
//! ```text
//! cargo bench -p chronicler-parse --bench parse
//! ```

use chronicler_learn::corpus::read_conllu;
use chronicler_parse::Parser;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::path::Path;

type Sent = (Vec<String>, Vec<String>, Vec<String>);

fn corpus() -> Vec<Sent> {
    let path = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/ud-english-ewt/en_ewt-ud-dev.conllu"
    ));
    if let Ok(sents) = read_conllu(path) {
        return sents
            .iter()
            .map(|s| {
                (
                    s.words.iter().map(|w| w.form.clone()).collect(),
                    s.words.iter().map(|w| w.upos.clone()).collect(),
                    s.words.iter().map(|w| w.xpos.clone()).collect(),
                )
            })
            .collect();
    }
    eprintln!(
        "EWT dev not found at {}; using built-in sentences",
        path.display()
    );
    let own: &[&[(&str, &str, &str)]] = &[
        &[
            ("The", "DET", "DT"),
            ("government", "NOUN", "NN"),
            ("rejected", "VERB", "VBD"),
            ("the", "DET", "DT"),
            ("rebels", "NOUN", "NNS"),
            ("'", "PART", "POS"),
            ("demands", "NOUN", "NNS"),
            ("on", "ADP", "IN"),
            ("Monday", "PROPN", "NNP"),
            (".", "PUNCT", "."),
        ],
        &[
            ("Talks", "NOUN", "NNS"),
            ("will", "AUX", "MD"),
            ("resume", "VERB", "VB"),
            ("next", "ADJ", "JJ"),
            ("week", "NOUN", "NN"),
            (",", "PUNCT", ","),
            ("a", "DET", "DT"),
            ("spokesman", "NOUN", "NN"),
            ("said", "VERB", "VBD"),
            (".", "PUNCT", "."),
        ],
    ];
    (0..500)
        .map(|i| {
            let s = own[i % own.len()];
            (
                s.iter().map(|t| t.0.to_string()).collect(),
                s.iter().map(|t| t.1.to_string()).collect(),
                s.iter().map(|t| t.2.to_string()).collect(),
            )
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let parser = Parser::load_default().expect("the shipped model loads");
    let sents = corpus();
    let words: usize = sents.iter().map(|s| s.0.len()).sum();
    let refs: Vec<(Vec<&str>, Vec<&str>, Vec<&str>)> = sents
        .iter()
        .map(|(w, u, x)| {
            (
                w.iter().map(|s| s.as_str()).collect(),
                u.iter().map(|s| s.as_str()).collect(),
                x.iter().map(|s| s.as_str()).collect(),
            )
        })
        .collect();
    let mut g = c.benchmark_group("parse");
    g.throughput(Throughput::Elements(words as u64));
    g.sample_size(10);
    g.bench_function("parse_sentence (words/s)", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for (w, u, x) in &refs {
                n += parser.parse_sentence(w, u, x).len();
            }
            n
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
