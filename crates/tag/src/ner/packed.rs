//! Both passes' models merged into one weight table, so that one probe per
//! feature scores both passes.
//!
//! The model file stores the merged rows as the blob `packed`; at load time
//! they are laid out as a [`WeightTable`], which scores them.
//!
//! ```text
//! packed  := "NERW" version:u32(2) n_rows:u32 row*
//! row     := key:u64 len:u8 (class:u8 weight:f32)*len    (little-endian)
//! ```

use super::tags::N_CLASSES;
use chronicler_learn::table::{Scores, WeightTable};
use chronicler_learn::LinearModel;
use rustc_hash::FxHashMap;

/// Classes of the merged table: pass 1 in `0..17`, pass 2 in `17..34`.
pub(crate) const N_ALL: usize = 2 * N_CLASSES;

/// Merged weights of pass 1 and pass 2.
#[derive(Debug, Clone, Default)]
pub(crate) struct Packed {
    /// The run-time layout.
    table: WeightTable,
    /// The merged rows in file order, kept only when built from models
    /// (training), for [`Packed::to_blob`].
    rows: Vec<(u64, Vec<(u8, f32)>)>,
    /// Scores of the transition features of every (previous class,
    /// class before it), at `prev2 * 17 + prev`.
    trans: Vec<[f32; N_ALL]>,
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
        let table = WeightTable::from_rows(N_ALL, || {
            rows.iter()
                .map(|(k, r)| (*k, r.iter().map(|&(c, w)| (c as u16, w))))
        })
        .unwrap_or_default();
        Packed {
            table,
            rows,
            trans: Vec::new(),
        }
        .with_transitions()
    }

    /// Fills the transition table.
    fn with_transitions(mut self) -> Packed {
        let mut f = chronicler_learn::Features::new();
        let mut trans = Vec::with_capacity(N_CLASSES * N_CLASSES);
        for prev2 in 0..N_CLASSES {
            for prev in 0..N_CLASSES {
                super::features::transition_features(prev, prev2, &mut f);
                let mut s = [0f32; N_ALL];
                self.add(&f.as_slice()[1..], &mut s);
                trans.push(s);
            }
        }
        self.trans = trans;
        self
    }

    /// Scores of the transition features after `prev2`, `prev`
    /// ([`super::features::transition_features`]).
    #[inline]
    pub(crate) fn transition(&self, prev2: usize, prev: usize) -> [f32; N_ALL] {
        self.trans
            .get(prev2 * N_CLASSES + prev)
            .copied()
            .unwrap_or([0.0; N_ALL])
    }

    /// Adds the scores of `feats` to `out` (34 classes).
    #[inline]
    pub(crate) fn add(&self, feats: &[u64], out: &mut [f32; N_ALL]) {
        SCORES.with(|cell| {
            let mut acc = cell.borrow_mut();
            let acc = acc.get_or_insert_with(|| Scores::new(&self.table));
            acc.reset(&self.table);
            self.table.add(feats, acc);
            acc.add_to(&self.table, out);
        });
    }

    /// Serialises in the format of the module docs (only a `Packed` built
    /// by [`Packed::new`] has its rows).
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

    /// Reads [`Packed::to_blob`]'s format, checking every length and class
    /// before laying the rows out (straight from the bytes, no copy).
    pub(crate) fn from_blob(b: &[u8]) -> Result<Packed, super::Error> {
        let bad = |m: &str| super::Error::Data(format!("packed weights: {m}"));
        if b.get(..4) != Some(BLOB_MAGIC.as_slice()) {
            return Err(bad("not a version 2 weight blob (retrain the model)"));
        }
        let version = read_u32(b, 4).ok_or_else(|| bad("truncated"))?;
        if version != BLOB_VERSION {
            return Err(bad(&format!(
                "version {version}, this build reads {BLOB_VERSION}"
            )));
        }
        let n = read_u32(b, 8).ok_or_else(|| bad("truncated"))? as usize;
        // Validate once, so that the row iterator below never fails.
        let mut pos = 12;
        for _ in 0..n {
            let len = *b.get(pos + 8).ok_or_else(|| bad("truncated row"))? as usize;
            let end = pos + 9 + len * 5;
            let entries = b.get(pos + 9..end).ok_or_else(|| bad("truncated row"))?;
            for e in entries.chunks_exact(5) {
                let w = f32::from_le_bytes([e[1], e[2], e[3], e[4]]);
                if e[0] as usize >= N_ALL || !w.is_finite() {
                    return Err(bad(&format!("bad entry (class {}, weight {w})", e[0])));
                }
            }
            pos = end;
        }
        if pos != b.len() {
            return Err(bad("trailing bytes"));
        }
        let table = WeightTable::from_rows(N_ALL, || BlobRows {
            b,
            pos: 12,
            left: n,
        })
        .map_err(|e| bad(&e.to_string()))?;
        Ok(Packed {
            table,
            rows: Vec::new(),
            trans: Vec::new(),
        }
        .with_transitions())
    }

    /// Bytes used at run time.
    pub(crate) fn size(&self) -> usize {
        self.table.size()
    }
}

fn read_u32(b: &[u8], at: usize) -> Option<u32> {
    let x = b.get(at..at + 4)?;
    Some(u32::from_le_bytes([x[0], x[1], x[2], x[3]]))
}

/// The rows of a validated blob, read in place.
struct BlobRows<'a> {
    b: &'a [u8],
    pos: usize,
    left: usize,
}

impl<'a> Iterator for BlobRows<'a> {
    type Item = (
        u64,
        std::iter::Map<std::slice::ChunksExact<'a, u8>, fn(&[u8]) -> (u16, f32)>,
    );

    fn next(&mut self) -> Option<Self::Item> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let k = self.b.get(self.pos..self.pos + 8)?;
        let key = u64::from_le_bytes([k[0], k[1], k[2], k[3], k[4], k[5], k[6], k[7]]);
        let len = *self.b.get(self.pos + 8)? as usize;
        let entries = self.b.get(self.pos + 9..self.pos + 9 + len * 5)?;
        self.pos += 9 + len * 5;
        let entry: fn(&[u8]) -> (u16, f32) =
            |e| (e[0] as u16, f32::from_le_bytes([e[1], e[2], e[3], e[4]]));
        Some((key, entries.chunks_exact(5).map(entry)))
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

    #[test]
    fn the_transition_table_scores_like_the_history_features() {
        use super::super::features::{self, TokInfo};
        use chronicler_learn::Features;
        // Weights on the transition features of (prev2 = 3, prev = 5) and
        // (prev = 5 alone), found by hashing them.
        let mut f = Features::new();
        features::transition_features(5, 3, &mut f);
        let keys: Vec<u64> = f.as_slice()[1..].to_vec();
        let a = LinearModel::from_rows(
            N_CLASSES,
            vec![(keys[0], vec![(2, 1.0)]), (keys[1], vec![(4, -0.5)])],
        );
        let p = Packed::new(&a, None);
        let t = TokInfo::default();
        let mut full = [0f32; N_ALL];
        features::history_features(&t, 5, 3, &mut f);
        p.add(&f.as_slice()[1..], &mut full);
        let mut split = p.transition(3, 5);
        features::history_token_features(&t, 5, &mut f);
        p.add(&f.as_slice()[1..], &mut split);
        assert_eq!(full, split);
        assert!((split[2] - 1.0).abs() < 1e-3 && (split[4] + 0.5).abs() < 1e-3);
        assert_eq!(p.transition(0, 0)[2], 0.0);
        assert_eq!(Packed::default().transition(3, 5), [0.0; N_ALL]);
    }
}
