//! `chronicler train pos|ner|parse`: reproduce the shipped models from the
//! training data. The parser is trained on jackknifed POS tags (each fold of
//! the training file tagged by a tagger trained on the other folds), which
//! needs both the tagger and the parser, so that glue lives here.

use anyhow::{Context, Result};
use chronicler_learn::corpus::{read_conllu, ConlluSentence};
use chronicler_tag::PosTagger;
use std::path::{Path, PathBuf};

/// Tags every sentence with `tagger`: `(UPOS, XPOS)` per word.
pub fn tag_sentences(tagger: &PosTagger, sents: &[ConlluSentence]) -> Vec<Vec<(String, String)>> {
    sents
        .iter()
        .map(|s| crate::conllu::upos_xpos(tagger, &s.forms()))
        .collect()
}

/// Splits CoNLL-U text into sentence blocks (comments kept with their
/// sentence).
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

/// Jackknifed POS tags for `train`: the file is cut into `k` folds, each
/// tagged by a tagger trained on the other folds (and tuned on `dev`).
pub fn jackknife_tags(
    train: &Path,
    dev: &Path,
    k: usize,
    pos_opts: &chronicler_tag::TrainOptions,
    work: &Path,
) -> Result<Vec<Vec<(String, String)>>> {
    let text =
        std::fs::read_to_string(train).with_context(|| format!("reading {}", train.display()))?;
    let bl = blocks(&text);
    let k = k.max(2);
    let per = bl.len().div_ceil(k);
    std::fs::create_dir_all(work).with_context(|| format!("creating {}", work.display()))?;
    let mut all = Vec::with_capacity(bl.len());
    for f in 0..k {
        let (a, b) = ((f * per).min(bl.len()), ((f + 1) * per).min(bl.len()));
        let rest: String = bl[..a]
            .iter()
            .chain(&bl[b..])
            .map(|s| format!("{s}\n"))
            .collect();
        let held: String = bl[a..b].iter().map(|s| format!("{s}\n")).collect();
        let rest_p = work.join(format!("fold{f}.train.conllu"));
        let held_p = work.join(format!("fold{f}.held.conllu"));
        std::fs::write(&rest_p, rest)?;
        std::fs::write(&held_p, held)?;
        let (tagger, rep) = chronicler_tag::pos::train(&rest_p, dev, pos_opts)
            .with_context(|| format!("training the POS tagger of fold {f}"))?;
        eprintln!(
            "jackknife fold {}/{k}: trained in {:.0}s",
            f + 1,
            rep.seconds
        );
        all.extend(tag_sentences(&tagger, &read_conllu(&held_p)?));
    }
    Ok(all)
}

/// Options of `chronicler train parse`.
#[derive(Debug, Clone)]
pub struct ParseTrainArgs {
    /// Training file (CoNLL-U).
    pub train: PathBuf,
    /// Development file (CoNLL-U).
    pub dev: PathBuf,
    /// Output model path.
    pub out: PathBuf,
    /// Jackknife folds for the training tags (0: train on gold tags).
    pub folds: usize,
    /// Unlabelled news text for the fold taggers' lexicon (as `train pos --news`).
    pub news: Vec<PathBuf>,
    /// Perceptrons averaged into the model ([`chronicler_parse::TrainOptions::ensemble`]).
    pub ensemble: usize,
    /// Where to write the jackknifed training tags, if anywhere.
    pub save_tags: Option<PathBuf>,
}

/// Writes tags as `UPOS<TAB>XPOS` lines with a blank line after each
/// sentence (the format of [`chronicler_parse::read_tag_file`]).
fn write_tag_file(path: &Path, tags: &[Vec<(String, String)>]) -> Result<()> {
    let mut out = String::new();
    for sent in tags {
        for (u, x) in sent {
            out.push_str(u);
            out.push('\t');
            out.push_str(x);
            out.push('\n');
        }
        out.push('\n');
    }
    std::fs::write(path, out).with_context(|| format!("writing {}", path.display()))
}

/// Trains the parser on jackknifed tags and saves it.
pub fn train_parse(args: &ParseTrainArgs) -> Result<String> {
    if args.save_tags.is_some() && args.folds == 0 {
        anyhow::bail!("--save-tags writes jackknifed tags: it needs --folds above 0");
    }
    let work = std::env::temp_dir().join(format!("chronicler-jackknife-{}", std::process::id()));
    let pos_opts = chronicler_tag::TrainOptions {
        news: args.news.clone(),
        ..chronicler_tag::TrainOptions::default()
    };
    let train_tags = if args.folds > 0 {
        Some(jackknife_tags(
            &args.train,
            &args.dev,
            args.folds,
            &pos_opts,
            &work,
        )?)
    } else {
        None
    };
    let _ = std::fs::remove_dir_all(&work);
    if let (Some(path), Some(tags)) = (&args.save_tags, &train_tags) {
        write_tag_file(path, tags)?;
    }
    let tagger = PosTagger::load_default()?;
    let dev_tags = tag_sentences(&tagger, &read_conllu(&args.dev)?);
    let opts = chronicler_parse::TrainOptions {
        train_tags,
        dev_tags: Some(dev_tags),
        ensemble: args.ensemble,
        verbose: true,
        ..chronicler_parse::TrainOptions::default()
    };
    let (parser, report) = chronicler_parse::train(&args.train, &args.dev, &opts)?;
    parser.save(&args.out)?;
    Ok(format!(
        "best epoch {}: dev UAS {:.4} LAS {:.4}; {:.0} s; wrote {}",
        report.best_epoch,
        report.dev.uas,
        report.dev.las,
        report.seconds,
        args.out.display()
    ))
}
