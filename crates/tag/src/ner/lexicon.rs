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
    /// Brown clusters and word frequencies (`data/ner/brown.tsv`), empty
    /// unless the model was trained with them.
    pub brown: Brown,
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
            brown: Brown::default(),
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
        let mut b = Vec::with_capacity(8 + self.map.len() * 10 + self.groups.len() * 6);
        b.extend_from_slice(&(self.groups.len() as u32).to_le_bytes());
        for g in &self.groups {
            for x in g {
                b.extend_from_slice(&x.to_le_bytes());
            }
        }
        push_sorted_map(&mut b, &self.map, |b, v| {
            b.extend_from_slice(&v.to_le_bytes())
        });
        b
    }

    pub(crate) fn from_blob(b: &[u8]) -> Result<Clusters, Error> {
        let mut r = chronicler_learn::model::Reader::new(b);
        let ng = r.u32()? as usize;
        let mut groups = Vec::with_capacity(ng.min(1 << 20));
        for _ in 0..ng {
            groups.push([r.u16()?, r.u16()?, r.u16()?]);
        }
        let map = read_map(&mut r, |r| {
            let v = r.u16()?;
            if v as usize >= ng {
                return Err(Error::Data(format!(
                    "cluster blob: group {v} out of range 0..{ng}"
                )));
            }
            Ok(v)
        })?;
        Ok(Clusters {
            map,
            groups,
            brown: Brown::default(),
        })
    }
}

/// Appends a hash-keyed map to a blob: its length (`u32`), then each key
/// (`u64`) and its value (written by `put`) in key order, so that a model
/// file's bytes do not depend on the hash map's iteration order.
fn push_sorted_map<V: Copy>(
    b: &mut Vec<u8>,
    map: &FxHashMap<u64, V>,
    put: impl Fn(&mut Vec<u8>, V),
) {
    let mut keys: Vec<(u64, V)> = map.iter().map(|(&k, &v)| (k, v)).collect();
    keys.sort_unstable_by_key(|&(k, _)| k);
    b.extend_from_slice(&(keys.len() as u32).to_le_bytes());
    for (k, v) in keys {
        b.extend_from_slice(&k.to_le_bytes());
        put(b, v);
    }
}

/// Reads a map written by [`push_sorted_map`]; `get` reads one value.
fn read_map<'a, V>(
    r: &mut chronicler_learn::model::Reader<'a>,
    mut get: impl FnMut(&mut chronicler_learn::model::Reader<'a>) -> Result<V, Error>,
) -> Result<FxHashMap<u64, V>, Error> {
    let n = r.u32()? as usize;
    let mut map = FxHashMap::default();
    map.reserve(n.min(1 << 24));
    for _ in 0..n {
        let k = r.u64()?;
        map.insert(k, get(r)?);
    }
    Ok(map)
}

/// Path-prefix lengths of the Brown features (the last one is the whole path).
pub(crate) const BROWN_PREFIXES: [u32; 4] = [4, 6, 10, 24];

/// What [`Brown::lookup`] knows of a word.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct BrownInfo {
    /// Cluster path prefixes of [`BROWN_PREFIXES`] (each with a sentinel bit
    /// above the path, so prefixes of different lengths never collide), or
    /// [`NO_CLUSTER`] when the word has no cluster.
    pub prefix: [u32; 4],
    /// Frequency bucket of the word as written (0 = not in the table, else
    /// 1 + whole units of minus log-probability, capped).
    pub freq: u8,
    /// Frequency bucket of the lowercase form.
    pub freq_lower: u8,
}

/// Brown clusters with unigram log-probabilities (`data/ner/brown.tsv`,
/// format and provenance in `data/ner/README.md`), keyed by the hash of the
/// word as written.
#[derive(Debug, Clone, Default)]
pub(crate) struct Brown {
    /// word hash → path bits (root at bit 0) with a sentinel bit above the
    /// path (bits 0..24), and round(−10 × log-probability) (bits 24..32).
    map: FxHashMap<u64, u32>,
}

impl Brown {
    /// Parses `word<TAB>path<TAB>logprob` lines (`path`: `0`/`1` characters,
    /// root first, at most 23).
    pub(crate) fn from_tsv(text: &str) -> Result<Brown, Error> {
        let mut map = FxHashMap::default();
        for (n, line) in text.lines().enumerate() {
            if line.is_empty() {
                continue;
            }
            let bad = |why: &str| Error::Data(format!("brown.tsv line {}: {why}", n + 1));
            let mut cols = line.split('\t');
            let (Some(w), Some(path), Some(lp), None) =
                (cols.next(), cols.next(), cols.next(), cols.next())
            else {
                return Err(bad("expected word<TAB>path<TAB>logprob"));
            };
            if path.is_empty() || path.len() > 23 {
                return Err(bad("path of 1 to 23 steps expected"));
            }
            let mut bits = 0u32;
            for (i, c) in path.bytes().enumerate() {
                match c {
                    b'0' => {}
                    b'1' => bits |= 1 << i,
                    _ => return Err(bad("path of 0 and 1 expected")),
                }
            }
            bits |= 1 << path.len();
            let lp: f32 = lp.parse().map_err(|_| bad("log-probability expected"))?;
            let q = (-lp * 10.0).round().clamp(0.0, 255.0) as u32;
            map.insert(hash_str(w), bits | q << 24);
        }
        Ok(Brown { map })
    }

    pub(crate) fn len(&self) -> usize {
        self.map.len()
    }

    /// Clusters and frequencies of a word: the path is looked up as
    /// `first`, then `lower`; the frequencies of both forms are kept.
    #[inline]
    pub(crate) fn lookup(&self, first: u64, lower: u64) -> BrownInfo {
        let f = self.map.get(&first).copied();
        let l = self.map.get(&lower).copied();
        let bucket = |v: Option<u32>| v.map_or(0, |v| 1 + ((v >> 24) / 10).min(22) as u8);
        let mut info = BrownInfo {
            prefix: [NO_CLUSTER; 4],
            freq: bucket(f),
            freq_lower: bucket(l),
        };
        if let Some(v) = f.or(l) {
            let path = v & 0x00ff_ffff;
            let len = 31 - path.leading_zeros(); // the sentinel's position
            for (slot, &k) in info.prefix.iter_mut().zip(&BROWN_PREFIXES) {
                *slot = if len <= k {
                    path
                } else {
                    (path & ((1 << k) - 1)) | 1 << k
                };
            }
        }
        info
    }

    pub(crate) fn to_blob(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(4 + self.map.len() * 12);
        push_sorted_map(&mut b, &self.map, |b, v| {
            b.extend_from_slice(&v.to_le_bytes())
        });
        b
    }

    pub(crate) fn from_blob(b: &[u8]) -> Result<Brown, Error> {
        let mut r = chronicler_learn::model::Reader::new(b);
        let map = read_map(&mut r, |r| Ok(r.u32()?))?;
        Ok(Brown { map })
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
        let mut b = Vec::with_capacity(8 + self.map.len() * 10 + self.partial.len() * 9);
        push_sorted_map(&mut b, &self.map, |b, v| {
            b.extend_from_slice(&v.to_le_bytes())
        });
        push_sorted_map(&mut b, &self.partial, |b, v| b.push(v));
        b
    }

    /// Reads blob `gazetteer16` (see [`Gazetteer::to_blob`]).
    pub(crate) fn from_blob(b: &[u8]) -> Result<Gazetteer, Error> {
        let mut r = chronicler_learn::model::Reader::new(b);
        let map = read_map(&mut r, |r| Ok(r.u16()?))?;
        let partial = read_map(&mut r, |r| Ok(r.take(1)?[0]))?;
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

    #[test]
    fn brown_prefixes_frequencies_and_roundtrip() {
        // "Lyon" and "Nantes" share their first 10 steps; "#" is a word, not a comment.
        let b = Brown::from_tsv(
            "Lyon\t011001011011\t-13.2\nNantes\t0110010110\t-15.0\nlyon\t1\t-17.0\n#\t01\t-8.0\n",
        )
        .expect("valid");
        assert_eq!(b.len(), 4);
        let lyon = b.lookup(hash_str("Lyon"), hash_str("lyon"));
        let nantes = b.lookup(hash_str("Nantes"), hash_str("nantes"));
        assert_eq!(lyon.prefix[..3], nantes.prefix[..3]);
        assert_ne!(lyon.prefix[3], nantes.prefix[3]);
        // The 4-step prefix 0110 with its sentinel above it.
        assert_eq!(lyon.prefix[0], 0b1_0110);
        // Frequency buckets: the form as written and the lowercase form.
        assert_eq!((lyon.freq, lyon.freq_lower), (14, 18));
        assert_eq!((nantes.freq, nantes.freq_lower), (16, 0));
        // A path shorter than a prefix length is the prefix.
        let hash = b.lookup(hash_str("#"), hash_str("#"));
        assert_eq!(hash.prefix, [0b110; 4]);
        let none = b.lookup(hash_str("Xyz"), hash_str("xyz"));
        assert_eq!(none.prefix, [NO_CLUSTER; 4]);
        assert_eq!((none.freq, none.freq_lower), (0, 0));
        let c = Brown::from_blob(&b.to_blob()).expect("roundtrip");
        assert_eq!(c.lookup(hash_str("Lyon"), hash_str("lyon")), lyon);
        assert!(Brown::from_tsv("a\t012\t-1.0\n").is_err());
        assert!(Brown::from_tsv("a\t01\n").is_err());
        assert!(Brown::from_tsv("a\t01\tx\n").is_err());
    }
}
