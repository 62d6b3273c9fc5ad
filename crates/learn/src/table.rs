//! The run-time weight table shared by the statistical stages.
//!
//! A [`LinearModel`] is laid out for training and for the file; at
//! prediction time every feature costs a table probe, and the probes are
//! cache misses, so the layout decides the speed. [`WeightTable`] is that
//! layout:
//!
//! - a dense array of 8-bit tags (one byte per slot, small enough to stay
//!   in the L2 cache) answers "absent" for most unknown features without
//!   touching the big array;
//! - each present feature owns one 32-byte slot (two per cache line): a
//!   32-bit fingerprint and up to seven `(class, weight)` entries packed in
//!   `u32`s (8-bit class, 24-bit fixed-point weight), so a row is read with
//!   the same cache miss that found it; longer rows spill to an overflow
//!   array, and rows that hold many of the classes are stored there dense
//!   (one `i32` per class, added with a vectorised loop: the common
//!   features — frequent words, label history — are exactly these);
//! - scoring works in batches: prefetch every tag, then every candidate
//!   slot, then every spilled row, and only then add, so the misses of one
//!   token's features overlap instead of queueing.
//!
//! Weights are quantised to 24 bits relative to the largest weight
//! (relative error below 2⁻²³ of it), and scores are summed as integers, so
//! the sums do not depend on the order of the features.
//!
//! ```
//! use chronicler_learn::{hash_str, table::{Scores, WeightTable}, LinearModel};
//! let model = LinearModel::from_rows(3, vec![(hash_str("a"), vec![(1, 0.5), (2, -1.0)])]);
//! let table = WeightTable::from_model(&model)?;
//! let mut acc = Scores::new(&table);
//! table.add(&[hash_str("a"), hash_str("unseen")], &mut acc);
//! let mut out = [0f32; 3];
//! acc.write(&table, &mut out);
//! assert!((out[1] - 0.5).abs() < 1e-6 && (out[2] + 1.0).abs() < 1e-6);
//! # Ok::<(), chronicler_learn::Error>(())
//! ```

use crate::{Error, LinearModel};

/// Words per slot: a fingerprint and `SLOT - 1` inline entries.
const SLOT: usize = 8;
/// Class byte marking a spilled sparse row (entry low 24 bits: overflow
/// offset of a length word followed by the entries).
const SPILL: u32 = 0xff;
/// Class byte marking a dense row (entry low 24 bits: overflow offset of
/// `n_classes` weights, class order).
const DENSE: u32 = 0xfe;
/// Length of the score accumulator: one cell per class byte value.
const ACC: usize = 256;
/// Most classes a table can hold (class byte 0 marks an empty entry, and
/// two values mark spilled and dense rows).
pub const MAX_CLASSES: usize = 253;
/// Largest quantised magnitude (24-bit signed fixed point).
const MAX_Q: f32 = 8_388_000.0;
/// Features handled per batch.
const BATCH: usize = 64;

/// Frozen weights in the cache-friendly layout described in the module docs.
#[derive(Debug, Clone, Default)]
pub struct WeightTable {
    tags: Vec<u8>,
    slots: Vec<[u32; SLOT]>,
    overflow: Vec<u32>,
    /// Number of slots (any size: the home slot of a key is found by
    /// multiplication, not masking).
    cap: usize,
    scale: f32,
    n_classes: usize,
}

/// Integer score accumulator for one [`WeightTable`] (reused between calls
/// so that scoring allocates nothing).
#[derive(Debug, Clone)]
pub struct Scores {
    acc: [i32; ACC],
    n: usize,
    /// Scratch of [`WeightTable::add`]: candidate slots and keys.
    cand: [(u32, u64); BATCH],
    /// Scratch of [`WeightTable::add`]: slots found.
    found: [u32; BATCH],
}

impl Scores {
    /// A zeroed accumulator for `table`'s classes.
    pub fn new(table: &WeightTable) -> Scores {
        Scores {
            acc: [0; ACC],
            n: table.n_classes,
            cand: [(0, 0); BATCH],
            found: [0; BATCH],
        }
    }

    /// Sets every class's score to zero and sizes the accumulator for
    /// `table` (so one accumulator can serve several tables).
    #[inline]
    pub fn reset(&mut self, table: &WeightTable) {
        self.n = table.n_classes.min(ACC - 1);
        self.clear();
    }

    /// Sets every class's score to zero.
    #[inline]
    pub fn clear(&mut self) {
        let n = (self.n + 1).min(ACC);
        self.acc[..n].fill(0);
    }

    /// Writes the scores, in model units, to `out[c]` for every class `c`
    /// (overwriting).
    #[inline]
    pub fn write(&self, table: &WeightTable, out: &mut [f32]) {
        for (o, &a) in out.iter_mut().zip(&self.acc[1..=self.n.min(ACC - 1)]) {
            *o = a as f32 * table.scale;
        }
    }

    /// Adds the scores, in model units, to `out[c]` for every class `c`.
    #[inline]
    pub fn add_to(&self, table: &WeightTable, out: &mut [f32]) {
        for (o, &a) in out.iter_mut().zip(&self.acc[1..=self.n.min(ACC - 1)]) {
            *o += a as f32 * table.scale;
        }
    }

    /// The integer scores of the classes, in class order (multiply by
    /// [`WeightTable::scale`] for model units).
    #[inline]
    pub fn raw_scores(&self) -> &[i32] {
        &self.acc[1..=self.n.min(ACC - 1)]
    }

    /// Sets the integer scores of the classes (as [`Scores::raw_scores`]
    /// returned them; missing classes become 0).
    #[inline]
    pub fn set_raw(&mut self, v: &[i32]) {
        let n = self.n.min(ACC - 1);
        let dst = &mut self.acc[1..=n];
        let k = v.len().min(n);
        dst[..k].copy_from_slice(&v[..k]);
        dst[k..].fill(0);
    }

    /// Adds integer scores (as [`Scores::raw_scores`] returned them) to the
    /// classes' scores.
    #[inline]
    pub fn add_raw(&mut self, v: &[i32]) {
        let n = self.n.min(ACC - 1);
        add_i32(&mut self.acc[1..=n], v);
    }

    /// The class with the highest score (the first one on ties; 0 when
    /// there are no classes).
    #[inline]
    pub fn argmax(&self) -> usize {
        let mut best = 0;
        let mut best_v = i32::MIN;
        for (c, &v) in self.raw_scores().iter().enumerate() {
            if v > best_v {
                best = c;
                best_v = v;
            }
        }
        best
    }
}

#[inline]
fn fingerprint(key: u64) -> u32 {
    ((key >> 32) as u32) | 1
}

/// The 8-bit tag kept in the side array (never 0, which marks empty).
#[inline]
fn tag8(key: u64) -> u8 {
    ((key >> 56) as u8) | 1
}

/// The key as the table uses it: `f | 1` (the model's key convention)
/// multiplied by an odd constant, a bijection that spreads every input bit
/// into the high bits the fingerprint and tag are taken from, so that keys
/// that differ only in their low bits (small test keys) stay distinct.
#[inline(always)]
fn spread(f: u64) -> u64 {
    (f | 1).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// Home slot of `key` in a table of `cap` slots: the low 32 bits of the
/// key scaled to `0..cap` (the high bits make the fingerprint and tag).
#[inline(always)]
fn home(key: u64, cap: usize) -> usize {
    (((key as u32) as u64 * cap as u64) >> 32) as usize
}

/// The probe position after `i`.
#[inline(always)]
fn next(i: usize, cap: usize) -> usize {
    if i + 1 >= cap {
        0
    } else {
        i + 1
    }
}

#[inline]
fn encode(class: u16, q: i32) -> u32 {
    ((class as u32 + 1) << 24) | ((q as u32) & 0x00ff_ffff)
}

impl WeightTable {
    /// Lays out a trained model.
    pub fn from_model(model: &LinearModel) -> Result<WeightTable, Error> {
        WeightTable::from_rows(model.n_classes(), || {
            model
                .rows()
                .map(|(k, cs, ws)| (k, cs.iter().copied().zip(ws.iter().copied())))
        })
    }

    /// Lays out rows of `(feature key, (class, weight) pairs)`; `rows` makes
    /// the row iterator (it is walked twice: once for the weight range and
    /// the size, once to fill the table, so nothing is copied). A key given
    /// twice keeps its first row; zero weights are dropped. Fails when
    /// `n_classes` exceeds [`MAX_CLASSES`] or a class is out of range.
    pub fn from_rows<F, R, I>(n_classes: usize, rows: F) -> Result<WeightTable, Error>
    where
        F: Fn() -> R,
        R: IntoIterator<Item = (u64, I)>,
        I: IntoIterator<Item = (u16, f32)>,
    {
        if n_classes > MAX_CLASSES {
            return Err(Error::Model(format!(
                "{n_classes} classes; a weight table holds at most {MAX_CLASSES}"
            )));
        }
        let (mut n_rows, mut max_w) = (0usize, 0f32);
        for (_, r) in rows() {
            let mut any = false;
            for (c, w) in r {
                if c as usize >= n_classes {
                    return Err(Error::Model(format!(
                        "weight of class {c} in a model of {n_classes} classes"
                    )));
                }
                if w != 0.0 {
                    any = true;
                    max_w = max_w.max(w.abs());
                }
            }
            n_rows += any as usize;
        }
        let scale = if max_w > 0.0 { max_w / MAX_Q } else { 1.0 };
        let cap = (n_rows * 10 / 7).max(16);
        let mut slots = vec![[0u32; SLOT]; cap];
        let mut tags = vec![0u8; cap];
        let mut overflow = Vec::new();
        let mut row: Vec<(u16, f32)> = Vec::with_capacity(n_classes);
        for (key, r) in rows() {
            row.clear();
            row.extend(r.into_iter().filter(|&(_, w)| w != 0.0));
            if row.is_empty() {
                continue;
            }
            let key = spread(key);
            let fp = fingerprint(key);
            let t = tag8(key);
            let mut i = home(key, cap);
            let mut dup = false;
            while tags[i] != 0 {
                if tags[i] == t && slots[i][0] == fp {
                    dup = true;
                    break;
                }
                i = next(i, cap);
            }
            if dup {
                continue;
            }
            let entries = row
                .iter()
                .map(|&(c, w)| encode(c, (w / scale).round().clamp(-MAX_Q, MAX_Q) as i32));
            let mut slot = [0u32; SLOT];
            slot[0] = fp;
            if row.len() * 4 >= n_classes && row.len() >= SLOT {
                let off = overflow.len();
                overflow.resize(off + n_classes, 0);
                for &(c, w) in &row {
                    let q = (w / scale).round().clamp(-MAX_Q, MAX_Q) as i32;
                    if let Some(x) = overflow.get_mut(off + c as usize) {
                        *x = q as u32;
                    }
                }
                slot[1] = (DENSE << 24) | off as u32;
            } else if row.len() < SLOT {
                for (k, e) in entries.enumerate() {
                    slot[1 + k] = e;
                }
            } else {
                let off = overflow.len() as u32;
                overflow.push(row.len() as u32);
                overflow.extend(entries);
                slot[1] = (SPILL << 24) | off;
            }
            slots[i] = slot;
            tags[i] = t;
        }
        if overflow.len() > 0x00ff_ffff {
            return Err(Error::Model(format!(
                "{} overflow weights; a weight table addresses at most 2^24",
                overflow.len()
            )));
        }
        Ok(WeightTable {
            tags,
            slots,
            overflow,
            cap,
            scale,
            n_classes,
        })
    }

    /// Number of classes.
    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Model units per integer score unit.
    pub fn scale(&self) -> f32 {
        self.scale
    }

    /// Bytes used by the table.
    pub fn size(&self) -> usize {
        self.tags.len() + self.slots.len() * SLOT * 4 + self.overflow.len() * 4
    }

    #[inline(always)]
    fn add_entry(e: u32, acc: &mut [i32; ACC]) {
        // Sign-extend the 24-bit weight; the class byte holds `class + 1`.
        let q = ((e << 8) as i32) >> 8;
        acc[(e >> 24) as u8 as usize] += q;
    }

    #[inline]
    fn add_row(&self, i: usize, acc: &mut [i32; ACC]) {
        let Some(s) = self.slots.get(i) else { return };
        if s[1] >> 24 == DENSE {
            let off = (s[1] & 0x00ff_ffff) as usize;
            let n = self.n_classes;
            if let (Some(ws), Some(a)) = (self.overflow.get(off..off + n), acc.get_mut(1..1 + n)) {
                add_i32(a, ws);
            }
        } else if s[1] >> 24 == SPILL {
            let off = (s[1] & 0x00ff_ffff) as usize;
            let len = self.overflow.get(off).copied().unwrap_or(0) as usize;
            if let Some(es) = self.overflow.get(off + 1..off + 1 + len) {
                for &e in es {
                    Self::add_entry(e, acc);
                }
            }
        } else {
            for &e in &s[1..] {
                if e == 0 {
                    break;
                }
                Self::add_entry(e, acc);
            }
        }
    }

    /// Slot of `key` (already [`spread`]) at or after probe position `i`.
    #[inline]
    fn find_from(&self, key: u64, mut i: usize) -> Option<usize> {
        let t = tag8(key);
        let fp = fingerprint(key);
        loop {
            let g = *self.tags.get(i)?;
            if g == 0 {
                return None;
            }
            if g == t && self.slots[i][0] == fp {
                return Some(i);
            }
            i = next(i, self.cap);
        }
    }

    /// Adds the weights of `feats` to `scores` (unknown features add
    /// nothing).
    #[inline]
    pub fn add(&self, feats: &[u64], scores: &mut Scores) {
        if self.tags.is_empty() {
            return;
        }
        let Scores {
            acc, cand, found, ..
        } = scores;
        for chunk in feats.chunks(BATCH) {
            #[cfg(target_arch = "x86_64")]
            for &f in chunk {
                let i = home(spread(f), self.cap);
                if let Some(t) = self.tags.get(i) {
                    prefetch(t as *const u8 as *const i8);
                }
            }
            // Candidate slots: the first slot of the probe chain whose tag
            // matches (absent features mostly stop at the tag array).
            let mut nc = 0;
            for &f in chunk {
                let key = spread(f);
                let t = tag8(key);
                let mut i = home(key, self.cap);
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
                    i = next(i, self.cap);
                }
            }
            // Resolve (a tag clash keeps probing) and prefetch spilled rows.
            let mut nfound = 0;
            for &(i, key) in &cand[..nc] {
                let i = i as usize;
                let hit = if self.slots[i][0] == fingerprint(key) {
                    Some(i)
                } else {
                    self.find_from(key, next(i, self.cap))
                };
                if let Some(j) = hit {
                    found[nfound] = j as u32;
                    nfound += 1;
                    #[cfg(target_arch = "x86_64")]
                    {
                        let s1 = self.slots[j][1];
                        if s1 >> 24 >= DENSE {
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

    /// Scores `feats` into `out` (one value per class, overwritten), using
    /// `scores` as scratch.
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut Scores, out: &mut [f32]) {
        scores.clear();
        self.add(feats, scores);
        scores.write(self, out);
    }
}

/// Element-wise `dst[k] += src[k]` over the common length, in blocks of
/// eight that the compiler vectorises (`src` holds `i32`s, stored as their
/// `u32` bits in the overflow array).
#[inline(always)]
fn add_i32<T: Copy + Into<Wide>>(dst: &mut [i32], src: &[T]) {
    let mut dc = dst.chunks_exact_mut(8);
    let mut sc = src.chunks_exact(8);
    for (d8, s8) in (&mut dc).zip(&mut sc) {
        for k in 0..8 {
            d8[k] += s8[k].into().0;
        }
    }
    for (d, &x) in dc.into_remainder().iter_mut().zip(sc.remainder()) {
        *d += x.into().0;
    }
}

/// A 32-bit weight as stored (`u32` bits in the overflow array, `i32` in
/// cached score vectors).
#[derive(Clone, Copy)]
struct Wide(i32);

impl From<u32> for Wide {
    #[inline(always)]
    fn from(x: u32) -> Wide {
        Wide(x as i32)
    }
}

impl From<i32> for Wide {
    #[inline(always)]
    fn from(x: i32) -> Wide {
        Wide(x)
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
    use crate::hash_str;

    #[test]
    fn scores_like_the_model() {
        let mut rows: Vec<(u64, Vec<(u16, f32)>)> = (0..3000u64)
            .map(|k| {
                let key = hash_str(&format!("f{k}"));
                let len = (k % 12) as u16 + 1;
                (
                    key,
                    (0..len)
                        .map(|c| (c, (k as f32 - 1500.0) * 0.01 + c as f32))
                        .collect(),
                )
            })
            .collect();
        rows.sort_by_key(|r| r.0);
        let m = LinearModel::from_rows(12, rows);
        let t = WeightTable::from_model(&m).expect("12 classes fit");
        let feats: Vec<u64> = (0..200u64)
            .map(|k| hash_str(&format!("f{}", k * 7)))
            .chain([hash_str("unseen"), hash_str("also unseen")])
            .collect();
        let mut want = [0f32; 12];
        m.score(&feats, &mut want);
        let mut got = [0f32; 12];
        let mut acc = Scores::new(&t);
        t.score(&feats, &mut acc, &mut got);
        for (a, b) in want.iter().zip(&got) {
            assert!((a - b).abs() < 1e-3, "{want:?} vs {got:?}");
        }
        // Adding on top of earlier scores.
        acc.clear();
        t.add(&feats[..100], &mut acc);
        t.add(&feats[100..], &mut acc);
        let mut again = [0f32; 12];
        acc.write(&t, &mut again);
        assert_eq!(got, again);
    }

    #[test]
    fn small_keys_stay_distinct() {
        // Keys that differ only in their low bits must not share a
        // fingerprint (they did before keys were spread).
        let rows: Vec<(u64, Vec<(u16, f32)>)> = (0..200u64)
            .map(|k| (2 * k, vec![((k % 3) as u16, 1.0 + k as f32)]))
            .collect();
        let t = WeightTable::from_rows(3, || rows.clone()).expect("fits");
        let mut acc = Scores::new(&t);
        for (k, r) in &rows {
            acc.clear();
            t.add(&[*k], &mut acc);
            let mut out = [0f32; 3];
            acc.write(&t, &mut out);
            assert!(
                (out[r[0].0 as usize] - r[0].1).abs() < 1e-3,
                "key {k}: {out:?}"
            );
        }
    }

    #[test]
    fn empty_and_oversized() {
        let t = WeightTable::default();
        let mut acc = Scores::new(&t);
        t.add(&[1, 2, 3], &mut acc);
        assert!(acc.raw_scores().is_empty());
        let rows = vec![(5u64, vec![(300u16, 1.0f32)])];
        assert!(WeightTable::from_rows(255, || rows.clone()).is_err());
        assert!(WeightTable::from_rows(10, || rows.clone()).is_err());
    }
}
