//! Tag ambiguity classes: for each word frequent in the training treebank,
//! the set of fine-grained tags (XPOS) it takes there (`NN|VB` for *need*).
//! As parser features next to the predicted tag, they tell the model when
//! the tagger had to choose and between what, which makes the parser less
//! brittle to tagging errors.
//!
//! Built at training time from the gold tags of the training file and stored
//! in the model file as the blob `ambiguity`. Words are keyed like the
//! clusters: the parser's normalised word hash truncated to 32 bits.

use crate::system::word_hash;
use crate::Error;
use chronicler_learn::corpus::ConlluSentence;
use chronicler_learn::model::{read_strings, write_strings, Reader};
use std::collections::{BTreeMap, HashMap};

/// Words seen fewer times get no class.
const MIN_COUNT: u32 = 3;
/// A tag joins a word's class when it covers at least this share of the
/// word's occurrences.
const MIN_SHARE: f64 = 0.05;

#[inline]
fn key(word_h: u64) -> u32 {
    (word_h >> 17) as u32
}

/// Word → ambiguity class (empty when the model has none).
#[derive(Debug, Clone, Default)]
pub(crate) struct Ambiguity {
    /// Class names (`NN|VB`), indexed by class id.
    names: Vec<String>,
    /// Hash of each class name (the feature value).
    hashes: Vec<u64>,
    /// Truncated word hash → class id.
    words: HashMap<u32, u16, crate::clusters::BuildIdentity>,
}

impl Ambiguity {
    /// True when no word has a class.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Number of words with a class.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// The class hash of a word given its [`word_hash`], if known.
    #[inline]
    pub fn get(&self, word_h: u64) -> Option<u64> {
        let c = *self.words.get(&key(word_h))?;
        self.hashes.get(c as usize).copied()
    }

    fn from_parts(
        names: Vec<String>,
        words: HashMap<u32, u16, crate::clusters::BuildIdentity>,
    ) -> Self {
        let hashes = names
            .iter()
            .map(|n| chronicler_learn::hash_str(n) ^ 0x00a3_b1c5)
            .collect();
        Ambiguity {
            names,
            hashes,
            words,
        }
    }

    /// Collects the classes from the gold XPOS (UPOS where XPOS is `_`) of
    /// `sents`.
    pub fn from_treebank(sents: &[ConlluSentence]) -> Ambiguity {
        let mut counts: HashMap<u32, BTreeMap<&str, u32>> = HashMap::new();
        for s in sents {
            for w in &s.words {
                let t = if w.xpos.is_empty() || w.xpos == "_" {
                    w.upos.as_str()
                } else {
                    w.xpos.as_str()
                };
                *counts
                    .entry(key(word_hash(&w.form)))
                    .or_default()
                    .entry(t)
                    .or_default() += 1;
            }
        }
        let mut names: Vec<String> = Vec::new();
        let mut ids: HashMap<String, u16> = HashMap::new();
        let mut words: HashMap<u32, u16, crate::clusters::BuildIdentity> = HashMap::default();
        let mut keys: Vec<&u32> = counts.keys().collect();
        keys.sort_unstable();
        for k in keys {
            let tags = &counts[k];
            let total: u32 = tags.values().sum();
            if total < MIN_COUNT {
                continue;
            }
            let name: Vec<&str> = tags
                .iter()
                .filter(|(_, &c)| c as f64 >= MIN_SHARE * total as f64)
                .map(|(t, _)| *t)
                .collect();
            let name = name.join("|");
            let id = match ids.get(&name) {
                Some(&id) => id,
                None => {
                    if names.len() >= u16::MAX as usize {
                        continue;
                    }
                    let id = names.len() as u16;
                    ids.insert(name.clone(), id);
                    names.push(name);
                    id
                }
            };
            words.insert(*k, id);
        }
        Ambiguity::from_parts(names, words)
    }

    /// Serialises the classes (the `ambiguity` blob of a model file).
    pub fn to_blob(&self) -> Vec<u8> {
        let names = write_strings(self.names.iter().map(|s| s.as_str()));
        let mut out = Vec::with_capacity(8 + names.len() + self.words.len() * 6);
        out.extend_from_slice(&(names.len() as u32).to_le_bytes());
        out.extend_from_slice(&names);
        let mut ws: Vec<(u32, u16)> = self.words.iter().map(|(&k, &c)| (k, c)).collect();
        ws.sort_unstable();
        out.extend_from_slice(&(ws.len() as u32).to_le_bytes());
        for (k, c) in ws {
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&c.to_le_bytes());
        }
        out
    }

    /// Reads the `ambiguity` blob.
    pub fn from_blob(b: &[u8]) -> Result<Ambiguity, Error> {
        let mut r = Reader::new(b);
        let nb = r.u32()? as usize;
        let names = read_strings(r.take(nb)?)?;
        let nw = r.u32()? as usize;
        if nw > b.len() / 6 {
            return Err(Error::Model(format!(
                "ambiguity blob: {nw} words announced in {} bytes",
                b.len()
            )));
        }
        let mut words: HashMap<u32, u16, crate::clusters::BuildIdentity> = HashMap::default();
        words.reserve(nw);
        for _ in 0..nw {
            let k = r.u32()?;
            let c = r.u16()?;
            if c as usize >= names.len() {
                return Err(Error::Model(format!(
                    "ambiguity blob: class {c} of a word, expected below {}",
                    names.len()
                )));
            }
            words.insert(k, c);
        }
        Ok(Ambiguity::from_parts(names, words))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chronicler_learn::corpus::parse_conllu;

    #[test]
    fn classes_from_a_tiny_treebank() {
        let mut text = String::new();
        for (i, (w, t)) in [
            ("need", "NN"),
            ("need", "VB"),
            ("need", "VBP"),
            ("cat", "NN"),
        ]
        .iter()
        .cycle()
        .take(12)
        .enumerate()
        {
            text.push_str(&format!("1\t{w}\t{w}\tX\t{t}\t_\t0\troot\t_\t_\n\n"));
            let _ = i;
        }
        let sents = parse_conllu(&text, "tiny").expect("parses");
        let a = Ambiguity::from_treebank(&sents);
        assert_eq!(a.len(), 2);
        let need = a.get(word_hash("Need")).expect("need has a class");
        assert_eq!(need, chronicler_learn::hash_str("NN|VB|VBP") ^ 0x00a3_b1c5);
        assert!(a.get(word_hash("dog")).is_none());
        let back = Ambiguity::from_blob(&a.to_blob()).expect("round trip");
        assert_eq!(back.get(word_hash("need")), Some(need));
        assert_eq!(back.get(word_hash("cat")), a.get(word_hash("cat")));
        assert!(Ambiguity::from_blob(&[9, 0, 0]).is_err());
    }
}
