//! Bytes → text: byte-order marks, binary detection, encoding detection, and
//! the normalisation that defines the analysed text.
//!
//! Decisions:
//! - A UTF-8 BOM is stripped; a UTF-16 BOM (LE or BE) selects UTF-16. UTF-16
//!   without a BOM is recognised by its pattern of NUL bytes (ASCII-heavy
//!   text), else such input is binary.
//! - Binary: in the first 64 KiB, at least 4 and more than 5% NUL or other
//!   C0 control bytes (besides tab, newline, carriage return, form feed,
//!   vertical tab and escape). Text with a few stray NULs is kept (they
//!   become spaces); random or compressed bytes have about 10%.
//! - Valid UTF-8 is taken as is (no copy). Invalid UTF-8 that still has more
//!   valid multi-byte sequences than invalid ones is UTF-8 with a few broken
//!   bytes: it is decoded lossily (U+FFFD for each broken sequence). Otherwise
//!   `chardetng` guesses a legacy encoding (windows-1252, Shift_JIS, GBK, ...)
//!   and `encoding_rs` decodes with it.
//! - Decoding fails ([`Error::Undecodable`]) only when more than 5% of the
//!   characters had to be replaced by U+FFFD; below that the U+FFFD stay
//!   in the text (a few broken bytes should not lose a document).

use crate::Error;
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};

/// Bytes looked at to tell binary from text.
const SAMPLE: usize = 64 * 1024;

/// Decodes `bytes` to text (not yet normalised, see [`normalize`]).
pub(crate) fn decode(mut bytes: Vec<u8>) -> Result<String, Error> {
    if let Some((enc, bom_len)) = Encoding::for_bom(&bytes) {
        if enc == encoding_rs::UTF_8 {
            bytes.drain(..bom_len);
            return decode_unmarked_utf8(bytes);
        }
        return decode_with(enc, bytes.get(bom_len..).unwrap_or_default());
    }
    if let Some(enc) = sniff_utf16(&bytes) {
        return decode_with(enc, &bytes);
    }
    check_binary(&bytes)?;
    decode_unmarked_utf8(bytes)
}

/// UTF-8 without BOM, repaired or re-decoded as a legacy encoding.
fn decode_unmarked_utf8(bytes: Vec<u8>) -> Result<String, Error> {
    let bytes = match String::from_utf8(bytes) {
        Ok(s) => return Ok(s),
        Err(e) => e.into_bytes(),
    };
    let (mut valid_multibyte, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid_multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            invalid += 1;
        }
    }
    if valid_multibyte > 0 && valid_multibyte >= invalid {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        return check_replacements(text, "UTF-8");
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(&bytes, true);
    let enc = detector.guess(None, false);
    decode_with(enc, &bytes)
}

/// Decodes with `enc` (no BOM handling) and checks the replacement ratio.
fn decode_with(enc: &'static Encoding, bytes: &[u8]) -> Result<String, Error> {
    let (text, _had_errors) = enc.decode_without_bom_handling(bytes);
    check_replacements(text.into_owned(), enc.name())
}

/// Fails when more than 5% of the characters are U+FFFD.
fn check_replacements(text: String, encoding: &'static str) -> Result<String, Error> {
    let replaced = text.chars().filter(|&c| c == '\u{FFFD}').count();
    if replaced == 0 {
        return Ok(text);
    }
    let total = text.chars().count();
    if replaced * 20 > total {
        return Err(Error::Undecodable {
            encoding,
            replaced,
            total,
        });
    }
    Ok(text)
}

/// UTF-16 without BOM: NUL bytes at almost every odd (LE) or even (BE)
/// position and almost never at the other.
fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = bytes.get(..bytes.len().min(4096) & !1)?;
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    let mostly = |n: usize| n * 10 >= pairs * 4; // ≥ 40%
    let rarely = |n: usize| n * 100 <= pairs * 2; // ≤ 2%
    if mostly(odd) && rarely(even) {
        Some(UTF_16LE)
    } else if mostly(even) && rarely(odd) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Rejects binary input: ≥ 4 and > 5% NUL or control bytes in the sample.
fn check_binary(bytes: &[u8]) -> Result<(), Error> {
    let sample = bytes.get(..bytes.len().min(SAMPLE)).unwrap_or_default();
    let (mut nul, mut control) = (0usize, 0usize);
    for &b in sample {
        match b {
            0 => nul += 1,
            // \t \n \v \f \r and ESC are common in text files
            0x09..=0x0D | 0x1B => {}
            0x01..=0x1F => control += 1,
            _ => {}
        }
    }
    let bad = nul + control;
    if bad >= 4 && bad * 20 > sample.len() {
        return Err(Error::Binary {
            bad,
            sample: sample.len(),
        });
    }
    Ok(())
}

/// Normalises decoded text into the analysed text: `\r\n` and lone `\r`
/// become `\n`; U+2028/U+2029 become `\n`; every other control character
/// (C0 except `\n` and `\t`, DEL, C1) becomes a space. Returns the input
/// unchanged (no copy) when nothing needs changing.
pub(crate) fn normalize(text: String) -> String {
    if !needs_normalizing(text.as_bytes()) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\n' | '\t' => out.push(c),
            '\u{2028}' | '\u{2029}' => out.push('\n'),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn needs_normalizing(b: &[u8]) -> bool {
    b.iter().enumerate().any(|(i, &x)| match x {
        b'\n' | b'\t' => false,
        0x00..=0x1F | 0x7F => true,
        // C1 controls: C2 80..C2 9F
        0xC2 => matches!(b.get(i + 1), Some(0x80..=0x9F)),
        // U+2028, U+2029: E2 80 A8/A9
        0xE2 => b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xA8 | 0xA9)),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_passes_through_and_bom_is_stripped() {
        assert_eq!(decode(b"caf\xC3\xA9".to_vec()).unwrap(), "café");
        assert_eq!(decode(b"\xEF\xBB\xBFHello".to_vec()).unwrap(), "Hello");
    }

    #[test]
    fn latin1_is_decoded_as_windows_1252() {
        let text = decode(b"The caf\xE9 opened on the \x93main\x94 square.".to_vec()).unwrap();
        assert_eq!(text, "The café opened on the “main” square.");
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        let mut bare = Vec::new();
        for u in "Talks in Geneva — day two".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
            bare.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(le).unwrap(), "Talks in Geneva — day two");
        assert_eq!(decode(be).unwrap(), "Talks in Geneva — day two");
        assert_eq!(decode(bare).unwrap(), "Talks in Geneva — day two");
    }

    #[test]
    fn binary_is_rejected() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend([0u8; 100]);
        png.extend(1u8..=8);
        let err = decode(png).unwrap_err();
        assert!(err.to_string().starts_with("binary file: "), "{err}");
    }

    #[test]
    fn mostly_utf8_with_a_broken_byte_is_repaired() {
        let text =
            decode(b"S\xC3\xA3o Paulo and Z\xC3\xBCrich met in M\xFCnchen and \xC3\xA9".to_vec())
                .unwrap();
        assert_eq!(text, "São Paulo and Zürich met in M\u{FFFD}nchen and é");
    }

    #[test]
    fn normalize_line_ends_and_controls() {
        assert_eq!(normalize("a\r\nb\rc\nd".into()), "a\nb\nc\nd");
        assert_eq!(normalize("a\0b\x07c\td\u{85}e".into()), "a b c\td e");
        let plain = String::from("no change\n");
        let ptr = plain.as_ptr();
        let same = normalize(plain);
        assert_eq!(same.as_ptr(), ptr);
    }
}
