//! Errors: [`Error`] says what went wrong, [`DocError`] says for which document.

use std::fmt;
use std::path::PathBuf;

/// What went wrong while reading one document.
///
/// Every message says what was found and what was expected. The messages are
/// part of the output (`{"id": ..., "error": ...}`), so they are stable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A path given by the user does not exist.
    #[error("no such file or directory: {}", .0.display())]
    NotFound(PathBuf),
    /// A file or folder exists but could not be read.
    #[error("cannot read {}: {message}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The operating system's message.
        message: String,
    },
    /// The input has no text (no bytes, or only white space).
    #[error("empty document")]
    Empty,
    /// The input looks like a binary file (NUL bytes, control bytes).
    #[error(
        "binary file: {bad} of the first {sample} bytes are NUL or control bytes; \
         expected text, HTML or JSON Lines"
    )]
    Binary {
        /// NUL and control bytes found in the sample.
        bad: usize,
        /// Size of the sample looked at.
        sample: usize,
    },
    /// The input is not UTF-8 and no single encoding decodes it cleanly.
    #[error(
        "undecodable text: {replaced} of {total} characters could not be decoded as {encoding}; \
         expected UTF-8 or one legacy encoding"
    )]
    Undecodable {
        /// The encoding tried last.
        encoding: &'static str,
        /// Characters replaced by U+FFFD.
        replaced: usize,
        /// Characters decoded.
        total: usize,
    },
    /// The document is over [`IngestOptions::max_bytes`](crate::IngestOptions::max_bytes).
    #[error("document too large ({size} bytes > limit {limit})")]
    TooLarge {
        /// Size found, in bytes.
        size: u64,
        /// The limit, in bytes.
        limit: usize,
    },
    /// A JSON Lines record is not valid JSON.
    #[error("invalid JSON: {0}")]
    InvalidJson(String),
    /// A JSON Lines record is valid JSON but not an object.
    #[error("expected a JSON object, found {0}")]
    NotAnObject(&'static str),
    /// A JSON Lines record has neither `text` nor `html`.
    #[error("expected a \"text\" or \"html\" field")]
    MissingText,
    /// A JSON Lines field has the wrong type.
    #[error("field \"{field}\" must be {expected}, found {found}")]
    FieldType {
        /// The field name.
        field: &'static str,
        /// What the field must be.
        expected: &'static str,
        /// What was found.
        found: &'static str,
    },
    /// A JSON Lines `date` field could not be read as a date.
    #[error(
        "field \"date\": cannot read {0:?} as a date; expected YYYY-MM-DD, \
         an ISO 8601 date-time or an RFC 2822 date"
    )]
    BadDate(String),
    /// A JSON Lines file encoded as UTF-16.
    #[error("JSON Lines in UTF-16 are not supported; expected UTF-8 (convert the file first)")]
    Utf16Jsonl,
    /// An HTML page whose block elements nest deeper than any real page
    /// (parsing it would take time quadratic in the depth).
    #[error("HTML nested too deeply ({depth} levels of block elements > limit {limit})")]
    TooDeep {
        /// Depth found (approximate: from the tags, before parsing).
        depth: usize,
        /// The limit.
        limit: usize,
    },
    /// An HTML page without any article text.
    #[error("no article text found in HTML")]
    NoArticle,
}

/// A document that could not be read: which one, and why.
///
/// `id` is the document's id when it is known (a JSON Lines `id` field, a
/// file stem), else where it was found (`PATH:LINE` for a JSON Lines record,
/// the path as given for a missing path). Use [`DocError::message`] for the
/// `"error"` field of the output; `Display` writes `ID: MESSAGE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocError {
    /// The document's id, or where it was found.
    pub id: String,
    /// The line of a JSON Lines file (1-based), when the document was one.
    pub line: Option<u64>,
    /// What went wrong.
    pub error: Error,
}

impl DocError {
    /// A new error for document `id`.
    pub fn new(id: impl Into<String>, error: Error) -> DocError {
        DocError {
            id: id.into(),
            line: None,
            error,
        }
    }

    /// The same error, found at `line` of a JSON Lines file.
    pub fn at_line(mut self, line: u64) -> DocError {
        self.line = Some(line);
        self
    }

    /// The message for the output's `"error"` field: `line N: ` (for JSON
    /// Lines records) followed by the [`Error`] message.
    pub fn message(&self) -> String {
        match self.line {
            Some(line) => format!("line {line}: {}", self.error),
            None => self.error.to_string(),
        }
    }
}

impl fmt::Display for DocError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.id, self.message())
    }
}

impl std::error::Error for DocError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_line_and_limit() {
        let e = DocError::new("feed.jsonl:3", Error::MissingText).at_line(3);
        assert_eq!(e.message(), "line 3: expected a \"text\" or \"html\" field");
        assert_eq!(
            e.to_string(),
            "feed.jsonl:3: line 3: expected a \"text\" or \"html\" field"
        );
        let e = Error::TooLarge {
            size: 52_428_800,
            limit: 10_485_760,
        };
        assert_eq!(
            e.to_string(),
            "document too large (52428800 bytes > limit 10485760)"
        );
        let e = Error::NotFound(PathBuf::from("nope/a.txt"));
        assert_eq!(e.to_string(), "no such file or directory: nope/a.txt");
    }
}
