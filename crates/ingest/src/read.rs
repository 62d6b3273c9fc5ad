//! Paths, folders and readers → a lazy stream of raw documents ([`Inputs`]).

use crate::jsonl::{read_line_bounded, LineRead};
use crate::{DocError, Error, Kind};
use std::collections::VecDeque;
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// File extensions a folder walk takes (compared case-insensitively).
pub const FOLDER_EXTENSIONS: [&str; 7] = ["txt", "text", "html", "htm", "xhtml", "jsonl", "ndjson"];

/// Bytes looked at to tell JSON Lines from HTML or text.
const SNIFF: usize = 1024;

/// Capacity of the reader for JSON Lines.
const LINE_BUFFER: usize = 64 * 1024;

/// One document's input, read but not yet decoded or parsed.
///
/// Made by [`Inputs`]; turned into a [`Document`](chronicler_doc::Document)
/// by [`Ingestor::parse`](crate::Ingestor::parse). Reading is sequential
/// (input order), parsing can run in parallel.
#[derive(Debug, Clone)]
pub struct RawDoc {
    pub(crate) id: String,
    pub(crate) kind: Kind,
    pub(crate) bytes: Vec<u8>,
    pub(crate) line: Option<u64>,
    pub(crate) path: Option<PathBuf>,
}

impl RawDoc {
    /// The id the document gets unless its record names one.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The line of its JSON Lines file (1-based), if it came from one.
    pub fn line(&self) -> Option<u64> {
        self.line
    }

    /// Size of the raw input in bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// True when the raw input has no bytes.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

/// How to read a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Html,
    JsonLines,
    /// Look at the first bytes: `{` → JSON Lines, else HTML or text.
    Sniff,
}

fn format_of(path: &Path) -> Format {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("txt" | "text") => Format::Text,
        Some("html" | "htm" | "xhtml") => Format::Html,
        Some("jsonl" | "ndjson" | "json") => Format::JsonLines,
        _ => Format::Sniff,
    }
}

enum Pending {
    /// A path given by the caller (`-` is standard input).
    Path(PathBuf),
    /// A file found in a folder, with its id.
    Walked { path: PathBuf, id: String },
    /// A folder to list; ids are relative to `root`.
    Dir { path: PathBuf, root: PathBuf },
    /// A reader given by the caller.
    Reader {
        name: String,
        reader: Box<dyn Read + Send>,
    },
    /// An error found while listing a folder.
    Failed(DocError),
}

struct LineSource {
    reader: Box<dyn BufRead + Send>,
    name: String,
    line: u64,
    path: Option<PathBuf>,
}

/// A lazy stream of [`RawDoc`]s (or errors) from paths, folders and
/// readers, in input order. Made by [`Ingestor::inputs`](crate::Ingestor::inputs).
///
/// Folders are walked depth-first, entries sorted by name (bytes), so the
/// order does not depend on the file system. JSON Lines are read a line at
/// a time. Memory is bounded by the size limit whatever the input.
pub struct Inputs {
    queue: VecDeque<Pending>,
    lines: Option<LineSource>,
    max_bytes: usize,
    id_override: Option<String>,
    buf: Vec<u8>,
}

impl Inputs {
    pub(crate) fn new(max_bytes: usize, id_override: Option<String>) -> Inputs {
        Inputs {
            queue: VecDeque::new(),
            lines: None,
            max_bytes,
            id_override,
            buf: Vec::new(),
        }
    }

    pub(crate) fn push_path(&mut self, path: PathBuf) {
        self.queue.push_back(Pending::Path(path));
    }

    pub(crate) fn push_reader(&mut self, name: String, reader: Box<dyn Read + Send>) {
        self.queue.push_back(Pending::Reader { name, reader });
    }

    fn next_inner(&mut self) -> Option<Result<RawDoc, DocError>> {
        loop {
            if let Some(item) = self.next_line() {
                return Some(item);
            }
            let item = match self.queue.pop_front()? {
                Pending::Path(path) if path.as_os_str() == "-" => {
                    let stdin: Box<dyn Read + Send> = Box::new(io::stdin());
                    self.read_source("stdin".into(), None, Format::Sniff, stdin, None)
                }
                Pending::Path(path) => self.open_path(path),
                Pending::Walked { path, id } => self.open_file(path, id),
                Pending::Dir { path, root } => self.list_dir(&path, &root),
                Pending::Reader { name, reader } => {
                    self.read_source(name, None, Format::Sniff, reader, None)
                }
                Pending::Failed(e) => Some(Err(e)),
            };
            if item.is_some() {
                return item;
            }
        }
    }

    /// The next record of the current JSON Lines source, if any.
    fn next_line(&mut self) -> Option<Result<RawDoc, DocError>> {
        loop {
            let src = self.lines.as_mut()?;
            let read = read_line_bounded(&mut *src.reader, &mut self.buf, self.max_bytes);
            let n = src.line + 1;
            let id = format!("{}:{n}", src.name);
            match read {
                Ok(LineRead::Eof) => {
                    self.lines = None;
                    return None;
                }
                Ok(LineRead::TooLong(size)) => {
                    src.line = n;
                    let e = Error::TooLarge {
                        size,
                        limit: self.max_bytes,
                    };
                    return Some(Err(DocError::new(id, e).at_line(n)));
                }
                Ok(LineRead::Line) => {
                    src.line = n;
                    let mut bytes = self.buf.as_slice();
                    if n == 1 {
                        if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
                            self.lines = None;
                            return Some(Err(DocError::new(id, Error::Utf16Jsonl).at_line(n)));
                        }
                        bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
                    }
                    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
                    if bytes.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    return Some(Ok(RawDoc {
                        id,
                        kind: Kind::Json,
                        bytes: bytes.to_vec(),
                        line: Some(n),
                        path: src.path.clone(),
                    }));
                }
                Err(e) => {
                    let name = src.name.clone();
                    self.lines = None;
                    let e = Error::Io {
                        path: PathBuf::from(&name),
                        message: e.to_string(),
                    };
                    return Some(Err(DocError::new(id, e).at_line(n)));
                }
            }
        }
    }

    fn open_path(&mut self, path: PathBuf) -> Option<Result<RawDoc, DocError>> {
        match fs::metadata(&path) {
            Ok(m) if m.is_dir() => self.list_dir(&path, &path),
            Ok(_) => {
                let id = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| path.display().to_string());
                self.open_file(path, id)
            }
            Err(e) => Some(Err(io_error(&path, path.display().to_string(), &e))),
        }
    }

    fn open_file(&mut self, path: PathBuf, id: String) -> Option<Result<RawDoc, DocError>> {
        let file = match File::open(&path) {
            Ok(f) => f,
            Err(e) => return Some(Err(io_error(&path, id, &e))),
        };
        let format = format_of(&path);
        if format != Format::JsonLines {
            if let Ok(m) = file.metadata() {
                if m.is_file() && m.len() > self.max_bytes as u64 {
                    let e = Error::TooLarge {
                        size: m.len(),
                        limit: self.max_bytes,
                    };
                    return Some(Err(DocError::new(id, e)));
                }
            }
        }
        let name = path.display().to_string();
        self.read_source(name, Some(id), format, Box::new(file), Some(path))
    }

    /// Reads one source: switches to line mode for JSON Lines (returns
    /// `None`), else reads the whole document, bounded.
    fn read_source(
        &mut self,
        name: String,
        id: Option<String>,
        format: Format,
        mut reader: Box<dyn Read + Send>,
        path: Option<PathBuf>,
    ) -> Option<Result<RawDoc, DocError>> {
        let id = id.unwrap_or_else(|| name.clone());
        let io_fail = |e: &io::Error, id: String| {
            let path = path.clone().unwrap_or_else(|| PathBuf::from(&name));
            DocError::new(
                id,
                Error::Io {
                    path,
                    message: e.to_string(),
                },
            )
        };
        let mut head = Vec::new();
        let kind = match format {
            Format::JsonLines => {
                self.start_lines(name, BufReader::with_capacity(LINE_BUFFER, reader), path);
                return None;
            }
            Format::Text => Kind::Text,
            Format::Html => Kind::Html,
            Format::Sniff => {
                if let Err(e) = reader.by_ref().take(SNIFF as u64).read_to_end(&mut head) {
                    return Some(Err(io_fail(&e, id)));
                }
                if looks_like_json_lines(&head) {
                    let chained = io::Cursor::new(head).chain(reader);
                    self.start_lines(name, BufReader::with_capacity(LINE_BUFFER, chained), path);
                    return None;
                }
                Kind::Auto
            }
        };
        let mut bytes = head;
        let room = (self.max_bytes + 1).saturating_sub(bytes.len()) as u64;
        if let Err(e) = reader.by_ref().take(room).read_to_end(&mut bytes) {
            return Some(Err(io_fail(&e, id)));
        }
        if bytes.len() > self.max_bytes {
            // Count the rest without keeping it.
            let rest = io::copy(&mut reader, &mut io::sink()).unwrap_or(0);
            let e = Error::TooLarge {
                size: bytes.len() as u64 + rest,
                limit: self.max_bytes,
            };
            return Some(Err(DocError::new(id, e)));
        }
        Some(Ok(RawDoc {
            id,
            kind,
            bytes,
            line: None,
            path,
        }))
    }

    fn start_lines<R: BufRead + Send + 'static>(
        &mut self,
        name: String,
        reader: R,
        path: Option<PathBuf>,
    ) {
        self.lines = Some(LineSource {
            reader: Box::new(reader),
            name,
            line: 0,
            path,
        });
    }

    /// Lists a folder: hidden entries skipped, files kept by extension
    /// ([`FOLDER_EXTENSIONS`]), symbolic links to files followed, to folders
    /// not (no cycles). Entries go to the front of the queue, sorted.
    fn list_dir(&mut self, path: &Path, root: &Path) -> Option<Result<RawDoc, DocError>> {
        let read = match fs::read_dir(path) {
            Ok(r) => r,
            Err(e) => return Some(Err(io_error(path, path.display().to_string(), &e))),
        };
        let mut entries = Vec::new();
        for entry in read {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let err = io_error(path, path.display().to_string(), &e);
                    entries.push((Default::default(), Pending::Failed(err)));
                    continue;
                }
            };
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            let child = entry.path();
            let Ok(ft) = entry.file_type() else { continue };
            let (is_dir, is_file) = if ft.is_symlink() {
                (false, fs::metadata(&child).is_ok_and(|m| m.is_file()))
            } else {
                (ft.is_dir(), ft.is_file())
            };
            if is_dir {
                let pending = Pending::Dir {
                    path: child,
                    root: root.to_path_buf(),
                };
                entries.push((name, pending));
            } else if is_file && wanted(&child) {
                let id = walked_id(&child, root);
                entries.push((name, Pending::Walked { path: child, id }));
            }
        }
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        for (_, pending) in entries.into_iter().rev() {
            self.queue.push_front(pending);
        }
        None
    }
}

impl Iterator for Inputs {
    type Item = Result<RawDoc, DocError>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut item = self.next_inner()?;
        if let Some(id) = self.id_override.take() {
            match &mut item {
                Ok(raw) => raw.id = id,
                Err(e) => e.id = id,
            }
        }
        Some(item)
    }
}

fn wanted(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| FOLDER_EXTENSIONS.iter().any(|w| w.eq_ignore_ascii_case(e)))
}

/// `a/b/story.txt` under root `a` → `b/story`.
fn walked_id(path: &Path, root: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path).with_extension("");
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

fn io_error(path: &Path, id: String, e: &io::Error) -> DocError {
    let error = if e.kind() == io::ErrorKind::NotFound {
        Error::NotFound(path.to_path_buf())
    } else {
        Error::Io {
            path: path.to_path_buf(),
            message: e.to_string(),
        }
    };
    DocError::new(id, error)
}

/// First byte after a UTF-8 BOM and white space is `{`.
fn looks_like_json_lines(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    head.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_formats() {
        assert_eq!(
            walked_id(
                Path::new("corpus/2018/may/story.one.txt"),
                Path::new("corpus")
            ),
            "2018/may/story.one"
        );
        assert_eq!(format_of(Path::new("a.JSONL")), Format::JsonLines);
        assert_eq!(format_of(Path::new("a.htm")), Format::Html);
        assert_eq!(format_of(Path::new("README")), Format::Sniff);
        assert!(wanted(Path::new("x/A.TXT")));
        assert!(!wanted(Path::new("x/a.json")));
        assert!(looks_like_json_lines(b"\xEF\xBB\xBF \n{\"id\":1}"));
        assert!(!looks_like_json_lines(b"<html>"));
    }
}
