//! Scoring against attribution corpora in brat standoff (PolNeAR).
//!
//! PolNeAR annotates every attribution relation (`E` lines tying a `Source`,
//! a `Cue` and a `Content` span); we keep those whose cue holds a speech verb
//! of our lexicon or "according" ([`gold_filter`]), and score:
//! - **units**: consecutive direct quotes of one speaker in one paragraph
//!   (`"A," she said. "B."`) are one attribution, as PolNeAR has them, unless
//!   the later one has a cue of its own (`"A," she said. Then she added: "B."`).
//! - **content**: a predicted quote matches a gold content when their token
//!   overlap is at least 30% of the longer of the two (greedy one-to-one, in
//!   text order). Recall = matched kept gold / kept gold; precision = matched
//!   predictions / (matched + predictions overlapping no gold attribution at
//!   all). A prediction that matches only a filtered-out attribution (a
//!   belief, an intention), or that lies (half or more) inside a gold
//!   attribution already matched — the second piece of `"A," she said.
//!   "B."`, which PolNeAR annotates as one attribution — is neither right
//!   nor wrong.
//! - **speaker**: on matched pairs, correct when our speaker mention overlaps
//!   a gold source fragment, the gold source is a mention of our speaker's
//!   actor, or the source's last word appears in our speaker name.

use crate::{Error, QuoteExtractor};
use chronicler_doc::{Align, Document, OffsetMap, Quote, QuoteKind, Span};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// One gold attribution relation (byte spans; discontinuous spans are kept
/// as their fragments).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldAttribution {
    /// Source fragments (may be empty).
    pub source: Vec<Span>,
    /// Cue fragments.
    pub cue: Vec<Span>,
    /// Content fragments.
    pub content: Vec<Span>,
}

impl GoldAttribution {
    /// Span covering all content fragments.
    pub fn content_cover(&self) -> Option<Span> {
        let first = *self.content.first()?;
        Some(self.content.iter().fold(first, |a, b| a.cover(*b)))
    }
}

/// Parses a brat `.ann` file whose character offsets point into `text`.
pub fn parse_brat(file: &str, ann: &str, text: &str) -> Result<Vec<GoldAttribution>, Error> {
    let map = OffsetMap::new(text);
    let mut spans: std::collections::HashMap<&str, Vec<Span>> = Default::default();
    let mut rels: Vec<(usize, &str)> = Vec::new();
    let err = |line: usize, message: String| Error::Gold {
        file: file.to_string(),
        line,
        message,
    };
    for (n, line) in ann.lines().enumerate() {
        let line_no = n + 1;
        let mut cols = line.splitn(3, '\t');
        let id = cols.next().unwrap_or("");
        let body = cols.next().unwrap_or("");
        if id.starts_with('T') {
            let mut parts = body.splitn(2, ' ');
            let _label = parts.next();
            let offs = parts.next().ok_or_else(|| {
                err(
                    line_no,
                    format!("expected offsets after the label, found {body:?}"),
                )
            })?;
            let mut frags = Vec::new();
            for frag in offs.split(';') {
                let mut se = frag.split_whitespace();
                let (Some(s), Some(e)) = (se.next(), se.next()) else {
                    return Err(err(
                        line_no,
                        format!("expected `start end`, found {frag:?}"),
                    ));
                };
                let (Ok(s), Ok(e)) = (s.parse::<u32>(), e.parse::<u32>()) else {
                    return Err(err(
                        line_no,
                        format!("expected numeric offsets, found {frag:?}"),
                    ));
                };
                let cs = chronicler_doc::CharSpan {
                    start: s.min(e),
                    end: e.max(s),
                };
                let bs = map.byte_span(cs).ok_or_else(|| {
                    err(
                        line_no,
                        format!(
                            "offsets {s}-{e} outside the text ({} chars)",
                            map.char_len()
                        ),
                    )
                })?;
                frags.push(bs);
            }
            spans.insert(id, frags);
        } else if id.starts_with('E') {
            rels.push((line_no, body));
        }
    }
    let mut out = Vec::new();
    for (line_no, body) in rels {
        let mut g = GoldAttribution {
            source: vec![],
            cue: vec![],
            content: vec![],
        };
        for arg in body.split_whitespace() {
            let Some((role, tid)) = arg.split_once(':') else {
                continue;
            };
            let frags = spans.get(tid).cloned().unwrap_or_default();
            match role {
                "Source" => g.source.extend(frags),
                "Cue" => g.cue.extend(frags),
                "Content" => g.content.extend(frags),
                _ => {}
            }
        }
        if g.content.is_empty() {
            let _ = line_no;
            continue;
        }
        out.push(g);
    }
    Ok(out)
}

/// True when a gold attribution's cue holds a speech verb of the lexicon or
/// "according" (the attributions a quote extractor should find).
pub fn gold_filter(qx: &QuoteExtractor, text: &str, g: &GoldAttribution) -> bool {
    g.cue.iter().any(|s| {
        s.get(text).is_some_and(|t| {
            t.split(|c: char| !c.is_alphabetic()).any(|w| {
                matches!(
                    qx.cue_kind(w),
                    Some(crate::CueKind::Speech | crate::CueKind::AccordingTo)
                )
            })
        })
    })
}

/// Counts from scoring one or more documents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Kept gold attributions.
    pub gold: usize,
    /// Predictions counted (matched or overlapping no gold).
    pub predicted: usize,
    /// Matched pairs.
    pub matched: usize,
    /// Matched pairs whose speaker is right.
    pub speaker_ok: usize,
}

impl Counts {
    /// Counts a prediction matched to a gold attribution, its speaker right
    /// or not.
    fn count_match(&mut self, speaker_right: bool) {
        self.matched += 1;
        self.predicted += 1;
        if speaker_right {
            self.speaker_ok += 1;
        }
    }

    /// Adds another document's counts.
    pub fn add(&mut self, o: Counts) {
        self.gold += o.gold;
        self.predicted += o.predicted;
        self.matched += o.matched;
        self.speaker_ok += o.speaker_ok;
    }
    /// Precision.
    pub fn precision(&self) -> f64 {
        ratio(self.matched, self.predicted)
    }
    /// Recall.
    pub fn recall(&self) -> f64 {
        ratio(self.matched, self.gold)
    }
    /// F1.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    /// Speaker accuracy on matched pairs.
    pub fn speaker_accuracy(&self) -> f64 {
        ratio(self.speaker_ok, self.matched)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

fn token_count(doc: &Document, s: Span) -> (usize, usize) {
    match doc.tokens_in(s, Align::Expand) {
        Some(r) => (r.start as usize, r.end as usize),
        None => (0, 0),
    }
}

fn overlap(a: (usize, usize), b: (usize, usize)) -> f64 {
    let inter = a.1.min(b.1).saturating_sub(a.0.max(b.0));
    let longer = (a.1 - a.0).max(b.1 - b.0);
    if longer == 0 {
        0.0
    } else {
        inter as f64 / longer as f64
    }
}

/// What became of one predicted quote.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Outcome {
    /// Matched the kept gold attribution at this index (of `gold`).
    Matched(usize),
    /// Overlaps only filtered-out attributions: not counted.
    Neutral,
    /// Counted as wrong; the best overlap with any kept gold.
    Wrong(f64),
}

/// Consecutive direct quotes of one speaker in one paragraph form one
/// attribution (`"A," she said. "B."`), as PolNeAR annotates them, unless
/// the later one has a cue of its own: the ranges `(first, last)` of `pred`
/// indices.
fn attribution_groups(text: &str, pred: &[Quote]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (i, q) in pred.iter().enumerate() {
        if let Some(g) = out.last_mut() {
            let p = &pred[g.1];
            let same_para = text
                .get(p.span.end()..q.span.start())
                .is_some_and(|between| !between.contains('\n'));
            let same_speaker = match (&p.speaker, &q.speaker) {
                (Some(a), Some(b)) => a.name == b.name,
                _ => false,
            };
            // A quote with a cue of its own ("Then she added: \"B.\"") is an
            // attribution of its own in PolNeAR; only a continuation (no cue,
            // or the cue of the quote before it) joins the group.
            let continues = q.cue.is_none() || q.cue == p.cue;
            if p.kind == QuoteKind::Direct
                && q.kind == QuoteKind::Direct
                && same_para
                && same_speaker
                && continues
            {
                g.1 = i;
                continue;
            }
        }
        out.push((i, i));
    }
    out
}

/// Share of `a`'s tokens inside `b`.
fn inside_ratio(a: (usize, usize), b: (usize, usize)) -> f64 {
    let inter = a.1.min(b.1).saturating_sub(a.0.max(b.0));
    if a.1 <= a.0 {
        0.0
    } else {
        inter as f64 / (a.1 - a.0) as f64
    }
}

/// Scores the predicted quotes of one annotated document against its gold
/// attributions (see the module docs for the rules).
pub fn score(
    qx: &QuoteExtractor,
    doc: &Document,
    pred: &[Quote],
    gold: &[GoldAttribution],
) -> Counts {
    score_detail(qx, doc, pred, gold).0
}

/// [`score`] with the outcome of every prediction.
pub fn score_detail(
    qx: &QuoteExtractor,
    doc: &Document,
    pred: &[Quote],
    gold: &[GoldAttribution],
) -> (Counts, Vec<Outcome>) {
    let text = doc.text();
    let kept: Vec<usize> = (0..gold.len())
        .filter(|&i| gold_filter(qx, text, &gold[i]))
        .collect();
    let tok = |g: &GoldAttribution| g.content_cover().map_or((0, 0), |s| token_count(doc, s));
    let gold_tok: Vec<(usize, usize)> = kept.iter().map(|&i| tok(&gold[i])).collect();
    let all_tok: Vec<(usize, usize)> = gold.iter().map(tok).collect();
    let mut used = vec![false; kept.len()];
    let mut c = Counts {
        gold: kept.len(),
        ..Counts::default()
    };
    let mut out = Vec::with_capacity(pred.len());
    for (first, last) in attribution_groups(text, pred) {
        // PolNeAR is not consistent about `"A," she said. "B."`: mostly one
        // attribution, sometimes one for each quote. When two or more
        // members of a group each match an attribution of their own, they
        // are scored one by one.
        if last > first {
            let mut taken: Vec<(usize, usize)> = Vec::new();
            for (m, q) in pred.iter().enumerate().take(last + 1).skip(first) {
                let pt = token_count(doc, q.span);
                let best = best_gold(pt, &gold_tok, |i| used[i] || taken.iter().any(|t| t.1 == i));
                if let Some((i, o)) = best {
                    if o >= 0.3 {
                        taken.push((m, i));
                    }
                }
            }
            if taken.len() >= 2 {
                for (m, q) in pred.iter().enumerate().take(last + 1).skip(first) {
                    if let Some(&(_, i)) = taken.iter().find(|t| t.0 == m) {
                        used[i] = true;
                        c.count_match(speaker_ok(doc, q, &gold[kept[i]]));
                        out.push(Outcome::Matched(kept[i]));
                    } else {
                        let pt = token_count(doc, q.span);
                        out.push(unmatched(&mut c, pt, &used, &gold_tok, &all_tok));
                    }
                }
                continue;
            }
        }
        let q = &pred[first];
        let pt = {
            let a = token_count(doc, q.span);
            let b = token_count(doc, pred[last].span);
            (a.0, b.1.max(a.1))
        };
        let n = last - first + 1;
        match best_gold(pt, &gold_tok, |i| used[i]) {
            Some((i, o)) if o >= 0.3 => {
                used[i] = true;
                c.count_match(speaker_ok(doc, q, &gold[kept[i]]));
                out.extend(std::iter::repeat_n(Outcome::Matched(kept[i]), n));
            }
            _ => {
                let o = unmatched(&mut c, pt, &used, &gold_tok, &all_tok);
                out.extend(std::iter::repeat_n(o, n));
            }
        }
    }
    (c, out)
}

/// The gold content (index into `gold_tok`) that overlaps token range `pt`
/// most, among those not `taken`, with that overlap.
fn best_gold(
    pt: (usize, usize),
    gold_tok: &[(usize, usize)],
    taken: impl Fn(usize) -> bool,
) -> Option<(usize, f64)> {
    (0..gold_tok.len())
        .filter(|&i| !taken(i))
        .map(|i| (i, overlap(pt, gold_tok[i])))
        .max_by(|a, b| a.1.total_cmp(&b.1))
}

/// The outcome of a prediction (token range `pt`) that matched no kept gold
/// attribution: another piece of an attribution already matched (`"A," she
/// said. "B."` is one gold attribution), or an attribution we do not score,
/// is neither right nor wrong; anything else is wrong.
fn unmatched(
    c: &mut Counts,
    pt: (usize, usize),
    used: &[bool],
    gold_tok: &[(usize, usize)],
    all_tok: &[(usize, usize)],
) -> Outcome {
    let piece_of_matched =
        (0..gold_tok.len()).any(|i| used[i] && inside_ratio(pt, gold_tok[i]) >= 0.5);
    if piece_of_matched || all_tok.iter().any(|&g| overlap(pt, g) >= 0.3) {
        Outcome::Neutral
    } else {
        c.predicted += 1;
        Outcome::Wrong(best_gold(pt, gold_tok, |i| used[i]).map_or(0.0, |b| b.1))
    }
}

/// Whether a predicted quote names the speaker of a gold attribution (see the
/// module docs).
pub fn speaker_ok(doc: &Document, q: &Quote, g: &GoldAttribution) -> bool {
    let Some(sp) = &q.speaker else { return false };
    if g.source.is_empty() {
        return false;
    }
    if let Some(m) = sp.mention {
        if g.source.iter().any(|s| s.overlaps(m)) {
            return true;
        }
    }
    if let Some(id) = &sp.actor {
        if let Some(a) = doc.actors().iter().find(|a| a.id == *id) {
            if a.mentions
                .iter()
                .any(|m| g.source.iter().any(|s| s.overlaps(m.span)))
            {
                return true;
            }
        }
    }
    let name = sp.name.to_lowercase();
    g.source.iter().any(|s| {
        let t = doc.span_text(*s);
        t.split_whitespace()
            .rev()
            .find(|w| w.chars().next().is_some_and(char::is_uppercase))
            .is_some_and(|w| {
                let w = w
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase();
                w.len() > 1 && name.split_whitespace().any(|n| n == w)
            })
    })
}

/// One scored article, handed to the caller of [`polnear`] (for error
/// listings).
#[derive(Debug)]
pub struct ScoredArticle<'a> {
    /// File stem of the article.
    pub id: &'a str,
    /// The annotated document.
    pub doc: &'a Document,
    /// Its gold attributions (all, filtered or not).
    pub gold: &'a [GoldAttribution],
    /// The quotes the extractor found.
    pub predicted: &'a [Quote],
    /// The outcome of each predicted quote.
    pub outcomes: &'a [Outcome],
    /// The article's counts.
    pub counts: Counts,
}

/// Totals of [`polnear`].
#[derive(Debug, Clone, Default)]
pub struct PolnearReport {
    /// The corpus folder.
    pub dir: PathBuf,
    /// Articles scored.
    pub articles: usize,
    /// Articles skipped, with the reason (no annotation file, malformed
    /// annotations, annotation failed).
    pub skipped: Vec<String>,
    /// Tokens of the scored articles.
    pub tokens: usize,
    /// Summed counts.
    pub counts: Counts,
    /// Seconds spent in the quotes stage alone.
    pub quote_seconds: f64,
}

impl std::fmt::Display for PolnearReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let c = &self.counts;
        writeln!(
            f,
            "PolNeAR ({}, {} articles, {} skipped): gold {} predicted {} matched {} | P {:.3} R {:.3} F1 {:.3} | speaker accuracy {:.3} ({}/{})",
            self.dir.display(),
            self.articles,
            self.skipped.len(),
            c.gold,
            c.predicted,
            c.matched,
            c.precision(),
            c.recall(),
            c.f1(),
            c.speaker_accuracy(),
            c.speaker_ok,
            c.matched
        )?;
        write!(
            f,
            "quotes stage alone: {:.3} s for {} tokens ({:.0} tokens/s)",
            self.quote_seconds,
            self.tokens,
            self.tokens as f64 / self.quote_seconds.max(1e-9)
        )
    }
}

/// Scores the extractor on a PolNeAR folder (`text/NAME.txt` with
/// `attributions/NAME*.ann`; one annotator per article: the file named like
/// the text, else the first in name order). Every `every`-th article from
/// `offset` is used (`every` 1: all). `annotate(id, text)` must return the
/// document with the layers the quotes stage reads (up to actors), or `None`
/// to skip it; `each` sees every scored article.
pub fn polnear(
    dir: &Path,
    every: usize,
    offset: usize,
    qx: &QuoteExtractor,
    annotate: &dyn Fn(&str, String) -> Option<Document>,
    each: &mut dyn FnMut(&ScoredArticle<'_>),
) -> Result<PolnearReport, Error> {
    let io = |p: &Path, e: std::io::Error| Error::Io {
        path: p.display().to_string(),
        message: e.to_string(),
    };
    let list = |d: &Path| -> Result<Vec<PathBuf>, Error> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(d)
            .map_err(|e| io(d, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        v.sort();
        Ok(v)
    };
    let texts: Vec<PathBuf> = list(&dir.join("text"))?
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    let anns = list(&dir.join("attributions"))?;
    let every = every.max(1);
    let mut report = PolnearReport {
        dir: dir.to_path_buf(),
        ..PolnearReport::default()
    };
    for (k, path) in texts.iter().enumerate() {
        if k % every != offset % every {
            continue;
        }
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let own = dir.join("attributions").join(format!("{stem}.ann"));
        let ann_path = if anns.contains(&own) {
            own
        } else {
            match anns.iter().find(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(stem) && n.ends_with(".ann"))
            }) {
                Some(p) => p.clone(),
                None => {
                    report.skipped.push(format!("{stem}: no annotation file"));
                    continue;
                }
            }
        };
        let text = std::fs::read_to_string(path).map_err(|e| io(path, e))?;
        let ann = std::fs::read_to_string(&ann_path).map_err(|e| io(&ann_path, e))?;
        let gold = match parse_brat(&ann_path.display().to_string(), &ann, &text) {
            Ok(g) => g,
            Err(e) => {
                report.skipped.push(format!("{stem}: {e}"));
                continue;
            }
        };
        let Some(doc) = annotate(stem, text) else {
            report.skipped.push(format!("{stem}: annotation failed"));
            continue;
        };
        let t = Instant::now();
        let pred = qx.annotate(&doc);
        report.quote_seconds += t.elapsed().as_secs_f64();
        let (counts, outcomes) = score_detail(qx, &doc, &pred, &gold);
        report.articles += 1;
        report.tokens += doc.tokens().len();
        report.counts.add(counts);
        each(&ScoredArticle {
            id: stem,
            doc: &doc,
            gold: &gold,
            predicted: &pred,
            outcomes: &outcomes,
            counts,
        });
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chronicler_doc::Speaker;

    #[test]
    fn brat_relations_parse_with_char_offsets() {
        let text = "“Ça va,” Ana said.";
        let ann = "T1\tSource 9 12\tAna\nT2\tCue 13 17\tsaid\nT3\tContent 1 7\tÇa va,\n\
                   T4\tAttribution 13 17\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n";
        let g = parse_brat("x.ann", ann, text).expect("parses");
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].content[0].get(text), Some("Ça va,"));
        assert_eq!(g[0].source[0].get(text), Some("Ana"));
        assert!(gold_filter(&QuoteExtractor::new(), text, &g[0]));
        assert!(parse_brat("x.ann", "T1\tSource 9\tAna\n", text).is_err());
        assert!(parse_brat("x.ann", "T1\tSource 9 999\tAna\n", text).is_err());
    }

    /// A document of three direct quotes by Ana in one paragraph (the third
    /// with a cue of its own), our quotes of it, and the byte spans of
    /// the three quotes' contents.
    fn three_quotes() -> (Document, Vec<Quote>, [Span; 3]) {
        let text = "\u{201c}We will win the vote in the north,\u{201d} Ana said. \
                    \u{201c}Our people are ready for it now.\u{201d} Then Ana added: \
                    \u{201c}The south will follow us soon.\u{201d}";
        let mut doc = Document::new(chronicler_doc::Meta::default(), text.to_string());
        let (sents, toks) = chronicler_segment::Segmenter::new().segment(doc.text());
        doc.set_segmentation(sents, toks).expect("segmentation");
        let span = |s: &str| {
            let a = text.find(s).expect("in text");
            Span::new(a, a + s.len())
        };
        let spans = [
            span("We will win the vote in the north,"),
            span("Our people are ready for it now."),
            span("The south will follow us soon."),
        ];
        let ana = Speaker {
            name: "Ana".into(),
            actor: None,
            description: None,
            mention: Some(span("Ana")),
        };
        let quote = |i: usize, cue: Option<&str>| Quote {
            kind: QuoteKind::Direct,
            span: spans[i],
            cue: cue.map(span),
            speaker: Some(ana.clone()),
        };
        let pred = vec![
            quote(0, Some("said")),
            quote(1, None),
            quote(2, Some("added")),
        ];
        (doc, pred, spans)
    }

    fn gold(content: Vec<Span>, doc: &Document) -> GoldAttribution {
        let t = doc.text();
        let ana = Span::new(t.find("Ana").unwrap_or(0), t.find("Ana").unwrap_or(0) + 3);
        let said = Span::new(t.find("said").unwrap_or(0), t.find("said").unwrap_or(0) + 4);
        GoldAttribution {
            source: vec![ana],
            cue: vec![said],
            content,
        }
    }

    #[test]
    fn continuation_quotes_score_as_one_attribution_or_as_their_own() {
        let qx = QuoteExtractor::new();
        let (doc, pred, s) = three_quotes();
        // Gold has the continuation inside the first attribution: our first
        // two quotes are one unit; the third, with its own cue, is another.
        let g = vec![gold(vec![s[0], s[1]], &doc), gold(vec![s[2]], &doc)];
        let c = score(&qx, &doc, &pred, &g);
        assert_eq!((c.gold, c.predicted, c.matched, c.speaker_ok), (2, 2, 2, 2));
        // Gold has one attribution per quote: each of ours matches its own.
        let g = vec![
            gold(vec![s[0]], &doc),
            gold(vec![s[1]], &doc),
            gold(vec![s[2]], &doc),
        ];
        let c = score(&qx, &doc, &pred, &g);
        assert_eq!((c.gold, c.predicted, c.matched), (3, 3, 3));
    }

    #[test]
    fn counts_compute_scores() {
        let c = Counts {
            gold: 4,
            predicted: 4,
            matched: 3,
            speaker_ok: 2,
        };
        assert!((c.f1() - 0.75).abs() < 1e-9);
        assert!((c.speaker_accuracy() - 2.0 / 3.0).abs() < 1e-9);
    }
}
