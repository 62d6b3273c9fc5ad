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

/// Words per slot: a fingerprint and `SLOT - 1` inline entries.
const SLOT: usize = 4;
/// Class byte marking a spilled row (entry low 24 bits: overflow offset).
const SPILL: u32 = 0xff;
/// Length of the score accumulator: one slot per class byte value.
pub(crate) const ACC: usize = 256;
/// Largest class the table can hold.
pub(crate) const MAX_CLASSES: usize = 254;

#[derive(Debug, Clone)]
pub(crate) struct WeightTable {
    tags: Vec<u8>,
    slots: Vec<[u32; SLOT]>,
    overflow: Vec<u32>,
    mask: usize,
    scale: f32,
}

#[inline]
fn fingerprint(key: u64) -> u32 {
    ((key >> 32) as u32) | 1
}

/// The 8-bit tag kept in the small side array (never 0 = empty): one byte
/// per slot keeps the array (probed by every feature, present or not) small
/// enough to stay in cache.
#[inline]
fn tag8(key: u64) -> u8 {
    ((key >> 56) as u8) | 1
}

#[inline]
fn encode(class: u16, q: i32) -> u32 {
    ((class as u32 + 1) << 24) | ((q as u32) & 0x00ff_ffff)
}

impl WeightTable {
    /// Builds the table; `None` when the model has more classes than fit
    /// (or more than 2^24 weights in long rows).
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
        let mut slots = vec![[0u32; SLOT]; cap];
        let mut tags = vec![0u8; cap];
        let mut overflow = Vec::new();
        for (key, cs, ws) in model.rows() {
            let fp = fingerprint(key);
            let mut i = (key as usize) & mask;
            let mut dup = false;
            while tags[i] != 0 {
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
            let mut slot = [0u32; SLOT];
            slot[0] = fp;
            if cs.len() < SLOT {
                for (k, e) in entries.enumerate() {
                    slot[1 + k] = e;
                }
            } else {
                if overflow.len() + cs.len() >= 1 << 24 {
                    return None; // offsets are 24-bit
                }
                let off = overflow.len() as u32;
                overflow.push(cs.len() as u32);
                overflow.extend(entries);
                slot[1] = (SPILL << 24) | off;
            }
            slots[i] = slot;
            tags[i] = tag8(key);
        }
        Some(WeightTable {
            tags,
            slots,
            overflow,
            mask,
            scale,
        })
    }

    /// Adds one entry; `acc[c + 1]` accumulates class `c` (the class byte
    /// holds `c + 1`, so a `u8` index never leaves the array).
    #[inline(always)]
    fn add_entry(&self, e: u32, acc: &mut [i32; ACC]) {
        // Sign-extend the 24-bit weight.
        let q = ((e << 8) as i32) >> 8;
        acc[(e >> 24) as u8 as usize] += q;
    }

    /// Adds the row in slot `i` to `acc`.
    #[inline]
    fn add_row(&self, i: usize, acc: &mut [i32; ACC]) {
        let s = &self.slots[i];
        if s[1] >> 24 == SPILL {
            let off = (s[1] & 0x00ff_ffff) as usize;
            let len = self.overflow.get(off).copied().unwrap_or(0) as usize;
            if let Some(es) = self.overflow.get(off + 1..off + 1 + len) {
                for &e in es {
                    self.add_entry(e, acc);
                }
            }
        } else {
            for &e in &s[1..] {
                if e == 0 {
                    break;
                }
                self.add_entry(e, acc);
            }
        }
    }

    /// Slot of `key` at or after probe position `i`, if present.
    #[inline]
    fn find_from(&self, key: u64, mut i: usize) -> Option<usize> {
        let t = tag8(key);
        let fp = fingerprint(key);
        loop {
            let g = self.tags[i];
            if g == 0 {
                return None;
            }
            if g == t && self.slots[i][0] == fp {
                return Some(i);
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Scores `feats` into `out` (one value per class; overwritten).
    ///
    /// Three passes keep cache misses overlapping: prefetch the 8-bit tags
    /// of every feature's probe position; find the candidate slots (absent
    /// features mostly stop at the small tag array) and prefetch them; then
    /// add their rows.
    #[cfg(test)]
    pub fn score(&self, feats: &[u64], acc: &mut [i32; ACC], out: &mut [f32]) {
        acc.fill(0);
        self.accumulate(feats, acc);
        self.finish(acc, out);
    }

    /// Writes the class scores held in `acc` to `out`.
    #[inline]
    pub fn finish(&self, acc: &[i32; ACC], out: &mut [f32]) {
        for (o, &a) in out.iter_mut().zip(acc[1..].iter()) {
            *o = a as f32 * self.scale;
        }
    }

    /// Adds the fixed-point weights of `feats` to `acc` (see
    /// [`WeightTable::score`]).
    #[inline]
    pub fn accumulate(&self, feats: &[u64], acc: &mut [i32; ACC]) {
        for chunk in feats.chunks(128) {
            #[cfg(target_arch = "x86_64")]
            for &f in chunk {
                let i = ((f | 1) as usize) & self.mask;
                if let Some(t) = self.tags.get(i) {
                    prefetch(t as *const u8 as *const i8);
                }
            }
            let mut cand = [(0u32, 0u64); 128];
            let mut nc = 0;
            for &f in chunk {
                let key = f | 1;
                let t = tag8(key);
                let mut i = (key as usize) & self.mask;
                loop {
                    let g = self.tags[i];
                    if g == 0 {
                        break;
                    }
                    if g == t {
                        cand[nc] = (i as u32, key);
                        nc += 1;
                        #[cfg(target_arch = "x86_64")]
                        prefetch(self.slots[i].as_ptr() as *const i8);
                        break;
                    }
                    i = (i + 1) & self.mask;
                }
            }
            // Resolve the candidates (an 8-bit tag clash keeps probing) and
            // prefetch the spilled rows before adding anything.
            let mut found = [0u32; 128];
            let mut nfound = 0;
            for &(i, key) in &cand[..nc] {
                let i = i as usize;
                let hit = if self.slots[i][0] == fingerprint(key) {
                    Some(i)
                } else {
                    self.find_from(key, (i + 1) & self.mask)
                };
                if let Some(j) = hit {
                    found[nfound] = j as u32;
                    nfound += 1;
                    #[cfg(target_arch = "x86_64")]
                    {
                        let s1 = self.slots[j][1];
                        if s1 >> 24 == SPILL {
                            if let Some(o) = self.overflow.get((s1 & 0x00ff_ffff) as usize) {
                                prefetch(o as *const u32 as *const i8);
                            }
                        }
                    }
                }
            }
            for &j in &found[..nfound] {
                self.add_row(j as usize, acc);
            }
        }
    }
}

/// Prefetches the cache line at `p` (a hint: any address is allowed).
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn prefetch(p: *const i8) {
    // SAFETY: `_mm_prefetch` never faults, whatever the address; SSE is part
    // of the x86_64 baseline.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p);
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
        let mut acc = [0i32; ACC];
        t.score(&feats, &mut acc, &mut got);
        for (a, b) in want.iter().zip(&got) {
            assert!((a - b).abs() < 1e-4, "{want:?} vs {got:?}");
        }
    }
}
