//! The tagger's runtime layout of a [`LinearModel`]: rows of
//! `(weight, class)` pairs stored together, and a scoring loop that issues
//! every feature's table probe before using any, so that the cache misses
//! of one token's features overlap instead of queueing.

use chronicler_learn::LinearModel;

#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    key: u64,
    start: u32,
    len: u32,
}

#[derive(Debug, Clone, Copy, Default)]
struct Entry {
    w: f32,
    class: u32,
}

/// Frozen weights, scored in batches.
///
/// Rows holding many classes (bias, previous-label features) are stored
/// dense, as `n_classes` floats added with a vectorisable loop; the others
/// as sparse `(weight, class)` runs.
#[derive(Debug, Clone, Default)]
pub(crate) struct Weights {
    slots: Vec<Slot>,
    entries: Vec<Entry>,
    dense: Vec<f32>,
    n_classes: usize,
    mask: usize,
}

/// `Slot::len` bit marking a dense row (`start` then indexes `dense`).
const DENSE: u32 = 1 << 31;

/// Features scored per batch (more than any template set uses).
const BATCH: usize = 64;

impl Weights {
    /// Copies a model into the runtime layout.
    pub(crate) fn new(m: &LinearModel) -> Weights {
        let rows: Vec<(u64, &[u16], &[f32])> = m.rows().collect();
        let cap = (rows.len() * 2).next_power_of_two().max(16);
        let mask = cap - 1;
        let mut slots = vec![Slot::default(); cap];
        let n_classes = m.n_classes();
        let mut entries = Vec::with_capacity(m.n_weights() + 1);
        let mut dense = Vec::new();
        // Entry 0 is a dummy that empty lookups point at (branch-free touch).
        entries.push(Entry::default());
        for (key, cs, ws) in rows {
            let key = key | 1;
            let mut i = (key as usize) & mask;
            while slots[i].key != 0 && slots[i].key != key {
                i = (i + 1) & mask;
            }
            if slots[i].key == key {
                continue;
            }
            if cs.len() * 4 >= n_classes && n_classes > 0 {
                slots[i] = Slot {
                    key,
                    start: dense.len() as u32,
                    len: DENSE | cs.len() as u32,
                };
                let base = dense.len();
                dense.resize(base + n_classes, 0.0);
                for (&c, &w) in cs.iter().zip(ws) {
                    if let Some(d) = dense.get_mut(base + c as usize) {
                        *d = w;
                    }
                }
            } else {
                slots[i] = Slot {
                    key,
                    start: entries.len() as u32,
                    len: cs.len() as u32,
                };
                for (&c, &w) in cs.iter().zip(ws) {
                    entries.push(Entry { w, class: c as u32 });
                }
            }
        }
        Weights {
            slots,
            entries,
            dense,
            n_classes,
            mask,
        }
    }

    /// Adds the scores of `feats` to `out` (same sums, in the same order,
    /// as [`LinearModel::score`]).
    #[inline]
    pub(crate) fn score(&self, feats: &[u64], out: &mut [f32]) {
        for chunk in feats.chunks(BATCH) {
            self.score_batch(chunk, out);
        }
    }

    fn score_batch(&self, feats: &[u64], out: &mut [f32]) {
        let n = feats.len().min(BATCH);
        let mut home = [0u64; BATCH];
        // 1. Read every home slot's key: independent loads, all in flight.
        for (h, &f) in home.iter_mut().zip(&feats[..n]) {
            let i = ((f | 1) as usize) & self.mask;
            *h = self.slots.get(i).map_or(0, |s| s.key);
        }
        // 2. Resolve (collisions are rare) into row locations.
        let mut loc = [(0u32, 0u32); BATCH];
        for j in 0..n {
            let key = feats[j] | 1;
            let mut i = (key as usize) & self.mask;
            let mut k = home[j];
            loop {
                if k == key {
                    let s = self.slots[i];
                    loc[j] = (s.start, s.len);
                    break;
                }
                if k == 0 {
                    break;
                }
                i = (i + 1) & self.mask;
                k = self.slots[i].key;
            }
        }
        // 3. Touch every row's first entry (independent loads again).
        let mut sink = 0u32;
        for &(start, len) in &loc[..n] {
            if len & DENSE == 0 {
                sink ^= self.entries.get(start as usize).map_or(0, |e| e.class);
            }
        }
        std::hint::black_box(sink);
        // 4. Accumulate in feature order.
        for &(start, len) in &loc[..n] {
            if len == 0 {
                continue;
            }
            if len & DENSE != 0 {
                let s = start as usize;
                if let (Some(row), Some(o)) = (
                    self.dense.get(s..s + self.n_classes),
                    out.get_mut(..self.n_classes),
                ) {
                    for (o, w) in o.iter_mut().zip(row) {
                        *o += *w;
                    }
                }
                continue;
            }
            let r = start as usize..(start + len) as usize;
            if let Some(row) = self.entries.get(r) {
                for e in row {
                    if let Some(o) = out.get_mut(e.class as usize) {
                        *o += e.w;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_like_the_linear_model() {
        let rows: Vec<(u64, Vec<(u16, f32)>)> = (0..500u64)
            .map(|k| {
                let key = k.wrapping_mul(0x9e37_79b9_7f4a_7c15);
                (key, vec![((k % 7) as u16, k as f32 * 0.5), (7, -1.0)])
            })
            .collect();
        let m = LinearModel::from_rows(8, rows);
        let w = Weights::new(&m);
        let feats: Vec<u64> = (0..150u64)
            .map(|k| (k * 3).wrapping_mul(0x9e37_79b9_7f4a_7c15))
            .collect();
        let mut a = [0f32; 8];
        let mut b = [0f32; 8];
        m.score(&feats, &mut a);
        w.score(&feats, &mut b);
        assert_eq!(a, b);
        let mut c = [0f32; 8];
        Weights::default().score(&feats, &mut c);
        assert_eq!(c, [0f32; 8]);
    }
}
