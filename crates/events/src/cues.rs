//! Status, discard and context cues (`data/events/cues.tsv`).

use crate::Error;
use compact_str::CompactString;
use rustc_hash::FxHashMap;

/// The cue table shipped with the crate.
pub const EMBEDDED: &str = include_str!("../../../data/events/cues.tsv");

/// What a cue signals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CueKind {
    /// Planned or scheduled.
    Future,
    /// Conditional or speculative.
    Hypothetical,
    /// Negation.
    Negated,
    /// Attributed to a speaker.
    Reported,
    /// Sport or fiction: the sentence is not coded.
    Discard,
    /// A PLOVER context.
    Context(CompactString),
    /// A violence trigger whose common figurative sense is criticism
    /// ("attacked his rival", "hit back at"): with words or a contest in the
    /// sentence and no force it codes ACCUSE (111).
    Criticism,
    /// A violence trigger whose common figurative sense is no event ("beat
    /// him in the primary", "targeted young voters"): with words or a contest
    /// in the sentence and no force it codes nothing.
    Figurative,
    /// A trigger that publishes when its object is a text or a poll
    /// ("released a statement", "released a poll": no event; "released
    /// prisoners": an event).
    Publication,
    /// A verb that also names ("called him a liar", "a group called X"):
    /// with a predicate complement, or as a participle describing a noun, it
    /// is no event.
    Naming,
    /// A verb that is an event only without a direct object or clause
    /// ("demonstrated in the capital"; "demonstrated her staying power",
    /// "demonstrated that it works" show something).
    Intransitive,
    /// A word showing physical force (weapons, casualties, armed groups).
    Force,
    /// A word showing that an attack is made of words (a debate, an ad, a
    /// speech, a tweet).
    Words,
    /// A published text that is no talk ("report", "video", "data"): read
    /// by `publication` triggers only.
    Text,
    /// A word showing an electoral or poll contest (a primary, a poll,
    /// delegates).
    Contest,
}

/// Where a cue applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CueWhere {
    /// Auxiliary of the trigger's clause.
    Aux,
    /// Verb governing the trigger's clause.
    Gov,
    /// Modifier of the trigger.
    Adv,
    /// Subordinator of the trigger's clause.
    Mark,
    /// Any word of the sentence.
    Word,
    /// The trigger's lexicon head (`criticism`, `figurative`, `publication`,
    /// `naming`).
    Trigger,
    /// Any word of the sentence, read for a figurative trigger's sense
    /// (`force`, `words`, `contest`, `text`).
    Sense,
}

/// Cue tables by position.
#[derive(Debug, Clone, Default)]
pub struct Cues {
    map: FxHashMap<(CueWhere, CompactString), CueKind>,
}

impl Cues {
    /// Parses the cue table.
    pub fn parse(text: &str, name: &str) -> Result<Cues, Error> {
        let mut map = FxHashMap::default();
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let bad = |m: String| Error::Lexicon {
                file: name.to_string(),
                line: n + 1,
                message: m,
            };
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            if cols.len() != 3 {
                return Err(bad(format!(
                    "found {} columns, expected 3 (lemma, kind, where)",
                    cols.len()
                )));
            }
            let kind = match cols[1] {
                "future" => CueKind::Future,
                "hypothetical" => CueKind::Hypothetical,
                "negated" => CueKind::Negated,
                "reported" => CueKind::Reported,
                "discard" => CueKind::Discard,
                "criticism" => CueKind::Criticism,
                "figurative" => CueKind::Figurative,
                "publication" => CueKind::Publication,
                "naming" => CueKind::Naming,
                "intransitive" => CueKind::Intransitive,
                "force" => CueKind::Force,
                "words" => CueKind::Words,
                "contest" => CueKind::Contest,
                "text" => CueKind::Text,
                k => match k.strip_prefix("context:") {
                    Some(c) => CueKind::Context(c.into()),
                    None => return Err(bad(format!("cue kind {k:?}, expected future, hypothetical, negated, reported, discard, criticism, figurative, publication, naming, force, words, contest, text or context:NAME"))),
                },
            };
            let w = match cols[2] {
                "aux" => CueWhere::Aux,
                "gov" => CueWhere::Gov,
                "adv" => CueWhere::Adv,
                "mark" => CueWhere::Mark,
                "word" => CueWhere::Word,
                "trigger" => CueWhere::Trigger,
                "sense" => CueWhere::Sense,
                o => {
                    return Err(bad(format!(
                        "cue position {o:?}, expected aux, gov, adv, mark, word, trigger or sense"
                    )))
                }
            };
            map.insert((w, CompactString::from(cols[0].to_lowercase())), kind);
        }
        Ok(Cues { map })
    }

    /// The cue for `lemma` (lower case) at position `w`.
    pub fn get(&self, w: CueWhere, lemma: &str) -> Option<&CueKind> {
        self.map.get(&(w, CompactString::from(lemma)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_cues_load() {
        let c = Cues::parse(EMBEDDED, "cues.tsv").expect("embedded cues parse");
        assert_eq!(c.get(CueWhere::Aux, "will"), Some(&CueKind::Future));
        assert_eq!(c.get(CueWhere::Word, "film"), Some(&CueKind::Discard));
        assert!(Cues::parse("x\tmaybe\taux\n", "f").is_err());
        assert_eq!(
            c.get(CueWhere::Trigger, "attack"),
            Some(&CueKind::Criticism)
        );
        assert_eq!(c.get(CueWhere::Trigger, "beat"), Some(&CueKind::Figurative));
        assert_eq!(
            c.get(CueWhere::Trigger, "release"),
            Some(&CueKind::Publication)
        );
        assert_eq!(c.get(CueWhere::Sense, "debate"), Some(&CueKind::Words));
        assert_eq!(c.get(CueWhere::Sense, "missile"), Some(&CueKind::Force));
        assert_eq!(c.get(CueWhere::Sense, "primary"), Some(&CueKind::Contest));
    }
}
