//! Training and evaluation of the NER tagger on CoNLL-2003 files.
//!
//! Pass 1 is trained on the training file with shuffling (fixed seed) and
//! early stopping on the development file. For pass 2 the training file's
//! first-pass tags come from a two-fold jackknife (each half tagged by a
//! pass-1 model trained on the other half), so the document features look
//! as noisy in training as at run time.

use super::augment;
use super::features::{self, FeatureSet, Scratch, TokInfo};
use super::lexicon::{self, Brown, Clusters, Gazetteer};
use super::packed::Packed;
use super::score::Score;
use super::tags::{self, N_CLASSES};
use super::{
    best_allowed, decode_document, for_each_evidence, Decoder, Error, NerTagger, MODEL_KIND,
};
use chronicler_learn::corpus::read_conll;
use chronicler_learn::{Features, LinearModel, ModelFile, Perceptron, Rng};
use std::path::{Path, PathBuf};

/// Training options.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Maximum epochs of each pass.
    pub max_epochs: usize,
    /// Stop after this many epochs without a better development F1.
    pub patience: usize,
    /// Shuffling seed.
    pub seed: u64,
    /// Averaged weights with `|w| <= prune` are dropped from the model
    /// (after mixing when `ensemble > 1`).
    pub prune: f32,
    /// Feature families (ablations).
    pub features: FeatureSet,
    /// The repository's `data/` folder (clusters, gazetteers).
    pub data_dir: PathBuf,
    /// Folds of the jackknife that gives pass 2 its training-time first-pass
    /// tags (at least 2).
    pub folds: usize,
    /// Perceptrons trained on different shuffles and averaged (parameter
    /// mixing) in each pass.
    pub ensemble: usize,
    /// Static features seen fewer times than this in the training data are
    /// dropped (1 keeps all).
    pub min_count: u32,
    /// After choosing the epoch counts on the development file, retrain on
    /// training + development data with those counts (the shipped model).
    pub with_dev: bool,
    /// Each jackknife fold mixes `ensemble` perceptrons, as pass 1 does at
    /// run time (off: one perceptron per fold).
    pub jackknife_mix: bool,
    /// Share of the training data's person names given an honorific or a
    /// title ("Mr.", "Sen.") before them (see `augment::honorifics`): the
    /// Reuters text of CoNLL-2003 has almost none, most other news many.
    pub honorifics: f64,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            max_epochs: 12,
            patience: 3,
            seed: 20030,
            prune: 0.0,
            features: FeatureSet::default(),
            data_dir: PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data")),
            with_dev: false,
            folds: 4,
            ensemble: 3,
            min_count: 1,
            jackknife_mix: false,
            honorifics: 0.15,
        }
    }
}

fn read(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|e| Error::Io {
        path: path.display().to_string(),
        source: e,
    })
}

/// Builds clusters and the gazetteer from `data/`.
pub(crate) fn build_resources(
    data: &Path,
    log: &mut dyn FnMut(&str),
) -> Result<(Clusters, Gazetteer), Error> {
    let ner = data.join("ner");
    let clusters = Clusters::from_tsv(
        &read(&ner.join("clusters.tsv"))?,
        &read(&ner.join("cluster_groups.tsv"))?,
    )?;
    let mut g = Gazetteer::default();
    let lists = [
        ("first_names.txt", lexicon::GAZ_FIRST),
        ("org_keywords.txt", lexicon::GAZ_ORGKEY),
        ("person_titles.txt", lexicon::GAZ_TITLE),
        ("loc_keywords.txt", lexicon::GAZ_LOCKEY),
        ("misc.txt", lexicon::GAZ_MISC),
        ("orgs.txt", lexicon::GAZ_ORG),
        ("companies.txt", lexicon::GAZ_ORG),
        ("clubs.txt", lexicon::GAZ_CLUB),
        ("surnames.txt", lexicon::GAZ_SURNAME),
        ("census_first_names.txt", lexicon::GAZ_FIRST),
    ];
    for (f, ty) in lists {
        let n = lexicon::add_list(&mut g, &read(&ner.join(f))?, ty);
        log(&format!("gazetteer ner/{f}: {n} names"));
    }
    // Optional resources of other stages.
    let mut optional: Vec<(PathBuf, usize)> = vec![
        (data.join("places/places.tsv"), lexicon::GAZ_LOC),
        (data.join("places/divisions.tsv"), lexicon::GAZ_LOC),
        (data.join("places/regions.tsv"), lexicon::GAZ_LOC),
        (data.join("actors/countries.tsv"), lexicon::GAZ_LOC),
        (data.join("actors/igos.tsv"), lexicon::GAZ_ORG),
        (data.join("actors/organizations.tsv"), lexicon::GAZ_ORG),
    ];
    if let Ok(rd) = std::fs::read_dir(data.join("actors/people")) {
        let mut ps: Vec<PathBuf> = rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
            .collect();
        ps.sort();
        optional.extend(ps.into_iter().map(|p| (p, lexicon::GAZ_PER)));
    }
    for (p, ty) in optional {
        if let Ok(t) = std::fs::read_to_string(&p) {
            let n = lexicon::add_tsv_names(&mut g, &t, ty);
            log(&format!("gazetteer {}: {n} names", p.display()));
        }
    }
    log(&format!(
        "clusters: {} words; gazetteer: {} entries",
        clusters.len(),
        g.len()
    ));
    Ok((clusters, g))
}

/// A CoNLL document: sentences of words with gold BILOU classes.
struct GoldDoc {
    sents: Vec<(Vec<String>, Vec<usize>)>,
    /// POS keys per sentence from our own POS tagger (empty unless the
    /// POS features are on; the corpus's POS column is never read).
    pos: Vec<Vec<u64>>,
}

impl GoldDoc {
    fn words(&self) -> Vec<Vec<&str>> {
        self.sents
            .iter()
            .map(|(w, _)| w.iter().map(String::as_str).collect())
            .collect()
    }
}

/// Tags the words of `docs` with the embedded POS tagger when `fs.pos`.
fn add_pos(docs: &mut [GoldDoc], fs: FeatureSet) -> Result<(), Error> {
    if !fs.pos {
        return Ok(());
    }
    let tagger = crate::PosTagger::load_default()
        .map_err(|e| Error::Data(format!("POS features need the POS tagger: {e}")))?;
    for d in docs.iter_mut() {
        d.pos = super::pos_tag_sentences(&tagger, &d.words());
    }
    Ok(())
}

fn load_docs(path: &Path) -> Result<Vec<GoldDoc>, Error> {
    let docs = read_conll(path)?;
    Ok(docs
        .into_iter()
        .map(|d| GoldDoc {
            sents: d
                .into_iter()
                .map(|s| {
                    let words: Vec<String> = s.iter().map(|t| t.word.clone()).collect();
                    let tags: Vec<&str> = s.iter().map(|t| t.tag()).collect();
                    let spans = tags::conll_tags_to_spans(&tags);
                    let classes = tags::spans_to_classes(&spans, words.len());
                    (words, classes)
                })
                .collect(),
            pos: Vec::new(),
        })
        .collect())
}

/// Precomputed training sentence.
struct Sent {
    doc: usize,
    info: Vec<TokInfo>,
    feats: Vec<u64>,
    offs: Vec<u32>,
    dfeats: Vec<u64>,
    doffs: Vec<u32>,
    gold: Vec<usize>,
}

fn precompute(docs: &[GoldDoc], clusters: &Clusters, gaz: &Gazetteer, fs: FeatureSet) -> Vec<Sent> {
    let mut out = Vec::new();
    let mut scratch = Scratch::default();
    let mut f = Features::new();
    for (di, d) in docs.iter().enumerate() {
        let mut infos = Vec::with_capacity(d.sents.len());
        let mut caps_of = Vec::with_capacity(d.sents.len());
        for (si, (words, _)) in d.sents.iter().enumerate() {
            let ws: Vec<&str> = words.iter().map(String::as_str).collect();
            let caps = features::is_caps_sentence(&ws);
            features::sentence_info(&ws, caps, clusters, gaz, &mut scratch);
            if let Some(p) = d.pos.get(si) {
                features::set_pos(&mut scratch.info, p);
            }
            infos.push(std::mem::take(&mut scratch.info));
            caps_of.push(caps);
        }
        let agg = if fs.aggregation {
            features::doc_contexts(&infos)
        } else {
            Default::default()
        };
        let doc_b = features::numeric_bucket(infos.iter().flatten());
        for ((info, caps), (_, gold)) in infos.into_iter().zip(caps_of).zip(&d.sents) {
            let sent_b = features::numeric_bucket(info.iter());
            let mut feats = Vec::new();
            let mut offs = vec![0u32];
            for i in 0..info.len() {
                features::static_features(&info, i, caps, fs, &mut f);
                if fs.numeric {
                    features::numeric_features(&info[i], doc_b, sent_b, &mut f);
                }
                feats.extend_from_slice(f.as_slice());
                if let Some(ctx) = agg.get(&info[i].doc_key).filter(|_| info[i].doc_key != 0) {
                    f.clear();
                    features::agg_features(ctx, &mut f);
                    feats.extend_from_slice(&f.as_slice()[1..]);
                }
                offs.push(feats.len() as u32);
            }
            out.push(Sent {
                doc: di,
                info,
                feats,
                offs,
                dfeats: Vec::new(),
                doffs: Vec::new(),
                gold: gold.clone(),
            });
        }
    }
    out
}

/// Drops the static features seen fewer than `min` times in `sents` (feature
/// count cutoff: rare features mostly memorise, and they fill the table).
fn cutoff(sents: &mut [Sent], min: u32) {
    if min <= 1 {
        return;
    }
    let mut c: rustc_hash::FxHashMap<u64, u32> = Default::default();
    for s in sents.iter() {
        for &k in &s.feats {
            *c.entry(k).or_default() += 1;
        }
    }
    for s in sents.iter_mut() {
        let mut feats = Vec::with_capacity(s.feats.len());
        let mut offs = Vec::with_capacity(s.offs.len());
        offs.push(0u32);
        for w in s.offs.windows(2) {
            let toks = s.feats.get(w[0] as usize..w[1] as usize).unwrap_or(&[]);
            feats.extend(toks.iter().filter(|k| c.get(k).is_some_and(|&n| n >= min)));
            offs.push(feats.len() as u32);
        }
        s.feats = feats;
        s.offs = offs;
    }
}

fn train_epoch(p: &mut Perceptron, sents: &[Sent], order: &[usize], use_doc: bool) {
    let mut hist = Features::new();
    for &si in order {
        let s = &sents[si];
        let n = s.gold.len();
        let (mut prev, mut prev2) = (0usize, 0usize);
        for i in 0..n {
            let st = &s.feats[s.offs[i] as usize..s.offs[i + 1] as usize];
            let dt: &[u64] = if use_doc {
                &s.dfeats[s.doffs[i] as usize..s.doffs[i + 1] as usize]
            } else {
                &[]
            };
            features::history_features(&s.info[i], prev, prev2, &mut hist);
            let ht = &hist.as_slice()[1..];
            let mut sc = [0f32; N_CLASSES];
            p.score(st, &mut sc);
            p.score(dt, &mut sc);
            p.score(ht, &mut sc);
            let guess = best_allowed(&sc, prev, i + 1 == n);
            let gold = s.gold[i];
            if guess != gold {
                p.update(st, gold, guess);
                p.update(dt, gold, guess);
                p.update(ht, gold, guess);
            }
            p.tick();
            prev2 = prev;
            prev = guess;
        }
    }
}

/// Greedy pass-1 tags of precomputed sentences with a frozen model.
fn tag_pass1(
    m: &LinearModel,
    sents: &[Sent],
    which: impl Fn(&Sent) -> bool,
) -> Vec<Option<Vec<usize>>> {
    let mut hist = Features::new();
    let mut base = Vec::new();
    sents
        .iter()
        .map(|s| {
            if !which(s) {
                return None;
            }
            base.clear();
            for i in 0..s.gold.len() {
                let mut sc = [0f32; N_CLASSES];
                m.score(
                    &s.feats[s.offs[i] as usize..s.offs[i + 1] as usize],
                    &mut sc,
                );
                base.push(sc);
            }
            let mut out = Vec::new();
            super::greedy(m, &s.info, &base, &mut hist, &mut out);
            Some(out)
        })
        .collect()
}

fn eval_docs(
    docs: &[GoldDoc],
    p1: &LinearModel,
    p2: Option<&LinearModel>,
    clusters: &Clusters,
    gaz: &Gazetteer,
    fs: FeatureSet,
) -> Score {
    let mut score = Score::default();
    let packed = Packed::new(p1, p2);
    let decoder = Decoder {
        packed: &packed,
        pass2: p2.is_some(),
        repair: false,
        beam: 1,
        clusters,
        gaz,
        fs,
    };
    for d in docs {
        let sents = d.words();
        let pred = decode_document(&decoder, &sents, &d.pos, 0);
        for ((w, gold), p) in d.sents.iter().zip(pred) {
            score.tokens += w.len();
            score.add(&tags::classes_to_spans(gold), &tags::classes_to_spans(&p));
        }
    }
    score
}

/// Trains a perceptron with early stopping; returns the best averaged model
/// and its epoch count.
#[allow(clippy::too_many_arguments)]
fn fit(
    sents: &[Sent],
    use_doc: bool,
    max_epochs: usize,
    patience: usize,
    seed: u64,
    prune: f32,
    ensemble: usize,
    mut eval: Option<&mut dyn FnMut(&LinearModel) -> f64>,
    log: &mut dyn FnMut(&str),
    name: &str,
) -> (LinearModel, usize) {
    let k = ensemble.max(1);
    let mut ps: Vec<Perceptron> = (0..k).map(|_| Perceptron::new(N_CLASSES)).collect();
    let mut orders: Vec<Vec<usize>> = vec![(0..sents.len()).collect(); k];
    let mut rngs: Vec<Rng> = (0..k)
        .map(|j| Rng::new(seed.wrapping_add(0x5851_f42d * j as u64)))
        .collect();
    let mut best: Option<(f64, LinearModel, usize)> = None;
    let mut bad = 0;
    // With several perceptrons the weights are pruned after mixing.
    let avg = |ps: &[Perceptron]| -> LinearModel {
        if ps.len() == 1 {
            return ps[0].average(prune);
        }
        let ms: Vec<LinearModel> = ps.iter().map(|p| p.average(0.0)).collect();
        LinearModel::mean(&ms, prune)
    };
    for epoch in 1..=max_epochs {
        let t = std::time::Instant::now();
        for ((p, order), rng) in ps.iter_mut().zip(&mut orders).zip(&mut rngs) {
            rng.shuffle(order);
            train_epoch(p, sents, order, use_doc);
        }
        match eval.as_mut() {
            Some(ev) => {
                let m = avg(&ps);
                let f1 = ev(&m);
                log(&format!(
                    "{name} epoch {epoch}: dev F1 {:.2} ({} features, {:.1}s)",
                    100.0 * f1,
                    m.n_features(),
                    t.elapsed().as_secs_f64()
                ));
                if best.as_ref().is_none_or(|b| f1 > b.0) {
                    best = Some((f1, m, epoch));
                    bad = 0;
                } else {
                    bad += 1;
                    if bad >= patience {
                        break;
                    }
                }
            }
            None => log(&format!(
                "{name} epoch {epoch} ({:.1}s)",
                t.elapsed().as_secs_f64()
            )),
        }
    }
    match best {
        Some((_, m, e)) => (m, e),
        None => (avg(&ps), max_epochs),
    }
}

/// Jackknifed first-pass tags (two folds by document parity, `e1` epochs)
/// and the document features they give, stored in each sentence.
fn add_doc_features(sents: &mut [Sent], e1: usize, opts: &TrainOptions, log: &mut dyn FnMut(&str)) {
    // Jackknife first-pass tags for the training documents.
    let mut p1_tags: Vec<Option<Vec<usize>>> = vec![None; sents.len()];
    let k = opts.folds.max(2);
    for fold in 0..k {
        let idx: Vec<usize> = (0..sents.len())
            .filter(|&i| sents[i].doc % k != fold)
            .collect();
        // Train on the other fold (a view by index).
        let members = if opts.jackknife_mix {
            opts.ensemble.max(1)
        } else {
            1
        };
        let mut ms: Vec<LinearModel> = (0..members)
            .map(|j| {
                let mut p = Perceptron::new(N_CLASSES);
                let mut order = idx.clone();
                let mut rng = Rng::new(
                    (opts.seed ^ ((fold as u64 + 1) * 0x9e37)).wrapping_add(0x5851_f42d * j as u64),
                );
                for _ in 0..e1 {
                    rng.shuffle(&mut order);
                    train_epoch(&mut p, sents, &order, false);
                }
                p.average(if members == 1 { opts.prune } else { 0.0 })
            })
            .collect();
        let m = match ms.len() {
            1 => ms.swap_remove(0),
            _ => LinearModel::mean(&ms, opts.prune),
        };
        let tagged = tag_pass1(&m, sents, |s| s.doc % k == fold);
        for (slot, t) in p1_tags.iter_mut().zip(tagged) {
            if t.is_some() {
                *slot = t;
            }
        }
        log(&format!("jackknife fold {fold} done"));
    }
    // Document features from the jackknifed tags.
    let mut f = Features::new();
    let mut start = 0;
    while start < sents.len() {
        let doc = sents[start].doc;
        let mut end = start;
        while end < sents.len() && sents[end].doc == doc {
            end += 1;
        }
        let infos: Vec<Vec<TokInfo>> = sents[start..end].iter().map(|s| s.info.clone()).collect();
        let p1: Vec<Vec<usize>> = (start..end)
            .map(|i| {
                p1_tags[i]
                    .clone()
                    .unwrap_or_else(|| vec![0; sents[i].gold.len()])
            })
            .collect();
        let mut per: Vec<Vec<Vec<u64>>> = infos.iter().map(|x| vec![Vec::new(); x.len()]).collect();
        for_each_evidence(&infos, &p1, |si, i, e| {
            features::doc_features(&infos[si][i], e, opts.features, &mut f);
            per[si][i] = f.as_slice()[1..].to_vec();
        });
        for (k, toks) in per.into_iter().enumerate() {
            let s = &mut sents[start + k];
            s.doffs = vec![0];
            for t in toks {
                s.dfeats.extend_from_slice(&t);
                s.doffs.push(s.dfeats.len() as u32);
            }
        }
        start = end;
    }
}

/// A trained model: the tagger and its model-file bytes.
#[derive(Debug, Clone)]
pub struct NerModel {
    /// The tagger.
    pub tagger: NerTagger,
    /// The model file (write it to `models/ner.bin`).
    pub bytes: Vec<u8>,
    /// Development-set score of the final model.
    pub dev: Score,
}

/// Trains on `train` (CoNLL-2003 columns) with early stopping on `dev`.
pub fn train(train: &Path, dev: &Path, opts: &TrainOptions) -> Result<NerModel, Error> {
    train_with_log(train, dev, opts, &mut |_| {})
}

/// As [`train`], reporting progress through `log`.
pub fn train_with_log(
    train: &Path,
    dev: &Path,
    opts: &TrainOptions,
    log: &mut dyn FnMut(&str),
) -> Result<NerModel, Error> {
    let t0 = std::time::Instant::now();
    let fs = opts.features;
    let (mut clusters, gaz) = build_resources(&opts.data_dir, log)?;
    if fs.brown || fs.freq {
        clusters.brown = Brown::from_tsv(&read(&opts.data_dir.join("ner/brown.tsv"))?)?;
        log(&format!("brown clusters: {} words", clusters.brown.len()));
    }
    let (clusters, gaz) = if fs.clusters && fs.gazetteers {
        (clusters, gaz)
    } else {
        (
            if fs.clusters {
                clusters
            } else {
                Clusters::default()
            },
            if fs.gazetteers {
                gaz
            } else {
                Gazetteer::default()
            },
        )
    };
    let mut train_docs = load_docs(train)?;
    for d in &mut train_docs {
        augment::honorifics(&mut d.sents, opts.honorifics, opts.seed);
    }
    let mut dev_docs = load_docs(dev)?;
    add_pos(&mut train_docs, fs)?;
    add_pos(&mut dev_docs, fs)?;
    let mut sents = precompute(&train_docs, &clusters, &gaz, fs);
    cutoff(&mut sents, opts.min_count);
    log(&format!(
        "{} training sentences, {} dev documents ({:.1}s)",
        sents.len(),
        dev_docs.len(),
        t0.elapsed().as_secs_f64()
    ));

    // Pass 1 on everything, early stopping on dev.
    let mut ev1 = |m: &LinearModel| {
        eval_docs(&dev_docs, m, None, &clusters, &gaz, fs)
            .total()
            .f1()
    };
    let (pass1, e1) = fit(
        &sents,
        false,
        opts.max_epochs,
        opts.patience,
        opts.seed,
        opts.prune,
        opts.ensemble,
        Some(&mut ev1),
        log,
        "pass1",
    );

    let pass2 = if fs.document {
        add_doc_features(&mut sents, e1, opts, log);
        let mut ev2 = |m: &LinearModel| {
            eval_docs(&dev_docs, &pass1, Some(m), &clusters, &gaz, fs)
                .total()
                .f1()
        };
        let (pass2, e2) = fit(
            &sents,
            true,
            opts.max_epochs,
            opts.patience,
            opts.seed.wrapping_add(7),
            opts.prune,
            opts.ensemble,
            Some(&mut ev2),
            log,
            "pass2",
        );
        Some((pass2, e2))
    } else {
        None
    };
    let e2 = pass2.as_ref().map_or(0, |p| p.1);
    let mut pass2 = pass2.map(|p| p.0);
    let mut pass1 = pass1;
    let dev_score = eval_docs(&dev_docs, &pass1, pass2.as_ref(), &clusters, &gaz, fs);
    log(&format!("trained on train only; dev:\n{dev_score}"));
    if opts.with_dev {
        let mut dev_docs = dev_docs;
        for d in &mut dev_docs {
            augment::honorifics(&mut d.sents, opts.honorifics, opts.seed.wrapping_add(1));
        }
        // The inserted words change the sentences: tag them again.
        add_pos(&mut dev_docs, fs)?;
        let mut all_docs = train_docs;
        all_docs.extend(dev_docs);
        let mut all = precompute(&all_docs, &clusters, &gaz, fs);
        cutoff(&mut all, opts.min_count);
        pass1 = fit(
            &all,
            false,
            e1,
            usize::MAX,
            opts.seed,
            opts.prune,
            opts.ensemble,
            None,
            log,
            "pass1 (train+dev)",
        )
        .0;
        if fs.document {
            add_doc_features(&mut all, e1, opts, log);
            pass2 = Some(
                fit(
                    &all,
                    true,
                    e2,
                    usize::MAX,
                    opts.seed.wrapping_add(7),
                    opts.prune,
                    opts.ensemble,
                    None,
                    log,
                    "pass2 (train+dev)",
                )
                .0,
            );
        }
    }

    let mut file = ModelFile::new(MODEL_KIND);
    file.labels = tags::class_names();
    file.meta
        .insert("features".into(), fs.to_bits().to_string());
    file.meta.insert("seed".into(), opts.seed.to_string());
    file.meta
        .insert("honorifics".into(), opts.honorifics.to_string());
    file.meta.insert(
        "train".into(),
        train
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
    );
    file.meta
        .insert("dev_f1".into(), format!("{:.4}", dev_score.total().f1()));
    file.meta.insert("pass1_epochs".into(), e1.to_string());
    file.meta.insert("pass2_epochs".into(), e2.to_string());
    file.meta
        .insert("with_dev".into(), opts.with_dev.to_string());
    file.blobs.insert("clusters".into(), clusters.to_blob());
    if fs.brown || fs.freq {
        file.blobs.insert("brown".into(), clusters.brown.to_blob());
    }
    file.blobs.insert("gazetteer16".into(), gaz.to_blob());
    let passes = if pass2.is_some() { "2" } else { "1" };
    file.meta.insert("passes".into(), passes.into());
    file.blobs.insert(
        "packed".into(),
        Packed::new(&pass1, pass2.as_ref()).to_blob(),
    );
    let bytes = file.to_bytes();
    let tagger = NerTagger::from_model_file(file)?;
    log(&format!(
        "done in {:.1}s; model {} bytes; dev:\n{dev_score}",
        t0.elapsed().as_secs_f64(),
        bytes.len()
    ));
    Ok(NerModel {
        tagger,
        bytes,
        dev: dev_score,
    })
}

/// Scores a tagger on a CoNLL-2003 file (IOB1 or IOB2), document by document.
pub fn evaluate(tagger: &NerTagger, path: &Path) -> Result<Score, Error> {
    let docs = load_docs(path)?;
    let mut score = Score::default();
    for d in &docs {
        let sents: Vec<Vec<&str>> = d
            .sents
            .iter()
            .map(|(w, _)| w.iter().map(String::as_str).collect())
            .collect();
        let pred = tagger.tag_document_classes(&sents);
        for ((w, gold), p) in d.sents.iter().zip(pred) {
            score.tokens += w.len();
            score.add(&tags::classes_to_spans(gold), &tags::classes_to_spans(&p));
        }
    }
    Ok(score)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::spans_to_bio;

    fn shared() -> Option<PathBuf> {
        let p = PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/conll2003"
        ));
        if p.join("eng.train").exists() {
            Some(p)
        } else {
            eprintln!("skipping: CoNLL-2003 data not found at {}", p.display());
            None
        }
    }

    /// Trains the shipped model: `cargo test -p chronicler-tag --release --lib
    /// ner::train::tests::train_ner_model -- --ignored --nocapture`
    /// (env `NER_FEATURES=0..7` for ablations; `NER_OUT` for the output path,
    /// default `models/ner.bin` only when all features are on).
    #[test]
    #[ignore]
    fn train_ner_model() {
        let Some(d) = shared() else { return };
        let mut opts = TrainOptions::default();
        if let Some(b) = std::env::var("NER_FEATURES")
            .ok()
            .and_then(|s| s.parse::<u16>().ok())
        {
            opts.features = FeatureSet::from_bits(b);
        }
        opts.with_dev = std::env::var("NER_WITH_DEV").is_ok_and(|v| v == "1");
        opts.jackknife_mix = std::env::var("NER_JK_MIX").is_ok_and(|v| v == "1");
        if let Some(p) = std::env::var("NER_PATIENCE")
            .ok()
            .and_then(|s| s.parse::<usize>().ok())
        {
            opts.patience = p;
        }
        if let Ok(p) = std::env::var("NER_DATA") {
            opts.data_dir = PathBuf::from(p);
        }
        if let Some(e) = std::env::var("NER_SEED")
            .ok()
            .and_then(|s| s.parse::<u64>().ok())
        {
            opts.seed = e;
        }
        if let Some(e) = std::env::var("NER_FOLDS")
            .ok()
            .and_then(|s| s.parse::<usize>().ok())
        {
            opts.folds = e;
        }
        if let Some(e) = std::env::var("NER_HONORIFICS")
            .ok()
            .and_then(|s| s.parse::<f64>().ok())
        {
            opts.honorifics = e;
        }
        if let Some(e) = std::env::var("NER_ENSEMBLE")
            .ok()
            .and_then(|s| s.parse::<usize>().ok())
        {
            opts.ensemble = e;
        }
        if let Some(e) = std::env::var("NER_MIN_COUNT")
            .ok()
            .and_then(|s| s.parse::<u32>().ok())
        {
            opts.min_count = e;
        }
        if let Some(e) = std::env::var("NER_EPOCHS")
            .ok()
            .and_then(|s| s.parse::<usize>().ok())
        {
            opts.max_epochs = e;
        }
        if let Some(p) = std::env::var("NER_PRUNE")
            .ok()
            .and_then(|s| s.parse::<f32>().ok())
        {
            opts.prune = p;
        }
        let m = train_with_log(
            &d.join("eng.train"),
            &d.join("eng.testa"),
            &opts,
            &mut |s| eprintln!("{s}"),
        )
        .expect("training");
        for f in ["eng.testa", "eng.testb", "conllpp/conllpp_test.txt"] {
            let s = evaluate(&m.tagger, &d.join(f)).expect("eval");
            eprintln!("== {f}\n{s}");
        }
        if let Ok(dump) = std::env::var("NER_DUMP") {
            let set = std::env::var("NER_DUMP_SET").unwrap_or_else(|_| "eng.testa".into());
            let docs = load_docs(&d.join(set)).expect("dump set");
            let mut o = String::new();
            for doc in &docs {
                let sents: Vec<Vec<&str>> = doc
                    .sents
                    .iter()
                    .map(|(w, _)| w.iter().map(String::as_str).collect())
                    .collect();
                let pred = m.tagger.tag_document_classes(&sents);
                for ((w, g), p) in doc.sents.iter().zip(pred) {
                    let gb = spans_to_bio(&tags::classes_to_spans(g), w.len());
                    let pb = spans_to_bio(&tags::classes_to_spans(&p), w.len());
                    for k in 0..w.len() {
                        o.push_str(&format!(
                            "{} {} {}\n",
                            w[k],
                            gb[k].to_conll(),
                            pb[k].to_conll()
                        ));
                    }
                    o.push('\n');
                }
            }
            std::fs::write(dump, o).expect("dump");
        }
        let out = std::env::var("NER_OUT").ok().or_else(|| {
            (opts.features == FeatureSet::default())
                .then(|| concat!(env!("CARGO_MANIFEST_DIR"), "/../../models/ner.bin").to_string())
        });
        if let Some(out) = out {
            std::fs::write(&out, &m.bytes).expect("write model");
            eprintln!("wrote {out} ({} bytes)", m.bytes.len());
        }
    }
}

#[cfg(test)]
mod beam {
    use super::*;

    /// Scores a model file (`NER_MODEL`, else the embedded model) with beam
    /// decoding of several widths (`NER_BEAMS`, default `1,2,4,8`) on
    /// testa, testb and CoNLL++:
    /// `NER_MODEL=/tmp/m.bin cargo test -p chronicler-tag --release --lib
    /// ner::train::beam -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn beam_widths() {
        let d = PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/conll2003"
        ));
        if !d.join("eng.testb").exists() {
            eprintln!("skipping: CoNLL-2003 data not found at {}", d.display());
            return;
        }
        let tagger = match std::env::var("NER_MODEL") {
            Ok(m) => NerTagger::load(Path::new(&m)).expect("model file"),
            Err(_) => NerTagger::load_default().expect("model"),
        };
        let beams = std::env::var("NER_BEAMS").unwrap_or_else(|_| "1,2,4,8".into());
        for k in beams
            .split(',')
            .filter_map(|k| k.trim().parse::<usize>().ok())
        {
            let t = tagger.clone().with_beam(k);
            let mut row = format!("beam {k}:");
            for f in ["eng.testa", "eng.testb", "conllpp/conllpp_test.txt"] {
                let s = evaluate(&t, &d.join(f)).expect("eval");
                row.push_str(&format!(" {f} {:.2}", 100.0 * s.total().f1()));
            }
            eprintln!("{row}");
        }
    }
}

#[cfg(test)]
mod speed {
    use super::*;

    /// CPU seconds of this thread (Linux; 0 elsewhere).
    fn thread_cpu() -> f64 {
        let Ok(st) = std::fs::read_to_string("/proc/thread-self/stat") else {
            return 0.0;
        };
        let f: Vec<&str> = st
            .rsplit(')')
            .next()
            .unwrap_or("")
            .split_whitespace()
            .collect();
        let t = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
        (t(11) + t(12)) / 100.0
    }

    /// Tokens per second of the embedded model on `eng.testb`, one thread:
    /// `cargo test -p chronicler-tag --release --lib ner::train::speed -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn ner_throughput() {
        let p = PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/conll2003/eng.testb"
        ));
        let Ok(docs) = load_docs(&p) else {
            eprintln!("skipping: {} not found", p.display());
            return;
        };
        // NER_MODEL=path scores a model file instead of the embedded one;
        // NER_BEAM=k decodes with a beam of k.
        let beam = std::env::var("NER_BEAM")
            .ok()
            .and_then(|k| k.parse::<usize>().ok())
            .unwrap_or(1);
        let load = || {
            match std::env::var("NER_MODEL") {
                Ok(m) => NerTagger::load(Path::new(&m)).expect("model file"),
                Err(_) => NerTagger::load_default().expect("model"),
            }
            .with_beam(beam)
        };
        if let Ok(sc) = evaluate(&load(), &p) {
            eprintln!("testb F1 {:.2}", 100.0 * sc.total().f1());
        }
        let t = std::time::Instant::now();
        let tagger = load();
        eprintln!(
            "load: {:.3}s; run-time weights {} bytes",
            t.elapsed().as_secs_f64(),
            tagger.weights_bytes()
        );
        let docs: Vec<Vec<Vec<&str>>> = docs
            .iter()
            .map(|d| {
                d.sents
                    .iter()
                    .map(|(w, _)| w.iter().map(String::as_str).collect())
                    .collect()
            })
            .collect();
        let n: usize = docs.iter().flatten().map(Vec::len).sum();
        // A model with POS features gets the tags as the pipeline gives them
        // (the POS stage runs before NER), tagged outside the timed loop.
        let pos: Vec<Vec<Vec<String>>> = if tagger.uses_pos() {
            let pt = crate::PosTagger::load_default().expect("POS model");
            docs.iter()
                .map(|d| {
                    d.iter()
                        .map(|s| pt.tag(s).into_iter().map(|t| t.xpos.to_string()).collect())
                        .collect()
                })
                .collect()
        } else {
            Vec::new()
        };
        let pos: Vec<Vec<Vec<&str>>> = pos
            .iter()
            .map(|d| {
                d.iter()
                    .map(|s| s.iter().map(String::as_str).collect())
                    .collect()
            })
            .collect();
        for (d, p) in docs.iter().zip(&pos) {
            assert_eq!(
                tagger.tag_document_with_pos(d, p),
                tagger.tag_document(d),
                "given tags and the tagger's own tags must decode alike"
            );
        }
        let mut ents = 0;
        let cpu0 = thread_cpu();
        let t = std::time::Instant::now();
        // NER_REPS=n passes over the file (default 5).
        let reps = std::env::var("NER_REPS")
            .ok()
            .and_then(|r| r.parse::<usize>().ok())
            .unwrap_or(5);
        for _ in 0..reps {
            for (k, d) in docs.iter().enumerate() {
                let spans = match pos.get(k) {
                    Some(p) => tagger.tag_document_with_pos(d, p),
                    None => tagger.tag_document(d),
                };
                ents += spans.iter().map(Vec::len).sum::<usize>();
            }
        }
        let s = t.elapsed().as_secs_f64();
        eprintln!(
            "{} tokens x {reps} in {s:.3}s: {:.0} tokens/s wall ({ents} entities)",
            n,
            (n * reps) as f64 / s
        );
        let cpu = thread_cpu() - cpu0;
        if cpu > 0.0 {
            eprintln!(
                "thread CPU {cpu:.2}s: {:.0} tokens/s CPU",
                (n * reps) as f64 / cpu
            );
        }
    }
}
