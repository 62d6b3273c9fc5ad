//! Sentence and token scores on UD English EWT test (skipped without `../shared`).

use chronicler_segment::eval::{read_conllu, score};
use chronicler_segment::{Clitics, SegmenterBuilder};

#[test]
fn ewt_test_scores() {
    let Some(shared) = crate::shared() else {
        println!("skipped: ../shared is absent, no UD EWT test file to score on");
        return;
    };
    let path = shared.join("data/ud-english-ewt/en_ewt-ud-test.conllu");
    if !path.is_file() {
        println!("skipped: {} is absent", path.display());
        return;
    }
    let docs = read_conllu(&path).expect("EWT test reads");
    for (name, clitics) in [
        ("keep (EWT surface tokens)", Clitics::Keep),
        ("split-possessive", Clitics::SplitPossessive),
        ("split (UD words, default)", Clitics::Split),
    ] {
        let seg = SegmenterBuilder::new().clitics(clitics).build();
        let e = score(&docs, &seg);
        println!("EWT test, clitics {name}: {} documents", e.documents);
        println!("  sentences {}", e.sentences);
        println!("  tokens    {}", e.tokens);
        println!("  words     {}", e.words);
        match clitics {
            Clitics::Keep => {
                assert!(
                    e.tokens.f1 >= 0.98,
                    "surface-token F1 {} < 0.98",
                    e.tokens.f1
                );
                assert!(
                    e.sentences.f1 >= 0.6631,
                    "sentence F1 {} below spaCy's",
                    e.sentences.f1
                );
            }
            Clitics::Split => assert!(e.words.f1 >= 0.97, "word F1 {}", e.words.f1),
            _ => assert!(e.tokens.f1 >= 0.98, "surface-token F1 {}", e.tokens.f1),
        }
    }
}
