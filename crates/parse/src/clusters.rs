//! Word clusters for the parser's features (after Koo et al. 2008): each
//! known word maps to a cluster at three granularities (64, 256 and 1024
//! clusters), which generalises word features to words rare or absent in the
//! treebank and softens POS-tagging errors.
//!
//! The clusters are read at training time from `clusters.tsv` and
//! `cluster_groups.tsv` (format: `data/ner/README.md`) and stored in the
//! model file as the blob `clusters`, so a model always carries the clusters
//! it was trained with and the running program reads no other file.
//!
//! Words are keyed by the parser's normalised word hash (lowercased, digits
//! as `0`), truncated to 32 bits.

use crate::system::word_hash;
use crate::Error;
use chronicler_learn::clusters::ClusterFiles;
use chronicler_learn::model::Reader;
use std::collections::HashMap;
use std::path::Path;

/// Cluster ids of one word: `[c64, c256, c1024]`.
pub(crate) type Levels = [u16; 3];

/// A word → cluster map (empty when the model has no clusters).
#[derive(Debug, Clone, Default)]
pub(crate) struct Clusters {
    /// Coarser levels of each finest group.
    groups: Vec<Levels>,
    /// Truncated word hash → finest group.
    words: HashMap<u32, u16, BuildIdentity>,
}

/// The keys are already hashes: no second hashing.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct BuildIdentity;

/// Identity hasher over a `u32` key (spread to 64 bits).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct IdentityHasher(u64);

impl std::hash::Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8 | b as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }
    fn write_u32(&mut self, i: u32) {
        self.0 = (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

impl std::hash::BuildHasher for BuildIdentity {
    type Hasher = IdentityHasher;
    fn build_hasher(&self) -> IdentityHasher {
        IdentityHasher(0)
    }
}

#[inline]
fn key(word_h: u64) -> u32 {
    (word_h >> 17) as u32
}

impl Clusters {
    /// True when no word has a cluster.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Number of words with a cluster.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// The clusters of a word given its [`word_hash`], if known.
    #[inline]
    pub fn get(&self, word_h: u64) -> Option<Levels> {
        let g = *self.words.get(&key(word_h))?;
        self.groups.get(g as usize).copied()
    }

    /// Reads `clusters.tsv` (`word<TAB>group`) and `cluster_groups.tsv`
    /// (`group<TAB>c64<TAB>c256<TAB>c1024`) from `dir`. A lowercase entry
    /// wins over case variants of the same word.
    pub fn read_dir(dir: &Path) -> Result<Clusters, Error> {
        let files = ClusterFiles::read_dir(dir)?;
        let mut words: HashMap<u32, u16, BuildIdentity> = HashMap::default();
        let mut lower_seen: HashMap<u32, bool, BuildIdentity> = HashMap::default();
        for (w, g) in &files.words {
            let (w, g) = (w.as_str(), *g);
            let k = key(word_hash(w));
            let is_lower = !w.chars().any(|c| c.is_uppercase());
            match lower_seen.get(&k) {
                Some(true) => {}
                Some(false) if !is_lower => {}
                _ => {
                    words.insert(k, g);
                    lower_seen.insert(k, is_lower);
                }
            }
        }
        Ok(Clusters {
            groups: files.groups,
            words,
        })
    }

    /// Serialises the clusters (the `clusters` blob of a model file).
    pub fn to_blob(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(8 + self.groups.len() * 6 + self.words.len() * 6);
        out.extend_from_slice(&(self.groups.len() as u32).to_le_bytes());
        for g in &self.groups {
            for x in g {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
        let mut ws: Vec<(u32, u16)> = self.words.iter().map(|(&k, &g)| (k, g)).collect();
        ws.sort_unstable();
        out.extend_from_slice(&(ws.len() as u32).to_le_bytes());
        for (k, g) in ws {
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&g.to_le_bytes());
        }
        out
    }

    /// Reads the `clusters` blob.
    pub fn from_blob(b: &[u8]) -> Result<Clusters, Error> {
        let mut r = Reader::new(b);
        let ng = r.u32()? as usize;
        if ng > 1 << 16 {
            return Err(Error::Model(format!(
                "clusters blob: {ng} groups, expected at most 65536"
            )));
        }
        let mut groups = Vec::with_capacity(ng);
        for _ in 0..ng {
            groups.push([r.u16()?, r.u16()?, r.u16()?]);
        }
        let nw = r.u32()? as usize;
        if nw > b.len() / 6 {
            return Err(Error::Model(format!(
                "clusters blob: {nw} words announced in {} bytes",
                b.len()
            )));
        }
        let mut words: HashMap<u32, u16, BuildIdentity> = HashMap::default();
        words.reserve(nw);
        for _ in 0..nw {
            let k = r.u32()?;
            let g = r.u16()?;
            if g as usize >= ng {
                return Err(Error::Model(format!(
                    "clusters blob: group {g} of a word, expected below {ng}"
                )));
            }
            words.insert(k, g);
        }
        Ok(Clusters { groups, words })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_writes_and_looks_up() {
        let dir = std::env::temp_dir().join(format!("parse-clusters-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        std::fs::write(dir.join("cluster_groups.tsv"), "0\t1\t2\t3\n1\t4\t5\t6\n").expect("write");
        std::fs::write(
            dir.join("clusters.tsv"),
            "Apple\t0\napple\t1\nPear\t0\nbanana\t1\n",
        )
        .expect("write");
        let c = Clusters::read_dir(&dir).expect("reads");
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(c.len(), 3);
        // The lowercase entry wins whatever the order.
        assert_eq!(c.get(word_hash("APPLE")), Some([4, 5, 6]));
        assert_eq!(c.get(word_hash("pear")), Some([1, 2, 3]));
        assert_eq!(c.get(word_hash("cherry")), None);
        let back = Clusters::from_blob(&c.to_blob()).expect("round trip");
        assert_eq!(back.get(word_hash("banana")), Some([4, 5, 6]));
        assert_eq!(back.len(), 3);
        assert!(Clusters::from_blob(&[1, 0]).is_err());
    }

    #[test]
    fn malformed_files_are_errors() {
        let dir = std::env::temp_dir().join(format!("parse-clusters-bad-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        std::fs::write(dir.join("cluster_groups.tsv"), "0\t1\t2\n").expect("write");
        std::fs::write(dir.join("clusters.tsv"), "a\t0\n").expect("write");
        let e = Clusters::read_dir(&dir).expect_err("three columns");
        assert!(e.to_string().contains("c1024"), "{e}");
        std::fs::write(dir.join("cluster_groups.tsv"), "0\t1\t2\t3\n").expect("write");
        std::fs::write(dir.join("clusters.tsv"), "a\t7\n").expect("write");
        let e = Clusters::read_dir(&dir).expect_err("group out of range");
        let _ = std::fs::remove_dir_all(&dir);
        assert!(e.to_string().contains("below 1"), "{e}");
    }
}
