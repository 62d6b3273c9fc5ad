//! The seed article (skipped without `../shared`): general properties only.

use chronicler_segment::{Segmenter, SentenceKind};

#[test]
fn seed_article_segments_sensibly() {
    let Some(shared) = crate::shared() else {
        println!("skipped: ../shared is absent, no seed article");
        return;
    };
    let path = shared.join("examples/000_076062065c57b403.txt");
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("skipped: {} is absent", path.display());
        return;
    };
    let (sentences, tokens) = Segmenter::new().segment(&text);
    assert!(!sentences.is_empty());
    let texts: Vec<&str> = sentences.iter().map(|s| s.span.slice(&text)).collect();
    // A line that ends without final punctuation (a caption ending in "|")
    // ends its segment: no segment runs across such a line break.
    for line in text.lines() {
        let l = line.trim_end();
        if l.ends_with('|') {
            let s = texts.iter().find(|s| s.ends_with('|')).copied();
            assert!(
                s.is_some_and(|s| l.ends_with(s)),
                "caption line {l:?} not its own segment"
            );
        }
    }
    for s in &sentences {
        let t = s.span.slice(&text);
        if t.ends_with('|') {
            assert_eq!(s.kind, SentenceKind::Fragment, "{t:?}");
        }
        // No sentence ends right after a title or a middle initial.
        for bad in ["Mr.", "Mrs.", "Dr.", "Gen.", " W."] {
            assert!(!t.ends_with(bad), "split after {bad:?}: {t:?}");
        }
        // Quotes stay in their sentences: none starts with a closing quote
        // or ends with an opening one.
        assert!(!t.starts_with('”') && !t.starts_with("\" "), "{t:?}");
        assert!(!t.ends_with('“') && !t.ends_with(" \""), "{t:?}");
        // Tokens of the sentence lie inside its span.
        for tok in &tokens[s.tokens.range()] {
            assert!(s.span.contains(tok.span));
        }
    }
    // The headline (first line, no final punctuation) is a fragment.
    let first_line = text.lines().next().unwrap_or("").trim();
    if !first_line.ends_with(['.', '?', '!']) {
        assert_eq!(sentences[0].kind, SentenceKind::Fragment);
    }
}
