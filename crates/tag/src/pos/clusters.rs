//! Word clusters for the tagger's features (the same clusters as the NER
//! tagger: `data/ner/clusters.tsv` + `cluster_groups.tsv`, read at
//! training time and stored compactly in the model file).
//!
//! Blob `clusters`: `n:u32`, then `n` rows `(hash:u32, group:u16)` sorted by
//! hash (hash = low 32 bits of [`hash_str`] of the word); blob
//! `cluster_groups`: `m:u32`, then `m` rows `(c64:u16, c256:u16, c1024:u16)`.

use crate::Error;
use chronicler_learn::clusters::ClusterFiles;
use chronicler_learn::hash_str;
use chronicler_learn::model::Reader;
use rustc_hash::FxHashMap;
use std::path::Path;

/// Word → cluster ids at three granularities.
#[derive(Debug, Clone, Default)]
pub(crate) struct Clusters {
    words: FxHashMap<u32, u16>,
    groups: Vec<[u16; 3]>,
    blob: Vec<u8>,
    groups_blob: Vec<u8>,
}

/// Cluster ids of a word not in the table.
pub(crate) const NO_CLUSTER: [u64; 3] = [0xC1, 0xC2, 0xC3];

#[inline]
fn key(w: &str) -> u32 {
    hash_str(w) as u32
}

impl Clusters {
    /// Reads `clusters.tsv` and `cluster_groups.tsv` from `dir`.
    pub(crate) fn from_dir(dir: &Path) -> Result<Clusters, Error> {
        let files = ClusterFiles::read_dir(dir)?;
        let mut rows: Vec<(u32, u16)> = files.words.iter().map(|(w, g)| (key(w), *g)).collect();
        rows.sort_unstable();
        rows.dedup_by_key(|r| r.0);
        let mut blob = Vec::with_capacity(4 + rows.len() * 6);
        blob.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        for (h, grp) in &rows {
            blob.extend_from_slice(&h.to_le_bytes());
            blob.extend_from_slice(&grp.to_le_bytes());
        }
        let mut groups_blob = Vec::with_capacity(4 + files.groups.len() * 6);
        groups_blob.extend_from_slice(&(files.groups.len() as u32).to_le_bytes());
        for c in &files.groups {
            for x in c {
                groups_blob.extend_from_slice(&x.to_le_bytes());
            }
        }
        Clusters::from_blobs(&blob, &groups_blob)
    }

    /// Rebuilds from the blobs.
    pub(crate) fn from_blobs(blob: &[u8], groups_blob: &[u8]) -> Result<Clusters, Error> {
        let mut r = Reader::new(groups_blob);
        let m = r.u32()? as usize;
        let mut groups = Vec::with_capacity(m.min(1 << 20));
        for _ in 0..m {
            groups.push([r.u16()?, r.u16()?, r.u16()?]);
        }
        let mut r = Reader::new(blob);
        let n = r.u32()? as usize;
        let mut words = FxHashMap::default();
        words.reserve(n.min(1 << 22));
        for _ in 0..n {
            let h = r.u32()?;
            let g = r.u16()?;
            if g as usize >= groups.len() {
                return Err(Error::Model(format!(
                    "cluster group {g} out of range ({} groups)",
                    groups.len()
                )));
            }
            words.insert(h, g);
        }
        Ok(Clusters {
            words,
            groups,
            blob: blob.to_vec(),
            groups_blob: groups_blob.to_vec(),
        })
    }

    /// The `(clusters, cluster_groups)` blobs.
    pub(crate) fn blobs(&self) -> (&[u8], &[u8]) {
        (&self.blob, &self.groups_blob)
    }

    /// True when no clusters are loaded.
    pub(crate) fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Cluster ids `(c256, c1024, group)` of a word, looked up as written,
    /// then lowercased; [`NO_CLUSTER`] when absent.
    #[inline]
    pub(crate) fn lookup(&self, word: &str, lower: &str) -> [u64; 3] {
        if self.words.is_empty() {
            return NO_CLUSTER;
        }
        let g = self
            .words
            .get(&key(word))
            .or_else(|| self.words.get(&key(lower)));
        match g.and_then(|&g| self.groups.get(g as usize).map(|c| (g, c))) {
            Some((g, c)) => [c[1] as u64 + 1, c[2] as u64 + 1, g as u64 + 1],
            None => NO_CLUSTER,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tsv_and_blobs() {
        let dir =
            std::env::temp_dir().join(format!("chronicler-pos-clusters-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("clusters.tsv"),
            "minister\t1\nsenator\t1\nran\t0\n",
        )
        .unwrap();
        std::fs::write(dir.join("cluster_groups.tsv"), "0\t5\t6\t7\n1\t8\t9\t10\n").unwrap();
        let c = Clusters::from_dir(&dir).unwrap();
        assert_eq!(
            c.lookup("Minister", "minister"),
            c.lookup("senator", "senator")
        );
        assert_ne!(c.lookup("ran", "ran"), c.lookup("senator", "senator"));
        assert_eq!(c.lookup("zzz", "zzz"), NO_CLUSTER);
        let (a, b) = c.blobs();
        let back = Clusters::from_blobs(a, b).unwrap();
        assert_eq!(back.lookup("ran", "ran"), c.lookup("ran", "ran"));
        assert!(Clusters::from_blobs(&a[..7], b).is_err());
        std::fs::write(dir.join("cluster_groups.tsv"), "0\tx\n").unwrap();
        assert!(Clusters::from_dir(&dir).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
