//! Decode-time search over transition sequences, as an alternative to the
//! greedy decoder: beam search and selectional branching.
//!
//! Both use the model as it is (trained for greedy decoding) and rank
//! complete transition sequences (every one has `2n` transitions) by the
//! sum of their transition scores. Raw perceptron scores are not comparable
//! across configurations (a beam over them loses 3 to 5 points of UAS on
//! UD EWT), so the searches can turn them into log-probabilities with a
//! softmax at a temperature first: 25 model units suits the shipped model.
//! The greedy decoder stays the default; the searches cost 1.5 to 9 times
//! its time (see the crate README for measured accuracy and speed).

use crate::system::{situation_of, valid_when, Class, Config, Move, State, SITUATIONS};
use crate::Parser;
use chronicler_learn::table::Scores;
use chronicler_learn::Features;
use std::cmp::Ordering;

/// How the parser searches for the transition sequence of a sentence.
///
/// With the shipped model use a `temperature` of 25 (chosen on UD EWT dev;
/// `0`, raw summed scores, makes the beam worse than greedy decoding).
///
/// ```
/// use chronicler_parse::{Decoding, Parser};
/// let parser = Parser::load_default()?.with_decoding(Decoding::Beam {
///     width: 4,
///     temperature: 25.0,
/// });
/// let words = ["Police", "arrested", "two", "men", "on", "Sunday", "."];
/// let upos = ["NOUN", "VERB", "NUM", "NOUN", "ADP", "PROPN", "PUNCT"];
/// let xpos = ["NNS", "VBD", "CD", "NNS", "IN", "NNP", "."];
/// let arcs = parser.parse_sentence(&words, &upos, &xpos);
/// assert_eq!(arcs[1], (None, "root".into()));
/// assert_eq!(arcs[3], (Some(1), "obj".into()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Decoding {
    /// The best-scoring valid transition at each step (the default, and the
    /// fastest: it allocates nothing per transition).
    #[default]
    Greedy,
    /// Beam search: after each step, keep the `width` best configurations
    /// by the sum of their transition scores (ties: the earlier hypothesis,
    /// then the earlier transition, so width 1 is the greedy decoder).
    /// Widths below 1 read as 1.
    Beam {
        /// Number of configurations kept.
        width: usize,
        /// See [`Decoding::Branching::temperature`].
        temperature: f32,
    },
    /// Selectional branching (after Choi & McCallum 2013): decode greedily,
    /// noting each valid transition whose score is less than `margin` below
    /// the chosen one; then, from the `branches` alternatives with the
    /// smallest margins, decode one more sequence each (the greedy prefix,
    /// the alternative, then greedily to the end), and keep the complete
    /// sequence with the highest summed score. `branches: 0` or
    /// `margin <= 0` is the greedy decoder. With a temperature, an
    /// alternative is abandoned as soon as its running score falls to the
    /// best complete score found (log-probabilities only fall): the result
    /// is the same, found sooner.
    Branching {
        /// Largest score difference between the greedy transition and an
        /// alternative worth exploring (model units, or a difference of
        /// log-probabilities with a temperature).
        margin: f32,
        /// Most alternative sequences decoded besides the greedy one.
        branches: usize,
        /// `0`: a sequence scores the sum of its raw transition scores;
        /// above 0, the sum of the transitions' log-probabilities under a
        /// softmax over the valid transitions of each step at this
        /// temperature (model units).
        temperature: f32,
    },
}

/// The softmax temperature chosen on UD EWT dev for the shipped model.
pub const BEAM_TEMPERATURE: f32 = 25.0;

impl Decoding {
    /// Beam search over `width` configurations at [`BEAM_TEMPERATURE`];
    /// a width of 0 or 1 is greedy decoding. With the shipped model on EWT
    /// test (predicted tags), width 4 gives UAS 0.8696 / LAS 0.8409 for about
    /// 4.2 times the parsing time and width 8 gives 0.8728 / 0.8443 for about
    /// 8.7 times (greedy: 0.8571 / 0.8290).
    pub fn beam(width: usize) -> Decoding {
        if width <= 1 {
            Decoding::Greedy
        } else {
            Decoding::Beam {
                width,
                temperature: BEAM_TEMPERATURE,
            }
        }
    }
}

/// Search buffers kept per thread, so that repeated searches reuse their
/// allocations.
#[derive(Default)]
pub(crate) struct SearchScratch {
    /// Live hypotheses of the beam.
    hyps: Vec<Hyp>,
    /// Hypotheses being built for the next step.
    next: Vec<Hyp>,
    /// Recycled hypotheses.
    spare: Vec<Hyp>,
    /// Expansions of the current step.
    cands: Vec<Cand>,
    /// The best expansions of one hypothesis: `(score, class index)`.
    top: Vec<(f32, u32)>,
    /// Integer score sums of the buffer-only features, per buffer position.
    buffer: BufferCache,
    /// Feature list.
    feats: Features,
    /// Score sums of one transition (made on first use).
    acc: Option<Scores>,
    /// Score sums of the buffer-only features (made on first use).
    acc_buffer: Option<Scores>,
    /// Scores of one transition in model units (log-probabilities with a
    /// temperature).
    scores: Vec<f32>,
    /// Softmax temperature of the current search (0: raw scores).
    temperature: f32,
    /// Per [`State::situation`], `0` for the valid classes and `-inf` for
    /// the others (`SITUATIONS` rows of one entry per class).
    masks: Vec<f32>,
    /// Branching: the configuration before the first transition.
    init: Config,
    /// Branching: the greedy transitions.
    trace: Vec<Class>,
    /// Branching: the greedy sequence's summed score before each step.
    prefix: Vec<f64>,
    /// Branching: the alternatives kept.
    points: Vec<Point>,
    /// Branching: the transitions of the best alternative sequence so far.
    best_seq: Vec<Class>,
    /// Branching: the transitions of the alternative being decoded.
    cont: Vec<Class>,
}

/// One beam hypothesis: a configuration and its summed score.
#[derive(Default)]
struct Hyp {
    cfg: Config,
    score: f64,
}

/// One expansion of a hypothesis.
#[derive(Clone, Copy)]
struct Cand {
    total: f64,
    hyp: u32,
    /// Class index (`u32::MAX` for a structural fallback move or none).
    ci: u32,
    /// The transition; `None` keeps a complete configuration as it is (or
    /// one where no move at all is valid).
    class: Option<Class>,
}

/// A branching point of selectional branching.
#[derive(Clone, Copy)]
struct Point {
    /// Number of greedy transitions before it.
    step: u32,
    /// The alternative transition.
    class: Class,
    /// Score of the greedy transition minus the alternative's.
    margin: f32,
    /// Summed score of the sequence up to and including the alternative.
    score: f64,
}

/// Lazily computed buffer-feature score sums, one row per buffer position:
/// they depend only on the buffer front, so every hypothesis of a sentence
/// shares them.
#[derive(Default)]
struct BufferCache {
    raw: Vec<i32>,
    done: Vec<bool>,
    stride: usize,
}

impl BufferCache {
    fn reset(&mut self, positions: usize, stride: usize) {
        self.stride = stride;
        self.done.clear();
        self.done.resize(positions, false);
        self.raw.clear();
        self.raw.resize(positions * stride, 0);
    }
}

/// Descending by total, then ascending by hypothesis and class.
fn rank(a: &Cand, b: &Cand) -> Ordering {
    b.total
        .total_cmp(&a.total)
        .then(a.hyp.cmp(&b.hyp))
        .then(a.ci.cmp(&b.ci))
}

impl Parser {
    /// Scores every class in the current configuration of `st` into
    /// `sc.scores`: model units, or log-probabilities with a temperature;
    /// invalid classes get `-inf`. The buffer-only features are taken from
    /// the per-position cache.
    fn search_score(&self, st: &State, sc: &mut SearchScratch) {
        let SearchScratch {
            buffer,
            feats,
            acc,
            acc_buffer,
            scores,
            masks,
            temperature,
            ..
        } = sc;
        let acc = acc.get_or_insert_with(|| Scores::new(&self.table));
        let acc_buffer = acc_buffer.get_or_insert_with(|| Scores::new(&self.table));
        let b = st.b as usize;
        let stride = buffer.stride;
        if !buffer.done.get(b).copied().unwrap_or(true) {
            st.buffer_features(feats);
            acc_buffer.clear();
            self.table.add(feats.as_slice(), acc_buffer);
            let raw = acc_buffer.raw_scores();
            let k = raw.len().min(stride);
            buffer.raw[b * stride..b * stride + k].copy_from_slice(&raw[..k]);
            buffer.done[b] = true;
        }
        match buffer.raw.get(b * stride..(b + 1) * stride) {
            Some(row) => acc.set_raw(row),
            None => acc.clear(),
        }
        st.stack_features(feats);
        // Both lists start with the bias feature: count it once.
        self.table
            .add(feats.as_slice().get(1..).unwrap_or_default(), acc);
        acc.write(&self.table, scores);
        let nc = scores.len();
        let k = st.situation();
        if let Some(mask) = masks.get(k * nc..(k + 1) * nc) {
            for (s, m) in scores.iter_mut().zip(mask) {
                *s += m;
            }
        }
        if *temperature > 0.0 {
            log_softmax(scores, *temperature);
        }
    }

    /// Prepares the scratch for a sentence whose state was just reset.
    fn search_reset(&self, st: &State, sc: &mut SearchScratch, temperature: f32) {
        sc.temperature = temperature;
        let acc = sc.acc.get_or_insert_with(|| Scores::new(&self.table));
        acc.reset(&self.table);
        let stride = acc.raw_scores().len();
        sc.acc_buffer
            .get_or_insert_with(|| Scores::new(&self.table))
            .reset(&self.table);
        let nc = self.classes.len();
        sc.scores.clear();
        sc.scores.resize(nc, 0.0);
        sc.buffer.reset(st.n as usize + 1, stride);
        // The scratch may have served another parser: rebuild the masks.
        sc.masks.clear();
        for k in 0..SITUATIONS {
            let (has_buf, stack_len) = (k % 2 == 1, k / 2 + 1);
            debug_assert_eq!(situation_of(has_buf, stack_len), k);
            sc.masks.extend(self.classes.iter().map(|&c| {
                if valid_when(c, 0, has_buf, stack_len) {
                    0.0
                } else {
                    f32::NEG_INFINITY
                }
            }));
        }
    }

    /// The best valid class index under `scores` as [`Parser::search_score`]
    /// wrote them (the first on ties, as the greedy decoder chooses).
    fn best_valid(scores: &[f32]) -> Option<usize> {
        let mut best = None;
        let mut best_score = f32::NEG_INFINITY;
        for (ci, &s) in scores.iter().enumerate() {
            if s > best_score {
                best = Some(ci);
                best_score = s;
            }
        }
        best
    }

    /// The structural move used when no class of the model is valid.
    pub(crate) fn fallback_move(&self, st: &State) -> Option<Class> {
        [
            Class {
                mv: Move::Shift,
                label: 0,
            },
            Class {
                mv: Move::Right,
                label: 0,
            },
            Class {
                mv: Move::Right,
                label: self.fallback_label(),
            },
        ]
        .into_iter()
        .find(|&c| st.valid(c, 0))
    }

    /// Beam search from the freshly reset `st`; leaves the best complete
    /// configuration in `st` and returns its summed score.
    pub(crate) fn run_beam(
        &self,
        st: &mut State,
        sc: &mut SearchScratch,
        width: usize,
        temperature: f32,
    ) -> f64 {
        let width = width.max(1);
        self.search_reset(st, sc, temperature);
        sc.spare.append(&mut sc.hyps);
        sc.spare.append(&mut sc.next);
        let mut h0 = sc.spare.pop().unwrap_or_default();
        st.store_config(&mut h0.cfg);
        h0.score = 0.0;
        sc.hyps.push(h0);
        // Every complete sequence has 2n transitions; the bound only guards
        // against a model without some move.
        let max_steps = 2 * st.n as usize + 2;
        for _ in 0..max_steps {
            sc.cands.clear();
            let mut expanded = false;
            for hi in 0..sc.hyps.len() {
                let mut h = std::mem::take(&mut sc.hyps[hi]);
                st.swap_config(&mut h.cfg);
                if st.is_final() {
                    // Already complete: carried over unchanged.
                    sc.cands.push(Cand {
                        total: h.score,
                        hyp: hi as u32,
                        ci: u32::MAX,
                        class: None,
                    });
                } else {
                    self.search_score(st, sc);
                    // At most `width` expansions of one hypothesis can make
                    // the beam: keep this hypothesis's best ones only.
                    sc.top.clear();
                    for (ci, &s) in sc.scores.iter().enumerate() {
                        if s > f32::NEG_INFINITY
                            && (sc.top.len() < width || sc.top.last().is_some_and(|t| s > t.0))
                        {
                            let at = sc.top.partition_point(|t| t.0 >= s);
                            sc.top.insert(at, (s, ci as u32));
                            sc.top.truncate(width);
                        }
                    }
                    for &(s, ci) in &sc.top {
                        sc.cands.push(Cand {
                            total: h.score + f64::from(s),
                            hyp: hi as u32,
                            ci,
                            class: self.classes.get(ci as usize).copied(),
                        });
                    }
                    if sc.top.is_empty() {
                        sc.cands.push(Cand {
                            total: h.score,
                            hyp: hi as u32,
                            ci: u32::MAX,
                            class: self.fallback_move(st),
                        });
                    }
                    expanded = true;
                }
                st.swap_config(&mut h.cfg);
                sc.hyps[hi] = h;
            }
            if !expanded {
                break;
            }
            if sc.cands.len() > width {
                sc.cands.select_nth_unstable_by(width - 1, rank);
                sc.cands.truncate(width);
            }
            sc.cands.sort_unstable_by(rank);
            for k in 0..sc.cands.len() {
                let c = sc.cands[k];
                let mut h = sc.spare.pop().unwrap_or_default();
                h.cfg.copy_from(&sc.hyps[c.hyp as usize].cfg);
                h.score = c.total;
                if let Some(class) = c.class {
                    st.swap_config(&mut h.cfg);
                    st.apply(class);
                    st.swap_config(&mut h.cfg);
                }
                sc.next.push(h);
            }
            sc.spare.append(&mut sc.hyps);
            std::mem::swap(&mut sc.hyps, &mut sc.next);
        }
        match sc.hyps.first_mut() {
            Some(best) => {
                st.swap_config(&mut best.cfg);
                best.score
            }
            None => 0.0,
        }
    }

    /// Greedy decoding from the current configuration of `st` to the end,
    /// returning `start` plus the summed score of its transitions. On the
    /// `first` (greedy) pass the transitions go to `sc.trace` (with the score
    /// before each in `sc.prefix`) and the alternatives within `margin` are
    /// offered to `sc.points`; otherwise the transitions go to `sc.cont`.
    ///
    /// With log-probabilities (a temperature above 0) every transition adds
    /// a score `<= 0`, so a sequence whose running score has fallen to
    /// `floor` or below can no longer score above it: the decoding stops
    /// there and returns `None`.
    #[allow(clippy::too_many_arguments)]
    fn greedy_rest(
        &self,
        st: &mut State,
        sc: &mut SearchScratch,
        first: bool,
        margin: f32,
        branches: usize,
        start: f64,
        floor: f64,
    ) -> Option<f64> {
        let prune = sc.temperature > 0.0;
        let mut total = start;
        while !st.is_final() {
            if prune && total <= floor {
                return None;
            }
            self.search_score(st, sc);
            let Some(best) = Parser::best_valid(&sc.scores) else {
                match self.fallback_move(st) {
                    Some(c) => {
                        if first {
                            sc.prefix.push(total);
                            sc.trace.push(c);
                        } else {
                            sc.cont.push(c);
                        }
                        st.apply(c);
                        continue;
                    }
                    None => break,
                }
            };
            let best_score = sc.scores[best];
            if first {
                let step = sc.trace.len() as u32;
                let floor = best_score - margin;
                for (ci, &c) in self.classes.iter().enumerate() {
                    let s = sc.scores[ci];
                    if s > floor && ci != best {
                        let m = best_score - s;
                        offer(
                            &mut sc.points,
                            branches,
                            Point {
                                step,
                                class: c,
                                margin: m,
                                score: total + f64::from(sc.scores[ci]),
                            },
                        );
                    }
                }
                sc.prefix.push(total);
                sc.trace.push(self.classes[best]);
            } else {
                sc.cont.push(self.classes[best]);
            }
            total += f64::from(best_score);
            st.apply(self.classes[best]);
        }
        if prune && total <= floor {
            return None;
        }
        Some(total)
    }

    /// Selectional branching from the freshly reset `st`; leaves the best
    /// complete configuration in `st` and returns its summed score.
    pub(crate) fn run_branching(
        &self,
        st: &mut State,
        sc: &mut SearchScratch,
        margin: f32,
        branches: usize,
        temperature: f32,
    ) -> f64 {
        self.search_reset(st, sc, temperature);
        st.store_config(&mut sc.init);
        sc.trace.clear();
        sc.prefix.clear();
        sc.points.clear();
        let greedy_total = self
            .greedy_rest(st, sc, true, margin, branches, 0.0, f64::NEG_INFINITY)
            .unwrap_or(f64::NEG_INFINITY);
        if sc.points.is_empty() {
            return greedy_total;
        }
        // The most promising branches first, so that the best score found
        // rises early and cuts the later branches short (see
        // `greedy_rest`); then earlier steps (a deterministic order).
        sc.points.sort_unstable_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.step.cmp(&b.step))
                .then(a.margin.total_cmp(&b.margin))
        });
        let mut best_total = greedy_total;
        let mut best: Option<usize> = None;
        let mut holds: Option<usize> = None; // `None`: st holds the greedy parse
        for pi in 0..sc.points.len() {
            let p = sc.points[pi];
            if sc.temperature > 0.0 && p.score <= best_total {
                // Scores only fall from here: this branch cannot win.
                continue;
            }
            st.load_config(&sc.init);
            for &c in &sc.trace[..p.step as usize] {
                st.apply(c);
            }
            st.apply(p.class);
            sc.cont.clear();
            holds = Some(pi);
            let rest = self.greedy_rest(st, sc, false, margin, branches, p.score, best_total);
            let Some(total) = rest else { continue };
            if total > best_total {
                best_total = total;
                best = Some(pi);
                sc.best_seq.clear();
                sc.best_seq.extend_from_slice(&sc.trace[..p.step as usize]);
                sc.best_seq.push(p.class);
                sc.best_seq.extend_from_slice(&sc.cont);
            }
        }
        if holds != best {
            st.load_config(&sc.init);
            let seq = if best.is_some() {
                &sc.best_seq
            } else {
                &sc.trace
            };
            for &c in seq {
                st.apply(c);
            }
        }
        best_total
    }
}

/// Keeps `p` if it is among the `k` alternatives with the smallest margins
/// (earlier steps win ties).
fn offer(points: &mut Vec<Point>, k: usize, p: Point) {
    if k == 0 {
        return;
    }
    if points.len() < k {
        points.push(p);
        return;
    }
    let mut worst = 0;
    for (i, q) in points.iter().enumerate() {
        if q.margin >= points[worst].margin {
            worst = i;
        }
    }
    if p.margin < points[worst].margin {
        points[worst] = p;
    }
}

/// Replaces `scores` (invalid classes at `-inf`) by their log-probabilities
/// under a softmax at temperature `t`: `(s - max) / t - ln z`. The
/// exponentials use [`exp_neg`] (relative error below 1e-5), summed in
/// eight lanes so that the compiler vectorises the loop.
fn log_softmax(scores: &mut [f32], t: f32) {
    let max = scores.iter().fold(f32::NEG_INFINITY, |m, &s| m.max(s));
    if max == f32::NEG_INFINITY {
        return;
    }
    let inv = 1.0 / t;
    let mut lanes = [0.0f32; 8];
    let chunks = scores.chunks_exact(8);
    let rest = chunks.remainder();
    for c in chunks {
        for (l, &s) in lanes.iter_mut().zip(c) {
            *l += exp_neg((s - max) * inv);
        }
    }
    let mut z: f32 = lanes.iter().sum();
    for &s in rest {
        z += exp_neg((s - max) * inv);
    }
    let lz = z.ln();
    for s in scores.iter_mut() {
        *s = (*s - max) * inv - lz;
    }
}

/// `e^x` for `x <= 0` (inputs below -80, `-inf` included, give about 0):
/// `2^k * e^f` with `k` the integer nearest to `x log2(e)` (rounded by
/// adding 1.5 * 2^23) and a degree-5 Taylor polynomial for `e^f`,
/// `|f| <= ln(2) / 2`. Branch-free, so that it vectorises.
#[inline]
fn exp_neg(x: f32) -> f32 {
    const ROUND: f32 = 12_582_912.0; // 1.5 * 2^23
    let t = x.max(-80.0) * std::f32::consts::LOG2_E;
    let r = t + ROUND;
    let k = r - ROUND;
    // The low mantissa bits of `r` hold the integer `k`.
    let ki = (r.to_bits() as i32).wrapping_sub(ROUND.to_bits() as i32);
    let f = (t - k) * std::f32::consts::LN_2;
    let p = 1.0 + f * (1.0 + f * (0.5 + f * (1.0 / 6.0 + f * (1.0 / 24.0 + f * (1.0 / 120.0)))));
    p * f32::from_bits((ki.wrapping_add(127) as u32) << 23)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_exponential_is_close() {
        for i in 0..=2000 {
            let x = -(i as f32) * 0.04;
            let (got, want) = (exp_neg(x), x.exp());
            assert!((got - want).abs() <= 2e-5 * want, "{x}: {got} vs {want}");
        }
        assert!(exp_neg(f32::NEG_INFINITY) < 1e-30);
        assert!(exp_neg(-1000.0) < 1e-30);
    }

    #[test]
    fn log_softmax_normalises_the_valid_classes() {
        let mut s = [
            2.0,
            f32::NEG_INFINITY,
            -1.0,
            0.5,
            3.0,
            1.0,
            -4.0,
            0.0,
            2.5,
            7.0,
        ];
        log_softmax(&mut s, 2.0);
        let z: f32 = s.iter().map(|x| x.exp()).sum();
        assert!((z - 1.0).abs() < 1e-4, "{z}");
        assert_eq!(s[1], f32::NEG_INFINITY);
        assert!(s[9] > s[4] && s[4] > s[8]);
    }
}
