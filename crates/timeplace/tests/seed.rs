//! Checks on the mission's seed article (skipped when `../shared` is absent).

use chronicler_doc::{Document, Granularity, Meta, NaiveDate, TimeModifier};
use chronicler_timeplace::{PlaceResolver, TimeTagger};

fn seed() -> Option<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/examples/000_076062065c57b403.txt"
    );
    match std::fs::read_to_string(path) {
        Ok(t) => Some(t),
        Err(e) => {
            println!("skipping the seed-article check: cannot read {path}: {e}");
            None
        }
    }
}

fn doc(text: String) -> Document {
    let meta = Meta {
        id: "seed".into(),
        date: NaiveDate::from_ymd_opt(2018, 5, 9),
        ..Meta::default()
    };
    Document::new(meta, text)
}

#[test]
fn seed_times() {
    let Some(text) = seed() else { return };
    let d = doc(text);
    let times = TimeTagger::new().annotate(&d);
    let got: Vec<(&str, &str, Granularity, Option<TimeModifier>)> = times
        .iter()
        .map(|t| {
            (
                d.span_text(t.span),
                t.value.as_str(),
                t.granularity,
                t.modifier,
            )
        })
        .collect();
    let has = |text: &str, value: &str, g: Granularity| {
        assert!(
            got.iter().any(|x| x.0 == text && x.1 == value && x.2 == g),
            "expected {text:?} = {value} ({g:?}) in {got:#?}"
        )
    };
    has("May 7", "2018-05-07", Granularity::Day);
    has("late March", "2018-03", Granularity::Month);
    has("late April", "2018-04", Granularity::Month);
    has("last year", "2017", Granularity::Year);
    has("2011", "2011", Granularity::Year);
    has("2010", "2010", Granularity::Year);
    has("late June or July", "2018-06/2018-07", Granularity::Month);
    has("6 weeks", "P6W", Granularity::Duration);
    for x in &got {
        if x.0.starts_with("late") {
            assert_eq!(x.3, Some(TimeModifier::Late), "{x:?}");
        }
    }
}

#[test]
fn seed_places() {
    let Some(text) = seed() else { return };
    let d = doc(text);
    let places = PlaceResolver::new().annotate(&d);
    for (name, country) in [("Dalian", "CHN"), ("Pyongyang", "PRK"), ("Beijing", "CHN")] {
        let p = places.iter().find(|p| p.name == name);
        assert!(p.is_some(), "{name} not found in {places:#?}");
        assert_eq!(
            p.and_then(|p| p.country.as_deref()),
            Some(country),
            "{name}"
        );
    }
    let p = places
        .iter()
        .find(|p| d.span_text(p.span) == "the peninsula")
        .map(|p| p.name.as_str());
    assert_eq!(p, Some("Korean Peninsula"));
}
