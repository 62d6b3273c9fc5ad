//! Writes predicted POS tags for parser training and evaluation.
//!
//! Train tags are jackknifed: the training file is cut into K folds and each
//! fold is tagged by a tagger trained on the other folds, so the parser sees
//! tags as noisy as at run time. Dev and test are tagged with the given tagger
//! model (the shipped `models/pos.bin`).
//!
//! This program needs the POS tagger (`chronicler-tag`), which the parser
//! crate must not depend on, so it is not built with the crate. To run it,
//! copy it to `crates/parse/examples/`, add `chronicler-tag.workspace = true`
//! under `[dev-dependencies]` in `crates/parse/Cargo.toml` (temporarily), and:
//!
//! ```text
//! cargo run --release -p chronicler-parse --example jackknife_tags -- \
//!     TRAIN.conllu K POS_MODEL.bin OUT_DIR [DEV.conllu TEST.conllu]
//! ```
//!
//! (It belongs in the `chronicler` binary crate, which may use both stages.)
//!
//! Output: `OUT_DIR/train.tags` (and `dev.tags`, `test.tags`): one line per
//! word, `UPOS<TAB>XPOS`, a blank line after each sentence.

use chronicler_learn::corpus::read_conllu;
use chronicler_tag::PosTagger;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn blocks(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if cur.lines().any(|l| !l.starts_with('#')) {
                out.push(std::mem::take(&mut cur));
            }
            cur.clear();
        } else {
            cur.push_str(line);
            cur.push('\n');
        }
    }
    if cur.lines().any(|l| !l.starts_with('#')) {
        out.push(cur);
    }
    out
}

fn tag_file(
    tagger: &PosTagger,
    conllu: &Path,
    out: &Path,
) -> Result<(), Box<dyn std::error::Error>> {
    let sents = read_conllu(conllu)?;
    let mut s = String::new();
    let (mut n, mut ok) = (0usize, 0usize);
    for sent in &sents {
        let words: Vec<&str> = sent.words.iter().map(|w| w.form.as_str()).collect();
        for (t, w) in tagger.tag(&words).iter().zip(&sent.words) {
            writeln!(s, "{}\t{}", t.upos, t.xpos)?;
            n += 1;
            ok += usize::from(t.xpos == w.xpos.as_str());
        }
        s.push('\n');
    }
    std::fs::write(out, s)?;
    eprintln!(
        "{}: XPOS accuracy {:.4}",
        conllu.display(),
        ok as f64 / n.max(1) as f64
    );
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 4 {
        eprintln!("usage: jackknife_tags TRAIN K POS_MODEL OUT_DIR [DEV TEST]");
        std::process::exit(2);
    }
    let train = Path::new(&args[0]);
    let k: usize = args[1].parse()?;
    let out_dir = PathBuf::from(&args[3]);
    std::fs::create_dir_all(&out_dir)?;
    let full = PosTagger::load(Path::new(&args[2]))?;
    if let (Some(dev), Some(test)) = (args.get(4), args.get(5)) {
        tag_file(&full, Path::new(dev), &out_dir.join("dev.tags"))?;
        tag_file(&full, Path::new(test), &out_dir.join("test.tags"))?;
    }
    let text = std::fs::read_to_string(train)?;
    let bl = blocks(&text);
    let per = bl.len().div_ceil(k.max(1));
    let mut all = String::new();
    for f in 0..k {
        let (a, b) = (f * per, ((f + 1) * per).min(bl.len()));
        let rest: String = bl[..a]
            .iter()
            .chain(&bl[b..])
            .map(|s| format!("{s}\n"))
            .collect();
        let held: String = bl[a..b].iter().map(|s| format!("{s}\n")).collect();
        let rest_p = out_dir.join(format!("fold{f}.train.conllu"));
        let held_p = out_dir.join(format!("fold{f}.held.conllu"));
        std::fs::write(&rest_p, rest)?;
        std::fs::write(&held_p, held)?;
        let opts = chronicler_tag::TrainOptions::default();
        let dev = args
            .get(4)
            .map(PathBuf::from)
            .unwrap_or_else(|| held_p.clone());
        let (tagger, rep) = chronicler_tag::pos::train(&rest_p, &dev, &opts)?;
        eprintln!("fold {f}: trained in {:.0}s", rep.seconds);
        let tp = out_dir.join(format!("fold{f}.tags"));
        tag_file(&tagger, &held_p, &tp)?;
        all.push_str(&std::fs::read_to_string(&tp)?);
    }
    std::fs::write(out_dir.join("train.tags"), all)?;
    Ok(())
}
