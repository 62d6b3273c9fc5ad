//! Publication dates: from metadata strings (JSON Lines `date`, HTML meta
//! tags) and from a dateline at the start of the text.

use chrono::{Datelike, NaiveDate};

/// A date whose year may be missing (a dateline "May 7").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PartialDate {
    year: Option<i32>,
    month: u32,
    day: u32,
}

/// Reads a date from a metadata string.
///
/// Accepts `YYYY-MM-DD` (also with `/` or `.`), `YYYYMMDD`, both optionally
/// followed by a time (`2018-05-07T09:30:00+09:00`: the date as written,
/// no time-zone conversion), RFC 2822 (`Mon, 07 May 2018 09:30:00 +0900`),
/// and English dates with a year (`May 7, 2018`, `7 May 2018`,
/// `Monday, May 7, 2018 9:30 AM`).
pub(crate) fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Some(d) = parse_numeric(s) {
        return Some(d);
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc2822(s) {
        return Some(dt.date_naive());
    }
    let words = words(s);
    let (date, _) = parse_words(&words)?;
    NaiveDate::from_ymd_opt(date.year?, date.month, date.day)
}

/// Numeric dates: `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYY.MM.DD`, `YYYYMMDD`,
/// each followed by nothing, `T` or a space (then anything).
fn parse_numeric(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
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
    if !(1800..=2200).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// Splits on white space and commas.
fn words(s: &str) -> Vec<&str> {
    s.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect()
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

/// An English or numeric date at the start of `words`: `[Weekday] Month Day
/// [Year]`, `[Weekday] Day Month [Year]`, or one numeric date token.
/// Returns the date and the number of words used.
fn parse_words(words: &[&str]) -> Option<(PartialDate, usize)> {
    let start = usize::from(words.first().is_some_and(|w| is_weekday(w)));
    let first = *words.get(start)?;
    if let Some(d) = parse_numeric(first) {
        let date = PartialDate {
            year: Some(d.year()),
            month: d.month(),
            day: d.day(),
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
    Some((PartialDate { year, month, day }, used))
}

/// Separators that end a dateline.
const SEPARATORS: [&str; 6] = [" -- ", " - ", "—", "–", "--", " ― "];

/// Longest dateline head looked at, in bytes.
const MAX_HEAD: usize = 160;

/// The date of a dateline at the start of `text` ("BEIJING, May 7 (Reuters)
/// -", "May 7, 2018 —"). The first three non-blank lines are tried (a title
/// may come first). A dateline without a year gives a date only with a
/// `reference` date: the year that puts it closest to the reference.
pub(crate) fn dateline_date(text: &str, reference: Option<NaiveDate>) -> Option<NaiveDate> {
    for line in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(3)
    {
        match dateline_in(line) {
            Some(Some(date)) => return resolve(date, reference),
            Some(None) => return None,
            None => {}
        }
    }
    None
}

/// `None`: not a dateline; `Some(None)`: a dateline without date
/// ("WASHINGTON (AP) —"); `Some(Some(date))`: a dated dateline.
fn dateline_in(line: &str) -> Option<Option<PartialDate>> {
    let idx = SEPARATORS
        .iter()
        .filter_map(|sep| line.find(sep))
        .min()
        .filter(|&i| i <= MAX_HEAD)?;
    let mut head = line.get(..idx)?.trim();
    let mut agency = false;
    loop {
        head = head.trim_end_matches(',').trim_end();
        if let Some(rest) = head.strip_suffix(')') {
            if let Some(open) = rest.rfind('(') {
                if rest.len() - open <= 40 {
                    head = rest.get(..open)?.trim_end();
                    agency = true;
                    continue;
                }
            }
        }
        if let Some(rest) = head.strip_suffix('/') {
            if let Some(open) = rest.rfind('/') {
                if rest.len() - open <= 40 {
                    head = rest.get(..open)?.trim_end();
                    agency = true;
                    continue;
                }
            }
        }
        break;
    }
    if head.is_empty() {
        return None;
    }
    let words = words(head);
    for k in 0..=words.len().min(6) {
        let Some((date, used)) = parse_words(words.get(k..)?) else {
            continue;
        };
        if k + used != words.len() {
            continue;
        }
        let place = words.get(..k)?;
        if place.is_empty() || place_like(place, agency, head) {
            return Some(Some(date));
        }
    }
    (words.len() <= 6 && place_like(&words, agency, head)).then_some(None)
}

/// Words of a dateline's place: "BEIJING", "NEW YORK", "Seoul" (mixed
/// case only when an agency follows: "Seoul, May 7 (Yonhap) -").
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

fn resolve(date: PartialDate, reference: Option<NaiveDate>) -> Option<NaiveDate> {
    if let Some(y) = date.year {
        return NaiveDate::from_ymd_opt(y, date.month, date.day);
    }
    let reference = reference?;
    (reference.year() - 1..=reference.year() + 1)
        .filter_map(|y| NaiveDate::from_ymd_opt(y, date.month, date.day))
        .min_by_key(|d| (*d - reference).num_days().abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn metadata_dates() {
        assert_eq!(parse_date("2018-05-07"), Some(ymd(2018, 5, 7)));
        assert_eq!(
            parse_date(" 2018-05-07T23:30:00-04:00 "),
            Some(ymd(2018, 5, 7))
        );
        assert_eq!(parse_date("2018/5/7"), Some(ymd(2018, 5, 7)));
        assert_eq!(parse_date("20180507"), Some(ymd(2018, 5, 7)));
        assert_eq!(
            parse_date("Mon, 07 May 2018 09:30:00 +0900"),
            Some(ymd(2018, 5, 7))
        );
        assert_eq!(parse_date("May 7, 2018"), Some(ymd(2018, 5, 7)));
        assert_eq!(
            parse_date("Monday, 7 May 2018 10:00"),
            Some(ymd(2018, 5, 7))
        );
        assert_eq!(parse_date("Sept. 30, 2019"), Some(ymd(2019, 9, 30)));
        assert_eq!(parse_date("May 7"), None);
        assert_eq!(parse_date("2018-02-30"), None);
        assert_eq!(parse_date("yesterday"), None);
        assert_eq!(parse_date("2018-05"), None);
        assert_eq!(parse_date("201805071"), None);
    }

    #[test]
    fn datelines() {
        let r = Some(ymd(2018, 5, 9));
        assert_eq!(
            dateline_date("BEIJING, May 7 (Reuters) - Talks began.", r),
            Some(ymd(2018, 5, 7))
        );
        assert_eq!(
            dateline_date("BEIJING, May 7 (Reuters) - Talks began.", None),
            None
        );
        assert_eq!(
            dateline_date("WASHINGTON (AP) — The committee met.", r),
            None
        );
        assert_eq!(
            dateline_date("May 7, 2018 — The committee met.", None),
            Some(ymd(2018, 5, 7))
        );
        assert_eq!(
            dateline_date(
                "Port Council votes\n\nNEW YORK, Dec. 30, 2019 /PRNewswire/ -- A vote.",
                None
            ),
            Some(ymd(2019, 12, 30))
        );
        // Year chosen closest to the reference, across a new year.
        assert_eq!(
            dateline_date("SEOUL, Dec. 30 (Yonhap) -- Cold.", Some(ymd(2019, 1, 2))),
            Some(ymd(2018, 12, 30))
        );
        assert_eq!(
            dateline_date("Seoul, May 7 (Yonhap) -- Warm.", r),
            Some(ymd(2018, 5, 7))
        );
        // Ordinary sentences are not datelines.
        assert_eq!(
            dateline_date("On May 7, 2018 - a Monday - the talks began.", None),
            None
        );
        assert_eq!(dateline_date("Talks - May 7, 2018.", None), None);
    }
}
