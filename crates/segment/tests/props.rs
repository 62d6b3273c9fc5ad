//! Property tests: the segmenter's invariants on arbitrary text.

use chronicler_segment::{Clitics, Segmenter, SegmenterBuilder, TokenFlags};
use proptest::prelude::*;

fn pieces() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => "[a-zA-Z]{1,8}",
        2 => Just(" ".to_string()),
        1 => Just("\n".to_string()),
        1 => Just("\r\n".to_string()),
        1 => Just("\n\n".to_string()),
        1 => prop::sample::select(vec![
            "\"", "'", "“", "”", "‘", "’", "«", "»", ".", ",", "...", "…", "?", "!", "-", "—",
            "–", "(", ")", ":", ";", "$", "%", "/", "#", "@", "*", "|", "'s", "n't",
        ])
        .prop_map(String::from),
        1 => prop::sample::select(vec![
            "é", "e\u{301}", "ñ", "北京", "。", "、", "カタ", "한국", "😀", "👍🏽", "👨‍👩‍👧", "\0",
            "\u{200B}", "\u{FEFF}", "\u{3000}", "\u{a0}", "\t", "\r", "\u{2028}", "\u{85}",
        ])
        .prop_map(String::from),
        1 => prop::sample::select(vec![
            "Mr.", "U.S.", "No.", "W.", "e.g.", "etc.", "3,000", "1.2", "10:30", "http://a.b/c",
            "x@y.z", ":)", "Jong-un", "e-mail", "08/16/2000",
        ])
        .prop_map(String::from),
        1 => any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

fn check(seg: &Segmenter, text: &str) {
    let (sentences, tokens) = seg.segment(text);
    // Tokens: sorted, disjoint, non-empty, on boundaries, no whitespace;
    // gaps only hold whitespace, controls and invisible marks.
    let mut pos = 0usize;
    for t in &tokens {
        let (a, b) = (t.span.start(), t.span.end());
        assert!(a < b, "empty token at {a}");
        assert!(a >= pos, "tokens overlap or are unsorted at {a}");
        let gap = text.get(pos..a).expect("gap on char boundaries");
        assert!(
            gap.chars().all(|c| c.is_whitespace()
                || c.is_control()
                || matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{180E}')),
            "gap {gap:?} holds text"
        );
        let s = text.get(a..b).expect("token on char boundaries");
        assert!(
            !s.chars().any(char::is_whitespace),
            "token {s:?} has whitespace"
        );
        let surface =
            TokenFlags(t.flags.0 & !(TokenFlags::SPACE_AFTER | TokenFlags::NEWLINE_AFTER));
        assert_eq!(surface, TokenFlags::of(s), "flags of {s:?}");
        pos = b;
    }
    let tail = text.get(pos..).expect("tail on a boundary");
    assert!(tail
        .chars()
        .all(|c| c.is_whitespace() || c.is_control() || !c.is_alphanumeric()));
    assert!(
        tail.chars().all(|c| !c.is_alphanumeric()),
        "text after the last token: {tail:?}"
    );
    // Sentences: in order, covering every token once, spans = token bounds.
    let mut next = 0usize;
    let mut para = 0u32;
    for s in &sentences {
        assert_eq!(
            s.tokens.start as usize, next,
            "sentences skip or repeat tokens"
        );
        assert!(!s.tokens.is_empty());
        let first = &tokens[s.tokens.start as usize];
        let last = &tokens[s.tokens.end as usize - 1];
        assert_eq!(
            (s.span.start, s.span.end),
            (first.span.start, last.span.end)
        );
        assert!(s.paragraph >= para);
        para = s.paragraph;
        next = s.tokens.end as usize;
    }
    assert_eq!(next, tokens.len(), "tokens outside every sentence");
}

proptest! {
    // PROPTEST_CASES=20000 for a longer run.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(512)
    ))]

    #[test]
    fn invariants_hold_on_weighted_text(text in pieces()) {
        check(&Segmenter::new(), &text);
        check(&SegmenterBuilder::new().clitics(Clitics::Split).build(), &text);
        check(&SegmenterBuilder::new().clitics(Clitics::Keep).build(), &text);
    }

    #[test]
    fn invariants_hold_on_any_string(text in any::<String>()) {
        check(&Segmenter::new(), &text);
    }
}

#[test]
fn invariants_hold_on_the_news_corpus() {
    let Some(shared) = crate::shared() else {
        println!("skipped: ../shared is absent, no news corpus");
        return;
    };
    let dir = shared.join("data/polnear-train/text");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!("skipped: {} is absent", dir.display());
        return;
    };
    let seg = Segmenter::new();
    let mut n = 0;
    for e in entries.filter_map(Result::ok).take(200) {
        if let Ok(text) = std::fs::read_to_string(e.path()) {
            check(&seg, &text);
            n += 1;
        }
    }
    println!("checked {n} news texts");
}
