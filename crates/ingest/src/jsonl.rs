//! JSON Lines: a bounded line reader and the record format.
//!
//! One record a line: `{"id", "text" | "html", "date"?, "title"?, "url"?,
//! "source"?}`. `id` is a string or a number; the others are strings or
//! `null` (`date` may also be a Unix time in seconds or milliseconds);
//! other fields are ignored. When both `text` and `html` are given,
//! `text` is used. Blank lines are skipped.

use crate::Error;
use serde_json::Value;
use std::io::{self, BufRead};

/// What [`read_line_bounded`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineRead {
    /// A line is in the buffer (without its `\n`).
    Line,
    /// A line of this many bytes (without its `\n`) was over the limit; it
    /// was skipped and the buffer holds nothing useful.
    TooLong(u64),
    /// End of input.
    Eof,
}

/// Reads one line into `buf`, keeping at most `limit` bytes: a longer line
/// is read through (counted, not kept) and reported as
/// [`LineRead::TooLong`]. Memory stays bounded by `limit` plus the reader's
/// buffer whatever the input.
pub(crate) fn read_line_bounded<R: BufRead + ?Sized>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    limit: usize,
) -> io::Result<LineRead> {
    buf.clear();
    let mut total: u64 = 0;
    let mut too_long = false;
    let mut any = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(match (any, too_long) {
                (false, _) => LineRead::Eof,
                (true, true) => LineRead::TooLong(total),
                (true, false) => LineRead::Line,
            });
        }
        any = true;
        let newline = available.iter().position(|&b| b == b'\n');
        let chunk = available
            .get(..newline.unwrap_or(available.len()))
            .unwrap_or_default();
        total += chunk.len() as u64;
        if !too_long {
            if buf.len() + chunk.len() > limit {
                too_long = true;
                buf.clear();
            } else {
                buf.extend_from_slice(chunk);
            }
        }
        let used = chunk.len() + usize::from(newline.is_some());
        reader.consume(used);
        if newline.is_some() {
            return Ok(if too_long {
                LineRead::TooLong(total)
            } else {
                LineRead::Line
            });
        }
    }
}

/// One JSON Lines record.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Record {
    pub id: Option<String>,
    pub text: Option<String>,
    pub html: Option<String>,
    pub date: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub source: Option<String>,
}

/// What a JSON value is, for messages.
fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Parses one record. On error, returns the record's id when it could be
/// read, so the error can name the document.
pub(crate) fn parse_record(line: &str) -> Result<Record, (Option<String>, Error)> {
    let value: Value = serde_json::from_str(line).map_err(|e| (None, json_error(&e, line)))?;
    let Value::Object(mut map) = value else {
        return Err((None, Error::NotAnObject(kind_of(&value))));
    };
    let id = match map.remove("id") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s).filter(|s| !s.trim().is_empty()),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(other) => {
            return Err((
                None,
                Error::FieldType {
                    field: "id",
                    expected: "a string or a number",
                    found: kind_of(&other),
                },
            ))
        }
    };
    let date = map.remove("date");
    let mut string = |field: &'static str| -> Result<Option<String>, (Option<String>, Error)> {
        match map.remove(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err((
                id.clone(),
                Error::FieldType {
                    field,
                    expected: "a string",
                    found: kind_of(&other),
                },
            )),
        }
    };
    let record = Record {
        text: string("text")?,
        html: string("html")?,
        date: date_field(date, &id)?,
        title: string("title")?,
        url: string("url")?,
        source: string("source")?,
        id: None,
    };
    if record.text.is_none() && record.html.is_none() {
        return Err((id, Error::MissingText));
    }
    Ok(Record { id, ..record })
}

/// The `date` field: a string, `null`, or a Unix time.
fn date_field(
    value: Option<Value>,
    id: &Option<String>,
) -> Result<Option<String>, (Option<String>, Error)> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(Value::Number(n)) => unix_date(&n).map(Some).ok_or_else(|| {
            let e = Error::FieldType {
                field: "date",
                expected: "a date string or a Unix time (seconds or milliseconds)",
                found: "another number",
            };
            (id.clone(), e)
        }),
        Some(other) => Err((
            id.clone(),
            Error::FieldType {
                field: "date",
                expected: "a string",
                found: kind_of(&other),
            },
        )),
    }
}

/// A Unix time in seconds (1973-2286) or milliseconds (1973-2286) as
/// `YYYY-MM-DD` (UTC).
fn unix_date(n: &serde_json::Number) -> Option<String> {
    let v = n.as_i64()?;
    let secs = match v {
        100_000_000..=9_999_999_999 => v,
        100_000_000_000..=9_999_999_999_999 => v / 1000,
        _ => return None,
    };
    let dt = chrono::DateTime::from_timestamp(secs, 0)?;
    Some(dt.date_naive().format("%Y-%m-%d").to_string())
}

/// serde_json's message without its "at line 1 column N" (the line is ours
/// to give), with the column kept.
fn json_error(e: &serde_json::Error, line: &str) -> Error {
    let msg = e.to_string();
    let msg = msg
        .rfind(" at line ")
        .and_then(|i| msg.get(..i))
        .unwrap_or(&msg);
    let hint = if e.is_eof() && line.trim_start().starts_with('{') {
        " (a JSON Lines record must be on one line)"
    } else {
        ""
    };
    Error::InvalidJson(format!("{msg} at column {}{hint}", e.column()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], limit: usize) -> Vec<(LineRead, Vec<u8>)> {
        let mut r = io::BufReader::with_capacity(4, input);
        let mut buf = Vec::new();
        let mut out = Vec::new();
        loop {
            let got = read_line_bounded(&mut r, &mut buf, limit).unwrap();
            if got == LineRead::Eof {
                return out;
            }
            out.push((got, buf.clone()));
        }
    }

    #[test]
    fn bounded_lines() {
        let got = lines(b"short\nthis line is long\n\nlast", 8);
        assert_eq!(
            got,
            vec![
                (LineRead::Line, b"short".to_vec()),
                (LineRead::TooLong(17), vec![]),
                (LineRead::Line, vec![]),
                (LineRead::Line, b"last".to_vec()),
            ]
        );
        assert_eq!(lines(b"", 8), vec![]);
        assert_eq!(
            lines(b"0123456789", 8),
            vec![(LineRead::TooLong(10), vec![])]
        );
    }

    #[test]
    fn records() {
        let r = parse_record(r#"{"id": 7, "text": "Hi.", "date": null, "extra": [1]}"#).unwrap();
        assert_eq!(r.id.as_deref(), Some("7"));
        assert_eq!(r.text.as_deref(), Some("Hi."));
        let (id, e) = parse_record(r#"{"id": "a1", "title": "No body"}"#).unwrap_err();
        assert_eq!((id.as_deref(), e), (Some("a1"), Error::MissingText));
        let (_, e) = parse_record(r#"{"id": "a1", "text": 5}"#).unwrap_err();
        assert_eq!(
            e.to_string(),
            "field \"text\" must be a string, found a number"
        );
        let (_, e) = parse_record(r#"{"id": [1], "text": "x"}"#).unwrap_err();
        assert_eq!(
            e.to_string(),
            "field \"id\" must be a string or a number, found an array"
        );
        let (_, e) = parse_record(r#"{"id": "a1", "text": "x""#).unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid JSON: EOF while parsing an object at column 24 \
             (a JSON Lines record must be on one line)"
        );
        let r = parse_record(r#"{"text": "x", "date": 1525651200}"#).unwrap();
        assert_eq!(r.date.as_deref(), Some("2018-05-07"));
        let r = parse_record(r#"{"text": "x", "date": 1525651200000}"#).unwrap();
        assert_eq!(r.date.as_deref(), Some("2018-05-07"));
        let (_, e) = parse_record(r#"{"text": "x", "date": 2018}"#).unwrap_err();
        assert!(e
            .to_string()
            .starts_with("field \"date\" must be a date string or a Unix time"));
        let (_, e) = parse_record("[1, 2]").unwrap_err();
        assert_eq!(e.to_string(), "expected a JSON object, found an array");
    }
}
