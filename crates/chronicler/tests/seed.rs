//! The seed article of `../shared/examples` through the whole pipeline.
//! Skipped, with a message, when `../shared` is absent.

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

fn shared() -> Option<PathBuf> {
    let p = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared"));
    if p.join("examples").is_dir() {
        Some(p)
    } else {
        eprintln!("skipped: ../shared is absent (seed-article checks need it)");
        None
    }
}

fn extract_seed() -> Option<Value> {
    let p = shared()?.join("examples/000_076062065c57b403.txt");
    let out = Command::new(env!("CARGO_BIN_EXE_chronicler"))
        .args(["extract", "--date", "2018-05-09"])
        .arg(&p)
        .output()
        .expect("the binary runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).expect("one JSON document"))
}

fn sentence_texts(doc: &Value) -> Vec<String> {
    let chars: Vec<char> = doc["text"].as_str().unwrap_or("").chars().collect();
    doc["sentences"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|s| {
                    let b = s["start"].as_u64().unwrap_or(0) as usize;
                    let e = s["end"].as_u64().unwrap_or(0) as usize;
                    chars[b..e].iter().collect()
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn seed_article_sentences() {
    let Some(doc) = extract_seed() else { return };
    let sents = sentence_texts(&doc);
    assert!(sents.len() > 15, "{sents:#?}");
    // The caption line ends its own segment, and (one paragraph a line in
    // this article) no sentence runs over a line break.
    assert!(
        sents
            .iter()
            .any(|s| s.contains("Xinhua") && s.ends_with('|')),
        "{sents:#?}"
    );
    assert!(!sents.iter().any(|s| s.contains('\n')), "{sents:#?}");
    // No split after "Mr." or inside "George W. Bush".
    assert!(
        !sents
            .iter()
            .any(|s| s.ends_with("Mr.") || s.ends_with(" W.")),
        "{sents:#?}"
    );
    // Quotes stay within their sentences: in this article no quotation runs
    // over a sentence end, so every sentence holds an even number of marks
    // and none starts with a closing mark.
    for s in &sents {
        assert!(!s.starts_with('”') && !s.starts_with("\" "), "{s}");
        assert_eq!(s.matches('"').count() % 2, 0, "{s}");
    }
}
