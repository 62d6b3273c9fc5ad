//! Readers for the training and evaluation formats: CoNLL-U (Universal
//! Dependencies) and CoNLL-2003 columns.
//!
//! Both report malformed input as [`Error::Format`] naming the source and
//! the 1-based line number.

use crate::Error;
use std::path::Path;

/// One syntactic word of a CoNLL-U sentence.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Word {
    /// FORM.
    pub form: String,
    /// LEMMA.
    pub lemma: String,
    /// UPOS.
    pub upos: String,
    /// XPOS.
    pub xpos: String,
    /// FEATS (`_` kept as is).
    pub feats: String,
    /// HEAD as a 1-based word index; 0 is the root. `None` when `_`.
    pub head: Option<u32>,
    /// DEPREL.
    pub deprel: String,
    /// MISC.
    pub misc: String,
    /// False when MISC says `SpaceAfter=No`.
    pub space_after: bool,
}

/// A multiword token range line (`3-4 don't`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultiWord {
    /// First word index (1-based).
    pub first: u32,
    /// Last word index (1-based, inclusive).
    pub last: u32,
    /// Surface form.
    pub form: String,
    /// False when MISC says `SpaceAfter=No`.
    pub space_after: bool,
}

/// One CoNLL-U sentence.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConlluSentence {
    /// `# sent_id`, if any.
    pub sent_id: Option<String>,
    /// `# text`, if any.
    pub text: Option<String>,
    /// True when a `# newdoc` comment opens this sentence.
    pub newdoc: bool,
    /// True when a `# newpar` comment opens this sentence.
    pub newpar: bool,
    /// Syntactic words (empty nodes `8.1` are skipped).
    pub words: Vec<Word>,
    /// Multiword token ranges.
    pub multiwords: Vec<MultiWord>,
    /// 1-based line number of the sentence's first line.
    pub line: usize,
}

impl ConlluSentence {
    /// The word forms.
    pub fn forms(&self) -> Vec<&str> {
        self.words.iter().map(|w| w.form.as_str()).collect()
    }
}

fn format_err(source: &str, line: usize, message: String) -> Error {
    Error::Format {
        source_name: source.to_string(),
        line,
        message,
    }
}

/// Parses CoNLL-U text. `source` names the input in error messages.
pub fn parse_conllu(text: &str, source: &str) -> Result<Vec<ConlluSentence>, Error> {
    let mut out = Vec::new();
    let mut cur = ConlluSentence::default();
    let mut started = false;
    for (i, raw) in text.lines().enumerate() {
        let ln = i + 1;
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.words.is_empty() {
                out.push(std::mem::take(&mut cur));
            } else if started && (cur.text.is_some() || cur.sent_id.is_some()) {
                return Err(format_err(source, ln, "sentence has no word lines".into()));
            }
            started = false;
            cur = ConlluSentence::default();
            continue;
        }
        if !started {
            cur.line = ln;
            started = true;
        }
        if let Some(c) = line.strip_prefix('#') {
            let c = c.trim();
            if c.starts_with("newdoc") {
                cur.newdoc = true;
            } else if c.starts_with("newpar") {
                cur.newpar = true;
            } else if let Some(v) = c.strip_prefix("sent_id") {
                cur.sent_id = Some(v.trim_start_matches([' ', '=']).trim().to_string());
            } else if let Some(v) = c.strip_prefix("text =") {
                cur.text = Some(v.strip_prefix(' ').unwrap_or(v).to_string());
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(format_err(
                source,
                ln,
                format!("expected 10 tab-separated columns, found {}", cols.len()),
            ));
        }
        let id = cols[0];
        let space_after = !cols[9].split('|').any(|m| m == "SpaceAfter=No");
        if id.contains('.') {
            continue; // empty node
        }
        if let Some((a, b)) = id.split_once('-') {
            let first: u32 = a
                .parse()
                .map_err(|_| format_err(source, ln, format!("bad multiword range `{id}`")))?;
            let last: u32 = b
                .parse()
                .map_err(|_| format_err(source, ln, format!("bad multiword range `{id}`")))?;
            if last < first {
                return Err(format_err(
                    source,
                    ln,
                    format!("bad multiword range `{id}`"),
                ));
            }
            cur.multiwords.push(MultiWord {
                first,
                last,
                form: cols[1].to_string(),
                space_after,
            });
            continue;
        }
        let idn: usize = id
            .parse()
            .map_err(|_| format_err(source, ln, format!("bad word id `{id}`")))?;
        if idn != cur.words.len() + 1 {
            return Err(format_err(
                source,
                ln,
                format!(
                    "word id {idn} out of sequence (expected {})",
                    cur.words.len() + 1
                ),
            ));
        }
        let head = if cols[6] == "_" {
            None
        } else {
            Some(
                cols[6]
                    .parse()
                    .map_err(|_| format_err(source, ln, format!("bad HEAD `{}`", cols[6])))?,
            )
        };
        cur.words.push(Word {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            feats: cols[5].to_string(),
            head,
            deprel: cols[7].to_string(),
            misc: cols[9].to_string(),
            space_after,
        });
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    for s in &out {
        let n = s.words.len() as u32;
        if let Some(w) = s.words.iter().find(|w| w.head.is_some_and(|h| h > n)) {
            return Err(format_err(
                source,
                s.line,
                format!(
                    "HEAD {:?} of word `{}` points past the sentence",
                    w.head, w.form
                ),
            ));
        }
    }
    Ok(out)
}

/// Reads a CoNLL-U file.
pub fn read_conllu(path: &Path) -> Result<Vec<ConlluSentence>, Error> {
    let text = read_text(path)?;
    parse_conllu(&text, &path.display().to_string())
}

/// One token of a CoNLL-2003 file: the word and its other columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConllToken {
    /// The word (first column).
    pub word: String,
    /// The remaining columns (for CoNLL-2003: POS, chunk, NER tag).
    pub cols: Vec<String>,
}

impl ConllToken {
    /// The last column (the NER tag in CoNLL-2003), or `O`.
    pub fn tag(&self) -> &str {
        self.cols.last().map(|s| s.as_str()).unwrap_or("O")
    }
}

/// A CoNLL-2003 document: sentences of tokens.
pub type ConllDocument = Vec<Vec<ConllToken>>;

/// Parses CoNLL-2003 columns into documents (split at `-DOCSTART-`).
pub fn parse_conll(text: &str, source: &str) -> Result<Vec<ConllDocument>, Error> {
    let mut docs: Vec<ConllDocument> = Vec::new();
    let mut doc: ConllDocument = Vec::new();
    let mut sent: Vec<ConllToken> = Vec::new();
    let mut ncols = None;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !sent.is_empty() {
                doc.push(std::mem::take(&mut sent));
            }
            continue;
        }
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols[0] == "-DOCSTART-" {
            if !sent.is_empty() {
                doc.push(std::mem::take(&mut sent));
            }
            if !doc.is_empty() {
                docs.push(std::mem::take(&mut doc));
            }
            continue;
        }
        match ncols {
            None => ncols = Some(cols.len()),
            Some(n) if n != cols.len() => {
                return Err(format_err(
                    source,
                    i + 1,
                    format!("expected {n} columns, found {}", cols.len()),
                ))
            }
            _ => {}
        }
        sent.push(ConllToken {
            word: cols[0].to_string(),
            cols: cols[1..].iter().map(|s| s.to_string()).collect(),
        });
    }
    if !sent.is_empty() {
        doc.push(sent);
    }
    if !doc.is_empty() {
        docs.push(doc);
    }
    Ok(docs)
}

/// Reads a CoNLL-2003 file.
pub fn read_conll(path: &Path) -> Result<Vec<ConllDocument>, Error> {
    let text = read_text(path)?;
    parse_conll(&text, &path.display().to_string())
}

fn read_text(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|e| Error::Io {
        path: path.display().to_string(),
        source: e,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# newdoc id = d1\n# sent_id = s1\n# text = We don't know.\n\
1\tWe\twe\tPRON\tPRP\t_\t3\tnsubj\t_\t_\n\
2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n\
2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_\n\
3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n\
4\tknow\tknow\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n\
5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\n";

    #[test]
    fn reads_conllu() {
        let s = parse_conllu(SAMPLE, "t").unwrap();
        assert_eq!(s.len(), 1);
        assert!(s[0].newdoc);
        assert_eq!(s[0].text.as_deref(), Some("We don't know."));
        assert_eq!(s[0].words.len(), 5);
        assert_eq!(s[0].multiwords[0].form, "don't");
        assert!(!s[0].words[3].space_after);
        assert_eq!(s[0].words[3].head, Some(0));
    }

    #[test]
    fn malformed_conllu_names_the_line() {
        let bad = "1\tWe\twe\tPRON\tPRP\t_\t0\troot\t_\n";
        let e = parse_conllu(bad, "x.conllu").unwrap_err().to_string();
        assert!(e.contains("x.conllu:1") && e.contains("10"), "{e}");
        let bad2 = "1\tA\ta\tX\tX\t_\t0\troot\t_\t_\n3\tB\tb\tX\tX\t_\t1\tdep\t_\t_\n";
        let e = parse_conllu(bad2, "y").unwrap_err().to_string();
        assert!(e.contains("y:2") && e.contains("out of sequence"), "{e}");
        let bad3 = "1\tA\ta\tX\tX\t_\tz\troot\t_\t_\n";
        assert!(parse_conllu(bad3, "z")
            .unwrap_err()
            .to_string()
            .contains("HEAD"));
    }

    #[test]
    fn reads_conll() {
        let t = "-DOCSTART- -X- O O\n\nEU NNP I-NP I-ORG\nrejects VBZ I-VP O\n\nPeter NNP I-NP I-PER\n\n-DOCSTART- -X- O O\n\nHi UH O O\n";
        let d = parse_conll(t, "t").unwrap();
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].len(), 2);
        assert_eq!(d[0][0][0].tag(), "I-ORG");
        let e = parse_conll("a b c\nd e\n", "q").unwrap_err().to_string();
        assert!(e.contains("q:2"), "{e}");
    }
}
