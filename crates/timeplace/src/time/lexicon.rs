//! The rule tables of the time tagger (`data/time/*.tsv`), parsed once.

use crate::Error;
use chronicler_doc::TimeModifier;
use rustc_hash::FxHashMap;

/// The embedded tables, by file name.
pub(crate) const EMBEDDED: [(&str, &str); 5] = [
    ("words.tsv", include_str!("../../../../data/time/words.tsv")),
    (
        "modifiers.tsv",
        include_str!("../../../../data/time/modifiers.tsv"),
    ),
    (
        "relative.tsv",
        include_str!("../../../../data/time/relative.tsv"),
    ),
    ("tense.tsv", include_str!("../../../../data/time/tense.tsv")),
    (
        "year_context.tsv",
        include_str!("../../../../data/time/year_context.tsv"),
    ),
];

/// A calendar unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

/// A duration unit with its multiplier ("decade" = 10 years).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct UnitSpec {
    pub unit: Unit,
    pub times: u32,
}

/// Seasons in ISO-TimeML spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Season {
    Spring,
    Summer,
    Fall,
    Winter,
}

impl Season {
    pub fn code(self) -> &'static str {
        match self {
            Season::Spring => "SP",
            Season::Summer => "SU",
            Season::Fall => "FA",
            Season::Winter => "WI",
        }
    }
}

/// Everything the tables say about one lower-case word.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct WordInfo {
    pub month: u8,
    pub month_abbr: u8,
    pub weekday: u8,
    pub number: u32,
    pub ordinal: u8,
    pub season: Option<Season>,
    pub unit: Option<UnitSpec>,
    pub decade_word: u8,
    /// +1 future cue, -1 past cue.
    pub tense: i8,
    /// +1 keeps a preceding number a year, -1 makes it a quantity (word
    /// after the number), -2 makes it a label (word before the number).
    pub year_context: i8,
}

/// A multi-word phrase with a payload.
#[derive(Debug, Clone)]
pub(crate) struct Phrase<T> {
    pub words: Vec<&'static str>,
    pub what: T,
}

/// A modifier phrase.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ModRule {
    pub modifier: TimeModifier,
    /// Part of the expression's span ("late March") or only a prefix
    /// ("since 2011").
    pub fuzzy: bool,
}

/// A relative expression.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RelRule {
    pub unit: Unit,
    pub offset: i32,
    /// Counted from the last day-precise date of the text, not the
    /// publication date.
    pub from_last: bool,
}

/// All tables.
#[derive(Debug)]
pub(crate) struct Lexicon {
    pub words: FxHashMap<&'static str, WordInfo>,
    pub modifiers: Vec<Phrase<ModRule>>,
    pub relative: Vec<Phrase<RelRule>>,
}

fn rows(
    file: &'static str,
    text: &'static str,
) -> impl Iterator<Item = (usize, Vec<&'static str>)> {
    let _ = file;
    text.lines().enumerate().filter_map(|(i, l)| {
        let l = l.trim_end_matches('\r');
        if l.trim().is_empty() || l.starts_with('#') {
            None
        } else {
            Some((i + 1, l.split('\t').collect()))
        }
    })
}

fn bad(file: &str, line: usize, message: String) -> Error {
    Error::Table {
        file: file.to_string(),
        line,
        message,
    }
}

fn col<'a>(
    file: &str,
    line: usize,
    cols: &[&'a str],
    i: usize,
    what: &str,
) -> Result<&'a str, Error> {
    cols.get(i)
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .ok_or_else(|| bad(file, line, format!("missing column {} ({what})", i + 1)))
}

fn parse_modifier(s: &str) -> Option<TimeModifier> {
    Some(match s {
        "early" => TimeModifier::Early,
        "mid" => TimeModifier::Mid,
        "late" => TimeModifier::Late,
        "approx" => TimeModifier::Approx,
        "since" => TimeModifier::Since,
        "until" => TimeModifier::Until,
        _ => return None,
    })
}

fn parse_unit(s: &str) -> Option<Unit> {
    Some(match s {
        "day" => Unit::Day,
        "week" => Unit::Week,
        "month" => Unit::Month,
        "quarter" => Unit::Quarter,
        "year" => Unit::Year,
        _ => return None,
    })
}

fn parse_unit_spec(s: &str) -> Option<UnitSpec> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let times = if digits == 0 {
        1
    } else {
        s.get(..digits)?.parse().ok()?
    };
    let unit = match s.get(digits..)? {
        "S" => Unit::Second,
        "MIN" => Unit::Minute,
        "H" => Unit::Hour,
        "D" => Unit::Day,
        "W" => Unit::Week,
        "M" => Unit::Month,
        "Y" => Unit::Year,
        _ => return None,
    };
    Some(UnitSpec { unit, times })
}

impl Lexicon {
    /// Parses the tables given as `(file name, contents)`, in the order of
    /// [`EMBEDDED`].
    pub fn parse(files: &[(&'static str, &'static str); 5]) -> Result<Lexicon, Error> {
        let mut words: FxHashMap<&'static str, WordInfo> = FxHashMap::default();
        let (f, t) = files[0];
        for (line, c) in rows(f, t) {
            let w = col(f, line, &c, 0, "word")?;
            let class = col(f, line, &c, 1, "class")?;
            let v = col(f, line, &c, 2, "value")?;
            let e = words.entry(w).or_default();
            let num = || -> Result<u32, Error> {
                v.parse::<u32>()
                    .map_err(|_| bad(f, line, format!("value `{v}` is not a number")))
            };
            match class {
                "month" => e.month = num()? as u8,
                "month_abbr" => e.month_abbr = num()? as u8,
                "weekday" => e.weekday = num()? as u8,
                "number" => e.number = num()?,
                "ordinal" => e.ordinal = num()? as u8,
                "decade_word" => e.decade_word = num()? as u8,
                "season" => {
                    e.season = Some(match v {
                        "SP" => Season::Spring,
                        "SU" => Season::Summer,
                        "FA" => Season::Fall,
                        "WI" => Season::Winter,
                        _ => {
                            return Err(bad(f, line, format!("season `{v}`, expected SP SU FA WI")))
                        }
                    })
                }
                "unit" => {
                    e.unit = Some(parse_unit_spec(v).ok_or_else(|| {
                        bad(
                            f,
                            line,
                            format!(
                                "unit `{v}`, expected S MIN H D W M Y with an optional multiplier"
                            ),
                        )
                    })?)
                }
                _ => return Err(bad(f, line, format!("unknown class `{class}`"))),
            }
        }
        let (f, t) = files[3];
        for (line, c) in rows(f, t) {
            let w = col(f, line, &c, 0, "word")?.trim_start_matches('\'');
            let tense = match col(f, line, &c, 1, "tense")? {
                "future" => 1,
                "past" => -1,
                o => {
                    return Err(bad(
                        f,
                        line,
                        format!("tense `{o}`, expected future or past"),
                    ))
                }
            };
            words.entry(w).or_default().tense = tense;
        }
        let (f, t) = files[4];
        for (line, c) in rows(f, t) {
            let w = col(f, line, &c, 0, "word")?;
            let v = match col(f, line, &c, 1, "class")? {
                "year" => 1,
                "quantity" => -1,
                "label" => -2,
                o => {
                    return Err(bad(
                        f,
                        line,
                        format!("class `{o}`, expected year, quantity or label"),
                    ))
                }
            };
            words.entry(w).or_default().year_context = v;
        }
        let mut modifiers = Vec::new();
        let (f, t) = files[1];
        for (line, c) in rows(f, t) {
            let p = col(f, line, &c, 0, "phrase")?;
            let m = col(f, line, &c, 1, "modifier")?;
            let modifier = parse_modifier(m).ok_or_else(|| {
                bad(
                    f,
                    line,
                    format!("modifier `{m}`, expected early mid late approx since until"),
                )
            })?;
            let fuzzy = match col(f, line, &c, 2, "where")? {
                "fuzzy" => true,
                "prefix" => false,
                o => {
                    return Err(bad(
                        f,
                        line,
                        format!("where `{o}`, expected fuzzy or prefix"),
                    ))
                }
            };
            modifiers.push(Phrase {
                words: p.split(' ').collect(),
                what: ModRule { modifier, fuzzy },
            });
        }
        let mut relative = Vec::new();
        let (f, t) = files[2];
        for (line, c) in rows(f, t) {
            let p = col(f, line, &c, 0, "phrase")?;
            let u = col(f, line, &c, 1, "unit")?;
            let unit = parse_unit(u).ok_or_else(|| {
                bad(
                    f,
                    line,
                    format!("unit `{u}`, expected day week month quarter year"),
                )
            })?;
            let o = col(f, line, &c, 2, "offset")?;
            let offset = o
                .parse()
                .map_err(|_| bad(f, line, format!("offset `{o}` is not an integer")))?;
            let from_last = match col(f, line, &c, 3, "reference")? {
                "doc" => false,
                "last" => true,
                r => {
                    return Err(bad(
                        f,
                        line,
                        format!("reference `{r}`, expected doc or last"),
                    ))
                }
            };
            relative.push(Phrase {
                words: p.split(' ').collect(),
                what: RelRule {
                    unit,
                    offset,
                    from_last,
                },
            });
        }
        // Longest phrases first, so the first match is the longest.
        modifiers.sort_by_key(|p| std::cmp::Reverse(p.words.len()));
        relative.sort_by_key(|p| std::cmp::Reverse(p.words.len()));
        Ok(Lexicon {
            words,
            modifiers,
            relative,
        })
    }
}
