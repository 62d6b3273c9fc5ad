//! Nouns that name a person or a group of people (`data/events/agent_nouns.txt`,
//! generated from WordNet by `scripts/events/make_agent_nouns.py`): an event's
//! source that is no actor the other stages know must at least be such a noun
//! ("the senators", "a donor", "the committee"), not a thing ("the meeting
//! location would help Kim", "the plan").

use rustc_hash::FxHashSet;

/// The list shipped with the crate: one lower-case noun per line, `#` comments.
pub const EMBEDDED: &str = include_str!("../../../data/events/agent_nouns.txt");

/// A set of agent nouns.
#[derive(Debug, Clone, Default)]
pub struct AgentNouns {
    set: FxHashSet<&'static str>,
}

impl AgentNouns {
    /// The shipped list.
    pub fn embedded() -> AgentNouns {
        AgentNouns {
            set: EMBEDDED
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .collect(),
        }
    }

    /// Whether `lemma` (lower case) names a person or a group.
    pub fn contains(&self, lemma: &str) -> bool {
        self.set.contains(lemma)
    }

    /// Number of nouns.
    pub fn len(&self) -> usize {
        self.set.len()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_and_groups_but_not_things() {
        let a = AgentNouns::embedded();
        assert!(a.len() > 10_000);
        for w in [
            "senator",
            "donor",
            "committee",
            "government",
            "someone",
            "voter",
            "militant",
        ] {
            assert!(a.contains(w), "{w}");
        }
        for w in ["location", "plan", "percent", "week", "statement", "idea"] {
            assert!(!a.contains(w), "{w}");
        }
    }
}
