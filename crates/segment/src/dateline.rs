//! Datelines: the place, date and agency that open a wire story
//! ("WASHINGTON (AP) —", "SCRANTON, Pa. —", "BEIJING, May 7 (Reuters) -",
//! "NEW YORK, Dec. 30, 2019 /PRNewswire/ --").
//!
//! A dateline is not part of the sentence after it: the sentence splitter
//! ends a sentence after a dateline that opens a line, so that the place is
//! never read as the subject of the first sentence ("SCRANTON, Pa. — The
//! senator criticized the governor" is not an event by Scranton). The
//! ingest stage reads the date of a dateline as the publication date.
//!
//! The English date words used here (`May 7`, `Dec. 30, 2019`,
//! `Monday, 7 May 2018`, `2018-05-07`) are also what the ingest stage reads
//! in metadata strings: [`date_words`] and [`numeric_date`].

use std::ops::Range;

/// A date whose year may be missing (the dateline "May 7").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LooseDate {
    /// The year, when written.
    pub year: Option<i32>,
    /// 1..=12.
    pub month: u32,
    /// 1..=31 (not checked against the month).
    pub day: u32,
}

/// A dateline found at the start of a line by [`dateline`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dateline {
    /// Bytes from the start of the line to the end of the separator
    /// (`—`, `–`, `--`, ` - `), trailing space excluded.
    pub len: usize,
    /// Byte range of the place ("SCRANTON, Pa."), when there is one.
    pub place: Option<Range<usize>>,
    /// The date, when there is one.
    pub date: Option<LooseDate>,
}

/// Separators that end a dateline (the spaced hyphen needs its spaces).
const SEPARATORS: [&str; 6] = [" -- ", " - ", "—", "–", "--", "―"];

/// Longest dateline head looked at, in bytes.
const MAX_HEAD: usize = 160;

/// Most words of a dateline's place ("ST. LOUIS", "SALT LAKE CITY, Utah").
const MAX_PLACE_WORDS: usize = 6;

/// The dateline at the start of `line`, if it has one: a place (all capitals,
/// or capitalised words before an agency and a comma, "Seoul, May 7
/// (Yonhap) -"), a date, or both, then an optional agency in brackets or
/// slashes, then a dash.
///
/// ```
/// use chronicler_segment::dateline::dateline;
/// let line = "SCRANTON, Pa. (AP) — The senator spoke.";
/// let d = dateline(line).unwrap();
/// assert_eq!(&line[..d.len], "SCRANTON, Pa. (AP) —");
/// assert_eq!(&line[d.place.unwrap()], "SCRANTON, Pa.");
/// assert!(dateline("Talks - May 7, 2018.").is_none());
/// ```
pub fn dateline(line: &str) -> Option<Dateline> {
    let (idx, sep) = SEPARATORS
        .iter()
        .filter_map(|sep| line.find(sep).map(|i| (i, *sep)))
        .min_by_key(|&(i, _)| i)
        .filter(|&(i, _)| i <= MAX_HEAD)?;
    let len = idx + sep.trim_end().len();
    // A sentence starts after it ("NATO — the alliance said" is no dateline).
    let next = line.get(len..)?.trim_start().chars().next();
    if next.is_some_and(char::is_lowercase) {
        return None;
    }
    let mut head = line.get(..idx)?.trim();
    let mut agency = false;
    loop {
        head = head.trim_end_matches(',').trim_end();
        let stripped = [('(', ')'), ('/', '/')].iter().find_map(|&(open, close)| {
            let rest = head.strip_suffix(close)?;
            let o = rest.rfind(open)?;
            (rest.len() - o <= 40).then(|| rest.get(..o)).flatten()
        });
        match stripped {
            Some(rest) => {
                head = rest.trim_end();
                agency = true;
            }
            None => break,
        }
    }
    if head.is_empty() {
        return None;
    }
    // `head` is a prefix of the trimmed line: offsets into it are offsets
    // into the line after its leading white space.
    let lead = line.len() - line.trim_start().len();
    let spans = word_spans(head);
    let words: Vec<&str> = spans.iter().map(|r| &head[r.clone()]).collect();
    let place_range = |k: usize| (k > 0).then(|| lead + spans[0].start..lead + spans[k - 1].end);
    for k in 0..=words.len().min(MAX_PLACE_WORDS) {
        let Some((date, used)) = date_words(words.get(k..)?) else {
            continue;
        };
        if k + used != words.len() {
            continue;
        }
        let place = words.get(..k)?;
        if place.is_empty() || place_like(place, agency, head) {
            return Some(Dateline {
                len,
                place: place_range(k),
                date: Some(date),
            });
        }
    }
    (words.len() <= MAX_PLACE_WORDS && place_like(&words, agency, head)).then(|| Dateline {
        len,
        place: place_range(words.len()),
        date: None,
    })
}

/// The end (byte offset in `text`) of a dateline that starts at byte
/// `start` of `text`, looking no further than the line and a bounded head.
pub(crate) fn end_at(text: &str, start: usize) -> Option<usize> {
    let rest = text.get(start..)?;
    let mut cap = rest.len().min(MAX_HEAD + 24);
    while !rest.is_char_boundary(cap) {
        cap -= 1;
    }
    let line = rest.get(..cap)?;
    let line = line.split('\n').next().unwrap_or(line);
    dateline(line).map(|d| start + d.len)
}

/// Byte ranges of the words of `s`, split on white space and commas.
fn word_spans(s: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        let gap = c.is_whitespace() || c == ',';
        match (gap, start) {
            (true, Some(b)) => {
                out.push(b..i);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(b) = start {
        out.push(b..s.len());
    }
    out
}

/// The words of `s`, split on white space and commas (for [`date_words`]).
pub fn words(s: &str) -> Vec<&str> {
    word_spans(s).into_iter().map(|r| &s[r]).collect()
}

/// Words of a dateline's place: "BEIJING", "NEW YORK", "SCRANTON, Pa."
/// (the first word in capitals), or mixed case only when an agency follows
/// and a comma is written ("Seoul, May 7 (Yonhap) -").
fn place_like(words: &[&str], agency: bool, head: &str) -> bool {
    let Some(first) = words.first() else {
        return false;
    };
    let capitalised = words.iter().all(|w| {
        w.chars().next().is_some_and(char::is_uppercase)
            && !w
                .chars()
                .any(|c| c.is_ascii_digit() || "!?:;\"“”".contains(c))
    });
    let all_caps = first.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && first
            .chars()
            .all(|c| !c.is_alphabetic() || c.is_uppercase());
    capitalised && (all_caps || (agency && head.contains(',')))
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// `January`, `Jan`, `Jan.`, `Sept.` (any case) → 1..=12.
fn month(w: &str) -> Option<u32> {
    let w = w.strip_suffix('.').unwrap_or(w);
    if w.len() < 3 || !w.is_ascii() {
        return None;
    }
    let lower = w.to_ascii_lowercase();
    if lower == "sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| *m == lower || (lower.len() == 3 && m.starts_with(lower.as_str())))
        .and_then(|i| u32::try_from(i + 1).ok())
}

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

fn is_weekday(w: &str) -> bool {
    let w = w.strip_suffix('.').unwrap_or(w);
    if w.len() < 3 || !w.is_ascii() {
        return false;
    }
    let lower = w.to_ascii_lowercase();
    WEEKDAYS
        .iter()
        .any(|d| *d == lower || (lower.len() == 3 && d.starts_with(lower.as_str())))
}

/// `7`, `07`, `7th`, `1st` → 1..=31.
fn day(w: &str) -> Option<u32> {
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '.');
    let suffix = w.get(digits.len()..).unwrap_or_default();
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th" | ".") || !(1..=2).contains(&digits.len()) {
        return None;
    }
    let d: u32 = digits.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

fn year(w: &str) -> Option<i32> {
    if w.len() != 4 || !w.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i32 = w.parse().ok()?;
    (1800..=2200).contains(&y).then_some(y)
}

/// A numeric date at the start of `s`: `YYYY-MM-DD` (also with `/` or `.`)
/// or `YYYYMMDD`, followed by nothing, `T`, `_` or a space (then anything),
/// as `(year, month, day)`; month and day are in range but not checked
/// against each other.
pub fn numeric_date(s: &str) -> Option<(i32, u32, u32)> {
    let b = s.as_bytes();
    let digits = |r: Range<usize>| -> Option<u32> {
        let part = b.get(r)?;
        if part.is_empty() || !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        part.iter().try_fold(0u32, |n, &d| {
            n.checked_mul(10)?.checked_add(u32::from(d - b'0'))
        })
    };
    let year = digits(0..4)?;
    let (month, day, end) = match b.get(4) {
        Some(&sep @ (b'-' | b'/' | b'.')) => {
            let m_len = b
                .get(5..)?
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            if !(1..=2).contains(&m_len) || b.get(5 + m_len) != Some(&sep) {
                return None;
            }
            let month = digits(5..5 + m_len)?;
            let d_start = 6 + m_len;
            let d_len = b
                .get(d_start..)?
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            if !(1..=2).contains(&d_len) {
                return None;
            }
            (month, digits(d_start..d_start + d_len)?, d_start + d_len)
        }
        Some(c) if c.is_ascii_digit() => (digits(4..6)?, digits(6..8)?, 8),
        _ => return None,
    };
    match b.get(end) {
        None | Some(b'T' | b't' | b' ' | b'_') => {}
        _ => return None,
    }
    let ok = (1800..=2200).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day);
    ok.then(|| Some((i32::try_from(year).ok()?, month, day)))
        .flatten()
}

/// An English or numeric date at the start of `words` (see [`words`]):
/// `[Weekday] Month Day [Year]`, `[Weekday] Day Month [Year]`, or one
/// numeric date token. Returns the date and the number of words used.
pub fn date_words(words: &[&str]) -> Option<(LooseDate, usize)> {
    let start = usize::from(words.first().is_some_and(|w| is_weekday(w)));
    let first = *words.get(start)?;
    if let Some((year, month, day)) = numeric_date(first) {
        let date = LooseDate {
            year: Some(year),
            month,
            day,
        };
        return Some((date, start + 1));
    }
    let (month, day) = if let Some(m) = month(first) {
        (m, day(words.get(start + 1)?)?)
    } else {
        let d = day(first)?;
        (month(words.get(start + 1)?)?, d)
    };
    let year = words.get(start + 2).and_then(|w| year(w));
    let used = start + 2 + usize::from(year.is_some());
    Some((LooseDate { year, month, day }, used))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(line: &str) -> Option<&str> {
        dateline(line).map(|d| &line[..d.len])
    }

    #[test]
    fn shapes() {
        assert_eq!(
            head("WASHINGTON (AP) — The committee met."),
            Some("WASHINGTON (AP) —")
        );
        assert_eq!(
            head("WASHINGTON — The committee met."),
            Some("WASHINGTON —")
        );
        assert_eq!(head("ST. LOUIS -- Voters waited."), Some("ST. LOUIS --"));
        assert_eq!(
            head("TRENTON, N.J. (AP) - A vote."),
            Some("TRENTON, N.J. (AP) -")
        );
        assert_eq!(
            head("Seoul, May 7 (Yonhap) -- Warm."),
            Some("Seoul, May 7 (Yonhap) --")
        );
        assert_eq!(
            head("May 7, 2018 — The committee met."),
            Some("May 7, 2018 —")
        );
        let line = "NEW YORK, Dec. 30, 2019 /PRNewswire/ -- A vote.";
        let d = dateline(line).unwrap();
        assert_eq!(&line[d.place.clone().unwrap()], "NEW YORK");
        assert_eq!(
            d.date,
            Some(LooseDate {
                year: Some(2019),
                month: 12,
                day: 30
            })
        );
        // ordinary sentences are not datelines
        assert_eq!(head("On May 7, 2018 - a Monday - the talks began."), None);
        assert_eq!(head("Talks - May 7, 2018."), None);
        assert_eq!(head("The senators -- all of them -- agreed."), None);
        assert_eq!(head("Mr. Lee — a veteran — spoke."), None);
        assert_eq!(head("U.S. officials — speaking privately — agreed."), None);
        // mixed-case places need an agency and a comma
        assert_eq!(head("New York — The city slept."), None);
        // a sentence follows the dash
        assert_eq!(head("NATO — the alliance said so."), None);
    }

    #[test]
    fn numeric_and_word_dates() {
        assert_eq!(numeric_date("2018-05-07T09:30"), Some((2018, 5, 7)));
        assert_eq!(numeric_date("20180507"), Some((2018, 5, 7)));
        assert_eq!(numeric_date("2018-13-07"), None);
        assert_eq!(numeric_date("201805071"), None);
        let w = words("Monday, 7 May 2018 10:00");
        assert_eq!(
            date_words(&w),
            Some((
                LooseDate {
                    year: Some(2018),
                    month: 5,
                    day: 7
                },
                4
            ))
        );
        assert_eq!(date_words(&words("May 32")), None);
    }
}
