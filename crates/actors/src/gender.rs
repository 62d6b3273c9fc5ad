//! Grammatical gender of person actors, for pronoun resolution: "he" and
//! "she" never go to a person the text or the name marks as the other sex.
//!
//! Evidence, per actor: the first word of its name in
//! `data/actors/first_name_gender.tsv` (1990 US Census first names given to
//! one sex at least ten times as often), an honorific or a gendered noun
//! right before a mention ("Mr.", "Mrs.", "Queen", "congresswoman"), or a
//! gendered noun opening an apposition after it (", a spokeswoman for").
//! Evidence split more evenly than three to one leaves the sex unknown;
//! unknown never excludes. A person of the knowledge base listed in
//! `data/actors/people_sex.tsv` has that sex whatever the text suggests.

use rustc_hash::FxHashMap;
use std::sync::OnceLock;

const FIRST_NAMES_TSV: &str = include_str!("../../../data/actors/first_name_gender.tsv");
const PEOPLE_SEX_TSV: &str = include_str!("../../../data/actors/people_sex.tsv");

/// A person's sex as the text marks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sex {
    Male,
    Female,
}

/// A `key<TAB>sex` table of ours (`#` comments; the header row and any
/// other row whose sex is neither letter are skipped), keys lowercased.
fn sex_table(tsv: &str) -> FxHashMap<String, Sex> {
    tsv.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (key, sex) = l.split_once('\t')?;
            let sex = match sex.trim() {
                "M" | "m" => Sex::Male,
                "F" | "f" => Sex::Female,
                _ => return None,
            };
            Some((key.trim().to_lowercase(), sex))
        })
        .collect()
}

/// The sex a first name is given to, when the census gives it to one.
pub(crate) fn first_name(word: &str) -> Option<Sex> {
    static MAP: OnceLock<FxHashMap<String, Sex>> = OnceLock::new();
    let map = MAP.get_or_init(|| sex_table(FIRST_NAMES_TSV));
    map.get(word.to_lowercase().as_str()).copied()
}

/// The sex of a person of the knowledge base, by id (`kim-jong-un`).
pub(crate) fn of_person(id: &str) -> Option<Sex> {
    static MAP: OnceLock<FxHashMap<String, Sex>> = OnceLock::new();
    let map = MAP.get_or_init(|| sex_table(PEOPLE_SEX_TSV));
    map.get(id).copied()
}

/// The sex an honorific or a person noun marks ("Mr.", "queen",
/// "spokeswoman"), the final period ignored.
pub(crate) fn marked_by(word: &str) -> Option<Sex> {
    let w = word.trim_end_matches('.').to_lowercase();
    const MALE: &[&str] = &[
        "mr",
        "sir",
        "lord",
        "king",
        "prince",
        "duke",
        "emperor",
        "sultan",
        "sheikh",
        "father",
        "brother",
        "son",
        "husband",
        "nephew",
        "uncle",
        "grandfather",
        "boyfriend",
        "congressman",
        "spokesman",
        "businessman",
        "assemblyman",
        "councilman",
        "statesman",
        "actor",
        "pope",
    ];
    const FEMALE: &[&str] = &[
        "mrs",
        "ms",
        "miss",
        "madam",
        "madame",
        "dame",
        "lady",
        "queen",
        "princess",
        "duchess",
        "empress",
        "mother",
        "sister",
        "daughter",
        "wife",
        "widow",
        "niece",
        "aunt",
        "grandmother",
        "girlfriend",
        "congresswoman",
        "spokeswoman",
        "chairwoman",
        "businesswoman",
        "assemblywoman",
        "councilwoman",
        "stateswoman",
        "actress",
    ];
    if MALE.contains(&w.as_str()) {
        Some(Sex::Male)
    } else if FEMALE.contains(&w.as_str()) {
        Some(Sex::Female)
    } else {
        None
    }
}

/// The sex a third-person pronoun refers to.
pub(crate) fn of_pronoun(word: &str) -> Option<Sex> {
    match word.to_lowercase().as_str() {
        "he" | "him" | "his" | "himself" => Some(Sex::Male),
        "she" | "her" | "hers" | "herself" => Some(Sex::Female),
        _ => None,
    }
}

/// Tally of evidence for one actor.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Votes {
    male: u32,
    female: u32,
    /// Known from the knowledge base: outweighs the text.
    known: Option<Sex>,
}

impl Votes {
    /// Adds one piece of evidence.
    pub(crate) fn add(&mut self, s: Option<Sex>) {
        match s {
            Some(Sex::Male) => self.male += 1,
            Some(Sex::Female) => self.female += 1,
            None => {}
        }
    }

    /// Sets the sex the knowledge base knows.
    pub(crate) fn know(&mut self, s: Option<Sex>) {
        if s.is_some() {
            self.known = s;
        }
    }

    /// The sex the knowledge base gives, else the one at least three
    /// quarters of the evidence gives.
    pub(crate) fn sex(self) -> Option<Sex> {
        if self.known.is_some() {
            self.known
        } else if self.male > 0 && self.male >= 3 * self.female {
            Some(Sex::Male)
        } else if self.female > 0 && self.female >= 3 * self.male {
            Some(Sex::Female)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn census_names_and_markers() {
        assert_eq!(first_name("Hillary"), Some(Sex::Female));
        assert_eq!(first_name("donald"), Some(Sex::Male));
        // given to both sexes, or not a census name: unknown
        assert_eq!(first_name("Jordan"), None);
        assert_eq!(first_name("Xi"), None);
        assert_eq!(marked_by("Mrs."), Some(Sex::Female));
        assert_eq!(marked_by("Mr"), Some(Sex::Male));
        assert_eq!(marked_by("President"), None);
        assert_eq!(of_pronoun("Her"), Some(Sex::Female));
        let mut v = Votes::default();
        v.add(Some(Sex::Male));
        assert_eq!(v.sex(), Some(Sex::Male));
        v.add(Some(Sex::Female));
        assert_eq!(v.sex(), None);
        // one stray mark against many
        for _ in 0..4 {
            v.add(Some(Sex::Male));
        }
        assert_eq!(v.sex(), Some(Sex::Male));
        // the knowledge base outweighs the text
        v.know(of_person("sheikh-hasina"));
        assert_eq!(v.sex(), Some(Sex::Female));
    }

    #[test]
    fn every_person_of_the_base_has_a_known_sex_row() {
        assert_eq!(of_person("kim-jong-un"), Some(Sex::Male));
        assert_eq!(of_person("tsai-ing-wen"), Some(Sex::Female));
        assert_eq!(of_person("no-such-person"), None);
        // the file is well formed: every data row is `id<TAB>m|f`
        let rows = PEOPLE_SEX_TSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .skip(1);
        for l in rows {
            let (_, sex) = l.split_once('\t').expect("two cells");
            assert!(matches!(sex, "m" | "f"), "bad row {l:?}");
        }
    }
}
