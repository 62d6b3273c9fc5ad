//! POS tagging throughput (tokens/s) over the words of UD English EWT test
//! (skipped with a message when `../shared` is absent).
//!
//! `cargo bench -p chronicler-tag --bench pos`

use chronicler_tag::PosTagger;
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use std::path::Path;

const TEST: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/ud-english-ewt/en_ewt-ud-test.conllu"
);

fn bench(c: &mut Criterion) {
    let path = Path::new(TEST);
    if !path.exists() {
        eprintln!("skipping POS bench: {TEST} not found");
        return;
    }
    let sents = match chronicler_learn::corpus::read_conllu(path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("skipping POS bench: {e}");
            return;
        }
    };
    let tagger = PosTagger::load_default().expect("the shipped POS model loads");
    let words: Vec<Vec<&str>> = sents.iter().map(|s| s.forms()).collect();
    let n: usize = words.iter().map(|w| w.len()).sum();
    let mut g = c.benchmark_group("pos");
    g.throughput(Throughput::Elements(n as u64));
    g.sample_size(10);
    g.bench_function("tag_ewt_test", |b| {
        b.iter(|| {
            let mut k = 0;
            for w in &words {
                k += tagger.tag(black_box(w)).len();
            }
            k
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
