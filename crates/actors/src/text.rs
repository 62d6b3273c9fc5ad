//! A word view of a document: the document's tokens and sentences when the
//! segmentation layer is set, else a small built-in tokenizer (so the stage
//! also works on bare text, e.g. for `lookup`).

use chronicler_doc::{Document, Layer, Span, TokenFlags};

/// Words of a text with their sentence.
#[derive(Debug, Default)]
pub(crate) struct Words {
    pub spans: Vec<Span>,
    #[allow(dead_code)]
    pub flags: Vec<TokenFlags>,
    /// Sentence index of each word.
    pub sent: Vec<u32>,
    /// Word range `[start, end)` of each sentence.
    pub sents: Vec<(u32, u32)>,
    /// Universal POS tag per word, when the tags layer is set.
    pub upos: Option<Vec<compact_str::CompactString>>,
}

const ABBREV: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Prof",
    "No", "Capt", "Sgt", "Maj", "Adm", "Rev", "Hon", "Pres", "Inc", "Corp", "Co", "Ltd", "vs",
];

impl Words {
    /// Words of `doc`: its tokens when segmented, else built-in tokens.
    pub(crate) fn of(doc: &Document) -> Words {
        if doc.has(Layer::Tokens) && !doc.tokens().is_empty() {
            let toks = doc.tokens();
            let spans: Vec<Span> = toks.iter().map(|t| t.span).collect();
            let flags: Vec<TokenFlags> = toks.iter().map(|t| t.flags).collect();
            let mut sent = vec![0u32; toks.len()];
            let mut sents = Vec::new();
            if doc.has(Layer::Sentences) && !doc.sentences().is_empty() {
                for (si, s) in doc.sentences().iter().enumerate() {
                    let (a, b) = (
                        s.tokens.start as usize,
                        (s.tokens.end as usize).min(toks.len()),
                    );
                    for x in sent.iter_mut().take(b).skip(a) {
                        *x = si as u32;
                    }
                    sents.push((a as u32, b as u32));
                }
            } else {
                sents.push((0, toks.len() as u32));
            }
            let upos = if doc.has(Layer::Tags) && doc.tags().len() == toks.len() {
                Some(doc.tags().iter().map(|t| t.upos.clone()).collect())
            } else {
                None
            };
            return Words {
                spans,
                flags,
                sent,
                sents,
                upos,
            };
        }
        Words::tokenize(doc.text())
    }

    /// The built-in tokenizer: words (letters/digits with inner hyphens,
    /// apostrophes and abbreviation dots), possessive `'s` split off, and
    /// single punctuation marks; sentences end at `.`, `!`, `?` before an
    /// upper-case word or a quote, and at line breaks.
    pub(crate) fn tokenize(text: &str) -> Words {
        let mut spans = Vec::new();
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let n = chars.len();
        let at = |i: usize| chars.get(i).map(|&(_, c)| c);
        let pos = |i: usize| chars.get(i).map(|&(p, _)| p).unwrap_or(text.len());
        let mut newline_before: Vec<bool> = Vec::new();
        let mut saw_newline = false;
        let mut i = 0;
        while i < n {
            let c = chars[i].1;
            if c.is_whitespace() {
                if c == '\n' {
                    saw_newline = true;
                }
                i += 1;
                continue;
            }
            let start = i;
            if c.is_alphanumeric() {
                i += 1;
                loop {
                    match at(i) {
                        Some(x) if x.is_alphanumeric() => i += 1,
                        Some(x @ ('-' | '\'' | '’' | '.'))
                            if at(i + 1).is_some_and(char::is_alphanumeric) =>
                        {
                            // Possessive 's / ’s ends the word.
                            if (x == '\'' || x == '’')
                                && matches!(at(i + 1), Some('s'))
                                && !at(i + 2).is_some_and(char::is_alphanumeric)
                            {
                                break;
                            }
                            i += 2;
                        }
                        _ => break,
                    }
                }
                // Abbreviation dot.
                if at(i) == Some('.') {
                    let w = text.get(pos(start)..pos(i)).unwrap_or("");
                    let single_cap = w.chars().count() == 1 && w.chars().all(char::is_uppercase);
                    if ABBREV.contains(&w) || single_cap || w.contains('.') {
                        i += 1;
                    }
                }
            } else if (c == '\'' || c == '’')
                && matches!(at(i + 1), Some('s'))
                && !at(i + 2).is_some_and(char::is_alphanumeric)
                && i > 0
                && chars[i - 1].1.is_alphanumeric()
            {
                i += 2;
            } else {
                i += 1;
            }
            newline_before.push(saw_newline);
            saw_newline = false;
            spans.push(Span::new(pos(start), pos(i)));
        }
        let flags: Vec<TokenFlags> = spans
            .iter()
            .map(|s| TokenFlags::of(s.get(text).unwrap_or("")))
            .collect();
        let mut sent = Vec::with_capacity(spans.len());
        let mut sents = Vec::new();
        let mut cur_start = 0u32;
        for k in 0..spans.len() {
            if k > 0 && newline_before[k] && cur_start < k as u32 {
                sents.push((cur_start, k as u32));
                cur_start = k as u32;
            }
            sent.push(sents.len() as u32);
            let w = spans[k].get(text).unwrap_or("");
            if matches!(w, "." | "!" | "?") {
                let next = spans.get(k + 1).and_then(|s| s.get(text)).unwrap_or("");
                let next_upper_or_quote = next
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || matches!(c, '"' | '“' | '\''));
                let next_newline = newline_before.get(k + 1).copied().unwrap_or(true);
                if next.is_empty() || next_upper_or_quote || next_newline {
                    // A closing quote right after stays in the sentence.
                    sents.push((cur_start, k as u32 + 1));
                    cur_start = k as u32 + 1;
                }
            }
        }
        if (cur_start as usize) < spans.len() {
            sents.push((cur_start, spans.len() as u32));
        }
        // Recompute sentence index per word from the ranges.
        sent.clear();
        sent.resize(spans.len(), 0);
        for (si, &(a, b)) in sents.iter().enumerate() {
            for x in sent.iter_mut().take(b as usize).skip(a as usize) {
                *x = si as u32;
            }
        }
        Words {
            spans,
            flags,
            sent,
            sents,
            upos: None,
        }
    }

    /// Number of words.
    pub(crate) fn len(&self) -> usize {
        self.spans.len()
    }

    /// Text of word `i` (empty when out of range).
    pub(crate) fn text<'a>(&self, text: &'a str, i: usize) -> &'a str {
        self.spans.get(i).and_then(|s| s.get(text)).unwrap_or("")
    }

    /// First word of the sentence of word `i`.
    pub(crate) fn sent_start(&self, i: usize) -> usize {
        self.sent
            .get(i)
            .and_then(|&s| self.sents.get(s as usize))
            .map(|&(a, _)| a as usize)
            .unwrap_or(0)
    }

    /// One past the last word of the sentence of word `i`.
    pub(crate) fn sent_end(&self, i: usize) -> usize {
        self.sent
            .get(i)
            .and_then(|&s| self.sents.get(s as usize))
            .map(|&(_, b)| b as usize)
            .unwrap_or(self.len())
    }

    /// Index of the word containing byte `b` (or the first word after it).
    pub(crate) fn word_at(&self, b: usize) -> usize {
        self.spans.partition_point(|s| s.end() <= b)
    }

    /// Word range `[w0, w1)` covering the byte span `[a, b)`.
    pub(crate) fn range_of(&self, a: usize, b: usize) -> (usize, usize) {
        let w0 = self.word_at(a);
        let w1 = self.spans.partition_point(|s| s.start() < b);
        (w0, w1.max(w0 + 1).min(self.len().max(w0 + 1)))
    }

    /// True when word `i` is the first of its sentence (ignoring opening
    /// quotes and brackets).
    pub(crate) fn sentence_initial(&self, text: &str, i: usize) -> bool {
        let s = self.sent_start(i);
        (s..i).all(|k| {
            let w = self.text(text, k);
            w.chars().all(|c| !c.is_alphanumeric())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        let w = Words::tokenize(text);
        (0..w.len()).map(|i| w.text(text, i)).collect()
    }

    #[test]
    fn tokenizes_names_abbreviations_possessives() {
        assert_eq!(
            words("Mr. Lee's U.S. trip, said Jean-Luc O'Neil."),
            vec!["Mr.", "Lee", "'s", "U.S.", "trip", ",", "said", "Jean-Luc", "O'Neil", "."]
        );
        assert_eq!(words("George W. Bush"), vec!["George", "W.", "Bush"]);
    }

    #[test]
    fn splits_sentences() {
        let t = "Mr. Lee left. He said no.\nNew line here";
        let w = Words::tokenize(t);
        assert_eq!(w.sents.len(), 3);
        assert!(w.sentence_initial(t, 4));
    }
}
