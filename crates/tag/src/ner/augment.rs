//! Training-data augmentation: honorifics and titles before person names.
//!
//! CoNLL-2003 is Reuters copy, which almost never writes "Mr." (3 times in
//! `eng.train`) or a title before a name ("Senator" once). Much other news
//! does so constantly: "Mr. Obama said", "Sen. Rubio", "Governor Jeb Bush".
//! A tagger that has never seen an honorific reads "Mr." like "St." or
//! "Mt." (the first word of a place) and tags "Mr. Obama's" as a location.
//!
//! [`honorifics`] inserts such a word, tagged `O`, before a share of the
//! gold person names, and with an abbreviated honorific sometimes drops
//! the given name ("Mr. Clinton" from "Bill Clinton"), as such news does
//! after the first mention. The labels of every other word are unchanged.
//! The choice is deterministic for a seed.

use super::tags::{self, TagSpan};
use chronicler_doc::EntityLabel;
use chronicler_learn::Rng;

/// Honorifics written before a surname alone or a full name.
const HONORIFICS: &[&str] = &["Mr.", "Mrs.", "Ms.", "Dr.", "Mr", "Mrs", "Ms"];

/// Abbreviated titles written before a full name or a surname. Only
/// abbreviations: a title spelt out ("Senator") is a capitalised word
/// before a name, and teaching the tagger to leave those out of names
/// also cuts given names it does not know ("Victory Cha" -> "Cha").
const TITLES: &[&str] = &[
    "Sen.", "Rep.", "Gov.", "Gen.", "Lt.", "Col.", "Capt.", "Sgt.", "Adm.", "Prof.", "Rev.",
];

/// Inserts an honorific or title before about `rate` of the person names
/// of `sents` (words with their gold BILOU classes), in place.
///
/// A name is left alone when the word before it is capitalised (it may
/// already be a title, or part of a name) and when it is longer than three
/// words. Half of the insertions are an honorific ("Mr."), the other half an
/// abbreviated title ("Sen."); after an honorific, a name of two or three
/// words loses its first word half of the time.
pub(crate) fn honorifics(sents: &mut [(Vec<String>, Vec<usize>)], rate: f64, seed: u64) {
    if rate <= 0.0 {
        return;
    }
    let mut rng = Rng::new(seed);
    let mut coin = move || (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
    for (words, classes) in sents.iter_mut() {
        let spans = tags::classes_to_spans(classes);
        if !spans.iter().any(|s| s.label == EntityLabel::Per) {
            continue;
        }
        let mut new_words: Vec<String> = Vec::with_capacity(words.len() + 4);
        let mut new_spans: Vec<TagSpan> = Vec::with_capacity(spans.len());
        let mut next = 0usize;
        let mut changed = false;
        for s in &spans {
            let before_capitalised = s
                .start
                .checked_sub(1)
                .and_then(|i| words.get(i))
                .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase));
            let eligible = s.label == EntityLabel::Per
                && s.end - s.start <= 3
                && !before_capitalised
                && coin() < rate;
            new_words.extend(words[next..s.start].iter().cloned());
            let mut start = s.start;
            changed |= eligible;
            if eligible {
                if coin() < 0.5 {
                    let h =
                        HONORIFICS[(coin() * HONORIFICS.len() as f64) as usize % HONORIFICS.len()];
                    new_words.push(h.to_string());
                    if s.end - s.start >= 2 && coin() < 0.5 {
                        start += 1;
                    }
                } else {
                    let t = TITLES[(coin() * TITLES.len() as f64) as usize % TITLES.len()];
                    new_words.push(t.to_string());
                }
            }
            let at = new_words.len();
            new_words.extend(words[start..s.end].iter().cloned());
            new_spans.push(TagSpan {
                start: at,
                end: new_words.len(),
                label: s.label,
            });
            next = s.end;
        }
        new_words.extend(words[next..].iter().cloned());
        if changed {
            *classes = tags::spans_to_classes(&new_spans, new_words.len());
            *words = new_words;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence(
        words: &[&str],
        spans: &[(usize, usize, EntityLabel)],
    ) -> (Vec<String>, Vec<usize>) {
        let spans: Vec<TagSpan> = spans
            .iter()
            .map(|&(start, end, label)| TagSpan { start, end, label })
            .collect();
        (
            words.iter().map(|w| w.to_string()).collect(),
            tags::spans_to_classes(&spans, words.len()),
        )
    }

    #[test]
    fn inserts_before_names_and_keeps_other_labels() {
        let mut sents = vec![
            sentence(
                &["Talks", "with", "Anna", "Berg", "in", "Oslo", "ended", "."],
                &[(2, 4, EntityLabel::Per), (5, 6, EntityLabel::Loc)],
            );
            50
        ];
        honorifics(&mut sents, 1.0, 3);
        let mut dropped = 0;
        for (words, classes) in &sents {
            let spans = tags::classes_to_spans(classes);
            let per = spans
                .iter()
                .find(|s| s.label == EntityLabel::Per)
                .expect("a name");
            let loc = spans
                .iter()
                .find(|s| s.label == EntityLabel::Loc)
                .expect("a place");
            assert_eq!(words[loc.start], "Oslo");
            assert_eq!(words[per.end - 1], "Berg");
            assert!(per.start > 2, "something was inserted: {words:?}");
            if per.end - per.start == 1 {
                dropped += 1;
                assert!(
                    HONORIFICS.contains(&words[per.start - 1].as_str()),
                    "{words:?}"
                );
            }
            assert_eq!(words[..2], ["Talks", "with"]);
        }
        assert!(dropped > 0 && dropped < 50, "{dropped}");
    }

    #[test]
    fn leaves_names_after_capitalised_words_and_rate_zero() {
        let s = sentence(
            &["President", "Anna", "Berg", "spoke"],
            &[(1, 3, EntityLabel::Per)],
        );
        let mut sents = vec![s.clone()];
        honorifics(&mut sents, 1.0, 3);
        assert_eq!(sents[0], s);
        let t = sentence(&["said", "Anna", "Berg"], &[(1, 3, EntityLabel::Per)]);
        let mut sents = vec![t.clone()];
        honorifics(&mut sents, 0.0, 3);
        assert_eq!(sents[0], t);
    }
}
