//! The run-time weight table: both passes' models merged into one
//! open-addressing table (one probe per feature scores both passes), rows
//! stored contiguously with 24-bit fixed-point weights so that a row is
//! usually one cache line.

use super::tags::N_CLASSES;
use chronicler_learn::LinearModel;
use rustc_hash::FxHashMap;

/// Classes of the merged table: pass 1 in `0..17`, pass 2 in `17..34`.
pub(crate) const N_ALL: usize = 2 * N_CLASSES;
const SCALE: f32 = 1.0 / 1024.0;
const MAX_Q: f32 = ((1 << 23) - 1) as f32;

/// Merged, quantised weights of pass 1 and pass 2.
#[derive(Debug, Clone, Default)]
pub(crate) struct Packed {
    /// `fingerprint << 32 | offset`; 0 = empty.
    slots: Vec<u64>,
    /// Rows: a length word, then `weight_q24 << 8 | class` words.
    data: Vec<u32>,
    mask: usize,
}

impl Packed {
    /// Merges `pass1` (classes kept) and `pass2` (classes + 17).
    pub(crate) fn new(pass1: &LinearModel, pass2: Option<&LinearModel>) -> Packed {
        let mut rows: FxHashMap<u64, Vec<(u8, f32)>> = FxHashMap::default();
        for (k, cs, ws) in pass1.rows() {
            let r = rows.entry(k).or_default();
            r.extend(
                cs.iter()
                    .zip(ws)
                    .filter(|(&c, _)| (c as usize) < N_CLASSES)
                    .map(|(&c, &w)| (c as u8, w)),
            );
        }
        if let Some(p2) = pass2 {
            for (k, cs, ws) in p2.rows() {
                let r = rows.entry(k).or_default();
                r.extend(
                    cs.iter()
                        .zip(ws)
                        .filter(|(&c, _)| (c as usize) < N_CLASSES)
                        .map(|(&c, &w)| (c as u8 + N_CLASSES as u8, w)),
                );
            }
        }
        rows.retain(|_, r| !r.is_empty());
        let mut keys: Vec<u64> = rows.keys().copied().collect();
        keys.sort_unstable();
        let cap = (keys.len() * 2).next_power_of_two().max(16);
        let mask = cap - 1;
        let mut slots = vec![0u64; cap];
        let mut data = Vec::new();
        for k in keys {
            let Some(row) = rows.get(&k) else { continue };
            let off = data.len() as u64;
            data.push(row.len() as u32);
            for &(c, w) in row {
                let q = (w / SCALE).round().clamp(-MAX_Q, MAX_Q) as i32;
                data.push(((q as u32) << 8) | c as u32);
            }
            let fp = (k >> 32) | 1;
            let mut i = (k as usize) & mask;
            while slots[i] != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = (fp << 32) | off;
        }
        Packed { slots, data, mask }
    }

    /// Offset of the row of feature `f`, or `u32::MAX`.
    #[inline]
    fn find(&self, f: u64) -> u32 {
        let f = f | 1;
        let fp = (f >> 32) | 1;
        let mut i = (f as usize) & self.mask;
        loop {
            let s = self.slots[i];
            if s >> 32 == fp {
                return (s & 0xffff_ffff) as u32;
            }
            if s == 0 {
                return u32::MAX;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Adds the scores of `feats` to `out` (34 classes).
    ///
    /// Two phases (find every row, then read the rows) so that the cache
    /// misses of different features overlap.
    #[inline]
    pub(crate) fn add(&self, feats: &[u64], out: &mut [f32; N_ALL]) {
        if self.slots.is_empty() {
            return;
        }
        let mut offs = [u32::MAX; 32];
        for chunk in feats.chunks(32) {
            for (o, &f) in offs.iter_mut().zip(chunk) {
                *o = self.find(f);
            }
            for &off in &offs[..chunk.len()] {
                if off == u32::MAX {
                    continue;
                }
                let off = off as usize;
                let len = self.data.get(off).copied().unwrap_or(0) as usize;
                if let Some(row) = self.data.get(off + 1..off + 1 + len) {
                    for &e in row {
                        let c = (e & 0xff) as usize;
                        let w = ((e as i32) >> 8) as f32 * SCALE;
                        if let Some(o) = out.get_mut(c) {
                            *o += w;
                        }
                    }
                }
            }
        }
    }

    /// Serialises: `mask:u64 n_slots:u32 slot:u64* n_data:u32 word:u32*` (LE).
    pub(crate) fn to_blob(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(16 + self.size());
        b.extend_from_slice(&(self.slots.len() as u32).to_le_bytes());
        for s in &self.slots {
            b.extend_from_slice(&s.to_le_bytes());
        }
        b.extend_from_slice(&(self.data.len() as u32).to_le_bytes());
        for d in &self.data {
            b.extend_from_slice(&d.to_le_bytes());
        }
        b
    }

    /// Reads [`Packed::to_blob`]'s format, checking every offset.
    pub(crate) fn from_blob(b: &[u8]) -> Result<Packed, super::Error> {
        let bad = |m: &str| super::Error::Data(format!("packed weights: {m}"));
        let n = b
            .get(..4)
            .map(|x| u32::from_le_bytes([x[0], x[1], x[2], x[3]]))
            .ok_or_else(|| bad("truncated"))? as usize;
        if n == 0 || !n.is_power_of_two() {
            return Err(bad("slot count is not a power of two"));
        }
        let sb = b.get(4..4 + n * 8).ok_or_else(|| bad("truncated slots"))?;
        let slots: Vec<u64> = sb
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
            .collect();
        let rest = &b[4 + n * 8..];
        let m = rest
            .get(..4)
            .map(|x| u32::from_le_bytes([x[0], x[1], x[2], x[3]]))
            .ok_or_else(|| bad("truncated"))? as usize;
        let db = rest
            .get(4..4 + m * 4)
            .ok_or_else(|| bad("truncated rows"))?;
        let data: Vec<u32> = db
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        for &s in &slots {
            if s != 0 {
                let off = (s & 0xffff_ffff) as usize;
                let len = data
                    .get(off)
                    .copied()
                    .ok_or_else(|| bad("row offset out of range"))?
                    as usize;
                if off + 1 + len > data.len() {
                    return Err(bad("row runs past the end"));
                }
            }
        }
        Ok(Packed {
            slots,
            data,
            mask: n - 1,
        })
    }

    /// Bytes used.
    pub(crate) fn size(&self) -> usize {
        self.slots.len() * 8 + self.data.len() * 4
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_and_quantises() {
        let a = LinearModel::from_rows(
            N_CLASSES,
            vec![(11, vec![(0, 1.5), (3, -2.0)]), (12, vec![(1, 0.25)])],
        );
        let b = LinearModel::from_rows(N_CLASSES, vec![(11, vec![(0, 4.0)])]);
        let p = Packed::new(&a, Some(&b));
        let mut s = [0f32; N_ALL];
        p.add(&[11, 12, 99], &mut s);
        assert!((s[0] - 1.5).abs() < 1e-3 && (s[3] + 2.0).abs() < 1e-3);
        assert!((s[1] - 0.25).abs() < 1e-3);
        assert!((s[N_CLASSES] - 4.0).abs() < 1e-3);
        assert!(p.size() > 0);
        let q = Packed::from_blob(&p.to_blob()).expect("roundtrip");
        let mut t = [0f32; N_ALL];
        q.add(&[11, 12, 99], &mut t);
        assert_eq!(s, t);
        assert!(Packed::from_blob(&[1, 0, 0]).is_err());
    }
}
