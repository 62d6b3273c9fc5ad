//! The arc-hybrid transition system (Kuhlmann et al. 2011), its dynamic
//! oracle (Goldberg & Nivre 2013) and the feature templates.
//!
//! Configuration: a stack with the artificial root at its bottom, a buffer
//! (the words from `b` on) and the arcs built so far. Transitions:
//!
//! - `SHIFT`: push the buffer front `b0`.
//! - `LEFT-l`: `b0 → s0` with label `l`, pop `s0`.
//! - `RIGHT-l`: `s1 → s0` with label `l`, pop `s0`.
//!
//! The root may take a dependent only through `RIGHT-root` when the buffer is
//! empty and the stack holds just the root and one word, so every parse is a
//! tree with exactly one root (labelled `root`) and every word gets a head.

use crate::ambiguity::Ambiguity;
use crate::clusters::Clusters;
use chronicler_learn::Features;

/// "No token" marker in index arrays.
pub(crate) const NONE: u32 = u32::MAX;

/// Hash of a missing context token's word, tag or label.
const NULL_H: u64 = 0x6a09_e667_f3bc_c909;
/// Hash of the root's word and tag.
const ROOT_H: u64 = 0xbb67_ae85_84ca_a73b;

/// What a transition does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Move {
    Shift,
    Left,
    Right,
}

/// One output class: a move and (for arcs) a label id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Class {
    pub mv: Move,
    pub label: u16,
}

/// Mixes two hashes into one (order-sensitive).
#[inline]
fn combine(a: u64, b: u64) -> u64 {
    (a.rotate_left(21) ^ b).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ (b >> 29)
}

/// Hashes a word form after lowercasing and mapping digits to `0`, without
/// allocating.
pub(crate) fn word_hash(w: &str) -> u64 {
    // FNV-1a over the normalised characters.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut push = |c: char| {
        let mut buf = [0u8; 4];
        for &b in c.encode_utf8(&mut buf).as_bytes() {
            h ^= b as u64;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    for c in w.chars() {
        if c.is_ascii_digit() {
            push('0');
        } else if c.is_ascii() {
            push(c.to_ascii_lowercase());
        } else {
            for l in c.to_lowercase() {
                push(l);
            }
        }
    }
    chronicler_learn::hash_str("w").wrapping_add(h) | 1
}

/// Hashes the last three characters of a word, lowercased.
pub(crate) fn suffix_hash(w: &str) -> u64 {
    let start = w.char_indices().rev().nth(2).map_or(0, |(i, _)| i);
    word_hash(w.get(start..).unwrap_or(w)) ^ 0x5bd1_e995
}

/// Hashes a tag.
pub(crate) fn tag_hash(t: &str) -> u64 {
    combine(0x3c6e_f372_fe94_f82b, chronicler_learn::hash_str(t))
}

/// The parse state of one sentence plus the per-word hashes: all arrays are
/// allocated once per sentence, nothing is allocated per transition.
#[derive(Debug, Default)]
pub(crate) struct State {
    /// Number of words; the root has index `n`.
    pub n: u32,
    /// Stack of word indices (root at the bottom).
    pub stack: Vec<u32>,
    /// Buffer front.
    pub b: u32,
    /// Head of each word (`NONE` while unattached); the root's head is the word
    /// index `n` (the root).
    pub head: Vec<u32>,
    /// Label id of each word's arc.
    pub label: Vec<u16>,
    w: Vec<u64>,
    p: Vec<u64>,
    u: Vec<u64>,
    sf: Vec<u64>,
    wp: Vec<u64>,
    lc1: Vec<u32>,
    lc2: Vec<u32>,
    rc1: Vec<u32>,
    rc2: Vec<u32>,
    nl: Vec<u16>,
    nr: Vec<u16>,
    lset: Vec<u64>,
    rset: Vec<u64>,
    /// Cluster hashes per word at 1024, 256 and 64 clusters.
    c1: Vec<u64>,
    c2: Vec<u64>,
    c3: Vec<u64>,
    /// Whether the model has clusters (their templates are added).
    clusters: bool,
    /// Ambiguity class hash per word.
    amb: Vec<u64>,
    /// Whether the model has ambiguity classes.
    ambiguity: bool,
    /// `punct[i]`: punctuation words before word `i` (prefix counts, `n + 1`
    /// entries; the root counts as after the last word).
    punct: Vec<u16>,
    /// Feature flags of the model ([`FEAT_PUNCT`]).
    flags: u32,
}

/// The parts of a [`State`] that transitions change (stack, buffer front,
/// arcs, children, valencies, label sets), kept apart so that a search
/// decoder can hold many configurations of one sentence while the per-word
/// hashes stay in a single [`State`]: [`State::swap_config`] exchanges them
/// in constant time, [`Config::copy_from`] copies one into another without
/// allocating once the vectors have grown.
#[derive(Debug, Default)]
pub(crate) struct Config {
    stack: Vec<u32>,
    b: u32,
    head: Vec<u32>,
    label: Vec<u16>,
    lc1: Vec<u32>,
    lc2: Vec<u32>,
    rc1: Vec<u32>,
    rc2: Vec<u32>,
    nl: Vec<u16>,
    nr: Vec<u16>,
    lset: Vec<u64>,
    rset: Vec<u64>,
}

impl Config {
    /// Makes `self` a copy of `other`, reusing `self`'s allocations.
    pub fn copy_from(&mut self, other: &Config) {
        self.stack.clone_from(&other.stack);
        self.b = other.b;
        self.head.clone_from(&other.head);
        self.label.clone_from(&other.label);
        self.lc1.clone_from(&other.lc1);
        self.lc2.clone_from(&other.lc2);
        self.rc1.clone_from(&other.rc1);
        self.rc2.clone_from(&other.rc2);
        self.nl.clone_from(&other.nl);
        self.nr.clone_from(&other.nr);
        self.lset.clone_from(&other.lset);
        self.rset.clone_from(&other.rset);
    }
}

/// Feature flag: number of punctuation words between s0 and b0 and between
/// s1 and s0.
pub(crate) const FEAT_PUNCT: u32 = 1;
/// Feature flag: lexicalised (s1, s0, b0) triples and the (s1, b0) pair, the
/// two candidate heads of s0.
pub(crate) const FEAT_HEADS: u32 = 2;
/// All known feature flags.
pub(crate) const FEAT_ALL: u32 = FEAT_PUNCT | FEAT_HEADS;

/// Number of different [`State::situation`]s.
pub(crate) const SITUATIONS: usize = 6;

/// The [`State::situation`] of a state with (`has_buf`) or without a
/// buffer and a stack of `stack_len` entries.
#[inline]
pub(crate) fn situation_of(has_buf: bool, stack_len: usize) -> usize {
    stack_len.clamp(1, 3) * 2 - 2 + usize::from(has_buf)
}

/// True when `c` may be applied to a state with (`has_buf`) or without a
/// buffer and a stack of `stack_len` entries (the root included).
/// `root_label` is the id of `root`.
#[inline]
pub(crate) fn valid_when(c: Class, root_label: u16, has_buf: bool, stack_len: usize) -> bool {
    let sl = stack_len;
    match c.mv {
        Move::Shift => has_buf,
        Move::Left => has_buf && sl >= 2 && c.label != root_label,
        Move::Right => {
            sl >= 2 && {
                let s1_root = sl == 2;
                if s1_root {
                    !has_buf && c.label == root_label
                } else {
                    c.label != root_label
                }
            }
        }
    }
}

/// True for a word made only of punctuation or symbols.
fn is_punct(w: &str) -> bool {
    !w.is_empty() && w.chars().all(|c| !c.is_alphanumeric())
}

impl State {
    /// Resets the state for a new sentence (reusing allocations).
    pub fn reset<'a>(
        &mut self,
        words: &[&str],
        tag: impl Fn(usize) -> (&'a str, &'a str),
        clusters: &Clusters,
        ambiguity: &Ambiguity,
        flags: u32,
    ) {
        self.flags = flags;
        self.punct.clear();
        if flags & FEAT_PUNCT != 0 {
            let mut k = 0u16;
            for w in words {
                self.punct.push(k);
                k = k.saturating_add(u16::from(is_punct(w)));
            }
            self.punct.push(k);
        }
        let n = words.len();
        self.n = n as u32;
        self.stack.clear();
        self.stack.push(n as u32);
        self.b = 0;
        for v in [
            &mut self.head,
            &mut self.lc1,
            &mut self.lc2,
            &mut self.rc1,
            &mut self.rc2,
        ] {
            v.clear();
            v.resize(n + 1, NONE);
        }
        self.label.clear();
        self.label.resize(n + 1, 0);
        self.nl.clear();
        self.nl.resize(n + 1, 0);
        self.nr.clear();
        self.nr.resize(n + 1, 0);
        self.lset.clear();
        self.lset.resize(n + 1, 0);
        self.rset.clear();
        self.rset.resize(n + 1, 0);
        self.w.clear();
        self.p.clear();
        self.u.clear();
        self.sf.clear();
        self.wp.clear();
        self.c1.clear();
        self.c2.clear();
        self.c3.clear();
        self.clusters = !clusters.is_empty();
        self.amb.clear();
        self.ambiguity = !ambiguity.is_empty();
        for (i, w) in words.iter().enumerate() {
            let wh = word_hash(w);
            let (upos, xpos) = tag(i);
            let xpos = if xpos.is_empty() || xpos == "_" {
                upos
            } else {
                xpos
            };
            let ph = tag_hash(xpos);
            self.w.push(wh);
            self.p.push(ph);
            self.u.push(tag_hash(upos) ^ 0x55);
            self.sf.push(suffix_hash(w));
            self.wp.push(combine(wh, ph));
            if self.clusters {
                let [a, b, c] = match clusters.get(wh) {
                    Some(l) => l.map(|x| x as u64 + 1),
                    None => [0, 0, 0],
                };
                self.c1.push(combine(0x1024, c));
                self.c2.push(combine(0x256, b));
                self.c3.push(combine(0x64, a));
            }
            if self.ambiguity {
                self.amb.push(ambiguity.get(wh).unwrap_or(0x0bad_cafe));
            }
        }
        self.w.push(ROOT_H);
        self.p.push(ROOT_H);
        self.u.push(ROOT_H);
        self.sf.push(ROOT_H);
        self.wp.push(combine(ROOT_H, ROOT_H));
        if self.clusters {
            self.c1.push(ROOT_H);
            self.c2.push(ROOT_H);
            self.c3.push(ROOT_H);
        }
        self.amb.push(ROOT_H);
    }

    /// Exchanges the configuration of this state with `c` (constant time:
    /// the vectors are swapped, not copied). The per-word hashes stay.
    pub fn swap_config(&mut self, c: &mut Config) {
        std::mem::swap(&mut self.stack, &mut c.stack);
        std::mem::swap(&mut self.b, &mut c.b);
        std::mem::swap(&mut self.head, &mut c.head);
        std::mem::swap(&mut self.label, &mut c.label);
        std::mem::swap(&mut self.lc1, &mut c.lc1);
        std::mem::swap(&mut self.lc2, &mut c.lc2);
        std::mem::swap(&mut self.rc1, &mut c.rc1);
        std::mem::swap(&mut self.rc2, &mut c.rc2);
        std::mem::swap(&mut self.nl, &mut c.nl);
        std::mem::swap(&mut self.nr, &mut c.nr);
        std::mem::swap(&mut self.lset, &mut c.lset);
        std::mem::swap(&mut self.rset, &mut c.rset);
    }

    /// Copies the configuration of this state into `c` (reusing `c`'s
    /// allocations).
    pub fn store_config(&self, c: &mut Config) {
        c.stack.clone_from(&self.stack);
        c.b = self.b;
        c.head.clone_from(&self.head);
        c.label.clone_from(&self.label);
        c.lc1.clone_from(&self.lc1);
        c.lc2.clone_from(&self.lc2);
        c.rc1.clone_from(&self.rc1);
        c.rc2.clone_from(&self.rc2);
        c.nl.clone_from(&self.nl);
        c.nr.clone_from(&self.nr);
        c.lset.clone_from(&self.lset);
        c.rset.clone_from(&self.rset);
    }

    /// Replaces the configuration of this state by a copy of `c` (one
    /// stored from a state of the same sentence).
    pub fn load_config(&mut self, c: &Config) {
        self.stack.clone_from(&c.stack);
        self.b = c.b;
        self.head.clone_from(&c.head);
        self.label.clone_from(&c.label);
        self.lc1.clone_from(&c.lc1);
        self.lc2.clone_from(&c.lc2);
        self.rc1.clone_from(&c.rc1);
        self.rc2.clone_from(&c.rc2);
        self.nl.clone_from(&c.nl);
        self.nr.clone_from(&c.nr);
        self.lset.clone_from(&c.lset);
        self.rset.clone_from(&c.rset);
    }

    /// True when the parse is complete.
    #[inline]
    pub fn is_final(&self) -> bool {
        self.b >= self.n && self.stack.len() <= 1
    }

    #[inline]
    fn s(&self, i: usize) -> u32 {
        let l = self.stack.len();
        if i < l {
            self.stack[l - 1 - i]
        } else {
            NONE
        }
    }

    #[inline]
    fn bf(&self, i: u32) -> u32 {
        let x = self.b + i;
        if x < self.n {
            x
        } else {
            NONE
        }
    }

    /// True when `c` may be applied now. `root_label` is the id of `root`.
    #[inline]
    pub fn valid(&self, c: Class, root_label: u16) -> bool {
        valid_when(c, root_label, self.b < self.n, self.stack.len())
    }

    /// Which transitions are valid depends only on whether the buffer is
    /// empty and whether the stack holds one, two or more entries: this
    /// number (below [`SITUATIONS`]) tells these apart; see [`valid_when`]
    /// for the rule of each.
    #[inline]
    pub fn situation(&self) -> usize {
        situation_of(self.b < self.n, self.stack.len())
    }

    fn attach(&mut self, h: u32, d: u32, label: u16) {
        let hi = h as usize;
        let di = d as usize;
        self.head[di] = h;
        self.label[di] = label;
        let bit = 1u64 << (label % 64);
        if d < h {
            self.lc2[hi] = self.lc1[hi];
            self.lc1[hi] = d;
            self.nl[hi] = self.nl[hi].saturating_add(1);
            self.lset[hi] |= bit;
        } else {
            self.rc2[hi] = self.rc1[hi];
            self.rc1[hi] = d;
            self.nr[hi] = self.nr[hi].saturating_add(1);
            self.rset[hi] |= bit;
        }
    }

    /// Applies a (valid) transition.
    pub fn apply(&mut self, c: Class) {
        match c.mv {
            Move::Shift => {
                self.stack.push(self.b);
                self.b += 1;
            }
            Move::Left => {
                if let Some(s0) = self.stack.pop() {
                    self.attach(self.b, s0, c.label);
                }
            }
            Move::Right => {
                if let Some(s0) = self.stack.pop() {
                    let s1 = self.s(0);
                    self.attach(s1, s0, c.label);
                }
            }
        }
    }

    /// Cost of `c` under the dynamic oracle: the number of gold arcs (and
    /// labels) it makes unreachable. `gold_head[i]` uses `n` for the root.
    pub fn cost(&self, c: Class, gold_head: &[u32], gold_label: &[u16]) -> u32 {
        let n = self.n;
        let b = self.b;
        let gh = |i: u32| gold_head.get(i as usize).copied().unwrap_or(NONE);
        let in_buf = |x: u32| x != NONE && x >= b && x < n;
        match c.mv {
            Move::Shift => {
                let mut cost = 0;
                let h = gh(b);
                let sl = self.stack.len();
                // b's head below s0 on the stack is lost.
                if self.stack[..sl.saturating_sub(1)].contains(&h) {
                    cost += 1;
                }
                // b's dependents on the stack are lost.
                cost += self.stack.iter().filter(|&&d| d < n && gh(d) == b).count() as u32;
                cost
            }
            Move::Left => {
                let s0 = self.s(0);
                let s1 = self.s(1);
                let h = gh(s0);
                let wrong_label = gold_label.get(s0 as usize) != Some(&c.label);
                // s0's head is s1 or further in the buffer (lost), or b with
                // another label.
                let lost = h == s1 || (h != b && in_buf(h)) || (h == b && wrong_label);
                let mut cost = u32::from(lost);
                cost += (b..n).filter(|&d| gh(d) == s0).count() as u32;
                cost
            }
            Move::Right => {
                let s0 = self.s(0);
                let s1 = self.s(1);
                let h = gh(s0);
                let wrong_label = gold_label.get(s0 as usize) != Some(&c.label);
                // s0's head is in the buffer (lost), or s1 with another label.
                let lost = in_buf(h) || (h == s1 && wrong_label);
                let mut cost = u32::from(lost);
                cost += (b..n).filter(|&d| gh(d) == s0).count() as u32;
                cost
            }
        }
    }

    /// Fills `f` with the features of the current configuration.
    pub fn features(&self, f: &mut Features) {
        f.clear();
        self.push_buffer_features(f);
        self.push_stack_features(f);
    }

    /// Fills `f` with the features that depend only on the buffer words
    /// `b0`, `b1`, `b2`: they stay the same until the next `SHIFT`, so the
    /// decoder scores them once per buffer position.
    pub fn buffer_features(&self, f: &mut Features) {
        f.clear();
        self.push_buffer_features(f);
    }

    /// Fills `f` with all the other features (see [`State::buffer_features`]).
    pub fn stack_features(&self, f: &mut Features) {
        f.clear();
        self.push_stack_features(f);
    }

    fn push_buffer_features(&self, f: &mut Features) {
        let (b0, b1, b2) = (self.bf(0), self.bf(1), self.bf(2));
        let (b0w, b0p, b0wp) = (
            hash_at(&self.w, b0),
            hash_at(&self.p, b0),
            hash_at(&self.wp, b0),
        );
        let (b1w, b1p, b1wp) = (
            hash_at(&self.w, b1),
            hash_at(&self.p, b1),
            hash_at(&self.wp, b1),
        );
        let b2p = hash_at(&self.p, b2);
        f.add_hashed(4, b0wp);
        f.add_hashed(5, b0w);
        f.add_hashed(6, b0p);
        f.add_hashed(7, b1wp);
        f.add_hashed(8, b1w);
        f.add_hashed(9, b1p);
        f.add_hashed(12, b2p);
        f.add_hashed2(27, b0p, b1p);
        f.add_hashed2(35, b0w, b1w);
        f.add_hashed3(40, b0p, b1p, b2p);
    }

    fn push_stack_features(&self, f: &mut Features) {
        let s0 = self.s(0);
        let s1 = self.s(1);
        let s2 = self.s(2);
        let b0 = self.bf(0);
        let b1 = self.bf(1);
        let w = |i: u32| hash_at(&self.w, i);
        let p = |i: u32| hash_at(&self.p, i);
        let wp = |i: u32| hash_at(&self.wp, i);
        let at = |v: &Vec<u32>, i: u32| if i == NONE { NONE } else { v[i as usize] };
        let lab = |i: u32| {
            if i == NONE {
                NULL_H
            } else {
                self.label[i as usize] as u64
            }
        };
        let (s0w, s0p, s0wp) = (w(s0), p(s0), wp(s0));
        let (s1w, s1p, s1wp) = (w(s1), p(s1), wp(s1));
        let (b0w, b0p, b0wp) = (w(b0), p(b0), wp(b0));
        let b1p = p(b1);
        let s2p = p(s2);

        // Unigrams.
        f.add_hashed(1, s0wp);
        f.add_hashed(2, s0w);
        f.add_hashed(3, s0p);
        f.add_hashed(14, s1w);
        f.add_hashed(15, s1p);
        f.add_hashed(16, s2p);

        // Pairs.
        f.add_hashed2(20, s0wp, b0wp);
        f.add_hashed2(21, s0wp, b0w);
        f.add_hashed2(22, s0w, b0wp);
        f.add_hashed2(23, s0wp, b0p);
        f.add_hashed2(24, s0p, b0wp);
        f.add_hashed2(25, s0w, b0w);
        f.add_hashed2(26, s0p, b0p);
        f.add_hashed2(28, s1wp, s0wp);
        f.add_hashed2(29, s1w, s0w);
        f.add_hashed2(30, s1p, s0p);
        f.add_hashed2(31, s1wp, s0p);
        f.add_hashed2(32, s1p, s0wp);

        // Children.
        let s0l = at(&self.lc1, s0);
        let s0l2 = at(&self.lc2, s0);
        let s0r = at(&self.rc1, s0);
        let s0r2 = at(&self.rc2, s0);
        let s1l = at(&self.lc1, s1);
        let s1r = at(&self.rc1, s1);
        let s1r2 = at(&self.rc2, s1);
        let b0l = at(&self.lc1, b0);
        let b0l2 = at(&self.lc2, b0);

        // Triples.
        f.add_hashed3(41, s0p, b0p, b1p);
        f.add_hashed3(42, s1p, s0p, b0p);
        f.add_hashed3(43, s0p, p(s0l), b0p);
        f.add_hashed3(44, s0p, p(s0r), b0p);
        f.add_hashed3(45, s0p, b0p, p(b0l));
        f.add_hashed3(46, s2p, s1p, s0p);
        f.add_hashed3(47, s1p, p(s1r), s0p);
        f.add_hashed3(48, s1p, p(s1l), s0p);
        f.add_hashed3(49, s1p, s0p, p(s0l));
        f.add_hashed3(39, s1p, s0p, p(s0r));

        // Distance.
        let dist = |a: u32, b: u32| -> u64 {
            if a == NONE || b == NONE {
                0
            } else {
                let d = a.abs_diff(b);
                match d {
                    0..=4 => d as u64,
                    5..=6 => 5,
                    7..=9 => 6,
                    10..=14 => 7,
                    _ => 8,
                }
            }
        };
        let d = dist(s0, b0);
        let d1 = dist(s1, s0);
        f.add_hashed2(51, s0p, d);
        f.add_hashed2(53, b0p, d);
        f.add_hashed3(54, s0w, b0w, d);
        f.add_hashed3(55, s0p, b0p, d);
        f.add_hashed3(56, s1p, s0p, d1);

        // Valency.
        let nl = |i: u32| {
            if i == NONE {
                99
            } else {
                self.nl[i as usize] as u64
            }
        };
        let nr = |i: u32| {
            if i == NONE {
                99
            } else {
                self.nr[i as usize] as u64
            }
        };
        f.add_hashed2(60, s0w, nr(s0));
        f.add_hashed2(61, s0p, nr(s0));
        f.add_hashed2(62, s0w, nl(s0));
        f.add_hashed2(63, s0p, nl(s0));
        f.add_hashed2(64, b0w, nl(b0));
        f.add_hashed2(65, b0p, nl(b0));
        f.add_hashed2(67, s1p, nr(s1));

        // Children unigrams.
        f.add_hashed(70, w(s0l));
        f.add_hashed(71, p(s0l));
        f.add_hashed(72, lab(s0l));
        f.add_hashed(73, w(s0r));
        f.add_hashed(74, p(s0r));
        f.add_hashed(75, lab(s0r));
        f.add_hashed(76, w(b0l));
        f.add_hashed(77, p(b0l));
        f.add_hashed(78, lab(b0l));
        f.add_hashed(79, w(s1r));
        f.add_hashed(80, p(s1r));
        f.add_hashed(81, lab(s1r));
        f.add_hashed(82, p(s1l));
        f.add_hashed(83, lab(s1l));

        // Third order.
        f.add_hashed(86, p(s0l2));
        f.add_hashed(87, lab(s0l2));
        f.add_hashed(89, p(s0r2));
        f.add_hashed(90, lab(s0r2));
        f.add_hashed(92, p(b0l2));
        f.add_hashed(93, lab(b0l2));
        f.add_hashed3(94, s0p, p(s0l), p(s0l2));
        f.add_hashed3(95, s0p, p(s0r), p(s0r2));
        f.add_hashed3(96, b0p, p(b0l), p(b0l2));
        f.add_hashed3(97, s1p, p(s1r), p(s1r2));
        f.add_hashed3(98, s0p, lab(s0l), lab(s0r));

        // Label sets.
        let ls = |i: u32| hash_at(&self.lset, i);
        let rs = |i: u32| hash_at(&self.rset, i);
        f.add_hashed2(100, s0w, rs(s0));
        f.add_hashed2(101, s0p, rs(s0));
        f.add_hashed2(102, s0w, ls(s0));
        f.add_hashed2(103, s0p, ls(s0));
        f.add_hashed2(104, b0w, ls(b0));
        f.add_hashed2(105, b0p, ls(b0));
        f.add_hashed2(106, s1p, rs(s1));

        // Universal tags and suffixes (robustness to tagging errors).
        let u = |i: u32| hash_at(&self.u, i);
        let sf = |i: u32| hash_at(&self.sf, i);
        f.add_hashed2(110, u(s0), u(b0));
        f.add_hashed3(111, u(s1), u(s0), u(b0));
        f.add_hashed(115, sf(s0));
        f.add_hashed(116, sf(b0));

        // Punctuation between the words of a candidate arc.
        if self.flags & FEAT_PUNCT != 0 {
            let between = |a: u32, b: u32| -> u64 {
                if a == NONE || b == NONE {
                    9
                } else {
                    let (lo, hi) = (a.min(b) as usize, a.max(b) as usize);
                    // Words strictly between: lo+1 .. hi.
                    let k = self.punct[hi].saturating_sub(self.punct[(lo + 1).min(hi)]);
                    k.min(3) as u64
                }
            };
            let pb = between(s0, b0);
            let pb1 = between(s1, s0);
            f.add_hashed3(150, s0p, b0p, pb);
            f.add_hashed3(151, s1p, s0p, pb1);
            f.add_hashed3(152, s0w, b0p, pb);
            f.add_hashed3(153, s0p, b0w, pb);
        }

        if self.flags & FEAT_HEADS != 0 {
            f.add_hashed3(160, s1w, s0p, b0p);
            f.add_hashed3(161, s1p, s0w, b0p);
            f.add_hashed3(162, s1p, s0p, b0w);
            f.add_hashed2(163, s1p, b0p);
            f.add_hashed3(164, s1p, b0p, dist(s1, b0));
        }

        // Word clusters (Koo et al. 2008) with the tags, and tag ambiguity
        // classes with the predicted tags: a small set, as every template
        // costs parsing time.
        if self.clusters {
            let (s0c1, b0c1) = (hash_at(&self.c1, s0), hash_at(&self.c1, b0));
            f.add_hashed(120, s0c1);
            f.add_hashed(121, b0c1);
            f.add_hashed2(124, hash_at(&self.c2, s0), hash_at(&self.c2, b0));
            f.add_hashed2(125, s0c1, b0p);
            f.add_hashed2(126, s0p, b0c1);
        }
        if self.ambiguity {
            let a = |i: u32| hash_at(&self.amb, i);
            let (s0a, b0a) = (a(s0), a(b0));
            f.add_hashed2(140, s0a, s0p);
            f.add_hashed2(141, b0a, b0p);
            f.add_hashed2(145, s0p, b0a);
        }
    }
}

/// The hash stored for word `i` in `v`, or [`NULL_H`] when the position is
/// empty ([`NONE`]).
#[inline]
fn hash_at(v: &[u64], i: u32) -> u64 {
    if i == NONE {
        NULL_H
    } else {
        v[i as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_normalise_case_and_digits() {
        assert_eq!(word_hash("Paris"), word_hash("paris"));
        assert_eq!(word_hash("1984"), word_hash("2023"));
        assert_ne!(word_hash("Paris"), word_hash("Rome"));
        assert_eq!(word_hash("ÉTÉ"), word_hash("été"));
    }

    #[test]
    fn punctuation_prefix_counts() {
        let words = ["Yes", ",", "she", "said", "--", "twice", "."];
        let mut st = State::default();
        st.reset(
            &words,
            |_| ("X", "X"),
            &Clusters::default(),
            &Ambiguity::default(),
            FEAT_PUNCT,
        );
        assert_eq!(st.punct, vec![0, 0, 1, 1, 1, 2, 2, 3]);
        assert!(is_punct("--") && is_punct("…") && !is_punct("A.") && !is_punct(""));
        st.reset(
            &words,
            |_| ("X", "X"),
            &Clusters::default(),
            &Ambiguity::default(),
            0,
        );
        assert!(st.punct.is_empty());
    }

    #[test]
    fn static_oracle_reaches_gold_tree() {
        // "She reads old books ." : reads is root; She<-reads; books<-reads;
        // old<-books; .<-reads. Labels are arbitrary ids, root = 0.
        let words = ["She", "reads", "old", "books", "."];
        let tags = ["PRP", "VBZ", "JJ", "NNS", "."];
        let gold_head = [1u32, 5, 3, 1, 1];
        let gold_label = [1u16, 0, 2, 3, 4];
        let mut classes = vec![Class {
            mv: Move::Shift,
            label: 0,
        }];
        for l in 0..5u16 {
            classes.push(Class {
                mv: Move::Left,
                label: l,
            });
            classes.push(Class {
                mv: Move::Right,
                label: l,
            });
        }
        let mut st = State::default();
        st.reset(
            &words,
            |i| ("X", tags[i]),
            &Clusters::default(),
            &Ambiguity::default(),
            0,
        );
        let mut steps = 0;
        while !st.is_final() {
            let c = classes
                .iter()
                .copied()
                .find(|&c| st.valid(c, 0) && st.cost(c, &gold_head, &gold_label) == 0)
                .expect("a zero-cost transition exists for a projective tree");
            st.apply(c);
            steps += 1;
        }
        assert_eq!(steps, 10);
        assert_eq!(&st.head[..5], &gold_head);
        assert_eq!(&st.label[..5], &gold_label);
    }
}
