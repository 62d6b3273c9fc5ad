//! The data-driven temporal test cases of `cases.tsv`.

use chronicler_doc::{Granularity, NaiveDate, TimeModifier};
use chronicler_timeplace::TimeTagger;

fn granularity(s: &str) -> Option<Granularity> {
    Some(match s {
        "day" => Granularity::Day,
        "week" => Granularity::Week,
        "month" => Granularity::Month,
        "season" => Granularity::Season,
        "quarter" => Granularity::Quarter,
        "year" => Granularity::Year,
        "decade" => Granularity::Decade,
        "century" => Granularity::Century,
        "time" => Granularity::Time,
        "duration" => Granularity::Duration,
        "set" => Granularity::Set,
        _ => return None,
    })
}

fn modifier(s: &str) -> Option<TimeModifier> {
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

#[test]
fn temporal_cases() {
    let tagger = TimeTagger::new();
    let table = include_str!("cases.tsv");
    let mut failures = Vec::new();
    let mut total = 0;
    for (n, line) in table.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        total += 1;
        let c: Vec<&str> = line.split('\t').collect();
        assert_eq!(c.len(), 6, "cases.tsv:{}: 6 columns expected", n + 1);
        let (sentence, anchor, text, value, gran, modi) = (c[0], c[1], c[2], c[3], c[4], c[5]);
        let anchor = if anchor == "-" {
            None
        } else {
            Some(NaiveDate::parse_from_str(anchor, "%Y-%m-%d").expect("anchor date in cases.tsv"))
        };
        let found = tagger.find(sentence, anchor);
        let shown: Vec<String> = found
            .iter()
            .map(|t| {
                format!(
                    "{:?}={} {:?} {:?}",
                    t.span.slice(sentence),
                    t.value,
                    t.granularity,
                    t.modifier
                )
            })
            .collect();
        if let Some(neg) = text.strip_prefix('!') {
            let Some(at) = sentence.find(neg) else {
                failures.push(format!(
                    "cases.tsv:{}: `{neg}` is not in the sentence",
                    n + 1
                ));
                continue;
            };
            let bad = found
                .iter()
                .any(|t| t.span.start() < at + neg.len() && at < t.span.end());
            if bad {
                failures.push(format!(
                    "cases.tsv:{}: {sentence:?}: expected nothing on `{neg}`, found {shown:?}",
                    n + 1
                ));
            }
            continue;
        }
        let want_g = granularity(gran);
        let want_m = modifier(modi);
        let ok = found.iter().any(|t| {
            t.span.slice(sentence) == text
                && t.value == value
                && Some(t.granularity) == want_g
                && t.modifier == want_m
        });
        if !ok {
            failures.push(format!(
                "cases.tsv:{}: {sentence:?} (anchor {anchor:?}): expected {text:?}={value} {gran} {modi}, found {shown:?}",
                n + 1
            ));
        }
    }
    println!("{} of {total} temporal cases pass", total - failures.len());
    assert!(total >= 150, "only {total} cases");
    assert!(
        failures.is_empty(),
        "{} of {total} cases fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
