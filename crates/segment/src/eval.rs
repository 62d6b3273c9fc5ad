//! Sentence and token scores against a CoNLL-U treebank (UD English EWT).
//!
//! The documents and scoring rules are those of `segment-conllu` in the
//! project's shared `tools/README.md` (spaCy's reference figures use them):
//! - a document starts at each `# newdoc` comment (the whole file is one
//!   document when there is none); its sentences' `# text` values are joined
//!   by one space, or by `"\n"` where `# newpar` opens the sentence's
//!   paragraph; a sentence without `# text` is spelt from FORM and
//!   `SpaceAfter=No`;
//! - gold sentences are the ranges of each `# text`; a predicted sentence
//!   (trimmed by construction) matches when start and end are both equal;
//! - gold tokens are the surface tokens: a multiword token (`3-4 don't`)
//!   counts once, as its range line; `words` splits multiword tokens into
//!   their UD words where their forms spell the surface form;
//! - every figure is exact-match precision, recall and F1 over spans.
//!
//! Offsets here are bytes, not code points: for exact matching that is the
//! same thing.

use crate::{Error, Segmenter};
use rustc_hash::FxHashSet;
use std::path::Path;

/// Precision, recall and F1 of exact span matches.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Prf {
    /// Correct / predicted.
    pub precision: f64,
    /// Correct / gold.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// Gold items.
    pub gold: usize,
    /// Predicted items.
    pub predicted: usize,
    /// Items both gold and predicted.
    pub correct: usize,
}

impl Prf {
    /// Scores from counts.
    pub fn from_counts(gold: usize, predicted: usize, correct: usize) -> Prf {
        let p = if predicted > 0 {
            correct as f64 / predicted as f64
        } else {
            0.0
        };
        let r = if gold > 0 {
            correct as f64 / gold as f64
        } else {
            0.0
        };
        let f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        Prf {
            precision: p,
            recall: r,
            f1,
            gold,
            predicted,
            correct,
        }
    }
}

impl std::fmt::Display for Prf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "P {:.4}  R {:.4}  F1 {:.4}  (gold {}, predicted {}, correct {})",
            self.precision, self.recall, self.f1, self.gold, self.predicted, self.correct
        )
    }
}

/// Scores of a segmenter on a treebank.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct SegEval {
    /// Documents rebuilt.
    pub documents: usize,
    /// Sentence boundaries (exact start and end).
    pub sentences: Prf,
    /// Surface tokens (a multiword token counts once).
    pub tokens: Prf,
    /// Syntactic words (multiword tokens split into their words).
    pub words: Prf,
}

/// One document rebuilt from a treebank: its text and gold spans (bytes).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoldDoc {
    /// The rebuilt text.
    pub text: String,
    /// Sentence spans.
    pub sentences: Vec<(usize, usize)>,
    /// Surface-token spans.
    pub tokens: Vec<(usize, usize)>,
    /// Word spans (multiword tokens split where their forms spell them).
    pub words: Vec<(usize, usize)>,
}

#[derive(Default)]
struct RawSent {
    newdoc: bool,
    newpar: bool,
    text: Option<String>,
    /// (form, space_after, word forms)
    tokens: Vec<(String, bool, Vec<String>)>,
}

/// Reads a CoNLL-U file into documents.
pub fn read_conllu(path: &Path) -> Result<Vec<GoldDoc>, Error> {
    let src = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse_conllu(&src, path)
}

/// Parses CoNLL-U text (`path` is only used in messages).
pub fn parse_conllu(src: &str, path: &Path) -> Result<Vec<GoldDoc>, Error> {
    let bad = |line: usize, message: String| Error::Conllu {
        path: path.to_path_buf(),
        line,
        message,
    };
    let mut docs: Vec<GoldDoc> = Vec::new();
    let mut sent = RawSent::default();
    let mut pending = 0usize;
    let mut lines = src.lines().enumerate().peekable();
    loop {
        let (n, line) = match lines.next() {
            Some((i, l)) => (i + 1, Some(l.trim_end_matches('\r'))),
            None => (src.lines().count() + 1, None),
        };
        let line_is_blank = match line {
            Some(l) => l.trim().is_empty(),
            None => true,
        };
        if let Some(l) = line {
            if let Some(comment) = l.strip_prefix('#') {
                let (key, value) = comment.split_once('=').unwrap_or((comment, ""));
                match key.split_whitespace().next().unwrap_or("") {
                    "newdoc" => sent.newdoc = true,
                    "newpar" => sent.newpar = true,
                    "text" => sent.text = Some(value.trim().to_string()),
                    _ => {}
                }
                continue;
            }
        }
        if line_is_blank {
            if !sent.tokens.is_empty() {
                add_sentence(&mut docs, std::mem::take(&mut sent), n, &bad)?;
            } else if line.is_some() {
                // Comments before a blank line without tokens: keep flags.
            }
            pending = 0;
            if line.is_none() {
                break;
            }
            continue;
        }
        let l = line.unwrap_or("");
        let cols: Vec<&str> = l.split('\t').collect();
        if cols.len() != 10 {
            return Err(bad(
                n,
                format!("expected 10 tab-separated columns, found {}", cols.len()),
            ));
        }
        let (id, form) = (cols[0], cols[1]);
        let space = !cols[9].split('|').any(|m| m == "SpaceAfter=No");
        if id.contains('.') {
            continue;
        }
        if let Some((a, b)) = id.split_once('-') {
            let (a, b): (usize, usize) = match (a.parse(), b.parse()) {
                (Ok(a), Ok(b)) if b >= a => (a, b),
                _ => {
                    return Err(bad(
                        n,
                        format!("expected a range ID such as `3-4`, found {id:?}"),
                    ))
                }
            };
            sent.tokens.push((form.to_string(), space, Vec::new()));
            pending = b - a + 1;
            continue;
        }
        if id.parse::<usize>().is_err() {
            return Err(bad(n, format!("expected a numeric word ID, found {id:?}")));
        }
        if pending > 0 {
            pending -= 1;
            if let Some(mwt) = sent.tokens.last_mut() {
                mwt.2.push(form.to_string());
            }
        } else {
            sent.tokens
                .push((form.to_string(), space, vec![form.to_string()]));
        }
    }
    if docs.is_empty() {
        return Err(bad(1, "expected at least one sentence, found none".into()));
    }
    Ok(docs)
}

fn add_sentence(
    docs: &mut Vec<GoldDoc>,
    sent: RawSent,
    line: usize,
    bad: &dyn Fn(usize, String) -> Error,
) -> Result<(), Error> {
    let text = match sent.text {
        Some(t) => t,
        None => {
            let mut t = String::new();
            for (f, s, _) in &sent.tokens {
                t.push_str(f);
                if *s {
                    t.push(' ');
                }
            }
            t.trim_end().to_string()
        }
    };
    if sent.newdoc || docs.is_empty() {
        docs.push(GoldDoc::default());
    }
    let Some(doc) = docs.last_mut() else {
        return Ok(());
    };
    if !doc.text.is_empty() {
        doc.text.push(if sent.newpar { '\n' } else { ' ' });
    }
    let base = doc.text.len();
    doc.text.push_str(&text);
    doc.sentences.push((base, doc.text.len()));
    let mut cur = 0usize;
    for (form, _, words) in &sent.tokens {
        while let Some(c) = text.get(cur..).and_then(|r| r.chars().next()) {
            if !c.is_whitespace() {
                break;
            }
            cur += c.len_utf8();
        }
        if !text
            .get(cur..)
            .is_some_and(|r| r.starts_with(form.as_str()))
        {
            return Err(bad(
                line,
                format!(
                    "in the sentence ending here, token {form:?} is not at byte {cur} of its `# text`"
                ),
            ));
        }
        let (start, end) = (base + cur, base + cur + form.len());
        doc.tokens.push((start, end));
        let spelt: usize = words.iter().map(String::len).sum();
        if words.len() > 1 && spelt == form.len() && words.concat() == *form {
            let mut s = start;
            for w in words {
                doc.words.push((s, s + w.len()));
                s += w.len();
            }
        } else {
            doc.words.push((start, end));
        }
        cur += form.len();
    }
    Ok(())
}

/// Byte spans `(start, end)`.
pub type Spans = Vec<(usize, usize)>;

/// Predicted sentence and token spans of one text.
pub fn predict(seg: &Segmenter, text: &str) -> (Spans, Spans) {
    let (sents, toks) = seg.segment(text);
    (
        sents
            .iter()
            .map(|s| (s.span.start(), s.span.end()))
            .collect(),
        toks.iter()
            .map(|t| (t.span.start(), t.span.end()))
            .collect(),
    )
}

/// Scores `seg` on already-read documents.
pub fn score(docs: &[GoldDoc], seg: &Segmenter) -> SegEval {
    let mut counts = [(0usize, 0usize, 0usize); 3];
    for doc in docs {
        let (ps, pt) = predict(seg, &doc.text);
        let pairs: [(&Spans, &Spans); 3] =
            [(&doc.sentences, &ps), (&doc.tokens, &pt), (&doc.words, &pt)];
        for (c, (gold, pred)) in counts.iter_mut().zip(pairs) {
            let g: FxHashSet<(usize, usize)> = gold.iter().copied().collect();
            let p: FxHashSet<(usize, usize)> = pred.iter().copied().collect();
            c.0 += g.len();
            c.1 += p.len();
            c.2 += g.intersection(&p).count();
        }
    }
    let prf = |c: (usize, usize, usize)| Prf::from_counts(c.0, c.1, c.2);
    SegEval {
        documents: docs.len(),
        sentences: prf(counts[0]),
        tokens: prf(counts[1]),
        words: prf(counts[2]),
    }
}

/// Reads a CoNLL-U file and scores `seg` on it.
pub fn eval_conllu(path: &Path, seg: &Segmenter) -> Result<SegEval, Error> {
    Ok(score(&read_conllu(path)?, seg))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# newdoc id = d1\n# newpar id = p1\n# text = I don't know.\n\
1\tI\tI\tPRON\t_\t_\t0\troot\t_\t_\n\
2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n\
2\tdo\tdo\tAUX\t_\t_\t0\troot\t_\t_\n\
3\tn't\tnot\tPART\t_\t_\t0\troot\t_\t_\n\
4\tknow\tknow\tVERB\t_\t_\t0\troot\t_\tSpaceAfter=No\n\
5\t.\t.\tPUNCT\t_\t_\t0\troot\t_\t_\n\
\n\
# text = Fine.\n\
1\tFine\tfine\tADJ\t_\t_\t0\troot\t_\tSpaceAfter=No\n\
2\t.\t.\tPUNCT\t_\t_\t0\troot\t_\t_\n\
\n\
# newpar id = p2\n\
# text = Bye\n\
1\tBye\tbye\tINTJ\t_\t_\t0\troot\t_\t_\n\n";

    #[test]
    fn reads_documents_paragraphs_and_multiword_tokens() {
        let docs = parse_conllu(SAMPLE, Path::new("sample")).unwrap();
        assert_eq!(docs.len(), 1);
        let d = &docs[0];
        assert_eq!(d.text, "I don't know. Fine.\nBye");
        assert_eq!(d.sentences, [(0, 13), (14, 19), (20, 23)]);
        assert_eq!(d.tokens.len(), 7);
        assert_eq!(d.tokens[1], (2, 7));
        assert_eq!(d.words[1..3], [(2, 4), (4, 7)]);
    }

    #[test]
    fn scores_a_segmenter() {
        let docs = parse_conllu(SAMPLE, Path::new("sample")).unwrap();
        let seg = crate::SegmenterBuilder::new()
            .clitics(crate::Clitics::Keep)
            .build();
        let e = score(&docs, &seg);
        assert_eq!(e.sentences.correct, 3);
        assert_eq!(e.tokens.f1, 1.0);
        let e = score(
            &docs,
            &crate::SegmenterBuilder::new()
                .clitics(crate::Clitics::Split)
                .build(),
        );
        assert_eq!(e.words.f1, 1.0);
    }

    #[test]
    fn malformed_lines_are_reported() {
        let err = parse_conllu("# text = a\n1\ta\n\n", Path::new("x.conllu")).unwrap_err();
        assert!(err.to_string().contains("x.conllu:2"), "{err}");
        let err = parse_conllu(
            "# text = b\n1\ta\ta\tX\t_\t_\t0\troot\t_\t_\n\n",
            Path::new("y"),
        )
        .unwrap_err();
        assert!(err.to_string().contains("\"a\""), "{err}");
    }
}
