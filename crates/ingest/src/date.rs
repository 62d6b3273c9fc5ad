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
