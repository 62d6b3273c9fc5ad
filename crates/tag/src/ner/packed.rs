//! Both passes' models merged into one weight table, so that one probe per
//! feature scores both passes.
//!
//! The model file stores the merged rows as the blob `packed` (format below);
//! at load time they are laid out as a [`WeightTable`], which scores them.
//!
//! ```text
//! packed  := "NERW" version:u32(2) n_rows:u32 row*
//! row     := key:u64 len:u8 (class:u8 weight:f32)*len    (little-endian)
//! ```
//!
//! Version 1 files (an open-addressing table that kept only 32 bits of each
//! key, so it cannot be re-laid out) are still read and scored as they are.

use super::tags::N_CLASSES;
use chronicler_learn::table::{Scores, WeightTable};
use chronicler_learn::LinearModel;
use rustc_hash::FxHashMap;

/// Classes of the merged table: pass 1 in `0..17`, pass 2 in `17..34`.
pub(crate) const N_ALL: usize = 2 * N_CLASSES;
/// Weight unit of version 1 blobs.
const LEGACY_SCALE: f32 = 1.0 / 1024.0;

/// Merged weights of pass 1 and pass 2.
#[derive(Debug, Clone, Default)]
pub(crate) struct Packed {
    /// Merged rows (classes of pass 2 shifted by 17), sorted by key.
    rows: Vec<(u64, Vec<(u8, f32)>)>,
    /// The run-time layout of `rows`.
    table: WeightTable,
    /// A version 1 blob, scored in its own layout.
    legacy: Option<Legacy>,
}

/// The version 1 layout.
#[derive(Debug, Clone, Default)]
struct Legacy {
    /// `fingerprint << 32 | offset`; 0 = empty.
    slots: Vec<u64>,
    /// Rows: a length word, then `weight_q24 << 8 | class` words.
    data: Vec<u32>,
    mask: usize,
}

thread_local! {
    /// Scratch of [`Packed::add`], reused by every call on this thread.
    static SCORES: std::cell::RefCell<Option<Scores>> = const { std::cell::RefCell::new(None) };
}

const BLOB_MAGIC: &[u8; 4] = b"NERW";
const BLOB_VERSION: u32 = 2;

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
        let mut rows: Vec<(u64, Vec<(u8, f32)>)> =
            rows.into_iter().filter(|(_, r)| !r.is_empty()).collect();
        rows.sort_unstable_by_key(|r| r.0);
        Packed::from_sorted_rows(rows)
    }

    fn from_sorted_rows(rows: Vec<(u64, Vec<(u8, f32)>)>) -> Packed {
        let table = WeightTable::from_rows(
            N_ALL,
            rows.iter()
                .map(|(k, r)| (*k, r.iter().map(|&(c, w)| (c as u16, w)))),
        )
        .unwrap_or_default();
        Packed {
            rows,
            table,
            legacy: None,
        }
    }

    /// Adds the scores of `feats` to `out` (34 classes).
    #[inline]
    pub(crate) fn add(&self, feats: &[u64], out: &mut [f32; N_ALL]) {
        if let Some(l) = &self.legacy {
            l.add(feats, out);
            return;
        }
        SCORES.with(|cell| {
            let mut acc = cell.borrow_mut();
            let acc = acc.get_or_insert_with(|| Scores::new(&self.table));
            acc.reset(&self.table);
            self.table.add(feats, acc);
            acc.add_to(&self.table, out);
        });
    }

    /// Serialises in the version 2 format (module docs).
    pub(crate) fn to_blob(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(12 + self.rows.len() * 20);
        b.extend_from_slice(BLOB_MAGIC);
        b.extend_from_slice(&BLOB_VERSION.to_le_bytes());
        b.extend_from_slice(&(self.rows.len() as u32).to_le_bytes());
        for (k, r) in &self.rows {
            b.extend_from_slice(&k.to_le_bytes());
            b.push(r.len().min(255) as u8);
            for &(c, w) in r.iter().take(255) {
                b.push(c);
                b.extend_from_slice(&w.to_le_bytes());
            }
        }
        b
    }

    /// Reads [`Packed::to_blob`]'s format (or version 1), checking every
    /// length and class.
    pub(crate) fn from_blob(b: &[u8]) -> Result<Packed, super::Error> {
        let bad = |m: &str| super::Error::Data(format!("packed weights: {m}"));
        if b.get(..4) != Some(BLOB_MAGIC.as_slice()) {
            return Ok(Packed {
                legacy: Some(Legacy::from_blob(b)?),
                ..Packed::default()
            });
        }
        let mut r = ByteReader { b, pos: 4 };
        let version = r.u32().ok_or_else(|| bad("truncated"))?;
        if version != BLOB_VERSION {
            return Err(bad(&format!(
                "version {version}, this build reads {BLOB_VERSION}"
            )));
        }
        let n = r.u32().ok_or_else(|| bad("truncated"))? as usize;
        let mut rows = Vec::with_capacity(n.min(b.len() / 9));
        for _ in 0..n {
            let key = r.u64().ok_or_else(|| bad("truncated row"))?;
            let len = r.u8().ok_or_else(|| bad("truncated row"))? as usize;
            let mut row = Vec::with_capacity(len);
            for _ in 0..len {
                let c = r.u8().ok_or_else(|| bad("truncated row"))?;
                let w = f32::from_bits(r.u32().ok_or_else(|| bad("truncated row"))?);
                if c as usize >= N_ALL || !w.is_finite() {
                    return Err(bad(&format!("bad entry (class {c}, weight {w})")));
                }
                row.push((c, w));
            }
            rows.push((key, row));
        }
        if r.pos != b.len() {
            return Err(bad("trailing bytes"));
        }
        Ok(Packed::from_sorted_rows(rows))
    }

    /// Bytes used at run time.
    pub(crate) fn size(&self) -> usize {
        match &self.legacy {
            Some(l) => l.slots.len() * 8 + l.data.len() * 4,
            None => self.table.size(),
        }
    }
}

/// Little-endian reads that fail instead of panicking.
struct ByteReader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl ByteReader<'_> {
    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        let x = self.b.get(self.pos..self.pos + N)?;
        self.pos += N;
        x.try_into().ok()
    }
    fn u8(&mut self) -> Option<u8> {
        self.take::<1>().map(|x| x[0])
    }
    fn u32(&mut self) -> Option<u32> {
        self.take::<4>().map(u32::from_le_bytes)
    }
    fn u64(&mut self) -> Option<u64> {
        self.take::<8>().map(u64::from_le_bytes)
    }
}

impl Legacy {
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

    /// Two phases (find every row, then read the rows) so that the cache
    /// misses of different features overlap.
    fn add(&self, feats: &[u64], out: &mut [f32; N_ALL]) {
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
                        if let Some(o) = out.get_mut(c) {
                            *o += ((e as i32) >> 8) as f32 * LEGACY_SCALE;
                        }
                    }
                }
            }
        }
    }

    fn from_blob(b: &[u8]) -> Result<Legacy, super::Error> {
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
        Ok(Legacy {
            slots,
            data,
            mask: n - 1,
        })
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
