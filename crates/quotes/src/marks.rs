//! Quotation-mark pairing on the raw text: finds the stretches inside
//! double quotation marks (straight `"`, curly `“ ”`, low `„`, guillemets
//! `« »`), one paragraph at a time, in one linear pass.
//!
//! Single quotes (`' ‘ ’`) are never paired at this level: inside a double
//! quote they are nested quotes ('vassal state'), elsewhere they are far more
//! often apostrophes (don't, Kim's, '90s) than quotation marks.

use chronicler_doc::Span;

/// A stretch of text between quotation marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Marked {
    /// The opening mark.
    pub open: Span,
    /// The closing mark, `None` when the paragraph ended first.
    pub close: Option<Span>,
    /// The text inside the marks, trimmed of white space.
    pub inner: Span,
    /// The quote goes on in the next paragraph (multi-paragraph convention:
    /// no closing mark here, the next paragraph opens with a mark).
    pub continues: bool,
    /// Paragraph index (paragraphs are separated by line breaks).
    pub paragraph: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Open,
    Close,
    /// Straight `"`: decided by its neighbours and the current state.
    Either,
}

fn opening_context(prev: Option<char>) -> bool {
    match prev {
        None => true,
        Some(c) => {
            c.is_whitespace() || matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | '/' | '\'' | '‘')
        }
    }
}

fn closing_context(next: Option<char>) -> bool {
    match next {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || (c.is_ascii_punctuation() && c != '(')
                || matches!(c, '—' | '–' | '…' | '’' | '”')
        }
    }
}

/// Splits `text` into paragraphs (line-separated), as byte ranges.
pub(crate) fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            if text.get(start..i).is_some_and(|s| !s.trim().is_empty()) {
                out.push((start, i));
            }
            start = i + 1;
        }
    }
    if text.get(start..).is_some_and(|s| !s.trim().is_empty()) {
        out.push((start, text.len()));
    }
    out
}

/// Trims white space off both ends of `[a, b)`.
fn trim(text: &str, a: usize, b: usize) -> Option<Span> {
    let s = text.get(a..b)?;
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    Span::checked_in(text, a + lead, a + lead + t.len())
}

fn mark_role(c: char, prev: Option<char>, next: Option<char>) -> Option<Role> {
    match c {
        '“' | '«' | '„' => Some(Role::Open),
        '”' | '»' => {
            // A right mark typed where an opening one belongs.
            if opening_context(prev) && !closing_context(next) {
                Some(Role::Either)
            } else {
                Some(Role::Close)
            }
        }
        '"' => Some(Role::Either),
        _ => None,
    }
}

/// Finds every double-quoted stretch of `text`.
pub(crate) fn find_marked(text: &str) -> Vec<Marked> {
    let paras = paragraphs(text);
    let mut out = Vec::new();
    // Whether paragraph k opens with a quotation mark (after white space).
    let opens_with_mark = |k: usize| -> bool {
        paras
            .get(k)
            .and_then(|&(a, b)| text.get(a..b))
            .and_then(|s| s.trim_start().chars().next())
            .is_some_and(|c| matches!(c, '"' | '“' | '«' | '„' | '”' | '\''))
    };
    for (k, &(pa, pb)) in paras.iter().enumerate() {
        let Some(para) = text.get(pa..pb) else {
            continue;
        };
        let mut open: Option<(usize, usize)> = None; // byte offset and length of the mark
        let mut prev: Option<char> = None;
        let mut it = para.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            let mut next = it.peek().map(|&(_, n)| n);
            // Two apostrophes typed as a double quotation mark ('' ... '').
            let mut len = c.len_utf8();
            let mut role = mark_role(c, prev, next);
            if c == '\'' && next == Some('\'') {
                it.next();
                next = it.peek().map(|&(_, n)| n);
                len = 2;
                role = Some(Role::Either);
            }
            if let Some(role) = role {
                let at = pa + i;
                let is_open = match role {
                    Role::Open => true,
                    Role::Close => false,
                    Role::Either => {
                        if open.is_some() {
                            // Inside a quote, an undirected mark closes it.
                            false
                        } else {
                            // An inch mark after a digit is no quote.
                            if c == '"'
                                && prev.is_some_and(|p| p.is_ascii_digit())
                                && closing_context(next)
                            {
                                prev = Some(c);
                                continue;
                            }
                            opening_context(prev) || !closing_context(next)
                        }
                    }
                };
                if is_open {
                    if let Some((o, ol)) = open.take() {
                        // Unclosed quote followed by a new one: end it here.
                        if let Some(inner) = trim(text, o + ol, at) {
                            out.push(Marked {
                                open: Span::new(o, o + ol),
                                close: None,
                                inner,
                                continues: false,
                                paragraph: k as u32,
                            });
                        }
                    }
                    open = Some((at, len));
                } else if let Some((o, open_len)) = open.take() {
                    if let Some(inner) = trim(text, o + open_len, at) {
                        out.push(Marked {
                            open: Span::new(o, o + open_len),
                            close: Some(Span::new(at, at + len)),
                            inner,
                            continues: false,
                            paragraph: k as u32,
                        });
                    }
                }
                // A stray closing mark with nothing open is ignored.
            }
            prev = Some(c);
        }
        if let Some((o, open_len)) = open {
            if let Some(inner) = trim(text, o + open_len, pb) {
                out.push(Marked {
                    open: Span::new(o, o + open_len),
                    close: None,
                    inner,
                    continues: opens_with_mark(k + 1),
                    paragraph: k as u32,
                });
            }
        }
    }
    out
}

/// Number of white-space separated words in `s`.
pub(crate) fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inner(text: &str) -> Vec<&str> {
        find_marked(text)
            .iter()
            .map(|m| m.inner.slice(text))
            .collect()
    }

    #[test]
    fn straight_and_curly_pairs() {
        let t = "\"We will win,\" she said. He said: “Nobody can stop us.” «Oui», dit-il.";
        assert_eq!(inner(t), vec!["We will win,", "Nobody can stop us.", "Oui"]);
    }

    #[test]
    fn nested_single_quotes_and_apostrophes_stay_inside() {
        let t = "“It isn't a 'client state' of Kim's,” the envoy said.";
        assert_eq!(inner(t), vec!["It isn't a 'client state' of Kim's,"]);
    }

    #[test]
    fn stray_mark_is_bounded_by_its_paragraph() {
        let t = "He said “this will never end.\nThe next paragraph has “a real quote” here.";
        let m = find_marked(t);
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].inner.slice(t), "this will never end.");
        assert!(m[0].close.is_none() && !m[0].continues);
        assert_eq!(m[1].inner.slice(t), "a real quote");
    }

    #[test]
    fn multi_paragraph_quote_continues() {
        let t = "“First part of the statement.\n\n“Second part,” he said.";
        let m = find_marked(t);
        assert_eq!(m.len(), 2);
        assert!(m[0].continues);
        assert_eq!(m[1].inner.slice(t), "Second part,");
    }

    #[test]
    fn inch_marks_and_stray_closers_are_ignored() {
        let t = "The screen is 5\" wide.” She said \"fine\" later.";
        assert_eq!(inner(t), vec!["fine"]);
    }

    #[test]
    fn two_apostrophes_are_a_double_mark() {
        let t = "''It may be fun, but it doesn't matter,'' Mr. Ortiz said of the 'show.'";
        assert_eq!(inner(t), vec!["It may be fun, but it doesn't matter,"]);
    }

    #[test]
    fn lots_of_marks_do_not_blow_up() {
        let t = "\"".repeat(100_000);
        assert!(find_marked(&t).is_empty());
        let t = "“a” ".repeat(10_000);
        assert_eq!(find_marked(&t).len(), 10_000);
    }
}
