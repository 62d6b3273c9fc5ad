//! The surface matcher: every name, alias, adjective, capital, seat and agent
//! term of the base compiled once into Aho-Corasick automata.
//!
//! Matching runs on the raw text: all matches are found (overlapping), kept
//! when they sit on word boundaries, and then chosen leftmost-longest.
//! Names match case-sensitively; names of two or more words (and imported
//! PETRARCH names) also match case-insensitively as a fallback, but only
//! where the text is not all lower case. Agent terms match in any case.

use crate::kb::{EntKind, Kb, Sym};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use rustc_hash::FxHashMap;

/// What a surface form points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Target {
    /// A name or alias of an entity.
    Name(u32),
    /// An adjective/demonym of a country (index into `Kb::countries`).
    Adjective(u32),
    /// A capital of a country.
    Capital(u32),
    /// A seat-of-government word of a country.
    Seat(u32),
    /// An agent term (index into `Kb::agents`); `true` when plural.
    Agent(u32, bool),
    /// A phrase that is never an actor ("South America", "Indian Ocean").
    Block,
}

#[derive(Debug, Clone, Copy)]
struct PatTarget {
    target: Target,
    /// Only counts right after "the"/"The".
    needs_article: bool,
}

/// One match chosen in the text.
#[derive(Debug, Clone)]
pub(crate) struct Hit {
    pub start: usize,
    pub end: usize,
    pub targets: Vec<Target>,
}

/// Phrases that contain a country word but are not actors.
const BLOCKED: &[&str] = &[
    "South America",
    "Latin America",
    "North America",
    "Central America",
    "the Americas",
    "Americas",
    "New Mexico",
    "New South Wales",
    "New Jersey",
    "New England",
    "Indian Ocean",
    "Persian Gulf",
    "Niger Delta",
    "Korean Peninsula",
    "Korean War",
    "Chinese New Year",
    "Turkish Airlines",
    "Georgia Tech",
    "Washington Post",
    "Washington Times",
    "Guinea pig",
    "Jordan River",
    "Panama Canal",
];

/// The compiled matcher.
#[derive(Debug, Clone)]
pub(crate) struct Matcher {
    cs: AhoCorasick,
    cs_targets: Vec<Vec<PatTarget>>,
    ci: AhoCorasick,
    ci_targets: Vec<Vec<PatTarget>>,
    /// Lower-cased surface → targets, for `lookup`.
    pub(crate) by_lower: FxHashMap<String, Vec<Target>>,
}

/// Regular English plural of a (possibly multi-word) noun phrase: the last
/// word is inflected.
pub(crate) fn plural(term: &str) -> String {
    let (head, last) = match term.rfind(' ') {
        Some(i) => (&term[..=i], &term[i + 1..]),
        None => ("", term),
    };
    let p = if let Some(stem) = last.strip_suffix("man") {
        format!("{stem}men")
    } else if last.ends_with('y')
        && !last.ends_with("ay")
        && !last.ends_with("ey")
        && !last.ends_with("oy")
    {
        format!("{}ies", &last[..last.len() - 1])
    } else if last.ends_with("arch") {
        // monarch → monarchs, oligarch → oligarchs
        format!("{last}s")
    } else if last.ends_with('s')
        || last.ends_with("sh")
        || last.ends_with("ch")
        || last.ends_with('x')
    {
        format!("{last}es")
    } else {
        format!("{last}s")
    };
    format!("{head}{p}")
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn boundary_ok(text: &str, start: usize, end: usize) -> bool {
    let before = text.get(..start).and_then(|s| s.chars().next_back());
    let after = text.get(end..).and_then(|s| s.chars().next());
    let first = text.get(start..).and_then(|s| s.chars().next());
    let last = text.get(..end).and_then(|s| s.chars().next_back());
    // A boundary is needed only where the pattern itself starts/ends with a
    // word character ("U.S." may be followed by a letter-less boundary).
    let ok_before = !(first.is_some_and(is_word_char) && before.is_some_and(is_word_char));
    let ok_after = !(last.is_some_and(is_word_char) && after.is_some_and(is_word_char));
    ok_before && ok_after
}

fn preceded_by_the(text: &str, start: usize) -> bool {
    let before = text.get(..start).unwrap_or("").trim_end();
    let w = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    w == "the" || w == "The" || w == "THE"
}

impl Matcher {
    /// Compiles the matcher for `kb`.
    pub(crate) fn build(kb: &Kb) -> Matcher {
        let mut cs: FxHashMap<String, Vec<PatTarget>> = FxHashMap::default();
        let mut ci: FxHashMap<String, Vec<PatTarget>> = FxHashMap::default();
        let mut by_lower: FxHashMap<String, Vec<Target>> = FxHashMap::default();
        let s = &kb.strings;
        let mut add = |surface: &str, target: Target, any_case: bool| {
            let (surface, needs_article) = match surface.strip_prefix("the ") {
                Some(rest) if !rest.is_empty() => (rest, true),
                _ => (surface, false),
            };
            if surface.is_empty() {
                return;
            }
            let pt = PatTarget {
                target,
                needs_article,
            };
            let lower = surface.to_ascii_lowercase();
            let l = by_lower.entry(lower.clone()).or_default();
            if !l.contains(&target) {
                l.push(target);
            }
            let v = cs.entry(surface.to_string()).or_default();
            if !v.iter().any(|x| x.target == target) {
                v.push(pt);
            }
            if any_case || surface.contains(' ') {
                let v = ci.entry(lower).or_default();
                if !v.iter().any(|x| x.target == target) {
                    v.push(pt);
                }
            }
        };
        for (i, e) in kb.entities.iter().enumerate() {
            let t = Target::Name(i as u32);
            add(s.get(e.name), t, e.any_case);
            for &a in &e.aliases {
                add(s.get(a), t, e.any_case);
            }
        }
        for (i, c) in kb.countries.iter().enumerate() {
            let i = i as u32;
            for &a in &c.adjectives {
                add(s.get(a), Target::Adjective(i), false);
            }
            for &a in &c.capitals {
                add(s.get(a), Target::Capital(i), false);
            }
            for &a in &c.seats {
                add(s.get(a), Target::Seat(i), false);
            }
        }
        for b in BLOCKED {
            add(b, Target::Block, false);
        }
        // Agents: any case (their own map; they never collide with names
        // because names are matched in the case-sensitive automaton).
        let mut agents: FxHashMap<String, Vec<PatTarget>> = FxHashMap::default();
        for (i, a) in kb.agents.iter().enumerate() {
            let term = s.get(a.term);
            for (form, pl) in [(term.to_string(), false), (plural(term), true)] {
                let v = agents.entry(form.clone()).or_default();
                let t = Target::Agent(i as u32, pl);
                if !v.iter().any(|x| matches!(x.target, Target::Agent(..))) {
                    v.push(PatTarget {
                        target: t,
                        needs_article: false,
                    });
                }
                by_lower.entry(form).or_default().push(t);
            }
        }
        for (k, v) in agents {
            ci.entry(k).or_default().extend(v);
        }
        let (cs_pats, cs_targets): (Vec<String>, Vec<Vec<PatTarget>>) = cs.into_iter().unzip();
        let (ci_pats, ci_targets): (Vec<String>, Vec<Vec<PatTarget>>) = ci.into_iter().unzip();
        let cs = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::NoncontiguousNFA))
            .build(&cs_pats)
            .expect("case-sensitive automaton builds from shipped patterns");
        let ci = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::NoncontiguousNFA))
            .build(&ci_pats)
            .expect("case-insensitive automaton builds from shipped patterns");
        Matcher {
            cs,
            cs_targets,
            ci,
            ci_targets,
            by_lower,
        }
    }

    /// Number of distinct surface forms.
    pub(crate) fn len(&self) -> usize {
        self.cs_targets.len() + self.ci_targets.len()
    }

    /// All chosen matches in `text`, leftmost-longest, non-overlapping.
    pub(crate) fn find(&self, kb: &Kb, text: &str) -> Vec<Hit> {
        // (start, end, case-sensitive?, targets)
        let mut cands: Vec<(usize, usize, bool, Vec<Target>)> = Vec::new();
        for m in self.cs.find_overlapping_iter(text) {
            let (a, b) = (m.start(), m.end());
            if !boundary_ok(text, a, b) {
                continue;
            }
            let Some(pts) = self.cs_targets.get(m.pattern().as_usize()) else {
                continue;
            };
            let art = preceded_by_the(text, a);
            let ts: Vec<Target> = pts
                .iter()
                .filter(|p| !p.needs_article || art)
                .map(|p| p.target)
                .collect();
            if !ts.is_empty() {
                cands.push((a, b, true, ts));
            }
        }
        // The fallback automaton holds ASCII-lower-cased patterns: run it on
        // the ASCII-lower-cased text (same byte offsets).
        let lowered = text.to_ascii_lowercase();
        for m in self.ci.find_overlapping_iter(&lowered) {
            let (a, b) = (m.start(), m.end());
            if !boundary_ok(text, a, b) {
                continue;
            }
            let Some(pts) = self.ci_targets.get(m.pattern().as_usize()) else {
                continue;
            };
            let Some(surface) = text.get(a..b) else {
                continue;
            };
            let has_upper = surface.chars().any(char::is_uppercase);
            let art = preceded_by_the(text, a);
            let ts: Vec<Target> = pts
                .iter()
                .filter(|p| !p.needs_article || art)
                .filter(|p| match p.target {
                    Target::Agent(..) => true,
                    // Fallback for names: not in plain lower-case prose.
                    _ => has_upper,
                })
                .map(|p| p.target)
                .collect();
            if !ts.is_empty() {
                cands.push((a, b, false, ts));
            }
        }
        // Leftmost-longest; case-sensitive before fallback on equal spans.
        cands.sort_by(|x, y| x.0.cmp(&y.0).then(y.1.cmp(&x.1)).then(y.2.cmp(&x.2)));
        let mut out: Vec<Hit> = Vec::new();
        let mut last_end = 0usize;
        for (a, b, _, ts) in cands {
            if a < last_end {
                // Same span from the other automaton: merge targets.
                if let Some(h) = out.last_mut() {
                    if h.start == a && h.end == b {
                        for t in ts {
                            if !h.targets.contains(&t) {
                                h.targets.push(t);
                            }
                        }
                    }
                }
                continue;
            }
            last_end = b;
            out.push(Hit {
                start: a,
                end: b,
                targets: ts,
            });
        }
        // Drop blocked phrases; prefer names over agents on one span.
        out.retain(|h| !h.targets.contains(&Target::Block));
        for h in &mut out {
            if h.targets.iter().any(|t| !matches!(t, Target::Agent(..))) {
                let has_agent = h.targets.iter().any(|t| matches!(t, Target::Agent(..)));
                // A capitalised agent term that is also a name ("Congress"):
                // keep the name only when it starts upper-case.
                if has_agent {
                    let upper = text
                        .get(h.start..)
                        .and_then(|s| s.chars().next())
                        .is_some_and(char::is_uppercase);
                    if upper {
                        h.targets.retain(|t| !matches!(t, Target::Agent(..)));
                    } else {
                        h.targets.retain(|t| matches!(t, Target::Agent(..)));
                    }
                }
            }
        }
        let _ = kb;
        out
    }

    /// Targets of an exact surface (any case), for lookups.
    pub(crate) fn exact(&self, surface: &str) -> &[Target] {
        let s = surface.trim();
        let s = s
            .strip_prefix("the ")
            .or_else(|| s.strip_prefix("The "))
            .unwrap_or(s);
        self.by_lower
            .get(&s.to_ascii_lowercase())
            .map(|v| v.as_slice())
            .unwrap_or(&[])
    }
}

/// Entity kind of a target, when it is a name.
#[allow(dead_code)]
pub(crate) fn name_kind(kb: &Kb, t: Target) -> Option<EntKind> {
    match t {
        Target::Name(i) => kb.entities.get(i as usize).map(|e| e.kind),
        _ => None,
    }
}

/// The interned code of an entity's first role (countries and orgs).
pub(crate) fn first_code(kb: &Kb, ent: u32) -> Option<Sym> {
    kb.entities
        .get(ent as usize)
        .and_then(|e| e.roles.first())
        .map(|r| r.code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals() {
        assert_eq!(plural("analyst"), "analysts");
        assert_eq!(plural("policeman"), "policemen");
        assert_eq!(plural("militia"), "militias");
        assert_eq!(plural("authority"), "authorities");
        assert_eq!(plural("foreign ministry"), "foreign ministries");
        assert_eq!(plural("attorney"), "attorneys");
        assert_eq!(plural("press"), "presses");
        assert_eq!(plural("oligarch"), "oligarchs");
        assert_eq!(plural("church"), "churches");
    }

    #[test]
    fn boundaries() {
        assert!(boundary_ok("Kim said", 0, 3));
        assert!(!boundary_ok("Kimberly said", 0, 3));
        assert!(boundary_ok("Sino-Japanese", 0, 4));
        assert!(boundary_ok("the U.S.-led", 4, 8));
    }
}
