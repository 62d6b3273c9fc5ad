//! Training with the dynamic oracle, evaluation, and projectivisation of the
//! training trees.

use crate::ambiguity::Ambiguity;
use crate::clusters::Clusters;
use crate::system::{Class, Move, State};
use crate::{Error, ParseEval, Parser};
use chronicler_learn::corpus::{read_conllu, ConlluSentence};
use chronicler_learn::{Features, LinearModel, Perceptron, Rng};
use compact_str::CompactString;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Options of [`train`](crate::train).
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Number of passes over the training data (the best epoch on dev is kept).
    pub epochs: usize,
    /// Seed of the shuffling and exploration generator.
    pub seed: u64,
    /// Probability of following the model's own (possibly wrong) transition
    /// during training, from epoch `explore_from` on (Goldberg & Nivre: 0.9).
    pub explore_prob: f64,
    /// First epoch (0-based) with exploration.
    pub explore_from: usize,
    /// Averaged weights with absolute value at or below this are dropped.
    pub prune: f32,
    /// Predicted `(UPOS, XPOS)` tags for each training sentence (ideally
    /// jackknifed); `None` trains on the gold tags of the file.
    pub train_tags: Option<Vec<Vec<(String, String)>>>,
    /// Predicted tags for each dev sentence; `None` uses gold tags.
    pub dev_tags: Option<Vec<Vec<(String, String)>>>,
    /// Probability of replacing a gold training tag by a tag often confused
    /// with it (a cheap stand-in for predicted tags when none are given).
    pub tag_noise: f64,
    /// Folder with the word clusters (`clusters.tsv`, `cluster_groups.tsv`;
    /// format in `data/ner/README.md`) stored in the model and used as
    /// features; `None` (the default) trains without clusters.
    /// [`default_clusters_dir`] is the repository's `data/ner`.
    pub clusters: Option<PathBuf>,
    /// Tag ambiguity classes of frequent training words as features.
    pub ambiguity: bool,
    /// Punctuation-between features (number of punctuation words between
    /// the stack top and the buffer front, and between the two stack tops).
    pub punct_between: bool,
    /// Lexicalised features of the two candidate heads of s0 (s1 and b0).
    pub head_pairs: bool,
    /// Number of perceptrons trained side by side on different shuffles and
    /// averaged into one model (parameter mixing); 1 trains a single one.
    pub ensemble: usize,
    /// Print progress to stderr.
    pub verbose: bool,
}

/// The repository's cluster folder (`data/ner`), the default of
/// [`TrainOptions::clusters`].
pub fn default_clusters_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/ner")
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 18,
            seed: 7,
            explore_prob: 0.9,
            explore_from: 1,
            prune: 1.5,
            train_tags: None,
            dev_tags: None,
            tag_noise: 0.0,
            clusters: None,
            ambiguity: false,
            punct_between: false,
            head_pairs: false,
            ensemble: 1,
            verbose: false,
        }
    }
}

/// What training did: per-epoch dev scores and the chosen epoch.
#[derive(Debug, Clone, Default)]
pub struct TrainReport {
    /// `(epoch, dev UAS, dev LAS)` after each epoch (1-based epochs).
    pub epochs: Vec<(usize, f64, f64)>,
    /// The epoch whose averaged model was kept.
    pub best_epoch: usize,
    /// Dev scores of the kept model.
    pub dev: ParseEval,
    /// Number of training sentences and words.
    pub train_sentences: usize,
    /// Number of training words.
    pub train_words: usize,
    /// Non-projective arcs in the training data (lifted before training).
    pub nonprojective_arcs: usize,
    /// Wall-clock training time in seconds.
    pub seconds: f64,
}

/// Reads a tag file: one line per word, `UPOS<TAB>XPOS`, a blank line after
/// each sentence (as written by the `jackknife_tags` example), for
/// [`TrainOptions::train_tags`] and [`Parser::evaluate`](crate::Parser::evaluate).
pub fn read_tag_file(path: &Path) -> Result<Vec<Vec<(String, String)>>, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::Learn(chronicler_learn::Error::Io {
            path: path.display().to_string(),
            source: e,
        })
    })?;
    let mut out = Vec::new();
    let mut cur = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        match line.split_once('\t') {
            Some((u, x)) if !x.contains('\t') => cur.push((u.to_string(), x.to_string())),
            _ => {
                return Err(Error::Format {
                    source_name: path.display().to_string(),
                    line: i + 1,
                    message: format!("expected `UPOS<TAB>XPOS`, found `{line}`"),
                })
            }
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// A training sentence in index form.
struct Example {
    words: Vec<String>,
    tags: Vec<(String, String)>,
    head: Vec<u32>,
    label: Vec<u16>,
}

/// True when the arc `h → d` is projective in `heads` (root = `n`).
fn arc_is_projective(heads: &[u32], d: usize) -> bool {
    let n = heads.len() as u32;
    let h = heads[d];
    let (a, b) = if (h as usize) < d {
        (h as usize, d)
    } else {
        (d, h.min(n) as usize)
    };
    for k in a + 1..b {
        // k must be dominated by h.
        let mut x = k as u32;
        let mut steps = 0;
        while x != h && x < n && steps <= heads.len() {
            x = heads[x as usize];
            steps += 1;
        }
        if x != h {
            return false;
        }
    }
    true
}

/// Lifts non-projective arcs to the grandparent until the tree is
/// projective (Nivre & Nilsson 2005, without label encoding). Returns the
/// number of arcs that were lifted.
pub(crate) fn projectivize(heads: &mut [u32]) -> usize {
    let n = heads.len() as u32;
    let mut lifted = 0;
    for _round in 0..heads.len() {
        // Lift the shortest non-projective arc first.
        let mut best: Option<(u32, usize)> = None;
        for d in 0..heads.len() {
            if heads[d] < n && !arc_is_projective(heads, d) {
                let len = heads[d].abs_diff(d as u32);
                if best.is_none_or(|(l, _)| len < l) {
                    best = Some((len, d));
                }
            }
        }
        match best {
            Some((_, d)) => {
                let h = heads[d] as usize;
                heads[d] = heads[h];
                lifted += 1;
            }
            None => break,
        }
    }
    lifted
}

/// Universal part of a relation (`nsubj:pass` → `nsubj`).
pub(crate) fn universal(l: &str) -> &str {
    l.split(':').next().unwrap_or(l)
}

fn confusions() -> &'static [(&'static str, &'static str)] {
    &[
        ("NN", "NNP"),
        ("NNP", "NN"),
        ("NN", "JJ"),
        ("JJ", "NN"),
        ("VBD", "VBN"),
        ("VBN", "VBD"),
        ("VB", "VBP"),
        ("VBP", "VB"),
        ("VBG", "NN"),
        ("NNS", "VBZ"),
        ("VBZ", "NNS"),
        ("IN", "RB"),
        ("RB", "IN"),
        ("IN", "RP"),
        ("RP", "IN"),
        ("JJ", "VBN"),
        ("NNPS", "NNS"),
        ("WDT", "IN"),
        ("DT", "IN"),
        ("UH", "NN"),
    ]
}

fn load_examples(
    sents: &[ConlluSentence],
    tags: Option<&Vec<Vec<(String, String)>>>,
    labels: &mut Vec<CompactString>,
    label_ids: &mut BTreeMap<CompactString, u16>,
    what: &str,
) -> Result<Vec<Example>, Error> {
    if let Some(t) = tags {
        if t.len() != sents.len() {
            return Err(Error::Input(format!(
                "{what}: {} tag sequences given for {} sentences",
                t.len(),
                sents.len()
            )));
        }
    }
    let mut out = Vec::with_capacity(sents.len());
    for (si, s) in sents.iter().enumerate() {
        let n = s.words.len();
        let mut ex = Example {
            words: Vec::with_capacity(n),
            tags: Vec::with_capacity(n),
            head: Vec::with_capacity(n),
            label: Vec::with_capacity(n),
        };
        let given = tags.and_then(|t| t.get(si));
        if let Some(g) = given {
            if g.len() != n {
                return Err(Error::Input(format!(
                    "{what}: sentence at line {} has {n} words but {} tags",
                    s.line,
                    g.len()
                )));
            }
        }
        for (i, w) in s.words.iter().enumerate() {
            ex.words.push(w.form.clone());
            let tag = match given {
                Some(g) => g[i].clone(),
                None => (w.upos.clone(), w.xpos.clone()),
            };
            ex.tags.push(tag);
            let h = match w.head {
                Some(0) | None => n as u32,
                Some(h) => h - 1,
            };
            ex.head.push(h);
            let key = CompactString::from(w.deprel.as_str());
            let id = match label_ids.get(&key) {
                Some(&id) => id,
                None => {
                    let id = labels.len() as u16;
                    labels.push(key.clone());
                    label_ids.insert(key, id);
                    id
                }
            };
            ex.label.push(id);
        }
        out.push(ex);
    }
    Ok(out)
}

/// Trains a parser; see [`crate::train`].
pub(crate) fn train(
    train_path: &Path,
    dev_path: &Path,
    opts: &TrainOptions,
) -> Result<(Parser, TrainReport), Error> {
    let t0 = Instant::now();
    let train_sents = read_conllu(train_path)?;
    let dev_sents = read_conllu(dev_path)?;
    let mut labels: Vec<CompactString> = vec![CompactString::from("root")];
    let mut label_ids: BTreeMap<CompactString, u16> = BTreeMap::new();
    label_ids.insert(CompactString::from("root"), 0);
    let mut examples = load_examples(
        &train_sents,
        opts.train_tags.as_ref(),
        &mut labels,
        &mut label_ids,
        "train",
    )?;
    if examples.is_empty() {
        return Err(Error::Input(format!(
            "{}: no training sentences",
            train_path.display()
        )));
    }
    let mut report = TrainReport {
        train_sentences: examples.len(),
        ..TrainReport::default()
    };
    // Lift non-projective arcs and collect the (move, label) classes seen.
    let mut seen_left = vec![false; labels.len()];
    let mut seen_right = vec![false; labels.len()];
    for ex in &mut examples {
        report.train_words += ex.words.len();
        report.nonprojective_arcs += projectivize(&mut ex.head);
        for (d, (&h, &l)) in ex.head.iter().zip(&ex.label).enumerate() {
            if (h as usize) > d {
                if h as usize == ex.words.len() {
                    seen_right[l as usize] = true; // root arc
                } else {
                    seen_left[l as usize] = true;
                }
            } else {
                seen_right[l as usize] = true;
            }
        }
    }
    let mut classes = vec![Class {
        mv: Move::Shift,
        label: 0,
    }];
    for (l, _) in labels.iter().enumerate() {
        if seen_left[l] {
            classes.push(Class {
                mv: Move::Left,
                label: l as u16,
            });
        }
        if seen_right[l] {
            classes.push(Class {
                mv: Move::Right,
                label: l as u16,
            });
        }
    }
    // Root-label arcs go only to the root.
    if !classes.iter().any(|c| c.mv == Move::Right && c.label == 0) {
        classes.push(Class {
            mv: Move::Right,
            label: 0,
        });
    }
    if opts.verbose {
        eprintln!(
            "parse: {} sentences, {} words, {} labels, {} classes, {} arcs lifted",
            report.train_sentences,
            report.train_words,
            labels.len(),
            classes.len(),
            report.nonprojective_arcs
        );
    }
    let clusters = match &opts.clusters {
        Some(dir) => Clusters::read_dir(dir)?,
        None => Clusters::default(),
    };
    let ambiguity = if opts.ambiguity {
        Ambiguity::from_treebank(&train_sents)
    } else {
        Ambiguity::default()
    };
    if opts.verbose {
        eprintln!(
            "parse: {} words with clusters, {} with ambiguity classes",
            clusters.len(),
            ambiguity.len()
        );
    }
    let mut flags = 0;
    if opts.punct_between {
        flags |= crate::system::FEAT_PUNCT;
    }
    if opts.head_pairs {
        flags |= crate::system::FEAT_HEADS;
    }
    let k = opts.ensemble.max(1);
    let mut members: Vec<Member> = (0..k)
        .map(|j| Member {
            p: Perceptron::new(classes.len()),
            rng: Rng::new(opts.seed.wrapping_add(0x5851_f42d * j as u64)),
            order: (0..examples.len()).collect(),
        })
        .collect();
    let ctx = EpochContext {
        examples: &examples,
        classes: &classes,
        clusters: &clusters,
        ambiguity: &ambiguity,
        flags,
        opts,
    };
    let mut best: Option<(f64, usize, LinearModel)> = None;
    for epoch in 0..opts.epochs.max(1) {
        // Members are independent: train them side by side.
        let (seen, wrong) = if members.len() == 1 {
            members[0].epoch(&ctx, epoch)
        } else {
            std::thread::scope(|sc| {
                let handles: Vec<_> = members
                    .iter_mut()
                    .map(|m| {
                        let ctx = &ctx;
                        sc.spawn(move || m.epoch(ctx, epoch))
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().unwrap_or((0, 0)))
                    .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
            })
        };
        // With several members the weights are pruned after mixing.
        let model = if members.len() == 1 {
            members[0].p.average(opts.prune)
        } else {
            let ms: Vec<LinearModel> = members.iter().map(|m| m.p.average(0.0)).collect();
            LinearModel::mean(&ms, opts.prune)
        };
        let parser = Parser::from_parts(
            model,
            labels.clone(),
            classes.clone(),
            clusters.clone(),
            ambiguity.clone(),
            flags,
        )?;
        let dev = match &opts.dev_tags {
            Some(t) => parser.evaluate(&dev_sents, t),
            None => parser.evaluate_gold_tags(&dev_sents),
        };
        report.epochs.push((epoch + 1, dev.uas, dev.las));
        if opts.verbose {
            eprintln!(
                "parse: epoch {:2}: train error {:.4}, dev UAS {:.4} LAS {:.4} (full {:.4}), {} features, {:.0}s",
                epoch + 1,
                wrong as f64 / seen.max(1) as f64,
                dev.uas,
                dev.las,
                dev.las_full,
                parser.model.n_features(),
                t0.elapsed().as_secs_f64()
            );
        }
        if best.as_ref().is_none_or(|b| dev.las > b.0) {
            report.best_epoch = epoch + 1;
            report.dev = dev;
            best = Some((dev.las, epoch + 1, parser.model));
        }
    }
    let (_, _, model) = best.ok_or_else(|| Error::Input("no epoch was trained".into()))?;
    report.seconds = t0.elapsed().as_secs_f64();
    let mut parser = Parser::from_parts(model, labels, classes, clusters, ambiguity, flags)?;
    parser.meta.insert(
        "train".into(),
        format!(
            "{} ({} sentences, {} words)",
            train_path.display(),
            report.train_sentences,
            report.train_words
        ),
    );
    parser
        .meta
        .insert("dev".into(), dev_path.display().to_string());
    parser.meta.insert(
        "options".into(),
        format!(
            "epochs={} ensemble={} seed={} explore_prob={} explore_from={} prune={} tag_noise={} predicted_train_tags={} clusters={} ambiguity={} punct_between={} head_pairs={}",
            opts.epochs,
            opts.ensemble,
            opts.seed,
            opts.explore_prob,
            opts.explore_from,
            opts.prune,
            opts.tag_noise,
            opts.train_tags.is_some(),
            opts.clusters.is_some(),
            opts.ambiguity,
            opts.punct_between,
            opts.head_pairs
        ),
    );
    parser.meta.insert(
        "dev_scores".into(),
        format!(
            "epoch {}: UAS {:.4} LAS {:.4} full-label LAS {:.4}",
            report.best_epoch, report.dev.uas, report.dev.las, report.dev.las_full
        ),
    );
    Ok((parser, report))
}

/// What every member of the ensemble reads during an epoch.
struct EpochContext<'a> {
    examples: &'a [Example],
    classes: &'a [Class],
    clusters: &'a Clusters,
    ambiguity: &'a Ambiguity,
    flags: u32,
    opts: &'a TrainOptions,
}

/// One perceptron of the ensemble with its own shuffle and exploration.
struct Member {
    p: Perceptron,
    rng: Rng,
    order: Vec<usize>,
}

impl Member {
    /// One pass over the shuffled training set with the dynamic oracle;
    /// returns `(decisions, mistakes)`.
    fn epoch(&mut self, ctx: &EpochContext<'_>, epoch: usize) -> (usize, usize) {
        let opts = ctx.opts;
        let classes = ctx.classes;
        let (p, rng) = (&mut self.p, &mut self.rng);
        rng.shuffle(&mut self.order);
        let explore = epoch >= opts.explore_from && opts.explore_prob > 0.0;
        let conf = confusions();
        let mut state = State::default();
        let mut feats = Features::new();
        let mut scores = vec![0f32; classes.len()];
        let mut costs = vec![0u32; classes.len()];
        let mut noisy: Vec<(&str, &str)> = Vec::new();
        let (mut seen, mut wrong) = (0usize, 0usize);
        for &ei in &self.order {
            let ex = &ctx.examples[ei];
            let words: Vec<&str> = ex.words.iter().map(|s| s.as_str()).collect();
            noisy.clear();
            for (u, t) in &ex.tags {
                let mut tag = t.as_str();
                if opts.tag_noise > 0.0 && uniform(rng) < opts.tag_noise {
                    let alts: Vec<&str> = conf
                        .iter()
                        .filter(|(a, _)| *a == tag)
                        .map(|(_, b)| *b)
                        .collect();
                    if !alts.is_empty() {
                        tag = alts[(rng.next_u64() % alts.len() as u64) as usize];
                    }
                }
                noisy.push((u.as_str(), tag));
            }
            state.reset(
                &words,
                |i| noisy.get(i).copied().unwrap_or(("_", "_")),
                ctx.clusters,
                ctx.ambiguity,
                ctx.flags,
            );
            while !state.is_final() {
                state.features(&mut feats);
                scores.iter_mut().for_each(|s| *s = 0.0);
                p.score(feats.as_slice(), &mut scores);
                let mut pred = usize::MAX;
                let mut gold = usize::MAX;
                let mut min_cost = u32::MAX;
                for (ci, &c) in classes.iter().enumerate() {
                    if !state.valid(c, 0) {
                        costs[ci] = u32::MAX;
                        continue;
                    }
                    let k = state.cost(c, &ex.head, &ex.label);
                    costs[ci] = k;
                    min_cost = min_cost.min(k);
                    if pred == usize::MAX || scores[ci] > scores[pred] {
                        pred = ci;
                    }
                }
                if pred == usize::MAX {
                    break; // cannot happen: a non-final state has a valid move
                }
                for (ci, &k) in costs.iter().enumerate() {
                    if k == min_cost && (gold == usize::MAX || scores[ci] > scores[gold]) {
                        gold = ci;
                    }
                }
                seen += 1;
                if costs[pred] > min_cost {
                    wrong += 1;
                    p.update(feats.as_slice(), gold, pred);
                }
                p.tick();
                // Follow the model's own choice when it is optimal, or, with
                // exploration on, with probability `explore_prob` anyway.
                let follow =
                    costs[pred] == min_cost || (explore && uniform(rng) < opts.explore_prob);
                let next = if follow { pred } else { gold };
                state.apply(classes[next]);
            }
        }
        (seen, wrong)
    }
}

fn uniform(rng: &mut Rng) -> f64 {
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// Scores predicted `(head, label)` pairs against gold for one sentence.
pub(crate) fn score_sentence(
    eval: &mut ParseEval,
    gold: &ConlluSentence,
    pred: &[(Option<u32>, CompactString)],
) {
    eval.sentences += 1;
    for (w, (h, l)) in gold.words.iter().zip(pred) {
        eval.words += 1;
        let gh = match w.head {
            Some(0) | None => None,
            Some(x) => Some(x - 1),
        };
        if gh == *h {
            eval.head_correct += 1;
            if universal(&w.deprel) == universal(l) {
                eval.label_correct += 1;
            }
            if w.deprel == l.as_str() {
                eval.full_label_correct += 1;
            }
        }
    }
    if gold.words.len() > pred.len() {
        eval.words += gold.words.len() - pred.len();
    }
}

impl ParseEval {
    pub(crate) fn finish(&mut self) {
        let n = self.words.max(1) as f64;
        self.uas = self.head_correct as f64 / n;
        self.las = self.label_correct as f64 / n;
        self.las_full = self.full_label_correct as f64 / n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifts_a_crossing_arc() {
        // 0 -> 2, 1 -> 3 crossing: words a b c d with heads
        // a(0)<-c(2), b(1)<-d(3), c root, d <- c.
        let mut heads = vec![2u32, 3, 4, 2];
        assert!(!arc_is_projective(&heads, 1) || !arc_is_projective(&heads, 0));
        let lifted = projectivize(&mut heads);
        assert!(lifted >= 1);
        for d in 0..heads.len() {
            assert!(arc_is_projective(&heads, d), "{heads:?}");
        }
    }

    #[test]
    fn universal_label() {
        assert_eq!(universal("nsubj:pass"), "nsubj");
        assert_eq!(universal("obj"), "obj");
    }
}
