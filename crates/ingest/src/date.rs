//! Publication dates: from metadata strings (JSON Lines `date`, HTML meta
//! tags) and from a dateline at the start of the text.

use chronicler_segment::dateline::{date_words, dateline, numeric_date, words, LooseDate};
use chrono::{Datelike, NaiveDate};

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
    if let Some((y, m, d)) = numeric_date(s) {
        return NaiveDate::from_ymd_opt(y, m, d);
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc2822(s) {
        return Some(dt.date_naive());
    }
    let words = words(s);
    let (date, _) = date_words(&words)?;
    NaiveDate::from_ymd_opt(date.year?, date.month, date.day)
}

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
        if let Some(d) = dateline(line) {
            return resolve(d.date?, reference);
        }
    }
    None
}

/// A date in a file name: `YYYY-MM-DD`, `YYYY_MM_DD`, `YYYY.MM.DD` or
/// `YYYYMMDD` between 1900 and 2099, not inside a longer run of digits
/// ("breitbart_2016-05-12_trump.txt", "20180507-kim.html").
pub(crate) fn filename_date(name: &str) -> Option<NaiveDate> {
    let b = name.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let num = |a: usize, n: usize| -> Option<u32> {
        (a..a + n)
            .all(digit)
            .then(|| name.get(a..a + n)?.parse().ok())
            .flatten()
    };
    for i in 0..b.len() {
        if i > 0 && digit(i - 1) || !matches!(b.get(i..i + 2), Some(b"19" | b"20")) {
            continue;
        }
        let year = num(i, 4)?;
        let sep = b.get(i + 4).copied();
        let (m, d, end) = match sep {
            Some(s @ (b'-' | b'_' | b'.')) if b.get(i + 7) == Some(&s) => (i + 5, i + 8, i + 10),
            _ => (i + 4, i + 6, i + 8),
        };
        let (Some(month), Some(day)) = (num(m, 2), num(d, 2)) else {
            continue;
        };
        if digit(end) {
            continue;
        }
        if let Some(date) = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day) {
            return Some(date);
        }
    }
    None
}

fn resolve(date: LooseDate, reference: Option<NaiveDate>) -> Option<NaiveDate> {
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
    fn file_names() {
        assert_eq!(
            filename_date("breitbart_2016-05-12_trump.txt"),
            Some(ymd(2016, 5, 12))
        );
        assert_eq!(filename_date("20180507-kim.html"), Some(ymd(2018, 5, 7)));
        assert_eq!(filename_date("x_2019_12_31.txt"), Some(ymd(2019, 12, 31)));
        assert_eq!(filename_date("000_076062065c57b403.txt"), None);
        assert_eq!(filename_date("id-120180507.txt"), None);
        assert_eq!(filename_date("2018-13-07.txt"), None);
        assert_eq!(filename_date("report-2018.txt"), None);
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
