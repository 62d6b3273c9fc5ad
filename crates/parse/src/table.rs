//! The runtime weight table: a cache-friendly layout of a [`LinearModel`]
//! built at load time.
//!
//! Each feature takes one 16-byte slot (four per cache line) in an
//! open-addressing table with linear probing: a 32-bit fingerprint and up to
//! three `(class, weight)` entries packed in `u32`s (8-bit class, 24-bit
//! fixed-point weight). Longer rows spill to an overflow array. Scoring a
//! feature therefore touches one cache line in the common case, instead of
//! three in the file layout.

use chronicler_learn::LinearModel;

/// Class byte marking a spilled row (entry low 24 bits: overflow offset).
const SPILL: u32 = 0xff;
/// Largest class the table can hold.
pub(crate) const MAX_CLASSES: usize = 254;

#[derive(Debug, Clone)]
pub(crate) struct WeightTable {
    slots: Vec<[u32; 4]>,
    overflow: Vec<u32>,
    mask: usize,
    scale: f32,
}

#[inline]
fn fingerprint(key: u64) -> u32 {
    ((key >> 32) as u32) | 1
}

#[inline]
fn encode(class: u16, q: i32) -> u32 {
    ((class as u32 + 1) << 24) | ((q as u32) & 0x00ff_ffff)
}

impl WeightTable {
    /// Builds the table; `None` when the model has more classes than fit.
    pub fn new(model: &LinearModel) -> Option<WeightTable> {
        if model.n_classes() > MAX_CLASSES {
            return None;
        }
        let max_w = model
            .rows()
            .flat_map(|(_, _, ws)| ws.iter())
            .fold(0f32, |m, w| m.max(w.abs()));
        // 24-bit signed fixed point: |q| < 2^23.
        let scale = if max_w > 0.0 {
            max_w / 8_388_000.0
        } else {
            1.0
        };
        let n = model.n_features();
        let cap = ((n * 10 / 7).max(16)).next_power_of_two();
        let mask = cap - 1;
        let mut slots = vec![[0u32; 4]; cap];
        let mut overflow = Vec::new();
        for (key, cs, ws) in model.rows() {
            let fp = fingerprint(key);
            let mut i = (key as usize) & mask;
            let mut dup = false;
            while slots[i][0] != 0 {
                if slots[i][0] == fp {
                    dup = true; // fingerprint clash in the chain: first wins
                    break;
                }
                i = (i + 1) & mask;
            }
            if dup {
                continue;
            }
            let entries = cs
                .iter()
                .zip(ws)
                .map(|(&c, &w)| encode(c, (w / scale).round() as i32));
            let mut slot = [fp, 0, 0, 0];
            if cs.len() <= 3 {
                for (k, e) in entries.enumerate() {
                    slot[1 + k] = e;
                }
            } else {
                let off = overflow.len() as u32;
                overflow.push(cs.len() as u32);
                overflow.extend(entries);
                slot[1] = (SPILL << 24) | off;
            }
            slots[i] = slot;
        }
        Some(WeightTable {
            slots,
            overflow,
            mask,
            scale,
        })
    }

    #[inline]
    fn add_entry(&self, e: u32, acc: &mut [i32]) {
        let c = (e >> 24) as usize;
        if c != 0 {
            // Sign-extend the 24-bit weight.
            let q = ((e << 8) as i32) >> 8;
            if let Some(a) = acc.get_mut(c - 1) {
                *a += q;
            }
        }
    }

    /// Scores `feats` into `out` (one value per class; overwritten).
    #[inline]
    pub fn score(&self, feats: &[u64], acc: &mut [i32], out: &mut [f32]) {
        acc.iter_mut().for_each(|a| *a = 0);
        // Ask for every feature's cache line first, so that the misses
        // overlap instead of being paid one after the other.
        #[cfg(target_arch = "x86_64")]
        for &f in feats {
            let i = ((f | 1) as usize) & self.mask;
            if let Some(s) = self.slots.get(i) {
                // SAFETY: prefetching is a hint; any address is allowed and
                // this one points into `slots`.
                unsafe {
                    std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
                        s.as_ptr() as *const i8,
                    );
                }
            }
        }
        for &f in feats {
            let key = f | 1;
            let fp = fingerprint(key);
            let mut i = (key as usize) & self.mask;
            loop {
                let s = &self.slots[i];
                if s[0] == fp {
                    if s[1] >> 24 == SPILL {
                        let off = (s[1] & 0x00ff_ffff) as usize;
                        let len = self.overflow.get(off).copied().unwrap_or(0) as usize;
                        if let Some(es) = self.overflow.get(off + 1..off + 1 + len) {
                            for &e in es {
                                self.add_entry(e, acc);
                            }
                        }
                    } else {
                        self.add_entry(s[1], acc);
                        self.add_entry(s[2], acc);
                        self.add_entry(s[3], acc);
                    }
                    break;
                }
                if s[0] == 0 {
                    break;
                }
                i = (i + 1) & self.mask;
            }
        }
        for (o, &a) in out.iter_mut().zip(acc.iter()) {
            *o = a as f32 * self.scale;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_scores_like_the_model() {
        use chronicler_learn::hash_str;
        let (a, b, c) = (hash_str("a"), hash_str("b"), hash_str("c"));
        let mut rows = vec![
            (a, vec![(0u16, 0.5f32), (2, -1.25)]),
            (b, vec![(0, 1.0), (1, 2.0), (2, 3.0), (3, -4.0)]),
            (c, vec![(3, 0.001)]),
        ];
        rows.sort_by_key(|r| r.0);
        let m = LinearModel::from_rows(4, rows);
        let t = WeightTable::new(&m).expect("4 classes fit");
        let feats = [a, b, c, hash_str("unseen")];
        let mut want = [0f32; 4];
        m.score(&feats, &mut want);
        let mut got = [0f32; 4];
        let mut acc = [0i32; 4];
        t.score(&feats, &mut acc, &mut got);
        for (a, b) in want.iter().zip(&got) {
            assert!((a - b).abs() < 1e-4, "{want:?} vs {got:?}");
        }
    }
}
