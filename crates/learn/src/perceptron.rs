//! The averaged perceptron: a trainer with lazy averaging and the frozen,
//! compact [`LinearModel`] it produces.

use rustc_hash::FxHashMap;

#[derive(Debug, Clone, Copy)]
struct Entry {
    class: u16,
    stamp: u32,
    w: f32,
    total: f64,
}

/// Trains a multi-class linear model with the averaged perceptron.
///
/// Call [`Perceptron::score`] to predict with the current weights,
/// [`Perceptron::update`] after a mistake, [`Perceptron::tick`] once per
/// training decision, and [`Perceptron::average`] at the end.
///
/// ```
/// use chronicler_learn::{Features, Perceptron};
/// let mut p = Perceptron::new(2);
/// let mut f = Features::new();
/// let data = [("yes", 0usize), ("no", 1)];
/// for _ in 0..5 {
///     for (w, gold) in data {
///         f.clear();
///         f.add(1, w);
///         let mut s = [0.0f32; 2];
///         p.score(f.as_slice(), &mut s);
///         let guess = if s[1] > s[0] { 1 } else { 0 };
///         p.update(f.as_slice(), gold, guess);
///         p.tick();
///     }
/// }
/// let model = p.average(0.0);
/// f.clear();
/// f.add(1, "no");
/// assert_eq!(model.predict(f.as_slice()), 1);
/// ```
#[derive(Debug, Clone)]
pub struct Perceptron {
    n_classes: usize,
    table: FxHashMap<u64, Vec<Entry>>,
    step: u32,
}

impl Perceptron {
    /// A trainer for `n_classes` classes (at most 65,535).
    pub fn new(n_classes: usize) -> Perceptron {
        Perceptron {
            n_classes: n_classes.min(u16::MAX as usize),
            table: FxHashMap::default(),
            step: 0,
        }
    }

    /// Number of classes.
    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Number of distinct features with any weight.
    pub fn n_features(&self) -> usize {
        self.table.len()
    }

    /// Adds the current (unaveraged) scores of `feats` to `out`
    /// (`out.len()` must be at least the number of classes).
    pub fn score(&self, feats: &[u64], out: &mut [f32]) {
        for f in feats {
            if let Some(es) = self.table.get(f) {
                for e in es {
                    if let Some(o) = out.get_mut(e.class as usize) {
                        *o += e.w;
                    }
                }
            }
        }
    }

    /// Moves the weights of `feats` for `class` by `delta`.
    pub fn update_class(&mut self, feats: &[u64], class: usize, delta: f32) {
        if class >= self.n_classes {
            return;
        }
        let step = self.step;
        for &f in feats {
            let es = self.table.entry(f).or_default();
            match es.iter_mut().find(|e| e.class as usize == class) {
                Some(e) => {
                    e.total += (step - e.stamp) as f64 * e.w as f64;
                    e.stamp = step;
                    e.w += delta;
                }
                None => es.push(Entry {
                    class: class as u16,
                    stamp: step,
                    w: delta,
                    total: 0.0,
                }),
            }
        }
    }

    /// The standard update: when `guess != gold`, +1 for gold, −1 for guess.
    pub fn update(&mut self, feats: &[u64], gold: usize, guess: usize) {
        if gold != guess {
            self.update_class(feats, gold, 1.0);
            self.update_class(feats, guess, -1.0);
        }
    }

    /// Counts one training decision (for averaging).
    pub fn tick(&mut self) {
        self.step = self.step.saturating_add(1);
    }

    /// The averaged model; weights with `|w| <= prune` are dropped.
    pub fn average(&self, prune: f32) -> LinearModel {
        let step = self.step.max(1);
        let mut keys: Vec<u64> = self.table.keys().copied().collect();
        keys.sort_unstable();
        let mut feats = Vec::with_capacity(keys.len());
        for k in keys {
            let mut row: Vec<(u16, f32)> = Vec::new();
            if let Some(es) = self.table.get(&k) {
                for e in es {
                    let total = e.total + (step - e.stamp.min(step)) as f64 * e.w as f64;
                    let avg = (total / step as f64) as f32;
                    if avg.abs() > prune {
                        row.push((e.class, avg));
                    }
                }
            }
            if !row.is_empty() {
                row.sort_unstable_by_key(|x| x.0);
                feats.push((k, row));
            }
        }
        LinearModel::from_rows(self.n_classes, feats)
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Slot {
    key: u64,
    start: u32,
    len: u32,
}

/// A frozen multi-class linear model over hashed features.
///
/// Features map through an open-addressing table to short rows of
/// `(class, weight)` pairs, so a prediction costs one probe per feature.
#[derive(Debug, Clone, PartialEq)]
pub struct LinearModel {
    n_classes: u32,
    slots: Vec<Slot>,
    classes: Vec<u16>,
    weights: Vec<f32>,
    n_features: usize,
}

impl LinearModel {
    /// Builds a model from sorted rows `(feature, [(class, weight)])`.
    pub fn from_rows(n_classes: usize, rows: Vec<(u64, Vec<(u16, f32)>)>) -> LinearModel {
        let mut keys = Vec::with_capacity(rows.len());
        let mut lens = Vec::with_capacity(rows.len());
        let mut classes = Vec::new();
        let mut weights = Vec::new();
        for (key, row) in rows {
            keys.push(key);
            lens.push(row.len() as u32);
            for (c, w) in row {
                classes.push(c);
                weights.push(w);
            }
        }
        LinearModel::from_flat(n_classes, &keys, &lens, classes, weights)
    }

    /// Builds a model from flat arrays: row `i` has feature `keys[i]` and the
    /// next `lens[i]` entries of `classes`/`weights`. A repeated key keeps its
    /// first row.
    fn from_flat(
        n_classes: usize,
        keys: &[u64],
        lens: &[u32],
        classes: Vec<u16>,
        weights: Vec<f32>,
    ) -> LinearModel {
        let n = keys.len();
        let cap = (n * 2).next_power_of_two().max(16);
        let mut slots = vec![Slot::default(); cap];
        let mask = cap - 1;
        let mut start = 0u32;
        let mut stored = 0;
        for (&key, &len) in keys.iter().zip(lens) {
            let key = key | 1;
            let mut i = (key as usize) & mask;
            while slots[i].key != 0 && slots[i].key != key {
                i = (i + 1) & mask;
            }
            if slots[i].key == 0 {
                slots[i] = Slot { key, start, len };
                stored += 1;
            }
            start += len;
        }
        LinearModel {
            n_classes: n_classes as u32,
            slots,
            classes,
            weights,
            n_features: stored,
        }
    }

    /// The mean of several models over the same classes (parameter mixing of
    /// perceptrons trained on different shuffles: scoring with the mean is
    /// scoring with the ensemble, at the cost of one model). Weights with
    /// `|w| <= prune` after averaging are dropped; a feature missing from a
    /// model counts as zero there.
    ///
    /// ```
    /// use chronicler_learn::LinearModel;
    /// let a = LinearModel::from_rows(2, vec![(4, vec![(0, 2.0)])]);
    /// let b = LinearModel::from_rows(2, vec![(4, vec![(0, 1.0), (1, 3.0)]), (8, vec![(1, 0.2)])]);
    /// let m = LinearModel::mean(&[a, b], 0.5);
    /// let mut s = [0f32; 2];
    /// m.score(&[4], &mut s);
    /// assert_eq!(s, [1.5, 1.5]);
    /// assert_eq!(m.n_features(), 1); // feature 8 averaged to 0.1 and was pruned
    /// ```
    pub fn mean(models: &[LinearModel], prune: f32) -> LinearModel {
        let n_classes = models.first().map_or(0, |m| m.n_classes());
        let mut acc: FxHashMap<u64, Vec<(u16, f32)>> = FxHashMap::default();
        for m in models {
            for (key, cls, ws) in m.rows() {
                let row = acc.entry(key).or_default();
                for (&c, &w) in cls.iter().zip(ws) {
                    match row.iter_mut().find(|e| e.0 == c) {
                        Some(e) => e.1 += w,
                        None => row.push((c, w)),
                    }
                }
            }
        }
        let k = models.len().max(1) as f32;
        let mut rows: Vec<(u64, Vec<(u16, f32)>)> = acc
            .into_iter()
            .filter_map(|(key, mut row)| {
                row.sort_unstable_by_key(|e| e.0);
                row.retain_mut(|e| {
                    e.1 /= k;
                    e.1 != 0.0 && e.1.abs() > prune
                });
                (!row.is_empty()).then_some((key, row))
            })
            .collect();
        rows.sort_unstable_by_key(|r| r.0);
        LinearModel::from_rows(n_classes, rows)
    }

    /// Number of classes.
    pub fn n_classes(&self) -> usize {
        self.n_classes as usize
    }

    /// Number of features with weights.
    pub fn n_features(&self) -> usize {
        self.n_features
    }

    /// Number of stored weights.
    pub fn n_weights(&self) -> usize {
        self.weights.len()
    }

    /// Every feature row as `(feature, classes, weights)`, in table order
    /// (for stages that build their own runtime layout of the weights).
    ///
    /// ```
    /// use chronicler_learn::LinearModel;
    /// let m = LinearModel::from_rows(3, vec![(7, vec![(0, 0.5), (2, -1.0)])]);
    /// let rows: Vec<_> = m.rows().collect();
    /// assert_eq!(rows.len(), 1);
    /// assert_eq!(rows[0].0, 7 | 1);
    /// assert_eq!(rows[0].1, &[0u16, 2][..]);
    /// assert_eq!(rows[0].2, &[0.5f32, -1.0][..]);
    /// ```
    pub fn rows(&self) -> impl Iterator<Item = (u64, &[u16], &[f32])> + '_ {
        self.slots.iter().filter(|s| s.key != 0).map(move |s| {
            let r = s.start as usize..(s.start + s.len) as usize;
            (s.key, &self.classes[r.clone()], &self.weights[r])
        })
    }

    #[inline]
    fn row(&self, f: u64) -> Option<(&[u16], &[f32])> {
        let key = f | 1;
        let mask = self.slots.len() - 1;
        let mut i = (key as usize) & mask;
        loop {
            let s = self.slots[i];
            if s.key == key {
                let r = s.start as usize..(s.start + s.len) as usize;
                return Some((&self.classes[r.clone()], &self.weights[r]));
            }
            if s.key == 0 {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    /// Adds the scores of `feats` to `out` (length ≥ number of classes).
    #[inline]
    pub fn score(&self, feats: &[u64], out: &mut [f32]) {
        for &f in feats {
            if let Some((cs, ws)) = self.row(f) {
                for (c, w) in cs.iter().zip(ws) {
                    if let Some(o) = out.get_mut(*c as usize) {
                        *o += *w;
                    }
                }
            }
        }
    }

    /// The best class for `feats` (ties go to the lowest class).
    pub fn predict(&self, feats: &[u64]) -> usize {
        let mut s = vec![0f32; self.n_classes()];
        self.score(feats, &mut s);
        argmax(&s)
    }

    pub(crate) fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.n_classes.to_le_bytes());
        out.extend_from_slice(&(self.n_features as u32).to_le_bytes());
        // Rows sorted by key (so a read model is laid out as the written one).
        let mut rows: Vec<&Slot> = self.slots.iter().filter(|s| s.key != 0).collect();
        rows.sort_unstable_by_key(|s| s.key);
        for s in rows {
            out.extend_from_slice(&s.key.to_le_bytes());
            out.extend_from_slice(&(s.len as u16).to_le_bytes());
            let r = s.start as usize..(s.start + s.len) as usize;
            for (c, w) in self.classes[r.clone()].iter().zip(&self.weights[r]) {
                out.extend_from_slice(&c.to_le_bytes());
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
    }

    pub(crate) fn read(r: &mut crate::model::Reader<'_>) -> Result<LinearModel, crate::Error> {
        let n_classes = r.u32()? as usize;
        let n = r.u32()? as usize;
        let mut keys = Vec::with_capacity(n.min(1 << 24));
        let mut lens = Vec::with_capacity(n.min(1 << 24));
        let mut classes = Vec::with_capacity(n.min(1 << 24));
        let mut weights = Vec::with_capacity(n.min(1 << 24));
        for _ in 0..n {
            keys.push(r.u64()?);
            let len = r.u16()? as usize;
            lens.push(len as u32);
            let pairs = r.take(len * 6)?;
            for p in pairs.chunks_exact(6) {
                let c = u16::from_le_bytes([p[0], p[1]]);
                if c as usize >= n_classes {
                    return Err(r.error(format!("class {c} out of range ({n_classes} classes)")));
                }
                classes.push(c);
                weights.push(f32::from_le_bytes([p[2], p[3], p[4], p[5]]));
            }
        }
        Ok(LinearModel::from_flat(
            n_classes, &keys, &lens, classes, weights,
        ))
    }
}

/// Index of the largest value (first on ties; 0 for an empty slice).
#[inline]
pub fn argmax(s: &[f32]) -> usize {
    let mut best = 0;
    let mut bv = f32::NEG_INFINITY;
    for (i, &v) in s.iter().enumerate() {
        if v > bv {
            bv = v;
            best = i;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Features;

    #[test]
    fn averaging_and_pruning() {
        let mut p = Perceptron::new(3);
        let mut f = Features::new();
        f.add(1, "a");
        p.update(f.as_slice(), 2, 0);
        p.tick();
        p.tick();
        let m = p.average(0.0);
        let mut s = [0f32; 3];
        m.score(f.as_slice(), &mut s);
        assert!(s[2] > 0.0 && s[0] < 0.0 && s[1] == 0.0);
        assert_eq!(m.predict(f.as_slice()), 2);
        let pruned = p.average(10.0);
        assert_eq!(pruned.n_weights(), 0);
        assert_eq!(argmax(&[]), 0);
    }
}
