//! The word lists the segmenter consults, parsed once from the data files
//! embedded in the binary (`crates/segment/data/`).

use rustc_hash::{FxHashMap, FxHashSet};

/// The abbreviation table (`data/abbreviations.tsv`).
pub(crate) const ABBREVIATIONS: &str = include_str!("../data/abbreviations.tsv");
/// Frequent sentence starters (`data/starters.txt`).
pub(crate) const STARTERS: &str = include_str!("../data/starters.txt");
/// Prefixes that keep their hyphen (`data/hyphen_prefixes.tsv`).
pub(crate) const HYPHEN_PREFIXES: &str = include_str!("../data/hyphen_prefixes.tsv");
/// Emoticons (`data/emoticons.txt`).
pub(crate) const EMOTICONS: &str = include_str!("../data/emoticons.txt");

/// How an abbreviation behaves before the next word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AbbrevClass {
    /// A title ("Mr.", "Gen."): never ends a sentence.
    Title,
    /// Usually followed by a number ("No. 5"): an abbreviation only before a number.
    Number,
    /// May end a sentence ("U.S.", "Inc.", "etc.").
    General,
}

/// Longest abbreviation (in bytes, without its final period) looked up.
pub(crate) const MAX_ABBREV: usize = 16;

/// The parsed word lists.
#[derive(Debug, Clone)]
pub(crate) struct Lexicon {
    abbrevs: FxHashMap<&'static [u8], AbbrevClass>,
    starters: FxHashSet<&'static str>,
    prefixes: FxHashSet<&'static [u8]>,
    emoticons: FxHashSet<&'static str>,
}

/// A problem in one of the data files: its name, line and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DataProblem {
    pub(crate) file: &'static str,
    pub(crate) line: usize,
    pub(crate) message: String,
}

fn lines(text: &'static str) -> impl Iterator<Item = (usize, &'static str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
}

impl Lexicon {
    /// Parses the embedded data files, reporting the first problem found.
    pub(crate) fn parse(
        abbreviations: &'static str,
        starters: &'static str,
        prefixes: &'static str,
        emoticons: &'static str,
    ) -> Result<Lexicon, DataProblem> {
        let mut abbrevs = FxHashMap::default();
        for (n, line) in lines(abbreviations) {
            let problem = |message: String| DataProblem {
                file: "abbreviations.tsv",
                line: n,
                message,
            };
            let mut cols = line.split('\t');
            let form = cols.next().unwrap_or("").trim();
            let class = match cols.next().map(str::trim) {
                Some("title") => AbbrevClass::Title,
                Some("number") => AbbrevClass::Number,
                Some("general") => AbbrevClass::General,
                other => {
                    return Err(problem(format!(
                    "expected a class `title`, `number` or `general` in column 2, found {other:?}"
                )))
                }
            };
            if form.is_empty()
                || form.len() > MAX_ABBREV
                || !form.is_ascii()
                || form.bytes().any(|b| b.is_ascii_uppercase() || b == b' ')
            {
                return Err(problem(format!(
                    "expected a lowercase ASCII form of at most {MAX_ABBREV} bytes, found {form:?}"
                )));
            }
            if abbrevs.insert(form.as_bytes(), class).is_some() {
                return Err(problem(format!("{form:?} is listed twice")));
            }
        }
        let mut starter_set = FxHashSet::default();
        for (n, line) in lines(starters) {
            let w = line.trim();
            if w.contains(char::is_whitespace) || !w.chars().next().is_some_and(char::is_uppercase)
            {
                return Err(DataProblem {
                    file: "starters.txt",
                    line: n,
                    message: format!("expected one capitalised word, found {w:?}"),
                });
            }
            starter_set.insert(w);
        }
        let mut prefix_set = FxHashSet::default();
        for (n, line) in lines(prefixes) {
            let w = line.trim();
            if w.is_empty() || !w.bytes().all(|b| b.is_ascii_lowercase()) {
                return Err(DataProblem {
                    file: "hyphen_prefixes.tsv",
                    line: n,
                    message: format!("expected a lowercase ASCII prefix, found {w:?}"),
                });
            }
            prefix_set.insert(w.as_bytes());
        }
        let mut emoticon_set = FxHashSet::default();
        for (n, line) in lines(emoticons) {
            let w = line.trim();
            if w.contains(char::is_whitespace) {
                return Err(DataProblem {
                    file: "emoticons.txt",
                    line: n,
                    message: format!("expected an emoticon without spaces, found {w:?}"),
                });
            }
            emoticon_set.insert(w);
        }
        Ok(Lexicon {
            abbrevs,
            starters: starter_set,
            prefixes: prefix_set,
            emoticons: emoticon_set,
        })
    }

    /// The lists shipped with the crate.
    pub(crate) fn shipped() -> Lexicon {
        Lexicon::parse(ABBREVIATIONS, STARTERS, HYPHEN_PREFIXES, EMOTICONS)
            .expect("the shipped data files parse (checked by lexicon::tests::shipped_data_parses)")
    }

    /// Class of the abbreviation `form` (without its final period), any case.
    #[inline]
    pub(crate) fn abbrev(&self, form: &[u8]) -> Option<AbbrevClass> {
        let mut buf = [0u8; MAX_ABBREV];
        let lower = lower_ascii(form, &mut buf)?;
        self.abbrevs.get(lower).copied()
    }

    /// True when `word` is a frequent sentence starter.
    #[inline]
    pub(crate) fn is_starter(&self, word: &str) -> bool {
        self.starters.contains(word)
    }

    /// True when `word` (any case) is a prefix that keeps its hyphen.
    #[inline]
    pub(crate) fn is_prefix(&self, word: &[u8]) -> bool {
        let mut buf = [0u8; MAX_ABBREV];
        match lower_ascii(word, &mut buf) {
            Some(w) => self.prefixes.contains(w),
            None => false,
        }
    }

    /// True when `chunk` is a listed emoticon.
    #[inline]
    pub(crate) fn is_emoticon(&self, chunk: &str) -> bool {
        chunk.len() <= 4 && self.emoticons.contains(chunk)
    }
}

/// Lowercases ASCII `s` into `buf`; `None` when too long or not ASCII.
#[inline]
fn lower_ascii<'a>(s: &[u8], buf: &'a mut [u8; MAX_ABBREV]) -> Option<&'a [u8]> {
    if s.len() > MAX_ABBREV || s.is_empty() {
        return None;
    }
    for (d, &b) in buf.iter_mut().zip(s) {
        if !b.is_ascii() {
            return None;
        }
        *d = b.to_ascii_lowercase();
    }
    buf.get(..s.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_data_parses() {
        let lex = Lexicon::parse(ABBREVIATIONS, STARTERS, HYPHEN_PREFIXES, EMOTICONS);
        assert!(lex.is_ok(), "{lex:?}");
        let lex = Lexicon::shipped();
        assert_eq!(lex.abbrev(b"Mr"), Some(AbbrevClass::Title));
        assert_eq!(lex.abbrev(b"U.S"), Some(AbbrevClass::General));
        assert_eq!(lex.abbrev(b"No"), Some(AbbrevClass::Number));
        assert_eq!(lex.abbrev(b"house"), None);
        assert!(lex.is_starter("The"));
        assert!(!lex.is_starter("the"));
        assert!(lex.is_prefix(b"Anti"));
        assert!(!lex.is_prefix(b"well"));
        assert!(lex.is_emoticon(":-)"));
    }

    #[test]
    fn bad_rows_are_reported_with_their_line() {
        let err = Lexicon::parse("# c\nmr\ttitle\nX\tgeneral\n", "", "", "").unwrap_err();
        assert_eq!((err.file, err.line), ("abbreviations.tsv", 3));
        let err = Lexicon::parse("mr\tfoo\n", "", "", "").unwrap_err();
        assert!(err.message.contains("foo"), "{}", err.message);
        let err = Lexicon::parse("mr\ttitle\nmr\ttitle\n", "", "", "").unwrap_err();
        assert!(err.message.contains("twice"));
        let err = Lexicon::parse("", "the\n", "", "").unwrap_err();
        assert_eq!(err.file, "starters.txt");
    }
}
