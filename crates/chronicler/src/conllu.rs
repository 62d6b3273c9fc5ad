//! `chronicler tag --format conllu` and `chronicler parse --format conllu`:
//! gold-tokenised CoNLL-U in, predicted columns out, sentence blocks
//! processed in parallel and written in input order.

use anyhow::Result;
use chronicler_parse::Parser;
use chronicler_tag::pos::conllu_blocks;
use chronicler_tag::PosTagger;
use rayon::prelude::*;

/// Fills UPOS, XPOS and LEMMA of every word line.
pub fn tag_conllu(
    tagger: &PosTagger,
    input: &str,
    source: &str,
    pool: &rayon::ThreadPool,
) -> Result<String> {
    let blocks = conllu_blocks(input);
    let parts: Vec<Result<String, chronicler_tag::Error>> = pool.install(|| {
        blocks
            .par_iter()
            .map(|(line, block)| {
                let mut out = String::new();
                tagger.tag_conllu_block(block, source, *line, &mut out)?;
                Ok(out)
            })
            .collect()
    });
    let mut out = String::with_capacity(input.len() + input.len() / 4);
    for p in parts {
        out.push_str(&p?);
    }
    Ok(out)
}

/// `(UPOS, XPOS)` per word, the tag callback the parser's CoNLL-U writer takes.
pub(crate) fn upos_xpos(tagger: &PosTagger, words: &[&str]) -> Vec<(String, String)> {
    tagger
        .tag(words)
        .into_iter()
        .map(|t| (t.upos.to_string(), t.xpos.to_string()))
        .collect()
}

/// Tags (UPOS, XPOS) and parses (HEAD, DEPREL) every sentence.
pub fn parse_conllu(
    tagger: &PosTagger,
    parser: &Parser,
    input: &str,
    source: &str,
    pool: &rayon::ThreadPool,
) -> Result<String> {
    let blocks = conllu_blocks(input);
    let parts: Vec<Result<String, chronicler_parse::Error>> = pool.install(|| {
        blocks
            .par_iter()
            .map(|(_, block)| {
                let mut tag = |words: &[&str]| upos_xpos(tagger, words);
                parser.parse_conllu(block, source, Some(&mut tag))
            })
            .collect()
    });
    let mut out = String::with_capacity(input.len() + input.len() / 4);
    for p in parts {
        match p {
            Ok(s) => out.push_str(&s),
            // A block's error names a line within the block: run the whole
            // input once more, sequentially, for the message with the line
            // number in the file.
            Err(_) => {
                let mut tag = |words: &[&str]| upos_xpos(tagger, words);
                return Ok(parser.parse_conllu(input, source, Some(&mut tag))?);
            }
        }
    }
    Ok(out)
}
