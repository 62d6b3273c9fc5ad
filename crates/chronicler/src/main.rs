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
        /// Inputs: files, folders (recursive), `.jsonl` files, or `-` for stdin.
        #[arg(default_value = "-")]
        paths: Vec<PathBuf>,
    },
    /// Measure the pipeline's throughput (one thread) and each stage's share.
    Bench {
        /// Use only the first N documents.
        #[arg(long)]
        limit: Option<usize>,
        /// Corpus: files, folders, `.jsonl` files.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
}

fn parse_date(s: &str) -> Result<chronicler_doc::NaiveDate> {
    chronicler_doc::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .with_context(|| format!("--date: expected YYYY-MM-DD, found `{s}`"))
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
        Command::Bench { limit, paths } => {
            let docs = chronicler::bench::load_documents(&paths, limit);
            if docs.is_empty() {
                bail!("no readable documents in the given paths");
            }
            let report = chronicler::bench::bench_pipeline(&docs)?;
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
            eprintln!("chronicler: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
