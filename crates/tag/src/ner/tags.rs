//! Tag encodings: the BILOU classes the model predicts, BIO output, and the
//! CoNLL IOB1 / IOB2 input schemes, all through entity spans.

use chronicler_doc::EntityLabel;

/// A BIO tag: the tagger's per-token output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bio {
    /// Outside any entity.
    O,
    /// First token of an entity.
    B(EntityLabel),
    /// Later token of an entity.
    I(EntityLabel),
}

impl Bio {
    /// The label, if inside an entity.
    pub fn label(self) -> Option<EntityLabel> {
        match self {
            Bio::O => None,
            Bio::B(l) | Bio::I(l) => Some(l),
        }
    }

    /// `O`, `B-PER`, `I-LOC`, ...
    pub fn to_conll(self) -> String {
        match self {
            Bio::O => "O".to_string(),
            Bio::B(l) => format!("B-{}", l.as_str()),
            Bio::I(l) => format!("I-{}", l.as_str()),
        }
    }
}

/// An entity span over token indices `[start, end)` of one sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TagSpan {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Type.
    pub label: EntityLabel,
}

/// Number of model classes: `O` plus B, I, L, U for each of the four types.
pub(crate) const N_CLASSES: usize = 17;

/// Position of a token in an entity (BILOU).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pos {
    B = 0,
    I = 1,
    L = 2,
    U = 3,
}

pub(crate) fn label_index(l: EntityLabel) -> usize {
    match l {
        EntityLabel::Per => 0,
        EntityLabel::Org => 1,
        EntityLabel::Loc => 2,
        EntityLabel::Misc => 3,
    }
}

/// Class index of (type, position); 0 is `O`.
#[inline]
pub(crate) fn class(l: EntityLabel, p: Pos) -> usize {
    1 + label_index(l) * 4 + p as usize
}

/// Decodes a class index: `None` for `O`.
#[inline]
pub(crate) fn decode(c: usize) -> Option<(EntityLabel, Pos)> {
    if c == 0 || c >= N_CLASSES {
        return None;
    }
    let l = EntityLabel::ALL[(c - 1) / 4];
    let p = match (c - 1) % 4 {
        0 => Pos::B,
        1 => Pos::I,
        2 => Pos::L,
        _ => Pos::U,
    };
    Some((l, p))
}

/// Entity type of a class (0..4) or 4 for `O`.
#[inline]
pub(crate) fn class_type(c: usize) -> usize {
    if c == 0 || c >= N_CLASSES {
        4
    } else {
        (c - 1) / 4
    }
}

/// Class names in index order (stored in the model file).
pub(crate) fn class_names() -> Vec<String> {
    let mut v = vec!["O".to_string()];
    for l in EntityLabel::ALL {
        for p in ["B", "I", "L", "U"] {
            v.push(format!("{p}-{}", l.as_str()));
        }
    }
    v
}

/// True when class `next` may follow class `prev` (`prev` = 0 at the start).
#[inline]
pub(crate) fn allowed(prev: usize, next: usize) -> bool {
    let open = matches!(decode(prev), Some((_, Pos::B | Pos::I)));
    match (decode(prev), decode(next)) {
        (Some((lp, Pos::B | Pos::I)), Some((ln, Pos::I | Pos::L))) => lp == ln,
        (_, Some((_, Pos::I | Pos::L))) => false,
        _ => !open,
    }
}

/// The class that closes a span at a token of class `c`: `B` → `U`,
/// `I` → `L`; other classes unchanged.
pub(crate) fn close(c: usize) -> usize {
    match decode(c) {
        Some((l, Pos::B)) => class(l, Pos::U),
        Some((l, Pos::I)) => class(l, Pos::L),
        _ => c,
    }
}

/// True when a sentence may end after class `c`.
#[inline]
pub(crate) fn can_end(c: usize) -> bool {
    !matches!(decode(c), Some((_, Pos::B | Pos::I)))
}

/// BILOU classes for spans over `n` tokens (spans must not overlap).
pub(crate) fn spans_to_classes(spans: &[TagSpan], n: usize) -> Vec<usize> {
    let mut v = vec![0; n];
    for s in spans {
        if s.end > n || s.start >= s.end {
            continue;
        }
        if s.end - s.start == 1 {
            v[s.start] = class(s.label, Pos::U);
        } else {
            v[s.start] = class(s.label, Pos::B);
            for x in v.iter_mut().take(s.end - 1).skip(s.start + 1) {
                *x = class(s.label, Pos::I);
            }
            v[s.end - 1] = class(s.label, Pos::L);
        }
    }
    v
}

/// Spans of a BILOU class sequence (lenient: a broken sequence still yields spans).
pub(crate) fn classes_to_spans(classes: &[usize]) -> Vec<TagSpan> {
    let mut out = Vec::new();
    let mut open: Option<(usize, EntityLabel)> = None;
    for (i, &c) in classes.iter().enumerate() {
        match decode(c) {
            None => {
                if let Some((s, l)) = open.take() {
                    out.push(TagSpan {
                        start: s,
                        end: i,
                        label: l,
                    });
                }
            }
            Some((l, p)) => {
                if let Some((s, ol)) = open {
                    if ol != l || matches!(p, Pos::B | Pos::U) {
                        out.push(TagSpan {
                            start: s,
                            end: i,
                            label: ol,
                        });
                        open = None;
                    }
                }
                match p {
                    Pos::B | Pos::I => {
                        if open.is_none() {
                            open = Some((i, l));
                        }
                    }
                    Pos::L | Pos::U => {
                        let s = open.take().map(|x| x.0).unwrap_or(i);
                        out.push(TagSpan {
                            start: s,
                            end: i + 1,
                            label: l,
                        });
                    }
                }
            }
        }
    }
    if let Some((s, l)) = open {
        out.push(TagSpan {
            start: s,
            end: classes.len(),
            label: l,
        });
    }
    out
}

/// BIO tags of spans over `n` tokens.
pub fn spans_to_bio(spans: &[TagSpan], n: usize) -> Vec<Bio> {
    let mut v = vec![Bio::O; n];
    for s in spans {
        if s.end > n || s.start >= s.end {
            continue;
        }
        v[s.start] = Bio::B(s.label);
        for x in v.iter_mut().take(s.end).skip(s.start + 1) {
            *x = Bio::I(s.label);
        }
    }
    v
}

/// Spans of CoNLL tags in IOB1 or IOB2 (conlleval rules: a span starts on `B-`,
/// on a type change, or on `I-` after `O`). Unknown tags count as `O`.
pub fn conll_tags_to_spans<S: AsRef<str>>(tags: &[S]) -> Vec<TagSpan> {
    let mut out = Vec::new();
    let mut open: Option<(usize, EntityLabel)> = None;
    for (i, t) in tags.iter().enumerate() {
        let t = t.as_ref();
        let (prefix, ty) = match t.split_once('-') {
            Some((p, ty)) => (p, EntityLabel::parse(ty)),
            None => ("O", None),
        };
        match (prefix, ty) {
            ("B" | "I" | "E" | "S" | "L" | "U", Some(l)) => {
                let continues =
                    matches!(open, Some((_, ol)) if ol == l) && matches!(prefix, "I" | "E" | "L");
                if !continues {
                    if let Some((s, ol)) = open.take() {
                        out.push(TagSpan {
                            start: s,
                            end: i,
                            label: ol,
                        });
                    }
                    open = Some((i, l));
                }
                if matches!(prefix, "E" | "S" | "L" | "U") {
                    if let Some((s, ol)) = open.take() {
                        out.push(TagSpan {
                            start: s,
                            end: i + 1,
                            label: ol,
                        });
                    }
                }
            }
            _ => {
                if let Some((s, ol)) = open.take() {
                    out.push(TagSpan {
                        start: s,
                        end: i,
                        label: ol,
                    });
                }
            }
        }
    }
    if let Some((s, l)) = open {
        out.push(TagSpan {
            start: s,
            end: tags.len(),
            label: l,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use EntityLabel::*;

    #[test]
    fn iob1_and_bilou_roundtrip() {
        // IOB1: B- only between two adjacent entities of one type.
        let tags = ["I-PER", "I-PER", "B-PER", "O", "I-LOC", "I-ORG", "O"];
        let spans = conll_tags_to_spans(&tags);
        assert_eq!(
            spans,
            vec![
                TagSpan {
                    start: 0,
                    end: 2,
                    label: Per
                },
                TagSpan {
                    start: 2,
                    end: 3,
                    label: Per
                },
                TagSpan {
                    start: 4,
                    end: 5,
                    label: Loc
                },
                TagSpan {
                    start: 5,
                    end: 6,
                    label: Org
                },
            ]
        );
        let classes = spans_to_classes(&spans, tags.len());
        assert_eq!(classes_to_spans(&classes), spans);
        for w in classes.windows(2) {
            assert!(allowed(w[0], w[1]), "{w:?}");
        }
        assert!(!allowed(0, class(Per, Pos::I)));
        assert!(!allowed(class(Per, Pos::B), class(Loc, Pos::L)));
        assert!(!can_end(class(Org, Pos::B)));
        let bio = spans_to_bio(&spans, tags.len());
        assert_eq!(bio[2], Bio::B(Per));
        assert_eq!(bio[1].to_conll(), "I-PER");
        assert_eq!(class_names().len(), N_CLASSES);
        for c in 0..N_CLASSES {
            match decode(c) {
                None => assert_eq!(c, 0),
                Some((l, p)) => assert_eq!(class(l, p), c),
            }
        }
    }
}
