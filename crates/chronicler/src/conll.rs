//! `chronicler tag --format conll`: CoNLL-2003 columns in, the same lines
//! with one more column (the predicted BIO tag) out.
//!
//! Tokens are taken as given (the first column); documents (between
//! `-DOCSTART-` lines) are tagged as units so the NER's document-level pass
//! sees its context; documents are tagged in parallel and written in order.

use chronicler_tag::ner::{NerTagger, TagSpan};
use rayon::prelude::*;

/// One input line, classified.
enum Line<'a> {
    /// A blank line (sentence boundary) or a `-DOCSTART-` line: copied, the
    /// latter with an `O` column added.
    Boundary(&'a str),
    /// A token line: its text and the token's first column.
    Token(&'a str),
}

/// Tags CoNLL-2003-style input and returns the output text.
pub fn tag_conll(tagger: &NerTagger, input: &str, pool: &rayon::ThreadPool) -> String {
    // Split into documents of lines.
    let mut docs: Vec<Vec<Line<'_>>> = vec![Vec::new()];
    for raw in input.lines() {
        let line = raw.trim_end_matches('\r');
        let first = line.split_whitespace().next();
        match first {
            None => docs.last_mut().map_or((), |d| d.push(Line::Boundary(line))),
            Some("-DOCSTART-") => {
                if docs.last().is_some_and(|d| !d.is_empty()) {
                    docs.push(Vec::new());
                }
                if let Some(d) = docs.last_mut() {
                    d.push(Line::Boundary(line));
                }
            }
            Some(_) => docs.last_mut().map_or((), |d| d.push(Line::Token(line))),
        }
    }
    let parts: Vec<String> = pool.install(|| {
        docs.par_iter()
            .map(|lines| tag_document(tagger, lines))
            .collect()
    });
    parts.concat()
}

fn tag_document(tagger: &NerTagger, lines: &[Line<'_>]) -> String {
    // Sentences of words, in order.
    let mut sentences: Vec<Vec<&str>> = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    for l in lines {
        match l {
            Line::Token(t) => cur.push(t.split_whitespace().next().unwrap_or("")),
            Line::Boundary(_) => {
                if !cur.is_empty() {
                    sentences.push(std::mem::take(&mut cur));
                }
            }
        }
    }
    if !cur.is_empty() {
        sentences.push(cur);
    }
    let spans = tagger.tag_document(&sentences);
    let tags: Vec<Vec<String>> = sentences
        .iter()
        .zip(
            spans
                .iter()
                .map(Vec::as_slice)
                .chain(std::iter::repeat(&[][..])),
        )
        .map(|(words, spans)| bio(words.len(), spans))
        .collect();
    let mut out = String::new();
    let (mut si, mut ti) = (0usize, 0usize);
    let mut in_sentence = false;
    for l in lines {
        match l {
            Line::Boundary(b) => {
                if in_sentence {
                    si += 1;
                    ti = 0;
                    in_sentence = false;
                }
                out.push_str(b);
                if !b.trim().is_empty() {
                    out.push_str(" O");
                }
                out.push('\n');
            }
            Line::Token(t) => {
                in_sentence = true;
                let tag = tags
                    .get(si)
                    .and_then(|s| s.get(ti))
                    .map_or("O", String::as_str);
                out.push_str(t);
                out.push(' ');
                out.push_str(tag);
                out.push('\n');
                ti += 1;
            }
        }
    }
    out
}

/// BIO tags for a sentence of `n` tokens from entity spans.
fn bio(n: usize, spans: &[TagSpan]) -> Vec<String> {
    let mut tags = vec!["O".to_string(); n];
    for s in spans {
        let end = s.end.min(n);
        for (i, t) in tags.iter_mut().enumerate().take(end).skip(s.start) {
            let p = if i == s.start { "B" } else { "I" };
            *t = format!("{p}-{}", s.label.as_str());
        }
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;
    use chronicler_doc::EntityLabel;

    #[test]
    fn bio_from_spans() {
        let spans = [TagSpan {
            start: 1,
            end: 3,
            label: EntityLabel::Per,
        }];
        assert_eq!(bio(4, &spans), vec!["O", "B-PER", "I-PER", "O"]);
    }

    #[test]
    fn lines_keep_their_columns_and_order() {
        let tagger = NerTagger::load_default().expect("embedded NER model loads");
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .expect("pool");
        let input = "-DOCSTART- -X- O O\n\nMaria NNP B-NP O\nSantos NNP I-NP O\nvisited VBD B-VP O\nLisbon NNP B-NP O\n. . O O\n\n-DOCSTART- -X- O O\n\nHello UH O O\n";
        let out = tag_conll(&tagger, input, &pool);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), input.lines().count());
        assert_eq!(lines[0], "-DOCSTART- -X- O O O");
        assert_eq!(lines[1], "");
        assert!(lines[2].starts_with("Maria NNP B-NP O "));
        assert!(lines[5].ends_with("-LOC"), "{}", lines[5]);
        assert!(
            lines[2].ends_with("B-PER") && lines[3].ends_with("I-PER"),
            "{out}"
        );
    }
}
