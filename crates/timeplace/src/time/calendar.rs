//! Calendar arithmetic and ISO-like value formatting.

use super::lexicon::{Season, Unit};
use chronicler_doc::Granularity;
use chrono::{Datelike, Days, NaiveDate};
use std::fmt::Write;

/// Which way a reader places a month or weekday named without a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tense {
    Past,
    Future,
    Unknown,
}

/// A resolved time value before formatting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Val {
    Day(NaiveDate),
    /// A day and a time of day (hour, minute).
    Time(NaiveDate, u32, u32),
    Week(NaiveDate),
    Month(i32, u32),
    Season(i32, Season),
    Quarter(i32, u32),
    Year(i32),
    /// First three digits of the decade's years (`199` for the 1990s).
    Decade(i32),
    /// First two digits of the century's years (`19` for the 20th century).
    Century(i32),
    Duration(String),
    Set(String),
    Range(Box<Val>, Box<Val>),
}

impl Val {
    /// A range from `a`'s start to `b`'s end.
    pub fn range(a: Val, b: Val) -> Val {
        let a = match a {
            Val::Range(x, _) => *x,
            v => v,
        };
        let b = match b {
            Val::Range(_, y) => *y,
            v => v,
        };
        Val::Range(Box::new(a), Box::new(b))
    }

    /// True for values that place something in time (not durations, sets).
    pub fn is_point(&self) -> bool {
        !matches!(self, Val::Duration(_) | Val::Set(_))
    }

    pub fn granularity(&self) -> Granularity {
        match self {
            Val::Day(_) => Granularity::Day,
            Val::Time(..) => Granularity::Time,
            Val::Week(_) => Granularity::Week,
            Val::Month(..) => Granularity::Month,
            Val::Season(..) => Granularity::Season,
            Val::Quarter(..) => Granularity::Quarter,
            Val::Year(_) => Granularity::Year,
            Val::Decade(_) => Granularity::Decade,
            Val::Century(_) => Granularity::Century,
            Val::Duration(_) => Granularity::Duration,
            Val::Set(_) => Granularity::Set,
            Val::Range(a, _) => a.granularity(),
        }
    }

    pub fn write(&self, out: &mut String) {
        let _ = match self {
            Val::Day(d) => write!(out, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
            Val::Time(d, h, m) => write!(
                out,
                "{:04}-{:02}-{:02}T{h:02}:{m:02}",
                d.year(),
                d.month(),
                d.day()
            ),
            Val::Week(d) => {
                let w = d.iso_week();
                write!(out, "{:04}-W{:02}", w.year(), w.week())
            }
            Val::Month(y, m) => write!(out, "{y:04}-{m:02}"),
            Val::Season(y, s) => write!(out, "{y:04}-{}", s.code()),
            Val::Quarter(y, q) => write!(out, "{y:04}-Q{q}"),
            Val::Year(y) => write!(out, "{y:04}"),
            Val::Decade(d) => write!(out, "{d:03}X"),
            Val::Century(c) => write!(out, "{c:02}XX"),
            Val::Duration(s) | Val::Set(s) => write!(out, "{s}"),
            Val::Range(a, b) => {
                a.write(out);
                out.push('/');
                b.write(out);
                Ok(())
            }
        };
    }

    /// The first day the value covers (for reference tracking).
    pub fn first_day(&self) -> Option<NaiveDate> {
        match self {
            Val::Day(d) | Val::Week(d) | Val::Time(d, ..) => Some(*d),
            Val::Month(y, m) => NaiveDate::from_ymd_opt(*y, *m, 1),
            Val::Quarter(y, q) => NaiveDate::from_ymd_opt(*y, (q - 1) * 3 + 1, 1),
            Val::Year(y) => NaiveDate::from_ymd_opt(*y, 1, 1),
            _ => None,
        }
    }
}

/// Adds `n` months to year `y`, month `m`.
pub(crate) fn add_months(y: i32, m: u32, n: i32) -> (i32, u32) {
    let t = y * 12 + (m as i32 - 1) + n;
    (t.div_euclid(12), (t.rem_euclid(12) + 1) as u32)
}

/// Moves a date by `n` days (saturating to the date itself on overflow).
pub(crate) fn add_days(d: NaiveDate, n: i64) -> NaiveDate {
    let r = if n >= 0 {
        d.checked_add_days(Days::new(n as u64))
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs()))
    };
    r.unwrap_or(d)
}

/// The anchor moved by `n` units, at that unit's precision.
pub(crate) fn shift(anchor: NaiveDate, unit: Unit, n: i32) -> Val {
    match unit {
        Unit::Second | Unit::Minute | Unit::Hour | Unit::Day => {
            Val::Day(add_days(anchor, n as i64))
        }
        Unit::Week => Val::Week(add_days(anchor, 7 * n as i64)),
        Unit::Month => {
            let (y, m) = add_months(anchor.year(), anchor.month(), n);
            Val::Month(y, m)
        }
        Unit::Quarter => {
            let q = (anchor.month() - 1) / 3;
            let t = anchor.year() * 4 + q as i32 + n;
            Val::Quarter(t.div_euclid(4), (t.rem_euclid(4) + 1) as u32)
        }
        Unit::Year => Val::Year(anchor.year() + n),
    }
}

/// Year of a month named without one.
pub(crate) fn month_year(anchor: NaiveDate, m: u32, tense: Tense) -> i32 {
    let (ay, am) = (anchor.year(), anchor.month());
    match tense {
        Tense::Past => {
            if m <= am {
                ay
            } else {
                ay - 1
            }
        }
        Tense::Future => {
            if m >= am {
                ay
            } else {
                ay + 1
            }
        }
        Tense::Unknown => {
            let here = ay * 12 + am as i32;
            [ay - 1, ay, ay + 1]
                .into_iter()
                .min_by_key(|y| ((y * 12 + m as i32) - here).abs())
                .unwrap_or(ay)
        }
    }
}

/// Date of a day and month named without a year.
pub(crate) fn day_date(anchor: NaiveDate, m: u32, d: u32, tense: Tense) -> Option<NaiveDate> {
    let ay = anchor.year();
    let at = |y: i32| NaiveDate::from_ymd_opt(y, m, d);
    match tense {
        Tense::Past => at(ay).filter(|x| *x <= anchor).or_else(|| at(ay - 1)),
        Tense::Future => at(ay).filter(|x| *x >= anchor).or_else(|| at(ay + 1)),
        Tense::Unknown => [ay - 1, ay, ay + 1]
            .into_iter()
            .filter_map(at)
            .min_by_key(|x| {
                (
                    x.signed_duration_since(anchor).num_days().abs(),
                    *x > anchor,
                )
            }),
    }
}

/// Which weekday named: plain, `last`, `next` or `this`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Which {
    Plain(Tense),
    Last,
    Next,
    This,
}

/// Date of a weekday (1 = Monday) relative to the anchor.
pub(crate) fn weekday_date(anchor: NaiveDate, wd: u32, which: Which) -> NaiveDate {
    let aw = anchor.weekday().number_from_monday() as i64;
    let wd = wd as i64;
    let back = (aw - wd).rem_euclid(7);
    let fwd = (wd - aw).rem_euclid(7);
    match which {
        Which::Plain(Tense::Future) => add_days(anchor, fwd),
        Which::Plain(_) => add_days(anchor, -back),
        Which::Last => add_days(anchor, -(if back == 0 { 7 } else { back })),
        Which::Next => add_days(anchor, if fwd == 0 { 7 } else { fwd }),
        Which::This => add_days(anchor, wd - aw),
    }
}

fn season_index(s: Season) -> i32 {
    match s {
        Season::Spring => 0,
        Season::Summer => 1,
        Season::Fall => 2,
        Season::Winter => 3,
    }
}

/// The season the anchor lies in, as (season year, index).
fn season_now(anchor: NaiveDate) -> (i32, i32) {
    match anchor.month() {
        3..=5 => (anchor.year(), 0),
        6..=8 => (anchor.year(), 1),
        9..=11 => (anchor.year(), 2),
        12 => (anchor.year(), 3),
        _ => (anchor.year() - 1, 3),
    }
}

/// Year of a season named relative to the anchor.
pub(crate) fn season_year(anchor: NaiveDate, s: Season, which: Which) -> i32 {
    let (cy, ci) = season_now(anchor);
    let si = season_index(s);
    match which {
        Which::Last => {
            if si < ci {
                cy
            } else {
                cy - 1
            }
        }
        Which::Plain(Tense::Past) => {
            if si <= ci {
                cy
            } else {
                cy - 1
            }
        }
        Which::Next => {
            if si > ci {
                cy
            } else {
                cy + 1
            }
        }
        Which::Plain(Tense::Future) => {
            if si >= ci {
                cy
            } else {
                cy + 1
            }
        }
        _ => {
            if si == 3 && ci == 3 {
                cy
            } else {
                anchor.year()
            }
        }
    }
}

/// Year of a quarter named without one.
pub(crate) fn quarter_year(anchor: NaiveDate, q: u32, tense: Tense) -> i32 {
    let cq = (anchor.month() - 1) / 3 + 1;
    match tense {
        Tense::Past if q > cq => anchor.year() - 1,
        Tense::Future if q < cq => anchor.year() + 1,
        _ => anchor.year(),
    }
}

/// An ISO 8601 duration for `n` (or an unknown number, `None`) units.
pub(crate) fn duration(n: Option<u32>, unit: Unit, times: u32) -> String {
    let (t, u) = match unit {
        Unit::Second => ("T", "S"),
        Unit::Minute => ("T", "M"),
        Unit::Hour => ("T", "H"),
        Unit::Day => ("", "D"),
        Unit::Week => ("", "W"),
        Unit::Month => ("", "M"),
        Unit::Quarter => ("", "Q"),
        Unit::Year => ("", "Y"),
    };
    match n {
        Some(n) => format!("P{t}{}{u}", n.saturating_mul(times)),
        None => format!("P{t}X{u}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn months_and_days_follow_tense() {
        let a = d(2018, 5, 9);
        assert_eq!(month_year(a, 3, Tense::Past), 2018);
        assert_eq!(month_year(a, 7, Tense::Past), 2017);
        assert_eq!(month_year(a, 3, Tense::Future), 2019);
        assert_eq!(month_year(a, 12, Tense::Unknown), 2017);
        assert_eq!(day_date(a, 5, 12, Tense::Past), Some(d(2017, 5, 12)));
        assert_eq!(day_date(a, 5, 12, Tense::Unknown), Some(d(2018, 5, 12)));
        assert_eq!(day_date(a, 2, 30, Tense::Past), None);
    }

    #[test]
    fn weekdays_seasons_shifts() {
        let a = d(2018, 5, 9); // a Wednesday
        assert_eq!(weekday_date(a, 1, Which::Plain(Tense::Past)), d(2018, 5, 7));
        assert_eq!(
            weekday_date(a, 1, Which::Plain(Tense::Future)),
            d(2018, 5, 14)
        );
        assert_eq!(weekday_date(a, 3, Which::Last), d(2018, 5, 2));
        assert_eq!(weekday_date(a, 5, Which::This), d(2018, 5, 11));
        assert_eq!(season_year(a, Season::Summer, Which::Last), 2017);
        assert_eq!(season_year(a, Season::Winter, Which::Last), 2017);
        assert_eq!(season_year(a, Season::Summer, Which::Next), 2018);
        assert_eq!(add_months(2018, 1, -2), (2017, 11));
        let mut s = String::new();
        shift(a, Unit::Week, -1).write(&mut s);
        assert_eq!(s, "2018-W18");
        assert_eq!(duration(Some(3), Unit::Year, 10), "P30Y");
        assert_eq!(duration(None, Unit::Hour, 1), "PTXH");
    }
}
