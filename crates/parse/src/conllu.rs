//! CoNLL-U in, CoNLL-U out: re-parse a treebank-formatted file with gold
//! tokens, replacing the `HEAD` and `DEPREL` columns.

use crate::{Error, Parser};

/// A tagging callback: word forms of one sentence in, `(UPOS, XPOS)` per word
/// out.
pub type TagFn<'a> = &'a mut dyn FnMut(&[&str]) -> Vec<(String, String)>;

fn err(source: &str, line: usize, message: String) -> Error {
    Error::Format {
        source_name: source.to_string(),
        line,
        message,
    }
}

/// One line of a sentence block.
enum Line<'a> {
    /// A comment, multiword-token or empty-node line: copied as is.
    Keep(&'a str),
    /// A word line: its ten columns.
    Word([&'a str; 10]),
}

impl Parser {
    /// Parses CoNLL-U text and returns it with predicted `HEAD` and `DEPREL`
    /// columns; every other column and line (comments, multiword tokens,
    /// empty nodes) is kept.
    ///
    /// Tags come from the `UPOS`/`XPOS` columns of the input, or, when
    /// `tagger` is given, from calling it on each sentence's words (its tags
    /// are then also written into the `UPOS`/`XPOS` columns). `source` names
    /// the input in error messages; a malformed line is an
    /// [`Error::Format`] naming its line number.
    ///
    /// ```
    /// # let parser = chronicler_parse::Parser::load_default()?;
    /// let input = "# text = Prices rose.\n1\tPrices\t_\tNOUN\tNNS\t_\t_\t_\t_\t_\n\
    ///              2\trose\t_\tVERB\tVBD\t_\t_\t_\t_\tSpaceAfter=No\n3\t.\t_\tPUNCT\t.\t_\t_\t_\t_\t_\n\n";
    /// let out = parser.parse_conllu(input, "example", None)?;
    /// assert!(out.contains("2\trose\t_\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse_conllu(
        &self,
        input: &str,
        source: &str,
        mut tagger: Option<TagFn<'_>>,
    ) -> Result<String, Error> {
        let mut out = String::with_capacity(input.len() + input.len() / 8);
        let mut block: Vec<Line<'_>> = Vec::new();
        let mut block_line = 0usize;
        let lines: Vec<&str> = input.lines().collect();
        for (i, raw) in lines.iter().enumerate() {
            let ln = i + 1;
            let line = raw.trim_end_matches('\r');
            if line.trim().is_empty() {
                if !block.is_empty() {
                    self.flush(&mut out, &mut block, source, block_line, &mut tagger)?;
                }
                continue;
            }
            if block.is_empty() {
                block_line = ln;
            }
            if line.starts_with('#') {
                block.push(Line::Keep(line));
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let cols: [&str; 10] = cols.try_into().map_err(|c: Vec<&str>| {
                err(
                    source,
                    ln,
                    format!(
                        "expected 10 tab-separated columns, found {}: `{}`",
                        c.len(),
                        truncate(line)
                    ),
                )
            })?;
            let id = cols[0];
            if id.contains('-') || id.contains('.') {
                block.push(Line::Keep(line));
                continue;
            }
            let idn: usize = id.parse().map_err(|_| {
                err(
                    source,
                    ln,
                    format!("expected a word id (1, 2, ...), `3-4` or `3.1`, found `{id}`"),
                )
            })?;
            let expected = block.iter().filter(|l| matches!(l, Line::Word(_))).count() + 1;
            if idn != expected {
                return Err(err(
                    source,
                    ln,
                    format!("word id {idn} out of sequence (expected {expected})"),
                ));
            }
            block.push(Line::Word(cols));
        }
        if !block.is_empty() {
            self.flush(&mut out, &mut block, source, block_line, &mut tagger)?;
        }
        Ok(out)
    }

    fn flush(
        &self,
        out: &mut String,
        block: &mut Vec<Line<'_>>,
        source: &str,
        line: usize,
        tagger: &mut Option<TagFn<'_>>,
    ) -> Result<(), Error> {
        let words: Vec<&str> = block
            .iter()
            .filter_map(|l| match l {
                Line::Word(c) => Some(c[1]),
                Line::Keep(_) => None,
            })
            .collect();
        let tagged: Option<Vec<(String, String)>> = match tagger {
            Some(f) if !words.is_empty() => {
                let t = f(&words);
                if t.len() != words.len() {
                    return Err(err(
                        source,
                        line,
                        format!(
                            "the tagger returned {} tags for a sentence of {} words",
                            t.len(),
                            words.len()
                        ),
                    ));
                }
                Some(t)
            }
            _ => None,
        };
        let (upos, xpos): (Vec<&str>, Vec<&str>) = match &tagged {
            Some(t) => t.iter().map(|(u, x)| (u.as_str(), x.as_str())).unzip(),
            None => block
                .iter()
                .filter_map(|l| match l {
                    Line::Word(c) => Some((c[3], c[4])),
                    Line::Keep(_) => None,
                })
                .unzip(),
        };
        let arcs = self.parse_sentence(&words, &upos, &xpos);
        let mut wi = 0usize;
        for l in block.drain(..) {
            match l {
                Line::Keep(s) => out.push_str(s),
                Line::Word(c) => {
                    let (h, rel) = arcs
                        .get(wi)
                        .map(|(h, r)| (h.map_or(0, |h| h + 1), r.as_str()))
                        .unwrap_or((0, "root"));
                    let head = h.to_string();
                    let cols: [&str; 10] = [
                        c[0],
                        c[1],
                        c[2],
                        upos.get(wi).copied().unwrap_or(c[3]),
                        xpos.get(wi).copied().unwrap_or(c[4]),
                        c[5],
                        &head,
                        rel,
                        c[8],
                        c[9],
                    ];
                    out.push_str(&cols.join("\t"));
                    wi += 1;
                }
            }
            out.push('\n');
        }
        out.push('\n');
        Ok(())
    }
}

fn truncate(s: &str) -> &str {
    match s.char_indices().nth(60) {
        Some((i, _)) => s.get(..i).unwrap_or(s),
        None => s,
    }
}
