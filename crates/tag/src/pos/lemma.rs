//! The lemmatizer: an exception table plus suffix rewrite rules, both
//! learned from a treebank and keyed by the Penn tag.
//!
//! For a word and its XPOS the lemma is, in order:
//! 1. the exception for `(base, XPOS)` when training saw the pair and the
//!    rules would get it wrong (`went`/VBD → `go`, `n't`/RB → `not`);
//! 2. else the rule of the longest suffix of `base` (up to
//!    [`MAX_SUFFIX`] chars) known for that XPOS (`-ies`/NNS → strip 3,
//!    add `y`); rules were learned from word types, so they generalise to
//!    unseen words.
//!
//! `base` is the form with typographic apostrophes folded, lowercased
//! except for proper nouns (`NNP`, `NNPS`), whose lemmas keep their case.

use super::features::normalize;
use crate::Error;
use chronicler_learn::corpus::ConlluSentence;
use chronicler_learn::hash_str;
use chronicler_learn::model::{read_strings, write_strings};
use compact_str::CompactString;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

/// Longest suffix (in chars) a rule may be keyed by.
pub(crate) const MAX_SUFFIX: usize = 5;
/// Word types a suffix rule needs to be kept (the empty suffix is always kept).
const MIN_RULE_TYPES: u32 = 2;

/// A suffix rewrite: drop `strip` chars, then append `append`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Rule {
    strip: u8,
    append: CompactString,
}

/// Learned lemmatization tables.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lemmatizer {
    /// `(hash(base), hash(xpos))` → lemma.
    exceptions: FxHashMap<(u64, u64), CompactString>,
    /// `(hash(suffix), hash(xpos))` → rule.
    rules: FxHashMap<(u64, u64), Rule>,
    /// Serialised forms, kept for saving.
    exceptions_blob: Vec<u8>,
    rules_blob: Vec<u8>,
}

/// Is the lemma of this tag cased like its form?
#[inline]
pub(crate) fn keeps_case(xpos: &str) -> bool {
    matches!(xpos, "NNP" | "NNPS" | "ADD" | "GW" | "FW")
}

/// Writes the lemmatization base of `form` into `out`: proper nouns keep
/// their case (all-caps ones of five letters or more are title-cased, as
/// EWT does: `WASHINGTON` → `Washington`), words with digits, addresses
/// and foreign words keep theirs, the rest is lowercased.
fn base_into(form: &str, keep_case: bool, out: &mut CompactString) {
    let mut buf = String::new();
    let n = normalize(form, &mut buf);
    out.clear();
    if keep_case {
        if n.len() >= 5
            && n.chars().all(|c| c.is_alphabetic())
            && !n.chars().any(|c| c.is_lowercase())
        {
            let mut cs = n.chars();
            if let Some(c) = cs.next() {
                out.push(c);
            }
            for c in cs {
                out.extend(c.to_lowercase());
            }
        } else {
            out.push_str(n);
        }
    } else if n.is_ascii() {
        out.push_str(n);
        out.make_ascii_lowercase();
    } else {
        for c in n.chars() {
            out.extend(c.to_lowercase());
        }
    }
}

/// The rule turning `base` into `lemma`.
fn derive(base: &str, lemma: &str) -> Rule {
    let mut p = 0; // common prefix in bytes (on char boundaries)
    for ((i, a), b) in base.char_indices().zip(lemma.chars()) {
        if a != b {
            break;
        }
        p = i + a.len_utf8();
    }
    let strip = base.get(p..).map(|s| s.chars().count()).unwrap_or(0);
    Rule {
        strip: strip.min(u8::MAX as usize) as u8,
        append: CompactString::from(lemma.get(p..).unwrap_or("")),
    }
}

/// Applies `r` to `base`, writing into `out`; false when `base` is too short.
fn apply(base: &str, r: &Rule, out: &mut CompactString) -> bool {
    let n = base.chars().count();
    if (r.strip as usize) > n || (r.strip as usize == n && r.append.is_empty()) {
        return false;
    }
    let cut = base
        .char_indices()
        .nth(n - r.strip as usize)
        .map(|(i, _)| i)
        .unwrap_or(base.len());
    out.clear();
    out.push_str(base.get(..cut).unwrap_or(base));
    out.push_str(&r.append);
    true
}

/// The suffixes of `s` of 0..=MAX_SUFFIX chars, shortest first.
fn suffixes(s: &str) -> impl Iterator<Item = &str> {
    let n = s.chars().count();
    let starts: Vec<usize> = s.char_indices().map(|(i, _)| i).collect();
    (0..=MAX_SUFFIX.min(n)).map(move |k| {
        let start = if k == 0 { s.len() } else { starts[n - k] };
        s.get(start..).unwrap_or("")
    })
}

impl Lemmatizer {
    /// Learns the tables from treebank sentences.
    pub(crate) fn learn(sents: &[ConlluSentence]) -> Lemmatizer {
        // (xpos, base) -> lemma -> count
        let mut types: BTreeMap<(String, CompactString), BTreeMap<String, u32>> = BTreeMap::new();
        let mut base = CompactString::default();
        for s in sents {
            for w in &s.words {
                if w.lemma == "_" || w.xpos == "_" {
                    continue;
                }
                let digits = w.form.bytes().any(|b| b.is_ascii_digit());
                base_into(&w.form, digits || keeps_case(&w.xpos), &mut base);
                *types
                    .entry((w.xpos.clone(), base.clone()))
                    .or_default()
                    .entry(w.lemma.clone())
                    .or_default() += 1;
            }
        }
        let majority = |m: &BTreeMap<String, u32>| -> String {
            let mut best: Option<(&String, u32)> = None;
            for (l, &c) in m {
                if best.is_none_or(|(_, bc)| c > bc) {
                    best = Some((l, c));
                }
            }
            best.map(|(l, _)| l.clone()).unwrap_or_default()
        };
        // (xpos, suffix) -> rule -> type count
        let mut counts: BTreeMap<(String, String), BTreeMap<Rule, u32>> = BTreeMap::new();
        for ((xpos, b), lemmas) in &types {
            let rule = derive(b, &majority(lemmas));
            // A rule is keyed only by suffixes holding what it strips, so
            // it always applies where it is found.
            for (k, suf) in suffixes(b).enumerate() {
                if k < rule.strip as usize {
                    continue;
                }
                *counts
                    .entry((xpos.clone(), suf.to_string()))
                    .or_default()
                    .entry(rule.clone())
                    .or_default() += 1;
            }
        }
        // Best rule per key, kept only when it differs from what the
        // shorter suffixes would give.
        let mut best: BTreeMap<(String, String), (Rule, u32)> = BTreeMap::new();
        for (k, rules) in &counts {
            let mut top: Option<(&Rule, u32)> = None;
            for (r, &c) in rules {
                if top.is_none_or(|(_, tc)| c > tc) {
                    top = Some((r, c));
                }
            }
            if let Some((r, c)) = top {
                if k.1.is_empty() || c >= MIN_RULE_TYPES {
                    best.insert(k.clone(), (r.clone(), c));
                }
            }
        }
        let mut kept: Vec<[String; 4]> = Vec::new();
        for ((xpos, suf), (rule, _)) in &best {
            // Effective rule of the parent suffix.
            let mut parent: Option<&Rule> = None;
            let chars: Vec<char> = suf.chars().collect();
            for k in (0..chars.len()).rev() {
                let p: String = chars[chars.len() - k..].iter().collect();
                if let Some((r, _)) = best.get(&(xpos.clone(), p)) {
                    parent = Some(r);
                    break;
                }
            }
            if suf.is_empty() || parent != Some(rule) {
                kept.push([
                    xpos.clone(),
                    suf.clone(),
                    rule.strip.to_string(),
                    rule.append.to_string(),
                ]);
            }
        }
        let rules_blob = write_strings(kept.iter().flat_map(|r| r.iter().map(|s| s.as_str())));
        let mut lem = Lemmatizer::default();
        lem.set_rules(&rules_blob)
            .expect("rules we just wrote parse");
        // Exceptions: seen pairs the rules get wrong.
        let mut exc: Vec<[String; 3]> = Vec::new();
        let mut out = CompactString::default();
        for ((xpos, b), lemmas) in &types {
            let m = majority(lemmas);
            lem.apply_rules(b, hash_str(xpos), &mut out);
            if out != m {
                exc.push([xpos.clone(), b.to_string(), m]);
            }
        }
        let exc_blob = write_strings(exc.iter().flat_map(|r| r.iter().map(|s| s.as_str())));
        lem.set_exceptions(&exc_blob)
            .expect("exceptions we just wrote parse");
        lem
    }

    fn set_rules(&mut self, blob: &[u8]) -> Result<(), Error> {
        let v = read_strings(blob)?;
        if v.len() % 4 != 0 {
            return Err(Error::Model(format!(
                "lemma rules blob holds {} strings, expected a multiple of 4",
                v.len()
            )));
        }
        self.rules.clear();
        for r in v.chunks_exact(4) {
            let strip: u8 = r[2].parse().map_err(|_| {
                Error::Model(format!("lemma rule strip count `{}` is not a number", r[2]))
            })?;
            self.rules.insert(
                (hash_str(&r[1]), hash_str(&r[0])),
                Rule {
                    strip,
                    append: CompactString::from(r[3].as_str()),
                },
            );
        }
        self.rules_blob = blob.to_vec();
        Ok(())
    }

    fn set_exceptions(&mut self, blob: &[u8]) -> Result<(), Error> {
        let v = read_strings(blob)?;
        if v.len() % 3 != 0 {
            return Err(Error::Model(format!(
                "lemma exceptions blob holds {} strings, expected a multiple of 3",
                v.len()
            )));
        }
        self.exceptions.clear();
        for r in v.chunks_exact(3) {
            self.exceptions.insert(
                (hash_str(&r[1]), hash_str(&r[0])),
                CompactString::from(r[2].as_str()),
            );
        }
        self.exceptions_blob = blob.to_vec();
        Ok(())
    }

    /// Rebuilds from the two blobs written by [`Lemmatizer::blobs`].
    pub(crate) fn from_blobs(rules: &[u8], exceptions: &[u8]) -> Result<Lemmatizer, Error> {
        let mut l = Lemmatizer::default();
        l.set_rules(rules)?;
        l.set_exceptions(exceptions)?;
        Ok(l)
    }

    /// The `(rules, exceptions)` blobs.
    pub(crate) fn blobs(&self) -> (&[u8], &[u8]) {
        (&self.rules_blob, &self.exceptions_blob)
    }

    /// Number of `(rules, exceptions)`.
    pub(crate) fn sizes(&self) -> (usize, usize) {
        (self.rules.len(), self.exceptions.len())
    }

    fn apply_rules(&self, base: &str, xpos_h: u64, out: &mut CompactString) {
        let n = base.chars().count();
        for k in (0..=MAX_SUFFIX.min(n)).rev() {
            let start = if k == 0 {
                base.len()
            } else {
                base.char_indices().rev().nth(k - 1).map_or(0, |(i, _)| i)
            };
            let s = base.get(start..).unwrap_or("");
            if let Some(r) = self.rules.get(&(hash_str(s), xpos_h)) {
                if apply(base, r, out) {
                    return;
                }
            }
        }
        out.clear();
        out.push_str(base);
    }

    /// The lemma of `form` tagged `xpos` (`xpos_h` = `hash_str(xpos)`).
    pub(crate) fn lemma(&self, form: &str, xpos: &str, xpos_h: u64) -> CompactString {
        let mut base = CompactString::default();
        let digits = form.bytes().any(|b| b.is_ascii_digit());
        base_into(form, digits || keeps_case(xpos), &mut base);
        if digits && xpos == "CD" && base.contains(',') {
            // EWT writes cardinal lemmas without thousands separators.
            base.retain(|c| c != ',');
            return base;
        }
        if let Some(l) = self.exceptions.get(&(hash_str(&base), xpos_h)) {
            return l.clone();
        }
        let mut out = CompactString::default();
        self.apply_rules(&base, xpos_h, &mut out);
        if out.is_empty() {
            return CompactString::from(form);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chronicler_learn::corpus::parse_conllu;

    fn row(i: usize, form: &str, lemma: &str, xpos: &str) -> String {
        format!("{i}\t{form}\t{lemma}\tX\t{xpos}\t_\t0\tdep\t_\t_\n")
    }

    #[test]
    fn learns_rules_and_exceptions() {
        let mut t = String::new();
        let words = [
            ("parties", "party", "NNS"),
            ("cities", "city", "NNS"),
            ("bodies", "body", "NNS"),
            ("votes", "vote", "NNS"),
            ("talks", "talk", "NNS"),
            ("men", "man", "NNS"),
            ("walked", "walk", "VBD"),
            ("talked", "talk", "VBD"),
            ("went", "go", "VBD"),
            ("Ministers", "Minister", "NNPS"),
            ("Republicans", "Republican", "NNPS"),
        ];
        for (i, (f, l, x)) in words.iter().enumerate() {
            t.push_str(&row(i + 1, f, l, x));
        }
        let s = parse_conllu(&t, "t").unwrap();
        let lem = Lemmatizer::learn(&s);
        let l = |f: &str, x: &str| lem.lemma(f, x, hash_str(x)).to_string();
        assert_eq!(l("ladies", "NNS"), "lady");
        assert_eq!(l("Cats", "NNS"), "cat");
        assert_eq!(l("men", "NNS"), "man");
        assert_eq!(l("went", "VBD"), "go");
        assert_eq!(l("jumped", "VBD"), "jump");
        assert_eq!(l("Democrats", "NNPS"), "Democrat");
        assert_eq!(l("unseen", "ZZ"), "unseen");
        let (r, e) = lem.blobs();
        let back = Lemmatizer::from_blobs(r, e).unwrap();
        assert_eq!(back.lemma("ladies", "NNS", hash_str("NNS")), "lady");
        assert!(Lemmatizer::from_blobs(e, r).is_err() || e.len() < 8);
    }

    #[test]
    fn rules_never_empty_a_word() {
        let r = Rule {
            strip: 3,
            append: CompactString::default(),
        };
        let mut out = CompactString::default();
        assert!(!apply("ies", &r, &mut out));
        assert!(!apply("é", &r, &mut out));
        assert_eq!(derive("running", "run").strip, 4);
        assert_eq!(derive("ran", "run").append, "un");
    }
}
