//! The trigger lexicon: verb and noun lemmas (with required dependents)
//! mapped to a PLOVER type, mode and CAMEO code, and where to find the target.

use crate::Error;
use chronicler_doc::PloverEvent;
use compact_str::CompactString;
use rustc_hash::FxHashMap;

/// The lexicon shipped with the crate.
pub const EMBEDDED: &str = include_str!("../../../data/events/lexicon.tsv");
/// File name reported in `explain` for embedded entries.
pub const EMBEDDED_NAME: &str = "data/events/lexicon.tsv";

/// Part of speech of a trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TriggerPos {
    /// A verb ("visit", "urge").
    Verb,
    /// A noun ("visit", "sanctions").
    Noun,
}

/// One lexicon entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Head lemma (lower case).
    pub head: CompactString,
    /// Lemmas of required dependents (particles, prepositions, objects).
    pub extra: Vec<CompactString>,
    /// Verb or noun trigger.
    pub pos: TriggerPos,
    /// PLOVER type.
    pub event: PloverEvent,
    /// PLOVER mode, if any.
    pub mode: Option<CompactString>,
    /// CAMEO code.
    pub cameo: CompactString,
    /// Target slots: `obj`, `iobj`, or prepositions.
    pub targets: Vec<CompactString>,
    /// PLOVER context, if any.
    pub context: Option<CompactString>,
    /// The event is coded only with a target (a slot marked `!`).
    pub needs_target: bool,
    /// Where the entry comes from (`file:line`).
    pub origin: String,
}

/// Entries indexed by head lemma.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    entries: Vec<Entry>,
    by_head: FxHashMap<CompactString, Vec<u32>>,
}

fn opt(field: &str) -> Option<CompactString> {
    let f = field.trim();
    (!f.is_empty() && f != "-").then(|| CompactString::from(f))
}

impl Lexicon {
    /// Parses TSV lexicon text (see `data/events/README.md`); `name` is used
    /// in error messages and in `explain`.
    pub fn parse(text: &str, name: &str) -> Result<Lexicon, Error> {
        let mut lex = Lexicon::default();
        lex.add(text, name)?;
        Ok(lex)
    }

    /// Adds entries from TSV text; an entry with the same phrase and part of
    /// speech as an existing one replaces it.
    pub fn add(&mut self, text: &str, name: &str) -> Result<(), Error> {
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let bad = |why: String| Error::Lexicon {
                file: name.to_string(),
                line: n + 1,
                message: why,
            };
            if cols.len() < 5 {
                return Err(bad(format!(
                    "found {} columns, expected at least 5 (phrase, pos, plover, mode, cameo)",
                    cols.len()
                )));
            }
            let mut words = cols[0]
                .split_whitespace()
                .map(|w| CompactString::from(w.to_lowercase()));
            let Some(head) = words.next() else {
                return Err(bad("empty phrase".into()));
            };
            let extra: Vec<CompactString> = words.collect();
            let pos = match cols[1].trim() {
                "V" | "v" => TriggerPos::Verb,
                "N" | "n" => TriggerPos::Noun,
                other => return Err(bad(format!("part of speech {other:?}, expected V or N"))),
            };
            let event = PloverEvent::parse(cols[2]).ok_or_else(|| {
                bad(format!(
                    "PLOVER type {:?}, expected one of the 16 types",
                    cols[2]
                ))
            })?;
            let cameo = cols[4].trim();
            if cameo.is_empty() || !cameo.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad(format!("CAMEO code {cameo:?}, expected digits")));
            }
            let needs_target = cols.get(5).is_some_and(|t| t.contains('!'));
            let targets = cols
                .get(5)
                .map(|t| {
                    t.split(',')
                        .map(str::trim)
                        .map(|s| s.trim_end_matches('!'))
                        .filter(|s| !s.is_empty() && *s != "-")
                        .map(CompactString::from)
                        .collect()
                })
                .unwrap_or_else(|| vec![CompactString::from("obj")]);
            let entry = Entry {
                head,
                extra,
                pos,
                event,
                mode: opt(cols[3]),
                cameo: CompactString::from(cameo),
                targets,
                context: cols.get(6).and_then(|c| opt(c)),
                needs_target,
                origin: format!("{name}:{}", n + 1),
            };
            self.insert(entry);
        }
        Ok(())
    }

    fn insert(&mut self, entry: Entry) {
        let ids = self.by_head.entry(entry.head.clone()).or_default();
        for &id in ids.iter() {
            let e = &mut self.entries[id as usize];
            if e.pos == entry.pos && e.extra == entry.extra {
                *e = entry;
                return;
            }
        }
        ids.push(self.entries.len() as u32);
        self.entries.push(entry);
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the lexicon is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Entries whose head lemma is `lemma` (lower case).
    pub fn candidates(&self, lemma: &str) -> impl Iterator<Item = &Entry> {
        self.by_head
            .get(lemma)
            .into_iter()
            .flatten()
            .map(|&i| &self.entries[i as usize])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_lexicon_loads() {
        let lex = Lexicon::parse(EMBEDDED, EMBEDDED_NAME).expect("embedded lexicon parses");
        assert!(lex.len() > 300, "only {} entries", lex.len());
        assert!(lex.candidates("visit").any(|e| e.cameo == "042"));
        let give = lex
            .candidates("give")
            .find(|e| e.extra.is_empty())
            .expect("give");
        assert!(give.needs_target);
        assert!(give.targets.iter().all(|t| !t.contains('!')));
    }

    #[test]
    fn user_entries_override() {
        let mut lex = Lexicon::parse("greet\tV\tSUPPORT\t-\t051\tobj\n", "a").expect("parses");
        lex.add("greet\tV\tCONSULT\t-\t040\tobj\n", "b")
            .expect("parses");
        let e: Vec<_> = lex.candidates("greet").collect();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].event, PloverEvent::Consult);
        assert_eq!(e[0].origin, "b:1");
    }

    #[test]
    fn bad_lines_are_reported() {
        let err = Lexicon::parse("greet\tX\tSUPPORT\t-\t051\n", "f").unwrap_err();
        assert!(err.to_string().contains("f:1"), "{err}");
        assert!(Lexicon::parse("greet\tV\tHUG\t-\t051\n", "f").is_err());
        assert!(Lexicon::parse("greet\tV\n", "f").is_err());
    }
}
