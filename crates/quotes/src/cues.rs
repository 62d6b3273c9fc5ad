//! The cue lexicon (`data/quotes/cues.tsv`): speech and cognition verbs and
//! "according to", with every inflected form they can take in text.

use crate::Error;
use rustc_hash::FxHashMap;

/// The lexicon shipped with the crate.
pub(crate) const CUES_TSV: &str = include_str!("../../../data/quotes/cues.tsv");

/// What a cue reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CueKind {
    /// A speech act ("say", "tell", "warn", "deny").
    Speech,
    /// A cognition verb ("think", "believe"); taken only with an explicit
    /// "that" clause.
    Cognition,
    /// The prepositional cue "according to".
    AccordingTo,
}

impl CueKind {
    fn parse(s: &str) -> Option<CueKind> {
        match s {
            "speech" => Some(CueKind::Speech),
            "cognition" => Some(CueKind::Cognition),
            "according_to" => Some(CueKind::AccordingTo),
            _ => None,
        }
    }
}

/// One lexicon entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CueEntry {
    pub lemma: String,
    pub kind: CueKind,
}

/// Forms (lower case) → entry index, and lemmas → entry index.
#[derive(Debug, Clone, Default)]
pub(crate) struct CueLexicon {
    pub entries: Vec<CueEntry>,
    forms: FxHashMap<String, u32>,
    lemmas: FxHashMap<String, u32>,
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// Regular English inflections of a verb lemma (3sg, past, gerund).
fn regular_forms(lemma: &str) -> Vec<String> {
    let mut out = vec![lemma.to_string()];
    let chars: Vec<char> = lemma.chars().collect();
    let last = chars.last().copied().unwrap_or(' ');
    let before = if chars.len() >= 2 {
        chars[chars.len() - 2]
    } else {
        ' '
    };
    // 3rd person singular
    if lemma.ends_with('s')
        || lemma.ends_with("sh")
        || lemma.ends_with("ch")
        || lemma.ends_with('x')
        || lemma.ends_with('z')
    {
        out.push(format!("{lemma}es"));
    } else if last == 'y' && !is_vowel(before) {
        out.push(format!("{}ies", &lemma[..lemma.len() - 1]));
    } else {
        out.push(format!("{lemma}s"));
    }
    // past
    if last == 'e' {
        out.push(format!("{lemma}d"));
    } else if last == 'y' && !is_vowel(before) {
        out.push(format!("{}ied", &lemma[..lemma.len() - 1]));
    } else {
        out.push(format!("{lemma}ed"));
    }
    // gerund
    if last == 'e' && before != 'e' && lemma.len() > 2 {
        out.push(format!("{}ing", &lemma[..lemma.len() - 1]));
    } else {
        out.push(format!("{lemma}ing"));
    }
    out
}

impl CueLexicon {
    /// Parses the TSV (header `lemma kind forms notes`; `#` comments).
    pub fn parse(tsv: &str) -> Result<CueLexicon, Error> {
        let mut lex = CueLexicon::default();
        for (n, line) in tsv.lines().enumerate() {
            let line_no = n + 1;
            if line.trim().is_empty()
                || line.starts_with('#')
                || (n == 0 && line.starts_with("lemma\t"))
            {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 2 {
                return Err(Error::Lexicon {
                    line: line_no,
                    message: format!(
                        "expected at least 2 tab-separated columns (lemma, kind), found {}",
                        cols.len()
                    ),
                });
            }
            let lemma = cols[0].trim().to_lowercase();
            if lemma.is_empty() {
                return Err(Error::Lexicon {
                    line: line_no,
                    message: "empty lemma".into(),
                });
            }
            let kind = CueKind::parse(cols[1].trim()).ok_or_else(|| Error::Lexicon {
                line: line_no,
                message: format!(
                    "unknown kind {:?}, expected speech, cognition or according_to",
                    cols[1]
                ),
            })?;
            if lex.lemmas.contains_key(&lemma) {
                return Err(Error::Lexicon {
                    line: line_no,
                    message: format!("duplicate lemma {lemma:?}"),
                });
            }
            let idx = lex.entries.len() as u32;
            lex.entries.push(CueEntry {
                lemma: lemma.clone(),
                kind,
            });
            lex.lemmas.insert(lemma.clone(), idx);
            if kind == CueKind::AccordingTo {
                continue;
            }
            let mut forms = regular_forms(&lemma);
            if let Some(extra) = cols.get(2) {
                forms.extend(
                    extra
                        .split(',')
                        .map(|f| f.trim().to_lowercase())
                        .filter(|f| !f.is_empty()),
                );
            }
            for f in forms {
                lex.forms.entry(f).or_insert(idx);
            }
        }
        Ok(lex)
    }

    /// Entry for an inflected word form (lower case).
    pub fn by_form(&self, lower: &str) -> Option<&CueEntry> {
        self.forms.get(lower).map(|&i| &self.entries[i as usize])
    }

    /// Entry for a lemma (lower case).
    pub fn by_lemma(&self, lemma: &str) -> Option<&CueEntry> {
        self.lemmas.get(lemma).map(|&i| &self.entries[i as usize])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_lexicon_loads_with_inflections() {
        let lex = CueLexicon::parse(CUES_TSV).expect("shipped lexicon parses");
        assert!(lex.entries.len() > 50);
        assert_eq!(lex.by_form("said").map(|e| e.lemma.as_str()), Some("say"));
        assert_eq!(
            lex.by_form("argues").map(|e| e.lemma.as_str()),
            Some("argue")
        );
        assert_eq!(
            lex.by_form("arguing").map(|e| e.lemma.as_str()),
            Some("argue")
        );
        assert_eq!(
            lex.by_form("denied").map(|e| e.lemma.as_str()),
            Some("deny")
        );
        assert_eq!(
            lex.by_form("believes").map(|e| e.kind),
            Some(CueKind::Cognition)
        );
        assert_eq!(
            lex.by_lemma("according to").map(|e| e.kind),
            Some(CueKind::AccordingTo)
        );
        assert!(lex.by_form("table").is_none());
    }

    #[test]
    fn bad_rows_are_reported_with_line_numbers() {
        let err = CueLexicon::parse("lemma\tkind\nsay\tshouting\n").unwrap_err();
        assert!(err.to_string().contains("line 2"), "{err}");
        assert!(CueLexicon::parse("say\n").is_err());
        assert!(CueLexicon::parse("say\tspeech\nsay\tspeech\n").is_err());
    }
}
