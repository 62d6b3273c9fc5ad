//! Development aid: scores the segmenter on a CoNLL-U file and prints the most
//! frequent token and sentence-boundary errors with context.
//!
//! `cargo run --release -p chronicler-segment --example ewt_errors -- FILE [keep|possessive|split] [N]`
//! (the clitics mode defaults to the segmenter's default, `split`).
//! Use it on EWT train or dev, never to tune on test.

use chronicler_segment::eval::{predict, read_conllu, score};
use chronicler_segment::{Clitics, LineBreaks, SegmenterBuilder};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// Largest char boundary at or before `i`.
fn floor(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Smallest char boundary at or after `i` (at most `s.len()`).
fn ceil(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i.min(s.len())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: ewt_errors FILE [keep|possessive|split] [N]");
        std::process::exit(2);
    };
    let clitics = match args.get(2).map(String::as_str) {
        Some("keep") => Clitics::Keep,
        Some("possessive") => Clitics::SplitPossessive,
        _ => Clitics::default(),
    };
    let n: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(40);
    let lines = match std::env::var("LINES").as_deref() {
        Ok("always") => LineBreaks::Always,
        Ok("blank") => LineBreaks::BlankOnly,
        _ => LineBreaks::Auto,
    };
    let seg = SegmenterBuilder::new()
        .clitics(clitics)
        .line_breaks(lines)
        .build();
    let docs = match read_conllu(Path::new(path)) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let e = score(&docs, &seg);
    println!("documents {}", e.documents);
    println!("sentences {}", e.sentences);
    println!("tokens    {}", e.tokens);
    println!("words     {}", e.words);
    let mut tok_fn: BTreeMap<String, usize> = BTreeMap::new();
    let mut tok_fp: BTreeMap<String, usize> = BTreeMap::new();
    let mut sent_missed = Vec::new();
    let mut sent_false = Vec::new();
    for d in &docs {
        let (ps, pt) = predict(&seg, &d.text);
        let pt_set: HashSet<_> = pt.iter().copied().collect();
        let gt_set: HashSet<_> = d.tokens.iter().copied().collect();
        for &(a, b) in &d.tokens {
            if !pt_set.contains(&(a, b)) {
                *tok_fn.entry(d.text[a..b].to_string()).or_default() += 1;
            }
        }
        let show = std::env::var("SHOW").ok();
        for &(a, b) in &pt {
            if !gt_set.contains(&(a, b)) {
                *tok_fp.entry(d.text[a..b].to_string()).or_default() += 1;
                if show.as_deref() == Some(&d.text[a..b]) {
                    let lo = floor(&d.text, a.saturating_sub(30));
                    let hi = ceil(&d.text, (b + 30).min(d.text.len()));
                    let gold: Vec<&str> = d
                        .tokens
                        .iter()
                        .filter(|t| t.0 >= lo && t.1 <= hi)
                        .map(|t| &d.text[t.0..t.1])
                        .collect();
                    println!(
                        "FP {:?} in {:?}\n   gold {:?}",
                        &d.text[a..b],
                        &d.text[lo..hi],
                        gold.join(" ")
                    );
                }
            }
        }
        // Boundaries: ends of sentences.
        let gold_ends: HashSet<usize> = d.sentences.iter().map(|s| s.1).collect();
        let pred_ends: HashSet<usize> = ps.iter().map(|s| s.1).collect();
        let ctx = |at: usize| {
            let lo = floor(&d.text, at.saturating_sub(50));
            let hi = ceil(&d.text, (at + 50).min(d.text.len()));
            format!("{} ‖ {}", &d.text[lo..at], &d.text[at..hi]).replace('\n', "⏎")
        };
        for &g in &gold_ends {
            if g < d.text.len() && !pred_ends.contains(&g) {
                sent_missed.push(ctx(g));
            }
        }
        for &p in &pred_ends {
            if p < d.text.len() && !gold_ends.contains(&p) {
                sent_false.push(ctx(p));
            }
        }
    }
    let top = |m: &BTreeMap<String, usize>| {
        let mut v: Vec<_> = m.iter().collect();
        v.sort_by(|a, b| b.1.cmp(a.1));
        v.into_iter()
            .take(n)
            .map(|(k, c)| format!("{k:?}:{c}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    println!("\nTOKENS MISSED (gold not predicted):\n{}", top(&tok_fn));
    println!("\nTOKENS FALSE (predicted not gold):\n{}", top(&tok_fp));
    println!("\nBOUNDARIES MISSED: {}", sent_missed.len());
    for s in sent_missed.iter().take(n) {
        println!("  {s}");
    }
    println!("\nBOUNDARIES FALSE: {}", sent_false.len());
    for s in sent_false.iter().take(n) {
        println!("  {s}");
    }
}
