//! # chronicler-ingest: bytes, files, HTML and JSON Lines → [`Document`]s
//!
//! The first stage of Chronicler. It reads plain-text files, HTML pages,
//! JSON Lines (one article a line), folders (recursively) and standard
//! input, and makes one [`Document`] per article: its analysed `text` and
//! its [`Meta`] (id, title, publication date and where it came from, URL,
//! source). It adds no annotation layer.
//!
//! ## The analysed text
//!
//! [`Document::text`] is fixed here and every later span points into it. It
//! is the decoded input (for HTML: the extracted article body) with
//! - `\r\n` and lone `\r` turned into `\n` (also U+2028, U+2029),
//! - every other control character (NUL and the rest of C0 except `\n` and
//!   `\t`, DEL, C1) turned into a space.
//!
//! Nothing else changes: leading and trailing white space stays, so for a
//! UTF-8 file without `\r` the text is the file, byte for byte.
//!
//! ## Steps
//!
//! 1. **Read** ([`Inputs`]): paths in order; `-` is standard input; a folder
//!    is walked depth-first in byte order of names, hidden entries skipped,
//!    taking [`FOLDER_EXTENSIONS`] (`.txt .text .html .htm .xhtml .jsonl
//!    .ndjson`; `.json` only when named explicitly, read as JSON Lines).
//!    The format comes from the extension, else from the first bytes (`{`
//!    → JSON Lines, else HTML or text). JSON Lines are read a line at a time
//!    with a bounded reader, so a file of any size streams, and a line over
//!    the limit is skipped with an error without being held in memory.
//! 2. **Decode**: BOMs stripped (UTF-8, UTF-16), UTF-16 recognised, binary
//!    input rejected, invalid UTF-8 repaired or decoded with the legacy
//!    encoding `chardetng` finds (`encoding_rs`), see [`Error::Undecodable`].
//! 3. **Extract** (HTML): `dom_smoothie` (Readability) finds the article;
//!    its HTML becomes paragraphs separated by blank lines. Title, date and
//!    URL come from meta tags, JSON-LD and `<time>`. Pages whose block
//!    elements nest deeper than 400 levels are refused ([`Error::TooDeep`]):
//!    parsing them takes time quadratic in the depth.
//! 4. **Title**: the record's `title`, else the HTML title, else for plain
//!    text the first line when it looks like a headline (short, more text
//!    follows, no closing `.`, `,`, `;` or `:`, not a dateline).
//! 5. **Date**: the record's `date` ([`DateSource::Metadata`]), else HTML
//!    metadata ([`DateSource::Html`]), else a dateline at the start of the
//!    text ("BEIJING, May 7 (Reuters) -", [`DateSource::Dateline`]; without a
//!    year only with [`IngestOptions::default_date`] as the reference), else,
//!    for a file that is not JSON Lines, a date in the file's name
//!    ("breitbart_2016-05-12_trump.txt", "20180507-kim.html",
//!    [`DateSource::Filename`]), else [`IngestOptions::default_date`]
//!    ([`DateSource::Option`]).
//!
//! A document that cannot be read becomes a [`DocError`] in its place in
//! the stream; the rest goes on.
//!
//! ## Ids
//!
//! A record's `id` (string or number); else the file stem for a file named
//! by the caller, the path under the folder without extension for a file
//! found in a folder (`2018/may/story`), `PATH:LINE` for a JSON Lines record
//! without id, `stdin` (or `stdin:LINE`) for standard input.
//! [`IngestOptions::id`] replaces the derived id of the first document.
//!
//! ## Example
//!
//! ```
//! use chronicler_ingest::{Ingestor, IngestOptions, Kind};
//! use chronicler_doc::{DateSource, NaiveDate};
//!
//! let ingest = Ingestor::new(IngestOptions {
//!     default_date: NaiveDate::from_ymd_opt(2021, 3, 2),
//!     ..IngestOptions::default()
//! });
//! let doc = ingest.from_bytes(
//!     "harbour",
//!     b"OSLO, March 1 (Reuters) - The harbour board\r\nvoted to reopen the pier.",
//!     Kind::Auto,
//! )?;
//! assert_eq!(doc.text(), "OSLO, March 1 (Reuters) - The harbour board\nvoted to reopen the pier.");
//! assert_eq!(doc.meta.date, NaiveDate::from_ymd_opt(2021, 3, 1));
//! assert_eq!(doc.meta.date_source, DateSource::Dateline);
//!
//! let line = br#"{"id": 42, "html": "<p>The mayor&rsquo;s plan passed.</p>", "date": "2021-03-04"}"#;
//! let doc = ingest.from_bytes("unused", line, Kind::Json)?;
//! assert_eq!((doc.meta.id.as_str(), doc.text()), ("42", "The mayor’s plan passed."));
//!
//! let err = ingest.from_bytes("blank", b"  \n", Kind::Text).unwrap_err();
//! assert_eq!(err.message(), "empty document");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

mod date;
mod decode;
mod error;
mod html;
mod jsonl;
mod read;

pub use chronicler_doc::{DateSource, Document, Meta, NaiveDate};
pub use error::{DocError, Error};
pub use read::{Inputs, RawDoc, FOLDER_EXTENSIONS};

use std::io::Read;
use std::path::Path;

/// Default [`IngestOptions::max_bytes`]: 10 MiB.
pub const DEFAULT_MAX_BYTES: usize = 10 * 1024 * 1024;

/// Largest accepted [`IngestOptions::max_bytes`]: 1 GiB (the decoded text
/// must stay well under the 4 GiB that spans can address).
pub const MAX_BYTES_CEILING: usize = 1 << 30;

/// Options of an [`Ingestor`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngestOptions {
    /// Largest document, in raw input bytes (a file, a JSON Lines line,
    /// standard input). Larger ones give [`Error::TooLarge`]. Clamped to
    /// [`MAX_BYTES_CEILING`].
    pub max_bytes: usize,
    /// Publication date for documents that carry none (the CLI's `--date`);
    /// also the reference year for datelines without a year.
    pub default_date: Option<NaiveDate>,
    /// Id for the first document, replacing its derived id (the CLI's
    /// `--id`). A JSON Lines record's own `id` still wins.
    pub id: Option<String>,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            max_bytes: DEFAULT_MAX_BYTES,
            default_date: None,
            id: None,
        }
    }
}

/// What the bytes given to [`Ingestor::from_bytes`] are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Kind {
    /// Find out: a JSON object, an HTML page, or plain text.
    #[default]
    Auto,
    /// Plain text.
    Text,
    /// An HTML page.
    Html,
    /// One JSON Lines record (a JSON object).
    Json,
}

/// Turns inputs into [`Document`]s. Holds only its options: cheap, `Send +
/// Sync`, one for the whole run.
#[derive(Debug, Clone, Default)]
pub struct Ingestor {
    options: IngestOptions,
}

impl Ingestor {
    /// An ingestor with these options.
    pub fn new(mut options: IngestOptions) -> Ingestor {
        options.max_bytes = options.max_bytes.min(MAX_BYTES_CEILING);
        Ingestor { options }
    }

    /// The options in force.
    pub fn options(&self) -> &IngestOptions {
        &self.options
    }

    /// Documents from `paths` (`-` = standard input), in input order,
    /// lazily: one item per document, an error item in place of each
    /// document that cannot be read.
    pub fn read_paths<P: AsRef<Path>>(&self, paths: &[P]) -> Documents<'_> {
        Documents::new(self, self.inputs(paths))
    }

    /// Documents from a reader (sniffed like standard input: JSON Lines,
    /// HTML or text); `name` stands for the path in ids (`NAME`, `NAME:LINE`).
    pub fn read_reader<R: Read + Send + 'static>(&self, name: &str, reader: R) -> Documents<'_> {
        let mut inputs = Inputs::new(self.options.max_bytes, self.options.id.clone());
        inputs.push_reader(name.to_string(), Box::new(reader));
        Documents::new(self, inputs)
    }

    /// The raw inputs of `paths`, read but not parsed: for callers that read
    /// in order on one thread and [`parse`](Ingestor::parse) on many.
    pub fn inputs<P: AsRef<Path>>(&self, paths: &[P]) -> Inputs {
        let mut inputs = Inputs::new(self.options.max_bytes, self.options.id.clone());
        for p in paths {
            inputs.push_path(p.as_ref().to_path_buf());
        }
        inputs
    }

    /// Decodes and parses one raw input.
    pub fn parse(&self, raw: RawDoc) -> Result<Document, DocError> {
        let RawDoc {
            id,
            kind,
            bytes,
            line,
            path,
        } = raw;
        // a date in the file's name, for a document that dates itself nowhere
        let file_date = path
            .as_deref()
            .and_then(|p| p.file_name())
            .and_then(|n| n.to_str())
            .and_then(date::filename_date);
        let source = path.map(|p| p.display().to_string());
        let fail = |id: String, e: Error| match line {
            Some(n) => DocError::new(id, e).at_line(n),
            None => DocError::new(id, e),
        };
        let text = match decode::decode(bytes) {
            Ok(t) => t,
            Err(e) => return Err(fail(id, e)),
        };
        let is_json = match kind {
            Kind::Json => true,
            Kind::Auto => text.trim_start().starts_with('{'),
            _ => false,
        };
        if is_json {
            return self
                .record(&text, &id, source)
                .map_err(|(rid, e)| fail(rid.unwrap_or(id), e));
        }
        let meta = Meta {
            id,
            source,
            ..Meta::default()
        };
        let kind = match kind {
            Kind::Auto if looks_like_html(&text) => Kind::Html,
            Kind::Auto => Kind::Text,
            k => k,
        };
        let mut doc = self.body(meta, text, kind).map_err(|(id, e)| fail(id, e))?;
        if let Some(d) = file_date {
            if matches!(doc.meta.date_source, DateSource::None | DateSource::Option) {
                doc.meta.date = Some(d);
                doc.meta.date_source = DateSource::Filename;
            }
        }
        Ok(doc)
    }

    /// One document from bytes (the file or record content, any encoding).
    /// `id` is its id unless a JSON record names one.
    pub fn from_bytes(&self, id: &str, bytes: &[u8], kind: Kind) -> Result<Document, DocError> {
        if bytes.len() > self.options.max_bytes {
            let e = Error::TooLarge {
                size: bytes.len() as u64,
                limit: self.options.max_bytes,
            };
            return Err(DocError::new(id, e));
        }
        self.parse(RawDoc {
            id: id.to_string(),
            kind,
            bytes: bytes.to_vec(),
            line: None,
            path: None,
        })
    }

    /// One document from plain text already in memory (normalised and
    /// dated like a text file).
    pub fn from_text(&self, id: &str, text: &str) -> Result<Document, DocError> {
        let meta = Meta {
            id: id.to_string(),
            ..Meta::default()
        };
        self.body(meta, text.to_string(), Kind::Text)
            .map_err(|(id, e)| DocError::new(id, e))
    }

    /// A JSON Lines record → document. Errors carry the record's id if read.
    fn record(
        &self,
        line: &str,
        fallback_id: &str,
        source: Option<String>,
    ) -> Result<Document, (Option<String>, Error)> {
        let rec = jsonl::parse_record(line)?;
        let id = rec.id.unwrap_or_else(|| fallback_id.to_string());
        let mut meta = Meta {
            id,
            title: rec
                .title
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty()),
            url: rec.url.filter(|u| !u.trim().is_empty()),
            source: rec.source.or(source),
            ..Meta::default()
        };
        if let Some(d) = rec.date.filter(|d| !d.trim().is_empty()) {
            match date::parse_date(&d) {
                Some(date) => {
                    meta.date = Some(date);
                    meta.date_source = DateSource::Metadata;
                }
                None => return Err((Some(meta.id), Error::BadDate(d))),
            }
        }
        let (body, kind) = match (rec.text, rec.html) {
            (Some(text), _) => (text, Kind::Text),
            (None, Some(html)) => (html, Kind::Html),
            (None, None) => return Err((Some(meta.id), Error::MissingText)),
        };
        self.body(meta, body, kind).map_err(|(id, e)| (Some(id), e))
    }

    /// Text or HTML → normalised, dated document.
    fn body(&self, mut meta: Meta, text: String, kind: Kind) -> Result<Document, (String, Error)> {
        if text.trim().is_empty() {
            return Err((meta.id, Error::Empty));
        }
        let text = if kind == Kind::Html {
            let page = match html::extract(&text) {
                Ok(p) => p,
                Err(e) => return Err((meta.id, e)),
            };
            if meta.date.is_none() {
                if let Some(d) = page.date {
                    meta.date = Some(d);
                    meta.date_source = DateSource::Html;
                }
            }
            meta.title = meta.title.or(page.title);
            meta.url = meta.url.or(page.url);
            if page.site.is_some() {
                meta.source = page.site;
            }
            page.text
        } else {
            text
        };
        let text = decode::normalize(text);
        if text.trim().is_empty() {
            return Err((meta.id, Error::Empty));
        }
        if meta.title.is_none() && kind != Kind::Html {
            meta.title = headline(&text).map(str::to_string);
        }
        if meta.date.is_none() {
            if let Some(d) = date::dateline_date(&text, self.options.default_date) {
                meta.date = Some(d);
                meta.date_source = DateSource::Dateline;
            } else if let Some(d) = self.options.default_date {
                meta.date = Some(d);
                meta.date_source = DateSource::Option;
            }
        }
        Ok(Document::new(meta, text))
    }
}

/// The first line of a plain text as its title, when it looks like a
/// headline: more text follows, it has 2 to 30 words and at most 200 bytes,
/// it does not end like a sentence or clause (`.` `,` `;` `:`; `?` and `!`
/// are fine) and it is not a dateline (no dash separator).
fn headline(text: &str) -> Option<&str> {
    let text = text.trim_start();
    let (first, rest) = text.split_once('\n')?;
    let first = first.trim();
    let words = first.split_whitespace().count();
    let ok = !rest.trim().is_empty()
        && (2..=30).contains(&words)
        && first.len() <= 200
        && !first.ends_with(['.', ',', ';', ':', '-', '—', '–'])
        && !first.contains(" - ")
        && !first.contains(" -- ")
        && !first.contains('—');
    ok.then_some(first)
}

/// An HTML page, judged from its first kilobyte: it starts with `<` and
/// names a typical page element.
fn looks_like_html(text: &str) -> bool {
    let t = text.trim_start();
    if !t.starts_with('<') {
        return false;
    }
    let end = (0..=t.len().min(1024))
        .rev()
        .find(|&i| t.is_char_boundary(i))
        .unwrap_or(0);
    let head = t.get(..end).unwrap_or_default().to_ascii_lowercase();
    [
        "<!doctype html",
        "<html",
        "<head",
        "<body",
        "<meta",
        "<title",
        "<article",
        "<div",
        "<p>",
        "<p ",
        "<h1",
        "<!--",
        "<?xml",
    ]
    .iter()
    .any(|tag| head.contains(tag))
}

/// The documents of a run, lazily, in input order; counts what it yields
/// so the caller can tell "nothing could be read" (exit status 2).
pub struct Documents<'a> {
    ingestor: &'a Ingestor,
    inputs: Inputs,
    ok: usize,
    failed: usize,
}

impl<'a> Documents<'a> {
    fn new(ingestor: &'a Ingestor, inputs: Inputs) -> Documents<'a> {
        Documents {
            ingestor,
            inputs,
            ok: 0,
            failed: 0,
        }
    }

    /// Documents read so far.
    pub fn ok_count(&self) -> usize {
        self.ok
    }

    /// Errors yielded so far.
    pub fn error_count(&self) -> usize {
        self.failed
    }
}

impl Iterator for Documents<'_> {
    type Item = Result<Document, DocError>;

    fn next(&mut self) -> Option<Self::Item> {
        let item = self.inputs.next()?.and_then(|raw| self.ingestor.parse(raw));
        match item {
            Ok(_) => self.ok += 1,
            Err(_) => self.failed += 1,
        }
        Some(item)
    }
}
