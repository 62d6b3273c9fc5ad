//! Word clusters and gazetteers: the two lexical resources of the tagger.
//!
//! Both are built at training time from `data/ner/` (and `data/places/`,
//! `data/actors/` when present) and stored inside the model file as blobs, so a
//! model always carries exactly the resources it was trained with.

use super::Error;
use chronicler_learn::hash_str;
use rustc_hash::FxHashMap;

/// No cluster.
pub(crate) const NO_CLUSTER: u32 = u32::MAX;

/// Word → cluster ids at four granularities (~10k groups, 1024, 256, 64).
#[derive(Debug, Clone, Default)]
pub(crate) struct Clusters {
    map: FxHashMap<u64, u16>,
    /// group → (c64, c256, c1024)
    groups: Vec<[u16; 3]>,
}

impl Clusters {
    /// Parses `clusters.tsv` (`word<TAB>group`) and `cluster_groups.tsv`
    /// (`group<TAB>c64<TAB>c256<TAB>c1024`).
    pub(crate) fn from_tsv(words: &str, groups: &str) -> Result<Clusters, Error> {
        let files = chronicler_learn::clusters::ClusterFiles::parse(words, groups)?;
        let mut map = FxHashMap::default();
        for (w, id) in &files.words {
            map.insert(hash_str(w), *id);
        }
        Ok(Clusters {
            map,
            groups: files.groups,
        })
    }

    /// Group of `word`, looking up `first`, then `lower`.
    #[inline]
    pub(crate) fn lookup(&self, first: u64, lower: u64) -> [u32; 4] {
        let g = self.map.get(&first).or_else(|| self.map.get(&lower));
        match g {
            Some(&g) => {
                let c = self.groups.get(g as usize).copied().unwrap_or([0; 3]);
                [g as u32, c[0] as u32, c[1] as u32, c[2] as u32]
            }
            None => [NO_CLUSTER; 4],
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.map.len()
    }

    pub(crate) fn to_blob(&self) -> Vec<u8> {
        let mut keys: Vec<(&u64, &u16)> = self.map.iter().collect();
        keys.sort_unstable();
        let mut b = Vec::with_capacity(8 + keys.len() * 10 + self.groups.len() * 6);
        b.extend_from_slice(&(self.groups.len() as u32).to_le_bytes());
        for g in &self.groups {
            for x in g {
                b.extend_from_slice(&x.to_le_bytes());
            }
        }
        b.extend_from_slice(&(keys.len() as u32).to_le_bytes());
        for (k, v) in keys {
            b.extend_from_slice(&k.to_le_bytes());
            b.extend_from_slice(&v.to_le_bytes());
        }
        b
    }

    pub(crate) fn from_blob(b: &[u8]) -> Result<Clusters, Error> {
        let mut r = chronicler_learn::model::Reader::new(b);
        let ng = r.u32()? as usize;
        let mut groups = Vec::with_capacity(ng.min(1 << 20));
        for _ in 0..ng {
            groups.push([r.u16()?, r.u16()?, r.u16()?]);
        }
        let n = r.u32()? as usize;
        let mut map = FxHashMap::default();
        map.reserve(n.min(1 << 24));
        for _ in 0..n {
            let k = r.u64()?;
            let v = r.u16()?;
            if v as usize >= ng {
                return Err(Error::Data(format!(
                    "cluster blob: group {v} out of range 0..{ng}"
                )));
            }
            map.insert(k, v);
        }
        Ok(Clusters { map, groups })
    }
}

/// Gazetteer types.
pub(crate) const GAZ_LOC: usize = 0;
pub(crate) const GAZ_ORG: usize = 1;
pub(crate) const GAZ_PER: usize = 2;
pub(crate) const GAZ_MISC: usize = 3;
pub(crate) const GAZ_FIRST: usize = 4;
pub(crate) const GAZ_ORGKEY: usize = 5;
pub(crate) const GAZ_TITLE: usize = 6;
pub(crate) const GAZ_LOCKEY: usize = 7;
pub(crate) const GAZ_SURNAME: usize = 8;
pub(crate) const GAZ_CLUB: usize = 9;
/// Number of gazetteer types.
pub(crate) const N_GAZ: usize = 10;
/// Types whose multi-token entries give partial-match evidence (bit k of a
/// partial mask = the token occurs inside an entry of `PARTIAL_TYPES[k]`).
pub(crate) const PARTIAL_TYPES: [usize; 4] = [GAZ_LOC, GAZ_ORG, GAZ_PER, GAZ_MISC];
/// Longest gazetteer entry in tokens.
pub(crate) const MAX_GAZ_LEN: usize = 6;

#[inline]
pub(crate) fn seq_mix(h: u64, x: u64) -> u64 {
    (h.rotate_left(23) ^ x).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

const SEQ_SEED: u64 = 0x51_7cc1_b727_220a;

/// Hashed token-sequence gazetteer: lowercased token n-grams → type mask,
/// plus, per lowercased token, the types of the multi-token entries it
/// occurs in (partial matches).
#[derive(Debug, Clone, Default)]
pub(crate) struct Gazetteer {
    map: FxHashMap<u64, u16>,
    partial: FxHashMap<u64, u8>,
}

impl Gazetteer {
    /// Adds a name (split on whitespace) of type `ty`.
    pub(crate) fn add(&mut self, name: &str, ty: usize) {
        let toks: Vec<&str> = name.split_whitespace().collect();
        if toks.is_empty() || toks.len() > MAX_GAZ_LEN || ty >= N_GAZ {
            return;
        }
        let pbit = PARTIAL_TYPES.iter().position(|&t| t == ty);
        let multi = toks.len() > 1;
        let mut h = SEQ_SEED;
        for t in toks {
            let th = hash_str(&t.to_lowercase());
            h = seq_mix(h, th);
            if let (true, Some(b)) = (multi, pbit) {
                if t.chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_numeric())
                {
                    *self.partial.entry(th).or_insert(0) |= 1 << b;
                }
            }
        }
        *self.map.entry(h).or_insert(0) |= 1 << ty;
    }

    /// Partial-match mask of a lowercased token hash (bits over `PARTIAL_TYPES`).
    #[inline]
    pub(crate) fn partial(&self, lower: u64) -> u8 {
        if self.partial.is_empty() {
            return 0;
        }
        self.partial.get(&lower).copied().unwrap_or(0)
    }

    pub(crate) fn len(&self) -> usize {
        self.map.len()
    }

    /// Marks BILOU codes (1 B, 2 I, 3 L, 4 U) per token and type, longest
    /// match first, left to right. `lower[i]` is `hash_str` of the lowercased
    /// token, `cap[i]` whether the token may start a capitalised name.
    pub(crate) fn tag(&self, lower: &[u64], cap: &[bool], out: &mut [[u8; N_GAZ]]) {
        let n = lower.len().min(out.len()).min(cap.len());
        for o in out.iter_mut() {
            *o = [0; N_GAZ];
        }
        if self.map.is_empty() {
            return;
        }
        // covered[ty] = first token index not yet covered for that type
        let mut covered = [0usize; N_GAZ];
        let mut hs = [0u64; MAX_GAZ_LEN];
        for i in 0..n {
            let maxl = MAX_GAZ_LEN.min(n - i);
            let mut h = SEQ_SEED;
            for (l, slot) in hs.iter_mut().enumerate().take(maxl) {
                h = seq_mix(h, lower[i + l]);
                *slot = h;
            }
            let mut done: u16 = 0;
            for l in (1..=maxl).rev() {
                let Some(&mask) = self.map.get(&hs[l - 1]) else {
                    continue;
                };
                for (ty, cov) in covered.iter_mut().enumerate() {
                    let bit = 1u16 << ty;
                    if mask & bit == 0 || done & bit != 0 || *cov > i {
                        continue;
                    }
                    if ty != GAZ_TITLE && !cap[i] {
                        continue;
                    }
                    done |= bit;
                    *cov = i + l;
                    if l == 1 {
                        out[i][ty] = 4;
                    } else {
                        out[i][ty] = 1;
                        for o in out.iter_mut().take(i + l - 1).skip(i + 1) {
                            o[ty] = 2;
                        }
                        out[i + l - 1][ty] = 3;
                    }
                }
            }
        }
    }

    /// Blob `gazetteer16`: entries with 16-bit type masks, then the
    /// partial-match table.
    pub(crate) fn to_blob(&self) -> Vec<u8> {
        let mut keys: Vec<(&u64, &u16)> = self.map.iter().collect();
        keys.sort_unstable();
        let mut b = Vec::with_capacity(8 + keys.len() * 10 + self.partial.len() * 9);
        b.extend_from_slice(&(keys.len() as u32).to_le_bytes());
        for (k, v) in keys {
            b.extend_from_slice(&k.to_le_bytes());
            b.extend_from_slice(&v.to_le_bytes());
        }
        let mut part: Vec<(&u64, &u8)> = self.partial.iter().collect();
        part.sort_unstable();
        b.extend_from_slice(&(part.len() as u32).to_le_bytes());
        for (k, v) in part {
            b.extend_from_slice(&k.to_le_bytes());
            b.push(*v);
        }
        b
    }

    /// Reads blob `gazetteer16` (see [`Gazetteer::to_blob`]).
    pub(crate) fn from_blob(b: &[u8]) -> Result<Gazetteer, Error> {
        let mut r = chronicler_learn::model::Reader::new(b);
        let n = r.u32()? as usize;
        let mut map = FxHashMap::default();
        map.reserve(n.min(1 << 24));
        for _ in 0..n {
            let k = r.u64()?;
            let v = r.u16()?;
            map.insert(k, v);
        }
        let n = r.u32()? as usize;
        let mut partial = FxHashMap::default();
        partial.reserve(n.min(1 << 24));
        for _ in 0..n {
            let k = r.u64()?;
            let v = r.take(1)?[0];
            partial.insert(k, v);
        }
        Ok(Gazetteer { map, partial })
    }
}

/// Adds the names of a TSV file with a header (lines starting with `#` are
/// skipped): columns `name`, `ascii`, `alt`, `aliases` (`|`-separated).
pub(crate) fn add_tsv_names(g: &mut Gazetteer, tsv: &str, ty: usize) -> usize {
    let mut lines = tsv
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty());
    let Some(header) = lines.next() else {
        return 0;
    };
    let cols: Vec<usize> = header
        .split('\t')
        .enumerate()
        .filter(|(_, c)| matches!(c.trim(), "name" | "ascii" | "alt" | "aliases"))
        .map(|(i, _)| i)
        .collect();
    let mut n = 0;
    for line in lines {
        let cells: Vec<&str> = line.split('\t').collect();
        for &c in &cols {
            if let Some(cell) = cells.get(c) {
                for name in cell.split('|').map(str::trim).filter(|s| !s.is_empty()) {
                    g.add(name, ty);
                    n += 1;
                    if ty == GAZ_PER {
                        add_name_parts(g, name);
                    }
                }
            }
        }
    }
    n
}

/// First and last tokens of a full person name as FIRST and SURNAME entries
/// (only for names of two or more tokens; tokens need two letters).
fn add_name_parts(g: &mut Gazetteer, name: &str) {
    let toks: Vec<&str> = name.split_whitespace().collect();
    if toks.len() < 2 {
        return;
    }
    let ok = |t: &str| {
        t.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && t.chars().next().is_some_and(char::is_uppercase)
    };
    if let Some(f) = toks.first().filter(|t| ok(t) && !t.ends_with('.')) {
        g.add(f, GAZ_FIRST);
    }
    if let Some(l) = toks.last().filter(|t| ok(t)) {
        g.add(l, GAZ_SURNAME);
    }
}

/// Adds the names of a one-name-per-line list (`#` comments skipped).
pub(crate) fn add_list(g: &mut Gazetteer, text: &str, ty: usize) -> usize {
    let mut n = 0;
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        g.add(line, ty);
        n += 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lower_hashes(ws: &[&str]) -> Vec<u64> {
        ws.iter().map(|w| hash_str(&w.to_lowercase())).collect()
    }

    #[test]
    fn longest_match_bilou() {
        let mut g = Gazetteer::default();
        add_list(&mut g, "# places\nNew York\nNew York City\nYork\n", GAZ_LOC);
        g.add("Mr", GAZ_TITLE);
        let ws = ["Mr", "Smith", "left", "New", "York", "City", "for", "york"];
        let cap: Vec<bool> = ws
            .iter()
            .map(|w| w.chars().next().is_some_and(char::is_uppercase))
            .collect();
        let mut out = vec![[0u8; N_GAZ]; ws.len()];
        g.tag(&lower_hashes(&ws), &cap, &mut out);
        let loc: Vec<u8> = out.iter().map(|o| o[GAZ_LOC]).collect();
        assert_eq!(loc, vec![0, 0, 0, 1, 2, 3, 0, 0]);
        assert_eq!(out[0][GAZ_TITLE], 4);
        let g2 = Gazetteer::from_blob(&g.to_blob()).expect("roundtrip");
        assert_eq!(g2.len(), g.len());
        // "York" is inside the multi-token LOC entries; "Smith" is in none.
        let loc_bit = 1
            << PARTIAL_TYPES
                .iter()
                .position(|&t| t == GAZ_LOC)
                .expect("LOC");
        assert_eq!(g2.partial(hash_str("york")), loc_bit);
        assert_eq!(g2.partial(hash_str("smith")), 0);
        assert!(Gazetteer::from_blob(&[1, 0]).is_err());
    }

    #[test]
    fn person_names_give_first_names_and_surnames() {
        let mut g = Gazetteer::default();
        let n = add_tsv_names(
            &mut g,
            "id\tname\taliases\nx\tAnna Maria Berg\tA. Berg\n",
            GAZ_PER,
        );
        assert_eq!(n, 2);
        let ws = ["Anna", "Berg", "met", "Berg"];
        let mut out = vec![[0u8; N_GAZ]; ws.len()];
        g.tag(&lower_hashes(&ws), &[true, true, false, true], &mut out);
        assert_eq!(out[0][GAZ_FIRST], 4);
        assert_eq!(out[1][GAZ_SURNAME], 4);
        assert_eq!(out[3][GAZ_SURNAME], 4);
        assert_eq!(out[2], [0; N_GAZ]);
    }

    #[test]
    fn clusters_parse_and_roundtrip() {
        let c =
            Clusters::from_tsv("paris\t1\nParis\t0\n", "0\t1\t2\t3\n1\t4\t5\t6\n").expect("valid");
        assert_eq!(c.lookup(hash_str("Paris"), hash_str("paris")), [0, 1, 2, 3]);
        assert_eq!(c.lookup(hash_str("PARIS"), hash_str("paris")), [1, 4, 5, 6]);
        assert_eq!(c.lookup(hash_str("xyz"), hash_str("xyz")), [NO_CLUSTER; 4]);
        let d = Clusters::from_blob(&c.to_blob()).expect("roundtrip");
        assert_eq!(d.lookup(hash_str("Paris"), 0), [0, 1, 2, 3]);
        assert!(Clusters::from_tsv("a\t9\n", "0\t1\t2\t3\n").is_err());
    }
}
