//! Hashed features: a feature is a `u64` made from a template id and the
//! strings or numbers that fill it, with no allocation.

/// Multiplier of the Fx hash (as in rustc's FxHasher).
const K: u64 = 0xf135_7aea_2e62_a9c5;

#[inline]
fn mix(h: u64, x: u64) -> u64 {
    (h.rotate_left(26) ^ x).wrapping_mul(K)
}

/// Hashes bytes into `h`, eight at a time.
#[inline]
fn mix_bytes(mut h: u64, b: &[u8]) -> u64 {
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let mut a = [0u8; 8];
        a.copy_from_slice(c);
        h = mix(h, u64::from_le_bytes(a));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut a = [0u8; 8];
        a[..rest.len()].copy_from_slice(rest);
        h = mix(h, u64::from_le_bytes(a) ^ ((rest.len() as u64) << 59));
    }
    mix(h, b.len() as u64)
}

/// Final avalanche so that nearby inputs spread over the whole table; never 0.
#[inline]
fn finish(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    h | 1
}

/// Hash of a string alone (for caches keyed by word).
#[inline]
pub fn hash_str(s: &str) -> u64 {
    finish(mix_bytes(0x9e37_79b9, s.as_bytes()))
}

/// A reusable buffer of hashed features for one decision.
///
/// ```
/// use chronicler_learn::Features;
/// let mut f = Features::new();
/// f.add(1, "kim");
/// f.add2(2, "kim", "jong-un");
/// f.add_num(3, 7);
/// assert_eq!(f.len(), 4); // the bias feature is always present
/// let mut g = Features::new();
/// g.add(1, "kim");
/// assert_eq!(f.as_slice()[1], g.as_slice()[1]);
/// ```
#[derive(Debug, Clone)]
pub struct Features {
    v: Vec<u64>,
}

impl Default for Features {
    fn default() -> Self {
        Features::new()
    }
}

/// The bias feature (always the first one in a [`Features`]).
pub const BIAS: u64 = 0x5bd1_e995_1234_5677;

impl Features {
    /// An empty buffer holding only the bias feature.
    pub fn new() -> Features {
        let mut v = Vec::with_capacity(64);
        v.push(BIAS);
        Features { v }
    }

    /// Empties the buffer (keeping the bias feature).
    #[inline]
    pub fn clear(&mut self) {
        self.v.truncate(1);
    }

    /// Template `t` filled with `s`.
    #[inline]
    pub fn add(&mut self, t: u32, s: &str) {
        self.v
            .push(finish(mix_bytes(mix(0, t as u64), s.as_bytes())));
    }

    /// Template `t` filled with `a` and `b`.
    #[inline]
    pub fn add2(&mut self, t: u32, a: &str, b: &str) {
        let h = mix_bytes(mix(0, t as u64), a.as_bytes());
        self.v.push(finish(mix_bytes(h, b.as_bytes())));
    }

    /// Template `t` filled with `a`, `b` and `c`.
    #[inline]
    pub fn add3(&mut self, t: u32, a: &str, b: &str, c: &str) {
        let h = mix_bytes(mix(0, t as u64), a.as_bytes());
        let h = mix_bytes(h, b.as_bytes());
        self.v.push(finish(mix_bytes(h, c.as_bytes())));
    }

    /// Template `t` filled with a number.
    #[inline]
    pub fn add_num(&mut self, t: u32, x: u64) {
        self.v.push(finish(mix(mix(0, t as u64), x)));
    }

    /// Template `t` filled with two numbers.
    #[inline]
    pub fn add_num2(&mut self, t: u32, x: u64, y: u64) {
        self.v.push(finish(mix(mix(mix(0, t as u64), x), y)));
    }

    /// Template `t` filled with a pre-hashed value (e.g. [`hash_str`]).
    #[inline]
    pub fn add_hashed(&mut self, t: u32, h: u64) {
        self.v.push(finish(mix(mix(1, t as u64), h)));
    }

    /// Template `t` filled with two pre-hashed values.
    #[inline]
    pub fn add_hashed2(&mut self, t: u32, a: u64, b: u64) {
        self.v.push(finish(mix(mix(mix(1, t as u64), a), b)));
    }

    /// Template `t` filled with three pre-hashed values.
    #[inline]
    pub fn add_hashed3(&mut self, t: u32, a: u64, b: u64, c: u64) {
        self.v
            .push(finish(mix(mix(mix(mix(1, t as u64), a), b), c)));
    }

    /// The features.
    #[inline]
    pub fn as_slice(&self) -> &[u64] {
        &self.v
    }

    /// Number of features (bias included).
    #[inline]
    pub fn len(&self) -> usize {
        self.v.len()
    }

    /// Never true: the bias feature is always there.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.v.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_separate_equal_strings() {
        let mut f = Features::new();
        f.add(1, "x");
        f.add(2, "x");
        f.add2(1, "ab", "c");
        f.add2(1, "a", "bc");
        let s = f.as_slice();
        assert_ne!(s[1], s[2]);
        assert_ne!(s[3], s[4]);
        assert!(s.iter().all(|&h| h != 0));
        f.clear();
        assert_eq!(f.len(), 1);
    }
}
