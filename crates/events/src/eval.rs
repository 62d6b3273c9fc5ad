//! Evaluation against the development gold standards: the PLOVER GSR
//! (CAMEO manual examples coded in PLOVER) and the ConfliBERT CAMEO
//! penta-class and source/target span files.
//!
//! The functions take the annotation pipeline as a closure (text, optional
//! `YYYY-MM-DD` date → fully annotated document, without events), so the
//! binary can pass its own pipeline and this crate keeps depending on
//! `chronicler-doc` only.

use crate::{Error, EventCoder};
use chronicler_doc::{Document, Event, PloverEvent, Span};
use std::fmt;
use std::path::Path;

/// Annotates a text (with an optional publication date) up to, not
/// including, event coding.
pub type Annotate<'a> = &'a dyn Fn(&str, Option<&str>) -> Option<Document>;

fn read(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|e| Error::Eval {
        path: path.display().to_string(),
        message: e.to_string(),
    })
}

fn depth(doc: &Document, mut i: usize) -> usize {
    let mut d = 0;
    while let Some(h) = doc.parse().get(i).and_then(|x| x.head) {
        d += 1;
        i = h as usize;
        if d > 64 {
            break;
        }
    }
    d
}

/// The event a one-sentence record is about: the one whose trigger is
/// closest to the root of the parse (then the first).
pub fn primary_event<'a>(doc: &Document, events: &'a [Event]) -> Option<&'a Event> {
    events.iter().min_by_key(|e| {
        let t = doc
            .tokens()
            .partition_point(|t| t.span.end <= e.trigger.start);
        (depth(doc, t), e.trigger.start)
    })
}

/// Maps the PLOVER draft 0.5b1 names of the GSR to PLOVER 2.0 types.
pub fn map_gsr_type(name: &str) -> Option<PloverEvent> {
    match name {
        "FIGHT" => Some(PloverEvent::Assault),
        "DEMAND" => Some(PloverEvent::Request),
        "DISAPPROVE" | "INVESTIGATE" => Some(PloverEvent::Accuse),
        other => PloverEvent::parse(other),
    }
}

/// Figures on the PLOVER GSR.
#[derive(Debug, Clone, Default)]
pub struct GsrReport {
    /// Records with a text and a codable event type.
    pub records: usize,
    /// Records with no event coded at all.
    pub no_event: usize,
    /// Records whose primary event has the gold type.
    pub type_top: usize,
    /// Records where some coded event has the gold type.
    pub type_any: usize,
    /// Matched records (primary type correct) with a gold source.
    pub source_total: usize,
    /// ... whose coded source country equals one of the gold sources'.
    pub source_agree: usize,
    /// Matched records with a gold target.
    pub target_total: usize,
    /// ... whose coded target country equals one of the gold targets'.
    pub target_agree: usize,
    /// Matched records whose source country disagrees: (gold codes, coded
    /// source, sentence).
    pub source_misses: Vec<(String, String, String)>,
    /// Matched records whose target country disagrees: (gold codes, coded
    /// target, sentence).
    pub target_misses: Vec<(String, String, String)>,
    /// (gold, predicted, sentence) type confusions of the primary event.
    pub confusions: Vec<(String, String, String)>,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

impl fmt::Display for GsrReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "PLOVER GSR: {} records, {} without any event",
            self.records, self.no_event
        )?;
        writeln!(
            f,
            "  event type accuracy (primary event): {:.3}",
            ratio(self.type_top, self.records)
        )?;
        writeln!(
            f,
            "  event type accuracy (any event):     {:.3}",
            ratio(self.type_any, self.records)
        )?;
        writeln!(
            f,
            "  source country agreement on matched: {:.3} ({}/{})",
            ratio(self.source_agree, self.source_total),
            self.source_agree,
            self.source_total
        )?;
        write!(
            f,
            "  target country agreement on matched: {:.3} ({}/{})",
            ratio(self.target_agree, self.target_total),
            self.target_agree,
            self.target_total
        )
    }
}

fn gold_codes(v: Option<&serde_json::Value>) -> Vec<String> {
    let Some(serde_json::Value::Array(a)) = v else {
        return Vec::new();
    };
    a.iter()
        .filter_map(|x| x.get("code").and_then(|c| c.as_str()))
        .filter_map(|c| country(Some(c)))
        .collect()
}

/// The country-level class of an actor code, as the GSR and the coder can
/// both express it: the first three letters (ISO 3166 alpha-3 country, or a
/// PLOVER / CAMEO non-state prefix), with three corrections:
///
/// - `JAP`, `ITL`, `VTN` are not ISO codes; the GSR uses them for Japan,
///   Italy and Vietnam (its readme says every state carries its ISO code), so
///   they are read as `JPN`, `ITA`, `VNM`;
/// - the GSR (PLOVER draft 0.5b1) codes every international organisation
///   `IGO`, also Amnesty International and the Red Cross, which CAMEO and
///   PLOVER 2.0 code `NGO`; PLOVER 2.0 splits `UNO` and `EUR` off `IGO`. At
///   the country level these are all "an international organisation, no
///   country", so `IGO`, `NGO`, `UNO`, `EUR` compare as one class `IGO`;
/// - sector-only codes (`GOV`, `MIL`, `REB`, ...) carry no country and
///   never agree with anything.
pub fn country(code: Option<&str>) -> Option<String> {
    let c: String = code?
        .chars()
        .take(3)
        .collect::<String>()
        .to_ascii_uppercase();
    if c.len() < 3 {
        return None;
    }
    Some(match c.as_str() {
        "JAP" => "JPN".into(),
        "ITL" => "ITA".into(),
        "VTN" => "VNM".into(),
        "NGO" | "UNO" | "EUR" => "IGO".into(),
        _ => c,
    })
}

/// Codes every GSR record and compares type and source/target countries.
pub fn plover_gsr(path: &Path, coder: &EventCoder, annotate: Annotate) -> Result<GsrReport, Error> {
    let text = read(path)?;
    let recs: Vec<serde_json::Value> = serde_json::from_str(&text).map_err(|e| Error::Eval {
        path: path.display().to_string(),
        message: format!("expected a JSON array: {e}"),
    })?;
    let mut r = GsrReport::default();
    for rec in &recs {
        let (Some(sentence), Some(gold)) = (
            rec.get("text").and_then(|t| t.as_str()),
            rec.get("event")
                .and_then(|t| t.as_str())
                .and_then(map_gsr_type),
        ) else {
            continue;
        };
        r.records += 1;
        let Some(doc) = annotate(sentence, rec.get("date").and_then(|d| d.as_str())) else {
            r.no_event += 1;
            continue;
        };
        let events = coder.annotate(&doc);
        if events.is_empty() {
            r.no_event += 1;
            r.confusions
                .push((gold.as_str().into(), "-".into(), sentence.into()));
            continue;
        }
        if events.iter().any(|e| e.event == gold) {
            r.type_any += 1;
        }
        let Some(p) = primary_event(&doc, &events) else {
            continue;
        };
        if p.event != gold {
            r.confusions.push((
                gold.as_str().into(),
                p.event.as_str().into(),
                sentence.into(),
            ));
            continue;
        }
        r.type_top += 1;
        let gs = gold_codes(rec.get("source"));
        let gt = gold_codes(rec.get("target"));
        let same_type: Vec<&Event> = events.iter().filter(|e| e.event == gold).collect();
        if !gs.is_empty() {
            r.source_total += 1;
            if same_type.iter().any(|e| {
                country(e.source.as_ref().and_then(|a| a.code.as_deref()))
                    .is_some_and(|c| gs.contains(&c))
            }) {
                r.source_agree += 1;
            } else {
                let got: Vec<String> = same_type
                    .iter()
                    .map(|e| {
                        e.source
                            .as_ref()
                            .map(|a| format!("{}={:?}", a.name, a.code))
                            .unwrap_or("-".into())
                    })
                    .collect();
                r.source_misses
                    .push((gs.join(","), got.join(" | "), sentence.into()));
            }
        }
        if !gt.is_empty() {
            r.target_total += 1;
            if same_type.iter().any(|e| {
                country(e.target.as_ref().and_then(|a| a.code.as_deref()))
                    .is_some_and(|c| gt.contains(&c))
            }) {
                r.target_agree += 1;
            } else {
                let got: Vec<String> = same_type
                    .iter()
                    .map(|e| {
                        e.target
                            .as_ref()
                            .map(|a| format!("{}={:?}", a.name, a.code))
                            .unwrap_or("-".into())
                    })
                    .collect();
                r.target_misses
                    .push((gt.join(","), got.join(" | "), sentence.into()));
            }
        }
    }
    Ok(r)
}

/// CAMEO penta-class of a code: 0 = 01–02, 1 = 03–05, 2 = 06–08, 3 = 09–13, 4 = 14–20.
pub fn penta_class(cameo: &str) -> Option<u8> {
    let root: u32 = cameo.get(..2)?.parse().ok()?;
    Some(match root {
        1..=2 => 0,
        3..=5 => 1,
        6..=8 => 2,
        9..=13 => 3,
        14..=20 => 4,
        _ => return None,
    })
}

/// Figures on the ConfliBERT files.
#[derive(Debug, Clone, Default)]
pub struct ConfliReport {
    /// Sentences classified.
    pub sentences: usize,
    /// Sentences with at least one event.
    pub with_event: usize,
    /// Correct classes (sentences without an event count as class 0).
    pub correct: usize,
    /// Correct classes among sentences with an event.
    pub correct_with_event: usize,
    /// Misclassified sentences: (gold class, predicted class, sentence).
    pub misses: Vec<(u8, Option<u8>, String)>,
    /// Span sentences read.
    pub span_sentences: usize,
    /// Source spans: gold, predicted, exact matches, overlapping matches.
    pub source: [usize; 4],
    /// Target spans: gold, predicted, exact matches, overlapping matches.
    pub target: [usize; 4],
}

fn f1(x: [usize; 4], k: usize) -> f64 {
    let p = ratio(x[k], x[1]);
    let r = ratio(x[k], x[0]);
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

impl fmt::Display for ConfliReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "ConfliBERT penta-class: {} sentences, {} with an event; accuracy {:.3} (no event = class 0), {:.3} on sentences with an event",
            self.sentences,
            self.with_event,
            ratio(self.correct, self.sentences),
            ratio(self.correct_with_event, self.with_event)
        )?;
        write!(
            f,
            "ConfliBERT spans ({} sentences): source F1 exact {:.3} / overlap {:.3}; target F1 exact {:.3} / overlap {:.3}",
            self.span_sentences,
            f1(self.source, 2),
            f1(self.source, 3),
            f1(self.target, 2),
            f1(self.target, 3)
        )
    }
}

/// Classifies `cameo_class_train.tsv` (sentence TAB label) and scores the
/// source/target spans of `cameo_ner_train.txt` (token TAG, blank line between
/// sentences; S source, T target, R both). `limit` caps the sentences read
/// from each file.
pub fn conflibert(
    class_path: &Path,
    ner_path: &Path,
    coder: &EventCoder,
    annotate: Annotate,
    limit: usize,
) -> Result<ConfliReport, Error> {
    let mut r = ConfliReport::default();
    for line in read(class_path)?.lines().take(limit) {
        let Some((sentence, label)) = line.rsplit_once('\t') else {
            continue;
        };
        let Ok(label) = label.trim().parse::<u8>() else {
            continue;
        };
        r.sentences += 1;
        let Some(doc) = annotate(sentence, None) else {
            continue;
        };
        let events = coder.annotate(&doc);
        let pred = primary_event(&doc, &events)
            .and_then(|e| e.cameo.as_deref())
            .and_then(penta_class);
        if pred.is_some() {
            r.with_event += 1;
            if pred == Some(label) {
                r.correct_with_event += 1;
            }
        }
        if pred.unwrap_or(0) == label {
            r.correct += 1;
        } else {
            r.misses.push((label, pred, sentence.to_string()));
        }
    }
    let text = read(ner_path)?;
    let mut sent: Vec<(String, String)> = Vec::new();
    let mut n = 0;
    for line in text.lines().chain(std::iter::once("")) {
        let line = line.trim_end();
        if line.is_empty() {
            if !sent.is_empty() && n < limit {
                n += 1;
                score_spans(&sent, coder, annotate, &mut r);
            }
            sent.clear();
            continue;
        }
        if let Some((tok, tag)) = line.rsplit_once(' ') {
            sent.push((tok.to_string(), tag.to_string()));
        }
    }
    r.span_sentences = n;
    Ok(r)
}

fn gold_spans(sent: &[(String, String)], offs: &[(usize, usize)], role: char) -> Vec<Span> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, usize)> = None;
    for (i, (_, tag)) in sent.iter().enumerate() {
        let (bio, r) = tag.split_once('-').unwrap_or((tag.as_str(), ""));
        let hit = r.starts_with(role) || r.starts_with('R');
        if hit && (bio == "I") && cur.is_some() {
            if let Some(c) = cur.as_mut() {
                c.1 = offs[i].1;
            }
            continue;
        }
        if let Some(c) = cur.take() {
            out.push(Span::new(c.0, c.1));
        }
        if hit {
            cur = Some(offs[i]);
        }
    }
    if let Some(c) = cur {
        out.push(Span::new(c.0, c.1));
    }
    out
}

fn score_spans(
    sent: &[(String, String)],
    coder: &EventCoder,
    annotate: Annotate,
    r: &mut ConfliReport,
) {
    let mut text = String::new();
    let mut offs = Vec::with_capacity(sent.len());
    for (tok, _) in sent {
        if !text.is_empty() {
            text.push(' ');
        }
        offs.push((text.len(), text.len() + tok.len()));
        text.push_str(tok);
    }
    let gs = gold_spans(sent, &offs, 'S');
    let gt = gold_spans(sent, &offs, 'T');
    let events = annotate(&text, None)
        .map(|d| coder.annotate(&d))
        .unwrap_or_default();
    // implicit arguments (empty span: "the government" of a protest) name
    // no text and are not span predictions
    let mut ps: Vec<Span> = events
        .iter()
        .filter_map(|e| e.source.as_ref().map(|a| a.span))
        .filter(|s| !s.is_empty())
        .collect();
    let mut pt: Vec<Span> = events
        .iter()
        .filter_map(|e| e.target.as_ref().map(|a| a.span))
        .filter(|s| !s.is_empty())
        .collect();
    for v in [&mut ps, &mut pt] {
        v.sort();
        v.dedup();
    }
    for (gold, pred, acc) in [(&gs, &ps, &mut r.source), (&gt, &pt, &mut r.target)] {
        acc[0] += gold.len();
        acc[1] += pred.len();
        acc[2] += pred.iter().filter(|p| gold.contains(p)).count();
        acc[3] += pred
            .iter()
            .filter(|p| gold.iter().any(|g| g.overlaps(**p)))
            .count();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn penta_classes() {
        assert_eq!(penta_class("042"), Some(1));
        assert_eq!(penta_class("1054"), Some(3));
        assert_eq!(penta_class("190"), Some(4));
        assert_eq!(penta_class("010"), Some(0));
        assert_eq!(penta_class("x"), None);
    }

    #[test]
    fn gsr_names_map() {
        assert_eq!(map_gsr_type("FIGHT"), Some(PloverEvent::Assault));
        assert_eq!(map_gsr_type("DEMAND"), Some(PloverEvent::Request));
        assert_eq!(map_gsr_type("INVESTIGATE"), Some(PloverEvent::Accuse));
        assert_eq!(map_gsr_type("DOCUMENT"), None);
    }

    #[test]
    fn country_classes() {
        assert_eq!(country(Some("ISRCOP")).as_deref(), Some("ISR"));
        assert_eq!(country(Some("JAP")).as_deref(), Some("JPN"));
        assert_eq!(country(Some("NGOHRI")).as_deref(), Some("IGO"));
        assert_eq!(country(Some("IGOUNO")).as_deref(), Some("IGO"));
        assert_eq!(country(Some("GOV")).as_deref(), Some("GOV"));
        assert_eq!(country(Some("X")), None);
        assert_eq!(country(None), None);
    }

    #[test]
    fn bio_spans() {
        let sent: Vec<(String, String)> = [("A", "B-S"), ("b", "I-S"), ("hit", "O"), ("C", "B-R")]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        let offs = vec![(0, 1), (2, 3), (4, 7), (8, 9)];
        assert_eq!(
            gold_spans(&sent, &offs, 'S'),
            vec![Span::new(0, 3), Span::new(8, 9)]
        );
        assert_eq!(gold_spans(&sent, &offs, 'T'), vec![Span::new(8, 9)]);
    }
}
