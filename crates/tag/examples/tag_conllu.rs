//! Retags a CoNLL-U file with a POS model (what `chronicler tag --format conllu` does).
//!
//! `cargo run --release -p chronicler-tag --example tag_conllu -- MODEL IN > OUT`

use chronicler_tag::PosTagger;
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        return Err("usage: tag_conllu MODEL IN".into());
    }
    let tagger = PosTagger::load(Path::new(&args[1]))?;
    let input = std::fs::read_to_string(&args[2])?;
    let out = std::io::BufWriter::new(std::io::stdout().lock());
    tagger.write_conllu(&input, &args[2], out)?;
    Ok(())
}
