//! Development aid: prints the sentences and tokens of the text on stdin.
//! `echo "Mr. Lee left. He ran." | cargo run -p chronicler-segment --example seg`
//! (`LINES=always|blank` forces a line-break mode).

use std::io::Read;

fn main() {
    let mut text = String::new();
    if std::io::stdin().read_to_string(&mut text).is_err() {
        eprintln!("cannot read stdin as UTF-8");
        std::process::exit(2);
    }
    use chronicler_segment::{LineBreaks, SegmenterBuilder};
    let lines = match std::env::var("LINES").as_deref() {
        Ok("always") => LineBreaks::Always,
        Ok("blank") => LineBreaks::BlankOnly,
        _ => LineBreaks::Auto,
    };
    let seg = SegmenterBuilder::new().line_breaks(lines).build();
    let (sentences, tokens) = seg.segment(&text);
    for s in &sentences {
        let toks: Vec<&str> = tokens[s.tokens.range()]
            .iter()
            .map(|t| t.text(&text))
            .collect();
        println!("[{:?} p{}] {}", s.kind, s.paragraph, toks.join(" | "));
    }
}
