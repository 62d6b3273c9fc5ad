//! The `chronicler` command line: thin glue over the library crates.

use anyhow::{bail, Context, Result};
use chronicler::{run_extract, ExtractOptions};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "chronicler",
    version,
    about = "News articles in; dated, geolocated events and attributed quotes out.",
    long_about = "Chronicler reads news articles (text, HTML, JSON Lines, folders, stdin) and writes \
                  what happened: who did what to whom, when and where (PLOVER/CAMEO event data), \
                  and who said what (quotes with speakers), every field pointing back into the text."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum OutFormat {
    Jsonl,
    Json,
    Tsv,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum TagFormat {
    /// CoNLL-2003 columns; adds the predicted BIO entity tag as a last column.
    Conll,
    /// CoNLL-U with gold tokens; fills UPOS, XPOS and LEMMA.
    Conllu,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum ParseFormat {
    /// CoNLL-U with gold tokens; fills UPOS, XPOS, HEAD and DEPREL.
    Conllu,
}

#[derive(Subcommand, Debug)]
enum ActorsCommand {
    /// Print the actor a name denotes, its CAMEO code on a date, and why.
    Lookup {
        /// The name ("Kim Jong-un", "the Kremlin", "NATO").
        name: String,
        /// Date (YYYY-MM-DD) the code must be valid on (default: today).
        #[arg(long)]
        date: Option<String>,
    },
    /// Read PETRARCH/TABARI `.actors` / `.agents` dictionaries and report what they hold.
    Import {
        /// Dictionary files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
enum TrainCommand {
    /// POS tagger and lemmatizer (UD CoNLL-U).
    Pos {
        #[command(flatten)]
        files: TrainFiles,
        /// Unlabelled news text (CoNLL-2003 columns or CoNLL-U) for the word lexicon.
        #[arg(long)]
        news: Vec<PathBuf>,
    },
    /// Named-entity recognizer (CoNLL-2003 columns).
    Ner {
        #[command(flatten)]
        files: TrainFiles,
        /// After picking the epochs on --dev, retrain on train + dev (the shipped model).
        #[arg(long)]
        with_dev: bool,
    },
    /// Dependency parser (UD CoNLL-U), on jackknifed POS tags.
    Parse {
        #[command(flatten)]
        files: TrainFiles,
        /// Jackknife folds for the training tags (0: gold tags).
        #[arg(long, default_value_t = 5)]
        folds: usize,
        /// Unlabelled news text for the fold taggers' lexicon (as `train pos --news`).
        #[arg(long)]
        news: Vec<PathBuf>,
        /// Perceptrons trained on different shuffles and averaged into one model.
        #[arg(long, default_value_t = chronicler_parse::TrainOptions::default().ensemble)]
        ensemble: usize,
        /// Write the jackknifed training tags to this file (`UPOS<TAB>XPOS` lines,
        /// for the parse crate's `train_parse` example).
        #[arg(long)]
        save_tags: Option<PathBuf>,
    },
}

#[derive(clap::Args, Debug)]
struct TrainFiles {
    /// Training file.
    #[arg(long)]
    train: PathBuf,
    /// Development file (model selection).
    #[arg(long)]
    dev: PathBuf,
    /// Where to write the model.
    #[arg(long)]
    out: PathBuf,
}

#[derive(Subcommand, Debug)]
enum EvalCommand {
    /// Sentence and token F1 on raw text rebuilt from a CoNLL-U file.
    Segment { conllu: PathBuf },
    /// UPOS, XPOS and lemma accuracy with gold tokens.
    Pos { conllu: PathBuf },
    /// Exact-span NER F1 (conlleval rules) on CoNLL-2003 columns.
    Ner {
        conll: PathBuf,
        /// A model file to score instead of the embedded one.
        #[arg(long)]
        model: Option<PathBuf>,
    },
    /// UAS and LAS with gold tokens and predicted POS.
    Parse {
        conllu: PathBuf,
        /// A model file to score instead of the embedded one.
        #[arg(long)]
        model: Option<PathBuf>,
        /// Parser beam width: wider is more accurate and slower (EWT test UAS /
        /// LAS: 1, greedy, 0.857 / 0.829; 4: 0.870 / 0.841; 8: 0.873 / 0.844,
        /// parsing about 4 and 9 times slower).
        #[arg(long, default_value_t = 1, value_name = "K")]
        parse_beam: usize,
    },
    /// Event coding on the development gold standards in the shared data
    /// folder: PLOVER GSR type accuracy and country agreement, ConfliBERT
    /// penta-class accuracy and argument span F1.
    Events {
        /// The shared data folder (holds `data/eventcoding/dev-gold`).
        #[arg(default_value = "../shared")]
        shared: PathBuf,
        /// Use only the first N ConfliBERT sentences.
        #[arg(long)]
        limit: Option<usize>,
        /// Also list every country miss, type confusion and class miss.
        #[arg(long)]
        misses: bool,
    },
    /// Quote extraction on a PolNeAR folder (`text/`, `attributions/`):
    /// precision, recall and F1 of quote contents, speaker accuracy.
    Quotes {
        /// The PolNeAR folder.
        #[arg(default_value = "../shared/data/polnear-train")]
        dir: PathBuf,
        /// Use every N-th article only.
        #[arg(long, default_value_t = 1)]
        every: usize,
        /// With --every: the first article used (0-based).
        #[arg(long, default_value_t = 0)]
        offset: usize,
    },
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum WithLayer {
    /// The opt-in `tokens` array (form, lemma, upos, xpos, head, deprel, offsets).
    Tokens,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Extract entities, actors, times, events and quotes (the output contract).
    Extract {
        /// Publication date (YYYY-MM-DD) for documents that carry none.
        #[arg(long)]
        date: Option<String>,
        /// Document id (for a single document or standard input).
        #[arg(long)]
        id: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutFormat::Jsonl)]
        format: OutFormat,
        /// Worker threads (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
        /// Optional extra output layers.
        #[arg(long = "with", value_enum)]
        with: Vec<WithLayer>,
        /// Add to each event the lexicon entry and parse path that produced it.
        #[arg(long)]
        explain: bool,
        /// Largest document accepted, in bytes of text.
        #[arg(long, default_value_t = 10_000_000)]
        max_bytes: usize,
        /// Extra actor dictionary: a knowledge-base TSV file or a PETRARCH/TABARI
        /// `.actors`/`.agents` file (repeatable).
        #[arg(long = "dictionary")]
        dictionaries: Vec<PathBuf>,
        /// Parser beam width: 4 is more accurate (EWT test UAS 0.870 against
        /// 0.857) and parses about four times slower; 1 is greedy.
        #[arg(long, default_value_t = 1, value_name = "K")]
        parse_beam: usize,
        /// Inputs: files, folders (recursive), `.jsonl` files, or `-` for stdin.
        #[arg(default_value = "-")]
        paths: Vec<PathBuf>,
    },
    /// Tag gold-tokenised text: named entities (CoNLL) or POS and lemmas (CoNLL-U).
    Tag {
        /// Input and output format.
        #[arg(long, value_enum)]
        format: TagFormat,
        /// Worker threads (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
        /// Input file, or `-` for stdin.
        #[arg(default_value = "-")]
        path: PathBuf,
    },
    /// Parse gold-tokenised CoNLL-U: predicted UPOS, XPOS, HEAD, DEPREL.
    Parse {
        /// Input and output format.
        #[arg(long, value_enum, default_value_t = ParseFormat::Conllu)]
        format: ParseFormat,
        /// Parser beam width: 4 is more accurate (EWT test UAS 0.870 against
        /// 0.857) and parses about four times slower; 1 is greedy.
        #[arg(long, default_value_t = 1, value_name = "K")]
        parse_beam: usize,
        /// Worker threads (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
        /// Input file, or `-` for stdin.
        #[arg(default_value = "-")]
        path: PathBuf,
    },
    /// Train a model from annotated data (reproduces the files in models/).
    Train {
        #[command(subcommand)]
        command: TrainCommand,
    },
    /// Score a stage against gold data.
    Eval {
        #[command(subcommand)]
        command: EvalCommand,
    },
    /// The actor knowledge base.
    Actors {
        #[command(subcommand)]
        command: ActorsCommand,
    },
    /// Measure the pipeline's throughput (one thread) and each stage's share.
    Bench {
        /// Use only the first N documents.
        #[arg(long)]
        limit: Option<usize>,
        /// Run the stages up to and including this one only (e.g. `ner`
        /// for POS + NER tagging).
        #[arg(long, value_name = "STAGE")]
        upto: Option<String>,
        /// Parser beam width: 4 is more accurate (EWT test UAS 0.870 against
        /// 0.857) and parses about four times slower; 1 is greedy.
        #[arg(long, default_value_t = 1, value_name = "K")]
        parse_beam: usize,
        /// Corpus: files, folders, `.jsonl` files.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
}

fn parse_date(s: &str) -> Result<chronicler_doc::NaiveDate> {
    chronicler_doc::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .with_context(|| format!("--date: expected YYYY-MM-DD, found `{s}`"))
}

fn read_input(path: &std::path::Path) -> Result<String> {
    use std::io::Read;
    if path.as_os_str() == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .context("reading standard input as UTF-8")?;
        Ok(s)
    } else {
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
    }
}

fn source_name(path: &std::path::Path) -> String {
    if path.as_os_str() == "-" {
        "stdin".into()
    } else {
        path.display().to_string()
    }
}

fn pool(threads: Option<usize>) -> Result<rayon::ThreadPool> {
    let n = threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    Ok(rayon::ThreadPoolBuilder::new().num_threads(n).build()?)
}

fn write_stdout(s: &str) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(s.as_bytes())?;
    out.flush()?;
    Ok(())
}

fn real_main() -> Result<ExitCode> {
    let cli = Cli::parse();
    match cli.command {
        Command::Extract {
            date,
            id,
            format,
            threads,
            with,
            explain,
            max_bytes,
            dictionaries,
            parse_beam,
            paths,
        } => {
            let opts = ExtractOptions {
                date: date.as_deref().map(parse_date).transpose()?,
                id,
                format: match format {
                    OutFormat::Jsonl => chronicler_output::Format::Jsonl,
                    OutFormat::Json => chronicler_output::Format::Json,
                    OutFormat::Tsv => chronicler_output::Format::Tsv,
                },
                threads,
                tokens: with.contains(&WithLayer::Tokens),
                explain,
                max_bytes,
                dictionaries,
                parse_beam,
            };
            let summary = run_extract(&paths, &opts)?;
            if summary.ok == 0 {
                match summary.first_error {
                    Some(e) => bail!("nothing could be read: {e}"),
                    None => bail!("nothing could be read: no input documents"),
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Tag {
            format,
            threads,
            path,
        } => {
            let input = read_input(&path)?;
            let pool = pool(threads)?;
            let out = match format {
                TagFormat::Conll => {
                    let tagger = chronicler_tag::ner::NerTagger::load_default()?;
                    chronicler::conll::tag_conll(&tagger, &input, &pool)
                }
                TagFormat::Conllu => {
                    let tagger = chronicler_tag::PosTagger::load_default()?;
                    chronicler::conllu::tag_conllu(&tagger, &input, &source_name(&path), &pool)?
                }
            };
            write_stdout(&out)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Parse {
            format: ParseFormat::Conllu,
            parse_beam,
            threads,
            path,
        } => {
            let input = read_input(&path)?;
            let pool = pool(threads)?;
            let tagger = chronicler_tag::PosTagger::load_default()?;
            let parser = chronicler_parse::Parser::load_default()?
                .with_decoding(chronicler_parse::Decoding::beam(parse_beam));
            let out = chronicler::conllu::parse_conllu(
                &tagger,
                &parser,
                &input,
                &source_name(&path),
                &pool,
            )?;
            write_stdout(&out)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Actors {
            command: ActorsCommand::Lookup { name, date },
        } => {
            let coder = chronicler_actors::ActorCoder::try_new()?;
            let date = date.as_deref().map(parse_date).transpose()?;
            match coder.lookup(&name, date) {
                Some(l) => {
                    println!("id:    {}", l.id);
                    println!("name:  {}", l.name);
                    println!("kind:  {:?}", l.kind);
                    println!(
                        "code:  {}",
                        l.code.as_deref().unwrap_or("(none on this date)")
                    );
                    println!("why:   {}", l.why);
                    for c in &l.codes {
                        println!(
                            "role:  {} {}..{}",
                            c.code,
                            c.from.as_deref().unwrap_or(""),
                            c.until.as_deref().unwrap_or("")
                        );
                    }
                    Ok(ExitCode::SUCCESS)
                }
                None => bail!("no actor known by the name `{name}`"),
            }
        }
        Command::Actors {
            command: ActorsCommand::Import { files },
        } => {
            for f in &files {
                let text = std::fs::read_to_string(f)
                    .with_context(|| format!("reading {}", f.display()))?;
                let entries = chronicler_actors::import_petrarch(&text)
                    .with_context(|| format!("importing {}", f.display()))?;
                println!("{}\t{} entries", f.display(), entries.len());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Train { command } => {
            let msg = match command {
                TrainCommand::Pos { files, news } => {
                    let opts = chronicler_tag::TrainOptions {
                        news,
                        verbose: true,
                        ..chronicler_tag::TrainOptions::default()
                    };
                    let (tagger, r) = chronicler_tag::pos::train(&files.train, &files.dev, &opts)?;
                    tagger.save(&files.out)?;
                    format!(
                        "best epoch {}: dev {}; {:.0} s; wrote {}",
                        r.best_epoch,
                        r.dev,
                        r.seconds,
                        files.out.display()
                    )
                }
                TrainCommand::Ner { files, with_dev } => {
                    let opts = chronicler_tag::ner::TrainOptions {
                        with_dev,
                        ..chronicler_tag::ner::TrainOptions::default()
                    };
                    let m = chronicler_tag::ner::train_with_log(
                        &files.train,
                        &files.dev,
                        &opts,
                        &mut |line| eprintln!("{line}"),
                    )?;
                    std::fs::write(&files.out, &m.bytes)
                        .with_context(|| format!("writing {}", files.out.display()))?;
                    format!("dev:\n{}wrote {}", m.dev, files.out.display())
                }
                TrainCommand::Parse {
                    files,
                    folds,
                    news,
                    ensemble,
                    save_tags,
                } => chronicler::train::train_parse(&chronicler::train::ParseTrainArgs {
                    train: files.train,
                    dev: files.dev,
                    out: files.out,
                    folds,
                    news,
                    ensemble,
                    save_tags,
                })?,
            };
            eprintln!("{msg}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval { command } => {
            match command {
                EvalCommand::Segment { conllu } => {
                    let seg = chronicler_segment::Segmenter::new();
                    let e = chronicler_segment::eval::eval_conllu(&conllu, &seg)?;
                    println!("{e:#?}");
                }
                EvalCommand::Pos { conllu } => {
                    let tagger = chronicler_tag::PosTagger::load_default()?;
                    println!("{}", tagger.evaluate(&conllu)?);
                }
                EvalCommand::Ner { conll, model } => {
                    let tagger = match model {
                        Some(m) => chronicler_tag::ner::NerTagger::load(&m)?,
                        None => chronicler_tag::ner::NerTagger::load_default()?,
                    };
                    println!("{}", chronicler_tag::ner::evaluate(&tagger, &conll)?);
                }
                EvalCommand::Parse {
                    conllu,
                    model,
                    parse_beam,
                } => {
                    let tagger = chronicler_tag::PosTagger::load_default()?;
                    let parser = match model {
                        Some(m) => chronicler_parse::Parser::load(&m)?,
                        None => chronicler_parse::Parser::load_default()?,
                    }
                    .with_decoding(chronicler_parse::Decoding::beam(parse_beam));
                    let gold = chronicler_learn::corpus::read_conllu(&conllu)?;
                    let tags = chronicler::train::tag_sentences(&tagger, &gold);
                    let e = parser.evaluate(&gold, &tags);
                    println!(
                        "{} sentences, {} words: UAS {:.4}  LAS {:.4}  LAS (full labels) {:.4}",
                        e.sentences, e.words, e.uas, e.las, e.las_full
                    );
                }
                EvalCommand::Events {
                    shared,
                    limit,
                    misses,
                } => chronicler::eval::events(&shared, limit.unwrap_or(usize::MAX), misses)?,
                EvalCommand::Quotes { dir, every, offset } => {
                    chronicler::eval::quotes(&dir, every, offset)?
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench {
            limit,
            upto,
            parse_beam,
            paths,
        } => {
            let docs = chronicler::bench::load_documents(&paths, limit);
            if docs.is_empty() {
                bail!("no readable documents in the given paths");
            }
            let config = chronicler::PipelineConfig {
                parse_beam,
                ..Default::default()
            };
            let report = chronicler::bench::bench_pipeline(&docs, upto.as_deref(), &config)?;
            print!("{}", report.render());
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn main() -> ExitCode {
    match real_main() {
        Ok(code) => code,
        Err(e) => {
            if e.chain()
                .filter_map(|c| c.downcast_ref::<std::io::Error>())
                .any(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("chronicler: error: {}", error_chain(&e));
            ExitCode::from(2)
        }
    }
}

/// The error and its causes joined by ": ", leaving out a cause whose text
/// the message already holds (library errors often print their source too).
fn error_chain(e: &anyhow::Error) -> String {
    let mut msg = e.to_string();
    for cause in e.chain().skip(1) {
        let c = cause.to_string();
        if !msg.contains(&c) {
            msg.push_str(": ");
            msg.push_str(&c);
        }
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::error_chain;
    use anyhow::Context;

    #[test]
    fn error_chain_says_each_cause_once() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
        let e = Err::<(), _>(io)
            .context("reading dev.conllu: no such file")
            .context("training the parser")
            .unwrap_err();
        assert_eq!(
            error_chain(&e),
            "training the parser: reading dev.conllu: no such file"
        );
    }
}
