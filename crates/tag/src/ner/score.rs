//! Exact-span scoring as CoNLL's `conlleval`: an entity counts as correct only
//! when its start, end and type all match; micro precision, recall and F1
//! overall and per type.

use super::tags::TagSpan;
use chronicler_doc::EntityLabel;
use std::fmt;

/// Counts for one type (or all types).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Gold entities.
    pub gold: usize,
    /// Predicted entities.
    pub predicted: usize,
    /// Predicted entities that match a gold one exactly.
    pub correct: usize,
}

impl Counts {
    /// Precision (0 when nothing was predicted).
    pub fn precision(&self) -> f64 {
        if self.predicted == 0 {
            0.0
        } else {
            self.correct as f64 / self.predicted as f64
        }
    }

    /// Recall (0 when there is no gold entity).
    pub fn recall(&self) -> f64 {
        if self.gold == 0 {
            0.0
        } else {
            self.correct as f64 / self.gold as f64
        }
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// Accumulates exact-span matches over sentences.
///
/// ```
/// use chronicler_tag::ner::{Score, TagSpan};
/// use chronicler_doc::EntityLabel;
/// let gold = [TagSpan { start: 0, end: 2, label: EntityLabel::Per }];
/// let pred = [TagSpan { start: 0, end: 1, label: EntityLabel::Per }];
/// let mut s = Score::default();
/// s.add(&gold, &pred);
/// assert_eq!(s.total().f1(), 0.0);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Score {
    per_type: [Counts; 4],
    /// Tokens seen (for accuracy reports).
    pub tokens: usize,
}

impl Score {
    /// Adds one sentence's gold and predicted spans.
    pub fn add(&mut self, gold: &[TagSpan], predicted: &[TagSpan]) {
        for g in gold {
            self.per_type[super::tags::label_index(g.label)].gold += 1;
        }
        for p in predicted {
            let k = super::tags::label_index(p.label);
            self.per_type[k].predicted += 1;
            if gold.contains(p) {
                self.per_type[k].correct += 1;
            }
        }
    }

    /// Counts of one type.
    pub fn of(&self, label: EntityLabel) -> Counts {
        self.per_type[super::tags::label_index(label)]
    }

    /// Counts over all types (micro average).
    pub fn total(&self) -> Counts {
        let mut t = Counts::default();
        for c in &self.per_type {
            t.gold += c.gold;
            t.predicted += c.predicted;
            t.correct += c.correct;
        }
        t
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.total();
        writeln!(
            f,
            "all   P {:.2} R {:.2} F1 {:.2}  (gold {}, predicted {}, correct {})",
            100.0 * t.precision(),
            100.0 * t.recall(),
            100.0 * t.f1(),
            t.gold,
            t.predicted,
            t.correct
        )?;
        for l in EntityLabel::ALL {
            let c = self.of(l);
            writeln!(
                f,
                "{:<5} P {:.2} R {:.2} F1 {:.2}  (gold {})",
                l.as_str(),
                100.0 * c.precision(),
                100.0 * c.recall(),
                100.0 * c.f1(),
                c.gold
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use EntityLabel::*;

    #[test]
    fn exact_spans_only() {
        let gold = [
            TagSpan {
                start: 0,
                end: 2,
                label: Per,
            },
            TagSpan {
                start: 4,
                end: 5,
                label: Loc,
            },
        ];
        let pred = [
            TagSpan {
                start: 0,
                end: 2,
                label: Per,
            },
            TagSpan {
                start: 4,
                end: 5,
                label: Org,
            },
            TagSpan {
                start: 6,
                end: 7,
                label: Misc,
            },
        ];
        let mut s = Score::default();
        s.add(&gold, &pred);
        let t = s.total();
        assert_eq!((t.gold, t.predicted, t.correct), (2, 3, 1));
        assert!((t.f1() - 0.4).abs() < 1e-9);
        assert_eq!(s.of(Loc).recall(), 0.0);
        assert!(s.to_string().contains("F1 40.00"));
    }
}
