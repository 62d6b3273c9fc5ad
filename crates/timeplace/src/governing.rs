//! Which time expression dates a stretch of text (for the events stage).

use chronicler_doc::{CompactString, Document, Granularity, Span, TimeExpr, TimeModifier};
use chrono::Datelike;

/// The time that dates an event: a time expression of its sentence, or the
/// publication date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventTime {
    /// ISO-like value (`2018-05-07`, `2018-03`).
    pub value: CompactString,
    /// Precision; [`Granularity::Document`] when it is the publication date.
    pub granularity: Granularity,
    /// Fuzzy modifier of the expression, if any.
    pub modifier: Option<TimeModifier>,
    /// The expression's span; `None` for the publication-date fallback.
    pub span: Option<Span>,
}

/// The time expression governing `span` (an event trigger, a clause), else
/// the publication date.
///
/// Rule: among the `times` that place something in time (not durations or
/// sets) and lie in the same sentence as `span` (the document's sentences
/// when set, else the text between sentence-final punctuation or line
/// breaks), take the one in the same clause (no `;` or sentence-internal
/// quote boundary between them), nearest by bytes; expressions after the
/// span count 1.5 times their distance, since English dates usually follow
/// the verb but a later one often belongs to another clause. Without one,
/// return `doc.meta.date` with granularity `Document`; `None` when the
/// document has no date either.
///
/// ```
/// use chronicler_doc::{Document, Meta, NaiveDate, Span, Granularity};
/// use chronicler_timeplace::{governing_time, TimeTagger};
/// let mut meta = Meta::default();
/// meta.date = NaiveDate::from_ymd_opt(2020, 2, 14);
/// let doc = Document::new(meta, "Rebels seized the town on Tuesday. Aid arrived.".into());
/// let times = TimeTagger::new().annotate(&doc);
/// let seized = Span::new(7, 13);
/// assert_eq!(governing_time(&doc, &times, seized).unwrap().value, "2020-02-11");
/// let arrived = Span::new(39, 46);
/// let t = governing_time(&doc, &times, arrived).unwrap();
/// assert_eq!((t.value.as_str(), t.granularity), ("2020-02-14", Granularity::Document));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn governing_time(doc: &Document, times: &[TimeExpr], span: Span) -> Option<EventTime> {
    let text = doc.text();
    let sent = sentence_of(doc, span);
    let mut best: Option<(u64, &TimeExpr)> = None;
    for t in times {
        if matches!(t.granularity, Granularity::Duration | Granularity::Set)
            || !sent.contains(t.span)
        {
            continue;
        }
        let (a, b, after) = if t.span.start >= span.end {
            (span.end(), t.span.start(), true)
        } else if t.span.end <= span.start {
            (t.span.end(), span.start(), false)
        } else {
            (0, 0, false)
        };
        let between = text.get(a..b).unwrap_or("");
        if between.contains(';') {
            continue;
        }
        let mut d = (b - a) as u64 * 2;
        if after {
            d = d * 3 / 2;
        }
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, t));
        }
    }
    if let Some((_, t)) = best {
        return Some(EventTime {
            value: t.value.clone(),
            granularity: t.granularity,
            modifier: t.modifier,
            span: Some(t.span),
        });
    }
    let d = doc.meta.date?;
    Some(EventTime {
        value: CompactString::from(format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())),
        granularity: Granularity::Document,
        modifier: None,
        span: None,
    })
}

/// The sentence span holding `span`.
fn sentence_of(doc: &Document, span: Span) -> Span {
    let sents = doc.sentences();
    if !sents.is_empty() {
        let k = sents.partition_point(|s| s.span.end <= span.start);
        if let Some(s) = sents.get(k) {
            return s.span.cover(span);
        }
    }
    let text = doc.text();
    let bytes = text.as_bytes();
    let is_end = |i: usize| {
        matches!(bytes.get(i), Some(b'\n'))
            || (matches!(bytes.get(i), Some(b'.' | b'!' | b'?'))
                && matches!(bytes.get(i + 1), None | Some(b' ' | b'\n' | b'\r' | b'"')))
    };
    let mut a = span.start().min(text.len());
    while a > 0 && !is_end(a - 1) {
        a -= 1;
    }
    let mut b = span.end().min(text.len());
    while b < text.len() && !is_end(b) {
        b += 1;
    }
    Span::new(a, b.max(a)).cover(span)
}
