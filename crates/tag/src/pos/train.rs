//! Training the POS tagger and lemmatizer from CoNLL-U treebanks.

use super::clusters::Clusters;
use super::features::{
    extract, extract2, sentence_mode, word_info, Bufs, LexEntry, Lexicon, WordInfo, NO_DICT, START,
    START2,
};
use super::lemma::Lemmatizer;
use super::{lexicon_blob, PosEval, PosTagger};
use crate::Error;
use chronicler_learn::corpus::{read_conll, read_conllu, ConllToken, ConlluSentence, Word};
use chronicler_learn::table::{Scores, WeightTable};
use chronicler_learn::{argmax, Features, LinearModel, Perceptron, Rng};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Training settings (the defaults build the shipped model).
#[derive(Debug, Clone, PartialEq)]
pub struct TrainOptions {
    /// Passes over the training data; the epoch scoring best on dev is kept.
    pub epochs: usize,
    /// Seed of the sentence shuffles.
    pub seed: u64,
    /// Averaged weights with `|w| <= prune` are dropped from the model.
    pub prune: f32,
    /// Features seen fewer times than this in training (over the words
    /// the model decides) are dropped from the model.
    pub min_feature_count: u32,
    /// A word enters the lexicon (ambiguity classes) after this many
    /// occurrences in training.
    pub lexicon_min_count: u32,
    /// A label joins a word's ambiguity class when it has at least this
    /// share of the word's occurrences.
    pub class_min_share: f64,
    /// A word enters the tag dictionary (skips the model) after this many
    /// occurrences...
    pub dict_min_count: u32,
    /// ...when one label has at least this share of them.
    pub dict_min_share: f64,
    /// Extra training text with Penn tags only, in CoNLL-2003 columns
    /// (news). Their UPOS is filled in by a first model trained on the
    /// treebank alone, constrained to the given Penn tag; then the final
    /// model trains on both. Empty: treebank only.
    pub news: Vec<PathBuf>,
    /// Keep every n-th sentence of `news` (1 = all), so the treebank's
    /// conventions still dominate.
    pub news_every: usize,
    /// Use `news` only for the lexicon (ambiguity classes and tag
    /// dictionary), not as training sentences for the weights.
    pub news_lexicon_only: bool,
    /// Epochs of the first model when `news` is given.
    pub first_pass_epochs: usize,
    /// Folder holding `clusters.tsv` and `cluster_groups.tsv` (word
    /// clusters, stored in the model); `None`: no cluster features.
    pub clusters: Option<PathBuf>,
    /// Train a second pass that also sees the first pass's labels of the
    /// words ahead (kept only when it scores better on dev).
    pub two_pass: bool,
    /// Print per-epoch scores to stderr.
    pub verbose: bool,
}

/// The word clusters the shipped model uses (`data/ner`).
pub const DEFAULT_CLUSTERS_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/ner");

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 10,
            seed: 7,
            prune: 0.05,
            min_feature_count: 2,
            lexicon_min_count: 2,
            class_min_share: 0.01,
            dict_min_count: 20,
            dict_min_share: 0.995,
            news: Vec::new(),
            news_every: 1,
            news_lexicon_only: true,
            first_pass_epochs: 6,
            clusters: Some(PathBuf::from(DEFAULT_CLUSTERS_DIR)),
            two_pass: false,
            verbose: false,
        }
    }
}

/// Dev scores after one epoch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EpochScore {
    /// 1-based epoch.
    pub epoch: usize,
    /// Accuracy on the training words the model decided (not the dictionary).
    pub train_acc: f64,
    /// Dev scores of the averaged, pruned model.
    pub dev: PosEval,
}

/// What training did.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainReport {
    /// Training sentences.
    pub train_sentences: usize,
    /// Training words.
    pub train_tokens: usize,
    /// Scores after every epoch.
    pub epochs: Vec<EpochScore>,
    /// The epoch kept (1-based).
    pub best_epoch: usize,
    /// Dev scores of the kept model.
    pub dev: PosEval,
    /// Features of the kept model.
    pub n_features: usize,
    /// Weights of the kept model.
    pub n_weights: usize,
    /// Wall-clock seconds.
    pub seconds: f64,
}

/// Folds of the jackknifed first-pass labels.
const PASS2_FOLDS: usize = 4;

/// One training pass over `order`; returns (right, decided) counts.
fn run_epoch(
    p: &mut Perceptron,
    data: &[(Vec<WordInfo>, Vec<u16>)],
    order: &[usize],
    first: Option<&[Vec<u16>]>,
    feats: &mut Features,
    scores: &mut [f32],
) -> (usize, usize) {
    let (mut right, mut seen) = (0usize, 0usize);
    for &si in order {
        let (infos, gold) = &data[si];
        let mode = sentence_mode(infos);
        let (mut p1, mut p2) = (START, START2);
        for i in 0..infos.len() {
            let d = infos[i].dict;
            let guess = if d != NO_DICT {
                d
            } else {
                match first {
                    Some(f) => extract2(feats, infos, i, p1, p2, mode, &f[si]),
                    None => extract(feats, infos, i, p1, p2, mode),
                }
                scores.iter_mut().for_each(|s| *s = 0.0);
                p.score(feats.as_slice(), scores);
                let g = argmax(scores) as u16;
                p.update(feats.as_slice(), gold[i] as usize, g as usize);
                p.tick();
                seen += 1;
                right += (g == gold[i]) as usize;
                g
            };
            p2 = p1;
            p1 = guess as u64;
        }
    }
    (right, seen)
}

/// How often each first-pass feature fires on gold histories (keys with
/// the low bit set, as model rows store them); the second pass is not
/// filtered by count.
fn count_features(data: &[(Vec<WordInfo>, Vec<u16>)]) -> rustc_hash::FxHashMap<u64, u32> {
    let mut counts = rustc_hash::FxHashMap::default();
    let mut feats = Features::new();
    for (infos, gold) in data {
        let mode = sentence_mode(infos);
        let (mut p1, mut p2) = (START, START2);
        for i in 0..infos.len() {
            if infos[i].dict == NO_DICT {
                extract(&mut feats, infos, i, p1, p2, mode);
                for &f in feats.as_slice() {
                    *counts.entry(f | 1).or_insert(0u32) += 1;
                }
            }
            p2 = p1;
            p1 = gold[i] as u64;
        }
    }
    counts
}

/// Greedy first-pass decoding with frozen weights.
fn decode(w: &WeightTable, infos: &[WordInfo], feats: &mut Features, acc: &mut Scores) -> Vec<u16> {
    let mode = sentence_mode(infos);
    let (mut p1, mut p2) = (START, START2);
    let mut out = Vec::with_capacity(infos.len());
    for i in 0..infos.len() {
        let d = infos[i].dict;
        let l = if d != NO_DICT {
            d
        } else {
            extract(feats, infos, i, p1, p2, mode);
            acc.reset(w);
            w.add(feats.as_slice(), acc);
            acc.argmax() as u16
        };
        out.push(l);
        p2 = p1;
        p1 = l as u64;
    }
    out
}

/// Folds of the jackknifed lexicon.
const FOLDS: usize = 10;

/// Id (1-based; 0 = none) of the ambiguity class of a word with label
/// counts `m`, registering new classes in `classes`.
fn ambiguity_class(
    m: &BTreeMap<u16, u32>,
    opts: &TrainOptions,
    classes: &mut BTreeMap<Vec<u16>, u32>,
) -> u32 {
    let total: u32 = m.values().sum();
    if total < opts.lexicon_min_count || total == 0 {
        return 0;
    }
    let class: Vec<u16> = m
        .iter()
        .filter(|(_, &c)| c as f64 >= opts.class_min_share * total as f64)
        .map(|(&l, _)| l)
        .collect();
    let n = classes.len() as u32 + 1;
    *classes.entry(class).or_insert(n)
}

fn norm_form(form: &str) -> String {
    let mut buf = String::new();
    super::features::normalize(form, &mut buf).to_string()
}

/// Trains a tagger on `train` (CoNLL-U), picking the epoch by `dev`.
///
/// Deterministic: the same files and options give the same model bytes.
pub fn train(
    train: &Path,
    dev: &Path,
    opts: &TrainOptions,
) -> Result<(PosTagger, TrainReport), Error> {
    let t0 = Instant::now();
    let train_s = read_conllu(train)?;
    let dev_s = read_conllu(dev)?;
    let name = train.file_name().map_or_else(
        || train.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    if opts.news.is_empty() {
        return train_sentences(&train_s, &[], &dev_s, opts, &name, t0);
    }
    let first_opts = TrainOptions {
        epochs: opts.first_pass_epochs,
        news: Vec::new(),
        ..opts.clone()
    };
    let (first, _) = train_sentences(&train_s, &[], &dev_s, &first_opts, &name, t0)?;
    let n_treebank = train_s.len();
    let mut all = train_s;
    let mut names = vec![name];
    for p in &opts.news {
        let docs = read_conll(p)?;
        let before = all.len();
        for s in docs.iter().flatten().step_by(opts.news_every.max(1)) {
            if let Some(c) = convert_news(&first, s) {
                all.push(c);
            }
        }
        if opts.verbose {
            eprintln!(
                "{}: {} sentences converted",
                p.display(),
                all.len() - before
            );
        }
        names.push(p.file_name().map_or_else(
            || p.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        ));
    }
    if opts.news_lexicon_only {
        let (tb, news) = all.split_at(n_treebank);
        let name = format!("{} (lexicon: {})", names[0], names[1..].join(" + "));
        train_sentences(tb, news, &dev_s, opts, &name, t0)
    } else {
        train_sentences(&all, &[], &dev_s, opts, &names.join(" + "), t0)
    }
}

/// A CoNLL-2003 sentence as treebank words: UPOS chosen by `first` among
/// the labels of the given Penn tag; no lemma. `None` when a tag is unknown.
fn convert_news(first: &PosTagger, s: &[ConllToken]) -> Option<ConlluSentence> {
    if s.is_empty() {
        return None;
    }
    let words: Vec<&str> = s.iter().map(|t| t.word.as_str()).collect();
    let tags: Vec<&str> = s
        .iter()
        .map(|t| t.cols.first().map_or("", |c| c.as_str()))
        .collect();
    let labels = first.predict_constrained(&words, |i, xpos| {
        tags.get(i)
            .is_some_and(|g| super::conll2003_xpos_matches(g, xpos))
    })?;
    let mut out = ConlluSentence::default();
    for (w, l) in words.iter().zip(labels) {
        let (upos, xpos) = first.label_strings(l)?;
        out.words.push(Word {
            form: w.to_string(),
            lemma: "_".into(),
            upos: upos.into(),
            xpos: xpos.into(),
            ..Word::default()
        });
    }
    Some(out)
}

pub(crate) fn train_sentences(
    train_s: &[ConlluSentence],
    lexicon_only: &[ConlluSentence],
    dev_s: &[ConlluSentence],
    opts: &TrainOptions,
    train_name: &str,
    t0: Instant,
) -> Result<(PosTagger, TrainReport), Error> {
    // Labels.
    let mut label_set = BTreeSet::new();
    for s in train_s {
        for w in &s.words {
            label_set.insert(format!("{}\t{}", w.upos, w.xpos));
        }
    }
    if label_set.is_empty() {
        return Err(Error::Data(format!("{train_name} holds no words")));
    }
    if label_set.len() >= NO_DICT as usize {
        return Err(Error::Data(format!(
            "{} distinct labels, at most {} supported",
            label_set.len(),
            NO_DICT - 1
        )));
    }
    let labels: Vec<String> = label_set.into_iter().collect();
    let label_id: BTreeMap<&str, u16> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| (l.as_str(), i as u16))
        .collect();
    let gold_of = |w: &chronicler_learn::corpus::Word| -> u16 {
        let key = format!("{}\t{}", w.upos, w.xpos);
        label_id.get(key.as_str()).copied().unwrap_or(0)
    };

    // Lexicon: ambiguity classes and the tag dictionary.
    let mut counts: BTreeMap<String, BTreeMap<u16, u32>> = BTreeMap::new();
    for s in train_s.iter().chain(lexicon_only) {
        for w in &s.words {
            *counts
                .entry(norm_form(&w.form))
                .or_default()
                .entry(gold_of(w))
                .or_default() += 1;
        }
    }
    // The tag dictionary trusts the treebank only (extra lexicon text may
    // carry another tagger's systematic errors).
    let mut tb_counts: BTreeMap<&str, BTreeMap<u16, u32>> = BTreeMap::new();
    let mut forms: Vec<String> = Vec::new();
    if !lexicon_only.is_empty() {
        for s in train_s {
            for w in &s.words {
                forms.push(norm_form(&w.form));
            }
        }
        let mut k = 0;
        for s in train_s {
            for w in &s.words {
                *tb_counts
                    .entry(forms[k].as_str())
                    .or_default()
                    .entry(gold_of(w))
                    .or_default() += 1;
                k += 1;
            }
        }
    }
    let mut classes: BTreeMap<Vec<u16>, u32> = BTreeMap::new();
    let mut rows: Vec<(String, u32, Option<u16>)> = Vec::new();
    let empty = BTreeMap::new();
    for (form, m) in &counts {
        let amb = ambiguity_class(m, opts, &mut classes);
        let dm = if lexicon_only.is_empty() {
            m
        } else {
            tb_counts.get(form.as_str()).unwrap_or(&empty)
        };
        let total: u32 = dm.values().sum();
        let (best, bc) = dm
            .iter()
            .fold((0u16, 0u32), |b, (&l, &c)| if c > b.1 { (l, c) } else { b });
        let dict = (total >= opts.dict_min_count
            && bc as f64 >= opts.dict_min_share * total as f64)
            .then_some(best);
        if amb != 0 || dict.is_some() {
            rows.push((form.clone(), amb, dict));
        }
    }
    let lex_blob = lexicon_blob(&rows);
    let lemmatizer = Lemmatizer::learn(train_s);
    let clusters = match &opts.clusters {
        Some(dir) => Clusters::from_dir(dir)?,
        None => Clusters::default(),
    };

    // Training features see ambiguity classes computed without their own
    // fold (jackknifing), so the model does not learn to trust the classes
    // of rare words more than it should at run time.
    let dicts: BTreeMap<&str, u16> = rows
        .iter()
        .filter_map(|(f, _, d)| d.map(|d| (f.as_str(), d)))
        .collect();
    let mut fold_counts: Vec<BTreeMap<String, BTreeMap<u16, u32>>> = vec![BTreeMap::new(); FOLDS];
    for (si, s) in train_s.iter().enumerate() {
        for w in &s.words {
            *fold_counts[si % FOLDS]
                .entry(norm_form(&w.form))
                .or_default()
                .entry(gold_of(w))
                .or_default() += 1;
        }
    }
    let mut fold_lex: Vec<Lexicon> = Vec::with_capacity(FOLDS);
    for fc in &fold_counts {
        let mut lex = Lexicon::default();
        for (form, m) in &counts {
            let mut rest = m.clone();
            if let Some(own) = fc.get(form) {
                for (l, c) in own {
                    if let Some(x) = rest.get_mut(l) {
                        *x -= c;
                    }
                }
            }
            rest.retain(|_, c| *c > 0);
            let amb = ambiguity_class(&rest, opts, &mut classes);
            let dict = dicts.get(form.as_str()).copied().unwrap_or(NO_DICT);
            if amb != 0 || dict != NO_DICT {
                lex.insert(super::features::lex_key(form), LexEntry { amb, dict });
            }
        }
        fold_lex.push(lex);
    }
    let mut bufs = Bufs::default();
    let data: Vec<(Vec<WordInfo>, Vec<u16>)> = train_s
        .iter()
        .enumerate()
        .map(|(si, s)| {
            let lex = &fold_lex[si % FOLDS];
            let infos = s
                .words
                .iter()
                .enumerate()
                .map(|(i, w)| word_info(&w.form, i == 0, lex, &clusters, &mut bufs))
                .collect();
            let gold = s.words.iter().map(gold_of).collect();
            (infos, gold)
        })
        .collect();
    let train_tokens: usize = data.iter().map(|d| d.1.len()).sum();

    let n_labels = labels.len();
    let feature_counts = count_features(&data);
    let freeze = |p: &Perceptron, filter: bool| -> LinearModel {
        let m = p.average(opts.prune);
        if opts.min_feature_count <= 1 || !filter {
            return m;
        }
        let rows: Vec<(u64, Vec<(u16, f32)>)> = m
            .rows()
            .filter(|(k, _, _)| {
                *k == (chronicler_learn::BIAS | 1)
                    || feature_counts
                        .get(k)
                        .is_some_and(|&c| c >= opts.min_feature_count)
            })
            .map(|(k, cs, ws)| (k, cs.iter().copied().zip(ws.iter().copied()).collect()))
            .collect();
        let mut rows = rows;
        rows.sort_unstable_by_key(|r| r.0);
        LinearModel::from_rows(n_labels, rows)
    };
    let mut p = Perceptron::new(n_labels);
    let mut rng = Rng::new(opts.seed);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut feats = Features::new();
    let mut scores = vec![0f32; n_labels];
    let mut epochs = Vec::new();
    let mut best: Option<(f64, PosTagger, EpochScore)> = None;
    for epoch in 1..=opts.epochs.max(1) {
        rng.shuffle(&mut order);
        let (right, seen) = run_epoch(&mut p, &data, &order, None, &mut feats, &mut scores);
        let model = freeze(&p, true);
        let meta = BTreeMap::new();
        let tagger = PosTagger::from_parts(
            model,
            &labels,
            lex_blob.clone(),
            lemmatizer.clone(),
            clusters.clone(),
            meta,
        )?;
        let dev = tagger.evaluate_sentences(dev_s);
        let score = EpochScore {
            epoch,
            train_acc: right as f64 / seen.max(1) as f64,
            dev,
        };
        if opts.verbose {
            eprintln!(
                "epoch {epoch}: train {:.2}%, dev {dev} ({:.0}s)",
                score.train_acc * 100.0,
                t0.elapsed().as_secs_f64()
            );
        }
        epochs.push(score);
        let key = dev.upos + dev.xpos;
        if best.as_ref().is_none_or(|b| key > b.0) {
            best = Some((key, tagger, score));
        }
    }
    let (_, mut tagger, mut score) = best.ok_or_else(|| Error::Data("no epoch was run".into()))?;
    let first_epoch = score.epoch;
    if opts.two_pass {
        // First-pass labels of every training sentence from models that
        // did not see it (jackknifing), so the second pass learns how far
        // to trust them.
        let mut first: Vec<Vec<u16>> = vec![Vec::new(); data.len()];
        for k in 0..PASS2_FOLDS {
            let mut pk = Perceptron::new(n_labels);
            let mut ord: Vec<usize> = (0..data.len()).filter(|i| i % PASS2_FOLDS != k).collect();
            for _ in 0..first_epoch {
                rng.shuffle(&mut ord);
                run_epoch(&mut pk, &data, &ord, None, &mut feats, &mut scores);
            }
            let w = WeightTable::from_model(&freeze(&pk, true))?;
            let mut acc = Scores::new(&w);
            for si in (0..data.len()).filter(|i| i % PASS2_FOLDS == k) {
                first[si] = decode(&w, &data[si].0, &mut feats, &mut acc);
            }
            if opts.verbose {
                eprintln!(
                    "second pass: fold {} of {PASS2_FOLDS} labelled ({:.0}s)",
                    k + 1,
                    t0.elapsed().as_secs_f64()
                );
            }
        }
        let mut p2 = Perceptron::new(n_labels);
        let mut best2: Option<(f64, LinearModel, EpochScore)> = None;
        for epoch in 1..=opts.epochs.max(1) {
            rng.shuffle(&mut order);
            let (right, seen) = run_epoch(
                &mut p2,
                &data,
                &order,
                Some(&first),
                &mut feats,
                &mut scores,
            );
            let m = freeze(&p2, false);
            tagger.set_second(Some(m.clone()));
            let dev = tagger.evaluate_sentences(dev_s);
            let sc2 = EpochScore {
                epoch,
                train_acc: right as f64 / seen.max(1) as f64,
                dev,
            };
            if opts.verbose {
                eprintln!(
                    "second pass epoch {epoch}: train {:.2}%, dev {dev} ({:.0}s)",
                    sc2.train_acc * 100.0,
                    t0.elapsed().as_secs_f64()
                );
            }
            epochs.push(sc2);
            let key = dev.upos + dev.xpos;
            if best2.as_ref().is_none_or(|b| key > b.0) {
                best2 = Some((key, m, sc2));
            }
        }
        let base = score.dev.upos + score.dev.xpos;
        match best2 {
            Some((key, m, sc2)) if key > base => {
                tagger.set_second(Some(m));
                score = sc2;
            }
            _ => tagger.set_second(None),
        }
    }
    let (_, n_features, n_weights, _, _, _) = tagger.sizes();
    let mut meta = BTreeMap::new();
    meta.insert("train".to_string(), train_name.to_string());
    meta.insert("train_tokens".to_string(), train_tokens.to_string());
    meta.insert("epoch".to_string(), first_epoch.to_string());
    meta.insert(
        "second_pass_epoch".to_string(),
        if tagger.second.is_some() {
            score.epoch.to_string()
        } else {
            "-".to_string()
        },
    );
    // Paths are reduced to file names so that the bytes do not depend on
    // where the checkout lives.
    let short = |p: &PathBuf| PathBuf::from(p.file_name().unwrap_or(p.as_os_str()));
    let quiet = TrainOptions {
        verbose: false,
        clusters: opts.clusters.as_ref().map(short),
        news: opts.news.iter().map(short).collect(),
        ..opts.clone()
    };
    meta.insert("options".to_string(), format!("{quiet:?}"));
    meta.insert("dev".to_string(), score.dev.to_string());
    tagger.meta = meta;
    let report = TrainReport {
        train_sentences: train_s.len(),
        train_tokens,
        epochs,
        best_epoch: score.epoch,
        dev: score.dev,
        n_features,
        n_weights,
        seconds: t0.elapsed().as_secs_f64(),
    };
    Ok((tagger, report))
}
