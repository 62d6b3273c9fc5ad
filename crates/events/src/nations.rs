//! Nationality words (`data/events/demonyms.tsv`): "Palestinian youths",
//! "an Indian proposal", "Nigerian junior minister X" give their argument a
//! country when the actors layer coded none (or only a sector, `GOV`).

use crate::Error;
use compact_str::CompactString;
use rustc_hash::{FxHashMap, FxHashSet};

/// The demonym table shipped with the crate.
pub const EMBEDDED: &str = include_str!("../../../data/events/demonyms.tsv");

/// PLOVER / CAMEO prefixes that stand in the country position of an actor
/// code without being a country (international organisations and movements).
const NON_STATE: &[&str] = &["IGO", "NGO", "IMG", "ISM", "MNC", "UNO", "EUR"];

/// Demonym → country code, and the set of country codes.
#[derive(Debug, Clone, Default)]
pub struct Nations {
    by_word: FxHashMap<CompactString, CompactString>,
    codes: FxHashSet<CompactString>,
}

impl Nations {
    /// Parses `demonym <TAB> code` lines (`#` comments, a `demonym code`
    /// header line allowed).
    pub fn parse(text: &str, name: &str) -> Result<Nations, Error> {
        let mut n = Nations::default();
        for (i, line) in text.lines().enumerate() {
            let l = line.trim_end();
            if l.trim().is_empty() || l.starts_with('#') || l.starts_with("demonym\t") {
                continue;
            }
            let Some((word, code)) = l.split_once('\t') else {
                return Err(Error::Lexicon {
                    file: name.to_string(),
                    line: i + 1,
                    message: format!("expected `demonym<TAB>code`, found {l:?}"),
                });
            };
            let code = code.trim();
            if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(Error::Lexicon {
                    file: name.to_string(),
                    line: i + 1,
                    message: format!("expected a 3-letter upper-case country code, found {code:?}"),
                });
            }
            n.codes.insert(code.into());
            n.by_word.insert(word.trim().into(), code.into());
        }
        Ok(n)
    }

    /// The country a nationality word names ("Israeli", "Palestinians",
    /// "Vietnamese-led").
    pub fn country_of(&self, word: &str) -> Option<&CompactString> {
        if let Some(c) = self.by_word.get(word) {
            return Some(c);
        }
        let w = word
            .strip_suffix("-led")
            .or_else(|| word.strip_suffix("-based"))?;
        self.by_word.get(w)
    }

    /// Whether a CAMEO actor code starts with a country (or an international
    /// non-state prefix) rather than a bare sector (`GOV`, `REB`).
    pub fn has_country(&self, code: &str) -> bool {
        let Some(p) = code.get(..3) else {
            return false;
        };
        self.codes.contains(p) || NON_STATE.contains(&p)
    }
}

/// Whether a three-letter prefix is an international non-state class
/// (`IGO`, `NGO`, `IMG`, ...) rather than a country.
pub fn is_non_state(prefix: &str) -> bool {
    NON_STATE.contains(&prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_table_parses() {
        let n = Nations::parse(EMBEDDED, "demonyms.tsv").expect("embedded demonyms parse");
        assert_eq!(n.country_of("Israeli").map(|c| c.as_str()), Some("ISR"));
        assert_eq!(
            n.country_of("Palestinians").map(|c| c.as_str()),
            Some("PSE")
        );
        assert_eq!(n.country_of("Saudi-led").map(|c| c.as_str()), Some("SAU"));
        assert_eq!(n.country_of("police"), None);
        assert!(n.has_country("ISRCOP"));
        assert!(n.has_country("IGOUNO"));
        assert!(!n.has_country("GOV"));
        assert!(!n.has_country("RE"));
        assert!(is_non_state("NGO") && !is_non_state("ISR"));
    }

    #[test]
    fn bad_lines_are_errors() {
        assert!(Nations::parse("Fooish\n", "x").is_err());
        assert!(Nations::parse("Fooish\tfo\n", "x").is_err());
        assert!(Nations::parse("# c\ndemonym\tcode\nFooish\tFOO\n", "x").is_ok());
    }
}
