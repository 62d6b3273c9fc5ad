//! The model file format.
//!
//! A model file holds one or more linear models plus labels, string metadata
//! and opaque byte blobs (lemma tables, cluster maps, ...). All integers are
//! little-endian.
//!
//! ```text
//! file     := magic version kind n_meta meta* n_labels label* n_blobs blob* n_models model* checksum
//! magic    := b"CHRNMDL\0"                 (8 bytes)
//! version  := u32                           (FORMAT_VERSION; others are refused)
//! kind     := str                           ("pos.v1", "ner.v1", "parse.v1", ...)
//! meta     := str str                       (key, value)
//! label    := str
//! blob     := str bytes                     (name, content)
//! model    := str n_classes:u32 n_rows:u32 row*
//! row      := key:u64 len:u16 (class:u16 weight:f32)*len
//! str      := len:u32 utf8-bytes
//! bytes    := len:u32 raw-bytes
//! checksum := u64                           (hash of every byte before it)
//! ```

use crate::{Error, LinearModel};
use std::collections::BTreeMap;
use std::path::Path;

/// Magic bytes opening every model file.
pub const MAGIC: &[u8; 8] = b"CHRNMDL\0";
/// The format version this code reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// A model file's content.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ModelFile {
    /// Kind and version of the model (`pos.v1`).
    pub kind: String,
    /// Free-form metadata (training command, data, scores).
    pub meta: BTreeMap<String, String>,
    /// Class labels (shared by the models unless a blob says otherwise).
    pub labels: Vec<String>,
    /// Named byte blobs.
    pub blobs: BTreeMap<String, Vec<u8>>,
    /// Named linear models.
    pub models: BTreeMap<String, LinearModel>,
}

fn checksum(b: &[u8]) -> u64 {
    // FNV-1a, 64 bit: simple and stable across versions of this crate.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &x in b {
        h ^= x as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_bytes(out, s.as_bytes());
}

fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    out.extend_from_slice(&(b.len() as u32).to_le_bytes());
    out.extend_from_slice(b);
}

impl ModelFile {
    /// A new, empty model file of the given kind.
    pub fn new(kind: &str) -> ModelFile {
        ModelFile {
            kind: kind.to_string(),
            ..ModelFile::default()
        }
    }

    /// Serialises to bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        put_str(&mut out, &self.kind);
        out.extend_from_slice(&(self.meta.len() as u32).to_le_bytes());
        for (k, v) in &self.meta {
            put_str(&mut out, k);
            put_str(&mut out, v);
        }
        out.extend_from_slice(&(self.labels.len() as u32).to_le_bytes());
        for l in &self.labels {
            put_str(&mut out, l);
        }
        out.extend_from_slice(&(self.blobs.len() as u32).to_le_bytes());
        for (k, v) in &self.blobs {
            put_str(&mut out, k);
            put_bytes(&mut out, v);
        }
        out.extend_from_slice(&(self.models.len() as u32).to_le_bytes());
        for (k, m) in &self.models {
            put_str(&mut out, k);
            m.write(&mut out);
        }
        let c = checksum(&out);
        out.extend_from_slice(&c.to_le_bytes());
        out
    }

    /// Parses bytes written by [`ModelFile::to_bytes`]; `expect_kind`, when
    /// given, must match the file's kind.
    pub fn from_bytes(b: &[u8], expect_kind: Option<&str>) -> Result<ModelFile, Error> {
        if b.len() < 20 || &b[..8] != MAGIC {
            return Err(Error::Model(
                "not a Chronicler model file (bad magic bytes)".into(),
            ));
        }
        let (body, tail) = b.split_at(b.len() - 8);
        let mut c = [0u8; 8];
        c.copy_from_slice(tail);
        if checksum(body) != u64::from_le_bytes(c) {
            return Err(Error::Model(
                "model file checksum mismatch (file truncated or corrupted)".into(),
            ));
        }
        let mut r = Reader { b: body, pos: 8 };
        let version = r.u32()?;
        if version != FORMAT_VERSION {
            return Err(Error::Model(format!(
                "model format version {version} is not supported (this build reads version {FORMAT_VERSION})"
            )));
        }
        let kind = r.string()?;
        if let Some(k) = expect_kind {
            if k != kind {
                return Err(Error::Model(format!(
                    "expected a `{k}` model, found a `{kind}` model"
                )));
            }
        }
        let mut mf = ModelFile::new(&kind);
        for _ in 0..r.u32()? {
            let k = r.string()?;
            let v = r.string()?;
            mf.meta.insert(k, v);
        }
        for _ in 0..r.u32()? {
            mf.labels.push(r.string()?);
        }
        for _ in 0..r.u32()? {
            let k = r.string()?;
            let v = r.bytes()?.to_vec();
            mf.blobs.insert(k, v);
        }
        for _ in 0..r.u32()? {
            let k = r.string()?;
            let m = LinearModel::read(&mut r)?;
            mf.models.insert(k, m);
        }
        Ok(mf)
    }

    /// Writes the file.
    pub fn save(&self, path: &Path) -> Result<(), Error> {
        std::fs::write(path, self.to_bytes()).map_err(|e| Error::Io {
            path: path.display().to_string(),
            source: e,
        })
    }

    /// Reads a file.
    pub fn load(path: &Path, expect_kind: Option<&str>) -> Result<ModelFile, Error> {
        let b = std::fs::read(path).map_err(|e| Error::Io {
            path: path.display().to_string(),
            source: e,
        })?;
        ModelFile::from_bytes(&b, expect_kind)
    }

    /// A model by name, or an error naming it.
    pub fn model(&self, name: &str) -> Result<&LinearModel, Error> {
        self.models
            .get(name)
            .ok_or_else(|| Error::Model(format!("model file has no model named `{name}`")))
    }

    /// A blob by name, or an error naming it.
    pub fn blob(&self, name: &str) -> Result<&[u8], Error> {
        self.blobs
            .get(name)
            .map(|v| v.as_slice())
            .ok_or_else(|| Error::Model(format!("model file has no blob named `{name}`")))
    }
}

/// A bounds-checked little-endian reader over a byte slice.
#[derive(Debug)]
pub struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `b`.
    pub fn new(b: &'a [u8]) -> Reader<'a> {
        Reader { b, pos: 0 }
    }

    /// An error at the current position.
    pub fn error(&self, what: String) -> Error {
        Error::Model(format!("{what} at byte {}", self.pos))
    }

    /// True when all bytes are read.
    pub fn is_done(&self) -> bool {
        self.pos >= self.b.len()
    }

    /// The next `n` bytes.
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], Error> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.b.len());
        match end {
            Some(e) => {
                let s = &self.b[self.pos..e];
                self.pos = e;
                Ok(s)
            }
            None => Err(self.error(format!("unexpected end of data reading {n} bytes"))),
        }
    }

    fn arr<const N: usize>(&mut self) -> Result<[u8; N], Error> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }

    /// A `u16`.
    pub fn u16(&mut self) -> Result<u16, Error> {
        Ok(u16::from_le_bytes(self.arr()?))
    }

    /// A `u32`.
    pub fn u32(&mut self) -> Result<u32, Error> {
        Ok(u32::from_le_bytes(self.arr()?))
    }

    /// A `u64`.
    pub fn u64(&mut self) -> Result<u64, Error> {
        Ok(u64::from_le_bytes(self.arr()?))
    }

    /// An `f32`.
    pub fn f32(&mut self) -> Result<f32, Error> {
        Ok(f32::from_le_bytes(self.arr()?))
    }

    /// Length-prefixed bytes.
    pub fn bytes(&mut self) -> Result<&'a [u8], Error> {
        let n = self.u32()? as usize;
        self.take(n)
    }

    /// A length-prefixed UTF-8 string.
    pub fn string(&mut self) -> Result<String, Error> {
        let b = self.bytes()?;
        String::from_utf8(b.to_vec()).map_err(|_| self.error("invalid UTF-8 string".into()))
    }
}

/// Writes length-prefixed strings into a blob (for string tables).
pub fn write_strings<'a>(items: impl IntoIterator<Item = &'a str>) -> Vec<u8> {
    let items: Vec<&str> = items.into_iter().collect();
    let mut out = Vec::new();
    out.extend_from_slice(&(items.len() as u32).to_le_bytes());
    for s in items {
        put_str(&mut out, s);
    }
    out
}

/// Reads a blob written by [`write_strings`].
pub fn read_strings(b: &[u8]) -> Result<Vec<String>, Error> {
    let mut r = Reader::new(b);
    let n = r.u32()? as usize;
    let mut v = Vec::with_capacity(n.min(1 << 24));
    for _ in 0..n {
        v.push(r.string()?);
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Features, Perceptron};

    #[test]
    fn roundtrip_and_corruption() {
        let mut p = Perceptron::new(3);
        let mut f = Features::new();
        f.add(1, "a");
        p.update(f.as_slice(), 1, 0);
        p.tick();
        let mut mf = ModelFile::new("test.v1");
        mf.labels = vec!["A".into(), "B".into(), "C".into()];
        mf.meta.insert("data".into(), "unit".into());
        mf.blobs
            .insert("strings".into(), write_strings(["x", "yz"]));
        mf.models.insert("main".into(), p.average(0.0));
        let b = mf.to_bytes();
        let back = ModelFile::from_bytes(&b, Some("test.v1")).unwrap();
        assert_eq!(back, mf);
        assert_eq!(
            read_strings(back.blob("strings").unwrap()).unwrap(),
            vec!["x", "yz"]
        );
        assert!(ModelFile::from_bytes(&b, Some("other.v1")).is_err());
        let mut bad = b.clone();
        bad[20] ^= 1;
        let e = ModelFile::from_bytes(&bad, None).unwrap_err().to_string();
        assert!(e.contains("checksum"), "{e}");
        assert!(ModelFile::from_bytes(&b[..10], None).is_err());
        assert!(ModelFile::from_bytes(b"", None).is_err());
    }
}
